//! One attached widget: its state, its listeners, and the single `refresh` path every event
//! goes through (read fields → core verdict → render → event).

use super::fields::{self, Fields};
#[cfg(feature = "journeys")]
use super::journey::JourneyHandle;
use super::view::{self, ConfirmStatus, Panel, PasswordExtras};
use crate::config::Config;
use crate::messages::Msg;
use crate::policy::Inputs;
use super::estimator::{self, Estimator};
use crate::policy::Policy;
use crate::strength::Strength;
use std::borrow::Cow;
use crate::verdict::{self, Verdict};
use gloo_events::{EventListener, EventListenerOptions, EventListenerPhase};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, Element, Event, HtmlInputElement, KeyboardEvent};

/// The handle `attach()` returns. `destroy()` removes every listener and element it added.
#[wasm_bindgen]
pub struct Widget {
    state: Option<Rc<RefCell<State>>>,
    listeners: Vec<EventListener>,
    #[cfg(feature = "journeys")]
    journey: Option<JourneyHandle>,
    /// The root and the inputs this widget enhances, marked as taken until `destroy()`.
    claim: Option<Claim>,
}

/// One element, one widget. The root and every input a widget enhances carry a mark until it
/// is destroyed, so a second `attach()` that would reach them (the same root, or another root
/// around the same inputs) is refused instead of drawing a second checklist and more toggles.
/// The mark is a property under a registered symbol: every build of the widget on the page (each
/// its own WebAssembly instance) sees it, and the page's HTML does not change.
pub(super) struct Claim(Vec<Element>);

impl Claim {
    pub(super) fn take(elements: Vec<Element>) -> Result<Claim, JsError> {
        let mark = claim_mark();
        if let Some(taken) = elements.iter().find(|el| js_sys::Reflect::has(el, &mark).unwrap_or(false)) {
            let id = taken.id();
            let id = if id.is_empty() { String::new() } else { format!(" id={}", crate::config::quoted(&id)) };
            return Err(JsError::new(&format!(
                "attach: <{}{id}> already has a widget (from an earlier attach()); destroy() that one first",
                taken.tag_name().to_ascii_lowercase()
            )));
        }
        for el in &elements {
            let _ = js_sys::Reflect::set(el, &mark, &JsValue::TRUE);
        }
        Ok(Claim(elements))
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        let mark = claim_mark();
        for el in &self.0 {
            let _ = js_sys::Reflect::delete_property(el.unchecked_ref::<js_sys::Object>(), &mark);
        }
    }
}

fn claim_mark() -> JsValue {
    js_sys::Symbol::for_("hmis-onboard.widget").into()
}

struct State {
    config: Config,
    fields: Fields,
    panel: Option<Panel>,
    confirm_status: Option<ConfirmStatus>,
    extras: Vec<PasswordExtras>,
    /// Each input whose `aria-describedby` we extended (the new password with the checklist,
    /// the confirmation with its status), and what it was before.
    described_by: Vec<(HtmlInputElement, Option<String>)>,
    /// The last strength estimate and the exact inputs it was made for.
    estimate: Option<(EstimateKey, Strength)>,
    verdict: Option<Verdict>,
    estimator: Estimator,
    /// A scheduled in-thread estimate; replacing it cancels the previous one, so fast typing
    /// coalesces.
    pending: Option<Timeout>,
    /// A worker estimate is on its way; the next one is asked for when it is back.
    in_flight: bool,
    /// The estimator failed to load: strength is not shown, and `minStrength` is left to the
    /// backend rather than blocking the person.
    unavailable: bool,
    /// `destroy()` ran (perhaps from the host's verdict listener): ask for no more estimates.
    destroyed: bool,
    /// What `setCustomValidity` was last given: (every rule met, the confirmation matches).
    validity: Option<(bool, bool)>,
    /// The verdict event's `detail`, built from the parts that changed.
    details: super::value::Details,
}

#[derive(PartialEq)]
struct EstimateKey {
    password: String,
    context: Vec<String>,
}

#[wasm_bindgen]
impl Widget {
    /// Removes every listener, every element the widget added and every attribute it changed.
    /// Calling it twice is harmless.
    pub fn destroy(&mut self) {
        #[cfg(feature = "journeys")]
        if let Some(journey) = self.journey.take() {
            journey.destroy();
        }
        self.listeners.clear();
        self.claim = None;
        let Some(rc) = self.state.take() else { return };
        let mut s = rc.borrow_mut();
        s.pending = None;
        s.destroyed = true;
        for extra in &s.extras {
            extra.set_visible(false);
            extra.remove();
        }
        if let Some(panel) = &s.panel {
            panel.root.remove();
        }
        if let Some(status) = &s.confirm_status {
            status.el.remove();
        }
        for input in [&s.fields.new_password, &s.fields.confirm].into_iter().flatten() {
            input.set_custom_validity("");
        }
        for (input, old) in &s.described_by {
            let _ = match old {
                Some(old) => input.set_attribute("aria-describedby", old),
                None => input.remove_attribute("aria-describedby"),
            };
        }
    }

    /// The current verdict (the `detail` of the last `hmis-onboard:verdict` event), or `null`
    /// when there is no new-password field.
    pub fn verdict(&self) -> JsValue {
        let Some(rc) = &self.state else { return JsValue::NULL };
        let mut s = rc.borrow_mut();
        let Some(verdict) = s.verdict.clone() else { return JsValue::NULL };
        s.details.of(&verdict)
    }

    /// Re-reads the fields, for hosts that set values from script (which fires no event).
    pub fn refresh(&self) {
        if let Some(rc) = &self.state {
            refresh(rc);
        }
    }
}

impl Widget {
    pub(super) fn attach(root: Element, config: Config, estimator: Estimator) -> Result<Widget, JsError> {
        let doc = root.owner_document().ok_or_else(|| JsError::new("the root element is not in a document"))?;
        let fields = fields::find(&root, &config.fields)?;
        let claim = Claim::take(std::iter::once(root.clone()).chain(fields.passwords.iter().map(|i| i.clone().into())).collect())?;
        let extras = fields.passwords.iter().map(|input| PasswordExtras::build(&doc, input, &config.catalog)).collect();
        let mut state = State {
            config,
            fields,
            panel: None,
            confirm_status: None,
            extras,
            described_by: Vec::new(),
            estimate: None,
            verdict: None,
            unavailable: matches!(estimator, Estimator::Unavailable),
            estimator,
            pending: None,
            in_flight: false,
            destroyed: false,
            validity: None,
            details: Default::default(),
        };
        if let Some(new) = state.fields.new_password.clone() {
            let verdict = state.judge(&state.values(), None);
            let after = state.extras.iter().find(|x| x.input == new).map(|x| x.capslock.clone());
            let after: &Element = after.as_ref().unwrap_or(&new);
            let panel = Panel::build(&doc, after, &verdict, &state.config.catalog, state.config.show_strength);
            state.describe(&new, &panel.rules_id);
            state.panel = Some(panel);
            if let Some(confirm) = state.fields.confirm.clone() {
                let after = state.extras.iter().find(|x| x.input == confirm).map(|x| x.capslock.clone());
                let status = ConfirmStatus::build(&doc, after.as_ref().unwrap_or(&confirm));
                // A refused submit focuses the confirmation: it says why ("do not match yet").
                state.describe(&confirm, &status.id);
                state.confirm_status = Some(status);
            }
        }
        state.mark_language();
        let rc = Rc::new(RefCell::new(state));
        let listeners = listen(&rc);
        refresh(&rc);
        Ok(Widget {
            state: Some(rc),
            listeners,
            #[cfg(feature = "journeys")]
            journey: None,
            claim: Some(claim),
        })
    }

    #[cfg(feature = "journeys")]
    pub(super) fn journey(handle: JourneyHandle, claim: Claim) -> Widget {
        Widget { state: None, listeners: Vec::new(), journey: Some(handle), claim: Some(claim) }
    }
}

/// The fields' values, read once per event: each read crosses into JS and copies the string.
struct Values {
    password: String,
    username: String,
    current: String,
    confirm: Option<String>,
}

impl State {
    /// Adds the element `id` to what describes `input`, keeping what the host had there.
    fn describe(&mut self, input: &HtmlInputElement, id: &str) {
        let old = input.get_attribute("aria-describedby");
        let described = match &old {
            Some(old) => format!("{old} {id}"),
            None => id.to_owned(),
        };
        view::set(input, "aria-describedby", &described);
        self.described_by.push((input.clone(), old));
    }

    fn values(&self) -> Values {
        let value = |f: &Option<HtmlInputElement>| f.as_ref().map(|i| i.value()).unwrap_or_default();
        Values {
            password: value(&self.fields.new_password),
            username: value(&self.fields.username),
            current: value(&self.fields.current),
            confirm: self.fields.confirm.as_ref().map(|i| i.value()),
        }
    }

    fn estimate_key(&self, v: &Values) -> EstimateKey {
        let mut context = vec![v.username.clone(), v.current.clone()];
        context.extend(self.config.policy.context_words.iter().cloned());
        EstimateKey { password: v.password.clone(), context }
    }

    fn wants_strength(&self) -> bool {
        self.config.show_strength || self.config.policy.min_strength.is_some()
    }

    /// The estimate for `v`, if it has been made (compared without building a new key).
    fn current_estimate(&self, v: &Values) -> Option<&Strength> {
        let (key, strength) = self.estimate.as_ref()?;
        let words = &self.config.policy.context_words;
        let same = key.password == v.password
            && key.context.len() == 2 + words.len()
            && key.context[0] == v.username
            && key.context[1] == v.current
            && key.context[2..] == words[..];
        same.then_some(strength)
    }

    #[cfg(feature = "strength")]
    fn estimate_now(&mut self) {
        let key = self.estimate_key(&self.values());
        let context: Vec<&str> = key.context.iter().map(String::as_str).collect();
        let strength = crate::strength::estimate(&key.password, &context);
        self.estimate = Some((key, strength));
    }

    fn judge(&self, v: &Values, strength: Option<&Strength>) -> Verdict {
        let inputs = Inputs { password: &v.password, username: &v.username, current: &v.current };
        let strength = strength.filter(|_| !v.password.is_empty());
        let policy = if self.unavailable && self.config.policy.min_strength.is_some() {
            Cow::Owned(Policy { min_strength: None, ..self.config.policy.clone() })
        } else {
            Cow::Borrowed(&self.config.policy)
        };
        verdict::judge(&policy, &self.config.catalog, inputs, v.confirm.as_deref(), strength)
    }

    /// Renders the fields' verdict; returns it when it should go out as an event, and the
    /// estimate still owed, if any. Writes only what changed since the last render: most
    /// events (a keystroke, a strength result) change one or two things on screen.
    fn render(&mut self) -> Option<(Verdict, Option<EstimateKey>)> {
        let new = self.fields.new_password.clone()?;
        let values = self.values();
        let password_empty = values.password.is_empty();
        let strength = self.current_estimate(&values).cloned();
        let pending = self.wants_strength() && !self.unavailable && !password_empty && strength.is_none();
        let verdict = self.judge(&values, strength.as_ref());
        let catalog = &self.config.catalog;
        let announcement = verdict.announcement(self.verdict.as_ref(), catalog);
        if let Some(panel) = &self.panel {
            panel.render(&verdict, pending, password_empty, &announcement, catalog);
            if self.unavailable {
                panel.strength_unavailable(catalog);
                panel.strength_rule_by_server(catalog);
            }
        }
        // A new password left empty where it is not required ("leave blank to keep your
        // password") sends none: nothing to guard. Nor is anything guarded when the host says so.
        let unguarded = !self.config.submit_guard || self.left_blank(&values);
        let rules_met = unguarded || verdict.rules.iter().all(|r| r.met);
        let matches = unguarded || verdict.confirm_matches == Some(true);
        // setCustomValidity only when the answer changes: each call crosses into JS, and the
        // messages are fixed.
        if self.validity != Some((rules_met, matches)) {
            if self.validity.map(|(r, _)| r) != Some(rules_met) {
                new.set_custom_validity(&if rules_met { String::new() } else { catalog.text(Msg::ValidityPolicy, &[]) });
            }
            if let Some(confirm) = &self.fields.confirm {
                if self.validity.map(|(_, m)| m) != Some(matches) {
                    confirm.set_custom_validity(&if matches { String::new() } else { catalog.text(Msg::ValidityConfirm, &[]) });
                }
            }
            self.validity = Some((rules_met, matches));
        }
        if let (Some(confirm), Some(status)) = (&values.confirm, &self.confirm_status) {
            status.render(confirm, matches, catalog);
        }
        let owed = pending.then(|| self.estimate_key(&values));
        self.verdict = Some(verdict.clone());
        Some((verdict, owed))
    }

    /// Whether the new password (and its confirmation) is empty and not `required`: a form that
    /// changes the password only when one is given.
    fn left_blank(&self, values: &Values) -> bool {
        let optional = self.fields.new_password.as_ref().is_some_and(|i| !i.required());
        optional && values.password.is_empty() && values.confirm.as_deref().unwrap_or("").is_empty()
    }

    /// Every element the widget added says its language, for screen readers' pronunciation
    /// (the catalog's may differ from the page's).
    fn mark_language(&self) {
        let lang = self.config.locale.as_str();
        for extra in &self.extras {
            view::set(&extra.toggle, "lang", lang);
            view::set(&extra.capslock, "lang", lang);
        }
        if let Some(panel) = &self.panel {
            view::set(&panel.root, "lang", lang);
        }
        if let Some(status) = &self.confirm_status {
            view::set(&status.el, "lang", lang);
        }
    }

    /// Where focus goes when a submit is refused: the first unmet rule, else the confirmation.
    fn focus_problem(&self) {
        let Some(verdict) = &self.verdict else { return };
        match verdict.first_unmet() {
            Some(id) => {
                if let Some(item) = self.panel.as_ref().and_then(|p| p.item(id)) {
                    view::focus(item);
                }
            }
            None => {
                if let Some(confirm) = &self.fields.confirm {
                    view::focus(confirm);
                }
            }
        }
    }
}

/// The one path from "something changed" to screen and event.
fn refresh(rc: &Rc<RefCell<State>>) {
    let rendered = rc.borrow_mut().render();
    let Some((verdict, owed)) = rendered else { return };
    // Dispatch with no borrow held: the host's listener may call back into the widget.
    let target = rc.borrow().fields.new_password.clone();
    if let Some(target) = target {
        let detail = rc.borrow_mut().details.of(&verdict);
        dispatch(&target, "hmis-onboard:verdict", &detail);
    }
    // Only then ask for the estimate: the first request starts the worker, which is not free,
    // and the checklist's verdict (on screen already) should not wait for it (issue 4, 5a).
    if let Some(key) = owed {
        if !rc.borrow().destroyed {
            schedule(rc, key);
        }
    }
}

/// Gets an estimate for the fields as they are now, off the keystroke's own task.
fn schedule(rc: &Rc<RefCell<State>>, key: EstimateKey) {
    let estimator = rc.borrow().estimator.clone();
    let weak = Rc::downgrade(rc);
    match estimator {
        #[cfg(feature = "strength")]
        Estimator::InThread => {
            rc.borrow_mut().pending = Some(Timeout::new(0, move || {
                let Some(rc) = weak.upgrade() else { return };
                {
                    let mut s = rc.borrow_mut();
                    s.pending = None;
                    s.estimate_now();
                }
                refresh(&rc);
            }));
        }
        Estimator::Function(f) => {
            let (key, promise) = {
                let mut s = rc.borrow_mut();
                if s.in_flight {
                    return;
                }
                match Estimator::request(&f, &key.password, &key.context) {
                    Ok(promise) => {
                        s.in_flight = true;
                        (key, promise)
                    }
                    Err(_) => return give_up(rc),
                }
            };
            wasm_bindgen_futures::spawn_local(async move {
                let result = wasm_bindgen_futures::JsFuture::from(promise).await;
                let Some(rc) = weak.upgrade() else { return };
                let strength = result.ok().as_ref().and_then(estimator::from_js);
                {
                    let mut s = rc.borrow_mut();
                    s.in_flight = false;
                    match strength {
                        Some(strength) => s.estimate = Some((key, strength)),
                        None => s.unavailable = true,
                    }
                }
                if rc.borrow().unavailable {
                    web_sys::console::warn_1(&"hmis-onboard: the strength estimator did not answer; strength is off.".into());
                }
                refresh(&rc);
            });
        }
        Estimator::Unavailable => {}
    }
}

fn give_up(rc: &Rc<RefCell<State>>) {
    rc.borrow_mut().unavailable = true;
    refresh(rc);
}

pub(super) fn dispatch(target: &Element, name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}

fn listen(rc: &Rc<RefCell<State>>) -> Vec<EventListener> {
    let s = rc.borrow();
    let mut listeners = Vec::new();
    let on_change = |target: &HtmlInputElement, listeners: &mut Vec<EventListener>| {
        for name in ["input", "change"] {
            let weak = Rc::downgrade(rc);
            listeners.push(EventListener::new(target, name, move |_| {
                if let Some(rc) = weak.upgrade() {
                    refresh(&rc);
                }
            }));
        }
    };
    if s.fields.new_password.is_some() {
        let fields = &s.fields;
        for input in [&fields.new_password, &fields.confirm, &fields.current, &fields.username].into_iter().flatten() {
            on_change(input, &mut listeners);
        }
    }
    for (index, extra) in s.extras.iter().enumerate() {
        for name in ["keydown", "keyup"] {
            let weak = Rc::downgrade(rc);
            listeners.push(EventListener::new(&extra.input, name, move |e| {
                let Some(key) = e.dyn_ref::<KeyboardEvent>() else { return };
                if let Some(rc) = weak.upgrade() {
                    let s = rc.borrow();
                    s.extras[index].set_caps_lock(key.get_modifier_state("CapsLock"), &s.config.catalog);
                }
            }));
        }
        let weak = Rc::downgrade(rc);
        listeners.push(EventListener::new(&extra.input, "blur", move |_| {
            if let Some(rc) = weak.upgrade() {
                let s = rc.borrow();
                s.extras[index].set_caps_lock(false, &s.config.catalog);
            }
        }));
        let weak = Rc::downgrade(rc);
        listeners.push(EventListener::new(&extra.toggle, "click", move |_| {
            if let Some(rc) = weak.upgrade() {
                let s = rc.borrow();
                let extra = &s.extras[index];
                extra.set_visible(extra.input.type_() == "password");
            }
        }));
    }
    let active = EventListenerOptions::enable_prevent_default();
    // The browser's own validation refuses the submit (setCustomValidity) and reports the first
    // invalid control in document order. When that is one of ours, we take the whole report:
    // no bubbles, focus on the first unmet rule. When the host's own field comes first, the
    // browser reports it as usual and ours stay quiet until it is fixed.
    let ours: Vec<HtmlInputElement> = [&s.fields.new_password, &s.fields.confirm].into_iter().flatten().cloned().collect();
    if let Some(form) = s.fields.new_password.as_ref().and_then(|i| i.form()) {
        let weak = Rc::downgrade(rc);
        let capture = EventListenerOptions { phase: EventListenerPhase::Capture, passive: false };
        let scope = form.clone();
        listeners.push(EventListener::new_with_options(&form, "invalid", capture, move |e: &Event| {
            let target = e.target().and_then(|t| t.dyn_into::<Element>().ok());
            let is_ours = |el: &Element| ours.iter().any(|o| AsRef::<Element>::as_ref(o) == el);
            let first = first_invalid(&scope);
            if first.as_ref().is_some_and(is_ours) {
                e.prevent_default();
                if let Some(rc) = weak.upgrade() {
                    refuse(&rc);
                }
            } else if target.as_ref().is_some_and(is_ours) {
                e.prevent_default();
            }
        }));
    }
    // The browser skips that step for a submit the page said needs no validation: a button with
    // `formnovalidate` (Cancel, Sign out on a page that is one big form, as ASP.NET WebForms
    // pages are) or a form with `novalidate`. Such a submit goes out as the page meant it; any
    // other reaches here only when the widget's validity was bypassed, and is refused.
    if let Some(form) = s.fields.new_password.as_ref().and_then(|i| i.form()) {
        let weak = Rc::downgrade(rc);
        let scope = form.clone();
        listeners.push(EventListener::new_with_options(&form, "submit", active, move |e: &Event| {
            let Some(rc) = weak.upgrade() else { return };
            let valid = {
                let s = rc.borrow();
                s.verdict.as_ref().is_none_or(|v| v.valid) || !s.config.submit_guard || s.left_blank(&s.values())
            };
            if valid || skips_validation(&scope, e) {
                // Never send a password as a visible text field's value.
                rc.borrow().extras.iter().for_each(|x| x.set_visible(false));
            } else {
                e.prevent_default();
                refuse(&rc);
            }
        }));
    }
    listeners
}

/// Whether the page asked for this submit to go out without validation, as the browser's own
/// constraint validation reads it: the form's `novalidate`, or its submitter's `formnovalidate`
/// (the button clicked, the default button for Enter, or `requestSubmit(button)`'s).
fn skips_validation(form: &web_sys::HtmlFormElement, e: &Event) -> bool {
    let submitter = e.dyn_ref::<web_sys::SubmitEvent>().and_then(|e| e.submitter());
    form.no_validate() || submitter.is_some_and(|b| b.has_attribute("formnovalidate"))
}

/// The form's first control, in document order, that fails its constraints.
fn first_invalid(form: &web_sys::HtmlFormElement) -> Option<Element> {
    let controls = form.query_selector_all("input, select, textarea").ok()?;
    (0..controls.length())
        .filter_map(|i| controls.item(i)?.dyn_into::<Element>().ok())
        .find(|el| el.matches(":invalid").unwrap_or(false))
}

/// A submit was refused: make sure the strength rule is judged on the real estimate, then
/// move focus to what is missing.
fn refuse(rc: &Rc<RefCell<State>>) {
    #[cfg(feature = "strength")]
    {
        let owed = {
            let s = rc.borrow();
            matches!(s.estimator, Estimator::InThread)
                && s.config.policy.min_strength.is_some()
                && s.current_estimate(&s.values()).is_none()
        };
        if owed {
            rc.borrow_mut().estimate_now();
            refresh(rc);
        }
    }
    rc.borrow().focus_problem();
}

//! A guided journey in the browser: renders the [`Flow`]'s current step as a small form,
//! turns clicks into flow inputs, and carries out the flow's effects (send a request, make a
//! TOTP secret, announce completion).
//!
//! Each step is built fresh when the step changes and only updated (error, busy state,
//! countdown) while it stays, so nothing the user typed is lost to a failed request. Focus moves
//! to each new step's heading and a live region announces "Step n of N".

use super::estimator::Estimator;
use super::http;
use super::view::{self, element, set, set_text};
use super::widget::{dispatch, Widget};
use crate::backend::config::BackendConfig;
use crate::backend::{self, Action, RetryReason, PAGE};
use crate::config::{Config, JourneyConfig};
use crate::flow::{Effect, Flow, Input, Journey, MenuItem, Notice, Recovery, SignedOut, Step, StepError, Totp, TwoStepStatus};
use crate::messages::{Catalog, Msg};
use crate::recovery::{self, RecoveryInputs, RecoveryRule};
use crate::totp::{self, OtpAuth};
use gloo_events::{EventListener, EventListenerOptions};
use gloo_timers::callback::Interval;
use js_sys::{Object, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlFormElement, HtmlInputElement};
use zeroize::Zeroizing;

/// The running journey; dropping it (or `destroy`) removes everything it added.
pub struct JourneyHandle {
    state: Rc<RefCell<State>>,
}

impl JourneyHandle {
    pub fn destroy(&self) {
        let mut s = self.state.borrow_mut();
        s.destroyed = true;
        s.countdown = None;
        s.page_listeners.clear();
        s.putting_back = None;
        s.dom = None;
        s.parked = None;
        s.saved = Zeroizing::new(Vec::new());
        s.panel.remove();
    }
}

struct State {
    flow: Flow,
    config: Config,
    journey: JourneyConfig,
    backend: BackendConfig,
    handlers: http::Handlers,
    root: Element,
    panel: Element,
    live: Element,
    dom: Option<StepDom>,
    /// The step the person left because their session ended or the re-entry window passed,
    /// with everything typed in it, off the page: the flow returns to it (see `Flow::resume`).
    parked: Option<StepDom>,
    /// What earlier answers handed to later requests (`capture`, as `saved.name`) and the
    /// page's address supplied (`page.name`, e.g. a reset link's token): often as secret as a
    /// password, so kept here only (never in storage or the page) and wiped when dropped.
    saved: Zeroizing<Vec<(String, String)>>,
    /// Names the current submission; kept for its retries.
    key: String,
    /// Not a secret; needed as context by later steps.
    username: String,
    /// The new password, kept only until the recovery step has checked that the answer
    /// differs from it. Zeroed when dropped.
    new_password: Option<Zeroizing<String>>,
    /// The browser filled the sign-in password itself (it has it saved).
    autofilled: bool,
    countdown: Option<(Interval, u64)>,
    /// What was typed into the steps' non-secret fields (`KEPT_FIELDS`), by step: going Back
    /// and returning to a step shows them again. Secrets are never kept: they leave with
    /// their step.
    kept: std::collections::HashMap<(Step, &'static str), String>,
    destroyed: bool,
    /// Shared with the password checklists the steps attach.
    estimator: Estimator,
    /// On the window: see [`keep_across_back_forward`].
    page_listeners: Vec<EventListener>,
    putting_back: Option<gloo_timers::callback::Timeout>,
}

/// The elements of the step on screen.
struct StepDom {
    step: Step,
    form: HtmlFormElement,
    heading: Element,
    error: Element,
    primary: Option<Element>,
    /// Logical name, input, and the element for its error message.
    fields: Vec<(&'static str, HtmlInputElement, Element)>,
    listeners: Vec<EventListener>,
    /// The live password checklist (or Caps Lock and Show password) inside the step.
    widget: Option<Widget>,
    countdown: Option<Element>,
    /// Built with the TOTP secret or the recovery codes on screen (rebuilt when they arrive).
    has_totp: bool,
    /// Built with the sign-in code field (added when the backend asks for it).
    has_code: bool,
    /// On the sign-in step: whether the password was typed or pasted by the person (if not, and
    /// it has a value, the browser filled it in from a saved password).
    typed: Option<Rc<Cell<bool>>>,
}

impl Drop for StepDom {
    fn drop(&mut self) {
        if let Some(mut widget) = self.widget.take() {
            widget.destroy();
        }
        // Secrets typed into this step leave the page with it.
        for (_, input, _) in &self.fields {
            input.set_value("");
        }
        self.form.remove();
    }
}

impl StepDom {
    /// The browser filled the password in itself: it matches `:autofill` (or WebKit's
    /// `:-webkit-autofill`), or it has a value nobody typed or pasted.
    fn password_autofilled(&self) -> bool {
        let Some(input) = self.input("password") else { return false };
        let matches = |selector| input.matches(selector).unwrap_or(false);
        let typed = self.typed.as_ref().is_some_and(|t| t.get());
        matches(":autofill") || matches(":-webkit-autofill") || (!typed && !input.value().is_empty())
    }

    fn value(&self, name: &str) -> String {
        self.input(name).map(|i| i.value()).unwrap_or_default()
    }

    fn input(&self, name: &str) -> Option<&HtmlInputElement> {
        self.fields.iter().find(|(n, _, _)| *n == name).map(|(_, i, _)| i)
    }
}

/// Starts `journey` inside `root`.
pub fn start(
    root: Element,
    config: Config,
    journey: JourneyConfig,
    handlers: http::Handlers,
    estimator: Estimator,
) -> Result<JourneyHandle, JsError> {
    let doc = root.owner_document().ok_or_else(|| JsError::new("the root element is not in a document"))?;
    let served_by_host = handlers.all.is_some() || !handlers.per_action.is_empty();
    let backend = match &config.backend {
        Some(b) => b.clone(),
        None if served_by_host => BackendConfig::reference("/api"),
        None => {
            return Err(JsError::new("config.backend: expected the backend's endpoints (or a backend function) for a journey, got nothing"))
        }
    };
    let page_origin = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
    if handlers.all.is_none() {
        // Only the endpoints a request will really go to: the host's functions serve the rest.
        let mut posted = backend.clone();
        posted.endpoints.retain(|action, _| handlers.for_action(*action).is_none());
        posted.check_urls(&page_origin, http::resolve_url).map_err(|e| JsError::new(&e.to_string()))?;
    }
    journey.check_urls(http::resolve_url).map_err(|e| JsError::new(&e.to_string()))?;
    let page = page_values(&backend);
    let mut options = journey.options.clone();
    // Opened from an e-mailed reset link: the values the reset request needs are all here.
    let reset_with = backend::page_values(&backend.endpoints[&Action::ForgotReset]);
    options.reset_link = journey.journey == Journey::ForgotPassword
        && !reset_with.is_empty()
        && reset_with.iter().all(|name| page.iter().any(|(n, v)| n.strip_prefix(PAGE) == Some(*name) && !v.is_empty()));
    let panel = element(&doc, "section", "journey");
    set(&panel, "data-journey", journey_id(journey.journey));
    let live = element(&doc, "p", "progress");
    set(&live, "role", "status");
    let _ = panel.append_child(&live);
    let _ = root.append_child(&panel);
    let state = State {
        flow: Flow::new(journey.journey, options),
        config,
        journey,
        backend,
        handlers,
        root,
        panel,
        live,
        dom: None,
        parked: None,
        saved: Zeroizing::new(page),
        key: http::idempotency_key(),
        username: String::new(),
        new_password: None,
        autofilled: false,
        countdown: None,
        kept: Default::default(),
        destroyed: false,
        estimator,
        page_listeners: Vec::new(),
        putting_back: None,
    };
    let rc = Rc::new(RefCell::new(state));
    render(&rc);
    let listeners = keep_across_back_forward(&rc);
    rc.borrow_mut().page_listeners = listeners;
    Ok(JourneyHandle { state: rc })
}

/// The values of the page's address that the endpoints name (`{page.name}`), as `page.name`.
/// They leave the address bar (a reset link's token should not stay in the history, a
/// bookmark or a screenshot) and live in the journey's memory only.
fn page_values(backend: &BackendConfig) -> Vec<(String, String)> {
    let mut names: Vec<&str> = backend.endpoints.values().flat_map(backend::page_values).collect();
    names.sort_unstable();
    names.dedup();
    let Some(window) = web_sys::window() else { return Vec::new() };
    let Ok(url) = window.location().href().and_then(|href| web_sys::Url::new(&href)) else { return Vec::new() };
    let params = url.search_params();
    let mut values = Vec::new();
    for name in names {
        if let Some(value) = params.get(name) {
            values.push((format!("{PAGE}{name}"), value));
            params.delete(name);
        }
    }
    if !values.is_empty() {
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url.href()));
        }
    }
    values
}

/// A page the browser restores from its back-forward cache comes back with the journey where it
/// was, but WebKit empties every `autocomplete="off"` field of it (the recovery question is one,
/// so that browsers do not offer it elsewhere). What was typed into the step's non-secret fields
/// is kept when the page is hidden and put back, where the browser emptied it, when it is shown.
fn keep_across_back_forward(rc: &Rc<RefCell<State>>) -> Vec<EventListener> {
    let Some(window) = web_sys::window() else { return Vec::new() };
    let weak = Rc::downgrade(rc);
    let hide = EventListener::new(&window, "pagehide", move |_| {
        let Some(rc) = weak.upgrade() else { return };
        let typed = kept_values(&rc.borrow());
        rc.borrow_mut().kept.extend(typed);
    });
    let weak = Rc::downgrade(rc);
    let show = EventListener::new(&window, "pageshow", move |event| {
        let restored = event.dyn_ref::<web_sys::PageTransitionEvent>().is_some_and(|e| e.persisted());
        let Some(rc) = weak.upgrade().filter(|_| restored) else { return };
        // WebKit empties the fields after this event: put them back once it has.
        let later = Rc::downgrade(&rc);
        let timeout = gloo_timers::callback::Timeout::new(0, move || {
            if let Some(rc) = later.upgrade() {
                put_back_emptied(&rc);
            }
        });
        rc.borrow_mut().putting_back = Some(timeout);
    });
    vec![hide, show]
}

/// Puts what was typed into the step's non-secret fields back where the browser emptied them, as
/// if typed again: the step's own checks run on it.
fn put_back_emptied(rc: &Rc<RefCell<State>>) {
    let emptied: Vec<(HtmlInputElement, String)> = {
        let s = rc.borrow();
        let Some(dom) = s.dom.as_ref() else { return };
        dom.fields
            .iter()
            .filter(|(_, input, _)| input.value().is_empty())
            .filter_map(|(name, input, _)| Some((input.clone(), s.kept.get(&(dom.step, *name))?.clone())))
            .filter(|(_, kept)| !kept.is_empty())
            .collect()
    };
    for (input, value) in emptied {
        input.set_value(&value);
        if let Ok(event) = web_sys::Event::new("input") {
            let _ = input.dispatch_event(&event);
        }
    }
}

/// The step on screen's non-secret fields (`KEPT_FIELDS`) as they are now.
fn kept_values(s: &State) -> Vec<((Step, &'static str), String)> {
    s.dom.as_ref().map_or_else(Vec::new, |d| {
        d.fields.iter().filter(|(n, _, _)| KEPT_FIELDS.contains(n)).map(|(n, i, _)| ((d.step, *n), i.value())).collect()
    })
}

fn journey_id(j: Journey) -> &'static str {
    match j {
        Journey::FirstLogin => "firstLogin",
        Journey::SecuritySettings => "securitySettings",
        Journey::ForgotPassword => "forgotPassword",
    }
}

/// Feeds one input to the flow and carries out what it says.
fn drive(rc: &Rc<RefCell<State>>, input: Input) {
    if rc.borrow().destroyed {
        return;
    }
    let effect = {
        let mut s = rc.borrow_mut();
        let effect = s.flow.handle(input);
        // The backend's word on whose account this is (Security Settings has no username field).
        if let Some(username) = s.flow.username().map(str::to_owned) {
            s.username = username;
        }
        effect
    };
    apply(rc, effect);
}

fn apply(rc: &Rc<RefCell<State>>, effect: Effect) {
    match effect {
        Effect::Nothing => {}
        Effect::Render => render(rc),
        Effect::Send { action, retry } => {
            // Back on a parked step (after the password was entered again), whose fields hold
            // what is sent: on the page first.
            let moved = rc.borrow().dom.as_ref().map(|d| d.step) != Some(rc.borrow().flow.step());
            if moved {
                render(rc);
            }
            let payload = {
                let mut s = rc.borrow_mut();
                if !retry {
                    s.key = http::idempotency_key();
                }
                s.remember(action);
                s.payload(action)
            };
            render(rc);
            send(rc, action, payload);
        }
        Effect::GenerateSecret => {
            let totp = rc.borrow().generate_secret();
            drive(rc, Input::LocalTotp(totp));
        }
        Effect::Complete(summary) => {
            render(rc);
            let detail = Object::new();
            let two_step = match summary.two_step {
                TwoStepStatus::Unchanged => "unchanged",
                TwoStepStatus::On => "on",
                TwoStepStatus::Skipped => "skipped",
                TwoStepStatus::Off => "off",
            };
            let summary_js = Object::new();
            for (key, value) in [
                ("termsAccepted", JsValue::from_bool(summary.terms_accepted)),
                ("termsVersion", summary.terms_version.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL)),
                ("passwordChanged", JsValue::from_bool(summary.password_changed)),
                ("recoverySet", JsValue::from_bool(summary.recovery_set)),
                ("twoStep", JsValue::from_str(two_step)),
            ] {
                let _ = Reflect::set(&summary_js, &key.into(), &value);
            }
            let s = rc.borrow();
            let _ = Reflect::set(&detail, &"journey".into(), &journey_id(s.journey.journey).into());
            let _ = Reflect::set(&detail, &"summary".into(), &summary_js);
            dispatch(&s.root, "hmis-onboard:complete", &detail);
        }
        Effect::SignOut | Effect::Close => {
            render(rc);
            let name = if effect == Effect::SignOut { "hmis-onboard:signout" } else { "hmis-onboard:cancel" };
            let s = rc.borrow();
            let detail = Object::new();
            let _ = Reflect::set(&detail, &"journey".into(), &journey_id(s.journey.journey).into());
            dispatch(&s.root, name, &detail);
        }
    }
}

/// Sends the request in the background; its outcome comes back to the flow.
fn send(rc: &Rc<RefCell<State>>, action: Action, payload: Vec<(&'static str, Zeroizing<String>)>) {
    let (backend, key, root, handler, saved) = {
        let s = rc.borrow();
        let saved = s.saved.clone();
        (s.backend.clone(), s.key.clone(), s.root.clone(), s.handlers.for_action(action), saved)
    };
    let weak = Rc::downgrade(rc);
    wasm_bindgen_futures::spawn_local(async move {
        let pairs: Vec<(&str, &str)> = payload.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (outcome, captured) = http::send(&backend, action, &pairs, &key, &root, handler.as_ref(), &saved).await;
        drop(pairs);
        drop(payload);
        drop(saved);
        if let Some(rc) = weak.upgrade() {
            // Values saved by the answer stay here; the flow gets only what its steps read.
            {
                let mut s = rc.borrow_mut();
                for (name, value) in captured {
                    s.saved.retain(|(n, _)| *n != name);
                    s.saved.push((name, value));
                }
            }
            drive(&rc, Input::Response(action, outcome));
        }
    });
}

impl State {
    fn catalog(&self) -> &Catalog {
        &self.config.catalog
    }

    fn text(&self, msg: Msg) -> String {
        self.catalog().text(msg, &[])
    }

    fn value(&self, name: &str) -> String {
        self.dom.as_ref().map(|d| d.value(name)).unwrap_or_default()
    }

    /// Keeps what later steps need from a submission about to go out.
    fn remember(&mut self, action: Action) {
        match action {
            Action::SignIn => {
                self.username = self.value("username").trim().to_owned();
                self.autofilled = self.dom.as_ref().is_some_and(StepDom::password_autofilled);
            }
            Action::ForgotStart => self.username = self.value("username").trim().to_owned(),
            Action::ChangePassword => self.new_password = Some(Zeroizing::new(self.value("newPassword"))),
            _ => {}
        }
    }

    /// The logical fields of `action`'s request, read from the step's inputs.
    fn payload(&self, action: Action) -> Vec<(&'static str, Zeroizing<String>)> {
        let field = |name: &'static str| (name, Zeroizing::new(self.value(name)));
        let fixed = |name: &'static str, value: String| (name, Zeroizing::new(value));
        match action {
            Action::SignIn => vec![fixed("username", self.username.clone()), field("password")],
            // By default the sign-in again with the code (a backend that takes the code elsewhere
            // maps the username and password to nothing).
            Action::SignInCode => {
                let code = self.value("code").chars().filter(char::is_ascii_digit).collect();
                vec![fixed("username", self.username.clone()), field("password"), fixed("code", code)]
            }
            Action::AcceptTerms => {
                let version = self.flow.terms().and_then(|t| t.version.clone()).unwrap_or_default();
                vec![fixed("termsVersion", version)]
            }
            Action::ChangePassword => vec![field("currentPassword"), field("newPassword"), field("confirmPassword")],
            Action::SetRecovery => {
                let question = self.value("question").split_whitespace().collect::<Vec<_>>().join(" ");
                // The backend hashes the answer; it gets it the way answers are compared.
                vec![fixed("question", question), fixed("answer", recovery::normalise(&self.value("answer")))]
            }
            Action::StartTotp | Action::DisableTotp | Action::RecoveryCodes | Action::SignOut => Vec::new(),
            Action::VerifyTotp => {
                let code: String = self.value("code").chars().filter(char::is_ascii_digit).collect();
                let mut fields = vec![fixed("code", code)];
                if self.journey.options.local_totp_secret {
                    let secret = self.flow.totp().and_then(|t| t.secret.clone()).unwrap_or_default();
                    fields.push(fixed("secret", secret));
                }
                fields
            }
            Action::Reauthenticate => vec![field("password")],
            Action::ForgotStart if self.flow.options().recovery == Recovery::EmailLink => {
                vec![fixed("email", self.value("email").trim().to_owned())]
            }
            Action::ForgotStart => vec![fixed("username", self.username.clone())],
            Action::ForgotAnswer => {
                vec![fixed("username", self.username.clone()), fixed("answer", recovery::normalise(&self.value("answer")))]
            }
            Action::ForgotReset => {
                let mut fields = vec![field("newPassword"), field("confirmPassword")];
                // From the recovery question's answer; a reset link's values are page values.
                if let Some(token) = self.flow.reset_token() {
                    fields.insert(0, fixed("resetToken", token.to_owned()));
                }
                fields
            }
        }
    }

    /// A 160-bit secret from the browser's CSPRNG, for `twoStep.secret = "browser"`.
    fn generate_secret(&self) -> Totp {
        let mut bytes = Zeroizing::new([0u8; totp::SECRET_BYTES]);
        if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
            let _ = crypto.get_random_values_with_u8_array(&mut bytes[..]);
        }
        let account = if self.username.is_empty() { "HMIS user" } else { &self.username };
        let auth = OtpAuth::new(&self.journey.issuer, account, &bytes[..]);
        Totp { uri: Some(auth.uri()), secret: Some(auth.secret.clone()) }
    }
}

/// Brings the page in line with the flow: a new step is built, the current one updated.
fn render(rc: &Rc<RefCell<State>>) {
    let new_step = {
        let s = rc.borrow();
        if s.destroyed {
            return;
        }
        let shown = s.dom.as_ref().map(|d| (d.step, d.has_totp, d.has_code));
        shown != Some((s.flow.step(), holds_secret(&s.flow), s.flow.sign_in_code()))
    };
    if new_step {
        let typed = kept_values(&rc.borrow());
        rc.borrow_mut().kept.extend(typed);
        let unparked = {
            let mut s = rc.borrow_mut();
            let back = s.parked.as_ref().is_some_and(|p| p.step == s.flow.step() && p.has_totp == holds_secret(&s.flow));
            if back { s.parked.take() } else { None }
        };
        // Built while the old step is still there (a rebuilt step carries over what was typed).
        let dom = match unparked {
            Some(dom) => dom,
            None => build(rc),
        };
        let old = rc.borrow_mut().dom.take();
        // The first step does not take focus from the page; every later one does.
        let moved_on = old.is_some();
        {
            let mut s = rc.borrow_mut();
            match old {
                // Left for signing in or the password again: kept, with what was typed, to come back to.
                Some(old) if s.flow.resume() == Some(old.step) => {
                    old.form.remove();
                    s.parked = Some(old);
                }
                old => drop(old),
            }
            if s.parked.as_ref().is_some_and(|p| s.flow.resume() != Some(p.step)) {
                s.parked = None;
            }
        }
        let mut s = rc.borrow_mut();
        // The new password is kept only until the recovery answer has been checked against it.
        if !matches!(s.flow.step(), Step::BrowserSaving | Step::Popups | Step::Recovery) {
            s.new_password = None;
        }
        let _ = s.panel.append_child(&dom.form);
        if let Some(p) = s.flow.progress() {
            let text = s.catalog().text(Msg::JourneyProgress, &[("n", &p.position), ("total", &p.total)]);
            let heading = dom.heading.text_content().unwrap_or_default();
            set_text(&s.live, &format!("{text}: {heading}"));
        }
        if moved_on {
            view::focus(&dom.heading);
        }
        s.dom = Some(dom);
    }
    update(rc);
}

/// Whether the step shows what arrived after it was first built (the 2-step secret, the
/// recovery codes): it is built again when that arrives.
fn holds_secret(flow: &Flow) -> bool {
    flow.totp().is_some() || flow.recovery_codes().is_some()
}

/// The fields whose typed values survive leaving their step (Back, then forward again): none
/// of them a secret.
const KEPT_FIELDS: [&str; 3] = ["username", "email", "question"];

/// Writes the flow's error, busy state and countdown into the step on screen.
fn update(rc: &Rc<RefCell<State>>) {
    let countdown_from = {
        let s = rc.borrow();
        let Some(dom) = &s.dom else { return };
        let busy = s.flow.pending().is_some();
        set(&dom.form, "aria-busy", if busy { "true" } else { "false" });
        set(&dom.form, "data-error", s.flow.error().map(StepError::id).unwrap_or(""));
        if let Some(primary) = &dom.primary {
            let blocked = busy || s.flow.cooling_down();
            set(primary, "aria-disabled", if blocked { "true" } else { "false" });
            set(primary, "data-busy", if busy { "true" } else { "false" });
        }
        for (_, input, error) in &dom.fields {
            set_text(error, "");
            let _ = input.remove_attribute("aria-invalid");
        }
        let (message, countdown) = error_message(&s, dom);
        set_text(&dom.error, &message);
        countdown
    };
    let mut s = rc.borrow_mut();
    match countdown_from {
        Some(seconds) if s.countdown.is_none() => {
            let weak = Rc::downgrade(rc);
            let interval = Interval::new(1_000, move || tick(&weak));
            s.countdown = Some((interval, seconds));
            drop(s);
            show_countdown(rc);
        }
        Some(_) => {}
        None => s.countdown = None,
    }
}

/// The message for the flow's error (and field messages set beside their inputs), plus the
/// seconds to count down, if any.
fn error_message(s: &State, dom: &StepDom) -> (String, Option<u64>) {
    let Some(error) = s.flow.error() else { return (String::new(), None) };
    match error {
        StepError::FieldErrors(errors) => {
            let mut general = Vec::new();
            for (field, message) in errors {
                match dom.fields.iter().find(|(n, _, _)| *n == field.as_str()) {
                    Some((_, input, slot)) => {
                        set_text(slot, message);
                        set(input, "aria-invalid", "true");
                    }
                    None if !message.is_empty() => general.push(message.clone()),
                    None => {}
                }
            }
            if general.is_empty() {
                general.push(s.text(Msg::ErrorFields));
            }
            (general.join(" "), None)
        }
        StepError::WrongCredentials => {
            let msg = match dom.step {
                Step::ForgotAnswer => Msg::ErrorWrongAnswer,
                Step::TwoStep => Msg::ErrorWrongCode,
                Step::SignIn if dom.has_code => Msg::ErrorWrongCode,
                _ => Msg::ErrorWrongCredentials,
            };
            (s.text(msg), None)
        }
        StepError::Locked { retry_after: Some(seconds) } => (String::new(), Some(*seconds)),
        StepError::Locked { retry_after: None } => (s.text(Msg::ErrorLockedNoTime), None),
        StepError::RateLimited { retry_after, .. } => (String::new(), Some(*retry_after)),
        // The backend's own sentence, when it sent one, says best what happened.
        StepError::SessionEnded { message } => (backend_or(s, message, Msg::ErrorSessionEnded), None),
        StepError::ResetExpired { message } => {
            let ours = if s.flow.options().recovery == Recovery::EmailLink { Msg::ErrorResetLinkExpired } else { Msg::ErrorResetExpired };
            (backend_or(s, message, ours), None)
        }
        StepError::MaybeDone { action } => {
            let msg = match action {
                Action::ForgotReset => Msg::ErrorMaybePasswordReset,
                Action::VerifyTotp => Msg::ErrorMaybeTwoStepOn,
                Action::DisableTotp => Msg::ErrorMaybeTwoStepOff,
                _ => Msg::ErrorMaybePasswordChanged,
            };
            (s.text(msg), None)
        }
        StepError::ReauthenticationRequired { message } => {
            let ours = s.text(Msg::ErrorReauthenticate);
            (message.as_ref().filter(|m| !m.is_empty()).map_or(ours.clone(), |m| format!("{m} {ours}")), None)
        }
        StepError::SignOutFailed => (s.text(Msg::ErrorSignOutFailed), None),
        StepError::Refused { message } => (backend_or(s, message, Msg::ErrorRefused), None),
        StepError::Retry { reason } => {
            let msg = match reason {
                RetryReason::Server => Msg::ErrorServer,
                RetryReason::Timeout => Msg::ErrorTimeout,
                RetryReason::Network => Msg::ErrorNetwork,
            };
            (s.text(msg), None)
        }
        StepError::Unexpected { .. } => (s.text(Msg::ErrorUnexpected), None),
    }
}

fn backend_or(s: &State, message: &Option<String>, fallback: Msg) -> String {
    message.as_ref().filter(|m| !m.is_empty()).cloned().unwrap_or_else(|| s.text(fallback))
}

fn tick(weak: &Weak<RefCell<State>>) {
    let Some(rc) = weak.upgrade() else { return };
    let finished = {
        let mut s = rc.borrow_mut();
        match &mut s.countdown {
            Some((_, left)) => {
                *left = left.saturating_sub(1);
                *left == 0
            }
            None => return,
        }
    };
    if finished {
        rc.borrow_mut().countdown = None;
        let cooling = rc.borrow().flow.cooling_down();
        if cooling {
            drive(&rc, Input::CooldownOver);
        }
        if let Some(dom) = &rc.borrow().dom {
            set_text(&dom.error, "");
        }
    } else {
        show_countdown(&rc);
    }
}

fn show_countdown(rc: &Rc<RefCell<State>>) {
    let s = rc.borrow();
    let (Some(dom), Some((_, left))) = (&s.dom, &s.countdown) else { return };
    let time = duration(s.catalog(), *left);
    let msg = match s.flow.error() {
        Some(StepError::Locked { .. }) => Msg::ErrorLocked,
        Some(StepError::RateLimited { busy: true, .. }) => Msg::ErrorServerBusy,
        _ => Msg::ErrorRateLimited,
    };
    // The sentence is announced once (role=alert); the ticking number is not re-announced.
    if dom.error.text_content().unwrap_or_default().is_empty() {
        set_text(&dom.error, &s.catalog().text(msg, &[("time", &time)]));
    }
    if let Some(counter) = &dom.countdown {
        set_text(counter, &time);
        set(counter, "data-seconds", &left.to_string());
    }
}

fn duration(catalog: &Catalog, seconds: u64) -> String {
    if seconds < 60 {
        catalog.text(Msg::DurationSeconds, &[("n", &seconds)])
    } else {
        catalog.text(Msg::DurationMinutes, &[("m", &(seconds / 60)), ("s", &(seconds % 60))])
    }
}

/// How a field is typed.
#[derive(Clone, Copy)]
enum Kind {
    Text(&'static str),
    Email,
    Password(&'static str),
    Code,
    Checkbox,
}

/// Builds one step's form: heading, error area, fields with their labels and error slots,
/// buttons wired to flow inputs.
struct Builder {
    doc: Document,
    weak: Weak<RefCell<State>>,
    catalog: Catalog,
    step: Step,
    form: HtmlFormElement,
    heading: Element,
    error: Element,
    body: Element,
    buttons: Element,
    primary: Option<Element>,
    fields: Vec<(&'static str, HtmlInputElement, Element)>,
    listeners: Vec<EventListener>,
}

impl Builder {
    fn new(doc: &Document, weak: Weak<RefCell<State>>, s: &State) -> Builder {
        let step = s.flow.step();
        let form: HtmlFormElement = element(doc, "form", "step").unchecked_into();
        set(&form, "data-step", step.id());
        let heading = element(doc, "h2", "step-heading");
        set(&heading, "tabindex", "-1");
        let heading_id = view::unique_id("step-heading");
        set(&heading, "id", &heading_id);
        set(&form, "aria-labelledby", &heading_id);
        let _ = form.append_child(&heading);
        if let Some(p) = s.flow.progress() {
            let progress = element(doc, "p", "step-progress");
            progress.set_text_content(Some(&s.catalog().text(Msg::JourneyProgress, &[("n", &p.position), ("total", &p.total)])));
            let _ = form.append_child(&progress);
        }
        let error = element(doc, "div", "error");
        set(&error, "role", "alert");
        let body = element(doc, "div", "step-body");
        let buttons = element(doc, "div", "step-buttons");
        let _ = form.append_with_node_3(&error, &body, &buttons);
        Builder {
            doc: doc.clone(),
            weak,
            catalog: s.catalog().clone(),
            step,
            form,
            heading,
            error,
            body,
            buttons,
            primary: None,
            fields: Vec::new(),
            listeners: Vec::new(),
        }
    }

    fn heading(&self, msg: Msg) {
        self.heading.set_text_content(Some(&self.catalog.text(msg, &[])));
    }

    fn add(&self, el: &Element) {
        let _ = self.body.append_child(el);
    }

    /// A paragraph of text (always as text, never as HTML).
    fn text(&self, part: &str, text: &str) -> Element {
        let p = element(&self.doc, "p", part);
        p.set_text_content(Some(text));
        self.add(&p);
        p
    }

    fn para(&self, part: &str, msg: Msg) -> Element {
        self.text(part, &self.catalog.text(msg, &[]))
    }

    fn field(&mut self, name: &'static str, label: Msg, kind: Kind) -> HtmlInputElement {
        let wrapper = element(&self.doc, "div", "field");
        set(&wrapper, "data-field", name);
        let id = view::unique_id(name);
        let input: HtmlInputElement = self.doc.create_element("input").expect("input").unchecked_into();
        input.set_id(&id);
        input.set_name(name);
        let label_el = self.doc.create_element("label").expect("label");
        set(&label_el, "for", &id);
        label_el.set_text_content(Some(&self.catalog.text(label, &[])));
        match kind {
            Kind::Text(autocomplete) => {
                input.set_type("text");
                input.set_autocomplete(autocomplete);
                set(&input, "autocapitalize", "none");
                set(&input, "spellcheck", "false");
            }
            Kind::Email => {
                input.set_type("email");
                input.set_autocomplete("email");
                set(&input, "spellcheck", "false");
            }
            Kind::Password(autocomplete) => {
                input.set_type("password");
                input.set_autocomplete(autocomplete);
            }
            Kind::Code => {
                input.set_type("text");
                input.set_autocomplete("one-time-code");
                set(&input, "inputmode", "numeric");
                set(&input, "pattern", "[0-9 ]*");
            }
            Kind::Checkbox => input.set_type("checkbox"),
        }
        input.set_required(true);
        let error = element(&self.doc, "p", "field-error");
        let error_id = format!("{id}-error");
        set(&error, "id", &error_id);
        set(&input, "aria-describedby", &error_id);
        if matches!(kind, Kind::Checkbox) {
            let _ = wrapper.append_with_node_3(&input, &label_el, &error);
        } else {
            let _ = wrapper.append_with_node_3(&label_el, &input, &error);
        }
        self.add(&wrapper);
        self.fields.push((name, input.clone(), error));
        input
    }

    /// A hidden username field: context for the password rules, and the hint password
    /// managers use to file a password under the right account.
    fn username_context(&self, username: &str) {
        let input: HtmlInputElement = self.doc.create_element("input").expect("input").unchecked_into();
        input.set_type("text");
        input.set_autocomplete("username");
        input.set_value(username);
        set(&input, "hidden", "");
        set(&input, "data-hmis-part", "username-context");
        let _ = self.form.insert_before(&input, Some(&self.body));
    }

    fn button(&mut self, part: &str, label: Msg, input: Input) -> Element {
        let button = element(&self.doc, "button", part);
        set(&button, "type", "button");
        button.set_text_content(Some(&self.catalog.text(label, &[])));
        let _ = self.buttons.append_child(&button);
        let weak = self.weak.clone();
        self.listeners.push(EventListener::new(&button, "click", move |_| {
            if let Some(rc) = weak.upgrade() {
                drive(&rc, input.clone());
            }
        }));
        button
    }

    fn primary(&mut self, label: Msg) {
        let button = element(&self.doc, "button", "primary");
        set(&button, "type", "submit");
        button.set_text_content(Some(&self.catalog.text(label, &[])));
        let _ = self.buttons.prepend_with_node_1(&button);
        // The second and third clicks of a double or triple click (`detail` 2, 3) never submit:
        // a step moves on at once, and they would land on the next step's button.
        let active = EventListenerOptions::enable_prevent_default();
        self.listeners.push(EventListener::new_with_options(&button, "click", active, |e| {
            let count = Reflect::get(e, &"detail".into()).ok().and_then(|d| d.as_f64()).unwrap_or(0.0);
            if count > 1.0 {
                e.prevent_default();
            }
        }));
        self.primary = Some(button);
    }

    fn finish(mut self, back: bool, cancel: bool) -> StepDom {
        if back {
            self.button("back", Msg::JourneyBack, Input::Back);
        }
        if cancel {
            self.button("cancel", Msg::JourneyCancel, Input::Cancel);
        }
        let weak = self.weak.clone();
        let active = EventListenerOptions::enable_prevent_default();
        self.listeners.push(EventListener::new_with_options(&self.form, "submit", active, move |e| {
            // The journey posts with fetch; the browser's own validation has already run.
            e.prevent_default();
            if let Some(rc) = weak.upgrade() {
                drive(&rc, Input::Submit);
            }
        }));
        StepDom {
            step: self.step,
            form: self.form,
            heading: self.heading,
            error: self.error,
            primary: self.primary,
            fields: self.fields,
            listeners: self.listeners,
            widget: None,
            countdown: None,
            has_totp: false,
            has_code: false,
            typed: None,
        }
    }
}

/// Builds the form for the flow's current step.
fn build(rc: &Rc<RefCell<State>>) -> StepDom {
    let s = rc.borrow();
    let doc = s.root.owner_document().expect("attached roots are in a document");
    let mut b = Builder::new(&doc, Rc::downgrade(rc), &s);
    let browser = web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .map(|ua| crate::guidance::Browser::from_user_agent(&ua))
        .unwrap_or(crate::guidance::Browser::Other);
    let journey = s.journey.journey;
    let step = s.flow.step();
    let cancel = !matches!(step, Step::SignIn | Step::Done | Step::SignedOut | Step::Cancelled);
    let back = s.flow.can_go_back();
    let mut password_widget = false;
    let mut recovery_rules = None;
    let typed = Rc::new(Cell::new(false));
    match step {
        Step::SignIn => {
            // Security Settings on a backend without sessions begins with a whole sign-in.
            b.heading(if journey == Journey::SecuritySettings { Msg::StepReauthenticate } else { Msg::StepSignIn });
            b.field("username", Msg::FieldUsername, Kind::Text("username"));
            let password = b.field("password", Msg::FieldPassword, Kind::Password("current-password"));
            for event in ["keydown", "paste", "drop"] {
                let typed = typed.clone();
                b.listeners.push(EventListener::new(&password, event, move |_| typed.set(true)));
            }
            if s.flow.sign_in_code() {
                // Rebuilt to add the code: keep what was typed.
                let (user, pass) = (s.value("username"), s.value("password"));
                b.fields[0].1.set_value(&user);
                password.set_value(&pass);
                b.para("sign-in-code", Msg::SignInCode);
                b.field("code", Msg::FieldCode, Kind::Code);
            }
            b.primary(Msg::StepSignIn);
            password_widget = true;
        }
        Step::Terms => {
            b.heading(Msg::StepTerms);
            let text = s.flow.terms().and_then(|t| t.text.clone()).unwrap_or_else(|| s.text(Msg::TermsMissing));
            let block = b.text("terms-text", &text);
            set(&block, "tabindex", "0");
            b.field("accept", Msg::TermsAccept, Kind::Checkbox);
            b.primary(Msg::TermsAcceptButton);
            b.button("decline", Msg::TermsDecline, Input::Decline);
        }
        Step::ChangePassword | Step::ForgotReset => {
            b.heading(if step == Step::ForgotReset || journey == Journey::SecuritySettings {
                Msg::StepNewPassword
            } else {
                Msg::StepChangePassword
            });
            b.username_context(&s.username);
            if step == Step::ChangePassword {
                let label = if journey == Journey::FirstLogin { Msg::FieldTemporaryPassword } else { Msg::FieldCurrentPassword };
                b.field("currentPassword", label, Kind::Password("current-password"));
            }
            b.field("newPassword", Msg::FieldNewPassword, Kind::Password("new-password"));
            b.field("confirmPassword", Msg::FieldConfirmPassword, Kind::Password("new-password"));
            b.primary(Msg::JourneyContinue);
            password_widget = true;
        }
        Step::BrowserSaving => {
            b.heading(Msg::StepBrowserSaving);
            b.para("saving-why", Msg::SavingWhy);
            let lead = b.para("saving-howto", if s.autofilled { Msg::SavingAutofilled } else { Msg::SavingHowTo });
            set(&lead, "data-autofilled", if s.autofilled { "true" } else { "false" });
            let steps = b.para("browser-steps", browser.forget_password());
            set(&steps, "data-browser", browser.id());
            b.primary(Msg::JourneyContinue);
        }
        Step::Popups => {
            b.heading(Msg::StepPopups);
            b.para("popups-why", Msg::PopupsWhy);
            let status = b.text("popup-status", "");
            set(&status, "aria-live", "polite");
            set(&status, "data-popups", "unknown");
            let steps = b.para("browser-steps", browser.allow_popups());
            set(&steps, "data-browser", browser.id());
            set(&steps, "hidden", "");
            let check = element(&doc, "button", "popup-check");
            set(&check, "type", "button");
            check.set_text_content(Some(&s.text(Msg::PopupsCheck)));
            b.add(&check);
            let catalog = s.catalog().clone();
            let (status2, steps2, check2) = (status.clone(), steps.clone(), check.clone());
            b.listeners.push(EventListener::new(&check, "click", move |_| {
                let allowed = popup_allowed();
                set(&status2, "data-popups", if allowed { "allowed" } else { "blocked" });
                set_text(&status2, &catalog.text(if allowed { Msg::PopupsAllowed } else { Msg::PopupsBlocked }, &[]));
                let _ = if allowed { steps2.set_attribute("hidden", "") } else { steps2.remove_attribute("hidden") };
                set_text(&check2, &catalog.text(Msg::PopupsCheckAgain, &[]));
            }));
            b.primary(Msg::JourneyContinue);
        }
        Step::Recovery => {
            b.heading(Msg::StepRecovery);
            b.para("recovery-why", Msg::RecoveryWhy);
            b.field("question", Msg::FieldQuestion, Kind::Text("off"));
            let warning = b.text("question-warning", "");
            set(&warning, "aria-live", "polite");
            b.field("answer", Msg::FieldAnswer, Kind::Password("off"));
            b.field("confirmAnswer", Msg::FieldConfirmAnswer, Kind::Password("off"));
            b.para("recovery-compare", Msg::RecoveryCompare);
            let list = element(&doc, "ul", "recovery-rules");
            b.add(&list);
            recovery_rules = Some((list, warning));
            b.primary(Msg::JourneyContinue);
            password_widget = true;
        }
        Step::TwoStep => {
            b.heading(Msg::StepTwoStep);
            b.para("two-step-why", Msg::TwoStepWhy);
            match s.flow.totp() {
                None => {
                    b.para("two-step-preparing", Msg::TwoStepPreparing);
                    // Busy while the secret is being fetched; after a failed fetch, the way to
                    // try again (Submit on this step asks for the secret).
                    b.primary(Msg::JourneyContinue);
                }
                Some(totp) => {
                    let uri = totp.uri.clone();
                    let key = totp
                        .secret
                        .clone()
                        .or_else(|| uri.as_deref().and_then(|u| OtpAuth::parse(u).ok()).map(|a| a.secret))
                        .unwrap_or_default();
                    if let Some(uri) = &uri {
                        b.para("two-step-scan", Msg::TwoStepScan);
                        if let Some(svg) = qr_image(&doc, uri, &s.text(Msg::TwoStepQrAlt)) {
                            b.add(&svg);
                        }
                    }
                    b.para("two-step-key-intro", Msg::TwoStepKey);
                    b.text("totp-key", &totp::grouped(&key));
                    let copy = element(&doc, "button", "copy-key");
                    set(&copy, "type", "button");
                    copy.set_text_content(Some(&s.text(Msg::TwoStepCopy)));
                    b.add(&copy);
                    let copied = b.text("copy-status", "");
                    set(&copied, "aria-live", "polite");
                    let done_text = s.text(Msg::TwoStepCopied);
                    b.listeners.push(EventListener::new(&copy, "click", move |_| copy_text(&key, &copied, &done_text)));
                    if let Some(uri) = uri {
                        let open = element(&doc, "button", "open-app");
                        set(&open, "type", "button");
                        open.set_text_content(Some(&s.text(Msg::TwoStepOpenApp)));
                        b.add(&open);
                        b.listeners.push(EventListener::new(&open, "click", move |_| {
                            // Checked when the backend's answer was read; checked again here,
                            // where a wrong value would take the page somewhere else.
                            let app = uri.starts_with("otpauth://totp/");
                            if let Some(w) = web_sys::window().filter(|_| app) {
                                let _ = w.location().assign(&uri);
                            }
                        }));
                    }
                    b.para("two-step-enter", Msg::TwoStepEnterCode);
                    b.field("code", Msg::FieldCode, Kind::Code);
                    b.primary(Msg::JourneyContinue);
                }
            }
            if s.flow.can_skip() {
                b.button("skip", Msg::JourneySkip, Input::Skip);
            }
        }
        Step::RecoveryCodes => {
            b.heading(Msg::StepRecoveryCodes);
            match s.flow.recovery_codes() {
                // Being fetched; after a failed fetch, Continue asks again.
                None => {
                    b.para("recovery-codes-loading", Msg::RecoveryCodesLoading);
                }
                Some(codes) => {
                    b.para("recovery-codes-why", Msg::RecoveryCodesWhy);
                    let list = element(&doc, "ul", "recovery-codes");
                    for code in codes.lines() {
                        let li = element(&doc, "li", "recovery-code");
                        li.set_text_content(Some(code));
                        let _ = list.append_child(&li);
                    }
                    b.add(&list);
                    let copy = element(&doc, "button", "copy-codes");
                    set(&copy, "type", "button");
                    copy.set_text_content(Some(&s.text(Msg::RecoveryCodesCopy)));
                    b.add(&copy);
                    let copied = b.text("copy-status", "");
                    set(&copied, "aria-live", "polite");
                    let (all, done_text) = (Zeroizing::new(codes.to_owned()), s.text(Msg::RecoveryCodesCopied));
                    b.listeners.push(EventListener::new(&copy, "click", move |_| copy_text(&all, &copied, &done_text)));
                    b.field("saved", Msg::RecoveryCodesSaved, Kind::Checkbox);
                }
            }
            b.primary(Msg::JourneyContinue);
        }
        // A reset password: the person is signed out, and signs in with it now.
        Step::Done if journey == Journey::ForgotPassword => {
            b.heading(Msg::StepPasswordReset);
            b.para("reset-done", Msg::ResetDoneText);
            if let Some(url) = &s.journey.sign_in_url {
                b.add(&link(&doc, "sign-in", url, &s.text(Msg::SignInNow)));
            }
        }
        Step::Done => {
            b.heading(Msg::StepDone);
            let summary = s.flow.summary();
            let list = element(&doc, "ul", "summary");
            let item = |text: String| {
                let li = element(&doc, "li", "summary-item");
                li.set_text_content(Some(&text));
                let _ = list.append_child(&li);
            };
            if summary.terms_accepted {
                let version = summary.terms_version.clone().unwrap_or_default();
                item(s.catalog().text(Msg::DoneTerms, &[("version", &version)]));
            }
            if summary.password_changed {
                item(s.text(Msg::DonePassword));
            }
            if summary.recovery_set {
                item(s.text(Msg::DoneRecovery));
            }
            match summary.two_step {
                TwoStepStatus::On => item(s.text(Msg::DoneTwoStepOn)),
                TwoStepStatus::Skipped => item(s.text(Msg::DoneTwoStepSkipped)),
                TwoStepStatus::Off => item(s.text(Msg::DoneTwoStepOff)),
                TwoStepStatus::Unchanged => {}
            }
            if list.child_element_count() == 0 {
                item(s.text(Msg::DoneSignedIn));
            }
            b.add(&list);
            if let Some(url) = &s.journey.continue_url {
                b.add(&link(&doc, "continue", url, &s.text(Msg::DoneContinue)));
            }
        }
        Step::Reauthenticate => {
            b.heading(Msg::StepReauthenticate);
            b.field("password", Msg::FieldCurrentPassword, Kind::Password("current-password"));
            b.primary(Msg::JourneyContinue);
            password_widget = true;
        }
        Step::Menu => {
            let offered = |item: &MenuItem| s.flow.offers(*item);
            b.heading(Msg::StepMenu);
            if let Some(notice) = s.flow.notice() {
                let p = b.para("notice", notice_msg(notice));
                set(&p, "role", "status");
            }
            let menu = element(&doc, "div", "menu");
            b.add(&menu);
            let mut items = vec![
                (MenuItem::ChangePassword, Msg::MenuChangePassword),
                (MenuItem::SetUpTwoStep, Msg::MenuSetUpTwoStep),
                (MenuItem::TurnOffTwoStep, Msg::MenuTurnOffTwoStep),
                (MenuItem::Recovery, Msg::MenuRecovery),
            ];
            items.retain(|(item, _)| offered(item));
            b.primary(Msg::MenuFinish);
            for (item, label) in items {
                let button = b.button("menu-item", label, Input::Choose(item));
                set(&button, "data-item", item.id());
                let _ = menu.append_child(&button);
            }
        }
        Step::TurnOffTwoStep => {
            b.heading(Msg::StepTurnOffTwoStep);
            b.para("turn-off-confirm", Msg::TurnOffConfirm);
            b.primary(Msg::TurnOffButton);
        }
        Step::ForgotUsername => {
            b.heading(Msg::StepForgotUsername);
            match s.flow.options().recovery {
                Recovery::Question => {
                    b.field("username", Msg::FieldUsername, Kind::Text("username"));
                    b.primary(Msg::JourneyContinue);
                }
                Recovery::EmailLink => {
                    b.para("forgot-email-intro", Msg::ForgotEmailIntro);
                    b.field("email", Msg::FieldEmail, Kind::Email);
                    b.primary(Msg::JourneyContinue);
                }
                Recovery::None => {
                    b.para("forgot-helpdesk", Msg::ForgotHelpdesk);
                }
            }
        }
        Step::ForgotSent => {
            b.heading(Msg::StepForgotSent);
            b.para("forgot-sent", Msg::ForgotSentText);
            if let Some(url) = &s.journey.sign_in_url {
                b.add(&link(&doc, "sign-in", url, &s.text(Msg::SignInAgain)));
            }
        }
        Step::ForgotAnswer => {
            b.heading(Msg::StepForgotAnswer);
            b.para("question-intro", Msg::ForgotQuestionIntro);
            b.text("question", s.flow.question().unwrap_or_default());
            b.field("answer", Msg::FieldAnswer, Kind::Password("off"));
            b.para("recovery-compare", Msg::RecoveryCompare);
            b.primary(Msg::JourneyContinue);
            password_widget = true;
        }
        Step::SignedOut | Step::Cancelled => {
            let (heading, text) = match (step, s.flow.signed_out()) {
                (Step::Cancelled, _) => (Msg::StepCancelled, Msg::CancelledText),
                (_, SignedOut::Declined) => (Msg::StepSignedOut, Msg::SignedOutText),
                (_, SignedOut::SessionEnded) => (Msg::StepSessionEnded, Msg::SessionEndedText),
            };
            b.heading(heading);
            b.para("ended", text);
            if let Some(url) = &s.journey.sign_in_url {
                b.add(&link(&doc, "sign-in", url, &s.text(Msg::SignInAgain)));
            }
        }
    }
    // The seconds left of a lockout or rate limit, for tests and for styling.
    let counter = element(&doc, "span", "countdown");
    set(&counter, "class", "hmis-visually-hidden");
    let _ = b.error.after_with_node_1(&counter);
    let countdown = Some(counter);
    let username = s.username.clone();
    let new_password = s.new_password.clone();
    let mut step_config = Config { journey: None, backend: None, fields: Default::default(), ..s.config.clone() };
    // Without the username (a backend that does not say whose session it is), "does not contain
    // your username" cannot be checked here: not shown, rather than shown as met.
    if s.username.is_empty() {
        step_config.policy.not_username = false;
    }
    let estimator = s.estimator.clone();
    let kept: Vec<(&'static str, String)> =
        s.kept.iter().filter(|((at, _), _)| *at == step).map(|((_, name), value)| (*name, value.clone())).collect();
    drop(s);
    let (has_totp, has_code) = {
        let s = rc.borrow();
        (holds_secret(&s.flow), s.flow.sign_in_code())
    };
    let mut dom = b.finish(back, cancel);
    for (name, value) in kept {
        if let Some(input) = dom.input(name).filter(|i| i.value().is_empty()) {
            input.set_value(&value);
        }
    }
    if step == Step::SignIn {
        dom.typed = Some(typed);
    }
    dom.has_totp = has_totp;
    dom.has_code = has_code;
    dom.countdown = countdown;
    if password_widget {
        // Caps Lock, Show password and (for new passwords) the live checklist, as on any form.
        dom.widget = Widget::attach(dom.form.clone().into(), step_config, estimator).ok();
    }
    if let Some((list, warning)) = recovery_rules {
        watch_recovery(rc, &mut dom, list, warning, username, new_password);
    }
    dom
}

fn notice_msg(n: Notice) -> Msg {
    match n {
        Notice::PasswordChanged => Msg::NoticePasswordChanged,
        Notice::TwoStepOn => Msg::NoticeTwoStepOn,
        Notice::TwoStepOff => Msg::NoticeTwoStepOff,
        Notice::RecoverySaved => Msg::NoticeRecoverySaved,
    }
}

fn link(doc: &Document, part: &str, href: &str, text: &str) -> Element {
    let a = element(doc, "a", part);
    set(&a, "href", href);
    a.set_text_content(Some(text));
    a
}

/// Opens and at once closes a tiny window, on the user's click: the only reliable test of
/// whether this site may open pop-ups.
fn popup_allowed() -> bool {
    let Some(window) = web_sys::window() else { return false };
    match window.open_with_url_and_target_and_features("about:blank", "_blank", "popup,width=320,height=240") {
        Ok(Some(popup)) => {
            let _ = popup.close();
            true
        }
        _ => false,
    }
}

/// The QR code as inline SVG built element by element: drawn here (never by a remote service),
/// allowed by a strict CSP (no `blob:` or `data:` image needed), and the secret it encodes is
/// nowhere in the DOM as text or attribute, only as the drawing.
fn qr_image(doc: &Document, uri: &str, label: &str) -> Option<Element> {
    const SVG: Option<&str> = Some("http://www.w3.org/2000/svg");
    let drawing = totp::qr_drawing(uri)?;
    let size = drawing.size.to_string();
    let svg = doc.create_element_ns(SVG, "svg").ok()?;
    set(&svg, "data-hmis-part", "totp-qr");
    set(&svg, "viewBox", &format!("0 0 {size} {size}"));
    set(&svg, "width", "200");
    set(&svg, "height", "200");
    set(&svg, "role", "img");
    set(&svg, "aria-label", label);
    set(&svg, "shape-rendering", "crispEdges");
    let background = doc.create_element_ns(SVG, "path").ok()?;
    set(&background, "fill", "#fff");
    set(&background, "d", &format!("M0 0h{size}v{size}H0z"));
    let modules = doc.create_element_ns(SVG, "path").ok()?;
    set(&modules, "stroke", "#000");
    set(&modules, "d", &drawing.path);
    let _ = svg.append_with_node_2(&background, &modules);
    Some(svg)
}

fn copy_text(text: &str, status: &Element, done: &str) {
    let Some(window) = web_sys::window() else { return };
    let promise = window.navigator().clipboard().write_text(text);
    let (status, done) = (status.clone(), done.to_owned());
    wasm_bindgen_futures::spawn_local(async move {
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            set_text(&status, &done);
        }
    });
}

/// Keeps the recovery checklist and the fields' validity in step with what is typed.
fn watch_recovery(
    rc: &Rc<RefCell<State>>,
    dom: &mut StepDom,
    list: Element,
    warning: Element,
    username: String,
    password: Option<Zeroizing<String>>,
) {
    let s = rc.borrow();
    let policy = s.journey.recovery.clone();
    let catalog = s.catalog().clone();
    drop(s);
    let doc = list.owner_document().expect("in a document");
    let rules = [
        (RecoveryRule::QuestionLength, catalog.text(Msg::RecoveryQuestionLength, &[("min", &policy.question_min), ("max", &policy.question_max)])),
        (RecoveryRule::AnswerLength, catalog.text(Msg::RecoveryAnswerLength, &[("min", &policy.answer_min)])),
        (RecoveryRule::AnswerNotInQuestion, catalog.text(Msg::RecoveryAnswerNotInQuestion, &[])),
        (RecoveryRule::AnswerNotUsername, catalog.text(Msg::RecoveryAnswerNotUsername, &[])),
        (RecoveryRule::AnswerNotPassword, catalog.text(Msg::RecoveryAnswerNotPassword, &[])),
        (RecoveryRule::ConfirmMatches, catalog.text(Msg::RecoveryConfirmMatches, &[])),
    ];
    let items: Vec<(RecoveryRule, Element)> = rules
        .into_iter()
        .map(|(rule, text)| {
            let li = element(&doc, "li", "rule");
            set(&li, "data-rule", rule.as_str());
            li.set_text_content(Some(&text));
            let _ = list.append_child(&li);
            (rule, li)
        })
        .collect();
    let inputs: Vec<HtmlInputElement> =
        ["question", "answer", "confirmAnswer"].iter().filter_map(|n| dom.input(n).cloned()).collect();
    let [question, answer, confirm] = <[HtmlInputElement; 3]>::try_from(inputs).expect("the recovery step has its three fields");
    let check = {
        let (question, answer, confirm) = (question.clone(), answer.clone(), confirm.clone());
        move || {
            let (q, a, c) = (question.value(), Zeroizing::new(answer.value()), Zeroizing::new(confirm.value()));
            let password = password.as_ref().map(|p| p.as_str()).unwrap_or("");
            let results = recovery::check(
                &policy,
                RecoveryInputs { question: &q, answer: &a, confirm: &c, username: &username, password },
            );
            for (rule, met) in &results {
                if let Some((_, li)) = items.iter().find(|(r, _)| r == rule) {
                    set(li, "data-met", if *met { "true" } else { "false" });
                }
            }
            let question_ok = results.iter().any(|(r, met)| *r == RecoveryRule::QuestionLength && *met);
            let answer_ok = results.iter().all(|(r, met)| *met || matches!(r, RecoveryRule::QuestionLength | RecoveryRule::ConfirmMatches));
            let confirm_ok = results.iter().any(|(r, met)| *r == RecoveryRule::ConfirmMatches && *met);
            let invalid = catalog.text(Msg::RecoveryInvalid, &[]);
            question.set_custom_validity(if question_ok { "" } else { &invalid });
            answer.set_custom_validity(if answer_ok { "" } else { &invalid });
            confirm.set_custom_validity(if confirm_ok { "" } else { &invalid });
            let guessable = recovery::is_guessable(&q);
            set_text(&warning, &if guessable { catalog.text(Msg::RecoveryGuessable, &[]) } else { String::new() });
            set(&warning, "data-active", if guessable { "true" } else { "false" });
        }
    };
    check();
    let check = Rc::new(check);
    for input in [&question, &answer, &confirm] {
        let check = check.clone();
        dom.listeners.push(EventListener::new(input, "input", move |_| check()));
    }
}

//! A guided journey in the browser: renders the [`Flow`]'s current step as a small form,
//! turns clicks into flow inputs, and carries out the flow's effects (send a request, make a
//! TOTP secret, announce completion).
//!
//! Each step is built fresh when the step changes and only updated (error, busy state,
//! countdown) while it stays, so nothing the user typed is lost to a failed request. Focus moves
//! to each new step's heading and a live region announces "Step n of N".
//!
//! Where things are: each step's view is in `steps/`, in the file named after the step, built
//! from the shared pieces in `builder.rs`; `status.rs` writes the error, busy state and countdown
//! into the step on screen; this file holds the journey's state and carries out the flow's
//! effects (requests, rendering, events).

mod builder;
mod status;
mod steps;

use super::estimator::Estimator;
use super::http;
use super::view::{self, element, set, set_text};
use super::widget::{dispatch, Widget};
use crate::backend::config::BackendConfig;
use crate::backend::{self, Action, PAGE};
use crate::config::{Config, JourneyConfig};
use crate::flow::{Effect, Flow, Input, Journey, Recovery, Step, Totp, TwoStepStatus};
use crate::messages::{Catalog, Msg};
use crate::recovery;
use crate::totp::{self, OtpAuth};
use gloo_events::EventListener;
use gloo_timers::callback::Interval;
use js_sys::{Object, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlFormElement, HtmlInputElement};
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
    // Its language, for screen readers' pronunciation, when the page's is another.
    set(&panel, "lang", &config.locale);
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
            None => steps::build(rc),
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
        // Said by the region that outlives every step: what was just saved (a region inside the
        // new step would be announced late or not at all), then where the person is now.
        let notice = s.flow.notice().map(|n| s.text(steps::notice_msg(n)));
        let progress = s.flow.progress().map(|p| {
            let text = s.catalog().text(Msg::JourneyProgress, &[("n", &p.position), ("total", &p.total)]);
            format!("{text}: {}", dom.heading.text_content().unwrap_or_default())
        });
        let said: Vec<String> = notice.into_iter().chain(progress).collect();
        if !said.is_empty() {
            set_text(&s.live, &said.join(" "));
        }
        if moved_on {
            view::focus(&dom.heading);
        }
        s.dom = Some(dom);
    }
    status::update(rc);
}

/// Whether the step shows what arrived after it was first built (the 2-step secret, the
/// recovery codes): it is built again when that arrives.
fn holds_secret(flow: &Flow) -> bool {
    flow.totp().is_some() || flow.recovery_codes().is_some()
}

/// The fields whose typed values survive leaving their step (Back, then forward again): none
/// of them a secret.
const KEPT_FIELDS: [&str; 3] = ["username", "email", "question"];


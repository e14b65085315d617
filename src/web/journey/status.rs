//! The step on screen's state as the flow has it: busy, the error and its message (beside the
//! fields it names), and the countdown of a lockout or a rate limit.

use super::super::view::set;
use super::super::view::set_text;
use super::{drive, State, StepDom};
use crate::backend::{Action, RetryReason};
use crate::flow::{Input, Recovery, Step, StepError};
use crate::messages::{Catalog, Msg};
use gloo_timers::callback::Interval;
use std::cell::RefCell;
use std::rc::{Rc, Weak};

/// Writes the flow's error, busy state and countdown into the step on screen.
pub(super) fn update(rc: &Rc<RefCell<State>>) {
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


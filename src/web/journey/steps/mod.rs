//! One view per step, each in the file named after it, built from the shared builders
//! ([`Builder`]); [`build`] picks the step's view and adds what every step has.

mod browser_saving;
mod done;
mod ended;
mod forgot;
mod menu;
mod new_password;
mod popups;
mod reauthenticate;
mod recovery;
mod recovery_codes;
mod sign_in;
mod terms;
mod turn_off_two_step;
mod two_step;

pub(super) use menu::notice_msg;
// What the step views share.
use super::builder::{link, Builder, Kind};
use super::super::view::{element, set, set_text, unique_id};
use super::super::widget::Widget;
use super::{holds_secret, State, StepDom};
use crate::config::Config;
use crate::flow::Step;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// What a step's view asks for beyond its form.
#[derive(Default)]
struct Extras {
    /// Caps Lock, Show password and, for new passwords, the live checklist, as on any form.
    password_widget: bool,
    /// The recovery step's rules and guessable-question warning, kept in step with typing.
    recovery: Option<recovery::Parts>,
    /// On the sign-in step: whether the password was typed or pasted by the person.
    typed: Option<Rc<Cell<bool>>>,
}

/// Builds the form for the flow's current step.
pub(super) fn build(rc: &Rc<RefCell<State>>) -> StepDom {
    let s = rc.borrow();
    let doc = s.root.owner_document().expect("attached roots are in a document");
    let mut b = Builder::new(&doc, Rc::downgrade(rc), &s);
    let step = s.flow.step();
    // The hub has one way out (Done); a step taken from it has Back to it.
    let cancel = !matches!(step, Step::SignIn | Step::Menu | Step::Done | Step::SignedOut | Step::Cancelled);
    let back = s.flow.can_go_back();
    let extras = match step {
        Step::SignIn => sign_in::view(&mut b, &s),
        Step::Terms => terms::view(&mut b, &s),
        Step::ChangePassword | Step::ForgotReset => new_password::view(&mut b, &s),
        Step::BrowserSaving => browser_saving::view(&mut b, &s),
        Step::Popups => popups::view(&mut b, &s),
        Step::Recovery => recovery::view(&mut b, &s),
        Step::TwoStep => two_step::view(&mut b, &s),
        Step::RecoveryCodes => recovery_codes::view(&mut b, &s),
        Step::Done => done::view(&mut b, &s),
        Step::Reauthenticate => reauthenticate::view(&mut b, &s),
        Step::Menu => menu::view(&mut b, &s),
        Step::TurnOffTwoStep => turn_off_two_step::view(&mut b, &s),
        Step::ForgotUsername => forgot::username(&mut b, &s),
        Step::ForgotAnswer => forgot::answer(&mut b, &s),
        Step::ForgotSent => forgot::sent(&mut b, &s),
        Step::SignedOut | Step::Cancelled => ended::view(&mut b, &s),
    };
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
    dom.typed = extras.typed;
    dom.has_totp = has_totp;
    dom.has_code = has_code;
    dom.countdown = countdown;
    if extras.password_widget {
        // Caps Lock, Show password and (for new passwords) the live checklist, as on any form.
        dom.widget = Widget::attach(dom.form.clone().into(), step_config, estimator).ok();
    }
    if let Some(parts) = extras.recovery {
        recovery::watch(rc, &mut dom, parts, username, new_password);
    }
    dom
}

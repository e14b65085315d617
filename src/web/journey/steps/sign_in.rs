//! The sign-in: username, password, and the 2-step code once the backend asks for it (also
//! Security Settings' first step on a backend without sessions).

use super::{Builder, Extras, Kind, State};
use crate::flow::Journey;
use crate::messages::Msg;
use gloo_events::EventListener;
use std::cell::Cell;
use std::rc::Rc;

pub(super) fn view(b: &mut Builder, s: &State) -> Extras {
    let journey = s.journey.journey;
    let typed = Rc::new(Cell::new(false));
    let mut extras = Extras::default();
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
    extras.password_widget = true;
    extras.typed = Some(typed);
    extras
}

//! Signed out or cancelled: what happened, and the way back to sign in.

use super::{Builder, Extras, State, link};
use crate::flow::{SignedOut, Step};
use crate::messages::Msg;

pub(super) fn view(b: &mut Builder, s: &State) -> Extras {
    let step = s.flow.step();
    let doc = b.doc.clone();
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
    Extras::default()
}

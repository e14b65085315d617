//! The terms of agreement: accept, or decline and be signed out.

use super::{Builder, Extras, Kind, State, set};
use crate::flow::Input;
use crate::messages::Msg;

pub(super) fn view(b: &mut Builder, s: &State) -> Extras {
    b.heading(Msg::StepTerms);
    let text = s.flow.terms().and_then(|t| t.text.clone()).unwrap_or_else(|| s.text(Msg::TermsMissing));
    let block = b.text("terms-text", &text);
    set(&block, "tabindex", "0");
    b.field("accept", Msg::TermsAccept, Kind::Checkbox);
    b.primary(Msg::TermsAcceptButton);
    b.button("decline", Msg::TermsDecline, Input::Decline);
    Extras::default()
}

//! The end of a journey: what was saved, or, after a reset, the way to sign in.

use super::{Builder, Extras, State, element, link};
use crate::flow::{Journey, TwoStepStatus};
use crate::messages::Msg;

pub(super) fn view(b: &mut Builder, s: &State) -> Extras {
    let doc = b.doc.clone();
    // A reset password: the person is signed out, and signs in with it now.
    if s.journey.journey == Journey::ForgotPassword {
        b.heading(Msg::StepPasswordReset);
        b.para("reset-done", Msg::ResetDoneText);
        if let Some(url) = &s.journey.sign_in_url {
            b.add(&link(&doc, "sign-in", url, &s.text(Msg::SignInNow)));
        }
        return Extras::default();
    }
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
    Extras::default()
}

//! Forgot password: the username (or e-mail address), the recovery question, and the
//! e-mailed link's "check your e-mail".

use super::{Builder, Extras, Kind, State, link, set};
use crate::flow::Recovery;
use crate::messages::Msg;

pub(super) fn username(b: &mut Builder, s: &State) -> Extras {
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
    Extras::default()
}

pub(super) fn sent(b: &mut Builder, s: &State) -> Extras {
    let doc = b.doc.clone();
    b.heading(Msg::StepForgotSent);
    b.para("forgot-sent", Msg::ForgotSentText);
    if let Some(url) = &s.journey.sign_in_url {
        b.add(&link(&doc, "sign-in", url, &s.text(Msg::SignInAgain)));
    }
    Extras::default()
}

pub(super) fn answer(b: &mut Builder, s: &State) -> Extras {
    let mut extras = Extras::default();
    b.heading(Msg::StepForgotAnswer);
    b.para("question-intro", Msg::ForgotQuestionIntro);
    b.text("question", s.flow.question().unwrap_or_default());
    let input = b.field("answer", Msg::FieldAnswer, Kind::Password("off"));
    set(&input, "data-hmis-secret", "answer");
    b.para("recovery-compare", Msg::RecoveryCompare);
    b.primary(Msg::JourneyContinue);
    extras.password_widget = true;
    extras
}

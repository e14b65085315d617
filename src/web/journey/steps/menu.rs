//! Security Settings: a hub, as account-security pages are. Each setting with where the person
//! stands (2-step on or off, the recovery question itself) and the action that fits it; what
//! was just saved; one way back to HMIS. No step count: the person comes back here.

use super::{Builder, Extras, State, element, set};
use crate::flow::{Input, MenuItem, Notice, Recovery};
use crate::messages::Msg;
use web_sys::Element;

pub(super) fn view(b: &mut Builder, s: &State) -> Extras {
    let doc = b.doc.clone();
    let account = s.flow.account().clone();
    b.heading(Msg::StepMenu);
    if let Some(notice) = s.flow.notice() {
        let p = b.para("notice", notice_msg(notice));
        set(&p, "role", "status");
    }
    let list = element(&doc, "ul", "menu");
    b.add(&list);
    let mut setting = |id: &str, name: Msg, state: Option<String>, actions: &[(MenuItem, Msg)]| {
        let li = element(&doc, "li", "setting");
        set(&li, "data-setting", id);
        let title = element(&doc, "p", "setting-name");
        title.set_text_content(Some(&s.text(name)));
        let _ = li.append_child(&title);
        if let Some(state) = state {
            let p = element(&doc, "p", "setting-state");
            p.set_text_content(Some(&state));
            let _ = li.append_child(&p);
        }
        let actions: Vec<&(MenuItem, Msg)> = actions.iter().filter(|(item, _)| s.flow.offers(*item)).collect();
        for (item, label) in actions {
            let button: Element = b.button("menu-item", *label, Input::Choose(*item));
            set(&button, "data-item", item.id());
            let _ = li.append_child(&button);
        }
        let _ = list.append_child(&li);
    };
    setting("password", Msg::SettingPassword, None, &[(MenuItem::ChangePassword, Msg::MenuChangePassword)]);
    if s.flow.options().two_step {
        let (state, actions): (Option<Msg>, &[(MenuItem, Msg)]) = match account.two_step {
            Some(true) => (
                Some(Msg::SettingOn),
                &[(MenuItem::SetUpTwoStep, Msg::MenuPairNewPhone), (MenuItem::TurnOffTwoStep, Msg::MenuTurnOffTwoStep)],
            ),
            Some(false) => (Some(Msg::SettingOff), &[(MenuItem::SetUpTwoStep, Msg::MenuSetUpTwoStep)]),
            // The backend did not say: both, as it may be either.
            None => (None, &[(MenuItem::SetUpTwoStep, Msg::MenuSetUpOrPairTwoStep), (MenuItem::TurnOffTwoStep, Msg::MenuTurnOffTwoStep)]),
        };
        setting("twoStep", Msg::SettingTwoStep, state.map(|m| s.text(m)), actions);
    }
    if s.flow.options().recovery == Recovery::Question {
        let (state, label) = match (&account.question, account.recovery_set) {
            (Some(question), _) => (Some(s.catalog().text(Msg::SettingQuestion, &[("question", question)])), Msg::MenuChangeRecovery),
            (None, Some(true)) => (Some(s.text(Msg::SettingSet)), Msg::MenuChangeRecovery),
            (None, Some(false)) => (Some(s.text(Msg::SettingNotSet)), Msg::MenuSetRecovery),
            (None, None) => (None, Msg::MenuRecovery),
        };
        setting("recovery", Msg::SettingRecovery, state, &[(MenuItem::Recovery, label)]);
    }
    b.primary(Msg::MenuDone);
    Extras::default()
}

pub(in crate::web::journey) fn notice_msg(n: Notice) -> Msg {
    match n {
        Notice::PasswordChanged => Msg::NoticePasswordChanged,
        Notice::TwoStepOn => Msg::NoticeTwoStepOn,
        Notice::TwoStepOff => Msg::NoticeTwoStepOff,
        Notice::RecoverySaved => Msg::NoticeRecoverySaved,
    }
}

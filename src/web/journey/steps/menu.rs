//! Security Settings' menu.

use super::{Builder, Extras, State, element, set};
use crate::flow::{Input, MenuItem, Notice};
use crate::messages::Msg;

pub(super) fn view(b: &mut Builder, s: &State) -> Extras {
    let doc = b.doc.clone();
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

//! The recovery codes a backend made as 2-step went on: shown once, copied, saved.

use super::{Builder, Extras, Kind, State, copy_text, element, set};
use crate::messages::Msg;
use gloo_events::EventListener;
use zeroize::Zeroizing;

pub(super) fn view(b: &mut Builder, s: &State) -> Extras {
    let doc = b.doc.clone();
    b.heading(Msg::StepRecoveryCodes);
    match s.flow.recovery_codes() {
        // Being fetched; after a failed fetch, Continue asks again.
        None => {
            b.para("recovery-codes-loading", Msg::RecoveryCodesLoading);
        }
        Some(codes) => {
            b.para("recovery-codes-why", Msg::RecoveryCodesWhy);
            let list = element(&doc, "ul", "recovery-codes");
            for code in codes.lines() {
                let li = element(&doc, "li", "recovery-code");
                li.set_text_content(Some(code));
                let _ = list.append_child(&li);
            }
            b.add(&list);
            let copy = element(&doc, "button", "copy-codes");
            set(&copy, "type", "button");
            copy.set_text_content(Some(&s.text(Msg::RecoveryCodesCopy)));
            b.add(&copy);
            let copied = b.text("copy-status", "");
            set(&copied, "aria-live", "polite");
            let (all, done_text) = (Zeroizing::new(codes.to_owned()), s.text(Msg::RecoveryCodesCopied));
            b.listeners.push(EventListener::new(&copy, "click", move |_| copy_text(&all, &copied, &done_text)));
            b.field("saved", Msg::RecoveryCodesSaved, Kind::Checkbox);
        }
    }
    b.primary(Msg::JourneyContinue);
    Extras::default()
}

//! The recovery codes a backend made as 2-step went on: shown once, copied, saved.

use super::{Builder, Extras, Kind, State, element};
use crate::messages::Msg;
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
            b.copy_button("copy-codes", Msg::RecoveryCodesCopy, Msg::RecoveryCodesCopied, Zeroizing::new(codes.to_owned()));
            b.field("saved", Msg::RecoveryCodesSaved, Kind::Checkbox);
        }
    }
    b.primary(Msg::JourneyContinue);
    Extras::default()
}

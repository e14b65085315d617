//! Pop-ups for this site: a check the person runs, and the browser's steps when blocked.

use super::{Builder, Extras, State, element, set, set_text};
use crate::messages::Msg;
use gloo_events::EventListener;

pub(super) fn view(b: &mut Builder, s: &State) -> Extras {
    let doc = b.doc.clone();
    let browser = super::super::builder::browser();
    b.heading(Msg::StepPopups);
    b.para("popups-why", Msg::PopupsWhy);
    let status = b.text("popup-status", "");
    set(&status, "aria-live", "polite");
    set(&status, "data-popups", "unknown");
    let steps = b.para("browser-steps", browser.allow_popups());
    set(&steps, "data-browser", browser.id());
    set(&steps, "hidden", "");
    let check = element(&doc, "button", "popup-check");
    set(&check, "type", "button");
    check.set_text_content(Some(&s.text(Msg::PopupsCheck)));
    b.add(&check);
    let catalog = s.catalog().clone();
    let (status2, steps2, check2) = (status.clone(), steps.clone(), check.clone());
    b.listeners.push(EventListener::new(&check, "click", move |_| {
        let allowed = popup_allowed();
        set(&status2, "data-popups", if allowed { "allowed" } else { "blocked" });
        set_text(&status2, &catalog.text(if allowed { Msg::PopupsAllowed } else { Msg::PopupsBlocked }, &[]));
        let _ = if allowed { steps2.set_attribute("hidden", "") } else { steps2.remove_attribute("hidden") };
        set_text(&check2, &catalog.text(Msg::PopupsCheckAgain, &[]));
    }));
    b.primary(Msg::JourneyContinue);
    Extras::default()
}

/// Opens and at once closes a tiny window, on the user's click: the only reliable test of
/// whether this site may open pop-ups.
fn popup_allowed() -> bool {
    let Some(window) = web_sys::window() else { return false };
    match window.open_with_url_and_target_and_features("about:blank", "_blank", "popup,width=320,height=240") {
        Ok(Some(popup)) => {
            let _ = popup.close();
            true
        }
        _ => false,
    }
}

//! Why the browser must not remember the HMIS password, and how to make it forget it.

use super::{Builder, Extras, State, set};
use crate::messages::Msg;

pub(super) fn view(b: &mut Builder, s: &State) -> Extras {
    let browser = super::super::builder::browser();
    b.heading(Msg::StepBrowserSaving);
    b.para("saving-why", Msg::SavingWhy);
    let lead = b.para("saving-howto", if s.autofilled { Msg::SavingAutofilled } else { Msg::SavingHowTo });
    set(&lead, "data-autofilled", if s.autofilled { "true" } else { "false" });
    let steps = b.para("browser-steps", browser.forget_password());
    set(&steps, "data-browser", browser.id());
    b.primary(Msg::JourneyContinue);
    Extras::default()
}

//! The password again, before Security Settings (or 2-step set-up) changes anything.

use super::{Builder, Extras, Kind, State};
use crate::messages::Msg;

pub(super) fn view(b: &mut Builder, _s: &State) -> Extras {
    let mut extras = Extras::default();
    b.heading(Msg::StepReauthenticate);
    b.field("password", Msg::FieldCurrentPassword, Kind::Password("current-password"));
    b.primary(Msg::JourneyContinue);
    extras.password_widget = true;
    extras
}

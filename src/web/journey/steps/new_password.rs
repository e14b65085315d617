//! A new password: the first login's change (with the temporary password), Security
//! Settings' change (with the current one) and the end of a reset.

use super::{Builder, Extras, Kind, State};
use crate::flow::{Journey, Step};
use crate::config::Preset;
use crate::messages::Msg;

pub(super) fn view(b: &mut Builder, s: &State) -> Extras {
    let journey = s.journey.journey;
    let step = s.flow.step();
    let mut extras = Extras::default();
    b.heading(if step == Step::ForgotReset || journey == Journey::SecuritySettings {
        Msg::StepNewPassword
    } else {
        Msg::StepChangePassword
    });
    b.username_context(&s.username, s.config.preset == Preset::Nist);
    if step == Step::ChangePassword {
        let label = if journey == Journey::FirstLogin { Msg::FieldTemporaryPassword } else { Msg::FieldCurrentPassword };
        b.field("currentPassword", label, Kind::Password("current-password"));
    }
    b.field("newPassword", Msg::FieldNewPassword, Kind::Password("new-password"));
    b.field("confirmPassword", Msg::FieldConfirmPassword, Kind::Password("new-password"));
    b.primary(Msg::JourneyContinue);
    extras.password_widget = true;
    extras
}

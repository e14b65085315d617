//! The explicit confirmation before 2-step verification goes off.

use super::{Builder, Extras, State};
use crate::messages::Msg;

pub(super) fn view(b: &mut Builder, _s: &State) -> Extras {
    b.heading(Msg::StepTurnOffTwoStep);
    b.para("turn-off-confirm", Msg::TurnOffConfirm);
    b.primary(Msg::TurnOffButton);
    Extras::default()
}

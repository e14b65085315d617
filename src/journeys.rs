//! What a journey is asked to do: which journey, and the options the host configured and its
//! backend's capabilities. Plain data, read by the configuration and followed by the flow,
//! so neither needs the other.

/// The three guided journeys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Journey {
    FirstLogin,
    SecuritySettings,
    ForgotPassword,
}

impl Journey {
    pub const ALL: &'static [Journey] = &[Journey::FirstLogin, Journey::SecuritySettings, Journey::ForgotPassword];
}

/// The terms of agreement, from configuration, overridden field by field by the sign-in
/// response (`termsText`, `termsVersion`): the backend knows the current version best.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Terms {
    pub text: Option<String>,
    pub version: Option<String>,
}

/// What the host configured for the journeys, and what its backend can do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Terms shown when the sign-in response carries none.
    pub terms: Option<Terms>,
    /// The backend has 2-step verification (most do); without it no step or menu item offers it.
    pub two_step: bool,
    /// 2-step verification cannot be skipped (nor turned off in Security Settings).
    pub two_step_required: bool,
    /// The shell generates the TOTP secret (and hands it in with `Input::LocalTotp`) instead
    /// of asking the backend with `StartTotp`.
    pub local_totp_secret: bool,
    /// How a person who forgot the password gets back in, which also decides whether the
    /// first login and Security Settings set a recovery question.
    pub recovery: Recovery,
    /// Every first login changes the password, for backends whose sign-in answer cannot say
    /// that it must (`mustChangePassword`).
    pub always_change_password: bool,
    /// Security Settings begins with a whole sign-in (username, password, and the 2-step code
    /// when asked) rather than the password again: for backends that keep no session the page
    /// can use (a bearer token that only a sign-in hands out).
    pub settings_sign_in: bool,
    /// The backend answers a retried submission from its record (`Idempotency-Key`); where it
    /// does not, a change whose answer was lost may have happened, and the person is told so.
    pub replay_safe: bool,
    /// After 2-step goes on, the recovery codes are asked for (`RecoveryCodes`) when the answer
    /// did not carry them.
    pub fetch_recovery_codes: bool,
    /// Forgot password opens on the new password: the page was opened from an e-mailed reset
    /// link, whose values the reset request carries.
    pub reset_link: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            terms: None,
            two_step: true,
            two_step_required: false,
            local_totp_secret: false,
            recovery: Recovery::Question,
            always_change_password: false,
            settings_sign_in: false,
            replay_safe: true,
            fetch_recovery_codes: false,
            reset_link: false,
        }
    }
}

/// How a forgotten password is recovered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Recovery {
    /// A question the person sets at first login, answered on Forgot password.
    #[default]
    Question,
    /// A reset link sent by e-mail; the question is never asked.
    EmailLink,
    /// Neither: the Helpdesk resets passwords.
    None,
}

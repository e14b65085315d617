//! Talking to any HMIS backend. Pure: which request each action makes (from configuration),
//! and what a response means. The browser shell only sends the request and hands back the
//! status, headers and body.

use std::collections::BTreeMap;

/// Everything the widget can ask a backend to do. The string form is the configuration key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    SignIn,
    AcceptTerms,
    ChangePassword,
    SetRecovery,
    StartTotp,
    VerifyTotp,
    DisableTotp,
    Reauthenticate,
    ForgotStart,
    ForgotAnswer,
    ForgotReset,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::SignIn,
        Action::AcceptTerms,
        Action::ChangePassword,
        Action::SetRecovery,
        Action::StartTotp,
        Action::VerifyTotp,
        Action::DisableTotp,
        Action::Reauthenticate,
        Action::ForgotStart,
        Action::ForgotAnswer,
        Action::ForgotReset,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Action::SignIn => "signIn",
            Action::AcceptTerms => "acceptTerms",
            Action::ChangePassword => "changePassword",
            Action::SetRecovery => "setRecovery",
            Action::StartTotp => "startTotp",
            Action::VerifyTotp => "verifyTotp",
            Action::DisableTotp => "disableTotp",
            Action::Reauthenticate => "reauthenticate",
            Action::ForgotStart => "forgotStart",
            Action::ForgotAnswer => "forgotAnswer",
            Action::ForgotReset => "forgotReset",
        }
    }

    pub fn from_key(key: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.key() == key)
    }
}

/// Why a request may simply be tried again, with everything the user typed kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryReason {
    /// 5xx.
    Server,
    Timeout,
    /// No response at all (offline, connection reset, CORS refusal).
    Network,
}

/// What a response means, the same for every backend.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// 2xx. `data` holds the logical fields read from the body (e.g. `question`, `totpUri`,
    /// `mustChangePassword`, `termsText`, `termsVersion`, `resetToken`), as configured.
    Success { data: BTreeMap<String, String> },
    /// 400/422: messages per logical field name; `""` for a message about the whole form.
    FieldErrors { errors: Vec<(String, String)> },
    /// 401.
    WrongCredentials,
    /// 423, with seconds until the lock lifts when the backend says.
    Locked { retry_after: Option<u64> },
    /// 429, with seconds to wait (Retry-After, or a default).
    RateLimited { retry_after: u64 },
    Retry { reason: RetryReason },
    /// A response that makes no sense (HTML where JSON was expected, missing fields, an
    /// unknown status). `detail` is for the developer's console, never shown to the user.
    Unexpected { detail: String },
}

//! The steps of each journey as a state machine. Pure: no clocks, no randomness, no I/O, so the
//! same inputs always give the same states and every path is tested natively.
//!
//! A [`Flow`] owns where the user is, which request is in flight (one at a time), the error to
//! show, and the little non-secret data the steps need (terms, the recovery question, the reset
//! token, the TOTP secret while on the 2-step step, dropped on leaving it). It never holds
//! passwords or recovery answers: the shell reads those from the fields when it builds a request.
//! [`Flow::handle`] takes an [`Input`] and returns the [`Effect`] the shell must carry out.
//!
//! ## First login (up to 8 steps, counted once the sign-in answer says which are left)
//! | step            | Submit                              | on success                              | Back          |
//! |-----------------|-------------------------------------|-----------------------------------------|---------------|
//! | `signIn`        | send `SignIn`                       | `mustChangePassword="true"` → `terms` (straight to `changePassword` when neither the response nor the configuration has terms); else, after an ended session, back to the step it ended on; else `recoverySet="false"` → `browserSaving` (the set-up resumes); `recoverySet="true"` → `done` at once (`Complete`). An answer without `mustChangePassword` (or, when it is false, without `recoverySet`) is unexpected: nothing counts as done that the backend did not say | – |
//! | `terms`         | send `AcceptTerms`                  | `changePassword`; **Decline** sends `SignOut`, and only its success → `signedOut` (`SignOut`) | – |
//! | `changePassword`| send `ChangePassword`               | `browserSaving`                         | –             |
//! | `browserSaving` | advance (information only)          | `popups`                                | –             |
//! | `popups`        | advance (information only)          | `recovery`                              | `browserSaving` |
//! | `recovery`      | send `SetRecovery`                  | `twoStep`, entered with `Send(StartTotp)` or `GenerateSecret` | `popups` |
//! | `twoStep`       | no secret yet: `StartTotp` / `GenerateSecret`; then send `VerifyTotp` | `recoveryCodes` when the answer has them (or `RecoveryCodes` is configured), else `done` (`Complete`); **Skip** → `done` unless required | – |
//! | `recoveryCodes` | codes shown: finish; none yet: send `RecoveryCodes` | `done` (`Complete`) | – |
//!
//! Steps the backend does not have are left out ([`Options`]: no recovery question, no 2-step);
//! `firstLogin.changePassword: "always"` takes a sign-in answer without `mustChangePassword` as
//! "change it". A backend that wants the password again before 2-step goes on gets it on
//! `reauthenticate`, and the same code for the same secret is sent again.
//!
//! ## Security settings (a hub: no step count)
//! | step             | Submit                 | on success                               | Back   |
//! |------------------|------------------------|------------------------------------------|--------|
//! | `reauthenticate` | send `Reauthenticate`  | `menu`                                   | –      |
//! | `menu`           | finish → `done` (`Complete`); **Choose** an item → its step (only those [`Flow::offers`], by what [`Flow::account`] says) | – | – |
//! | `changePassword` | send `ChangePassword`  | `menu`, notice `passwordChanged`         | `menu` |
//! | `twoStep`        | as above (set up or re-pair: always a new secret) | `menu`, notice `twoStepOn` | `menu` |
//! | `turnOffTwoStep` | send `DisableTotp` (this step is the explicit confirm; not offered when required) | `menu`, notice `twoStepOff` | `menu` |
//! | `recovery`       | send `SetRecovery`     | `menu`, notice `recoverySaved`           | `menu` |
//!
//! ## Forgot password (4 steps)
//! | step             | Submit               | on success                                        | Back             |
//! |------------------|----------------------|---------------------------------------------------|------------------|
//! | `forgotUsername` | send `ForgotStart`   | `forgotAnswer` with the question (the backend answers alike whether the user exists or not; so does the flow) | – |
//! | `forgotAnswer`   | send `ForgotAnswer`  | `forgotReset` with the reset token                | `forgotUsername` |
//! | `forgotReset`    | send `ForgotReset`   | `done` (`Complete`)                               | –                |
//!
//! ## When time passes
//! - An ended session (`SessionEnded`) in the first login goes back to `signIn` with the error,
//!   remembering the step ([`Flow::resume`]); Security Settings cannot sign in, so it ends in
//!   `signedOut` ([`SignedOut::SessionEnded`]).
//! - A lapsed re-entry window (`ReauthenticationRequired`) in Security Settings goes to
//!   `reauthenticate`; its success sends the chosen change again at once (the shell kept the
//!   step's fields) or, for 2-step, asks for a new secret.
//! - An expired reset (`ResetExpired`) goes back to `forgotUsername`.
//! - A lock with a time, like a rate limit (or a 503 with a time), refuses Submit until
//!   `CooldownOver`.
//!
//! ## Every journey
//! - While a request is pending, Submit, Skip, Back, Cancel, Decline and Choose are ignored; a
//!   response to an action that is not pending is ignored.
//! - An error outcome keeps the step and sets [`StepError`]; a later success clears it. After
//!   `Retry` or `Unexpected` (the backend may have acted before its answer was lost or garbled),
//!   the next Submit resends the same action with `retry: true` (same idempotency key).
//!   After `RateLimited`, a Submit that would send anything is refused until `CooldownOver`.
//! - Back never returns into a step whose request already succeeded (a password cannot be
//!   un-changed). The one exception is `forgotAnswer` → `forgotUsername`: `ForgotStart` changes
//!   nothing on the server, and a mistyped username must be fixable.
//! - Cancel → `cancelled` (`Close`) from any step that is not terminal.

use crate::backend::{Action, Outcome, RetryReason};
pub use crate::journeys::{Journey, Options, Recovery, Terms};
use std::collections::BTreeMap;
use std::fmt;

impl Journey {
    /// Where the journey starts for a backend without the options' particulars.
    pub fn first_step(self) -> Step {
        match self {
            Journey::FirstLogin => Step::SignIn,
            Journey::SecuritySettings => Step::Reauthenticate,
            Journey::ForgotPassword => Step::ForgotUsername,
        }
    }
}

const FIRST_LOGIN: &[Step] = &[
    Step::SignIn,
    Step::Terms,
    Step::ChangePassword,
    Step::BrowserSaving,
    Step::Popups,
    Step::Recovery,
    Step::TwoStep,
    Step::Done,
];
/// Forgot password by recovery question. By e-mailed link it is two short halves on two
/// pages (ask for the link; open it and choose the password), neither of which is counted.
const FORGOT_PASSWORD: &[Step] = &[Step::ForgotUsername, Step::ForgotAnswer, Step::ForgotReset, Step::Done];

/// Where the user is. `Done`, `SignedOut` and `Cancelled` are terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    SignIn,
    Terms,
    ChangePassword,
    BrowserSaving,
    Popups,
    Recovery,
    TwoStep,
    /// The recovery codes the backend made as 2-step went on: shown once, to be saved.
    RecoveryCodes,
    Reauthenticate,
    Menu,
    TurnOffTwoStep,
    ForgotUsername,
    ForgotAnswer,
    ForgotReset,
    /// A reset link is on its way by e-mail (recovery by e-mailed link): nothing more here.
    ForgotSent,
    Done,
    SignedOut,
    Cancelled,
}

impl Step {
    pub const ALL: &'static [Step] = &[
        Step::SignIn,
        Step::Terms,
        Step::ChangePassword,
        Step::BrowserSaving,
        Step::Popups,
        Step::Recovery,
        Step::TwoStep,
        Step::RecoveryCodes,
        Step::Reauthenticate,
        Step::Menu,
        Step::TurnOffTwoStep,
        Step::ForgotUsername,
        Step::ForgotAnswer,
        Step::ForgotReset,
        Step::ForgotSent,
        Step::Done,
        Step::SignedOut,
        Step::Cancelled,
    ];

    /// Stable id for `data-step` attributes and message keys.
    pub fn id(self) -> &'static str {
        match self {
            Step::SignIn => "signIn",
            Step::Terms => "terms",
            Step::ChangePassword => "changePassword",
            Step::BrowserSaving => "browserSaving",
            Step::Popups => "popups",
            Step::Recovery => "recovery",
            Step::TwoStep => "twoStep",
            Step::RecoveryCodes => "recoveryCodes",
            Step::Reauthenticate => "reauthenticate",
            Step::Menu => "menu",
            Step::TurnOffTwoStep => "turnOffTwoStep",
            Step::ForgotUsername => "forgotUsername",
            Step::ForgotAnswer => "forgotAnswer",
            Step::ForgotReset => "forgotReset",
            Step::ForgotSent => "forgotSent",
            Step::Done => "done",
            Step::SignedOut => "signedOut",
            Step::Cancelled => "cancelled",
        }
    }

    pub fn is_terminal(self) -> bool {
        matches!(self, Step::Done | Step::SignedOut | Step::Cancelled | Step::ForgotSent)
    }
}

/// The Security Settings menu. Re-pairing an authenticator is `SetUpTwoStep` again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MenuItem {
    ChangePassword,
    SetUpTwoStep,
    TurnOffTwoStep,
    Recovery,
}

impl MenuItem {
    pub const ALL: &'static [MenuItem] =
        &[MenuItem::ChangePassword, MenuItem::SetUpTwoStep, MenuItem::TurnOffTwoStep, MenuItem::Recovery];

    pub fn id(self) -> &'static str {
        match self {
            MenuItem::ChangePassword => "changePassword",
            MenuItem::SetUpTwoStep => "setUpTwoStep",
            MenuItem::TurnOffTwoStep => "turnOffTwoStep",
            MenuItem::Recovery => "recovery",
        }
    }
}

/// What the menu says was just saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Notice {
    PasswordChanged,
    TwoStepOn,
    TwoStepOff,
    RecoverySaved,
}

impl Notice {
    pub fn id(self) -> &'static str {
        match self {
            Notice::PasswordChanged => "passwordChanged",
            Notice::TwoStepOn => "twoStepOn",
            Notice::TwoStepOff => "twoStepOff",
            Notice::RecoverySaved => "recoverySaved",
        }
    }
}

/// The authenticator secret being paired: an `otpauth://` URI and/or the base32 key, at least
/// one of them. `Debug` never shows them.
#[derive(Clone, PartialEq, Eq)]
pub struct Totp {
    pub uri: Option<String>,
    pub secret: Option<String>,
}

impl fmt::Debug for Totp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |v: &Option<String>| v.as_ref().map(|_| "[redacted]");
        f.debug_struct("Totp").field("uri", &shown(&self.uri)).field("secret", &shown(&self.secret)).finish()
    }
}

/// Everything that moves a flow.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    Submit,
    Skip,
    Back,
    Cancel,
    /// Decline the terms of agreement.
    Decline,
    Choose(MenuItem),
    /// What the backend answered to `action`.
    Response(Action, Outcome),
    /// A secret generated by the shell, when configured with `local_totp_secret`.
    LocalTotp(Totp),
    /// The rate-limit countdown the shell was running has ended.
    CooldownOver,
}

/// What the shell must do after [`Flow::handle`]. Everything but `Nothing` also means: render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// The input was ignored or refused.
    Nothing,
    Render,
    /// Build and send `action`'s request. `retry` says it resends the last submission, so the
    /// shell reuses its idempotency key; otherwise it makes a new one.
    Send { action: Action, retry: bool },
    /// Generate a TOTP secret locally and hand it in with [`Input::LocalTotp`].
    GenerateSecret,
    /// The journey is complete.
    Complete(Summary),
    /// The user declined the terms: sign them out.
    SignOut,
    /// The user cancelled: close the journey.
    Close,
}

/// Why the current step did not move on, for the shell to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepError {
    /// Messages per logical field; `""` for the whole form.
    FieldErrors(Vec<(String, String)>),
    WrongCredentials,
    /// With a time, Submit is refused until [`Input::CooldownOver`].
    Locked { retry_after: Option<u64> },
    /// Submit is refused until [`Input::CooldownOver`]. `busy`: the server is down for a while
    /// (a 503 with Retry-After), not refusing this person's pace.
    RateLimited { retry_after: u64, busy: bool },
    /// The session ended; the step on screen is where signing in again goes on from.
    /// `message` is the backend's own sentence, if it sent one.
    SessionEnded { message: Option<String> },
    /// The reset token lapsed; Forgot password starts again here.
    ResetExpired { message: Option<String> },
    /// The re-entry window passed: the password again, then the chosen change is carried out.
    ReauthenticationRequired { message: Option<String> },
    /// A retry of `action` after its answer was lost was refused in a way that says the first
    /// attempt may have done it (the old password no longer works, the link is used), on a
    /// backend that does not answer retries from its record.
    MaybeDone { action: Action },
    /// Declining the terms could not sign the person out (the backend did not confirm it).
    SignOutFailed,
    /// The backend will not do this as asked, and trying again cannot help (reload the page,
    /// or ask the Helpdesk). `message` is the backend's own sentence, if it sent one.
    Refused { message: Option<String> },
    /// The next Submit resends the same submission.
    Retry { reason: RetryReason },
    /// `detail` is for the developer's console, never for the user.
    Unexpected { detail: String },
}

impl StepError {
    pub fn id(&self) -> &'static str {
        match self {
            StepError::FieldErrors(_) => "fieldErrors",
            StepError::WrongCredentials => "wrongCredentials",
            StepError::Locked { .. } => "locked",
            StepError::RateLimited { .. } => "rateLimited",
            StepError::SessionEnded { .. } => "sessionEnded",
            StepError::ResetExpired { .. } => "resetExpired",
            StepError::ReauthenticationRequired { .. } => "reauthenticationRequired",
            StepError::MaybeDone { .. } => "maybeDone",
            StepError::SignOutFailed => "signOutFailed",
            StepError::Refused { .. } => "refused",
            StepError::Retry { .. } => "retry",
            StepError::Unexpected { .. } => "unexpected",
        }
    }
}

/// Where 2-step verification ended up in this journey.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TwoStepStatus {
    #[default]
    Unchanged,
    On,
    Skipped,
    Off,
}

/// What the journey saved. All defaults after a first sign-in that needed nothing: the user
/// was simply signed in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub terms_accepted: bool,
    pub terms_version: Option<String>,
    pub password_changed: bool,
    pub recovery_set: bool,
    pub two_step: TwoStepStatus,
}

/// Where the person stands, as the backend said at re-entry (or sign-in) and as this journey's
/// changes left it; `None` where the backend did not say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Account {
    pub two_step: Option<bool>,
    pub recovery_set: Option<bool>,
    /// The recovery question itself: shown only once the password was entered.
    pub question: Option<String>,
}

/// Why a journey ended in `signedOut`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SignedOut {
    /// The person declined the terms, and the backend confirmed the sign-out.
    #[default]
    Declined,
    /// The session ended where signing in again cannot happen inside the journey (Security
    /// Settings): the person signs in on the host's sign-in page.
    SessionEnded,
}

/// "Step `position` of `total`", 1-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub position: usize,
    pub total: usize,
}

/// A value `Debug` never shows.
#[derive(Clone, PartialEq, Eq)]
struct Hidden(String);

impl fmt::Debug for Hidden {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// One journey in progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    journey: Journey,
    options: Options,
    step: Step,
    pending: Option<Action>,
    /// The action whose last attempt ended in `Retry`: the next Submit resends it as a retry.
    retry: Option<Action>,
    /// The action whose answer was lost on a backend that does not replay: it may have happened.
    uncertain: Option<Action>,
    cooling_down: bool,
    error: Option<StepError>,
    terms: Option<Terms>,
    totp: Option<Totp>,
    question: Option<String>,
    reset_token: Option<Hidden>,
    /// One per line; only while on `recoveryCodes`.
    recovery_codes: Option<Hidden>,
    notice: Option<Notice>,
    summary: Summary,
    /// The sign-in step also asks for the 2-step code (the account has 2-step on).
    sign_in_code: bool,
    /// Where the journey goes on once the person has signed in (or re-entered the password)
    /// again after their session ended (or the re-entry window passed).
    resume: Option<Step>,
    /// The secret being paired when the first login's 2-step step had to ask for the password
    /// again: the step comes back with it, and the code typed for it is sent again.
    resume_totp: Option<Totp>,
    /// The account's username as the backend gave it at sign-in or re-entry.
    username: Option<String>,
    account: Account,
    signed_out: SignedOut,
    /// The steps this person goes through, for "Step n of N"; known in the first login only
    /// once the sign-in answer has said what is left to do.
    plan: Vec<Step>,
}

impl Flow {
    pub fn new(journey: Journey, options: Options) -> Flow {
        let step = match journey {
            Journey::SecuritySettings if options.settings_sign_in => Step::SignIn,
            Journey::ForgotPassword if options.reset_link => Step::ForgotReset,
            other => other.first_step(),
        };
        let counted = journey == Journey::ForgotPassword && options.recovery == Recovery::Question && !options.reset_link;
        Flow {
            journey,
            step,
            pending: None,
            retry: None,
            uncertain: None,
            cooling_down: false,
            error: None,
            terms: options.terms.clone(),
            totp: None,
            question: None,
            reset_token: None,
            recovery_codes: None,
            notice: None,
            summary: Summary::default(),
            sign_in_code: false,
            resume: None,
            resume_totp: None,
            username: None,
            account: Account::default(),
            signed_out: SignedOut::default(),
            // The first login's is known from the sign-in answer; Security Settings counts its own.
            plan: if counted { FORGOT_PASSWORD.to_vec() } else { Vec::new() },
            options,
        }
    }

    pub fn journey(&self) -> Journey {
        self.journey
    }

    pub fn step(&self) -> Step {
        self.step
    }

    /// Counts only the steps this person goes through. `None` once signed out or cancelled
    /// (nothing left to announce), on the first login's sign-in step (what is left to do is
    /// known only from the sign-in answer), for a sign-in that had nothing left to do, and in
    /// Security Settings, a hub the person comes back to, not a sequence.
    pub fn progress(&self) -> Option<Progress> {
        let position = match (self.journey, self.step) {
            (_, Step::SignedOut | Step::Cancelled) | (Journey::SecuritySettings, _) => return None,
            // The recovery codes belong to the 2-step step.
            (_, Step::RecoveryCodes) if self.plan.len() > 2 => self.plan.iter().position(|s| *s == Step::TwoStep)? + 1,
            (_, step) if self.plan.len() > 2 => self.plan.iter().position(|s| *s == step)? + 1,
            _ => return None,
        };
        Some(Progress { position, total: self.plan.len() })
    }

    /// Where the person stands (Security Settings shows it beside each setting).
    pub fn account(&self) -> &Account {
        &self.account
    }

    /// The username the backend gave at sign-in or at re-entry, if it did.
    pub fn username(&self) -> Option<&str> {
        self.username.as_deref()
    }

    /// Why the journey ended in `signedOut`.
    pub fn signed_out(&self) -> SignedOut {
        self.signed_out
    }

    /// Where the journey goes on after signing in (or re-entering the password) again.
    pub fn resume(&self) -> Option<Step> {
        self.resume
    }

    pub fn error(&self) -> Option<&StepError> {
        self.error.as_ref()
    }

    /// The request in flight, if any (the shell shows the step as busy).
    pub fn pending(&self) -> Option<Action> {
        self.pending
    }

    pub fn cooling_down(&self) -> bool {
        self.cooling_down
    }

    /// Whether Back would do anything now (for showing the button).
    pub fn can_go_back(&self) -> bool {
        self.pending.is_none() && self.back_target().is_some()
    }

    /// Whether Skip would do anything now.
    pub fn can_skip(&self) -> bool {
        self.pending.is_none()
            && self.step == Step::TwoStep
            && self.journey == Journey::FirstLogin
            && !self.options.two_step_required
    }

    pub fn terms(&self) -> Option<&Terms> {
        self.terms.as_ref()
    }

    /// The secret being paired; only while on `twoStep`.
    pub fn totp(&self) -> Option<&Totp> {
        self.totp.as_ref()
    }

    /// The recovery question; only while on `forgotAnswer`.
    pub fn question(&self) -> Option<&str> {
        self.question.as_deref()
    }

    /// The recovery codes to save, one per line; only while on `recoveryCodes`.
    pub fn recovery_codes(&self) -> Option<&str> {
        self.recovery_codes.as_ref().map(|c| c.0.as_str())
    }

    /// What the host configured for the journey.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The token `ForgotReset` must carry; only while on `forgotReset`.
    pub fn reset_token(&self) -> Option<&str> {
        self.reset_token.as_ref().map(|t| t.0.as_str())
    }

    /// What the menu should say was just saved; only while on `menu`.
    pub fn notice(&self) -> Option<Notice> {
        self.notice
    }

    /// Whether the sign-in step asks for a 2-step code too.
    pub fn sign_in_code(&self) -> bool {
        self.sign_in_code
    }

    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    pub fn handle(&mut self, input: Input) -> Effect {
        if self.step.is_terminal() {
            return Effect::Nothing;
        }
        match input {
            Input::Response(action, outcome) => self.respond(action, outcome),
            Input::CooldownOver => self.cooldown_over(),
            _ if self.pending.is_some() => Effect::Nothing,
            Input::Submit => self.submit(),
            Input::Skip if self.can_skip() => {
                self.summary.two_step = TwoStepStatus::Skipped;
                self.finish()
            }
            Input::Skip => Effect::Nothing,
            Input::Back => match self.back_target() {
                Some(step) => self.go(step),
                None => Effect::Nothing,
            },
            Input::Cancel => {
                self.move_to(Step::Cancelled);
                Effect::Close
            }
            // Signed out only once the backend has confirmed it.
            Input::Decline if self.step == Step::Terms => self.send(Action::SignOut),
            Input::Decline => Effect::Nothing,
            Input::Choose(item) if self.step == Step::Menu => self.choose(item),
            Input::Choose(_) => Effect::Nothing,
            Input::LocalTotp(totp) => self.local_totp(totp),
        }
    }

    fn submit(&mut self) -> Effect {
        let action = match self.step {
            Step::SignIn if self.sign_in_code => Action::SignInCode,
            Step::SignIn => Action::SignIn,
            Step::Terms => Action::AcceptTerms,
            Step::ChangePassword => Action::ChangePassword,
            Step::BrowserSaving => return self.go(Step::Popups),
            Step::Popups if self.options.recovery == Recovery::Question => return self.go(Step::Recovery),
            Step::Popups => return self.after_recovery(),
            Step::RecoveryCodes if self.recovery_codes.is_some() => return self.after_two_step(),
            Step::RecoveryCodes => Action::RecoveryCodes,
            Step::Recovery => Action::SetRecovery,
            Step::TwoStep if self.totp.is_some() => Action::VerifyTotp,
            Step::TwoStep if self.options.local_totp_secret => return Effect::GenerateSecret,
            Step::TwoStep => Action::StartTotp,
            Step::Reauthenticate => Action::Reauthenticate,
            Step::Menu => return self.finish(),
            Step::TurnOffTwoStep => Action::DisableTotp,
            Step::ForgotUsername => Action::ForgotStart,
            Step::ForgotAnswer => Action::ForgotAnswer,
            Step::ForgotReset => Action::ForgotReset,
            Step::Done | Step::SignedOut | Step::Cancelled | Step::ForgotSent => return Effect::Nothing,
        };
        self.send(action)
    }

    fn send(&mut self, action: Action) -> Effect {
        if self.cooling_down {
            return Effect::Nothing;
        }
        let retry = self.retry.take() == Some(action);
        self.pending = Some(action);
        self.error = None;
        Effect::Send { action, retry }
    }

    fn back_target(&self) -> Option<Step> {
        match (self.journey, self.step) {
            (Journey::FirstLogin, Step::Popups) => Some(Step::BrowserSaving),
            (Journey::FirstLogin, Step::Recovery) => Some(Step::Popups),
            (
                Journey::SecuritySettings,
                Step::ChangePassword | Step::TwoStep | Step::TurnOffTwoStep | Step::Recovery,
            ) => Some(Step::Menu),
            (Journey::ForgotPassword, Step::ForgotAnswer) => Some(Step::ForgotUsername),
            _ => None,
        }
    }

    /// The menu items this backend has.
    pub fn offers(&self, item: MenuItem) -> bool {
        match item {
            MenuItem::ChangePassword => true,
            MenuItem::Recovery => self.options.recovery == Recovery::Question,
            MenuItem::SetUpTwoStep => self.options.two_step,
            // Not while it is off, as far as the backend said.
            MenuItem::TurnOffTwoStep => {
                self.options.two_step && !self.options.two_step_required && self.account.two_step != Some(false)
            }
        }
    }

    fn choose(&mut self, item: MenuItem) -> Effect {
        if !self.offers(item) {
            return Effect::Nothing;
        }
        match item {
            MenuItem::ChangePassword => self.go(Step::ChangePassword),
            MenuItem::Recovery => self.go(Step::Recovery),
            MenuItem::SetUpTwoStep => {
                self.move_to(Step::TwoStep);
                self.begin_two_step()
            }
            MenuItem::TurnOffTwoStep => self.go(Step::TurnOffTwoStep),
        }
    }

    /// Just entered `twoStep`: get a secret.
    fn begin_two_step(&mut self) -> Effect {
        if self.options.local_totp_secret {
            Effect::GenerateSecret
        } else if self.cooling_down {
            // The user fetches it with Submit once the cooldown is over.
            Effect::Render
        } else {
            self.send(Action::StartTotp)
        }
    }

    fn local_totp(&mut self, totp: Totp) -> Effect {
        let usable = totp.uri.is_some() || totp.secret.is_some();
        if self.step != Step::TwoStep || !self.options.local_totp_secret || self.totp.is_some() || !usable {
            return Effect::Nothing;
        }
        self.totp = Some(totp);
        self.error = None;
        Effect::Render
    }

    fn cooldown_over(&mut self) -> Effect {
        if !self.cooling_down {
            return Effect::Nothing;
        }
        self.cooling_down = false;
        if matches!(self.error, Some(StepError::RateLimited { .. } | StepError::Locked { .. })) {
            self.error = None;
        }
        Effect::Render
    }

    fn respond(&mut self, action: Action, outcome: Outcome) -> Effect {
        if self.pending != Some(action) {
            return Effect::Nothing;
        }
        self.pending = None;
        // The retry of a change whose first answer was lost, refused as if it had happened.
        let uncertain = self.uncertain.take() == Some(action);
        if uncertain && self.says_done_already(&outcome) {
            return self.fail(StepError::MaybeDone { action });
        }
        let error = match outcome {
            Outcome::Success { data } => return self.succeeded(action, data),
            // Declining the terms: whatever went wrong, the person was not signed out, and must
            // be told so (a session that had already ended is the one answer that confirms it).
            Outcome::SessionEnded { .. } if action == Action::SignOut => return self.sign_out(SignedOut::Declined),
            _ if action == Action::SignOut => StepError::SignOutFailed,
            Outcome::FieldErrors { errors } => StepError::FieldErrors(errors),
            Outcome::CodeRequired if action == Action::SignIn => {
                // The password was right: ask for the authenticator code on the same step.
                self.sign_in_code = true;
                self.error = None;
                return Effect::Render;
            }
            Outcome::WrongCredentials | Outcome::CodeRequired => StepError::WrongCredentials,
            Outcome::SessionEnded { message } => return self.session_ended(message),
            Outcome::ResetExpired { message } => {
                self.move_to(Step::ForgotUsername);
                StepError::ResetExpired { message }
            }
            Outcome::ReauthenticationRequired { message } if self.journey == Journey::SecuritySettings => {
                // After the password, the change the person chose is carried out.
                let resume = self.step;
                self.move_to(if self.options.settings_sign_in { Step::SignIn } else { Step::Reauthenticate });
                self.sign_in_code = false;
                self.resume = Some(resume);
                StepError::ReauthenticationRequired { message }
            }
            // Some backends want the password again before 2-step goes on, even right after the
            // sign-in (django-allauth): the password, then the same code for the same secret.
            Outcome::ReauthenticationRequired { message } if self.journey == Journey::FirstLogin && self.step == Step::TwoStep => {
                let totp = self.totp.take();
                self.move_to(Step::Reauthenticate);
                self.resume = Some(Step::TwoStep);
                self.resume_totp = totp;
                StepError::ReauthenticationRequired { message }
            }
            Outcome::ReauthenticationRequired { .. } => {
                StepError::Unexpected { detail: format!("{}: the backend asked for the password again outside Security Settings and 2-step set-up", action.key()) }
            }
            Outcome::Locked { retry_after } => {
                // A lock with a time is waited out like a rate limit: the button is disabled.
                self.cooling_down = retry_after.is_some();
                StepError::Locked { retry_after }
            }
            Outcome::RateLimited { retry_after, busy } => {
                self.cooling_down = true;
                if busy {
                    // The server was down, and may have acted before it went: the same submission.
                    self.retry = Some(action);
                }
                StepError::RateLimited { retry_after, busy }
            }
            Outcome::Retry { reason } => {
                self.retry = Some(action);
                self.note_uncertain(action);
                StepError::Retry { reason }
            }
            // Nothing to resend: the same request would be refused the same way.
            Outcome::Refused { message, .. } => StepError::Refused { message },
            // An answer that makes no sense may still come after the backend acted (a proxy's
            // page, a body cut short, a field missing): the next Submit is the same submission,
            // so a backend that honours idempotency keys answers it from its record.
            Outcome::Unexpected { detail } => {
                self.retry = Some(action);
                self.note_uncertain(action);
                StepError::Unexpected { detail }
            }
        };
        self.fail(error)
    }

    /// After a lost answer to a change, on a backend that does not answer a retry from its
    /// record: the change may have happened, which the retry's answer may show.
    fn note_uncertain(&mut self, action: Action) {
        let changes = matches!(action, Action::ChangePassword | Action::ForgotReset | Action::VerifyTotp | Action::DisableTotp);
        if changes && !self.options.replay_safe {
            self.uncertain = Some(action);
        }
    }

    /// Whether a retry's refusal is what the backend would say had the first attempt worked:
    /// the old password or the link no longer works, the code was used, 2-step is already on or
    /// off. A complaint about the new password itself says nothing of the kind.
    fn says_done_already(&self, outcome: &Outcome) -> bool {
        match outcome {
            Outcome::WrongCredentials | Outcome::ResetExpired { .. } | Outcome::Refused { .. } => true,
            Outcome::FieldErrors { errors } => !errors.iter().any(|(field, _)| field == "newPassword" || field == "confirmPassword"),
            _ => false,
        }
    }

    fn succeeded(&mut self, action: Action, mut data: BTreeMap<String, String>) -> Effect {
        let in_first_login = self.journey == Journey::FirstLogin;
        if let Some(username) = data.remove("username").filter(|u| !u.trim().is_empty()) {
            self.username = Some(username);
        }
        if let Some(on) = data.get("twoStepEnabled") {
            self.account.two_step = Some(on == "true");
        }
        if let Some(set) = data.get("recoverySet") {
            self.account.recovery_set = Some(set == "true");
        }
        if let Some(question) = data.remove("recoveryQuestion").filter(|q| !q.trim().is_empty()) {
            self.account.recovery_set = Some(true);
            self.account.question = Some(question);
        }
        // Cleared by the step change a success makes (`move_to`); kept where the answer is refused.
        let resume = self.resume;
        match action {
            Action::SignIn | Action::SignInCode if self.journey == Journey::SecuritySettings => self.reauthenticated(resume),
            Action::SignIn | Action::SignInCode if in_first_login => self.signed_in(action, data, resume),
            Action::SignIn | Action::SignInCode => {
                self.plan = vec![Step::SignIn, Step::Done];
                self.finish()
            }
            Action::AcceptTerms => {
                self.summary.terms_accepted = true;
                self.summary.terms_version = self.terms.as_ref().and_then(|t| t.version.clone());
                self.go(Step::ChangePassword)
            }
            Action::ChangePassword => {
                self.summary.password_changed = true;
                if in_first_login {
                    self.go(Step::BrowserSaving)
                } else {
                    self.menu(Notice::PasswordChanged)
                }
            }
            Action::SetRecovery => {
                self.summary.recovery_set = true;
                self.account.recovery_set = Some(true);
                if in_first_login {
                    self.after_recovery()
                } else {
                    self.menu(Notice::RecoverySaved)
                }
            }
            Action::StartTotp => {
                let uri = data.remove("totpUri");
                let secret = data.remove("totpSecret");
                if uri.is_none() && secret.is_none() {
                    return self.missing(action, "totpUri or totpSecret");
                }
                self.totp = Some(Totp { uri, secret });
                self.error = None;
                Effect::Render
            }
            Action::VerifyTotp => {
                self.summary.two_step = TwoStepStatus::On;
                self.account.two_step = Some(true);
                match data.remove("recoveryCodes") {
                    Some(codes) => self.show_codes(codes),
                    None if self.options.fetch_recovery_codes => {
                        self.move_to(Step::RecoveryCodes);
                        self.send(Action::RecoveryCodes)
                    }
                    None => self.after_two_step(),
                }
            }
            Action::RecoveryCodes => match data.remove("recoveryCodes") {
                Some(codes) => self.show_codes(codes),
                None => self.missing(action, "recoveryCodes"),
            },
            Action::DisableTotp => {
                self.summary.two_step = TwoStepStatus::Off;
                self.account.two_step = Some(false);
                self.menu(Notice::TwoStepOff)
            }
            Action::Reauthenticate => self.reauthenticated(resume),
            Action::SignOut => self.sign_out(SignedOut::Declined),
            Action::ForgotStart if self.options.recovery == Recovery::EmailLink => self.go(Step::ForgotSent),
            Action::ForgotStart => match data.remove("question") {
                Some(question) => {
                    self.move_to(Step::ForgotAnswer);
                    self.question = Some(question);
                    Effect::Render
                }
                None => self.missing(action, "question"),
            },
            Action::ForgotAnswer => match data.remove("resetToken") {
                Some(token) => {
                    self.move_to(Step::ForgotReset);
                    self.reset_token = Some(Hidden(token));
                    Effect::Render
                }
                None => self.missing(action, "resetToken"),
            },
            Action::ForgotReset => {
                self.summary.password_changed = true;
                self.finish()
            }
        }
    }

    /// A first-login sign-in was accepted: on to what the backend says is left to do. Nothing
    /// it did not say counts as done.
    fn signed_in(&mut self, action: Action, mut data: BTreeMap<String, String>, resume: Option<Step>) -> Effect {
        // After an ended session, on where it was, unless the backend says to change the password.
        let resuming =
            matches!(resume, Some(Step::BrowserSaving | Step::Popups | Step::Recovery | Step::TwoStep | Step::RecoveryCodes));
        let must_change = match data.get("mustChangePassword").map(String::as_str) {
            Some(flag) => flag == "true",
            // A backend that cannot say so, configured to change it on every first login.
            None if self.options.always_change_password => !resuming,
            None => return self.missing(action, "mustChangePassword"),
        };
        let recovery_set = match data.get("recoverySet").map(String::as_str) {
            Some(flag) => Some(flag == "true"),
            // Without recovery questions there is none to set.
            None if self.options.recovery != Recovery::Question => Some(true),
            None => None,
        };
        if must_change {
            let configured = self.options.terms.clone().unwrap_or_default();
            let text = data.remove("termsText").or(configured.text);
            let version = data.remove("termsVersion").or(configured.version);
            self.terms = (text.is_some() || version.is_some()).then_some(Terms { text, version });
            // Nothing to accept when the backend sends no terms (it sends them only while
            // they must be accepted, not after a reload past the terms step) and none are
            // configured: accepting "no version" would be refused for good.
            let first = if self.terms.is_none() { Step::ChangePassword } else { Step::Terms };
            self.plan_from(first);
            return self.go(first);
        }
        if resuming {
            let to = match resume {
                Some(Step::Recovery) if recovery_set == Some(true) => return self.after_recovery(),
                // The codes were shown already, or will be by Security Settings: 2-step is on.
                Some(Step::RecoveryCodes) => return self.after_two_step(),
                other => other.unwrap_or(Step::BrowserSaving),
            };
            return self.enter(to);
        }
        match recovery_set {
            None => self.missing(action, "recoverySet"),
            // A first login left after the password change (a reload, a closed tab) resumes
            // where the set-up stopped, when the backend says the recovery question is missing.
            Some(false) => {
                self.plan_from(Step::BrowserSaving);
                self.go(Step::BrowserSaving)
            }
            Some(true) => {
                self.plan = vec![Step::SignIn, Step::Done];
                self.finish()
            }
        }
    }

    /// The password was entered again (or, for a backend without sessions, the person signed
    /// in) in Security Settings: the change chosen before the window passed is carried out now.
    fn reauthenticated(&mut self, resume: Option<Step>) -> Effect {
        if let (Some(Step::TwoStep), Some(totp)) = (resume, self.resume_totp.take()) {
            self.move_to(Step::TwoStep);
            self.totp = Some(totp);
            return self.send(Action::VerifyTotp);
        }
        match resume {
            Some(Step::ChangePassword) => self.resend(Step::ChangePassword, Action::ChangePassword),
            Some(Step::Recovery) => self.resend(Step::Recovery, Action::SetRecovery),
            Some(Step::TurnOffTwoStep) => self.resend(Step::TurnOffTwoStep, Action::DisableTotp),
            Some(Step::TwoStep) => {
                self.move_to(Step::TwoStep);
                self.begin_two_step()
            }
            _ => self.go(Step::Menu),
        }
    }

    /// The first login past the recovery question (set, or none to set): 2-step, if the backend
    /// has it.
    fn after_recovery(&mut self) -> Effect {
        if self.options.two_step {
            self.move_to(Step::TwoStep);
            self.begin_two_step()
        } else {
            self.finish()
        }
    }

    /// 2-step is on (and its recovery codes saved, where there were any).
    fn after_two_step(&mut self) -> Effect {
        match self.journey {
            Journey::FirstLogin => self.finish(),
            _ => self.menu(Notice::TwoStepOn),
        }
    }

    fn show_codes(&mut self, codes: String) -> Effect {
        self.move_to(Step::RecoveryCodes);
        self.recovery_codes = Some(Hidden(codes));
        Effect::Render
    }

    /// The session behind the journey ended. In the first login the person signs in again on
    /// the sign-in step, and the journey resumes where it was; Security Settings cannot sign in
    /// (its first step checks a password within a session), so it ends, pointing to sign-in.
    fn session_ended(&mut self, message: Option<String>) -> Effect {
        match self.journey {
            Journey::FirstLogin => {
                let at = self.step;
                self.move_to(Step::SignIn);
                // Only past the sign-in step: an ended session on the sign-in itself is a sign-in.
                self.resume = (at != Step::SignIn).then_some(at);
                self.sign_in_code = false;
                self.fail(StepError::SessionEnded { message })
            }
            Journey::SecuritySettings => self.sign_out(SignedOut::SessionEnded),
            // Forgot password holds no session: nothing typed there can have lapsed but the token.
            Journey::ForgotPassword => {
                self.move_to(Step::ForgotUsername);
                self.fail(StepError::ResetExpired { message })
            }
        }
    }

    fn sign_out(&mut self, why: SignedOut) -> Effect {
        self.signed_out = why;
        self.move_to(Step::SignedOut);
        Effect::SignOut
    }

    /// Back on `step` after the password was re-entered, sending what the person had submitted
    /// there (the shell kept the step's fields as they were).
    fn resend(&mut self, step: Step, action: Action) -> Effect {
        self.move_to(step);
        self.send(action)
    }

    /// Enters a first-login step after a sign-in that resumed the set-up.
    fn enter(&mut self, step: Step) -> Effect {
        // Resumed on this page, the steps already counted keep their numbers.
        if self.plan.is_empty() {
            self.plan_from(step);
        }
        self.move_to(step);
        if step == Step::TwoStep {
            self.begin_two_step()
        } else {
            Effect::Render
        }
    }

    /// The first login's steps from `first` on, after the sign-in.
    fn plan_from(&mut self, first: Step) {
        let from = FIRST_LOGIN.iter().position(|s| *s == first).unwrap_or(0);
        let options = &self.options;
        let has = |step: &Step| match step {
            Step::Recovery => options.recovery == Recovery::Question,
            Step::TwoStep => options.two_step,
            _ => true,
        };
        self.plan = std::iter::once(Step::SignIn).chain(FIRST_LOGIN[from..].iter().copied().filter(has)).collect();
    }

    fn missing(&mut self, action: Action, what: &str) -> Effect {
        let detail = format!("{}: the response has no {what} (configure backend.endpoints.{}.response)", action.key(), action.key());
        self.fail(StepError::Unexpected { detail })
    }

    fn fail(&mut self, error: StepError) -> Effect {
        self.error = Some(error);
        Effect::Render
    }

    fn menu(&mut self, notice: Notice) -> Effect {
        self.move_to(Step::Menu);
        self.notice = Some(notice);
        Effect::Render
    }

    fn finish(&mut self) -> Effect {
        self.move_to(Step::Done);
        Effect::Complete(self.summary.clone())
    }

    fn go(&mut self, step: Step) -> Effect {
        self.move_to(step);
        Effect::Render
    }

    /// Changes step and drops everything that belonged to the old one (the TOTP secret above
    /// all, and the way back after an ended session: whoever sets `resume` does so after the
    /// move). A rate-limit error stays until the cooldown is over: it applies to every request.
    fn move_to(&mut self, step: Step) {
        self.step = step;
        self.retry = None;
        self.resume = None;
        self.resume_totp = None;
        if !self.cooling_down {
            self.error = None;
        }
        self.totp = None;
        self.question = None;
        self.reset_token = None;
        self.recovery_codes = None;
        self.notice = None;
    }
}

//! What each action does to the accounts, whatever the shape of the request that asked for it
//! (JSON API or classic form): input is a map of logical field names (the widget's names),
//! output an [`Outcome`] plus what happens to the session cookie. Runs on a blocking thread:
//! argon2 and SQLite are synchronous.

use crate::hashing::Hasher;
use crate::limits::{DecoyLocks, RateLimiter};
use crate::settings::Settings;
use crate::store::{Seeded, Session, Store, User};
use crate::support::{hmac_sha256, random_bytes, sha256, token, Clock};
use hmis_onboard::backend::Action;
use hmis_onboard::messages::Catalog;
use hmis_onboard::policy::{self, Policy};
use hmis_onboard::recovery::{self, RecoveryInputs, RecoveryPolicy, RecoveryRule};
use hmis_onboard::totp;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher as _};
use std::sync::{Mutex, MutexGuard};

/// Stripes of [`Turns`]: accounts that share one wait for each other, which is rare and short.
const TURN_STRIPES: usize = 64;

/// One secret check at a time per account. Guesses sent at once would otherwise all pass the
/// lock check before the first failure was counted, and more than `lockout_attempts` of them
/// would be checked; taking turns, each sees the failures before it.
struct Turns([Mutex<()>; TURN_STRIPES]);

impl Turns {
    fn new() -> Turns {
        Turns(std::array::from_fn(|_| Mutex::new(())))
    }

    /// Waits for `username`'s turn (names are compared as accounts are: trimmed, any case).
    fn take(&self, username: &str) -> MutexGuard<'_, ()> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        username.trim().to_lowercase().hash(&mut hasher);
        let stripe = &self.0[hasher.finish() as usize % TURN_STRIPES];
        // A panic while holding a turn poisons nothing we rely on: the store is the state.
        stripe.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The logical request fields, as the widget names them.
#[derive(Clone, Debug, Default)]
pub struct Input(pub BTreeMap<String, String>);

impl Input {
    pub fn get(&self, name: &str) -> &str {
        self.0.get(name).map(String::as_str).unwrap_or("")
    }
}

/// The machine-readable `code` of each kind of refusal, so a client can tell situations apart
/// without reading sentences (docs/api.md lists them; the widget relies on these exact names).
pub mod code {
    /// 401: no session, or it ended (idle, too old, signed out, password changed elsewhere).
    pub const SESSION_ENDED: &str = "sessionEnded";
    /// 401: wrong username or password (sign-in, reauthentication); 422 on a wrong current
    /// password at password change, where the field says which.
    pub const WRONG_CREDENTIALS: &str = "wrongCredentials";
    /// 401: the password was right and a 2-step code is needed.
    pub const CODE_REQUIRED: &str = "codeRequired";
    /// 401 at sign-in (422 at `totp/verify`): the code sent is wrong or was used already.
    pub const WRONG_CODE: &str = "wrongCode";
    /// 401: the recovery answer is wrong.
    pub const WRONG_ANSWER: &str = "wrongAnswer";
    /// 401: the reset token is unknown, used or expired.
    pub const RESET_EXPIRED: &str = "resetExpired";
    /// 403: signed in, but a step must come first.
    pub const TERMS_REQUIRED: &str = "termsRequired";
    pub const PASSWORD_CHANGE_REQUIRED: &str = "passwordChangeRequired";
    pub const REAUTHENTICATION_REQUIRED: &str = "reauthenticationRequired";
    /// 422: a field is wrong (`errors` says which).
    pub const INVALID: &str = "invalid";
    /// 423, 429, 500.
    pub const LOCKED: &str = "locked";
    pub const RATE_LIMITED: &str = "rateLimited";
    pub const SERVER_ERROR: &str = "serverError";
}

/// What an action came to, before any dialect renders it.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// 200 with data fields (logical names) and a message for the person.
    Done { data: Vec<(&'static str, Value)>, message: String },
    /// 422: messages per logical field (`""` never used) and one for the whole form; `code` is
    /// [`code::INVALID`] unless a more precise one applies (a wrong current password or code).
    Invalid { errors: Vec<(&'static str, String)>, message: String, code: &'static str },
    /// 401: wrong credentials, answer or code, no session, or an expired reset (`code` says
    /// which; [`code::CODE_REQUIRED`] and [`code::WRONG_CODE`] also mean `totpRequired`).
    Unauthorized { code: &'static str, message: String },
    /// 403: signed in, but something must happen first (`code` says what).
    Forbidden { code: &'static str, message: String },
    /// 423, for this many more seconds.
    Locked { retry_after: u64 },
    /// 429.
    RateLimited { retry_after: u64 },
    /// 500: the database failed. Nothing to show but "try again".
    Failed,
}

impl Outcome {
    fn done(message: &str) -> Outcome {
        Outcome::Done { data: Vec::new(), message: message.to_owned() }
    }

    fn invalid(field: &'static str, message: &str) -> Outcome {
        Outcome::invalid_as(code::INVALID, field, message)
    }

    fn invalid_as(code: &'static str, field: &'static str, message: &str) -> Outcome {
        Outcome::Invalid { errors: vec![(field, message.to_owned())], message: "Please correct the highlighted field.".to_owned(), code }
    }

    fn unauthorized(code: &'static str, message: &str) -> Outcome {
        Outcome::Unauthorized { code, message: message.to_owned() }
    }

    /// Whether a 401 asks for a 2-step code (the API's `totpRequired: true`).
    pub fn totp_required(&self) -> bool {
        matches!(self, Outcome::Unauthorized { code: code::CODE_REQUIRED | code::WRONG_CODE, .. })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionChange {
    Keep,
    /// A new session token: send it as the session cookie.
    Set(String),
    Clear,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    pub outcome: Outcome,
    pub session: SessionChange,
}

impl From<Outcome> for Reply {
    fn from(outcome: Outcome) -> Reply {
        Reply { outcome, session: SessionChange::Keep }
    }
}

type Result<T> = rusqlite::Result<T>;

const SIGNED_OUT: &str = "You are not signed in, or your session has ended. Sign in again.";
const WRONG_ANSWER: &str = "That answer is not right.";
const WRONG_CREDENTIALS: &str = "The username or password is not right.";
const CODE_NEEDED: &str = "Enter the 6-digit code from your authenticator app.";
const CODE_WRONG: &str = "That code is not right, or was already used. Enter the newest code from your authenticator app.";

/// The decoy question for a name without an account (or without a recovery question) is
/// composed of one part from each list, picked by an HMAC of the name under a key that is
/// random per database: the same name always gets the same question, and nobody can list the
/// questions a server hands out, since any of [`decoy_space`] combinations may come up.
/// Every combination reads like a question a person writes for themselves (the widget's own
/// examples are of this kind), with no answer in it.
pub const DECOY_OPENINGS: &[&str] = &[
    "What was the name of",
    "What did we call",
    "What nickname did I give",
    "What name did I give",
    "What did my family call",
    "What did my brother call",
    "What did my sister call",
    "What did my best friend call",
    "What did my grandmother call",
    "What did my cousins call",
    "What did my dad call",
    "What did my mom call",
    "What did everyone on our street call",
];

/// Things and beings that people name, each fitting after every opening.
pub const DECOY_SUBJECTS: &[&str] = &[
    "my first bicycle",
    "my first stuffed animal",
    "our first family car",
    "the neighbors' dog",
    "the stray cat that sat on our porch",
    "the old truck in our driveway",
    "the garden shed behind the house",
    "our family's fishing boat",
    "my childhood teddy bear",
    "the goldfish I won at the fair",
    "my first team's mascot",
    "the treehouse in our backyard",
    "our old station wagon",
    "the creek behind our house",
    "my favorite doll",
    "the hamster in our classroom",
    "the workshop in our garage",
    "the hill where we went sledding",
    "my imaginary friend",
    "our secret clubhouse",
    "the pony at the riding school",
    "my first guitar",
    "the corner store near our house",
    "the blanket I carried everywhere",
    "the old oak tree in our yard",
    "my first rabbit",
    "our family dog",
    "the campsite we went back to every year",
    "our first computer",
    "the parrot at the pet shop",
    "the tire swing in the park",
    "my best friend's cat",
    "our school bus driver",
    "my first soccer coach",
    "the cabin by the lake",
    "the old sewing machine in the hallway",
    "the tortoise next door",
    "my toy robot",
    "the fort we built in the woods",
    "my first skateboard",
    "the ice cream truck on our street",
    "the canoe we took out on the river",
    "the path we took to school",
    "our landlord's cat",
    "the diner where we ate on Sundays",
    "my first goldfish",
    "the rocking horse in the attic",
    "the scarecrow in our garden",
    "our family's first television",
    "the duck at the pond",
    "my first pair of roller skates",
    "the bakery on the corner",
    "my pet turtle",
    "the horse at the summer fair",
    "the old piano in the living room",
    "our camping tent",
    "the swing set in our yard",
    "my favorite marble",
    "the cow on my uncle's farm",
    "the boat in the harbor near our house",
];

/// When or where: `""` leaves the question without one.
pub const DECOY_QUALIFIERS: &[&str] = &[
    "",
    " when I was little",
    " when I was six",
    " when I was seven",
    " when I was nine",
    " when I was ten",
    " in first grade",
    " in third grade",
    " in fifth grade",
    " in middle school",
    " in high school",
    " at summer camp",
    " at my grandparents' farm",
    " before we moved",
    " in our first apartment",
    " growing up",
    " that first summer",
    " during the long winter",
    " on our road trips",
    " at the lake",
    " on weekends",
    " back then",
    " as a kid",
    " when we lived in the city",
    " when we lived by the coast",
    " after school",
    " at the old house",
    " in the old neighborhood",
    " during summer vacation",
    " when I was a teenager",
];

/// How many different decoy questions there are.
pub fn decoy_space() -> u64 {
    (DECOY_OPENINGS.len() * DECOY_SUBJECTS.len() * DECOY_QUALIFIERS.len()) as u64
}

/// The decoy question made of the given parts (indices taken modulo each list's length).
pub fn decoy_from_parts(opening: u64, subject: u64, qualifier: u64) -> String {
    let pick = |list: &[&'static str], n: u64| list[(n % list.len() as u64) as usize];
    format!("{} {}{}?", pick(DECOY_OPENINGS, opening), pick(DECOY_SUBJECTS, subject), pick(DECOY_QUALIFIERS, qualifier))
}

pub struct Service {
    store: Store,
    hasher: Hasher,
    settings: Settings,
    clock: Clock,
    decoy_key: [u8; 32],
    decoys: DecoyLocks,
    user_limiter: RateLimiter,
    /// Starting a password reset, per username: on top of `user_limiter`, so a name's question
    /// cannot be polled (docs/api.md, what Forgot password still reveals).
    forgot_user_limiter: RateLimiter,
    turns: Turns,
}

impl Service {
    pub fn new(settings: Settings, clock: Clock) -> std::result::Result<Service, String> {
        let store = Store::open(&settings.db).map_err(|e| format!("database {}: {e}", settings.db))?;
        let decoy_key = store.secret("decoy-key", random_bytes::<32>).map_err(|e| format!("database {}: {e}", settings.db))?;
        let hasher = Hasher::new(settings.hash_cost)?;
        let user_limiter = RateLimiter::new(settings.rate_user);
        let forgot_user_limiter = RateLimiter::new(settings.forgot_rate_user);
        let decoys = DecoyLocks::default();
        Ok(Service { store, hasher, settings, clock, decoy_key, decoys, user_limiter, forgot_user_limiter, turns: Turns::new() })
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Password and answer checks made so far (argon2 verifications, real or not).
    pub fn verifications(&self) -> u64 {
        self.hasher.verifications()
    }

    /// Creates the demo account or puts back its temporary password (see [`Store::seed_demo`]).
    pub fn seed_demo(&self) -> std::result::Result<Seeded, String> {
        let s = &self.settings;
        self.store
            .seed_demo(&s.demo_user, s.reset_demo, self.clock.now(), || self.hasher.hash(&s.demo_password))
            .map_err(|e| format!("seeding the demo account: {e}"))
    }

    /// Adds an account with a temporary password (for tests and tools).
    pub fn create_user(&self, username: &str, temporary_password: &str) -> std::result::Result<i64, String> {
        self.store.create_user(username.trim(), &self.hasher.hash(temporary_password), self.clock.now()).map_err(|e| e.to_string())
    }

    /// Does `action` for the holder of `session_token` (the session cookie, if any).
    pub fn execute(&self, action: Action, session_token: Option<&str>, input: &Input) -> Reply {
        let now = self.clock.now();
        // Actions that check a password, answer or code wait for the account's turn first, so
        // the lock check below them sees every failure counted before.
        let account = match action {
            Action::SignIn | Action::SignInCode | Action::ForgotAnswer => Some(input.get("username").to_owned()),
            Action::ChangePassword | Action::Reauthenticate | Action::VerifyTotp => {
                self.current(session_token, now).ok().flatten().map(|(_, user)| user.username)
            }
            _ => None,
        };
        let _turn = account.as_deref().map(|name| self.turns.take(name));
        let result = match action {
            // The contract's code at sign-in goes with the sign-in itself.
            Action::SignIn | Action::SignInCode => self.sign_in(session_token, input, now),
            Action::AcceptTerms => self.accept_terms(session_token, input, now),
            Action::ChangePassword => self.change_password(session_token, input, now),
            Action::SetRecovery => self.set_recovery(session_token, input, now),
            Action::StartTotp => self.start_totp(session_token, now),
            Action::VerifyTotp => self.verify_totp(session_token, input, now),
            Action::DisableTotp => self.disable_totp(session_token, now),
            // This backend makes no recovery codes (its answer to turning 2-step on has none), so
            // no route leads here.
            Action::RecoveryCodes => Ok(Outcome::Forbidden { code: code::INVALID, message: "No recovery codes here.".to_owned() }.into()),
            Action::Reauthenticate => self.reauthenticate(session_token, input, now),
            Action::ForgotStart => self.forgot_start(input, now),
            Action::ForgotAnswer => self.forgot_answer(input, now),
            Action::ForgotReset => self.forgot_reset(input, now),
            // Served by its own route (`http::sign_out`), which needs no idempotency record.
            Action::SignOut => Ok(self.sign_out(session_token)),
        };
        result.unwrap_or_else(|_| Outcome::Failed.into())
    }

    /// Who holds `session_token`, for the Security Settings page.
    pub fn session_info(&self, session_token: Option<&str>) -> Value {
        let now = self.clock.now();
        match self.current(session_token, now) {
            Ok(Some((session, user))) => {
                let reauth_left = (session.authenticated_at + self.settings.reauth_seconds).saturating_sub(now);
                json!({
                    "signedIn": true,
                    "username": user.username,
                    "mustChangePassword": user.must_change_password,
                    "termsAccepted": user.terms_version.as_deref() == Some(self.settings.terms_version.as_str()),
                    "termsVersion": self.settings.terms_version,
                    "recoveryQuestion": user.recovery_question,
                    "totpEnabled": user.totp_secret.is_some(),
                    "recentlyAuthenticated": reauth_left > 0,
                    "reauthenticateWithin": reauth_left,
                })
            }
            _ => json!({ "signedIn": false }),
        }
    }

    /// Ends the session of `session_token`.
    pub fn sign_out(&self, session_token: Option<&str>) -> Reply {
        if let Some(token) = session_token {
            if self.store.delete_session(&sha256(token.as_bytes())).is_err() {
                return Outcome::Failed.into();
            }
        }
        Reply { outcome: Outcome::done("You are signed out."), session: SessionChange::Clear }
    }

    // ---- sessions and guards ----

    /// The live session and its account; an expired one is deleted.
    fn current(&self, token: Option<&str>, now: u64) -> Result<Option<(Session, User)>> {
        let Some(token) = token.filter(|t| !t.is_empty()) else { return Ok(None) };
        let hash = sha256(token.as_bytes());
        let Some(session) = self.store.session(&hash)? else { return Ok(None) };
        let idle = now.saturating_sub(session.last_seen) > self.settings.session_idle_seconds;
        let old = now.saturating_sub(session.created_at) > self.settings.session_max_seconds;
        if idle || old {
            self.store.delete_session(&hash)?;
            return Ok(None);
        }
        let Some(user) = self.store.user(session.user_id)? else { return Ok(None) };
        if session.last_seen != now {
            self.store.touch_session(&hash, now)?;
        }
        Ok(Some((session, user)))
    }

    /// The session's account if it may do an action needing the given steps done first.
    fn require(&self, token: Option<&str>, now: u64, terms: bool, changed: bool, recent: bool) -> Result<std::result::Result<(Session, User), Outcome>> {
        let Some((session, user)) = self.current(token, now)? else {
            return Ok(Err(Outcome::unauthorized(code::SESSION_ENDED, SIGNED_OUT)));
        };
        let forbid = |which, message: &str| Ok(Err(Outcome::Forbidden { code: which, message: message.to_owned() }));
        if terms && user.terms_version.as_deref() != Some(self.settings.terms_version.as_str()) {
            return forbid(code::TERMS_REQUIRED, "Accept the terms of agreement first.");
        }
        if changed && user.must_change_password {
            return forbid(code::PASSWORD_CHANGE_REQUIRED, "Change your temporary password first.");
        }
        if recent && now.saturating_sub(session.authenticated_at) > self.settings.reauth_seconds {
            return forbid(code::REAUTHENTICATION_REQUIRED, "Enter your password again to change your security settings.");
        }
        Ok(Ok((session, user)))
    }

    /// A new session for `user`, replacing the one the request came with (never reusing a
    /// token the browser had before it proved the password).
    fn new_session(&self, old: Option<&str>, user: &User, now: u64) -> Result<String> {
        if let Some(old) = old {
            self.store.delete_session(&sha256(old.as_bytes()))?;
        }
        let s = &self.settings;
        self.store.prune(now.saturating_sub(s.session_idle_seconds), now.saturating_sub(s.session_max_seconds), now)?;
        let new = token();
        self.store.create_session(&sha256(new.as_bytes()), user.id, now)?;
        Ok(new)
    }

    fn limit(&self, username: &str, now: u64) -> Option<Outcome> {
        let key = username.trim().to_lowercase();
        self.user_limiter.check(&key, now).err().map(|retry_after| Outcome::RateLimited { retry_after })
    }

    /// Counts a failure against `user`; the answer is `otherwise`, or 423 if this one locked it.
    fn failure(&self, user: &User, now: u64, otherwise: Outcome) -> Result<Outcome> {
        let s = &self.settings;
        Ok(match self.store.record_failure(user.id, s.lockout_attempts, s.lockout_seconds, now)? {
            Some(until) => Outcome::Locked { retry_after: until - now },
            None => otherwise,
        })
    }

    /// The same for a name without an account, after spending one verification's time:
    /// `otherwise` (a 401), or 423 if this one locked the name.
    fn decoy_failure(&self, username: &str, secret: &str, now: u64, otherwise: Outcome) -> Outcome {
        let key = username.trim().to_lowercase();
        if let Some(retry_after) = self.decoys.locked(&key, now) {
            return Outcome::Locked { retry_after };
        }
        self.hasher.verify_nothing(secret);
        let s = &self.settings;
        match self.decoys.record_failure(&key, s.lockout_attempts, s.lockout_seconds, now) {
            Some(until) => Outcome::Locked { retry_after: until - now },
            None => otherwise,
        }
    }

    fn locked(user: &User, now: u64) -> Option<Outcome> {
        (user.locked_until > now).then(|| Outcome::Locked { retry_after: user.locked_until - now })
    }

    fn terms_pending(&self, user: &User) -> bool {
        user.terms_version.as_deref() != Some(self.settings.terms_version.as_str())
    }

    // ---- actions ----

    fn sign_in(&self, old: Option<&str>, input: &Input, now: u64) -> Result<Reply> {
        let username = input.get("username").trim();
        let password = input.get("password");
        if username.is_empty() || password.is_empty() {
            let mut errors = Vec::new();
            if username.is_empty() {
                errors.push(("username", "Enter your username.".to_owned()));
            }
            if password.is_empty() {
                errors.push(("password", "Enter your password.".to_owned()));
            }
            return Ok(Outcome::Invalid { errors, message: "Enter your username and password.".to_owned(), code: code::INVALID }.into());
        }
        if let Some(limited) = self.limit(username, now) {
            return Ok(limited.into());
        }
        let Some(user) = self.store.find_user(username)? else {
            return Ok(self.decoy_failure(username, password, now, Outcome::unauthorized(code::WRONG_CREDENTIALS, WRONG_CREDENTIALS)).into());
        };
        if let Some(locked) = Self::locked(&user, now) {
            return Ok(locked.into());
        }
        if !self.hasher.verify(password, &user.password_hash) {
            return Ok(self.failure(&user, now, Outcome::unauthorized(code::WRONG_CREDENTIALS, WRONG_CREDENTIALS))?.into());
        }
        if let Some(secret) = &user.totp_secret {
            let code = input.get("code");
            if code.trim().is_empty() {
                return Ok(Outcome::unauthorized(code::CODE_REQUIRED, CODE_NEEDED).into());
            }
            let accepted = match check_code(secret, code, user.totp_last_step, now) {
                Some(step) => self.store.accept_totp_step(user.id, step)?,
                None => false,
            };
            if !accepted {
                let otherwise = Outcome::unauthorized(code::WRONG_CODE, CODE_WRONG);
                return Ok(self.failure(&user, now, otherwise)?.into());
            }
        }
        self.store.clear_failures(user.id)?;
        if self.hasher.outdated(&user.password_hash) {
            self.store.rehash_password(user.id, &self.hasher.hash(password))?;
        }
        let session = self.new_session(old, &user, now)?;
        let mut data = vec![
            // As stored, so a page can check that a new password does not contain it.
            ("username", Value::String(user.username.clone())),
            ("mustChangePassword", Value::Bool(user.must_change_password)),
            // So a first login left after the password change can resume its set-up.
            ("recoverySet", Value::Bool(user.recovery_question.is_some())),
        ];
        if self.terms_pending(&user) {
            data.push(("termsText", Value::String(self.settings.terms_text.clone())));
            data.push(("termsVersion", Value::String(self.settings.terms_version.clone())));
        }
        let message = if user.must_change_password { "Choose a new password to replace your temporary one." } else { "You are signed in." };
        Ok(Reply { outcome: Outcome::Done { data, message: message.to_owned() }, session: SessionChange::Set(session) })
    }

    fn accept_terms(&self, token: Option<&str>, input: &Input, now: u64) -> Result<Reply> {
        let (_, user) = match self.require(token, now, false, false, false)? {
            Ok(found) => found,
            Err(refused) => return Ok(refused.into()),
        };
        if input.get("termsVersion").trim() != self.settings.terms_version {
            return Ok(Outcome::invalid("termsVersion", "These terms have been replaced. Read the current terms and accept them.").into());
        }
        self.store.set_terms(user.id, &self.settings.terms_version, now)?;
        Ok(Outcome::done("Thank you for accepting the terms of agreement.").into())
    }

    fn change_password(&self, token: Option<&str>, input: &Input, now: u64) -> Result<Reply> {
        let (session, user) = match self.require(token, now, true, false, false)? {
            Ok(found) => found,
            Err(refused) => return Ok(refused.into()),
        };
        let current = input.get("currentPassword");
        let new = input.get("newPassword");
        if current.is_empty() {
            return Ok(Outcome::invalid("currentPassword", "Enter your current password.").into());
        }
        if let Some(limited) = self.limit(&user.username, now) {
            return Ok(limited.into());
        }
        if let Some(locked) = Self::locked(&user, now) {
            return Ok(locked.into());
        }
        if !self.hasher.verify(current, &user.password_hash) {
            let wrong = Outcome::invalid_as(code::WRONG_CREDENTIALS, "currentPassword", "That is not your current password.");
            return Ok(self.failure(&user, now, wrong)?.into());
        }
        if let Some(problem) = password_problem(new, &user.username, current) {
            return Ok(Outcome::invalid("newPassword", &problem).into());
        }
        if input.0.contains_key("confirmPassword") && input.get("confirmPassword") != new {
            return Ok(Outcome::invalid("confirmPassword", "The two new passwords are not the same.").into());
        }
        self.store.set_password(user.id, &self.hasher.hash(new), Some(&session.token_hash), now)?;
        Ok(Outcome::done("Your password has been changed.").into())
    }

    fn set_recovery(&self, token: Option<&str>, input: &Input, now: u64) -> Result<Reply> {
        let (_, user) = match self.require(token, now, true, true, true)? {
            Ok(found) => found,
            Err(refused) => return Ok(refused.into()),
        };
        let question = input.get("question").split_whitespace().collect::<Vec<_>>().join(" ");
        let answer = input.get("answer");
        let rules = RecoveryPolicy::default();
        let inputs = RecoveryInputs { question: &question, answer, confirm: answer, username: &user.username, password: "" };
        let mut errors: Vec<(&'static str, String)> = Vec::new();
        for (rule, met) in recovery::check(&rules, inputs) {
            if met {
                continue;
            }
            let error = match rule {
                RecoveryRule::QuestionLength => {
                    ("question", format!("Write a question of {} to {} characters.", rules.question_min, rules.question_max))
                }
                RecoveryRule::AnswerLength => ("answer", format!("Write an answer of {} to {} characters.", rules.answer_min, rules.answer_max)),
                RecoveryRule::AnswerNotInQuestion => ("answer", "The answer must not appear in the question.".to_owned()),
                RecoveryRule::AnswerNotUsername => ("answer", "The answer must not be your username.".to_owned()),
                RecoveryRule::AnswerNotPassword | RecoveryRule::ConfirmMatches => continue,
            };
            if !errors.iter().any(|(field, _)| *field == error.0) {
                errors.push(error);
            }
        }
        if errors.is_empty() && self.hasher.verify(answer.trim(), &user.password_hash) {
            errors.push(("answer", "The answer must not be your password.".to_owned()));
        }
        if !errors.is_empty() {
            return Ok(Outcome::Invalid { errors, message: "Please correct the highlighted fields.".to_owned(), code: code::INVALID }.into());
        }
        let answer_hash = self.hasher.hash(&recovery::normalise(answer));
        self.store.set_recovery(user.id, &question, &answer_hash, now)?;
        let data = vec![("recoveryQuestion", Value::String(question.clone()))];
        Ok(Outcome::Done { data, message: "Your recovery question is saved.".to_owned() }.into())
    }

    fn start_totp(&self, token: Option<&str>, now: u64) -> Result<Reply> {
        let (_, user) = match self.require(token, now, true, true, true)? {
            Ok(found) => found,
            Err(refused) => return Ok(refused.into()),
        };
        let secret = random_bytes::<{ totp::SECRET_BYTES }>();
        self.store.set_totp_pending(user.id, Some(&secret))?;
        let auth = totp::OtpAuth::new(&self.settings.issuer, &user.username, &secret);
        let data = vec![("totpUri", Value::String(auth.uri())), ("totpSecret", Value::String(auth.secret.clone()))];
        Ok(Outcome::Done { data, message: "Scan the code with your authenticator app, then enter the code it shows.".to_owned() }.into())
    }

    fn verify_totp(&self, token: Option<&str>, input: &Input, now: u64) -> Result<Reply> {
        let (_, user) = match self.require(token, now, true, true, true)? {
            Ok(found) => found,
            Err(refused) => return Ok(refused.into()),
        };
        let code = input.get("code");
        if normalise_code(code).is_none() {
            return Ok(Outcome::invalid("code", CODE_NEEDED).into());
        }
        // The secret being proved: the one startTotp made; else one the widget made itself;
        // else (already on) the active one, as a check that the app still agrees.
        let (secret, activates) = match (&user.totp_pending, input.get("secret").trim()) {
            (Some(pending), _) => (pending.clone(), true),
            (None, sent) if !sent.is_empty() => match totp::base32_decode(sent).filter(|s| (16..=64).contains(&s.len())) {
                Some(secret) => (secret, true),
                None => return Ok(Outcome::invalid("secret", "The key is not a valid authenticator key.").into()),
            },
            (None, _) => match &user.totp_secret {
                Some(active) => (active.clone(), false),
                None => {
                    let message = "Start setting up 2-step verification first.".to_owned();
                    return Ok(Outcome::Invalid { errors: Vec::new(), message, code: code::INVALID }.into());
                }
            },
        };
        if let Some(limited) = self.limit(&user.username, now) {
            return Ok(limited.into());
        }
        let accepted = match check_code(&secret, code, user.totp_last_step, now) {
            Some(step) => self.store.accept_totp_step(user.id, step)?.then_some(step),
            None => None,
        };
        let Some(step) = accepted else {
            return Ok(Outcome::invalid_as(code::WRONG_CODE, "code", CODE_WRONG).into());
        };
        if activates {
            self.store.activate_totp(user.id, &secret, step, now)?;
            return Ok(Outcome::done("2-step verification is on.").into());
        }
        Ok(Outcome::done("The code is right: your authenticator app is paired.").into())
    }

    fn disable_totp(&self, token: Option<&str>, now: u64) -> Result<Reply> {
        let (_, user) = match self.require(token, now, true, true, true)? {
            Ok(found) => found,
            Err(refused) => return Ok(refused.into()),
        };
        self.store.disable_totp(user.id, now)?;
        Ok(Outcome::done("2-step verification is off.").into())
    }

    fn reauthenticate(&self, token: Option<&str>, input: &Input, now: u64) -> Result<Reply> {
        let (_, user) = match self.require(token, now, true, true, false)? {
            Ok(found) => found,
            Err(refused) => return Ok(refused.into()),
        };
        let password = input.get("password");
        if password.is_empty() {
            return Ok(Outcome::invalid("password", "Enter your password.").into());
        }
        if let Some(limited) = self.limit(&user.username, now) {
            return Ok(limited.into());
        }
        if let Some(locked) = Self::locked(&user, now) {
            return Ok(locked.into());
        }
        if !self.hasher.verify(password, &user.password_hash) {
            return Ok(self.failure(&user, now, Outcome::unauthorized(code::WRONG_CREDENTIALS, "That password is not right."))?.into());
        }
        self.store.clear_failures(user.id)?;
        let session = self.new_session(token, &user, now)?;
        // What Security Settings shows beside each setting, now that the password was entered.
        let mut data = vec![
            ("username", Value::String(user.username.clone())),
            ("twoStepEnabled", Value::Bool(user.totp_secret.is_some())),
            ("recoverySet", Value::Bool(user.recovery_question.is_some())),
        ];
        if let Some(question) = &user.recovery_question {
            data.push(("recoveryQuestion", Value::String(question.clone())));
        }
        let outcome = Outcome::Done { data, message: "Thank you. You can change your security settings now.".to_owned() };
        Ok(Reply { outcome, session: SessionChange::Set(session) })
    }

    /// The question shown for `username`: theirs, or a decoy that does not tell whether the
    /// account exists.
    fn forgot_start(&self, input: &Input, now: u64) -> Result<Reply> {
        let username = input.get("username").trim();
        if username.is_empty() {
            return Ok(Outcome::invalid("username", "Enter your username.").into());
        }
        if let Some(limited) = self.limit(username, now) {
            return Ok(limited.into());
        }
        if let Err(retry_after) = self.forgot_user_limiter.check(&username.to_lowercase(), now) {
            return Ok(Outcome::RateLimited { retry_after }.into());
        }
        let user = self.store.find_user(username)?;
        let question = match user {
            Some(User { recovery_question: Some(q), recovery_answer_hash: Some(_), .. }) => q,
            _ => self.decoy_question(username),
        };
        let message = "Answer your recovery question.".to_owned();
        Ok(Outcome::Done { data: vec![("question", Value::String(question))], message }.into())
    }

    /// The decoy for `username` (trimmed, any case): each part chosen by its own 64 bits of
    /// one HMAC under this database's key.
    pub fn decoy_question(&self, username: &str) -> String {
        let mac = hmac_sha256(&self.decoy_key, &[b"decoy-question", username.trim().to_lowercase().as_bytes()]);
        let part = |i: usize| u64::from_be_bytes(mac[i * 8..i * 8 + 8].try_into().expect("8 bytes"));
        decoy_from_parts(part(0), part(1), part(2))
    }

    fn forgot_answer(&self, input: &Input, now: u64) -> Result<Reply> {
        let username = input.get("username").trim();
        let answer = recovery::normalise(input.get("answer"));
        if username.is_empty() {
            return Ok(Outcome::invalid("username", "Enter your username.").into());
        }
        if answer.is_empty() {
            return Ok(Outcome::invalid("answer", "Enter your answer.").into());
        }
        if let Some(limited) = self.limit(username, now) {
            return Ok(limited.into());
        }
        let Some(user) = self.store.find_user(username)? else {
            return Ok(self.decoy_failure(username, &answer, now, Outcome::unauthorized(code::WRONG_ANSWER, WRONG_ANSWER)).into());
        };
        if let Some(locked) = Self::locked(&user, now) {
            return Ok(locked.into());
        }
        let right = match &user.recovery_answer_hash {
            Some(hash) => self.hasher.verify(&answer, hash),
            None => self.hasher.verify_nothing(&answer),
        };
        if !right {
            return Ok(self.failure(&user, now, Outcome::unauthorized(code::WRONG_ANSWER, WRONG_ANSWER))?.into());
        }
        self.store.clear_failures(user.id)?;
        let reset = token();
        self.store.create_reset_token(&sha256(reset.as_bytes()), user.id, now + self.settings.reset_token_seconds)?;
        let data = vec![("resetToken", Value::String(reset))];
        Ok(Outcome::Done { data, message: "Choose a new password.".to_owned() }.into())
    }

    fn forgot_reset(&self, input: &Input, now: u64) -> Result<Reply> {
        let reset = input.get("resetToken").trim();
        let new = input.get("newPassword");
        let expired = || Outcome::unauthorized(code::RESET_EXPIRED, "This password reset has expired. Answer your recovery question again.");
        if reset.is_empty() {
            return Ok(expired().into());
        }
        let Some((user_id, expires_at)) = self.store.reset_token(&sha256(reset.as_bytes()))? else {
            return Ok(expired().into());
        };
        if expires_at <= now {
            return Ok(expired().into());
        }
        let Some(user) = self.store.user(user_id)? else { return Ok(expired().into()) };
        if let Some(problem) = password_problem(new, &user.username, "") {
            return Ok(Outcome::invalid("newPassword", &problem).into());
        }
        if self.hasher.verify(new, &user.password_hash) {
            return Ok(Outcome::invalid("newPassword", "Choose a password different from your current one.").into());
        }
        // Every session ends: whoever reset the password signs in again with it.
        self.store.set_password(user.id, &self.hasher.hash(new), None, now)?;
        Ok(Reply { outcome: Outcome::done("Your password has been reset. Sign in with your new password."), session: SessionChange::Clear })
    }
}

/// What the HMIS rules (the widget's `Policy::hmis()`) say against `new`, as one sentence.
fn password_problem(new: &str, username: &str, current: &str) -> Option<String> {
    let rules = Policy::hmis();
    let catalog = Catalog::new(BTreeMap::new());
    let unmet: Vec<String> = policy::check(&rules, policy::Inputs { password: new, username, current }, None)
        .into_iter()
        .filter(|check| !check.met)
        .map(|check| policy::rule_message(&rules, check.id, &catalog))
        .collect();
    (!unmet.is_empty()).then(|| format!("Your new password needs: {}.", unmet.join("; ")))
}

/// Six digits, spaces removed; `None` for anything else.
fn normalise_code(code: &str) -> Option<String> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    (code.len() == totp::DEFAULT_DIGITS as usize && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

/// The time-step at which `code` is right for `secret`: the current step or one either side
/// (clocks drift, people type slowly), never one at or before `last_step` (RFC 6238 §5.2: a
/// code is accepted once).
pub fn check_code(secret: &[u8], code: &str, last_step: Option<u64>, now: u64) -> Option<u64> {
    let code = normalise_code(code)?;
    let step = now / totp::DEFAULT_PERIOD;
    let mut found = None;
    for candidate in [step.checked_sub(1), Some(step), Some(step + 1)].into_iter().flatten() {
        if last_step.is_some_and(|last| candidate <= last) {
            continue;
        }
        let expected = totp::hotp(secret, candidate, totp::DEFAULT_DIGITS);
        if crate::support::ct_eq(expected.as_bytes(), code.as_bytes()) && found.is_none() {
            found = Some(candidate);
        }
    }
    found
}

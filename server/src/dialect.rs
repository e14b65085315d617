//! The two request/response shapes served over the same accounts: the reference JSON API
//! (`/api`, exactly the widget's default configuration) and a "classic" one shaped like an old
//! server-rendered login site (`/classic`, form posts, PascalCase names, CSRF in a hidden
//! input, `Status` strings), which shows that the widget's configuration can map onto a
//! backend it was not written for.

use crate::accounts::{code, Input, Outcome};
use crate::http::MAX_RETRY_AFTER;
use axum::http::StatusCode;
use hmis_onboard::backend::Action;
use serde_json::{json, Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Api,
    Classic,
}

/// The logical request fields and each dialect's name for them.
const FIELDS: &[(&str, &str)] = &[
    ("username", "UserName"),
    ("password", "Password"),
    ("code", "Code"),
    ("termsVersion", "TermsVersion"),
    ("currentPassword", "OldPassword"),
    ("newPassword", "NewPassword"),
    ("confirmPassword", "ConfirmPassword"),
    ("question", "SecurityQuestion"),
    ("answer", "SecurityAnswer"),
    ("secret", "SharedKey"),
    ("resetToken", "ResetToken"),
];

/// The logical response data fields and the classic names (under `Result`).
const DATA: &[(&str, &str)] = &[
    ("username", "UserName"),
    ("recoverySet", "HasSecurityQuestion"),
    ("twoStepEnabled", "TwoFactorEnabled"),
    ("recoveryQuestion", "SecurityQuestion"),
    ("termsText", "TermsText"),
    ("termsVersion", "TermsVersion"),
    ("totpUri", "AuthenticatorUri"),
    ("totpSecret", "SharedKey"),
    ("question", "SecurityQuestion"),
    ("resetToken", "ResetToken"),
];

/// The classic hidden input's name.
pub const CLASSIC_CSRF_FIELD: &str = "__RequestVerificationToken";
/// A body field the JSON API also accepts instead of the header (form posts without script).
pub const API_CSRF_FIELD: &str = "csrfToken";

/// A request body read into logical fields, and the CSRF token if the body carried one.
pub struct Parsed {
    pub input: Input,
    pub csrf: Option<String>,
}

impl Dialect {
    pub fn csrf_field(self) -> &'static str {
        match self {
            Dialect::Api => API_CSRF_FIELD,
            Dialect::Classic => CLASSIC_CSRF_FIELD,
        }
    }

    fn logical(self, wire: &str) -> Option<&'static str> {
        FIELDS.iter().find(|(api, classic)| wire == if self == Dialect::Api { *api } else { *classic }).map(|(api, _)| *api)
    }

    /// Reads a JSON object or a form-encoded body (either, whatever the dialect: a host may
    /// configure either encoding). Unknown fields are ignored.
    pub fn parse(self, content_type: &str, body: &[u8]) -> Result<Parsed, String> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        let media = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if body.iter().all(u8::is_ascii_whitespace) {
            // No fields at all: fine for actions that need none.
        } else if media == "application/json" || media.ends_with("+json") {
            let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
                return Err("The request body must be a JSON object.".to_owned());
            };
            for (key, value) in map {
                let text = match value {
                    Value::String(s) => s,
                    Value::Number(n) => n.to_string(),
                    Value::Bool(b) => b.to_string(),
                    Value::Null => continue,
                    _ => return Err(format!("The field {key} must be a string.")),
                };
                pairs.push((key, text));
            }
        } else if media == "application/x-www-form-urlencoded" {
            pairs = serde_urlencoded::from_bytes(body).map_err(|_| "The form data could not be read.".to_owned())?;
        } else {
            return Err("Send the fields as JSON (application/json) or as a form (application/x-www-form-urlencoded).".to_owned());
        }
        let mut parsed = Parsed { input: Input::default(), csrf: None };
        for (key, value) in pairs {
            if key == self.csrf_field() {
                parsed.csrf = Some(value);
            } else if let Some(logical) = self.logical(&key) {
                parsed.input.0.insert(logical.to_owned(), value);
            }
        }
        Ok(parsed)
    }

    /// Status, body and Retry-After seconds for an outcome of `action` (`None`: not one of the
    /// widget's actions, e.g. sign-out). Retry-After is at most [`MAX_RETRY_AFTER`]; the
    /// message says the whole wait.
    pub fn render(self, action: Option<Action>, outcome: &Outcome) -> (StatusCode, Value, Option<u64>) {
        let (status, body, retry_after) = match self {
            Dialect::Api => render_api(outcome),
            Dialect::Classic => render_classic(action, outcome),
        };
        (status, body, retry_after.map(|s| s.min(MAX_RETRY_AFTER)))
    }

    /// An error found before any action ran (bad body, CSRF, idempotency misuse).
    pub fn error(self, code: &str, message: &str) -> Value {
        match self {
            Dialect::Api => json!({ "message": message, "code": code }),
            Dialect::Classic => json!({ "Status": pascal(code), "Message": message }),
        }
    }
}

/// A wait as people say it: seconds under two minutes, then minutes, then hours (rounded up).
pub fn wait_text(seconds: u64) -> String {
    let (n, unit) = match seconds {
        0..=119 => (seconds.max(1), "second"),
        120..=7199 => (seconds.div_ceil(60), "minute"),
        _ => (seconds.div_ceil(3600), "hour"),
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

fn lock_message(seconds: u64) -> String {
    format!("Too many failed attempts. Try again in {}, or ask the Helpdesk.", wait_text(seconds))
}

fn busy_message(seconds: u64) -> String {
    format!("Too many requests. Wait {} and try again.", wait_text(seconds))
}

const FAILED: &str = "Something went wrong on our side. Please try again.";

fn render_api(outcome: &Outcome) -> (StatusCode, Value, Option<u64>) {
    match outcome {
        Outcome::Done { data, message } => {
            let mut body = Map::new();
            body.insert("message".to_owned(), Value::String(message.clone()));
            for (key, value) in data {
                body.insert((*key).to_owned(), value.clone());
            }
            (StatusCode::OK, Value::Object(body), None)
        }
        Outcome::Invalid { errors, message, code } => {
            let errors: Map<String, Value> = errors.iter().map(|(f, m)| ((*f).to_owned(), Value::String(m.clone()))).collect();
            (StatusCode::UNPROCESSABLE_ENTITY, json!({ "message": message, "code": code, "errors": errors }), None)
        }
        Outcome::Unauthorized { code, message } => {
            let mut body = json!({ "message": message, "code": code });
            if outcome.totp_required() {
                body["totpRequired"] = Value::Bool(true);
            }
            (StatusCode::UNAUTHORIZED, body, None)
        }
        Outcome::Forbidden { code, message } => (StatusCode::FORBIDDEN, json!({ "message": message, "code": code }), None),
        Outcome::Locked { retry_after } => {
            (StatusCode::LOCKED, json!({ "message": lock_message(*retry_after), "code": code::LOCKED }), Some(*retry_after))
        }
        Outcome::RateLimited { retry_after } => {
            (StatusCode::TOO_MANY_REQUESTS, json!({ "message": busy_message(*retry_after), "code": code::RATE_LIMITED }), Some(*retry_after))
        }
        Outcome::Failed => (StatusCode::INTERNAL_SERVER_ERROR, json!({ "message": FAILED, "code": code::SERVER_ERROR }), None),
    }
}

fn render_classic(action: Option<Action>, outcome: &Outcome) -> (StatusCode, Value, Option<u64>) {
    match outcome {
        Outcome::Done { data, message } => {
            let mut status = "Success";
            let mut result = Map::new();
            for (key, value) in data {
                if *key == "mustChangePassword" {
                    if action == Some(Action::SignIn) && *value == Value::Bool(true) {
                        status = "PasswordExpired";
                    }
                    continue;
                }
                let name = DATA.iter().find(|(l, _)| l == key).map(|(_, c)| *c).unwrap_or(key);
                result.insert(name.to_owned(), value.clone());
            }
            (StatusCode::OK, json!({ "Status": status, "Message": message, "Result": result }), None)
        }
        Outcome::Invalid { errors, message, .. } => {
            let mut state = Map::new();
            for (field, text) in errors {
                let name = FIELDS.iter().find(|(l, _)| l == field).map(|(_, c)| *c).unwrap_or(field);
                state.insert(name.to_owned(), json!([text]));
            }
            (StatusCode::UNPROCESSABLE_ENTITY, json!({ "Status": "ValidationFailed", "Message": message, "ModelState": state }), None)
        }
        Outcome::Unauthorized { code: which, message } => {
            // The classic names for wrong credentials and a needed (or wrong) code, as such
            // sites have them; the rest follow the API's codes.
            let status = match *which {
                code::WRONG_CREDENTIALS => "InvalidCredentials".to_owned(),
                _ if outcome.totp_required() => "RequiresTwoFactor".to_owned(),
                other => pascal(other),
            };
            (StatusCode::UNAUTHORIZED, json!({ "Status": status, "Message": message }), None)
        }
        Outcome::Forbidden { code, message } => (StatusCode::FORBIDDEN, json!({ "Status": pascal(code), "Message": message }), None),
        Outcome::Locked { retry_after } => {
            (StatusCode::LOCKED, json!({ "Status": "LockedOut", "Message": lock_message(*retry_after) }), Some(*retry_after))
        }
        Outcome::RateLimited { retry_after } => (
            StatusCode::TOO_MANY_REQUESTS,
            json!({ "Status": "TooManyRequests", "Message": busy_message(*retry_after) }),
            Some(*retry_after),
        ),
        Outcome::Failed => (StatusCode::INTERNAL_SERVER_ERROR, json!({ "Status": "Error", "Message": FAILED }), None),
    }
}

/// `termsRequired` → `TermsRequired`.
fn pascal(code: &str) -> String {
    let mut chars = code.chars();
    chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
}

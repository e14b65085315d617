//! Talking to any HMIS backend. Pure: which request each action makes (from configuration),
//! and what a response means. The browser shell only sends the request and hands back the
//! status, headers and body.

pub mod config;

use crate::config::Value;
use config::{BackendConfig, Credentials, Encoding};
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
    /// 401 saying the password was right but a 2-step code is needed too (`totpRequired`).
    CodeRequired,
    /// 423, with seconds until the lock lifts when the backend says.
    Locked { retry_after: Option<u64> },
    /// 429, with seconds to wait (Retry-After, or a default).
    RateLimited { retry_after: u64 },
    Retry { reason: RetryReason },
    /// A response that makes no sense (HTML where JSON was expected, missing fields, an
    /// unknown status). `detail` is for the developer's console, never shown to the user.
    Unexpected { detail: String },
}

/// A request ready to send. The shell encodes `body` as JSON or form data per `encoding`.
///
/// The body holds passwords and answers: it is wiped when the request is dropped, and `Debug`
/// prints its field names only, so a log line can never carry a value.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub url: String,
    pub encoding: Encoding,
    pub headers: Vec<(String, String)>,
    /// The backend's field names and values, in a stable order.
    pub body: Vec<(String, String)>,
    pub credentials: Credentials,
    pub timeout_ms: u32,
}

/// Header naming one submission, so a backend can tell a retry from a second attempt.
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";

/// Builds the request for `action` from the logical `payload` (e.g. `("newPassword", "…")`).
/// `csrf_token` is what the shell found where the configuration says; `idempotency_key` is
/// the same for the retries of one submission and new for the next.
pub fn request(
    backend: &BackendConfig,
    action: Action,
    payload: &[(&str, &str)],
    csrf_token: Option<&str>,
    idempotency_key: &str,
) -> Request {
    let endpoint = &backend.endpoints[&action];
    let mut body: Vec<(String, String)> = payload
        .iter()
        .filter_map(|(logical, value)| {
            let wire = match endpoint.fields.get(*logical) {
                Some(mapped) => mapped.clone()?,
                None => (*logical).to_owned(),
            };
            Some((wire, (*value).to_owned()))
        })
        .collect();
    let mut headers = endpoint.headers.clone();
    headers.push((IDEMPOTENCY_HEADER.to_owned(), idempotency_key.to_owned()));
    if endpoint.encoding == Encoding::Json {
        headers.push(("Accept".to_owned(), "application/json".to_owned()));
    }
    if let Some(token) = csrf_token.filter(|t| !t.is_empty()) {
        match &backend.csrf.header {
            Some(name) => headers.push((name.clone(), token.to_owned())),
            None => body.push((backend.csrf.field.clone(), token.to_owned())),
        }
    }
    Request {
        method: endpoint.method.clone(),
        url: endpoint.url.clone(),
        encoding: endpoint.encoding,
        headers,
        body,
        credentials: backend.credentials,
        timeout_ms: backend.timeout_ms,
    }
}

impl Drop for Request {
    fn drop(&mut self) {
        for (_, value) in &mut self.body {
            zeroize::Zeroize::zeroize(value);
        }
    }
}

impl std::fmt::Debug for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let fields: Vec<&str> = self.body.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("encoding", &self.encoding)
            .field("headers", &self.headers.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>())
            .field("body fields (values not shown)", &fields)
            .finish()
    }
}

/// A response body as the shell found it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Body<'a> {
    Empty,
    Json(&'a Value),
    /// Not JSON (an HTML error page, a truncated body): only its length is worth reporting.
    NotJson { length: usize },
}

/// Seconds to wait after a 429 that carries no usable Retry-After.
pub const DEFAULT_RETRY_AFTER: u64 = 30;
/// Longest wait we show; a larger Retry-After is clamped (it is shown as a countdown).
pub const MAX_RETRY_AFTER: u64 = 24 * 60 * 60;

/// The logical data fields each action reads from a 2xx body; the first list is required
/// (one of them, for `StartTotp`).
fn data_fields(action: Action) -> (&'static [&'static str], &'static [&'static str]) {
    match action {
        Action::SignIn => (&[], &["mustChangePassword", "termsText", "termsVersion", "recoverySet", "message"]),
        Action::StartTotp => (&["totpUri", "totpSecret"], &["totpUri", "totpSecret", "message"]),
        Action::ForgotStart => (&["question"], &["question", "message"]),
        Action::ForgotAnswer => (&["resetToken"], &["resetToken", "message"]),
        _ => (&[], &["message"]),
    }
}

/// What `status` and `body` mean for `action`. `retry_after` is the Retry-After header (only
/// its delta-seconds form is read).
pub fn interpret(backend: &BackendConfig, action: Action, status: u16, retry_after: Option<&str>, body: Body<'_>) -> Outcome {
    let endpoint = &backend.endpoints[&action];
    let seconds = retry_after.and_then(|v| v.trim().parse::<u64>().ok()).map(|s| s.min(MAX_RETRY_AFTER));
    match status {
        200..=299 => {
            let (required, wanted) = data_fields(action);
            let json = match body {
                Body::Json(v) => Some(v),
                Body::Empty => None,
                Body::NotJson { .. } if required.is_empty() => None,
                Body::NotJson { length } => {
                    return Outcome::Unexpected {
                        detail: format!("{}: expected a JSON body, got {length} bytes of something else", action.key()),
                    }
                }
            };
            let mut data = BTreeMap::new();
            for logical in wanted {
                let at = endpoint.response.get(*logical).map(String::as_str).unwrap_or(logical);
                if let Some(value) = json.and_then(|j| read(j, at)) {
                    data.insert((*logical).to_owned(), value);
                }
            }
            if !required.is_empty() && !required.iter().any(|r| data.contains_key(*r)) {
                let at = |r: &str| endpoint.response.get(r).cloned().unwrap_or_else(|| r.to_owned());
                return Outcome::Unexpected {
                    detail: format!(
                        "{}: the response has no {} (configure backend.endpoints.{}.response)",
                        action.key(),
                        required.iter().map(|r| format!("\"{}\"", at(r))).collect::<Vec<_>>().join(" or "),
                        action.key()
                    ),
                };
            }
            Outcome::Success { data }
        }
        400 | 422 => Outcome::FieldErrors { errors: field_errors(backend, action, body) },
        401 => {
            let at = endpoint.response.get("totpRequired").map(String::as_str).unwrap_or("totpRequired");
            let needs_code = matches!(body, Body::Json(j) if read(j, at).as_deref() == Some("true"));
            if needs_code { Outcome::CodeRequired } else { Outcome::WrongCredentials }
        }
        423 => Outcome::Locked { retry_after: seconds },
        429 => Outcome::RateLimited { retry_after: seconds.unwrap_or(DEFAULT_RETRY_AFTER) },
        500..=599 => Outcome::Retry { reason: RetryReason::Server },
        other => Outcome::Unexpected { detail: format!("{}: unexpected HTTP status {other}", action.key()) },
    }
}

/// Messages per logical field from a 400/422 body: `{errors: {wireName: "msg" | ["msg", …]}}`
/// (at `errorsPath`) and a top-level `message` for the whole form (`""`).
fn field_errors(backend: &BackendConfig, action: Action, body: Body<'_>) -> Vec<(String, String)> {
    let Body::Json(json) = body else { return Vec::new() };
    let endpoint = &backend.endpoints[&action];
    let logical_name = |wire: &str| {
        endpoint
            .fields
            .iter()
            .find(|(_, mapped)| mapped.as_deref() == Some(wire))
            .map(|(logical, _)| logical.clone())
            .unwrap_or_else(|| wire.to_owned())
    };
    let mut errors = Vec::new();
    if let Some(Value::Object(map)) = lookup(json, &backend.errors_path) {
        for (wire, message) in map.iter() {
            let messages: Vec<&str> = match message {
                Value::String(s) => vec![s.as_str()],
                Value::Array(items) => items.iter().filter_map(|i| if let Value::String(s) = i { Some(s.as_str()) } else { None }).collect(),
                _ => Vec::new(),
            };
            if !messages.is_empty() {
                errors.push((logical_name(wire), messages.join(" ")));
            }
        }
    }
    let at = endpoint.response.get("message").map(String::as_str).unwrap_or("message");
    if let Some(message) = read(json, at) {
        errors.push((String::new(), message));
    }
    errors
}

fn lookup<'v>(json: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').filter(|p| !p.is_empty()).try_fold(json, |v, key| match v {
        Value::Object(map) => map.get(key),
        _ => None,
    })
}

/// The value at `at` as text: a dotted path, or `path=value` for a flag.
fn read(json: &Value, at: &str) -> Option<String> {
    let (path, equals) = match at.split_once('=') {
        Some((path, value)) => (path, Some(value)),
        None => (at, None),
    };
    let text = match lookup(json, path)? {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    Some(match equals {
        Some(expected) => (text == expected).to_string(),
        None => text,
    })
}

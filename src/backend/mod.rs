//! Talking to any HMIS backend. Pure: which request each action makes (from configuration),
//! and what a response means. The browser shell only sends the request and hands back the
//! status, headers and body.

pub mod config;

use crate::json::Value;
use config::{BackendConfig, Credentials, Encoding, Endpoint, Meaning};
use std::collections::BTreeMap;

/// Everything the widget can ask a backend to do. The string form is the configuration key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    SignIn,
    /// The 2-step code at sign-in, once the password was accepted (`codeRequired`). By default
    /// the sign-in request again with the code added; some backends take it elsewhere.
    SignInCode,
    AcceptTerms,
    ChangePassword,
    SetRecovery,
    StartTotp,
    VerifyTotp,
    DisableTotp,
    /// The recovery codes a backend made when 2-step was turned on, asked for after `VerifyTotp`
    /// where its answer does not carry them; only where configured.
    RecoveryCodes,
    Reauthenticate,
    ForgotStart,
    ForgotAnswer,
    ForgotReset,
    SignOut,
}

impl Action {
    pub const ALL: &'static [Action] = &[
        Action::SignIn,
        Action::SignInCode,
        Action::AcceptTerms,
        Action::ChangePassword,
        Action::SetRecovery,
        Action::StartTotp,
        Action::VerifyTotp,
        Action::DisableTotp,
        Action::RecoveryCodes,
        Action::Reauthenticate,
        Action::ForgotStart,
        Action::ForgotAnswer,
        Action::ForgotReset,
        Action::SignOut,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Action::SignIn => "signIn",
            Action::SignInCode => "signInCode",
            Action::AcceptTerms => "acceptTerms",
            Action::ChangePassword => "changePassword",
            Action::SetRecovery => "setRecovery",
            Action::StartTotp => "startTotp",
            Action::VerifyTotp => "verifyTotp",
            Action::DisableTotp => "disableTotp",
            Action::RecoveryCodes => "recoveryCodes",
            Action::Reauthenticate => "reauthenticate",
            Action::ForgotStart => "forgotStart",
            Action::ForgotAnswer => "forgotAnswer",
            Action::ForgotReset => "forgotReset",
            Action::SignOut => "signOut",
        }
    }

    pub fn from_key(key: &str) -> Option<Action> {
        Action::ALL.iter().copied().find(|a| a.key() == key)
    }

    /// Whether the request carries a secret (a password, a recovery answer, a 2-step code or
    /// secret, a reset token): such a request never puts its fields in a URL.
    pub fn sends_secrets(self) -> bool {
        !matches!(
            self,
            Action::AcceptTerms | Action::StartTotp | Action::DisableTotp | Action::RecoveryCodes | Action::ForgotStart | Action::SignOut
        )
    }

    /// Whether the request proves who the person is with something they typed (a password, a
    /// recovery answer, a 2-step code at sign-in). A 401 to any other action can only mean the
    /// session behind it has ended.
    pub fn carries_credentials(self) -> bool {
        matches!(self, Action::SignIn | Action::SignInCode | Action::Reauthenticate | Action::ChangePassword | Action::ForgotAnswer)
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
    /// 401 to an action made within a session that has ended (or never began): signing in
    /// again is the way on. `message` is the backend's own sentence, when it sent one.
    SessionEnded { message: Option<String> },
    /// 401 to `ForgotReset`: the reset token has lapsed; the reset starts again.
    ResetExpired { message: Option<String> },
    /// 403 saying the password must be entered again first (a re-entry window has passed).
    ReauthenticationRequired { message: Option<String> },
    /// 423, with seconds until the lock lifts when the backend says.
    Locked { retry_after: Option<u64> },
    /// 429, or a 503 with a Retry-After (`busy`): seconds to wait (Retry-After, or a default).
    RateLimited { retry_after: u64, busy: bool },
    Retry { reason: RetryReason },
    /// 403 (for no reason the widget knows), 404, 405 or 410: the backend will not do this as
    /// asked, and sending the same again cannot change that (a page whose CSRF token expired
    /// must be reloaded; a wrong URL must be configured). `message` is the backend's sentence;
    /// `detail` is for the developer's console.
    Refused { message: Option<String>, detail: String },
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

/// Logical fields the widget offers but sends only where `fields` names them: the reference
/// backend does not want them (a confirmation it has seen equal already), others do
/// (`"confirmPassword": "new_password2"`).
pub const OPT_IN_FIELDS: [&str; 1] = ["confirmPassword"];

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
    request_with(backend, action, payload, csrf_token, idempotency_key, &[])
}

/// Prefix of the keys under which a 2xx answer's captured values travel in `Outcome::Success`'s
/// data, from [`interpret`] to the shell, which keeps them for [`request_with`].
pub const SAVED: &str = "saved.";
/// Prefix of the values the host page supplies (its address's query: `?uid=…&token=…`).
pub const PAGE: &str = "page.";

/// As [`request`], with the values a template may name: `saved.name` (captured from an earlier
/// answer, see `capture`) and `page.name` (from the page's address), filled into `{saved.name}`
/// and `{page.name}` in the endpoint's URL, headers and constants. A header or constant naming
/// a value that is not there is not sent (no `Authorization: Bearer ` before sign-in); in a URL
/// it fills in as nothing.
pub fn request_with(
    backend: &BackendConfig,
    action: Action,
    payload: &[(&str, &str)],
    csrf_token: Option<&str>,
    idempotency_key: &str,
    values: &[(String, String)],
) -> Request {
    let endpoint = &backend.endpoints[&action];
    let mut body: Vec<(String, String)> = Vec::new();
    for (logical, value) in payload {
        match endpoint.fields.get(*logical) {
            Some(names) => body.extend(names.iter().map(|wire| (wire.clone(), (*value).to_owned()))),
            None if OPT_IN_FIELDS.contains(logical) => {}
            None => body.push(((*logical).to_owned(), (*value).to_owned())),
        }
    }
    body.extend(endpoint.constants.iter().filter_map(|(name, value)| Some((name.clone(), fill(value, values)?))));
    let mut headers: Vec<(String, String)> =
        endpoint.headers.iter().filter_map(|(name, value)| Some((name.clone(), fill(value, values)?))).collect();
    if backend.idempotency_keys {
        headers.push((IDEMPOTENCY_HEADER.to_owned(), idempotency_key.to_owned()));
    }
    if endpoint.encoding == Encoding::Json {
        headers.push(("Accept".to_owned(), "application/json".to_owned()));
    }
    let get = endpoint.method == "GET";
    if let Some(token) = csrf_token.filter(|t| !t.is_empty()) {
        match &backend.csrf.header {
            Some(name) => headers.push((name.clone(), token.to_owned())),
            // A token goes in a body or a header, never in a URL.
            None if get => {}
            None => body.push((backend.csrf.field.clone(), token.to_owned())),
        }
    }
    let url = fill_lenient(&endpoint.url, values);
    // A GET has no body: its fields (never secrets; see `Action::sends_secrets`) are the query.
    let url = match get {
        true if !body.is_empty() => {
            let query = body.iter().map(|(k, v)| format!("{}={}", form_encode(k), form_encode(v))).collect::<Vec<_>>().join("&");
            let joiner = if url.contains('?') { '&' } else { '?' };
            format!("{url}{joiner}{query}")
        }
        _ => url,
    };
    if get {
        body.clear();
    }
    Request {
        method: endpoint.method.clone(),
        url,
        encoding: endpoint.encoding,
        headers,
        body,
        credentials: backend.credentials,
        timeout_ms: backend.timeout_ms,
    }
}

/// The `{saved.name}` and `{page.name}` references in `text`, as `saved.name`/`page.name`.
pub fn references(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name)).filter(|name| {
        [SAVED, PAGE].iter().any(|prefix| name.strip_prefix(prefix).is_some_and(|n| !n.is_empty()))
    })
}

/// The page values (`{page.name}`, without the prefix) an endpoint's request is built from.
pub fn page_values(endpoint: &Endpoint) -> Vec<&str> {
    let texts = std::iter::once(endpoint.url.as_str())
        .chain(endpoint.headers.iter().map(|(_, v)| v.as_str()))
        .chain(endpoint.constants.iter().map(|(_, v)| v.as_str()));
    let mut names: Vec<&str> = Vec::new();
    for name in texts.flat_map(references).filter_map(|r| r.strip_prefix(PAGE)) {
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// `text` with each reference replaced by its value; `None` when one is not there.
fn fill(text: &str, values: &[(String, String)]) -> Option<String> {
    substitute(text, values, |_| None, |v| v.to_owned())
}

/// A URL with each reference replaced by its value, percent-encoded (a value cannot add a path
/// segment or a query), or by nothing when it is not there.
fn fill_lenient(text: &str, values: &[(String, String)]) -> String {
    substitute(text, values, |_| Some(String::new()), |v| form_encode(v).replace('+', "%20")).unwrap_or_default()
}

/// One pass over `text`: a value is never read again for references of its own.
fn substitute(
    text: &str,
    values: &[(String, String)],
    missing: impl Fn(&str) -> Option<String>,
    encode: impl Fn(&str) -> String,
) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.split_once('}').map(|(name, _)| name).filter(|name| references(&format!("{{{name}}}")).next().is_some()) {
            Some(name) => {
                match values.iter().find(|(n, _)| n == name) {
                    Some((_, value)) => out.push_str(&encode(value)),
                    None => out.push_str(&missing(name)?),
                }
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    Some(out)
}

/// `application/x-www-form-urlencoded` as the URL standard writes it (space as `+`).
fn form_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
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
        Action::SignIn | Action::SignInCode => (
            &[],
            &["mustChangePassword", "termsText", "termsVersion", "recoverySet", "username", "twoStepEnabled", "recoveryQuestion", "message"],
        ),
        Action::VerifyTotp => (&[], &["recoveryCodes", "message"]),
        Action::RecoveryCodes => (&["recoveryCodes"], &["recoveryCodes", "message"]),
        // Where the person stands, for Security Settings: each is optional, and unknown when absent.
        Action::Reauthenticate => (&[], &["username", "twoStepEnabled", "recoverySet", "recoveryQuestion", "message"]),
        Action::SetRecovery => (&[], &["recoveryQuestion", "message"]),
        Action::StartTotp => (&["totpUri", "totpSecret"], &["totpUri", "totpSecret", "message"]),
        // Required only of a recovery by question, which the flow checks: an e-mailed link's
        // request is answered with nothing to read.
        Action::ForgotStart => (&[], &["question", "message"]),
        Action::ForgotAnswer => (&["resetToken"], &["resetToken", "message"]),
        _ => (&[], &["message"]),
    }
}

/// What type a logical response field must have. A value of another type is an answer that
/// makes no sense (`{"question": 5}` is no question), never something to show as it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text,
    /// Text, or a number (terms versions are often numbered).
    Version,
    /// `true` or `false`.
    Flag,
    /// A list of texts (or numbers), one per line in the data: recovery codes.
    Lines,
}

fn kind(logical: &str) -> Kind {
    match logical {
        "termsVersion" => Kind::Version,
        "mustChangePassword" | "recoverySet" | "totpRequired" | "twoStepEnabled" => Kind::Flag,
        "recoveryCodes" => Kind::Lines,
        _ if FLAG_CODES.iter().any(|(name, _)| *name == logical) => Kind::Flag,
        _ => Kind::Text,
    }
}

/// The situations a backend names with a code in an error body, and where the reference backend
/// says so. Each is a logical response field like any other, so a backend with other codes maps
/// them per endpoint: `"response": {"sessionEnded": "Status=SessionEnded"}`.
const FLAG_CODES: [(&str, &str); 4] = [
    ("sessionEnded", "code=sessionEnded"),
    ("resetExpired", "code=resetExpired"),
    ("reauthenticationRequired", "code=reauthenticationRequired"),
    ("wrongCredentials", "code=wrongCredentials"),
];

/// Longest backend sentence the widget shows; a longer one is cut at a word.
const MAX_MESSAGE_CHARS: usize = 300;

/// What `status` and `body` mean for `action`. `retry_after` is the Retry-After header (only
/// its delta-seconds form is read).
pub fn interpret(backend: &BackendConfig, action: Action, status: u16, retry_after: Option<&str>, body: Body<'_>) -> Outcome {
    let endpoint = &backend.endpoints[&action];
    let seconds = retry_after.and_then(|v| v.trim().parse::<u64>().ok()).map(|s| s.min(MAX_RETRY_AFTER));
    let json = match body {
        Body::Json(v) => Some(v),
        _ => None,
    };
    // Reads a field of an error answer: one of the wrong type says nothing.
    let said = |logical: &str| json.and_then(|j| field(endpoint, j, logical).ok().flatten());
    let flag = |logical: &str| said(logical).as_deref() == Some("true");
    let message = || said("message").map(|m| shorten(&m));
    // The endpoint's own rules first (`outcomes`: the first whose status and `when` match), then
    // the same reading for every backend.
    let ruled = endpoint.outcomes.iter().find(|rule| {
        rule.statuses.iter().any(|s| s.contains(&status)) && rule.when.as_deref().is_none_or(|at| json.is_some_and(|j| holds(j, at)))
    });
    let meaning = match ruled {
        Some(rule) => rule.means,
        None => match status {
            200..=299 => Meaning::Success,
            400 | 422 => Meaning::FieldErrors,
            401 if flag("totpRequired") => Meaning::CodeRequired,
            401 if action == Action::ForgotReset && !flag("sessionEnded") => Meaning::ResetExpired,
            401 if flag("resetExpired") => Meaning::ResetExpired,
            401 if flag("sessionEnded") => Meaning::SessionEnded,
            401 if action.carries_credentials() || flag("wrongCredentials") => Meaning::WrongCredentials,
            // Nothing typed was checked: only the session behind the request can have been refused.
            401 => Meaning::SessionEnded,
            403 if flag("reauthenticationRequired") => Meaning::ReauthenticationRequired,
            403 if flag("sessionEnded") => Meaning::SessionEnded,
            403 | 404 | 405 | 410 => Meaning::Refused,
            423 => Meaning::Locked,
            429 => Meaning::RateLimited,
            // "Down for maintenance, back in N seconds": a wait, counted down like a 429's.
            503 if seconds.is_some() => Meaning::Busy,
            500..=599 => Meaning::Retry,
            _ => Meaning::Unexpected,
        },
    };
    match meaning {
        Meaning::Success => success(endpoint, action, body),
        Meaning::FieldErrors => Outcome::FieldErrors { errors: field_errors(backend, action, body) },
        Meaning::WrongCredentials => Outcome::WrongCredentials,
        Meaning::CodeRequired => Outcome::CodeRequired,
        Meaning::SessionEnded => Outcome::SessionEnded { message: message() },
        Meaning::ResetExpired => Outcome::ResetExpired { message: message() },
        Meaning::ReauthenticationRequired => Outcome::ReauthenticationRequired { message: message() },
        Meaning::Refused => Outcome::Refused {
            message: message(),
            detail: format!(
                "{}: the backend refused the request with HTTP {status}{}; sending it again cannot help",
                action.key(),
                said("code").map(|c| format!(" ({c})")).unwrap_or_default()
            ),
        },
        Meaning::Locked => Outcome::Locked { retry_after: seconds },
        Meaning::RateLimited => Outcome::RateLimited { retry_after: seconds.unwrap_or(DEFAULT_RETRY_AFTER), busy: false },
        Meaning::Busy => Outcome::RateLimited { retry_after: seconds.unwrap_or(DEFAULT_RETRY_AFTER), busy: true },
        Meaning::Retry => Outcome::Retry { reason: RetryReason::Server },
        Meaning::Unexpected => Outcome::Unexpected { detail: format!("{}: unexpected HTTP status {status}", action.key()) },
    }
}

/// The values `action`'s endpoint captures (`capture`) from an answer, as `saved.name`: from
/// any 2xx answer with a JSON body, whatever it means (a `200` saying a code is needed carries the
/// token the code goes with).
pub fn captured(backend: &BackendConfig, action: Action, status: u16, body: Body<'_>) -> Vec<(String, String)> {
    let (200..=299, Body::Json(json)) = (status, body) else { return Vec::new() };
    backend.endpoints[&action]
        .capture
        .iter()
        .filter_map(|(name, at)| Some((format!("{SAVED}{name}"), lookup(json, at).and_then(scalar_text)?)))
        .collect()
}

/// Whether `at` holds in `json`: `path=value` when a value at path (text, number or boolean)
/// equals `value`; a bare path when something other than null, false, "" or an empty list or
/// object is there. With `*` in the path, any element of the list will do.
fn holds(json: &Value, at: &str) -> bool {
    if let Some((path, expected)) = at.split_once('=') {
        return lookup_all(json, path).into_iter().filter_map(scalar_text).any(|text| text == expected);
    }
    lookup_all(json, at).into_iter().any(|value| match value {
        Value::Null | Value::Bool(false) => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        Value::Object(map) => map.iter().next().is_some(),
        _ => true,
    })
}

/// A 2xx: the action is done, and what the step needs next is read from the body. Only what the
/// backend said counts: a body that is not the JSON object the endpoint answers with (a proxy's
/// or a sign-in page's HTML, an empty body) says nothing, so it is unexpected, not success;
/// unless the endpoint is configured with `expectsBody: false`.
fn success(endpoint: &Endpoint, action: Action, body: Body<'_>) -> Outcome {
    let unexpected = |what: String| Outcome::Unexpected {
        detail: format!(
            "{}: expected a JSON object in the answer, got {what} (an endpoint that answers without a body needs backend.endpoints.{}.expectsBody = false)",
            action.key(),
            action.key()
        ),
    };
    let json = match body {
        Body::Json(v @ Value::Object(_)) => v,
        _ if !endpoint.expects_body => return Outcome::Success { data: BTreeMap::new() },
        Body::Json(other) => return unexpected(format!("JSON {}", type_name(other))),
        Body::Empty => return unexpected("an empty body".to_owned()),
        Body::NotJson { length } => return unexpected(format!("{length} bytes of something else")),
    };
    let (required, wanted) = data_fields(action);
    let mut data = BTreeMap::new();
    for logical in wanted {
        match field(endpoint, json, logical) {
            Ok(Some(value)) => {
                let value = if *logical == "message" { shorten(&value) } else { value };
                data.insert((*logical).to_owned(), value);
            }
            Ok(None) => {}
            Err(found) => {
                let expected = match kind(logical) {
                    Kind::Text => "text",
                    Kind::Lines => "a list of texts",
                    Kind::Version => "text or a number",
                    Kind::Flag => "true or false",
                };
                return Outcome::Unexpected {
                    detail: format!(
                        "{}: the answer's {logical} (at \"{}\") is {found}, expected {expected}",
                        action.key(),
                        path_of(endpoint, logical)
                    ),
                };
            }
        }
    }
    if !required.is_empty() && !required.iter().any(|r| data.contains_key(*r)) {
        return Outcome::Unexpected {
            detail: format!(
                "{}: the response has no {} (configure backend.endpoints.{}.response)",
                action.key(),
                required.iter().map(|r| format!("\"{}\"", path_of(endpoint, r))).collect::<Vec<_>>().join(" or "),
                action.key()
            ),
        };
    }
    if let Some(uri) = data.get("totpUri") {
        if let Err(why) = check_totp_uri(uri) {
            return Outcome::Unexpected { detail: format!("{}: the answer's totpUri {why}; nothing was opened", action.key()) };
        }
    }
    if let Some(secret) = data.get("totpSecret") {
        if crate::totp::base32_decode(secret).is_none_or(|bytes| bytes.is_empty()) {
            return Outcome::Unexpected { detail: format!("{}: the answer's totpSecret is not a base32 key", action.key()) };
        }
    }
    Outcome::Success { data }
}

/// A backend's `totpUri` becomes a QR code and the target of "Open in authenticator app", so
/// only an `otpauth://totp/` URI with a usable secret may pass: a `javascript:` URI would run in
/// the page, an `https:` one would take the person's tab anywhere.
fn check_totp_uri(uri: &str) -> Result<(), &'static str> {
    if !uri.starts_with("otpauth://totp/") {
        return Err("is not an otpauth://totp/ URI");
    }
    crate::totp::OtpAuth::parse(uri).map(|_| ()).map_err(|_| "is not a valid otpauth://totp/ URI")
}

/// Where `logical` is read from for `endpoint`: as configured, else the reference contract's.
fn path_of<'e>(endpoint: &'e Endpoint, logical: &'e str) -> &'e str {
    if let Some(at) = endpoint.response.get(logical) {
        return at;
    }
    FLAG_CODES.iter().find(|(name, _)| *name == logical).map_or(logical, |(_, at)| at)
}

/// The logical field of a JSON answer as text: `Ok(None)` when absent (or null), `Err` with
/// the type found when it is there with the wrong one.
fn field(endpoint: &Endpoint, json: &Value, logical: &str) -> Result<Option<String>, &'static str> {
    let at = path_of(endpoint, logical);
    // `path=value`: a flag that is true when the value at path (text, number or boolean)
    // equals `value`.
    if let Some((path, expected)) = at.split_once('=') {
        return Ok(lookup(json, path).and_then(scalar_text).map(|text| (text == expected).to_string()));
    }
    let Some(value) = lookup(json, at).filter(|v| !matches!(v, Value::Null)) else { return Ok(None) };
    match (kind(logical), value) {
        (Kind::Text | Kind::Version, Value::String(s)) => Ok(Some(s.clone())),
        (Kind::Version, Value::Number(_)) => Ok(scalar_text(value)),
        (Kind::Flag, Value::Bool(b)) => Ok(Some(b.to_string())),
        (Kind::Lines, Value::Array(items)) => {
            let lines: Option<Vec<String>> = items.iter().map(|i| scalar_text(i).filter(|t| !t.trim().is_empty() && !t.contains('\n'))).collect();
            match lines {
                Some(lines) if !lines.is_empty() => Ok(Some(lines.join("\n"))),
                Some(_) => Ok(None),
                None => Err("a list with something other than text in it"),
            }
        }
        (_, other) => Err(type_name(other)),
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A backend's sentence as the widget shows it: trimmed, at most [`MAX_MESSAGE_CHARS`].
fn shorten(message: &str) -> String {
    let message = message.trim();
    match message.char_indices().nth(MAX_MESSAGE_CHARS) {
        None => message.to_owned(),
        Some((cut, _)) => {
            let head = &message[..cut];
            let at_word = head.rfind(char::is_whitespace).filter(|i| *i > cut / 2).unwrap_or(cut);
            format!("{}…", head[..at_word].trim_end())
        }
    }
}

/// Messages per logical field from a 400/422 body, at `errorsPath`: an object of field names
/// and messages (`{"new_password2": ["msg", …]}`), or a list of texts (for the whole form) and
/// objects naming their field (`[{"param": "password", "message": "…"}]`); plus a top-level
/// `message` for the whole form (`""`). The backend's field names map back to the logical ones
/// through `fields`; the names frameworks give the whole form (`non_field_errors`, `__all__`) and
/// a list item without a field are for the whole form.
fn field_errors(backend: &BackendConfig, action: Action, body: Body<'_>) -> Vec<(String, String)> {
    let Body::Json(json) = body else { return Vec::new() };
    let endpoint = &backend.endpoints[&action];
    let logical_name = |wire: &str| {
        if FORM_LEVEL_NAMES.contains(&wire) {
            return String::new();
        }
        endpoint
            .fields
            .iter()
            .find(|(_, names)| names.iter().any(|n| n == wire))
            .map(|(logical, _)| logical.clone())
            .unwrap_or_else(|| wire.to_owned())
    };
    let texts = |value: &Value| -> Vec<String> {
        match value {
            Value::String(s) => vec![s.clone()],
            Value::Array(items) => items.iter().filter_map(|i| if let Value::String(s) = i { Some(s.clone()) } else { None }).collect(),
            _ => Vec::new(),
        }
    };
    // One entry per field, its messages in the order they came.
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut add = |field: String, message: String| match errors.iter_mut().find(|(f, _)| *f == field) {
        Some((_, text)) => {
            text.push(' ');
            text.push_str(&message);
        }
        None => errors.push((field, message)),
    };
    match lookup(json, &backend.errors_path) {
        Some(Value::Object(map)) => {
            for (wire, message) in map.iter() {
                let messages = texts(message);
                if !messages.is_empty() {
                    add(logical_name(wire), messages.join(" "));
                }
            }
        }
        Some(Value::Array(items)) => {
            for item in items {
                let (wire, message) = match item {
                    Value::String(s) => (String::new(), Some(s.clone())),
                    Value::Object(map) => {
                        let wire = ERROR_ITEM_FIELD.iter().find_map(|k| map.get(k).and_then(scalar_text)).unwrap_or_default();
                        (wire, ERROR_ITEM_MESSAGE.iter().find_map(|k| map.get(k).and_then(scalar_text)))
                    }
                    _ => continue,
                };
                if let Some(message) = message.filter(|m| !m.trim().is_empty()) {
                    add(if wire.is_empty() { wire } else { logical_name(&wire) }, message);
                }
            }
        }
        _ => {}
    }
    if let Ok(Some(message)) = field(endpoint, json, "message") {
        add(String::new(), message);
    }
    errors.into_iter().map(|(field, message)| (field, shorten(&message))).collect()
}

/// Names frameworks give errors about the whole form (Django REST framework, Django forms).
const FORM_LEVEL_NAMES: [&str; 3] = ["non_field_errors", "__all__", ""];
/// Where an item of a list of errors names its field, and its message (first found wins).
const ERROR_ITEM_FIELD: [&str; 4] = ["param", "field", "attr", "name"];
const ERROR_ITEM_MESSAGE: [&str; 3] = ["message", "detail", "msg"];

/// The first value at `path`; see [`lookup_all`].
fn lookup<'v>(json: &'v Value, path: &str) -> Option<&'v Value> {
    lookup_all(json, path).into_iter().next()
}

/// The values at a dotted `path`: object keys, list positions (`flows.0.id`) and `*` for every
/// element of a list (`data.flows.*.id`). `""` is the whole body.
fn lookup_all<'v>(json: &'v Value, path: &str) -> Vec<&'v Value> {
    let mut found = vec![json];
    for key in path.split('.').filter(|p| !p.is_empty()) {
        found = found
            .into_iter()
            .flat_map(|v| match (v, key) {
                (Value::Object(map), _) => map.get(key).into_iter().collect::<Vec<_>>(),
                (Value::Array(items), "*") => items.iter().collect(),
                (Value::Array(items), _) => key.parse::<usize>().ok().and_then(|i| items.get(i)).into_iter().collect(),
                _ => Vec::new(),
            })
            .collect();
    }
    found
}

/// A text, number or boolean as text (whole numbers without a fraction).
fn scalar_text(value: &Value) -> Option<String> {
    Some(match value {
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
        Value::Number(n) => n.to_string(),
        _ => return None,
    })
}

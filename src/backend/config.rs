//! `config.backend`: which request each action makes.
//!
//! The defaults are the reference backend's contract (`server/`, documented in docs/api.md)
//! under `baseUrl`; every part can be changed per action, so an existing HMIS keeps its URLs,
//! field names, encoding and CSRF scheme.

use super::Action;
use crate::json::{self, ConfigError, Value};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Json,
    Form,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Credentials {
    SameOrigin,
    Include,
    Omit,
}

impl Credentials {
    /// The `fetch()` `credentials` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Credentials::SameOrigin => "same-origin",
            Credentials::Include => "include",
            Credentials::Omit => "omit",
        }
    }
}

/// Where the page keeps its CSRF token, and where the request carries it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CsrfSource {
    None,
    /// `<meta name="…" content="token">`
    Meta(String),
    /// A cookie readable by script (double-submit).
    Cookie(String),
    /// `<input type="hidden" name="…" value="token">`, as server-rendered forms have.
    Input(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Csrf {
    pub source: CsrfSource,
    /// Where to `GET` once when the token is not where it should be (a cookie the backend sets
    /// on its first answer, as Django's `csrftoken`): then it is looked for again.
    pub fetch: Option<String>,
    /// Header that carries the token; `None` puts it in the body as `field`.
    pub header: Option<String>,
    pub field: String,
}

/// One action's request and how to read its response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub url: String,
    pub method: String,
    pub encoding: Encoding,
    /// Logical field → the backend's names (one value may go under several, e.g. a new password
    /// as `new_password1` and `new_password2`); a logical field missing here is sent under its own
    /// name (but for the opt-in ones, [`super::OPT_IN_FIELDS`]), one mapped to `null` or `[]` is
    /// not sent.
    pub fields: BTreeMap<String, Vec<String>>,
    /// Fields sent as they are with every request of this endpoint (`"method": "totp"`); a
    /// value may name a saved one (`"{saved.ephemeralToken}"`, see `capture`).
    pub constants: Vec<(String, String)>,
    /// Values this endpoint's 2xx answers hand to later requests: name → where in the body.
    /// They are kept in memory only, for the journey, and used in `url`, `headers` and
    /// `constants` as `{saved.name}` (`"Authorization": "Bearer {saved.access}"`).
    pub capture: Vec<(String, String)>,
    /// Logical response field → where it is in the JSON body: a dotted path (`data.question`),
    /// or `path=value` for a flag that is true when the value at path equals `value`.
    pub response: BTreeMap<String, String>,
    pub headers: Vec<(String, String)>,
    /// What answers mean for this endpoint where the backend does not follow the reference
    /// contract's statuses; the first rule that matches wins, then the common reading.
    pub outcomes: Vec<OutcomeRule>,
    /// Whether a 2xx answer carries a JSON object (the default). Only where this is `false` is
    /// an answer without one (empty, HTML) taken as done: anything else could be a proxy's or
    /// a sign-in page's `200`, which says nothing about the action.
    pub expects_body: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackendConfig {
    pub endpoints: BTreeMap<Action, Endpoint>,
    pub csrf: Csrf,
    pub credentials: Credentials,
    pub timeout_ms: u32,
    /// Requests carrying credentials go to another origin only when this is set.
    pub allow_cross_origin: bool,
    /// Where the error messages per field are in a 400/422 body.
    pub errors_path: String,
    /// `baseUrl` as configured, so a bad endpoint built from it is reported under that key.
    pub base_url: String,
    /// Whether the backend answers a repeated `Idempotency-Key` from its record (the reference
    /// backend does). Where it does not, the header is not sent, and a retry after a lost
    /// answer says that the change may already have happened.
    pub idempotency_keys: bool,
    /// The actions the configuration named in `endpoints`: an optional one (`recoveryCodes`) is
    /// asked for only then.
    pub configured: Vec<Action>,
}

/// One of an endpoint's `outcomes`: answers with one of `statuses` (and, with `when`, a body
/// where that path is present, or `path=value` holds) mean `means`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutcomeRule {
    pub statuses: Vec<std::ops::RangeInclusive<u16>>,
    pub when: Option<String>,
    pub means: Meaning,
}

/// What an answer means, as an `outcomes` rule names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Meaning {
    Success,
    FieldErrors,
    WrongCredentials,
    CodeRequired,
    SessionEnded,
    ResetExpired,
    ReauthenticationRequired,
    Refused,
    Locked,
    RateLimited,
    /// Down for a while: counted down from Retry-After, then the same submission again.
    Busy,
    Retry,
    Unexpected,
}

impl Meaning {
    const ALL: [(&'static str, Meaning); 13] = [
        ("success", Meaning::Success),
        ("fieldErrors", Meaning::FieldErrors),
        ("wrongCredentials", Meaning::WrongCredentials),
        ("codeRequired", Meaning::CodeRequired),
        ("sessionEnded", Meaning::SessionEnded),
        ("resetExpired", Meaning::ResetExpired),
        ("reauthenticationRequired", Meaning::ReauthenticationRequired),
        ("refused", Meaning::Refused),
        ("locked", Meaning::Locked),
        ("rateLimited", Meaning::RateLimited),
        ("busy", Meaning::Busy),
        ("retry", Meaning::Retry),
        ("unexpected", Meaning::Unexpected),
    ];
}

/// The reference backend's paths, relative to `baseUrl`.
fn default_path(action: Action) -> &'static str {
    match action {
        Action::SignIn | Action::SignInCode => "/sign-in",
        Action::AcceptTerms => "/terms",
        Action::ChangePassword => "/password",
        Action::SetRecovery => "/recovery",
        Action::StartTotp => "/totp/start",
        Action::VerifyTotp => "/totp/verify",
        Action::DisableTotp => "/totp/disable",
        Action::RecoveryCodes => "/totp/recovery-codes",
        Action::Reauthenticate => "/reauthenticate",
        Action::ForgotStart => "/forgot/start",
        Action::ForgotAnswer => "/forgot/answer",
        Action::ForgotReset => "/forgot/reset",
        Action::SignOut => "/sign-out",
    }
}

impl BackendConfig {
    /// The reference contract under `base_url`.
    pub fn reference(base_url: &str) -> BackendConfig {
        let base = base_url.trim_end_matches('/');
        let endpoints = Action::ALL
            .iter()
            .map(|a| {
                let endpoint = Endpoint {
                    url: format!("{base}{}", default_path(*a)),
                    method: "POST".to_owned(),
                    encoding: Encoding::Json,
                    fields: BTreeMap::new(),
                    constants: Vec::new(),
                    capture: Vec::new(),
                    outcomes: Vec::new(),
                    response: BTreeMap::new(),
                    headers: Vec::new(),
                    expects_body: true,
                };
                (*a, endpoint)
            })
            .collect();
        BackendConfig {
            endpoints,
            csrf: Csrf {
                source: CsrfSource::Cookie("hmis_csrf".to_owned()),
                fetch: None,
                header: Some("X-CSRF-Token".to_owned()),
                field: "csrfToken".to_owned(),
            },
            credentials: Credentials::SameOrigin,
            timeout_ms: 15_000,
            allow_cross_origin: false,
            errors_path: "errors".to_owned(),
            base_url: base_url.to_owned(),
            idempotency_keys: true,
            configured: Vec::new(),
        }
    }

    /// Checks where every endpoint points, once `resolve` has resolved its URL against the page's
    /// address (`None`: not a URL); `page_origin` is the page's own origin.
    ///
    /// Passwords travel encrypted: an endpoint must be `https:`, or `http:` to a loopback host
    /// (`localhost`, `*.localhost`, `127.x.x.x`, `[::1]`), where nothing leaves the machine.
    /// Credentials stay on the page's origin unless `allowCrossOrigin` says otherwise: said here,
    /// at `attach()`, rather than only when the request would be sent (which still refuses it).
    pub fn check_urls(&self, page_origin: &str, resolve: impl Fn(&str) -> Option<ResolvedUrl>) -> Result<(), ConfigError> {
        for (action, endpoint) in &self.endpoints {
            let key = if endpoint.url == format!("{}{}", self.base_url.trim_end_matches('/'), default_path(*action)) {
                "backend.baseUrl".to_owned()
            } else {
                format!("backend.endpoints.{}.url", action.key())
            };
            let got = || format!("{:?}", endpoint.url);
            let Some(resolved) = resolve(&endpoint.url) else {
                return Err(ConfigError { path: key, expected: "a valid URL".to_owned(), got: got() });
            };
            let protocol = resolved.protocol.as_str();
            let secure = protocol == "https:" || (protocol == "http:" && is_loopback(&resolved.hostname));
            if !secure {
                let expected = "an https: URL (plain http: only to localhost), so passwords travel encrypted";
                return Err(ConfigError { path: key, expected: expected.to_owned(), got: got() });
            }
            if self.sends_credentials_to(&resolved, page_origin) {
                let expected = format!(
                    "a URL on this page's origin ({page_origin}), or backend.allowCrossOrigin: true to send credentials to {}",
                    resolved.origin
                );
                return Err(ConfigError { path: key, expected, got: got() });
            }
        }
        Ok(())
    }

    /// Whether a request to `url` would carry credentials to another origin than the page's
    /// without `allowCrossOrigin`: refused at `attach()` and again before sending.
    pub fn sends_credentials_to(&self, url: &ResolvedUrl, page_origin: &str) -> bool {
        url.origin != page_origin && self.credentials != Credentials::Omit && !self.allow_cross_origin
    }
}

/// A URL as the page's URL API resolves it against the page's own address, for the checks
/// made at `attach()` (the browser shell resolves; the checks stay pure and tested natively).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedUrl {
    /// As `URL.protocol` gives it, with its colon: `"https:"`.
    pub protocol: String,
    /// As `URL.hostname` gives it: `"hmis.example.org"`, `"[::1]"`.
    pub hostname: String,
    /// As `URL.origin` gives it: `"https://hmis.example.org"` (`"null"` for opaque URLs).
    pub origin: String,
}

/// Whether `host` (a URL's hostname) names this machine.
fn is_loopback(host: &str) -> bool {
    let host = host.to_ascii_lowercase();
    let host = host.trim_end_matches('.');
    let octets: Vec<&str> = host.split('.').collect();
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || (octets.len() == 4 && octets[0] == "127" && octets.iter().all(|o| o.parse::<u8>().is_ok()))
}

/// The methods an endpoint may use.
const METHODS: [&str; 5] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/// Reads `config.backend`.
pub fn parse(value: &Value) -> Result<BackendConfig, ConfigError> {
    let map = json::object(value, "backend")?;
    json::check_keys(
        map,
        "backend",
        &[
            "baseUrl",
            "endpoints",
            "csrf",
            "credentials",
            "timeoutMs",
            "allowCrossOrigin",
            "errorsPath",
            "headers",
            "response",
            "idempotencyKeys",
            "outcomes",
        ],
    )?;
    let base = match map.get("baseUrl") {
        None => "/api",
        Some(v) => json::string(v, "backend.baseUrl")?,
    };
    let mut backend = BackendConfig::reference(base);
    if let Some(v) = map.get("timeoutMs") {
        backend.timeout_ms = json::whole(v, "backend.timeoutMs", 1_000, 120_000)? as u32;
    }
    if let Some(v) = map.get("allowCrossOrigin") {
        backend.allow_cross_origin = json::boolean(v, "backend.allowCrossOrigin")?;
    }
    if let Some(v) = map.get("idempotencyKeys") {
        backend.idempotency_keys = json::boolean(v, "backend.idempotencyKeys")?;
    }
    if let Some(v) = map.get("errorsPath") {
        backend.errors_path = json::string(v, "backend.errorsPath")?.to_owned();
    }
    if let Some(v) = map.get("credentials") {
        backend.credentials = match v {
            Value::String(s) if s == "same-origin" => Credentials::SameOrigin,
            Value::String(s) if s == "include" => Credentials::Include,
            Value::String(s) if s == "omit" => Credentials::Omit,
            other => return Err(json::error("backend.credentials", "\"same-origin\", \"include\" or \"omit\"", other)),
        };
    }
    if let Some(v) = map.get("csrf") {
        backend.csrf = parse_csrf(v)?;
    }
    let shared_headers = match map.get("headers") {
        Some(v) => headers(v, "backend.headers")?,
        None => Vec::new(),
    };
    // Where every answer says the same thing (a status code field, the message), once for all.
    let shared_response = match map.get("response") {
        Some(v) => response(v, "backend.response")?,
        None => BTreeMap::new(),
    };
    for endpoint in backend.endpoints.values_mut() {
        endpoint.headers = shared_headers.clone();
        endpoint.response = shared_response.clone();
    }
    if let Some(v) = map.get("endpoints") {
        for (key, spec) in json::object(v, "backend.endpoints")? {
            let path = format!("backend.endpoints.{key}");
            let action = Action::from_key(key).ok_or_else(|| ConfigError {
                path: path.clone(),
                expected: format!("one of the actions {}", Action::ALL.iter().map(|a| a.key()).collect::<Vec<_>>().join(", ")),
                got: "an unknown action".to_owned(),
            })?;
            backend.configured.push(action);
            let endpoint = backend.endpoints.get_mut(&action).expect("every action has a default");
            parse_endpoint(spec, &path, endpoint)?;
            // A GET carries its fields in the URL, which browsers, proxies and servers log.
            if endpoint.method == "GET" && action.sends_secrets() {
                let expected = "a method with a body (\"POST\", \"PUT\", \"PATCH\"): this action sends a password, an answer, a code or a token, which must never be in a URL";
                return Err(json::error(&format!("{path}.method"), expected, &Value::String("GET".to_owned())));
            }
            let reads_answer = matches!(
                action,
                Action::SignIn | Action::SignInCode | Action::StartTotp | Action::RecoveryCodes | Action::ForgotStart | Action::ForgotAnswer
            );
            if reads_answer && !endpoint.expects_body {
                let expected = "true: this action reads what the backend answers";
                return Err(json::error(&format!("{path}.expectsBody"), expected, &Value::Bool(false)));
            }
        }
    }
    // Rules for every endpoint (a backend that says "sign in again" the same way everywhere),
    // after each endpoint's own.
    if let Some(v) = map.get("outcomes") {
        let shared = outcome_rules(v, "backend.outcomes")?;
        for endpoint in backend.endpoints.values_mut() {
            endpoint.outcomes.extend(shared.iter().cloned());
        }
    }
    // The code at sign-in goes where the sign-in went, with the code added, unless configured.
    if !backend.configured.contains(&Action::SignInCode) {
        let sign_in = backend.endpoints[&Action::SignIn].clone();
        backend.endpoints.insert(Action::SignInCode, sign_in);
    }
    Ok(backend)
}

/// Where the common frameworks keep the token and which header they read it from, by name:
/// `csrf: "django"` instead of spelling out `{from, name, header}`.
pub const CSRF_PRESETS: [(&str, &str, &str, &str); 4] = [
    // name, from, token name, header
    ("reference", "cookie", "hmis_csrf", "X-CSRF-Token"),
    ("django", "cookie", "csrftoken", "X-CSRFToken"),
    ("rails", "meta", "csrf-token", "X-CSRF-Token"),
    ("aspnet", "input", "__RequestVerificationToken", "RequestVerificationToken"),
];

fn parse_csrf(v: &Value) -> Result<Csrf, ConfigError> {
    if let Value::String(name) = v {
        let Some((_, from, token, header)) = CSRF_PRESETS.iter().find(|(preset, ..)| preset == name) else {
            let names = CSRF_PRESETS.iter().map(|(p, ..)| format!("\"{p}\"")).collect::<Vec<_>>().join(", ");
            return Err(json::error("backend.csrf", &format!("one of the presets {names}, or {{from, name, header, field}}"), v));
        };
        let source = match *from {
            "cookie" => CsrfSource::Cookie((*token).to_owned()),
            "meta" => CsrfSource::Meta((*token).to_owned()),
            _ => CsrfSource::Input((*token).to_owned()),
        };
        return Ok(Csrf { source, fetch: None, header: Some((*header).to_owned()), field: "csrfToken".to_owned() });
    }
    let map = json::object(v, "backend.csrf")?;
    json::check_keys(map, "backend.csrf", &["preset", "from", "name", "header", "field", "fetch"])?;
    let fetch = match map.get("fetch") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(other) => return Err(json::error("backend.csrf.fetch", "a URL to GET for the token", other)),
    };
    // A preset with additions: `{"preset": "django", "fetch": "/api/session"}`.
    if let Some(preset) = map.get("preset") {
        if let Some(key) = ["from", "name", "header", "field"].iter().find(|k| map.contains_key(k)) {
            return Err(json::error(&format!("backend.csrf.{key}"), "nothing beside a preset but fetch", map.get(key).unwrap_or(&Value::Null)));
        }
        let mut csrf = parse_csrf(preset).map_err(|e| ConfigError { path: "backend.csrf.preset".to_owned(), ..e })?;
        csrf.fetch = fetch;
        return Ok(csrf);
    }
    let name = match map.get("name") {
        Some(v) => json::string(v, "backend.csrf.name")?.to_owned(),
        None => String::new(),
    };
    let source = match map.get("from") {
        None | Some(Value::Null) => CsrfSource::None,
        Some(Value::String(s)) if s == "none" => CsrfSource::None,
        Some(Value::String(s)) if ["meta", "cookie", "input"].contains(&s.as_str()) => {
            if name.is_empty() {
                return Err(json::error("backend.csrf.name", "the meta tag's, cookie's or input's name", &Value::Null));
            }
            match s.as_str() {
                "meta" => CsrfSource::Meta(name),
                "cookie" => CsrfSource::Cookie(name),
                _ => CsrfSource::Input(name),
            }
        }
        Some(other) => return Err(json::error("backend.csrf.from", "\"meta\", \"cookie\", \"input\" or \"none\"", other)),
    };
    let header = match map.get("header") {
        None => Some("X-CSRF-Token".to_owned()),
        Some(Value::Null) => None,
        Some(v) => Some(json::string(v, "backend.csrf.header")?.to_owned()),
    };
    let field = match map.get("field") {
        None => "csrfToken".to_owned(),
        Some(v) => json::string(v, "backend.csrf.field")?.to_owned(),
    };
    Ok(Csrf { source, fetch, header, field })
}

fn parse_endpoint(v: &Value, path: &str, endpoint: &mut Endpoint) -> Result<(), ConfigError> {
    let map = match v {
        // Shorthand: just the URL.
        Value::String(url) => {
            endpoint.url = url.clone();
            return Ok(());
        }
        v => json::object(v, path)?,
    };
    json::check_keys(map, path, &["url", "method", "encoding", "fields", "constants", "capture", "response", "outcomes", "headers", "expectsBody"])?;
    if let Some(v) = map.get("url") {
        endpoint.url = match v {
            Value::String(s) if !s.trim().is_empty() => s.clone(),
            other => return Err(json::error(&format!("{path}.url"), "a URL", other)),
        };
    }
    if let Some(v) = map.get("method") {
        endpoint.method = match v {
            Value::String(s) if METHODS.contains(&s.to_ascii_uppercase().as_str()) => s.to_ascii_uppercase(),
            other => return Err(json::error(&format!("{path}.method"), "\"GET\", \"POST\", \"PUT\", \"PATCH\" or \"DELETE\"", other)),
        };
    }
    if let Some(v) = map.get("encoding") {
        endpoint.encoding = match v {
            Value::String(s) if s == "json" => Encoding::Json,
            Value::String(s) if s == "form" => Encoding::Form,
            other => return Err(json::error(&format!("{path}.encoding"), "\"json\" or \"form\"", other)),
        };
    }
    if let Some(v) = map.get("fields") {
        for (logical, wire) in json::object(v, &format!("{path}.fields"))? {
            let at = format!("{path}.fields.{logical}");
            let expected = "the backend's field name, a list of names, or null";
            let name = |v: &Value| match v {
                Value::String(s) if !s.is_empty() => Ok(s.clone()),
                other => Err(json::error(&at, expected, other)),
            };
            let names = match wire {
                Value::Null => Vec::new(),
                Value::Array(items) => items.iter().map(name).collect::<Result<_, _>>()?,
                other => vec![name(other)?],
            };
            endpoint.fields.insert(logical.clone(), names);
        }
    }
    if let Some(v) = map.get("constants") {
        for (wire, value) in json::object(v, &format!("{path}.constants"))? {
            let text = match value {
                Value::String(s) => s.clone(),
                Value::Bool(b) => b.to_string(),
                Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
                other => return Err(json::error(&format!("{path}.constants.{wire}"), "text, a whole number or a boolean", other)),
            };
            endpoint.constants.push((wire.clone(), text));
        }
    }
    if let Some(v) = map.get("response") {
        endpoint.response.extend(response(v, &format!("{path}.response"))?);
    }
    if let Some(v) = map.get("headers") {
        endpoint.headers.extend(headers(v, &format!("{path}.headers"))?);
    }
    if let Some(v) = map.get("capture") {
        for (name, at) in json::object(v, &format!("{path}.capture"))? {
            let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            if !valid {
                return Err(json::error(&format!("{path}.capture"), "names of letters, digits and _", &Value::String(name.clone())));
            }
            endpoint.capture.push((name.clone(), json::string(at, &format!("{path}.capture.{name}"))?.to_owned()));
        }
    }
    if let Some(v) = map.get("outcomes") {
        endpoint.outcomes.extend(outcome_rules(v, &format!("{path}.outcomes"))?);
    }
    if let Some(v) = map.get("expectsBody") {
        endpoint.expects_body = json::boolean(v, &format!("{path}.expectsBody"))?;
    }
    Ok(())
}

fn outcome_rules(v: &Value, path: &str) -> Result<Vec<OutcomeRule>, ConfigError> {
    let Value::Array(rules) = v else { return Err(json::error(path, "a list of {status, when, means}", v)) };
    rules.iter().enumerate().map(|(i, rule)| outcome_rule(rule, &format!("{path}[{i}]"))).collect()
}

/// `{status: 400 | [400, 401] | "4xx", when: "path" | "path=value", means: "wrongCredentials"}`.
fn outcome_rule(v: &Value, path: &str) -> Result<OutcomeRule, ConfigError> {
    let map = json::object(v, path)?;
    json::check_keys(map, path, &["status", "when", "means"])?;
    let at = format!("{path}.status");
    let one = |v: &Value| match v {
        Value::Number(n) if n.fract() == 0.0 && (100.0..600.0).contains(n) => Ok((*n as u16)..=(*n as u16)),
        Value::String(s) if s.len() == 3 && s.ends_with("xx") && ('1'..='5').contains(&s.chars().next().unwrap_or('0')) => {
            let hundreds = s[..1].parse::<u16>().unwrap_or(0) * 100;
            Ok(hundreds..=hundreds + 99)
        }
        other => Err(json::error(&at, "an HTTP status (400), a class (\"4xx\") or a list of them", other)),
    };
    let statuses = match map.get("status") {
        Some(Value::Array(items)) if !items.is_empty() => items.iter().map(one).collect::<Result<_, _>>()?,
        Some(v) => vec![one(v)?],
        None => return Err(json::error(&at, "an HTTP status (400), a class (\"4xx\") or a list of them", &Value::Null)),
    };
    let when = match map.get("when") {
        None | Some(Value::Null) => None,
        Some(v) => Some(json::string(v, &format!("{path}.when"))?.to_owned()),
    };
    let means = match map.get("means") {
        Some(Value::String(s)) => Meaning::ALL.iter().find(|(name, _)| name == s).map(|(_, m)| *m),
        _ => None,
    }
    .ok_or_else(|| {
        let names = Meaning::ALL.iter().map(|(n, _)| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
        json::error(&format!("{path}.means"), &format!("one of {names}"), &map.get("means").cloned().unwrap_or(Value::Null))
    })?;
    Ok(OutcomeRule { statuses, when, means })
}

/// Logical response field → where it is in the JSON body.
fn response(v: &Value, path: &str) -> Result<BTreeMap<String, String>, ConfigError> {
    json::object(v, path)?
        .iter()
        .map(|(logical, at)| Ok((logical.clone(), json::string(at, &format!("{path}.{logical}"))?.to_owned())))
        .collect()
}

fn headers(v: &Value, path: &str) -> Result<Vec<(String, String)>, ConfigError> {
    json::object(v, path)?
        .iter()
        .map(|(name, value)| Ok((name.clone(), json::string(value, &format!("{path}.{name}"))?.to_owned())))
        .collect()
}

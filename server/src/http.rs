//! The HTTP side: routes, cookies, CSRF, idempotent replays, rate limits per client address,
//! the access log, CSP reports and the static files of the demo.

use crate::accounts::{code, Input, Outcome, Reply, Service, SessionChange};
use crate::csp::CspReports;
use crate::dialect::Dialect;
use crate::idempotency::{self, Claim, Stored};
use crate::limits::RateLimiter;
use crate::support::{base64url, base64url_decode, ct_eq, hmac_sha256, random_bytes, sha256, Clock, Log};
use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post, MethodRouter};
use axum::Router;
use hmis_onboard::backend::Action;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy the demo pages are served under: the strictest one the widget must work with.
/// Violations are reported to `/csp-report`, which logs them ([`crate::csp`]).
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; \
report-uri /csp-report";

/// Pages under this prefix are the same pages with every `.wasm` file missing, to show (and
/// test) what a host page does when the widget cannot load.
const NO_WASM_PREFIX: &str = "/no-wasm";

pub const SESSION_COOKIE: &str = "hmis_session";
pub const CSRF_COOKIE: &str = "hmis_csrf";
/// The names under `--secure-cookies`: with the `__Host-` prefix a browser takes the cookie
/// only from this host, over HTTPS, for the whole site, so a sibling subdomain or a plain-HTTP
/// page cannot plant or replace it. Page script reads the CSRF one under this name.
pub const SECURE_SESSION_COOKIE: &str = "__Host-hmis_session";
pub const SECURE_CSRF_COOKIE: &str = "__Host-hmis_csrf";
/// The longest `Retry-After` sent, in seconds: a longer wait is asked for again after it.
pub const MAX_RETRY_AFTER: u64 = 60 * 60;
pub const CSRF_HEADER: &str = "x-csrf-token";
pub const IDEMPOTENCY_HEADER: &str = "idempotency-key";
/// Set on a response that is a replay of the first response to the same Idempotency-Key.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";

const BODY_LIMIT: usize = 64 * 1024;
/// argon2 at OWASP's cost takes 19 MiB per hash: at most this many at once.
const HASHING_AT_ONCE: usize = 4;

/// The classic variant's endpoints, by action.
pub const CLASSIC_PATHS: &[(Action, &str)] = &[
    (Action::SignIn, "/classic/Account/Login"),
    (Action::AcceptTerms, "/classic/Account/AcceptTerms"),
    (Action::ChangePassword, "/classic/Account/ChangePassword"),
    (Action::SetRecovery, "/classic/Account/SecurityQuestion"),
    (Action::StartTotp, "/classic/Account/Authenticator/Begin"),
    (Action::VerifyTotp, "/classic/Account/Authenticator/Confirm"),
    (Action::DisableTotp, "/classic/Account/Authenticator/Disable"),
    (Action::Reauthenticate, "/classic/Account/ConfirmPassword"),
    (Action::ForgotStart, "/classic/Account/ForgotPassword"),
    (Action::ForgotAnswer, "/classic/Account/ForgotPassword/Answer"),
    (Action::ForgotReset, "/classic/Account/ResetPassword"),
];

/// The JSON API's endpoints: the widget's defaults under `/api`.
pub const API_PATHS: &[(Action, &str)] = &[
    (Action::SignIn, "/api/sign-in"),
    (Action::AcceptTerms, "/api/terms"),
    (Action::ChangePassword, "/api/password"),
    (Action::SetRecovery, "/api/recovery"),
    (Action::StartTotp, "/api/totp/start"),
    (Action::VerifyTotp, "/api/totp/verify"),
    (Action::DisableTotp, "/api/totp/disable"),
    (Action::Reauthenticate, "/api/reauthenticate"),
    (Action::ForgotStart, "/api/forgot/start"),
    (Action::ForgotAnswer, "/api/forgot/answer"),
    (Action::ForgotReset, "/api/forgot/reset"),
];

pub struct AppState {
    pub service: Arc<Service>,
    clock: Clock,
    log: Log,
    ip_limiter: RateLimiter,
    /// Starting a password reset, per client address.
    forgot_ip_limiter: RateLimiter,
    idempotency: idempotency::Cache,
    /// Signs CSRF tokens, so only tokens this server made are taken.
    csrf_key: [u8; 32],
    /// Keys idempotency entries and fingerprints; never leaves the process.
    request_key: [u8; 32],
    csp_reports: CspReports,
    hashing: Semaphore,
    www: PathBuf,
    pkg: PathBuf,
    preload: Preload,
    secure_cookies: bool,
    /// The cookies' names: [`SESSION_COOKIE`], [`CSRF_COOKIE`] or their `__Host-` forms.
    session_cookie: &'static str,
    csrf_cookie: &'static str,
    /// The origins allowed to post ([`crate::Settings::origins`]).
    origins: Vec<String>,
}

/// The `Link` header a page with a widget root goes out with: a preload of the WebAssembly its
/// root loads (pkg/manifest.json's `preload`: the field build's, or the journeys build's for a
/// root configured for a journey), so that download starts with the page instead of when the
/// entry script runs (docs/caching.md). Not for WebKit: see [`fetch_takes_preloads`].
struct Preload {
    /// The pages at the top of --www with a `data-hmis-onboard` root, by request path, and the
    /// build their root loads: read at start.
    pages: HashMap<String, &'static str>,
}

impl Preload {
    fn read(www: &Path) -> Preload {
        let mut pages = HashMap::new();
        for entry in std::fs::read_dir(www).into_iter().flatten().flatten() {
            let Ok(name) = entry.file_name().into_string() else { continue };
            if !name.ends_with(".html") {
                continue;
            }
            let Some(build) = std::fs::read_to_string(entry.path()).ok().as_deref().and_then(build_of_root) else {
                continue;
            };
            if name == "index.html" {
                pages.insert("/".to_owned(), build);
            }
            pages.insert(format!("/{name}"), build);
        }
        Preload { pages }
    }

    /// The header for the page at `path`, from pkg/manifest.json as it is now (a `make build`
    /// while the server runs gives the files new names). None for other pages, without a
    /// manifest, or with a name in it that is not plain.
    async fn link(&self, pkg: &Path, path: &str) -> Option<HeaderValue> {
        let build = self.pages.get(path)?;
        let manifest: Value = serde_json::from_str(&tokio::fs::read_to_string(pkg.join("manifest.json")).await.ok()?).ok()?;
        let file = manifest["preload"][*build].as_str()?;
        let plain = file.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b)) && !file.contains("..");
        HeaderValue::from_str(&format!("</pkg/{file}>; rel=preload; as=fetch; crossorigin")).ok().filter(|_| plain)
    }
}

/// The build a page's (first) `data-hmis-onboard` root loads, as the entry script decides it:
/// "journey" when the root's own tag has `data-hmis-journey` or names a JSON block
/// (`data-hmis-config`) with a `journey`; else "field". None without a root.
fn build_of_root(html: &str) -> Option<&'static str> {
    let at = html.find("data-hmis-onboard")?;
    let tag = &html[html[..at].rfind('<')?..at + html[at..].find('>')?];
    if tag.contains("data-hmis-journey") {
        return Some("journey");
    }
    let block = || {
        let rest = &tag[tag.find("data-hmis-config=")? + "data-hmis-config=".len()..];
        let quote = rest.chars().next().filter(|q| *q == '"' || *q == '\'')?;
        let id = rest[1..].split(quote).next()?;
        let opening = [" id=\"", "\nid=\"", "\tid=\"", " id='", "\nid='", "\tid='"]
            .iter()
            .find_map(|start| html.find(&format!("{start}{id}{}", &start[start.len() - 1..])))?;
        let content = &html[opening..];
        let content = &content[content.find('>')? + 1..];
        serde_json::from_str::<Value>(&content[..content.find("</script>")?]).ok()
    };
    Some(if block().is_some_and(|config| config["journey"].is_string()) { "journey" } else { "field" })
}

impl AppState {
    pub fn new(service: Service, clock: Clock, log: Log) -> Result<AppState, String> {
        let settings = service.settings().clone();
        let csrf_key = service.store().secret("csrf-key", random_bytes::<32>).map_err(|e| format!("database: {e}"))?;
        Ok(AppState {
            service: Arc::new(service),
            clock,
            log,
            ip_limiter: RateLimiter::new(settings.rate_ip),
            forgot_ip_limiter: RateLimiter::new(settings.forgot_rate_ip),
            idempotency: idempotency::Cache::new(settings.idempotency_seconds),
            csrf_key,
            request_key: random_bytes::<32>(),
            csp_reports: CspReports::new(settings.expose_csp_reports),
            hashing: Semaphore::new(HASHING_AT_ONCE),
            www: settings.www.clone(),
            pkg: settings.pkg.clone(),
            preload: Preload::read(&settings.www),
            secure_cookies: settings.secure_cookies,
            session_cookie: if settings.secure_cookies { SECURE_SESSION_COOKIE } else { SESSION_COOKIE },
            csrf_cookie: if settings.secure_cookies { SECURE_CSRF_COOKIE } else { CSRF_COOKIE },
            origins: settings.origins.clone(),
        })
    }

    /// The CSP reports kept so far: always none unless `--expose-csp-reports`.
    pub fn csp_reports(&self) -> Vec<Value> {
        self.csp_reports.kept()
    }

    /// The session cookie's name (`__Host-` prefixed under `--secure-cookies`).
    pub fn session_cookie(&self) -> &'static str {
        self.session_cookie
    }

    /// The CSRF cookie's name, which page script reads (`__Host-` prefixed under
    /// `--secure-cookies`).
    pub fn csrf_cookie(&self) -> &'static str {
        self.csrf_cookie
    }

    /// A new CSRF token: 16 random bytes and 16 bytes of their HMAC, URL-safe base64.
    fn new_csrf(&self) -> String {
        let nonce = random_bytes::<16>();
        let mac = hmac_sha256(&self.csrf_key, &[b"csrf", &nonce]);
        let mut token = nonce.to_vec();
        token.extend_from_slice(&mac[..16]);
        base64url(&token)
    }

    fn csrf_valid(&self, token: &str) -> bool {
        match base64url_decode(token) {
            Some(bytes) if bytes.len() == 32 => ct_eq(&hmac_sha256(&self.csrf_key, &[b"csrf", &bytes[..16]])[..16], &bytes[16..]),
            _ => false,
        }
    }

    fn cookie(&self, name: &str, value: &str, http_only: bool) -> HeaderValue {
        let mut cookie = format!("{name}={value}; Path=/; SameSite=Strict");
        if http_only {
            cookie.push_str("; HttpOnly");
        }
        if self.secure_cookies {
            cookie.push_str("; Secure");
        }
        if value.is_empty() {
            cookie.push_str("; Max-Age=0");
        }
        HeaderValue::from_str(&cookie).expect("cookie values are base64url")
    }
}

/// The CSRF token of this request: the valid one its cookie carried, or a new one that the
/// response sets.
#[derive(Clone, Debug)]
struct CsrfToken {
    value: String,
    /// Whether the request carried it (a new token proves nothing).
    presented: bool,
}

pub fn router(state: Arc<AppState>) -> Router {
    let mut router = Router::new()
        .route("/api/session", get(session_info))
        .route("/api/sign-out", post(|s, r| sign_out(s, Dialect::Api, r)))
        .route("/api/{*rest}", any(api_not_found))
        .route("/classic/Account/Logout", post(|s, r| sign_out(s, Dialect::Classic, r)))
        .route("/classic/antiforgery-token", get(classic_token))
        .route("/csp-report", post(csp_report))
        .route("/csp-reports", get(csp_reports))
        .route("/sign-in", post(legacy_sign_in))
        .route("/change-password", post(legacy_change_password));
    for (action, path) in API_PATHS {
        router = router.route(path, action_route(Dialect::Api, *action));
    }
    for (action, path) in CLASSIC_PATHS {
        router = router.route(path, action_route(Dialect::Classic, *action));
    }
    let header = |name, value: &'static str| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value));
    router
        .method_not_allowed_fallback(method_not_allowed)
        .fallback(static_file)
        .layer(middleware::from_fn_with_state(state.clone(), csrf_cookie))
        .layer(header(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::CACHE_CONTROL, "no-cache"))
        .layer(middleware::from_fn_with_state(state.clone(), access_log))
        .with_state(state)
}

fn action_route(dialect: Dialect, action: Action) -> MethodRouter<Arc<AppState>> {
    post(move |State(state): State<Arc<AppState>>, request: Request| perform(state, dialect, action, request))
}

/// One line per request: method, path, status, duration. Nothing else, ever: bodies, query
/// strings, cookies and headers carry passwords, answers, codes and tokens.
async fn access_log(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    state.log.line(&format!("{method} {path} {} {ms:.1}ms", response.status().as_u16()));
    response
}

/// Gives every browser a CSRF token in a cookie that script can read (double-submit).
async fn csrf_cookie(State(state): State<Arc<AppState>>, mut request: Request, next: Next) -> Response {
    let token = match cookie(request.headers(), state.csrf_cookie).filter(|t| state.csrf_valid(t)) {
        Some(value) => CsrfToken { value, presented: true },
        None => CsrfToken { value: state.new_csrf(), presented: false },
    };
    request.extensions_mut().insert(token.clone());
    let mut response = next.run(request).await;
    if !token.presented {
        response.headers_mut().append(header::SET_COOKIE, state.cookie(state.csrf_cookie, &token.value, false));
    }
    response
}

/// A cookie's value from the request's Cookie headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"').to_owned())
        .filter(|v| !v.is_empty())
}

/// Whether the request comes from one of our own pages: no cross-site Origin or Fetch
/// Metadata, and a token equal to the (server-signed) cookie, from the header or `field_token`.
fn csrf_ok(state: &AppState, parts: &Parts, field_token: Option<&str>) -> bool {
    same_origin(&state.origins, &parts.headers) && {
        let Some(cookie) = parts.extensions.get::<CsrfToken>().filter(|t| t.presented) else { return false };
        let sent = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).or(field_token);
        sent.is_some_and(|sent| ct_eq(sent.as_bytes(), cookie.value.as_bytes()))
    }
}

/// No sign of another site: `Sec-Fetch-Site` (when sent) is `same-origin` or `none`, and an
/// `Origin` (when sent) is one of the configured public `origins`. Never compared with the
/// request's own `Host`, which whoever sends the request chooses (and which a proxy may
/// rewrite).
fn same_origin(origins: &[String], headers: &HeaderMap) -> bool {
    let text = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        if site != "same-origin" && site != "none" {
            return false;
        }
    }
    match text("origin") {
        None => true,
        Some(origin) => origins.iter().any(|allowed| allowed.eq_ignore_ascii_case(origin)),
    }
}

/// A plain form post from one of this site's own pages. Under `Referrer-Policy: no-referrer`
/// browsers send `Origin: null` with a form post; then `Sec-Fetch-Site`, which page script
/// cannot set, must say the post came from this origin.
fn form_from_this_site(origins: &[String], headers: &HeaderMap) -> bool {
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some("null") => headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("same-origin"),
        Some(_) => same_origin(origins, headers),
        None => false,
    }
}

fn client_ip(parts: &Parts) -> String {
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".to_owned())
}

/// A response ready to send or to store for replay.
struct Built {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Vec<u8>,
}

impl Built {
    fn json(status: StatusCode, body: &Value, retry_after: Option<u64>) -> Built {
        let mut headers = vec![
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ];
        if let Some(seconds) = retry_after {
            headers.push((header::RETRY_AFTER, HeaderValue::from(seconds)));
        }
        Built { status, headers, body: serde_json::to_vec(body).expect("JSON values serialise") }
    }

    fn response(self) -> Response {
        let mut response = Response::new(Body::from(self.body));
        *response.status_mut() = self.status;
        for (name, value) in self.headers {
            response.headers_mut().append(name, value);
        }
        response
    }
}

fn reply_to_built(state: &AppState, dialect: Dialect, action: Option<Action>, reply: &Reply) -> Built {
    let (status, body, retry_after) = dialect.render(action, &reply.outcome);
    let mut built = Built::json(status, &body, retry_after);
    match &reply.session {
        SessionChange::Keep => {}
        SessionChange::Set(token) => built.headers.push((header::SET_COOKIE, state.cookie(state.session_cookie, token, true))),
        SessionChange::Clear => built.headers.push((header::SET_COOKIE, state.cookie(state.session_cookie, "", true))),
    }
    built
}

/// Runs `f` (argon2, SQLite) on a blocking thread, a few at a time.
async fn blocking<T: Send + 'static>(state: &AppState, f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let _permit = state.hashing.acquire().await.ok()?;
    tokio::task::spawn_blocking(f).await.ok()
}

/// Runs `f` (SQLite only, no argon2) on a blocking thread without queueing behind the hashing:
/// accepting the terms or reading a session stays quick while sign-ins pile up.
async fn quick<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}

/// Whether `action` may run argon2 (check or make a password or answer hash).
fn hashes(action: Action) -> bool {
    !matches!(action, Action::AcceptTerms | Action::StartTotp | Action::VerifyTotp | Action::DisableTotp | Action::ForgotStart)
}

async fn perform(state: Arc<AppState>, dialect: Dialect, action: Action, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let error = |status: StatusCode, code: &str, message: &str| Built::json(status, &dialect.error(code, message), None).response();
    let Ok(bytes) = to_bytes(body, BODY_LIMIT).await else {
        return error(StatusCode::PAYLOAD_TOO_LARGE, "tooLarge", "The request is too large.");
    };
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let parsed = match dialect.parse(content_type, &bytes) {
        Ok(parsed) => parsed,
        Err(message) => return error(StatusCode::BAD_REQUEST, "badRequest", &message),
    };
    if !csrf_ok(&state, &parts, parsed.csrf.as_deref()) {
        return error(StatusCode::FORBIDDEN, "csrf", "This page has expired. Reload it and try again.");
    }
    let session = cookie(&parts.headers, state.session_cookie);
    let now = state.clock.now();

    // A retry of a request already handled gets the first response, and changes nothing.
    let mut claim = None;
    if let Some(key) = parts.headers.get(IDEMPOTENCY_HEADER) {
        let key = key.as_bytes();
        if key.is_empty() || key.len() > 255 {
            return error(StatusCode::BAD_REQUEST, "badIdempotencyKey", "Idempotency-Key must be 1 to 255 characters.");
        }
        let csrf = parts.extensions.get::<CsrfToken>().map(|t| t.value.clone()).unwrap_or_default();
        let scope: (&[u8], &[u8]) = match &session {
            Some(token) => (b"session", token.as_bytes()),
            None => (b"browser", csrf.as_bytes()),
        };
        let id = hmac_sha256(&state.request_key, &[b"idempotency", scope.0, scope.1, action.key().as_bytes(), key]);
        let fingerprint = hmac_sha256(&state.request_key, &[b"body", content_type.as_bytes(), &bytes]);
        match state.idempotency.claim(id, &fingerprint, now).await {
            Claim::Replay(stored) => {
                let mut response = Built { status: StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK), headers: stored.headers, body: stored.body }
                    .response();
                response.headers_mut().insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
                return response;
            }
            Claim::Mismatch => {
                return error(StatusCode::UNPROCESSABLE_ENTITY, "idempotencyKeyReused", "This Idempotency-Key was already used for a different request.")
            }
            Claim::Fresh(guard) => claim = Some((guard, fingerprint)),
        }
    }

    let ip = client_ip(&parts);
    let limited = state.ip_limiter.check(&ip, now).and_then(|()| match action {
        Action::ForgotStart => state.forgot_ip_limiter.check(&ip, now),
        _ => Ok(()),
    });
    let reply = if let Err(retry_after) = limited {
        Outcome::RateLimited { retry_after }.into()
    } else {
        let service = state.service.clone();
        let input = parsed.input;
        let run = move || service.execute(action, session.as_deref(), &input);
        let reply = if hashes(action) { blocking(&state, run).await } else { quick(run).await };
        reply.unwrap_or_else(|| Outcome::Failed.into())
    };
    let built = reply_to_built(&state, dialect, Some(action), &reply);
    // Waits (423, 429) and our own failures (5xx) are not results: a retry tries again.
    let keep = !matches!(reply.outcome, Outcome::Locked { .. } | Outcome::RateLimited { .. } | Outcome::Failed);
    if let Some((mut guard, fingerprint)) = claim {
        if keep {
            *guard = Some(Stored { fingerprint, status: built.status.as_u16(), headers: built.headers.clone(), body: built.body.clone() });
        }
    }
    built.response()
}

async fn session_info(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let session = cookie(&headers, state.session_cookie);
    let service = state.service.clone();
    match quick(move || service.session_info(session.as_deref())).await {
        Some(info) => Built::json(StatusCode::OK, &info, None).response(),
        None => Built::json(StatusCode::INTERNAL_SERVER_ERROR, &Dialect::Api.error(code::SERVER_ERROR, "Please try again."), None).response(),
    }
}

async fn sign_out(State(state): State<Arc<AppState>>, dialect: Dialect, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, BODY_LIMIT).await.unwrap_or_default();
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let field = dialect.parse(content_type, &bytes).ok().and_then(|p| p.csrf);
    if !csrf_ok(&state, &parts, field.as_deref()) {
        let status = StatusCode::FORBIDDEN;
        return Built::json(status, &dialect.error("csrf", "This page has expired. Reload it and try again."), None).response();
    }
    let session = cookie(&parts.headers, state.session_cookie);
    let service = state.service.clone();
    let reply = quick(move || service.sign_out(session.as_deref())).await.unwrap_or_else(|| Outcome::Failed.into());
    reply_to_built(&state, dialect, None, &reply).response()
}

async fn api_not_found() -> Response {
    Built::json(StatusCode::NOT_FOUND, &Dialect::Api.error("notFound", "No such endpoint."), None).response()
}

/// A known path asked with another method (e.g. `GET /api/sign-in`): JSON like every other
/// error of the API.
async fn method_not_allowed() -> Response {
    let body = Dialect::Api.error("methodNotAllowed", "This endpoint does not take that method.");
    Built::json(StatusCode::METHOD_NOT_ALLOWED, &body, None).response()
}

/// The token for the classic pages' hidden input, for pages that fetch it instead of having
/// it rendered in.
async fn classic_token(request: Request) -> Response {
    let token = request.extensions().get::<CsrfToken>().map(|t| t.value.clone()).unwrap_or_default();
    Built::json(StatusCode::OK, &json!({ crate::dialect::CLASSIC_CSRF_FIELD: token }), None).response()
}

/// Browsers post violation reports here (`report-uri`), with no credential: they go to the
/// log, capped ([`crate::csp`]). Always 204, so a sender learns nothing.
async fn csp_report(State(state): State<Arc<AppState>>, body: Body) -> StatusCode {
    let Ok(bytes) = to_bytes(body, crate::csp::MAX_BYTES).await else { return StatusCode::PAYLOAD_TOO_LARGE };
    state.csp_reports.receive(&bytes, state.clock.now(), &state.log);
    StatusCode::NO_CONTENT
}

/// The reports kept, for test runs (`--expose-csp-reports`); otherwise there is no such page.
async fn csp_reports(State(state): State<Arc<AppState>>) -> Response {
    if !state.csp_reports.exposed() {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    Built::json(StatusCode::OK, &Value::Array(state.csp_reports()), None).response()
}

// ---- the demo pages' own form posts (no script) ----

/// Reads a form post of the demo pages with their field names, checking CSRF: the page's
/// `csrfToken` hidden field when it has one, else a same-origin `Origin` header (which every
/// current browser sends with a form post).
async fn legacy_form(state: &AppState, request: Request) -> Result<(Parts, Vec<(String, String)>), ()> {
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, BODY_LIMIT).await.map_err(drop)?;
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).map_err(drop)?;
    let token = fields.iter().find(|(k, _)| k == crate::dialect::API_CSRF_FIELD).map(|(_, v)| v.as_str());
    let ok = match token {
        Some(token) => csrf_ok(state, &parts, Some(token)),
        None => form_from_this_site(&state.origins, &parts.headers),
    };
    if ok {
        Ok((parts, fields))
    } else {
        Err(())
    }
}

fn redirect(to: &str, session: Option<HeaderValue>) -> Response {
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_owned())]).into_response();
    if let Some(cookie) = session {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

fn error_code(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Unauthorized { .. } => "credentials",
        Outcome::Locked { .. } => "locked",
        Outcome::RateLimited { .. } => "busy",
        Outcome::Forbidden { code: "termsRequired", .. } => "terms",
        Outcome::Invalid { .. } => "invalid",
        _ => "failed",
    }
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or("")
}

/// `POST /sign-in` from the demo's plain login form: signs in and goes on to the page for
/// changing a temporary password, or back with `?error=`.
async fn legacy_sign_in(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let Ok((parts, fields)) = legacy_form(&state, request).await else { return redirect("/?error=expired", None) };
    let now = state.clock.now();
    if let Err(retry_after) = state.ip_limiter.check(&client_ip(&parts), now) {
        return redirect(&format!("/?error={}", error_code(&Outcome::RateLimited { retry_after })), None);
    }
    let mut input = Input::default();
    input.0.insert("username".to_owned(), field(&fields, "username").to_owned());
    input.0.insert("password".to_owned(), field(&fields, "password").to_owned());
    let session = cookie(&parts.headers, state.session_cookie);
    let service = state.service.clone();
    let reply = blocking(&state, move || service.execute(Action::SignIn, session.as_deref(), &input)).await.unwrap_or_else(|| Outcome::Failed.into());
    match (&reply.outcome, &reply.session) {
        (Outcome::Done { data, .. }, SessionChange::Set(token)) => {
            let must_change = data.iter().any(|(k, v)| *k == "mustChangePassword" && *v == Value::Bool(true));
            let to = if must_change { "/change-password.html" } else { "/home.html" };
            redirect(to, Some(state.cookie(state.session_cookie, token, true)))
        }
        (outcome, _) => redirect(&format!("/?error={}", error_code(outcome)), None),
    }
}

/// `POST /change-password` from the demo's plain form (`username`, `current`, `new-password`,
/// `confirm-password`, and `termsVersion` when the page shows the terms): signs in first if
/// there is no session yet, then changes the password with the same rules as the API.
async fn legacy_change_password(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let back = |code: &str| redirect(&format!("/change-password.html?error={code}"), None);
    let Ok((parts, fields)) = legacy_form(&state, request).await else { return back("expired") };
    if let Err(retry_after) = state.ip_limiter.check(&client_ip(&parts), state.clock.now()) {
        return back(error_code(&Outcome::RateLimited { retry_after }));
    }
    let session = cookie(&parts.headers, state.session_cookie);
    let service = state.service.clone();
    let result = blocking(&state, move || {
        let mut set_cookie = None;
        let mut session = session;
        let signed_in = service.session_info(session.as_deref())["signedIn"] == Value::Bool(true);
        if !signed_in {
            let mut input = Input::default();
            input.0.insert("username".to_owned(), field(&fields, "username").to_owned());
            input.0.insert("password".to_owned(), field(&fields, "current").to_owned());
            let reply = service.execute(Action::SignIn, session.as_deref(), &input);
            let SessionChange::Set(token) = reply.session else { return Err(reply.outcome) };
            session = Some(token.clone());
            set_cookie = Some(token);
        }
        if !field(&fields, "termsVersion").is_empty() {
            let mut input = Input::default();
            input.0.insert("termsVersion".to_owned(), field(&fields, "termsVersion").to_owned());
            let reply = service.execute(Action::AcceptTerms, session.as_deref(), &input);
            if !matches!(reply.outcome, Outcome::Done { .. }) {
                return Err(reply.outcome);
            }
        }
        let mut input = Input::default();
        input.0.insert("currentPassword".to_owned(), field(&fields, "current").to_owned());
        input.0.insert("newPassword".to_owned(), field(&fields, "new-password").to_owned());
        input.0.insert("confirmPassword".to_owned(), field(&fields, "confirm-password").to_owned());
        let reply = service.execute(Action::ChangePassword, session.as_deref(), &input);
        match reply.outcome {
            Outcome::Done { .. } => Ok(set_cookie),
            other => Err(other),
        }
    })
    .await
    .unwrap_or(Err(Outcome::Failed));
    match result {
        Ok(token) => redirect("/password-changed.html", token.map(|t| state.cookie(state.session_cookie, &t, true))),
        Err(outcome) => back(error_code(&outcome)),
    }
}

// ---- static files ----

async fn static_file(State(state): State<Arc<AppState>>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, "method not allowed").into_response();
    }
    let path = request.uri().path().to_owned();
    let (path, without_wasm) = match path.strip_prefix(NO_WASM_PREFIX) {
        Some(rest) if rest.starts_with('/') => (rest.to_owned(), true),
        _ => (path, false),
    };
    if without_wasm && path.ends_with(".wasm") {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    if path.starts_with("/classic/") && path.ends_with(".html") {
        let token = request.extensions().get::<CsrfToken>().map(|t| t.value.clone()).unwrap_or_default();
        return classic_page(&state.www, &path, &token).await;
    }
    let (dir, path, in_pkg) = match path.strip_prefix("/pkg/") {
        Some(rest) => (&state.pkg, format!("/{rest}"), true),
        None => (&state.www, path, false),
    };
    let Ok(uri) = path.parse::<Uri>() else {
        return (StatusCode::BAD_REQUEST, "bad path").into_response();
    };
    let (mut parts, body) = request.into_parts();
    parts.uri = uri;
    let request = Request::from_parts(parts, body);
    let immutable = in_pkg && content_hashed(&path);
    // A page with a root goes out with a preload, or, to WebKit, without: it varies by browser.
    // (The /no-wasm/ pages fetch their WebAssembly under that prefix and get a 404: no preload.)
    let preloading = !in_pkg && !without_wasm && state.preload.pages.contains_key(&path);
    let user_agent = request.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).unwrap_or("");
    let link = if preloading && fetch_takes_preloads(user_agent) { state.preload.link(&state.pkg, &path).await } else { None };
    match ServeDir::new(dir).oneshot(request).await {
        Ok(mut response) => {
            // pkg/'s content-hashed files never change under their name (docs/caching.md);
            // everything else, the entry script included, is revalidated (the layer's no-cache).
            if immutable && response.status() == StatusCode::OK {
                response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
            }
            // The widget's files are public and carry no credentials: pages on other origins
            // may load them (module scripts, the worker's imports and the WebAssembly are all
            // fetched with CORS), as from a CDN or an assets host.
            if in_pkg {
                response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
            }
            if response.status() == StatusCode::OK && preloading {
                if let Some(link) = link {
                    response.headers_mut().insert(header::LINK, link);
                }
                response.headers_mut().append(header::VARY, HeaderValue::from_static("User-Agent"));
            }
            response.map(Body::new)
        }
        Err(never) => match never {},
    }
}

/// Whether the browser hands an `as=fetch` preload to the page's `fetch()`. WebKit (Safari, and
/// every browser on iOS) does not: it would download the WebAssembly twice, so it gets no
/// preload. Chromium-based browsers say `Chrome/` (or `HeadlessChrome/`) beside `AppleWebKit/`.
pub fn fetch_takes_preloads(user_agent: &str) -> bool {
    !user_agent.contains("AppleWebKit/") || user_agent.contains("Chrome/") || user_agent.contains("Chromium/")
}

/// What a file named for its content may be cached with: a year, never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Whether a path inside pkg/ carries the content hash `make build` gives it: a directory
/// `name-<10 hex digits>/` or a file `name.<10 hex digits>.ext` (scripts/pkg.mjs).
pub fn content_hashed(path: &str) -> bool {
    let is_hash = |s: &str| s.len() == 10 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let mut segments = path.trim_start_matches('/').split('/').peekable();
    while let Some(segment) = segments.next() {
        let hashed = if segments.peek().is_some() {
            segment.rsplit_once('-').is_some_and(|(_, h)| is_hash(h))
        } else {
            let mut dots = segment.rsplit('.');
            dots.next();
            dots.next().is_some_and(is_hash)
        };
        if hashed {
            return true;
        }
    }
    false
}

/// A page of the classic variant with `{{csrf}}` replaced by this browser's CSRF token, as a
/// server-rendered site puts it in a hidden input.
async fn classic_page(www: &Path, path: &str, token: &str) -> Response {
    let relative = path.trim_start_matches('/');
    if relative.split('/').any(|segment| segment.is_empty() || segment == ".." || segment == "." || segment.contains('\\')) {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    match tokio::fs::read_to_string(www.join(relative)).await {
        Ok(html) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")],
            html.replace("{{csrf}}", token),
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// For tests: the hash under which a session token is stored.
pub fn session_hash(token: &str) -> [u8; 32] {
    sha256(token.as_bytes())
}

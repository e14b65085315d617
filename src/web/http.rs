//! Sending one backend request from the browser: the CSRF token from where the page keeps it,
//! an idempotency key per submission, a timeout, and the request lifecycle events. What the
//! response means is decided by the pure `backend::interpret`, the same for every backend.

use crate::backend::config::{BackendConfig, Credentials, CsrfSource, Encoding};
use crate::backend::{self, Action, Body, Outcome, Request, RetryReason};
use crate::config::{ResolvedUrl, Value};
use js_sys::{Function, Object, Promise, Reflect};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Element, HtmlDocument, HtmlInputElement, HtmlMetaElement, RequestCredentials, RequestInit, Response};

/// The host's own functions standing in for its backend, `(action, payload) => Promise<{status,
/// body, retryAfter}>`: one for every action (`backend: fn`), and/or one per action
/// (`backend.endpoints.<action>: fn`) beside the mapped ones. A per-action one wins.
#[derive(Clone, Default)]
pub struct Handlers {
    pub all: Option<Function>,
    pub per_action: Vec<(Action, Function)>,
}

impl Handlers {
    /// The function that serves `action`, and the action name it is called with. The code at
    /// sign-in goes to the sign-in's function as `signIn` (with the code in the payload, as it
    /// always did), unless the host gave `signInCode` one of its own.
    pub fn for_action(&self, action: Action) -> Option<(Action, Function)> {
        let own = |a: Action| self.per_action.iter().find(|(x, _)| *x == a).map(|(_, f)| (a, f.clone()));
        match action {
            Action::SignInCode => own(Action::SignInCode).or_else(|| own(Action::SignIn)),
            _ => own(action),
        }
        .or_else(|| {
            let name = if action == Action::SignInCode { Action::SignIn } else { action };
            self.all.clone().map(|f| (name, f))
        })
    }
}

/// A fresh random key naming one submission (its retries reuse it).
pub fn idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The CSRF token where the configuration says the page keeps it.
pub fn csrf_token(backend: &BackendConfig, root: &Element) -> Option<String> {
    let doc = root.owner_document()?;
    match &backend.csrf.source {
        CsrfSource::None => None,
        CsrfSource::Meta(name) => {
            let metas = doc.get_elements_by_name(name);
            (0..metas.length()).filter_map(|i| metas.item(i)?.dyn_into::<HtmlMetaElement>().ok()).map(|m| m.content()).next()
        }
        CsrfSource::Cookie(name) => {
            let cookies = doc.dyn_into::<HtmlDocument>().ok()?.cookie().ok()?;
            cookies.split(';').filter_map(|c| c.trim().split_once('=')).find(|(k, _)| k == name).map(|(_, v)| v.to_owned())
        }
        CsrfSource::Input(name) => {
            let inputs = doc.get_elements_by_name(name);
            (0..inputs.length()).filter_map(|i| inputs.item(i)?.dyn_into::<HtmlInputElement>().ok()).map(|i| i.value()).next()
        }
    }
}

/// Sends `action` and says what came back, with the values the answer hands to later requests
/// (`capture`). `handler` is the host's own function for this action, if it has one (see
/// [`Handlers`]).
pub async fn send(
    backend: &BackendConfig,
    action: Action,
    payload: &[(&str, &str)],
    key: &str,
    root: &Element,
    handler: Option<&(Action, Function)>,
    values: &[(String, String)],
) -> (Outcome, Vec<(String, String)>) {
    let mut token = csrf_token(backend, root);
    if let (None, Some(url), None) = (&token, &backend.csrf.fetch, handler) {
        // The backend sets its token on a first answer (Django's csrftoken cookie): ask once.
        fetch_csrf(backend, url).await;
        token = csrf_token(backend, root);
    }
    let request = backend::request_with(backend, action, payload, token.as_deref(), key, values);
    lifecycle(root, "loadstart", action, None);
    let mut captured = Vec::new();
    let (outcome, note) = match handler {
        Some((called, f)) => (via_handler(backend, action, *called, payload, f, request.timeout_ms).await, None),
        None => via_fetch(backend, action, &request, &mut captured).await,
    };
    let failed = matches!(outcome, Outcome::Retry { .. } | Outcome::Unexpected { .. } | Outcome::Refused { .. });
    // The person sees a sentence from the catalog; the developer gets what went wrong, for
    // which action (never a value that was sent or received).
    let warning = match (&outcome, note) {
        (Outcome::Unexpected { detail } | Outcome::Refused { detail, .. }, _) => Some(detail.clone()),
        (_, Some(note)) => Some(format!("{}: {note}", action.key())),
        (Outcome::Retry { reason: RetryReason::Timeout }, None) => {
            Some(format!("{}: timed out after {} ms; the person can try again", action.key(), request.timeout_ms))
        }
        (Outcome::Retry { reason: RetryReason::Server }, None) => {
            Some(format!("{}: the backend answered with a server error; the person can try again", action.key()))
        }
        (Outcome::Retry { reason: RetryReason::Network }, None) => {
            Some(format!("{}: no response from the backend; the person can try again", action.key()))
        }
        _ => None,
    };
    if let Some(warning) = warning {
        web_sys::console::warn_1(&format!("hmis-onboard: {warning}").into());
    }
    lifecycle(root, if failed { "error" } else { "load" }, action, Some(&outcome));
    lifecycle(root, "loadend", action, Some(&outcome));
    (outcome, captured)
}

fn lifecycle(root: &Element, name: &str, action: Action, outcome: Option<&Outcome>) {
    let detail = Object::new();
    let _ = Reflect::set(&detail, &"action".into(), &action.key().into());
    if let Some(outcome) = outcome {
        let _ = Reflect::set(&detail, &"outcome".into(), &outcome_name(outcome).into());
    }
    super::widget::dispatch(root, &format!("hmis-onboard:{name}"), &detail);
}

/// A short, secret-free name for the host's events.
fn outcome_name(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Success { .. } => "success",
        Outcome::FieldErrors { .. } => "fieldErrors",
        Outcome::WrongCredentials => "wrongCredentials",
        Outcome::CodeRequired => "codeRequired",
        Outcome::SessionEnded { .. } => "sessionEnded",
        Outcome::ResetExpired { .. } => "resetExpired",
        Outcome::ReauthenticationRequired { .. } => "reauthenticationRequired",
        Outcome::Refused { .. } => "refused",
        Outcome::Locked { .. } => "locked",
        Outcome::RateLimited { .. } => "rateLimited",
        Outcome::Retry { reason: RetryReason::Server } => "serverError",
        Outcome::Retry { reason: RetryReason::Timeout } => "timeout",
        Outcome::Retry { reason: RetryReason::Network } => "networkError",
        Outcome::Unexpected { .. } => "unexpected",
    }
}

/// Refuses to send credentials to another origin unless configured to: `attach()` refused such
/// an endpoint already (`BackendConfig::check_urls`); this is the second line, at sending.
fn cross_origin_refusal(backend: &BackendConfig, url: &str) -> Option<String> {
    let page = web_sys::window()?.location().origin().ok()?;
    let resolved = resolve_url(url)?;
    backend.sends_credentials_to(&resolved, &page).then(|| {
        format!("refusing to send credentials to {} (another origin); set backend.allowCrossOrigin", resolved.origin)
    })
}

/// `url` resolved against the page's address by the URL API; `None` if it is no URL.
pub fn resolve_url(url: &str) -> Option<ResolvedUrl> {
    let base = web_sys::window()?.location().href().ok()?;
    let resolved = web_sys::Url::new_with_base(url, &base).ok()?;
    Some(ResolvedUrl { protocol: resolved.protocol(), hostname: resolved.hostname(), origin: resolved.origin() })
}

fn fetch_credentials(credentials: Credentials) -> RequestCredentials {
    match credentials {
        Credentials::SameOrigin => RequestCredentials::SameOrigin,
        Credentials::Include => RequestCredentials::Include,
        Credentials::Omit => RequestCredentials::Omit,
    }
}

/// A `GET` to where the backend hands out its CSRF token (`backend.csrf.fetch`), its answer
/// unread: the token arrives as a cookie. A failure shows in the request that follows.
async fn fetch_csrf(backend: &BackendConfig, url: &str) {
    let Some(window) = web_sys::window() else { return };
    if cross_origin_refusal(backend, url).is_some() {
        return;
    }
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_credentials(fetch_credentials(backend.credentials));
    let _ = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await;
}

/// Responses larger than this are not read: no answer of any backend action comes near it,
/// and reading a runaway body would hold the page (and its memory) for nothing.
pub const MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// Sends `request` with `fetch`. Returns the outcome and, when something went wrong that the
/// outcome does not say, a note for the developer's console.
async fn via_fetch(
    backend: &BackendConfig,
    action: Action,
    request: &Request,
    captured: &mut Vec<(String, String)>,
) -> (Outcome, Option<String>) {
    let network = || (Outcome::Retry { reason: RetryReason::Network }, None);
    if let Some(detail) = cross_origin_refusal(backend, &request.url) {
        return (Outcome::Unexpected { detail: format!("{}: {detail}", action.key()) }, None);
    }
    let Some(window) = web_sys::window() else { return network() };
    let Ok(headers) = web_sys::Headers::new() else { return network() };
    for (name, value) in &request.headers {
        if headers.set(name, value).is_err() {
            return (Outcome::Unexpected { detail: format!("{}: invalid header {name:?}", action.key()) }, None);
        }
    }
    let body = match request.encoding {
        // A GET's fields are in its URL already (`backend::request`).
        _ if request.method == "GET" => String::new(),
        Encoding::Json => {
            let _ = headers.set("Content-Type", "application/json");
            let object = Object::new();
            for (name, value) in &request.body {
                let _ = Reflect::set(&object, &name.into(), &value.into());
            }
            js_sys::JSON::stringify(&object).map(String::from).unwrap_or_default()
        }
        Encoding::Form => {
            let _ = headers.set("Content-Type", "application/x-www-form-urlencoded");
            let Ok(params) = web_sys::UrlSearchParams::new() else { return network() };
            for (name, value) in &request.body {
                params.append(name, value);
            }
            String::from(params.to_string())
        }
    };
    let controller = AbortController::new().ok();
    let init = RequestInit::new();
    init.set_method(&request.method);
    init.set_headers(&headers);
    if request.method != "GET" {
        init.set_body(&JsValue::from_str(&body));
    }
    init.set_credentials(fetch_credentials(request.credentials));
    if let Some(c) = &controller {
        init.set_signal(Some(&c.signal()));
    }
    let timed_out = Rc::new(Cell::new(false));
    let flag = timed_out.clone();
    let abort = controller.clone();
    let _timer = gloo_timers::callback::Timeout::new(request.timeout_ms, move || {
        flag.set(true);
        if let Some(c) = abort {
            c.abort();
        }
    });
    let ms = request.timeout_ms;
    let failure = |timed_out: &Cell<bool>, error: &JsValue, when: &str| {
        if timed_out.get() {
            (Outcome::Retry { reason: RetryReason::Timeout }, Some(format!("timed out after {ms} ms {when}; the person can try again")))
        } else {
            let why = error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default();
            let note = format!("no response {when} (network error, connection refused or reset: {why}); the person can try again");
            (Outcome::Retry { reason: RetryReason::Network }, Some(note))
        }
    };
    let response: Response = match JsFuture::from(window.fetch_with_str_and_init(&request.url, &init)).await {
        Ok(r) => r.unchecked_into(),
        Err(e) => return failure(&timed_out, &e, "before any answer"),
    };
    let status = response.status();
    // A redirect that fetch followed (an expired session sent to a sign-in page, say) ends in
    // some page's 200: that is no answer to the action, even where nothing is read from it.
    if response.redirected() {
        let to = web_sys::Url::new(&response.url()).map(|u| format!("{}{}", u.origin(), u.pathname())).unwrap_or_default();
        let detail = format!("{}: the backend redirected to {to} instead of answering; configure the endpoint to answer with a status", action.key());
        return (Outcome::Unexpected { detail }, None);
    }
    let retry_after = response.headers().get("Retry-After").ok().flatten();
    let too_large = |size: &str| Outcome::Unexpected {
        detail: format!(
            "{}: the response body (HTTP {status}) is {size} bytes, over the widget's limit of {MAX_RESPONSE_BYTES} bytes; not used",
            action.key()
        ),
    };
    let give_up = || {
        if let Some(c) = &controller {
            c.abort();
        }
    };
    let declared = response.headers().get("Content-Length").ok().flatten().and_then(|l| l.trim().parse::<usize>().ok());
    if let Some(length) = declared.filter(|l| *l > MAX_RESPONSE_BYTES) {
        give_up();
        return (too_large(&length.to_string()), None);
    }
    let text = match read_text(&response, MAX_RESPONSE_BYTES).await {
        Ok(Some(text)) => text,
        Ok(None) => {
            give_up();
            return (too_large(&format!("more than {MAX_RESPONSE_BYTES}")), None);
        }
        Err(e) => return failure(&timed_out, &e, &format!("while the body (HTTP {status}) was arriving")),
    };
    let json = parse_json(&text);
    *captured = backend::captured(backend, action, status, body_of(&text, json.as_ref()));
    let outcome = backend::interpret(backend, action, status, retry_after.as_deref(), body_of(&text, json.as_ref()));
    let not_json = json.is_none() && !text.trim().is_empty();
    let note = match &outcome {
        Outcome::Retry { .. } if not_json => {
            Some(format!("HTTP {status} from the backend, with a body that is not JSON ({} bytes); the person can try again", text.len()))
        }
        Outcome::Retry { .. } => Some(format!("HTTP {status} from the backend; the person can try again")),
        Outcome::Success { .. } if not_json => Some(format!(
            "HTTP {status} with a body that is not JSON ({} bytes), taken as done: the endpoint is configured with expectsBody = false",
            text.len()
        )),
        _ => None,
    };
    (outcome, note)
}

/// The body as UTF-8 text (as `Response.text()` decodes it), read piece by piece: `None` as soon
/// as it passes `limit` bytes, so a body without a `Content-Length` (chunked, or one that never
/// ends) is never held whole: the rest is not downloaded.
async fn read_text(response: &Response, limit: usize) -> Result<Option<String>, JsValue> {
    let Some(body) = response.body() else { return Ok(Some(String::new())) };
    let reader: web_sys::ReadableStreamDefaultReader = body.get_reader().unchecked_into();
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await?;
        if Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            break;
        }
        let piece: js_sys::Uint8Array = Reflect::get(&chunk, &"value".into())?.unchecked_into();
        if bytes.len() + piece.length() as usize > limit {
            // Ends the download even where the request cannot be aborted.
            let _ = reader.cancel();
            return Ok(None);
        }
        let at = bytes.len();
        bytes.resize(at + piece.length() as usize, 0);
        piece.copy_to(&mut bytes[at..]);
    }
    // As `text()`: a leading byte order mark is dropped, malformed sequences become U+FFFD.
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    Ok(Some(String::from_utf8_lossy(text).into_owned()))
}

fn parse_json(text: &str) -> Option<Value> {
    if text.trim().is_empty() {
        return None;
    }
    let parsed = js_sys::JSON::parse(text).ok()?;
    super::value::from_js(&parsed)
}

fn body_of<'a>(text: &str, json: Option<&'a Value>) -> Body<'a> {
    match json {
        Some(v) => Body::Json(v),
        None if text.trim().is_empty() => Body::Empty,
        None => Body::NotJson { length: text.len() },
    }
}

async fn via_handler(
    backend: &BackendConfig,
    action: Action,
    called_as: Action,
    payload: &[(&str, &str)],
    handler: &Function,
    timeout_ms: u32,
) -> Outcome {
    let object = Object::new();
    for (name, value) in payload {
        let _ = Reflect::set(&object, &(*name).into(), &(*value).into());
    }
    let called = match handler.call2(&JsValue::NULL, &called_as.key().into(), &object) {
        Ok(v) => Promise::resolve(&v),
        Err(_) => return Outcome::Retry { reason: RetryReason::Network },
    };
    let timeout = Promise::new(&mut |resolve, _| {
        let _ = web_sys::window()
            .map(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, timeout_ms as i32));
    });
    let raced = Promise::race(&js_sys::Array::of2(&called, &timeout));
    let result = match JsFuture::from(raced).await {
        Ok(v) if v.is_undefined() => return Outcome::Retry { reason: RetryReason::Timeout },
        Ok(v) => v,
        Err(_) => return Outcome::Retry { reason: RetryReason::Network },
    };
    let status = Reflect::get(&result, &"status".into()).ok().and_then(|s| s.as_f64());
    let Some(status) = status.filter(|s| (100.0..600.0).contains(s)) else {
        return Outcome::Unexpected {
            detail: format!("{}: the backend function must resolve to {{status, body?, retryAfter?}}", action.key()),
        };
    };
    let retry_after = Reflect::get(&result, &"retryAfter".into()).ok().and_then(|r| r.as_f64()).map(|r| (r as u64).to_string());
    let body = Reflect::get(&result, &"body".into()).unwrap_or(JsValue::UNDEFINED);
    // The host's function said the status itself, so a missing body is an answer with nothing
    // in it (`{}`), not a page of unknown content; what a step needs must still be in it.
    let json: Option<Value> = if body.is_undefined() || body.is_null() {
        Some(Value::Object(crate::config::Map::new()))
    } else {
        super::value::from_js(&body)
    };
    let body = match &json {
        Some(v) => Body::Json(v),
        None => Body::NotJson { length: 0 },
    };
    backend::interpret(backend, action, status as u16, retry_after.as_deref(), body)
}

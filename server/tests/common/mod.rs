//! The app in-process (tower's `oneshot`, no socket), a manual clock, a captured access log,
//! and a small browser-like client with a cookie jar.
#![allow(dead_code)]

use axum::body::{to_bytes, Body};
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request};
use axum::Router;
use hmis_onboard_server::http::AppState;
use hmis_onboard_server::{build, Clock, Log, Settings};
use serde_json::Value;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

/// 2026-01-01T00:00:00Z, a multiple of 30: TOTP steps start at a round number.
pub const START: u64 = 1_767_225_600;
pub const DEMO_PASSWORD: &str = "Temp-Pass-2024!";
pub const TERMS: &str = hmis_onboard_server::settings::DEFAULT_TERMS_VERSION;
pub const NEW_PASSWORD: &str = "Harbor-Lamp-72";

pub struct Harness {
    pub router: Router,
    pub state: Arc<AppState>,
    pub clock: Clock,
    pub logs: Arc<Mutex<Vec<String>>>,
}

impl Harness {
    pub fn new() -> Harness {
        Harness::with(|_| {})
    }

    pub fn with(change: impl FnOnce(&mut Settings)) -> Harness {
        let mut settings = Settings::for_tests();
        change(&mut settings);
        let clock = Clock::manual(START);
        let (log, logs) = Log::capture();
        let app = build(settings, clock.clone(), log).expect("the app builds");
        Harness { router: app.router, state: app.state, clock, logs }
    }

    pub fn client(&self) -> Client {
        self.client_from("127.0.0.1:50000")
    }

    pub fn client_from(&self, addr: &str) -> Client {
        Client { router: self.router.clone(), jar: BTreeMap::new(), addr: addr.parse().unwrap() }
    }

    pub fn log_text(&self) -> String {
        self.logs.lock().unwrap().join("\n")
    }

    /// A user who has already accepted the terms and changed the temporary password.
    pub async fn onboarded(&self, username: &str) -> Client {
        self.state.service.create_user(username, DEMO_PASSWORD).unwrap();
        let mut c = self.client();
        assert_eq!(c.sign_in(username, DEMO_PASSWORD).await.status, 200);
        assert_eq!(c.post("/api/terms", serde_json::json!({ "termsVersion": TERMS })).await.status, 200);
        let r = c.post("/api/password", serde_json::json!({ "currentPassword": DEMO_PASSWORD, "newPassword": NEW_PASSWORD })).await;
        assert_eq!(r.status, 200, "{}", r.text);
        c
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_owned()).collect()
    }

    pub fn retry_after(&self) -> u64 {
        self.header("retry-after").expect("a Retry-After header").parse().unwrap()
    }
}

pub struct Client {
    router: Router,
    pub jar: BTreeMap<String, String>,
    addr: SocketAddr,
}

static KEYS: AtomicU64 = AtomicU64::new(1);

pub fn new_key() -> String {
    format!("key-{}", KEYS.fetch_add(1, Ordering::SeqCst))
}

impl Client {
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.jar.get(name).cloned()
    }

    /// Sends `request` with the jar's cookies, and keeps the cookies the response sets.
    pub async fn send(&mut self, mut request: Request<Body>) -> Resp {
        if !self.jar.is_empty() {
            let cookies = self.jar.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            request.headers_mut().insert("cookie", cookies.parse().unwrap());
        }
        request.extensions_mut().insert(ConnectInfo(self.addr));
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        for cookie in headers.get_all("set-cookie") {
            let cookie = cookie.to_str().unwrap();
            let (pair, attributes) = cookie.split_once(';').unwrap_or((cookie, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.jar.remove(name);
            } else {
                self.jar.insert(name.to_owned(), value.to_owned());
            }
        }
        let bytes = to_bytes(response.into_body(), usize::MAX).await.unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Resp { status, headers, text, json }
    }

    pub async fn get(&mut self, path: &str) -> Resp {
        self.send(Request::get(path).body(Body::empty()).unwrap()).await
    }

    /// Makes sure the jar has a CSRF cookie, as loading any page does (named `__Host-hmis_csrf`
    /// under `--secure-cookies`).
    pub async fn csrf(&mut self) -> String {
        let token = |c: &Client| c.cookie("hmis_csrf").or_else(|| c.cookie("__Host-hmis_csrf"));
        if token(self).is_none() {
            self.get("/api/session").await;
        }
        token(self).unwrap()
    }

    /// A JSON post as the widget makes it: CSRF header from the cookie, a new Idempotency-Key.
    pub async fn post(&mut self, path: &str, body: Value) -> Resp {
        self.post_keyed(path, body, &new_key()).await
    }

    pub async fn post_keyed(&mut self, path: &str, body: Value, key: &str) -> Resp {
        let csrf = self.csrf().await;
        let request = Request::post(path)
            .header("content-type", "application/json")
            .header("x-csrf-token", csrf)
            .header("idempotency-key", key)
            .body(Body::from(body.to_string()))
            .unwrap();
        self.send(request).await
    }

    /// A form post, fields as given (the caller adds any CSRF field).
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)], headers: &[(&str, &str)]) -> Resp {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let mut request = Request::post(path).header("content-type", "application/x-www-form-urlencoded");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(body)).unwrap()).await
    }

    pub async fn sign_in(&mut self, username: &str, password: &str) -> Resp {
        self.post("/api/sign-in", serde_json::json!({ "username": username, "password": password })).await
    }
}

pub fn encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A fresh directory under the system temp dir, for www/ fixtures and database files.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hmis-server-test-{}-{name}-{}", std::process::id(), new_key()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

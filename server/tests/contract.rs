//! The contract from the widget's side: requests built by the widget's own `backend::request`
//! from its default configuration (and from the classic mapping in
//! www/classic/widget-config.json) are sent to this server, and its responses read with the
//! widget's own `backend::interpret`. If either side drifts, this fails.

mod common;

use axum::body::Body;
use common::*;
use hmis_onboard::backend::config::{self as backend_config, BackendConfig, CsrfSource, Encoding};
use hmis_onboard::backend::{self, Action, Outcome};
use hmis_onboard::config::Value as WidgetValue;
use hmis_onboard::totp;
use std::collections::BTreeMap;

struct Widget {
    backend: BackendConfig,
    client: Client,
}

impl Widget {
    /// Sends `action` as the widget would and reads the answer as the widget would.
    async fn send(&mut self, action: Action, payload: &[(&str, &str)]) -> Outcome {
        self.send_keyed(action, payload, &new_key()).await
    }

    async fn send_keyed(&mut self, action: Action, payload: &[(&str, &str)], key: &str) -> Outcome {
        let csrf = match &self.backend.csrf.source {
            // A page of the classic site has the token rendered into a hidden input.
            CsrfSource::Input(_) => {
                self.client.csrf().await;
                let page = self.client.get("/classic/antiforgery-token").await;
                page.json["__RequestVerificationToken"].as_str().map(str::to_owned)
            }
            CsrfSource::Cookie(name) => {
                self.client.csrf().await;
                self.client.cookie(name)
            }
            _ => None,
        };
        let request = backend::request(&self.backend, action, payload, csrf.as_deref(), key);
        let mut http = axum::http::Request::builder().method(request.method.as_str()).uri(request.url.as_str());
        for (name, value) in &request.headers {
            http = http.header(name.as_str(), value.as_str());
        }
        let body = match request.encoding {
            Encoding::Json => {
                http = http.header("content-type", "application/json");
                let map: serde_json::Map<_, _> = request.body.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect();
                serde_json::Value::Object(map).to_string()
            }
            Encoding::Form => {
                http = http.header("content-type", "application/x-www-form-urlencoded");
                request.body.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&")
            }
        };
        let response = self.client.send(http.body(Body::from(body)).unwrap()).await;
        let json: Option<WidgetValue> = serde_json::from_str(&response.text).ok();
        let body = match &json {
            Some(v) => backend::Body::Json(v),
            None if response.text.is_empty() => backend::Body::Empty,
            None => backend::Body::NotJson { length: response.text.len() },
        };
        backend::interpret(&self.backend, action, response.status, response.header("retry-after"), body)
    }
}

fn success(outcome: Outcome) -> BTreeMap<String, String> {
    match outcome {
        Outcome::Success { data } => data,
        other => panic!("expected success, got {other:?}"),
    }
}

/// The whole journey through one backend configuration: first sign-in, terms, a refused and
/// an accepted password, recovery, 2-step, Security Settings, forgot password.
async fn journey(h: &Harness, backend: BackendConfig) {
    let mut w = Widget { backend, client: h.client() };
    let mut wrong = w.send(Action::SignIn, &[("username", "demo"), ("password", "Wrong-Pass-1")]).await;
    assert_eq!(wrong, Outcome::WrongCredentials);
    let data = success(w.send(Action::SignIn, &[("username", "demo"), ("password", DEMO_PASSWORD)]).await);
    assert_eq!(data["mustChangePassword"], "true");
    assert!(data["termsText"].contains("HMIS"));
    let version = data["termsVersion"].clone();
    success(w.send(Action::AcceptTerms, &[("termsVersion", &version)]).await);
    match w.send(Action::ChangePassword, &[("currentPassword", DEMO_PASSWORD), ("newPassword", "harbor")]).await {
        Outcome::FieldErrors { errors } => {
            assert!(errors.iter().any(|(field, message)| field == "newPassword" && message.contains("capital letter")), "{errors:?}");
        }
        other => panic!("{other:?}"),
    }
    success(w.send(Action::ChangePassword, &[("currentPassword", DEMO_PASSWORD), ("newPassword", NEW_PASSWORD)]).await);
    success(w.send(Action::SetRecovery, &[("question", "Which street had the green mailbox?"), ("answer", "hope street")]).await);
    let data = success(w.send(Action::StartTotp, &[]).await);
    let auth = totp::OtpAuth::parse(&data["totpUri"]).unwrap();
    assert_eq!(auth.secret, data["totpSecret"]);
    let secret = totp::base32_decode(&auth.secret).unwrap();
    match w.send(Action::VerifyTotp, &[("code", "000000")]).await {
        Outcome::FieldErrors { errors } => assert!(errors.iter().any(|(f, _)| f == "code"), "{errors:?}"),
        other => panic!("{other:?}"),
    }
    success(w.send(Action::VerifyTotp, &[("code", &totp::totp(&secret, h.clock.now(), 30, 6))]).await);
    wrong = w.send(Action::Reauthenticate, &[("password", "Wrong-Pass-1")]).await;
    assert_eq!(wrong, Outcome::WrongCredentials);
    success(w.send(Action::Reauthenticate, &[("password", NEW_PASSWORD)]).await);
    success(w.send(Action::DisableTotp, &[]).await);
    let data = success(w.send(Action::ForgotStart, &[("username", "demo")]).await);
    assert_eq!(data["question"], "Which street had the green mailbox?");
    let data = success(w.send(Action::ForgotStart, &[("username", "nobody")]).await);
    assert!(data["question"].ends_with('?'));
    wrong = w.send(Action::ForgotAnswer, &[("username", "demo"), ("answer", "elm street")]).await;
    assert_eq!(wrong, Outcome::WrongCredentials);
    let data = success(w.send(Action::ForgotAnswer, &[("username", "demo"), ("answer", "Hope  Street")]).await);
    let token = data["resetToken"].clone();
    success(w.send(Action::ForgotReset, &[("resetToken", &token), ("newPassword", "Quiet-River-19")]).await);
    let data = success(w.send(Action::SignIn, &[("username", "demo"), ("password", "Quiet-River-19")]).await);
    assert_eq!(data["mustChangePassword"], "false");
    assert!(!data.contains_key("termsText"));
    // Faults the widget shows: a lock with its countdown.
    for _ in 0..4 {
        w.send(Action::SignIn, &[("username", "demo"), ("password", "Wrong-Pass-1")]).await;
    }
    let locked = w.send(Action::SignIn, &[("username", "demo"), ("password", "Wrong-Pass-1")]).await;
    assert_eq!(locked, Outcome::Locked { retry_after: Some(900) });
    // A retried submission reads the same.
    let first = w.send_keyed(Action::ForgotStart, &[("username", "demo")], "same-key").await;
    assert_eq!(w.send_keyed(Action::ForgotStart, &[("username", "demo")], "same-key").await, first);
}

#[tokio::test]
async fn the_widgets_default_configuration_works_against_the_api() {
    let h = Harness::new();
    journey(&h, BackendConfig::reference("/api")).await;
    assert!(h.log_text().contains("POST /api/totp/verify 200"));
}

#[tokio::test]
async fn the_widget_mapped_onto_the_classic_variant_works() {
    let h = Harness::new();
    let config: WidgetValue = serde_json::from_str(include_str!("../../www/classic/widget-config.json")).unwrap();
    journey(&h, backend_config::parse(&config).unwrap()).await;
    let log = h.log_text();
    assert!(log.contains("POST /classic/Account/Authenticator/Confirm 200") && !log.contains("/api/sign-in"), "{log}");
}

#[tokio::test]
async fn the_widget_reads_rate_limits_from_either_variant() {
    let h = Harness::with(|s| s.rate_user = Some(hmis_onboard_server::Rate { count: 1, seconds: 120 }));
    let mut w = Widget { backend: BackendConfig::reference("/api"), client: h.client() };
    w.send(Action::ForgotStart, &[("username", "demo")]).await;
    assert_eq!(w.send(Action::ForgotStart, &[("username", "demo")]).await, Outcome::RateLimited { retry_after: 120, busy: false });
    let config: WidgetValue = serde_json::from_str(include_str!("../../www/classic/widget-config.json")).unwrap();
    let mut w = Widget { backend: backend_config::parse(&config).unwrap(), client: h.client() };
    assert_eq!(w.send(Action::ForgotStart, &[("username", "demo")]).await, Outcome::RateLimited { retry_after: 120, busy: false });
}

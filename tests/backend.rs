//! Requests built from configuration, and responses read the same way for every backend.
#![cfg(not(target_arch = "wasm32"))]

use hmis_onboard::backend::config::{self as backend_config, BackendConfig, CsrfSource, Encoding};
use hmis_onboard::backend::{self, Action, Body, Outcome, RetryReason};
use hmis_onboard::config::{self, Value};

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

fn reference() -> BackendConfig {
    BackendConfig::reference("/api")
}

/// A classic server-rendered backend: form posts, other field names, CSRF in a hidden input.
fn classic() -> BackendConfig {
    backend_config::parse(&json(
        r#"{
          "baseUrl": "/classic",
          "csrf": {"from": "input", "name": "__RequestVerificationToken", "header": null, "field": "__RequestVerificationToken"},
          "endpoints": {
            "changePassword": {"url": "/Account/ChangePassword", "encoding": "form",
              "fields": {"currentPassword": "OldPassword", "newPassword": "NewPassword"}},
            "forgotStart": {"url": "/Account/Forgot", "encoding": "form", "fields": {"username": "UserName"},
              "response": {"question": "Result.SecurityQuestion"}},
            "signIn": {"url": "/Account/Login", "response": {"mustChangePassword": "Status=PasswordExpired"}}
          }
        }"#,
    ))
    .unwrap()
}

#[test]
fn every_action_has_a_reference_endpoint() {
    let b = reference();
    for action in Action::ALL {
        assert!(b.endpoints[action].url.starts_with("/api/"), "{}", action.key());
        assert_eq!(Action::from_key(action.key()), Some(*action));
    }
    assert_eq!(b.endpoints[&Action::ForgotReset].url, "/api/forgot/reset");
    assert_eq!(b.timeout_ms, 15_000);
}

#[test]
fn builds_a_json_request_with_idempotency_key_and_csrf_header() {
    let req = backend::request(&reference(), Action::ChangePassword, &[("currentPassword", "Temp-1!"), ("newPassword", "Harbor-Lamp-72")], Some("tok"), "key-1");
    assert_eq!(req.method, "POST");
    assert_eq!(req.url, "/api/password");
    assert_eq!(req.encoding, Encoding::Json);
    assert_eq!(req.body, [("currentPassword".to_owned(), "Temp-1!".to_owned()), ("newPassword".to_owned(), "Harbor-Lamp-72".to_owned())]);
    assert!(req.headers.contains(&("Idempotency-Key".to_owned(), "key-1".to_owned())));
    assert!(req.headers.contains(&("X-CSRF-Token".to_owned(), "tok".to_owned())));
}

#[test]
fn maps_field_names_and_puts_csrf_in_the_body_for_form_backends() {
    let req = backend::request(&classic(), Action::ChangePassword, &[("currentPassword", "a"), ("newPassword", "b")], Some("tok"), "k");
    assert_eq!(req.url, "/Account/ChangePassword");
    assert_eq!(req.encoding, Encoding::Form);
    assert_eq!(
        req.body,
        [("OldPassword".to_owned(), "a".to_owned()), ("NewPassword".to_owned(), "b".to_owned()), ("__RequestVerificationToken".to_owned(), "tok".to_owned())]
    );
    assert!(!req.headers.iter().any(|(n, _)| n == "X-CSRF-Token"));
    assert_eq!(classic().csrf.source, CsrfSource::Input("__RequestVerificationToken".to_owned()));
}

#[test]
fn a_field_mapped_to_null_is_not_sent() {
    let b = backend_config::parse(&json(r#"{"endpoints": {"verifyTotp": {"fields": {"secret": null}}}}"#)).unwrap();
    let req = backend::request(&b, Action::VerifyTotp, &[("code", "123456"), ("secret", "ABCD")], None, "k");
    assert_eq!(req.body, [("code".to_owned(), "123456".to_owned())]);
}

#[test]
fn reads_data_from_configured_paths_and_flags() {
    let body = json(r#"{"Status": "PasswordExpired", "termsVersion": 3}"#);
    let outcome = backend::interpret(&classic(), Action::SignIn, 200, None, Body::Json(&body));
    let Outcome::Success { data } = outcome else { panic!("{outcome:?}") };
    assert_eq!(data["mustChangePassword"], "true");
    assert_eq!(data["termsVersion"], "3");

    let body = json(r#"{"Result": {"SecurityQuestion": "What did Gran call the shed?"}}"#);
    let Outcome::Success { data } = backend::interpret(&classic(), Action::ForgotStart, 200, None, Body::Json(&body)) else { panic!() };
    assert_eq!(data["question"], "What did Gran call the shed?");
}

#[test]
fn a_success_without_a_required_field_is_unexpected_and_names_the_setting() {
    let body = json(r#"{"ok": true}"#);
    let Outcome::Unexpected { detail } = backend::interpret(&reference(), Action::ForgotStart, 200, None, Body::Json(&body)) else { panic!() };
    assert_eq!(detail, "forgotStart: the response has no \"question\" (configure backend.endpoints.forgotStart.response)");
}

#[test]
fn html_where_json_was_needed_is_unexpected_but_fine_where_nothing_was_needed() {
    let html = Body::NotJson { length: 512 };
    assert!(matches!(backend::interpret(&reference(), Action::StartTotp, 200, None, html), Outcome::Unexpected { .. }));
    assert!(matches!(backend::interpret(&reference(), Action::SetRecovery, 204, None, Body::Empty), Outcome::Success { .. }));
    assert!(matches!(backend::interpret(&reference(), Action::AcceptTerms, 200, None, html), Outcome::Success { .. }));
}

#[test]
fn field_errors_come_back_under_logical_names() {
    let body = json(r#"{"errors": {"NewPassword": ["Too common.", "Used before."], "Other": "x"}, "message": "Check the form."}"#);
    let Outcome::FieldErrors { errors } = backend::interpret(&classic(), Action::ChangePassword, 422, None, Body::Json(&body)) else { panic!() };
    assert_eq!(
        errors,
        [
            ("newPassword".to_owned(), "Too common. Used before.".to_owned()),
            ("Other".to_owned(), "x".to_owned()),
            (String::new(), "Check the form.".to_owned())
        ]
    );
    let Outcome::FieldErrors { errors } = backend::interpret(&reference(), Action::ChangePassword, 400, None, Body::NotJson { length: 9 }) else { panic!() };
    assert!(errors.is_empty());
}

#[test]
fn statuses_mean_the_same_for_every_backend() {
    let b = reference();
    let at = |status, retry: Option<&str>| backend::interpret(&b, Action::SignIn, status, retry, Body::Empty);
    assert_eq!(at(401, None), Outcome::WrongCredentials);
    assert_eq!(at(423, Some("600")), Outcome::Locked { retry_after: Some(600) });
    assert_eq!(at(423, None), Outcome::Locked { retry_after: None });
    assert_eq!(at(429, Some(" 12 ")), Outcome::RateLimited { retry_after: 12 });
    assert_eq!(at(429, Some("Wed, 21 Oct 2026 07:28:00 GMT")), Outcome::RateLimited { retry_after: backend::DEFAULT_RETRY_AFTER });
    assert_eq!(at(429, Some("99999999")), Outcome::RateLimited { retry_after: backend::MAX_RETRY_AFTER });
    assert_eq!(at(500, None), Outcome::Retry { reason: RetryReason::Server });
    assert_eq!(at(503, None), Outcome::Retry { reason: RetryReason::Server });
    assert!(matches!(at(302, None), Outcome::Unexpected { .. }));
}

#[test]
fn backend_configuration_errors_name_the_key() {
    let err = |text: &str| config::parse(&json(text)).unwrap_err().to_string();
    assert_eq!(err(r#"{"backend": {"endpoints": {"signin": "/x"}}}"#).split(':').next().unwrap(), "config.backend.endpoints.signin");
    assert_eq!(err(r#"{"backend": {"endpoints": {"signIn": {"url": 42}}}}"#), "config.backend.endpoints.signIn.url: expected a URL, got 42");
    assert_eq!(err(r#"{"backend": {"csrf": {"from": "meta"}}}"#), "config.backend.csrf.name: expected the meta tag's, cookie's or input's name, got null");
    assert_eq!(err(r#"{"backend": {"endpoints": {"signIn": {"encoding": "xml"}}}}"#), "config.backend.endpoints.signIn.encoding: expected \"json\" or \"form\", got \"xml\"");
    assert_eq!(err(r#"{"backend": {"timeoutMs": 5}}"#), "config.backend.timeoutMs: expected a whole number from 1000 to 120000, got 5");
    assert!(config::parse(&json(r#"{"backend": {}}"#)).unwrap().backend.is_some());
}

/// Resolves like the URL API would for a page at `page` (scheme and host only; enough here).
fn resolver(page: &'static str) -> impl Fn(&str) -> Option<(String, String)> {
    move |url: &str| {
        let absolute = if url.starts_with('/') && !url.starts_with("//") { format!("{page}{url}") } else { url.to_owned() };
        let (scheme, rest) = absolute.split_once("://")?;
        let host = match rest.find(']') {
            Some(end) if rest.starts_with('[') => &rest[..=end],
            _ => rest.split(['/', ':', '?', '#']).next().filter(|h| !h.is_empty())?,
        };
        Some((format!("{scheme}:"), host.to_owned()))
    }
}

#[test]
fn endpoints_must_be_encrypted_unless_they_stay_on_this_machine() {
    let check = |page: &'static str, text: &str| {
        backend_config::parse(&json(text)).unwrap().check_urls(resolver(page)).map_err(|e| e.to_string())
    };
    assert_eq!(check("https://hmis.example.org", "{}"), Ok(()));
    assert_eq!(check("http://127.0.0.1:8080", "{}"), Ok(()));
    assert_eq!(check("http://localhost:8080", "{}"), Ok(()));
    assert_eq!(check("http://app.localhost", "{}"), Ok(()));
    assert_eq!(check("http://[::1]:8080", "{}"), Ok(()));
    assert_eq!(
        check("http://hmis.example.org", "{}"),
        Err("config.backend.baseUrl: expected an https: URL (plain http: only to localhost), so passwords travel encrypted, got \"/api/sign-in\"".to_owned())
    );
    assert_eq!(
        check("https://hmis.example.org", r#"{"endpoints": {"forgotStart": "http://hmis.example.org/forgot"}}"#),
        Err("config.backend.endpoints.forgotStart.url: expected an https: URL (plain http: only to localhost), so passwords travel encrypted, got \"http://hmis.example.org/forgot\"".to_owned())
    );
    assert!(check("https://hmis.example.org", r#"{"baseUrl": "http://127.0.0.1.example.org/api"}"#).is_err());
    assert!(check("https://hmis.example.org", r#"{"baseUrl": "javascript://x/"}"#).is_err());
    assert_eq!(
        check("https://hmis.example.org", r#"{"endpoints": {"signIn": "https//typo"}}"#).unwrap_err(),
        "config.backend.endpoints.signIn.url: expected a valid URL, got \"https//typo\""
    );
}

#[test]
fn a_401_asking_for_the_code_is_not_a_wrong_password() {
    let body = json(r#"{"message": "Enter the code", "totpRequired": true}"#);
    assert_eq!(backend::interpret(&reference(), Action::SignIn, 401, None, Body::Json(&body)), Outcome::CodeRequired);
    let body = json(r#"{"Status": "RequiresTwoFactor"}"#);
    let classic = backend_config::parse(&json(r#"{"endpoints": {"signIn": {"response": {"totpRequired": "Status=RequiresTwoFactor"}}}}"#)).unwrap();
    assert_eq!(backend::interpret(&classic, Action::SignIn, 401, None, Body::Json(&body)), Outcome::CodeRequired);
    assert_eq!(backend::interpret(&reference(), Action::SignIn, 401, None, Body::Empty), Outcome::WrongCredentials);
}

#[test]
fn a_request_never_prints_its_values() {
    let request = backend::request(&reference(), Action::SignIn, &[("username", "jsmith"), ("password", "Sup3r-Secret!")], Some("csrf-token-1"), "key-1");
    let printed = format!("{request:?}");
    assert!(printed.contains("password") && printed.contains("/api/sign-in"), "{printed}");
    for secret in ["Sup3r-Secret!", "csrf-token-1", "jsmith"] {
        assert!(!printed.contains(secret), "{printed}");
    }
}

//! Requests built from configuration, and responses read the same way for every backend.
#![cfg(not(target_arch = "wasm32"))]

use hmis_onboard::backend::config::{self as backend_config, BackendConfig, CsrfSource, Encoding};
use hmis_onboard::backend::{self, Action, Body, Outcome, RetryReason};
use hmis_onboard::config::{self, ResolvedUrl, Value};

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
    let Outcome::Unexpected { detail } = backend::interpret(&reference(), Action::ForgotAnswer, 200, None, Body::Json(&body)) else { panic!() };
    assert_eq!(detail, "forgotAnswer: the response has no \"resetToken\" (configure backend.endpoints.forgotAnswer.response)");
}

#[test]
fn a_2xx_that_is_not_a_json_object_is_unexpected_wherever_the_endpoint_expects_a_body() {
    let html = Body::NotJson { length: 512 };
    // What a proxy, an SSO page or a maintenance page answers: no word that the action is done.
    for action in [Action::SignIn, Action::StartTotp, Action::AcceptTerms, Action::SetRecovery] {
        for body in [html, Body::Empty, Body::Json(&Value::Array(Vec::new()))] {
            let outcome = backend::interpret(&reference(), action, 200, None, body);
            let Outcome::Unexpected { detail } = outcome else { panic!("{}: {body:?} gave {outcome:?}", action.key()) };
            assert!(detail.starts_with(&format!("{}: expected a JSON object", action.key())), "{detail}");
            assert!(detail.contains("expectsBody"), "the detail names the setting: {detail}");
        }
    }
}

#[test]
fn an_endpoint_configured_without_a_body_takes_any_2xx_as_done() {
    let b = backend_config::parse(&json(r#"{"endpoints": {"acceptTerms": {"expectsBody": false}}}"#)).unwrap();
    for body in [Body::Empty, Body::NotJson { length: 40 }] {
        assert_eq!(backend::interpret(&b, Action::AcceptTerms, 204, None, body), Outcome::Success { data: Default::default() });
    }
    // The others still need their JSON.
    assert!(matches!(backend::interpret(&b, Action::SetRecovery, 204, None, Body::Empty), Outcome::Unexpected { .. }));
}

#[test]
fn actions_that_read_their_answer_cannot_be_configured_without_a_body() {
    for action in ["signIn", "startTotp", "forgotStart", "forgotAnswer"] {
        let text = format!(r#"{{"backend": {{"endpoints": {{"{action}": {{"expectsBody": false}}}}}}}}"#);
        let err = config::parse(&json(&text)).unwrap_err().to_string();
        assert!(err.starts_with(&format!("config.backend.endpoints.{action}.expectsBody: expected true")), "{err}");
    }
}

#[test]
fn a_field_of_the_wrong_type_is_unexpected_and_named() {
    let cases = [
        (Action::ForgotStart, r#"{"question": 5}"#, "forgotStart: the answer's question (at \"question\") is a number, expected text"),
        (Action::ForgotAnswer, r#"{"resetToken": {"t": 1}}"#, "forgotAnswer: the answer's resetToken (at \"resetToken\") is an object, expected text"),
        (Action::SignIn, r#"{"mustChangePassword": "yes"}"#, "signIn: the answer's mustChangePassword (at \"mustChangePassword\") is text, expected true or false"),
        (Action::SignIn, r#"{"mustChangePassword": false, "recoverySet": 1}"#, "signIn: the answer's recoverySet (at \"recoverySet\") is a number, expected true or false"),
        (Action::StartTotp, r#"{"totpSecret": ["JBSWY3DPEHPK3PXP"]}"#, "startTotp: the answer's totpSecret (at \"totpSecret\") is a list, expected text"),
        (Action::AcceptTerms, r#"{"message": 404}"#, "acceptTerms: the answer's message (at \"message\") is a number, expected text"),
    ];
    for (action, body, expected) in cases {
        let outcome = backend::interpret(&reference(), action, 200, None, Body::Json(&json(body)));
        assert_eq!(outcome, Outcome::Unexpected { detail: expected.to_owned() }, "{body}");
    }
    // A terms version may be numbered; null is the same as absent.
    let body = json(r#"{"mustChangePassword": true, "termsVersion": 7, "termsText": null}"#);
    let Outcome::Success { data } = backend::interpret(&reference(), Action::SignIn, 200, None, Body::Json(&body)) else { panic!() };
    assert_eq!((data.get("termsVersion").map(String::as_str), data.get("termsText")), (Some("7"), None));
}

#[test]
fn only_an_otpauth_totp_uri_with_a_secret_is_taken_from_the_backend() {
    let at = |uri: &str| {
        let body = Value::Object([("totpUri".to_owned(), Value::String(uri.to_owned()))].into_iter().collect());
        backend::interpret(&reference(), Action::StartTotp, 200, None, Body::Json(&body))
    };
    assert!(matches!(at("otpauth://totp/HMIS:jsm?secret=JBSWY3DPEHPK3PXP&issuer=HMIS"), Outcome::Success { .. }));
    for hostile in [
        "javascript:alert(document.domain)//otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
        "https://evil.example/otpauth://totp/x?secret=JBSWY3DPEHPK3PXP",
        "JAVASCRIPT:alert(1)",
        "otpauth://hotp/HMIS:jsm?secret=JBSWY3DPEHPK3PXP&counter=1",
        "otpauth://totp/HMIS:jsm?issuer=HMIS",
        "otpauth://totp/HMIS:jsm?secret=not-base32!",
        " otpauth://totp/HMIS:jsm?secret=JBSWY3DPEHPK3PXP",
    ] {
        let outcome = at(hostile);
        let Outcome::Unexpected { detail } = &outcome else { panic!("{hostile}: {outcome:?}") };
        assert!(detail.starts_with("startTotp: the answer's totpUri is not"), "{detail}");
        assert!(detail.ends_with("nothing was opened"), "{detail}");
    }
    let body = json(r#"{"totpSecret": "<img src=x onerror=alert(1)>"}"#);
    let outcome = backend::interpret(&reference(), Action::StartTotp, 200, None, Body::Json(&body));
    assert_eq!(outcome, Outcome::Unexpected { detail: "startTotp: the answer's totpSecret is not a base32 key".to_owned() });
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
    assert_eq!(at(429, Some(" 12 ")), Outcome::RateLimited { retry_after: 12, busy: false });
    assert_eq!(at(429, Some("Wed, 21 Oct 2026 07:28:00 GMT")), Outcome::RateLimited { retry_after: backend::DEFAULT_RETRY_AFTER, busy: false });
    assert_eq!(at(429, Some("99999999")), Outcome::RateLimited { retry_after: backend::MAX_RETRY_AFTER, busy: false });
    assert_eq!(at(500, None), Outcome::Retry { reason: RetryReason::Server });
    assert_eq!(at(503, None), Outcome::Retry { reason: RetryReason::Server });
    // Down for maintenance, with a time to come back: counted down like a 429.
    assert_eq!(at(503, Some("120")), Outcome::RateLimited { retry_after: 120, busy: true });
    assert!(matches!(at(302, None), Outcome::Unexpected { .. }));
    assert!(matches!(at(409, None), Outcome::Unexpected { .. }));
    for refused in [403, 404, 405, 410] {
        assert!(matches!(at(refused, None), Outcome::Refused { message: None, .. }), "{refused}");
    }
}

#[test]
fn a_401_is_told_apart_by_the_action_and_the_backends_code() {
    let b = reference();
    let at = |action, status, body: &str| backend::interpret(&b, action, status, None, Body::Json(&json(body)));
    let ended = Some("You are not signed in, or your session has ended. Sign in again.".to_owned());
    let said = r#"{"message": "You are not signed in, or your session has ended. Sign in again.", "code": "sessionEnded"}"#;
    // Steps with nothing typed to check: only the session can have been refused.
    for action in [Action::AcceptTerms, Action::SetRecovery, Action::StartTotp, Action::VerifyTotp, Action::DisableTotp] {
        assert_eq!(at(action, 401, said), Outcome::SessionEnded { message: ended.clone() }, "{}", action.key());
        assert_eq!(at(action, 401, "{}"), Outcome::SessionEnded { message: None }, "{}", action.key());
    }
    // Steps with a password: wrong credentials, unless the backend says the session ended.
    for action in [Action::SignIn, Action::Reauthenticate, Action::ChangePassword] {
        assert_eq!(at(action, 401, r#"{"message": "No.", "code": "wrongCredentials"}"#), Outcome::WrongCredentials);
        assert_eq!(at(action, 401, "{}"), Outcome::WrongCredentials);
        assert_eq!(at(action, 401, said), Outcome::SessionEnded { message: ended.clone() }, "{}", action.key());
    }
    let expired = r#"{"message": "This password reset has expired.", "code": "resetExpired"}"#;
    assert_eq!(at(Action::ForgotReset, 401, expired), Outcome::ResetExpired { message: Some("This password reset has expired.".to_owned()) });
    assert_eq!(at(Action::ForgotReset, 401, "{}"), Outcome::ResetExpired { message: None });
    assert_eq!(at(Action::ForgotAnswer, 401, "{}"), Outcome::WrongCredentials);
    let reauth = r#"{"message": "Enter your password again.", "code": "reauthenticationRequired"}"#;
    assert_eq!(at(Action::ChangePassword, 403, reauth), Outcome::ReauthenticationRequired { message: Some("Enter your password again.".to_owned()) });
    let csrf = r#"{"message": "This page has expired. Reload it and try again.", "code": "csrf"}"#;
    assert_eq!(
        at(Action::ChangePassword, 403, csrf),
        Outcome::Refused {
            message: Some("This page has expired. Reload it and try again.".to_owned()),
            detail: "changePassword: the backend refused the request with HTTP 403 (csrf); sending it again cannot help".to_owned()
        }
    );
    // A message of the wrong type is left out, not shown.
    assert_eq!(at(Action::AcceptTerms, 401, r#"{"message": {"html": "<b>x</b>"}}"#), Outcome::SessionEnded { message: None });
}

#[test]
fn codes_are_mapped_per_endpoint_for_other_backends() {
    let b = backend_config::parse(&json(
        r#"{"endpoints": {"setRecovery": {"response": {"sessionEnded": "Status=SessionEnded", "message": "Message"}},
                          "changePassword": {"response": {"reauthenticationRequired": "Status=ReauthenticationRequired"}}}}"#,
    ))
    .unwrap();
    let body = json(r#"{"Status": "SessionEnded", "Message": "Sign in again."}"#);
    assert_eq!(
        backend::interpret(&b, Action::SetRecovery, 401, None, Body::Json(&body)),
        Outcome::SessionEnded { message: Some("Sign in again.".to_owned()) }
    );
    let body = json(r#"{"Status": "ReauthenticationRequired"}"#);
    assert_eq!(backend::interpret(&b, Action::ChangePassword, 403, None, Body::Json(&body)), Outcome::ReauthenticationRequired { message: None });

    // Once for every endpoint, each endpoint's own mapping on top.
    let b = backend_config::parse(&json(
        r#"{"response": {"message": "Message", "resetExpired": "Status=ResetExpired"},
            "endpoints": {"forgotReset": {"response": {"message": "Detail"}}}}"#,
    ))
    .unwrap();
    let body = json(r#"{"Status": "ResetExpired", "Message": "Start again.", "Detail": "Too late."}"#);
    assert_eq!(backend::interpret(&b, Action::ForgotReset, 401, None, Body::Json(&body)), Outcome::ResetExpired { message: Some("Too late.".to_owned()) });
    let body = json(r#"{"Status": "Other", "Message": "Start again."}"#);
    assert_eq!(backend::interpret(&b, Action::AcceptTerms, 401, None, Body::Json(&body)), Outcome::SessionEnded { message: Some("Start again.".to_owned()) });
}

#[test]
fn a_backend_sentence_is_shortened_to_what_a_step_can_show() {
    let long = "word ".repeat(200);
    let body = Value::Object([("message".to_owned(), Value::String(long))].into_iter().collect());
    let Outcome::SessionEnded { message: Some(message) } = backend::interpret(&reference(), Action::AcceptTerms, 401, None, Body::Json(&body)) else { panic!() };
    assert!(message.chars().count() <= 301 && message.ends_with("word…"), "{message}");
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

/// Resolves like the URL API would for a page at `page` (scheme, host and port only; enough here).
fn resolver(page: &'static str) -> impl Fn(&str) -> Option<ResolvedUrl> {
    move |url: &str| {
        let absolute = if url.starts_with('/') && !url.starts_with("//") { format!("{page}{url}") } else { url.to_owned() };
        let (scheme, rest) = absolute.split_once("://")?;
        let authority = rest.split(['/', '?', '#']).next().filter(|a| !a.is_empty())?;
        let host = match rest.find(']') {
            Some(end) if rest.starts_with('[') => &rest[..=end],
            _ => authority.split(':').next()?,
        };
        Some(ResolvedUrl { protocol: format!("{scheme}:"), hostname: host.to_owned(), origin: format!("{scheme}://{authority}") })
    }
}

/// What `attach()` says of `text`'s endpoints on a page at `page`.
fn check(page: &'static str, text: &str) -> Result<(), String> {
    backend_config::parse(&json(text)).unwrap().check_urls(page, resolver(page)).map_err(|e| e.to_string())
}

#[test]
fn endpoints_must_be_encrypted_unless_they_stay_on_this_machine() {
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
fn credentials_to_another_origin_are_refused_at_attach_naming_the_key() {
    let page = "https://hmis.example.org";
    assert_eq!(
        check(page, r#"{"endpoints": {"changePassword": "https://api.example.net/password"}}"#),
        Err("config.backend.endpoints.changePassword.url: expected a URL on this page's origin (https://hmis.example.org), or backend.allowCrossOrigin: true to send credentials to https://api.example.net, got \"https://api.example.net/password\"".to_owned())
    );
    assert_eq!(
        check(page, r#"{"baseUrl": "https://api.example.net/hmis"}"#).unwrap_err(),
        "config.backend.baseUrl: expected a URL on this page's origin (https://hmis.example.org), or backend.allowCrossOrigin: true to send credentials to https://api.example.net, got \"https://api.example.net/hmis/sign-in\""
    );
    // Another port, or the same host over another scheme, is another origin.
    assert!(check(page, r#"{"baseUrl": "https://hmis.example.org:8443/api"}"#).is_err());
    assert!(check("http://localhost:8080", r#"{"baseUrl": "http://localhost:9090/api"}"#).is_err());
    // Allowed when the configuration says so, or when no credentials go with the requests.
    assert_eq!(check(page, r#"{"baseUrl": "https://api.example.net/hmis", "allowCrossOrigin": true}"#), Ok(()));
    assert_eq!(check(page, r#"{"baseUrl": "https://api.example.net/hmis", "credentials": "omit"}"#), Ok(()));
    assert_eq!(check(page, r#"{"baseUrl": "https://hmis.example.org/api"}"#), Ok(()));
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

#[test]
fn a_get_puts_its_fields_in_the_query_and_its_csrf_token_in_a_header_only() {
    let b = backend_config::parse(&json(
        r#"{"endpoints": {"forgotStart": {"url": "/auth/reset?flow=1", "method": "get", "fields": {"username": "login"}},
                          "startTotp": {"url": "/mfa/totp", "method": "GET"}}}"#,
    ))
    .unwrap();
    let req = backend::request(&b, Action::ForgotStart, &[("username", "ana maría&co")], Some("tok"), "k");
    assert_eq!((req.method.as_str(), req.url.as_str()), ("GET", "/auth/reset?flow=1&login=ana+mar%C3%ADa%26co"));
    assert!(req.body.is_empty());
    assert!(req.headers.contains(&("X-CSRF-Token".to_owned(), "tok".to_owned())));
    let req = backend::request(&b, Action::StartTotp, &[], Some("tok"), "k");
    assert_eq!(req.url, "/mfa/totp");

    // A backend that takes its token in the body only: with a GET it is not sent, never put in the URL.
    let b = backend_config::parse(&json(
        r#"{"csrf": {"from": "input", "name": "t", "header": null, "field": "t"}, "endpoints": {"forgotStart": {"method": "GET"}}}"#,
    ))
    .unwrap();
    let req = backend::request(&b, Action::ForgotStart, &[("username", "ana")], Some("secret-token"), "k");
    assert!(!req.url.contains("secret-token"), "{}", req.url);
}

#[test]
fn a_get_is_refused_for_every_action_that_sends_a_secret() {
    for action in Action::ALL.iter().filter(|a| a.sends_secrets()) {
        let text = format!(r#"{{"backend": {{"endpoints": {{"{}": {{"method": "GET"}}}}}}}}"#, action.key());
        let err = config::parse(&json(&text)).unwrap_err().to_string();
        assert!(err.starts_with(&format!("config.backend.endpoints.{}.method: expected a method with a body", action.key())), "{err}");
    }
    for method in ["DELETE", "put", "PATCH"] {
        let text = format!(r#"{{"backend": {{"endpoints": {{"signOut": {{"method": "{method}"}}}}}}}}"#);
        assert!(config::parse(&json(&text)).is_ok(), "{method}");
    }
}

#[test]
fn csrf_presets_name_the_common_frameworks_conventions() {
    let csrf = |name: &str| backend_config::parse(&json(&format!(r#"{{"csrf": "{name}"}}"#))).unwrap().csrf;
    assert_eq!((csrf("django").source, csrf("django").header), (CsrfSource::Cookie("csrftoken".into()), Some("X-CSRFToken".into())));
    assert_eq!((csrf("rails").source, csrf("rails").header), (CsrfSource::Meta("csrf-token".into()), Some("X-CSRF-Token".into())));
    assert_eq!(
        (csrf("aspnet").source, csrf("aspnet").header),
        (CsrfSource::Input("__RequestVerificationToken".into()), Some("RequestVerificationToken".into()))
    );
    assert_eq!(csrf("reference"), reference().csrf);
    let err = config::parse(&json(r#"{"backend": {"csrf": "laravel"}}"#)).unwrap_err().to_string();
    assert!(err.starts_with("config.backend.csrf: expected one of the presets \"reference\", \"django\", \"rails\", \"aspnet\""), "{err}");
}

#[test]
fn errors_at_the_top_level_are_read_with_an_empty_errors_path() {
    let b = backend_config::parse(&json(r#"{"errorsPath": "", "endpoints": {"changePassword": {"fields": {"newPassword": "new_password1"}}}}"#)).unwrap();
    let body = json(r#"{"new_password1": ["This password is too common."], "non_field_errors": ["Try again."]}"#);
    let Outcome::FieldErrors { errors } = backend::interpret(&b, Action::ChangePassword, 400, None, Body::Json(&body)) else { panic!() };
    assert_eq!(
        errors,
        [("newPassword".to_owned(), "This password is too common.".to_owned()), (String::new(), "Try again.".to_owned())],
        "non_field_errors is about the whole form"
    );
}

#[test]
fn one_value_goes_under_several_names_and_constants_go_along() {
    let b = backend_config::parse(&json(
        r#"{"endpoints": {"changePassword": {"fields": {"currentPassword": "old_password", "newPassword": ["new_password1", "new_password2"]},
                                              "constants": {"method": "totp", "version": 2, "confirm": true}}}}"#,
    ))
    .unwrap();
    let payload = [("currentPassword", "Temp-1!"), ("newPassword", "Harbor-Lamp-72"), ("confirmPassword", "Harbor-Lamp-72")];
    let req = backend::request(&b, Action::ChangePassword, &payload, None, "k");
    let sent: Vec<(&str, &str)> = req.body.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(
        sent,
        [
            ("old_password", "Temp-1!"),
            ("new_password1", "Harbor-Lamp-72"),
            ("new_password2", "Harbor-Lamp-72"),
            ("method", "totp"),
            ("version", "2"),
            ("confirm", "true")
        ],
        "the confirmation is opt-in: not sent unless named"
    );
    // Named, it goes under its own wire name; its errors come back beside it.
    let b = backend_config::parse(&json(r#"{"endpoints": {"forgotReset": {"fields": {"newPassword": "new_password1", "confirmPassword": "new_password2"}}}}"#)).unwrap();
    let req = backend::request(&b, Action::ForgotReset, &[("newPassword", "a"), ("confirmPassword", "b")], None, "k");
    assert_eq!(req.body, [("new_password1".to_owned(), "a".to_owned()), ("new_password2".to_owned(), "b".to_owned())]);
    let body = json(r#"{"errors": {"new_password2": "The two password fields didn't match."}}"#);
    let Outcome::FieldErrors { errors } = backend::interpret(&b, Action::ForgotReset, 400, None, Body::Json(&body)) else { panic!() };
    assert_eq!(errors, [("confirmPassword".to_owned(), "The two password fields didn't match.".to_owned())]);
    // The reference backend gets no confirmation.
    let req = backend::request(&reference(), Action::ChangePassword, &payload, None, "k");
    assert!(!req.body.iter().any(|(k, _)| k == "confirmPassword"));

    let err = |text: &str| config::parse(&json(text)).unwrap_err().to_string();
    assert_eq!(
        err(r#"{"backend": {"endpoints": {"signIn": {"fields": {"username": ["login", 3]}}}}}"#),
        "config.backend.endpoints.signIn.fields.username: expected the backend's field name, a list of names, or null, got 3"
    );
    assert!(err(r#"{"backend": {"endpoints": {"signIn": {"constants": {"x": {}}}}}}"#).starts_with("config.backend.endpoints.signIn.constants.x: expected text"));
}

#[test]
fn an_endpoints_outcome_rules_say_what_its_answers_mean() {
    let b = backend_config::parse(&json(
        r#"{"errorsPath": "", "endpoints": {"signIn": {"outcomes": [
              {"status": 400, "when": "non_field_errors", "means": "wrongCredentials"},
              {"status": 200, "when": "mfa_required=true", "means": "codeRequired"},
              {"status": ["4xx", 503], "when": "detail=Not signed in.", "means": "sessionEnded"}
           ], "response": {"mustChangePassword": "must_change", "recoverySet": "has_question"}}}}"#,
    ))
    .unwrap();
    let at = |status, body: &str| backend::interpret(&b, Action::SignIn, status, None, Body::Json(&json(body)));
    assert_eq!(at(400, r#"{"non_field_errors": ["Unable to log in with provided credentials."]}"#), Outcome::WrongCredentials);
    // The same status without the field: the common reading, field errors.
    assert_eq!(
        at(400, r#"{"username": ["This field is required."]}"#),
        Outcome::FieldErrors { errors: vec![("username".to_owned(), "This field is required.".to_owned())] }
    );
    assert_eq!(at(200, r#"{"mfa_required": true, "ephemeral_token": "x"}"#), Outcome::CodeRequired);
    assert!(matches!(at(200, r#"{"mfa_required": false, "must_change": false, "has_question": true}"#), Outcome::Success { .. }));
    assert_eq!(at(403, r#"{"detail": "Not signed in."}"#), Outcome::SessionEnded { message: None });
    assert_eq!(at(503, r#"{"detail": "Not signed in."}"#), Outcome::SessionEnded { message: None });

    let err = |text: &str| config::parse(&json(text)).unwrap_err().to_string();
    assert!(err(r#"{"backend": {"endpoints": {"signIn": {"outcomes": [{"status": 400, "means": "nope"}]}}}}"#)
        .starts_with("config.backend.endpoints.signIn.outcomes[0].means: expected one of \"success\""));
    assert!(err(r#"{"backend": {"endpoints": {"signIn": {"outcomes": [{"status": "9xx", "means": "success"}]}}}}"#)
        .starts_with("config.backend.endpoints.signIn.outcomes[0].status: expected an HTTP status"));
    assert!(err(r#"{"backend": {"endpoints": {"signIn": {"outcomes": [{"means": "success", "if": "x"}]}}}}"#)
        .starts_with("config.backend.endpoints.signIn.outcomes[0]"));
}

#[test]
fn values_an_answer_saves_fill_later_requests() {
    let b = backend_config::parse(&json(
        r#"{"endpoints": {
              "signIn": {"capture": {"access": "tokens.access", "ephemeral": "ephemeral_token"}},
              "changePassword": {"url": "/api/users/{saved.user}/password", "headers": {"Authorization": "Bearer {saved.access}"},
                                 "constants": {"ephemeral_token": "{saved.ephemeral}", "plain": "{saved.access"}}}}"#,
    ))
    .unwrap();
    let body = json(r#"{"mustChangePassword": true, "tokens": {"access": "eyJ.a.b"}, "ephemeral_token": 42}"#);
    let Outcome::Success { data } = backend::interpret(&b, Action::SignIn, 200, None, Body::Json(&body)) else { panic!() };
    assert!(!data.keys().any(|k| k.starts_with(backend::SAVED)), "the flow never sees them");
    let saved = backend::captured(&b, Action::SignIn, 200, Body::Json(&body));
    assert_eq!(saved, [("saved.access".to_owned(), "eyJ.a.b".to_owned()), ("saved.ephemeral".to_owned(), "42".to_owned())]);

    let req = backend::request_with(&b, Action::ChangePassword, &[("newPassword", "x")], None, "k", &saved);
    assert!(req.headers.contains(&("Authorization".to_owned(), "Bearer eyJ.a.b".to_owned())), "{:?}", req.headers);
    // Never saved: nothing in its place in a URL; an unclosed brace is left as written.
    assert_eq!(req.url, "/api/users//password");
    assert!(req.body.contains(&("ephemeral_token".to_owned(), "42".to_owned())));
    // Before anything is saved, a header or constant that needs a saved value is not sent.
    let req = backend::request_with(&b, Action::ChangePassword, &[("newPassword", "x")], None, "k", &[]);
    assert!(!req.headers.iter().any(|(name, _)| name == "Authorization"), "{:?}", req.headers);
    assert!(!req.body.iter().any(|(name, _)| name == "ephemeral_token"));
    assert!(req.body.contains(&("plain".to_owned(), "{saved.access".to_owned())));
    // The Debug form names the headers, never their values.
    assert!(!format!("{req:?}").contains("eyJ"));

    // Any 2xx with the value will do (a 200 that asks for a code carries its token); an error
    // answer hands nothing on.
    let b2 = backend_config::parse(&json(
        r#"{"endpoints": {"signIn": {"capture": {"ephemeral": "ephemeral_token"},
            "outcomes": [{"status": 200, "when": "ephemeral_token", "means": "codeRequired"}]}}}"#,
    ))
    .unwrap();
    let code = json(r#"{"ephemeral_token": "1-x", "method": "app"}"#);
    assert_eq!(backend::interpret(&b2, Action::SignIn, 200, None, Body::Json(&code)), Outcome::CodeRequired);
    assert_eq!(backend::captured(&b2, Action::SignIn, 200, Body::Json(&code)), [("saved.ephemeral".to_owned(), "1-x".to_owned())]);
    assert!(backend::captured(&b2, Action::SignIn, 400, Body::Json(&code)).is_empty());

    let err = config::parse(&json(r#"{"backend": {"endpoints": {"signIn": {"capture": {"a-b": "x"}}}}}"#)).unwrap_err().to_string();
    assert!(err.starts_with("config.backend.endpoints.signIn.capture: expected names of letters, digits and _"), "{err}");
}

// ---------------------------------------------------------------- shapes of backends we did not write

/// django-allauth's headless API, as seen against a running server (docs/notes/issue-11-real-backends.md).
fn allauth() -> BackendConfig {
    backend_config::parse(&json(
        r#"{"baseUrl": "/_allauth/browser/v1", "csrf": {"preset": "django", "fetch": "/_allauth/browser/v1/auth/session"},
            "idempotencyKeys": false,
            "outcomes": [{"status": 401, "when": "data.flows.*.id=reauthenticate", "means": "reauthenticationRequired"}],
            "endpoints": {
              "signIn": {"url": "/_allauth/browser/v1/auth/login", "outcomes": [
                 {"status": 401, "when": "data.flows.*.id=mfa_authenticate", "means": "codeRequired"},
                 {"status": 400, "when": "errors.*.code=username_password_mismatch", "means": "wrongCredentials"}]},
              "signInCode": {"url": "/_allauth/browser/v1/auth/2fa/authenticate", "fields": {"username": null, "password": null}},
              "startTotp": {"url": "/_allauth/browser/v1/account/authenticators/totp", "method": "GET",
                 "response": {"totpUri": "meta.totp_url"}, "outcomes": [{"status": 404, "when": "meta.totp_url", "means": "success"}]},
              "recoveryCodes": {"url": "/_allauth/browser/v1/account/authenticators/recovery-codes", "method": "GET",
                 "response": {"recoveryCodes": "data.unused_codes"}},
              "forgotReset": {"url": "/_allauth/browser/v1/auth/password/reset", "constants": {"key": "{page.key}"},
                 "fields": {"newPassword": "password"}}
            }}"#,
    ))
    .unwrap()
}

#[test]
fn a_list_of_errors_naming_their_fields_lands_beside_the_fields() {
    let b = allauth();
    let body = json(
        r#"{"status": 400, "errors": [
              {"message": "This password is too short.", "code": "password_too_short", "param": "password"},
              {"message": "This password is too common.", "code": "password_too_common", "param": "password"},
              {"message": "Too many failed login attempts. Try again later.", "code": "too_many_login_attempts"},
              "A bare sentence.", 7]}"#,
    );
    let Outcome::FieldErrors { errors } = backend::interpret(&b, Action::ForgotReset, 400, None, Body::Json(&body)) else { panic!() };
    assert_eq!(
        errors,
        [
            ("newPassword".to_owned(), "This password is too short. This password is too common.".to_owned()),
            (String::new(), "Too many failed login attempts. Try again later. A bare sentence.".to_owned())
        ],
        "the wire name maps back through fields; items without one are about the whole form"
    );
}

#[test]
fn a_star_in_a_path_matches_any_element_of_a_list() {
    let b = allauth();
    let at = |status, body: &str| backend::interpret(&b, Action::SignIn, status, None, Body::Json(&json(body)));
    let pending = r#"{"status": 401, "data": {"flows": [{"id": "login"}, {"id": "mfa_authenticate", "is_pending": true}]},
                      "meta": {"is_authenticated": false}}"#;
    assert_eq!(at(401, pending), Outcome::CodeRequired);
    let mismatch = r#"{"status": 400, "errors": [{"code": "username_password_mismatch", "param": "password", "message": "No."}]}"#;
    assert_eq!(at(400, mismatch), Outcome::WrongCredentials);
    // The rules for every endpoint come after each one's own.
    let reauth = json(r#"{"status": 401, "data": {"flows": [{"id": "reauthenticate"}, {"id": "mfa_reauthenticate"}]}, "meta": {"is_authenticated": true}}"#);
    for action in [Action::VerifyTotp, Action::DisableTotp, Action::SignInCode] {
        assert_eq!(
            backend::interpret(&b, action, 401, None, Body::Json(&reauth)),
            Outcome::ReauthenticationRequired { message: None },
            "{action:?}"
        );
    }
    // Without the flow, a 401 to a sign-in is a wrong password, as for every backend.
    assert_eq!(at(401, r#"{"data": {"flows": [{"id": "login"}]}}"#), Outcome::WrongCredentials);
    // A 404 carrying a secret is the start of 2-step; list positions work too.
    let start = json(r#"{"status": 404, "meta": {"secret": "JBSWY3DPEHPK3PXP", "totp_url": "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&issuer=HMIS%20demo"}}"#);
    let Outcome::Success { data } = backend::interpret(&b, Action::StartTotp, 404, None, Body::Json(&start)) else { panic!() };
    assert!(data["totpUri"].starts_with("otpauth://totp/alice?"));
    let b = backend_config::parse(&json(r#"{"endpoints": {"forgotStart": {"response": {"question": "items.1.text"}}}}"#)).unwrap();
    let Outcome::Success { data } =
        backend::interpret(&b, Action::ForgotStart, 200, None, Body::Json(&json(r#"{"items": [{"text": "a"}, {"text": "b"}]}"#)))
    else {
        panic!()
    };
    assert_eq!(data["question"], "b");
}

#[test]
fn the_code_at_sign_in_goes_with_the_sign_in_unless_configured_elsewhere() {
    let reference = reference();
    let payload = [("username", "ana"), ("password", "Temp-1!"), ("code", "123456")];
    let req = backend::request(&reference, Action::SignInCode, &payload, None, "k");
    assert_eq!(req.url, "/api/sign-in");
    assert_eq!(req.body.len(), 3);
    // A mapped sign-in carries its mapping to the code's request.
    let b = backend_config::parse(&json(r#"{"endpoints": {"signIn": {"url": "/auth/login/", "fields": {"username": "login"}}}}"#)).unwrap();
    let req = backend::request(&b, Action::SignInCode, &payload, None, "k");
    assert_eq!((req.url.as_str(), req.body[0].0.as_str()), ("/auth/login/", "login"));
    // Elsewhere, with only the code and a value the sign-in answer saved.
    let b = backend_config::parse(&json(
        r#"{"endpoints": {"signIn": {"capture": {"ephemeral": "ephemeral_token"}},
            "signInCode": {"url": "/auth/login/code/", "fields": {"username": null, "password": null}, "constants": {"ephemeral_token": "{saved.ephemeral}"}}}}"#,
    ))
    .unwrap();
    let saved = [("saved.ephemeral".to_owned(), "1-abc".to_owned())];
    let req = backend::request_with(&b, Action::SignInCode, &payload, None, "k", &saved);
    assert_eq!(req.url, "/auth/login/code/");
    assert_eq!(req.body, [("code".to_owned(), "123456".to_owned()), ("ephemeral_token".to_owned(), "1-abc".to_owned())]);
}

#[test]
fn page_values_fill_templates_and_say_what_a_reset_link_carries() {
    let b = backend_config::parse(&json(
        r#"{"endpoints": {"forgotReset": {"url": "/reset/{page.uid}/", "constants": {"uid": "{page.uid}", "token": "{page.token}"},
                                           "fields": {"newPassword": ["new_password1", "new_password2"]}}}}"#,
    ))
    .unwrap();
    assert_eq!(backend::page_values(&b.endpoints[&Action::ForgotReset]), ["uid", "token"]);
    assert!(backend::page_values(&b.endpoints[&Action::SignIn]).is_empty());
    let values = [("page.uid".to_owned(), "M/Q x".to_owned()), ("page.token".to_owned(), "dj5-ff9".to_owned())];
    let req = backend::request_with(&b, Action::ForgotReset, &[("newPassword", "N-1")], None, "k", &values);
    assert_eq!(req.url, "/reset/M%2FQ%20x/", "a value cannot add a path segment");
    assert!(req.body.contains(&("uid".to_owned(), "M/Q x".to_owned())));
    assert!(req.body.contains(&("token".to_owned(), "dj5-ff9".to_owned())));
    assert!(req.body.contains(&("new_password2".to_owned(), "N-1".to_owned())));
    // A value is filled in once: its own braces are not read again.
    let values = [("page.uid".to_owned(), "{page.token}".to_owned()), ("page.token".to_owned(), "secret".to_owned())];
    let req = backend::request_with(&b, Action::ForgotReset, &[], None, "k", &values);
    assert!(req.body.contains(&("uid".to_owned(), "{page.token}".to_owned())));
}

#[test]
fn recovery_codes_are_read_as_a_list_and_nothing_else() {
    let b = allauth();
    let codes = json(r#"{"data": {"type": "recovery_codes", "unused_codes": ["04032041", 77510932, "11223344"]}}"#);
    let Outcome::Success { data } = backend::interpret(&b, Action::RecoveryCodes, 200, None, Body::Json(&codes)) else { panic!() };
    assert_eq!(data["recoveryCodes"], "04032041\n77510932\n11223344");
    let wrong = json(r#"{"data": {"unused_codes": "04032041"}}"#);
    assert!(matches!(backend::interpret(&b, Action::RecoveryCodes, 200, None, Body::Json(&wrong)), Outcome::Unexpected { .. }));
    let none = json(r#"{"data": {}}"#);
    assert!(matches!(backend::interpret(&b, Action::RecoveryCodes, 200, None, Body::Json(&none)), Outcome::Unexpected { .. }));
    // The verify answer may carry them itself (dj-rest-auth's trench: backup_codes).
    let b = backend_config::parse(&json(r#"{"endpoints": {"verifyTotp": {"response": {"recoveryCodes": "backup_codes"}}}}"#)).unwrap();
    let Outcome::Success { data } =
        backend::interpret(&b, Action::VerifyTotp, 200, None, Body::Json(&json(r#"{"backup_codes": ["EscanI5Whg8t", "x2"]}"#)))
    else {
        panic!()
    };
    assert_eq!(data["recoveryCodes"], "EscanI5Whg8t\nx2");
}

#[test]
fn a_backend_that_ignores_idempotency_keys_gets_none_and_csrf_presets_take_a_fetch() {
    let b = allauth();
    let req = backend::request(&b, Action::ChangePassword, &[], Some("tok"), "k");
    assert!(!req.headers.iter().any(|(n, _)| n == backend::IDEMPOTENCY_HEADER));
    assert!(req.headers.contains(&("X-CSRFToken".to_owned(), "tok".to_owned())));
    assert_eq!(b.csrf.fetch.as_deref(), Some("/_allauth/browser/v1/auth/session"));
    assert!(backend::request(&reference(), Action::ChangePassword, &[], None, "k").headers.iter().any(|(n, _)| n == backend::IDEMPOTENCY_HEADER));
    let err = |text: &str| config::parse(&json(text)).unwrap_err().to_string();
    assert!(err(r#"{"backend": {"csrf": {"preset": "django", "header": "X"}}}"#).starts_with("config.backend.csrf.header: expected nothing beside a preset but fetch"));
    assert!(err(r#"{"backend": {"csrf": {"preset": "laravel"}}}"#).starts_with("config.backend.csrf.preset: expected one of the presets"));
    assert!(err(r#"{"backend": {"idempotencyKeys": "no"}}"#).starts_with("config.backend.idempotencyKeys: expected"));
}

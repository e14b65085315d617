//! What a client can rely on to tell situations apart: the `code` of every error (the API's
//! `{message, code}`, the classic variant's `Status`), the username in the sign-in and
//! reauthentication answers, and sign-out as an action of its own.

mod common;

use common::*;
use hmis_onboard::totp;
use serde_json::json;

const TOKEN: &str = "__RequestVerificationToken";

async fn classic(c: &mut Client, path: &str, fields: &[(&str, &str)]) -> Resp {
    let token = c.csrf().await;
    let mut fields = fields.to_vec();
    fields.push((TOKEN, &token));
    c.post_form(path, &fields, &[]).await
}

fn code_of(r: &Resp) -> (u16, &str) {
    (r.status, r.json["code"].as_str().unwrap_or_else(|| panic!("no code in {}", r.text)))
}

fn status_of(r: &Resp) -> (u16, &str) {
    (r.status, r.json["Status"].as_str().unwrap_or_else(|| panic!("no Status in {}", r.text)))
}

#[tokio::test]
async fn no_session_or_an_ended_one_is_session_ended_not_wrong_credentials() {
    let h = Harness::with(|s| s.session_idle_seconds = 100);
    let mut c = h.client();
    for path in ["/api/terms", "/api/password", "/api/recovery", "/api/totp/start", "/api/totp/verify", "/api/totp/disable", "/api/reauthenticate"] {
        let r = c.post(path, json!({ "password": "x", "code": "123456" })).await;
        assert_eq!(code_of(&r), (401, "sessionEnded"), "{path}");
        assert!(r.json["message"].as_str().unwrap().contains("session has ended"), "{path}");
        assert!(r.json.get("totpRequired").is_none());
    }
    assert_eq!(c.sign_in("demo", DEMO_PASSWORD).await.status, 200);
    h.clock.advance(101);
    assert_eq!(code_of(&c.post("/api/terms", json!({ "termsVersion": TERMS })).await), (401, "sessionEnded"), "idle too long");
    let r = classic(&mut c, "/classic/Account/AcceptTerms", &[("TermsVersion", TERMS)]).await;
    assert_eq!(status_of(&r), (401, "SessionEnded"));
}

#[tokio::test]
async fn wrong_credentials_have_their_own_code() {
    let h = Harness::new();
    let mut c = h.onboarded("ana").await;
    for (name, r) in [
        ("sign-in", h.client().sign_in("ana", "Wrong-Pass-1").await),
        ("unknown name", h.client().sign_in("nobody", "Wrong-Pass-1").await),
        ("reauthenticate", c.post("/api/reauthenticate", json!({ "password": "Wrong-Pass-1" })).await),
    ] {
        assert_eq!(code_of(&r), (401, "wrongCredentials"), "{name}");
        assert!(r.json.get("totpRequired").is_none(), "{name}");
    }
    // At a password change the current password is a field of the form: 422, with the field.
    let r = c.post("/api/password", json!({ "currentPassword": "Wrong-Pass-1", "newPassword": "Quiet-River-19" })).await;
    assert_eq!(code_of(&r), (422, "wrongCredentials"));
    assert!(r.json["errors"]["currentPassword"].is_string());
    let r = c.post("/api/password", json!({ "currentPassword": NEW_PASSWORD, "newPassword": "weak" })).await;
    assert_eq!(code_of(&r), (422, "invalid"), "a rule unmet is not a wrong password");
    let r = classic(&mut h.client(), "/classic/Account/Login", &[("UserName", "ana"), ("Password", "Wrong-Pass-1")]).await;
    assert_eq!(status_of(&r), (401, "InvalidCredentials"));
}

#[tokio::test]
async fn an_unknown_or_expired_reset_token_is_reset_expired() {
    let h = Harness::new();
    let mut c = h.onboarded("eve").await;
    c.post("/api/recovery", json!({ "question": "Which street had the green mailbox?", "answer": "hope street" })).await;
    let r = c.post("/api/forgot/answer", json!({ "username": "eve", "answer": "hope street" })).await;
    let token = r.json["resetToken"].as_str().unwrap().to_owned();
    h.clock.advance(601);
    let r = c.post("/api/forgot/reset", json!({ "resetToken": token, "newPassword": "Quiet-River-19" })).await;
    assert_eq!(code_of(&r), (401, "resetExpired"));
    let r = c.post("/api/forgot/reset", json!({ "resetToken": "made-up", "newPassword": "Quiet-River-19" })).await;
    assert_eq!(code_of(&r), (401, "resetExpired"));
    let r = classic(&mut c, "/classic/Account/ResetPassword", &[("ResetToken", "made-up"), ("NewPassword", "Quiet-River-19")]).await;
    assert_eq!(status_of(&r), (401, "ResetExpired"));
}

#[tokio::test]
async fn a_wrong_recovery_answer_is_wrong_answer() {
    let h = Harness::new();
    let mut c = h.onboarded("gus").await;
    c.post("/api/recovery", json!({ "question": "Which street had the green mailbox?", "answer": "hope street" })).await;
    let r = c.post("/api/forgot/answer", json!({ "username": "gus", "answer": "elm street" })).await;
    assert_eq!(code_of(&r), (401, "wrongAnswer"));
    let r = classic(&mut c, "/classic/Account/ForgotPassword/Answer", &[("UserName", "gus"), ("SecurityAnswer", "elm street")]).await;
    assert_eq!(status_of(&r), (401, "WrongAnswer"));
}

#[tokio::test]
async fn a_needed_code_and_a_wrong_code_keep_totp_required() {
    let h = Harness::new();
    let mut c = h.onboarded("hal").await;
    let start = c.post("/api/totp/start", json!({})).await;
    let secret = totp::base32_decode(start.json["totpSecret"].as_str().unwrap()).unwrap();
    let wrong = c.post("/api/totp/verify", json!({ "code": "000000" })).await;
    assert_eq!(code_of(&wrong), (422, "wrongCode"));
    assert!(wrong.json["errors"]["code"].is_string());
    let r = c.post("/api/totp/verify", json!({ "code": totp::totp(&secret, h.clock.now(), 30, 6) })).await;
    assert_eq!(r.status, 200);
    let mut s = h.client();
    let r = s.sign_in("hal", NEW_PASSWORD).await;
    assert_eq!(code_of(&r), (401, "codeRequired"));
    assert_eq!(r.json["totpRequired"], true);
    let r = s.post("/api/sign-in", json!({ "username": "hal", "password": NEW_PASSWORD, "code": "000000" })).await;
    assert_eq!(code_of(&r), (401, "wrongCode"));
    assert_eq!(r.json["totpRequired"], true);
    for fields in [vec![("UserName", "hal"), ("Password", NEW_PASSWORD)], vec![("UserName", "hal"), ("Password", NEW_PASSWORD), ("Code", "000000")]] {
        let r = classic(&mut s, "/classic/Account/Login", &fields).await;
        assert_eq!(status_of(&r), (401, "RequiresTwoFactor"));
    }
}

#[tokio::test]
async fn steps_owed_first_are_403_with_their_codes_in_both_dialects() {
    let h = Harness::with(|s| s.reauth_seconds = 300);
    let mut c = h.client();
    c.sign_in("demo", DEMO_PASSWORD).await;
    let r = c.post("/api/password", json!({ "currentPassword": DEMO_PASSWORD, "newPassword": NEW_PASSWORD })).await;
    assert_eq!(code_of(&r), (403, "termsRequired"));
    let r = classic(&mut c, "/classic/Account/ChangePassword", &[("OldPassword", DEMO_PASSWORD), ("NewPassword", NEW_PASSWORD)]).await;
    assert_eq!(status_of(&r), (403, "TermsRequired"));
    c.post("/api/terms", json!({ "termsVersion": TERMS })).await;
    assert_eq!(code_of(&c.post("/api/totp/start", json!({})).await), (403, "passwordChangeRequired"));
    assert_eq!(status_of(&classic(&mut c, "/classic/Account/Authenticator/Begin", &[]).await), (403, "PasswordChangeRequired"));
    c.post("/api/password", json!({ "currentPassword": DEMO_PASSWORD, "newPassword": NEW_PASSWORD })).await;
    h.clock.advance(301);
    assert_eq!(code_of(&c.post("/api/totp/start", json!({})).await), (403, "reauthenticationRequired"));
    assert_eq!(status_of(&classic(&mut c, "/classic/Account/Authenticator/Begin", &[]).await), (403, "ReauthenticationRequired"));
}

#[tokio::test]
async fn every_other_api_error_has_a_code_too() {
    let h = Harness::with(|s| {
        s.lockout_attempts = 1;
        s.rate_user = Some(hmis_onboard_server::Rate { count: 2, seconds: 60 });
    });
    let mut c = h.client();
    assert_eq!(code_of(&c.sign_in("demo", "Wrong-Pass-1").await), (423, "locked"));
    assert_eq!(code_of(&c.sign_in("demo", "Wrong-Pass-1").await), (423, "locked"));
    assert_eq!(code_of(&c.sign_in("demo", "Wrong-Pass-1").await), (429, "rateLimited"));
    assert_eq!(code_of(&c.post("/api/sign-in", json!({ "username": "x" })).await), (422, "invalid"));
    assert_eq!(code_of(&c.get("/api/nothing-here").await), (404, "notFound"));
    assert_eq!(code_of(&c.get("/api/sign-in").await), (405, "methodNotAllowed"));
    let no_token = axum::http::Request::post("/api/sign-in").header("content-type", "application/json");
    let r = c.send(no_token.body(axum::body::Body::from("{}")).unwrap()).await;
    assert_eq!(code_of(&r), (403, "csrf"));
}

#[tokio::test]
async fn sign_in_and_reauthentication_answer_with_the_username_as_stored() {
    let h = Harness::new();
    h.onboarded("Ana.Lopez").await;
    let mut c = h.client();
    let r = c.sign_in("  ana.LOPEZ ", NEW_PASSWORD).await;
    assert_eq!((r.status, &r.json["username"]), (200, &json!("Ana.Lopez")));
    let r = c.post("/api/reauthenticate", json!({ "password": NEW_PASSWORD })).await;
    assert_eq!((r.status, &r.json["username"]), (200, &json!("Ana.Lopez")));
    let mut k = h.client();
    let r = classic(&mut k, "/classic/Account/Login", &[("UserName", "ana.lopez"), ("Password", NEW_PASSWORD)]).await;
    assert_eq!((status_of(&r), &r.json["Result"]["UserName"]), ((200, "Success"), &json!("Ana.Lopez")));
    let r = classic(&mut k, "/classic/Account/ConfirmPassword", &[("Password", NEW_PASSWORD)]).await;
    assert_eq!(r.json["Result"]["UserName"], "Ana.Lopez");
}

#[tokio::test]
async fn a_new_password_containing_the_username_in_any_case_is_refused() {
    let h = Harness::new();
    let mut c = h.onboarded("ana.lopez").await;
    let r = c.post("/api/password", json!({ "currentPassword": NEW_PASSWORD, "newPassword": "ANA.Lopez-Xq7!" })).await;
    assert_eq!(code_of(&r), (422, "invalid"), "{}", r.text);
    assert!(r.json["errors"]["newPassword"].as_str().unwrap().contains("username"), "{}", r.text);
    c.post("/api/recovery", json!({ "question": "Which street had the green mailbox?", "answer": "hope street" })).await;
    let r = c.post("/api/forgot/answer", json!({ "username": "ana.lopez", "answer": "hope street" })).await;
    let token = r.json["resetToken"].as_str().unwrap().to_owned();
    let r = c.post("/api/forgot/reset", json!({ "resetToken": token, "newPassword": "x-ana.LOPEZ-7!" })).await;
    assert_eq!(r.status, 422, "{}", r.text);
    assert!(r.json["errors"]["newPassword"].as_str().unwrap().contains("username"), "{}", r.text);
}

#[tokio::test]
async fn sign_out_is_an_action_checked_for_csrf_and_idempotent() {
    let h = Harness::new();
    let mut c = h.client();
    c.sign_in("demo", DEMO_PASSWORD).await;
    let forged = c.send(axum::http::Request::post("/api/sign-out").body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(code_of(&forged), (403, "csrf"));
    assert_eq!(c.get("/api/session").await.json["signedIn"], true, "a post without the token signs nobody out");
    for round in ["signed in", "already signed out"] {
        let r = c.post("/api/sign-out", json!({})).await;
        assert_eq!(r.status, 200, "{round}");
        assert!(r.json["message"].is_string(), "{round}: {}", r.text);
        assert!(r.set_cookies().iter().any(|s| s.starts_with("hmis_session=;") && s.contains("Max-Age=0")), "{round}");
        assert_eq!(c.get("/api/session").await.json["signedIn"], false, "{round}");
    }
    let mut k = h.client();
    classic(&mut k, "/classic/Account/Login", &[("UserName", "demo"), ("Password", DEMO_PASSWORD)]).await;
    for round in ["signed in", "already signed out"] {
        let r = classic(&mut k, "/classic/Account/Logout", &[]).await;
        assert_eq!(status_of(&r), (200, "Success"), "{round}");
        assert!(r.json["Message"].is_string());
        assert_eq!(k.get("/api/session").await.json["signedIn"], false, "{round}");
    }
    let r = k.post_form("/classic/Account/Logout", &[], &[]).await;
    assert_eq!(status_of(&r), (403, "Csrf"));
}

#[tokio::test]
async fn the_messages_of_429_and_423_say_the_wait_and_retry_after_stops_at_an_hour() {
    let h = Harness::with(|s| {
        s.lockout_attempts = 1;
        s.lockout_seconds = 3 * 60 * 60;
    });
    let r = h.client().sign_in("demo", "Wrong-Pass-1").await;
    assert_eq!((r.status, r.retry_after()), (423, 3600));
    assert!(r.json["message"].as_str().unwrap().contains("3 hours"), "{}", r.text);
    let h = Harness::with(|s| s.rate_user = Some(hmis_onboard_server::Rate { count: 1, seconds: 86_400 }));
    let mut c = h.client();
    c.sign_in("demo", "Wrong-Pass-1").await;
    let r = c.sign_in("demo", "Wrong-Pass-1").await;
    assert_eq!((r.status, r.retry_after()), (429, 3600));
    assert!(r.json["message"].as_str().unwrap().contains("24 hours"), "{}", r.text);
    let r = classic(&mut c, "/classic/Account/Login", &[("UserName", "demo"), ("Password", "x")]).await;
    assert_eq!((r.status, r.retry_after()), (429, 3600));
}

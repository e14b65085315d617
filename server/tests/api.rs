//! The JSON API (`/api`), as the widget's default configuration uses it: every endpoint and
//! every fault the widget must be able to show.

mod common;

use common::*;
use hmis_onboard::totp;
use hmis_onboard_server::settings::TEST_ORIGIN;
use hmis_onboard_server::Rate;
use serde_json::json;

fn code_at(secret: &[u8], unix_time: u64) -> String {
    totp::totp(secret, unix_time, 30, 6)
}

fn secret_of(r: &Resp) -> Vec<u8> {
    totp::base32_decode(r.json["totpSecret"].as_str().unwrap()).unwrap()
}

#[tokio::test]
async fn first_sign_in_with_temporary_password_must_change_it_and_accept_terms() {
    let h = Harness::new();
    let mut c = h.client();
    let r = c.sign_in("demo", DEMO_PASSWORD).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["mustChangePassword"], true);
    assert_eq!(r.json["termsVersion"], TERMS);
    assert!(r.json["termsText"].as_str().unwrap().contains("HMIS"));
    assert!(c.cookie("hmis_session").is_some());
}

#[tokio::test]
async fn after_onboarding_sign_in_needs_no_change_and_no_terms() {
    let h = Harness::new();
    h.onboarded("ana").await;
    let mut c = h.client();
    let r = c.sign_in("ana", NEW_PASSWORD).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json["mustChangePassword"], false);
    assert!(r.json.get("termsText").is_none() && r.json.get("termsVersion").is_none());
    assert_eq!(r.json["recoverySet"], false, "onboarded without a recovery question yet");
    let r = c.post("/api/recovery", json!({ "question": "Which teacher wrote the funny note?", "answer": "mr okafor" })).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(c.sign_in("ana", NEW_PASSWORD).await.json["recoverySet"], true);
    assert_eq!(c.sign_in("ana", DEMO_PASSWORD).await.status, 401, "the temporary password is gone");
}

#[tokio::test]
async fn new_terms_version_asks_again_at_sign_in() {
    let h = Harness::with(|s| s.terms_version = "v2".to_owned());
    let mut c = h.client();
    let r = c.sign_in("demo", DEMO_PASSWORD).await;
    assert_eq!(r.json["termsVersion"], "v2");
    let r = c.post("/api/terms", json!({ "termsVersion": TERMS })).await;
    assert_eq!(r.status, 422);
    assert!(r.json["errors"]["termsVersion"].is_string());
    assert_eq!(c.post("/api/terms", json!({ "termsVersion": "v2" })).await.status, 200);
    assert_eq!(c.get("/api/session").await.json["termsAccepted"], true);
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_401() {
    let h = Harness::new();
    let mut c = h.client();
    let wrong = c.sign_in("demo", "Not-The-Password-1").await;
    let unknown = c.sign_in("nobody-here", "Not-The-Password-1").await;
    assert_eq!(wrong.status, 401);
    assert_eq!(unknown.status, 401);
    assert_eq!(wrong.json, unknown.json);
    assert!(c.cookie("hmis_session").is_none());
}

#[tokio::test]
async fn missing_fields_are_422_per_field() {
    let h = Harness::new();
    let mut c = h.client();
    let r = c.post("/api/sign-in", json!({ "username": "demo" })).await;
    assert_eq!(r.status, 422);
    assert!(r.json["errors"]["password"].is_string());
    assert!(r.json["errors"].get("username").is_none());
}

#[tokio::test]
async fn locks_after_repeated_wrong_passwords_then_unlocks() {
    let h = Harness::with(|s| {
        s.lockout_attempts = 3;
        s.lockout_seconds = 120;
    });
    let mut c = h.client();
    for _ in 0..2 {
        assert_eq!(c.sign_in("demo", "Wrong-Pass-1").await.status, 401);
    }
    let r = c.sign_in("demo", "Wrong-Pass-1").await;
    assert_eq!(r.status, 423);
    assert_eq!(r.retry_after(), 120);
    assert!(r.json["message"].as_str().unwrap().contains("2 minutes"));
    let r = c.sign_in("demo", DEMO_PASSWORD).await;
    assert_eq!(r.status, 423, "the right password does not open a locked account");
    h.clock.advance(60);
    assert_eq!(c.sign_in("demo", DEMO_PASSWORD).await.retry_after(), 60);
    h.clock.advance(61);
    assert_eq!(c.sign_in("demo", DEMO_PASSWORD).await.status, 200);
}

#[tokio::test]
async fn a_success_resets_the_failure_count() {
    let h = Harness::with(|s| s.lockout_attempts = 3);
    let mut c = h.client();
    for _ in 0..2 {
        assert_eq!(c.sign_in("demo", "Wrong-Pass-1").await.status, 401);
    }
    assert_eq!(c.sign_in("demo", DEMO_PASSWORD).await.status, 200);
    for _ in 0..2 {
        assert_eq!(c.sign_in("demo", "Wrong-Pass-1").await.status, 401);
    }
}

#[tokio::test]
async fn unknown_usernames_lock_exactly_like_real_ones() {
    let h = Harness::with(|s| {
        s.lockout_attempts = 2;
        s.lockout_seconds = 300;
    });
    let mut c = h.client();
    let real: Vec<_> = [c.sign_in("demo", "Wrong-1!aa").await, c.sign_in("demo", "Wrong-1!aa").await].into_iter().map(|r| (r.status, r.header("retry-after").map(str::to_owned), r.json)).collect();
    let fake: Vec<_> = [c.sign_in("ghost", "Wrong-1!aa").await, c.sign_in("ghost", "Wrong-1!aa").await].into_iter().map(|r| (r.status, r.header("retry-after").map(str::to_owned), r.json)).collect();
    assert_eq!(real, fake);
    assert_eq!(real[1].0, 423);
}

#[tokio::test]
async fn rate_limits_attempts_per_username_with_retry_after() {
    let h = Harness::with(|s| s.rate_user = Some(Rate { count: 2, seconds: 60 }));
    let mut a = h.client_from("10.0.0.1:1000");
    let mut b = h.client_from("10.0.0.2:1000");
    assert_eq!(a.sign_in("demo", "Wrong-Pass-1").await.status, 401);
    assert_eq!(b.sign_in("DEMO", "Wrong-Pass-1").await.status, 401);
    let r = a.sign_in("demo", DEMO_PASSWORD).await;
    assert_eq!(r.status, 429, "the limit follows the name across addresses and case");
    assert_eq!(r.retry_after(), 30);
    assert_eq!(a.sign_in("someone-else", "x").await.status, 401, "other names are not limited");
    h.clock.advance(30);
    assert_eq!(a.sign_in("demo", DEMO_PASSWORD).await.status, 200);
}

#[tokio::test]
async fn rate_limits_requests_per_client_address() {
    let h = Harness::with(|s| s.rate_ip = Some(Rate { count: 3, seconds: 60 }));
    let mut a = h.client_from("10.0.0.1:1000");
    for name in ["a1", "a2", "a3"] {
        assert_eq!(a.sign_in(name, "x").await.status, 401);
    }
    let r = a.sign_in("a4", "x").await;
    assert_eq!(r.status, 429);
    assert_eq!(r.retry_after(), 20);
    assert!(r.json["message"].is_string());
    let mut b = h.client_from("10.0.0.2:1000");
    assert_eq!(b.sign_in("a4", "x").await.status, 401);
}

#[tokio::test]
async fn refuses_posts_without_a_matching_csrf_token() {
    let h = Harness::new();
    let mut c = h.client();
    let csrf = c.csrf().await;
    let body = json!({ "username": "demo", "password": DEMO_PASSWORD }).to_string();
    let post = |token: Option<&str>, extra: &[(&str, &str)]| {
        let mut r = axum::http::Request::post("/api/sign-in").header("content-type", "application/json");
        if let Some(t) = token {
            r = r.header("x-csrf-token", t);
        }
        for (k, v) in extra {
            r = r.header(*k, *v);
        }
        r.body(axum::body::Body::from(body.clone())).unwrap()
    };
    let missing = c.send(post(None, &[])).await;
    assert_eq!(missing.status, 403);
    assert_eq!(missing.json["code"], "csrf");
    assert_eq!(c.send(post(Some("not-the-token"), &[])).await.status, 403);
    assert_eq!(c.send(post(Some(&csrf), &[("origin", "https://evil.example")])).await.status, 403);
    assert_eq!(c.send(post(Some(&csrf), &[("sec-fetch-site", "cross-site")])).await.status, 403);
    // A cookie the server did not sign is refused even when the header matches it.
    let mut forged = h.client();
    forged.jar.insert("hmis_csrf".to_owned(), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_owned());
    let r = forged.send(post(Some("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), &[])).await;
    assert_eq!(r.status, 403);
    // Without any cookie: refused, and the response hands out a token for next time.
    let mut fresh = h.client();
    assert_eq!(fresh.send(post(Some(&csrf), &[])).await.status, 403);
    assert!(fresh.cookie("hmis_csrf").is_some());
    let ok = c.send(post(Some(&csrf), &[("origin", TEST_ORIGIN), ("sec-fetch-site", "same-origin")])).await;
    assert_eq!(ok.status, 200, "{}", ok.text);
}

#[tokio::test]
async fn cookies_have_the_required_attributes() {
    let h = Harness::new();
    let mut c = h.client();
    let r = c.get("/api/session").await;
    let csrf = r.set_cookies().into_iter().find(|s| s.starts_with("hmis_csrf=")).unwrap();
    assert!(csrf.contains("SameSite=Strict") && csrf.contains("Path=/") && !csrf.contains("HttpOnly"), "{csrf}");
    let r = c.sign_in("demo", DEMO_PASSWORD).await;
    let session = r.set_cookies().into_iter().find(|s| s.starts_with("hmis_session=")).unwrap();
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(session.contains(attribute), "{session}");
    }
    assert!(!session.contains("Secure"));
    let h = Harness::with(|s| s.secure_cookies = true);
    let r = h.client().sign_in("demo", DEMO_PASSWORD).await;
    assert!(r.set_cookies().iter().all(|c| c.contains("; Secure")));
}

#[tokio::test]
async fn sign_in_rotates_the_session() {
    let h = Harness::new();
    let mut c = h.client();
    c.sign_in("demo", DEMO_PASSWORD).await;
    let first = c.cookie("hmis_session").unwrap();
    c.sign_in("demo", DEMO_PASSWORD).await;
    let second = c.cookie("hmis_session").unwrap();
    assert_ne!(first, second);
    assert_eq!(c.get("/api/session").await.json["signedIn"], true);
    let mut stale = h.client();
    stale.jar.insert("hmis_session".to_owned(), first);
    assert_eq!(stale.get("/api/session").await.json["signedIn"], false, "the old session ended");
    // A session token planted before sign-in is never kept.
    let mut planted = h.client();
    planted.jar.insert("hmis_session".to_owned(), "planted-by-an-attacker".to_owned());
    planted.sign_in("demo", DEMO_PASSWORD).await;
    assert_ne!(planted.cookie("hmis_session").unwrap(), "planted-by-an-attacker");
}

#[tokio::test]
async fn reauthentication_rotates_the_session_and_reopens_security_settings() {
    let h = Harness::with(|s| s.reauth_seconds = 300);
    let mut c = h.onboarded("ben").await;
    h.clock.advance(301);
    let r = c.post("/api/recovery", json!({ "question": "Which teacher wrote the funny note?", "answer": "mr okafor" })).await;
    assert_eq!(r.status, 403);
    assert_eq!(r.json["code"], "reauthenticationRequired");
    assert_eq!(c.post("/api/reauthenticate", json!({ "password": "Wrong-Pass-1" })).await.status, 401);
    let before = c.cookie("hmis_session").unwrap();
    let r = c.post("/api/reauthenticate", json!({ "password": NEW_PASSWORD })).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_ne!(c.cookie("hmis_session").unwrap(), before);
    // Where the person stands, for Security Settings' hub.
    assert_eq!((r.json["twoStepEnabled"].as_bool(), r.json["recoverySet"].as_bool()), (Some(false), Some(false)), "{}", r.text);
    assert!(r.json.get("recoveryQuestion").is_none());
    let r = c.post("/api/recovery", json!({ "question": "Which teacher wrote the funny note?", "answer": "mr okafor" })).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["recoveryQuestion"], "Which teacher wrote the funny note?");
    let r = c.post("/api/reauthenticate", json!({ "password": NEW_PASSWORD })).await;
    assert_eq!((r.json["recoverySet"].as_bool(), r.json["recoveryQuestion"].as_str()), (Some(true), Some("Which teacher wrote the funny note?")));
}

#[tokio::test]
async fn retried_sign_in_is_replayed_not_counted_again() {
    let h = Harness::with(|s| s.lockout_attempts = 2);
    let mut c = h.client();
    let body = json!({ "username": "demo", "password": "Wrong-Pass-1" });
    let first = c.post_keyed("/api/sign-in", body.clone(), "retry-1").await;
    assert_eq!(first.status, 401);
    assert!(first.header("idempotent-replayed").is_none());
    let again = c.post_keyed("/api/sign-in", body.clone(), "retry-1").await;
    assert_eq!(again.status, 401);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    assert_eq!(again.text, first.text);
    // Only one failure counted: a new attempt is the second, which locks.
    assert_eq!(c.post_keyed("/api/sign-in", body, "retry-2").await.status, 423);
}

#[tokio::test]
async fn retried_password_change_applies_once_and_answers_the_same() {
    let h = Harness::new();
    let mut c = h.client();
    c.sign_in("demo", DEMO_PASSWORD).await;
    c.post("/api/terms", json!({ "termsVersion": TERMS })).await;
    let body = json!({ "currentPassword": DEMO_PASSWORD, "newPassword": NEW_PASSWORD });
    let first = c.post_keyed("/api/password", body.clone(), "change-1").await;
    assert_eq!(first.status, 200);
    let retry = c.post_keyed("/api/password", body.clone(), "change-1").await;
    assert_eq!((retry.status, retry.text.as_str()), (200, first.text.as_str()));
    // Not replayed, it would now fail: the current password is no longer the temporary one.
    let fresh = c.post_keyed("/api/password", body, "change-2").await;
    assert_eq!(fresh.status, 422);
    assert!(fresh.json["errors"]["currentPassword"].is_string());
}

#[tokio::test]
async fn replayed_sign_in_sets_the_same_session_again() {
    let h = Harness::new();
    let mut c = h.client();
    let body = json!({ "username": "demo", "password": DEMO_PASSWORD });
    c.post_keyed("/api/sign-in", body.clone(), "k").await;
    let session = c.cookie("hmis_session").unwrap();
    // The response was lost: the browser still has no session cookie and retries.
    c.jar.remove("hmis_session");
    let retry = c.post_keyed("/api/sign-in", body, "k").await;
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    assert_eq!(c.cookie("hmis_session").unwrap(), session);
    assert_eq!(c.get("/api/session").await.json["signedIn"], true);
}

#[tokio::test]
async fn a_retry_racing_the_first_request_waits_for_it_and_replays() {
    let h = Harness::new();
    let mut a = h.client();
    a.sign_in("demo", DEMO_PASSWORD).await;
    a.post("/api/terms", json!({ "termsVersion": TERMS })).await;
    let mut b = h.client();
    b.jar = a.jar.clone();
    let body = json!({ "currentPassword": DEMO_PASSWORD, "newPassword": NEW_PASSWORD });
    let (x, y) = tokio::join!(a.post_keyed("/api/password", body.clone(), "race"), b.post_keyed("/api/password", body, "race"));
    assert_eq!((x.status, y.status), (200, 200), "{} {}", x.text, y.text);
    let replayed = [&x, &y].iter().filter(|r| r.header("idempotent-replayed").is_some()).count();
    assert_eq!(replayed, 1);
}

#[tokio::test]
async fn an_idempotency_key_reused_with_another_body_is_refused() {
    let h = Harness::new();
    let mut c = h.client();
    c.post_keyed("/api/sign-in", json!({ "username": "demo", "password": "Wrong-1!" }), "same").await;
    let r = c.post_keyed("/api/sign-in", json!({ "username": "demo", "password": DEMO_PASSWORD }), "same").await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json["code"], "idempotencyKeyReused");
}

#[tokio::test]
async fn idempotency_keys_are_per_browser() {
    let h = Harness::new();
    let mut a = h.client();
    let mut b = h.client();
    a.post_keyed("/api/sign-in", json!({ "username": "demo", "password": "Wrong-1!" }), "shared").await;
    let r = b.post_keyed("/api/sign-in", json!({ "username": "demo", "password": DEMO_PASSWORD }), "shared").await;
    assert_eq!(r.status, 200, "another browser's key is not this one's");
}

#[tokio::test]
async fn a_rate_limited_request_is_not_stored_for_replay() {
    let h = Harness::with(|s| s.rate_user = Some(Rate { count: 1, seconds: 60 }));
    let mut c = h.client();
    assert_eq!(c.sign_in("demo", "Wrong-1!").await.status, 401);
    let body = json!({ "username": "demo", "password": DEMO_PASSWORD });
    assert_eq!(c.post_keyed("/api/sign-in", body.clone(), "wait").await.status, 429);
    h.clock.advance(60);
    assert_eq!(c.post_keyed("/api/sign-in", body, "wait").await.status, 200);
}

#[tokio::test]
async fn password_change_applies_the_hmis_rules_on_the_server() {
    let h = Harness::new();
    let mut c = h.client();
    c.sign_in("demo", DEMO_PASSWORD).await;
    let r = c.post("/api/password", json!({ "currentPassword": DEMO_PASSWORD, "newPassword": NEW_PASSWORD })).await;
    assert_eq!((r.status, r.json["code"].as_str()), (403, Some("termsRequired")), "terms come first");
    c.post("/api/terms", json!({ "termsVersion": TERMS })).await;
    for (new, needs) in [
        ("Ab1!", "At least 8 characters"),
        ("harbor-lamp-72", "capital letter"),
        ("Harbor-Lamp-xx", "number"),
        ("HarborLamp72", "not a letter or a number"),
        ("Demo-Lamp-72", "username"),
        (DEMO_PASSWORD, "Differs from your current password"),
    ] {
        let r = c.post("/api/password", json!({ "currentPassword": DEMO_PASSWORD, "newPassword": new })).await;
        assert_eq!(r.status, 422, "{new}");
        let message = r.json["errors"]["newPassword"].as_str().unwrap();
        assert!(message.contains(needs), "{new}: {message}");
    }
    let r = c.post("/api/password", json!({ "currentPassword": "Wrong-Pass-1", "newPassword": NEW_PASSWORD })).await;
    assert_eq!(r.status, 422);
    assert!(r.json["errors"]["currentPassword"].is_string());
    let r = c.post("/api/password", json!({ "currentPassword": DEMO_PASSWORD, "newPassword": NEW_PASSWORD })).await;
    assert_eq!(r.status, 200);
    assert_eq!(c.get("/api/session").await.json["mustChangePassword"], false);
}

#[tokio::test]
async fn changing_the_password_ends_the_other_sessions() {
    let h = Harness::new();
    let mut other = h.client();
    other.sign_in("demo", DEMO_PASSWORD).await;
    let mut c = h.client();
    c.sign_in("demo", DEMO_PASSWORD).await;
    c.post("/api/terms", json!({ "termsVersion": TERMS })).await;
    c.post("/api/password", json!({ "currentPassword": DEMO_PASSWORD, "newPassword": NEW_PASSWORD })).await;
    assert_eq!(c.get("/api/session").await.json["signedIn"], true);
    assert_eq!(other.get("/api/session").await.json["signedIn"], false);
}

#[tokio::test]
async fn the_temporary_password_must_be_changed_before_anything_else() {
    let h = Harness::new();
    let mut c = h.client();
    c.sign_in("demo", DEMO_PASSWORD).await;
    c.post("/api/terms", json!({ "termsVersion": TERMS })).await;
    for path in ["/api/recovery", "/api/totp/start", "/api/totp/verify", "/api/totp/disable", "/api/reauthenticate"] {
        let r = c.post(path, json!({ "password": DEMO_PASSWORD, "question": "What was the long question here?", "answer": "something", "code": "123456" })).await;
        assert_eq!(r.status, 403, "{path}");
        assert_eq!(r.json["code"], "passwordChangeRequired", "{path}");
    }
}

#[tokio::test]
async fn signed_out_requests_get_401() {
    let h = Harness::new();
    let mut c = h.client();
    for path in ["/api/terms", "/api/password", "/api/recovery", "/api/totp/start", "/api/totp/verify", "/api/totp/disable", "/api/reauthenticate"] {
        assert_eq!(c.post(path, json!({})).await.status, 401, "{path}");
    }
}

#[tokio::test]
async fn recovery_question_rules_are_checked() {
    let h = Harness::new();
    let mut c = h.onboarded("cara").await;
    let r = c.post("/api/recovery", json!({ "question": "Pet?", "answer": "x" })).await;
    assert_eq!(r.status, 422);
    assert!(r.json["errors"]["question"].is_string() && r.json["errors"]["answer"].is_string());
    let r = c.post("/api/recovery", json!({ "question": "What is the name of my blue bicycle?", "answer": "Blue Bicycle" })).await;
    assert!(r.json["errors"]["answer"].as_str().unwrap().contains("question"));
    let r = c.post("/api/recovery", json!({ "question": "What is the name of my old bicycle?", "answer": "CARA" })).await;
    assert!(r.json["errors"]["answer"].as_str().unwrap().contains("username"));
    let r = c.post("/api/recovery", json!({ "question": "What is the name of my old bicycle?", "answer": NEW_PASSWORD })).await;
    assert!(r.json["errors"]["answer"].as_str().unwrap().contains("password"));
    let r = c.post("/api/recovery", json!({ "question": "What is the name of   my old bicycle?", "answer": "Rusty Comet" })).await;
    assert_eq!(r.status, 200);
    assert_eq!(c.get("/api/session").await.json["recoveryQuestion"], "What is the name of my old bicycle?");
}

#[tokio::test]
async fn forgot_password_with_a_normalised_answer_resets_the_password() {
    let h = Harness::new();
    let mut c = h.onboarded("dev").await;
    c.post("/api/recovery", json!({ "question": "Which street had the green mailbox?", "answer": "Hope   Street" })).await;
    let mut f = h.client();
    let r = f.post("/api/forgot/start", json!({ "username": "DEV" })).await;
    assert_eq!(r.json["question"], "Which street had the green mailbox?");
    let r = f.post("/api/forgot/answer", json!({ "username": "dev", "answer": "  hope STREET " })).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let token = r.json["resetToken"].as_str().unwrap().to_owned();
    let r = f.post("/api/forgot/reset", json!({ "resetToken": token, "newPassword": "weak" })).await;
    assert_eq!(r.status, 422);
    assert!(r.json["errors"]["newPassword"].is_string());
    let r = f.post("/api/forgot/reset", json!({ "resetToken": token, "newPassword": NEW_PASSWORD })).await;
    assert_eq!(r.status, 422, "must differ from the current password");
    let r = f.post("/api/forgot/reset", json!({ "resetToken": token, "newPassword": "Quiet-River-19" })).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(f.post("/api/forgot/reset", json!({ "resetToken": token, "newPassword": "Other-River-20" })).await.status, 401, "single use");
    assert_eq!(c.get("/api/session").await.json["signedIn"], false, "every session ended");
    assert_eq!(f.sign_in("dev", NEW_PASSWORD).await.status, 401);
    let r = f.sign_in("dev", "Quiet-River-19").await;
    assert_eq!((r.status, r.json["mustChangePassword"].as_bool()), (200, Some(false)));
}

#[tokio::test]
async fn reset_tokens_expire() {
    let h = Harness::new();
    let mut c = h.onboarded("eve").await;
    c.post("/api/recovery", json!({ "question": "Which street had the green mailbox?", "answer": "hope street" })).await;
    let r = c.post("/api/forgot/answer", json!({ "username": "eve", "answer": "hope street" })).await;
    let token = r.json["resetToken"].as_str().unwrap().to_owned();
    h.clock.advance(601);
    let r = c.post("/api/forgot/reset", json!({ "resetToken": token, "newPassword": "Quiet-River-19" })).await;
    assert_eq!(r.status, 401);
    assert_eq!(c.post("/api/forgot/reset", json!({ "resetToken": "made-up", "newPassword": "Quiet-River-19" })).await.status, 401);
}

#[tokio::test]
async fn unknown_users_get_a_stable_decoy_question_of_the_same_shape() {
    let h = Harness::new();
    let mut c = h.onboarded("fay").await;
    c.post("/api/recovery", json!({ "question": "Which street had the green mailbox?", "answer": "hope street" })).await;
    let mut f = h.client();
    let real = f.post("/api/forgot/start", json!({ "username": "fay" })).await;
    let decoy = f.post("/api/forgot/start", json!({ "username": "nobody-at-all" })).await;
    let again = f.post("/api/forgot/start", json!({ "username": "Nobody-At-All" })).await;
    let no_question = f.post("/api/forgot/start", json!({ "username": "demo" })).await;
    for r in [&real, &decoy, &no_question] {
        assert_eq!(r.status, 200);
        let mut keys: Vec<_> = r.json.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        assert_eq!(keys, ["message", "question"]);
        assert_eq!(r.json["message"], real.json["message"]);
        let mut headers: Vec<_> = r.headers.keys().map(|k| k.as_str().to_owned()).filter(|k| k != "set-cookie").collect();
        headers.sort();
        let mut real_headers: Vec<_> = real.headers.keys().map(|k| k.as_str().to_owned()).filter(|k| k != "set-cookie").collect();
        real_headers.sort();
        assert_eq!(headers, real_headers);
    }
    assert_eq!(decoy.json["question"], again.json["question"]);
    assert!(decoy.json["question"].as_str().unwrap().ends_with('?'));
    // Decoy answers fail like wrong ones, and count toward the same lockout.
    let wrong = f.post("/api/forgot/answer", json!({ "username": "fay", "answer": "elm street" })).await;
    let fake = f.post("/api/forgot/answer", json!({ "username": "nobody-at-all", "answer": "elm street" })).await;
    assert_eq!((wrong.status, &wrong.json), (fake.status, &fake.json));
    assert_eq!(wrong.status, 401);
}

#[tokio::test]
async fn wrong_recovery_answers_lock_the_account() {
    let h = Harness::with(|s| s.lockout_attempts = 3);
    let mut c = h.onboarded("gus").await;
    c.post("/api/recovery", json!({ "question": "Which street had the green mailbox?", "answer": "hope street" })).await;
    let mut f = h.client();
    for _ in 0..2 {
        assert_eq!(f.post("/api/forgot/answer", json!({ "username": "gus", "answer": "elm street" })).await.status, 401);
    }
    let r = f.post("/api/forgot/answer", json!({ "username": "gus", "answer": "elm street" })).await;
    assert_eq!(r.status, 423);
    assert_eq!(r.retry_after(), 900);
    assert_eq!(f.post("/api/forgot/answer", json!({ "username": "gus", "answer": "hope street" })).await.status, 423);
    assert_eq!(f.sign_in("gus", NEW_PASSWORD).await.status, 423, "the same lock as for passwords");
}

#[tokio::test]
async fn totp_is_paired_only_after_a_right_code() {
    let h = Harness::new();
    let mut c = h.onboarded("hal").await;
    let start = c.post("/api/totp/start", json!({})).await;
    assert_eq!(start.status, 200);
    let uri = start.json["totpUri"].as_str().unwrap();
    let parsed = totp::OtpAuth::parse(uri).unwrap();
    assert_eq!(parsed.secret, start.json["totpSecret"].as_str().unwrap());
    assert_eq!((parsed.issuer.as_str(), parsed.account.as_str()), ("Demo HMIS", "hal"));
    let secret = secret_of(&start);
    assert_eq!(secret.len(), 20);
    // Not active yet: signing in needs no code.
    assert_eq!(h.client().sign_in("hal", NEW_PASSWORD).await.status, 200);
    assert_eq!(c.get("/api/session").await.json["totpEnabled"], false);
    let wrong = c.post("/api/totp/verify", json!({ "code": "000000" })).await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.json["errors"]["code"].is_string());
    assert_eq!(c.post("/api/totp/verify", json!({ "code": "12ab" })).await.status, 422);
    let r = c.post("/api/totp/verify", json!({ "code": code_at(&secret, h.clock.now()) })).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(c.get("/api/session").await.json["totpEnabled"], true);
    // Now sign-in needs a code.
    let mut s = h.client();
    let r = s.sign_in("hal", NEW_PASSWORD).await;
    assert_eq!((r.status, r.json["totpRequired"].as_bool()), (401, Some(true)));
    h.clock.advance(30);
    let r = s.post("/api/sign-in", json!({ "username": "hal", "password": NEW_PASSWORD, "code": code_at(&secret, h.clock.now()) })).await;
    assert_eq!(r.status, 200, "{}", r.text);
    // Disable.
    assert_eq!(c.post("/api/totp/disable", json!({})).await.status, 200);
    assert_eq!(h.client().sign_in("hal", NEW_PASSWORD).await.status, 200);
}

#[tokio::test]
async fn totp_uri_keeps_an_issuer_with_a_colon_exact_and_out_of_the_label() {
    // Apps split the label at its first colon: "HMIS/Test: North:a:b" named the account
    // " North:a:b". The configured issuer goes in issuer= only; the username's colon a space.
    let h = Harness::with(|s| s.issuer = "HMIS/Test: North".to_owned());
    let mut c = h.onboarded("a:b").await;
    let start = c.post("/api/totp/start", json!({})).await;
    assert_eq!(start.status, 200, "{}", start.text);
    let secret = start.json["totpSecret"].as_str().unwrap();
    assert_eq!(
        start.json["totpUri"].as_str().unwrap(),
        format!("otpauth://totp/a%20b?secret={secret}&issuer=HMIS%2FTest%3A%20North&algorithm=SHA1&digits=6&period=30")
    );
}

#[tokio::test]
async fn totp_accepts_one_step_either_side_and_each_code_once() {
    let h = Harness::new();
    let mut c = h.onboarded("ivy").await;
    let secret = secret_of(&c.post("/api/totp/start", json!({})).await);
    let now = h.clock.now();
    let verify = |code: String| json!({ "code": code });
    assert_eq!(c.post("/api/totp/verify", verify(code_at(&secret, now - 30))).await.status, 200, "one step behind");
    assert_eq!(c.post("/api/totp/verify", verify(code_at(&secret, now - 30))).await.status, 422, "replayed");
    assert_eq!(c.post("/api/totp/verify", verify(code_at(&secret, now))).await.status, 200, "current step");
    assert_eq!(c.post("/api/totp/verify", verify(code_at(&secret, now))).await.status, 422, "replayed");
    assert_eq!(c.post("/api/totp/verify", verify(code_at(&secret, now + 60))).await.status, 422, "two steps ahead");
    assert_eq!(c.post("/api/totp/verify", verify(code_at(&secret, now + 30))).await.status, 200, "one step ahead");
    h.clock.advance(90);
    let later = h.clock.now();
    assert_eq!(c.post("/api/totp/verify", verify(code_at(&secret, later - 60))).await.status, 422, "two steps behind");
    assert_eq!(c.post("/api/totp/verify", verify(code_at(&secret, later + 30))).await.status, 200);
    // A code for a step before the last accepted one is refused even if never used.
    assert_eq!(c.post("/api/totp/verify", verify(code_at(&secret, later))).await.status, 422);
}

#[tokio::test]
async fn totp_codes_follow_the_rfc_6238_vectors() {
    // RFC 6238 appendix B, SHA1 key "12345678901234567890", last 6 of the 8 digits.
    let h = Harness::new();
    h.clock.set(59);
    let mut c = h.onboarded("rfc").await;
    let key = totp::base32_encode(b"12345678901234567890");
    // No startTotp: the widget made the secret itself and sends it with the code.
    let r = c.post("/api/totp/verify", json!({ "code": "287082", "secret": key })).await;
    assert_eq!(r.status, 200, "{}", r.text);
    h.clock.set(1_111_111_109);
    let mut s = h.client();
    let r = s.post("/api/sign-in", json!({ "username": "rfc", "password": NEW_PASSWORD, "code": "081804" })).await;
    assert_eq!(r.status, 200, "{}", r.text);
    h.clock.set(1_111_111_111);
    assert_eq!(s.post("/api/totp/verify", json!({ "code": "050471" })).await.status, 200);
    h.clock.set(1_234_567_890);
    assert_eq!(s.post("/api/totp/verify", json!({ "code": "005924" })).await.status, 401, "that session has long ended");
}

#[tokio::test]
async fn a_pending_secret_wins_over_one_the_widget_sends() {
    let h = Harness::new();
    let mut c = h.onboarded("jo").await;
    let pending = secret_of(&c.post("/api/totp/start", json!({})).await);
    let other = totp::base32_encode(b"12345678901234567890");
    let r = c.post("/api/totp/verify", json!({ "code": code_at(b"12345678901234567890", h.clock.now()), "secret": other })).await;
    assert_eq!(r.status, 422);
    let r = c.post("/api/totp/verify", json!({ "code": code_at(&pending, h.clock.now()), "secret": other })).await;
    assert_eq!(r.status, 200);
    let r = c.post("/api/totp/verify", json!({ "code": "123456", "secret": "not base32!" })).await;
    assert_eq!(r.status, 422);
}

#[tokio::test]
async fn wrong_sign_in_codes_count_toward_lockout() {
    let h = Harness::with(|s| s.lockout_attempts = 2);
    let mut c = h.onboarded("kit").await;
    let secret = secret_of(&c.post("/api/totp/start", json!({})).await);
    c.post("/api/totp/verify", json!({ "code": code_at(&secret, h.clock.now()) })).await;
    let mut s = h.client();
    let attempt = json!({ "username": "kit", "password": NEW_PASSWORD, "code": "000000" });
    assert_eq!(s.post("/api/sign-in", attempt.clone()).await.status, 401);
    assert_eq!(s.post("/api/sign-in", attempt).await.status, 423);
}

#[tokio::test]
async fn session_endpoint_and_sign_out() {
    let h = Harness::new();
    let mut c = h.client();
    assert_eq!(c.get("/api/session").await.json, json!({ "signedIn": false }));
    c.sign_in("demo", DEMO_PASSWORD).await;
    let r = c.get("/api/session").await;
    assert_eq!(r.json["username"], "demo");
    assert_eq!(r.json["mustChangePassword"], true);
    assert_eq!(r.json["termsAccepted"], false);
    assert_eq!(r.json["totpEnabled"], false);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let out = c.post("/api/sign-out", json!({})).await;
    assert_eq!(out.status, 200);
    assert!(c.cookie("hmis_session").is_none());
    assert_eq!(c.get("/api/session").await.json["signedIn"], false);
}

#[tokio::test]
async fn sessions_end_when_idle() {
    let h = Harness::with(|s| s.session_idle_seconds = 100);
    let mut c = h.client();
    c.sign_in("demo", DEMO_PASSWORD).await;
    h.clock.advance(90);
    assert_eq!(c.get("/api/session").await.json["signedIn"], true);
    h.clock.advance(90);
    assert_eq!(c.get("/api/session").await.json["signedIn"], true, "touched 90 s ago");
    h.clock.advance(101);
    assert_eq!(c.get("/api/session").await.json["signedIn"], false);
}

#[tokio::test]
async fn malformed_requests_are_refused_plainly() {
    let h = Harness::new();
    let mut c = h.client();
    let csrf = c.csrf().await;
    let bad = axum::http::Request::post("/api/sign-in")
        .header("content-type", "application/json")
        .header("x-csrf-token", &csrf)
        .body(axum::body::Body::from("{not json"))
        .unwrap();
    let r = c.send(bad).await;
    assert_eq!(r.status, 400);
    assert!(r.json["message"].is_string());
    assert_eq!(c.get("/api/nothing-here").await.status, 404);
    assert_eq!(c.get("/api/sign-in").await.status, 405);
    // Form encoding is accepted on the API too.
    let r = c.post_form("/api/sign-in", &[("username", "demo"), ("password", DEMO_PASSWORD), ("csrfToken", &csrf)], &[]).await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn logs_and_responses_never_contain_secrets() {
    let h = Harness::new();
    let mut c = h.client();
    let mut bodies = String::new();
    let mut keep = |r: Resp| {
        bodies.push_str(&r.text);
        r
    };
    keep(c.sign_in("demo", "Wrong-Guess-77!").await);
    keep(c.sign_in("demo", DEMO_PASSWORD).await);
    keep(c.post("/api/terms", json!({ "termsVersion": TERMS })).await);
    keep(c.post("/api/password", json!({ "currentPassword": DEMO_PASSWORD, "newPassword": "Weak" })).await);
    keep(c.post("/api/password", json!({ "currentPassword": DEMO_PASSWORD, "newPassword": NEW_PASSWORD })).await);
    keep(c.post("/api/recovery", json!({ "question": "Which street had the green mailbox?", "answer": "Secret Answer Lane" })).await);
    let start = keep(c.post("/api/totp/start", json!({})).await);
    let secret = secret_of(&start);
    let code = code_at(&secret, h.clock.now());
    keep(c.post("/api/totp/verify", json!({ "code": code })).await);
    let answer = keep(c.post("/api/forgot/answer", json!({ "username": "demo", "answer": "secret answer lane" })).await);
    let reset = answer.json["resetToken"].as_str().unwrap().to_owned();
    let log = h.log_text();
    assert!(log.contains("POST /api/sign-in 401") && log.contains("POST /api/password 200"), "{log}");
    let session = c.cookie("hmis_session").unwrap();
    let csrf = c.cookie("hmis_csrf").unwrap();
    for secret_text in [DEMO_PASSWORD, NEW_PASSWORD, "Wrong-Guess-77!", "Secret Answer Lane", "secret answer lane", &code, &reset, &session, &csrf, start.json["totpSecret"].as_str().unwrap()] {
        assert!(!log.contains(secret_text), "the log holds {secret_text}");
    }
    for secret_text in [DEMO_PASSWORD, NEW_PASSWORD, "Wrong-Guess-77!", "Secret Answer Lane", "secret answer lane"] {
        assert!(!bodies.contains(secret_text), "a response body holds {secret_text}");
    }
    for line in h.logs.lock().unwrap().iter() {
        let parts: Vec<_> = line.split(' ').collect();
        assert_eq!(parts.len(), 4, "method path status duration: {line}");
    }
}

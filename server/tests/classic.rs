//! The classic variant (`/classic`): form posts with other names, CSRF in a hidden input,
//! `Status` strings and `ModelState` errors, over the same accounts as the JSON API.

mod common;

use common::*;
use serde_json::json;

const TOKEN: &str = "__RequestVerificationToken";

async fn token(c: &mut Client) -> String {
    c.csrf().await;
    c.get("/classic/antiforgery-token").await.json[TOKEN].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn login_answers_password_expired_with_the_terms() {
    let h = Harness::new();
    let mut c = h.client();
    let t = token(&mut c).await;
    let r = c.post_form("/classic/Account/Login", &[("UserName", "demo"), ("Password", DEMO_PASSWORD), (TOKEN, &t)], &[]).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["Status"], "PasswordExpired");
    assert_eq!(r.json["Result"]["TermsVersion"], TERMS);
    assert!(r.json["Result"]["TermsText"].is_string());
    assert_eq!(r.json["Result"]["HasSecurityQuestion"], false, "no recovery question yet: the set-up is owed");
    assert!(r.json.get("mustChangePassword").is_none() && r.json.get("message").is_none());
    assert!(c.cookie("hmis_session").is_some());
}

#[tokio::test]
async fn errors_use_classic_names() {
    let h = Harness::new();
    let mut c = h.client();
    let t = token(&mut c).await;
    let r = c.post_form("/classic/Account/Login", &[("UserName", "demo"), ("Password", "nope"), (TOKEN, &t)], &[]).await;
    assert_eq!((r.status, r.json["Status"].as_str()), (401, Some("InvalidCredentials")));
    c.post_form("/classic/Account/Login", &[("UserName", "demo"), ("Password", DEMO_PASSWORD), (TOKEN, &t)], &[]).await;
    let r = c.post_form("/classic/Account/ChangePassword", &[("OldPassword", DEMO_PASSWORD), ("NewPassword", "x"), (TOKEN, &t)], &[]).await;
    assert_eq!((r.status, r.json["Status"].as_str()), (403, Some("TermsRequired")));
    c.post_form("/classic/Account/AcceptTerms", &[("TermsVersion", TERMS), (TOKEN, &t)], &[]).await;
    let r = c
        .post_form("/classic/Account/ChangePassword", &[("OldPassword", DEMO_PASSWORD), ("NewPassword", "x"), ("ConfirmPassword", "x"), (TOKEN, &t)], &[])
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.json["Status"], "ValidationFailed");
    assert!(r.json["ModelState"]["NewPassword"][0].as_str().unwrap().contains("capital letter"));
    let r = c
        .post_form(
            "/classic/Account/ChangePassword",
            &[("OldPassword", DEMO_PASSWORD), ("NewPassword", NEW_PASSWORD), ("ConfirmPassword", "Harbor-Lamp-73"), (TOKEN, &t)],
            &[],
        )
        .await;
    assert!(r.json["ModelState"]["ConfirmPassword"].is_array(), "{}", r.text);
}

#[tokio::test]
async fn the_hidden_input_token_is_required() {
    let h = Harness::new();
    let mut c = h.client();
    let t = token(&mut c).await;
    let r = c.post_form("/classic/Account/Login", &[("UserName", "demo"), ("Password", DEMO_PASSWORD)], &[]).await;
    assert_eq!((r.status, r.json["Status"].as_str()), (403, Some("Csrf")));
    let r = c.post_form("/classic/Account/Login", &[("UserName", "demo"), ("Password", DEMO_PASSWORD), (TOKEN, "forged")], &[]).await;
    assert_eq!(r.status, 403);
    let mut other = h.client();
    other.csrf().await;
    let r = other.post_form("/classic/Account/Login", &[("UserName", "demo"), ("Password", DEMO_PASSWORD), (TOKEN, &t)], &[]).await;
    assert_eq!(r.status, 403, "another browser's token");
    // The API header is accepted too, for scripts on classic pages.
    let r = c.post_form("/classic/Account/Login", &[("UserName", "demo"), ("Password", DEMO_PASSWORD)], &[("x-csrf-token", &t)]).await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn classic_and_api_share_accounts_and_sessions() {
    let h = Harness::new();
    let mut c = h.client();
    let t = token(&mut c).await;
    c.post_form("/classic/Account/Login", &[("UserName", "demo"), ("Password", DEMO_PASSWORD), (TOKEN, &t)], &[]).await;
    c.post_form("/classic/Account/AcceptTerms", &[("TermsVersion", TERMS), (TOKEN, &t)], &[]).await;
    let r = c.post_form("/classic/Account/ChangePassword", &[("OldPassword", DEMO_PASSWORD), ("NewPassword", NEW_PASSWORD), (TOKEN, &t)], &[]).await;
    assert_eq!((r.status, r.json["Status"].as_str()), (200, Some("Success")));
    // The session made by the classic login works on the API.
    let r = c.post("/api/recovery", json!({ "question": "Which street had the green mailbox?", "answer": "hope street" })).await;
    assert_eq!(r.status, 200);
    let mut api = h.client();
    assert_eq!(api.sign_in("demo", NEW_PASSWORD).await.status, 200);
    let r = c.post_form("/classic/Account/ForgotPassword", &[("UserName", "demo"), (TOKEN, &t)], &[]).await;
    assert_eq!(r.json["Result"]["SecurityQuestion"], "Which street had the green mailbox?");
    let r = c.post_form("/classic/Account/Logout", &[(TOKEN, &t)], &[]).await;
    assert_eq!(r.status, 200);
    assert!(c.cookie("hmis_session").is_none());
}

#[tokio::test]
async fn locks_and_limits_have_classic_statuses() {
    let h = Harness::with(|s| s.lockout_attempts = 1);
    let mut c = h.client();
    let t = token(&mut c).await;
    let r = c.post_form("/classic/Account/Login", &[("UserName", "demo"), ("Password", "nope"), (TOKEN, &t)], &[]).await;
    assert_eq!((r.status, r.json["Status"].as_str()), (423, Some("LockedOut")));
    assert_eq!(r.retry_after(), 900);
}

#[tokio::test]
async fn classic_pages_get_the_token_rendered_in() {
    let www = temp_dir("classic-www");
    std::fs::create_dir_all(www.join("classic")).unwrap();
    std::fs::write(
        www.join("classic/login.html"),
        "<form><input type=\"hidden\" name=\"__RequestVerificationToken\" value=\"{{csrf}}\"></form>",
    )
    .unwrap();
    std::fs::write(www.join("classic/site.css"), "body { color: {{csrf}}; }").unwrap();
    let h = Harness::with(|s| s.www = www.clone());
    let mut c = h.client();
    let r = c.get("/classic/login.html").await;
    assert_eq!(r.status, 200);
    let cookie = c.cookie("hmis_csrf").unwrap();
    assert!(r.text.contains(&format!("value=\"{cookie}\"")), "{}", r.text);
    assert!(r.header("content-security-policy").unwrap().contains("report-uri /csp-report"));
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    // The same token on the next load (the cookie is kept), and it signs a real post.
    assert!(c.get("/classic/login.html").await.text.contains(&cookie));
    let r = c.post_form("/classic/Account/Login", &[("UserName", "demo"), ("Password", DEMO_PASSWORD), (TOKEN, &cookie)], &[]).await;
    assert_eq!(r.status, 200);
    // Only .html pages are templates; other files are served as they are.
    assert!(c.get("/classic/site.css").await.text.contains("{{csrf}}"));
    assert_eq!(c.get("/classic/missing.html").await.status, 404);
    assert_eq!(c.get("/classic/../classic/login.html").await.status, 404);
    std::fs::remove_dir_all(www).ok();
}

#[tokio::test]
async fn confirm_password_says_where_the_person_stands() {
    let h = Harness::new();
    let mut c = h.onboarded("ben").await;
    let t = token(&mut c).await;
    let r = c.post_form("/classic/Account/SecurityQuestion", &[("SecurityQuestion", "Which teacher wrote the funny note?"), ("SecurityAnswer", "mr okafor"), (TOKEN, &t)], &[]).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["Result"]["SecurityQuestion"], "Which teacher wrote the funny note?");
    let r = c.post_form("/classic/Account/ConfirmPassword", &[("Password", NEW_PASSWORD), (TOKEN, &t)], &[]).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json["Result"]["TwoFactorEnabled"], false);
    assert_eq!(r.json["Result"]["HasSecurityQuestion"], true);
    assert_eq!(r.json["Result"]["SecurityQuestion"], "Which teacher wrote the funny note?");
}

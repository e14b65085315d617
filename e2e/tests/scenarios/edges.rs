//! The journeys at their edges: what a returning person meets when time has passed (a session
//! that ended, a re-entry window that lapsed, a reset token that expired), a backend or a proxy
//! answering what the widget must not trust (a `200` page of HTML, a `javascript:` URI, a
//! number where a question belongs, a maintenance `503`), and declining the terms for real.
//!
//! Time passes in the server's own database (`support::journey::let_time_pass`): the times it
//! recorded move into the past, as its clock would see them later. Each scenario checks what
//! the person is told, where they are led, what the server ended up with, and that nothing
//! typed is lost on the way.

use super::journeys::{
    account_with_recovery_question, browser_label, complete_first_login, file_server, fill_sign_in, first_login_secrets, pair_authenticator,
    sign_in_wrongly, summary, FileServer, ANSWER, FIRST_LOGIN_CHANGES,
    open_security_settings, recovery_typed, NEW_PASSWORD, QUESTION,
};
use super::Outcome;
use crate::support::journey::{
    button, ensure_changes, field, let_time_pass, menu_item, stored_user, Lapse, STEP,
};
use crate::support::leaks::{ensure_console_warning, Secret};
use crate::support::page::Page;
use crate::support::proxy::{Fault, Rule};
use crate::support::server::{DEMO_USER, TEMPORARY_PASSWORD};
use crate::support::wait::wait_for;
use crate::support::{ensure, ensure_eq};
use hmis_onboard::messages::{Catalog, Msg};
use serde_json::json;
use std::collections::BTreeMap;

fn catalog(msg: Msg) -> String {
    Catalog::new(BTreeMap::new()).text(msg, &[])
}

/// The text of the first element matching `selector`, or "" when there is none.
async fn text_of(page: &Page, selector: &str) -> Result<String, String> {
    page.script(
        r#"const e = document.querySelector(arguments[0]); return e ? e.textContent : "";"#,
        vec![json!(selector)],
    )
    .await
}

/// Whether the page's session is signed in, as the server says (`GET /api/session`).
async fn signed_in(page: &Page) -> Result<bool, String> {
    let info = page.fetch_json("/api/session").await?;
    info["signedIn"].as_bool().ok_or_else(|| format!("GET /api/session answered {info}"))
}

/// A first login signed in with the temporary password, on the terms step.
async fn on_the_terms(fs: &FileServer) -> Outcome {
    fs.page.open("/first-login.html").await?;
    fill_sign_in(&fs.page).await?;
    fs.page.submit_step().await?;
    fs.page.wait_for_step("terms").await.map(|_| ())
}

pub async fn a_backend_uri_that_is_not_otpauth_is_never_opened(page: Page) -> Outcome {
    let label = format!("hostile_totp_uri_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let page = fs.page.clone();
    recovery_typed(&page).await?;
    // The backend (or whatever answers in its place) sends a script where the URI belongs.
    let hostile = r#"{"message": "Scan the code", "totpUri": "javascript:window.hmisOpened=1//otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"}"#;
    let fault = Fault::Replace { status: 200, content_type: "application/json", body: hostile.to_owned() };
    fs.proxy.add(Rule::once("POST", "/api/totp/start", fault));
    page.submit_step().await?;
    let state = page.wait_for_error("twoStep", "unexpected").await?;
    ensure_eq!(state.message, catalog(Msg::ErrorUnexpected), "the message after a hostile totpUri");
    ensure_eq!(page.count(&button("open-app")).await?, 0, "an 'open in app' button for a hostile URI");
    ensure_eq!(page.count(r#"svg[data-hmis-part="totp-qr"]"#).await?, 0, "a QR code of a hostile URI");
    ensure_console_warning(&page, "startTotp", &["totpUri", "not an otpauth://totp/ URI"]).await?;
    let opened: serde_json::Value = page.script("return window.hmisOpened === undefined ? null : window.hmisOpened;", vec![]).await?;
    ensure_eq!(opened, serde_json::Value::Null, "the hostile URI ran in the page");

    // Asking again reaches the real backend, whose URI is fine: the journey goes on.
    page.submit_step().await?;
    let key = pair_authenticator(&page).await?;
    page.wait_for_step("done").await?;
    // Asked again with the same idempotency key: the server answered from its record.
    ensure_changes(&fs.db, &FIRST_LOGIN_CHANGES)?;
    fs.sweep(&first_login_secrets(Some(&key)), &[]).await
}

pub async fn a_page_of_html_answering_the_sign_in_skips_no_step(page: Page) -> Outcome {
    let label = format!("html_200_sign_in_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let page = fs.page.clone();
    page.open("/first-login.html").await?;
    fill_sign_in(&page).await?;
    // What a single sign-on proxy or a maintenance page answers: 200, and a page of HTML.
    let sso = "<!doctype html><html><head><title>Sign in - Single Sign-On</title></head><body><form action=/sso></form></body></html>";
    let fault = Fault::Replace { status: 200, content_type: "text/html; charset=utf-8", body: sso.to_owned() };
    fs.proxy.add(Rule::once("POST", "/api/sign-in", fault));
    page.submit_step().await?;
    let state = page.wait_for_error("signIn", "unexpected").await?;
    ensure_eq!(state.message, catalog(Msg::ErrorUnexpected), "the message after an HTML 200 at sign-in");
    ensure_eq!(state.value("username"), DEMO_USER, "the username after an HTML 200");
    ensure_eq!(state.value("password"), TEMPORARY_PASSWORD, "the password after an HTML 200");
    ensure_console_warning(&page, "signIn", &["expected a JSON object", "bytes"]).await?;
    ensure_eq!(text_of(&page, r#"[data-hmis-part="summary-item"]"#).await?, "", "a done summary after an HTML 200");

    // The backend's own answer: the terms and the password change are still ahead.
    page.submit_step().await?;
    page.wait_for_step("terms").await?;
    let user = stored_user(&fs.db, DEMO_USER)?;
    ensure!(user.must_change_password && user.terms_version.is_none(), "the account changed: {user:?}");
    fs.sweep(&[Secret::sent("the temporary password", TEMPORARY_PASSWORD)], &[]).await
}

pub async fn declining_the_terms_signs_out_at_the_backend(page: Page) -> Outcome {
    let label = format!("decline_terms_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let page = fs.page.clone();
    on_the_terms(&fs).await?;
    ensure!(signed_in(&page).await?, "not signed in on the terms step");

    // The sign-out's answer is lost: the person is told they may still be signed in.
    fs.proxy.add(Rule::once("POST", "/api/sign-out", Fault::Reset));
    page.click(&button("decline")).await?;
    let state = page.wait_for_error("terms", "signOutFailed").await?;
    ensure_eq!(state.message, catalog(Msg::ErrorSignOutFailed), "the message when signing out failed");

    page.click(&button("decline")).await?;
    page.wait_for_step("signedOut").await?;
    ensure_eq!(text_of(&page, r#"[data-hmis-part="ended"]"#).await?, catalog(Msg::SignedOutText), "the signed-out text");
    ensure!(!signed_in(&page).await?, "GET /api/session still says signed in after the terms were declined");
    ensure_eq!(fs.proxy.requests("POST", "/api/sign-out").len(), 2, "sign-out requests (the lost one and the confirmed one)");
    ensure_changes(&fs.db, &["session"])?;
    fs.sweep(&[Secret::sent("the temporary password", TEMPORARY_PASSWORD)], &[]).await
}

pub async fn an_ended_session_signs_in_again_and_resumes_with_what_was_typed(page: Page) -> Outcome {
    let label = format!("session_ended_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let page = fs.page.clone();
    recovery_typed(&page).await?;

    // The person left the page open over lunch.
    let_time_pass(&fs.db, Lapse::Session)?;
    page.submit_step().await?;
    let state = page.wait_for_error("signIn", "sessionEnded").await?;
    ensure!(
        state.message.contains("session has ended"),
        "the sign-in step should say the session ended (the server's own sentence), not that a password is wrong: {:?}",
        state.message
    );
    ensure!(state.message != catalog(Msg::ErrorWrongCredentials), "an ended session shown as a wrong password");
    ensure_eq!(state.value("username"), DEMO_USER, "the username kept for signing in again");
    ensure_eq!(state.value("password"), "", "a password kept across the ended session");

    page.fill("password", NEW_PASSWORD).await?;
    page.submit_step().await?;
    let state = page.wait_for_step("recovery").await?;
    for (name, value) in [("question", QUESTION), ("answer", ANSWER), ("confirmAnswer", ANSWER)] {
        ensure_eq!(state.value(name), value, format!("the {name} typed before the session ended"));
    }
    ensure_eq!(text_of(&page, &format!(r#"{STEP} [data-hmis-part="step-progress"]"#)).await?, "Step 6 of 8", "the resumed step's number");
    page.submit_step().await?;
    page.wait_for_step("twoStep").await?;
    let key = pair_authenticator(&page).await?;
    page.wait_for_step("done").await?;
    let user = stored_user(&fs.db, DEMO_USER)?;
    ensure_eq!(user.recovery_question.as_deref(), Some(QUESTION), "the recovery question saved after signing in again");
    ensure_changes(&fs.db, &["session", "terms", "password", "session", "recovery", "twoStepStarted", "twoStepOn"])?;
    fs.sweep(&first_login_secrets(Some(&key)), &[]).await
}

pub async fn a_lapsed_re_entry_window_asks_for_the_password_then_saves_the_change(page: Page) -> Outcome {
    let label = format!("re_entry_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let page = fs.page.clone();
    let (_, key) = complete_first_login(&page).await?;
    open_security_settings(&page).await?;
    page.click(&menu_item("recovery")).await?;
    page.wait_for_step("recovery").await?;
    let (question, answer) = ("Which bakery did my aunt run in Duluth?", "Crumb and Crust");
    page.fill("question", question).await?;
    page.fill("answer", answer).await?;
    page.fill("confirmAnswer", answer).await?;

    // A phone call later, the 15 minutes after re-entering the password have passed.
    let_time_pass(&fs.db, Lapse::ReEntry)?;
    page.submit_step().await?;
    let state = page.wait_for_error("reauthenticate", "reauthenticationRequired").await?;
    ensure!(state.message.ends_with(&catalog(Msg::ErrorReauthenticate)), "the message asking for the password again: {:?}", state.message);
    ensure!(!state.message.contains(&catalog(Msg::ErrorUnexpected)), "a retry offered for what retrying cannot fix: {:?}", state.message);
    ensure_eq!(stored_user(&fs.db, DEMO_USER)?.recovery_question.as_deref(), Some(QUESTION), "the question saved before the password was entered again");
    page.fill("password", NEW_PASSWORD).await?;
    page.submit_step().await?;
    page.wait_for_step("menu").await?;
    ensure_eq!(text_of(&page, r#"[data-hmis-part="notice"]"#).await?, catalog(Msg::NoticeRecoverySaved), "the menu's notice");
    ensure_eq!(stored_user(&fs.db, DEMO_USER)?.recovery_question.as_deref(), Some(question), "the question saved after the password was entered again");

    let mut expected = FIRST_LOGIN_CHANGES.to_vec();
    // Re-entry, re-entry again, the recovery question.
    expected.extend(["session", "session", "recovery"]);
    ensure_changes(&fs.db, &expected)?;
    let mut secrets = first_login_secrets(Some(&key));
    secrets.push(Secret::sent("the new recovery answer", answer));
    fs.sweep(&secrets, &[]).await
}

pub async fn security_settings_knows_whose_password_it_checks(page: Page) -> Outcome {
    let label = format!("settings_username_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let page = fs.page.clone();
    let (_, key) = complete_first_login(&page).await?;
    open_security_settings(&page).await?;
    page.click(&menu_item("changePassword")).await?;
    page.wait_for_step("changePassword").await?;
    let with_username = format!("{DEMO_USER}-Xq7!");
    page.fill("newPassword", &with_username).await?;
    wait_for(&format!("'does not contain your username' shown unmet for {with_username:?}"), || async {
        let state = page.checklist_of(STEP).await?;
        let rule = state.rule("notUsername")?;
        match (rule.met.as_deref(), state.rule("symbol")?.met.as_deref()) {
            (Some("false"), Some("true")) => Ok(()),
            other => Err(format!("notUsername and symbol met: {other:?}")),
        }
    })
    .await?;
    // The server refuses it too.
    let (status, body) = page
        .post_api("/api/password", json!({ "currentPassword": NEW_PASSWORD, "newPassword": with_username }))
        .await?;
    ensure_eq!(status, 422, format!("the server's answer to a password containing the username: {body}"));
    fs.sweep(&first_login_secrets(Some(&key)), &[]).await
}

pub async fn an_expired_reset_starts_again_and_the_end_says_to_sign_in(page: Page) -> Outcome {
    let label = format!("reset_expired_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let page = fs.page.clone();
    account_with_recovery_question(&page).await?;
    let reset = "Amber-Kettle-61";
    // From the username step with the username typed.
    let answer_and_reset = || async {
        page.submit_step().await?;
        page.wait_for_step("forgotAnswer").await?;
        page.fill("answer", ANSWER).await?;
        page.submit_step().await?;
        page.wait_for_step("forgotReset").await?;
        page.fill("newPassword", reset).await?;
        page.fill("confirmPassword", reset).await?;
        page.wait_for_step_password_ready().await
    };
    page.open("/forgot-password.html").await?;
    page.wait_for_step("forgotUsername").await?;
    page.fill("username", DEMO_USER).await?;
    answer_and_reset().await?;
    // The reset page was left open too long.
    let_time_pass(&fs.db, Lapse::ResetToken)?;
    page.submit_step().await?;
    let state = page.wait_for_error("forgotUsername", "resetExpired").await?;
    ensure!(state.message.contains("expired"), "the message after an expired reset: {:?}", state.message);
    ensure!(state.message != catalog(Msg::ErrorWrongCredentials), "an expired reset shown as a wrong password");
    ensure_eq!(state.value("username"), DEMO_USER, "the username kept for starting again");
    answer_and_reset().await?;
    page.submit_step().await?;
    page.wait_for_step("done").await?;
    ensure_eq!(text_of(&page, r#"[data-hmis-part="step-heading"]"#).await?, catalog(Msg::StepPasswordReset), "the heading after a reset");
    ensure_eq!(text_of(&page, r#"[data-hmis-part="reset-done"]"#).await?, catalog(Msg::ResetDoneText), "what the end says to do");
    ensure_eq!(page.count(r#"[data-hmis-part="continue"]"#).await?, 0, "a 'Continue to HMIS' link after a reset that signed nobody in");
    let href: String = page.script(r#"return document.querySelector('[data-hmis-part="sign-in"]').getAttribute("href");"#, vec![]).await?;
    ensure_eq!(href, "first-login.html", "the sign-in link after a reset");
    ensure!(!signed_in(&page).await?, "signed in after a password reset");

    let (status, body) = page.post_api("/api/sign-in", json!({ "username": DEMO_USER, "password": reset })).await?;
    ensure_eq!(status, 200, format!("signing in with the password chosen at the reset: {body}"));
    ensure_changes(&fs.db, &["session", "terms", "password", "recovery", "resetToken", "resetToken", "password", "session"])?;
    let mut secrets = first_login_secrets(None);
    secrets.push(Secret::sent("the password chosen at the reset", reset));
    fs.sweep(&secrets, &[]).await
}

pub async fn a_returning_sign_in_counts_only_its_own_steps(page: Page) -> Outcome {
    let label = format!("returning_sign_in_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let page = fs.page.clone();
    let (_, key) = complete_first_login(&page).await?;
    let (status, _) = page.post_api("/api/sign-out", json!({})).await?;
    ensure_eq!(status, 200, "signing out after the first login");

    page.open("/first-login.html").await?;
    page.wait_for_step("signIn").await?;
    ensure_eq!(text_of(&page, r#"[data-hmis-part="step-progress"]"#).await?, "", "a step count before the sign-in said what is left");
    page.fill("username", DEMO_USER).await?;
    page.fill("password", NEW_PASSWORD).await?;
    page.submit_step().await?;
    page.wait_for_step("signIn").await?;
    ensure_eq!(page.count(&field("code")).await?, 1, "the code field at a sign-in with 2-step on");
    ensure_eq!(text_of(&page, r#"[data-hmis-part="sign-in-code"]"#).await?, catalog(Msg::SignInCode), "the sign-in code prompt");
    // The code of the next 30-second step: the pairing may have used this one, and the server
    // takes each step's code once (and one step either side of its clock).
    page.fill("code", &next_code(&key)?).await?;
    page.submit_step().await?;
    page.wait_for_step("done").await?;
    ensure_eq!(text_of(&page, r#"[data-hmis-part="step-progress"]"#).await?, "", "a step count on a returning sign-in's end");
    let live = text_of(&page, r#"[data-hmis-part="progress"]"#).await?;
    ensure!(!live.contains("Step"), "the live region counts steps on a returning sign-in: {live:?}");
    ensure_eq!(summary(&page).await?, [catalog(Msg::DoneSignedIn)], "the summary of a returning sign-in");
    fs.sweep(&first_login_secrets(Some(&key)), &[]).await
}

pub async fn wrong_types_locks_and_maintenance_lead_somewhere_sensible(page: Page) -> Outcome {
    let label = format!("untrusted_answers_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &["--lockout-attempts", "2", "--lockout-seconds", "600"]).await?;
    let page = fs.page.clone();

    // A number where the question belongs is no question.
    page.open("/forgot-password.html").await?;
    page.wait_for_step("forgotUsername").await?;
    page.fill("username", DEMO_USER).await?;
    let fault = Fault::Replace { status: 200, content_type: "application/json", body: r#"{"question": 5}"#.to_owned() };
    fs.proxy.add(Rule::once("POST", "/api/forgot/start", fault));
    page.submit_step().await?;
    let state = page.wait_for_error("forgotUsername", "unexpected").await?;
    ensure_eq!(state.value("username"), DEMO_USER, "the username after a wrongly typed answer");
    ensure_console_warning(&page, "forgotStart", &["question", "a number, expected text"]).await?;

    // Down for maintenance, back in a minute: counted down like a rate limit, the button off.
    fs.proxy.add(Rule::once("POST", "/api/forgot/start", Fault::Maintenance { seconds: 90 }));
    page.submit_step().await?;
    let state = page.wait_for_error("forgotUsername", "rateLimited").await?;
    let seconds: u64 = state.seconds.as_deref().and_then(|s| s.parse().ok()).unwrap_or(0);
    ensure!(seconds > 0 && seconds <= 90, "the countdown after a 503 with Retry-After: {state:?}");
    ensure!(state.message.starts_with("The server is busy or down for maintenance."), "the maintenance message: {:?}", state.message);
    let disabled: Option<String> = page.script(r#"return document.querySelector(arguments[0]).getAttribute("aria-disabled");"#, vec![json!(button("primary"))]).await?;
    ensure_eq!(disabled.as_deref(), Some("true"), "the primary button during a maintenance countdown");
    ensure_refused_while_waiting(&page, "forgotUsername", "rateLimited").await?;
    ensure_eq!(fs.proxy.requests("POST", "/api/forgot/start").len(), 2, "requests sent during the countdown");

    // A lock with a time: counted down, the button off.
    page.open("/first-login.html").await?;
    sign_in_wrongly(&page).await?;
    page.submit_step().await?;
    let state = page.wait_for_error("signIn", "locked").await?;
    let seconds: u64 = state.seconds.as_deref().and_then(|s| s.parse().ok()).unwrap_or(0);
    ensure!(seconds > 0, "the countdown of a lock with a time: {state:?}");
    let disabled: Option<String> = page.script(r#"return document.querySelector(arguments[0]).getAttribute("aria-disabled");"#, vec![json!(button("primary"))]).await?;
    ensure_eq!(disabled.as_deref(), Some("true"), "the primary button while the account is locked");
    ensure_refused_while_waiting(&page, "signIn", "locked").await?;
    ensure_eq!(fs.proxy.requests("POST", "/api/sign-in").len(), 2, "sign-ins sent while locked");
    fs.sweep(&[Secret::sent("the wrong password", "Not-The-Password-1")], &[]).await
}

pub async fn a_value_one_answer_saved_goes_with_later_requests(page: Page) -> Outcome {
    let label = format!("saved_values_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let page = fs.page.clone();
    // The page's configuration, as a team with a token-carrying backend would write it: the
    // sign-in answer's username saved, and sent back in a header and a field of the next request.
    let mapped = r#""baseUrl": "/api", "endpoints": {"signIn": {"capture": {"account": "username"}}, "acceptTerms": {"headers": {"X-Account": "Account {saved.account}"}, "constants": {"account": "{saved.account}"}}}"#;
    fs.proxy.add(Rule::always("GET", "/first-login.html", Fault::Rewrite { from: r#""baseUrl": "/api""#, to: mapped }));
    on_the_terms(&fs).await?;
    page.click(&field("accept")).await?;
    page.submit_step().await?;
    page.wait_for_step("changePassword").await?;
    let sent = fs.proxy.requests("POST", "/api/terms");
    let [terms] = sent.as_slice() else { return Err(format!("expected one terms request, got {}", sent.len())) };
    let header = terms.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("X-Account")).map(|(_, v)| v.as_str());
    ensure_eq!(header, Some(format!("Account {DEMO_USER}").as_str()), "the X-Account header built from the sign-in answer");
    let body: serde_json::Value = serde_json::from_str(&terms.body).map_err(|e| format!("the terms request's body: {e}"))?;
    ensure_eq!(body["account"].as_str(), Some(DEMO_USER), format!("the saved value in the terms request's body {}", terms.body));
    ensure_changes(&fs.db, &["session", "terms"])?;
    // Kept in memory only: nowhere in the page, its storage or its URL (the sweep looks).
    fs.sweep(&[Secret::sent("the temporary password", TEMPORARY_PASSWORD)], &[]).await
}

/// Submits the step during its countdown: nothing is sent (a request would mark the step busy
/// at once, within the click), and the countdown stays.
async fn ensure_refused_while_waiting(page: &Page, step: &str, error: &str) -> Outcome {
    page.submit_step().await?;
    let state = page.step_state().await?;
    ensure_eq!(state.busy.as_deref(), Some("false"), format!("the {step} step busy after a submit during its countdown"));
    ensure_eq!(state.error.as_deref(), Some(error), format!("the {step} step's error after a submit during its countdown"));
    Ok(())
}

/// The code of the 30-second step after the current one, for `key_text` as shown.
fn next_code(key_text: &str) -> Result<String, String> {
    let compact: String = key_text.chars().filter(|c| !c.is_whitespace()).collect();
    let secret = hmis_onboard::totp::base32_decode(&compact).ok_or_else(|| format!("the key {key_text:?} is not base32"))?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_err(|e| e.to_string())?.as_secs();
    Ok(hmis_onboard::totp::totp(&secret, now + 30, 30, 6))
}

pub async fn a_page_left_open_until_its_csrf_token_lapsed_is_refused_without_a_useless_retry(page: Page) -> Outcome {
    let label = format!("csrf_lapsed_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let page = fs.page.clone();
    on_the_terms(&fs).await?;
    page.click(&field("accept")).await?;
    // The token the page holds is gone (as when it lapses while the page sits open).
    page.script::<serde_json::Value>(r#"document.cookie = "hmis_csrf=; Path=/; Max-Age=0; SameSite=Strict"; return null;"#, vec![])
        .await?;
    page.submit_step().await?;
    let state = page.wait_for_error("terms", "refused").await?;
    ensure!(state.message.contains("Reload"), "the refusal should say to reload (the server's sentence): {:?}", state.message);
    ensure!(state.message != catalog(Msg::ErrorUnexpected), "a retry offered for a refusal");
    ensure_console_warning(&page, "acceptTerms", &["403", "cannot help"]).await?;
    ensure_eq!(stored_user(&fs.db, DEMO_USER)?.terms_version, None, "terms accepted without a CSRF token");

    // Reloaded, as the page says: a fresh token, a new sign-in, and the journey goes on.
    page.reload().await?;
    fill_sign_in(&page).await?;
    page.submit_step().await?;
    page.wait_for_step("terms").await?;
    page.click(&field("accept")).await?;
    page.submit_step().await?;
    page.wait_for_step("changePassword").await?;
    ensure_changes(&fs.db, &["session", "session", "terms"])?;
    fs.sweep(&[Secret::sent("the temporary password", TEMPORARY_PASSWORD)], &[]).await
}

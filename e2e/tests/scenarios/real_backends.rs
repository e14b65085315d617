//! The journeys against two auth backends this project did not write, configured by
//! `www/allauth/widget-config.json` and `www/drf/widget-config.json` alone (issue 11):
//! django-allauth's headless API (session cookie, Django CSRF, TOTP with recovery codes) and
//! dj-rest-auth with SimpleJWT and trench (bearer token, TOTP with backup codes). Each change is
//! checked in the backend's own database, codes are computed by pyotp, and the backends' own
//! validation messages must show beside the right field.

use super::Outcome;
use crate::support::django::{totp_code, DjangoBackend, Kind, TEMPORARY_PASSWORD};
use crate::support::journey::{button, field, menu_item};
use crate::support::page::Page;
use crate::support::proxy::{Fault, Proxy, Rule};
use crate::support::{ensure, ensure_eq};
use std::time::{SystemTime, UNIX_EPOCH};

const NEW_PASSWORD: &str = "Harbor-Lamp-7261";
const RESET_PASSWORD: &str = "Quiet-Heron-4852";

/// The browser on the backend's own origin (it serves the widget's pages itself).
async fn on(page: &Page, kind: Kind) -> Result<(DjangoBackend, Page), String> {
    let backend = DjangoBackend::start(kind).await?;
    let page = Page::new(page.client.clone(), &backend.url);
    Ok((backend, page))
}

/// How many times the backend answered `method path` with a 2xx, from its request log: a change
/// made once is answered once, whatever the widget retried.
fn done_times(backend: &DjangoBackend, method: &str, path: &str) -> Result<usize, String> {
    let line = format!("\"{method} {path} HTTP/1.1\" 2");
    Ok(backend.log()?.lines().filter(|l| l.contains(&line)).count())
}

/// The step's error text beside `name` (its `aria-describedby` element).
async fn field_error(page: &Page, name: &str) -> Result<String, String> {
    page.script(
        r#"const i = document.querySelector(arguments[0]); const e = i && document.getElementById(i.getAttribute("aria-describedby").split(" ")[0]); return e ? e.textContent : "";"#,
        vec![serde_json::json!(field(name))],
    )
    .await
}

/// On the change-password step: the current password, then the new one twice.
async fn change_password(page: &Page, current: &str) -> Outcome {
    page.wait_for_step("changePassword").await?;
    page.fill("currentPassword", current).await?;
    page.fill("newPassword", NEW_PASSWORD).await?;
    page.fill("confirmPassword", NEW_PASSWORD).await?;
    page.wait_for_step_password_ready().await?;
    page.submit_step().await
}

/// On the change-password step: a wrong current password first, whose message from the backend
/// itself must stand beside that field; then the right one, checked in the backend's database,
/// and on through the information steps to 2-step (neither backend has a recovery question).
async fn change_after_a_wrong_try(page: &Page, backend: &DjangoBackend, message: &str) -> Outcome {
    change_password(page, "Not-The-Temp-1").await?;
    page.wait_for_error("changePassword", "fieldErrors").await?;
    let beside = field_error(page, "currentPassword").await?;
    ensure_eq!(beside, message, format!("{}'s message beside the current password", backend.kind.name()));
    page.erase(&field("currentPassword")).await?;
    page.fill("currentPassword", TEMPORARY_PASSWORD).await?;
    page.submit_step().await?;
    page.wait_for_step("browserSaving").await?;
    let user = backend.kind.user();
    ensure!(backend.password_is(user, NEW_PASSWORD).await?, "{} does not have the new password", backend.kind.name());
    page.submit_step().await?;
    page.wait_for_step("popups").await?;
    page.submit_step().await?;
    page.wait_for_step("twoStep").await.map(|_| ())
}

/// The key the 2-step step shows, without its spaces.
async fn shown_key(page: &Page) -> Result<String, String> {
    let (key, _) = page.totp_from_key_text().await?;
    Ok(key.split_whitespace().collect())
}

/// trench takes the current 30-s window only: a code computed in a window's last seconds may
/// arrive in the next one. Waits, when needed, for a fresh window.
async fn fresh_window() {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    if now % 30 >= 22 {
        tokio::time::sleep(std::time::Duration::from_secs(30 - now % 30 + 1)).await;
    }
}

/// The recovery codes on screen.
async fn recovery_codes(page: &Page) -> Result<Vec<String>, String> {
    page.wait_for_step("recoveryCodes").await?;
    page.script(r#"return Array.from(document.querySelectorAll('[data-hmis-part="recovery-code"]'), (li) => li.textContent);"#, vec![])
        .await
}

/// Saves the codes ("I have saved these codes") and goes on.
async fn codes_saved(page: &Page) -> Outcome {
    page.click(&field("saved")).await?;
    page.submit_step().await
}

pub async fn allauth_first_login_sign_in_with_a_code_and_security_settings(page: Page) -> Outcome {
    let (backend, page) = on(&page, Kind::Allauth).await?;
    page.open("/allauth/first-login.html").await?;
    sign_in(&page, "alice", TEMPORARY_PASSWORD).await?;

    change_after_a_wrong_try(&page, &backend, "Please type your current password.").await?;
    let key = shown_key(&page).await?;
    page.fill("code", &totp_code(&key, 0).await?).await?;
    page.submit_step().await?;
    // allauth wants the password again before 2-step goes on, even now.
    page.wait_for_error("reauthenticate", "reauthenticationRequired").await?;
    page.fill("password", NEW_PASSWORD).await?;
    page.submit_step().await?;
    let codes = recovery_codes(&page).await?;
    ensure!(backend.totp_active("alice").await?, "allauth has no TOTP authenticator for alice");
    ensure_eq!(backend.totp_secret("alice").await?, Some(key.clone()), "the secret allauth stored");
    let stored: serde_json::Value = serde_json::from_str(
        backend
            .shell(
                "import json\nfrom allauth.mfa.models import Authenticator\nfrom allauth.mfa.recovery_codes.internal.auth import RecoveryCodes\n\
                 a = Authenticator.objects.get(user__username='alice', type='recovery_codes')\n\
                 print(json.dumps({'codes': RecoveryCodes(a).get_unused_codes(), 'totp': Authenticator.objects.filter(user__username='alice', type='totp').count()}))",
            )
            .await?
            .trim(),
    )
    .map_err(|e| format!("reading allauth's recovery codes: {e}"))?;
    ensure_eq!(serde_json::json!(codes), stored["codes"], "the recovery codes shown are allauth's");
    ensure_eq!(stored["totp"], serde_json::json!(1), "TOTP authenticators: turned on once");
    codes_saved(&page).await?;
    page.wait_for_step("done").await?;
    ensure_eq!(done_times(&backend, "POST", "/_allauth/browser/v1/account/password/change")?, 1, "password changes");

    // Signed out (a new browser session), a sign-in asks for the code, which goes to its own
    // endpoint; this page then changes the password, as it does at every first login here.
    page.client.delete_all_cookies().await.map_err(|e| format!("deleting cookies: {e}"))?;
    page.open("/allauth/first-login.html").await?;
    sign_in(&page, "alice", NEW_PASSWORD).await?;
    page.wait_for_step("signIn").await?;
    ensure_eq!(page.count(&field("code")).await?, 1, "the code field after the password was accepted");
    page.fill("code", &totp_code(&key, 1).await?).await?;
    page.submit_step().await?;
    page.wait_for_step("changePassword").await?;

    // Security Settings in that session: the password again, then 2-step off.
    page.open("/allauth/security-settings.html").await?;
    page.wait_for_step("reauthenticate").await?;
    page.fill("password", NEW_PASSWORD).await?;
    page.submit_step().await?;
    menu_turns_two_step_off(&page).await?;
    ensure!(!backend.totp_active("alice").await?, "allauth still has 2-step on");
    ensure_eq!(done_times(&backend, "DELETE", "/_allauth/browser/v1/account/authenticators/totp")?, 1, "2-step turned off");
    Ok(())
}

/// Forgot password by e-mail on `kind`'s page: the link mailed, opened, the new password set;
/// then the same link again, refused as used. Returns the backend for its own checks.
async fn reset_twice_by_link(page: &Page, kind: Kind) -> Result<DjangoBackend, String> {
    let (backend, page) = on(page, kind).await?;
    page.open(&format!("/{}/forgot-password.html", kind.name())).await?;
    page.wait_for_step("forgotUsername").await?;
    page.fill("email", kind.email()).await?;
    page.submit_step().await?;
    page.wait_for_step("forgotSent").await?;
    ensure_eq!(backend.mails()?.len(), 1, "reset e-mails sent");
    let link = backend.reset_link().await?.ok_or("no reset link was mailed")?;
    let path = link.trim_start_matches(backend.url.trim_end_matches('/'));
    for (attempt, password) in [RESET_PASSWORD, NEW_PASSWORD].into_iter().enumerate() {
        page.open(path).await?;
        page.wait_for_step("forgotReset").await?;
        let search: String = page.script("return location.search;", vec![]).await?;
        ensure_eq!(search, "", "the link's values left the address bar");
        page.fill("newPassword", password).await?;
        page.fill("confirmPassword", password).await?;
        page.wait_for_step_password_ready().await?;
        page.submit_step().await?;
        match attempt {
            0 => page.wait_for_step("done").await?,
            // Used: the person is asked for a new link.
            _ => page.wait_for_error("forgotUsername", "resetExpired").await?,
        };
        ensure!(backend.password_is(kind.user(), RESET_PASSWORD).await?, "after reset {}: not the reset password", attempt + 1);
    }
    Ok(backend)
}

/// Signs in on the journey's sign-in step (the first login's, or Security Settings' for a
/// backend without sessions).
async fn sign_in(page: &Page, user: &str, password: &str) -> Outcome {
    page.wait_for_step("signIn").await?;
    page.fill("username", user).await?;
    page.fill("password", password).await?;
    page.submit_step().await
}

/// Security Settings' menu: it offers what the backend has (no recovery question here), and
/// turns 2-step off.
async fn menu_turns_two_step_off(page: &Page) -> Outcome {
    page.wait_for_step("menu").await?;
    let items: Vec<String> = page
        .script(r#"return Array.from(document.querySelectorAll('[data-hmis-part="menu-item"]'), (b) => b.getAttribute("data-item"));"#, vec![])
        .await?;
    ensure_eq!(items, ["changePassword", "setUpTwoStep", "turnOffTwoStep"], "the menu, without a recovery question");
    page.click(&menu_item("turnOffTwoStep")).await?;
    page.wait_for_step("turnOffTwoStep").await?;
    page.submit_step().await?;
    page.wait_for_step("menu").await?;
    ensure_eq!(page.count(&button("notice")).await?, 1, "the menu says 2-step is off");
    Ok(())
}

pub async fn allauth_forgot_password_by_the_e_mailed_link(page: Page) -> Outcome {
    let backend = reset_twice_by_link(&page, Kind::Allauth).await?;
    // allauth answers a reset with 401 (done, and signed out) and a used key with 400.
    ensure_eq!(done_times(&backend, "POST", "/_allauth/browser/v1/auth/password/reset")?, 0, "2xx answers to the reset");
    Ok(())
}

pub async fn drf_first_login_with_a_bearer_token_then_security_settings_signs_in_with_a_code(page: Page) -> Outcome {
    let (backend, page) = on(&page, Kind::Drf).await?;
    page.open("/drf/first-login.html").await?;
    sign_in(&page, "bob", TEMPORARY_PASSWORD).await?;

    change_after_a_wrong_try(&page, &backend, "Your old password was entered incorrectly. Please enter it again.").await?;
    let key = shown_key(&page).await?;
    ensure_eq!(backend.totp_secret("bob").await?, Some(key.clone()), "the secret trench stored");
    fresh_window().await;
    page.fill("code", &totp_code(&key, 0).await?).await?;
    page.submit_step().await?;
    let codes = recovery_codes(&page).await?;
    ensure_eq!(codes.len(), 5, "trench's backup codes shown");
    ensure!(backend.totp_active("bob").await?, "trench has no active app method for bob");
    codes_saved(&page).await?;
    page.wait_for_step("done").await?;
    ensure_eq!(done_times(&backend, "POST", "/auth/password/change/")?, 1, "password changes");
    ensure_eq!(done_times(&backend, "POST", "/auth/mfa/app/activate/confirm/")?, 1, "2-step turned on");

    // Security Settings begins with a whole sign-in: the token lives in the page's memory only.
    page.open("/drf/security-settings.html").await?;
    sign_in(&page, "bob", NEW_PASSWORD).await?;
    page.wait_for_step("signIn").await?;
    ensure_eq!(page.count(&field("code")).await?, 1, "the code field after the password was accepted");
    fresh_window().await;
    page.fill("code", &totp_code(&key, 0).await?).await?;
    page.submit_step().await?;
    menu_turns_two_step_off(&page).await?;
    ensure!(!backend.totp_active("bob").await?, "trench still has 2-step on");
    ensure_eq!(done_times(&backend, "POST", "/auth/mfa/app/deactivate/")?, 1, "2-step turned off");
    Ok(())
}

pub async fn drf_forgot_password_by_the_e_mailed_link_with_uid_and_token(page: Page) -> Outcome {
    let backend = reset_twice_by_link(&page, Kind::Drf).await?;
    ensure_eq!(done_times(&backend, "POST", "/auth/password/reset/confirm/")?, 1, "password resets");
    Ok(())
}

/// A backend that ignores `Idempotency-Key` (dj-rest-auth): the answer to the password change is
/// lost after the change was made, and the retry is refused for the old password. The person is
/// told the change may have happened and how to check, not that they typed it wrong.
pub async fn a_lost_answer_from_a_backend_that_does_not_replay_says_the_change_may_have_happened(page: Page) -> Outcome {
    let backend = DjangoBackend::start(Kind::Drf).await?;
    let proxy = Proxy::start(backend.port()).await?;
    proxy.add(Rule::once("POST", "/auth/password/change/", Fault::Reset));
    let page = Page::new(page.client.clone(), &proxy.url);
    page.open("/drf/first-login.html").await?;
    sign_in(&page, "bob", TEMPORARY_PASSWORD).await?;
    change_password(&page, TEMPORARY_PASSWORD).await?;
    page.wait_for_error("changePassword", "retry").await?;
    ensure!(backend.password_is("bob", NEW_PASSWORD).await?, "the change was made before its answer was lost");
    page.submit_step().await?;
    let state = page.wait_for_error("changePassword", "maybeDone").await?;
    ensure!(state.message.contains("may already be changed"), "the message says the change may have happened: {:?}", state.message);
    ensure_eq!(state.value("newPassword"), NEW_PASSWORD, "what was typed is kept");
    ensure!(proxy.requests("POST", "/auth/password/change/").iter().all(|r| r.idempotency_key.is_none()), "no Idempotency-Key is sent to a backend that ignores it");
    ensure_eq!(done_times(&backend, "POST", "/auth/password/change/")?, 1, "password changes");
    Ok(())
}

//! The journeys' fault paths, with nothing typed lost: a wrong 2-step code, a rate limit (429
//! with its countdown), and a backend that goes down and comes back on the same port.

use super::journeys::{browser_label, file_server, sign_in_accept_terms_change_password, FileServer, ANSWER, QUESTION};
use super::Outcome;
use crate::support::journey::{current_code, field, stored_user, wrong_code};
use crate::support::page::Page;
use crate::support::server::{DemoServer, Options, DEMO_USER};
use crate::support::wait::wait_for;
use crate::support::{ensure, ensure_eq};

/// Continues from the browser-saving step through pop-ups (no check) to the recovery step.
async fn to_recovery(page: &Page) -> Outcome {
    page.submit_step().await?;
    page.wait_for_step("popups").await?;
    page.submit_step().await?;
    page.wait_for_step("recovery").await.map(|_| ())
}

pub async fn wrong_two_step_code_keeps_the_step(page: Page) -> Outcome {
    let label = format!("wrong_code_{}", browser_label(&page).await?);
    let FileServer { server: _server, db, page } = file_server(&page, &label, &[]).await?;
    page.open("/first-login.html").await?;
    sign_in_accept_terms_change_password(&page).await?;
    to_recovery(&page).await?;
    page.fill("question", QUESTION).await?;
    page.fill("answer", ANSWER).await?;
    page.fill("confirmAnswer", ANSWER).await?;
    page.submit_step().await?;
    page.wait_for_step("twoStep").await?;
    let (key, code) = wait_for("the 2-step key", || page.totp_from_key_text()).await?;

    let wrong = wrong_code(&code);
    page.fill("code", &wrong).await?;
    page.submit_step().await?;
    let state = page.wait_for_error("twoStep", "fieldErrors").await?;
    ensure_eq!(state.value("code"), wrong, "the code field after a wrong code");
    ensure!(!state.field_errors.is_empty(), "no field error shown for the wrong code: {state:?}");
    let (key_after, _) = page.totp_from_key_text().await?;
    ensure_eq!(key_after, key, "the key shown after a wrong code");
    ensure_eq!(stored_user(&db, DEMO_USER)?.totp_enabled, false, "2-step on after only a wrong code");

    page.erase(&field("code")).await?;
    page.fill("code", &current_code(&key)?).await?;
    page.submit_step().await?;
    page.wait_for_step("done").await?;
    ensure_eq!(stored_user(&db, DEMO_USER)?.totp_enabled, true, "2-step on after the right code");
    Ok(())
}

pub async fn rate_limit_shows_countdown_and_keeps_typing(page: Page) -> Outcome {
    let label = format!("rate_limit_{}", browser_label(&page).await?);
    const WRONG: &str = "Not-The-Password-1";
    // Three attempts per username a minute: the fourth sign-in attempt is refused.
    let FileServer { server: _server, page, .. } = file_server(&page, &label, &["--rate-user", "3/60"]).await?;
    page.open("/first-login.html").await?;
    page.wait_for_step("signIn").await?;
    page.fill("username", DEMO_USER).await?;
    page.fill("password", WRONG).await?;
    page.submit_step().await?;
    let state = page.wait_for_error("signIn", "wrongCredentials").await?;
    ensure_eq!(state.value("password"), WRONG, "the password after a wrong one");
    // The rest of the budget, spent by requests of the page's own (the same username's bucket),
    // so the widget's next submit is the one refused.
    for attempt in 2..=3 {
        let (status, body) =
            page.post_api("/api/sign-in", serde_json::json!({ "username": DEMO_USER, "password": WRONG })).await?;
        ensure_eq!(status, 401, format!("wrong sign-in {attempt} of 3 (from a page script): {body}"));
    }
    page.submit_step().await?;
    let state = page.wait_for_error("signIn", "rateLimited").await?;
    let seconds: u64 = state.seconds.as_deref().and_then(|s| s.parse().ok()).unwrap_or(0);
    ensure!(seconds > 0, "the countdown's data-seconds after a 429: {state:?}");
    ensure!(!state.message.trim().is_empty(), "no error message after a 429: {state:?}");
    ensure_eq!(state.value("username"), DEMO_USER, "the username after a 429");
    ensure_eq!(state.value("password"), WRONG, "the password after a 429");
    Ok(())
}

pub async fn backend_down_then_back_keeps_typing(page: Page) -> Outcome {
    let label = format!("backend_down_{}", browser_label(&page).await?);
    let FileServer { server, db, page } = file_server(&page, &label, &[]).await?;
    let port = server.port()?;
    page.open("/first-login.html").await?;
    sign_in_accept_terms_change_password(&page).await?;
    to_recovery(&page).await?;

    server.kill().await?;
    page.fill("question", QUESTION).await?;
    page.fill("answer", ANSWER).await?;
    page.fill("confirmAnswer", ANSWER).await?;
    page.submit_step().await?;
    let state = page.wait_for_error("recovery", "retry").await?;
    ensure!(!state.message.trim().is_empty(), "no error message while the backend is down: {state:?}");
    for (name, value) in [("question", QUESTION), ("answer", ANSWER), ("confirmAnswer", ANSWER)] {
        ensure_eq!(state.value(name), value, format!("the {name} field while the backend is down"));
    }

    let options = Options { db: Some(db.clone()), port: Some(port), extra: Vec::new() };
    let _restarted = DemoServer::start_with(&format!("{label}_restarted"), &options).await?;
    page.submit_step().await?;
    page.wait_for_step("twoStep").await?;
    let user = stored_user(&db, DEMO_USER)?;
    ensure_eq!(user.recovery_question.as_deref(), Some(QUESTION), "the recovery question stored after the restart");
    Ok(())
}

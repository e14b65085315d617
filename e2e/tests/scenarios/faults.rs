//! The journeys' fault paths, with nothing typed lost and nothing done twice.
//!
//! First the backend's own refusals: a wrong 2-step code, a rate limit (429 with its
//! countdown), a backend that goes down and comes back on the same port. Then the faults the
//! proxy injects (see `support::proxy`): every one hits a request the **server has already
//! carried out**, so the answer is lost after the state changed, and the retry must not change
//! it again. For each: the step shows the catalog's message for it, keeps every field as typed,
//! the console names the action and what was wrong, the server changed its state exactly once
//! (counted by triggers in its database), the journey completes once the backend behaves, and
//! the leak sweep finds no secret anywhere.

use super::journeys::{
    account_with_recovery_question, browser_label, recovery_typed, file_server, fill_sign_in, first_login_secrets, pair_authenticator,
    sign_in_accept_terms_change_password, to_recovery, type_the_new_password, FileServer, ANSWER, FIRST_LOGIN_CHANGES, NEW_PASSWORD, QUESTION,
};
use super::Outcome;
use crate::support::journey::{changes, current_code, ensure_changes, field, stored_user, wrong_code};
use crate::support::leaks::{ensure_console_warning, Secret};
use crate::support::page::Page;
use crate::support::proxy::{Fault, Rule};
use crate::support::server::{DemoServer, Options, DEMO_USER, TEMPORARY_PASSWORD};
use crate::support::wait::wait_for;
use crate::support::{ensure, ensure_eq};
use hmis_onboard::messages::{Catalog, Msg};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;

pub async fn wrong_two_step_code_keeps_the_step(page: Page) -> Outcome {
    let label = format!("wrong_code_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let (db, page) = (fs.db.clone(), fs.page.clone());
    recovery_typed(&page).await?;
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
    ensure_changes(&db, &FIRST_LOGIN_CHANGES)?;
    fs.sweep(&first_login_secrets(Some(&key)), &[]).await
}

pub async fn rate_limit_shows_countdown_and_keeps_typing(page: Page) -> Outcome {
    let label = format!("rate_limit_{}", browser_label(&page).await?);
    const WRONG: &str = "Not-The-Password-1";
    // Three attempts per username a minute: the fourth sign-in attempt is refused.
    let fs = file_server(&page, &label, &["--rate-user", "3/60"]).await?;
    let (db, page) = (fs.db.clone(), fs.page.clone());
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
    ensure_changes(&db, &[])?;
    fs.sweep(&[Secret::sent("the wrong password", WRONG)], &[]).await
}

pub async fn backend_down_then_back_keeps_typing(page: Page) -> Outcome {
    let label = format!("backend_down_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let FileServer { server, db, page, proxy } = fs;
    let port = server.port()?;
    let first_logs = server.logs();
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

    let options = Options { db: Some(db.clone()), port: Some(port), extra: vec!["--origin".to_owned(), proxy.origin()] };
    let restarted = DemoServer::start_with(&format!("{label}_restarted"), &options).await?;
    page.submit_step().await?;
    let key = pair_authenticator_after_recovery(&page).await?;
    let user = stored_user(&db, DEMO_USER)?;
    ensure_eq!(user.recovery_question.as_deref(), Some(QUESTION), "the recovery question stored after the restart");
    ensure_changes(&db, &FIRST_LOGIN_CHANGES)?;
    let fs = FileServer { server: restarted, db, page, proxy };
    fs.sweep(&first_login_secrets(Some(&key)), &[first_logs]).await
}

/// From a submitted recovery step: waits for the 2-step step, pairs, waits for done.
async fn pair_authenticator_after_recovery(page: &Page) -> Result<String, String> {
    page.wait_for_step("twoStep").await?;
    let key = pair_authenticator(page).await?;
    page.wait_for_step("done").await?;
    Ok(key)
}

// ---------------------------------------------------------------------------------------------
// Injected faults.

/// One injected fault: which step's request it hits, and what the person and the developer
/// must be told.
struct Case {
    /// The step whose submission the fault hits ("twoStepStart" for the 2-step step's first
    /// request, which goes out on entering it).
    step: &'static str,
    action: &'static str,
    method: &'static str,
    path: &'static str,
    fault: Fault,
    /// The step's `data-error` afterwards.
    error: &'static str,
    /// The catalog message the step must show.
    message: Msg,
    /// Words the console warning must contain besides the action.
    warning: &'static [&'static str],
    /// A shorter `backend.timeoutMs` for the page, for faults that wait for it.
    timeout_ms: Option<u32>,
}

impl Case {
    fn catalog_text(&self) -> String {
        Catalog::new(BTreeMap::new()).text(self.message, &[])
    }
}

/// The first-login journey with `case`'s fault on one request, then the rest of the journey
/// on a backend that behaves; then the checks every fault shares.
async fn first_login_with(page: Page, name: &str, case: Case) -> Outcome {
    let label = format!("{name}_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let page = fs.page.clone();
    if let Some(ms) = case.timeout_ms {
        let to: &'static str = Box::leak(format!(r#""baseUrl": "/api", "timeoutMs": {ms}"#).into_boxed_str());
        fs.proxy.add(Rule::always("GET", "/first-login.html", Fault::Rewrite { from: r#""baseUrl": "/api""#, to }));
    }
    page.open("/first-login.html").await?;

    fill_sign_in(&page).await?;
    submit(&fs, &case, "signIn", &[("username", DEMO_USER), ("password", TEMPORARY_PASSWORD)]).await?;

    page.wait_for_step("terms").await?;
    page.click(&field("accept")).await?;
    submit(&fs, &case, "terms", &[("accept", "true")]).await?;

    type_the_new_password(&page).await?;
    let typed =
        [("currentPassword", TEMPORARY_PASSWORD), ("newPassword", NEW_PASSWORD), ("confirmPassword", NEW_PASSWORD)];
    submit(&fs, &case, "changePassword", &typed).await?;

    page.wait_for_step("browserSaving").await?;
    to_recovery(&page).await?;
    page.fill("question", QUESTION).await?;
    page.fill("answer", ANSWER).await?;
    page.fill("confirmAnswer", ANSWER).await?;
    if case.step == "twoStepStart" {
        // The 2-step step asks for its secret as soon as the recovery step succeeds.
        fs.proxy.add(Rule::once(case.method, case.path, case.fault.clone()));
        page.submit_step().await?;
        check_fault(&fs, &case, "twoStep", &[]).await?;
        page.submit_step().await?;
    } else {
        submit(&fs, &case, "recovery", &[("question", QUESTION), ("answer", ANSWER), ("confirmAnswer", ANSWER)])
            .await?;
    }

    page.wait_for_step("twoStep").await?;
    let (key, code) = wait_for("the 2-step key", || page.totp_from_key_text()).await?;
    page.fill("code", &code).await?;
    submit(&fs, &case, "twoStep", &[("code", &code)]).await?;
    page.wait_for_step("done").await?;

    ensure_changes(&fs.db, &FIRST_LOGIN_CHANGES)?;
    ensure_retried_with_the_same_key(&fs, &case)?;
    fs.sweep(&first_login_secrets(Some(&key)), &[]).await
}

/// Submits the step on screen; on `case.step`, with the fault armed first, checks what the
/// fault must leave behind, and submits again (the backend now behaves).
async fn submit(fs: &FileServer, case: &Case, step: &str, typed: &[(&str, &str)]) -> Outcome {
    if case.step != step {
        return fs.page.submit_step().await;
    }
    fs.proxy.add(Rule::once(case.method, case.path, case.fault.clone()));
    let before = changes(&fs.db)?;
    fs.page.submit_step().await?;
    check_fault(fs, case, step, typed).await?;
    // The server did act: its state changed once, before the answer was lost.
    let after = changes(&fs.db)?;
    ensure!(
        after.len() == before.len() + 1,
        "the faulted {} should have changed the server's state once (the fault hits the answer, after the server acted): \
         before {before:?}, after {after:?}",
        case.action
    );
    fs.page.submit_step().await
}

/// What every fault must leave: the step with its error and the catalog's message, every
/// field as typed, a console warning naming the action.
async fn check_fault(fs: &FileServer, case: &Case, step: &str, typed: &[(&str, &str)]) -> Outcome {
    let state = fs.page.wait_for_error(step, case.error).await?;
    ensure_eq!(state.message, case.catalog_text(), format!("the message after the {} fault", case.fault.name()));
    for (name, value) in typed {
        ensure_eq!(state.value(name), *value, format!("the {name} field after the {} fault", case.fault.name()));
    }
    ensure_console_warning(&fs.page, case.action, case.warning).await.map(|_| ())
}

/// The faulted request and its retry reached the server with one idempotency key (so the
/// server answered the retry from its record instead of acting again).
fn ensure_retried_with_the_same_key(fs: &FileServer, case: &Case) -> Outcome {
    let sent = fs.proxy.requests(case.method, case.path);
    ensure!(
        sent.len() >= 2,
        "expected the faulted {} and its retry, the proxy saw {} request(s)",
        case.path,
        sent.len()
    );
    let faulted = sent.iter().position(|r| r.fault.is_some()).ok_or("no request was faulted")?;
    let retry = sent.get(faulted + 1).ok_or("no retry after the faulted request")?;
    ensure!(
        sent[faulted].idempotency_key.is_some() && retry.idempotency_key == sent[faulted].idempotency_key,
        "the retry of {} carried another Idempotency-Key ({:?}) than the faulted request ({:?})",
        case.path,
        retry.idempotency_key,
        sent[faulted].idempotency_key
    );
    Ok(())
}

pub async fn fault_connection_reset_after_the_password_changed(page: Page) -> Outcome {
    let case = Case {
        step: "changePassword",
        action: "changePassword",
        method: "POST",
        path: "/api/password",
        fault: Fault::Reset,
        error: "retry",
        message: Msg::ErrorNetwork,
        warning: &["no response"],
        timeout_ms: None,
    };
    first_login_with(page, "fault_reset", case).await
}

pub async fn fault_html_error_page_at_sign_in(page: Page) -> Outcome {
    let html = "<!doctype html><html><head><title>502 Bad Gateway</title></head>\
                <body><h1>502 Bad Gateway</h1><hr><p>nginx</p></body></html>";
    let case = Case {
        step: "signIn",
        action: "signIn",
        method: "POST",
        path: "/api/sign-in",
        fault: Fault::Replace { status: 502, content_type: "text/html", body: html.to_owned() },
        error: "retry",
        message: Msg::ErrorServer,
        warning: &["502"],
        timeout_ms: None,
    };
    first_login_with(page, "fault_html", case).await
}

pub async fn fault_enormous_body_when_accepting_terms(page: Page) -> Outcome {
    let case = Case {
        step: "terms",
        action: "acceptTerms",
        method: "POST",
        path: "/api/terms",
        fault: Fault::Enormous { bytes: 8 * 1024 * 1024 },
        error: "unexpected",
        message: Msg::ErrorUnexpected,
        warning: &["bytes"],
        timeout_ms: None,
    };
    first_login_with(page, "fault_enormous", case).await
}

/// A body with no `Content-Length` that never ends: the widget stops reading at its 1 MiB
/// limit and says so, long before the request's timeout (which would show a "try again").
pub async fn fault_endless_body_without_a_length_when_accepting_terms(page: Page) -> Outcome {
    let case = Case {
        step: "terms",
        action: "acceptTerms",
        method: "POST",
        path: "/api/terms",
        fault: Fault::Endless,
        error: "unexpected",
        message: Msg::ErrorUnexpected,
        warning: &["more than 1048576 bytes"],
        timeout_ms: None,
    };
    first_login_with(page, "fault_endless", case).await
}

pub async fn fault_redirect_to_a_page_when_accepting_terms(page: Page) -> Outcome {
    let case = Case {
        step: "terms",
        action: "acceptTerms",
        method: "POST",
        path: "/api/terms",
        // fetch follows it to the sign-in page's 200: not an answer, whatever its status.
        fault: Fault::Redirect { to: "/" },
        error: "unexpected",
        message: Msg::ErrorUnexpected,
        warning: &["redirected"],
        timeout_ms: None,
    };
    first_login_with(page, "fault_redirect", case).await
}

pub async fn fault_server_error_500_saving_recovery(page: Page) -> Outcome {
    let case = Case {
        step: "recovery",
        action: "setRecovery",
        method: "POST",
        path: "/api/recovery",
        fault: Fault::Replace {
            status: 500,
            content_type: "application/json",
            body: json!({ "message": "The database failed." }).to_string(),
        },
        error: "retry",
        message: Msg::ErrorServer,
        warning: &["500"],
        timeout_ms: None,
    };
    first_login_with(page, "fault_500", case).await
}

pub async fn fault_trickle_slower_than_the_timeout_saving_recovery(page: Page) -> Outcome {
    let case = Case {
        step: "recovery",
        action: "setRecovery",
        method: "POST",
        path: "/api/recovery",
        // The server's answer, a byte at a time: headers at once, the body never in time.
        fault: Fault::Trickle { chunk: 1, every: Duration::from_millis(400) },
        error: "retry",
        message: Msg::ErrorTimeout,
        warning: &["timed out"],
        timeout_ms: Some(5000),
    };
    first_login_with(page, "fault_trickle", case).await
}

pub async fn fault_invalid_json_starting_two_step(page: Page) -> Outcome {
    let case = Case {
        step: "twoStepStart",
        action: "startTotp",
        method: "POST",
        path: "/api/totp/start",
        fault: Fault::Replace {
            status: 200,
            content_type: "application/json",
            body: r#"{"message": "Scan the code", "totpUri": "otpauth://totp/Demo%20HMIS:jsm"#.to_owned(),
        },
        error: "unexpected",
        message: Msg::ErrorUnexpected,
        warning: &["JSON"],
        timeout_ms: None,
    };
    first_login_with(page, "fault_invalid_json", case).await
}

pub async fn fault_timeout_verifying_the_code(page: Page) -> Outcome {
    let case = Case {
        step: "twoStep",
        action: "verifyTotp",
        method: "POST",
        path: "/api/totp/verify",
        fault: Fault::Hang,
        error: "retry",
        message: Msg::ErrorTimeout,
        warning: &["timed out"],
        timeout_ms: Some(5000),
    };
    first_login_with(page, "fault_timeout", case).await
}

/// Forgot password with `case`'s fault on one request (an account with a recovery question
/// set up through the API first).
async fn forgot_password_with(page: Page, name: &str, case: Case) -> Outcome {
    let label = format!("{name}_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let page = fs.page.clone();
    account_with_recovery_question(&page).await?;

    page.open("/forgot-password.html").await?;
    page.wait_for_step("forgotUsername").await?;
    page.fill("username", DEMO_USER).await?;
    submit(&fs, &case, "forgotUsername", &[("username", DEMO_USER)]).await?;
    page.wait_for_step("forgotAnswer").await?;
    page.fill("answer", ANSWER).await?;
    submit(&fs, &case, "forgotAnswer", &[("answer", ANSWER)]).await?;
    let reset = "Amber-Kettle-61";
    page.wait_for_step("forgotReset").await?;
    page.fill("newPassword", reset).await?;
    page.fill("confirmPassword", reset).await?;
    page.wait_for_step_password_ready().await?;
    submit(&fs, &case, "forgotReset", &[("newPassword", reset), ("confirmPassword", reset)]).await?;
    page.wait_for_step("done").await?;

    let (status, body) = page.post_api("/api/sign-in", json!({ "username": DEMO_USER, "password": reset })).await?;
    ensure_eq!(status, 200, format!("signing in with the password chosen at the reset: {body}"));
    ensure_changes(&fs.db, &["session", "terms", "password", "recovery", "resetToken", "password", "session"])?;
    ensure_retried_with_the_same_key(&fs, &case)?;
    let mut secrets = first_login_secrets(None);
    secrets.push(Secret::sent("the password chosen at the reset", reset));
    fs.sweep(&secrets, &[]).await
}

pub async fn fault_missing_field_in_the_answer_response(page: Page) -> Outcome {
    let case = Case {
        step: "forgotAnswer",
        action: "forgotAnswer",
        method: "POST",
        path: "/api/forgot/answer",
        // 200, but no resetToken: the server made one, the page never gets it.
        fault: Fault::Replace {
            status: 200,
            content_type: "application/json",
            body: json!({ "message": "OK" }).to_string(),
        },
        error: "unexpected",
        message: Msg::ErrorUnexpected,
        warning: &["resetToken"],
        timeout_ms: None,
    };
    forgot_password_with(page, "fault_missing_field", case).await
}

pub async fn fault_unexpected_status_at_the_reset(page: Page) -> Outcome {
    let case = Case {
        step: "forgotReset",
        action: "forgotReset",
        method: "POST",
        path: "/api/forgot/reset",
        fault: Fault::Replace {
            status: 409,
            content_type: "application/json",
            body: json!({ "message": "Conflict" }).to_string(),
        },
        error: "unexpected",
        message: Msg::ErrorUnexpected,
        warning: &["409"],
        timeout_ms: None,
    };
    forgot_password_with(page, "fault_unexpected_status", case).await
}

//! What people do to a form that seems slow or that they doubt: click submit twice or three
//! times, press Enter again and again, go back and forward between steps (the widget's Back and
//! the browser's history), reload the page in the middle. Each must change the server's state
//! exactly once per step, keep what the person typed where that is allowed, and still let the
//! journey complete; and the leak sweep finds no secret anywhere afterwards.
//!
//! The proxy holds the server's answers to the submissions back for a moment (`Fault::Delay`),
//! so the repeated clicks and key presses land while the request is in flight, the case that
//! could send it twice.

use super::journeys::{
    browser_label, file_server, fill_sign_in, first_login_secrets, pair_authenticator, saving_popups_recovery,
    to_recovery, type_the_new_password, FileServer, ANSWER, FIRST_LOGIN_CHANGES, NEW_PASSWORD, QUESTION,
};
use super::Outcome;
use crate::support::journey::{button, ensure_changes, field, stored_user};
use crate::support::leaks::note;
use crate::support::page::Page;
use crate::support::proxy::{Fault, Rule};
use crate::support::server::{DEMO_USER, TEMPORARY_PASSWORD};
use crate::support::wait::wait_for;
use crate::support::{ensure, ensure_eq, Context};
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::key::Key;
use std::time::Duration;

/// Every action of a first login, by the path it posts to.
const FIRST_LOGIN_POSTS: [&str; 6] =
    ["/api/sign-in", "/api/terms", "/api/password", "/api/recovery", "/api/totp/start", "/api/totp/verify"];

/// Holds every answer to the journey's submissions back for `delay`.
fn slow_submissions(fs: &FileServer, delay: Duration) {
    for path in FIRST_LOGIN_POSTS {
        fs.proxy.add(Rule::always("POST", path, Fault::Delay(delay)));
    }
}

/// Fails unless each of the first login's actions reached the server exactly once.
fn ensure_each_posted_once(fs: &FileServer) -> Outcome {
    for path in FIRST_LOGIN_POSTS {
        let sent = fs.proxy.requests("POST", path).len();
        ensure_eq!(sent, 1, format!("requests to POST {path}"));
    }
    Ok(())
}

/// A real double (or triple) click on `selector`: `clicks` presses of the left button with
/// no pause, in one WebDriver action sequence.
async fn multi_click(page: &Page, selector: &str, clicks: usize) -> Outcome {
    // Pointer actions do not scroll (Element Click does): bring the button into view first,
    // as a person would.
    page.script::<serde_json::Value>(
        r#"document.querySelector(arguments[0]).scrollIntoView({ block: "center" }); return null;"#,
        vec![serde_json::json!(selector)],
    )
    .await?;
    let element = page.find(selector).await?;
    let mut mouse = MouseActions::new("mouse".to_owned()).then(PointerAction::MoveToElement {
        element,
        duration: None,
        x: 0.0,
        y: 0.0,
    });
    for _ in 0..clicks {
        mouse = mouse
            .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
            .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    }
    page.client.perform_actions(mouse).await.context(&format!("clicking {selector} {clicks} times"))?;
    let _ = page.client.release_actions().await;
    Ok(())
}

/// Waits until the step on screen has its request in flight.
async fn wait_busy(page: &Page, step: &str) -> Outcome {
    wait_for(&format!("the step {step:?} busy with its request"), || async {
        let state = page.step_state().await?;
        if state.step.as_deref() == Some(step) && state.busy.as_deref() == Some("true") {
            Ok(())
        } else {
            Err(format!("{state:?}"))
        }
    })
    .await
}

pub async fn double_and_triple_clicks_change_once(page: Page) -> Outcome {
    let label = format!("multi_click_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let page = fs.page.clone();
    slow_submissions(&fs, Duration::from_millis(1500));
    page.open("/first-login.html").await?;

    fill_sign_in(&page).await?;
    multi_click(&page, &button("primary"), 2).await?;
    page.wait_for_step("terms").await?;
    page.click(&field("accept")).await?;
    multi_click(&page, &button("primary"), 3).await?;

    type_the_new_password(&page).await?;
    multi_click(&page, &button("primary"), 3).await?;
    // Clicks on a step already in flight: the button says so and nothing more goes out.
    wait_busy(&page, "changePassword").await?;
    let disabled: Option<String> = page
        .script(
            r#"return document.querySelector(arguments[0]).getAttribute("aria-disabled");"#,
            vec![serde_json::json!(button("primary"))],
        )
        .await?;
    ensure_eq!(disabled.as_deref(), Some("true"), "aria-disabled of the primary button while its request is in flight");
    page.click(&button("primary")).await?;
    page.wait_for_step("browserSaving").await?;

    // Informational steps move on at once: the extra clicks of a double or triple click must
    // not land on the next step's button and skip it. Whether they would depends on where the
    // next step's button is, so first the rule itself: the second click of a double click (a
    // click event with detail 2) does not submit.
    let moved: Option<String> = page
        .script(
            r#"document.querySelector(arguments[0]).dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, detail: 2 }));
               return document.querySelector('form[data-hmis-part="step"]').getAttribute("data-step");"#,
            vec![serde_json::json!(button("primary"))],
        )
        .await?;
    ensure_eq!(
        moved.as_deref(),
        Some("browserSaving"),
        "the step after a click with detail 2 (a double click's second)"
    );
    multi_click(&page, &button("primary"), 2).await?;
    page.wait_for_step("popups").await?;
    multi_click(&page, &button("primary"), 3).await?;
    page.wait_for_step("recovery").await?;
    page.fill("question", QUESTION).await?;
    page.fill("answer", ANSWER).await?;
    page.fill("confirmAnswer", ANSWER).await?;
    multi_click(&page, &button("primary"), 3).await?;
    page.wait_for_step("twoStep").await?;
    let (key, code) = wait_for("the 2-step key", || page.totp_from_key_text()).await?;
    page.fill("code", &code).await?;
    multi_click(&page, &button("primary"), 2).await?;
    page.wait_for_step("done").await?;

    ensure_each_posted_once(&fs)?;
    ensure_changes(&fs.db, &FIRST_LOGIN_CHANGES)?;
    fs.sweep(&first_login_secrets(Some(&key)), &[]).await
}

pub async fn enter_pressed_repeatedly_changes_once(page: Page) -> Outcome {
    let label = format!("repeated_enter_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let page = fs.page.clone();
    slow_submissions(&fs, Duration::from_millis(1500));
    let enter3 = format!("{}{}{}", Key::Enter, Key::Enter, Key::Enter);
    page.open("/first-login.html").await?;

    page.wait_for_step("signIn").await?;
    page.fill("username", DEMO_USER).await?;
    page.fill("password", &format!("{TEMPORARY_PASSWORD}{enter3}")).await?;
    page.wait_for_step("terms").await?;
    page.click(&field("accept")).await?;
    page.submit_step().await?;

    type_the_new_password(&page).await?;
    page.fill("confirmPassword", &enter3).await?;
    page.wait_for_step("browserSaving").await?;
    to_recovery(&page).await?;
    page.fill("question", QUESTION).await?;
    page.fill("answer", ANSWER).await?;
    page.fill("confirmAnswer", &format!("{ANSWER}{enter3}")).await?;
    page.wait_for_step("twoStep").await?;
    let (key, code) = wait_for("the 2-step key", || page.totp_from_key_text()).await?;
    page.fill("code", &format!("{code}{enter3}")).await?;
    page.wait_for_step("done").await?;

    ensure_each_posted_once(&fs)?;
    ensure_changes(&fs.db, &FIRST_LOGIN_CHANGES)?;
    fs.sweep(&first_login_secrets(Some(&key)), &[]).await
}

/// The recovery step's fields now.
async fn recovery_values(page: &Page) -> Result<(String, String, String), String> {
    let state = page.wait_for_step("recovery").await?;
    Ok((state.value("question").to_owned(), state.value("answer").to_owned(), state.value("confirmAnswer").to_owned()))
}

pub async fn back_and_forward_between_steps(page: Page) -> Outcome {
    let label = format!("back_forward_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let page = fs.page.clone();
    // A page before the journey, for the browser's Back to return to.
    page.open("/index.html").await?;
    page.open("/first-login.html").await?;
    super::journeys::sign_in_accept_terms_change_password(&page).await?;
    to_recovery(&page).await?;
    page.fill("question", QUESTION).await?;
    page.fill("answer", ANSWER).await?;

    // The widget's own Back, twice, then forward again with Continue.
    page.click(&button("back")).await?;
    page.wait_for_step("popups").await?;
    page.click(&button("back")).await?;
    page.wait_for_step("browserSaving").await?;
    ensure_eq!(
        page.count(&button("back")).await?,
        0,
        "Back buttons on the browser-saving step (nothing before it can be undone)"
    );
    page.submit_step().await?;
    page.wait_for_step("popups").await?;
    page.submit_step().await?;
    let (question, answer, confirm) = recovery_values(&page).await?;
    // The question is not a secret: it is kept. The answer is: it went with the step.
    ensure_eq!(question, QUESTION, "the recovery question after Back, Back, Continue, Continue");
    ensure_eq!((answer.as_str(), confirm.as_str()), ("", ""), "the recovery answer fields after leaving the step");
    ensure_changes(&fs.db, &["session", "terms", "password"])?;

    // The browser's Back and Forward: the widget keeps no history entries, so Back leaves the
    // page. Forward returns to it, restored from the back-forward cache (the journey where it
    // was) or loaded anew (the journey from its start).
    page.history_back().await?;
    page.wait_for_path("/index.html").await?;
    page.history_forward().await?;
    page.wait_for_path("/first-login.html").await?;
    let restored = wait_for("the journey back on screen", || async {
        let state = page.step_state().await?;
        match state.step.as_deref() {
            Some("recovery") => Ok(true),
            Some("signIn") => Ok(false),
            other => Err(format!("step {other:?}")),
        }
    })
    .await?;
    let key = if restored {
        // Restored with the journey where it was, and the question as typed: WebKit empties
        // every autocomplete="off" field of a restored page (the question is one, so that
        // browsers do not remember it), and the widget puts the question back. The answer is
        // the browser's doing.
        let (question, answer, _) = recovery_values(&page).await?;
        ensure_eq!(question, QUESTION, "the recovery question after Back and Forward");
        ensure!(answer.is_empty() || answer == ANSWER, "the recovery answer after Back and Forward: {answer:?}");
        note(&format!("{label}: page restored from the back-forward cache"));
        page.erase(&field("answer")).await?;
        page.fill("answer", ANSWER).await?;
        page.erase(&field("confirmAnswer")).await?;
        page.fill("confirmAnswer", ANSWER).await?;
        page.submit_step().await?;
        page.wait_for_step("twoStep").await?;
        let key = pair_authenticator(&page).await?;
        page.wait_for_step("done").await?;
        ensure_changes(&fs.db, &FIRST_LOGIN_CHANGES)?;
        key
    } else {
        // Loaded anew: the password is no longer temporary, and signing in with the new one
        // resumes the set-up.
        note(&format!("{label}: page loaded anew after Forward (not restored from the back-forward cache)"));
        let key = resume_with_the_new_password(&page).await?;
        ensure_changes(&fs.db, &["session", "terms", "password", "session", "recovery", "twoStepStarted", "twoStepOn"])?;
        key
    };
    ensure!(stored_user(&fs.db, DEMO_USER)?.totp_enabled, "2-step verification is not on at the end");
    fs.sweep(&first_login_secrets(Some(&key)), &[]).await
}

/// Back on the first-login page after the password changed: signing in with the new password
/// resumes the set-up where it stopped (the server says there is no recovery question yet), and
/// the journey ends as it would have. Returns the TOTP key.
pub async fn resume_with_the_new_password(page: &Page) -> Result<String, String> {
    page.wait_for_step("signIn").await?;
    page.fill("username", DEMO_USER).await?;
    page.fill("password", NEW_PASSWORD).await?;
    page.submit_step().await?;
    page.wait_for_step("browserSaving").await?;
    saving_popups_recovery(page).await?;
    let key = pair_authenticator(page).await?;
    page.wait_for_step("done").await?;
    Ok(key)
}

pub async fn reload_mid_journey_completes(page: Page) -> Outcome {
    let label = format!("reload_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let page = fs.page.clone();
    page.open("/first-login.html").await?;
    fill_sign_in(&page).await?;
    page.submit_step().await?;
    page.wait_for_step("terms").await?;
    page.click(&field("accept")).await?;
    page.submit_step().await?;
    page.wait_for_step("changePassword").await?;
    page.fill("currentPassword", TEMPORARY_PASSWORD).await?;

    // Reloaded with the terms accepted and the temporary password typed: the page starts
    // over, and nothing typed survives a reload (no secret is kept anywhere to bring back).
    page.reload().await?;
    let state = page.wait_for_step("signIn").await?;
    ensure_eq!(state.value("password"), "", "the sign-in password after a reload");
    page.fill("username", DEMO_USER).await?;
    page.fill("password", TEMPORARY_PASSWORD).await?;
    page.submit_step().await?;
    // The terms are accepted already: the server does not ask again, so neither does the page.
    type_the_new_password(&page).await?;
    page.submit_step().await?;
    page.wait_for_step("browserSaving").await?;
    ensure_changes(&fs.db, &["session", "terms", "session", "password"])?;

    // Reloaded again after the password changed: signing in with the new one resumes the
    // set-up where it stopped.
    page.reload().await?;
    let key = resume_with_the_new_password(&page).await?;
    let expected = ["session", "terms", "session", "password", "session", "recovery", "twoStepStarted", "twoStepOn"];
    ensure_changes(&fs.db, &expected)?;
    fs.sweep(&first_login_secrets(Some(&key)), &[]).await
}

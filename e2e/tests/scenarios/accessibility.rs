//! Accessibility in the browser, judged by what we did not write (issue 12): axe-core's WCAG 2.2
//! A/AA rules on every journey step, its error states and the field widget's states; the
//! keyboard alone through the change-password page and a whole first login; and the names,
//! descriptions and states the browser's accessibility tree gives the fields that carry a
//! verdict. Forced colours and the dark scheme are emulated where the browser lets WebDriver
//! (Chromium).

use super::journeys::{
    complete_first_login, open_security_settings, sign_in_wrongly, ANSWER, NEW_PASSWORD, QUESTION,
};
use super::Outcome;
use crate::support::a11y::Focused;
use crate::support::journey::{button, current_code, field, menu_item, wrong_code};
use crate::support::page::Page;
use crate::support::server::{DEMO_USER, TEMPORARY_PASSWORD};
use crate::support::wait::wait_for;
use crate::support::{ensure, ensure_eq};

const ENTER: &str = "\u{e007}";
const SPACE: &str = "\u{e00d}";

/// Types into the step's input `name` and runs axe on the result.
async fn typed_then_axe(page: &Page, name: &str, text: &str, what: &str) -> Outcome {
    page.fill(name, text).await?;
    page.axe(what).await
}

pub async fn axe_finds_nothing_on_the_field_widget_or_any_first_login_step(page: Page) -> Outcome {
    // The field widget on a plain form, in each state it draws.
    page.open_change_password().await?;
    // The check itself: an input without a label is caught.
    page.script::<serde_json::Value>("const i = document.createElement('input'); i.id = 'axe-probe'; document.body.append(i); return null;", vec![]).await?;
    let caught = page.axe("with an unlabelled input added").await;
    ensure!(caught.as_ref().is_err_and(|e| e.contains("label")), "axe-core did not catch an unlabelled input: {caught:?}");
    page.script::<serde_json::Value>("document.getElementById('axe-probe').remove(); return null;", vec![]).await?;
    page.axe("on the change-password page, untouched").await?;
    page.type_into("#new-password", "abc").await?;
    page.axe("with rules unmet").await?;
    page.type_into("#confirm-password", "abd").await?;
    page.wait_for_confirm("false").await?;
    page.click(r#"#change-password button[type="submit"]"#).await?;
    page.axe("after a refused submit").await?;

    page.open("/first-login.html").await?;
    page.wait_for_step("signIn").await?;
    page.axe("on sign-in").await?;
    // The demo's "Forgot password?" is there while a password is asked for, and only then.
    let forgot_shown = || async {
        page.script::<bool>(r#"return getComputedStyle(document.querySelector(".note.forgot")).display !== "none";"#, vec![]).await
    };
    ensure!(forgot_shown().await?, "\"Forgot password?\" is hidden on the sign-in step");
    sign_in_wrongly(&page).await?;
    page.axe("on sign-in with a wrong password").await?;
    page.erase(&field("password")).await?;
    page.fill("password", TEMPORARY_PASSWORD).await?;
    page.submit_step().await?;
    page.wait_for_step("terms").await?;
    ensure!(!forgot_shown().await?, "\"Forgot password?\" is shown once signed in");
    page.axe("on the terms").await?;
    page.click(&field("accept")).await?;
    page.submit_step().await?;
    page.wait_for_step("changePassword").await?;
    page.fill("currentPassword", TEMPORARY_PASSWORD).await?;
    typed_then_axe(&page, "newPassword", "Brisk", "on the change with rules unmet").await?;
    page.fill("newPassword", "-Otter-93").await?;
    typed_then_axe(&page, "confirmPassword", "Brisk-Otter-9", "with the confirmation differing").await?;
    page.fill("confirmPassword", "3").await?;
    page.wait_for_step_password_ready().await?;
    page.submit_step().await?;
    page.wait_for_step("browserSaving").await?;
    page.axe("on the browser-saving step").await?;
    page.submit_step().await?;
    page.wait_for_step("popups").await?;
    page.click(&button("popup-check")).await?;
    page.axe("on the pop-ups step, checked").await?;
    page.submit_step().await?;
    page.wait_for_step("recovery").await?;
    typed_then_axe(&page, "question", "What is your favorite color?", "with a guessable question").await?;
    page.erase(&field("question")).await?;
    page.fill("question", QUESTION).await?;
    page.fill("answer", ANSWER).await?;
    page.fill("confirmAnswer", ANSWER).await?;
    page.submit_step().await?;
    page.wait_for_step("twoStep").await?;
    let (key, code) = page.totp_from_key_text().await?;
    page.axe("on the 2-step step with its QR code").await?;
    page.fill("code", &wrong_code(&code)).await?;
    page.submit_step().await?;
    page.wait_for_error("twoStep", "fieldErrors").await?;
    page.axe("with a wrong code").await?;
    page.erase(&field("code")).await?;
    page.fill("code", &current_code(&key)?).await?;
    page.submit_step().await?;
    page.wait_for_step("done").await?;
    page.axe("on the summary").await
}

pub async fn axe_finds_nothing_in_security_settings_or_forgot_password(page: Page) -> Outcome {
    complete_first_login(&page).await?;
    page.open("/security-settings.html").await?;
    page.wait_for_step("reauthenticate").await?;
    page.axe("on the re-entry").await?;
    page.fill("password", "Not-The-Password-1").await?;
    page.submit_step().await?;
    page.wait_for_error("reauthenticate", "wrongCredentials").await?;
    page.axe("on a wrong re-entry").await?;
    open_security_settings(&page).await?;
    page.axe("on the menu").await?;
    for (item, step) in [("changePassword", "changePassword"), ("turnOffTwoStep", "turnOffTwoStep"), ("recovery", "recovery")] {
        page.click(&menu_item(item)).await?;
        page.wait_for_step(step).await?;
        page.axe(&format!("on Security Settings' {step}")).await?;
        page.click(&button("back")).await?;
        page.wait_for_step("menu").await?;
    }
    page.click(&menu_item("turnOffTwoStep")).await?;
    page.wait_for_step("turnOffTwoStep").await?;
    page.submit_step().await?;
    page.wait_for_step("menu").await?;
    ensure_eq!(page.count(&button("notice")).await?, 1, "the menu's notice");
    page.axe("on the menu with a notice").await?;

    page.open("/forgot-password.html").await?;
    page.wait_for_step("forgotUsername").await?;
    page.axe("on Forgot password").await?;
    page.fill("username", DEMO_USER).await?;
    page.submit_step().await?;
    page.wait_for_step("forgotAnswer").await?;
    page.fill("answer", "not the answer").await?;
    page.submit_step().await?;
    page.wait_for_error("forgotAnswer", "wrongCredentials").await?;
    page.axe("on a wrong recovery answer").await?;
    page.erase(&field("answer")).await?;
    page.fill("answer", ANSWER).await?;
    page.submit_step().await?;
    page.wait_for_step("forgotReset").await?;
    page.axe("on the reset").await?;
    page.fill("newPassword", "Quiet-Harbor-57").await?;
    page.fill("confirmPassword", "Quiet-Harbor-57").await?;
    page.wait_for_step_password_ready().await?;
    page.submit_step().await?;
    page.wait_for_step("done").await?;
    page.axe("at the end of a reset").await
}

/// Tab until the input named `name` has focus, then type.
async fn tab_and_type(page: &Page, name: &str, text: &str) -> Outcome {
    page.tab_to(&format!("the input {name:?}"), |f: &Focused| f.tag == "input" && f.name == name).await?;
    page.keys(text).await
}

/// Tab to the step's primary button and press Enter.
async fn tab_and_go(page: &Page) -> Outcome {
    page.tab_to("the step's primary button", |f: &Focused| f.part == "primary").await?;
    page.keys(ENTER).await
}

pub async fn keyboard_alone_changes_the_password_on_the_plain_form(page: Page) -> Outcome {
    page.open_change_password().await?;
    // A refused submit (nothing typed) puts focus, visibly, on what is missing.
    page.tab_to("the current password", |f: &Focused| f.name == "current").await?;
    page.keys(ENTER).await?;
    let focused = page.focused().await?;
    ensure!(focused.tag == "input" && focused.visible, "after a refused submit, focus is on {focused:?}");
    page.keys(TEMPORARY_PASSWORD).await?;
    let new = page.tab_to("the new password", |f: &Focused| f.name == "new-password").await?;
    ensure!(new.visible, "focus on the new password is not visible");
    page.keys(NEW_PASSWORD).await?;
    page.tab_to("the confirmation", |f: &Focused| f.name == "confirm-password").await?;
    page.keys(NEW_PASSWORD).await?;
    page.tab_to("the terms box", |f: &Focused| f.name == "termsVersion").await?;
    page.keys(SPACE).await?;
    page.tab_to("the submit button", |f: &Focused| f.tag == "button" && f.part.is_empty()).await?;
    page.keys(ENTER).await?;
    page.wait_for_path("/password-changed.html").await
}

pub async fn keyboard_alone_completes_a_whole_first_login(page: Page) -> Outcome {
    page.open("/first-login.html").await?;
    page.wait_for_step("signIn").await?;
    tab_and_type(&page, "username", DEMO_USER).await?;
    tab_and_type(&page, "password", TEMPORARY_PASSWORD).await?;
    page.keys(ENTER).await?;
    // Each step takes focus to its heading; the keyboard goes on from there.
    page.wait_for_step("terms").await?;
    let heading = page.focused().await?;
    ensure_eq!(heading.part, "step-heading", "focus on a new step");
    page.tab_to("the terms box", |f: &Focused| f.name == "accept").await?;
    page.keys(SPACE).await?;
    tab_and_go(&page).await?;
    page.wait_for_step("changePassword").await?;
    tab_and_type(&page, "currentPassword", TEMPORARY_PASSWORD).await?;
    tab_and_type(&page, "newPassword", NEW_PASSWORD).await?;
    tab_and_type(&page, "confirmPassword", NEW_PASSWORD).await?;
    page.wait_for_step_password_ready().await?;
    page.keys(ENTER).await?;
    page.wait_for_step("browserSaving").await?;
    tab_and_go(&page).await?;
    page.wait_for_step("popups").await?;
    tab_and_go(&page).await?;
    page.wait_for_step("recovery").await?;
    tab_and_type(&page, "question", QUESTION).await?;
    tab_and_type(&page, "answer", ANSWER).await?;
    tab_and_type(&page, "confirmAnswer", ANSWER).await?;
    page.keys(ENTER).await?;
    page.wait_for_step("twoStep").await?;
    let (key, _) = page.totp_from_key_text().await?;
    tab_and_type(&page, "code", &current_code(&key)?).await?;
    page.keys(ENTER).await?;
    page.wait_for_step("done").await?;
    page.tab_to("the link to HMIS", |f: &Focused| f.part == "continue").await.map(|_| ())
}

pub async fn the_accessibility_tree_names_and_describes_the_fields_that_carry_a_verdict(page: Page) -> Outcome {
    page.open_change_password().await?;
    ensure_eq!(page.computed_label("#new-password").await?, "New password", "the new password's name");
    ensure_eq!(page.computed_label("#confirm-password").await?, "Confirm new password", "the confirmation's name");
    let toggle = r#"#change-password [data-hmis-part="toggle-visibility"]"#;
    ensure_eq!(page.computed_label(toggle).await?, "Show password", "the first toggle's name");
    ensure_eq!(page.computed_role(toggle).await?, "button", "the first toggle's role");
    page.type_into("#new-password", "Brisk").await?;
    page.type_into("#confirm-password", "Bri").await?;
    page.wait_for_confirm("false").await?;
    page.click(r#"#change-password button[type="submit"]"#).await?;
    if let Some(new) = page.ax_node("#new-password").await? {
        ensure!(new.description.contains("Still needed:") && new.description.contains("At least 1 number"), "the new password's description: {new:?}");
    }
    page.click(toggle).await?;
    if let Some(shown) = page.ax_node(toggle).await? {
        ensure!(shown.role == "button" && shown.states.iter().any(|s| s == "pressed"), "the toggle, pressed, in the tree: {shown:?}");
        ensure_eq!(shown.name, "Show password", "a toggle's name stays while aria-pressed says its state");
    }
    // The confirmation, focused by a refused submit, says why.
    page.type_into("#new-password", "-Otter-93").await?;
    page.click(r#"#change-password button[type="submit"]"#).await?;
    if let Some(confirm) = page.ax_node("#confirm-password").await? {
        ensure!(confirm.description.contains("The passwords do not match yet."), "the confirmation's description: {confirm:?}");
        ensure!(confirm.states.iter().any(|s| s == "invalid"), "the confirmation is invalid in the tree: {confirm:?}");
    }
    // The recovery answer's toggle says what it shows, in every engine's tree.
    page.open("/first-login.html").await?;
    crate::scenarios::journeys::sign_in_accept_terms_change_password(&page).await?;
    crate::scenarios::journeys::to_recovery(&page).await?;
    let answer_toggle = r#"form[data-step="recovery"] [data-hmis-part="field"][data-field="answer"] [data-hmis-part="toggle-visibility"]"#;
    ensure_eq!(page.computed_label(answer_toggle).await?, "Show answer", "the answer's toggle");
    page.fill("question", QUESTION).await?;
    if let Some(question) = page.ax_node(&field("question")).await? {
        ensure!(question.description.contains("Done:") && question.description.contains("Still needed:"), "the question's description: {question:?}");
    }
    Ok(())
}

/// The stylesheet's forced-colours rules, as this browser parsed them (every engine), and in
/// Chromium, with forced colours and the dark scheme emulated, the meter as drawn and axe's
/// contrast checks.
pub async fn forced_colours_and_the_dark_scheme_keep_every_part_visible(page: Page) -> Outcome {
    page.open_change_password().await?;
    let parsed: bool = page
        .script(
            r#"return Array.from(document.styleSheets).some((s) => { try { return Array.from(s.cssRules).some((r) =>
                 r.media && r.media.mediaText.includes("forced-colors") && Array.from(r.cssRules).some((c) => c.selectorText && c.selectorText.includes("meter-segment"))); }
               catch (e) { return false; } });"#,
            vec![],
        )
        .await?;
    ensure!(parsed, "the widget's stylesheet has no forced-colours rule for the meter in this browser");
    if !page.emulate_media(&[("forced-colors", "active")]).await? {
        return Ok(());
    }
    page.type_into("#new-password", "Brisk-Otter-93").await?;
    let drawn = wait_for("the meter with segments filled", || async {
        let d: serde_json::Value = page
            .script(
                r#"const s = Array.from(document.querySelectorAll('[data-hmis-part="meter-segment"]'), (e) => getComputedStyle(e));
                   return { border: s.map((c) => c.borderTopWidth), backgrounds: s.map((c) => c.backgroundColor),
                            score: document.querySelector('[data-hmis-part="meter"]').getAttribute("data-score") };"#,
                vec![],
            )
            .await?;
        if d["score"].as_str().unwrap_or("").is_empty() { Err(format!("{d}")) } else { Ok(d) }
    })
    .await?;
    let borders: Vec<&str> = drawn["border"].as_array().into_iter().flatten().filter_map(|b| b.as_str()).collect();
    ensure!(borders.iter().all(|b| *b != "0px"), "under forced colours every segment is outlined: {drawn}");
    let backgrounds: Vec<&str> = drawn["backgrounds"].as_array().into_iter().flatten().filter_map(|b| b.as_str()).collect();
    ensure!(backgrounds.first() != backgrounds.last() || drawn["score"] == "4", "filled and empty segments differ: {drawn}");
    page.axe("under forced colours").await?;
    page.emulate_media(&[("prefers-color-scheme", "dark")]).await?;
    page.axe("in the dark scheme, on the change-password page").await?;
    page.open("/first-login.html").await?;
    sign_in_wrongly(&page).await?;
    page.axe("in the dark scheme, on a sign-in error").await
}

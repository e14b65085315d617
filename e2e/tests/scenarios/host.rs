//! Host pages unlike the demo (`www/test/`): one form around a whole ASP.NET WebForms page, whose
//! Cancel and Sign out buttons must post back whatever the password fields hold, and a page with
//! two widgets whose scripts attach twice. Both are served under the demo's strict CSP.

use super::Outcome;
use crate::support::page::{Checklist, Page};
use crate::support::server::TEMPORARY_PASSWORD;
use crate::support::wait::wait_for;
use crate::support::{ensure, ensure_eq};
use fantoccini::key::Key;
use serde::Deserialize;
use serde_json::{json, Value};

const ASPNET: &str = "/test/aspnet.html";
/// The panel inside the page's one form that is the widget's root.
const PANEL: &str = "#ctl00_MainContent_pnlPassword";
const CURRENT: &str = "#ctl00_MainContent_txtCurrent";
const NEW: &str = "#ctl00_MainContent_txtNew";
const CONFIRM: &str = "#ctl00_MainContent_txtConfirm";
const CHANGE: &str = "#ctl00_MainContent_btnChange";
const CANCEL: &str = "#ctl00_MainContent_btnCancel";
const SIGN_OUT: &str = "#ctl00_btnSignOut";

/// The submits that reached the document (www/test/aspnet.js lists each one).
const POSTBACKS_JS: &str = r##"
return Array.from(document.querySelectorAll("#postbacks > li"), (li) => ({
  submitter: li.getAttribute("data-submitter"),
  refused: li.getAttribute("data-refused") === "true",
}));
"##;

#[derive(Debug, Deserialize, PartialEq)]
struct Postback {
    submitter: String,
    refused: bool,
}

fn sent_by(name: &str) -> Postback {
    Postback { submitter: name.to_owned(), refused: false }
}

async fn wait_for_postbacks(page: &Page, count: usize) -> Result<Vec<Postback>, String> {
    wait_for(&format!("{count} postbacks listed"), || async {
        let seen: Vec<Postback> = page.script(POSTBACKS_JS, vec![]).await?;
        if seen.len() == count {
            Ok(seen)
        } else {
            Err(format!("{seen:?}"))
        }
    })
    .await
}

/// Waits until the panel's strength estimate for the typed password has landed (the panel stops
/// moving the buttons under it).
async fn wait_for_panel(page: &Page, what: &str, ready: impl Fn(&Checklist) -> bool) -> Result<Checklist, String> {
    wait_for(what, || async {
        let state = page.checklist_of(PANEL).await?;
        if ready(&state) {
            Ok(state)
        } else {
            Err(format!("{state:?}"))
        }
    })
    .await
}

fn settled(state: &Checklist) -> bool {
    state.meter.busy.as_deref() == Some("false") && state.meter.score.as_deref().is_some_and(|s| !s.is_empty())
}

pub async fn host_aspnet_cancel_and_sign_out_post_back_while_rules_are_unmet(page: Page) -> Outcome {
    page.open(ASPNET).await?;
    wait_for_panel(&page, "the panel's checklist", |s| s.rules.len() == 7).await?;
    ensure_eq!(page.count("[data-hmis-part=\"panel\"]").await?, 1, "checklists on the page");
    page.type_into(CURRENT, TEMPORARY_PASSWORD).await?;
    page.type_into(NEW, "short").await?;
    wait_for_panel(&page, "a strength score for \"short\"", settled).await?;

    // formnovalidate: the page's way of saying "post back whatever is typed".
    page.click(CANCEL).await?;
    wait_for_postbacks(&page, 1).await?;
    let state = page.checklist_of(PANEL).await?;
    ensure_eq!(state.focus_rule, None, "the focused rule after Cancel (nothing was refused)");
    page.click(SIGN_OUT).await?;
    wait_for_postbacks(&page, 2).await?;
    page.script::<Value>(
        "document.forms[0].requestSubmit(document.querySelector(arguments[0]));",
        vec![json!(SIGN_OUT)],
    )
    .await?;
    wait_for_postbacks(&page, 3).await?;

    // Every other submit is still judged: Enter in the new password (which the browser sends
    // through the form's default button, the header's Search) and Change Password.
    page.type_into(NEW, &Key::Enter.to_string()).await?;
    wait_for_panel(&page, "focus on the unmet rule minLength after Enter", |s| s.focus_rule.as_deref() == Some("minLength")).await?;
    page.click(CHANGE).await?;

    page.erase(NEW).await?;
    page.type_into(NEW, "Harbor-Lamp-72").await?;
    page.type_into(CONFIRM, "Harbor-Lamp-72").await?;
    wait_for_panel(&page, "every rule met and a strength score", |s| s.met().len() == 7 && settled(s)).await?;
    page.click(CHANGE).await?;
    let postbacks = wait_for_postbacks(&page, 4).await?;
    let expected = [
        sent_by("ctl00$MainContent$btnCancel"),
        sent_by("ctl00$btnSignOut"),
        sent_by("ctl00$btnSignOut"),
        sent_by("ctl00$MainContent$btnChange"),
    ];
    ensure_eq!(postbacks, expected, "the postbacks: Cancel, Sign out twice, then Change Password once valid");
    Ok(())
}

/// What two-widgets.js got from its attach() calls.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct TwoWidgetsReport {
    mine_same: bool,
    theirs_same: bool,
    overlapping: Option<String>,
    theirs_new: bool,
    theirs_valid: bool,
}

pub async fn host_two_widgets_and_repeated_attach_draw_one_each(page: Page) -> Outcome {
    page.open("/test/two-widgets.html").await?;
    let report: TwoWidgetsReport = wait_for("the page script's report in #report", || async {
        let text: String = page.script("return document.getElementById('report').textContent;", vec![]).await?;
        serde_json::from_str(&text).map_err(|e| format!("{text:?} ({e})"))
    })
    .await?;
    ensure!(report.mine_same, "attach() of the entry script's root gave another handle: {report:?}");
    ensure!(report.theirs_same, "two attach() calls at once gave two handles: {report:?}");
    ensure!(report.theirs_new, "attach() after destroy() gave no new widget: {report:?}");
    ensure_eq!(report.theirs_valid, false, "the new widget's verdict().valid with empty fields");
    ensure_eq!(
        report.overlapping.as_deref(),
        Some("attach: <input id=\"mine-new\"> already has a widget (from an earlier attach()); destroy() that one first"),
        "attach() of an input inside a root that has a widget"
    );
    for (root, toggles) in [("#mine", 3), ("#theirs", 2)] {
        ensure_eq!(page.count(&format!("{root} [data-hmis-part=\"panel\"]")).await?, 1, format!("checklists in {root}"));
        ensure_eq!(page.count(&format!("{root} [data-hmis-part=\"toggle-visibility\"]")).await?, toggles, format!("Show password buttons in {root}"));
        ensure_eq!(page.count(&format!("{root} [data-hmis-part=\"confirm-status\"]")).await?, 1, format!("confirmation lines in {root}"));
    }
    // Each widget answers for its own fields, with its own options.
    page.type_into("#theirs-new", "Harbor-Lamp").await?;
    let theirs = page.checklist_of("#theirs").await?;
    ensure_eq!(theirs.rule("minLength")?.met.as_deref(), Some("false"), "#theirs minLength (12) for an 11-character password");
    let mine = page.checklist_of("#mine").await?;
    ensure_eq!(mine.rule("minLength")?.met.as_deref(), Some("false"), "#mine minLength with nothing typed in it");
    Ok(())
}

/// What a page whose strength worker cannot start meets (a Content Security Policy without the
/// worker's source, a blocked file): `new Worker` throws, as the browser's would.
const BLOCK_WORKERS_JS: &str = r#"
window.Worker = function Worker() {
  throw new DOMException("Workers are blocked on this page", "SecurityError");
};
"#;

/// The `minStrength` item and what the rest of #theirs's checklist shows.
const STRENGTH_ITEM_JS: &str = r##"
const item = document.querySelector('#theirs [data-rule="minStrength"]');
return {
  checkedBy: item.getAttribute("data-checked-by"),
  met: item.getAttribute("data-met"),
  text: item.textContent,
  stillNeeded: Array.from(document.querySelectorAll('#theirs [data-hmis-part="rule"][data-met="false"]'), (li) => li.getAttribute("data-rule")),
  formValid: document.getElementById("theirs").checkValidity(),
};
"##;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StrengthItem {
    checked_by: Option<String>,
    met: Option<String>,
    text: String,
    still_needed: Vec<String>,
    form_valid: bool,
}

pub async fn host_without_the_strength_worker_the_checklist_leaves_strength_to_the_server(page: Page) -> Outcome {
    page.open("/test/two-widgets.html").await?;
    wait_for("the page script's report in #report", || async {
        let text: String = page.script("return document.getElementById('report').textContent;", vec![]).await?;
        if text.is_empty() { Err("empty".to_owned()) } else { Ok(()) }
    })
    .await?;
    // The worker starts on the first keystroke that needs an estimate: block it before that.
    page.script::<Value>(BLOCK_WORKERS_JS, vec![]).await?;
    page.type_into("#theirs-new", "Harbor-Lamp-72!").await?;
    page.type_into("#theirs-confirm", "Harbor-Lamp-72!").await?;
    let item: StrengthItem = wait_for("the strength item handed to the server", || async {
        let item: StrengthItem = page.script(STRENGTH_ITEM_JS, vec![]).await?;
        if item.checked_by.is_some() { Ok(item) } else { Err(format!("{item:?}")) }
    })
    .await?;
    ensure_eq!(item.checked_by.as_deref(), Some("server"), "data-checked-by of the minStrength item");
    ensure_eq!(item.met, None, "data-met of the minStrength item");
    ensure_eq!(item.text.as_str(), "Strength is checked by the server when you save", "the minStrength item's text");
    ensure_eq!(item.still_needed, Vec::<String>::new(), "rules shown as still needed while the verdict is valid");
    ensure!(item.form_valid, "the form is invalid although every rule shown is met: {item:?}");
    // Never in silence: the console says why, and where the strength rule went. (The record
    // may hold the browser's previous page's lines too: only this server's count.)
    let console = page.console().await;
    let ours = |l: &&String| l.contains(page.base()) && l.contains("strength worker") && l.contains("minStrength rule is left to the server");
    ensure!(console.iter().filter(ours).count() == 1, "one console warning naming the cause: {console:?}");
    Ok(())
}

/// A team's journey page before its backend exists: the documented mock backend
/// (pkg/hmis-onboard-mock.js) carries a whole first login, 2-step included, and its console
/// line names each action and status, never a value.
pub async fn host_builds_a_journey_page_on_the_mock_backend(page: Page) -> Outcome {
    page.open("/mock.html").await?;
    page.wait_for_step("signIn").await?;
    page.fill("username", "demo").await?;
    page.fill("password", "Temp-Pass-2024!").await?;
    page.submit_step().await?;
    page.wait_for_step("terms").await?;
    page.click(&crate::support::journey::field("accept")).await?;
    page.submit_step().await?;
    page.wait_for_step("changePassword").await?;
    page.fill("currentPassword", "Temp-Pass-2024!").await?;
    page.fill("newPassword", "Brisk-Otter-93").await?;
    page.fill("confirmPassword", "Brisk-Otter-93").await?;
    page.wait_for_step_password_ready().await?;
    page.submit_step().await?;
    page.wait_for_step("browserSaving").await?;
    page.submit_step().await?;
    page.wait_for_step("popups").await?;
    page.submit_step().await?;
    page.wait_for_step("recovery").await?;
    page.fill("question", "What did my grandmother call her garden shed?").await?;
    page.fill("answer", "the blue palace").await?;
    page.fill("confirmAnswer", "the blue palace").await?;
    page.submit_step().await?;
    page.wait_for_step("twoStep").await?;
    let (_, code) = page.totp_from_key_text().await?;
    page.fill("code", &code).await?;
    page.submit_step().await?;
    page.wait_for_step("done").await?;
    let console = page.console().await;
    let said: Vec<&String> = console.iter().filter(|l| l.contains("mock backend:")).collect();
    ensure!(said.iter().any(|l| l.contains("verifyTotp → 200")), "the mock's console lines: {said:?}");
    ensure!(!console.iter().any(|l| l.contains("Brisk-Otter-93") || l.contains("blue palace")), "a secret in the console: {console:?}");
    Ok(())
}

/// A journey root whose configuration is wrong shows the person a short notice, not an empty
/// box; the console names the key.
pub async fn host_with_a_wrong_journey_configuration_shows_a_notice_not_an_empty_box(page: Page) -> Outcome {
    page.open("/test/broken-journey.html").await?;
    let note: Value = wait_for("the journey's not-started notice", || async {
        let note: Value = page
            .script(
                r#"const n = document.querySelector('#journey [data-hmis-part="not-started"]');
                   return n && { role: n.getAttribute("role"), text: n.textContent };"#,
                vec![],
            )
            .await?;
        if note.is_null() { Err("no notice yet".to_owned()) } else { Ok(note) }
    })
    .await?;
    ensure_eq!(note["role"], json!("alert"), "the notice's role");
    ensure!(note["text"].as_str().unwrap_or("").starts_with("This page could not start."), "the notice: {note}");
    // The details are for the developer: attach() rejects naming the key (the entry script's own
    // attach logs the same to the console, perhaps before a test can listen).
    let error: String = page
        .async_script(
            r#"const done = arguments[arguments.length - 1];
               import("/pkg/hmis-onboard.js").then((m) => m.attach(document.getElementById("journey")))
                 .then(() => done("attached"), (e) => done(String(e && e.message)));"#,
            vec![],
        )
        .await?;
    ensure!(error.contains("config.backend.baseUrl"), "attach() names the key: {error:?}");
    Ok(())
}

/// Mistakes a web team makes in its first hour are said in the console, once, with the fix: a
/// legacy form whose password inputs carry no tokens, and a second copy of the module.
pub async fn host_mistakes_are_said_once_in_the_console(page: Page) -> Outcome {
    page.open_change_password().await?;
    const LEGACY_JS: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  const { attach } = await import("/pkg/hmis-onboard.js");
  const form = document.createElement("form");
  form.id = "legacy";
  form.innerHTML = '<input type="password" name="NewPwd"><input type="password" name="ConfirmPwd">';
  document.body.append(form);
  await attach(form);
  await import("/pkg/hmis-onboard.js?v=2");
  return true;
})().then(done, (error) => done(String(error)));
"#;
    let ran: Value = page.async_script(LEGACY_JS, vec![]).await?;
    ensure_eq!(ran, json!(true), "attaching the legacy form");
    let console = page.console().await;
    let count = |needle: &str| console.iter().filter(|l| l.contains(needle)).count();
    ensure_eq!(count("#legacy has password inputs but none marked as the new password"), 1, format!("the legacy form's warning in {console:?}"));
    // This server's: the record may hold the browser's previous page's lines too.
    let second_copy = format!("a second copy of the module loaded ({}/pkg/hmis-onboard.js?v=2", page.base());
    ensure_eq!(count(&second_copy), 1, format!("the second copy's warning in {console:?}"));
    Ok(())
}

/// The widget's files on another origin (an assets host or CDN), the page under its own CSP:
/// the checklist works, the strength worker starts (a same-origin blob: module importing it), and
/// the nist preset's minStrength rule holds, so `passwordpassword` style passwords are refused.
pub async fn host_loads_the_widget_from_another_origin_and_strength_still_counts(page: Page) -> Outcome {
    let backend = crate::support::django::DjangoBackend::start(crate::support::django::Kind::Allauth).await?;
    let host = Page::new(page.client.clone(), &backend.url);
    let assets = format!("{}/pkg/", page.base());
    host.open(&format!("/test/assets-host.html?assets={assets}")).await?;
    wait_for("the checklist from the assets host", || async {
        let n: u64 = host.count("#profile [data-hmis-part=\"rule\"]").await?;
        if n > 0 { Ok(()) } else { Err("no rules yet".to_owned()) }
    })
    .await?;
    host.type_into("#n", "passwordpassword").await?;
    host.type_into("#c", "passwordpassword").await?;
    let strength: Value = wait_for("a strength verdict from the worker", || async {
        let s: Value = host
            .script(
                r#"const item = document.querySelector('#profile [data-rule="minStrength"]');
                   const meter = document.querySelector('#profile [data-hmis-part="meter"]');
                   return { met: item.getAttribute("data-met"), checkedBy: item.getAttribute("data-checked-by"),
                            score: meter.getAttribute("data-score"), valid: document.getElementById("profile").checkValidity() };"#,
                vec![],
            )
            .await?;
        if s["score"].as_str().unwrap_or("").is_empty() && s["checkedBy"].is_null() { Err(format!("{s}")) } else { Ok(s) }
    })
    .await?;
    ensure_eq!(strength["checkedBy"], Value::Null, format!("the strength rule was left to the server: {strength}; console: {:?}", host.console().await));
    ensure_eq!(strength["met"], json!("false"), format!("passwordpassword meets minStrength: {strength}"));
    ensure_eq!(strength["valid"], json!(false), "the form accepts passwordpassword");
    let console = host.console().await;
    ensure!(!console.iter().any(|l| l.contains("strength worker")), "the worker did not start: {console:?}");
    Ok(())
}

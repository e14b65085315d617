//! What a host's own script sees: the `hmis-onboard:verdict` event and the `attach()` handle.

use super::checklist::STRENGTH_LABELS;
use super::Outcome;
use crate::support::page::{Page, CONFIRM, CURRENT, RULES};
use crate::support::server::TEMPORARY_PASSWORD;
use crate::support::wait::wait_for;
use crate::support::{ensure, ensure_eq};
use serde::Deserialize;
use serde_json::{json, Value};

/// Collects every verdict event that reaches `document` (so only bubbling ones count).
const RECORD_VERDICTS_JS: &str = r#"
window.e2eVerdicts = [];
document.addEventListener("hmis-onboard:verdict", (event) => {
  const detail = JSON.parse(JSON.stringify(event.detail));
  window.e2eVerdicts.push({ target: event.target.id, bubbles: event.bubbles, detail });
});
"#;

/// Pastes into the new password and returns the verdict sent synchronously with that `input`
/// event, before the strength estimate (which comes a task later) can exist.
const PASTE_AND_TAKE_VERDICT_JS: &str = r##"
const input = document.querySelector("#new-password");
const before = window.e2eVerdicts.length;
input.value = arguments[0];
input.dispatchEvent(new Event("input", { bubbles: true }));
return window.e2eVerdicts.slice(before);
"##;

/// The event's `detail`. Unknown keys are refused, so the contract cannot grow silently.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Verdict {
    valid: bool,
    rules: Vec<RuleVerdict>,
    strength: Option<StrengthVerdict>,
    confirm_matches: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleVerdict {
    id: String,
    met: bool,
    message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StrengthVerdict {
    score: u8,
    label: String,
    warning: Option<String>,
    suggestions: Vec<String>,
    truncated: bool,
}

/// One recorded event.
#[derive(Debug, Deserialize)]
struct Recorded {
    target: String,
    bubbles: bool,
    detail: Value,
}

pub async fn verdict_event_detail_shape(page: Page) -> Outcome {
    page.open_change_password().await?;
    page.script::<Value>(RECORD_VERDICTS_JS, vec![]).await?;
    page.type_into(CURRENT, TEMPORARY_PASSWORD).await?;

    let sent: Vec<Recorded> = page.script(PASTE_AND_TAKE_VERDICT_JS, vec![json!("Harbor-Lights-7")]).await?;
    ensure_eq!(sent.len(), 1, "verdict events sent with one input event");
    let first = verdict(&sent[0])?;
    ensure!(first.strength.is_none(), "the first verdict for a new password has a strength already: {first:?}");
    ensure!(first.rules.iter().all(|r| r.met), "every rule should be met by \"Harbor-Lights-7\": {first:?}");
    ensure_eq!(first.confirm_matches, Some(false), "confirmMatches with an empty confirmation");
    ensure_eq!(first.valid, false, "valid with an empty confirmation");

    let estimated = wait_for("a verdict event with a strength estimate", || async {
        let all: Vec<Recorded> = page.script("return window.e2eVerdicts;", vec![]).await?;
        let last = all.last().ok_or("no verdict events")?;
        let last_verdict = verdict(last)?;
        match &last_verdict.strength {
            Some(_) => Ok(last_verdict),
            None => Err(format!("{last_verdict:?}")),
        }
    })
    .await?;
    let strength = estimated.strength.as_ref().expect("waited for it");
    ensure!(strength.score <= 4, "strength.score {} is out of 0..=4", strength.score);
    ensure_eq!(strength.label.as_str(), STRENGTH_LABELS[usize::from(strength.score)], "strength.label");
    ensure_eq!(strength.truncated, false, "strength.truncated for a 15-character password");
    ensure!(
        strength.warning.as_deref() != Some("") && strength.suggestions.iter().all(|s| !s.is_empty()),
        "empty warning or suggestion text: {strength:?}"
    );

    page.type_into(CONFIRM, "Harbor-Lights-7").await?;
    let all: Vec<Recorded> = page.script("return window.e2eVerdicts;", vec![]).await?;
    let last = verdict(all.last().ok_or("no verdict events")?)?;
    ensure_eq!(last.confirm_matches, Some(true), "confirmMatches once both fields agree");
    ensure_eq!(last.valid, true, "valid once both fields agree");
    for event in &all {
        ensure_eq!(event.target.as_str(), "new-password", "the verdict event's target");
        ensure!(event.bubbles, "a verdict event that does not bubble");
    }
    Ok(())
}

/// Decodes one event's detail strictly and checks the rules' ids, order and messages.
fn verdict(recorded: &Recorded) -> Result<Verdict, String> {
    let keys: Vec<&String> = recorded.detail.as_object().map(|o| o.keys().collect()).unwrap_or_default();
    for key in ["valid", "rules", "strength", "confirmMatches"] {
        ensure!(keys.iter().any(|k| *k == key), "the verdict detail lacks {key:?}: {}", recorded.detail);
    }
    let verdict: Verdict = serde_json::from_value(recorded.detail.clone())
        .map_err(|e| format!("unexpected verdict detail {}: {e}", recorded.detail))?;
    let ids: Vec<&str> = verdict.rules.iter().map(|r| r.id.as_str()).collect();
    ensure_eq!(ids, RULES.to_vec(), "the verdict's rule ids, in order");
    ensure!(verdict.rules.iter().all(|r| !r.message.is_empty()), "a rule without a message: {verdict:?}");
    Ok(verdict)
}

/// Attaches a second widget to a form built in the page, uses it, destroys it, and reports what
/// was there before and after. The page's own widget must not notice.
const ATTACH_USE_DESTROY_JS: &str = r##"
const done = arguments[arguments.length - 1];
(async () => {
  const { attach } = await import("/pkg/hmis-onboard.js");
  const form = document.createElement("form");
  form.innerHTML = `
    <input autocomplete="username" value="jsmith">
    <input type="password" autocomplete="new-password">
    <input type="password" autocomplete="new-password">`;
  document.body.append(form);
  const [created, confirm] = form.querySelectorAll('input[type="password"]');
  const type = (input, value) => {
    input.value = value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
  };
  const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));
  let events = 0;
  form.addEventListener("hmis-onboard:verdict", () => { events += 1; });

  const handle = await attach(form);
  // Counted only now: in Firefox a WebDriver script's import() evaluates the module anew, and
  // its auto-attach gives the page's form a second widget before `attach(form)` resolves.
  const pageParts = document.querySelectorAll("#change-password [data-hmis-part]").length;
  const partsAttached = form.querySelectorAll("[data-hmis-part]").length;
  type(created, "Harbor-Lights-7");
  type(confirm, "Harbor");
  const eventsAttached = events;
  const verdict = handle.verdict();
  form.querySelector('[data-hmis-part="toggle-visibility"]').click();
  const typeWhileShown = created.type;

  handle.destroy();
  events = 0;
  type(created, "x");
  type(confirm, "y");
  await nextTask();
  const result = {
    partsAttached,
    eventsAttached,
    verdictValid: verdict === null ? null : verdict.valid,
    typeWhileShown,
    partsAfter: form.querySelectorAll("[data-hmis-part]").length,
    eventsAfter: events,
    typeAfter: created.type,
    describedByAfter: created.getAttribute("aria-describedby"),
    validationAfter: created.validationMessage + confirm.validationMessage,
    pageParts,
    pagePartsAfter: document.querySelectorAll("#change-password [data-hmis-part]").length,
  };
  handle.destroy();
  form.remove();
  return result;
})().then(done, (error) => done({ error: String((error && error.stack) || error) }));
"##;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct DestroyReport {
    parts_attached: u64,
    events_attached: u64,
    verdict_valid: Option<bool>,
    type_while_shown: String,
    parts_after: u64,
    events_after: u64,
    type_after: String,
    described_by_after: Option<String>,
    validation_after: String,
    page_parts: u64,
    page_parts_after: u64,
}

pub async fn destroy_removes_everything(page: Page) -> Outcome {
    page.open_change_password().await?;
    let report: DestroyReport = page.async_script(ATTACH_USE_DESTROY_JS, vec![]).await?;
    ensure!(report.parts_attached > 0, "attach() added no elements: {report:?}");
    ensure!(report.events_attached > 0, "no verdict events while attached: {report:?}");
    ensure_eq!(report.verdict_valid, Some(false), "handle.verdict().valid with a half-typed confirmation");
    ensure_eq!(report.type_while_shown.as_str(), "text", "input type after clicking show");
    ensure_eq!(report.parts_after, 0, "elements with data-hmis-part left after destroy()");
    ensure_eq!(report.events_after, 0, "verdict events after destroy()");
    ensure_eq!(report.type_after.as_str(), "password", "input type after destroy() (a shown password is hidden again)");
    ensure_eq!(report.described_by_after, None, "aria-describedby after destroy()");
    ensure_eq!(report.validation_after.as_str(), "", "validation messages after destroy()");
    ensure!(report.page_parts > 0, "the page's own widget has no elements: {report:?}");
    ensure_eq!(report.page_parts_after, report.page_parts, "the page's own widget's elements after destroying another");
    Ok(())
}

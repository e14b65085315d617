//! The form's submit: refused (with focus on what is missing) until the verdict is valid, then
//! an ordinary post.

use super::Outcome;
use crate::support::ensure_eq;
use crate::support::page::{Checklist, Page, CONFIRM, CURRENT, NEW, SUBMIT};
use crate::support::server::TEMPORARY_PASSWORD;
use crate::support::wait::wait_for;
use serde_json::json;

/// Records, in `sessionStorage` (which survives the post), the type of each password input at
/// the moment the form is sent. Added after the widget's own submit listener, so it sees what
/// the widget left.
const RECORD_TYPES_AT_SUBMIT_JS: &str = r##"
const form = document.querySelector("#change-password");
sessionStorage.removeItem("e2e-types-at-submit");
form.addEventListener("submit", () => {
  const types = Array.from(form.querySelectorAll('input[autocomplete$="password"]'), (input) => input.type);
  sessionStorage.setItem("e2e-types-at-submit", JSON.stringify(types));
});
"##;

/// What focus should land on when a submit is refused.
enum Focus {
    Rule(&'static str),
    Input(&'static str),
}

pub async fn submit_blocked_then_allowed(page: Page) -> Outcome {
    page.open_change_password().await?;
    page.type_into(CURRENT, TEMPORARY_PASSWORD).await?;

    page.type_into(NEW, "short").await?;
    refuse_submit(&page, Focus::Rule("minLength")).await.map_err(|e| format!("new password \"short\": {e}"))?;

    page.erase(NEW).await?;
    page.type_into(NEW, "LongEnough").await?;
    refuse_submit(&page, Focus::Rule("digit")).await.map_err(|e| format!("new password \"LongEnough\": {e}"))?;

    page.type_into(NEW, "-7").await?;
    refuse_submit(&page, Focus::Input("confirm-password"))
        .await
        .map_err(|e| format!("every rule met, confirmation empty: {e}"))?;

    page.type_into(CONFIRM, "LongEnough-7").await?;
    // Leave the new password shown: the widget must hide it again before the form is sent.
    page.click(&format!("{NEW} + [data-hmis-part=\"toggle-visibility\"]")).await?;
    page.script::<serde_json::Value>(RECORD_TYPES_AT_SUBMIT_JS, vec![]).await?;
    // The page's own required field (the server wants the terms accepted with the change).
    page.click("#accept-terms").await?;
    click_submit(&page).await?;
    page.wait_for_path("/password-changed.html").await?;
    let types: Option<String> =
        page.script("return sessionStorage.getItem(arguments[0]);", vec![json!("e2e-types-at-submit")]).await?;
    ensure_eq!(
        types.as_deref(),
        Some(r#"["password","password","password"]"#),
        "types of the password inputs when the form was sent"
    );
    Ok(())
}

/// Clicks submit and checks that the browser stayed on the page with focus on `focus`.
async fn refuse_submit(page: &Page, focus: Focus) -> Outcome {
    click_submit(page).await?;
    wait_for(&focus.describe(), || async {
        let state = page.checklist().await?;
        if focus.is_on(&state) {
            Ok(())
        } else {
            Err(format!("focus on rule {:?} / element #{:?}", state.focus_rule, state.focus_id))
        }
    })
    .await?;
    ensure_eq!(page.path().await?, "/change-password.html", "the page after a refused submit");
    Ok(())
}

/// Clicks the submit button once the strength estimate for the typed password has landed: its
/// warning and suggestions change the panel's height, and a click aimed at the button while it
/// moves lands on whatever takes its place.
async fn click_submit(page: &Page) -> Outcome {
    page.wait_for_strength().await?;
    page.click(SUBMIT).await
}

impl Focus {
    fn is_on(&self, state: &Checklist) -> bool {
        match self {
            Focus::Rule(rule) => state.focus_rule.as_deref() == Some(*rule),
            Focus::Input(id) => state.focus_id.as_deref() == Some(*id),
        }
    }

    fn describe(&self) -> String {
        match self {
            Focus::Rule(rule) => format!("focus on the rule {rule:?}"),
            Focus::Input(id) => format!("focus on #{id}"),
        }
    }
}

//! When the WebAssembly cannot load, the page keeps working as if the widget were not there.

use super::Outcome;
use crate::support::page::{Page, CONFIRM, CURRENT, NEW, SUBMIT};
use crate::support::server::TEMPORARY_PASSWORD;
use crate::support::wait::wait_for;
use crate::support::{ensure, ensure_eq};
use serde::Deserialize;

const UNAVAILABLE_TEXT: &str = "Live password checks could not start. The password rules still apply.";

const NOTE_JS: &str = r#"
const note = document.querySelector('#change-password > [data-hmis-part="unavailable"]');
return note === null ? null : { role: note.getAttribute("role"), text: note.textContent,
  before: note.nextElementSibling && note.nextElementSibling.getAttribute("for") };
"#;

/// `attach()` on another form, on the page whose WebAssembly is missing: it must resolve to
/// `null` and show the notice there too, not throw.
const ATTACH_WITHOUT_WASM_JS: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  const { attach } = await import("/no-wasm/pkg/hmis-onboard.js");
  const form = document.createElement("form");
  form.innerHTML = '<input type="password" autocomplete="new-password">';
  document.body.append(form);
  const handle = await attach(form);
  const notes = form.querySelectorAll('[data-hmis-part="unavailable"]').length;
  form.remove();
  return { handleIsNull: handle === null, notes };
})().then(done, (error) => done({ error: String((error && error.stack) || error) }));
"#;

#[derive(Debug, Deserialize)]
struct Note {
    role: Option<String>,
    text: String,
    /// What the notice stands before: the new password's label, beside the field it is about.
    before: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AttachReport {
    handle_is_null: bool,
    notes: u64,
}

pub async fn wasm_failed_fallback(page: Page) -> Outcome {
    page.open("/no-wasm/change-password.html").await?;
    let note = wait_for("the \"unavailable\" notice in the form", || async {
        let note: Option<Note> = page.script(NOTE_JS, vec![]).await?;
        note.ok_or_else(|| "no notice".to_owned())
    })
    .await?;
    ensure_eq!(note.role.as_deref(), Some("note"), "role of the notice");
    ensure_eq!(note.text.as_str(), UNAVAILABLE_TEXT, "text of the notice");
    ensure_eq!(note.before.as_deref(), Some("new-password"), "the notice stands beside the new password, not at the top of the form");
    ensure_eq!(page.count("[data-hmis-part]").await?, 1, "elements with data-hmis-part (only the notice)");

    let report: AttachReport = page.async_script(ATTACH_WITHOUT_WASM_JS, vec![]).await?;
    ensure!(report.handle_is_null, "attach() without WebAssembly should resolve to null");
    ensure_eq!(report.notes, 1, "notices in a form attached without WebAssembly");

    // The host's form still works on its own.
    page.type_into(CURRENT, TEMPORARY_PASSWORD).await?;
    page.type_into(NEW, "Harbor-Lights-7").await?;
    page.type_into(CONFIRM, "Harbor-Lights-7").await?;
    page.click("#accept-terms").await?;
    page.click(SUBMIT).await?;
    page.wait_for_path("/password-changed.html").await?;
    Ok(())
}

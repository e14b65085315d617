//! How the widget's files reach the page.

use super::journeys::browser_label;
use super::Outcome;
use crate::support::ensure_eq;
use crate::support::page::Page;

/// How each download of a build's WebAssembly was started (resource timing's `initiatorType`:
/// "link" for the page's preload, "fetch" for the entry script's own request), by build.
const WASM_DOWNLOADS_JS: &str = r#"
const downloads = { field: [], journey: [] };
for (const e of performance.getEntriesByType("resource")) {
  const build = new URL(e.name).pathname.match(/^\/pkg\/(field|journey)-[0-9a-f]{10}\/hmis_onboard_bg\.wasm$/);
  if (build) downloads[build[1]].push(e.initiatorType);
}
return downloads;
"#;

#[derive(Debug, PartialEq, serde::Deserialize)]
struct Downloads {
    field: Vec<String>,
    journey: Vec<String>,
}

/// The server sends a page with a widget root with a `Link` preload of the WebAssembly that
/// root loads (pkg/manifest.json), so its download starts with the page, not when the entry
/// script runs. The entry script's own request must then be answered by that preload: one
/// download, started by the preload. A preload the browser cannot match (another URL, another
/// credentials mode) would show as two downloads. WebKit never hands such a preload to
/// `fetch()`, so the server sends it none: one download there too, by the entry script.
///
/// A password page loads the field build only; a journey page (its JSON block names the
/// journey) the journeys build only, which holds the field widget as well.
pub async fn each_page_downloads_one_build_once_from_its_preload(page: Page) -> Outcome {
    let label = browser_label(&page).await?;
    let how = if label.contains("chrome") || label.contains("firefox") { "link" } else { "fetch" };
    let once = vec![how.to_owned()];

    page.open_change_password().await?;
    let downloads: Downloads = page.script(WASM_DOWNLOADS_JS, vec![]).await?;
    ensure_eq!(downloads, Downloads { field: once.clone(), journey: vec![] }, "a password page's downloads, by initiator");

    page.open("/first-login.html").await?;
    page.wait_for_step("signIn").await?;
    let downloads: Downloads = page.script(WASM_DOWNLOADS_JS, vec![]).await?;
    ensure_eq!(downloads, Downloads { field: vec![], journey: once }, "a journey page's downloads, by initiator");
    Ok(())
}

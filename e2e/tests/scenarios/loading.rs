//! How the widget's files reach the page.

use super::journeys::browser_label;
use super::Outcome;
use crate::support::ensure_eq;
use crate::support::page::Page;

/// How each download of the field build's WebAssembly was started (resource timing's
/// `initiatorType`: "link" for the page's preload, "fetch" for the entry script's own request).
const FIELD_WASM_DOWNLOADS_JS: &str = r#"
return performance.getEntriesByType("resource")
  .filter((e) => /^\/pkg\/field-[0-9a-f]{10}\/hmis_onboard_bg\.wasm$/.test(new URL(e.name).pathname))
  .map((e) => e.initiatorType);
"#;

/// The server sends a page with a widget root with a `Link` preload of the field build's
/// WebAssembly (pkg/manifest.json), so its download starts with the page, not when the entry
/// script runs. The entry script's own request must then be answered by that preload: one
/// download, started by the preload. A preload the browser cannot match (another URL, another
/// credentials mode) would show as two downloads. WebKit never hands such a preload to
/// `fetch()`, so the server sends it none: one download there too, by the entry script.
pub async fn field_webassembly_comes_from_the_pages_preload(page: Page) -> Outcome {
    page.open_change_password().await?;
    let downloads: Vec<String> = page.script(FIELD_WASM_DOWNLOADS_JS, vec![]).await?;
    let label = browser_label(&page).await?;
    let preloaded = label.contains("chrome") || label.contains("firefox");
    let expected = if preloaded { "link" } else { "fetch" };
    ensure_eq!(downloads, vec![expected.to_owned()], "downloads of the field build's WebAssembly, by initiator");
    Ok(())
}

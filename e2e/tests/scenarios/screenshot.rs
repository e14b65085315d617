//! The README's pictures (`E2E_SCREENSHOT=path.png`, and `path-dark.png` beside it): the
//! change-password page part-way through, in the light and the dark scheme, so they show met and
//! missing rules, a strength estimate and a confirmation being typed.

use super::Outcome;
use crate::support::page::{Page, CONFIRM, CURRENT, NEW, RULES};
use crate::support::server::TEMPORARY_PASSWORD;
use crate::support::{ensure, Context};
use std::path::PathBuf;

/// The picture's size in CSS pixels.
const VIEWPORT: (u32, u32) = (900, 1150);

pub async fn save(page: Page, path: PathBuf) -> Outcome {
    page.open_change_password().await?;
    size_viewport(&page, VIEWPORT).await?;
    page.type_into(CURRENT, TEMPORARY_PASSWORD).await?;
    page.type_into(NEW, "blue-Harbor").await?;
    let all_but_digit: Vec<&str> = RULES.iter().copied().filter(|r| *r != "digit").collect();
    page.wait_for_met(&all_but_digit).await?;
    page.wait_for_strength().await?;
    page.type_into(CONFIRM, "blue-Har").await?;
    page.wait_for_confirm("false").await?;

    write_screenshot(&page, &path).await?;
    // The same in the dark scheme, which the demo pages allow (`color-scheme: light dark`), beside
    // it: docs/demo.png and docs/demo-dark.png.
    ensure!(page.emulate_media(&[("prefers-color-scheme", "dark")]).await?, "emulating the dark scheme");
    let dark = path.with_file_name(format!(
        "{}-dark.png",
        path.file_stem().and_then(|s| s.to_str()).unwrap_or("screenshot")
    ));
    write_screenshot(&page, &dark).await
}

async fn write_screenshot(page: &Page, path: &std::path::Path) -> Outcome {
    let png = page.client.screenshot().await.context("taking the screenshot")?;
    ensure!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).context(&format!("creating {}", dir.display()))?;
    }
    std::fs::write(path, png).context(&format!("writing {}", path.display()))
}

/// Sizes the window so that the page itself (not the window with its frame) is `width` by
/// `height`: the screenshot shows the viewport.
async fn size_viewport(page: &Page, (width, height): (u32, u32)) -> Outcome {
    page.client.set_window_size(width, height).await.context("resizing the window")?;
    let (inner_width, inner_height): (u32, u32) =
        page.script("return [window.innerWidth, window.innerHeight];", vec![]).await?;
    let frame = (width.saturating_sub(inner_width), height.saturating_sub(inner_height));
    page.client.set_window_size(width + frame.0, height + frame.1).await.context("resizing the window")
}

//! The npm package in a host's own build: the minimal Vite and webpack 5 apps in
//! `tests/bundlers/`, each built by `scripts/bundlers.sh` (which `make test` runs first) from the
//! packed `pkg/` with the bundler's defaults. Each app's `dist/` is served as the site by a
//! reference server of its own, under the demo's strict Content-Security-Policy, and must do
//! what the script tag does: the checklist on a change-password form, the strength worker (which
//! the bundler bundled), and a journey that loads its build (on the package's mock backend).

use super::checklist::STRENGTH_LABELS;
use super::journeys::{browser_label, no_csp_reports};
use super::languages::{catalog, text};
use super::Outcome;
use crate::support::page::{Page, CONFIRM, NEW, RULES};
use crate::support::repo_root;
use crate::support::server::{DemoServer, Options};
use crate::support::wait::wait_for;
use crate::support::{ensure, ensure_eq};
use std::path::PathBuf;

/// What an empty password already satisfies.
const EMPTY_MET: &[&str] = &["maxLength", "notUsername", "notCurrent"];

/// A password that meets every rule of the app's form.
const PASSWORD: &str = "Harbor-Lamp-72";

/// How many rules the stylesheet the entry script added holds, once it loaded (null before;
/// a sheet the browser refused holds none).
const STYLESHEET_RULES_JS: &str = r#"
const link = document.querySelector("link[data-hmis-styles]");
return link && link.sheet ? link.sheet.cssRules.length : null;
"#;

/// The WebAssembly files this page fetched itself (the strength worker's are the worker's own).
const WASM_DOWNLOADS_JS: &str = r#"
return performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname).filter((p) => p.endsWith(".wasm"));
"#;

#[derive(Clone, Copy)]
enum Bundler {
    Vite,
    Webpack,
}

impl Bundler {
    fn name(self) -> &'static str {
        match self {
            Bundler::Vite => "vite",
            Bundler::Webpack => "webpack",
        }
    }

    /// The app's build output: `index.html` (the change-password form) and `journey.html`.
    fn dist(self) -> PathBuf {
        repo_root().join("tests").join("bundlers").join(self.name()).join("dist")
    }
}

/// The app's site: a reference server of its own whose `--www` is the app's `dist/`, with the
/// demo's CSP on every answer and the violation reports kept. Its `--pkg` is the `dist/` too:
/// the bundled app loads nothing from `pkg/`, and the preload header the server reads from
/// `pkg/manifest.json` would name files the page never uses. The server lives as long as the
/// handle returned with the page pointed at it.
async fn serve(page: &Page, bundler: Bundler) -> Result<(DemoServer, Page), String> {
    let dist = bundler.dist();
    ensure!(
        dist.join("index.html").is_file() && dist.join("journey.html").is_file(),
        "{} has no index.html and journey.html: run scripts/bundlers.sh (make test does, after make build)",
        dist.display()
    );
    let dist = dist.display().to_string();
    let options =
        Options { extra: vec!["--www".to_owned(), dist.clone(), "--pkg".to_owned(), dist], ..Options::default() };
    let label = format!("bundlers_{}_{}", bundler.name(), browser_label(page).await?);
    let server = DemoServer::start_with(&label, &options).await?;
    let site = Page::new(page.client.clone(), &server.url);
    Ok((server, site))
}

/// Nothing went wrong in the page's console: no warning of the widget's (a file it could not
/// load, a worker that did not start), no error, nothing uncaught. (The mock backend's lines
/// are `info`.)
async fn no_console_trouble(page: &Page) -> Outcome {
    let console = page.console().await;
    let trouble = ["warn:", "error:", "uncaught:", "unhandled rejection:"];
    let bad: Vec<&String> = console.iter().filter(|l| trouble.iter().any(|t| l.starts_with(t))).collect();
    ensure!(bad.is_empty(), "the page's console: {bad:?}");
    Ok(())
}

async fn checklist_follows_typing(page: Page, bundler: Bundler) -> Outcome {
    let (_server, page) = serve(&page, bundler).await?;
    page.open("/index.html").await?;
    let initial = page.wait_for_checklist().await?;
    let ids: Vec<&str> = initial.rules.iter().map(|r| r.id.as_str()).collect();
    ensure_eq!(ids, RULES.to_vec(), "the checklist's rules, in order");
    page.wait_for_met(EMPTY_MET).await?;
    page.type_into(NEW, "a").await?;
    page.wait_for_met(EMPTY_MET).await?;
    page.type_into(NEW, "B3!").await?;
    page.wait_for_met(&["maxLength", "uppercase", "digit", "symbol", "notUsername", "notCurrent"]).await?;
    page.erase(NEW).await?;
    page.type_into(NEW, PASSWORD).await?;
    page.wait_for_met(&RULES).await?;
    page.type_into(CONFIRM, PASSWORD).await?;
    page.wait_for_confirm("true").await?;

    // The stylesheet the entry script adds is the bundler's copy, and it loaded.
    wait_for("the widget's stylesheet, loaded", || async {
        let rules: Option<u64> = page.script(STYLESHEET_RULES_JS, vec![]).await?;
        match rules {
            Some(n) if n > 0 => Ok(()),
            other => Err(format!("rules in link[data-hmis-styles]: {other:?}")),
        }
    })
    .await?;
    // A password page fetches the field build's WebAssembly only.
    let wasm: Vec<String> = page.script(WASM_DOWNLOADS_JS, vec![]).await?;
    ensure_eq!(wasm.len(), 1, format!("WebAssembly files a password page fetched: {wasm:?}"));
    no_csp_reports(&page).await?;
    no_console_trouble(&page).await
}

async fn strength_worker_gives_a_score(page: Page, bundler: Bundler) -> Outcome {
    let (_server, page) = serve(&page, bundler).await?;
    page.open("/index.html").await?;
    page.wait_for_checklist().await?;
    page.type_into(NEW, PASSWORD).await?;
    // Only the worker (zxcvbn's build, in the bundler's worker chunk) scores a password: were it
    // not to start, strength would show as unavailable, without a score.
    let meter = page.wait_for_strength().await?;
    let score: usize =
        meter.score.as_deref().unwrap_or_default().parse().map_err(|e| format!("data-score {:?}: {e}", meter.score))?;
    ensure!(score < STRENGTH_LABELS.len(), "data-score {score} out of 0–4");
    ensure_eq!(meter.label.as_str(), STRENGTH_LABELS[score], format!("the label of score {score}"));
    no_csp_reports(&page).await?;
    no_console_trouble(&page).await
}

async fn journey_loads_its_build(page: Page, bundler: Bundler) -> Outcome {
    let (_server, page) = serve(&page, bundler).await?;
    page.open("/journey.html").await?;
    // The journeys build (the dynamic import and its WebAssembly), started on the mock backend
    // imported from @hmis-onboard/widget/mock: its first step.
    page.wait_for_step("signIn").await?;
    // The page is in Spanish: the catalog the entry script fetched is the bundler's copy.
    let es = catalog("src/messages/es.json")?;
    let heading: String = page.script(r#"return document.querySelector('[data-hmis-part="step-heading"]').textContent;"#, vec![]).await?;
    ensure_eq!(heading.as_str(), text(&es, "step.signIn"), "the journey's heading on a Spanish page");
    // Both stylesheets, the field's and the journeys', are the bundler's copies, and loaded.
    wait_for("the widget's two stylesheets, loaded", || async {
        let rules: Vec<Option<u64>> = page
            .script(r#"return Array.from(document.querySelectorAll("link[data-hmis-styles]"), (l) => l.sheet ? l.sheet.cssRules.length : null);"#, vec![])
            .await?;
        if rules.len() == 2 && rules.iter().all(|n| n.unwrap_or(0) > 0) { Ok(()) } else { Err(format!("rules per stylesheet: {rules:?}")) }
    })
    .await?;
    let wasm: Vec<String> = page.script(WASM_DOWNLOADS_JS, vec![]).await?;
    ensure_eq!(
        wasm.len(),
        1,
        format!("WebAssembly files a journey page fetched (the journeys build's only): {wasm:?}")
    );
    no_csp_reports(&page).await?;
    no_console_trouble(&page).await
}

pub async fn bundled_by_vite_the_checklist_follows_typing(page: Page) -> Outcome {
    checklist_follows_typing(page, Bundler::Vite).await
}

pub async fn bundled_by_vite_the_strength_worker_gives_a_score(page: Page) -> Outcome {
    strength_worker_gives_a_score(page, Bundler::Vite).await
}

pub async fn bundled_by_vite_a_journey_loads_its_build_and_shows_its_first_step(page: Page) -> Outcome {
    journey_loads_its_build(page, Bundler::Vite).await
}

pub async fn bundled_by_webpack_the_checklist_follows_typing(page: Page) -> Outcome {
    checklist_follows_typing(page, Bundler::Webpack).await
}

pub async fn bundled_by_webpack_the_strength_worker_gives_a_score(page: Page) -> Outcome {
    strength_worker_gives_a_score(page, Bundler::Webpack).await
}

pub async fn bundled_by_webpack_a_journey_loads_its_build_and_shows_its_first_step(page: Page) -> Outcome {
    journey_loads_its_build(page, Bundler::Webpack).await
}

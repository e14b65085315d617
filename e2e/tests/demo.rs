//! End-to-end tests of the served demo: the real pages, the real widget, real browsers.
//!
//! Run from the repository root, after `make build` and
//! `cargo build --release -p hmis-onboard-server`:
//!
//! ```text
//! cargo test -p hmis-onboard-e2e --test demo                   # Chromium and Firefox
//! xvfb-run -a cargo test -p hmis-onboard-e2e --test demo       # and WebKit, which needs a display
//! cargo test -p hmis-onboard-e2e --test demo -- caps_lock      # only names containing "caps_lock"
//! ```
//!
//! - `E2E_BROWSERS=chromium,firefox,webkit` (the default) picks the browsers.
//! - `E2E_SCREENSHOT=docs/demo.png` also saves the README's screenshot from Chromium (a relative
//!   path is taken from the repository root).
//!
//! A custom harness (`harness = false`) because the tests share what libtest would start per
//! test: one WebDriver session per browser, for all of that browser's scenarios. Each scenario
//! gets its own demo server (see `support::server`). Every scenario runs in every browser and
//! is reported like a libtest test, `browser::scenario`.
//!
//! The journey scenarios reach their server through a fault proxy (`support::proxy`), count
//! the server's state changes in its database (`support::journey::record_changes`) and end
//! with the leak sweep (`support::leaks`). What each sweep searched, and where the browsers
//! differ (back-forward cache), is appended to `target/tmp/e2e/leak-sweeps.txt`.

mod scenarios;
mod support;

use fantoccini::Client;
use scenarios::{Outcome, ScenarioFuture};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use support::browser::{Browser, Driver};
use support::page::Page;
use support::server::DemoServer;

/// A scenario that runs longer than this is stuck (a WebDriver call that never answers); it is
/// stopped and failed so the other scenarios still run. Far above any scenario's normal time.
const SCENARIO_LIMIT: Duration = Duration::from_secs(180);

/// One test to run in one browser.
struct Test {
    name: String,
    run: Box<dyn Fn(Page) -> ScenarioFuture>,
}

fn main() -> ExitCode {
    let started = Instant::now();
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a Tokio runtime");
    let report = runtime.block_on(run());
    report.print_summary(started.elapsed());
    if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

async fn run() -> Report {
    let mut report = Report::default();
    let plan = match plan() {
        Ok(plan) => plan,
        Err(message) => {
            report.record("e2e::configuration", Err(message));
            return report;
        }
    };
    report.filtered_out = plan.filtered_out;
    let total: usize = plan.browsers.iter().map(|(_, tests)| tests.len()).sum();
    println!("\nrunning {total} test{}", if total == 1 { "" } else { "s" });

    if let Err(message) = DemoServer::ensure_built() {
        for (_, tests) in &plan.browsers {
            fail_all(tests, &message, &mut report);
        }
        return report;
    }
    for (browser, tests) in &plan.browsers {
        run_browser(*browser, tests, &mut report).await;
    }
    report
}

/// Starts the browser's driver and session once, runs its tests one after another, and stops
/// both. When the driver or session cannot start, each test fails with the reason.
async fn run_browser(browser: Browser, tests: &[Test], report: &mut Report) {
    if tests.is_empty() {
        return;
    }
    let driver = match Driver::start(browser).await {
        Ok(driver) => driver,
        Err(message) => return fail_all(tests, &format!("{} driver did not start: {message}", browser.name()), report),
    };
    let client = match driver.session().await {
        Ok(client) => client,
        Err(message) => {
            driver.stop().await;
            return fail_all(tests, &message, report);
        }
    };
    for test in tests {
        let outcome = run_one(test, &client).await;
        report.record(&test.name, outcome);
    }
    let _ = client.close().await;
    driver.stop().await;
}

fn fail_all(tests: &[Test], message: &str, report: &mut Report) {
    for test in tests {
        report.record(&test.name, Err(message.to_owned()));
    }
}

/// Runs one test against a demo server of its own, as its own task, so that a panic in it
/// becomes that test's failure.
async fn run_one(test: &Test, client: &Client) -> Outcome {
    let server = DemoServer::start(&test.name).await?;
    // Every server is on 127.0.0.1, and cookies do not care about ports: start signed out.
    let _ = client.delete_all_cookies().await;
    let mut task = tokio::spawn((test.run)(Page::new(client.clone(), &server.url)));
    match tokio::time::timeout(SCENARIO_LIMIT, &mut task).await {
        Ok(Ok(outcome)) => outcome,
        Ok(Err(join_error)) if join_error.is_panic() => {
            Err(format!("panicked: {}", panic_text(join_error.into_panic())))
        }
        Ok(Err(join_error)) => Err(format!("the task ended: {join_error}")),
        Err(_) => {
            task.abort();
            Err(format!("stopped after {SCENARIO_LIMIT:?}: a step never finished"))
        }
    }
}

fn panic_text(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => payload.downcast_ref::<&str>().map_or_else(|| "(no message)".to_owned(), |s| (*s).to_owned()),
    }
}

/// Which tests run in which browser, from the environment and the command line.
struct Plan {
    browsers: Vec<(Browser, Vec<Test>)>,
    filtered_out: usize,
}

fn plan() -> Result<Plan, String> {
    let names = std::env::var("E2E_BROWSERS").unwrap_or_else(|_| "chromium,firefox,webkit".to_owned());
    let browsers: Vec<Browser> =
        names.split(',').filter(|n| !n.trim().is_empty()).map(Browser::parse).collect::<Result<_, _>>()?;
    // libtest's convention: the first argument that is not a flag filters by substring.
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-')).unwrap_or_default();
    let screenshot = std::env::var_os("E2E_SCREENSHOT").map(|p| support::repo_root().join(p));
    if screenshot.is_some() && !browsers.contains(&Browser::Chromium) {
        return Err("E2E_SCREENSHOT needs chromium in E2E_BROWSERS".to_owned());
    }

    let mut plan = Plan { browsers: Vec::new(), filtered_out: 0 };
    for browser in browsers {
        let mut tests: Vec<Test> = scenarios::all()
            .into_iter()
            .map(|s| Test { name: format!("{}::{}", browser.name(), s.name), run: Box::new(s.run) })
            .collect();
        if let (Browser::Chromium, Some(path)) = (browser, &screenshot) {
            let path: PathBuf = path.clone();
            tests.push(Test {
                name: "chromium::screenshot".to_owned(),
                run: Box::new(move |page| Box::pin(scenarios::screenshot::save(page, path.clone()))),
            });
        }
        let before = tests.len();
        tests.retain(|t| t.name.contains(&filter));
        plan.filtered_out += before - tests.len();
        plan.browsers.push((browser, tests));
    }
    Ok(plan)
}

/// Prints results as libtest does, so the output reads (and greps) like any `cargo test`.
#[derive(Default)]
struct Report {
    passed: usize,
    failures: Vec<String>,
    filtered_out: usize,
}

impl Report {
    fn record(&mut self, name: &str, outcome: Outcome) {
        match outcome {
            Ok(()) => {
                self.passed += 1;
                println!("test {name} ... ok");
            }
            Err(reason) => {
                self.failures.push(name.to_owned());
                println!("test {name} ... FAILED");
                for line in reason.lines() {
                    println!("    {line}");
                }
            }
        }
        let _ = std::io::stdout().flush();
    }

    fn print_summary(&self, elapsed: Duration) {
        if !self.failures.is_empty() {
            println!("\nfailures:");
            for name in &self.failures {
                println!("    {name}");
            }
        }
        let verdict = if self.failures.is_empty() { "ok" } else { "FAILED" };
        let (passed, failed, filtered_out) = (self.passed, self.failures.len(), self.filtered_out);
        let seconds = elapsed.as_secs_f64();
        println!(
            "\ntest result: {verdict}. {passed} passed; {failed} failed; 0 ignored; 0 measured; \
             {filtered_out} filtered out; finished in {seconds:.2}s\n"
        );
    }
}

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
//! A scenario that ends on a driver error (a WebDriver command that failed because the browser
//! or its driver did, see `support::browser::describe`, or one that never answered) runs once
//! more in a new session, and the summary names it. On a busy machine WebKit's page
//! process can end in the middle of a scenario, and WebKitWebDriver deletes the session with
//! it. A scenario whose own check failed is never run again.
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
use support::browser::{is_driver_failure, Browser, BrowserSession};
use support::page::Page;
use support::server::DemoServer;
use support::Context;

/// A scenario that runs longer than this is stuck: every wait of the suite gives up long
/// before, so a WebDriver call never answered. It is stopped and counts as a driver error, so
/// the other scenarios still run. Far above any scenario's normal time.
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

/// How a test that did not pass ended.
enum Failure {
    /// The scenario's own check failed, or it could not run (its server did not start, it
    /// panicked). Never run again: a second run would only hide what the first one found.
    Check(String),
    /// The browser or its driver failed under the scenario; it says nothing about the page.
    Driver(String),
}

impl Failure {
    fn message(self) -> String {
        match self {
            Failure::Check(message) | Failure::Driver(message) => message,
        }
    }
}

/// Starts the browser's driver and session once and runs its tests one after another in it.
/// A test that ends on a driver error runs once more, in a new session (the old one is
/// gone or cannot be trusted). When a session cannot start, that test and the ones after it
/// fail with the reason.
async fn run_browser(browser: Browser, tests: &[Test], report: &mut Report) {
    if tests.is_empty() {
        return;
    }
    let mut session = match BrowserSession::start(browser).await {
        Ok(session) => session,
        Err(message) => return fail_all(tests, &message, report),
    };
    for (done, test) in tests.iter().enumerate() {
        let mut outcome = run_one(test, &session.client).await;
        let mut second_run = false;
        while let Err(Failure::Driver(reason)) = &outcome {
            // The session is gone (WebKit deletes it with its page process) or cannot be
            // trusted: whatever runs next, this test again or the next test, gets a new one.
            let failed_log = session.log().display().to_string();
            session = match session.restart().await {
                Ok(session) => session,
                Err(message) => {
                    let reason = format!("{reason}\nand a new {} session did not start: {message}", browser.name());
                    report.record(&test.name, Err(reason));
                    return fail_all(&tests[done + 1..], &message, report);
                }
            };
            if second_run {
                break;
            }
            println!("test {} ... driver error, running it again in a new session", test.name);
            println!("    {}", first_line(reason));
            println!("    (the failed session's driver log: {failed_log})");
            report.retried.push(format!("{} ({})", test.name, first_line(reason)));
            second_run = true;
            outcome = run_one(test, &session.client).await;
        }
        report.record(&test.name, outcome.map_err(Failure::message));
    }
    session.stop().await;
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

fn fail_all(tests: &[Test], message: &str, report: &mut Report) {
    for test in tests {
        report.record(&test.name, Err(message.to_owned()));
    }
}

/// Runs one test against a demo server of its own, as its own task, so that a panic in it
/// becomes that test's failure.
async fn run_one(test: &Test, client: &Client) -> Result<(), Failure> {
    let server = DemoServer::start(&test.name).await.map_err(Failure::Check)?;
    // Every server is on 127.0.0.1, and cookies do not care about ports: start signed out.
    // (Also the first command of the test: a session that broke before it fails here.)
    client.delete_all_cookies().await.context("deleting the cookies before the test").map_err(classify)?;
    let mut task = tokio::spawn((test.run)(Page::new(client.clone(), &server.url)));
    match tokio::time::timeout(SCENARIO_LIMIT, &mut task).await {
        Ok(Ok(outcome)) => outcome.map_err(classify),
        Ok(Err(join_error)) if join_error.is_panic() => {
            Err(Failure::Check(format!("panicked: {}", panic_text(join_error.into_panic()))))
        }
        Ok(Err(join_error)) => Err(Failure::Check(format!("the task ended: {join_error}"))),
        Err(_) => {
            task.abort();
            Err(Failure::Driver(format!("stopped after {SCENARIO_LIMIT:?}: a WebDriver command never answered")))
        }
    }
}

/// A scenario's failure is a driver error when a WebDriver command in it failed because the
/// browser or its driver did (`support::browser::describe` words those); otherwise one of its
/// checks failed.
fn classify(message: String) -> Failure {
    if is_driver_failure(&message) {
        Failure::Driver(message)
    } else {
        Failure::Check(message)
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
    /// Each test run a second time after a driver error, with that error.
    retried: Vec<String>,
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
        if !self.retried.is_empty() {
            println!();
            for test in &self.retried {
                println!("retried once after a driver error: {test}");
            }
        }
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

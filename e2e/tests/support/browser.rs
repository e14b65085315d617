//! The three engines and their WebDriver servers: which binary, which port flag, which
//! capabilities, and how to tell that a driver is ready; and which failed commands are the
//! browser's or the driver's failure rather than the page's.

use super::Context;
use fantoccini::error::{CmdError, ErrorStatus};
use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use std::fs::File;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::process::{Child, Command};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Browser {
    Chromium,
    Firefox,
    Webkit,
}

impl Browser {
    pub fn parse(name: &str) -> Result<Browser, String> {
        match name.trim() {
            "chromium" => Ok(Browser::Chromium),
            "firefox" => Ok(Browser::Firefox),
            "webkit" => Ok(Browser::Webkit),
            other => Err(format!("E2E_BROWSERS: unknown browser {other:?} (expected chromium, firefox or webkit)")),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Browser::Chromium => "chromium",
            Browser::Firefox => "firefox",
            Browser::Webkit => "webkit",
        }
    }

    /// The driver, from PATH or where the project's setup installs it.
    fn driver_binary(self) -> PathBuf {
        match self {
            Browser::Chromium => "chromedriver".into(),
            Browser::Webkit => "WebKitWebDriver".into(),
            Browser::Firefox => {
                // `cargo install geckodriver` puts it in ~/.cargo/bin, which a plain shell's PATH may lack.
                let installed = std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo/bin/geckodriver"));
                installed.filter(|p| p.is_file()).unwrap_or_else(|| "geckodriver".into())
            }
        }
    }

    fn driver_args(self, port: u16) -> Vec<String> {
        match self {
            Browser::Firefox => vec!["--port".into(), port.to_string()],
            Browser::Chromium | Browser::Webkit => vec![format!("--port={port}")],
        }
    }

    /// The session's capabilities. Chromium gets a fresh profile, no background traffic (it
    /// would try hosts this machine cannot reach) and `gc()` for the garbage-collection
    /// scenario; WebKit's MiniBrowser needs none but a display, which `xvfb-run -a` provides.
    fn capabilities(self, profile: Option<&PathBuf>) -> Capabilities {
        let caps = match self {
            Browser::Chromium => json!({
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": "/usr/bin/chromium",
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run", "--disable-sync", "--js-flags=--expose-gc",
                        format!("--user-data-dir={}", profile.expect("chromium has a profile").display()),
                    ],
                },
            }),
            Browser::Firefox => json!({
                "browserName": "firefox",
                "moz:firefoxOptions": { "binary": "/usr/bin/firefox-esr", "args": ["-headless"] },
            }),
            Browser::Webkit => json!({}),
        };
        match caps {
            serde_json::Value::Object(map) => map,
            _ => unreachable!("capabilities are a JSON object"),
        }
    }
}

/// A running WebDriver server. Dropping it kills the process, so a driver never outlives the
/// run; [`Driver::stop`] is the orderly end.
struct Driver {
    browser: Browser,
    port: u16,
    child: Child,
    log: PathBuf,
    profile: Option<PathBuf>,
}

impl Driver {
    /// Starts the driver on a free port and waits until its `/status` says it is ready. Its
    /// output goes to `target/tmp/e2e/BROWSER-driver.log`, or `BROWSER-driver-N.log` for the
    /// Nth restart (`restarts`), so that a restart keeps the log of the driver it replaced.
    async fn start(browser: Browser, restarts: usize) -> Result<Driver, String> {
        if browser == Browser::Webkit && std::env::var_os("DISPLAY").is_none() {
            // WebKitWebDriver starts, but its browser cannot, and the session request hangs.
            return Err("WebKit needs a display: run the suite under `xvfb-run -a`".to_owned());
        }
        let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e");
        std::fs::create_dir_all(&scratch).context(&format!("creating {}", scratch.display()))?;
        let log = match restarts {
            0 => scratch.join(format!("{}-driver.log", browser.name())),
            n => scratch.join(format!("{}-driver-{n}.log", browser.name())),
        };
        let profile = (browser == Browser::Chromium).then(|| fresh_dir(&scratch, "chromium-profile"));
        let port = free_port().await?;
        let log_file = File::create(&log).context(&format!("creating {}", log.display()))?;
        let binary = browser.driver_binary();
        let child = Command::new(&binary)
            .args(browser.driver_args(port))
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().context("sharing the driver log")?)
            .stderr(log_file)
            .kill_on_drop(true)
            .spawn()
            .context(&format!("starting {}", binary.display()))?;
        let mut driver = Driver { browser, port, child, log, profile };
        driver.wait_until_ready().await?;
        Ok(driver)
    }

    /// Opens the one session the browser's scenarios share.
    async fn session(&self) -> Result<Client, String> {
        let failed = |reason: String| {
            format!("opening a {} session: {reason}; driver log: {}", self.browser.name(), self.log.display())
        };
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(self.browser.capabilities(self.profile.as_ref()));
        let url = format!("http://127.0.0.1:{}", self.port);
        let connecting = builder.connect(&url);
        // A browser that cannot start (WebKit without a display) can leave the request unanswered.
        match tokio::time::timeout(Duration::from_secs(60), connecting).await {
            Ok(Ok(client)) => Ok(client),
            Ok(Err(e)) => Err(failed(e.to_string())),
            Err(_) => Err(failed("no answer within 60 s".to_owned())),
        }
    }

    /// Ends the driver (close the session first, so the driver quits its browser) and removes
    /// the browser profile.
    async fn stop(mut self) {
        let _ = self.child.kill().await;
        if let Some(profile) = &self.profile {
            let _ = std::fs::remove_dir_all(profile);
        }
    }

    async fn wait_until_ready(&mut self) -> Result<(), String> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("the driver exited ({status}); see {}", self.log.display()));
            }
            if status_is_ready(self.port).await {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return Err(format!("the driver did not report ready within 20 s; see {}", self.log.display()));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// A driver and the one session its browser's scenarios share.
pub struct BrowserSession {
    pub client: Client,
    driver: Driver,
    restarts: usize,
}

impl BrowserSession {
    pub async fn start(browser: Browser) -> Result<BrowserSession, String> {
        BrowserSession::start_numbered(browser, 0).await
    }

    async fn start_numbered(browser: Browser, restarts: usize) -> Result<BrowserSession, String> {
        let driver = Driver::start(browser, restarts)
            .await
            .map_err(|message| format!("{} driver did not start: {message}", browser.name()))?;
        match driver.session().await {
            Ok(client) => Ok(BrowserSession { client, driver, restarts }),
            Err(message) => {
                driver.stop().await;
                Err(message)
            }
        }
    }

    /// Ends this session and its driver, and starts both anew: after a driver error the old
    /// session is gone (WebKit deletes it when its page process ends) or cannot be trusted.
    pub async fn restart(self) -> Result<BrowserSession, String> {
        let (browser, restarts) = (self.driver.browser, self.restarts + 1);
        self.stop().await;
        BrowserSession::start_numbered(browser, restarts).await
    }

    /// Closes the session, so that the driver quits its browser, then ends the driver. A
    /// broken session may not answer the close: the driver is ended all the same.
    pub async fn stop(self) {
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.close()).await;
        self.driver.stop().await;
    }

    /// Where the driver (and its browser) write their output.
    pub fn log(&self) -> &std::path::Path {
        &self.driver.log
    }
}

/// How a failed WebDriver command is worded when the browser or its driver failed, not the
/// page. [`describe`] writes it and [`is_driver_failure`] finds it, so it is spelled here only.
const DRIVER_FAILED: &str = "the browser or its driver failed";

/// A failed WebDriver command as words: its error code and message (fantoccini shows only the
/// message, which can be empty: WebKit's "invalid session id" has none), marked when
/// [`is_drivers_fault`] says that the browser or its driver failed.
pub fn describe(error: &CmdError) -> String {
    let what = match error {
        CmdError::Standard(e) if e.message.is_empty() => e.error.to_string(),
        CmdError::Standard(e) => format!("{}: {}", e.error, e.message),
        other => other.to_string(),
    };
    if is_drivers_fault(error) {
        format!("{DRIVER_FAILED} ({what})")
    } else {
        what
    }
}

/// Whether `message` (a scenario's failure, with whatever context it added) reports a WebDriver
/// command that failed because the browser or its driver did.
pub fn is_driver_failure(message: &str) -> bool {
    message.contains(DRIVER_FAILED)
}

/// The failures that say nothing about the page: the driver cannot be reached or answers in
/// something other than WebDriver, the session is gone, or the driver failed inside. WebKit
/// answers a command in flight when its page process ends with "unknown error: Could not parse
/// element info", the next command with "invalid session id: session deleted because of page
/// crash or hang", and every later one with "invalid session id" and no message.
///
/// Not among them: what the page can cause (no such element, stale element reference, a
/// script's error or timeout, no such window while a page unloads, a page load timeout),
/// which a scenario's step has to wait for or report.
fn is_drivers_fault(error: &CmdError) -> bool {
    match error {
        CmdError::Failed(_) | CmdError::FailedC(_) | CmdError::Lost(_) => true,
        CmdError::NotJson(_) | CmdError::Json(_) | CmdError::NotW3C(_) => true,
        CmdError::Standard(e) => {
            matches!(
                e.error,
                ErrorStatus::InvalidSessionId | ErrorStatus::SessionNotCreated | ErrorStatus::UnknownError
            )
        }
        _ => false,
    }
}

/// Asks `GET /status` with a bare HTTP/1.1 request: the only HTTP the suite does outside
/// WebDriver sessions, not worth another client. Reads until the answer says ready (some
/// drivers keep the connection open whatever the request asks), the driver closes, or 5 s pass.
async fn status_is_ready(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)).await else { return false };
    let request = format!("GET /status HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).await.is_err() {
        return false;
    }
    let read_answer = async {
        let mut answer = Vec::new();
        let mut chunk = [0u8; 4096];
        loop {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return false,
                Ok(n) => answer.extend_from_slice(&chunk[..n]),
            }
            if says_ready(&String::from_utf8_lossy(&answer)) {
                return true;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(5), read_answer).await.unwrap_or(false)
}

/// A `200` status line and `"ready": true` in the body.
fn says_ready(answer: &str) -> bool {
    let compact: String = answer.chars().filter(|c| !c.is_whitespace()).collect();
    answer.split_whitespace().nth(1) == Some("200") && compact.contains("\"ready\":true")
}

/// A port nothing listens on right now (the OS picks it; the driver binds it a moment later).
async fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await.context("finding a free port")?;
    Ok(listener.local_addr().context("reading the free port")?.port())
}

/// A new, empty directory under `parent`, unique to this run.
fn fresh_dir(parent: &std::path::Path, what: &str) -> PathBuf {
    let dir = parent.join(format!("{what}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

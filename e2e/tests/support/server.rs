//! The demo server (the reference backend), one per scenario.
//!
//! The server keeps accounts: a scenario that changes the demo account's password changes it
//! for good. So every scenario gets its own server, on a free port, with a fresh in-memory
//! database whose demo account is in its first-login state. Starting one takes milliseconds.
//!
//! The journey scenarios start one of their own instead ([`DemoServer::start_with`]): on a
//! database file they read afterwards, with tighter limits, or on a fixed port to restart it.

use super::{repo_root, Context};
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, BufReader};
use tokio::process::{Child, Command};

/// The demo account: the change-password page shows this username (read-only), so the server
/// must know it, with the temporary password the scenarios type.
pub const DEMO_USER: &str = "jsmith";
pub const TEMPORARY_PASSWORD: &str = "Temp-Pass-42";

/// What the server prints before the URL on its first line.
const BANNER: &str = "hmis-onboard demo: ";

/// A running `hmis-onboard-server`. Dropping it kills the process, so the server goes away
/// even when a scenario fails or panics.
pub struct DemoServer {
    /// Base URL ending in `/`, e.g. `http://127.0.0.1:41234/`.
    pub url: String,
    _child: Child,
    logs: ServerLogs,
}

/// What a server printed: stdout (read to the end by a task of its own, so the server never
/// writes to a closed pipe) and its stderr access log (a file). Outlives the server, so a
/// scenario can search the logs of one it killed.
#[derive(Clone)]
pub struct ServerLogs {
    pub label: String,
    stdout: Arc<Mutex<String>>,
    stderr: PathBuf,
}

impl ServerLogs {
    pub fn stdout(&self) -> String {
        self.stdout.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn stderr(&self) -> Result<String, String> {
        std::fs::read_to_string(&self.stderr).context(&format!("reading {}", self.stderr.display()))
    }
}

impl DemoServer {
    /// Fails, saying how to build it, when the release binary is missing. Checked once before
    /// any browser starts: a test run should not quietly spend minutes compiling.
    pub fn ensure_built() -> Result<(), String> {
        let binary = binary();
        if binary.is_file() {
            Ok(())
        } else {
            Err(format!(
                "{} is missing: build it first with `cargo build --release -p hmis-onboard-server` (or `make server`)",
                binary.display()
            ))
        }
    }

    /// Starts a server and reads its URL from the first line it prints. Its access log goes to
    /// `target/tmp/e2e/server-LABEL.log`.
    pub async fn start(label: &str) -> Result<DemoServer, String> {
        DemoServer::start_with(label, &Options::default()).await
    }

    /// Starts a server as [`DemoServer::start`] does, with `options`: a database file instead
    /// of memory, a fixed port, extra flags. (A restarted server needs a label of its own, or
    /// its log replaces the first one's.)
    pub async fn start_with(label: &str, options: &Options) -> Result<DemoServer, String> {
        let log = log_path(label)?;
        let log_file = std::fs::File::create(&log).context(&format!("creating {}", log.display()))?;
        let port = options.port.unwrap_or(0).to_string();
        let db = options.db.as_ref().map_or_else(|| ":memory:".to_owned(), |p| p.display().to_string());
        let mut child = Command::new(binary())
            .args(["--host", "127.0.0.1", "--port", &port, "--www", "www", "--pkg", "pkg"])
            .args(["--db", &db, "--demo-user", DEMO_USER, "--demo-password", TEMPORARY_PASSWORD])
            // Password hashing at test strength: the suite signs in often, and no hash is kept.
            .arg("--insecure-fast-hashing")
            // So the scenarios can read the CSP violation reports (GET /csp-reports).
            .arg("--expose-csp-reports")
            .args(&options.extra)
            .current_dir(repo_root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log_file)
            .kill_on_drop(true)
            .spawn()
            .context("starting the demo server")?;
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let mut first_line = String::new();
        let see_log = format!("see {}", log.display());
        tokio::time::timeout(Duration::from_secs(20), stdout.read_line(&mut first_line))
            .await
            .map_err(|_| format!("the demo server printed nothing for 20 s; {see_log}"))?
            .context("reading the demo server's first line")?;
        let url = first_line
            .trim()
            .strip_prefix(BANNER)
            .ok_or_else(|| {
                format!("expected the demo server to print {BANNER:?} and its URL, got {first_line:?}; {see_log}")
            })?
            .to_owned();
        let printed = Arc::new(Mutex::new(first_line));
        let reader = printed.clone();
        tokio::spawn(async move {
            let mut chunk = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut chunk).await {
                if n == 0 {
                    break;
                }
                reader.lock().unwrap_or_else(|e| e.into_inner()).push_str(&String::from_utf8_lossy(&chunk[..n]));
            }
        });
        let logs = ServerLogs { label: label.to_owned(), stdout: printed, stderr: log };
        Ok(DemoServer { url, _child: child, logs })
    }

    /// A handle on what it printed, for the leak sweep.
    pub fn logs(&self) -> ServerLogs {
        self.logs.clone()
    }

    /// The port it listens on, from its URL.
    pub fn port(&self) -> Result<u16, String> {
        self.url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .ok_or_else(|| format!("no port in the server's URL {:?}", self.url))
    }

    /// Kills the server (as a crash or an outage would) and waits until the process is gone.
    pub async fn kill(mut self) -> Result<(), String> {
        self._child.kill().await.context("killing the demo server")
    }
}

/// How a scenario's own server differs from the default one.
#[derive(Default)]
pub struct Options {
    /// A database file (deleted first by [`fresh_db`]) instead of `:memory:`.
    pub db: Option<PathBuf>,
    /// A fixed port instead of a free one (to restart a server where the page expects it).
    pub port: Option<u16>,
    /// More flags, e.g. `["--rate-user", "3/60"]`.
    pub extra: Vec<String>,
}

/// A path for a scenario's database file, `target/tmp/e2e/LABEL.sqlite3`, with any file left
/// there by an earlier run removed (with SQLite's side files).
pub fn fresh_db(label: &str) -> Result<PathBuf, String> {
    let path = log_path(label)?.with_file_name(format!("{}.sqlite3", file_label(label)));
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        if file.exists() {
            std::fs::remove_file(&file).context(&format!("removing {}", file.display()))?;
        }
    }
    Ok(path)
}

/// `target/release/hmis-onboard-server`, honouring `CARGO_TARGET_DIR` like cargo does.
fn binary() -> PathBuf {
    let target = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => repo_root().join(dir),
        None => repo_root().join("target"),
    };
    target.join("release").join("hmis-onboard-server")
}

fn log_path(label: &str) -> Result<PathBuf, String> {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e");
    std::fs::create_dir_all(&dir).context(&format!("creating {}", dir.display()))?;
    Ok(dir.join(format!("server-{}.log", file_label(label))))
}

fn file_label(label: &str) -> String {
    label.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect()
}

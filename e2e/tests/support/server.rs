//! The demo server (the reference backend), one per scenario.
//!
//! The server keeps accounts: a scenario that changes the demo account's password changes it
//! for good. So every scenario gets its own server, on a free port, with a fresh in-memory
//! database whose demo account is in its first-login state. Starting one takes milliseconds.

use super::{repo_root, Context};
use std::fs::File;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, ChildStdout, Command};

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
    /// Kept open so the server never writes to a closed pipe.
    _stdout: BufReader<ChildStdout>,
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
        let log = log_path(label)?;
        let log_file = File::create(&log).context(&format!("creating {}", log.display()))?;
        let mut child = Command::new(binary())
            .args(["--host", "127.0.0.1", "--port", "0", "--www", "www", "--pkg", "pkg"])
            .args(["--db", ":memory:", "--demo-user", DEMO_USER, "--demo-password", TEMPORARY_PASSWORD])
            // Password hashing at test strength: the suite signs in often, and no hash is kept.
            .arg("--insecure-fast-hashing")
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
        Ok(DemoServer { url, _child: child, _stdout: stdout })
    }
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
    let name: String = label.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' }).collect();
    Ok(dir.join(format!("server-{name}.log")))
}

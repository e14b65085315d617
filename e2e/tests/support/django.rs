//! The two real Django backends (backends/README.md), one per scenario, like the demo server:
//! django-allauth headless (session cookie + CSRF, TOTP by allauth.mfa) and dj-rest-auth with
//! SimpleJWT and trench (bearer token, TOTP by trench).
//!
//! Each start gets a directory of its own, `target/tmp/e2e/django-KIND-N/`, with a fresh copy
//! of the seeded database (`db.sqlite3`: the account in its first state, see [`Kind::user`]),
//! an empty `mail/` for the e-mails it sends and `server.log` for what it prints (kept after
//! it stops). It listens on a free port and serves the widget's pages and package itself, so
//! pages and API share one origin (Django's CSRF check refuses any other Origin). Dropping it
//! kills the process.
//!
//! The scenarios check the backend's own database through [`DjangoBackend::shell`] (Python in
//! the backend's Django), and compute TOTP codes with pyotp ([`totp_code`]), an implementation
//! this project did not write. Both need `tools/venv`, which `make setup` installs.

// Used by the scenarios as they come; until each helper has one, no warning for it.
#![allow(dead_code)]

use super::{repo_root, Context};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};

/// The seeded account's temporary password (both backends).
pub const TEMPORARY_PASSWORD: &str = "Temp-Pass-2026!";

/// How long a backend may take to answer after it was started (it answers after ≈0.4 s).
const START_LIMIT: Duration = Duration::from_secs(20);

/// How many free ports to try when another process takes the one picked before the backend
/// binds it.
const PORT_TRIES: usize = 5;

/// Which backend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// django-allauth 65.22.1 headless, browser client, API under `/_allauth/browser/v1/`.
    Allauth,
    /// dj-rest-auth 7.2.0 + SimpleJWT 5.5.1 + django-trench-reboot 0.4.0, API under `/auth/`.
    Drf,
}

impl Kind {
    /// The name `scripts/backend.sh` takes, and the folder under `backends/`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Allauth => "allauth",
            Kind::Drf => "drf",
        }
    }

    /// The seeded account's username (its password is [`TEMPORARY_PASSWORD`]).
    pub fn user(self) -> &'static str {
        match self {
            Kind::Allauth => "alice",
            Kind::Drf => "bob",
        }
    }

    /// The seeded account's e-mail address (verified and primary for allauth).
    pub fn email(self) -> &'static str {
        match self {
            Kind::Allauth => "alice@example.org",
            Kind::Drf => "bob@example.org",
        }
    }
}

/// How a scenario's backend differs from the default one.
#[derive(Default)]
pub struct Options {
    /// `HMIS_SITE`, the address put into e-mailed links (allauth's reset link, drf's redirect
    /// after the reset link), e.g. the fault proxy's origin. Default: the backend's own URL.
    pub site: Option<String>,
    /// More environment, e.g. `("HMIS_ANON_RATE", "3/min")` for drf's throttle.
    pub env: Vec<(String, String)>,
}

/// A running backend. Dropping it kills the process.
pub struct DjangoBackend {
    pub kind: Kind,
    /// Base URL ending in `/`, e.g. `http://127.0.0.1:41234/`.
    pub url: String,
    /// Its directory: `db.sqlite3`, `mail/`, `server.log`.
    pub dir: PathBuf,
    site: String,
    port: u16,
    _child: Child,
}

impl DjangoBackend {
    /// Fails, saying how to install it, when the backends' venv is missing. Worth checking once
    /// before any browser starts.
    pub fn ensure_installed() -> Result<(), String> {
        let django_admin = django_admin();
        if django_admin.is_file() {
            Ok(())
        } else {
            Err(format!(
                "{} is missing: run `make setup` (it installs the Django backends' packages from backends/requirements.txt into tools/venv)",
                django_admin.display()
            ))
        }
    }

    /// Starts a backend with the default options.
    pub async fn start(kind: Kind) -> Result<DjangoBackend, String> {
        DjangoBackend::start_with(kind, &Options::default()).await
    }

    /// Starts a backend through `scripts/backend.sh KIND PORT` on a free port, and waits until
    /// it serves the widget's index page.
    pub async fn start_with(kind: Kind, options: &Options) -> Result<DjangoBackend, String> {
        DjangoBackend::ensure_installed()?;
        let dir = fresh_dir(kind)?;
        let mut last_failure = String::new();
        for _ in 0..PORT_TRIES {
            let port = free_port()?;
            match start_on(kind, options, &dir, port).await? {
                Ok(backend) => return Ok(backend),
                Err(port_taken) => last_failure = port_taken,
            }
        }
        Err(format!("the {} backend found no free port in {PORT_TRIES} tries: {last_failure}", kind.name()))
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Its database file.
    pub fn db(&self) -> PathBuf {
        self.dir.join("db.sqlite3")
    }

    /// What it printed: Django's request lines (method, path, status; never a body) and errors.
    pub fn log(&self) -> Result<String, String> {
        let path = self.dir.join("server.log");
        std::fs::read_to_string(&path).context(&format!("reading {}", path.display()))
    }

    /// Runs `python` in the backend's own Django, against its database (`django-admin shell
    /// -c`), and returns what it printed. Each call is a new process (≈0.5 s).
    pub async fn shell(&self, python: &str) -> Result<String, String> {
        let output = Command::new(django_admin())
            .args(["shell", "-v", "0", "-c", python])
            .envs(self.environment())
            .current_dir(repo_root())
            .stdin(Stdio::null())
            .kill_on_drop(true)
            .output()
            .await
            .context("running django-admin shell")?;
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        if output.status.success() {
            Ok(stdout)
        } else {
            Err(format!(
                "django-admin shell ({}) exited with {}: {}{}",
                self.kind.name(),
                output.status,
                stdout,
                String::from_utf8_lossy(&output.stderr).trim_end()
            ))
        }
    }

    /// Whether `user`'s stored password is `password`.
    pub async fn password_is(&self, user: &str, password: &str) -> Result<bool, String> {
        let python = format!(
            "import json\nfrom django.contrib.auth import get_user_model\n\
             print(json.dumps(get_user_model().objects.get(username={}).check_password({})))",
            py(user),
            py(password)
        );
        self.shell_json(&python).await
    }

    /// Whether `user` has 2-step sign-in on (an allauth TOTP authenticator; an active trench
    /// "app" method).
    pub async fn totp_active(&self, user: &str) -> Result<bool, String> {
        let query = match self.kind {
            Kind::Allauth => format!(
                "from allauth.mfa.models import Authenticator\n\
                 found = Authenticator.objects.filter(user__username={}, type=\"totp\").exists()",
                py(user)
            ),
            Kind::Drf => format!(
                "from trench.models import MFAMethod\n\
                 found = MFAMethod.objects.filter(user__username={}, name=\"app\", is_active=True).exists()",
                py(user)
            ),
        };
        self.shell_json(&format!("import json\n{query}\nprint(json.dumps(found))")).await
    }

    /// The TOTP secret (base32) stored for `user`, if any: allauth keeps it in the TOTP
    /// authenticator's `data["secret"]` (through its adapter's `decrypt`, which by default
    /// returns it as stored) once 2-step is on; trench keeps it in `MFAMethod.secret` from the
    /// start of the set-up (`is_active` false until the code is confirmed).
    pub async fn totp_secret(&self, user: &str) -> Result<Option<String>, String> {
        let query = match self.kind {
            Kind::Allauth => format!(
                "from allauth.mfa.models import Authenticator\nfrom allauth.mfa.utils import decrypt\n\
                 a = Authenticator.objects.filter(user__username={}, type=\"totp\").first()\n\
                 secret = decrypt(a.data[\"secret\"]) if a else None",
                py(user)
            ),
            Kind::Drf => format!(
                "from trench.models import MFAMethod\n\
                 secret = MFAMethod.objects.filter(user__username={}, name=\"app\").values_list(\"secret\", flat=True).first()",
                py(user)
            ),
        };
        self.shell_json(&format!("import json\n{query}\nprint(json.dumps(secret))")).await
    }

    /// The e-mails sent so far, oldest first: the text of each file Django's file backend
    /// wrote (one file per connection, usually one message, headers included).
    pub fn mails(&self) -> Result<Vec<String>, String> {
        let dir = self.dir.join("mail");
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&dir).context(&format!("listing {}", dir.display()))? {
            let entry = entry.context(&format!("listing {}", dir.display()))?;
            let modified = entry.metadata().and_then(|m| m.modified()).context("reading a mail file's time")?;
            files.push((modified, entry.path()));
        }
        files.sort();
        files
            .iter()
            .map(|(_, path)| std::fs::read_to_string(path).context(&format!("reading {}", path.display())))
            .collect()
    }

    /// The last password-reset link mailed, as the address of the widget's forgot-password
    /// page with the backend's values in its query string: allauth mails that address itself
    /// (`…/allauth/forgot-password.html?key=…`); dj-rest-auth mails its own `…/reset/UID/TOKEN/`,
    /// which this follows, as a browser would, to where it redirects
    /// (`…/drf/forgot-password.html?uid=…&token=…`). `None` when no mail has such a link.
    pub async fn reset_link(&self) -> Result<Option<String>, String> {
        let text = self.mails()?.join("\n");
        let links: Vec<&str> =
            text.split_whitespace().filter(|w| w.starts_with("http://") || w.starts_with("https://")).collect();
        match self.kind {
            Kind::Allauth => Ok(links.into_iter().rev().find(|l| l.contains("/forgot-password.html?")).map(str::to_owned)),
            Kind::Drf => {
                let Some(link) = links.into_iter().rev().find(|l| l.contains("/reset/")) else {
                    return Ok(None);
                };
                let answer = http_get(link).await?;
                if answer.status != 302 {
                    return Err(format!("expected the mailed link {link} to redirect (302), got {}", answer.status));
                }
                answer.location.map(Some).ok_or_else(|| format!("the redirect from {link} has no Location"))
            }
        }
    }

    /// Kills the backend and waits until the process is gone.
    pub async fn kill(mut self) -> Result<(), String> {
        self._child.kill().await.context("killing the Django backend")
    }

    /// What `scripts/backend.sh` and `django-admin` need to find this backend's project,
    /// database, mail folder and site.
    fn environment(&self) -> Vec<(String, String)> {
        environment(self.kind, &self.dir, &self.site)
    }

    async fn shell_json<T: serde::de::DeserializeOwned>(&self, python: &str) -> Result<T, String> {
        let stdout = self.shell(python).await?;
        let last = stdout.lines().last().unwrap_or_default();
        serde_json::from_str(last).map_err(|e| format!("reading {last:?} (the end of {stdout:?}) as JSON: {e}"))
    }
}

/// The TOTP code for `secret_base32`, `offset_windows` 30-s windows from now (0: the current
/// one, 1: the next), computed by pyotp in the backends' venv.
///
/// allauth (MFA_TOTP_TOLERANCE = 1) accepts the previous, current and next window, and each
/// code once per sign-in. trench accepts the current window only: a code computed in the last
/// seconds of a window can be refused by the time it arrives.
pub async fn totp_code(secret_base32: &str, offset_windows: i64) -> Result<String, String> {
    DjangoBackend::ensure_installed()?;
    let script = "import pyotp, sys, time\nprint(pyotp.TOTP(sys.argv[1]).at(time.time() + 30 * int(sys.argv[2])))";
    let output = Command::new(venv().join("bin").join("python"))
        .args(["-c", script, secret_base32, &offset_windows.to_string()])
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output()
        .await
        .context("running pyotp")?;
    let code = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    if output.status.success() && code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        Ok(code)
    } else {
        Err(format!(
            "pyotp gave no code for the secret {secret_base32:?} ({}): {code}{}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim_end()
        ))
    }
}

/// Starts the backend on `port`. The outer error is a failure; the inner one says the port
/// was taken (try another).
async fn start_on(
    kind: Kind,
    options: &Options,
    dir: &Path,
    port: u16,
) -> Result<Result<DjangoBackend, String>, String> {
    let url = format!("http://127.0.0.1:{port}/");
    let site = options.site.clone().unwrap_or_else(|| url.clone());
    let log = dir.join("server.log");
    let log_file = std::fs::File::create(&log).context(&format!("creating {}", log.display()))?;
    let log_file2 = log_file.try_clone().context(&format!("opening {}", log.display()))?;
    let mut child = Command::new("bash")
        .arg(repo_root().join("scripts").join("backend.sh"))
        .args([kind.name(), &port.to_string()])
        .envs(environment(kind, dir, &site))
        .envs(options.env.iter().cloned())
        .current_dir(repo_root())
        .stdin(Stdio::null())
        .stdout(log_file)
        .stderr(log_file2)
        .kill_on_drop(true)
        .spawn()
        .context(&format!("starting scripts/backend.sh {}", kind.name()))?;
    let see_log = format!("see {}", log.display());
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().context("checking on the Django backend")? {
            let printed = std::fs::read_to_string(&log).unwrap_or_default();
            if printed.contains("That port is already in use") {
                return Ok(Err(format!("port {port} was taken")));
            }
            return Err(format!("the {} backend exited ({status}) before answering; {see_log}:\n{printed}", kind.name()));
        }
        // Its index page, which only a backend serving this repository's www/ has.
        if let Ok(answer) = http_get(&url).await {
            if answer.status == 200 {
                let backend =
                    DjangoBackend { kind, url, dir: dir.to_owned(), site, port, _child: child };
                return Ok(Ok(backend));
            }
        }
        if started.elapsed() > START_LIMIT {
            return Err(format!("the {} backend did not answer {url} within {START_LIMIT:?}; {see_log}", kind.name()));
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
}

fn environment(kind: Kind, dir: &Path, site: &str) -> Vec<(String, String)> {
    let backends = repo_root().join("backends");
    let pythonpath = format!("{}:{}", backends.join(kind.name()).display(), backends.display());
    vec![
        ("DJANGO_SETTINGS_MODULE".to_owned(), "settings".to_owned()),
        ("PYTHONPATH".to_owned(), pythonpath),
        ("PYTHONDONTWRITEBYTECODE".to_owned(), "1".to_owned()),
        ("HMIS_DB".to_owned(), dir.join("db.sqlite3").display().to_string()),
        ("HMIS_MAIL_DIR".to_owned(), dir.join("mail").display().to_string()),
        ("HMIS_SITE".to_owned(), site.trim_end_matches('/').to_owned()),
    ]
}

/// `target/tmp/e2e/django-KIND-N/`, N counting the backends this run started, emptied of
/// anything an earlier run left there.
fn fresh_dir(kind: Kind) -> Result<PathBuf, String> {
    static STARTED: AtomicUsize = AtomicUsize::new(0);
    let n = STARTED.fetch_add(1, Ordering::Relaxed);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e").join(format!("django-{}-{n}", kind.name()));
    if dir.exists() {
        std::fs::remove_dir_all(&dir).context(&format!("removing {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir.join("mail")).context(&format!("creating {}", dir.display()))?;
    Ok(dir)
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr().context("reading the free port")?.port())
}

fn venv() -> PathBuf {
    repo_root().join("tools").join("venv")
}

fn django_admin() -> PathBuf {
    venv().join("bin").join("django-admin")
}

/// `text` as a Python string literal (a JSON string is one).
fn py(text: &str) -> String {
    serde_json::to_string(text).expect("a string serializes")
}

struct HttpAnswer {
    status: u16,
    location: Option<String>,
}

/// A GET on 127.0.0.1 without following redirects: enough to see that a backend is up and
/// where a link redirects.
async fn http_get(url: &str) -> Result<HttpAnswer, String> {
    let rest = url.strip_prefix("http://").ok_or_else(|| format!("not an http:// URL: {url}"))?;
    let (authority, path) = rest.find('/').map_or((rest, "/"), |i| (&rest[..i], &rest[i..]));
    let mut stream = TcpStream::connect(authority).await.context(&format!("connecting to {authority}"))?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.context(&format!("sending GET {url}"))?;
    let mut raw = Vec::new();
    tokio::time::timeout(START_LIMIT, stream.read_to_end(&mut raw))
        .await
        .map_err(|_| format!("no answer to GET {url} within {START_LIMIT:?}"))?
        .context(&format!("reading the answer to GET {url}"))?;
    let text = String::from_utf8_lossy(&raw);
    let head = text.split("\r\n\r\n").next().unwrap_or_default();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("no status line in the answer to GET {url}: {head:?}"))?;
    let location = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("location"))
        .map(|(_, value)| value.trim().to_owned());
    Ok(HttpAnswer { status, location })
}

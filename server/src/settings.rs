//! Everything the server can be told at start: flags, their environment variables and
//! defaults. The defaults are the production-minded ones (OWASP's argon2id minimum, a 15-minute
//! lockout after 5 failures); tests use [`Settings::for_tests`] to hash cheaply.

use std::path::PathBuf;

/// argon2id cost: memory in KiB, iterations, parallelism.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashCost {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl HashCost {
    /// OWASP Password Storage Cheat Sheet's minimum for argon2id: m=19456 KiB (19 MiB), t=2, p=1.
    pub const OWASP: HashCost = HashCost { memory_kib: 19_456, iterations: 2, parallelism: 1 };
    /// The cheapest argon2 allows. Only for tests: it protects nothing.
    pub const INSECURE_FAST: HashCost = HashCost { memory_kib: 8, iterations: 1, parallelism: 1 };
}

/// At most `count` requests per `seconds`, refilled smoothly; `None` where a limit is off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rate {
    pub count: u32,
    pub seconds: u64,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub www: PathBuf,
    pub pkg: PathBuf,
    /// A file path, or `:memory:`.
    pub db: String,
    pub demo_user: String,
    pub demo_password: String,
    /// Puts the demo account back to its first-login state even if its password was changed.
    pub reset_demo: bool,
    pub terms_text: String,
    pub terms_version: String,
    /// The issuer shown in authenticator apps.
    pub issuer: String,
    pub hash_cost: HashCost,
    /// Wrong passwords, recovery answers or sign-in codes in a row before the account locks.
    pub lockout_attempts: u32,
    pub lockout_seconds: u64,
    pub rate_ip: Option<Rate>,
    pub rate_user: Option<Rate>,
    /// Starting a password reset (forgot/start), per client address and per username, on top
    /// of the limits above: each start shows a question, real or decoy.
    pub forgot_rate_ip: Option<Rate>,
    pub forgot_rate_user: Option<Rate>,
    /// A session ends after this long without a request.
    pub session_idle_seconds: u64,
    /// ...and after this long whatever happens.
    pub session_max_seconds: u64,
    /// Recovery and 2-step changes need a password entered this recently (sign-in or
    /// reauthentication).
    pub reauth_seconds: u64,
    pub reset_token_seconds: u64,
    /// How long a response is kept for replay under its Idempotency-Key.
    pub idempotency_seconds: u64,
    /// Adds `Secure` to cookies and names them with the `__Host-` prefix (which browsers keep
    /// from being set by any other host or path). Off for the plain-HTTP demo; on behind HTTPS.
    pub secure_cookies: bool,
    /// The origins (`scheme://host[:port]`) of the pages allowed to post here: a post whose
    /// `Origin` is another is refused. `main` puts the listen address's origin here when no
    /// `--origin` is given. Empty: a post with any `Origin` header is refused.
    pub origins: Vec<String>,
    /// Keeps CSP violation reports in memory and lists them at `GET /csp-reports`: for test
    /// runs only (anyone could read them). Otherwise reports only go to the log.
    pub expose_csp_reports: bool,
}

pub const DEFAULT_DEMO_USER: &str = "demo";
/// Documented in docs/api.md and printed at start: the demo's first-login password.
pub const DEFAULT_DEMO_PASSWORD: &str = "Temp-Pass-2024!";
pub const DEFAULT_TERMS_VERSION: &str = "2025-05-14";
pub const DEFAULT_TERMS_TEXT: &str = "HMIS User Agreement. You will keep your username and password \
confidential and never share them; sharing them is a serious violation. You will let no browser save \
or remember your HMIS password. You will see and record client information only as your work \
requires, keep it confidential, and follow your organization's privacy and security policies. You \
will tell the Helpdesk at once if you suspect that someone else has used your account. Misuse can end \
your access to HMIS.";

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            www: "www".into(),
            pkg: "pkg".into(),
            db: "hmis-demo.sqlite3".to_owned(),
            demo_user: DEFAULT_DEMO_USER.to_owned(),
            demo_password: DEFAULT_DEMO_PASSWORD.to_owned(),
            reset_demo: false,
            terms_text: DEFAULT_TERMS_TEXT.to_owned(),
            terms_version: DEFAULT_TERMS_VERSION.to_owned(),
            issuer: "Demo HMIS".to_owned(),
            hash_cost: HashCost::OWASP,
            lockout_attempts: 5,
            lockout_seconds: 15 * 60,
            rate_ip: Some(Rate { count: 120, seconds: 60 }),
            rate_user: Some(Rate { count: 20, seconds: 60 }),
            forgot_rate_ip: Some(Rate { count: 20, seconds: 600 }),
            forgot_rate_user: Some(Rate { count: 5, seconds: 600 }),
            session_idle_seconds: 30 * 60,
            session_max_seconds: 12 * 60 * 60,
            reauth_seconds: 15 * 60,
            reset_token_seconds: 10 * 60,
            idempotency_seconds: 24 * 60 * 60,
            secure_cookies: false,
            origins: Vec::new(),
            expose_csp_reports: false,
        }
    }
}

impl Settings {
    /// In memory, cheap hashing, no rate limits; tests turn on what they exercise.
    pub fn for_tests() -> Settings {
        Settings {
            db: ":memory:".to_owned(),
            hash_cost: HashCost::INSECURE_FAST,
            rate_ip: None,
            rate_user: None,
            forgot_rate_ip: None,
            forgot_rate_user: None,
            origins: vec![TEST_ORIGIN.to_owned()],
            ..Settings::default()
        }
    }
}

/// The origin [`Settings::for_tests`] accepts posts from.
pub const TEST_ORIGIN: &str = "http://hmis.test";

/// What `main` needs besides the settings.
#[derive(Clone, Debug)]
pub struct Options {
    pub host: String,
    pub port: u16,
    pub settings: Settings,
}

pub const USAGE: &str = "usage: hmis-onboard-server [flags]
  --host H              address to listen on (127.0.0.1)
  --port N              port (PORT, or 8080; 0 picks a free one)
  --www DIR             demo pages (www)
  --pkg DIR             the widget's build output (pkg)
  --db PATH             SQLite database file, or :memory: (HMIS_DB, or hmis-demo.sqlite3)
  --demo-user NAME      the first-login demo account (demo)
  --demo-password PW    its temporary password (Temp-Pass-2024!)
  --reset-demo          restore the demo account's temporary password even if it was changed
  --terms-text TEXT     terms of agreement shown at first sign-in
  --terms-file PATH     ...read from a file
  --terms-version V     their version; a new version asks everyone to accept again (2025-05-14)
  --issuer NAME         name shown in authenticator apps (Demo HMIS)
  --lockout-attempts N  failures in a row before an account locks (5)
  --lockout-seconds S   how long it stays locked (900)
  --rate-ip N/S         requests per client address per S seconds, or off (120/60)
  --rate-user N/S       attempts per username per S seconds, or off (20/60)
  --forgot-rate-ip N/S  password resets started per client address per S seconds, or off (20/600)
  --forgot-rate-user N/S  ...per username (5/600)
  --session-idle S      session ends after S seconds idle (1800)
  --reauth-window S     recovery and 2-step changes need a password entered within S seconds (900)
  --origin URL          the public origin of the pages that post here, e.g. https://hmis.example.org
                        (repeat for more; default: http://HOST:PORT as listened on)
  --secure-cookies      mark cookies Secure and name them __Host-… (use behind HTTPS)";

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value.parse().map_err(|_| format!("{flag}: expected a number, got {value:?}"))
}

fn rate(flag: &str, value: &str) -> Result<Option<Rate>, String> {
    if value == "off" {
        return Ok(None);
    }
    let (count, seconds) = value.split_once('/').ok_or_else(|| format!("{flag}: expected COUNT/SECONDS or off, got {value:?}"))?;
    let rate = Rate { count: number(flag, count)?, seconds: number(flag, seconds)? };
    if rate.count == 0 || rate.seconds == 0 {
        return Err(format!("{flag}: COUNT and SECONDS must be above 0 (or say off)"));
    }
    Ok(Some(rate))
}

/// An origin as browsers write it in the `Origin` header: lowercase scheme and host, the port
/// only when it is not the scheme's default, no path.
pub fn origin(flag: &str, value: &str) -> Result<String, String> {
    let bad = || format!("{flag}: expected an origin such as https://hmis.example.org or http://127.0.0.1:8080, got {value:?}");
    let lower = value.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, rest) = lower.split_once("://").ok_or_else(bad)?;
    let default_port = match scheme {
        "http" => "80",
        "https" => "443",
        _ => return Err(bad()),
    };
    let (host, port) = match rest.rsplit_once(':').filter(|(h, p)| !p.contains(']') && !h.is_empty()) {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    let host_ok = !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.[]:".contains(&b));
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok());
    if !host_ok || !port_ok {
        return Err(bad());
    }
    Ok(match port {
        Some(port) if port != default_port => format!("{scheme}://{host}:{port}"),
        _ => format!("{scheme}://{host}"),
    })
}

/// The origins a server listening on `addr` accepts when no `--origin` was given: the listen
/// address's own, and for a loopback address also `localhost`'s (the same machine; what
/// people type).
pub fn listen_origins(addr: std::net::SocketAddr) -> Vec<String> {
    let own = format!("http://{addr}");
    let mut origins = vec![origin("the listen address", &own).unwrap_or(own)];
    if addr.ip().is_loopback() {
        origins.push(origin("localhost", &format!("http://localhost:{}", addr.port())).expect("a valid origin"));
    }
    origins
}

/// Reads the flags (without the program name) and the environment.
pub fn parse_args(args: impl IntoIterator<Item = String>, env: impl Fn(&str) -> Option<String>) -> Result<Options, String> {
    let mut settings = Settings::default();
    if let Some(db) = env("HMIS_DB").filter(|d| !d.is_empty()) {
        settings.db = db;
    }
    let mut options = Options {
        host: "127.0.0.1".to_owned(),
        port: match env("PORT") {
            Some(p) => p.parse().map_err(|_| format!("PORT: expected a port number, got {p:?}"))?,
            None => 8080,
        },
        settings,
    };
    let s = &mut options.settings;
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--host" => options.host = value()?,
            "--port" => options.port = number("--port", &value()?)?,
            "--www" => s.www = value()?.into(),
            "--pkg" => s.pkg = value()?.into(),
            "--db" => s.db = value()?,
            "--demo-user" => s.demo_user = value()?,
            "--demo-password" => s.demo_password = value()?,
            "--reset-demo" => s.reset_demo = true,
            "--terms-text" => s.terms_text = value()?,
            "--terms-file" => {
                let path = value()?;
                s.terms_text = std::fs::read_to_string(&path).map_err(|e| format!("--terms-file {path}: {e}"))?.trim().to_owned();
            }
            "--terms-version" => s.terms_version = value()?,
            "--issuer" => s.issuer = value()?,
            "--lockout-attempts" => s.lockout_attempts = number("--lockout-attempts", &value()?)?,
            "--lockout-seconds" => s.lockout_seconds = number("--lockout-seconds", &value()?)?,
            "--rate-ip" => s.rate_ip = rate("--rate-ip", &value()?)?,
            "--rate-user" => s.rate_user = rate("--rate-user", &value()?)?,
            "--forgot-rate-ip" => s.forgot_rate_ip = rate("--forgot-rate-ip", &value()?)?,
            "--forgot-rate-user" => s.forgot_rate_user = rate("--forgot-rate-user", &value()?)?,
            "--origin" => s.origins.push(origin("--origin", &value()?)?),
            "--session-idle" => s.session_idle_seconds = number("--session-idle", &value()?)?,
            "--reauth-window" => s.reauth_seconds = number("--reauth-window", &value()?)?,
            "--secure-cookies" => s.secure_cookies = true,
            // Not in the usage on purpose: for test runs that start the binary, never for use.
            "--insecure-fast-hashing" => s.hash_cost = HashCost::INSECURE_FAST,
            "--expose-csp-reports" => s.expose_csp_reports = true,
            "--help" | "-h" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other:?} (try --help)")),
        }
    }
    if s.demo_user.trim().is_empty() {
        return Err("--demo-user: must not be empty".to_owned());
    }
    if s.terms_version.trim().is_empty() || s.terms_text.trim().is_empty() {
        return Err("--terms-text and --terms-version must not be empty".to_owned());
    }
    if s.lockout_attempts == 0 {
        return Err("--lockout-attempts: must be at least 1".to_owned());
    }
    Ok(options)
}

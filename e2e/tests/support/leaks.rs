//! The leak sweep, run at the end of every journey scenario: no password, recovery answer or
//! TOTP secret may be found anywhere but in the requests to the backend that needs it.
//!
//! Searched (case-insensitively, as typed, percent-encoded and form-encoded):
//! - in the browser: `localStorage`, `sessionStorage`, IndexedDB (every database
//!   `indexedDB.databases()` lists, every store's records; "unsupported" where the browser
//!   lacks that call), `document.cookie`, `location.href`, `history.state`, the whole
//!   document's `outerHTML` (every attribute, `value` attributes included), the values of the
//!   inputs that are not password fields, and the URL of every resource and navigation the page loaded
//!   (`performance` entries), which must all be the page's own origin;
//! - the console: what the pages logged through `console.*` (see [`Page::record_console`]);
//! - every request the browser made, from the proxy's log: no secret in any URL, and none in
//!   the body of any request that is not a POST to the backend's actions;
//! - the reference server's stdout and stderr (its access log).
//!
//! Once the journey is over (the `done` step, or no step on the page), every password field
//! must be empty.
//!
//! And, so the sweep cannot pass by searching badly: every secret the page sends must be found
//! in the backend requests' bodies, where it belongs.

use super::ensure;
use super::page::Page;
use super::proxy::Proxy;
use super::server::{ServerLogs, TEMPORARY_PASSWORD};
use serde::Deserialize;
use std::collections::BTreeMap;

/// One secret to look for.
#[derive(Clone, Debug)]
pub struct Secret {
    pub what: String,
    pub value: String,
    /// The page sends it to the backend (so it must be found there: the sweep's control).
    pub sent: bool,
}

impl Secret {
    pub fn sent(what: &str, value: &str) -> Secret {
        Secret { what: what.to_owned(), value: value.to_owned(), sent: true }
    }

    /// A secret the page is given and never sends (a TOTP key made by the server).
    pub fn received(what: &str, value: &str) -> Secret {
        Secret { what: what.to_owned(), value: value.to_owned(), sent: false }
    }

    /// The forms it could take in text: as is, percent-encoded, form-encoded; lowercase.
    fn needles(&self) -> Vec<String> {
        let plain = self.value.to_lowercase();
        let percent: String = plain
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02x}")
                }
            })
            .collect();
        let form = percent.replace("%20", "+");
        let mut needles = vec![plain, percent, form];
        needles.dedup();
        needles
    }

    fn found_in(&self, haystack: &str) -> bool {
        let haystack = haystack.to_lowercase();
        self.needles().iter().any(|n| haystack.contains(n.as_str()))
    }
}

/// The TOTP key as the page shows it (groups of four) and compact: both are searched.
pub fn totp_secrets(key_text: &str) -> Vec<Secret> {
    let compact: String = key_text.chars().filter(|c| !c.is_whitespace()).collect();
    vec![Secret::received("the TOTP key", &compact), Secret::received("the TOTP key (grouped)", key_text.trim())]
}

#[derive(Debug, Deserialize)]
struct BrowserPlaces {
    origin: String,
    places: BTreeMap<String, String>,
    resource_urls: Vec<String>,
    password_values: Vec<String>,
    step: Option<String>,
}

const PLACES_JS: &str = r#"
const done = arguments[arguments.length - 1];
const storage = (s) => {
  const all = {};
  for (let i = 0; i < s.length; i++) { const k = s.key(i); all[k] = s.getItem(k); }
  return JSON.stringify(all);
};
const request = (r) => new Promise((ok, fail) => { r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
async function indexedDbDump() {
  if (typeof indexedDB === "undefined") return "unsupported: no indexedDB";
  if (typeof indexedDB.databases !== "function") return "unsupported: no indexedDB.databases()";
  const out = [];
  for (const info of await indexedDB.databases()) {
    const db = await request(indexedDB.open(info.name));
    for (const name of Array.from(db.objectStoreNames)) {
      const store = db.transaction(name, "readonly").objectStore(name);
      out.push({ db: info.name, store: name, keys: await request(store.getAllKeys()), values: await request(store.getAll()) });
    }
    db.close();
  }
  return JSON.stringify(out);
}
(async () => {
  const resources = performance.getEntriesByType("resource").concat(performance.getEntriesByType("navigation"));
  done({
    origin: location.origin,
    places: {
      localStorage: storage(localStorage),
      sessionStorage: storage(sessionStorage),
      indexedDB: await indexedDbDump(),
      "document.cookie": document.cookie,
      "location.href": location.href,
      "history.state": JSON.stringify(history.state),
      "the document's outerHTML": document.documentElement.outerHTML,
      "the values of the inputs that are not password fields":
        JSON.stringify(Array.from(document.querySelectorAll('input:not([type="password"])'), (i) => i.value)),
    },
    resource_urls: resources.map((e) => e.name),
    password_values: Array.from(document.querySelectorAll('input[type="password"]'), (i) => i.value),
    step: (document.querySelector('form[data-hmis-part="step"]') || { getAttribute: () => null }).getAttribute("data-step"),
  });
})().catch((e) => done({ error: String(e) }));
"#;

/// What one sweep searched, appended to `target/tmp/e2e/leak-sweeps.txt` (the figures for
/// the README, and what each browser supports).
#[derive(Debug)]
pub struct SweepReport {
    /// "unsupported: …" when the browser cannot list its databases, else the JSON dump.
    pub indexed_db: String,
    pub console_lines: usize,
    pub requests: usize,
    pub resources: usize,
}

/// Appends a line to `target/tmp/e2e/leak-sweeps.txt`: what a scenario found the browser did
/// where browsers may differ.
pub fn note(line: &str) {
    use std::io::Write;
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e").join("leak-sweeps.txt");
    if let Ok(mut file) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
        let _ = writeln!(file, "{line}");
    }
}

impl SweepReport {
    pub fn record(&self, label: &str) {
        let indexed_db = if self.indexed_db.starts_with("unsupported") {
            self.indexed_db.clone()
        } else {
            format!("listed: {}", self.indexed_db)
        };
        note(&format!(
            "{label}: swept {} requests, {} resource entries, {} console lines, IndexedDB {indexed_db}",
            self.requests, self.resources, self.console_lines
        ));
    }
}

/// Sweeps the page, the console, the proxy's request log and the servers' output for
/// `secrets`. The backend's actions are the POSTs under `/api/` and `/classic/Account/`.
pub async fn sweep(
    page: &Page,
    secrets: &[Secret],
    proxy: &Proxy,
    servers: &[ServerLogs],
) -> Result<SweepReport, String> {
    let mut found = Vec::new();
    let browser: BrowserPlaces = page.async_script(PLACES_JS, vec![]).await?;
    for (place, text) in &browser.places {
        for secret in secrets {
            if secret.found_in(text) {
                found.push(format!("{} in {place}", secret.what));
            }
        }
    }
    for url in &browser.resource_urls {
        for secret in secrets {
            if secret.found_in(url) {
                found.push(format!("{} in the URL of a resource the page loaded", secret.what));
            }
        }
        ensure!(
            url.starts_with(&format!("{}/", browser.origin)),
            "the page loaded a resource from another origin than its own ({}): {url}",
            browser.origin
        );
    }
    // A step still on screen keeps what was typed (that is the point of it); once the journey
    // is over, or on a page without one, no password field may hold anything.
    if matches!(browser.step.as_deref(), None | Some("done")) {
        let filled = browser.password_values.iter().filter(|v| !v.is_empty()).count();
        ensure!(
            filled == 0,
            "{filled} password field(s) still hold a value after the journey (step {:?})",
            browser.step
        );
    }

    let console = page.console().await;
    for line in &console {
        for secret in secrets {
            if secret.found_in(line) {
                found.push(format!("{} in the console output", secret.what));
            }
        }
    }

    let log = proxy.log();
    let is_backend = |method: &str, path: &str| {
        method == "POST" && (path.starts_with("/api/") || path.starts_with("/classic/Account/"))
    };
    for request in &log {
        for secret in secrets {
            if secret.found_in(&request.target) {
                found.push(format!("{} in the URL of {} {}", secret.what, request.method, request.path()));
            }
            if !is_backend(&request.method, request.path()) && secret.found_in(&request.body) {
                found.push(format!(
                    "{} in the body of {} {} (not a backend action)",
                    secret.what,
                    request.method,
                    request.path()
                ));
            }
        }
    }
    for secret in secrets.iter().filter(|s| s.sent) {
        let seen = log.iter().any(|r| is_backend(&r.method, r.path()) && secret.found_in(&r.body));
        ensure!(
            seen,
            "the sweep's control failed: {} was not found even in the backend requests that carry it",
            secret.what
        );
    }

    for server in servers {
        let stderr = server.stderr()?;
        // The demo's banner prints the seeded account's temporary password on stdout: the
        // operator chose it on the command line, and `make demo` tells the person. Nothing
        // typed into the page may appear there.
        let stdout = server.stdout();
        for secret in secrets {
            if secret.found_in(&stderr) {
                found.push(format!("{} in the server's stderr ({})", secret.what, server.label));
            }
            if secret.value != TEMPORARY_PASSWORD && secret.found_in(&stdout) {
                found.push(format!("{} in the server's stdout ({})", secret.what, server.label));
            }
        }
    }
    found.dedup();
    ensure!(found.is_empty(), "secrets leaked: {}", found.join("; "));
    Ok(SweepReport {
        indexed_db: browser.places.get("indexedDB").cloned().unwrap_or_default(),
        console_lines: console.len(),
        requests: log.len(),
        resources: browser.resource_urls.len(),
    })
}

/// Fails unless the console has a warning from the widget naming `action` and containing
/// every one of `words` (what was wrong).
pub async fn ensure_console_warning(page: &Page, action: &str, words: &[&str]) -> Result<String, String> {
    let console = page.console().await;
    let hit = console.iter().find(|line| {
        let lower = line.to_lowercase();
        line.starts_with("warn: hmis-onboard")
            && line.contains(action)
            && words.iter().all(|w| lower.contains(&w.to_lowercase()))
    });
    hit.cloned()
        .ok_or_else(|| format!("no console warning naming {action:?} with {words:?}; the console had: {console:?}"))
}

//! Content Security Policy violation reports (`POST /csp-report`, which browsers send without
//! any credential, so anyone can post there too).
//!
//! A report goes to the log as one short line, cut to what helps find the violation (the
//! directive, the blocked resource, the page and the source line; URLs without their query
//! string or fragment, no script sample) and to printable characters, so a report cannot
//! carry a secret into the log or forge log lines. At most [`PER_MINUTE`] reports a minute are
//! logged, whoever sends them. Only a test run (`--expose-csp-reports`) also keeps them in
//! memory for `GET /csp-reports`; otherwise nothing that was posted can be read back.

use crate::support::Log;
use serde_json::Value;
use std::sync::Mutex;

/// The largest report read; browsers' are a few hundred bytes.
pub const MAX_BYTES: usize = 8 * 1024;
/// Reports logged per minute (server-wide); the rest are counted and dropped.
pub const PER_MINUTE: u32 = 20;
/// Reports kept for `GET /csp-reports` when exposed.
const MAX_KEPT: usize = 1_000;
/// Characters kept of each field of a logged report.
const FIELD_CHARS: usize = 200;

pub struct CspReports {
    expose: bool,
    kept: Mutex<Vec<Value>>,
    /// The minute (Unix time / 60) being counted, and the reports received in it.
    window: Mutex<(u64, u32)>,
}

impl CspReports {
    pub fn new(expose: bool) -> CspReports {
        CspReports { expose, kept: Mutex::new(Vec::new()), window: Mutex::new((0, 0)) }
    }

    /// Whether `GET /csp-reports` answers (test runs only).
    pub fn exposed(&self) -> bool {
        self.expose
    }

    /// The reports kept so far (always none unless exposed).
    pub fn kept(&self) -> Vec<Value> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Takes one report body: logs it unless this minute's quota is spent (saying so once),
    /// and keeps it when exposed.
    pub fn receive(&self, body: &[u8], now: u64, log: &Log) {
        let report = serde_json::from_slice::<Value>(body).unwrap_or_else(|_| Value::String(String::from_utf8_lossy(body).into_owned()));
        let count = {
            let mut window = self.window.lock().unwrap_or_else(|e| e.into_inner());
            if window.0 != now / 60 {
                *window = (now / 60, 0);
            }
            window.1 = window.1.saturating_add(1);
            window.1
        };
        if count <= PER_MINUTE {
            for line in summaries(&report) {
                log.line(&format!("csp-report: {line}"));
            }
        } else if count == PER_MINUTE + 1 {
            log.line(&format!("csp-report: more than {PER_MINUTE} reports this minute; the rest of this minute's are not logged"));
        }
        if self.expose {
            let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
            if kept.len() < MAX_KEPT {
                kept.push(report);
            }
        }
    }
}

/// One line per violation in a report: the `report-uri` format (`{"csp-report": {…}}`) or the
/// Reporting API's (`[{"type": "csp-violation", "body": {…}}]`).
fn summaries(report: &Value) -> Vec<String> {
    let violations: Vec<&Value> = match report {
        Value::Object(map) if map.contains_key("csp-report") => vec![&map["csp-report"]],
        Value::Array(items) => items.iter().filter_map(|item| item.get("body")).take(10).collect(),
        Value::Object(map) if map.contains_key("body") => vec![&map["body"]],
        _ => Vec::new(),
    };
    if violations.is_empty() {
        return vec!["a report that is not a CSP violation report".to_owned()];
    }
    violations
        .into_iter()
        .map(|v| {
            let field = |names: &[&str]| names.iter().find_map(|n| v.get(*n)).map(text).unwrap_or_default();
            let directive = clean(&field(&["effective-directive", "effectiveDirective", "violated-directive"]));
            let blocked = clean(&without_query(&field(&["blocked-uri", "blockedURL"])));
            let page = clean(&without_query(&field(&["document-uri", "documentURL"])));
            let source = clean(&without_query(&field(&["source-file", "sourceFile"])));
            let line = clean(&field(&["line-number", "lineNumber"]));
            format!("{directive} blocked {blocked} on {page} (source {source}:{line})")
        })
        .collect()
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// A URL without its query string or fragment, where tokens travel.
fn without_query(url: &str) -> String {
    url.split(['?', '#']).next().unwrap_or("").to_owned()
}

/// Printable ASCII only (no line breaks: one report, one line), at most [`FIELD_CHARS`]; `-`
/// when empty.
fn clean(field: &str) -> String {
    let kept: String = field.chars().take(FIELD_CHARS).map(|c| if c.is_ascii_graphic() { c } else { '_' }).collect();
    if kept.is_empty() {
        "-".to_owned()
    } else {
        kept
    }
}

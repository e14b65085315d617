//! The guided journeys' DOM contract: one `form[data-hmis-part="step"]` at a time, named by
//! `data-step`, `aria-busy="true"` while its request is in flight, `data-error` naming what
//! went wrong; inputs by logical name; the primary, back, cancel, skip and menu buttons.
//! Plus what a scenario needs around it: the TOTP code for the key the page shows, and the
//! server's stored account read from its database file.

use super::page::Page;
use super::wait::wait_for;
use super::{ensure, Context};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// The step form, as a CSS selector.
pub const STEP: &str = r#"form[data-hmis-part="step"]"#;

/// The step on screen now.
#[derive(Debug, Deserialize)]
pub struct StepState {
    pub step: Option<String>,
    pub busy: Option<String>,
    /// `data-error`: "" when there is none.
    pub error: Option<String>,
    /// The text of the step's error message.
    pub message: String,
    /// The texts of the non-empty field errors.
    pub field_errors: Vec<String>,
    /// `data-seconds` of the countdown, when there is one.
    pub seconds: Option<String>,
    /// Each named input's value (checkboxes: "true" or "false").
    pub values: BTreeMap<String, String>,
}

impl StepState {
    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).map_or("", String::as_str)
    }

    fn error_id(&self) -> &str {
        self.error.as_deref().unwrap_or("")
    }

    fn settled(&self) -> bool {
        self.busy.as_deref() != Some("true")
    }
}

const STEP_JS: &str = r#"
const form = document.querySelector('form[data-hmis-part="step"]');
if (!form) return { step: null, busy: null, error: null, message: "", field_errors: [], seconds: null, values: {} };
const root = form.parentElement || document;
const error = root.querySelector('[data-hmis-part="error"]');
const countdown = root.querySelector('[data-hmis-part="countdown"]');
return {
  step: form.getAttribute("data-step"),
  busy: form.getAttribute("aria-busy"),
  error: form.getAttribute("data-error"),
  message: error ? error.textContent : "",
  field_errors: Array.from(root.querySelectorAll('[data-hmis-part="field-error"]'), (e) => e.textContent)
    .filter((t) => t.trim() !== ""),
  seconds: countdown ? countdown.getAttribute("data-seconds") : null,
  values: Object.fromEntries(Array.from(form.querySelectorAll("input[name]"),
    (i) => [i.name, i.type === "checkbox" ? String(i.checked) : i.value])),
};
"#;

/// The input with logical name `name` in the step on screen.
pub fn field(name: &str) -> String {
    format!(r#"{STEP} input[name="{name}"]"#)
}

/// A button of the step on screen by its part: "primary", "back", "cancel", "skip", ...
pub fn button(part: &str) -> String {
    format!(r#"{STEP} [data-hmis-part="{part}"]"#)
}

/// A Security Settings menu item.
pub fn menu_item(item: &str) -> String {
    format!(r#"{STEP} [data-hmis-part="menu-item"][data-item="{item}"]"#)
}

impl Page {
    pub async fn step_state(&self) -> Result<StepState, String> {
        self.script(STEP_JS, vec![]).await
    }

    /// Waits until step `id` is on screen with no request in flight and no error.
    pub async fn wait_for_step(&self, id: &str) -> Result<StepState, String> {
        wait_for(&format!("the step {id:?}, settled, without an error"), || async {
            let state = self.step_state().await?;
            if state.step.as_deref() == Some(id) && state.settled() && state.error_id().is_empty() {
                Ok(state)
            } else {
                Err(format!("{state:?}"))
            }
        })
        .await
    }

    /// Waits until step `id` shows the error `error` (a `data-error` value) with no request in
    /// flight.
    pub async fn wait_for_error(&self, id: &str, error: &str) -> Result<StepState, String> {
        wait_for(&format!("the step {id:?} showing the error {error:?}"), || async {
            let state = self.step_state().await?;
            if state.step.as_deref() == Some(id) && state.settled() && state.error_id() == error {
                Ok(state)
            } else {
                Err(format!("{state:?}"))
            }
        })
        .await
    }

    /// Waits until the step's live checklist shows exactly `expected` rules met.
    pub async fn wait_for_step_met(&self, expected: &[&str]) -> Result<(), String> {
        wait_for(&format!("the step's checklist with exactly these rules met: {expected:?}"), || async {
            let state = self.checklist_of(STEP).await?;
            if state.met() == expected && state.rules.len() == expected.len() {
                Ok(())
            } else {
                Err(format!("met {:?} of {} rules", state.met(), state.rules.len()))
            }
        })
        .await
    }

    /// Waits until the step's confirmation line says the two new passwords match and the
    /// strength estimate has landed (the panel stops moving, so a click hits the button).
    pub async fn wait_for_step_password_ready(&self) -> Result<(), String> {
        wait_for("the step's confirmation matching and its strength estimate settled", || async {
            let state = self.checklist_of(STEP).await?;
            let settled = state.meter.busy.as_deref() == Some("false");
            if state.confirm.as_deref() == Some("true") && settled {
                Ok(())
            } else {
                Err(format!("data-match={:?}, strength {:?}", state.confirm, state.meter))
            }
        })
        .await
    }

    /// Types `text` into the step's input named `name`.
    pub async fn fill(&self, name: &str, text: &str) -> Result<(), String> {
        self.type_into(&field(name), text).await
    }

    /// Clicks the step's primary (submit) button.
    pub async fn submit_step(&self) -> Result<(), String> {
        self.click(&button("primary")).await
    }

    /// The 2-step step's key, as shown (groups of four), and the current code for it.
    pub async fn totp_from_key_text(&self) -> Result<(String, String), String> {
        let text: String = self
            .script(
                r#"const k = document.querySelector('[data-hmis-part="totp-key"]'); return k ? k.textContent : "";"#,
                vec![],
            )
            .await?;
        ensure!(!text.trim().is_empty(), "no key text in [data-hmis-part=\"totp-key\"]");
        Ok((text.clone(), current_code(&text)?))
    }

    /// `GET path` on the page's server, from the page (same origin, the page's cookies).
    pub async fn fetch_json(&self, path: &str) -> Result<serde_json::Value, String> {
        const FETCH_JS: &str = r#"
const [path, done] = arguments;
fetch(path, { headers: { Accept: "application/json" } })
  .then((r) => r.json())
  .then(done, (e) => done({ error: String(e) }));
"#;
        self.async_script(FETCH_JS, vec![json!(path)]).await
    }

    /// Posts a JSON action under `/api` from the page, with the CSRF cookie's value as the
    /// header (the contract's double submit). Returns the status and body.
    pub async fn post_api(&self, path: &str, body: serde_json::Value) -> Result<(u16, serde_json::Value), String> {
        const POST_JS: &str = r#"
const [path, body, done] = arguments;
const csrf = (document.cookie.split("; ").find((c) => c.startsWith("hmis_csrf=")) || "").slice(10);
fetch(path, {
  method: "POST",
  headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRF-Token": csrf },
  body: JSON.stringify(body),
})
  .then(async (r) => done({ status: r.status, body: await r.json() }), (e) => done({ error: String(e) }));
"#;
        #[derive(Deserialize)]
        struct Answer {
            status: u16,
            body: serde_json::Value,
        }
        let answer: Answer = self.async_script(POST_JS, vec![json!(path), body]).await?;
        Ok((answer.status, answer.body))
    }
}

/// The RFC 6238 code (SHA1, 6 digits, 30 s) for a base32 key shown in groups, now. (A code
/// that crosses a step boundary before the server checks it is still accepted: the server
/// allows one step either side.)
pub fn current_code(key_text: &str) -> Result<String, String> {
    let compact: String = key_text.chars().filter(|c| !c.is_whitespace()).collect();
    let secret =
        hmis_onboard::totp::base32_decode(&compact).ok_or_else(|| format!("the key {key_text:?} is not base32"))?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).context("reading the clock")?.as_secs();
    Ok(hmis_onboard::totp::totp(&secret, now, 30, 6))
}

/// A different code than `code`: wrong, but well formed.
pub fn wrong_code(code: &str) -> String {
    code.chars().map(|c| char::from_digit((c.to_digit(10).unwrap_or(0) + 5) % 10, 10).unwrap_or('0')).collect()
}

/// The stored account, as the server's database file has it.
#[derive(Debug)]
pub struct StoredUser {
    pub password_hash: String,
    pub must_change_password: bool,
    pub terms_version: Option<String>,
    pub recovery_question: Option<String>,
    pub recovery_answer_hash: Option<String>,
    pub totp_enabled: bool,
}

/// Reads `username`'s row from the server's database file (read-only; the server may still be
/// running).
pub fn stored_user(db: &Path, username: &str) -> Result<StoredUser, String> {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = rusqlite::Connection::open_with_flags(db, flags).context(&format!("opening {}", db.display()))?;
    conn.query_row(
        "SELECT password_hash, must_change_password, terms_version, recovery_question, recovery_answer_hash,
                totp_secret IS NOT NULL
         FROM users WHERE username = ?1",
        [username],
        |row| {
            Ok(StoredUser {
                password_hash: row.get(0)?,
                must_change_password: row.get(1)?,
                terms_version: row.get(2)?,
                recovery_question: row.get(3)?,
                recovery_answer_hash: row.get(4)?,
                totp_enabled: row.get(5)?,
            })
        },
    )
    .context(&format!("reading the account {username:?} from {}", db.display()))
}

/// What lapses with time on the server: each is made to lapse by moving the times the server
/// recorded into the past, as the server's own clock would see them once that time had passed.
#[derive(Clone, Copy, Debug)]
pub enum Lapse {
    /// Every session of the account: idle and over its lifetime.
    Session,
    /// The re-entry window of every session (the password entered "long ago").
    ReEntry,
    /// Every reset token.
    ResetToken,
}

/// Lets `lapse` happen now, in a running server's database file.
pub fn let_time_pass(db: &Path, lapse: Lapse) -> Result<(), String> {
    const DAYS: i64 = 30 * 24 * 60 * 60;
    let sql = match lapse {
        Lapse::Session => format!("UPDATE sessions SET created_at = created_at - {DAYS}, last_seen = last_seen - {DAYS}, authenticated_at = authenticated_at - {DAYS}"),
        Lapse::ReEntry => format!("UPDATE sessions SET authenticated_at = authenticated_at - {DAYS}"),
        Lapse::ResetToken => format!("UPDATE reset_tokens SET expires_at = expires_at - {DAYS}"),
    };
    let conn = rusqlite::Connection::open(db).context(&format!("opening {}", db.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(5)).context("setting a busy timeout")?;
    let rows = conn.execute(&sql, []).context(&format!("letting {lapse:?} lapse"))?;
    ensure!(rows > 0, "nothing to let lapse for {lapse:?}: no row in the server's database");
    Ok(())
}

/// Triggers that record every state change the server makes, one row per change, in a table
/// of the test's own (`e2e_changes`): each `UPDATE users … updated_at = …` (the server's one
/// statement per change of password, terms, recovery or 2-step), each new session (sign-in,
/// reauthentication), each reset token, each 2-step pairing started. The server is not
/// changed; its database reports what it did, so "exactly one state change" is counted, not
/// guessed from the final values (a recovery answer saved twice looks the same as once).
const INSTRUMENT_SQL: &str = "
CREATE TABLE IF NOT EXISTS e2e_changes (id INTEGER PRIMARY KEY, kind TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS e2e_user_changed AFTER UPDATE OF updated_at ON users BEGIN
  INSERT INTO e2e_changes (kind) VALUES (CASE
    WHEN OLD.password_hash IS NOT NEW.password_hash THEN 'password'
    WHEN OLD.recovery_answer_hash IS NOT NEW.recovery_answer_hash THEN 'recovery'
    WHEN OLD.totp_secret IS NOT NEW.totp_secret AND NEW.totp_secret IS NULL THEN 'twoStepOff'
    WHEN OLD.totp_secret IS NOT NEW.totp_secret THEN 'twoStepOn'
    WHEN OLD.terms_version IS NOT NEW.terms_version THEN 'terms'
    ELSE 'unchanged' END);
END;
CREATE TRIGGER IF NOT EXISTS e2e_session_made AFTER INSERT ON sessions BEGIN
  INSERT INTO e2e_changes (kind) VALUES ('session');
END;
CREATE TRIGGER IF NOT EXISTS e2e_reset_token_made AFTER INSERT ON reset_tokens BEGIN
  INSERT INTO e2e_changes (kind) VALUES ('resetToken');
END;
CREATE TRIGGER IF NOT EXISTS e2e_two_step_started AFTER UPDATE OF totp_pending ON users
  WHEN NEW.totp_pending IS NOT NULL BEGIN
  INSERT INTO e2e_changes (kind) VALUES ('twoStepStarted');
END;
";

/// Installs the change-recording triggers in a running server's database file.
pub fn record_changes(db: &Path) -> Result<(), String> {
    let conn = rusqlite::Connection::open(db).context(&format!("opening {}", db.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(5)).context("setting a busy timeout")?;
    conn.execute_batch(INSTRUMENT_SQL).context(&format!("installing the change triggers in {}", db.display()))
}

/// The state changes recorded so far, in order (see [`record_changes`]).
pub fn changes(db: &Path) -> Result<Vec<String>, String> {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = rusqlite::Connection::open_with_flags(db, flags).context(&format!("opening {}", db.display()))?;
    let mut statement = conn.prepare("SELECT kind FROM e2e_changes ORDER BY id").context("reading e2e_changes")?;
    let kinds = statement.query_map([], |row| row.get::<_, String>(0)).context("reading e2e_changes")?;
    kinds.collect::<Result<Vec<_>, _>>().context("reading e2e_changes")
}

/// Fails unless the server made exactly these state changes, in this order.
pub fn ensure_changes(db: &Path, expected: &[&str]) -> Result<(), String> {
    let seen = changes(db)?;
    if seen != expected {
        return Err(format!("the server's state changes: expected exactly {expected:?}, got {seen:?}"));
    }
    Ok(())
}

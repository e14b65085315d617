//! The accounts database: SQLite in one file (or in memory for tests), created on first start.
//!
//! Migrations are numbered SQL steps applied in order inside a transaction, and
//! `PRAGMA user_version` records the last one applied, so starting the server again (or an
//! older database) is always safe. Secrets are stored only as argon2id hashes (passwords,
//! recovery answers) or SHA-256 (sessions and reset tokens, which are random); TOTP secrets
//! must be stored as they are, since codes are computed from them.

use rusqlite::{params, Connection, OptionalExtension};
use std::sync::{Mutex, MutexGuard};

/// Step N brings a database from `user_version` N to N+1. Append only; never edit a step.
const MIGRATIONS: &[&str] = &[
    // 1: accounts, sessions, reset tokens and server secrets.
    "CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value BLOB NOT NULL
    );
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        must_change_password INTEGER NOT NULL DEFAULT 1,
        terms_version TEXT,
        recovery_question TEXT,
        recovery_answer_hash TEXT,
        totp_secret BLOB,
        totp_pending BLOB,
        totp_last_step INTEGER,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
    );
    CREATE TABLE sessions (
        token_hash BLOB PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        last_seen INTEGER NOT NULL,
        authenticated_at INTEGER NOT NULL
    );
    CREATE INDEX sessions_by_user ON sessions(user_id);
    CREATE TABLE reset_tokens (
        token_hash BLOB PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        expires_at INTEGER NOT NULL
    );",
];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub password_hash: String,
    pub must_change_password: bool,
    pub terms_version: Option<String>,
    pub recovery_question: Option<String>,
    pub recovery_answer_hash: Option<String>,
    pub totp_secret: Option<Vec<u8>>,
    pub totp_pending: Option<Vec<u8>>,
    pub totp_last_step: Option<u64>,
    pub failed_attempts: u32,
    pub locked_until: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub token_hash: Vec<u8>,
    pub user_id: i64,
    pub created_at: u64,
    pub last_seen: u64,
    pub authenticated_at: u64,
}

/// What seeding the demo account did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seeded {
    Created,
    /// It still had its temporary password, which is now the one configured.
    Refreshed,
    /// Its owner had changed the password: left alone.
    Kept,
    /// `--reset-demo`: back to its first-login state.
    Reset,
}

pub struct Store {
    conn: Mutex<Connection>,
}

pub type Result<T> = rusqlite::Result<T>;

const USER_COLUMNS: &str = "id, username, password_hash, must_change_password, terms_version, recovery_question, \
recovery_answer_hash, totp_secret, totp_pending, totp_last_step, failed_attempts, locked_until";

fn user_from_row(row: &rusqlite::Row<'_>) -> Result<User> {
    Ok(User {
        id: row.get(0)?,
        username: row.get(1)?,
        password_hash: row.get(2)?,
        must_change_password: row.get(3)?,
        terms_version: row.get(4)?,
        recovery_question: row.get(5)?,
        recovery_answer_hash: row.get(6)?,
        totp_secret: row.get(7)?,
        totp_pending: row.get(8)?,
        totp_last_step: row.get::<_, Option<i64>>(9)?.map(|s| s as u64),
        failed_attempts: row.get(10)?,
        locked_until: row.get::<_, i64>(11)? as u64,
    })
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`, or an in-memory one for
    /// `:memory:`.
    pub fn open(path: &str) -> Result<Store> {
        let conn = if path == ":memory:" { Connection::open_in_memory()? } else { Connection::open(path)? };
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        if path != ":memory:" {
            // Readers do not wait for the writer; survives a crash mid-write.
            conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))?;
        }
        let store = Store { conn: Mutex::new(conn) };
        store.migrate()?;
        Ok(store)
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock leaves SQLite itself consistent (each change is one
        // statement or a transaction), so the connection stays usable.
        self.conn.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn schema_version(&self) -> Result<u32> {
        self.conn().query_row("PRAGMA user_version", [], |r| r.get(0))
    }

    fn migrate(&self) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current: usize = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        for (i, step) in MIGRATIONS.iter().enumerate().skip(current) {
            tx.execute_batch(step)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        tx.commit()
    }

    /// A 32-byte server secret by name, made on first use and kept, so decoy answers stay the
    /// same across restarts.
    pub fn secret(&self, name: &str, fresh: impl FnOnce() -> [u8; 32]) -> Result<[u8; 32]> {
        let conn = self.conn();
        let stored: Option<Vec<u8>> = conn.query_row("SELECT value FROM meta WHERE key = ?1", [name], |r| r.get(0)).optional()?;
        if let Some(Ok(secret)) = stored.map(<[u8; 32]>::try_from) {
            return Ok(secret);
        }
        // Missing (or damaged: never fall back to a guessable key).
        let secret = fresh();
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", params![name, secret.to_vec()])?;
        Ok(secret)
    }

    pub fn find_user(&self, username: &str) -> Result<Option<User>> {
        self.conn()
            .query_row(&format!("SELECT {USER_COLUMNS} FROM users WHERE username = ?1"), [username], user_from_row)
            .optional()
    }

    pub fn user(&self, id: i64) -> Result<Option<User>> {
        self.conn().query_row(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"), [id], user_from_row).optional()
    }

    /// Adds an account with a temporary password that must be changed at first sign-in.
    pub fn create_user(&self, username: &str, password_hash: &str, now: u64) -> Result<i64> {
        let conn = self.conn();
        conn.execute(
            "INSERT INTO users (username, password_hash, must_change_password, created_at, updated_at) VALUES (?1, ?2, 1, ?3, ?3)",
            params![username, password_hash, now as i64],
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// Creates the demo account, or brings it back to its first-login state when it still
    /// has its temporary password (or when `reset`). `hash` is only called when needed.
    pub fn seed_demo(&self, username: &str, reset: bool, now: u64, hash: impl FnOnce() -> String) -> Result<Seeded> {
        let Some(user) = self.find_user(username)? else {
            self.create_user(username, &hash(), now)?;
            return Ok(Seeded::Created);
        };
        if !reset && !user.must_change_password {
            return Ok(Seeded::Kept);
        }
        let conn = self.conn();
        if reset {
            conn.execute(
                "UPDATE users SET password_hash = ?2, must_change_password = 1, terms_version = NULL, recovery_question = NULL,
                 recovery_answer_hash = NULL, totp_secret = NULL, totp_pending = NULL, totp_last_step = NULL,
                 failed_attempts = 0, locked_until = 0, updated_at = ?3 WHERE id = ?1",
                params![user.id, hash(), now as i64],
            )?;
            conn.execute("DELETE FROM sessions WHERE user_id = ?1", [user.id])?;
            conn.execute("DELETE FROM reset_tokens WHERE user_id = ?1", [user.id])?;
            Ok(Seeded::Reset)
        } else {
            conn.execute(
                "UPDATE users SET password_hash = ?2, failed_attempts = 0, locked_until = 0, updated_at = ?3 WHERE id = ?1",
                params![user.id, hash(), now as i64],
            )?;
            Ok(Seeded::Refreshed)
        }
    }

    /// Counts a failure; at `threshold` in a row the account locks until `now + lock_seconds`
    /// and the count starts again. Returns the lock's end when this failure set it.
    pub fn record_failure(&self, id: i64, threshold: u32, lock_seconds: u64, now: u64) -> Result<Option<u64>> {
        let conn = self.conn();
        let failures: u32 = conn.query_row(
            "UPDATE users SET failed_attempts = failed_attempts + 1 WHERE id = ?1 RETURNING failed_attempts",
            [id],
            |r| r.get(0),
        )?;
        if failures >= threshold {
            let until = now + lock_seconds;
            conn.execute("UPDATE users SET failed_attempts = 0, locked_until = ?2 WHERE id = ?1", params![id, until as i64])?;
            return Ok(Some(until));
        }
        Ok(None)
    }

    pub fn clear_failures(&self, id: i64) -> Result<()> {
        self.conn().execute("UPDATE users SET failed_attempts = 0 WHERE id = ?1 AND failed_attempts != 0", [id]).map(drop)
    }

    /// A new password: no longer temporary, any lock lifted, reset tokens spent, and every
    /// session but `keep_session` signed out.
    pub fn set_password(&self, id: i64, hash: &str, keep_session: Option<&[u8]>, now: u64) -> Result<()> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE users SET password_hash = ?2, must_change_password = 0, failed_attempts = 0, locked_until = 0, updated_at = ?3 WHERE id = ?1",
            params![id, hash, now as i64],
        )?;
        tx.execute("DELETE FROM reset_tokens WHERE user_id = ?1", [id])?;
        match keep_session {
            Some(keep) => tx.execute("DELETE FROM sessions WHERE user_id = ?1 AND token_hash != ?2", params![id, keep])?,
            None => tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?,
        };
        tx.commit()
    }

    /// Replaces the hash without changing anything else (a stronger argon2 cost at sign-in).
    pub fn rehash_password(&self, id: i64, hash: &str) -> Result<()> {
        self.conn().execute("UPDATE users SET password_hash = ?2 WHERE id = ?1", params![id, hash]).map(drop)
    }

    pub fn set_terms(&self, id: i64, version: &str, now: u64) -> Result<()> {
        self.conn()
            .execute("UPDATE users SET terms_version = ?2, updated_at = ?3 WHERE id = ?1", params![id, version, now as i64])
            .map(drop)
    }

    pub fn set_recovery(&self, id: i64, question: &str, answer_hash: &str, now: u64) -> Result<()> {
        self.conn()
            .execute(
                "UPDATE users SET recovery_question = ?2, recovery_answer_hash = ?3, updated_at = ?4 WHERE id = ?1",
                params![id, question, answer_hash, now as i64],
            )
            .map(drop)
    }

    pub fn set_totp_pending(&self, id: i64, secret: Option<&[u8]>) -> Result<()> {
        self.conn().execute("UPDATE users SET totp_pending = ?2 WHERE id = ?1", params![id, secret]).map(drop)
    }

    /// 2-step verification on with `secret`, `step` being the time-step of the code that
    /// proved it (never accepted again).
    pub fn activate_totp(&self, id: i64, secret: &[u8], step: u64, now: u64) -> Result<()> {
        self.conn()
            .execute(
                "UPDATE users SET totp_secret = ?2, totp_pending = NULL, totp_last_step = ?3, updated_at = ?4 WHERE id = ?1",
                params![id, secret, step as i64, now as i64],
            )
            .map(drop)
    }

    /// Records the time-step of an accepted code, only if it is later than the last one: two
    /// requests racing with the same code cannot both win.
    pub fn accept_totp_step(&self, id: i64, step: u64) -> Result<bool> {
        let changed = self.conn().execute(
            "UPDATE users SET totp_last_step = ?2 WHERE id = ?1 AND (totp_last_step IS NULL OR totp_last_step < ?2)",
            params![id, step as i64],
        )?;
        Ok(changed == 1)
    }

    pub fn disable_totp(&self, id: i64, now: u64) -> Result<()> {
        self.conn()
            .execute("UPDATE users SET totp_secret = NULL, totp_pending = NULL, updated_at = ?2 WHERE id = ?1", params![id, now as i64])
            .map(drop)
    }

    pub fn create_session(&self, token_hash: &[u8], user_id: i64, now: u64) -> Result<()> {
        self.conn()
            .execute(
                "INSERT INTO sessions (token_hash, user_id, created_at, last_seen, authenticated_at) VALUES (?1, ?2, ?3, ?3, ?3)",
                params![token_hash, user_id, now as i64],
            )
            .map(drop)
    }

    /// A session as it is, also when expired (the caller decides).
    pub fn session(&self, token_hash: &[u8]) -> Result<Option<Session>> {
        self.conn()
            .query_row(
                "SELECT token_hash, user_id, created_at, last_seen, authenticated_at FROM sessions WHERE token_hash = ?1",
                [token_hash],
                |r| {
                    Ok(Session {
                        token_hash: r.get(0)?,
                        user_id: r.get(1)?,
                        created_at: r.get::<_, i64>(2)? as u64,
                        last_seen: r.get::<_, i64>(3)? as u64,
                        authenticated_at: r.get::<_, i64>(4)? as u64,
                    })
                },
            )
            .optional()
    }

    pub fn touch_session(&self, token_hash: &[u8], now: u64) -> Result<()> {
        self.conn().execute("UPDATE sessions SET last_seen = ?2 WHERE token_hash = ?1", params![token_hash, now as i64]).map(drop)
    }

    pub fn delete_session(&self, token_hash: &[u8]) -> Result<()> {
        self.conn().execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash]).map(drop)
    }

    /// Drops sessions idle past `idle_before` or created before `created_before`, and
    /// expired reset tokens.
    pub fn prune(&self, idle_before: u64, created_before: u64, now: u64) -> Result<()> {
        let conn = self.conn();
        conn.execute(
            "DELETE FROM sessions WHERE last_seen < ?1 OR created_at < ?2",
            params![idle_before as i64, created_before as i64],
        )?;
        conn.execute("DELETE FROM reset_tokens WHERE expires_at <= ?1", [now as i64]).map(drop)
    }

    pub fn create_reset_token(&self, token_hash: &[u8], user_id: i64, expires_at: u64) -> Result<()> {
        self.conn()
            .execute(
                "INSERT INTO reset_tokens (token_hash, user_id, expires_at) VALUES (?1, ?2, ?3)",
                params![token_hash, user_id, expires_at as i64],
            )
            .map(drop)
    }

    /// The account a reset token is for, with the token's expiry.
    pub fn reset_token(&self, token_hash: &[u8]) -> Result<Option<(i64, u64)>> {
        self.conn()
            .query_row("SELECT user_id, expires_at FROM reset_tokens WHERE token_hash = ?1", [token_hash], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? as u64))
            })
            .optional()
    }
}

//! Replays of a request that carries an `Idempotency-Key` already seen for the same session
//! (or, before sign-in, the same browser's CSRF cookie) and action: the first response is
//! returned again and nothing changes a second time. A retry that arrives while the first
//! request is still being handled waits for it.
//!
//! Kept in memory for `--idempotency` seconds: a restart forgets them, which is safe (a retry
//! after a restart is handled as new; every action is safe to repeat after its first result
//! is lost, except that it would be counted or applied again).

use axum::http::{HeaderName, HeaderValue};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::OwnedMutexGuard;

/// A response as first sent.
#[derive(Clone, Debug)]
pub struct Stored {
    /// An HMAC of the request body: the same key with a different body is an error.
    pub fingerprint: [u8; 32],
    pub status: u16,
    pub headers: Vec<(HeaderName, HeaderValue)>,
    pub body: Vec<u8>,
}

type Slot = Arc<tokio::sync::Mutex<Option<Stored>>>;

pub struct Cache {
    ttl: u64,
    entries: Mutex<HashMap<[u8; 32], (u64, Slot)>>,
}

pub enum Claim {
    /// Seen before with this body: send this.
    Replay(Stored),
    /// Seen before with another body.
    Mismatch,
    /// New (or the earlier attempt stored nothing): handle it, then `finish` with the guard.
    Fresh(OwnedMutexGuard<Option<Stored>>),
}

const MAX_ENTRIES: usize = 50_000;

impl Cache {
    pub fn new(ttl: u64) -> Cache {
        Cache { ttl, entries: Mutex::new(HashMap::new()) }
    }

    pub async fn claim(&self, key: [u8; 32], fingerprint: &[u8; 32], now: u64) -> Claim {
        let slot = {
            let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
            if entries.len() >= MAX_ENTRIES {
                let ttl = self.ttl;
                entries.retain(|_, (at, _)| at.saturating_add(ttl) > now);
            }
            match entries.get(&key) {
                Some((at, slot)) if at.saturating_add(self.ttl) > now => slot.clone(),
                _ => {
                    let slot: Slot = Arc::new(tokio::sync::Mutex::new(None));
                    let guard = slot.clone().try_lock_owned().expect("a new slot is unlocked");
                    entries.insert(key, (now, slot));
                    return Claim::Fresh(guard);
                }
            }
        };
        let guard = slot.lock_owned().await;
        match &*guard {
            Some(stored) if crate::support::ct_eq(&stored.fingerprint, fingerprint) => Claim::Replay(stored.clone()),
            Some(_) => Claim::Mismatch,
            None => Claim::Fresh(guard),
        }
    }
}

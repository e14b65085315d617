//! Rate limits (per client address, per username) and the lockout of names that have no
//! account, all in memory.

use crate::settings::Rate;
use std::collections::HashMap;
use std::sync::Mutex;

/// Past this many keys, keys whose bucket is full again are dropped.
const PRUNE_AT: usize = 10_000;

/// A token bucket per key: `count` requests at once, refilled at `count / seconds` per second.
pub struct RateLimiter {
    rate: Option<Rate>,
    buckets: Mutex<HashMap<String, (f64, u64)>>,
}

impl RateLimiter {
    pub fn new(rate: Option<Rate>) -> RateLimiter {
        RateLimiter { rate, buckets: Mutex::new(HashMap::new()) }
    }

    /// Takes one request's worth for `key`, or says how many seconds until one is available.
    pub fn check(&self, key: &str, now: u64) -> Result<(), u64> {
        let Some(rate) = self.rate else { return Ok(()) };
        let capacity = f64::from(rate.count);
        let per_second = capacity / rate.seconds as f64;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() > PRUNE_AT {
            buckets.retain(|_, (tokens, at)| *tokens + now.saturating_sub(*at) as f64 * per_second < capacity);
        }
        let (tokens, at) = buckets.entry(key.to_owned()).or_insert((capacity, now));
        *tokens = (*tokens + now.saturating_sub(*at) as f64 * per_second).min(capacity);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - *tokens) / per_second).ceil().max(1.0) as u64)
        }
    }
}

/// Failures counted against usernames that have no account, so that they lock exactly as a
/// real account would: a locked answer must not tell an attacker which names exist.
pub struct DecoyLocks {
    entries: Mutex<HashMap<String, (u32, u64)>>,
}

impl Default for DecoyLocks {
    fn default() -> Self {
        DecoyLocks { entries: Mutex::new(HashMap::new()) }
    }
}

impl DecoyLocks {
    /// Seconds left on the lock of `name`, if locked.
    pub fn locked(&self, name: &str, now: u64) -> Option<u64> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.get(name).and_then(|(_, until)| (*until > now).then(|| until - now))
    }

    /// Same rule as `Store::record_failure`.
    pub fn record_failure(&self, name: &str, threshold: u32, lock_seconds: u64, now: u64) -> Option<u64> {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() > PRUNE_AT {
            entries.retain(|_, (failures, until)| *failures > 0 || *until > now);
        }
        let (failures, until) = entries.entry(name.to_owned()).or_insert((0, 0));
        *failures += 1;
        if *failures >= threshold {
            *failures = 0;
            *until = now + lock_seconds;
            return Some(*until);
        }
        None
    }
}

//! Small shared pieces: the clock (so tests can move time), the access log (so tests can read
//! it), random tokens, hashes and constant-time comparison.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};
use subtle::ConstantTimeEq;

/// Unix time in seconds. TOTP steps, lockouts, sessions and rate limits all read this one
/// clock, so a test can set the time instead of sleeping.
#[derive(Clone)]
pub struct Clock(Arc<ClockKind>);

enum ClockKind {
    System,
    Manual(AtomicU64),
}

impl Clock {
    pub fn system() -> Clock {
        Clock(Arc::new(ClockKind::System))
    }

    /// A clock that only moves when told to.
    pub fn manual(start: u64) -> Clock {
        Clock(Arc::new(ClockKind::Manual(AtomicU64::new(start))))
    }

    pub fn now(&self) -> u64 {
        match &*self.0 {
            ClockKind::System => SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0),
            ClockKind::Manual(t) => t.load(Ordering::SeqCst),
        }
    }

    /// Sets a manual clock; does nothing to the system clock.
    pub fn set(&self, unix_time: u64) {
        if let ClockKind::Manual(t) = &*self.0 {
            t.store(unix_time, Ordering::SeqCst);
        }
    }

    pub fn advance(&self, seconds: u64) {
        if let ClockKind::Manual(t) = &*self.0 {
            t.fetch_add(seconds, Ordering::SeqCst);
        }
    }
}

/// Where access-log lines go. Lines carry method, path, status and duration only: never a
/// body, a query string, a cookie or a header value.
#[derive(Clone)]
pub struct Log(Arc<dyn Fn(&str) + Send + Sync>);

impl Log {
    pub fn stderr() -> Log {
        Log(Arc::new(|line| eprintln!("{line}")))
    }

    /// A log that keeps its lines, for tests.
    pub fn capture() -> (Log, Arc<Mutex<Vec<String>>>) {
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        (Log(Arc::new(move |line| sink.lock().unwrap_or_else(|e| e.into_inner()).push(line.to_owned()))), lines)
    }

    pub fn line(&self, line: &str) {
        (self.0)(line)
    }
}

/// Bytes from the operating system's random number generator. Without one the server cannot
/// make a secret worth having, so it stops rather than continue with a weak one.
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system's random number generator is unavailable");
    bytes
}

/// A 256-bit random token, URL-safe base64 without padding (43 characters).
pub fn token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

pub fn base64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}

/// Tokens are stored by their SHA-256: a copy of the database does not sign anyone in.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    for part in parts {
        // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// Compares secrets without leaking, through timing, how much of them matched.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

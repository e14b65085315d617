//! Polling: the widget works asynchronously (the WebAssembly loads after the page, the strength
//! estimate lands a moment after a keystroke), so the suite waits for a state instead of
//! sleeping and hoping. A wait that gives up says what it wanted and what it last saw.

use std::future::Future;
use std::time::{Duration, Instant};

/// How long any state may take to appear. Generous because the machine may be busy with
/// other work; a passing wait returns as soon as the state is there, so this costs nothing.
pub const PATIENCE: Duration = Duration::from_secs(20);

const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// Polls `probe` until it returns `Ok`, for up to [`PATIENCE`].
///
/// `probe` returns `Err(what it saw)` while the state is not there yet; a WebDriver error
/// counts as "not yet" too (a page that is still loading cannot run scripts), and is reported
/// as the last thing seen if the wait gives up.
pub async fn wait_for<T, F, Fut>(expected: &str, mut probe: F) -> Result<T, String>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let deadline = Instant::now() + PATIENCE;
    loop {
        let last_seen = match probe().await {
            Ok(value) => return Ok(value),
            Err(seen) => seen,
        };
        if Instant::now() >= deadline {
            return Err(format!("waited {PATIENCE:?} for {expected}; last seen: {last_seen}"));
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    }
}

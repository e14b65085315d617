//! Any JSON a host page could hand to attach(): parsing never panics, an error always says what
//! was expected and what it got, and URL checking never panics on what parsing accepted.
#![no_main]
use hmis_onboard::config::{self, ResolvedUrl, Value};
use libfuzzer_sys::fuzz_target;

/// Every URL "resolves" to something, as the browser's URL API would.
fn resolve(url: &str) -> Option<ResolvedUrl> {
    let (scheme, rest) = url.split_once(':')?;
    Some(ResolvedUrl { protocol: format!("{scheme}:"), hostname: rest.to_owned(), origin: url.to_owned() })
}

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else { return };
    match config::parse(&value) {
        Ok(config) => {
            if let Some(backend) = config.backend {
                let _ = backend.check_urls("https://hmis.example.org", resolve);
            }
            if let Some(journey) = config.journey {
                let _ = journey.check_urls(resolve);
            }
        }
        Err(error) => {
            let text = error.to_string();
            assert!(text.contains(": expected ") && text.contains(", got "), "{text}");
        }
    }
    // Merging a configuration over itself changes nothing.
    assert_eq!(config::merge(value.clone(), value.clone()), value);
});

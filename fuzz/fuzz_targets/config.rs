//! Any JSON a host page could hand to attach(): parsing never panics, an error always says what
//! was expected and what it got, and endpoint checking never panics on what parsing accepted.
#![no_main]
use hmis_onboard::config::{self, Value};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(data) else { return };
    match config::parse(&value) {
        Ok(config) => {
            if let Some(backend) = config.backend {
                // Every URL "resolves" to something, as the browser's URL API would.
                let _ = backend.check_urls(|url| url.split_once(':').map(|(s, rest)| (format!("{s}:"), rest.to_owned())));
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

//! The root element's `data-hmis-*` attributes, as `name=value` lines: never a panic, and an
//! error names the attribute as the host wrote it.
#![no_main]
use hmis_onboard::config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let pairs: Vec<(&str, &str)> = data.lines().map(|line| line.split_once('=').unwrap_or((line, ""))).collect();
    match config::from_attributes(pairs.iter().copied()) {
        Ok(value) => {
            let _ = config::parse(&value);
        }
        Err(error) => {
            let text = error.to_string();
            assert!(text.contains(": expected "), "{text}");
        }
    }
});

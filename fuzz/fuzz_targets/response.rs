//! Whatever a backend answers (any status, any body, any Retry-After) is read to one outcome
//! without a panic, under the reference contract and a mapped classic backend.
#![no_main]
use hmis_onboard::backend::{self, config as backend_config, Action, Body};
use hmis_onboard::config::Value;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn backends() -> &'static [backend_config::BackendConfig; 2] {
    static BACKENDS: OnceLock<[backend_config::BackendConfig; 2]> = OnceLock::new();
    BACKENDS.get_or_init(|| {
        // The classic demo's mapping: form posts, renamed fields, flags read from other shapes.
        let classic: Value = serde_json::from_str(include_str!("../../www/classic/widget-config.json")).unwrap();
        [backend_config::BackendConfig::reference("/api"), backend_config::parse(&classic).unwrap()]
    })
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let status = u16::from_be_bytes([data[0], data[1]]) % 1000;
    let action = Action::ALL[data[2] as usize % Action::ALL.len()];
    let rest = &data[3..];
    // An optional Retry-After line, then the body.
    let (retry_after, body) = match rest.iter().position(|&b| b == b'\n') {
        Some(at) if rest.starts_with(b"R:") => (std::str::from_utf8(&rest[2..at]).ok(), &rest[at + 1..]),
        _ => (None, rest),
    };
    let json = serde_json::from_slice::<Value>(body).ok();
    let body = match (&json, body.is_empty()) {
        (_, true) => Body::Empty,
        (Some(value), _) => Body::Json(value),
        (None, _) => Body::NotJson { length: body.len() },
    };
    for config in backends() {
        let _ = backend::interpret(config, action, status, retry_after, body);
    }
});

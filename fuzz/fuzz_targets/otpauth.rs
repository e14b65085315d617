//! otpauth:// URIs and base32 keys from arbitrary text: no panics, and what parses round-trips.
#![no_main]
use hmis_onboard::totp::{self, OtpAuth};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    if let Ok(parsed) = OtpAuth::parse(data) {
        let again = OtpAuth::parse(&parsed.uri()).expect("a built URI parses");
        assert_eq!(again.uri(), parsed.uri());
    }
    if let Some(bytes) = totp::base32_decode(data) {
        let encoded = totp::base32_encode(&bytes);
        assert_eq!(totp::base32_decode(&encoded), Some(bytes));
    }
    let _ = totp::grouped(data);
});

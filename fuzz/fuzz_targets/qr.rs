//! QR drawing of arbitrary text: never a panic; text too long for a QR code gives none, and a
//! drawing always has a square, positive size.
#![no_main]
use hmis_onboard::totp;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    if let Some(svg) = totp::qr_svg(data) {
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
    }
});

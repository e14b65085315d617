//! 2-step verification: TOTP secrets, `otpauth://` URIs, RFC 6238 codes and the QR code as SVG.
//!
//! The QR code is always drawn here, locally: a TOTP secret sent to a remote QR service is a
//! leak. The SVG is one `<path>` of horizontal runs, so it stays short.

use hmac::{Hmac, Mac};
use sha1::Sha1;
use std::fmt::Write as _;

/// RFC 6238's defaults, and what Google and Microsoft Authenticator expect.
pub const DEFAULT_DIGITS: u32 = 6;
pub const DEFAULT_PERIOD: u64 = 30;
/// 160 bits, the size RFC 4226 recommends for HMAC-SHA1.
pub const SECRET_BYTES: usize = 20;

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding, as authenticator apps take it.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    for chunk in bytes.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let bits = buf.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..chars {
            out.push(BASE32[((bits >> (35 - i * 5)) & 31) as usize] as char);
        }
    }
    out
}

/// Decodes base32, ignoring case, spaces, hyphens and `=` padding (people copy keys in
/// groups). `None` for any other character.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !matches!(c, ' ' | '-' | '=')) {
        let value = BASE32.iter().position(|b| *b as char == c.to_ascii_uppercase())? as u32;
        acc = (acc << 5) | value;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The key as people read it: base32 in groups of four ("JBSW Y3DP EHPK 3PXP").
pub fn grouped(key: &str) -> String {
    let chars: Vec<char> = key.chars().filter(|c| !c.is_whitespace()).collect();
    chars.chunks(4).map(|g| g.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

/// The RFC 4226 HOTP value for `counter`, as `digits` decimal digits.
pub fn hotp(secret: &[u8], counter: u64, digits: u32) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC takes keys of any length");
    mac.update(&counter.to_be_bytes());
    let hash = mac.finalize().into_bytes();
    let offset = usize::from(hash[19] & 0x0f);
    let binary = u32::from_be_bytes([hash[offset] & 0x7f, hash[offset + 1], hash[offset + 2], hash[offset + 3]]);
    let modulus = 10u64.pow(digits);
    format!("{:0width$}", u64::from(binary) % modulus, width = digits as usize)
}

/// The RFC 6238 TOTP code at `unix_time` seconds.
pub fn totp(secret: &[u8], unix_time: u64, period: u64, digits: u32) -> String {
    hotp(secret, unix_time / period, digits)
}

/// What an `otpauth://totp/` URI carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtpAuth {
    pub issuer: String,
    pub account: String,
    /// Base32, as in the URI.
    pub secret: String,
    pub digits: u32,
    pub period: u64,
}

impl OtpAuth {
    pub fn new(issuer: &str, account: &str, secret: &[u8]) -> OtpAuth {
        OtpAuth {
            issuer: issuer.to_owned(),
            account: account.to_owned(),
            secret: base32_encode(secret),
            digits: DEFAULT_DIGITS,
            period: DEFAULT_PERIOD,
        }
    }

    /// `otpauth://totp/Issuer:account?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30`,
    /// the Key URI Format both Google and Microsoft Authenticator read.
    ///
    /// `issuer=` always carries the exact issuer: it is what apps show. The label only has to
    /// be split right, and apps split it at its first colon (`:` or `%3A`), which the format
    /// forbids inside either part. So the label starts with `Issuer:` only when the issuer has
    /// no colon (a label issuer that differs from `issuer=` is refused by some parsers, so it
    /// is left out rather than altered), and its account is [`OtpAuth::label_account`].
    pub fn uri(&self) -> String {
        let issuer = percent_encode(&self.issuer);
        let issuer_in_label = !self.issuer.is_empty() && !self.issuer.contains(':');
        let prefix = if issuer_in_label { format!("{issuer}:") } else { String::new() };
        format!(
            "otpauth://totp/{prefix}{}?secret={}&issuer={issuer}&algorithm=SHA1&digits={}&period={}",
            percent_encode(&self.label_account()),
            self.secret,
            self.digits,
            self.period
        )
    }

    /// The account as the URI's label names it, and so as apps read it back: each colon
    /// becomes a space (a colon would split the label there), and leading spaces go (the
    /// format lets apps drop spaces after the label's colon; some do, some keep them).
    /// `jsmith` stays `jsmith`; `a:b` becomes `a b`.
    pub fn label_account(&self) -> String {
        self.account.replace(':', " ").trim_start().to_owned()
    }

    /// Reads a URI a backend sent. Only TOTP with SHA1 is accepted: it is what the apps the
    /// guide names support everywhere.
    pub fn parse(uri: &str) -> Result<OtpAuth, String> {
        let rest = uri.strip_prefix("otpauth://totp/").ok_or("expected a URI starting with otpauth://totp/")?;
        let (label, query) = rest.split_once('?').ok_or("expected a query string with the secret")?;
        // The separator is a literal ':' (what we write); an encoded one is accepted too.
        let (label_issuer, account) = match label.split_once(':') {
            Some((issuer, account)) => (Some(percent_decode(issuer)?), percent_decode(account)?),
            None => match percent_decode(label)?.split_once(':') {
                Some((issuer, account)) => (Some(issuer.to_owned()), account.to_owned()),
                None => (None, percent_decode(label)?),
            },
        };
        let account = account.trim_start().to_owned();
        let mut parsed = OtpAuth {
            issuer: label_issuer.unwrap_or_default(),
            account,
            secret: String::new(),
            digits: DEFAULT_DIGITS,
            period: DEFAULT_PERIOD,
        };
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(value)?;
            match key {
                "secret" => {
                    let bytes = base32_decode(&value).filter(|b| !b.is_empty()).ok_or("secret is not base32")?;
                    parsed.secret = base32_encode(&bytes);
                }
                "issuer" => parsed.issuer = value,
                "algorithm" if value.eq_ignore_ascii_case("SHA1") => {}
                "algorithm" => return Err(format!("algorithm {value} is not supported (SHA1 only)")),
                "digits" => {
                    parsed.digits = value.parse().ok().filter(|d| (6..=8).contains(d)).ok_or("digits must be 6 to 8")?
                }
                "period" => {
                    parsed.period = value.parse().ok().filter(|p| (1..=300).contains(p)).ok_or("period must be 1 to 300")?
                }
                _ => {}
            }
        }
        if parsed.secret.is_empty() {
            return Err("the URI has no secret".to_owned());
        }
        Ok(parsed)
    }
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3).ok_or("incomplete %-escape")?;
                out.push(u8::from_str_radix(hex, 16).map_err(|_| format!("bad %-escape %{hex}"))?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| "escapes are not UTF-8".to_owned())
}

/// A QR code drawn as one SVG path of dark runs, inside a square of `size` modules (the code
/// plus the standard 4-module quiet zone). The path is meant to be *stroked* one module wide:
/// each run is a horizontal line through the middle of its row, reached by a relative move from
/// the end of the previous run, which keeps the markup short.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrDrawing {
    pub size: usize,
    /// SVG path data: `M{x} {y}.5h{n}` for the first run, then `m{dx} {dy}h{n}` for each next.
    pub path: String,
}

/// Draws the QR code for `data`. `None` if `data` is too long for a QR code.
pub fn qr_drawing(data: &str) -> Option<QrDrawing> {
    let (width, dark) = qr_modules(data.as_bytes())?;
    let mut path = String::with_capacity(width * width / 2);
    // Where the pen is after the last run drawn, in modules (x, row).
    let mut pen: Option<(i64, i64)> = None;
    for y in 0..width {
        let row = &dark[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            let (sx, sy) = (start as i64 + 4, y as i64 + 4);
            match pen {
                None => {
                    path.push('M');
                    push_int(&mut path, sx);
                    path.push(' ');
                    push_int(&mut path, sy);
                    path.push_str(".5");
                }
                Some((px, py)) => {
                    path.push('m');
                    push_int(&mut path, sx - px);
                    path.push(' ');
                    push_int(&mut path, sy - py);
                }
            }
            path.push('h');
            push_int(&mut path, (x - start) as i64);
            pen = Some((x as i64 + 4, sy));
        }
    }
    Some(QrDrawing { size: width + 8, path })
}

/// `n` in decimal, without the formatting machinery (this runs a few hundred times a code).
fn push_int(out: &mut String, n: i64) {
    if n < 0 {
        out.push('-');
    }
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut v = n.unsigned_abs();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend(digits[i..].iter().map(|&d| d as char));
}

/// The QR code's modules (`true` = dark), row by row, and its width: exactly what
/// `qrcode::QrCode::with_error_correction_level(data, EcLevel::M)` makes, with the same mask.
///
/// The crate picks the mask by scoring all eight with the standard's penalty rules, and its
/// finder-pattern rule allocates a boxed closure per module and direction: that was most of
/// the time to draw a code (2× npm qrcode in the bench). The same rules, scored here on a flat
/// array of booleans, pick the same mask in a small fraction of the time.
fn qr_modules(data: &[u8]) -> Option<(usize, Vec<bool>)> {
    use qrcode::canvas::{Canvas, MaskPattern};
    const MASKS: [MaskPattern; 8] = [
        MaskPattern::Checkerboard,
        MaskPattern::HorizontalLines,
        MaskPattern::VerticalLines,
        MaskPattern::DiagonalLines,
        MaskPattern::LargeCheckerboard,
        MaskPattern::Fields,
        MaskPattern::Diamonds,
        MaskPattern::Meadow,
    ];
    let ec_level = qrcode::EcLevel::M;
    let bits = qrcode::bits::encode_auto(data, ec_level).ok()?;
    let version = bits.version();
    let (codewords, ec) = qrcode::ec::construct_codewords(&bits.into_bytes(), version, ec_level).ok()?;
    let mut canvas = Canvas::new(version, ec_level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&codewords, &ec);
    let width = version.width() as usize;
    let mut best: Option<(u16, Vec<bool>)> = None;
    for mask in MASKS {
        let mut masked = canvas.clone();
        masked.apply_mask(mask);
        let dark: Vec<bool> = masked.into_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect();
        let score = penalty(&dark, width);
        // The first of equal scores, as the crate's `min_by_key`.
        if best.as_ref().is_none_or(|(b, _)| score < *b) {
            best = Some((score, dark));
        }
    }
    best.map(|(_, dark)| (width, dark))
}

/// The crate's `compute_total_penalty_scores` for a normal QR code, to the bit (its `u16`
/// arithmetic wraps as it does in a release build). Every module is masked by then, so
/// comparing modules is comparing colours.
fn penalty(dark: &[bool], width: usize) -> u16 {
    let at = |x: usize, y: usize| dark[y * width + x];
    let mut score: u16 = 0;
    for horizontal in [true, false] {
        let line = |i: usize, j: usize| if horizontal { at(j, i) } else { at(i, j) };
        // Runs of 5 + n modules of one colour: 3 + n each.
        for i in 0..width {
            let mut run: u16 = 1;
            for j in 1..=width {
                if j < width && line(i, j) == line(i, j - 1) {
                    run += 1;
                } else {
                    if run >= 5 {
                        score = score.wrapping_add(run - 2);
                    }
                    run = 1;
                }
            }
        }
    }
    // 2×2 blocks of one colour: 3 each.
    for y in 0..width - 1 {
        for x in 0..width - 1 {
            let c = at(x, y);
            if at(x + 1, y) == c && at(x, y + 1) == c && at(x + 1, y + 1) == c {
                score = score.wrapping_add(3);
            }
        }
    }
    // Dark-light-dark-dark-dark-light-dark without 4 light modules on one side: 40 each,
    // less the 360 of the three real finder patterns.
    const FINDER: [bool; 7] = [true, false, true, true, true, false, true];
    for horizontal in [true, false] {
        let line = |i: usize, j: usize| if horizontal { at(j, i) } else { at(i, j) };
        let mut finder: u16 = 0;
        for i in 0..width {
            for j in 0..width - 6 {
                if (0..7).any(|k| line(i, j + k) != FINDER[k]) {
                    continue;
                }
                let dark_in = |from: usize, to: usize| (from..to.min(width)).any(|k| line(i, k));
                if !dark_in(j.saturating_sub(4), j) || !dark_in(j + 7, j + 11) {
                    finder = finder.wrapping_add(40);
                }
            }
        }
        score = score.wrapping_add(finder.wrapping_sub(360));
    }
    // Balance: how far the share of dark modules is from half.
    let darks = dark.iter().filter(|d| **d).count();
    let ratio = darks * 200 / dark.len();
    score.wrapping_add(ratio.abs_diff(100) as u16)
}

/// The QR code for `data` as a standalone SVG document, scaling crisply to any size.
pub fn qr_svg(data: &str) -> Option<String> {
    let QrDrawing { size, path } = qr_drawing(data)?;
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
<path fill=\"#fff\" d=\"M0 0h{size}v{size}H0z\"/><path stroke=\"#000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod qr_tests {
    use super::qr_modules;

    /// The same modules as the crate's own `QrCode`, mask included, for texts of every length
    /// from 1 to 400 bytes (versions 1 to 15) and of each encoding mode.
    #[test]
    fn qr_modules_match_the_qrcode_crates_choice_of_mask() {
        let alphabet = "otpauth://totp/Demo%20HMIS:jsmith?secret=GEZDGNBVGY3TQOJQ&issuer=Demo&digits=6 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$%*+-./:é";
        let chars: Vec<char> = alphabet.chars().collect();
        let mut texts: Vec<String> = (1..=400).step_by(9).map(|n| (0..n).map(|i| chars[(i * 7 + n) % chars.len()]).collect()).collect();
        texts.extend(["0123456789".repeat(30), "HELLO WORLD".repeat(20), "x".into()]);
        for text in texts {
            let ours = qr_modules(text.as_bytes());
            let theirs = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M).ok().map(|code| {
                (code.width(), code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect::<Vec<bool>>())
            });
            assert!(ours == theirs, "different modules for {text:?}");
        }
    }
}

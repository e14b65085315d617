//! TOTP, otpauth URIs and the locally drawn QR code, pinned to the RFCs' own test vectors.
#![cfg(not(target_arch = "wasm32"))]

use hmis_onboard::totp::{self, OtpAuth};

const RFC_SECRET: &[u8] = b"12345678901234567890";

#[test]
fn hotp_matches_rfc_4226_appendix_d() {
    let expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
    for (counter, code) in expected.iter().enumerate() {
        assert_eq!(totp::hotp(RFC_SECRET, counter as u64, 6), *code, "counter {counter}");
    }
}

#[test]
fn totp_matches_rfc_6238_appendix_b_sha1() {
    let vectors = [
        (59, "94287082"),
        (1_111_111_109, "07081804"),
        (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"),
        (20_000_000_000, "65353130"),
    ];
    for (time, code) in vectors {
        assert_eq!(totp::totp(RFC_SECRET, time, 30, 8), code, "time {time}");
    }
}

#[test]
fn six_digit_codes_keep_leading_zeros() {
    // RFC 6238's 1111111109 vector is 07081804 at 8 digits: its last 6 are 081804.
    assert_eq!(totp::totp(RFC_SECRET, 1_111_111_109, 30, 6), "081804");
}

#[test]
fn base32_matches_rfc_4648_vectors() {
    let vectors = [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")];
    for (plain, encoded) in vectors {
        assert_eq!(totp::base32_encode(plain.as_bytes()), encoded);
        assert_eq!(totp::base32_decode(encoded).unwrap(), plain.as_bytes());
    }
}

#[test]
fn base32_decoding_forgives_how_people_copy_keys() {
    assert_eq!(totp::base32_decode("mzxw 6ytb-oi==").unwrap(), b"foobar");
    assert_eq!(totp::base32_decode("MZXW1"), None, "1 is not a base32 digit");
}

#[test]
fn keys_are_shown_in_groups_of_four() {
    assert_eq!(totp::grouped("JBSWY3DPEHPK3PXP"), "JBSW Y3DP EHPK 3PXP");
    assert_eq!(totp::grouped("ABCDEF"), "ABCD EF");
}

#[test]
fn otpauth_uri_carries_issuer_account_and_defaults() {
    let auth = OtpAuth::new("Demo HMIS", "jsmith@example.org", RFC_SECRET);
    assert_eq!(
        auth.uri(),
        "otpauth://totp/Demo%20HMIS:jsmith%40example.org?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
&issuer=Demo%20HMIS&algorithm=SHA1&digits=6&period=30"
    );
}

#[test]
fn otpauth_uri_round_trips_through_the_parser() {
    let auth = OtpAuth::new("Demo HMIS: St. Paul", "j smith", &[7u8; totp::SECRET_BYTES]);
    assert_eq!(OtpAuth::parse(&auth.uri()).unwrap(), auth);
}

#[test]
fn otpauth_label_leaves_out_an_issuer_with_a_colon_and_spaces_a_colon_in_the_account() {
    let auth = OtpAuth::new("HMIS/Test: North", "a:b", RFC_SECRET);
    assert_eq!(
        auth.uri(),
        "otpauth://totp/a%20b?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
&issuer=HMIS%2FTest%3A%20North&algorithm=SHA1&digits=6&period=30"
    );
    assert_eq!(
        OtpAuth::new("Demo HMIS", "a:b", RFC_SECRET).uri(),
        "otpauth://totp/Demo%20HMIS:a%20b?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
&issuer=Demo%20HMIS&algorithm=SHA1&digits=6&period=30"
    );
}

#[test]
fn otpauth_parser_refuses_what_apps_cannot_use() {
    assert!(OtpAuth::parse("otpauth://hotp/X:y?secret=MZXW6").is_err());
    assert!(OtpAuth::parse("otpauth://totp/X:y?issuer=X").unwrap_err().contains("no secret"));
    assert!(OtpAuth::parse("otpauth://totp/X:y?secret=MZXW6&algorithm=SHA256").unwrap_err().contains("SHA1"));
    assert!(OtpAuth::parse("otpauth://totp/X:y?secret=MZXW6&digits=12").is_err());
    assert!(OtpAuth::parse("otpauth://totp/X:y?secret=%ZZ").is_err());
}

/// Reads the SVG's stroked path of runs back into a grid of modules (`true` = dark), quiet
/// zone included: its width and the modules row by row.
fn svg_modules(svg: &str) -> (usize, Vec<bool>) {
    let size: usize = svg.split("viewBox=\"0 0 ").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    let path = svg.split("stroke=\"#000\" d=\"").nth(1).unwrap().split('"').next().unwrap();
    let mut dark = vec![false; size * size];
    // Commands: M x y.5 (absolute), m dx dy (relative), h n (a run of n modules from the pen).
    let (mut x, mut y) = (0i64, 0i64);
    let mut rest = path;
    while !rest.is_empty() {
        let (command, tail) = rest.split_at(1);
        let end = tail.find(['M', 'm', 'h']).unwrap_or(tail.len());
        let args: Vec<f64> = tail[..end].split(' ').map(|a| a.parse().unwrap()).collect();
        match command {
            "M" => (x, y) = (args[0] as i64, args[1].floor() as i64),
            "m" => (x, y) = (x + args[0] as i64, y + args[1] as i64),
            "h" => {
                let n = args[0] as i64;
                for i in x..x + n {
                    dark[y as usize * size + i as usize] = true;
                }
                x += n;
            }
            other => panic!("unexpected path command {other}"),
        }
        rest = &tail[end..];
    }
    (size, dark)
}

/// Rasterises the SVG's drawing and decodes it with an independent QR decoder (rqrr): the
/// drawing, not just the matrix, must scan.
fn decode_svg(svg: &str) -> String {
    let (size, dark) = svg_modules(svg);
    let scale = 4;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(size * scale, size * scale, |x, y| {
        if dark[(y / scale) * size + x / scale] { 0 } else { 255 }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the picture");
    grids[0].decode().unwrap().1
}

#[test]
fn qr_svg_scans_back_to_the_otpauth_uri() {
    let uri = OtpAuth::new("Demo HMIS", "jsmith", &[0xA5; totp::SECRET_BYTES]).uri();
    let svg = totp::qr_svg(&uri).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert_eq!(decode_svg(&svg), uri);
}

#[test]
fn qr_svg_has_no_markup_from_the_data() {
    let svg = totp::qr_svg("<script>alert(1)</script>").unwrap();
    assert!(!svg.contains("script"), "only the drawing is in the SVG, never the text");
    assert_eq!(decode_svg(&svg), "<script>alert(1)</script>");
}

#[test]
fn qr_svg_refuses_data_too_long_for_a_qr_code() {
    assert_eq!(totp::qr_svg(&"x".repeat(5000)), None);
}

#[test]
fn qr_svg_is_shorter_than_the_common_js_renderer() {
    // The 132-character reference URI of the benchmark; the npm qrcode package's SVG is 3,892
    // characters for it (bench/results.md).
    let uri = OtpAuth::new("Demo HMIS", "jsmith-admin", b"12345678901234567890").uri();
    assert_eq!(uri.len(), 132);
    let svg = totp::qr_svg(&uri).unwrap();
    assert_eq!(decode_svg(&svg), uri);
    assert!(svg.len() < 3_892, "{} characters for a {}-character URI", svg.len(), uri.len());
}

// What apps that are not ours make of our URIs and QR codes: the npm packages otpauth (URI
// parser and its own TOTP) and jsqr (QR decoder), run by tests/independent/otpauth.mjs. The
// project's own parser let a label that every other app split wrongly through.

/// Issuers and accounts that have broken otpauth labels: colons in either part, the URI's own
/// delimiters, spaces where apps trim them, and non-ASCII text.
const HARD_NAMES: [(&str, &str); 9] = [
    ("Demo HMIS", "jsmith"),
    ("HMIS/Test: North", "a:b"),
    ("HMIS/Test: North", "jsmith@example.org"),
    ("Demo HMIS", "domain:user"),
    ("Zürich HMIS — Nord: 東京 🏠", "ana.müller:δ"),
    ("A&B=C?D#E%F+G/H", "x+y&z=1?#%"),
    ("::", ":x:"),
    ("Demo HMIS", " leading space"),
    ("Ünïcödé", "zoë"),
];

/// Sends `requests` to tests/independent/otpauth.mjs and returns its answers, one each.
fn independent(requests: serde_json::Value) -> Vec<serde_json::Value> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/independent/otpauth.mjs");
    let mut child = Command::new("node")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node runs (scripts/setup.sh installs what the project needs)");
    child.stdin.take().unwrap().write_all(requests.to_string().as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{script}: {}", String::from_utf8_lossy(&output.stderr));
    let answers: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answers.len(), requests.as_array().unwrap().len(), "one answer per request");
    answers
}

/// The label: what lies between `otpauth://totp/` and `?`, as written.
fn raw_label(uri: &str) -> &str {
    uri.strip_prefix("otpauth://totp/").unwrap().split('?').next().unwrap()
}

#[test]
fn otpauth_labels_split_in_one_place_or_none() {
    for (issuer, account) in HARD_NAMES {
        let uri = OtpAuth::new(issuer, account, RFC_SECRET).uri();
        let label = raw_label(&uri);
        assert!(!label.to_ascii_uppercase().contains("%3A"), "an encoded colon in the label of {uri}");
        // Some parsers (pyotp's) refuse a label issuer that is not exactly `issuer=`.
        let issuer_param = uri.split("&issuer=").nth(1).unwrap().split('&').next().unwrap();
        match label.split_once(':') {
            Some((prefix, rest)) => {
                assert_eq!(prefix, issuer_param, "the label's issuer is not the issuer= of {uri}");
                assert!(!rest.contains(':'), "a second colon in the label of {uri}");
            }
            None => assert!(issuer.contains(':') || issuer.is_empty(), "no issuer in the label of {uri}"),
        }
    }
}

#[test]
fn another_otpauth_parser_reads_the_exact_issuer_the_account_and_the_secret() {
    let times = [0, 59, 1_111_111_109, 1_234_567_890, 1_767_225_600, 2_000_000_000];
    let auths: Vec<OtpAuth> = HARD_NAMES
        .iter()
        .enumerate()
        .map(|(i, (issuer, account))| OtpAuth::new(issuer, account, &[i as u8 + 1; totp::SECRET_BYTES]))
        .collect();
    let requests = auths.iter().map(|a| serde_json::json!({ "uri": a.uri(), "times": times })).collect();
    for (auth, read) in auths.iter().zip(independent(serde_json::Value::Array(requests))) {
        let uri = auth.uri();
        assert_eq!(read.get("error"), None, "{uri}");
        assert_eq!(read["issuer"], auth.issuer.as_str(), "the issuer of {uri}");
        assert_eq!(read["label"], auth.label_account().as_str(), "the account of {uri}");
        assert_eq!(read["secret"], auth.secret.as_str(), "the secret of {uri}");
        assert_eq!((&read["algorithm"], &read["digits"], &read["period"]), (&"SHA1".into(), &6.into(), &30.into()), "{uri}");
        let bytes = totp::base32_decode(&auth.secret).unwrap();
        let ours: Vec<String> = times.iter().map(|t| totp::totp(&bytes, *t, 30, 6)).collect();
        assert_eq!(read["codes"], serde_json::json!(ours), "the codes for {uri}");
    }
}

#[test]
fn another_totp_implementation_gives_the_rfc_6238_codes_from_our_uri() {
    let mut auth = OtpAuth::new("RFC 6238", "appendix-b", RFC_SECRET);
    auth.digits = 8;
    let times = [59u64, 1_111_111_109, 1_111_111_111, 1_234_567_890, 2_000_000_000, 20_000_000_000];
    let rfc = ["94287082", "07081804", "14050471", "89005924", "69279037", "65353130"];
    let read = independent(serde_json::json!([{ "uri": auth.uri(), "times": times }])).remove(0);
    assert_eq!(read["codes"], serde_json::json!(rfc), "{read}");
    let ours: Vec<String> = times.iter().map(|t| totp::totp(RFC_SECRET, *t, 30, 8)).collect();
    assert_eq!(ours, rfc);
}

#[test]
fn qr_codes_of_hard_names_scan_back_in_two_other_decoders() {
    let uris: Vec<String> =
        HARD_NAMES.iter().map(|(issuer, account)| OtpAuth::new(issuer, account, &[0x5A; totp::SECRET_BYTES]).uri()).collect();
    let svgs: Vec<String> = uris.iter().map(|u| totp::qr_svg(u).unwrap()).collect();
    for (uri, svg) in uris.iter().zip(&svgs) {
        assert_eq!(&decode_svg(svg), uri, "rqrr");
    }
    let requests = svgs
        .iter()
        .map(|svg| {
            let (size, dark) = svg_modules(svg);
            let rows: Vec<String> =
                dark.chunks(size).map(|row| row.iter().map(|d| if *d { '#' } else { '.' }).collect()).collect();
            serde_json::json!({ "modules": rows })
        })
        .collect();
    for (uri, scanned) in uris.iter().zip(independent(serde_json::Value::Array(requests))) {
        assert_eq!(scanned["text"], uri.as_str(), "jsqr");
    }
}

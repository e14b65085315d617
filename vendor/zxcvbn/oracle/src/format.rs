//! One estimate as one compact line of text. Shared, by `#[path]`, between the oracle (the
//! crates.io crate) and the fork's fixture test, so both describe a result the same way.
//!
//! The line holds guesses, guesses_log10 (exact, as f64 bits), score, feedback and, for every
//! match of the sequence: i, j, the match's guesses and its pattern with all its details
//! (nested repeat base matches included). Tokens are not written: the writer and the checker
//! both assert that every token is exactly the password's characters i..=j, which says more.
//! Substitution maps are written sorted (the crate's `sub_display` follows HashMap order, so
//! it is left out).

use zxcvbn::matching::patterns::MatchPattern;
use zxcvbn::Match;

pub fn describe(password: &str, entropy: &zxcvbn::Entropy) -> String {
    let mut out = format!(
        "g={} l={:016x} s={}",
        entropy.guesses(),
        entropy.guesses_log10().to_bits(),
        u8::from(entropy.score())
    );
    match entropy.feedback() {
        None => out.push_str(" f=-"),
        Some(f) => {
            out.push_str(&format!(" f={:?}", f.warning()));
            for s in f.suggestions() {
                out.push_str(&format!(",{:?}", s));
            }
        }
    }
    // The crate analyses only the first 100 characters.
    let analysed: String = password.chars().take(100).collect();
    out.push_str(" q=");
    sequence(&analysed, entropy.sequence(), &mut out);
    out
}

fn sequence(password: &str, seq: &[Match], out: &mut String) {
    let chars: Vec<char> = password.chars().collect();
    out.push('[');
    for (n, m) in seq.iter().enumerate() {
        if n > 0 {
            out.push(';');
        }
        let expected: String = chars[m.i..=m.j].iter().collect();
        assert_eq!(m.token, expected, "token is not the password's chars {}..={}", m.i, m.j);
        out.push_str(&format!("{}-{}:{}:", m.i, m.j, m.guesses.map_or(-1i128, i128::from)));
        match &m.pattern {
            MatchPattern::Dictionary(p) => {
                let mut sub: Vec<(char, char)> =
                    p.sub.as_ref().map(|s| s.iter().map(|(a, b)| (*a, *b)).collect()).unwrap_or_default();
                sub.sort_unstable();
                out.push_str(&format!(
                    "D{:?}/{}/{:?}/r{}l{}/{:?}/{}/{}/{}",
                    p.dictionary_name,
                    p.rank,
                    p.matched_word,
                    p.reversed as u8,
                    p.l33t as u8,
                    sub,
                    p.uppercase_variations,
                    p.l33t_variations,
                    p.base_guesses
                ));
            }
            MatchPattern::Spatial(p) => {
                out.push_str(&format!("S{}/{}/{}", p.graph, p.turns, p.shifted_count))
            }
            MatchPattern::Repeat(p) => {
                out.push_str(&format!("R{:?}/{}/{}/", p.base_token, p.repeat_count, p.base_guesses));
                sequence(&p.base_token, &p.base_matches, out);
            }
            MatchPattern::Sequence(p) => {
                out.push_str(&format!("Q{}/{}/{}", p.sequence_name, p.sequence_space, p.ascending as u8))
            }
            MatchPattern::Regex(p) => out.push_str(&format!("X{}/{:?}", p.regex_name, p.regex_match)),
            MatchPattern::Date(p) => {
                out.push_str(&format!("T{:?}/{}/{}/{}", p.separator, p.year, p.month, p.day))
            }
            MatchPattern::BruteForce => out.push('B'),
        }
    }
    out.push(']');
}

/// Hex of the UTF-8 bytes: the fixture's passwords and user inputs, free of any escaping.
#[allow(dead_code)]
pub fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{:02x}", b)).collect()
}

#[allow(dead_code)]
pub fn unhex(s: &str) -> String {
    let bytes: Vec<u8> = (0..s.len() / 2).map(|k| u8::from_str_radix(&s[2 * k..2 * k + 2], 16).unwrap()).collect();
    String::from_utf8(bytes).unwrap()
}

//! The Unicode questions the password rules ask: which kinds of character a text holds, and
//! its lowercase form.
//!
//! Natively (the server, the tests) and in the strength worker, Rust's own answers. In the
//! browser shell's builds (`widget` on wasm32), the browser's: `String.prototype.toLowerCase`
//! and the regular expressions' Unicode property escapes, which implement the same Unicode
//! definitions (default case conversion with final sigma; the `Alphabetic`, `Uppercase`,
//! `Lowercase` properties and the `N` categories that `char::is_alphabetic` and friends
//! test). The browser has those tables already; Rust's copies were 10 KB of the 60 KB brotli a
//! password page may download before its checklist works (issue 4). The two agree but for
//! characters new in one Unicode version and not yet in the other.

/// What kinds of character a text holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Classes {
    pub uppercase: bool,
    pub lowercase: bool,
    /// Any character Unicode counts as a number (`N*`): 0–9, other scripts' digits, ², ½…
    pub number: bool,
    /// Any character that is neither a letter (`Alphabetic`) nor a number, nor a combining
    /// mark from the blocks in [`COMBINING_MARKS`] (they belong to the letter before them).
    pub symbol: bool,
}

/// The combining-mark blocks of Unicode (diacritics for Latin, Greek, Cyrillic and symbols,
/// and the half marks). Marks of other scripts are `Alphabetic` already.
pub const COMBINING_MARKS: [(char, char); 5] = [
    ('\u{0300}', '\u{036F}'),
    ('\u{1AB0}', '\u{1AFF}'),
    ('\u{1DC0}', '\u{1DFF}'),
    ('\u{20D0}', '\u{20FF}'),
    ('\u{FE20}', '\u{FE2F}'),
];

#[cfg(not(all(target_arch = "wasm32", feature = "widget")))]
mod imp {
    use super::{Classes, COMBINING_MARKS};

    pub fn classes(text: &str) -> Classes {
        text.chars().fold(Classes::default(), |mut c, ch| {
            let letter = ch.is_alphabetic();
            let number = ch.is_numeric();
            c.uppercase |= ch.is_uppercase();
            c.lowercase |= ch.is_lowercase();
            c.number |= number;
            c.symbol |= !letter && !number && !COMBINING_MARKS.iter().any(|(a, b)| (*a..=*b).contains(&ch));
            c
        })
    }

    pub fn lowercase(text: &str) -> String {
        text.to_lowercase()
    }
}

#[cfg(all(target_arch = "wasm32", feature = "widget"))]
mod imp {
    use super::Classes;
    use js_sys::{JsString, RegExp};

    thread_local! {
        /// Uppercase, lowercase, number, symbol (see [`Classes`]; the ranges are
        /// [`super::COMBINING_MARKS`]).
        static PATTERNS: [RegExp; 4] = [
            RegExp::new(r"\p{Uppercase}", "u"),
            RegExp::new(r"\p{Lowercase}", "u"),
            RegExp::new(r"\p{N}", "u"),
            RegExp::new(r"[^\p{Alphabetic}\p{N}\u0300-\u036F\u1AB0-\u1AFF\u1DC0-\u1DFF\u20D0-\u20FF\uFE20-\uFE2F]", "u"),
        ];
    }

    pub fn classes(text: &str) -> Classes {
        if text.is_ascii() {
            // The common case, without crossing into JavaScript.
            let has = |f: fn(&u8) -> bool| text.as_bytes().iter().any(f);
            return Classes {
                uppercase: has(u8::is_ascii_uppercase),
                lowercase: has(u8::is_ascii_lowercase),
                number: has(u8::is_ascii_digit),
                symbol: has(|b| !b.is_ascii_alphanumeric()),
            };
        }
        PATTERNS.with(|[upper, lower, number, symbol]| Classes {
            uppercase: upper.test(text),
            lowercase: lower.test(text),
            number: number.test(text),
            symbol: symbol.test(text),
        })
    }

    pub fn lowercase(text: &str) -> String {
        if text.is_ascii() {
            return text.to_ascii_lowercase();
        }
        String::from(JsString::from(text).to_lower_case())
    }
}

/// What kinds of character `text` holds.
pub fn classes(text: &str) -> Classes {
    imp::classes(text)
}

/// `text` in lowercase, by Unicode's default case conversion (so "ΟΔΟΣ" becomes "οδος").
pub fn lowercase(text: &str) -> String {
    imp::lowercase(text)
}

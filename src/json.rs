//! The JSON value every configuration becomes (from a JS object, a JSON block or attributes),
//! and the typed readers that report a wrong value by its key: `config.policy.minLength:
//! expected a whole number from 1 to 128, got "eight"`. Shared by the configuration and the
//! backend mapping, and depending on neither.

use serde::Deserialize;
use std::fmt;

/// A JSON-like value, free of any browser type.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A JSON object's members, in the order they came. Configuration objects hold a handful of
/// keys, so a list searched front to back is all they need, and it is a fraction of a B-tree's
/// code in the field build (issue 4's byte budget). Each key is there once: a key given twice
/// keeps its last value, as in `JSON.parse`.
#[derive(Clone, Debug, Default)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    pub fn new() -> Map {
        Map(Vec::new())
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key`, in place when it is there already (one pass over the members: for the small
    /// objects configuration is built from, not for large ones).
    pub fn insert(&mut self, key: String, value: Value) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, old)) => *old = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let at = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(at).1)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.into_iter()
    }

    /// A map of members whose keys the caller knows to be distinct (a JS object's own keys, each
    /// valid UTF-16), taken as they are: checking each would make a large object quadratic.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn of_distinct_keys(members: Vec<(String, Value)>) -> Map {
        Map(members)
    }
}

impl PartialEq for Map {
    /// Equal when they hold the same keys with equal values, in any order.
    fn eq(&self, other: &Map) -> bool {
        self.0.len() == other.0.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

/// Each member through [`Map::insert`]: one pass over the map per member, for the small
/// objects configuration is built from.
impl FromIterator<(String, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(members: I) -> Map {
        let mut map = Map::new();
        for (key, value) in members {
            map.insert(key, value);
        }
        map
    }
}

impl IntoIterator for Map {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (String, Value)>, fn(&'a (String, Value)) -> (&'a String, &'a Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'de> Deserialize<'de> for Map {
    /// Any size of object in one pass: a key seen before (found through an index) takes the
    /// new value in place.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Map, D::Error> {
        struct Members;
        impl<'de> serde::de::Visitor<'de> for Members {
            type Value = Map;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut access: A) -> Result<Map, A::Error> {
                let mut members: Vec<(String, Value)> = Vec::new();
                let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
                while let Some((key, value)) = access.next_entry::<String, Value>()? {
                    match index.get(&key) {
                        Some(&at) => members[at].1 = value,
                        None => {
                            index.insert(key.clone(), members.len());
                            members.push((key, value));
                        }
                    }
                }
                Ok(Map(members))
            }
        }
        deserializer.deserialize_map(Members)
    }
}

impl Value {
    pub(crate) fn describe(&self) -> String {
        match self {
            Value::Null => "null".to_owned(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => describe_number(*n),
            Value::String(s) => quoted(s),
            Value::Array(_) => "an array".to_owned(),
            Value::Object(_) => "an object".to_owned(),
        }
    }
}

/// A configuration mistake, naming the key and what was expected, e.g.
/// `config.policy.minLength: expected a whole number from 1 to 128, got "eight"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    pub expected: String,
    pub got: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Attributes are named as the host wrote them; everything else by its config key.
        let prefix = if self.path.starts_with("data-") { "" } else { "config." };
        write!(f, "{prefix}{}: expected {}, got {}", self.path, self.expected, self.got)
    }
}

impl std::error::Error for ConfigError {}

pub(crate) fn error(path: &str, expected: &str, got: &Value) -> ConfigError {
    ConfigError { path: path.to_owned(), expected: expected.to_owned(), got: got.describe() }
}

pub(crate) fn object<'v>(v: &'v Value, path: &str) -> Result<&'v Map, ConfigError> {
    match v {
        Value::Object(map) => Ok(map),
        other => Err(error(if path.is_empty() { "(root)" } else { path }, "an object", other)),
    }
}

pub(crate) fn check_keys(map: &Map, path: &str, known: &[&str]) -> Result<(), ConfigError> {
    match map.keys().find(|k| !known.contains(&k.as_str())) {
        None => Ok(()),
        Some(key) => Err(ConfigError {
            path: if path.is_empty() { key.clone() } else { format!("{path}.{key}") },
            expected: format!("one of the keys {}", known.join(", ")),
            got: "an unknown key".to_owned(),
        }),
    }
}

pub(crate) fn whole(v: &Value, path: &str, min: usize, max: usize) -> Result<usize, ConfigError> {
    match v {
        Value::Number(n) if n.fract() == 0.0 && *n >= min as f64 && *n <= max as f64 => Ok(*n as usize),
        other => Err(error(path, &format!("a whole number from {min} to {max}"), other)),
    }
}

pub(crate) fn boolean(v: &Value, path: &str) -> Result<bool, ConfigError> {
    match v {
        Value::Bool(b) => Ok(*b),
        other => Err(error(path, "true or false", other)),
    }
}

pub(crate) fn string<'v>(v: &'v Value, path: &str) -> Result<&'v str, ConfigError> {
    match v {
        Value::String(s) => Ok(s),
        other => Err(error(path, "a string", other)),
    }
}

pub(crate) fn strings(v: &Value, path: &str) -> Result<Vec<String>, ConfigError> {
    match v {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| string(item, &format!("{path}[{i}]")).map(str::to_owned))
            .collect(),
        other => Err(error(path, "an array of strings", other)),
    }
}

/// `text` in double quotes, escaped as Rust's `{:?}` escapes it (quotes, backslashes, control
/// characters), for error messages; without the `Debug` machinery and its Unicode tables.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => {
                out.push_str("\\u{");
                out.push_str(&format!("{:x}", c as u32));
                out.push('}');
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// Numbers in and out of text, without core's float parsing and formatting: its tables and
// algorithms were a sixth of the field build's download, for error messages and three
// attributes that hold small whole numbers.

/// Powers of ten that an `f64` holds exactly.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22,
];
const EXACT_INT: u64 = 1 << 53;

/// `digits × 10^exp`, correctly rounded, when both factors are exact in an `f64` (one
/// multiplication or division of exact values is correctly rounded); else `None`.
fn exact_decimal(digits: u64, exp: i32) -> Option<f64> {
    if digits > EXACT_INT || exp.unsigned_abs() as usize >= POW10.len() {
        return None;
    }
    let d = digits as f64;
    Some(if exp >= 0 { d * POW10[exp as usize] } else { d / POW10[(-exp) as usize] })
}

/// A decimal number as Rust writes it (`-12`, `8.5`, `1e3`, `.5`), when it has at most 19
/// significant digits and converts exactly (see [`exact_decimal`]); else `None`, and the
/// attribute's text is kept as a string, which the configuration's checks then report as given.
pub(crate) fn parse_decimal(text: &str) -> Option<f64> {
    let (negative, rest) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty() || !(int.bytes().chain(frac.bytes())).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut exp: i32 = match exponent {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let value: i32 = digits.bytes().fold(0, |a, b| a * 10 + i32::from(b - b'0'));
            if e.starts_with('-') { -value } else { value }
        }
    };
    exp -= frac.len() as i32;
    let all = int.bytes().chain(frac.bytes()).skip_while(|b| *b == b'0');
    let mut digits: u64 = 0;
    for (count, b) in all.enumerate() {
        if count >= 19 {
            return None;
        }
        digits = digits * 10 + u64::from(b - b'0');
    }
    // Trailing zeros move into the exponent, so `1000e-3` is exact too.
    while digits != 0 && digits % 10 == 0 {
        digits /= 10;
        exp += 1;
    }
    let value = if digits == 0 { 0.0 } else { exact_decimal(digits, exp)? };
    Some(if negative { -value } else { value })
}

/// A number as Rust's `Display` writes it (`8`, `-0.25`, `100000`), for error messages: the
/// shortest digits that read back as the same `f64`, tried up to 15 digits with
/// [`exact_decimal`]. Numbers beyond that (huge, tiny, or needing 16–17 digits) are described
/// in words instead.
fn describe_number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_owned();
    }
    if n.is_infinite() {
        return if n > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    let sign = if n.is_sign_negative() { "-" } else { "" };
    let a = n.abs();
    if a.fract() == 0.0 && a < EXACT_INT as f64 {
        return format!("{sign}{}", a as u64);
    }
    // The decimal exponent of the leading digit, found by scaling (only a first guess: every
    // candidate is checked by reading it back).
    let mut lead: i32 = 0;
    let mut scaled = a;
    while scaled >= 10.0 && lead < 40 {
        scaled /= 10.0;
        lead += 1;
    }
    while scaled < 1.0 && lead > -40 {
        scaled *= 10.0;
        lead -= 1;
    }
    for precision in 1..=15i32 {
        let exp = lead - precision + 1;
        let guess = match exact_decimal(1, exp.abs()) {
            Some(p) if exp >= 0 => (a / p).round(),
            Some(p) => (a * p).round(),
            None => continue,
        };
        for digits in [guess, guess - 1.0, guess + 1.0] {
            if digits < 1.0 || exact_decimal(digits as u64, exp) != Some(a) {
                continue;
            }
            let text = (digits as u64).to_string();
            return format!("{sign}{}", place_point(&text, exp));
        }
    }
    if a.fract() != 0.0 { "a number that is not a whole number" } else { "a number too large to be a setting" }.to_owned()
}

/// `digits × 10^exp` written out without an exponent.
fn place_point(digits: &str, exp: i32) -> String {
    if exp >= 0 {
        return format!("{digits}{}", "0".repeat(exp as usize));
    }
    let point = digits.len() as i32 + exp;
    if point > 0 {
        let (int, frac) = digits.split_at(point as usize);
        format!("{int}.{frac}")
    } else {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    }
}

#[cfg(test)]
mod number_tests {
    use super::{describe_number, parse_decimal, quoted};

    #[test]
    fn quotes_text_as_rusts_debug_does() {
        for text in ["", "eight", "say \"hi\"", "back\\slash", "tab\tnew\nline\r", "nul\0", "bell\u{7}", "del\u{7f}", "é ✓ 😀"] {
            assert_eq!(quoted(text), format!("{text:?}"), "{text}");
        }
    }

    #[test]
    fn describes_numbers_as_rusts_display_does() {
        let samples = [
            0.0, -0.0, 1.0, 8.0, -1.0, 8.5, -2.5, 0.1, 0.25, 1e-7, 123.456, 1e15, 4503599627370495.0, 99999.5,
            0.000123, 3.14159, 1e21, 2.5e-10, 1234567.125,
        ];
        for n in samples {
            assert_eq!(describe_number(n), n.to_string(), "{n:?}");
        }
        assert_eq!(describe_number(f64::NAN), "NaN");
        assert_eq!(describe_number(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn describes_numbers_beyond_fifteen_digits_in_words() {
        assert_eq!(describe_number(0.1 + 0.2), "a number that is not a whole number");
        assert_eq!(describe_number(1e30), 1e30.to_string());
        assert_eq!(describe_number(1e300), "a number too large to be a setting");
    }

    #[test]
    fn parses_decimals_as_rusts_from_str_does() {
        for text in ["8", "-1", "+3", "8.5", ".5", "5.", "1e3", "1E-2", "0", "-0", "0012", "100000", "2.50", "1000e-3", "123456789012"] {
            assert_eq!(parse_decimal(text), text.parse::<f64>().ok(), "{text}");
        }
        for text in ["", ".", "-", "e3", "8a", "1e", "inf", "NaN", "0x10", " 8", "1e99999", "12345678901234567890123"] {
            assert_eq!(parse_decimal(text), None, "{text}");
        }
    }
}

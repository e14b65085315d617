//! Password rules: a [`Policy`] and the inputs it needs in, one verdict per rule out.
//!
//! How characters count (the HMIS guide only says "capital letter", "number" and
//! "non-letter, non-number character"; we read those with Unicode, not ASCII, so people who
//! type in any script are treated alike):
//! - length is counted in Unicode code points: "é" typed as one character is 1, "👍🏽" is 2;
//! - a capital letter is any character with Unicode's `Uppercase` property ("A", "É", "Д");
//!   letters of scripts without case (Chinese, Arabic) are letters but never capitals;
//! - a lowercase letter has Unicode's `Lowercase` property;
//! - a number is any character Unicode calls numeric ("7", "٣", "½", "Ⅻ");
//! - a symbol is any character that is neither a letter (Unicode `Alphabetic`) nor numeric:
//!   punctuation, spaces, emoji and other pictographs all count;
//! - combining marks (the accent in "e" + U+0301) belong to the character before them: they
//!   count towards the length but are never a symbol, so "Café1" is judged alike however the
//!   keyboard composed the "é".

use crate::messages::{Catalog, Msg};
use serde::Serialize;

/// Stable rule identifiers: hosts and tests key on these strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RuleId {
    MinLength,
    MaxLength,
    Uppercase,
    Lowercase,
    Digit,
    Symbol,
    NotUsername,
    NotCurrent,
    NotBlocklisted,
    MinStrength,
}

impl RuleId {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::MinLength => "minLength",
            RuleId::MaxLength => "maxLength",
            RuleId::Uppercase => "uppercase",
            RuleId::Lowercase => "lowercase",
            RuleId::Digit => "digit",
            RuleId::Symbol => "symbol",
            RuleId::NotUsername => "notUsername",
            RuleId::NotCurrent => "notCurrent",
            RuleId::NotBlocklisted => "notBlocklisted",
            RuleId::MinStrength => "minStrength",
        }
    }

    fn message(self) -> Msg {
        match self {
            RuleId::MinLength => Msg::RuleMinLength,
            RuleId::MaxLength => Msg::RuleMaxLength,
            RuleId::Uppercase => Msg::RuleUppercase,
            RuleId::Lowercase => Msg::RuleLowercase,
            RuleId::Digit => Msg::RuleDigit,
            RuleId::Symbol => Msg::RuleSymbol,
            RuleId::NotUsername => Msg::RuleNotUsername,
            RuleId::NotCurrent => Msg::RuleNotCurrent,
            RuleId::NotBlocklisted => Msg::RuleNotBlocklisted,
            RuleId::MinStrength => Msg::RuleMinStrength,
        }
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The smallest maximum length a policy may set: NIST SP 800-63B asks verifiers to allow at
/// least 64 characters, so passphrases and password managers always fit.
pub const MAX_LENGTH_FLOOR: usize = 64;
/// The largest maximum length, to keep a policy sane; rules still check every character.
pub const MAX_LENGTH_CEILING: usize = 100_000;
/// A username shorter than this is not searched for in the password ("a" is in everything).
pub const USERNAME_MIN_MATCH: usize = 3;

/// Which rules apply and their parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct Policy {
    pub min_length: usize,
    pub max_length: usize,
    pub uppercase: bool,
    pub lowercase: bool,
    pub digit: bool,
    pub symbol: bool,
    pub not_username: bool,
    pub not_current: bool,
    /// Lowercased passwords that are refused outright (host-supplied, e.g. a breach list).
    pub blocklist: Vec<String>,
    /// zxcvbn score (0–4) the password must reach, if any.
    pub min_strength: Option<u8>,
    /// Words from the page's context that make a password weaker (passed to zxcvbn).
    pub context_words: Vec<String>,
}

impl Policy {
    /// The HMIS guide's rules: at least 8 characters, 1 capital letter, 1 number and 1 character
    /// that is neither letter nor number. Also refuses the username and the current password.
    pub fn hmis() -> Policy {
        Policy {
            min_length: 8,
            max_length: 128,
            uppercase: true,
            lowercase: false,
            digit: true,
            symbol: true,
            not_username: true,
            not_current: true,
            blocklist: Vec::new(),
            min_strength: None,
            context_words: vec!["hmis".to_owned(), "clienttrack".to_owned()],
        }
    }

    /// NIST SP 800-63B (rev. 4) style: length and a blocklist, no composition rules. 15
    /// characters because a password may be the only factor (2-step verification is optional);
    /// zxcvbn's lists of common passwords, words and names, plus the context words, serve as the
    /// blocklist through the minimum strength.
    pub fn nist() -> Policy {
        Policy {
            min_length: 15,
            max_length: 128,
            uppercase: false,
            lowercase: false,
            digit: false,
            symbol: false,
            not_username: true,
            not_current: true,
            blocklist: Vec::new(),
            min_strength: Some(3),
            context_words: vec!["hmis".to_owned(), "clienttrack".to_owned()],
        }
    }

    /// The rules this policy applies, in the order they are shown.
    pub fn rules(&self) -> Vec<RuleId> {
        let mut rules = vec![RuleId::MinLength, RuleId::MaxLength];
        let optional = [
            (self.uppercase, RuleId::Uppercase),
            (self.lowercase, RuleId::Lowercase),
            (self.digit, RuleId::Digit),
            (self.symbol, RuleId::Symbol),
            (self.not_username, RuleId::NotUsername),
            (self.not_current, RuleId::NotCurrent),
            (!self.blocklist.is_empty(), RuleId::NotBlocklisted),
            (self.min_strength.is_some(), RuleId::MinStrength),
        ];
        rules.extend(optional.iter().filter(|(on, _)| *on).map(|(_, id)| *id));
        rules
    }
}

/// What the rules look at, borrowed from the fields as they are now.
#[derive(Clone, Copy, Debug, Default)]
pub struct Inputs<'a> {
    pub password: &'a str,
    pub username: &'a str,
    pub current: &'a str,
}

/// What kinds of character a password holds, counted in one pass.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Composition {
    pub length: usize,
    pub uppercase: bool,
    pub lowercase: bool,
    pub digit: bool,
    pub symbol: bool,
}

impl Composition {
    pub fn of(password: &str) -> Composition {
        let classes = crate::text::classes(password);
        Composition {
            length: password.chars().count(),
            uppercase: classes.uppercase,
            lowercase: classes.lowercase,
            digit: classes.number,
            symbol: classes.symbol,
        }
    }
}

/// One rule's state for the current input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleCheck {
    pub id: RuleId,
    pub met: bool,
}

/// Checks every rule of `policy`. `strength` is the zxcvbn score of the same password when it
/// is known; while it is not, a `minStrength` rule counts as unmet.
pub fn check(policy: &Policy, inputs: Inputs<'_>, strength: Option<u8>) -> Vec<RuleCheck> {
    let comp = Composition::of(inputs.password);
    policy
        .rules()
        .into_iter()
        .map(|id| {
            let met = match id {
                RuleId::MinLength => comp.length >= policy.min_length,
                RuleId::MaxLength => comp.length <= policy.max_length,
                RuleId::Uppercase => comp.uppercase,
                RuleId::Lowercase => comp.lowercase,
                RuleId::Digit => comp.digit,
                RuleId::Symbol => comp.symbol,
                RuleId::NotUsername => !contains_username(inputs.password, inputs.username),
                RuleId::NotCurrent => inputs.current.is_empty() || inputs.password != inputs.current,
                RuleId::NotBlocklisted => !is_blocklisted(&policy.blocklist, inputs.password),
                RuleId::MinStrength => match (policy.min_strength, strength) {
                    (Some(min), Some(score)) => score >= min,
                    _ => false,
                },
            };
            RuleCheck { id, met }
        })
        .collect()
}

/// Case-insensitive, ignoring spaces around the username; usernames shorter than
/// [`USERNAME_MIN_MATCH`] characters are not searched for.
fn contains_username(password: &str, username: &str) -> bool {
    let username = username.trim();
    if username.chars().count() < USERNAME_MIN_MATCH {
        return false;
    }
    crate::text::lowercase(password).contains(&crate::text::lowercase(username))
}

fn is_blocklisted(blocklist: &[String], password: &str) -> bool {
    let candidate = crate::text::lowercase(password.trim());
    blocklist.contains(&candidate)
}

/// The text of a rule's checklist line.
pub fn rule_message(policy: &Policy, id: RuleId, catalog: &Catalog) -> String {
    let msg = id.message();
    match id {
        RuleId::MinLength => catalog.text(msg, &[("min", &policy.min_length)]),
        RuleId::MaxLength => catalog.text(msg, &[("max", &policy.max_length)]),
        RuleId::MinStrength => {
            let score = policy.min_strength.unwrap_or(0);
            let label = catalog.text(crate::strength::score_label(score), &[]);
            catalog.text(msg, &[("label", &label)])
        }
        _ => catalog.text(msg, &[]),
    }
}

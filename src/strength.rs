//! Password strength with zxcvbn, bounded in work, with feedback as message keys.
//!
//! zxcvbn's cost grows with length, so only the first [`ANALYSED_CHARS`] characters are
//! analysed (the crate would silently do the same; we do it visibly and say so to the user).
//! The rules in `policy` always check the whole password.
//!
//! zxcvbn's word lists are most of the widget's bytes, so the estimator itself is behind the
//! `strength` feature: the page's checklist loads without it, and the estimate runs in a worker
//! built with it (see js/hmis-onboard-strength.js). [`Strength`] is what crosses that boundary,
//! as message keys.

use crate::messages::Msg;
#[cfg(feature = "strength")]
use zxcvbn::feedback::{Suggestion, Warning};

/// How many leading characters the estimate looks at.
pub const ANALYSED_CHARS: usize = 100;

/// zxcvbn's verdict, still free of any language.
#[derive(Clone, Debug, PartialEq)]
pub struct Strength {
    /// 0 (guessable within 10^3 tries) to 4 (more than 10^10).
    pub score: u8,
    pub guesses_log10: f64,
    pub warning: Option<Msg>,
    pub suggestions: Vec<Msg>,
    /// True when the password was longer than [`ANALYSED_CHARS`] and only its start was judged.
    pub truncated: bool,
}

impl Strength {
    /// Rebuilds an estimate that crossed a worker boundary as message keys. `None` when a key is
    /// unknown or the score is out of range (a worker from another version of the widget).
    pub fn from_keys(
        score: u8,
        guesses_log10: f64,
        warning: Option<&str>,
        suggestions: &[String],
        truncated: bool,
    ) -> Option<Strength> {
        if score > 4 {
            return None;
        }
        let warning = match warning {
            Some(key) => Some(Msg::from_key(key)?),
            None => None,
        };
        let suggestions = suggestions.iter().map(|k| Msg::from_key(k)).collect::<Option<Vec<_>>>()?;
        Some(Strength { score, guesses_log10, warning, suggestions, truncated })
    }
}

/// The words a context phrase counts against a password as: the phrase as given, joined
/// (`Hope Street Shelter` → `HopeStreetShelter`, as people type it into a password) and each of
/// its words of three letters or more. zxcvbn then finds each in any case and in its l33t forms
/// (`H0p3`), as it does its own dictionaries.
pub fn context_terms(context: &[&str]) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    let mut add = |term: String| {
        if !term.is_empty() && !terms.contains(&term) {
            terms.push(term);
        }
    };
    for phrase in context.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        add(phrase.to_owned());
        let words: Vec<&str> = phrase.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
        if words.len() > 1 {
            add(words.concat());
            for word in words.iter().filter(|w| w.chars().count() >= 3) {
                add((*word).to_owned());
            }
        }
    }
    terms
}

/// Estimates `password`'s strength. `context` holds words from the page (username, the
/// organisation, "hmis", the current password) that an attacker would try first.
#[cfg(feature = "strength")]
pub fn estimate(password: &str, context: &[&str]) -> Strength {
    let (analysed, truncated) = match password.char_indices().nth(ANALYSED_CHARS) {
        Some((end, _)) => (&password[..end], true),
        None => (password, false),
    };
    let terms = context_terms(context);
    let context: Vec<&str> = terms.iter().map(String::as_str).collect();
    let entropy = zxcvbn::zxcvbn(analysed, &context);
    let (warning, suggestions) = match entropy.feedback() {
        Some(f) => (f.warning().map(warning_msg), f.suggestions().iter().map(|s| suggestion_msg(*s)).collect()),
        None => (None, Vec::new()),
    };
    Strength {
        score: u8::from(entropy.score()),
        guesses_log10: entropy.guesses_log10(),
        warning,
        suggestions,
        truncated,
    }
}

/// The label for a score ("Weak", "Strong", ...).
pub fn score_label(score: u8) -> Msg {
    match score {
        0 => Msg::StrengthScore0,
        1 => Msg::StrengthScore1,
        2 => Msg::StrengthScore2,
        3 => Msg::StrengthScore3,
        _ => Msg::StrengthScore4,
    }
}

#[cfg(feature = "strength")]
fn warning_msg(w: Warning) -> Msg {
    match w {
        Warning::StraightRowsOfKeysAreEasyToGuess => Msg::WarnStraightRow,
        Warning::ShortKeyboardPatternsAreEasyToGuess => Msg::WarnKeyPattern,
        Warning::RepeatsLikeAaaAreEasyToGuess => Msg::WarnRepeatedChars,
        Warning::RepeatsLikeAbcAbcAreOnlySlightlyHarderToGuess => Msg::WarnRepeatedGroups,
        Warning::ThisIsATop10Password => Msg::WarnTop10,
        Warning::ThisIsATop100Password => Msg::WarnTop100,
        Warning::ThisIsACommonPassword => Msg::WarnCommon,
        Warning::ThisIsSimilarToACommonlyUsedPassword => Msg::WarnSimilarToCommon,
        Warning::SequencesLikeAbcAreEasyToGuess => Msg::WarnSequence,
        Warning::RecentYearsAreEasyToGuess => Msg::WarnRecentYears,
        Warning::AWordByItselfIsEasyToGuess => Msg::WarnWordByItself,
        Warning::DatesAreOftenEasyToGuess => Msg::WarnDates,
        Warning::NamesAndSurnamesByThemselvesAreEasyToGuess => Msg::WarnNamesByThemselves,
        Warning::CommonNamesAndSurnamesAreEasyToGuess => Msg::WarnCommonNames,
    }
}

#[cfg(feature = "strength")]
fn suggestion_msg(s: Suggestion) -> Msg {
    match s {
        Suggestion::UseAFewWordsAvoidCommonPhrases => Msg::SuggestFewWords,
        Suggestion::NoNeedForSymbolsDigitsOrUppercaseLetters => Msg::SuggestNoNeedForSymbols,
        Suggestion::AddAnotherWordOrTwo => Msg::SuggestAddWord,
        Suggestion::CapitalizationDoesntHelpVeryMuch => Msg::SuggestCapitalization,
        Suggestion::AllUppercaseIsAlmostAsEasyToGuessAsAllLowercase => Msg::SuggestAllUppercase,
        Suggestion::ReversedWordsArentMuchHarderToGuess => Msg::SuggestReversedWords,
        Suggestion::PredictableSubstitutionsDontHelpVeryMuch => Msg::SuggestSubstitutions,
        Suggestion::UseALongerKeyboardPatternWithMoreTurns => Msg::SuggestLongerKeyPattern,
        Suggestion::AvoidRepeatedWordsAndCharacters => Msg::SuggestAvoidRepeats,
        Suggestion::AvoidSequences => Msg::SuggestAvoidSequences,
        Suggestion::AvoidRecentYears => Msg::SuggestAvoidRecentYears,
        Suggestion::AvoidYearsThatAreAssociatedWithYou => Msg::SuggestAvoidPersonalYears,
        Suggestion::AvoidDatesAndYearsThatAreAssociatedWithYou => Msg::SuggestAvoidPersonalDates,
    }
}

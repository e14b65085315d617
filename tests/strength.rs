#![cfg(not(target_arch = "wasm32"))]
//! The zxcvbn estimate (`strength`): scores, feedback as message keys, bounded work.

use hmis_onboard::messages::Msg;
use hmis_onboard::strength::{estimate, score_label, ANALYSED_CHARS};
use std::time::{Duration, Instant};

#[test]
fn empty_password_scores_zero_and_is_not_truncated() {
    let s = estimate("", &[]);
    assert_eq!(s.score, 0);
    assert!(!s.truncated);
    assert_eq!(s.warning, None);
    // zxcvbn's default advice for an empty password.
    assert_eq!(s.suggestions, vec![Msg::SuggestFewWords, Msg::SuggestNoNeedForSymbols]);
}

#[test]
fn password_is_score_zero_with_a_warning() {
    let s = estimate("password", &[]);
    assert_eq!(s.score, 0);
    assert!(s.warning.is_some(), "expected a warning for \"password\": {s:?}");
    assert_eq!(s.warning, Some(Msg::WarnTop10));
    assert!(!s.truncated);
}

#[test]
fn common_passwords_score_low_with_a_warning() {
    for password in ["123456", "qwerty", "letmein", "Password1"] {
        let s = estimate(password, &[]);
        assert!(s.score <= 1, "{password:?} scored {}", s.score);
        assert!(s.warning.is_some(), "{password:?} should carry a warning: {s:?}");
    }
}

#[test]
fn long_random_passphrase_scores_at_least_three() {
    for password in ["quartz mango violet tundra pickle", "Wobbly-Cactus-Orbit-41-Fjord", "correct horse battery staple"] {
        let s = estimate(password, &[]);
        assert!(s.score >= 3, "{password:?} scored {}", s.score);
        assert!(!s.truncated);
    }
}

#[test]
fn score_is_within_zero_to_four() {
    for password in ["", "a", "password", "Harbor#Lantern7", &"zQ8!".repeat(30)] {
        let s = estimate(password, &[]);
        assert!(s.score <= 4, "{password:?} scored {}", s.score);
    }
}

#[test]
fn context_words_lower_the_score() {
    let without = estimate("jsmithjsmith2024", &[]);
    let with = estimate("jsmithjsmith2024", &["jsmith"]);
    assert!(
        with.guesses_log10 < without.guesses_log10,
        "context should make it more guessable: {with:?} vs {without:?}"
    );
    assert!(with.score < without.score, "context should lower the score: {} vs {}", with.score, without.score);
}

#[test]
fn context_words_match_regardless_of_case() {
    let without = estimate("Harbormaster#Quill", &[]);
    let with = estimate("Harbormaster#Quill", &["HARBORMASTER", "quill"]);
    assert!(with.guesses_log10 < without.guesses_log10, "{with:?} vs {without:?}");
}

#[test]
fn blank_context_words_are_ignored() {
    let plain = estimate("Harbor#Lantern7", &[]);
    let blank = estimate("Harbor#Lantern7", &["", "   ", "\t"]);
    assert_eq!(plain, blank);
}

#[test]
fn password_of_exactly_100_characters_is_not_truncated() {
    let password = "k".repeat(ANALYSED_CHARS);
    assert!(!estimate(&password, &[]).truncated);
}

#[test]
fn password_over_100_characters_is_truncated() {
    let password = "k".repeat(ANALYSED_CHARS + 1);
    assert!(estimate(&password, &[]).truncated);
}

#[test]
fn only_the_first_100_characters_are_analysed() {
    let head: String = "Vq9#mLz2!pR7xT4wK".chars().cycle().take(ANALYSED_CHARS).collect();
    assert_eq!(head.chars().count(), 100);
    let short = estimate(&head, &[]);
    // Whatever follows the first 100 characters changes nothing but the `truncated` flag.
    for tail in ["a", "password", "ZZZZZZZZZZZZZZZZZZZZZZZZZZZ", "😀😀😀"] {
        let long = estimate(&format!("{head}{tail}"), &[]);
        assert!(long.truncated);
        assert_eq!(long.score, short.score);
        assert_eq!(long.guesses_log10, short.guesses_log10);
        assert_eq!(long.warning, short.warning);
        assert_eq!(long.suggestions, short.suggestions);
    }
}

#[test]
fn truncation_counts_code_points_not_bytes() {
    // 100 two-byte characters: 200 bytes but exactly the analysed length.
    assert!(!estimate(&"é".repeat(ANALYSED_CHARS), &[]).truncated);
    assert!(estimate(&"é".repeat(ANALYSED_CHARS + 1), &[]).truncated);
    // Four-byte characters must be cut on a character boundary, not panic.
    let emoji = "😀".repeat(ANALYSED_CHARS + 5);
    assert!(estimate(&emoji, &[]).truncated);
}

#[test]
fn estimate_of_10000_characters_returns_promptly() {
    let password: String = "Tq7#wL".chars().cycle().take(10_000).collect();
    let start = Instant::now();
    let s = estimate(&password, &["jsmith"]);
    let elapsed = start.elapsed();
    assert!(s.truncated);
    assert!(s.score <= 4);
    // Generous bound for a slow, shared debug build; an unbounded zxcvbn run takes far longer.
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");
}

#[test]
fn estimate_is_deterministic() {
    for password in ["password", "jsmithjsmith2024", "Harbor#Lantern7"] {
        assert_eq!(estimate(password, &["jsmith"]), estimate(password, &["jsmith"]));
    }
}

#[test]
fn score_labels_map_each_score() {
    let table = [
        (0, Msg::StrengthScore0),
        (1, Msg::StrengthScore1),
        (2, Msg::StrengthScore2),
        (3, Msg::StrengthScore3),
        (4, Msg::StrengthScore4),
        (5, Msg::StrengthScore4),
        (255, Msg::StrengthScore4),
    ];
    for (score, msg) in table {
        assert_eq!(score_label(score), msg, "score {score}");
    }
}

#[test]
fn feedback_is_given_as_message_keys_with_catalog_text() {
    // Every warning and suggestion the estimate hands out must have a catalog entry.
    for password in ["password", "qwertyuiop", "aaaaaaa", "abcabcabc", "abcdef", "2019", "1987-04-12", "smith", "P@ssw0rd"] {
        let s = estimate(password, &[]);
        for msg in s.warning.iter().chain(s.suggestions.iter()) {
            let key = msg.key();
            assert!(key.starts_with("strength.warning.") || key.starts_with("strength.suggestion."), "{key}");
        }
    }
}

#[test]
fn recognisable_patterns_get_the_matching_warning() {
    let table = [
        ("zxcvbnm,./", Msg::WarnStraightRow),
        ("aaaaaaaaaa", Msg::WarnRepeatedChars),
        ("abcabcabcabc", Msg::WarnRepeatedGroups),
    ];
    for (password, warning) in table {
        let s = estimate(password, &[]);
        assert_eq!(s.warning, Some(warning), "{password:?}: {s:?}");
    }
}

#[test]
fn a_context_phrase_counts_joined_split_and_in_leet() {
    let phrase = ["Hope Street Shelter"];
    for password in ["HopeStreetShelter2024", "H0p3Str33tSh3lt3r!", "shelter-hope-2024"] {
        let with = estimate(password, &phrase);
        let without = estimate(password, &[]);
        assert!(
            with.guesses_log10 < without.guesses_log10 - 1.0,
            "{password}: {} with the phrase, {} without",
            with.guesses_log10,
            without.guesses_log10
        );
    }
    assert!(estimate("HopeStreetShelter2024", &phrase).score < 3, "it must not pass the nist preset's minStrength 3");
    assert_eq!(
        hmis_onboard::strength::context_terms(&["Hope Street Shelter", " hmis ", "", "St. Paul"]),
        ["Hope Street Shelter", "HopeStreetShelter", "Hope", "Street", "Shelter", "hmis", "St. Paul", "StPaul", "Paul"]
    );
}

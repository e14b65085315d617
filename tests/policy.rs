#![cfg(not(target_arch = "wasm32"))]
//! The password rules (`policy`): which rules a preset applies, and when each one is met.

use hmis_onboard::messages::Catalog;
use hmis_onboard::policy::{
    self, check, rule_message, Composition, Inputs, Policy, RuleCheck, RuleId, MAX_LENGTH_CEILING, MAX_LENGTH_FLOOR,
    USERNAME_MIN_MATCH,
};

/// A password that meets every HMIS rule on its own.
const GOOD: &str = "Harbor#Lantern7";

fn inputs<'a>(password: &'a str, username: &'a str, current: &'a str) -> Inputs<'a> {
    Inputs { password, username, current }
}

fn met(policy: &Policy, inputs: Inputs<'_>, strength: Option<u8>, id: RuleId) -> bool {
    let checks = check(policy, inputs, strength);
    checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("rule {} is not applied by this policy: {checks:?}", id.as_str()))
        .met
}

/// Whether `id` is met for `password` under the HMIS preset, with no username or current password.
fn hmis_met(password: &str, id: RuleId) -> bool {
    met(&Policy::hmis(), inputs(password, "", ""), None, id)
}

fn unmet_ids(checks: &[RuleCheck]) -> Vec<RuleId> {
    checks.iter().filter(|c| !c.met).map(|c| c.id).collect()
}

// ---------------------------------------------------------------------------------------------
// Presets and rule order
// ---------------------------------------------------------------------------------------------

#[test]
fn hmis_preset_has_the_guides_parameters() {
    let p = Policy::hmis();
    assert_eq!(p.min_length, 8);
    assert_eq!(p.max_length, 128);
    assert!(p.uppercase);
    assert!(!p.lowercase);
    assert!(p.digit);
    assert!(p.symbol);
    assert!(p.not_username);
    assert!(p.not_current);
    assert!(p.blocklist.is_empty());
    assert_eq!(p.min_strength, None);
}

#[test]
fn hmis_preset_applies_its_rules_in_display_order() {
    assert_eq!(
        Policy::hmis().rules(),
        vec![
            RuleId::MinLength,
            RuleId::MaxLength,
            RuleId::Uppercase,
            RuleId::Digit,
            RuleId::Symbol,
            RuleId::NotUsername,
            RuleId::NotCurrent,
        ]
    );
}

#[test]
fn nist_preset_has_no_composition_rules_and_requires_length_15_and_strength_3() {
    let p = Policy::nist();
    assert_eq!(p.min_length, 15);
    assert_eq!(p.max_length, 128);
    assert!(!p.uppercase && !p.lowercase && !p.digit && !p.symbol);
    assert_eq!(p.min_strength, Some(3));
    assert_eq!(
        p.rules(),
        vec![RuleId::MinLength, RuleId::MaxLength, RuleId::NotUsername, RuleId::NotCurrent, RuleId::MinStrength]
    );
}

#[test]
fn nist_preset_accepts_a_long_lowercase_passphrase_once_strong_enough() {
    let p = Policy::nist();
    let checks = check(&p, inputs("correct horse battery staple", "", ""), Some(3));
    assert!(checks.iter().all(|c| c.met), "{checks:?}");
}

#[test]
fn every_optional_rule_appears_in_a_fixed_order_when_enabled() {
    let p = Policy {
        min_length: 1,
        max_length: 64,
        uppercase: true,
        lowercase: true,
        digit: true,
        symbol: true,
        not_username: true,
        not_current: true,
        blocklist: vec!["password1!".to_owned()],
        min_strength: Some(2),
        context_words: Vec::new(),
    };
    assert_eq!(
        p.rules(),
        vec![
            RuleId::MinLength,
            RuleId::MaxLength,
            RuleId::Uppercase,
            RuleId::Lowercase,
            RuleId::Digit,
            RuleId::Symbol,
            RuleId::NotUsername,
            RuleId::NotCurrent,
            RuleId::NotBlocklisted,
            RuleId::MinStrength,
        ]
    );
}

#[test]
fn length_rules_are_always_applied_even_with_every_option_off() {
    let p = Policy {
        uppercase: false,
        digit: false,
        symbol: false,
        not_username: false,
        not_current: false,
        ..Policy::hmis()
    };
    assert_eq!(p.rules(), vec![RuleId::MinLength, RuleId::MaxLength]);
}

#[test]
fn check_returns_one_result_per_rule_in_rule_order() {
    for p in [Policy::hmis(), Policy::nist()] {
        let ids: Vec<RuleId> = check(&p, inputs("x", "", ""), None).iter().map(|c| c.id).collect();
        assert_eq!(ids, p.rules());
    }
}

#[test]
fn rule_ids_have_stable_strings() {
    let table = [
        (RuleId::MinLength, "minLength"),
        (RuleId::MaxLength, "maxLength"),
        (RuleId::Uppercase, "uppercase"),
        (RuleId::Lowercase, "lowercase"),
        (RuleId::Digit, "digit"),
        (RuleId::Symbol, "symbol"),
        (RuleId::NotUsername, "notUsername"),
        (RuleId::NotCurrent, "notCurrent"),
        (RuleId::NotBlocklisted, "notBlocklisted"),
        (RuleId::MinStrength, "minStrength"),
    ];
    for (id, s) in table {
        assert_eq!(id.as_str(), s);
    }
}

#[test]
fn published_limits_match_nist_and_the_docs() {
    assert_eq!(MAX_LENGTH_FLOOR, 64);
    assert_eq!(MAX_LENGTH_CEILING, 100_000);
    assert_eq!(USERNAME_MIN_MATCH, 3);
}

// ---------------------------------------------------------------------------------------------
// Each HMIS rule, met and unmet
// ---------------------------------------------------------------------------------------------

#[test]
fn accepts_password_meeting_every_hmis_rule() {
    let checks = check(&Policy::hmis(), inputs(GOOD, "jsmith", "Old#Password1"), None);
    assert_eq!(unmet_ids(&checks), Vec::<RuleId>::new());
}

#[test]
fn rejects_password_without_capital_letter() {
    let checks = check(&Policy::hmis(), inputs("harbor#lantern7", "", ""), None);
    assert_eq!(unmet_ids(&checks), vec![RuleId::Uppercase]);
}

#[test]
fn rejects_password_without_number() {
    let checks = check(&Policy::hmis(), inputs("Harbor#Lantern", "", ""), None);
    assert_eq!(unmet_ids(&checks), vec![RuleId::Digit]);
}

#[test]
fn rejects_password_without_symbol() {
    let checks = check(&Policy::hmis(), inputs("HarborLantern7", "", ""), None);
    assert_eq!(unmet_ids(&checks), vec![RuleId::Symbol]);
}

#[test]
fn rejects_password_shorter_than_eight_characters() {
    let checks = check(&Policy::hmis(), inputs("Ab#4567", "", ""), None);
    assert_eq!(unmet_ids(&checks), vec![RuleId::MinLength]);
}

#[test]
fn accepts_password_of_exactly_eight_characters() {
    assert!(hmis_met("Ab#45678", RuleId::MinLength));
}

#[test]
fn empty_password_meets_only_the_rules_it_cannot_break() {
    let checks = check(&Policy::hmis(), inputs("", "jsmith", "Old#Password1"), None);
    assert_eq!(unmet_ids(&checks), vec![RuleId::MinLength, RuleId::Uppercase, RuleId::Digit, RuleId::Symbol]);
}

#[test]
fn max_length_boundary_is_128_characters_inclusive() {
    let table = [(127, true), (128, true), (129, false), (10_000, false)];
    for (len, expected) in table {
        let password = format!("A1#{}", "x".repeat(len - 3));
        assert_eq!(password.chars().count(), len);
        assert_eq!(hmis_met(&password, RuleId::MaxLength), expected, "length {len}");
    }
}

#[test]
fn lowercase_rule_needs_a_lowercase_letter() {
    let p = Policy { lowercase: true, ..Policy::hmis() };
    let table = [("ABC#1234", false), ("ABc#1234", true), ("ÉCOLE#12", false), ("École#12", true), ("中文中文#123", false)];
    for (password, expected) in table {
        assert_eq!(met(&p, inputs(password, "", ""), None, RuleId::Lowercase), expected, "{password:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Length counts Unicode code points
// ---------------------------------------------------------------------------------------------

#[test]
fn length_is_counted_in_unicode_code_points() {
    let table: [(&str, usize); 8] = [
        ("", 0),
        ("abc", 3),
        ("\u{e9}", 1),                                                  // "é" precomposed
        ("e\u{301}", 2),                                                // "e" + combining acute
        ("👍🏽", 2),                                                    // thumbs up + skin tone
        ("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}", 7), // ZWJ family
        ("密码", 2),
        ("𝄞", 1), // outside the BMP: 4 UTF-8 bytes, 2 UTF-16 units
    ];
    for (s, expected) in table {
        assert_eq!(Composition::of(s).length, expected, "{s:?}");
    }
}

#[test]
fn min_length_counts_code_points_not_bytes() {
    // 7 code points but 7 * 2 = 14 UTF-8 bytes: still too short.
    let p = Policy { min_length: 8, ..Policy::hmis() };
    assert!(!met(&p, inputs("ÉÉÉÉÉÉÉ", "", ""), None, RuleId::MinLength));
    // 8 code points, one of them 4 bytes in UTF-8 and 2 units in UTF-16.
    assert!(met(&p, inputs("Ab1#xyz𝄞", "", ""), None, RuleId::MinLength));
}

#[test]
fn min_length_counts_code_points_not_utf16_units() {
    // Four emoji: 4 code points, 8 UTF-16 code units, 16 bytes.
    let p = Policy { min_length: 5, ..Policy::hmis() };
    assert!(!met(&p, inputs("😀😀😀😀", "", ""), None, RuleId::MinLength));
    let p = Policy { min_length: 4, ..Policy::hmis() };
    assert!(met(&p, inputs("😀😀😀😀", "", ""), None, RuleId::MinLength));
}

#[test]
fn max_length_counts_code_points_not_bytes() {
    // 128 two-byte characters = 256 bytes, still within the limit.
    let password = "é".repeat(128);
    assert!(hmis_met(&password, RuleId::MaxLength));
    assert!(!hmis_met(&"é".repeat(129), RuleId::MaxLength));
}

#[test]
fn decomposed_accent_counts_as_two_characters_toward_min_length() {
    let p = Policy { min_length: 2, ..Policy::hmis() };
    assert!(met(&p, inputs("e\u{301}", "", ""), None, RuleId::MinLength));
    assert!(!met(&p, inputs("\u{e9}", "", ""), None, RuleId::MinLength));
}

#[test]
fn zwj_family_emoji_counts_each_code_point() {
    let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}\u{200D}\u{1F466}";
    let p = Policy { min_length: 7, ..Policy::hmis() };
    assert!(met(&p, inputs(family, "", ""), None, RuleId::MinLength));
    let p = Policy { min_length: 8, ..Policy::hmis() };
    assert!(!met(&p, inputs(family, "", ""), None, RuleId::MinLength));
}

// ---------------------------------------------------------------------------------------------
// Character classes (Unicode, not ASCII)
// ---------------------------------------------------------------------------------------------

#[test]
fn capital_letters_are_any_unicode_uppercase() {
    let table = [("A", true), ("É", true), ("Д", true), ("Ω", true), ("a", false), ("é", false), ("д", false), ("7", false), ("#", false)];
    for (s, expected) in table {
        assert_eq!(Composition::of(s).uppercase, expected, "{s:?}");
    }
}

#[test]
fn letters_of_caseless_scripts_are_letters_but_not_capitals() {
    for s in ["中", "文", "ع", "あ"] {
        let c = Composition::of(s);
        assert!(!c.uppercase, "{s:?} must not be a capital");
        assert!(!c.lowercase, "{s:?} must not be lowercase");
        assert!(!c.symbol, "{s:?} is a letter, not a symbol");
        assert!(!c.digit, "{s:?} is a letter, not a number");
    }
}

#[test]
fn rejects_password_whose_only_letters_are_chinese_as_having_no_capital() {
    let checks = check(&Policy::hmis(), inputs("密码安全好#12", "", ""), None);
    assert_eq!(unmet_ids(&checks), vec![RuleId::Uppercase]);
}

#[test]
fn accepts_cyrillic_capital_as_the_capital_letter() {
    assert!(hmis_met("дом#1234Д", RuleId::Uppercase));
}

#[test]
fn numbers_are_any_unicode_numeric_character() {
    let table = [("7", true), ("٣", true), ("½", true), ("Ⅻ", true), ("a", false), ("#", false), ("中", false)];
    for (s, expected) in table {
        assert_eq!(Composition::of(s).digit, expected, "{s:?}");
    }
}

#[test]
fn numbers_do_not_count_as_symbols() {
    for s in ["7", "٣", "½"] {
        assert!(!Composition::of(s).symbol, "{s:?} is a number, not a symbol");
    }
}

#[test]
fn arabic_indic_digit_meets_the_number_rule() {
    assert!(hmis_met("Harbor#Lantern٣", RuleId::Digit));
    assert!(hmis_met("Harbor#Lantern½", RuleId::Digit));
}

#[test]
fn symbols_are_anything_neither_letter_nor_number() {
    let table = [
        ("#", true),
        ("!", true),
        (" ", true),
        ("\u{a0}", true), // no-break space
        ("😀", true),
        ("👍🏽", true),
        ("—", true),
        ("¿", true),
        ("€", true),
        ("a", false),
        ("Z", false),
        ("é", false),
        ("中", false),
        ("7", false),
        ("٣", false),
    ];
    for (s, expected) in table {
        assert_eq!(Composition::of(s).symbol, expected, "{s:?}");
    }
}

#[test]
fn space_meets_the_symbol_rule() {
    assert!(hmis_met("Harbor Lantern 7", RuleId::Symbol));
}

#[test]
fn emoji_meets_the_symbol_rule() {
    assert!(hmis_met("HarborLantern7😀", RuleId::Symbol));
}

#[test]
fn composition_of_mixed_password_sees_every_class() {
    assert_eq!(
        Composition::of("Ab1#"),
        Composition { length: 4, uppercase: true, lowercase: true, digit: true, symbol: true }
    );
    assert_eq!(Composition::of(""), Composition::default());
}

// ---------------------------------------------------------------------------------------------
// Username and current password
// ---------------------------------------------------------------------------------------------

#[test]
fn rejects_password_containing_username_in_any_case() {
    let table = [
        ("Jsmith#2024", "jsmith", false),
        ("XX#JSMITH99", "jsmith", false),
        ("my#jsmith1A", "JSmith", false),
        ("Harbor#Lantern7", "jsmith", true),
        ("J#smith2024", "jsmith", true), // not contiguous
    ];
    for (password, username, expected) in table {
        assert_eq!(
            met(&Policy::hmis(), inputs(password, username, ""), None, RuleId::NotUsername),
            expected,
            "{password:?} / {username:?}"
        );
    }
}

#[test]
fn ignores_usernames_shorter_than_three_characters() {
    let table = [("", true), ("a", true), ("ab", true), ("abc", false)];
    for (username, expected) in table {
        assert_eq!(
            met(&Policy::hmis(), inputs("xxAbc#12ab", username, ""), None, RuleId::NotUsername),
            expected,
            "{username:?}"
        );
    }
}

#[test]
fn username_length_threshold_counts_code_points_after_trimming() {
    // "  ab " trims to "ab": too short to search for.
    assert!(met(&Policy::hmis(), inputs("xxab#12A", "  ab ", ""), None, RuleId::NotUsername));
    // "äöü" is 3 code points (6 bytes): searched for.
    assert!(!met(&Policy::hmis(), inputs("Xäöü#123", "äöü", ""), None, RuleId::NotUsername));
}

#[test]
fn trims_spaces_around_the_username() {
    assert!(!met(&Policy::hmis(), inputs("Jsmith#2024", "  jsmith \t", ""), None, RuleId::NotUsername));
}

#[test]
fn not_username_ignored_when_rule_is_off() {
    let p = Policy { not_username: false, ..Policy::hmis() };
    let checks = check(&p, inputs("Jsmith#2024", "jsmith", ""), None);
    assert!(checks.iter().all(|c| c.id != RuleId::NotUsername));
    assert!(checks.iter().all(|c| c.met), "{checks:?}");
}

#[test]
fn rejects_password_equal_to_the_current_password() {
    assert!(!met(&Policy::hmis(), inputs(GOOD, "", GOOD), None, RuleId::NotCurrent));
}

#[test]
fn current_password_comparison_is_exact() {
    let table = [
        ("Harbor#Lantern7", "harbor#lantern7", true), // case differs
        ("Harbor#Lantern7", "Harbor#Lantern7 ", true), // trailing space differs
        ("Harbor#Lantern7", "Harbor#Lantern", true),  // prefix
        ("Harbor#Lantern7", "Harbor#Lantern7", false),
    ];
    for (password, current, expected) in table {
        assert_eq!(
            met(&Policy::hmis(), inputs(password, "", current), None, RuleId::NotCurrent),
            expected,
            "{password:?} vs {current:?}"
        );
    }
}

#[test]
fn not_current_is_met_while_current_password_is_unknown() {
    assert!(met(&Policy::hmis(), inputs(GOOD, "", ""), None, RuleId::NotCurrent));
    assert!(met(&Policy::hmis(), inputs("", "", ""), None, RuleId::NotCurrent));
}

// ---------------------------------------------------------------------------------------------
// Blocklist
// ---------------------------------------------------------------------------------------------

fn with_blocklist(words: &[&str]) -> Policy {
    // `Policy::blocklist` holds lowercased entries (config lowercases what hosts supply).
    Policy { blocklist: words.iter().map(|w| w.to_lowercase()).collect(), ..Policy::hmis() }
}

#[test]
fn rejects_blocklisted_password_ignoring_case_and_surrounding_spaces() {
    let p = with_blocklist(&["Welcome#2024", "spring!2025X"]);
    let table = [
        ("Welcome#2024", false),
        ("WELCOME#2024", false),
        ("welcome#2024", false),
        ("  Welcome#2024 ", false),
        ("Spring!2025x", false),
        ("Welcome#20245", true), // not an exact entry
        ("xWelcome#2024", true),
        (GOOD, true),
    ];
    for (password, expected) in table {
        assert_eq!(met(&p, inputs(password, "", ""), None, RuleId::NotBlocklisted), expected, "{password:?}");
    }
}

#[test]
fn empty_blocklist_adds_no_rule() {
    assert!(!Policy::hmis().rules().contains(&RuleId::NotBlocklisted));
    assert!(with_blocklist(&["x"]).rules().contains(&RuleId::NotBlocklisted));
}

// ---------------------------------------------------------------------------------------------
// Minimum strength
// ---------------------------------------------------------------------------------------------

#[test]
fn min_strength_is_unmet_while_strength_is_unknown() {
    let p = Policy { min_strength: Some(0), ..Policy::hmis() };
    assert!(!met(&p, inputs(GOOD, "", ""), None, RuleId::MinStrength));
}

#[test]
fn min_strength_is_met_when_score_reaches_the_minimum() {
    let p = Policy { min_strength: Some(3), ..Policy::hmis() };
    let table = [(0, false), (1, false), (2, false), (3, true), (4, true)];
    for (score, expected) in table {
        assert_eq!(met(&p, inputs(GOOD, "", ""), Some(score), RuleId::MinStrength), expected, "score {score}");
    }
}

#[test]
fn strength_score_is_ignored_without_a_min_strength_rule() {
    let p = Policy::hmis();
    assert_eq!(check(&p, inputs(GOOD, "", ""), Some(0)), check(&p, inputs(GOOD, "", ""), Some(4)));
    assert_eq!(check(&p, inputs(GOOD, "", ""), None), check(&p, inputs(GOOD, "", ""), Some(4)));
}

// ---------------------------------------------------------------------------------------------
// Long input and purity
// ---------------------------------------------------------------------------------------------

#[test]
fn rules_check_the_whole_of_a_10000_character_password() {
    // The only capital letter, number and symbol are the last three characters.
    let mut password = "x".repeat(9_997);
    password.push_str("#7Q");
    assert_eq!(password.chars().count(), 10_000);
    let p = Policy { max_length: MAX_LENGTH_CEILING, ..Policy::hmis() };
    let checks = check(&p, inputs(&password, "", ""), None);
    assert!(checks.iter().all(|c| c.met), "{checks:?}");
}

#[test]
fn finds_a_capital_at_position_9999_of_a_10000_character_password() {
    let mut password = "x".repeat(9_999);
    password.push('Q');
    assert_eq!(password.chars().position(|c| c == 'Q'), Some(9_999));
    assert!(hmis_met(&password, RuleId::Uppercase));
    assert!(!hmis_met(&"x".repeat(10_000), RuleId::Uppercase));
    // Over the HMIS maximum, so that rule (alone among the length rules) fails.
    assert!(!hmis_met(&password, RuleId::MaxLength));
    assert!(hmis_met(&password, RuleId::MinLength));
}

#[test]
fn finds_the_username_at_the_end_of_a_10000_character_password() {
    let mut password = "x".repeat(9_994);
    password.push_str("jsmith");
    assert!(!met(&Policy::hmis(), inputs(&password, "jsmith", ""), None, RuleId::NotUsername));
}

#[test]
fn checking_is_a_pure_function_of_its_inputs() {
    let cases = [
        (Policy::hmis(), inputs(GOOD, "jsmith", "Old#Password1"), None),
        (Policy::hmis(), inputs("jsmith", "jsmith", "jsmith"), Some(1)),
        (Policy::nist(), inputs("correct horse battery staple", "", ""), Some(4)),
        (Policy::nist(), inputs("", "", ""), None),
    ];
    for (p, i, s) in cases {
        let first = check(&p, i, s);
        for _ in 0..5 {
            assert_eq!(check(&p, i, s), first);
        }
        // Checking something else in between changes nothing.
        let _ = check(&p, inputs("other", "x", "y"), Some(0));
        assert_eq!(check(&p, i, s), first);
    }
}

// ---------------------------------------------------------------------------------------------
// Rule messages
// ---------------------------------------------------------------------------------------------

#[test]
fn rule_messages_fill_in_the_policys_parameters() {
    let catalog = Catalog::default();
    let p = Policy::hmis();
    let table = [
        (RuleId::MinLength, "At least 8 characters"),
        (RuleId::MaxLength, "No more than 128 characters"),
        (RuleId::Uppercase, "At least 1 capital letter"),
        (RuleId::Lowercase, "At least 1 lowercase letter"),
        (RuleId::Digit, "At least 1 number"),
        (RuleId::Symbol, "At least 1 character that is not a letter or a number"),
        (RuleId::NotUsername, "Does not contain your username"),
        (RuleId::NotCurrent, "Differs from your current password"),
        (RuleId::NotBlocklisted, "Is not a commonly used or blocked password"),
    ];
    for (id, text) in table {
        assert_eq!(rule_message(&p, id, &catalog), text, "{}", id.as_str());
    }
}

#[test]
fn min_strength_message_names_the_required_label() {
    let catalog = Catalog::default();
    assert_eq!(rule_message(&Policy::nist(), RuleId::MinStrength, &catalog), "Strength at least “Strong”");
    let p = Policy { min_strength: Some(4), ..Policy::nist() };
    assert_eq!(rule_message(&p, RuleId::MinStrength, &catalog), "Strength at least “Very strong”");
    let p = Policy { min_length: 15, max_length: 200, ..Policy::nist() };
    assert_eq!(policy::rule_message(&p, RuleId::MinLength, &catalog), "At least 15 characters");
    assert_eq!(policy::rule_message(&p, RuleId::MaxLength, &catalog), "No more than 200 characters");
}

#[test]
fn a_combining_accent_is_part_of_its_letter_not_a_symbol() {
    // The same visible "Café1", typed precomposed or with a combining acute accent.
    assert!(!Composition::of("Caf\u{e9}1").symbol);
    assert!(!Composition::of("Cafe\u{301}1").symbol);
    assert_eq!(Composition::of("Cafe\u{301}1").length, 6, "the mark still counts towards the length");
}

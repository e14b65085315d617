#![cfg(not(target_arch = "wasm32"))]
//! The verdict (`verdict`): validity, the strength report, focus and announcements, and the
//! JSON shape the `hmis-onboard:verdict` event carries.

use hmis_onboard::messages::{Catalog, Msg};
use hmis_onboard::policy::{Inputs, Policy, RuleId};
use hmis_onboard::strength::{self, Strength};
use hmis_onboard::verdict::{judge, RuleResult, StrengthReport, Verdict};
use serde_json::{json, Value};
use std::collections::BTreeMap;

const GOOD: &str = "Harbor#Lantern7";

fn pw(password: &str) -> Inputs<'_> {
    Inputs { password, username: "", current: "" }
}

fn hmis(password: &str, confirm: Option<&str>) -> Verdict {
    judge(&Policy::hmis(), &Catalog::default(), pw(password), confirm, None)
}

fn strength_of(score: u8) -> Strength {
    Strength { score, guesses_log10: f64::from(score) * 3.0, warning: None, suggestions: Vec::new(), truncated: false }
}

fn rule<'v>(v: &'v Verdict, id: RuleId) -> &'v RuleResult {
    v.rules.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("no {} rule", id.as_str()))
}

// ---------------------------------------------------------------------------------------------
// Validity and confirmation
// ---------------------------------------------------------------------------------------------

#[test]
fn valid_when_every_rule_is_met_and_confirmation_matches() {
    let v = hmis(GOOD, Some(GOOD));
    assert!(v.valid);
    assert_eq!(v.confirm_matches, Some(true));
    assert!(v.rules.iter().all(|r| r.met));
}

#[test]
fn valid_without_a_confirmation_field_when_every_rule_is_met() {
    let v = hmis(GOOD, None);
    assert!(v.valid);
    assert_eq!(v.confirm_matches, None);
}

#[test]
fn invalid_when_confirmation_differs() {
    let table = [GOOD.to_lowercase(), format!("{GOOD} "), "Harbor#Lantern".to_owned(), "x".to_owned()];
    for confirm in &table {
        let v = hmis(GOOD, Some(confirm));
        assert_eq!(v.confirm_matches, Some(false), "{confirm:?}");
        assert!(!v.valid, "{confirm:?}");
        // The rules themselves are still all met: only the confirmation blocks.
        assert!(v.rules.iter().all(|r| r.met));
    }
}

#[test]
fn empty_confirmation_never_matches() {
    let v = hmis(GOOD, Some(""));
    assert_eq!(v.confirm_matches, Some(false));
    assert!(!v.valid);
    // Not even an empty password.
    assert_eq!(hmis("", Some("")).confirm_matches, Some(false));
}

#[test]
fn invalid_when_any_rule_is_unmet_even_if_confirmation_matches() {
    for password in ["harbor#lantern7", "Harbor#Lantern", "HarborLantern7", "Ab#1", ""] {
        let v = hmis(password, Some(password));
        assert!(!v.valid, "{password:?}");
    }
}

#[test]
fn invalid_when_password_contains_username_or_equals_current() {
    let v = judge(&Policy::hmis(), &Catalog::default(), Inputs { password: "Jsmith#2024", username: "jsmith", current: "" }, None, None);
    assert!(!v.valid);
    assert_eq!(v.first_unmet(), Some(RuleId::NotUsername));
    let v = judge(&Policy::hmis(), &Catalog::default(), Inputs { password: GOOD, username: "", current: GOOD }, None, None);
    assert!(!v.valid);
    assert_eq!(v.first_unmet(), Some(RuleId::NotCurrent));
}

#[test]
fn min_strength_policy_is_invalid_until_the_estimate_is_ready_and_strong_enough() {
    let p = Policy::nist();
    let catalog = Catalog::default();
    let password = "quartz mango violet tundra";
    let pending = judge(&p, &catalog, pw(password), None, None);
    assert!(!pending.valid);
    assert!(!rule(&pending, RuleId::MinStrength).met);
    let weak = judge(&p, &catalog, pw(password), None, Some(&strength_of(2)));
    assert!(!weak.valid);
    let strong = judge(&p, &catalog, pw(password), None, Some(&strength_of(3)));
    assert!(strong.valid, "{strong:?}");
}

#[test]
fn verdict_lists_the_policys_rules_in_order_with_their_messages() {
    let v = hmis("abc", None);
    let ids: Vec<RuleId> = v.rules.iter().map(|r| r.id).collect();
    assert_eq!(ids, Policy::hmis().rules());
    let table = [
        (RuleId::MinLength, false, "At least 8 characters"),
        (RuleId::MaxLength, true, "No more than 128 characters"),
        (RuleId::Uppercase, false, "At least 1 capital letter"),
        (RuleId::Digit, false, "At least 1 number"),
        (RuleId::Symbol, false, "At least 1 character that is not a letter or a number"),
        (RuleId::NotUsername, true, "Does not contain your username"),
        (RuleId::NotCurrent, true, "Differs from your current password"),
    ];
    for (id, met, message) in table {
        let r = rule(&v, id);
        assert_eq!((r.met, r.message.as_str()), (met, message), "{}", id.as_str());
    }
}

#[test]
fn rule_messages_use_the_catalogs_overrides() {
    let catalog = Catalog::new(BTreeMap::from([
        (Msg::RuleDigit, "At least 1 digit (0–9)".to_owned()),
        (Msg::RuleMinLength, "Use {min} characters or more".to_owned()),
    ]));
    let v = judge(&Policy::hmis(), &catalog, pw(""), None, None);
    assert_eq!(rule(&v, RuleId::Digit).message, "At least 1 digit (0–9)");
    assert_eq!(rule(&v, RuleId::MinLength).message, "Use 8 characters or more");
}

// ---------------------------------------------------------------------------------------------
// Strength report
// ---------------------------------------------------------------------------------------------

#[test]
fn strength_is_none_until_the_estimate_is_given() {
    assert_eq!(hmis(GOOD, None).strength, None);
}

#[test]
fn strength_report_carries_catalog_text_for_label_warning_and_suggestions() {
    let s = Strength {
        score: 0,
        guesses_log10: 0.5,
        warning: Some(Msg::WarnTop10),
        suggestions: vec![Msg::SuggestAddWord, Msg::SuggestAvoidRepeats],
        truncated: false,
    };
    let v = judge(&Policy::hmis(), &Catalog::default(), pw("password"), None, Some(&s));
    assert_eq!(
        v.strength,
        Some(StrengthReport {
            score: 0,
            label: "Very weak".to_owned(),
            warning: Some("This is one of the 10 most common passwords.".to_owned()),
            suggestions: vec![
                "Add another word or two; uncommon words are better.".to_owned(),
                "Avoid repeated words and characters.".to_owned(),
            ],
            truncated: false,
        })
    );
}

#[test]
fn strength_report_labels_each_score() {
    let table = [(0, "Very weak"), (1, "Weak"), (2, "Fair"), (3, "Strong"), (4, "Very strong")];
    for (score, label) in table {
        let report = StrengthReport::new(&strength_of(score), &Catalog::default());
        assert_eq!((report.score, report.label.as_str()), (score, label));
        assert_eq!(report.warning, None);
        assert!(report.suggestions.is_empty());
    }
}

#[test]
fn strength_report_uses_overridden_texts_and_keeps_truncation() {
    let catalog = Catalog::new(BTreeMap::from([
        (Msg::StrengthScore3, "Good".to_owned()),
        (Msg::WarnDates, "No dates, please.".to_owned()),
        (Msg::SuggestAvoidPersonalDates, "Skip birthdays.".to_owned()),
    ]));
    let s = Strength {
        score: 3,
        guesses_log10: 9.0,
        warning: Some(Msg::WarnDates),
        suggestions: vec![Msg::SuggestAvoidPersonalDates],
        truncated: true,
    };
    let report = StrengthReport::new(&s, &catalog);
    assert_eq!(report.label, "Good");
    assert_eq!(report.warning.as_deref(), Some("No dates, please."));
    assert_eq!(report.suggestions, vec!["Skip birthdays."]);
    assert!(report.truncated);
}

#[test]
fn real_estimate_of_a_common_password_reports_its_warning_text() {
    let s = strength::estimate("password", &[]);
    let v = judge(&Policy::hmis(), &Catalog::default(), pw("password"), None, Some(&s));
    let report = v.strength.expect("strength was given");
    assert_eq!(report.score, 0);
    assert_eq!(report.label, "Very weak");
    assert_eq!(report.warning.as_deref(), Some("This is one of the 10 most common passwords."));
    assert_eq!(report.suggestions.len(), s.suggestions.len());
    assert!(report.suggestions.iter().all(|t| !t.is_empty()));
}

// ---------------------------------------------------------------------------------------------
// first_unmet
// ---------------------------------------------------------------------------------------------

#[test]
fn first_unmet_is_the_earliest_unmet_rule_in_display_order() {
    let table = [
        ("", Some(RuleId::MinLength)),
        ("abcdefgh", Some(RuleId::Uppercase)),
        ("Abcdefgh", Some(RuleId::Digit)),
        ("Abcdefg1", Some(RuleId::Symbol)),
        ("Abcdef1#", None),
    ];
    for (password, expected) in table {
        assert_eq!(hmis(password, None).first_unmet(), expected, "{password:?}");
    }
}

#[test]
fn first_unmet_ignores_the_confirmation() {
    let v = hmis(GOOD, Some("different"));
    assert!(!v.valid);
    assert_eq!(v.first_unmet(), None);
}

// ---------------------------------------------------------------------------------------------
// announcement
// ---------------------------------------------------------------------------------------------

#[test]
fn announcement_is_empty_for_the_first_verdict() {
    let catalog = Catalog::default();
    assert_eq!(hmis("a", None).announcement(None, &catalog), "");
    assert_eq!(hmis(GOOD, None).announcement(None, &catalog), "");
}

#[test]
fn announcement_is_empty_when_no_rule_flipped() {
    let catalog = Catalog::default();
    let before = hmis("abc", None);
    let after = hmis("abcd", None);
    assert_eq!(after.announcement(Some(&before), &catalog), "");
    assert_eq!(before.announcement(Some(&before), &catalog), "");
    // A change in strength or confirmation alone says nothing either.
    let with_strength = judge(&Policy::hmis(), &catalog, pw("abcd"), Some("x"), Some(&strength_of(1)));
    assert_eq!(with_strength.announcement(Some(&after), &catalog), "");
}

#[test]
fn announcement_names_a_rule_that_became_met() {
    let catalog = Catalog::default();
    let before = hmis("abc", None);
    let after = hmis("abcA", None);
    assert_eq!(after.announcement(Some(&before), &catalog), "Done: At least 1 capital letter");
}

#[test]
fn announcement_names_a_rule_that_became_unmet() {
    let catalog = Catalog::default();
    let before = hmis("abcA", None);
    let after = hmis("abc", None);
    assert_eq!(after.announcement(Some(&before), &catalog), "Still needed: At least 1 capital letter");
}

#[test]
fn announcement_names_every_flipped_rule_in_rule_order() {
    let catalog = Catalog::default();
    let before = hmis("abcA", None); // capital met, number and symbol unmet
    let after = hmis("abc1#", None); // capital lost, number and symbol gained
    assert_eq!(
        after.announcement(Some(&before), &catalog),
        "Still needed: At least 1 capital letter Done: At least 1 number \
         Done: At least 1 character that is not a letter or a number"
    );
}

#[test]
fn announcement_says_all_met_when_the_last_rule_is_met() {
    let catalog = Catalog::default();
    let before = hmis("Harbor#Lantern", None);
    let after = hmis(GOOD, None);
    assert_eq!(after.announcement(Some(&before), &catalog), "Your password meets every rule.");
    // Also when several rules are met at once.
    assert_eq!(after.announcement(Some(&hmis("", None)), &catalog), "Your password meets every rule.");
}

#[test]
fn announcement_uses_the_catalogs_overrides() {
    let catalog = Catalog::new(BTreeMap::from([
        (Msg::RuleNowMet, "OK: {rule}".to_owned()),
        (Msg::RuleUppercase, "A capital".to_owned()),
        (Msg::RulesAllMet, "All good.".to_owned()),
    ]));
    let v = |password: &str| judge(&Policy::hmis(), &catalog, pw(password), None, None);
    assert_eq!(v("abcA").announcement(Some(&v("abc")), &catalog), "OK: A capital");
    assert_eq!(v(GOOD).announcement(Some(&v("Harbor#Lantern")), &catalog), "All good.");
}

// ---------------------------------------------------------------------------------------------
// The event's JSON shape
// ---------------------------------------------------------------------------------------------

fn keys(v: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = v.as_object().expect("an object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

#[test]
fn serialises_to_the_documented_json_shape() {
    let s = Strength {
        score: 2,
        guesses_log10: 7.0,
        warning: Some(Msg::WarnWordByItself),
        suggestions: vec![Msg::SuggestAddWord],
        truncated: false,
    };
    let v = judge(&Policy::hmis(), &Catalog::default(), pw("abc"), Some("abc"), Some(&s));
    let value = serde_json::to_value(&v).unwrap();
    assert_eq!(keys(&value), ["confirmMatches", "rules", "strength", "valid"]);
    assert_eq!(value["valid"], json!(false));
    assert_eq!(value["confirmMatches"], json!(true));
    assert_eq!(
        value["rules"][0],
        json!({ "id": "minLength", "met": false, "message": "At least 8 characters" })
    );
    for r in value["rules"].as_array().unwrap() {
        assert_eq!(keys(r), ["id", "message", "met"]);
        assert!(r["id"].is_string() && r["met"].is_boolean() && r["message"].is_string());
    }
    assert_eq!(
        value["strength"],
        json!({
            "score": 2,
            "label": "Fair",
            "warning": "A word by itself is easy to guess.",
            "suggestions": ["Add another word or two; uncommon words are better."],
            "truncated": false,
        })
    );
}

#[test]
fn serialises_missing_strength_warning_and_confirmation_as_null() {
    let v = judge(&Policy::hmis(), &Catalog::default(), pw(GOOD), None, None);
    let value = serde_json::to_value(&v).unwrap();
    assert_eq!(value["strength"], Value::Null);
    assert_eq!(value["confirmMatches"], Value::Null);
    assert!(value.as_object().unwrap().contains_key("strength"));
    assert!(value.as_object().unwrap().contains_key("confirmMatches"));
    assert_eq!(value["valid"], json!(true));

    let v = judge(&Policy::hmis(), &Catalog::default(), pw(GOOD), None, Some(&strength_of(4)));
    let value = serde_json::to_value(&v).unwrap();
    assert_eq!(value["strength"]["warning"], Value::Null);
    assert_eq!(value["strength"]["suggestions"], json!([]));
    assert_eq!(keys(&value["strength"]), ["label", "score", "suggestions", "truncated", "warning"]);
}

#[test]
fn serialised_rule_ids_are_the_stable_strings() {
    let everything = Policy {
        lowercase: true,
        blocklist: vec!["welcome#2024".to_owned()],
        min_strength: Some(2),
        ..Policy::hmis()
    };
    let v = judge(&everything, &Catalog::default(), pw(GOOD), None, None);
    let value = serde_json::to_value(&v).unwrap();
    let ids: Vec<&str> = value["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "minLength",
            "maxLength",
            "uppercase",
            "lowercase",
            "digit",
            "symbol",
            "notUsername",
            "notCurrent",
            "notBlocklisted",
            "minStrength"
        ]
    );
    for id in [
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
    ] {
        assert_eq!(serde_json::to_value(id).unwrap(), json!(id.as_str()));
    }
}

#[test]
fn serialised_truncated_estimate_says_so() {
    let long: String = "Tq7#wL".chars().cycle().take(150).collect();
    let s = strength::estimate(&long, &[]);
    let v = judge(&Policy::hmis(), &Catalog::default(), pw(&long), None, Some(&s));
    let value = serde_json::to_value(&v).unwrap();
    assert_eq!(value["strength"]["truncated"], json!(true));
    // The rules still judged all 150 characters.
    assert_eq!(value["rules"][1], json!({ "id": "maxLength", "met": false, "message": "No more than 128 characters" }));
}

#[test]
fn judging_is_a_pure_function_of_its_inputs() {
    let catalog = Catalog::default();
    let s = strength_of(3);
    let a = judge(&Policy::nist(), &catalog, pw(GOOD), Some(GOOD), Some(&s));
    let b = judge(&Policy::nist(), &catalog, pw(GOOD), Some(GOOD), Some(&s));
    assert_eq!(a, b);
}

#![cfg(not(target_arch = "wasm32"))]
//! The message catalog (`messages`): stable keys, English text, placeholders and overrides.

use hmis_onboard::messages::{Catalog, Msg, LOCALES};
use std::collections::{BTreeMap, HashSet};

/// The `{name}` placeholders each template documents; every other message has none.
fn documented_placeholders(msg: Msg) -> &'static [&'static str] {
    msg.placeholders()
}

/// The names between `{` and `}` in `template`, in order.
fn placeholders(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                names.push(after[..close].to_owned());
                rest = &after[close + 1..];
            }
            None => break,
        }
    }
    names
}

fn overridden(msg: Msg, text: &str) -> Catalog {
    Catalog::new(BTreeMap::from([(msg, text.to_owned())]))
}

/// The string literal assigned to `const NAME = "...";` in a JavaScript source.
fn js_string_const(source: &str, name: &str) -> String {
    let marker = format!("const {name} = \"");
    let start = source.find(&marker).unwrap_or_else(|| panic!("no `{marker}` in the script")) + marker.len();
    let mut out = String::new();
    let mut chars = source[start..].chars();
    loop {
        match chars.next().expect("unterminated string literal") {
            '"' => return out,
            '\\' => match chars.next().expect("dangling escape") {
                'n' => out.push('\n'),
                other => out.push(other), // \" \\ \' : the character itself
            },
            c => out.push(c),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------

#[test]
fn every_key_round_trips_through_from_key() {
    for &msg in Msg::ALL {
        assert_eq!(Msg::from_key(msg.key()), Some(msg), "{}", msg.key());
    }
}

#[test]
fn message_keys_are_unique() {
    let keys: HashSet<&str> = Msg::ALL.iter().map(|m| m.key()).collect();
    assert_eq!(keys.len(), Msg::ALL.len());
    let variants: HashSet<Msg> = Msg::ALL.iter().copied().collect();
    assert_eq!(variants.len(), Msg::ALL.len());
}

#[test]
fn unknown_or_misspelt_keys_are_not_found() {
    for key in ["", "rule", "rule.minlength", "Rule.minLength", "rule.minLength ", " unavailable", "strength.score.5"] {
        assert_eq!(Msg::from_key(key), None, "{key:?}");
    }
}

#[test]
fn documented_keys_keep_their_strings() {
    // Part of the public configuration contract (README and hosts' `messages` overrides).
    let table = [
        (Msg::RuleMinLength, "rule.minLength"),
        (Msg::RuleMaxLength, "rule.maxLength"),
        (Msg::RuleDigit, "rule.digit"),
        (Msg::RuleMinStrength, "rule.minStrength"),
        (Msg::StrengthScore0, "strength.score.0"),
        (Msg::StrengthScore4, "strength.score.4"),
        (Msg::ConfirmMatches, "confirm.matches"),
        (Msg::CapsLockOn, "capsLock.on"),
        (Msg::ShowPassword, "toggle.show"),
        (Msg::Unavailable, "unavailable"),
    ];
    for (msg, key) in table {
        assert_eq!(msg.key(), key);
        assert!(Msg::ALL.contains(&msg));
    }
}

#[test]
fn rule_and_strength_keys_are_grouped_by_prefix() {
    for msg in Msg::ALL {
        let key = msg.key();
        assert!(!key.is_empty() && !key.contains(char::is_whitespace), "{key:?}");
    }
    let warnings = Msg::ALL.iter().filter(|m| m.key().starts_with("strength.warning.")).count();
    let suggestions = Msg::ALL.iter().filter(|m| m.key().starts_with("strength.suggestion.")).count();
    // One per zxcvbn warning (14) and suggestion (13).
    assert_eq!((warnings, suggestions), (14, 13));
}

#[test]
fn the_built_in_locales_are_english_and_each_json_catalog() {
    let mut files: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/messages"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().ok())
        .filter_map(|f| f.strip_suffix(".json").map(str::to_owned))
        .collect();
    files.sort();
    let mut expected: Vec<&str> = vec!["en"];
    expected.extend(files.iter().map(String::as_str));
    assert_eq!(LOCALES, expected.as_slice());
}

/// Every built-in catalog, read with serde_json (not the widget's own parser): every key and no
/// other, each text non-empty with exactly the placeholders of the English one, and no leftover
/// English (a text identical to the English one is a line the translator missed, save a few
/// that are the same in both languages).
#[test]
fn every_catalog_has_every_key_with_the_english_placeholders() {
    let english = Catalog::default();
    for tag in LOCALES.iter().filter(|t| **t != "en") {
        let path = format!("{}/src/messages/{tag}.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        let catalog: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&text).unwrap();
        let keys: Vec<&str> = catalog.keys().map(String::as_str).collect();
        let all: Vec<&str> = Msg::ALL.iter().map(|m| m.key()).collect();
        let missing: Vec<&&str> = all.iter().filter(|k| !keys.contains(k)).collect();
        let unknown: Vec<&&str> = keys.iter().filter(|k| !all.contains(k)).collect();
        assert!(missing.is_empty() && unknown.is_empty(), "{tag}: missing {missing:?}, unknown {unknown:?}");
        let mut same_as_english = Vec::new();
        for msg in Msg::ALL {
            let text = catalog[msg.key()].as_str().unwrap_or_else(|| panic!("{tag}.{}: not a string", msg.key()));
            assert!(!text.trim().is_empty(), "{tag}.{}: empty", msg.key());
            let mut ours = placeholders(text);
            let mut theirs = placeholders(english.template(*msg));
            ours.sort();
            theirs.sort();
            assert_eq!(ours, theirs, "{tag}.{}: placeholders", msg.key());
            if text == english.template(*msg) {
                same_as_english.push(msg.key());
            }
        }
        assert!(same_as_english.len() <= 3, "{tag}: left in English: {same_as_english:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// English text
// ---------------------------------------------------------------------------------------------

#[test]
fn every_key_has_non_empty_english_text() {
    let catalog = Catalog::default();
    for &msg in Msg::ALL {
        let text = catalog.template(msg);
        assert!(!text.trim().is_empty(), "{} has no text", msg.key());
        assert_eq!(text, text.trim(), "{} has surrounding whitespace", msg.key());
    }
}

#[test]
fn english_text_has_only_documented_placeholders() {
    let catalog = Catalog::default();
    for &msg in Msg::ALL {
        let template = catalog.template(msg);
        let found = placeholders(template);
        assert_eq!(found, documented_placeholders(msg), "{}: {template:?}", msg.key());
        // No stray braces either.
        let braces = template.matches(['{', '}']).count();
        assert_eq!(braces, 2 * found.len(), "{}: {template:?}", msg.key());
    }
}

#[test]
fn every_message_is_fully_filled_by_its_documented_arguments() {
    let catalog = Catalog::default();
    for &msg in Msg::ALL {
        let names = documented_placeholders(msg);
        let args: Vec<(&str, &dyn std::fmt::Display)> = names.iter().map(|n| (*n, &"VALUE" as &dyn std::fmt::Display)).collect();
        let text = catalog.text(msg, &args);
        assert!(!text.contains('{') && !text.contains('}'), "{}: {text:?}", msg.key());
        assert_eq!(text.matches("VALUE").count(), names.len(), "{}: {text:?}", msg.key());
    }
}

#[test]
fn score_labels_read_weakest_to_strongest() {
    let catalog = Catalog::default();
    let labels: Vec<String> = [Msg::StrengthScore0, Msg::StrengthScore1, Msg::StrengthScore2, Msg::StrengthScore3, Msg::StrengthScore4]
        .iter()
        .map(|m| catalog.text(*m, &[]))
        .collect();
    assert_eq!(labels, ["Very weak", "Weak", "Fair", "Strong", "Very strong"]);
}

// ---------------------------------------------------------------------------------------------
// Catalog::text
// ---------------------------------------------------------------------------------------------

#[test]
fn text_fills_placeholders() {
    let catalog = Catalog::default();
    assert_eq!(catalog.text(Msg::RuleMinLength, &[("min", &8)]), "At least 8 characters");
    assert_eq!(catalog.text(Msg::RuleMaxLength, &[("max", &128)]), "No more than 128 characters");
    assert_eq!(catalog.text(Msg::RuleMinStrength, &[("label", &"Strong")]), "Strength at least “Strong”");
    assert_eq!(catalog.text(Msg::RuleNowMet, &[("rule", &"At least 1 number")]), "Done: At least 1 number");
    assert_eq!(catalog.text(Msg::RuleNowUnmet, &[("rule", &"At least 1 number")]), "Still needed: At least 1 number");
    assert_eq!(
        catalog.text(Msg::StrengthTruncated, &[("count", &100)]),
        "Strength is judged on the first 100 characters."
    );
}

#[test]
fn text_ignores_arguments_the_template_does_not_use() {
    let catalog = Catalog::default();
    assert_eq!(catalog.text(Msg::RuleMinLength, &[("max", &1), ("min", &9), ("x", &"y")]), "At least 9 characters");
    assert_eq!(catalog.text(Msg::RuleDigit, &[("min", &9)]), "At least 1 number");
}

#[test]
fn text_without_arguments_is_the_template() {
    let catalog = Catalog::default();
    assert_eq!(catalog.text(Msg::RuleMinLength, &[]), "At least {min} characters");
    assert_eq!(catalog.text(Msg::RuleDigit, &[]), catalog.template(Msg::RuleDigit));
}

#[test]
fn text_leaves_unknown_placeholders_visible() {
    let catalog = overridden(Msg::RuleMinLength, "Use {minn} characters or more");
    assert_eq!(catalog.text(Msg::RuleMinLength, &[("min", &10)]), "Use {minn} characters or more");
    let catalog = overridden(Msg::RuleMinLength, "{min} to {max} characters");
    assert_eq!(catalog.text(Msg::RuleMinLength, &[("min", &10)]), "10 to {max} characters");
}

#[test]
fn text_fills_repeated_and_adjacent_placeholders() {
    let catalog = overridden(Msg::RuleMinLength, "{min}{min} and {min}");
    assert_eq!(catalog.text(Msg::RuleMinLength, &[("min", &7)]), "77 and 7");
}

#[test]
fn text_keeps_unbalanced_braces() {
    let table = [
        ("At least {min characters", "At least {min characters"),
        ("At least } {min} characters", "At least } 8 characters"),
        ("{{min}}", "{8}"),
        ("{}", "{}"),
        ("{", "{"),
    ];
    for (template, expected) in table {
        let catalog = overridden(Msg::RuleMinLength, template);
        assert_eq!(catalog.text(Msg::RuleMinLength, &[("min", &8)]), expected, "{template:?}");
    }
}

#[test]
fn text_does_not_expand_placeholders_inside_values() {
    let catalog = Catalog::default();
    assert_eq!(catalog.text(Msg::RuleNowMet, &[("rule", &"{rule}")]), "Done: {rule}");
    assert_eq!(catalog.text(Msg::RuleNowMet, &[("rule", &"{min}"), ("min", &8)]), "Done: {min}");
}

#[test]
fn text_handles_non_ascii_templates_and_values() {
    let catalog = overridden(Msg::RuleMinLength, "Mindestens {min} Zeichen – “{min}”");
    assert_eq!(catalog.text(Msg::RuleMinLength, &[("min", &"acht")]), "Mindestens acht Zeichen – “acht”");
}

#[test]
fn overrides_replace_only_their_own_key() {
    let catalog = overridden(Msg::RuleDigit, "At least 1 digit (0–9)");
    assert_eq!(catalog.template(Msg::RuleDigit), "At least 1 digit (0–9)");
    assert_eq!(catalog.text(Msg::RuleDigit, &[]), "At least 1 digit (0–9)");
    let default = Catalog::default();
    for &msg in Msg::ALL {
        if msg != Msg::RuleDigit {
            assert_eq!(catalog.template(msg), default.template(msg), "{}", msg.key());
        }
    }
}

#[test]
fn override_templates_get_their_placeholders_filled() {
    let catalog = overridden(Msg::RuleMinLength, "Use {min} characters or more");
    assert_eq!(catalog.text(Msg::RuleMinLength, &[("min", &12)]), "Use 12 characters or more");
}

#[test]
fn empty_override_is_used_as_given() {
    let catalog = overridden(Msg::ShowPassword, "");
    assert_eq!(catalog.text(Msg::ShowPassword, &[]), "");
}

#[test]
fn catalogs_with_the_same_overrides_are_equal() {
    assert_eq!(Catalog::new(BTreeMap::new()), Catalog::default());
    assert_eq!(overridden(Msg::RuleDigit, "x"), overridden(Msg::RuleDigit, "x"));
    assert_ne!(overridden(Msg::RuleDigit, "x"), Catalog::default());
}

// ---------------------------------------------------------------------------------------------
// The script's fallback notice
// ---------------------------------------------------------------------------------------------

const SCRIPT: &str = include_str!("../js/hmis-onboard.js");

#[test]
fn script_fallback_text_equals_the_catalogs_unavailable_text() {
    assert_eq!(js_string_const(SCRIPT, "UNAVAILABLE"), Catalog::default().template(Msg::Unavailable));
    assert_eq!(js_string_const(SCRIPT, "NOT_STARTED"), Catalog::default().template(Msg::JourneyNotStarted));
    assert!(SCRIPT.contains(r#"options, "journey.notStarted", NOT_STARTED)"#), "the script reads the override under the catalog's key");
}

#[test]
fn script_reads_the_fallback_override_under_the_catalogs_key() {
    // Hosts override the notice with `messages.unavailable` (or their catalog's), the same key
    // `config` accepts; notice() asks text() for it, which reads `messages[key]`, then the chosen
    // catalog's.
    assert!(SCRIPT.contains(&format!(r#"options, "{}", UNAVAILABLE)"#, Msg::Unavailable.key())), "the script no longer reads messages.unavailable");
    assert!(SCRIPT.contains("text(options, key) ?? english"), "notice() no longer reads the catalog");
    assert!(SCRIPT.contains("options?.messages?.[key] ?? options?.locales?.[options.locale]?.[key]"), "text() reads the override, then the catalog");
    assert_eq!(Msg::from_key("unavailable"), Some(Msg::Unavailable));
}

const TABLE_START: &str = "<!-- message keys: generated by `UPDATE_README=1 cargo test --test messages`, checked by that test -->";
const TABLE_END: &str = "<!-- end of message keys -->";

/// Every key with its English text and its placeholders, as the README lists them.
fn message_table() -> String {
    let catalog = Catalog::default();
    let mut out = format!("{TABLE_START}\n\n| key | English | placeholders |\n|---|---|---|\n");
    for msg in Msg::ALL {
        let placeholders: Vec<String> = msg.placeholders().iter().map(|p| format!("`{{{p}}}`")).collect();
        let text = catalog.template(*msg).replace('|', "\\|").replace('\n', " ");
        out.push_str(&format!("| `{}` | {} | {} |\n", msg.key(), text, placeholders.join(", ")));
    }
    out.push('\n');
    out.push_str(TABLE_END);
    out
}

#[test]
fn the_readme_lists_every_message_key_with_its_text_and_placeholders() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let (start, end) = (readme.find(TABLE_START).expect("the README's message table"), readme.find(TABLE_END).expect("its end"));
    let current = &readme[start..end + TABLE_END.len()];
    let wanted = message_table();
    if std::env::var_os("UPDATE_README").is_some() {
        std::fs::write(path, readme.replace(current, &wanted)).unwrap();
    } else {
        assert!(current == wanted, "README's message table is out of date: run UPDATE_README=1 cargo test --test messages");
    }
}

#[test]
fn an_override_with_a_placeholder_the_widget_does_not_fill_is_a_configuration_error() {
    let err = |text: &str| hmis_onboard::config::parse(&serde_json::from_str(text).unwrap()).unwrap_err().to_string();
    assert_eq!(
        err(r#"{"messages": {"rule.minLength": "Use {minimum} characters or more"}}"#),
        "config.messages.rule.minLength: expected text whose placeholders are among {min}, got {minimum}"
    );
    assert_eq!(
        err(r#"{"messages": {"confirm.matches": "Matches {user}"}}"#),
        "config.messages.confirm.matches: expected text without placeholders, got {user}"
    );
    assert!(hmis_onboard::config::parse(&serde_json::from_str(r#"{"messages": {"rule.minLength": "{min}+ characters"}}"#).unwrap()).is_ok());
}

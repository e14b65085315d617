#![cfg(not(target_arch = "wasm32"))]
//! The embedding configuration (`config`): parsing JSON-like values, defaults, validation and
//! error messages, `data-hmis-*` attributes, and layering sources with `merge`.

use hmis_onboard::config::{from_attributes, merge, parse, Config, ConfigError, Fields, Map, ResolvedUrl, Value};
use hmis_onboard::messages::{Catalog, Msg};
use hmis_onboard::policy::Policy;

fn json(text: &str) -> Value {
    serde_json::from_str::<Value>(text).unwrap_or_else(|e| panic!("bad test JSON {text}: {e}"))
}

fn parse_json(text: &str) -> Config {
    parse(&json(text)).unwrap_or_else(|e| panic!("{text} should parse, got error: {e}"))
}

/// The Display form of the error `text` produces.
fn error_of(text: &str) -> String {
    match parse(&json(text)) {
        Ok(config) => panic!("{text} should be rejected, parsed as {config:?}"),
        Err(e) => e.to_string(),
    }
}

fn attrs(list: &[(&'static str, &'static str)]) -> Value {
    from_attributes(list.iter().copied()).unwrap_or_else(|e| panic!("{list:?} should convert, got error: {e}"))
}

fn obj(entries: &[(&str, Value)]) -> Value {
    Value::Object(entries.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
}

fn s(text: &str) -> Value {
    Value::String(text.to_owned())
}

// ---------------------------------------------------------------------------------------------
// Defaults and presets
// ---------------------------------------------------------------------------------------------

#[test]
fn default_config_is_the_hmis_preset_in_english_with_strength_shown() {
    let c = Config::default();
    assert_eq!(c.policy, Policy::hmis());
    assert_eq!(c.catalog, Catalog::default());
    assert_eq!(c.locale, "en");
    assert_eq!(c.fields, Fields::default());
    assert!(c.show_strength);
}

#[test]
fn null_config_means_all_defaults() {
    assert_eq!(parse(&Value::Null), Ok(Config::default()));
    assert_eq!(parse_json("null"), Config::default());
}

#[test]
fn empty_object_means_all_defaults() {
    assert_eq!(parse_json("{}"), Config::default());
    assert_eq!(parse(&Value::Object(Map::new())), Ok(Config::default()));
}

#[test]
fn empty_sections_change_nothing() {
    assert_eq!(parse_json(r#"{"policy": {}, "fields": {}, "messages": {}}"#), Config::default());
}

#[test]
fn presets_select_their_policies() {
    assert_eq!(parse_json(r#"{"preset": "hmis"}"#).policy, Policy::hmis());
    assert_eq!(parse_json(r#"{"preset": "nist"}"#).policy, Policy::nist());
}

#[test]
fn policy_keys_refine_the_preset_regardless_of_key_order() {
    for text in [
        r#"{"preset": "nist", "policy": {"minLength": 20}}"#,
        r#"{"policy": {"minLength": 20}, "preset": "nist"}"#,
    ] {
        let p = parse_json(text).policy;
        assert_eq!(p, Policy { min_length: 20, ..Policy::nist() }, "{text}");
    }
}

#[test]
fn rejects_unknown_preset() {
    assert_eq!(error_of(r#"{"preset": "NIST"}"#), r#"config.preset: expected "hmis" or "nist", got "NIST""#);
    assert_eq!(error_of(r#"{"preset": 1}"#), r#"config.preset: expected "hmis" or "nist", got 1"#);
}

#[test]
fn rejects_a_configuration_that_is_not_an_object() {
    let table = [
        ("[]", "config.(root): expected an object, got an array"),
        ("true", "config.(root): expected an object, got true"),
        ("8", "config.(root): expected an object, got 8"),
        (r#""hmis""#, r#"config.(root): expected an object, got "hmis""#),
    ];
    for (text, message) in table {
        assert_eq!(error_of(text), message, "{text}");
    }
}

// ---------------------------------------------------------------------------------------------
// Every policy key
// ---------------------------------------------------------------------------------------------

#[test]
fn reads_every_policy_key() {
    let c = parse_json(
        r#"{"policy": {
            "minLength": 12, "maxLength": 256,
            "uppercase": false, "lowercase": true, "digit": false, "symbol": false,
            "notUsername": false, "notCurrent": false,
            "minStrength": 2,
            "blocklist": ["Welcome#2024"],
            "contextWords": ["Hope Street Shelter"]
        }}"#,
    );
    assert_eq!(
        c.policy,
        Policy {
            min_length: 12,
            max_length: 256,
            uppercase: false,
            lowercase: true,
            digit: false,
            symbol: false,
            not_username: false,
            not_current: false,
            blocklist: vec!["welcome#2024".to_owned()],
            min_strength: Some(2),
            context_words: vec!["Hope Street Shelter".to_owned()],
        }
    );
}

#[test]
fn each_policy_flag_sets_only_its_own_field() {
    let table: [(&str, fn(&Policy) -> bool); 6] = [
        ("uppercase", |p| p.uppercase),
        ("lowercase", |p| p.lowercase),
        ("digit", |p| p.digit),
        ("symbol", |p| p.symbol),
        ("notUsername", |p| p.not_username),
        ("notCurrent", |p| p.not_current),
    ];
    for (key, get) in table {
        for on in [true, false] {
            let p = parse_json(&format!(r#"{{"policy": {{"{key}": {on}}}}}"#)).policy;
            assert_eq!(get(&p), on, "{key} = {on}");
            // Every other field keeps its HMIS default.
            for (other, get_other) in table {
                if other != key {
                    assert_eq!(get_other(&p), get_other(&Policy::hmis()), "{key} = {on} changed {other}");
                }
            }
        }
    }
}

#[test]
fn length_limits_accept_their_whole_range() {
    let table = [
        (r#"{"minLength": 1}"#, 1, 128),
        (r#"{"minLength": 128}"#, 128, 128),
        (r#"{"maxLength": 64}"#, 8, 64),
        (r#"{"maxLength": 100000}"#, 8, 100_000),
        (r#"{"maxLength": 64, "minLength": 64}"#, 64, 64),
        (r#"{"maxLength": 100000, "minLength": 500}"#, 500, 100_000),
        (r#"{"minLength": 8.0}"#, 8, 128),
    ];
    for (policy, min, max) in table {
        let p = parse_json(&format!(r#"{{"policy": {policy}}}"#)).policy;
        assert_eq!((p.min_length, p.max_length), (min, max), "{policy}");
    }
}

#[test]
fn min_strength_accepts_zero_to_four_and_null() {
    for score in 0..=4u8 {
        assert_eq!(parse_json(&format!(r#"{{"policy": {{"minStrength": {score}}}}}"#)).policy.min_strength, Some(score));
    }
    // null turns the nist preset's minimum strength off.
    assert_eq!(parse_json(r#"{"preset": "nist", "policy": {"minStrength": null}}"#).policy.min_strength, None);
}

#[test]
fn blocklist_entries_are_trimmed_and_lowercased() {
    let p = parse_json(r#"{"policy": {"blocklist": ["  Welcome#2024 ", "SPRING!2025", "ünïcode"]}}"#).policy;
    assert_eq!(p.blocklist, vec!["welcome#2024", "spring!2025", "ünïcode"]);
}

#[test]
fn context_words_are_kept_as_given() {
    let p = parse_json(r#"{"policy": {"contextWords": ["Hope Street", "HMIS"]}}"#).policy;
    assert_eq!(p.context_words, vec!["Hope Street", "HMIS"]);
    let p = parse_json(r#"{"policy": {"contextWords": []}}"#).policy;
    assert!(p.context_words.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Policy errors name the key and what was expected
// ---------------------------------------------------------------------------------------------

#[test]
fn rejects_non_numeric_min_length_naming_the_key() {
    assert_eq!(
        error_of(r#"{"policy": {"minLength": "eight"}}"#),
        r#"config.policy.minLength: expected a whole number from 1 to 128, got "eight""#
    );
}

#[test]
fn rejects_out_of_range_or_fractional_min_length() {
    let table = [
        ("0", "0"),
        ("-1", "-1"),
        ("8.5", "8.5"),
        ("129", "129"),
        ("true", "true"),
        ("null", "null"),
        ("[8]", "an array"),
        (r#"{"n": 8}"#, "an object"),
    ];
    for (value, got) in table {
        assert_eq!(
            error_of(&format!(r#"{{"policy": {{"minLength": {value}}}}}"#)),
            format!("config.policy.minLength: expected a whole number from 1 to 128, got {got}"),
            "{value}"
        );
    }
}

#[test]
fn rejects_max_length_below_64() {
    assert_eq!(
        error_of(r#"{"policy": {"maxLength": 63}}"#),
        "config.policy.maxLength: expected a whole number from 64 to 100000, got 63"
    );
    assert_eq!(
        error_of(r#"{"policy": {"maxLength": 16, "minLength": 8}}"#),
        "config.policy.maxLength: expected a whole number from 64 to 100000, got 16"
    );
}

#[test]
fn rejects_max_length_above_the_ceiling() {
    assert_eq!(
        error_of(r#"{"policy": {"maxLength": 100001}}"#),
        "config.policy.maxLength: expected a whole number from 64 to 100000, got 100001"
    );
}

#[test]
fn rejects_min_length_above_max_length() {
    assert_eq!(
        error_of(r#"{"policy": {"maxLength": 64, "minLength": 65}}"#),
        "config.policy.minLength: expected a whole number from 1 to 64, got 65"
    );
    // Against the preset's maximum when maxLength is not given.
    assert_eq!(
        error_of(r#"{"preset": "nist", "policy": {"minLength": 200}}"#),
        "config.policy.minLength: expected a whole number from 1 to 128, got 200"
    );
}

#[test]
fn rejects_min_strength_outside_zero_to_four() {
    let table = [("5", "5"), ("-1", "-1"), ("2.5", "2.5"), (r#""strong""#, r#""strong""#)];
    for (value, got) in table {
        assert_eq!(
            error_of(&format!(r#"{{"policy": {{"minStrength": {value}}}}}"#)),
            format!("config.policy.minStrength: expected a whole number from 0 to 4, got {got}"),
            "{value}"
        );
    }
}

#[test]
fn rejects_non_boolean_policy_flags() {
    for key in ["uppercase", "lowercase", "digit", "symbol", "notUsername", "notCurrent"] {
        assert_eq!(
            error_of(&format!(r#"{{"policy": {{"{key}": "yes"}}}}"#)),
            format!(r#"config.policy.{key}: expected true or false, got "yes""#)
        );
        assert_eq!(
            error_of(&format!(r#"{{"policy": {{"{key}": 1}}}}"#)),
            format!("config.policy.{key}: expected true or false, got 1")
        );
    }
}

#[test]
fn rejects_blocklist_that_is_not_an_array_of_strings() {
    assert_eq!(
        error_of(r#"{"policy": {"blocklist": "password"}}"#),
        r#"config.policy.blocklist: expected an array of strings, got "password""#
    );
    assert_eq!(
        error_of(r#"{"policy": {"blocklist": ["password", 123456]}}"#),
        "config.policy.blocklist[1]: expected a string, got 123456"
    );
}

#[test]
fn rejects_context_words_that_are_not_an_array_of_strings() {
    assert_eq!(
        error_of(r#"{"policy": {"contextWords": "hmis, clienttrack"}}"#),
        r#"config.policy.contextWords: expected an array of strings, got "hmis, clienttrack""#
    );
    assert_eq!(
        error_of(r#"{"policy": {"contextWords": [null]}}"#),
        "config.policy.contextWords[0]: expected a string, got null"
    );
}

#[test]
fn rejects_policy_that_is_not_an_object() {
    assert_eq!(error_of(r#"{"policy": true}"#), "config.policy: expected an object, got true");
    assert_eq!(error_of(r#"{"policy": ["minLength"]}"#), "config.policy: expected an object, got an array");
}

#[test]
fn rejects_unknown_top_level_key() {
    assert_eq!(
        error_of(r#"{"colour": "blue"}"#),
        "config.colour: expected one of the keys preset, policy, fields, strength, submitGuard, locale, locales, messages, backend, journey, \
terms, twoStep, recovery, firstLogin, securitySettings, continueUrl, signInUrl, got an unknown key"
    );
}

#[test]
fn rejects_unknown_policy_key() {
    assert_eq!(
        error_of(r#"{"policy": {"minLenght": 8}}"#),
        "config.policy.minLenght: expected one of the keys minLength, maxLength, minStrength, blocklist, \
         contextWords, uppercase, lowercase, digit, symbol, notUsername, notCurrent, got an unknown key"
    );
}

#[test]
fn config_error_carries_path_expectation_and_value_separately() {
    let e = parse(&json(r#"{"policy": {"minLength": "eight"}}"#)).unwrap_err();
    assert_eq!(
        e,
        ConfigError {
            path: "policy.minLength".to_owned(),
            expected: "a whole number from 1 to 128".to_owned(),
            got: r#""eight""#.to_owned(),
        }
    );
    // It is a std error, so hosts can box it.
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert!(boxed.to_string().starts_with("config.policy.minLength: "));
}

// ---------------------------------------------------------------------------------------------
// Fields, strength, locale, messages
// ---------------------------------------------------------------------------------------------

#[test]
fn reads_field_selectors() {
    let c = parse_json(r##"{"fields": {"newPassword": "#pw", "confirm": "#pw2", "current": null, "username": "[name=user]"}}"##);
    assert_eq!(
        c.fields,
        Fields {
            new_password: Some("#pw".to_owned()),
            confirm: Some("#pw2".to_owned()),
            current: None,
            username: Some("[name=user]".to_owned()),
        }
    );
}

#[test]
fn rejects_blank_or_non_string_field_selectors() {
    assert_eq!(error_of(r#"{"fields": {"confirm": "  "}}"#), r#"config.fields.confirm: expected a CSS selector, got "  ""#);
    assert_eq!(error_of(r#"{"fields": {"newPassword": 3}}"#), "config.fields.newPassword: expected a CSS selector, got 3");
    assert_eq!(
        error_of(r##"{"fields": {"password": "#pw"}}"##),
        "config.fields.password: expected one of the keys newPassword, confirm, current, username, got an unknown key"
    );
    assert_eq!(error_of(r##"{"fields": "#pw"}"##), r##"config.fields: expected an object, got "#pw""##);
}

#[test]
fn strength_switch_turns_the_meter_off_and_on() {
    assert!(!parse_json(r#"{"strength": false}"#).show_strength);
    assert!(parse_json(r#"{"strength": true}"#).show_strength);
    assert_eq!(error_of(r#"{"strength": "off"}"#), r#"config.strength: expected true or false, got "off""#);
}

#[test]
fn accepts_a_language_tag_as_locale() {
    assert_eq!(parse_json(r#"{"locale": "en"}"#).locale, "en");
    assert_eq!(parse_json(r#"{"locale": "es-MX"}"#).locale, "es-MX");
}

#[test]
fn rejects_a_locale_that_is_no_language_tag() {
    assert_eq!(error_of(r#"{"locale": "e s"}"#), r#"config.locale: expected a language tag such as "es" or "es-MX", got "e s""#);
    assert_eq!(error_of(r#"{"locale": null}"#), r#"config.locale: expected a language tag such as "es" or "es-MX", got null"#);
}

#[test]
fn the_chosen_locales_catalog_gives_the_texts_and_messages_override_it() {
    let c = parse_json(
        r#"{"locale": "fr", "locales": {"fr": {"rule.digit": "Au moins 1 chiffre", "rule.minLength": "Au moins {min} caractères"},
                                        "de": {"rule.digit": "Mindestens 1 Ziffer"}},
            "messages": {"rule.minLength": "{min} caractères ou plus"}}"#,
    );
    assert_eq!(c.catalog.template(Msg::RuleDigit), "Au moins 1 chiffre");
    assert_eq!(c.catalog.template(Msg::RuleMinLength), "{min} caractères ou plus");
    // What the French catalog leaves out is English, and listed for the console.
    assert_eq!(c.catalog.template(Msg::RuleUppercase), "At least 1 capital letter");
    assert!(!c.catalog.has(Msg::RuleUppercase) && c.catalog.has(Msg::RuleDigit));
    assert_eq!(Msg::ALL.iter().filter(|m| !c.catalog.has(**m)).count(), Msg::ALL.len() - 2);
    // A catalog for another language is checked, not used.
    assert_eq!(parse_json(r#"{"locales": {"de": {"rule.digit": "Mindestens 1 Ziffer"}}}"#).catalog.template(Msg::RuleDigit), "At least 1 number");
}

#[test]
fn every_catalog_in_locales_is_checked_naming_the_key() {
    assert_eq!(
        error_of(r#"{"locale": "en", "locales": {"fr": {"rule.digitt": "Au moins 1 chiffre"}}}"#),
        "config.locales.fr.rule.digitt: expected a known message key (see the README's message list), got an unknown key"
    );
    assert_eq!(
        error_of(r#"{"locales": {"fr": {"rule.minLength": "Au moins {minimum} caractères"}}}"#),
        "config.locales.fr.rule.minLength: expected text whose placeholders are among {min}, got {minimum}"
    );
    assert_eq!(error_of(r#"{"locales": {"fr": ["Au moins"]}}"#), "config.locales.fr: expected an object, got an array");
    assert!(error_of(r#"{"locales": {"f r": {}}}"#).starts_with("config.locales.f r: expected a language tag"));
}

#[test]
fn messages_override_the_catalog_text() {
    let c = parse_json(r#"{"messages": {"rule.digit": "At least 1 digit (0–9)", "rule.minLength": "Use {min} characters or more"}}"#);
    assert_eq!(c.catalog.text(Msg::RuleDigit, &[]), "At least 1 digit (0–9)");
    assert_eq!(c.catalog.text(Msg::RuleMinLength, &[("min", &10)]), "Use 10 characters or more");
    // Keys that were not overridden keep the built-in text.
    assert_eq!(c.catalog.text(Msg::RuleUppercase, &[]), "At least 1 capital letter");
}

#[test]
fn every_message_key_can_be_overridden() {
    for msg in Msg::ALL {
        let c = parse_json(&format!(r#"{{"messages": {{"{}": "override"}}}}"#, msg.key()));
        assert_eq!(c.catalog.template(*msg), "override", "{}", msg.key());
    }
}

#[test]
fn rejects_unknown_message_key() {
    assert_eq!(
        error_of(r#"{"messages": {"rule.minLenght": "x"}}"#),
        "config.messages.rule.minLenght: expected a known message key (see the README's message list), got an unknown key"
    );
}

#[test]
fn rejects_message_override_that_is_not_a_string() {
    assert_eq!(error_of(r#"{"messages": {"rule.digit": 5}}"#), "config.messages.rule.digit: expected a string, got 5");
    assert_eq!(error_of(r#"{"messages": ["rule.digit"]}"#), "config.messages: expected an object, got an array");
}

// ---------------------------------------------------------------------------------------------
// data-hmis-* attributes
// ---------------------------------------------------------------------------------------------

#[test]
fn no_attributes_make_an_empty_configuration() {
    assert_eq!(attrs(&[]), obj(&[]));
    assert_eq!(parse(&attrs(&[])), Ok(Config::default()));
}

#[test]
fn ignores_attributes_without_the_data_hmis_prefix() {
    assert_eq!(attrs(&[("class", "form"), ("id", "change"), ("data-other", "x"), ("hmis-preset", "nist")]), obj(&[]));
}

#[test]
fn ignores_attributes_handled_by_the_browser_shell() {
    assert_eq!(attrs(&[("data-hmis-onboard", ""), ("data-hmis-config", "hmis-config"), ("data-hmis-styles", "none")]), obj(&[]));
}

#[test]
fn maps_numeric_attributes_to_policy_numbers() {
    let v = attrs(&[("data-hmis-min-length", "10"), ("data-hmis-max-length", " 256 "), ("data-hmis-min-strength", "2")]);
    assert_eq!(
        v,
        obj(&[(
            "policy",
            obj(&[("minLength", Value::Number(10.0)), ("maxLength", Value::Number(256.0)), ("minStrength", Value::Number(2.0))])
        )])
    );
    let p = parse(&v).unwrap().policy;
    assert_eq!((p.min_length, p.max_length, p.min_strength), (10, 256, Some(2)));
}

#[test]
fn non_numeric_number_attribute_stays_a_string_so_parse_names_the_key() {
    let v = attrs(&[("data-hmis-min-length", "eight")]);
    assert_eq!(v, obj(&[("policy", obj(&[("minLength", s("eight"))]))]));
    assert_eq!(
        parse(&v).unwrap_err().to_string(),
        r#"config.policy.minLength: expected a whole number from 1 to 128, got "eight""#
    );
    let v = attrs(&[("data-hmis-max-length", "lots")]);
    assert_eq!(
        parse(&v).unwrap_err().to_string(),
        r#"config.policy.maxLength: expected a whole number from 64 to 100000, got "lots""#
    );
    let v = attrs(&[("data-hmis-min-strength", "strong")]);
    assert_eq!(
        parse(&v).unwrap_err().to_string(),
        r#"config.policy.minStrength: expected a whole number from 0 to 4, got "strong""#
    );
}

#[test]
fn maps_require_to_all_four_character_classes() {
    let table = [
        ("uppercase digit symbol", [true, false, true, true]),
        ("lowercase", [false, true, false, false]),
        ("uppercase,lowercase, digit ,symbol", [true, true, true, true]),
        ("", [false, false, false, false]),
    ];
    for (raw, [upper, lower, digit, symbol]) in table {
        let list = [("data-hmis-require", raw)];
        let v = from_attributes(list.iter().copied()).unwrap();
        assert_eq!(
            v,
            obj(&[(
                "policy",
                obj(&[
                    ("uppercase", Value::Bool(upper)),
                    ("lowercase", Value::Bool(lower)),
                    ("digit", Value::Bool(digit)),
                    ("symbol", Value::Bool(symbol)),
                ])
            )]),
            "{raw:?}"
        );
        let p = parse(&v).unwrap().policy;
        assert_eq!([p.uppercase, p.lowercase, p.digit, p.symbol], [upper, lower, digit, symbol], "{raw:?}");
    }
}

#[test]
fn rejects_unknown_character_class_in_require() {
    let e = from_attributes([("data-hmis-require", "uppercase capital")]).unwrap_err();
    assert_eq!(e.to_string(), r#"data-hmis-require: expected a list of uppercase, lowercase, digit, symbol, got "capital""#);
}

#[test]
fn maps_context_words_splitting_on_commas() {
    let v = attrs(&[("data-hmis-context-words", "hmis, Hope Street Shelter ,, clienttrack,")]);
    assert_eq!(
        v,
        obj(&[("policy", obj(&[("contextWords", Value::Array(vec![s("hmis"), s("Hope Street Shelter"), s("clienttrack")]))]))])
    );
    assert_eq!(parse(&v).unwrap().policy.context_words, vec!["hmis", "Hope Street Shelter", "clienttrack"]);
}

#[test]
fn maps_preset_and_locale_trimmed() {
    let v = attrs(&[("data-hmis-preset", " nist "), ("data-hmis-locale", "en ")]);
    assert_eq!(v, obj(&[("locale", s("en")), ("preset", s("nist"))]));
    let c = parse(&v).unwrap();
    assert_eq!(c.policy, Policy::nist());
    assert_eq!(c.locale, "en");
}

#[test]
fn unknown_preset_or_malformed_locale_attribute_is_reported_by_parse() {
    let v = attrs(&[("data-hmis-preset", "owasp")]);
    assert_eq!(parse(&v).unwrap_err().to_string(), r#"config.preset: expected "hmis" or "nist", got "owasp""#);
    let v = attrs(&[("data-hmis-locale", "de_DE")]);
    assert_eq!(parse(&v).unwrap_err().to_string(), r#"config.locale: expected a language tag such as "es" or "es-MX", got "de_DE""#);
    // A language without a catalog is English (the entry script says so in the console).
    assert_eq!(parse(&attrs(&[("data-hmis-locale", "de")])).unwrap().catalog.template(Msg::RuleDigit), "At least 1 number");
}

#[test]
fn maps_strength_on_and_off() {
    let table = [("on", true), ("true", true), ("", true), (" on ", true), ("off", false), ("false", false)];
    for (raw, on) in table {
        let list = [("data-hmis-strength", raw)];
        let v = from_attributes(list.iter().copied()).unwrap();
        assert_eq!(v, obj(&[("strength", Value::Bool(on))]), "{raw:?}");
        assert_eq!(parse(&v).unwrap().show_strength, on, "{raw:?}");
    }
}

#[test]
fn unrecognised_strength_attribute_is_reported_by_parse() {
    let v = attrs(&[("data-hmis-strength", "maybe")]);
    assert_eq!(v, obj(&[("strength", s("maybe"))]));
    assert_eq!(parse(&v).unwrap_err().to_string(), r#"config.strength: expected true or false, got "maybe""#);
}

#[test]
fn rejects_unknown_data_hmis_attribute() {
    let e = from_attributes([("data-hmis-min-lenght", "8")]).unwrap_err();
    assert_eq!(e.path, "data-hmis-min-lenght");
    assert_eq!(
        e.to_string(),
        "data-hmis-min-lenght: expected a known attribute (see the README's attribute list), got an unknown attribute"
    );
}

#[test]
fn attributes_from_the_readme_example_parse() {
    let v = attrs(&[("data-hmis-onboard", ""), ("data-hmis-context-words", "hmis, clienttrack")]);
    assert_eq!(parse(&v).unwrap().policy, Policy::hmis());
}

// ---------------------------------------------------------------------------------------------
// Layering sources with merge
// ---------------------------------------------------------------------------------------------

#[test]
fn merge_combines_objects_deeply() {
    let base = json(r#"{"preset": "nist", "policy": {"minLength": 20, "digit": true}, "messages": {"rule.digit": "A"}}"#);
    let overlay = json(r#"{"policy": {"minStrength": 4}, "locale": "en"}"#);
    assert_eq!(
        merge(base, overlay),
        json(r#"{"preset": "nist", "policy": {"minLength": 20, "digit": true, "minStrength": 4}, "messages": {"rule.digit": "A"}, "locale": "en"}"#)
    );
}

#[test]
fn merge_lets_the_later_value_win() {
    let base = json(r#"{"preset": "hmis", "policy": {"minLength": 10, "blocklist": ["a", "b"]}}"#);
    let overlay = json(r#"{"preset": "nist", "policy": {"minLength": 16, "blocklist": ["c"]}}"#);
    // Arrays are values, not objects: the overlay's list replaces the base's.
    assert_eq!(merge(base, overlay), json(r#"{"preset": "nist", "policy": {"minLength": 16, "blocklist": ["c"]}}"#));
}

#[test]
fn merge_with_null_overlay_keeps_the_base() {
    let base = json(r#"{"preset": "nist", "policy": {"minLength": 20}}"#);
    assert_eq!(merge(base.clone(), Value::Null), base);
    assert_eq!(merge(Value::Null, Value::Null), Value::Null);
    let attributes = attrs(&[]);
    assert_eq!(merge(attributes.clone(), Value::Null), attributes);
}

/// An explicit `null` in a later source means "none", so it must win over an earlier value.
#[test]
fn later_source_can_turn_min_strength_off_with_null() {
    let attributes = attrs(&[("data-hmis-min-strength", "2")]);
    let options = json(r#"{"policy": {"minStrength": null}}"#);
    assert_eq!(parse(&merge(attributes, options)).unwrap().policy.min_strength, None);
}

#[test]
fn merge_over_null_or_scalar_base_takes_the_overlay() {
    let overlay = json(r#"{"preset": "nist"}"#);
    assert_eq!(merge(Value::Null, overlay.clone()), overlay);
    assert_eq!(merge(json(r#"{"policy": 3}"#), json(r#"{"policy": {"minLength": 9}}"#)), json(r#"{"policy": {"minLength": 9}}"#));
    assert_eq!(merge(json(r#"{"policy": {"minLength": 9}}"#), json(r#"{"policy": 3}"#)), json(r#"{"policy": 3}"#));
}

#[test]
fn json_block_then_attributes_then_script_options_in_rising_precedence() {
    let block = json(r#"{"preset": "hmis", "policy": {"minLength": 10, "minStrength": 2}}"#);
    let attributes = attrs(&[("data-hmis-min-length", "12"), ("data-hmis-strength", "off")]);
    let options = json(r#"{"policy": {"minLength": 14}}"#);
    let c = parse(&merge(merge(block, attributes), options)).unwrap();
    assert_eq!(c.policy.min_length, 14);
    assert_eq!(c.policy.min_strength, Some(2));
    assert!(!c.show_strength);
}

// ---------------------------------------------------------------------------------------------
// Value parsing from JSON
// ---------------------------------------------------------------------------------------------

#[test]
fn json_parses_into_each_value_kind() {
    assert_eq!(json("null"), Value::Null);
    assert_eq!(json("true"), Value::Bool(true));
    assert_eq!(json("8"), Value::Number(8.0));
    assert_eq!(json("-2.5"), Value::Number(-2.5));
    assert_eq!(json(r#""x""#), s("x"));
    assert_eq!(json(r#"[1, "a"]"#), Value::Array(vec![Value::Number(1.0), s("a")]));
    assert_eq!(json(r#"{"a": {}}"#), obj(&[("a", obj(&[]))]));
}

#[test]
fn require_accepts_any_whitespace_between_classes() {
    let v = attrs(&[("data-hmis-require", "uppercase\n\tdigit")]);
    let p = parse(&v).unwrap().policy;
    assert_eq!([p.uppercase, p.lowercase, p.digit, p.symbol], [true, false, true, false]);
}

#[test]
fn non_finite_numbers_in_attributes_are_reported_as_written() {
    let v = attrs(&[("data-hmis-min-length", "NaN")]);
    assert_eq!(parse(&v).unwrap_err().to_string(), r#"config.policy.minLength: expected a whole number from 1 to 128, got "NaN""#);
}

#[test]
fn blank_blocklist_entries_are_ignored() {
    let p = parse(&json(r#"{"policy": {"blocklist": ["", "  ", "Password1!"]}}"#)).unwrap().policy;
    assert_eq!(p.blocklist, ["password1!"]);
}

#[test]
fn reads_a_journey_and_its_settings() {
    let c = parse(&json(
        r#"{"journey": "firstLogin", "terms": {"text": "Be careful.", "version": "2025-05"},
            "twoStep": {"required": true, "secret": "browser", "issuer": "Demo HMIS"},
            "recovery": {"answerMinLength": 6}, "continueUrl": "/home"}"#,
    ))
    .unwrap();
    let j = c.journey.unwrap();
    assert_eq!(j.journey, hmis_onboard::flow::Journey::FirstLogin);
    assert!(j.options.two_step_required && j.options.local_totp_secret);
    assert_eq!(j.options.terms.unwrap().version.as_deref(), Some("2025-05"));
    assert_eq!((j.issuer.as_str(), j.recovery.answer_min, j.continue_url.as_deref()), ("Demo HMIS", 6, Some("/home")));
    let attrs = attrs(&[("data-hmis-journey", "forgot-password"), ("data-hmis-sign-in-url", "/")]);
    assert_eq!(parse(&attrs).unwrap().journey.unwrap().journey, hmis_onboard::flow::Journey::ForgotPassword);
}

#[test]
fn journey_settings_without_a_journey_are_an_error() {
    assert_eq!(error_of(r#"{"twoStep": {"required": true}}"#), "config.twoStep: expected a journey to go with it (config.journey), got no journey");
    assert_eq!(error_of(r#"{"journey": "signUp"}"#), r#"config.journey: expected "firstLogin", "securitySettings" or "forgotPassword", got "signUp""#);
}

/// Resolves as the page's URL API does (the `url` crate implements the same WHATWG URL
/// standard), for a page at `page`.
fn url_api(page: &str) -> impl Fn(&str) -> Option<ResolvedUrl> {
    let base = url::Url::parse(page).unwrap();
    move |text: &str| {
        let url = base.join(text).ok()?;
        Some(ResolvedUrl {
            protocol: format!("{}:", url.scheme()),
            hostname: url.host_str().unwrap_or_default().to_owned(),
            origin: url.origin().ascii_serialization(),
        })
    }
}

/// What `attach()` says of a journey's `continueUrl` and `signInUrl` on a page at `page`.
fn journey_urls(page: &str, config: &Value) -> Result<(), String> {
    let journey = parse(config).unwrap().journey.unwrap();
    journey.check_urls(url_api(page)).map_err(|e| e.to_string())
}

#[test]
fn continue_and_sign_in_urls_must_be_web_pages() {
    let page = "https://hmis.example.org/Account/Setup.aspx";
    let with = |key: &str, url: &str| obj(&[("journey", s("firstLogin")), (key, s(url))]);
    for url in ["/home", "home.aspx", "../Default.aspx?x=1", "?done=1", "#top", "", "https://hmis.example.org/home", "http://intranet.example/hmis", "//other.example.org/sign-in"] {
        assert_eq!(journey_urls(page, &with("continueUrl", url)), Ok(()), "continueUrl {url:?}");
        assert_eq!(journey_urls(page, &with("signInUrl", url)), Ok(()), "signInUrl {url:?}");
    }
    assert_eq!(
        journey_urls(page, &with("continueUrl", "javascript:alert(document.cookie)")),
        Err(r#"config.continueUrl: expected an http: or https: URL, or a path on this site, got "javascript:alert(document.cookie)""#.to_owned())
    );
    assert_eq!(
        journey_urls(page, &with("signInUrl", "data:text/html,<script>alert(1)</script>")),
        Err(r#"config.signInUrl: expected an http: or https: URL, or a path on this site, got "data:text/html,<script>alert(1)</script>""#.to_owned())
    );
    // What the URL API would still read as a script or a file, however it is spelt.
    for url in [" JavaScript:alert(1)", "java\tscript:alert(1)", "\u{1}javascript:alert(1)", "vbscript:msgbox(1)", "file:///etc/passwd", "blob:https://hmis.example.org/x", "mailto:help@example.org", "http://[bad"] {
        assert!(journey_urls(page, &with("continueUrl", url)).is_err(), "continueUrl {url:?} was accepted");
    }
}

#[test]
fn continue_and_sign_in_url_attributes_are_checked_under_their_keys() {
    let page = "https://hmis.example.org/first-login";
    let config = attrs(&[("data-hmis-journey", "first-login"), ("data-hmis-continue-url", "/home"), ("data-hmis-sign-in-url", "javascript:void(0)")]);
    assert_eq!(
        journey_urls(page, &config),
        Err(r#"config.signInUrl: expected an http: or https: URL, or a path on this site, got "javascript:void(0)""#.to_owned())
    );
    let config = attrs(&[("data-hmis-journey", "first-login"), ("data-hmis-continue-url", "data:,done")]);
    assert!(journey_urls(page, &config).unwrap_err().starts_with("config.continueUrl: "));
}

// ---------------------------------------------------------------------------------------------
// The field build's parse (no journeys): the same answers, or "hand it to the journeys build"
// ---------------------------------------------------------------------------------------------

#[test]
fn field_parse_agrees_with_the_full_parse_without_journey_keys() {
    for text in [
        "null",
        "{}",
        r#"{"preset": "nist", "policy": {"minLength": 12, "blocklist": ["Password1!"]}}"#,
        r#"{"strength": false, "locale": "en", "messages": {"rule.digit": "A digit"}}"#,
        r##"{"fields": {"newPassword": "#pw"}, "policy": {"minStrength": null}}"##,
    ] {
        assert_eq!(hmis_onboard::config::parse_field(&json(text)), parse(&json(text)).map(Some), "{text}");
    }
}

#[test]
fn field_parse_reports_the_same_errors_as_the_full_parse() {
    for text in [
        r#"{"policy": {"minLength": "eight"}}"#,
        r#"{"polcy": {}}"#,
        r#"{"messages": {"rule.nope": "x"}}"#,
        r#"{"policy": {"minLength": 8.5}}"#,
        "[1]",
    ] {
        let field = hmis_onboard::config::parse_field(&json(text)).map(|_| ()).unwrap_err().to_string();
        assert_eq!(field, error_of(text), "{text}");
    }
}

#[test]
fn field_parse_hands_journey_and_backend_configurations_on() {
    for text in [
        r#"{"journey": "firstLogin", "backend": {"baseUrl": "/api"}}"#,
        r#"{"backend": {"baseUrl": "/api"}}"#,
        r#"{"terms": {"version": "1"}}"#,
        r#"{"continueUrl": "/home", "policy": {"minLength": 10}}"#,
    ] {
        assert_eq!(hmis_onboard::config::parse_field(&json(text)), Ok(None), "{text}");
    }
}

#[test]
fn objects_keep_each_key_once_with_its_last_value_in_first_seen_order() {
    let parsed = json(r#"{"b": 1, "a": 2, "b": 3}"#);
    let Value::Object(map) = &parsed else { panic!("not an object: {parsed:?}") };
    let members: Vec<(&str, &Value)> = map.iter().map(|(k, v)| (k.as_str(), v)).collect();
    // As JSON.parse reads it (which would also put keys that look like array indices first).
    assert_eq!(members, [("b", &Value::Number(3.0)), ("a", &Value::Number(2.0))]);

    let mut built = Map::new();
    built.insert("a".to_owned(), Value::Bool(true));
    built.insert("b".to_owned(), Value::Null);
    built.insert("a".to_owned(), Value::Bool(false));
    assert_eq!(built.keys().collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(built.get("a"), Some(&Value::Bool(false)));
    assert_eq!(built.remove("a"), Some(Value::Bool(false)));
    assert_eq!((built.get("a"), built.contains_key("b")), (None, true));

    // Order does not make two objects different.
    assert_eq!(json(r#"{"x": 1, "y": [2]}"#), json(r#"{"y": [2], "x": 1}"#));
    assert_ne!(json(r#"{"x": 1}"#), json(r#"{"x": 1, "y": 2}"#));
}

#[test]
fn a_large_object_reads_in_one_pass() {
    // 200,000 distinct keys and one repeated: quadratic reading would take minutes.
    let mut text = String::from("{");
    for i in 0..200_000 {
        text.push_str(&format!("\"k{i}\": {i}, "));
    }
    text.push_str("\"k7\": \"last\"}");
    let Value::Object(map) = json(&text) else { panic!("not an object") };
    assert_eq!(map.iter().count(), 200_000);
    assert_eq!(map.get("k7"), Some(&Value::String("last".to_owned())));
    assert_eq!(map.get("k199999"), Some(&Value::Number(199_999.0)));
}

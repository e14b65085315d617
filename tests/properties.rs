//! Property tests of the pure core: no input makes it panic, and the invariants the widget
//! relies on hold for any input, not only the examples in the other suites.
#![cfg(not(target_arch = "wasm32"))]

use hmis_onboard::backend::config::BackendConfig;
use hmis_onboard::backend::{self, Action, Body};
use hmis_onboard::config::{self, Value};
use hmis_onboard::messages::{Catalog, Msg};
use hmis_onboard::policy::{self, Inputs, Policy, RuleId};
use hmis_onboard::recovery::{self, RecoveryInputs, RecoveryPolicy};
use hmis_onboard::totp::{self, OtpAuth};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn met(policy: &Policy, password: &str, id: RuleId) -> bool {
    let inputs = Inputs { password, username: "jsmith", current: "Temp-Pass-2024!" };
    policy::check(policy, inputs, None).into_iter().find(|r| r.id == id).map(|r| r.met).unwrap()
}

/// Any JSON-like tree, a few levels deep, with keys the parser knows mixed in.
fn value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("policy".to_owned()),
        Just("minLength".to_owned()),
        Just("maxLength".to_owned()),
        Just("preset".to_owned()),
        Just("backend".to_owned()),
        Just("journey".to_owned()),
        Just("messages".to_owned()),
        Just("endpoints".to_owned()),
        "[a-zA-Z.]{0,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(Value::Number),
        (-10i32..300).prop_map(|n| Value::Number(f64::from(n))),
        ".{0,20}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(key.clone(), inner, 0..5).prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn appending_a_character_never_unmeets_the_length_rule(password in ".{0,40}", extra in any::<char>()) {
        let policy = Policy::hmis();
        let longer = format!("{password}{extra}");
        prop_assert!(!met(&policy, &password, RuleId::MinLength) || met(&policy, &longer, RuleId::MinLength));
    }

    #[test]
    fn removing_a_character_never_unmeets_the_maximum(password in ".{0,140}") {
        let policy = Policy::hmis();
        let mut shorter = password.clone();
        shorter.pop();
        prop_assert!(!met(&policy, &password, RuleId::MaxLength) || met(&policy, &shorter, RuleId::MaxLength));
    }

    #[test]
    fn a_verdict_is_a_pure_function_of_its_inputs(password in ".{0,60}", username in ".{0,12}", current in ".{0,12}", score in proptest::option::of(0u8..5)) {
        let policy = Policy { min_strength: Some(2), blocklist: vec!["password1!".into()], ..Policy::hmis() };
        let inputs = Inputs { password: &password, username: &username, current: &current };
        prop_assert_eq!(policy::check(&policy, inputs, score), policy::check(&policy, inputs, score));
    }

    #[test]
    fn the_capital_rule_means_a_unicode_uppercase_character(password in "\\PC{0,30}") {
        prop_assert_eq!(met(&Policy::hmis(), &password, RuleId::Uppercase), password.chars().any(char::is_uppercase));
    }

    #[test]
    fn length_is_counted_in_code_points(password in "\\PC{0,30}") {
        let policy = Policy { min_length: 8, ..Policy::hmis() };
        prop_assert_eq!(met(&policy, &password, RuleId::MinLength), password.chars().count() >= 8);
    }

    #[test]
    fn normalising_an_answer_twice_changes_nothing(answer in "\\PC{0,40}") {
        let once = recovery::normalise(&answer);
        prop_assert_eq!(recovery::normalise(&once), once.clone());
        prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
    }

    #[test]
    fn recovery_rules_never_panic(question in "\\PC{0,80}", answer in "\\PC{0,40}", confirm in "\\PC{0,40}") {
        let inputs = RecoveryInputs { question: &question, answer: &answer, confirm: &confirm, username: "jsmith", password: "Harbor-Lamp-72" };
        prop_assert_eq!(recovery::check(&RecoveryPolicy::default(), inputs).len(), 6);
        let _ = recovery::is_guessable(&question);
    }

    #[test]
    fn any_configuration_parses_or_names_a_key(tree in value()) {
        if let Err(e) = config::parse(&tree) {
            prop_assert!(e.to_string().starts_with("config.") || e.to_string().starts_with("data-"), "{}", e);
        }
    }

    #[test]
    fn any_attributes_give_a_tree_or_name_the_attribute(attrs in prop::collection::vec(("data-hmis-[a-z-]{0,14}", ".{0,10}"), 0..6)) {
        let pairs = attrs.iter().map(|(n, v)| (n.as_str(), v.as_str()));
        match config::from_attributes(pairs) {
            Ok(tree) => { let _ = config::parse(&tree); }
            Err(e) => prop_assert!(e.to_string().contains("data-hmis-"), "{}", e),
        }
    }

    #[test]
    fn base32_round_trips_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        prop_assert_eq!(totp::base32_decode(&totp::base32_encode(&bytes)).unwrap(), bytes);
    }

    #[test]
    fn otpauth_uris_round_trip(issuer in "\\PC{1,30}", account in "\\PC{1,30}", secret in prop::collection::vec(any::<u8>(), 1..40)) {
        let auth = OtpAuth::new(&issuer, &account, &secret);
        // The label names the account without colons; the issuer comes back exact.
        let named = OtpAuth { account: auth.label_account(), ..auth.clone() };
        prop_assume!(!named.account.is_empty());
        prop_assert_eq!(OtpAuth::parse(&auth.uri()).unwrap(), named);
    }

    #[test]
    fn otpauth_parser_never_panics(uri in "(otpauth://totp/)?\\PC{0,80}") {
        let _ = OtpAuth::parse(&uri);
        let _ = totp::base32_decode(&uri);
    }

    #[test]
    fn totp_codes_always_have_the_asked_digits(secret in prop::collection::vec(any::<u8>(), 1..40), time in any::<u64>(), digits in 6u32..9) {
        let code = totp::totp(&secret, time, 30, digits);
        prop_assert_eq!(code.len(), digits as usize);
        prop_assert!(code.chars().all(|c| c.is_ascii_digit()));
    }

    #[test]
    fn any_response_is_read_without_panicking(status in 0u16..1000, retry in proptest::option::of(".{0,12}"), body in value(), action in 0usize..11) {
        let b = BackendConfig::reference("/api");
        let action = Action::ALL[action];
        let _ = backend::interpret(&b, action, status, retry.as_deref(), Body::Json(&body));
        let _ = backend::interpret(&b, action, status, retry.as_deref(), Body::NotJson { length: 10 });
        let _ = backend::interpret(&b, action, status, retry.as_deref(), Body::Empty);
    }

    #[test]
    fn message_templates_never_panic(template in "\\PC{0,40}", value in "\\PC{0,10}") {
        let mut overrides = BTreeMap::new();
        overrides.insert(Msg::RuleMinLength, template);
        let text = Catalog::new(overrides).text(Msg::RuleMinLength, &[("min", &value)]);
        prop_assert!(text.len() <= 40 * 4 + 40 * value.len() + 8);
    }
}

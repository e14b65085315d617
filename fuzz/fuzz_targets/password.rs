//! Any text as password, username, current password, recovery question and answer: the rules
//! never panic, are a pure function of their inputs, and the strength estimate always answers.
#![no_main]
use hmis_onboard::policy::{self, Inputs, Policy};
use hmis_onboard::recovery::{self, RecoveryInputs, RecoveryPolicy};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let mut parts = data.splitn(4, '\u{1f}');
    let password = parts.next().unwrap_or("");
    let username = parts.next().unwrap_or("");
    let current = parts.next().unwrap_or("");
    let question = parts.next().unwrap_or("");
    let inputs = Inputs { password, username, current };
    for policy in [Policy::hmis(), Policy::nist()] {
        let first = policy::check(&policy, inputs, None);
        assert_eq!(first, policy::check(&policy, inputs, None));
    }
    let recovery = RecoveryInputs { question, answer: password, confirm: current, username, password: current };
    let _ = recovery::check(&RecoveryPolicy::default(), recovery);
    let _ = recovery::normalise(password);
    let _ = recovery::is_guessable(question);
    let strength = hmis_onboard::strength::estimate(password, &[username, current]);
    assert!(strength.score <= 4);
});

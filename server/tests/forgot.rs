//! Forgot password as an attacker sees it: what `forgot/start` and `forgot/answer` tell about
//! whether an account exists (docs/api.md, "What Forgot password still reveals").

mod common;

use common::*;
use hmis_onboard::recovery::RecoveryPolicy;
use hmis_onboard_server::accounts::{decoy_from_parts, decoy_space, DECOY_OPENINGS, DECOY_QUALIFIERS, DECOY_SUBJECTS};
use hmis_onboard_server::Rate;
use serde_json::json;
use std::collections::HashSet;

async fn question(c: &mut Client, username: &str) -> String {
    let r = c.post("/api/forgot/start", json!({ "username": username })).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json["question"].as_str().unwrap().to_owned()
}

/// Every decoy the server can hand out.
fn every_decoy() -> HashSet<String> {
    let mut all = HashSet::new();
    for o in 0..DECOY_OPENINGS.len() as u64 {
        for s in 0..DECOY_SUBJECTS.len() as u64 {
            for q in 0..DECOY_QUALIFIERS.len() as u64 {
                all.insert(decoy_from_parts(o, s, q));
            }
        }
    }
    all
}

#[test]
fn decoys_come_from_a_space_too_large_to_list_and_each_is_a_valid_question() {
    let all = every_decoy();
    assert_eq!(all.len() as u64, decoy_space(), "every combination reads differently");
    let sizes = (DECOY_OPENINGS.len(), DECOY_SUBJECTS.len(), DECOY_QUALIFIERS.len());
    assert_eq!((sizes, decoy_space()), ((13, 60, 30), 23_400), "the numbers docs/api.md and the README give");
    let rules = RecoveryPolicy::default();
    for question in &all {
        let length = question.chars().count();
        assert!((rules.question_min..=rules.question_max).contains(&length), "{question}");
        assert!(question.ends_with('?') && !question.contains("  ") && !question.contains(" ?"), "{question:?}");
    }
    // What docs/api.md says still leaks: a question a person wrote is not of the decoy pattern,
    // and anyone can check that with the public lists.
    assert!(!all.contains("Which street had the green mailbox?"));
}

#[tokio::test]
async fn a_decoy_is_stable_for_a_name_and_differs_across_names() {
    let h = Harness::new();
    let mut c = h.client();
    let first = question(&mut c, "nobody-here").await;
    assert_eq!(question(&mut c, "nobody-here").await, first);
    assert_eq!(question(&mut h.client_from("10.1.1.1:1"), "  NoBody-Here ").await, first, "trimmed, any case, any address");
    assert!(every_decoy().contains(&first), "{first}");
    let mut seen = HashSet::new();
    for i in 0..20 {
        seen.insert(question(&mut c, &format!("someone-{i}")).await);
    }
    // 20 names among more than 20 000 questions: a repeat or two is chance, more is a bug.
    assert!(seen.len() >= 18, "{seen:?}");
}

#[test]
fn a_decoy_survives_restarts_with_the_same_database_and_differs_with_another() {
    let dir = temp_dir("decoys");
    let db = |name: &str| dir.join(name).to_str().unwrap().to_owned();
    let names = ["ghost-1", "ghost-2", "ghost-3", "ghost-4", "ghost-5", "ghost-6"];
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let questions = |file: String| {
        let h = Harness::with(|s| s.db = file);
        runtime.block_on(async {
            let mut c = h.client();
            let mut asked = Vec::new();
            for name in names {
                asked.push(question(&mut c, name).await);
            }
            asked
        })
    };
    let before = questions(db("a.sqlite3"));
    let after_restart = questions(db("a.sqlite3"));
    assert_eq!(before, after_restart, "the key is kept in the database");
    let elsewhere = questions(db("b.sqlite3"));
    assert_ne!(before, elsewhere, "another database, another key: its own decoys");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn reset_starts_are_limited_by_default_to_20_per_address_and_5_per_name_in_10_minutes() {
    let defaults = hmis_onboard_server::Settings::default();
    assert_eq!(defaults.forgot_rate_ip, Some(Rate { count: 20, seconds: 600 }));
    assert_eq!(defaults.forgot_rate_user, Some(Rate { count: 5, seconds: 600 }));
    let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let o = hmis_onboard_server::parse_args(args(&["--forgot-rate-ip", "3/60", "--forgot-rate-user", "off"]), |_| None).unwrap();
    assert_eq!((o.settings.forgot_rate_ip, o.settings.forgot_rate_user), (Some(Rate { count: 3, seconds: 60 }), None));
}

#[tokio::test]
async fn starting_a_reset_is_limited_per_username_across_addresses() {
    let h = Harness::with(|s| s.forgot_rate_user = Some(Rate { count: 2, seconds: 600 }));
    let mut a = h.client_from("10.0.0.1:1000");
    let mut b = h.client_from("10.0.0.2:1000");
    for name in ["alpha", "demo"] {
        assert_eq!(a.post("/api/forgot/start", json!({ "username": name })).await.status, 200);
        assert_eq!(b.post("/api/forgot/start", json!({ "username": name.to_uppercase() })).await.status, 200);
        // The third start for the name, whichever address it comes from, waits.
        let r = a.post("/api/forgot/start", json!({ "username": name })).await;
        assert_eq!(r.status, 429, "{name}: {}", r.text);
        assert_eq!(r.json["code"], "rateLimited");
        assert_eq!(r.retry_after(), 300);
        assert!(r.json["message"].as_str().unwrap().contains("5 minutes"), "{}", r.text);
    }
    assert_eq!(a.post("/api/forgot/start", json!({ "username": "beta" })).await.status, 200, "other names are not held up");
    assert_eq!(a.sign_in("demo", DEMO_PASSWORD).await.status, 200, "signing in is not limited by resets");
    h.clock.advance(300);
    assert_eq!(b.post("/api/forgot/start", json!({ "username": "alpha" })).await.status, 200);
}

#[tokio::test]
async fn starting_a_reset_is_limited_per_address() {
    let h = Harness::with(|s| s.forgot_rate_ip = Some(Rate { count: 3, seconds: 600 }));
    let mut a = h.client_from("10.0.0.1:1000");
    for name in ["n1", "n2", "demo"] {
        assert_eq!(a.post("/api/forgot/start", json!({ "username": name })).await.status, 200);
    }
    let r = a.post("/api/forgot/start", json!({ "username": "n4" })).await;
    assert_eq!((r.status, r.retry_after()), (429, 200), "{}", r.text);
    assert_eq!(r.json["code"], "rateLimited");
    // The classic variant's start counts toward the same limit.
    a.csrf().await;
    let token = a.cookie("hmis_csrf").unwrap();
    let r = a.post_form("/classic/Account/ForgotPassword", &[("UserName", "n5"), ("__RequestVerificationToken", &token)], &[]).await;
    assert_eq!((r.status, r.json["Status"].as_str()), (429, Some("TooManyRequests")));
    assert_eq!(h.client_from("10.0.0.2:1000").post("/api/forgot/start", json!({ "username": "n4" })).await.status, 200);
    assert_eq!(a.sign_in("demo", DEMO_PASSWORD).await.status, 200, "other actions are not held up");
}

#[tokio::test]
async fn a_wrong_answer_costs_one_argon2_verification_whether_or_not_the_account_exists() {
    let h = Harness::new();
    let mut owner = h.onboarded("fay").await;
    let r = owner.post("/api/recovery", json!({ "question": "Which street had the green mailbox?", "answer": "hope street" })).await;
    assert_eq!(r.status, 200);
    let mut c = h.client();
    let (real, real_work) = wrong_answer(&h, &mut c, "fay").await;
    let (unknown, unknown_work) = wrong_answer(&h, &mut c, "nobody-at-all").await;
    let (no_question, no_question_work) = wrong_answer(&h, &mut c, "demo").await;
    assert_eq!((real_work, unknown_work, no_question_work), (1, 1, 1));
    for r in [&real, &unknown, &no_question] {
        assert_eq!((r.status, &r.json), (401, &json!({ "message": "That answer is not right.", "code": "wrongAnswer" })));
    }
}

/// A wrong answer for `username`, and the argon2 verifications it cost.
async fn wrong_answer(h: &Harness, c: &mut Client, username: &str) -> (Resp, u64) {
    let before = h.state.service.verifications();
    let r = c.post("/api/forgot/answer", json!({ "username": username, "answer": "elm street" })).await;
    (r, h.state.service.verifications() - before)
}

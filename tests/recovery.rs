//! Recovery question rules and answer normalisation.
#![cfg(not(target_arch = "wasm32"))]

use hmis_onboard::recovery::{self, RecoveryInputs, RecoveryPolicy, RecoveryRule};

fn unmet(inputs: RecoveryInputs<'_>) -> Vec<&'static str> {
    recovery::check(&RecoveryPolicy::default(), inputs).into_iter().filter(|(_, met)| !met).map(|(r, _)| r.as_str()).collect()
}

fn inputs<'a>(question: &'a str, answer: &'a str) -> RecoveryInputs<'a> {
    RecoveryInputs { question, answer, confirm: answer, username: "jsmith", password: "Harbor-Lamp-72" }
}

#[test]
fn answers_compare_ignoring_case_and_extra_spaces() {
    assert_eq!(recovery::normalise("  Hope   Street\tShelter "), "hope street shelter");
    assert_eq!(recovery::normalise("ÉCOLE"), "école");
}

#[test]
fn accepts_a_personal_question_with_a_good_answer() {
    assert!(unmet(inputs("What did my grandmother call her garden shed?", "the blue palace")).is_empty());
}

#[test]
fn question_length_is_bounded() {
    assert_eq!(unmet(inputs("Why?", "the blue palace")), ["questionLength"]);
    assert_eq!(unmet(inputs(&"Why ".repeat(60), "the blue palace")), ["questionLength"]);
}

#[test]
fn answer_needs_four_characters_after_normalisation() {
    assert!(unmet(inputs("What did my grandmother call it?", "  a   b ")).contains(&"answerLength"), "'a b' is 3");
    assert!(!unmet(inputs("What did my grandmother call it?", "ab cd")).contains(&"answerLength"));
}

#[test]
fn answer_must_not_appear_in_the_question() {
    assert_eq!(unmet(inputs("Is the answer Blue Palace?", "blue  PALACE")), ["answerNotInQuestion"]);
}

#[test]
fn answer_must_not_be_the_username_or_the_password() {
    assert_eq!(unmet(inputs("What did my grandmother call it?", "JSmith")), ["answerNotUsername"]);
    assert_eq!(unmet(inputs("What did my grandmother call it?", "harbor-lamp-72")), ["answerNotPassword"]);
}

#[test]
fn confirmation_must_match_after_normalisation() {
    let mut i = inputs("What did my grandmother call it?", "blue palace");
    i.confirm = "Blue  Palace ";
    assert!(unmet(i).is_empty());
    i.confirm = "blue palaces";
    assert_eq!(unmet(i), [RecoveryRule::ConfirmMatches.as_str()]);
}

#[test]
fn warns_about_questions_anyone_could_answer() {
    for q in ["What is your favorite color?", "Name of your first pet", "Where were you born?", "Mother's maiden name?", "What street did you grow up on?"] {
        assert!(recovery::is_guessable(q), "{q}");
    }
    for q in ["What did my grandmother call her garden shed?", "Which song did we sing at camp in 1998?"] {
        assert!(!recovery::is_guessable(q), "{q}");
    }
}

mod guidance {
    use hmis_onboard::guidance::Browser;

    #[test]
    fn tells_browsers_apart_by_user_agent() {
        let cases = [
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", Browser::Chromium),
            ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36 Edg/130.0", Browser::Chromium),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0", Browser::Firefox),
            ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", Browser::Safari),
            ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15", Browser::Safari),
            ("curl/8.0", Browser::Other),
        ];
        for (ua, expected) in cases {
            assert_eq!(Browser::from_user_agent(ua), expected, "{ua}");
        }
    }

    #[test]
    fn every_browser_has_its_own_steps() {
        let all = [Browser::Chromium, Browser::Firefox, Browser::Safari, Browser::Other];
        let saving: std::collections::HashSet<_> = all.iter().map(|b| b.forget_password()).collect();
        let popups: std::collections::HashSet<_> = all.iter().map(|b| b.allow_popups()).collect();
        assert_eq!((saving.len(), popups.len()), (4, 4));
    }
}

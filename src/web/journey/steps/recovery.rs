//! The recovery question: the question, the answer twice, and its rules as they are typed.

use super::{Builder, Extras, Kind, State, StepDom, element, set, set_text};
use crate::messages::Msg;
use crate::recovery::{self, RecoveryInputs, RecoveryRule};
use gloo_events::EventListener;
use std::cell::RefCell;
use std::rc::Rc;
use zeroize::Zeroizing;
use web_sys::{Element, HtmlInputElement};

pub(super) fn view(b: &mut Builder, _s: &State) -> Extras {
    let doc = b.doc.clone();
    let mut extras = Extras::default();
    b.heading(Msg::StepRecovery);
    b.para("recovery-why", Msg::RecoveryWhy);
    b.field("question", Msg::FieldQuestion, Kind::Text("off"));
    let warning = b.text("question-warning", "");
    set(&warning, "aria-live", "polite");
    b.field("answer", Msg::FieldAnswer, Kind::Password("off"));
    b.field("confirmAnswer", Msg::FieldConfirmAnswer, Kind::Password("off"));
    b.para("recovery-compare", Msg::RecoveryCompare);
    let list = element(&doc, "ul", "recovery-rules");
    b.add(&list);
    extras.recovery_rules = Some((list, warning));
    b.primary(Msg::JourneyContinue);
    extras.password_widget = true;
    extras
}

/// Keeps the recovery checklist and the fields' validity in step with what is typed.
pub(super) fn watch(
    rc: &Rc<RefCell<State>>,
    dom: &mut StepDom,
    list: Element,
    warning: Element,
    username: String,
    password: Option<Zeroizing<String>>,
) {
    let s = rc.borrow();
    let policy = s.journey.recovery.clone();
    let catalog = s.catalog().clone();
    drop(s);
    let doc = list.owner_document().expect("in a document");
    let rules = [
        (RecoveryRule::QuestionLength, catalog.text(Msg::RecoveryQuestionLength, &[("min", &policy.question_min), ("max", &policy.question_max)])),
        (RecoveryRule::AnswerLength, catalog.text(Msg::RecoveryAnswerLength, &[("min", &policy.answer_min)])),
        (RecoveryRule::AnswerNotInQuestion, catalog.text(Msg::RecoveryAnswerNotInQuestion, &[])),
        (RecoveryRule::AnswerNotUsername, catalog.text(Msg::RecoveryAnswerNotUsername, &[])),
        (RecoveryRule::AnswerNotPassword, catalog.text(Msg::RecoveryAnswerNotPassword, &[])),
        (RecoveryRule::ConfirmMatches, catalog.text(Msg::RecoveryConfirmMatches, &[])),
    ];
    let items: Vec<(RecoveryRule, Element)> = rules
        .into_iter()
        .map(|(rule, text)| {
            let li = element(&doc, "li", "rule");
            set(&li, "data-rule", rule.as_str());
            li.set_text_content(Some(&text));
            let _ = list.append_child(&li);
            (rule, li)
        })
        .collect();
    let inputs: Vec<HtmlInputElement> =
        ["question", "answer", "confirmAnswer"].iter().filter_map(|n| dom.input(n).cloned()).collect();
    let [question, answer, confirm] = <[HtmlInputElement; 3]>::try_from(inputs).expect("the recovery step has its three fields");
    let check = {
        let (question, answer, confirm) = (question.clone(), answer.clone(), confirm.clone());
        move || {
            let (q, a, c) = (question.value(), Zeroizing::new(answer.value()), Zeroizing::new(confirm.value()));
            let password = password.as_ref().map(|p| p.as_str()).unwrap_or("");
            let results = recovery::check(
                &policy,
                RecoveryInputs { question: &q, answer: &a, confirm: &c, username: &username, password },
            );
            for (rule, met) in &results {
                if let Some((_, li)) = items.iter().find(|(r, _)| r == rule) {
                    set(li, "data-met", if *met { "true" } else { "false" });
                }
            }
            let question_ok = results.iter().any(|(r, met)| *r == RecoveryRule::QuestionLength && *met);
            let answer_ok = results.iter().all(|(r, met)| *met || matches!(r, RecoveryRule::QuestionLength | RecoveryRule::ConfirmMatches));
            let confirm_ok = results.iter().any(|(r, met)| *r == RecoveryRule::ConfirmMatches && *met);
            let invalid = catalog.text(Msg::RecoveryInvalid, &[]);
            question.set_custom_validity(if question_ok { "" } else { &invalid });
            answer.set_custom_validity(if answer_ok { "" } else { &invalid });
            confirm.set_custom_validity(if confirm_ok { "" } else { &invalid });
            let guessable = recovery::is_guessable(&q);
            set_text(&warning, &if guessable { catalog.text(Msg::RecoveryGuessable, &[]) } else { String::new() });
            set(&warning, "data-active", if guessable { "true" } else { "false" });
        }
    };
    check();
    let check = Rc::new(check);
    for input in [&question, &answer, &confirm] {
        let check = check.clone();
        dom.listeners.push(EventListener::new(input, "input", move |_| check()));
    }
}

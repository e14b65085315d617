//! The recovery question: the question, the answer twice, and its rules as they are typed.

use super::{Builder, Extras, Kind, State, StepDom, element, set, set_text, unique_id};
use crate::messages::Msg;
use crate::recovery::{self, RecoveryInputs, RecoveryRule};
use gloo_events::EventListener;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use zeroize::Zeroizing;
use web_sys::{Element, HtmlInputElement};

/// What the recovery step's live rules are drawn into.
pub(super) struct Parts {
    list: Element,
    warning: Element,
    /// Announces each rule that changes, as the password checklist does.
    status: Element,
}

pub(super) fn view(b: &mut Builder, _s: &State) -> Extras {
    let doc = b.doc.clone();
    b.heading(Msg::StepRecovery);
    b.para("recovery-why", Msg::RecoveryWhy);
    b.field("question", Msg::FieldQuestion, Kind::Text("off"));
    let warning = b.text("question-warning", "");
    set(&warning, "aria-live", "polite");
    for (name, label) in [("answer", Msg::FieldAnswer), ("confirmAnswer", Msg::FieldConfirmAnswer)] {
        let input = b.field(name, label, Kind::Password("off"));
        set(&input, "data-hmis-secret", "answer");
    }
    b.para("recovery-compare", Msg::RecoveryCompare);
    let heading = b.para("rules-heading", Msg::RecoveryRulesHeading);
    let heading_id = unique_id("recovery-rules-heading");
    set(&heading, "id", &heading_id);
    let list = element(&doc, "ul", "recovery-rules");
    set(&list, "id", &unique_id("recovery-rules"));
    set(&list, "aria-labelledby", &heading_id);
    b.add(&list);
    let status = b.text("status", "");
    set(&status, "role", "status");
    set(&status, "class", "hmis-visually-hidden");
    b.primary(Msg::JourneyContinue);
    Extras { password_widget: true, recovery: Some(Parts { list, warning, status }), ..Extras::default() }
}

/// One recovery rule on screen: its item, its state in words, its text, and the state last shown.
struct RuleItem {
    rule: RecoveryRule,
    li: Element,
    state: Element,
    text: String,
    shown: Cell<Option<bool>>,
}

/// Keeps the recovery checklist and the fields' validity in step with what is typed: each rule
/// says "Done:" or "Still needed:" in words, the fields are described by the list, and each
/// change is announced.
pub(super) fn watch(
    rc: &Rc<RefCell<State>>,
    dom: &mut StepDom,
    parts: Parts,
    username: String,
    password: Option<Zeroizing<String>>,
) {
    let Parts { list, warning, status } = parts;
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
    let items: Vec<RuleItem> = rules
        .into_iter()
        .map(|(rule, text)| {
            let li = element(&doc, "li", "rule");
            set(&li, "data-rule", rule.as_str());
            let state = element(&doc, "span", "rule-state");
            set(&state, "class", "hmis-visually-hidden");
            let words = element(&doc, "span", "rule-text");
            words.set_text_content(Some(&text));
            let _ = li.append_with_node_2(&state, &words);
            let _ = list.append_child(&li);
            RuleItem { rule, li, state, text, shown: Cell::new(None) }
        })
        .collect();
    let inputs: Vec<HtmlInputElement> =
        ["question", "answer", "confirmAnswer"].iter().filter_map(|n| dom.input(n).cloned()).collect();
    let [question, answer, confirm] = <[HtmlInputElement; 3]>::try_from(inputs).expect("the recovery step has its three fields");
    let list_id = list.id();
    for input in [&question, &answer, &confirm] {
        let described = input.get_attribute("aria-describedby").map_or(list_id.clone(), |d| format!("{d} {list_id}"));
        set(input, "aria-describedby", &described);
    }
    let check = {
        let (question, answer, confirm) = (question.clone(), answer.clone(), confirm.clone());
        move |typed: bool| {
            let (q, a, c) = (question.value(), Zeroizing::new(answer.value()), Zeroizing::new(confirm.value()));
            let password = password.as_ref().map(|p| p.as_str()).unwrap_or("");
            let results = recovery::check(
                &policy,
                RecoveryInputs { question: &q, answer: &a, confirm: &c, username: &username, password },
            );
            let mut changes = Vec::new();
            for (rule, met) in &results {
                let Some(item) = items.iter().find(|i| i.rule == *rule) else { continue };
                if item.shown.replace(Some(*met)) == Some(*met) {
                    continue;
                }
                set(&item.li, "data-met", if *met { "true" } else { "false" });
                set_text(&item.state, &catalog.text(if *met { Msg::RuleStateMet } else { Msg::RuleStateUnmet }, &[]));
                changes.push(catalog.text(if *met { Msg::RuleNowMet } else { Msg::RuleNowUnmet }, &[("rule", &item.text)]));
            }
            if typed && !changes.is_empty() {
                set_text(&status, &changes.join(" "));
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
    check(false);
    let check = Rc::new(check);
    for input in [&question, &answer, &confirm] {
        let check = check.clone();
        dom.listeners.push(EventListener::new(input, "input", move |_| check(true)));
    }
}

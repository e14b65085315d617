//! The browser shell in real browsers (wasm-bindgen-test): the widget attached to a form built
//! here, driven by the same DOM events a person's typing produces.
#![cfg(target_arch = "wasm32")]

use hmis_onboard::{attach, Widget};
use js_sys::{Array, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{
    CustomEvent, Document, Element, Event, HtmlElement, HtmlFormElement, HtmlInputElement, KeyboardEvent,
    KeyboardEventInit,
};

wasm_bindgen_test_configure!(run_in_browser);

const FORM: &str = r#"
  <input id="u" autocomplete="username" value="jsmith">
  <input id="cur" type="password" autocomplete="current-password">
  <input id="new" type="password" autocomplete="new-password" aria-describedby="host-hint">
  <input id="confirm" type="password" autocomplete="new-password">
  <button type="submit">Change password</button>"#;

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh form in the page, with the host's own attributes on it.
fn form(attrs: &[(&str, &str)]) -> HtmlFormElement {
    let form: HtmlFormElement = document().create_element("form").unwrap().dyn_into().unwrap();
    for (name, value) in attrs {
        form.set_attribute(name, value).unwrap();
    }
    form.set_inner_html(FORM);
    document().body().unwrap().append_child(&form).unwrap();
    form
}

fn input(form: &Element, selector: &str) -> HtmlInputElement {
    form.query_selector(selector).unwrap().unwrap().dyn_into().unwrap()
}

/// What typing does: a new value, then an `input` event.
fn type_into(field: &HtmlInputElement, value: &str) {
    field.set_value(value);
    field.dispatch_event(&Event::new_with_event_init_dict("input", &bubbling()).unwrap()).unwrap();
}

fn bubbling() -> web_sys::EventInit {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init
}

fn part(root: &Element, part: &str) -> Option<Element> {
    root.query_selector(&format!("[data-hmis-part=\"{part}\"]")).unwrap()
}

fn rule_met(root: &Element, rule: &str) -> String {
    let item = root.query_selector(&format!("[data-rule=\"{rule}\"]")).unwrap().expect(rule);
    item.get_attribute("data-met").unwrap()
}

fn attached(form: &HtmlFormElement) -> Widget {
    attach(form.clone().into(), JsValue::UNDEFINED, None).map_err(JsValue::from).expect("attach")
}

async fn next_task() {
    let promise = Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Waits (in event-loop turns, not wall time) until the meter shows a score.
async fn strength_score(root: &Element) -> String {
    let meter = part(root, "meter").expect("meter");
    for _ in 0..200 {
        let score = meter.get_attribute("data-score").unwrap_or_default();
        if !score.is_empty() && part(root, "strength").unwrap().get_attribute("aria-busy").as_deref() == Some("false") {
            return score;
        }
        next_task().await;
    }
    panic!("no strength score was rendered");
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

#[wasm_bindgen_test]
fn shows_the_hmis_rules_unmet_for_an_empty_password() {
    let form = form(&[]);
    let _widget = attached(&form);
    let ids: Vec<String> = {
        let items = form.query_selector_all("[data-hmis-part=\"rule\"]").unwrap();
        (0..items.length()).map(|i| items.item(i).unwrap().dyn_into::<Element>().unwrap().get_attribute("data-rule").unwrap()).collect()
    };
    assert_eq!(ids, ["minLength", "maxLength", "uppercase", "digit", "symbol", "notUsername", "notCurrent"]);
    assert_eq!(rule_met(&form, "minLength"), "false");
    assert_eq!(rule_met(&form, "uppercase"), "false");
    assert_eq!(rule_met(&form, "notCurrent"), "true");
}

#[wasm_bindgen_test]
fn each_rule_flips_on_each_keystroke() {
    let form = form(&[]);
    let _widget = attached(&form);
    let new = input(&form, "#new");
    let steps = [
        ("a", [false, false, false, false]),
        ("aB", [false, true, false, false]),
        ("aB3", [false, true, true, false]),
        ("aB3!", [false, true, true, true]),
        ("aB3!wxyz", [true, true, true, true]),
        ("ab3!wxyz", [true, false, true, true]),
    ];
    for (typed, expected) in steps {
        type_into(&new, typed);
        let seen: Vec<bool> =
            ["minLength", "uppercase", "digit", "symbol"].iter().map(|r| rule_met(&form, r) == "true").collect();
        assert_eq!(seen, expected, "after typing {typed:?}");
    }
}

#[wasm_bindgen_test]
fn refuses_the_username_and_the_temporary_password() {
    let form = form(&[]);
    let _widget = attached(&form);
    let new = input(&form, "#new");
    type_into(&new, "xJSMITHx-1");
    assert_eq!(rule_met(&form, "notUsername"), "false");
    type_into(&input(&form, "#cur"), "Temp-pass-1");
    type_into(&new, "Temp-pass-1");
    assert_eq!(rule_met(&form, "notCurrent"), "false");
    type_into(&new, "Temp-pass-2");
    assert_eq!(rule_met(&form, "notCurrent"), "true");
}

#[wasm_bindgen_test]
async fn strength_meter_follows_the_password() {
    let form = form(&[]);
    let _widget = attached(&form);
    let new = input(&form, "#new");
    type_into(&new, "password");
    assert_eq!(strength_score(&form).await, "0");
    assert!(!part(&form, "strength-warning").unwrap().text_content().unwrap().is_empty());
    type_into(&new, "Quiet-Lantern-Orbit-58-Mosaic");
    let score: u8 = strength_score(&form).await.parse().unwrap();
    assert!(score >= 3, "score {score}");
    assert_eq!(part(&form, "meter").unwrap().get_attribute("aria-valuenow").unwrap(), score.to_string());
    type_into(&new, "");
    next_task().await;
    assert_eq!(part(&form, "meter").unwrap().get_attribute("data-score").unwrap(), "");
}

#[wasm_bindgen_test]
async fn verdict_event_carries_rules_strength_and_confirmation() {
    let form = form(&[]);
    let _widget = attached(&form);
    let seen: Rc<RefCell<Vec<JsValue>>> = Rc::default();
    let sink = seen.clone();
    let listener = Closure::<dyn FnMut(CustomEvent)>::new(move |e: CustomEvent| sink.borrow_mut().push(e.detail()));
    // Listening on the form proves the event bubbles from the input.
    form.add_event_listener_with_callback("hmis-onboard:verdict", listener.as_ref().unchecked_ref()).unwrap();
    type_into(&input(&form, "#new"), "Harbor-Lamp-72");
    type_into(&input(&form, "#confirm"), "Harbor-Lamp-72");
    strength_score(&form).await;
    let last = seen.borrow().last().cloned().expect("a verdict event");
    assert_eq!(get(&last, "valid"), JsValue::TRUE);
    assert_eq!(get(&last, "confirmMatches"), JsValue::TRUE);
    let rules = Array::from(&get(&last, "rules"));
    let first = rules.get(0);
    assert_eq!(get(&first, "id").as_string().unwrap(), "minLength");
    assert_eq!(get(&first, "met"), JsValue::TRUE);
    assert_eq!(get(&first, "message").as_string().unwrap(), "At least 8 characters");
    let strength = get(&last, "strength");
    assert!(get(&strength, "score").as_f64().is_some());
    assert!(Array::is_array(&get(&strength, "suggestions")));
    // The first event after a keystroke comes before the estimate: strength is null there.
    assert!(seen.borrow().iter().any(|d| get(d, "strength").is_null()));

    // Unchanged rules come back as the same frozen objects; a changed one is new.
    let before = Array::from(&get(&last, "rules"));
    type_into(&input(&form, "#new"), "harbor-lamp-72");
    let after = Array::from(&get(&seen.borrow().last().cloned().unwrap(), "rules"));
    let by_id = |rules: &Array, id: &str| rules.iter().find(|r| get(r, "id").as_string().as_deref() == Some(id)).unwrap();
    assert!(js_sys::Object::is(&by_id(&before, "minLength"), &by_id(&after, "minLength")), "an unchanged rule is the same object");
    assert!(!js_sys::Object::is(&by_id(&before, "uppercase"), &by_id(&after, "uppercase")), "a changed rule is a new object");
    assert_eq!(get(&by_id(&after, "uppercase"), "met"), JsValue::FALSE);
    assert!(js_sys::Object::is_frozen(by_id(&after, "minLength").unchecked_ref::<js_sys::Object>()));
    assert!(js_sys::Object::is_frozen(strength.unchecked_ref::<js_sys::Object>()));
    form.remove_event_listener_with_callback("hmis-onboard:verdict", listener.as_ref().unchecked_ref()).unwrap();
}

#[wasm_bindgen_test]
fn confirmation_indicator_tracks_both_fields() {
    let form = form(&[]);
    let _widget = attached(&form);
    let status = part(&form, "confirm-status").unwrap();
    assert_eq!(status.get_attribute("data-match").unwrap(), "empty");
    type_into(&input(&form, "#new"), "Harbor-Lamp-72");
    type_into(&input(&form, "#confirm"), "Harbor-Lamp");
    assert_eq!(status.get_attribute("data-match").unwrap(), "false");
    type_into(&input(&form, "#confirm"), "Harbor-Lamp-72");
    assert_eq!(status.get_attribute("data-match").unwrap(), "true");
    assert_eq!(status.text_content().unwrap(), "The passwords match.");
}

fn key(field: &HtmlInputElement, caps: bool) {
    let init = KeyboardEventInit::new();
    init.set_key("A");
    init.set_bubbles(true);
    init.set_modifier_caps_lock(caps);
    field.dispatch_event(&KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap()).unwrap();
}

#[wasm_bindgen_test]
fn warns_while_caps_lock_is_on_in_every_password_field() {
    let form = form(&[]);
    let _widget = attached(&form);
    for id in ["#cur", "#new", "#confirm"] {
        let field = input(&form, id);
        let warning = field.next_element_sibling().unwrap().next_element_sibling().unwrap();
        assert_eq!(warning.get_attribute("data-hmis-part").unwrap(), "capslock");
        key(&field, true);
        assert_eq!(warning.get_attribute("data-active").unwrap(), "true", "{id}");
        assert!(warning.text_content().unwrap().contains("Caps Lock"));
        key(&field, false);
        assert_eq!(warning.get_attribute("data-active").unwrap(), "false", "{id}");
    }
}

#[wasm_bindgen_test]
fn show_password_is_a_toggle_button() {
    let form = form(&[]);
    let _widget = attached(&form);
    let new = input(&form, "#new");
    let toggle: HtmlElement = new.next_element_sibling().unwrap().dyn_into().unwrap();
    assert_eq!(toggle.tag_name(), "BUTTON");
    assert_eq!(toggle.get_attribute("type").unwrap(), "button");
    assert_eq!(toggle.text_content().unwrap(), "Show password");
    toggle.click();
    assert_eq!(new.type_(), "text");
    assert_eq!(toggle.get_attribute("aria-pressed").unwrap(), "true");
    toggle.click();
    assert_eq!(new.type_(), "password");
    assert_eq!(toggle.get_attribute("aria-pressed").unwrap(), "false");
}

#[wasm_bindgen_test]
fn submit_is_refused_with_focus_on_the_first_unmet_rule_then_let_through() {
    let form = form(&[]);
    let _widget = attached(&form);
    let submitted = Rc::new(RefCell::new(0));
    let count = submitted.clone();
    // Stands in for the host's own posting, and keeps the test page from navigating.
    let host = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
        e.prevent_default();
        *count.borrow_mut() += 1;
    });
    form.add_event_listener_with_callback("submit", host.as_ref().unchecked_ref()).unwrap();
    type_into(&input(&form, "#new"), "harbor-lamp");
    form.request_submit().unwrap();
    assert_eq!(*submitted.borrow(), 0);
    let focused = document().active_element().unwrap();
    assert_eq!(focused.get_attribute("data-rule").as_deref(), Some("uppercase"));

    type_into(&input(&form, "#new"), "Harbor-Lamp-72");
    type_into(&input(&form, "#confirm"), "Harbor-Lamp-7");
    form.request_submit().unwrap();
    assert_eq!(*submitted.borrow(), 0);
    assert_eq!(document().active_element().unwrap().id(), "confirm");

    type_into(&input(&form, "#confirm"), "Harbor-Lamp-72");
    form.request_submit().unwrap();
    assert_eq!(*submitted.borrow(), 1);
    form.remove_event_listener_with_callback("submit", host.as_ref().unchecked_ref()).unwrap();
}

#[wasm_bindgen_test]
fn a_ten_thousand_character_paste_is_checked_whole() {
    let form = form(&[("data-hmis-max-length", "20000")]);
    let _widget = attached(&form);
    let mut long = "a1!".repeat(3333);
    long.push('Z');
    assert_eq!(long.chars().count(), 10_000);
    type_into(&input(&form, "#new"), &long);
    // The only capital is the last character: the rules saw all of it.
    assert_eq!(rule_met(&form, "uppercase"), "true");
    assert_eq!(input(&form, "#new").value().len(), 10_000, "the value is not truncated");
}

#[wasm_bindgen_test]
async fn strength_of_a_long_paste_says_only_the_start_was_judged() {
    let form = form(&[]);
    let _widget = attached(&form);
    type_into(&input(&form, "#new"), &"Xy7!".repeat(30));
    strength_score(&form).await;
    assert!(part(&form, "strength-warning").unwrap().text_content().unwrap().contains("first 100 characters"));
}

#[wasm_bindgen_test]
fn destroy_removes_everything_it_added() {
    let form = form(&[]);
    let before = form.inner_html();
    let mut widget = attached(&form);
    assert!(part(&form, "panel").is_some());
    assert!(input(&form, "#new").get_attribute("aria-describedby").unwrap().contains("host-hint "));
    widget.destroy();
    assert!(form.query_selector("[data-hmis-part]").unwrap().is_none());
    assert_eq!(input(&form, "#new").get_attribute("aria-describedby").unwrap(), "host-hint");
    assert_eq!(form.inner_html(), before);
    // No listener is left: typing changes nothing and submitting is no longer refused.
    type_into(&input(&form, "#new"), "x");
    assert!(form.query_selector("[data-hmis-part]").unwrap().is_none());
    assert!(form.check_validity());
    widget.destroy();
}

#[wasm_bindgen_test]
fn reads_attributes_and_a_json_block() {
    let block = document().create_element("script").unwrap();
    block.set_attribute("type", "application/json").unwrap();
    block.set_attribute("id", "hmis-test-config").unwrap();
    block.set_text_content(Some(r#"{"policy": {"lowercase": true}, "messages": {"rule.lowercase": "One small letter"}}"#));
    document().body().unwrap().append_child(&block).unwrap();
    let form = form(&[("data-hmis-config", "hmis-test-config"), ("data-hmis-min-length", "12")]);
    let _widget = attached(&form);
    let min = form.query_selector("[data-rule=\"minLength\"]").unwrap().unwrap();
    assert!(min.text_content().unwrap().contains("At least 12 characters"));
    let lower = form.query_selector("[data-rule=\"lowercase\"]").unwrap().unwrap();
    assert!(lower.text_content().unwrap().contains("One small letter"));
}

#[wasm_bindgen_test]
fn a_wrong_setting_throws_an_error_naming_the_key() {
    let form = form(&[("data-hmis-min-length", "eight")]);
    let error = attach(form.clone().into(), JsValue::UNDEFINED, None).err().map(JsValue::from).expect("an error");
    let message = js_sys::Error::from(error).message().as_string().unwrap();
    assert_eq!(message, "config.policy.minLength: expected a whole number from 1 to 128, got \"eight\"");
    assert!(form.query_selector("[data-hmis-part]").unwrap().is_none(), "nothing is half-attached");

    let form = self::form(&[]);
    let options = js_sys::JSON::parse(r#"{"policy": {"maxLength": 32}}"#).unwrap();
    let error = attach(form.into(), options, None).err().map(JsValue::from).expect("an error");
    let message = js_sys::Error::from(error).message().as_string().unwrap();
    assert_eq!(message, "config.policy.maxLength: expected a whole number from 64 to 100000, got 32");

    // Two keys that differ only in their lone surrogates would be one key in Rust (both become
    // U+FFFD): not plain data.
    let form = self::form(&[]);
    let options = js_sys::JSON::parse(r#"{"\ud800": 1, "\udbff": 2}"#).unwrap();
    let error = attach(form.into(), options, None).err().map(JsValue::from).expect("an error");
    let message = js_sys::Error::from(error).message().as_string().unwrap();
    assert!(message.starts_with("config: expected plain data"), "{message}");
}

#[wasm_bindgen_test]
fn a_sign_in_form_gets_caps_lock_and_show_password_but_no_checklist() {
    let form = form(&[]);
    form.set_inner_html(r#"<input autocomplete="username"><input id="pw" type="password" autocomplete="current-password">"#);
    let widget = attached(&form);
    assert!(part(&form, "toggle-visibility").is_some());
    assert!(part(&form, "capslock").is_some());
    assert!(part(&form, "panel").is_none());
    assert!(widget.verdict().is_null());
}

#[wasm_bindgen_test]
fn counts_emoji_and_right_to_left_text_by_code_point() {
    let form = form(&[]);
    let widget = attached(&form);
    // Hebrew letters (no case), a digit, and a thumbs-up with skin tone (2 code points).
    type_into(&input(&form, "#new"), "שלום7👍🏽");
    assert_eq!(rule_met(&form, "minLength"), "false", "7 code points");
    type_into(&input(&form, "#new"), "שלום77👍🏽");
    assert_eq!(rule_met(&form, "minLength"), "true", "8 code points");
    assert_eq!(rule_met(&form, "symbol"), "true");
    assert_eq!(rule_met(&form, "uppercase"), "false");
    assert_eq!(get(&widget.verdict(), "valid"), JsValue::FALSE);
}

#[wasm_bindgen_test]
fn never_blocks_paste_or_autofill_hints() {
    let form = form(&[]);
    let _widget = attached(&form);
    let new = input(&form, "#new");
    let paste = Event::new_with_event_init_dict("paste", &bubbling()).unwrap();
    assert!(new.dispatch_event(&paste).unwrap(), "the paste was not cancelled");
    assert!(!paste.default_prevented());
    assert_eq!(new.autocomplete(), "new-password", "the host's autocomplete hint is untouched");
    assert!(!new.has_attribute("readonly") && !new.has_attribute("maxlength"));
}

#[wasm_bindgen_test]
fn the_first_problem_in_document_order_gets_the_focus() {
    let form = form(&[]);
    let accept = document().create_element("input").unwrap().dyn_into::<HtmlInputElement>().unwrap();
    accept.set_type("checkbox");
    accept.set_id("accept");
    accept.set_required(true);
    form.insert_before(&accept, form.query_selector("button").unwrap().as_ref().map(|b| b.as_ref())).unwrap();
    let _widget = attached(&form);
    // Ours come first: focus on the first unmet rule, not on the host's unticked box after it.
    type_into(&input(&form, "#new"), "harbor");
    form.request_submit().unwrap();
    assert_eq!(document().active_element().unwrap().get_attribute("data-rule").as_deref(), Some("minLength"));
    // Ours are fine: the host's own field is reported by the browser as usual.
    type_into(&input(&form, "#new"), "Harbor-Lamp-72");
    type_into(&input(&form, "#confirm"), "Harbor-Lamp-72");
    form.request_submit().unwrap();
    assert_eq!(document().active_element().unwrap().id(), "accept");
}

/// Raw JS strings, some of which no Rust `&str` can hold (a lone surrogate).
fn hostile_values() -> Vec<(&'static str, js_sys::JsString)> {
    let s = |text: &str| js_sys::JsString::from(text);
    let lone = |code: u32, around: &str| s(around).concat(&js_sys::JsString::from_char_code1(code)).concat(&s(around));
    vec![
        ("empty", s("")),
        ("whitespace only", s("          ")),
        ("tabs and spaces", s("\t \t A1 \t")),
        ("NUL and other controls", s("Ab1\u{0}\u{1}\u{7}\u{1b}\u{7f}xyz")),
        ("ZWJ family and flags", s("Pw1👨‍👩‍👧‍👦🇳🇴🏳️‍🌈")),
        ("combining marks", s("Ae\u{301}\u{302}\u{303}o\u{308}1!")),
        ("right-to-left with marks", s("\u{202e}שלום-עולם7Z\u{202c}")),
        ("mixed scripts", s("Pässwörd-Пароль-密码-パスワード9")),
        ("Arabic digits and letters", s("كلمة١٢٣A!")),
        ("lone high surrogate", lone(0xD800, "Ab1!")),
        ("lone low surrogate", lone(0xDC00, "Zz9?")),
        ("10,000 characters", s(&"aZ1!".repeat(2_500))),
        ("10,000 emoji", s(&"😀".repeat(10_000))),
    ]
}

#[wasm_bindgen_test]
fn hostile_text_gets_the_core_rules_and_is_never_altered() {
    use hmis_onboard::policy::{self, Inputs, Policy};
    let form = form(&[]);
    let widget = attached(&form);
    let (new, confirm) = (input(&form, "#new"), input(&form, "#confirm"));
    for (case, value) in hostile_values() {
        for field in [&new, &confirm] {
            Reflect::set(field, &"value".into(), &value).unwrap();
            field.dispatch_event(&Event::new_with_event_init_dict("input", &bubbling()).unwrap()).unwrap();
        }
        // What the user typed is still there, to the last UTF-16 unit.
        for field in [&new, &confirm] {
            let now = Reflect::get(field, &"value".into()).unwrap();
            assert!(js_sys::Object::is(&now, &value), "{case}: the field's value was changed");
        }
        // The checklist says what the core says of the same text (a lone surrogate reaches
        // Rust as U+FFFD, which is what the core is given).
        let text = String::from(value.clone());
        let inputs = Inputs { password: &text, username: "jsmith", current: "" };
        for check in policy::check(&Policy::hmis(), inputs, None) {
            let shown = form.query_selector(&format!("[data-rule=\"{}\"]", check.id.as_str())).unwrap();
            match shown {
                Some(item) => assert_eq!(item.get_attribute("data-met").unwrap(), check.met.to_string(), "{case}: {}", check.id.as_str()),
                None => assert!(check.met, "{case}: the unmet rule {} is not listed", check.id.as_str()),
            }
        }
        let confirmation = part(&form, "confirm-status").unwrap().get_attribute("data-match").unwrap();
        assert_eq!(confirmation, if text.is_empty() { "empty" } else { "true" }, "{case}");
        assert_eq!(get(&widget.verdict(), "valid"), JsValue::from_bool(policy::check(&Policy::hmis(), inputs, None).iter().all(|c| c.met)), "{case}");
    }
}

/// In the browser builds the rules ask the browser's Unicode (text.rs): it must answer as
/// Rust's own tables do.
#[wasm_bindgen_test]
fn the_browsers_unicode_answers_match_rusts() {
    use hmis_onboard::text::{classes, lowercase, Classes, COMBINING_MARKS};
    let rust = |text: &str| Classes {
        uppercase: text.chars().any(char::is_uppercase),
        lowercase: text.chars().any(char::is_lowercase),
        number: text.chars().any(char::is_numeric),
        symbol: text.chars().any(|c| {
            !c.is_alphabetic() && !c.is_numeric() && !COMBINING_MARKS.iter().any(|(a, b)| (*a..=*b).contains(&c))
        }),
    };
    for text in [
        "", "Ab1!", "ÉCOLE", "straße", "ΟΔΟΣ", "ǅ", "İstanbul", "١٢٣", "½", "e\u{301}", "パスワード", "😀", "ⅷ",
        "x\u{20DD}", "aΣ", "ΑΣ b", "ℌ", "ª", "\u{2029}", "x\u{200D}y", "🇫🇷", "ⓐ",
    ] {
        assert_eq!(classes(text), rust(text), "classes of {text:?}");
        assert_eq!(lowercase(text), text.to_lowercase(), "lowercase of {text:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// A web team's real page (issue 10, items 12-15)
// ---------------------------------------------------------------------------------------------

fn error_message(result: Result<Widget, JsError>) -> String {
    let error = result.err().map(JsValue::from).expect("an error");
    js_sys::Error::from(error).message().as_string().unwrap()
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

#[wasm_bindgen_test]
fn one_root_one_widget_a_second_attach_draws_nothing() {
    let form = form(&[]);
    let mut widget = attached(&form);
    let drawn = form.inner_html();
    let message = error_message(attach(form.clone().into(), JsValue::UNDEFINED, None));
    assert_eq!(message, "attach: <form> already has a widget (from an earlier attach()); destroy() that one first");
    // Another root around the same inputs (here the new-password input itself) is refused too.
    let message = error_message(attach(input(&form, "#new").into(), JsValue::UNDEFINED, None));
    assert_eq!(message, "attach: <input id=\"new\"> already has a widget (from an earlier attach()); destroy() that one first");
    assert_eq!(form.inner_html(), drawn, "a refused attach() adds nothing");
    assert_eq!((count(&form, "[data-hmis-part=\"panel\"]"), count(&form, "[data-hmis-part=\"toggle-visibility\"]")), (1, 3));
    // Once destroyed, the root is free again.
    widget.destroy();
    let _again = attached(&form);
    assert_eq!((count(&form, "[data-hmis-part=\"panel\"]"), count(&form, "[data-hmis-part=\"toggle-visibility\"]")), (1, 3));
}

/// Records each submit that reaches the host's own listener (added after the widget's) as
/// `(submitter's name, refused by the widget)`, and keeps the test page from navigating.
fn record_submits(form: &HtmlFormElement) -> (Rc<RefCell<Vec<(String, bool)>>>, Closure<dyn FnMut(Event)>) {
    let seen: Rc<RefCell<Vec<(String, bool)>>> = Rc::default();
    let sink = seen.clone();
    let host = Closure::<dyn FnMut(Event)>::new(move |e: Event| {
        let submitter = Reflect::get(&e, &"submitter".into()).ok().and_then(|s| s.dyn_into::<Element>().ok());
        let name = submitter.and_then(|s| s.get_attribute("name")).unwrap_or_default();
        sink.borrow_mut().push((name, e.default_prevented()));
        e.prevent_default();
    });
    form.add_event_listener_with_callback("submit", host.as_ref().unchecked_ref()).unwrap();
    (seen, host)
}

fn submit_button(form: &HtmlFormElement, name: &str, no_validate: bool) -> HtmlElement {
    let button = document().create_element("button").unwrap();
    button.set_attribute("type", "submit").unwrap();
    button.set_attribute("name", name).unwrap();
    if no_validate {
        button.set_attribute("formnovalidate", "").unwrap();
    }
    button.set_text_content(Some(name));
    form.append_child(&button).unwrap();
    button.dyn_into().unwrap()
}

#[wasm_bindgen_test]
fn a_submit_that_asks_for_no_validation_passes_untouched() {
    let form = form(&[]);
    let cancel = submit_button(&form, "cancel", true);
    let save = submit_button(&form, "save", false);
    let _widget = attached(&form);
    let (seen, host) = record_submits(&form);
    type_into(&input(&form, "#new"), "harbor");
    // Cancel, clicked or by requestSubmit(button): not refused, focus left where it was.
    cancel.focus().unwrap();
    cancel.click();
    form.request_submit_with_submitter(Some(&cancel)).unwrap();
    assert_eq!(*seen.borrow(), [("cancel".to_owned(), false), ("cancel".to_owned(), false)]);
    assert_eq!(document().active_element().unwrap().get_attribute("name").as_deref(), Some("cancel"));
    // Save validates: refused, with focus on the first unmet rule, and never reaches the host.
    save.click();
    assert_eq!(seen.borrow().len(), 2);
    assert_eq!(document().active_element().unwrap().get_attribute("data-rule").as_deref(), Some("minLength"));
    // A form with `novalidate` has said its submits need no validation: all of them go out.
    form.set_no_validate(true);
    save.click();
    form.request_submit().unwrap();
    assert_eq!(seen.borrow()[2..], [("save".to_owned(), false), (String::new(), false)]);
    form.remove_event_listener_with_callback("submit", host.as_ref().unchecked_ref()).unwrap();
}

#[wasm_bindgen_test]
async fn without_the_strength_check_the_checklist_says_the_server_checks_strength() {
    let form = form(&[("data-hmis-min-strength", "3")]);
    // The estimator the entry script passes, when its worker cannot load.
    let failing = Closure::<dyn Fn(String, JsValue) -> Promise>::new(|_: String, _: JsValue| {
        Promise::reject(&js_sys::Error::new("the strength worker failed to load").into())
    });
    let estimator: js_sys::Function = failing.as_ref().unchecked_ref::<js_sys::Function>().clone();
    let widget = attach(form.clone().into(), JsValue::UNDEFINED, Some(estimator)).map_err(JsValue::from).unwrap();
    assert_eq!(rule_met(&form, "minStrength"), "false");
    type_into(&input(&form, "#new"), "Harbor-Lamp-72");
    type_into(&input(&form, "#confirm"), "Harbor-Lamp-72");
    let strength = part(&form, "strength").unwrap();
    for _ in 0..200 {
        if strength.get_attribute("data-unavailable").is_some() {
            break;
        }
        next_task().await;
    }
    assert_eq!(strength.get_attribute("data-unavailable").as_deref(), Some("true"), "the estimator's failure was seen");
    // The verdict leaves strength to the server, and so does the checklist: nothing on screen is
    // "still needed" while the verdict says valid.
    let verdict = widget.verdict();
    assert_eq!(get(&verdict, "valid"), JsValue::TRUE);
    assert!(Array::from(&get(&verdict, "rules")).iter().all(|r| get(&r, "met") == JsValue::TRUE));
    let item = form.query_selector("[data-rule=\"minStrength\"]").unwrap().unwrap();
    assert_eq!(item.get_attribute("data-met"), None);
    assert_eq!(item.get_attribute("data-checked-by").as_deref(), Some("server"));
    assert_eq!(item.text_content().unwrap(), "Strength is checked by the server when you save");
    let items = form.query_selector_all("[data-hmis-part=\"rule\"]").unwrap();
    for i in 0..items.length() {
        let item: Element = items.item(i).unwrap().dyn_into().unwrap();
        assert!(!item.text_content().unwrap().contains("Still needed"), "{:?}", item.text_content());
        assert_ne!(item.get_attribute("data-met").as_deref(), Some("false"), "{:?}", item.get_attribute("data-rule"));
    }
    assert!(form.check_validity(), "the form is valid, as the verdict says");
}

#[wasm_bindgen_test]
fn configuration_mistakes_in_a_journey_are_refused_at_attach_naming_the_key() {
    let journey = |extra: &str| {
        let root = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&root).unwrap();
        let options = js_sys::JSON::parse(&format!(r#"{{"journey": "firstLogin", {extra}}}"#)).unwrap();
        (root.clone(), attach(root, options, None))
    };
    // Credentials to another origin: refused now, not at the first submit.
    let (root, result) = journey(r#""backend": {"endpoints": {"signIn": "https://hmis.example.net/api/sign-in"}}"#);
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    assert_eq!(
        error_message(result),
        format!("config.backend.endpoints.signIn.url: expected a URL on this page's origin ({origin}), or backend.allowCrossOrigin: true to send credentials to https://hmis.example.net, got \"https://hmis.example.net/api/sign-in\"")
    );
    assert_eq!(root.child_element_count(), 0, "nothing is drawn");
    let (_root, result) = journey(r#""backend": {"endpoints": {"signIn": "https://hmis.example.net/api/sign-in"}, "allowCrossOrigin": true}"#);
    assert!(result.is_ok());
    // Where the person's tab goes: a web page, never a script.
    let (root, result) = journey(r#""backend": {"baseUrl": "/api"}, "continueUrl": "javascript:alert(document.domain)""#);
    assert_eq!(
        error_message(result),
        "config.continueUrl: expected an http: or https: URL, or a path on this site, got \"javascript:alert(document.domain)\""
    );
    assert_eq!(root.child_element_count(), 0, "nothing is drawn");
    let root = document().create_element("div").unwrap();
    root.set_attribute("data-hmis-journey", "forgotPassword").unwrap();
    root.set_attribute("data-hmis-sign-in-url", "data:text/html,<p>Sign in</p>").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let options = js_sys::JSON::parse(r#"{"backend": {"baseUrl": "/api"}}"#).unwrap();
    assert!(error_message(attach(root, options, None)).starts_with("config.signInUrl: expected an http: or https: URL"));
}

#[wasm_bindgen_test]
fn an_empty_optional_new_password_blocks_nothing_and_the_guard_can_be_turned_off() {
    // "Leave blank to keep your password": the new password is not required.
    let f = form(&[]);
    let _widget = attach(f.clone().into(), JsValue::UNDEFINED, None).map_err(JsValue::from).unwrap();
    let (new, confirm) = (input(&f, "#new"), input(&f, "#confirm"));
    assert!(!new.required());
    type_into(&new, "");
    assert!(f.check_validity(), "nothing typed, nothing to guard");
    type_into(&new, "short");
    assert!(!f.check_validity(), "a new password being typed is guarded");
    type_into(&new, "");
    type_into(&confirm, "");
    assert!(f.check_validity());
    // Required, an empty new password is refused as the browser would anyway.
    let g = form(&[]);
    input(&g, "#new").set_required(true);
    let _guarded = attach(g.clone().into(), JsValue::UNDEFINED, None).map_err(JsValue::from).unwrap();
    assert!(!g.check_validity());
    // Off: submits go out; the verdict still says where the password stands.
    let h = form(&[]);
    let options = js_sys::JSON::parse(r#"{"submitGuard": false}"#).unwrap();
    let widget = attach(h.clone().into(), options, None).map_err(JsValue::from).unwrap();
    type_into(&input(&h, "#new"), "short");
    assert!(h.check_validity(), "the guard is off");
    let verdict = widget.verdict();
    assert_eq!(Reflect::get(&verdict, &"valid".into()).unwrap().as_bool(), Some(false));
}

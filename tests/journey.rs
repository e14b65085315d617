//! The guided journeys in real browsers, against a backend function that plays the HMIS
//! server: the same shell code the demo runs against the reference server over HTTP.
#![cfg(target_arch = "wasm32")]

use hmis_onboard::attach;
use hmis_onboard::totp;
use js_sys::{Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlFormElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

type Calls = Rc<RefCell<Vec<(String, JsValue)>>>;

/// A backend function whose answers the test scripts: `answer(action, payload)` returns
/// `(status, body JSON)`. Every call is recorded.
fn backend(answer: impl Fn(&str, &JsValue) -> (u16, &'static str) + 'static) -> (Function, Calls) {
    let calls: Calls = Rc::default();
    let log = calls.clone();
    let f = Closure::<dyn Fn(String, JsValue) -> Promise>::new(move |action: String, payload: JsValue| {
        log.borrow_mut().push((action.clone(), payload.clone()));
        let (status, body) = answer(&action, &payload);
        let result = Object::new();
        Reflect::set(&result, &"status".into(), &status.into()).unwrap();
        Reflect::set(&result, &"body".into(), &js_sys::JSON::parse(body).unwrap()).unwrap();
        if status == 429 {
            Reflect::set(&result, &"retryAfter".into(), &2.into()).unwrap();
        }
        Promise::resolve(&JsValue::from(result))
    });
    let function: Function = f.as_ref().clone().unchecked_into();
    f.forget(); // lives as long as the test page
    (function, calls)
}

fn container() -> Element {
    let doc = web_sys::window().unwrap().document().unwrap();
    let div = doc.create_element("div").unwrap();
    doc.body().unwrap().append_child(&div).unwrap();
    div
}

fn options(journey: &str, backend: &Function, extra: &str) -> JsValue {
    let o = js_sys::JSON::parse(&format!(r#"{{"journey": "{journey}"{extra}}}"#)).unwrap();
    Reflect::set(&o, &"backend".into(), backend).unwrap();
    o
}

async fn turn() {
    let p = Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0).unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// Waits, in event-loop turns, until the step on screen is `id`.
async fn step(root: &Element, id: &str) -> Element {
    for _ in 0..300 {
        if let Some(form) = root.query_selector(&format!("[data-hmis-part=\"step\"][data-step=\"{id}\"]")).unwrap() {
            if form.get_attribute("aria-busy").as_deref() != Some("true") {
                return form;
            }
        }
        turn().await;
    }
    let shown = root.query_selector("[data-hmis-part=\"step\"]").unwrap().and_then(|f| f.get_attribute("data-step"));
    panic!("step {id} never came; on screen: {shown:?}");
}

/// Waits, in event-loop turns, until the step's request has been answered with an error, and
/// says which (`data-error`; "" if none came).
async fn settled_error(form: &Element) -> String {
    let error = || form.get_attribute("data-error").unwrap_or_default();
    for _ in 0..300 {
        if !error().is_empty() && form.get_attribute("aria-busy").as_deref() != Some("true") {
            break;
        }
        turn().await;
    }
    error()
}

fn fill(form: &Element, name: &str, value: &str) {
    let input: HtmlInputElement = form.query_selector(&format!("[name=\"{name}\"]")).unwrap().expect(name).unchecked_into();
    input.set_value(value);
    input.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

fn submit(form: &Element) {
    form.clone().unchecked_into::<HtmlFormElement>().request_submit().unwrap();
}

fn click(form: &Element, selector: &str) {
    form.query_selector(selector).unwrap().expect(selector).unchecked_into::<HtmlElement>().click();
}

fn payload(calls: &Calls, action: &str) -> JsValue {
    calls.borrow().iter().rev().find(|(a, _)| a == action).map(|(_, p)| p.clone()).expect(action)
}

fn field(payload: &JsValue, key: &str) -> String {
    Reflect::get(payload, &key.into()).unwrap().as_string().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn first_login_walks_every_step_to_done() {
    let (backend, calls) = backend(|action, _| match action {
        "signIn" => (200, r#"{"mustChangePassword": true, "termsText": "<b>Use HMIS data only for your work.</b>", "termsVersion": "2025-05"}"#),
        "startTotp" => (200, r#"{"totpUri": "otpauth://totp/Demo:jsmith?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Demo"}"#),
        _ => (200, "{}"),
    });
    let root = container();
    let completed = Rc::new(RefCell::new(None));
    let sink = completed.clone();
    let on_complete = Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| *sink.borrow_mut() = Some(e.detail()));
    root.add_event_listener_with_callback("hmis-onboard:complete", on_complete.as_ref().unchecked_ref()).unwrap();
    let _widget = attach(root.clone(), options("firstLogin", &backend, ""), None).map_err(JsValue::from).unwrap();

    let form = step(&root, "signIn").await;
    let focused = || web_sys::window().unwrap().document().unwrap().active_element().and_then(|e| e.get_attribute("data-hmis-part"));
    assert_ne!(focused().as_deref(), Some("step-heading"), "the first step leaves focus where the page put it");
    fill(&form, "username", " jsmith ");
    fill(&form, "password", "Temp-Pass-2024!");
    submit(&form);

    let form = step(&root, "terms").await;
    assert_eq!(focused().as_deref(), Some("step-heading"), "each later step takes focus to its heading");
    // Hostile text from the server is shown as text.
    let terms = form.query_selector("[data-hmis-part=\"terms-text\"]").unwrap().unwrap();
    assert_eq!(terms.text_content().unwrap(), "<b>Use HMIS data only for your work.</b>");
    assert_eq!(terms.child_element_count(), 0);
    submit(&form); // the accept box is required: nothing is sent
    turn().await;
    assert!(!calls.borrow().iter().any(|(a, _)| a == "acceptTerms"));
    click(&form, "input[name=\"accept\"]");
    submit(&form);

    let form = step(&root, "changePassword").await;
    assert_eq!(field(&payload(&calls, "acceptTerms"), "termsVersion"), "2025-05");
    assert!(form.query_selector("[data-hmis-part=\"rules\"]").unwrap().is_some(), "the live checklist is there");
    fill(&form, "currentPassword", "Temp-Pass-2024!");
    fill(&form, "newPassword", "Harbor-Lamp-72");
    fill(&form, "confirmPassword", "Harbor-Lamp-72");
    submit(&form);

    let form = step(&root, "browserSaving").await;
    // The sign-in password was set without a keystroke, as a browser's autofill does.
    let lead = form.query_selector("[data-hmis-part=\"saving-howto\"]").unwrap().unwrap();
    assert_eq!(lead.get_attribute("data-autofilled").as_deref(), Some("true"));
    assert!(lead.text_content().unwrap().contains("filled in your password"));
    let sent = payload(&calls, "changePassword");
    assert_eq!((field(&sent, "currentPassword"), field(&sent, "newPassword")), ("Temp-Pass-2024!".into(), "Harbor-Lamp-72".into()));
    submit(&form);
    let form = step(&root, "popups").await;
    submit(&form);

    let form = step(&root, "recovery").await;
    fill(&form, "question", "What is your favorite color?");
    let warning = form.query_selector("[data-hmis-part=\"question-warning\"]").unwrap().unwrap();
    assert_eq!(warning.get_attribute("data-active").as_deref(), Some("true"));
    fill(&form, "question", "What did my grandmother call her garden shed?");
    assert_eq!(warning.get_attribute("data-active").as_deref(), Some("false"));
    fill(&form, "answer", "harbor-lamp-72");
    fill(&form, "confirmAnswer", "harbor-lamp-72");
    let not_password = form.query_selector("[data-rule=\"answerNotPassword\"]").unwrap().unwrap();
    assert_eq!(not_password.get_attribute("data-met").as_deref(), Some("false"), "the answer may not be the new password");
    submit(&form);
    turn().await;
    assert!(!calls.borrow().iter().any(|(a, _)| a == "setRecovery"));
    fill(&form, "answer", "  The Blue   Palace ");
    fill(&form, "confirmAnswer", "the blue palace");
    submit(&form);

    let form = step(&root, "twoStep").await;
    assert_eq!(field(&payload(&calls, "setRecovery"), "answer"), "the blue palace", "normalised before posting");
    let key = form.query_selector("[data-hmis-part=\"totp-key\"]").unwrap().unwrap().text_content().unwrap();
    assert_eq!(key, "GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ");
    let qr = form.query_selector("svg[data-hmis-part=\"totp-qr\"]").unwrap().expect("an inline SVG QR code");
    assert_eq!(qr.get_attribute("role").as_deref(), Some("img"));
    // The secret is shown as text (to type into the app) and nowhere in an attribute.
    let all = form.query_selector_all("*").unwrap();
    for i in 0..all.length() {
        let el: Element = all.item(i).unwrap().unchecked_into();
        for name in el.get_attribute_names().iter() {
            let value = el.get_attribute(&name.as_string().unwrap()).unwrap_or_default();
            assert!(!value.contains("GEZDGNBV") && !value.contains("otpauth"), "attribute {name:?} = {value:?}");
        }
    }
    let code = totp::totp(b"12345678901234567890", (js_sys::Date::now() / 1000.0) as u64, 30, 6);
    fill(&form, "code", &format!("{} {}", &code[..3], &code[3..]));
    submit(&form);

    let done = step(&root, "done").await;
    assert_eq!(field(&payload(&calls, "verifyTotp"), "code"), code);
    let items = done.query_selector_all("[data-hmis-part=\"summary-item\"]").unwrap().length();
    assert_eq!(items, 4, "terms, password, recovery, 2-step");
    let detail = completed.borrow().clone().expect("a complete event");
    let summary = Reflect::get(&detail, &"summary".into()).unwrap();
    assert_eq!(Reflect::get(&summary, &"twoStep".into()).unwrap().as_string().unwrap(), "on");
    let actions: Vec<String> = calls.borrow().iter().map(|(a, _)| a.clone()).collect();
    assert_eq!(actions, ["signIn", "acceptTerms", "changePassword", "setRecovery", "startTotp", "verifyTotp"], "one request per step");
}

#[wasm_bindgen_test]
async fn errors_keep_the_step_and_what_was_typed() {
    let attempts = Rc::new(RefCell::new(0));
    let count = attempts.clone();
    let (backend, calls) = backend(move |action, _| {
        *count.borrow_mut() += 1;
        match (action, *count.borrow()) {
            ("signIn", 1) => (401, r#"{"message": "no"}"#),
            ("signIn", 2) => (503, "{}"),
            ("signIn", 3) => (422, r#"{"errors": {"username": "<i>Unknown format</i>"}}"#),
            _ => (200, r#"{"mustChangePassword": false, "recoverySet": true}"#),
        }
    });
    let root = container();
    let _widget = attach(root.clone(), options("firstLogin", &backend, ""), None).map_err(JsValue::from).unwrap();
    let form = step(&root, "signIn").await;
    fill(&form, "username", "jsmith");
    fill(&form, "password", "Temp-Pass-2024!");
    let error = form.query_selector("[data-hmis-part=\"error\"]").unwrap().unwrap();

    submit(&form);
    let form = step(&root, "signIn").await;
    assert_eq!(form.get_attribute("data-error").as_deref(), Some("wrongCredentials"));
    assert!(error.text_content().unwrap().contains("case sensitive"));

    submit(&form);
    let form = step(&root, "signIn").await;
    assert_eq!(form.get_attribute("data-error").as_deref(), Some("retry"));
    let password: HtmlInputElement = form.query_selector("[name=\"password\"]").unwrap().unwrap().unchecked_into();
    assert_eq!(password.value(), "Temp-Pass-2024!", "nothing typed is lost");

    submit(&form);
    let form = step(&root, "signIn").await;
    let field_error = form.query_selector("[data-field=\"username\"] [data-hmis-part=\"field-error\"]").unwrap().unwrap();
    assert_eq!(field_error.text_content().unwrap(), "<i>Unknown format</i>");
    assert_eq!(field_error.child_element_count(), 0, "server text is never HTML");

    submit(&form);
    step(&root, "done").await;
    assert_eq!(calls.borrow().len(), 4);
}

#[wasm_bindgen_test]
async fn a_rate_limit_counts_down_and_refuses_submits_until_it_ends() {
    let (backend, calls) = backend(|_, _| (429, r#"{"message": "slow down"}"#));
    let root = container();
    let _widget = attach(root.clone(), options("forgotPassword", &backend, ""), None).map_err(JsValue::from).unwrap();
    let form = step(&root, "forgotUsername").await;
    fill(&form, "username", "jsmith");
    submit(&form);
    let form = step(&root, "forgotUsername").await;
    assert_eq!(form.get_attribute("data-error").as_deref(), Some("rateLimited"));
    let counter = form.query_selector("[data-hmis-part=\"countdown\"]").unwrap().unwrap();
    assert_eq!(counter.get_attribute("data-seconds").as_deref(), Some("2"));
    assert_eq!(form.query_selector("[data-hmis-part=\"primary\"]").unwrap().unwrap().get_attribute("aria-disabled").as_deref(), Some("true"));
    submit(&form);
    turn().await;
    assert_eq!(calls.borrow().len(), 1, "no request while the countdown runs");
}

#[wasm_bindgen_test]
async fn forgot_password_shows_the_question_as_text_and_resets() {
    let (backend, calls) = backend(|action, _| match action {
        "forgotStart" => (200, r#"{"question": "<script>alert(1)</script>?"}"#),
        "forgotAnswer" => (200, r#"{"resetToken": "tok-123"}"#),
        _ => (200, "{}"),
    });
    let root = container();
    let _widget = attach(root.clone(), options("forgotPassword", &backend, r#", "signInUrl": "/""#), None).map_err(JsValue::from).unwrap();
    let form = step(&root, "forgotUsername").await;
    fill(&form, "username", "jsmith");
    submit(&form);
    let form = step(&root, "forgotAnswer").await;
    let question = form.query_selector("[data-hmis-part=\"question\"]").unwrap().unwrap();
    assert_eq!(question.text_content().unwrap(), "<script>alert(1)</script>?");
    assert!(root.query_selector("script").unwrap().is_none());
    fill(&form, "answer", "The Blue  Palace");
    submit(&form);
    let form = step(&root, "forgotReset").await;
    assert_eq!(field(&payload(&calls, "forgotAnswer"), "answer"), "the blue palace");
    assert_eq!(field(&payload(&calls, "forgotAnswer"), "username"), "jsmith");
    fill(&form, "newPassword", "jsmith-Lamp-72");
    fill(&form, "confirmPassword", "jsmith-Lamp-72");
    submit(&form);
    turn().await;
    assert!(!calls.borrow().iter().any(|(a, _)| a == "forgotReset"), "the username is refused by the live rules");
    fill(&form, "newPassword", "Harbor-Lamp-72");
    fill(&form, "confirmPassword", "Harbor-Lamp-72");
    submit(&form);
    step(&root, "done").await;
    assert_eq!(field(&payload(&calls, "forgotReset"), "resetToken"), "tok-123");
}

#[wasm_bindgen_test]
async fn security_settings_menu_returns_with_a_notice() {
    let (backend, calls) = backend(|_, _| (200, "{}"));
    let root = container();
    let _widget = attach(root.clone(), options("securitySettings", &backend, ""), None).map_err(JsValue::from).unwrap();
    let form = step(&root, "reauthenticate").await;
    fill(&form, "password", "Harbor-Lamp-72");
    submit(&form);
    let menu = step(&root, "menu").await;
    let items: Vec<String> = {
        let list = menu.query_selector_all("[data-hmis-part=\"menu-item\"]").unwrap();
        (0..list.length()).map(|i| list.item(i).unwrap().unchecked_into::<Element>().get_attribute("data-item").unwrap()).collect()
    };
    assert_eq!(items, ["changePassword", "setUpTwoStep", "turnOffTwoStep", "recovery"]);
    click(&menu, "[data-item=\"turnOffTwoStep\"]");
    let form = step(&root, "turnOffTwoStep").await;
    submit(&form);
    let menu = step(&root, "menu").await;
    assert_eq!(menu.query_selector("[data-hmis-part=\"notice\"]").unwrap().unwrap().text_content().unwrap(), "2-step verification is off.");
    submit(&menu);
    step(&root, "done").await;
    let actions: Vec<String> = calls.borrow().iter().map(|(a, _)| a.clone()).collect();
    assert_eq!(actions, ["reauthenticate", "disableTotp"]);
}

#[wasm_bindgen_test]
async fn destroy_removes_the_journey() {
    let (backend, _) = backend(|_, _| (200, "{}"));
    let root = container();
    let mut widget = attach(root.clone(), options("forgotPassword", &backend, ""), None).map_err(JsValue::from).unwrap();
    step(&root, "forgotUsername").await;
    widget.destroy();
    assert_eq!(root.child_element_count(), 0);
}

#[wasm_bindgen_test]
async fn sign_in_asks_for_the_two_step_code_and_keeps_what_was_typed() {
    let (backend, calls) = backend(|_, payload| {
        if field(payload, "code").is_empty() {
            (401, r#"{"message": "Enter the code from your app.", "totpRequired": true}"#)
        } else {
            (200, r#"{"mustChangePassword": false, "recoverySet": true}"#)
        }
    });
    let root = container();
    let _widget = attach(root.clone(), options("firstLogin", &backend, ""), None).map_err(JsValue::from).unwrap();
    let form = step(&root, "signIn").await;
    fill(&form, "username", "jsmith");
    fill(&form, "password", "Harbor-Lamp-72");
    submit(&form);
    for _ in 0..300 {
        if root.query_selector("[name=\"code\"]").unwrap().is_some() {
            break;
        }
        turn().await;
    }
    let form = step(&root, "signIn").await;
    let password: HtmlInputElement = form.query_selector("[name=\"password\"]").unwrap().unwrap().unchecked_into();
    assert_eq!(password.value(), "Harbor-Lamp-72");
    fill(&form, "code", "123 456");
    submit(&form);
    step(&root, "done").await;
    let sent = payload(&calls, "signIn");
    assert_eq!((field(&sent, "username"), field(&sent, "code")), ("jsmith".into(), "123456".into()));
}

#[wasm_bindgen_test]
fn an_unencrypted_or_broken_endpoint_is_refused_at_attach_naming_the_key() {
    let refused = |config: &str| {
        let root = container();
        let options = js_sys::JSON::parse(config).unwrap();
        let error = attach(root.clone(), options, None).err().map(JsValue::from).expect("attach must throw");
        assert_eq!(root.child_element_count(), 0, "nothing is drawn for a refused configuration");
        root.remove();
        js_sys::Error::from(error).message().as_string().unwrap()
    };
    assert_eq!(
        refused(r#"{"journey": "forgotPassword", "backend": {"baseUrl": "http://hmis.example.org/api"}}"#),
        "config.backend.baseUrl: expected an https: URL (plain http: only to localhost), so passwords travel encrypted, got \"http://hmis.example.org/api/sign-in\""
    );
    assert_eq!(
        refused(r#"{"journey": "forgotPassword", "backend": {"endpoints": {"forgotStart": "https://[bad"}}}"#),
        "config.backend.endpoints.forgotStart.url: expected a valid URL, got \"https://[bad\""
    );
    // The test page itself is served over http: from 127.0.0.1, so the default endpoints are fine.
    let root = container();
    let options = js_sys::JSON::parse(r#"{"journey": "forgotPassword", "backend": {}}"#).unwrap();
    let mut widget = attach(root.clone(), options, None).map_err(JsValue::from).unwrap();
    assert!(root.child_element_count() > 0);
    widget.destroy();
    root.remove();
}

#[wasm_bindgen_test]
async fn a_lapsed_re_entry_window_sends_the_change_typed_before_once_the_password_is_in() {
    let changes = Rc::new(RefCell::new(0));
    let count = changes.clone();
    let (backend, calls) = backend(move |action, _| match action {
        "reauthenticate" => (200, r#"{"username": "jsmith"}"#),
        "changePassword" => {
            *count.borrow_mut() += 1;
            if *count.borrow() == 1 {
                (403, r#"{"message": "Enter your password again.", "code": "reauthenticationRequired"}"#)
            } else {
                (200, "{}")
            }
        }
        _ => (200, "{}"),
    });
    let root = container();
    let _widget = attach(root.clone(), options("securitySettings", &backend, ""), None).map_err(JsValue::from).unwrap();
    let form = step(&root, "reauthenticate").await;
    fill(&form, "password", "Harbor-Lamp-72");
    submit(&form);
    let menu = step(&root, "menu").await;
    click(&menu, "[data-item=\"changePassword\"]");
    let form = step(&root, "changePassword").await;
    // The username from the re-entry answer: the rule is checked, not shown as met by default.
    fill(&form, "newPassword", "jsmith-Xq7!");
    let rule = form.query_selector("[data-rule=\"notUsername\"]").unwrap().expect("the username rule is shown");
    assert_eq!(rule.get_attribute("data-met").as_deref(), Some("false"));
    fill(&form, "currentPassword", "Harbor-Lamp-72");
    fill(&form, "newPassword", "Quiet-Harbor-57");
    fill(&form, "confirmPassword", "Quiet-Harbor-57");
    submit(&form);

    let form = step(&root, "reauthenticate").await;
    assert_eq!(form.get_attribute("data-error").as_deref(), Some("reauthenticationRequired"));
    let error = form.query_selector("[data-hmis-part=\"error\"]").unwrap().unwrap().text_content().unwrap();
    assert!(error.starts_with("Enter your password again. "), "{error}");
    fill(&form, "password", "Harbor-Lamp-72");
    submit(&form);
    let menu = step(&root, "menu").await;
    assert_eq!(menu.query_selector("[data-hmis-part=\"notice\"]").unwrap().unwrap().text_content().unwrap(), "Your password was changed.");
    let actions: Vec<String> = calls.borrow().iter().map(|(a, _)| a.clone()).collect();
    assert_eq!(actions, ["reauthenticate", "changePassword", "reauthenticate", "changePassword"]);
    let sent = payload(&calls, "changePassword");
    assert_eq!((field(&sent, "currentPassword"), field(&sent, "newPassword")), ("Harbor-Lamp-72".into(), "Quiet-Harbor-57".into()));
    assert_eq!(root.query_selector_all("input[type=\"password\"]").unwrap().length(), 0, "no password field left on the menu");
}

#[wasm_bindgen_test]
async fn a_backend_function_that_answers_without_a_body_skips_no_step() {
    // `{status: 200}` at sign-in says nothing about what is left to do.
    let (backend, _) = backend(|action, _| match action {
        "signIn" => (200, "null"),
        _ => (200, "{}"),
    });
    let root = container();
    let _widget = attach(root.clone(), options("firstLogin", &backend, ""), None).map_err(JsValue::from).unwrap();
    let form = step(&root, "signIn").await;
    sign_in(&form);
    assert_eq!(settled_error(&form).await, "unexpected");
    assert!(root.query_selector("[data-step=\"done\"]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn a_function_for_one_action_serves_it_beside_the_mapped_ones() {
    let (start, calls) = backend(|_, _| (200, r#"{"question": "Which street did I grow up on?"}"#));
    let options = js_sys::JSON::parse(r#"{"journey": "forgotPassword", "backend": {"baseUrl": "/api", "endpoints": {}}}"#).unwrap();
    let endpoints = Reflect::get(&Reflect::get(&options, &"backend".into()).unwrap(), &"endpoints".into()).unwrap();
    Reflect::set(&endpoints, &"forgotStart".into(), &start).unwrap();
    let root = container();
    let _widget = attach(root.clone(), options.clone(), None).map_err(JsValue::from).unwrap();
    let form = step(&root, "forgotUsername").await;
    fill(&form, "username", "jsmith");
    submit(&form);
    let form = step(&root, "forgotAnswer").await;
    assert_eq!(form.query_selector("[data-hmis-part=\"question\"]").unwrap().unwrap().text_content().unwrap(), "Which street did I grow up on?");
    assert_eq!(calls.borrow().len(), 1, "the function served forgotStart");
    // The next action is mapped: it goes to /api/forgot/answer, which the test server does not have.
    fill(&form, "answer", "Maple Avenue");
    submit(&form);
    assert_eq!(settled_error(&form).await, "refused", "the mapped endpoint was asked (and answered 404)");
    assert_eq!(calls.borrow().len(), 1, "the function serves its own action only");
    assert!(Reflect::get(&endpoints, &"forgotStart".into()).unwrap().is_function(), "the host's options are left as passed");

    let (stray, _) = backend(|_, _| (200, "{}"));
    let options = js_sys::JSON::parse(r#"{"journey": "forgotPassword", "backend": {"endpoints": {}}}"#).unwrap();
    let endpoints = Reflect::get(&Reflect::get(&options, &"backend".into()).unwrap(), &"endpoints".into()).unwrap();
    Reflect::set(&endpoints, &"forgotStarts".into(), &stray).unwrap();
    let other = container();
    let error = attach(other.clone(), options, None).err().map(JsValue::from).expect("an unknown action is refused");
    let message = js_sys::Error::from(error).message().as_string().unwrap();
    assert!(message.starts_with("config.backend.endpoints.forgotStarts: expected one of the actions"), "{message}");
    assert_eq!(other.child_element_count(), 0);
}

#[wasm_bindgen_test]
async fn a_get_endpoint_is_fetched_without_a_body() {
    // The test server's own page answers the GET: an HTML 200 (so, unexpected), which proves the
    // request left without a body (a GET with one is refused by fetch before anything is sent).
    let options = js_sys::JSON::parse(
        r#"{"journey": "forgotPassword", "backend": {"endpoints": {"forgotStart": {"url": "/", "method": "GET"}}}}"#,
    )
    .unwrap();
    let root = container();
    let _widget = attach(root.clone(), options, None).map_err(JsValue::from).unwrap();
    let form = step(&root, "forgotUsername").await;
    fill(&form, "username", "jsmith");
    submit(&form);
    assert_eq!(settled_error(&form).await, "unexpected");
}

/// Signs in as jsmith with the temporary password on the sign-in step `form`.
fn sign_in(form: &Element) {
    fill(form, "username", "jsmith");
    fill(form, "password", "Temp-Pass-2024!");
    submit(form);
}

/// The element ids in `input`'s `aria-describedby`, resolved to their text.
fn description(input: &Element) -> Vec<String> {
    let doc = web_sys::window().unwrap().document().unwrap();
    input
        .get_attribute("aria-describedby")
        .unwrap_or_default()
        .split_whitespace()
        .map(|id| doc.get_element_by_id(id).unwrap_or_else(|| panic!("describedby names {id}, which is not there")).text_content().unwrap())
        .collect()
}

#[wasm_bindgen_test]
async fn the_recovery_rules_say_their_state_in_words_describe_the_fields_and_announce_changes() {
    let (backend, _) = backend(|action, _| match action {
        "signIn" => (200, r#"{"mustChangePassword": false, "recoverySet": false}"#),
        _ => (200, "{}"),
    });
    let root = container();
    let _widget = attach(root.clone(), options("firstLogin", &backend, ""), None).map_err(JsValue::from).unwrap();
    sign_in(&step(&root, "signIn").await);
    submit(&step(&root, "browserSaving").await);
    submit(&step(&root, "popups").await);
    let form = step(&root, "recovery").await;
    let list = form.query_selector("[data-hmis-part=\"recovery-rules\"]").unwrap().unwrap();
    let heading = form.query_selector("[data-hmis-part=\"rules-heading\"]").unwrap().unwrap();
    assert_eq!(list.get_attribute("aria-labelledby"), Some(heading.id()));
    let state = |rule: &str| {
        form.query_selector(&format!("[data-rule=\"{rule}\"] [data-hmis-part=\"rule-state\"]")).unwrap().unwrap().text_content().unwrap()
    };
    assert_eq!(state("questionLength"), "Still needed:");
    let status = form.query_selector("[data-hmis-part=\"status\"]").unwrap().unwrap();
    assert_eq!(status.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(status.text_content().unwrap(), "", "nothing is said before the person types");
    fill(&form, "question", "What did my grandmother call her garden shed?");
    assert_eq!(state("questionLength"), "Done:");
    assert!(status.text_content().unwrap().contains("Done: The question has"), "{:?}", status.text_content());
    for name in ["question", "answer", "confirmAnswer"] {
        let input = form.query_selector(&format!("input[name=\"{name}\"]")).unwrap().unwrap();
        let said = description(&input).join(" ");
        assert!(said.contains("Done:") && said.contains("The answer is not your password"), "{name}: {said}");
    }
    // The show/hide buttons of the answers say what they show.
    let toggles: Vec<String> = (0..2)
        .map(|i| form.query_selector_all("[data-hmis-part=\"toggle-visibility\"]").unwrap().item(i).unwrap().text_content().unwrap())
        .collect();
    assert_eq!(toggles, ["Show answer", "Show answer"]);
    // Live regions are in the page, empty, before they speak.
    let warning = form.query_selector("[data-hmis-part=\"question-warning\"]").unwrap().unwrap();
    let get_style: Function = Reflect::get(&web_sys::window().unwrap(), &"getComputedStyle".into()).unwrap().unchecked_into();
    let style = get_style.call1(&JsValue::NULL, &warning).unwrap();
    assert_ne!(Reflect::get(&style, &"display".into()).unwrap().as_string().unwrap(), "none");
}

#[wasm_bindgen_test]
async fn the_confirmation_is_described_by_its_status_and_the_username_is_no_password_manager_hint_under_hmis() {
    for (preset, autocomplete) in [("hmis", "off"), ("nist", "username")] {
        let (backend, _) = backend(|action, _| match action {
            "signIn" => (200, r#"{"mustChangePassword": true}"#),
            _ => (200, "{}"),
        });
        let root = container();
        let extra = format!(r#", "preset": "{preset}""#);
        let _widget = attach(root.clone(), options("firstLogin", &backend, &extra), None).map_err(JsValue::from).unwrap();
        sign_in(&step(&root, "signIn").await);
        let form = step(&root, "changePassword").await;
        let context = form.query_selector("[data-hmis-part=\"username-context\"]").unwrap().unwrap();
        assert_eq!(context.get_attribute("autocomplete").as_deref(), Some(autocomplete), "{preset}");
        fill(&form, "newPassword", "Harbor-Lamp-72-jsmith");
        let username_rule = form.query_selector("[data-rule=\"notUsername\"]").unwrap().unwrap();
        assert_eq!(username_rule.get_attribute("data-met").as_deref(), Some("false"), "{preset}: the username is still known");
        fill(&form, "confirmPassword", "Harbor");
        let confirm = form.query_selector("input[name=\"confirmPassword\"]").unwrap().unwrap();
        assert!(description(&confirm).iter().any(|d| d == "The passwords do not match yet."), "{:?}", description(&confirm));
    }
}

#[wasm_bindgen_test]
async fn a_saved_change_is_said_by_the_region_that_outlives_the_step() {
    let (backend, _) = backend(|_, _| (200, r#"{"username": "jsmith"}"#));
    let root = container();
    let _widget = attach(root.clone(), options("securitySettings", &backend, ""), None).map_err(JsValue::from).unwrap();
    let form = step(&root, "reauthenticate").await;
    fill(&form, "password", "Harbor-Lamp-72");
    submit(&form);
    click(&step(&root, "menu").await, "[data-item=\"changePassword\"]");
    let form = step(&root, "changePassword").await;
    fill(&form, "currentPassword", "Harbor-Lamp-72");
    fill(&form, "newPassword", "Quiet-Heron-48");
    fill(&form, "confirmPassword", "Quiet-Heron-48");
    submit(&form);
    step(&root, "menu").await;
    let live = root.query_selector("[data-hmis-part=\"progress\"]").unwrap().unwrap();
    assert!(live.text_content().unwrap().starts_with("Your password was changed."), "{:?}", live.text_content());
}

#[wasm_bindgen_test]
async fn recovery_codes_are_listed_as_text_with_copy_and_must_be_saved() {
    let (backend, calls) = backend(|action, _| match action {
        "signIn" => (200, r#"{"mustChangePassword": false, "recoverySet": true}"#),
        "startTotp" => (200, r#"{"totpUri": "otpauth://totp/Demo:jsmith?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Demo"}"#),
        "verifyTotp" => (200, r#"{"codes": ["1111-2222", "3333-4444"]}"#),
        _ => (200, "{}"),
    });
    let root = container();
    let extra = r#", "backend": {"response": {"recoveryCodes": "codes"}, "endpoints": {}}"#;
    // The function serves each action; the mapping says where an answer's codes are.
    let o = js_sys::JSON::parse(&format!(r#"{{"journey": "securitySettings"{extra}}}"#)).unwrap();
    let endpoints = Reflect::get(&Reflect::get(&o, &"backend".into()).unwrap(), &"endpoints".into()).unwrap();
    for action in ["reauthenticate", "startTotp", "verifyTotp"] {
        Reflect::set(&endpoints, &action.into(), &backend).unwrap();
    }
    let _widget = attach(root.clone(), o, None).map_err(JsValue::from).unwrap();
    let form = step(&root, "reauthenticate").await;
    fill(&form, "password", "Harbor-Lamp-72");
    submit(&form);
    click(&step(&root, "menu").await, "[data-item=\"setUpTwoStep\"]");
    let form = step(&root, "twoStep").await;
    let code = totp::totp(b"12345678901234567890", (js_sys::Date::now() / 1000.0) as u64, 30, 6);
    fill(&form, "code", &code);
    submit(&form);
    let form = step(&root, "recoveryCodes").await;
    let codes: Vec<String> = {
        let items = form.query_selector_all("[data-hmis-part=\"recovery-code\"]").unwrap();
        (0..items.length()).map(|i| items.item(i).unwrap().text_content().unwrap()).collect()
    };
    assert_eq!(codes, ["1111-2222", "3333-4444"]);
    assert!(form.query_selector("[data-hmis-part=\"copy-codes\"]").unwrap().is_some());
    submit(&form); // "I have saved these codes" is required
    turn().await;
    assert_eq!(form.get_attribute("data-step").as_deref(), Some("recoveryCodes"));
    click(&form, "input[name=\"saved\"]");
    submit(&form);
    step(&root, "menu").await;
    assert!(calls.borrow().iter().any(|(a, _)| a == "verifyTotp"));
}

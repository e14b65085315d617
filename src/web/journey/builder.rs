//! The shared parts every step's view is built from: a form with its heading, error area and
//! buttons; labelled fields with their error slots; paragraphs, links and the clipboard.

use super::super::view::{self, element, set, set_text};
use super::{drive, State, StepDom};
use crate::flow::{Input, Step};
use crate::messages::{Catalog, Msg};
use gloo_events::{EventListener, EventListenerOptions};
use js_sys::Reflect;
use std::cell::RefCell;
use std::rc::Weak;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, HtmlFormElement, HtmlInputElement};
use zeroize::Zeroizing;

/// How a field is typed.
#[derive(Clone, Copy)]
pub(super) enum Kind {
    Text(&'static str),
    Email,
    Password(&'static str),
    Code,
    Checkbox,
}

/// Builds one step's form: heading, error area, fields with their labels and error slots,
/// buttons wired to flow inputs.
pub(super) struct Builder {
    pub(super) doc: Document,
    pub(super) weak: Weak<RefCell<State>>,
    pub(super) catalog: Catalog,
    pub(super) step: Step,
    pub(super) form: HtmlFormElement,
    pub(super) heading: Element,
    pub(super) error: Element,
    pub(super) body: Element,
    pub(super) buttons: Element,
    pub(super) primary: Option<Element>,
    pub(super) fields: Vec<(&'static str, HtmlInputElement, Element)>,
    pub(super) listeners: Vec<EventListener>,
}

impl Builder {
    pub(super) fn new(doc: &Document, weak: Weak<RefCell<State>>, s: &State) -> Builder {
        let step = s.flow.step();
        let form: HtmlFormElement = element(doc, "form", "step").unchecked_into();
        set(&form, "data-step", step.id());
        let heading = element(doc, "h2", "step-heading");
        set(&heading, "tabindex", "-1");
        let heading_id = view::unique_id("step-heading");
        set(&heading, "id", &heading_id);
        set(&form, "aria-labelledby", &heading_id);
        let _ = form.append_child(&heading);
        if let Some(p) = s.flow.progress() {
            let progress = element(doc, "p", "step-progress");
            progress.set_text_content(Some(&s.catalog().text(Msg::JourneyProgress, &[("n", &p.position), ("total", &p.total)])));
            let _ = form.append_child(&progress);
        }
        let error = element(doc, "div", "error");
        set(&error, "role", "alert");
        let body = element(doc, "div", "step-body");
        let buttons = element(doc, "div", "step-buttons");
        let _ = form.append_with_node_3(&error, &body, &buttons);
        Builder {
            doc: doc.clone(),
            weak,
            catalog: s.catalog().clone(),
            step,
            form,
            heading,
            error,
            body,
            buttons,
            primary: None,
            fields: Vec::new(),
            listeners: Vec::new(),
        }
    }

    pub(super) fn heading(&self, msg: Msg) {
        self.heading.set_text_content(Some(&self.catalog.text(msg, &[])));
    }

    pub(super) fn add(&self, el: &Element) {
        let _ = self.body.append_child(el);
    }

    /// A paragraph of text (always as text, never as HTML).
    pub(super) fn text(&self, part: &str, text: &str) -> Element {
        let p = element(&self.doc, "p", part);
        p.set_text_content(Some(text));
        self.add(&p);
        p
    }

    pub(super) fn para(&self, part: &str, msg: Msg) -> Element {
        self.text(part, &self.catalog.text(msg, &[]))
    }

    pub(super) fn field(&mut self, name: &'static str, label: Msg, kind: Kind) -> HtmlInputElement {
        let wrapper = element(&self.doc, "div", "field");
        set(&wrapper, "data-field", name);
        let id = view::unique_id(name);
        let input: HtmlInputElement = self.doc.create_element("input").expect("input").unchecked_into();
        input.set_id(&id);
        input.set_name(name);
        let label_el = self.doc.create_element("label").expect("label");
        set(&label_el, "for", &id);
        label_el.set_text_content(Some(&self.catalog.text(label, &[])));
        match kind {
            Kind::Text(autocomplete) => {
                input.set_type("text");
                input.set_autocomplete(autocomplete);
                set(&input, "autocapitalize", "none");
                set(&input, "spellcheck", "false");
            }
            Kind::Email => {
                input.set_type("email");
                input.set_autocomplete("email");
                set(&input, "spellcheck", "false");
            }
            Kind::Password(autocomplete) => {
                input.set_type("password");
                input.set_autocomplete(autocomplete);
            }
            Kind::Code => {
                input.set_type("text");
                input.set_autocomplete("one-time-code");
                set(&input, "inputmode", "numeric");
                set(&input, "pattern", "[0-9 ]*");
            }
            Kind::Checkbox => input.set_type("checkbox"),
        }
        input.set_required(true);
        let error = element(&self.doc, "p", "field-error");
        let error_id = format!("{id}-error");
        set(&error, "id", &error_id);
        set(&input, "aria-describedby", &error_id);
        if matches!(kind, Kind::Checkbox) {
            let _ = wrapper.append_with_node_3(&input, &label_el, &error);
        } else {
            let _ = wrapper.append_with_node_3(&label_el, &input, &error);
        }
        self.add(&wrapper);
        self.fields.push((name, input.clone(), error));
        input
    }

    /// A hidden username field: context for the password rules ("does not contain your
    /// username"). Under the `nist` preset also the hint password managers use to file a new
    /// password under the right account; under `hmis` it gives them none, the guide saying the
    /// browser must never keep the HMIS password (paste and autofill are never blocked).
    pub(super) fn username_context(&self, username: &str, for_password_managers: bool) {
        let input: HtmlInputElement = self.doc.create_element("input").expect("input").unchecked_into();
        input.set_type("text");
        input.set_autocomplete(if for_password_managers { "username" } else { "off" });
        set(&input, "data-hmis-field", "username");
        input.set_value(username);
        set(&input, "hidden", "");
        set(&input, "data-hmis-part", "username-context");
        let _ = self.form.insert_before(&input, Some(&self.body));
    }

    /// A button that copies `text` to the clipboard, and the live region that then says `done`.
    pub(super) fn copy_button(&mut self, part: &str, label: Msg, done: Msg, text: Zeroizing<String>) {
        let copy = element(&self.doc, "button", part);
        set(&copy, "type", "button");
        copy.set_text_content(Some(&self.catalog.text(label, &[])));
        self.add(&copy);
        let copied = self.text("copy-status", "");
        set(&copied, "aria-live", "polite");
        let done = self.catalog.text(done, &[]);
        self.listeners.push(EventListener::new(&copy, "click", move |_| copy_text(&text, &copied, &done)));
    }

    pub(super) fn button(&mut self, part: &str, label: Msg, input: Input) -> Element {
        let button = element(&self.doc, "button", part);
        set(&button, "type", "button");
        button.set_text_content(Some(&self.catalog.text(label, &[])));
        let _ = self.buttons.append_child(&button);
        let weak = self.weak.clone();
        self.listeners.push(EventListener::new(&button, "click", move |_| {
            if let Some(rc) = weak.upgrade() {
                drive(&rc, input.clone());
            }
        }));
        button
    }

    pub(super) fn primary(&mut self, label: Msg) {
        let button = element(&self.doc, "button", "primary");
        set(&button, "type", "submit");
        button.set_text_content(Some(&self.catalog.text(label, &[])));
        let _ = self.buttons.prepend_with_node_1(&button);
        // The second and third clicks of a double or triple click (`detail` 2, 3) never submit:
        // a step moves on at once, and they would land on the next step's button.
        let active = EventListenerOptions::enable_prevent_default();
        self.listeners.push(EventListener::new_with_options(&button, "click", active, |e| {
            let count = Reflect::get(e, &"detail".into()).ok().and_then(|d| d.as_f64()).unwrap_or(0.0);
            if count > 1.0 {
                e.prevent_default();
            }
        }));
        self.primary = Some(button);
    }

    pub(super) fn finish(mut self, back: bool, cancel: bool) -> StepDom {
        if back {
            self.button("back", Msg::JourneyBack, Input::Back);
        }
        if cancel {
            self.button("cancel", Msg::JourneyCancel, Input::Cancel);
        }
        let weak = self.weak.clone();
        let active = EventListenerOptions::enable_prevent_default();
        self.listeners.push(EventListener::new_with_options(&self.form, "submit", active, move |e| {
            // The journey posts with fetch; the browser's own validation has already run.
            e.prevent_default();
            if let Some(rc) = weak.upgrade() {
                drive(&rc, Input::Submit);
            }
        }));
        StepDom {
            step: self.step,
            form: self.form,
            heading: self.heading,
            error: self.error,
            primary: self.primary,
            fields: self.fields,
            listeners: self.listeners,
            widget: None,
            countdown: None,
            has_totp: false,
            has_code: false,
            typed: None,
        }
    }
}


pub(super) fn link(doc: &Document, part: &str, href: &str, text: &str) -> Element {
    let a = element(doc, "a", part);
    set(&a, "href", href);
    a.set_text_content(Some(text));
    a
}


fn copy_text(text: &str, status: &Element, done: &str) {
    let Some(window) = web_sys::window() else { return };
    let promise = window.navigator().clipboard().write_text(text);
    let (status, done) = (status.clone(), done.to_owned());
    wasm_bindgen_futures::spawn_local(async move {
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            set_text(&status, &done);
        }
    });
}


/// The browser the page runs in, for its own steps (saved passwords, pop-ups).
pub(super) fn browser() -> crate::guidance::Browser {
    web_sys::window()
        .and_then(|w| w.navigator().user_agent().ok())
        .map(|ua| crate::guidance::Browser::from_user_agent(&ua))
        .unwrap_or(crate::guidance::Browser::Other)
}

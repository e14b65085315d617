//! The elements the widget adds, and how a verdict is written into them.
//!
//! Every text goes in as `textContent`; state goes in as `data-*` and ARIA attributes, which
//! the stylesheet and the host's tests read. Nothing here needs inline styles, so the widget
//! works under a strict Content Security Policy.

use crate::messages::{Catalog, Msg};
use crate::policy::RuleId;
use crate::verdict::{StrengthReport, Verdict};
use std::cell::{Cell, RefCell};
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

thread_local! {
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

/// A document-unique id for elements the widget creates.
pub fn unique_id(what: &str) -> String {
    let n = NEXT_ID.with(|c| {
        let n = c.get();
        c.set(n + 1);
        n
    });
    format!("hmis-onboard-{n}-{what}")
}

pub fn element(doc: &Document, tag: &str, part: &str) -> Element {
    // `.ok()` first: `Result::expect` would format the JsValue error, 0.3 KB of formatting code.
    let el = doc.create_element(tag).ok().expect("creating a standard element cannot fail");
    set(&el, "data-hmis-part", part);
    el
}

pub fn set(el: &Element, name: &str, value: &str) {
    // Only fails for invalid attribute names, and ours are constants.
    let _ = el.set_attribute(name, value);
}

/// Sets `textContent` only when it differs, so live regions announce changes, not keystrokes.
pub fn set_text(el: &Element, text: &str) {
    if el.text_content().as_deref() != Some(text) {
        el.set_text_content(Some(text));
    }
}

pub fn focus(el: &Element) {
    if let Some(el) = wasm_bindgen::JsCast::dyn_ref::<HtmlElement>(el) {
        let _ = el.focus();
    }
}

/// The show/hide button and the Caps Lock note that follow each password input.
pub struct PasswordExtras {
    pub input: HtmlInputElement,
    pub toggle: Element,
    pub capslock: Element,
}

impl PasswordExtras {
    pub fn build(doc: &Document, input: &HtmlInputElement, catalog: &Catalog) -> PasswordExtras {
        let toggle = element(doc, "button", "toggle-visibility");
        set(&toggle, "type", "button");
        set(&toggle, "aria-pressed", "false");
        if !input.id().is_empty() {
            set(&toggle, "aria-controls", &input.id());
        }
        // It says what it shows: a recovery answer is no password (`data-hmis-secret="answer"`).
        let answer = input.get_attribute("data-hmis-secret").as_deref() == Some("answer");
        toggle.set_text_content(Some(&catalog.text(if answer { Msg::ShowAnswer } else { Msg::ShowPassword }, &[])));
        let capslock = element(doc, "p", "capslock");
        set(&capslock, "aria-live", "polite");
        set(&capslock, "data-active", "false");
        let _ = input.after_with_node_2(&toggle, &capslock);
        PasswordExtras { input: input.clone(), toggle, capslock }
    }

    pub fn set_visible(&self, visible: bool) {
        self.input.set_type(if visible { "text" } else { "password" });
        set(&self.toggle, "aria-pressed", if visible { "true" } else { "false" });
    }

    pub fn set_caps_lock(&self, on: bool, catalog: &Catalog) {
        set(&self.capslock, "data-active", if on { "true" } else { "false" });
        set_text(&self.capslock, &if on { catalog.text(Msg::CapsLockOn, &[]) } else { String::new() });
    }

    pub fn remove(&self) {
        self.toggle.remove();
        self.capslock.remove();
    }
}

struct RuleItem {
    id: RuleId,
    item: Element,
    state: Element,
    text: Element,
}

/// The checklist, the strength meter and the live region under the new-password input.
pub struct Panel {
    pub root: Element,
    pub rules_id: String,
    items: Vec<RuleItem>,
    strength: Option<StrengthView>,
    status: Element,
    /// What the last render wrote, so the next writes only what changed (every DOM read or
    /// write crosses from WebAssembly into JS, and most events change one or two things).
    shown: RefCell<Shown>,
}

#[derive(Default)]
struct Shown {
    /// Per item: the `data-met` last written.
    met: Vec<Option<bool>>,
    busy: Option<bool>,
    /// `Some(None)`: the meter is cleared; `Some(Some(r))`: it shows `r`; `None`: unknown.
    strength: Option<Option<StrengthReport>>,
    status: String,
}

struct StrengthView {
    root: Element,
    meter: Element,
    label: Element,
    warning: Element,
    suggestions: Element,
}

impl Panel {
    pub fn build(doc: &Document, after: &Element, verdict: &Verdict, catalog: &Catalog, show_strength: bool) -> Panel {
        let root = element(doc, "div", "panel");
        let heading = element(doc, "p", "rules-heading");
        let heading_id = unique_id("rules-heading");
        set(&heading, "id", &heading_id);
        heading.set_text_content(Some(&catalog.text(Msg::RulesHeading, &[])));
        let list = element(doc, "ul", "rules");
        let rules_id = unique_id("rules");
        set(&list, "id", &rules_id);
        set(&list, "aria-labelledby", &heading_id);
        let items: Vec<RuleItem> = verdict
            .rules
            .iter()
            .map(|rule| {
                let item = element(doc, "li", "rule");
                set(&item, "data-rule", rule.id.as_str());
                set(&item, "tabindex", "-1");
                let state = element(doc, "span", "rule-state");
                set(&state, "class", "hmis-visually-hidden");
                let text = element(doc, "span", "rule-text");
                text.set_text_content(Some(&rule.message));
                let _ = item.append_with_node_2(&state, &text);
                let _ = list.append_child(&item);
                RuleItem { id: rule.id, item, state, text }
            })
            .collect();
        let _ = root.append_with_node_2(&heading, &list);
        let strength = show_strength.then(|| {
            let view = StrengthView::build(doc, catalog);
            let _ = root.append_child(&view.root);
            view
        });
        let status = element(doc, "p", "status");
        set(&status, "role", "status");
        set(&status, "class", "hmis-visually-hidden");
        let _ = root.append_child(&status);
        let _ = after.after_with_node_1(&root);
        let shown = Shown { met: vec![None; items.len()], strength: Some(None), ..Shown::default() };
        Panel { root, rules_id, items, strength, status, shown: RefCell::new(shown) }
    }

    pub fn item(&self, id: RuleId) -> Option<&Element> {
        self.items.iter().find(|i| i.id == id).map(|i| &i.item)
    }

    /// Writes `verdict` into the checklist and meter. `pending` says a strength estimate for
    /// the current password is on its way (the meter keeps its last state until it arrives).
    pub fn render(&self, verdict: &Verdict, pending: bool, empty: bool, announcement: &str, catalog: &Catalog) {
        let mut shown = self.shown.borrow_mut();
        for rule in &verdict.rules {
            let Some(index) = self.items.iter().position(|i| i.id == rule.id) else { continue };
            if shown.met[index] == Some(rule.met) {
                continue;
            }
            shown.met[index] = Some(rule.met);
            let item = &self.items[index];
            set(&item.item, "data-met", if rule.met { "true" } else { "false" });
            // The maximum only matters once it is exceeded: don't list it while it is met.
            if rule.id == RuleId::MaxLength {
                let _ = if rule.met { item.item.set_attribute("hidden", "") } else { item.item.remove_attribute("hidden") };
            }
            item.state.set_text_content(Some(&catalog.text(if rule.met { Msg::RuleStateMet } else { Msg::RuleStateUnmet }, &[])));
        }
        if let Some(view) = &self.strength {
            if shown.busy != Some(pending) {
                set(&view.root, "aria-busy", if pending { "true" } else { "false" });
                shown.busy = Some(pending);
            }
            let target = if empty { Some(None) } else { verdict.strength.as_ref().map(Some) };
            if let Some(target) = target {
                if shown.strength.as_ref().map(Option::as_ref) != Some(target) {
                    match target {
                        None => view.clear(),
                        Some(report) => view.show(report, shown.strength.as_ref().and_then(Option::as_ref), catalog),
                    }
                    shown.strength = Some(target.cloned());
                }
            }
        }
        // A live region: written only when the text changes, so it announces changes.
        if !announcement.is_empty() && shown.status != announcement {
            self.status.set_text_content(Some(announcement));
            shown.status = announcement.to_owned();
        }
    }
}

impl Panel {
    /// Says strength cannot be judged here (the estimator did not load).
    pub fn strength_unavailable(&self, catalog: &Catalog) {
        if let Some(view) = &self.strength {
            set(&view.root, "data-unavailable", "true");
            set(&view.root, "aria-busy", "false");
            set_text(&view.label, &catalog.text(Msg::StrengthUnavailable, &[]));
            // Written behind render's back: the next render rewrites the meter and busy state.
            let mut shown = self.shown.borrow_mut();
            shown.strength = None;
            shown.busy = None;
        }
    }
}

impl Panel {
    /// Says the server checks the strength rule: the estimator did not load, so the verdict
    /// leaves `minStrength` out, and the checklist must not go on showing it as still needed.
    /// The item stays, neither met nor unmet (`data-checked-by="server"`, no `data-met`).
    pub fn strength_rule_by_server(&self, catalog: &Catalog) {
        let Some(index) = self.items.iter().position(|i| i.id == RuleId::MinStrength) else { return };
        let rule = &self.items[index];
        if rule.item.has_attribute("data-checked-by") {
            return;
        }
        set(&rule.item, "data-checked-by", "server");
        let _ = rule.item.remove_attribute("data-met");
        set_text(&rule.state, "");
        set_text(&rule.text, &catalog.text(Msg::RuleMinStrengthByServer, &[]));
        self.shown.borrow_mut().met[index] = None;
    }
}

impl StrengthView {
    fn build(doc: &Document, catalog: &Catalog) -> StrengthView {
        let root = element(doc, "div", "strength");
        let caption = element(doc, "span", "strength-caption");
        let caption_id = unique_id("strength-caption");
        set(&caption, "id", &caption_id);
        caption.set_text_content(Some(&catalog.text(Msg::StrengthLabel, &[])));
        let meter = element(doc, "div", "meter");
        set(&meter, "role", "meter");
        set(&meter, "aria-labelledby", &caption_id);
        set(&meter, "aria-valuemin", "0");
        set(&meter, "aria-valuemax", "4");
        for _ in 0..4 {
            let _ = meter.append_child(&element(doc, "span", "meter-segment"));
        }
        let label = element(doc, "span", "strength-label");
        let warning = element(doc, "p", "strength-warning");
        let suggestions = element(doc, "ul", "strength-suggestions");
        let _ = root.append_with_node_5(&caption, &meter, &label, &warning, &suggestions);
        let view = StrengthView { root, meter, label, warning, suggestions };
        view.clear();
        view
    }

    fn clear(&self) {
        set(&self.meter, "data-score", "");
        set(&self.meter, "aria-valuenow", "0");
        let _ = self.meter.remove_attribute("aria-valuetext");
        set_text(&self.label, "");
        set_text(&self.warning, "");
        set_text(&self.suggestions, "");
    }

    /// Shows `report`, writing only what differs from `previous` (what is on screen, if known).
    fn show(&self, report: &StrengthReport, previous: Option<&StrengthReport>, catalog: &Catalog) {
        if previous.map(|p| p.score) != Some(report.score) {
            let score = report.score.to_string();
            set(&self.meter, "data-score", &score);
            set(&self.meter, "aria-valuenow", &score);
        }
        if previous.map(|p| &p.label) != Some(&report.label) {
            set(&self.meter, "aria-valuetext", &report.label);
            self.label.set_text_content(Some(&report.label));
        }
        if previous.map(|p| (&p.warning, p.truncated)) != Some((&report.warning, report.truncated)) {
            let mut warning = report.warning.clone().unwrap_or_default();
            if report.truncated {
                let note = catalog.text(Msg::StrengthTruncated, &[("count", &crate::strength::ANALYSED_CHARS)]);
                warning = if warning.is_empty() { note } else { format!("{warning} {note}") };
            }
            self.warning.set_text_content(Some(&warning));
        }
        if previous.map(|p| &p.suggestions) != Some(&report.suggestions) {
            self.suggestions.set_text_content(None);
            if let Some(doc) = self.suggestions.owner_document() {
                for text in &report.suggestions {
                    let li = element(&doc, "li", "strength-suggestion");
                    li.set_text_content(Some(text));
                    let _ = self.suggestions.append_child(&li);
                }
            }
        }
    }
}

/// The "passwords match" line under the confirmation input, its id (the input's description),
/// and the state it shows.
pub struct ConfirmStatus {
    pub el: Element,
    pub id: String,
    shown: Cell<Option<&'static str>>,
}

impl ConfirmStatus {
    pub fn build(doc: &Document, after: &Element) -> ConfirmStatus {
        let el = element(doc, "p", "confirm-status");
        let id = unique_id("confirm-status");
        set(&el, "id", &id);
        set(&el, "aria-live", "polite");
        let _ = after.after_with_node_1(&el);
        ConfirmStatus { el, id, shown: Cell::new(None) }
    }

    pub fn render(&self, confirm_value: &str, matches: bool, catalog: &Catalog) {
        let (state, msg) = match (confirm_value.is_empty(), matches) {
            (true, _) => ("empty", Msg::ConfirmEmpty),
            (false, true) => ("true", Msg::ConfirmMatches),
            (false, false) => ("false", Msg::ConfirmDiffers),
        };
        if self.shown.get() == Some(state) {
            return;
        }
        self.shown.set(Some(state));
        set(&self.el, "data-match", state);
        set_text(&self.el, &catalog.text(msg, &[]));
    }
}

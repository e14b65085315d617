//! `Page`: one browser session plus the demo's base URL, with the few operations the scenarios
//! need, phrased in the widget's DOM contract (`data-hmis-part`, `data-rule`, `data-met`, ...).
//!
//! Reads go through small scripts that return plain JSON snapshots: one round trip per look,
//! and the same answer shape in every browser (WebDriver's attribute commands differ on
//! boolean attributes such as `hidden`).

use super::wait::wait_for;
use super::{ensure_eq, Context};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

/// The HMIS policy's rules, in the order the checklist shows them.
pub const RULES: [&str; 7] = ["minLength", "maxLength", "uppercase", "digit", "symbol", "notUsername", "notCurrent"];

/// The change-password page's form and fields.
pub const FORM: &str = "#change-password";
pub const CURRENT: &str = "#current";
pub const NEW: &str = "#new-password";
pub const CONFIRM: &str = "#confirm-password";
pub const SUBMIT: &str = "button[type=submit]";

/// The browser session, pointed at one scenario's demo server.
#[derive(Clone)]
pub struct Page {
    pub client: Client,
    base: String,
    /// Console output of the pages this `Page` has left (collected before each navigation).
    console: Arc<Mutex<Vec<String>>>,
    /// Whether this `Page` has navigated yet: before its first navigation the browser shows what
    /// an earlier scenario left, whose console lines are not this one's.
    opened: Arc<std::sync::atomic::AtomicBool>,
}

/// The checklist, meter and confirmation line of the change-password form, as rendered now.
#[derive(Debug, Deserialize)]
pub struct Checklist {
    pub rules: Vec<RuleItem>,
    pub meter: Meter,
    /// `data-match` of the confirmation line.
    pub confirm: Option<String>,
    /// `data-rule` of the focused element, or the id of the focused input.
    pub focus_rule: Option<String>,
    pub focus_id: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct RuleItem {
    pub id: String,
    pub met: Option<String>,
    pub hidden: bool,
    pub tabindex: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Meter {
    pub score: Option<String>,
    /// `aria-busy` of the strength block: "true" while an estimate is owed.
    pub busy: Option<String>,
    pub valuenow: Option<String>,
    pub label: String,
    pub warning: String,
    pub suggestions: Vec<String>,
}

impl Checklist {
    /// The ids of the rules whose `data-met` is "true", in checklist order.
    pub fn met(&self) -> Vec<&str> {
        self.rules.iter().filter(|r| r.met.as_deref() == Some("true")).map(|r| r.id.as_str()).collect()
    }

    pub fn rule(&self, id: &str) -> Result<&RuleItem, String> {
        self.rules.iter().find(|r| r.id == id).ok_or_else(|| format!("no rule item with data-rule={id:?}"))
    }
}

/// The show/hide button and Caps Lock note that follow one password input.
#[derive(Debug, Deserialize)]
pub struct Extras {
    pub input_type: String,
    pub toggle: Option<Toggle>,
    pub capslock: Option<CapsLock>,
}

#[derive(Debug, Deserialize)]
pub struct Toggle {
    pub text: String,
    pub pressed: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct CapsLock {
    pub active: Option<String>,
    pub text: String,
}

const CHECKLIST_JS: &str = r#"
const form = document.querySelector(arguments[0]);
const part = (name) => form.querySelector(`[data-hmis-part="${name}"]`);
const attr = (el, name) => (el ? el.getAttribute(name) : null);
const text = (el) => (el ? el.textContent : "");
const focused = document.activeElement;
return {
  rules: Array.from(form.querySelectorAll('li[data-hmis-part="rule"]'), (li) => ({
    id: li.getAttribute("data-rule"),
    met: li.getAttribute("data-met"),
    hidden: li.hasAttribute("hidden"),
    tabindex: li.getAttribute("tabindex"),
  })),
  meter: {
    score: attr(part("meter"), "data-score"),
    busy: attr(part("strength"), "aria-busy"),
    valuenow: attr(part("meter"), "aria-valuenow"),
    label: text(part("strength-label")),
    warning: text(part("strength-warning")),
    suggestions: Array.from(
      form.querySelectorAll('[data-hmis-part="strength-suggestions"] > li'),
      (li) => li.textContent,
    ),
  },
  confirm: attr(part("confirm-status"), "data-match"),
  focus_rule: attr(focused, "data-rule"),
  focus_id: focused && focused.id ? focused.id : null,
};
"#;

const EXTRAS_JS: &str = r#"
const input = document.querySelector(arguments[0]);
const toggle = input.nextElementSibling;
const capslock = toggle ? toggle.nextElementSibling : null;
const is = (el, part) => el !== null && el.getAttribute("data-hmis-part") === part;
return {
  input_type: input.type,
  toggle: is(toggle, "toggle-visibility")
    ? { text: toggle.textContent, pressed: toggle.getAttribute("aria-pressed"), type: toggle.getAttribute("type") }
    : null,
  capslock: is(capslock, "capslock")
    ? { active: capslock.getAttribute("data-active"), text: capslock.textContent }
    : null,
};
"#;

const RECORD_CONSOLE_JS: &str = r#"
if (!window.__hmisE2eConsole) {
  const seen = [];
  window.__hmisE2eConsole = seen;
  const text = (a) => {
    if (typeof a === "string") return a;
    if (a instanceof Error) return String(a.stack || a);
    try { return JSON.stringify(a); } catch (_) { return String(a); }
  };
  for (const level of ["log", "info", "warn", "error", "debug", "trace"]) {
    const original = console[level];
    console[level] = function (...args) {
      seen.push(level + ": " + args.map(text).join(" "));
      return original.apply(this, args);
    };
  }
  window.addEventListener("error", (e) => seen.push("uncaught: " + e.message));
  window.addEventListener("unhandledrejection", (e) => seen.push("unhandled rejection: " + text(e.reason)));
}
return true;
"#;

const TAKE_CONSOLE_JS: &str = "return window.__hmisE2eConsole ? window.__hmisE2eConsole.splice(0) : [];";

/// What a paste or a host script does: a new value in one go, then one `input` event.
const SET_VALUE_JS: &str = r#"
const input = document.querySelector(arguments[0]);
input.value = arguments[1];
input.dispatchEvent(new Event("input", { bubbles: true }));
"#;

/// WebDriver has no Caps Lock key, so the suite dispatches the keyboard events a key press
/// with Caps Lock on (or off) would, and reports whether the browser honoured the modifier.
const CAPS_LOCK_JS: &str = r#"
const [selector, on] = arguments;
const input = document.querySelector(selector);
let honoured = true;
for (const type of ["keydown", "keyup"]) {
  const event = new KeyboardEvent(type, { key: on ? "A" : "a", bubbles: true, modifierCapsLock: on });
  honoured = honoured && event.getModifierState("CapsLock") === on;
  input.dispatchEvent(event);
}
return honoured;
"#;

impl Page {
    /// The address the page's paths are relative to, e.g. `http://127.0.0.1:41234`.
    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn new(client: Client, base: &str) -> Page {
        Page { client, base: base.trim_end_matches('/').to_owned(), console: Arc::default(), opened: Arc::default() }
    }

    /// Navigates to `path` on the demo server (e.g. "/index.html"), keeping the console output
    /// of the page it leaves and recording the new page's.
    pub async fn open(&self, path: &str) -> Result<(), String> {
        if self.opened.swap(true, std::sync::atomic::Ordering::Relaxed) {
            self.collect_console().await;
        } else {
            // An earlier scenario's page: its lines are dropped, not counted as this one's.
            let _: Result<Vec<String>, String> = self.script(TAKE_CONSOLE_JS, vec![]).await;
        }
        self.client.goto(&format!("{}{path}", self.base)).await.context(&format!("opening {path}"))?;
        self.record_console().await
    }

    /// Reloads the page (as F5 does), keeping the console output.
    pub async fn reload(&self) -> Result<(), String> {
        self.collect_console().await;
        self.client.refresh().await.context("reloading the page")?;
        self.record_console().await
    }

    /// The browser's Back button.
    pub async fn history_back(&self) -> Result<(), String> {
        self.collect_console().await;
        self.client.back().await.context("going back in the browser's history")?;
        self.record_console().await
    }

    /// The browser's Forward button.
    pub async fn history_forward(&self) -> Result<(), String> {
        self.collect_console().await;
        self.client.forward().await.context("going forward in the browser's history")?;
        self.record_console().await
    }

    /// Wraps the page's `console` methods so that what page scripts and the widget log is
    /// kept (WebDriver has no console API common to the three browsers). Done as soon as a
    /// navigation returns, before any step is taken; output from before that (module loading)
    /// and from workers is not seen. A page restored from the back-forward cache keeps its
    /// wrapper (and its unread lines).
    pub async fn record_console(&self) -> Result<(), String> {
        self.script::<Value>(RECORD_CONSOLE_JS, vec![]).await.map(|_| ())
    }

    /// Takes what the current page logged since the last look into this `Page`'s record.
    async fn collect_console(&self) {
        let taken: Result<Vec<String>, String> = self.script(TAKE_CONSOLE_JS, vec![]).await;
        if let Ok(lines) = taken {
            self.console.lock().unwrap_or_else(|e| e.into_inner()).extend(lines);
        }
    }

    /// Every console line recorded so far, from every page this `Page` opened, as
    /// `level: text`.
    pub async fn console(&self) -> Vec<String> {
        self.collect_console().await;
        self.console.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// What a test page logged from its first script on (`www/test/record-console.js` keeps it
    /// in `window.pageConsole`): this `Page`'s own record starts only once a navigation returns,
    /// after the widget may have warned.
    pub async fn page_console(&self) -> Result<Vec<String>, String> {
        self.script("return window.pageConsole ?? [];", vec![]).await
    }

    /// Opens the change-password page and waits until the widget has built its checklist.
    pub async fn open_change_password(&self) -> Result<(), String> {
        self.open("/change-password.html").await?;
        self.wait_for_checklist().await.map(|_| ())
    }

    /// Waits until the widget has attached: every rule item and the confirmation line exist.
    pub async fn wait_for_checklist(&self) -> Result<Checklist, String> {
        self.wait_for_checklist_in(FORM).await
    }

    /// Waits until the widget in `root` (a form, or any element holding the fields) has drawn
    /// every rule item and the confirmation line.
    pub async fn wait_for_checklist_in(&self, root: &str) -> Result<Checklist, String> {
        wait_for("the widget's checklist (7 rules and the confirmation line)", || async {
            let state = self.checklist_of(root).await?;
            let ids: Vec<&str> = state.rules.iter().map(|r| r.id.as_str()).collect();
            if ids.len() == RULES.len() && state.confirm.is_some() {
                Ok(state)
            } else {
                Err(format!("rules {ids:?}, confirmation line {:?}", state.confirm))
            }
        })
        .await
    }

    pub async fn checklist(&self) -> Result<Checklist, String> {
        self.checklist_of(FORM).await
    }

    /// The checklist of the form `form` (e.g. a journey's step form).
    pub async fn checklist_of(&self, form: &str) -> Result<Checklist, String> {
        self.script(CHECKLIST_JS, vec![json!(form)]).await
    }

    /// Waits until exactly `expected` rules are met (all others unmet).
    pub async fn wait_for_met(&self, expected: &[&str]) -> Result<Checklist, String> {
        wait_for(&format!("exactly these rules met: {expected:?}"), || async {
            let state = self.checklist().await?;
            if state.met() == expected {
                Ok(state)
            } else {
                Err(format!("met {:?}", state.met()))
            }
        })
        .await
    }

    /// Waits until the strength estimate for the current password is shown (not pending).
    pub async fn wait_for_strength(&self) -> Result<Meter, String> {
        wait_for("a strength score for the current password", || async {
            let meter = self.checklist().await?.meter;
            let settled = meter.busy.as_deref() == Some("false");
            match &meter.score {
                Some(score) if settled && !score.is_empty() => Ok(meter),
                _ => Err(format!("{meter:?}")),
            }
        })
        .await
    }

    /// Waits until the confirmation line's `data-match` is `expected`.
    pub async fn wait_for_confirm(&self, expected: &str) -> Result<(), String> {
        wait_for(&format!("confirmation data-match={expected:?}"), || async {
            let seen = self.checklist().await?.confirm;
            if seen.as_deref() == Some(expected) {
                Ok(())
            } else {
                Err(format!("data-match={seen:?}"))
            }
        })
        .await
    }

    pub async fn extras(&self, input: &str) -> Result<Extras, String> {
        self.script(EXTRAS_JS, vec![json!(input)]).await
    }

    /// The input's Caps Lock note; fails if the widget did not put one after it.
    pub async fn capslock(&self, input: &str) -> Result<CapsLock, String> {
        self.extras(input).await?.capslock.ok_or_else(|| format!("no Caps Lock note after {input}"))
    }

    /// Waits until the Caps Lock note after `input` has `data-active=expected`.
    pub async fn wait_for_capslock(&self, input: &str, expected: &str) -> Result<CapsLock, String> {
        wait_for(&format!("the Caps Lock note after {input} with data-active={expected:?}"), || async {
            let note = self.capslock(input).await?;
            if note.active.as_deref() == Some(expected) {
                Ok(note)
            } else {
                Err(format!("{note:?}"))
            }
        })
        .await
    }

    /// Sends the key events of a press with Caps Lock on or off to `input`. Fails, naming the
    /// limitation, if the browser ignores `modifierCapsLock` in synthetic events.
    pub async fn press_key_with_caps_lock(&self, input: &str, on: bool) -> Result<(), String> {
        let honoured: bool = self.script(CAPS_LOCK_JS, vec![json!(input), json!(on)]).await?;
        ensure_eq!(
            honoured,
            true,
            "KeyboardEvent.getModifierState(\"CapsLock\") of an event made with modifierCapsLock"
        );
        Ok(())
    }

    /// Types `text` into `selector` with real key events (WebDriver Element Send Keys).
    pub async fn type_into(&self, selector: &str, text: &str) -> Result<(), String> {
        self.find(selector).await?.send_keys(text).await.context(&format!("typing into {selector}"))
    }

    /// Empties `selector` as a person does: select all, Backspace. (WebDriver's Element Clear
    /// fires only `change`, not `input`, in all three browsers.)
    pub async fn erase(&self, selector: &str) -> Result<(), String> {
        let keys = format!("{}a{}{}", Key::Control, Key::Null, Key::Backspace);
        self.type_into(selector, &keys).await
    }

    /// Replaces `selector`'s value at once and fires `input`, as a paste does.
    pub async fn paste_into(&self, selector: &str, value: &str) -> Result<(), String> {
        self.script::<Value>(SET_VALUE_JS, vec![json!(selector), json!(value)]).await.map(|_| ())
    }

    pub async fn click(&self, selector: &str) -> Result<(), String> {
        self.find(selector).await?.click().await.context(&format!("clicking {selector}"))
    }

    pub async fn find(&self, selector: &str) -> Result<Element, String> {
        self.client.find(Locator::Css(selector)).await.context(&format!("finding {selector}"))
    }

    /// How many elements match `selector` in the whole document.
    pub async fn count(&self, selector: &str) -> Result<u64, String> {
        self.script("return document.querySelectorAll(arguments[0]).length;", vec![json!(selector)]).await
    }

    pub async fn value_of(&self, selector: &str) -> Result<String, String> {
        self.script("return document.querySelector(arguments[0]).value;", vec![json!(selector)]).await
    }

    /// The path of the page the browser is on, e.g. "/change-password.html".
    pub async fn path(&self) -> Result<String, String> {
        Ok(self.client.current_url().await.context("reading the URL")?.path().to_owned())
    }

    /// Waits until the browser is on a URL whose path ends with `suffix` and the page loaded.
    pub async fn wait_for_path(&self, suffix: &str) -> Result<(), String> {
        wait_for(&format!("a page whose path ends with {suffix:?}"), || async {
            let url = self.client.current_url().await.context("reading the URL")?;
            let ready: String = self.script("return document.readyState;", vec![]).await?;
            if url.path().ends_with(suffix) && ready == "complete" {
                Ok(())
            } else {
                Err(format!("{url} ({ready})"))
            }
        })
        .await
    }

    /// Runs a synchronous script and decodes what it returns.
    pub async fn script<T: DeserializeOwned>(&self, js: &str, args: Vec<Value>) -> Result<T, String> {
        let value = self.client.execute(js, args).await.context("running a script")?;
        decode(value)
    }

    /// Runs a script whose last argument is the completion callback (WebDriver Execute Async
    /// Script) and decodes what it passes back. The suite's async scripts report a rejected
    /// promise as `{ error: "..." }`, which becomes the failure.
    pub async fn async_script<T: DeserializeOwned>(&self, js: &str, args: Vec<Value>) -> Result<T, String> {
        let value = self.client.execute_async(js, args).await.context("running an async script")?;
        if let Some(error) = value.get("error").and_then(Value::as_str) {
            return Err(format!("the page's script failed: {error}"));
        }
        decode(value)
    }
}

fn decode<T: DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_json::from_value(value.clone()).map_err(|e| format!("unexpected script result {value}: {e}"))
}

//! Accessibility judged by implementations this project did not write: axe-core's WCAG 2.2 A/AA
//! rules on the page as it is, and the browser's own accessibility tree: WebDriver's computed
//! label and role in every engine, and Chromium's whole tree (descriptions, states) through its
//! DevTools protocol. Plus the keyboard: keys go to whatever has focus, as a person's do.

use super::page::Page;
use super::{ensure, Context};
use fantoccini::wd::WebDriverCompatibleCommand;
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::OnceLock;

/// axe-core's browser build, from tools/node_modules (installed by `make setup`).
fn axe_source() -> Result<&'static str, String> {
    static SOURCE: OnceLock<Result<String, String>> = OnceLock::new();
    SOURCE
        .get_or_init(|| {
            let path = super::repo_root().join("tools/node_modules/axe-core/axe.min.js");
            std::fs::read_to_string(&path).map_err(|e| format!("reading {} ({e}): run `make setup`", path.display()))
        })
        .as_deref()
        .map_err(Clone::clone)
}

/// The WCAG levels checked: every A and AA rule up to 2.2.
const TAGS: [&str; 6] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

const AXE_RUN_JS: &str = r#"
const [tags, done] = arguments;
axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
  .then((r) => done({ passed: r.passes.length, violations: r.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": " + n.failureSummary.replace(/\s+/g, " ")),
  })) }), (e) => done({ passed: 0, violations: [{ id: "axe-error", impact: "critical", help: String(e), nodes: [] }] }));
"#;

#[derive(Debug, Deserialize)]
struct AxeResult {
    /// How many rules found something to check and passed it: none would mean axe saw nothing.
    passed: usize,
    violations: Vec<Violation>,
}

#[derive(Debug, Deserialize)]
struct Violation {
    id: String,
    impact: Option<String>,
    help: String,
    nodes: Vec<String>,
}

/// A node of the accessibility tree as Chromium computes it.
#[derive(Debug, Default)]
pub struct AxNode {
    pub role: String,
    pub name: String,
    pub description: String,
    /// Its states and properties that are true or have a value, e.g. "invalid", "required".
    pub states: Vec<String>,
}

/// `GET /session/{id}/element/{eid}/computed{label,role}`: what the browser's accessibility tree
/// says an element is called and what it is.
#[derive(Debug)]
struct Computed {
    element: String,
    what: &'static str,
}

impl WebDriverCompatibleCommand for Computed {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/element/{}/computed{}", session.unwrap_or_default(), self.element, self.what))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::GET, None)
    }
}

/// Chromium's DevTools protocol through chromedriver (`goog/cdp/execute`).
#[derive(Debug)]
struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()))
    }
}

impl Page {
    /// Runs axe-core's WCAG 2.2 A/AA rules on the page as it is now; `what` names the state for
    /// the failure message.
    pub async fn axe(&self, what: &str) -> Result<(), String> {
        let loaded: bool = self.script("return typeof window.axe === 'object';", vec![]).await?;
        if !loaded {
            // Run as WebDriver script, which the page's CSP does not govern.
            self.script::<Value>(&format!("{}\nreturn true;", axe_source()?), vec![]).await?;
        }
        let AxeResult { passed, violations } = self.async_script(AXE_RUN_JS, vec![json!(TAGS)]).await?;
        ensure!(passed > 0 || !violations.is_empty(), "axe-core checked nothing {what}");
        ensure!(
            violations.is_empty(),
            "axe-core found WCAG 2.2 A/AA violations {what}:\n{}",
            violations
                .iter()
                .map(|v| format!("  {} ({}): {}\n    {}", v.id, v.impact.as_deref().unwrap_or("?"), v.help, v.nodes.join("\n    ")))
                .collect::<Vec<_>>()
                .join("\n")
        );
        Ok(())
    }

    /// Whether this browser is Chromium (its DevTools protocol is reachable).
    pub async fn is_chromium(&self) -> Result<bool, String> {
        self.script("return /Chrome\\//.test(navigator.userAgent);", vec![]).await
    }

    /// The accessible name the browser computed for the element at `selector`.
    pub async fn computed_label(&self, selector: &str) -> Result<String, String> {
        self.computed(selector, "label").await
    }

    /// The role the browser computed for the element at `selector`.
    pub async fn computed_role(&self, selector: &str) -> Result<String, String> {
        self.computed(selector, "role").await
    }

    async fn computed(&self, selector: &str, what: &'static str) -> Result<String, String> {
        let element = self.find(selector).await?;
        let cmd = Computed { element: element.element_id().to_string(), what };
        let value = self.client.issue_cmd(cmd).await.context(&format!("asking the computed {what} of {selector}"))?;
        value.as_str().map(str::to_owned).ok_or_else(|| format!("the computed {what} of {selector} is {value}"))
    }

    /// The node of Chromium's accessibility tree for the element at `selector`; `None` in other
    /// browsers.
    pub async fn ax_node(&self, selector: &str) -> Result<Option<AxNode>, String> {
        if !self.is_chromium().await? {
            return Ok(None);
        }
        let doc = self.cdp("DOM.getDocument", json!({ "depth": 0 })).await?;
        let root = doc["root"]["nodeId"].clone();
        let found = self.cdp("DOM.querySelector", json!({ "nodeId": root, "selector": selector })).await?;
        let tree = self.cdp("Accessibility.getPartialAXTree", json!({ "nodeId": found["nodeId"], "fetchRelatives": false })).await?;
        let node = tree["nodes"].as_array().and_then(|n| n.first()).ok_or_else(|| format!("no accessibility node for {selector}"))?;
        let text = |v: &Value| v["value"].as_str().unwrap_or_default().to_owned();
        let states = node["properties"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| !matches!(p["value"]["value"], Value::Bool(false) | Value::Null) && p["value"]["value"] != json!("false"))
            .filter_map(|p| p["name"].as_str().map(str::to_owned))
            .collect();
        Ok(Some(AxNode { role: text(&node["role"]), name: text(&node["name"]), description: text(&node["description"]), states }))
    }

    /// Emulates CSS media features (`forced-colors: active`, `prefers-color-scheme: dark`) in
    /// Chromium; `false` in other browsers, which have no such command over WebDriver.
    pub async fn emulate_media(&self, features: &[(&str, &str)]) -> Result<bool, String> {
        if !self.is_chromium().await? {
            return Ok(false);
        }
        let features: Vec<Value> = features.iter().map(|(name, value)| json!({ "name": name, "value": value })).collect();
        self.cdp("Emulation.setEmulatedMedia", json!({ "features": features })).await?;
        Ok(true)
    }

    async fn cdp(&self, cmd: &'static str, params: Value) -> Result<Value, String> {
        self.client.issue_cmd(Cdp { cmd, params }).await.context(&format!("Chromium's {cmd}"))
    }

    /// Sends keys to whatever has focus, as a keyboard does (`\u{e004}` is Tab, `\u{e007}`
    /// Enter, `\u{e00d}` Space; see fantoccini::key::Key).
    pub async fn keys(&self, keys: &str) -> Result<(), String> {
        let focused = self.client.active_element().await.context("finding what has focus")?;
        focused.send_keys(keys).await.context(&format!("pressing {keys:?}"))
    }

    /// What has focus: its tag, `name`, `data-hmis-part`, and whether its focus is visible (an
    /// outline or a box shadow is drawn).
    pub async fn focused(&self) -> Result<Focused, String> {
        const FOCUSED_JS: &str = r#"
const el = document.activeElement;
const style = getComputedStyle(el);
const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
return { tag: el.tagName.toLowerCase(), name: el.getAttribute("name") || "", part: el.getAttribute("data-hmis-part") || "",
         visible: outline || style.boxShadow !== "none" };
"#;
        self.script(FOCUSED_JS, vec![]).await
    }

    /// Presses Tab (Shift+Tab when `back`) until `wanted` says yes of what has focus, at most
    /// `limit` times; each control passed on the way must show its focus.
    pub async fn tab_to(&self, what: &str, wanted: impl Fn(&Focused) -> bool) -> Result<Focused, String> {
        const TAB: &str = "\u{e004}";
        let mut seen = Vec::new();
        for _ in 0..25 {
            self.keys(TAB).await?;
            let now = self.focused().await?;
            if now.tag != "body" && now.tag != "h2" {
                ensure!(now.visible, "focus on {now:?} is not visible");
            }
            if wanted(&now) {
                return Ok(now);
            }
            seen.push(format!("{}[{}{}]", now.tag, now.name, now.part));
        }
        Err(format!("Tab never reached {what}; focus went through {}", seen.join(", ")))
    }
}

/// What has focus, as [`Page::focused`] reads it.
#[derive(Debug, Deserialize)]
pub struct Focused {
    pub tag: String,
    pub name: String,
    pub part: String,
    pub visible: bool,
}

//! Which of the host's inputs play which part.
//!
//! Found by the HTML the host already has: `autocomplete` tokens (`new-password` twice for new
//! and confirmation, `current-password`, `username`), or `data-hmis-field="new|confirm|current|
//! username"`, or CSS selectors from the configuration (searched in the whole document, since a
//! username is often shown outside the form).

use crate::config;
use wasm_bindgen::{JsCast, JsError};
use web_sys::{Element, HtmlInputElement};

#[derive(Clone)]
pub struct Fields {
    pub new_password: Option<HtmlInputElement>,
    pub confirm: Option<HtmlInputElement>,
    pub current: Option<HtmlInputElement>,
    pub username: Option<HtmlInputElement>,
    /// Every password input in the root, for the Caps Lock warning and show/hide toggle.
    pub passwords: Vec<HtmlInputElement>,
}

pub fn find(root: &Element, selectors: &config::Fields) -> Result<Fields, JsError> {
    let inputs: Vec<HtmlInputElement> = match root.dyn_ref::<HtmlInputElement>() {
        Some(input) => vec![input.clone()],
        None => {
            let list = root.query_selector_all("input").map_err(|_| JsError::new("cannot search the root"))?;
            (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
        }
    };
    let marked = |part: &str| inputs.iter().find(|i| i.get_attribute("data-hmis-field").as_deref() == Some(part)).cloned();
    let with_token = |token: &str| -> Vec<HtmlInputElement> {
        inputs.iter().filter(|i| i.autocomplete().split_ascii_whitespace().any(|t| t == token)).cloned().collect()
    };
    let new_ones = with_token("new-password");
    let pick = |selector: &Option<String>, key: &str, fallback: Option<HtmlInputElement>| match selector {
        Some(sel) => by_selector(root, sel, key).map(Some),
        None => Ok(fallback),
    };
    let new_password = pick(&selectors.new_password, "newPassword", marked("new").or_else(|| new_ones.first().cloned()))?;
    let confirm = pick(&selectors.confirm, "confirm", marked("confirm").or_else(|| new_ones.get(1).cloned()))?;
    let current =
        pick(&selectors.current, "current", marked("current").or_else(|| with_token("current-password").first().cloned()))?;
    let username = pick(&selectors.username, "username", marked("username").or_else(|| with_token("username").first().cloned()))?;

    let mut passwords: Vec<HtmlInputElement> = inputs.iter().filter(|i| i.type_() == "password").cloned().collect();
    for extra in [&new_password, &confirm, &current].into_iter().flatten() {
        if !passwords.iter().any(|p| p == extra) {
            passwords.push(extra.clone());
        }
    }
    Ok(Fields { new_password, confirm, current, username, passwords })
}

fn by_selector(root: &Element, selector: &str, key: &str) -> Result<HtmlInputElement, JsError> {
    let doc = root.owner_document().ok_or_else(|| JsError::new("the root element is not in a document"))?;
    let found = doc
        .query_selector(selector)
        .map_err(|_| JsError::new(&format!("config.fields.{key}: {} is not a valid CSS selector", config::quoted(selector))))?;
    found.and_then(|e| e.dyn_into::<HtmlInputElement>().ok()).ok_or_else(|| {
        JsError::new(&format!("config.fields.{key}: expected {} to match an <input>, but it matches none", config::quoted(selector)))
    })
}

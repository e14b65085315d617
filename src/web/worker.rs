//! The strength estimator's export, for the worker build (`--features strength`): the page
//! posts the password and context words, and gets the estimate back as message keys.

use crate::strength;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

/// `{score, guessesLog10, warning, suggestions, truncated}`, with the warning and suggestions
/// as message keys (the page renders them in its own language).
#[wasm_bindgen(js_name = estimateStrength)]
pub fn estimate_strength(password: &str, context: Vec<String>) -> JsValue {
    let context: Vec<&str> = context.iter().map(String::as_str).collect();
    let s = strength::estimate(password, &context);
    let out = Object::new();
    let suggestions: Array = s.suggestions.iter().map(|m| JsValue::from_str(m.key())).collect();
    for (key, value) in [
        ("score", JsValue::from(s.score)),
        ("guessesLog10", JsValue::from(s.guesses_log10)),
        ("warning", s.warning.map(|m| JsValue::from_str(m.key())).unwrap_or(JsValue::NULL)),
        ("suggestions", suggestions.into()),
        ("truncated", JsValue::from_bool(s.truncated)),
    ] {
        let _ = Reflect::set(&out, &key.into(), &value);
    }
    out.into()
}

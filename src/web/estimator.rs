//! Where strength estimates come from: a worker (through a function the entry script passes),
//! this thread (when the build includes zxcvbn), or nowhere.

use crate::strength::Strength;
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;

#[derive(Clone)]
pub enum Estimator {
    /// `(password, contextWords) => Promise<{score, guessesLog10, warning, suggestions, truncated}>`
    Function(Function),
    /// zxcvbn in this thread, deferred to its own task so the checklist paints first.
    #[cfg(feature = "strength")]
    InThread,
    /// Only in a build without zxcvbn and no function to ask.
    #[cfg_attr(feature = "strength", allow(dead_code))]
    Unavailable,
}

impl Estimator {
    pub fn new(function: Option<Function>) -> Estimator {
        match function {
            Some(f) => Estimator::Function(f),
            #[cfg(feature = "strength")]
            None => Estimator::InThread,
            #[cfg(not(feature = "strength"))]
            None => Estimator::Unavailable,
        }
    }

    /// Asks the function for an estimate.
    pub fn request(f: &Function, password: &str, context: &[String]) -> Result<Promise, JsValue> {
        let words: Array = context.iter().map(|w| JsValue::from_str(w)).collect();
        let result = f.call2(&JsValue::NULL, &JsValue::from_str(password), &words)?;
        Ok(Promise::resolve(&result))
    }
}

/// Reads what a worker sent back; `None` for anything malformed.
pub fn from_js(value: &JsValue) -> Option<Strength> {
    let get = |key: &str| Reflect::get(value, &JsValue::from_str(key)).ok();
    let score = get("score")?.as_f64().filter(|s| s.fract() == 0.0 && (0.0..=4.0).contains(s))? as u8;
    let guesses = get("guessesLog10").and_then(|g| g.as_f64()).unwrap_or(0.0);
    let warning = get("warning").and_then(|w| w.as_string());
    let suggestions: Vec<String> = Array::from(&get("suggestions")?).iter().filter_map(|s| s.as_string()).collect();
    let truncated = get("truncated").and_then(|t| t.as_bool()).unwrap_or(false);
    Strength::from_keys(score, guesses, warning.as_deref(), &suggestions, truncated)
}

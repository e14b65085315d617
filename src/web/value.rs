//! Plain JS data (objects, arrays, strings, numbers, booleans, null) as a [`Value`] tree, and a
//! [`Verdict`] as a plain JS object.
//!
//! Written out by hand rather than through serde: serde's generic machinery (and the float
//! formatting its error messages pull in) was a fifth of the field build's bytes.

use crate::config::{Map, Value};
use crate::verdict::{RuleResult, StrengthReport, Verdict};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// `None` when `js` holds anything but plain data: a function, a symbol, a BigInt, a `Set`,
/// a non-string key… (`undefined` reads as `null`; a `Map` with string keys as an object.)
pub fn from_js(js: &JsValue) -> Option<Value> {
    if js.is_null() || js.is_undefined() {
        return Some(Value::Null);
    }
    if let Some(b) = js.as_bool() {
        return Some(Value::Bool(b));
    }
    if let Some(n) = js.as_f64() {
        return Some(Value::Number(n));
    }
    if let Some(s) = js.as_string() {
        return Some(Value::String(s));
    }
    if Array::is_array(js) {
        return Array::from(js).iter().map(|item| from_js(&item)).collect::<Option<Vec<_>>>().map(Value::Array);
    }
    if !js.is_object() {
        return None;
    }
    let entries = match js.dyn_ref::<js_sys::Map>() {
        Some(map) => Array::from(&map.entries()),
        // Iterables other than a Map (a Set, a typed array) are not plain data.
        None if Reflect::has(js, &js_sys::Symbol::iterator()).unwrap_or(true) => return None,
        None => Object::entries(js.unchecked_ref()),
    };
    // An object's own keys, and a Map's string keys, are distinct already; as Rust strings they
    // stay distinct unless one holds a lone surrogate (which becomes U+FFFD), so such a key is
    // not plain data.
    let mut members = Vec::with_capacity(entries.length() as usize);
    for entry in entries.iter() {
        let entry = Array::from(&entry);
        let key = entry.get(0).dyn_into::<js_sys::JsString>().ok().filter(|k| k.is_valid_utf16())?;
        members.push((String::from(key), from_js(&entry.get(1))?));
    }
    Some(Value::Object(Map::of_distinct_keys(members)))
}

/// `{valid, rules: [{id, met, message}], strength: {score, label, warning, suggestions,
/// truncated} | null, confirmMatches}`, absent values as `null`: the `hmis-onboard:verdict`
/// event's `detail` and `verdict()`'s answer.
pub fn verdict_to_js(v: &Verdict) -> JsValue {
    let rules: Array = v.rules.iter().map(rule_to_js).collect();
    object(&[
        ("valid", v.valid.into()),
        ("rules", rules.into()),
        ("strength", v.strength.as_ref().map(strength_to_js).unwrap_or(JsValue::NULL)),
        ("confirmMatches", v.confirm_matches.map(JsValue::from_bool).unwrap_or(JsValue::NULL)),
    ])
}

fn rule_to_js(r: &RuleResult) -> JsValue {
    object(&[("id", r.id.as_str().into()), ("met", r.met.into()), ("message", r.message.as_str().into())])
}

fn strength_to_js(s: &StrengthReport) -> JsValue {
    let suggestions: Array = s.suggestions.iter().map(|t| JsValue::from_str(t)).collect();
    object(&[
        ("score", s.score.into()),
        ("label", s.label.as_str().into()),
        ("warning", s.warning.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL)),
        ("suggestions", suggestions.into()),
        ("truncated", s.truncated.into()),
    ])
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let out = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&out, &JsValue::from_str(key), value);
    }
    out.into()
}

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

/// Builds `{valid, rules: [{id, met, message}], strength: {score, label, warning, suggestions,
/// truncated} | null, confirmMatches}` (absent values as `null`): the `hmis-onboard:verdict`
/// event's `detail` and `verdict()`'s answer.
///
/// A keystroke changes one rule or none, and a strength result only the strength: each rule's
/// object and the strength object are kept (frozen) and given out again while they are
/// unchanged, instead of being built anew, which was most of what an event cost. The outer object
/// and the rules array are new every time.
#[derive(Default)]
pub struct Details {
    rules: Vec<(RuleResult, JsValue)>,
    strength: Option<(StrengthReport, JsValue)>,
}

impl Details {
    pub fn of(&mut self, v: &Verdict) -> JsValue {
        if self.rules.len() != v.rules.len() {
            self.rules.clear();
        }
        let rules = Array::new_with_length(v.rules.len() as u32);
        for (i, rule) in v.rules.iter().enumerate() {
            if self.rules.get(i).is_none_or(|(kept, _)| kept != rule) {
                let js = frozen(&[("id", rule.id.as_str().into()), ("met", rule.met.into()), ("message", rule.message.as_str().into())]);
                match self.rules.get_mut(i) {
                    Some(slot) => *slot = (rule.clone(), js),
                    None => self.rules.push((rule.clone(), js)),
                }
            }
            rules.set(i as u32, self.rules[i].1.clone());
        }
        let strength = match &v.strength {
            None => JsValue::NULL,
            Some(s) => {
                if self.strength.as_ref().is_none_or(|(kept, _)| kept != s) {
                    self.strength = Some((s.clone(), strength_to_js(s)));
                }
                self.strength.as_ref().map(|(_, js)| js.clone()).unwrap_or(JsValue::NULL)
            }
        };
        object(&[
            ("valid", v.valid.into()),
            ("rules", rules.into()),
            ("strength", strength),
            ("confirmMatches", v.confirm_matches.map(JsValue::from_bool).unwrap_or(JsValue::NULL)),
        ])
    }
}

fn strength_to_js(s: &StrengthReport) -> JsValue {
    let suggestions: Array = s.suggestions.iter().map(|t| JsValue::from_str(t)).collect();
    let _ = Object::freeze(suggestions.unchecked_ref::<Object>());
    frozen(&[
        ("score", s.score.into()),
        ("label", s.label.as_str().into()),
        ("warning", s.warning.as_deref().map(JsValue::from_str).unwrap_or(JsValue::NULL)),
        ("suggestions", suggestions.into()),
        ("truncated", s.truncated.into()),
    ])
}

fn frozen(pairs: &[(&str, JsValue)]) -> JsValue {
    let out: Object = object(pairs).unchecked_into();
    Object::freeze(&out).into()
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let out = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&out, &JsValue::from_str(key), value);
    }
    out.into()
}

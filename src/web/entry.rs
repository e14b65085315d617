//! The JS entry point: `attach(root, options, estimator)` reads the configuration from the
//! page and the call, and starts the field widget or a guided journey.
//!
//! The page's field build (`widget` without `journeys`) has no journeys: its `attach` returns
//! `undefined` for a root configured for one, and the entry script hands that root to the
//! journeys build.

use super::estimator::Estimator;
#[cfg(feature = "journeys")]
use super::journey;
#[cfg(feature = "journeys")]
use super::widget::Claim;
use super::widget::Widget;
#[cfg(feature = "journeys")]
use super::http::Handlers;
use crate::config::{self, Value};
use wasm_bindgen::prelude::*;
use web_sys::Element;

/// Attaches the widget to `root` (a form, or any element holding the fields).
///
/// Configuration is read from, in rising precedence: the JSON block named by
/// `data-hmis-config`, the root's other `data-hmis-*` attributes, and `options`.
/// Throws, naming the key, when any of them is wrong.
///
/// `estimator` is how strength is estimated: a function `(password, contextWords) =>
/// Promise<estimate>` (the entry script passes one backed by a worker), or nothing to estimate
/// in this thread when the build includes the estimator.
#[cfg(feature = "journeys")]
#[wasm_bindgen(js_name = attach)]
pub fn attach(root: Element, options: JsValue, estimator: Option<js_sys::Function>) -> Result<Widget, JsError> {
    let (options, functions) = backend_functions(options);
    let handlers = handlers(functions)?;
    let mut config = read_config(&root, options, config::parse)?;
    warn_missing_messages(&config);
    let estimator = Estimator::new(estimator);
    match config.journey.take() {
        Some(journey) => {
            let claim = Claim::take(vec![root.clone()])?;
            Ok(Widget::journey(journey::start(root, config, journey, handlers, estimator)?, claim))
        }
        None => Widget::attach(root, config, estimator),
    }
}

/// As the full build's `attach`, for a password field only: `undefined` when the configuration
/// asks for a journey or a backend (see [`config::JOURNEY_KEYS`]); the entry script then loads
/// the journeys build and attaches that.
#[cfg(not(feature = "journeys"))]
#[wasm_bindgen(js_name = attach)]
pub fn attach(root: Element, options: JsValue, estimator: Option<js_sys::Function>) -> Result<Option<Widget>, JsError> {
    // A backend function needs a journey to be of use; without one it is ignored, as in the
    // full build.
    let (options, _functions) = backend_functions(options);
    match read_config(&root, options, config::parse_field)? {
        Some(config) => {
            warn_missing_messages(&config);
            Widget::attach(root, config, Estimator::new(estimator)).map(Some)
        }
        None => Ok(None),
    }
}

/// Takes the host's backend functions `(action, payload) => Promise<{status, body, retryAfter}>`
/// out of the options: `options.backend` when it is one (every action), and each
/// `options.backend.endpoints.<action>` that is one (that action, beside the mapped ones). The
/// rest is plain configuration; the options object itself is left as the host passed it.
fn backend_functions(options: JsValue) -> (JsValue, BackendFunctions) {
    use js_sys::{Function, Object, Reflect};
    let mut functions = BackendFunctions::default();
    let get = |from: &JsValue, key: &str| Reflect::get(from, &JsValue::from_str(key)).ok().filter(|v| v.is_object() || v.is_function());
    let copy = |from: &JsValue| -> Object { Object::assign(&Object::new(), from.unchecked_ref()) };
    let Some(backend) = get(&options, "backend") else { return (options, functions) };
    let rest = copy(&options);
    if let Some(function) = backend.dyn_ref::<Function>() {
        functions.all = Some(function.clone());
        let _ = Reflect::delete_property(&rest, &"backend".into());
        return (rest.into(), functions);
    }
    let Some(endpoints) = get(&backend, "endpoints") else { return (options, functions) };
    let plain_endpoints = copy(&endpoints);
    for key in Object::keys(endpoints.unchecked_ref::<Object>()).iter().filter_map(|k| k.as_string()) {
        let value = Reflect::get(&endpoints, &JsValue::from_str(&key)).unwrap_or(JsValue::UNDEFINED);
        if let Some(function) = value.dyn_ref::<Function>() {
            functions.per_action.push((key.clone(), function.clone()));
            let _ = Reflect::delete_property(&plain_endpoints, &JsValue::from_str(&key));
        }
    }
    if functions.per_action.is_empty() {
        return (options, functions);
    }
    let plain_backend = copy(&backend);
    let _ = Reflect::set(&plain_backend, &"endpoints".into(), &plain_endpoints);
    let _ = Reflect::set(&rest, &"backend".into(), &plain_backend);
    (rest.into(), functions)
}

/// The host's backend functions as found in the options, by the key they were under.
#[derive(Default)]
struct BackendFunctions {
    all: Option<js_sys::Function>,
    per_action: Vec<(String, js_sys::Function)>,
}

/// Each function under the action it serves; one under a key that names no action is refused.
#[cfg(feature = "journeys")]
fn handlers(functions: BackendFunctions) -> Result<Handlers, JsError> {
    let per_action = functions
        .per_action
        .into_iter()
        .map(|(key, function)| match crate::backend::Action::from_key(&key) {
            Some(action) => Ok((action, function)),
            None => Err(JsError::new(&format!(
                "config.backend.endpoints.{key}: expected one of the actions {}, got a function for an unknown action",
                crate::backend::Action::ALL.iter().map(|a| a.key()).collect::<Vec<_>>().join(", ")
            ))),
        })
        .collect::<Result<_, _>>()?;
    Ok(Handlers { all: functions.all, per_action })
}

/// A catalog other than English without some keys shows those in English: said once a page.
fn warn_missing_messages(config: &config::Config) {
    use std::sync::atomic::{AtomicBool, Ordering::Relaxed};
    static WARNED: AtomicBool = AtomicBool::new(false);
    if config.locale == "en" || WARNED.load(Relaxed) {
        return;
    }
    let mut missing = String::new();
    for msg in crate::messages::Msg::ALL.iter().filter(|m| !config.catalog.has(**m)) {
        if !missing.is_empty() {
            missing.push_str(", ");
        }
        missing.push_str(msg.key());
    }
    if !missing.is_empty() {
        WARNED.store(true, Relaxed);
        let text = format!("hmis-onboard: the \"{}\" catalog has no text for {missing}; these show in English.", config.locale);
        web_sys::console::warn_1(&text.into());
    }
}

fn read_config<T>(
    root: &Element,
    options: JsValue,
    parse: fn(&Value) -> Result<T, config::ConfigError>,
) -> Result<T, JsError> {
    let mut tree = Value::Null;
    if let Some(id) = root.get_attribute("data-hmis-config") {
        tree = json_block(root, &id)?;
    }
    let names: Vec<String> = root.get_attribute_names().iter().filter_map(|n| n.as_string()).collect();
    let attrs: Vec<(String, String)> =
        names.into_iter().filter_map(|n| root.get_attribute(&n).map(|v| (n, v))).collect();
    let from_attrs = config::from_attributes(attrs.iter().map(|(n, v)| (n.as_str(), v.as_str())))
        .map_err(|e| JsError::new(&e.to_string()))?;
    tree = config::merge(tree, from_attrs);
    if !options.is_undefined() && !options.is_null() {
        tree = config::merge(tree, plain_value(options, "the options passed to attach()")?);
    }
    parse(&tree).map_err(|e| JsError::new(&e.to_string()))
}

fn json_block(root: &Element, id: &str) -> Result<Value, JsError> {
    let doc = root.owner_document().ok_or_else(|| JsError::new("the root element is not in a document"))?;
    let block = doc.get_element_by_id(id).ok_or_else(|| {
        JsError::new(&format!("data-hmis-config: expected the id of a JSON <script> block, but no element has id {}", config::quoted(id)))
    })?;
    let text = block.text_content().unwrap_or_default();
    let parsed = js_sys::JSON::parse(&text).map_err(|e| {
        let reason = js_sys::Error::from(e).message();
        JsError::new(&format!("data-hmis-config: the block #{id} is not valid JSON ({reason})"))
    })?;
    plain_value(parsed, &format!("the JSON block #{id}"))
}

fn plain_value(js: JsValue, source: &str) -> Result<Value, JsError> {
    super::value::from_js(&js).ok_or_else(|| {
        JsError::new(&format!(
            "config: expected plain data (objects, arrays, strings, numbers, booleans) in {source}"
        ))
    })
}

/// The QR code for `text` as standalone SVG markup, drawn locally (never by a remote service);
/// `undefined` when the text is too long for a QR code. The journeys use the same drawing.
#[cfg(feature = "journeys")]
#[wasm_bindgen(js_name = qrSvg)]
pub fn qr_svg(text: &str) -> Option<String> {
    crate::totp::qr_svg(text)
}

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
    let (options, handler) = backend_function(options);
    let mut config = read_config(&root, options, config::parse)?;
    let estimator = Estimator::new(estimator);
    match config.journey.take() {
        Some(journey) => {
            let claim = Claim::take(vec![root.clone()])?;
            Ok(Widget::journey(journey::start(root, config, journey, handler, estimator)?, claim))
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
    let (options, _handler) = backend_function(options);
    match read_config(&root, options, config::parse_field)? {
        Some(config) => Widget::attach(root, config, Estimator::new(estimator)).map(Some),
        None => Ok(None),
    }
}

/// Takes `options.backend` out when it is a function `(action, payload) => Promise<{status,
/// body, retryAfter}>`, for backends that need code; the rest is plain configuration.
fn backend_function(options: JsValue) -> (JsValue, Option<js_sys::Function>) {
    let key = JsValue::from_str("backend");
    let Ok(value) = js_sys::Reflect::get(&options, &key) else { return (options, None) };
    let Some(function) = value.dyn_ref::<js_sys::Function>().cloned() else { return (options, None) };
    let rest = js_sys::Object::assign(&js_sys::Object::new(), options.unchecked_ref());
    let _ = js_sys::Reflect::delete_property(&rest, &key);
    (rest.into(), Some(function))
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

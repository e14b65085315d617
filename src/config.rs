//! The embedding configuration: parse, default, validate.
//!
//! Configuration arrives as a JS object, a JSON block or `data-hmis-*` attributes; all three
//! become one [`Value`] tree and go through [`parse`], so every source gets the same checks and
//! the same error messages. Unknown keys are errors: a typo must not silently become a default.

use crate::backend::config::BackendConfig;
use crate::flow::{self, Journey};
use crate::recovery::RecoveryPolicy;
use crate::messages::{Catalog, Msg, LOCALES};
use crate::policy::{Policy, MAX_LENGTH_CEILING, MAX_LENGTH_FLOOR};
use serde::Deserialize;
use std::fmt;

/// A JSON-like value, free of any browser type.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
    Object(Map),
}

/// A JSON object's members, in the order they came. Configuration objects hold a handful of
/// keys, so a list searched front to back is all they need, and it is a fraction of a B-tree's
/// code in the field build (issue 4's byte budget). Each key is there once: a key given twice
/// keeps its last value, as in `JSON.parse`.
#[derive(Clone, Debug, Default)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    pub fn new() -> Map {
        Map(Vec::new())
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key`, in place when it is there already (one pass over the members: for the small
    /// objects configuration is built from, not for large ones).
    pub fn insert(&mut self, key: String, value: Value) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, old)) => *old = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let at = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(at).1)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.into_iter()
    }

    /// A map of members whose keys the caller knows to be distinct (a JS object's own keys, each
    /// valid UTF-16), taken as they are: checking each would make a large object quadratic.
    #[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
    pub(crate) fn of_distinct_keys(members: Vec<(String, Value)>) -> Map {
        Map(members)
    }
}

impl PartialEq for Map {
    /// Equal when they hold the same keys with equal values, in any order.
    fn eq(&self, other: &Map) -> bool {
        self.0.len() == other.0.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

/// Each member through [`Map::insert`]: one pass over the map per member, for the small
/// objects configuration is built from.
impl FromIterator<(String, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(members: I) -> Map {
        let mut map = Map::new();
        for (key, value) in members {
            map.insert(key, value);
        }
        map
    }
}

impl IntoIterator for Map {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (String, Value)>, fn(&'a (String, Value)) -> (&'a String, &'a Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'de> Deserialize<'de> for Map {
    /// Any size of object in one pass: a key seen before (found through an index) takes the
    /// new value in place.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Map, D::Error> {
        struct Members;
        impl<'de> serde::de::Visitor<'de> for Members {
            type Value = Map;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut access: A) -> Result<Map, A::Error> {
                let mut members: Vec<(String, Value)> = Vec::new();
                let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
                while let Some((key, value)) = access.next_entry::<String, Value>()? {
                    match index.get(&key) {
                        Some(&at) => members[at].1 = value,
                        None => {
                            index.insert(key.clone(), members.len());
                            members.push((key, value));
                        }
                    }
                }
                Ok(Map(members))
            }
        }
        deserializer.deserialize_map(Members)
    }
}

impl Value {
    fn describe(&self) -> String {
        match self {
            Value::Null => "null".to_owned(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => describe_number(*n),
            Value::String(s) => quoted(s),
            Value::Array(_) => "an array".to_owned(),
            Value::Object(_) => "an object".to_owned(),
        }
    }
}

/// A configuration mistake, naming the key and what was expected, e.g.
/// `config.policy.minLength: expected a whole number from 1 to 128, got "eight"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: String,
    pub expected: String,
    pub got: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Attributes are named as the host wrote them; everything else by its config key.
        let prefix = if self.path.starts_with("data-") { "" } else { "config." };
        write!(f, "{prefix}{}: expected {}, got {}", self.path, self.expected, self.got)
    }
}

impl std::error::Error for ConfigError {}

/// CSS selectors, relative to the widget's root, for fields that are not found automatically
/// (by their `autocomplete` tokens).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Fields {
    pub new_password: Option<String>,
    pub confirm: Option<String>,
    pub current: Option<String>,
    pub username: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub policy: Policy,
    pub catalog: Catalog,
    pub locale: String,
    pub fields: Fields,
    /// Show the zxcvbn meter and feedback (the rules work either way).
    pub show_strength: bool,
    /// Where the guided journeys post; `None` when the widget only checks a password field.
    pub backend: Option<BackendConfig>,
    /// The guided journey to run in the root, if any (else the widget enhances the host's form).
    pub journey: Option<JourneyConfig>,
}

/// A guided journey and its settings.
#[derive(Clone, Debug, PartialEq)]
pub struct JourneyConfig {
    pub journey: Journey,
    pub options: flow::Options,
    /// Where "Continue" goes when the journey is done.
    pub continue_url: Option<String>,
    /// Where the user signs in again (after declining the terms or cancelling).
    pub sign_in_url: Option<String>,
    /// The issuer shown in authenticator apps for a secret made in the browser.
    pub issuer: String,
    pub recovery: RecoveryPolicy,
}

/// A URL as the page's URL API resolves it against the page's own address, for the checks
/// made at `attach()` (the browser shell resolves; the checks stay pure and tested natively).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedUrl {
    /// As `URL.protocol` gives it, with its colon: `"https:"`.
    pub protocol: String,
    /// As `URL.hostname` gives it: `"hmis.example.org"`, `"[::1]"`.
    pub hostname: String,
    /// As `URL.origin` gives it: `"https://hmis.example.org"` (`"null"` for opaque URLs).
    pub origin: String,
}

impl JourneyConfig {
    /// Checks where "Continue" and "Back to sign in" would send the person's tab, each URL
    /// resolved against the page by `resolve` (`None`: not a URL). Only a web page will do: an
    /// `http:` or `https:` URL, or a path, which the page's own address makes one. A
    /// `javascript:` URL would run in the page, a `data:` URL show whatever it holds.
    pub fn check_urls(&self, resolve: impl Fn(&str) -> Option<ResolvedUrl>) -> Result<(), ConfigError> {
        for (key, url) in [("continueUrl", &self.continue_url), ("signInUrl", &self.sign_in_url)] {
            let Some(url) = url else { continue };
            let web = resolve(url).is_some_and(|r| r.protocol == "http:" || r.protocol == "https:");
            if !web {
                return Err(ConfigError {
                    path: key.to_owned(),
                    expected: "an http: or https: URL, or a path on this site".to_owned(),
                    got: quoted(url),
                });
            }
        }
        Ok(())
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            policy: Policy::hmis(),
            catalog: Catalog::default(),
            locale: "en".to_owned(),
            fields: Fields::default(),
            show_strength: true,
            backend: None,
            journey: None,
        }
    }
}

/// The top-level keys only the guided journeys read.
pub const JOURNEY_KEYS: [&str; 9] =
    ["backend", "journey", "terms", "twoStep", "recovery", "firstLogin", "securitySettings", "continueUrl", "signInUrl"];

/// Reads a configuration. `null` means all defaults.
pub fn parse(value: &Value) -> Result<Config, ConfigError> {
    let mut config = Config::default();
    let Some(top) = top_level(value)? else { return Ok(config) };
    parse_field_keys(top, &mut config)?;
    if let Some(v) = top.get("backend") {
        config.backend = Some(crate::backend::config::parse(v)?);
    }
    config.journey = parse_journey(top)?;
    // What the backend's mapping says about the journeys.
    if let (Some(journey), Some(backend)) = (config.journey.as_mut(), config.backend.as_ref()) {
        journey.options.replay_safe = backend.idempotency_keys;
        journey.options.fetch_recovery_codes = backend.configured.contains(&crate::backend::Action::RecoveryCodes);
    }
    parse_messages(top, &mut config)?;
    Ok(config)
}

/// Reads a configuration for a password field, as [`parse`] does, without the journeys'
/// code: `Ok(None)` when it has any of the [`JOURNEY_KEYS`], which only the full parse reads.
/// The page's small field build uses it and hands such a configuration to the journeys build,
/// so both give the same configuration and the same errors.
pub fn parse_field(value: &Value) -> Result<Option<Config>, ConfigError> {
    let mut config = Config::default();
    let Some(top) = top_level(value)? else { return Ok(Some(config)) };
    if JOURNEY_KEYS.iter().any(|k| top.contains_key(k)) {
        return Ok(None);
    }
    parse_field_keys(top, &mut config)?;
    parse_messages(top, &mut config)?;
    Ok(Some(config))
}

fn top_level(value: &Value) -> Result<Option<&Map>, ConfigError> {
    let top = match value {
        Value::Null => return Ok(None),
        v => object(v, "")?,
    };
    let mut known = vec!["preset", "policy", "fields", "strength", "locale", "messages"];
    known.extend(JOURNEY_KEYS);
    check_keys(top, "", &known)?;
    Ok(Some(top))
}

/// The keys a password field reads, except `messages` (read last, after the journeys' keys).
fn parse_field_keys(top: &Map, config: &mut Config) -> Result<(), ConfigError> {
    if let Some(preset) = top.get("preset") {
        config.policy = match preset {
            Value::String(s) if s == "hmis" => Policy::hmis(),
            Value::String(s) if s == "nist" => Policy::nist(),
            other => return Err(error("preset", "\"hmis\" or \"nist\"", other)),
        };
    }
    if let Some(policy) = top.get("policy") {
        parse_policy(policy, &mut config.policy)?;
    }
    if let Some(fields) = top.get("fields") {
        let fields = object(fields, "fields")?;
        check_keys(fields, "fields", &["newPassword", "confirm", "current", "username"])?;
        let selector = |key: &str| -> Result<Option<String>, ConfigError> {
            match fields.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.clone())),
                Some(other) => Err(error(&format!("fields.{key}"), "a CSS selector", other)),
            }
        };
        config.fields = Fields {
            new_password: selector("newPassword")?,
            confirm: selector("confirm")?,
            current: selector("current")?,
            username: selector("username")?,
        };
    }
    if let Some(v) = top.get("strength") {
        config.show_strength = boolean(v, "strength")?;
    }
    if let Some(v) = top.get("locale") {
        config.locale = match v {
            Value::String(s) if LOCALES.contains(&s.as_str()) => s.clone(),
            other => return Err(error("locale", &format!("one of [{}]", LOCALES.iter().map(|l| quoted(l)).collect::<Vec<_>>().join(", ")), other)),
        };
    }
    Ok(())
}

fn parse_messages(top: &Map, config: &mut Config) -> Result<(), ConfigError> {
    if let Some(v) = top.get("messages") {
        let mut overrides = Vec::new();
        for (key, text) in object(v, "messages")?.iter() {
            let path = format!("messages.{key}");
            let msg = Msg::from_key(key).ok_or_else(|| ConfigError {
                path: path.clone(),
                expected: "a known message key (see the README's message list)".to_owned(),
                got: "an unknown key".to_owned(),
            })?;
            overrides.push((msg, string(text, &path)?.to_owned()));
        }
        config.catalog = Catalog::new(overrides);
    }
    Ok(())
}

fn parse_policy(value: &Value, policy: &mut Policy) -> Result<(), ConfigError> {
    const FLAGS: [&str; 6] = ["uppercase", "lowercase", "digit", "symbol", "notUsername", "notCurrent"];
    let map = object(value, "policy")?;
    let mut known = vec!["minLength", "maxLength", "minStrength", "blocklist", "contextWords"];
    known.extend(FLAGS);
    check_keys(map, "policy", &known)?;
    if let Some(v) = map.get("maxLength") {
        policy.max_length = whole(v, "policy.maxLength", MAX_LENGTH_FLOOR, MAX_LENGTH_CEILING)?;
    }
    if let Some(v) = map.get("minLength") {
        policy.min_length = whole(v, "policy.minLength", 1, policy.max_length)?;
    } else if policy.min_length > policy.max_length {
        return Err(error("policy.maxLength", "at least the minimum length", &Value::Number(policy.max_length as f64)));
    }
    for flag in FLAGS {
        if let Some(v) = map.get(flag) {
            let on = boolean(v, &format!("policy.{flag}"))?;
            *match flag {
                "uppercase" => &mut policy.uppercase,
                "lowercase" => &mut policy.lowercase,
                "digit" => &mut policy.digit,
                "symbol" => &mut policy.symbol,
                "notUsername" => &mut policy.not_username,
                _ => &mut policy.not_current,
            } = on;
        }
    }
    if let Some(v) = map.get("minStrength") {
        policy.min_strength = match v {
            Value::Null => None,
            v => Some(whole(v, "policy.minStrength", 0, 4)? as u8),
        };
    }
    if let Some(v) = map.get("blocklist") {
        let entries = strings(v, "policy.blocklist")?;
        policy.blocklist = entries.iter().map(|s| crate::text::lowercase(s.trim())).filter(|s| !s.is_empty()).collect();
    }
    if let Some(v) = map.get("contextWords") {
        policy.context_words = strings(v, "policy.contextWords")?;
    }
    Ok(())
}

fn parse_journey(top: &Map) -> Result<Option<JourneyConfig>, ConfigError> {
    let journey = match top.get("journey") {
        None | Some(Value::Null) => {
            let stray = JOURNEY_KEYS[2..].iter().find(|k| top.contains_key(k));
            return match stray {
                Some(key) => Err(ConfigError {
                    path: (*key).to_owned(),
                    expected: "a journey to go with it (config.journey)".to_owned(),
                    got: "no journey".to_owned(),
                }),
                None => Ok(None),
            };
        }
        Some(Value::String(s)) => match s.as_str() {
            "firstLogin" | "first-login" => Journey::FirstLogin,
            "securitySettings" | "security-settings" => Journey::SecuritySettings,
            "forgotPassword" | "forgot-password" => Journey::ForgotPassword,
            _ => return Err(error("journey", "\"firstLogin\", \"securitySettings\" or \"forgotPassword\"", &Value::String(s.clone()))),
        },
        Some(other) => return Err(error("journey", "\"firstLogin\", \"securitySettings\" or \"forgotPassword\"", other)),
    };
    let mut config = JourneyConfig {
        journey,
        options: flow::Options::default(),
        continue_url: None,
        sign_in_url: None,
        issuer: "HMIS".to_owned(),
        recovery: RecoveryPolicy::default(),
    };
    if let Some(v) = top.get("terms") {
        let map = object(v, "terms")?;
        check_keys(map, "terms", &["text", "version"])?;
        let text = map.get("text").map(|v| string(v, "terms.text").map(str::to_owned)).transpose()?;
        let version = map.get("version").map(|v| string(v, "terms.version").map(str::to_owned)).transpose()?;
        config.options.terms = Some(flow::Terms { text, version });
    }
    if let Some(v) = top.get("twoStep") {
        let map = object(v, "twoStep")?;
        check_keys(map, "twoStep", &["enabled", "required", "secret", "issuer"])?;
        if let Some(v) = map.get("enabled") {
            config.options.two_step = boolean(v, "twoStep.enabled")?;
        }
        if let Some(v) = map.get("required") {
            config.options.two_step_required = boolean(v, "twoStep.required")?;
        }
        if let Some(v) = map.get("secret") {
            config.options.local_totp_secret = match v {
                Value::String(s) if s == "backend" => false,
                Value::String(s) if s == "browser" => true,
                other => return Err(error("twoStep.secret", "\"backend\" or \"browser\"", other)),
            };
        }
        if let Some(v) = map.get("issuer") {
            config.issuer = string(v, "twoStep.issuer")?.to_owned();
        }
    }
    if let Some(v) = top.get("recovery") {
        let map = object(v, "recovery")?;
        check_keys(map, "recovery", &["method", "questionMinLength", "questionMaxLength", "answerMinLength"])?;
        if let Some(v) = map.get("method") {
            config.options.recovery = match v {
                Value::String(s) if s == "question" => flow::Recovery::Question,
                Value::String(s) if s == "emailLink" => flow::Recovery::EmailLink,
                Value::String(s) if s == "none" => flow::Recovery::None,
                other => return Err(error("recovery.method", "\"question\", \"emailLink\" or \"none\"", other)),
            };
        }
        let r = &mut config.recovery;
        if let Some(v) = map.get("questionMaxLength") {
            r.question_max = whole(v, "recovery.questionMaxLength", 20, 1000)?;
        }
        if let Some(v) = map.get("questionMinLength") {
            r.question_min = whole(v, "recovery.questionMinLength", 1, r.question_max)?;
        }
        if let Some(v) = map.get("answerMinLength") {
            r.answer_min = whole(v, "recovery.answerMinLength", 1, 100)?;
        }
    }
    if let Some(v) = top.get("firstLogin") {
        let map = object(v, "firstLogin")?;
        check_keys(map, "firstLogin", &["changePassword"])?;
        if let Some(v) = map.get("changePassword") {
            config.options.always_change_password = match v {
                Value::String(s) if s == "always" => true,
                Value::String(s) if s == "whenAsked" => false,
                other => return Err(error("firstLogin.changePassword", "\"always\" or \"whenAsked\"", other)),
            };
        }
    }
    if let Some(v) = top.get("securitySettings") {
        let map = object(v, "securitySettings")?;
        check_keys(map, "securitySettings", &["reauthenticate"])?;
        if let Some(v) = map.get("reauthenticate") {
            config.options.settings_sign_in = match v {
                Value::String(s) if s == "password" => false,
                Value::String(s) if s == "signIn" => true,
                other => return Err(error("securitySettings.reauthenticate", "\"password\" or \"signIn\"", other)),
            };
        }
    }
    for (key, slot) in [("continueUrl", &mut config.continue_url), ("signInUrl", &mut config.sign_in_url)] {
        if let Some(v) = top.get(key) {
            *slot = Some(string(v, key)?.to_owned());
        }
    }
    Ok(Some(config))
}

/// Turns the `data-hmis-*` attributes of the widget's root element into a configuration
/// tree. Attribute values are strings; numbers that do not parse stay strings so that
/// [`parse`] reports them with the key they configure.
pub fn from_attributes<'a>(attrs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Value, ConfigError> {
    let mut top = Map::new();
    let mut policy = Map::new();
    for (name, raw) in attrs {
        let Some(name) = name.strip_prefix("data-hmis-") else { continue };
        let number = || match parse_decimal(raw.trim()) {
            Some(n) => Value::Number(n),
            None => Value::String(raw.to_owned()),
        };
        match name {
            // Handled by the browser shell: the marker itself, the JSON block's id, the stylesheet.
            "onboard" | "config" | "styles" => {}
            "preset" | "locale" | "journey" => {
                top.insert(name.to_owned(), Value::String(raw.trim().to_owned()));
            }
            "continue-url" | "sign-in-url" => {
                let key = if name == "continue-url" { "continueUrl" } else { "signInUrl" };
                top.insert(key.to_owned(), Value::String(raw.trim().to_owned()));
            }
            "strength" => {
                let on = match raw.trim() {
                    "on" | "true" | "" => Value::Bool(true),
                    "off" | "false" => Value::Bool(false),
                    _ => Value::String(raw.to_owned()),
                };
                top.insert("strength".to_owned(), on);
            }
            "min-length" | "max-length" | "min-strength" => {
                let key = match name {
                    "min-length" => "minLength",
                    "max-length" => "maxLength",
                    _ => "minStrength",
                };
                policy.insert(key.to_owned(), number());
            }
            "context-words" => {
                let words = raw.split(',').map(str::trim).filter(|w| !w.is_empty());
                policy.insert("contextWords".to_owned(), Value::Array(words.map(|w| Value::String(w.to_owned())).collect()));
            }
            "require" => {
                let wanted: Vec<&str> = raw.split(|c: char| c == ',' || c.is_whitespace()).filter(|w| !w.is_empty()).collect();
                const CLASSES: [&str; 4] = ["uppercase", "lowercase", "digit", "symbol"];
                if let Some(bad) = wanted.iter().find(|w| !CLASSES.contains(w)) {
                    return Err(ConfigError {
                        path: "data-hmis-require".to_owned(),
                        expected: "a list of uppercase, lowercase, digit, symbol".to_owned(),
                        got: quoted(bad),
                    });
                }
                for class in CLASSES {
                    policy.insert(class.to_owned(), Value::Bool(wanted.contains(&class)));
                }
            }
            other => {
                return Err(ConfigError {
                    path: format!("data-hmis-{other}"),
                    expected: "a known attribute (see the README's attribute list)".to_owned(),
                    got: "an unknown attribute".to_owned(),
                })
            }
        }
    }
    if !policy.is_empty() {
        top.insert("policy".to_owned(), Value::Object(policy));
    }
    Ok(Value::Object(top))
}

/// Lays `overlay` over `base`: objects merge key by key, anything else replaces, and an
/// explicit `null` inside an object replaces too (`{"policy": {"minStrength": null}}` turns the
/// minimum off). Only a wholly `null` overlay (no options given) leaves `base` as it is.
pub fn merge(base: Value, overlay: Value) -> Value {
    match overlay {
        Value::Null => base,
        overlay => replace(base, overlay),
    }
}

fn replace(base: Value, overlay: Value) -> Value {
    match (base, overlay) {
        (Value::Object(mut base), Value::Object(overlay)) => {
            for (key, value) in overlay {
                let merged = match base.remove(&key) {
                    Some(old) => replace(old, value),
                    None => value,
                };
                base.insert(key, merged);
            }
            Value::Object(base)
        }
        (_, overlay) => overlay,
    }
}

pub(crate) fn error(path: &str, expected: &str, got: &Value) -> ConfigError {
    ConfigError { path: path.to_owned(), expected: expected.to_owned(), got: got.describe() }
}

pub(crate) fn object<'v>(v: &'v Value, path: &str) -> Result<&'v Map, ConfigError> {
    match v {
        Value::Object(map) => Ok(map),
        other => Err(error(if path.is_empty() { "(root)" } else { path }, "an object", other)),
    }
}

pub(crate) fn check_keys(map: &Map, path: &str, known: &[&str]) -> Result<(), ConfigError> {
    match map.keys().find(|k| !known.contains(&k.as_str())) {
        None => Ok(()),
        Some(key) => Err(ConfigError {
            path: if path.is_empty() { key.clone() } else { format!("{path}.{key}") },
            expected: format!("one of the keys {}", known.join(", ")),
            got: "an unknown key".to_owned(),
        }),
    }
}

pub(crate) fn whole(v: &Value, path: &str, min: usize, max: usize) -> Result<usize, ConfigError> {
    match v {
        Value::Number(n) if n.fract() == 0.0 && *n >= min as f64 && *n <= max as f64 => Ok(*n as usize),
        other => Err(error(path, &format!("a whole number from {min} to {max}"), other)),
    }
}

pub(crate) fn boolean(v: &Value, path: &str) -> Result<bool, ConfigError> {
    match v {
        Value::Bool(b) => Ok(*b),
        other => Err(error(path, "true or false", other)),
    }
}

pub(crate) fn string<'v>(v: &'v Value, path: &str) -> Result<&'v str, ConfigError> {
    match v {
        Value::String(s) => Ok(s),
        other => Err(error(path, "a string", other)),
    }
}

fn strings(v: &Value, path: &str) -> Result<Vec<String>, ConfigError> {
    match v {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| string(item, &format!("{path}[{i}]")).map(str::to_owned))
            .collect(),
        other => Err(error(path, "an array of strings", other)),
    }
}

/// `text` in double quotes, escaped as Rust's `{:?}` escapes it (quotes, backslashes, control
/// characters), for error messages; without the `Debug` machinery and its Unicode tables.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => {
                out.push_str("\\u{");
                out.push_str(&format!("{:x}", c as u32));
                out.push('}');
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

// Numbers in and out of text, without core's float parsing and formatting: its tables and
// algorithms were a sixth of the field build's download, for error messages and three
// attributes that hold small whole numbers.

/// Powers of ten that an `f64` holds exactly.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22,
];
const EXACT_INT: u64 = 1 << 53;

/// `digits × 10^exp`, correctly rounded, when both factors are exact in an `f64` (one
/// multiplication or division of exact values is correctly rounded); else `None`.
fn exact_decimal(digits: u64, exp: i32) -> Option<f64> {
    if digits > EXACT_INT || exp.unsigned_abs() as usize >= POW10.len() {
        return None;
    }
    let d = digits as f64;
    Some(if exp >= 0 { d * POW10[exp as usize] } else { d / POW10[(-exp) as usize] })
}

/// A decimal number as Rust writes it (`-12`, `8.5`, `1e3`, `.5`), when it has at most 19
/// significant digits and converts exactly (see [`exact_decimal`]); else `None`, and the
/// attribute's text is kept as a string, which the configuration's checks then report as given.
fn parse_decimal(text: &str) -> Option<f64> {
    let (negative, rest) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], Some(&rest[at + 1..])),
        None => (rest, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if int.is_empty() && frac.is_empty() || !(int.bytes().chain(frac.bytes())).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut exp: i32 = match exponent {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let value: i32 = digits.bytes().fold(0, |a, b| a * 10 + i32::from(b - b'0'));
            if e.starts_with('-') { -value } else { value }
        }
    };
    exp -= frac.len() as i32;
    let all = int.bytes().chain(frac.bytes()).skip_while(|b| *b == b'0');
    let mut digits: u64 = 0;
    for (count, b) in all.enumerate() {
        if count >= 19 {
            return None;
        }
        digits = digits * 10 + u64::from(b - b'0');
    }
    // Trailing zeros move into the exponent, so `1000e-3` is exact too.
    while digits != 0 && digits % 10 == 0 {
        digits /= 10;
        exp += 1;
    }
    let value = if digits == 0 { 0.0 } else { exact_decimal(digits, exp)? };
    Some(if negative { -value } else { value })
}

/// A number as Rust's `Display` writes it (`8`, `-0.25`, `100000`), for error messages: the
/// shortest digits that read back as the same `f64`, tried up to 15 digits with
/// [`exact_decimal`]. Numbers beyond that (huge, tiny, or needing 16–17 digits) are described
/// in words instead.
fn describe_number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_owned();
    }
    if n.is_infinite() {
        return if n > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    let sign = if n.is_sign_negative() { "-" } else { "" };
    let a = n.abs();
    if a.fract() == 0.0 && a < EXACT_INT as f64 {
        return format!("{sign}{}", a as u64);
    }
    // The decimal exponent of the leading digit, found by scaling (only a first guess: every
    // candidate is checked by reading it back).
    let mut lead: i32 = 0;
    let mut scaled = a;
    while scaled >= 10.0 && lead < 40 {
        scaled /= 10.0;
        lead += 1;
    }
    while scaled < 1.0 && lead > -40 {
        scaled *= 10.0;
        lead -= 1;
    }
    for precision in 1..=15i32 {
        let exp = lead - precision + 1;
        let guess = match exact_decimal(1, exp.abs()) {
            Some(p) if exp >= 0 => (a / p).round(),
            Some(p) => (a * p).round(),
            None => continue,
        };
        for digits in [guess, guess - 1.0, guess + 1.0] {
            if digits < 1.0 || exact_decimal(digits as u64, exp) != Some(a) {
                continue;
            }
            let text = (digits as u64).to_string();
            return format!("{sign}{}", place_point(&text, exp));
        }
    }
    if a.fract() != 0.0 { "a number that is not a whole number" } else { "a number too large to be a setting" }.to_owned()
}

/// `digits × 10^exp` written out without an exponent.
fn place_point(digits: &str, exp: i32) -> String {
    if exp >= 0 {
        return format!("{digits}{}", "0".repeat(exp as usize));
    }
    let point = digits.len() as i32 + exp;
    if point > 0 {
        let (int, frac) = digits.split_at(point as usize);
        format!("{int}.{frac}")
    } else {
        format!("0.{}{digits}", "0".repeat((-point) as usize))
    }
}

#[cfg(test)]
mod number_tests {
    use super::{describe_number, parse_decimal, quoted};

    #[test]
    fn quotes_text_as_rusts_debug_does() {
        for text in ["", "eight", "say \"hi\"", "back\\slash", "tab\tnew\nline\r", "nul\0", "bell\u{7}", "del\u{7f}", "é ✓ 😀"] {
            assert_eq!(quoted(text), format!("{text:?}"), "{text}");
        }
    }

    #[test]
    fn describes_numbers_as_rusts_display_does() {
        let samples = [
            0.0, -0.0, 1.0, 8.0, -1.0, 8.5, -2.5, 0.1, 0.25, 1e-7, 123.456, 1e15, 4503599627370495.0, 99999.5,
            0.000123, 3.14159, 1e21, 2.5e-10, 1234567.125,
        ];
        for n in samples {
            assert_eq!(describe_number(n), n.to_string(), "{n:?}");
        }
        assert_eq!(describe_number(f64::NAN), "NaN");
        assert_eq!(describe_number(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn describes_numbers_beyond_fifteen_digits_in_words() {
        assert_eq!(describe_number(0.1 + 0.2), "a number that is not a whole number");
        assert_eq!(describe_number(1e30), 1e30.to_string());
        assert_eq!(describe_number(1e300), "a number too large to be a setting");
    }

    #[test]
    fn parses_decimals_as_rusts_from_str_does() {
        for text in ["8", "-1", "+3", "8.5", ".5", "5.", "1e3", "1E-2", "0", "-0", "0012", "100000", "2.50", "1000e-3", "123456789012"] {
            assert_eq!(parse_decimal(text), text.parse::<f64>().ok(), "{text}");
        }
        for text in ["", ".", "-", "e3", "8a", "1e", "inf", "NaN", "0x10", " 8", "1e99999", "12345678901234567890123"] {
            assert_eq!(parse_decimal(text), None, "{text}");
        }
    }
}

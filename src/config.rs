//! The embedding configuration: parse, default, validate.
//!
//! Configuration arrives as a JS object, a JSON block or `data-hmis-*` attributes; all three
//! become one [`Value`] tree and go through [`parse`], so every source gets the same checks and
//! the same error messages. Unknown keys are errors: a typo must not silently become a default.

use crate::backend::config::BackendConfig;
pub use crate::backend::config::ResolvedUrl;
use crate::journeys::{self, Journey};
pub(crate) use crate::json::{boolean, check_keys, error, object, parse_decimal, string, strings, whole};
pub use crate::json::{quoted, ConfigError, Map, Value};
use crate::messages::{Catalog, Msg};
use crate::policy::{Policy, MAX_LENGTH_CEILING, MAX_LENGTH_FLOOR};
use crate::recovery::RecoveryPolicy;

/// The two presets (README, "Presets").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Preset {
    #[default]
    Hmis,
    Nist,
}

/// CSS selectors, searched in the whole document, for fields that are not found automatically
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
    /// Which preset the policy started from: under `hmis` (the guide: never let the browser
    /// save the HMIS password) the journeys add nothing whose purpose is to get it saved.
    pub preset: Preset,
    pub catalog: Catalog,
    /// The language of the messages: a language tag whose catalog is in `locales` (the host's,
    /// or a built-in one the entry script fetched), or English.
    pub locale: String,
    pub fields: Fields,
    /// Show the zxcvbn meter and feedback (the rules work either way).
    pub show_strength: bool,
    /// Refuse a submit while the new password is unmet (through the browser's constraint
    /// validation). Off, the verdict event and `verdict()` still carry the state.
    pub submit_guard: bool,
    /// Where the guided journeys post; `None` when the widget only checks a password field.
    pub backend: Option<BackendConfig>,
    /// The guided journey to run in the root, if any (else the widget enhances the host's form).
    pub journey: Option<JourneyConfig>,
}

/// A guided journey and its settings.
#[derive(Clone, Debug, PartialEq)]
pub struct JourneyConfig {
    pub journey: Journey,
    pub options: journeys::Options,
    /// Where "Continue" goes when the journey is done.
    pub continue_url: Option<String>,
    /// Where the user signs in again (after declining the terms or cancelling).
    pub sign_in_url: Option<String>,
    /// The issuer shown in authenticator apps for a secret made in the browser.
    pub issuer: String,
    pub recovery: RecoveryPolicy,
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
            preset: Preset::Hmis,
            catalog: Catalog::default(),
            locale: "en".to_owned(),
            fields: Fields::default(),
            show_strength: true,
            submit_guard: true,
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
    let mut known = vec!["preset", "policy", "fields", "strength", "submitGuard", "locale", "locales", "messages"];
    known.extend(JOURNEY_KEYS);
    check_keys(top, "", &known)?;
    Ok(Some(top))
}

/// The keys a password field reads, except `messages` (read last, after the journeys' keys).
fn parse_field_keys(top: &Map, config: &mut Config) -> Result<(), ConfigError> {
    if let Some(preset) = top.get("preset") {
        config.policy = match preset {
            Value::String(s) if s == "hmis" => Policy::hmis(),
            Value::String(s) if s == "nist" => {
                config.preset = Preset::Nist;
                Policy::nist()
            }
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
    if let Some(v) = top.get("submitGuard") {
        config.submit_guard = boolean(v, "submitGuard")?;
    }
    if let Some(v) = top.get("strength") {
        config.show_strength = boolean(v, "strength")?;
    }
    if let Some(v) = top.get("locale") {
        config.locale = match v {
            Value::String(s) if is_language_tag(s) => s.clone(),
            other => return Err(error("locale", "a language tag such as \"es\" or \"es-MX\"", other)),
        };
    }
    Ok(())
}

/// The messages: the chosen language's catalog from `locales` (every catalog there is checked,
/// so a mistake shows whichever language the person reads), then the host's `messages` on top.
fn parse_messages(top: &Map, config: &mut Config) -> Result<(), ConfigError> {
    let mut texts = Vec::new();
    if let Some(v) = top.get("locales") {
        for (tag, catalog) in object(v, "locales")?.iter() {
            if !is_language_tag(tag) {
                return Err(error(&format!("locales.{tag}"), "a language tag such as \"es\" or \"es-MX\" as the key", &Value::String(tag.clone())));
            }
            let entries = messages(catalog, &format!("locales.{tag}"))?;
            if tag.eq_ignore_ascii_case(&config.locale) {
                texts.extend(entries);
            }
        }
    }
    if let Some(v) = top.get("messages") {
        texts.extend(messages(v, "messages")?);
    }
    if !texts.is_empty() {
        config.catalog = Catalog::new(texts);
    }
    Ok(())
}

/// A map of message key to text, each key known and each `{placeholder}` one the widget fills.
fn messages(value: &Value, at: &str) -> Result<Vec<(Msg, String)>, ConfigError> {
    let mut texts = Vec::new();
    for (key, text) in object(value, at)?.iter() {
        let path = format!("{at}.{key}");
        let msg = Msg::from_key(key).ok_or_else(|| ConfigError {
            path: path.clone(),
            expected: "a known message key (see the README's message list)".to_owned(),
            got: "an unknown key".to_owned(),
        })?;
        let text = string(text, &path)?;
        // A placeholder the widget does not fill would be shown as written: `{minimum}`.
        if let Some(unknown) = crate::messages::placeholders_in(text).into_iter().find(|p| !msg.placeholders().contains(p)) {
            let known = msg.placeholders().iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(", ");
            let expected = if known.is_empty() { "text without placeholders".to_owned() } else { format!("text whose placeholders are among {known}") };
            return Err(ConfigError { path, expected, got: format!("{{{unknown}}}") });
        }
        texts.push((msg, text.to_owned()));
    }
    Ok(texts)
}

/// A BCP 47 language tag, loosely: letters, digits and hyphens, starting with a letter.
fn is_language_tag(s: &str) -> bool {
    s.len() <= 35 && s.starts_with(|c: char| c.is_ascii_alphabetic()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
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
        options: journeys::Options::default(),
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
        config.options.terms = Some(journeys::Terms { text, version });
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
                Value::String(s) if s == "question" => journeys::Recovery::Question,
                Value::String(s) if s == "emailLink" => journeys::Recovery::EmailLink,
                Value::String(s) if s == "none" => journeys::Recovery::None,
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

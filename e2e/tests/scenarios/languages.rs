//! Languages (www/test/languages.html, a page in Spanish with roots in other languages): each
//! root speaks the language it asks for, judged against the catalog files read here with
//! serde_json, not through the widget; right to left lays out as a reader of Arabic expects.

use super::Outcome;
use crate::support::page::Page;
use crate::support::wait::wait_for;
use crate::support::{ensure, ensure_eq, repo_root, Context};
use serde_json::{json, Map, Value};

const PAGE: &str = "/test/languages.html";

/// A catalog file of the repository: `src/messages/es.json`, `www/test/ar-test.json`.
pub(super) fn catalog(path: &str) -> Result<Map<String, Value>, String> {
    let text = std::fs::read_to_string(repo_root().join(path)).context(&format!("reading {path}"))?;
    serde_json::from_str(&text).context(&format!("parsing {path}"))
}

pub(super) fn text<'a>(catalog: &'a Map<String, Value>, key: &str) -> &'a str {
    catalog.get(key).and_then(Value::as_str).unwrap_or("(missing)")
}

/// One root's texts: its rules by id, its heading, its toggle, and the lang its panel carries.
const ROOT_JS: &str = r#"
const root = document.getElementById(arguments[0]);
const panel = root.querySelector('[data-hmis-part="panel"]');
if (!panel) return null;
return {
  lang: panel.getAttribute("lang"),
  heading: panel.querySelector('[data-hmis-part="rules-heading"]').textContent,
  rules: Object.fromEntries(Array.from(panel.querySelectorAll('[data-hmis-part="rule"]'),
    (li) => [li.getAttribute("data-rule"), li.querySelector('[data-hmis-part="rule-text"]').textContent])),
  toggle: root.querySelector('[data-hmis-part="toggle-visibility"]').textContent,
  toggleLang: root.querySelector('[data-hmis-part="toggle-visibility"]').getAttribute("lang"),
};
"#;

async fn wait_for_root(page: &Page, id: &str) -> Result<Value, String> {
    wait_for(&format!("the checklist of #{id}"), || async {
        let v: Value = page.script(ROOT_JS, vec![json!(id)]).await?;
        if v.is_null() { Err("no panel yet".to_owned()) } else { Ok(v) }
    })
    .await
}

/// The page is in Spanish (es-MX): a root inheriting it speaks the built-in Spanish; one with
/// data-hmis-locale="en" English; one with the host's partial French catalog French where it
/// has a text and English elsewhere, with one console warning listing what it lacks; every
/// element the widget adds says its language.
pub async fn each_root_speaks_the_language_it_asks_for(page: Page) -> Outcome {
    let es = catalog("src/messages/es.json")?;
    page.open(PAGE).await?;
    let spanish = wait_for_root(&page, "es").await?;
    ensure_eq!(spanish["lang"], json!("es"), "the Spanish panel's lang");
    ensure_eq!(spanish["toggleLang"], json!("es"), "the Spanish toggle's lang");
    ensure_eq!(spanish["heading"], json!(text(&es, "rules.heading")), "the Spanish heading");
    ensure_eq!(spanish["rules"]["uppercase"], json!(text(&es, "rule.uppercase")), "a Spanish rule");
    ensure_eq!(spanish["rules"]["minLength"], json!(text(&es, "rule.minLength").replace("{min}", "8")), "a Spanish rule with its number");
    ensure_eq!(spanish["toggle"], json!(text(&es, "toggle.show")), "the Spanish toggle");

    let english = wait_for_root(&page, "en").await?;
    ensure_eq!(english["lang"], json!("en"), "the English panel's lang");
    ensure_eq!(english["rules"]["uppercase"], json!("At least 1 capital letter"), "an English rule on a Spanish page");

    let french = wait_for_root(&page, "fr").await?;
    ensure_eq!(french["lang"], json!("fr"), "the French panel's lang");
    ensure_eq!(french["rules"]["digit"], json!("Au moins 1 chiffre"), "a French rule from the host's catalog");
    ensure_eq!(french["rules"]["minLength"], json!("Au moins 8 caractères"), "a French rule with its number");
    ensure_eq!(french["rules"]["uppercase"], json!("At least 1 capital letter"), "a rule the French catalog lacks");

    // Typing in Spanish: the live status speaks Spanish too.
    page.type_into("#es-new", "Abcdefgh1!").await?;
    let status: String = wait_for("the Spanish live status", || async {
        let s: String = page.script(r#"return document.querySelector('#es [data-hmis-part="status"]').textContent;"#, vec![]).await?;
        if s.is_empty() { Err("empty".to_owned()) } else { Ok(s) }
    })
    .await?;
    let spanish_status = [text(&es, "rules.allMet").to_owned(), text(&es, "rules.nowMet").split('{').next().unwrap_or("").to_owned()];
    ensure!(spanish_status.iter().any(|s| !s.is_empty() && status.starts_with(s.trim_end())), "the live status {status:?} is not Spanish ({spanish_status:?})");

    let console = page.page_console().await?;
    let lacking: Vec<&String> = console.iter().filter(|l| l.contains("\"fr\" catalog has no text for")).collect();
    ensure_eq!(lacking.len(), 1, format!("the French catalog's warning in {console:?}"));
    ensure!(lacking[0].contains("rule.uppercase") && !lacking[0].contains("rule.digit,"), "the warning lists what the catalog lacks: {}", lacking[0]);
    ensure!(!console.iter().any(|l| l.contains("\"es\" catalog")), "the built-in Spanish lacks keys: {console:?}");
    Ok(())
}

/// Right to left (dir="rtl", the host's Arabic test catalog): each rule's glyph is on its right
/// with the text beside it, the meter fills from the right, the toggle follows its field to the
/// left, and a journey's error box has its bar on the right.
pub async fn right_to_left_lays_out_the_checklist_meter_toggles_and_journey(page: Page) -> Outcome {
    let ar = catalog("www/test/ar-test.json")?;
    page.open(PAGE).await?;
    let arabic = wait_for_root(&page, "ar").await?;
    ensure_eq!(arabic["rules"]["digit"], json!(text(&ar, "rule.digit")), "an Arabic rule");
    page.type_into("#ar-new", "abc").await?;
    let layout: Value = wait_for("a strength score shown in the Arabic form", || async {
        let v: Value = page
            .script(
                r#"const form = document.getElementById("ar");
                   const meter = form.querySelector('[data-hmis-part="meter"]');
                   if (!meter.getAttribute("data-score")) return null;
                   const li = form.querySelector('[data-rule="digit"]');
                   const words = form.querySelector('[data-rule="digit"] [data-hmis-part="rule-text"]');
                   const range = document.createRange(); range.selectNodeContents(words);
                   const segments = Array.from(meter.querySelectorAll('[data-hmis-part="meter-segment"]'), (s) => {
                     const r = s.getBoundingClientRect(); return { left: r.left, colour: getComputedStyle(s).backgroundColor };
                   });
                   const input = document.getElementById("ar-new").getBoundingClientRect();
                   const toggle = form.querySelector('[data-hmis-part="toggle-visibility"]').getBoundingClientRect();
                   return {
                     padRight: parseFloat(getComputedStyle(li).paddingRight), padLeft: parseFloat(getComputedStyle(li).paddingLeft),
                     liRight: li.getBoundingClientRect().right, textRight: range.getBoundingClientRect().right,
                     glyphLeft: getComputedStyle(li, "::before").left, glyphRight: getComputedStyle(li, "::before").right,
                     segments, inputLeft: input.left, inputRight: input.right, toggleLeft: toggle.left, toggleRight: toggle.right,
                   };"#,
                vec![],
            )
            .await?;
        // The segments' colours change with a short transition: wait until it has run.
        let filled = !v.is_null() && v["segments"][0]["colour"] != v["segments"][3]["colour"];
        if filled { Ok(v) } else { Err(format!("no score shown yet: {v}")) }
    })
    .await?;
    let f = |k: &str| layout[k].as_f64().unwrap_or(f64::NAN);
    ensure!(f("padRight") > 15.0 && f("padLeft") < 1.0, "the rule's room for its glyph is not on the right: {layout}");
    ensure!(f("textRight") < f("liRight") - 15.0, "the rule's text starts at the right edge, over the glyph: {layout}");
    let segments = layout["segments"].as_array().cloned().unwrap_or_default();
    ensure_eq!(segments.len(), 4, "meter segments");
    let left = |i: usize| segments[i]["left"].as_f64().unwrap_or(f64::NAN);
    ensure!(left(0) > left(3), "the meter fills from the left in right-to-left: {layout}");
    ensure!(f("toggleRight") <= f("inputLeft") + 1.0, "the toggle does not follow its field to the left: {layout}");

    // A journey right to left: a wrong password's error box has its bar on the right.
    let step = "#journey-ar form[data-hmis-part=\"step\"]";
    wait_for("the Arabic journey's first step", || async {
        let n = page.count(step).await?;
        if n > 0 { Ok(()) } else { Err("no step yet".to_owned()) }
    })
    .await?;
    page.type_into(&format!(r#"{step} input[name="username"]"#), "demo").await?;
    page.type_into(&format!(r#"{step} input[name="password"]"#), "wrong").await?;
    page.click(&format!(r#"{step} [data-hmis-part="primary"]"#)).await?;
    let error: Value = wait_for("the Arabic journey's error", || async {
        let v: Value = page
            .script(
                r#"const e = document.querySelector('#journey-ar [data-hmis-part="error"]');
                   if (!e || !e.textContent) return null;
                   const s = getComputedStyle(e);
                   return { right: s.borderRightWidth, left: s.borderLeftWidth, direction: s.direction };"#,
                vec![],
            )
            .await?;
        if v.is_null() { Err("no error yet".to_owned()) } else { Ok(v) }
    })
    .await?;
    ensure_eq!(error["direction"], json!("rtl"), "the journey's direction");
    ensure_eq!(error["right"], json!("4px"), format!("the error's bar: {error}"));
    ensure!(error["left"] != json!("4px"), "the error's bar is on the left: {error}");
    Ok(())
}

/// A journey on the Spanish page speaks Spanish; without the WebAssembly (a stricter policy), the
/// notice says so in Spanish, from the catalog fetched beside it.
pub async fn spanish_journey_and_the_notice_without_webassembly(page: Page) -> Outcome {
    let es = catalog("src/messages/es.json")?;
    page.open(PAGE).await?;
    let heading: Value = wait_for("the Spanish journey's first step", || async {
        let v: Value = page
            .script(
                r#"const h = document.querySelector('#journey-es [data-hmis-part="step-heading"]');
                   return h ? { text: h.textContent, lang: document.querySelector('#journey-es [data-hmis-part="journey"]').getAttribute("lang") } : null;"#,
                vec![],
            )
            .await?;
        if v.is_null() { Err("no step yet".to_owned()) } else { Ok(v) }
    })
    .await?;
    ensure_eq!(heading["text"], json!(text(&es, "step.signIn")), "the Spanish journey's heading");
    ensure_eq!(heading["lang"], json!("es"), "the Spanish journey's lang");

    page.open(&format!("{PAGE}?wasm=blocked")).await?;
    let notice: String = wait_for("the notice without the WebAssembly", || async {
        let t: Option<String> = page.script(r#"return document.querySelector('#es [data-hmis-part="unavailable"]')?.textContent ?? null;"#, vec![]).await?;
        t.ok_or_else(|| "no notice yet".to_owned())
    })
    .await?;
    ensure_eq!(notice.as_str(), text(&es, "unavailable"), "the notice on the Spanish page");
    Ok(())
}

/// A page without any lang attribute follows the browser's preferred languages, the first that
/// has a catalog (fr-CA has none, es-AR is Spanish), and is English when none has one.
pub async fn without_lang_the_browsers_languages_choose(page: Page) -> Outcome {
    let es = catalog("src/messages/es.json")?;
    for (languages, expected) in [("fr-CA,es-AR,en", text(&es, "rule.uppercase")), ("de-DE,fr", "At least 1 capital letter")] {
        page.open(&format!("/test/browser-language.html?languages={languages}")).await?;
        let root = wait_for_root(&page, "profile").await?;
        ensure_eq!(root["rules"]["uppercase"], json!(expected), format!("a rule with the browser's languages {languages}"));
    }
    Ok(())
}

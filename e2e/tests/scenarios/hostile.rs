//! The hostile host page (www/test/hostile.html): everything a web team's real page throws at the
//! widget at once. One form around the whole page, a legacy stylesheet (www/test/legacy.css), the
//! page's own Content-Security-Policy, served by another server (the Django backend's) than the
//! widget's files, which come from the demo server's origin. Every part the widget draws keeps
//! its meaning and its legibility there: judged on computed styles and on the pixels of
//! screenshots, not on the widget's own idea of its state.

use super::Outcome;
use crate::support::django::{DjangoBackend, Kind};
use crate::support::journey::field;
use crate::support::page::Page;
use crate::support::wait::wait_for;
use crate::support::{ensure, ensure_eq, Context};
use serde::Deserialize;
use serde_json::{json, Value};

const PANEL: &str = "#ctl00_MainContent_pnlPassword";
const NEW: &str = "#ctl00_MainContent_txtNew";
const CURRENT: &str = "#ctl00_MainContent_txtCurrent";

/// The default stylesheet's light colours (js/hmis-onboard.css), and the legacy stylesheet's.
const MET: [u8; 3] = [0x1a, 0x7f, 0x37];
const UNMET: [u8; 3] = [0x6e, 0x77, 0x81];
const DARKRED: [u8; 3] = [0x8b, 0x00, 0x00];
const LEGACY_RED: [u8; 3] = [0xcc, 0x00, 0x00];
const LEGACY_BLUE: [u8; 3] = [0x00, 0x33, 0x66];

/// Opens the hostile page on its own server with the widget's files from the demo server.
async fn open_hostile(page: &Page, query: &str) -> Result<(DjangoBackend, Page), String> {
    let backend = DjangoBackend::start(Kind::Allauth).await?;
    let host = Page::new(page.client.clone(), backend.url.trim_end_matches('/'));
    let assets = format!("{}/pkg/", page.base());
    host.open(&format!("/test/hostile.html?assets={assets}{query}")).await?;
    Ok((backend, host))
}

/// The submits of the whole-page form that reached the document (www/test/hostile.js lists them).
#[derive(Debug, Deserialize, PartialEq)]
struct Postback {
    submitter: String,
    refused: bool,
}

async fn postbacks(page: &Page) -> Result<Vec<Postback>, String> {
    page.script(
        r#"return Array.from(document.querySelectorAll('#postbacks li'), (li) => ({
             submitter: li.getAttribute("data-submitter"), refused: li.getAttribute("data-refused") === "true" }));"#,
        vec![],
    )
    .await
}

/// What the browser computed for each part the legacy stylesheet goes after.
const STYLES_JS: &str = r#"
const panel = document.querySelector(arguments[0]);
const css = (el, pseudo) => getComputedStyle(el, pseudo ?? null);
const rules = Array.from(panel.querySelectorAll('[data-hmis-part="rule"]:not([hidden])'), (li) => ({
  rule: li.getAttribute("data-rule"),
  met: li.getAttribute("data-met"),
  color: css(li.querySelector('[data-hmis-part="rule-text"]')).color,
  listStyle: css(li).listStyleType,
  before: css(li, "::before").content,
  beforeColor: css(li, "::before").color,
  after: css(li, "::after").content,
}));
const panelWidth = panel.getBoundingClientRect().width;
const toggles = Array.from(panel.querySelectorAll('[data-hmis-part="toggle-visibility"]'), (b) => ({
  widthShare: b.getBoundingClientRect().width / panelWidth,
  transform: css(b).textTransform,
  spacing: css(b).letterSpacing,
  color: css(b).color,
  background: css(b).backgroundColor,
  float: css(b).cssFloat,
}));
const segments = Array.from(panel.querySelectorAll('[data-hmis-part="meter-segment"]'), (s) => css(s).backgroundColor);
return { rules, toggles, segments };
"#;

#[derive(Debug, Deserialize)]
struct Styles {
    rules: Vec<RuleStyle>,
    toggles: Vec<ToggleStyle>,
    segments: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct RuleStyle {
    rule: String,
    met: Option<String>,
    color: String,
    #[serde(rename = "listStyle")]
    list_style: String,
    before: String,
    #[serde(rename = "beforeColor")]
    before_color: String,
    after: String,
}

#[derive(Debug, Deserialize)]
struct ToggleStyle {
    #[serde(rename = "widthShare")]
    width_share: f64,
    transform: String,
    spacing: String,
    color: String,
    background: String,
    float: String,
}

fn rgb([r, g, b]: [u8; 3]) -> String {
    format!("rgb({r}, {g}, {b})")
}

/// The pixels of one element as the person sees it: the viewport's screenshot, cropped to the
/// element's box (WebKitGTK's element screenshots come out black under xvfb; the viewport's do
/// not). RGB, row by row.
struct Shot {
    rgb: Vec<[u8; 3]>,
}

async fn screenshot_of(page: &Page, selector: &str) -> Result<Shot, String> {
    let rect: [f64; 4] = page
        .script(
            r#"const el = document.querySelector(arguments[0]);
               el.scrollIntoView({ block: "center" });
               const r = el.getBoundingClientRect(), k = devicePixelRatio;
               return [r.left * k, r.top * k, r.width * k, r.height * k];"#,
            vec![json!(selector)],
        )
        .await?;
    let png_bytes = page.client.screenshot().await.context(&format!("a screenshot for {selector}"))?;
    let decoder = png::Decoder::new(png_bytes.as_slice());
    let mut reader = decoder.read_info().context("reading the screenshot's header")?;
    let mut buffer = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buffer).context("decoding the screenshot")?;
    let channels = match info.color_type {
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        other => return Err(format!("a screenshot in {other:?}")),
    };
    let (width, height) = (info.width as usize, info.height as usize);
    let [left, top, w, h] = rect.map(|v| v.max(0.0).round() as usize);
    let mut rgb = Vec::new();
    for y in top..(top + h).min(height) {
        for x in left..(left + w).min(width) {
            let i = (y * width + x) * channels;
            rgb.push([buffer[i], buffer[i + 1], buffer[i + 2]]);
        }
    }
    ensure!(!rgb.is_empty(), "{selector} is outside the screenshot ({width}×{height}): {rect:?}");
    Ok(Shot { rgb })
}

/// How many pixels of a screenshot are within a small distance of `colour`.
fn pixels_near(shot: &Shot, colour: [u8; 3]) -> usize {
    let near = |p: &[u8; 3]| p.iter().zip(colour).map(|(a, b)| (i32::from(*a) - i32::from(b)).abs()).max().unwrap_or(255) <= 24;
    shot.rgb.iter().filter(|p| near(p)).count()
}

/// The checklist, the toggles and the meter under the legacy stylesheet: each rule says met or
/// not by its own colour and glyph, never the site's bullets or span colour; the toggles stay
/// buttons, not full-width bars; the meter shows its score. Judged on computed styles and on the
/// pixels of each rule's screenshot.
pub async fn hostile_page_keeps_the_checklist_readable_under_a_legacy_stylesheet(page: Page) -> Outcome {
    let (_backend, host) = open_hostile(&page, "").await?;
    host.wait_for_checklist_in(PANEL).await?;
    host.type_into(NEW, "Hope").await?;
    let styles: Styles = wait_for("the checklist after typing, and a strength score", || async {
        let s: Styles = host.script(STYLES_JS, vec![json!(PANEL)]).await?;
        let uppercase_met = s.rules.iter().any(|r| r.rule == "uppercase" && r.met.as_deref() == Some("true"));
        if uppercase_met && s.segments.iter().any(|c| c != &s.segments[3]) { Ok(s) } else { Err(format!("{s:?}")) }
    })
    .await?;
    for rule in &styles.rules {
        let (colour, glyph) = if rule.met.as_deref() == Some("true") { (MET, "✓") } else { (UNMET, "○") };
        ensure_eq!(rule.color, rgb(colour), format!("the text colour of the {} rule (met={:?})", rule.rule, rule.met));
        ensure_eq!(rule.before_color, rgb(colour), format!("the glyph colour of the {} rule", rule.rule));
        ensure!(rule.before.contains(glyph), "the {} rule's glyph is {:?}, not {glyph}", rule.rule, rule.before);
        ensure_eq!(rule.list_style.as_str(), "none", format!("the {} rule's bullet", rule.rule));
        ensure_eq!(rule.after.as_str(), "none", format!("the {} rule's ::after", rule.rule));
    }
    ensure!(styles.toggles.len() >= 2, "Show password toggles: {:?}", styles.toggles);
    for toggle in &styles.toggles {
        ensure!(toggle.width_share < 0.5, "a Show password toggle takes {:.0}% of the panel's width", toggle.width_share * 100.0);
        ensure_eq!(toggle.transform.as_str(), "none", "a toggle's text-transform");
        ensure_eq!(toggle.spacing.as_str(), "normal", "a toggle's letter-spacing");
        ensure_eq!(toggle.float.as_str(), "none", "a toggle's float");
        ensure!(toggle.color != toggle.background, "a toggle's text is the colour of its background: {toggle:?}");
        ensure!(toggle.color != "rgb(255, 255, 255)", "the legacy white button text on the widget's light toggle: {toggle:?}");
    }

    // What the person sees: each rule's pixels are in its own colour, none in the site's reds.
    for rule in &styles.rules {
        let met = rule.met.as_deref() == Some("true");
        // Polled: a screenshot may show the frame before the last change was painted (WebKit).
        let selector = format!(r#"{PANEL} [data-rule="{}"]"#, rule.rule);
        let shot = wait_for(&format!("the {} rule painted in its {} colour", rule.rule, if met { "met" } else { "unmet" }), || async {
            let shot = screenshot_of(&host, &selector).await?;
            let own = pixels_near(&shot, if met { MET } else { UNMET });
            if own >= 20 { Ok(shot) } else { Err(format!("{own} pixels of it")) }
        })
        .await?;
        for (name, colour) in [("darkred", DARKRED), ("the legacy red", LEGACY_RED), ("the legacy blue", LEGACY_BLUE)] {
            let foreign = pixels_near(&shot, colour);
            ensure_eq!(foreign, 0, format!("pixels in {name} in the {} rule's screenshot", rule.rule));
        }
    }
    Ok(())
}

/// The whole-page form on the hostile page: the header's Search goes through while the new
/// password is empty and not required; once a new password is typed, a submit that would send it
/// is refused and focus lands, visibly, on what is missing, though the site removes every focus
/// outline; Sign out (formnovalidate) always goes through. A context phrase counts joined, and
/// the strength worker starts from the files' origin under the page's CSP.
pub async fn hostile_page_guards_only_submits_that_send_a_new_password(page: Page) -> Outcome {
    let (_backend, host) = open_hostile(&page, "").await?;
    host.wait_for_checklist_in(PANEL).await?;
    host.click("#ctl00_btnSearch").await?;
    host.type_into(CURRENT, "Temp-Pass-2024!").await?;
    host.type_into(NEW, "Hope").await?;
    host.click("#ctl00_btnSearch").await?;
    let focus: Value = wait_for("focus on the first unmet rule", || async {
        let f: Value = host
            .script(
                r#"const a = document.activeElement;
                   return { part: a.getAttribute("data-hmis-part"), rule: a.getAttribute("data-rule"),
                            outline: getComputedStyle(a).outlineStyle, width: getComputedStyle(a).outlineWidth };"#,
                vec![],
            )
            .await?;
        if f["part"] == json!("rule") { Ok(f) } else { Err(format!("{f}")) }
    })
    .await?;
    ensure_eq!(focus["outline"], json!("solid"), format!("the focused rule's outline: {focus}"));
    ensure_eq!(focus["width"], json!("3px"), format!("the focused rule's outline: {focus}"));
    // Refused by constraint validation: the browser sends no submit event at all.
    ensure_eq!(postbacks(&host).await?, vec![Postback { submitter: "ctl00$btnSearch".into(), refused: false }], "the postbacks after the refused Search");
    host.click("#ctl00_btnSignOut").await?;
    let expected = vec![
        Postback { submitter: "ctl00$btnSearch".into(), refused: false },
        Postback { submitter: "ctl00$btnSignOut".into(), refused: false },
    ];
    let seen = wait_for("two postbacks", || async {
        let p = postbacks(&host).await?;
        if p.len() >= expected.len() { Ok(p) } else { Err(format!("{p:?}")) }
    })
    .await?;
    ensure_eq!(seen, expected, "the postbacks");

    // "Hope Street Shelter" is a context phrase: joined, it is no strong password (without the
    // phrase, zxcvbn calls it very strong).
    host.erase(NEW).await?;
    host.type_into(NEW, "HopeStreetShelter2024").await?;
    let score: String = wait_for("a strength score from the worker", || async {
        let s: Value = host
            .script(
                r#"const m = document.querySelector(arguments[0] + ' [data-hmis-part="meter"]');
                   const block = document.querySelector(arguments[0] + ' [data-hmis-part="strength"]');
                   return { score: m.getAttribute("data-score"), busy: block.getAttribute("aria-busy") };"#,
                vec![json!(PANEL)],
            )
            .await?;
        match (s["score"].as_str(), s["busy"].as_str()) {
            (Some(score), Some("false")) if !score.is_empty() => Ok(score.to_owned()),
            _ => Err(format!("{s}")),
        }
    })
    .await?;
    ensure!(["0", "1", "2"].contains(&score.as_str()), "HopeStreetShelter2024 scores {score} beside the context phrase \"Hope Street Shelter\"");
    let console = host.page_console().await?;
    ensure!(!console.iter().any(|l| l.contains("strength worker")), "the strength worker did not start: {console:?}");
    Ok(())
}

/// The rest of the hostile page: a journey inside the whole-page form keeps its inputs within its
/// card and its submits to itself (no postback, focus not taken by the password panel); the
/// legacy PIN box without autocomplete tokens, the journey with a wrong configuration and a
/// second attach() are each said once in the console, the broken journey shows the person a
/// notice, and an override with an unknown placeholder is refused naming the key.
pub async fn hostile_page_journeys_stay_in_their_card_and_mistakes_are_said(page: Page) -> Outcome {
    let (_backend, host) = open_hostile(&page, "").await?;
    host.wait_for_checklist_in(PANEL).await?;
    host.wait_for_step("signIn").await?;
    let overflow: Vec<Value> = host
        .script(
            r#"const card = document.getElementById("journey").getBoundingClientRect();
               return Array.from(document.querySelectorAll('#journey input:not([type=hidden])'), (i) => {
                 const r = i.getBoundingClientRect();
                 return { name: i.name, left: r.left, right: r.right, cardLeft: card.left, cardRight: card.right };
               }).filter((i) => i.right > i.cardRight + 0.5 || i.left < i.cardLeft - 0.5);"#,
            vec![],
        )
        .await?;
    ensure!(overflow.is_empty(), "journey inputs past their card: {overflow:?}");
    // Rules unmet in the password panel must not hold up the journey's own submits.
    host.type_into(NEW, "Hope").await?;
    host.fill("username", "demo").await?;
    host.fill("password", "Temp-Pass-2024!").await?;
    host.submit_step().await?;
    host.wait_for_step("terms").await?;
    let focus: Value = host
        .script("return { inJourney: document.getElementById('journey').contains(document.activeElement), part: document.activeElement.getAttribute('data-hmis-part') };", vec![])
        .await?;
    ensure_eq!(focus["inJourney"], json!(true), format!("focus after the journey's step: {focus}"));
    host.click(&field("accept")).await?;
    let checkbox: Value = host
        .script(
            r#"const box = document.querySelector('#journey input[name="accept"]');
               return { width: box.getBoundingClientRect().width, outline: getComputedStyle(box).outlineStyle };"#,
            vec![],
        )
        .await?;
    ensure!(checkbox["width"].as_f64().unwrap_or(999.0) < 60.0, "the terms checkbox is stretched: {checkbox}");
    ensure_eq!(postbacks(&host).await?, Vec::<Postback>::new(), "postbacks of the whole-page form from the journey");

    let notice: String = wait_for("the broken journey's notice", || async {
        let text: Option<String> = host.script(r#"return document.querySelector('#broken-journey [data-hmis-part="not-started"]')?.textContent ?? null;"#, vec![]).await?;
        text.ok_or_else(|| "no notice yet".to_owned())
    })
    .await?;
    ensure!(notice.contains("could not start"), "the notice: {notice:?}");
    // A second attach() to the password panel, and an override with a placeholder the widget
    // does not fill, as a team's own script might try them on this page.
    const MORE_JS: &str = r#"
const done = arguments[arguments.length - 1];
(async () => {
  const attach = window.hostileAttach;
  const panel = document.getElementById("ctl00_MainContent_pnlPassword");
  const again = await attach(panel, { preset: "nist" });
  const box = document.createElement("div");
  box.innerHTML = '<input type="password" autocomplete="new-password">';
  document.getElementById("form1").append(box);
  const refused = await attach(box, { messages: { "rule.minLength": "Use {minimum} characters" } }).then(() => "attached", (e) => e.message);
  return { again: again !== null, refused };
})().then(done, (error) => done(String(error)));
"#;
    let more: Value = host.async_script(MORE_JS, vec![]).await?;
    ensure_eq!(more["again"], json!(true), format!("the second attach(): {more}"));
    let refused = more["refused"].as_str().unwrap_or("");
    ensure!(refused.contains("messages.rule.minLength") && refused.contains("{minimum}"), "the override with {{minimum}}: {more}");

    let console = host.page_console().await?;
    let count = |needle: &str| console.iter().filter(|l| l.contains(needle)).count();
    ensure_eq!(count("this element has a widget already"), 1, format!("the second attach()'s warning in {console:?}"));
    ensure_eq!(count("#ctl00_MainContent_pnlPin has password inputs but none marked as the new password"), 1, format!("the PIN box's warning in {console:?}"));
    ensure_eq!(count("backend.baseUrl"), 1, format!("the broken journey's key in {console:?}"));
    Ok(())
}

/// A stricter site (a second policy without 'wasm-unsafe-eval'): the notice says live checks
/// could not start, beside the new password, not above the site's header; the form still posts.
pub async fn hostile_page_without_webassembly_says_so_beside_the_password(page: Page) -> Outcome {
    let (_backend, host) = open_hostile(&page, "&wasm=blocked").await?;
    let notice: Value = wait_for("the unavailable notice", || async {
        let n: Value = host
            .script(
                r#"const n = document.querySelector('[data-hmis-part="unavailable"]');
                   if (!n) return null;
                   return { text: n.textContent, next: n.nextElementSibling?.getAttribute("for") ?? n.nextElementSibling?.id,
                            inPanel: document.querySelector(arguments[0]).contains(n) };"#,
                vec![json!(PANEL)],
            )
            .await?;
        if n.is_null() { Err("no notice yet".to_owned()) } else { Ok(n) }
    })
    .await?;
    ensure!(notice["text"].as_str().unwrap_or("").contains("Live password checks could not start"), "the notice: {notice}");
    ensure_eq!(notice["inPanel"], json!(true), format!("the notice is not in the password panel: {notice}"));
    ensure_eq!(notice["next"], json!("ctl00_MainContent_txtNew"), format!("the notice is not beside the new password: {notice}"));
    host.type_into(NEW, "Hope").await?;
    host.click("#ctl00_MainContent_btnSave").await?;
    let seen = wait_for("the postback", || async {
        let p = postbacks(&host).await?;
        if p.is_empty() { Err("none yet".to_owned()) } else { Ok(p) }
    })
    .await?;
    ensure_eq!(seen, vec![Postback { submitter: "ctl00$MainContent$btnSave".into(), refused: false }], "the postbacks without the widget");
    Ok(())
}

/// A stricter site (styles from its own origin only, no workers): the widget's stylesheet and its
/// strength worker cannot load. The checklist still works, and the console says each cause once,
/// naming the file.
pub async fn hostile_page_says_once_why_its_stylesheet_and_worker_did_not_load(page: Page) -> Outcome {
    let (_backend, host) = open_hostile(&page, "&policy=strict").await?;
    host.wait_for_checklist_in(PANEL).await?;
    host.type_into(NEW, "Hope").await?;
    let console = wait_for("the worker's and the stylesheet's warnings", || async {
        let console = host.page_console().await?;
        let said = |needle: &str| console.iter().any(|l| l.contains(needle));
        if said("could not start") && said("did not load") { Ok(console) } else { Err(format!("{console:?}")) }
    })
    .await?;
    let count = |needle: &str| console.iter().filter(|l| l.contains(needle)).count();
    let stylesheet = format!("the stylesheet {}/pkg/hmis-onboard.", page.base());
    ensure_eq!(count(&stylesheet), 1, format!("the stylesheet's warning naming it in {console:?}"));
    ensure_eq!(count(&format!("the strength worker ({}/pkg/strength-", page.base())), 1, format!("the worker's warning naming it in {console:?}"));
    let met: Vec<String> = host.checklist_of(PANEL).await?.met().into_iter().map(str::to_owned).collect();
    ensure!(met.contains(&"uppercase".to_owned()), "the checklist without its stylesheet and worker: met {met:?}");
    Ok(())
}

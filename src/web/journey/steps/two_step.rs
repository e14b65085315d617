//! 2-step verification: the secret as a QR code and a key, then the app's code.

use super::{Builder, Extras, Kind, State, element, set};
use crate::flow::Input;
use crate::messages::Msg;
use crate::totp::{self, OtpAuth};
use gloo_events::EventListener;
use web_sys::{Document, Element};
use zeroize::Zeroizing;

pub(super) fn view(b: &mut Builder, s: &State) -> Extras {
    let doc = b.doc.clone();
    b.heading(Msg::StepTwoStep);
    b.para("two-step-why", Msg::TwoStepWhy);
    match s.flow.totp() {
        None => {
            b.para("two-step-preparing", Msg::TwoStepPreparing);
            // Busy while the secret is being fetched; after a failed fetch, the way to
            // try again (Submit on this step asks for the secret).
            b.primary(Msg::JourneyContinue);
        }
        Some(totp) => {
            let uri = totp.uri.clone();
            let key = totp
                .secret
                .clone()
                .or_else(|| uri.as_deref().and_then(|u| OtpAuth::parse(u).ok()).map(|a| a.secret))
                .unwrap_or_default();
            if let Some(uri) = &uri {
                b.para("two-step-scan", Msg::TwoStepScan);
                if let Some(svg) = qr_image(&doc, uri, &s.text(Msg::TwoStepQrAlt)) {
                    b.add(&svg);
                }
            }
            b.para("two-step-key-intro", Msg::TwoStepKey);
            b.text("totp-key", &totp::grouped(&key));
            b.copy_button("copy-key", Msg::TwoStepCopy, Msg::TwoStepCopied, Zeroizing::new(key));
            if let Some(uri) = uri {
                let open = element(&doc, "button", "open-app");
                set(&open, "type", "button");
                open.set_text_content(Some(&s.text(Msg::TwoStepOpenApp)));
                b.add(&open);
                b.listeners.push(EventListener::new(&open, "click", move |_| {
                    // Checked when the backend's answer was read; checked again here,
                    // where a wrong value would take the page somewhere else.
                    let app = uri.starts_with("otpauth://totp/");
                    if let Some(w) = web_sys::window().filter(|_| app) {
                        let _ = w.location().assign(&uri);
                    }
                }));
            }
            b.para("two-step-enter", Msg::TwoStepEnterCode);
            b.field("code", Msg::FieldCode, Kind::Code);
            b.primary(Msg::JourneyContinue);
        }
    }
    if s.flow.can_skip() {
        b.button("skip", Msg::JourneySkip, Input::Skip);
    }
    Extras::default()
}

/// The QR code as inline SVG built element by element: drawn here (never by a remote service),
/// allowed by a strict CSP (no `blob:` or `data:` image needed), and the secret it encodes is
/// nowhere in the DOM as text or attribute, only as the drawing.
fn qr_image(doc: &Document, uri: &str, label: &str) -> Option<Element> {
    const SVG: Option<&str> = Some("http://www.w3.org/2000/svg");
    let drawing = totp::qr_drawing(uri)?;
    let size = drawing.size.to_string();
    let svg = doc.create_element_ns(SVG, "svg").ok()?;
    set(&svg, "data-hmis-part", "totp-qr");
    set(&svg, "viewBox", &format!("0 0 {size} {size}"));
    set(&svg, "width", "200");
    set(&svg, "height", "200");
    set(&svg, "role", "img");
    set(&svg, "aria-label", label);
    set(&svg, "shape-rendering", "crispEdges");
    let background = doc.create_element_ns(SVG, "path").ok()?;
    set(&background, "fill", "#fff");
    set(&background, "d", &format!("M0 0h{size}v{size}H0z"));
    let modules = doc.create_element_ns(SVG, "path").ok()?;
    set(&modules, "stroke", "#000");
    set(&modules, "d", &drawing.path);
    let _ = svg.append_with_node_2(&background, &modules);
    Some(svg)
}

//! What every password input gets, on both pages: the show/hide button and the Caps Lock note.

use super::Outcome;
use crate::support::page::{Page, CONFIRM, CURRENT, NEW, SUBMIT};
use crate::support::server::{DEMO_USER, TEMPORARY_PASSWORD};
use crate::support::wait::wait_for;
use crate::support::{ensure, ensure_eq};

const CAPS_LOCK_TEXT: &str = "Caps Lock is on. Passwords are case sensitive.";

/// The sign-in page's fields.
const SIGN_IN_USERNAME: &str = "#username";
const SIGN_IN_PASSWORD: &str = "#password";

pub async fn caps_lock_warning(page: Page) -> Outcome {
    page.open_change_password().await?;
    for input in [CURRENT, NEW, CONFIRM] {
        let note = page.capslock(input).await?;
        ensure_eq!(note.active.as_deref(), Some("false"), format!("Caps Lock note after {input} at first"));
        ensure_eq!(note.text.as_str(), "", format!("Caps Lock note text after {input} at first"));
    }
    page.click(NEW).await?;
    check_caps_lock_on_and_off(&page, NEW).await?;
    let other = page.capslock(CONFIRM).await?;
    ensure_eq!(
        other.active.as_deref(),
        Some("false"),
        "the confirmation's note while Caps Lock is reported on another field"
    );

    // Leaving the field hides the warning: the next field reports its own state.
    page.press_key_with_caps_lock(NEW, true).await?;
    page.wait_for_capslock(NEW, "true").await?;
    page.click(CONFIRM).await?;
    page.wait_for_capslock(NEW, "false").await.map_err(|e| format!("after moving focus away: {e}"))?;
    Ok(())
}

pub async fn show_hide_toggle(page: Page) -> Outcome {
    page.open_change_password().await?;
    for input in [CURRENT, NEW, CONFIRM] {
        let extras = page.extras(input).await?;
        let toggle = extras.toggle.ok_or_else(|| format!("no show/hide button after {input}"))?;
        ensure_eq!(toggle.text.as_str(), "Show password", format!("text of the button after {input}"));
        ensure_eq!(toggle.kind.as_deref(), Some("button"), format!("type of the button after {input}"));
        ensure_eq!(toggle.pressed.as_deref(), Some("false"), format!("aria-pressed of the button after {input}"));
        ensure_eq!(extras.input_type.as_str(), "password", format!("type of {input}"));
    }
    page.type_into(NEW, "Harbor-7").await?;
    check_toggle_flips(&page, NEW).await?;
    ensure_eq!(page.extras(CONFIRM).await?.input_type.as_str(), "password", "type of the confirmation, untouched");
    ensure_eq!(page.value_of(NEW).await?.as_str(), "Harbor-7", "the value after showing and hiding");
    ensure_eq!(page.path().await?, "/change-password.html", "the page after using the button (it must not submit)");
    Ok(())
}

pub async fn sign_in_page_gets_toggle_and_caps_lock_but_no_panel(page: Page) -> Outcome {
    page.open("/index.html").await?;
    wait_for("the show/hide button after #password", || async {
        let extras = page.extras(SIGN_IN_PASSWORD).await?;
        match extras.toggle {
            Some(_) => Ok(()),
            None => Err(format!("{extras:?}")),
        }
    })
    .await?;
    ensure!(page.extras(SIGN_IN_USERNAME).await?.toggle.is_none(), "the username field got a show/hide button");
    for (part, expected) in [
        ("toggle-visibility", 1),
        ("capslock", 1),
        ("panel", 0),
        ("rule", 0),
        ("meter", 0),
        ("status", 0),
        ("confirm-status", 0),
    ] {
        let count = page.count(&format!("[data-hmis-part=\"{part}\"]")).await?;
        ensure_eq!(count, expected, format!("number of {part} elements on the sign-in page"));
    }
    page.click(SIGN_IN_PASSWORD).await?;
    check_caps_lock_on_and_off(&page, SIGN_IN_PASSWORD).await?;
    page.type_into(SIGN_IN_PASSWORD, TEMPORARY_PASSWORD).await?;
    check_toggle_flips(&page, SIGN_IN_PASSWORD).await?;

    // Without a new-password field the widget must not get in the way of signing in.
    page.type_into(SIGN_IN_USERNAME, DEMO_USER).await?;
    page.click(SUBMIT).await?;
    page.wait_for_path("/change-password.html").await?;
    Ok(())
}

/// Reports Caps Lock on, then off, on `input`, checking the note that follows it each time.
async fn check_caps_lock_on_and_off(page: &Page, input: &str) -> Outcome {
    page.press_key_with_caps_lock(input, true).await?;
    let on = page.wait_for_capslock(input, "true").await?;
    ensure_eq!(on.text.as_str(), CAPS_LOCK_TEXT, format!("Caps Lock note after {input}"));
    page.press_key_with_caps_lock(input, false).await?;
    let off = page.wait_for_capslock(input, "false").await?;
    ensure_eq!(off.text.as_str(), "", format!("Caps Lock note after {input} once Caps Lock is off"));
    Ok(())
}

/// Clicks the show/hide button after `input` twice: shown as text, then hidden again.
async fn check_toggle_flips(page: &Page, input: &str) -> Outcome {
    let button = format!("{input} + [data-hmis-part=\"toggle-visibility\"]");
    for (input_type, pressed) in [("text", "true"), ("password", "false")] {
        page.click(&button).await?;
        wait_for(&format!("{input} of type {input_type} with aria-pressed={pressed}"), || async {
            let extras = page.extras(input).await?;
            let seen_pressed = extras.toggle.as_ref().and_then(|t| t.pressed.as_deref());
            if extras.input_type == input_type && seen_pressed == Some(pressed) {
                Ok(())
            } else {
                Err(format!("type {}, aria-pressed {seen_pressed:?}", extras.input_type))
            }
        })
        .await?;
    }
    Ok(())
}

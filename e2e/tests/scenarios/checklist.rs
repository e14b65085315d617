//! The checklist, the strength meter and the confirmation line, driven by typing.

use super::Outcome;
use crate::support::page::{Checklist, Page, CONFIRM, CURRENT, NEW, RULES};
use crate::support::server::{DEMO_USER, TEMPORARY_PASSWORD};
use crate::support::{ensure, ensure_eq};
use fantoccini::key::Key;

/// What an empty (or one-letter) password already satisfies.
const EMPTY_MET: &[&str] = &["maxLength", "notUsername", "notCurrent"];

/// The labels of scores 0 to 4.
pub const STRENGTH_LABELS: [&str; 5] = ["Very weak", "Weak", "Fair", "Strong", "Very strong"];

pub async fn rules_flip_as_you_type(page: Page) -> Outcome {
    page.open_change_password().await?;
    let initial = page.wait_for_met(EMPTY_MET).await?;
    let ids: Vec<&str> = initial.rules.iter().map(|r| r.id.as_str()).collect();
    ensure_eq!(ids, RULES.to_vec(), "the checklist's rules, in order");
    for rule in &initial.rules {
        ensure_eq!(rule.tabindex.as_deref(), Some("-1"), format!("tabindex of rule {}", rule.id));
    }
    ensure_max_length_hidden_while_met(&initial)?;

    page.type_into(CURRENT, TEMPORARY_PASSWORD).await?;
    let steps: [(&str, &[&str]); 6] = [
        ("a", EMPTY_MET),
        ("B", &["maxLength", "uppercase", "notUsername", "notCurrent"]),
        ("3", &["maxLength", "uppercase", "digit", "notUsername", "notCurrent"]),
        ("!", &["maxLength", "uppercase", "digit", "symbol", "notUsername", "notCurrent"]),
        ("xyzw", &RULES),
        (DEMO_USER, &["minLength", "maxLength", "uppercase", "digit", "symbol", "notCurrent"]),
    ];
    for (keys, met) in steps {
        page.type_into(NEW, keys).await?;
        let state = page.wait_for_met(met).await.map_err(|e| format!("after typing {keys:?}: {e}"))?;
        ensure_max_length_hidden_while_met(&state)?;
    }

    let erase_username = Key::Backspace.to_string().repeat(DEMO_USER.len());
    page.type_into(NEW, &erase_username).await?;
    page.wait_for_met(&RULES).await.map_err(|e| format!("after erasing the username: {e}"))?;

    // The temporary password itself meets every rule but one.
    page.erase(NEW).await?;
    page.type_into(NEW, TEMPORARY_PASSWORD).await?;
    let all_but_current: Vec<&str> = RULES.iter().copied().filter(|r| *r != "notCurrent").collect();
    page.wait_for_met(&all_but_current).await.map_err(|e| format!("new password = temporary one: {e}"))?;

    // Editing the temporary-password field re-judges the new password.
    page.type_into(CURRENT, "9").await?;
    page.wait_for_met(&RULES).await.map_err(|e| format!("after changing the temporary password: {e}"))?;
    Ok(())
}

pub async fn strength_meter_goes_from_weak_to_strong(page: Page) -> Outcome {
    page.open_change_password().await?;
    let empty = page.checklist().await?.meter;
    ensure_eq!(empty.score.as_deref(), Some(""), "data-score of the empty password");
    ensure_eq!(empty.label.as_str(), "", "strength label of the empty password");

    page.type_into(NEW, "password").await?;
    let weak = page.wait_for_strength().await?;
    let score = ensure_consistent_meter(&weak)?;
    ensure!(score <= 1, "\"password\" scored {score}, expected at most 1");
    ensure!(!weak.warning.is_empty(), "a warning for \"password\", got none");
    ensure!(!weak.suggestions.is_empty(), "suggestions for \"password\", got none");

    page.erase(NEW).await?;
    page.type_into(NEW, "correct-Horse-battery-9-staple").await?;
    let strong = page.wait_for_strength().await?;
    let score = ensure_consistent_meter(&strong)?;
    ensure!(score >= 3, "\"correct-Horse-battery-9-staple\" scored {score}, expected at least 3");

    page.erase(NEW).await?;
    let cleared = page.checklist().await?.meter;
    ensure_eq!(cleared.score.as_deref(), Some(""), "data-score after emptying the field");
    ensure_eq!(cleared.label.as_str(), "", "strength label after emptying the field");
    Ok(())
}

pub async fn confirm_indicator_follows_both_fields(page: Page) -> Outcome {
    page.open_change_password().await?;
    page.wait_for_confirm("empty").await?;
    page.type_into(NEW, "Harbor-Lights-7").await?;
    page.wait_for_confirm("empty").await.map_err(|e| format!("new typed, confirmation empty: {e}"))?;
    page.type_into(CONFIRM, "Harbor").await?;
    page.wait_for_confirm("false").await.map_err(|e| format!("confirmation half typed: {e}"))?;
    page.type_into(CONFIRM, "-Lights-7").await?;
    page.wait_for_confirm("true").await.map_err(|e| format!("confirmation complete: {e}"))?;
    page.type_into(NEW, "!").await?;
    page.wait_for_confirm("false").await.map_err(|e| format!("new password changed after confirming: {e}"))?;
    page.type_into(CONFIRM, "!").await?;
    page.wait_for_confirm("true").await.map_err(|e| format!("confirmation caught up: {e}"))?;
    page.erase(CONFIRM).await?;
    page.wait_for_confirm("empty").await.map_err(|e| format!("confirmation emptied: {e}"))?;
    Ok(())
}

/// A password manager or a careless paste can put a huge value in the field: the rules must
/// still judge all of it (here: too long), the estimate must say it looked at the start only,
/// and the page must keep reacting to typing afterwards.
pub async fn long_paste_keeps_rules_correct_and_page_responsive(page: Page) -> Outcome {
    page.open_change_password().await?;
    page.type_into(CURRENT, TEMPORARY_PASSWORD).await?;
    let long: String = "Harbor-7-".chars().cycle().take(10_000).collect();
    let too_long: Vec<&str> = RULES.iter().copied().filter(|r| *r != "maxLength").collect();

    page.paste_into(NEW, &long).await?;
    let state = page.wait_for_met(&too_long).await.map_err(|e| format!("after pasting 10,000 characters: {e}"))?;
    ensure_max_length_hidden_while_met(&state)?;
    let meter = page.wait_for_strength().await?;
    ensure_consistent_meter(&meter)?;
    ensure!(
        meter.warning.contains("first 100 characters"),
        "the strength warning should say only the first 100 characters were judged, got {:?}",
        meter.warning
    );
    page.paste_into(CONFIRM, &long).await?;
    page.wait_for_confirm("true").await.map_err(|e| format!("confirmation of the long paste: {e}"))?;

    // Typing after the paste is still seen at once.
    page.type_into(NEW, "x").await?;
    page.wait_for_confirm("false").await.map_err(|e| format!("a key typed after the paste: {e}"))?;
    ensure_eq!(page.value_of(NEW).await?.chars().count(), 10_001, "length of the new password");
    page.paste_into(NEW, "aB3").await?;
    page.wait_for_met(&["maxLength", "uppercase", "digit", "notUsername", "notCurrent"]).await?;
    page.type_into(NEW, "!").await?;
    page.wait_for_met(&["maxLength", "uppercase", "digit", "symbol", "notUsername", "notCurrent"]).await?;
    page.type_into(NEW, "wxyz").await?;
    let state = page.wait_for_met(&RULES).await?;
    ensure_max_length_hidden_while_met(&state)?;
    Ok(())
}

/// The maximum only matters once it is exceeded, so its item is `hidden` exactly while met.
fn ensure_max_length_hidden_while_met(state: &Checklist) -> Outcome {
    let rule = state.rule("maxLength")?;
    let met = rule.met.as_deref() == Some("true");
    ensure!(rule.hidden == met, "the maxLength item: met={met} but hidden={}", rule.hidden);
    Ok(())
}

/// Checks that score, `aria-valuenow` and label agree; returns the score.
fn ensure_consistent_meter(meter: &crate::support::page::Meter) -> Result<usize, String> {
    let text = meter.score.clone().unwrap_or_default();
    let score: usize = text.parse().map_err(|_| format!("data-score {text:?} is not a number"))?;
    ensure!(score < STRENGTH_LABELS.len(), "data-score {score} is out of 0..=4");
    ensure_eq!(meter.valuenow.as_deref(), Some(text.as_str()), "aria-valuenow of the meter");
    ensure_eq!(meter.label.as_str(), STRENGTH_LABELS[score], "strength label");
    Ok(score)
}

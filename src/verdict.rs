//! The one value the view renders and the `hmis-onboard:verdict` event carries.

use crate::messages::{Catalog, Msg};
use crate::policy::{self, Inputs, Policy, RuleId};
use crate::strength::{self, Strength};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verdict {
    /// Every rule met and, when there is a confirmation field, the two passwords equal.
    pub valid: bool,
    pub rules: Vec<RuleResult>,
    /// `None` until the estimate for this exact password is ready.
    pub strength: Option<StrengthReport>,
    /// `None` when the page has no confirmation field.
    pub confirm_matches: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleResult {
    pub id: RuleId,
    pub met: bool,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StrengthReport {
    pub score: u8,
    pub label: String,
    pub warning: Option<String>,
    pub suggestions: Vec<String>,
    /// Only the first [`strength::ANALYSED_CHARS`] characters were judged.
    pub truncated: bool,
}

impl StrengthReport {
    pub fn new(s: &Strength, catalog: &Catalog) -> StrengthReport {
        StrengthReport {
            score: s.score,
            label: catalog.text(strength::score_label(s.score), &[]),
            warning: s.warning.map(|w| catalog.text(w, &[])),
            suggestions: s.suggestions.iter().map(|m| catalog.text(*m, &[])).collect(),
            truncated: s.truncated,
        }
    }
}

/// Judges the fields as they are now. `confirm` is `None` when there is no confirmation
/// field; `strength` is the estimate of `inputs.password`, if ready.
pub fn judge(
    policy: &Policy,
    catalog: &Catalog,
    inputs: Inputs<'_>,
    confirm: Option<&str>,
    strength: Option<&Strength>,
) -> Verdict {
    let rules: Vec<RuleResult> = policy::check(policy, inputs, strength.map(|s| s.score))
        .into_iter()
        .map(|c| RuleResult { id: c.id, met: c.met, message: policy::rule_message(policy, c.id, catalog) })
        .collect();
    let confirm_matches = confirm.map(|c| !c.is_empty() && c == inputs.password);
    Verdict {
        valid: rules.iter().all(|r| r.met) && confirm_matches != Some(false),
        rules,
        strength: strength.map(|s| StrengthReport::new(s, catalog)),
        confirm_matches,
    }
}

impl Verdict {
    /// The first rule still unmet, where focus goes when a submit is blocked.
    pub fn first_unmet(&self) -> Option<RuleId> {
        self.rules.iter().find(|r| !r.met).map(|r| r.id)
    }

    /// What assistive technology should hear after `previous`: each rule that flipped, or that
    /// every rule is now met. Empty when nothing changed, so typing stays quiet.
    pub fn announcement(&self, previous: Option<&Verdict>, catalog: &Catalog) -> String {
        let Some(previous) = previous else { return String::new() };
        let flipped: Vec<&RuleResult> = self
            .rules
            .iter()
            .filter(|r| previous.rules.iter().any(|p| p.id == r.id && p.met != r.met))
            .collect();
        if flipped.is_empty() {
            return String::new();
        }
        if self.rules.iter().all(|r| r.met) {
            return catalog.text(Msg::RulesAllMet, &[]);
        }
        flipped
            .iter()
            .map(|r| {
                let msg = if r.met { Msg::RuleNowMet } else { Msg::RuleNowUnmet };
                catalog.text(msg, &[("rule", &r.message)])
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

#![cfg(not(target_arch = "wasm32"))]
//! The journeys' state machine: every transition, Back, Cancel and error path, natively.

use hmis_onboard::backend::{Action, Outcome, RetryReason};
use hmis_onboard::flow::{
    Effect, Flow, Input, Journey, MenuItem, Notice, Options, Progress, SignedOut, Step, StepError, Summary, Terms,
    Totp, TwoStepStatus,
};
use std::collections::BTreeMap;

const URI: &str = "otpauth://totp/HMIS:ana?secret=JBSWY3DPEHPK3PXP&issuer=HMIS";
const SECRET: &str = "JBSWY3DPEHPK3PXP";

fn ok(pairs: &[(&str, &str)]) -> Outcome {
    let data: BTreeMap<String, String> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    Outcome::Success { data }
}

fn send(action: Action) -> Effect {
    Effect::Send { action, retry: false }
}

fn resend(action: Action) -> Effect {
    Effect::Send { action, retry: true }
}

fn respond(flow: &mut Flow, action: Action, outcome: Outcome) -> Effect {
    flow.handle(Input::Response(action, outcome))
}

/// Submit must send `action`; the backend then answers with success and `data`.
fn submit_ok(flow: &mut Flow, action: Action, data: &[(&str, &str)]) -> Effect {
    assert_eq!(flow.handle(Input::Submit), send(action), "on {:?}", flow.step());
    respond(flow, action, ok(data))
}

fn secret() -> Totp {
    Totp { uri: Some(URI.to_owned()), secret: Some(SECRET.to_owned()) }
}

/// The happy move from wherever the flow is.
fn forward(flow: &mut Flow) -> Effect {
    match flow.step() {
        Step::SignIn => {
            submit_ok(flow, Action::SignIn, &[("mustChangePassword", "true"), ("termsText", "Terms from the server")])
        }
        Step::Terms => submit_ok(flow, Action::AcceptTerms, &[]),
        Step::ChangePassword => submit_ok(flow, Action::ChangePassword, &[]),
        Step::BrowserSaving | Step::Popups => flow.handle(Input::Submit),
        Step::Recovery => submit_ok(flow, Action::SetRecovery, &[]),
        Step::TwoStep if flow.pending() == Some(Action::StartTotp) => {
            respond(flow, Action::StartTotp, ok(&[("totpUri", URI), ("totpSecret", SECRET)]))
        }
        Step::TwoStep if flow.totp().is_none() => flow.handle(Input::LocalTotp(secret())),
        Step::TwoStep => submit_ok(flow, Action::VerifyTotp, &[]),
        Step::Reauthenticate => submit_ok(flow, Action::Reauthenticate, &[]),
        Step::ForgotUsername => submit_ok(flow, Action::ForgotStart, &[("question", "First street I lived on?")]),
        Step::ForgotAnswer => submit_ok(flow, Action::ForgotAnswer, &[("resetToken", "tok-123")]),
        Step::ForgotReset => submit_ok(flow, Action::ForgotReset, &[]),
        other => panic!("no happy move from {other:?}"),
    }
}

/// A flow driven along the happy path until it stands on `target`.
fn reach(journey: Journey, target: Step, options: Options) -> Flow {
    let mut flow = Flow::new(journey, options);
    for _ in 0..20 {
        if flow.step() == target {
            return flow;
        }
        forward(&mut flow);
    }
    panic!("never reached {target:?}, stuck on {:?}", flow.step());
}

fn first_login(target: Step) -> Flow {
    reach(Journey::FirstLogin, target, Options::default())
}

/// On `twoStep` with the backend's secret in hand.
fn paired_first_login(options: Options) -> Flow {
    let mut flow = reach(Journey::FirstLogin, Step::TwoStep, options);
    forward(&mut flow);
    assert!(flow.totp().is_some());
    flow
}

fn settings_menu() -> Flow {
    reach(Journey::SecuritySettings, Step::Menu, Options::default())
}

fn required() -> Options {
    Options { two_step_required: true, ..Options::default() }
}

fn local() -> Options {
    Options { local_totp_secret: true, ..Options::default() }
}

fn progress(position: usize, total: usize) -> Option<Progress> {
    Some(Progress { position, total })
}

// ---------------------------------------------------------------- first login

const SIGNED_IN: [(&str, &str); 2] = [("mustChangePassword", "false"), ("recoverySet", "true")];

#[test]
fn first_login_starts_on_sign_in_without_a_step_count() {
    // What is left to do is known only from the sign-in answer: no "Step 1 of 8" for a person
    // who has nothing left to do.
    let flow = Flow::new(Journey::FirstLogin, Options::default());
    assert_eq!(flow.step(), Step::SignIn);
    assert_eq!(flow.progress(), None);
    assert_eq!(flow.error(), None);
    assert_eq!(flow.pending(), None);
}

#[test]
fn submitting_sign_in_sends_sign_in_and_waits() {
    let mut flow = Flow::new(Journey::FirstLogin, Options::default());
    assert_eq!(flow.handle(Input::Submit), send(Action::SignIn));
    assert_eq!(flow.pending(), Some(Action::SignIn));
    assert_eq!(flow.step(), Step::SignIn);
}

#[test]
fn a_first_login_left_after_the_password_change_resumes_its_set_up() {
    let mut flow = Flow::new(Journey::FirstLogin, Options::default());
    let data = [("mustChangePassword", "false"), ("recoverySet", "false")];
    assert_eq!(submit_ok(&mut flow, Action::SignIn, &data), Effect::Render);
    assert_eq!(flow.step(), Step::BrowserSaving);
    // Only the first login resumes: elsewhere a sign-in is just a sign-in.
    let mut settings = Flow::new(Journey::SecuritySettings, Options::default());
    assert_eq!(submit_ok(&mut settings, Action::Reauthenticate, &data), Effect::Render);
    assert_eq!(settings.step(), Step::Menu);
}

#[test]
fn a_sign_in_the_backend_says_needs_nothing_more_completes_at_once_without_step_counts() {
    let mut flow = Flow::new(Journey::FirstLogin, Options::default());
    assert_eq!(submit_ok(&mut flow, Action::SignIn, &SIGNED_IN), Effect::Complete(Summary::default()));
    assert_eq!(flow.step(), Step::Done);
    assert_eq!(flow.progress(), None, "a returning sign-in is no numbered journey");
}

#[test]
fn a_sign_in_answer_that_does_not_say_what_is_left_skips_nothing() {
    // A proxy's, an SSO page's or a half-configured backend's 200: no word on the password or
    // the recovery question, so nothing counts as done.
    let cases: [(&[(&str, &str)], &str); 3] = [
        (&[], "mustChangePassword"),
        (&[("message", "Welcome")], "mustChangePassword"),
        (&[("mustChangePassword", "false")], "recoverySet"),
    ];
    for (data, missing) in cases {
        let mut flow = Flow::new(Journey::FirstLogin, Options::default());
        assert_eq!(submit_ok(&mut flow, Action::SignIn, data), Effect::Render, "{data:?}");
        assert_eq!(flow.step(), Step::SignIn);
        let Some(StepError::Unexpected { detail }) = flow.error() else { panic!("{:?}", flow.error()) };
        assert!(detail.starts_with(&format!("signIn: the response has no {missing}")), "{detail}");
        assert_eq!(flow.summary(), &Summary::default());
        assert_eq!(flow.handle(Input::Submit), send(Action::SignIn));
    }
}

#[test]
fn must_change_password_leads_to_the_terms() {
    let mut flow = Flow::new(Journey::FirstLogin, Options::default());
    let data =
        [("mustChangePassword", "true"), ("termsText", "Use HMIS data only for your work."), ("termsVersion", "7")];
    assert_eq!(submit_ok(&mut flow, Action::SignIn, &data), Effect::Render);
    assert_eq!(flow.step(), Step::Terms);
    assert_eq!(flow.progress(), progress(2, 8));
}

#[test]
fn terms_from_the_sign_in_response_override_the_configured_ones_field_by_field() {
    let configured = Terms { text: Some("Configured terms".into()), version: Some("2024-01".into()) };
    let options = Options { terms: Some(configured.clone()), ..Options::default() };
    type Data<'a> = &'a [(&'a str, &'a str)];
    let cases: [(Data, Option<Terms>); 3] = [
        (&[], Some(configured.clone())),
        (
            &[("termsVersion", "2025-05")],
            Some(Terms { text: Some("Configured terms".into()), version: Some("2025-05".into()) }),
        ),
        (
            &[("termsText", "Server terms"), ("termsVersion", "7")],
            Some(Terms { text: Some("Server terms".into()), version: Some("7".into()) }),
        ),
    ];
    for (extra, expected) in cases {
        let mut flow = Flow::new(Journey::FirstLogin, options.clone());
        let mut data = vec![("mustChangePassword", "true")];
        data.extend_from_slice(extra);
        submit_ok(&mut flow, Action::SignIn, &data);
        assert_eq!(flow.terms(), expected.as_ref(), "with {extra:?}");
    }
}

#[test]
fn no_terms_to_accept_goes_straight_to_the_new_password() {
    // The reference backend sends the terms only while they must be accepted: after a reload
    // past the terms step, the second sign-in carries none. Configured terms are still shown.
    let mut flow = Flow::new(Journey::FirstLogin, Options::default());
    assert_eq!(submit_ok(&mut flow, Action::SignIn, &[("mustChangePassword", "true")]), Effect::Render);
    assert_eq!((flow.step(), flow.terms()), (Step::ChangePassword, None));
    assert_eq!(flow.progress(), progress(2, 7), "no terms step to count");
    assert!(!flow.summary().terms_accepted);

    let configured = Terms { text: Some("Configured terms".into()), version: None };
    let mut flow = Flow::new(Journey::FirstLogin, Options { terms: Some(configured), ..Options::default() });
    submit_ok(&mut flow, Action::SignIn, &[("mustChangePassword", "true")]);
    assert_eq!(flow.step(), Step::Terms);
}

#[test]
fn declining_terms_signs_the_user_out_once_the_backend_confirms_it() {
    let mut flow = first_login(Step::Terms);
    assert_eq!(flow.handle(Input::Decline), send(Action::SignOut));
    assert_eq!((flow.step(), flow.pending()), (Step::Terms, Some(Action::SignOut)));
    assert_eq!(respond(&mut flow, Action::SignOut, ok(&[])), Effect::SignOut);
    assert_eq!((flow.step(), flow.signed_out()), (Step::SignedOut, SignedOut::Declined));
    assert!(flow.step().is_terminal());
    assert_eq!(flow.progress(), None);
    assert_eq!(flow.handle(Input::Submit), Effect::Nothing);
    // A session that had already ended: signed out all the same.
    let mut flow = first_login(Step::Terms);
    flow.handle(Input::Decline);
    assert_eq!(respond(&mut flow, Action::SignOut, Outcome::SessionEnded { message: None }), Effect::SignOut);
    assert_eq!(flow.step(), Step::SignedOut);
}

#[test]
fn a_sign_out_the_backend_did_not_confirm_says_so_and_stays() {
    let failures = [
        Outcome::Retry { reason: RetryReason::Network },
        Outcome::Retry { reason: RetryReason::Server },
        Outcome::Unexpected { detail: "signOut: expected a JSON object".into() },
        Outcome::WrongCredentials,
    ];
    for failure in failures {
        let mut flow = first_login(Step::Terms);
        flow.handle(Input::Decline);
        assert_eq!(respond(&mut flow, Action::SignOut, failure.clone()), Effect::Render, "{failure:?}");
        assert_eq!((flow.step(), flow.error()), (Step::Terms, Some(&StepError::SignOutFailed)), "{failure:?}");
        // Declining again asks again.
        assert_eq!(flow.handle(Input::Decline), send(Action::SignOut));
    }
}

#[test]
fn decline_is_ignored_outside_the_terms() {
    for step in [Step::SignIn, Step::ChangePassword, Step::BrowserSaving, Step::Popups, Step::Recovery] {
        let mut flow = first_login(step);
        assert_eq!(flow.handle(Input::Decline), Effect::Nothing, "on {step:?}");
        assert_eq!(flow.step(), step);
    }
}

#[test]
fn accepting_terms_leads_to_change_password_and_records_the_version() {
    let options =
        Options { terms: Some(Terms { text: Some("T".into()), version: Some("v3".into()) }), ..Options::default() };
    let mut flow = reach(Journey::FirstLogin, Step::Terms, options);
    assert_eq!(submit_ok(&mut flow, Action::AcceptTerms, &[]), Effect::Render);
    assert_eq!(flow.step(), Step::ChangePassword);
    assert_eq!(flow.progress(), progress(3, 8));
    assert!(flow.summary().terms_accepted);
    assert_eq!(flow.summary().terms_version.as_deref(), Some("v3"));
}

#[test]
fn changed_password_leads_to_the_browser_saving_warning() {
    let mut flow = first_login(Step::ChangePassword);
    assert_eq!(submit_ok(&mut flow, Action::ChangePassword, &[]), Effect::Render);
    assert_eq!(flow.step(), Step::BrowserSaving);
    assert!(flow.summary().password_changed);
}

#[test]
fn information_steps_advance_on_submit_without_a_request() {
    let mut flow = first_login(Step::BrowserSaving);
    assert_eq!(flow.handle(Input::Submit), Effect::Render);
    assert_eq!((flow.step(), flow.pending()), (Step::Popups, None));
    assert_eq!(flow.progress(), progress(5, 8));
    assert_eq!(flow.handle(Input::Submit), Effect::Render);
    assert_eq!((flow.step(), flow.pending()), (Step::Recovery, None));
    assert_eq!(flow.progress(), progress(6, 8));
}

#[test]
fn saved_recovery_enters_two_step_and_asks_the_backend_for_a_secret() {
    let mut flow = first_login(Step::Recovery);
    assert_eq!(submit_ok(&mut flow, Action::SetRecovery, &[]), send(Action::StartTotp));
    assert_eq!(flow.step(), Step::TwoStep);
    assert_eq!(flow.pending(), Some(Action::StartTotp));
    assert_eq!(flow.progress(), progress(7, 8));
    assert!(flow.summary().recovery_set);
}

#[test]
fn started_totp_holds_the_uri_and_secret_from_the_backend() {
    type Data<'a> = &'a [(&'a str, &'a str)];
    let cases: [(Data, Totp); 3] = [
        (&[("totpUri", URI), ("totpSecret", SECRET)], secret()),
        (&[("totpUri", URI)], Totp { uri: Some(URI.into()), secret: None }),
        (&[("totpSecret", SECRET)], Totp { uri: None, secret: Some(SECRET.into()) }),
    ];
    for (data, expected) in cases {
        let mut flow = first_login(Step::TwoStep);
        assert_eq!(respond(&mut flow, Action::StartTotp, ok(data)), Effect::Render);
        assert_eq!(flow.totp(), Some(&expected));
        assert_eq!(flow.step(), Step::TwoStep);
    }
}

#[test]
fn started_totp_without_any_secret_is_unexpected_and_submit_asks_again() {
    let mut flow = first_login(Step::TwoStep);
    respond(&mut flow, Action::StartTotp, ok(&[("message", "ok")]));
    assert!(matches!(flow.error(), Some(StepError::Unexpected { .. })));
    assert_eq!(flow.totp(), None);
    assert_eq!(flow.handle(Input::Submit), send(Action::StartTotp));
}

#[test]
fn verified_code_completes_first_login_with_everything_in_the_summary() {
    let options = Options { terms: Some(Terms { text: None, version: Some("v1".into()) }), ..Options::default() };
    let mut flow = reach(Journey::FirstLogin, Step::TwoStep, options);
    forward(&mut flow);
    let expected = Summary {
        terms_accepted: true,
        terms_version: Some("v1".into()),
        password_changed: true,
        recovery_set: true,
        two_step: TwoStepStatus::On,
    };
    assert_eq!(submit_ok(&mut flow, Action::VerifyTotp, &[]), Effect::Complete(expected.clone()));
    assert_eq!(flow.step(), Step::Done);
    assert_eq!(flow.summary(), &expected);
    assert_eq!(flow.totp(), None, "the secret is dropped on leaving twoStep");
}

#[test]
fn first_login_walks_every_step_in_order_with_its_progress() {
    let mut flow = Flow::new(Journey::FirstLogin, Options::default());
    forward(&mut flow);
    let mut seen = vec![("signIn", 1), (flow.step().id(), flow.progress().unwrap().position)];
    while !flow.step().is_terminal() {
        assert_eq!(flow.progress().unwrap().total, 8, "on {:?}", flow.step());
        forward(&mut flow);
        let here = (flow.step().id(), flow.progress().unwrap().position);
        if seen.last() != Some(&here) {
            seen.push(here);
        }
    }
    let expected = [
        ("signIn", 1),
        ("terms", 2),
        ("changePassword", 3),
        ("browserSaving", 4),
        ("popups", 5),
        ("recovery", 6),
        ("twoStep", 7),
        ("done", 8),
    ];
    assert_eq!(seen, expected);
}

#[test]
fn skipping_optional_two_step_completes_with_two_step_skipped() {
    let mut flow = paired_first_login(Options::default());
    assert!(flow.can_skip());
    let Effect::Complete(summary) = flow.handle(Input::Skip) else { panic!("expected Complete") };
    assert_eq!(summary.two_step, TwoStepStatus::Skipped);
    assert!(summary.password_changed && summary.recovery_set);
    assert_eq!(flow.step(), Step::Done);
    assert_eq!(flow.totp(), None);
}

#[test]
fn skip_is_refused_when_two_step_is_required() {
    let mut flow = paired_first_login(required());
    assert!(!flow.can_skip());
    assert_eq!(flow.handle(Input::Skip), Effect::Nothing);
    assert_eq!(flow.step(), Step::TwoStep);
    assert!(flow.totp().is_some());
}

#[test]
fn skip_is_refused_outside_two_step() {
    for step in [Step::SignIn, Step::Terms, Step::ChangePassword, Step::BrowserSaving, Step::Popups, Step::Recovery] {
        let mut flow = first_login(step);
        assert!(!flow.can_skip());
        assert_eq!(flow.handle(Input::Skip), Effect::Nothing, "on {step:?}");
        assert_eq!(flow.step(), step);
    }
}

#[test]
fn wrong_code_stays_on_two_step_keeping_the_same_secret() {
    let wrong = [
        Outcome::WrongCredentials,
        Outcome::FieldErrors { errors: vec![("code".into(), "That code did not match.".into())] },
    ];
    for outcome in wrong {
        let mut flow = paired_first_login(Options::default());
        let before = flow.totp().cloned();
        assert_eq!(flow.handle(Input::Submit), send(Action::VerifyTotp));
        assert_eq!(respond(&mut flow, Action::VerifyTotp, outcome.clone()), Effect::Render);
        assert_eq!(flow.step(), Step::TwoStep, "after {outcome:?}");
        assert_eq!(flow.totp().cloned(), before);
        assert!(flow.error().is_some());
        assert_eq!(flow.handle(Input::Submit), send(Action::VerifyTotp), "the next code is verified, not re-paired");
    }
}

#[test]
fn local_secret_is_asked_of_the_shell_instead_of_the_backend() {
    let mut flow = reach(Journey::FirstLogin, Step::Recovery, local());
    assert_eq!(submit_ok(&mut flow, Action::SetRecovery, &[]), Effect::GenerateSecret);
    assert_eq!((flow.step(), flow.pending()), (Step::TwoStep, None));
    assert_eq!(flow.handle(Input::Submit), Effect::GenerateSecret, "no secret yet: ask again");
    assert_eq!(flow.handle(Input::LocalTotp(secret())), Effect::Render);
    assert_eq!(flow.totp(), Some(&secret()));
    assert_eq!(flow.handle(Input::Submit), send(Action::VerifyTotp));
}

#[test]
fn local_secret_is_ignored_unless_configured_and_on_two_step() {
    let mut not_configured = first_login(Step::TwoStep);
    respond(&mut not_configured, Action::StartTotp, Outcome::Retry { reason: RetryReason::Timeout });
    assert_eq!(not_configured.handle(Input::LocalTotp(secret())), Effect::Nothing);
    assert_eq!(not_configured.totp(), None);

    let mut elsewhere = reach(Journey::FirstLogin, Step::Recovery, local());
    assert_eq!(elsewhere.handle(Input::LocalTotp(secret())), Effect::Nothing);
    assert_eq!(elsewhere.totp(), None);

    let mut empty = reach(Journey::FirstLogin, Step::TwoStep, local());
    assert_eq!(empty.handle(Input::LocalTotp(Totp { uri: None, secret: None })), Effect::Nothing);
    assert_eq!(empty.totp(), None);
}

#[test]
fn a_second_local_secret_does_not_replace_the_first() {
    let mut flow = reach(Journey::FirstLogin, Step::TwoStep, local());
    flow.handle(Input::LocalTotp(secret()));
    let other = Totp { uri: None, secret: Some("GEZDGNBVGY3TQOJQ".into()) };
    assert_eq!(flow.handle(Input::LocalTotp(other)), Effect::Nothing);
    assert_eq!(flow.totp(), Some(&secret()));
}

// ---------------------------------------------------------------- back

#[test]
fn back_never_returns_into_a_step_whose_request_succeeded() {
    // terms: sign-in succeeded; changePassword: terms accepted; browserSaving: password changed;
    // twoStep: recovery saved.
    for step in [Step::Terms, Step::ChangePassword, Step::BrowserSaving, Step::TwoStep] {
        let mut flow = first_login(step);
        if step == Step::TwoStep {
            forward(&mut flow);
        }
        assert!(!flow.can_go_back(), "on {step:?}");
        assert_eq!(flow.handle(Input::Back), Effect::Nothing, "on {step:?}");
        assert_eq!(flow.step(), step);
    }
}

#[test]
fn back_walks_back_through_the_information_steps() {
    let mut flow = first_login(Step::Recovery);
    assert!(flow.can_go_back());
    assert_eq!(flow.handle(Input::Back), Effect::Render);
    assert_eq!(flow.step(), Step::Popups);
    assert_eq!(flow.handle(Input::Back), Effect::Render);
    assert_eq!(flow.step(), Step::BrowserSaving);
    assert_eq!(flow.handle(Input::Back), Effect::Nothing);
    assert_eq!(flow.step(), Step::BrowserSaving);
}

#[test]
fn back_on_the_first_step_does_nothing() {
    for &journey in Journey::ALL {
        let mut flow = Flow::new(journey, Options::default());
        assert!(!flow.can_go_back());
        assert_eq!(flow.handle(Input::Back), Effect::Nothing, "{journey:?}");
        assert_eq!(flow.step(), journey.first_step());
    }
}

// ---------------------------------------------------------------- one request at a time

#[test]
fn inputs_are_ignored_while_a_request_is_pending() {
    let inputs = [
        Input::Submit,
        Input::Back,
        Input::Skip,
        Input::Cancel,
        Input::Decline,
        Input::Choose(MenuItem::ChangePassword),
        Input::LocalTotp(secret()),
    ];
    let pending_flows = || {
        let mut terms = first_login(Step::Terms);
        terms.handle(Input::Submit);
        let mut recovery = first_login(Step::Recovery);
        recovery.handle(Input::Submit);
        let mut verifying = paired_first_login(Options::default());
        verifying.handle(Input::Submit);
        let mut settings = settings_menu();
        settings.handle(Input::Choose(MenuItem::SetUpTwoStep));
        assert_eq!(settings.pending(), Some(Action::StartTotp));
        let mut answer = reach(Journey::ForgotPassword, Step::ForgotAnswer, Options::default());
        answer.handle(Input::Submit);
        [terms, recovery, verifying, settings, answer]
    };
    for input in inputs {
        for mut flow in pending_flows() {
            let before = flow.clone();
            assert!(!flow.can_go_back() && !flow.can_skip());
            assert_eq!(flow.handle(input.clone()), Effect::Nothing, "{input:?} on {:?}", flow.step());
            assert_eq!(flow, before);
        }
    }
}

#[test]
fn a_second_submit_is_not_sent_twice() {
    let mut flow = Flow::new(Journey::ForgotPassword, Options::default());
    assert_eq!(flow.handle(Input::Submit), send(Action::ForgotStart));
    assert_eq!(flow.handle(Input::Submit), Effect::Nothing);
    assert_eq!(flow.pending(), Some(Action::ForgotStart));
}

#[test]
fn a_response_for_an_action_that_is_not_pending_is_ignored() {
    let mut idle = first_login(Step::ChangePassword);
    let before = idle.clone();
    assert_eq!(respond(&mut idle, Action::ChangePassword, ok(&[])), Effect::Nothing);
    assert_eq!(idle, before);

    let mut busy = first_login(Step::ChangePassword);
    busy.handle(Input::Submit);
    assert_eq!(respond(&mut busy, Action::SignIn, ok(&[])), Effect::Nothing);
    assert_eq!(respond(&mut busy, Action::AcceptTerms, Outcome::WrongCredentials), Effect::Nothing);
    assert_eq!((busy.step(), busy.pending(), busy.error()), (Step::ChangePassword, Some(Action::ChangePassword), None));
    assert_eq!(respond(&mut busy, Action::ChangePassword, ok(&[])), Effect::Render);
    assert_eq!(busy.step(), Step::BrowserSaving);
    assert_eq!(respond(&mut busy, Action::ChangePassword, ok(&[])), Effect::Nothing, "a duplicate answer is ignored");
    assert_eq!(busy.step(), Step::BrowserSaving);
}

// ---------------------------------------------------------------- errors

#[test]
fn error_outcomes_keep_the_step_with_a_typed_error() {
    let cases = [
        (
            Outcome::FieldErrors {
                errors: vec![("newPassword".into(), "Too common.".into()), ("".into(), "Try again.".into())],
            },
            StepError::FieldErrors(vec![
                ("newPassword".into(), "Too common.".into()),
                ("".into(), "Try again.".into()),
            ]),
        ),
        (Outcome::WrongCredentials, StepError::WrongCredentials),
        (Outcome::Locked { retry_after: Some(900) }, StepError::Locked { retry_after: Some(900) }),
        (Outcome::Locked { retry_after: None }, StepError::Locked { retry_after: None }),
        (Outcome::RateLimited { retry_after: 30, busy: false }, StepError::RateLimited { retry_after: 30, busy: false }),
        (Outcome::Retry { reason: RetryReason::Server }, StepError::Retry { reason: RetryReason::Server }),
        (Outcome::Retry { reason: RetryReason::Timeout }, StepError::Retry { reason: RetryReason::Timeout }),
        (Outcome::Retry { reason: RetryReason::Network }, StepError::Retry { reason: RetryReason::Network }),
        (Outcome::Unexpected { detail: "HTML".into() }, StepError::Unexpected { detail: "HTML".into() }),
    ];
    let at = [
        (Journey::FirstLogin, Step::SignIn, Action::SignIn),
        (Journey::FirstLogin, Step::Terms, Action::AcceptTerms),
        (Journey::FirstLogin, Step::ChangePassword, Action::ChangePassword),
        (Journey::FirstLogin, Step::Recovery, Action::SetRecovery),
        (Journey::SecuritySettings, Step::Reauthenticate, Action::Reauthenticate),
        (Journey::ForgotPassword, Step::ForgotUsername, Action::ForgotStart),
        (Journey::ForgotPassword, Step::ForgotAnswer, Action::ForgotAnswer),
        (Journey::ForgotPassword, Step::ForgotReset, Action::ForgotReset),
    ];
    for (journey, step, action) in at {
        for (outcome, error) in &cases {
            let mut flow = reach(journey, step, Options::default());
            assert_eq!(flow.handle(Input::Submit), send(action));
            assert_eq!(respond(&mut flow, action, outcome.clone()), Effect::Render);
            assert_eq!(flow.step(), step, "{outcome:?} on {step:?}");
            assert_eq!(flow.error(), Some(error));
            assert_eq!(flow.pending(), None);
        }
    }
}

#[test]
fn a_later_success_clears_the_error() {
    let mut flow = first_login(Step::ChangePassword);
    flow.handle(Input::Submit);
    respond(
        &mut flow,
        Action::ChangePassword,
        Outcome::FieldErrors { errors: vec![("newPassword".into(), "No.".into())] },
    );
    assert!(flow.error().is_some());
    assert_eq!(submit_ok(&mut flow, Action::ChangePassword, &[]), Effect::Render);
    assert_eq!(flow.error(), None);

    let mut two_step = first_login(Step::TwoStep);
    respond(&mut two_step, Action::StartTotp, Outcome::Retry { reason: RetryReason::Network });
    assert_eq!(two_step.handle(Input::Submit), resend(Action::StartTotp));
    respond(&mut two_step, Action::StartTotp, ok(&[("totpSecret", SECRET)]));
    assert_eq!((two_step.step(), two_step.error()), (Step::TwoStep, None));
}

#[test]
fn retry_resends_the_same_action_flagged_as_a_retry() {
    let mut flow = first_login(Step::Recovery);
    flow.handle(Input::Submit);
    respond(&mut flow, Action::SetRecovery, Outcome::Retry { reason: RetryReason::Server });
    assert_eq!(flow.handle(Input::Submit), resend(Action::SetRecovery));
    assert_eq!(flow.error(), None, "the stale error is cleared while the retry is in flight");
    respond(&mut flow, Action::SetRecovery, Outcome::Retry { reason: RetryReason::Timeout });
    assert_eq!(flow.handle(Input::Submit), resend(Action::SetRecovery), "still the same submission");
    respond(&mut flow, Action::SetRecovery, Outcome::FieldErrors { errors: vec![] });
    assert_eq!(flow.handle(Input::Submit), send(Action::SetRecovery), "after a real answer the next submit is new");
}

#[test]
fn an_unexpected_answer_is_retried_as_the_same_submission() {
    // The server may have reset the password before its answer was garbled: a new submission
    // would present a spent reset token, the same one gets the first answer again.
    let mut flow = Flow::new(Journey::ForgotPassword, Options::default());
    submit_ok(&mut flow, Action::ForgotStart, &[("question", "Which street?")]);
    submit_ok(&mut flow, Action::ForgotAnswer, &[("resetToken", "t")]);
    assert_eq!(flow.handle(Input::Submit), send(Action::ForgotReset));
    respond(
        &mut flow,
        Action::ForgotReset,
        Outcome::Unexpected { detail: "forgotReset: unexpected HTTP status 409".into() },
    );
    assert_eq!(flow.error().map(StepError::id), Some("unexpected"));
    assert_eq!(flow.handle(Input::Submit), resend(Action::ForgotReset));
}

#[test]
fn leaving_the_step_forgets_a_retry() {
    let mut flow = settings_menu();
    flow.handle(Input::Choose(MenuItem::ChangePassword));
    flow.handle(Input::Submit);
    respond(&mut flow, Action::ChangePassword, Outcome::Retry { reason: RetryReason::Network });
    assert_eq!(flow.handle(Input::Back), Effect::Render);
    assert_eq!(flow.error(), None);
    flow.handle(Input::Choose(MenuItem::ChangePassword));
    assert_eq!(flow.handle(Input::Submit), send(Action::ChangePassword));
}

#[test]
fn rate_limit_refuses_submit_until_the_cooldown_is_over() {
    let mut flow = Flow::new(Journey::FirstLogin, Options::default());
    flow.handle(Input::Submit);
    respond(&mut flow, Action::SignIn, Outcome::RateLimited { retry_after: 42, busy: false });
    assert!(flow.cooling_down());
    assert_eq!(flow.handle(Input::Submit), Effect::Nothing);
    assert_eq!(flow.pending(), None);
    assert_eq!(flow.error(), Some(&StepError::RateLimited { retry_after: 42, busy: false }));
    assert_eq!(flow.handle(Input::CooldownOver), Effect::Render);
    assert!(!flow.cooling_down());
    assert_eq!(flow.error(), None);
    assert_eq!(flow.handle(Input::Submit), send(Action::SignIn));
}

#[test]
fn rate_limit_outlives_a_step_change_but_information_steps_still_advance() {
    let mut flow = first_login(Step::Recovery);
    flow.handle(Input::Submit);
    respond(&mut flow, Action::SetRecovery, Outcome::RateLimited { retry_after: 10, busy: false });
    assert_eq!(flow.handle(Input::Back), Effect::Render);
    assert_eq!(flow.handle(Input::Submit), Effect::Render, "popups sends nothing");
    assert_eq!(flow.step(), Step::Recovery);
    assert_eq!(flow.error(), Some(&StepError::RateLimited { retry_after: 10, busy: false }));
    assert_eq!(flow.handle(Input::Submit), Effect::Nothing);
    flow.handle(Input::CooldownOver);
    assert_eq!(flow.handle(Input::Submit), send(Action::SetRecovery));
}

#[test]
fn entering_two_step_while_cooling_down_waits_for_submit() {
    let mut flow = settings_menu();
    flow.handle(Input::Choose(MenuItem::Recovery));
    flow.handle(Input::Submit);
    respond(&mut flow, Action::SetRecovery, Outcome::RateLimited { retry_after: 5, busy: false });
    flow.handle(Input::Back);
    assert_eq!(flow.handle(Input::Choose(MenuItem::SetUpTwoStep)), Effect::Render);
    assert_eq!((flow.step(), flow.pending()), (Step::TwoStep, None));
    assert_eq!(flow.handle(Input::Submit), Effect::Nothing);
    flow.handle(Input::CooldownOver);
    assert_eq!(flow.handle(Input::Submit), send(Action::StartTotp));
}

#[test]
fn cooldown_over_without_a_cooldown_does_nothing() {
    let mut flow = first_login(Step::Terms);
    let before = flow.clone();
    assert_eq!(flow.handle(Input::CooldownOver), Effect::Nothing);
    assert_eq!(flow, before);
}

#[test]
fn locked_account_can_still_submit() {
    let mut flow = Flow::new(Journey::SecuritySettings, Options::default());
    flow.handle(Input::Submit);
    respond(&mut flow, Action::Reauthenticate, Outcome::Locked { retry_after: None });
    assert!(!flow.cooling_down());
    assert_eq!(flow.handle(Input::Submit), send(Action::Reauthenticate));
}

#[test]
fn step_errors_have_stable_ids() {
    let ids = [
        (StepError::FieldErrors(vec![]), "fieldErrors"),
        (StepError::WrongCredentials, "wrongCredentials"),
        (StepError::Locked { retry_after: None }, "locked"),
        (StepError::RateLimited { retry_after: 1, busy: false }, "rateLimited"),
        (StepError::Retry { reason: RetryReason::Server }, "retry"),
        (StepError::Unexpected { detail: String::new() }, "unexpected"),
    ];
    for (error, id) in ids {
        assert_eq!(error.id(), id);
    }
}

// ---------------------------------------------------------------- cancel and terminal steps

#[test]
fn cancel_leaves_the_journey_from_every_step_that_is_not_terminal() {
    let routes = [
        (
            Journey::FirstLogin,
            &[Step::SignIn, Step::Terms, Step::ChangePassword, Step::BrowserSaving, Step::Popups, Step::Recovery][..],
        ),
        (Journey::SecuritySettings, &[Step::Reauthenticate, Step::Menu][..]),
        (Journey::ForgotPassword, &[Step::ForgotUsername, Step::ForgotAnswer, Step::ForgotReset][..]),
    ];
    for (journey, steps) in routes {
        for &step in steps {
            let mut flow = reach(journey, step, Options::default());
            assert_eq!(flow.handle(Input::Cancel), Effect::Close, "{step:?}");
            assert_eq!(flow.step(), Step::Cancelled);
            assert_eq!(flow.progress(), None);
        }
    }
    let mut two_step = paired_first_login(Options::default());
    assert_eq!(two_step.handle(Input::Cancel), Effect::Close);
    assert_eq!(two_step.totp(), None, "the secret goes with the journey");
}

#[test]
fn terminal_steps_ignore_every_input() {
    let mut done = Flow::new(Journey::FirstLogin, Options::default());
    submit_ok(&mut done, Action::SignIn, &SIGNED_IN);
    let mut signed_out = first_login(Step::Terms);
    signed_out.handle(Input::Decline);
    respond(&mut signed_out, Action::SignOut, ok(&[]));
    let mut cancelled = settings_menu();
    cancelled.handle(Input::Cancel);
    let inputs = [
        Input::Submit,
        Input::Skip,
        Input::Back,
        Input::Cancel,
        Input::Decline,
        Input::Choose(MenuItem::Recovery),
        Input::Response(Action::SignIn, ok(&[])),
        Input::LocalTotp(secret()),
        Input::CooldownOver,
    ];
    for mut flow in [done, signed_out, cancelled] {
        let before = flow.clone();
        for input in &inputs {
            assert_eq!(flow.handle(input.clone()), Effect::Nothing, "{input:?} on {:?}", flow.step());
        }
        assert_eq!(flow, before);
    }
}

// ---------------------------------------------------------------- security settings

#[test]
fn security_settings_start_with_reauthentication_then_the_menu() {
    let mut flow = Flow::new(Journey::SecuritySettings, Options::default());
    assert_eq!((flow.step(), flow.progress()), (Step::Reauthenticate, None));
    flow.handle(Input::Submit);
    respond(&mut flow, Action::Reauthenticate, Outcome::WrongCredentials);
    assert_eq!((flow.step(), flow.error()), (Step::Reauthenticate, Some(&StepError::WrongCredentials)));
    assert_eq!(submit_ok(&mut flow, Action::Reauthenticate, &[]), Effect::Render);
    assert_eq!((flow.step(), flow.progress(), flow.notice()), (Step::Menu, None, None));
    assert!(!flow.can_go_back(), "no way back into reauthentication");
}

#[test]
fn menu_choices_lead_to_their_steps() {
    let cases = [
        (MenuItem::ChangePassword, Step::ChangePassword, Effect::Render),
        (MenuItem::SetUpTwoStep, Step::TwoStep, send(Action::StartTotp)),
        (MenuItem::TurnOffTwoStep, Step::TurnOffTwoStep, Effect::Render),
        (MenuItem::Recovery, Step::Recovery, Effect::Render),
    ];
    for (item, step, effect) in cases {
        let mut flow = settings_menu();
        assert_eq!(flow.handle(Input::Choose(item)), effect, "{item:?}");
        assert_eq!(flow.step(), step);
        assert_eq!(flow.progress(), None);
        assert_eq!(flow.can_go_back(), flow.pending().is_none(), "back to the menu once nothing is in flight");
    }
}

#[test]
fn each_settings_sub_path_returns_to_the_menu_with_a_notice() {
    let cases = [
        (MenuItem::ChangePassword, Action::ChangePassword, Notice::PasswordChanged),
        (MenuItem::Recovery, Action::SetRecovery, Notice::RecoverySaved),
        (MenuItem::TurnOffTwoStep, Action::DisableTotp, Notice::TwoStepOff),
    ];
    for (item, action, notice) in cases {
        let mut flow = settings_menu();
        flow.handle(Input::Choose(item));
        assert_eq!(submit_ok(&mut flow, action, &[]), Effect::Render);
        assert_eq!((flow.step(), flow.notice()), (Step::Menu, Some(notice)));
    }
}

#[test]
fn setting_up_two_step_in_settings_returns_to_the_menu_with_a_notice() {
    let mut flow = settings_menu();
    flow.handle(Input::Choose(MenuItem::SetUpTwoStep));
    respond(&mut flow, Action::StartTotp, ok(&[("totpUri", URI)]));
    assert_eq!(flow.totp().and_then(|t| t.uri.as_deref()), Some(URI));
    assert_eq!(submit_ok(&mut flow, Action::VerifyTotp, &[]), Effect::Render);
    assert_eq!((flow.step(), flow.notice(), flow.totp()), (Step::Menu, Some(Notice::TwoStepOn), None));
    assert_eq!(flow.summary().two_step, TwoStepStatus::On);
}

#[test]
fn re_pairing_gets_a_new_secret() {
    let mut flow = settings_menu();
    flow.handle(Input::Choose(MenuItem::SetUpTwoStep));
    respond(&mut flow, Action::StartTotp, ok(&[("totpSecret", SECRET)]));
    submit_ok(&mut flow, Action::VerifyTotp, &[]);
    assert_eq!(flow.handle(Input::Choose(MenuItem::SetUpTwoStep)), send(Action::StartTotp));
    assert_eq!(flow.totp(), None, "the old secret is not reused");
    respond(&mut flow, Action::StartTotp, ok(&[("totpSecret", "GEZDGNBVGY3TQOJQ")]));
    assert_eq!(flow.totp().and_then(|t| t.secret.as_deref()), Some("GEZDGNBVGY3TQOJQ"));
}

#[test]
fn re_pairing_with_a_local_secret_asks_the_shell_again() {
    let mut flow = reach(Journey::SecuritySettings, Step::Menu, local());
    assert_eq!(flow.handle(Input::Choose(MenuItem::SetUpTwoStep)), Effect::GenerateSecret);
    flow.handle(Input::LocalTotp(secret()));
    flow.handle(Input::Back);
    assert_eq!(flow.handle(Input::Choose(MenuItem::SetUpTwoStep)), Effect::GenerateSecret);
    assert_eq!(flow.totp(), None);
}

#[test]
fn turning_off_two_step_needs_an_explicit_confirm() {
    let mut flow = settings_menu();
    assert_eq!(flow.handle(Input::Choose(MenuItem::TurnOffTwoStep)), Effect::Render);
    assert_eq!((flow.step(), flow.pending()), (Step::TurnOffTwoStep, None), "choosing alone sends nothing");
    assert_eq!(flow.handle(Input::Back), Effect::Render);
    assert_eq!((flow.step(), flow.summary().two_step), (Step::Menu, TwoStepStatus::Unchanged));
    flow.handle(Input::Choose(MenuItem::TurnOffTwoStep));
    assert_eq!(submit_ok(&mut flow, Action::DisableTotp, &[]), Effect::Render);
    assert_eq!(flow.summary().two_step, TwoStepStatus::Off);
}

#[test]
fn turning_off_two_step_is_refused_when_required() {
    let mut flow = reach(Journey::SecuritySettings, Step::Menu, required());
    assert_eq!(flow.handle(Input::Choose(MenuItem::TurnOffTwoStep)), Effect::Nothing);
    assert_eq!(flow.step(), Step::Menu);
}

#[test]
fn back_from_a_settings_sub_step_returns_to_the_menu_without_a_notice() {
    for &item in MenuItem::ALL {
        let mut flow = settings_menu();
        flow.handle(Input::Choose(item));
        if flow.pending().is_some() {
            respond(&mut flow, Action::StartTotp, ok(&[("totpSecret", SECRET)]));
        }
        assert_eq!(flow.handle(Input::Back), Effect::Render, "{item:?}");
        assert_eq!((flow.step(), flow.notice(), flow.totp()), (Step::Menu, None, None));
        assert_eq!(flow.summary(), &Summary::default());
    }
}

#[test]
fn the_notice_is_dropped_when_leaving_the_menu() {
    let mut flow = settings_menu();
    flow.handle(Input::Choose(MenuItem::Recovery));
    submit_ok(&mut flow, Action::SetRecovery, &[]);
    assert_eq!(flow.notice(), Some(Notice::RecoverySaved));
    flow.handle(Input::Choose(MenuItem::ChangePassword));
    assert_eq!(flow.notice(), None);
}

#[test]
fn finishing_from_the_menu_completes_with_what_was_saved() {
    let mut flow = settings_menu();
    flow.handle(Input::Choose(MenuItem::ChangePassword));
    submit_ok(&mut flow, Action::ChangePassword, &[]);
    flow.handle(Input::Choose(MenuItem::Recovery));
    submit_ok(&mut flow, Action::SetRecovery, &[]);
    let expected = Summary { password_changed: true, recovery_set: true, ..Summary::default() };
    assert_eq!(flow.handle(Input::Submit), Effect::Complete(expected));
    assert_eq!((flow.step(), flow.progress()), (Step::Done, None));
}

#[test]
fn choose_is_ignored_outside_the_menu() {
    let mut settings = reach(Journey::SecuritySettings, Step::Reauthenticate, Options::default());
    let mut first = first_login(Step::Popups);
    for flow in [&mut settings, &mut first] {
        let before = flow.clone();
        assert_eq!(flow.handle(Input::Choose(MenuItem::ChangePassword)), Effect::Nothing);
        assert_eq!(*flow, before);
    }
}

#[test]
fn skip_does_nothing_in_security_settings() {
    let mut flow = settings_menu();
    flow.handle(Input::Choose(MenuItem::SetUpTwoStep));
    respond(&mut flow, Action::StartTotp, ok(&[("totpSecret", SECRET)]));
    assert!(!flow.can_skip());
    assert_eq!(flow.handle(Input::Skip), Effect::Nothing);
    assert_eq!(flow.step(), Step::TwoStep);
}

// ---------------------------------------------------------------- forgot password

#[test]
fn forgot_password_goes_username_answer_reset_done() {
    let mut flow = Flow::new(Journey::ForgotPassword, Options::default());
    assert_eq!((flow.step(), flow.progress()), (Step::ForgotUsername, progress(1, 4)));
    assert_eq!(submit_ok(&mut flow, Action::ForgotStart, &[("question", "Name of my first dog?")]), Effect::Render);
    assert_eq!(
        (flow.step(), flow.progress(), flow.question()),
        (Step::ForgotAnswer, progress(2, 4), Some("Name of my first dog?"))
    );
    assert_eq!(submit_ok(&mut flow, Action::ForgotAnswer, &[("resetToken", "tok-9")]), Effect::Render);
    assert_eq!((flow.step(), flow.progress(), flow.reset_token()), (Step::ForgotReset, progress(3, 4), Some("tok-9")));
    assert_eq!(flow.question(), None, "the question belongs to the answer step");
    let expected = Summary { password_changed: true, ..Summary::default() };
    assert_eq!(submit_ok(&mut flow, Action::ForgotReset, &[]), Effect::Complete(expected));
    assert_eq!((flow.step(), flow.progress(), flow.reset_token()), (Step::Done, progress(4, 4), None));
}

#[test]
fn forgot_start_never_branches_on_whether_the_user_exists() {
    // The backend gives a decoy question for an unknown user; the flow cannot tell and must not try.
    let mut known = Flow::new(Journey::ForgotPassword, Options::default());
    let mut unknown = Flow::new(Journey::ForgotPassword, Options::default());
    let a = submit_ok(&mut known, Action::ForgotStart, &[("question", "Q?")]);
    let b = submit_ok(&mut unknown, Action::ForgotStart, &[("question", "Q?")]);
    assert_eq!(a, b);
    assert_eq!(known, unknown);
    // And a wrong answer looks the same as any wrong answer: stay, no hint.
    known.handle(Input::Submit);
    respond(&mut known, Action::ForgotAnswer, Outcome::WrongCredentials);
    assert_eq!((known.step(), known.question()), (Step::ForgotAnswer, Some("Q?")));
}

#[test]
fn forgot_responses_without_their_data_are_unexpected() {
    let mut start = Flow::new(Journey::ForgotPassword, Options::default());
    submit_ok(&mut start, Action::ForgotStart, &[]);
    assert_eq!(start.step(), Step::ForgotUsername);
    assert!(matches!(start.error(), Some(StepError::Unexpected { .. })));

    let mut answer = reach(Journey::ForgotPassword, Step::ForgotAnswer, Options::default());
    submit_ok(&mut answer, Action::ForgotAnswer, &[("message", "ok")]);
    assert_eq!((answer.step(), answer.question().is_some()), (Step::ForgotAnswer, true));
    assert!(matches!(answer.error(), Some(StepError::Unexpected { .. })));
}

#[test]
fn back_from_the_answer_returns_to_the_username_to_fix_a_typo() {
    let mut flow = reach(Journey::ForgotPassword, Step::ForgotAnswer, Options::default());
    assert!(flow.can_go_back());
    assert_eq!(flow.handle(Input::Back), Effect::Render);
    assert_eq!((flow.step(), flow.question()), (Step::ForgotUsername, None));

    let mut reset = reach(Journey::ForgotPassword, Step::ForgotReset, Options::default());
    assert_eq!(reset.handle(Input::Back), Effect::Nothing, "the answer was accepted");
    assert_eq!(reset.step(), Step::ForgotReset);
}

// ---------------------------------------------------------------- ids, progress, secrets, determinism

#[test]
fn step_ids_are_stable_camel_case() {
    let ids: Vec<&str> = Step::ALL.iter().map(|s| s.id()).collect();
    assert_eq!(
        ids,
        [
            "signIn",
            "terms",
            "changePassword",
            "browserSaving",
            "popups",
            "recovery",
            "twoStep",
            "recoveryCodes",
            "reauthenticate",
            "menu",
            "turnOffTwoStep",
            "forgotUsername",
            "forgotAnswer",
            "forgotReset",
            "forgotSent",
            "done",
            "signedOut",
            "cancelled",
        ]
    );
    let menu: Vec<&str> = MenuItem::ALL.iter().map(|m| m.id()).collect();
    assert_eq!(menu, ["changePassword", "setUpTwoStep", "turnOffTwoStep", "recovery"]);
    let notices =
        [Notice::PasswordChanged, Notice::TwoStepOn, Notice::TwoStepOff, Notice::RecoverySaved].map(Notice::id);
    assert_eq!(notices, ["passwordChanged", "twoStepOn", "twoStepOff", "recoverySaved"]);
}

#[test]
fn progress_counts_sequences_not_the_security_settings_hub() {
    assert_eq!(first_login(Step::ChangePassword).progress(), progress(3, 8));
    assert_eq!(reach(Journey::ForgotPassword, Step::ForgotReset, Options::default()).progress(), progress(3, 4));
    for step in [Step::Reauthenticate, Step::Menu] {
        assert_eq!(reach(Journey::SecuritySettings, step, Options::default()).progress(), None, "{step:?}");
    }
}

#[test]
fn debug_output_never_shows_secrets() {
    let flow = paired_first_login(Options::default());
    let shown = format!("{flow:?}");
    assert!(!shown.contains(SECRET) && !shown.contains("otpauth"), "{shown}");
    let reset = reach(Journey::ForgotPassword, Step::ForgotReset, Options::default());
    let shown = format!("{reset:?}");
    assert!(!shown.contains("tok-123"), "{shown}");
    assert_eq!(reset.reset_token(), Some("tok-123"));
    assert!(!format!("{:?}", Input::LocalTotp(secret())).contains(SECRET));
}

#[test]
fn same_inputs_give_the_same_states() {
    let script = || {
        vec![
            Input::Submit,
            Input::Response(Action::SignIn, ok(&[("mustChangePassword", "true"), ("termsVersion", "9")])),
            Input::Submit,
            Input::Response(Action::AcceptTerms, Outcome::Retry { reason: RetryReason::Timeout }),
            Input::Submit,
            Input::Response(Action::AcceptTerms, ok(&[])),
            Input::Submit,
            Input::Response(Action::ChangePassword, Outcome::RateLimited { retry_after: 3, busy: false }),
            Input::Submit,
            Input::CooldownOver,
            Input::Submit,
            Input::Response(Action::ChangePassword, ok(&[])),
            Input::Submit,
            Input::Back,
            Input::Submit,
            Input::Submit,
            Input::Submit,
            Input::Response(Action::SetRecovery, ok(&[])),
            Input::Response(Action::StartTotp, ok(&[("totpUri", URI)])),
            Input::Skip,
        ]
    };
    let run = || {
        let mut flow = Flow::new(Journey::FirstLogin, Options::default());
        let effects: Vec<Effect> = script().into_iter().map(|i| flow.handle(i)).collect();
        (flow, effects)
    };
    let (first, effects) = run();
    assert_eq!(run(), (first.clone(), effects.clone()));
    assert_eq!(first.step(), Step::Done);
    assert_eq!(effects[4], resend(Action::AcceptTerms));
    assert_eq!(effects[8], Effect::Nothing);
    assert_eq!(effects[10], send(Action::ChangePassword));
    let Some(Effect::Complete(summary)) = effects.last() else { panic!("expected Complete") };
    assert_eq!(summary.terms_version.as_deref(), Some("9"));
    assert_eq!(summary.two_step, TwoStepStatus::Skipped);
}

#[test]
fn sign_in_asks_for_the_code_on_the_same_step_when_two_step_is_on() {
    let mut flow = Flow::new(Journey::FirstLogin, Options::default());
    assert_eq!(flow.handle(Input::Submit), Effect::Send { action: Action::SignIn, retry: false });
    assert_eq!(flow.handle(Input::Response(Action::SignIn, Outcome::CodeRequired)), Effect::Render);
    assert_eq!((flow.step(), flow.sign_in_code(), flow.error()), (Step::SignIn, true, None));
    // The code goes with its own action (by default the sign-in request again, with the code);
    // a wrong code is a wrong credential, on the same step.
    assert_eq!(flow.handle(Input::Submit), Effect::Send { action: Action::SignInCode, retry: false });
    flow.handle(Input::Response(Action::SignInCode, Outcome::CodeRequired));
    assert_eq!(flow.error(), Some(&StepError::WrongCredentials));
    assert!(flow.sign_in_code());
}

// ---------------------------------------------------------------- when time passes

fn ended() -> Outcome {
    Outcome::SessionEnded { message: Some("Your session has ended.".into()) }
}

#[test]
fn an_ended_session_in_the_first_login_goes_back_to_sign_in_and_resumes_where_it_was() {
    for (at, action) in [(Step::Recovery, Action::SetRecovery), (Step::Terms, Action::AcceptTerms)] {
        let mut flow = first_login(at);
        assert_eq!(flow.handle(Input::Submit), send(action));
        assert_eq!(respond(&mut flow, action, ended()), Effect::Render);
        assert_eq!(flow.step(), Step::SignIn);
        assert_eq!(flow.error(), Some(&StepError::SessionEnded { message: Some("Your session has ended.".into()) }));
        assert_eq!(flow.resume(), Some(at));
    }
    // Past the password change: back where it was.
    let mut flow = first_login(Step::Recovery);
    flow.handle(Input::Submit);
    respond(&mut flow, Action::SetRecovery, ended());
    assert_eq!(submit_ok(&mut flow, Action::SignIn, &[("mustChangePassword", "false"), ("recoverySet", "false")]), Effect::Render);
    assert_eq!((flow.step(), flow.error(), flow.resume()), (Step::Recovery, None, None));
    assert_eq!(flow.progress(), progress(6, 8), "numbered as before the session ended");
    // On the terms: the backend's answer leads (the terms again).
    let mut flow = first_login(Step::Terms);
    flow.handle(Input::Submit);
    respond(&mut flow, Action::AcceptTerms, ended());
    forward(&mut flow);
    assert_eq!((flow.step(), flow.resume()), (Step::Terms, None));
}

#[test]
fn a_resumed_two_step_asks_for_a_new_secret_and_a_set_question_is_not_asked_again() {
    let mut flow = paired_first_login(Options::default());
    flow.handle(Input::Submit);
    respond(&mut flow, Action::VerifyTotp, ended());
    assert_eq!((flow.step(), flow.totp()), (Step::SignIn, None), "the secret leaves with its step");
    assert_eq!(submit_ok(&mut flow, Action::SignIn, &SIGNED_IN), send(Action::StartTotp));
    assert_eq!(flow.step(), Step::TwoStep);

    let mut flow = first_login(Step::Recovery);
    flow.handle(Input::Submit);
    respond(&mut flow, Action::SetRecovery, ended());
    // Saved before the answer was lost: the backend says so, and the set-up goes on past it.
    assert_eq!(submit_ok(&mut flow, Action::SignIn, &SIGNED_IN), send(Action::StartTotp));
    assert_eq!(flow.step(), Step::TwoStep);
}

#[test]
fn an_ended_session_asks_for_the_code_again_at_sign_in_when_2_step_is_on() {
    let mut flow = Flow::new(Journey::FirstLogin, Options::default());
    flow.handle(Input::Submit);
    respond(&mut flow, Action::SignIn, Outcome::CodeRequired);
    assert!(flow.sign_in_code());
    submit_ok(&mut flow, Action::SignInCode, &[("mustChangePassword", "false"), ("recoverySet", "false")]);
    assert_eq!(flow.progress(), progress(2, 6), "a set-up resumed on a new page counts from its sign-in");
    flow.handle(Input::Submit);
    flow.handle(Input::Submit);
    assert_eq!(flow.handle(Input::Submit), send(Action::SetRecovery));
    respond(&mut flow, Action::SetRecovery, ended());
    assert_eq!(flow.step(), Step::SignIn);
    assert!(!flow.sign_in_code(), "the code field comes back when the backend asks for it");
}

#[test]
fn an_ended_session_in_security_settings_ends_the_journey_pointing_to_sign_in() {
    let mut flow = settings_menu();
    flow.handle(Input::Choose(MenuItem::ChangePassword));
    flow.handle(Input::Submit);
    assert_eq!(respond(&mut flow, Action::ChangePassword, ended()), Effect::SignOut);
    assert_eq!((flow.step(), flow.signed_out()), (Step::SignedOut, SignedOut::SessionEnded));
}

#[test]
fn a_lapsed_re_entry_window_asks_for_the_password_then_carries_out_the_chosen_change() {
    let reauth = || Outcome::ReauthenticationRequired { message: Some("Enter your password again.".into()) };
    let cases = [
        (MenuItem::ChangePassword, Step::ChangePassword, Action::ChangePassword, Notice::PasswordChanged),
        (MenuItem::Recovery, Step::Recovery, Action::SetRecovery, Notice::RecoverySaved),
        (MenuItem::TurnOffTwoStep, Step::TurnOffTwoStep, Action::DisableTotp, Notice::TwoStepOff),
    ];
    for (item, step, action, notice) in cases {
        let mut flow = settings_menu();
        flow.handle(Input::Choose(item));
        assert_eq!(flow.handle(Input::Submit), send(action));
        assert_eq!(respond(&mut flow, action, reauth()), Effect::Render);
        assert_eq!(flow.step(), Step::Reauthenticate);
        assert_eq!(flow.error(), Some(&StepError::ReauthenticationRequired { message: Some("Enter your password again.".into()) }));
        assert_eq!(flow.resume(), Some(step));
        // A wrong password keeps the way back.
        flow.handle(Input::Submit);
        respond(&mut flow, Action::Reauthenticate, Outcome::WrongCredentials);
        assert_eq!(flow.resume(), Some(step));
        // The right one: the change goes out at once, with no retry offered in between.
        assert_eq!(submit_ok(&mut flow, Action::Reauthenticate, &[]), send(action), "{item:?}");
        assert_eq!((flow.step(), flow.resume()), (step, None));
        assert_eq!(respond(&mut flow, action, ok(&[])), Effect::Render);
        assert_eq!((flow.step(), flow.notice()), (Step::Menu, Some(notice)));
    }
    // 2-step: a new secret after the password.
    let mut flow = settings_menu();
    assert_eq!(flow.handle(Input::Choose(MenuItem::SetUpTwoStep)), send(Action::StartTotp));
    respond(&mut flow, Action::StartTotp, reauth());
    assert_eq!(flow.step(), Step::Reauthenticate);
    assert_eq!(submit_ok(&mut flow, Action::Reauthenticate, &[]), send(Action::StartTotp));
    assert_eq!(flow.step(), Step::TwoStep);
}

#[test]
fn an_expired_reset_goes_back_to_the_start_of_forgot_password() {
    let mut flow = reach(Journey::ForgotPassword, Step::ForgotReset, Options::default());
    flow.handle(Input::Submit);
    let expired = Outcome::ResetExpired { message: None };
    assert_eq!(respond(&mut flow, Action::ForgotReset, expired), Effect::Render);
    assert_eq!((flow.step(), flow.reset_token()), (Step::ForgotUsername, None));
    assert_eq!(flow.error(), Some(&StepError::ResetExpired { message: None }));
    assert_eq!(flow.progress(), progress(1, 4));
    assert_eq!(flow.handle(Input::Submit), send(Action::ForgotStart));
}

#[test]
fn a_lock_with_a_time_is_waited_out_like_a_rate_limit() {
    let mut flow = Flow::new(Journey::FirstLogin, Options::default());
    flow.handle(Input::Submit);
    respond(&mut flow, Action::SignIn, Outcome::Locked { retry_after: Some(90) });
    assert!(flow.cooling_down());
    assert_eq!(flow.handle(Input::Submit), Effect::Nothing, "refused until the lock lifts");
    assert_eq!(flow.handle(Input::CooldownOver), Effect::Render);
    assert_eq!((flow.cooling_down(), flow.error()), (false, None));
    assert_eq!(flow.handle(Input::Submit), send(Action::SignIn));
    // Without a time there is nothing to wait out: the person may try (and learn more).
    flow.handle(Input::Response(Action::SignIn, Outcome::Locked { retry_after: None }));
    assert!(!flow.cooling_down());
}

#[test]
fn a_server_down_for_maintenance_is_waited_out_then_the_same_submission_goes_again() {
    let mut flow = first_login(Step::Recovery);
    flow.handle(Input::Submit);
    respond(&mut flow, Action::SetRecovery, Outcome::RateLimited { retry_after: 60, busy: true });
    assert_eq!(flow.error(), Some(&StepError::RateLimited { retry_after: 60, busy: true }));
    assert_eq!(flow.handle(Input::Submit), Effect::Nothing);
    flow.handle(Input::CooldownOver);
    assert_eq!(flow.handle(Input::Submit), resend(Action::SetRecovery));
}

#[test]
fn a_refusal_offers_no_retry_of_the_same_submission() {
    let mut flow = first_login(Step::Terms);
    flow.handle(Input::Submit);
    let refused = Outcome::Refused { message: Some("This page has expired.".into()), detail: "acceptTerms: 403".into() };
    assert_eq!(respond(&mut flow, Action::AcceptTerms, refused), Effect::Render);
    assert_eq!(flow.error(), Some(&StepError::Refused { message: Some("This page has expired.".into()) }));
    assert_eq!(flow.handle(Input::Submit), send(Action::AcceptTerms), "a new submission, not a resend");
}

#[test]
fn the_username_comes_from_the_backends_answer() {
    let mut flow = Flow::new(Journey::SecuritySettings, Options::default());
    assert_eq!(flow.username(), None);
    submit_ok(&mut flow, Action::Reauthenticate, &[("username", "jsmith")]);
    assert_eq!(flow.username(), Some("jsmith"));
    let mut flow = Flow::new(Journey::FirstLogin, Options::default());
    submit_ok(&mut flow, Action::SignIn, &[("mustChangePassword", "true"), ("username", "ana")]);
    assert_eq!(flow.username(), Some("ana"));
}

// ---------------------------------------------------------------- backends with other capabilities

fn email_link() -> Options {
    Options { recovery: hmis_onboard::flow::Recovery::EmailLink, always_change_password: true, ..Options::default() }
}

#[test]
fn a_backend_without_a_must_change_flag_or_questions_changes_the_password_and_skips_the_question() {
    let mut flow = Flow::new(Journey::FirstLogin, email_link());
    // A sign-in answer that says nothing about what is left: configured to change it anyway.
    submit_ok(&mut flow, Action::SignIn, &[]);
    assert_eq!((flow.step(), flow.progress()), (Step::ChangePassword, progress(2, 6)));
    submit_ok(&mut flow, Action::ChangePassword, &[]);
    flow.handle(Input::Submit);
    assert_eq!(flow.step(), Step::Popups);
    assert_eq!(flow.handle(Input::Submit), send(Action::StartTotp), "no recovery question to set: on to 2-step");
    assert_eq!(flow.step(), Step::TwoStep);
    // Without 2-step either, the pop-ups step is the last.
    let mut flow = Flow::new(Journey::FirstLogin, Options { two_step: false, ..email_link() });
    submit_ok(&mut flow, Action::SignIn, &[]);
    assert_eq!(flow.progress(), progress(2, 5));
    submit_ok(&mut flow, Action::ChangePassword, &[]);
    flow.handle(Input::Submit);
    assert!(matches!(flow.handle(Input::Submit), Effect::Complete(_)));
    // Not configured so, a missing flag is still never taken as done.
    let mut flow = Flow::new(Journey::FirstLogin, Options::default());
    submit_ok(&mut flow, Action::SignIn, &[]);
    assert!(matches!(flow.error(), Some(StepError::Unexpected { .. })));
}

#[test]
fn an_ended_session_after_the_change_resumes_there_even_when_every_first_login_changes_it() {
    let mut flow = Flow::new(Journey::FirstLogin, email_link());
    submit_ok(&mut flow, Action::SignIn, &[]);
    submit_ok(&mut flow, Action::ChangePassword, &[]);
    flow.handle(Input::Submit);
    flow.handle(Input::Submit);
    respond(&mut flow, Action::StartTotp, Outcome::SessionEnded { message: None });
    assert_eq!(flow.step(), Step::SignIn);
    submit_ok(&mut flow, Action::SignIn, &[]);
    assert_eq!(flow.step(), Step::TwoStep, "the password was changed already");
}

#[test]
fn recovery_codes_are_shown_after_2_step_goes_on_from_the_answer_or_asked_for() {
    let mut flow = paired_first_login(Options::default());
    submit_ok(&mut flow, Action::VerifyTotp, &[("recoveryCodes", "1111\n2222")]);
    assert_eq!((flow.step(), flow.recovery_codes()), (Step::RecoveryCodes, Some("1111\n2222")));
    assert_eq!(flow.progress(), progress(7, 8), "the codes belong to the 2-step step");
    assert_eq!(flow.handle(Input::Back), Effect::Nothing);
    let Effect::Complete(summary) = flow.handle(Input::Submit) else { panic!("saved: done") };
    assert_eq!(summary.two_step, TwoStepStatus::On);
    assert_eq!(flow.recovery_codes(), None, "dropped on leaving the step");

    // A backend that hands them out on request: asked for, and asked again after a failure.
    let mut flow = paired_first_login(Options { fetch_recovery_codes: true, ..Options::default() });
    flow.handle(Input::Submit);
    assert_eq!(respond(&mut flow, Action::VerifyTotp, ok(&[])), send(Action::RecoveryCodes));
    assert_eq!(flow.step(), Step::RecoveryCodes);
    respond(&mut flow, Action::RecoveryCodes, Outcome::Retry { reason: RetryReason::Network });
    assert_eq!(flow.handle(Input::Submit), resend(Action::RecoveryCodes));
    respond(&mut flow, Action::RecoveryCodes, ok(&[("recoveryCodes", "a\nb")]));
    assert_eq!(flow.recovery_codes(), Some("a\nb"));

    // In Security Settings, saving them leads back to the menu.
    let mut flow = settings_menu();
    flow.handle(Input::Choose(MenuItem::SetUpTwoStep));
    respond(&mut flow, Action::StartTotp, ok(&[("totpUri", URI)]));
    submit_ok(&mut flow, Action::VerifyTotp, &[("recoveryCodes", "c")]);
    flow.handle(Input::Submit);
    assert_eq!((flow.step(), flow.notice()), (Step::Menu, Some(Notice::TwoStepOn)));
}

#[test]
fn security_settings_can_begin_with_a_whole_sign_in() {
    let options = Options { settings_sign_in: true, ..Options::default() };
    let mut flow = Flow::new(Journey::SecuritySettings, options);
    assert_eq!((flow.step(), flow.progress()), (Step::SignIn, None));
    flow.handle(Input::Submit);
    respond(&mut flow, Action::SignIn, Outcome::CodeRequired);
    submit_ok(&mut flow, Action::SignInCode, &[]);
    assert_eq!(flow.step(), Step::Menu);
    // A lapsed window asks for the sign-in again, then carries out the change.
    flow.handle(Input::Choose(MenuItem::ChangePassword));
    flow.handle(Input::Submit);
    respond(&mut flow, Action::ChangePassword, Outcome::ReauthenticationRequired { message: None });
    assert_eq!((flow.step(), flow.sign_in_code()), (Step::SignIn, false));
    assert_eq!(submit_ok(&mut flow, Action::SignIn, &[]), send(Action::ChangePassword));
}

#[test]
fn the_menu_offers_only_what_the_backend_has() {
    let options = Options { recovery: hmis_onboard::flow::Recovery::None, two_step: false, ..Options::default() };
    let mut flow = reach(Journey::SecuritySettings, Step::Menu, options);
    let offered: Vec<MenuItem> = MenuItem::ALL.iter().copied().filter(|i| flow.offers(*i)).collect();
    assert_eq!(offered, [MenuItem::ChangePassword]);
    assert_eq!(flow.handle(Input::Choose(MenuItem::Recovery)), Effect::Nothing);
    assert_eq!(flow.handle(Input::Choose(MenuItem::SetUpTwoStep)), Effect::Nothing);
    assert!(settings_menu().offers(MenuItem::TurnOffTwoStep));
    assert!(!reach(Journey::SecuritySettings, Step::Menu, required()).offers(MenuItem::TurnOffTwoStep));
}

#[test]
fn forgot_password_by_e_mailed_link_asks_for_the_link_then_opens_on_the_new_password() {
    let mut flow = Flow::new(Journey::ForgotPassword, email_link());
    assert_eq!((flow.step(), flow.progress()), (Step::ForgotUsername, None));
    submit_ok(&mut flow, Action::ForgotStart, &[]);
    assert_eq!(flow.step(), Step::ForgotSent);
    assert!(flow.step().is_terminal());
    assert_eq!(flow.handle(Input::Submit), Effect::Nothing);

    let mut flow = Flow::new(Journey::ForgotPassword, Options { reset_link: true, ..email_link() });
    assert_eq!((flow.step(), flow.progress(), flow.reset_token()), (Step::ForgotReset, None, None));
    flow.handle(Input::Submit);
    respond(&mut flow, Action::ForgotReset, Outcome::ResetExpired { message: None });
    assert_eq!(flow.step(), Step::ForgotUsername, "a used or lapsed link: ask for a new one");
    let mut flow = Flow::new(Journey::ForgotPassword, Options { reset_link: true, ..email_link() });
    assert!(matches!(submit_ok(&mut flow, Action::ForgotReset, &[]), Effect::Complete(_)));
}

#[test]
fn a_retry_refused_as_if_the_change_had_happened_says_it_may_have_on_a_backend_that_does_not_replay() {
    let lost = Outcome::Retry { reason: RetryReason::Timeout };
    for (replay_safe, expected) in [
        (false, Some(StepError::MaybeDone { action: Action::ChangePassword })),
        (true, Some(StepError::WrongCredentials)),
    ] {
        let mut flow = reach(Journey::SecuritySettings, Step::Menu, Options { replay_safe, ..Options::default() });
        flow.handle(Input::Choose(MenuItem::ChangePassword));
        flow.handle(Input::Submit);
        respond(&mut flow, Action::ChangePassword, lost.clone());
        assert_eq!(flow.handle(Input::Submit), resend(Action::ChangePassword));
        respond(&mut flow, Action::ChangePassword, Outcome::WrongCredentials);
        assert_eq!(flow.error().cloned(), expected, "replay_safe: {replay_safe}");
        assert_eq!(flow.step(), Step::ChangePassword);
    }
    // A complaint about the new password says nothing of the kind.
    let mut flow = reach(Journey::SecuritySettings, Step::Menu, Options { replay_safe: false, ..Options::default() });
    flow.handle(Input::Choose(MenuItem::ChangePassword));
    flow.handle(Input::Submit);
    respond(&mut flow, Action::ChangePassword, lost);
    flow.handle(Input::Submit);
    let errors = vec![("newPassword".to_owned(), "This password is too common.".to_owned())];
    respond(&mut flow, Action::ChangePassword, Outcome::FieldErrors { errors: errors.clone() });
    assert_eq!(flow.error(), Some(&StepError::FieldErrors(errors)));
}

#[test]
fn a_backend_that_wants_the_password_before_2_step_goes_on_gets_it_and_the_same_code_again() {
    let mut flow = paired_first_login(Options::default());
    flow.handle(Input::Submit);
    respond(&mut flow, Action::VerifyTotp, Outcome::ReauthenticationRequired { message: None });
    assert_eq!((flow.step(), flow.resume(), flow.totp()), (Step::Reauthenticate, Some(Step::TwoStep), None));
    assert_eq!(flow.error(), Some(&StepError::ReauthenticationRequired { message: None }));
    flow.handle(Input::Submit);
    assert_eq!(respond(&mut flow, Action::Reauthenticate, ok(&[])), send(Action::VerifyTotp));
    assert_eq!(flow.step(), Step::TwoStep);
    assert_eq!(flow.totp(), Some(&secret()), "the same secret: nothing to scan again");
    assert!(matches!(respond(&mut flow, Action::VerifyTotp, ok(&[])), Effect::Complete(_)));
}

#[test]
fn security_settings_knows_where_the_person_stands_and_offers_what_fits() {
    let mut flow = Flow::new(Journey::SecuritySettings, Options::default());
    let said = [("twoStepEnabled", "false"), ("recoverySet", "true"), ("recoveryQuestion", "Who was my first coach?")];
    submit_ok(&mut flow, Action::Reauthenticate, &said);
    let account = flow.account().clone();
    assert_eq!((account.two_step, account.recovery_set, account.question.as_deref()), (Some(false), Some(true), Some("Who was my first coach?")));
    assert!(!flow.offers(MenuItem::TurnOffTwoStep), "2-step is off: nothing to turn off");
    assert!(flow.offers(MenuItem::SetUpTwoStep));
    assert_eq!(flow.handle(Input::Choose(MenuItem::TurnOffTwoStep)), Effect::Nothing);
    flow.handle(Input::Choose(MenuItem::SetUpTwoStep));
    respond(&mut flow, Action::StartTotp, ok(&[("totpUri", URI)]));
    submit_ok(&mut flow, Action::VerifyTotp, &[]);
    assert_eq!(flow.account().two_step, Some(true));
    assert!(flow.offers(MenuItem::TurnOffTwoStep), "on now: it can be turned off");
    flow.handle(Input::Choose(MenuItem::Recovery));
    submit_ok(&mut flow, Action::SetRecovery, &[("recoveryQuestion", "What did Gran call the shed?")]);
    assert_eq!(flow.account().question.as_deref(), Some("What did Gran call the shed?"));
    // A backend that says nothing leaves both 2-step actions on offer.
    assert!(settings_menu().offers(MenuItem::TurnOffTwoStep) && settings_menu().account().two_step.is_none());
}

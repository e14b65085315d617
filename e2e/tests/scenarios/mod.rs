//! The scenarios, each a function from a fresh `Page` to pass or a reason. Each one starts by
//! navigating to its page, so they do not depend on each other or on their order.

mod accessibility;
mod api;
mod bundlers;
mod checklist;
mod edges;
mod fallback;
mod faults;
mod fields;
mod host;
mod hostile;
mod journeys;
mod languages;
mod lifetime;
mod loading;
mod otpauth;
mod real_backends;
mod repeats;
pub mod screenshot;
mod submit;

use crate::support::page::Page;
use std::future::Future;
use std::pin::Pin;

pub type Outcome = Result<(), String>;
pub type ScenarioFuture = Pin<Box<dyn Future<Output = Outcome> + Send>>;

pub struct Scenario {
    pub name: &'static str,
    pub run: fn(Page) -> ScenarioFuture,
}

/// Lists a scenario under its function's name.
macro_rules! scenario {
    ($module:ident :: $name:ident) => {
        Scenario { name: stringify!($name), run: |page| Box::pin($module::$name(page)) }
    };
}

/// Every scenario, in the order they run in each browser.
pub fn all() -> Vec<Scenario> {
    vec![
        scenario!(checklist::rules_flip_as_you_type),
        scenario!(checklist::strength_meter_goes_from_weak_to_strong),
        scenario!(checklist::confirm_indicator_follows_both_fields),
        scenario!(checklist::long_paste_keeps_rules_correct_and_page_responsive),
        scenario!(fields::caps_lock_warning),
        scenario!(fields::show_hide_toggle),
        scenario!(fields::sign_in_page_gets_toggle_and_caps_lock_but_no_panel),
        scenario!(submit::submit_blocked_then_allowed),
        scenario!(api::verdict_event_detail_shape),
        scenario!(api::destroy_removes_everything),
        scenario!(fallback::wasm_failed_fallback),
        scenario!(lifetime::widget_keeps_working_after_garbage_collection),
        scenario!(loading::each_page_downloads_one_build_once_from_its_preload),
        scenario!(journeys::first_login_journey_sets_everything),
        scenario!(journeys::security_settings_journey),
        scenario!(journeys::forgot_password_journey),
        scenario!(journeys::classic_backend_first_login),
        scenario!(otpauth::authenticator_app_scans_the_servers_qr_code_with_colons_in_issuer_and_username),
        scenario!(otpauth::authenticator_app_scans_the_browsers_qr_code_with_colons_in_issuer_and_username),
        scenario!(faults::wrong_two_step_code_keeps_the_step),
        scenario!(faults::rate_limit_shows_countdown_and_keeps_typing),
        scenario!(faults::backend_down_then_back_keeps_typing),
        scenario!(faults::fault_connection_reset_after_the_password_changed),
        scenario!(faults::fault_html_error_page_at_sign_in),
        scenario!(faults::fault_enormous_body_when_accepting_terms),
        scenario!(faults::fault_endless_body_without_a_length_when_accepting_terms),
        scenario!(faults::fault_redirect_to_a_page_when_accepting_terms),
        scenario!(faults::fault_server_error_500_saving_recovery),
        scenario!(faults::fault_trickle_slower_than_the_timeout_saving_recovery),
        scenario!(faults::fault_invalid_json_starting_two_step),
        scenario!(faults::fault_timeout_verifying_the_code),
        scenario!(faults::fault_missing_field_in_the_answer_response),
        scenario!(faults::fault_unexpected_status_at_the_reset),
        scenario!(repeats::double_and_triple_clicks_change_once),
        scenario!(repeats::enter_pressed_repeatedly_changes_once),
        scenario!(repeats::back_and_forward_between_steps),
        scenario!(repeats::reload_mid_journey_completes),
        scenario!(edges::a_backend_uri_that_is_not_otpauth_is_never_opened),
        scenario!(edges::a_page_of_html_answering_the_sign_in_skips_no_step),
        scenario!(edges::declining_the_terms_signs_out_at_the_backend),
        scenario!(edges::an_ended_session_signs_in_again_and_resumes_with_what_was_typed),
        scenario!(edges::a_lapsed_re_entry_window_asks_for_the_password_then_saves_the_change),
        scenario!(edges::security_settings_knows_whose_password_it_checks),
        scenario!(edges::an_expired_reset_starts_again_and_the_end_says_to_sign_in),
        scenario!(edges::a_returning_sign_in_counts_only_its_own_steps),
        scenario!(edges::wrong_types_locks_and_maintenance_lead_somewhere_sensible),
        scenario!(edges::a_page_left_open_until_its_csrf_token_lapsed_is_refused_without_a_useless_retry),
        scenario!(edges::a_value_one_answer_saved_goes_with_later_requests),
        scenario!(host::host_aspnet_cancel_and_sign_out_post_back_while_rules_are_unmet),
        scenario!(host::host_two_widgets_and_repeated_attach_draw_one_each),
        scenario!(host::host_without_the_strength_worker_the_checklist_leaves_strength_to_the_server),
        scenario!(host::host_builds_a_journey_page_on_the_mock_backend),
        scenario!(host::host_with_a_wrong_journey_configuration_shows_a_notice_not_an_empty_box),
        scenario!(host::host_mistakes_are_said_once_in_the_console),
        scenario!(host::host_loads_the_widget_from_another_origin_and_strength_still_counts),
        scenario!(hostile::hostile_page_keeps_the_checklist_readable_under_a_legacy_stylesheet),
        scenario!(hostile::hostile_page_guards_only_submits_that_send_a_new_password),
        scenario!(hostile::hostile_page_journeys_stay_in_their_card_and_mistakes_are_said),
        scenario!(hostile::hostile_page_without_webassembly_says_so_beside_the_password),
        scenario!(hostile::hostile_page_says_once_why_its_stylesheet_and_worker_did_not_load),
        scenario!(bundlers::bundled_by_vite_the_checklist_follows_typing),
        scenario!(bundlers::bundled_by_vite_the_strength_worker_gives_a_score),
        scenario!(bundlers::bundled_by_vite_a_journey_loads_its_build_and_shows_its_first_step),
        scenario!(bundlers::bundled_by_webpack_the_checklist_follows_typing),
        scenario!(bundlers::bundled_by_webpack_the_strength_worker_gives_a_score),
        scenario!(bundlers::bundled_by_webpack_a_journey_loads_its_build_and_shows_its_first_step),
        scenario!(languages::each_root_speaks_the_language_it_asks_for),
        scenario!(languages::right_to_left_lays_out_the_checklist_meter_toggles_and_journey),
        scenario!(languages::spanish_journey_and_the_notice_without_webassembly),
        scenario!(languages::without_lang_the_browsers_languages_choose),
        scenario!(accessibility::axe_finds_nothing_on_the_field_widget_or_any_first_login_step),
        scenario!(accessibility::axe_finds_nothing_in_security_settings_or_forgot_password),
        scenario!(accessibility::keyboard_alone_changes_the_password_on_the_plain_form),
        scenario!(accessibility::keyboard_alone_completes_a_whole_first_login),
        scenario!(accessibility::the_accessibility_tree_names_and_describes_the_fields_that_carry_a_verdict),
        scenario!(accessibility::forced_colours_and_the_dark_scheme_keep_every_part_visible),
        scenario!(real_backends::allauth_first_login_sign_in_with_a_code_and_security_settings),
        scenario!(real_backends::allauth_forgot_password_by_the_e_mailed_link),
        scenario!(real_backends::drf_first_login_with_a_bearer_token_then_security_settings_signs_in_with_a_code),
        scenario!(real_backends::drf_forgot_password_by_the_e_mailed_link_with_uid_and_token),
        scenario!(real_backends::a_lost_answer_from_a_backend_that_does_not_replay_says_the_change_may_have_happened),
    ]
}

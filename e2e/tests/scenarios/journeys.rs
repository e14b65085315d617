//! The guided journeys end to end against the reference server: first login (every step, 2-step
//! answered with a code computed from the key the page shows), Security Settings, Forgot
//! password, and the classic form-encoded backend; then what the server stored, read from its
//! database file.

use super::Outcome;
use crate::support::journey::{button, ensure_changes, field, menu_item, record_changes, stored_user, StoredUser};
use crate::support::leaks::{sweep, totp_secrets, Secret};
use crate::support::page::{Page, RULES};
use crate::support::proxy::Proxy;
use crate::support::server::{fresh_db, DemoServer, Options, ServerLogs, DEMO_USER, TEMPORARY_PASSWORD};
use crate::support::wait::wait_for;
use crate::support::{ensure, ensure_eq};
use serde_json::json;
use std::path::PathBuf;

/// The server's terms version when none is given.
pub const TERMS_VERSION: &str = "2025-05-14";
pub const NEW_PASSWORD: &str = "Brisk-Otter-93";
pub const QUESTION: &str = "What was the name of my first school bus driver?";
pub const ANSWER: &str = "Marguerite Delacroix";

/// A scenario's own server, with its database in a file the scenario reads afterwards (its
/// state changes recorded, see `record_changes`), behind a fault proxy that logs every
/// request (and breaks the answers a scenario asks it to).
pub struct FileServer {
    pub server: DemoServer,
    pub db: PathBuf,
    /// Points at the proxy.
    pub page: Page,
    pub proxy: Proxy,
}

impl FileServer {
    /// The leak sweep over the page, the console, every request and this server's output
    /// (plus `more` servers', e.g. a restarted one).
    pub async fn sweep(&self, secrets: &[Secret], more: &[ServerLogs]) -> Outcome {
        let mut servers = vec![self.server.logs()];
        servers.extend_from_slice(more);
        let report = sweep(&self.page, secrets, &self.proxy, &servers).await?;
        report.record(&self.server.logs().label);
        Ok(())
    }
}

/// Starts a server on a fresh database file for `label`, a proxy in front of it, and points
/// the browser at the proxy.
pub async fn file_server(page: &Page, label: &str, extra: &[&str]) -> Result<FileServer, String> {
    let db = fresh_db(label)?;
    // The proxy first: the pages post from its origin, which the server must accept.
    let proxy = Proxy::start(0).await?;
    let mut flags = vec!["--origin".to_owned(), proxy.origin()];
    flags.extend(extra.iter().map(|s| (*s).to_owned()));
    let options = Options { db: Some(db.clone()), extra: flags, ..Options::default() };
    let server = DemoServer::start_with(label, &options).await?;
    record_changes(&db)?;
    proxy.forward_to(server.port()?);
    let page = Page::new(page.client.clone(), &proxy.url);
    Ok(FileServer { server, db, page, proxy })
}

/// The secrets of a first login: the temporary and new passwords, the recovery answer and,
/// once paired, the TOTP key as shown.
pub fn first_login_secrets(key: Option<&str>) -> Vec<Secret> {
    let mut secrets = vec![
        Secret::sent("the temporary password", TEMPORARY_PASSWORD),
        Secret::sent("the new password", NEW_PASSWORD),
        Secret::sent("the recovery answer", ANSWER),
    ];
    if let Some(key) = key {
        secrets.extend(totp_secrets(key));
    }
    secrets
}

/// The state changes of a complete first login: one each.
pub const FIRST_LOGIN_CHANGES: [&str; 6] = ["session", "terms", "password", "recovery", "twoStepStarted", "twoStepOn"];

/// Waits for the sign-in step and types the demo user's name and temporary password into it.
pub async fn fill_sign_in(page: &Page) -> Outcome {
    page.wait_for_step("signIn").await?;
    page.fill("username", DEMO_USER).await?;
    page.fill("password", TEMPORARY_PASSWORD).await
}

/// On the sign-in step: the demo user with a wrong password, until the step shows it.
pub async fn sign_in_wrongly(page: &Page) -> Outcome {
    page.wait_for_step("signIn").await?;
    page.fill("username", DEMO_USER).await?;
    page.fill("password", "Not-The-Password-1").await?;
    page.submit_step().await?;
    page.wait_for_error("signIn", "wrongCredentials").await.map(|_| ())
}

/// Signs in with the temporary password on the journey page open now and goes through terms
/// and the password change, leaving the browser-saving step on screen.
pub async fn sign_in_accept_terms_change_password(page: &Page) -> Outcome {
    fill_sign_in(page).await?;
    page.submit_step().await?;

    page.wait_for_step("terms").await?;
    page.click(&field("accept")).await?;
    page.submit_step().await?;

    type_the_new_password(page).await?;
    page.submit_step().await?;
    page.wait_for_step("browserSaving").await?;
    ensure_password_fields_empty(page, "after the password was changed").await
}

/// Continues from the browser-saving step through pop-ups (no check) to the recovery step.
pub async fn to_recovery(page: &Page) -> Outcome {
    page.submit_step().await?;
    page.wait_for_step("popups").await?;
    page.submit_step().await?;
    page.wait_for_step("recovery").await.map(|_| ())
}

/// A first login on `/first-login.html` up to the recovery step, with the question and the
/// answer (twice) typed but not yet submitted.
pub async fn recovery_typed(page: &Page) -> Outcome {
    page.open("/first-login.html").await?;
    sign_in_accept_terms_change_password(page).await?;
    to_recovery(page).await?;
    page.fill("question", QUESTION).await?;
    page.fill("answer", ANSWER).await?;
    page.fill("confirmAnswer", ANSWER).await?;
    Ok(())
}

/// On the change-password step: types the temporary password and the new one twice, waiting
/// for the live checklist to follow the typing and the step to be ready to submit.
pub async fn type_the_new_password(page: &Page) -> Outcome {
    page.wait_for_step("changePassword").await?;
    page.fill("currentPassword", TEMPORARY_PASSWORD).await?;
    page.fill("newPassword", NEW_PASSWORD).await?;
    page.wait_for_step_met(&RULES).await?;
    page.fill("confirmPassword", NEW_PASSWORD).await?;
    page.wait_for_step_password_ready().await
}

/// No password field anywhere in the document holds a value (after a successful change).
pub async fn ensure_password_fields_empty(page: &Page, when: &str) -> Outcome {
    let filled: u64 = page
        .script(r#"return Array.from(document.querySelectorAll('input[type="password"]')).filter((i) => i.value !== "").length;"#, vec![])
        .await?;
    ensure_eq!(filled, 0, format!("password fields holding a value {when}"));
    Ok(())
}

/// From the browser-saving step to the 2-step step: continue, check pop-ups, set the recovery
/// question.
pub async fn saving_popups_recovery(page: &Page) -> Outcome {
    page.submit_step().await?;
    page.wait_for_step("popups").await?;
    page.click(&button("popup-check")).await?;
    let status = wait_for("the pop-up check's result (allowed or blocked)", || async {
        let seen: Option<String> = page
            .script(r#"const s = document.querySelector('[data-hmis-part="popup-status"]'); return s && s.getAttribute("data-popups");"#, vec![])
            .await?;
        match seen.as_deref() {
            Some("allowed" | "blocked") => Ok(seen.unwrap_or_default()),
            _ => Err(format!("data-popups={seen:?}")),
        }
    })
    .await?;
    let text: String =
        page.script(r#"return document.querySelector('[data-hmis-part="popup-status"]').textContent;"#, vec![]).await?;
    ensure!(text.to_lowercase().contains(&status), "the pop-up status says {text:?}, but data-popups is {status:?}");
    page.submit_step().await?;

    page.wait_for_step("recovery").await?;
    page.fill("question", QUESTION).await?;
    page.fill("answer", ANSWER).await?;
    page.fill("confirmAnswer", ANSWER).await?;
    page.submit_step().await?;
    page.wait_for_step("twoStep").await.map(|_| ())
}

/// On the 2-step step: waits for the key and the QR code, types the current code and submits.
/// Returns the key as shown.
pub async fn pair_authenticator(page: &Page) -> Result<String, String> {
    let key = wait_for("the 2-step key and QR code", || async {
        let qr = page.count(r#"svg[data-hmis-part="totp-qr"]"#).await?;
        match page.totp_from_key_text().await {
            Ok((key, _)) if qr == 1 => Ok(key),
            Ok((key, _)) => Err(format!("key {key:?}, {qr} QR codes")),
            Err(e) => Err(e),
        }
    })
    .await?;
    ensure!(
        key.split_whitespace().all(|g| g.len() <= 4) && key.split_whitespace().count() >= 8,
        "the key is not shown in groups of four: {key:?}"
    );
    let (_, code) = page.totp_from_key_text().await?;
    page.fill("code", &code).await?;
    page.submit_step().await?;
    Ok(key)
}

pub async fn summary(page: &Page) -> Result<Vec<String>, String> {
    page.script(
        r#"return Array.from(document.querySelectorAll('[data-hmis-part="summary-item"]'), (li) => li.textContent);"#,
        vec![],
    )
    .await
}

/// The full first-login journey on `/first-login.html`, 2-step included. Returns the summary
/// and the TOTP key as shown.
pub async fn complete_first_login(page: &Page) -> Result<(Vec<String>, String), String> {
    page.open("/first-login.html").await?;
    sign_in_accept_terms_change_password(page).await?;
    saving_popups_recovery(page).await?;
    let key = pair_authenticator(page).await?;
    page.wait_for_step("done").await?;
    Ok((summary(page).await?, key))
}

/// Sets the demo account up through the API, as a page script would (terms, the new password,
/// a recovery question), and signs out: an account ready for Forgot password.
pub async fn account_with_recovery_question(page: &Page) -> Outcome {
    page.open("/index.html").await?;
    for (path, body) in [
        ("/api/sign-in", json!({ "username": DEMO_USER, "password": TEMPORARY_PASSWORD })),
        ("/api/terms", json!({ "termsVersion": TERMS_VERSION })),
        ("/api/password", json!({ "currentPassword": TEMPORARY_PASSWORD, "newPassword": NEW_PASSWORD })),
        ("/api/recovery", json!({ "question": QUESTION, "answer": ANSWER })),
        ("/api/sign-out", json!({})),
    ] {
        let (status, answer) = page.post_api(path, body).await?;
        ensure_eq!(status, 200, format!("POST {path}: {answer}"));
    }
    Ok(())
}

/// Opens Security Settings, re-enters the new password, and waits for the menu.
pub async fn open_security_settings(page: &Page) -> Outcome {
    page.open("/security-settings.html").await?;
    page.wait_for_step("reauthenticate").await?;
    page.fill("password", NEW_PASSWORD).await?;
    page.submit_step().await?;
    page.wait_for_step("menu").await.map(|_| ())
}

/// The pages run under a strict Content-Security-Policy that reports to the server: nothing
/// the journey did may have been refused.
pub async fn no_csp_reports(page: &Page) -> Outcome {
    let reports = page.fetch_json("/csp-reports").await?;
    ensure_eq!(reports, json!([]), "GET /csp-reports (Content-Security-Policy violations)");
    Ok(())
}

/// Security Settings' hub as shown: per setting its state and the actions offered, and how many
/// step counts the page shows.
pub async fn settings_hub(page: &Page) -> Result<serde_json::Value, String> {
    page.script(
        r#"const hub = { progress: document.querySelectorAll('[data-hmis-part="step-progress"]').length };
           for (const li of document.querySelectorAll('[data-hmis-part="setting"]')) {
             const state = li.querySelector('[data-hmis-part="setting-state"]');
             hub[li.getAttribute("data-setting")] = { state: state ? state.textContent : null,
               actions: Array.from(li.querySelectorAll('[data-hmis-part="menu-item"]'), (b) => b.getAttribute("data-item")) };
           }
           return hub;"#,
        vec![],
    )
    .await
}

/// What every completed first login leaves in the database.
fn ensure_settled(user: &StoredUser) -> Outcome {
    ensure_eq!(user.must_change_password, false, "must_change_password after the journey");
    ensure_eq!(user.terms_version.as_deref(), Some(TERMS_VERSION), "the accepted terms version");
    ensure!(
        user.password_hash.starts_with("$argon2id$"),
        "the password hash is not argon2id: {:?}",
        user.password_hash
    );
    Ok(())
}

pub async fn first_login_journey_sets_everything(page: Page) -> Outcome {
    let label = format!("first_login_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let (db, page) = (&fs.db, &fs.page);
    let (items, key) = complete_first_login(page).await?;
    ensure_eq!(items.len(), 4, format!("the done step's summary items {items:?}"));

    let user = stored_user(db, DEMO_USER)?;
    ensure_settled(&user)?;
    ensure_eq!(user.recovery_question.as_deref(), Some(QUESTION), "the stored recovery question");
    let hash = user.recovery_answer_hash.clone().unwrap_or_default();
    ensure!(hash.starts_with("$argon2id$"), "the recovery answer is not stored as an argon2id hash: {hash:?}");
    ensure!(
        !hash.to_lowercase().contains("marguerite") && !hash.to_lowercase().contains("delacroix"),
        "the recovery answer is stored in plain text: {hash:?}"
    );
    ensure_eq!(user.totp_enabled, true, "2-step verification on");
    ensure_changes(db, &FIRST_LOGIN_CHANGES)?;

    no_csp_reports(page).await?;
    fs.sweep(&first_login_secrets(Some(&key)), &[]).await
}

pub async fn security_settings_journey(page: Page) -> Outcome {
    let label = format!("security_settings_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let (db, page) = (fs.db.clone(), fs.page.clone());
    let (_, key) = complete_first_login(&page).await?;
    open_security_settings(&page).await?;
    // A hub that shows where the person stands: 2-step on, the question itself, no step count.
    let hub = settings_hub(&page).await?;
    ensure_eq!(hub["twoStep"]["actions"], json!(["setUpTwoStep", "turnOffTwoStep"]), "2-step's actions while on");
    ensure!(hub["twoStep"]["state"].as_str().unwrap_or("").starts_with("On"), "2-step's state: {hub}");
    ensure_eq!(hub["recovery"]["state"], json!(format!("Your question: {QUESTION}")), "the recovery question shown");
    ensure_eq!(hub["progress"], json!(0), "step counts on the hub");

    let newer = "Quiet-Harbor-57";
    let before = stored_user(&db, DEMO_USER)?.password_hash;
    page.click(&menu_item("changePassword")).await?;
    page.wait_for_step("changePassword").await?;
    page.fill("currentPassword", NEW_PASSWORD).await?;
    page.fill("newPassword", newer).await?;
    page.fill("confirmPassword", newer).await?;
    page.wait_for_step_password_ready().await?;
    page.submit_step().await?;
    page.wait_for_step("menu").await?;
    let notice: String = page
        .script(
            r#"const n = document.querySelector('[data-hmis-part="notice"]'); return n ? n.textContent : "";"#,
            vec![],
        )
        .await?;
    ensure!(!notice.trim().is_empty(), "no notice on the menu after changing the password");
    ensure_password_fields_empty(&page, "after the password was changed in Security Settings").await?;
    ensure!(stored_user(&db, DEMO_USER)?.password_hash != before, "the stored password hash did not change");

    page.click(&menu_item("turnOffTwoStep")).await?;
    page.wait_for_step("turnOffTwoStep").await?;
    page.submit_step().await?;
    page.wait_for_step("menu").await?;
    ensure_eq!(stored_user(&db, DEMO_USER)?.totp_enabled, false, "2-step verification on after turning it off");
    let hub = settings_hub(&page).await?;
    ensure_eq!(hub["twoStep"]["actions"], json!(["setUpTwoStep"]), "2-step's actions once off: no \"turn off\"");
    ensure!(hub["twoStep"]["state"].as_str().unwrap_or("").starts_with("Off"), "2-step's state: {hub}");

    page.submit_step().await?;
    page.wait_for_step("done").await?;
    let items = summary(&page).await?;
    ensure!(items.len() >= 2, "the done step's summary: {items:?}");

    // The changed password is the one that signs in now.
    let (status, body) = page.post_api("/api/sign-in", json!({ "username": DEMO_USER, "password": newer })).await?;
    ensure_eq!(status, 200, format!("signing in with the changed password: {body}"));
    let user = stored_user(&db, DEMO_USER)?;
    ensure_settled(&user)?;
    let mut changes = FIRST_LOGIN_CHANGES.to_vec();
    // Reauthentication (a new session), the password, 2-step off, the sign-in just above.
    changes.extend(["session", "password", "twoStepOff", "session"]);
    ensure_changes(&db, &changes)?;
    no_csp_reports(&page).await?;
    let mut secrets = first_login_secrets(Some(&key));
    secrets.push(Secret::sent("the changed password", newer));
    fs.sweep(&secrets, &[]).await
}

pub async fn forgot_password_journey(page: Page) -> Outcome {
    let label = format!("forgot_password_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let (db, page) = (fs.db.clone(), fs.page.clone());
    account_with_recovery_question(&page).await?;

    page.open("/forgot-password.html").await?;
    page.wait_for_step("forgotUsername").await?;
    page.fill("username", DEMO_USER).await?;
    page.submit_step().await?;
    page.wait_for_step("forgotAnswer").await?;
    let shown: String =
        page.script(r#"return document.querySelector('[data-hmis-part="question"]').textContent;"#, vec![]).await?;
    ensure_eq!(shown, QUESTION, "the question the forgot-password step shows");
    // Compared ignoring case and extra spaces.
    page.fill("answer", "  MARGUERITE   delacroix ").await?;
    page.submit_step().await?;

    let reset = "Amber-Kettle-61";
    page.wait_for_step("forgotReset").await?;
    page.fill("newPassword", reset).await?;
    page.fill("confirmPassword", reset).await?;
    page.wait_for_step_password_ready().await?;
    page.submit_step().await?;
    page.wait_for_step("done").await?;

    let user = stored_user(&db, DEMO_USER)?;
    ensure_eq!(user.must_change_password, false, "must_change_password after the reset");
    let (status, body) = page.post_api("/api/sign-in", json!({ "username": DEMO_USER, "password": reset })).await?;
    ensure_eq!(status, 200, format!("signing in with the new password: {body}"));
    let (status, _) = page.post_api("/api/sign-in", json!({ "username": DEMO_USER, "password": NEW_PASSWORD })).await?;
    ensure_eq!(status, 401, "signing in with the password before the reset");
    // Set-up (sign-in, terms, password, recovery), one reset token, the reset, the sign-in.
    ensure_changes(&db, &["session", "terms", "password", "recovery", "resetToken", "password", "session"])?;
    no_csp_reports(&page).await?;
    // The reset token the answer step got: a bearer credential for the reset, as secret as a
    // password. Taken from the one reset request the page sent.
    let resets = fs.proxy.requests("POST", "/api/forgot/reset");
    let token = match resets.as_slice() {
        [one] => serde_json::from_str::<serde_json::Value>(&one.body)
            .ok()
            .and_then(|b| b["resetToken"].as_str().map(str::to_owned))
            .ok_or_else(|| format!("no resetToken in the reset request: {}", one.body))?,
        other => return Err(format!("expected one reset request, got {}", other.len())),
    };
    ensure!(token.len() >= 16, "a reset token this short is no secret: {token:?}");
    let mut secrets = first_login_secrets(None);
    secrets.push(Secret::sent("the password chosen at the reset", reset));
    secrets.push(Secret::sent("the reset token", &token));
    fs.sweep(&secrets, &[]).await
}

pub async fn classic_backend_first_login(page: Page) -> Outcome {
    let label = format!("classic_first_login_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &[]).await?;
    let (db, page) = (fs.db.clone(), fs.page.clone());
    page.open("/classic/first-login.html").await?;
    sign_in_accept_terms_change_password(&page).await?;
    // A reload past the password change: signing in with the new password resumes the set-up,
    // because the classic answer says the recovery question is not set (Result.HasSecurityQuestion).
    page.reload().await?;
    let key = super::repeats::resume_with_the_new_password(&page).await?;
    // Every action went to its classic endpoint (form posts), none to the JSON API, before the
    // reload and after it (the proxy saw every request).
    let posted: Vec<String> = fs.proxy.log().into_iter().filter(|r| r.method == "POST").map(|r| r.target).collect();
    let classic = [
        "/classic/Account/Login",
        "/classic/Account/AcceptTerms",
        "/classic/Account/ChangePassword",
        "/classic/Account/SecurityQuestion",
        "/classic/Account/Authenticator/Begin",
        "/classic/Account/Authenticator/Confirm",
    ];
    for path in classic {
        ensure!(posted.iter().any(|p| p == path), "no request to {path}; the journey posted {posted:?}");
    }
    ensure!(posted.iter().all(|p| p.starts_with("/classic/")), "the classic journey posted elsewhere: {posted:?}");
    ensure_eq!(posted.iter().filter(|p| *p == "/classic/Account/Login").count(), 2, "sign-ins: before and after the reload");
    let user = stored_user(&db, DEMO_USER)?;
    ensure_settled(&user)?;
    ensure!(user.totp_enabled, "2-step verification is not on at the end");
    ensure_changes(&db, &["session", "terms", "password", "session", "recovery", "twoStepStarted", "twoStepOn"])?;
    no_csp_reports(&page).await?;
    fs.sweep(&first_login_secrets(Some(&key)), &[]).await
}

/// The browser's name, for file names: scenarios run in every browser, one after another.
pub async fn browser_label(page: &Page) -> Result<String, String> {
    let caps = page.client.capabilities().and_then(|c| c.get("browserName")).and_then(|n| n.as_str());
    Ok(caps.unwrap_or("browser").replace(' ', "-"))
}

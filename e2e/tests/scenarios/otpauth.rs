//! The 2-step QR code as an authenticator app meets it, with code the project did not write at
//! every hop: the QR code as the browser draws it (a WebDriver screenshot of the window) is
//! decoded by jsqr, the URI read by the npm otpauth package's parser, and the code typed in is
//! the one that package's own TOTP computes (tests/independent/otpauth.mjs; installed in tools/
//! by scripts/setup.sh). The issuer and the username both hold a colon, which apps split the
//! URI's label at. Once with the secret and URI made by the server (`--issuer`), once made in the
//! browser (`twoStep.secret = "browser"`, `twoStep.issuer`).

use super::journeys::{browser_label, file_server, saving_popups_recovery, type_the_new_password, FileServer};
use super::Outcome;
use crate::support::journey::{field, stored_user};
use crate::support::page::Page;
use crate::support::proxy::{Fault, Rule};
use crate::support::server::TEMPORARY_PASSWORD;
use crate::support::wait::wait_for;
use crate::support::{ensure, ensure_eq, repo_root, Context};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{SystemTime, UNIX_EPOCH};
use tokio::io::AsyncWriteExt;
use tokio::process::Command;

/// The issuer: a colon, a slash, a space and a letter outside ASCII.
const ISSUER: &str = "HMIS/Test: Nørth";
const USERNAME: &str = "j:smith";
/// How the URI's label names the account: a colon would split it, so it is a space.
const ACCOUNT_IN_LABEL: &str = "j smith";

pub async fn authenticator_app_scans_the_servers_qr_code_with_colons_in_issuer_and_username(page: Page) -> Outcome {
    let label = format!("otpauth_server_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &["--issuer", ISSUER, "--demo-user", USERNAME]).await?;
    pair_with_an_authenticator_app(&fs, &label).await
}

pub async fn authenticator_app_scans_the_browsers_qr_code_with_colons_in_issuer_and_username(page: Page) -> Outcome {
    let label = format!("otpauth_browser_{}", browser_label(&page).await?);
    let fs = file_server(&page, &label, &["--demo-user", USERNAME]).await?;
    let config = r#""twoStep": { "issuer": "Demo HMIS" }"#;
    let browser_made: &'static str =
        Box::leak(format!(r#""twoStep": {{ "issuer": "{ISSUER}", "secret": "browser" }}"#).into_boxed_str());
    fs.proxy.add(Rule::always("GET", "/first-login.html", Fault::Rewrite { from: config, to: browser_made }));
    pair_with_an_authenticator_app(&fs, &label).await?;
    let started = fs.proxy.requests("POST", "/api/totp/start");
    ensure!(started.is_empty(), "the server was asked for a secret the browser was to make: {started:?}");
    Ok(())
}

const SCROLL_INTO_VIEW_JS: &str = r#"
const qr = document.querySelector(arguments[0]);
qr.scrollIntoView({ block: "center" });
const r = qr.getBoundingClientRect();
return { top: r.top, left: r.left, width: r.width, height: r.height, viewport: [innerWidth, innerHeight] };
"#;

/// The first login as `USERNAME` up to the 2-step step, which is then answered as an app would.
async fn pair_with_an_authenticator_app(fs: &FileServer, label: &str) -> Outcome {
    let page = &fs.page;
    page.open("/first-login.html").await?;
    page.wait_for_step("signIn").await?;
    page.fill("username", USERNAME).await?;
    page.fill("password", TEMPORARY_PASSWORD).await?;
    page.submit_step().await?;
    page.wait_for_step("terms").await?;
    page.click(&field("accept")).await?;
    page.submit_step().await?;
    type_the_new_password(page).await?;
    page.submit_step().await?;
    page.wait_for_step("browserSaving").await?;
    saving_popups_recovery(page).await?;

    let qr = r#"svg[data-hmis-part="totp-qr"]"#;
    wait_for("the QR code", || async {
        match page.count(qr).await? {
            1 => Ok(()),
            n => Err(format!("{n} QR codes")),
        }
    })
    .await?;
    // What a phone's camera would see: the browser's window, the code scrolled into it. (A
    // screenshot of the element alone comes out black in WebKit.)
    let placed: Value = page.script(SCROLL_INTO_VIEW_JS, vec![json!(qr)]).await?;
    page.async_script::<Value>("requestAnimationFrame(() => requestAnimationFrame(() => arguments[0](null)));", vec![])
        .await?;
    let png = page.client.screenshot().await.context("taking a screenshot of the window")?;
    let picture = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("e2e").join(format!("{label}-qr.png"));
    std::fs::write(&picture, png).context(&format!("writing {}", picture.display()))?;

    let scanned = independent(json!([{ "png": picture }])).await?.remove(0);
    let uri = scanned["text"]
        .as_str()
        .ok_or_else(|| format!("jsqr found no QR code in {} (the code and the viewport: {placed})", picture.display()))?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).context("reading the clock")?.as_secs();
    let read = independent(json!([{ "uri": uri, "times": [now] }])).await?.remove(0);
    ensure!(read.get("error").is_none(), "the otpauth package could not read {uri:?}: {read}");
    ensure_eq!(read["issuer"], json!(ISSUER), format!("the issuer an app reads from {uri:?}"));
    ensure_eq!(read["label"], json!(ACCOUNT_IN_LABEL), format!("the account an app reads from {uri:?}"));
    let (key, _) = page.totp_from_key_text().await?;
    let key: String = key.split_whitespace().collect();
    ensure_eq!(read["secret"].as_str().unwrap_or(""), key.as_str(), "the secret in the QR code against the key shown");

    let code = read["codes"][0].as_str().ok_or_else(|| format!("no code computed: {read}"))?;
    page.fill("code", code).await?;
    page.submit_step().await?;
    page.wait_for_step("done").await?;
    ensure_eq!(stored_user(&fs.db, USERNAME)?.totp_enabled, true, "2-step verification on with the app's code");
    Ok(())
}

/// Sends `requests` to tests/independent/otpauth.mjs and returns its answers, one each.
async fn independent(requests: Value) -> Result<Vec<Value>, String> {
    let script: &Path = &repo_root().join("tests/independent/otpauth.mjs");
    let mut child = Command::new("node")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .context("starting node (scripts/setup.sh installs what the project needs)")?;
    let mut stdin = child.stdin.take().ok_or("node's stdin is piped")?;
    stdin.write_all(requests.to_string().as_bytes()).await.context("writing to tests/independent/otpauth.mjs")?;
    drop(stdin);
    let output = child.wait_with_output().await.context("running tests/independent/otpauth.mjs")?;
    ensure!(output.status.success(), "{}: {}", script.display(), String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).context("reading tests/independent/otpauth.mjs's answer")
}

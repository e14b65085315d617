//! The web server around the API: static files under the CSP, the /no-wasm/ prefix, CSP
//! reports, the demo pages' plain form posts, the database across restarts, and the binary
//! itself (its first stdout line, the demo account line, logs without secrets).

mod common;

use common::*;
use hmis_onboard_server::store::Seeded;
use hmis_onboard_server::settings::TEST_ORIGIN;
use hmis_onboard_server::{build, Clock, Log, Settings};
use serde_json::json;
use std::path::Path;

fn fixture_dirs() -> (std::path::PathBuf, std::path::PathBuf) {
    let www = temp_dir("www");
    let pkg = temp_dir("pkg");
    std::fs::write(www.join("index.html"), "<!doctype html><title>Sign in</title>").unwrap();
    std::fs::write(pkg.join("hmis_onboard_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(pkg.join("hmis-onboard.js"), "export {};").unwrap();
    (www, pkg)
}

#[tokio::test]
async fn serves_pages_and_the_widget_under_the_strict_policy() {
    let (www, pkg) = fixture_dirs();
    let h = Harness::with(|s| {
        s.www = www.clone();
        s.pkg = pkg.clone();
    });
    let mut c = h.client();
    let page = c.get("/index.html").await;
    assert_eq!(page.status, 200);
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'") && csp.ends_with("report-uri /csp-report"), "{csp}");
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(page.header("cache-control"), Some("no-cache"));
    assert!(page.set_cookies().iter().any(|c| c.starts_with("hmis_csrf=")), "a page load hands out the CSRF token");
    assert_eq!(c.get("/").await.status, 200);
    assert_eq!(c.get("/pkg/hmis_onboard_bg.wasm").await.status, 200);
    assert_eq!(c.get("/pkg/hmis-onboard.js").await.status, 200);
    assert_eq!(c.get("/no-wasm/index.html").await.status, 200);
    assert_eq!(c.get("/no-wasm/pkg/hmis-onboard.js").await.status, 200);
    assert_eq!(c.get("/no-wasm/pkg/hmis_onboard_bg.wasm").await.status, 404);
    assert_eq!(c.get("/missing.html").await.status, 404);
    for dir in [www, pkg] {
        std::fs::remove_dir_all(dir).ok();
    }
}

#[tokio::test]
async fn serves_the_widgets_content_hashed_files_as_immutable_and_the_entry_script_revalidated() {
    let (www, pkg) = fixture_dirs();
    std::fs::create_dir_all(pkg.join("field-0123456789")).unwrap();
    std::fs::write(pkg.join("field-0123456789/hmis_onboard.js"), "export {};").unwrap();
    std::fs::write(pkg.join("hmis-onboard.abcdef0123.css"), "p{}").unwrap();
    let h = Harness::with(|s| {
        s.www = www.clone();
        s.pkg = pkg.clone();
    });
    let mut c = h.client();
    let immutable = Some(hmis_onboard_server::http::IMMUTABLE);
    assert_eq!(c.get("/pkg/field-0123456789/hmis_onboard.js").await.header("cache-control"), immutable);
    assert_eq!(c.get("/pkg/hmis-onboard.abcdef0123.css").await.header("cache-control"), immutable);
    assert_eq!(c.get("/pkg/hmis-onboard.js").await.header("cache-control"), Some("no-cache"));
    assert_eq!(c.get("/pkg/hmis_onboard_bg.wasm").await.header("cache-control"), Some("no-cache"));
    let missing = c.get("/pkg/field-0123456789/missing.js").await;
    assert_eq!((missing.status, missing.header("cache-control")), (404, Some("no-cache")));
    for dir in [www, pkg] {
        std::fs::remove_dir_all(dir).ok();
    }
}

#[tokio::test]
async fn pages_with_a_widget_root_preload_the_webassembly_their_root_loads() {
    let (www, pkg) = fixture_dirs();
    let pages = [
        ("index.html", "<form data-hmis-onboard></form>".to_owned()),
        ("plain.html", "<p>no widget here</p>".to_owned()),
        ("named.html", "<div data-hmis-onboard data-hmis-journey=firstLogin></div>".to_owned()),
        // Only the root's own tag counts, and only an element whose id is the block's.
        ("mention.html", "<p>data-hmis-journey</p><form data-hmis-onboard></form>".to_owned()),
        ("block.html", block("\"cfg\"", r#"{"journey": "securitySettings", "backend": {}}"#)),
        ("single-quoted.html", block("'cfg'", r#"{"journey": "forgotPassword"}"#)),
        ("policy.html", block("\"cfg\"", r#"{"policy": {"minLength": 12}}"#)),
        ("broken.html", block("\"cfg\"", "{not json")),
        (
            "lookalike.html",
            format!(r#"<p data-id="cfg">{{"journey": "firstLogin"}}</script>{}"#, block("\"cfg\"", r#"{"policy": {}}"#)),
        ),
    ];
    for (name, html) in &pages {
        std::fs::write(www.join(name), html).unwrap();
    }
    let manifest = |hash: &str| {
        format!(r#"{{"preload": {{"field": "field-{hash}/hmis_onboard_bg.wasm", "journey": "journey-{hash}/hmis_onboard_bg.wasm"}}}}"#)
    };
    std::fs::write(pkg.join("manifest.json"), manifest("0123456789")).unwrap();
    let h = Harness::with(|s| {
        s.www = www.clone();
        s.pkg = pkg.clone();
    });
    let mut c = h.client();
    let link = |build: &str, hash: &str| Some(format!("</pkg/{build}-{hash}/hmis_onboard_bg.wasm>; rel=preload; as=fetch; crossorigin"));
    let (field, journey) = (link("field", "0123456789"), link("journey", "0123456789"));
    for (path, expected, why) in [
        ("/index.html", &field, "a password form"),
        ("/", &field, "the index page"),
        ("/named.html", &journey, "a root named for its journey"),
        ("/mention.html", &field, "the words elsewhere on the page"),
        ("/block.html", &journey, "a JSON block naming a journey"),
        ("/single-quoted.html", &journey, "a JSON block named in single quotes"),
        ("/policy.html", &field, "a JSON block without a journey"),
        ("/broken.html", &field, "a broken block: the field build reports it"),
        ("/lookalike.html", &field, "an element whose data-id is the block's id"),
        ("/plain.html", &None, "a page without a root needs no WebAssembly"),
        ("/no-wasm/index.html", &None, "its WebAssembly is under /no-wasm/"),
        ("/pkg/hmis-onboard.js", &None, "not a page"),
        ("/missing.html", &None, "no page"),
    ] {
        assert_eq!(c.get(path).await.header("link").map(str::to_owned), *expected, "{path}: {why}");
    }
    assert_eq!(c.get("/index.html").await.header("vary"), Some("User-Agent"));
    assert_eq!(c.get("/plain.html").await.header("vary"), None);
    // A build while the server runs renames the files: the header follows the manifest.
    std::fs::write(pkg.join("manifest.json"), manifest("abcdef0123")).unwrap();
    assert_eq!(c.get("/index.html").await.header("link").map(str::to_owned), link("field", "abcdef0123"));
    // Without a manifest (or with nothing usable in it), pages go out as before.
    for manifest in [None, Some(r#"{"preload": {}}"#), Some(r#"{"preload": {"field": "<evil>; rel=x"}}"#), Some("not json")] {
        match manifest {
            Some(text) => std::fs::write(pkg.join("manifest.json"), text).unwrap(),
            None => std::fs::remove_file(pkg.join("manifest.json")).unwrap(),
        }
        assert_eq!(c.get("/index.html").await.header("link"), None, "{manifest:?}");
        std::fs::write(pkg.join("manifest.json"), "{}").unwrap();
    }
    for dir in [www, pkg] {
        std::fs::remove_dir_all(dir).ok();
    }
}

/// A page whose root takes its configuration from a JSON block, named with `quoted_id`.
fn block(quoted_id: &str, config: &str) -> String {
    let id = quoted_id.trim_matches(|c| c == '"' || c == '\'');
    format!(r#"<script type="application/json" id="{id}">{config}</script><div data-hmis-onboard data-hmis-config={quoted_id}></div>"#)
}

#[test]
fn preloads_go_to_every_browser_but_webkit() {
    use hmis_onboard_server::http::fetch_takes_preloads;
    for (user_agent, takes) in [
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", true),
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36", true),
        ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 Edg/156.0.0.0", true),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0", true),
        ("", true),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15", false),
        ("Mozilla/5.0 (iPhone; CPU iPhone OS 26_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/156.0 Mobile/15E148 Safari/604.1", false),
        ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15", false),
    ] {
        assert_eq!(fetch_takes_preloads(user_agent), takes, "{user_agent}");
    }
}

#[test]
fn recognises_content_hashed_names() {
    use hmis_onboard_server::http::content_hashed;
    for hashed in ["/field-3f9a1c2e00/hmis_onboard.js", "/strength-0123456789/x.wasm", "/hmis-onboard.abcdef0123.css"] {
        assert!(content_hashed(hashed), "{hashed}");
    }
    for plain in ["/hmis-onboard.js", "/hmis_onboard_bg.wasm", "/field/hmis_onboard.js", "/field-3f9a1c2e/x.js", "/a.ABCDEF0123.css", "/manifest.json"] {
        assert!(!content_hashed(plain), "{plain}");
    }
}

#[tokio::test]
async fn keeps_csp_reports_for_the_tests_to_read_only_when_told() {
    let h = Harness::with(|s| s.expose_csp_reports = true);
    let mut c = h.client();
    assert_eq!(c.get("/csp-reports").await.json, json!([]));
    let report = json!({ "csp-report": { "document-uri": "http://127.0.0.1/", "violated-directive": "script-src" } });
    let r = c
        .send(
            axum::http::Request::post("/csp-report")
                .header("content-type", "application/csp-report")
                .body(axum::body::Body::from(report.to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, 204, "browsers send no CSRF token with reports");
    assert_eq!(c.get("/csp-reports").await.json, json!([report]));
}

#[tokio::test]
async fn the_plain_sign_in_form_checks_credentials() {
    let h = Harness::new();
    let mut c = h.client();
    let same = [("origin", TEST_ORIGIN)];
    let r = c.post_form("/sign-in", &[("username", "demo"), ("password", "wrong")], &same).await;
    assert_eq!((r.status, r.header("location")), (303, Some("/?error=credentials")));
    let r = c.post_form("/sign-in", &[("username", "demo"), ("password", DEMO_PASSWORD)], &[]).await;
    assert_eq!(r.header("location"), Some("/?error=expired"), "no Origin and no token: refused");
    let r = c.post_form("/sign-in", &[("username", "demo"), ("password", DEMO_PASSWORD)], &[("origin", "http://evil.example")]).await;
    assert_eq!(r.header("location"), Some("/?error=expired"));
    // What browsers send under Referrer-Policy: no-referrer: Origin null, and Sec-Fetch-Site.
    let null_cross = [("origin", "null"), ("sec-fetch-site", "cross-site")];
    let r = c.post_form("/sign-in", &[("username", "demo"), ("password", DEMO_PASSWORD)], &null_cross).await;
    assert_eq!(r.header("location"), Some("/?error=expired"), "Origin null from another site: refused");
    let null_same = [("origin", "null"), ("sec-fetch-site", "same-origin")];
    let r = c.post_form("/sign-in", &[("username", "demo"), ("password", DEMO_PASSWORD)], &null_same).await;
    assert_eq!(r.header("location"), Some("/change-password.html"));
    assert!(c.cookie("hmis_session").is_some());
    // The change form: terms not yet accepted, then accepted through the form's hidden field.
    let fields = [("username", "demo"), ("current", DEMO_PASSWORD), ("new-password", NEW_PASSWORD), ("confirm-password", NEW_PASSWORD)];
    let r = c.post_form("/change-password", &fields, &same).await;
    assert_eq!(r.header("location"), Some("/change-password.html?error=terms"));
    let mut with_terms = fields.to_vec();
    with_terms.push(("termsVersion", TERMS));
    let r = c.post_form("/change-password", &with_terms, &same).await;
    assert_eq!(r.header("location"), Some("/password-changed.html"));
    let r = h.client().post_form("/sign-in", &[("username", "demo"), ("password", NEW_PASSWORD)], &same).await;
    assert_eq!(r.header("location"), Some("/home.html"));
}

#[tokio::test]
async fn the_plain_change_form_signs_in_first_and_applies_the_rules() {
    let h = Harness::new();
    let mut c = h.client();
    let csrf = c.csrf().await;
    let fields = [("username", "demo"), ("current", DEMO_PASSWORD), ("new-password", "weak"), ("confirm-password", "weak"), ("termsVersion", TERMS), ("csrfToken", &csrf)];
    let r = c.post_form("/change-password", &fields, &[]).await;
    assert_eq!(r.header("location"), Some("/change-password.html?error=invalid"));
    let fields = [("username", "demo"), ("current", "wrong"), ("new-password", NEW_PASSWORD), ("confirm-password", NEW_PASSWORD)];
    let r = h.client().post_form("/change-password", &fields, &[("origin", TEST_ORIGIN)]).await;
    assert_eq!(r.header("location"), Some("/change-password.html?error=credentials"));
}

#[test]
fn the_database_survives_restarts_and_keeps_a_changed_demo_password() {
    let dir = temp_dir("db");
    let db = dir.join("accounts.sqlite3");
    let settings = || Settings { db: db.to_str().unwrap().to_owned(), ..Settings::for_tests() };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let start = |s: Settings| {
        let (log, _) = Log::capture();
        build(s, Clock::manual(START), log).unwrap()
    };
    let app = start(settings());
    assert_eq!(app.demo, Seeded::Created);
    assert_eq!(app.state.service.store().schema_version().unwrap(), 1);
    // Still temporary: a restart refreshes it (here to another configured password).
    drop(app);
    let app = start(Settings { demo_password: "Other-Temp-1!".to_owned(), ..settings() });
    assert_eq!(app.demo, Seeded::Refreshed);
    runtime.block_on(async {
        let h = Harness { router: app.router.clone(), state: app.state.clone(), clock: Clock::manual(START), logs: Default::default() };
        let mut c = h.client();
        assert_eq!(c.sign_in("demo", "Other-Temp-1!").await.status, 200);
        c.post("/api/terms", json!({ "termsVersion": TERMS })).await;
        assert_eq!(c.post("/api/password", json!({ "currentPassword": "Other-Temp-1!", "newPassword": NEW_PASSWORD })).await.status, 200);
    });
    drop(app);
    let app = start(settings());
    assert_eq!(app.demo, Seeded::Kept, "a changed password is not clobbered");
    assert_eq!(app.state.service.store().schema_version().unwrap(), 1, "migrations run once");
    let user = app.state.service.store().find_user("demo").unwrap().unwrap();
    assert!(!user.must_change_password);
    drop(app);
    let app = start(Settings { reset_demo: true, ..settings() });
    assert_eq!(app.demo, Seeded::Reset);
    let user = app.state.service.store().find_user("demo").unwrap().unwrap();
    assert!(user.must_change_password && user.terms_version.is_none());
    assert!(user.password_hash.starts_with("$argon2id$v=19$"));
    drop(app);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn default_cost_is_owasps_argon2id_minimum() {
    let settings = Settings::default();
    assert_eq!((settings.hash_cost.memory_kib, settings.hash_cost.iterations, settings.hash_cost.parallelism), (19_456, 2, 1));
    let hasher = hmis_onboard_server::hashing::Hasher::new(settings.hash_cost).unwrap();
    let hash = hasher.hash("Harbor-Lamp-72");
    assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
    assert!(hasher.verify("Harbor-Lamp-72", &hash));
    assert!(!hasher.verify("harbor-lamp-72", &hash));
    let cheap = hmis_onboard_server::hashing::Hasher::new(hmis_onboard_server::HashCost::INSECURE_FAST).unwrap();
    assert!(hasher.outdated(&cheap.hash("x")) && !hasher.outdated(&hash));
}

#[tokio::test]
async fn a_hash_of_another_cost_is_upgraded_at_the_next_sign_in() {
    let dir = temp_dir("rehash");
    let db = dir.join("accounts.sqlite3").to_str().unwrap().to_owned();
    let (log, _) = Log::capture();
    let cheap = build(Settings { db: db.clone(), ..Settings::for_tests() }, Clock::manual(START), log.clone()).unwrap();
    drop(cheap);
    let stronger = hmis_onboard_server::HashCost { memory_kib: 64, iterations: 1, parallelism: 1 };
    let app = build(Settings { db: db.clone(), hash_cost: stronger, ..Settings::for_tests() }, Clock::manual(START), log).unwrap();
    let store = app.state.service.store();
    assert!(store.find_user("demo").unwrap().unwrap().password_hash.contains("$m=64,"), "re-seeded with the new cost");
    // Make it old again, as a database from before a cost change would be.
    let old = hmis_onboard_server::hashing::Hasher::new(hmis_onboard_server::HashCost::INSECURE_FAST).unwrap().hash(DEMO_PASSWORD);
    store.rehash_password(1, &old).unwrap();
    let h = Harness { router: app.router.clone(), state: app.state.clone(), clock: Clock::manual(START), logs: Default::default() };
    assert_eq!(h.client().sign_in("demo", DEMO_PASSWORD).await.status, 200);
    let hash = store.find_user("demo").unwrap().unwrap().password_hash;
    assert!(hash.contains("$m=64,t=1,p=1$"), "{hash}");
    assert_eq!(h.client().sign_in("demo", DEMO_PASSWORD).await.status, 200);
    drop(app);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn flags_and_environment() {
    let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let none = |_: &str| None;
    let o = hmis_onboard_server::parse_args(args(&[]), none).unwrap();
    assert_eq!((o.host.as_str(), o.port, o.settings.db.as_str()), ("127.0.0.1", 8080, "hmis-demo.sqlite3"));
    assert_eq!((o.settings.demo_user.as_str(), o.settings.demo_password.as_str()), ("demo", "Temp-Pass-2024!"));
    let env = |name: &str| match name {
        "PORT" => Some("9000".to_owned()),
        "HMIS_DB" => Some("/tmp/x.sqlite3".to_owned()),
        _ => None,
    };
    let o = hmis_onboard_server::parse_args(args(&[]), env).unwrap();
    assert_eq!((o.port, o.settings.db.as_str()), (9000, "/tmp/x.sqlite3"));
    let o = hmis_onboard_server::parse_args(
        args(&["--port", "0", "--db", ":memory:", "--lockout-attempts", "3", "--lockout-seconds", "60", "--rate-ip", "off", "--rate-user", "5/10", "--reset-demo", "--terms-version", "v9", "--insecure-fast-hashing"]),
        env,
    )
    .unwrap();
    assert_eq!(o.port, 0);
    assert_eq!(o.settings.db, ":memory:");
    assert_eq!((o.settings.lockout_attempts, o.settings.lockout_seconds), (3, 60));
    assert_eq!(o.settings.rate_ip, None);
    assert_eq!(o.settings.rate_user, Some(hmis_onboard_server::Rate { count: 5, seconds: 10 }));
    assert!(o.settings.reset_demo);
    assert_eq!(o.settings.hash_cost, hmis_onboard_server::HashCost::INSECURE_FAST);
    assert!(hmis_onboard_server::parse_args(args(&["--rate-ip", "5"]), none).is_err());
    assert!(hmis_onboard_server::parse_args(args(&["--bogus"]), none).is_err());
    assert!(hmis_onboard_server::parse_args(args(&["--help"]), none).unwrap_err().contains("--db PATH"));
    assert!(!hmis_onboard_server::parse_args(args(&["--help"]), none).unwrap_err().contains("insecure"), "the test-only flag stays hidden");
}

/// Starts the real binary on a free port and talks to it over TCP.
#[tokio::test]
async fn the_binary_prints_its_url_first_then_the_demo_account() {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
    let (www, pkg) = fixture_dirs();
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_hmis-onboard-server"))
        .args(["--port", "0", "--db", ":memory:", "--insecure-fast-hashing", "--demo-password", "Binary-Temp-1!"])
        .args(["--www", www.to_str().unwrap(), "--pkg", pkg.to_str().unwrap()])
        .env_remove("PORT")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = stdout.next_line().await.unwrap().unwrap();
    let addr = first.strip_prefix("hmis-onboard demo: http://").and_then(|r| r.strip_suffix('/')).unwrap_or_else(|| panic!("{first}")).to_owned();
    let second = stdout.next_line().await.unwrap().unwrap();
    assert!(second.contains("\"demo\"") && second.contains("Binary-Temp-1!"), "{second}");

    async fn http(addr: &str, request: String) -> String {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        response
    }
    let page = http(&addr, format!("GET /index.html HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")).await;
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    let csrf = page.lines().find_map(|l| l.strip_prefix("set-cookie: hmis_csrf=")).unwrap().split(';').next().unwrap().to_owned();
    let body = json!({ "username": "demo", "password": "Binary-Temp-1!" }).to_string();
    let signed_in = http(
        &addr,
        format!(
            "POST /api/sign-in HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nCookie: hmis_csrf={csrf}\r\nX-CSRF-Token: {csrf}\r\nIdempotency-Key: bin-1\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
    )
    .await;
    assert!(signed_in.starts_with("HTTP/1.1 200"), "{signed_in}");
    assert!(signed_in.contains("\"mustChangePassword\":true"));
    assert!(!signed_in.contains("Binary-Temp-1!"));
    let wasm = http(&addr, format!("GET /no-wasm/pkg/hmis_onboard_bg.wasm HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")).await;
    assert!(wasm.starts_with("HTTP/1.1 404"));

    child.start_kill().unwrap();
    child.wait().await.unwrap();
    let mut log = String::new();
    child.stderr.take().unwrap().read_to_string(&mut log).await.unwrap();
    assert!(log.contains("POST /api/sign-in 200"), "{log}");
    assert!(!log.contains("Binary-Temp-1!") && !log.contains(&csrf), "{log}");
    for dir in [www, pkg] {
        std::fs::remove_dir_all(Path::new(&dir)).ok();
    }
}

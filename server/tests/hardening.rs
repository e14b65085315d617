//! The reference server as a security reviewer reads it: posts are taken only from the
//! configured public origin (never judged by the request's own `Host`), cookies get the
//! `__Host-` prefix behind HTTPS, and the CSP report endpoint can be neither read nor used to
//! flood the log in a normal run.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::*;
use hmis_onboard_server::csp::PER_MINUTE;
use hmis_onboard_server::settings::{listen_origins, origin, TEST_ORIGIN};
use serde_json::json;

async fn sign_in_from(c: &mut Client, headers: &[(&str, &str)]) -> Resp {
    let csrf = c.csrf().await;
    let mut request = Request::post("/api/sign-in").header("content-type", "application/json").header("x-csrf-token", csrf);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    c.send(request.body(Body::from(json!({ "username": "demo", "password": DEMO_PASSWORD }).to_string())).unwrap()).await
}

#[tokio::test]
async fn origin_is_checked_against_the_configured_origin_not_the_host_header() {
    let h = Harness::new();
    let mut c = h.client();
    // What a page on another site sends when it also controls Host (a DNS rebinding, or a
    // proxy that passes the client's Host on): refused, whatever Host says.
    let r = sign_in_from(&mut c, &[("origin", "http://evil.example"), ("host", "evil.example")]).await;
    assert_eq!((r.status, r.json["code"].as_str()), (403, Some("csrf")));
    let r = sign_in_from(&mut c, &[("origin", "https://evil.example"), ("host", "evil.example")]).await;
    assert_eq!(r.status, 403);
    let r = sign_in_from(&mut c, &[("origin", TEST_ORIGIN), ("host", "somewhere.else:1234")]).await;
    assert_eq!(r.status, 200, "the configured origin, whatever Host says: {}", r.text);
    let r = sign_in_from(&mut c, &[]).await;
    assert_eq!(r.status, 200, "no Origin (not a browser's cross-site post): the token decides");
    let h = Harness::with(|s| s.origins = vec!["https://hmis.example.org".to_owned(), "https://other.example.org".to_owned()]);
    let mut c = h.client();
    for allowed in ["https://hmis.example.org", "https://other.example.org"] {
        assert_eq!(sign_in_from(&mut c, &[("origin", allowed)]).await.status, 200, "{allowed}");
    }
    for refused in ["http://hmis.example.org", "https://hmis.example.org:8443", TEST_ORIGIN, "null"] {
        assert_eq!(sign_in_from(&mut c, &[("origin", refused), ("host", "hmis.example.org")]).await.status, 403, "{refused}");
    }
}

#[test]
fn origins_are_written_as_browsers_send_them() {
    assert_eq!(origin("--origin", "HTTPS://HMIS.Example.org:443/").unwrap(), "https://hmis.example.org");
    assert_eq!(origin("--origin", "http://127.0.0.1:8080").unwrap(), "http://127.0.0.1:8080");
    assert_eq!(origin("--origin", "http://example.org:80").unwrap(), "http://example.org");
    assert_eq!(origin("--origin", "http://[::1]:9000").unwrap(), "http://[::1]:9000");
    for bad in ["hmis.example.org", "ftp://example.org", "https://example.org/login", "https://", "https://x:99999", "https://a b"] {
        assert!(origin("--origin", bad).is_err(), "{bad}");
    }
    let addr = |s: &str| s.parse().unwrap();
    assert_eq!(listen_origins(addr("127.0.0.1:8080")), ["http://127.0.0.1:8080", "http://localhost:8080"]);
    assert_eq!(listen_origins(addr("10.0.0.5:80")), ["http://10.0.0.5"]);
    let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let o = hmis_onboard_server::parse_args(args(&["--origin", "https://a.example", "--origin", "https://b.example/"]), |_| None).unwrap();
    assert_eq!(o.settings.origins, ["https://a.example", "https://b.example"]);
    assert!(hmis_onboard_server::parse_args(args(&[]), |_| None).unwrap().settings.origins.is_empty(), "main fills in the listen address");
    assert!(hmis_onboard_server::parse_args(args(&["--origin", "example.org"]), |_| None).is_err());
}

/// The binary, started without --origin, takes posts from its own listen address (and
/// localhost on the same port); with --origin, only from that.
#[tokio::test]
async fn the_binary_defaults_to_its_listen_address_as_origin() {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
    async fn start(extra: &[&str]) -> (tokio::process::Child, String) {
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_hmis-onboard-server"))
            .args(["--port", "0", "--db", ":memory:", "--insecure-fast-hashing", "--www", "no-such-dir", "--pkg", "no-such-dir"])
            .args(extra)
            .env_remove("PORT")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next_line().await.unwrap().unwrap();
        let addr = first.strip_prefix("hmis-onboard demo: http://").and_then(|r| r.strip_suffix('/')).unwrap().to_owned();
        // Read on: a closed stdout would end the server at its next line.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        (child, addr)
    }
    async fn status(addr: &str, origin: &str) -> String {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let page = format!("GET /api/session HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        stream.write_all(page.as_bytes()).await.unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        let csrf = response.lines().find_map(|l| l.strip_prefix("set-cookie: hmis_csrf=")).unwrap_or_else(|| panic!("{response}")).split(';').next().unwrap().to_owned();
        let body = r#"{"username":"demo","password":"nope"}"#;
        let post = format!(
            "POST /api/sign-in HTTP/1.1\r\nHost: {addr}\r\nOrigin: {origin}\r\nConnection: close\r\nContent-Type: application/json\r\nCookie: hmis_csrf={csrf}\r\nX-CSRF-Token: {csrf}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(post.as_bytes()).await.unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).await.unwrap();
        response.lines().next().unwrap().to_owned()
    }
    let (mut child, addr) = start(&[]).await;
    let port = addr.rsplit(':').next().unwrap();
    assert!(status(&addr, &format!("http://{addr}")).await.contains(" 401 "), "its own address: the post is read (wrong password)");
    assert!(status(&addr, &format!("http://localhost:{port}")).await.contains(" 401 "));
    assert!(status(&addr, "http://evil.example").await.contains(" 403 "));
    child.start_kill().unwrap();
    let (mut child, addr) = start(&["--origin", "https://hmis.example.org"]).await;
    assert!(status(&addr, "https://hmis.example.org").await.contains(" 401 "));
    assert!(status(&addr, &format!("http://{addr}")).await.contains(" 403 "), "only the configured origin");
    child.start_kill().unwrap();
}

#[tokio::test]
async fn secure_cookies_carry_the_host_prefix() {
    let h = Harness::with(|s| s.secure_cookies = true);
    assert_eq!((h.state.session_cookie(), h.state.csrf_cookie()), ("__Host-hmis_session", "__Host-hmis_csrf"));
    let mut c = h.client();
    let r = c.get("/api/session").await;
    let csrf_cookie = r.set_cookies().into_iter().find(|s| s.starts_with("__Host-hmis_csrf=")).expect("a __Host- CSRF cookie");
    // What the prefix requires of a cookie: Secure, Path=/, no Domain.
    for attribute in ["; Secure", "; Path=/", "SameSite=Strict"] {
        assert!(csrf_cookie.contains(attribute), "{csrf_cookie}");
    }
    assert!(!csrf_cookie.contains("Domain") && !csrf_cookie.contains("HttpOnly"), "page script reads it: {csrf_cookie}");
    let csrf = c.cookie("__Host-hmis_csrf").unwrap();
    let sign_in = |token: &str| {
        Request::post("/api/sign-in")
            .header("content-type", "application/json")
            .header("x-csrf-token", token)
            .body(Body::from(json!({ "username": "demo", "password": DEMO_PASSWORD }).to_string()))
            .unwrap()
    };
    let r = c.send(sign_in(&csrf)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let session = r.set_cookies().into_iter().find(|s| s.starts_with("__Host-hmis_session=")).expect("a __Host- session cookie");
    for attribute in ["; Secure", "; Path=/", "; HttpOnly", "SameSite=Strict"] {
        assert!(session.contains(attribute), "{session}");
    }
    assert!(!session.contains("Domain"));
    assert_eq!(c.get("/api/session").await.json["signedIn"], true);
    // A cookie under the plain name (one a sibling subdomain could plant) is not the token.
    let mut planted = h.client();
    planted.jar.insert("hmis_csrf".to_owned(), csrf.clone());
    assert_eq!(planted.send(sign_in(&csrf)).await.status, 403);
    let r = c.post_form("/api/sign-out", &[("csrfToken", &csrf)], &[]).await;
    assert_eq!(r.status, 200);
    assert!(r.set_cookies().iter().any(|s| s.starts_with("__Host-hmis_session=;") && s.contains("Max-Age=0")));
}

fn report(document: &str, directive: &str) -> Request<Body> {
    let body = json!({ "csp-report": {
        "document-uri": document,
        "violated-directive": directive,
        "effective-directive": directive,
        "blocked-uri": "inline",
        "source-file": "http://127.0.0.1:8080/pkg/hmis-onboard.js?v=1",
        "line-number": 12,
        "script-sample": "alert('Secret-Sample-1')",
    }});
    Request::post("/csp-report").header("content-type", "application/csp-report").body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn csp_reports_go_to_the_log_cut_down_and_cannot_be_read_back() {
    let h = Harness::new();
    let mut c = h.client();
    assert_eq!(c.get("/csp-reports").await.status, 404, "nothing to read in a normal run");
    let r = c.send(report("http://127.0.0.1:8080/forgot.html?resetToken=Secret-Token-9#x", "script-src-elem\nFAKE LOG LINE")).await;
    assert_eq!(r.status, 204);
    let lines: Vec<String> = h.logs.lock().unwrap().iter().filter(|l| l.starts_with("csp-report: ")).cloned().collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = &lines[0];
    assert!(line.contains("script-src-elem_FAKE_LOG_LINE blocked inline on http://127.0.0.1:8080/forgot.html"), "{line}");
    assert!(line.contains("hmis-onboard.js:12"), "{line}");
    for secret in ["Secret-Token-9", "Secret-Sample-1", "v=1", "\n"] {
        assert!(!line.contains(secret), "{secret:?} in {line}");
    }
    assert_eq!(c.get("/csp-reports").await.status, 404);
    let long = format!("http://127.0.0.1:8080/{}", "a".repeat(1000));
    c.send(report(&long, "img-src")).await;
    let last = h.logs.lock().unwrap().iter().rfind(|l| l.starts_with("csp-report: ")).cloned().unwrap();
    assert!(last.contains(&"a".repeat(150)) && !last.contains(&"a".repeat(200)), "each field cut to 200 characters: {last}");
    let big = Request::post("/csp-report").body(Body::from(vec![b'x'; 9 * 1024])).unwrap();
    assert_eq!(c.send(big).await.status, 413);
}

#[tokio::test]
async fn csp_reports_are_logged_at_most_so_many_a_minute() {
    let h = Harness::new();
    let mut c = h.client();
    let logged = || h.logs.lock().unwrap().iter().filter(|l| l.starts_with("csp-report: ")).count();
    for _ in 0..PER_MINUTE + 30 {
        assert_eq!(c.send(report("http://127.0.0.1:8080/", "img-src")).await.status, 204);
    }
    assert_eq!(PER_MINUTE, 20, "as docs/api.md says");
    assert_eq!(logged(), PER_MINUTE as usize + 1, "the quota, and one line saying the rest are dropped");
    h.clock.advance(60);
    c.send(report("http://127.0.0.1:8080/", "img-src")).await;
    assert_eq!(logged(), PER_MINUTE as usize + 2, "a new minute, a new quota");
}

#[tokio::test]
async fn the_test_flag_exposes_csp_reports() {
    let h = Harness::with(|s| s.expose_csp_reports = true);
    let mut c = h.client();
    c.send(report("http://127.0.0.1:8080/", "img-src")).await;
    let kept = c.get("/csp-reports").await;
    assert_eq!(kept.status, 200);
    assert_eq!(kept.json.as_array().unwrap().len(), 1);
    let args = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(hmis_onboard_server::parse_args(args(&["--expose-csp-reports"]), |_| None).unwrap().settings.expose_csp_reports);
    assert!(!hmis_onboard_server::parse_args(args(&[]), |_| None).unwrap().settings.expose_csp_reports);
}

//! `make load`: the reference backend as a separate process on loopback, under load.
//!
//! 1. 200 accounts with temporary passwords sign in at once, accept the terms and choose a new
//!    password: every request must succeed, and afterwards every account must hold exactly
//!    what its owner sent (no lost or doubled write).
//! 2. 1,000 requests that verify no password (session reads, 100 at a time, over those 200
//!    sessions): every one must succeed.
//! 3. 40 wrong passwords for one account at once: exactly `lockout attempts` of them may be
//!    checked before the account locks; the rest must be refused unchecked (locked, or over
//!    the per-user rate).
//! 4. 60 right passwords for one account at once: the per-user rate limit (20 a minute) must
//!    let 20 through, plus what its bucket refills while the burst lasts.
//!
//! Latencies (p50/p99 per kind of request) go to stdout, with one `load: N passed, M failed`
//! line at the end. Start it with `cargo run --release -p hmis-onboard-server --example load`
//! after `make server` (it runs `target/release/hmis-onboard-server`).

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hmis_onboard_server::accounts::Service;
use hmis_onboard_server::store::Store;
use hmis_onboard_server::{Clock, Settings};
use hyper::{header, Method, Request};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, BufReader};

const ACCOUNTS: usize = 200;
const READS: usize = 1_000;
const READS_AT_ONCE: usize = 100;
const TEMPORARY: &str = "Temp-Load-2024!";
const LOCKOUT_ATTEMPTS: u32 = 5;
const USER_RATE: u32 = 20;

type Http = Client<HttpConnector, Full<Bytes>>;

/// Every response's latency, by kind of request.
#[derive(Default)]
struct Timings(Mutex<BTreeMap<&'static str, Vec<Duration>>>);

impl Timings {
    fn add(&self, kind: &'static str, took: Duration) {
        self.0.lock().unwrap().entry(kind).or_default().push(took);
    }
}

/// One browser: its cookies (CSRF and session) and the server it talks to.
struct Browser {
    http: Http,
    base: String,
    cookies: BTreeMap<String, String>,
}

impl Browser {
    fn new(http: &Http, base: &str) -> Browser {
        Browser { http: http.clone(), base: base.to_owned(), cookies: BTreeMap::new() }
    }

    async fn send(&mut self, timings: &Timings, kind: &'static str, method: Method, path: &str, body: Option<Value>) -> Result<(u16, Value), String> {
        let cookie = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
        let mut request = Request::builder().method(method).uri(format!("{}{path}", self.base)).header(header::COOKIE, cookie);
        if let Some(csrf) = self.cookies.get("hmis_csrf") {
            request = request.header("X-CSRF-Token", csrf);
        }
        let body = match body {
            Some(body) => {
                request = request
                    .header(header::CONTENT_TYPE, "application/json")
                    .header("Idempotency-Key", format!("{:x}", rand_key()));
                Full::new(Bytes::from(body.to_string()))
            }
            None => Full::new(Bytes::new()),
        };
        let started = Instant::now();
        let response = self.http.request(request.body(body).unwrap()).await.map_err(|e| format!("{kind}: {e}"))?;
        let status = response.status().as_u16();
        for set in response.headers().get_all(header::SET_COOKIE) {
            if let Some((name, value)) = set.to_str().unwrap_or("").split(';').next().and_then(|p| p.split_once('=')) {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let bytes = response.into_body().collect().await.map_err(|e| format!("{kind}: {e}"))?.to_bytes();
        timings.add(kind, started.elapsed());
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Ok((status, json))
    }
}

fn rand_key() -> u128 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    let n = NEXT.fetch_add(1, Ordering::Relaxed) as u128;
    n * 0x9e37_79b9_7f4a_7c15_f39c_c060_5ced_c834 ^ std::process::id() as u128
}

/// Each account's new password: its own, and unlike its username.
fn new_password(i: usize) -> String {
    format!("Harbor-Kite-{i:03}-Maple!")
}

struct Checks {
    passed: usize,
    failed: usize,
}

impl Checks {
    fn check(&mut self, ok: bool, what: String) {
        if ok {
            self.passed += 1;
            println!("ok    {what}");
        } else {
            self.failed += 1;
            println!("FAIL  {what}");
        }
    }
}

#[tokio::main]
async fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let binary = root.join("target/release/hmis-onboard-server");
    if !binary.is_file() {
        eprintln!("{} is missing: run `make server` first", binary.display());
        std::process::exit(2);
    }
    let dir = std::env::temp_dir().join(format!("hmis-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("load.sqlite3");
    let db_text = db.to_str().unwrap().to_owned();

    // The accounts, hashed with the server's real (OWASP) parameters, before the server starts.
    let created = Instant::now();
    let settings = Settings { db: db_text.clone(), ..Settings::default() };
    let service = Arc::new(Service::new(settings, Clock::system()).expect("opening the database"));
    let mut makers = Vec::new();
    for part in 0..2 {
        let service = service.clone();
        makers.push(std::thread::spawn(move || {
            for i in (part..ACCOUNTS + 2).step_by(2) {
                service.create_user(&format!("load-{i:03}"), TEMPORARY).expect("creating an account");
            }
        }));
    }
    makers.into_iter().for_each(|t| t.join().unwrap());
    drop(service);
    println!("{} accounts created in {:.1} s", ACCOUNTS + 2, created.elapsed().as_secs_f64());

    let mut child = tokio::process::Command::new(&binary)
        .args(["--port", "0", "--www"])
        .arg(root.join("www"))
        .arg("--pkg")
        .arg(root.join("pkg"))
        .args(["--db", &db_text, "--rate-ip", "100000/60", "--rate-user", &format!("{USER_RATE}/60")])
        .args(["--lockout-attempts", &LOCKOUT_ATTEMPTS.to_string(), "--demo-user", "load-demo"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("starting the server");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next_line().await.unwrap().unwrap_or_default();
    let base = first.trim_start_matches("hmis-onboard demo: ").trim_end_matches('/').to_owned();
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });

    let http: Http = Client::builder(TokioExecutor::new()).pool_max_idle_per_host(256).build_http();
    let timings = Arc::new(Timings::default());
    let mut checks = Checks { passed: 0, failed: 0 };

    // 1. Every account's first login at once.
    let started = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..ACCOUNTS {
        let (http, base, timings) = (http.clone(), base.clone(), timings.clone());
        tasks.push(tokio::spawn(async move {
            let mut b = Browser::new(&http, &base);
            let username = format!("load-{i:03}");
            let mut statuses = Vec::new();
            statuses.push(b.send(&timings, "GET /api/session (new browser)", Method::GET, "/api/session", None).await?.0);
            let sign_in = json!({"username": username, "password": TEMPORARY});
            statuses.push(b.send(&timings, "POST /api/sign-in", Method::POST, "/api/sign-in", Some(sign_in)).await?.0);
            let terms = json!({"termsVersion": hmis_onboard_server::settings::DEFAULT_TERMS_VERSION});
            statuses.push(b.send(&timings, "POST /api/terms", Method::POST, "/api/terms", Some(terms)).await?.0);
            let change = json!({"currentPassword": TEMPORARY, "newPassword": new_password(i)});
            statuses.push(b.send(&timings, "POST /api/password", Method::POST, "/api/password", Some(change)).await?.0);
            Ok::<_, String>((b, statuses))
        }));
    }
    let mut browsers = Vec::new();
    let mut errors = Vec::new();
    for task in tasks {
        match task.await.unwrap() {
            Ok((b, statuses)) if statuses.iter().all(|s| *s == 200) => browsers.push(b),
            Ok((_, statuses)) => errors.push(format!("statuses {statuses:?}")),
            Err(e) => errors.push(e),
        }
    }
    let journeys = started.elapsed();
    checks.check(errors.is_empty(), format!("{ACCOUNTS} first logins at once (sign-in, terms, new password): {} errors {:?}", errors.len(), errors.iter().take(3).collect::<Vec<_>>()));

    // 2. Reads that verify no password.
    let started = Instant::now();
    let browsers = Arc::new(browsers.into_iter().map(tokio::sync::Mutex::new).collect::<Vec<_>>());
    let failures = Arc::new(Mutex::new(Vec::new()));
    let mut workers = Vec::new();
    for w in 0..READS_AT_ONCE {
        let (browsers, timings, failures) = (browsers.clone(), timings.clone(), failures.clone());
        workers.push(tokio::spawn(async move {
            for n in (w..READS).step_by(READS_AT_ONCE) {
                if browsers.is_empty() {
                    break;
                }
                let mut b = browsers[n % browsers.len()].lock().await;
                match b.send(&timings, "GET /api/session (signed in)", Method::GET, "/api/session", None).await {
                    Ok((200, body)) if body["signedIn"] == json!(true) => {}
                    Ok((status, body)) => failures.lock().unwrap().push(format!("{status} {body}")),
                    Err(e) => failures.lock().unwrap().push(e),
                }
            }
        }));
    }
    for w in workers {
        w.await.unwrap();
    }
    let reads = started.elapsed();
    let failures = failures.lock().unwrap().clone();
    checks.check(failures.is_empty() && !browsers.is_empty(), format!("{READS} session reads, {READS_AT_ONCE} at a time: {} errors {:?}", failures.len(), failures.iter().take(3).collect::<Vec<_>>()));

    // 3. Guessing one account's password from 40 browsers at once.
    let victim = format!("load-{ACCOUNTS:03}");
    let (statuses, _) = at_once(&http, &base, &timings, 40, "POST /api/sign-in (wrong, one account)", json!({"username": victim, "password": "Wrong-Guess-1!"})).await;
    let checked = statuses.iter().filter(|s| **s == 401).count() + 1; // the one that locked it answered 423
    checks.check(
        checked == LOCKOUT_ATTEMPTS as usize && statuses.iter().all(|s| [401, 423, 429].contains(s)),
        format!("40 wrong passwords at once for one account: {checked} checked before it locked (limit {LOCKOUT_ATTEMPTS}); statuses {}", histogram(&statuses)),
    );

    // 4. The per-user rate limit, from 60 browsers at once, with the right password.
    let busy = format!("load-{:03}", ACCOUNTS + 1);
    let (statuses, took) = at_once(&http, &base, &timings, 60, "POST /api/sign-in (one account, rate limited)", json!({"username": busy, "password": TEMPORARY})).await;
    let through = statuses.iter().filter(|s| **s != 429).count();
    // The bucket refills as the minute goes on (the server counts whole seconds), so the few
    // seconds the burst takes may let one or two more through; never more than that.
    let refill = ((took.as_secs_f64().ceil() + 1.0) * f64::from(USER_RATE) / 60.0).floor() as usize;
    checks.check(
        (USER_RATE as usize..=USER_RATE as usize + refill).contains(&through) && statuses.iter().all(|s| *s == 200 || *s == 429),
        format!(
            "60 sign-ins at once for one account: {through} let through (limit {USER_RATE} a minute, +{refill} refilled in the {:.1} s it took); statuses {}",
            took.as_secs_f64(),
            histogram(&statuses)
        ),
    );

    child.kill().await.ok();
    child.wait().await.ok();

    // Every write is there, exactly as sent.
    let store = Store::open(&db_text).expect("reopening the database");
    let hasher = hmis_onboard_server::hashing::Hasher::new(hmis_onboard_server::HashCost::OWASP).unwrap();
    let mut wrong = Vec::new();
    for i in 0..ACCOUNTS {
        let user = store.find_user(&format!("load-{i:03}")).unwrap().unwrap();
        let ok = !user.must_change_password
            && user.terms_version.as_deref() == Some(hmis_onboard_server::settings::DEFAULT_TERMS_VERSION)
            && hasher.verify(&new_password(i), &user.password_hash);
        if !ok {
            wrong.push(user.username);
        }
    }
    checks.check(wrong.is_empty(), format!("{ACCOUNTS} accounts hold their new password and the accepted terms: {} do not {:?}", wrong.len(), wrong.iter().take(5).collect::<Vec<_>>()));
    let _ = std::fs::remove_dir_all(&dir);

    println!();
    println!("{ACCOUNTS} first logins took {:.2} s in all; {READS} reads {:.2} s ({:.0} requests/s)", journeys.as_secs_f64(), reads.as_secs_f64(), READS as f64 / reads.as_secs_f64());
    println!();
    println!("| request | n | p50 | p99 | max |");
    println!("|---|---:|---:|---:|---:|");
    for (kind, mut times) in timings.0.lock().unwrap().clone() {
        times.sort();
        let at = |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1e3);
        println!("| {kind} | {} | {} | {} | {} |", times.len(), ms(at(0.5)), ms(at(0.99)), ms(*times.last().unwrap()));
    }
    println!();
    println!("load: {} passed, {} failed", checks.passed, checks.failed);
    std::process::exit(if checks.failed == 0 { 0 } else { 1 });
}

/// `n` fresh browsers POST `body` to sign-in at the same moment; their statuses.
async fn at_once(http: &Http, base: &str, timings: &Arc<Timings>, n: usize, kind: &'static str, body: Value) -> (Vec<u16>, Duration) {
    let mut browsers = Vec::new();
    for _ in 0..n {
        let mut b = Browser::new(http, base);
        b.send(timings, "GET /api/session (new browser)", Method::GET, "/api/session", None).await.expect("a CSRF cookie");
        browsers.push(b);
    }
    let gate = Arc::new(tokio::sync::Barrier::new(n));
    let started = Instant::now();
    let tasks: Vec<_> = browsers
        .into_iter()
        .map(|mut b| {
            let (gate, timings, body) = (gate.clone(), timings.clone(), body.clone());
            tokio::spawn(async move {
                gate.wait().await;
                b.send(&timings, kind, Method::POST, "/api/sign-in", Some(body)).await.map(|r| r.0).unwrap_or(0)
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    (statuses, started.elapsed())
}

fn histogram(statuses: &[u16]) -> String {
    let mut counts = BTreeMap::new();
    for s in statuses {
        *counts.entry(*s).or_insert(0) += 1;
    }
    counts.iter().map(|(s, n)| format!("{n}×{s}")).collect::<Vec<_>>().join(", ")
}

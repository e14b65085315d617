//! The hmis-onboard demo server: serves `www/` and `pkg/` with the headers a strict HMIS site
//! would send, and the form posts the demo pages make. It grows into the reference HMIS backend
//! (accounts, sessions, recovery, 2-step) in the next milestone; today it checks no
//! credentials and stores nothing, and says so on its pages.
//!
//! Usage: hmis-onboard-server [--host 127.0.0.1] [--port 8080] [--www www] [--pkg pkg]
//! (`PORT` also sets the port; port 0 picks a free one; the URL is printed on the first line.)

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::Router;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use tower::ServiceExt;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy the demo pages are served under: the strictest one the widget must work with.
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Pages under this prefix are the same pages with every `.wasm` file missing, to show (and
/// test) what a host page does when the widget cannot load.
const NO_WASM_PREFIX: &str = "/no-wasm";

struct Dirs {
    www: PathBuf,
    pkg: PathBuf,
}

struct Options {
    host: String,
    port: u16,
    dirs: Dirs,
}

fn parse_args() -> Result<Options, String> {
    let mut options = Options {
        host: "127.0.0.1".to_owned(),
        port: match std::env::var("PORT") {
            Ok(p) => p.parse().map_err(|_| format!("PORT: expected a port number, got {p:?}"))?,
            Err(_) => 8080,
        },
        dirs: Dirs { www: "www".into(), pkg: "pkg".into() },
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--host" => options.host = value()?,
            "--port" => {
                let v = value()?;
                options.port = v.parse().map_err(|_| format!("--port: expected a port number, got {v:?}"))?;
            }
            "--www" => options.dirs.www = value()?.into(),
            "--pkg" => options.dirs.pkg = value()?.into(),
            "--help" | "-h" => {
                return Err("usage: hmis-onboard-server [--host H] [--port N] [--www DIR] [--pkg DIR]".to_owned())
            }
            other => return Err(format!("unknown argument {other:?} (try --help)")),
        }
    }
    Ok(options)
}

#[tokio::main]
async fn main() {
    let options = match parse_args() {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    for (name, dir) in [("--www", &options.dirs.www), ("--pkg", &options.dirs.pkg)] {
        if !dir.is_dir() {
            eprintln!("warning: {name} {} is not a directory (run `make build` for pkg/)", dir.display());
        }
    }
    let listener = match tokio::net::TcpListener::bind((options.host.as_str(), options.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {}:{}: {e}", options.host, options.port);
            std::process::exit(1);
        }
    };
    let addr = listener.local_addr().expect("a bound socket has an address");
    println!("hmis-onboard demo: http://{addr}/");
    let _ = std::io::stdout().flush();
    let app = app(options.dirs);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
        eprintln!("server error: {e}");
        std::process::exit(1);
    }
}

fn app(dirs: Dirs) -> Router {
    let header = |name, value: &'static str| SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value));
    Router::new()
        .route("/sign-in", post(sign_in))
        .route("/change-password", post(change_password))
        .fallback(static_file)
        .with_state(Arc::new(dirs))
        .layer(header(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::CACHE_CONTROL, "no-cache"))
}

/// The demo's sign-in goes on to the "change your temporary password" page, as a first login
/// does. Credentials are not checked yet: accounts arrive with the reference backend.
async fn sign_in() -> Redirect {
    Redirect::to("/change-password.html")
}

/// The host's own form post, which the widget lets through once every rule is met.
async fn change_password() -> Redirect {
    Redirect::to("/password-changed.html")
}

async fn static_file(State(dirs): State<Arc<Dirs>>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let (path, without_wasm) = match path.strip_prefix(NO_WASM_PREFIX) {
        Some(rest) if rest.starts_with('/') => (rest.to_owned(), true),
        _ => (path, false),
    };
    if without_wasm && path.ends_with(".wasm") {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    }
    let (dir, path) = match path.strip_prefix("/pkg/") {
        Some(rest) => (&dirs.pkg, format!("/{rest}")),
        None => (&dirs.www, path),
    };
    let Ok(uri) = path.parse::<Uri>() else {
        return (StatusCode::BAD_REQUEST, "bad path").into_response();
    };
    let (mut parts, body) = request.into_parts();
    parts.uri = uri;
    let request = Request::from_parts(parts, body);
    match ServeDir::new(dir).oneshot(request).await {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    }
}

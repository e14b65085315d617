//! `hmis-onboard-server`: the reference HMIS backend and the demo's web server.
//!
//! The first line on stdout is always `hmis-onboard demo: http://ADDR/` (tests read it); the
//! demo account follows. The access log goes to stderr. `--help` lists the flags.

use hmis_onboard_server::store::Seeded;
use hmis_onboard_server::settings::listen_origins;
use hmis_onboard_server::{build, parse_args, Clock, Log};
use std::io::Write;
use std::net::SocketAddr;

#[tokio::main]
async fn main() {
    let options = match parse_args(std::env::args().skip(1), |name| std::env::var(name).ok()) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let settings = options.settings.clone();
    for (name, dir) in [("--www", &settings.www), ("--pkg", &settings.pkg)] {
        if !dir.is_dir() {
            eprintln!("warning: {name} {} is not a directory (run `make build` for pkg/)", dir.display());
        }
    }
    // Listening first: the default public origin is the address actually bound (--port 0).
    let listener = match tokio::net::TcpListener::bind((options.host.as_str(), options.port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {}:{}: {e}", options.host, options.port);
            std::process::exit(1);
        }
    };
    let addr = listener.local_addr().expect("a bound socket has an address");
    let mut server_settings = options.settings;
    if server_settings.origins.is_empty() {
        if addr.ip().is_unspecified() {
            eprintln!("warning: listening on {addr} without --origin: posts from pages are refused until --origin names their origin");
        }
        server_settings.origins = listen_origins(addr);
    }
    let app = match tokio::task::spawn_blocking(move || build(server_settings, Clock::system(), Log::stderr())).await {
        Ok(Ok(app)) => app,
        Ok(Err(message)) => {
            eprintln!("cannot start: {message}");
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("cannot start: {e}");
            std::process::exit(1);
        }
    };
    println!("hmis-onboard demo: http://{addr}/");
    match app.demo {
        Seeded::Kept => println!(
            "demo account: username {:?} (its owner changed the temporary password; --reset-demo restores it)",
            settings.demo_user
        ),
        _ => println!(
            "demo account: username {:?}, temporary password {:?} (must be changed at first sign-in)",
            settings.demo_user, settings.demo_password
        ),
    }
    println!("database: {}", settings.db);
    let _ = std::io::stdout().flush();
    // Ctrl-C or SIGTERM (what scripts and test harnesses send) let requests in flight finish.
    let shutdown = async {
        #[cfg(unix)]
        {
            let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
            let terminated = async {
                match term.as_mut() {
                    Some(t) => {
                        t.recv().await;
                    }
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminated => {}
            }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
    };
    let service = app.router.into_make_service_with_connect_info::<SocketAddr>();
    if let Err(e) = axum::serve(listener, service).with_graceful_shutdown(shutdown).await {
        eprintln!("server error: {e}");
        std::process::exit(1);
    }
}

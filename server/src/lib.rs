//! The reference HMIS backend for hmis-onboard, and the demo's web server.
//!
//! It implements exactly the contract the widget assumes by default (`/api`, documented in
//! docs/api.md), plus a "classic" variant with another shape (`/classic`) over the same
//! accounts, so both the default configuration and a mapped one can be tested for real.
//!
//! - [`accounts`]: what each action does (sign-in, terms, password, recovery, 2-step, forgot).
//! - [`store`]: SQLite, migrations. [`hashing`]: argon2id.
//! - [`dialect`]: the two request/response shapes. [`http`]: routes, cookies, CSRF,
//!   idempotency, rate limits, the access log, static files. [`csp`]: violation reports.

pub mod accounts;
pub mod csp;
pub mod dialect;
pub mod hashing;
pub mod http;
pub mod idempotency;
pub mod limits;
pub mod settings;
pub mod store;
pub mod support;

pub use settings::{parse_args, HashCost, Options, Rate, Settings};
pub use support::{Clock, Log};

use std::sync::Arc;

/// The server, ready to serve: its router and the state behind it.
pub struct App {
    pub router: axum::Router,
    pub state: Arc<http::AppState>,
    /// What seeding the demo account did.
    pub demo: store::Seeded,
}

/// Opens the database (creating and migrating it), seeds the demo account and builds the
/// routes.
pub fn build(settings: Settings, clock: Clock, log: Log) -> Result<App, String> {
    let service = accounts::Service::new(settings, clock.clone())?;
    let demo = service.seed_demo()?;
    let state = Arc::new(http::AppState::new(service, clock, log)?);
    Ok(App { router: http::router(state.clone()), state, demo })
}

//! The reference HMIS backend for hmis-onboard, and the demo's web server.
//!
//! - [`accounts`]: what each action does (sign-in, terms, password, recovery, 2-step, forgot).
//! - [`dialect`]: the two request/response shapes (JSON API, classic forms).
//! - [`store`]: SQLite, migrations. [`hashing`]: argon2id.
//! - [`limits`]: rate limits and decoy lockouts. [`idempotency`]: replays of retried requests.

pub mod accounts;
pub mod dialect;
pub mod hashing;
pub mod idempotency;
pub mod limits;
pub mod settings;
pub mod store;
pub mod support;

pub use settings::{parse_args, HashCost, Options, Rate, Settings};
pub use support::{Clock, Log};

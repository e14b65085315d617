//! The reference HMIS backend for hmis-onboard, and the demo's web server.
//!
//! - [`store`]: SQLite, migrations. [`hashing`]: argon2id.
//! - [`limits`]: rate limits and decoy lockouts. [`idempotency`]: replays of retried requests.

pub mod hashing;
pub mod idempotency;
pub mod limits;
pub mod settings;
pub mod store;
pub mod support;

pub use settings::{parse_args, HashCost, Options, Rate, Settings};
pub use support::{Clock, Log};

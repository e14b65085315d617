//! # hmis-onboard
//!
//! Live password rules, strength and onboarding guidance for HMIS login pages, as a drop-in
//! WebAssembly widget.
//!
//! The crate is a pure core that knows nothing of the browser ([`policy`], [`strength`], [`flow`],
//! [`recovery`], [`totp`], [`backend`],
//! [`verdict`], [`config`], [`messages`]), tested natively, and a thin browser shell (`web`,
//! wasm32 only) that moves data between the DOM and that core:
//!
//! keystroke → `input` event → [`policy::check`] (+ [`strength::estimate`], later) →
//! one [`verdict::Verdict`] → checklist, meter, live region and the `hmis-onboard:verdict` event.

pub mod backend;
pub mod config;
pub mod flow;
pub mod guidance;
pub mod journeys;
pub mod json;
pub mod messages;
pub mod policy;
pub mod recovery;
pub mod strength;
pub mod text;
pub mod totp;
pub mod verdict;

#[cfg(target_arch = "wasm32")]
mod web;
#[cfg(all(target_arch = "wasm32", feature = "widget"))]
pub use web::{attach, Widget};
#[cfg(all(target_arch = "wasm32", feature = "strength"))]
pub use web::estimate_strength;

//! The browser shell: finds the host's fields, renders verdicts, owns every listener.
//!
//! Nothing here decides anything; it reads the DOM into plain values, asks the core, and
//! writes the answer back as text and `data-*` state.

#[cfg(feature = "widget")]
mod entry;
#[cfg(feature = "widget")]
mod estimator;
#[cfg(feature = "widget")]
mod fields;
#[cfg(feature = "journeys")]
mod http;
#[cfg(feature = "journeys")]
mod journey;
#[cfg(feature = "widget")]
mod value;
#[cfg(feature = "widget")]
mod view;
#[cfg(feature = "widget")]
mod widget;
#[cfg(feature = "strength")]
mod worker;

#[cfg(feature = "widget")]
pub use entry::attach;
#[cfg(feature = "widget")]
pub use widget::Widget;
#[cfg(feature = "strength")]
pub use worker::estimate_strength;

//! The machinery under the scenarios: the demo server, the WebDriver drivers, polling, and a
//! `Page` that speaks the widget's DOM contract.
//!
//! Every step returns `Result<_, String>`: a failure is a sentence saying what was expected and
//! what the browser showed, which the harness prints next to the scenario's name.

pub mod a11y;
pub mod browser;
pub mod django;
pub mod journey;
pub mod leaks;
pub mod page;
pub mod proxy;
pub mod server;
pub mod wait;

use fantoccini::error::CmdError;
use std::any::Any;
use std::fmt::Display;
use std::path::PathBuf;

/// The repository root: the tests run with `e2e/` as their working directory, while the demo
/// server and the paths a person passes (`E2E_SCREENSHOT`) are relative to the root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// Adds what was being done to any error, so a failing WebDriver call reads as a sentence.
pub trait Context<T> {
    fn context(self, doing: &str) -> Result<T, String>;
}

/// A WebDriver error is worded by `browser::describe`, the one place that marks the failures
/// of the browser or its driver (the harness runs such a scenario again in a new session).
impl<T, E: Display + 'static> Context<T> for Result<T, E> {
    fn context(self, doing: &str) -> Result<T, String> {
        self.map_err(|e| match (&e as &dyn Any).downcast_ref::<CmdError>() {
            Some(error) => format!("{doing}: {}", browser::describe(error)),
            None => format!("{doing}: {e}"),
        })
    }
}

/// Fails the scenario with a formatted message unless the condition holds.
macro_rules! ensure {
    ($cond:expr, $($message:tt)+) => {
        if !$cond {
            return Err(format!($($message)+));
        }
    };
}

/// Fails the scenario unless `actual == expected`, showing both.
macro_rules! ensure_eq {
    ($actual:expr, $expected:expr, $what:expr) => {
        // A `match` keeps temporaries in the expressions alive for the comparison.
        match (&$actual, &$expected) {
            (actual, expected) => {
                if actual != expected {
                    return Err(format!("{}: expected {:?}, got {:?}", $what, expected, actual));
                }
            }
        }
    };
}

pub(crate) use {ensure, ensure_eq};

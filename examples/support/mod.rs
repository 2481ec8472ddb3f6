//! What the `checkout` and `web_shop` examples share. Not an example itself: cargo builds
//! only `examples/*.rs` and `examples/*/main.rs`, and each of the two includes this folder
//! with `#[path = "support/mod.rs"] mod support;`.
//!
//! - [`order`]: the merchant's own record of an order, and fresh order ids.
//! - [`shop`]: the tutorial-shaped axum shop (`/create_payment`, `/confirm_payment`,
//!   `/cancel`) that `web_shop` serves, and `checkout --serve` too.
//! - [`browser`]: acting as the customer's browser: load LINE Pay's page, press Pay, read
//!   the redirect back to the shop.

use std::error::Error;

pub mod browser;
pub mod order;
pub mod shop;

/// Everything that can go wrong, with its causes; `Send + Sync` so that the shop's handlers
/// can use it too.
pub type BoxError = Box<dyn Error + Send + Sync>;

/// The error on stderr, then each of its causes.
pub fn report(error: &(dyn Error + 'static)) {
    eprintln!("error: {error}");
    let mut cause = error.source();
    while let Some(error) = cause {
        eprintln!("  caused by: {error}");
        cause = error.source();
    }
}

//! What the `checkout` and `web_shop` examples share. Not an example itself: cargo builds
//! only `examples/*.rs` and `examples/*/main.rs`, and each of the two includes this folder
//! with `#[path = "support/mod.rs"] mod support;`.
//!
//! - [`order`]: the merchant's own record of an order, and fresh order ids.
//! - [`shop`]: the tutorial-shaped axum shop (`/create_payment`, `/confirm_payment`,
//!   `/cancel`) that `web_shop` serves, and `checkout --serve` too.
//! - [`browser`]: acting as the customer's browser: load LINE Pay's page, press Pay, read
//!   the redirect back to the shop.
//! - `report.rs`: printing an error with its causes (the `pos` example includes it alone).

pub mod browser;
pub mod order;
mod report;
pub mod shop;

pub use report::{BoxError, report};

//! LINE Pay Online API v3.
//!
//! - [`payments`]: a payment's life, from Request through Confirm, Capture, Void and Refund,
//!   plus Payment Details and Check Payment Status.
//! - [`preapproved`]: pre-approved (recurring) payments with a regKey.
//! - [`models`]: parts several endpoints share (packages, products, pay info, statuses).
//!
//! Everything is also re-exported here, so `linepay_core::api::v3::ConfirmPayment` works.

pub mod models;
pub mod payments;
pub mod preapproved;

pub use models::*;
pub use payments::*;
pub use preapproved::*;

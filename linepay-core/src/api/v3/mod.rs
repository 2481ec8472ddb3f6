//! LINE Pay Online API v3.
//!
//! - [`payments`]: Confirm and Payment Details.

pub mod payments;

pub use payments::{
    ConfirmInfo, ConfirmPayment, PayInfo, PaymentDetail, PaymentDetails, RefundEntry,
};

//! The LINE Pay APIs, one module per version, one file per resource.
//!
//! - [`v3`]: the Online API v3, every endpoint and model.
//! - [`v4`]: the Online API v4, which is v3 under `/v4/` with a few fields changed; it
//!   declares only what differs (the Request body, `paymentProvider` in answers) and reuses
//!   v3 for the rest. Its module documentation has the table of differences.
//!
//! ```
//! use linepay_core::Endpoint;
//! use linepay_core::api::{v3, v4};
//!
//! assert_eq!(v3::RequestPayment::PATH, "/v3/payments/request");
//! assert_eq!(v4::RequestPayment::PATH, "/v4/payments/request");
//! ```

mod rules;
pub mod v3;
pub mod v4;

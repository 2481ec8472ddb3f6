//! linepay: a typed, correctly signed client for the LINE Pay Online API.
//!
//! This facade re-exports [`linepay_core`] (endpoints, signing, models, the sans-IO client)
//! so that one dependency is enough, and with the default `hyper` feature the production
//! transport: [`Client`] is then `linepay_core::Client<HyperTransport>`.
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `hyper` | yes | [`HyperTransport`] (hyper 1 + rustls) and `Client::send` through it |
//!
//! ```
//! use linepay::signing::sign;
//! use linepay::ChannelSecret;
//!
//! let secret = ChannelSecret::new("a917ab6a2367b536f8e5a6e2977e06f4")?;
//! let signature = sign(&secret, "/v3/payments/requests/2021121600698709710/check", b"", "44453d45-768e-40e8-8349-748e797c450f");
//! assert_eq!(signature.as_str(), "uMZVJqsGcJ+V5aCiXrf2Rakxu3/Gb6i2eHVlZ9MXLLY=");
//! # Ok::<(), linepay::InvalidField>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use linepay_core::*;

#[cfg(feature = "hyper")]
pub use linepay_hyper::{HyperError, HyperErrorKind, HyperTransport, HyperTransportBuilder};

/// A LINE Pay client that sends through [`HyperTransport`] unless told otherwise.
///
/// ```
/// let client = linepay::Client::sandbox("1234567890", "a917ab6a2367b536f8e5a6e2977e06f4")?;
/// assert_eq!(client.environment().base_url(), "https://sandbox-api-pay.line.me");
/// # Ok::<(), linepay::InvalidField>(())
/// ```
#[cfg(feature = "hyper")]
pub type Client = linepay_core::Client<HyperTransport>;

/// Declares a LINE Pay endpoint; the same attribute as [`linepay_core::linepay_endpoint`],
/// with generated paths that go through this crate, so depending on `linepay` alone is enough.
///
/// ```
/// use linepay::{linepay_endpoint, Endpoint, TransactionId};
///
/// #[linepay_endpoint(method = "POST", path = "/v3/payments/authorizations/<transactionId>/void", response = ())]
/// pub struct VoidAuthorization {
///     pub transaction_id: TransactionId,
/// }
///
/// assert_eq!(VoidAuthorization::PATH, "/v3/payments/authorizations/<transactionId>/void");
/// ```
pub use linepay_macros::linepay_endpoint_via_facade as linepay_endpoint;

// The README's examples are compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

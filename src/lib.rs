//! linepay: a typed, correctly signed client for the LINE Pay Online API.
//!
//! Every LINE Pay endpoint is a struct (Request, Confirm, Capture, Void, Refund, Payment
//! Details, Check Payment Status, the pre-approved ones); the client validates it, signs
//! exactly the bytes it sends, applies LINE Pay's recommended read timeout, decodes the answer
//! into a typed response or a typed error, retries only what is safe to retry, and recovers
//! the calls that move money when their answer is lost. This facade re-exports
//! [`linepay_core`] (endpoints, signing, models, the sans-IO client) so that one dependency is
//! enough, and with the default `hyper` feature the production transport: [`Client`] is then
//! `linepay_core::Client<HyperTransport>`.
//!
//! # Example
//!
//! A whole payment against linepay-mock, the local LINE Pay this project ships for tests
//! and demos, so it runs offline. Against LINE Pay's sandbox only the client changes:
//! `Client::sandbox("your-channel-id", "your-channel-secret")?`.
//!
//! ```
//! # #[cfg(any(feature = "hyper", feature = "ring"))]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use linepay::api::v3::{ConfirmPayment, Package, Product, RedirectUrls, RequestPayment};
//! use linepay::{Amount, Client, Currency, HyperTransport, OrderId};
//! use linepay_mock::MockServer;
//!
//! let mock = MockServer::start().await?;
//! let client: Client = mock.client_builder().build_with(HyperTransport::new());
//!
//! // 1. Request: LINE Pay answers with the page to send the customer to.
//! let request = RequestPayment::new(
//!     OrderId::new("order-1001")?,
//!     Currency::Twd,
//!     vec![Package::new("shop", vec![Product::new("Green tea", 2, Amount::whole(60))])],
//!     RedirectUrls::new("https://shop.example/linepay/confirm", "https://shop.example/linepay/cancel"),
//! );
//! let info = client.send(&request).await?;
//! println!("send the customer to {}", info.payment_url.web);
//!
//! // 2. The customer presses Pay on that page (here the mock plays the customer).
//! mock.approve(info.transaction_id)?;
//!
//! // 3. Back on your confirmUrl: Confirm, with the amount from your own order record.
//! let paid = client
//!     .send(&ConfirmPayment { transaction_id: info.transaction_id, amount: request.amount, currency: Currency::Twd })
//!     .await?;
//! assert_eq!(paid.transaction_id, info.transaction_id);
//! # Ok(())
//! # }
//! # #[cfg(not(any(feature = "hyper", feature = "ring")))]
//! # fn main() {}
//! ```
//!
//! # Map
//!
//! | Item | What it is for |
//! |---|---|
//! | [`Client`], [`ClientBuilder`] | `Client::sandbox(id, secret)`, `Client::production(..)` or the builder; `send`, and the sans-IO `prepare` / `decode` |
//! | [`api::v3`], [`api::v4`] | the endpoints, their models and validation rules |
//! | [`recovery`] | `confirm_or_recover`, `capture_or_recover`, `refund_or_recover`: when the answer to a call that moves money is lost |
//! | [`retry`] | [`RetryPolicy`], [`RetryBudget`]: which failures are re-sent, and how often |
//! | [`Error`], [`ReturnCode`] | what went wrong, and what LINE Pay's return codes mean ([`ReturnCode::is_in_progress`], [`ReturnCode::is_configuration_error`], …) |
//! | [`Amount`], [`Currency`], [`OrderId`], [`TransactionId`], [`RegKey`] | values that cannot be sent wrong (no `250.0`, no float ids) |
//! | [`Transport`], [`Delivery`] | plug in your own HTTP stack |
//! | [`HyperTransport`] | the default transport: hyper 1, rustls, pooled connections |
//! | [`linepay_endpoint`] | declare an endpoint LINE Pay ships next |
//! | [`signing`] | the signature alone, for other stacks and for debugging `1106` |
//!
//! | Feature | Default | Adds |
//! |---|---|---|
//! | `hyper` | yes | [`HyperTransport`] (hyper 1 + rustls on aws-lc-rs, post-quantum key exchange first) and `Client::send` through it |
//! | `ring` | no | the same transport on rustls' ring provider, for targets where aws-lc does not build (with `default-features = false`) |
//! | `tower` | no | `ServiceTransport`: any `tower::Service` of `http::Request<Bytes>` as the transport |
//! | `server` | no | `IncomingRequest`: a received request decoded back into its endpoint (servers, tests) |
//!
//! # Signing alone
//!
//! ```
//! use linepay::signing::sign;
//! use linepay::ChannelSecret;
//!
//! let secret = ChannelSecret::new("a917ab6a2367b536f8e5a6e2977e06f4")?;
//! // A GET without a query signs the empty string: secret + path + "" + nonce.
//! let signature = sign(&secret, "/v3/payments/requests/2021121600698709710/check", b"", "44453d45-768e-40e8-8349-748e797c450f");
//! assert_eq!(signature.as_str(), "uMZVJqsGcJ+V5aCiXrf2Rakxu3/Gb6i2eHVlZ9MXLLY=");
//! # Ok::<(), linepay::InvalidField>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub use linepay_core::*;

#[cfg(any(feature = "hyper", feature = "ring"))]
pub use linepay_hyper::{HyperError, HyperErrorKind, HyperTransport, HyperTransportBuilder};

/// A LINE Pay client that sends through [`HyperTransport`] unless told otherwise.
///
/// ```
/// let client = linepay::Client::sandbox("1234567890", "a917ab6a2367b536f8e5a6e2977e06f4")?;
/// assert_eq!(client.environment().base_url(), "https://sandbox-api-pay.line.me");
/// # Ok::<(), linepay::InvalidField>(())
/// ```
#[cfg(any(feature = "hyper", feature = "ring"))]
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

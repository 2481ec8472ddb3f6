//! The production transport of linepay: hyper 1, hyper-util's pooled client and rustls.
//!
//! [`HyperTransport`] implements [`linepay_core::Transport`]: plug it into a
//! [`linepay_core::Client`] and every call is signed by the core, sent over a pooled
//! HTTP/1.1 or HTTP/2 connection, and read whole within the endpoint's recommended read
//! timeout. Its [`HyperError`] keeps the full cause chain and says whether the request may
//! have reached LINE Pay ([`Delivery`](linepay_core::Delivery)), which decides whether a
//! payment call may ever be sent again.
//!
//! TLS is rustls with the ring provider and Mozilla's roots compiled in (no OpenSSL, no
//! system CA bundle needed); see [`builder`] for why, and for bringing your own
//! [`rustls::ClientConfig`].
//!
//! ```no_run
//! use linepay_core::{ClientBuilder, Credentials, Environment, TransactionId, api::v3::CheckPaymentStatus};
//! use linepay_hyper::HyperTransport;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = ClientBuilder::new(Credentials::new("1234567890", "channel-secret")?)
//!     .environment(Environment::custom("http://127.0.0.1:8787")?) // a local linepay-mock
//!     .build_with(HyperTransport::new());
//! let status = client
//!     .send(&CheckPaymentStatus { transaction_id: TransactionId::new(2019049910005496810) })
//!     .await?;
//! println!("{status:?}");
//! # Ok(())
//! # }
//! ```
//!
//! - [`transport`]: [`HyperTransport`] and how one call is sent.
//! - [`builder`]: [`HyperTransportBuilder`], the defaults and the TLS choices.
//! - [`error`]: [`HyperError`] and how failures map to `Delivery`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod builder;
mod connect;
pub mod error;
pub mod transport;

pub use builder::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_POOL_IDLE_TIMEOUT,
    HyperTransportBuilder,
};
pub use error::{HyperError, HyperErrorKind};
/// The rustls this crate is built with, for [`HyperTransportBuilder::tls_config`].
pub use rustls;
pub use transport::HyperTransport;

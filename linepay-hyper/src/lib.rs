//! The production transport of linepay: hyper 1, hyper-util's pooled client and rustls.
//!
//! [`HyperTransport`] implements [`linepay_core::Transport`]: plug it into a
//! [`linepay_core::Client`] and every call is signed by the core, sent over a pooled
//! HTTP/1.1 or HTTP/2 connection, and read whole within the endpoint's recommended read
//! timeout. Its [`HyperError`] keeps the full cause chain and says whether the request may
//! have reached LINE Pay ([`Delivery`](linepay_core::Delivery)), which decides whether a
//! payment call may ever be sent again. The facade crate `linepay` uses it by default
//! (`linepay::Client` is `Client<HyperTransport>`); depend on this crate directly when you
//! build on `linepay-core`, or to configure the transport.
//!
//! TLS is rustls with the aws-lc-rs provider (post-quantum hybrid key exchange first; `ring`
//! as an opt-in feature) and Mozilla's roots compiled in (no OpenSSL, no system CA bundle
//! needed); see [`builder`] for why, and for bringing your own [`rustls::ClientConfig`].
//!
//! # Example
//!
//! One Check Payment Status call over HTTP. The server here is a few hidden lines that answer
//! like LINE Pay (`0110`: the customer approved); in your tests, use linepay-mock, the
//! faithful local LINE Pay, and in production [`Environment::Production`](linepay_core::Environment::Production)
//! (HTTPS, same code).
//!
//! ```
//! use linepay_core::api::v3::{CheckPaymentStatus, PaymentStatus};
//! use linepay_core::{ClientBuilder, Credentials, Environment, TransactionId};
//! use linepay_hyper::HyperTransport;
//!
//! # /// Answers one request the way LINE Pay answers Check Payment Status after approval.
//! # async fn stand_in_for_line_pay() -> std::io::Result<String> {
//! #     use tokio::io::{AsyncReadExt, AsyncWriteExt};
//! #     let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! #     let base_url = format!("http://{}", listener.local_addr()?);
//! #     tokio::spawn(async move {
//! #         let (mut stream, _) = listener.accept().await?;
//! #         let mut head = Vec::new();
//! #         while !head.ends_with(b"\r\n\r\n") {
//! #             let mut byte = [0];
//! #             if stream.read(&mut byte).await? == 0 { break; }
//! #             head.push(byte[0]);
//! #         }
//! #         let body = r#"{"returnCode":"0110","returnMessage":"Authorized."}"#;
//! #         let answer = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}", body.len());
//! #         stream.write_all(answer.as_bytes()).await
//! #     });
//! #     Ok(base_url)
//! # }
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let base_url = stand_in_for_line_pay().await?;
//! let client = ClientBuilder::new(Credentials::new("1234567890", "channel-secret")?)
//!     .environment(Environment::custom(&base_url)?) // Environment::Sandbox for LINE Pay's sandbox
//!     .build_with(HyperTransport::new());
//! let status = client
//!     .send(&CheckPaymentStatus { transaction_id: TransactionId::new(2019049910005496810) })
//!     .await?;
//! assert_eq!(status, PaymentStatus::Authorized); // confirm the payment now
//! # Ok(())
//! # }
//! ```
//!
//! # Modules
//!
//! - [`transport`]: [`HyperTransport`] and how one call is sent.
//! - [`builder`]: [`HyperTransportBuilder`], the defaults ([`DEFAULT_CONNECT_TIMEOUT`],
//!   [`DEFAULT_POOL_IDLE_TIMEOUT`], [`DEFAULT_MAX_RESPONSE_BYTES`]) and the TLS choices.
//! - [`error`]: [`HyperError`], [`HyperErrorKind`] and how failures map to `Delivery`.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod builder;
mod connect;
pub mod error;
pub mod transport;

pub use builder::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_POOL_IDLE_TIMEOUT,
    HyperTransportBuilder, default_provider,
};
pub use error::{HyperError, HyperErrorKind};
/// The rustls this crate is built with, for [`HyperTransportBuilder::tls_config`].
pub use rustls;
pub use transport::HyperTransport;

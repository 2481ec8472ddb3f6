//! A faithful local LINE Pay, for tests and offline demos.
//!
//! linepay-mock is not a stub. It checks `X-LINE-ChannelId` and the request signature
//! exactly as LINE Pay does (`1104`, `1106`), decodes every call with the endpoint structs
//! of linepay-core (`2101`, `2102`), validates amounts (`1124`, `1183`, `1184`), keeps a
//! ledger with the whole state machine (request → the customer approves or cancels →
//! confirm → capture or void → refunds; pre-approved regKeys; expiry on a clock tests can
//! move), serves the customer's payment page, and injects faults: delays, connections
//! dropped after the effect, 5xx HTML pages, truncated JSON, chosen return codes; and the
//! worst ones, where the effect is applied and *then* the answer is a 5xx page, a return
//! code such as `9000` or a `0000` whose `info` cannot be read, or where the answer is lost
//! and the effect lands later on the mock's clock ([`FaultKind`]).
//!
//! The mock's clock is shared with the clients it builds ([`MockServer::client_builder`],
//! [`MockClock`]): [`MockServer::advance_clock`] moves expiries, late effects and the
//! clients' recovery deadlines forward together, so tests move time instead of waiting.
//!
//! # Example
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use linepay_core::api::v3::{ConfirmPayment, Package, Product, RedirectUrls, RequestPayment};
//! use linepay_core::{Amount, Currency, OrderId, decode_response};
//! use linepay_mock::{Fault, FaultKind, MockServer, PaymentState, Route};
//! # use tokio::io::{AsyncReadExt, AsyncWriteExt};
//! # /// A bare HTTP/1.1 exchange; real code sends with linepay-hyper or its own stack.
//! # async fn send(mock: &MockServer, request: http::Request<bytes::Bytes>) -> std::io::Result<http::Response<bytes::Bytes>> {
//! #     let mut stream = tokio::net::TcpStream::connect(mock.local_addr()).await?;
//! #     let mut raw = format!("{} {} HTTP/1.1\r\nhost: {}\r\nconnection: close\r\ncontent-length: {}\r\n",
//! #         request.method(), request.uri().path_and_query().unwrap(), mock.local_addr(), request.body().len());
//! #     for (name, value) in request.headers() { raw += &format!("{name}: {}\r\n", value.to_str().unwrap()); }
//! #     stream.write_all(format!("{raw}\r\n").as_bytes()).await?;
//! #     stream.write_all(request.body()).await?;
//! #     let mut answer = Vec::new();
//! #     stream.read_to_end(&mut answer).await?;
//! #     let split = answer.windows(4).position(|w| w == b"\r\n\r\n")
//! #         .ok_or(std::io::ErrorKind::UnexpectedEof)?;
//! #     let status: u16 = String::from_utf8_lossy(&answer[9..12]).parse().unwrap();
//! #     Ok(http::Response::builder().status(status).body(bytes::Bytes::copy_from_slice(&answer[split + 4..])).unwrap())
//! # }
//!
//! let mock = MockServer::start().await?;
//! // A linepay client pointed at the mock (sans-IO here: prepare, send, decode).
//! let client = mock.client_builder().build();
//!
//! let request = RequestPayment::new(
//!     OrderId::new("ORDER-1")?,
//!     Currency::Twd,
//!     vec![Package::new("shop", vec![Product::new("Tea", 1, Amount::whole(100))])],
//!     RedirectUrls::new("https://shop.example/confirm", "https://shop.example/cancel"),
//! );
//! let answer = send(&mock, client.prepare(&request)?).await?;
//! let info = decode_response::<RequestPayment>(&answer)?;
//!
//! // The customer pays on the page at `info.payment_url.web`; or, in a test, directly:
//! let redirect = mock.approve(info.transaction_id)?;
//! let expected = format!("https://shop.example/confirm?transactionId={}&orderId=ORDER-1", info.transaction_id);
//! assert_eq!(redirect.location(), Some(expected.as_str()));
//!
//! // The next Confirm changes the ledger, then the connection drops without an answer.
//! mock.inject(Fault::once(Route::Confirm, FaultKind::DropAfterEffect));
//! let confirm = ConfirmPayment {
//!     transaction_id: info.transaction_id,
//!     amount: Amount::whole(100),
//!     currency: Currency::Twd,
//! };
//! assert!(send(&mock, client.prepare(&confirm)?).await.is_err());
//! assert_eq!(mock.effects(Route::Confirm), 1);
//! assert_eq!(mock.payment(info.transaction_id).unwrap().state, PaymentState::Captured);
//! # mock.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! # What it serves
//!
//! | | |
//! |---|---|
//! | LINE Pay API | the ten Online endpoints of [`Route`] under `/v3/` and `/v4/`, the six Offline ones under `/v4/`; HTTP 200 + JSON envelope |
//! | payment page | `GET /web/payment/{transactionId}` with Pay and Cancel (`paymentUrl.web`) |
//! | admin API | `/__mock/…`: approve, cancel, ledger, My Codes, faults, clock, stats, the request log (JSON, no signature) |
//! | console | `/__mock/console`: payments and their timelines, the request log with why a signature failed, buttons to approve, cancel or fail, move the clock, arm a fault (HTML) |
//!
//! The admin API needs no signature. On a loopback address it is open unless
//! [`MockConfig::admin_token`] is set; on any other address an admin token is required (every
//! admin call then carries it, or gets `401`), or [`MockServer::start_with`] refuses to
//! start. The binary
//! `linepay-mock` runs the same server from the command line
//! (`cargo run -p linepay-mock -- --listen 127.0.0.1:8787`; the crate's README lists the
//! admin API for tests in any language).
//!
//! # Map
//!
//! | Item | What it is for |
//! |---|---|
//! | [`MockServer`] | start and stop; the base URL, credentials and a [`ClientBuilder`](linepay_core::ClientBuilder) pointed at it; play the customer ([`approve`](MockServer::approve), [`cancel`](MockServer::cancel), [`fail`](MockServer::fail)); read the ledger; inject faults; move the clock; count requests, effects and late effects still to land |
//! | [`MockClock`] | the mock's clock as a [`linepay_core::Clock`], for clients |
//! | [`MockConfig`] | address, channel, merchant name, amount limit, approval and authorization windows, refund period, regKey lifetime |
//! | [`Route`], [`Fault`], [`FaultKind`] | which API a fault targets and what it does (delay, drop after the effect, 5xx HTML, truncated JSON, a return code; 5xx HTML, a return code or a malformed `info` after the effect; an effect that lands late) |
//! | [`Transaction`], [`PaymentState`], [`Refund`], [`RegKeyInfo`], [`Origin`], [`ServerConfirmCall`] | one ledger entry and its parts |
//! | [`Redirect`] | where the customer's browser goes after Pay or Cancel |
//! | [`Stats`], [`RouteStats`] | per-route counters of requests and applied effects |
//! | [`MockError`] | why a test-side call ([`approve`](MockServer::approve), …) was refused |
//!
//! # Return codes where LINE Pay's reference is silent
//!
//! | situation | code |
//! |---|---|
//! | Confirm before the customer approved, or after a cancel | `1150` |
//! | Confirm of an expired request (20 minutes) | `1180` |
//! | Confirm of a confirmed payment | `1172` (LINE Pay: "possibly already confirmed") |
//! | Confirm or Capture with another amount or currency; Capture above the authorization | `1153` |
//! | a second state-changing call while the first is in flight (delay fault) | `1198`; `1197` for a regKey |
//! | a call still waiting when the mock's clock passes twice its read timeout since receipt (delay fault) | `9000`, nothing applied |
//! | Capture, Void or Refund in the wrong state | `1179`; Void twice `1165`; expired authorization `1180` |
//! | Refund of a refund transaction | `1155` |
//! | a parameter that breaks a rule linepay-core refuses (see `linepay_core::validation`) | `2101` |
//! | Request total ≠ packages' sum, `branchId` over 32 characters (LINE Pay takes both) | accepted |
//! | unknown API path | HTTP 404 with a `2101` envelope; a wrong method, HTTP 405 |
//! | Check Payment Status of an unknown id | `1150` |
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod admin;
mod approval;
mod auth;
mod clock;
mod config;
mod console;
mod error;
mod faults;
mod late;
mod ledger;
mod notify;
mod pipeline;
mod redirect;
mod rejection;
mod reply;
mod requests;
mod route;
mod server;
mod socketless;
mod state;
mod stats;
mod transaction;
mod validate;

pub use clock::MockClock;
pub use config::{
    APPROVAL_WINDOW, AUTHORIZATION_WINDOW, AdminToken, DEFAULT_CHANNEL_ID, DEFAULT_CHANNEL_SECRET,
    MockConfig,
};
pub use error::MockError;
pub use faults::{Fault, FaultKind};
pub use ledger::{Country, Customer, CustomerPays, ONE_TIME_KEY_LIFETIME};
pub use redirect::Redirect;
pub use requests::{LoggedCall, LoggedHeader, SignatureReport, SignedPart};
pub use route::{Route, UnknownRoute};
pub use server::MockServer;
#[doc(hidden)]
pub use socketless::SocketlessMock;
pub use stats::{RouteStats, Stats};
pub use transaction::{
    Origin, PaymentState, Refund, RegKeyInfo, ServerConfirmCall, TimelineEntry, Transaction,
};

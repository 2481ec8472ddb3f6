//! LINE Pay Online API v4: v3 under `/v4/`, with a few fields changed.
//!
//! v4 has v3's ten endpoints with v3's methods, read timeouts, return codes and rules. Every
//! endpoint whose body is the same is declared once, in [`api::v3`](crate::api::v3), with
//! its path in each version (`path(v3 = "/v3/…", v4 = "/v4/…")`), and re-exported here; the
//! client's [`ApiVersion`](crate::ApiVersion) picks the path. Only Request, whose body
//! differs, has a declaration of its own here ([`RequestPayment`], v4 only):
//!
//! | | v3 ([`api::v3`](crate::api::v3)) | v4 (this module) |
//! |---|---|---|
//! | paths | `/v3/payments/…` | `/v4/payments/…`, same endpoints |
//! | `packages[].userFee` (Request) | a fee on top; `amount` = Σ `packages[].amount` + Σ `userFee` | gone: [`Package`] has no `user_fee`; `amount` = Σ `packages[].amount` |
//! | `options.familyService` (Request) | offer to befriend a LINE account | gone: [`RequestOptions`] has none |
//! | `options.shipping` (Request, legacy Checkout) | kept for older integrations | not declared (in no v4 documentation) |
//! | `options.regPayRequest` (Request) | — | [`RegPayRequest`]: the schedule of a pre-approved payment |
//! | `paymentProvider` (answers) | `None` | `TSP` or `EPI` ([`PaymentProvider`]) in Confirm, Capture, Payment Details and Pay Preapproved: the `payment_provider` of the shared answer types |
//!
//! A client refuses, before anything is sent, an endpoint its version does not have (a v4
//! Request on a v3 client) with [`Rule::NotInVersion`](crate::Rule::NotInVersion).
//!
//! Sources: the value sets and rules of `regPayRequest` and the answers that carry
//! `paymentProvider` follow a field-level transcription of LINE Pay's v4 pages (the older
//! summaries name only Confirm and Payment Details; the v4 pages add Capture and Pay
//! Preapproved). A `null` or missing `paymentProvider` means TSP
//! (`payment_provider.unwrap_or_default()`).
//!
//! [Recovery](crate::recovery), retries and tracing take the same types in every version: a
//! lost v4 Confirm is recovered from v4's Payment Details, `paymentProvider` included
//! ([`Confirmation::payment_provider`](crate::recovery::Confirmation::payment_provider);
//! `tests/client/api_v4.rs`, `a_lost_v4_confirm_is_recovered_as_a_v4_confirm`).
//!
//! ```
//! use linepay_core::api::v4::{ConfirmPayment, PaymentProvider};
//! use linepay_core::{Amount, ApiVersion, Client, Credentials, Currency, TransactionId};
//!
//! let client: Client = Client::builder(Credentials::new("1234567890", "your-channel-secret")?)
//!     .api_version(ApiVersion::V4)
//!     .build();
//! let confirm = ConfirmPayment {
//!     transaction_id: TransactionId::new(2018082512345678910),
//!     amount: Amount::whole(1000),
//!     currency: Currency::Twd,
//! };
//! assert_eq!(client.prepare(&confirm)?.uri().path(), "/v4/payments/2018082512345678910/confirm");
//!
//! let answer = http::Response::new(bytes::Bytes::from_static(br#"{"returnCode":"0000","returnMessage":"OK","info":{
//!     "orderId":"MKSI_M_20180904_1000001","transactionId":2018082512345678910,
//!     "payInfo":[{"method":"CREDIT_CARD","amount":900},{"method":"POINT","amount":100}],
//!     "paymentProvider":"EPI"}}"#));
//! let info = client.decode::<ConfirmPayment>(&answer)?;
//! assert_eq!(info.transaction_id.get(), 2018082512345678910);
//! assert_eq!(info.payment_provider, Some(PaymentProvider::Epi));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod models;
pub mod payments;
pub mod preapproved;

pub use models::*;
pub use payments::*;
pub use preapproved::*;

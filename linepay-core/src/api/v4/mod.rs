//! LINE Pay Online API v4: v3 under `/v4/`, with a few fields changed.
//!
//! v4 has v3's ten endpoints with v3's methods, read timeouts, return codes and rules. Each
//! is declared here with [`linepay_endpoint`](crate::linepay_endpoint) and a `/v4/` path,
//! reusing v3's types and checks wherever v4 is the same; only what differs is declared
//! anew:
//!
//! | | v3 ([`api::v3`](crate::api::v3)) | v4 (this module) |
//! |---|---|---|
//! | paths | `/v3/payments/…` | `/v4/payments/…`, same endpoints |
//! | `packages[].userFee` (Request) | a fee on top; `amount` = Σ `packages[].amount` + Σ `userFee` | gone: [`Package`] has no `user_fee`; `amount` = Σ `packages[].amount` |
//! | `options.familyService` (Request) | offer to befriend a LINE account | gone: [`RequestOptions`] has none |
//! | `options.shipping` (Request, legacy Checkout) | kept for older integrations | not declared (in no v4 documentation) |
//! | `options.regPayRequest` (Request) | — | [`RegPayRequest`]: the schedule of a pre-approved payment |
//! | `paymentProvider` (answers) | — | `TSP` or `EPI` ([`PaymentProvider`]) in Confirm, Capture, Payment Details and Pay Preapproved, as [`WithPaymentProvider`] around v3's answer |
//!
//! Everything else is v3's, re-exported here so that one `use linepay_core::api::v4::…`
//! suffices: [`Product`], [`RedirectUrls`], [`PaymentOptions`], [`RequestInfo`],
//! [`RefundInfo`], [`PaymentStatus`], [`PayInfo`], …. Answers reuse v3's types, so the
//! packages in a Confirm or Payment Details answer are v3's
//! [`Package`](crate::api::v3::Package), whose `user_fee` stays `None` under v4.
//!
//! Sources: the value sets and rules of `regPayRequest` and the answers that carry
//! `paymentProvider` follow a field-level transcription of LINE Pay's v4 pages (the older
//! summaries name only Confirm and Payment Details; the v4 pages add Capture and Pay
//! Preapproved). A `null` or missing `paymentProvider` means TSP
//! ([`WithPaymentProvider::provider`]).
//!
//! # v4 endpoints and [`ApiVersion`](crate::ApiVersion)
//!
//! [`ApiVersion::V4`](crate::ApiVersion::V4) sends the **v3** endpoints under `/v4/` (v3
//! fields, v3 answers). The endpoints here have `/v4/` in their own paths and go there
//! whatever the client's version; use them for `regPayRequest` and `paymentProvider`.
//!
//! [Recovery](crate::recovery) (`confirm_or_recover` and the others) is written against
//! the v3 types. The bodies of Confirm, Capture and Refund and the Payment Details it reads
//! are the same in v4, so a client with [`ApiVersion::V4`](crate::ApiVersion::V4) recovers a
//! v4 payment with them; only `paymentProvider` is then not surfaced (pinned by
//! `tests/client/api_v4.rs`, `a_lost_v4_confirm_is_recovered_by_a_v4_client_with_the_v3_recovery`).
//!
//! ```
//! use linepay_core::api::v4::{ConfirmPayment, PaymentProvider};
//! use linepay_core::{Amount, Client, Credentials, Currency, TransactionId};
//!
//! let client: Client = Client::builder(Credentials::new("1234567890", "your-channel-secret")?).build();
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
//! assert_eq!(info.provider(), &PaymentProvider::Epi);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod models;
pub mod payments;
pub mod preapproved;

pub use models::*;
pub use payments::*;
pub use preapproved::*;

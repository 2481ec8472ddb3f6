//! LINE Pay Offline API v4: a shop's terminal charges the customer's My Code.
//!
//! At a counter, kiosk or vending machine the terminal scans the customer's My Code (a
//! one-time barcode, [`OneTimeKey`](crate::OneTimeKey)) and the merchant's server charges it
//! with [`Pay`]. Every later call names the payment by the merchant's `orderId`, not by
//! LINE Pay's transaction id as the Online API does:
//!
//! | Endpoint | Call | Read timeout |
//! |---|---|---|
//! | [`Pay`] | `POST /v4/payments/oneTimeKeys/pay` | 40 s |
//! | [`CheckOrder`] | `GET /v4/payments/orders/{orderId}/check` | 20 s |
//! | [`Authorizations`] | `GET /v4/payments/authorizations?orderId=…` | 20 s |
//! | [`CaptureOrder`] | `POST /v4/payments/orders/{orderId}/capture` | 20 s |
//! | [`VoidOrder`] | `POST /v4/payments/orders/{orderId}/void` | 20 s |
//! | [`RefundOrder`] | `POST /v4/payments/orders/{orderId}/refund` | 20 s |
//! | [`PaymentDetails`] | `GET /v4/payments?orderId=…` | 20 s |
//!
//! Offline v4 signs exactly as Online v3 and v4 (the same [`Client`](crate::Client), the
//! same credentials); its paths exist only under `/v4/`, so the client is built with
//! [`ApiVersion::V4`](crate::ApiVersion::V4) (a v3 client refuses these endpoints before
//! sending, with [`Rule::NotInVersion`](crate::Rule::NotInVersion)). Payment Details is
//! the Online v4 endpoint itself (the same path), re-exported here.
//!
//! # The terminal
//!
//! LINE Pay identifies the device by two headers, `X-LINE-MerchantDeviceProfileId` (often
//! the terminal's serial number) and `X-LINE-MerchantDeviceType`. Optional by default, a
//! merchant's settings can make them mandatory. Configure them once with
//! [`ClientBuilder::device_headers`](crate::ClientBuilder::device_headers): the client sends
//! both with every call.
//!
//! # When Pay's answer is lost
//!
//! Never pay again: ask [`CheckOrder`] with the same `orderId`.
//! [`Client::pay_or_recover`](crate::Client::pay_or_recover) sends Pay once and, when its
//! answer is lost, polls Check until the payment is settled, never re-sending Pay.
//!
//! # What the documents leave open
//!
//! LINE Pay's v4 response tables could not be read from its own site; the answer types
//! follow a condensed copy of them and field reports, and read what comes: unknown fields
//! are ignored, unknown values of [`OrderStatus`], `payStatus`, `paymentProvider` and pay
//! methods are kept as `Other`, and ids are read as JSON numbers or strings. Check's status
//! values differ between LINE Pay's guide and its pages ([`OrderStatus`] has both). The
//! sub-fields of `packages` and `options` follow the Online v4 shapes.
//!
//! Offline v2 and v2.4, which send the channel secret itself in a header and need the
//! server's IP on an allowlist, are not supported: v4 replaces them.
//!
//! ```
//! use linepay_core::api::offline::{CheckOrder, Pay};
//! use linepay_core::api::v4::{Package, Product};
//! use linepay_core::{Amount, ApiVersion, Client, Credentials, Currency, DeviceHeaders, OneTimeKey, OrderId};
//!
//! let terminal: Client = Client::builder(Credentials::new("1234567890", "your-channel-secret")?)
//!     .api_version(ApiVersion::V4)
//!     .device_headers(DeviceHeaders::new("TPE07-POS-02", "POS")?)
//!     .build();
//! let pay = Pay::new(
//!     OrderId::new("TPE07-20261207-0042")?,
//!     OneTimeKey::from_scan("389253804433039534")?,
//!     Currency::Twd,
//!     vec![Package::new("counter", vec![Product::new("Latte", 1, Amount::whole(120))])],
//! );
//! let request = terminal.prepare(&pay)?;
//! assert_eq!(request.uri().path(), "/v4/payments/oneTimeKeys/pay");
//! assert_eq!(request.headers()["x-line-merchantdeviceprofileid"], "TPE07-POS-02");
//! assert_eq!(request.headers()["x-line-merchantdevicetype"], "POS");
//!
//! let check = terminal.prepare(&CheckOrder { order_id: pay.order_id.clone() })?;
//! assert_eq!(check.uri().path(), "/v4/payments/orders/TPE07-20261207-0042/check");
//! assert_eq!(check.headers()["x-line-merchantdeviceprofileid"], "TPE07-POS-02");
//!
//! // A v3 client has no Offline API.
//! let online: Client = Client::builder(Credentials::new("1234567890", "your-channel-secret")?).build();
//! assert!(online.prepare(&pay).is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod authorizations;
mod capture;
mod pay;
mod refund;
mod status;
mod void;

pub use authorizations::Authorizations;
pub use capture::CaptureOrder;
pub(crate) use pay::total_paid;
pub use pay::{Pay, PayOptions, PaymentInfo};
pub use refund::RefundOrder;
pub use status::{CheckOrder, OrderStatus, OrderStatusInfo};
pub use void::VoidOrder;

/// Payment Details: the Online v4 endpoint, which the Offline API shares (`GET /v4/payments`).
pub use crate::api::v3::PaymentDetails;

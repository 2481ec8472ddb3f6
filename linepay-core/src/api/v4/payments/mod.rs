//! Payments (v4): request, confirm, capture, void, refund, and read their state.
//!
//! Only the Request body ([`RequestPayment`] and its parts) differs from v3. The other
//! endpoints here have v3's fields, rules and timeouts under `/v4/`; Confirm, Capture and
//! Payment Details answer v3's types plus `paymentProvider`.

mod request;

pub use request::*;

use crate::api::rules::{check_id_count, check_refund_amount};
use crate::api::v3;
use crate::api::v4::models::WithPaymentProvider;
use crate::envelope::EnvelopeRef;
use crate::error::InvalidField;
use crate::lenient::OneOrMany;
use crate::linepay_endpoint;
use crate::types::{Amount, Currency, OrderId, TransactionId};
use crate::validation::FieldPath;

pub use crate::api::v3::payments::{
    ConfirmUrlType, DetailFields, DisplayOptions, ExtraOptions, Locale, MAX_PAYMENT_DETAILS_IDS,
    PayType, PaymentOptions, PaymentStatus, PaymentUrl, PromotionRestriction, RedirectUrls,
    RefundEntry, RefundInfo, RequestInfo,
};

/// What Confirm returns in v4: v3's [`ConfirmInfo`](v3::ConfirmInfo) and `paymentProvider`.
///
/// ```
/// use linepay_core::api::v4::{ConfirmInfo, PayMethod, PaymentProvider};
///
/// let info: ConfirmInfo = serde_json::from_str(
///     r#"{"orderId":"O1","transactionId":2018082512345678910,
///         "payInfo":[{"method":"CREDIT_CARD","amount":900},{"method":"POINT","amount":100}],
///         "paymentProvider":"TSP"}"#,
/// )?;
/// assert_eq!(info.pay_info[1].method, PayMethod::Point);
/// assert_eq!(info.payment_provider, Some(PaymentProvider::Tsp));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub type ConfirmInfo = WithPaymentProvider<v3::ConfirmInfo>;

/// What Capture returns in v4: v3's [`CaptureInfo`](v3::CaptureInfo) and `paymentProvider`.
///
/// ```
/// use linepay_core::api::v4::{CaptureInfo, PaymentProvider};
///
/// let info: CaptureInfo = serde_json::from_str(
///     r#"{"transactionId":20140101123123123,"orderId":"order_210124213","payInfo":[],"paymentProvider":"EPI"}"#,
/// )?;
/// assert_eq!(info.provider(), &PaymentProvider::Epi);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub type CaptureInfo = WithPaymentProvider<v3::CaptureInfo>;

/// One transaction in v4's Payment Details: v3's [`PaymentDetail`](v3::PaymentDetail) and
/// `paymentProvider`.
///
/// ```
/// use linepay_core::api::v4::{PaymentDetail, PaymentProvider, TransactionType};
///
/// let detail: PaymentDetail = serde_json::from_str(
///     r#"{"transactionId":2019060112345678910,"transactionType":"PAYMENT","paymentProvider":"TSP"}"#,
/// )?;
/// assert_eq!(detail.transaction_type, Some(TransactionType::Payment));
/// assert_eq!(detail.provider(), &PaymentProvider::Tsp);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub type PaymentDetail = WithPaymentProvider<v3::PaymentDetail>;

/// Confirm the payment the customer approved (v4).
///
/// `POST /v4/payments/{transactionId}/confirm`, read timeout 40 s, not idempotent; body,
/// rules and return codes as v3's [`ConfirmPayment`](v3::ConfirmPayment). The answer adds
/// `paymentProvider` ([`ConfirmInfo`]).
///
/// ```
/// use linepay_core::{Amount, Currency, Endpoint, Payload, TransactionId, api::v4::ConfirmPayment};
///
/// let confirm = ConfirmPayment {
///     transaction_id: TransactionId::new(2019049910005496810),
///     amount: Amount::whole(250),
///     currency: Currency::Twd,
/// };
/// let mut path = String::new();
/// confirm.write_path(&mut path);
/// assert_eq!(path, "/v4/payments/2019049910005496810/confirm");
/// assert_eq!(confirm.payload()?, Payload::Json(r#"{"amount":250,"currency":"TWD"}"#.into()));
/// assert_eq!(ConfirmPayment::READ_TIMEOUT.as_secs(), 40);
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "POST",
    path = "/v4/payments/<transactionId>/confirm",
    response = ConfirmInfo,
    read_timeout = 40,
    validate = Self::validate
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfirmPayment {
    /// The id Request returned (and LINE Pay appended to `confirmUrl`).
    pub transaction_id: TransactionId,
    /// The amount to confirm: the requested amount.
    pub amount: Amount,
    /// The currency of the request.
    pub currency: Currency,
}

impl ConfirmPayment {
    /// As v3: `amount` is positive and expressible in `currency`.
    fn validate(&self) -> Result<(), InvalidField> {
        FieldPath::Root
            .field("amount")
            .money(&self.amount, &self.currency)
    }
}

/// Capture a payment that was confirmed as an authorization only (v4).
///
/// `POST /v4/payments/authorizations/{transactionId}/capture`, read timeout 60 s, not
/// idempotent; body, rules and return codes as v3's [`CapturePayment`](v3::CapturePayment).
/// The answer adds `paymentProvider` ([`CaptureInfo`]).
///
/// ```
/// use linepay_core::{Amount, Currency, Endpoint, TransactionId, api::v4::CapturePayment};
///
/// let capture = CapturePayment {
///     transaction_id: TransactionId::new(2019049910005496810),
///     amount: Amount::whole(80),
///     currency: Currency::Twd,
/// };
/// let mut path = String::new();
/// capture.write_path(&mut path);
/// assert_eq!(path, "/v4/payments/authorizations/2019049910005496810/capture");
/// assert_eq!(CapturePayment::READ_TIMEOUT.as_secs(), 60);
/// assert!(!CapturePayment::IDEMPOTENT);
/// ```
#[linepay_endpoint(
    method = "POST",
    path = "/v4/payments/authorizations/<transactionId>/capture",
    response = CaptureInfo,
    read_timeout = 60,
    validate = Self::validate
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapturePayment {
    /// The authorized payment's id.
    pub transaction_id: TransactionId,
    /// The amount to capture: at most the authorized amount; less cancels the rest.
    pub amount: Amount,
    /// The payment's currency.
    pub currency: Currency,
}

impl CapturePayment {
    /// As v3: `amount` is positive and expressible in `currency`.
    fn validate(&self) -> Result<(), InvalidField> {
        FieldPath::Root
            .field("amount")
            .money(&self.amount, &self.currency)
    }
}

/// Void an authorization that was never captured (v4).
///
/// `POST /v4/payments/authorizations/{transactionId}/void`, read timeout 20 s; sends and
/// signs `{}`, answers `()`, and may be re-sent on `1900`, `1902` and `1999`, all as v3's
/// [`VoidPayment`](v3::VoidPayment).
///
/// ```
/// use linepay_core::{Endpoint, Payload, TransactionId, api::v4::VoidPayment};
///
/// let void = VoidPayment { transaction_id: TransactionId::new(2021121600698709710) };
/// let mut path = String::new();
/// void.write_path(&mut path);
/// assert_eq!(path, "/v4/payments/authorizations/2021121600698709710/void");
/// assert_eq!(void.payload()?, Payload::Json("{}".into()));
/// assert_eq!(VoidPayment::RESEND_ON, ["1900", "1902", "1999"]);
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "POST",
    path = "/v4/payments/authorizations/<transactionId>/void",
    response = (),
    read_timeout = 20,
    resend_on = ["1900", "1902", "1999"],
    decode_with = EnvelopeRef::into_success
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoidPayment {
    /// The authorized (confirmed, not captured) payment's id.
    pub transaction_id: TransactionId,
}

/// Refund a captured payment, in full or in part (v4).
///
/// `POST /v4/payments/{transactionId}/refund`, read timeout 20 s; body, rules, answer
/// ([`RefundInfo`]) and return codes as v3's [`RefundPayment`](v3::RefundPayment),
/// including re-sending on `1900`, `1902` and `1999`.
///
/// ```
/// use linepay_core::{Amount, Endpoint, Payload, TransactionId, api::v4::RefundPayment};
///
/// let id = TransactionId::new(2019049910005496810);
/// assert_eq!(RefundPayment::full(id).payload()?, Payload::Json("{}".into()));
/// let partial = RefundPayment::partial(id, Amount::whole(20));
/// let mut path = String::new();
/// partial.write_path(&mut path);
/// assert_eq!(path, "/v4/payments/2019049910005496810/refund");
/// assert_eq!(partial.payload()?, Payload::Json(r#"{"refundAmount":20}"#.into()));
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "POST",
    path = "/v4/payments/<transactionId>/refund",
    response = RefundInfo,
    read_timeout = 20,
    resend_on = ["1900", "1902", "1999"],
    validate = Self::validate
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundPayment {
    /// The payment to refund.
    pub transaction_id: TransactionId,
    /// How much to refund; `None` refunds the whole (remaining) amount.
    pub refund_amount: Option<Amount>,
}

impl RefundPayment {
    /// A full refund: everything not refunded yet. Sends `{}`.
    ///
    /// ```
    /// use linepay_core::{TransactionId, api::v4::RefundPayment};
    ///
    /// assert_eq!(RefundPayment::full(TransactionId::new(1)).refund_amount, None);
    /// ```
    pub const fn full(transaction_id: TransactionId) -> Self {
        Self {
            transaction_id,
            refund_amount: None,
        }
    }

    /// A partial refund of `refund_amount`. Sends `{"refundAmount": …}`.
    ///
    /// ```
    /// use linepay_core::{Amount, TransactionId, api::v4::RefundPayment};
    ///
    /// let refund = RefundPayment::partial(TransactionId::new(1), Amount::whole(20));
    /// assert_eq!(refund.refund_amount, Some(Amount::whole(20)));
    /// ```
    pub const fn partial(transaction_id: TransactionId, refund_amount: Amount) -> Self {
        Self {
            transaction_id,
            refund_amount: Some(refund_amount),
        }
    }

    /// As v3: `refundAmount`, when given, is positive.
    fn validate(&self) -> Result<(), InvalidField> {
        check_refund_amount(self.refund_amount.as_ref())
    }
}

/// Read confirmed and captured payments by transaction id or order id (v4).
///
/// `GET /v4/payments?transactionId=…&orderId=…`, read timeout 20 s, idempotent; query and
/// rules (1 to [`MAX_PAYMENT_DETAILS_IDS`] ids) as v3's
/// [`PaymentDetails`](v3::PaymentDetails). Each entry adds `paymentProvider`
/// ([`PaymentDetail`]).
///
/// ```
/// use linepay_core::{Endpoint, OrderId, Payload, TransactionId, api::v4::PaymentDetails};
///
/// let details = PaymentDetails {
///     transaction_id: vec![TransactionId::new(2021121600698709710)],
///     order_id: vec![OrderId::new("20211216002")?],
///     fields: None,
/// };
/// assert_eq!(
///     details.payload()?,
///     Payload::Query("transactionId=2021121600698709710&orderId=20211216002".to_owned()),
/// );
/// assert_eq!(PaymentDetails::PATH, "/v4/payments");
/// assert!(PaymentDetails::default().payload().is_err()); // at least one id
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "GET",
    path = "/v4/payments",
    response = Vec<PaymentDetail>,
    read_timeout = 20,
    validate = Self::validate,
    info = OneOrMany<PaymentDetail>
)]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaymentDetails {
    /// Transactions to read (`transactionId`, repeated).
    pub transaction_id: Vec<TransactionId>,
    /// Orders to read (`orderId`, repeated).
    pub order_id: Vec<OrderId>,
    /// Which part of each payment to answer with; `None` asks for all of it.
    pub fields: Option<DetailFields>,
}

impl PaymentDetails {
    /// As v3: at least one id, at most [`MAX_PAYMENT_DETAILS_IDS`] in all.
    fn validate(&self) -> Result<(), InvalidField> {
        check_id_count(self.transaction_id.len() + self.order_id.len())
    }
}

/// Ask where the customer is with a payment you requested (v4).
///
/// `GET /v4/payments/requests/{transactionId}/check`, no query, read timeout 20 s,
/// idempotent; answers a [`PaymentStatus`] carried in the return code, as v3's
/// [`CheckPaymentStatus`](v3::CheckPaymentStatus).
///
/// ```
/// use linepay_core::{Endpoint, Payload, TransactionId, api::v4::CheckPaymentStatus};
///
/// let check = CheckPaymentStatus { transaction_id: TransactionId::new(2021121600698709710) };
/// let mut path = String::new();
/// check.write_path(&mut path);
/// assert_eq!(path, "/v4/payments/requests/2021121600698709710/check");
/// assert_eq!(check.payload()?, Payload::Empty);
/// assert!(CheckPaymentStatus::IDEMPOTENT);
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "GET",
    path = "/v4/payments/requests/<transactionId>/check",
    response = PaymentStatus,
    read_timeout = 20,
    decode_with = PaymentStatus::from_envelope_ref
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckPaymentStatus {
    /// The id Request returned.
    pub transaction_id: TransactionId,
}

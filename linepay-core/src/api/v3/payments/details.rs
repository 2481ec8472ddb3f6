//! Payment Details: read confirmed and captured payments and their refunds.

use serde::{Deserialize, Serialize};

use crate::api::rules::check_id_count;
use crate::api::v3::models::{
    Package, PayInfo, PayStatus, PaymentProvider, PromotionEvent, ShippingInfo, TransactionType,
};
use crate::endpoint::params::ParamValue;
use crate::error::InvalidField;
use crate::lenient::OneOrMany;
use crate::linepay_endpoint;
use crate::types::{Amount, Currency, OrderId, TransactionId, wire_enum};

/// Read the details of confirmed or captured payments, by transaction id or order id.
///
/// `GET /v3/payments?transactionId=…&orderId=…&fields=…`, read timeout 20 s; idempotent. Ids
/// are sent as repeated keys in the order given; at least one and at most 100 ids in all are
/// checked before sending. Return codes besides success include 1150 (no transaction) and
/// 1177 (more than 100 requested).
///
/// `info` is read as a list, and also as one object or `null` (SDK fixtures serve both).
///
/// ```
/// use linepay_core::{Endpoint, Payload, OrderId, TransactionId};
/// use linepay_core::api::v3::{DetailFields, PaymentDetails};
///
/// let details = PaymentDetails {
///     transaction_id: vec![TransactionId::new(2021121600698709710)],
///     order_id: vec![OrderId::new("20211216002")?],
///     fields: Some(DetailFields::Order),
/// };
/// assert_eq!(
///     details.payload()?,
///     Payload::Query("transactionId=2021121600698709710&orderId=20211216002&fields=ORDER".to_owned()),
/// );
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "GET",
    path(
        v3 = "/v3/payments",
        v4 = "/v4/payments"
    ),
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

wire_enum! {
    /// Which part of a payment Payment Details answers with: `fields`. Left out, LINE Pay
    /// answers with both. A legacy parameter that LINE Pay's current tables no longer list;
    /// which members each part leaves out is not documented.
    ///
    /// ```
    /// use linepay_core::api::v3::DetailFields;
    ///
    /// assert_eq!(DetailFields::Transaction.as_str(), "TRANSACTION");
    /// assert_eq!(DetailFields::from_wire("ORDER"), DetailFields::Order);
    /// ```
    pub enum DetailFields {
        /// The transaction: ids, dates, status, how it was paid, refunds.
        Transaction = "TRANSACTION",
        /// The order: packages, products, shipping.
        Order = "ORDER",
    }
}

impl ParamValue for DetailFields {
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        f(self.as_str())
    }

    fn from_text(text: &str) -> Result<Self, String> {
        Ok(Self::from_wire(text))
    }
}

pub use crate::api::rules::MAX_PAYMENT_DETAILS_IDS;

impl PaymentDetails {
    /// At least one id, at most [`MAX_PAYMENT_DETAILS_IDS`] in all.
    fn validate(&self) -> Result<(), InvalidField> {
        check_id_count(self.transaction_id.len() + self.order_id.len())
    }
}

/// One transaction as Payment Details describes it: a payment, or a refund when asked by
/// its refund transaction id.
///
/// Only `transactionId` is required; every other field is read when present and unknown
/// fields are ignored. Build one (e.g. in a mock server) with [`PaymentDetail::new`] and set
/// the other fields.
///
/// LINE Pay reports refunds with a **negative** `refundAmount` (`-20`); see
/// [`PaymentDetail::refunded_total`] for the refunded sum as a positive amount.
///
/// ```
/// use linepay_core::{Amount, api::v3::{PaymentDetail, PayStatus, TransactionType}};
///
/// let detail: PaymentDetail = serde_json::from_str(
///     r#"{"transactionId":"2019049910005496810","transactionType":"PAYMENT","payStatus":"CAPTURE",
///         "refundList":[{"refundTransactionId":2019049910005496811,"transactionType":"PARTIAL_REFUND","refundAmount":-20}]}"#,
/// )?;
/// assert_eq!(detail.transaction_id.get(), 2019049910005496810);
/// assert_eq!(detail.transaction_type, Some(TransactionType::Payment));
/// assert_eq!(detail.pay_status, Some(PayStatus::Capture));
/// assert_eq!(detail.refund_list[0].refund_transaction_id.get(), 2019049910005496811);
/// assert_eq!(detail.refunded_total(), Some(Amount::whole(20)));
/// assert!(!detail.is_refund());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PaymentDetail {
    /// The transaction id (64-bit; read from a JSON number or string).
    pub transaction_id: TransactionId,
    /// When the transaction happened, ISO-8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_date: Option<String>,
    /// `PAYMENT`, `PAYMENT_REFUND` or `PARTIAL_REFUND`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_type: Option<TransactionType>,
    /// `AUTHORIZATION`, `CAPTURE`, `EXPIRED_AUTHORIZATION` or `VOIDED_AUTHORIZATION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_status: Option<PayStatus>,
    /// The product name of the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
    /// The merchant's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_name: Option<String>,
    /// The currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// The merchant's order id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<OrderId>,
    /// When an authorization lapses, ISO-8601 (authorizations only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_expire_date: Option<String>,
    /// How the customer paid: one entry per means of payment.
    #[serde(default, deserialize_with = "crate::lenient::null_as_default")]
    pub pay_info: Vec<PayInfo>,
    /// Refunds of this payment, with negative amounts.
    #[serde(
        default,
        deserialize_with = "crate::lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub refund_list: Vec<RefundEntry>,
    /// The refunded payment, when this transaction is a refund (64-bit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_transaction_id: Option<TransactionId>,
    /// The packages of the request, with products and v3's `userFeeAmount` (read into
    /// [`Package::user_fee`]).
    #[serde(
        default,
        deserialize_with = "crate::lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub packages: Vec<Package>,
    /// The chosen shipping method, fee and address (legacy Checkout only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<ShippingInfo>,
    /// Promotion events applied (Taiwan).
    #[serde(
        default,
        deserialize_with = "crate::lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub events: Vec<PromotionEvent>,
    /// Who settled the payment (v4 answers; `None` in v3's, and when v4 sends `null` or
    /// leaves it out, which LINE Pay defines as TSP: `payment_provider.unwrap_or_default()`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_provider: Option<PaymentProvider>,
}

impl PaymentDetail {
    /// A Payment Details entry with the required transaction id; the rest start empty.
    ///
    /// ```
    /// use linepay_core::{Amount, Currency, TransactionId, api::v3::{PaymentDetail, PayStatus}};
    ///
    /// let mut detail = PaymentDetail::new(TransactionId::new(2019049910005496810));
    /// detail.pay_status = Some(PayStatus::Capture);
    /// detail.currency = Some(Currency::Twd);
    /// assert_eq!(
    ///     serde_json::to_string(&detail)?,
    ///     r#"{"transactionId":2019049910005496810,"payStatus":"CAPTURE","currency":"TWD","payInfo":[]}"#,
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(transaction_id: TransactionId) -> Self {
        Self {
            transaction_id,
            transaction_date: None,
            transaction_type: None,
            pay_status: None,
            product_name: None,
            merchant_name: None,
            currency: None,
            order_id: None,
            authorization_expire_date: None,
            pay_info: Vec::new(),
            refund_list: Vec::new(),
            original_transaction_id: None,
            packages: Vec::new(),
            shipping: None,
            events: Vec::new(),
            payment_provider: None,
        }
    }

    /// The total refunded so far: the sum of the absolute values of `refundList[].refundAmount`.
    ///
    /// LINE Pay reports refund amounts **negative** (`-20` for a refund of 20); this sums
    /// their magnitudes (a positive amount, should one ever arrive, counts as is), so the
    /// result is never negative. A payment without refunds gives `Some(0)`. `None` only when
    /// the sum leaves [`Amount`]'s range.
    ///
    /// A refund transaction's own entry (see [`is_refund`](Self::is_refund)) normally has no
    /// `refundList`, so this is about refunds *of* a payment.
    ///
    /// ```
    /// use linepay_core::{Amount, TransactionId, api::v3::{PaymentDetail, RefundEntry}};
    ///
    /// let mut detail = PaymentDetail::new(TransactionId::new(1));
    /// assert_eq!(detail.refunded_total(), Some(Amount::whole(0)));
    /// detail.refund_list.push(RefundEntry::new(TransactionId::new(2), Amount::whole(-20)));
    /// detail.refund_list.push(RefundEntry::new(TransactionId::new(3), "-0.5".parse()?));
    /// assert_eq!(detail.refunded_total(), Some("20.5".parse()?));
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    pub fn refunded_total(&self) -> Option<Amount> {
        self.refund_list
            .iter()
            .try_fold(Amount::whole(0), |sum, refund| {
                sum.checked_add(refund.refund_amount.checked_abs()?)
            })
    }

    /// Whether this transaction is itself a refund: it names an `originalTransactionId`, or
    /// its `transactionType` is `PAYMENT_REFUND` or `PARTIAL_REFUND`.
    ///
    /// ```
    /// use linepay_core::{TransactionId, api::v3::{PaymentDetail, TransactionType}};
    ///
    /// let mut detail = PaymentDetail::new(TransactionId::new(2019049910005496811));
    /// assert!(!detail.is_refund());
    /// detail.original_transaction_id = Some(TransactionId::new(2019049910005496810));
    /// assert!(detail.is_refund());
    ///
    /// let mut partial = PaymentDetail::new(TransactionId::new(2019049910005496812));
    /// partial.transaction_type = Some(TransactionType::PartialRefund);
    /// assert!(partial.is_refund());
    /// ```
    pub fn is_refund(&self) -> bool {
        self.original_transaction_id.is_some()
            || matches!(
                self.transaction_type,
                Some(TransactionType::PaymentRefund | TransactionType::PartialRefund)
            )
    }
}

/// One refund in a payment's `refundList`.
///
/// LINE Pay reports `refundAmount` **negative** (`-20` for a refund of 20); it is kept as
/// received.
///
/// ```
/// use linepay_core::{Amount, TransactionId, api::v3::{RefundEntry, TransactionType}};
///
/// let refund: RefundEntry = serde_json::from_str(
///     r#"{"refundTransactionId":"2019049910005496811","transactionType":"PARTIAL_REFUND","refundAmount":-20,"refundTransactionDate":"2019-04-10T04:02:43Z"}"#,
/// )?;
/// assert_eq!(refund.refund_transaction_id, TransactionId::new(2019049910005496811));
/// assert_eq!(refund.transaction_type, Some(TransactionType::PartialRefund));
/// assert_eq!(refund.refund_amount, Amount::whole(-20));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RefundEntry {
    /// The refund's own transaction id (64-bit; read from a JSON number or string).
    pub refund_transaction_id: TransactionId,
    /// `PAYMENT_REFUND` or `PARTIAL_REFUND`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_type: Option<TransactionType>,
    /// The refunded amount; LINE Pay reports it negative.
    pub refund_amount: Amount,
    /// When the refund happened, ISO-8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_transaction_date: Option<String>,
}

impl RefundEntry {
    /// A refund entry with the required fields; pass `refund_amount` negative, as LINE Pay
    /// reports it.
    ///
    /// ```
    /// use linepay_core::{Amount, TransactionId, api::v3::RefundEntry};
    ///
    /// let refund = RefundEntry::new(TransactionId::new(2019049910005496811), Amount::whole(-20));
    /// assert_eq!(
    ///     serde_json::to_string(&refund)?,
    ///     r#"{"refundTransactionId":2019049910005496811,"refundAmount":-20}"#,
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(refund_transaction_id: TransactionId, refund_amount: Amount) -> Self {
        Self {
            refund_transaction_id,
            transaction_type: None,
            refund_amount,
            refund_transaction_date: None,
        }
    }
}

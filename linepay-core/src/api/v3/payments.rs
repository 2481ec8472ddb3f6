//! Payments: confirm an approved payment, and read payment details.

use serde::{Deserialize, Serialize};

use crate::linepay_endpoint;
use crate::types::{Amount, Currency, OrderId, RegKey, TransactionId};

/// Confirm the payment the customer approved on the LINE Pay page.
///
/// `POST /v3/payments/{transactionId}/confirm`, read timeout 40 s. Call it when the customer
/// lands on your `confirmUrl`, with the amount and currency from **your own order record**
/// (never from the query string). Not idempotent: after a timeout, ask Payment Details
/// before confirming again.
///
/// Return codes besides success include 1150 (no such transaction), 1152 (already confirmed),
/// 1153 (amount differs from the request), 1172 (order id already has a transaction: check
/// Payment Details), 1180 (expired), 1198 (duplicate call in progress) and 9000.
///
/// ```
/// use linepay_core::{Endpoint, api::v3::ConfirmPayment, Amount, Currency, TransactionId};
///
/// let confirm = ConfirmPayment {
///     transaction_id: TransactionId::new(2019049910005496810),
///     amount: Amount::whole(250),
///     currency: Currency::Twd,
/// };
/// let linepay_core::Payload::Json(body) = confirm.payload()? else { unreachable!() };
/// assert_eq!(body.as_ref(), br#"{"amount":250,"currency":"TWD"}"#);
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "POST",
    path = "/v3/payments/<transactionId>/confirm",
    response = ConfirmInfo,
    read_timeout = 40
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

/// What Confirm returns.
///
/// ```
/// use linepay_core::api::v3::ConfirmInfo;
///
/// let info: ConfirmInfo = serde_json::from_str(
///     r#"{"orderId":"O1","transactionId":2019049910005496810,"payInfo":[{"method":"BALANCE","amount":250}]}"#,
/// )?;
/// assert_eq!(info.transaction_id.get(), 2019049910005496810);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ConfirmInfo {
    /// The merchant's order id.
    pub order_id: OrderId,
    /// The payment's transaction id.
    pub transaction_id: TransactionId,
    /// When an authorization (capture = false) lapses, ISO-8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_expire_date: Option<String>,
    /// The key for later pre-approved payments (`payType` PREAPPROVED only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reg_key: Option<RegKey>,
    /// How the customer paid.
    #[serde(default)]
    pub pay_info: Vec<PayInfo>,
}

/// One means of payment used for a transaction.
///
/// ```
/// use linepay_core::{Amount, api::v3::PayInfo};
///
/// let pay: PayInfo = serde_json::from_str(r#"{"method":"CREDIT_CARD","amount":100,"creditCardBrand":"VISA"}"#)?;
/// assert_eq!(pay.amount, Amount::whole(100));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PayInfo {
    /// `BALANCE`, `CREDIT_CARD`, `POINT` (or `DISCOUNT` in older answers).
    pub method: String,
    /// The amount paid this way.
    pub amount: Amount,
    /// The card's nickname (may be empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_card_nickname: Option<String>,
    /// VISA, MASTER, AMEX, DINERS or JCB.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_card_brand: Option<String>,
    /// `**** **** **** 1234` (Taiwan, on application).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masked_credit_card_number: Option<String>,
}

/// Read the details of confirmed or captured payments, by transaction id or order id.
///
/// `GET /v3/payments?transactionId=…&orderId=…`, read timeout 20 s; idempotent. Ids are sent
/// as repeated keys in the order given. Return codes besides success include 1150 (no
/// transaction) and 1177 (more than 100 requested).
///
/// ```
/// use linepay_core::{Endpoint, Payload, api::v3::PaymentDetails, OrderId, TransactionId};
///
/// let details = PaymentDetails {
///     transaction_id: vec![TransactionId::new(2021121600698709710)],
///     order_id: vec![OrderId::new("20211216002")?],
/// };
/// assert_eq!(
///     details.payload()?,
///     Payload::Query("transactionId=2021121600698709710&orderId=20211216002".to_owned()),
/// );
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(method = "GET", path = "/v3/payments", response = Vec<PaymentDetail>, read_timeout = 20)]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaymentDetails {
    /// Transactions to read (`transactionId`, repeated).
    pub transaction_id: Vec<TransactionId>,
    /// Orders to read (`orderId`, repeated).
    pub order_id: Vec<OrderId>,
}

/// One payment as Payment Details describes it.
///
/// ```
/// use linepay_core::api::v3::PaymentDetail;
///
/// let detail: PaymentDetail = serde_json::from_str(
///     r#"{"transactionId":"2019049910005496810","refundList":[{"refundTransactionId":2019049910005496811,"refundAmount":-20}]}"#,
/// )?;
/// assert_eq!(detail.refund_list[0].refund_transaction_id.get(), 2019049910005496811);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PaymentDetail {
    /// The transaction id.
    pub transaction_id: TransactionId,
    /// When the transaction happened, ISO-8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_date: Option<String>,
    /// `PAYMENT`, `PAYMENT_REFUND` or `PARTIAL_REFUND`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_type: Option<String>,
    /// `AUTHORIZATION`, `CAPTURE`, `EXPIRED_AUTHORIZATION` or `VOIDED_AUTHORIZATION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_status: Option<String>,
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
    /// The original payment, when this transaction is a refund.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_transaction_id: Option<TransactionId>,
    /// How the customer paid.
    #[serde(default)]
    pub pay_info: Vec<PayInfo>,
    /// Refunds of this payment.
    #[serde(default)]
    pub refund_list: Vec<RefundEntry>,
}

/// One refund in a payment's `refundList`.
///
/// ```
/// use linepay_core::{Amount, api::v3::RefundEntry};
///
/// let refund: RefundEntry = serde_json::from_str(r#"{"refundTransactionId":2019049910005496811,"refundAmount":-20}"#)?;
/// assert_eq!(refund.refund_amount, Amount::whole(-20));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RefundEntry {
    /// The refund's own transaction id.
    pub refund_transaction_id: TransactionId,
    /// `PAYMENT_REFUND` or `PARTIAL_REFUND`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_type: Option<String>,
    /// The refunded amount; LINE Pay reports it negative.
    pub refund_amount: Amount,
    /// When the refund happened, ISO-8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_transaction_date: Option<String>,
}

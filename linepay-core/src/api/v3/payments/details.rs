//! Payment Details: read confirmed and captured payments and their refunds.

use serde::{Deserialize, Serialize};

use crate::api::v3::models::PayInfo;
use crate::error::InvalidField;
use crate::linepay_endpoint;
use crate::validation::FieldPath;
use crate::types::{Amount, Currency, OrderId, TransactionId};

/// Read the details of confirmed or captured payments, by transaction id or order id.
///
/// `GET /v3/payments?transactionId=…&orderId=…`, read timeout 20 s; idempotent. Ids are sent
/// as repeated keys in the order given; at least one and at most 100 ids in all are checked
/// before sending. Return codes besides success include 1150 (no
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
#[linepay_endpoint(
    method = "GET",
    path = "/v3/payments",
    response = Vec<PaymentDetail>,
    read_timeout = 20,
    validate = Self::validate
)]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaymentDetails {
    /// Transactions to read (`transactionId`, repeated).
    pub transaction_id: Vec<TransactionId>,
    /// Orders to read (`orderId`, repeated).
    pub order_id: Vec<OrderId>,
}

/// LINE Pay answers at most this many transactions per call (more gives 1177).
pub const MAX_PAYMENT_DETAILS_IDS: usize = 100;

impl PaymentDetails {
    /// At least one id, at most [`MAX_PAYMENT_DETAILS_IDS`] in all.
    fn validate(&self) -> Result<(), InvalidField> {
        let ids = self.transaction_id.len() + self.order_id.len();
        if ids == 0 {
            return Err(FieldPath::Root
                .field("transactionId")
                .invalid("give at least one transactionId or orderId"));
        }
        if ids > MAX_PAYMENT_DETAILS_IDS {
            return Err(FieldPath::Root.field("transactionId").invalid(format!(
                "at most {MAX_PAYMENT_DETAILS_IDS} transactionId and orderId values in all"
            )));
        }
        Ok(())
    }
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

//! Check: how a Pay ended, asked by its `orderId`.

use serde::{Deserialize, Serialize};

use crate::api::v3::{PayInfo, PaymentProvider};
use crate::linepay_endpoint;
use crate::types::{OrderId, TransactionId, wire_enum};

/// Ask how the Pay of an order ended: the question to ask when Pay's answer was lost.
///
/// `GET /v4/payments/orders/{orderId}/check`, read timeout 20 s, no query, no body. The
/// order id is percent-encoded in the path and signed as sent.
///
/// `0000` comes with the payment's [`OrderStatus`]; an `orderId` LINE Pay has no payment
/// for is answered `1150`. [`Client::pay_or_recover`](crate::Client::pay_or_recover) asks
/// it for you after a Pay whose answer was lost.
///
/// ```
/// use linepay_core::api::offline::CheckOrder;
/// use linepay_core::{ApiVersion, Endpoint, OrderId, Payload};
///
/// let check = CheckOrder { order_id: OrderId::new("COUNTER 7/42")? };
/// let mut path = String::new();
/// check.write_path(ApiVersion::V4, &mut path);
/// assert_eq!(path, "/v4/payments/orders/COUNTER%207%2F42/check");
/// assert_eq!(check.payload()?, Payload::Empty);
/// assert!(CheckOrder::IDEMPOTENT);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[linepay_endpoint(
    method = "GET",
    path(v4 = "/v4/payments/orders/<orderId>/check"),
    response = OrderStatusInfo,
    read_timeout = 20
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckOrder {
    /// The `orderId` the Pay was sent with.
    pub order_id: OrderId,
}

wire_enum! {
    /// Where a counter payment stands: Check's `info.status`.
    ///
    /// LINE Pay's sources disagree on the set: its guide's sample code knows `AUTH_READY`,
    /// `COMPLETE`, `CANCEL` and `FAIL`; a condensed copy of the v4 pages lists `COMPLETE`,
    /// `FAIL` and `REFUND`. All five are here, and anything else is kept as `Other` (which
    /// [`pay_or_recover`](crate::Client::pay_or_recover) never reads as paid or unpaid).
    ///
    /// ```
    /// use linepay_core::api::offline::OrderStatus;
    ///
    /// assert_eq!(OrderStatus::from_wire("AUTH_READY"), OrderStatus::InProgress);
    /// assert!(OrderStatus::Complete.is_paid());
    /// assert!(OrderStatus::Fail.is_final());
    /// assert!(!OrderStatus::from_wire("HELD").is_final());
    /// ```
    pub enum OrderStatus {
        /// The payment is still being processed (the customer may be confirming it).
        InProgress = "AUTH_READY",
        /// Paid (or, with capture separation, authorized).
        Complete = "COMPLETE",
        /// Cancelled: nothing was charged.
        Cancel = "CANCEL",
        /// Failed: nothing was charged.
        Fail = "FAIL",
        /// Paid and since refunded.
        Refund = "REFUND",
    }
}

impl OrderStatus {
    /// Whether the Pay took effect: `COMPLETE`, or `REFUND` (paid, then given back).
    pub fn is_paid(&self) -> bool {
        matches!(self, OrderStatus::Complete | OrderStatus::Refund)
    }

    /// Whether the status will not change by itself: everything but `AUTH_READY` and values
    /// this version does not know.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            OrderStatus::Complete | OrderStatus::Cancel | OrderStatus::Fail | OrderStatus::Refund
        )
    }
}

/// What Check answers.
///
/// Only `status` is required: LINE Pay's examples carry the payment's id and how it was
/// paid, which a payment that failed may not have.
///
/// ```
/// use linepay_core::api::offline::{OrderStatus, OrderStatusInfo};
///
/// let info: OrderStatusInfo = serde_json::from_str(r#"{"status":"COMPLETE",
///     "transactionId":2026071802368895010,"orderId":"COUNTER-7-0042",
///     "payInfo":[{"method":"BALANCE","amount":120}],"paymentProvider":null}"#)?;
/// assert_eq!(info.status, OrderStatus::Complete);
/// assert_eq!(info.transaction_id.map(|id| id.get()), Some(2026071802368895010));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OrderStatusInfo {
    /// Where the payment stands.
    pub status: OrderStatus,
    /// LINE Pay's id of the payment, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_id: Option<TransactionId>,
    /// The order id asked about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<OrderId>,
    /// When it was paid, ISO-8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transaction_date: Option<String>,
    /// How it was paid.
    #[serde(
        default,
        deserialize_with = "crate::lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub pay_info: Vec<PayInfo>,
    /// Who settled it (`None` means TSP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_provider: Option<PaymentProvider>,
}

impl OrderStatusInfo {
    /// A Check answer with only a status.
    ///
    /// ```
    /// use linepay_core::api::offline::{OrderStatus, OrderStatusInfo};
    ///
    /// let info = OrderStatusInfo::new(OrderStatus::Fail);
    /// assert_eq!(serde_json::to_string(&info)?, r#"{"status":"FAIL"}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(status: OrderStatus) -> Self {
        Self {
            status,
            transaction_id: None,
            order_id: None,
            transaction_date: None,
            pay_info: Vec::new(),
            payment_provider: None,
        }
    }
}

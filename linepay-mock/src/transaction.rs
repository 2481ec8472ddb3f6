//! What the ledger shows: snapshots of transactions, their refunds and regKeys.

use std::fmt;

use linepay_core::api::v3::{PayType, TransactionType};
use linepay_core::{Amount, Currency, OrderId, RegKey, TransactionId};
use serde::{Deserialize, Serialize};

/// Where a payment is in its life.
///
/// ```text
/// Request ─► WAITING ─approve─► APPROVED ─Confirm─► CAPTURED ─Refund (all)─► REFUNDED
///               │ ╲                          ╲
///          cancel  20 min                     Confirm (capture: false)
///               ▼    ▼                          ▼
///        CANCELLED  EXPIRED            AUTHORIZED ─Capture─► CAPTURED
///                                        │      ╲
///                                     Void       7 days
///                                        ▼        ▼
///                                     VOIDED   AUTHORIZATION_EXPIRED
/// ```
///
/// `FAILED` is reached only through [`MockServer::fail`](crate::MockServer::fail). A Pay
/// Preapproved charge starts as `CAPTURED` (or `AUTHORIZED` with `capture: false`).
///
/// ```
/// use linepay_mock::PaymentState;
///
/// assert_eq!(serde_json::to_string(&PaymentState::AuthorizationExpired)?, r#""AUTHORIZATION_EXPIRED""#);
/// assert!(PaymentState::Captured.is_confirmed());
/// assert!(!PaymentState::Approved.is_confirmed());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum PaymentState {
    /// Requested; the customer has not decided yet (Check Payment Status `0000`).
    Waiting,
    /// The customer approved; waiting for Confirm (`0110`).
    Approved,
    /// The customer cancelled (`0121`).
    Cancelled,
    /// The customer did not approve in time (`0121`).
    Expired,
    /// The payment failed on the customer's side (`0122`).
    Failed,
    /// Confirmed with `capture: false`: authorized, not captured (`0123`).
    Authorized,
    /// The money moved: confirmed with capture, or captured (`0123`).
    Captured,
    /// The authorization was voided (`0123`).
    Voided,
    /// The authorization lapsed before capture (`0123`).
    AuthorizationExpired,
    /// Captured, then refunded in full (`0123`).
    Refunded,
}

impl PaymentState {
    /// Whether Confirm (or Pay Preapproved) went through: LINE Pay's Payment Details shows
    /// only such payments.
    ///
    /// ```
    /// use linepay_mock::PaymentState;
    ///
    /// assert!(PaymentState::Voided.is_confirmed());
    /// assert!(!PaymentState::Waiting.is_confirmed());
    /// ```
    pub fn is_confirmed(self) -> bool {
        matches!(
            self,
            PaymentState::Authorized
                | PaymentState::Captured
                | PaymentState::Voided
                | PaymentState::AuthorizationExpired
                | PaymentState::Refunded
        )
    }

    /// The wire name, such as `AUTHORIZATION_EXPIRED`.
    ///
    /// ```
    /// use linepay_mock::PaymentState;
    ///
    /// assert_eq!(PaymentState::Waiting.as_str(), "WAITING");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentState::Waiting => "WAITING",
            PaymentState::Approved => "APPROVED",
            PaymentState::Cancelled => "CANCELLED",
            PaymentState::Expired => "EXPIRED",
            PaymentState::Failed => "FAILED",
            PaymentState::Authorized => "AUTHORIZED",
            PaymentState::Captured => "CAPTURED",
            PaymentState::Voided => "VOIDED",
            PaymentState::AuthorizationExpired => "AUTHORIZATION_EXPIRED",
            PaymentState::Refunded => "REFUNDED",
        }
    }
}

impl fmt::Display for PaymentState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a transaction came to be.
///
/// ```
/// use linepay_mock::Origin;
///
/// assert_eq!(serde_json::to_string(&Origin::PayPreapproved)?, r#""PAY_PREAPPROVED""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
pub enum Origin {
    /// A Request the customer approves on the payment page.
    Request,
    /// A Pay Preapproved charge with a regKey.
    PayPreapproved,
    /// An Offline Pay: a shop's terminal charged the customer's My Code.
    OneTimeKey,
}

/// A refund of a payment: its own transaction.
///
/// ```
/// use linepay_core::{Amount, TransactionId};
/// use linepay_mock::Refund;
///
/// let refund: Refund = serde_json::from_str(
///     r#"{"refundTransactionId":2026112200000000002,"amount":20,"transactionType":"PARTIAL_REFUND","refundedAt":"2026-11-22T10:00:00Z"}"#,
/// )?;
/// assert_eq!(refund.refund_transaction_id, TransactionId::new(2026112200000000002));
/// assert_eq!(refund.amount, Amount::whole(20));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Refund {
    /// The refund's own 19-digit transaction id.
    pub refund_transaction_id: TransactionId,
    /// The refunded amount, positive (Payment Details reports it negative).
    pub amount: Amount,
    /// `PARTIAL_REFUND`, or `PAYMENT_REFUND` for a refund of the whole captured amount at
    /// once.
    pub transaction_type: TransactionType,
    /// When, ISO-8601.
    pub refunded_at: String,
}

/// A regKey and whether it still works.
///
/// ```
/// use linepay_mock::RegKeyInfo;
///
/// let info: RegKeyInfo = serde_json::from_str(r#"{"regKey":"RK9A2BA1942EQTO","expired":false}"#)?;
/// assert_eq!(info.reg_key.as_str(), "RK9A2BA1942EQTO");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RegKeyInfo {
    /// The key (15 characters: `RK` and 13 letters or digits).
    pub reg_key: RegKey,
    /// Whether it was expired (Expire RegKey, or its configured lifetime passed).
    pub expired: bool,
}

/// A result of the SERVER-type confirm URL call the mock made for a payment.
///
/// ```
/// use linepay_mock::ServerConfirmCall;
///
/// let call: ServerConfirmCall = serde_json::from_str(r#"{"url":"http://127.0.0.1:9/confirm?transactionId=1&orderId=A","status":200}"#)?;
/// assert_eq!(call.status, Some(200));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ServerConfirmCall {
    /// The URL called (GET), with `transactionId` and `orderId` appended.
    pub url: String,
    /// The merchant's HTTP status, when it answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Why there is no status (not called, connection failed, timed out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A snapshot of one payment in the mock's ledger, as [`MockServer::ledger`] and
/// `GET /__mock/ledger` show it.
///
/// ```
/// use linepay_core::{Amount, TransactionId};
/// use linepay_mock::{PaymentState, Transaction};
///
/// // One entry of `GET /__mock/ledger`.
/// let transaction: Transaction = serde_json::from_str(r#"{
///     "transactionId": 2026112200000000001, "orderId": "ORDER-1", "origin": "REQUEST",
///     "payType": "NORMAL", "amount": 250, "currency": "TWD", "productName": "Tea",
///     "state": "CAPTURED", "capture": true, "requestedAt": "2026-11-22T10:00:00Z",
///     "confirmedAt": "2026-11-22T10:01:00Z", "confirmCount": 1, "capturedAmount": 250,
///     "refunds": [], "refundable": 250
/// }"#)?;
/// assert_eq!(transaction.transaction_id, TransactionId::new(2026112200000000001));
/// assert_eq!(transaction.state, PaymentState::Captured);
/// assert_eq!(transaction.refundable, Amount::whole(250));
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// [`MockServer::ledger`]: crate::MockServer::ledger
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Transaction {
    /// The 19-digit transaction id.
    pub transaction_id: TransactionId,
    /// The merchant's order id.
    pub order_id: OrderId,
    /// A Request or a Pay Preapproved charge.
    pub origin: Origin,
    /// `NORMAL`, or `PREAPPROVED` for a Request that registers a regKey.
    pub pay_type: PayType,
    /// The requested (or charged) amount.
    pub amount: Amount,
    /// The currency.
    pub currency: Currency,
    /// The product name: the first product of a Request, the `productName` of a charge.
    pub product_name: String,
    /// Where the payment is.
    pub state: PaymentState,
    /// Whether Confirm captures (`options.payment.capture`, default `true`).
    pub capture: bool,
    /// The 12-digit code of a Request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_access_token: Option<String>,
    /// When it was requested (or charged), ISO-8601.
    pub requested_at: String,
    /// When the customer approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_at: Option<String>,
    /// When it was confirmed (or charged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed_at: Option<String>,
    /// How many Confirm calls changed this payment (0 or 1: a second Confirm is refused).
    pub confirm_count: u32,
    /// How many Capture calls changed this payment (0 or 1: a captured payment is refused).
    #[serde(default)]
    pub capture_count: u32,
    /// When the authorization lapses (`capture: false` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_expire_date: Option<String>,
    /// The captured amount, once captured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captured_amount: Option<Amount>,
    /// When it was captured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub captured_at: Option<String>,
    /// When the authorization was voided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voided_at: Option<String>,
    /// The refunds, oldest first.
    #[serde(default)]
    pub refunds: Vec<Refund>,
    /// What may still be refunded (zero unless captured).
    pub refundable: Amount,
    /// The regKey this payment registered (`PREAPPROVED` Request) or was charged with (Pay
    /// Preapproved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reg_key: Option<RegKeyInfo>,
    /// The mock's call of a SERVER-type confirm URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_confirm: Option<ServerConfirmCall>,
    /// What happened to the payment, in order, each step with the API call that did it.
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
}

/// One step of a payment's life: when, what, and the request log's number of the API call
/// that did it (`None` for the customer, the console, or time).
///
/// ```
/// use linepay_mock::TimelineEntry;
///
/// let step: TimelineEntry = serde_json::from_str(
///     r#"{"at":"2026-11-22T10:00:00Z","what":"captured 80 TWD","call":7}"#,
/// )?;
/// assert_eq!(step.call, Some(7));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TimelineEntry {
    /// When, on the mock's clock (ISO-8601).
    pub at: String,
    /// What happened: `requested 250 TWD`, `approved by the customer`, `captured 80 TWD`, ….
    pub what: String,
    /// The API call that did it, in the request log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<u64>,
}

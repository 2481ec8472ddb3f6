//! Refund: give back all or part of a captured payment.

use serde::{Deserialize, Serialize};

use crate::api::rules::check_refund_amount;
use crate::error::InvalidField;
use crate::linepay_endpoint;
use crate::types::{Amount, TransactionId};

/// Refund a captured payment, in full or in part.
///
/// `POST /v3/payments/{transactionId}/refund`, read timeout 20 s. Each refund is a new
/// transaction with its own id ([`RefundInfo::refund_transaction_id`]); Payment Details
/// lists a payment's refunds in `refundList`, and reading a refund's id gives the payment
/// back as `originalTransactionId`.
///
/// # When to call it
///
/// For payments whose money has moved: confirmed with the default `capture: true`, or
/// captured with [`CapturePayment`](crate::api::v3::CapturePayment). An authorization that
/// was never captured is released with [`VoidPayment`](crate::api::v3::VoidPayment)
/// instead.
///
/// - [`RefundPayment::full`]: `refund_amount: None`, sent as `{}`; LINE Pay refunds what is
///   left of the payment.
/// - [`RefundPayment::partial`]: `{"refundAmount": …}`; several partial refunds may follow
///   one another up to the paid amount.
///
/// Checked before sending: `refundAmount`, when given, is positive. (The refund carries no
/// currency, so whether its decimals suit the payment's currency is left to LINE Pay: a
/// fraction on a TWD payment gets `1124`.)
///
/// # Return codes
///
/// Success is `0000` with [`RefundInfo`]. Otherwise:
///
/// | Code | Meaning for you |
/// |---|---|
/// | `1150` | no such transaction |
/// | `1155` | this transaction cannot be refunded (not a payment, or not refundable) |
/// | `1163` | the refund period has expired |
/// | `1164` | more than the refundable amount (what was paid minus earlier refunds) |
/// | `1165` | already refunded in full |
/// | `1179` | the payment cannot be refunded in its current state |
/// | `1198` | a refund of this payment is already being processed, or the call is a duplicate: check Payment Details |
/// | `1900`, `1902` | temporary error: you **may re-send** the same Refund later |
/// | `1999` | the re-sent request differs from the first one: re-send exactly the same request |
/// | `1124` | the amount has the wrong scale (a fraction for TWD) |
/// | `1104`–`1106` | merchant configuration or signature problem |
/// | `9000` | LINE Pay internal error: the outcome is unknown |
///
/// [`ReturnCode::may_retry_void_or_refund`](crate::ReturnCode::may_retry_void_or_refund)
/// answers whether to re-send.
///
/// # Idempotence
///
/// Refund moves money and is **never re-sent automatically once it may have reached LINE Pay**
/// (a timeout, a lost connection, a 5xx page, `9000`). It declares
/// `resend_on = ["1900", "1902", "1999"]` ([`Endpoint::RESEND_ON`](crate::Endpoint::RESEND_ON)):
/// LINE Pay's docs allow re-sending it on those codes, an answer that means the refund was
/// not applied, so [`Client::send`](crate::Client::send) re-sends the same body (new nonce) on
/// them within its [`RetryPolicy`](crate::RetryPolicy). After a timeout or `9000`, look for
/// the refund in the payment's `refundList`
/// ([`PaymentDetails`](crate::api::v3::PaymentDetails)) before refunding again: a blind
/// re-send of a partial refund can refund twice.
///
/// ```
/// use linepay_core::{ApiVersion, Endpoint, Payload, api::v3::RefundPayment, Amount, TransactionId};
///
/// let id = TransactionId::new(2019049910005496810);
/// let full = RefundPayment::full(id);
/// assert_eq!(full.payload()?, Payload::Json("{}".into()));
///
/// let partial = RefundPayment::partial(id, Amount::whole(20));
/// let mut path = String::new();
/// partial.write_path(ApiVersion::V3, &mut path);
/// assert_eq!(path, "/v3/payments/2019049910005496810/refund");
/// assert_eq!(partial.payload()?, Payload::Json(r#"{"refundAmount":20}"#.into()));
/// assert_eq!(RefundPayment::READ_TIMEOUT.as_secs(), 20);
/// assert!(!RefundPayment::IDEMPOTENT);
/// assert_eq!(RefundPayment::RESEND_ON, ["1900", "1902", "1999"]);
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "POST",
    path(
        v3 = "/v3/payments/<transactionId>/refund",
        v4 = "/v4/payments/<transactionId>/refund"
    ),
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
    /// use linepay_core::{api::v3::RefundPayment, TransactionId};
    ///
    /// let refund = RefundPayment::full(TransactionId::new(2019049910005496810));
    /// assert_eq!(refund.refund_amount, None);
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
    /// use linepay_core::{api::v3::RefundPayment, Amount, TransactionId};
    ///
    /// let refund = RefundPayment::partial(TransactionId::new(2019049910005496810), Amount::whole(20));
    /// assert_eq!(refund.refund_amount, Some(Amount::whole(20)));
    /// ```
    pub const fn partial(transaction_id: TransactionId, refund_amount: Amount) -> Self {
        Self {
            transaction_id,
            refund_amount: Some(refund_amount),
        }
    }

    fn validate(&self) -> Result<(), InvalidField> {
        check_refund_amount(self.refund_amount.as_ref())
    }
}

/// What Refund returns: the refund's own transaction.
///
/// ```
/// use linepay_core::api::v3::RefundInfo;
///
/// let info: RefundInfo = serde_json::from_str(
///     r#"{"refundTransactionId":2019049910005496811,"refundTransactionDate":"2019-04-10T04:02:43Z"}"#,
/// )?;
/// assert_eq!(info.refund_transaction_id.get(), 2019049910005496811);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RefundInfo {
    /// The refund's own transaction id (not the payment's).
    pub refund_transaction_id: TransactionId,
    /// When the refund happened, ISO-8601; empty when LINE Pay leaves it out (the refund
    /// happened all the same, and its id is what matters).
    #[serde(default, deserialize_with = "crate::lenient::null_as_default")]
    pub refund_transaction_date: String,
}

impl RefundInfo {
    /// A Refund answer: the refund's own transaction id and when it happened (ISO-8601).
    ///
    /// ```
    /// use linepay_core::{TransactionId, api::v3::RefundInfo};
    ///
    /// let info = RefundInfo::new(TransactionId::new(2019049910005496811), "2019-04-10T04:02:43Z");
    /// assert_eq!(
    ///     serde_json::to_string(&info)?,
    ///     r#"{"refundTransactionId":2019049910005496811,"refundTransactionDate":"2019-04-10T04:02:43Z"}"#,
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(
        refund_transaction_id: TransactionId,
        refund_transaction_date: impl Into<String>,
    ) -> Self {
        Self {
            refund_transaction_id,
            refund_transaction_date: refund_transaction_date.into(),
        }
    }
}

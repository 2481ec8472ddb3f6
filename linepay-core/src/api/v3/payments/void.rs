//! Void: release an authorization that was never captured.

use crate::envelope::EnvelopeRef;
use crate::linepay_endpoint;
use crate::types::TransactionId;

/// Void (cancel) a payment that was confirmed as an authorization but not captured.
///
/// `POST /v3/payments/authorizations/{transactionId}/void`, read timeout 20 s. The customer's
/// authorized amount is released and no money moves.
///
/// # When to call it
///
/// Only for payments requested with `options.payment.capture: false`, after Confirm and
/// before [`CapturePayment`](crate::api::v3::CapturePayment). A **captured** payment cannot
/// be voided: give the money back with [`RefundPayment`](crate::api::v3::RefundPayment)
/// instead.
///
/// # Body
///
/// LINE Pay documents no body for Void. This endpoint sends `{}` and signs exactly those two
/// bytes, as every POST without fields does: it is what most deployed SDKs send, a valid body
/// for `Content-Type: application/json`, and the same thing a full Refund sends. (Signing
/// the empty string while sending `{}`, or the other way round, is what gets `1106`.)
///
/// # Return codes
///
/// Success is `0000` without `info` (the response is `()`; an unexpected `info` is ignored).
/// Otherwise:
///
/// | Code | Meaning for you |
/// |---|---|
/// | `1165` | already voided: treat as done |
/// | `1900`, `1902` | temporary error: you **may re-send** the same Void later |
/// | `1999` | the re-sent request differs from the first one: re-send exactly the same request |
/// | `1150` | no such transaction |
/// | `1104`–`1106` | merchant configuration or signature problem |
/// | `9000` | LINE Pay internal error: the outcome is unknown |
///
/// [`ReturnCode::may_retry_void_or_refund`](crate::ReturnCode::may_retry_void_or_refund)
/// answers whether to re-send.
///
/// # Idempotence
///
/// Void changes the payment's state and is **never re-sent automatically once it may have
/// reached LINE Pay** (a timeout, a lost connection, a 5xx page, `9000`). It declares
/// `resend_on = ["1900", "1902", "1999"]` ([`Endpoint::RESEND_ON`](crate::Endpoint::RESEND_ON)):
/// LINE Pay's docs allow re-sending it on those codes, an answer that means the void was not
/// applied, so [`Client::send`](crate::Client::send) re-sends the same body (new nonce) on them
/// within its [`RetryPolicy`](crate::RetryPolicy). After a timeout, read the payment with
/// [`PaymentDetails`](crate::api::v3::PaymentDetails) (`payStatus` `VOIDED_AUTHORIZATION`
/// means it went through) before voiding again.
///
/// ```
/// use linepay_core::{ApiVersion, Endpoint, Payload, api::v3::VoidPayment, TransactionId};
///
/// let void = VoidPayment { transaction_id: TransactionId::new(2021121600698709710) };
/// let mut path = String::new();
/// void.write_path(ApiVersion::V3, &mut path);
/// assert_eq!(path, "/v3/payments/authorizations/2021121600698709710/void");
/// assert_eq!(void.payload()?, Payload::Json("{}".into()));
/// assert_eq!(VoidPayment::READ_TIMEOUT.as_secs(), 20);
/// assert!(!VoidPayment::IDEMPOTENT);
/// assert_eq!(VoidPayment::RESEND_ON, ["1900", "1902", "1999"]);
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "POST",
    path(
        v3 = "/v3/payments/authorizations/<transactionId>/void",
        v4 = "/v4/payments/authorizations/<transactionId>/void"
    ),
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

//! Recovery: the safe way to call the APIs that move money when their answer is lost.
//!
//! Confirm, Capture and Refund change a payment. When their answer is lost (a read timeout,
//! a dropped connection, a proxy's 5xx page, a body cut short, LINE Pay's own `9000`), the
//! change may or may not have happened, and may even happen later. Sending the call again
//! blindly can be wrong: a second partial refund refunds twice. linepay never re-sends these
//! calls by itself. The functions here send the call **once** and, when its effect is
//! unknown, **ask** (Payment Details, Check Payment Status) and say where the payment stands:
//!
//! | Function | Sends | Asks after an ambiguous failure | Answers |
//! |---|---|---|---|
//! | [`Client::confirm_or_recover`] | Confirm | Payment Details, then Check Payment Status | [`ConfirmOutcome`] |
//! | [`Client::capture_or_recover`] | Capture | Payment Details | [`CaptureOutcome`] |
//! | [`Client::refund_or_recover`] | Payment Details (before), then Refund | Payment Details | [`RefundOutcome`] |
//! | [`Client::pay_or_recover`] (Offline, at the counter) | Pay | Check by order id, polled ([`Polling`]) | [`PayOutcome`] |
//! | [`Client::recheck_confirm`], [`Client::recheck_capture`], [`Client::recheck_refund`], [`Client::recheck_pay`] | nothing | the same questions | the same outcomes |
//!
//! # The promise
//!
//! **Following the verdicts never moves money twice.** Three rules make it so:
//!
//! 1. **A `0000` is proof.** LINE Pay's success answer means the call took effect, even
//!    when its body is cut short or its `info` does not decode ([`Error::is_unreadable_success`]).
//!    The outcome is then Confirmed / Captured / Refunded, with the details read back from
//!    Payment Details, or, when they cannot be read yet, a receipt that says "done, details
//!    unknown" (`…::SuccessUnread`), which the `recheck_*` functions can complete.
//! 2. **Every other failure may still be running**, except "never sent" and a clear refusal
//!    by LINE Pay (below). A gateway's error page often comes *after* LINE Pay committed.
//! 3. **"Not done" is said only once the call can no longer land**: when its
//!    [`LandingWindow`] has closed (the one rule, with the assumption it rests on), judged
//!    by the time *before* the question that found nothing was asked. Until then the
//!    outcome is `InProgress`: ask again with the `recheck_*` function.
//!
//! # Which failures are ambiguous
//!
//! | Failure of the call | Reading | Recovery |
//! |---|---|---|
//! | [`Error::Invalid`] | a rule was broken; nothing was sent | `Err`, unchanged |
//! | [`Error::Transport`], [`Delivery::NotSent`] | the request never left | `Err`, unchanged: sending again is safe |
//! | [`Error::Api`] with a documented code other than those below (`1150`, `1164`, `1165`, …) | LINE Pay refused it clearly | `Err`, unchanged (each operation lists its exceptions) |
//! | [`Error::Api`] `1900`, `1902`, `1999` on Refund | LINE Pay says it did not apply it: re-send | `NotRefunded` |
//! | [`Error::Decode`] whose answer said `0000` | it took effect | Confirmed / Captured / Refunded |
//! | [`Error::Transport`], [`Delivery::MaybeSent`] (read timeouts too) | may still be running | ask; window |
//! | [`Error::Http`]: any status with a body that is not LINE Pay's JSON (5xx pages, a 200 or 3xx that is not JSON, a gateway's 4xx) | not LINE Pay's answer: may still be running | ask; window |
//! | [`Error::Decode`] without a readable `0000` (cut short before the code, wrong shape) | may have been applied | ask; window |
//! | [`Error::Api`] `9000`, `1145`, `1197`, `1198`, or a code this version does not know | may still be running | ask; window |
//!
//! # What `Ok` and `Err` mean
//!
//! - `Err(error)` is exactly what [`Client::send`] returned, and this call moved nothing:
//!   it was never sent, or LINE Pay refused it clearly. Handle it as you would `send`'s.
//! - `Ok(outcome)` says where the payment stands. Outcomes that are not a success hold a
//!   pending record ([`PendingConfirm`], [`PendingCapture`], [`PendingRefund`]) with the
//!   original failure ([`LostAnswer`]), so nothing is lost.
//!
//! # When the questions fail too
//!
//! If Payment Details or Check Payment Status fail while recovering, the answer is an
//! `Unknown` outcome holding the pending record and the `recovery` error. It is not an
//! `Err`, because `Err` promises that nothing moved, and here something may have. Ask again
//! later with the `recheck_*` function.
//!
//! # Surviving a restart
//!
//! The pending records serialize with serde. Store one beside the order, and a new process,
//! with a new client, asks again:
//!
//! ```no_run
//! # async fn run<T: linepay_core::Transport>(client: linepay_core::Client<T>, stored: &str) -> Result<(), Box<dyn std::error::Error>> {
//! use linepay_core::recovery::{PendingRefund, RefundOutcome};
//!
//! let pending: PendingRefund = serde_json::from_str(stored)?;
//! match client.recheck_refund(pending).await {
//!     RefundOutcome::Refunded(receipt) => println!("refunded: {:?}", receipt.refund_transaction_id()),
//!     RefundOutcome::NotRefunded(pending) => println!("not refunded ({}): send it again", pending.lost().cause()),
//!     other => println!("not known yet, store it again: {other:?}"),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Everything is built on [`Client::send`], so it works with any [`Transport`].
//!
//! [`Client::send`]: crate::Client::send
//! [`Transport`]: crate::Transport
//! [`Delivery::NotSent`]: crate::Delivery::NotSent
//! [`Delivery::MaybeSent`]: crate::Delivery::MaybeSent

use std::fmt;
use std::time::SystemTime;

use crate::api::v3::{PayStatus, PaymentDetail, PaymentDetails, PaymentStatus};
use crate::client::Client;
use crate::endpoint::Endpoint;
use crate::error::{ApiError, Error};
use crate::return_code::ReturnCode;
use crate::transport::{Delivery, Transport, TransportError};
use crate::types::TransactionId;

mod capture;
mod confirm;
mod lost;
mod pay;
mod refund;
mod window;

pub use capture::{CaptureOutcome, CaptureReceipt, PendingCapture};
pub use confirm::{ConfirmOutcome, Confirmation, PendingConfirm};
pub use lost::LostAnswer;
pub use pay::{PayOutcome, PayReceipt, PendingPay, Polling};
pub use refund::{PendingRefund, RefundOutcome, RefundReceipt};
pub use window::LandingWindow;

/// Why a payment is beyond saving: the customer must pay again.
///
/// ```
/// use linepay_core::api::v3::{PayStatus, PaymentStatus};
/// use linepay_core::recovery::Failure;
///
/// let failure = Failure::Status(PaymentStatus::CancelledOrExpired);
/// assert_eq!(failure.to_string(), "the customer cancelled the payment, or it expired (0121)");
/// let voided = Failure::PayStatus(PayStatus::VoidedAuthorization);
/// assert_eq!(voided.to_string(), "the authorization was voided (VOIDED_AUTHORIZATION)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// Check Payment Status: cancelled or expired (`0121`), or failed (`0122`).
    Status(PaymentStatus),
    /// Payment Details: the authorization was voided, or it lapsed before it was captured.
    PayStatus(PayStatus),
    /// Capture answered `1199` or `1280`–`1298`: LINE Pay cancelled the payment
    /// automatically ([`ReturnCode::is_auto_cancelled_on_capture`]).
    AutoCancelled(ApiError),
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Status(PaymentStatus::Failed) => {
                write!(f, "the payment failed (0122)")
            }
            Failure::Status(status) => write!(
                f,
                "the customer cancelled the payment, or it expired ({})",
                status.return_code()
            ),
            Failure::PayStatus(PayStatus::VoidedAuthorization) => {
                write!(f, "the authorization was voided (VOIDED_AUTHORIZATION)")
            }
            Failure::PayStatus(status) => {
                write!(f, "the authorization lapsed before capture ({status})")
            }
            Failure::AutoCancelled(error) => write!(
                f,
                "LINE Pay cancelled the payment automatically ({}: {})",
                error.code(),
                error.message()
            ),
        }
    }
}

/// What a failed call says about its effect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Reading {
    /// Nothing happened, or LINE Pay said clearly what did: hand the error back.
    Clear,
    /// It may have taken effect, and may still be running at LINE Pay.
    Ambiguous,
    /// LINE Pay said `0000`, in an answer that could not be read: it took effect.
    SuccessUnread,
}

/// Reads a failure as the table of the module documentation does.
fn reading<TE: TransportError>(error: &Error<TE>) -> Reading {
    match error {
        Error::Invalid(_) => Reading::Clear,
        Error::Transport(transport) => match transport.delivery() {
            Delivery::NotSent => Reading::Clear,
            Delivery::MaybeSent => Reading::Ambiguous,
        },
        // LINE Pay answers with HTTP 200 and JSON: any other answer came from something in
        // between, which may have passed the call on before it failed.
        Error::Http { .. } => Reading::Ambiguous,
        Error::Decode(_) if error.is_unreadable_success() => Reading::SuccessUnread,
        Error::Decode(_) => Reading::Ambiguous,
        Error::Api(api) => api_reading(api.code()),
    }
}

/// `1145`/`1197`/`1198`: still being processed; `9000`: no one knows; a code this version
/// does not know cannot be taken for a refusal.
fn api_reading(code: &ReturnCode) -> Reading {
    if code.is_in_progress() || code.is_internal_error() || matches!(code, ReturnCode::Other(_)) {
        Reading::Ambiguous
    } else {
        Reading::Clear
    }
}

/// The failed call as recovery remembers it: its landing window (measured from when it was
/// handed to the transport; from now when that is unknown, which is later; closed at once
/// after a clear answer) and its cause.
fn lost_answer<E: Endpoint, T: Transport>(
    client: &Client<T>,
    sent_at: Option<SystemTime>,
    reading: Reading,
    cause: Error<T::Error>,
) -> LostAnswer {
    let sent_at = sent_at.unwrap_or_else(|| client.clock().now());
    let window = match reading {
        Reading::Clear => LandingWindow::closed(sent_at),
        Reading::Ambiguous | Reading::SuccessUnread => {
            LandingWindow::of::<E>(sent_at, client.read_timeout_for::<E>())
        }
    };
    let lost = LostAnswer::new(window, cause);
    match reading {
        Reading::SuccessUnread => lost.success_unread(),
        Reading::Clear | Reading::Ambiguous => lost,
    }
}

/// Reads payment `id` with Payment Details.
///
/// LINE Pay lists confirmed payments only and answers `1150` for anything else; when it
/// answers a list without the payment (e.g. `id` is a refund's), that is reported the same
/// way, as [`is_not_listed`] recognizes.
async fn find_payment<T: Transport>(
    client: &Client<T>,
    id: TransactionId,
) -> Result<Box<PaymentDetail>, Error<T::Error>> {
    let query = PaymentDetails {
        transaction_id: vec![id],
        ..PaymentDetails::default()
    };
    let listed = client.send(&query).await?;
    listed
        .into_iter()
        .find(|detail| detail.transaction_id == id && !detail.is_refund())
        .map(Box::new)
        .ok_or_else(|| {
            Error::Api(ApiError::new(
                ReturnCode::NoTransactionHistory,
                format!("Payment Details does not list {id} as a payment."),
            ))
        })
}

/// Whether Payment Details said "no such confirmed payment" (`1150`).
fn is_not_listed<TE: std::error::Error + 'static>(error: &Error<TE>) -> bool {
    error.return_code() == Some(&ReturnCode::NoTransactionHistory)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A transport error that says what it is told.
    #[derive(Debug, thiserror::Error)]
    #[error("test transport error")]
    pub(super) struct Lost(pub(super) Delivery);

    impl TransportError for Lost {
        fn delivery(&self) -> Delivery {
            self.0
        }
        fn is_timeout(&self) -> bool {
            false
        }
    }

    pub(super) fn api(code: &str) -> Error<Lost> {
        Error::Api(ApiError::new(ReturnCode::from_code(code), "-"))
    }

    fn http(status: u16) -> Error<Lost> {
        Error::Http {
            status: http::StatusCode::from_u16(status).unwrap(),
            snippet: String::new(),
        }
    }

    #[test]
    fn reads_failures_as_documented() {
        let unreadable_success: Error<Lost> = Error::Decode(
            crate::DecodeError::new("EOF", b"{").with_return_code(Some(ReturnCode::Success)),
        );
        let cases = [
            (Error::Transport(Lost(Delivery::NotSent)), Reading::Clear),
            (
                Error::Transport(Lost(Delivery::MaybeSent)),
                Reading::Ambiguous,
            ),
            (http(504), Reading::Ambiguous),
            (http(502), Reading::Ambiguous),
            (http(500), Reading::Ambiguous),
            (http(503), Reading::Ambiguous),
            (http(200), Reading::Ambiguous),
            (http(302), Reading::Ambiguous),
            (http(404), Reading::Ambiguous),
            (
                Error::Decode(crate::DecodeError::new("EOF", b"{")),
                Reading::Ambiguous,
            ),
            (unreadable_success, Reading::SuccessUnread),
            (api("9000"), Reading::Ambiguous),
            (api("1198"), Reading::Ambiguous),
            (api("1197"), Reading::Ambiguous),
            (api("1145"), Reading::Ambiguous),
            (api("4242"), Reading::Ambiguous),
            (api("1153"), Reading::Clear),
            (api("1150"), Reading::Clear),
            (
                Error::Invalid(crate::InvalidField::new("amount", "must be positive")),
                Reading::Clear,
            ),
        ];
        for (error, expected) in cases {
            assert_eq!(reading(&error), expected, "{error:?}");
        }
    }

    #[test]
    fn failures_explain_themselves() {
        assert_eq!(
            Failure::Status(PaymentStatus::Failed).to_string(),
            "the payment failed (0122)"
        );
        assert_eq!(
            Failure::PayStatus(PayStatus::ExpiredAuthorization).to_string(),
            "the authorization lapsed before capture (EXPIRED_AUTHORIZATION)"
        );
        let cancelled = ApiError::new(ReturnCode::CardDeclined, "Card declined.");
        assert_eq!(
            Failure::AutoCancelled(cancelled).to_string(),
            "LINE Pay cancelled the payment automatically (1298: Card declined.)"
        );
    }
}

//! Recovery: the safe way to call the APIs that move money when their answer is lost.
//!
//! Confirm, Capture and Refund change a payment. When their answer is lost (a read timeout,
//! a dropped connection, a proxy's 5xx page, a body cut short, LINE Pay's own `9000`), the
//! change may or may not have happened, and sending the call again blindly can be wrong: a
//! second partial refund refunds twice. linepay never re-sends these calls by itself. The
//! functions here send the call **once** and, when its effect is unknown, **ask first**
//! (Payment Details, Check Payment Status) and then say where the payment stands:
//!
//! | Function | Sends | Asks after an ambiguous failure | Answers |
//! |---|---|---|---|
//! | [`Client::confirm_or_recover`] | Confirm | Payment Details, then Check Payment Status | [`ConfirmOutcome`] |
//! | [`Client::capture_or_recover`] | Capture | Payment Details | [`CaptureOutcome`] |
//! | [`Client::refund_or_recover`] | Payment Details (before), then Refund | Payment Details | [`RefundOutcome`] |
//! | [`Client::recheck_refund`] | nothing | Payment Details | [`RefundOutcome`] |
//!
//! # Which failures are ambiguous
//!
//! | Failure of the call | What it says | Recovery |
//! |---|---|---|
//! | [`Error::Invalid`] | a rule was broken; nothing was sent | `Err`, unchanged |
//! | [`Error::Transport`], [`Delivery::NotSent`] | the request never left | `Err`, unchanged: sending again is safe |
//! | [`Error::Transport`], [`Delivery::MaybeSent`] (read timeouts too) | it may have arrived, and may **still be running** | ask |
//! | [`Error::Http`] `504` | a proxy gave up waiting: LINE Pay may **still be running** it | ask |
//! | [`Error::Http`] other `5xx`, or a `200`/`3xx` that is not JSON | an answer, but not LINE Pay's | ask |
//! | [`Error::Http`] `4xx` | refused before LINE Pay acted on it | `Err`, unchanged |
//! | [`Error::Decode`] | LINE Pay's answer cut short (a truncated success) | ask |
//! | [`Error::Api`] `9000` | LINE Pay failed internally: the outcome is unknown | ask |
//! | [`Error::Api`] `1145`, `1197`, `1198` | a call on this payment is **still running** (or a duplicate) | ask |
//! | [`Error::Api`], any other code | LINE Pay's clear answer | `Err`, unchanged (each operation lists its exceptions) |
//!
//! # What `Ok` and `Err` mean
//!
//! - `Err(error)` is exactly what [`Client::send`] returned, and this call moved nothing:
//!   it was never sent, or LINE Pay refused it clearly. Handle it as you would `send`'s.
//! - `Ok(outcome)` says where the payment stands. Outcomes that are not a success keep the
//!   original failure (`cause`), so nothing is lost.
//!
//! # When the questions fail too
//!
//! If Payment Details or Check Payment Status fail while recovering, the answer is an
//! `Unknown` outcome holding **both** errors: the original `cause` and the `recovery` error.
//! It is not an `Err`, because `Err` promises that nothing moved, and here something may have.
//! Ask again later (for a refund, with [`Client::recheck_refund`]).
//!
//! # "Still running": why `InProgress` and not "safe to retry"
//!
//! After a read timeout the call may still be running at LINE Pay: the effect lands later,
//! and until it does, Payment Details shows the payment as before. Saying "not done, re-send"
//! then would be wrong for a Refund (the re-sent refund would be a second one). So when the
//! failure leaves the call possibly running (a `MaybeSent` transport error, HTTP `504`,
//! `1145`/`1197`/`1198`) and the payment shows no effect yet, the outcome is `InProgress`:
//! ask again later. Confirm and Capture are protected by LINE Pay as well (a second Confirm
//! gets `1198` while the first runs and `1172` once it went through; a payment is captured
//! once), which the functions here turn back into the right outcome.
//!
//! Everything is built on [`Client::send`], so it works with any [`Transport`].
//!
//! [`Client::send`]: crate::Client::send
//! [`Transport`]: crate::Transport
//! [`Delivery::NotSent`]: crate::Delivery::NotSent
//! [`Delivery::MaybeSent`]: crate::Delivery::MaybeSent

use std::fmt;

use http::StatusCode;

use crate::api::v3::{PayStatus, PaymentDetail, PaymentDetails, PaymentStatus};
use crate::client::Client;
use crate::error::{ApiError, Error};
use crate::return_code::ReturnCode;
use crate::transport::{Delivery, Transport, TransportError};
use crate::types::TransactionId;

mod capture;
mod confirm;
mod refund;

pub use capture::{CaptureOutcome, CaptureReceipt};
pub use confirm::{ConfirmOutcome, Confirmation};
pub use refund::{PendingRefund, RefundOutcome, RefundReceipt};

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
enum Effect {
    /// Nothing happened, or LINE Pay said clearly what did: hand the error back.
    Known,
    /// It may have taken effect; the call is over.
    Unknown,
    /// It may have taken effect, and may still be running at LINE Pay.
    MaybeRunning,
}

/// Reads a failure as the table of the module documentation does.
fn effect_of<TE: TransportError>(error: &Error<TE>) -> Effect {
    match error {
        Error::Transport(transport) => match transport.delivery() {
            Delivery::NotSent => Effect::Known,
            // A timeout or a lost connection: LINE Pay may still be working on it.
            Delivery::MaybeSent => Effect::MaybeRunning,
        },
        Error::Http { status, .. } => http_effect(*status),
        Error::Decode(_) => Effect::Unknown,
        Error::Api(api) => api_effect(api.code()),
        Error::Invalid(_) => Effect::Known,
    }
}

/// A non-LINE Pay answer: a `4xx` was refused on the way, a `504` means the proxy stopped
/// waiting (not LINE Pay), anything else ended the call without saying how.
fn http_effect(status: StatusCode) -> Effect {
    if status == StatusCode::GATEWAY_TIMEOUT {
        Effect::MaybeRunning
    } else if status.is_client_error() {
        Effect::Known
    } else {
        Effect::Unknown
    }
}

/// `1145`/`1197`/`1198`: something is still being processed; `9000`: no one knows.
fn api_effect(code: &ReturnCode) -> Effect {
    if code.is_in_progress() {
        Effect::MaybeRunning
    } else if code.is_internal_error() {
        Effect::Unknown
    } else {
        Effect::Known
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
            status: StatusCode::from_u16(status).unwrap(),
            snippet: String::new(),
        }
    }

    #[test]
    fn reads_failures_as_documented() {
        let cases = [
            (Error::Transport(Lost(Delivery::NotSent)), Effect::Known),
            (
                Error::Transport(Lost(Delivery::MaybeSent)),
                Effect::MaybeRunning,
            ),
            (http(504), Effect::MaybeRunning),
            (http(502), Effect::Unknown),
            (http(500), Effect::Unknown),
            (http(200), Effect::Unknown),
            (http(404), Effect::Known),
            (http(429), Effect::Known),
            (
                Error::Decode(crate::DecodeError::new("EOF", b"{")),
                Effect::Unknown,
            ),
            (api("9000"), Effect::Unknown),
            (api("1198"), Effect::MaybeRunning),
            (api("1145"), Effect::MaybeRunning),
            (api("1153"), Effect::Known),
            (api("1150"), Effect::Known),
            (
                Error::Invalid(crate::InvalidField::new("amount", "must be positive")),
                Effect::Known,
            ),
        ];
        for (error, effect) in cases {
            assert_eq!(effect_of(&error), effect, "{error:?}");
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

//! Capture, recovered: [`Client::capture_or_recover`].

use std::convert::Infallible;

use crate::api::v3::{CaptureInfo, CapturePayment, PayInfo, PayStatus, PaymentDetail};
use crate::client::Client;
use crate::error::{DecodeError, Error};
use crate::return_code::ReturnCode;
use crate::transport::{Transport, TransportError};
use crate::types::{OrderId, TransactionId};

use super::{Effect, Failure, effect_of, find_payment};

/// Where an authorized payment stands after [`Client::capture_or_recover`].
///
/// `TE` is the transport's error type; `cause` is always the failure of the Capture call
/// that made recovery necessary.
#[derive(Debug)]
#[non_exhaustive]
pub enum CaptureOutcome<TE = Infallible>
where
    TE: std::error::Error + 'static,
{
    /// The payment is captured: by Capture's own answer, or, when that was lost, by the
    /// Payment Details entry (`payStatus` `CAPTURE`) that proves it. Do not capture again.
    Captured(CaptureReceipt),
    /// Still an authorization (`payStatus` `AUTHORIZATION`) after a Capture call that is
    /// over: capturing again is safe, before the authorization lapses.
    NotCaptured {
        /// Why the Capture call failed.
        cause: Error<TE>,
    },
    /// Still an authorization, but the Capture may still be running, or LINE Pay is
    /// re-authorizing the payment (`1198`: "repeat after several minutes"). Ask again later;
    /// calling [`Client::capture_or_recover`] again is safe.
    InProgress {
        /// Why the Capture call failed.
        cause: Error<TE>,
    },
    /// LINE Pay cancelled the payment automatically (`1199`, `1280`–`1298`), or the
    /// authorization was voided or lapsed: the customer must pay again.
    Failed(Failure),
    /// The Capture's answer was lost and Payment Details failed too (or named a `payStatus`
    /// this version cannot read): nothing is known. Ask again later.
    Unknown {
        /// Why the Capture call failed.
        cause: Error<TE>,
        /// Why Payment Details failed, or what it answered that could not be read.
        recovery: Error<TE>,
    },
}

/// The proof that a payment is captured.
///
/// ```
/// use linepay_core::{Amount, OrderId, TransactionId};
/// use linepay_core::api::v3::{CaptureInfo, PayInfo, PayMethod};
/// use linepay_core::recovery::CaptureReceipt;
///
/// let id = TransactionId::new(2019049910005496810);
/// let mut info = CaptureInfo::new(id, OrderId::new("O1")?);
/// info.pay_info.push(PayInfo::new(PayMethod::CreditCard, Amount::whole(80)));
/// let receipt = CaptureReceipt::Answered(info);
/// assert_eq!(receipt.transaction_id(), id);
/// assert_eq!(receipt.order_id().map(|o| o.as_str()), Some("O1"));
/// assert_eq!(receipt.pay_info()[0].amount, Amount::whole(80));
/// assert!(!receipt.is_recovered());
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CaptureReceipt {
    /// Capture's own answer.
    Answered(CaptureInfo),
    /// Capture's answer was lost; this is the payment as Payment Details lists it
    /// (`payStatus` `CAPTURE`).
    Recovered(Box<PaymentDetail>),
}

impl CaptureReceipt {
    /// The payment's transaction id.
    pub fn transaction_id(&self) -> TransactionId {
        match self {
            CaptureReceipt::Answered(info) => info.transaction_id,
            CaptureReceipt::Recovered(detail) => detail.transaction_id,
        }
    }

    /// The merchant's order id (Payment Details may leave it out).
    pub fn order_id(&self) -> Option<&OrderId> {
        match self {
            CaptureReceipt::Answered(info) => Some(&info.order_id),
            CaptureReceipt::Recovered(detail) => detail.order_id.as_ref(),
        }
    }

    /// How the captured amount was paid.
    pub fn pay_info(&self) -> &[PayInfo] {
        match self {
            CaptureReceipt::Answered(info) => &info.pay_info,
            CaptureReceipt::Recovered(detail) => &detail.pay_info,
        }
    }

    /// Whether Capture's answer was lost and this was read back from Payment Details.
    pub fn is_recovered(&self) -> bool {
        matches!(self, CaptureReceipt::Recovered(_))
    }
}

/// Whether, and how, a failed Capture is looked into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Look {
    /// A clear failure: hand it back.
    Never,
    /// `1179`/`1180`: refused for the payment's state; look, to say which state.
    AfterRefusal,
    /// The effect is unknown; the call may still be running.
    AfterAmbiguity { may_be_running: bool },
}

impl<T: Transport> Client<T> {
    /// Captures an authorization once and, if the answer is lost, reads the payment
    /// instead of capturing blindly again.
    ///
    /// ```text
    /// Capture ── 0000 ───────────────────────────────────────▶ Captured(Answered)
    ///    │ 1199, 1280–1298 ──────────────────────────────────▶ Failed(AutoCancelled)
    ///    │ NotSent, 4xx, clear codes (1153, …) ──────────────▶ Err, unchanged
    ///    │ 1179/1180 (wrong state), or ambiguous: MaybeSent/timeout,
    ///    │ 5xx, truncated, 9000, 1198 (re-authorizing / still running)
    ///    ▼
    /// Payment Details, payStatus
    ///    ├─ CAPTURE ────────────────────────────────────────▶ Captured(Recovered)
    ///    ├─ AUTHORIZATION, Capture may still be running ────▶ InProgress
    ///    ├─ AUTHORIZATION ──────────────────────────────────▶ NotCaptured: capture again
    ///    └─ VOIDED_AUTHORIZATION, EXPIRED_AUTHORIZATION ───▶ Failed(PayStatus)
    /// Payment Details fails ─────────────────────────────────▶ Unknown { cause, recovery }
    /// ```
    ///
    /// | Capture failed with | `payStatus` | Outcome |
    /// |---|---|---|
    /// | `1199`, `1280`–`1298` | (not asked) | `Failed(AutoCancelled)`: LINE Pay cancelled the payment automatically |
    /// | ambiguous, call over (`5xx`, truncated, `9000`) | `CAPTURE` / `AUTHORIZATION` | `Captured(Recovered)` / `NotCaptured` |
    /// | may still be running (`MaybeSent`, `504`, `1198`) | `CAPTURE` / `AUTHORIZATION` | `Captured(Recovered)` / `InProgress` |
    /// | ambiguous | `VOIDED_…`, `EXPIRED_…` | `Failed(PayStatus)` |
    /// | ambiguous | Payment Details fails | `Unknown` |
    /// | `1179`, `1180` | `CAPTURE` | `Captured(Recovered)`: captured earlier (e.g. by the call whose answer was lost) |
    /// | `1179`, `1180` | `VOIDED_…`, `EXPIRED_…` | `Failed(PayStatus)` |
    /// | `1179`, `1180` | anything else, or Payment Details fails | `Err(cause)`: LINE Pay's refusal stands |
    ///
    /// Because a payment is captured once, and a Capture of a captured payment is refused
    /// for its state and read back here as `Captured`, calling this again after
    /// `NotCaptured` or `InProgress` never captures twice.
    ///
    /// ```no_run
    /// # async fn run<T: linepay_core::Transport>(client: linepay_core::Client<T>) -> Result<(), Box<dyn std::error::Error>> {
    /// use linepay_core::api::v3::CapturePayment;
    /// use linepay_core::recovery::CaptureOutcome;
    /// use linepay_core::{Amount, Currency, TransactionId};
    ///
    /// let capture = CapturePayment {
    ///     transaction_id: TransactionId::new(2019049910005496810),
    ///     amount: Amount::whole(250),
    ///     currency: Currency::Twd,
    /// };
    /// match client.capture_or_recover(&capture).await? {
    ///     CaptureOutcome::Captured(receipt) => println!("captured {}", receipt.transaction_id()),
    ///     CaptureOutcome::NotCaptured { .. } => println!("still authorized: capture again"),
    ///     CaptureOutcome::InProgress { .. } => println!("ask again in a few minutes"),
    ///     CaptureOutcome::Failed(why) => println!("the customer must pay again: {why}"),
    ///     CaptureOutcome::Unknown { cause, recovery } => println!("unknown: {cause}; {recovery}"),
    ///     _ => println!("an outcome this code does not know: treat it as unknown"),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn capture_or_recover(
        &self,
        capture: &CapturePayment,
    ) -> Result<CaptureOutcome<T::Error>, Error<T::Error>> {
        let cause = match self.send(capture).await {
            Ok(info) => return Ok(CaptureOutcome::Captured(CaptureReceipt::Answered(info))),
            Err(cause) => cause,
        };
        let cause = match auto_cancelled(cause) {
            Ok(failure) => return Ok(CaptureOutcome::Failed(failure)),
            Err(cause) => cause,
        };
        let id = capture.transaction_id;
        match look(&cause) {
            Look::Never => Err(cause),
            Look::AfterRefusal => explain_refusal(self, id, cause).await,
            Look::AfterAmbiguity { may_be_running } => {
                Ok(recover(self, id, cause, may_be_running).await)
            }
        }
    }
}

/// Capture's reading of a failure.
fn look<TE: TransportError>(cause: &Error<TE>) -> Look {
    match cause.return_code() {
        // Not ambiguous, but the payment's state is the answer: look at it.
        Some(ReturnCode::InvalidState | ReturnCode::PaymentExpired) => Look::AfterRefusal,
        _ => match effect_of(cause) {
            Effect::Known => Look::Never,
            Effect::Unknown => Look::AfterAmbiguity {
                may_be_running: false,
            },
            Effect::MaybeRunning => Look::AfterAmbiguity {
                may_be_running: true,
            },
        },
    }
}

/// `1199`, `1280`–`1298`: LINE Pay cancelled the payment; no question can change that.
fn auto_cancelled<TE: std::error::Error + 'static>(cause: Error<TE>) -> Result<Failure, Error<TE>> {
    match cause {
        Error::Api(api) if api.code().is_auto_cancelled_on_capture() => {
            Ok(Failure::AutoCancelled(api))
        }
        other => Err(other),
    }
}

/// After `1179`/`1180`: a payment captured already (by a call whose answer was lost) or no
/// longer capturable; anything else leaves LINE Pay's refusal as the answer.
async fn explain_refusal<T: Transport>(
    client: &Client<T>,
    id: TransactionId,
    cause: Error<T::Error>,
) -> Result<CaptureOutcome<T::Error>, Error<T::Error>> {
    let Ok(detail) = find_payment(client, id).await else {
        return Err(cause);
    };
    match detail.pay_status {
        Some(PayStatus::Capture) => Ok(CaptureOutcome::Captured(CaptureReceipt::Recovered(detail))),
        Some(status @ (PayStatus::VoidedAuthorization | PayStatus::ExpiredAuthorization)) => {
            Ok(CaptureOutcome::Failed(Failure::PayStatus(status)))
        }
        _ => Err(cause),
    }
}

/// After an ambiguous failure: the payment's `payStatus` says what happened.
async fn recover<T: Transport>(
    client: &Client<T>,
    id: TransactionId,
    cause: Error<T::Error>,
    may_be_running: bool,
) -> CaptureOutcome<T::Error> {
    match find_payment(client, id).await {
        Ok(detail) => from_pay_status(detail, cause, may_be_running),
        Err(recovery) => CaptureOutcome::Unknown { cause, recovery },
    }
}

/// The outcome the payment's `payStatus` stands for.
fn from_pay_status<TE: std::error::Error + 'static>(
    detail: Box<PaymentDetail>,
    cause: Error<TE>,
    may_be_running: bool,
) -> CaptureOutcome<TE> {
    match &detail.pay_status {
        Some(PayStatus::Capture) => CaptureOutcome::Captured(CaptureReceipt::Recovered(detail)),
        // Not captured; unless our Capture may still land (or LINE Pay is re-authorizing),
        // capture again.
        Some(PayStatus::Authorization) if may_be_running => CaptureOutcome::InProgress { cause },
        Some(PayStatus::Authorization) => CaptureOutcome::NotCaptured { cause },
        Some(status @ (PayStatus::VoidedAuthorization | PayStatus::ExpiredAuthorization)) => {
            CaptureOutcome::Failed(Failure::PayStatus(status.clone()))
        }
        unreadable => {
            let recovery = unreadable_pay_status(unreadable.as_ref());
            CaptureOutcome::Unknown { cause, recovery }
        }
    }
}

/// A `payStatus` that is missing or unknown to this version, as an error that says so.
fn unreadable_pay_status<TE: std::error::Error + 'static>(status: Option<&PayStatus>) -> Error<TE> {
    let shown = status.map_or("none", PayStatus::as_str);
    Error::Decode(DecodeError::new(
        format!("Payment Details gave payStatus {shown}, which says nothing about a capture"),
        shown.as_bytes(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::v3::PaymentDetail;
    use crate::recovery::tests::api;

    fn with_status(status: Option<PayStatus>) -> PaymentDetail {
        let mut detail = PaymentDetail::new(TransactionId::new(2026112200000000001));
        detail.pay_status = status;
        detail
    }

    #[test]
    fn looks_as_documented() {
        assert_eq!(look(&api("1179")), Look::AfterRefusal);
        assert_eq!(look(&api("1180")), Look::AfterRefusal);
        assert_eq!(look(&api("1199")), Look::Never);
        assert_eq!(look(&api("1153")), Look::Never);
        assert_eq!(
            look(&api("9000")),
            Look::AfterAmbiguity {
                may_be_running: false
            }
        );
        assert_eq!(
            look(&api("1198")),
            Look::AfterAmbiguity {
                may_be_running: true
            }
        );
    }

    #[test]
    fn auto_cancel_codes_fail_the_payment() {
        assert!(matches!(
            auto_cancelled(api("1281")),
            Ok(Failure::AutoCancelled(e)) if e.code().as_str() == "1281"
        ));
        assert!(auto_cancelled(api("9000")).is_err());
    }

    #[test]
    fn decides_from_the_pay_status_as_documented() {
        let outcome =
            |status, running| from_pay_status(Box::new(with_status(status)), api("9000"), running);
        assert!(matches!(
            outcome(Some(PayStatus::Capture), true),
            CaptureOutcome::Captured(CaptureReceipt::Recovered(_))
        ));
        assert!(matches!(
            outcome(Some(PayStatus::Authorization), false),
            CaptureOutcome::NotCaptured { .. }
        ));
        assert!(matches!(
            outcome(Some(PayStatus::Authorization), true),
            CaptureOutcome::InProgress { .. }
        ));
        assert!(matches!(
            outcome(Some(PayStatus::VoidedAuthorization), false),
            CaptureOutcome::Failed(Failure::PayStatus(PayStatus::VoidedAuthorization))
        ));
        assert!(matches!(
            outcome(Some(PayStatus::Other("HELD".to_owned())), false),
            CaptureOutcome::Unknown { recovery: Error::Decode(e), .. } if e.snippet() == "HELD"
        ));
        assert!(matches!(
            outcome(None, false),
            CaptureOutcome::Unknown { .. }
        ));
    }
}

//! Capture, recovered: [`Client::capture_or_recover`].

use std::convert::Infallible;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::api::v3::{CaptureInfo, CapturePayment, PayInfo, PayStatus, PaymentDetail};
use crate::client::Client;
use crate::error::{DecodeError, Error};
use crate::return_code::ReturnCode;
use crate::transport::{Transport, TransportError};
use crate::types::{Amount, Currency, OrderId, TransactionId};

use super::{Failure, LostAnswer, Reading, find_payment, lost_answer, reading};

/// Where an authorized payment stands after [`Client::capture_or_recover`] or
/// [`Client::recheck_capture`].
///
/// `TE` is the transport's error type.
#[derive(Debug)]
#[non_exhaustive]
pub enum CaptureOutcome<TE = Infallible>
where
    TE: std::error::Error + 'static,
{
    /// The payment is captured: by Capture's own answer, by its `0000` whose details could
    /// not be read, or, when the answer was lost, by the Payment Details entry (`payStatus`
    /// `CAPTURE`) that proves it. Do not capture again.
    Captured(CaptureReceipt),
    /// Still an authorization (`payStatus` `AUTHORIZATION`) and the lost Capture can no
    /// longer land: capturing again ([`PendingCapture::capture`]) is safe, before the
    /// authorization lapses.
    NotCaptured {
        /// The Capture whose answer was lost.
        pending: PendingCapture,
    },
    /// Still an authorization, but the Capture may still land, or LINE Pay is
    /// re-authorizing the payment (`1198`: "repeat after several minutes"). Keep the record
    /// and ask again with [`Client::recheck_capture`].
    InProgress {
        /// The Capture whose answer was lost.
        pending: PendingCapture,
    },
    /// LINE Pay cancelled the payment automatically (`1199`, `1280`–`1298`), or the
    /// authorization was voided or lapsed: the customer must pay again.
    Failed(Failure),
    /// The Capture's answer was lost and Payment Details failed too (or named a `payStatus`
    /// this version cannot read): nothing is known. Ask again later with
    /// [`Client::recheck_capture`].
    Unknown {
        /// The Capture whose answer was lost.
        pending: PendingCapture,
        /// Why Payment Details failed, or what it answered that could not be read.
        recovery: Error<TE>,
    },
}

/// A Capture whose answer was lost: what was sent and the [`LostAnswer`] (landing window
/// and cause). Hand it to [`Client::recheck_capture`]; it serializes with serde, so it
/// survives a restart.
///
/// ```
/// use linepay_core::recovery::PendingCapture;
///
/// let stored = r#"{"transactionId":2026112200000000001,"amount":250,"currency":"TWD",
///   "lost":{"window":{"sentAt":1800000000000,"closesAt":1800000180000},"successUnread":false,
///           "cause":"LINE Pay returned 9000: Internal error."}}"#;
/// let pending: PendingCapture = serde_json::from_str(stored)?;
/// assert_eq!(pending.capture().amount.to_string(), "250");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingCapture {
    transaction_id: TransactionId,
    amount: Amount,
    currency: Currency,
    lost: LostAnswer,
}

impl PendingCapture {
    fn new(capture: &CapturePayment, lost: LostAnswer) -> Self {
        Self {
            transaction_id: capture.transaction_id,
            amount: capture.amount,
            currency: capture.currency.clone(),
            lost,
        }
    }

    /// The Capture that was sent.
    pub fn capture(&self) -> CapturePayment {
        CapturePayment {
            transaction_id: self.transaction_id,
            amount: self.amount,
            currency: self.currency.clone(),
        }
    }

    /// Why the answer was lost, and until when the Capture may still land.
    pub fn lost(&self) -> &LostAnswer {
        &self.lost
    }
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
    /// LINE Pay answered `0000`, so the payment is captured, but neither the answer nor
    /// Payment Details could be read yet. [`Client::recheck_capture`] with this record
    /// reads the details later; it never answers "not captured".
    SuccessUnread(PendingCapture),
}

impl CaptureReceipt {
    /// The payment's transaction id.
    pub fn transaction_id(&self) -> TransactionId {
        match self {
            CaptureReceipt::Answered(info) => info.transaction_id,
            CaptureReceipt::Recovered(detail) => detail.transaction_id,
            CaptureReceipt::SuccessUnread(pending) => pending.transaction_id,
        }
    }

    /// The merchant's order id (Payment Details may leave it out; unknown while unread).
    pub fn order_id(&self) -> Option<&OrderId> {
        match self {
            CaptureReceipt::Answered(info) => Some(&info.order_id),
            CaptureReceipt::Recovered(detail) => detail.order_id.as_ref(),
            CaptureReceipt::SuccessUnread(_) => None,
        }
    }

    /// How the captured amount was paid (empty while unread).
    pub fn pay_info(&self) -> &[PayInfo] {
        match self {
            CaptureReceipt::Answered(info) => &info.pay_info,
            CaptureReceipt::Recovered(detail) => &detail.pay_info,
            CaptureReceipt::SuccessUnread(_) => &[],
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
    /// The effect is unknown, or LINE Pay said `0000` in an answer that could not be read.
    AfterAmbiguity(Reading),
}

impl<T: Transport> Client<T> {
    /// Captures an authorization once and, if the answer is lost, reads the payment
    /// instead of capturing blindly again.
    ///
    /// ```text
    /// Capture ── 0000 ───────────────────────────────────────▶ Captured(Answered)
    ///    │ 1199, 1280–1298 ──────────────────────────────────▶ Failed(AutoCancelled)
    ///    │ NotSent, clear codes (1153, …) ───────────────────▶ Err, unchanged
    ///    │ 1179/1180 (wrong state), a 0000 that does not decode, or anything
    ///    │ ambiguous: timeouts, 5xx, 9000, 1198 (re-authorizing / still running), …
    ///    ▼
    /// Payment Details, payStatus
    ///    ├─ CAPTURE ────────────────────────────────────────▶ Captured(Recovered)
    ///    ├─ after a 0000: anything else, or the read fails ─▶ Captured(SuccessUnread)
    ///    ├─ AUTHORIZATION, the window open when asked ──────▶ InProgress
    ///    ├─ AUTHORIZATION, the window closed ───────────────▶ NotCaptured: capture again
    ///    └─ VOIDED_AUTHORIZATION, EXPIRED_AUTHORIZATION ───▶ Failed(PayStatus)
    /// Payment Details fails ─────────────────────────────────▶ Unknown { pending, recovery }
    /// ```
    ///
    /// | Capture failed with | `payStatus` | Outcome |
    /// |---|---|---|
    /// | `1199`, `1280`–`1298` | (not asked) | `Failed(AutoCancelled)`: LINE Pay cancelled the payment automatically |
    /// | ambiguous | `CAPTURE` / `AUTHORIZATION` | `Captured(Recovered)` / `InProgress` until the [`LandingWindow`](super::LandingWindow) closes, `NotCaptured` after |
    /// | ambiguous | `VOIDED_…`, `EXPIRED_…` | `Failed(PayStatus)` |
    /// | ambiguous | Payment Details fails | `Unknown` |
    /// | `0000` that does not decode | `CAPTURE` / anything else or a failed read | `Captured(Recovered)` / `Captured(SuccessUnread)` |
    /// | `1179`, `1180` | `CAPTURE` | `Captured(Recovered)`: captured earlier (e.g. by the call whose answer was lost) |
    /// | `1179`, `1180` | `VOIDED_…`, `EXPIRED_…` | `Failed(PayStatus)` |
    /// | `1179`, `1180` | anything else, or Payment Details fails | `Err(cause)`: LINE Pay's refusal stands |
    ///
    /// The window is three times Capture's recommended 60 s read timeout from when the call
    /// was sent, with the client's defaults. A payment is captured once, and a Capture of a
    /// captured payment is refused for its state and read back here as `Captured`.
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
    ///     CaptureOutcome::InProgress { pending } => println!("ask again after {:?}", pending.lost().window().closes_at()),
    ///     CaptureOutcome::Failed(why) => println!("the customer must pay again: {why}"),
    ///     CaptureOutcome::Unknown { pending, recovery } => println!("unknown: {}; {recovery}", pending.lost().cause()),
    ///     _ => println!("an outcome this code does not know: treat it as unknown"),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn capture_or_recover(
        &self,
        capture: &CapturePayment,
    ) -> Result<CaptureOutcome<T::Error>, Error<T::Error>> {
        let (result, sent_at) = self.send_stamped(capture).await;
        let cause = match result {
            Ok(info) => return Ok(CaptureOutcome::Captured(CaptureReceipt::Answered(info))),
            Err(cause) => cause,
        };
        let cause = match auto_cancelled(cause) {
            Ok(failure) => return Ok(CaptureOutcome::Failed(failure)),
            Err(cause) => cause,
        };
        match look(&cause) {
            Look::Never => Err(cause),
            Look::AfterRefusal => explain_refusal(self, capture.transaction_id, cause).await,
            Look::AfterAmbiguity(reading) => {
                let lost = lost_answer::<CapturePayment, T>(self, sent_at, reading, cause);
                Ok(recover(self, PendingCapture::new(capture, lost)).await)
            }
        }
    }

    /// Asks again about a Capture whose answer was lost; sends nothing but Payment Details,
    /// and answers as [`Client::capture_or_recover`] does after an ambiguous failure. The
    /// record may come from another process ([`PendingCapture`] is serde).
    ///
    /// ```no_run
    /// # async fn run<T: linepay_core::Transport>(client: linepay_core::Client<T>, pending: linepay_core::recovery::PendingCapture) {
    /// use linepay_core::recovery::CaptureOutcome;
    ///
    /// match client.recheck_capture(pending).await {
    ///     CaptureOutcome::Captured(receipt) => println!("captured {}", receipt.transaction_id()),
    ///     CaptureOutcome::NotCaptured { pending } => println!("capture again: {:?}", pending.capture()),
    ///     _ => println!("not known yet: ask again later"),
    /// }
    /// # }
    /// ```
    pub async fn recheck_capture(&self, pending: PendingCapture) -> CaptureOutcome<T::Error> {
        recover(self, pending).await
    }
}

/// Capture's reading of a failure.
fn look<TE: TransportError>(cause: &Error<TE>) -> Look {
    match cause.return_code() {
        // Not ambiguous, but the payment's state is the answer: look at it.
        Some(ReturnCode::InvalidState | ReturnCode::PaymentExpired) => Look::AfterRefusal,
        _ => match reading(cause) {
            Reading::Clear => Look::Never,
            other => Look::AfterAmbiguity(other),
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
    pending: PendingCapture,
) -> CaptureOutcome<T::Error> {
    // Read before asking: a Capture landing while the question is on its way must not be
    // taken for one that can no longer land.
    let asked_at = client.clock().now();
    match find_payment(client, pending.transaction_id).await {
        Ok(detail) => from_pay_status(detail, pending, asked_at),
        Err(_) if pending.lost.is_success_unread() => {
            CaptureOutcome::Captured(CaptureReceipt::SuccessUnread(pending))
        }
        Err(recovery) => CaptureOutcome::Unknown { pending, recovery },
    }
}

/// The outcome the payment's `payStatus` stands for.
fn from_pay_status<TE: std::error::Error + 'static>(
    detail: Box<PaymentDetail>,
    pending: PendingCapture,
    asked_at: SystemTime,
) -> CaptureOutcome<TE> {
    match &detail.pay_status {
        Some(PayStatus::Capture) => CaptureOutcome::Captured(CaptureReceipt::Recovered(detail)),
        // LINE Pay said `0000`: captured, whatever the list shows yet.
        _ if pending.lost.is_success_unread() => {
            CaptureOutcome::Captured(CaptureReceipt::SuccessUnread(pending))
        }
        // Not captured; unless our Capture may still land (or LINE Pay is re-authorizing),
        // capture again.
        Some(PayStatus::Authorization) if pending.lost.may_land_at(asked_at) => {
            CaptureOutcome::InProgress { pending }
        }
        Some(PayStatus::Authorization) => CaptureOutcome::NotCaptured { pending },
        Some(status @ (PayStatus::VoidedAuthorization | PayStatus::ExpiredAuthorization)) => {
            CaptureOutcome::Failed(Failure::PayStatus(status.clone()))
        }
        unreadable => {
            let recovery = unreadable_pay_status(unreadable.as_ref());
            CaptureOutcome::Unknown { pending, recovery }
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
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::api::v3::PaymentDetail;
    use crate::recovery::LandingWindow;
    use crate::recovery::tests::{Lost, api};

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
        for code in ["9000", "1198"] {
            assert_eq!(look(&api(code)), Look::AfterAmbiguity(Reading::Ambiguous));
        }
    }

    #[test]
    fn auto_cancel_codes_fail_the_payment() {
        assert!(matches!(
            auto_cancelled(api("1281")),
            Ok(Failure::AutoCancelled(e)) if e.code().as_str() == "1281"
        ));
        assert!(auto_cancelled(api("9000")).is_err());
    }

    fn pending(success_unread: bool) -> PendingCapture {
        let capture = CapturePayment {
            transaction_id: TransactionId::new(2026112200000000001),
            amount: Amount::whole(100),
            currency: Currency::Twd,
        };
        let window = LandingWindow::of::<CapturePayment>(SENT, Duration::ZERO);
        let lost = LostAnswer::new(window, api("9000"));
        let lost = if success_unread {
            lost.success_unread()
        } else {
            lost
        };
        PendingCapture::new(&capture, lost)
    }

    const SENT: SystemTime = UNIX_EPOCH;

    #[test]
    fn decides_from_the_pay_status_as_documented() {
        let open = SENT + Duration::from_secs(179);
        let closed = SENT + Duration::from_secs(180);
        let outcome = |status, unread, at| {
            from_pay_status::<Lost>(Box::new(with_status(status)), pending(unread), at)
        };
        assert!(matches!(
            outcome(Some(PayStatus::Capture), false, open),
            CaptureOutcome::Captured(CaptureReceipt::Recovered(_))
        ));
        assert!(matches!(
            outcome(Some(PayStatus::Authorization), false, closed),
            CaptureOutcome::NotCaptured { .. }
        ));
        assert!(matches!(
            outcome(Some(PayStatus::Authorization), false, open),
            CaptureOutcome::InProgress { .. }
        ));
        assert!(matches!(
            outcome(Some(PayStatus::Authorization), true, closed),
            CaptureOutcome::Captured(CaptureReceipt::SuccessUnread(_))
        ));
        assert!(matches!(
            outcome(Some(PayStatus::VoidedAuthorization), false, closed),
            CaptureOutcome::Failed(Failure::PayStatus(PayStatus::VoidedAuthorization))
        ));
        assert!(matches!(
            outcome(Some(PayStatus::Other("HELD".to_owned())), false, closed),
            CaptureOutcome::Unknown { recovery: Error::Decode(e), .. } if e.snippet() == "HELD"
        ));
        assert!(matches!(
            outcome(None, false, closed),
            CaptureOutcome::Unknown { .. }
        ));
    }
}

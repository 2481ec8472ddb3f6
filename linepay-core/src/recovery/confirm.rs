//! Confirm, recovered: [`Client::confirm_or_recover`] and [`Client::recheck_confirm`].

use std::convert::Infallible;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::api::v3::{
    CheckPaymentStatus, ConfirmInfo, ConfirmPayment, PayStatus, PaymentDetail, PaymentProvider,
    PaymentStatus,
};
use crate::client::Client;
use crate::error::Error;
use crate::return_code::ReturnCode;
use crate::transport::{Transport, TransportError};
use crate::types::{Amount, Currency, OrderId, TransactionId};

use super::{Failure, LostAnswer, Reading, find_payment, is_not_listed, lost_answer, reading};

/// Where a payment stands after [`Client::confirm_or_recover`] or [`Client::recheck_confirm`].
///
/// `TE` is the transport's error type.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfirmOutcome<TE = Infallible>
where
    TE: std::error::Error + 'static,
{
    /// The payment is confirmed: by Confirm's own answer, by its `0000` whose details could
    /// not be read, or, when the answer was lost, by the Payment Details entry that proves
    /// it. Do not confirm again.
    Confirmed(Confirmation),
    /// The customer authorized the payment (Check Payment Status `0110`), it is not
    /// confirmed, and the lost Confirm can no longer land: sending Confirm again
    /// ([`PendingConfirm::confirm`]) is safe.
    NotConfirmed {
        /// What Check Payment Status answered: [`PaymentStatus::Authorized`].
        status: PaymentStatus,
        /// The Confirm whose answer was lost.
        pending: PendingConfirm,
    },
    /// Not decided yet: the Confirm may still land at LINE Pay (`status` is
    /// [`Authorized`](PaymentStatus::Authorized)), the customer has not finished
    /// ([`Waiting`](PaymentStatus::Waiting)), or LINE Pay calls the payment complete but
    /// Payment Details does not list it yet ([`Completed`](PaymentStatus::Completed)).
    /// Keep the record and ask again with [`Client::recheck_confirm`].
    InProgress {
        /// What Check Payment Status answered.
        status: PaymentStatus,
        /// The Confirm whose answer was lost.
        pending: PendingConfirm,
    },
    /// Cancelled by the customer, expired or failed: the customer must pay again.
    Failed(Failure),
    /// The Confirm's answer was lost and the questions failed too: nothing is known. Ask
    /// again later with [`Client::recheck_confirm`].
    Unknown {
        /// The Confirm whose answer was lost.
        pending: PendingConfirm,
        /// Why Payment Details or Check Payment Status failed.
        recovery: Error<TE>,
    },
}

/// A Confirm whose answer was lost: what was sent and the [`LostAnswer`] (landing window
/// and cause). Hand it to [`Client::recheck_confirm`]; it serializes with serde, so it
/// survives a restart.
///
/// ```
/// use linepay_core::recovery::PendingConfirm;
///
/// let stored = r#"{"transactionId":2026112200000000001,"amount":250,"currency":"TWD",
///   "lost":{"window":{"sentAt":1800000000000,"closesAt":1800000120000},"successUnread":false,
///           "cause":"LINE Pay answered HTTP 502"}}"#;
/// let pending: PendingConfirm = serde_json::from_str(stored)?;
/// assert_eq!(pending.confirm().amount.to_string(), "250");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingConfirm {
    transaction_id: TransactionId,
    amount: Amount,
    currency: Currency,
    lost: LostAnswer,
}

impl PendingConfirm {
    fn new(confirm: &ConfirmPayment, lost: LostAnswer) -> Self {
        Self {
            transaction_id: confirm.transaction_id,
            amount: confirm.amount,
            currency: confirm.currency.clone(),
            lost,
        }
    }

    /// The Confirm that was sent.
    pub fn confirm(&self) -> ConfirmPayment {
        ConfirmPayment {
            transaction_id: self.transaction_id,
            amount: self.amount,
            currency: self.currency.clone(),
        }
    }

    /// Why the answer was lost, and until when the Confirm may still land.
    pub fn lost(&self) -> &LostAnswer {
        &self.lost
    }
}

/// The proof that a payment is confirmed.
///
/// ```
/// use linepay_core::{OrderId, TransactionId};
/// use linepay_core::api::v3::{ConfirmInfo, PayStatus, PaymentDetail};
/// use linepay_core::recovery::Confirmation;
///
/// let id = TransactionId::new(2019049910005496810);
/// let answered = Confirmation::Answered(Box::new(ConfirmInfo::new(OrderId::new("O1")?, id)));
/// assert_eq!(answered.transaction_id(), id);
/// assert_eq!(answered.pay_status(), Some(PayStatus::Capture));
///
/// let mut detail = PaymentDetail::new(id);
/// detail.pay_status = Some(PayStatus::Authorization);
/// let recovered = Confirmation::Recovered(Box::new(detail));
/// assert!(recovered.is_recovered());
/// assert_eq!(recovered.pay_status(), Some(PayStatus::Authorization));
/// assert_eq!(recovered.order_id(), None);
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Confirmation {
    /// Confirm's own answer.
    Answered(Box<ConfirmInfo>),
    /// Confirm's answer was lost; this is the payment as Payment Details lists it.
    Recovered(Box<PaymentDetail>),
    /// LINE Pay answered `0000`, so the payment is confirmed, but neither the answer nor
    /// Payment Details could be read yet. [`Client::recheck_confirm`] with this record
    /// reads the details later; it never answers "not confirmed".
    SuccessUnread(PendingConfirm),
}

impl Confirmation {
    /// The payment's transaction id.
    pub fn transaction_id(&self) -> TransactionId {
        match self {
            Confirmation::Answered(info) => info.transaction_id,
            Confirmation::Recovered(detail) => detail.transaction_id,
            Confirmation::SuccessUnread(pending) => pending.transaction_id,
        }
    }

    /// The merchant's order id (Payment Details may leave it out; unknown while unread).
    pub fn order_id(&self) -> Option<&OrderId> {
        match self {
            Confirmation::Answered(info) => Some(&info.order_id),
            Confirmation::Recovered(detail) => detail.order_id.as_ref(),
            Confirmation::SuccessUnread(_) => None,
        }
    }

    /// Who settled the payment, from Confirm's answer or from Payment Details: v4 answers
    /// carry it, v3's do not (`None`, as while unread).
    ///
    /// ```
    /// use linepay_core::TransactionId;
    /// use linepay_core::api::v3::{PaymentDetail, PaymentProvider};
    /// use linepay_core::recovery::Confirmation;
    ///
    /// let mut detail = PaymentDetail::new(TransactionId::new(1));
    /// detail.payment_provider = Some(PaymentProvider::Epi);
    /// let recovered = Confirmation::Recovered(Box::new(detail));
    /// assert_eq!(recovered.payment_provider(), Some(&PaymentProvider::Epi));
    /// ```
    pub fn payment_provider(&self) -> Option<&PaymentProvider> {
        match self {
            Confirmation::Answered(info) => info.payment_provider.as_ref(),
            Confirmation::Recovered(detail) => detail.payment_provider.as_ref(),
            Confirmation::SuccessUnread(_) => None,
        }
    }

    /// The payment's `payStatus`: as Payment Details lists it, or, for Confirm's answer,
    /// [`Authorization`](PayStatus::Authorization) when it names an
    /// `authorizationExpireDate` (only authorizations have one) and
    /// [`Capture`](PayStatus::Capture) otherwise.
    ///
    /// A recovered payment may show an authorization voided or lapsed since it was
    /// confirmed: the Confirm went through, and this says what became of it.
    pub fn pay_status(&self) -> Option<PayStatus> {
        match self {
            Confirmation::Answered(info) if info.authorization_expire_date.is_some() => {
                Some(PayStatus::Authorization)
            }
            Confirmation::Answered(_) => Some(PayStatus::Capture),
            Confirmation::Recovered(detail) => detail.pay_status.clone(),
            Confirmation::SuccessUnread(_) => None,
        }
    }

    /// Whether Confirm's answer was lost and this was read back from Payment Details.
    pub fn is_recovered(&self) -> bool {
        matches!(self, Confirmation::Recovered(_))
    }
}

impl<T: Transport> Client<T> {
    /// Confirms a payment once and, if the answer is lost, finds out whether it went through
    /// instead of confirming blindly again.
    ///
    /// ```text
    /// Confirm ── 0000 ────────────────────────────────────────────▶ Confirmed(Answered)
    ///    │ NotSent, clear codes (1150, 1153, 1180, …) ────────────▶ Err, unchanged
    ///    │ 0000 that does not decode, anything ambiguous (timeouts,
    ///    │ 5xx, 9000, 1145/1198, …), 1152/1172 (already confirmed?)
    ///    ▼
    /// Payment Details ── lists the payment ──────────────────────▶ Confirmed(Recovered)
    ///    │ after a 0000: not listed, or fails ───────────────────▶ Confirmed(SuccessUnread)
    ///    │ 1150: not confirmed (yet)
    ///    ▼
    /// Check Payment Status
    ///    ├─ 0110, the window still open when asked ──────────────▶ InProgress
    ///    ├─ 0110, the window closed ──────────────────────────────▶ NotConfirmed: re-send
    ///    ├─ 0000 (customer not done), 0123 (not listed yet) ─────▶ InProgress
    ///    └─ 0121, 0122 ──────────────────────────────────────────▶ Failed
    /// a question fails ──────────────────────────────────────────▶ Unknown { pending, recovery }
    /// ```
    ///
    /// The window is the [`LandingWindow`](super::LandingWindow) of the Confirm call (three times Confirm's
    /// recommended 40 s read timeout from when it was sent, with the client's defaults).
    ///
    /// **Following the outcome never confirms twice**, and never says "not confirmed" for a
    /// payment that is or will be: `NotConfirmed` comes only once the lost Confirm can no
    /// longer land. Never send Request again with the same `orderId`: it gets `1172`.
    ///
    /// A Confirm before the customer approved gets `1150`, an `Err`: poll Check Payment
    /// Status and confirm on `0110`.
    ///
    /// ```no_run
    /// # async fn run<T: linepay_core::Transport>(client: linepay_core::Client<T>) -> Result<(), Box<dyn std::error::Error>> {
    /// use linepay_core::api::v3::ConfirmPayment;
    /// use linepay_core::recovery::ConfirmOutcome;
    /// use linepay_core::{Amount, Currency, TransactionId};
    ///
    /// let confirm = ConfirmPayment {
    ///     transaction_id: TransactionId::new(2019049910005496810),
    ///     amount: Amount::whole(250),
    ///     currency: Currency::Twd,
    /// };
    /// match client.confirm_or_recover(&confirm).await? {
    ///     ConfirmOutcome::Confirmed(proof) => println!("paid: {}", proof.transaction_id()),
    ///     ConfirmOutcome::NotConfirmed { .. } => println!("not confirmed: confirm again"),
    ///     ConfirmOutcome::InProgress { status, pending } => {
    ///         // Store `pending` with the order; later: client.recheck_confirm(pending).await
    ///         println!("{status:?}: ask again by {:?}", pending.lost().window().closes_at());
    ///     }
    ///     ConfirmOutcome::Failed(why) => println!("the customer must pay again: {why}"),
    ///     ConfirmOutcome::Unknown { pending, recovery } => println!("unknown: {}; {recovery}", pending.lost().cause()),
    ///     _ => println!("an outcome this code does not know: treat it as unknown"),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn confirm_or_recover(
        &self,
        confirm: &ConfirmPayment,
    ) -> Result<ConfirmOutcome<T::Error>, Error<T::Error>> {
        let (result, sent_at) = self.send_stamped(confirm).await;
        let cause = match result {
            Ok(info) => {
                return Ok(ConfirmOutcome::Confirmed(Confirmation::Answered(Box::new(
                    info,
                ))));
            }
            Err(cause) => cause,
        };
        let lost = match confirm_reading(&cause) {
            Reading::Clear => return Err(cause),
            reading => lost_answer::<ConfirmPayment, T>(self, sent_at, reading, cause),
        };
        Ok(recover(self, PendingConfirm::new(confirm, lost)).await)
    }

    /// Asks again about a Confirm whose answer was lost; sends nothing but Payment Details
    /// and Check Payment Status, and answers as [`Client::confirm_or_recover`] does after
    /// its Confirm failed. The record may come from another process ([`PendingConfirm`] is
    /// serde).
    ///
    /// ```no_run
    /// # async fn run<T: linepay_core::Transport>(client: linepay_core::Client<T>, pending: linepay_core::recovery::PendingConfirm) {
    /// use linepay_core::recovery::ConfirmOutcome;
    ///
    /// match client.recheck_confirm(pending).await {
    ///     ConfirmOutcome::Confirmed(proof) => println!("paid: {}", proof.transaction_id()),
    ///     ConfirmOutcome::NotConfirmed { pending, .. } => println!("confirm again: {:?}", pending.confirm()),
    ///     _ => println!("not known yet: ask again later"),
    /// }
    /// # }
    /// ```
    pub async fn recheck_confirm(&self, pending: PendingConfirm) -> ConfirmOutcome<T::Error> {
        recover(self, pending).await
    }
}

/// Confirm's reading of a failure: the common one, plus `1152` and `1172`, which on Confirm
/// mean "possibly confirmed already" (by an earlier call whose answer was lost): look, and
/// while Payment Details may lag behind, do not say "not confirmed" either.
fn confirm_reading<TE: TransportError>(cause: &Error<TE>) -> Reading {
    match cause.return_code() {
        Some(ReturnCode::DuplicateTransaction | ReturnCode::OrderIdAlreadyUsed) => {
            Reading::Ambiguous
        }
        _ => reading(cause),
    }
}

/// The questions: Payment Details first (it is the proof), Check Payment Status when the
/// payment is not listed.
async fn recover<T: Transport>(
    client: &Client<T>,
    pending: PendingConfirm,
) -> ConfirmOutcome<T::Error> {
    // Read before asking: a Confirm landing while the questions are on their way must not
    // be taken for one that can no longer land.
    let asked_at = client.clock().now();
    match find_payment(client, pending.transaction_id).await {
        Ok(detail) => return ConfirmOutcome::Confirmed(Confirmation::Recovered(detail)),
        Err(_) if pending.lost.is_success_unread() => {
            return ConfirmOutcome::Confirmed(Confirmation::SuccessUnread(pending));
        }
        Err(not_listed) if is_not_listed(&not_listed) => {}
        Err(recovery) => return ConfirmOutcome::Unknown { pending, recovery },
    }
    let check = CheckPaymentStatus {
        transaction_id: pending.transaction_id,
    };
    match client.send(&check).await {
        Ok(status) => from_status(status, pending, asked_at),
        Err(recovery) => ConfirmOutcome::Unknown { pending, recovery },
    }
}

/// The outcome for a payment Payment Details does not list, from its status.
fn from_status<TE: std::error::Error + 'static>(
    status: PaymentStatus,
    pending: PendingConfirm,
    asked_at: SystemTime,
) -> ConfirmOutcome<TE> {
    match status {
        // Authorized and not confirmed: once our Confirm can no longer land, re-send it.
        PaymentStatus::Authorized if !pending.lost.may_land_at(asked_at) => {
            ConfirmOutcome::NotConfirmed { status, pending }
        }
        PaymentStatus::CancelledOrExpired | PaymentStatus::Failed => {
            ConfirmOutcome::Failed(Failure::Status(status))
        }
        // Running, the customer still deciding, or complete but not listed yet.
        PaymentStatus::Authorized | PaymentStatus::Waiting | PaymentStatus::Completed => {
            ConfirmOutcome::InProgress { status, pending }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;
    use crate::recovery::LandingWindow;
    use crate::recovery::tests::{Lost, api};

    fn pending(window: LandingWindow) -> PendingConfirm {
        let confirm = ConfirmPayment {
            transaction_id: TransactionId::new(2026112200000000001),
            amount: Amount::whole(100),
            currency: Currency::Twd,
        };
        PendingConfirm::new(&confirm, LostAnswer::new(window, api("9000")))
    }

    #[test]
    fn decides_from_the_status_as_documented() {
        use PaymentStatus::*;
        let sent = UNIX_EPOCH + Duration::from_secs(1000);
        let open = LandingWindow::of::<ConfirmPayment>(sent, Duration::from_secs(1));
        let before_close = sent + Duration::from_secs(119);
        let after_close = sent + Duration::from_secs(120);
        let outcome = |status, at| from_status::<Lost>(status, pending(open), at);
        assert!(matches!(
            outcome(Authorized, after_close),
            ConfirmOutcome::NotConfirmed { .. }
        ));
        assert!(matches!(
            outcome(Authorized, before_close),
            ConfirmOutcome::InProgress { .. }
        ));
        for status in [Waiting, Completed] {
            assert!(matches!(
                outcome(status, after_close),
                ConfirmOutcome::InProgress { .. }
            ));
        }
        for status in [CancelledOrExpired, Failed] {
            assert!(matches!(
                outcome(status, before_close),
                ConfirmOutcome::Failed(Failure::Status(s)) if s == status
            ));
        }
    }

    #[test]
    fn already_confirmed_codes_are_looked_into() {
        for code in ["1152", "1172", "1198"] {
            assert_eq!(confirm_reading(&api(code)), Reading::Ambiguous);
        }
        assert_eq!(confirm_reading(&api("1153")), Reading::Clear);
    }
}

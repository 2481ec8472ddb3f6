//! Confirm, recovered: [`Client::confirm_or_recover`].

use std::convert::Infallible;

use crate::api::v3::{
    CheckPaymentStatus, ConfirmInfo, ConfirmPayment, PayStatus, PaymentDetail, PaymentStatus,
};
use crate::client::Client;
use crate::error::Error;
use crate::return_code::ReturnCode;
use crate::transport::{Transport, TransportError};
use crate::types::{OrderId, TransactionId};

use super::{Effect, Failure, effect_of, find_payment, is_not_listed};

/// Where a payment stands after [`Client::confirm_or_recover`].
///
/// `TE` is the transport's error type; `cause` is always the failure of the Confirm call
/// that made recovery necessary.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfirmOutcome<TE = Infallible>
where
    TE: std::error::Error + 'static,
{
    /// The payment is confirmed: by Confirm's own answer, or, when that was lost, by the
    /// Payment Details entry that proves it. Do not confirm again.
    Confirmed(Confirmation),
    /// The customer authorized the payment (Check Payment Status `0110`) and it is not
    /// confirmed: sending Confirm again is safe.
    NotConfirmed {
        /// What Check Payment Status answered: [`PaymentStatus::Authorized`].
        status: PaymentStatus,
        /// Why the Confirm call failed.
        cause: Error<TE>,
    },
    /// Not decided yet: the Confirm may still be running at LINE Pay (`status` is
    /// [`Authorized`](PaymentStatus::Authorized)), the customer has not finished
    /// ([`Waiting`](PaymentStatus::Waiting)), or LINE Pay calls the payment complete but
    /// Payment Details does not list it yet ([`Completed`](PaymentStatus::Completed)).
    /// Ask again in a few seconds; calling [`Client::confirm_or_recover`] again is safe.
    InProgress {
        /// What Check Payment Status answered.
        status: PaymentStatus,
        /// Why the Confirm call failed.
        cause: Error<TE>,
    },
    /// Cancelled by the customer, expired or failed: the customer must pay again.
    Failed(Failure),
    /// The Confirm's answer was lost and the questions failed too: nothing is known. Ask
    /// again later with [`Client::confirm_or_recover`].
    Unknown {
        /// Why the Confirm call failed.
        cause: Error<TE>,
        /// Why Payment Details or Check Payment Status failed.
        recovery: Error<TE>,
    },
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
}

impl Confirmation {
    /// The payment's transaction id.
    pub fn transaction_id(&self) -> TransactionId {
        match self {
            Confirmation::Answered(info) => info.transaction_id,
            Confirmation::Recovered(detail) => detail.transaction_id,
        }
    }

    /// The merchant's order id (Payment Details may leave it out).
    pub fn order_id(&self) -> Option<&OrderId> {
        match self {
            Confirmation::Answered(info) => Some(&info.order_id),
            Confirmation::Recovered(detail) => detail.order_id.as_ref(),
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
    ///    │ NotSent, 4xx, clear codes (1150, 1153, 1180, …) ───────▶ Err, unchanged
    ///    │ MaybeSent/timeout, 5xx, truncated, 9000,
    ///    │ 1145/1198 (still running), 1152/1172 (already confirmed?)
    ///    ▼
    /// Payment Details ── lists the payment ──────────────────────▶ Confirmed(Recovered)
    ///    │ 1150: not confirmed (yet)
    ///    ▼
    /// Check Payment Status
    ///    ├─ 0110, and the Confirm may still be running ──────────▶ InProgress
    ///    ├─ 0110 ────────────────────────────────────────────────▶ NotConfirmed: re-send
    ///    ├─ 0000 (customer not done), 0123 (not listed yet) ─────▶ InProgress
    ///    └─ 0121, 0122 ──────────────────────────────────────────▶ Failed
    /// a question fails ──────────────────────────────────────────▶ Unknown { cause, recovery }
    /// ```
    ///
    /// | Confirm failed with | Payment Details | Check Payment Status | Outcome |
    /// |---|---|---|---|
    /// | an ambiguous failure (module docs) or `1152`/`1172` | lists the payment | — | `Confirmed(Recovered)` |
    /// | one that may still be running (`MaybeSent`, `504`, `1145`, `1198`) | `1150` | `0110` | `InProgress` |
    /// | one whose call is over (`5xx`, truncated, `9000`, `1152`, `1172`) | `1150` | `0110` | `NotConfirmed` |
    /// | any of them | `1150` | `0000` or `0123` | `InProgress` |
    /// | any of them | `1150` | `0121`, `0122` | `Failed` |
    /// | any of them | fails | — or fails | `Unknown` |
    ///
    /// **Following the outcome never confirms twice.** `NotConfirmed` comes only after a
    /// failure that ended the call (a `5xx` page other than `504`, a truncated body, `9000`);
    /// and should that Confirm still land, LINE Pay answers the re-sent Confirm
    /// with `1198` (while the first runs) or `1172` (once it went through), which this
    /// function turns into `InProgress` or `Confirmed`. Never send Request again with the
    /// same `orderId`: it gets `1172`.
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
    ///     ConfirmOutcome::InProgress { status, .. } => println!("{status:?}: ask again soon"),
    ///     ConfirmOutcome::Failed(why) => println!("the customer must pay again: {why}"),
    ///     ConfirmOutcome::Unknown { cause, recovery } => println!("unknown: {cause}; {recovery}"),
    ///     _ => println!("an outcome this code does not know: treat it as unknown"),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn confirm_or_recover(
        &self,
        confirm: &ConfirmPayment,
    ) -> Result<ConfirmOutcome<T::Error>, Error<T::Error>> {
        let cause = match self.send(confirm).await {
            Ok(info) => {
                return Ok(ConfirmOutcome::Confirmed(Confirmation::Answered(Box::new(
                    info,
                ))));
            }
            Err(cause) => cause,
        };
        let may_be_running = match confirm_effect(&cause) {
            Effect::Known => return Err(cause),
            Effect::Unknown => false,
            Effect::MaybeRunning => true,
        };
        Ok(recover(self, confirm.transaction_id, cause, may_be_running).await)
    }
}

/// Confirm's reading of a failure: the common one, plus `1152` and `1172`, which on Confirm
/// mean "possibly already confirmed", so look.
fn confirm_effect<TE: TransportError>(cause: &Error<TE>) -> Effect {
    match cause.return_code() {
        Some(ReturnCode::DuplicateTransaction | ReturnCode::OrderIdAlreadyUsed) => Effect::Unknown,
        _ => effect_of(cause),
    }
}

/// The questions: Payment Details first (it is the proof), Check Payment Status when the
/// payment is not listed.
async fn recover<T: Transport>(
    client: &Client<T>,
    id: TransactionId,
    cause: Error<T::Error>,
    may_be_running: bool,
) -> ConfirmOutcome<T::Error> {
    match find_payment(client, id).await {
        Ok(detail) => return ConfirmOutcome::Confirmed(Confirmation::Recovered(detail)),
        Err(not_listed) if is_not_listed(&not_listed) => {}
        Err(recovery) => return ConfirmOutcome::Unknown { cause, recovery },
    }
    match client
        .send(&CheckPaymentStatus { transaction_id: id })
        .await
    {
        Ok(status) => from_status(status, cause, may_be_running),
        Err(recovery) => ConfirmOutcome::Unknown { cause, recovery },
    }
}

/// The outcome for a payment Payment Details does not list, from its status.
fn from_status<TE: std::error::Error + 'static>(
    status: PaymentStatus,
    cause: Error<TE>,
    may_be_running: bool,
) -> ConfirmOutcome<TE> {
    match status {
        // Authorized and not confirmed: unless our Confirm may still land, re-send it.
        PaymentStatus::Authorized if !may_be_running => {
            ConfirmOutcome::NotConfirmed { status, cause }
        }
        PaymentStatus::CancelledOrExpired | PaymentStatus::Failed => {
            ConfirmOutcome::Failed(Failure::Status(status))
        }
        // Running, the customer still deciding, or complete but not listed yet.
        PaymentStatus::Authorized | PaymentStatus::Waiting | PaymentStatus::Completed => {
            ConfirmOutcome::InProgress { status, cause }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;
    use crate::recovery::tests::api;

    fn cause() -> Error {
        Error::Api(ApiError::new(ReturnCode::InternalError, "Internal error."))
    }

    #[test]
    fn decides_from_the_status_as_documented() {
        use PaymentStatus::*;
        let outcome = |status, running| from_status(status, cause(), running);
        assert!(matches!(
            outcome(Authorized, false),
            ConfirmOutcome::NotConfirmed { .. }
        ));
        assert!(matches!(
            outcome(Authorized, true),
            ConfirmOutcome::InProgress { .. }
        ));
        for status in [Waiting, Completed] {
            assert!(matches!(
                outcome(status, false),
                ConfirmOutcome::InProgress { .. }
            ));
        }
        for status in [CancelledOrExpired, Failed] {
            assert!(matches!(
                outcome(status, true),
                ConfirmOutcome::Failed(Failure::Status(s)) if s == status
            ));
        }
    }

    #[test]
    fn already_confirmed_codes_are_looked_into() {
        for code in ["1152", "1172"] {
            assert_eq!(confirm_effect(&api(code)), Effect::Unknown);
        }
        assert_eq!(confirm_effect(&api("1153")), Effect::Known);
        assert_eq!(confirm_effect(&api("1198")), Effect::MaybeRunning);
    }
}

//! Refund, recovered: [`Client::refund_or_recover`] and [`Client::recheck_refund`].

use std::convert::Infallible;
use std::time::Instant;

use crate::api::v3::{PaymentDetail, RefundEntry, RefundInfo, RefundPayment};
use crate::client::Client;
use crate::error::Error;
use crate::transport::{Transport, TransportError};
use crate::types::{Amount, TransactionId};

use super::{Effect, effect_of, find_payment};

/// Where a refund stands after [`Client::refund_or_recover`] or [`Client::recheck_refund`].
///
/// `TE` is the transport's error type.
#[derive(Debug)]
#[non_exhaustive]
pub enum RefundOutcome<TE = Infallible>
where
    TE: std::error::Error + 'static,
{
    /// Refunded: by Refund's own answer, or, when that was lost, by the **new** entry of
    /// the payment's `refundList` that proves it. Do not refund again.
    Refunded(RefundReceipt),
    /// No refund happened: LINE Pay said so (`1900`, `1902`, `1999`: "you may retry", after
    /// whatever automatic re-sends the client's retry policy allows), or the Refund call is
    /// over and no new refund of this amount is listed. Sending the same refund again is
    /// safe.
    NotRefunded {
        /// Why the Refund call failed.
        cause: Error<TE>,
    },
    /// No new refund is listed yet, but the Refund may still be running at LINE Pay.
    /// **Do not send it again**: wait (at least Refund's read timeout, 20 s), then ask with
    /// [`Client::recheck_refund`].
    InProgress(PendingRefund<TE>),
    /// The Refund's answer was lost and Payment Details failed too: nothing is known. Ask
    /// again later with [`Client::recheck_refund`].
    Unknown {
        /// The refund whose answer was lost, and why.
        pending: PendingRefund<TE>,
        /// Why Payment Details failed.
        recovery: Error<TE>,
    },
}

/// The proof that a refund happened.
///
/// Its transaction id is the **refund's own** (never the payment's, which one SDK reports
/// by mistake when it recovers).
///
/// ```
/// use linepay_core::{Amount, TransactionId};
/// use linepay_core::api::v3::{RefundEntry, RefundInfo};
/// use linepay_core::recovery::RefundReceipt;
///
/// let answered = RefundReceipt::Answered(RefundInfo::new(TransactionId::new(2), "2026-11-22T10:00:00Z"));
/// assert_eq!(answered.refund_transaction_id(), TransactionId::new(2));
/// assert_eq!(answered.amount(), None);
///
/// let recovered = RefundReceipt::Recovered(RefundEntry::new(TransactionId::new(3), Amount::whole(-20)));
/// assert_eq!(recovered.amount(), Some(Amount::whole(20)));
/// assert!(recovered.is_recovered());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RefundReceipt {
    /// Refund's own answer.
    Answered(RefundInfo),
    /// Refund's answer was lost; this is the new entry of the payment's `refundList`.
    Recovered(RefundEntry),
}

impl RefundReceipt {
    /// The refund's own transaction id.
    pub fn refund_transaction_id(&self) -> TransactionId {
        match self {
            RefundReceipt::Answered(info) => info.refund_transaction_id,
            RefundReceipt::Recovered(entry) => entry.refund_transaction_id,
        }
    }

    /// When the refund happened, ISO-8601 (Payment Details may leave it out).
    pub fn refund_transaction_date(&self) -> Option<&str> {
        match self {
            RefundReceipt::Answered(info) => Some(&info.refund_transaction_date),
            RefundReceipt::Recovered(entry) => entry.refund_transaction_date.as_deref(),
        }
    }

    /// The refunded amount, positive, when LINE Pay told it: Refund's own answer does not
    /// (it is the amount you asked for), the `refundList` entry does (negative there).
    pub fn amount(&self) -> Option<Amount> {
        match self {
            RefundReceipt::Answered(_) => None,
            RefundReceipt::Recovered(entry) => entry.refund_amount.checked_abs(),
        }
    }

    /// Whether Refund's answer was lost and this was read back from Payment Details.
    pub fn is_recovered(&self) -> bool {
        matches!(self, RefundReceipt::Recovered(_))
    }
}

/// A refund whose answer was lost: what was sent, what the payment's `refundList` held
/// before, and why the call failed. Hand it to [`Client::recheck_refund`] to ask again.
#[derive(Debug)]
pub struct PendingRefund<TE = Infallible>
where
    TE: std::error::Error + 'static,
{
    refund: RefundPayment,
    expected: Option<Amount>,
    known: Vec<TransactionId>,
    cause: Error<TE>,
    /// Until when the lost Refund may still land at LINE Pay; `None` when it surely ended.
    may_land_until: Option<Instant>,
}

impl<TE: std::error::Error + 'static> PendingRefund<TE> {
    /// Remembers `refund`, the refunds of `before` (the payment as it was before the call)
    /// and the amount a new refund will show: the one asked for, or for a full refund what
    /// was left (unknown when `before` lacks `payInfo`).
    fn new(
        refund: &RefundPayment,
        before: &PaymentDetail,
        cause: Error<TE>,
        may_land_until: Option<Instant>,
    ) -> Self {
        Self {
            refund: refund.clone(),
            expected: refund.refund_amount.or_else(|| left_to_refund(before)),
            known: before
                .refund_list
                .iter()
                .map(|entry| entry.refund_transaction_id)
                .collect(),
            cause,
            may_land_until,
        }
    }

    /// Until when the lost Refund may still be applied at LINE Pay (`None` when the call
    /// surely ended). Before then, [`Client::recheck_refund`] answers `InProgress` rather
    /// than `NotRefunded`, because a refund still running is only listed once it is done,
    /// and sending it again meanwhile would refund twice.
    pub fn may_land_until(&self) -> Option<Instant> {
        self.may_land_until
    }

    /// Whether the lost Refund may still be applied now.
    fn may_still_land(&self) -> bool {
        self.may_land_until
            .is_some_and(|until| Instant::now() < until)
    }

    /// The Refund that was sent.
    pub fn refund(&self) -> &RefundPayment {
        &self.refund
    }

    /// The amount a new `refundList` entry must show to be this refund (positive); `None`
    /// for a full refund of a payment whose paid amount Payment Details did not tell: then
    /// any new entry is taken.
    pub fn expected_amount(&self) -> Option<Amount> {
        self.expected
    }

    /// The refunds of the payment listed before the call: none of them is this one.
    pub fn known_refunds(&self) -> &[TransactionId] {
        &self.known
    }

    /// Why the Refund call failed.
    pub fn cause(&self) -> &Error<TE> {
        &self.cause
    }

    /// Why the Refund call failed, by value.
    pub fn into_cause(self) -> Error<TE> {
        self.cause
    }

    /// The first entry of `detail`'s `refundList` that was not listed before and shows the
    /// expected amount.
    fn find_in<'a>(&self, detail: &'a PaymentDetail) -> Option<&'a RefundEntry> {
        detail
            .refund_list
            .iter()
            .filter(|entry| entry.refund_transaction_id != detail.transaction_id)
            .filter(|entry| !self.known.contains(&entry.refund_transaction_id))
            .find(|entry| {
                self.expected
                    .is_none_or(|amount| entry.refund_amount.checked_abs() == Some(amount))
            })
    }
}

/// What a full refund will refund: paid (`payInfo`) minus refunded so far.
fn left_to_refund(detail: &PaymentDetail) -> Option<Amount> {
    if detail.pay_info.is_empty() {
        return None;
    }
    let paid = detail
        .pay_info
        .iter()
        .try_fold(Amount::whole(0), |sum, pay| sum.checked_add(pay.amount))?;
    paid.checked_sub(detail.refunded_total()?)
}

impl<T: Transport> Client<T> {
    /// Refunds a payment once and, if the answer is lost, looks for the refund in the
    /// payment's `refundList` instead of refunding blindly again.
    ///
    /// **One extra call first.** Before sending Refund this reads Payment Details: a lost
    /// answer can only be recovered by telling *this* refund apart from earlier ones, and
    /// only the list as it was before the call can do that (a second partial refund of the
    /// same amount looks exactly like the first). If that read fails, or does not list the
    /// payment (`1150`), its error is returned and **Refund is not sent**.
    ///
    /// ```text
    /// Payment Details (before) ── fails / 1150 ────────────────▶ Err, Refund not sent
    ///    ▼
    /// Refund ── 0000 ──────────────────────────────────────────▶ Refunded(Answered)
    ///    │ 1900, 1902, 1999 ("you may retry") ─────────────────▶ NotRefunded
    ///    │ NotSent, 4xx, clear codes (1164, 1165, 1179, …) ────▶ Err, unchanged
    ///    │ MaybeSent/timeout, 5xx, truncated, 9000, 1198
    ///    ▼
    /// Payment Details (after), a refundList entry not there before, of the amount
    ///    ├─ found ─────────────────────────────────────────────▶ Refunded(Recovered)
    ///    ├─ none, the Refund may still be running ─────────────▶ InProgress: recheck later
    ///    └─ none ──────────────────────────────────────────────▶ NotRefunded: send it again
    /// Payment Details (after) fails ───────────────────────────▶ Unknown: recheck later
    /// ```
    ///
    /// | Refund failed with | New entry of the amount | Outcome |
    /// |---|---|---|
    /// | `1900`, `1902`, `1999` | (not asked) | `NotRefunded` |
    /// | ambiguous, call over (`5xx`, truncated, `9000`) | yes / no | `Refunded(Recovered)` / `NotRefunded` |
    /// | may still be running (`MaybeSent`, `504`, `1198`) | yes / no | `Refunded(Recovered)` / `InProgress` until one more read timeout has passed |
    /// | ambiguous | Payment Details fails | `Unknown` |
    ///
    /// The amount looked for is the `refundAmount` sent, or, for a full refund, what was
    /// left to refund before (paid per `payInfo` minus the refunds listed).
    ///
    /// # Concurrent refunds of the same payment
    ///
    /// If the payment is refunded from elsewhere (another process, the merchant center)
    /// between the two reads, a refund of the same amount made there is taken for this one,
    /// and one of another amount is ignored: the outcome can then say `Refunded` for a
    /// refund that did not happen here. Refund one payment from one place at a time (a lock
    /// per transaction id) to rule this out.
    ///
    /// ```no_run
    /// # async fn run<T: linepay_core::Transport>(client: linepay_core::Client<T>) -> Result<(), Box<dyn std::error::Error>> {
    /// use linepay_core::api::v3::RefundPayment;
    /// use linepay_core::recovery::RefundOutcome;
    /// use linepay_core::{Amount, TransactionId};
    ///
    /// let refund = RefundPayment::partial(TransactionId::new(2019049910005496810), Amount::whole(20));
    /// match client.refund_or_recover(&refund).await? {
    ///     RefundOutcome::Refunded(receipt) => println!("refund {}", receipt.refund_transaction_id()),
    ///     RefundOutcome::NotRefunded { cause } => println!("not refunded ({cause}): send it again"),
    ///     RefundOutcome::InProgress(pending) | RefundOutcome::Unknown { pending, .. } => {
    ///         // Keep `pending`; in a while: client.recheck_refund(pending).await
    ///         println!("unknown yet: {}", pending.cause());
    ///     }
    ///     _ => println!("an outcome this code does not know: treat it as unknown"),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn refund_or_recover(
        &self,
        refund: &RefundPayment,
    ) -> Result<RefundOutcome<T::Error>, Error<T::Error>> {
        let before = find_payment(self, refund.transaction_id).await?;
        let cause = match self.send(refund).await {
            Ok(info) => return Ok(RefundOutcome::Refunded(RefundReceipt::Answered(info))),
            Err(cause) => cause,
        };
        let may_be_running = match refund_effect(&cause) {
            RefundEffect::Retry => return Ok(RefundOutcome::NotRefunded { cause }),
            RefundEffect::Other(Effect::Known) => return Err(cause),
            RefundEffect::Other(Effect::Unknown) => false,
            RefundEffect::Other(Effect::MaybeRunning) => true,
        };
        // A call that may still be running is given one more read timeout to land: LINE Pay is
        // taken to finish a call within twice its recommended read timeout of being sent.
        let may_land_until =
            may_be_running.then(|| Instant::now() + self.read_timeout_for::<RefundPayment>());
        let pending = PendingRefund::new(refund, &before, cause, may_land_until);
        Ok(look_for(self, pending).await)
    }

    /// Asks again about a refund whose answer was lost ([`RefundOutcome::InProgress`],
    /// [`RefundOutcome::Unknown`]); sends nothing but Payment Details.
    ///
    /// A new `refundList` entry of the amount gives `Refunded`; none gives `InProgress`
    /// while the lost call may still land ([`PendingRefund::may_land_until`]: one more
    /// read timeout after it failed), and `NotRefunded` after that (send the refund again
    /// with [`Client::refund_or_recover`]); a failed read gives `Unknown` with `pending`
    /// back.
    ///
    /// ```no_run
    /// # async fn run<T: linepay_core::Transport>(client: linepay_core::Client<T>, pending: linepay_core::recovery::PendingRefund<T::Error>) {
    /// use linepay_core::recovery::RefundOutcome;
    ///
    /// match client.recheck_refund(pending).await {
    ///     RefundOutcome::Refunded(receipt) => println!("refund {}", receipt.refund_transaction_id()),
    ///     RefundOutcome::NotRefunded { .. } => println!("not refunded: send it again"),
    ///     _ => println!("still unknown: ask again later"),
    /// }
    /// # }
    /// ```
    pub async fn recheck_refund(
        &self,
        pending: PendingRefund<T::Error>,
    ) -> RefundOutcome<T::Error> {
        look_for(self, pending).await
    }
}

/// Refund's reading of a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RefundEffect {
    /// `1900`, `1902`, `1999`: LINE Pay's documentation says re-send it.
    Retry,
    /// The common reading.
    Other(Effect),
}

fn refund_effect<TE: TransportError>(cause: &Error<TE>) -> RefundEffect {
    match cause.return_code() {
        Some(code) if code.may_retry_void_or_refund() => RefundEffect::Retry,
        _ => RefundEffect::Other(effect_of(cause)),
    }
}

/// Reads the payment again and looks for the refund `pending` stands for.
async fn look_for<T: Transport>(
    client: &Client<T>,
    pending: PendingRefund<T::Error>,
) -> RefundOutcome<T::Error> {
    let after = match find_payment(client, pending.refund.transaction_id).await {
        Ok(after) => after,
        Err(recovery) => return RefundOutcome::Unknown { pending, recovery },
    };
    match pending.find_in(&after) {
        Some(entry) => RefundOutcome::Refunded(RefundReceipt::Recovered(entry.clone())),
        // Not there yet, and it may still land: re-sending now could refund twice.
        None if pending.may_still_land() => RefundOutcome::InProgress(pending),
        None => RefundOutcome::NotRefunded {
            cause: pending.cause,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::v3::{PayInfo, PayMethod};
    use crate::recovery::tests::api;

    const PAYMENT: TransactionId = TransactionId::new(2026112200000000001);

    fn entry(id: u64, amount: i64) -> RefundEntry {
        RefundEntry::new(TransactionId::new(id), Amount::whole(-amount))
    }

    /// A payment of 250 with these refunds.
    fn payment(refunds: &[RefundEntry]) -> PaymentDetail {
        let mut detail = PaymentDetail::new(PAYMENT);
        detail
            .pay_info
            .push(PayInfo::new(PayMethod::Balance, Amount::whole(250)));
        detail.refund_list = refunds.to_vec();
        detail
    }

    #[test]
    fn finds_the_new_refund_of_the_amount_only() {
        let before = payment(&[entry(2, 50)]);
        let refund = RefundPayment::partial(PAYMENT, Amount::whole(50));
        let pending = PendingRefund::new(&refund, &before, api("9000"), None);
        assert_eq!(pending.known_refunds(), [TransactionId::new(2)]);
        // The earlier refund of the same amount is not this one.
        assert_eq!(pending.find_in(&before), None);
        // A new one of another amount is not this one either.
        assert_eq!(
            pending.find_in(&payment(&[entry(2, 50), entry(3, 30)])),
            None
        );
        let after = payment(&[entry(2, 50), entry(3, 30), entry(4, 50)]);
        assert_eq!(pending.find_in(&after), Some(&entry(4, 50)));
    }

    #[test]
    fn a_full_refund_is_what_was_left() {
        let before = payment(&[entry(2, 50)]);
        let pending = PendingRefund::new(&RefundPayment::full(PAYMENT), &before, api("9000"), None);
        assert_eq!(pending.expected_amount(), Some(Amount::whole(200)));
        let after = payment(&[entry(2, 50), entry(3, 200)]);
        assert_eq!(pending.find_in(&after), Some(&entry(3, 200)));

        // Without payInfo, any new refund is taken.
        let mut bare = before.clone();
        bare.pay_info.clear();
        let pending = PendingRefund::new(&RefundPayment::full(PAYMENT), &bare, api("9000"), None);
        assert_eq!(pending.expected_amount(), None);
        assert_eq!(pending.find_in(&after), Some(&entry(3, 200)));
    }

    #[test]
    fn never_takes_the_payment_itself_for_its_refund() {
        let before = payment(&[]);
        let pending = PendingRefund::new(&RefundPayment::full(PAYMENT), &before, api("9000"), None);
        let confused = payment(&[entry(PAYMENT.get(), 250)]);
        assert_eq!(pending.find_in(&confused), None);
    }

    #[test]
    fn reads_refund_failures_as_documented() {
        for code in ["1900", "1902", "1999"] {
            assert_eq!(refund_effect(&api(code)), RefundEffect::Retry);
        }
        assert_eq!(
            refund_effect(&api("1164")),
            RefundEffect::Other(Effect::Known)
        );
        assert_eq!(
            refund_effect(&api("9000")),
            RefundEffect::Other(Effect::Unknown)
        );
        assert_eq!(
            refund_effect(&api("1198")),
            RefundEffect::Other(Effect::MaybeRunning)
        );
    }
}

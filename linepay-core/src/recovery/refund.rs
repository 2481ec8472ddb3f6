//! Refund, recovered: [`Client::refund_or_recover`] and [`Client::recheck_refund`].

use std::convert::Infallible;

use serde::{Deserialize, Serialize};

use crate::api::v3::{PaymentDetail, RefundEntry, RefundInfo, RefundPayment};
use crate::client::Client;
use crate::error::Error;
use crate::transport::{Transport, TransportError};
use crate::types::{Amount, TransactionId};

use super::{LostAnswer, Reading, find_payment, lost_answer, reading};

/// Where a refund stands after [`Client::refund_or_recover`] or [`Client::recheck_refund`].
///
/// `TE` is the transport's error type.
#[derive(Debug)]
#[non_exhaustive]
pub enum RefundOutcome<TE = Infallible>
where
    TE: std::error::Error + 'static,
{
    /// Refunded: by Refund's own answer, by its `0000` whose details could not be read, or,
    /// when the answer was lost, by the **new** entry of the payment's `refundList` that
    /// proves it. Do not refund again.
    Refunded(RefundReceipt),
    /// No refund happened, and the Refund can no longer land: LINE Pay said so (`1900`,
    /// `1902`, `1999`: "you may retry", after whatever automatic re-sends the client's retry
    /// policy allows), or its [`LandingWindow`](super::LandingWindow) has closed and no new refund of this amount
    /// is listed. Sending the same refund again ([`PendingRefund::refund`]) is safe.
    NotRefunded(PendingRefund),
    /// No new refund is listed yet, but the Refund may still land at LINE Pay.
    /// **Do not send it again**: keep the record, and ask again with
    /// [`Client::recheck_refund`] (at the latest once its window has closed,
    /// [`LandingWindow::closes_at`](super::LandingWindow::closes_at)).
    InProgress(PendingRefund),
    /// The Refund's answer was lost and Payment Details failed too: nothing is known. Ask
    /// again later with [`Client::recheck_refund`].
    Unknown {
        /// The refund whose answer was lost.
        pending: PendingRefund,
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
/// assert_eq!(answered.refund_transaction_id(), Some(TransactionId::new(2)));
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
    /// LINE Pay answered `0000`, so the refund happened, but neither its answer nor the
    /// payment's `refundList` could be read yet. [`Client::recheck_refund`] with this record
    /// reads the details later; it never answers "not refunded".
    SuccessUnread(PendingRefund),
}

impl RefundReceipt {
    /// The refund's own transaction id (`None` while the details are unread).
    pub fn refund_transaction_id(&self) -> Option<TransactionId> {
        match self {
            RefundReceipt::Answered(info) => Some(info.refund_transaction_id),
            RefundReceipt::Recovered(entry) => Some(entry.refund_transaction_id),
            RefundReceipt::SuccessUnread(_) => None,
        }
    }

    /// When the refund happened, ISO-8601, when LINE Pay told it.
    pub fn refund_transaction_date(&self) -> Option<&str> {
        match self {
            RefundReceipt::Answered(info) => Some(&info.refund_transaction_date),
            RefundReceipt::Recovered(entry) => entry.refund_transaction_date.as_deref(),
            RefundReceipt::SuccessUnread(_) => None,
        }
    }

    /// The refunded amount, positive, when LINE Pay told it: Refund's own answer does not
    /// (it is the amount you asked for), the `refundList` entry does (negative there).
    pub fn amount(&self) -> Option<Amount> {
        match self {
            RefundReceipt::Recovered(entry) => entry.refund_amount.checked_abs(),
            RefundReceipt::Answered(_) | RefundReceipt::SuccessUnread(_) => None,
        }
    }

    /// Whether Refund's answer was lost and this was read back from Payment Details.
    pub fn is_recovered(&self) -> bool {
        matches!(self, RefundReceipt::Recovered(_))
    }
}

/// A refund whose answer was lost: what was sent, the payment's refunds before it, and the
/// [`LostAnswer`] (landing window and cause). Hand it to [`Client::recheck_refund`].
///
/// It serializes with serde, so it survives a restart: store it beside the order.
///
/// ```
/// use linepay_core::recovery::PendingRefund;
///
/// let stored = r#"{"transactionId":2026112200000000001,"refundAmount":20,"expectedAmount":20,
///   "knownRefunds":[2026112200000000002],
///   "lost":{"window":{"sentAt":1800000000000,"closesAt":1800000060000},"successUnread":false,
///           "cause":"LINE Pay transport failed: read timed out"}}"#;
/// let pending: PendingRefund = serde_json::from_str(stored)?;
/// assert_eq!(pending.refund().refund_amount.map(|a| a.to_string()).as_deref(), Some("20"));
/// assert_eq!(pending.known_refunds().len(), 1);
/// assert_eq!(serde_json::from_str::<PendingRefund>(&serde_json::to_string(&pending)?)?, pending);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingRefund {
    transaction_id: TransactionId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refund_amount: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expected_amount: Option<Amount>,
    #[serde(default)]
    known_refunds: Vec<TransactionId>,
    lost: LostAnswer,
}

impl PendingRefund {
    /// Remembers `refund`, the refunds of `before` (the payment as it was before the call)
    /// and the amount a new refund will show: the one asked for, or for a full refund what
    /// was left (unknown when `before` lacks `payInfo`).
    fn new(refund: &RefundPayment, before: &PaymentDetail, lost: LostAnswer) -> Self {
        Self {
            transaction_id: refund.transaction_id,
            refund_amount: refund.refund_amount,
            expected_amount: refund.refund_amount.or_else(|| left_to_refund(before)),
            known_refunds: before
                .refund_list
                .iter()
                .map(|entry| entry.refund_transaction_id)
                .collect(),
            lost,
        }
    }

    /// The Refund that was sent.
    pub fn refund(&self) -> RefundPayment {
        RefundPayment {
            transaction_id: self.transaction_id,
            refund_amount: self.refund_amount,
        }
    }

    /// The amount a new `refundList` entry must show to be this refund (positive); `None`
    /// for a full refund of a payment whose paid amount Payment Details did not tell: then
    /// any new entry is taken.
    pub fn expected_amount(&self) -> Option<Amount> {
        self.expected_amount
    }

    /// The refunds of the payment listed before the call: none of them is this one.
    pub fn known_refunds(&self) -> &[TransactionId] {
        &self.known_refunds
    }

    /// Why the answer was lost, and until when the Refund may still land.
    pub fn lost(&self) -> &LostAnswer {
        &self.lost
    }

    /// The first entry of `detail`'s `refundList` that was not listed before and shows the
    /// expected amount.
    fn find_in<'a>(&self, detail: &'a PaymentDetail) -> Option<&'a RefundEntry> {
        detail
            .refund_list
            .iter()
            .filter(|entry| entry.refund_transaction_id != detail.transaction_id)
            .filter(|entry| !self.known_refunds.contains(&entry.refund_transaction_id))
            .find(|entry| {
                self.expected_amount
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
    ///    │ NotSent, clear codes (1164, 1165, 1179, …) ─────────▶ Err, unchanged
    ///    │ 0000 that does not decode (cut short, bad info) ─┐
    ///    │ anything else (timeouts, 5xx, 9000, 1198, …) ────┤
    ///    ▼                                                  ▼
    /// Payment Details (after), a refundList entry not there before, of the amount
    ///    ├─ found ─────────────────────────────────────────────▶ Refunded(Recovered)
    ///    ├─ none, after a 0000 ────────────────────────────────▶ Refunded(SuccessUnread)
    ///    ├─ none, the window was still open when asked ────────▶ InProgress: recheck later
    ///    └─ none, the window had closed ───────────────────────▶ NotRefunded: send it again
    /// Payment Details (after) fails ── after a 0000 ───────────▶ Refunded(SuccessUnread)
    ///                               └─ otherwise ──────────────▶ Unknown: recheck later
    /// ```
    ///
    /// The window is the [`LandingWindow`](super::LandingWindow) of the Refund call: three times Refund's
    /// recommended 20 s read timeout from when it was sent, with the client's defaults. The
    /// amount looked for is the `refundAmount` sent, or, for a full refund, what was left to
    /// refund before (paid per `payInfo` minus the refunds listed).
    ///
    /// # Concurrent refunds of the same payment
    ///
    /// If the payment is refunded from elsewhere (another process, the merchant center)
    /// between the two reads, a refund of the same amount made there is taken for this one,
    /// and one of another amount is ignored: the outcome can then say `Refunded` for a
    /// refund that did not happen here. Refund one payment from one place at a time (a lock
    /// per transaction id) to rule this out, and never call this again for a refund whose
    /// last outcome was `InProgress` or `Unknown`: recheck it.
    ///
    /// ```no_run
    /// # async fn run<T: linepay_core::Transport>(client: linepay_core::Client<T>) -> Result<(), Box<dyn std::error::Error>> {
    /// use linepay_core::api::v3::RefundPayment;
    /// use linepay_core::recovery::RefundOutcome;
    /// use linepay_core::{Amount, TransactionId};
    ///
    /// let refund = RefundPayment::partial(TransactionId::new(2019049910005496810), Amount::whole(20));
    /// match client.refund_or_recover(&refund).await? {
    ///     RefundOutcome::Refunded(receipt) => println!("refund {:?}", receipt.refund_transaction_id()),
    ///     RefundOutcome::NotRefunded(pending) => println!("not refunded ({}): send it again", pending.lost().cause()),
    ///     RefundOutcome::InProgress(pending) | RefundOutcome::Unknown { pending, .. } => {
    ///         // Store `serde_json::to_string(&pending)?` with the order; later:
    ///         // client.recheck_refund(pending).await
    ///         println!("unknown until {:?}", pending.lost().window().closes_at());
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
        let (result, sent_at) = self.send_stamped(refund).await;
        let cause = match result {
            Ok(info) => return Ok(RefundOutcome::Refunded(RefundReceipt::Answered(info))),
            Err(cause) => cause,
        };
        let reading = match refund_reading(&cause) {
            // LINE Pay's own "not applied, send it again": nothing is left to land.
            RefundReading::Resend => Reading::Clear,
            RefundReading::Other(Reading::Clear) => return Err(cause),
            RefundReading::Other(reading) => reading,
        };
        let lost = lost_answer::<RefundPayment, T>(self, sent_at, reading, cause);
        let pending = PendingRefund::new(refund, &before, lost);
        Ok(match reading {
            Reading::Clear => RefundOutcome::NotRefunded(pending),
            Reading::Ambiguous | Reading::SuccessUnread => look_for(self, pending).await,
        })
    }

    /// Asks again about a refund whose answer was lost; sends nothing but Payment Details.
    ///
    /// A new `refundList` entry of the amount gives `Refunded(Recovered)`. Without one: a
    /// refund LINE Pay answered `0000` stays `Refunded(SuccessUnread)`; otherwise the answer
    /// is `InProgress` while the Refund may still land ([`LandingWindow`](super::LandingWindow), judged by the
    /// time before Payment Details was asked) and `NotRefunded` after that (send the refund
    /// again with [`Client::refund_or_recover`]). A failed read gives `Unknown` with the
    /// record back. The record may come from another process ([`PendingRefund`] is serde).
    ///
    /// ```no_run
    /// # async fn run<T: linepay_core::Transport>(client: linepay_core::Client<T>, pending: linepay_core::recovery::PendingRefund) {
    /// use linepay_core::recovery::RefundOutcome;
    ///
    /// match client.recheck_refund(pending).await {
    ///     RefundOutcome::Refunded(receipt) => println!("refund {:?}", receipt.refund_transaction_id()),
    ///     RefundOutcome::NotRefunded(_) => println!("not refunded: send it again"),
    ///     _ => println!("still unknown: ask again later"),
    /// }
    /// # }
    /// ```
    pub async fn recheck_refund(&self, pending: PendingRefund) -> RefundOutcome<T::Error> {
        look_for(self, pending).await
    }
}

/// Refund's reading of a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RefundReading {
    /// `1900`, `1902`, `1999`: LINE Pay's documentation says re-send it.
    Resend,
    /// The common reading.
    Other(Reading),
}

fn refund_reading<TE: TransportError>(cause: &Error<TE>) -> RefundReading {
    match cause.return_code() {
        Some(code) if code.may_retry_void_or_refund() => RefundReading::Resend,
        _ => RefundReading::Other(reading(cause)),
    }
}

/// Reads the payment again and looks for the refund `pending` stands for.
async fn look_for<T: Transport>(
    client: &Client<T>,
    pending: PendingRefund,
) -> RefundOutcome<T::Error> {
    // Read before asking: a refund landing while the question is on its way must not be
    // taken for one that can no longer land.
    let asked_at = client.clock().now();
    let after = match find_payment(client, pending.transaction_id).await {
        Ok(after) => after,
        Err(_) if pending.lost.is_success_unread() => {
            return RefundOutcome::Refunded(RefundReceipt::SuccessUnread(pending));
        }
        Err(recovery) => return RefundOutcome::Unknown { pending, recovery },
    };
    match pending.find_in(&after) {
        Some(entry) => RefundOutcome::Refunded(RefundReceipt::Recovered(entry.clone())),
        None if pending.lost.is_success_unread() => {
            RefundOutcome::Refunded(RefundReceipt::SuccessUnread(pending))
        }
        // Not there yet, and it may still land: re-sending now could refund twice.
        None if pending.lost.may_land_at(asked_at) => RefundOutcome::InProgress(pending),
        None => RefundOutcome::NotRefunded(pending),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::v3::{PayInfo, PayMethod};
    use crate::recovery::LandingWindow;
    use crate::recovery::tests::api;

    fn lost() -> LostAnswer {
        LostAnswer::new(LandingWindow::closed(std::time::UNIX_EPOCH), api("9000"))
    }

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
        let pending = PendingRefund::new(&refund, &before, lost());
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
        let pending = PendingRefund::new(&RefundPayment::full(PAYMENT), &before, lost());
        assert_eq!(pending.expected_amount(), Some(Amount::whole(200)));
        let after = payment(&[entry(2, 50), entry(3, 200)]);
        assert_eq!(pending.find_in(&after), Some(&entry(3, 200)));

        // Without payInfo, any new refund is taken.
        let mut bare = before.clone();
        bare.pay_info.clear();
        let pending = PendingRefund::new(&RefundPayment::full(PAYMENT), &bare, lost());
        assert_eq!(pending.expected_amount(), None);
        assert_eq!(pending.find_in(&after), Some(&entry(3, 200)));
    }

    #[test]
    fn never_takes_the_payment_itself_for_its_refund() {
        let before = payment(&[]);
        let pending = PendingRefund::new(&RefundPayment::full(PAYMENT), &before, lost());
        let confused = payment(&[entry(PAYMENT.get(), 250)]);
        assert_eq!(pending.find_in(&confused), None);
    }

    #[test]
    fn reads_refund_failures_as_documented() {
        for code in ["1900", "1902", "1999"] {
            assert_eq!(refund_reading(&api(code)), RefundReading::Resend);
        }
        assert_eq!(
            refund_reading(&api("1164")),
            RefundReading::Other(Reading::Clear)
        );
        for code in ["9000", "1198"] {
            assert_eq!(
                refund_reading(&api(code)),
                RefundReading::Other(Reading::Ambiguous)
            );
        }
    }
}

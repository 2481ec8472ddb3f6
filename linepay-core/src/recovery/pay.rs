//! Pay at the counter, recovered: [`Client::pay_or_recover`] and [`Client::recheck_pay`].

use std::convert::Infallible;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::api::offline::{CheckOrder, OrderStatus, OrderStatusInfo, Pay, PaymentInfo};
use crate::api::v3::{PayInfo, PaymentProvider};
use crate::client::Client;
use crate::error::Error;
use crate::return_code::ReturnCode;
use crate::transport::{Transport, TransportError};
use crate::types::{Amount, Currency, OrderId, TransactionId};

use super::{LostAnswer, Reading, is_not_listed, lost_answer, reading};

/// Where a counter sale stands after [`Client::pay_or_recover`] or [`Client::recheck_pay`].
///
/// `TE` is the transport's error type.
#[derive(Debug)]
#[non_exhaustive]
pub enum PayOutcome<TE = Infallible>
where
    TE: std::error::Error + 'static,
{
    /// The customer paid: by Pay's own answer, by its `0000` whose details could not be
    /// read, or, when the answer was lost, by Check (`COMPLETE`, or `REFUND`: paid and
    /// refunded since). Hand over the goods; never charge again.
    Paid(PayReceipt),
    /// LINE Pay never took the Pay: Check does not know the order (`1150`) and the lost Pay
    /// can no longer land. Nothing was charged; charging again is safe (the same order id
    /// is free at LINE Pay; the My Code has likely lapsed, so ask for a new one).
    NotPaid {
        /// The Pay whose answer was lost.
        pending: PendingPay,
    },
    /// Not decided when the polling ended: LINE Pay is still processing (`AUTH_READY`),
    /// answers a status this version does not know, or does not know the order while the
    /// lost Pay may still land. Keep the record and ask again with [`Client::recheck_pay`];
    /// do not charge again.
    InProgress {
        /// What Check answered (`None`: `1150` while the Pay may still land).
        status: Option<OrderStatus>,
        /// The Pay whose answer was lost.
        pending: PendingPay,
    },
    /// LINE Pay says the payment failed or was cancelled (`FAIL`, `CANCEL`): nothing was
    /// charged. The customer pays again, with a new My Code and a new order id.
    Failed {
        /// What Check answered.
        status: OrderStatus,
        /// The Pay whose answer was lost.
        pending: PendingPay,
    },
    /// Pay's answer was lost and Check failed too, until the polling ended: nothing is
    /// known. Keep the record and ask again with [`Client::recheck_pay`].
    Unknown {
        /// The Pay whose answer was lost.
        pending: PendingPay,
        /// Why the last Check failed.
        recovery: Error<TE>,
    },
}

/// The proof that a counter sale is paid.
///
/// ```
/// use linepay_core::api::offline::{OrderStatus, OrderStatusInfo, PaymentInfo};
/// use linepay_core::api::v3::{PayInfo, PayMethod};
/// use linepay_core::recovery::PayReceipt;
/// use linepay_core::{Amount, OrderId, TransactionId};
///
/// let mut info = PaymentInfo::new(TransactionId::new(2026071802368895010), OrderId::new("POS-1")?);
/// info.pay_info.push(PayInfo::new(PayMethod::Balance, Amount::whole(120)));
/// let answered = PayReceipt::Answered(Box::new(info));
/// assert_eq!(answered.transaction_id(), Some(TransactionId::new(2026071802368895010)));
/// assert_eq!(answered.paid_total(), Some(Amount::whole(120)));
///
/// let checked = PayReceipt::Recovered(Box::new(OrderStatusInfo::new(OrderStatus::Complete)));
/// assert!(checked.is_recovered());
/// assert_eq!(checked.transaction_id(), None); // Check did not say
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PayReceipt {
    /// Pay's own answer.
    Answered(Box<PaymentInfo>),
    /// Pay's answer was lost; this is what Check said of the order.
    Recovered(Box<OrderStatusInfo>),
    /// LINE Pay answered `0000`, so the customer paid, but neither the answer nor Check
    /// could be read. [`Client::recheck_pay`] with this record reads the details later; it
    /// never answers "not paid".
    SuccessUnread(PendingPay),
}

impl PayReceipt {
    /// LINE Pay's id of the payment, when the answer says it.
    pub fn transaction_id(&self) -> Option<TransactionId> {
        match self {
            PayReceipt::Answered(info) => Some(info.transaction_id),
            PayReceipt::Recovered(info) => info.transaction_id,
            PayReceipt::SuccessUnread(_) => None,
        }
    }

    /// How the customer paid (`payInfo`; empty while unread).
    pub fn pay_info(&self) -> &[PayInfo] {
        match self {
            PayReceipt::Answered(info) => &info.pay_info,
            PayReceipt::Recovered(info) => &info.pay_info,
            PayReceipt::SuccessUnread(_) => &[],
        }
    }

    /// What the customer paid: the sum of `payInfo[].amount` (`None` when the answer lists
    /// no `payInfo`, or while unread). LINE Pay asks merchants to compare it with the
    /// amount charged, and to refund when they differ.
    pub fn paid_total(&self) -> Option<Amount> {
        match self.pay_info() {
            [] => None,
            pay_info => crate::api::offline::total_paid(pay_info),
        }
    }

    /// Who settled the payment (`None` while unread, or when LINE Pay leaves it out: TSP).
    pub fn payment_provider(&self) -> Option<&PaymentProvider> {
        match self {
            PayReceipt::Answered(info) => info.payment_provider.as_ref(),
            PayReceipt::Recovered(info) => info.payment_provider.as_ref(),
            PayReceipt::SuccessUnread(_) => None,
        }
    }

    /// Whether Pay's answer was lost and this was read back from Check.
    pub fn is_recovered(&self) -> bool {
        matches!(self, PayReceipt::Recovered(_))
    }
}

/// A Pay whose answer was lost: the sale (without the My Code, which is spent or lapsed)
/// and the [`LostAnswer`]. Hand it to [`Client::recheck_pay`]; it serializes with serde,
/// so it survives a restart.
///
/// ```
/// use linepay_core::recovery::PendingPay;
///
/// let stored = r#"{"orderId":"TPE07-0042","amount":120,"currency":"TWD","captures":true,
///   "lost":{"window":{"sentAt":1800000000000,"closesAt":1800000120000},"successUnread":false,
///           "cause":"read timed out"}}"#;
/// let pending: PendingPay = serde_json::from_str(stored)?;
/// assert_eq!(pending.order_id().as_str(), "TPE07-0042");
/// assert_eq!(pending.check().order_id.as_str(), "TPE07-0042");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingPay {
    order_id: OrderId,
    amount: Amount,
    currency: Currency,
    captures: bool,
    lost: LostAnswer,
}

impl PendingPay {
    fn new(pay: &Pay, lost: LostAnswer) -> Self {
        Self {
            order_id: pay.order_id.clone(),
            amount: pay.amount,
            currency: pay.currency.clone(),
            captures: pay.captures(),
            lost,
        }
    }

    /// The sale's order id: what Check asks about.
    pub fn order_id(&self) -> &OrderId {
        &self.order_id
    }

    /// The amount charged.
    pub fn amount(&self) -> Amount {
        self.amount
    }

    /// The currency charged.
    pub fn currency(&self) -> &Currency {
        &self.currency
    }

    /// Whether the Pay was to capture at once (`false`: authorize only).
    pub fn captures(&self) -> bool {
        self.captures
    }

    /// The question recovery asks.
    pub fn check(&self) -> CheckOrder {
        CheckOrder {
            order_id: self.order_id.clone(),
        }
    }

    /// Why the answer was lost, and until when the Pay may still land.
    pub fn lost(&self) -> &LostAnswer {
        &self.lost
    }
}

/// How recovery asks Check after a Pay whose answer was lost: every `every`, for at most
/// `for_at_most`.
///
/// The default follows LINE Pay's documents: Check every 3 seconds (its legacy Offline
/// guide recommends 3 to 5 seconds; the current guide's sample code asks every second),
/// for at most 20 minutes (the legacy guide: "payment valid time is maximum 20 minutes"
/// from the Pay). At a counter the customer is waiting: a shorter limit, with the pending
/// record stored and [`Client::recheck_pay`] later, is usually better.
///
/// ```
/// use std::time::Duration;
/// use linepay_core::recovery::Polling;
///
/// let counter = Polling::every(Duration::from_secs(2)).for_at_most(Duration::from_secs(90));
/// assert_eq!(counter.interval(), Duration::from_secs(2));
/// assert_eq!(Polling::default().limit(), Duration::from_secs(20 * 60));
/// assert_eq!(Polling::once().limit(), Duration::ZERO);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Polling {
    every: Duration,
    for_at_most: Duration,
}

impl Polling {
    /// Asks every `interval` (at least 100 ms, so a zero never spins), for 20 minutes.
    pub fn every(interval: Duration) -> Self {
        Self {
            every: interval.max(Duration::from_millis(100)),
            ..Self::default()
        }
    }

    /// Asks once, without waiting.
    pub fn once() -> Self {
        Self {
            for_at_most: Duration::ZERO,
            ..Self::default()
        }
    }

    /// Stops asking once `limit` has passed since the first question.
    #[must_use]
    pub fn for_at_most(mut self, limit: Duration) -> Self {
        self.for_at_most = limit;
        self
    }

    /// The time between two questions.
    pub fn interval(&self) -> Duration {
        self.every
    }

    /// How long to keep asking.
    pub fn limit(&self) -> Duration {
        self.for_at_most
    }
}

impl Default for Polling {
    fn default() -> Self {
        Self {
            every: Duration::from_secs(3),
            for_at_most: Duration::from_secs(20 * 60),
        }
    }
}

impl<T: Transport> Client<T> {
    /// Charges a My Code once and, if the answer is lost, asks Check with the same order id
    /// until the sale is settled, **never sending Pay again**.
    ///
    /// ```text
    /// Pay ── 0000 ─────────────────────────────────────────────────▶ Paid(Answered)
    ///  │ NotSent, clear codes (1133, 1142, 1172, 2101, …) ────────▶ Err, unchanged
    ///  │ 0000 that does not decode, anything ambiguous (timeouts,
    ///  │ 5xx, 9000, 1145/1198, unknown codes)
    ///  ▼
    /// Check, every `polling.interval()` until `polling.limit()`
    ///  ├─ COMPLETE, REFUND ───────────────────────────────────────▶ Paid(Recovered)
    ///  ├─ FAIL, CANCEL ───────────────────────────────────────────▶ Failed (after a 0000: Paid)
    ///  ├─ 1150, the Pay's window closed when asked ──────────────▶ NotPaid (after a 0000: Paid)
    ///  ├─ AUTH_READY, unknown status, 1150 in the window ────────▶ ask again; at the limit InProgress
    ///  └─ Check fails ────────────────────────────────────────────▶ ask again; at the limit Unknown
    /// ```
    ///
    /// The window is Pay's [`LandingWindow`](super::LandingWindow): three times its
    /// recommended 40 s read timeout from when it was sent, with the client's defaults. So
    /// `NotPaid` comes at the earliest two minutes after the Pay, and only while polling
    /// lasts that long.
    ///
    /// **Following the outcome never charges twice**: `NotPaid` only once the lost Pay can
    /// no longer land, `Paid` only on LINE Pay's word. `1172` (the order id was used before)
    /// is an `Err`: a sale whose Pay was lost in an earlier process is asked about with
    /// [`recheck_pay`](Client::recheck_pay) and its stored [`PendingPay`], not charged
    /// again. Check's statuses for a payment authorized without capture are not documented;
    /// if LINE Pay answered `AUTH_READY` for one, recovery would poll until its limit and
    /// answer `InProgress`, never `NotPaid`.
    ///
    /// ```no_run
    /// # async fn run<T: linepay_core::Transport>(client: linepay_core::Client<T>, pay: linepay_core::api::offline::Pay) -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// use linepay_core::recovery::{PayOutcome, Polling};
    ///
    /// let polling = Polling::every(Duration::from_secs(2)).for_at_most(Duration::from_secs(90));
    /// match client.pay_or_recover(&pay, polling).await? {
    ///     PayOutcome::Paid(receipt) => println!("paid: {:?}", receipt.transaction_id()),
    ///     PayOutcome::NotPaid { .. } => println!("not charged: scan a new My Code"),
    ///     PayOutcome::Failed { status, .. } => println!("declined ({status}): pay another way"),
    ///     PayOutcome::InProgress { pending, .. } | PayOutcome::Unknown { pending, .. } => {
    ///         // Store it with the sale; later: client.recheck_pay(pending, Polling::once()).await
    ///         println!("not known yet: {}", serde_json::to_string(&pending)?);
    ///     }
    ///     _ => println!("an outcome this code does not know: treat it as unknown"),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn pay_or_recover(
        &self,
        pay: &Pay,
        polling: Polling,
    ) -> Result<PayOutcome<T::Error>, Error<T::Error>> {
        let (result, sent_at) = self.send_stamped(pay).await;
        let cause = match result {
            Ok(info) => return Ok(PayOutcome::Paid(PayReceipt::Answered(Box::new(info)))),
            Err(cause) => cause,
        };
        let lost = match reading(&cause) {
            Reading::Clear => return Err(cause),
            reading => lost_answer::<Pay, T>(self, sent_at, reading, cause),
        };
        Ok(settle(self, PendingPay::new(pay, lost), polling).await)
    }

    /// Asks again about a Pay whose answer was lost, as [`Client::pay_or_recover`] does
    /// after its Pay failed; sends nothing but Check. The record may come from another
    /// process ([`PendingPay`] is serde).
    ///
    /// ```no_run
    /// # async fn run<T: linepay_core::Transport>(client: linepay_core::Client<T>, stored: &str) -> Result<(), Box<dyn std::error::Error>> {
    /// use linepay_core::recovery::{PayOutcome, PendingPay, Polling};
    ///
    /// let pending: PendingPay = serde_json::from_str(stored)?;
    /// match client.recheck_pay(pending, Polling::once()).await {
    ///     PayOutcome::Paid(receipt) => println!("paid: {:?}", receipt.transaction_id()),
    ///     PayOutcome::NotPaid { .. } | PayOutcome::Failed { .. } => println!("not charged"),
    ///     _ => println!("not known yet: ask again later"),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub async fn recheck_pay(&self, pending: PendingPay, polling: Polling) -> PayOutcome<T::Error> {
        settle(self, pending, polling).await
    }
}

/// What one Check says.
enum Answer<TE: std::error::Error + 'static> {
    /// Settled: stop.
    Settled(PayOutcome<TE>),
    /// Not yet: ask again, or end with this outcome at the limit.
    Open(PayOutcome<TE>),
}

/// Asks Check until the sale is settled or the polling ends.
async fn settle<T: Transport>(
    client: &Client<T>,
    mut pending: PendingPay,
    polling: Polling,
) -> PayOutcome<T::Error> {
    // Elapsed time, not a deadline: `now + limit` would overflow for a limit of years.
    let started = client.clock().now();
    loop {
        // Read before asking: a Pay landing while Check is on its way must not be taken
        // for one that can no longer land.
        let asked_at = client.clock().now();
        let answer = ask(client, pending, asked_at).await;
        let outcome = match answer {
            Answer::Settled(outcome) => return outcome,
            Answer::Open(outcome) => outcome,
        };
        let waited = client
            .clock()
            .now()
            .duration_since(started)
            .unwrap_or_default();
        if waited.saturating_add(polling.interval()) > polling.limit() {
            return outcome;
        }
        pending = match outcome {
            PayOutcome::InProgress { pending, .. } | PayOutcome::Unknown { pending, .. } => pending,
            settled => return settled,
        };
        client.transport().sleep(polling.interval()).await;
    }
}

/// One Check, read.
async fn ask<T: Transport>(
    client: &Client<T>,
    pending: PendingPay,
    asked_at: SystemTime,
) -> Answer<T::Error> {
    let unread = pending.lost.is_success_unread();
    match client.send(&pending.check()).await {
        Ok(info) if info.status.is_paid() => {
            Answer::Settled(PayOutcome::Paid(PayReceipt::Recovered(Box::new(info))))
        }
        // LINE Pay's 0000 is proof: whatever Check says meanwhile, the customer paid.
        _ if unread => Answer::Settled(PayOutcome::Paid(PayReceipt::SuccessUnread(pending))),
        Ok(info) if info.status.is_final() => Answer::Settled(PayOutcome::Failed {
            status: info.status,
            pending,
        }),
        Ok(info) => Answer::Open(PayOutcome::InProgress {
            status: Some(info.status),
            pending,
        }),
        Err(not_found) if is_not_listed(&not_found) => {
            if pending.lost.may_land_at(asked_at) {
                Answer::Open(PayOutcome::InProgress {
                    status: None,
                    pending,
                })
            } else {
                Answer::Settled(PayOutcome::NotPaid { pending })
            }
        }
        Err(recovery) if will_not_pass(&recovery) => {
            Answer::Settled(PayOutcome::Unknown { pending, recovery })
        }
        Err(recovery) => Answer::Open(PayOutcome::Unknown { pending, recovery }),
    }
}

/// A Check failure that asking again will not cure: LINE Pay refusing the question itself
/// (a bad signature, an unknown merchant, a parameter), or a request this client cannot
/// send. Transport failures, gateways' pages, `9000`, `190X` and unknown codes may pass.
fn will_not_pass<TE: TransportError>(error: &Error<TE>) -> bool {
    match error {
        Error::Invalid(_) => true,
        Error::Api(api) => {
            let code = api.code();
            !(code.is_in_progress()
                || code.is_internal_error()
                || matches!(code, ReturnCode::Other(_))
                || code.as_str().starts_with("190"))
        }
        Error::Transport(_) | Error::Http { .. } | Error::Decode(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;
    use crate::recovery::LandingWindow;
    use crate::recovery::tests::{Lost, api};

    #[test]
    fn pays_clear_refusals_are_errors_and_the_rest_is_asked() {
        for code in ["1133", "1142", "1172", "1999", "2101", "1124", "1900"] {
            assert_eq!(reading(&api(code)), Reading::Clear, "{code}");
        }
        for code in ["9000", "1145", "1198", "4242"] {
            assert_eq!(reading(&api(code)), Reading::Ambiguous, "{code}");
        }
    }

    #[test]
    fn only_refusals_of_the_question_stop_the_polling() {
        for code in ["1104", "1106", "2101", "1155"] {
            assert!(will_not_pass(&api(code)), "{code}");
        }
        for code in ["9000", "1145", "1900", "1902", "4242"] {
            assert!(!will_not_pass(&api(code)), "{code}");
        }
        let lost: Error<Lost> = Error::Transport(Lost(crate::Delivery::MaybeSent));
        assert!(!will_not_pass(&lost));
    }

    #[test]
    fn a_pending_pay_keeps_no_my_code() {
        let pay = Pay::new(
            OrderId::new("POS-1").unwrap(),
            crate::OneTimeKey::new("389253804433039534").unwrap(),
            Currency::Twd,
            Vec::new(),
        );
        let sent = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let window = LandingWindow::of::<Pay>(sent, Duration::from_secs(40));
        let pending = PendingPay::new(&pay, LostAnswer::new(window, api("9000")));
        let stored = serde_json::to_string(&pending).unwrap();
        assert!(!stored.contains("389253804433039534"), "{stored}");
        let back: PendingPay = serde_json::from_str(&stored).unwrap();
        assert_eq!(back, pending);
        // Pay's window: 40 s + 2 × 40 s.
        assert_eq!(
            back.lost().window().closes_at(),
            sent + Duration::from_secs(120)
        );
    }
}

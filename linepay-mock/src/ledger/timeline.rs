//! What happened to a payment, in order, and which API call did it: the console's timeline.

use std::time::SystemTime;

use super::Ledger;

/// One step of a payment's life.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Event {
    pub(crate) at: SystemTime,
    /// What happened, in words: `requested 250 TWD`, `captured 80 TWD`, ….
    pub(crate) what: String,
    /// The request log's number of the API call that did it (`None`: the customer, the
    /// console or time).
    pub(crate) call: Option<u64>,
}

impl Ledger {
    /// Adds a step to the timeline of the payment at `index`.
    pub(crate) fn record(
        &mut self,
        index: usize,
        at: SystemTime,
        what: impl Into<String>,
        call: Option<u64>,
    ) {
        if let Some(payment) = self.payments.get_mut(index) {
            payment.timeline.push(Event {
                at,
                what: what.into(),
                call,
            });
        }
    }
}

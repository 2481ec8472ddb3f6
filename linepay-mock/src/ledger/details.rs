//! Payment Details: payments and refunds found by transaction id and order id.

use linepay_core::api::v3::PaymentDetails;

use super::{Ledger, Rejection, no_transaction};

/// What Payment Details found for one id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Found {
    /// A payment (by index).
    Payment(usize),
    /// A refund: the payment's index and the refund's index in it.
    Refund(usize, usize),
}

impl Ledger {
    /// Payment Details: confirmed payments and refunds by transaction id, then payments by
    /// order id, each once, in the order asked. `1150` when nothing is found.
    pub(crate) fn details(&self, details: &PaymentDetails) -> Result<Vec<Found>, Rejection> {
        let mut found = Vec::new();
        let mut push = |item: Found| {
            if !found.contains(&item) {
                found.push(item);
            }
        };
        for id in &details.transaction_id {
            if let Some(&index) = self.by_id.get(id) {
                if self.payments[index].state.is_confirmed() {
                    push(Found::Payment(index));
                }
            } else if let Some(&(index, refund)) = self.refunds.get(id) {
                push(Found::Refund(index, refund));
            }
        }
        for order_id in &details.order_id {
            if let Some(&index) = self.orders.get(order_id)
                && self.payments[index].state.is_confirmed()
            {
                push(Found::Payment(index));
            }
        }
        if found.is_empty() {
            return Err(no_transaction());
        }
        Ok(found)
    }
}

//! Refunds of a captured payment, and what is left to refund.

use std::time::SystemTime;

use linepay_core::api::v3::{RefundPayment, TransactionType};
use linepay_core::{Amount, ReturnCode, TransactionId};

use super::{Ledger, Payment, Rejection, reject, wrong_state};
use crate::clock::later;
use crate::rejection::{amount_info_error, amount_not_positive};
use crate::transaction::PaymentState;

/// One refund of a payment.
#[derive(Clone, Debug)]
pub(crate) struct RefundRecord {
    pub(crate) id: TransactionId,
    pub(crate) amount: Amount,
    pub(crate) transaction_type: TransactionType,
    pub(crate) at: SystemTime,
}

impl Ledger {
    /// Refund a captured payment, in full (`refundAmount` left out) or in part.
    /// `float_literal` says the request wrote the amount as a JSON float (`10.0`).
    pub(crate) fn refund(
        &mut self,
        refund: &RefundPayment,
        float_literal: bool,
        now: SystemTime,
    ) -> Result<(usize, usize), Rejection> {
        if self.refunds.contains_key(&refund.transaction_id) {
            return Err(reject(
                ReturnCode::InvalidTransactionId,
                "A refund transaction cannot be refunded.",
            ));
        }
        let index = self.payment_index(refund.transaction_id)?;
        let refund_period = self.refund_period;
        let payment = &self.payments[index];
        let captured = match (payment.state, payment.captured) {
            (PaymentState::Captured, Some(captured)) => captured,
            (PaymentState::Refunded, _) => {
                return Err(reject(ReturnCode::AlreadyRefunded, "Already refunded."));
            }
            (state, _) => return Err(wrong_state(state)),
        };
        let remaining = refundable(payment);
        let amount = match refund.refund_amount {
            None => remaining,
            Some(amount) => {
                let whole_only = payment.currency.minor_units() == Some(0);
                if (float_literal && whole_only)
                    || amount.check_currency(&payment.currency).is_err()
                {
                    return Err(amount_info_error());
                }
                if !amount.is_positive() {
                    return Err(amount_not_positive());
                }
                if amount > remaining {
                    return Err(reject(
                        ReturnCode::RefundAmountExceeded,
                        "The refund amount exceeds the refundable amount.",
                    ));
                }
                amount
            }
        };
        if refund_period.is_some_and(|period| now > later(captured.1, period)) {
            return Err(reject(
                ReturnCode::RefundPeriodExpired,
                "The refund period has expired.",
            ));
        }
        let transaction_type = if amount == captured.0 {
            TransactionType::PaymentRefund
        } else {
            TransactionType::PartialRefund
        };
        let id = self.next_transaction_id();
        let payment = &mut self.payments[index];
        payment.refunds.push(RefundRecord {
            id,
            amount,
            transaction_type,
            at: now,
        });
        if refundable(payment) == Amount::whole(0) {
            payment.state = PaymentState::Refunded;
        }
        let refund_index = payment.refunds.len() - 1;
        self.refunds.insert(id, (index, refund_index));
        Ok((index, refund_index))
    }
}

/// What may still be refunded: captured minus refunded (zero unless captured).
pub(crate) fn refundable(payment: &Payment) -> Amount {
    let Some((captured, _)) = payment.captured else {
        return Amount::whole(0);
    };
    if payment.state != PaymentState::Captured {
        return Amount::whole(0);
    }
    payment.refunds.iter().fold(captured, |left, refund| {
        left.checked_sub(refund.amount).unwrap_or(Amount::whole(0))
    })
}

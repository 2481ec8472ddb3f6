//! Capture and Void: what happens to a payment authorized with `capture: false`.

use std::time::SystemTime;

use linepay_core::api::v3::CapturePayment;
use linepay_core::{ReturnCode, TransactionId};

use super::{Ledger, Rejection, reject, wrong_state};
use crate::transaction::PaymentState;

impl Ledger {
    /// Capture an authorization, in full or in part (the rest is released).
    pub(crate) fn capture(
        &mut self,
        capture: &CapturePayment,
        now: SystemTime,
    ) -> Result<usize, Rejection> {
        let index = self.payment_index(capture.transaction_id)?;
        let payment = &mut self.payments[index];
        match payment.state {
            PaymentState::Authorized => {}
            PaymentState::AuthorizationExpired => {
                return Err(reject(
                    ReturnCode::PaymentExpired,
                    "The authorization has expired.",
                ));
            }
            state => return Err(wrong_state(state)),
        }
        if capture.currency != payment.currency || capture.amount > payment.amount {
            return Err(reject(
                ReturnCode::AmountMismatch,
                "The amount exceeds the authorized amount, or the currency differs.",
            ));
        }
        payment.state = PaymentState::Captured;
        payment.captured = Some((capture.amount, now));
        payment.capture_count += 1;
        Ok(index)
    }

    /// Void an authorization.
    pub(crate) fn void(&mut self, id: TransactionId, now: SystemTime) -> Result<usize, Rejection> {
        let index = self.payment_index(id)?;
        let payment = &mut self.payments[index];
        match payment.state {
            PaymentState::Authorized => {
                payment.state = PaymentState::Voided;
                payment.voided_at = Some(now);
                Ok(index)
            }
            PaymentState::Voided => Err(reject(ReturnCode::AlreadyRefunded, "Already voided.")),
            PaymentState::AuthorizationExpired => Err(reject(
                ReturnCode::PaymentExpired,
                "The authorization has expired.",
            )),
            state => Err(wrong_state(state)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use linepay_core::api::v3::{CapturePayment, PayType};
    use linepay_core::{Amount, Currency};

    use crate::ledger::Ledger;
    use crate::ledger::tests::{code, config, confirm, requested};
    use crate::transaction::PaymentState;

    #[test]
    fn authorization_capture_void_and_expiry() {
        let now = SystemTime::now();
        let mut ledger = Ledger::new(&config());
        let a = requested(&mut ledger, "A", false, PayType::Normal, now);
        let b = requested(&mut ledger, "B", false, PayType::Normal, now);
        let c = requested(&mut ledger, "C", false, PayType::Normal, now);
        for id in [a, b, c] {
            ledger.approve(id, now).unwrap();
            ledger.confirm(&confirm(id, 100), now).unwrap();
        }
        let capture = |id, amount| CapturePayment {
            transaction_id: id,
            amount: Amount::whole(amount),
            currency: Currency::Twd,
        };
        assert_eq!(code(ledger.capture(&capture(a, 101), now)), "1153");
        ledger.capture(&capture(a, 80), now).unwrap();
        assert_eq!(code(ledger.capture(&capture(a, 80), now)), "1179");
        assert_eq!(code(ledger.void(a, now)), "1179");
        ledger.void(b, now).unwrap();
        assert_eq!(code(ledger.void(b, now)), "1165");
        ledger.refresh(now + AUTHORIZATION);
        assert_eq!(
            ledger.transaction(c).unwrap().state,
            PaymentState::AuthorizationExpired
        );
        assert_eq!(code(ledger.capture(&capture(c, 100), now)), "1180");
    }

    const AUTHORIZATION: Duration = crate::config::AUTHORIZATION_WINDOW;
}

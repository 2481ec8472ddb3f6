//! Pre-approved payments: regKeys issued at Confirm, Check RegKey, Pay Preapproved and
//! Expire RegKey.

use std::time::SystemTime;

use linepay_core::api::v3::PayPreapproved;
use linepay_core::{RegKey, ReturnCode};

use super::counter::CustomerPays;
use super::payments::Charge;
use super::{Ledger, Rejection, order_id_used, reject, splitmix64};
use crate::transaction::Origin;

/// A regKey and its state.
#[derive(Clone, Debug)]
pub(super) struct RegKeyRecord {
    pub(super) issued_at: SystemTime,
    pub(super) expired: bool,
}

impl Ledger {
    /// A new regKey: `RK` and 13 letters or digits.
    pub(super) fn issue_reg_key(&mut self, now: SystemTime) -> RegKey {
        const ALPHABET: &[u8; 36] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        loop {
            self.keys_issued += 1;
            let seed = splitmix64(self.keys_issued ^ 0x5eed_1234_abcd_0000);
            let mut key = String::from("RK");
            for position in 0..13u64 {
                let digit = splitmix64(seed.wrapping_add(position)) % 36;
                key.push(char::from(ALPHABET[digit as usize]));
            }
            let Ok(key) = RegKey::new(key) else { continue };
            if !self.reg_keys.contains_key(&key) {
                self.reg_keys.insert(
                    key.clone(),
                    RegKeyRecord {
                        issued_at: now,
                        expired: false,
                    },
                );
                return key;
            }
        }
    }

    fn reg_key(&self, key: &RegKey) -> Result<&RegKeyRecord, Rejection> {
        let record = self
            .reg_keys
            .get(key)
            .ok_or_else(|| reject(ReturnCode::RegKeyNotFound, "The regKey does not exist."))?;
        if record.expired {
            return Err(reject(ReturnCode::RegKeyExpired, "The regKey has expired."));
        }
        Ok(record)
    }

    /// Check RegKey: `0000`, `1190` (unknown) or `1193` (expired).
    pub(crate) fn check_reg_key(&self, key: &RegKey) -> Result<(), Rejection> {
        self.reg_key(key).map(|_| ())
    }

    /// Pay Preapproved: charges at once (or authorizes with `capture: false`).
    pub(crate) fn pay_preapproved(
        &mut self,
        pay: &PayPreapproved,
        now: SystemTime,
    ) -> Result<usize, Rejection> {
        self.reg_key(&pay.reg_key)?;
        if self.orders.contains_key(&pay.order_id) {
            return Err(order_id_used());
        }
        let charge = Charge {
            order_id: pay.order_id.clone(),
            origin: Origin::PayPreapproved,
            pays: CustomerPays::CreditCard,
            amount: pay.amount,
            currency: pay.currency.clone(),
            capture: pay.capture.unwrap_or(true),
            product_name: pay.product_name.clone(),
            packages: Vec::new(),
            reg_key: Some(pay.reg_key.clone()),
        };
        Ok(self.charge(charge, now))
    }

    /// Expire RegKey: `0000`, `1190` (unknown) or `1193` (already expired).
    pub(crate) fn expire_reg_key(&mut self, key: &RegKey) -> Result<(), Rejection> {
        self.reg_key(key)?;
        if let Some(record) = self.reg_keys.get_mut(key) {
            record.expired = true;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use linepay_core::api::v3::{PayPreapproved, PayType};
    use linepay_core::{Amount, Currency, OrderId, RegKey};

    use crate::ledger::Ledger;
    use crate::ledger::tests::{code, config, confirm, requested};
    use crate::transaction::PaymentState;

    #[test]
    fn reg_keys() {
        let now = SystemTime::now();
        let mut ledger = Ledger::new(&config());
        let id = requested(&mut ledger, "A", true, PayType::Preapproved, now);
        ledger.approve(id, now).unwrap();
        let index = ledger.confirm(&confirm(id, 100), now).unwrap();
        let key = ledger.payment(index).reg_key.clone().unwrap();
        assert_eq!(key.as_str().len(), 15);
        assert!(key.as_str().starts_with("RK"));
        ledger.check_reg_key(&key).unwrap();
        let pay = PayPreapproved {
            reg_key: key.clone(),
            product_name: "Monthly".to_owned(),
            amount: Amount::whole(100),
            currency: Currency::Twd,
            order_id: OrderId::new("B").unwrap(),
            capture: None,
        };
        let charged = ledger.pay_preapproved(&pay, now).unwrap();
        assert_eq!(ledger.payment(charged).state, PaymentState::Captured);
        assert_eq!(code(ledger.pay_preapproved(&pay, now)), "1172");
        ledger.expire_reg_key(&key).unwrap();
        assert_eq!(code(ledger.check_reg_key(&key)), "1193");
        assert_eq!(code(ledger.expire_reg_key(&key)), "1193");
        let unknown = RegKey::new("RK0000000000000").unwrap();
        assert_eq!(code(ledger.check_reg_key(&unknown)), "1190");
    }
}

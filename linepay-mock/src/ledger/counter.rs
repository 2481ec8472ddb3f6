//! The counter (Offline API): My Codes issued by the generator, Pay charging one, and the
//! calls that name a payment by its `orderId` (Check, Authorizations, Capture, Void,
//! Refund).

use std::time::{Duration, SystemTime};

use linepay_core::api::offline::{Authorizations, CaptureOrder, OrderStatus, Pay, RefundOrder};
use linepay_core::api::v3::{CapturePayment, Package, RefundPayment};
use linepay_core::{OneTimeKey, OrderId};
use serde::{Deserialize, Serialize};

use super::payments::{Charge, first_product_name};
use super::{Busy, Ledger, Rejection, no_transaction, order_id_used, splitmix64};
use crate::clock::later;
use crate::rejection::invalid_one_time_key;
use crate::transaction::{Origin, PaymentState};

/// How long a My Code may be charged after the customer opened it: five minutes.
pub const ONE_TIME_KEY_LIFETIME: Duration = Duration::from_secs(5 * 60);

/// Whose My Code the generator makes, as LINE Pay's sandbox generator asks it: the
/// customer's country (the key's length) and how they pay.
///
/// On the admin API (`POST /__mock/oneTimeKeys`) every member is optional:
/// `{"country": "TW", "payMethod": "CREDIT_CARD"}`.
///
/// ```
/// use linepay_mock::{Country, Customer, CustomerPays};
///
/// let customer: Customer = serde_json::from_str(r#"{"country":"TH"}"#)?;
/// assert_eq!(customer, Customer { country: Country::Th, pays: CustomerPays::Balance });
/// assert_eq!(Country::Tw.key_digits(), 18);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Customer {
    /// The customer's country (default Taiwan).
    pub country: Country,
    /// How the customer pays (default LINE Pay balance).
    #[serde(rename = "payMethod")]
    pub pays: CustomerPays,
}

/// A customer's country: it sets the My Code's length.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Country {
    /// Taiwan: 18 digits.
    #[default]
    Tw,
    /// Thailand: 12 digits.
    Th,
}

impl Country {
    /// How many digits this country's My Codes have.
    pub fn key_digits(self) -> usize {
        match self {
            Country::Tw => 18,
            Country::Th => 12,
        }
    }
}

/// How a customer pays: what Pay's `payInfo[].method` says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CustomerPays {
    /// LINE Pay balance.
    #[default]
    Balance,
    /// A credit card.
    CreditCard,
}

/// A My Code the generator issued.
#[derive(Clone, Debug)]
pub(super) struct KeyRecord {
    issued_at: SystemTime,
    customer: Customer,
    used: bool,
}

impl Ledger {
    /// A new My Code for `customer`, valid for [`ONE_TIME_KEY_LIFETIME`] from `now`, once.
    pub(crate) fn issue_one_time_key(&mut self, customer: Customer, now: SystemTime) -> OneTimeKey {
        loop {
            self.keys_issued += 1;
            let seed = splitmix64(self.keys_issued ^ 0x0e7c_0de5_0000_0000);
            // Real Taiwanese keys start with 38; the rest is random digits.
            let mut digits = match customer.country {
                Country::Tw => String::from("38"),
                Country::Th => String::new(),
            };
            let mut position = 0;
            while digits.len() < customer.country.key_digits() {
                let digit = splitmix64(seed.wrapping_add(position)) % 10;
                digits.push(char::from(b'0' + digit as u8));
                position += 1;
            }
            let Ok(key) = OneTimeKey::new(digits) else {
                continue;
            };
            if !self.one_time_keys.contains_key(key.as_str()) {
                let record = KeyRecord {
                    issued_at: now,
                    customer,
                    used: false,
                };
                self.one_time_keys.insert(key.as_str().to_owned(), record);
                return key;
            }
        }
    }

    /// Pay: `1172` for an order id seen before, `1133` for a My Code that is unknown, used or
    /// older than five minutes; else the payment, captured, or authorized without capture.
    /// The key is spent only by a payment.
    pub(crate) fn pay(&mut self, pay: &Pay, now: SystemTime) -> Result<usize, Rejection> {
        if self.orders.contains_key(&pay.order_id) {
            return Err(order_id_used());
        }
        let customer = match self.one_time_keys.get(pay.one_time_key.as_str()) {
            Some(record)
                if !record.used && now < later(record.issued_at, ONE_TIME_KEY_LIFETIME) =>
            {
                record.customer
            }
            _ => return Err(invalid_one_time_key()),
        };
        if let Some(record) = self.one_time_keys.get_mut(pay.one_time_key.as_str()) {
            record.used = true;
        }
        let packages: Vec<Package> = pay.packages.iter().cloned().map(Package::from).collect();
        let charge = Charge {
            order_id: pay.order_id.clone(),
            origin: Origin::OneTimeKey,
            pays: customer.pays,
            amount: pay.amount,
            currency: pay.currency.clone(),
            capture: pay.captures(),
            product_name: first_product_name(&packages),
            packages,
            reg_key: None,
        };
        Ok(self.charge(charge, now))
    }

    /// Check by order id: the payment's [`OrderStatus`] (and its index), `AUTH_READY`
    /// while a Pay of the order is still being processed, `1150` for an order never seen.
    pub(crate) fn order_status(
        &self,
        order_id: &OrderId,
    ) -> Result<(OrderStatus, Option<usize>), Rejection> {
        let Some(&index) = self.orders.get(order_id) else {
            if self.busy.contains(&Busy::Order(order_id.clone())) {
                return Ok((OrderStatus::InProgress, None));
            }
            return Err(no_transaction());
        };
        let status = match self.payments[index].state {
            PaymentState::Waiting | PaymentState::Approved => OrderStatus::InProgress,
            PaymentState::Authorized | PaymentState::Captured => OrderStatus::Complete,
            PaymentState::Refunded => OrderStatus::Refund,
            PaymentState::Failed => OrderStatus::Fail,
            PaymentState::Cancelled
            | PaymentState::Expired
            | PaymentState::Voided
            | PaymentState::AuthorizationExpired => OrderStatus::Cancel,
        };
        Ok((status, Some(index)))
    }

    /// The payment of an order, for the calls that name it by `orderId`: `1150` if none.
    fn order_index(&self, order_id: &OrderId) -> Result<usize, Rejection> {
        self.orders
            .get(order_id)
            .copied()
            .ok_or_else(no_transaction)
    }

    /// Authorizations: the confirmed payments asked for by order or transaction id (once
    /// each), `1150` when there are none.
    pub(crate) fn authorizations(&self, read: &Authorizations) -> Result<Vec<usize>, Rejection> {
        let by_order = read.order_id.as_ref().and_then(|id| self.orders.get(id));
        let by_id = read
            .transaction_id
            .as_ref()
            .and_then(|id| self.by_id.get(id));
        let mut found: Vec<usize> = by_order.into_iter().chain(by_id).copied().collect();
        found.dedup();
        found.retain(|&index| self.payments[index].state.is_confirmed());
        if found.is_empty() {
            return Err(no_transaction());
        }
        Ok(found)
    }

    /// Capture by order id: as Capture by transaction id.
    pub(crate) fn capture_order(
        &mut self,
        capture: &CaptureOrder,
        now: SystemTime,
    ) -> Result<usize, Rejection> {
        let index = self.order_index(&capture.order_id)?;
        let online = CapturePayment {
            transaction_id: self.payments[index].id,
            amount: capture.amount,
            currency: capture.currency.clone(),
        };
        self.capture(&online, now)
    }

    /// Void by order id: as Void by transaction id.
    pub(crate) fn void_order(
        &mut self,
        order_id: &OrderId,
        now: SystemTime,
    ) -> Result<usize, Rejection> {
        let index = self.order_index(order_id)?;
        self.void(self.payments[index].id, now)
    }

    /// Refund by order id: as Refund by transaction id.
    pub(crate) fn refund_order(
        &mut self,
        refund: &RefundOrder,
        float_literal: bool,
        now: SystemTime,
    ) -> Result<(usize, usize), Rejection> {
        let index = self.order_index(&refund.order_id)?;
        let online = RefundPayment {
            transaction_id: self.payments[index].id,
            refund_amount: refund.refund_amount,
        };
        self.refund(&online, float_literal, now)
    }
}

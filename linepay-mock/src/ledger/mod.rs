//! The ledger: every payment, refund, regKey and order id, and the state machine that moves
//! them. Pure: no I/O, the time is passed in.
//!
//! One job a file, each adding its calls to [`Ledger`]:
//!
//! - `mod.rs`: the [`Ledger`] itself: construction, what time does (`refresh`), calls in
//!   flight ([`Busy`]), transaction ids, lookups, the admin snapshot.
//! - `calls.rs`: each API call decoded with its endpoint's declaration, checked, and applied
//!   here: the one place that matches on the endpoint.
//! - `answers.rs`: the `info` of each answer, built from a payment.
//! - `payments.rs`: a [`Payment`] from Request to Confirm: the customer approving,
//!   cancelling or failing on the payment page, Check Payment Status, the outcome of the
//!   SERVER-type confirm URL.
//! - `authorizations.rs`: Capture and Void of an authorized payment.
//! - `refunds.rs`: Refund, and what is left to refund.
//! - `details.rs`: Payment Details, by transaction id and order id ([`Found`]).
//! - `preapproved.rs`: regKeys: issued at Confirm, Check RegKey, Pay Preapproved, Expire
//!   RegKey.
//! - `counter.rs`: the Offline API: My Codes from the generator, Pay, and Check,
//!   Authorizations, Capture, Void and Refund by order id.
//! - `tests.rs`: test fixtures, and the tests that cross files.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, SystemTime};

use linepay_core::{OrderId, RegKey, ReturnCode, TransactionId};

use crate::clock::{iso8601, later};
use crate::config::MockConfig;
use crate::transaction::{PaymentState, Refund, RegKeyInfo, TimelineEntry, Transaction};

mod answers;
mod authorizations;
mod calls;
mod counter;
mod details;
mod payments;
mod preapproved;
mod refunds;
#[cfg(test)]
mod tests;
mod timeline;

pub(crate) use crate::rejection::{Rejection, reject};
pub(crate) use calls::{Call, Context, decode};
use counter::KeyRecord;
pub use counter::{Country, Customer, CustomerPays, ONE_TIME_KEY_LIFETIME};
pub(crate) use details::Found;
pub(crate) use payments::Payment;
use preapproved::RegKeyRecord;
use refunds::refundable;
pub(crate) use timeline::Event;

/// The first transaction id the mock hands out; later ones count up from it.
pub(crate) const FIRST_TRANSACTION_ID: u64 = 2_026_112_200_000_000_001;

/// What a state-changing call holds while it is in flight.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Busy {
    /// A Confirm, Capture, Void or Refund of this transaction.
    Transaction(TransactionId),
    /// A Request with this order id.
    Order(OrderId),
    /// A Pay Preapproved or Expire with this regKey.
    RegKey(RegKey),
}

/// Every payment, refund, regKey and order id.
#[derive(Debug)]
pub(crate) struct Ledger {
    next_id: u64,
    keys_issued: u64,
    approval_window: Duration,
    authorization_window: Duration,
    refund_period: Option<Duration>,
    reg_key_lifetime: Option<Duration>,
    payments: Vec<Payment>,
    by_id: HashMap<TransactionId, usize>,
    refunds: HashMap<TransactionId, (usize, usize)>,
    orders: HashMap<OrderId, usize>,
    reg_keys: HashMap<RegKey, RegKeyRecord>,
    /// My Codes by their digits.
    one_time_keys: HashMap<String, KeyRecord>,
    busy: HashSet<Busy>,
}

impl Ledger {
    /// An empty ledger with the configured windows.
    pub(crate) fn new(config: &MockConfig) -> Self {
        Self {
            next_id: FIRST_TRANSACTION_ID,
            keys_issued: 0,
            approval_window: config.approval_window,
            authorization_window: config.authorization_window,
            refund_period: config.refund_period,
            reg_key_lifetime: config.reg_key_lifetime,
            payments: Vec::new(),
            by_id: HashMap::new(),
            refunds: HashMap::new(),
            orders: HashMap::new(),
            reg_keys: HashMap::new(),
            one_time_keys: HashMap::new(),
            busy: HashSet::new(),
        }
    }

    /// Applies what time did: unapproved requests and uncaptured authorizations expire,
    /// regKeys past their lifetime too.
    pub(crate) fn refresh(&mut self, now: SystemTime) {
        for payment in &mut self.payments {
            match payment.state {
                PaymentState::Waiting
                    if now >= later(payment.requested_at, self.approval_window) =>
                {
                    payment.state = PaymentState::Expired;
                    payment.timeline.push(Event {
                        at: later(payment.requested_at, self.approval_window),
                        what: "expired: not approved in time".to_owned(),
                        call: None,
                    });
                }
                PaymentState::Authorized
                    if payment
                        .authorization_expires_at
                        .is_some_and(|expires| now >= expires) =>
                {
                    payment.state = PaymentState::AuthorizationExpired;
                    payment.timeline.push(Event {
                        at: payment.authorization_expires_at.unwrap_or(now),
                        what: "authorization lapsed: not captured in time".to_owned(),
                        call: None,
                    });
                }
                _ => {}
            }
        }
        if let Some(lifetime) = self.reg_key_lifetime {
            for record in self.reg_keys.values_mut() {
                if now >= later(record.issued_at, lifetime) {
                    record.expired = true;
                }
            }
        }
    }

    /// Marks `busy` in flight; `1198` (`1197` for a regKey) when it already is.
    pub(crate) fn begin(&mut self, busy: Busy) -> Result<(), Rejection> {
        let code = match busy {
            Busy::RegKey(_) => ReturnCode::RegKeyPaymentInProgress,
            _ => ReturnCode::DuplicateRequest,
        };
        if self.busy.insert(busy) {
            Ok(())
        } else {
            Err(reject(code, "The same request is being processed."))
        }
    }

    /// Ends what [`Ledger::begin`] started.
    pub(crate) fn end(&mut self, busy: &Busy) {
        self.busy.remove(busy);
    }

    fn next_transaction_id(&mut self) -> TransactionId {
        let id = TransactionId::new(self.next_id);
        self.next_id += 1;
        id
    }

    fn payment_index(&self, id: TransactionId) -> Result<usize, Rejection> {
        self.by_id.get(&id).copied().ok_or_else(no_transaction)
    }

    /// The payment with this id (not a refund).
    pub(crate) fn find(&self, id: TransactionId) -> Option<&Payment> {
        self.by_id.get(&id).map(|&index| &self.payments[index])
    }

    /// The payment at `index` (as returned by the other methods).
    pub(crate) fn payment(&self, index: usize) -> &Payment {
        &self.payments[index]
    }

    fn insert(&mut self, payment: Payment) -> usize {
        let index = self.payments.len();
        self.by_id.insert(payment.id, index);
        self.orders.insert(payment.order_id.clone(), index);
        self.payments.push(payment);
        index
    }

    /// Every payment, oldest first.
    pub(crate) fn snapshot(&self) -> Vec<Transaction> {
        self.payments.iter().map(|p| self.view(p)).collect()
    }

    /// One payment by its id.
    pub(crate) fn transaction(&self, id: TransactionId) -> Option<Transaction> {
        let index = *self.by_id.get(&id)?;
        Some(self.view(&self.payments[index]))
    }

    fn view(&self, payment: &Payment) -> Transaction {
        Transaction {
            transaction_id: payment.id,
            order_id: payment.order_id.clone(),
            origin: payment.origin,
            pay_type: payment.pay_type.clone(),
            amount: payment.amount,
            currency: payment.currency.clone(),
            product_name: payment.product_name.clone(),
            state: payment.state,
            capture: payment.capture,
            payment_access_token: payment.payment_access_token.clone(),
            requested_at: iso8601(payment.requested_at),
            approved_at: payment.approved_at.map(iso8601),
            confirmed_at: payment.confirmed_at.map(iso8601),
            confirm_count: payment.confirm_count,
            capture_count: payment.capture_count,
            authorization_expire_date: payment.authorization_expires_at.map(iso8601),
            captured_amount: payment.captured.map(|(amount, _)| amount),
            captured_at: payment.captured.map(|(_, at)| iso8601(at)),
            voided_at: payment.voided_at.map(iso8601),
            refunds: payment
                .refunds
                .iter()
                .map(|refund| Refund {
                    refund_transaction_id: refund.id,
                    amount: refund.amount,
                    transaction_type: refund.transaction_type.clone(),
                    refunded_at: iso8601(refund.at),
                })
                .collect(),
            refundable: refundable(payment),
            reg_key: payment.reg_key.as_ref().map(|key| RegKeyInfo {
                reg_key: key.clone(),
                expired: self.reg_keys.get(key).is_none_or(|record| record.expired),
            }),
            server_confirm: payment.server_confirm.clone(),
            timeline: payment
                .timeline
                .iter()
                .map(|event| TimelineEntry {
                    at: iso8601(event.at),
                    what: event.what.clone(),
                    call: event.call,
                })
                .collect(),
        }
    }
}

fn no_transaction() -> Rejection {
    reject(ReturnCode::NoTransactionHistory, "No transaction history.")
}

fn order_id_used() -> Rejection {
    reject(ReturnCode::OrderIdAlreadyUsed, "Existing same orderId.")
}

fn wrong_state(state: PaymentState) -> Rejection {
    reject(
        ReturnCode::InvalidState,
        format!("The transaction cannot be processed in its current state ({state})."),
    )
}

/// SplitMix64: a well-mixed 64-bit value from a counter, for tokens and keys.
fn splitmix64(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

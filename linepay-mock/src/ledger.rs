//! The ledger: every payment, refund, regKey and order id, and the state machine that moves
//! them. Pure: no I/O, the time is passed in.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, SystemTime};

use linepay_core::api::v3::{
    CapturePayment, ConfirmPayment, ConfirmUrlType, Package, PayPreapproved, PayType,
    PaymentDetails, PaymentStatus, RedirectUrls, RefundPayment, RequestPayment, TransactionType,
};
use linepay_core::{Amount, Currency, OrderId, RegKey, ReturnCode, TransactionId};

use crate::clock::iso8601;
use crate::config::MockConfig;
use crate::error::MockError;
use crate::redirect::{Redirect, confirm_location};
use crate::transaction::{
    Origin, PaymentState, Refund, RegKeyInfo, ServerConfirmCall, Transaction,
};

/// The first transaction id the mock hands out; later ones count up from it.
pub(crate) const FIRST_TRANSACTION_ID: u64 = 2_026_112_200_000_000_001;

/// A refused API call: the return code and message LINE Pay would answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rejection {
    pub(crate) code: ReturnCode,
    pub(crate) message: Cow<'static, str>,
}

/// A rejection with `code` and `message`.
pub(crate) fn reject(code: ReturnCode, message: impl Into<Cow<'static, str>>) -> Rejection {
    Rejection {
        code,
        message: message.into(),
    }
}

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

/// One payment and everything that happened to it.
#[derive(Clone, Debug)]
pub(crate) struct Payment {
    pub(crate) id: TransactionId,
    pub(crate) order_id: OrderId,
    pub(crate) origin: Origin,
    pub(crate) pay_type: PayType,
    pub(crate) amount: Amount,
    pub(crate) currency: Currency,
    pub(crate) capture: bool,
    pub(crate) product_name: String,
    pub(crate) packages: Vec<Package>,
    pub(crate) redirect_urls: RedirectUrls,
    pub(crate) payment_access_token: Option<String>,
    pub(crate) state: PaymentState,
    pub(crate) requested_at: SystemTime,
    pub(crate) approved_at: Option<SystemTime>,
    pub(crate) confirmed_at: Option<SystemTime>,
    pub(crate) confirm_count: u32,
    pub(crate) authorization_expires_at: Option<SystemTime>,
    pub(crate) captured: Option<(Amount, SystemTime)>,
    pub(crate) voided_at: Option<SystemTime>,
    pub(crate) refunds: Vec<RefundRecord>,
    pub(crate) reg_key: Option<RegKey>,
    pub(crate) server_confirm: Option<ServerConfirmCall>,
}

/// One refund of a payment.
#[derive(Clone, Debug)]
pub(crate) struct RefundRecord {
    pub(crate) id: TransactionId,
    pub(crate) amount: Amount,
    pub(crate) transaction_type: TransactionType,
    pub(crate) at: SystemTime,
}

/// A regKey and its state.
#[derive(Clone, Debug)]
struct RegKeyRecord {
    issued_at: SystemTime,
    expired: bool,
}

/// What Payment Details found for one id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Found {
    /// A payment (by index).
    Payment(usize),
    /// A refund: the payment's index and the refund's index in it.
    Refund(usize, usize),
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
            busy: HashSet::new(),
        }
    }

    /// Applies what time did: unapproved requests and uncaptured authorizations expire,
    /// regKeys past their lifetime too.
    pub(crate) fn refresh(&mut self, now: SystemTime) {
        for payment in &mut self.payments {
            match payment.state {
                PaymentState::Waiting if now >= payment.requested_at + self.approval_window => {
                    payment.state = PaymentState::Expired;
                }
                PaymentState::Authorized
                    if payment
                        .authorization_expires_at
                        .is_some_and(|expires| now >= expires) =>
                {
                    payment.state = PaymentState::AuthorizationExpired;
                }
                _ => {}
            }
        }
        if let Some(lifetime) = self.reg_key_lifetime {
            for record in self.reg_keys.values_mut() {
                if now >= record.issued_at + lifetime {
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

    /// Records a Request: a new payment waiting for the customer. `1172` for a used order id.
    pub(crate) fn request(
        &mut self,
        request: RequestPayment,
        now: SystemTime,
    ) -> Result<usize, Rejection> {
        if self.orders.contains_key(&request.order_id) {
            return Err(order_id_used());
        }
        let id = self.next_transaction_id();
        let payment_options = request
            .options
            .as_ref()
            .and_then(|options| options.payment.as_ref());
        let capture = payment_options
            .and_then(|payment| payment.capture)
            .unwrap_or(true);
        let pay_type = payment_options
            .and_then(|payment| payment.pay_type.clone())
            .unwrap_or(PayType::Normal);
        let product_name = request
            .packages
            .iter()
            .flat_map(|package| &package.products)
            .map(|product| product.name.clone())
            .next()
            .unwrap_or_default();
        let token = splitmix64(id.get()) % 1_000_000_000_000;
        Ok(self.insert(Payment {
            id,
            order_id: request.order_id,
            origin: Origin::Request,
            pay_type,
            amount: request.amount,
            currency: request.currency,
            capture,
            product_name,
            packages: request.packages,
            redirect_urls: request.redirect_urls,
            payment_access_token: Some(format!("{token:012}")),
            state: PaymentState::Waiting,
            requested_at: now,
            approved_at: None,
            confirmed_at: None,
            confirm_count: 0,
            authorization_expires_at: None,
            captured: None,
            voided_at: None,
            refunds: Vec::new(),
            reg_key: None,
            server_confirm: None,
        }))
    }

    fn insert(&mut self, payment: Payment) -> usize {
        let index = self.payments.len();
        self.by_id.insert(payment.id, index);
        self.orders.insert(payment.order_id.clone(), index);
        self.payments.push(payment);
        index
    }

    /// The customer approves on the payment page.
    pub(crate) fn approve(
        &mut self,
        id: TransactionId,
        now: SystemTime,
    ) -> Result<Redirect, MockError> {
        let payment = self.customer_payment(id)?;
        match payment.state {
            PaymentState::Waiting => {
                payment.state = PaymentState::Approved;
                payment.approved_at = Some(now);
            }
            // A second click on Pay changes nothing and goes to the same place.
            PaymentState::Approved => {}
            state => {
                return Err(MockError::NotWaiting {
                    transaction_id: id,
                    state,
                });
            }
        }
        let urls = &payment.redirect_urls;
        let location = |url: &String| confirm_location(url, payment.id, &payment.order_id);
        Ok(match (&urls.confirm_url_type, &urls.confirm_url) {
            (Some(ConfirmUrlType::None), _) | (_, None) => Redirect::Nowhere,
            (Some(ConfirmUrlType::Server), Some(url)) => Redirect::Server(location(url)),
            (_, Some(url)) => Redirect::Browser(location(url)),
        })
    }

    /// The customer cancels on the payment page.
    pub(crate) fn cancel(&mut self, id: TransactionId) -> Result<Redirect, MockError> {
        let payment = self.customer_payment(id)?;
        match payment.state {
            PaymentState::Waiting | PaymentState::Cancelled => {
                payment.state = PaymentState::Cancelled;
            }
            state => {
                return Err(MockError::NotWaiting {
                    transaction_id: id,
                    state,
                });
            }
        }
        let urls = &payment.redirect_urls;
        Ok(match (&urls.confirm_url_type, &urls.cancel_url) {
            (Some(ConfirmUrlType::None), _) | (_, None) => Redirect::Nowhere,
            (_, Some(url)) => Redirect::Browser(url.clone()),
        })
    }

    /// The payment fails on the customer's side (Check Payment Status `0122`).
    pub(crate) fn fail(&mut self, id: TransactionId) -> Result<(), MockError> {
        let payment = self.customer_payment(id)?;
        match payment.state {
            PaymentState::Waiting | PaymentState::Approved | PaymentState::Failed => {
                payment.state = PaymentState::Failed;
                Ok(())
            }
            state => Err(MockError::NotWaiting {
                transaction_id: id,
                state,
            }),
        }
    }

    fn customer_payment(&mut self, id: TransactionId) -> Result<&mut Payment, MockError> {
        let index = *self
            .by_id
            .get(&id)
            .ok_or(MockError::UnknownTransaction(id))?;
        Ok(&mut self.payments[index])
    }

    /// Records the outcome of the SERVER-type confirm URL call.
    pub(crate) fn record_server_confirm(&mut self, id: TransactionId, call: ServerConfirmCall) {
        if let Some(&index) = self.by_id.get(&id) {
            self.payments[index].server_confirm = Some(call);
        }
    }

    /// Check Payment Status.
    pub(crate) fn status(&self, id: TransactionId) -> Result<PaymentStatus, Rejection> {
        let payment = self.payment(self.payment_index(id)?);
        Ok(match payment.state {
            PaymentState::Waiting => PaymentStatus::Waiting,
            PaymentState::Approved => PaymentStatus::Authorized,
            PaymentState::Cancelled | PaymentState::Expired => PaymentStatus::CancelledOrExpired,
            PaymentState::Failed => PaymentStatus::Failed,
            PaymentState::Authorized
            | PaymentState::Captured
            | PaymentState::Voided
            | PaymentState::AuthorizationExpired
            | PaymentState::Refunded => PaymentStatus::Completed,
        })
    }

    /// Confirm: an approved payment is captured (or authorized with `capture: false`); a
    /// `PREAPPROVED` one also gets its regKey.
    pub(crate) fn confirm(
        &mut self,
        confirm: &ConfirmPayment,
        now: SystemTime,
    ) -> Result<usize, Rejection> {
        let index = self.payment_index(confirm.transaction_id)?;
        let payment = &self.payments[index];
        match payment.state {
            PaymentState::Approved => {}
            PaymentState::Waiting => {
                return Err(reject(
                    ReturnCode::NoTransactionHistory,
                    "The customer has not approved the payment yet.",
                ));
            }
            PaymentState::Cancelled | PaymentState::Failed => {
                return Err(reject(
                    ReturnCode::NoTransactionHistory,
                    "The payment was cancelled or failed.",
                ));
            }
            PaymentState::Expired => {
                return Err(reject(
                    ReturnCode::PaymentExpired,
                    "The payment has expired.",
                ));
            }
            PaymentState::Authorized
            | PaymentState::Captured
            | PaymentState::Voided
            | PaymentState::AuthorizationExpired
            | PaymentState::Refunded => {
                return Err(reject(
                    ReturnCode::OrderIdAlreadyUsed,
                    "Existing same orderId: the payment is already confirmed.",
                ));
            }
        }
        if confirm.currency != payment.currency || confirm.amount != payment.amount {
            return Err(reject(
                ReturnCode::AmountMismatch,
                "The amount or currency differs from the requested one.",
            ));
        }
        let reg_key = match payment.pay_type {
            PayType::Preapproved => Some(self.issue_reg_key(now)),
            _ => None,
        };
        let authorization_window = self.authorization_window;
        let payment = &mut self.payments[index];
        payment.confirmed_at = Some(now);
        payment.confirm_count += 1;
        payment.reg_key = reg_key;
        if payment.capture {
            payment.state = PaymentState::Captured;
            payment.captured = Some((payment.amount, now));
        } else {
            payment.state = PaymentState::Authorized;
            payment.authorization_expires_at = Some(now + authorization_window);
        }
        Ok(index)
    }

    /// A new regKey: `RK` and 13 letters or digits.
    fn issue_reg_key(&mut self, now: SystemTime) -> RegKey {
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
        if refund_period.is_some_and(|period| now > captured.1 + period) {
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
        let id = self.next_transaction_id();
        let capture = pay.capture.unwrap_or(true);
        let (state, captured, authorization_expires_at) = if capture {
            (PaymentState::Captured, Some((pay.amount, now)), None)
        } else {
            (
                PaymentState::Authorized,
                None,
                Some(now + self.authorization_window),
            )
        };
        Ok(self.insert(Payment {
            id,
            order_id: pay.order_id.clone(),
            origin: Origin::PayPreapproved,
            pay_type: PayType::Normal,
            amount: pay.amount,
            currency: pay.currency.clone(),
            capture,
            product_name: pay.product_name.clone(),
            packages: Vec::new(),
            redirect_urls: RedirectUrls::default(),
            payment_access_token: None,
            state,
            requested_at: now,
            approved_at: None,
            confirmed_at: Some(now),
            confirm_count: 0,
            authorization_expires_at,
            captured,
            voided_at: None,
            refunds: Vec::new(),
            reg_key: Some(pay.reg_key.clone()),
            server_confirm: None,
        }))
    }

    /// Expire RegKey: `0000`, `1190` (unknown) or `1193` (already expired).
    pub(crate) fn expire_reg_key(&mut self, key: &RegKey) -> Result<(), Rejection> {
        self.reg_key(key)?;
        if let Some(record) = self.reg_keys.get_mut(key) {
            record.expired = true;
        }
        Ok(())
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
        }
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

/// `1124`: an amount with the wrong scale for its currency.
pub(crate) fn amount_info_error() -> Rejection {
    reject(ReturnCode::AmountInfoError, "Error in Amount info.")
}

/// `1183`: an amount that is zero or negative.
pub(crate) fn amount_not_positive() -> Rejection {
    reject(
        ReturnCode::AmountBelowMinimum,
        "The amount must be greater than 0.",
    )
}

/// SplitMix64: a well-mixed 64-bit value from a counter, for tokens and keys.
fn splitmix64(seed: u64) -> u64 {
    let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use linepay_core::api::v3::{PaymentOptions, Product, RequestOptions};

    fn config() -> MockConfig {
        MockConfig::default()
    }

    fn request(order: &str, capture: bool, pay_type: PayType) -> RequestPayment {
        let mut request = RequestPayment::new(
            OrderId::new(order).unwrap(),
            Currency::Twd,
            vec![Package::new(
                "p1",
                vec![Product::new("Tea", 2, Amount::whole(50))],
            )],
            RedirectUrls::new("https://shop.example/ok", "https://shop.example/cancel"),
        );
        request.options = Some(RequestOptions {
            payment: Some(PaymentOptions {
                capture: Some(capture),
                pay_type: Some(pay_type),
            }),
            ..RequestOptions::default()
        });
        request
    }

    fn requested(
        ledger: &mut Ledger,
        order: &str,
        capture: bool,
        pay_type: PayType,
        now: SystemTime,
    ) -> TransactionId {
        let index = ledger
            .request(request(order, capture, pay_type), now)
            .unwrap();
        ledger.payment(index).id
    }

    fn confirm(id: TransactionId, amount: i64) -> ConfirmPayment {
        ConfirmPayment {
            transaction_id: id,
            amount: Amount::whole(amount),
            currency: Currency::Twd,
        }
    }

    fn code<T: std::fmt::Debug>(result: Result<T, Rejection>) -> String {
        result.unwrap_err().code.as_str().to_owned()
    }

    #[test]
    fn request_approve_confirm_refund() {
        let now = SystemTime::now();
        let mut ledger = Ledger::new(&config());
        let index = ledger
            .request(request("A", true, PayType::Normal), now)
            .unwrap();
        let id = ledger.payment(index).id;
        assert_eq!(id.get(), FIRST_TRANSACTION_ID);
        assert_eq!(
            code(ledger.request(request("A", true, PayType::Normal), now)),
            "1172"
        );
        assert_eq!(ledger.status(id).unwrap(), PaymentStatus::Waiting);
        assert_eq!(code(ledger.confirm(&confirm(id, 100), now)), "1150");
        let redirect = ledger.approve(id, now).unwrap();
        assert_eq!(
            redirect.location(),
            Some("https://shop.example/ok?transactionId=2026112200000000001&orderId=A")
        );
        assert_eq!(ledger.status(id).unwrap(), PaymentStatus::Authorized);
        assert_eq!(code(ledger.confirm(&confirm(id, 99), now)), "1153");
        ledger.confirm(&confirm(id, 100), now).unwrap();
        assert_eq!(code(ledger.confirm(&confirm(id, 100), now)), "1172");
        assert_eq!(ledger.status(id).unwrap(), PaymentStatus::Completed);

        let partial = RefundPayment::partial(id, Amount::whole(30));
        let (_, first) = ledger.refund(&partial, false, now).unwrap();
        assert_eq!(first, 0);
        assert_eq!(
            code(ledger.refund(&RefundPayment::partial(id, Amount::whole(71)), false, now)),
            "1164"
        );
        ledger.refund(&RefundPayment::full(id), false, now).unwrap();
        assert_eq!(
            code(ledger.refund(&RefundPayment::full(id), false, now)),
            "1165"
        );
        let snapshot = ledger.transaction(id).unwrap();
        assert_eq!(snapshot.state, PaymentState::Refunded);
        assert_eq!(snapshot.refunds.len(), 2);
        assert_eq!(snapshot.refunds[1].amount, Amount::whole(70));
        let refund_id = snapshot.refunds[0].refund_transaction_id;
        assert_eq!(
            code(ledger.refund(&RefundPayment::full(refund_id), false, now)),
            "1155"
        );
    }

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

    #[test]
    fn requests_expire_unapproved() {
        let now = SystemTime::now();
        let mut ledger = Ledger::new(&config());
        let id = requested(&mut ledger, "A", true, PayType::Normal, now);
        ledger.refresh(now + Duration::from_secs(20 * 60));
        assert_eq!(
            ledger.status(id).unwrap(),
            PaymentStatus::CancelledOrExpired
        );
        assert_eq!(code(ledger.confirm(&confirm(id, 100), now)), "1180");
        assert!(ledger.approve(id, now).is_err());
    }

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

    #[test]
    fn busy_calls_are_refused() {
        let mut ledger = Ledger::new(&config());
        let busy = Busy::Transaction(TransactionId::new(1));
        ledger.begin(busy.clone()).unwrap();
        assert_eq!(code(ledger.begin(busy.clone())), "1198");
        ledger.end(&busy);
        ledger.begin(busy).unwrap();
        let key = Busy::RegKey(RegKey::new("RK1").unwrap());
        ledger.begin(key.clone()).unwrap();
        assert_eq!(code(ledger.begin(key)), "1197");
    }
}

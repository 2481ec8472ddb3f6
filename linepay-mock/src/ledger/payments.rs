//! A payment from Request to Confirm: the customer on the payment page (approve, cancel,
//! fail), Check Payment Status, Confirm, and the outcome of the SERVER-type confirm URL.

use std::time::SystemTime;

use linepay_core::api::v3::{
    ConfirmPayment, ConfirmUrlType, Package, PayType, PaymentStatus, RedirectUrls, RequestPayment,
};
use linepay_core::{Amount, Currency, OrderId, RegKey, ReturnCode, TransactionId};

use super::counter::CustomerPays;
use super::refunds::RefundRecord;
use super::timeline::Event;
use super::{Ledger, Rejection, order_id_used, reject, splitmix64};
use crate::clock::later;
use crate::error::MockError;
use crate::redirect::{Redirect, confirm_location};
use crate::transaction::{Origin, PaymentState, ServerConfirmCall};

/// One payment and everything that happened to it.
#[derive(Clone, Debug)]
pub(crate) struct Payment {
    pub(crate) id: TransactionId,
    pub(crate) order_id: OrderId,
    pub(crate) origin: Origin,
    /// How the customer paid: what `payInfo[].method` says.
    pub(crate) pays: CustomerPays,
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
    pub(crate) capture_count: u32,
    pub(crate) authorization_expires_at: Option<SystemTime>,
    pub(crate) captured: Option<(Amount, SystemTime)>,
    pub(crate) voided_at: Option<SystemTime>,
    pub(crate) refunds: Vec<RefundRecord>,
    pub(crate) reg_key: Option<RegKey>,
    pub(crate) server_confirm: Option<ServerConfirmCall>,
    /// What happened to it, in order.
    pub(crate) timeline: Vec<Event>,
}

/// What a charge without the payment page records.
pub(super) struct Charge {
    pub(super) order_id: OrderId,
    pub(super) origin: Origin,
    pub(super) pays: CustomerPays,
    pub(super) amount: Amount,
    pub(super) currency: Currency,
    pub(super) capture: bool,
    pub(super) product_name: String,
    pub(super) packages: Vec<Package>,
    pub(super) reg_key: Option<RegKey>,
}

/// The name of the first product, as Payment Details shows a payment.
pub(super) fn first_product_name(packages: &[Package]) -> String {
    packages
        .iter()
        .flat_map(|package| &package.products)
        .map(|product| product.name.clone())
        .next()
        .unwrap_or_default()
}

impl Ledger {
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
        let product_name = first_product_name(&request.packages);
        let token = splitmix64(id.get()) % 1_000_000_000_000;
        Ok(self.insert(Payment {
            id,
            order_id: request.order_id,
            origin: Origin::Request,
            pays: CustomerPays::Balance,
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
            capture_count: 0,
            authorization_expires_at: None,
            captured: None,
            voided_at: None,
            refunds: Vec::new(),
            reg_key: None,
            server_confirm: None,
            timeline: Vec::new(),
        }))
    }

    /// A payment charged at once, without the payment page (Pay Preapproved, Offline Pay):
    /// captured, or authorized for the authorization window without capture.
    pub(super) fn charge(&mut self, charge: Charge, now: SystemTime) -> usize {
        let id = self.next_transaction_id();
        let (state, captured, authorization_expires_at) = if charge.capture {
            (PaymentState::Captured, Some((charge.amount, now)), None)
        } else {
            (
                PaymentState::Authorized,
                None,
                Some(later(now, self.authorization_window)),
            )
        };
        self.insert(Payment {
            id,
            order_id: charge.order_id,
            origin: charge.origin,
            pays: charge.pays,
            pay_type: PayType::Normal,
            amount: charge.amount,
            currency: charge.currency,
            capture: charge.capture,
            product_name: charge.product_name,
            packages: charge.packages,
            redirect_urls: RedirectUrls::default(),
            payment_access_token: None,
            state,
            requested_at: now,
            approved_at: None,
            confirmed_at: Some(now),
            confirm_count: 0,
            capture_count: 0,
            authorization_expires_at,
            captured,
            voided_at: None,
            refunds: Vec::new(),
            reg_key: charge.reg_key,
            server_confirm: None,
            timeline: Vec::new(),
        })
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
                payment.timeline.push(Event {
                    at: now,
                    what: "approved by the customer".to_owned(),
                    call: None,
                });
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
    pub(crate) fn cancel(
        &mut self,
        id: TransactionId,
        now: SystemTime,
    ) -> Result<Redirect, MockError> {
        let payment = self.customer_payment(id)?;
        match payment.state {
            PaymentState::Waiting | PaymentState::Cancelled => {
                payment.state = PaymentState::Cancelled;
                payment.timeline.push(Event {
                    at: now,
                    what: "cancelled by the customer".to_owned(),
                    call: None,
                });
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
    pub(crate) fn fail(&mut self, id: TransactionId, now: SystemTime) -> Result<(), MockError> {
        let payment = self.customer_payment(id)?;
        match payment.state {
            PaymentState::Waiting | PaymentState::Approved | PaymentState::Failed => {
                payment.state = PaymentState::Failed;
                payment.timeline.push(Event {
                    at: now,
                    what: "failed on the payment page".to_owned(),
                    call: None,
                });
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
            payment.authorization_expires_at = Some(later(now, authorization_window));
        }
        Ok(index)
    }
}

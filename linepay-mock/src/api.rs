//! The ten API endpoints: each received call decoded into linepay-core's endpoint struct,
//! checked, applied to the ledger and answered with LINE Pay's envelope.

use std::time::SystemTime;

use linepay_core::api::v3::{
    CaptureInfo, CapturePayment, CheckPaymentStatus, CheckRegKey, ConfirmInfo, ConfirmPayment,
    ExpireRegKey, PayInfo, PayMethod, PayPreapproved, PayPreapprovedInfo, PayStatus, PaymentDetail,
    PaymentDetails, PaymentUrl, RefundEntry, RefundInfo, RefundPayment, RequestInfo,
    RequestPayment, TransactionType, VoidPayment,
};
use linepay_core::{Amount, Envelope, IncomingRequest, ReturnCode};
use serde::Serialize;

use crate::clock::iso8601;
use crate::config::MockConfig;
use crate::endpoint::Route;
use crate::ledger::{Busy, Found, Ledger, Payment, Rejection, reject};
use crate::transaction::{Origin, PaymentState};
use crate::validate;

/// A decoded API call.
#[derive(Debug)]
pub(crate) enum Call {
    Request(Box<RequestPayment>),
    Confirm(ConfirmPayment),
    Capture(CapturePayment),
    Void(VoidPayment),
    Refund(RefundPayment),
    PaymentDetails(PaymentDetails),
    CheckPaymentStatus(CheckPaymentStatus),
    CheckRegKey(CheckRegKey),
    PayPreapproved(PayPreapproved),
    ExpireRegKey(ExpireRegKey),
}

/// What the ledger needs from the server to answer.
pub(crate) struct Context<'a> {
    pub(crate) config: &'a MockConfig,
    pub(crate) base_url: &'a str,
    pub(crate) now: SystemTime,
}

/// Decodes a call of `route` with the endpoint's own `IncomingRequest` from linepay-core:
/// `v3_path` is the path (a `/v4/` one rewritten to `/v3/`), `payload` the POST body or
/// the raw GET query.
pub(crate) fn decode(route: Route, v3_path: &str, payload: &[u8]) -> Result<Call, Rejection> {
    fn with<E: IncomingRequest>(
        path: &str,
        payload: &[u8],
        wrap: fn(E) -> Call,
    ) -> Result<Call, Rejection> {
        E::decode_request(path, payload)
            .map(wrap)
            .map_err(|error| validate::decode_error(error, payload))
    }
    match route {
        Route::Request => with(v3_path, payload, |request| Call::Request(Box::new(request))),
        Route::Confirm => with(v3_path, payload, Call::Confirm),
        Route::Capture => with(v3_path, payload, Call::Capture),
        Route::Void => with(v3_path, payload, Call::Void),
        Route::Refund => with(v3_path, payload, Call::Refund),
        Route::PaymentDetails => with(v3_path, payload, Call::PaymentDetails),
        Route::CheckPaymentStatus => with(v3_path, payload, Call::CheckPaymentStatus),
        Route::CheckRegKey => with(v3_path, payload, Call::CheckRegKey),
        Route::PayPreapproved => with(v3_path, payload, Call::PayPreapproved),
        Route::ExpireRegKey => with(v3_path, payload, Call::ExpireRegKey),
    }
}

impl Call {
    /// The checks that need no ledger. `float` says the body wrote an amount as a JSON
    /// float.
    pub(crate) fn validate(&self, float: bool, config: &MockConfig) -> Result<(), Rejection> {
        match self {
            Call::Request(request) => validate::request(request, float, config),
            Call::Confirm(confirm) => {
                validate::amount_call(confirm, &confirm.amount, &confirm.currency, float)
            }
            Call::Capture(capture) => {
                validate::amount_call(capture, &capture.amount, &capture.currency, float)
            }
            Call::PaymentDetails(details) => validate::details(details),
            Call::PayPreapproved(pay) => validate::pay_preapproved(pay, float, config),
            // Refund's amount is checked against the payment's currency in the ledger.
            Call::Void(_)
            | Call::Refund(_)
            | Call::CheckPaymentStatus(_)
            | Call::CheckRegKey(_)
            | Call::ExpireRegKey(_) => Ok(()),
        }
    }

    /// What the call holds while in flight (state-changing calls only).
    pub(crate) fn busy(&self) -> Option<Busy> {
        match self {
            Call::Request(request) => Some(Busy::Order(request.order_id.clone())),
            Call::Confirm(ConfirmPayment { transaction_id, .. })
            | Call::Capture(CapturePayment { transaction_id, .. })
            | Call::Void(VoidPayment { transaction_id })
            | Call::Refund(RefundPayment { transaction_id, .. }) => {
                Some(Busy::Transaction(*transaction_id))
            }
            Call::PayPreapproved(PayPreapproved { reg_key, .. })
            | Call::ExpireRegKey(ExpireRegKey { reg_key }) => Some(Busy::RegKey(reg_key.clone())),
            Call::PaymentDetails(_) | Call::CheckPaymentStatus(_) | Call::CheckRegKey(_) => None,
        }
    }

    /// Applies the call to the ledger and builds LINE Pay's answer; an error leaves the
    /// ledger as it was.
    pub(crate) fn execute(
        self,
        ledger: &mut Ledger,
        float: bool,
        context: &Context<'_>,
    ) -> Result<Envelope, Rejection> {
        let now = context.now;
        match self {
            Call::Request(request) => {
                let index = ledger.request(*request, now)?;
                success(&request_info(ledger.payment(index), context.base_url))
            }
            Call::Confirm(confirm) => {
                let index = ledger.confirm(&confirm, now)?;
                success(&confirm_info(ledger.payment(index)))
            }
            Call::Capture(capture) => {
                let index = ledger.capture(&capture, now)?;
                let payment = ledger.payment(index);
                let mut info = CaptureInfo::new(payment.id, payment.order_id.clone());
                info.pay_info = pay_info(payment, capture.amount);
                success(&info)
            }
            Call::Void(void) => {
                ledger.void(void.transaction_id, now)?;
                Ok(Envelope::without_info(ReturnCode::Success, "Success."))
            }
            Call::Refund(refund) => {
                let (index, refund_index) = ledger.refund(&refund, float, now)?;
                let record = &ledger.payment(index).refunds[refund_index];
                success(&RefundInfo::new(record.id, iso8601(record.at)))
            }
            Call::PaymentDetails(details) => {
                let found = ledger.details(&details)?;
                let merchant = &context.config.merchant_name;
                let info: Vec<PaymentDetail> = found
                    .into_iter()
                    .map(|found| match found {
                        Found::Payment(index) => payment_detail(ledger.payment(index), merchant),
                        Found::Refund(index, refund) => {
                            refund_detail(ledger.payment(index), refund, merchant)
                        }
                    })
                    .collect();
                success(&info)
            }
            Call::CheckPaymentStatus(check) => {
                let status = ledger.status(check.transaction_id)?;
                let code = status.return_code();
                let message = code.description();
                Ok(Envelope::without_info(code, message))
            }
            Call::CheckRegKey(check) => {
                ledger.check_reg_key(&check.reg_key)?;
                Ok(Envelope::without_info(ReturnCode::Success, "Success."))
            }
            Call::PayPreapproved(pay) => {
                let index = ledger.pay_preapproved(&pay, now)?;
                let payment = ledger.payment(index);
                let mut info = PayPreapprovedInfo::new(payment.id, iso8601(now));
                info.authorization_expire_date = payment.authorization_expires_at.map(iso8601);
                info.order_id = Some(payment.order_id.clone());
                success(&info)
            }
            Call::ExpireRegKey(expire) => {
                ledger.expire_reg_key(&expire.reg_key)?;
                Ok(Envelope::without_info(ReturnCode::Success, "Success."))
            }
        }
    }
}

/// `0000` with `info`.
fn success<T: Serialize>(info: &T) -> Result<Envelope, Rejection> {
    Envelope::with_info(ReturnCode::Success, "Success.", info).map_err(|error| {
        reject(
            ReturnCode::InternalError,
            format!("Internal error: {error}"),
        )
    })
}

fn request_info(payment: &Payment, base_url: &str) -> RequestInfo {
    let mut url = PaymentUrl::new(format!("{base_url}/web/payment/{}", payment.id));
    url.app = payment
        .payment_access_token
        .as_ref()
        .map(|token| format!("line://pay/payment/{token}"));
    let mut info = RequestInfo::new(payment.id, url);
    info.payment_access_token = payment.payment_access_token.clone();
    info
}

fn confirm_info(payment: &Payment) -> ConfirmInfo {
    let mut info = ConfirmInfo::new(payment.order_id.clone(), payment.id);
    info.authorization_expire_date = payment.authorization_expires_at.map(iso8601);
    info.reg_key = payment.reg_key.clone();
    info.pay_info = pay_info(payment, payment.amount);
    info.packages = payment.packages.clone();
    info
}

/// How the customer paid `amount`: LINE Pay balance for a Request, a card for a charge with
/// a regKey.
fn pay_info(payment: &Payment, amount: Amount) -> Vec<PayInfo> {
    let pay = match payment.origin {
        Origin::PayPreapproved => {
            let mut card = PayInfo::new(PayMethod::CreditCard, amount);
            card.credit_card_nickname = Some(String::new());
            card.credit_card_brand = Some("VISA".to_owned());
            card
        }
        Origin::Request => PayInfo::new(PayMethod::Balance, amount),
    };
    vec![pay]
}

fn payment_detail(payment: &Payment, merchant_name: &str) -> PaymentDetail {
    let mut detail = PaymentDetail::new(payment.id);
    detail.transaction_date = payment.confirmed_at.map(iso8601);
    detail.transaction_type = Some(TransactionType::Payment);
    detail.pay_status = Some(match payment.state {
        PaymentState::Captured | PaymentState::Refunded => PayStatus::Capture,
        PaymentState::Voided => PayStatus::VoidedAuthorization,
        PaymentState::AuthorizationExpired => PayStatus::ExpiredAuthorization,
        _ => PayStatus::Authorization,
    });
    detail.product_name = Some(payment.product_name.clone());
    detail.merchant_name = Some(merchant_name.to_owned());
    detail.currency = Some(payment.currency.clone());
    detail.order_id = Some(payment.order_id.clone());
    detail.authorization_expire_date = payment.authorization_expires_at.map(iso8601);
    let paid = payment
        .captured
        .map_or(payment.amount, |(amount, _)| amount);
    detail.pay_info = pay_info(payment, paid);
    detail.refund_list = payment
        .refunds
        .iter()
        .map(|refund| {
            let mut entry = RefundEntry::new(
                refund.id,
                refund.amount.checked_neg().unwrap_or(refund.amount),
            );
            entry.transaction_type = Some(refund.transaction_type.clone());
            entry.refund_transaction_date = Some(iso8601(refund.at));
            entry
        })
        .collect();
    detail.packages = payment.packages.clone();
    detail
}

fn refund_detail(payment: &Payment, refund: usize, merchant_name: &str) -> PaymentDetail {
    let refund = &payment.refunds[refund];
    let mut detail = PaymentDetail::new(refund.id);
    detail.transaction_date = Some(iso8601(refund.at));
    detail.transaction_type = Some(refund.transaction_type.clone());
    detail.product_name = Some(payment.product_name.clone());
    detail.merchant_name = Some(merchant_name.to_owned());
    detail.currency = Some(payment.currency.clone());
    detail.order_id = Some(payment.order_id.clone());
    detail.original_transaction_id = Some(payment.id);
    detail
}

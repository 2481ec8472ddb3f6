//! LINE Pay's answers built from the ledger: the `info` of each call, and `paymentProvider`
//! under `/v4/`.

use linepay_core::api::offline::{OrderStatusInfo, PaymentInfo};
use linepay_core::api::v3::{
    CaptureInfo, ConfirmInfo, PayInfo, PayMethod, PayPreapprovedInfo, PayStatus, PaymentDetail,
    PaymentProvider, PaymentUrl, RefundEntry, RequestInfo, TransactionType,
};
use linepay_core::{Amount, ApiVersion, Envelope, ReturnCode};
use serde::Serialize;

use super::calls::Context;
use super::counter::CustomerPays;
use super::{Payment, Rejection, reject};
use crate::clock::iso8601;
use crate::transaction::PaymentState;

/// `0000` with `info`.
pub(super) fn success<T: Serialize>(info: &T) -> Result<Envelope, Rejection> {
    Envelope::with_info(ReturnCode::Success, "Success.", info).map_err(|error| {
        reject(
            ReturnCode::InternalError,
            format!("Internal error: {error}"),
        )
    })
}

/// `0000` with `info`, `paymentProvider` set under `/v4/` (Confirm, Capture, Pay
/// Preapproved; Payment Details sets it in each entry).
pub(super) fn answer<T: Serialize + Settled>(
    info: T,
    context: &Context<'_>,
) -> Result<Envelope, Rejection> {
    success(&settled(info, context))
}

/// An answer that says who settled the payment: the types' `payment_provider`, which v4
/// fills and v3 leaves out.
pub(super) trait Settled {
    fn provider_mut(&mut self) -> &mut Option<PaymentProvider>;
}

macro_rules! settled {
    ($($answer:ty),*) => {$(
        impl Settled for $answer {
            fn provider_mut(&mut self) -> &mut Option<PaymentProvider> {
                &mut self.payment_provider
            }
        }
    )*};
}

settled!(
    ConfirmInfo,
    CaptureInfo,
    PaymentDetail,
    PayPreapprovedInfo,
    PaymentInfo,
    OrderStatusInfo
);

/// The answer of the call's version: under `/v4/` the mock settles every payment as TSP,
/// LINE Pay's default provider.
pub(super) fn settled<T: Settled>(mut info: T, context: &Context<'_>) -> T {
    if context.version == ApiVersion::V4 {
        *info.provider_mut() = Some(PaymentProvider::Tsp);
    }
    info
}

pub(super) fn request_info(payment: &Payment, base_url: &str) -> RequestInfo {
    let mut url = PaymentUrl::new(format!("{base_url}/web/payment/{}", payment.id));
    url.app = payment
        .payment_access_token
        .as_ref()
        .map(|token| format!("line://pay/payment/{token}"));
    let mut info = RequestInfo::new(payment.id, url);
    info.payment_access_token = payment.payment_access_token.clone();
    info
}

pub(super) fn confirm_info(payment: &Payment) -> ConfirmInfo {
    let mut info = ConfirmInfo::new(payment.order_id.clone(), payment.id);
    info.authorization_expire_date = payment.authorization_expires_at.map(iso8601);
    info.reg_key = payment.reg_key.clone();
    info.pay_info = pay_info(payment, payment.amount);
    info.packages = payment.packages.clone();
    info
}

/// How the customer paid `amount`: LINE Pay balance, or a card (a charge with a regKey, or
/// a My Code the generator made for a card).
pub(super) fn pay_info(payment: &Payment, amount: Amount) -> Vec<PayInfo> {
    let pay = match payment.pays {
        CustomerPays::CreditCard => {
            let mut card = PayInfo::new(PayMethod::CreditCard, amount);
            card.credit_card_nickname = Some(String::new());
            card.credit_card_brand = Some("VISA".to_owned());
            card
        }
        CustomerPays::Balance => PayInfo::new(PayMethod::Balance, amount),
    };
    vec![pay]
}

/// Offline Pay's and Capture's answer: the payment as charged (or authorized).
pub(super) fn payment_info(payment: &Payment) -> PaymentInfo {
    let mut info = PaymentInfo::new(payment.id, payment.order_id.clone());
    let (paid, at) = payment
        .captured
        .unwrap_or((payment.amount, payment.requested_at));
    info.transaction_date = iso8601(at);
    info.pay_info = pay_info(payment, paid);
    info.authorization_expire_date = payment.authorization_expires_at.map(iso8601);
    info
}

/// Offline Check's answer: the status, with the payment when there is one.
pub(super) fn order_status_info(
    status: linepay_core::api::offline::OrderStatus,
    payment: Option<&Payment>,
) -> OrderStatusInfo {
    let mut info = OrderStatusInfo::new(status);
    if let Some(payment) = payment {
        info.transaction_id = Some(payment.id);
        info.order_id = Some(payment.order_id.clone());
        info.transaction_date = payment.confirmed_at.map(iso8601);
        let paid = payment
            .captured
            .map_or(payment.amount, |(amount, _)| amount);
        info.pay_info = pay_info(payment, paid);
    }
    info
}

pub(super) fn payment_detail(payment: &Payment, merchant_name: &str) -> PaymentDetail {
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

pub(super) fn refund_detail(
    payment: &Payment,
    refund: usize,
    merchant_name: &str,
) -> PaymentDetail {
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

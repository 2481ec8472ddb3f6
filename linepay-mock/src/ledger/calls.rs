//! The API calls: each received call decoded into linepay-core's endpoint struct,
//! checked, applied to the ledger and answered with LINE Pay's envelope. The one place in the
//! mock that matches on the endpoint; the rest reads the declarations (`route.rs`).

use std::time::SystemTime;

use linepay_core::api::offline::{
    Authorizations, CaptureOrder, CheckOrder, Pay, RefundOrder, VoidOrder,
};
use linepay_core::api::v3::{
    CaptureInfo, CapturePayment, CheckPaymentStatus, CheckRegKey, ConfirmPayment, ExpireRegKey,
    Package, PayPreapproved, PayPreapprovedInfo, PaymentDetail, PaymentDetails, RefundInfo,
    RefundPayment, RequestOptions, RequestPayment, VoidPayment,
};
use linepay_core::api::v4;
use linepay_core::{ApiVersion, Envelope, IncomingRequest, ReturnCode};

use super::answers::{
    answer, confirm_info, order_status_info, pay_info, payment_detail, payment_info, refund_detail,
    request_info, settled, success,
};
use crate::clock::iso8601;
use crate::config::MockConfig;
use crate::ledger::{Busy, Found, Ledger, Rejection};
use crate::route::Route;
use crate::validate;

/// A decoded API call.
#[derive(Debug)]
pub(crate) enum Call {
    Request(Box<RequestPayment>),
    /// A Request under `/v4/`, decoded with v4's body (no `userFee`, no `familyService`).
    RequestV4(Box<v4::RequestPayment>),
    Confirm(ConfirmPayment),
    Capture(CapturePayment),
    Void(VoidPayment),
    Refund(RefundPayment),
    PaymentDetails(PaymentDetails),
    CheckPaymentStatus(CheckPaymentStatus),
    CheckRegKey(CheckRegKey),
    PayPreapproved(PayPreapproved),
    ExpireRegKey(ExpireRegKey),
    /// The Offline API (v4 only), by order id.
    Pay(Box<Pay>),
    CheckOrder(CheckOrder),
    Authorizations(Authorizations),
    CaptureOrder(CaptureOrder),
    VoidOrder(VoidOrder),
    RefundOrder(RefundOrder),
}

/// What the ledger needs from the server to answer.
pub(crate) struct Context<'a> {
    pub(crate) config: &'a MockConfig,
    pub(crate) base_url: &'a str,
    pub(crate) now: SystemTime,
    /// The version of the path: v4 answers carry `paymentProvider`.
    pub(crate) version: ApiVersion,
    /// The call's number in the request log, for the payment's timeline.
    pub(crate) call: Option<u64>,
}

/// Decodes a call of `route` with the endpoint's own `IncomingRequest` from linepay-core:
/// `path` as received (each declaration lists its path in every version), `payload` the POST
/// body or the raw GET query. Request has a declaration per version (their bodies differ).
pub(crate) fn decode(
    route: Route,
    version: ApiVersion,
    path: &str,
    payload: &[u8],
) -> Result<Call, Rejection> {
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
        Route::Request if version == ApiVersion::V4 => {
            with(path, payload, |request| Call::RequestV4(Box::new(request)))
        }
        Route::Request => with(path, payload, |request| Call::Request(Box::new(request))),
        Route::Confirm => with(path, payload, Call::Confirm),
        Route::Capture => with(path, payload, Call::Capture),
        Route::Void => with(path, payload, Call::Void),
        Route::Refund => with(path, payload, Call::Refund),
        Route::PaymentDetails => with(path, payload, Call::PaymentDetails),
        Route::CheckPaymentStatus => with(path, payload, Call::CheckPaymentStatus),
        Route::CheckRegKey => with(path, payload, Call::CheckRegKey),
        Route::PayPreapproved => with(path, payload, Call::PayPreapproved),
        Route::ExpireRegKey => with(path, payload, Call::ExpireRegKey),
        Route::Pay => with(path, payload, |pay| Call::Pay(Box::new(pay))),
        Route::CheckOrder => with(path, payload, Call::CheckOrder),
        Route::Authorizations => with(path, payload, Call::Authorizations),
        Route::CaptureOrder => with(path, payload, Call::CaptureOrder),
        Route::VoidOrder => with(path, payload, Call::VoidOrder),
        Route::RefundOrder => with(path, payload, Call::RefundOrder),
    }
}

/// A step with an amount (`amount`, else the payment's) on the timeline.
fn record_amount(
    ledger: &mut Ledger,
    index: usize,
    what: &str,
    amount: Option<linepay_core::Amount>,
    context: &Context<'_>,
) {
    let payment = ledger.payment(index);
    let text = format!(
        "{what} {} {}",
        amount.unwrap_or(payment.amount),
        payment.currency
    );
    ledger.record(index, context.now, text, context.call);
}

/// A charge without the payment page: captured at once or authorized.
fn record_charge(ledger: &mut Ledger, index: usize, how: &str, context: &Context<'_>) {
    let what = if ledger.payment(index).capture {
        format!("{how}: captured")
    } else {
        format!("{how}: authorized")
    };
    record_amount(ledger, index, &what, None, context);
}

/// A Void (by transaction or order id) on the timeline, and its answer.
fn voided(ledger: &mut Ledger, index: usize, context: &Context<'_>) -> Result<Envelope, Rejection> {
    ledger.record(index, context.now, "voided", context.call);
    Ok(Envelope::without_info(ReturnCode::Success, "Success."))
}

/// A Refund (by transaction or order id) on the timeline, with its own id, and its answer.
fn refunded(
    ledger: &mut Ledger,
    index: usize,
    refund: usize,
    context: &Context<'_>,
) -> Result<Envelope, Rejection> {
    let payment = ledger.payment(index);
    let record = &payment.refunds[refund];
    let info = RefundInfo::new(record.id, iso8601(record.at));
    let text = format!(
        "refunded {} {} (refund {})",
        record.amount, payment.currency, record.id
    );
    ledger.record(index, context.now, text, context.call);
    success(&info)
}

/// `options.payment.payType` of a Request of either version (their `options` types differ).
macro_rules! pay_type {
    ($request:expr) => {
        $request
            .options
            .as_ref()
            .and_then(|options| options.payment.as_ref()?.pay_type.as_ref())
    };
}

impl Call {
    /// The checks that need no ledger. `float` says the body wrote an amount as a JSON
    /// float.
    pub(crate) fn validate(&self, float: bool, config: &MockConfig) -> Result<(), Rejection> {
        match self {
            Call::Request(request) => validate::request(
                request.as_ref(),
                &request.amount,
                &request.currency,
                pay_type!(request),
                float,
                config,
            ),
            Call::RequestV4(request) => validate::request(
                request.as_ref(),
                &request.amount,
                &request.currency,
                pay_type!(request),
                float,
                config,
            ),
            Call::Confirm(confirm) => validate::amount_call(confirm, &confirm.currency, float),
            Call::Capture(capture) => validate::amount_call(capture, &capture.currency, float),
            Call::PaymentDetails(details) => validate::own_rules(details),
            Call::PayPreapproved(pay) => validate::pay_preapproved(pay, float, config),
            Call::Pay(pay) => validate::pay(pay, float, config),
            Call::CaptureOrder(capture) => validate::amount_call(capture, &capture.currency, float),
            Call::Authorizations(read) => validate::own_rules(read),
            // Refund's amount is checked against the payment's currency in the ledger.
            Call::Void(_)
            | Call::Refund(_)
            | Call::CheckPaymentStatus(_)
            | Call::CheckRegKey(_)
            | Call::ExpireRegKey(_)
            | Call::CheckOrder(_)
            | Call::VoidOrder(_)
            | Call::RefundOrder(_) => Ok(()),
        }
    }

    /// What the call holds while in flight (state-changing calls only).
    pub(crate) fn busy(&self) -> Option<Busy> {
        match self {
            Call::Request(request) => Some(Busy::Order(request.order_id.clone())),
            Call::RequestV4(request) => Some(Busy::Order(request.order_id.clone())),
            Call::Confirm(ConfirmPayment { transaction_id, .. })
            | Call::Capture(CapturePayment { transaction_id, .. })
            | Call::Void(VoidPayment { transaction_id })
            | Call::Refund(RefundPayment { transaction_id, .. }) => {
                Some(Busy::Transaction(*transaction_id))
            }
            Call::PayPreapproved(PayPreapproved { reg_key, .. })
            | Call::ExpireRegKey(ExpireRegKey { reg_key }) => Some(Busy::RegKey(reg_key.clone())),
            Call::Pay(pay) => Some(Busy::Order(pay.order_id.clone())),
            Call::CaptureOrder(CaptureOrder { order_id, .. })
            | Call::VoidOrder(VoidOrder { order_id })
            | Call::RefundOrder(RefundOrder { order_id, .. }) => {
                Some(Busy::Order(order_id.clone()))
            }
            Call::PaymentDetails(_)
            | Call::CheckPaymentStatus(_)
            | Call::CheckRegKey(_)
            | Call::CheckOrder(_)
            | Call::Authorizations(_) => None,
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
                record_amount(ledger, index, "requested", None, context);
                success(&request_info(ledger.payment(index), context.base_url))
            }
            Call::RequestV4(request) => {
                let index = ledger.request(v3_request(*request), now)?;
                record_amount(ledger, index, "requested (v4)", None, context);
                success(&request_info(ledger.payment(index), context.base_url))
            }
            Call::Confirm(confirm) => {
                let index = ledger.confirm(&confirm, now)?;
                let what = if ledger.payment(index).capture {
                    "confirmed and captured"
                } else {
                    "confirmed: authorized"
                };
                record_amount(ledger, index, what, None, context);
                answer(confirm_info(ledger.payment(index)), context)
            }
            Call::Capture(capture) => {
                let index = ledger.capture(&capture, now)?;
                record_amount(ledger, index, "captured", Some(capture.amount), context);
                let payment = ledger.payment(index);
                let mut info = CaptureInfo::new(payment.id, payment.order_id.clone());
                info.pay_info = pay_info(payment, capture.amount);
                answer(info, context)
            }
            Call::Void(void) => {
                let index = ledger.void(void.transaction_id, now)?;
                voided(ledger, index, context)
            }
            Call::Refund(refund) => {
                let (index, refund_index) = ledger.refund(&refund, float, now)?;
                refunded(ledger, index, refund_index, context)
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
                let info: Vec<PaymentDetail> = info
                    .into_iter()
                    .map(|detail| settled(detail, context))
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
                record_charge(ledger, index, "charged with the regKey", context);
                let payment = ledger.payment(index);
                let mut info = PayPreapprovedInfo::new(payment.id, iso8601(now));
                info.authorization_expire_date = payment.authorization_expires_at.map(iso8601);
                info.order_id = Some(payment.order_id.clone());
                answer(info, context)
            }
            Call::ExpireRegKey(expire) => {
                ledger.expire_reg_key(&expire.reg_key)?;
                Ok(Envelope::without_info(ReturnCode::Success, "Success."))
            }
            Call::Pay(pay) => {
                let index = ledger.pay(&pay, now)?;
                record_charge(ledger, index, "paid with a My Code", context);
                answer(payment_info(ledger.payment(index)), context)
            }
            Call::CheckOrder(check) => {
                let (status, index) = ledger.order_status(&check.order_id)?;
                let payment = index.map(|index| ledger.payment(index));
                answer(order_status_info(status, payment), context)
            }
            Call::Authorizations(read) => {
                let merchant = &context.config.merchant_name;
                let info: Vec<PaymentDetail> = ledger
                    .authorizations(&read)?
                    .into_iter()
                    .map(|index| settled(payment_detail(ledger.payment(index), merchant), context))
                    .collect();
                success(&info)
            }
            Call::CaptureOrder(capture) => {
                let index = ledger.capture_order(&capture, now)?;
                record_amount(ledger, index, "captured", Some(capture.amount), context);
                answer(payment_info(ledger.payment(index)), context)
            }
            Call::VoidOrder(void) => {
                let index = ledger.void_order(&void.order_id, now)?;
                voided(ledger, index, context)
            }
            Call::RefundOrder(refund) => {
                let (index, refund_index) = ledger.refund_order(&refund, float, now)?;
                refunded(ledger, index, refund_index, context)
            }
        }
    }
}

/// The v4 Request as the ledger keeps requests: v3's form without a user fee, family
/// service or shipping (v4 has none); `options.regPayRequest` is checked, not kept.
fn v3_request(request: v4::RequestPayment) -> RequestPayment {
    let packages = request.packages.into_iter().map(Package::from).collect();
    let options = request.options.map(|options| RequestOptions {
        payment: options.payment,
        display: options.display,
        extra: options.extra,
        events: options.events,
        ..RequestOptions::default()
    });
    let mut v3 = RequestPayment::new(
        request.order_id,
        request.currency,
        packages,
        request.redirect_urls,
    );
    v3.amount = request.amount;
    v3.options = options;
    v3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v4_request(body: &str) -> Result<Call, Rejection> {
        decode(
            Route::Request,
            ApiVersion::V4,
            "/v4/payments/request",
            body.as_bytes(),
        )
    }

    fn code(result: Result<(), Rejection>) -> Option<String> {
        result
            .err()
            .map(|rejection| rejection.code.as_str().to_owned())
    }

    #[test]
    fn a_v4_request_ignores_user_fee_and_family_service() {
        let config = MockConfig::default();
        // v3's fields are not v4's: read past, so the total is the packages' 100 alone.
        let body = r#"{"amount":100,"currency":"TWD","orderId":"V4","packages":[{"id":"p","amount":100,
            "userFee":30,"products":[{"name":"Tea","quantity":1,"price":100}]}],
            "redirectUrls":{"confirmUrlType":"NONE"},
            "options":{"familyService":{"addFriends":[{"type":"lineAt","idList":["@shop"]}]}}}"#;
        let Ok(Call::RequestV4(request)) = v4_request(body) else {
            panic!("a v4 Request decodes with v4's body");
        };
        assert_eq!(
            code(Call::RequestV4(request.clone()).validate(false, &config)),
            None
        );
        let v3 = v3_request(*request);
        assert_eq!(v3.packages[0].user_fee, None);
        assert_eq!(v3.options.and_then(|options| options.family_service), None);

        // A total that counts the ignored fee no longer adds up, which LINE Pay's own
        // examples show it takes: the payment is the total asked for.
        let with_fee = body.replace(r#""amount":100,"currency""#, r#""amount":130,"currency""#);
        let call = v4_request(&with_fee).expect("decodes");
        assert_eq!(code(call.validate(false, &config)), None);

        // regPayRequest is v4's own: its rules apply (recurringDay 1 to 31).
        let bad_day = body.replace(
            r#""options":{"#,
            r#""options":{"regPayRequest":{"recurringPeriod":"MONTH","recurringDay":32},"#,
        );
        let call = v4_request(&bad_day).expect("decodes");
        assert_eq!(code(call.validate(false, &config)), Some("2101".to_owned()));
    }

    #[test]
    fn v4_answers_carry_the_payment_provider() {
        let config = MockConfig::default();
        let info = || {
            CaptureInfo::new(
                linepay_core::TransactionId::new(1),
                linepay_core::OrderId::new("O1").expect("an order id"),
            )
        };
        let mut context = Context {
            config: &config,
            base_url: "http://127.0.0.1:1",
            now: SystemTime::UNIX_EPOCH,
            version: ApiVersion::V4,
            call: None,
        };
        let v4 = answer(info(), &context).expect("an envelope");
        assert!(
            v4.info
                .expect("info")
                .get()
                .ends_with(r#""paymentProvider":"TSP"}"#)
        );
        context.version = ApiVersion::V3;
        let v3 = answer(info(), &context).expect("an envelope");
        assert!(!v3.info.expect("info").get().contains("paymentProvider"));
    }
}

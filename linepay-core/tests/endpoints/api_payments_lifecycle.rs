//! After Confirm: Capture, Void, Refund and Check Payment Status.
//!
//! For each endpoint: the decoding of success answers written from the reference's field
//! tables (19-digit ids as numbers and as strings, unknown fields ignored), of documented
//! error codes, the exact request on the wire (method, path, body or query, signature),
//! every client-side validation rule, and encode → decode identity.
//!
//! Signatures not in the conformance set were computed independently of this crate with
//! Python's hmac module (see `linepay-core/tests/support/vectors.rs` for the command).

use bytes::Bytes;
use linepay_core::api::v3::{
    CapturePayment, CheckPaymentStatus, PayMethod, PaymentStatus, RefundPayment, VoidPayment,
};
use linepay_core::{
    Amount, Client, Credentials, Currency, Endpoint, Error, IncomingRequest, InvalidField, Nonce,
    NonceSource, ReturnCode, Rule, TransactionId, decode_response,
};
use proptest::prelude::*;

const CHANNEL_ID: &str = "1234567890";
const SECRET: &str = "a917ab6a2367b536f8e5a6e2977e06f4";
const NONCE: &str = "44453d45-768e-40e8-8349-748e797c450f";
const ID: TransactionId = TransactionId::new(2021121600698709710);

fn client() -> Client {
    Client::builder(Credentials::new(CHANNEL_ID, SECRET).expect("valid credentials"))
        .nonce_source(NonceSource::Fixed(
            Nonce::fixed(NONCE).expect("valid nonce"),
        ))
        .build()
}

fn response(body: &str) -> http::Response<Bytes> {
    http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(Bytes::copy_from_slice(body.as_bytes()))
        .expect("valid response")
}

/// The return code of an [`Error::Api`]; panics on any other outcome.
fn api_code<T: std::fmt::Debug>(result: Result<T, Error>) -> ReturnCode {
    match result {
        Err(Error::Api(error)) => error.code().clone(),
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// Method, path, query, body and signature of a prepared request.
struct Wire {
    method: http::Method,
    path: String,
    query: Option<String>,
    body: String,
    signature: String,
}

fn wire<E: Endpoint>(endpoint: &E) -> Wire {
    let request = client().prepare(endpoint).expect("prepares");
    assert_eq!(request.headers()["content-type"], "application/json");
    assert_eq!(request.headers()["x-line-channelid"], CHANNEL_ID);
    assert_eq!(request.headers()["x-line-authorization-nonce"], NONCE);
    assert_eq!(
        request.uri().host(),
        Some("sandbox-api-pay.line.me"),
        "the sandbox is the default"
    );
    Wire {
        method: request.method().clone(),
        path: request.uri().path().to_owned(),
        query: request.uri().query().map(str::to_owned),
        body: String::from_utf8(request.body().to_vec()).expect("UTF-8 body"),
        signature: request.headers()["x-line-authorization"]
            .to_str()
            .expect("ASCII")
            .to_owned(),
    }
}

fn invalid<E: Endpoint>(endpoint: &E) -> InvalidField {
    client()
        .prepare(endpoint)
        .expect_err("validation refuses the request")
}

#[test]
fn timeouts_and_idempotence_follow_the_docs() {
    assert_eq!(CapturePayment::READ_TIMEOUT.as_secs(), 60);
    assert_eq!(VoidPayment::READ_TIMEOUT.as_secs(), 20);
    assert_eq!(RefundPayment::READ_TIMEOUT.as_secs(), 20);
    assert_eq!(CheckPaymentStatus::READ_TIMEOUT.as_secs(), 20);
    // Only the read may be re-sent automatically.
    for (endpoint, idempotent, expected) in [
        ("CapturePayment", CapturePayment::IDEMPOTENT, false),
        ("VoidPayment", VoidPayment::IDEMPOTENT, false),
        ("RefundPayment", RefundPayment::IDEMPOTENT, false),
        ("CheckPaymentStatus", CheckPaymentStatus::IDEMPOTENT, true),
    ] {
        assert_eq!(idempotent, expected, "{endpoint}");
    }
}

// ---------------------------------------------------------------------------------------
// Capture

fn capture() -> CapturePayment {
    CapturePayment {
        transaction_id: ID,
        amount: Amount::whole(100),
        currency: Currency::Twd,
    }
}

#[test]
fn capture_success_with_numeric_ids() {
    let info = decode_response::<CapturePayment>(&response(
        r#"{"returnCode":"0000","returnMessage":"Success.","info":{"transactionId":2019049910005496810,"orderId":"order-1","payInfo":[{"method":"CREDIT_CARD","amount":80,"creditCardNickname":"","creditCardBrand":"VISA"},{"method":"POINT","amount":20}],"promotionRestriction":{"useLimit":1}}}"#,
    ))
    .expect("decodes");
    assert_eq!(info.transaction_id.get(), 2019049910005496810);
    assert_eq!(info.order_id.as_str(), "order-1");
    assert_eq!(info.pay_info.len(), 2);
    assert_eq!(info.pay_info[0].method, PayMethod::CreditCard);
    assert_eq!(info.pay_info[0].amount, Amount::whole(80));
    assert_eq!(info.pay_info[1].method, PayMethod::Point);
}

#[test]
fn capture_success_with_string_ids_and_no_pay_info() {
    let info = decode_response::<CapturePayment>(&response(
        r#"{"returnCode":"0000","returnMessage":"Success.","info":{"transactionId":"2019049910005496810","orderId":"order-1","unknown":[1,2]}}"#,
    ))
    .expect("decodes");
    assert_eq!(info.transaction_id.get(), 2019049910005496810);
    assert!(info.pay_info.is_empty());
}

#[test]
fn capture_auto_cancelled_is_an_api_error() {
    for (body, expected) in [
        (
            r#"{"returnCode":"1199","returnMessage":"Internal Request Error."}"#,
            ReturnCode::InternalRequestError,
        ),
        (
            r#"{"returnCode":"1283","returnMessage":"Payment refused."}"#,
            ReturnCode::SuspectedFraud,
        ),
    ] {
        let code = api_code(decode_response::<CapturePayment>(&response(body)));
        assert_eq!(code, expected);
        assert!(code.is_auto_cancelled_on_capture());
    }
}

#[test]
fn capture_during_reauthorization_is_in_progress() {
    let code = api_code(decode_response::<CapturePayment>(&response(
        r#"{"returnCode":"1198","returnMessage":"Request is being processed."}"#,
    )));
    assert_eq!(code, ReturnCode::DuplicateRequest);
    assert!(code.is_in_progress());
    assert!(!code.is_auto_cancelled_on_capture());
}

#[test]
fn capture_on_the_wire() {
    let wire = wire(&capture());
    assert_eq!(wire.method, http::Method::POST);
    assert_eq!(
        wire.path,
        "/v3/payments/authorizations/2021121600698709710/capture"
    );
    assert_eq!(wire.query, None);
    assert_eq!(wire.body, r#"{"amount":100,"currency":"TWD"}"#);
    assert_eq!(
        wire.signature,
        "O4OIrBcNOA7uZvyW+PkeGTR14YXD/dUyf2Ov1NtbvZM="
    );
}

#[test]
fn capture_amount_must_be_positive() {
    let error = invalid(&CapturePayment {
        amount: Amount::whole(0),
        ..capture()
    });
    assert_eq!(error.field(), "amount");
    assert_eq!(error.rule(), &Rule::NotPositive);
}

#[test]
fn capture_amount_must_be_whole_in_twd() {
    let error = invalid(&CapturePayment {
        amount: "100.5".parse().expect("amount"),
        ..capture()
    });
    assert_eq!(error.field(), "amount");
    assert_eq!(
        error.rule(),
        &Rule::WrongScale {
            currency: "TWD".into(),
            max_decimals: 0
        }
    );
    // The same amount is fine in a currency with cents.
    let usd = CapturePayment {
        amount: "100.5".parse().expect("amount"),
        currency: Currency::Usd,
        ..capture()
    };
    assert_eq!(wire(&usd).body, r#"{"amount":100.5,"currency":"USD"}"#);
}

// ---------------------------------------------------------------------------------------
// Void

#[test]
fn void_success_has_no_info() {
    decode_response::<VoidPayment>(&response(
        r#"{"returnCode":"0000","returnMessage":"Success."}"#,
    ))
    .expect("success");
}

#[test]
fn void_success_ignores_an_unexpected_info() {
    // A void that happened must not be reported as a decoding failure.
    for body in [
        r#"{"returnCode":"0000","returnMessage":"Success.","info":{"refundTransactionId":2019049910005496811}}"#,
        r#"{"returnCode":"0000","returnMessage":"Success.","info":null}"#,
    ] {
        decode_response::<VoidPayment>(&response(body)).expect("success");
    }
}

#[test]
fn void_already_voided_is_an_api_error() {
    let code = api_code(decode_response::<VoidPayment>(&response(
        r#"{"returnCode":"1165","returnMessage":"Transaction already cancelled."}"#,
    )));
    assert_eq!(code, ReturnCode::AlreadyRefunded);
    assert!(!code.may_retry_void_or_refund());
}

#[test]
fn void_temporary_errors_may_be_retried() {
    for (body, expected) in [
        (
            r#"{"returnCode":"1900","returnMessage":"Temporary error."}"#,
            ReturnCode::TemporaryError,
        ),
        (
            r#"{"returnCode":"1902","returnMessage":"Temporary error."}"#,
            ReturnCode::TemporarilyUnavailable,
        ),
        (
            r#"{"returnCode":"1999","returnMessage":"Different request."}"#,
            ReturnCode::RequestMismatch,
        ),
    ] {
        let code = api_code(decode_response::<VoidPayment>(&response(body)));
        assert_eq!(code, expected);
        assert!(code.may_retry_void_or_refund());
    }
}

#[test]
fn void_on_the_wire_sends_and_signs_an_empty_object() {
    let wire = wire(&VoidPayment { transaction_id: ID });
    assert_eq!(wire.method, http::Method::POST);
    assert_eq!(
        wire.path,
        "/v3/payments/authorizations/2021121600698709710/void"
    );
    assert_eq!(wire.query, None);
    assert_eq!(wire.body, "{}");
    // conformance vector `void-empty-object`
    assert_eq!(
        wire.signature,
        "qPl3VYX3VJGhzfbvEpblhFlW1kher9+qvOBwwXrDOm4="
    );
}

// ---------------------------------------------------------------------------------------
// Refund

#[test]
fn refund_success_with_a_numeric_id() {
    let info = decode_response::<RefundPayment>(&response(
        r#"{"returnCode":"0000","returnMessage":"Success.","info":{"refundTransactionId":2019049910005496811,"refundTransactionDate":"2019-04-10T04:02:43.000+09:00"}}"#,
    ))
    .expect("decodes");
    assert_eq!(info.refund_transaction_id.get(), 2019049910005496811);
    assert_eq!(
        info.refund_transaction_date,
        "2019-04-10T04:02:43.000+09:00"
    );
}

#[test]
fn refund_success_with_a_string_id_and_unknown_fields() {
    let info = decode_response::<RefundPayment>(&response(
        r#"{"returnCode":"0000","returnMessage":"Success.","info":{"refundTransactionId":"2019049910005496811","refundTransactionDate":"2019-04-10T04:02:43Z","somethingNew":true}}"#,
    ))
    .expect("decodes");
    assert_eq!(info.refund_transaction_id.get(), 2019049910005496811);
}

#[test]
fn refund_errors_are_api_errors() {
    for (body, expected) in [
        (
            r#"{"returnCode":"1150","returnMessage":"Transaction record not found."}"#,
            ReturnCode::NoTransactionHistory,
        ),
        (
            r#"{"returnCode":"1155","returnMessage":"Transaction id can not be refunded."}"#,
            ReturnCode::InvalidTransactionId,
        ),
        (
            r#"{"returnCode":"1163","returnMessage":"Refund period expired."}"#,
            ReturnCode::RefundPeriodExpired,
        ),
        (
            r#"{"returnCode":"1164","returnMessage":"Exceeds refundable amount."}"#,
            ReturnCode::RefundAmountExceeded,
        ),
        (
            r#"{"returnCode":"1165","returnMessage":"Transaction already refunded."}"#,
            ReturnCode::AlreadyRefunded,
        ),
        (
            r#"{"returnCode":"1179","returnMessage":"Cannot be processed."}"#,
            ReturnCode::InvalidState,
        ),
        (
            r#"{"returnCode":"1198","returnMessage":"Request is being processed."}"#,
            ReturnCode::DuplicateRequest,
        ),
    ] {
        let code = api_code(decode_response::<RefundPayment>(&response(body)));
        assert_eq!(code, expected);
        assert!(!code.may_retry_void_or_refund(), "{code}");
    }
}

#[test]
fn refund_temporary_errors_may_be_retried() {
    for body in [
        r#"{"returnCode":"1900","returnMessage":"-"}"#,
        r#"{"returnCode":"1902","returnMessage":"-"}"#,
        r#"{"returnCode":"1999","returnMessage":"-"}"#,
    ] {
        let code = api_code(decode_response::<RefundPayment>(&response(body)));
        assert!(code.may_retry_void_or_refund(), "{code}");
    }
}

#[test]
fn full_refund_on_the_wire_is_an_empty_object() {
    let wire = wire(&RefundPayment::full(ID));
    assert_eq!(wire.method, http::Method::POST);
    assert_eq!(wire.path, "/v3/payments/2021121600698709710/refund");
    assert_eq!(wire.query, None);
    assert_eq!(wire.body, "{}");
    assert_eq!(
        wire.signature,
        "34N3nsw34H/EzivklvcdjGVva60Fel+2sgK5/ig3Fbc="
    );
}

#[test]
fn partial_refund_on_the_wire() {
    let wire = wire(&RefundPayment::partial(ID, Amount::whole(20)));
    assert_eq!(wire.method, http::Method::POST);
    assert_eq!(wire.path, "/v3/payments/2021121600698709710/refund");
    assert_eq!(wire.body, r#"{"refundAmount":20}"#);
    assert_eq!(
        wire.signature,
        "lpUFHTwXbAzr9oryB3OgaYomS4Fl2ZMvKYV7l7N/rbA="
    );
}

#[test]
fn refund_amount_zero_is_refused() {
    let error = invalid(&RefundPayment::partial(ID, Amount::whole(0)));
    assert_eq!(error.field(), "refundAmount");
    assert_eq!(error.rule(), &Rule::NotPositive);
}

#[test]
fn refund_amount_negative_is_refused() {
    // Payment Details reports refunds as negative amounts; Refund takes them positive.
    let error = invalid(&RefundPayment::partial(ID, Amount::whole(-20)));
    assert_eq!(error.field(), "refundAmount");
    assert_eq!(error.rule(), &Rule::NotPositive);
}

// ---------------------------------------------------------------------------------------
// Check Payment Status

#[test]
fn check_status_answers_are_statuses() {
    for (code, expected) in [
        ("0000", PaymentStatus::Waiting),
        ("0110", PaymentStatus::Authorized),
        ("0121", PaymentStatus::CancelledOrExpired),
        ("0122", PaymentStatus::Failed),
        ("0123", PaymentStatus::Completed),
    ] {
        let body = format!(r#"{{"returnCode":"{code}","returnMessage":"-"}}"#);
        let status = decode_response::<CheckPaymentStatus>(&response(&body))
            .unwrap_or_else(|e| panic!("{code}: {e}"));
        assert_eq!(status, expected, "{code}");
        assert_eq!(status.return_code().as_str(), code);
    }
}

#[test]
fn check_status_ignores_info() {
    // enylin types an optional `info.shipping` for the legacy Checkout feature.
    let status = decode_response::<CheckPaymentStatus>(&response(
        r#"{"returnCode":"0123","returnMessage":"Payment completed.","info":{"shipping":{"methodId":"M1","feeAmount":0}}}"#,
    ))
    .expect("decodes");
    assert_eq!(status, PaymentStatus::Completed);
}

#[test]
fn check_status_errors_are_api_errors() {
    let code = api_code(decode_response::<CheckPaymentStatus>(&response(
        r#"{"returnCode":"1104","returnMessage":"Merchant not found."}"#,
    )));
    assert_eq!(code, ReturnCode::MerchantNotFound);
    let code = api_code(decode_response::<CheckPaymentStatus>(&response(
        r#"{"returnCode":"9000","returnMessage":"Internal error."}"#,
    )));
    assert_eq!(code, ReturnCode::InternalError);
}

#[test]
fn status_helpers() {
    use PaymentStatus::*;
    for (status, is_final, should_confirm) in [
        (Waiting, false, false),
        (Authorized, false, true),
        (CancelledOrExpired, true, false),
        (Failed, true, false),
        (Completed, true, false),
    ] {
        assert_eq!(status.is_final(), is_final, "{status:?}");
        assert_eq!(status.should_confirm(), should_confirm, "{status:?}");
    }
}

#[test]
fn check_status_on_the_wire_signs_the_empty_string() {
    let wire = wire(&CheckPaymentStatus { transaction_id: ID });
    assert_eq!(wire.method, http::Method::GET);
    assert_eq!(wire.path, "/v3/payments/requests/2021121600698709710/check");
    assert_eq!(wire.query, None);
    assert_eq!(wire.body, "");
    // conformance vector `check-status-get-no-query`
    assert_eq!(
        wire.signature,
        "uMZVJqsGcJ+V5aCiXrf2Rakxu3/Gb6i2eHVlZ9MXLLY="
    );
}

// ---------------------------------------------------------------------------------------
// Client encode → server decode is the identity

fn transaction_id() -> impl Strategy<Value = TransactionId> {
    any::<u64>().prop_map(TransactionId::new)
}

/// A currency and a positive amount expressible in it.
fn money() -> impl Strategy<Value = (Amount, Currency)> {
    prop_oneof![
        Just(Currency::Twd),
        Just(Currency::Thb),
        Just(Currency::Usd),
        "[A-Z]{3}".prop_map(|code| Currency::from_code(&code)),
    ]
    .prop_flat_map(|currency| {
        let max_scale = currency.minor_units().unwrap_or(4);
        (1i64..=1_000_000_000_000, 0..=max_scale, Just(currency))
    })
    .prop_map(|(units, scale, currency)| {
        let amount = Amount::from_minor_units(units, scale).expect("in range");
        (amount, currency)
    })
}

fn positive_amount() -> impl Strategy<Value = Amount> {
    prop_oneof![
        (1i64..=i64::MAX).prop_map(Amount::whole),
        (1i64..=999_999_999_999_999, 1u8..=4)
            .prop_map(|(units, scale)| Amount::from_minor_units(units, scale).expect("in range")),
    ]
}

fn round_trip<E: IncomingRequest + std::fmt::Debug + PartialEq>(
    endpoint: &E,
) -> Result<(), TestCaseError> {
    let request = client().prepare(endpoint).expect("prepares");
    let decoded = E::from_http_request(&request).expect("the server decodes what was sent");
    prop_assert_eq!(&decoded, endpoint);
    Ok(())
}

proptest! {
    #[test]
    fn capture_round_trips(transaction_id in transaction_id(), (amount, currency) in money()) {
        round_trip(&CapturePayment { transaction_id, amount, currency })?;
    }

    #[test]
    fn void_round_trips(transaction_id in transaction_id()) {
        round_trip(&VoidPayment { transaction_id })?;
    }

    #[test]
    fn refund_round_trips(
        transaction_id in transaction_id(),
        refund_amount in proptest::option::of(positive_amount()),
    ) {
        round_trip(&RefundPayment { transaction_id, refund_amount })?;
    }

    #[test]
    fn check_status_round_trips(transaction_id in transaction_id()) {
        round_trip(&CheckPaymentStatus { transaction_id })?;
    }
}

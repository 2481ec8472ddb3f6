//! Pre-approved payments: Check RegKey, Pay Preapproved and Expire RegKey.
//!
//! For each endpoint: the decoding of success answers written from the reference's field
//! tables, of documented error codes (including the "regKey discarded" family), the exact
//! request on the wire (method, path, body or query, signature), every client-side
//! validation rule, and encode → decode identity.
//!
//! Signatures not in the conformance set were computed independently of this crate with
//! Python's hmac module (see `linepay-core/tests/support/vectors.rs` for the command).

use bytes::Bytes;
use linepay_core::api::v3::{CheckRegKey, ExpireRegKey, PayPreapproved};
use linepay_core::{
    Amount, Client, Credentials, Currency, Endpoint, Error, IncomingRequest, InvalidField, Nonce,
    NonceSource, OrderId, RegKey, ReturnCode, Rule, decode_response,
};
use proptest::prelude::*;

const CHANNEL_ID: &str = "1234567890";
const SECRET: &str = "a917ab6a2367b536f8e5a6e2977e06f4";
const NONCE: &str = "44453d45-768e-40e8-8349-748e797c450f";
const REG_KEY: &str = "RK9A2BA1942EQTO";

fn client() -> Client {
    Client::builder(Credentials::new(CHANNEL_ID, SECRET).expect("valid credentials"))
        .nonce_source(NonceSource::Fixed(
            Nonce::fixed(NONCE).expect("valid nonce"),
        ))
        .build()
}

fn reg_key() -> RegKey {
    RegKey::new(REG_KEY).expect("valid regKey")
}

fn response(body: &str) -> http::Response<Bytes> {
    http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(Bytes::copy_from_slice(body.as_bytes()))
        .expect("valid response")
}

/// Decodes `body` as LINE Pay's answer to `E`.
fn decode<E: Endpoint>(body: &str) -> Result<E::Response, Error> {
    decode_response::<E>(&response(body))
}

/// The return code of the [`Error::Api`] that an answer with `code` decodes to; panics on
/// any other outcome.
fn api_code<E: Endpoint>(code: &str) -> ReturnCode
where
    E::Response: std::fmt::Debug,
{
    let body = format!(r#"{{"returnCode":"{code}","returnMessage":"-"}}"#);
    match decode::<E>(&body) {
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
    assert_eq!(request.headers()["x-line-channelid"], CHANNEL_ID);
    assert_eq!(request.headers()["x-line-authorization-nonce"], NONCE);
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

/// Every code that means "the regKey is discarded".
const DISCARDED: [&str; 13] = [
    "1141", "1282", "1283", "1284", "1285", "1286", "1287", "1290", "1291", "1292", "1293", "1294",
    "1295",
];

#[test]
fn timeouts_and_idempotence_follow_the_docs() {
    assert_eq!(CheckRegKey::READ_TIMEOUT.as_secs(), 20);
    // 40 s (older docs, SDKs) rather than the current docs' 20 s: the longer one.
    assert_eq!(PayPreapproved::READ_TIMEOUT.as_secs(), 40);
    assert_eq!(ExpireRegKey::READ_TIMEOUT.as_secs(), 20);
    // Only the read may be re-sent automatically.
    for (endpoint, idempotent, expected) in [
        ("CheckRegKey", CheckRegKey::IDEMPOTENT, true),
        ("PayPreapproved", PayPreapproved::IDEMPOTENT, false),
        ("ExpireRegKey", ExpireRegKey::IDEMPOTENT, false),
    ] {
        assert_eq!(idempotent, expected, "{endpoint}");
    }
}

// ---------------------------------------------------------------------------------------
// Check RegKey

#[test]
fn check_reg_key_success_has_no_info() {
    decode::<CheckRegKey>(r#"{"returnCode":"0000","returnMessage":"Success."}"#).expect("usable");
    decode::<CheckRegKey>(
        r#"{"returnCode":"0000","returnMessage":"Success.","info":{"unexpected":1}}"#,
    )
    .expect("an unexpected info is ignored");
}

#[test]
fn check_reg_key_errors_are_api_errors() {
    for (code, expected) in [
        ("1190", ReturnCode::RegKeyNotFound),
        ("1193", ReturnCode::RegKeyExpired),
        ("1141", ReturnCode::AccountStatusError),
        ("1154", ReturnCode::PreapprovedMethodUnavailable),
    ] {
        let got = api_code::<CheckRegKey>(code);
        assert_eq!(got, expected);
    }
    let code = api_code::<CheckRegKey>("1141");
    assert!(code.is_reg_key_discarded());
}

#[test]
fn check_reg_key_sends_credit_card_auth_in_the_query() {
    let wire = wire(&CheckRegKey {
        reg_key: reg_key(),
        credit_card_auth: Some(true),
    });
    assert_eq!(wire.method, http::Method::GET);
    assert_eq!(
        wire.path,
        "/v3/payments/preapprovedPay/RK9A2BA1942EQTO/check"
    );
    assert_eq!(wire.query.as_deref(), Some("creditCardAuth=true"));
    assert_eq!(wire.body, "", "a GET has no body (the yidas bug)");
    // conformance vector `check-regkey-get`
    assert_eq!(
        wire.signature,
        "kN9t6uZzarBYLfv/01o8++JDFXi49m+UQWfx5iP2/+o="
    );
}

#[test]
fn check_reg_key_without_credit_card_auth_has_no_query() {
    let wire = wire(&CheckRegKey {
        reg_key: reg_key(),
        credit_card_auth: None,
    });
    assert_eq!(wire.query, None);
    assert_eq!(wire.body, "");
    assert_eq!(
        wire.signature,
        "/5Dc4/d6LdHWXgqm7M7FRNX967xvBZQfT3IJTkG4Qcg="
    );
    let wire = self::wire(&CheckRegKey {
        reg_key: reg_key(),
        credit_card_auth: Some(false),
    });
    assert_eq!(wire.query.as_deref(), Some("creditCardAuth=false"));
}

// ---------------------------------------------------------------------------------------
// Pay Preapproved

fn pay() -> PayPreapproved {
    PayPreapproved {
        reg_key: reg_key(),
        product_name: "測試商品".to_owned(),
        amount: Amount::whole(100),
        currency: Currency::Twd,
        order_id: OrderId::new("O1").expect("valid orderId"),
        capture: None,
    }
}

#[test]
fn pay_preapproved_success_with_numeric_ids() {
    let info = decode::<PayPreapproved>(
        r#"{"returnCode":"0000","returnMessage":"Success.","info":{"transactionId":2019049910005496810,"transactionDate":"2019-04-10T04:02:43Z","somethingNew":{"a":[1]}}}"#,
    )
    .expect("decodes");
    assert_eq!(info.transaction_id.get(), 2019049910005496810);
    assert_eq!(info.transaction_date, "2019-04-10T04:02:43Z");
    assert_eq!(info.authorization_expire_date, None);
    assert_eq!(info.order_id, None);
}

#[test]
fn pay_preapproved_success_with_string_ids_and_authorization() {
    let info = decode::<PayPreapproved>(
        r#"{"returnCode":"0000","returnMessage":"Success.","info":{"transactionId":"2019049910005496810","transactionDate":"2019-04-10T04:02:43Z","authorizationExpireDate":"2019-04-15T04:02:43Z","orderId":"O1"}}"#,
    )
    .expect("decodes");
    assert_eq!(info.transaction_id.get(), 2019049910005496810);
    assert_eq!(
        info.authorization_expire_date.as_deref(),
        Some("2019-04-15T04:02:43Z")
    );
    assert_eq!(info.order_id.as_ref().map(OrderId::as_str), Some("O1"));
}

#[test]
fn pay_preapproved_errors_are_api_errors() {
    for (code, expected) in [
        ("1197", ReturnCode::RegKeyPaymentInProgress),
        ("1172", ReturnCode::OrderIdAlreadyUsed),
        ("1190", ReturnCode::RegKeyNotFound),
        ("1193", ReturnCode::RegKeyExpired),
    ] {
        let got = api_code::<PayPreapproved>(code);
        assert_eq!(got, expected);
    }
    let in_progress = api_code::<PayPreapproved>("1197");
    assert!(in_progress.is_in_progress());
}

#[test]
fn pay_preapproved_discarded_keys() {
    for code in DISCARDED {
        let got = api_code::<PayPreapproved>(code);
        assert_eq!(got.as_str(), code);
        assert!(got.is_reg_key_discarded(), "{code}");
    }
    // Card problems outside that list leave the key usable.
    for code in ["1288", "1289", "1142"] {
        let got = api_code::<PayPreapproved>(code);
        assert!(!got.is_reg_key_discarded(), "{code}");
    }
}

#[test]
fn pay_preapproved_on_the_wire() {
    let wire = wire(&pay());
    assert_eq!(wire.method, http::Method::POST);
    assert_eq!(
        wire.path,
        "/v3/payments/preapprovedPay/RK9A2BA1942EQTO/payment"
    );
    assert_eq!(wire.query, None);
    // Raw UTF-8, not \u-escaped; fields in the documented order.
    assert_eq!(
        wire.body,
        r#"{"productName":"測試商品","amount":100,"currency":"TWD","orderId":"O1"}"#
    );
    // conformance vector `preapproved-utf8-body`
    assert_eq!(
        wire.signature,
        "RuW4T0KvE7rBd42woUY3opie2m235aCziDs8r/ACI9A="
    );
}

#[test]
fn pay_preapproved_with_capture_false_on_the_wire() {
    let wire = wire(&PayPreapproved {
        product_name: "Monthly plan".to_owned(),
        amount: "19.99".parse().expect("amount"),
        currency: Currency::Usd,
        order_id: OrderId::new("SUB-2024-05").expect("valid orderId"),
        capture: Some(false),
        ..pay()
    });
    assert_eq!(
        wire.body,
        r#"{"productName":"Monthly plan","amount":19.99,"currency":"USD","orderId":"SUB-2024-05","capture":false}"#
    );
    assert_eq!(
        wire.signature,
        "f2zmTRPJDPIVYmNLBvbSE3x32GTIunkA+H01qc+RJbs="
    );
}

#[test]
fn product_name_must_not_be_empty() {
    let error = invalid(&PayPreapproved {
        product_name: String::new(),
        ..pay()
    });
    assert_eq!(error.field(), "productName");
    assert_eq!(error.rule(), &Rule::Empty);
}

#[test]
fn product_name_is_at_most_4000_characters() {
    // Characters, not bytes: 4000 three-byte characters are 12000 bytes and still fine.
    let at_limit = PayPreapproved {
        product_name: "測".repeat(4000),
        ..pay()
    };
    client()
        .prepare(&at_limit)
        .expect("4000 characters are allowed");

    let error = invalid(&PayPreapproved {
        product_name: "測".repeat(4001),
        ..pay()
    });
    assert_eq!(error.field(), "productName");
    assert_eq!(error.rule(), &Rule::TooLong { max_chars: 4000 });
}

#[test]
fn preapproved_amount_must_be_positive() {
    let error = invalid(&PayPreapproved {
        amount: Amount::whole(0),
        ..pay()
    });
    assert_eq!(error.field(), "amount");
    assert_eq!(error.rule(), &Rule::NotPositive);
}

#[test]
fn preapproved_amount_must_be_whole_in_twd() {
    let error = invalid(&PayPreapproved {
        amount: "100.5".parse().expect("amount"),
        ..pay()
    });
    assert_eq!(error.field(), "amount");
    assert_eq!(
        error.rule(),
        &Rule::WrongScale {
            currency: "TWD".into(),
            max_decimals: 0
        }
    );
}

// ---------------------------------------------------------------------------------------
// Expire RegKey

#[test]
fn expire_reg_key_success_has_no_info() {
    decode::<ExpireRegKey>(r#"{"returnCode":"0000","returnMessage":"Success."}"#).expect("expired");
}

#[test]
fn expire_reg_key_errors_are_api_errors() {
    for (code, expected) in [
        ("1190", ReturnCode::RegKeyNotFound),
        ("1193", ReturnCode::RegKeyExpired),
        ("1106", ReturnCode::HeaderError),
    ] {
        let got = api_code::<ExpireRegKey>(code);
        assert_eq!(got, expected);
    }
    for code in DISCARDED {
        let got = api_code::<ExpireRegKey>(code);
        assert!(got.is_reg_key_discarded(), "{code}");
    }
}

#[test]
fn expire_reg_key_on_the_wire_sends_an_empty_object() {
    let wire = wire(&ExpireRegKey { reg_key: reg_key() });
    assert_eq!(wire.method, http::Method::POST);
    assert_eq!(
        wire.path,
        "/v3/payments/preapprovedPay/RK9A2BA1942EQTO/expire"
    );
    assert_eq!(wire.query, None);
    assert_eq!(wire.body, "{}");
    assert_eq!(
        wire.signature,
        "RO+UCpTegcosYqhUhKK0bM2biG52eV3Rt2GrvpIBHxg="
    );
}

// ---------------------------------------------------------------------------------------
// Client encode → server decode is the identity

fn any_reg_key() -> impl Strategy<Value = RegKey> {
    "[A-Za-z0-9]{1,32}".prop_map(|key| RegKey::new(key).expect("valid regKey"))
}

/// Order ids with characters JSON must escape or that are multi-byte.
fn order_id() -> impl Strategy<Value = OrderId> {
    "[A-Za-z0-9 &=+%/?#._~\"\\\\測試กข-]{1,100}".prop_map(|id| OrderId::new(id).expect("valid"))
}

/// Product names of 1 to 4000 characters, any of them (newlines, quotes, emoji).
fn product_name() -> impl Strategy<Value = String> {
    prop_oneof!["(?s).{1,60}", "[測試ก😀\"\\\\\n]{3990,4000}",]
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
    fn check_reg_key_round_trips(
        reg_key in any_reg_key(),
        credit_card_auth in proptest::option::of(any::<bool>()),
    ) {
        round_trip(&CheckRegKey { reg_key, credit_card_auth })?;
    }

    #[test]
    fn pay_preapproved_round_trips(
        reg_key in any_reg_key(),
        product_name in product_name(),
        (amount, currency) in money(),
        order_id in order_id(),
        capture in proptest::option::of(any::<bool>()),
    ) {
        round_trip(&PayPreapproved { reg_key, product_name, amount, currency, order_id, capture })?;
    }

    #[test]
    fn expire_reg_key_round_trips(reg_key in any_reg_key()) {
        round_trip(&ExpireRegKey { reg_key })?;
    }
}

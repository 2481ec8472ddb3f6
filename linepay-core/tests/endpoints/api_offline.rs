//! The Offline API v4 through the public door: a terminal's requests, the rules checked
//! before a My Code is charged, and the answers as LINE Pay's documents and field reports
//! show them (19-digit ids as numbers, `"success"` messages, status values the sources
//! disagree on, values no source lists).

use bytes::Bytes;
use linepay_core::api::offline::{
    Authorizations, CaptureOrder, CheckOrder, OrderStatus, Pay, PaymentDetails, RefundOrder,
    VoidOrder,
};
use linepay_core::api::v3::{PayMethod, PayStatus, PaymentProvider};
use linepay_core::api::v4::{Package, Product};
use linepay_core::{
    Amount, ApiVersion, Client, Credentials, Currency, DeviceHeaders, Endpoint, Error, OneTimeKey,
    OrderId, Payload, ReturnCode, Rule, Unchecked, Validation, decode_response,
};

fn terminal() -> Client {
    Client::builder(Credentials::new("1234567890", crate::vectors::SECRET).expect("valid"))
        .api_version(ApiVersion::V4)
        .device_headers(DeviceHeaders::new("TPE07-POS-02", "POS").expect("valid"))
        .build()
}

fn order() -> OrderId {
    OrderId::new("TPE07-20261207-0042").expect("valid")
}

fn pay(currency: Currency, key: &str) -> Pay {
    Pay::new(
        order(),
        OneTimeKey::new(key).expect("digits"),
        currency,
        vec![Package::new(
            "counter",
            vec![Product::new("Latte", 1, Amount::whole(120))],
        )],
    )
}

fn answer(body: &str) -> http::Response<Bytes> {
    http::Response::new(Bytes::copy_from_slice(body.as_bytes()))
}

#[test]
fn every_offline_call_carries_the_terminal_headers() {
    let client = terminal();
    let requests = [
        client.prepare(&pay(Currency::Twd, "389253804433039534")),
        client.prepare(&CheckOrder { order_id: order() }),
        client.prepare(&Authorizations::of_order(order())),
        client.prepare(&CaptureOrder::new(
            order(),
            Amount::whole(120),
            Currency::Twd,
        )),
        client.prepare(&VoidOrder { order_id: order() }),
        client.prepare(&RefundOrder::full(order())),
        client.prepare(&PaymentDetails {
            order_id: vec![order()],
            ..PaymentDetails::default()
        }),
    ];
    for request in requests {
        let request = request.expect("prepares");
        let path = request.uri().path().to_owned();
        assert!(path.starts_with("/v4/payments"), "{path}");
        assert_eq!(
            request.headers()["x-line-merchantdeviceprofileid"],
            "TPE07-POS-02",
            "{path}"
        );
        assert_eq!(
            request.headers()["x-line-merchantdevicetype"],
            "POS",
            "{path}"
        );
    }
}

#[test]
fn the_offline_api_exists_only_in_v4() {
    let online: Client =
        Client::builder(Credentials::new("1234567890", "secret").expect("valid")).build();
    // Refused before signing, in every validation mode: there is no /v3/ Offline API.
    let check = CheckOrder { order_id: order() };
    let warn_only: Client =
        Client::builder(Credentials::new("1234567890", "secret").expect("valid"))
            .validation(Validation::WarnOnly)
            .build();
    for refused in [
        online.prepare(&check),
        warn_only.prepare(&check),
        online.prepare(&Unchecked(&check)),
    ] {
        let Err(invalid) = refused else {
            panic!("a v3 client has no Check by orderId");
        };
        assert_eq!(
            invalid.rule(),
            &Rule::NotInVersion {
                version: ApiVersion::V3
            }
        );
    }
    assert!(
        online
            .prepare(&pay(Currency::Twd, "389253804433039534"))
            .is_err()
    );
    assert_eq!(
        Pay::PATHS.templates().collect::<Vec<_>>(),
        ["/v4/payments/oneTimeKeys/pay"]
    );
}

#[test]
fn a_my_code_has_the_length_of_the_currencys_country() {
    let client = terminal();
    // Taiwan: 18 digits; Thailand: 12. The 17-digit key of some SDKs' examples is refused
    // for TWD before the customer's code is spent on a 1133.
    assert!(
        client
            .prepare(&pay(Currency::Twd, "389253804433039534"))
            .is_ok()
    );
    assert!(client.prepare(&pay(Currency::Thb, "123456789012")).is_ok());
    for (currency, key, chars) in [
        (Currency::Twd, "12345678901245678", 18),
        (Currency::Twd, "123456789012", 18),
        (Currency::Thb, "389253804433039534", 12),
    ] {
        let Err(invalid) = client.prepare(&pay(currency, key)) else {
            panic!("{key} is not a My Code of that country");
        };
        assert_eq!(invalid.field(), "oneTimeKey");
        assert_eq!(invalid.rule(), &Rule::WrongLength { chars });
    }
    // USD is taken in more than one country: its keys are not judged by length.
    assert!(client.prepare(&pay(Currency::Usd, "123456789012")).is_ok());
    assert!(
        client
            .prepare(&pay(Currency::Usd, "389253804433039534"))
            .is_ok()
    );
}

#[test]
fn a_pay_without_packages_or_with_a_fractional_twd_amount_is_refused() {
    let client = terminal();
    let mut empty = pay(Currency::Twd, "389253804433039534");
    empty.packages.clear();
    let Err(invalid) = client.prepare(&empty) else {
        panic!("LINE Pay answers 2101 without packages");
    };
    assert_eq!(
        (invalid.field(), invalid.rule()),
        ("packages", &Rule::NoElements)
    );

    let mut fraction = pay(Currency::Twd, "389253804433039534");
    fraction.amount = "120.5".parse().expect("an amount");
    let Err(invalid) = client.prepare(&fraction) else {
        panic!("TWD is whole");
    };
    assert_eq!(invalid.field(), "amount");
    assert!(matches!(invalid.rule(), Rule::WrongScale { .. }));

    let Err(invalid) = client.prepare(&Authorizations::default()) else {
        panic!("Authorizations needs an id");
    };
    assert_eq!(invalid.field(), "orderId");
    let Err(invalid) = client.prepare(&RefundOrder::partial(order(), Amount::whole(0))) else {
        panic!("a refund of nothing");
    };
    assert_eq!(
        (invalid.field(), invalid.rule()),
        ("refundAmount", &Rule::NotPositive)
    );
}

#[test]
fn authorize_only_sends_capture_false() {
    let pay = pay(Currency::Twd, "389253804433039534").authorize_only();
    let Payload::Json(body) = pay.payload().expect("a body") else {
        panic!("Pay is a POST");
    };
    let body = std::str::from_utf8(&body).expect("UTF-8");
    assert!(
        body.ends_with(r#""options":{"payment":{"capture":false}}}"#),
        "{body}"
    );
    assert!(!pay.captures());
}

#[test]
fn pay_answers_keep_19_digit_ids_exact() {
    // LUCAMP's live sandbox id, which JavaScript's JSON.parse turned into …895000.
    for id in ["2026071802368895010", r#""2026071802368895010""#] {
        let body = format!(
            r#"{{"returnCode":"0000","returnMessage":"success","info":{{"transactionId":{id},
            "orderId":"TPE07-20261207-0042","transactionDate":"2026-07-18T02:36:00Z",
            "payInfo":[{{"method":"BALANCE","amount":100}},{{"method":"POINT","amount":20}}],
            "paymentProvider":"EPI"}}}}"#
        );
        let info = decode_response::<Pay>(&answer(&body)).expect("decodes");
        assert_eq!(info.transaction_id.get(), 2026071802368895010);
        assert_eq!(info.pay_info[1].method, PayMethod::Point);
        assert_eq!(info.paid_total(), Some(Amount::whole(120)));
        assert_eq!(info.payment_provider, Some(PaymentProvider::Epi));
    }
    // A provider the change log does not list (two SDKs enumerate PGW) is kept.
    let body = r#"{"returnCode":"0000","returnMessage":"OK","info":{"transactionId":1,
        "orderId":"O","paymentProvider":"PGW","payInfo":null,"transactionDate":null}}"#;
    let info = decode_response::<CaptureOrder>(&answer(body)).expect("decodes");
    assert_eq!(
        info.payment_provider,
        Some(PaymentProvider::Other("PGW".to_owned()))
    );
    assert!(info.pay_info.is_empty());
}

#[test]
fn an_invalid_my_code_is_1133() {
    let body = r#"{"returnCode":"1133","returnMessage":"oneTimeKey is invalid."}"#;
    let Err(Error::Api(error)) = decode_response::<Pay>(&answer(body)) else {
        panic!("1133 is LINE Pay's refusal");
    };
    assert_eq!(error.code(), &ReturnCode::from_code("1133"));
}

#[test]
fn check_reads_every_status_the_sources_name_and_keeps_the_rest() {
    for (wire, status, paid, settled) in [
        ("AUTH_READY", OrderStatus::InProgress, false, false),
        ("COMPLETE", OrderStatus::Complete, true, true),
        ("CANCEL", OrderStatus::Cancel, false, true),
        ("FAIL", OrderStatus::Fail, false, true),
        ("REFUND", OrderStatus::Refund, true, true),
        (
            "HELD_FOR_REVIEW",
            OrderStatus::Other("HELD_FOR_REVIEW".to_owned()),
            false,
            false,
        ),
    ] {
        let body = format!(
            r#"{{"returnCode":"0000","returnMessage":"success","info":{{"status":"{wire}"}}}}"#
        );
        let info = decode_response::<CheckOrder>(&answer(&body)).expect("decodes");
        assert_eq!(info.status, status);
        assert_eq!(
            (info.status.is_paid(), info.status.is_final()),
            (paid, settled),
            "{wire}"
        );
        assert_eq!(info.transaction_id, None);
    }
    let body = r#"{"returnCode":"0000","returnMessage":"success","info":{"status":"COMPLETE",
        "transactionId":2019010112345678910,"orderId":"TPE07-20261207-0042",
        "transactionDate":"2019-01-01T01:01:00Z","payInfo":[{"method":"CREDIT_CARD","amount":120}],
        "paymentProvider":null}}"#;
    let info = decode_response::<CheckOrder>(&answer(body)).expect("decodes");
    assert_eq!(
        info.transaction_id.map(|id| id.get()),
        Some(2019010112345678910)
    );
    assert_eq!(info.payment_provider, None);
    let unknown = r#"{"returnCode":"1150","returnMessage":"Transaction record not found."}"#;
    assert!(matches!(
        decode_response::<CheckOrder>(&answer(unknown)),
        Err(Error::Api(_))
    ));
}

#[test]
fn authorizations_read_a_list_one_object_or_null() {
    let entry = r#"{"transactionId":2019010112345678910,"transactionDate":"2019-01-01T01:01:00Z",
        "transactionType":"PAYMENT","productName":"Latte","currency":"TWD","paymentProvider":"TSP",
        "authorizationExpireDate":"2019-01-08T01:01:00Z","payInfo":[{"method":"CREDIT_CARD","amount":120}],
        "orderId":"TPE07-20261207-0042","payStatus":"AUTHORIZATION"}"#;
    for info in [format!("[{entry}]"), entry.to_owned()] {
        let body = format!(r#"{{"returnCode":"0000","returnMessage":"success","info":{info}}}"#);
        let entries = decode_response::<Authorizations>(&answer(&body)).expect("decodes");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].pay_status, Some(PayStatus::Authorization));
        assert_eq!(entries[0].order_id, Some(order()));
    }
    let null = r#"{"returnCode":"0000","returnMessage":"success","info":null}"#;
    assert!(
        decode_response::<Authorizations>(&answer(null))
            .expect("decodes")
            .is_empty()
    );
}

#[test]
fn void_and_refund_answers() {
    for body in [
        r#"{"returnCode":"0000","returnMessage":"success"}"#,
        r#"{"returnCode":"0000","returnMessage":"OK","info":{"unexpected":true}}"#,
    ] {
        decode_response::<VoidOrder>(&answer(body)).expect("success without info");
    }
    let body = r#"{"returnCode":"0000","returnMessage":"success","info":{
        "refundTransactionId":2026071802368895211,"refundTransactionDate":"2026-07-18T03:00:00Z"}}"#;
    let refund = decode_response::<RefundOrder>(&answer(body)).expect("decodes");
    assert_eq!(refund.refund_transaction_id.get(), 2026071802368895211);
    let already = r#"{"returnCode":"1165","returnMessage":"Already refunded."}"#;
    assert!(matches!(
        decode_response::<RefundOrder>(&answer(already)),
        Err(Error::Api(_))
    ));
}

#[test]
fn sums_that_do_not_add_up_are_sent_with_a_warning() {
    let mut pay = pay(Currency::Twd, "389253804433039534");
    pay.amount = Amount::whole(100);
    pay.packages[0].amount = Amount::whole(90);
    let (prepared, warned) = crate::warnings::warnings(|| terminal().prepare(&pay));
    assert!(prepared.is_ok(), "no Offline document states the sums");
    let fields: Vec<&str> = warned.iter().map(|w| w.field.as_str()).collect();
    assert_eq!(fields, ["amount", "packages[0].amount"], "{warned:?}");

    let exact = crate::warnings::warnings(|| {
        terminal().prepare(&self::pay(Currency::Twd, "389253804433039534"))
    })
    .1;
    assert_eq!(exact, []);
}

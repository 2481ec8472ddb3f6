//! Every error the mock can produce, as the typed error a merchant matches on; and the
//! requests the typed API refuses before anything is sent.

use std::time::Duration;

use bytes::Bytes;
use linepay::api::v3::{
    CapturePayment, CheckPaymentStatus, CheckRegKey, ConfirmPayment, MAX_PAYMENT_DETAILS_IDS,
    Package, PayPreapproved, PayStatus, PayType, PaymentDetails, Product, RefundPayment,
    RequestPayment, VoidPayment,
};
use linepay::signing::SIGNATURE_HEADER;
use linepay::{
    Amount, Client, Credentials, Currency, Delivery, Error, HyperErrorKind, RegKey, ReturnCode,
    TransactionId, Transport, TransportError, decode_response,
};
use linepay_mock::{Fault, FaultKind, MockConfig, MockServer, PaymentState, Route};

use crate::support::*;

/// A transaction id the mock never issued.
const UNKNOWN: TransactionId = TransactionId::new(2_026_112_299_999_999_999);

fn capture_of(id: TransactionId, amount: i64) -> CapturePayment {
    CapturePayment {
        transaction_id: id,
        amount: Amount::whole(amount),
        currency: Currency::Twd,
    }
}

/// A client of `mock`'s base URL with other credentials.
fn client_with(mock: &MockServer, channel_id: &str, secret: &str) -> Client {
    Client::builder(Credentials::new(channel_id, secret).unwrap())
        .environment(mock.environment())
        .build()
}

async fn start_with(config: MockConfig) -> (MockServer, Client) {
    let mock = MockServer::start_with(config).await.unwrap();
    let client = client_for(&mock);
    (mock, client)
}

#[tokio::test]
async fn another_channel_id_is_1104() {
    let mock = MockServer::start().await.unwrap();
    let stranger = client_with(&mock, "9876543210", mock.channel_secret());
    let code = api_code(stranger.send(&tea("CHANNEL-1")).await);
    assert_eq!(code, ReturnCode::MerchantNotFound);
    assert_eq!(code.as_str(), "1104");
    assert!(code.is_configuration_error());
    assert_eq!(mock.requests(Route::Request), 1);
    assert_eq!(mock.effects(Route::Request), 0);
    assert!(mock.ledger().is_empty());
}

#[tokio::test]
async fn a_wrong_secret_is_1106_for_posts_and_gets() {
    let mock = MockServer::start().await.unwrap();
    let wrong = client_with(&mock, mock.channel_id(), "not-the-channel-secret");
    let code = api_code(wrong.send(&tea("SECRET-1")).await);
    assert_eq!(code, ReturnCode::HeaderError);
    assert!(code.is_configuration_error());
    // A GET whose answer is carried in the return code: still an error, not a status.
    let check = CheckPaymentStatus {
        transaction_id: UNKNOWN,
    };
    assert_eq!(api_code(wrong.send(&check).await), ReturnCode::HeaderError);
    assert!(mock.ledger().is_empty());
}

#[tokio::test]
async fn the_signature_is_checked_to_the_byte() {
    let (mock, client) = start().await;
    let request = tea("SIGNED-1");
    let timeout = client.read_timeout_for::<RequestPayment>();
    let send =
        |prepared: http::Request<Bytes>| Transport::send(client.transport(), prepared, timeout);

    let original = client.prepare(&request).unwrap();
    let signature = original.headers()[SIGNATURE_HEADER]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(signature.len(), 44);

    // One Base64 character of the signature changed (still valid Base64): 1106.
    let mut tampered = copy(&original);
    let mut forged = signature.clone().into_bytes();
    forged[7] = if forged[7] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    tampered
        .headers_mut()
        .insert(SIGNATURE_HEADER, forged.parse().unwrap());
    let answer = send(tampered).await.unwrap();
    assert_eq!(
        answer.status(),
        200,
        "LINE Pay refuses with HTTP 200 and a return code"
    );
    let refused = decode_response::<RequestPayment>(&answer).unwrap_err();
    assert_eq!(
        refused.return_code(),
        Some(&ReturnCode::HeaderError),
        "{refused}"
    );

    // The signature is right but one byte of the body changed: 1106.
    let mut body = original.body().to_vec();
    let at = body.windows(8).position(|w| w == b"SIGNED-1").unwrap() + 7;
    body[at] = b'2';
    let mut other_body = copy(&original);
    *other_body.body_mut() = Bytes::from(body);
    let answer = send(other_body).await.unwrap();
    let refused = decode_response::<RequestPayment>(&answer).unwrap_err();
    assert_eq!(refused.return_code(), Some(&ReturnCode::HeaderError));

    // A GET signs its query: one digit of the query changed is 1106 too.
    let details = client.prepare(&details_of(UNKNOWN)).unwrap();
    let uri = details.uri().to_string().replace("999999999", "999999998");
    let mut other_query = copy(&details);
    *other_query.uri_mut() = uri.parse().unwrap();
    let answer = send(other_query).await.unwrap();
    let refused = decode_response::<PaymentDetails>(&answer).unwrap_err();
    assert_eq!(refused.return_code(), Some(&ReturnCode::HeaderError));

    // Nothing of that was applied, and the request exactly as signed is accepted.
    assert!(mock.ledger().is_empty());
    let answer = send(original).await.unwrap();
    let info = decode_response::<RequestPayment>(&answer).unwrap();
    assert_19_digits(info.transaction_id);
    assert_eq!(mock.requests(Route::Request), 3);
    assert_eq!(mock.effects(Route::Request), 1);
    assert_eq!(mock.ledger().len(), 1);
    assert_eq!(mock.ledger()[0].order_id.as_str(), "SIGNED-1");
}

/// A copy of a prepared request (method, URI, headers, body).
fn copy(request: &http::Request<Bytes>) -> http::Request<Bytes> {
    let mut copy = http::Request::new(request.body().clone());
    *copy.method_mut() = request.method().clone();
    *copy.uri_mut() = request.uri().clone();
    *copy.headers_mut() = request.headers().clone();
    copy
}

#[tokio::test]
async fn unknown_unapproved_and_cancelled_transactions_are_1150() {
    let (mock, client) = start().await;
    let no_history = ReturnCode::NoTransactionHistory;

    assert_eq!(
        api_code(client.send(&confirm_of(UNKNOWN, 250)).await),
        no_history
    );
    let check = CheckPaymentStatus {
        transaction_id: UNKNOWN,
    };
    assert_eq!(api_code(client.send(&check).await), no_history);
    assert_eq!(
        api_code(client.send(&details_of(UNKNOWN)).await),
        no_history
    );
    let void = VoidPayment {
        transaction_id: UNKNOWN,
    };
    assert_eq!(api_code(client.send(&void).await), no_history);
    assert_eq!(
        api_code(client.send(&RefundPayment::full(UNKNOWN)).await),
        no_history
    );

    // Not approved yet: no confirm, and Payment Details knows only confirmed payments.
    let waiting = requested(&client, &tea("NOT-YET")).await.transaction_id;
    assert_eq!(
        api_code(client.send(&confirm_of(waiting, 250)).await),
        no_history
    );
    assert_eq!(
        api_code(client.send(&details_of(waiting)).await),
        no_history
    );

    // Cancelled by the customer.
    mock.cancel(waiting).unwrap();
    assert_eq!(
        api_code(client.send(&confirm_of(waiting, 250)).await),
        no_history
    );
    assert_eq!(mock.effects(Route::Confirm), 0);
}

#[tokio::test]
async fn amounts_that_differ_are_1153() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, &tea("AMOUNT-1")).await;
    let mismatch = ReturnCode::AmountMismatch;
    assert_eq!(api_code(client.send(&confirm_of(id, 251)).await), mismatch);
    let in_usd = ConfirmPayment {
        transaction_id: id,
        amount: Amount::whole(TEA_TOTAL),
        currency: Currency::Usd,
    };
    assert_eq!(api_code(client.send(&in_usd).await), mismatch);
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Approved);

    // Capture more than was authorized.
    let request = with_payment(tea("AMOUNT-2"), Some(false), None);
    let authorized = approved(&mock, &client, &request).await;
    client
        .send(&confirm_of(authorized, TEA_TOTAL))
        .await
        .unwrap();
    assert_eq!(
        api_code(client.send(&capture_of(authorized, TEA_TOTAL + 1)).await),
        mismatch
    );
    assert_eq!(
        mock.payment(authorized).unwrap().state,
        PaymentState::Authorized
    );
}

#[tokio::test]
async fn a_reused_order_id_and_a_second_confirm_are_1172() {
    let (mock, client) = start().await;
    let (id, _) = paid(&mock, &client, "ONCE-1").await;
    let used = ReturnCode::OrderIdAlreadyUsed;
    assert_eq!(api_code(client.send(&tea("ONCE-1")).await), used);
    assert_eq!(
        api_code(client.send(&confirm_of(id, TEA_TOTAL)).await),
        used
    );
    let payment = mock.payment(id).unwrap();
    assert_eq!(payment.confirm_count, 1, "confirmed once");
    assert_eq!(mock.ledger().len(), 1);
}

#[tokio::test]
async fn refund_limits_are_1164_1165_1155_and_1163() {
    let (mock, client) = start_with(MockConfig {
        refund_period: Some(Duration::from_secs(30 * 24 * 3600)),
        ..MockConfig::default()
    })
    .await;
    let (id, _) = paid(&mock, &client, "REFUND-LIMITS").await;

    let too_much = RefundPayment::partial(id, Amount::whole(TEA_TOTAL + 1));
    assert_eq!(
        api_code(client.send(&too_much).await),
        ReturnCode::RefundAmountExceeded
    );
    let refund = client
        .send(&RefundPayment::partial(id, Amount::whole(100)))
        .await
        .unwrap();
    let more_than_left = RefundPayment::partial(id, Amount::whole(151));
    assert_eq!(
        api_code(client.send(&more_than_left).await),
        ReturnCode::RefundAmountExceeded
    );
    assert_eq!(
        api_code(
            client
                .send(&RefundPayment::full(refund.refund_transaction_id))
                .await
        ),
        ReturnCode::InvalidTransactionId,
        "a refund cannot be refunded"
    );
    client.send(&RefundPayment::full(id)).await.unwrap();
    assert_eq!(
        api_code(client.send(&RefundPayment::full(id)).await),
        ReturnCode::AlreadyRefunded
    );

    // Past the refund period.
    let (late, _) = paid(&mock, &client, "REFUND-LATE").await;
    mock.advance_clock(Duration::from_secs(31 * 24 * 3600));
    assert_eq!(
        api_code(client.send(&RefundPayment::full(late)).await),
        ReturnCode::RefundPeriodExpired
    );
    assert!(mock.payment(late).unwrap().refunds.is_empty());
}

#[tokio::test]
async fn a_second_void_is_1165_and_the_wrong_state_is_1179() {
    let (mock, client) = start().await;
    let request = with_payment(tea("STATE-AUTH"), Some(false), None);
    let authorized = approved(&mock, &client, &request).await;
    client
        .send(&confirm_of(authorized, TEA_TOTAL))
        .await
        .unwrap();
    let wrong_state = ReturnCode::InvalidState;

    // An authorization is not refundable: capture it or void it.
    assert_eq!(
        api_code(client.send(&RefundPayment::full(authorized)).await),
        wrong_state
    );
    let void = VoidPayment {
        transaction_id: authorized,
    };
    client.send(&void).await.unwrap();
    assert_eq!(
        api_code(client.send(&void).await),
        ReturnCode::AlreadyRefunded
    );
    assert_eq!(
        api_code(client.send(&capture_of(authorized, TEA_TOTAL)).await),
        wrong_state
    );

    // A captured payment cannot be captured or voided.
    let (captured, _) = paid(&mock, &client, "STATE-CAPTURED").await;
    assert_eq!(
        api_code(client.send(&capture_of(captured, TEA_TOTAL)).await),
        wrong_state
    );
    let void = VoidPayment {
        transaction_id: captured,
    };
    assert_eq!(api_code(client.send(&void).await), wrong_state);
    assert_eq!(
        mock.payment(captured).unwrap().state,
        PaymentState::Captured
    );
}

#[tokio::test]
async fn past_the_approval_or_authorization_window_is_1180() {
    let (mock, client) = start().await;
    let waiting = requested(&client, &tea("LATE-1")).await.transaction_id;
    let request = with_payment(tea("LATE-2"), Some(false), None);
    let authorized = approved(&mock, &client, &request).await;
    client
        .send(&confirm_of(authorized, TEA_TOTAL))
        .await
        .unwrap();

    mock.advance_clock(linepay_mock::APPROVAL_WINDOW + Duration::from_secs(1));
    // The customer can no longer approve; Confirm answers 1180.
    assert!(mock.approve(waiting).is_err());
    let expired = ReturnCode::PaymentExpired;
    assert_eq!(
        api_code(client.send(&confirm_of(waiting, TEA_TOTAL)).await),
        expired
    );

    mock.advance_clock(linepay_mock::AUTHORIZATION_WINDOW);
    assert_eq!(
        api_code(client.send(&capture_of(authorized, TEA_TOTAL)).await),
        expired
    );
    let void = VoidPayment {
        transaction_id: authorized,
    };
    assert_eq!(api_code(client.send(&void).await), expired);
    assert_eq!(
        detail(&client, authorized).await.pay_status,
        Some(PayStatus::ExpiredAuthorization)
    );
}

#[tokio::test]
async fn payment_details_with_more_than_100_ids_is_refused_before_sending() {
    let (mock, client) = start().await;
    let ids = |n: u64| {
        (0..n)
            .map(|i| TransactionId::new(UNKNOWN.get() - i))
            .collect::<Vec<_>>()
    };
    let too_many = PaymentDetails {
        transaction_id: ids(MAX_PAYMENT_DETAILS_IDS as u64),
        order_id: vec![order("ONE-MORE")],
        fields: None,
    };
    // 1177 cannot be provoked through the typed API: the client refuses first.
    match client.send(&too_many).await {
        Err(Error::Invalid(invalid)) => assert_eq!(invalid.field(), "transactionId"),
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
    match client.send(&PaymentDetails::default()).await {
        Err(Error::Invalid(invalid)) => assert_eq!(invalid.field(), "transactionId"),
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
    assert_eq!(mock.requests(Route::PaymentDetails), 0, "nothing was sent");
    assert_eq!(mock.accepted_connections(), 0, "not even a connection");

    // Exactly 100 is sent; none of them exists.
    let hundred = PaymentDetails {
        transaction_id: ids(MAX_PAYMENT_DETAILS_IDS as u64),
        ..PaymentDetails::default()
    };
    assert_eq!(
        api_code(client.send(&hundred).await),
        ReturnCode::NoTransactionHistory
    );
    assert_eq!(mock.requests(Route::PaymentDetails), 1);
}

#[tokio::test]
async fn amount_rules_1183_client_side_1184_1124_and_1178_from_the_mock() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, &tea("AMOUNTS-1")).await;

    // 1183 (zero or negative) is refused client-side, for every endpoint with an amount.
    let free = RequestPayment::new(
        order("FREE"),
        Currency::Twd,
        vec![Package::new(
            "p",
            vec![Product::new("Nothing", 1, Amount::whole(0))],
        )],
        linepay::api::v3::RedirectUrls::new(CONFIRM_URL, CANCEL_URL),
    );
    let refused: Vec<Error<linepay::HyperError>> = vec![
        client.send(&free).await.unwrap_err(),
        client.send(&confirm_of(id, 0)).await.unwrap_err(),
        client.send(&capture_of(id, -1)).await.unwrap_err(),
        client
            .send(&RefundPayment::partial(id, Amount::whole(0)))
            .await
            .unwrap_err(),
        // 1124 for a fraction in TWD is refused client-side where the currency is known.
        client
            .send(&ConfirmPayment {
                transaction_id: id,
                amount: "249.5".parse().unwrap(),
                currency: Currency::Twd,
            })
            .await
            .unwrap_err(),
    ];
    for error in refused {
        assert!(matches!(error, Error::Invalid(_)), "{error:?}");
    }
    let sent: usize = Route::ALL.iter().map(|&route| mock.requests(route)).sum();
    assert_eq!(sent, 1, "only the Request of AMOUNTS-1 was sent");

    // 1184: above the merchant's maximum; only the mock knows it.
    let expensive = RequestPayment::new(
        order("EXPENSIVE"),
        Currency::Twd,
        vec![Package::new(
            "p",
            vec![Product::new("Diamond", 1, Amount::whole(100_000_001))],
        )],
        linepay::api::v3::RedirectUrls::new(CONFIRM_URL, CANCEL_URL),
    );
    let code = api_code(client.send(&expensive).await);
    assert_eq!(code, ReturnCode::AmountAboveMaximum);
    assert_eq!(code.as_str(), "1184");

    // 1124: Refund carries no currency, so a fraction for a TWD payment reaches LINE Pay.
    client.send(&confirm_of(id, TEA_TOTAL)).await.unwrap();
    let half = RefundPayment::partial(id, "10.5".parse().unwrap());
    assert_eq!(
        api_code(client.send(&half).await),
        ReturnCode::AmountInfoError
    );

    // 1178: a well-formed currency code the merchant does not take.
    let mut in_yen = tea("YEN-1");
    in_yen.currency = Currency::from_code("JPY");
    assert_eq!(
        api_code(client.send(&in_yen).await),
        ReturnCode::CurrencyNotSupported
    );
    assert_eq!(mock.ledger().len(), 1);
    assert!(mock.payment(id).unwrap().refunds.is_empty());
}

#[tokio::test]
async fn reg_keys_unknown_1190_lapsed_1193_and_not_allowed_1194() {
    let (mock, client) = start_with(MockConfig {
        reg_key_lifetime: Some(Duration::from_secs(24 * 3600)),
        ..MockConfig::default()
    })
    .await;
    let unknown = RegKey::new("RK0000000000000").unwrap();
    let check = |reg_key: &RegKey| CheckRegKey {
        reg_key: reg_key.clone(),
        credit_card_auth: None,
    };
    assert_eq!(
        api_code(client.send(&check(&unknown)).await),
        ReturnCode::RegKeyNotFound
    );
    let charge = |reg_key: &RegKey, order_id: &str| PayPreapproved {
        reg_key: reg_key.clone(),
        product_name: "Plan".to_owned(),
        amount: Amount::whole(100),
        currency: Currency::Twd,
        order_id: order(order_id),
        capture: None,
    };
    assert_eq!(
        api_code(client.send(&charge(&unknown, "RK-UNKNOWN")).await),
        ReturnCode::RegKeyNotFound
    );

    // A key that lives one day.
    let request = with_payment(tea("RK-REGISTER"), None, Some(PayType::Preapproved));
    let id = approved(&mock, &client, &request).await;
    let key = client
        .send(&confirm_of(id, TEA_TOTAL))
        .await
        .unwrap()
        .reg_key
        .unwrap();
    client.send(&check(&key)).await.unwrap();
    // A used order id is refused for a charge too.
    assert_eq!(
        api_code(client.send(&charge(&key, "RK-REGISTER")).await),
        ReturnCode::OrderIdAlreadyUsed
    );
    mock.advance_clock(Duration::from_secs(24 * 3600 + 1));
    assert_eq!(
        api_code(client.send(&check(&key)).await),
        ReturnCode::RegKeyExpired
    );
    assert_eq!(
        api_code(client.send(&charge(&key, "RK-LATE")).await),
        ReturnCode::RegKeyExpired
    );

    // A merchant that may not use pre-approved payments.
    let (strict, strict_client) = start_with(MockConfig {
        preapproved_enabled: false,
        ..MockConfig::default()
    })
    .await;
    let request = with_payment(tea("RK-NOT-ALLOWED"), None, Some(PayType::Preapproved));
    assert_eq!(
        api_code(strict_client.send(&request).await),
        ReturnCode::MerchantCannotUsePreapproved
    );
    assert!(strict.ledger().is_empty());
}

#[tokio::test]
async fn a_second_confirm_while_the_first_is_held_is_1198() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, &tea("HELD-1")).await;
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::Delay(Duration::from_millis(800)),
    ));
    let first = tokio::spawn({
        let client = client.clone();
        async move { client.send(&confirm_of(id, TEA_TOTAL)).await }
    });
    // On this current-thread runtime the mock marks the call in flight in the same step
    // that counts it, so once it is counted, it is held.
    eventually("the first Confirm reaches the mock", || {
        mock.requests(Route::Confirm) == 1
    })
    .await;
    let code = api_code(client.send(&confirm_of(id, TEA_TOTAL)).await);
    assert_eq!(code, ReturnCode::DuplicateRequest);
    assert!(code.is_in_progress());
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Approved);

    let confirmed = first.await.unwrap().expect("the held Confirm completes");
    assert_eq!(confirmed.transaction_id, id);
    assert_eq!(mock.effects(Route::Confirm), 1);
    assert_eq!(mock.payment(id).unwrap().confirm_count, 1);
}

#[tokio::test]
async fn a_second_charge_on_a_held_reg_key_is_1197() {
    let (mock, client) = start().await;
    let request = with_payment(tea("HELD-RK"), None, Some(PayType::Preapproved));
    let id = approved(&mock, &client, &request).await;
    let reg_key = client
        .send(&confirm_of(id, TEA_TOTAL))
        .await
        .unwrap()
        .reg_key
        .unwrap();
    let charge = move |order_id: &str| PayPreapproved {
        reg_key: reg_key.clone(),
        product_name: "Plan".to_owned(),
        amount: Amount::whole(100),
        currency: Currency::Twd,
        order_id: order(order_id),
        capture: None,
    };
    mock.inject(Fault::once(
        Route::PayPreapproved,
        FaultKind::Delay(Duration::from_millis(800)),
    ));
    let first = tokio::spawn({
        let client = client.clone();
        let pay = charge("HELD-RK-1");
        async move { client.send(&pay).await }
    });
    eventually("the first charge reaches the mock", || {
        mock.requests(Route::PayPreapproved) == 1
    })
    .await;
    let code = api_code(client.send(&charge("HELD-RK-2")).await);
    assert_eq!(code, ReturnCode::RegKeyPaymentInProgress);
    assert!(code.is_in_progress());
    first.await.unwrap().expect("the held charge completes");
    assert_eq!(mock.effects(Route::PayPreapproved), 1);
    assert_eq!(mock.ledger().len(), 2, "one registration, one charge");
}

#[tokio::test]
async fn a_chosen_return_code_is_an_api_error_and_changes_nothing() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, &tea("CHOSEN-1")).await;
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::ReturnCode("9000".to_owned()),
    ));
    let error = client.send(&confirm_of(id, TEA_TOTAL)).await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert_eq!(api.code(), &ReturnCode::InternalError);
    assert!(api.code().is_internal_error());
    assert!(error.to_string().contains("9000"), "{error}");
    assert_eq!(mock.effects(Route::Confirm), 0);

    // What a merchant does after 9000: ask, then confirm for real.
    let check = CheckPaymentStatus { transaction_id: id };
    assert!(client.send(&check).await.unwrap().should_confirm());
    client.send(&confirm_of(id, TEA_TOTAL)).await.unwrap();

    // A code this library does not know is kept as it came.
    mock.inject(Fault::once(
        Route::CheckPaymentStatus,
        FaultKind::ReturnCode("4321".to_owned()),
    ));
    let code = api_code(client.send(&check).await);
    assert_eq!(code, ReturnCode::Other("4321".to_owned()));
    assert_eq!(code.as_str(), "4321");
}

#[tokio::test]
async fn a_proxy_error_page_is_an_http_error_and_changes_nothing() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, &tea("PROXY-1")).await;
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::ServerErrorHtml { status: 502 },
    ));
    match client.send(&confirm_of(id, TEA_TOTAL)).await {
        Err(Error::Http { status, snippet }) => {
            assert_eq!(status, 502);
            assert!(snippet.starts_with("<html>"), "{snippet:?}");
            assert!(snippet.contains("502 Bad Gateway"), "{snippet:?}");
        }
        other => panic!("expected Error::Http, got {other:?}"),
    }
    assert_eq!(mock.effects(Route::Confirm), 0);
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Approved);
    // The connection stays usable, and the payment can still be confirmed.
    client.send(&confirm_of(id, TEA_TOTAL)).await.unwrap();
    assert_eq!(mock.accepted_connections(), 1);
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_and_the_effect_stands() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, &tea("TRUNCATED-1")).await;
    mock.inject(Fault::once(Route::Confirm, FaultKind::TruncatedJson));
    match client.send(&confirm_of(id, TEA_TOTAL)).await {
        Err(Error::Decode(decode)) => {
            assert!(
                decode.snippet().starts_with(r#"{"returnCode":"0000""#),
                "{decode}"
            );
            assert!(!decode.reason().is_empty());
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert_eq!(mock.effects(Route::Confirm), 1);
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Captured);
    // The merchant reads the payment instead of confirming again.
    assert_eq!(
        detail(&client, id).await.pay_status,
        Some(PayStatus::Capture)
    );
}

#[tokio::test]
async fn a_dropped_connection_after_the_effect_is_maybe_sent() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, &tea("DROPPED-1")).await;
    mock.inject(Fault::once(Route::Confirm, FaultKind::DropAfterEffect));

    let error = transport_error(client.send(&confirm_of(id, TEA_TOTAL)).await);
    assert_eq!(error.delivery(), Delivery::MaybeSent);
    assert!(!error.delivery().is_safe_to_resend());
    assert!(!error.is_timeout());
    assert_eq!(error.kind(), HyperErrorKind::Send);
    assert!(
        std::error::Error::source(&error).is_some(),
        "the cause is kept"
    );

    // It did arrive: the ledger has it confirmed, exactly once (hyper did not resend it).
    assert_eq!(mock.requests(Route::Confirm), 1);
    assert_eq!(mock.effects(Route::Confirm), 1);
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Captured);
    // What the merchant does: read the payment, don't confirm blindly.
    assert_eq!(
        detail(&client, id).await.pay_status,
        Some(PayStatus::Capture)
    );
    assert_eq!(
        api_code(client.send(&confirm_of(id, TEA_TOTAL)).await),
        ReturnCode::OrderIdAlreadyUsed
    );
}

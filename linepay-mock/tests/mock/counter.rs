//! The counter (Offline API v4): My Codes from the generator, single use and five minutes
//! long; Pay, Check, Authorizations, Capture, Void and Refund by order id on the same ledger;
//! `AUTH_READY` while a Pay is in flight, `1150` for an order never charged.

use std::time::Duration;

use linepay_core::api::offline::{
    Authorizations, CaptureOrder, CheckOrder, OrderStatus, Pay, PaymentDetails, RefundOrder,
    VoidOrder,
};
use linepay_core::api::v3::{PayMethod, PayStatus, PaymentProvider};
use linepay_core::api::v4::{Package, Product};
use linepay_core::{Amount, ApiVersion, Currency, OneTimeKey, OrderId};
use linepay_mock::{
    Country, Customer, CustomerPays, Fault, FaultKind, MockServer, Origin, PaymentState, Route,
};

use crate::common::*;

/// A terminal's client: Offline calls exist only in v4.
fn terminal(mock: &MockServer) -> TestClient {
    mock.client_builder()
        .api_version(ApiVersion::V4)
        .build_with(TcpTransport(mock.local_addr()))
}

fn order(id: &str) -> OrderId {
    OrderId::new(id).unwrap()
}

/// A 120 TWD latte, charged from `key`.
fn latte(order_id: &str, key: OneTimeKey) -> Pay {
    Pay::new(
        order(order_id),
        key,
        Currency::Twd,
        vec![Package::new(
            "counter",
            vec![Product::new("Latte", 1, Amount::whole(120))],
        )],
    )
}

async fn status(client: &TestClient, order_id: &str) -> OrderStatus {
    client
        .send(&CheckOrder {
            order_id: order(order_id),
        })
        .await
        .expect("Check answers")
        .status
}

#[tokio::test]
async fn a_my_code_pays_once() {
    let mock = MockServer::start().await.unwrap();
    let client = terminal(&mock);
    let key = mock.one_time_key(Customer::default());
    let info = client.send(&latte("POS-1", key.clone())).await.unwrap();
    assert_eq!(info.order_id, order("POS-1"));
    assert_eq!(info.paid_total(), Some(Amount::whole(120)));
    assert_eq!(info.pay_info[0].method, PayMethod::Balance);
    assert_eq!(info.payment_provider, Some(PaymentProvider::Tsp));
    let payment = mock.payment(info.transaction_id).unwrap();
    assert_eq!(payment.origin, Origin::OneTimeKey);
    assert_eq!(payment.state, PaymentState::Captured);

    // The same key again, for another order: spent.
    assert_eq!(code(client.send(&latte("POS-2", key)).await), "1133");
    // The same order with a fresh key: the order exists, and the fresh key is not spent.
    let fresh = mock.one_time_key(Customer::default());
    assert_eq!(
        code(client.send(&latte("POS-1", fresh.clone())).await),
        "1172"
    );
    client.send(&latte("POS-3", fresh)).await.unwrap();
    assert_eq!(mock.effects(Route::Pay), 2);
}

#[tokio::test]
async fn a_my_code_lapses_after_five_minutes_on_the_mocks_clock() {
    let mock = MockServer::start().await.unwrap();
    let client = terminal(&mock);
    let key = mock.one_time_key(Customer::default());
    mock.advance_clock(Duration::from_secs(5 * 60));
    assert_eq!(code(client.send(&latte("LATE", key)).await), "1133");

    let key = mock.one_time_key(Customer::default());
    mock.advance_clock(Duration::from_secs(5 * 60 - 1));
    client.send(&latte("IN-TIME", key)).await.unwrap();

    // A key the generator never made.
    let made_up = OneTimeKey::new("389253804433039534").unwrap();
    assert_eq!(code(client.send(&latte("MADE-UP", made_up)).await), "1133");
}

#[tokio::test]
async fn a_thai_card_customer() {
    let mock = MockServer::start().await.unwrap();
    let client = terminal(&mock);
    let key = mock.one_time_key(Customer {
        country: Country::Th,
        pays: CustomerPays::CreditCard,
    });
    assert_eq!(key.digits(), 12);
    let mut pay = latte("TH-1", key);
    pay.currency = Currency::Thb;
    let info = client.send(&pay).await.unwrap();
    assert_eq!(info.pay_info[0].method, PayMethod::CreditCard);
    // A Taiwanese key for a THB sale has the wrong length: linepay-core refuses it, and a
    // client that sends it anyway (WarnOnly) gets LINE Pay's 1133.
    let tw_key = mock.one_time_key(Customer::default());
    let mut pay = latte("TH-2", tw_key);
    pay.currency = Currency::Thb;
    assert!(matches!(
        client.send(&pay).await,
        Err(linepay_core::Error::Invalid(_))
    ));
    let warn_only = mock
        .client_builder()
        .api_version(ApiVersion::V4)
        .validation(linepay_core::Validation::WarnOnly)
        .build_with(TcpTransport(mock.local_addr()));
    assert_eq!(code(warn_only.send(&pay).await), "1133");
}

#[tokio::test]
async fn check_follows_the_payment() {
    let mock = MockServer::start().await.unwrap();
    let client = terminal(&mock);
    assert_eq!(
        code(
            client
                .send(&CheckOrder {
                    order_id: order("NEVER")
                })
                .await
        ),
        "1150"
    );

    let key = mock.one_time_key(Customer::default());
    let paid = client.send(&latte("SALE", key)).await.unwrap();
    let check = client
        .send(&CheckOrder {
            order_id: order("SALE"),
        })
        .await
        .unwrap();
    assert_eq!(check.status, OrderStatus::Complete);
    assert_eq!(check.transaction_id, Some(paid.transaction_id));
    assert_eq!(check.payment_provider, Some(PaymentProvider::Tsp));

    client
        .send(&RefundOrder::partial(order("SALE"), Amount::whole(20)))
        .await
        .unwrap();
    assert_eq!(status(&client, "SALE").await, OrderStatus::Complete);
    client
        .send(&RefundOrder::full(order("SALE")))
        .await
        .unwrap();
    assert_eq!(status(&client, "SALE").await, OrderStatus::Refund);
    assert_eq!(
        code(client.send(&RefundOrder::full(order("SALE"))).await),
        "1165"
    );

    // Payment Details (Online v4's endpoint) lists the refunds of a counter sale.
    let details = client
        .send(&PaymentDetails {
            order_id: vec![order("SALE")],
            ..PaymentDetails::default()
        })
        .await
        .unwrap();
    assert_eq!(details[0].refund_list.len(), 2);
}

#[tokio::test]
async fn check_says_auth_ready_while_a_pay_is_in_flight() {
    let mock = MockServer::start().await.unwrap();
    let client = terminal(&mock);
    mock.inject(Fault::once(
        Route::Pay,
        FaultKind::Delay(Duration::from_millis(600)),
    ));
    let key = mock.one_time_key(Customer::default());
    let pay = latte("SLOW", key);
    let paying = tokio::spawn({
        let client = client.clone();
        async move { client.send(&pay).await }
    });
    eventually(|| mock.requests(Route::Pay) == 1).await;
    assert_eq!(status(&client, "SLOW").await, OrderStatus::InProgress);
    paying.await.unwrap().unwrap();
    assert_eq!(status(&client, "SLOW").await, OrderStatus::Complete);
}

#[tokio::test]
async fn a_pay_that_lands_late_is_unknown_until_it_lands() {
    let mock = MockServer::start().await.unwrap();
    let client = terminal(&mock);
    mock.inject(Fault::once(
        Route::Pay,
        FaultKind::LandsLate(Duration::from_secs(30)),
    ));
    let key = mock.one_time_key(Customer::default());
    assert!(client.send(&latte("LATE-LANDING", key)).await.is_err());
    assert_eq!(
        code(
            client
                .send(&CheckOrder {
                    order_id: order("LATE-LANDING")
                })
                .await
        ),
        "1150"
    );
    mock.advance_clock(Duration::from_secs(30));
    assert_eq!(status(&client, "LATE-LANDING").await, OrderStatus::Complete);
    assert_eq!(mock.effects(Route::Pay), 1);
}

#[tokio::test]
async fn an_authorized_sale_is_captured_or_voided_by_order_id() {
    let mock = MockServer::start().await.unwrap();
    let client = terminal(&mock);
    for order_id in ["HOLD-1", "HOLD-2"] {
        let key = mock.one_time_key(Customer::default());
        let info = client
            .send(&latte(order_id, key).authorize_only())
            .await
            .unwrap();
        assert!(info.authorization_expire_date.is_some());
        assert_eq!(status(&client, order_id).await, OrderStatus::Complete);
        let entries = client
            .send(&Authorizations::of_order(order(order_id)))
            .await
            .unwrap();
        assert_eq!(entries[0].pay_status, Some(PayStatus::Authorization));
    }

    let captured = client
        .send(&CaptureOrder::new(
            order("HOLD-1"),
            Amount::whole(100),
            Currency::Twd,
        ))
        .await
        .unwrap();
    assert_eq!(captured.paid_total(), Some(Amount::whole(100)));
    assert_eq!(
        code(
            client
                .send(&CaptureOrder::new(
                    order("HOLD-2"),
                    Amount::whole(500),
                    Currency::Twd
                ))
                .await
        ),
        "1153"
    );

    client
        .send(&VoidOrder {
            order_id: order("HOLD-2"),
        })
        .await
        .unwrap();
    assert_eq!(status(&client, "HOLD-2").await, OrderStatus::Cancel);
    let voided = client
        .send(&Authorizations::of_order(order("HOLD-2")))
        .await
        .unwrap();
    assert_eq!(voided[0].pay_status, Some(PayStatus::VoidedAuthorization));
    assert_eq!(
        code(
            client
                .send(&VoidOrder {
                    order_id: order("NOBODY")
                })
                .await
        ),
        "1150"
    );
}

#[tokio::test]
async fn the_offline_api_is_not_served_under_v3() {
    let mock = MockServer::start().await.unwrap();
    let answer = send(
        mock.local_addr(),
        &signed_get(&mock, "/v3/payments/orders/SALE/check"),
    )
    .await
    .unwrap();
    assert_eq!(answer.status(), 404);
    assert_eq!(return_code(&answer), "2101");
}

#[tokio::test]
async fn the_generator_on_the_admin_api() {
    let mock = MockServer::start().await.unwrap();
    let answer = plain(
        &mock,
        "POST",
        "/__mock/oneTimeKeys",
        r#"{"country":"TH","payMethod":"CREDIT_CARD"}"#,
    )
    .await;
    assert_eq!(answer.status(), 201);
    let body = json(&answer);
    let key = body["oneTimeKey"].as_str().unwrap();
    assert_eq!(key.len(), 12);
    assert_eq!(body["payMethod"], "CREDIT_CARD");
    assert!(body["expiresAt"].as_str().unwrap().ends_with('Z'));

    let empty = plain(&mock, "POST", "/__mock/oneTimeKeys", "").await;
    assert_eq!(json(&empty)["oneTimeKey"].as_str().unwrap().len(), 18);
    let bad = plain(&mock, "POST", "/__mock/oneTimeKeys", r#"{"country":"JP"}"#).await;
    assert_eq!(bad.status(), 400);
    assert!(text(&bad).contains("country"), "{}", text(&bad));
}

/// What another SDK may send: a key with a letter, grouped with spaces, or none at all.
#[tokio::test]
async fn a_raw_pay_with_a_malformed_my_code() {
    let mock = MockServer::start().await.unwrap();
    let body = |key: &str| {
        format!(
            r#"{{"amount":60,"currency":"TWD","orderId":"RAW-1","oneTimeKey":{key},"packages":[{{"id":"p","amount":60,"products":[{{"name":"Tea","quantity":1,"price":60}}]}}]}}"#
        )
    };
    for (key, expected) in [
        (r#""38925380443303953A""#, "1133"),
        (r#""3892 5380 4433 0395 34""#, "1133"),
        (r#""""#, "1133"),
        ("389253804433039534", "2101"),
        ("null", "2101"),
    ] {
        let request = signed_post(&mock, "/v4/payments/oneTimeKeys/pay", body(key).as_bytes());
        let answer = send(mock.local_addr(), &request).await.unwrap();
        assert_eq!(return_code(&answer), expected, "oneTimeKey {key}");
    }
    assert_eq!(mock.effects(Route::Pay), 0);
}

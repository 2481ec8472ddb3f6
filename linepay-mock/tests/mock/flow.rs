//! The payment life cycle over real TCP: request, the payment page, confirm, capture, void,
//! refunds, details, pre-approved payments.

use std::time::Duration;

use linepay_core::api::v3::{
    CapturePayment, CheckPaymentStatus, CheckRegKey, ConfirmPayment, ConfirmUrlType, ExpireRegKey,
    PayPreapproved, PayStatus, PayType, PaymentDetails, PaymentStatus, RedirectUrls, RefundPayment,
    TransactionType, VoidPayment,
};
use linepay_core::{Amount, Currency, OrderId, RegKey, TransactionId};
use linepay_mock::{PaymentState, Redirect, Route};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::common::*;

/// The `action` of the form whose action ends with `suffix`.
fn form_action(page: &str, suffix: &str) -> String {
    page.match_indices("action=\"")
        .map(|(at, prefix)| {
            let rest = &page[at + prefix.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .find(|action| action.ends_with(suffix))
        .unwrap_or_else(|| panic!("no form action ending in {suffix} in {page}"))
}

fn confirm(id: TransactionId, amount: i64) -> ConfirmPayment {
    ConfirmPayment {
        transaction_id: id,
        amount: Amount::whole(amount),
        currency: Currency::Twd,
    }
}

fn details_of(id: TransactionId) -> PaymentDetails {
    PaymentDetails {
        transaction_id: vec![id],
        order_id: Vec::new(),
        fields: None,
    }
}

#[tokio::test]
async fn pay_on_the_page_confirm_refund_and_read_the_details() {
    let (mock, client) = start().await;
    let order = "ORDER 1/測";
    let info = requested(&client, &tea(order)).await;
    let id = info.transaction_id;
    assert_eq!(id.get().to_string().len(), 19);
    assert_eq!(
        info.payment_url.web,
        format!("{}/web/payment/{id}", mock.base_url())
    );
    let token = info.payment_access_token.clone().unwrap();
    assert_eq!(token.len(), 12);
    assert_eq!(
        info.payment_url.app,
        Some(format!("line://pay/payment/{token}"))
    );
    assert_eq!(status_of(&client, id).await, PaymentStatus::Waiting);

    // The customer opens the page...
    let path = info.payment_url.web.strip_prefix(mock.base_url()).unwrap();
    let page = plain(&mock, "GET", path, "").await;
    assert_eq!(page.status(), 200);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = text(&page);
    assert!(html.contains("<title>LINE Pay (mock)"), "{html}");
    assert!(html.contains("250 TWD"));
    assert!(html.contains("Green tea"));
    assert!(html.contains("烏龍茶 &lt;special&gt;"));
    assert!(html.contains("Tea &amp; Co."));
    assert!(!html.contains("<special>"));
    let cancel_action = form_action(&html, "/cancel");
    assert_eq!(cancel_action, format!("/web/payment/{id}/cancel"));

    // ...and pays: 303 to confirmUrl with transactionId and orderId appended.
    let approve = form_action(&html, "/approve");
    let answer = plain(&mock, "POST", &approve, "").await;
    assert_eq!(answer.status(), 303);
    assert_eq!(
        answer.headers()["location"],
        format!(
            "https://shop.example/confirm?lang=zh&transactionId={id}&orderId=ORDER%201%2F%E6%B8%AC"
        )
        .as_str()
    );
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Approved);
    assert_eq!(status_of(&client, id).await, PaymentStatus::Authorized);
    // The page no longer offers the buttons.
    let html = text(&plain(&mock, "GET", path, "").await);
    assert!(!html.contains("<form"));

    // Confirm: the amount must be the requested one.
    assert_eq!(code(client.send(&confirm(id, 249)).await), "1153");
    let confirmed = client.send(&confirm(id, 250)).await.unwrap();
    assert_eq!(confirmed.transaction_id, id);
    assert_eq!(confirmed.order_id.as_str(), order);
    assert_eq!(confirmed.pay_info[0].amount, Amount::whole(250));
    assert!(confirmed.authorization_expire_date.is_none());
    assert!(confirmed.reg_key.is_none());
    // A second Confirm is refused; the reference reads 1172 as "possibly already confirmed".
    assert_eq!(code(client.send(&confirm(id, 250)).await), "1172");
    assert_eq!(mock.effects(Route::Confirm), 1);
    assert_eq!(status_of(&client, id).await, PaymentStatus::Completed);

    // A partial refund: a transaction of its own.
    let refund = client
        .send(&RefundPayment::partial(id, Amount::whole(50)))
        .await
        .unwrap();
    assert_eq!(refund.refund_transaction_id.get().to_string().len(), 19);
    assert_ne!(refund.refund_transaction_id, id);
    assert!(refund.refund_transaction_date.ends_with('Z'));
    assert_eq!(
        code(
            client
                .send(&RefundPayment::partial(id, Amount::whole(201)))
                .await
        ),
        "1164"
    );

    // Payment Details: negative refund amounts, 19-digit ids.
    let details = client.send(&details_of(id)).await.unwrap();
    assert_eq!(details.len(), 1);
    let payment = &details[0];
    assert_eq!(payment.transaction_id, id);
    assert_eq!(payment.pay_status, Some(PayStatus::Capture));
    assert_eq!(payment.transaction_type, Some(TransactionType::Payment));
    assert_eq!(payment.order_id.as_ref().unwrap().as_str(), order);
    assert_eq!(payment.refund_list.len(), 1);
    assert_eq!(payment.refund_list[0].refund_amount, Amount::whole(-50));
    assert_eq!(
        payment.refund_list[0].refund_transaction_id,
        refund.refund_transaction_id
    );
    assert_eq!(
        payment.refund_list[0].transaction_type,
        Some(TransactionType::PartialRefund)
    );
    assert_eq!(payment.refunded_total(), Some(Amount::whole(50)));
    assert_eq!(payment.packages[0].products.len(), 2);
    // The raw JSON carries the amount as a negative integer and the ids as numbers.
    let raw = send(mock.local_addr(), &client.prepare(&details_of(id)).unwrap())
        .await
        .unwrap();
    let raw = json(&raw);
    assert_eq!(raw["info"][0]["refundList"][0]["refundAmount"], -50);
    assert_eq!(raw["info"][0]["transactionId"].as_u64(), Some(id.get()));

    // The refund's own id gives the refund, pointing back at the payment.
    let by_refund = client
        .send(&details_of(refund.refund_transaction_id))
        .await
        .unwrap();
    assert_eq!(by_refund[0].transaction_id, refund.refund_transaction_id);
    assert_eq!(by_refund[0].original_transaction_id, Some(id));
    assert!(by_refund[0].is_refund());

    // The rest, then nothing left.
    client.send(&RefundPayment::full(id)).await.unwrap();
    assert_eq!(code(client.send(&RefundPayment::full(id)).await), "1165");
    assert_eq!(
        code(
            client
                .send(&RefundPayment::full(refund.refund_transaction_id))
                .await
        ),
        "1155"
    );
    let by_order = client
        .send(&PaymentDetails {
            transaction_id: Vec::new(),
            order_id: vec![OrderId::new(order).unwrap()],
            fields: None,
        })
        .await
        .unwrap();
    assert_eq!(by_order[0].refund_list.len(), 2);
    assert_eq!(by_order[0].refunded_total(), Some(Amount::whole(250)));
    let snapshot = mock.payment(id).unwrap();
    assert_eq!(snapshot.state, PaymentState::Refunded);
    assert_eq!(snapshot.confirm_count, 1);
    assert_eq!(snapshot.refunds[1].amount, Amount::whole(200));
    assert_eq!(snapshot.refundable, Amount::whole(0));
}

#[tokio::test]
async fn cancel_on_the_page() {
    let (mock, client) = start().await;
    let id = requested(&client, &tea("FLOW-CANCEL")).await.transaction_id;
    let html = text(&plain(&mock, "GET", &format!("/web/payment/{id}"), "").await);
    let answer = plain(&mock, "POST", &form_action(&html, "/cancel"), "").await;
    assert_eq!(answer.status(), 303);
    assert_eq!(answer.headers()["location"], "https://shop.example/cancel");
    assert_eq!(
        status_of(&client, id).await,
        PaymentStatus::CancelledOrExpired
    );
    assert_eq!(code(client.send(&confirm(id, 250)).await), "1150");
    // Too late to pay.
    let answer = plain(&mock, "POST", &format!("/web/payment/{id}/approve"), "").await;
    assert_eq!(answer.status(), 409);
    assert!(mock.approve(id).is_err());
}

#[tokio::test]
async fn confirm_before_approval_and_a_failed_payment() {
    let (mock, client) = start().await;
    let id = requested(&client, &tea("FLOW-EARLY")).await.transaction_id;
    assert_eq!(code(client.send(&confirm(id, 250)).await), "1150");
    mock.fail(id).unwrap();
    assert_eq!(status_of(&client, id).await, PaymentStatus::Failed);
    assert_eq!(
        code(
            client
                .send(&CheckPaymentStatus {
                    transaction_id: TransactionId::new(1)
                })
                .await
        ),
        "1150"
    );
    // Payment Details shows confirmed payments only.
    assert_eq!(code(client.send(&details_of(id)).await), "1150");
}

#[tokio::test]
async fn authorize_then_capture_or_void() {
    let (mock, client) = start().await;
    let capture = |id, amount| CapturePayment {
        transaction_id: id,
        amount: Amount::whole(amount),
        currency: Currency::Twd,
    };

    // Authorize, capture part (the rest is released), refund it.
    let id = requested(
        &client,
        &with_payment(tea("FLOW-AUTH-1"), false, PayType::Normal),
    )
    .await
    .transaction_id;
    assert_eq!(code(client.send(&capture(id, 100)).await), "1179");
    mock.approve(id).unwrap();
    let confirmed = client.send(&confirm(id, 250)).await.unwrap();
    assert!(confirmed.authorization_expire_date.is_some());
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Authorized);
    let details = client.send(&details_of(id)).await.unwrap();
    assert_eq!(details[0].pay_status, Some(PayStatus::Authorization));
    assert!(details[0].authorization_expire_date.is_some());
    assert_eq!(code(client.send(&RefundPayment::full(id)).await), "1179");
    assert_eq!(code(client.send(&capture(id, 251)).await), "1153");
    let captured = client.send(&capture(id, 200)).await.unwrap();
    assert_eq!(captured.transaction_id, id);
    assert_eq!(captured.pay_info[0].amount, Amount::whole(200));
    assert_eq!(code(client.send(&capture(id, 200)).await), "1179");
    assert_eq!(
        code(client.send(&VoidPayment { transaction_id: id }).await),
        "1179"
    );
    let details = client.send(&details_of(id)).await.unwrap();
    assert_eq!(details[0].pay_status, Some(PayStatus::Capture));
    assert_eq!(
        code(
            client
                .send(&RefundPayment::partial(id, Amount::whole(201)))
                .await
        ),
        "1164"
    );
    client.send(&RefundPayment::full(id)).await.unwrap();
    let snapshot = mock.payment(id).unwrap();
    assert_eq!(snapshot.captured_amount, Some(Amount::whole(200)));
    assert_eq!(snapshot.refunds[0].amount, Amount::whole(200));
    assert_eq!(
        snapshot.refunds[0].transaction_type,
        TransactionType::PaymentRefund
    );

    // Authorize, void, void again.
    let id = requested(
        &client,
        &with_payment(tea("FLOW-AUTH-2"), false, PayType::Normal),
    )
    .await
    .transaction_id;
    mock.approve(id).unwrap();
    client.send(&confirm(id, 250)).await.unwrap();
    client
        .send(&VoidPayment { transaction_id: id })
        .await
        .unwrap();
    assert_eq!(
        code(client.send(&VoidPayment { transaction_id: id }).await),
        "1165"
    );
    assert_eq!(code(client.send(&capture(id, 250)).await), "1179");
    let details = client.send(&details_of(id)).await.unwrap();
    assert_eq!(details[0].pay_status, Some(PayStatus::VoidedAuthorization));
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Voided);
    assert_eq!(mock.effects(Route::Void), 1);
    assert_eq!(mock.requests(Route::Void), 3);
    assert_eq!(
        code(
            client
                .send(&VoidPayment {
                    transaction_id: TransactionId::new(7)
                })
                .await
        ),
        "1150"
    );
}

#[tokio::test]
async fn pre_approved_payments() {
    let (mock, client) = start().await;
    let id = requested(
        &client,
        &with_payment(tea("FLOW-PRE-1"), true, PayType::Preapproved),
    )
    .await
    .transaction_id;
    mock.approve(id).unwrap();
    let confirmed = client.send(&confirm(id, 250)).await.unwrap();
    let reg_key = confirmed
        .reg_key
        .expect("a PREAPPROVED Confirm returns a regKey");
    assert_eq!(reg_key.as_str().len(), 15);
    assert!(reg_key.as_str().starts_with("RK"));
    assert!(reg_key.as_str().bytes().all(|b| b.is_ascii_alphanumeric()));
    let check = |reg_key: RegKey| CheckRegKey {
        reg_key,
        credit_card_auth: Some(false),
    };
    client.send(&check(reg_key.clone())).await.unwrap();

    let pay = |order: &str, capture| PayPreapproved {
        reg_key: reg_key.clone(),
        product_name: "Monthly tea box".to_owned(),
        amount: Amount::whole(300),
        currency: Currency::Twd,
        order_id: OrderId::new(order).unwrap(),
        capture,
    };
    let charged = client.send(&pay("FLOW-PRE-2", None)).await.unwrap();
    assert_eq!(charged.order_id.as_ref().unwrap().as_str(), "FLOW-PRE-2");
    assert!(charged.authorization_expire_date.is_none());
    let charge = mock.payment(charged.transaction_id).unwrap();
    assert_eq!(charge.state, PaymentState::Captured);
    assert_eq!(charge.amount, Amount::whole(300));
    assert_eq!(code(client.send(&pay("FLOW-PRE-2", None)).await), "1172");
    // Refundable like any captured payment.
    client
        .send(&RefundPayment::partial(
            charged.transaction_id,
            Amount::whole(100),
        ))
        .await
        .unwrap();

    let authorized = client.send(&pay("FLOW-PRE-3", Some(false))).await.unwrap();
    assert!(authorized.authorization_expire_date.is_some());
    client
        .send(&CapturePayment {
            transaction_id: authorized.transaction_id,
            amount: Amount::whole(300),
            currency: Currency::Twd,
        })
        .await
        .unwrap();

    client
        .send(&ExpireRegKey {
            reg_key: reg_key.clone(),
        })
        .await
        .unwrap();
    assert_eq!(code(client.send(&check(reg_key.clone())).await), "1193");
    assert_eq!(code(client.send(&pay("FLOW-PRE-4", None)).await), "1193");
    assert_eq!(
        code(
            client
                .send(&ExpireRegKey {
                    reg_key: reg_key.clone()
                })
                .await
        ),
        "1193"
    );
    let unknown = RegKey::new("RK0000000000000").unwrap();
    assert_eq!(code(client.send(&check(unknown.clone())).await), "1190");
    assert_eq!(
        code(client.send(&ExpireRegKey { reg_key: unknown }).await),
        "1190"
    );
    let registered = mock.payment(id).unwrap();
    assert_eq!(registered.reg_key.unwrap().reg_key, reg_key);
    assert_eq!(mock.effects(Route::PayPreapproved), 2);
    assert_eq!(mock.effects(Route::ExpireRegKey), 1);
}

#[tokio::test]
async fn body_rules() {
    let (mock, client) = start().await;
    let address = mock.local_addr();
    let request = |body: &str| signed_post(&mock, "/v3/payments/request", body.as_bytes());
    let valid =
        String::from_utf8(client.prepare(&tea("RULES-1")).unwrap().body().to_vec()).unwrap();
    assert!(valid.starts_with(r#"{"amount":250,"#), "{valid}");
    let cases = [
        // A float where TWD takes integers, even a whole one.
        (
            valid.replacen(r#""amount":250"#, r#""amount":250.0"#, 1),
            "1124",
        ),
        (
            valid.replacen(r#""amount":250"#, r#""amount":250.5"#, 1),
            "1124",
        ),
        (
            valid.replacen(r#""price":60"#, r#""price":60.0"#, 1),
            "1124",
        ),
        (
            valid.replacen(r#""amount":250"#, r#""amount":1.00001"#, 1),
            "1124",
        ),
        (
            valid.replacen(r#""amount":250"#, r#""amount":0"#, 1),
            "1183",
        ),
        (
            valid.replacen(r#""amount":250"#, r#""amount":-250"#, 1),
            "1183",
        ),
        (
            valid.replacen(r#""amount":250"#, r#""amount":100000001"#, 1),
            "1184",
        ),
        // A rule linepay-core refuses: a product of quantity 0.
        (
            valid.replacen(r#""quantity":2"#, r#""quantity":0"#, 1),
            "2101",
        ),
        (
            valid.replacen(r#""currency":"TWD""#, r#""currency":"JPY""#, 1),
            "1178",
        ),
        (valid.replacen(r#""orderId":"RULES-1","#, "", 1), "2101"),
        (
            valid.replacen(r#""amount":250"#, r#""amount":"lots""#, 1),
            "2101",
        ),
        (valid[..valid.len() - 1].to_owned(), "2102"),
        ("[1,2,3]".to_owned(), "2102"),
    ];
    for (body, expected) in cases {
        let answer = send(address, &request(&body)).await.unwrap();
        assert_eq!(answer.status(), 200);
        assert_eq!(return_code(&answer), expected, "{body}");
    }
    assert!(mock.ledger().is_empty());
    // The valid body, as it is, works; the same order id twice does not.
    assert_eq!(
        return_code(&send(address, &request(&valid)).await.unwrap()),
        "0000"
    );
    assert_eq!(
        return_code(&send(address, &request(&valid)).await.unwrap()),
        "1172"
    );
    // A total that is not the sum of the packages is taken, as LINE Pay's own examples are.
    let unsummed = valid
        .replacen(r#""amount":250"#, r#""amount":251"#, 1)
        .replacen("RULES-1", "RULES-2", 1);
    assert_eq!(
        return_code(&send(address, &request(&unsummed)).await.unwrap()),
        "0000"
    );

    // A float refund amount on a TWD payment: 1124.
    let id = mock.ledger()[0].transaction_id;
    mock.approve(id).unwrap();
    client.send(&confirm(id, 250)).await.unwrap();
    let refund =
        |body: &str| signed_post(&mock, &format!("/v3/payments/{id}/refund"), body.as_bytes());
    assert_eq!(
        return_code(
            &send(address, &refund(r#"{"refundAmount":10.0}"#))
                .await
                .unwrap()
        ),
        "1124"
    );
    assert_eq!(
        return_code(
            &send(address, &refund(r#"{"refundAmount":0}"#))
                .await
                .unwrap()
        ),
        "1183"
    );
    assert_eq!(
        return_code(
            &send(address, &refund(r#"{"refundAmount":10}"#))
                .await
                .unwrap()
        ),
        "0000"
    );
    // An empty body is a full refund, like `{}`.
    assert_eq!(
        return_code(&send(address, &refund("")).await.unwrap()),
        "0000"
    );

    // Payment Details: none asked (2101), too many (1177).
    let none = signed_get(&mock, "/v3/payments");
    assert_eq!(return_code(&send(address, &none).await.unwrap()), "2101");
    let many: Vec<String> = (0..101).map(|i| format!("orderId=O{i}")).collect();
    let many = signed_get(&mock, &format!("/v3/payments?{}", many.join("&")));
    assert_eq!(return_code(&send(address, &many).await.unwrap()), "1177");
}

#[tokio::test]
async fn confirm_url_type_none_and_server() {
    let (mock, client) = start().await;

    // NONE: no redirect; the merchant polls.
    let mut request = tea("FLOW-NONE");
    request.redirect_urls = RedirectUrls::none();
    let id = requested(&client, &request).await.transaction_id;
    let answer = plain(&mock, "POST", &format!("/web/payment/{id}/approve"), "").await;
    assert_eq!(answer.status(), 200);
    assert!(text(&answer).contains("Payment approved"));
    assert_eq!(status_of(&client, id).await, PaymentStatus::Authorized);
    assert_eq!(mock.approve(id), Ok(Redirect::Nowhere));

    // SERVER: the mock calls confirmUrl itself.
    let merchant = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let confirm_url = format!("http://{}/linepay/confirm", merchant.local_addr().unwrap());
    let mut request = tea("FLOW-SERVER");
    request.redirect_urls = RedirectUrls {
        confirm_url_type: Some(ConfirmUrlType::Server),
        ..RedirectUrls::new(confirm_url.clone(), "https://shop.example/cancel")
    };
    let id = requested(&client, &request).await.transaction_id;
    let answer = plain(&mock, "POST", &format!("/web/payment/{id}/approve"), "").await;
    assert_eq!(answer.status(), 200);
    let (mut stream, _) = tokio::time::timeout(Duration::from_secs(5), merchant.accept())
        .await
        .unwrap()
        .unwrap();
    let mut head = vec![0u8; 1024];
    let n = stream.read(&mut head).await.unwrap();
    let head = String::from_utf8_lossy(&head[..n]).into_owned();
    assert!(
        head.starts_with(&format!(
            "GET /linepay/confirm?transactionId={id}&orderId=FLOW-SERVER HTTP/1.1\r\n"
        )),
        "{head}"
    );
    stream
        .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
        .await
        .unwrap();
    drop(stream);
    eventually(|| {
        mock.payment(id)
            .and_then(|payment| payment.server_confirm)
            .is_some_and(|call| call.status == Some(200))
    })
    .await;
    client.send(&confirm(id, 250)).await.unwrap();
}

//! Every endpoint through `HyperTransport`, in the order a merchant calls them.

use linepay::api::v3::{
    CapturePayment, CheckPaymentStatus, CheckRegKey, ExpireRegKey, PayMethod, PayPreapproved,
    PayStatus, PayType, PaymentDetails, PaymentStatus, RefundPayment, TransactionType, VoidPayment,
};
use linepay::{Amount, ApiVersion, Currency, RegKey, ReturnCode, TransactionId};
use linepay_mock::{PaymentState, Route};

use crate::support::*;

async fn status(client: &linepay::Client, id: TransactionId) -> PaymentStatus {
    client
        .send(&CheckPaymentStatus { transaction_id: id })
        .await
        .expect("Check Payment Status answers")
}

#[tokio::test]
async fn request_approve_confirm_and_read_the_details() {
    let (mock, client) = start().await;

    let info = requested(&client, &tea("FLOW-1")).await;
    let id = info.transaction_id;
    assert_eq!(
        info.payment_url.web,
        format!("{}/web/payment/{id}", mock.base_url())
    );
    let token = info
        .payment_access_token
        .as_deref()
        .expect("a payment access token");
    assert_eq!(token.len(), 12);
    assert!(token.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(
        info.payment_url.app.as_deref(),
        Some(format!("line://pay/payment/{token}").as_str())
    );
    assert_eq!(status(&client, id).await, PaymentStatus::Waiting);

    mock.approve(id).unwrap();
    let approved = status(&client, id).await;
    assert_eq!(approved, PaymentStatus::Authorized);
    assert!(approved.should_confirm());

    let confirmed = client.send(&confirm_of(id, TEA_TOTAL)).await.unwrap();
    assert_eq!(confirmed.transaction_id, id);
    assert_eq!(confirmed.order_id.as_str(), "FLOW-1");
    assert_eq!(confirmed.authorization_expire_date, None);
    assert_eq!(confirmed.reg_key, None);
    assert_eq!(confirmed.pay_info.len(), 1);
    assert_eq!(confirmed.pay_info[0].method, PayMethod::Balance);
    assert_eq!(confirmed.pay_info[0].amount, Amount::whole(TEA_TOTAL));
    assert_eq!(confirmed.packages[0].id, "shop-1");
    assert_eq!(confirmed.packages[0].amount, Amount::whole(TEA_TOTAL));
    let completed = status(&client, id).await;
    assert_eq!(completed, PaymentStatus::Completed);
    assert!(completed.is_final());

    // By transaction id and by order id: the same confirmed payment, once.
    let by_both = PaymentDetails {
        transaction_id: vec![id],
        order_id: vec![order("FLOW-1")],
        fields: None,
    };
    let found = client.send(&by_both).await.unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    let detail = &found[0];
    assert_eq!(detail.transaction_id, id);
    assert_eq!(detail.order_id.as_ref().map(|o| o.as_str()), Some("FLOW-1"));
    assert_eq!(detail.transaction_type, Some(TransactionType::Payment));
    assert_eq!(detail.pay_status, Some(PayStatus::Capture));
    assert_eq!(detail.currency, Some(Currency::Twd));
    assert_eq!(detail.product_name.as_deref(), Some("Green tea"));
    assert_eq!(detail.pay_info[0].amount, Amount::whole(TEA_TOTAL));
    assert!(detail.refund_list.is_empty());
    assert!(!detail.is_refund());
    assert_eq!(detail.packages[0].products.len(), 2);
    assert_eq!(detail.packages[0].products[1].name, "烏龍茶 <special>");

    let payment = mock.payment(id).unwrap();
    assert_eq!(payment.state, PaymentState::Captured);
    assert_eq!(payment.confirm_count, 1);
    for route in [Route::Request, Route::Confirm, Route::PaymentDetails] {
        assert_eq!(mock.effects(route), 1, "{route}");
    }
}

#[tokio::test]
async fn authorize_then_capture_less_than_authorized() {
    let (mock, client) = start().await;
    let request = with_payment(tea("AUTH-CAPTURE"), Some(false), None);
    let id = approved(&mock, &client, &request).await;

    let confirmed = client.send(&confirm_of(id, TEA_TOTAL)).await.unwrap();
    let expires = confirmed
        .authorization_expire_date
        .as_deref()
        .expect("an authorization has an expiry");
    assert!(expires.contains('T') && expires.ends_with('Z'), "{expires}");
    let authorized = detail(&client, id).await;
    assert_eq!(authorized.pay_status, Some(PayStatus::Authorization));
    assert_eq!(
        authorized.authorization_expire_date.as_deref(),
        Some(expires)
    );

    let capture = CapturePayment {
        transaction_id: id,
        amount: Amount::whole(200),
        currency: Currency::Twd,
    };
    let captured = client.send(&capture).await.unwrap();
    assert_eq!(captured.transaction_id, id);
    assert_eq!(captured.order_id.as_str(), "AUTH-CAPTURE");
    assert_eq!(captured.pay_info[0].amount, Amount::whole(200));

    let after = detail(&client, id).await;
    assert_eq!(after.pay_status, Some(PayStatus::Capture));
    assert_eq!(after.pay_info[0].amount, Amount::whole(200));
    let payment = mock.payment(id).unwrap();
    assert_eq!(payment.state, PaymentState::Captured);
    assert_eq!(payment.captured_amount, Some(Amount::whole(200)));
    assert_eq!(payment.refundable, Amount::whole(200));
}

#[tokio::test]
async fn authorize_then_void() {
    let (mock, client) = start().await;
    let request = with_payment(tea("AUTH-VOID"), Some(false), Some(PayType::Normal));
    let id = approved(&mock, &client, &request).await;
    client.send(&confirm_of(id, TEA_TOTAL)).await.unwrap();

    client
        .send(&VoidPayment { transaction_id: id })
        .await
        .unwrap();
    let voided = detail(&client, id).await;
    assert_eq!(voided.pay_status, Some(PayStatus::VoidedAuthorization));
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Voided);
    assert_eq!(mock.effects(Route::Void), 1);
    // Still "completed" for Check Payment Status: the request itself was confirmed.
    assert_eq!(status(&client, id).await, PaymentStatus::Completed);
}

#[tokio::test]
async fn partial_then_full_refund() {
    let (mock, client) = start().await;
    let (id, _) = paid(&mock, &client, "REFUND-1").await;

    let partial = client
        .send(&RefundPayment::partial(id, Amount::whole(50)))
        .await
        .unwrap();
    let first = partial.refund_transaction_id;
    assert_19_digits(first);
    assert_ne!(first, id);
    assert!(!partial.refund_transaction_date.is_empty());

    let after_partial = detail(&client, id).await;
    assert_eq!(after_partial.refund_list.len(), 1);
    let entry = &after_partial.refund_list[0];
    assert_eq!(entry.refund_transaction_id, first);
    assert_eq!(
        entry.refund_amount,
        Amount::whole(-50),
        "refunds read negative"
    );
    assert_eq!(entry.transaction_type, Some(TransactionType::PartialRefund));
    assert_eq!(after_partial.refunded_total(), Some(Amount::whole(50)));
    assert_eq!(after_partial.pay_status, Some(PayStatus::Capture));
    assert_eq!(mock.payment(id).unwrap().refundable, Amount::whole(200));

    // Full refund of what is left: the amount is left out.
    let full = client.send(&RefundPayment::full(id)).await.unwrap();
    let second = full.refund_transaction_id;
    assert_19_digits(second);
    assert!(second != first && second != id);

    let after_full = detail(&client, id).await;
    let refunds: Vec<(TransactionId, Amount)> = after_full
        .refund_list
        .iter()
        .map(|refund| (refund.refund_transaction_id, refund.refund_amount))
        .collect();
    assert_eq!(
        refunds,
        vec![(first, Amount::whole(-50)), (second, Amount::whole(-200))]
    );
    assert_eq!(after_full.refunded_total(), Some(Amount::whole(TEA_TOTAL)));
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Refunded);

    // A refund's own id reads as the refund, pointing back at the payment.
    for refund_id in [first, second] {
        let refund = detail(&client, refund_id).await;
        assert_eq!(refund.transaction_id, refund_id);
        assert_eq!(refund.original_transaction_id, Some(id));
        assert!(refund.is_refund());
        assert_eq!(
            refund.order_id.as_ref().map(|o| o.as_str()),
            Some("REFUND-1")
        );
    }
    assert_eq!(
        client
            .send(&RefundPayment::partial(id, Amount::whole(1)))
            .await
            .map_err(|e| e.return_code().cloned()),
        Err(Some(ReturnCode::AlreadyRefunded)),
        "nothing is left to refund"
    );
}

#[tokio::test]
async fn check_payment_status_through_every_outcome() {
    let (mock, client) = start().await;

    // waiting → authorized → completed
    let id = requested(&client, &tea("STATUS-OK")).await.transaction_id;
    assert_eq!(status(&client, id).await, PaymentStatus::Waiting);
    assert_eq!(PaymentStatus::Waiting.return_code(), ReturnCode::Success);
    mock.approve(id).unwrap();
    assert_eq!(status(&client, id).await, PaymentStatus::Authorized);
    client.send(&confirm_of(id, TEA_TOTAL)).await.unwrap();
    assert_eq!(status(&client, id).await, PaymentStatus::Completed);

    // cancelled by the customer: 0121
    let cancelled = requested(&client, &tea("STATUS-CANCEL"))
        .await
        .transaction_id;
    mock.cancel(cancelled).unwrap();
    let outcome = status(&client, cancelled).await;
    assert_eq!(outcome, PaymentStatus::CancelledOrExpired);
    assert_eq!(outcome.return_code().as_str(), "0121");
    assert!(outcome.is_final() && !outcome.should_confirm());

    // failed: 0122
    let failed = requested(&client, &tea("STATUS-FAIL")).await.transaction_id;
    mock.fail(failed).unwrap();
    let outcome = status(&client, failed).await;
    assert_eq!(outcome, PaymentStatus::Failed);
    assert_eq!(outcome.return_code().as_str(), "0122");

    // not approved within 20 minutes: 0121 as well
    let expired = requested(&client, &tea("STATUS-EXPIRE"))
        .await
        .transaction_id;
    mock.advance_clock(linepay_mock::APPROVAL_WINDOW + std::time::Duration::from_secs(1));
    assert_eq!(
        status(&client, expired).await,
        PaymentStatus::CancelledOrExpired
    );
    // The completed one stays completed.
    assert_eq!(status(&client, id).await, PaymentStatus::Completed);
    assert_eq!(mock.effects(Route::CheckPaymentStatus), 7);
}

#[tokio::test]
async fn pre_approved_payments_from_register_to_expire() {
    let (mock, client) = start().await;
    let request = with_payment(tea("PREAPPROVED-0"), None, Some(PayType::Preapproved));
    let id = approved(&mock, &client, &request).await;

    let confirmed = client.send(&confirm_of(id, TEA_TOTAL)).await.unwrap();
    let reg_key: RegKey = confirmed
        .reg_key
        .clone()
        .expect("PREAPPROVED returns a regKey");
    assert_eq!(reg_key.as_str().len(), 15);
    assert!(reg_key.as_str().starts_with("RK"));
    assert!(
        !format!("{confirmed:?}").contains(reg_key.as_str()),
        "Debug hides the key"
    );

    for credit_card_auth in [None, Some(false), Some(true)] {
        client
            .send(&CheckRegKey {
                reg_key: reg_key.clone(),
                credit_card_auth,
            })
            .await
            .unwrap_or_else(|e| panic!("CheckRegKey {credit_card_auth:?}: {e}"));
    }

    let charge = |order_id: &str, amount: i64, capture: Option<bool>| PayPreapproved {
        reg_key: reg_key.clone(),
        product_name: "月額プラン / monthly plan".to_owned(),
        amount: Amount::whole(amount),
        currency: Currency::Twd,
        order_id: order(order_id),
        capture,
    };
    let paid = client
        .send(&charge("PREAPPROVED-1", 300, None))
        .await
        .unwrap();
    assert_19_digits(paid.transaction_id);
    assert_ne!(paid.transaction_id, id);
    assert_eq!(
        paid.order_id.as_ref().map(|o| o.as_str()),
        Some("PREAPPROVED-1")
    );
    assert_eq!(paid.authorization_expire_date, None);
    assert!(paid.transaction_date.ends_with('Z'));
    let charged = detail(&client, paid.transaction_id).await;
    assert_eq!(charged.pay_status, Some(PayStatus::Capture));
    assert_eq!(charged.pay_info[0].method, PayMethod::CreditCard);
    assert_eq!(charged.pay_info[0].amount, Amount::whole(300));
    assert_eq!(
        charged.product_name.as_deref(),
        Some("月額プラン / monthly plan")
    );

    // Authorize only, then capture it.
    let authorized = client
        .send(&charge("PREAPPROVED-2", 120, Some(false)))
        .await
        .unwrap();
    assert!(authorized.authorization_expire_date.is_some());
    let capture = CapturePayment {
        transaction_id: authorized.transaction_id,
        amount: Amount::whole(120),
        currency: Currency::Twd,
    };
    client.send(&capture).await.unwrap();
    assert_eq!(
        detail(&client, authorized.transaction_id).await.pay_status,
        Some(PayStatus::Capture)
    );

    client
        .send(&ExpireRegKey {
            reg_key: reg_key.clone(),
        })
        .await
        .unwrap();
    let check = CheckRegKey {
        reg_key: reg_key.clone(),
        credit_card_auth: None,
    };
    let code = api_code(client.send(&check).await);
    assert_eq!(code, ReturnCode::RegKeyExpired);
    assert_eq!(code.as_str(), "1193");
    assert_eq!(
        api_code(client.send(&charge("PREAPPROVED-3", 100, None)).await),
        ReturnCode::RegKeyExpired
    );
    assert_eq!(
        api_code(client.send(&ExpireRegKey { reg_key }).await),
        ReturnCode::RegKeyExpired
    );
    // Neither refused call charged anything.
    assert_eq!(mock.ledger().len(), 3);
}

#[tokio::test]
async fn a_v4_client_is_served_and_signed_under_v4() {
    let mock = linepay_mock::MockServer::start().await.unwrap();
    let client: linepay::Client = linepay::Client::builder(mock.credentials())
        .environment(mock.environment())
        .api_version(ApiVersion::V4)
        .build();
    // v4's own Request (its body differs); every other call is the one declaration.
    let request = linepay::api::v4::RequestPayment::new(
        order("V4-1"),
        Currency::Twd,
        vec![linepay::api::v4::Package::new(
            "shop-1",
            vec![linepay::api::v4::Product::new(
                "Green tea",
                1,
                Amount::whole(TEA_TOTAL),
            )],
        )],
        linepay::api::v4::RedirectUrls::none(),
    );
    let prepared = client.prepare(&request).unwrap();
    assert_eq!(prepared.uri().path(), "/v4/payments/request");
    let id = client.send(&request).await.unwrap().transaction_id;
    mock.approve(id).unwrap();
    let confirmed = client.send(&confirm_of(id, TEA_TOTAL)).await.unwrap();
    assert_eq!(
        confirmed.payment_provider,
        Some(linepay::api::v4::PaymentProvider::Tsp)
    );
    assert_eq!(status(&client, id).await, PaymentStatus::Completed);
}

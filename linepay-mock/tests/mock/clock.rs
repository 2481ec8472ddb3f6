//! Time: unapproved requests expire after 20 minutes, authorizations after 7 days.

use std::time::Duration;

use linepay_core::api::v3::{
    CapturePayment, CheckPaymentStatus, ConfirmPayment, PayStatus, PayType, PaymentDetails,
    PaymentStatus, VoidPayment,
};
use linepay_core::{Amount, Currency, TransactionId};
use linepay_mock::{MockError, PaymentState};

use crate::common::*;

fn confirm(id: TransactionId) -> ConfirmPayment {
    ConfirmPayment {
        transaction_id: id,
        amount: Amount::whole(250),
        currency: Currency::Twd,
    }
}

#[tokio::test]
async fn an_unapproved_request_expires_after_20_minutes() {
    let (mock, client) = start().await;
    let id = requested(&client, &tea("CLOCK-1")).await.transaction_id;
    let status = CheckPaymentStatus { transaction_id: id };
    mock.advance_clock(Duration::from_secs(19 * 60));
    assert_eq!(client.send(&status).await.unwrap(), PaymentStatus::Waiting);
    mock.advance_clock(Duration::from_secs(61));
    assert_eq!(
        client.send(&status).await.unwrap(),
        PaymentStatus::CancelledOrExpired
    );
    assert_eq!(code(client.send(&confirm(id)).await), "1180");
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Expired);
    assert!(matches!(
        mock.approve(id),
        Err(MockError::NotWaiting {
            state: PaymentState::Expired,
            ..
        })
    ));
    let page = text(&plain(&mock, "GET", &format!("/web/payment/{id}"), "").await);
    assert!(page.contains("EXPIRED"));
    assert!(!page.contains("<form"));
}

#[tokio::test]
async fn an_authorization_expires_after_7_days() {
    let (mock, client) = start().await;
    let id = requested(
        &client,
        &with_payment(tea("CLOCK-2"), false, PayType::Normal),
    )
    .await
    .transaction_id;
    mock.approve(id).unwrap();
    let confirmed = client.send(&confirm(id)).await.unwrap();
    let expires = confirmed.authorization_expire_date.unwrap();
    mock.advance_clock(Duration::from_secs(7 * 24 * 3600 - 60));
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Authorized);
    mock.advance_clock(Duration::from_secs(61));
    let details = client
        .send(&PaymentDetails {
            transaction_id: vec![id],
            order_id: Vec::new(),
            fields: None,
        })
        .await
        .unwrap();
    assert_eq!(details[0].pay_status, Some(PayStatus::ExpiredAuthorization));
    assert_eq!(
        details[0].authorization_expire_date.as_deref(),
        Some(expires.as_str())
    );
    let capture = CapturePayment {
        transaction_id: id,
        amount: Amount::whole(250),
        currency: Currency::Twd,
    };
    assert_eq!(code(client.send(&capture).await), "1180");
    assert_eq!(
        code(client.send(&VoidPayment { transaction_id: id }).await),
        "1180"
    );
    assert_eq!(
        mock.payment(id).unwrap().state,
        PaymentState::AuthorizationExpired
    );
}

#[tokio::test]
async fn a_client_from_client_builder_reads_the_mock_clock() {
    use linepay_core::Clock;

    let (mock, client) = start().await;
    let before = client.clock().now();
    mock.advance_clock(Duration::from_secs(3600));
    let after = client.clock().now();
    assert!(after >= before + Duration::from_secs(3600));
    assert!(after <= mock.now());
    assert!(mock.clock().now() >= after);
}

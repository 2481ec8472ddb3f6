//! Each fault kind, and whether the effect was applied.

use std::time::Duration;

use linepay_core::api::v3::{ConfirmPayment, PaymentStatus};
use linepay_core::{Amount, Currency, Error, TransactionId};
use linepay_mock::{Fault, FaultKind, MockServer, PaymentState, Route};

use crate::common::*;

fn confirm(id: TransactionId) -> ConfirmPayment {
    ConfirmPayment {
        transaction_id: id,
        amount: Amount::whole(250),
        currency: Currency::Twd,
    }
}

/// A payment the customer approved, ready for Confirm.
async fn approved(mock: &MockServer, client: &TestClient, order: &str) -> TransactionId {
    let id = requested(client, &tea(order)).await.transaction_id;
    mock.approve(id).unwrap();
    id
}

#[tokio::test]
async fn drop_after_effect_confirms_but_never_answers() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "FAULT-DROP").await;
    mock.inject(Fault::once(Route::Confirm, FaultKind::DropAfterEffect));
    let result = client.send(&confirm(id)).await;
    let Err(Error::Transport(failure)) = result else {
        panic!("expected a transport error, got {result:?}")
    };
    assert_eq!(failure.0.kind(), std::io::ErrorKind::UnexpectedEof);
    assert_eq!(mock.requests(Route::Confirm), 1);
    assert_eq!(mock.effects(Route::Confirm), 1);
    let payment = mock.payment(id).unwrap();
    assert_eq!(payment.state, PaymentState::Captured);
    assert_eq!(payment.confirm_count, 1);
    // What recovery sees: completed; a blind re-send is refused.
    assert_eq!(status_of(&client, id).await, PaymentStatus::Completed);
    assert_eq!(code(client.send(&confirm(id)).await), "1172");
    assert_eq!(mock.effects(Route::Confirm), 1);
}

#[tokio::test]
async fn delay_fires_the_read_timeout_and_still_applies_the_effect() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "FAULT-DELAY").await;
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::Delay(Duration::from_millis(400)),
    ));
    let result = client
        .send_with_timeout(&confirm(id), Duration::from_millis(100))
        .await;
    let Err(Error::Transport(failure)) = result else {
        panic!("expected a timeout, got {result:?}")
    };
    assert!(linepay_core::TransportError::is_timeout(&failure));
    assert_eq!(mock.effects(Route::Confirm), 0);
    eventually(|| mock.effects(Route::Confirm) == 1).await;
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Captured);
}

#[tokio::test]
async fn a_second_call_while_the_first_is_in_flight_gets_1198() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "FAULT-INFLIGHT").await;
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::Delay(Duration::from_millis(400)),
    ));
    let first = {
        let client = client.clone();
        tokio::spawn(async move { client.send(&confirm(id)).await })
    };
    eventually(|| mock.requests(Route::Confirm) == 1).await;
    assert_eq!(code(client.send(&confirm(id)).await), "1198");
    let first = first.await.unwrap().unwrap();
    assert_eq!(first.transaction_id, id);
    assert_eq!(mock.effects(Route::Confirm), 1);
}

#[tokio::test]
async fn server_error_html_applies_nothing() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "FAULT-502").await;
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::ServerErrorHtml { status: 502 },
    ));
    let answer = send(mock.local_addr(), &client.prepare(&confirm(id)).unwrap())
        .await
        .unwrap();
    assert_eq!(answer.status(), 502);
    assert!(text(&answer).contains("<center>nginx</center>"));
    assert_eq!(mock.effects(Route::Confirm), 0);
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Approved);

    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::ServerErrorHtml { status: 503 },
    ));
    let result = client.send(&confirm(id)).await;
    let Err(Error::Http { status, snippet }) = result else {
        panic!("expected an HTTP error, got {result:?}")
    };
    assert_eq!(status, 503);
    assert!(snippet.contains("503"));
    // The fault is used up: the next Confirm goes through.
    client.send(&confirm(id)).await.unwrap();
    assert_eq!(mock.effects(Route::Confirm), 1);
}

#[tokio::test]
async fn truncated_json_applies_the_effect() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "FAULT-TRUNC").await;
    mock.inject(Fault::once(Route::Confirm, FaultKind::TruncatedJson));
    let result = client.send(&confirm(id)).await;
    assert!(matches!(result, Err(Error::Decode(_))), "{result:?}");
    assert_eq!(mock.effects(Route::Confirm), 1);
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Captured);
}

#[tokio::test]
async fn chosen_return_codes_for_a_number_of_calls() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "FAULT-CODE").await;
    mock.inject(Fault::new(
        Route::Confirm,
        2,
        FaultKind::ReturnCode("9000".to_owned()),
    ));
    // A fault on another route changes nothing here.
    mock.inject(Fault::once(Route::Refund, FaultKind::DropAfterEffect));
    assert_eq!(code(client.send(&confirm(id)).await), "9000");
    assert_eq!(code(client.send(&confirm(id)).await), "9000");
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Approved);
    assert_eq!(mock.effects(Route::Confirm), 0);
    client.send(&confirm(id)).await.unwrap();
    assert_eq!(mock.requests(Route::Confirm), 3);
    assert_eq!(mock.effects(Route::Confirm), 1);
    assert_eq!(mock.pending_faults().len(), 1);
    mock.clear_faults();
    assert!(mock.pending_faults().is_empty());
}

#[tokio::test]
async fn faults_skip_calls_that_fail_the_signature_check() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "FAULT-AUTH").await;
    mock.inject(Fault::once(Route::Confirm, FaultKind::DropAfterEffect));
    let mut forged = client.prepare(&confirm(id)).unwrap();
    forged.headers_mut().insert(
        linepay_core::signing::SIGNATURE_HEADER,
        http::HeaderValue::from_static("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
    );
    let answer = send(mock.local_addr(), &forged).await.unwrap();
    assert_eq!(return_code(&answer), "1106");
    assert_eq!(mock.pending_faults().len(), 1);
}

//! The worst faults: the effect is applied, then the answer is ambiguous (a 5xx page, a
//! return code, a `0000` whose `info` is unreadable), or the answer is lost and the effect
//! lands later on the mock's clock; and the landing limit of delayed calls.

use std::time::Duration;

use linepay_core::api::v3::{ConfirmPayment, PaymentDetails, RefundPayment};
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

fn details_of(id: TransactionId) -> PaymentDetails {
    PaymentDetails {
        transaction_id: vec![id],
        order_id: Vec::new(),
        fields: None,
    }
}

/// A payment the customer approved, ready for Confirm.
async fn approved(mock: &MockServer, client: &TestClient, order: &str) -> TransactionId {
    let id = requested(client, &tea(order)).await.transaction_id;
    mock.approve(id).unwrap();
    id
}

/// A confirmed (captured) payment of 250 TWD, ready for refunds.
async fn captured(mock: &MockServer, client: &TestClient, order: &str) -> TransactionId {
    let id = approved(mock, client, order).await;
    client.send(&confirm(id)).await.unwrap();
    id
}

/// The call got no answer at all: the connection closed without a response.
fn assert_no_answer<T: std::fmt::Debug>(result: Result<T, Error<TransportFailure>>) {
    let Err(Error::Transport(failure)) = result else {
        panic!("expected no answer, got {result:?}")
    };
    assert_eq!(failure.0.kind(), std::io::ErrorKind::UnexpectedEof);
}

/// The refunds of payment `id` in the ledger.
fn refunds(mock: &MockServer, id: TransactionId) -> usize {
    mock.payment(id).unwrap().refunds.len()
}

#[tokio::test]
async fn server_error_html_after_effect_applies_then_shows_the_page() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "WORST-502").await;
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::ServerErrorHtmlAfterEffect { status: 502 },
    ));
    let answer = send(mock.local_addr(), &client.prepare(&confirm(id)).unwrap())
        .await
        .unwrap();
    assert_eq!(answer.status(), 502);
    assert!(text(&answer).contains("<title>502 Bad Gateway</title>"));
    assert_eq!(mock.effects(Route::Confirm), 1);
    let payment = mock.payment(id).unwrap();
    assert_eq!(payment.state, PaymentState::Captured);
    assert_eq!(payment.confirm_count, 1);

    // Through the client: an HTTP error, and the refund is in the ledger once.
    mock.inject(Fault::once(
        Route::Refund,
        FaultKind::ServerErrorHtmlAfterEffect { status: 503 },
    ));
    let result = client
        .send(&RefundPayment::partial(id, Amount::whole(100)))
        .await;
    let Err(Error::Http { status, .. }) = result else {
        panic!("expected an HTTP error, got {result:?}")
    };
    assert_eq!(status, 503);
    assert_eq!(refunds(&mock, id), 1);
    assert_eq!(mock.effects(Route::Refund), 1);
}

#[tokio::test]
async fn return_code_after_effect_applies_then_answers_the_code() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "WORST-9000").await;
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::ReturnCodeAfterEffect("9000".to_owned()),
    ));
    assert_eq!(code(client.send(&confirm(id)).await), "9000");
    assert_eq!(mock.effects(Route::Confirm), 1);
    let payment = mock.payment(id).unwrap();
    assert_eq!(payment.state, PaymentState::Captured);
    assert_eq!(payment.confirm_count, 1);

    mock.inject(Fault::once(
        Route::Refund,
        FaultKind::ReturnCodeAfterEffect("1198".to_owned()),
    ));
    let refund = RefundPayment::partial(id, Amount::whole(100));
    let answer = send(mock.local_addr(), &client.prepare(&refund).unwrap())
        .await
        .unwrap();
    assert_eq!(return_code(&answer), "1198");
    assert!(json(&answer).get("info").is_none());
    assert_eq!(refunds(&mock, id), 1);
    assert_eq!(mock.effects(Route::Refund), 1);
}

#[tokio::test]
async fn malformed_info_applies_then_answers_0000_with_unreadable_info() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "WORST-INFO").await;
    mock.inject(Fault::once(Route::Confirm, FaultKind::MalformedInfo));
    let result = client.send(&confirm(id)).await;
    assert!(matches!(result, Err(Error::Decode(_))), "{result:?}");
    assert_eq!(mock.effects(Route::Confirm), 1);
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Captured);

    // On the wire: the code first and readable, `info` of the wrong type.
    mock.inject(Fault::once(Route::Refund, FaultKind::MalformedInfo));
    let refund = RefundPayment::partial(id, Amount::whole(100));
    let answer = send(mock.local_addr(), &client.prepare(&refund).unwrap())
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert!(
        text(&answer).starts_with(r#"{"returnCode":"0000","returnMessage":"#),
        "{}",
        text(&answer)
    );
    assert_eq!(json(&answer)["info"], "unavailable");
    assert_eq!(refunds(&mock, id), 1);
    assert_eq!(mock.effects(Route::Refund), 1);

    // A read: Payment Details answers 0000 with a string where its list belongs.
    mock.inject(Fault::once(Route::PaymentDetails, FaultKind::MalformedInfo));
    let result = client.send(&details_of(id)).await;
    assert!(matches!(result, Err(Error::Decode(_))), "{result:?}");

    // A call the ledger refuses keeps its own code: a 0000 would claim it happened.
    mock.inject(Fault::once(Route::Refund, FaultKind::MalformedInfo));
    let too_much = RefundPayment::partial(id, Amount::whole(200));
    assert_eq!(code(client.send(&too_much).await), "1164");
    assert_eq!(refunds(&mock, id), 1);
}

#[tokio::test]
async fn lands_late_applies_the_effect_when_the_mock_clock_reaches_it() {
    let (mock, client) = start().await;
    let id = captured(&mock, &client, "WORST-LATE").await;
    mock.inject(Fault::once(
        Route::Refund,
        FaultKind::LandsLate(Duration::from_secs(30)),
    ));
    assert_no_answer(
        client
            .send(&RefundPayment::partial(id, Amount::whole(100)))
            .await,
    );
    assert_eq!(refunds(&mock, id), 0);
    assert_eq!(mock.effects(Route::Refund), 0);
    assert_eq!(mock.pending_late_effects(), 1);

    mock.advance_clock(Duration::from_secs(25));
    assert_eq!(refunds(&mock, id), 0);
    let details = client.send(&details_of(id)).await.unwrap();
    assert!(details[0].refund_list.is_empty());

    // Due: the next read of the ledger (here an API call) sees it.
    mock.advance_clock(Duration::from_secs(5));
    let details = client.send(&details_of(id)).await.unwrap();
    assert_eq!(details[0].refund_list.len(), 1);
    assert_eq!(details[0].refund_list[0].refund_amount, Amount::whole(-100));
    let payment = mock.payment(id).unwrap();
    assert_eq!(payment.refunds.len(), 1);
    assert_eq!(payment.refundable, Amount::whole(150));
    assert_eq!(mock.effects(Route::Refund), 1);
    assert_eq!(mock.requests(Route::Refund), 1);
    assert_eq!(mock.pending_late_effects(), 0);
}

#[tokio::test]
async fn lands_late_is_capped_at_twice_the_read_timeout() {
    let (mock, client) = start().await;
    let id = captured(&mock, &client, "WORST-CAP").await;
    let limit = Route::Refund.read_timeout() * 2;
    assert_eq!(limit, Duration::from_secs(40));
    mock.inject(Fault::once(
        Route::Refund,
        FaultKind::LandsLate(Duration::from_secs(3600)),
    ));
    assert_no_answer(client.send(&RefundPayment::full(id)).await);
    mock.advance_clock(limit - Duration::from_secs(5));
    assert_eq!(refunds(&mock, id), 0);
    assert_eq!(mock.pending_late_effects(), 1);
    mock.advance_clock(Duration::from_secs(5));
    assert_eq!(mock.pending_late_effects(), 0);
    let payment = mock.payment(id).unwrap();
    assert_eq!(payment.state, PaymentState::Refunded);
    assert_eq!(payment.refunds.len(), 1);
    assert_eq!(mock.effects(Route::Refund), 1);
}

#[tokio::test]
async fn a_late_refund_does_not_hold_the_transaction() {
    let (mock, client) = start().await;
    let id = captured(&mock, &client, "WORST-TWICE").await;
    mock.inject(Fault::once(
        Route::Refund,
        FaultKind::LandsLate(Duration::from_secs(20)),
    ));
    let refund = RefundPayment::partial(id, Amount::whole(100));
    assert_no_answer(client.send(&refund).await);
    // The hostile case: a blind re-send is not refused with 1198, it goes through...
    client.send(&refund).await.unwrap();
    assert_eq!(refunds(&mock, id), 1);
    // ...and then the first one lands too: refunded twice.
    mock.advance_clock(Duration::from_secs(20));
    let payment = mock.payment(id).unwrap();
    assert_eq!(payment.refunds.len(), 2);
    assert_eq!(payment.refundable, Amount::whole(50));
    assert_eq!(mock.effects(Route::Refund), 2);
}

#[tokio::test]
async fn a_late_effect_the_ledger_refuses_is_not_applied() {
    let (mock, client) = start().await;
    let id = captured(&mock, &client, "WORST-REFUSED").await;
    mock.inject(Fault::once(
        Route::Refund,
        FaultKind::LandsLate(Duration::from_secs(10)),
    ));
    assert_no_answer(client.send(&RefundPayment::full(id)).await);
    client.send(&RefundPayment::full(id)).await.unwrap();
    mock.advance_clock(Duration::from_secs(10));
    // Nothing is left to refund when it lands (1165): it changes nothing.
    assert_eq!(mock.pending_late_effects(), 0);
    let payment = mock.payment(id).unwrap();
    assert_eq!(payment.refunds.len(), 1);
    assert_eq!(payment.state, PaymentState::Refunded);
    assert_eq!(mock.effects(Route::Refund), 1);
}

#[tokio::test]
async fn a_delayed_call_past_the_landing_limit_is_abandoned() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "WORST-ABANDON").await;
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::Delay(Duration::from_millis(300)),
    ));
    let request = client.prepare(&confirm(id)).unwrap();
    let address = mock.local_addr();
    let delayed = tokio::spawn(async move { send(address, &request).await });
    eventually(|| mock.requests(Route::Confirm) == 1).await;
    // While it waits, the clock passes twice Confirm's read timeout (80 s).
    mock.advance_clock(Route::Confirm.read_timeout() * 2 + Duration::from_secs(1));
    let answer = delayed.await.unwrap().unwrap();
    assert_eq!(return_code(&answer), "9000");
    assert_eq!(mock.effects(Route::Confirm), 0);
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Approved);
    // No longer in flight: a new Confirm goes through.
    client.send(&confirm(id)).await.unwrap();
    assert_eq!(mock.effects(Route::Confirm), 1);
}

#[tokio::test]
async fn a_delayed_call_within_the_landing_limit_still_lands() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "WORST-WITHIN").await;
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::Delay(Duration::from_millis(300)),
    ));
    let request = client.prepare(&confirm(id)).unwrap();
    let address = mock.local_addr();
    let delayed = tokio::spawn(async move { send(address, &request).await });
    eventually(|| mock.requests(Route::Confirm) == 1).await;
    mock.advance_clock(Route::Confirm.read_timeout() * 2 - Duration::from_secs(10));
    let answer = delayed.await.unwrap().unwrap();
    assert_eq!(return_code(&answer), "0000");
    assert_eq!(mock.effects(Route::Confirm), 1);
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Captured);
}

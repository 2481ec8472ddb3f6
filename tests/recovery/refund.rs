//! Refund: every verdict path of `refund_or_recover` and `recheck_refund`.

use std::time::Duration;

use linepay::api::v3::RefundPayment;
use linepay::recovery::RefundReceipt;
use linepay::{Amount, RefundOutcome, ReturnCode, TransportError};
use linepay_mock::{Fault, FaultKind, MockServer, Route};

use crate::support::*;

#[tokio::test]
async fn a_refund_applied_then_dropped_is_recovered_with_its_own_id() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "REFUND-DROP", false).await;
    mock.inject(Fault::once(Route::Refund, FaultKind::DropAfterEffect));

    let refund = RefundPayment::partial(id, Amount::whole(100));
    let outcome = client.refund_or_recover(&refund).await.expect("an outcome");
    let RefundOutcome::Refunded(receipt) = outcome else {
        panic!("expected Refunded, got {outcome:?}");
    };
    let ledger = refunds(&mock, id);
    assert_eq!(ledger.len(), 1, "exactly one refund: {ledger:?}");
    assert!(
        matches!(&receipt, RefundReceipt::Recovered(entry) if entry.refund_amount == Amount::whole(-100))
    );
    assert_ne!(
        receipt.refund_transaction_id(),
        Some(id),
        "the refund's id, not the payment's"
    );
    assert_eq!(receipt.refund_transaction_id(), Some(ledger[0].0));
    assert_eq!(receipt.amount(), Some(Amount::whole(100)));
    assert!(receipt.refund_transaction_date().is_some());
    assert_eq!(mock.requests(Route::Refund), 1);
}

/// The effect applied, then any answer but a clean one: recovered with the refund's own id.
#[tokio::test]
async fn an_applied_refund_whatever_its_answer_is_recovered() {
    let (mock, client) = start().await;
    let faults = [
        FaultKind::TruncatedJson,
        FaultKind::MalformedInfo,
        FaultKind::ServerErrorHtmlAfterEffect { status: 502 },
        FaultKind::ReturnCodeAfterEffect("9000".to_owned()),
        FaultKind::ReturnCodeAfterEffect("1198".to_owned()),
    ];
    for (n, fault) in faults.into_iter().enumerate() {
        let id = confirmed(&mock, &client, &format!("REFUND-APPLIED-{n}"), false).await;
        mock.inject(Fault::once(Route::Refund, fault.clone()));
        let refund = RefundPayment::partial(id, Amount::whole(30));
        let outcome = client.refund_or_recover(&refund).await.expect("an outcome");
        let RefundOutcome::Refunded(RefundReceipt::Recovered(entry)) = outcome else {
            panic!("{fault:?}: expected Refunded(Recovered), got {outcome:?}");
        };
        assert_eq!(
            refunds(&mock, id),
            [(entry.refund_transaction_id, Amount::whole(30))]
        );
    }
}

/// A `0000` whose details cannot be read, while Payment Details fails too: refunded, and the
/// refund's id is read later.
#[tokio::test]
async fn a_0000_stays_refunded_when_the_details_cannot_be_read() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "REFUND-0000-UNREAD", false).await;
    let refund = RefundPayment::partial(id, Amount::whole(60));
    // The read before the refund is not faulted; the one after is.
    let details_before = mock.requests(Route::PaymentDetails);
    mock.inject(Fault::once(Route::Refund, FaultKind::MalformedInfo));
    let failing_details = Fault::new(
        Route::PaymentDetails,
        20,
        FaultKind::ServerErrorHtml { status: 503 },
    );
    let outcome = injecting_after(
        &mock,
        Route::Refund,
        failing_details,
        client.refund_or_recover(&refund),
    )
    .await
    .expect("an outcome");
    assert!(mock.requests(Route::PaymentDetails) > details_before);
    let RefundOutcome::Refunded(RefundReceipt::SuccessUnread(pending)) = outcome else {
        panic!("expected Refunded(SuccessUnread), got {outcome:?}");
    };
    assert!(pending.lost().is_success_unread());
    // Even past the window, a refund LINE Pay answered 0000 is never "not refunded".
    close_window(&mock, pending.lost());
    let still = client.recheck_refund(pending).await;
    let RefundOutcome::Refunded(RefundReceipt::SuccessUnread(pending)) = still else {
        panic!("expected Refunded(SuccessUnread), got {still:?}");
    };
    mock.clear_faults();
    let later = client.recheck_refund(pending).await;
    let RefundOutcome::Refunded(receipt @ RefundReceipt::Recovered(_)) = later else {
        panic!("expected Refunded(Recovered), got {later:?}");
    };
    assert_eq!(
        refunds(&mock, id),
        [(receipt.refund_transaction_id().unwrap(), Amount::whole(60))]
    );
}

/// The refund's answer was lost and Payment Details fails too: `Unknown`, with the record;
/// rechecking once Payment Details answers finds the refund.
#[tokio::test]
async fn when_the_question_after_a_lost_refund_fails_too_it_is_unknown() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "REFUND-UNKNOWN", false).await;
    let refund = RefundPayment::partial(id, Amount::whole(20));
    mock.inject(Fault::once(Route::Refund, FaultKind::DropAfterEffect));
    let failing_details = Fault::new(
        Route::PaymentDetails,
        20,
        FaultKind::ReturnCode("9000".to_owned()),
    );
    let outcome = injecting_after(
        &mock,
        Route::Refund,
        failing_details,
        client.refund_or_recover(&refund),
    )
    .await
    .expect("an outcome");
    let RefundOutcome::Unknown { pending, recovery } = outcome else {
        panic!("expected Unknown, got {outcome:?}");
    };
    assert_eq!(recovery.return_code(), Some(&ReturnCode::InternalError));
    assert_eq!(pending.refund(), refund);
    // Unknown is not "not refunded", even once the window has closed.
    close_window(&mock, pending.lost());
    let still = client.recheck_refund(pending).await;
    let RefundOutcome::Unknown { pending, .. } = still else {
        panic!("Payment Details still fails: expected Unknown, got {still:?}");
    };
    mock.clear_faults();
    let later = client.recheck_refund(pending).await;
    let RefundOutcome::Refunded(receipt @ RefundReceipt::Recovered(_)) = later else {
        panic!("expected Refunded(Recovered), got {later:?}");
    };
    assert_eq!(
        refunds(&mock, id),
        [(receipt.refund_transaction_id().unwrap(), Amount::whole(20))]
    );
    assert_eq!(mock.requests(Route::Refund), 1);
}

/// "Not refunded" is judged by the time *before* Payment Details was asked: a question sent
/// while the window was open, answered after it closed, finds nothing and still says
/// `InProgress` (the refund could have landed while the question was on its way).
#[tokio::test]
async fn a_question_asked_inside_the_window_cannot_close_it() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "REFUND-ASKED-INSIDE", false).await;
    mock.inject(Fault::once(
        Route::Refund,
        FaultKind::ServerErrorHtml { status: 502 },
    ));
    let refund = RefundPayment::partial(id, Amount::whole(20));
    let RefundOutcome::InProgress(pending) =
        client.refund_or_recover(&refund).await.expect("an outcome")
    else {
        panic!("a 502 may still land");
    };
    // 10 s before the window closes, a question that takes 15 s (on the mock's clock).
    let window = *pending.lost().window();
    let open_for = window.closes_at().duration_since(mock.now()).unwrap();
    mock.advance_clock(open_for - Duration::from_secs(10));
    mock.inject(Fault::once(
        Route::PaymentDetails,
        FaultKind::Delay(Duration::from_millis(200)),
    ));
    let asked = mock.requests(Route::PaymentDetails);
    let slow_clock = async {
        while mock.requests(Route::PaymentDetails) == asked {
            tokio::task::yield_now().await;
        }
        mock.advance_clock(Duration::from_secs(15));
    };
    let (outcome, ()) = tokio::join!(client.recheck_refund(pending), slow_clock);
    assert!(
        !window.is_open_at(mock.now()),
        "the window closed meanwhile"
    );
    let RefundOutcome::InProgress(pending) = outcome else {
        panic!("asked inside the window: expected InProgress, got {outcome:?}");
    };
    // Asked again, now after the window closed: not refunded.
    let outcome = client.recheck_refund(pending).await;
    assert!(
        matches!(outcome, RefundOutcome::NotRefunded(_)),
        "{outcome:?}"
    );
    assert!(refunds(&mock, id).is_empty());
}

/// Two partial refunds of the same amount: the lost answer of the second is the second
/// refund, not the first.
#[tokio::test]
async fn the_second_of_two_equal_partial_refunds_is_recovered_as_the_second() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "REFUND-TWICE", false).await;
    let refund = RefundPayment::partial(id, Amount::whole(50));

    let first = client.refund_or_recover(&refund).await.expect("an outcome");
    let RefundOutcome::Refunded(RefundReceipt::Answered(first)) = first else {
        panic!("expected Refunded(Answered), got {first:?}");
    };
    mock.inject(Fault::once(Route::Refund, FaultKind::DropAfterEffect));
    let second = client.refund_or_recover(&refund).await.expect("an outcome");
    let RefundOutcome::Refunded(second) = second else {
        panic!("expected Refunded, got {second:?}");
    };

    let ledger = refunds(&mock, id);
    assert_eq!(ledger.len(), 2, "{ledger:?}");
    assert_eq!(ledger[0].0, first.refund_transaction_id);
    assert!(second.is_recovered());
    assert_eq!(second.refund_transaction_id(), Some(ledger[1].0));
    assert_eq!(second.amount(), Some(Amount::whole(50)));
}

/// A full refund after a partial one: the lost refund is what was left.
#[tokio::test]
async fn a_full_refund_applied_then_cut_short_is_recovered() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "REFUND-FULL", false).await;
    client
        .send(&RefundPayment::partial(id, Amount::whole(50)))
        .await
        .expect("a partial refund");
    mock.inject(Fault::once(Route::Refund, FaultKind::TruncatedJson));

    let outcome = client
        .refund_or_recover(&RefundPayment::full(id))
        .await
        .expect("an outcome");
    let RefundOutcome::Refunded(receipt) = outcome else {
        panic!("expected Refunded, got {outcome:?}");
    };
    let ledger = refunds(&mock, id);
    assert_eq!(ledger.len(), 2, "{ledger:?}");
    assert_eq!(receipt.refund_transaction_id(), Some(ledger[1].0));
    assert_eq!(receipt.amount(), Some(Amount::whole(TOTAL - 50)));
}

/// A refund that times out while LINE Pay still works on it: `InProgress` (never "re-send"),
/// and asking again once it landed finds it.
#[tokio::test]
async fn a_refund_that_times_out_is_in_progress_and_found_when_rechecked() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = impatient(&mock);
    let id = confirmed(&mock, &client, "REFUND-SLOW", false).await;
    mock.inject(Fault::once(Route::Refund, FaultKind::Delay(LONG_DELAY)));
    let refund = RefundPayment::partial(id, Amount::whole(70));

    let outcome = client.refund_or_recover(&refund).await.expect("an outcome");
    let RefundOutcome::InProgress(pending) = outcome else {
        panic!("expected InProgress, got {outcome:?}");
    };
    assert!(transport(cause(pending.lost())).is_timeout());
    assert_eq!(pending.refund(), refund);
    assert_eq!(pending.expected_amount(), Some(Amount::whole(70)));
    assert!(pending.known_refunds().is_empty());

    tokio::time::sleep(LONG_DELAY).await;
    let outcome = client.recheck_refund(pending).await;
    let RefundOutcome::Refunded(receipt) = outcome else {
        panic!("expected Refunded, got {outcome:?}");
    };
    assert_eq!(
        refunds(&mock, id),
        [(receipt.refund_transaction_id().unwrap(), Amount::whole(70))]
    );
    assert_eq!(mock.requests(Route::Refund), 1);
}

/// A refund landing late, up to twice Refund's read timeout after its answer was lost: in
/// progress until then, found after; never "not refunded" in between.
#[tokio::test]
async fn a_refund_landing_late_is_in_progress_until_it_lands() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "REFUND-LATE", false).await;
    mock.inject(Fault::once(
        Route::Refund,
        FaultKind::LandsLate(Duration::from_secs(40)),
    ));
    let refund = RefundPayment::partial(id, Amount::whole(40));

    let RefundOutcome::InProgress(mut pending) =
        client.refund_or_recover(&refund).await.expect("an outcome")
    else {
        panic!("expected InProgress");
    };
    for _ in 0..7 {
        mock.advance_clock(Duration::from_secs(5));
        pending = match client.recheck_refund(pending).await {
            RefundOutcome::InProgress(pending) => pending,
            other => panic!("before it lands, only InProgress: {other:?}"),
        };
    }
    mock.advance_clock(Duration::from_secs(6));
    let outcome = client.recheck_refund(pending).await;
    let RefundOutcome::Refunded(receipt) = outcome else {
        panic!("expected Refunded, got {outcome:?}");
    };
    assert_eq!(
        refunds(&mock, id),
        [(receipt.refund_transaction_id().unwrap(), Amount::whole(40))]
    );
}

/// `1900`: LINE Pay says the refund was not applied and may be sent again. The client's
/// retry policy re-sends it once by itself; when that is spent, the outcome says so.
#[tokio::test]
async fn a_refund_answered_1900_is_not_refunded_at_once() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = mock
        .client_builder()
        .retry_policy(linepay::RetryPolicy::none())
        .build_with(linepay::HyperTransport::new());
    let id = confirmed(&mock, &client, "REFUND-1900", false).await;
    mock.inject(Fault::once(
        Route::Refund,
        FaultKind::ReturnCode("1900".to_owned()),
    ));
    let refund = RefundPayment::partial(id, Amount::whole(10));

    let outcome = client.refund_or_recover(&refund).await.expect("an outcome");
    let RefundOutcome::NotRefunded(pending) = outcome else {
        panic!("expected NotRefunded, got {outcome:?}");
    };
    assert_eq!(
        cause(pending.lost()).return_code(),
        Some(&ReturnCode::TemporaryError)
    );
    assert!(!pending.lost().window().is_open_at(mock.now()));
    assert!(refunds(&mock, id).is_empty());
}

/// The read before the refund fails: the refund is not sent.
#[tokio::test]
async fn no_refund_is_sent_without_the_list_of_earlier_refunds() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "REFUND-NO-BASELINE", false).await;
    mock.inject(Fault::new(
        Route::PaymentDetails,
        20,
        FaultKind::ReturnCode("9000".to_owned()),
    ));

    let error = client
        .refund_or_recover(&RefundPayment::full(id))
        .await
        .expect_err("the read failed");
    assert_eq!(error.return_code(), Some(&ReturnCode::InternalError));
    assert_eq!(mock.requests(Route::Refund), 0);
}

#[tokio::test]
async fn clear_refund_refusals_are_returned_unchanged() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "REFUND-1164", false).await;
    let error = client
        .refund_or_recover(&RefundPayment::partial(id, Amount::whole(TOTAL + 1)))
        .await
        .expect_err("1164 is a clear answer");
    assert_eq!(error.return_code(), Some(&ReturnCode::RefundAmountExceeded));
    assert!(refunds(&mock, id).is_empty());
}

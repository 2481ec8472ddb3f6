//! Capture: every verdict path of `capture_or_recover` and `recheck_capture`.

use std::time::Duration;

use linepay::api::v3::{CapturePayment, PayStatus, VoidPayment};
use linepay::recovery::CaptureReceipt;
use linepay::{Amount, CaptureOutcome, Failure, ReturnCode};
use linepay_mock::{Fault, FaultKind, PaymentState, Route};

use crate::support::*;

#[tokio::test]
async fn a_capture_applied_then_dropped_is_recovered() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "CAPTURE-DROP", true).await;
    mock.inject(Fault::once(Route::Capture, FaultKind::DropAfterEffect));

    let outcome = client
        .capture_or_recover(&capture_of(id))
        .await
        .expect("an outcome");
    let CaptureOutcome::Captured(receipt) = outcome else {
        panic!("expected Captured, got {outcome:?}");
    };
    assert!(
        matches!(&receipt, CaptureReceipt::Recovered(detail) if detail.pay_status == Some(PayStatus::Capture))
    );
    assert_eq!(receipt.transaction_id(), id);
    assert_eq!(receipt.pay_info()[0].amount, Amount::whole(TOTAL));
    assert_eq!(mock.requests(Route::Capture), 1);
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Captured);
}

/// A 502 page with nothing applied: in progress until the window (3 × 60 s) closes, then
/// "not captured"; capturing again works, and once more is read back, not captured twice.
#[tokio::test]
async fn a_502_capture_is_not_captured_once_the_window_closed() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "CAPTURE-502", true).await;
    mock.inject(Fault::once(
        Route::Capture,
        FaultKind::ServerErrorHtml { status: 502 },
    ));

    let outcome = client
        .capture_or_recover(&capture_of(id))
        .await
        .expect("an outcome");
    let CaptureOutcome::InProgress { pending } = outcome else {
        panic!("expected InProgress, got {outcome:?}");
    };
    assert!(is_http(cause(pending.lost()), 502));
    let window = pending.lost().window();
    assert_eq!(
        window.closes_at().duration_since(window.sent_at()).unwrap(),
        Duration::from_secs(180)
    );
    close_window(&mock, pending.lost());
    let outcome = client.recheck_capture(pending).await;
    let CaptureOutcome::NotCaptured { pending } = outcome else {
        panic!("expected NotCaptured, got {outcome:?}");
    };
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Authorized);

    let again = client
        .capture_or_recover(&pending.capture())
        .await
        .expect("an outcome");
    assert!(
        matches!(&again, CaptureOutcome::Captured(CaptureReceipt::Answered(info)) if info.transaction_id == id),
        "{again:?}"
    );
    let third = client
        .capture_or_recover(&capture_of(id))
        .await
        .expect("an outcome");
    assert!(
        matches!(&third, CaptureOutcome::Captured(receipt) if receipt.is_recovered()),
        "{third:?}"
    );
    assert_eq!(mock.effects(Route::Capture), 1);
}

/// The effect applied, then the answer garbled or replaced: recovered from Payment Details.
#[tokio::test]
async fn an_applied_capture_whatever_its_answer_is_recovered() {
    let (mock, client) = start().await;
    let faults = [
        FaultKind::TruncatedJson,
        FaultKind::MalformedInfo,
        FaultKind::ServerErrorHtmlAfterEffect { status: 500 },
        FaultKind::ReturnCodeAfterEffect("9000".to_owned()),
    ];
    for (n, fault) in faults.into_iter().enumerate() {
        let id = confirmed(&mock, &client, &format!("CAPTURE-APPLIED-{n}"), true).await;
        mock.inject(Fault::once(Route::Capture, fault.clone()));
        let outcome = client
            .capture_or_recover(&capture_of(id))
            .await
            .expect("an outcome");
        assert!(
            matches!(
                &outcome,
                CaptureOutcome::Captured(CaptureReceipt::Recovered(_))
            ),
            "{fault:?}: {outcome:?}"
        );
    }
    assert_eq!(mock.effects(Route::Capture), 4);
}

/// A `0000` whose details cannot be read, Payment Details failing too: captured.
#[tokio::test]
async fn a_0000_stays_captured_when_the_details_cannot_be_read() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "CAPTURE-0000-UNREAD", true).await;
    mock.inject(Fault::once(Route::Capture, FaultKind::TruncatedJson));
    mock.inject(Fault::new(
        Route::PaymentDetails,
        20,
        FaultKind::ReturnCode("9000".to_owned()),
    ));

    let outcome = client
        .capture_or_recover(&capture_of(id))
        .await
        .expect("an outcome");
    let CaptureOutcome::Captured(CaptureReceipt::SuccessUnread(pending)) = outcome else {
        panic!("expected Captured(SuccessUnread), got {outcome:?}");
    };
    assert_eq!(pending.capture(), capture_of(id));
    mock.clear_faults();
    let later = client.recheck_capture(pending).await;
    assert!(
        matches!(
            later,
            CaptureOutcome::Captured(CaptureReceipt::Recovered(_))
        ),
        "{later:?}"
    );
}

/// The Capture's answer was lost and Payment Details fails too: `Unknown`, never "not
/// captured"; rechecking once Payment Details answers finds the capture.
#[tokio::test]
async fn when_the_question_after_a_lost_capture_fails_too_it_is_unknown() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "CAPTURE-UNKNOWN", true).await;
    mock.inject(Fault::once(Route::Capture, FaultKind::DropAfterEffect));
    mock.inject(Fault::new(
        Route::PaymentDetails,
        20,
        FaultKind::ServerErrorHtml { status: 502 },
    ));

    let outcome = client
        .capture_or_recover(&capture_of(id))
        .await
        .expect("an outcome");
    let CaptureOutcome::Unknown { pending, recovery } = outcome else {
        panic!("expected Unknown, got {outcome:?}");
    };
    assert!(is_http(&recovery, 502), "{recovery:?}");
    close_window(&mock, pending.lost());
    let still = client.recheck_capture(pending).await;
    let CaptureOutcome::Unknown { pending, .. } = still else {
        panic!("Payment Details still fails: expected Unknown, got {still:?}");
    };
    mock.clear_faults();
    let later = client.recheck_capture(pending).await;
    assert!(
        matches!(
            later,
            CaptureOutcome::Captured(CaptureReceipt::Recovered(_))
        ),
        "{later:?}"
    );
    assert_eq!(mock.requests(Route::Capture), 1);
}

/// LINE Pay's `1198` on Capture ("re-authorizing, repeat after several minutes").
#[tokio::test]
async fn a_1198_capture_is_in_progress() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "CAPTURE-1198", true).await;
    mock.inject(Fault::once(
        Route::Capture,
        FaultKind::ReturnCode("1198".to_owned()),
    ));

    let outcome = client
        .capture_or_recover(&capture_of(id))
        .await
        .expect("an outcome");
    let CaptureOutcome::InProgress { pending } = outcome else {
        panic!("expected InProgress, got {outcome:?}");
    };
    assert_eq!(
        cause(pending.lost()).return_code(),
        Some(&ReturnCode::DuplicateRequest)
    );
}

/// A capture landing after its answer was lost, up to twice Capture's read timeout later.
#[tokio::test]
async fn a_capture_landing_late_is_in_progress_then_found() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "CAPTURE-LATE", true).await;
    mock.inject(Fault::once(
        Route::Capture,
        FaultKind::LandsLate(Duration::from_secs(120)),
    ));

    let outcome = client
        .capture_or_recover(&capture_of(id))
        .await
        .expect("an outcome");
    let CaptureOutcome::InProgress { pending } = outcome else {
        panic!("expected InProgress, got {outcome:?}");
    };
    mock.advance_clock(Duration::from_secs(119));
    let CaptureOutcome::InProgress { pending } = client.recheck_capture(pending).await else {
        panic!("not landed yet");
    };
    mock.advance_clock(Duration::from_secs(2));
    let outcome = client.recheck_capture(pending).await;
    assert!(
        matches!(
            outcome,
            CaptureOutcome::Captured(CaptureReceipt::Recovered(_))
        ),
        "{outcome:?}"
    );
    assert_eq!(mock.effects(Route::Capture), 1);
}

#[tokio::test]
async fn capturing_a_voided_authorization_has_failed() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "CAPTURE-VOIDED", true).await;
    client
        .send(&VoidPayment { transaction_id: id })
        .await
        .expect("Void succeeds");

    let outcome = client
        .capture_or_recover(&capture_of(id))
        .await
        .expect("an outcome");
    assert!(
        matches!(
            &outcome,
            CaptureOutcome::Failed(Failure::PayStatus(PayStatus::VoidedAuthorization))
        ),
        "{outcome:?}"
    );
    assert_eq!(mock.effects(Route::Capture), 0);
}

#[tokio::test]
async fn an_auto_cancelled_capture_has_failed_without_asking() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "CAPTURE-1280", true).await;
    let details_before = mock.requests(Route::PaymentDetails);
    mock.inject(Fault::once(
        Route::Capture,
        FaultKind::ReturnCode("1280".to_owned()),
    ));

    let outcome = client
        .capture_or_recover(&capture_of(id))
        .await
        .expect("an outcome");
    let CaptureOutcome::Failed(failure) = outcome else {
        panic!("expected Failed, got {outcome:?}");
    };
    assert!(
        matches!(&failure, Failure::AutoCancelled(error) if error.code() == &ReturnCode::CardTemporaryError)
    );
    assert!(
        failure
            .to_string()
            .starts_with("LINE Pay cancelled the payment automatically")
    );
    assert_eq!(mock.requests(Route::PaymentDetails), details_before);
}

#[tokio::test]
async fn a_capture_of_another_amount_is_returned_unchanged() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "CAPTURE-1153", true).await;
    let too_much = CapturePayment {
        amount: Amount::whole(TOTAL + 1),
        ..capture_of(id)
    };
    let error = client
        .capture_or_recover(&too_much)
        .await
        .expect_err("1153 is a clear answer");
    assert_eq!(error.return_code(), Some(&ReturnCode::AmountMismatch));
}

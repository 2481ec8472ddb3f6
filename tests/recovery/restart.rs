//! Recovery survives a restart: the pending records serialize, a new process with a new
//! client rechecks them and gets the right verdict.

use std::time::Duration;

use linepay::api::v3::RefundPayment;
use linepay::recovery::{PendingCapture, PendingConfirm, PendingRefund, RefundReceipt};
use linepay::{Amount, CaptureOutcome, ConfirmOutcome, RefundOutcome};
use linepay_mock::{Fault, FaultKind, Route};

use crate::support::*;

/// A refund still in progress is stored as JSON; the process (and its client) goes away; a
/// new client reads the record back and rechecks: in progress while it may land, refunded
/// once it has, and the same refund again after a window that closed with nothing listed.
#[tokio::test]
async fn a_pending_refund_is_rechecked_by_a_new_client_after_a_restart() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "RESTART-REFUND", false).await;
    mock.inject(Fault::once(
        Route::Refund,
        FaultKind::LandsLate(Duration::from_secs(30)),
    ));
    let refund = RefundPayment::partial(id, Amount::whole(80));
    let RefundOutcome::InProgress(pending) =
        client.refund_or_recover(&refund).await.expect("an outcome")
    else {
        panic!("expected InProgress");
    };
    let stored = serde_json::to_string(&pending).expect("serializes");
    drop(pending);
    drop(client);

    let restarted = client_for(&mock);
    let pending: PendingRefund = serde_json::from_str(&stored).expect("deserializes");
    assert!(
        pending.lost().error().is_none(),
        "the live error stays with the old process"
    );
    assert!(
        pending.lost().cause().contains("transport"),
        "{}",
        pending.lost().cause()
    );
    let RefundOutcome::InProgress(pending) = restarted.recheck_refund(pending).await else {
        panic!("not landed yet");
    };
    mock.advance_clock(Duration::from_secs(31));
    let stored = serde_json::to_string(&pending).expect("serializes");
    let pending: PendingRefund = serde_json::from_str(&stored).expect("deserializes");
    let outcome = restarted.recheck_refund(pending).await;
    let RefundOutcome::Refunded(receipt @ RefundReceipt::Recovered(_)) = outcome else {
        panic!("expected Refunded(Recovered), got {outcome:?}");
    };
    assert_eq!(
        refunds(&mock, id),
        [(receipt.refund_transaction_id().unwrap(), Amount::whole(80))]
    );
}

#[tokio::test]
async fn a_stored_refund_whose_window_closed_with_nothing_listed_is_not_refunded() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "RESTART-NOT", false).await;
    mock.inject(Fault::once(
        Route::Refund,
        FaultKind::ReturnCode("9000".to_owned()),
    ));
    let RefundOutcome::InProgress(pending) = client
        .refund_or_recover(&RefundPayment::full(id))
        .await
        .expect("an outcome")
    else {
        panic!("expected InProgress");
    };
    let stored = serde_json::to_value(&pending).expect("serializes");
    assert_eq!(stored["expectedAmount"], serde_json::json!(TOTAL));
    drop(client);

    close_window(&mock, pending.lost());
    let restarted = client_for(&mock);
    let pending: PendingRefund = serde_json::from_value(stored).expect("deserializes");
    let RefundOutcome::NotRefunded(pending) = restarted.recheck_refund(pending).await else {
        panic!("the window closed with nothing listed");
    };
    assert_eq!(pending.refund(), RefundPayment::full(id));
    assert!(refunds(&mock, id).is_empty());
}

#[tokio::test]
async fn a_pending_confirm_is_rechecked_by_a_new_client_after_a_restart() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "RESTART-CONFIRM", false).await;
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::LandsLate(Duration::from_secs(50)),
    ));
    let ConfirmOutcome::InProgress { pending, .. } = client
        .confirm_or_recover(&confirm_of(id))
        .await
        .expect("an outcome")
    else {
        panic!("expected InProgress");
    };
    let stored = serde_json::to_string(&pending).expect("serializes");
    drop(client);

    mock.advance_clock(Duration::from_secs(51));
    let restarted = client_for(&mock);
    let pending: PendingConfirm = serde_json::from_str(&stored).expect("deserializes");
    assert_eq!(pending.confirm(), confirm_of(id));
    let outcome = restarted.recheck_confirm(pending).await;
    assert!(
        matches!(outcome, ConfirmOutcome::Confirmed(ref proof) if proof.is_recovered()),
        "{outcome:?}"
    );
    assert_eq!(confirm_count(&mock, id), 1);
}

#[tokio::test]
async fn a_pending_capture_is_rechecked_by_a_new_client_after_a_restart() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "RESTART-CAPTURE", true).await;
    mock.inject(Fault::once(
        Route::Capture,
        FaultKind::ServerErrorHtml { status: 502 },
    ));
    let CaptureOutcome::InProgress { pending } = client
        .capture_or_recover(&capture_of(id))
        .await
        .expect("an outcome")
    else {
        panic!("expected InProgress");
    };
    let stored = serde_json::to_string(&pending).expect("serializes");
    drop(client);

    let restarted = client_for(&mock);
    let pending: PendingCapture = serde_json::from_str(&stored).expect("deserializes");
    let CaptureOutcome::InProgress { pending } = restarted.recheck_capture(pending).await else {
        panic!("the window is still open");
    };
    close_window(&mock, pending.lost());
    let CaptureOutcome::NotCaptured { pending } = restarted.recheck_capture(pending).await else {
        panic!("the window closed and the payment is still an authorization");
    };
    let again = restarted
        .capture_or_recover(&pending.capture())
        .await
        .expect("an outcome");
    assert!(matches!(again, CaptureOutcome::Captured(_)), "{again:?}");
    assert_eq!(mock.effects(Route::Capture), 1);
}

//! A careful merchant: follows every verdict to the letter until the call is decided, and
//! writes down what it was told.

use std::time::Duration;

use linepay::api::v3::{CapturePayment, ConfirmPayment, RefundPayment};
use linepay::client::Client;
use linepay::recovery::{CaptureReceipt, Confirmation, RefundReceipt};
use linepay::{CaptureOutcome, ConfirmOutcome, RefundOutcome, Transport};
use linepay_mock::MockServer;

/// How the merchant waits before asking again.
#[derive(Clone, Copy, Debug)]
pub enum Patience {
    /// Real time: for effects that land after a real delay.
    Sleep(Duration),
    /// The mock's (and so the client's) clock: for windows of minutes.
    Advance(Duration),
}

impl Patience {
    async fn wait(self, mock: &MockServer) {
        match self {
            Patience::Sleep(duration) => tokio::time::sleep(duration).await,
            Patience::Advance(duration) => {
                mock.advance_clock(duration);
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        }
    }
}

/// Asking again at most this often before the test calls the merchant stuck.
const MAX_STEPS: usize = 200;

/// Refunds: `refund_or_recover`, then `recheck_refund` while undecided, and the same refund
/// again only when told `NotRefunded`. Answers the receipt and every verdict, in order.
pub async fn refund<T: Transport>(
    mock: &MockServer,
    client: &Client<T>,
    refund: &RefundPayment,
    patience: Patience,
) -> (RefundReceipt, Vec<String>) {
    let mut said = Vec::new();
    let mut outcome = client.refund_or_recover(refund).await.expect("an outcome");
    for _ in 0..MAX_STEPS {
        said.push(verdict(&outcome));
        outcome = match outcome {
            // Done; the details are read later.
            RefundOutcome::Refunded(RefundReceipt::SuccessUnread(pending)) => {
                patience.wait(mock).await;
                client.recheck_refund(pending).await
            }
            RefundOutcome::Refunded(receipt) => return (receipt, said),
            RefundOutcome::NotRefunded(pending) => client
                .refund_or_recover(&pending.refund())
                .await
                .expect("an outcome"),
            RefundOutcome::InProgress(pending) | RefundOutcome::Unknown { pending, .. } => {
                patience.wait(mock).await;
                client.recheck_refund(pending).await
            }
            other => panic!("an outcome this merchant does not know: {other:?}"),
        };
    }
    panic!("no final outcome after {said:?}");
}

/// Confirms: `confirm_or_recover`, then `recheck_confirm` while undecided, and Confirm again
/// only when told `NotConfirmed`.
pub async fn confirm<T: Transport>(
    mock: &MockServer,
    client: &Client<T>,
    confirm: &ConfirmPayment,
    patience: Patience,
) -> (Confirmation, Vec<String>) {
    let outcome = client
        .confirm_or_recover(confirm)
        .await
        .expect("an outcome");
    follow_confirm(mock, client, outcome, patience).await
}

/// Follows the first verdict to the end.
pub async fn follow_confirm<T: Transport>(
    mock: &MockServer,
    client: &Client<T>,
    mut outcome: ConfirmOutcome<T::Error>,
    patience: Patience,
) -> (Confirmation, Vec<String>) {
    let mut said = Vec::new();
    for _ in 0..MAX_STEPS {
        said.push(format!("{outcome:?}").chars().take(60).collect());
        outcome = match outcome {
            ConfirmOutcome::Confirmed(Confirmation::SuccessUnread(pending)) => {
                patience.wait(mock).await;
                client.recheck_confirm(pending).await
            }
            ConfirmOutcome::Confirmed(proof) => return (proof, said),
            ConfirmOutcome::NotConfirmed { pending, .. } => client
                .confirm_or_recover(&pending.confirm())
                .await
                .expect("an outcome"),
            ConfirmOutcome::InProgress { pending, .. }
            | ConfirmOutcome::Unknown { pending, .. } => {
                patience.wait(mock).await;
                client.recheck_confirm(pending).await
            }
            other => panic!("unexpected {other:?} after {said:?}"),
        };
    }
    panic!("no final outcome after {said:?}");
}

/// Captures: `capture_or_recover`, then `recheck_capture` while undecided, and Capture again
/// only when told `NotCaptured`.
pub async fn capture<T: Transport>(
    mock: &MockServer,
    client: &Client<T>,
    capture: &CapturePayment,
    patience: Patience,
) -> (CaptureReceipt, Vec<String>) {
    let outcome = client
        .capture_or_recover(capture)
        .await
        .expect("an outcome");
    follow_capture(mock, client, outcome, patience).await
}

/// Follows the first verdict to the end.
pub async fn follow_capture<T: Transport>(
    mock: &MockServer,
    client: &Client<T>,
    mut outcome: CaptureOutcome<T::Error>,
    patience: Patience,
) -> (CaptureReceipt, Vec<String>) {
    let mut said = Vec::new();
    for _ in 0..MAX_STEPS {
        said.push(format!("{outcome:?}").chars().take(60).collect());
        outcome = match outcome {
            CaptureOutcome::Captured(CaptureReceipt::SuccessUnread(pending)) => {
                patience.wait(mock).await;
                client.recheck_capture(pending).await
            }
            CaptureOutcome::Captured(receipt) => return (receipt, said),
            CaptureOutcome::NotCaptured { pending } => client
                .capture_or_recover(&pending.capture())
                .await
                .expect("an outcome"),
            CaptureOutcome::InProgress { pending } | CaptureOutcome::Unknown { pending, .. } => {
                patience.wait(mock).await;
                client.recheck_capture(pending).await
            }
            other => panic!("unexpected {other:?} after {said:?}"),
        };
    }
    panic!("no final outcome after {said:?}");
}

/// The verdict's name, for the record.
fn verdict<TE: std::error::Error>(outcome: &RefundOutcome<TE>) -> String {
    match outcome {
        RefundOutcome::Refunded(RefundReceipt::Answered(_)) => "Refunded(Answered)",
        RefundOutcome::Refunded(RefundReceipt::Recovered(_)) => "Refunded(Recovered)",
        RefundOutcome::Refunded(_) => "Refunded(SuccessUnread)",
        RefundOutcome::NotRefunded(_) => "NotRefunded",
        RefundOutcome::InProgress(_) => "InProgress",
        RefundOutcome::Unknown { .. } => "Unknown",
        _ => "?",
    }
    .to_owned()
}

//! The three findings of "Never refund twice, whatever fails", each a test that a careful
//! merchant following the verdicts moves money exactly once. They failed before the window
//! rule (checked against efd33a7 with the same hostile gateway; see the closing note).

use std::time::Duration;

use linepay::api::v3::RefundPayment;
use linepay::client::Client;
use linepay::recovery::{CaptureReceipt, Confirmation, RefundReceipt};
use linepay::{Amount, CaptureOutcome, ConfirmOutcome, RefundOutcome};
use linepay_mock::{Fault, FaultKind, MockServer, PaymentState, Route};

use crate::gateway::{Answer, Gateway};
use crate::merchant::{self, Patience};
use crate::support::*;

/// LINE Pay applies the call this long after the gateway lost its answer.
const LANDS_AFTER: Duration = Duration::from_millis(1200);
/// The merchant asks again this often.
const EVERY: Patience = Patience::Sleep(Duration::from_millis(100));

async fn behind_gateway(read_timeout: Option<Duration>) -> (MockServer, Client<Gateway>, Gateway) {
    let mock = MockServer::start().await.expect("the mock starts");
    let gateway = Gateway::default();
    let mut builder = mock.client_builder();
    if let Some(timeout) = read_timeout {
        builder = builder.read_timeout(timeout);
    }
    let client = builder.build_with(gateway.clone());
    (mock, client, gateway)
}

/// Why 1: a merchant caps every call at 300 ms; LINE Pay applies the refund 1.2 s later.
/// The window stays Refund's (20 s + 2 × 20 s), not the merchant's 300 ms: the refund is
/// `InProgress` until it lands, and it is never sent twice.
#[tokio::test]
async fn why_1_a_short_read_timeout_does_not_shorten_the_refund_window() {
    let (mock, client, gateway) = behind_gateway(Some(SHORT_TIMEOUT)).await;
    let id = confirmed(&mock, &client, "WHY-1", false).await;
    gateway.next("/refund", Answer::Silence, LANDS_AFTER);

    let refund = RefundPayment::partial(id, Amount::whole(100));
    let (receipt, said) = merchant::refund(&mock, &client, &refund, EVERY).await;

    let ledger = refunds(&mock, id);
    assert_eq!(
        ledger.len(),
        1,
        "refunded {} times; told {said:?}",
        ledger.len()
    );
    assert_eq!(receipt.refund_transaction_id(), Some(ledger[0].0));
    assert!(
        !said.iter().any(|verdict| verdict == "NotRefunded"),
        "{said:?}"
    );
    assert_eq!(mock.requests(Route::Refund), 1, "sent once");
}

/// Why 1, through the mock's own delay (the refund in flight at LINE Pay, not in transit).
#[tokio::test]
async fn why_1_a_refund_delayed_past_a_short_read_timeout_is_refunded_once() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = impatient(&mock);
    let id = confirmed(&mock, &client, "WHY-1-MOCK", false).await;
    mock.inject(Fault::once(Route::Refund, FaultKind::Delay(LANDS_AFTER)));

    let refund = RefundPayment::partial(id, Amount::whole(100));
    let (receipt, said) = merchant::refund(&mock, &client, &refund, EVERY).await;

    let ledger = refunds(&mock, id);
    assert_eq!(ledger.len(), 1, "told {said:?}");
    assert_eq!(receipt.refund_transaction_id(), Some(ledger[0].0));
}

/// Why 2, Refund: every ambiguous answer (an error page, `9000`, a 200 that is not JSON, a
/// `0000` cut short or without `info`), with LINE Pay applying the refund after it. No
/// verdict says "not refunded" before it lands; a `0000` is "refunded" at once.
#[tokio::test]
async fn why_2_no_ambiguous_answer_gets_a_refund_sent_twice() {
    let (mock, client, gateway) = behind_gateway(None).await;
    for answer in Answer::AT_ONCE {
        let id = confirmed(&mock, &client, &format!("WHY-2-{answer:?}"), false).await;
        let sent_before = mock.requests(Route::Refund);
        gateway.next("/refund", answer, LANDS_AFTER);

        let refund = RefundPayment::partial(id, Amount::whole(100));
        let (receipt, said) = merchant::refund(&mock, &client, &refund, EVERY).await;

        let ledger = refunds(&mock, id);
        assert_eq!(
            ledger.len(),
            1,
            "{answer:?}: refunded {} times; told {said:?}",
            ledger.len()
        );
        assert_eq!(
            receipt.refund_transaction_id(),
            Some(ledger[0].0),
            "{answer:?}"
        );
        assert_eq!(
            mock.requests(Route::Refund) - sent_before,
            1,
            "{answer:?}: sent once"
        );
        let first = said.first().map(String::as_str);
        if answer.is_success() {
            assert_eq!(
                first,
                Some("Refunded(SuccessUnread)"),
                "{answer:?}: a 0000 is proof"
            );
        } else {
            assert_eq!(first, Some("InProgress"), "{answer:?}: {said:?}");
        }
    }
}

/// Why 2, Confirm: a `0000` whose `info` does not decode, while Payment Details does not list
/// the payment yet (`1150`) and Check Payment Status says `0110`: confirmed, not "confirm
/// again". And every other ambiguous answer keeps the Confirm in progress until it lands.
#[tokio::test]
async fn why_2_a_confirm_answered_0000_is_confirmed_whatever_its_info() {
    let (mock, client, gateway) = behind_gateway(None).await;
    for answer in Answer::AT_ONCE {
        let id = approved(&mock, &client, &format!("WHY-2-CONFIRM-{answer:?}"), false).await;
        gateway.next("/confirm", answer, LANDS_AFTER);

        let first = client
            .confirm_or_recover(&confirm_of(id))
            .await
            .expect("an outcome");
        match (&first, answer.is_success()) {
            (ConfirmOutcome::Confirmed(Confirmation::SuccessUnread(pending)), true) => {
                assert_eq!(pending.confirm(), confirm_of(id));
                assert!(pending.lost().is_success_unread());
            }
            (ConfirmOutcome::InProgress { .. }, false) => {}
            _ => panic!("{answer:?}: {first:?}"),
        }
        let (proof, said) = merchant::follow_confirm(&mock, &client, first, EVERY).await;
        assert!(
            matches!(proof, Confirmation::Recovered(_)),
            "{answer:?}: {said:?}"
        );
        assert_eq!(confirm_count(&mock, id), 1, "{answer:?}");
        assert_eq!(mock.payment(id).unwrap().state, PaymentState::Captured);
    }
    assert_eq!(
        mock.requests(Route::Confirm),
        Answer::AT_ONCE.len(),
        "each sent once"
    );
}

/// Why 2, Capture: the same answers on an authorization.
#[tokio::test]
async fn why_2_no_ambiguous_answer_gets_a_capture_called_off() {
    let (mock, client, gateway) = behind_gateway(None).await;
    for answer in Answer::AT_ONCE {
        let id = confirmed(&mock, &client, &format!("WHY-2-CAPTURE-{answer:?}"), true).await;
        gateway.next("/capture", answer, LANDS_AFTER);

        let first = client
            .capture_or_recover(&capture_of(id))
            .await
            .expect("an outcome");
        match (&first, answer.is_success()) {
            (CaptureOutcome::Captured(CaptureReceipt::SuccessUnread(_)), true) => {}
            (CaptureOutcome::InProgress { .. }, false) => {}
            _ => panic!("{answer:?}: {first:?}"),
        }
        let (receipt, said) = merchant::follow_capture(&mock, &client, first, EVERY).await;
        assert!(receipt.is_recovered(), "{answer:?}: {said:?}");
        assert_eq!(mock.payment(id).unwrap().state, PaymentState::Captured);
    }
    assert_eq!(
        mock.requests(Route::Capture),
        Answer::AT_ONCE.len(),
        "each sent once"
    );
}

/// The worst faults of linepay-mock: the effect applied (or landing late) and then an
/// ambiguous answer.
fn worst_faults() -> Vec<FaultKind> {
    vec![
        FaultKind::ServerErrorHtmlAfterEffect { status: 500 },
        FaultKind::ServerErrorHtmlAfterEffect { status: 502 },
        FaultKind::ServerErrorHtmlAfterEffect { status: 503 },
        FaultKind::ReturnCodeAfterEffect("9000".to_owned()),
        FaultKind::ReturnCodeAfterEffect("1198".to_owned()),
        FaultKind::TruncatedJson,
        FaultKind::MalformedInfo,
        FaultKind::DropAfterEffect,
        FaultKind::LandsLate(Duration::from_secs(39)),
    ]
}

/// Why 3: the mock's worst faults, on each call that moves money. Following the verdicts,
/// each call takes effect once and the merchant's record is the ledger's.
#[tokio::test]
async fn why_3_the_worst_faults_move_money_exactly_once() {
    let (mock, client) = start().await;
    let patience = Patience::Advance(Duration::from_secs(5));
    for fault in worst_faults() {
        let id = approved(&mock, &client, &format!("WHY-3-{fault:?}"), true).await;
        mock.inject(Fault::once(Route::Confirm, fault.clone()));
        let (proof, said) = merchant::confirm(&mock, &client, &confirm_of(id), patience).await;
        assert_eq!(proof.transaction_id(), id, "{fault:?}: {said:?}");
        assert_eq!(confirm_count(&mock, id), 1, "{fault:?}: {said:?}");

        mock.inject(Fault::once(Route::Capture, fault.clone()));
        let (receipt, said) = merchant::capture(&mock, &client, &capture_of(id), patience).await;
        assert_eq!(receipt.transaction_id(), id, "{fault:?}: {said:?}");
        assert_eq!(mock.payment(id).unwrap().state, PaymentState::Captured);

        mock.inject(Fault::once(Route::Refund, fault.clone()));
        let refund = RefundPayment::partial(id, Amount::whole(100));
        let (receipt, said) = merchant::refund(&mock, &client, &refund, patience).await;
        mock.advance_clock(Duration::from_secs(200));
        let ledger = refunds(&mock, id);
        assert_eq!(ledger.len(), 1, "{fault:?}: {said:?}");
        assert!(
            matches!(
                receipt,
                RefundReceipt::Answered(_) | RefundReceipt::Recovered(_)
            ),
            "{fault:?}"
        );
        assert_eq!(
            receipt.refund_transaction_id(),
            Some(ledger[0].0),
            "{fault:?}"
        );
    }
    assert_eq!(mock.pending_late_effects(), 0);
}

/// Before its window closes, a refund that has not landed is never "not refunded"; once it
/// has closed, it is, and sending it again refunds once.
#[tokio::test]
async fn not_refunded_is_said_only_once_the_window_has_closed() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "WINDOW-CLOSES", false).await;
    mock.inject(Fault::once(
        Route::Refund,
        FaultKind::ServerErrorHtml { status: 502 },
    ));
    let refund = RefundPayment::partial(id, Amount::whole(100));

    let RefundOutcome::InProgress(pending) =
        client.refund_or_recover(&refund).await.expect("an outcome")
    else {
        panic!("a 502 may still land");
    };
    let window = *pending.lost().window();
    let sixty = window.closes_at().duration_since(window.sent_at()).unwrap();
    assert!(sixty >= Duration::from_secs(60), "{sixty:?}");
    mock.advance_clock(sixty - Duration::from_secs(1));
    let RefundOutcome::InProgress(pending) = client.recheck_refund(pending).await else {
        panic!("one second before the window closes, the refund may still land");
    };
    close_window(&mock, pending.lost());
    let RefundOutcome::NotRefunded(pending) = client.recheck_refund(pending).await else {
        panic!("the window has closed and nothing is listed");
    };
    assert!(is_http(cause(pending.lost()), 502));
    assert!(refunds(&mock, id).is_empty());

    let again = client
        .refund_or_recover(&pending.refund())
        .await
        .expect("an outcome");
    assert!(
        matches!(again, RefundOutcome::Refunded(RefundReceipt::Answered(_))),
        "{again:?}"
    );
    assert_eq!(refunds(&mock, id).len(), 1);
}

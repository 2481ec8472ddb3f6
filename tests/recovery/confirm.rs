//! Confirm: every verdict path of `confirm_or_recover` and `recheck_confirm`.

use std::time::Duration;

use linepay::api::v3::{ConfirmPayment, PayStatus, PaymentStatus};
use linepay::recovery::Confirmation;
use linepay::{
    Amount, Client, ConfirmOutcome, Credentials, Delivery, Environment, Failure, OrderId,
    ReturnCode, TransactionId, TransportError,
};
use linepay_mock::{Fault, FaultKind, MockServer, PaymentState, Route};

use crate::merchant::{self, Patience};
use crate::support::*;

/// The Confirm was applied, its answer lost: the outcome says so, and no second Confirm
/// reached LINE Pay.
#[tokio::test]
async fn a_confirm_applied_then_dropped_is_recovered_without_a_second_confirm() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "CONFIRM-DROP", false).await;
    mock.inject(Fault::once(Route::Confirm, FaultKind::DropAfterEffect));

    let outcome = client
        .confirm_or_recover(&confirm_of(id))
        .await
        .expect("recovered");

    let ConfirmOutcome::Confirmed(proof) = outcome else {
        panic!("expected Confirmed, got {outcome:?}");
    };
    assert!(matches!(&proof, Confirmation::Recovered(detail) if detail.transaction_id == id));
    assert_eq!(proof.transaction_id(), id);
    assert_eq!(proof.order_id().map(OrderId::as_str), Some("CONFIRM-DROP"));
    assert_eq!(proof.pay_status(), Some(PayStatus::Capture));
    assert_eq!(
        mock.requests(Route::Confirm),
        1,
        "no second Confirm was sent"
    );
    assert_eq!(confirm_count(&mock, id), 1);
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Captured);
}

/// A Confirm that times out while LINE Pay still works on it: `InProgress` (not "re-send"),
/// and rechecking finds it once it lands; Confirm is sent once.
#[tokio::test]
async fn a_confirm_that_times_out_is_in_progress_until_its_effect_lands() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = impatient(&mock);
    let id = approved(&mock, &client, "CONFIRM-SLOW", false).await;
    mock.inject(Fault::once(Route::Confirm, FaultKind::Delay(LONG_DELAY)));

    let first = client
        .confirm_or_recover(&confirm_of(id))
        .await
        .expect("an outcome");
    let ConfirmOutcome::InProgress { status, pending } = first else {
        panic!("expected InProgress, got {first:?}");
    };
    assert_eq!(
        status,
        PaymentStatus::Authorized,
        "not listed yet, still 0110"
    );
    let error = transport(cause(pending.lost()));
    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.delivery(), Delivery::MaybeSent);
    // The window is Confirm's (40 s + 2 × 40 s), not the 300 ms read timeout.
    let window = pending.lost().window();
    let length = window.closes_at().duration_since(window.sent_at()).unwrap();
    assert_eq!(length, Duration::from_secs(120));

    // Asking again, never confirming again, until it lands.
    let mut pending = pending;
    let mut asked = 0;
    let proof = loop {
        asked += 1;
        assert!(asked < 50, "never landed");
        match client.recheck_confirm(pending).await {
            ConfirmOutcome::Confirmed(proof) => break proof,
            ConfirmOutcome::InProgress { pending: again, .. } => pending = again,
            other => panic!("unexpected {other:?}"),
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(proof.is_recovered(), "{proof:?}");
    assert_eq!(proof.pay_status(), Some(PayStatus::Capture));
    assert_eq!(confirm_count(&mock, id), 1);
    assert_eq!(mock.requests(Route::Confirm), 1);
}

/// A merchant who follows the verdicts, with a short read timeout, confirms exactly once.
#[tokio::test]
async fn a_merchant_following_the_verdicts_confirms_once() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = impatient(&mock);
    let id = approved(&mock, &client, "CONFIRM-FOLLOW", false).await;
    mock.inject(Fault::once(Route::Confirm, FaultKind::Delay(LONG_DELAY)));

    let patience = Patience::Sleep(Duration::from_millis(200));
    let (proof, said) = merchant::confirm(&mock, &client, &confirm_of(id), patience).await;
    assert!(proof.is_recovered(), "{said:?}");
    assert_eq!(confirm_count(&mock, id), 1);
    assert_eq!(mock.requests(Route::Confirm), 1, "{said:?}");
}

/// While the first Confirm is still running, a second one gets `1198` from LINE Pay, which
/// is read as "still in progress", not as an error and not as "re-send".
#[tokio::test]
async fn a_second_confirm_while_the_first_runs_is_in_progress() {
    let mock = MockServer::start().await.expect("the mock starts");
    let slow = impatient(&mock);
    let client = client_for(&mock);
    let id = approved(&mock, &client, "CONFIRM-TWICE", false).await;
    mock.inject(Fault::once(Route::Confirm, FaultKind::Delay(LONG_DELAY)));

    let first = slow
        .confirm_or_recover(&confirm_of(id))
        .await
        .expect("an outcome");
    assert!(
        matches!(first, ConfirmOutcome::InProgress { .. }),
        "{first:?}"
    );
    let second = client
        .confirm_or_recover(&confirm_of(id))
        .await
        .expect("an outcome");
    let ConfirmOutcome::InProgress { status, pending } = second else {
        panic!("expected InProgress, got {second:?}");
    };
    assert_eq!(status, PaymentStatus::Authorized);
    assert_eq!(
        cause(pending.lost()).return_code(),
        Some(&ReturnCode::DuplicateRequest)
    );
    assert_eq!(mock.requests(Route::Confirm), 2);

    tokio::time::sleep(LONG_DELAY).await;
    assert_eq!(confirm_count(&mock, id), 1);
}

/// A 502 page and a `9000` say nothing of LINE Pay: in progress until the window closes,
/// then "not confirmed", and confirming again works.
#[tokio::test]
async fn a_502_or_9000_without_effect_is_not_confirmed_once_the_window_closed() {
    let (mock, client) = start().await;
    let faults = [
        FaultKind::ServerErrorHtml { status: 502 },
        FaultKind::ReturnCode("9000".to_owned()),
    ];
    for (n, fault) in faults.into_iter().enumerate() {
        let id = approved(&mock, &client, &format!("CONFIRM-NOT-{n}"), false).await;
        mock.inject(Fault::once(Route::Confirm, fault.clone()));

        let outcome = client
            .confirm_or_recover(&confirm_of(id))
            .await
            .expect("an outcome");
        let ConfirmOutcome::InProgress { status, pending } = outcome else {
            panic!("{fault:?}: expected InProgress, got {outcome:?}");
        };
        assert_eq!(status, PaymentStatus::Authorized);
        let again = client.recheck_confirm(pending).await;
        let ConfirmOutcome::InProgress { pending, .. } = again else {
            panic!("{fault:?}: still in the window, got {again:?}");
        };
        close_window(&mock, pending.lost());
        let outcome = client.recheck_confirm(pending).await;
        let ConfirmOutcome::NotConfirmed { status, pending } = outcome else {
            panic!("{fault:?}: expected NotConfirmed, got {outcome:?}");
        };
        assert_eq!(status, PaymentStatus::Authorized);
        assert_eq!(confirm_count(&mock, id), 0);

        let again = client
            .confirm_or_recover(&pending.confirm())
            .await
            .expect("an outcome");
        assert!(
            matches!(&again, ConfirmOutcome::Confirmed(Confirmation::Answered(info)) if info.transaction_id == id),
            "{again:?}"
        );
        assert_eq!(confirm_count(&mock, id), 1);
    }
}

/// The effect applied, then the answer garbled or replaced: recovered from Payment Details.
#[tokio::test]
async fn an_applied_confirm_whatever_its_answer_is_recovered() {
    let (mock, client) = start().await;
    let faults = [
        FaultKind::TruncatedJson,
        FaultKind::MalformedInfo,
        FaultKind::ServerErrorHtmlAfterEffect { status: 503 },
        FaultKind::ReturnCodeAfterEffect("9000".to_owned()),
    ];
    for (n, fault) in faults.into_iter().enumerate() {
        let id = approved(&mock, &client, &format!("CONFIRM-APPLIED-{n}"), false).await;
        mock.inject(Fault::once(Route::Confirm, fault.clone()));
        let outcome = client
            .confirm_or_recover(&confirm_of(id))
            .await
            .expect("an outcome");
        assert!(
            matches!(&outcome, ConfirmOutcome::Confirmed(proof) if proof.is_recovered() && proof.transaction_id() == id),
            "{fault:?}: {outcome:?}"
        );
        assert_eq!(confirm_count(&mock, id), 1);
    }
    assert_eq!(mock.requests(Route::Confirm), 4);
}

/// A Confirm that lands after its answer was lost: in progress while it may land, found once
/// it has.
#[tokio::test]
async fn a_confirm_landing_late_is_in_progress_then_found() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "CONFIRM-LATE", false).await;
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::LandsLate(Duration::from_secs(70)),
    ));

    let outcome = client
        .confirm_or_recover(&confirm_of(id))
        .await
        .expect("an outcome");
    let ConfirmOutcome::InProgress { pending, .. } = outcome else {
        panic!("expected InProgress, got {outcome:?}");
    };
    mock.advance_clock(Duration::from_secs(69));
    let outcome = client.recheck_confirm(pending).await;
    let ConfirmOutcome::InProgress { pending, .. } = outcome else {
        panic!("not landed yet: {outcome:?}");
    };
    mock.advance_clock(Duration::from_secs(2));
    let outcome = client.recheck_confirm(pending).await;
    assert!(
        matches!(
            outcome,
            ConfirmOutcome::Confirmed(Confirmation::Recovered(_))
        ),
        "{outcome:?}"
    );
    assert_eq!(confirm_count(&mock, id), 1);
}

/// `1172` on Confirm: "possibly already confirmed". It was.
#[tokio::test]
async fn confirming_a_confirmed_payment_again_is_recovered() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "CONFIRM-1172", false).await;

    let outcome = client
        .confirm_or_recover(&confirm_of(id))
        .await
        .expect("an outcome");
    let ConfirmOutcome::Confirmed(proof) = outcome else {
        panic!("expected Confirmed, got {outcome:?}");
    };
    assert!(proof.is_recovered());
    assert_eq!(proof.transaction_id(), id);
    assert_eq!(confirm_count(&mock, id), 1);
}

/// An authorization (`capture: false`) recovered says so.
#[tokio::test]
async fn a_recovered_authorization_reports_its_pay_status() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "CONFIRM-AUTH", true).await;
    mock.inject(Fault::once(Route::Confirm, FaultKind::DropAfterEffect));

    let outcome = client
        .confirm_or_recover(&confirm_of(id))
        .await
        .expect("an outcome");
    let ConfirmOutcome::Confirmed(proof) = outcome else {
        panic!("expected Confirmed, got {outcome:?}");
    };
    assert_eq!(proof.pay_status(), Some(PayStatus::Authorization));
}

/// The customer has not approved yet (Check Payment Status `0000`): in progress, even after
/// the window closed; a proxy's `504` leaves the Confirm possibly running: in progress too.
#[tokio::test]
async fn a_waiting_customer_or_a_gateway_timeout_is_in_progress() {
    let (mock, client) = start().await;
    let waiting = client
        .send(&order("CONFIRM-WAITING", false))
        .await
        .expect("Request succeeds")
        .transaction_id;
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::ReturnCode("9000".to_owned()),
    ));
    let outcome = client
        .confirm_or_recover(&confirm_of(waiting))
        .await
        .expect("an outcome");
    let ConfirmOutcome::InProgress {
        status: PaymentStatus::Waiting,
        pending,
    } = outcome
    else {
        panic!("expected InProgress(Waiting), got {outcome:?}");
    };
    close_window(&mock, pending.lost());
    let outcome = client.recheck_confirm(pending).await;
    assert!(
        matches!(
            outcome,
            ConfirmOutcome::InProgress {
                status: PaymentStatus::Waiting,
                ..
            }
        ),
        "{outcome:?}"
    );

    let id = approved(&mock, &client, "CONFIRM-504", false).await;
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::ServerErrorHtml { status: 504 },
    ));
    let outcome = client
        .confirm_or_recover(&confirm_of(id))
        .await
        .expect("an outcome");
    let ConfirmOutcome::InProgress { status, pending } = outcome else {
        panic!("expected InProgress, got {outcome:?}");
    };
    assert_eq!(status, PaymentStatus::Authorized);
    assert!(is_http(cause(pending.lost()), 504));
    assert_eq!(confirm_count(&mock, id), 0);
}

/// Clear refusals are the caller's: handed back unchanged, and nothing is asked.
#[tokio::test]
async fn clear_refusals_are_returned_unchanged() {
    let (mock, client) = start().await;
    let cancelled = client
        .send(&order("CONFIRM-CANCELLED", false))
        .await
        .expect("Request succeeds")
        .transaction_id;
    mock.cancel(cancelled).expect("the customer cancels");
    let error = client
        .confirm_or_recover(&confirm_of(cancelled))
        .await
        .expect_err("1150 is a clear answer");
    assert_eq!(error.return_code(), Some(&ReturnCode::NoTransactionHistory));

    let id = approved(&mock, &client, "CONFIRM-1153", false).await;
    let wrong_amount = ConfirmPayment {
        amount: Amount::whole(TOTAL - 1),
        ..confirm_of(id)
    };
    let error = client
        .confirm_or_recover(&wrong_amount)
        .await
        .expect_err("1153 is a clear answer");
    assert_eq!(error.return_code(), Some(&ReturnCode::AmountMismatch));

    assert_eq!(mock.requests(Route::PaymentDetails), 0, "nothing was asked");
    assert_eq!(mock.requests(Route::CheckPaymentStatus), 0);
}

/// An ambiguous failure on a payment the customer cancelled, or that failed: `Failed`.
#[tokio::test]
async fn a_cancelled_or_failed_payment_after_an_ambiguous_failure_has_failed() {
    let (mock, client) = start().await;
    let cancelled = client
        .send(&order("CONFIRM-CANCELLED-9000", false))
        .await
        .expect("Request succeeds")
        .transaction_id;
    mock.cancel(cancelled).expect("the customer cancels");
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::ReturnCode("9000".to_owned()),
    ));
    let outcome = client
        .confirm_or_recover(&confirm_of(cancelled))
        .await
        .expect("an outcome");
    assert!(
        matches!(
            outcome,
            ConfirmOutcome::Failed(Failure::Status(PaymentStatus::CancelledOrExpired))
        ),
        "{outcome:?}"
    );

    let failed = approved(&mock, &client, "CONFIRM-FAILED-502", false).await;
    mock.fail(failed).expect("the payment fails");
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::ServerErrorHtml { status: 503 },
    ));
    let outcome = client
        .confirm_or_recover(&confirm_of(failed))
        .await
        .expect("an outcome");
    assert!(
        matches!(
            outcome,
            ConfirmOutcome::Failed(Failure::Status(PaymentStatus::Failed))
        ),
        "{outcome:?}"
    );
}

/// The answer was lost and the questions fail too: the record and the question's error are
/// kept, and rechecking later tells.
#[tokio::test]
async fn when_the_questions_fail_too_both_errors_are_kept() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "CONFIRM-UNKNOWN", false).await;
    mock.inject(Fault::once(Route::Confirm, FaultKind::DropAfterEffect));
    // Enough for the reads and any automatic retries of them.
    mock.inject(Fault::new(
        Route::PaymentDetails,
        20,
        FaultKind::ServerErrorHtml { status: 502 },
    ));

    let outcome = client
        .confirm_or_recover(&confirm_of(id))
        .await
        .expect("an outcome");
    let ConfirmOutcome::Unknown { pending, recovery } = outcome else {
        panic!("expected Unknown, got {outcome:?}");
    };
    assert_eq!(
        transport(cause(pending.lost())).delivery(),
        Delivery::MaybeSent
    );
    assert!(is_http(&recovery, 502), "{recovery:?}");
    mock.clear_faults();

    let later = client.recheck_confirm(pending).await;
    assert!(matches!(later, ConfirmOutcome::Confirmed(_)), "{later:?}");
    assert_eq!(confirm_count(&mock, id), 1);
    assert_eq!(mock.requests(Route::Confirm), 1);
}

/// A `0000` whose details cannot be read, and Payment Details failing too: still confirmed.
#[tokio::test]
async fn a_0000_stays_confirmed_when_the_details_cannot_be_read() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "CONFIRM-0000-UNREAD", false).await;
    mock.inject(Fault::once(Route::Confirm, FaultKind::MalformedInfo));
    mock.inject(Fault::new(
        Route::PaymentDetails,
        20,
        FaultKind::ServerErrorHtml { status: 503 },
    ));

    let outcome = client
        .confirm_or_recover(&confirm_of(id))
        .await
        .expect("an outcome");
    let ConfirmOutcome::Confirmed(Confirmation::SuccessUnread(pending)) = outcome else {
        panic!("expected Confirmed(SuccessUnread), got {outcome:?}");
    };
    assert_eq!(
        Confirmation::SuccessUnread(pending.clone()).transaction_id(),
        id
    );
    mock.clear_faults();
    let later = client.recheck_confirm(pending).await;
    assert!(
        matches!(later, ConfirmOutcome::Confirmed(Confirmation::Recovered(_))),
        "{later:?}"
    );
}

/// A request that never left is handed back as it is: nothing happened.
#[tokio::test]
async fn a_call_that_was_never_sent_is_returned_untouched() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let closed = listener.local_addr().expect("an address");
    drop(listener);
    let client: Client = Client::builder(
        Credentials::new(
            linepay_mock::DEFAULT_CHANNEL_ID,
            linepay_mock::DEFAULT_CHANNEL_SECRET,
        )
        .expect("credentials"),
    )
    .environment(Environment::custom(&format!("http://{closed}")).expect("a base URL"))
    .build();
    let id = TransactionId::new(2026112200000000001);

    let error = client
        .confirm_or_recover(&confirm_of(id))
        .await
        .expect_err("nothing to recover");
    assert_eq!(transport(&error).delivery(), Delivery::NotSent, "{error:?}");
    let error = client
        .capture_or_recover(&capture_of(id))
        .await
        .expect_err("nothing to recover");
    assert_eq!(transport(&error).delivery(), Delivery::NotSent, "{error:?}");
    let error = client
        .refund_or_recover(&linepay::api::v3::RefundPayment::full(id))
        .await
        .expect_err("the read before the refund was not sent either");
    assert_eq!(transport(&error).delivery(), Delivery::NotSent, "{error:?}");
}

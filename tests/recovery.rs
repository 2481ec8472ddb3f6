//! Recovery against linepay-mock, through `linepay::Client` (HyperTransport): Confirm,
//! Capture and Refund whose answers are lost are reported as what LINE Pay did, and
//! following the outcomes never applies a call twice.
//!
//! Timeouts come from a client-wide read timeout of 300 ms against mock delays well above
//! it; everything else uses the recommended timeouts.

use std::time::Duration;

use linepay::api::v3::{
    CapturePayment, ConfirmPayment, Package, PayStatus, PaymentOptions, PaymentStatus, Product,
    RedirectUrls, RefundPayment, RequestOptions, RequestPayment, VoidPayment,
};
use linepay::{
    Amount, CaptureOutcome, CaptureReceipt, Client, ConfirmOutcome, Confirmation, Currency,
    Delivery, Environment, Error, Failure, HyperError, OrderId, RefundOutcome, RefundReceipt,
    ReturnCode, TransactionId, TransportError,
};
use linepay_mock::{Fault, FaultKind, MockServer, PaymentState, Route};

/// The read timeout of [`impatient`] clients.
const SHORT_TIMEOUT: Duration = Duration::from_millis(300);
/// How long a delayed call keeps LINE Pay busy: far beyond [`SHORT_TIMEOUT`], so that the
/// recovery queries surely run before the effect lands, even on a loaded machine.
const LONG_DELAY: Duration = Duration::from_millis(1500);
/// The total of [`order`], in TWD.
const TOTAL: i64 = 250;

/// A merchant's client for `mock` with the recommended read timeouts.
fn client_for(mock: &MockServer) -> Client {
    Client::builder(mock.credentials())
        .environment(mock.environment())
        .build()
}

/// A client for `mock` that gives up reading after [`SHORT_TIMEOUT`].
fn impatient(mock: &MockServer) -> Client {
    Client::builder(mock.credentials())
        .environment(mock.environment())
        .read_timeout(SHORT_TIMEOUT)
        .build()
}

async fn start() -> (MockServer, Client) {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = client_for(&mock);
    (mock, client)
}

/// A Request for 250 TWD; `capture: false` when `authorize_only`.
fn order(order_id: &str, authorize_only: bool) -> RequestPayment {
    let package = Package::new("shop-1", vec![Product::new("Tea", 2, Amount::whole(125))]);
    let mut request = RequestPayment::new(
        OrderId::new(order_id).expect("a valid order id"),
        Currency::Twd,
        vec![package],
        RedirectUrls::new(
            "https://shop.example/confirm",
            "https://shop.example/cancel",
        ),
    );
    if authorize_only {
        request.options = Some(RequestOptions {
            payment: Some(PaymentOptions {
                capture: Some(false),
                pay_type: None,
            }),
            ..RequestOptions::default()
        });
    }
    request
}

/// Requests [`order`] and has the customer approve it.
async fn approved(
    mock: &MockServer,
    client: &Client,
    order_id: &str,
    authorize_only: bool,
) -> TransactionId {
    let id = client
        .send(&order(order_id, authorize_only))
        .await
        .expect("Request succeeds")
        .transaction_id;
    mock.approve(id).expect("the customer approves");
    id
}

fn confirm_of(id: TransactionId) -> ConfirmPayment {
    ConfirmPayment {
        transaction_id: id,
        amount: Amount::whole(TOTAL),
        currency: Currency::Twd,
    }
}

fn capture_of(id: TransactionId) -> CapturePayment {
    CapturePayment {
        transaction_id: id,
        amount: Amount::whole(TOTAL),
        currency: Currency::Twd,
    }
}

/// A payment requested, approved and confirmed (captured, or only authorized).
async fn confirmed(
    mock: &MockServer,
    client: &Client,
    order_id: &str,
    authorize_only: bool,
) -> TransactionId {
    let id = approved(mock, client, order_id, authorize_only).await;
    client
        .send(&confirm_of(id))
        .await
        .expect("Confirm succeeds");
    id
}

fn confirm_count(mock: &MockServer, id: TransactionId) -> u32 {
    mock.payment(id).expect("in the ledger").confirm_count
}

/// The transport error inside `error`; anything else fails the test.
fn transport(error: &Error<HyperError>) -> &HyperError {
    match error {
        Error::Transport(transport) => transport,
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}

fn is_http(error: &Error<HyperError>, code: u16) -> bool {
    matches!(error, Error::Http { status, .. } if status.as_u16() == code)
}

// ---------------------------------------------------------------------------------------
// Confirm
// ---------------------------------------------------------------------------------------

/// THE acceptance test: the Confirm was applied, its answer lost; the outcome says so, and
/// no second Confirm reached LINE Pay.
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
    assert!(proof.is_recovered(), "{proof:?}");
    assert!(matches!(&proof, Confirmation::Recovered(detail) if detail.transaction_id == id));
    assert_eq!(proof.transaction_id(), id);
    assert_eq!(proof.order_id().map(OrderId::as_str), Some("CONFIRM-DROP"));
    assert_eq!(proof.pay_status(), Some(PayStatus::Capture));
    assert_eq!(
        mock.requests(Route::Confirm),
        1,
        "no second Confirm was sent"
    );
    assert_eq!(mock.effects(Route::Confirm), 1);
    assert_eq!(confirm_count(&mock, id), 1);
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Captured);
}

/// A Confirm that times out while LINE Pay still works on it: `InProgress` (not "re-send"),
/// and a merchant who follows the outcomes until the end confirms exactly once.
#[tokio::test]
async fn a_confirm_that_times_out_is_in_progress_until_its_effect_lands() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = impatient(&mock);
    let id = approved(&mock, &client, "CONFIRM-SLOW", false).await;
    mock.inject(Fault::once(Route::Confirm, FaultKind::Delay(LONG_DELAY)));
    let confirm = confirm_of(id);

    let first = client
        .confirm_or_recover(&confirm)
        .await
        .expect("an outcome");
    let ConfirmOutcome::InProgress { status, cause } = first else {
        panic!("expected InProgress, got {first:?}");
    };
    assert_eq!(
        status,
        PaymentStatus::Authorized,
        "not listed yet, still 0110"
    );
    assert!(transport(&cause).is_timeout(), "{cause:?}");
    assert_eq!(transport(&cause).delivery(), Delivery::MaybeSent);

    // The merchant follows the outcomes: ask again while in progress, re-send when told to.
    let mut answers = Vec::new();
    let proof = loop {
        assert!(answers.len() < 50, "no final outcome after {answers:?}");
        match client
            .confirm_or_recover(&confirm)
            .await
            .expect("an outcome")
        {
            ConfirmOutcome::Confirmed(proof) => break proof,
            ConfirmOutcome::InProgress { status, cause } => {
                answers.push(format!("in progress: {status:?}, {cause}"));
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            ConfirmOutcome::NotConfirmed { cause, .. } => {
                answers.push(format!("not confirmed: {cause}"));
            }
            other => panic!("unexpected {other:?} after {answers:?}"),
        }
        assert!(
            confirm_count(&mock, id) <= 1,
            "confirmed twice: {answers:?}"
        );
    };
    assert!(
        proof.is_recovered(),
        "the re-sent Confirm got 1172: {proof:?}"
    );
    assert_eq!(proof.transaction_id(), id);
    assert_eq!(proof.pay_status(), Some(PayStatus::Capture));
    assert_eq!(confirm_count(&mock, id), 1);
    assert_eq!(mock.effects(Route::Confirm), 1);
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
    let ConfirmOutcome::InProgress { status, cause } = second else {
        panic!("expected InProgress, got {second:?}");
    };
    assert_eq!(status, PaymentStatus::Authorized);
    assert_eq!(cause.return_code(), Some(&ReturnCode::DuplicateRequest));
    assert_eq!(mock.requests(Route::Confirm), 2);

    tokio::time::sleep(LONG_DELAY).await;
    assert_eq!(confirm_count(&mock, id), 1);
}

#[tokio::test]
async fn a_502_before_the_effect_is_not_confirmed_and_confirming_again_works() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "CONFIRM-502", false).await;
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::ServerErrorHtml { status: 502 },
    ));

    let outcome = client
        .confirm_or_recover(&confirm_of(id))
        .await
        .expect("an outcome");
    let ConfirmOutcome::NotConfirmed { status, cause } = outcome else {
        panic!("expected NotConfirmed, got {outcome:?}");
    };
    assert_eq!(status, PaymentStatus::Authorized);
    assert!(is_http(&cause, 502), "{cause:?}");
    assert_eq!(confirm_count(&mock, id), 0);

    let again = client
        .confirm_or_recover(&confirm_of(id))
        .await
        .expect("an outcome");
    let ConfirmOutcome::Confirmed(Confirmation::Answered(info)) = again else {
        panic!("expected Confirmed(Answered), got {again:?}");
    };
    assert_eq!(info.transaction_id, id);
    assert_eq!(confirm_count(&mock, id), 1);
}

#[tokio::test]
async fn a_truncated_success_is_recovered() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "CONFIRM-TRUNCATED", false).await;
    mock.inject(Fault::once(Route::Confirm, FaultKind::TruncatedJson));

    let outcome = client
        .confirm_or_recover(&confirm_of(id))
        .await
        .expect("an outcome");
    assert!(
        matches!(&outcome, ConfirmOutcome::Confirmed(proof) if proof.is_recovered() && proof.transaction_id() == id),
        "{outcome:?}"
    );
    assert_eq!(mock.requests(Route::Confirm), 1);
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

#[tokio::test]
async fn a_9000_without_effect_is_not_confirmed() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, "CONFIRM-9000", false).await;
    mock.inject(Fault::once(
        Route::Confirm,
        FaultKind::ReturnCode("9000".to_owned()),
    ));

    let outcome = client
        .confirm_or_recover(&confirm_of(id))
        .await
        .expect("an outcome");
    let ConfirmOutcome::NotConfirmed { status, cause } = outcome else {
        panic!("expected NotConfirmed, got {outcome:?}");
    };
    assert_eq!(status, PaymentStatus::Authorized);
    assert_eq!(cause.return_code(), Some(&ReturnCode::InternalError));
    assert_eq!(confirm_count(&mock, id), 0);
}

/// The customer has not approved yet (Check Payment Status `0000`): in progress, not "re-send";
/// a proxy's `504` leaves the Confirm possibly running: in progress too.
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
    let ConfirmOutcome::InProgress { status, cause } = outcome else {
        panic!("expected InProgress, got {outcome:?}");
    };
    assert_eq!(status, PaymentStatus::Authorized);
    assert!(is_http(&cause, 504), "{cause:?}");
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

/// The answer was lost and the questions fail too: both errors are kept.
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
    let ConfirmOutcome::Unknown { cause, recovery } = outcome else {
        panic!("expected Unknown, got {outcome:?}");
    };
    assert_eq!(transport(&cause).delivery(), Delivery::MaybeSent);
    assert!(is_http(&recovery, 502), "{recovery:?}");
    mock.clear_faults();

    // Later, asking again (by confirming again, which LINE Pay answers with 1172) tells.
    let later = client
        .confirm_or_recover(&confirm_of(id))
        .await
        .expect("an outcome");
    assert!(matches!(later, ConfirmOutcome::Confirmed(_)), "{later:?}");
    assert_eq!(confirm_count(&mock, id), 1);
}

/// A request that never left is handed back as it is: nothing happened.
#[tokio::test]
async fn a_call_that_was_never_sent_is_returned_untouched() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let closed = listener.local_addr().expect("an address");
    drop(listener);
    let client: Client = Client::builder(
        linepay::Credentials::new(
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
        .refund_or_recover(&RefundPayment::full(id))
        .await
        .expect_err("the read before the refund was not sent either");
    assert_eq!(transport(&error).delivery(), Delivery::NotSent, "{error:?}");
}

// ---------------------------------------------------------------------------------------
// Capture
// ---------------------------------------------------------------------------------------

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
    assert!(receipt.is_recovered());
    assert!(
        matches!(&receipt, CaptureReceipt::Recovered(detail) if detail.pay_status == Some(PayStatus::Capture))
    );
    assert_eq!(receipt.transaction_id(), id);
    assert_eq!(receipt.pay_info()[0].amount, Amount::whole(TOTAL));
    assert_eq!(mock.requests(Route::Capture), 1);
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Captured);
}

#[tokio::test]
async fn a_502_capture_is_not_captured_and_capturing_again_works() {
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
    let CaptureOutcome::NotCaptured { cause } = outcome else {
        panic!("expected NotCaptured, got {outcome:?}");
    };
    assert!(is_http(&cause, 502), "{cause:?}");
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Authorized);

    let again = client
        .capture_or_recover(&capture_of(id))
        .await
        .expect("an outcome");
    assert!(
        matches!(&again, CaptureOutcome::Captured(CaptureReceipt::Answered(info)) if info.transaction_id == id),
        "{again:?}"
    );
    // And once more: a captured payment is read back, not captured twice.
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
    let CaptureOutcome::InProgress { cause } = outcome else {
        panic!("expected InProgress, got {outcome:?}");
    };
    assert_eq!(cause.return_code(), Some(&ReturnCode::DuplicateRequest));
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
            .starts_with("LINE Pay cancelled the payment automatically"),
        "{failure}"
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

// ---------------------------------------------------------------------------------------
// Refund
// ---------------------------------------------------------------------------------------

/// The ids and amounts of the payment's refunds in the mock's ledger.
fn refunds(mock: &MockServer, id: TransactionId) -> Vec<(TransactionId, Amount)> {
    mock.payment(id)
        .expect("in the ledger")
        .refunds
        .iter()
        .map(|refund| (refund.refund_transaction_id, refund.amount))
        .collect()
}

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
    assert!(receipt.is_recovered());
    assert!(
        matches!(&receipt, RefundReceipt::Recovered(entry) if entry.refund_amount == Amount::whole(-100))
    );
    assert_ne!(
        receipt.refund_transaction_id(),
        id,
        "the refund's id, not the payment's"
    );
    assert_eq!(receipt.refund_transaction_id(), ledger[0].0);
    assert_eq!(receipt.amount(), Some(Amount::whole(100)));
    assert!(receipt.refund_transaction_date().is_some());
    assert_eq!(mock.requests(Route::Refund), 1);
}

#[tokio::test]
async fn a_502_refund_is_not_refunded_and_refunding_again_works() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "REFUND-502", false).await;
    mock.inject(Fault::once(
        Route::Refund,
        FaultKind::ServerErrorHtml { status: 502 },
    ));
    let refund = RefundPayment::partial(id, Amount::whole(100));

    let outcome = client.refund_or_recover(&refund).await.expect("an outcome");
    let RefundOutcome::NotRefunded { cause } = outcome else {
        panic!("expected NotRefunded, got {outcome:?}");
    };
    assert!(is_http(&cause, 502), "{cause:?}");
    assert!(refunds(&mock, id).is_empty());

    let again = client.refund_or_recover(&refund).await.expect("an outcome");
    let RefundOutcome::Refunded(RefundReceipt::Answered(info)) = again else {
        panic!("expected Refunded(Answered), got {again:?}");
    };
    let ledger = refunds(&mock, id);
    assert_eq!(ledger, [(info.refund_transaction_id, Amount::whole(100))]);
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
    assert_eq!(second.refund_transaction_id(), ledger[1].0);
    assert_ne!(second.refund_transaction_id(), first.refund_transaction_id);
    assert_eq!(second.amount(), Some(Amount::whole(50)));
}

/// A full refund after a partial one: the lost refund is what was left.
#[tokio::test]
async fn a_full_refund_applied_then_dropped_is_recovered() {
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
    assert_eq!(receipt.refund_transaction_id(), ledger[1].0);
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
    assert!(transport(pending.cause()).is_timeout());
    assert_eq!(pending.refund(), &refund);
    assert_eq!(pending.expected_amount(), Some(Amount::whole(70)));
    assert!(pending.known_refunds().is_empty());

    tokio::time::sleep(LONG_DELAY).await;
    let outcome = client.recheck_refund(pending).await;
    let RefundOutcome::Refunded(receipt) = outcome else {
        panic!("expected Refunded, got {outcome:?}");
    };
    let ledger = refunds(&mock, id);
    assert_eq!(
        ledger,
        [(receipt.refund_transaction_id(), Amount::whole(70))]
    );
    assert_eq!(mock.requests(Route::Refund), 1);
}

/// The chaos test's finding: a recheck made while the lost refund is still running must not
/// say "not refunded" (the merchant would send it again and refund twice). Until one more read
/// timeout has passed it is `InProgress`; after it has landed it is found.
#[tokio::test]
async fn a_recheck_before_the_lost_refund_lands_is_still_in_progress() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = impatient(&mock);
    let id = confirmed(&mock, &client, "REFUND-RECHECK-EARLY", false).await;
    // Lands after the client gave up, within one more read timeout.
    mock.inject(Fault::once(
        Route::Refund,
        FaultKind::Delay(SHORT_TIMEOUT + SHORT_TIMEOUT / 2),
    ));
    let refund = RefundPayment::partial(id, Amount::whole(40));

    let outcome = client.refund_or_recover(&refund).await.expect("an outcome");
    let RefundOutcome::InProgress(pending) = outcome else {
        panic!("expected InProgress, got {outcome:?}");
    };
    assert!(pending.may_land_until().is_some());
    // Asked again at once: not there yet, and it may still land.
    let outcome = client.recheck_refund(pending).await;
    let RefundOutcome::InProgress(pending) = outcome else {
        panic!("a refund that may still land must stay InProgress, got {outcome:?}");
    };
    tokio::time::sleep(SHORT_TIMEOUT).await;
    let outcome = client.recheck_refund(pending).await;
    let RefundOutcome::Refunded(receipt) = outcome else {
        panic!("expected Refunded, got {outcome:?}");
    };
    assert_eq!(
        refunds(&mock, id),
        [(receipt.refund_transaction_id(), Amount::whole(40))]
    );
    assert_eq!(mock.requests(Route::Refund), 1);
}

/// The read before the refund fails: the refund is not sent.
#[tokio::test]
async fn no_refund_is_sent_without_the_list_of_earlier_refunds() {
    let (mock, client) = start().await;
    let id = confirmed(&mock, &client, "REFUND-NO-BASELINE", false).await;
    // Enough for the read and any automatic retries of it.
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

/// The futures can move between threads, as a web server's handlers need.
#[test]
fn the_futures_are_send() {
    fn assert_send<F: Send>(_: &F) {}
    fn check(client: &Client, id: TransactionId) {
        let confirm = confirm_of(id);
        let capture = capture_of(id);
        let refund = RefundPayment::full(id);
        assert_send(&client.confirm_or_recover(&confirm));
        assert_send(&client.capture_or_recover(&capture));
        assert_send(&client.refund_or_recover(&refund));
    }
    let _ = check;
}

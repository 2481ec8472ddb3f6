//! A counter sale whose Pay answer is lost is settled through Check with the same order id,
//! never by paying again: through `linepay::Client` (HyperTransport) against linepay-mock,
//! with the faults that apply the charge and then lose the answer.

use std::time::Duration;

use linepay::api::offline::{OrderStatus, Pay};
use linepay::api::v4::{Package, Product};
use linepay::recovery::{PayOutcome, PayReceipt, PendingPay, Polling};
use linepay::{Amount, ApiVersion, Client, Currency, HyperTransport, OneTimeKey, OrderId};
use linepay_mock::{Customer, Fault, FaultKind, MockServer, PaymentState, Route};

use crate::support::{LONG_DELAY, SHORT_TIMEOUT};

/// A terminal's client for `mock`: v4, the mock's clock; `read_timeout` when given.
fn terminal(mock: &MockServer, read_timeout: Option<Duration>) -> Client {
    let builder = mock.client_builder().api_version(ApiVersion::V4);
    let builder = match read_timeout {
        Some(timeout) => builder.read_timeout(timeout),
        None => builder,
    };
    builder.build_with(HyperTransport::new())
}

/// 120 TWD of coffee, charged from `key`.
fn sale(order_id: &str, key: OneTimeKey) -> Pay {
    Pay::new(
        OrderId::new(order_id).expect("an order id"),
        key,
        Currency::Twd,
        vec![Package::new(
            "counter",
            vec![Product::new("Latte", 1, Amount::whole(120))],
        )],
    )
}

/// Polls every 100 ms for at most `limit`.
fn polling(limit: Duration) -> Polling {
    Polling::every(Duration::from_millis(100)).for_at_most(limit)
}

/// The acceptance case: Pay delayed past the client's read timeout. The charge is applied
/// after the delay; Check says AUTH_READY meanwhile, then COMPLETE. Exactly one Pay reached
/// the mock, and one charge.
#[tokio::test]
async fn a_pay_delayed_past_its_read_timeout_is_settled_through_check_as_paid() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = terminal(&mock, Some(SHORT_TIMEOUT));
    mock.inject(Fault::once(Route::Pay, FaultKind::Delay(LONG_DELAY)));
    let key = mock.one_time_key(Customer::default());
    let outcome = client
        .pay_or_recover(&sale("SLOW-SALE", key), polling(Duration::from_secs(20)))
        .await
        .expect("an outcome");
    let PayOutcome::Paid(receipt @ PayReceipt::Recovered(_)) = outcome else {
        panic!("expected Paid(Recovered), got {outcome:?}");
    };
    assert_eq!(receipt.paid_total(), Some(Amount::whole(120)));
    let id = receipt.transaction_id().expect("Check names the payment");
    assert_eq!(
        mock.payment(id).expect("in the ledger").state,
        PaymentState::Captured
    );
    assert_eq!(mock.requests(Route::Pay), 1, "Pay is never sent twice");
    assert_eq!(mock.effects(Route::Pay), 1, "one charge");
    assert!(
        mock.requests(Route::CheckOrder) >= 2,
        "AUTH_READY first, then COMPLETE"
    );
}

/// The worst faults: the charge is applied, then the answer is lost, a gateway's 502 page,
/// `9000`, or a `0000` whose `info` cannot be read. Each is Paid, with one Pay and one charge.
#[tokio::test]
async fn a_charge_applied_then_hidden_is_paid_once() {
    let kinds = [
        FaultKind::DropAfterEffect,
        FaultKind::ServerErrorHtmlAfterEffect { status: 502 },
        FaultKind::ReturnCodeAfterEffect("9000".to_owned()),
        FaultKind::TruncatedJson,
        FaultKind::MalformedInfo,
    ];
    for (n, kind) in kinds.into_iter().enumerate() {
        let mock = MockServer::start().await.expect("the mock starts");
        let client = terminal(&mock, None);
        mock.inject(Fault::once(Route::Pay, kind.clone()));
        let key = mock.one_time_key(Customer::default());
        let outcome = client
            .pay_or_recover(
                &sale(&format!("HIDDEN-{n}"), key),
                polling(Duration::from_secs(5)),
            )
            .await
            .expect("an outcome");
        assert!(
            matches!(outcome, PayOutcome::Paid(_)),
            "{kind:?}: {outcome:?}"
        );
        assert_eq!(
            (mock.requests(Route::Pay), mock.effects(Route::Pay)),
            (1, 1),
            "{kind:?}"
        );
    }
}

/// A 502 page *without* the charge: Check does not know the order. Recovery does not say
/// "not paid" while the Pay may still land (a gateway's page proves nothing); once its
/// window has closed it does, and charging again is then safe.
#[tokio::test]
async fn not_paid_only_once_the_pay_can_no_longer_land() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = terminal(&mock, None);
    mock.inject(Fault::once(
        Route::Pay,
        FaultKind::ServerErrorHtml { status: 502 },
    ));
    let key = mock.one_time_key(Customer::default());
    let outcome = client
        .pay_or_recover(
            &sale("NEVER-ARRIVED", key),
            polling(Duration::from_millis(300)),
        )
        .await
        .expect("an outcome");
    let PayOutcome::InProgress {
        status: None,
        pending,
    } = outcome
    else {
        panic!("expected InProgress while the Pay may land, got {outcome:?}");
    };
    assert_eq!(mock.effects(Route::Pay), 0);
    // Pay's window: 40 s + 2 × 40 s from when it was sent.
    mock.advance_clock(Duration::from_secs(120));
    let outcome = client.recheck_pay(pending, Polling::once()).await;
    let PayOutcome::NotPaid { pending } = outcome else {
        panic!("expected NotPaid, got {outcome:?}");
    };
    // Safe: the same order id, a fresh My Code, one charge in all.
    let fresh = mock.one_time_key(Customer::default());
    let mut again = sale("NEVER-ARRIVED", fresh);
    again.amount = pending.amount();
    client.send(&again).await.expect("charged once");
    assert_eq!(mock.effects(Route::Pay), 1);
}

/// The hostile case: the answer is lost at once and the charge lands 30 s later on the
/// mock's clock, so Check first knows nothing. Polling that ends before it lands says
/// InProgress, never NotPaid; the record survives a restart, and a new client finds it paid.
#[tokio::test]
async fn a_pay_that_lands_late_is_in_progress_then_paid_after_a_restart() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = terminal(&mock, None);
    mock.inject(Fault::once(
        Route::Pay,
        FaultKind::LandsLate(Duration::from_secs(30)),
    ));
    let key = mock.one_time_key(Customer::default());
    let outcome = client
        .pay_or_recover(
            &sale("LATE-LANDING", key),
            polling(Duration::from_millis(300)),
        )
        .await
        .expect("an outcome");
    let PayOutcome::InProgress {
        status: None,
        pending,
    } = outcome
    else {
        panic!("expected InProgress, got {outcome:?}");
    };
    let stored = serde_json::to_string(&pending).expect("serializes");
    assert!(!stored.contains("oneTimeKey"), "{stored}");
    drop(client);

    mock.advance_clock(Duration::from_secs(30));
    let restarted = terminal(&mock, None);
    let pending: PendingPay = serde_json::from_str(&stored).expect("deserializes");
    let outcome = restarted.recheck_pay(pending, Polling::once()).await;
    assert!(
        matches!(outcome, PayOutcome::Paid(PayReceipt::Recovered(_))),
        "{outcome:?}"
    );
    assert_eq!(
        (mock.requests(Route::Pay), mock.effects(Route::Pay)),
        (1, 1)
    );
}

/// A voided sale reads as Failed (`CANCEL`): nothing is owed, and recovery says so.
#[tokio::test]
async fn a_cancelled_sale_is_failed_not_paid() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = terminal(&mock, None);
    mock.inject(Fault::once(
        Route::Pay,
        FaultKind::LandsLate(Duration::from_secs(1)),
    ));
    let key = mock.one_time_key(Customer::default());
    let held = sale("HELD", key).authorize_only();
    let PayOutcome::InProgress { pending, .. } = client
        .pay_or_recover(&held, Polling::once())
        .await
        .expect("an outcome")
    else {
        panic!("in progress before it lands");
    };
    mock.advance_clock(Duration::from_secs(1));
    client
        .send(&linepay::api::offline::VoidOrder {
            order_id: pending.order_id().clone(),
        })
        .await
        .expect("voided");
    let outcome = client.recheck_pay(pending, Polling::once()).await;
    assert!(
        matches!(
            outcome,
            PayOutcome::Failed {
                status: OrderStatus::Cancel,
                ..
            }
        ),
        "{outcome:?}"
    );
}

/// Clear refusals are `Err`, and nothing is asked: a spent My Code (`1133`), a used order
/// id (`1172`: the sale of an earlier process is rechecked from its record, not paid again).
#[tokio::test]
async fn clear_refusals_are_errors() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = terminal(&mock, None);
    let key = mock.one_time_key(Customer::default());
    client
        .send(&sale("FIRST", key.clone()))
        .await
        .expect("paid");
    let spent = client
        .pay_or_recover(&sale("SECOND", key), Polling::default())
        .await;
    assert_eq!(
        spent.expect_err("1133").return_code().map(|c| c.as_str()),
        Some("1133")
    );
    let fresh = mock.one_time_key(Customer::default());
    let reused = client
        .pay_or_recover(&sale("FIRST", fresh), Polling::default())
        .await;
    assert_eq!(
        reused.expect_err("1172").return_code().map(|c| c.as_str()),
        Some("1172")
    );
    assert_eq!(mock.requests(Route::CheckOrder), 0);
}

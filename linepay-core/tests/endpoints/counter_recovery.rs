//! `pay_or_recover`'s polling, step by step, over a scripted transport and a clock that only
//! moves when recovery waits: how many times Check is asked, when it stops, and which verdict
//! each answer leads to. (Against linepay-mock, with real faults: `tests/recovery/counter.rs`.)

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use linepay_core::api::offline::{OrderStatus, Pay};
use linepay_core::api::v4::{Package, Product};
use linepay_core::recovery::{PayOutcome, PayReceipt, Polling};
use linepay_core::{
    Amount, ApiVersion, Client, ClientBuilder, Clock, Credentials, Currency, Delivery, Error,
    OneTimeKey, OrderId, RetryPolicy, Transport, TransportError,
};

/// A clock that moves only when the transport sleeps.
#[derive(Debug, Clone)]
struct Manual(Arc<Mutex<SystemTime>>);

impl Clock for Manual {
    fn now(&self) -> SystemTime {
        *self.0.lock().expect("not poisoned")
    }
}

#[derive(Debug, thiserror::Error)]
#[error("read timed out")]
struct TimedOut;

impl TransportError for TimedOut {
    fn delivery(&self) -> Delivery {
        Delivery::MaybeSent
    }

    fn is_timeout(&self) -> bool {
        true
    }
}

/// Answers each request with the next scripted answer (`None`: a read timeout), and
/// records the paths asked.
struct Scripted {
    answers: Mutex<VecDeque<Option<&'static str>>>,
    asked: Mutex<Vec<String>>,
    clock: Manual,
}

impl Transport for Scripted {
    type Error = TimedOut;

    async fn send(
        &self,
        request: http::Request<Bytes>,
        _read_timeout: Duration,
    ) -> Result<http::Response<Bytes>, TimedOut> {
        self.asked
            .lock()
            .expect("not poisoned")
            .push(request.uri().path().to_owned());
        let next = self.answers.lock().expect("not poisoned").pop_front();
        match next.expect("the script has an answer for every call") {
            Some(body) => Ok(http::Response::new(Bytes::from_static(body.as_bytes()))),
            None => Err(TimedOut),
        }
    }

    async fn sleep(&self, duration: Duration) {
        *self.clock.0.lock().expect("not poisoned") += duration;
    }
}

const PAY: &str = "/v4/payments/oneTimeKeys/pay";
const CHECK: &str = "/v4/payments/orders/POS-1/check";

const STATUS_HELD: &str =
    r#"{"returnCode":"0000","returnMessage":"success","info":{"status":"HELD_FOR_REVIEW"}}"#;
const STATUS_COMPLETE: &str = r#"{"returnCode":"0000","returnMessage":"success","info":{"status":"COMPLETE","transactionId":2026071802368895010,"payInfo":[{"method":"BALANCE","amount":120}]}}"#;
const STATUS_FAIL: &str =
    r#"{"returnCode":"0000","returnMessage":"success","info":{"status":"FAIL"}}"#;
const NOT_FOUND: &str = r#"{"returnCode":"1150","returnMessage":"Transaction record not found."}"#;
const INTERNAL: &str = r#"{"returnCode":"9000","returnMessage":"Internal error."}"#;

fn client(script: &[Option<&'static str>]) -> Client<Scripted> {
    let clock = Manual(Arc::new(Mutex::new(
        UNIX_EPOCH + Duration::from_secs(1_800_000_000),
    )));
    let transport = Scripted {
        answers: Mutex::new(script.iter().copied().collect()),
        asked: Mutex::new(Vec::new()),
        clock: clock.clone(),
    };
    ClientBuilder::new(Credentials::new("1234567890", "secret").expect("valid"))
        .api_version(ApiVersion::V4)
        .retry_policy(RetryPolicy::none())
        .clock(clock)
        .build_with(transport)
}

fn asked(client: &Client<Scripted>) -> Vec<String> {
    client
        .transport()
        .asked
        .lock()
        .expect("not poisoned")
        .clone()
}

fn sale() -> Pay {
    Pay::new(
        OrderId::new("POS-1").expect("an order id"),
        OneTimeKey::new("389253804433039534").expect("a My Code"),
        Currency::Twd,
        vec![Package::new(
            "counter",
            vec![Product::new("Latte", 1, Amount::whole(120))],
        )],
    )
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    // The scripted transport never waits on I/O: polling on this thread is enough.
    let waker = std::task::Waker::noop();
    let mut context = std::task::Context::from_waker(waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

fn every(interval: u64, limit: u64) -> Polling {
    Polling::every(Duration::from_secs(interval)).for_at_most(Duration::from_secs(limit))
}

#[test]
fn an_unknown_status_is_asked_until_the_limit_and_never_read_as_paid_or_not() {
    let client = client(&[
        None,
        Some(STATUS_HELD),
        Some(STATUS_HELD),
        Some(STATUS_HELD),
        Some(STATUS_HELD),
        Some(STATUS_HELD),
        Some(STATUS_HELD),
    ]);
    let outcome = block_on(client.pay_or_recover(&sale(), every(2, 10))).expect("an outcome");
    let PayOutcome::InProgress {
        status: Some(status),
        ..
    } = outcome
    else {
        panic!("expected InProgress, got {outcome:?}");
    };
    assert_eq!(status, OrderStatus::Other("HELD_FOR_REVIEW".to_owned()));
    // Pay once; Check at 0, 2, 4, 6, 8 and 10 s.
    assert_eq!(
        asked(&client),
        [PAY, CHECK, CHECK, CHECK, CHECK, CHECK, CHECK]
    );
}

#[test]
fn transient_check_failures_are_asked_again_until_paid() {
    let client = client(&[None, None, Some(INTERNAL), Some(STATUS_COMPLETE)]);
    let outcome = block_on(client.pay_or_recover(&sale(), every(3, 60))).expect("an outcome");
    let PayOutcome::Paid(receipt @ PayReceipt::Recovered(_)) = outcome else {
        panic!("expected Paid(Recovered), got {outcome:?}");
    };
    assert_eq!(receipt.paid_total(), Some(Amount::whole(120)));
    assert_eq!(asked(&client), [PAY, CHECK, CHECK, CHECK]);
}

#[test]
fn a_refused_question_ends_the_polling_at_once() {
    let refused = r#"{"returnCode":"1106","returnMessage":"Header information error."}"#;
    let client = client(&[None, Some(refused)]);
    let outcome = block_on(client.pay_or_recover(&sale(), every(3, 600))).expect("an outcome");
    let PayOutcome::Unknown { recovery, .. } = outcome else {
        panic!("expected Unknown, got {outcome:?}");
    };
    assert_eq!(
        recovery.return_code().map(|code| code.as_str()),
        Some("1106")
    );
    assert_eq!(asked(&client), [PAY, CHECK]);
}

#[test]
fn not_found_is_not_paid_only_once_the_pay_can_no_longer_land() {
    // Pay's window: 40 s + 2 × 40 s = 120 s after it was sent.
    let client = client(&[
        None,
        Some(NOT_FOUND),
        Some(NOT_FOUND),
        Some(NOT_FOUND),
        Some(NOT_FOUND),
        Some(NOT_FOUND),
    ]);
    let outcome = block_on(client.pay_or_recover(&sale(), every(30, 600))).expect("an outcome");
    assert!(matches!(outcome, PayOutcome::NotPaid { .. }), "{outcome:?}");
    // Asked at 0, 30, 60, 90 s (the Pay may still land), then at 120 s (it cannot).
    assert_eq!(asked(&client).len(), 1 + 5);
}

#[test]
fn a_success_whose_answer_is_unreadable_is_paid_whatever_check_says() {
    let unreadable = r#"{"returnCode":"0000","returnMessage":"success","info":"unavailable"}"#;
    for check in [STATUS_FAIL, NOT_FOUND] {
        let client = client(&[Some(unreadable), Some(check)]);
        let outcome =
            block_on(client.pay_or_recover(&sale(), Polling::once())).expect("an outcome");
        assert!(
            matches!(outcome, PayOutcome::Paid(PayReceipt::SuccessUnread(_))),
            "{check}: {outcome:?}"
        );
    }
}

#[test]
fn a_failed_sale_is_failed() {
    let client = client(&[None, Some(STATUS_FAIL)]);
    let outcome = block_on(client.pay_or_recover(&sale(), Polling::once())).expect("an outcome");
    assert!(
        matches!(
            outcome,
            PayOutcome::Failed {
                status: OrderStatus::Fail,
                ..
            }
        ),
        "{outcome:?}"
    );
}

#[test]
fn clear_refusals_of_pay_are_errors_and_nothing_is_asked() {
    for (code, body) in [
        (
            "1133",
            r#"{"returnCode":"1133","returnMessage":"oneTimeKey is invalid."}"#,
        ),
        (
            "1142",
            r#"{"returnCode":"1142","returnMessage":"Insufficient balance."}"#,
        ),
        (
            "1172",
            r#"{"returnCode":"1172","returnMessage":"Existing same orderId."}"#,
        ),
        (
            "2101",
            r#"{"returnCode":"2101","returnMessage":"Parameter error."}"#,
        ),
    ] {
        let client = client(&[Some(body)]);
        let result = block_on(client.pay_or_recover(&sale(), Polling::default()));
        let Err(Error::Api(error)) = result else {
            panic!("{code}: expected Err, got {result:?}");
        };
        assert_eq!(error.code().as_str(), code);
        assert_eq!(asked(&client), [PAY], "{code}");
    }
}

#[test]
fn a_limit_of_forever_does_not_overflow_the_clock() {
    let client = client(&[None, Some(STATUS_HELD), Some(STATUS_COMPLETE)]);
    let polling = Polling::every(Duration::from_secs(1)).for_at_most(Duration::MAX);
    let outcome = block_on(client.pay_or_recover(&sale(), polling)).expect("an outcome");
    assert!(matches!(outcome, PayOutcome::Paid(_)), "{outcome:?}");
}

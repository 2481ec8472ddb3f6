//! `Client::send` retries: what is sent again and what never is (invariant 5), how many times,
//! after which delays, within which budget, and that every attempt is freshly signed over the
//! same body bytes.
//!
//! A scripted transport answers from a queue (a connect failure, a lost connection, a timeout,
//! a 5xx page, an envelope with a chosen return code, a truncated body, a success), records
//! every request that reached it, and "sleeps" by recording the duration and returning at once.

use std::collections::{HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use linepay_core::api::v3::{
    CapturePayment, CheckPaymentStatus, ConfirmPayment, PaymentDetails, PaymentStatus,
    RefundPayment, VoidPayment,
};
use linepay_core::client::Client;
use linepay_core::retry::{CallKind, Outcome};
use linepay_core::signing::{NONCE_HEADER, SIGNATURE_HEADER, sign, signed_payload};
use linepay_core::{
    Amount, ClientBuilder, Credentials, Currency, Delivery, Endpoint, Error, RetryBudget,
    RetryPolicy, ReturnCode, TransactionId, Transport, TransportError,
};

const ID: TransactionId = TransactionId::new(2019049910005496810);
const SECRET: &str = "a917ab6a2367b536f8e5a6e2977e06f4";

/// One scripted answer.
#[derive(Clone, Copy, Debug)]
enum Answer {
    /// The connection could not be opened: the request never left.
    NotSent,
    /// The connection could not be opened in time: a timeout that never left.
    NotSentTimeout,
    /// The connection broke while waiting for the answer.
    MaybeSent,
    /// The read timed out after the request was written.
    MaybeSentTimeout,
    /// A proxy's error page with this status.
    Status(u16),
    /// A LINE Pay envelope with this return code and no `info`.
    Code(&'static str),
    /// The first half of a success: complete HTTP, broken JSON.
    Truncated,
    /// HTTP 200 with this body.
    Success(&'static str),
}

const DETAILS_OK: Answer =
    Answer::Success(r#"{"returnCode":"0000","returnMessage":"OK","info":[]}"#);
const CONFIRM_OK: Answer = Answer::Success(
    r#"{"returnCode":"0000","returnMessage":"OK","info":{"orderId":"o","transactionId":2019049910005496810}}"#,
);
const VOID_OK: Answer = Answer::Success(r#"{"returnCode":"0000","returnMessage":"OK"}"#);
const REFUND_OK: Answer = Answer::Success(
    r#"{"returnCode":"0000","returnMessage":"OK","info":{"refundTransactionId":2019049910005496811,"refundTransactionDate":"2019-04-10T04:02:43Z"}}"#,
);

#[derive(Debug, thiserror::Error)]
#[error("scripted transport failure ({delivery:?}, timeout: {timeout})")]
struct ScriptedFailure {
    delivery: Delivery,
    timeout: bool,
}

impl TransportError for ScriptedFailure {
    fn delivery(&self) -> Delivery {
        self.delivery
    }

    fn is_timeout(&self) -> bool {
        self.timeout
    }
}

/// Answers from a queue, then with `fallback` (if any) forever.
#[derive(Default)]
struct Scripted {
    script: Mutex<VecDeque<Answer>>,
    fallback: Option<Answer>,
    seen: Mutex<Vec<http::Request<Bytes>>>,
    sleeps: Mutex<Vec<Duration>>,
}

impl Scripted {
    fn new(script: impl IntoIterator<Item = Answer>) -> Self {
        Self {
            script: Mutex::new(script.into_iter().collect()),
            ..Self::default()
        }
    }

    fn always(answer: Answer) -> Self {
        Self {
            fallback: Some(answer),
            ..Self::default()
        }
    }

    fn attempts(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    fn requests(&self) -> Vec<http::Request<Bytes>> {
        self.seen.lock().unwrap().clone()
    }

    fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap().clone()
    }
}

impl Transport for Scripted {
    type Error = ScriptedFailure;

    async fn send(
        &self,
        request: http::Request<Bytes>,
        _read_timeout: Duration,
    ) -> Result<http::Response<Bytes>, ScriptedFailure> {
        self.seen.lock().unwrap().push(request);
        let next = self.script.lock().unwrap().pop_front();
        let answer = next
            .or(self.fallback)
            .expect("the script ran out: more attempts than expected");
        let failure = |delivery, timeout| Err(ScriptedFailure { delivery, timeout });
        let body = |status: u16, body: String| {
            Ok(http::Response::builder()
                .status(status)
                .body(Bytes::from(body))
                .unwrap())
        };
        match answer {
            Answer::NotSent => failure(Delivery::NotSent, false),
            Answer::NotSentTimeout => failure(Delivery::NotSent, true),
            Answer::MaybeSent => failure(Delivery::MaybeSent, false),
            Answer::MaybeSentTimeout => failure(Delivery::MaybeSent, true),
            Answer::Status(status) => body(
                status,
                format!("<html><center>{status} Bad Gateway</center></html>"),
            ),
            Answer::Code(code) => body(
                200,
                format!(r#"{{"returnCode":"{code}","returnMessage":"scripted"}}"#),
            ),
            Answer::Truncated => body(200, r#"{"returnCode":"0000","retu"#.to_owned()),
            Answer::Success(text) => body(200, text.to_owned()),
        }
    }

    async fn sleep(&self, duration: Duration) {
        self.sleeps.lock().unwrap().push(duration);
    }
}

fn credentials() -> Credentials {
    Credentials::new("1234567890", SECRET).expect("valid")
}

fn client(transport: Scripted) -> Client<Scripted> {
    ClientBuilder::new(credentials()).build_with(transport)
}

fn client_with(policy: RetryPolicy, transport: Scripted) -> Client<Scripted> {
    ClientBuilder::new(credentials())
        .retry_policy(policy)
        .build_with(transport)
}

/// Polls a future that never waits on I/O to completion on this thread.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    let mut future = std::pin::pin!(future);
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

fn details() -> PaymentDetails {
    PaymentDetails {
        transaction_id: vec![ID],
        ..PaymentDetails::default()
    }
}

fn confirm() -> ConfirmPayment {
    ConfirmPayment {
        transaction_id: ID,
        amount: Amount::whole(100),
        currency: Currency::Twd,
    }
}

fn void() -> VoidPayment {
    VoidPayment { transaction_id: ID }
}

fn refund() -> RefundPayment {
    RefundPayment::partial(ID, Amount::whole(20))
}

/// What a failed call tells the retry rules, for the assertion messages.
fn outcome(error: &Error<ScriptedFailure>) -> Outcome {
    Outcome::of(error)
}

// --- Reads ----------------------------------------------------------------------------------

#[test]
fn a_read_is_retried_on_each_transient_failure_and_succeeds_on_the_second_attempt() {
    for failure in [
        Answer::NotSent,
        Answer::MaybeSent,
        Answer::MaybeSentTimeout,
        Answer::Status(500),
        Answer::Status(502),
        Answer::Status(503),
        Answer::Code("9000"),
    ] {
        let client = client(Scripted::new([failure, DETAILS_OK]));
        let details = block_on(client.send(&details()))
            .unwrap_or_else(|error| panic!("{failure:?}: {error:?}"));
        assert!(details.is_empty());
        assert_eq!(client.transport().attempts(), 2, "{failure:?}");
        assert_eq!(client.transport().sleeps().len(), 1, "{failure:?}");
    }
}

#[test]
fn a_read_succeeds_on_the_third_attempt() {
    let client = client(Scripted::new([
        Answer::MaybeSentTimeout,
        Answer::Status(502),
        DETAILS_OK,
    ]));
    block_on(client.send(&details())).expect("the third attempt succeeds");
    assert_eq!(client.transport().attempts(), 3);
    assert_eq!(client.transport().sleeps().len(), 2);

    // Check Payment Status, whose answers are return codes, too.
    let client = self::client(Scripted::new([
        Answer::Code("9000"),
        Answer::MaybeSent,
        Answer::Success(r#"{"returnCode":"0110","returnMessage":"OK"}"#),
    ]));
    let status = block_on(client.send(&CheckPaymentStatus { transaction_id: ID })).unwrap();
    assert_eq!(status, PaymentStatus::Authorized);
    assert_eq!(client.transport().attempts(), 3);
}

#[test]
fn a_read_is_not_retried_when_another_attempt_would_get_the_same_answer() {
    for answer in [
        Answer::Status(400),
        Answer::Status(404),
        Answer::Code("1150"),
        Answer::Code("1106"),
        Answer::Code("4321"),
        Answer::Truncated,
    ] {
        let client = client(Scripted::new([answer]));
        let error = block_on(client.send(&details())).expect_err("fails");
        assert_eq!(client.transport().attempts(), 1, "{answer:?}: {error:?}");
        assert!(client.transport().sleeps().is_empty());
    }
}

#[test]
fn an_invalid_request_is_never_sent_at_all() {
    let client = client(Scripted::always(DETAILS_OK));
    let error = block_on(client.send(&PaymentDetails::default())).expect_err("invalid");
    assert!(matches!(error, Error::Invalid(_)), "{error:?}");
    assert_eq!(client.transport().attempts(), 0);
}

// --- State-changing calls -------------------------------------------------------------------

#[test]
fn confirm_is_never_retried_once_it_may_have_reached_line_pay() {
    for failure in [
        Answer::MaybeSent,
        Answer::MaybeSentTimeout,
        Answer::Status(500),
        Answer::Status(502),
        Answer::Status(503),
        Answer::Status(504),
        Answer::Code("9000"),
        Answer::Truncated,
    ] {
        // The fallback would succeed: only the rule stops a second attempt.
        let transport = Scripted {
            fallback: Some(CONFIRM_OK),
            ..Scripted::new([failure])
        };
        let client = client_with(RetryPolicy::default().with_max_attempts(10), transport);
        let error = block_on(client.send(&confirm())).expect_err("not retried");
        assert_eq!(
            client.transport().attempts(),
            1,
            "{failure:?} reached the transport more than once"
        );
        assert!(client.transport().sleeps().is_empty(), "{failure:?}");
        assert_eq!(
            client.retry_budget().available(),
            10.0,
            "{failure:?}: no token spent"
        );
        // The error is the attempt's own.
        match (failure, &error) {
            (Answer::MaybeSent | Answer::MaybeSentTimeout, Error::Transport(failure)) => {
                assert_eq!(failure.delivery(), Delivery::MaybeSent);
            }
            (Answer::Status(status), Error::Http { status: got, .. }) => assert_eq!(*got, status),
            (Answer::Code(_), Error::Api(api)) => {
                assert_eq!(api.code(), &ReturnCode::InternalError)
            }
            (Answer::Truncated, Error::Decode(_)) => {}
            _ => panic!("{failure:?} gave {error:?} ({:?})", outcome(&error)),
        }
    }
}

#[test]
fn every_state_changing_call_without_resend_codes_stops_after_a_maybe_sent_failure() {
    let capture = CapturePayment {
        transaction_id: ID,
        amount: Amount::whole(100),
        currency: Currency::Twd,
    };
    for failure in [
        Answer::MaybeSentTimeout,
        Answer::Status(502),
        Answer::Code("9000"),
    ] {
        let client = client(Scripted {
            fallback: Some(CONFIRM_OK),
            ..Scripted::new([failure])
        });
        block_on(client.send(&capture)).expect_err("not retried");
        assert_eq!(client.transport().attempts(), 1, "capture, {failure:?}");

        for (name, call) in [
            ("void", send_void as fn(&Client<Scripted>) -> bool),
            ("refund", send_refund),
        ] {
            let client = self::client(Scripted {
                fallback: Some(VOID_OK),
                ..Scripted::new([failure])
            });
            assert!(!call(&client), "{name}, {failure:?} succeeded");
            assert_eq!(client.transport().attempts(), 1, "{name}, {failure:?}");
        }
    }
}

fn send_void(client: &Client<Scripted>) -> bool {
    block_on(client.send(&void())).is_ok()
}

fn send_refund(client: &Client<Scripted>) -> bool {
    block_on(client.send(&refund())).is_ok()
}

#[test]
fn confirm_that_never_left_is_retried() {
    let client = client(Scripted::new([
        Answer::NotSent,
        Answer::NotSentTimeout,
        CONFIRM_OK,
    ]));
    let confirmed = block_on(client.send(&confirm())).expect("the third attempt confirms");
    assert_eq!(confirmed.transaction_id, ID);
    assert_eq!(client.transport().attempts(), 3);
    assert_eq!(client.transport().sleeps().len(), 2);
}

#[test]
fn void_and_refund_are_resent_on_1900_1902_and_1999() {
    for code in ["1900", "1902", "1999"] {
        let client = client(Scripted::new([Answer::Code(code), VOID_OK]));
        block_on(client.send(&void())).unwrap_or_else(|e| panic!("void, {code}: {e:?}"));
        assert_eq!(client.transport().attempts(), 2, "void, {code}");

        let client = self::client(Scripted::new([Answer::Code(code), REFUND_OK]));
        let info =
            block_on(client.send(&refund())).unwrap_or_else(|e| panic!("refund, {code}: {e:?}"));
        assert_eq!(info.refund_transaction_id.get(), 2019049910005496811);
        assert_eq!(client.transport().attempts(), 2, "refund, {code}");
    }
    // Codes in a row, as LINE Pay may answer while it recovers.
    let client = client(Scripted::new([
        Answer::Code("1900"),
        Answer::Code("1902"),
        REFUND_OK,
    ]));
    block_on(client.send(&refund())).expect("refunded on the third attempt");
    assert_eq!(client.transport().attempts(), 3);
}

#[test]
fn confirm_is_not_resent_on_1900() {
    assert_eq!(ConfirmPayment::RESEND_ON, [] as [&str; 0]);
    for code in ["1900", "1902", "1999"] {
        let client = client(Scripted {
            fallback: Some(CONFIRM_OK),
            ..Scripted::new([Answer::Code(code)])
        });
        let error = block_on(client.send(&confirm())).expect_err("not resent");
        assert_eq!(error.return_code(), Some(&ReturnCode::from_code(code)));
        assert_eq!(client.transport().attempts(), 1, "confirm, {code}");
    }
}

#[test]
fn void_and_refund_are_not_resent_on_other_codes() {
    for code in ["1165", "1150", "1198", "9000"] {
        let client = client(Scripted {
            fallback: Some(VOID_OK),
            ..Scripted::new([Answer::Code(code)])
        });
        block_on(client.send(&void())).expect_err("not resent");
        assert_eq!(client.transport().attempts(), 1, "void, {code}");
    }
}

// --- Attempts, delays, budget ---------------------------------------------------------------

#[test]
fn attempts_stop_at_max_attempts_and_the_last_error_is_returned() {
    let client = client(Scripted::new([
        Answer::Status(502),
        Answer::Status(503),
        Answer::Status(504),
    ]));
    let error = block_on(client.send(&details())).expect_err("gives up");
    assert_eq!(
        client.transport().attempts(),
        3,
        "the default is 3 in total"
    );
    assert_eq!(client.transport().sleeps().len(), 2);
    assert!(
        matches!(error, Error::Http { status, .. } if status == 504),
        "the last error: {error:?}"
    );

    let five = client_with(
        RetryPolicy::default().with_max_attempts(5),
        Scripted::always(Answer::MaybeSentTimeout),
    );
    let error = block_on(five.send(&details())).expect_err("gives up");
    assert_eq!(five.transport().attempts(), 5);
    assert!(matches!(error, Error::Transport(ref e) if e.is_timeout()));

    let once = client_with(RetryPolicy::none(), Scripted::always(Answer::NotSent));
    block_on(once.send(&confirm())).expect_err("sent once");
    assert_eq!(once.transport().attempts(), 1);
    assert!(once.transport().sleeps().is_empty());
}

#[test]
fn delays_stay_within_full_jitter_bounds() {
    let policy = RetryPolicy::default()
        .with_max_attempts(8)
        .with_base_delay(Duration::from_millis(100))
        .with_max_delay(Duration::from_millis(1000));
    let mut all = Vec::new();
    for _ in 0..20 {
        let client = client_with(policy, Scripted::always(Answer::Status(502)));
        block_on(client.send(&details())).expect_err("gives up");
        let sleeps = client.transport().sleeps();
        assert_eq!(sleeps.len(), 7);
        for (i, delay) in sleeps.iter().enumerate() {
            let attempt = u32::try_from(i + 1).unwrap();
            let cap =
                Duration::from_millis(100 * 2u64.pow(attempt - 1)).min(Duration::from_secs(1));
            assert_eq!(policy.delay_cap(attempt), cap);
            assert!(*delay < cap, "after attempt {attempt}: {delay:?} ≥ {cap:?}");
        }
        all.extend(sleeps);
    }
    // The jitter is real: the delays differ and are not all zero.
    let distinct: HashSet<Duration> = all.iter().copied().collect();
    assert!(distinct.len() > 100, "{} distinct delays", distinct.len());
}

#[test]
fn the_budget_stops_a_storm() {
    // LINE Pay is down: every read fails. Three tokens in the bucket.
    let client = ClientBuilder::new(credentials())
        .retry_budget(RetryBudget::new(3))
        .build_with(Scripted::always(Answer::Status(503)));
    for _ in 0..20 {
        block_on(client.send(&details())).expect_err("LINE Pay is down");
    }
    // 20 first attempts, and only 3 retries in all (the first call took 2, the second 1).
    assert_eq!(client.transport().attempts(), 23);
    assert_eq!(client.transport().sleeps().len(), 3);
    assert_eq!(client.retry_budget().available(), 0.0);

    // Successes earn retries back: ten of them, one retry.
    let recovering = ClientBuilder::new(credentials())
        .retry_budget(RetryBudget::new(1))
        .build_with(Scripted::new(std::iter::repeat_n(DETAILS_OK, 10).chain([
            Answer::Status(502),
            DETAILS_OK,
            Answer::Status(502),
        ])));
    assert!(recovering.retry_budget().try_acquire(), "drain the bucket");
    for _ in 0..10 {
        block_on(recovering.send(&details())).expect("LINE Pay is up");
    }
    assert!((recovering.retry_budget().available() - 1.0).abs() < 1e-9);
    block_on(recovering.send(&details())).expect("one retry, then success");
    // That success put back a tenth: not enough for another retry.
    block_on(recovering.send(&details())).expect_err("no retry left");
    assert_eq!(recovering.transport().attempts(), 10 + 2 + 1);
}

// --- Signing ---------------------------------------------------------------------------------

/// Each attempt's nonce, after checking that its signature is right for what was sent.
fn verified_nonces(requests: &[http::Request<Bytes>]) -> Vec<String> {
    let credentials = credentials();
    let secret = credentials.channel_secret();
    requests
        .iter()
        .map(|request| {
            let nonce = request.headers()[NONCE_HEADER].to_str().unwrap().to_owned();
            let expected = sign(
                secret,
                request.uri().path(),
                signed_payload(request),
                &nonce,
            );
            assert_eq!(
                request.headers()[SIGNATURE_HEADER].to_str().unwrap(),
                expected.as_str(),
                "attempt with nonce {nonce} is not signed over what it sends"
            );
            nonce
        })
        .collect()
}

#[test]
fn each_retry_carries_a_new_nonce_and_a_valid_signature_over_the_same_body() {
    let four = RetryPolicy::default().with_max_attempts(4);
    let client = client_with(
        four,
        Scripted::new([
            Answer::Code("1900"),
            Answer::NotSent,
            Answer::Code("1999"),
            REFUND_OK,
        ]),
    );
    let refund = refund();
    let body = client.prepare(&refund).unwrap().into_body();
    block_on(client.send_with_timeout(&refund, Duration::from_secs(20)))
        .expect("refunded on the fourth attempt");
    let requests = client.transport().requests();
    assert_eq!(requests.len(), 4);

    let nonces = verified_nonces(&requests);
    let distinct: HashSet<&String> = nonces.iter().collect();
    assert_eq!(distinct.len(), 4, "a fresh nonce per attempt: {nonces:?}");
    let signatures: HashSet<_> = requests
        .iter()
        .map(|r| r.headers()[SIGNATURE_HEADER].clone())
        .collect();
    assert_eq!(signatures.len(), 4, "and so a fresh signature");

    for request in &requests {
        assert_eq!(request.body(), &body, "the same body bytes");
        assert_eq!(request.uri(), requests[0].uri());
        assert_eq!(request.method(), http::Method::POST);
        // The rest of the headers are the first attempt's.
        for (name, value) in requests[0].headers() {
            if name != NONCE_HEADER && name != SIGNATURE_HEADER {
                assert_eq!(request.headers().get(name), Some(value), "{name}");
            }
        }
        assert!(request.headers()[SIGNATURE_HEADER].is_sensitive());
    }
    // Not re-serialized: every attempt shares the one buffer encoded before the first.
    let first = requests[0].body().as_ptr();
    assert!(requests.iter().all(|r| r.body().as_ptr() == first));
}

#[test]
fn a_retried_read_is_re_signed_over_the_same_query() {
    let client = client(Scripted::new([Answer::MaybeSentTimeout, DETAILS_OK]));
    let details = PaymentDetails {
        transaction_id: vec![ID, TransactionId::new(2019049910005496811)],
        ..PaymentDetails::default()
    };
    block_on(client.send(&details)).expect("second attempt");
    let requests = client.transport().requests();
    assert_eq!(requests.len(), 2);
    let nonces = verified_nonces(&requests);
    assert_ne!(nonces[0], nonces[1]);
    assert_eq!(
        requests[1].uri().query(),
        Some("transactionId=2019049910005496810&transactionId=2019049910005496811")
    );
    assert_eq!(requests[0].uri(), requests[1].uri());
}

// --- Shape ----------------------------------------------------------------------------------

#[test]
fn call_kinds_come_from_the_endpoint_declarations() {
    assert!(CallKind::of::<PaymentDetails>().is_idempotent());
    assert!(!CallKind::of::<ConfirmPayment>().is_idempotent());
    assert_eq!(VoidPayment::RESEND_ON, ["1900", "1902", "1999"]);
    assert_eq!(RefundPayment::RESEND_ON, ["1900", "1902", "1999"]);
    assert_eq!(CapturePayment::RESEND_ON, [] as [&str; 0]);
}

#[test]
fn clones_of_a_client_share_its_budget() {
    let client = ClientBuilder::new(credentials())
        .retry_budget(RetryBudget::new(4))
        .build();
    let clone = client.clone();
    assert!(std::ptr::eq(client.retry_budget(), clone.retry_budget()));
    assert!(clone.retry_budget().try_acquire());
    assert_eq!(client.retry_budget().available(), 3.0);
    assert_eq!(client.retry_policy(), &RetryPolicy::default());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_retrying_future_is_send_and_runs_on_tokio() {
    let client = Arc::new(client(Scripted::new([Answer::NotSent, CONFIRM_OK])));
    let handle = tokio::spawn({
        let client = Arc::clone(&client);
        async move { client.send(&confirm()).await }
    });
    handle
        .await
        .unwrap()
        .expect("confirmed on the second attempt");
    assert_eq!(client.transport().attempts(), 2);
}

//! `Client::send` under a tracing subscriber: one `linepay.call` span per call with the
//! endpoint, method, ids, attempts, outcome, return code and latency; one WARN event per
//! retry inside it; and never the channel secret, the signature or a body.
//!
//! A recording subscriber, installed as this thread's default, keeps every span's and event's
//! fields as text. Most calls go through a scripted transport polled on the test's thread;
//! one goes through `HyperTransport` to linepay-mock on a current-thread runtime.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use linepay::api::v3::{
    CheckPaymentStatus, ConfirmPayment, Package, PaymentDetails, PaymentStatus, Product,
    RedirectUrls, RequestPayment,
};
use linepay::client::Client;
use linepay::signing::SIGNATURE_HEADER;
use linepay::{
    Amount, ClientBuilder, Credentials, Currency, Delivery, Endpoint, Error, OrderId, RetryPolicy,
    TransactionId, Transport, TransportError,
};
use linepay_mock::MockServer;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Metadata, Subscriber};

const ID: TransactionId = TransactionId::new(2019049910005496810);
const SECRET: &str = "a917ab6a2367b536f8e5a6e2977e06f4";
const CONFIRM_PATH: &str = "/v3/payments/<transactionId>/confirm";

// ---------------------------------------------------------------------------------------
// The recording subscriber.

/// One span or event, its fields as text in the order recorded.
#[derive(Clone, Debug, Default)]
struct Recorded {
    name: String,
    level: String,
    /// The span an event happened in (explicit parent or the entered one).
    parent: Option<u64>,
    fields: Vec<(String, String)>,
}

impl Recorded {
    /// The last value recorded for `name`.
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .rev()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    fn field(&self, name: &str) -> &str {
        self.get(name)
            .unwrap_or_else(|| panic!("no field `{name}` in {self:?}"))
    }
}

#[derive(Default)]
struct Log {
    spans: Vec<(u64, Recorded)>,
    events: Vec<Recorded>,
    /// Entered spans, innermost last (one thread records per test).
    stack: Vec<u64>,
}

/// Keeps every span and event, with all their fields formatted as text.
#[derive(Clone, Default)]
struct Recorder {
    log: Arc<Mutex<Log>>,
    next_id: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl Subscriber for Recorder {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        // Asked per call, so that tests on other threads (other subscribers, or none) cannot
        // leave a cached answer behind.
        Interest::sometimes()
    }

    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let mut recorded = Recorded {
            name: attributes.metadata().name().to_owned(),
            level: attributes.metadata().level().to_string(),
            ..Recorded::default()
        };
        attributes.record(&mut Fields(&mut recorded.fields));
        self.log.lock().unwrap().spans.push((id, recorded));
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut log = self.log.lock().unwrap();
        if let Some((_, recorded)) = log.spans.iter_mut().find(|(id, _)| *id == span.into_u64()) {
            values.record(&mut Fields(&mut recorded.fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut log = self.log.lock().unwrap();
        let parent = event
            .parent()
            .map(Id::into_u64)
            .or_else(|| log.stack.last().copied());
        let mut recorded = Recorded {
            name: event.metadata().name().to_owned(),
            level: event.metadata().level().to_string(),
            parent,
            ..Recorded::default()
        };
        event.record(&mut Fields(&mut recorded.fields));
        log.events.push(recorded);
    }

    fn enter(&self, span: &Id) {
        self.log.lock().unwrap().stack.push(span.into_u64());
    }

    fn exit(&self, span: &Id) {
        let mut log = self.log.lock().unwrap();
        if let Some(at) = log.stack.iter().rposition(|id| *id == span.into_u64()) {
            log.stack.remove(at);
        }
    }
}

impl Recorder {
    /// The `linepay.call` spans, in the order they were opened.
    fn calls(&self) -> Vec<(u64, Recorded)> {
        let log = self.log.lock().unwrap();
        log.spans
            .iter()
            .filter(|(_, span)| span.name == "linepay.call")
            .cloned()
            .collect()
    }

    /// The one `linepay.call` span.
    fn call(&self) -> (u64, Recorded) {
        let mut calls = self.calls();
        assert_eq!(calls.len(), 1, "one span per call: {calls:#?}");
        calls.remove(0)
    }

    /// The events inside span `id`.
    fn events_in(&self, id: u64) -> Vec<Recorded> {
        let log = self.log.lock().unwrap();
        log.events
            .iter()
            .filter(|event| event.parent == Some(id))
            .cloned()
            .collect()
    }

    /// Every name and value recorded, spans and events alike.
    fn every_string(&self) -> Vec<String> {
        let log = self.log.lock().unwrap();
        let recorded = log.spans.iter().map(|(_, span)| span).chain(&log.events);
        recorded
            .flat_map(|r| {
                std::iter::once(r.name.clone())
                    .chain(r.fields.iter().flat_map(|(k, v)| [k.clone(), v.clone()]))
            })
            .collect()
    }

    /// Asserts that none of `secrets` appears in anything recorded.
    fn assert_never_recorded(&self, secrets: &[&str]) {
        let strings = self.every_string();
        assert!(!strings.is_empty(), "nothing was recorded");
        for secret in secrets.iter().filter(|s| !s.is_empty()) {
            for string in &strings {
                assert!(
                    !string.contains(secret),
                    "{secret:?} was recorded in {string:?}"
                );
            }
        }
    }
}

/// Runs `f` with `recorder` as this thread's subscriber.
fn recorded<R>(recorder: &Recorder, f: impl FnOnce() -> R) -> R {
    tracing::subscriber::with_default(recorder.clone(), f)
}

// ---------------------------------------------------------------------------------------
// A scripted transport.

#[derive(Clone, Copy, Debug)]
enum Answer {
    /// The connection could not be opened.
    NotSent,
    /// A proxy's error page with this status.
    Status(u16),
    /// HTTP 200 with this body.
    Body(&'static str),
}

#[derive(Debug, thiserror::Error)]
#[error("scripted connect failure")]
struct ConnectFailed;

impl TransportError for ConnectFailed {
    fn delivery(&self) -> Delivery {
        Delivery::NotSent
    }

    fn is_timeout(&self) -> bool {
        false
    }
}

#[derive(Default)]
struct Scripted {
    script: Mutex<VecDeque<Answer>>,
    seen: Mutex<Vec<http::Request<Bytes>>>,
}

impl Transport for Scripted {
    type Error = ConnectFailed;

    async fn send(
        &self,
        request: http::Request<Bytes>,
        _read_timeout: Duration,
    ) -> Result<http::Response<Bytes>, ConnectFailed> {
        self.seen.lock().unwrap().push(request);
        let answer = self.script.lock().unwrap().pop_front();
        let respond = |status: u16, body: &str| {
            Ok(http::Response::builder()
                .status(status)
                .body(Bytes::from(body.to_owned()))
                .unwrap())
        };
        match answer.expect("the script ran out") {
            Answer::NotSent => Err(ConnectFailed),
            Answer::Status(status) => respond(status, "<html>Bad Gateway</html>"),
            Answer::Body(body) => respond(200, body),
        }
    }

    async fn sleep(&self, _duration: Duration) {}
}

fn client(script: impl IntoIterator<Item = Answer>) -> Client<Scripted> {
    ClientBuilder::new(Credentials::new("1234567890", SECRET).expect("valid"))
        .retry_policy(RetryPolicy::default().with_max_attempts(5))
        .build_with(Scripted {
            script: Mutex::new(script.into_iter().collect()),
            ..Scripted::default()
        })
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

/// The signatures and bodies of every request the transport saw.
fn sent_secrets(client: &Client<Scripted>) -> Vec<String> {
    let seen = client.transport().seen.lock().unwrap();
    assert!(!seen.is_empty());
    seen.iter()
        .flat_map(|request| {
            let signature = request.headers()[SIGNATURE_HEADER]
                .to_str()
                .expect("ascii")
                .to_owned();
            assert_eq!(signature.len(), 44);
            let body = String::from_utf8(request.body().to_vec()).expect("UTF-8");
            [signature, body]
        })
        .collect()
}

fn assert_nothing_secret(recorder: &Recorder, client: &Client<Scripted>) {
    let sent = sent_secrets(client);
    let mut secrets: Vec<&str> = sent.iter().map(String::as_str).collect();
    secrets.push(SECRET);
    recorder.assert_never_recorded(&secrets);
}

fn confirm() -> ConfirmPayment {
    ConfirmPayment {
        transaction_id: ID,
        amount: Amount::whole(100),
        currency: Currency::Twd,
    }
}

const CONFIRM_OK: &str = r#"{"returnCode":"0000","returnMessage":"Success.","info":{"orderId":"ORDER-1","transactionId":2019049910005496810}}"#;
const DETAILS_OK: &str = r#"{"returnCode":"0000","returnMessage":"Success.","info":[]}"#;

// ---------------------------------------------------------------------------------------
// The tests.

#[test]
fn a_confirm_is_one_span_with_its_fields() {
    let recorder = Recorder::default();
    let client = client([Answer::Body(CONFIRM_OK)]);
    let info = recorded(&recorder, || block_on(client.send(&confirm()))).expect("confirmed");
    assert_eq!(info.transaction_id, ID);

    let (id, span) = recorder.call();
    assert_eq!(span.level, "INFO");
    assert_eq!(span.field("endpoint"), CONFIRM_PATH);
    assert_eq!(span.field("method"), "POST");
    assert_eq!(span.field("transaction_id"), "2019049910005496810");
    assert_eq!(span.get("order_id"), None, "a Confirm carries no order id");
    assert_eq!(span.field("attempts"), "1");
    assert_eq!(span.field("outcome"), "ok");
    assert_eq!(span.field("return_code"), "0000");
    assert_eq!(span.get("http_status"), None);
    let latency: u64 = span.field("latency_ms").parse().expect("milliseconds");
    assert!(latency < 60_000, "{latency}");
    assert!(recorder.events_in(id).is_empty(), "no retry, no event");
    assert_nothing_secret(&recorder, &client);
}

#[test]
fn a_v4_client_records_the_path_it_sends_to() {
    let recorder = Recorder::default();
    let v4 = ClientBuilder::new(Credentials::new("1234567890", SECRET).expect("valid"))
        .api_version(linepay::ApiVersion::V4)
        .build_with(Scripted {
            script: Mutex::new([Answer::Body(CONFIRM_OK)].into_iter().collect()),
            ..Scripted::default()
        });
    recorded(&recorder, || block_on(v4.send(&confirm()))).expect("confirmed");

    let (_, span) = recorder.call();
    assert_eq!(
        span.field("endpoint"),
        "/v4/payments/<transactionId>/confirm"
    );
}

#[test]
fn a_retried_read_counts_its_attempts_and_warns_once_per_retry() {
    let recorder = Recorder::default();
    let client = client([Answer::NotSent, Answer::NotSent, Answer::Body(DETAILS_OK)]);
    let details = PaymentDetails {
        transaction_id: vec![ID, TransactionId::new(2019049910005496811)],
        order_id: vec![OrderId::new("ORDER-1").expect("valid")],
        fields: None,
    };
    recorded(&recorder, || block_on(client.send(&details))).expect("read");

    let (id, span) = recorder.call();
    assert_eq!(span.field("endpoint"), "/v3/payments");
    assert_eq!(span.field("method"), "GET");
    assert_eq!(
        span.field("transaction_id"),
        "2019049910005496810,2019049910005496811"
    );
    assert_eq!(span.field("order_id"), "ORDER-1");
    assert_eq!(span.field("attempts"), "3");
    assert_eq!(span.field("outcome"), "ok");
    assert_eq!(span.field("return_code"), "0000");

    let retries = recorder.events_in(id);
    assert_eq!(retries.len(), 2, "{retries:#?}");
    for (n, retry) in retries.iter().enumerate() {
        assert_eq!(retry.level, "WARN");
        assert_eq!(retry.field("attempt"), (n + 1).to_string());
        assert_eq!(retry.field("outcome"), "transport");
        assert_eq!(retry.field("timeout"), "false");
        retry
            .field("delay_ms")
            .parse::<u64>()
            .expect("milliseconds");
        assert_eq!(retry.get("return_code"), None);
    }
    assert_nothing_secret(&recorder, &client);
}

#[test]
fn an_api_error_records_its_return_code() {
    let recorder = Recorder::default();
    let client = client([Answer::Body(
        r#"{"returnCode":"1172","returnMessage":"Existing same orderId."}"#,
    )]);
    let error = recorded(&recorder, || block_on(client.send(&confirm()))).unwrap_err();
    assert!(matches!(error, Error::Api(_)), "{error:?}");

    let (_, span) = recorder.call();
    assert_eq!(span.field("outcome"), "api");
    assert_eq!(span.field("return_code"), "1172");
    assert_eq!(span.field("attempts"), "1");
    span.field("latency_ms");
    assert_nothing_secret(&recorder, &client);
}

#[test]
fn a_retried_internal_error_warns_with_the_code_then_records_the_last_answer() {
    let recorder = Recorder::default();
    let client = client([
        Answer::Body(r#"{"returnCode":"9000","returnMessage":"Internal error."}"#),
        Answer::Status(502),
        Answer::Body(r#"{"returnCode":"0110","returnMessage":"Authorized."}"#),
    ]);
    let status = recorded(&recorder, || {
        block_on(client.send(&CheckPaymentStatus { transaction_id: ID }))
    })
    .expect("checked");
    assert_eq!(status, PaymentStatus::Authorized);

    let (id, span) = recorder.call();
    assert_eq!(span.field("attempts"), "3");
    assert_eq!(span.field("outcome"), "ok");
    // Check Payment Status answers in the return code: the span shows the real one.
    assert_eq!(span.field("return_code"), "0110");
    let retries = recorder.events_in(id);
    assert_eq!(retries.len(), 2, "{retries:#?}");
    assert_eq!(retries[0].field("outcome"), "api");
    assert_eq!(retries[0].field("return_code"), "9000");
    assert_eq!(retries[1].field("outcome"), "http");
    assert_eq!(retries[1].field("http_status"), "502");
    assert_nothing_secret(&recorder, &client);
}

#[test]
fn an_http_error_and_an_invalid_request_have_no_return_code() {
    let recorder = Recorder::default();
    let client = client([Answer::Status(502)]);
    recorded(&recorder, || {
        // A Confirm is not re-sent after a 5xx page: it may have been applied.
        block_on(client.send(&confirm())).unwrap_err();
        // Nothing to ask for: invalid, never sent.
        block_on(client.send(&PaymentDetails::default())).unwrap_err();
    });

    let calls = recorder.calls();
    assert_eq!(calls.len(), 2, "{calls:#?}");
    let (http, invalid) = (&calls[0].1, &calls[1].1);
    assert_eq!(http.field("outcome"), "http");
    assert_eq!(http.field("http_status"), "502");
    assert_eq!(http.field("attempts"), "1");
    assert_eq!(http.get("return_code"), None);
    assert_eq!(invalid.field("outcome"), "invalid");
    assert_eq!(invalid.field("attempts"), "0");
    assert_eq!(invalid.get("return_code"), None);
    assert_eq!(invalid.get("transaction_id"), None, "no ids: left out");
    assert_nothing_secret(&recorder, &client);
}

#[test]
fn without_a_subscriber_the_call_is_the_same() {
    let client = client([Answer::NotSent, Answer::Body(CONFIRM_OK)]);
    let info = block_on(client.send(&confirm())).expect("confirmed");
    assert_eq!(info.transaction_id, ID);
    assert_eq!(client.transport().seen.lock().unwrap().len(), 2);
}

/// A `String` order id compiles and is simply not traced; a `TransactionId` beside it is.
#[test]
fn an_order_id_of_another_type_is_left_out() {
    #[linepay::linepay_endpoint(method = "POST", path = "/v3/custom", response = ())]
    struct Custom {
        transaction_id: Option<TransactionId>,
        order_id: String,
    }

    let custom = Custom {
        transaction_id: Some(ID),
        order_id: "ORDER-1".to_owned(),
    };
    let ids = custom.trace_ids();
    assert_eq!(ids.transaction_ids(), [ID]);
    assert!(ids.order_ids().is_empty());
    assert_eq!(custom.order_id, "ORDER-1");
}

/// Through the real stack: HyperTransport to linepay-mock, Request then Confirm.
#[tokio::test(flavor = "current_thread")]
async fn request_and_confirm_against_the_mock() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client: linepay::Client = linepay::Client::builder(mock.credentials())
        .environment(mock.environment())
        .build();
    let request = RequestPayment::new(
        OrderId::new("TRACED-ORDER-1").expect("valid"),
        Currency::Twd,
        vec![Package::new(
            "shop-1",
            vec![Product::new("Tea", 2, Amount::whole(125))],
        )],
        RedirectUrls::new(
            "https://shop.example/confirm",
            "https://shop.example/cancel",
        ),
    );
    let recorder = Recorder::default();
    let guard = tracing::subscriber::set_default(recorder.clone());
    let info = client.send(&request).await.expect("requested");
    mock.approve(info.transaction_id).expect("approved");
    let confirm = ConfirmPayment {
        transaction_id: info.transaction_id,
        amount: Amount::whole(250),
        currency: Currency::Twd,
    };
    client.send(&confirm).await.expect("confirmed");
    drop(guard);

    let calls = recorder.calls();
    assert_eq!(calls.len(), 2, "{calls:#?}");
    let (requested, confirmed) = (&calls[0].1, &calls[1].1);
    assert_eq!(requested.field("endpoint"), "/v3/payments/request");
    assert_eq!(requested.field("method"), "POST");
    assert_eq!(requested.field("order_id"), "TRACED-ORDER-1");
    assert_eq!(requested.get("transaction_id"), None);
    assert_eq!(requested.field("return_code"), "0000");
    assert_eq!(confirmed.field("endpoint"), CONFIRM_PATH);
    assert_eq!(
        confirmed.field("transaction_id"),
        info.transaction_id.to_string()
    );
    assert_eq!(confirmed.field("attempts"), "1");
    assert_eq!(confirmed.field("return_code"), "0000");
    confirmed.field("latency_ms");

    // The bodies are encoded deterministically: these are the bytes that were sent.
    let bodies: Vec<String> = [
        client.prepare(&request).expect("prepares").into_body(),
        client.prepare(&confirm).expect("prepares").into_body(),
    ]
    .iter()
    .map(|body| String::from_utf8(body.to_vec()).expect("UTF-8"))
    .collect();
    let mut secrets: Vec<&str> = bodies.iter().map(String::as_str).collect();
    secrets.push(mock.channel_secret());
    recorder.assert_never_recorded(&secrets);
    mock.shutdown().await;
}

//! `Client::send` over a pluggable transport: the request that reaches the transport is the
//! signed one, each endpoint's read timeout is passed along (or the client's override), and a
//! transport failure keeps its cause and says whether the request may have been delivered.
//! (Retries have their own tests, in `retry.rs`.)

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use linepay_core::api::v3::{CapturePayment, CheckPaymentStatus, ConfirmPayment, PaymentStatus};
use linepay_core::signing::{SIGNATURE_HEADER, sign_request};
use linepay_core::{
    Amount, ClientBuilder, Credentials, Currency, Delivery, Error, IncomingRequest, Nonce,
    TransactionId, Transport, TransportError,
};

const ID: TransactionId = TransactionId::new(2019049910005496810);

/// Records each request and its read timeout, and answers with a canned body.
#[derive(Default)]
struct Recording {
    seen: Mutex<Vec<(http::Request<Bytes>, Duration)>>,
    answer: &'static str,
}

#[derive(Debug, thiserror::Error)]
#[error("recording transport cannot fail")]
struct Never;

impl TransportError for Never {
    fn delivery(&self) -> Delivery {
        Delivery::NotSent
    }

    fn is_timeout(&self) -> bool {
        false
    }
}

impl Transport for Recording {
    type Error = Never;

    async fn send(
        &self,
        request: http::Request<Bytes>,
        read_timeout: Duration,
    ) -> Result<http::Response<Bytes>, Never> {
        self.seen
            .lock()
            .expect("not poisoned")
            .push((request, read_timeout));
        Ok(http::Response::new(Bytes::from_static(
            self.answer.as_bytes(),
        )))
    }

    async fn sleep(&self, _duration: Duration) {
        unreachable!("every call succeeds at once: nothing to wait for")
    }
}

fn credentials() -> Credentials {
    Credentials::new("1234567890", "a917ab6a2367b536f8e5a6e2977e06f4").expect("valid")
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    // The futures here never wait on I/O, so polling them to completion on this thread is
    // enough; no runtime is needed.
    let waker = std::task::Waker::noop();
    let mut context = std::task::Context::from_waker(waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

#[test]
fn send_passes_the_signed_request_and_the_endpoint_timeout() {
    let transport = Recording {
        answer: r#"{"returnCode":"0110","returnMessage":"OK"}"#,
        ..Recording::default()
    };
    let client = ClientBuilder::new(credentials()).build_with(transport);
    let status = block_on(client.send(&CheckPaymentStatus { transaction_id: ID })).expect("sent");
    assert_eq!(status, PaymentStatus::Authorized);

    let seen = client.transport().seen.lock().expect("not poisoned");
    let (request, timeout) = &seen[0];
    assert_eq!(*timeout, Duration::from_secs(20));
    // What reached the transport decodes back and carries a valid signature.
    assert_eq!(
        CheckPaymentStatus::from_http_request(request).expect("decodes"),
        CheckPaymentStatus { transaction_id: ID }
    );
    let nonce = Nonce::fixed(
        request.headers()["x-line-authorization-nonce"]
            .to_str()
            .expect("ascii"),
    )
    .expect("valid nonce");
    let mut resigned = request.clone();
    sign_request(&mut resigned, credentials().channel_secret(), &nonce);
    assert_eq!(
        resigned.headers()[SIGNATURE_HEADER],
        request.headers()[SIGNATURE_HEADER]
    );
}

#[test]
fn each_endpoint_gets_its_read_timeout_unless_overridden() {
    let answer =
        r#"{"returnCode":"0000","returnMessage":"OK","info":{"orderId":"o","transactionId":1}}"#;
    let confirm = ConfirmPayment {
        transaction_id: ID,
        amount: Amount::whole(100),
        currency: Currency::Twd,
    };
    let capture = CapturePayment {
        transaction_id: ID,
        amount: Amount::whole(100),
        currency: Currency::Twd,
    };

    let client = ClientBuilder::new(credentials()).build_with(Recording {
        answer,
        ..Recording::default()
    });
    block_on(client.send(&confirm)).expect("confirmed");
    block_on(client.send(&capture)).expect("captured");
    block_on(client.send_with_timeout(&confirm, Duration::from_secs(3))).expect("confirmed");
    let timeouts: Vec<Duration> = client
        .transport()
        .seen
        .lock()
        .expect("not poisoned")
        .iter()
        .map(|(_, t)| *t)
        .collect();
    assert_eq!(
        timeouts,
        [
            Duration::from_secs(40),
            Duration::from_secs(60),
            Duration::from_secs(3)
        ]
    );

    let overridden = ClientBuilder::new(credentials())
        .read_timeout(Duration::from_secs(7))
        .build_with(Recording {
            answer,
            ..Recording::default()
        });
    block_on(overridden.send(&capture)).expect("captured");
    assert_eq!(
        overridden.transport().seen.lock().expect("not poisoned")[0].1,
        Duration::from_secs(7)
    );
}

/// Fails as a network would after the request left: the cause is kept. Counts the attempts.
#[derive(Default)]
struct Failing {
    attempts: AtomicUsize,
}

#[derive(Debug, thiserror::Error)]
#[error("connection reset while waiting for the answer")]
struct Reset(#[source] std::io::Error);

impl TransportError for Reset {
    fn delivery(&self) -> Delivery {
        Delivery::MaybeSent
    }

    fn is_timeout(&self) -> bool {
        false
    }
}

impl Transport for Failing {
    type Error = Reset;

    async fn send(
        &self,
        _request: http::Request<Bytes>,
        _read_timeout: Duration,
    ) -> Result<http::Response<Bytes>, Reset> {
        self.attempts.fetch_add(1, Ordering::SeqCst);
        Err(Reset(std::io::Error::from(
            std::io::ErrorKind::ConnectionReset,
        )))
    }

    async fn sleep(&self, _duration: Duration) {
        unreachable!("a Confirm that may have reached LINE Pay is never retried")
    }
}

#[test]
fn a_transport_failure_keeps_its_chain_and_delivery() {
    let client = ClientBuilder::new(credentials()).build_with(Failing::default());
    let confirm = ConfirmPayment {
        transaction_id: ID,
        amount: Amount::whole(100),
        currency: Currency::Twd,
    };
    let error = block_on(client.send(&confirm)).expect_err("fails");
    let Error::Transport(reset) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert_eq!(reset.delivery(), Delivery::MaybeSent);
    let cause = std::error::Error::source(&error).expect("the transport error is the source");
    assert!(
        std::error::Error::source(cause).is_some(),
        "the io error is kept"
    );
    // A Confirm that may have arrived is not sent again.
    assert_eq!(client.transport().attempts.load(Ordering::SeqCst), 1);
}

#[test]
fn an_invalid_request_is_never_handed_to_the_transport() {
    let client = ClientBuilder::new(credentials()).build_with(Recording::default());
    let confirm = ConfirmPayment {
        transaction_id: ID,
        amount: "100.5".parse().expect("amount"),
        currency: Currency::Twd,
    };
    let error = block_on(client.send(&confirm)).expect_err("invalid");
    assert!(matches!(error, Error::Invalid(ref field) if field.field() == "amount"));
    assert!(
        client
            .transport()
            .seen
            .lock()
            .expect("not poisoned")
            .is_empty()
    );
}

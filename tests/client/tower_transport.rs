//! `ServiceTransport` (feature `tower`): a tower service as the transport, against
//! linepay-mock on 127.0.0.1.
//!
//! The service under test is a small tower stack (hyper-util's pooled client, with tower's
//! `map_request`, `map_err` and `and_then`), as a merchant's own stack would be; the failure
//! cases use `tower::service_fn` and a `Service` implemented by hand.

use std::error::Error as StdError;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::client::legacy::Client as PooledClient;
use hyper_util::rt::TokioExecutor;
use linepay::api::v3::CheckPaymentStatus;
use linepay::api::v3::{
    ConfirmPayment, Package, PaymentDetails, PaymentStatus, Product, RedirectUrls, RequestPayment,
};
use linepay::{
    Amount, ClientBuilder, Credentials, Currency, Delivery, Environment, Error, OrderId,
    RetryPolicy, ServiceTransport, ServiceTransportError, TransactionId, TransportError,
};
use linepay_mock::{Fault, FaultKind, MockServer, Route};
use tower::{Service, ServiceExt, service_fn};

type BoxError = Box<dyn StdError + Send + Sync>;

/// What the loopback stack's errors say: did the request possibly leave?
#[derive(Debug, thiserror::Error)]
#[error("loopback HTTP call failed ({delivery:?})")]
struct LoopbackError {
    delivery: Delivery,
    source: BoxError,
}

impl LoopbackError {
    /// Not sent only when the connection could not be opened.
    fn client(error: hyper_util::client::legacy::Error) -> Self {
        let delivery = if error.is_connect() {
            Delivery::NotSent
        } else {
            Delivery::MaybeSent
        };
        Self {
            delivery,
            source: error.into(),
        }
    }

    /// The answer's head arrived: the request surely did.
    fn body(error: hyper::Error) -> Self {
        Self {
            delivery: Delivery::MaybeSent,
            source: error.into(),
        }
    }
}

impl TransportError for LoopbackError {
    fn delivery(&self) -> Delivery {
        self.delivery
    }

    fn is_timeout(&self) -> bool {
        false
    }
}

/// hyper-util's pooled client as a tower service of `Request<Bytes>` answering the whole
/// `Response<Bytes>`, built from tower's combinators.
fn loopback_stack()
-> impl Service<Request<Bytes>, Response = Response<Bytes>, Error = LoopbackError, Future: Send>
+ Clone
+ Send
+ Sync {
    PooledClient::builder(TokioExecutor::new())
        .build_http::<Full<Bytes>>()
        .map_request(|request: Request<Bytes>| request.map(Full::new))
        .map_err(LoopbackError::client)
        .and_then(|response: Response<Incoming>| async move {
            let (head, body) = response.into_parts();
            let body = body.collect().await.map_err(LoopbackError::body)?;
            Ok(Response::from_parts(head, body.to_bytes()))
        })
}

fn tea(order_id: &str) -> RequestPayment {
    RequestPayment::new(
        OrderId::new(order_id).expect("a valid order id"),
        Currency::Twd,
        vec![Package::new(
            "shop-1",
            vec![Product::new("Green tea", 2, Amount::whole(125))],
        )],
        RedirectUrls::new(
            "https://shop.example/linepay/confirm",
            "https://shop.example/linepay/cancel",
        ),
    )
}

fn confirm(transaction_id: TransactionId) -> ConfirmPayment {
    ConfirmPayment {
        transaction_id,
        amount: Amount::whole(250),
        currency: Currency::Twd,
    }
}

/// A client that sends to nowhere in particular: for services that never touch the network.
fn offline_builder() -> ClientBuilder {
    ClientBuilder::new(Credentials::new("1234567890", "secret").expect("valid credentials"))
        .environment(Environment::custom("http://127.0.0.1:9").expect("a valid base URL"))
}

#[tokio::test]
async fn a_whole_payment_through_a_tower_stack() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = mock
        .client_builder()
        .build_with(ServiceTransport::new(loopback_stack(), tokio::time::sleep));

    let info = client.send(&tea("TOWER-1")).await.expect("request");
    let id = info.transaction_id;
    assert_eq!(
        client
            .send(&CheckPaymentStatus { transaction_id: id })
            .await
            .expect("check"),
        PaymentStatus::Waiting
    );
    mock.approve(id).expect("the customer approves");
    let confirmed = client.send(&confirm(id)).await.expect("confirm");
    assert_eq!(confirmed.transaction_id, id);

    let details = PaymentDetails {
        transaction_id: vec![id],
        ..PaymentDetails::default()
    };
    let payments = client.send(&details).await.expect("details");
    assert_eq!(payments.len(), 1);
    assert_eq!(payments[0].transaction_id, id);
    assert_eq!(mock.effects(Route::Confirm), 1);
    mock.shutdown().await;
}

#[tokio::test]
async fn a_connection_lost_after_the_effect_is_maybe_sent_and_never_resent() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = mock
        .client_builder()
        .build_with(ServiceTransport::new(loopback_stack(), tokio::time::sleep));
    let id = client
        .send(&tea("TOWER-2"))
        .await
        .expect("request")
        .transaction_id;
    mock.approve(id).expect("the customer approves");
    mock.inject(Fault::once(Route::Confirm, FaultKind::DropAfterEffect));

    let error = client
        .send(&confirm(id))
        .await
        .expect_err("the connection drops");
    let Error::Transport(ServiceTransportError::Service(error)) = &error else {
        panic!("a transport error from the service: {error:?}");
    };
    assert_eq!(error.delivery(), Delivery::MaybeSent);
    // The confirm arrived and was applied; the client did not send it again.
    assert_eq!(mock.requests(Route::Confirm), 1);
    assert!(
        mock.payment(id)
            .expect("in the ledger")
            .state
            .is_confirmed()
    );
    mock.shutdown().await;
}

#[tokio::test]
async fn a_refused_connection_keeps_the_services_classification() {
    // A port nothing listens on any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let client = ClientBuilder::new(Credentials::new("1234567890", "secret").expect("valid"))
        .environment(Environment::custom(&format!("http://127.0.0.1:{port}")).expect("valid"))
        .retry_policy(RetryPolicy::none())
        .build_with(ServiceTransport::new(loopback_stack(), tokio::time::sleep));

    let error = client
        .send(&confirm(TransactionId::new(2019049910005496810)))
        .await
        .expect_err("nothing listens");
    let Error::Transport(error) = &error else {
        panic!("a transport error: {error:?}");
    };
    assert!(
        matches!(error, ServiceTransportError::Service(_)),
        "{error:?}"
    );
    assert_eq!(error.delivery(), Delivery::NotSent);
    assert!(!error.is_timeout());
    assert!(error.source().is_some(), "the cause chain is kept");
}

#[tokio::test]
async fn a_service_that_never_answers_times_out_as_maybe_sent() {
    let silent = service_fn(|_request: Request<Bytes>| {
        std::future::pending::<Result<Response<Bytes>, LoopbackError>>()
    });
    let read_timeout = Duration::from_millis(50);
    let client = offline_builder()
        .read_timeout(read_timeout)
        .build_with(ServiceTransport::new(silent, tokio::time::sleep));

    let started = Instant::now();
    let error = client
        .send(&confirm(TransactionId::new(2019049910005496810)))
        .await
        .expect_err("no answer");
    assert!(started.elapsed() >= read_timeout);
    let Error::Transport(error) = &error else {
        panic!("a transport error: {error:?}");
    };
    assert!(
        matches!(error, ServiceTransportError::Timeout { after } if *after == read_timeout),
        "{error:?}"
    );
    assert_eq!(error.delivery(), Delivery::MaybeSent);
    assert!(error.is_timeout());
    // A Confirm that may have arrived is not sent again (the default policy would retry a
    // read), so one deadline was all the client waited for.
    assert!(started.elapsed() < Duration::from_secs(5));
}

/// A service that is never ready, as one behind a saturated concurrency limit; it counts the
/// calls it gets (there must be none).
#[derive(Clone, Default)]
struct Saturated {
    calls: Arc<Mutex<u32>>,
}

impl Service<Request<Bytes>> for Saturated {
    type Response = Response<Bytes>;
    type Error = LoopbackError;
    type Future = std::future::Ready<Result<Response<Bytes>, LoopbackError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), LoopbackError>> {
        Poll::Pending
    }

    fn call(&mut self, _request: Request<Bytes>) -> Self::Future {
        *self.calls.lock().expect("not poisoned") += 1;
        std::future::ready(Ok(Response::new(Bytes::new())))
    }
}

#[tokio::test]
async fn a_service_never_ready_was_not_sent_and_is_retried_with_its_timer() {
    let saturated = Saturated::default();
    let waits = Arc::new(Mutex::new(Vec::new()));
    let sleep = {
        let waits = Arc::clone(&waits);
        move |duration: Duration| -> std::pin::Pin<Box<dyn Future<Output = ()> + Send>> {
            waits.lock().expect("not poisoned").push(duration);
            Box::pin(tokio::time::sleep(duration))
        }
    };
    let read_timeout = Duration::from_millis(20);
    let client = offline_builder()
        .read_timeout(read_timeout)
        .retry_policy(
            RetryPolicy::default()
                .with_base_delay(Duration::from_millis(1))
                .with_max_delay(Duration::from_millis(5)),
        )
        .build_with(ServiceTransport::new(saturated.clone(), sleep));

    let error = client
        .send(&confirm(TransactionId::new(2019049910005496810)))
        .await
        .expect_err("never ready");
    let Error::Transport(error) = &error else {
        panic!("a transport error: {error:?}");
    };
    assert!(
        matches!(error, ServiceTransportError::NotReady { .. }),
        "{error:?}"
    );
    assert_eq!(error.delivery(), Delivery::NotSent);
    assert!(error.is_timeout());
    assert_eq!(*saturated.calls.lock().expect("not poisoned"), 0);
    // Not sent, so even a Confirm is tried again: three deadlines, and the two pauses
    // between them, all on the timer the transport was given.
    let waits = waits.lock().expect("not poisoned").clone();
    assert_eq!(waits.len(), 5, "{waits:?}");
    for (index, wait) in waits.iter().enumerate() {
        if index % 2 == 0 {
            assert_eq!(*wait, read_timeout, "{waits:?}");
        } else {
            assert!(*wait <= Duration::from_millis(5), "{waits:?}");
        }
    }
}

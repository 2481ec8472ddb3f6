//! HyperTransport against the mock: connection reuse, read timeouts (recommended and
//! overridden, and firing against a stalled mock), a closed port, the response-size limit,
//! and what its errors say and do not say.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use linepay::api::v3::{
    CapturePayment, CheckPaymentStatus, CheckRegKey, ConfirmPayment, ExpireRegKey, PayPreapproved,
    PayStatus, PayType, PaymentDetails, PaymentStatus, RefundPayment, RequestPayment, VoidPayment,
};
use linepay::signing::SIGNATURE_HEADER;
use linepay::{
    Amount, Client, Currency, Delivery, Endpoint, Error, HyperError, HyperErrorKind,
    HyperTransport, Nonce, NonceSource, RetryPolicy, Transport, TransportError,
};
use linepay_mock::{Fault, FaultKind, MockServer, PaymentState, Route};

use crate::support::*;

/// A short read timeout for calls that are meant to time out.
const SHORT: Duration = Duration::from_millis(300);
/// How long the mock stalls: well beyond [`SHORT`].
const STALL: Duration = Duration::from_millis(1000);

fn check(
    client: &Client,
    id: linepay::TransactionId,
) -> impl Future<Output = CallResult<PaymentStatus>> {
    client.send(&CheckPaymentStatus { transaction_id: id })
}

#[tokio::test]
async fn ten_sequential_calls_use_one_connection_and_clones_share_it() {
    let (mock, client) = start().await;
    let before = mock.accepted_connections();
    let id = requested(&client, &tea("POOL-1")).await.transaction_id;
    for _ in 0..9 {
        assert_eq!(check(&client, id).await.unwrap(), PaymentStatus::Waiting);
    }
    assert_eq!(
        mock.requests(Route::Request) + mock.requests(Route::CheckPaymentStatus),
        10
    );
    assert_eq!(
        mock.accepted_connections() - before,
        1,
        "ten calls, one connection"
    );

    // A cloned client, and a client built around a clone of the transport, share the pool.
    let cloned = client.clone();
    let rebuilt = mock.client_builder().build_with(client.transport().clone());
    for _ in 0..3 {
        cloned
            .send(&CheckPaymentStatus { transaction_id: id })
            .await
            .unwrap();
        rebuilt
            .send(&CheckPaymentStatus { transaction_id: id })
            .await
            .unwrap();
    }
    assert_eq!(
        mock.accepted_connections() - before,
        1,
        "clones share the connection"
    );

    // A separately built transport has a pool of its own.
    let stranger = client_for(&mock);
    check(&stranger, id).await.unwrap();
    assert_eq!(mock.accepted_connections() - before, 2);
}

#[tokio::test]
async fn a_connection_the_server_dropped_is_replaced() {
    let mock = MockServer::start().await.unwrap();
    // No client retries here: this is about what the transport itself does.
    let client: Client = Client::builder(mock.credentials())
        .environment(mock.environment())
        .retry_policy(RetryPolicy::none())
        .build();
    let id = requested(&client, &tea("REPLACE-1")).await.transaction_id;
    assert_eq!(mock.accepted_connections(), 1);
    mock.inject(Fault::once(
        Route::CheckPaymentStatus,
        FaultKind::DropAfterEffect,
    ));
    let error = transport_error(check(&client, id).await);
    assert_eq!(error.delivery(), Delivery::MaybeSent);
    // The next call does not trip over the dead connection.
    assert_eq!(check(&client, id).await.unwrap(), PaymentStatus::Waiting);
    assert_eq!(mock.accepted_connections(), 2);
    assert_eq!(
        mock.requests(Route::CheckPaymentStatus),
        2,
        "nothing was resent"
    );
}

#[tokio::test]
async fn the_default_client_resends_a_read_whose_connection_was_dropped() {
    let (mock, client) = start().await;
    let id = requested(&client, &tea("RESEND-READ-1"))
        .await
        .transaction_id;
    mock.inject(Fault::once(
        Route::CheckPaymentStatus,
        FaultKind::DropAfterEffect,
    ));
    // MaybeSent, but a read: sent again on a new connection, and the caller never knows.
    assert_eq!(check(&client, id).await.unwrap(), PaymentStatus::Waiting);
    assert_eq!(mock.requests(Route::CheckPaymentStatus), 2);
    assert_eq!(mock.accepted_connections(), 2);
    // A 9000 on a read is sent again too.
    mock.inject(Fault::once(
        Route::CheckPaymentStatus,
        FaultKind::ReturnCode("9000".to_owned()),
    ));
    assert_eq!(check(&client, id).await.unwrap(), PaymentStatus::Waiting);
    assert_eq!(mock.requests(Route::CheckPaymentStatus), 4);
    // The same drop on Confirm is not: it was applied, and the client does not confirm twice.
    mock.approve(id).unwrap();
    mock.inject(Fault::once(Route::Confirm, FaultKind::DropAfterEffect));
    let error = transport_error(client.send(&confirm_of(id, TEA_TOTAL)).await);
    assert_eq!(error.delivery(), Delivery::MaybeSent);
    assert_eq!(mock.requests(Route::Confirm), 1);
    assert_eq!(mock.effects(Route::Confirm), 1);
    // Asking is a read, and a proxy's 502 on it is sent again: the payment is captured.
    mock.inject(Fault::once(
        Route::PaymentDetails,
        FaultKind::ServerErrorHtml { status: 502 },
    ));
    assert_eq!(
        detail(&client, id).await.pay_status,
        Some(PayStatus::Capture)
    );
    assert_eq!(mock.requests(Route::PaymentDetails), 2);
}

/// HyperTransport, recording the read timeout each call gets.
#[derive(Clone, Debug, Default)]
struct Spy {
    inner: HyperTransport,
    seen: Arc<Mutex<Vec<(String, Duration)>>>,
}

impl Spy {
    fn last(&self) -> (String, Duration) {
        self.seen
            .lock()
            .unwrap()
            .last()
            .cloned()
            .expect("a call was sent")
    }
}

impl Transport for Spy {
    type Error = HyperError;

    async fn send(
        &self,
        request: http::Request<Bytes>,
        read_timeout: Duration,
    ) -> Result<http::Response<Bytes>, HyperError> {
        let path = request.uri().path().to_owned();
        self.seen.lock().unwrap().push((path, read_timeout));
        self.inner.send(request, read_timeout).await
    }

    async fn sleep(&self, duration: Duration) {
        self.inner.sleep(duration).await;
    }
}

/// Sends `endpoint` and checks the read timeout the transport got: LINE Pay's
/// recommendation, in seconds.
async fn timed<E: Endpoint>(
    client: &linepay::client::Client<Spy>,
    endpoint: &E,
    seconds: u64,
) -> E::Response
where
    E::Response: std::fmt::Debug,
{
    let response = client.send(endpoint).await.unwrap();
    let (path, timeout) = client.transport().last();
    assert_eq!(timeout, Duration::from_secs(seconds), "{path}");
    assert_eq!(timeout, E::READ_TIMEOUT, "{path}");
    assert_eq!(client.read_timeout_for::<E>(), timeout, "{path}");
    response
}

#[tokio::test]
async fn every_endpoint_gets_its_recommended_read_timeout() {
    let mock = MockServer::start().await.unwrap();
    let client = mock.client_builder().build_with(Spy::default());

    let request = with_payment(tea("TIMEOUTS-1"), Some(false), Some(PayType::Preapproved));
    let id = timed(&client, &request, 20).await.transaction_id;
    mock.approve(id).unwrap();
    let confirmed = timed(&client, &confirm_of(id, TEA_TOTAL), 40).await;
    let reg_key = confirmed.reg_key.unwrap();
    let capture = CapturePayment {
        transaction_id: id,
        amount: Amount::whole(TEA_TOTAL),
        currency: Currency::Twd,
    };
    timed(&client, &capture, 60).await;
    timed(&client, &RefundPayment::partial(id, Amount::whole(10)), 20).await;
    timed(&client, &details_of(id), 20).await;
    timed(&client, &CheckPaymentStatus { transaction_id: id }, 20).await;
    let check_key = CheckRegKey {
        reg_key: reg_key.clone(),
        credit_card_auth: Some(true),
    };
    timed(&client, &check_key, 20).await;
    let charge = PayPreapproved {
        reg_key: reg_key.clone(),
        product_name: "Plan".to_owned(),
        amount: Amount::whole(100),
        currency: Currency::Twd,
        order_id: order("TIMEOUTS-2"),
        capture: Some(false),
    };
    let charged = timed(&client, &charge, 40).await;
    let void = VoidPayment {
        transaction_id: charged.transaction_id,
    };
    timed(&client, &void, 20).await;
    timed(&client, &ExpireRegKey { reg_key }, 20).await;
    assert_eq!(
        client.transport().seen.lock().unwrap().len(),
        10,
        "all ten endpoints"
    );

    // The facade's client with HyperTransport: the same recommendations, and the
    // transport's own defaults.
    let facade = client_for(&mock);
    assert_eq!(
        facade.read_timeout_for::<RequestPayment>(),
        Duration::from_secs(20)
    );
    assert_eq!(
        facade.read_timeout_for::<ConfirmPayment>(),
        Duration::from_secs(40)
    );
    assert_eq!(
        facade.read_timeout_for::<CapturePayment>(),
        Duration::from_secs(60)
    );
    assert_eq!(
        facade.read_timeout_for::<PayPreapproved>(),
        Duration::from_secs(40)
    );
    assert_eq!(
        facade.read_timeout_for::<PaymentDetails>(),
        Duration::from_secs(20)
    );
    assert_eq!(facade.transport().connect_timeout(), Duration::from_secs(5));
    assert_eq!(facade.transport().max_response_bytes(), 1024 * 1024);

    // A client-wide override replaces every recommendation.
    let overridden = mock
        .client_builder()
        .read_timeout(Duration::from_secs(7))
        .build_with(Spy::default());
    overridden.send(&details_of(id)).await.unwrap();
    assert_eq!(overridden.transport().last().1, Duration::from_secs(7));
    assert_eq!(
        overridden.read_timeout_for::<CapturePayment>(),
        Duration::from_secs(7)
    );
}

#[tokio::test]
async fn a_stalled_confirm_times_out_as_maybe_sent_and_still_confirms() {
    let (mock, client) = start().await;
    let id = approved(&mock, &client, &tea("STALL-1")).await;
    mock.inject(Fault::once(Route::Confirm, FaultKind::Delay(STALL)));

    let error = transport_error(
        client
            .send_with_timeout(&confirm_of(id, TEA_TOTAL), SHORT)
            .await,
    );
    assert!(error.is_timeout());
    assert_eq!(error.kind(), HyperErrorKind::Timeout { after: SHORT });
    assert_eq!(error.delivery(), Delivery::MaybeSent, "it had a connection");
    assert!(
        error.to_string().contains("may have been received"),
        "{error}"
    );
    // The mock is still holding the call: nothing applied yet (its delay outlasts ours).
    assert_eq!(mock.effects(Route::Confirm), 0);
    assert_eq!(mock.requests(Route::Confirm), 1);

    // The call still lands; the merchant learns it from Payment Details, not by resending.
    eventually("the held Confirm is applied", || {
        mock.effects(Route::Confirm) == 1
    })
    .await;
    assert_eq!(
        detail(&client, id).await.pay_status,
        Some(PayStatus::Capture)
    );
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Captured);
    assert_eq!(mock.requests(Route::Confirm), 1, "hyper did not resend it");
}

#[tokio::test]
async fn a_client_wide_read_timeout_fires_against_a_stalled_read() {
    let mock = MockServer::start().await.unwrap();
    let client: Client = Client::builder(mock.credentials())
        .environment(mock.environment())
        .read_timeout(SHORT)
        .retry_policy(RetryPolicy::none())
        .build();
    assert_eq!(client.read_timeout_for::<CheckPaymentStatus>(), SHORT);
    let id = requested(&client, &tea("STALL-READ")).await.transaction_id;
    mock.inject(Fault::once(
        Route::CheckPaymentStatus,
        FaultKind::Delay(STALL),
    ));
    let error = transport_error(check(&client, id).await);
    assert!(error.is_timeout());
    assert_eq!(error.kind(), HyperErrorKind::Timeout { after: SHORT });
    assert_eq!(error.delivery(), Delivery::MaybeSent);
    // A read is safe to ask again, on another connection.
    assert_eq!(check(&client, id).await.unwrap(), PaymentStatus::Waiting);

    // The default client does that by itself: the stalled attempt times out, the second
    // one answers.
    let retrying: Client = Client::builder(mock.credentials())
        .environment(mock.environment())
        .read_timeout(SHORT)
        .build();
    mock.inject(Fault::once(
        Route::CheckPaymentStatus,
        FaultKind::Delay(STALL),
    ));
    let before = mock.requests(Route::CheckPaymentStatus);
    assert_eq!(check(&retrying, id).await.unwrap(), PaymentStatus::Waiting);
    assert_eq!(mock.requests(Route::CheckPaymentStatus) - before, 2);
}

#[tokio::test]
async fn a_closed_port_is_a_connect_error_that_was_not_sent() {
    let mock = MockServer::start().await.unwrap();
    let client = client_for(&mock);
    mock.shutdown().await;

    let error = transport_error(client.send(&tea("CLOSED-1")).await);
    assert_eq!(error.kind(), HyperErrorKind::Connect);
    assert_eq!(error.delivery(), Delivery::NotSent);
    assert!(error.delivery().is_safe_to_resend());
    assert!(!error.is_timeout());
    assert!(error.to_string().contains("not sent"), "{error}");
    // The cause chain reaches the refused TCP connect.
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&error);
    let mut refused = false;
    while let Some(current) = cause {
        refused |= current
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused);
        cause = current.source();
    }
    assert!(refused, "no ConnectionRefused in {error:?}");
}

#[tokio::test]
async fn an_answer_over_the_size_limit_is_too_large_and_was_received() {
    let mock = MockServer::start().await.unwrap();
    let small = HyperTransport::builder().max_response_bytes(64).build();
    let client: Client = Client::builder(mock.credentials())
        .environment(mock.environment())
        .build_with(small);
    let error = transport_error(client.send(&tea("LARGE-1")).await);
    assert_eq!(error.kind(), HyperErrorKind::TooLarge { limit: 64 });
    assert_eq!(error.delivery(), Delivery::MaybeSent);
    assert_eq!(
        mock.ledger().len(),
        1,
        "the request was received and applied"
    );
}

#[tokio::test]
async fn transport_errors_never_show_the_signature_or_the_secret() {
    let mock = MockServer::start().await.unwrap();
    let nonce = Nonce::fixed("0f6b9c62-1d7e-4c3a-9f1e-5b2a7d8c4e10").unwrap();
    let client: Client = Client::builder(mock.credentials())
        .environment(mock.environment())
        .nonce_source(NonceSource::Fixed(nonce))
        .build();
    let id = approved(&mock, &client, &tea("LEAK-1")).await;
    let confirm = confirm_of(id, TEA_TOTAL);
    // With a fixed nonce, the signature `send` will use is the one `prepare` gives.
    let prepared = client.prepare(&confirm).unwrap();
    let signature = prepared.headers()[SIGNATURE_HEADER]
        .to_str()
        .unwrap()
        .to_owned();

    mock.inject(Fault::once(Route::Confirm, FaultKind::DropAfterEffect));
    let dropped = client.send(&confirm).await.unwrap_err();
    let refund = RefundPayment::full(id);
    mock.inject(Fault::once(Route::Refund, FaultKind::Delay(STALL)));
    let timed_out = client.send_with_timeout(&refund, SHORT).await.unwrap_err();
    for error in [&dropped, &timed_out] {
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
        let mut shown = format!("{error}\n{error:?}");
        let mut cause = std::error::Error::source(error);
        while let Some(current) = cause {
            shown.push_str(&format!("\n{current}\n{current:?}"));
            cause = current.source();
        }
        assert!(!shown.contains(&signature), "{shown}");
        assert!(!shown.contains(mock.channel_secret()), "{shown}");
        assert!(!shown.contains("\"amount\""), "no body in {shown}");
    }
    assert!(!format!("{client:?}").contains(mock.channel_secret()));
}

#[tokio::test]
async fn a_timeout_before_any_connection_is_not_sent() {
    // A listener that never accepts, with its accept queue filled: the kernel drops further
    // SYNs, so a connect neither succeeds nor fails within the read timeout.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let address = listener.local_addr().unwrap();
    let mut queued = Vec::new();
    while let Ok(Ok(stream)) = tokio::time::timeout(
        Duration::from_millis(100),
        tokio::net::TcpStream::connect(address),
    )
    .await
    {
        queued.push(stream);
        assert!(queued.len() < 64, "the accept queue never filled");
    }
    let credentials = linepay::Credentials::new(
        linepay_mock::DEFAULT_CHANNEL_ID,
        linepay_mock::DEFAULT_CHANNEL_SECRET,
    )
    .unwrap();
    let client: Client = Client::builder(credentials)
        .environment(linepay::Environment::custom(&format!("http://{address}")).unwrap())
        .build();
    let error = transport_error(client.send_with_timeout(&tea("NEVER-1"), SHORT).await);
    assert_eq!(error.kind(), HyperErrorKind::Timeout { after: SHORT });
    assert!(error.is_timeout());
    assert_eq!(error.delivery(), Delivery::NotSent, "{error}");
    assert!(error.to_string().contains("not sent"), "{error}");
    drop(queued);
}

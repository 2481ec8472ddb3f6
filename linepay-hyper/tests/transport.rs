//! HyperTransport against servers started on 127.0.0.1: round trips, pooling, and every
//! failure with its `Delivery`.

mod support;

use std::error::Error as _;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{Request, StatusCode};
use linepay_core::{Delivery, Transport, TransportError};
use linepay_hyper::{HyperError, HyperErrorKind, HyperTransport};
use tokio::io::AsyncWriteExt;

const READ_TIMEOUT: Duration = Duration::from_secs(10);
const SIGNATURE: &str = "c2lnbmF0dXJlLXRoYXQtbXVzdC1uZXZlci1iZS1sb2dnZWQ=";

fn get(url: &str) -> Request<Bytes> {
    Request::get(url)
        .header("x-line-authorization", SIGNATURE)
        .body(Bytes::new())
        .unwrap()
}

/// Every message of the error and its causes, one line each, and its `Debug`.
fn describe(error: &HyperError) -> (Vec<String>, String) {
    let mut chain = vec![error.to_string()];
    let mut next = error.source();
    while let Some(cause) = next {
        chain.push(cause.to_string());
        next = cause.source();
    }
    (chain, format!("{error:?}"))
}

fn assert_no_secrets(error: &HyperError) {
    let (chain, debug) = describe(error);
    for text in chain.iter().chain([&debug]) {
        assert!(!text.contains(SIGNATURE), "leaked the signature: {text}");
        assert!(!text.contains("orderId"), "leaked the request: {text}");
    }
}

#[tokio::test]
async fn get_keeps_the_request_target_byte_for_byte() {
    let target = "/v3/payments?orderId=A%20B&orderId=%E6%B8%AC";
    let (heads_tx, mut heads) = tokio::sync::mpsc::unbounded_channel();
    let addr = support::start_raw(move |mut stream| {
        let heads_tx = heads_tx.clone();
        async move {
            let head = support::read_head(&mut stream).await;
            heads_tx.send(head).unwrap();
            let body = r#"{"returnCode":"0000","returnMessage":"Success."}"#;
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                body.len()
            );
            support::answer_raw(stream, response.into_bytes()).await;
        }
    })
    .await;

    let transport = HyperTransport::new();
    let response = transport
        .send(get(&format!("http://{addr}{target}")), READ_TIMEOUT)
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(
        response.body(),
        r#"{"returnCode":"0000","returnMessage":"Success."}"#
    );
    let head = heads.recv().await.unwrap();
    let request_line = head.lines().next().unwrap();
    assert_eq!(request_line, format!("GET {target} HTTP/1.1"));
    assert!(head.to_ascii_lowercase().contains(&format!(
        "x-line-authorization: {}",
        SIGNATURE.to_ascii_lowercase()
    )));
    assert!(head.contains(&format!("host: {addr}")));
}

#[tokio::test]
async fn post_delivers_body_and_headers_as_sent() {
    let mut server = support::start(|_| {
        support::json(r#"{"returnCode":"0000","returnMessage":"Success.","info":{}}"#)
    })
    .await;
    let body = r#"{"amount":100,"currency":"TWD","orderId":"測試-1"}"#;
    let request = Request::post(server.url("/v3/payments/2019049910005496810/confirm"))
        .header("content-type", "application/json")
        .header("x-line-channelid", "1234567890")
        .header(
            "x-line-authorization-nonce",
            "44453d45-768e-40e8-8349-748e797c450f",
        )
        .header("x-line-authorization", SIGNATURE)
        .body(Bytes::from_static(body.as_bytes()))
        .unwrap();

    let response = HyperTransport::new()
        .send(request, READ_TIMEOUT)
        .await
        .unwrap();

    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.body(),
        r#"{"returnCode":"0000","returnMessage":"Success.","info":{}}"#
    );
    let received = server.next_request().await;
    assert_eq!(received.method, http::Method::POST);
    assert_eq!(received.target, "/v3/payments/2019049910005496810/confirm");
    assert_eq!(received.body, body.as_bytes());
    assert_eq!(received.headers["content-type"], "application/json");
    assert_eq!(received.headers["x-line-channelid"], "1234567890");
    assert_eq!(
        received.headers["x-line-authorization-nonce"],
        "44453d45-768e-40e8-8349-748e797c450f"
    );
    assert_eq!(received.headers["x-line-authorization"], SIGNATURE);
    assert_eq!(
        received.headers["content-length"],
        body.len().to_string().as_str()
    );
}

#[tokio::test]
async fn sequential_sends_reuse_one_connection() {
    let server = support::start(|_| support::json(r#"{"returnCode":"0000"}"#)).await;
    let transport = HyperTransport::new();
    for i in 0..5 {
        // Clones share the pool.
        let transport = transport.clone();
        let response = transport
            .send(
                get(&server.url(&format!("/v3/payments?orderId={i}"))),
                READ_TIMEOUT,
            )
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
    }
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn a_silent_server_times_out_and_may_have_received_the_request() {
    let addr = support::start_raw(|mut stream| async move {
        support::read_head(&mut stream).await;
        // Hold the connection open, never answer.
        tokio::time::sleep(Duration::from_secs(60)).await;
        drop(stream);
    })
    .await;

    let timeout = Duration::from_millis(200);
    let started = Instant::now();
    let error = HyperTransport::new()
        .send(get(&format!("http://{addr}/v3/payments/1/check")), timeout)
        .await
        .unwrap_err();

    assert!(error.is_timeout(), "{error:?}");
    assert_eq!(error.kind(), HyperErrorKind::Timeout { after: timeout });
    assert_eq!(error.delivery(), Delivery::MaybeSent);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(error.to_string().contains("did not answer within 200ms"));
    assert_no_secrets(&error);
}

#[tokio::test]
async fn a_slow_body_is_covered_by_the_read_timeout() {
    let addr = support::start_raw(|mut stream| async move {
        support::read_head(&mut stream).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 40\r\n\r\n{\"returnCode\":";
        stream.write_all(head.as_bytes()).await.unwrap();
        tokio::time::sleep(Duration::from_secs(60)).await;
    })
    .await;

    let error = HyperTransport::new()
        .send(
            get(&format!("http://{addr}/v3/payments/1/check")),
            Duration::from_millis(200),
        )
        .await
        .unwrap_err();

    assert!(error.is_timeout());
    assert_eq!(error.delivery(), Delivery::MaybeSent);
}

#[tokio::test]
async fn connection_refused_was_not_sent() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };

    let error = HyperTransport::new()
        .send(
            get(&format!("http://127.0.0.1:{port}/v3/payments?orderId=1")),
            READ_TIMEOUT,
        )
        .await
        .unwrap_err();

    assert_eq!(error.kind(), HyperErrorKind::Connect);
    assert_eq!(error.delivery(), Delivery::NotSent);
    assert!(!error.is_timeout());
    let (chain, _) = describe(&error);
    assert!(chain.len() >= 2, "the cause chain is kept: {chain:?}");
    assert!(
        chain.iter().any(|m| m.contains("refused")),
        "the I/O cause is in the chain: {chain:?}"
    );
    assert_no_secrets(&error);
}

#[tokio::test]
async fn a_server_that_hangs_up_after_reading_may_have_received_the_request() {
    let addr = support::start_raw(|mut stream| async move {
        support::read_head(&mut stream).await;
        drop(stream);
    })
    .await;

    let error = HyperTransport::new()
        .send(
            get(&format!("http://{addr}/v3/payments?orderId=1")),
            READ_TIMEOUT,
        )
        .await
        .unwrap_err();

    assert_eq!(error.kind(), HyperErrorKind::Send);
    assert_eq!(error.delivery(), Delivery::MaybeSent);
    assert!(!error.is_timeout());
    let (chain, _) = describe(&error);
    assert!(chain.len() >= 2, "the cause chain is kept: {chain:?}");
    assert_no_secrets(&error);
}

#[tokio::test]
async fn a_body_cut_short_may_have_received_the_request() {
    let addr = support::start_raw(|mut stream| async move {
        support::read_head(&mut stream).await;
        let head = "HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"returnCode\":";
        stream.write_all(head.as_bytes()).await.unwrap();
        drop(stream);
    })
    .await;

    let error = HyperTransport::new()
        .send(
            get(&format!("http://{addr}/v3/payments/1/check")),
            READ_TIMEOUT,
        )
        .await
        .unwrap_err();

    assert_eq!(error.kind(), HyperErrorKind::Body);
    assert_eq!(error.delivery(), Delivery::MaybeSent);
    assert!(error.source().is_some());
}

#[tokio::test]
async fn an_announced_oversized_answer_is_too_large() {
    let server = support::start(|_| {
        let big = "x".repeat(4096);
        http::Response::new(http_body_util::Full::new(Bytes::from(big)))
    })
    .await;
    let transport = HyperTransport::builder().max_response_bytes(1024).build();

    let error = transport
        .send(get(&server.url("/v3/payments")), READ_TIMEOUT)
        .await
        .unwrap_err();

    assert_eq!(error.kind(), HyperErrorKind::TooLarge { limit: 1024 });
    assert_eq!(error.delivery(), Delivery::MaybeSent);
    assert!(!error.is_timeout());
    assert!(error.to_string().contains("1024-byte limit"));
    assert!(
        error.source().is_none(),
        "refused from Content-Length, before reading the body"
    );
}

#[tokio::test]
async fn a_chunked_oversized_answer_is_too_large() {
    let addr = support::start_raw(|mut stream| async move {
        support::read_head(&mut stream).await;
        let mut response = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
        for _ in 0..8 {
            response.extend_from_slice(b"200\r\n");
            response.extend_from_slice(&[b'x'; 0x200]);
            response.extend_from_slice(b"\r\n");
        }
        response.extend_from_slice(b"0\r\n\r\n");
        support::answer_raw(stream, response).await;
    })
    .await;
    let transport = HyperTransport::builder().max_response_bytes(1024).build();

    let error = transport
        .send(get(&format!("http://{addr}/v3/payments")), READ_TIMEOUT)
        .await
        .unwrap_err();

    assert_eq!(error.kind(), HyperErrorKind::TooLarge { limit: 1024 });
    assert_eq!(error.delivery(), Delivery::MaybeSent);
    assert!(error.source().is_some(), "the length-limit error is kept");
}

#[tokio::test]
async fn an_answer_at_the_limit_is_read_whole() {
    let server = support::start(|_| {
        http::Response::new(http_body_util::Full::new(Bytes::from("y".repeat(1024))))
    })
    .await;
    let transport = HyperTransport::builder().max_response_bytes(1024).build();

    let response = transport
        .send(get(&server.url("/v3/payments")), READ_TIMEOUT)
        .await
        .unwrap();

    assert_eq!(response.body().len(), 1024);
}

#[tokio::test]
async fn a_relative_uri_is_refused_before_sending() {
    let error = HyperTransport::new()
        .send(get("/v3/payments"), READ_TIMEOUT)
        .await
        .unwrap_err();

    assert!(matches!(
        error.kind(),
        HyperErrorKind::InvalidRequest { .. }
    ));
    assert_eq!(error.delivery(), Delivery::NotSent);
}

#[tokio::test]
async fn debug_shows_settings_only() {
    let transport = HyperTransport::builder()
        .connect_timeout(Duration::from_secs(2))
        .build();
    let debug = format!("{transport:?}");
    assert!(debug.contains("connect_timeout: 2s"), "{debug}");
    assert!(debug.contains("ring + webpki-roots"), "{debug}");
}

/// A listener whose accept queue is full, so the kernel drops further SYNs and a connect
/// hangs; `None` where the platform does not behave that way.
async fn full_listener() -> Option<(tokio::net::TcpListener, Vec<tokio::net::TcpStream>)> {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut held = Vec::new();
    for _ in 0..64 {
        let connect = tokio::net::TcpStream::connect(addr);
        match tokio::time::timeout(Duration::from_millis(300), connect).await {
            Ok(Ok(stream)) => held.push(stream),
            Ok(Err(_)) => return None,
            Err(_) => return Some((listener, held)),
        }
    }
    None
}

#[tokio::test]
async fn a_connect_timeout_was_not_sent() {
    let Some((listener, _held)) = full_listener().await else {
        eprintln!("skipped: this kernel does not drop SYNs to a full accept queue");
        return;
    };
    let addr = listener.local_addr().unwrap();
    let transport = HyperTransport::builder()
        .connect_timeout(Duration::from_millis(200))
        .build();

    let error = transport
        .send(get(&format!("http://{addr}/v3/payments")), READ_TIMEOUT)
        .await
        .unwrap_err();

    assert_eq!(error.kind(), HyperErrorKind::Connect);
    assert_eq!(error.delivery(), Delivery::NotSent);
    assert!(error.is_timeout(), "{error:?}");
    assert!(error.to_string().contains("connect timeout"));
}

#[tokio::test]
async fn a_read_timeout_before_any_connection_was_not_sent() {
    let Some((listener, _held)) = full_listener().await else {
        eprintln!("skipped: this kernel does not drop SYNs to a full accept queue");
        return;
    };
    let addr = listener.local_addr().unwrap();
    let timeout = Duration::from_millis(200);

    let error = HyperTransport::new()
        .send(get(&format!("http://{addr}/v3/payments")), timeout)
        .await
        .unwrap_err();

    assert_eq!(error.kind(), HyperErrorKind::Timeout { after: timeout });
    assert_eq!(error.delivery(), Delivery::NotSent);
    assert!(error.is_timeout());
    assert!(error.to_string().contains("the request was not sent"));
}

/// A TCP server that accepts connections and never says a word: a TLS handshake with it
/// never completes. The accepted streams are kept open until the test ends.
async fn silent_tls_peer() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    addr
}

#[tokio::test]
async fn a_stalled_tls_handshake_is_a_connect_timeout_and_was_not_sent() {
    let addr = silent_tls_peer().await;
    let transport = HyperTransport::builder()
        .connect_timeout(Duration::from_millis(200))
        .build();

    // The read timeout (10 s) is far longer: the connect timeout covers TLS too, so this is
    // a connect error, not a read timeout.
    let error = transport
        .send(get(&format!("https://{addr}/v3/payments")), READ_TIMEOUT)
        .await
        .unwrap_err();

    assert_eq!(error.kind(), HyperErrorKind::Connect, "{error:?}");
    assert_eq!(error.delivery(), Delivery::NotSent);
    assert!(error.is_timeout(), "{error:?}");
    assert!(error.to_string().contains("connect timeout"), "{error}");
}

#[tokio::test]
async fn a_read_timeout_shorter_than_the_connect_timeout_during_the_handshake_was_not_sent() {
    let addr = silent_tls_peer().await;
    let timeout = Duration::from_millis(200);

    // Default connect timeout (5 s): the read timeout fires first, while the TLS handshake
    // is still going, so the request never had a connection.
    let error = HyperTransport::new()
        .send(get(&format!("https://{addr}/v3/payments")), timeout)
        .await
        .unwrap_err();

    assert_eq!(error.kind(), HyperErrorKind::Timeout { after: timeout });
    assert_eq!(error.delivery(), Delivery::NotSent);
    assert!(error.is_timeout());
}

#[tokio::test]
async fn a_read_timeout_after_the_connection_may_have_been_sent_whatever_its_length() {
    // A server that accepts and reads the request but never answers: with a read timeout
    // longer than the connect timeout (no connection tracking) and with a shorter one
    // (tracking), the verdict is the same.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut stream, _)) = listener.accept().await {
            let mut buffer = [0u8; 1024];
            let _ = tokio::io::AsyncReadExt::read(&mut stream, &mut buffer).await;
            held.push(stream);
        }
    });
    let url = format!("http://{addr}/v3/payments");
    let short = HyperTransport::new();
    let long = HyperTransport::builder()
        .connect_timeout(Duration::from_millis(100))
        .build();

    for (transport, timeout) in [
        (&short, Duration::from_millis(300)),
        (&long, Duration::from_millis(1500)),
    ] {
        let error = transport.send(get(&url), timeout).await.unwrap_err();
        assert_eq!(error.kind(), HyperErrorKind::Timeout { after: timeout });
        assert_eq!(error.delivery(), Delivery::MaybeSent, "{timeout:?}");
    }
}

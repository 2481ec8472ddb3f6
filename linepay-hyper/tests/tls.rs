//! HTTPS against a local rustls server with a test CA (`tests/tls/`): the key exchange the
//! default provider negotiates (X25519MLKEM768 with aws-lc-rs, secp384r1 with ring alone), HTTP/2
//! by ALPN, HTTP/1.1 when the server offers only that, pooling over HTTP/2, and an untrusted
//! certificate refused before anything is sent.
//!
//! `.ci/run` also runs this file with only the `ring` feature.

use std::convert::Infallible;
use std::error::Error as _;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response, Version};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use linepay_core::{Delivery, Transport, TransportError};
use linepay_hyper::rustls::NamedGroup;
use linepay_hyper::rustls::pki_types::pem::PemObject;
use linepay_hyper::rustls::pki_types::{CertificateDer, PrivateKeyDer};
use linepay_hyper::{HyperErrorKind, HyperTransport, default_provider, rustls};
use tokio::net::TcpListener;

const CA: &[u8] = include_bytes!("tls/ca.pem");
const SERVER_CERT: &[u8] = include_bytes!("tls/server.pem");
const SERVER_KEY: &[u8] = include_bytes!("tls/server.key");
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A client configuration that trusts the test CA only.
fn trusting_test_ca() -> rustls::ClientConfig {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from_pem_slice(CA).unwrap())
        .unwrap();
    rustls::ClientConfig::builder_with_provider(default_provider())
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth()
}

/// A local HTTPS server: its address, how many connections it accepted, and the key-exchange
/// group each TLS handshake negotiated.
struct HttpsServer {
    addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
    groups: Arc<Mutex<Vec<NamedGroup>>>,
}

/// Starts an HTTPS server offering `alpn` and every key exchange of the default provider;
/// answers every request with the body `"{version:?} {method} {path}"`.
async fn start_https(alpn: &[&[u8]]) -> HttpsServer {
    start_https_with(alpn, default_provider()).await
}

/// [`start_https`] with the server's own crypto provider (its key-exchange groups).
async fn start_https_with(
    alpn: &[&[u8]],
    provider: Arc<rustls::crypto::CryptoProvider>,
) -> HttpsServer {
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from_pem_slice(SERVER_CERT).unwrap()],
            PrivateKeyDer::from_pem_slice(SERVER_KEY).unwrap(),
        )
        .unwrap();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicUsize::new(0));
    let groups = Arc::new(Mutex::new(Vec::new()));
    let (counter, negotiated) = (accepted.clone(), groups.clone());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let acceptor = acceptor.clone();
            let negotiated = negotiated.clone();
            tokio::spawn(async move {
                let Ok(tls) = acceptor.accept(stream).await else {
                    return;
                };
                if let Some(group) = tls.get_ref().1.negotiated_key_exchange_group() {
                    negotiated.lock().unwrap().push(group.name());
                }
                let h2 = tls.get_ref().1.alpn_protocol() == Some(b"h2");
                let service = service_fn(|request: Request<Incoming>| async move {
                    let line = format!(
                        "{:?} {} {}",
                        request.version(),
                        request.method(),
                        request.uri().path()
                    );
                    let _ = request.into_body().collect().await;
                    Ok::<_, Infallible>(Response::new(Full::new(Bytes::from(line))))
                });
                let io = TokioIo::new(tls);
                if h2 {
                    let _ = hyper::server::conn::http2::Builder::new(TokioExecutor::new())
                        .serve_connection(io, service)
                        .await;
                } else {
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, service)
                        .await;
                }
            });
        }
    });
    HttpsServer {
        addr,
        accepted,
        groups,
    }
}

fn get(url: String) -> Request<Bytes> {
    Request::get(url).body(Bytes::new()).unwrap()
}

/// One GET over a fresh transport on the default provider that trusts the test CA; it must
/// succeed over HTTP/2.
async fn one_call_trusting_the_test_ca(server: &HttpsServer) {
    let transport = HyperTransport::builder()
        .tls_config(trusting_test_ca())
        .build();
    let url = format!("https://localhost:{}/v3/payments", server.addr.port());
    let response = transport.send(get(url), READ_TIMEOUT).await.unwrap();
    assert_eq!(response.body(), "HTTP/2.0 GET /v3/payments");
}

#[tokio::test]
async fn the_handshake_negotiates_the_providers_best_key_exchange() {
    let server = start_https(&[b"h2", b"http/1.1"]).await;
    one_call_trusting_the_test_ca(&server).await;
    // aws-lc-rs (the default): the post-quantum hybrid. ring alone has no post-quantum group
    // and still connects, on the first of its classical ones.
    let expected = if cfg!(feature = "aws-lc-rs") {
        NamedGroup::X25519MLKEM768
    } else {
        NamedGroup::secp384r1
    };
    assert_eq!(*server.groups.lock().unwrap(), [expected]);
}

#[tokio::test]
async fn a_server_with_only_a_group_the_client_did_not_guess_still_connects() {
    // LINE Pay's hosts, or a proxy in front of them, may know neither the post-quantum hybrid
    // nor X25519, the groups the client sends key shares for: the server asks again
    // (HelloRetryRequest) for secp256r1, and the call goes through.
    let mut provider = (*default_provider()).clone();
    provider
        .kx_groups
        .retain(|group| group.name() == NamedGroup::secp256r1);
    let server = start_https_with(&[b"h2", b"http/1.1"], Arc::new(provider)).await;
    one_call_trusting_the_test_ca(&server).await;
    assert_eq!(*server.groups.lock().unwrap(), [NamedGroup::secp256r1]);
}

#[tokio::test]
async fn negotiates_http2_by_alpn_and_reuses_the_connection() {
    let HttpsServer { addr, accepted, .. } = start_https(&[b"h2", b"http/1.1"]).await;
    let transport = HyperTransport::builder()
        .tls_config(trusting_test_ca())
        .build();

    for _ in 0..5 {
        let response = transport
            .send(
                get(format!("https://localhost:{}/v3/payments", addr.port())),
                READ_TIMEOUT,
            )
            .await
            .unwrap();
        assert_eq!(response.version(), Version::HTTP_2);
        assert_eq!(response.body(), "HTTP/2.0 GET /v3/payments");
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn speaks_http1_over_tls_when_the_server_offers_only_that() {
    let addr = start_https(&[b"http/1.1"]).await.addr;
    let transport = HyperTransport::builder()
        .tls_config(trusting_test_ca())
        .build();

    let response = transport
        .send(
            get(format!("https://127.0.0.1:{}/v3/payments", addr.port())),
            READ_TIMEOUT,
        )
        .await
        .unwrap();

    assert_eq!(response.version(), Version::HTTP_11);
    assert_eq!(response.body(), "HTTP/1.1 GET /v3/payments");
}

#[tokio::test]
async fn an_untrusted_certificate_fails_to_connect_and_was_not_sent() {
    let addr = start_https(&[b"h2", b"http/1.1"]).await.addr;
    // The default configuration trusts Mozilla's roots, not the test CA.
    let transport = HyperTransport::new();

    let error = transport
        .send(
            get(format!("https://localhost:{}/v3/payments", addr.port())),
            READ_TIMEOUT,
        )
        .await
        .unwrap_err();

    assert_eq!(error.kind(), HyperErrorKind::Connect);
    assert_eq!(error.delivery(), Delivery::NotSent);
    assert!(!error.is_timeout());
    let mut chain = Vec::new();
    let mut next = error.source();
    while let Some(cause) = next {
        chain.push(cause.to_string());
        next = cause.source();
    }
    assert!(
        chain.iter().any(|m| m.contains("certificate")),
        "the TLS cause is kept: {chain:?}"
    );
}

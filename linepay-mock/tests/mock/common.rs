//! Test helpers: a raw HTTP/1.1 client over `tokio::net::TcpStream`, a `Transport` built on
//! it for `linepay_core::Client`, and request builders.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use linepay_core::api::v3::{
    CheckPaymentStatus, Package, PayType, PaymentOptions, PaymentStatus, Product, RedirectUrls,
    RequestInfo, RequestOptions, RequestPayment,
};
use linepay_core::signing::sign_request;
use linepay_core::{
    Amount, ChannelSecret, Client, Currency, Delivery, Error, Nonce, OrderId, TransactionId,
    Transport, TransportError,
};
use linepay_mock::MockServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

/// How long any raw exchange may take before the test fails.
const EXCHANGE_LIMIT: Duration = Duration::from_secs(5);

/// Writes `raw` and reads until the server closes the connection (or resets it).
pub async fn exchange(address: SocketAddr, raw: &[u8]) -> io::Result<Vec<u8>> {
    let mut stream = TcpStream::connect(address).await?;
    // The server may close before reading everything (e.g. a huge header): ignore that.
    let _ = stream.write_all(raw).await;
    let mut answer = Vec::new();
    let read = async {
        let mut buffer = [0u8; 8192];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buffer[..n]),
            }
        }
    };
    timeout(EXCHANGE_LIMIT, read)
        .await
        .map_err(|_| io::Error::new(io::ErrorKind::TimedOut, "no end of answer"))?;
    Ok(answer)
}

/// The request as HTTP/1.1 bytes, with `Connection: close`.
pub fn to_raw(request: &http::Request<Bytes>) -> Vec<u8> {
    let uri = request.uri();
    let target = uri.path_and_query().map_or("/", |pq| pq.as_str());
    let host = uri.authority().map_or("127.0.0.1", |a| a.as_str());
    let mut raw = format!("{} {target} HTTP/1.1\r\nhost: {host}\r\n", request.method());
    for (name, value) in request.headers() {
        raw.push_str(&format!(
            "{name}: {}\r\n",
            String::from_utf8_lossy(value.as_bytes())
        ));
    }
    raw.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        request.body().len()
    ));
    let mut raw = raw.into_bytes();
    raw.extend_from_slice(request.body());
    raw
}

/// Parses a raw HTTP/1.1 answer (body by `Content-Length`).
pub fn parse_response(bytes: &[u8]) -> Option<http::Response<Bytes>> {
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..split]).ok()?;
    let mut lines = head.split("\r\n");
    let status: u16 = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let mut builder = http::Response::builder().status(status);
    let mut length = None;
    for line in lines {
        let (name, value) = line.split_once(':')?;
        if name.eq_ignore_ascii_case("content-length") {
            length = value.trim().parse::<usize>().ok();
        }
        builder = builder.header(name.trim(), value.trim());
    }
    let body = &bytes[split + 4..];
    let body = match length {
        Some(length) => &body[..length.min(body.len())],
        None => body,
    };
    builder.body(Bytes::copy_from_slice(body)).ok()
}

/// Sends one request over a fresh connection.
pub async fn send(
    address: SocketAddr,
    request: &http::Request<Bytes>,
) -> io::Result<http::Response<Bytes>> {
    let answer = exchange(address, &to_raw(request)).await?;
    if answer.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed without a response",
        ));
    }
    parse_response(&answer)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "not an HTTP response"))
}

/// A plain request to the mock (pages, admin API).
pub async fn plain(
    mock: &MockServer,
    method: &str,
    path: &str,
    body: &str,
) -> http::Response<Bytes> {
    let request = http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", mock.base_url()))
        .header("content-type", "application/json")
        .body(Bytes::from(body.to_owned()))
        .unwrap();
    send(mock.local_addr(), &request).await.unwrap()
}

/// The body as text.
pub fn text(response: &http::Response<Bytes>) -> String {
    String::from_utf8_lossy(response.body()).into_owned()
}

/// The body as JSON.
pub fn json(response: &http::Response<Bytes>) -> serde_json::Value {
    serde_json::from_slice(response.body())
        .unwrap_or_else(|error| panic!("not JSON ({error}): {}", text(response)))
}

/// The `returnCode` of an envelope answer.
pub fn return_code(response: &http::Response<Bytes>) -> String {
    json(response)["returnCode"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// A transport for `linepay_core::Client` over [`send`].
#[derive(Debug, Clone, Copy)]
pub struct TcpTransport(pub SocketAddr);

/// What went wrong on the wire.
#[derive(Debug, thiserror::Error)]
#[error("raw TCP transport: {0}")]
pub struct TransportFailure(pub io::Error);

impl TransportError for TransportFailure {
    fn delivery(&self) -> Delivery {
        Delivery::MaybeSent
    }

    fn is_timeout(&self) -> bool {
        self.0.kind() == io::ErrorKind::TimedOut
    }
}

impl Transport for TcpTransport {
    type Error = TransportFailure;

    async fn send(
        &self,
        request: http::Request<Bytes>,
        read_timeout: Duration,
    ) -> Result<http::Response<Bytes>, TransportFailure> {
        match timeout(read_timeout, send(self.0, &request)).await {
            Ok(answer) => answer.map_err(TransportFailure),
            Err(_) => Err(TransportFailure(io::Error::new(
                io::ErrorKind::TimedOut,
                "read timed out",
            ))),
        }
    }

    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}

/// A client for `mock` over the raw TCP transport.
pub type TestClient = Client<TcpTransport>;

pub fn client(mock: &MockServer) -> TestClient {
    mock.client_builder()
        .build_with(TcpTransport(mock.local_addr()))
}

/// A mock and a client for it.
pub async fn start() -> (MockServer, TestClient) {
    let mock = MockServer::start().await.unwrap();
    let client = client(&mock);
    (mock, client)
}

/// What Check Payment Status says of `id`.
pub async fn status_of(client: &TestClient, id: TransactionId) -> PaymentStatus {
    client
        .send(&CheckPaymentStatus { transaction_id: id })
        .await
        .expect("Check Payment Status answers")
}

/// The return code of a failed call.
pub fn code<T: std::fmt::Debug>(result: Result<T, Error<TransportFailure>>) -> String {
    match result {
        Err(error) => match error.return_code() {
            Some(code) => code.as_str().to_owned(),
            None => panic!("not an API error: {error:?}"),
        },
        Ok(value) => panic!("expected an API error, got {value:?}"),
    }
}

/// A Request for 250 TWD: two teas at 60 and an oolong at 130.
pub fn tea(order: &str) -> RequestPayment {
    let mut package = Package::new(
        "shop-1",
        vec![
            Product::new("Green tea", 2, Amount::whole(60)),
            Product::new("烏龍茶 <special>", 1, Amount::whole(130)),
        ],
    );
    package.name = Some("Tea & Co.".to_owned());
    RequestPayment::new(
        OrderId::new(order).unwrap(),
        Currency::Twd,
        vec![package],
        RedirectUrls::new(
            "https://shop.example/confirm?lang=zh",
            "https://shop.example/cancel",
        ),
    )
}

/// `request` with `options.payment` set.
pub fn with_payment(
    mut request: RequestPayment,
    capture: bool,
    pay_type: PayType,
) -> RequestPayment {
    request.options = Some(RequestOptions {
        payment: Some(PaymentOptions {
            capture: Some(capture),
            pay_type: Some(pay_type),
        }),
        ..RequestOptions::default()
    });
    request
}

/// Sends a Request and answers its info.
pub async fn requested(client: &TestClient, request: &RequestPayment) -> RequestInfo {
    client.send(request).await.unwrap()
}

/// A POST to `path` with exactly these body bytes, signed correctly for `mock`.
pub fn signed_post(mock: &MockServer, path: &str, body: &[u8]) -> http::Request<Bytes> {
    signed(mock, "POST", path, Bytes::copy_from_slice(body))
}

/// A GET of `path_and_query`, signed over its raw query.
pub fn signed_get(mock: &MockServer, path_and_query: &str) -> http::Request<Bytes> {
    signed(mock, "GET", path_and_query, Bytes::new())
}

fn signed(mock: &MockServer, method: &str, path: &str, body: Bytes) -> http::Request<Bytes> {
    let mut request = http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", mock.base_url()))
        .header("content-type", "application/json")
        .header("x-line-channelid", mock.channel_id())
        .body(body)
        .unwrap();
    let secret = ChannelSecret::new(mock.channel_secret()).unwrap();
    sign_request(&mut request, &secret, &Nonce::random());
    request
}

/// Waits (briefly) until `condition` holds.
pub async fn eventually(mut condition: impl FnMut() -> bool) {
    for _ in 0..200 {
        if condition() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("condition not met within 2 s");
}

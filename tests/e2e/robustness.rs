//! A barrage of malformed requests at the mock over raw TCP on 127.0.0.1: each one is
//! answered with an error or closed, nothing panics, and afterwards a normal signed call
//! through HyperTransport still succeeds.

use std::net::SocketAddr;
use std::time::Duration;

use linepay::api::v3::PayStatus;
use linepay::signing::sign;
use linepay::{ChannelSecret, Nonce};
use linepay_mock::{MockServer, Route};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::task::JoinSet;
use tokio::time::timeout;

use crate::support::*;

/// How long one exchange may take before the test fails: the mock must answer or close.
const EXCHANGE_LIMIT: Duration = Duration::from_secs(3);

/// What the client does after writing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Then {
    /// The request is complete (`connection: close`): wait for the answer and the close.
    Wait,
    /// The request is incomplete or garbage: half-close, then wait for an answer or a close.
    HalfClose,
}

/// What must come back.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// Any refusal: an HTTP error status, an envelope with a non-success code, or a close.
    Refused,
    /// This HTTP status.
    Status(u16),
    /// This HTTP status, or the connection closed without an answer.
    StatusOrClosed(u16),
    /// HTTP 200 with this return code.
    Code(&'static str),
    /// This HTTP status with this return code in the envelope.
    StatusCode(u16, &'static str),
}

struct Case {
    name: String,
    bytes: Vec<u8>,
    then: Then,
    expect: Expect,
}

fn case(name: impl Into<String>, bytes: impl Into<Vec<u8>>, then: Then, expect: Expect) -> Case {
    Case {
        name: name.into(),
        bytes: bytes.into(),
        then,
        expect,
    }
}

/// One parsed answer.
#[derive(Debug)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn return_code(&self) -> Option<String> {
        let json: serde_json::Value = serde_json::from_slice(&self.body).ok()?;
        json["returnCode"].as_str().map(str::to_owned)
    }
}

/// Every HTTP/1.1 answer in `bytes`, bodies by `Content-Length`.
fn answers(name: &str, mut bytes: &[u8]) -> Vec<Answer> {
    let mut found = Vec::new();
    while !bytes.is_empty() {
        let split = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("{name}: an answer without a complete head: {bytes:?}"));
        let head = std::str::from_utf8(&bytes[..split])
            .unwrap_or_else(|_| panic!("{name}: a head that is not UTF-8"));
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        assert!(
            status_line.starts_with("HTTP/1."),
            "{name}: {status_line:?}"
        );
        let status: u16 = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("{name}: {status_line:?}"));
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
            .collect();
        let length = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse::<usize>().ok());
        let rest = &bytes[split + 4..];
        // A HEAD answer announces a length but carries no body.
        let take = length.map_or(rest.len(), |length| length.min(rest.len()));
        found.push(Answer {
            status,
            headers,
            body: rest[..take].to_vec(),
        });
        bytes = &rest[take..];
    }
    found
}

/// Writes `bytes`, then reads until the mock closes; fails the test if it does neither
/// answer nor close in time.
async fn exchange(address: SocketAddr, case: &Case) -> Vec<u8> {
    let mut stream = TcpStream::connect(address).await.expect("connect");
    // The mock may answer and close before reading everything (a huge body): that is fine.
    let _ = timeout(EXCHANGE_LIMIT, stream.write_all(&case.bytes)).await;
    if case.then == Then::HalfClose {
        let _ = stream.shutdown().await;
    }
    let mut answer = Vec::new();
    let read = async {
        let mut buffer = [0u8; 16 * 1024];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buffer[..n]),
            }
        }
    };
    timeout(EXCHANGE_LIMIT, read)
        .await
        .unwrap_or_else(|_| panic!("{}: neither answered nor closed", case.name));
    answer
}

/// Checks what came back for `case`.
fn judge(case: &Case, raw: &[u8]) {
    let name = &case.name;
    let found = answers(name, raw);
    for answer in &found {
        assert_ne!(answer.status, 500, "{name}: a handler failed: {answer:?}");
        assert!(answer.header("set-cookie").is_none(), "{name}: {answer:?}");
        let refused = answer.status >= 400
            || (answer.status == 200 && answer.return_code().is_some_and(|code| code != "0000"));
        assert!(refused, "{name}: accepted: {answer:?}");
    }
    let first = found.first();
    let status = first.map(|answer| answer.status);
    let code = first.and_then(Answer::return_code);
    match case.expect {
        Expect::Refused => {}
        Expect::Status(expected) => assert_eq!(status, Some(expected), "{name}: {found:?}"),
        Expect::StatusOrClosed(expected) => {
            assert!(
                status.is_none() || status == Some(expected),
                "{name}: {found:?}"
            );
        }
        Expect::Code(expected) => {
            assert_eq!(status, Some(200), "{name}: {found:?}");
            assert_eq!(code.as_deref(), Some(expected), "{name}: {found:?}");
        }
        Expect::StatusCode(expected_status, expected_code) => {
            assert_eq!(status, Some(expected_status), "{name}: {found:?}");
            assert_eq!(code.as_deref(), Some(expected_code), "{name}: {found:?}");
        }
    }
}

/// A complete HTTP/1.1 request with `connection: close`.
fn request(method: &str, target: &str, headers: &[(&str, String)], body: &[u8]) -> Vec<u8> {
    let mut head = format!("{method} {target} HTTP/1.1\r\nhost: 127.0.0.1\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "content-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// The three LINE Pay headers, signed over `path` and `payload` (a POST's body, a GET's
/// raw query).
fn signed_headers(mock: &MockServer, path: &str, payload: &[u8]) -> Vec<(&'static str, String)> {
    let secret = ChannelSecret::new(mock.channel_secret()).unwrap();
    let nonce = Nonce::random();
    let signature = sign(&secret, path, payload, nonce.as_str());
    vec![
        ("x-line-channelid", mock.channel_id().to_owned()),
        ("x-line-authorization-nonce", nonce.as_str().to_owned()),
        ("x-line-authorization", signature.as_str().to_owned()),
    ]
}

/// A correctly signed POST of `body` to `path`.
fn signed_post(mock: &MockServer, path: &str, body: &[u8]) -> Vec<u8> {
    request("POST", path, &signed_headers(mock, path, body), body)
}

/// A correctly signed GET of `path?query`.
fn signed_get(mock: &MockServer, path: &str, query: &str) -> Vec<u8> {
    let target = if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    };
    request(
        "GET",
        &target,
        &signed_headers(mock, path, query.as_bytes()),
        b"",
    )
}

/// A well-formed Request body for 250 TWD.
const REQUEST_BODY: &str = r#"{"amount":250,"currency":"TWD","orderId":"RAW-1","packages":[{"id":"p","amount":250,"products":[{"name":"Tea","quantity":1,"price":250}]}],"redirectUrls":{"confirmUrl":"https://shop.example/c","cancelUrl":"https://shop.example/x"}}"#;

fn cases(mock: &MockServer) -> Vec<Case> {
    use Expect::*;
    use Then::*;
    let request_path = "/v3/payments/request";
    let mut cases = vec![
        // Not HTTP at all.
        case(
            "binary noise",
            b"\x00\xff\xfe\x01\x02garbage\r\n\r\n".to_vec(),
            HalfClose,
            Refused,
        ),
        case("words", "HELLO WORLD\r\n\r\n", HalfClose, Refused),
        case(
            "TLS client hello",
            b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03".to_vec(),
            HalfClose,
            Refused,
        ),
        case(
            "HTTP/2 preface",
            "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
            HalfClose,
            Refused,
        ),
        case("empty lines only", "\r\n\r\n\r\n", HalfClose, Refused),
        case("HTTP/0.9", "GET /\r\n", HalfClose, Refused),
        case(
            "unknown version",
            "GET /v3/payments HTTP/3.0\r\nhost: x\r\n\r\n",
            HalfClose,
            Refused,
        ),
        // Truncated.
        case(
            "truncated request line",
            "POST /v3/payments/requ",
            HalfClose,
            Refused,
        ),
        case("method only", "GET", HalfClose, Refused),
        case(
            "head without its end",
            "POST /v3/payments/request HTTP/1.1\r\nhost: x\r\ncontent-le",
            HalfClose,
            Refused,
        ),
        case(
            "body shorter than announced",
            "POST /v3/payments/request HTTP/1.1\r\nhost: x\r\ncontent-length: 100\r\n\r\n{\"amount\":",
            HalfClose,
            Refused,
        ),
        // Paths and methods.
        case(
            "unknown path",
            request("GET", "/v3/nothing/here", &[], b""),
            Wait,
            StatusCode(404, "2101"),
        ),
        case(
            "v2 path",
            request("POST", "/v2/payments/request", &[], b"{}"),
            Wait,
            StatusCode(404, "2101"),
        ),
        case(
            "trailing segment",
            request("POST", "/v3/payments/request/extra", &[], b"{}"),
            Wait,
            StatusCode(404, "2101"),
        ),
        case(
            "dot segments",
            request("GET", "/v3/../../etc/passwd", &[], b""),
            Wait,
            Status(404),
        ),
        case(
            "encoded dot segments",
            request("GET", "/%2e%2e/%2e%2e/etc/passwd", &[], b""),
            Wait,
            Status(404),
        ),
        case(
            "page traversal",
            request("GET", "/web/payment/../__mock/ledger", &[], b""),
            Wait,
            Status(404),
        ),
        case(
            "encoded CRLF in the path",
            request("GET", "/v3/%0d%0aSet-Cookie:%20x=1/payments", &[], b""),
            Wait,
            Status(404),
        ),
        case(
            "asterisk target",
            request("OPTIONS", "*", &[], b""),
            Wait,
            Refused,
        ),
        case(
            "absolute target, unsigned",
            request("GET", "http://evil.example/v3/payments", &[], b""),
            Wait,
            Code("1106"),
        ),
        case(
            "GET on a POST API",
            request("GET", request_path, &[], b""),
            Wait,
            StatusCode(405, "2101"),
        ),
        case(
            "DELETE on a GET API",
            request("DELETE", "/v3/payments", &[], b""),
            Wait,
            StatusCode(405, "2101"),
        ),
        case(
            "PUT on confirm",
            request("PUT", "/v3/payments/1/confirm", &[], b"{}"),
            Wait,
            StatusCode(405, "2101"),
        ),
        case(
            "lowercase method",
            request("get", "/v3/payments", &[], b""),
            Wait,
            StatusCode(405, "2101"),
        ),
        case(
            "HEAD on a POST API",
            request("HEAD", request_path, &[], b""),
            Wait,
            Status(405),
        ),
        case(
            "unknown method",
            request("BREW", request_path, &[], b""),
            Wait,
            StatusCode(405, "2101"),
        ),
        // Missing or wrong LINE Pay headers.
        case(
            "unsigned",
            request("POST", request_path, &[], REQUEST_BODY.as_bytes()),
            Wait,
            Code("1106"),
        ),
    ];

    let body = REQUEST_BODY.as_bytes();
    let good = signed_headers(mock, request_path, body);
    let without = |skip: &str| -> Vec<(&'static str, String)> {
        good.iter()
            .filter(|(name, _)| *name != skip)
            .cloned()
            .collect()
    };
    let replaced = |which: &str, value: &str| -> Vec<(&'static str, String)> {
        good.iter()
            .map(|(name, old)| {
                (
                    *name,
                    if *name == which {
                        value.to_owned()
                    } else {
                        old.clone()
                    },
                )
            })
            .collect()
    };
    for (name, headers, code) in [
        ("no channel id", without("x-line-channelid"), "1106"),
        (
            "channel id not digits",
            replaced("x-line-channelid", "12345abcde"),
            "1106",
        ),
        (
            "another channel",
            replaced("x-line-channelid", "1111111111"),
            "1104",
        ),
        ("no nonce", without("x-line-authorization-nonce"), "1106"),
        (
            "empty nonce",
            replaced("x-line-authorization-nonce", ""),
            "1106",
        ),
        (
            "another nonce",
            replaced("x-line-authorization-nonce", "another-nonce"),
            "1106",
        ),
        ("no signature", without("x-line-authorization"), "1106"),
        (
            "hex signature",
            replaced("x-line-authorization", &"ab".repeat(32)),
            "1106",
        ),
        (
            "empty signature",
            replaced("x-line-authorization", ""),
            "1106",
        ),
    ] {
        cases.push(case(
            name,
            request("POST", request_path, &headers, body),
            Wait,
            Code(code),
        ));
    }

    // Signed correctly, malformed inside.
    let deep = "[".repeat(100_000);
    let many_packages = format!(
        r#"{{"amount":1,"currency":"TWD","orderId":"MANY","packages":[{}],"redirectUrls":{{"confirmUrl":"c","cancelUrl":"x"}}}}"#,
        vec![r#"{"id":"p","amount":1,"products":[]}"#; 5000].join(",")
    );
    for (name, path, body, code) in [
        ("cut JSON", request_path, br#"{"amount":"#.to_vec(), "2102"),
        ("JSON array", request_path, b"[]".to_vec(), "2102"),
        ("JSON null", request_path, b"null".to_vec(), "2102"),
        (
            "not UTF-8",
            request_path,
            b"{\"orderId\":\"\xff\xfe\"}".to_vec(),
            "2102",
        ),
        (
            "lone surrogate",
            request_path,
            br#"{"orderId":"\ud800"}"#.to_vec(),
            "2102",
        ),
        (
            "byte order mark",
            request_path,
            [b"\xef\xbb\xbf".as_slice(), body].concat(),
            "2102",
        ),
        (
            "100000 nested arrays",
            request_path,
            deep.into_bytes(),
            "2102",
        ),
        (
            "number out of range",
            "/v3/payments/1/confirm",
            br#"{"amount":1e400,"currency":"TWD"}"#.to_vec(),
            "2102",
        ),
        ("empty object", request_path, b"{}".to_vec(), "2101"),
        (
            "amount as text",
            "/v3/payments/1/confirm",
            br#"{"amount":"ten","currency":"TWD"}"#.to_vec(),
            "2101",
        ),
        (
            "5000 packages without products",
            request_path,
            many_packages.into_bytes(),
            "2101",
        ),
        (
            "id beyond 64 bits",
            "/v3/payments/99999999999999999999/confirm",
            br#"{"amount":1,"currency":"TWD"}"#.to_vec(),
            "2101",
        ),
        (
            "negative id",
            "/v3/payments/-1/confirm",
            br#"{"amount":1,"currency":"TWD"}"#.to_vec(),
            "2101",
        ),
        (
            "encoded traversal in a regKey",
            "/v3/payments/preapprovedPay/RK%2F..%2F/expire",
            b"{}".to_vec(),
            "2101",
        ),
    ] {
        cases.push(case(name, signed_post(mock, path, &body), Wait, Code(code)));
    }
    // Duplicate keys: the last one wins (the signature covers the bytes as sent); here the
    // transaction does not exist.
    cases.push(case(
        "duplicate keys",
        signed_post(
            mock,
            "/v3/payments/1/confirm",
            br#"{"amount":1,"amount":2,"currency":"TWD"}"#,
        ),
        Wait,
        Code("1150"),
    ));
    for (name, query) in [
        ("id not a number", "transactionId=abc"),
        ("bad escape", "transactionId=%G1"),
        ("undecodable id", "transactionId=%FF%FE"),
    ] {
        cases.push(case(
            name,
            signed_get(mock, "/v3/payments", query),
            Wait,
            Code("2101"),
        ));
    }
    // Query values are decoded lossily (documented): bytes that are not UTF-8 name an order
    // that does not exist.
    cases.push(case(
        "undecodable order id",
        signed_get(mock, "/v3/payments", "orderId=%FF%FE"),
        Wait,
        Code("1150"),
    ));
    cases.push(case(
        "creditCardAuth=maybe",
        signed_get(
            mock,
            "/v3/payments/preapprovedPay/RK1/check",
            "creditCardAuth=maybe",
        ),
        Wait,
        Code("2101"),
    ));

    // Sizes.
    let mut two_megabytes = format!(
        "POST {request_path} HTTP/1.1\r\nhost: x\r\ncontent-length: 2000000\r\nconnection: close\r\n\r\n"
    )
    .into_bytes();
    two_megabytes.extend(std::iter::repeat_n(b'{', 2_000_000));
    cases.push(case(
        "a 2 MB body",
        two_megabytes,
        Wait,
        StatusOrClosed(413),
    ));
    let signed_big = [b"{\"x\":\"".as_slice(), &vec![b'a'; 2_000_000], b"\"}"].concat();
    cases.push(case(
        "a signed 2 MB body",
        signed_post(mock, request_path, &signed_big),
        Wait,
        StatusOrClosed(413),
    ));
    let long_target = format!("/v3/payments?transactionId={}", "1".repeat(100_000));
    cases.push(case(
        "a 100 kB target",
        request("GET", &long_target, &[], b""),
        Wait,
        Refused,
    ));
    let filler = format!("x-filler: {}", "a".repeat(100_000));
    cases.push(case(
        "a 100 kB header",
        format!("GET /v3/payments HTTP/1.1\r\nhost: x\r\n{filler}\r\n\r\n"),
        HalfClose,
        StatusOrClosed(431),
    ));
    let many: String = (0..5000).map(|i| format!("x-h{i}: v\r\n")).collect();
    cases.push(case(
        "5000 headers",
        format!("GET /v3/payments HTTP/1.1\r\nhost: x\r\n{many}\r\n"),
        HalfClose,
        Refused,
    ));

    // Header injection and framing tricks.
    let head = format!("POST {request_path} HTTP/1.1\r\nhost: x\r\n");
    for (name, rest) in [
        (
            "bare CR in a value",
            "x-line-channelid: 1234567890\rx-evil: 1\r\ncontent-length: 0\r\n\r\n",
        ),
        (
            "obsolete line folding",
            "x-line-authorization: abc\r\n def\r\ncontent-length: 0\r\n\r\n",
        ),
        (
            "NUL in a value",
            "x-line-channelid: 12345\x0067890\r\ncontent-length: 0\r\n\r\n",
        ),
        (
            "space before the colon",
            "x-line-channelid : 1234567890\r\ncontent-length: 0\r\n\r\n",
        ),
        (
            "bad header name",
            "x-line(channel): 1\r\ncontent-length: 0\r\n\r\n",
        ),
        (
            "two content lengths",
            "content-length: 2\r\ncontent-length: 3\r\n\r\n{}",
        ),
        ("negative content length", "content-length: -1\r\n\r\n"),
        (
            "content length beyond 64 bits",
            "content-length: 99999999999999999999999\r\n\r\n",
        ),
        (
            "length and chunked",
            "content-length: 4\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n",
        ),
        (
            "bad chunk size",
            "transfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
        ),
        (
            "huge chunk",
            "transfer-encoding: chunked\r\n\r\nffffffffffffffff\r\n{}\r\n",
        ),
        ("gzip without chunked", "transfer-encoding: gzip\r\n\r\n{}"),
    ] {
        cases.push(case(name, format!("{head}{rest}"), HalfClose, Refused));
    }
    cases.push(case(
        "CRLF in the target",
        "GET /v3/payments?x=1\r\nx-evil: 1 HTTP/1.1\r\nhost: x\r\n\r\n",
        HalfClose,
        Refused,
    ));
    // Two requests in one write (keep-alive): each answered or refused on its own merits.
    cases.push(case(
        "pipelined request and garbage",
        "GET /v3/nothing HTTP/1.1\r\nhost: x\r\n\r\nGARBAGE\r\n\r\n",
        Wait,
        Status(404),
    ));
    cases
}

/// Deterministic noise.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn noise(count: usize) -> Vec<Case> {
    let mut random = XorShift(0x5eed_cafe_f00d_1234);
    (0..count)
        .map(|i| {
            let length = 1 + (random.next() % 400) as usize;
            let mut bytes: Vec<u8> = (0..length).map(|_| random.next() as u8).collect();
            // Every other one gets past the request line first.
            if i % 2 == 1 {
                let mut line = b"POST /v3/payments/request HTTP/1.1\r\n".to_vec();
                line.append(&mut bytes);
                bytes = line;
            }
            case(
                format!("noise #{i}"),
                bytes,
                Then::HalfClose,
                Expect::Refused,
            )
        })
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn a_barrage_of_malformed_requests_leaves_the_mock_serving() {
    // Current-thread: every task of the mock runs on this thread, so the watch sees any
    // panic in it, even one that tokio or hyper would swallow.
    let panics = PanicWatch::on_this_thread();
    let (mock, client) = start().await;
    let address = mock.local_addr();

    let mut all = cases(&mock);
    all.extend(noise(100));
    let count = all.len();
    for case in &all {
        let raw = exchange(address, case).await;
        judge(case, &raw);
    }

    // Connections opened and closed without a byte, all at once.
    let idle: Vec<TcpStream> = {
        let mut open = Vec::new();
        for _ in 0..100 {
            open.push(TcpStream::connect(address).await.expect("connect"));
        }
        open
    };
    drop(idle);

    // Fifty unsigned calls at the same time.
    let mut concurrent = JoinSet::new();
    for i in 0..50 {
        let unsigned = case(
            format!("concurrent #{i}"),
            request("POST", "/v3/payments/request", &[], REQUEST_BODY.as_bytes()),
            Then::Wait,
            Expect::Code("1106"),
        );
        concurrent.spawn(async move {
            let raw = exchange(address, &unsigned).await;
            judge(&unsigned, &raw);
        });
    }
    while let Some(done) = concurrent.join_next().await {
        done.expect("a concurrent exchange");
    }

    // Slow clients that never finish their head stay open during the real calls.
    let mut slow = Vec::new();
    for _ in 0..20 {
        let mut stream = TcpStream::connect(address).await.expect("connect");
        stream
            .write_all(b"POST /v3/payments/request HTTP/1.1\r\nhost: x\r\n")
            .await
            .expect("a partial head");
        slow.push(stream);
    }

    // A merchant's calls through HyperTransport are unaffected.
    let (id, confirmed) = paid(&mock, &client, "AFTER-THE-BARRAGE").await;
    assert_eq!(confirmed.transaction_id, id);
    assert_eq!(
        detail(&client, id).await.pay_status,
        Some(PayStatus::Capture)
    );
    drop(slow);

    assert_eq!(
        mock.ledger().len(),
        1,
        "no malformed call created a payment"
    );
    assert_eq!(mock.effects(Route::Request), 1);
    assert!(
        mock.accepted_connections() >= count + 170,
        "{}",
        mock.accepted_connections()
    );
    assert_eq!(panics.count(), 0, "the mock panicked");
}

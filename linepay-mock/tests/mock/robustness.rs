//! Malformed input is answered with an error or closed, never panics, and the mock keeps
//! serving.

use linepay_core::api::v3::ConfirmPayment;
use linepay_core::{Amount, Currency};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::common::*;

#[tokio::test]
async fn a_barrage_of_malformed_requests() {
    let (mock, client) = start().await;
    let address = mock.local_addr();
    let host = mock.local_addr().to_string();
    let huge_header = format!(
        "GET /v3/payments HTTP/1.1\r\nhost: {host}\r\nx-filler: {}\r\n\r\n",
        "a".repeat(100_000)
    );
    let huge_body_head = format!(
        "POST /v3/payments/request HTTP/1.1\r\nhost: {host}\r\ncontent-length: 2000000\r\nconnection: close\r\n\r\n"
    );
    let mut huge_body = huge_body_head.into_bytes();
    huge_body.extend(std::iter::repeat_n(b'{', 2_000_000));
    let raw_cases: Vec<(&str, Vec<u8>)> = vec![
        ("garbage", b"\x00\xff\xfe garbage \x01\x02\r\n\r\n".to_vec()),
        ("not http", b"HELLO WORLD\r\n\r\n".to_vec()),
        ("huge header", huge_header.into_bytes()),
        ("huge body", huge_body),
        (
            "bad content-length",
            format!("POST /v3/payments/request HTTP/1.1\r\nhost: {host}\r\ncontent-length: banana\r\n\r\n{{}}").into_bytes(),
        ),
        (
            "wrong method",
            format!("GET /v3/payments/request HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\n\r\n").into_bytes(),
        ),
        (
            "PUT on an API",
            format!("PUT /v3/payments HTTP/1.1\r\nhost: {host}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").into_bytes(),
        ),
        (
            "unknown path",
            format!("GET /v3/nothing/here HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\n\r\n").into_bytes(),
        ),
        (
            "unsigned",
            format!("POST /v3/payments/request HTTP/1.1\r\nhost: {host}\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{{}}").into_bytes(),
        ),
        (
            "bad page id",
            format!("GET /web/payment/not-a-number HTTP/1.1\r\nhost: {host}\r\nconnection: close\r\n\r\n").into_bytes(),
        ),
        (
            "bad admin JSON",
            format!("POST /__mock/faults HTTP/1.1\r\nhost: {host}\r\ncontent-length: 5\r\nconnection: close\r\n\r\n{{{{{{{{{{").into_bytes(),
        ),
        ("half a request", format!("POST /v3/payments/request HTTP/1.1\r\nhost: {host}\r\ncontent-le").into_bytes()),
    ];
    for (name, raw) in raw_cases {
        let answer = if name == "half a request" {
            // Send half, then hang up.
            let mut stream = TcpStream::connect(address).await.unwrap();
            stream.write_all(&raw).await.unwrap();
            drop(stream);
            Vec::new()
        } else {
            exchange(address, &raw)
                .await
                .unwrap_or_else(|error| panic!("{name}: {error}"))
        };
        if answer.is_empty() {
            continue; // closed: fine
        }
        let response = parse_response(&answer)
            .unwrap_or_else(|| panic!("{name}: not HTTP: {}", String::from_utf8_lossy(&answer)));
        let status = response.status().as_u16();
        let refused = status >= 400 || (status == 200 && return_code(&response) != "0000");
        assert!(refused, "{name}: {status} {}", text(&response));
        match name {
            "huge header" => assert_eq!(status, 431, "{name}"),
            "wrong method" | "PUT on an API" => {
                assert_eq!(status, 405, "{name}");
                assert_eq!(return_code(&response), "2101");
            }
            "unknown path" => {
                assert_eq!(status, 404, "{name}");
                assert_eq!(return_code(&response), "2101");
            }
            "unsigned" => assert_eq!(return_code(&response), "1106"),
            _ => {}
        }
    }

    // Signed, but malformed inside.
    let signed_cases = [
        (
            signed_post(&mock, "/v3/payments/request", b"{not json"),
            "2102",
        ),
        (
            signed_post(&mock, "/v3/payments/request", b"\xff\xfe"),
            "2102",
        ),
        (signed_post(&mock, "/v3/payments/request", b"{}"), "2101"),
        (
            signed_post(
                &mock,
                "/v3/payments/abc/confirm",
                br#"{"amount":1,"currency":"TWD"}"#,
            ),
            "2101",
        ),
        (
            signed_post(&mock, "/v3/payments/1/confirm", br#"{"amount":1}"#),
            "2101",
        ),
        (
            signed_post(
                &mock,
                "/v3/payments/1/confirm",
                br#"{"amount":1,"currency":"TWD","extra":[{}]}"#,
            ),
            "1150",
        ),
        (
            signed_post(&mock, "/v3/payments/preapprovedPay/RK%2F..%2F/check", b""),
            "2101",
        ),
        (
            signed_get(&mock, "/v3/payments/preapprovedPay/RK%2F..%2F/check"),
            "2101",
        ),
        (signed_get(&mock, "/v3/payments?transactionId=abc"), "2101"),
        (
            signed_get(&mock, "/v3/payments?transactionId=%FF%FE"),
            "2101",
        ),
        (
            signed_get(
                &mock,
                "/v3/payments/preapprovedPay/RK1/check?creditCardAuth=maybe",
            ),
            "2101",
        ),
    ];
    for (request, expected) in signed_cases {
        let answer = send(address, &request).await.unwrap();
        let status = answer.status().as_u16();
        assert!(
            status == 200 || status == 405,
            "{} {}",
            request.uri(),
            status
        );
        assert_eq!(return_code(&answer), expected, "{}", request.uri());
    }

    // A slow client that never finishes its head does not block anyone.
    let mut slow = TcpStream::connect(address).await.unwrap();
    slow.write_all(b"POST /v3/payments/request HTTP/1.1\r\n")
        .await
        .unwrap();

    // Still serving, correctly.
    let info = requested(&client, &tea("ROBUST-1")).await;
    mock.approve(info.transaction_id).unwrap();
    let confirm = ConfirmPayment {
        transaction_id: info.transaction_id,
        amount: Amount::whole(250),
        currency: Currency::Twd,
    };
    client.send(&confirm).await.unwrap();
    assert!(mock.accepted_connections() >= 20);
    assert_eq!(mock.ledger().len(), 1);
    drop(slow);
}

#[tokio::test]
async fn keep_alive_connections_serve_several_requests() {
    let (mock, client) = start().await;
    let first = client.prepare(&tea("KEEP-1")).unwrap();
    let second = client.prepare(&tea("KEEP-2")).unwrap();
    let mut raw = Vec::new();
    for request in [&first, &second] {
        let mut one = to_raw(request);
        // Keep the first connection open for the second request.
        let text = String::from_utf8(one.clone()).unwrap();
        if std::ptr::eq(request, &first) {
            one = text.replace("connection: close\r\n", "").into_bytes();
        }
        raw.extend(one);
    }
    let answer = exchange(mock.local_addr(), &raw).await.unwrap();
    let text = String::from_utf8_lossy(&answer);
    assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 2, "{text}");
    assert_eq!(mock.accepted_connections(), 1);
    assert_eq!(mock.ledger().len(), 2);
}

#[tokio::test]
async fn dropping_the_server_stops_it() {
    let mock = linepay_mock::MockServer::start().await.unwrap();
    let address = mock.local_addr();
    assert!(TcpStream::connect(address).await.is_ok());
    drop(mock);
    for _ in 0..200 {
        if TcpStream::connect(address).await.is_err() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("still accepting connections after drop");
}

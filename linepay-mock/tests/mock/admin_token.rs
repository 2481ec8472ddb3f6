//! The admin token: refusing to start on an address that is not loopback without one (library
//! and binary), `401` for admin calls without it, and the token kept out of `Debug`.

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use linepay_core::api::v3::PaymentStatus;
use linepay_mock::{AdminToken, MockConfig, MockServer};

use crate::common::*;

const TOKEN: &str = "mock-admin-token-0123456789";

fn guarded(listen: &str) -> MockConfig {
    MockConfig {
        listen: listen.parse().unwrap(),
        admin_token: Some(AdminToken::new(TOKEN)),
        ..MockConfig::default()
    }
}

/// The mock's port on 127.0.0.1, whatever interface it listens on.
fn loopback(mock: &MockServer) -> SocketAddr {
    SocketAddr::from((Ipv4Addr::LOCALHOST, mock.local_addr().port()))
}

/// An admin call with `headers`, sent to 127.0.0.1.
async fn admin(
    mock: &MockServer,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> http::Response<Bytes> {
    let mut request = http::Request::builder()
        .method(method)
        .uri(format!("http://{}{path}", loopback(mock)));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request.body(Bytes::new()).unwrap();
    send(loopback(mock), &request).await.unwrap()
}

fn assert_refused(answer: &http::Response<Bytes>, what: &str) {
    assert_eq!(answer.status(), 401, "{what}: {}", text(answer));
    assert_eq!(
        answer.headers()["content-type"],
        "application/json",
        "{what}"
    );
    let challenge = answer.headers()["www-authenticate"].to_str().unwrap();
    assert!(challenge.starts_with("Bearer"), "{what}: {challenge}");
    let error = json(answer)["error"].as_str().unwrap().to_owned();
    assert!(error.contains("admin token"), "{what}: {error}");
    assert!(
        error.contains("Authorization: Bearer <token>"),
        "{what}: {error}"
    );
    assert!(!text(answer).contains(TOKEN), "{what}: the token echoed");
}

fn assert_says_why_and_how(message: &str) {
    assert!(message.contains("admin token"), "{message}");
    assert!(message.contains("/__mock/"), "{message}");
    assert!(message.contains("--admin-token"), "{message}");
    assert!(message.contains("LINEPAY_MOCK_ADMIN_TOKEN"), "{message}");
    assert!(message.contains("loopback"), "{message}");
}

#[tokio::test]
async fn every_interface_without_a_token_is_refused() {
    for listen in ["0.0.0.0:0", "[::]:0", "192.0.2.1:0"] {
        let error = MockServer::start_with(MockConfig {
            listen: listen.parse().unwrap(),
            ..MockConfig::default()
        })
        .await
        .expect_err(listen);
        // Refused before binding: 192.0.2.1 (TEST-NET-1) is not an address of this machine.
        assert_eq!(
            error.kind(),
            io::ErrorKind::InvalidInput,
            "{listen}: {error}"
        );
        assert_says_why_and_how(&error.to_string());
    }
}

#[tokio::test]
async fn a_token_that_cannot_be_sent_is_refused() {
    for token in ["", "two words", "caf\u{e9}", "tab\there"] {
        let error = MockServer::start_with(MockConfig {
            admin_token: Some(AdminToken::new(token)),
            ..MockConfig::default()
        })
        .await
        .expect_err(token);
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput, "{token:?}");
        assert!(error.to_string().contains("admin token"), "{error}");
    }
}

#[test]
fn the_binary_refuses_every_interface_without_a_token() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_linepay-mock"))
        .args(["--listen", "0.0.0.0:0"])
        .env_remove("LINEPAY_MOCK_ADMIN_TOKEN")
        .env_remove("LINEPAY_MOCK_LISTEN")
        .env_remove("LINEPAY_MOCK_CHANNEL_ID")
        .env_remove("LINEPAY_MOCK_CHANNEL_SECRET")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the linepay-mock binary runs");
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("linepay-mock started on 0.0.0.0 without an admin token");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(output.stdout.is_empty(), "{output:?}");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.starts_with("linepay-mock: cannot start: "),
        "{stderr}"
    );
    assert!(stderr.contains("0.0.0.0:0"), "{stderr}");
    assert_says_why_and_how(&stderr);
}

#[test]
fn the_binary_explains_the_rule_in_its_help() {
    let output = Command::new(env!("CARGO_BIN_EXE_linepay-mock"))
        .arg("--help")
        .output()
        .expect("the linepay-mock binary runs");
    assert_eq!(output.status.code(), Some(0));
    let help = String::from_utf8(output.stdout).unwrap();
    assert!(help.contains("--admin-token <TOKEN>"), "{help}");
    assert!(help.contains("LINEPAY_MOCK_ADMIN_TOKEN"), "{help}");
    assert!(help.contains("refuses to start"), "{help}");

    let output = Command::new(env!("CARGO_BIN_EXE_linepay-mock"))
        .args(["--admin-token", "two words"])
        .output()
        .expect("the linepay-mock binary runs");
    assert_eq!(output.status.code(), Some(2), "{output:?}");
}

#[tokio::test]
async fn a_token_guards_every_admin_call() {
    let mock = MockServer::start_with(guarded("127.0.0.1:0"))
        .await
        .unwrap();
    let client = client(&mock);
    // The LINE Pay API still answers signed calls, without the token.
    let info = requested(&client, &tea("GUARDED-1")).await;
    let id = info.transaction_id;

    let wrong = "X".repeat(TOKEN.len());
    let refused: [(&str, &[(&str, &str)]); 7] = [
        ("no token", &[]),
        (
            "a wrong token",
            &[("authorization", &format!("Bearer {wrong}"))],
        ),
        ("a shorter token", &[("authorization", "Bearer mock-admin")]),
        (
            "a longer token",
            &[("authorization", &format!("Bearer {TOKEN}0"))],
        ),
        (
            "another scheme",
            &[("authorization", &format!("Basic {TOKEN}"))],
        ),
        ("the bare token", &[("authorization", TOKEN)]),
        ("a wrong header token", &[("x-mock-admin-token", &wrong)]),
    ];
    for (what, headers) in refused {
        assert_refused(&admin(&mock, "GET", "/__mock/ledger", headers).await, what);
        assert_refused(
            &admin(
                &mock,
                "POST",
                &format!("/__mock/payments/{id}/approve"),
                headers,
            )
            .await,
            what,
        );
    }
    // Even an unknown admin route answers 401, not 404.
    assert_refused(
        &admin(&mock, "GET", "/__mock/nothing", &[]).await,
        "unknown route",
    );
    // Nothing was approved.
    assert_eq!(status_of(&client, id).await, PaymentStatus::Waiting);

    let bearer = format!("Bearer {TOKEN}");
    let lower = format!("bearer {TOKEN}");
    let accepted: [&[(&str, &str)]; 3] = [
        &[("authorization", &bearer)],
        &[("authorization", &lower)],
        &[("x-mock-admin-token", TOKEN)],
    ];
    for headers in accepted {
        let answer = admin(&mock, "GET", "/__mock/ledger", headers).await;
        assert_eq!(answer.status(), 200, "{headers:?}: {}", text(&answer));
    }
    let answer = admin(
        &mock,
        "POST",
        &format!("/__mock/payments/{id}/approve"),
        &[("authorization", &bearer)],
    )
    .await;
    assert_eq!(answer.status(), 200, "{}", text(&answer));
    assert_eq!(json(&answer)["state"], "APPROVED");
    assert_eq!(status_of(&client, id).await, PaymentStatus::Authorized);

    // The customer's payment page is the customer's: no token.
    let page = admin(&mock, "GET", &format!("/web/payment/{id}"), &[]).await;
    assert_eq!(page.status(), 200);
}

#[tokio::test]
async fn a_token_lets_the_mock_listen_on_every_interface() {
    let mock = MockServer::start_with(guarded("0.0.0.0:0")).await.unwrap();
    assert!(mock.local_addr().ip().is_unspecified());
    let client = mock
        .client_builder()
        .build_with(TcpTransport(loopback(&mock)));
    let id = requested(&client, &tea("EVERYWHERE-1"))
        .await
        .transaction_id;
    let path = format!("/__mock/payments/{id}/approve");
    assert_refused(&admin(&mock, "POST", &path, &[]).await, "no token");
    let answer = admin(&mock, "POST", &path, &[("x-mock-admin-token", TOKEN)]).await;
    assert_eq!(answer.status(), 200, "{}", text(&answer));
    assert_eq!(status_of(&client, id).await, PaymentStatus::Authorized);
}

#[tokio::test]
async fn the_token_never_appears_in_debug() {
    let config = guarded("127.0.0.1:0");
    for debug in [format!("{config:?}"), format!("{config:#?}")] {
        assert!(!debug.contains(TOKEN), "{debug}");
        assert!(debug.contains("admin_token"), "{debug}");
        assert!(debug.contains("<redacted>"), "{debug}");
    }
    let token = config.admin_token.clone().unwrap();
    assert!(!format!("{token:?}").contains(TOKEN));
    let mock = MockServer::start_with(config).await.unwrap();
    assert!(!format!("{mock:?}").contains(TOKEN));
}

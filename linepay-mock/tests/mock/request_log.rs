//! The request log: every API call with what it was answered, secrets hidden, and for a
//! signature that does not verify, what was expected and the likely cause; bounded; on the
//! admin API.

use std::time::Duration;

use bytes::Bytes;
use linepay_core::ChannelSecret;
use linepay_core::api::v3::PaymentDetails;
use linepay_core::signing::{CHANNEL_ID_HEADER, NONCE_HEADER, SIGNATURE_HEADER, sign};
use linepay_mock::{AdminToken, Fault, FaultKind, MockConfig, MockServer, Route};

use crate::common::*;

const NONCE: &str = "44453d45-768e-40e8-8349-748e797c450f";

/// A GET of `path_and_query` signed over `signed_path` and `signed_payload` instead of what
/// is sent, as a client with a signing mistake does.
fn missigned_get(
    mock: &MockServer,
    path_and_query: &str,
    signed_path: &str,
    signed_payload: &str,
) -> http::Request<Bytes> {
    let secret = ChannelSecret::new(mock.channel_secret()).unwrap();
    let signature = sign(&secret, signed_path, signed_payload.as_bytes(), NONCE);
    http::Request::get(format!("{}{path_and_query}", mock.base_url()))
        .header(CHANNEL_ID_HEADER, mock.channel_id())
        .header(NONCE_HEADER, NONCE)
        .header(SIGNATURE_HEADER, signature.as_str())
        .header("x-mock-admin-token", "not-for-the-log")
        .body(Bytes::new())
        .unwrap()
}

#[tokio::test]
async fn a_call_is_logged_with_its_answer() {
    let (mock, client) = start().await;
    let id = requested(&client, &tea("LOG-1")).await.transaction_id;
    let log = mock.request_log();
    assert_eq!(log.len(), 1);
    let call = &log[0];
    assert_eq!(
        (call.method.as_str(), call.path.as_str()),
        ("POST", "/v3/payments/request")
    );
    assert_eq!(call.route, Some(Route::Request));
    assert_eq!(
        (call.status, call.return_code.as_deref()),
        (Some(200), Some("0000"))
    );
    assert_eq!(call.body_bytes, call.body.len());
    assert!(call.body.contains("\"orderId\":\"LOG-1\""), "{}", call.body);
    assert!(
        call.headers
            .iter()
            .any(|h| h.name == "x-line-channelid" && h.value == mock.channel_id())
    );
    assert_eq!(call.signature, None);

    client
        .send(&PaymentDetails {
            transaction_id: vec![id],
            ..PaymentDetails::default()
        })
        .await
        .unwrap_err(); // not confirmed yet: 1150
    let newest = &mock.request_log()[0];
    assert_eq!(
        newest.query.as_deref(),
        Some(format!("transactionId={id}").as_str())
    );
    assert_eq!(newest.return_code.as_deref(), Some("1150"));
    assert!(newest.id > call.id);
}

/// The acceptance case: a client that signs the path with the query attached gets `1106`,
/// and the log says what was expected, what came, and why.
#[tokio::test]
async fn a_wrong_signature_is_explained() {
    let mock = MockServer::start().await.unwrap();
    let request = missigned_get(
        &mock,
        "/v3/payments?orderId=A1",
        "/v3/payments?orderId=A1",
        "",
    );
    let answer = send(mock.local_addr(), &request).await.unwrap();
    assert_eq!(return_code(&answer), "1106", "LINE Pay's answer stays 1106");
    assert!(
        !text(&answer).contains("query"),
        "the reason stays in the log: {}",
        text(&answer)
    );

    let call = &mock.request_log()[0];
    let report = call.signature.as_ref().expect("explained");
    assert!(
        report
            .likely_cause
            .as_deref()
            .unwrap()
            .starts_with("the query was signed as part of the path")
    );
    assert_ne!(report.expected, report.received);
    let labels: Vec<&str> = report
        .parts
        .iter()
        .map(|part| part.label.as_str())
        .collect();
    assert_eq!(labels, ["secret", "path", "query", "nonce"]);
    assert_eq!(report.parts[0].text, "<secret li…et>", "the secret masked");
    assert_eq!(report.parts[0].bytes, mock.channel_secret().len());
    assert!(
        !report.report.contains(mock.channel_secret()),
        "{}",
        report.report
    );
    let hidden = call
        .headers
        .iter()
        .find(|h| h.name == "x-mock-admin-token")
        .unwrap();
    assert_eq!(hidden.value, "<hidden>");
}

#[tokio::test]
async fn other_mistakes_and_refusals() {
    let mock = MockServer::start().await.unwrap();
    // The host signed with the path.
    let host = format!("http://{}/v3/payments", mock.local_addr());
    let request = missigned_get(&mock, "/v3/payments?orderId=A1", &host, "orderId=A1");
    send(mock.local_addr(), &request).await.unwrap();
    let cause = mock.request_log()[0]
        .signature
        .clone()
        .unwrap()
        .likely_cause
        .unwrap();
    assert!(
        cause.starts_with("the host was signed with the path"),
        "{cause}"
    );

    // Another secret: nothing reproduces it.
    let other = ChannelSecret::new("someone-else's-secret").unwrap();
    let mut request = missigned_get(
        &mock,
        "/v3/payments?orderId=A1",
        "/v3/payments",
        "orderId=A1",
    );
    let signature = sign(&other, "/v3/payments", b"orderId=A1", NONCE);
    request
        .headers_mut()
        .insert(SIGNATURE_HEADER, signature.as_str().parse().unwrap());
    send(mock.local_addr(), &request).await.unwrap();
    let cause = mock.request_log()[0]
        .signature
        .clone()
        .unwrap()
        .likely_cause
        .unwrap();
    assert!(
        cause.starts_with("no common mistake reproduces it"),
        "{cause}"
    );

    // Another channel's id: 1104, with a note.
    let mut request = signed_get(&mock, "/v3/payments?orderId=A1");
    request
        .headers_mut()
        .insert(CHANNEL_ID_HEADER, "9999999999".parse().unwrap());
    let answer = send(mock.local_addr(), &request).await.unwrap();
    assert_eq!(return_code(&answer), "1104");
    let note = mock.request_log()[0].note.clone().unwrap();
    assert!(
        note.contains("9999999999") && note.contains(mock.channel_id()),
        "{note}"
    );
}

#[tokio::test]
async fn a_call_without_an_answer_is_logged_without_a_status() {
    let (mock, client) = start().await;
    mock.inject(Fault::once(Route::Request, FaultKind::DropAfterEffect));
    assert!(client.send(&tea("DROPPED")).await.is_err());
    let call = &mock.request_log()[0];
    assert_eq!((call.status, call.return_code.as_deref()), (None, None));

    mock.inject(Fault::once(
        Route::Request,
        FaultKind::Delay(Duration::from_millis(120)),
    ));
    client.send(&tea("SLOW")).await.unwrap();
    assert!(mock.request_log()[0].latency_ms >= 120);
}

#[tokio::test]
async fn the_log_is_a_bounded_ring() {
    let config = MockConfig {
        request_log: 3,
        ..MockConfig::default()
    };
    let mock = MockServer::start_with(config).await.unwrap();
    let client = client(&mock);
    for n in 0..5 {
        requested(&client, &tea(&format!("RING-{n}"))).await;
    }
    let kept: Vec<u64> = mock.request_log().iter().map(|call| call.id).collect();
    assert_eq!(kept, [5, 4, 3]);
}

#[tokio::test]
async fn the_admin_api_serves_it_under_the_admin_rule() {
    let (mock, client) = start().await;
    requested(&client, &tea("ADMIN-LOG")).await;
    let all = plain(&mock, "GET", "/__mock/requests", "").await;
    assert_eq!(all.status(), 200);
    assert_eq!(json(&all)[0]["route"], "request");
    let one = plain(&mock, "GET", "/__mock/requests/1", "").await;
    assert_eq!(json(&one)["returnCode"], "0000");
    assert_eq!(
        plain(&mock, "GET", "/__mock/requests/99", "")
            .await
            .status(),
        404
    );

    let guarded = MockServer::start_with(MockConfig {
        admin_token: Some(AdminToken::new("s3cret-token")),
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let refused = plain(&guarded, "GET", "/__mock/requests", "").await;
    assert_eq!(refused.status(), 401);
}

/// Each step of a payment names the API call that did it, as the request log numbers it.
#[tokio::test]
async fn the_timeline_names_the_call_of_each_step() {
    let (mock, client) = start().await;
    let id = requested(&client, &tea("TIMELINE")).await.transaction_id;
    mock.approve(id).unwrap();
    client
        .send(&linepay_core::api::v3::ConfirmPayment {
            transaction_id: id,
            amount: linepay_core::Amount::whole(250),
            currency: linepay_core::Currency::Twd,
        })
        .await
        .unwrap();
    client
        .send(&linepay_core::api::v3::RefundPayment::partial(
            id,
            linepay_core::Amount::whole(50),
        ))
        .await
        .unwrap();
    let timeline = mock.payment(id).unwrap().timeline;
    let steps: Vec<(&str, Option<u64>)> = timeline
        .iter()
        .map(|step| (step.what.as_str(), step.call))
        .collect();
    let log = mock.request_log();
    let call_of = |route: Route| {
        log.iter()
            .find(|call| call.route == Some(route))
            .map(|call| call.id)
    };
    assert_eq!(steps.len(), 4, "{steps:?}");
    assert_eq!(steps[0], ("requested 250 TWD", call_of(Route::Request)));
    assert_eq!(steps[1], ("approved by the customer", None));
    assert_eq!(
        steps[2],
        ("confirmed and captured 250 TWD", call_of(Route::Confirm))
    );
    assert!(
        steps[3].0.starts_with("refunded 50 TWD (refund "),
        "{steps:?}"
    );
    assert_eq!(steps[3].1, call_of(Route::Refund));
}

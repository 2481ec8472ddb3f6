//! The console over HTTP (the browser tests drive it in Chromium): its pages, its forms, and
//! the admin rule (the token as a Bearer, or as the password of HTTP Basic for a browser).

use base64::Engine as _;
use bytes::Bytes;
use linepay_mock::{AdminToken, MockConfig, MockServer, PaymentState, Route};

use crate::common::*;

/// A request to the console, as a browser sends it (forms urlencoded).
async fn browser(
    mock: &MockServer,
    method: &str,
    path: &str,
    form: &str,
    authorization: Option<&str>,
) -> http::Response<Bytes> {
    let mut request = http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", mock.base_url()))
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(value) = authorization {
        request = request.header("authorization", value);
    }
    let request = request.body(Bytes::from(form.to_owned())).unwrap();
    send(mock.local_addr(), &request).await.unwrap()
}

#[tokio::test]
async fn the_console_lists_payments_and_its_forms_act_on_them() {
    let (mock, client) = start().await;
    let id = requested(&client, &tea("CONSOLE-1")).await.transaction_id;
    let page = browser(&mock, "GET", "/__mock/console", "", None).await;
    assert_eq!(page.status(), 200);
    let html = text(&page);
    assert!(html.contains(&format!("data-id=\"{id}\"")), "{html}");
    assert!(
        html.contains("CONSOLE-1") && html.contains("WAITING"),
        "{html}"
    );
    assert!(
        html.contains(&format!("/__mock/console/payments/{id}/approve")),
        "{html}"
    );

    let approved = browser(
        &mock,
        "POST",
        &format!("/__mock/console/payments/{id}/approve"),
        "",
        None,
    )
    .await;
    assert_eq!(approved.status(), 303);
    assert_eq!(
        approved.headers()["location"],
        format!("/__mock/console/payments/{id}").as_str()
    );
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Approved);
    let again = browser(
        &mock,
        "POST",
        &format!("/__mock/console/payments/{id}/cancel"),
        "",
        None,
    )
    .await;
    assert_eq!(again.status(), 409, "no longer waiting");

    let detail = text(
        &browser(
            &mock,
            "GET",
            &format!("/__mock/console/payments/{id}"),
            "",
            None,
        )
        .await,
    );
    assert!(detail.contains("approved by the customer"), "{detail}");
    assert!(detail.contains("requested 250 TWD"), "{detail}");
    assert!(
        detail.contains("/__mock/console/requests/1"),
        "the call that requested it: {detail}"
    );

    let before = mock.now();
    let moved = browser(&mock, "POST", "/__mock/console/clock", "seconds=3600", None).await;
    assert_eq!(moved.status(), 303);
    assert!(mock.now() >= before + std::time::Duration::from_secs(3600));

    let armed = browser(
        &mock,
        "POST",
        "/__mock/console/faults",
        "route=confirm&kind=serverErrorHtmlAfterEffect&times=2&value=502",
        None,
    )
    .await;
    assert_eq!(armed.status(), 303);
    let pending = mock.pending_faults();
    assert_eq!((pending[0].target, pending[0].times), (Route::Confirm, 2));
    let refused = browser(
        &mock,
        "POST",
        "/__mock/console/faults",
        "route=confirm&kind=returnCode&value=abc",
        None,
    )
    .await;
    assert_eq!(refused.status(), 400);
    assert!(text(&refused).contains("four-digit"), "{}", text(&refused));
}

/// A wrong-signature call, as another language's client makes it, shows its cause.
#[tokio::test]
async fn a_failed_signature_shows_its_cause_on_the_console() {
    let mock = MockServer::start().await.unwrap();
    let secret = linepay_core::ChannelSecret::new(mock.channel_secret()).unwrap();
    let nonce = "0b5e2c4e-2f6b-4d0a-9c1e-7d3f8a9b6c5d";
    let signature = linepay_core::signing::sign(&secret, "/v3/payments?orderId=X", b"", nonce);
    let request = http::Request::get(format!("{}/v3/payments?orderId=X", mock.base_url()))
        .header("x-line-channelid", mock.channel_id())
        .header("x-line-authorization-nonce", nonce)
        .header("x-line-authorization", signature.as_str())
        .body(Bytes::new())
        .unwrap();
    send(mock.local_addr(), &request).await.unwrap();

    let list = text(&browser(&mock, "GET", "/__mock/console/requests", "", None).await);
    assert!(list.contains("1106</span> signature"), "{list}");
    let page = text(&browser(&mock, "GET", "/__mock/console/requests/1", "", None).await);
    assert!(
        page.contains("the query was signed as part of the path"),
        "{page}"
    );
    assert!(
        page.contains(signature.as_str()),
        "the received signature: {page}"
    );
    assert!(
        !page.contains(mock.channel_secret()),
        "the secret stays hidden"
    );
}

#[tokio::test]
async fn the_console_obeys_the_admin_token() {
    let mock = MockServer::start_with(MockConfig {
        admin_token: Some(AdminToken::new("console-token")),
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let refused = browser(&mock, "GET", "/__mock/console", "", None).await;
    assert_eq!(refused.status(), 401);
    let challenges: Vec<&str> = refused
        .headers()
        .get_all("www-authenticate")
        .iter()
        .map(|value| value.to_str().unwrap())
        .collect();
    assert!(
        challenges.iter().any(|c| c.starts_with("Basic ")),
        "{challenges:?}"
    );

    let basic = |credentials: &str| {
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(credentials)
        )
    };
    let wrong = browser(
        &mock,
        "GET",
        "/__mock/console",
        "",
        Some(&basic("admin:nope")),
    )
    .await;
    assert_eq!(wrong.status(), 401);
    let ok = browser(
        &mock,
        "GET",
        "/__mock/console",
        "",
        Some(&basic("anyone:console-token")),
    )
    .await;
    assert_eq!(ok.status(), 200);
    let log = browser(
        &mock,
        "GET",
        "/__mock/console/requests",
        "",
        Some("Bearer console-token"),
    )
    .await;
    assert_eq!(log.status(), 200);
}

/// The README's curl lines, run as they are written (bash, openssl, curl), make a request
/// with a signing mistake; its cause is on the console.
#[tokio::test]
async fn the_readmes_curl_signing_mistake_shows_on_the_console() {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("# A signing mistake")
        .expect("the README shows a signing mistake");
    let lines: Vec<&str> = readme[start..]
        .lines()
        .take_while(|line| !line.starts_with("curl -s $BASE/__mock/requests"))
        .filter(|line| !line.starts_with("# {"))
        .collect();
    let mock = MockServer::start().await.unwrap();
    let script = format!(
        "set -eu\nBASE={} ID={} SECRET={}\n{}\n",
        mock.base_url(),
        mock.channel_id(),
        mock.channel_secret(),
        lines.join("\n")
    );
    // On a blocking thread: the mock answers on this test's runtime meanwhile.
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("bash")
            .arg("-c")
            .arg(&script)
            .output()
    })
    .await
    .expect("the thread ends")
    .expect("bash runs");
    let answer = String::from_utf8_lossy(&output.stdout);
    assert!(
        answer.contains("\"returnCode\":\"1106\""),
        "{answer}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let call = &mock.request_log()[0];
    let cause = call.signature.as_ref().and_then(|s| s.likely_cause.clone());
    assert!(
        cause
            .as_deref()
            .is_some_and(|c| c.starts_with("the query was signed as part of the path")),
        "{cause:?}"
    );
    let page = text(
        &browser(
            &mock,
            "GET",
            &format!("/__mock/console/requests/{}", call.id),
            "",
            None,
        )
        .await,
    );
    assert!(
        page.contains("the query was signed as part of the path"),
        "{page}"
    );
}

//! The payment page at `paymentUrl.web`, used as a browser uses it: GET the page, read the
//! form's `action`, POST it, follow the `303` back to the shop; the HTTP client is the
//! client's own HyperTransport.

use linepay::api::v3::{CheckPaymentStatus, PaymentStatus, RedirectUrls, RequestPayment};
use linepay::signing::sign_request;
use linepay::{Nonce, ReturnCode, TransactionId, Transport, decode_response};
use linepay_mock::{PaymentState, Route};

use crate::support::*;

/// Decodes `%XX` escapes (and nothing else: a `+` stays a `+`).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] == b'%' && at + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[at + 1..at + 3]).unwrap();
            decoded.push(u8::from_str_radix(hex, 16).unwrap());
            at += 3;
        } else {
            decoded.push(bytes[at]);
            at += 1;
        }
    }
    String::from_utf8(decoded).unwrap()
}

/// The query parameters of a URL, decoded.
fn query_params(url: &str) -> Vec<(String, String)> {
    let query = url.split_once('?').map_or("", |(_, query)| query);
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

fn location(response: &http::Response<bytes::Bytes>) -> String {
    response
        .headers()
        .get(http::header::LOCATION)
        .expect("a Location header")
        .to_str()
        .expect("a visible-ASCII Location")
        .to_owned()
}

#[tokio::test]
async fn pay_on_the_page_then_confirm_from_the_confirm_url() {
    let (mock, client) = start().await;
    let order_id = "E2E 訂單 #7 & co+1/2=ok";
    let mut request = tea(order_id);
    let confirm_url = "https://shop.example/linepay/confirm?lang=zh-TW";
    request.redirect_urls = RedirectUrls::new(confirm_url, CANCEL_URL);
    let info = requested(&client, &request).await;
    let id = info.transaction_id;

    let page = browser_get(&client, &info.payment_url.web).await;
    assert_eq!(page.status(), 200);
    let content_type = page.headers()[http::header::CONTENT_TYPE].to_str().unwrap();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let html = text(&page);
    assert!(html.contains("250 TWD"), "the amount is shown");
    assert!(html.contains("烏龍茶 &lt;special&gt;"), "names are escaped");
    assert!(!html.contains("<special>"));
    assert!(html.contains(&id.to_string()));
    assert_eq!(forms(&html).len(), 2, "Pay and Cancel");

    let pay = form_with_button(&html, "Pay");
    let answer = browser_submit(&client, &resolve(&info.payment_url.web, &pay.action)).await;
    assert_eq!(answer.status(), 303, "{}", text(&answer));
    let back = location(&answer);
    assert_eq!(
        back,
        format!(
            "{confirm_url}&transactionId={id}&orderId={}",
            percent_encode(order_id)
        )
    );

    // The shop's confirmUrl handler reads the query...
    let params = query_params(&back);
    assert_eq!(
        params,
        vec![
            ("lang".to_owned(), "zh-TW".to_owned()),
            ("transactionId".to_owned(), id.to_string()),
            ("orderId".to_owned(), order_id.to_owned()),
        ]
    );
    let from_query: TransactionId = params[1].1.parse().unwrap();
    assert_eq!(from_query, id, "the 19-digit id survives the round trip");
    // ...and confirms with the amount of its own order record.
    let status = CheckPaymentStatus { transaction_id: id };
    assert_eq!(
        client.send(&status).await.unwrap(),
        PaymentStatus::Authorized
    );
    let confirmed = client
        .send(&confirm_of(from_query, TEA_TOTAL))
        .await
        .unwrap();
    assert_eq!(confirmed.order_id.as_str(), order_id);
    assert_eq!(
        client.send(&status).await.unwrap(),
        PaymentStatus::Completed
    );
    // Payment Details by that order id: its spaces, `&`, `#`, `+`, `/` and `=` are
    // percent-encoded into a query that is signed as sent and read back as written.
    let by_order = linepay::api::v3::PaymentDetails {
        order_id: vec![order(order_id)],
        ..Default::default()
    };
    let found = client.send(&by_order).await.unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].transaction_id, id);

    // The page now has nothing to decide, and a late click on Pay is refused.
    let after = text(&browser_get(&client, &info.payment_url.web).await);
    assert!(forms(&after).is_empty(), "{after}");
    assert!(after.contains("CAPTURED"), "{after}");
    let late = browser_submit(&client, &resolve(&info.payment_url.web, &pay.action)).await;
    assert_eq!(late.status(), 409);
    assert_eq!(mock.effects(Route::Confirm), 1);
}

#[tokio::test]
async fn cancel_on_the_page_goes_to_the_cancel_url_and_status_is_0121() {
    let (mock, client) = start().await;
    let info = requested(&client, &tea("PAGE-CANCEL")).await;
    let id = info.transaction_id;
    let html = text(&browser_get(&client, &info.payment_url.web).await);
    let cancel = form_with_button(&html, "Cancel");
    assert_ne!(cancel.action, form_with_button(&html, "Pay").action);

    let answer = browser_submit(&client, &resolve(&info.payment_url.web, &cancel.action)).await;
    assert_eq!(answer.status(), 303);
    assert_eq!(location(&answer), CANCEL_URL, "cancelUrl, unchanged");

    let status = client
        .send(&CheckPaymentStatus { transaction_id: id })
        .await
        .unwrap();
    assert_eq!(status, PaymentStatus::CancelledOrExpired);
    assert_eq!(status.return_code().as_str(), "0121");
    assert_eq!(
        api_code(client.send(&confirm_of(id, TEA_TOTAL)).await),
        ReturnCode::NoTransactionHistory
    );
    assert_eq!(mock.payment(id).unwrap().state, PaymentState::Cancelled);
    let after = text(&browser_get(&client, &info.payment_url.web).await);
    assert!(forms(&after).is_empty());
    assert!(after.contains("CANCELLED"));
}

#[tokio::test]
async fn a_second_click_on_pay_goes_to_the_same_place() {
    let (mock, client) = start().await;
    let info = requested(&client, &tea("PAGE-TWICE")).await;
    let html = text(&browser_get(&client, &info.payment_url.web).await);
    let pay = resolve(
        &info.payment_url.web,
        &form_with_button(&html, "Pay").action,
    );
    let first = browser_submit(&client, &pay).await;
    let second = browser_submit(&client, &pay).await;
    assert_eq!(
        (first.status().as_u16(), second.status().as_u16()),
        (303, 303)
    );
    assert_eq!(location(&first), location(&second));
    assert_eq!(
        mock.payment(info.transaction_id).unwrap().state,
        PaymentState::Approved
    );
    let after = text(&browser_get(&client, &info.payment_url.web).await);
    assert!(
        forms(&after).is_empty() && after.contains("APPROVED"),
        "{after}"
    );
}

#[tokio::test]
async fn a_hostile_confirm_url_cannot_inject_headers() {
    let (mock, client) = start().await;
    let mut request = tea("PAGE-HOSTILE");
    let hostile = "https://shop.example/ok\r\nSet-Cookie: stolen=1";
    request.redirect_urls = RedirectUrls::new(hostile, CANCEL_URL);

    // The typed client refuses it before anything is sent...
    let refused = client
        .prepare(&request)
        .expect_err("control characters are refused");
    assert_eq!(refused.field(), "redirectUrls.confirmUrl");

    // ...and so does the mock when another SDK sends it, signed by hand: 2101, nothing
    // recorded, so the URL never reaches a `Location` header.
    request.redirect_urls = RedirectUrls::new("https://shop.example/ok", CANCEL_URL);
    let mut raw = client.prepare(&request).expect("prepares");
    let mut body: serde_json::Value = serde_json::from_slice(raw.body()).expect("JSON");
    body["redirectUrls"]["confirmUrl"] = hostile.into();
    *raw.body_mut() = serde_json::to_vec(&body).expect("JSON").into();
    sign_request(
        &mut raw,
        client.credentials().channel_secret(),
        &Nonce::random(),
    );
    let answer = Transport::send(client.transport(), raw, BROWSER_TIMEOUT)
        .await
        .expect("answered");
    let error = decode_response::<RequestPayment>(&answer).expect_err("refused");
    assert_eq!(error.return_code(), Some(&ReturnCode::ParameterError));
    assert!(mock.ledger().is_empty());
}

#[tokio::test]
async fn pages_of_unknown_payments_and_wrong_methods_are_refused() {
    let (mock, client) = start().await;
    let unknown = format!("{}/web/payment/2026112299999999999", mock.base_url());
    assert_eq!(browser_get(&client, &unknown).await.status(), 404);
    let approve_unknown = format!("{unknown}/approve");
    assert_eq!(
        browser_submit(&client, &approve_unknown).await.status(),
        404
    );
    let info = requested(&client, &tea("PAGE-METHOD")).await;
    let approve_by_get = format!("{}/approve", info.payment_url.web);
    assert_eq!(browser_get(&client, &approve_by_get).await.status(), 405);
    assert_eq!(
        mock.payment(info.transaction_id).unwrap().state,
        PaymentState::Waiting
    );
}

/// A merchant's confirmUrl endpoint on 127.0.0.1: answers one GET with 200 and hands over
/// its request line.
async fn merchant_confirm_endpoint() -> (String, tokio::sync::oneshot::Receiver<String>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (sender, receiver) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut buffer = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => head.extend_from_slice(&buffer[..n]),
            }
        }
        let line = String::from_utf8_lossy(&head)
            .split("\r\n")
            .next()
            .unwrap_or_default()
            .to_owned();
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nOK")
            .await;
        let _ = sender.send(line);
    });
    (base, receiver)
}

#[tokio::test]
async fn a_server_confirm_url_is_called_by_line_pay_then_the_merchant_confirms() {
    let (mock, client) = start().await;
    let (base, called) = merchant_confirm_endpoint().await;
    let order_id = "SERVER 訂單&1";
    let mut request = tea(order_id);
    // A path with a space, as a careless merchant might configure it.
    request.redirect_urls = RedirectUrls::new(format!("{base}/linepay confirm?shop=1"), CANCEL_URL);
    request.redirect_urls.confirm_url_type = Some(linepay::api::v3::ConfirmUrlType::Server);
    let info = requested(&client, &request).await;
    let id = info.transaction_id;

    let html = text(&browser_get(&client, &info.payment_url.web).await);
    let pay = resolve(
        &info.payment_url.web,
        &form_with_button(&html, "Pay").action,
    );
    let answer = browser_submit(&client, &pay).await;
    assert_eq!(
        answer.status(),
        200,
        "the customer sees a page, not a redirect"
    );
    assert!(answer.headers().get(http::header::LOCATION).is_none());

    let line = tokio::time::timeout(std::time::Duration::from_secs(5), called)
        .await
        .expect("LINE Pay calls the confirmUrl")
        .unwrap();
    let parts: Vec<&str> = line.split(' ').collect();
    assert_eq!(parts.len(), 3, "a well-formed request line: {line:?}");
    assert_eq!((parts[0], parts[2]), ("GET", "HTTP/1.1"));
    assert!(
        parts[1].starts_with("/linepay%20confirm?shop=1&"),
        "{line:?}"
    );
    let params = query_params(parts[1]);
    assert_eq!(params[1], ("transactionId".to_owned(), id.to_string()));
    assert_eq!(params[2], ("orderId".to_owned(), order_id.to_owned()));

    eventually("the call is recorded", || {
        mock.payment(id)
            .and_then(|payment| payment.server_confirm)
            .is_some_and(|call| call.status == Some(200))
    })
    .await;
    let confirmed = client.send(&confirm_of(id, TEA_TOTAL)).await.unwrap();
    assert_eq!(confirmed.order_id.as_str(), order_id);
}

#[tokio::test]
async fn with_confirm_url_type_none_the_merchant_polls_the_status() {
    let (_mock, client) = start().await;
    let mut request = tea("POLL-1");
    request.redirect_urls = RedirectUrls::none();
    let info = requested(&client, &request).await;
    let status = CheckPaymentStatus {
        transaction_id: info.transaction_id,
    };
    assert_eq!(client.send(&status).await.unwrap(), PaymentStatus::Waiting);
    let html = text(&browser_get(&client, &info.payment_url.web).await);
    let pay = resolve(
        &info.payment_url.web,
        &form_with_button(&html, "Pay").action,
    );
    let answer = browser_submit(&client, &pay).await;
    assert_eq!(answer.status(), 200);
    assert!(answer.headers().get(http::header::LOCATION).is_none());
    assert_eq!(
        client.send(&status).await.unwrap(),
        PaymentStatus::Authorized
    );
    client
        .send(&confirm_of(info.transaction_id, TEA_TOTAL))
        .await
        .unwrap();
    assert_eq!(
        client.send(&status).await.unwrap(),
        PaymentStatus::Completed
    );
}

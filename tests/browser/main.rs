//! linepay-mock's console in a real browser: headless Chromium driven through chromedriver
//! (fantoccini). The console loads; Approve on a waiting payment approves it; a request with
//! a wrong signature shows why; at 1280 and 390 pixels wide no element is wider than its box.
//!
//! The tests are `#[ignore]`d, so a plain `cargo test` needs no browser: `.ci/browser`
//! installs Debian's `chromium` and `chromium-driver` when they are missing and runs
//! `cargo test -p linepay-tests --test browser -- --ignored`. `CHROMEDRIVER` and `CHROMIUM`
//! override the paths (`/usr/bin/chromedriver`, `/usr/bin/chromium`).

mod support;

use std::time::Duration;

use bytes::Bytes;
use linepay::api::v3::{Package, Product, RedirectUrls, RequestPayment};
use linepay::signing::sign;
use linepay::{Amount, ChannelSecret, Currency, HyperTransport, OrderId, Transport};
use linepay_mock::{MockServer, PaymentState};

use support::Browser;

/// A payment waiting for the customer, requested through linepay.
async fn waiting_payment(mock: &MockServer, order: &str) -> linepay::TransactionId {
    let client: linepay::Client = mock.client_builder().build_with(HyperTransport::new());
    let request = RequestPayment::new(
        OrderId::new(order).expect("an order id"),
        Currency::Twd,
        vec![Package::new(
            "shop",
            vec![Product::new(
                "烏龍茶 Oolong tea, a long name that has to wrap",
                2,
                Amount::whole(125),
            )],
        )],
        RedirectUrls::new(
            "https://shop.example/confirm",
            "https://shop.example/cancel",
        ),
    );
    client
        .send(&request)
        .await
        .expect("requested")
        .transaction_id
}

/// A GET whose signature covers the path with the query attached, as LINE Pay's guide
/// samples (and clients copied from them) sign it.
async fn send_missigned(mock: &MockServer) {
    let secret = ChannelSecret::new(mock.channel_secret()).expect("valid");
    let nonce = "9f0e1d2c-3b4a-4958-8776-655443322110";
    let signature = sign(&secret, "/v3/payments?orderId=CONSOLE-SIG", b"", nonce);
    let request = http::Request::get(format!(
        "{}/v3/payments?orderId=CONSOLE-SIG",
        mock.base_url()
    ))
    .header("x-line-channelid", mock.channel_id())
    .header("x-line-authorization-nonce", nonce)
    .header("x-line-authorization", signature.as_str())
    .body(Bytes::new())
    .expect("a request");
    let answer = HyperTransport::new()
        .send(request, Duration::from_secs(10))
        .await
        .expect("answered");
    assert!(String::from_utf8_lossy(answer.body()).contains("\"1106\""));
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: run by .ci/browser"]
async fn the_console_loads_and_lists_payments() {
    let mock = MockServer::start().await.expect("the mock starts");
    let id = waiting_payment(&mock, "BROWSER-1").await;
    let browser = Browser::start(1280, 900).await;
    browser
        .open(&format!("{}/__mock/console", mock.base_url()))
        .await;
    assert_eq!(browser.title().await, "Payments · linepay-mock");
    let row = browser.find(&format!("tr[data-id=\"{id}\"]")).await;
    let text = row.text().await.expect("the row's text");
    assert!(
        text.contains("BROWSER-1") && text.contains("WAITING"),
        "{text}"
    );
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: run by .ci/browser"]
async fn approve_on_a_waiting_payment_approves_it() {
    let mock = MockServer::start().await.expect("the mock starts");
    let id = waiting_payment(&mock, "BROWSER-APPROVE").await;
    let browser = Browser::start(1280, 900).await;
    browser
        .open(&format!("{}/__mock/console", mock.base_url()))
        .await;
    let approve = browser
        .find(&format!(
            "tr[data-id=\"{id}\"] form[action$=\"/approve\"] button"
        ))
        .await;
    approve.click().await.expect("clicked");
    // The form posts, and the console sends the browser to the payment's page.
    let state = browser.wait_for("#state").await;
    assert_eq!(state.text().await.expect("text"), "APPROVED");
    assert_eq!(
        mock.payment(id).expect("in the ledger").state,
        PaymentState::Approved
    );
    let timeline = browser.find("#timeline").await.text().await.expect("text");
    assert!(timeline.contains("approved by the customer"), "{timeline}");
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: run by .ci/browser"]
async fn a_wrong_signature_shows_its_explanation() {
    let mock = MockServer::start().await.expect("the mock starts");
    send_missigned(&mock).await;
    let browser = Browser::start(1280, 900).await;
    browser
        .open(&format!("{}/__mock/console/requests", mock.base_url()))
        .await;
    let link = browser.find("#requests a").await;
    link.click().await.expect("clicked");
    let cause = browser.wait_for("#cause").await.text().await.expect("text");
    assert!(
        cause.starts_with("the query was signed as part of the path"),
        "{cause}"
    );
    let section = browser.find("#signature").await.text().await.expect("text");
    assert!(
        section.contains("<secret li…et>"),
        "the secret masked: {section}"
    );
    assert!(!section.contains(mock.channel_secret()), "{section}");
    browser.close().await;
}

#[tokio::test]
#[ignore = "needs Chromium and chromedriver: run by .ci/browser"]
async fn nothing_is_wider_than_its_box_on_a_laptop_or_a_phone() {
    let mock = MockServer::start().await.expect("the mock starts");
    let waiting = waiting_payment(&mock, "BROWSER-WIDTH-WAITING").await;
    let other = waiting_payment(
        &mock,
        "BROWSER-WIDTH-A-RATHER-LONG-ORDER-ID-0000000000000042",
    )
    .await;
    mock.approve(other).expect("approved");
    send_missigned(&mock).await;
    let pages = [
        "/__mock/console".to_owned(),
        format!("/__mock/console/payments/{waiting}"),
        format!("/__mock/console/payments/{other}"),
        "/__mock/console/requests".to_owned(),
        "/__mock/console/requests/3".to_owned(),
    ];
    for (width, height) in [(1280, 900), (390, 844)] {
        let browser = Browser::start(width, height).await;
        for page in &pages {
            browser.open(&format!("{}{page}", mock.base_url())).await;
            // After the page's `<meta name="viewport">`: a phone lays it out at its width.
            let viewport = browser.viewport_width().await;
            assert_eq!(viewport, u64::from(width), "{page}: the viewport asked for");
            let overflowing = browser.overflowing().await;
            assert!(
                overflowing.is_empty(),
                "{page} at {viewport} px: {overflowing:#?}"
            );
        }
        // The phone layout is in use: the table head is hidden, cells are labelled.
        if width < 700 {
            browser
                .open(&format!("{}/__mock/console", mock.base_url()))
                .await;
            let head = browser.find("#payments thead").await;
            assert!(!head.is_displayed().await.expect("displayed?"));
        }
        browser.close().await;
    }
}

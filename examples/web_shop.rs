//! web_shop: the shop of LINE Pay's tutorials, as a small axum service.
//!
//! | route | what it does |
//! |---|---|
//! | `GET /create_payment` | Request, then `303` to LINE Pay's payment page (`paymentUrl.web`) |
//! | `GET /confirm_payment?transactionId=…&orderId=…` | where LINE Pay sends the customer back: Confirm, then the receipt |
//! | `GET /cancel` | where LINE Pay sends a customer who cancelled |
//!
//! The amount to confirm comes from the shop's own order record, looked up by `orderId`;
//! never from the query string, which anyone can edit.
//!
//! ```text
//! cargo run --example web_shop                    # serves on 127.0.0.1 until Ctrl-C
//! cargo run --example web_shop -- --port 8080
//! cargo run --example web_shop -- --self-test     # buys once like a browser; exit 0 or 1
//! ```
//!
//! LINE Pay is linepay-mock, started in this process, whose payment page has Pay and Cancel
//! buttons. With `LINEPAY_CHANNEL_ID` and `LINEPAY_CHANNEL_SECRET` set, the shop uses the
//! LINE Pay sandbox instead (except `--self-test`, which always uses linepay-mock).
//!
//! The handlers are in `support/shop.rs` (shared with `checkout --serve`), the order record
//! in `support/order.rs`, and the browser that `--self-test` plays in `support/browser.rs`.

#[path = "support/mod.rs"]
mod support;

use std::process::ExitCode;

use bytes::Bytes;
use http::{Method, StatusCode};
use linepay::HyperTransport;
use linepay_mock::{MockServer, PaymentState};

use support::browser::{browse, press_pay, read_confirm_redirect, redirect_target, text};
use support::{BoxError, report, shop};

const USAGE: &str = "usage: web_shop [--port N | --self-test]";

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (port, self_test) = match args.as_slice() {
        [] => (0, false),
        ["--self-test"] => (0, true),
        ["-h" | "--help"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        ["--port", port] if port.parse::<u16>().is_ok() => {
            (port.parse().unwrap_or_default(), false)
        }
        _ => {
            eprintln!("error: unexpected arguments {args:?}");
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(port, self_test).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&*error);
            ExitCode::FAILURE
        }
    }
}

async fn run(port: u16, self_test: bool) -> Result<(), BoxError> {
    let sandbox = std::env::var("LINEPAY_CHANNEL_ID")
        .ok()
        .zip(std::env::var("LINEPAY_CHANNEL_SECRET").ok());
    let (linepay, mock) = match sandbox {
        Some((id, secret)) if !self_test => (linepay::Client::sandbox(id, secret)?, None),
        _ => {
            let mock = MockServer::start().await?;
            let client = mock.client_builder().build_with(HyperTransport::new());
            (client, Some(mock))
        }
    };
    let server = shop::Server::bind(linepay, port).await?;
    let url = server.url().to_owned();

    if self_test {
        // No Ctrl-C watch here: the self-test ends the server itself, by aborting it.
        let server = tokio::spawn(server.serve(std::future::pending()));
        let outcome = buy_like_a_browser(&url, mock.as_ref()).await;
        server.abort();
        return outcome;
    }
    let linepay_name = mock
        .as_ref()
        .map_or("the LINE Pay sandbox", |_| "linepay-mock");
    println!("web_shop: open {url}/create_payment to buy (LINE Pay: {linepay_name}); Ctrl-C stops");
    server.serve(shop::ctrl_c()).await?;
    Ok(())
}

// -- --self-test: a browser's visit, over HTTP ----------------------------------------------

/// Buys once as a customer's browser would, checking every hop; then checks the two ways a
/// confirm can be refused.
async fn buy_like_a_browser(shop: &str, mock: Option<&MockServer>) -> Result<(), BoxError> {
    let browser = HyperTransport::new();

    // The customer clicks "Pay with LINE Pay": the shop sends them to LINE Pay's page.
    let payment_page =
        redirect_target(&browser, Method::GET, &format!("{shop}/create_payment")).await?;
    println!("self-test: /create_payment → 303 {payment_page}");

    // LINE Pay's page: find the Pay form and submit it.
    let confirm_url = press_pay(&browser, &payment_page).await?.location;
    println!("self-test: Pay → 303 {confirm_url}");
    if !confirm_url.starts_with(&format!("{shop}/confirm_payment?")) {
        return Err(format!("LINE Pay sent the customer to {confirm_url}, not to the shop").into());
    }
    let (transaction_id, _) = read_confirm_redirect(&confirm_url)?;

    // Back at the shop: the receipt.
    let receipt = browse(&browser, Method::GET, &confirm_url).await?;
    let receipt_text = text(&receipt)?;
    if receipt.status() != StatusCode::OK
        || !receipt_text.contains(&transaction_id.to_string())
        || !receipt_text.contains("250 TWD")
    {
        return Err(format!("expected a receipt for 250 TWD, transaction {transaction_id}; got HTTP {}: {receipt_text}", receipt.status()).into());
    }
    println!("self-test: receipt shows transaction {transaction_id} and 250 TWD");
    if let Some(mock) = mock {
        let state = mock.payment(transaction_id).map(|payment| payment.state);
        if state != Some(PaymentState::Captured) {
            return Err(format!("LINE Pay's ledger says {state:?}, not captured").into());
        }
    }

    // Reloading the receipt confirms again: LINE Pay refuses (1172), the shop explains.
    let again = browse(&browser, Method::GET, &confirm_url).await?;
    expect(&again, StatusCode::BAD_GATEWAY, "1172")?;
    println!("self-test: confirming twice shows LINE Pay's 1172");

    // An order the shop never made: 404, and LINE Pay is not asked.
    let forged = format!("{shop}/confirm_payment?transactionId={transaction_id}&orderId=FORGED-1");
    expect(
        &browse(&browser, Method::GET, &forged).await?,
        StatusCode::NOT_FOUND,
        "Unknown order",
    )?;
    println!("self-test: an unknown order gets 404");
    println!("self-test: passed");
    Ok(())
}

fn expect(
    response: &http::Response<Bytes>,
    status: StatusCode,
    fragment: &str,
) -> Result<(), BoxError> {
    let body = text(response)?;
    if response.status() == status && body.contains(fragment) {
        Ok(())
    } else {
        Err(format!(
            "expected HTTP {status} mentioning {fragment:?}, got HTTP {}: {body}",
            response.status()
        )
        .into())
    }
}

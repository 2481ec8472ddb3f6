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

use std::collections::HashMap;
use std::error::Error;
use std::net::Ipv4Addr;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use bytes::Bytes;
use http::header::{CONTENT_TYPE, LOCATION};
use http::{Method, StatusCode};
use linepay::api::v3::{ConfirmPayment, Package, Product, RedirectUrls, RequestPayment};
use linepay::endpoint::query::parse_query;
use linepay::{
    Amount, Currency, HyperTransport, OrderId, ReturnCode, TransactionId, Transport as _,
};
use linepay_mock::{MockServer, PaymentState};
use serde::Deserialize;

const USAGE: &str = "usage: web_shop [--port N | --self-test]";

type BoxError = Box<dyn Error + Send + Sync>;

/// The shop's own record of an order: what the customer was asked to pay.
#[derive(Clone)]
struct Order {
    amount: Amount,
    currency: Currency,
    transaction_id: TransactionId,
}

struct Shop {
    linepay: linepay::Client,
    /// `http://127.0.0.1:PORT`, for LINE Pay's redirect URLs.
    url: String,
    orders: Mutex<HashMap<OrderId, Order>>,
}

impl Shop {
    fn orders(&self) -> MutexGuard<'_, HashMap<OrderId, Order>> {
        self.orders.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// `GET /create_payment`: tell LINE Pay what the customer buys, then send them to pay.
async fn create_payment(State(shop): State<Arc<Shop>>) -> Response {
    let order_id = new_order_id();
    let request = RequestPayment::new(
        order_id.clone(),
        Currency::Twd,
        vec![Package::new(
            "tea-house",
            vec![
                Product::new("Green tea", 2, Amount::whole(60)),
                Product::new("Oolong tea", 1, Amount::whole(130)),
            ],
        )],
        RedirectUrls::new(
            format!("{}/confirm_payment", shop.url),
            format!("{}/cancel", shop.url),
        ),
    );
    match shop.linepay.send(&request).await {
        Ok(info) => {
            // Remember what the customer was asked to pay: Confirm needs it.
            let order = Order {
                amount: request.amount,
                currency: request.currency,
                transaction_id: info.transaction_id,
            };
            shop.orders().insert(order_id, order);
            Redirect::to(&info.payment_url.web).into_response()
        }
        Err(error) => error_page(&error),
    }
}

/// What LINE Pay appends to `confirmUrl`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConfirmQuery {
    transaction_id: TransactionId,
    order_id: OrderId,
}

/// `GET /confirm_payment?transactionId=…&orderId=…`: the customer approved; confirm.
async fn confirm_payment(
    State(shop): State<Arc<Shop>>,
    Query(query): Query<ConfirmQuery>,
) -> Response {
    // The query says WHICH order; the amount comes from our own record of it.
    let Some(order) = shop.orders().get(&query.order_id).cloned() else {
        return page(
            StatusCode::NOT_FOUND,
            "Unknown order",
            "This shop has no such order.",
        );
    };
    if order.transaction_id != query.transaction_id {
        return page(
            StatusCode::BAD_REQUEST,
            "Wrong payment",
            "This payment is not for this order.",
        );
    }
    let confirm = ConfirmPayment {
        transaction_id: order.transaction_id,
        amount: order.amount,
        currency: order.currency.clone(),
    };
    match shop.linepay.send(&confirm).await {
        // A real shop marks the order paid here, and ships it.
        Ok(info) => page(
            StatusCode::OK,
            "Thank you!",
            &format!(
                "Paid {} {} with LINE Pay. Order {}, transaction {}.",
                order.amount, order.currency, query.order_id, info.transaction_id
            ),
        ),
        Err(error) => error_page(&error),
    }
}

/// `GET /cancel`: the customer pressed Cancel on LINE Pay's page.
async fn cancel() -> Response {
    page(StatusCode::OK, "Payment cancelled", "Nothing was charged.")
}

/// `GET /`: a link to buy.
async fn home() -> Html<&'static str> {
    Html(
        "<!DOCTYPE html><title>Tea house</title><h1>Tea house</h1>\
          <p>Green tea × 2, Oolong tea × 1: 250 TWD</p>\
          <p><a href=\"/create_payment\">Pay with LINE Pay</a></p>",
    )
}

/// The error page: LINE Pay's return code and what it usually means here.
fn error_page(error: &linepay::Error<linepay::HyperError>) -> Response {
    eprintln!("LINE Pay call failed: {error}");
    let advice = match error.return_code() {
        Some(ReturnCode::OrderIdAlreadyUsed) => "Already confirmed? Check Payment Details.",
        Some(ReturnCode::NoTransactionHistory) => "LINE Pay has no approved payment with this id.",
        Some(ReturnCode::AmountMismatch) => "The amount differs from the one requested.",
        Some(ReturnCode::PaymentExpired) => "The payment expired: please order again.",
        Some(ReturnCode::DuplicateRequest) => {
            "Still being processed: check Payment Details shortly."
        }
        Some(code) => code.description(),
        // No answer: the call may still have gone through.
        None => "LINE Pay could not be reached. Check Payment Details before trying again.",
    };
    let title = match error.return_code() {
        Some(code) => format!("LINE Pay answered {code}"),
        None => "LINE Pay did not answer".to_owned(),
    };
    page(
        StatusCode::BAD_GATEWAY,
        &title,
        &format!("{advice} ({error})"),
    )
}

fn page(status: StatusCode, title: &str, text: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><title>{0}</title><h1>{0}</h1><p>{1}</p><p><a href=\"/\">Back to the shop</a></p>",
        escape(title),
        escape(text)
    );
    (status, Html(html)).into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A new order id per payment attempt: LINE Pay refuses one it has seen (1172).
fn new_order_id() -> OrderId {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    let secs = std::time::UNIX_EPOCH
        .elapsed()
        .unwrap_or_default()
        .as_secs();
    let id = format!("TEA-{secs}-{}", NEXT.fetch_add(1, Ordering::Relaxed));
    OrderId::new(id).expect("a short ASCII id is a valid order id")
}

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
            eprintln!("error: {error}");
            let mut cause = error.source();
            while let Some(error) = cause {
                eprintln!("  caused by: {error}");
                cause = error.source();
            }
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
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
    let url = format!("http://{}", listener.local_addr()?);
    let shop = Arc::new(Shop {
        linepay,
        url: url.clone(),
        orders: Mutex::default(),
    });
    let app = Router::new()
        .route("/", get(home))
        .route("/create_payment", get(create_payment))
        .route("/confirm_payment", get(confirm_payment))
        .route("/cancel", get(cancel))
        .with_state(shop);
    let server = axum::serve(listener, app);

    if self_test {
        let server = tokio::spawn(server.into_future());
        let outcome = buy_like_a_browser(&url, mock.as_ref()).await;
        server.abort();
        return outcome;
    }
    let linepay_name = mock
        .as_ref()
        .map_or("the LINE Pay sandbox", |_| "linepay-mock");
    println!("web_shop: open {url}/create_payment to buy (LINE Pay: {linepay_name}); Ctrl-C stops");
    server
        .with_graceful_shutdown(async {
            tokio::signal::ctrl_c().await.ok();
        })
        .await?;
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
    let html = text(&browse(&browser, Method::GET, &payment_page).await?)?;
    let action = pay_form_action(&html).ok_or("the payment page has no Pay form")?;
    let confirm_url = redirect_target(
        &browser,
        Method::POST,
        &on_same_host(&payment_page, &action)?,
    )
    .await?;
    println!("self-test: Pay → 303 {confirm_url}");
    if !confirm_url.starts_with(&format!("{shop}/confirm_payment?")) {
        return Err(format!("LINE Pay sent the customer to {confirm_url}, not to the shop").into());
    }
    let query = confirm_url.split_once('?').map_or("", |(_, query)| query);
    let transaction_id = parse_query(query)
        .into_iter()
        .find(|(key, _)| key == "transactionId")
        .map(|(_, value)| value.into_owned())
        .ok_or("no transactionId in the redirect")?;

    // Back at the shop: the receipt.
    let receipt = browse(&browser, Method::GET, &confirm_url).await?;
    let receipt_text = text(&receipt)?;
    if receipt.status() != StatusCode::OK
        || !receipt_text.contains(&transaction_id)
        || !receipt_text.contains("250 TWD")
    {
        return Err(format!("expected a receipt for 250 TWD, transaction {transaction_id}; got HTTP {}: {receipt_text}", receipt.status()).into());
    }
    println!("self-test: receipt shows transaction {transaction_id} and 250 TWD");
    if let Some(mock) = mock {
        let state = mock
            .payment(transaction_id.parse::<TransactionId>()?)
            .map(|payment| payment.state);
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

/// One request as a browser sends it (a GET, or a POST of a form without fields).
/// linepay's transport sends any `http::Request<Bytes>`, so it doubles as an HTTP client;
/// it follows no redirects, so each hop can be checked.
async fn browse(
    browser: &HyperTransport,
    method: Method,
    url: &str,
) -> Result<http::Response<Bytes>, BoxError> {
    let mut request = http::Request::builder().uri(url);
    if method == Method::POST {
        request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    let request = request.method(method).body(Bytes::new())?;
    Ok(browser.send(request, Duration::from_secs(10)).await?)
}

/// The `Location` of the `303 See Other` that `url` must answer.
async fn redirect_target(
    browser: &HyperTransport,
    method: Method,
    url: &str,
) -> Result<String, BoxError> {
    let response = browse(browser, method, url).await?;
    match response.headers().get(LOCATION) {
        Some(location) if response.status() == StatusCode::SEE_OTHER => {
            Ok(location.to_str()?.to_owned())
        }
        _ => Err(format!(
            "{url} answered HTTP {} without a redirect: {}",
            response.status(),
            text(&response)?
        )
        .into()),
    }
}

/// `path` (such as a form's `/web/payment/…/approve`) on the scheme and host of `page`.
fn on_same_host(page: &str, path: &str) -> Result<String, BoxError> {
    let page: http::Uri = page.parse()?;
    match (page.scheme_str(), page.authority()) {
        (Some(scheme), Some(host)) if path.starts_with('/') => {
            Ok(format!("{scheme}://{host}{path}"))
        }
        _ => Err(format!("cannot follow {path:?} from {page}").into()),
    }
}

fn text(response: &http::Response<Bytes>) -> Result<String, BoxError> {
    Ok(String::from_utf8(response.body().to_vec())?)
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

/// The `action` of the form whose button says "Pay" on linepay-mock's payment page.
fn pay_form_action(html: &str) -> Option<String> {
    html.split("<form").skip(1).find_map(|form| {
        let form = &form[..form.find("</form>")?];
        let start = form.find("action=\"")? + "action=\"".len();
        let action = &form[start..start + form[start..].find('"')?];
        form.contains(">Pay ").then(|| action.replace("&amp;", "&"))
    })
}

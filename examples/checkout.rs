//! checkout: a merchant's whole LINE Pay checkout, step by step: Request, the customer
//! approves, Confirm, a partial Refund, Payment Details.
//!
//! ```text
//! cargo run --example checkout                          # offline, against linepay-mock
//! LINEPAY_CHANNEL_ID=… LINEPAY_CHANNEL_SECRET=… \
//!     cargo run --example checkout                      # the LINE Pay sandbox: you pay
//! cargo run --example checkout -- --serve [--port N]    # a tiny shop to buy from in a browser
//! ```
//!
//! - **Offline** (the default): starts linepay-mock, a local LINE Pay, in this process and
//!   plays the customer too: it loads the payment page like a browser, presses Pay and reads
//!   the redirect to `confirmUrl`. Nothing leaves 127.0.0.1.
//! - **Sandbox** (`LINEPAY_CHANNEL_ID` and `LINEPAY_CHANNEL_SECRET` set to a LINE Pay sandbox
//!   channel): requests the payment with `confirmUrlType: NONE`, prints the payment URL for
//!   you to open, and polls Check Payment Status every 2 s for up to 10 minutes until you
//!   have approved; then the same Confirm, Refund and Payment Details. No money moves.
//! - **`--serve`**: a shop at `http://127.0.0.1:PORT/` (a free port unless `--port N`) backed
//!   by an in-process linepay-mock: buy a pot of tea with your browser, end to end. Ctrl-C
//!   stops it.
//!
//! Every step prints one line, with the return code of LINE Pay's answer. The channel secret
//! is never printed. A failure prints the error and its causes and exits 1; a bad command line
//! prints the usage and exits 2.

use std::collections::HashMap;
use std::error::Error;
use std::fmt::Display;
use std::net::Ipv4Addr;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_TYPE, LOCATION};
use http::{Method, StatusCode, Uri};
use linepay::api::v3::{
    CheckPaymentStatus, ConfirmPayment, Package, PaymentDetails, PaymentStatus, Product,
    RedirectUrls, RefundPayment, RequestInfo, RequestPayment,
};
use linepay::endpoint::query::parse_query;
use linepay::{
    Amount, Currency, HyperTransport, OrderId, ReturnCode, TransactionId, Transport as _,
};
use linepay_mock::MockServer;
use serde::Deserialize;

const USAGE: &str = "usage: checkout [--serve [--port N]]
  (no arguments)    the whole flow against an in-process linepay-mock; with
                    LINEPAY_CHANNEL_ID and LINEPAY_CHANNEL_SECRET set, against the LINE Pay sandbox
  --serve           a shop on http://127.0.0.1:PORT/ to buy from with a browser (linepay-mock)
  --port N          the shop's port (default: a free one)";

/// Everything that can go wrong, with its causes; `Send + Sync` so that the shop's handlers
/// can use it too.
type BoxError = Box<dyn Error + Send + Sync>;

/// Where LINE Pay sends the customer's browser in the offline run. Nothing listens there:
/// this program reads the redirect itself, as the page at `confirmUrl` would.
const OFFLINE_CONFIRM_URL: &str = "https://shop.example/linepay/confirm";
const OFFLINE_CANCEL_URL: &str = "https://shop.example/linepay/cancel";

/// LINE Pay asks for at least 1 s between two Check Payment Status calls.
const POLL_INTERVAL: Duration = Duration::from_secs(2);
/// How long the sandbox run waits for you to approve (LINE Pay's own limit is 20 minutes).
const APPROVAL_WAIT: Duration = Duration::from_secs(10 * 60);
/// The simulated browser's patience for one page.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(10);

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
enum Mode {
    Help,
    /// The whole flow once: offline, or in the sandbox when credentials are set.
    Checkout,
    Serve {
        port: u16,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    let usage_error = |message: String| {
        eprintln!("error: {message}");
        eprintln!("{USAGE}");
        ExitCode::from(2)
    };
    let mode = match parse_args(std::env::args().skip(1)) {
        Ok(mode) => mode,
        Err(message) => return usage_error(message),
    };
    let outcome = match mode {
        Mode::Help => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Mode::Serve { port } => serve(port).await,
        Mode::Checkout => match sandbox_credentials() {
            Ok(Some((channel_id, channel_secret))) => {
                run_sandbox(&channel_id, &channel_secret).await
            }
            Ok(None) => run_offline().await,
            Err(message) => return usage_error(message),
        },
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&*error);
            ExitCode::FAILURE
        }
    }
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Mode, String> {
    let (mut serve, mut port) = (false, None);
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-h" | "--help" => return Ok(Mode::Help),
            "--serve" if !serve => serve = true,
            "--port" if port.is_none() => {
                let value = args.next().ok_or("`--port` needs a number")?;
                let number = value
                    .parse::<u16>()
                    .map_err(|_| format!("`--port {value}`: not a port number"))?;
                port = Some(number);
            }
            "--serve" | "--port" => return Err(format!("`{arg}` given twice")),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    match (serve, port) {
        (true, port) => Ok(Mode::Serve {
            port: port.unwrap_or(0),
        }),
        (false, Some(_)) => Err("`--port` goes with `--serve`".to_owned()),
        (false, None) => Ok(Mode::Checkout),
    }
}

/// The sandbox channel from the environment: both variables, or neither (offline).
fn sandbox_credentials() -> Result<Option<(String, String)>, String> {
    let var = |name| std::env::var(name).ok().filter(|value| !value.is_empty());
    match (var("LINEPAY_CHANNEL_ID"), var("LINEPAY_CHANNEL_SECRET")) {
        (Some(id), Some(secret)) => Ok(Some((id, secret))),
        (None, None) => Ok(None),
        _ => Err(
            "set both LINEPAY_CHANNEL_ID and LINEPAY_CHANNEL_SECRET (the sandbox), or neither \
             (offline)"
                .to_owned(),
        ),
    }
}

// ---------------------------------------------------------------------------------------
// The merchant's order
// ---------------------------------------------------------------------------------------

/// The merchant's own record of an order. LINE Pay hears the amount at Request; at Confirm
/// the amount comes from here again, never from what the browser brings back.
#[derive(Clone, Debug)]
struct Order {
    id: OrderId,
    currency: Currency,
    items: Vec<Product>,
    total: Amount,
    /// Set once LINE Pay has accepted the Request.
    transaction_id: Option<TransactionId>,
    /// Set once LINE Pay has confirmed the payment: ship it.
    paid: bool,
}

impl Order {
    fn new(id: OrderId, currency: Currency, items: Vec<Product>) -> Result<Self, BoxError> {
        let total = items
            .iter()
            .try_fold(Amount::whole(0), |sum, item| {
                sum.checked_add(item.price.checked_mul(item.quantity)?)
            })
            .ok_or("the order total overflows")?;
        Ok(Self {
            id,
            currency,
            items,
            total,
            transaction_id: None,
            paid: false,
        })
    }

    /// Two teas, in TWD: the order every mode sells.
    fn teas() -> Result<Self, BoxError> {
        Order::new(
            new_order_id()?,
            Currency::Twd,
            vec![
                Product::new("Green tea", 2, Amount::whole(60)),
                Product::new("Oolong tea", 1, Amount::whole(130)),
            ],
        )
    }

    /// LINE Pay's Request for this order: one package holding every item. `RequestPayment::new`
    /// adds the package up, and the client checks every total before anything is sent.
    fn payment_request(&self, redirect_urls: RedirectUrls) -> RequestPayment {
        let package = Package {
            name: Some("linepay-rs tea house".to_owned()),
            ..Package::new("tea-house", self.items.clone())
        };
        RequestPayment::new(
            self.id.clone(),
            self.currency.clone(),
            vec![package],
            redirect_urls,
        )
    }

    /// `Green tea × 2 @ 60 + Oolong tea × 1 @ 130`.
    fn items_text(&self) -> String {
        let items: Vec<String> = self
            .items
            .iter()
            .map(|item| format!("{} × {} @ {}", item.name, item.quantity, item.price))
            .collect();
        items.join(" + ")
    }

    fn money(&self, amount: Amount) -> String {
        format!("{amount} {}", self.currency)
    }
}

/// A fresh order id per payment attempt: LINE Pay refuses one it has seen (1172), and the
/// sandbox remembers ids from earlier runs.
fn new_order_id() -> Result<OrderId, BoxError> {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    let millis = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis();
    let serial = NEXT.fetch_add(1, Ordering::Relaxed);
    Ok(OrderId::new(format!("ORDER-{millis}-{serial}"))?)
}

// ---------------------------------------------------------------------------------------
// The two walks: offline and sandbox
// ---------------------------------------------------------------------------------------

/// The whole flow against a linepay-mock in this process, the customer included.
async fn run_offline() -> Result<(), BoxError> {
    let mock = MockServer::start().await?;
    // The mock's channel id and secret, and its base URL in place of LINE Pay's; sent through
    // the same hyper transport a real shop uses.
    let client: linepay::Client = mock.client_builder().build_with(HyperTransport::new());
    step(
        "LINE Pay",
        format_args!(
            "is linepay-mock at {} (channel {}), in this process: nothing leaves 127.0.0.1",
            mock.base_url(),
            mock.channel_id()
        ),
    );

    let mut order = Order::teas()?;
    print_order(&order);
    let redirect_urls = RedirectUrls::new(OFFLINE_CONFIRM_URL, OFFLINE_CANCEL_URL);
    let info = request_payment(&client, &mut order, redirect_urls).await?;

    // The customer's turn: LINE Pay's page, the Pay button, and the redirect to confirmUrl.
    let location = approve_as_browser(client.transport(), &info.payment_url.web).await?;
    let (transaction_id, order_id) = read_confirm_redirect(&location)?;
    step(
        "return",
        format_args!("confirmUrl got transactionId {transaction_id} and orderId {order_id}"),
    );
    // What a confirmUrl handler does first: find its own order by orderId, and check that the
    // transaction is the one LINE Pay gave for it. (The web shop keeps a map of orders.)
    if order_id != order.id || Some(transaction_id) != order.transaction_id {
        return Err(format!(
            "the redirect names order {order_id} and transaction {transaction_id}: not ours"
        )
        .into());
    }

    complete_payment(&client, &order, transaction_id).await?;
    mock.shutdown().await;
    Ok(())
}

/// The whole flow against the LINE Pay sandbox; a person approves the payment in LINE Pay.
async fn run_sandbox(channel_id: &str, channel_secret: &str) -> Result<(), BoxError> {
    let client = linepay::Client::sandbox(channel_id, channel_secret)?;
    step(
        "LINE Pay",
        format_args!(
            "is the sandbox at {} (channel {channel_id}): no money moves",
            client.environment().base_url()
        ),
    );

    let mut order = Order::teas()?;
    print_order(&order);
    // This program runs no web server LINE Pay could send the customer back to, so ask for
    // no redirect at all (confirmUrlType NONE) and learn of the approval by polling.
    let info = request_payment(&client, &mut order, RedirectUrls::none()).await?;
    step(
        "waiting",
        format_args!(
            "open the URL above and pay with LINE Pay; asking every {} s for up to {} minutes",
            POLL_INTERVAL.as_secs(),
            APPROVAL_WAIT.as_secs() / 60
        ),
    );
    wait_for_approval(&client, info.transaction_id).await?;
    complete_payment(&client, &order, info.transaction_id).await
}

/// Request: tells LINE Pay what the customer buys; keeps the transaction id with the order.
async fn request_payment(
    client: &linepay::Client,
    order: &mut Order,
    redirect_urls: RedirectUrls,
) -> Result<RequestInfo, BoxError> {
    let request = order.payment_request(redirect_urls);
    let info = client.send(&request).await?;
    order.transaction_id = Some(info.transaction_id);
    step(
        "request",
        format_args!(
            "{}  transaction {}  {}  order {}",
            success(),
            info.transaction_id,
            order.money(request.amount),
            order.id
        ),
    );
    step("pay at", &info.payment_url.web);
    Ok(info)
}

/// Polls Check Payment Status until the customer has approved (`0110`), or stops with the
/// reason: cancelled or expired (`0121`), failed (`0122`), already completed (`0123`), or
/// no answer within [`APPROVAL_WAIT`].
async fn wait_for_approval(
    client: &linepay::Client,
    transaction_id: TransactionId,
) -> Result<(), BoxError> {
    let deadline = Instant::now() + APPROVAL_WAIT;
    let mut last_status = None;
    loop {
        match client.send(&CheckPaymentStatus { transaction_id }).await {
            Ok(status) => {
                // One line per change, not one per poll.
                if last_status != Some(status) {
                    step(
                        "status",
                        format_args!("{} {}", status.return_code(), status_text(status)),
                    );
                    last_status = Some(status);
                }
                match status {
                    PaymentStatus::Authorized => return Ok(()),
                    PaymentStatus::Waiting => {}
                    PaymentStatus::CancelledOrExpired => {
                        return Err("the payment was cancelled, or not approved in time".into());
                    }
                    PaymentStatus::Failed => return Err("LINE Pay says the payment failed".into()),
                    _ => return Err(format!("nothing to confirm: {}", status_text(status)).into()),
                }
            }
            // A read is always safe to repeat: ride out network trouble and LINE Pay's
            // internal errors (9000) instead of giving up on a customer who is paying.
            Err(error @ linepay::Error::Transport(_)) => {
                step("status", format_args!("{error}; asking again"));
            }
            Err(error) if error.return_code() == Some(&ReturnCode::InternalError) => {
                step("status", format_args!("{error}; asking again"));
            }
            Err(error) => return Err(error.into()),
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "not approved within {} minutes; the payment request lapses by itself",
                APPROVAL_WAIT.as_secs() / 60
            )
            .into());
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    }
}

fn status_text(status: PaymentStatus) -> &'static str {
    match status {
        PaymentStatus::Waiting => "waiting for the customer",
        PaymentStatus::Authorized => "approved by the customer: confirm now",
        PaymentStatus::CancelledOrExpired => "cancelled, or the approval window expired",
        PaymentStatus::Failed => "the payment failed",
        PaymentStatus::Completed => "already completed (confirmed elsewhere?)",
        _ => "an unknown status",
    }
}

/// After the customer's approval: Confirm, refund one item, and read the payment back.
async fn complete_payment(
    client: &linepay::Client,
    order: &Order,
    transaction_id: TransactionId,
) -> Result<(), BoxError> {
    // The amount and currency come from the merchant's own order record, never from the
    // confirmUrl's query string: anyone can edit a URL, and LINE Pay would answer 1153 at
    // best.
    let confirm = ConfirmPayment {
        transaction_id,
        amount: order.total,
        currency: order.currency.clone(),
    };
    let confirmed = client.send(&confirm).await?;
    let paid_with: Vec<String> = confirmed
        .pay_info
        .iter()
        .map(|pay| format!("{} {}", pay.method, pay.amount))
        .collect();
    step(
        "confirm",
        format_args!(
            "{}  transaction {}  {} from our order record  paid with {}",
            success(),
            confirmed.transaction_id,
            order.money(order.total),
            paid_with.join(" + ")
        ),
    );

    // The customer brings one item back: refund its price, not the whole payment.
    let item = order.items.first().ok_or("the order has no items")?;
    let refund = RefundPayment::partial(transaction_id, item.price);
    let refunded = client.send(&refund).await?;
    step(
        "refund",
        format_args!(
            "{}  refund transaction {}  {} (one {}) of transaction {transaction_id}",
            success(),
            refunded.refund_transaction_id,
            order.money(item.price),
            item.name
        ),
    );

    let details = PaymentDetails {
        transaction_id: vec![transaction_id],
        ..PaymentDetails::default()
    };
    let payments = client.send(&details).await?;
    let payment = payments
        .iter()
        .find(|payment| payment.transaction_id == transaction_id)
        .ok_or("Payment Details does not list the payment")?;
    let pay_status = payment
        .pay_status
        .as_ref()
        .map_or("-", |status| status.as_str());
    step(
        "details",
        format_args!(
            "{}  transaction {}  order {}  payStatus {pay_status}",
            success(),
            payment.transaction_id,
            payment.order_id.as_ref().map_or("-", OrderId::as_str),
        ),
    );
    // LINE Pay reports each refund with a negative amount.
    for refund in &payment.refund_list {
        let kind = refund
            .transaction_type
            .as_ref()
            .map_or("refund", |kind| kind.as_str());
        step(
            "",
            format_args!(
                "refund {}  {kind}  {}",
                refund.refund_transaction_id,
                order.money(refund.refund_amount)
            ),
        );
    }
    let refunded_total = payment
        .refunded_total()
        .ok_or("the refunds do not add up")?;
    let remaining = order
        .total
        .checked_sub(refunded_total)
        .ok_or("the remaining amount does not fit")?;
    step(
        "",
        format_args!(
            "paid {}, refunded {}, remaining {}",
            order.money(order.total),
            order.money(refunded_total),
            order.money(remaining)
        ),
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The customer's browser
// ---------------------------------------------------------------------------------------

/// Plays the customer on LINE Pay's payment page: loads `payment_url`, submits its Pay form,
/// and returns where LINE Pay then sends the browser (the `Location` of its `303`:
/// `confirmUrl?transactionId=…&orderId=…`).
///
/// linepay's transport sends any `http::Request<Bytes>`, so it doubles as a small HTTP
/// client. It follows no redirects, which lets this read the `303` itself.
async fn approve_as_browser(
    browser: &HyperTransport,
    payment_url: &str,
) -> Result<String, BoxError> {
    let page = browse(browser, Method::GET, payment_url).await?;
    if page.status() != StatusCode::OK {
        return Err(format!("the payment page answered HTTP {}", page.status()).into());
    }
    let html = std::str::from_utf8(page.body())?;
    let pay = find_form(html, "Pay").ok_or("the payment page has no Pay button")?;
    let action = resolve(payment_url, &pay.action)?;
    let answer = browse(browser, Method::POST, &action).await?;
    let location = answer
        .headers()
        .get(LOCATION)
        .filter(|_| answer.status() == StatusCode::SEE_OTHER)
        .ok_or_else(|| {
            format!(
                "pressing Pay answered HTTP {}, not a redirect",
                answer.status()
            )
        })?
        .to_str()?
        .to_owned();
    step(
        "approve",
        format_args!(
            "the customer pressed \"{}\"; LINE Pay answered 303 See Other to {location}",
            pay.button
        ),
    );
    Ok(location)
}

/// One request as a browser sends it: a GET, or a POST of a form without fields.
async fn browse(
    browser: &HyperTransport,
    method: Method,
    url: &str,
) -> Result<http::Response<Bytes>, BoxError> {
    let mut request = http::Request::builder()
        .method(method.clone())
        .uri(url)
        .header(ACCEPT, "text/html");
    if method == Method::POST {
        request = request.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
    }
    Ok(browser
        .send(request.body(Bytes::new())?, BROWSER_TIMEOUT)
        .await?)
}

/// A form on a page: where it posts, and the text of its button.
struct Form {
    action: String,
    button: String,
}

/// The first `<form>` whose button text starts with `label`. Just enough HTML reading for
/// linepay-mock's payment page; LINE Pay's real page is for people, not for programs.
fn find_form(html: &str, label: &str) -> Option<Form> {
    html.split("<form").skip(1).find_map(|rest| {
        let form = &rest[..rest.find("</form>")?];
        let action = attribute(form, "action")?;
        let button = &form[form.find("<button")?..];
        let text = &button[button.find('>')? + 1..button.find("</button>")?];
        let text = unescape_html(text.trim());
        text.starts_with(label).then(|| Form {
            action: unescape_html(action),
            button: text,
        })
    })
}

/// The value of `name="…"` in a piece of HTML.
fn attribute<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let start = html.find(&format!(" {name}=\""))? + name.len() + 3;
    let length = html[start..].find('"')?;
    Some(&html[start..start + length])
}

fn unescape_html(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// `link` as an absolute URL: as it is, or a `/path` on `base`'s scheme and host.
fn resolve(base: &str, link: &str) -> Result<String, BoxError> {
    if link.starts_with("http://") || link.starts_with("https://") {
        return Ok(link.to_owned());
    }
    let base: Uri = base.parse()?;
    match (base.scheme_str(), base.authority(), link.starts_with('/')) {
        (Some(scheme), Some(authority), true) => Ok(format!("{scheme}://{authority}{link}")),
        _ => Err(format!("cannot follow `{link}` from `{base}`").into()),
    }
}

/// What a confirmUrl handler reads from its query string: `transactionId` and `orderId`,
/// ids only. The amount to confirm is never in it.
fn read_confirm_redirect(location: &str) -> Result<(TransactionId, OrderId), BoxError> {
    let uri: Uri = location.parse()?;
    let pairs = parse_query(uri.query().unwrap_or_default());
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.to_string())
            .ok_or_else(|| format!("the redirect to confirmUrl has no `{name}`: {location}"))
    };
    Ok((
        value("transactionId")?.parse()?,
        OrderId::new(value("orderId")?)?,
    ))
}

// ---------------------------------------------------------------------------------------
// --serve: a shop for a person with a browser
// ---------------------------------------------------------------------------------------

/// The shop's state: its LINE Pay client, its own address, and its order book.
struct Shop {
    linepay: linepay::Client,
    url: String,
    orders: Mutex<HashMap<OrderId, Order>>,
}

impl Shop {
    fn orders(&self) -> MutexGuard<'_, HashMap<OrderId, Order>> {
        // A handler that panicked mid-update leaves a map that is still usable here.
        self.orders.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Runs the shop on 127.0.0.1 against an in-process linepay-mock until Ctrl-C.
async fn serve(port: u16) -> Result<(), BoxError> {
    let mock = MockServer::start().await?;
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
    let url = format!("http://{}", listener.local_addr()?);
    let shop = Arc::new(Shop {
        linepay: mock.client_builder().build_with(HyperTransport::new()),
        url: url.clone(),
        orders: Mutex::new(HashMap::new()),
    });
    let app = Router::new()
        .route("/", get(shop_home))
        .route("/buy", post(shop_buy))
        .route("/confirm", get(shop_confirm))
        .route("/cancel", get(shop_cancel))
        .with_state(shop);

    step(
        "LINE Pay",
        format_args!(
            "is linepay-mock at {} (channel {})",
            mock.base_url(),
            mock.channel_id()
        ),
    );
    step(
        "shop",
        format_args!("open {url}/ in a browser; Ctrl-C stops"),
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            // If Ctrl-C cannot be watched, run until the process is killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await?;
    step("shop", "stopped");
    mock.shutdown().await;
    Ok(())
}

/// `GET /`: the product and a Buy button.
async fn shop_home() -> Html<String> {
    let order = match Order::teas() {
        Ok(order) => order,
        Err(error) => {
            return shop_page(
                "Tea house",
                &format!("<p>{}</p>", escape(&error.to_string())),
            );
        }
    };
    shop_page(
        "linepay-rs tea house",
        &format!(
            "<p>{}</p><p><b>{}</b></p>\
             <form method=\"post\" action=\"/buy\"><button type=\"submit\">Buy with LINE Pay</button></form>",
            escape(&order.items_text()),
            escape(&order.money(order.total))
        ),
    )
}

/// `POST /buy`: a new order, LINE Pay's Request, and off to the payment page.
async fn shop_buy(State(shop): State<Arc<Shop>>) -> Response {
    let mut order = match Order::teas() {
        Ok(order) => order,
        Err(error) => return failure_page(&*error),
    };
    let urls = RedirectUrls::new(
        format!("{}/confirm", shop.url),
        format!("{}/cancel?orderId={}", shop.url, order.id),
    );
    let request = order.payment_request(urls);
    match shop.linepay.send(&request).await {
        Ok(info) => {
            step(
                "request",
                format_args!(
                    "{}  transaction {}  {}  order {}",
                    success(),
                    info.transaction_id,
                    order.money(order.total),
                    order.id
                ),
            );
            order.transaction_id = Some(info.transaction_id);
            shop.orders().insert(order.id.clone(), order);
            Redirect::to(&info.payment_url.web).into_response()
        }
        Err(error) => failure_page(&error),
    }
}

/// The query LINE Pay appends to `confirmUrl`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConfirmQuery {
    transaction_id: TransactionId,
    order_id: OrderId,
}

/// `GET /confirm?transactionId=…&orderId=…`: Confirm, then the receipt.
async fn shop_confirm(
    State(shop): State<Arc<Shop>>,
    Query(query): Query<ConfirmQuery>,
) -> Response {
    // Our own record of the order decides the amount; the query only says which order.
    let Some(order) = shop.orders().get(&query.order_id).cloned() else {
        let page = shop_page("Unknown order", "<p>This shop has no such order.</p>");
        return (StatusCode::NOT_FOUND, page).into_response();
    };
    if order.transaction_id != Some(query.transaction_id) {
        let page = shop_page(
            "Wrong payment",
            "<p>This payment is not for this order.</p>",
        );
        return (StatusCode::BAD_REQUEST, page).into_response();
    }
    // A reload of this page, or a second tab: the payment is confirmed already, and a second
    // Confirm would only get 1172.
    if order.paid {
        return receipt_page(&order, query.transaction_id);
    }
    let confirm = ConfirmPayment {
        transaction_id: query.transaction_id,
        amount: order.total,
        currency: order.currency.clone(),
    };
    match shop.linepay.send(&confirm).await {
        Ok(confirmed) => {
            step(
                "confirm",
                format_args!(
                    "{}  transaction {}  {}  order {}",
                    success(),
                    confirmed.transaction_id,
                    order.money(order.total),
                    order.id
                ),
            );
            if let Some(order) = shop.orders().get_mut(&order.id) {
                order.paid = true;
            }
            receipt_page(&order, confirmed.transaction_id)
        }
        Err(error) => failure_page(&error),
    }
}

fn receipt_page(order: &Order, transaction_id: TransactionId) -> Response {
    shop_page(
        "Thank you!",
        &format!(
            "<p>Paid <b>{}</b> with LINE Pay for {}.</p><p>Order {}<br>Transaction {transaction_id}</p>\
             <p><a href=\"/\">Back to the shop</a></p>",
            escape(&order.money(order.total)),
            escape(&order.items_text()),
            escape(order.id.as_str()),
        ),
    )
    .into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CancelQuery {
    order_id: Option<OrderId>,
}

/// `GET /cancel`: the customer pressed Cancel on LINE Pay's page.
async fn shop_cancel(
    State(shop): State<Arc<Shop>>,
    Query(query): Query<CancelQuery>,
) -> Html<String> {
    if let Some(order_id) = &query.order_id {
        // Nothing was charged; the order will not be paid.
        if shop.orders().remove(order_id).is_some() {
            step(
                "cancel",
                format_args!("order {order_id}: the customer cancelled"),
            );
        }
    }
    shop_page(
        "Payment cancelled",
        "<p>Nothing was charged.</p><p><a href=\"/\">Back to the shop</a></p>",
    )
}

/// A page saying what went wrong, with LINE Pay's return code when there is one.
fn failure_page(error: &(dyn Error + 'static)) -> Response {
    report(error);
    let page = shop_page(
        "The payment did not go through",
        &format!(
            "<p>{}</p><p><a href=\"/\">Back to the shop</a></p>",
            escape(&error.to_string())
        ),
    );
    (StatusCode::BAD_GATEWAY, page).into_response()
}

fn shop_page(title: &str, content: &str) -> Html<String> {
    Html(format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:30rem;margin:3rem auto}}\
         button{{font-size:1rem;padding:.6rem 1.2rem;background:#06c755;color:#fff;border:0;border-radius:.4rem}}</style>\
         </head><body><h1>{title}</h1>{content}</body></html>\n",
        title = escape(title)
    ))
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

// ---------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------

/// One step, one line: a short label, then what happened.
fn step(label: &str, text: impl Display) {
    println!("{label:<9} {text}");
}

/// The return code of a successful answer. `Client::send` hands back `info` only when
/// LINE Pay answered `0000`; anything else arrives as an error naming its code.
fn success() -> String {
    format!("{} Success", ReturnCode::Success)
}

fn print_order(order: &Order) {
    step(
        "order",
        format_args!(
            "{}  {} = {}",
            order.id,
            order.items_text(),
            order.money(order.total)
        ),
    );
}

/// The error on stderr, then each of its causes.
fn report(error: &(dyn Error + 'static)) {
    eprintln!("error: {error}");
    let mut cause = error.source();
    while let Some(error) = cause {
        eprintln!("  caused by: {error}");
        cause = error.source();
    }
}

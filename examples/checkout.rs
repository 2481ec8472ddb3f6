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
//!   stops it. It is the web_shop example's shop (`/create_payment`, `/confirm_payment`,
//!   `/cancel`).
//!
//! Every step prints one line, with the return code of LINE Pay's answer. The channel secret
//! is never printed. A failure prints the error and its causes and exits 1; a bad command line
//! prints the usage and exits 2.
//!
//! `support/` holds what this example shares with web_shop: the merchant's order record
//! (`order.rs`), the shop (`shop.rs`) and the customer's browser (`browser.rs`).

#[path = "support/mod.rs"]
mod support;

use std::fmt::Display;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use linepay::api::v3::{
    CheckPaymentStatus, ConfirmPayment, PaymentDetails, PaymentStatus, RedirectUrls, RefundPayment,
    RequestInfo,
};
use linepay::{HyperTransport, OrderId, ReturnCode, TransactionId};
use linepay_mock::MockServer;

use support::browser::{press_pay, read_confirm_redirect};
use support::order::Order;
use support::{BoxError, report, shop};

const USAGE: &str = "usage: checkout [--serve [--port N]]
  (no arguments)    the whole flow against an in-process linepay-mock; with
                    LINEPAY_CHANNEL_ID and LINEPAY_CHANNEL_SECRET set, against the LINE Pay sandbox
  --serve           a shop on http://127.0.0.1:PORT/ to buy from with a browser (linepay-mock)
  --port N          the shop's port (default: a free one)";

/// Where LINE Pay sends the customer's browser in the offline run. Nothing listens there:
/// this program reads the redirect itself, as the page at `confirmUrl` would.
const OFFLINE_CONFIRM_URL: &str = "https://shop.example/linepay/confirm";
const OFFLINE_CANCEL_URL: &str = "https://shop.example/linepay/cancel";

/// LINE Pay asks for at least 1 s between two Check Payment Status calls.
const POLL_INTERVAL: Duration = Duration::from_secs(2);
/// How long the sandbox run waits for you to approve (LINE Pay's own limit is 20 minutes).
const APPROVAL_WAIT: Duration = Duration::from_secs(10 * 60);

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

    let mut order = Order::teas();
    print_order(&order);
    let redirect_urls = RedirectUrls::new(OFFLINE_CONFIRM_URL, OFFLINE_CANCEL_URL);
    let info = request_payment(&client, &mut order, redirect_urls).await?;

    // The customer's turn: LINE Pay's page, the Pay button, and the redirect to confirmUrl.
    let approval = press_pay(client.transport(), &info.payment_url.web).await?;
    let location = approval.location;
    step(
        "approve",
        format_args!(
            "the customer pressed \"{}\"; LINE Pay answered 303 See Other to {location}",
            approval.button
        ),
    );
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

    let mut order = Order::teas();
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
// --serve: the web_shop example's shop, for a person with a browser
// ---------------------------------------------------------------------------------------

/// Runs the shop of `support/shop.rs` (the web_shop example's: `/create_payment`,
/// `/confirm_payment`, `/cancel`) on 127.0.0.1 against an in-process linepay-mock until
/// Ctrl-C.
async fn serve(port: u16) -> Result<(), BoxError> {
    let mock = MockServer::start().await?;
    let linepay = mock.client_builder().build_with(HyperTransport::new());
    let server = shop::Server::bind(linepay, port).await?;
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
        format_args!("open {}/ in a browser; Ctrl-C stops", server.url()),
    );
    server.serve(shop::ctrl_c()).await?;
    step("shop", "stopped");
    mock.shutdown().await;
    Ok(())
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

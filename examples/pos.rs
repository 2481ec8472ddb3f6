//! pos: a shop's counter on LINE Pay's Offline API: the customer shows their My Code, the
//! terminal charges it, prints a receipt, and later refunds a returned item.
//!
//! ```text
//! cargo run --example pos                     # offline, against linepay-mock
//! cargo run --example pos -- --scan           # type the My Code in (or scan it)
//! LINEPAY_CHANNEL_ID=… LINEPAY_CHANNEL_SECRET=… \
//!     cargo run --example pos -- --scan       # the LINE Pay sandbox: no money moves
//! ```
//!
//! - **Offline** (the default): starts linepay-mock, a local LINE Pay, in this process; its
//!   My Code generator plays the customer's phone. With `--scan` the code is shown and you
//!   type it back, as a cashier would from the customer's screen. Nothing leaves 127.0.0.1.
//! - **Sandbox** (`LINEPAY_CHANNEL_ID` and `LINEPAY_CHANNEL_SECRET` set, with `--scan`): take
//!   a My Code from LINE Pay's sandbox generator
//!   (`https://sandbox-web-pay.line.me/web/sandbox/payment/oneTimeKey?countryCode=TW`) and
//!   type its digits.
//!
//! The sale goes through `pay_or_recover`: if Pay's answer is lost, the terminal asks Check
//! with the same order id instead of charging again. A refused My Code (`1133`: used, expired
//! or not a code) and any other failure print the error and exit 1; a bad command line
//! prints the usage and exits 2.

#[path = "support/report.rs"]
mod report;

use std::io::BufRead;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use linepay::api::offline::{CheckOrder, Pay, RefundOrder};
use linepay::api::v4::{Package, Product};
use linepay::recovery::{PayOutcome, PayReceipt, Polling};
use linepay::{
    Amount, ApiVersion, Client, ClientBuilder, Credentials, Currency, DeviceHeaders,
    HyperTransport, OneTimeKey, OrderId,
};
use linepay_mock::{Customer, MockServer};

use report::{BoxError, report};

const USAGE: &str = "usage: pos [--scan]
  (no arguments)    a counter sale and a refund against an in-process linepay-mock, the
                    customer's My Code from its generator
  --scan            read the My Code from standard input (a scanner types it and presses
                    Enter); required with LINEPAY_CHANNEL_ID and LINEPAY_CHANNEL_SECRET set,
                    which run against the LINE Pay sandbox";

/// The terminal, as LINE Pay's reports name it.
const DEVICE_PROFILE_ID: &str = "TPE07-POS-02";
const DEVICE_TYPE: &str = "POS";

#[tokio::main]
async fn main() -> ExitCode {
    let mut scan = false;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--scan" if !scan => scan = true,
            other => {
                eprintln!("error: unexpected argument `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let var = |name| {
        std::env::var(name)
            .ok()
            .filter(|value: &String| !value.is_empty())
    };
    let outcome = match (
        var("LINEPAY_CHANNEL_ID"),
        var("LINEPAY_CHANNEL_SECRET"),
        scan,
    ) {
        (None, None, _) => offline(scan).await,
        (Some(id), Some(secret), true) => sandbox(&id, &secret).await,
        (Some(_), Some(_), false) => {
            eprintln!("error: the sandbox has no My Code generator here: add --scan\n{USAGE}");
            return ExitCode::from(2);
        }
        _ => {
            eprintln!("error: set both LINEPAY_CHANNEL_ID and LINEPAY_CHANNEL_SECRET, or neither");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            report(&*error);
            ExitCode::FAILURE
        }
    }
}

/// The counter against a linepay-mock in this process.
async fn offline(scan: bool) -> Result<(), BoxError> {
    let mock = MockServer::start().await?;
    println!(
        "LINE Pay: linepay-mock at {} (channel {}), in this process",
        mock.base_url(),
        mock.channel_id()
    );
    let shown = mock.one_time_key(Customer::default());
    let key = if scan {
        println!("customer: shows My Code {}", shown.as_str());
        read_my_code()?
    } else {
        println!("customer: shows My Code {shown:?}, scanned");
        shown
    };
    counter(terminal(mock.client_builder())?, key).await?;
    mock.shutdown().await;
    Ok(())
}

/// The counter against the LINE Pay sandbox, with a My Code from its generator.
async fn sandbox(channel_id: &str, channel_secret: &str) -> Result<(), BoxError> {
    let builder = ClientBuilder::new(Credentials::new(channel_id, channel_secret)?);
    println!("LINE Pay: the sandbox (channel {channel_id}): no money moves");
    counter(terminal(builder)?, read_my_code()?).await
}

/// A terminal's client: Offline API v4, its device headers on every call.
fn terminal(builder: ClientBuilder) -> Result<Client, BoxError> {
    Ok(builder
        .api_version(ApiVersion::V4)
        .device_headers(DeviceHeaders::new(DEVICE_PROFILE_ID, DEVICE_TYPE)?)
        .build_with(HyperTransport::new()))
}

/// One line from standard input, as a barcode scanner types it.
fn read_my_code() -> Result<OneTimeKey, BoxError> {
    println!("cashier: scan or type the My Code, then Enter:");
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(OneTimeKey::from_scan(&line)?)
}

/// The sale, its receipt, and the refund of a returned croissant.
async fn counter(terminal: Client, key: OneTimeKey) -> Result<(), BoxError> {
    let now = SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs();
    let order_id = OrderId::new(format!("TPE07-{now}"))?;
    let croissant = Product::new("Croissant", 1, Amount::whole(45));
    let basket = vec![
        Product::new("Latte", 2, Amount::whole(60)),
        croissant.clone(),
    ];
    let pay = Pay::new(
        order_id.clone(),
        key,
        Currency::Twd,
        vec![Package::new("counter-2", basket.clone())],
    );

    // At the counter the customer waits: ask Check every 2 s for up to a minute if Pay's
    // answer is lost, then hand the pending record to a supervisor.
    let polling = Polling::every(Duration::from_secs(2)).for_at_most(Duration::from_secs(60));
    let receipt = match terminal.pay_or_recover(&pay, polling).await? {
        PayOutcome::Paid(receipt) => receipt,
        PayOutcome::NotPaid { .. } => return Err("not charged: ask for a new My Code".into()),
        PayOutcome::Failed { status, .. } => {
            return Err(format!("LINE Pay declined the payment ({status})").into());
        }
        PayOutcome::InProgress { pending, .. } | PayOutcome::Unknown { pending, .. } => {
            let record = serde_json::to_string(&pending)?;
            return Err(format!("not settled within a minute; recheck later: {record}").into());
        }
        other => return Err(format!("an outcome this terminal does not know: {other:?}").into()),
    };
    print_receipt(&pay, &basket, &receipt);
    if let Some(paid) = receipt.paid_total().filter(|paid| *paid != pay.amount) {
        // LINE Pay's instruction: a payment whose parts do not add up is refunded.
        return Err(format!("LINE Pay charged {paid}, not {}: refund it", pay.amount).into());
    }

    let status = terminal
        .send(&CheckOrder {
            order_id: order_id.clone(),
        })
        .await?;
    println!("check: order {order_id} is {}", status.status);

    let returned = croissant.price;
    let refund = terminal
        .send(&RefundOrder::partial(order_id, returned))
        .await?;
    println!(
        "refund: {returned} TWD for the {} (refund transaction {})",
        croissant.name, refund.refund_transaction_id
    );
    Ok(())
}

fn print_receipt(pay: &Pay, basket: &[Product], receipt: &PayReceipt) {
    println!("+--------------------------------------+");
    println!("| Tea House Taipei 07        counter 2 |");
    println!("| order {:<30} |", pay.order_id.as_str());
    for item in basket {
        let line = format!("{} x {}", item.quantity, item.name);
        let total = item.price.checked_mul(item.quantity).unwrap_or(item.price);
        println!("| {line:<26} {:>5} TWD |", total.to_string());
    }
    println!("| {:<26} {:>5} TWD |", "TOTAL", pay.amount.to_string());
    for part in receipt.pay_info() {
        let method = part.method.to_string();
        println!(
            "|   paid by {method:<16} {:>5} TWD |",
            part.amount.to_string()
        );
    }
    let transaction = receipt
        .transaction_id()
        .map_or_else(|| "unknown yet".to_owned(), |id| id.to_string());
    println!("| LINE Pay {transaction:<27} |");
    let settled_by = receipt.payment_provider().cloned().unwrap_or_default();
    println!("| settled by {:<25} |", settled_by.to_string());
    println!("+--------------------------------------+");
}

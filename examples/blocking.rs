//! blocking: linepay without async, over a blocking HTTP client (ureq).
//!
//! ```text
//! cargo run --example blocking
//! ```
//!
//! linepay's core is sans-IO: [`Client::prepare`] turns an endpoint into a signed
//! `http::Request<Bytes>`, and [`Client::decode`] turns an `http::Response<Bytes>` into the
//! endpoint's typed answer. What happens in between is yours: here, one blocking ureq call.
//! The merchant's code below has no `async`, no runtime and no futures.
//!
//! The bytes signed are the bytes sent: ureq gets the prepared request's URI (path and
//! query, percent-encoded once by linepay) and its body as they are, and adds only headers
//! LINE Pay does not sign (`Host`, `User-Agent`, `Accept`). linepay-mock checks each
//! signature over the path, query and body it received, exactly as LINE Pay does, and would
//! answer `1106` if one byte differed.
//!
//! The flow runs offline: Request, the customer approves (through linepay-mock's admin
//! API), Confirm, Payment Details; each step prints one line. linepay-mock is an async
//! server, so it runs on a background thread with its own Tokio runtime (`LocalLinePay`
//! at the bottom): that thread stands in for LINE Pay, not for the merchant. Nothing
//! leaves 127.0.0.1: ureq is built without TLS and told to ignore proxy settings.

use std::error::Error as StdError;
use std::fmt::Display;
use std::process::ExitCode;
use std::thread::JoinHandle;
use std::time::Duration;

use bytes::Bytes;
use linepay::api::v3::{
    ConfirmPayment, Package, PaymentDetails, Product, RedirectUrls, RequestPayment,
};
use linepay::client::Client;
use linepay::{Amount, ClientBuilder, Currency, Endpoint, OrderId, ReturnCode};

type BoxError = Box<dyn StdError + Send + Sync>;

const CONFIRM_URL: &str = "https://shop.example/linepay/confirm";
const CANCEL_URL: &str = "https://shop.example/linepay/cancel";

fn main() -> ExitCode {
    match run() {
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

fn run() -> Result<(), BoxError> {
    let linepay = LocalLinePay::start()?;
    // A sans-IO client (`Client<()>`): it signs and decodes, it never sends.
    let client: Client = linepay.client_builder.clone().build();
    let agent = ureq_agent();
    step(
        "LINE Pay",
        format_args!(
            "is linepay-mock at {} on a background thread; sent through ureq, blocking",
            linepay.base_url
        ),
    );

    let total = Amount::whole(250);
    let request = RequestPayment::new(
        OrderId::new("BLOCKING-1")?,
        Currency::Twd,
        vec![Package::new(
            "tea-house",
            vec![
                Product::new("Green tea", 2, Amount::whole(60)),
                Product::new("Oolong tea", 1, Amount::whole(130)),
            ],
        )],
        RedirectUrls::new(CONFIRM_URL, CANCEL_URL),
    );
    let info = call(&client, &agent, &request)?;
    let transaction_id = info.transaction_id;
    step(
        "request",
        format_args!(
            "{}  transaction {transaction_id}  {total} TWD  order {}",
            success(),
            request.order_id
        ),
    );

    // The customer approves. linepay-mock's admin API does what its payment page's Pay
    // button does (no signature: it is for tests, on loopback only).
    let approve = format!(
        "{}/__mock/payments/{transaction_id}/approve",
        linepay.base_url
    );
    let mut approved = agent.post(&approve).send_empty()?;
    if approved.status() != 200 {
        return Err(format!("the mock's approve answered HTTP {}", approved.status()).into());
    }
    let approval: serde_json::Value = serde_json::from_slice(&approved.body_mut().read_to_vec()?)?;
    step(
        "approve",
        format_args!(
            "the customer pressed Pay: payment {}, browser sent to {}",
            approval["state"].as_str().unwrap_or("-"),
            approval["redirect"]["url"].as_str().unwrap_or("-")
        ),
    );

    // The amount comes from our own order, never from the redirect's query string.
    let confirm = ConfirmPayment {
        transaction_id,
        amount: total,
        currency: Currency::Twd,
    };
    let confirmed = call(&client, &agent, &confirm)?;
    step(
        "confirm",
        format_args!(
            "{}  transaction {}  {total} TWD",
            success(),
            confirmed.transaction_id
        ),
    );

    let details = PaymentDetails {
        transaction_id: vec![transaction_id],
        ..PaymentDetails::default()
    };
    let payments = call(&client, &agent, &details)?;
    let payment = payments
        .iter()
        .find(|payment| payment.transaction_id == transaction_id)
        .ok_or("Payment Details does not list the payment")?;
    step(
        "details",
        format_args!(
            "{}  transaction {}  order {}  payStatus {}",
            success(),
            payment.transaction_id,
            payment.order_id.as_ref().map_or("-", OrderId::as_str),
            payment
                .pay_status
                .as_ref()
                .map_or("-", |status| status.as_str()),
        ),
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The sans-IO round trip: prepare, send with ureq, decode
// ---------------------------------------------------------------------------------------

/// One LINE Pay call: sign, send, decode. Not retried: a payment call whose answer was lost
/// may still have been applied, so ask Payment Details or Check Payment Status first.
fn call<E: Endpoint>(
    client: &Client,
    agent: &ureq::Agent,
    endpoint: &E,
) -> Result<E::Response, BoxError> {
    let request = client.prepare(endpoint)?;
    let response = send(agent, request, client.read_timeout_for::<E>())?;
    Ok(client.decode::<E>(&response)?)
}

/// Sends a prepared request with ureq, URI, headers and body untouched, and reads the whole
/// answer within `read_timeout`.
fn send(
    agent: &ureq::Agent,
    request: http::Request<Bytes>,
    read_timeout: Duration,
) -> Result<http::Response<Bytes>, ureq::Error> {
    let (head, body) = request.into_parts();
    // A GET carries its payload in the query and has no body at all.
    let mut response = if body.is_empty() {
        run_with_timeout(agent, http::Request::from_parts(head, ()), read_timeout)?
    } else {
        run_with_timeout(
            agent,
            http::Request::from_parts(head, &body[..]),
            read_timeout,
        )?
    };
    let body = response.body_mut().read_to_vec()?;
    let (head, _) = response.into_parts();
    Ok(http::Response::from_parts(head, Bytes::from(body)))
}

/// Runs `request` on `agent`, within `read_timeout` from start to the last byte.
fn run_with_timeout(
    agent: &ureq::Agent,
    request: http::Request<impl ureq::AsSendBody>,
    read_timeout: Duration,
) -> Result<http::Response<ureq::Body>, ureq::Error> {
    let request = agent
        .configure_request(request)
        .timeout_global(Some(read_timeout))
        .build();
    agent.run(request)
}

/// A ureq agent for LINE Pay: every answer is returned, whatever its status (linepay
/// decodes a 5xx page into `Error::Http`); no redirects; no proxy (loopback only); a 5 s
/// connect timeout.
fn ureq_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .timeout_connect(Some(Duration::from_secs(5)))
        .build()
        .into()
}

// ---------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------

/// One step, one line: a short label, then what happened.
fn step(label: &str, text: impl Display) {
    println!("{label:<9} {text}");
}

/// `Client::decode` hands back `info` only when LINE Pay answered `0000`.
fn success() -> String {
    format!("{} Success", ReturnCode::Success)
}

// ---------------------------------------------------------------------------------------
// LINE Pay's side: linepay-mock on a thread of its own
// ---------------------------------------------------------------------------------------

/// linepay-mock on 127.0.0.1, served from a background thread with its own Tokio runtime:
/// the only async code in this program, and it plays LINE Pay. Stops when dropped.
struct LocalLinePay {
    /// The mock's credentials and base URL.
    client_builder: ClientBuilder,
    base_url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl LocalLinePay {
    fn start() -> Result<Self, BoxError> {
        let (started, start) = std::sync::mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(error) => return drop(started.send(Err(error))),
            };
            runtime.block_on(async move {
                let mock = match linepay_mock::MockServer::start().await {
                    Ok(mock) => mock,
                    Err(error) => return drop(started.send(Err(error))),
                };
                let _ = started.send(Ok((mock.client_builder(), mock.base_url().to_owned())));
                // Serves until told to stop (or until `LocalLinePay` is dropped).
                let _ = stopped.await;
                mock.shutdown().await;
            });
        });
        let (client_builder, base_url) =
            start.recv().map_err(|_| "linepay-mock's thread died")??;
        Ok(Self {
            client_builder,
            base_url,
            stop: Some(stop),
            thread: Some(thread),
        })
    }
}

impl Drop for LocalLinePay {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

//! custom_transport: linepay over your own HTTP stack, here reqwest.
//!
//! ```text
//! cargo run --example custom_transport
//! ```
//!
//! [`Transport`] is the one door between linepay and the network: send one signed
//! `http::Request<Bytes>`, give back the whole `http::Response<Bytes>`, and say what a
//! failure means for the request ([`Delivery`]). Implement it for the client your service
//! already uses and `Client::send`, retries included, works over it. The impl below is the
//! whole adapter for reqwest.
//!
//! The flow runs offline against linepay-mock, a local LINE Pay started in this process on
//! 127.0.0.1 with its own test credentials: Request, the customer presses Pay on the
//! payment page, Confirm, Payment Details. Each step prints one line. Nothing leaves
//! 127.0.0.1: reqwest is built without TLS and told to ignore proxy settings. (Against the
//! real LINE Pay, which is HTTPS only, enable one of reqwest's TLS features.)

use std::error::Error as StdError;
use std::fmt::Display;
use std::process::ExitCode;
use std::time::Duration;

use bytes::Bytes;
use http::StatusCode;
use http::header::LOCATION;
use linepay::api::v3::{
    ConfirmPayment, Package, PaymentDetails, Product, RedirectUrls, RequestPayment,
};
use linepay::{Amount, Currency, Delivery, OrderId, ReturnCode, Transport, TransportError};
use linepay_mock::MockServer;

type BoxError = Box<dyn StdError + Send + Sync>;

// ---------------------------------------------------------------------------------------
// The adapter: linepay's Transport over a reqwest::Client
// ---------------------------------------------------------------------------------------

/// linepay's [`Transport`] over a [`reqwest::Client`] (cheap to clone: it shares the pool).
#[derive(Clone, Debug)]
struct Reqwest(reqwest::Client);

/// A reqwest error, with the one question linepay asks of it: may the request have reached
/// LINE Pay? (A payment call that may have arrived is never re-sent blindly.)
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
struct ReqwestError(#[from] reqwest::Error);

impl TransportError for ReqwestError {
    fn delivery(&self) -> Delivery {
        // Only a failed connect (or a request reqwest would not even build) surely never
        // left; a timeout or a connection lost mid-call may have reached LINE Pay.
        if self.0.is_connect() || self.0.is_builder() {
            Delivery::NotSent
        } else {
            Delivery::MaybeSent
        }
    }

    fn is_timeout(&self) -> bool {
        self.0.is_timeout()
    }
}

impl Transport for Reqwest {
    type Error = ReqwestError;

    async fn send(
        &self,
        request: http::Request<Bytes>,
        read_timeout: Duration,
    ) -> Result<http::Response<Bytes>, ReqwestError> {
        // The signed path, query and body go out as they are: linepay percent-encodes them
        // already, so reqwest's URL parsing leaves them unchanged (the mock checks that).
        let mut request = reqwest::Request::try_from(request)?;
        *request.timeout_mut() = Some(read_timeout);
        let mut response = self.0.execute(request).await?;
        let mut answer = http::Response::new(Bytes::new());
        *answer.status_mut() = response.status();
        *answer.headers_mut() = std::mem::take(response.headers_mut());
        *answer.body_mut() = response.bytes().await?;
        Ok(answer)
    }

    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}

/// The reqwest client: a 5 s connect timeout (each call's read timeout comes from linepay);
/// no redirects (LINE Pay's API answers, it never redirects); no proxy (loopback only).
fn reqwest_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .build()
}

// ---------------------------------------------------------------------------------------
// The flow, against linepay-mock
// ---------------------------------------------------------------------------------------

const CONFIRM_URL: &str = "https://shop.example/linepay/confirm";
const CANCEL_URL: &str = "https://shop.example/linepay/cancel";

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
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

async fn run() -> Result<(), BoxError> {
    let mock = MockServer::start().await?;
    let http = reqwest_client()?;
    // The mock's credentials and base URL, and reqwest as the transport.
    let client = mock.client_builder().build_with(Reqwest(http.clone()));
    step(
        "LINE Pay",
        format_args!(
            "is linepay-mock at {} (channel {}), in this process; sent through reqwest",
            mock.base_url(),
            mock.channel_id()
        ),
    );

    let total = Amount::whole(250);
    let request = RequestPayment::new(
        OrderId::new("CUSTOM-TRANSPORT-1")?,
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
    let info = client.send(&request).await?;
    let transaction_id = info.transaction_id;
    step(
        "request",
        format_args!(
            "{}  transaction {transaction_id}  {total} TWD  order {}",
            success(),
            request.order_id
        ),
    );

    // The customer's turn, in their browser: LINE Pay's page, then its Pay button (a form
    // posting to the page's URL + `/approve`), answered with a redirect to confirmUrl.
    let page = http.get(&info.payment_url.web).send().await?;
    if page.status() != StatusCode::OK {
        return Err(format!("the payment page answered HTTP {}", page.status()).into());
    }
    let pay = format!("{}/approve", info.payment_url.web);
    let pressed = http.post(&pay).send().await?;
    let location = (pressed.status() == StatusCode::SEE_OTHER)
        .then(|| pressed.headers().get(LOCATION))
        .flatten()
        .ok_or_else(|| format!("Pay answered HTTP {} without a redirect", pressed.status()))?
        .to_str()?;
    if !location.contains(&format!("transactionId={transaction_id}")) {
        return Err(format!("the redirect is for another payment: {location}").into());
    }
    step(
        "approve",
        format_args!("the customer pressed Pay; LINE Pay answered 303 See Other to {location}"),
    );

    // The amount comes from our own order, never from the redirect's query string.
    let confirm = ConfirmPayment {
        transaction_id,
        amount: total,
        currency: Currency::Twd,
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
            "{}  transaction {}  {total} TWD  paid with {}",
            success(),
            confirmed.transaction_id,
            paid_with.join(" + ")
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
    mock.shutdown().await;
    Ok(())
}

/// One step, one line: a short label, then what happened.
fn step(label: &str, text: impl Display) {
    println!("{label:<9} {text}");
}

/// `Client::send` hands back `info` only when LINE Pay answered `0000`.
fn success() -> String {
    format!("{} Success", ReturnCode::Success)
}

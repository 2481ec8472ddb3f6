//! What every recovery test needs: a mock, clients that share its clock, orders, ledger reads.

use std::time::Duration;

use linepay::api::v3::{
    CapturePayment, ConfirmPayment, Package, PaymentOptions, Product, RedirectUrls, RequestOptions,
    RequestPayment,
};
use linepay::client::Client as AnyClient;
use linepay::recovery::LostAnswer;
use linepay::{
    Amount, Client, Currency, Error, HyperError, HyperTransport, OrderId, TransactionId, Transport,
};
use linepay_mock::{Fault, MockServer, Route};

/// The read timeout of [`impatient`] clients: far below every recommended one.
pub const SHORT_TIMEOUT: Duration = Duration::from_millis(300);
/// How long a delayed call keeps LINE Pay busy: far beyond [`SHORT_TIMEOUT`], so that the
/// recovery queries surely run before the effect lands, even on a loaded machine.
pub const LONG_DELAY: Duration = Duration::from_millis(1500);
/// The total of [`order`], in TWD.
pub const TOTAL: i64 = 250;

/// A merchant's client for `mock`, with the recommended read timeouts and the mock's clock.
pub fn client_for(mock: &MockServer) -> Client {
    mock.client_builder().build_with(HyperTransport::new())
}

/// A client for `mock` that gives up reading after [`SHORT_TIMEOUT`].
pub fn impatient(mock: &MockServer) -> Client {
    mock.client_builder()
        .read_timeout(SHORT_TIMEOUT)
        .build_with(HyperTransport::new())
}

pub async fn start() -> (MockServer, Client) {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = client_for(&mock);
    (mock, client)
}

/// A Request for 250 TWD; `capture: false` when `authorize_only`.
pub fn order(order_id: &str, authorize_only: bool) -> RequestPayment {
    let package = Package::new("shop-1", vec![Product::new("Tea", 2, Amount::whole(125))]);
    let mut request = RequestPayment::new(
        OrderId::new(order_id).expect("a valid order id"),
        Currency::Twd,
        vec![package],
        RedirectUrls::new(
            "https://shop.example/confirm",
            "https://shop.example/cancel",
        ),
    );
    if authorize_only {
        request.options = Some(RequestOptions {
            payment: Some(PaymentOptions {
                capture: Some(false),
                pay_type: None,
            }),
            ..RequestOptions::default()
        });
    }
    request
}

/// Requests [`order`] and has the customer approve it.
pub async fn approved<T: Transport>(
    mock: &MockServer,
    client: &AnyClient<T>,
    order_id: &str,
    authorize_only: bool,
) -> TransactionId {
    let id = client
        .send(&order(order_id, authorize_only))
        .await
        .expect("Request succeeds")
        .transaction_id;
    mock.approve(id).expect("the customer approves");
    id
}

pub fn confirm_of(id: TransactionId) -> ConfirmPayment {
    ConfirmPayment {
        transaction_id: id,
        amount: Amount::whole(TOTAL),
        currency: Currency::Twd,
    }
}

pub fn capture_of(id: TransactionId) -> CapturePayment {
    CapturePayment {
        transaction_id: id,
        amount: Amount::whole(TOTAL),
        currency: Currency::Twd,
    }
}

/// A payment requested, approved and confirmed (captured, or only authorized).
pub async fn confirmed<T: Transport>(
    mock: &MockServer,
    client: &AnyClient<T>,
    order_id: &str,
    authorize_only: bool,
) -> TransactionId {
    let id = approved(mock, client, order_id, authorize_only).await;
    client
        .send(&confirm_of(id))
        .await
        .expect("Confirm succeeds");
    id
}

pub fn confirm_count(mock: &MockServer, id: TransactionId) -> u32 {
    mock.payment(id).expect("in the ledger").confirm_count
}

/// The ids and amounts of the payment's refunds in the mock's ledger.
pub fn refunds(mock: &MockServer, id: TransactionId) -> Vec<(TransactionId, Amount)> {
    mock.payment(id)
        .expect("in the ledger")
        .refunds
        .iter()
        .map(|refund| (refund.refund_transaction_id, refund.amount))
        .collect()
}

/// The live error a lost answer keeps, as the client's error type.
pub fn cause(lost: &LostAnswer) -> &Error<HyperError> {
    lost.error()
        .and_then(|error| error.downcast_ref::<Error<HyperError>>())
        .unwrap_or_else(|| panic!("no live Error<HyperError> in {lost:?}"))
}

/// The transport error inside `error`; anything else fails the test.
pub fn transport(error: &Error<HyperError>) -> &HyperError {
    match error {
        Error::Transport(transport) => transport,
        other => panic!("expected Error::Transport, got {other:?}"),
    }
}

pub fn is_http<TE: std::error::Error>(error: &Error<TE>, code: u16) -> bool {
    matches!(error, Error::Http { status, .. } if status.as_u16() == code)
}

/// Moves the mock's clock, and so the clients', past the end of `lost`'s landing window.
pub fn close_window(mock: &MockServer, lost: &LostAnswer) {
    let closes_at = lost.window().closes_at();
    let left = closes_at
        .duration_since(mock.now())
        .unwrap_or(Duration::ZERO);
    mock.advance_clock(left + Duration::from_millis(1));
}

/// Runs `call` and, as soon as the mock has received a call of `route`, injects `fault`: a
/// fault for the questions recovery asks *after* the call, not for the read Refund makes
/// before it.
///
/// Deterministic on the current-thread runtime of `#[tokio::test]`: the mock only answers
/// while the test's task is suspended, and `join!` polls the injector in every round, so the
/// fault is in place before the answer to `route` can be read and the next question sent.
pub async fn injecting_after<F: std::future::Future>(
    mock: &MockServer,
    route: Route,
    fault: Fault,
    call: F,
) -> F::Output {
    let before = mock.requests(route);
    let injector = async {
        while mock.requests(route) == before {
            tokio::task::yield_now().await;
        }
        mock.inject(fault);
    };
    tokio::join!(call, injector).0
}

//! Recovery against linepay-mock, through `linepay::Client` (HyperTransport) or a hostile
//! gateway: Confirm, Capture and Refund whose answers are lost are reported as what LINE Pay
//! did, "not done" is said only once the call can no longer land, and following the verdicts
//! never moves money twice.
//!
//! Clients are built from the mock (`MockServer::client_builder`), so they read the mock's
//! clock: moving it forward closes landing windows without waiting minutes.

mod capture;
mod confirm;
mod counter;
mod gateway;
mod merchant;
mod refund;
mod restart;
mod support;
mod worst_cases;

use linepay::api::v3::RefundPayment;
use linepay::{Client, TransactionId};

/// The futures can move between threads, as a web server's handlers need.
#[test]
fn the_futures_are_send() {
    fn assert_send<F: Send>(_: &F) {}
    fn check(client: &Client, id: TransactionId) {
        let confirm = support::confirm_of(id);
        let capture = support::capture_of(id);
        let refund = RefundPayment::full(id);
        assert_send(&client.confirm_or_recover(&confirm));
        assert_send(&client.capture_or_recover(&capture));
        assert_send(&client.refund_or_recover(&refund));
        let pay = linepay::api::offline::Pay::new(
            linepay::OrderId::new("POS-1").expect("an order id"),
            linepay::OneTimeKey::new("389253804433039534").expect("a My Code"),
            linepay::Currency::Twd,
            Vec::new(),
        );
        assert_send(&client.pay_or_recover(&pay, linepay::Polling::default()));
    }
    let _ = check;
}

//! Test fixtures for the ledger's tests, and the tests that cross files: a payment's whole
//! life, expiry, calls in flight.

use std::time::{Duration, SystemTime};

use linepay_core::api::v3::{
    ConfirmPayment, Package, PayType, PaymentOptions, PaymentStatus, Product, RedirectUrls,
    RefundPayment, RequestOptions, RequestPayment,
};
use linepay_core::{Amount, Currency, OrderId, RegKey, TransactionId};

use super::{Busy, FIRST_TRANSACTION_ID, Ledger, Rejection};
use crate::config::MockConfig;
use crate::transaction::PaymentState;

pub(super) fn config() -> MockConfig {
    MockConfig::default()
}

fn request(order: &str, capture: bool, pay_type: PayType) -> RequestPayment {
    let mut request = RequestPayment::new(
        OrderId::new(order).unwrap(),
        Currency::Twd,
        vec![Package::new(
            "p1",
            vec![Product::new("Tea", 2, Amount::whole(50))],
        )],
        RedirectUrls::new("https://shop.example/ok", "https://shop.example/cancel"),
    );
    request.options = Some(RequestOptions {
        payment: Some(PaymentOptions {
            capture: Some(capture),
            pay_type: Some(pay_type),
        }),
        ..RequestOptions::default()
    });
    request
}

pub(super) fn requested(
    ledger: &mut Ledger,
    order: &str,
    capture: bool,
    pay_type: PayType,
    now: SystemTime,
) -> TransactionId {
    let index = ledger
        .request(request(order, capture, pay_type), now)
        .unwrap();
    ledger.payment(index).id
}

pub(super) fn confirm(id: TransactionId, amount: i64) -> ConfirmPayment {
    ConfirmPayment {
        transaction_id: id,
        amount: Amount::whole(amount),
        currency: Currency::Twd,
    }
}

pub(super) fn code<T: std::fmt::Debug>(result: Result<T, Rejection>) -> String {
    result.unwrap_err().code.as_str().to_owned()
}

#[test]
fn request_approve_confirm_refund() {
    let now = SystemTime::now();
    let mut ledger = Ledger::new(&config());
    let index = ledger
        .request(request("A", true, PayType::Normal), now)
        .unwrap();
    let id = ledger.payment(index).id;
    assert_eq!(id.get(), FIRST_TRANSACTION_ID);
    assert_eq!(
        code(ledger.request(request("A", true, PayType::Normal), now)),
        "1172"
    );
    assert_eq!(ledger.status(id).unwrap(), PaymentStatus::Waiting);
    assert_eq!(code(ledger.confirm(&confirm(id, 100), now)), "1150");
    let redirect = ledger.approve(id, now).unwrap();
    assert_eq!(
        redirect.location(),
        Some("https://shop.example/ok?transactionId=2026112200000000001&orderId=A")
    );
    assert_eq!(ledger.status(id).unwrap(), PaymentStatus::Authorized);
    assert_eq!(code(ledger.confirm(&confirm(id, 99), now)), "1153");
    ledger.confirm(&confirm(id, 100), now).unwrap();
    assert_eq!(code(ledger.confirm(&confirm(id, 100), now)), "1172");
    assert_eq!(ledger.status(id).unwrap(), PaymentStatus::Completed);

    let partial = RefundPayment::partial(id, Amount::whole(30));
    let (_, first) = ledger.refund(&partial, false, now).unwrap();
    assert_eq!(first, 0);
    assert_eq!(
        code(ledger.refund(&RefundPayment::partial(id, Amount::whole(71)), false, now)),
        "1164"
    );
    ledger.refund(&RefundPayment::full(id), false, now).unwrap();
    assert_eq!(
        code(ledger.refund(&RefundPayment::full(id), false, now)),
        "1165"
    );
    let snapshot = ledger.transaction(id).unwrap();
    assert_eq!(snapshot.state, PaymentState::Refunded);
    assert_eq!(snapshot.refunds.len(), 2);
    assert_eq!(snapshot.refunds[1].amount, Amount::whole(70));
    let refund_id = snapshot.refunds[0].refund_transaction_id;
    assert_eq!(
        code(ledger.refund(&RefundPayment::full(refund_id), false, now)),
        "1155"
    );
}

#[test]
fn requests_expire_unapproved() {
    let now = SystemTime::now();
    let mut ledger = Ledger::new(&config());
    let id = requested(&mut ledger, "A", true, PayType::Normal, now);
    ledger.refresh(now + Duration::from_secs(20 * 60));
    assert_eq!(
        ledger.status(id).unwrap(),
        PaymentStatus::CancelledOrExpired
    );
    assert_eq!(code(ledger.confirm(&confirm(id, 100), now)), "1180");
    assert!(ledger.approve(id, now).is_err());
}

#[test]
fn busy_calls_are_refused() {
    let mut ledger = Ledger::new(&config());
    let busy = Busy::Transaction(TransactionId::new(1));
    ledger.begin(busy.clone()).unwrap();
    assert_eq!(code(ledger.begin(busy.clone())), "1198");
    ledger.end(&busy);
    ledger.begin(busy).unwrap();
    let key = Busy::RegKey(RegKey::new("RK1").unwrap());
    ledger.begin(key.clone()).unwrap();
    assert_eq!(code(ledger.begin(key)), "1197");
}

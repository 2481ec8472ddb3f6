//! The Offline API through `HyperTransport`, as a shop's terminal (v4, device headers)
//! calls it: a sale and its refunds by order id, an authorized sale captured, another
//! voided.

use linepay::api::offline::{
    Authorizations, CaptureOrder, CheckOrder, OrderStatus, Pay, PaymentDetails, RefundOrder,
    VoidOrder,
};
use linepay::api::v3::{PayStatus, TransactionType};
use linepay::api::v4::{Package, Product};
use linepay::{Amount, ApiVersion, Currency, DeviceHeaders, HyperTransport, OneTimeKey, OrderId};
use linepay_mock::{Customer, MockServer, Origin, PaymentState, Route};

fn terminal(mock: &MockServer) -> linepay::Client {
    mock.client_builder()
        .api_version(ApiVersion::V4)
        .device_headers(DeviceHeaders::new("TPE07-POS-02", "POS").expect("valid headers"))
        .build_with(HyperTransport::new())
}

fn order(id: &str) -> OrderId {
    OrderId::new(id).expect("an order id")
}

fn sale(order_id: &str, key: OneTimeKey, units: u64) -> Pay {
    Pay::new(
        order(order_id),
        key,
        Currency::Twd,
        vec![Package::new(
            "counter",
            vec![Product::new("Bubble tea", units, Amount::whole(65))],
        )],
    )
}

#[tokio::test]
async fn a_counter_sale_and_its_refunds() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = terminal(&mock);
    let key = mock.one_time_key(Customer::default());
    let paid = client
        .send(&sale("TPE07-0001", key, 2))
        .await
        .expect("paid");
    assert_eq!(paid.paid_total(), Some(Amount::whole(130)));
    crate::support::assert_19_digits(paid.transaction_id);
    let check = client
        .send(&CheckOrder {
            order_id: order("TPE07-0001"),
        })
        .await
        .expect("Check answers");
    assert_eq!(check.status, OrderStatus::Complete);

    let refund = client
        .send(&RefundOrder::partial(
            order("TPE07-0001"),
            Amount::whole(65),
        ))
        .await
        .expect("refunded in part");
    let details = client
        .send(&PaymentDetails {
            order_id: vec![order("TPE07-0001")],
            ..PaymentDetails::default()
        })
        .await
        .expect("Payment Details answers");
    assert_eq!(details[0].transaction_id, paid.transaction_id);
    assert_eq!(
        details[0].refund_list[0].refund_transaction_id,
        refund.refund_transaction_id
    );
    assert_eq!(
        details[0].refund_list[0].transaction_type,
        Some(TransactionType::PartialRefund)
    );
    client
        .send(&RefundOrder::full(order("TPE07-0001")))
        .await
        .expect("the rest refunded");
    let payment = mock.payment(paid.transaction_id).expect("in the ledger");
    assert_eq!(payment.origin, Origin::OneTimeKey);
    assert_eq!(payment.state, PaymentState::Refunded);
    assert_eq!(mock.effects(Route::RefundOrder), 2);
}

#[tokio::test]
async fn authorized_sales_are_captured_or_voided() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = terminal(&mock);
    for id in ["HOLD-A", "HOLD-B"] {
        let key = mock.one_time_key(Customer::default());
        client
            .send(&sale(id, key, 1).authorize_only())
            .await
            .expect("authorized");
    }
    let captured = client
        .send(&CaptureOrder::new(
            order("HOLD-A"),
            Amount::whole(65),
            Currency::Twd,
        ))
        .await
        .expect("captured");
    assert_eq!(captured.paid_total(), Some(Amount::whole(65)));
    client
        .send(&VoidOrder {
            order_id: order("HOLD-B"),
        })
        .await
        .expect("voided");
    let a = client
        .send(&Authorizations::of_order(order("HOLD-A")))
        .await
        .expect("listed");
    let b = client
        .send(&Authorizations::of_order(order("HOLD-B")))
        .await
        .expect("listed");
    assert_eq!(a[0].pay_status, Some(PayStatus::Capture));
    assert_eq!(b[0].pay_status, Some(PayStatus::VoidedAuthorization));
}

/// An order id with a space, `#`, `/`, `?`, `&`, `%` and CJK: percent-encoded in the paths of
/// Check, Refund and Capture, signed as sent, decoded back by LINE Pay (the mock).
#[tokio::test]
async fn an_order_id_that_needs_encoding_goes_the_whole_way() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client = terminal(&mock);
    let odd = "櫃台 #7/42?x=1&y=%20";
    let key = mock.one_time_key(Customer::default());
    let paid = client
        .send(&sale(odd, key, 1).authorize_only())
        .await
        .expect("authorized");
    assert_eq!(paid.order_id.as_str(), odd);
    let check = client
        .send(&CheckOrder {
            order_id: order(odd),
        })
        .await
        .expect("Check answers");
    assert_eq!(check.order_id.as_ref().map(OrderId::as_str), Some(odd));
    client
        .send(&CaptureOrder::new(
            order(odd),
            Amount::whole(65),
            Currency::Twd,
        ))
        .await
        .expect("captured");
    client
        .send(&RefundOrder::full(order(odd)))
        .await
        .expect("refunded");
    let payment = mock.payment(paid.transaction_id).expect("in the ledger");
    assert_eq!(payment.order_id.as_str(), odd);
    assert_eq!(payment.state, PaymentState::Refunded);
}

//! The escape hatch for a client-side rule LINE Pay no longer has: `Validation::WarnOnly` for
//! a client, `Unchecked` for one call. Either sends what the checks would refuse, signed and
//! encoded as always, with a warning, and LINE Pay (here linepay-mock, which verifies the
//! signature and judges the body) gives its own answer.

use linepay::HyperTransport;
use linepay::api::v3::{
    ConfirmPayment, Package, PaymentDetails, Product, RedirectUrls, RefundPayment, RequestPayment,
};
use linepay::{
    Amount, Client, Currency, Endpoint, Error, OrderId, ReturnCode, TransactionId, Unchecked,
    Validation,
};
use linepay_mock::{MockServer, Route};

use crate::warnings::warnings;

const ID: TransactionId = TransactionId::new(2019049910005496810);

/// A Confirm of zero: refused here (LINE Pay answers 1183 to it).
fn confirm_zero(transaction_id: TransactionId) -> ConfirmPayment {
    ConfirmPayment {
        transaction_id,
        amount: Amount::whole(0),
        currency: Currency::Twd,
    }
}

async fn requested(mock: &MockServer, client: &Client) -> TransactionId {
    let request = RequestPayment::new(
        OrderId::new(format!("HATCH-{}", mock.ledger().len())).expect("valid"),
        Currency::Twd,
        vec![Package::new(
            "p",
            vec![Product::new("Tea", 1, Amount::whole(100))],
        )],
        RedirectUrls::none(),
    );
    let info = client.send(&request).await.expect("requested");
    mock.approve(info.transaction_id).expect("approved");
    info.transaction_id
}

#[tokio::test]
async fn an_enforcing_client_refuses_before_anything_is_sent() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client: Client = mock.client_builder().build_with(HyperTransport::new());
    assert_eq!(client.validation(), Validation::Enforce);
    let id = requested(&mock, &client).await;
    let error = client
        .send(&confirm_zero(id))
        .await
        .expect_err("zero is refused");
    let Error::Invalid(invalid) = &error else {
        panic!("expected Error::Invalid, got {error:?}")
    };
    assert_eq!(invalid.field(), "amount");
    assert_eq!(mock.requests(Route::Confirm), 0, "nothing reached LINE Pay");
}

#[tokio::test]
async fn a_warn_only_client_lets_line_pay_judge() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client: Client = mock
        .client_builder()
        .validation(Validation::WarnOnly)
        .build_with(HyperTransport::new());
    let id = requested(&mock, &client).await;

    // The mock checked the signature (1106 otherwise) and judged the amount itself.
    match client.send(&confirm_zero(id)).await {
        Err(Error::Api(api)) => assert_eq!(api.code(), &ReturnCode::AmountBelowMinimum),
        other => panic!("expected LINE Pay's 1183, got {other:?}"),
    }
    assert_eq!(mock.requests(Route::Confirm), 1);
    let (_, warned) = warnings(|| client.prepare(&confirm_zero(id)));
    assert!(
        warned
            .iter()
            .any(|warning| warning.field == "amount" && warning.rule == "must be greater than 0"),
        "{warned:?}"
    );
}

#[tokio::test]
async fn one_call_unchecked_on_an_enforcing_client() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client: Client = mock.client_builder().build_with(HyperTransport::new());
    let id = requested(&mock, &client).await;
    match client.send(&Unchecked(&confirm_zero(id))).await {
        Err(Error::Api(api)) => assert_eq!(api.code(), &ReturnCode::AmountBelowMinimum),
        other => panic!("expected LINE Pay's 1183, got {other:?}"),
    }
    // The same call, valid, goes through the wrapper unchanged.
    let confirmed = client
        .send(&Unchecked(ConfirmPayment {
            amount: Amount::whole(100),
            ..confirm_zero(id)
        }))
        .await
        .expect("confirmed");
    assert_eq!(confirmed.transaction_id, id);
    assert_eq!(mock.requests(Route::Confirm), 2);
}

#[test]
fn unchecked_is_the_same_call_on_the_wire() {
    let client: Client = Client::builder(
        linepay::Credentials::new("1234567890", "a917ab6a2367b536f8e5a6e2977e06f4").expect("valid"),
    )
    .nonce_source(linepay::NonceSource::Fixed(
        linepay::Nonce::fixed("44453d45-768e-40e8-8349-748e797c450f").expect("valid"),
    ))
    .build();
    let refund = RefundPayment {
        transaction_id: ID,
        refund_amount: Some(Amount::whole(20)),
    };
    let plain = client.prepare(&refund).expect("valid");
    let unchecked = client.prepare(&Unchecked(&refund)).expect("valid");
    assert_eq!(format!("{plain:?}"), format!("{unchecked:?}"));
    assert_eq!(plain.body(), unchecked.body());
    assert_eq!(
        plain.headers()["x-line-authorization"],
        unchecked.headers()["x-line-authorization"]
    );
    // What retries, recovery and tracing read is the wrapped call's.
    type Wrapped<'a> = Unchecked<&'a RefundPayment>;
    assert_eq!(Wrapped::PATH, RefundPayment::PATH);
    assert_eq!(Wrapped::READ_TIMEOUT, RefundPayment::READ_TIMEOUT);
    assert_eq!(Wrapped::IDEMPOTENT, RefundPayment::IDEMPOTENT);
    assert_eq!(Wrapped::RESEND_ON, RefundPayment::RESEND_ON);
    assert_eq!(
        Unchecked(&refund).trace_ids().transaction_ids(),
        refund.trace_ids().transaction_ids()
    );
}

#[test]
fn unchecked_still_encodes_and_signs_what_it_sends() {
    let client: Client = Client::builder(
        linepay::Credentials::new("1234567890", "a917ab6a2367b536f8e5a6e2977e06f4").expect("valid"),
    )
    .build();
    // No ids at all: refused by the checks (LINE Pay answers 2101), sent unchecked with an
    // empty query that is signed as "".
    let nothing = PaymentDetails::default();
    assert!(client.prepare(&nothing).is_err());
    let (prepared, warned) = warnings(|| client.prepare(&Unchecked(&nothing)));
    let request = prepared.expect("sent unchecked");
    assert_eq!(request.uri().path(), "/v3/payments");
    assert_eq!(request.uri().query(), None);
    assert_eq!(warned.len(), 1, "{warned:?}");
    // A whole amount is still an integer: the encoding is not a check.
    let refund = RefundPayment {
        transaction_id: ID,
        refund_amount: Some(Amount::whole(-20)),
    };
    let request = client.prepare(&Unchecked(&refund)).expect("sent unchecked");
    assert_eq!(request.body().as_ref(), br#"{"refundAmount":-20}"#);
}

#[tokio::test]
async fn line_pay_answers_each_broken_rule_with_its_own_code() {
    // What the client would refuse, sent anyway: linepay-mock answers with the code LINE Pay
    // gives to the rule the core names (`Rule`), not a blanket parameter error.
    let mock = MockServer::start().await.expect("the mock starts");
    let client: Client = mock
        .client_builder()
        .validation(Validation::WarnOnly)
        .build_with(HyperTransport::new());
    let id = requested(&mock, &client).await;
    let code = |result: Result<_, Error<_>>| match result {
        Err(Error::Api(api)) => api.code().as_str().to_owned(),
        other => panic!("expected an answer of LINE Pay's, got {other:?}"),
    };

    let half = ConfirmPayment {
        amount: "100.5".parse().expect("an amount"),
        ..confirm_zero(id)
    };
    assert_eq!(code(client.send(&half).await.map(drop)), "1124");
    let negative = ConfirmPayment {
        amount: Amount::whole(-100),
        ..confirm_zero(id)
    };
    assert_eq!(code(client.send(&negative).await.map(drop)), "1183");
    let too_many = PaymentDetails {
        transaction_id: (1..=101).map(TransactionId::new).collect(),
        ..PaymentDetails::default()
    };
    assert_eq!(code(client.send(&too_many).await.map(drop)), "1177");
    let none = PaymentDetails::default();
    assert_eq!(code(client.send(&none).await.map(drop)), "2101");
    // Refused before the ledger: the payment is still open and confirms.
    assert_eq!(mock.requests(Route::Confirm), 2);
    let confirm = ConfirmPayment {
        amount: Amount::whole(100),
        ..confirm_zero(id)
    };
    client
        .send(&confirm)
        .await
        .expect("the payment was left open");
}

//! The full signing transcript of every endpoint, pinned with insta: method, URI, the exact
//! signed path and payload, the nonce, every header and the signature, for a fixed secret and
//! nonce. Any change to what is signed or sent shows up here as a snapshot diff.

use std::fmt::Write as _;

use bytes::Bytes;
use linepay::api::v3::{ConfirmPayment, PaymentDetails};
use linepay::signing::signed_payload;
use linepay::{
    Amount, Client, Credentials, Currency, Endpoint, Environment, Nonce, NonceSource, OrderId,
    TransactionId,
};

const SECRET: &str = "a917ab6a2367b536f8e5a6e2977e06f4";
const NONCE: &str = "44453d45-768e-40e8-8349-748e797c450f";

fn client() -> Client {
    Client::builder(Credentials::new("1234567890", SECRET).expect("valid credentials"))
        .environment(Environment::Sandbox)
        .nonce_source(NonceSource::Fixed(
            Nonce::fixed(NONCE).expect("valid nonce"),
        ))
        .build()
}

/// Everything a person debugging error 1106 would want to compare, one item a line.
fn transcript<E: Endpoint>(endpoint: &E) -> String {
    let request: http::Request<Bytes> = client().prepare(endpoint).expect("prepares");
    let payload = String::from_utf8_lossy(signed_payload(&request));
    let mut out = String::new();
    let _ = writeln!(out, "endpoint: {} {}", E::METHOD, E::PATH);
    let _ = writeln!(out, "read timeout: {:?}", E::READ_TIMEOUT);
    let _ = writeln!(out, "idempotent: {}", E::IDEMPOTENT);
    let _ = writeln!(out, "request: {} {}", request.method(), request.uri());
    let _ = writeln!(out, "signed path: {}", request.uri().path());
    let _ = writeln!(out, "signed payload: {payload}");
    let _ = writeln!(out, "nonce: {NONCE}");
    let _ = writeln!(
        out,
        "signed message: {SECRET}{}{payload}{NONCE}",
        request.uri().path()
    );
    let _ = writeln!(out, "headers:");
    for (name, value) in request.headers() {
        let sensitive = if value.is_sensitive() {
            " (sensitive)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {name}: {}{sensitive}",
            value.to_str().unwrap_or("<binary>")
        );
    }
    let _ = writeln!(out, "body: {}", String::from_utf8_lossy(request.body()));
    out
}

#[test]
fn confirm_payment() {
    let confirm = ConfirmPayment {
        transaction_id: TransactionId::new(2021121600698709710),
        amount: Amount::whole(250),
        currency: Currency::Twd,
    };
    insta::assert_snapshot!(transcript(&confirm));
}

#[test]
fn payment_details_with_repeated_keys() {
    let details = PaymentDetails {
        transaction_id: vec![
            TransactionId::new(2021121600698709710),
            TransactionId::new(2019049910005496810),
        ],
        order_id: vec![
            OrderId::new("20211216002").expect("valid order id"),
            OrderId::new("訂單 A&B=1").expect("valid order id"),
        ],
    };
    insta::assert_snapshot!(transcript(&details));
}

#[test]
fn payment_details_matches_the_conformance_vector() {
    let details = PaymentDetails {
        transaction_id: vec![TransactionId::new(2021121600698709710)],
        order_id: vec![OrderId::new("20211216002").expect("valid order id")],
    };
    insta::assert_snapshot!(transcript(&details));
}

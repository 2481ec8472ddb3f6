//! Client encode → server decode is the identity: what `prepare` sends, the same declaration
//! decodes back into the same struct (the mock server relies on this).

use bytes::Bytes;
use linepay_core::api::v3::{ConfirmPayment, DetailFields, PaymentDetails};
use linepay_core::{
    Amount, Client, Credentials, Currency, IncomingRequest, Nonce, NonceSource, OrderId,
    TransactionId,
};
use proptest::prelude::*;

fn client() -> Client {
    Client::builder(
        Credentials::new("1234567890", "a917ab6a2367b536f8e5a6e2977e06f4").expect("valid"),
    )
    .nonce_source(NonceSource::Fixed(
        Nonce::fixed("fixed-nonce").expect("valid"),
    ))
    .build()
}

fn transaction_id() -> impl Strategy<Value = TransactionId> {
    any::<u64>().prop_map(TransactionId::new)
}

fn currency() -> impl Strategy<Value = Currency> {
    prop_oneof![
        Just(Currency::Twd),
        Just(Currency::Thb),
        Just(Currency::Usd),
        "[A-Z]{3}".prop_map(|code| Currency::from_code(&code)),
    ]
}

/// An amount LINE Pay accepts in `currency`: whole for TWD, up to its minor units otherwise.
fn amount_in(currency: &Currency) -> impl Strategy<Value = Amount> + use<> {
    let scale = currency.minor_units().unwrap_or(2);
    (1i64..=1_000_000_000, 0u8..=scale)
        .prop_map(|(units, scale)| Amount::from_minor_units(units, scale).expect("in range"))
}

/// Order ids full of characters that must be percent-encoded: `&`, `=`, `+`, `%`, spaces,
/// CJK and Thai text.
fn order_id() -> impl Strategy<Value = OrderId> {
    "[A-Za-z0-9 &=+%/?#._~測試กข-]{1,40}".prop_map(|text| OrderId::new(text).expect("valid"))
}

fn decode<E: IncomingRequest>(request: &http::Request<Bytes>) -> E {
    E::from_http_request(request).expect("the server decodes what the client sent")
}

proptest! {
    #[test]
    fn confirm_payment_round_trips(
        transaction_id in transaction_id(),
        (currency, amount) in currency().prop_flat_map(|c| (Just(c.clone()), amount_in(&c))),
    ) {
        let confirm = ConfirmPayment { transaction_id, amount, currency };
        let request = client().prepare(&confirm).expect("prepares");
        prop_assert_eq!(decode::<ConfirmPayment>(&request), confirm);
    }

    #[test]
    fn payment_details_round_trips(
        transaction_id in prop::collection::vec(transaction_id(), 1..5),
        order_id in prop::collection::vec(order_id(), 0..5),
        fields in prop::option::of(prop_oneof![
            Just(DetailFields::Transaction),
            Just(DetailFields::Order),
            "[A-Z_]{1,12}".prop_map(|text| DetailFields::from_wire(&text)),
        ]),
    ) {
        let details = PaymentDetails { transaction_id, order_id, fields };
        let request = client().prepare(&details).expect("prepares");
        // The query that is sent is the query that was signed: no second encoding.
        let query = request.uri().query().unwrap_or_default();
        prop_assert_eq!(linepay_core::signing::signed_payload(&request), query.as_bytes());
        prop_assert_eq!(decode::<PaymentDetails>(&request), details);
    }
}

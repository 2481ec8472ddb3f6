//! The channel secret never shows: not in `Debug` of the secret, the credentials or the client,
//! not in a prepared request's headers or body, and not in any error.

use linepay::api::v3::ConfirmPayment;
use linepay::{
    Amount, ChannelSecret, Client, Credentials, Currency, Error, InvalidField, TransactionId,
    decode_response,
};
use proptest::prelude::*;

proptest! {
    #[test]
    fn random_secrets_never_appear_in_debug_or_requests(secret in "[A-Za-z0-9]{16,64}") {
        let credentials = Credentials::new("1234567890", secret.clone()).expect("valid");
        let client: Client = Client::builder(credentials.clone()).build();
        let confirm = ConfirmPayment {
            transaction_id: TransactionId::new(2019049910005496810),
            amount: Amount::whole(100),
            currency: Currency::Twd,
        };
        let request = client.prepare(&confirm).expect("prepares");

        let secret_debug = format!("{:?}", ChannelSecret::new(secret.clone()).expect("valid"));
        let shown = [
            secret_debug,
            format!("{credentials:?}"),
            format!("{client:?}"),
            format!("{request:?}"),
        ];
        for text in &shown {
            prop_assert!(!text.contains(&secret), "secret leaked in {text}");
        }
        for value in request.headers().values() {
            prop_assert!(!value.as_bytes().windows(secret.len()).any(|w| w == secret.as_bytes()));
        }
        prop_assert!(!request.body().windows(secret.len()).any(|w| w == secret.as_bytes()));
    }
}

#[test]
fn errors_do_not_carry_the_secret() {
    let secret = "a917ab6a2367b536f8e5a6e2977e06f4";
    let answer = http::Response::new(bytes::Bytes::from_static(
        br#"{"returnCode":"1106","returnMessage":"Header information error."}"#,
    ));
    let error = decode_response::<ConfirmPayment>(&answer).expect_err("1106");
    assert!(!format!("{error} {error:?}").contains(secret));

    let invalid: Error = InvalidField::new("channelSecret", "must not be empty").into();
    assert_eq!(
        invalid.to_string(),
        "invalid `channelSecret`: must not be empty"
    );
}

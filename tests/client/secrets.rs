//! The channel secret never shows: not in `Debug` of the secret, the credentials or the client,
//! not in a prepared request's headers or body, and not in any error.

use std::time::Duration;

use bytes::Bytes;
use linepay::api::v3::ConfirmPayment;
use linepay::signing::SIGNATURE_HEADER;
use linepay::{
    Amount, ChannelSecret, Client, Credentials, Currency, Environment, Error, InvalidField, Nonce,
    NonceSource, RetryPolicy, TransactionId, Transport, decode_response,
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

/// Everything a merchant's program may print that was made with `secret`: the secret, the
/// credentials, the client, a prepared request, an error of every kind the client gives
/// (invalid field, API, HTTP, decoding, transport, each with its `source()` chain), and the
/// `HyperError` of a send to a closed port. Each as `Debug` and, where it has one, `Display`.
async fn everything_printed_with(secret: &str, closed_port: u16) -> Vec<(&'static str, String)> {
    let credentials = Credentials::new("1234567890", secret).expect("valid");
    let client: Client = Client::builder(credentials.clone())
        .environment(
            Environment::custom(&format!("http://127.0.0.1:{closed_port}")).expect("valid"),
        )
        .nonce_source(NonceSource::Fixed(
            Nonce::fixed("fixed-nonce").expect("valid"),
        ))
        .retry_policy(RetryPolicy::none())
        .build();
    let confirm = ConfirmPayment {
        transaction_id: TransactionId::new(2019049910005496810),
        amount: Amount::whole(100),
        currency: Currency::Twd,
    };
    let request = client.prepare(&confirm).expect("prepares");
    assert!(
        request.headers()[SIGNATURE_HEADER].is_sensitive(),
        "the signature header is not marked sensitive"
    );

    let answer = |status: u16, body: &'static str| {
        http::Response::builder()
            .status(status)
            .body(Bytes::from_static(body.as_bytes()))
            .expect("valid")
    };
    let invalid = client
        .send(&ConfirmPayment {
            amount: Amount::whole(0),
            ..confirm.clone()
        })
        .await
        .expect_err("a zero amount is refused before sending");
    assert!(matches!(invalid, Error::Invalid(_)), "{invalid:?}");
    let api = client
        .decode::<ConfirmPayment>(&answer(
            200,
            r#"{"returnCode":"1106","returnMessage":"Header information error."}"#,
        ))
        .expect_err("1106");
    assert!(matches!(api, Error::Api(_)), "{api:?}");
    let http_error = client
        .decode::<ConfirmPayment>(&answer(502, "<html>502 Bad Gateway</html>"))
        .expect_err("502");
    assert!(matches!(http_error, Error::Http { .. }), "{http_error:?}");
    let decode = client
        .decode::<ConfirmPayment>(&answer(
            200,
            r#"{"returnCode":"0000","returnMessage":"Success.","info":{"transactionId":"x"}}"#,
        ))
        .expect_err("not a transaction id");
    assert!(matches!(decode, Error::Decode(_)), "{decode:?}");
    let transport = client
        .send(&confirm)
        .await
        .expect_err("nothing listens on the port");
    assert!(matches!(transport, Error::Transport(_)), "{transport:?}");
    let hyper_error = client
        .transport()
        .send(request.clone(), Duration::from_secs(5))
        .await
        .expect_err("nothing listens on the port");

    let mut shown = vec![
        (
            "ChannelSecret",
            format!("{:?}", ChannelSecret::new(secret).expect("valid")),
        ),
        ("Credentials", format!("{credentials:?}")),
        ("Client", format!("{client:?}")),
        ("prepared request", format!("{request:?}")),
        ("HyperError", format!("{hyper_error} | {hyper_error:?}")),
    ];
    let errors: [(&'static str, &(dyn std::error::Error + 'static)); 6] = [
        ("Error::Invalid", &invalid),
        ("Error::Api", &api),
        ("Error::Http", &http_error),
        ("Error::Decode", &decode),
        ("Error::Transport", &transport),
        ("HyperError chain", &hyper_error),
    ];
    for (name, error) in errors {
        let mut text = format!("{error} | {error:?}");
        let mut source = error.source();
        while let Some(cause) = source {
            text.push_str(&format!(" | {cause} | {cause:?}"));
            source = cause.source();
        }
        shown.push((name, text));
    }
    shown
}

/// A port on 127.0.0.1 that nothing listens on (bound, then released).
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    listener.local_addr().expect("bound").port()
}

/// Secrets as a merchant center may issue them, and worse: printable ASCII or any printable
/// Unicode, 1 to 64 characters.
fn printable_secret() -> impl Strategy<Value = String> {
    // Surrounding whitespace is refused (`a_secret_with_a_stray_newline_is_refused`).
    prop_oneof!["[ -~]{1,64}", "\\PC{1,64}"]
        .prop_filter("no surrounding whitespace", |s| s.trim() == s)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Nothing printed depends on the secret: each text is the same as with another secret,
    /// and it contains the secret only where the same text made with another secret does
    /// too (a one-character secret such as `e` is in any English sentence).
    #[test]
    fn random_secrets_never_appear_in_anything_printed(secret in printable_secret()) {
        let reference = if secret == "reference-secret" { "other-secret" } else { "reference-secret" };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        let port = closed_port();
        let (with_secret, with_reference) = runtime.block_on(async {
            (
                everything_printed_with(&secret, port).await,
                everything_printed_with(reference, port).await,
            )
        });
        for ((name, text), (_, baseline)) in with_secret.iter().zip(&with_reference) {
            prop_assert!(
                !text.contains(secret.as_str()) || baseline.contains(secret.as_str()),
                "the secret {:?} leaked in {}: {}", secret, name, text
            );
            if !name.contains("Transport") && !name.contains("Hyper") {
                prop_assert_eq!(text, baseline, "{} depends on the secret", name);
            }
        }
    }
}

#[test]
fn a_secret_with_a_stray_newline_is_refused() {
    let secret = "a917ab6a2367b536f8e5a6e2977e06f4";
    for bad in [
        format!("{secret}\n"),
        format!("{secret}\r\n"),
        format!(" {secret}"),
        format!("{secret}\t"),
        "a917ab6a\u{0}2367b536".to_owned(),
        format!("{secret}\u{3000}"),
    ] {
        let error = ChannelSecret::new(bad.clone()).unwrap_err();
        assert_eq!(error.field(), "channelSecret", "{bad:?}");
        assert!(error.rule().to_string().contains("whitespace"), "{error}");
        assert!(!error.to_string().contains("a917ab6a"), "{error}");
        assert!(Credentials::new("1234567890", bad).is_err());
    }
    assert!(ChannelSecret::new(secret).is_ok());
}

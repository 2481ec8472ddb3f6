//! A full `linepay_core::Client<HyperTransport>` call against a tiny local server.

mod support;

use linepay_core::api::v3::{CheckPaymentStatus, PaymentStatus};
use linepay_core::{Client, ClientBuilder, Credentials, Environment, TransactionId};
use linepay_hyper::HyperTransport;

#[tokio::test]
async fn check_payment_status_through_the_client() -> Result<(), Box<dyn std::error::Error>> {
    let mut server =
        support::start(|_| support::json(r#"{"returnCode":"0110","returnMessage":"OK"}"#)).await;
    let client = ClientBuilder::new(Credentials::new("1234567890", "secret")?)
        .environment(Environment::custom(&server.base_url())?)
        .build_with(HyperTransport::new());

    let status = client
        .send(&CheckPaymentStatus {
            transaction_id: TransactionId::new(2019049910005496810),
        })
        .await?;

    assert_eq!(status, PaymentStatus::Authorized);
    let received = server.next_request().await;
    assert_eq!(received.method, http::Method::GET);
    assert_eq!(
        received.target,
        "/v3/payments/requests/2019049910005496810/check"
    );
    assert_eq!(received.headers["x-line-channelid"], "1234567890");
    assert_eq!(
        received.headers["x-line-authorization"].len(),
        44,
        "a padded Base64 HMAC-SHA256"
    );
    assert!(received.headers.contains_key("x-line-authorization-nonce"));
    Ok(())
}

#[tokio::test]
async fn the_default_transport_type_builds_from_the_builder()
-> Result<(), Box<dyn std::error::Error>> {
    let server =
        support::start(|_| support::json(r#"{"returnCode":"0000","returnMessage":"Waiting"}"#))
            .await;
    let client: Client<HyperTransport> = Client::builder(Credentials::new("1234567890", "secret")?)
        .environment(Environment::custom(&server.base_url())?)
        .build();

    let status = client
        .send(&CheckPaymentStatus {
            transaction_id: TransactionId::new(1),
        })
        .await?;

    assert_eq!(status, PaymentStatus::Waiting);
    Ok(())
}

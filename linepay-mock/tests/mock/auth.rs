//! Channel id and signature, checked over the raw path and payload.

use bytes::Bytes;
use http::HeaderValue;
use linepay_core::api::v3::{CheckPaymentStatus, PaymentDetails, PaymentStatus};
use linepay_core::api::v4;
use linepay_core::signing::{CHANNEL_ID_HEADER, NONCE_HEADER, SIGNATURE_HEADER};
use linepay_core::{Amount, ApiVersion, Client, Credentials, Currency, OrderId, TransactionId};
use linepay_mock::{MockConfig, MockServer, Route};

use crate::common::*;

#[tokio::test]
async fn a_correctly_signed_request_succeeds_and_one_byte_off_gets_1106() {
    let (mock, client) = start().await;
    let prepared = client.prepare(&tea("AUTH-1")).unwrap();

    // The signature with one byte changed.
    let mut forged = prepared.clone();
    let mut signature = forged.headers()[SIGNATURE_HEADER].as_bytes().to_vec();
    signature[7] = if signature[7] == b'A' { b'B' } else { b'A' };
    forged.headers_mut().insert(
        SIGNATURE_HEADER,
        HeaderValue::from_bytes(&signature).unwrap(),
    );
    let answer = send(mock.local_addr(), &forged).await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-type"], "application/json");
    assert_eq!(return_code(&answer), "1106");

    // The body with one byte changed after signing.
    let mut tampered = prepared.clone();
    let mut body = tampered.body().to_vec();
    let at = body.iter().position(|&b| b == b'5').unwrap();
    body[at] = b'6';
    *tampered.body_mut() = Bytes::from(body);
    assert_eq!(
        return_code(&send(mock.local_addr(), &tampered).await.unwrap()),
        "1106"
    );

    // The very same request, untouched.
    let answer = send(mock.local_addr(), &prepared).await.unwrap();
    assert_eq!(return_code(&answer), "0000");
    let id = json(&answer)["info"]["transactionId"].as_u64().unwrap();
    assert_eq!(id.to_string().len(), 19);
    assert_eq!(mock.requests(Route::Request), 3);
    assert_eq!(mock.effects(Route::Request), 1);
    assert_eq!(mock.ledger().len(), 1);
}

#[tokio::test]
async fn channel_ids_and_missing_headers() {
    let (mock, _) = start().await;
    let other =
        Client::<()>::builder(Credentials::new("9999999999", mock.channel_secret()).unwrap())
            .environment(mock.environment())
            .build_with(TcpTransport(mock.local_addr()));
    assert_eq!(code(other.send(&tea("AUTH-2")).await), "1104");

    let wrong_secret =
        Client::<()>::builder(Credentials::new(mock.channel_id(), "not-the-secret").unwrap())
            .environment(mock.environment())
            .build_with(TcpTransport(mock.local_addr()));
    assert_eq!(code(wrong_secret.send(&tea("AUTH-2")).await), "1106");

    let client = client(&mock);
    let prepared = client.prepare(&tea("AUTH-2")).unwrap();
    for (header, value) in [
        (CHANNEL_ID_HEADER, Some("12ab")),
        (CHANNEL_ID_HEADER, None),
        (NONCE_HEADER, None),
        (SIGNATURE_HEADER, None),
    ] {
        let mut request = prepared.clone();
        match value {
            Some(value) => {
                request
                    .headers_mut()
                    .insert(header.clone(), HeaderValue::from_static(value));
            }
            None => {
                request.headers_mut().remove(&header);
            }
        }
        let answer = send(mock.local_addr(), &request).await.unwrap();
        assert_eq!(return_code(&answer), "1106", "{header} = {value:?}");
    }
    // Nothing of that reached the ledger.
    assert!(mock.ledger().is_empty());
    assert_eq!(mock.effects(Route::Request), 0);
}

#[tokio::test]
async fn get_signatures_cover_the_raw_query() {
    let (mock, client) = start().await;
    let details = PaymentDetails {
        transaction_id: vec![TransactionId::new(2026112200000000001)],
        order_id: vec![OrderId::new("A 1&2/測").unwrap()],
        fields: None,
    };
    // Signed correctly: the call is authentic, the payments just do not exist.
    assert_eq!(code(client.send(&details).await), "1150");

    // The same query with its pairs in another order is another query: 1106.
    let prepared = client.prepare(&details).unwrap();
    let query = prepared.uri().query().unwrap().to_owned();
    let (first, second) = query.split_once('&').unwrap();
    let mut reordered = prepared.clone();
    *reordered.uri_mut() = format!("{}/v3/payments?{second}&{first}", mock.base_url())
        .parse()
        .unwrap();
    assert_eq!(
        return_code(&send(mock.local_addr(), &reordered).await.unwrap()),
        "1106"
    );
}

#[tokio::test]
async fn v4_paths_are_served_and_signed_as_received() {
    let (mock, _) = start().await;
    let v4 = mock
        .client_builder()
        .api_version(ApiVersion::V4)
        .build_with(TcpTransport(mock.local_addr()));
    let request = v4::RequestPayment::new(
        OrderId::new("AUTH-V4").unwrap(),
        Currency::Twd,
        vec![v4::Package::new(
            "p",
            vec![v4::Product::new("Tea", 1, Amount::whole(100))],
        )],
        v4::RedirectUrls::none(),
    );
    assert_eq!(
        v4.prepare(&request).unwrap().uri().path(),
        "/v4/payments/request"
    );
    let info = v4.send(&request).await.unwrap();
    assert!(mock.payment(info.transaction_id).is_some());
    // A shared declaration goes to its v4 path, decoded there by the same declaration.
    let status = v4
        .send(&CheckPaymentStatus {
            transaction_id: info.transaction_id,
        })
        .await
        .unwrap();
    assert_eq!(status, PaymentStatus::Waiting);
    assert_eq!(mock.requests(Route::CheckPaymentStatus), 1);
}

#[tokio::test]
async fn a_configured_channel_is_the_only_one_accepted() {
    let mock = MockServer::start_with(MockConfig {
        channel_id: "2000000001".to_owned(),
        channel_secret: "another-secret".to_owned(),
        ..MockConfig::default()
    })
    .await
    .unwrap();
    let client = client(&mock);
    assert!(client.send(&tea("AUTH-3")).await.is_ok());
    let default =
        Client::<()>::builder(Credentials::new("1234567890", "linepay-mock-secret").unwrap())
            .environment(mock.environment())
            .build_with(TcpTransport(mock.local_addr()));
    assert_eq!(code(default.send(&tea("AUTH-4")).await), "1104");
}

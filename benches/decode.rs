//! Decoding LINE Pay's answers (`decode_response`: status check, envelope with `info` kept raw,
//! then `info`) vs one `serde_json::from_slice` of the same body into the same types.
//!
//! Groups `decode_confirm` and `decode_details`, each with `linepay` and `serde_json`. See
//! BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use bytes::Bytes;
use criterion::{Criterion, criterion_group, criterion_main};
use linepay::api::v3::{ConfirmInfo, ConfirmPayment, PaymentDetail, PaymentDetails};
use linepay::{ReturnCode, decode_response};
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// A Confirm answer paid by balance and card, with one package of two products.
const CONFIRM: &str = r#"{"returnCode":"0000","returnMessage":"Success.","info":{"orderId":"ORDER-2024-0001-7f3a9c","transactionId":2019049910005496810,"authorizationExpireDate":"2024-04-10T04:02:43Z","payInfo":[{"method":"BALANCE","amount":100},{"method":"CREDIT_CARD","amount":150,"creditCardNickname":"","creditCardBrand":"VISA","maskedCreditCardNumber":"**** **** **** 1234"}],"packages":[{"id":"shop-1","amount":250,"userFeeAmount":0,"name":"Tea house","products":[{"id":"tea-1","name":"Green tea","imageUrl":"https://shop.example/images/green-tea.png","quantity":2,"price":60},{"id":"tea-2","name":"烏龍茶","imageUrl":"https://shop.example/images/oolong.png","quantity":1,"price":130}]}]}}"#;

/// A Payment Details answer for one partially refunded transaction.
const DETAILS: &str = r#"{"returnCode":"0000","returnMessage":"Success.","info":[{"transactionId":2019049910005496810,"transactionDate":"2024-04-10T04:00:00Z","transactionType":"PAYMENT","payStatus":"CAPTURE","productName":"Green tea","merchantName":"Tea house","currency":"TWD","orderId":"ORDER-2024-0001-7f3a9c","payInfo":[{"method":"CREDIT_CARD","amount":250,"creditCardBrand":"VISA","maskedCreditCardNumber":"**** **** **** 1234"}],"refundList":[{"refundTransactionId":2019049910005496811,"transactionType":"PARTIAL_REFUND","refundAmount":-60,"refundTransactionDate":"2024-04-10T05:00:00Z"}],"packages":[{"id":"shop-1","amount":250,"userFeeAmount":0,"name":"Tea house","products":[{"id":"tea-1","name":"Green tea","quantity":2,"price":60},{"id":"tea-2","name":"烏龍茶","quantity":1,"price":130}]}]}]}"#;

/// The envelope with `info` typed: what one `serde_json::from_slice` gives.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Raw<T> {
    #[allow(dead_code)]
    return_code: ReturnCode,
    #[allow(dead_code)]
    return_message: String,
    info: T,
}

fn raw<T: DeserializeOwned>(body: &[u8]) -> T {
    serde_json::from_slice::<Raw<T>>(body)
        .expect("valid answer")
        .info
}

fn decode(c: &mut Criterion) {
    let confirm = http::Response::new(Bytes::from_static(CONFIRM.as_bytes()));
    let details = http::Response::new(Bytes::from_static(DETAILS.as_bytes()));
    // Both sides decode the same values.
    assert_eq!(
        decode_response::<ConfirmPayment>(&confirm).expect("Confirm decodes"),
        raw::<ConfirmInfo>(CONFIRM.as_bytes())
    );
    assert_eq!(
        decode_response::<PaymentDetails>(&details).expect("Details decodes"),
        raw::<Vec<PaymentDetail>>(DETAILS.as_bytes())
    );

    let mut group = c.benchmark_group("decode_confirm");
    group.bench_function("linepay", |b| {
        b.iter(|| decode_response::<ConfirmPayment>(black_box(&confirm)).expect("decodes"))
    });
    group.bench_function("serde_json", |b| {
        b.iter(|| raw::<ConfirmInfo>(black_box(CONFIRM.as_bytes())))
    });
    group.finish();

    let mut group = c.benchmark_group("decode_details");
    group.bench_function("linepay", |b| {
        b.iter(|| decode_response::<PaymentDetails>(black_box(&details)).expect("decodes"))
    });
    group.bench_function("serde_json", |b| {
        b.iter(|| raw::<Vec<PaymentDetail>>(black_box(DETAILS.as_bytes())))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = decode
}
criterion_main!(benches);

//! `Client::prepare` of a ~700-byte `RequestPayment` vs `serde_json::to_vec` of the same
//! fields plus one raw HMAC-SHA256 over `secret + path + body + nonce`.
//!
//! - `prepare/linepay`: `prepare_with_nonce` with a fixed nonce (validation, encoding, URI,
//!   headers, signature: everything but drawing a nonce);
//! - `prepare/linepay_random_nonce`: `prepare` as a user calls it, drawing a random UUID v4
//!   (thread-local CSPRNG seeded by the operating system);
//! - `prepare/serde_json_plus_hmac`: the baseline.
//!
//! See BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use linepay::api::v3::{Package, RedirectUrls, RequestOptions, RequestPayment};
use linepay::{Amount, ClientBuilder, Credentials, Currency, Nonce, NonceSource, OrderId};
use serde::Serialize;
use sha2::Sha256;

#[path = "../tests/support/perf.rs"]
mod perf;

use perf::*;

/// The same fields as `RequestPayment`'s body, for `serde_json::to_vec`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Mirror<'a> {
    amount: &'a Amount,
    currency: &'a Currency,
    order_id: &'a OrderId,
    packages: &'a [Package],
    redirect_urls: &'a RedirectUrls,
    #[serde(skip_serializing_if = "Option::is_none")]
    options: &'a Option<RequestOptions>,
}

impl<'a> From<&'a RequestPayment> for Mirror<'a> {
    fn from(request: &'a RequestPayment) -> Self {
        Self {
            amount: &request.amount,
            currency: &request.currency,
            order_id: &request.order_id,
            packages: &request.packages,
            redirect_urls: &request.redirect_urls,
            options: &request.options,
        }
    }
}

fn prepare(c: &mut Criterion) {
    let credentials = Credentials::new("1234567890", SECRET).expect("valid credentials");
    let nonce = Nonce::fixed(NONCE).expect("valid nonce");
    let client = ClientBuilder::new(credentials.clone())
        .nonce_source(NonceSource::Fixed(nonce.clone()))
        .build_with(());
    let random_client = ClientBuilder::new(credentials).build_with(());
    let request = request_payment();
    let mirror = Mirror::from(&request);

    // The baseline does the same work: the same bytes, signed the same way.
    let prepared = client
        .prepare_with_nonce(&request, &nonce)
        .expect("valid request");
    let body = serde_json::to_vec(&mirror).expect("serializable");
    assert_eq!(prepared.body().as_ref(), body.as_slice());
    println!("RequestPayment body: {} bytes", body.len());
    let path = prepared.uri().path().to_owned();

    let mut group = c.benchmark_group("prepare");
    group.bench_function("linepay", |b| {
        b.iter(|| {
            client
                .prepare_with_nonce(black_box(&request), black_box(&nonce))
                .expect("valid request")
        })
    });
    group.bench_function("linepay_random_nonce", |b| {
        b.iter(|| {
            random_client
                .prepare(black_box(&request))
                .expect("valid request")
        })
    });
    group.bench_function("serde_json_plus_hmac", |b| {
        b.iter(|| {
            let body = serde_json::to_vec(black_box(&mirror)).expect("serializable");
            let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()) else {
                unreachable!("HMAC takes keys of every length")
            };
            mac.update(SECRET.as_bytes());
            mac.update(black_box(path.as_bytes()));
            mac.update(&body);
            mac.update(black_box(NONCE.as_bytes()));
            (body, mac.finalize().into_bytes())
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = prepare
}
criterion_main!(benches);

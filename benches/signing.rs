//! Signing one request vs a raw HMAC-SHA256 over the same message.
//!
//! `signing/linepay` is `linepay::signing::sign` (HMAC-SHA256 keyed with the channel secret
//! over `secret + path + body + nonce`, then Base64 into a stack buffer); `signing/raw_hmac` is
//! the `hmac` crate over the same message, pre-concatenated, without the Base64. See
//! BENCHMARKS.md.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, Mac};
use linepay::ChannelSecret;
use linepay::signing::sign;
use sha2::Sha256;

const SECRET: &str = "a917ab6a2367b536f8e5a6e2977e06f4";
const PATH: &str = "/v3/payments/2021121600698709710/confirm";
const BODY: &[u8] = br#"{"amount":250,"currency":"TWD"}"#;
const NONCE: &str = "44453d45-768e-40e8-8349-748e797c450f";

fn signing(c: &mut Criterion) {
    let secret = ChannelSecret::new(SECRET).expect("valid secret");
    let message = [SECRET.as_bytes(), PATH.as_bytes(), BODY, NONCE.as_bytes()].concat();

    let mut group = c.benchmark_group("signing");
    group.bench_function("linepay", |b| {
        b.iter(|| {
            sign(
                black_box(&secret),
                black_box(PATH),
                black_box(BODY),
                black_box(NONCE),
            )
        })
    });
    group.bench_function("raw_hmac", |b| {
        b.iter(|| {
            let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(black_box(SECRET.as_bytes())) else {
                unreachable!("HMAC takes keys of every length")
            };
            mac.update(black_box(&message));
            mac.finalize().into_bytes()
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
    targets = signing
}
criterion_main!(benches);

//! Heap allocations of one `Client::prepare` and one `decode_response`.
//!
//! dhat's global allocator counts every thread of the process, so this binary runs without
//! libtest's harness (`harness = false` in Cargo.toml). Each figure is the number of heap
//! blocks allocated (a `realloc` counts as one) by one call, measured after one warm-up call.

use std::hint::black_box;

use bytes::Bytes;
use linepay::api::v3::{ConfirmPayment, PaymentDetails};
use linepay::{
    Amount, ClientBuilder, Credentials, Currency, Nonce, NonceSource, TransactionId,
    decode_response,
};

#[path = "support/perf.rs"]
mod perf;

use perf::*;

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

const CONFIRM_ANSWER: &str = r#"{"returnCode":"0000","returnMessage":"Success.","info":{"orderId":"ORDER-2024-0001-7f3a9c","transactionId":2019049910005496810,"payInfo":[{"method":"BALANCE","amount":100},{"method":"CREDIT_CARD","amount":150,"creditCardBrand":"VISA","maskedCreditCardNumber":"**** **** **** 1234"}]}}"#;

/// Heap blocks allocated by one call of `f`, after one warm-up call; checked to be the same
/// over ten calls.
fn blocks_per_call<R>(mut f: impl FnMut() -> R) -> u64 {
    black_box(f());
    let before = dhat::HeapStats::get().total_blocks;
    black_box(f());
    let one = dhat::HeapStats::get().total_blocks - before;
    let before = dhat::HeapStats::get().total_blocks;
    for _ in 0..10 {
        black_box(f());
    }
    let ten = dhat::HeapStats::get().total_blocks - before;
    assert_eq!(ten, 10 * one, "allocations per call are not stable");
    one
}

fn main() {
    let credentials = Credentials::new("1234567890", SECRET).expect("valid credentials");
    let nonce = Nonce::fixed(NONCE).expect("valid nonce");
    let fixed = ClientBuilder::new(credentials.clone())
        .nonce_source(NonceSource::Fixed(nonce.clone()))
        .build_with(());
    let random = ClientBuilder::new(credentials).build_with(());
    let request = request_payment();
    let confirm = ConfirmPayment {
        transaction_id: TransactionId::new(2019049910005496810),
        amount: Amount::whole(250),
        currency: Currency::Twd,
    };
    let details = PaymentDetails {
        transaction_id: vec![TransactionId::new(2019049910005496810)],
        ..PaymentDetails::default()
    };
    let answer = http::Response::new(Bytes::from_static(CONFIRM_ANSWER.as_bytes()));

    let _profiler = dhat::Profiler::builder().testing().build();

    let request_fixed = blocks_per_call(|| fixed.prepare(&request).expect("valid"));
    let request_random = blocks_per_call(|| random.prepare(&request).expect("valid"));
    let confirm_fixed = blocks_per_call(|| fixed.prepare(&confirm).expect("valid"));
    let confirm_random = blocks_per_call(|| random.prepare(&confirm).expect("valid"));
    let details_fixed = blocks_per_call(|| fixed.prepare(&details).expect("valid"));
    let details_random = blocks_per_call(|| random.prepare(&details).expect("valid"));
    let decode_confirm =
        blocks_per_call(|| decode_response::<ConfirmPayment>(&answer).expect("decodes"));
    let nonce_random = blocks_per_call(Nonce::random);

    println!("prepare_allocations: heap blocks per call");
    println!("  prepare RequestPayment, fixed nonce:  {request_fixed}");
    println!("  prepare RequestPayment, random nonce: {request_random}");
    println!("  prepare ConfirmPayment, fixed nonce:  {confirm_fixed}");
    println!("  prepare ConfirmPayment, random nonce: {confirm_random}");
    println!("  prepare PaymentDetails, fixed nonce:  {details_fixed}");
    println!("  prepare PaymentDetails, random nonce: {details_random}");
    println!("  decode_response Confirm:              {decode_confirm}");
    println!("  Nonce::random alone:                  {nonce_random}");

    // The issue's target is at most 4 per `prepare`. Reached: 4, with the random nonce (what
    // a user calls) or a fixed one alike, for POST and GET (before: RequestPayment 12 fixed /
    // 14 random, Confirm 8 / 10, Details 9 / 11; then 5 until the payload was written into
    // the request's buffer). The four blocks, the issue's budget:
    //   1-2. one buffer holding path + query, the body, the random nonce and the signature,
    //      and the shared header `bytes` allocates when the buffer is first split; the URI's
    //      path, the body, the nonce and the authorization header are slices of it (the
    //      endpoint first writes its payload and path into per-thread scratch buffers, so the
    //      one buffer is allocated at its exact size);
    //   3-4. the `HeaderMap`'s index and entries, allocated on the first insert (the `http`
    //      crate gives no way around them).
    // Scheme, authority, channel id header and a fixed nonce are the client's, shared.
    assert!(
        request_fixed <= 4,
        "prepare(RequestPayment) allocated {request_fixed} blocks"
    );
    assert!(
        request_random <= 4,
        "prepare(RequestPayment) allocated {request_random} blocks"
    );
    assert!(
        confirm_fixed <= 4,
        "prepare(ConfirmPayment) allocated {confirm_fixed} blocks"
    );
    assert!(
        confirm_random <= 4,
        "prepare(ConfirmPayment) allocated {confirm_random} blocks"
    );
    assert!(
        details_fixed <= 4,
        "prepare(PaymentDetails) allocated {details_fixed} blocks"
    );
    assert!(
        details_random <= 4,
        "prepare(PaymentDetails) allocated {details_random} blocks"
    );
    // Decoding Confirm: 6 (was 9, then 7 with the borrowed envelope). A success whose
    // `returnCode` comes before `info` is decoded in one pass (`envelope::one_pass`): `info`
    // straight into `ConfirmInfo`, so serde_json no longer keeps a nesting stack to skip over
    // it as raw JSON. The 6 are `ConfirmInfo`'s own fields (order id, `payInfo`, the card's
    // brand and masked number, ...). One `serde_json::from_slice` into `{returnCode,
    // returnMessage: String, info: ConfirmInfo}` takes 7 (its `String` as well).
    assert!(
        decode_confirm <= 6,
        "decode_response allocated {decode_confirm} blocks"
    );
}

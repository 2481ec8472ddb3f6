//! Signing allocates nothing: it runs on every request, and a 44-byte answer fits on the stack.
//!
//! This test binary counts heap allocations with dhat's global allocator, which counts every
//! thread of the process. It therefore runs without libtest's harness (`harness = false` in
//! Cargo.toml): no runner threads, only this `main`, so the count is the signing code's alone.

use linepay::ChannelSecret;
use linepay::signing::{Signature, sign};

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

fn main() {
    let secret = ChannelSecret::new("a917ab6a2367b536f8e5a6e2977e06f4").expect("valid secret");
    let body = br#"{"amount":250,"currency":"TWD"}"#;
    let path = "/v3/payments/2021121600698709710/confirm";
    let nonce = "44453d45-768e-40e8-8349-748e797c450f";

    let _profiler = dhat::Profiler::builder().testing().build();
    let before = dhat::HeapStats::get();
    let mut last = None;
    for _ in 0..100 {
        last = Some(sign(&secret, path, body, nonce));
    }
    let raw = Signature::hmac_sha256(b"A", &[b"BODY"]);
    let after = dhat::HeapStats::get();

    assert_eq!(
        after.total_blocks - before.total_blocks,
        0,
        "signing allocated on the heap"
    );
    // The work was real: the signatures are the known ones.
    assert_eq!(
        last.map(|s| s.as_str().to_owned()).as_deref(),
        Some("aKX4PAHisY23Mnynp+2QNUERY7Op6TWZTxj4vZDhhqc=")
    );
    assert_eq!(raw.as_str(), "d7N2zcBCDH7EXw28ym/ppeNqa/Gp/9Xv/hO40MNjtI8=");
    println!("signing_allocations: 0 heap blocks for 101 signatures");
}

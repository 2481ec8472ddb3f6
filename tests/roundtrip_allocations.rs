//! Heap allocations of one full round trip (`Client::send` over `HyperTransport`: encode,
//! sign, send, read, decode) against the raw hyper-util client sending a pre-built request
//! to the same local server and collecting the answer's bytes.
//!
//! dhat's global allocator counts every thread of the process, so this binary runs without
//! libtest's harness (`harness = false` in Cargo.toml) and on a current-thread Tokio runtime:
//! the server, both clients and hyper's connection tasks all run on this `main` thread. The
//! server's own allocations are the same for both clients, so the difference is the client's.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use linepay::{Client, Credentials, Environment, RetryPolicy};

#[path = "support/perf.rs"]
mod perf;

use perf::*;

#[global_allocator]
static ALLOCATOR: dhat::Alloc = dhat::Alloc;

/// Round trips measured per client (after warming up the connection).
const ROUND_TRIPS: u64 = 1000;

async fn one_linepay(client: &Client) {
    let info = client.send(&CONFIRM).await.expect("confirmed");
    assert_eq!(info.transaction_id, CONFIRM.transaction_id);
}

async fn one_raw(client: &Raw, request: &http::Request<Full<Bytes>>) {
    let response = client.request(request.clone()).await.expect("answered");
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    assert_eq!(body.len(), ANSWER.len());
}

/// Heap blocks allocated by `ROUND_TRIPS` calls of `f`, per call.
async fn blocks_per_round_trip<F: AsyncFn()>(f: F) -> f64 {
    // Warm up: the connection is open and pooled, buffers have their size.
    for _ in 0..20 {
        f().await;
    }
    let before = dhat::HeapStats::get();
    for _ in 0..ROUND_TRIPS {
        f().await;
    }
    let after = dhat::HeapStats::get();
    (after.total_blocks - before.total_blocks) as f64 / ROUND_TRIPS as f64
}

fn main() {
    let _profiler = dhat::Profiler::builder().testing().build();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");

    let (ours, raw) = runtime.block_on(async {
        let addr = serve().await;
        let credentials = Credentials::new("1234567890", "a917ab6a2367b536f8e5a6e2977e06f4")
            .expect("credentials");
        let client = Client::builder(credentials)
            .environment(Environment::custom(&format!("http://{addr}")).expect("base URL"))
            .retry_policy(RetryPolicy::none())
            .build();
        let request = client.prepare(&CONFIRM).expect("prepares").map(Full::new);
        let raw_client = raw_client();

        let ours = blocks_per_round_trip(async || one_linepay(&client).await).await;
        let raw = blocks_per_round_trip(async || one_raw(&raw_client, &request).await).await;
        (ours, raw)
    });

    println!(
        "roundtrip_allocations: linepay {ours:.2} blocks per round trip, raw hyper-util {raw:.2}, \
         difference {:.2}",
        ours - raw
    );
    // Measured (hyper 1.12, hyper-util 0.1.21, Rust 1.95, release and debug alike): linepay 31
    // blocks per round trip, raw hyper-util 27 (the server's share, the same for both,
    // included), so 4 more: the target (at most 5 more) is met. History: 46 → 41
    // (prepare's buffers) → 39 (borrowed envelope) → 32 (payload in the request's buffer, and
    // no `capture_connection` when the read timeout outlasts the connect timeout) → 31
    // (one-pass decoding of a success). The 4 (a dhat heap profile, then each change's count):
    // - prepare, 4: the request's one buffer (path, body, nonce, signature) and its shared
    //   header, the header map's index and entries;
    // - decode, 2: what `info` decodes to (the `orderId` and the `payInfo` vector; the
    //   method is a known enumeration value, no string);
    // - minus the raw client's per-request clone of the pre-built request's header map (2).
    // Over 200 round trips a couple of one-off blocks (timers) showed as +0.01; 1000 round
    // trips and a margin of 0.02 keep them from deciding the result. These are upper bounds:
    // a change that allocates more fails here.
    assert!(raw <= 27.02, "raw hyper-util: {raw} blocks per round trip");
    assert!(ours <= 31.02, "linepay: {ours} blocks per round trip");
    assert!(
        ours - raw <= 4.02,
        "linepay allocates {:.2} more blocks per round trip than raw hyper-util",
        ours - raw
    );
}

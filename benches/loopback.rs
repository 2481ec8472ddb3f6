//! Loopback throughput: the full client against a raw hyper-util client, same server.
//!
//! A minimal hyper HTTP/1.1 server on 127.0.0.1 (keep-alive, `TCP_NODELAY`) answers every
//! request with the same Confirm success envelope and checks nothing: the client is what is
//! measured.
//!
//! - `linepay`: [`linepay::Client`] over `HyperTransport`, no retries, sending
//!   `ConfirmPayment`: encode the body, sign with a fresh nonce, send, read the whole
//!   size-limited answer under the read timeout, decode the envelope into typed data.
//! - `transport`: `HyperTransport::send` alone, with a clone of one signed request (no
//!   prepare, no decode): splits the transport's cost from the client's.
//! - `hyper_util`: `hyper_util::client::legacy::Client` over an `HttpConnector` with the
//!   transport's pool settings, sending a clone of the same signed request (same method, URI,
//!   headers and body) and collecting the body to `Bytes`: no signing, no decoding.
//!
//! Each runs with 1 and 32 requests in flight (that many tasks, each sending its share of the
//! iterations one after the other), on two runtimes that also run the server: a
//! current-thread one (everything on one thread: no cross-thread wake-ups, so the figures
//! are the CPU cost of a round trip and repeat within a few percent) and a 2-worker
//! multi-thread one (closer to a deployment, but on a 2-core machine its figures at 1 in
//! flight depend on whether client and server tasks land on the same worker).
//! `LOOPBACK_RUNTIME=current_thread` or `multi_thread_2` runs one of them.
//! One iteration is one request, so criterion's throughput is requests per second.
//! Results: BENCHMARKS.md, "Loopback throughput".

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use http_body_util::{BodyExt, Full};
use linepay::api::v3::ConfirmPayment;
use linepay::{Client, Credentials, Endpoint, Environment, HyperTransport, RetryPolicy, Transport};
use tokio::runtime::Runtime;

#[path = "../tests/support/perf.rs"]
mod perf;

use perf::*;

/// Requests in flight.
const CONCURRENCY: [usize; 2] = [1, 32];

/// The full client: `Client<HyperTransport>` with its default transport, no retries.
fn linepay_client(addr: SocketAddr) -> Client {
    let credentials =
        Credentials::new("1234567890", "a917ab6a2367b536f8e5a6e2977e06f4").expect("credentials");
    Client::builder(credentials)
        .environment(Environment::custom(&format!("http://{addr}")).expect("base URL"))
        .retry_policy(RetryPolicy::none())
        .build()
}

/// The exact request the full client sends, signed once, as hyper's body type.
fn prebuilt_request(client: &Client) -> http::Request<Full<Bytes>> {
    client.prepare(&CONFIRM).expect("prepares").map(Full::new)
}

async fn one_linepay(client: &Client) {
    let info = client.send(&CONFIRM).await.expect("confirmed");
    std::hint::black_box(info);
}

async fn one_transport(transport: &HyperTransport, request: &http::Request<Bytes>) {
    let response = transport
        .send(request.clone(), ConfirmPayment::READ_TIMEOUT)
        .await
        .expect("answered");
    std::hint::black_box(response);
}

async fn one_raw(client: &Raw, request: &http::Request<Full<Bytes>>) {
    let response = client.request(request.clone()).await.expect("answered");
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    std::hint::black_box(body);
}

/// Sends `total` requests with `in_flight` of them outstanding at any time (`in_flight`
/// tasks, each sending `count` requests one after the other) and returns how long it took.
fn run<F, Fut>(runtime: &Runtime, total: u64, in_flight: usize, task: F) -> Duration
where
    F: Fn(u64) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    runtime.block_on(async move {
        let start = Instant::now();
        let per_task = total / in_flight as u64;
        let extra = total % in_flight as u64;
        let tasks: Vec<_> = (0..in_flight as u64)
            .map(|i| tokio::spawn(task(per_task + u64::from(i < extra))))
            .collect();
        for task in tasks {
            task.await.expect("task completes");
        }
        start.elapsed()
    })
}

/// The runtimes compared: everything on one thread, and the brief's 2-worker runtime.
#[derive(Clone, Copy)]
enum Flavour {
    CurrentThread,
    MultiThread2,
}

impl Flavour {
    fn name(self) -> &'static str {
        match self {
            Flavour::CurrentThread => "current_thread",
            Flavour::MultiThread2 => "multi_thread_2",
        }
    }

    fn runtime(self) -> Runtime {
        let mut builder = match self {
            Flavour::CurrentThread => tokio::runtime::Builder::new_current_thread(),
            Flavour::MultiThread2 => {
                let mut builder = tokio::runtime::Builder::new_multi_thread();
                builder.worker_threads(2);
                builder
            }
        };
        builder.enable_all().build().expect("runtime")
    }
}

macro_rules! bench_variant {
    ($group:expr, $runtime:expr, $name:expr, $in_flight:expr, $state:expr, |$s:ident| $one:expr) => {
        $group.bench_with_input(
            BenchmarkId::new($name, $in_flight),
            &$in_flight,
            |b, &in_flight| {
                b.iter_custom(|iters| {
                    run($runtime, iters, in_flight, |count| {
                        let $s = Arc::clone($state);
                        async move {
                            for _ in 0..count {
                                $one.await;
                            }
                        }
                    })
                });
            },
        );
    };
}

fn loopback(c: &mut Criterion) {
    // `LOOPBACK_RUNTIME=current_thread` (or `multi_thread_2`) runs one flavour only.
    let only = std::env::var("LOOPBACK_RUNTIME").ok();
    for flavour in [Flavour::CurrentThread, Flavour::MultiThread2] {
        if only.as_deref().is_some_and(|o| o != flavour.name()) {
            continue;
        }
        let runtime = flavour.runtime();
        // The server runs on the same runtime as the clients.
        let addr = runtime.block_on(serve());

        let linepay = Arc::new(linepay_client(addr));
        let raw = Arc::new((raw_client(), prebuilt_request(&linepay)));
        let transport = Arc::new((
            linepay.transport().clone(),
            linepay.prepare(&CONFIRM).expect("prepares"),
        ));

        // Both clients must get the same answer from the server.
        runtime.block_on(async {
            let info = linepay.send(&CONFIRM).await.expect("confirmed");
            assert_eq!(info.transaction_id, CONFIRM.transaction_id);
            let response = raw.0.request(raw.1.clone()).await.expect("answered");
            assert_eq!(response.status(), http::StatusCode::OK);
        });

        let mut group = c.benchmark_group(format!("loopback/{}", flavour.name()));
        group
            .throughput(Throughput::Elements(1))
            .sample_size(15)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(4));
        for in_flight in CONCURRENCY {
            bench_variant!(group, &runtime, "linepay", in_flight, &linepay, |c| {
                one_linepay(&c)
            });
            bench_variant!(group, &runtime, "transport", in_flight, &transport, |t| {
                one_transport(&t.0, &t.1)
            });
            bench_variant!(group, &runtime, "hyper_util", in_flight, &raw, |r| one_raw(
                &r.0, &r.1
            ));
        }
        group.finish();
    }
}

criterion_group!(benches, loopback);
criterion_main!(benches);

//! Fixtures shared by the benchmarks and the allocation tests, so that both measure the same
//! request, the same answer and the same server.
#![allow(dead_code)] // each binary uses part of it

use std::convert::Infallible;
use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::client::legacy::Client as RawClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use linepay::api::v3::{
    ConfirmPayment, DisplayOptions, Locale, Package, PayType, PaymentOptions, Product,
    RedirectUrls, RequestOptions, RequestPayment,
};
use linepay::{Amount, Currency, OrderId, TransactionId};
use tokio::net::TcpListener;

/// The conformance vectors' secret and nonce.
pub const SECRET: &str = "a917ab6a2367b536f8e5a6e2977e06f4";
pub const NONCE: &str = "44453d45-768e-40e8-8349-748e797c450f";

/// A Confirm success, as the loopback server answers.
pub const ANSWER: &str = r#"{"returnCode":"0000","returnMessage":"Success.","info":{"orderId":"O1","transactionId":2019049910005496810,"payInfo":[{"method":"BALANCE","amount":250}]}}"#;

/// The Confirm the loopback measurements send.
pub const CONFIRM: ConfirmPayment = ConfirmPayment {
    transaction_id: TransactionId::new(2019049910005496810),
    amount: Amount::whole(250),
    currency: Currency::Twd,
};

/// A checkout of five products in two packages, with options: 700 bytes of JSON.
pub fn request_payment() -> RequestPayment {
    let product = |id: &str, name: &str, quantity, price| Product {
        id: Some(id.to_owned()),
        ..Product::new(name, quantity, Amount::whole(price))
    };
    let tea = Package {
        name: Some("Tea house".to_owned()),
        user_fee: Some(Amount::whole(20)),
        ..Package::new(
            "shop-1",
            vec![
                product("tea-1", "Green tea", 2, 60),
                product("tea-2", "烏龍茶", 1, 130),
                product("tea-3", "Jasmine tea", 3, 45),
            ],
        )
    };
    let cakes = Package {
        name: Some("Bakery".to_owned()),
        ..Package::new(
            "shop-2",
            vec![
                product("cake-1", "Pineapple cake", 6, 35),
                product("cake-2", "Sun cake", 4, 40),
            ],
        )
    };
    let mut request = RequestPayment::new(
        OrderId::new("ORDER-2024-0001").expect("valid order id"),
        Currency::Twd,
        vec![tea, cakes],
        RedirectUrls::new(
            "https://shop.example/line-pay/confirm",
            "https://shop.example/line-pay/cancel",
        ),
    );
    request.options = Some(RequestOptions {
        payment: Some(PaymentOptions {
            capture: Some(true),
            pay_type: Some(PayType::Normal),
        }),
        display: Some(DisplayOptions {
            locale: Some(Locale::ZhTw),
            ..DisplayOptions::default()
        }),
        ..RequestOptions::default()
    });
    request
}

/// Serves the fixed answer on 127.0.0.1 (an ephemeral port) until the runtime stops.
pub async fn serve() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let addr = listener.local_addr().expect("has an address");
    tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            stream.set_nodelay(true).expect("sets TCP_NODELAY");
            tokio::spawn(async move {
                let service = service_fn(|request: hyper::Request<Incoming>| async move {
                    // Read the request body, as a real server would, before answering.
                    let _ = request.into_body().collect().await;
                    let mut response =
                        hyper::Response::new(Full::new(Bytes::from_static(ANSWER.as_bytes())));
                    response.headers_mut().insert(
                        http::header::CONTENT_TYPE,
                        http::HeaderValue::from_static("application/json"),
                    );
                    Ok::<_, Infallible>(response)
                });
                let _ = http1::Builder::new()
                    .keep_alive(true)
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

/// The raw client the loopback measurements compare with: hyper-util's pooled client.
pub type Raw = RawClient<HttpConnector, Full<Bytes>>;

/// hyper-util's pooled client, configured as `HyperTransportBuilder::build` configures it
/// (minus the rustls wrapper and HTTP/2, which an http:// URI does not use).
pub fn raw_client() -> Raw {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_nodelay(true);
    http.set_connect_timeout(Some(linepay_hyper::DEFAULT_CONNECT_TIMEOUT));
    RawClient::builder(TokioExecutor::new())
        .pool_idle_timeout(linepay_hyper::DEFAULT_POOL_IDLE_TIMEOUT)
        .pool_timer(TokioTimer::new())
        .timer(TokioTimer::new())
        .build(http)
}

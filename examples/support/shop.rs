//! The shop of LINE Pay's tutorials, as a small axum service: `web_shop` serves it, and so
//! does `checkout --serve`.
//!
//! The amount to confirm comes from the shop's own order record, looked up by `orderId`;
//! never from the query string, which anyone can edit.

use std::collections::HashMap;
use std::io;
use std::net::Ipv4Addr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use axum::Router;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use http::StatusCode;
use linepay::api::v3::{ConfirmPayment, RedirectUrls};
use linepay::{OrderId, ReturnCode, TransactionId};
use serde::Deserialize;
use tokio::net::TcpListener;

use super::order::Order;

/// The shop on its port, ready to serve.
pub struct Server {
    listener: TcpListener,
    app: Router,
    url: String,
}

impl Server {
    /// The shop on `127.0.0.1:port` (`0`: a free port), selling through `linepay`.
    pub async fn bind(linepay: linepay::Client, port: u16) -> io::Result<Self> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
        let url = format!("http://{}", listener.local_addr()?);
        let shop = Arc::new(Shop {
            linepay,
            url: url.clone(),
            orders: Mutex::default(),
        });
        let app = Router::new()
            .route("/", get(home))
            .route("/create_payment", get(create_payment))
            .route("/confirm_payment", get(confirm_payment))
            .route("/cancel", get(cancel))
            .with_state(shop);
        Ok(Self { listener, app, url })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Serves until `stop` resolves, then lets the requests under way finish.
    pub async fn serve(self, stop: impl Future<Output = ()> + Send + 'static) -> io::Result<()> {
        axum::serve(self.listener, self.app)
            .with_graceful_shutdown(stop)
            .await
    }
}

/// Resolves at Ctrl-C. If Ctrl-C cannot be watched, never: the process runs until killed.
pub async fn ctrl_c() {
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

struct Shop {
    linepay: linepay::Client,
    /// `http://127.0.0.1:PORT`, for LINE Pay's redirect URLs.
    url: String,
    orders: Mutex<HashMap<OrderId, Order>>,
}

impl Shop {
    fn orders(&self) -> MutexGuard<'_, HashMap<OrderId, Order>> {
        // A handler that panicked mid-update leaves a map that is still usable here.
        self.orders.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// `GET /create_payment`: tell LINE Pay what the customer buys, then send them to pay.
async fn create_payment(State(shop): State<Arc<Shop>>) -> Response {
    let mut order = Order::teas();
    let request = order.payment_request(RedirectUrls::new(
        format!("{}/confirm_payment", shop.url),
        format!("{}/cancel", shop.url),
    ));
    match shop.linepay.send(&request).await {
        Ok(info) => {
            // Remember what the customer was asked to pay: Confirm needs it.
            order.transaction_id = Some(info.transaction_id);
            shop.orders().insert(order.id.clone(), order);
            Redirect::to(&info.payment_url.web).into_response()
        }
        Err(error) => error_page(&error),
    }
}

/// What LINE Pay appends to `confirmUrl`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConfirmQuery {
    transaction_id: TransactionId,
    order_id: OrderId,
}

/// `GET /confirm_payment?transactionId=…&orderId=…`: the customer approved; confirm.
async fn confirm_payment(
    State(shop): State<Arc<Shop>>,
    Query(query): Query<ConfirmQuery>,
) -> Response {
    // The query says WHICH order; the amount comes from our own record of it.
    let Some(order) = shop.orders().get(&query.order_id).cloned() else {
        return page(
            StatusCode::NOT_FOUND,
            "Unknown order",
            "This shop has no such order.",
        );
    };
    if order.transaction_id != Some(query.transaction_id) {
        return page(
            StatusCode::BAD_REQUEST,
            "Wrong payment",
            "This payment is not for this order.",
        );
    }
    let confirm = ConfirmPayment {
        transaction_id: query.transaction_id,
        amount: order.total,
        currency: order.currency.clone(),
    };
    match shop.linepay.send(&confirm).await {
        // A real shop marks the order paid here, and ships it.
        Ok(info) => page(
            StatusCode::OK,
            "Thank you!",
            &format!(
                "Paid {} with LINE Pay. Order {}, transaction {}.",
                order.money(order.total),
                order.id,
                info.transaction_id
            ),
        ),
        Err(error) => error_page(&error),
    }
}

/// `GET /cancel`: the customer pressed Cancel on LINE Pay's page.
async fn cancel() -> Response {
    page(StatusCode::OK, "Payment cancelled", "Nothing was charged.")
}

/// `GET /`: what is for sale, and a link to buy.
async fn home() -> Html<String> {
    let order = Order::teas();
    Html(format!(
        "<!DOCTYPE html><title>Tea house</title><h1>Tea house</h1>\
         <p>{}: {}</p>\
         <p><a href=\"/create_payment\">Pay with LINE Pay</a></p>",
        escape(&order.items_text()),
        escape(&order.money(order.total))
    ))
}

/// The error page: LINE Pay's return code and what it usually means here.
fn error_page(error: &linepay::Error<linepay::HyperError>) -> Response {
    eprintln!("LINE Pay call failed: {error}");
    let advice = match error.return_code() {
        Some(ReturnCode::OrderIdAlreadyUsed) => "Already confirmed? Check Payment Details.",
        Some(ReturnCode::NoTransactionHistory) => "LINE Pay has no approved payment with this id.",
        Some(ReturnCode::AmountMismatch) => "The amount differs from the one requested.",
        Some(ReturnCode::PaymentExpired) => "The payment expired: please order again.",
        Some(ReturnCode::DuplicateRequest) => {
            "Still being processed: check Payment Details shortly."
        }
        Some(code) => code.description(),
        // No answer: the call may still have gone through.
        None => "LINE Pay could not be reached. Check Payment Details before trying again.",
    };
    let title = match error.return_code() {
        Some(code) => format!("LINE Pay answered {code}"),
        None => "LINE Pay did not answer".to_owned(),
    };
    page(
        StatusCode::BAD_GATEWAY,
        &title,
        &format!("{advice} ({error})"),
    )
}

fn page(status: StatusCode, title: &str, text: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><title>{0}</title><h1>{0}</h1><p>{1}</p><p><a href=\"/\">Back to the shop</a></p>",
        escape(title),
        escape(text)
    );
    (status, Html(html)).into_response()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

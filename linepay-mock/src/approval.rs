//! The customer's side: the payment page at `paymentUrl.web` with Pay and Cancel, and a
//! small index page at `/` that points to the console.
//!
//! - `GET /web/payment/{transactionId}`: the page (HTML); forms only while the payment waits.
//! - `POST /web/payment/{transactionId}/approve`: the customer pays; `303 See Other` to
//!   `confirmUrl?transactionId=…&orderId=…` (CLIENT), or a page (SERVER, NONE).
//! - `POST /web/payment/{transactionId}/cancel`: `303` to `cancelUrl`, or a page (NONE).

use std::sync::Arc;

use http::{Method, Response, StatusCode};
use linepay_core::TransactionId;

use crate::error::MockError;
use crate::ledger::Payment;
use crate::redirect::Redirect;
use crate::reply::{Body, escape, html, see_other};
use crate::state::Shared;
use crate::transaction::PaymentState;

/// The path prefix of payment pages.
pub(crate) const PREFIX: &str = "/web/payment/";

/// Answers a request under `/web/payment/`.
pub(crate) fn handle(shared: &Arc<Shared>, method: &Method, path: &str) -> Response<Body> {
    let rest = path.strip_prefix(PREFIX).unwrap_or_default();
    let mut segments = rest.split('/');
    let (Some(id), action, None) = (segments.next(), segments.next(), segments.next()) else {
        return not_found();
    };
    let Ok(id) = id.parse::<TransactionId>() else {
        return not_found();
    };
    match (method, action) {
        (&Method::GET, None) => payment_page(shared, id),
        (&Method::POST, Some("approve")) => decided(shared.approve(id), true),
        (&Method::POST, Some("cancel")) => decided(shared.cancel(id), false),
        (_, None | Some("approve" | "cancel")) => page(
            StatusCode::METHOD_NOT_ALLOWED,
            "Method not allowed",
            "<p>Open the payment page with GET; the buttons POST.</p>",
        ),
        _ => not_found(),
    }
}

/// The payment page of `id`.
fn payment_page(shared: &Shared, id: TransactionId) -> Response<Body> {
    let merchant = &shared.config.merchant_name;
    let rendered = shared.ledger(|ledger, _| ledger.find(id).map(|p| render(p, merchant)));
    match rendered {
        Some(page) => html(StatusCode::OK, page),
        None => not_found(),
    }
}

fn render(payment: &Payment, merchant: &str) -> String {
    let amount = format!("{} {}", payment.amount, payment.currency);
    let mut products = String::new();
    for package in &payment.packages {
        if let Some(name) = &package.name {
            products.push_str(&format!(
                "<tr class=\"package\"><th colspan=\"3\">{}</th></tr>\n",
                escape(name)
            ));
        }
        for product in &package.products {
            products.push_str(&format!(
                "<tr><td>{}</td><td>× {}</td><td class=\"price\">{} {}</td></tr>\n",
                escape(&product.name),
                product.quantity,
                escape(&product.price.to_string()),
                escape(payment.currency.as_str())
            ));
        }
        if let Some(fee) = package.user_fee {
            products.push_str(&format!(
                "<tr><td>Fee</td><td></td><td class=\"price\">{} {}</td></tr>\n",
                escape(&fee.to_string()),
                escape(payment.currency.as_str())
            ));
        }
    }
    let id = payment.id;
    let actions = if payment.state == PaymentState::Waiting {
        format!(
            "<form method=\"post\" action=\"/web/payment/{id}/approve\">\
             <button type=\"submit\" class=\"pay\">Pay {}</button></form>\n\
             <form method=\"post\" action=\"/web/payment/{id}/cancel\">\
             <button type=\"submit\" class=\"cancel\">Cancel</button></form>",
            escape(&amount)
        )
    } else {
        format!(
            "<p class=\"state\">This payment is {}: nothing left to decide.</p>",
            escape(payment.state.as_str())
        )
    };
    format!(
        "<!DOCTYPE html>
<html lang=\"en\">
<head>
<meta charset=\"utf-8\">
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<title>LINE Pay (mock) – {merchant}: {amount}</title>
{STYLE}
</head>
<body>
<main>
<p class=\"brand\">LINE Pay <span>mock</span></p>
<h1>{merchant}</h1>
<p class=\"product\">{product}</p>
<p class=\"amount\">{amount}</p>
<table>
{products}</table>
<p class=\"ids\">Order {order} · Transaction {id}</p>
{actions}
<p class=\"note\">linepay-mock: a local stand-in for LINE Pay. No money moves.</p>
</main>
</body>
</html>
",
        merchant = escape(merchant),
        amount = escape(&amount),
        product = escape(&payment.product_name),
        order = escape(payment.order_id.as_str()),
    )
}

const STYLE: &str = "<style>
body { font-family: system-ui, sans-serif; background: #f3f5f4; margin: 0; }
main { max-width: 28rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 1rem; box-shadow: 0 2px 12px #0002; }
.brand { color: #06c755; font-weight: 700; margin: 0; }
.brand span { color: #888; font-weight: 400; }
h1 { font-size: 1.2rem; margin: .5rem 0; }
.amount { font-size: 2rem; font-weight: 700; margin: .5rem 0 1rem; }
table { width: 100%; border-collapse: collapse; margin-bottom: 1rem; }
td, th { padding: .25rem 0; text-align: left; }
.price { text-align: right; }
.ids, .note { color: #888; font-size: .8rem; }
form { display: inline; }
button { font-size: 1rem; padding: .75rem 1.5rem; border-radius: .5rem; border: 0; cursor: pointer; margin: .25rem .5rem .25rem 0; }
.pay { background: #06c755; color: #fff; }
.cancel { background: #e0e0e0; }
</style>";

/// The answer to Pay or Cancel.
fn decided(outcome: Result<Redirect, MockError>, approved: bool) -> Response<Body> {
    match outcome {
        Ok(Redirect::Browser(location)) => see_other(&location),
        Ok(Redirect::Server(_)) => page(
            StatusCode::OK,
            "Payment approved",
            "<p>Payment approved. LINE Pay has told the merchant; you can close this page.</p>",
        ),
        Ok(_) if approved => page(
            StatusCode::OK,
            "Payment approved",
            "<p>Payment approved. Return to the merchant's app or page.</p>",
        ),
        Ok(_) => page(
            StatusCode::OK,
            "Payment cancelled",
            "<p>Payment cancelled. Return to the merchant's app or page.</p>",
        ),
        Err(MockError::UnknownTransaction(_)) => not_found(),
        Err(error) => page(
            StatusCode::CONFLICT,
            "Nothing to decide",
            &format!("<p>{}</p>", escape(&error.to_string())),
        ),
    }
}

fn not_found() -> Response<Body> {
    page(
        StatusCode::NOT_FOUND,
        "Payment not found",
        "<p>There is no payment at this address.</p>",
    )
}

/// A short page; `title` is plain text, `content` is HTML the caller escaped.
fn page(status: StatusCode, title: &str, content: &str) -> Response<Body> {
    html(
        status,
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>LINE Pay (mock) – {title}</title>\n{STYLE}\n</head>\n<body>\n<main>\n<p class=\"brand\">LINE Pay <span>mock</span></p>\n<h1>{title}</h1>\n{content}\n</main>\n</body>\n</html>\n",
            title = escape(title)
        ),
    )
}

/// `GET /`: what this server is, with the payments and links to their pages.
pub(crate) fn index(shared: &Shared) -> Response<Body> {
    // No payments here: the page is open to anyone who reaches the mock, the console (with
    // the payments, the request log and the buttons) is under the admin rule.
    let content = format!(
        "<p>A local LINE Pay for tests and demos. API base URL: <code>{base}</code>, channel id <code>{channel}</code>.</p>\n\
         <p>The <a href=\"/__mock/console\">console</a>: payments, the request log (why a signature failed), buttons to approve, cancel and fail. \
         Admin API: <a href=\"/__mock/ledger\">/__mock/ledger</a>, <a href=\"/__mock/requests\">/__mock/requests</a>, <a href=\"/__mock/stats\">/__mock/stats</a>.</p>",
        base = escape(&shared.base_url),
        channel = escape(&shared.config.channel_id),
    );
    page(StatusCode::OK, "linepay-mock", &content)
}

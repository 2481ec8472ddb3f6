//! The console's pages, rendered from the ledger, the faults and the request log: plain HTML
//! forms and one stylesheet, no script.

use std::fmt::Write as _;

use crate::faults::Fault;
use crate::reply::escape;
use crate::requests::LoggedCall;
use crate::route::Route;
use crate::transaction::{PaymentState, Transaction};

use super::PREFIX;

const STYLE: &str = include_str!("console.css");

/// A whole page around `body`.
pub(super) fn layout(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · linepay-mock</title><style>{STYLE}</style></head>\n<body>\
         <header><h1>linepay-mock console</h1><nav><a href=\"{PREFIX}\">Payments</a>\
         <a href=\"{PREFIX}/requests\">Requests</a></nav></header>\n<main>{body}</main></body></html>\n",
        title = escape(title)
    )
}

/// The payments, the clock and the faults, with the forms that act on them.
pub(super) fn overview(now: &str, payments: &[Transaction], faults: &[Fault]) -> String {
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<section><h2>Clock</h2><p>Now: <span id=\"now\">{now}</span></p>\
         <form class=\"row\" method=\"post\" action=\"{PREFIX}/clock\">\
         <label>Advance by <input type=\"number\" name=\"seconds\" min=\"1\" value=\"60\"> s</label>\
         <button>Advance</button></form></section>",
        now = escape(now)
    );
    body.push_str("<section><h2>Payments</h2>");
    if payments.is_empty() {
        body.push_str("<p class=\"muted\">No payment yet.</p>");
    } else {
        body.push_str(
            "<table id=\"payments\"><colgroup><col style=\"width:21%\"><col style=\"width:16%\">\
             <col style=\"width:13%\"><col style=\"width:10%\"><col style=\"width:9%\">\
             <col style=\"width:15%\"><col style=\"width:16%\"></colgroup>\
             <thead><tr><th>Transaction</th><th>Order</th><th>State</th><th class=\"num\">Amount</th>\
             <th class=\"num\">Refunded</th><th>Requested</th><th>Customer</th></tr></thead><tbody>",
        );
        for payment in payments.iter().rev() {
            let refunded = payment
                .refunds
                .iter()
                .try_fold(linepay_core::Amount::whole(0), |sum, refund| {
                    sum.checked_add(refund.amount)
                })
                .map_or_else(|| "?".to_owned(), |sum| sum.to_string());
            let _ = writeln!(
                body,
                "<tr data-id=\"{id}\"><td data-label=\"Transaction\"><a href=\"{PREFIX}/payments/{id}\">{id}</a></td>\
                 <td data-label=\"Order\">{order}</td>\
                 <td data-label=\"State\"><span class=\"state {state}\">{state}</span></td>\
                 <td data-label=\"Amount\" class=\"num\">{amount} {currency}</td>\
                 <td data-label=\"Refunded\" class=\"num\">{refunded}</td>\
                 <td data-label=\"Requested\">{requested}</td>\
                 <td class=\"actions\">{actions}</td></tr>",
                id = payment.transaction_id,
                order = escape(payment.order_id.as_str()),
                state = payment.state,
                amount = payment.amount,
                currency = escape(payment.currency.as_str()),
                requested = escape(&payment.requested_at),
                actions = customer_actions(payment),
            );
        }
        body.push_str("</tbody></table>");
    }
    body.push_str("</section>\n");
    body.push_str(&fault_section(faults));
    body
}

/// Approve, Cancel and Fail, for a payment that waits for the customer.
fn customer_actions(payment: &Transaction) -> String {
    if payment.state != PaymentState::Waiting {
        return String::new();
    }
    let id = payment.transaction_id;
    format!(
        "<div><form class=\"inline\" method=\"post\" action=\"{PREFIX}/payments/{id}/approve\"><button>Approve</button></form>\
         <form class=\"inline\" method=\"post\" action=\"{PREFIX}/payments/{id}/cancel\"><button class=\"cancel\">Cancel</button></form>\
         <form class=\"inline\" method=\"post\" action=\"{PREFIX}/payments/{id}/fail\"><button class=\"fail\">Fail</button></form></div>"
    )
}

/// The faults waiting to fire, and the form that arms one.
fn fault_section(faults: &[Fault]) -> String {
    let mut body = String::from("<section><h2>Faults</h2>");
    if faults.is_empty() {
        body.push_str("<p class=\"muted\">None armed.</p>");
    } else {
        body.push_str("<ul id=\"faults\">");
        for fault in faults {
            let kind = serde_json::to_string(&fault.kind).unwrap_or_default();
            let _ = write!(
                body,
                "<li>{route} × {times}: <code>{kind}</code></li>",
                route = fault.target,
                times = fault.times,
                kind = escape(&kind)
            );
        }
        body.push_str("</ul>");
    }
    let routes: String = Route::ALL
        .iter()
        .map(|route| format!("<option>{route}</option>"))
        .collect();
    let kinds: String = super::FAULT_KINDS
        .iter()
        .map(|(value, label)| format!("<option value=\"{value}\">{label}</option>"))
        .collect();
    let _ = writeln!(
        body,
        "<form class=\"row\" method=\"post\" action=\"{PREFIX}/faults\">\
         <select name=\"route\" aria-label=\"route\">{routes}</select>\
         <select name=\"kind\" aria-label=\"fault\">{kinds}</select>\
         <label>times <input type=\"number\" name=\"times\" min=\"1\" value=\"1\"></label>\
         <label>value <input name=\"value\" size=\"6\" placeholder=\"502, 9000, ms\"></label>\
         <button>Arm</button></form></section>"
    );
    body
}

/// One payment: its fields, the customer's buttons, its refunds and its timeline.
pub(super) fn payment(payment: &Transaction, logged: &dyn Fn(u64) -> bool) -> String {
    let mut body = String::new();
    let id = payment.transaction_id;
    let field = |name: &str, value: Option<&str>| {
        value.map_or_else(String::new, |value| {
            format!("<dt>{name}</dt><dd>{}</dd>", escape(value))
        })
    };
    let amount = format!("{} {}", payment.amount, payment.currency);
    let captured = payment
        .captured_amount
        .map(|amount| format!("{amount} {}", payment.currency));
    let _ = writeln!(
        body,
        "<section><h2>Payment {id}</h2><dl>\
         <dt>State</dt><dd><span class=\"state {state}\" id=\"state\">{state}</span></dd>{order}{amount}{product}{origin}{requested}{approved}{confirmed}{captured}{voided}{expires}\
         </dl>{actions}</section>",
        state = payment.state,
        order = field("Order", Some(payment.order_id.as_str())),
        amount = field("Amount", Some(&amount)),
        product = field("Product", Some(&payment.product_name)),
        origin = field("Origin", Some(&format!("{:?}", payment.origin))),
        requested = field("Requested", Some(&payment.requested_at)),
        approved = field("Approved", payment.approved_at.as_deref()),
        confirmed = field("Confirmed", payment.confirmed_at.as_deref()),
        captured = field("Captured", captured.as_deref()),
        voided = field("Voided", payment.voided_at.as_deref()),
        expires = field(
            "Authorization expires",
            payment.authorization_expire_date.as_deref()
        ),
        actions = customer_actions(payment),
    );
    body.push_str("<section><h2>Timeline</h2><table id=\"timeline\"><colgroup><col style=\"width:28%\"><col><col style=\"width:14%\"></colgroup><thead><tr><th>When</th><th>What</th><th>Call</th></tr></thead><tbody>");
    for step in &payment.timeline {
        let call = match step.call {
            Some(call) if logged(call) => {
                format!("<a href=\"{PREFIX}/requests/{call}\">#{call}</a>")
            }
            Some(call) => format!("#{call}"),
            None => "<span class=\"muted\">—</span>".to_owned(),
        };
        let _ = write!(
            body,
            "<tr><td data-label=\"When\">{at}</td><td data-label=\"What\">{what}</td><td data-label=\"Call\">{call}</td></tr>",
            at = escape(&step.at),
            what = escape(&step.what),
        );
    }
    body.push_str("</tbody></table></section>\n");
    body
}

/// The request log, newest first.
pub(super) fn requests(calls: &[LoggedCall]) -> String {
    let mut body = String::from("<section><h2>Requests</h2>");
    if calls.is_empty() {
        body.push_str("<p class=\"muted\">No API call received yet.</p></section>");
        return body;
    }
    body.push_str(
        "<table id=\"requests\"><colgroup><col style=\"width:7%\"><col style=\"width:20%\">\
         <col style=\"width:40%\"><col style=\"width:21%\"><col style=\"width:12%\"></colgroup>\
         <thead><tr><th>#</th><th>Received</th><th>Call</th><th>Answer</th><th class=\"num\">ms</th></tr></thead><tbody>",
    );
    for call in calls {
        let answer = match (&call.return_code, call.status, &call.signature) {
            (Some(code), _, Some(_)) => {
                format!("<span class=\"bad\">{}</span> signature", escape(code))
            }
            (Some(code), _, None) => escape(code),
            (None, Some(status), _) => format!("HTTP {status}"),
            (None, None, _) => "no answer".to_owned(),
        };
        let _ = writeln!(
            body,
            "<tr><td data-label=\"#\"><a href=\"{PREFIX}/requests/{id}\">{id}</a></td>\
             <td data-label=\"Received\">{at}</td>\
             <td data-label=\"Call\">{line}</td>\
             <td data-label=\"Answer\">{answer}</td>\
             <td data-label=\"ms\" class=\"num\">{ms}</td></tr>",
            id = call.id,
            at = escape(&call.received_at),
            line = request_line(call),
            ms = call.latency_ms,
        );
    }
    body.push_str("</tbody></table></section>");
    body
}

/// One logged call: what came, what was answered, and why a signature failed.
pub(super) fn request(call: &LoggedCall) -> String {
    let mut body = String::new();
    let route = call
        .route
        .map_or_else(|| "—".to_owned(), |route| route.to_string());
    let answer = match (&call.return_code, call.status) {
        (Some(code), Some(status)) => format!("HTTP {status}, returnCode {}", escape(code)),
        (None, Some(status)) => format!("HTTP {status}"),
        _ => "the connection was closed without an answer".to_owned(),
    };
    let _ = writeln!(
        body,
        "<section><h2>Call #{id}</h2><dl>\
         <dt>Received</dt><dd>{at}</dd><dt>Call</dt><dd>{line}</dd>\
         <dt>Endpoint</dt><dd>{route}</dd><dt>Answer</dt><dd id=\"answer\">{answer}</dd>\
         <dt>Latency</dt><dd>{ms} ms</dd>{note}</dl></section>",
        id = call.id,
        at = escape(&call.received_at),
        line = request_line(call),
        ms = call.latency_ms,
        note = call
            .note
            .as_deref()
            .map_or_else(String::new, |note| format!(
                "<dt>Refused</dt><dd class=\"bad\">{}</dd>",
                escape(note)
            )),
    );
    if let Some(report) = &call.signature {
        let _ = write!(
            body,
            "<section id=\"signature\"><h2>Why the signature did not verify</h2>\
             <div class=\"cause\"><strong>Likely cause:</strong> <span id=\"cause\">{cause}</span></div><dl>\
             <dt>Expected</dt><dd><code>{expected}</code></dd><dt>Received</dt><dd><code>{received}</code></dd></dl>\
             <table><colgroup><col style=\"width:16%\"><col style=\"width:12%\"><col></colgroup>\
             <thead><tr><th>Part</th><th class=\"num\">Bytes</th><th>Signed as</th></tr></thead><tbody>",
            cause = escape(report.likely_cause.as_deref().unwrap_or("unknown")),
            expected = escape(&report.expected),
            received = escape(&report.received),
        );
        for part in &report.parts {
            let _ = write!(
                body,
                "<tr><td data-label=\"Part\">{label}</td><td data-label=\"Bytes\" class=\"num\">{bytes}</td>\
                 <td data-label=\"Signed as\"><code>{text}</code></td></tr>",
                label = escape(&part.label),
                bytes = part.bytes,
                text = escape(&part.text),
            );
        }
        body.push_str("</tbody></table>");
        for warning in &report.warnings {
            let _ = write!(body, "<p class=\"bad\">{}</p>", escape(warning));
        }
        let _ = writeln!(body, "<pre>{}</pre></section>", escape(&report.report));
    }
    body.push_str("<section><h2>Headers</h2><table id=\"headers\"><colgroup><col style=\"width:32%\"><col></colgroup><tbody>");
    for header in &call.headers {
        let _ = write!(
            body,
            "<tr><td data-label=\"Name\">{}</td><td data-label=\"Value\">{}</td></tr>",
            escape(&header.name),
            escape(&header.value)
        );
    }
    let _ = write!(
        body,
        "</tbody></table></section><section><h2>Body ({bytes} bytes)</h2><pre id=\"body\">{text}</pre></section>",
        bytes = call.body_bytes,
        text = escape(&call.body)
    );
    body
}

/// `GET /v3/payments?orderId=…`, escaped.
fn request_line(call: &LoggedCall) -> String {
    let query = call
        .query
        .as_deref()
        .map_or_else(String::new, |query| format!("?{query}"));
    escape(&format!("{} {}{query}", call.method, call.path))
}

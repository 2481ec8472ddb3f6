//! The console at `/__mock/console`: the payments with their timelines, the request log with
//! why a signature failed, and forms that approve, cancel or fail a waiting payment, move the
//! clock and arm a fault. Under the admin API's rule (loopback, or the admin token; a browser
//! gives the token as the password of HTTP Basic authentication).
//!
//! - `GET /__mock/console`: payments, clock, faults.
//! - `GET /__mock/console/payments/{id}`: one payment and its timeline.
//! - `GET /__mock/console/requests`, `…/requests/{n}`: the request log, one call.
//! - `POST …/payments/{id}/{approve|cancel|fail}`, `POST …/clock` (`seconds`), `POST
//!   …/faults` (`route`, `kind`, `times`, `value`): form posts, answered `303 See Other`
//!   back to the page.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::Duration;

use http::{Method, Response, StatusCode};
use linepay_core::TransactionId;
use linepay_core::endpoint::query::parse_query;

use crate::clock::{iso8601, lock};
use crate::faults::{Fault, FaultKind};
use crate::reply::{Body, html, see_other};
use crate::route::Route;
use crate::state::Shared;

mod pages;

/// Where the console lives.
pub(crate) const PREFIX: &str = "/__mock/console";

/// The fault kinds the form offers: its value and its label.
const FAULT_KINDS: [(&str, &str); 9] = [
    ("dropAfterEffect", "drop after effect"),
    (
        "serverErrorHtmlAfterEffect",
        "5xx page after effect (value: status)",
    ),
    (
        "returnCodeAfterEffect",
        "return code after effect (value: code)",
    ),
    ("truncatedJson", "truncated JSON"),
    ("malformedInfo", "malformed info"),
    ("landsLateMs", "lands late (value: ms)"),
    ("delayMs", "delay (value: ms)"),
    ("serverErrorHtml", "5xx page (value: status)"),
    ("returnCode", "return code (value: code)"),
];

/// Answers a request under `/__mock/console`; `rest` is the path after it, split at `/`.
pub(crate) fn handle(
    shared: &Arc<Shared>,
    method: &Method,
    rest: &[&str],
    body: &[u8],
) -> Response<Body> {
    match (method, rest) {
        (&Method::GET, [] | [""]) => {
            let now = iso8601(shared.clock.now());
            let payments = shared.ledger(|ledger, _| ledger.snapshot());
            let faults = lock(&shared.faults).pending();
            page("Payments", &pages::overview(&now, &payments, &faults))
        }
        (&Method::GET, ["payments", id]) => match id.parse::<TransactionId>() {
            Ok(id) => match shared.ledger(|ledger, _| ledger.transaction(id)) {
                Some(payment) => {
                    let log = lock(&shared.requests);
                    let logged = |call| log.get(call).is_some();
                    page(&format!("Payment {id}"), &pages::payment(&payment, &logged))
                }
                None => not_found(&format!("No payment {id}.")),
            },
            Err(_) => not_found("Not a transaction id."),
        },
        (&Method::POST, ["payments", id, action @ ("approve" | "cancel" | "fail")]) => {
            customer(shared, id, action)
        }
        (&Method::GET, ["requests"]) => {
            let calls = lock(&shared.requests).newest_first();
            page("Requests", &pages::requests(&calls))
        }
        (&Method::GET, ["requests", n]) => {
            let call = n.parse().ok().and_then(|n| lock(&shared.requests).get(n));
            match call {
                Some(call) => page(&format!("Call #{}", call.id), &pages::request(&call)),
                None => not_found("That call is not in the request log (any more)."),
            }
        }
        (&Method::POST, ["clock"]) => {
            let seconds = field(body, "seconds").and_then(|text| text.trim().parse().ok());
            match seconds {
                Some(seconds) => {
                    shared.clock.advance(Duration::from_secs(seconds));
                    see_other(PREFIX)
                }
                None => bad_request("Give the seconds to advance by, a whole number."),
            }
        }
        (&Method::POST, ["faults"]) => match fault_from_form(body) {
            Ok(fault) => {
                lock(&shared.faults).inject(fault);
                see_other(PREFIX)
            }
            Err(message) => bad_request(&message),
        },
        _ => not_found("No console page here."),
    }
}

/// The customer's buttons: the payment page's Approve and Cancel, and a failure.
fn customer(shared: &Arc<Shared>, id: &str, action: &str) -> Response<Body> {
    let Ok(id) = id.parse::<TransactionId>() else {
        return not_found("Not a transaction id.");
    };
    let done = match action {
        "approve" => shared.approve(id).map(drop),
        "cancel" => shared.cancel(id).map(drop),
        _ => shared.fail(id),
    };
    match done {
        Ok(()) => see_other(&format!("{PREFIX}/payments/{id}")),
        Err(error) => html(
            StatusCode::CONFLICT,
            pages::layout(
                "Not possible",
                &format!(
                    "<section><h2>Not possible</h2><p>{}</p><p><a href=\"{PREFIX}/payments/{id}\">Back to the payment</a></p></section>",
                    crate::reply::escape(&error.to_string())
                ),
            ),
        ),
    }
}

/// The fault the form describes.
fn fault_from_form(body: &[u8]) -> Result<Fault, String> {
    let route: Route = field(body, "route")
        .ok_or("Choose a route.")?
        .parse()
        .map_err(|error| format!("{error}"))?;
    let times = field(body, "times")
        .map_or(Ok(1), |text| text.trim().parse::<u32>())
        .map_err(|_| "`times` must be a whole number.".to_owned())?;
    let value = field(body, "value").unwrap_or_default();
    let value = value.trim();
    let number = || {
        value
            .parse::<u64>()
            .map_err(|_| format!("This fault needs a number as its value, not `{value}`."))
    };
    let status = || {
        number().and_then(|status| {
            u16::try_from(status)
                .ok()
                .filter(|status| (100..=599).contains(status))
                .ok_or_else(|| format!("`{status}` is not an HTTP status."))
        })
    };
    let code = || {
        if value.len() == 4 && value.bytes().all(|b| b.is_ascii_digit()) {
            Ok(value.to_owned())
        } else {
            Err(format!("`{value}` is not a four-digit return code."))
        }
    };
    let kind = match field(body, "kind").as_deref() {
        Some("dropAfterEffect") => FaultKind::DropAfterEffect,
        Some("truncatedJson") => FaultKind::TruncatedJson,
        Some("malformedInfo") => FaultKind::MalformedInfo,
        Some("delayMs") => FaultKind::Delay(Duration::from_millis(number()?)),
        Some("landsLateMs") => FaultKind::LandsLate(Duration::from_millis(number()?)),
        Some("serverErrorHtml") => FaultKind::ServerErrorHtml { status: status()? },
        Some("serverErrorHtmlAfterEffect") => {
            FaultKind::ServerErrorHtmlAfterEffect { status: status()? }
        }
        Some("returnCode") => FaultKind::ReturnCode(code()?),
        Some("returnCodeAfterEffect") => FaultKind::ReturnCodeAfterEffect(code()?),
        _ => return Err("Choose a kind of fault.".to_owned()),
    };
    Ok(Fault::new(route, times.max(1), kind))
}

/// A field of a form post (`application/x-www-form-urlencoded`).
fn field(body: &[u8], name: &str) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    parse_query(text)
        .into_iter()
        .find(|(key, _)| key == name)
        .map(|(_, value): (Cow<'_, str>, Cow<'_, str>)| value.into_owned())
}

fn page(title: &str, body: &str) -> Response<Body> {
    html(StatusCode::OK, pages::layout(title, body))
}

fn not_found(message: &str) -> Response<Body> {
    html(
        StatusCode::NOT_FOUND,
        pages::layout(
            "Not found",
            &format!(
                "<section><h2>Not found</h2><p>{}</p><p><a href=\"{PREFIX}\">The console</a></p></section>",
                crate::reply::escape(message)
            ),
        ),
    )
}

fn bad_request(message: &str) -> Response<Body> {
    html(
        StatusCode::BAD_REQUEST,
        pages::layout(
            "Not understood",
            &format!(
                "<section><h2>Not understood</h2><p>{}</p><p><a href=\"{PREFIX}\">The console</a></p></section>",
                crate::reply::escape(message)
            ),
        ),
    )
}

//! The admin API under `/__mock/`: JSON, no signature (the mock is for loopback only), so
//! tests in any language can play the customer, read the ledger, inject faults (and count
//! the late effects still to land) and move the clock. See the crate's README for the
//! routes and curl examples.

use std::sync::Arc;
use std::time::Duration;

use http::{Method, Response, StatusCode};
use linepay_core::TransactionId;
use serde::Deserialize;
use serde_json::json;

use crate::clock::{iso8601, lock};
use crate::error::MockError;
use crate::faults::Fault;
use crate::reply::{Body, admin_error, json};
use crate::state::Shared;

/// The path prefix of the admin API.
pub(crate) const PREFIX: &str = "/__mock/";

/// The body of `POST /__mock/clock/advance`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Advance {
    #[serde(default)]
    seconds: u64,
    #[serde(default)]
    millis: u64,
}

/// Answers a request under `/__mock/`.
pub(crate) fn handle(
    shared: &Arc<Shared>,
    method: &Method,
    path: &str,
    body: &[u8],
) -> Response<Body> {
    let rest = path.strip_prefix(PREFIX).unwrap_or_default();
    let segments: Vec<&str> = rest.split('/').collect();
    match (method, segments.as_slice()) {
        (&Method::GET, ["ledger"]) => json(
            StatusCode::OK,
            &shared.ledger(|ledger, _| ledger.snapshot()),
        ),
        (&Method::GET, ["payments", id]) => match parse_id(id) {
            Ok(id) => match shared.ledger(|ledger, _| ledger.transaction(id)) {
                Some(transaction) => json(StatusCode::OK, &transaction),
                None => customer_error(&MockError::UnknownTransaction(id)),
            },
            Err(response) => *response,
        },
        (&Method::POST, ["payments", id, action @ ("approve" | "cancel" | "fail")]) => {
            match parse_id(id) {
                Ok(id) => customer_action(shared, id, action),
                Err(response) => *response,
            }
        }
        (&Method::GET, ["faults"]) => json(StatusCode::OK, &lock(&shared.faults).pending()),
        (&Method::POST, ["faults"]) => inject(shared, body),
        (&Method::DELETE, ["faults"]) => {
            let cleared = lock(&shared.faults).clear();
            json(StatusCode::OK, &json!({ "cleared": cleared }))
        }
        (&Method::GET, ["clock"]) => now(shared),
        (&Method::POST, ["clock", "advance"]) => match serde_json::from_slice::<Advance>(body) {
            Ok(advance) => {
                let by = Duration::from_secs(advance.seconds)
                    .saturating_add(Duration::from_millis(advance.millis));
                shared.clock.advance(by);
                now(shared)
            }
            Err(error) => admin_error(
                StatusCode::BAD_REQUEST,
                format!("expected {{\"seconds\": N}} or {{\"millis\": N}}: {error}"),
            ),
        },
        (&Method::GET, ["stats"]) => json(StatusCode::OK, &shared.counters.snapshot()),
        (&Method::GET, ["lateEffects"]) => json(
            StatusCode::OK,
            &json!({ "pending": shared.pending_late_effects() }),
        ),
        (
            _,
            ["ledger"]
            | ["payments", _]
            | ["payments", _, "approve" | "cancel" | "fail"]
            | ["faults"]
            | ["clock"]
            | ["clock", "advance"]
            | ["stats"]
            | ["lateEffects"],
        ) => admin_error(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{method} is not allowed on {path}"),
        ),
        _ => admin_error(StatusCode::NOT_FOUND, format!("no admin route at {path}")),
    }
}

fn parse_id(id: &str) -> Result<TransactionId, Box<Response<Body>>> {
    id.parse().map_err(|_| {
        Box::new(admin_error(
            StatusCode::BAD_REQUEST,
            format!("`{id}` is not a transaction id"),
        ))
    })
}

fn customer_action(shared: &Arc<Shared>, id: TransactionId, action: &str) -> Response<Body> {
    let redirect = match action {
        "approve" => shared.approve(id).map(Some),
        "cancel" => shared.cancel(id).map(Some),
        _ => shared.fail(id).map(|()| None),
    };
    match redirect {
        Ok(redirect) => {
            let state = shared
                .ledger(|ledger, _| ledger.transaction(id))
                .map(|transaction| transaction.state);
            json(
                StatusCode::OK,
                &json!({ "transactionId": id, "state": state, "redirect": redirect }),
            )
        }
        Err(error) => customer_error(&error),
    }
}

fn customer_error(error: &MockError) -> Response<Body> {
    let status = match error {
        MockError::UnknownTransaction(_) => StatusCode::NOT_FOUND,
        _ => StatusCode::CONFLICT,
    };
    admin_error(status, error.to_string())
}

fn inject(shared: &Shared, body: &[u8]) -> Response<Body> {
    let is_list = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[');
    let parsed = if is_list {
        serde_json::from_slice::<Vec<Fault>>(body)
    } else {
        serde_json::from_slice::<Fault>(body).map(|fault| vec![fault])
    };
    let faults = match parsed {
        Ok(faults) => faults,
        Err(error) => {
            return admin_error(
                StatusCode::BAD_REQUEST,
                format!(
                    "expected {{\"route\": \"confirm\", \"times\": 1, \"kind\": {{\"dropAfterEffect\": null}}}} or a list of such: {error}"
                ),
            );
        }
    };
    let mut pending = lock(&shared.faults);
    for fault in faults {
        pending.inject(fault);
    }
    json(StatusCode::OK, &json!({ "pending": pending.pending() }))
}

fn now(shared: &Shared) -> Response<Body> {
    json(
        StatusCode::OK,
        &json!({ "now": iso8601(shared.clock.now()) }),
    )
}

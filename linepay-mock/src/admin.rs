//! The admin API under `/__mock/`: JSON, no signature, so tests in any language can play the
//! customer, read the ledger, inject faults (and count the late effects still to land) and
//! move the clock. With an admin token configured, every call must carry it
//! ([`refusal`]); without one the mock listens on loopback only. See the crate's README
//! for the routes and curl examples.

use std::sync::Arc;
use std::time::Duration;

use http::header::{AUTHORIZATION, WWW_AUTHENTICATE};
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};
use linepay_core::TransactionId;
use serde::Deserialize;
use serde_json::json;

use base64::Engine as _;

use crate::clock::{iso8601, lock};
use crate::config::MockConfig;
use crate::console;
use crate::error::MockError;
use crate::faults::Fault;
use crate::ledger::{Customer, ONE_TIME_KEY_LIFETIME};
use crate::reply::{Body, admin_error, json};
use crate::state::Shared;

/// The path prefix of the admin API.
pub(crate) const PREFIX: &str = "/__mock/";

/// The header that carries the admin token, for clients that cannot set `Authorization`.
const TOKEN_HEADER: &str = "x-mock-admin-token";

/// The `401` (with `WWW-Authenticate: Bearer`, and `Basic` so that a browser asks for it) to
/// answer an admin call that lacks the admin token; `None` lets the call through: no admin
/// token is configured, or the call carries it (`Authorization: Bearer <token>`,
/// `X-Mock-Admin-Token: <token>`, or the password of `Authorization: Basic`, as a browser on
/// the console sends it).
pub(crate) fn refusal(config: &MockConfig, headers: &HeaderMap) -> Option<Response<Body>> {
    let token = config.admin_token.as_ref()?;
    let bearer = headers.get_all(AUTHORIZATION).iter().filter_map(|value| {
        let value = value.as_bytes();
        let (scheme, rest) = value.split_at_checked(7)?;
        scheme
            .eq_ignore_ascii_case(b"bearer ")
            .then(|| rest.trim_ascii())
    });
    let plain = headers
        .get_all(TOKEN_HEADER)
        .iter()
        .map(|value| value.as_bytes().trim_ascii().to_vec());
    let basic = headers
        .get_all(AUTHORIZATION)
        .iter()
        .filter_map(|value| basic_password(value.as_bytes()));
    // Every presented value is compared, so the time taken does not tell which one matched.
    let authorized = bearer
        .map(<[u8]>::to_vec)
        .chain(plain)
        .chain(basic)
        .fold(false, |found, presented| token.matches(&presented) | found);
    if authorized {
        return None;
    }
    let presented = headers.contains_key(AUTHORIZATION) || headers.contains_key(TOKEN_HEADER);
    let message = if presented {
        "wrong admin token: the admin API needs `Authorization: Bearer <token>` or `X-Mock-Admin-Token: <token>` with the mock's admin token"
    } else {
        "missing admin token: the admin API needs `Authorization: Bearer <token>` or `X-Mock-Admin-Token: <token>` with the mock's admin token"
    };
    let mut response = admin_error(StatusCode::UNAUTHORIZED, message);
    response.headers_mut().insert(
        WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"linepay-mock admin API\""),
    );
    response.headers_mut().append(
        WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"linepay-mock admin API\", charset=\"UTF-8\""),
    );
    Some(response)
}

/// The password of `Basic <base64 of user:password>` (any user name).
fn basic_password(value: &[u8]) -> Option<Vec<u8>> {
    let (scheme, rest) = value.split_at_checked(6)?;
    if !scheme.eq_ignore_ascii_case(b"basic ") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(rest.trim_ascii())
        .ok()?;
    let colon = decoded.iter().position(|&byte| byte == b':')?;
    Some(decoded[colon + 1..].to_vec())
}

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
        (_, ["console", rest @ ..]) => console::handle(shared, method, rest, body),
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
        (&Method::POST, ["oneTimeKeys"]) => one_time_key(shared, body),
        (&Method::GET, ["requests"]) => {
            json(StatusCode::OK, &lock(&shared.requests).newest_first())
        }
        (&Method::GET, ["requests", id]) => match id.parse::<u64>() {
            Ok(id) => match lock(&shared.requests).get(id) {
                Some(call) => json(StatusCode::OK, &call),
                None => admin_error(
                    StatusCode::NOT_FOUND,
                    format!("call {id} is not in the request log"),
                ),
            },
            Err(_) => admin_error(
                StatusCode::BAD_REQUEST,
                format!("`{id}` is not a call number"),
            ),
        },
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
            | ["oneTimeKeys"]
            | ["requests"]
            | ["requests", _]
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

/// The My Code generator: a key for the customer in the body (every member optional, an
/// empty body is a Taiwanese customer paying with balance).
fn one_time_key(shared: &Shared, body: &[u8]) -> Response<Body> {
    let customer = if body.iter().all(u8::is_ascii_whitespace) {
        Ok(Customer::default())
    } else {
        serde_json::from_slice::<Customer>(body)
    };
    match customer {
        Ok(customer) => {
            let (key, expires) = shared.ledger(|ledger, now| {
                let key = ledger.issue_one_time_key(customer, now);
                (key, now + ONE_TIME_KEY_LIFETIME)
            });
            json(
                StatusCode::CREATED,
                &json!({
                    "oneTimeKey": key.as_str(),
                    "country": customer.country,
                    "payMethod": customer.pays,
                    "expiresAt": iso8601(expires),
                }),
            )
        }
        Err(error) => admin_error(
            StatusCode::BAD_REQUEST,
            format!(
                "expected {{\"country\": \"TW\" or \"TH\", \"payMethod\": \"BALANCE\" or \"CREDIT_CARD\"}}: {error}"
            ),
        ),
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

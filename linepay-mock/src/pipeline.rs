//! Dispatch: the admin API, the payment pages, or the LINE Pay API; and the API pipeline
//! (route → signature → decode → checks → fault → ledger → answer).

use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use http::request::Parts;
use http::{Method, Request};
use http_body_util::{BodyExt, Limited};
use hyper::body::Body;
use linepay_core::signing::explain::PayloadKind;
use linepay_core::{Envelope, ReturnCode};

use crate::faults::{FaultKind, landing_limit};
use crate::late::LateEffect;
use crate::ledger::{self, Context};
use crate::ledger::{Busy, reject};
use crate::reply::{self, Reply};
use crate::requests::{LoggedCall, SignatureReport, logged_body, logged_headers};
use crate::route::{Miss, Route};
use crate::state::Shared;
use crate::{admin, approval, clock, validate};

/// The largest request body read; above it the answer is `413`.
const MAX_BODY: usize = 1024 * 1024;

/// Answers one request: hyper's `Incoming` body from a connection, or a `Full` body handed
/// over directly (see [`crate::socketless`]).
pub(crate) async fn handle<B>(shared: Arc<Shared>, request: Request<B>) -> Reply
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return reply::body_too_large().into(),
    };
    let path = parts.uri.path();
    if path.starts_with(admin::PREFIX) {
        if let Some(refused) = admin::refusal(&shared.config, &parts.headers) {
            return refused.into();
        }
        return admin::handle(&shared, &parts.method, path, &body).into();
    }
    if path.starts_with(approval::PREFIX) {
        return approval::handle(&shared, &parts.method, path).into();
    }
    if path == "/" && parts.method == Method::GET {
        return approval::index(&shared).into();
    }
    logged_api_call(shared, &parts, body).await
}

/// What the request log learns while a call goes through the pipeline.
struct Notes {
    /// The call's number in the request log.
    id: u64,
    route: Option<Route>,
    signature: Option<SignatureReport>,
    note: Option<String>,
}

/// One LINE Pay API call, kept in the request log with what it was answered.
async fn logged_api_call(shared: Arc<Shared>, parts: &Parts, body: Bytes) -> Reply {
    let started = Instant::now();
    let received_at = clock::iso8601(shared.clock.now());
    let id = clock::lock(&shared.requests).next_id();
    let mut notes = Notes {
        id,
        route: None,
        signature: None,
        note: None,
    };
    let reply = api_call(Arc::clone(&shared), parts, &body, &mut notes).await;
    let (reply, status, return_code) = reply::inspect(reply).await;
    let call = LoggedCall {
        id,
        received_at,
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        route: notes.route,
        headers: logged_headers(&parts.headers),
        body_bytes: body.len(),
        body: logged_body(&body),
        status,
        return_code,
        latency_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        signature: notes.signature,
        note: notes.note,
    };
    clock::lock(&shared.requests).push(call);
    reply
}

/// One LINE Pay API call.
async fn api_call(shared: Arc<Shared>, parts: &Parts, body: &Bytes, notes: &mut Notes) -> Reply {
    let received = shared.clock.now();
    let path = parts.uri.path();
    let (route, version) = match Route::identify(&parts.method, path) {
        Ok(found) => found,
        Err(Miss::NotFound) => return reply::unknown_api(&parts.method, path).into(),
        Err(Miss::WrongMethod(allowed)) => {
            return reply::wrong_api_method(&allowed, &parts.method, path).into();
        }
    };
    shared.counters.request(route);
    notes.route = Some(route);

    // LINE Pay signs the raw query of a GET and the raw body of a POST.
    let (payload, kind): (&[u8], _) = if route.method() == Method::GET {
        let query = parts.uri.query().unwrap_or_default().as_bytes();
        (query, PayloadKind::Query)
    } else {
        (body, PayloadKind::Body)
    };
    let kind = if payload.is_empty() {
        PayloadKind::Empty
    } else {
        kind
    };
    if let Err(refusal) = shared.channel.check(&parts.headers, path, payload, kind) {
        notes.signature = refusal.explanation.as_deref().map(SignatureReport::from);
        notes.note = refusal.note;
        return reply::rejection(refusal.rejection).into();
    }
    let call = match ledger::decode(route, version, path, payload) {
        Ok(call) => call,
        Err(rejection) => return reply::rejection(rejection).into(),
    };
    let float = route.method() == Method::POST && validate::has_float_amount(payload);
    if let Err(rejection) = call.validate(float, &shared.config) {
        return reply::rejection(rejection).into();
    }

    let limit = clock::later(received, landing_limit(route));
    let fault = clock::lock(&shared.faults).take(route);
    match &fault {
        Some(FaultKind::ServerErrorHtml { status }) => return reply::proxy_error(*status).into(),
        Some(FaultKind::ReturnCode(code)) => return reply::return_code(code).into(),
        Some(FaultKind::LandsLate(after)) => {
            // Not in flight: the request may still be in transit, nothing holds the
            // transaction.
            shared.land_later(LateEffect {
                call,
                float,
                version,
                route,
                logged_as: Some(notes.id),
                due: clock::later(received, *after).min(limit),
            });
            return Reply::Drop;
        }
        _ => {}
    }

    let _in_flight = match call.busy() {
        Some(busy) => match InFlight::begin(&shared, busy) {
            Ok(in_flight) => Some(in_flight),
            Err(rejection) => return reply::rejection(rejection).into(),
        },
        None => None,
    };
    if let Some(FaultKind::Delay(delay)) = &fault {
        tokio::time::sleep(*delay).await;
    }
    let outcome = shared.ledger(|ledger, now| {
        if now > limit {
            // Past the landing limit (the clock moved on while the call waited): LINE Pay
            // has abandoned it.
            return Err(reject(ReturnCode::InternalError, "Internal error."));
        }
        let context = Context {
            config: &shared.config,
            base_url: &shared.base_url,
            now,
            version,
            call: Some(notes.id),
        };
        call.execute(ledger, float, &context)
    });
    let envelope = match outcome {
        Ok(envelope) => {
            shared.counters.effect(route);
            envelope
        }
        Err(rejection) => Envelope::without_info(rejection.code, rejection.message),
    };
    answer(fault, envelope)
}

/// The answer to a call whose outcome is `envelope`, as `fault` (if any) spoils it.
fn answer(fault: Option<FaultKind>, envelope: Envelope) -> Reply {
    match fault {
        Some(FaultKind::DropAfterEffect) => Reply::Drop,
        Some(FaultKind::TruncatedJson) => reply::truncated(&envelope).into(),
        Some(FaultKind::ServerErrorHtmlAfterEffect { status }) => reply::proxy_error(status).into(),
        Some(FaultKind::ReturnCodeAfterEffect(code)) => reply::return_code(&code).into(),
        Some(FaultKind::MalformedInfo) => reply::malformed_info(envelope).into(),
        _ => reply::envelope(&envelope).into(),
    }
}

/// A state-changing call in flight; ends when dropped, however the call ends.
struct InFlight {
    shared: Arc<Shared>,
    busy: Busy,
}

impl InFlight {
    fn begin(shared: &Arc<Shared>, busy: Busy) -> Result<Self, crate::ledger::Rejection> {
        shared.ledger(|ledger, _| ledger.begin(busy.clone()))?;
        Ok(Self {
            shared: Arc::clone(shared),
            busy,
        })
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        clock::lock(&self.shared.ledger).end(&self.busy);
    }
}

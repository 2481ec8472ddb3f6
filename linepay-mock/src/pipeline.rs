//! Dispatch: the admin API, the payment pages, or the LINE Pay API; and the API pipeline
//! (route → signature → decode → checks → fault → ledger → answer).

use std::sync::Arc;

use bytes::Bytes;
use http::request::Parts;
use http::{Method, Request};
use http_body_util::{BodyExt, Limited};
use hyper::body::Body;
use linepay_core::{Envelope, ReturnCode};

use crate::faults::{FaultKind, landing_limit};
use crate::late::LateEffect;
use crate::ledger::{self, Context};
use crate::ledger::{Busy, reject};
use crate::reply::{self, Reply};
use crate::route::{Miss, Route};
use crate::state::Shared;
use crate::{admin, approval, clock, validate};

/// The largest request body read; above it the answer is `413`.
const MAX_BODY: usize = 1024 * 1024;

/// Answers one request: hyper's `Incoming` body from a connection, or a `Full` body handed
/// over directly (see [`crate::offline`]).
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
    api_call(shared, &parts, body).await
}

/// One LINE Pay API call.
async fn api_call(shared: Arc<Shared>, parts: &Parts, body: Bytes) -> Reply {
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

    // LINE Pay signs the raw query of a GET and the raw body of a POST.
    let payload: &[u8] = if route.method() == Method::GET {
        parts.uri.query().unwrap_or_default().as_bytes()
    } else {
        &body
    };
    if let Err(rejection) = shared.channel.check(&parts.headers, path, payload) {
        return reply::rejection(rejection).into();
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

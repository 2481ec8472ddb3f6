//! Sending: one call prepared once, then sent, and sent again only when that is safe.

use std::future::Future;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use http::Request;
use tracing::field::{Empty, display};
use tracing::{Instrument, Span};

use super::{ApiVersion, Client, decode_response};
use crate::endpoint::Endpoint;
use crate::envelope::EnvelopeRef;
use crate::error::Error;
use crate::retry::{CallKind, Decision, Outcome};
use crate::return_code::ReturnCode;
use crate::signing::sign_request;
use crate::transport::Transport;

/// A call's result, and when its last attempt was handed to the transport.
pub(crate) type Stamped<R, TE> = (Result<R, Error<TE>>, Option<SystemTime>);

impl<T: Transport> Client<T> {
    /// Prepares, sends and decodes one call, with the endpoint's recommended read timeout
    /// (or the client's override), and sends it again when that is safe.
    ///
    /// A failed attempt is sent again only when [`RetryPolicy::decide`](crate::retry::RetryPolicy::decide) allows it (see
    /// [`retry`](crate::retry) for the table), the client's [`RetryBudget`](crate::retry::RetryBudget) has a token left,
    /// and after the jittered delay, waited with [`Transport::sleep`]. In short: anything
    /// that surely never left ([`Delivery::NotSent`](crate::Delivery::NotSent)) and reads
    /// after a timeout, a lost connection, a 5xx page or `9000`; Void and Refund on `1900`,
    /// `1902` and `1999`; **never** a call that changes state once it may have reached LINE
    /// Pay. Each attempt carries a fresh nonce (unless the client's [`NonceSource`](crate::NonceSource) is
    /// `Fixed`) and its own signature over the same body bytes, which are encoded once,
    /// before the first attempt. When the call gives up, the error is the last attempt's.
    ///
    /// # Tracing
    ///
    /// Each call is one [`tracing`] span, `linepay.call` at INFO level, around all its
    /// attempts and waits, with these fields:
    ///
    /// | field | value |
    /// |---|---|
    /// | `endpoint` | the path template sent, the declaration's for the client's [`ApiVersion`] ([`Endpoint::PATHS`]): `/v4/payments/<transactionId>/confirm` |
    /// | `method` | `GET` or `POST` |
    /// | `order_id`, `transaction_id` | the call's ids from [`Endpoint::trace_ids`], comma-separated when there are several (Payment Details); absent when the call has none |
    /// | `attempts` | how many attempts were sent (0 for an invalid request) |
    /// | `outcome` | `ok`, or how the last attempt failed: `api` (a return code other than success), `transport`, `http` (a non-200 status or a body that is not JSON), `decode` (JSON that does not decode), `invalid` (nothing was sent) |
    /// | `return_code` | LINE Pay's `returnCode` whenever it answered with an envelope (`0000` on success, `0110` for an authorized Check Payment Status, the error's code on `api`); absent otherwise |
    /// | `http_status` | the status of an `http` outcome |
    /// | `latency_ms` | the whole call, retries and waits included, in milliseconds |
    ///
    /// Each retry is a WARN event inside the span with the failed `attempt`, the `delay_ms`
    /// before the next one and why (`outcome`, and `return_code`, `http_status` or `timeout`
    /// when they apply). Neither the span nor the events ever hold the channel secret, the
    /// nonce, the signature, or a request or response body.
    ///
    /// With no subscriber, or one that does not want the span, this costs a few branches: no
    /// field is formatted, nothing is allocated and the clock is not read.
    ///
    /// ```no_run
    /// # async fn run<T: linepay_core::Transport>(client: linepay_core::Client<T>) -> Result<(), Box<dyn std::error::Error>> {
    /// use linepay_core::api::v3::CheckPaymentStatus;
    /// use linepay_core::TransactionId;
    ///
    /// let status = client
    ///     .send(&CheckPaymentStatus { transaction_id: TransactionId::new(2019049910005496810) })
    ///     .await?;
    /// println!("{status:?}");
    /// # Ok(())
    /// # }
    /// ```
    pub fn send<E: Endpoint>(
        &self,
        endpoint: &E,
    ) -> impl Future<Output = Result<E::Response, Error<T::Error>>> + Send + use<'_, T, E> {
        self.send_with_timeout(endpoint, self.read_timeout_for::<E>())
    }

    /// [`Client::send`] with a read timeout for this call only (for each attempt).
    pub fn send_with_timeout<E: Endpoint>(
        &self,
        endpoint: &E,
        read_timeout: Duration,
    ) -> impl Future<Output = Result<E::Response, Error<T::Error>>> + Send + use<'_, T, E> {
        let call = self.dispatch(endpoint, read_timeout, false);
        async move { call.await.0 }
    }

    /// [`Client::send`] for recovery: also answers when the last attempt was handed to the
    /// transport, by the client's clock (`None` when nothing was sent).
    pub(crate) async fn send_stamped<E: Endpoint>(
        &self,
        endpoint: &E,
    ) -> Stamped<E::Response, T::Error> {
        self.dispatch(endpoint, self.read_timeout_for::<E>(), true)
            .await
    }

    /// Sends with retries; with `stamp`, also reads the clock as each attempt is handed over.
    fn dispatch<E: Endpoint>(
        &self,
        endpoint: &E,
        read_timeout: Duration,
        stamp: bool,
    ) -> impl Future<Output = Stamped<E::Response, T::Error>> + Send + use<'_, T, E> {
        // The span reads the endpoint's ids now: the future does not borrow the endpoint.
        let span = call_span(endpoint, self.api_version);
        // Prepared before the future exists, for the same reason; the payload is encoded
        // here, once, however many attempts follow.
        let prepared = self.prepare(endpoint);
        let call = CallKind::of::<E>();
        let record = span.clone();
        async move {
            let traced = !record.is_disabled();
            let started = traced.then(Instant::now);
            let mut attempts: u32 = 0;
            // The return code of a successful answer, read only for an enabled span.
            let mut answered = None;
            let mut handed = None;
            let result = async {
                let mut request = prepared?;
                loop {
                    attempts += 1;
                    // The next attempt's request: the same URI, headers and body (a `Bytes`
                    // clone shares the bytes), re-signed below with a new nonce.
                    let spare =
                        (attempts < self.retry_policy.max_attempts()).then(|| request.clone());
                    if stamp {
                        handed = Some(self.clock.now());
                    }
                    let error = match self.attempt::<E>(request, read_timeout, traced).await {
                        Ok((response, code)) => {
                            self.retry_budget.record_success();
                            answered = code;
                            return Ok(response);
                        }
                        Err(error) => error,
                    };
                    let outcome = Outcome::of(&error);
                    let decision =
                        self.retry_policy
                            .decide(attempts, call, &outcome, fastrand::f64());
                    let (Decision::RetryAfter(delay), Some(mut next)) = (decision, spare) else {
                        return Err(error);
                    };
                    if !self.retry_budget.try_acquire() {
                        return Err(error);
                    }
                    retry_event(attempts, delay, &outcome);
                    self.transport.sleep(delay).await;
                    sign_request(
                        &mut next,
                        self.credentials.channel_secret(),
                        &self.nonce_source.next(),
                    );
                    request = next;
                }
            }
            .await;
            if let Some(started) = started {
                record_end(&record, started, attempts, answered.as_ref(), &result);
            }
            (result, handed)
        }
        .instrument(span)
    }

    /// One attempt: send the signed request, decode the answer; with `peek`, also the
    /// return code of a successful answer, for the span.
    async fn attempt<E: Endpoint>(
        &self,
        request: Request<Bytes>,
        read_timeout: Duration,
        peek: bool,
    ) -> Result<(E::Response, Option<ReturnCode>), Error<T::Error>> {
        let response = self
            .transport
            .send(request, read_timeout)
            .await
            .map_err(Error::Transport)?;
        let decoded = decode_response::<E>(&response).map_err(Error::with_transport)?;
        // A second, borrowing parse of an answer that already decoded (so it is a JSON
        // envelope): paid only when a subscriber records the span.
        let code = peek
            .then(|| EnvelopeRef::from_slice(response.body()).ok())
            .flatten()
            .map(|envelope| envelope.return_code);
        Ok((decoded, code))
    }
}

/// The call's span, with its ids when a subscriber wants it (nothing is read or formatted
/// otherwise).
fn call_span<E: Endpoint>(endpoint: &E, version: ApiVersion) -> Span {
    // The template as sent: the declaration's for the client's version.
    let endpoint_path = E::PATHS.get(version).unwrap_or(E::PATH);
    let span = tracing::info_span!(
        "linepay.call",
        endpoint = endpoint_path,
        method = E::METHOD.as_str(),
        order_id = Empty,
        transaction_id = Empty,
        attempts = Empty,
        outcome = Empty,
        return_code = Empty,
        http_status = Empty,
        latency_ms = Empty,
    );
    if !span.is_disabled() {
        let ids = endpoint.trace_ids();
        if let Some(order_id) = ids.order_id_field() {
            span.record("order_id", display(order_id));
        }
        if let Some(transaction_id) = ids.transaction_id_field() {
            span.record("transaction_id", display(transaction_id));
        }
    }
    span
}

/// The span's closing fields: attempts, outcome, return code or status, latency.
fn record_end<R, TE: crate::TransportError>(
    span: &Span,
    started: Instant,
    attempts: u32,
    answered: Option<&ReturnCode>,
    result: &Result<R, Error<TE>>,
) {
    span.record("attempts", attempts);
    match result {
        Ok(_) => {
            span.record("outcome", "ok");
            if let Some(code) = answered {
                span.record("return_code", code.as_str());
            }
        }
        Err(error) => record_outcome(span, &Outcome::of(error)),
    }
    span.record("latency_ms", millis(started.elapsed()));
}

fn record_outcome(span: &Span, outcome: &Outcome) {
    span.record("outcome", outcome_kind(outcome));
    match outcome {
        Outcome::Api(code) => {
            span.record("return_code", code.as_str());
        }
        Outcome::Http { status } => {
            span.record("http_status", status.as_u16());
        }
        _ => {}
    }
}

/// One WARN event per retry, inside the call's span.
fn retry_event(attempt: u32, delay: Duration, outcome: &Outcome) {
    let (return_code, http_status, timeout) = match outcome {
        Outcome::Api(code) => (Some(code.as_str()), None, None),
        Outcome::Http { status } => (None, Some(status.as_u16()), None),
        Outcome::Transport { timeout, .. } => (None, None, Some(*timeout)),
        _ => (None, None, None),
    };
    tracing::warn!(
        attempt,
        delay_ms = millis(delay),
        outcome = outcome_kind(outcome),
        return_code,
        http_status,
        timeout,
        "LINE Pay call failed; sending it again",
    );
}

/// The `outcome` of a failed call.
fn outcome_kind(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Api(_) => "api",
        Outcome::Transport { .. } => "transport",
        Outcome::Http { .. } => "http",
        Outcome::Decode => "decode",
        Outcome::Invalid => "invalid",
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

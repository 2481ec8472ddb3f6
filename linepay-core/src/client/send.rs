//! Sending: one call prepared once, then sent, and sent again only when that is safe.

use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use http::Request;

use super::{Client, decode_response};
use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::retry::{CallKind, Decision, Outcome};
use crate::signing::sign_request;
use crate::transport::Transport;

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
        // Prepared before the future exists, so the future does not borrow the endpoint; the
        // payload is encoded here, once, however many attempts follow.
        let prepared = self.prepare(endpoint);
        let call = CallKind::of::<E>();
        async move {
            let mut request = prepared?;
            let mut attempt: u32 = 1;
            loop {
                // The next attempt's request: the same URI, headers and body (a `Bytes`
                // clone shares the bytes), re-signed below with a new nonce.
                let spare = (attempt < self.retry_policy.max_attempts()).then(|| request.clone());
                let error = match self.attempt::<E>(request, read_timeout).await {
                    Ok(response) => {
                        self.retry_budget.record_success();
                        return Ok(response);
                    }
                    Err(error) => error,
                };
                let decision =
                    self.retry_policy
                        .decide(attempt, call, &Outcome::of(&error), fastrand::f64());
                let (Decision::RetryAfter(delay), Some(mut next)) = (decision, spare) else {
                    return Err(error);
                };
                if !self.retry_budget.try_acquire() {
                    return Err(error);
                }
                self.transport.sleep(delay).await;
                sign_request(
                    &mut next,
                    self.credentials.channel_secret(),
                    &self.nonce_source.next(),
                );
                request = next;
                attempt += 1;
            }
        }
    }

    /// One attempt: send the signed request, decode the answer.
    async fn attempt<E: Endpoint>(
        &self,
        request: Request<Bytes>,
        read_timeout: Duration,
    ) -> Result<E::Response, Error<T::Error>> {
        let response = self
            .transport
            .send(request, read_timeout)
            .await
            .map_err(Error::Transport)?;
        decode_response::<E>(&response).map_err(Error::with_transport)
    }
}

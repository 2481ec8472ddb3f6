//! [`ServiceTransport`]: any `tower` [`Service`] of `http::Request<Bytes>` as a [`Transport`].

use std::fmt;
use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::task::Poll;
use std::time::Duration;

use bytes::Bytes;
use http::{Request, Response};
use tower_service::Service;

use super::{Delivery, Transport, TransportError};

/// A [`Transport`] over a `tower` [`Service`] that sends an `http::Request<Bytes>` and
/// answers the whole `http::Response<Bytes>` (feature `tower`).
///
/// - The service's error must say whether the request may have left ([`TransportError`]).
///   A service whose error cannot say (a `BoxError`) can be wrapped with tower's
///   `ServiceExt::map_err` into a type of yours that answers [`Delivery::MaybeSent`] unless
///   it is sure.
/// - `sleep` is a timer of the runtime that drives the service (`tokio::time::sleep`, …):
///   the adapter cannot know which one. It waits between retries ([`Transport::sleep`]) and
///   bounds each call by its read timeout: waiting for the service to be ready and for the
///   answer share that deadline, and the call is dropped when it passes
///   ([`ServiceTransportError`]).
/// - Each call clones the service, waits until it is ready, then calls it (tower's usual
///   pattern), so the service should be cheap to clone (an `Arc`, a client handle, a
///   `Buffer`).
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use bytes::Bytes;
/// use linepay_core::api::v3::{CheckPaymentStatus, PaymentStatus};
/// use linepay_core::{ClientBuilder, Credentials, Delivery, ServiceTransport, TransactionId, TransportError};
///
/// #[derive(Debug, thiserror::Error)]
/// #[error("connection refused")]
/// struct Refused;
///
/// impl TransportError for Refused {
///     fn delivery(&self) -> Delivery { Delivery::NotSent }
///     fn is_timeout(&self) -> bool { false }
/// }
///
/// // Any stack's service; this one answers every call with LINE Pay's "still waiting".
/// let service = tower::service_fn(|_request: http::Request<Bytes>| async {
///     let body = r#"{"returnCode":"0000","returnMessage":"Success"}"#;
///     Ok::<_, Refused>(http::Response::new(Bytes::from(body)))
/// });
/// let client = ClientBuilder::new(Credentials::new("1234567890", "secret")?)
///     .build_with(ServiceTransport::new(service, tokio::time::sleep));
/// let check = CheckPaymentStatus { transaction_id: TransactionId::new(2019049910005496810) };
/// assert_eq!(client.send(&check).await?, PaymentStatus::Waiting);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct ServiceTransport<S, Z> {
    service: S,
    sleep: Z,
}

impl<S, Z> ServiceTransport<S, Z> {
    /// Sends through `service`; `sleep` is its runtime's timer (`tokio::time::sleep`).
    pub fn new(service: S, sleep: Z) -> Self {
        Self { service, sleep }
    }
}

impl<S: fmt::Debug, Z> fmt::Debug for ServiceTransport<S, Z> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let service = &self.service;
        f.debug_struct("ServiceTransport")
            .field("service", service)
            .finish_non_exhaustive()
    }
}

impl<S, Z, F> Transport for ServiceTransport<S, Z>
where
    S: Service<Request<Bytes>, Response = Response<Bytes>> + Clone + Send + Sync,
    S::Error: TransportError,
    S::Future: Send,
    Z: Fn(Duration) -> F + Send + Sync,
    F: Future<Output = ()> + Send,
{
    type Error = ServiceTransportError<S::Error>;

    async fn send(
        &self,
        request: Request<Bytes>,
        read_timeout: Duration,
    ) -> Result<Response<Bytes>, Self::Error> {
        use ServiceTransportError::{NotReady, Service as Failed, Timeout};
        let (mut service, after) = (self.service.clone(), read_timeout);
        let mut deadline = pin!((self.sleep)(after));
        let ready = race(poll_fn(|cx| service.poll_ready(cx)), deadline.as_mut()).await;
        ready.ok_or(NotReady { after })?.map_err(Failed)?;
        let answer = race(service.call(request), deadline).await;
        answer.ok_or(Timeout { after })?.map_err(Failed)
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send {
        (self.sleep)(duration)
    }
}

/// `work`'s output, or `None` when `deadline` passes first.
async fn race<T>(work: impl Future<Output = T>, mut deadline: Pin<&mut impl Future>) -> Option<T> {
    let mut work = pin!(work);
    poll_fn(|cx| match work.as_mut().poll(cx) {
        Poll::Ready(output) => Poll::Ready(Some(output)),
        Poll::Pending => deadline.as_mut().poll(cx).map(|_| None),
    })
    .await
}

/// An error of a [`ServiceTransport`]: the service's own, or the read timeout ran out.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServiceTransportError<E> {
    /// The service failed; its error says what happened to the request.
    #[error(transparent)]
    Service(E),
    /// The service was not ready to take the request within the read timeout (its
    /// concurrency limit, a full buffer): [`Delivery::NotSent`].
    #[error(
        "the service was not ready within the {after:?} read timeout; the request was not sent"
    )]
    NotReady {
        /// The read timeout that ran out.
        after: Duration,
    },
    /// The service took the request but did not answer within the read timeout; the call
    /// was dropped: [`Delivery::MaybeSent`].
    #[error("no answer within the {after:?} read timeout; the request may have been received")]
    Timeout {
        /// The read timeout that ran out.
        after: Duration,
    },
}

impl<E: TransportError> TransportError for ServiceTransportError<E> {
    fn delivery(&self) -> Delivery {
        match self {
            Self::Service(error) => error.delivery(),
            Self::NotReady { .. } => Delivery::NotSent,
            Self::Timeout { .. } => Delivery::MaybeSent,
        }
    }

    fn is_timeout(&self) -> bool {
        match self {
            Self::Service(error) => error.is_timeout(),
            Self::NotReady { .. } | Self::Timeout { .. } => true,
        }
    }
}

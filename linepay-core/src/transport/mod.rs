//! The door to the network: anything that sends an `http::Request<Bytes>` and returns an
//! `http::Response<Bytes>`.
//!
//! linepay-hyper is the production transport; tests plug in recording or failing ones, and
//! merchants their own HTTP stack. A transport's errors say whether the request may have
//! reached LINE Pay ([`Delivery`]), because that decides whether a payment call may be sent
//! again: never, once it may have arrived.
//!
//! With the `tower` feature, `ServiceTransport` (in `tower.rs`) makes any `tower` service of
//! `http::Request<Bytes>` a transport.

use std::future::Future;
use std::time::Duration;

use bytes::Bytes;

#[cfg(feature = "tower")]
mod tower;
#[cfg(feature = "tower")]
pub use self::tower::{ServiceTransport, ServiceTransportError};

/// Whether a failed request may have reached LINE Pay.
///
/// ```
/// use linepay_core::Delivery;
///
/// assert!(Delivery::NotSent.is_safe_to_resend());
/// assert!(!Delivery::MaybeSent.is_safe_to_resend());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Delivery {
    /// The request surely never left (for example, the connection could not be opened).
    NotSent,
    /// The request may have arrived and been acted on (a timeout, a connection lost while
    /// waiting for the answer). A payment call must not be re-sent blindly: ask first.
    MaybeSent,
}

impl Delivery {
    /// Whether any call, even one that moves money, may be sent again.
    pub fn is_safe_to_resend(self) -> bool {
        self == Delivery::NotSent
    }
}

/// An error of a [`Transport`]: keeps its cause chain and says what happened to the request.
///
/// ```
/// use linepay_core::{Delivery, TransportError};
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
/// assert!(Refused.delivery().is_safe_to_resend());
/// ```
pub trait TransportError: std::error::Error + Send + Sync + 'static {
    /// Whether the request may have reached LINE Pay.
    fn delivery(&self) -> Delivery;

    /// Whether the call ran out of time (connect or read).
    fn is_timeout(&self) -> bool;
}

/// Sends one prepared, signed request.
///
/// ```
/// use std::time::Duration;
/// use bytes::Bytes;
/// use linepay_core::{Delivery, Transport, TransportError};
///
/// /// Answers every call with one canned response: a test double.
/// struct Canned(&'static str);
///
/// #[derive(Debug, thiserror::Error)]
/// #[error("never fails")]
/// struct Never;
///
/// impl TransportError for Never {
///     fn delivery(&self) -> Delivery { Delivery::NotSent }
///     fn is_timeout(&self) -> bool { false }
/// }
///
/// impl Transport for Canned {
///     type Error = Never;
///
///     async fn send(&self, _request: http::Request<Bytes>, _read_timeout: Duration)
///         -> Result<http::Response<Bytes>, Never> {
///         Ok(http::Response::new(Bytes::from_static(self.0.as_bytes())))
///     }
///
///     // A real transport waits on its runtime's timer (`tokio::time::sleep`,
///     // `async_io::Timer::after`, …); this double answers at once anyway.
///     async fn sleep(&self, _duration: Duration) {}
/// }
/// ```
pub trait Transport: Send + Sync {
    /// What can go wrong.
    type Error: TransportError;

    /// Sends `request` and reads the whole answer, giving up after `read_timeout`.
    fn send(
        &self,
        request: http::Request<Bytes>,
        read_timeout: Duration,
    ) -> impl Future<Output = Result<http::Response<Bytes>, Self::Error>> + Send;

    /// Waits for `duration`: the pause [`Client::send`](crate::Client::send) takes before it
    /// sends a failed call again (see [`retry`](crate::retry)).
    ///
    /// It lives here because the transport knows its runtime: linepay-core has none, and a
    /// timer only works on the runtime that drives it (`tokio::time::sleep` panics outside
    /// Tokio). So the core decides *whether* and *how long* to wait, and the transport waits
    /// (`tokio::time::sleep` for hyper, the matching timer for any other stack). A test double
    /// can record the durations and return at once, so that tests of retries take no time.
    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> + Send;
}

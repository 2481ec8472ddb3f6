//! [`HyperError`]: what went wrong, whether the request may have reached LINE Pay, and the
//! full cause chain.
//!
//! The classification is conservative: [`Delivery::NotSent`] only when the request surely
//! never left this process — the connection could not be opened, the request was refused
//! before any I/O, or the read timeout fired before a connection was even assigned to the
//! request. Everything else is [`Delivery::MaybeSent`]: a payment call that ends there must
//! be checked (Payment Details, Check Payment Status) before it is sent again.

use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::time::Duration;

use linepay_core::{Delivery, TransportError};

/// A boxed cause, as hyper, hyper-util and http-body-util hand them out.
pub(crate) type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// What kind of failure a [`HyperError`] is.
///
/// ```
/// use std::time::Duration;
/// use linepay_hyper::HyperErrorKind;
///
/// let kind = HyperErrorKind::Timeout { after: Duration::from_secs(20) };
/// assert!(matches!(kind, HyperErrorKind::Timeout { .. }));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HyperErrorKind {
    /// The request cannot be sent as built (not an absolute `http://` or `https://` URI, or
    /// a method hyper refuses); nothing was sent. [`Delivery::NotSent`].
    InvalidRequest {
        /// What is wrong with the request.
        reason: &'static str,
    },
    /// The connection could not be opened: DNS, TCP (refused, unreachable), the TLS
    /// handshake failed, or the two did not finish within the connect timeout.
    /// [`Delivery::NotSent`].
    Connect,
    /// No complete answer within the read timeout. [`Delivery::MaybeSent`], unless the
    /// timeout fired before the request had a connection (then [`Delivery::NotSent`]).
    Timeout {
        /// The read timeout that ran out.
        after: Duration,
    },
    /// The connection failed after it was opened: while the request was written or the
    /// answer's head awaited (a reset, the server closing without answering).
    /// [`Delivery::MaybeSent`].
    Send,
    /// The answer's head arrived but reading its body failed. [`Delivery::MaybeSent`]
    /// (the request surely arrived).
    Body,
    /// The answer is larger than the configured limit
    /// ([`max_response_bytes`](crate::HyperTransportBuilder::max_response_bytes)).
    /// [`Delivery::MaybeSent`] (the request surely arrived).
    TooLarge {
        /// The limit, in bytes.
        limit: usize,
    },
}

/// An error of [`HyperTransport`](crate::HyperTransport).
///
/// It keeps its cause chain ([`source`](StdError::source) leads to the hyper-util, hyper,
/// rustls or I/O error) and answers the two questions a caller must ask: did the request
/// possibly reach LINE Pay ([`TransportError::delivery`]), and did time run out
/// ([`TransportError::is_timeout`])? Neither `Display` nor `Debug` ever contains request
/// headers (the signature) or bodies.
///
/// ```no_run
/// # async fn run() {
/// use std::time::Duration;
/// use bytes::Bytes;
/// use linepay_core::{Delivery, Transport, TransportError};
/// use linepay_hyper::{HyperErrorKind, HyperTransport};
///
/// let transport = HyperTransport::new();
/// let request = http::Request::get("http://127.0.0.1:9/v3/payments").body(Bytes::new()).unwrap();
/// match transport.send(request, Duration::from_secs(20)).await {
///     Ok(response) => println!("HTTP {}", response.status()),
///     Err(error) if error.delivery() == Delivery::NotSent => {
///         println!("not sent, safe to try again: {error}");
///     }
///     Err(error) => {
///         assert_ne!(error.kind(), HyperErrorKind::Connect);
///         println!("may have arrived, check the payment's status first: {error}");
///     }
/// }
/// # }
/// ```
#[derive(Debug)]
pub struct HyperError {
    kind: HyperErrorKind,
    delivery: Delivery,
    timed_out: bool,
    source: Option<BoxError>,
}

impl HyperError {
    /// What kind of failure this is.
    ///
    /// ```
    /// use linepay_hyper::{HyperError, HyperErrorKind};
    ///
    /// fn was_refused_locally(error: &HyperError) -> bool {
    ///     matches!(error.kind(), HyperErrorKind::InvalidRequest { .. })
    /// }
    /// ```
    pub fn kind(&self) -> HyperErrorKind {
        self.kind
    }

    pub(crate) fn invalid_request(reason: &'static str) -> Self {
        Self {
            kind: HyperErrorKind::InvalidRequest { reason },
            delivery: Delivery::NotSent,
            timed_out: false,
            source: None,
        }
    }

    /// A failure of hyper-util's client: a connect error, or one after the connection was
    /// opened.
    pub(crate) fn from_client(error: hyper_util::client::legacy::Error) -> Self {
        if error.is_connect() {
            let timed_out = chain_has_timed_out(&error);
            Self {
                kind: HyperErrorKind::Connect,
                delivery: Delivery::NotSent,
                timed_out,
                source: Some(Box::new(error)),
            }
        } else {
            Self::maybe_sent(HyperErrorKind::Send, Some(Box::new(error)))
        }
    }

    /// The read timeout ran out; `connected` says whether the request had been handed a
    /// connection (and so may have been written).
    pub(crate) fn timeout(
        after: Duration,
        connected: bool,
        elapsed: tokio::time::error::Elapsed,
    ) -> Self {
        Self {
            kind: HyperErrorKind::Timeout { after },
            delivery: if connected {
                Delivery::MaybeSent
            } else {
                Delivery::NotSent
            },
            timed_out: true,
            source: Some(Box::new(elapsed)),
        }
    }

    pub(crate) fn body(source: BoxError) -> Self {
        Self::maybe_sent(HyperErrorKind::Body, Some(source))
    }

    pub(crate) fn too_large(limit: usize, source: Option<BoxError>) -> Self {
        Self::maybe_sent(HyperErrorKind::TooLarge { limit }, source)
    }

    fn maybe_sent(kind: HyperErrorKind, source: Option<BoxError>) -> Self {
        Self {
            kind,
            delivery: Delivery::MaybeSent,
            timed_out: false,
            source,
        }
    }
}

/// Whether an I/O error of kind `TimedOut` is somewhere in the chain (hyper-util reports
/// its connect timeout that way).
fn chain_has_timed_out(error: &(dyn StdError + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(error) = next {
        if error
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::TimedOut)
        {
            return true;
        }
        next = error.source();
    }
    false
}

impl fmt::Display for HyperError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            HyperErrorKind::InvalidRequest { reason } => {
                write!(f, "the request cannot be sent ({reason}); nothing was sent")
            }
            HyperErrorKind::Connect if self.timed_out => f.write_str(
                "could not connect to LINE Pay in time (connect timeout); the request was not sent",
            ),
            HyperErrorKind::Connect => {
                f.write_str("could not connect to LINE Pay; the request was not sent")
            }
            HyperErrorKind::Timeout { after } if self.delivery == Delivery::NotSent => write!(
                f,
                "no connection to LINE Pay within the {after:?} timeout; the request was not sent"
            ),
            HyperErrorKind::Timeout { after } => write!(
                f,
                "LINE Pay did not answer within {after:?}; the request may have been received, \
                 check the payment's status before sending it again"
            ),
            HyperErrorKind::Send => f.write_str(
                "the connection to LINE Pay failed before an answer arrived; the request may \
                 have been received, check the payment's status before sending it again",
            ),
            HyperErrorKind::Body => f.write_str(
                "reading LINE Pay's answer failed; the request was received, check the \
                 payment's status before sending it again",
            ),
            HyperErrorKind::TooLarge { limit } => write!(
                f,
                "LINE Pay's answer is larger than the {limit}-byte limit (max_response_bytes); \
                 the request was received"
            ),
        }
    }
}

impl StdError for HyperError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn StdError + 'static))
    }
}

impl TransportError for HyperError {
    fn delivery(&self) -> Delivery {
        self.delivery
    }

    fn is_timeout(&self) -> bool {
        self.timed_out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_request_was_not_sent() {
        let error = HyperError::invalid_request("no scheme");
        assert_eq!(error.delivery(), Delivery::NotSent);
        assert!(!error.is_timeout());
        assert_eq!(
            error.to_string(),
            "the request cannot be sent (no scheme); nothing was sent"
        );
    }

    #[test]
    fn body_and_too_large_may_have_been_sent() {
        let body = HyperError::body("boom".into());
        assert_eq!(body.delivery(), Delivery::MaybeSent);
        assert!(body.source().is_some());
        let large = HyperError::too_large(10, None);
        assert_eq!(large.kind(), HyperErrorKind::TooLarge { limit: 10 });
        assert_eq!(large.delivery(), Delivery::MaybeSent);
    }

    #[test]
    fn finds_a_timed_out_io_error_in_the_chain() {
        #[derive(Debug)]
        struct Outer(io::Error);
        impl fmt::Display for Outer {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("tcp connect error")
            }
        }
        impl StdError for Outer {
            fn source(&self) -> Option<&(dyn StdError + 'static)> {
                Some(&self.0)
            }
        }
        let timed_out = Outer(io::Error::new(io::ErrorKind::TimedOut, "connect timeout"));
        assert!(chain_has_timed_out(&timed_out));
        let refused = Outer(io::Error::from(io::ErrorKind::ConnectionRefused));
        assert!(!chain_has_timed_out(&refused));
    }
}

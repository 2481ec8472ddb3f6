//! The connector: TCP, then TLS, the two bounded together by the connect timeout.
//!
//! hyper-util's `HttpConnector` bounds only the TCP connect; a TLS handshake that stalls
//! would run until the read timeout. Bounding both here means that, whenever the read
//! timeout is longer than the connect timeout, a request the read timeout catches had
//! already been handed a connection: [`HyperTransport`](crate::HyperTransport) can then tell
//! "not sent" from "maybe sent" without tracking every request's connection (see
//! `transport.rs`).

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use tower_service::Service;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Wraps a connector so that each new connection (TCP and TLS) gets at most `timeout`.
#[derive(Clone, Debug)]
pub(crate) struct BoundedConnect<C> {
    inner: C,
    timeout: Duration,
}

impl<C> BoundedConnect<C> {
    pub(crate) fn new(inner: C, timeout: Duration) -> Self {
        Self { inner, timeout }
    }
}

impl<C> Service<Uri> for BoundedConnect<C>
where
    C: Service<Uri>,
    C::Error: Into<BoxError>,
    C::Future: Send + 'static,
{
    type Response = C::Response;
    type Error = BoxError;
    // Boxed: one allocation per new connection, none per request on a pooled one.
    type Future = Pin<Box<dyn Future<Output = Result<C::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let connecting = self.inner.call(uri);
        let timeout = self.timeout;
        Box::pin(async move {
            match tokio::time::timeout(timeout, connecting).await {
                Ok(connected) => connected.map_err(Into::into),
                // `TimedOut`, as hyper-util reports its own TCP connect timeout, so
                // `HyperError` reads both the same way.
                Err(_) => Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "connect timeout (TCP connect and TLS handshake)",
                )
                .into()),
            }
        })
    }
}

//! The mock's request handling without a socket: for fuzzing and property tests.
//!
//! [`SocketlessMock`] holds the same state as a [`MockServer`](crate::MockServer) (ledger,
//! faults, clock, counters) and answers a request handed to it directly, through the same
//! code as a request read from a connection: dispatch to the admin API, the payment pages or
//! the LINE Pay API; route, signature, decoding, validation, faults, ledger. Only hyper's
//! HTTP/1 parsing and the connection are left out.
//!
//! It is not part of the public API (`#[doc(hidden)]`): use [`MockServer`](crate::MockServer).

use std::io;
use std::sync::Arc;

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{BodyExt, Full};
use linepay_core::Credentials;

use crate::config::MockConfig;
use crate::pipeline;
use crate::reply::Reply;
use crate::state::Shared;

/// A mock that answers requests handed to it, without listening anywhere.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// use bytes::Bytes;
/// use linepay_mock::{MockConfig, SocketlessMock};
///
/// let mock = SocketlessMock::new(MockConfig::default())?;
/// let request = http::Request::get("/__mock/ledger").body(Bytes::new()).unwrap();
/// let response = mock.handle(request).await.expect("answered");
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.body().as_ref(), b"[]");
/// # Ok(())
/// # }
/// ```
#[doc(hidden)]
#[derive(Debug)]
pub struct SocketlessMock {
    shared: Arc<Shared>,
}

impl SocketlessMock {
    /// A mock with `config` (its `listen` address is only used for the URLs it answers
    /// with). Must be called inside a Tokio runtime; fails as
    /// [`MockServer::start_with`](crate::MockServer::start_with) does on a bad channel id or
    /// secret.
    pub fn new(config: MockConfig) -> io::Result<Self> {
        let base_url = format!("http://{}", config.listen);
        Ok(Self {
            shared: Arc::new(Shared::new(config, base_url)?),
        })
    }

    /// The credentials a client signs with for this mock.
    pub fn credentials(&self) -> Credentials {
        self.shared.credentials.clone()
    }

    /// Answers `request` as a [`MockServer`](crate::MockServer) would; `None` when the
    /// server would close the connection without answering (fault `dropAfterEffect`).
    ///
    /// The URI is the request target as received (`/v3/payments?orderId=A`). Unlike the
    /// server, a panic in the handler is not turned into a `500`: it propagates, so that a
    /// fuzzer sees it.
    pub async fn handle(&self, request: Request<Bytes>) -> Option<Response<Bytes>> {
        let request = request.map(Full::new);
        match pipeline::handle(Arc::clone(&self.shared), request).await {
            Reply::Response(response) => {
                let (parts, body) = response.into_parts();
                let body = match body.collect().await {
                    Ok(collected) => collected.to_bytes(),
                    Err(never) => match never {},
                };
                Some(Response::from_parts(parts, body))
            }
            Reply::Drop => None,
        }
    }
}

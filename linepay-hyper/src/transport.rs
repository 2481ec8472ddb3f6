//! [`HyperTransport`]: sends one signed request over a pooled hyper-util client and reads
//! the whole, size-limited answer within the read timeout.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, Response, Version};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::Body as _;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::{HttpConnector, capture_connection};
use linepay_core::Transport;

use crate::connect::BoundedConnect;
use crate::error::HyperError;

type PooledClient = Client<BoundedConnect<HttpsConnector<HttpConnector>>, Full<Bytes>>;

/// How much longer than the connect timeout a read timeout must be for a timeout to mean
/// "the request had a connection" without asking hyper-util (room for the timers' jitter).
const CONNECT_MARGIN: Duration = Duration::from_secs(1);

/// The configuration a transport was built with, kept for `Debug` and the getters.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    pub(crate) connect_timeout: Duration,
    pub(crate) pool_idle_timeout: Duration,
    pub(crate) max_response_bytes: usize,
    pub(crate) custom_tls: bool,
}

/// The production [`Transport`]: hyper 1 and hyper-util's pooled client over rustls.
///
/// - HTTP/1.1 and HTTP/2 (negotiated by ALPN over TLS); plain `http://` too, for local
///   servers such as linepay-mock.
/// - TCP_NODELAY; a 5 s connect timeout covering the TCP connect and the TLS handshake;
///   idle connections pooled for 30 s.
/// - Each call is bounded by its read timeout, which covers waiting for the response head
///   *and* reading the body; the body is read whole, up to
///   [`max_response_bytes`](crate::HyperTransportBuilder::max_response_bytes) (1 MiB by default).
/// - Errors say whether the request may have reached LINE Pay (see [`HyperError`]).
///
/// Cloning is cheap and shares the connection pool: build one transport and clone it.
/// Sending needs a Tokio runtime with the time driver enabled (`enable_all()`).
///
/// ```no_run
/// use linepay_core::{ClientBuilder, Credentials, Environment, TransactionId, api::v3::CheckPaymentStatus};
/// use linepay_hyper::HyperTransport;
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let client = ClientBuilder::new(Credentials::new("1234567890", "channel-secret")?)
///     .environment(Environment::custom("http://127.0.0.1:8787")?)
///     .build_with(HyperTransport::new());
/// let status = client
///     .send(&CheckPaymentStatus { transaction_id: TransactionId::new(2019049910005496810) })
///     .await?;
/// println!("{status:?}");
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct HyperTransport {
    client: PooledClient,
    settings: Settings,
}

impl HyperTransport {
    pub(crate) fn from_parts(client: PooledClient, settings: Settings) -> Self {
        Self { client, settings }
    }

    /// The connect timeout.
    ///
    /// ```
    /// use std::time::Duration;
    /// use linepay_hyper::HyperTransport;
    ///
    /// assert_eq!(HyperTransport::new().connect_timeout(), Duration::from_secs(5));
    /// ```
    pub fn connect_timeout(&self) -> Duration {
        self.settings.connect_timeout
    }

    /// How long idle pooled connections are kept.
    ///
    /// ```
    /// use std::time::Duration;
    /// use linepay_hyper::HyperTransport;
    ///
    /// assert_eq!(HyperTransport::new().pool_idle_timeout(), Duration::from_secs(30));
    /// ```
    pub fn pool_idle_timeout(&self) -> Duration {
        self.settings.pool_idle_timeout
    }

    /// The largest response body read, in bytes.
    ///
    /// ```
    /// use linepay_hyper::HyperTransport;
    ///
    /// let transport = HyperTransport::builder().max_response_bytes(4096).build();
    /// assert_eq!(transport.max_response_bytes(), 4096);
    /// ```
    pub fn max_response_bytes(&self) -> usize {
        self.settings.max_response_bytes
    }

    /// Checks what hyper-util would refuse only after choosing a connection, and turns the
    /// request into one with a hyper body.
    fn to_hyper_request(request: Request<Bytes>) -> Result<Request<Full<Bytes>>, HyperError> {
        let uri = request.uri();
        if !matches!(uri.scheme_str(), Some("http" | "https")) {
            return Err(HyperError::invalid_request(
                "the URI must start with http:// or https://",
            ));
        }
        if uri.authority().is_none() {
            return Err(HyperError::invalid_request("the URI must have a host"));
        }
        if request.method() == Method::CONNECT {
            return Err(HyperError::invalid_request("CONNECT is not supported"));
        }
        let mut request = request.map(Full::new);
        // The wire protocol is negotiated (ALPN); a request marked HTTP/2 would be refused
        // on an HTTP/1.1 connection after it was chosen, so the field is normalized.
        *request.version_mut() = Version::HTTP_11;
        Ok(request)
    }
}

impl Default for HyperTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Settings {
            connect_timeout,
            pool_idle_timeout,
            max_response_bytes,
            custom_tls,
        } = self.settings;
        f.debug_struct("HyperTransport")
            .field("connect_timeout", &connect_timeout)
            .field("pool_idle_timeout", &pool_idle_timeout)
            .field("max_response_bytes", &max_response_bytes)
            .field(
                "tls",
                &if custom_tls {
                    "custom"
                } else {
                    "ring + webpki-roots"
                },
            )
            .finish()
    }
}

impl Transport for HyperTransport {
    type Error = HyperError;

    /// Sends `request` and reads the whole answer; `read_timeout` bounds everything from
    /// here until the last byte of the body.
    async fn send(
        &self,
        request: Request<Bytes>,
        read_timeout: Duration,
    ) -> Result<Response<Bytes>, HyperError> {
        let mut request = Self::to_hyper_request(request)?;
        // Did the request get a connection before the read timeout fired? Opening one (TCP
        // and TLS) is bounded by the connect timeout and fails with a connect error, "not
        // sent", when it runs out. So when the read timeout is longer, a request it catches
        // had a connection: "maybe sent", known without asking. Only a read timeout shorter
        // than that needs hyper-util to report the connection it hands the request
        // (`capture_connection`, four heap blocks and a watch channel per request).
        let connection = (read_timeout <= self.settings.connect_timeout + CONNECT_MARGIN)
            .then(|| capture_connection(&mut request));
        let limit = self.settings.max_response_bytes;

        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(HyperError::from_client)?;
            let (parts, body) = response.into_parts();
            // A Content-Length over the limit fails before reading (hyper turns it into an
            // exact size hint, and knows that HEAD, 204 and 304 answers have no body).
            if body.size_hint().lower() > limit as u64 {
                return Err(HyperError::too_large(limit, None));
            }
            let body = Limited::new(body, limit)
                .collect()
                .await
                .map_err(|error| {
                    if error.is::<LengthLimitError>() {
                        HyperError::too_large(limit, Some(error))
                    } else {
                        HyperError::body(error)
                    }
                })?
                .to_bytes();
            Ok(Response::from_parts(parts, body))
        };

        match tokio::time::timeout(read_timeout, exchange).await {
            Ok(result) => result,
            Err(elapsed) => {
                let connected = connection
                    .as_ref()
                    .is_none_or(|connection| connection.connection_metadata().is_some());
                Err(HyperError::timeout(read_timeout, connected, elapsed))
            }
        }
    }

    /// Waits on Tokio's timer, the runtime this transport already needs.
    async fn sleep(&self, duration: Duration) {
        tokio::time::sleep(duration).await;
    }
}

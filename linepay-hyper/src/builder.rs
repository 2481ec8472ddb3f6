//! [`HyperTransportBuilder`]: timeouts, the response-size limit and the TLS configuration.
//!
//! # TLS choices
//!
//! - **Crypto provider: [`ring`](rustls::crypto::ring).** It builds with a C compiler
//!   alone, where aws-lc-rs also needs cmake (and sometimes NASM and bindgen), and it is the
//!   smaller of the two. It is passed to rustls explicitly, so the transport works whatever
//!   other provider features the dependency tree enables, and without installing a
//!   process-wide default.
//! - **Root store: [webpki-roots](https://docs.rs/webpki-roots).** Mozilla's trusted roots,
//!   compiled in: the same on every machine, and working in minimal containers that ship
//!   no CA bundle. LINE Pay's hosts use publicly trusted certificates.
//! - **Your own:** pass any [`rustls::ClientConfig`] to
//!   [`HyperTransportBuilder::tls_config`] (the OS verifier, a corporate root, another
//!   provider, client certificates). [`rustls`] is re-exported from this crate so the
//!   version always matches.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use hyper_rustls::ConfigBuilderExt;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::connect::BoundedConnect;
use crate::transport::HyperTransport;

/// How long opening a TCP connection may take, by default.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// How long an unused pooled connection is kept, by default.
pub const DEFAULT_POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The largest answer read, by default: 1 MiB. LINE Pay's answers are a few kilobytes.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 1024 * 1024;

/// Configures a [`HyperTransport`].
///
/// ```
/// use std::time::Duration;
/// use linepay_hyper::HyperTransport;
///
/// let transport = HyperTransport::builder()
///     .connect_timeout(Duration::from_secs(3))
///     .pool_idle_timeout(Duration::from_secs(60))
///     .max_response_bytes(256 * 1024)
///     .build();
/// assert_eq!(transport.max_response_bytes(), 256 * 1024);
/// ```
#[must_use]
pub struct HyperTransportBuilder {
    connect_timeout: Duration,
    pool_idle_timeout: Duration,
    max_response_bytes: usize,
    tls_config: Option<rustls::ClientConfig>,
}

impl HyperTransportBuilder {
    /// A builder with the defaults: 5 s connect timeout, 30 s pool idle timeout, 1 MiB
    /// response limit, ring + webpki-roots TLS.
    ///
    /// ```
    /// use linepay_hyper::{HyperTransportBuilder, DEFAULT_MAX_RESPONSE_BYTES};
    ///
    /// let transport = HyperTransportBuilder::new().build();
    /// assert_eq!(transport.max_response_bytes(), DEFAULT_MAX_RESPONSE_BYTES);
    /// ```
    pub fn new() -> Self {
        Self {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            pool_idle_timeout: DEFAULT_POOL_IDLE_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            tls_config: None,
        }
    }

    /// How long opening a connection may take, TCP connect and TLS handshake together
    /// (default 5 s). When a host resolves to several addresses, the time is shared among
    /// them. A connect timeout is an error of
    /// kind [`Connect`](crate::HyperErrorKind::Connect) that is
    /// [`NotSent`](linepay_core::Delivery::NotSent) and
    /// [`is_timeout`](linepay_core::TransportError::is_timeout).
    ///
    /// ```
    /// use std::time::Duration;
    /// use linepay_hyper::HyperTransport;
    ///
    /// let transport = HyperTransport::builder().connect_timeout(Duration::from_secs(2)).build();
    /// assert_eq!(transport.connect_timeout(), Duration::from_secs(2));
    /// ```
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long an idle pooled connection is kept for reuse (default 30 s).
    ///
    /// ```
    /// use std::time::Duration;
    /// use linepay_hyper::HyperTransport;
    ///
    /// let transport = HyperTransport::builder().pool_idle_timeout(Duration::from_secs(90)).build();
    /// assert_eq!(transport.pool_idle_timeout(), Duration::from_secs(90));
    /// ```
    pub fn pool_idle_timeout(mut self, timeout: Duration) -> Self {
        self.pool_idle_timeout = timeout;
        self
    }

    /// The largest response body read, in bytes (default 1 MiB). A larger answer is an
    /// error of kind [`TooLarge`](crate::HyperErrorKind::TooLarge).
    ///
    /// ```
    /// use linepay_hyper::HyperTransport;
    ///
    /// let transport = HyperTransport::builder().max_response_bytes(64 * 1024).build();
    /// assert_eq!(transport.max_response_bytes(), 64 * 1024);
    /// ```
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Uses your own TLS configuration instead of ring + webpki-roots: another root store
    /// (a corporate CA, the OS verifier), another crypto provider, client certificates.
    ///
    /// Its ALPN protocols are replaced by `h2` and `http/1.1`, which the transport needs to
    /// negotiate HTTP/2.
    ///
    /// ```
    /// use std::sync::Arc;
    /// use linepay_hyper::{HyperTransport, rustls};
    ///
    /// let mut roots = rustls::RootCertStore::empty();
    /// // roots.add(your_ca_certificate)?;
    /// let config = rustls::ClientConfig::builder_with_provider(Arc::new(
    ///     rustls::crypto::ring::default_provider(),
    /// ))
    /// .with_safe_default_protocol_versions()?
    /// .with_root_certificates(roots)
    /// .with_no_client_auth();
    /// let transport = HyperTransport::builder().tls_config(config).build();
    /// # drop(transport);
    /// # Ok::<(), rustls::Error>(())
    /// ```
    pub fn tls_config(mut self, config: rustls::ClientConfig) -> Self {
        self.tls_config = Some(config);
        self
    }

    /// Builds the transport. Needs no runtime; the first [`send`](linepay_core::Transport::send)
    /// must run inside a Tokio runtime with the time driver enabled.
    ///
    /// ```
    /// use linepay_hyper::HyperTransport;
    ///
    /// let transport = HyperTransport::builder().build();
    /// let copy = transport.clone(); // shares the connection pool
    /// # drop((transport, copy));
    /// ```
    pub fn build(self) -> HyperTransport {
        let custom_tls = self.tls_config.is_some();
        let mut tls = self.tls_config.unwrap_or_else(default_tls_config);
        // hyper-rustls sets ALPN itself and refuses a config that already has some.
        tls.alpn_protocols.clear();

        let mut http = HttpConnector::new();
        // Let https:// through to the TLS layer wrapped around this connector.
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(self.connect_timeout));

        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            // http:// is for local servers (linepay-mock, tests); LINE Pay itself is https.
            .https_or_http()
            .enable_http1()
            .enable_http2()
            .wrap_connector(http);
        let connector = BoundedConnect::new(connector, self.connect_timeout);

        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(self.pool_idle_timeout)
            .pool_timer(TokioTimer::new())
            .timer(TokioTimer::new())
            .build(connector);

        HyperTransport::from_parts(
            client,
            crate::transport::Settings {
                connect_timeout: self.connect_timeout,
                pool_idle_timeout: self.pool_idle_timeout,
                max_response_bytes: self.max_response_bytes,
                custom_tls,
            },
        )
    }
}

impl Default for HyperTransportBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for HyperTransportBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HyperTransportBuilder")
            .field("connect_timeout", &self.connect_timeout)
            .field("pool_idle_timeout", &self.pool_idle_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field(
                "tls",
                &if self.tls_config.is_some() {
                    "custom"
                } else {
                    "ring + webpki-roots"
                },
            )
            .finish()
    }
}

/// ring, rustls' safe default protocol versions (TLS 1.3 and 1.2), Mozilla's roots.
fn default_tls_config() -> rustls::ClientConfig {
    rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .expect("ring supports TLS 1.3 and TLS 1.2")
        .with_webpki_roots()
        .with_no_client_auth()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_tls_config_builds() {
        let config = default_tls_config();
        assert!(config.alpn_protocols.is_empty());
    }

    #[test]
    fn a_custom_config_with_alpn_is_accepted() {
        let mut config = default_tls_config();
        config.alpn_protocols = vec![b"spdy/1".to_vec()];
        let transport = HyperTransportBuilder::new().tls_config(config).build();
        assert!(format!("{transport:?}").contains("custom"));
    }
}

//! [`HyperTransportBuilder`]: timeouts, the response-size limit and the TLS configuration.
//!
//! # TLS choices
//!
//! - **Crypto provider: [`aws-lc-rs`](rustls::crypto::aws_lc_rs)** (the default `aws-lc-rs`
//!   feature). It offers the post-quantum hybrid key exchange X25519MLKEM768 first, so a
//!   recording of today's traffic stays private from tomorrow's quantum computer, and falls
//!   back to X25519 and the NIST curves for servers that do not speak it. It builds with a C
//!   compiler alone. The `ring` feature swaps in ring for targets where aws-lc does not
//!   build (classical key exchange only; rustls deprecated it for that reason). The provider
//!   is passed to rustls explicitly ([`default_provider`]), so the transport works whatever
//!   other provider features the dependency tree enables, and installs no process-wide
//!   default.
//! - **Root store: [webpki-roots](https://docs.rs/webpki-roots).** Mozilla's trusted roots,
//!   compiled in: the same on every machine, and working in minimal containers that ship
//!   no CA bundle. LINE Pay's hosts use publicly trusted certificates.
//! - **Your own:** pass any [`rustls::ClientConfig`] to
//!   [`HyperTransportBuilder::tls_config`] (the OS verifier, a corporate root, client
//!   certificates), built on [`default_provider`] to keep the key exchange. [`rustls`] is
//!   re-exported from this crate so the version always matches.

#[cfg(not(any(feature = "aws-lc-rs", feature = "ring")))]
compile_error!(
    "linepay-hyper needs a crypto provider for rustls: enable its `aws-lc-rs` feature (the \
     default) or `ring` (through linepay: the `hyper` or `ring` feature)"
);

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
    /// response limit, TLS on [`default_provider`] with Mozilla's roots.
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

    /// Uses your own TLS configuration instead of [`default_provider`] with Mozilla's roots:
    /// another root store (a corporate CA, the OS verifier), client certificates, another
    /// crypto provider.
    ///
    /// Its ALPN protocols are replaced by `h2` and `http/1.1`, which the transport needs to
    /// negotiate HTTP/2.
    ///
    /// ```
    /// use linepay_hyper::{HyperTransport, default_provider, rustls};
    ///
    /// let mut roots = rustls::RootCertStore::empty();
    /// // roots.add(your_ca_certificate)?;
    /// let config = rustls::ClientConfig::builder_with_provider(default_provider())
    ///     .with_safe_default_protocol_versions()?
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

/// The ways to a transport, here with the builder so that the transport's module does not
/// need it.
impl HyperTransport {
    /// A transport with the defaults (see [`HyperTransportBuilder::new`]).
    ///
    /// ```
    /// use linepay_hyper::HyperTransport;
    ///
    /// let transport = HyperTransport::new();
    /// assert_eq!(transport.max_response_bytes(), 1024 * 1024);
    /// ```
    pub fn new() -> Self {
        HyperTransportBuilder::new().build()
    }

    /// A builder, to change timeouts, the response limit or the TLS configuration.
    ///
    /// ```
    /// use std::time::Duration;
    /// use linepay_hyper::HyperTransport;
    ///
    /// let transport = HyperTransport::builder().connect_timeout(Duration::from_secs(2)).build();
    /// assert_eq!(transport.connect_timeout(), Duration::from_secs(2));
    /// ```
    pub fn builder() -> HyperTransportBuilder {
        HyperTransportBuilder::new()
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
                    "default provider + webpki-roots"
                },
            )
            .finish()
    }
}

/// The crypto provider of the default TLS configuration: rustls' aws-lc-rs provider
/// (X25519MLKEM768 first) with the `aws-lc-rs` feature, ring with only the `ring` feature.
/// Build your own [`rustls::ClientConfig`] on it to keep the same key exchange and ciphers.
///
/// ```
/// use linepay_hyper::default_provider;
/// use linepay_hyper::rustls::NamedGroup;
///
/// let provider = default_provider();
/// # #[cfg(feature = "aws-lc-rs")]
/// assert_eq!(provider.kx_groups[0].name(), NamedGroup::X25519MLKEM768);
/// ```
pub fn default_provider() -> Arc<rustls::crypto::CryptoProvider> {
    #[cfg(feature = "aws-lc-rs")]
    let provider = rustls::crypto::aws_lc_rs::default_provider();
    // Deprecated by rustls for lacking post-quantum key exchange; called only where the
    // merchant chose ring because aws-lc does not build for their target.
    #[cfg(all(feature = "ring", not(feature = "aws-lc-rs")))]
    #[allow(deprecated)]
    let provider = rustls::crypto::ring::default_provider();
    Arc::new(provider)
}

/// [`default_provider`], rustls' safe default protocol versions (TLS 1.3 and 1.2), Mozilla's
/// roots.
fn default_tls_config() -> rustls::ClientConfig {
    rustls::ClientConfig::builder_with_provider(default_provider())
        .with_safe_default_protocol_versions()
        .expect("both providers support TLS 1.3 and TLS 1.2")
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

    #[cfg(feature = "aws-lc-rs")]
    #[test]
    fn the_default_config_offers_post_quantum_key_exchange_first() {
        let config = default_tls_config();
        let groups: Vec<_> = config
            .crypto_provider()
            .kx_groups
            .iter()
            .map(|g| g.name())
            .collect();
        assert_eq!(groups[0], rustls::NamedGroup::X25519MLKEM768, "{groups:?}");
        assert!(
            groups.contains(&rustls::NamedGroup::X25519),
            "classical fallback: {groups:?}"
        );
    }

    #[test]
    fn a_custom_config_with_alpn_is_accepted() {
        let mut config = default_tls_config();
        config.alpn_protocols = vec![b"spdy/1".to_vec()];
        let transport = HyperTransportBuilder::new().tls_config(config).build();
        assert!(format!("{transport:?}").contains("custom"));
    }
}

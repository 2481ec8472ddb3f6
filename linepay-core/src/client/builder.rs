//! Building a [`Client`]: credentials first, everything else optional.

use std::time::Duration;

use crate::client::{ApiVersion, Client, DeviceHeaders, Environment};
use crate::credentials::Credentials;
use crate::nonce::NonceSource;

/// Builds a [`Client`]. Start from [`Client::builder`].
///
/// ```
/// use std::time::Duration;
/// use linepay_core::{ApiVersion, Client, Credentials, Environment};
///
/// let client: Client = Client::builder(Credentials::new("1234567890", "secret")?)
///     .environment(Environment::custom("http://127.0.0.1:8787")?)
///     .api_version(ApiVersion::V3)
///     .read_timeout(Duration::from_secs(30))
///     .build();
/// assert_eq!(client.environment().base_url(), "http://127.0.0.1:8787");
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct ClientBuilder<T = ()> {
    pub(crate) credentials: Credentials,
    pub(crate) environment: Environment,
    pub(crate) nonce_source: NonceSource,
    pub(crate) api_version: ApiVersion,
    pub(crate) device: Option<DeviceHeaders>,
    pub(crate) read_timeout: Option<Duration>,
    pub(crate) transport: Option<T>,
}

impl<T> ClientBuilder<T> {
    pub(crate) fn new(credentials: Credentials) -> Self {
        Self {
            credentials,
            environment: Environment::Sandbox,
            nonce_source: NonceSource::Random,
            api_version: ApiVersion::V3,
            device: None,
            read_timeout: None,
            transport: None,
        }
    }

    /// Where requests go (default: [`Environment::Sandbox`], so nothing is charged by mistake).
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = environment;
        self
    }

    /// Where nonces come from (default: a random UUID v4 per request).
    pub fn nonce_source(mut self, nonce_source: NonceSource) -> Self {
        self.nonce_source = nonce_source;
        self
    }

    /// The API version in the path (default: [`ApiVersion::V3`]).
    pub fn api_version(mut self, version: ApiVersion) -> Self {
        self.api_version = version;
        self
    }

    /// Sends the merchant-device headers with every request.
    pub fn device_headers(mut self, device: DeviceHeaders) -> Self {
        self.device = Some(device);
        self
    }

    /// One read timeout for every call, instead of each endpoint's recommended one.
    pub fn read_timeout(mut self, read_timeout: Duration) -> Self {
        self.read_timeout = Some(read_timeout);
        self
    }

    /// Sends through `transport` (default: `T::default()`).
    pub fn transport<U>(self, transport: U) -> ClientBuilder<U> {
        ClientBuilder {
            credentials: self.credentials,
            environment: self.environment,
            nonce_source: self.nonce_source,
            api_version: self.api_version,
            device: self.device,
            read_timeout: self.read_timeout,
            transport: Some(transport),
        }
    }

    /// The client, with the transport given or the default one.
    pub fn build(self) -> Client<T>
    where
        T: Default,
    {
        Client {
            credentials: self.credentials,
            environment: self.environment,
            nonce_source: self.nonce_source,
            api_version: self.api_version,
            device: self.device,
            read_timeout: self.read_timeout,
            transport: self.transport.unwrap_or_default(),
        }
    }
}

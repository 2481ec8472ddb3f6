//! Building a [`Client`]: credentials first, everything else optional.

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use crate::client::{ApiVersion, Client, DeviceHeaders, Environment};
use crate::clock::{Clock, SystemClock};
use crate::credentials::Credentials;
use crate::nonce::NonceSource;
use crate::retry::{RetryBudget, RetryPolicy};
use crate::validation::Validation;

/// Builds a [`Client`]: from [`ClientBuilder::new`] (no transport, or one given to
/// [`ClientBuilder::build_with`]), or from [`Client::builder`] when the client type, and so
/// its default transport, is already known (as with `linepay::Client`).
///
/// `T` is the transport [`ClientBuilder::build`] constructs with `T::default()`.
///
/// ```
/// use std::time::Duration;
/// use linepay_core::{ApiVersion, ClientBuilder, Credentials, Environment};
///
/// let client = ClientBuilder::new(Credentials::new("1234567890", "secret")?)
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
    pub(crate) retry_policy: RetryPolicy,
    pub(crate) retry_budget: RetryBudget,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) validation: Validation,
    transport: PhantomData<fn() -> T>,
}

impl ClientBuilder {
    /// A builder for a client without a transport (prepare and decode only) or, through
    /// [`ClientBuilder::build_with`], with any transport.
    pub fn new(credentials: Credentials) -> Self {
        Self::for_transport(credentials)
    }
}

impl<T> ClientBuilder<T> {
    pub(crate) fn for_transport(credentials: Credentials) -> Self {
        Self {
            credentials,
            environment: Environment::Sandbox,
            nonce_source: NonceSource::Random,
            api_version: ApiVersion::V3,
            device: None,
            read_timeout: None,
            retry_policy: RetryPolicy::default(),
            retry_budget: RetryBudget::default(),
            clock: Arc::new(SystemClock),
            validation: Validation::Enforce,
            transport: PhantomData,
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

    /// When [`Client::send`] sends a failed call again (default: [`RetryPolicy::default`], 3
    /// attempts in total; [`RetryPolicy::none`] turns retries off). Which failures are
    /// retried at all is fixed: see [`retry`](crate::retry).
    ///
    /// ```
    /// use linepay_core::{ClientBuilder, Credentials, RetryPolicy};
    ///
    /// let client = ClientBuilder::new(Credentials::new("1234567890", "secret")?)
    ///     .retry_policy(RetryPolicy::default().with_max_attempts(5))
    ///     .build();
    /// assert_eq!(client.retry_policy().max_attempts(), 5);
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = policy;
        self
    }

    /// The bucket of retries the client may spend (default: [`RetryBudget::default`], 10
    /// retries, a tenth of one earned back per success). The built client and its clones
    /// share it.
    pub fn retry_budget(mut self, budget: RetryBudget) -> Self {
        self.retry_budget = budget;
        self
    }

    /// The clock recovery reads its deadlines from (default: [`SystemClock`]).
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// What a request that breaks a client-side rule does (default:
    /// [`Validation::Enforce`], refused before sending); see [`Validation`].
    pub fn validation(mut self, validation: Validation) -> Self {
        self.validation = validation;
        self
    }

    /// The client, with a default-constructed transport of type `T`.
    pub fn build(self) -> Client<T>
    where
        T: Default,
    {
        self.build_with(T::default())
    }

    /// The client, sending through `transport`.
    ///
    /// ```
    /// use linepay_core::{ClientBuilder, Credentials};
    ///
    /// #[derive(Debug)]
    /// struct MyStack;
    ///
    /// let client = ClientBuilder::new(Credentials::new("1234567890", "secret")?).build_with(MyStack);
    /// assert!(matches!(client.transport(), MyStack));
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    pub fn build_with<U>(self, transport: U) -> Client<U> {
        Client {
            base: super::base_parts(&self.environment),
            channel_id_header: super::channel_id_header(&self.credentials),
            credentials: self.credentials,
            environment: self.environment,
            nonce_source: self.nonce_source,
            api_version: self.api_version,
            device: self.device,
            read_timeout: self.read_timeout,
            retry_policy: self.retry_policy,
            retry_budget: Arc::new(self.retry_budget),
            clock: self.clock,
            validation: self.validation,
            transport,
        }
    }
}

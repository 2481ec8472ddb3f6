//! The client: endpoint in, signed `http::Request<Bytes>` out; `http::Response<Bytes>` in,
//! typed response out ([`Client::prepare`], [`decode_response`]) — no I/O, so any HTTP stack,
//! sync or async, can drive it. With a [`Transport`], [`Client::send`] does both and the I/O
//! in between, and sends a failed call again when [`retry`](crate::retry) says it may.
//!
//! - [`builder`]: the builder.
//! - [`environment`]: base URL and API version.
//! - [`device`]: the merchant-device headers.
//! - [`decode`]: reading LINE Pay's answers.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Request, Response, Uri};

use crate::credentials::Credentials;
use crate::endpoint::{Endpoint, Payload};
use crate::error::{Error, InvalidField};
use crate::nonce::{Nonce, NonceSource};
use crate::retry::{CallKind, Decision, Outcome, RetryBudget, RetryPolicy};
use crate::signing::{CHANNEL_ID_HEADER, sign_request};
use crate::transport::Transport;

pub mod builder;
pub mod decode;
pub mod device;
pub mod environment;

pub use builder::ClientBuilder;
pub use decode::decode_response;
pub use device::{DEVICE_PROFILE_ID_HEADER, DEVICE_TYPE_HEADER, DeviceHeaders};
pub use environment::{ApiVersion, CustomBaseUrl, Environment};

/// A LINE Pay client: signs requests, decodes answers, and with a [`Transport`] sends them.
///
/// `T` is the transport; the default `()` is a client that only prepares and decodes
/// (sans-IO). The `linepay` crate's `Client` is this type with its hyper transport.
///
/// ```
/// use linepay_core::{Client, Credentials, Nonce, NonceSource, api::v3::PaymentDetails, TransactionId};
///
/// let client: Client = Client::builder(Credentials::new("1234567890", "a917ab6a2367b536f8e5a6e2977e06f4")?)
///     .nonce_source(NonceSource::Fixed(Nonce::fixed("44453d45-768e-40e8-8349-748e797c450f")?))
///     .build();
/// let details = PaymentDetails {
///     transaction_id: vec![TransactionId::new(2021121600698709710)],
///     ..PaymentDetails::default()
/// };
/// let request = client.prepare(&details)?;
/// assert_eq!(request.uri().query(), Some("transactionId=2021121600698709710"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct Client<T = ()> {
    credentials: Credentials,
    environment: Environment,
    nonce_source: NonceSource,
    api_version: ApiVersion,
    device: Option<DeviceHeaders>,
    read_timeout: Option<Duration>,
    retry_policy: RetryPolicy,
    /// Shared by the clones of this client.
    retry_budget: Arc<RetryBudget>,
    transport: T,
}

impl<T> Client<T> {
    /// A builder with the sandbox environment and random nonces, for this client type (use
    /// [`ClientBuilder::new`] when the type is not known from the context).
    pub fn builder(credentials: Credentials) -> ClientBuilder<T> {
        ClientBuilder::for_transport(credentials)
    }

    /// A client for the LINE Pay sandbox with the default transport.
    ///
    /// ```
    /// use linepay_core::Client;
    ///
    /// let client: Client = Client::sandbox("1234567890", "secret")?;
    /// assert_eq!(client.environment().base_url(), "https://sandbox-api-pay.line.me");
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    pub fn sandbox(
        channel_id: impl Into<String>,
        channel_secret: impl Into<String>,
    ) -> Result<Self, InvalidField>
    where
        T: Default,
    {
        let credentials = Credentials::new(channel_id, channel_secret)?;
        Ok(Self::builder(credentials).build())
    }

    /// A client for production LINE Pay (real money) with the default transport.
    ///
    /// ```
    /// use linepay_core::Client;
    ///
    /// let client: Client = Client::production("1234567890", "secret")?;
    /// assert_eq!(client.environment().base_url(), "https://api-pay.line.me");
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    pub fn production(
        channel_id: impl Into<String>,
        channel_secret: impl Into<String>,
    ) -> Result<Self, InvalidField>
    where
        T: Default,
    {
        let credentials = Credentials::new(channel_id, channel_secret)?;
        Ok(Self::builder(credentials)
            .environment(Environment::Production)
            .build())
    }

    /// The environment requests go to.
    pub fn environment(&self) -> &Environment {
        &self.environment
    }

    /// The credentials requests are signed with.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// When [`Client::send`] sends a failed call again.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry_policy
    }

    /// The retries this client (and its clones, which share it) may still spend.
    pub fn retry_budget(&self) -> &RetryBudget {
        &self.retry_budget
    }

    /// The read timeout a call to `E` gets: the client's override, or `E`'s recommended one.
    pub fn read_timeout_for<E: Endpoint>(&self) -> Duration {
        self.read_timeout.unwrap_or(E::READ_TIMEOUT)
    }

    /// Builds and signs the request for `endpoint` with the next nonce.
    pub fn prepare<E: Endpoint>(&self, endpoint: &E) -> Result<Request<Bytes>, InvalidField> {
        self.prepare_with_nonce(endpoint, &self.nonce_source.next())
    }

    /// Builds and signs the request for `endpoint` with a given nonce.
    ///
    /// The payload is encoded once; the URI and body are built from it, and the signature is
    /// then computed from the finished request's own path and payload.
    pub fn prepare_with_nonce<E: Endpoint>(
        &self,
        endpoint: &E,
        nonce: &Nonce,
    ) -> Result<Request<Bytes>, InvalidField> {
        let payload = endpoint.payload()?;
        let base = self.environment.base_url();
        let query_len = match &payload {
            Payload::Query(query) => query.len() + 1,
            _ => 0,
        };
        let mut uri = String::with_capacity(base.len() + E::PATH.len() + 24 + query_len);
        uri.push_str(base);
        let path_start = uri.len();
        endpoint.write_path(&mut uri);
        self.apply_api_version(&mut uri, path_start);
        let body = match payload {
            Payload::Json(body) => body,
            Payload::Query(query) => {
                uri.push('?');
                uri.push_str(&query);
                Bytes::new()
            }
            Payload::Empty => Bytes::new(),
        };
        let uri = Uri::try_from(uri)
            .map_err(|e| InvalidField::new("path", format!("does not form a valid URI: {e}")))?;

        let mut request = Request::new(body);
        *request.method_mut() = E::METHOD;
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let channel_id = HeaderValue::from_str(self.credentials.channel_id().as_str())
            .map_err(|_| InvalidField::new("channelId", "must be a valid header value"))?;
        headers.insert(CHANNEL_ID_HEADER, channel_id);
        if let Some(device) = &self.device {
            headers.insert(DEVICE_PROFILE_ID_HEADER, device.profile_id.clone());
            headers.insert(DEVICE_TYPE_HEADER, device.device_type.clone());
        }
        sign_request(&mut request, self.credentials.channel_secret(), nonce);
        Ok(request)
    }

    /// Rewrites the leading `/v3/` of the path written at `path_start` to the configured
    /// version.
    fn apply_api_version(&self, uri: &mut String, path_start: usize) {
        let version = self.api_version.segment();
        let segment = path_start + 1..path_start + 3;
        if uri[path_start..].starts_with("/v3/") && &uri[segment.clone()] != version {
            uri.replace_range(segment, version);
        }
    }

    /// Decodes a response to `E` (same as [`decode_response`]).
    pub fn decode<E: Endpoint>(&self, response: &Response<Bytes>) -> Result<E::Response, Error> {
        decode_response::<E>(response)
    }
}

impl<T: Transport> Client<T> {
    /// Prepares, sends and decodes one call, with the endpoint's recommended read timeout
    /// (or the client's override), and sends it again when that is safe.
    ///
    /// A failed attempt is sent again only when [`RetryPolicy::decide`] allows it (see
    /// [`retry`](crate::retry) for the table), the client's [`RetryBudget`] has a token left,
    /// and after the jittered delay, waited with [`Transport::sleep`]. In short: anything
    /// that surely never left ([`Delivery::NotSent`](crate::Delivery::NotSent)) and reads
    /// after a timeout, a lost connection, a 5xx page or `9000`; Void and Refund on `1900`,
    /// `1902` and `1999`; **never** a call that changes state once it may have reached LINE
    /// Pay. Each attempt carries a fresh nonce (unless the client's [`NonceSource`] is
    /// `Fixed`) and its own signature over the same body bytes, which are encoded once,
    /// before the first attempt. When the call gives up, the error is the last attempt's.
    ///
    /// ```no_run
    /// # async fn run<T: linepay_core::Transport>(client: linepay_core::Client<T>) -> Result<(), Box<dyn std::error::Error>> {
    /// use linepay_core::api::v3::CheckPaymentStatus;
    /// use linepay_core::TransactionId;
    ///
    /// let status = client
    ///     .send(&CheckPaymentStatus { transaction_id: TransactionId::new(2019049910005496810) })
    ///     .await?;
    /// println!("{status:?}");
    /// # Ok(())
    /// # }
    /// ```
    pub fn send<E: Endpoint>(
        &self,
        endpoint: &E,
    ) -> impl Future<Output = Result<E::Response, Error<T::Error>>> + Send + use<'_, T, E> {
        self.send_with_timeout(endpoint, self.read_timeout_for::<E>())
    }

    /// [`Client::send`] with a read timeout for this call only (for each attempt).
    pub fn send_with_timeout<E: Endpoint>(
        &self,
        endpoint: &E,
        read_timeout: Duration,
    ) -> impl Future<Output = Result<E::Response, Error<T::Error>>> + Send + use<'_, T, E> {
        // Prepared before the future exists, so the future does not borrow the endpoint; the
        // payload is encoded here, once, however many attempts follow.
        let prepared = self.prepare(endpoint);
        let call = CallKind::of::<E>();
        async move {
            let mut request = prepared?;
            let mut attempt: u32 = 1;
            loop {
                // The next attempt's request: the same URI, headers and body (a `Bytes`
                // clone shares the bytes), re-signed below with a new nonce.
                let spare = (attempt < self.retry_policy.max_attempts()).then(|| request.clone());
                let error = match self.attempt::<E>(request, read_timeout).await {
                    Ok(response) => {
                        self.retry_budget.record_success();
                        return Ok(response);
                    }
                    Err(error) => error,
                };
                let decision =
                    self.retry_policy
                        .decide(attempt, call, &Outcome::of(&error), fastrand::f64());
                let (Decision::RetryAfter(delay), Some(mut next)) = (decision, spare) else {
                    return Err(error);
                };
                if !self.retry_budget.try_acquire() {
                    return Err(error);
                }
                self.transport.sleep(delay).await;
                sign_request(
                    &mut next,
                    self.credentials.channel_secret(),
                    &self.nonce_source.next(),
                );
                request = next;
                attempt += 1;
            }
        }
    }

    /// One attempt: send the signed request, decode the answer.
    async fn attempt<E: Endpoint>(
        &self,
        request: Request<Bytes>,
        read_timeout: Duration,
    ) -> Result<E::Response, Error<T::Error>> {
        let response = self
            .transport
            .send(request, read_timeout)
            .await
            .map_err(Error::Transport)?;
        decode_response::<E>(&response).map_err(Error::with_transport)
    }
}

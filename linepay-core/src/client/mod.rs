//! The client: endpoint in, signed `http::Request<Bytes>` out; `http::Response<Bytes>` in,
//! typed response out ([`Client::prepare`], [`decode_response`]) — no I/O, so any HTTP stack,
//! sync or async, can drive it. With a [`Transport`](crate::Transport), [`Client::send`] does both and the I/O
//! in between, and sends a failed call again when [`retry`](crate::retry) says it may.
//!
//! - [`builder`]: the builder.
//! - [`environment`]: the base URL.
//! - [`device`]: the merchant-device headers.
//! - [`decode`]: reading LINE Pay's answers.
//! - `send`: sending, and sending again when that is safe.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use bytes::BytesMut;
use http::header::{CONTENT_TYPE, HeaderValue};
use http::uri::{self, Authority, PathAndQuery, Scheme};
use http::{Request, Response, Uri};

use crate::clock::Clock;
use crate::credentials::Credentials;
use crate::endpoint::{Endpoint, PayloadKind};
use crate::error::{Error, InvalidField, Rule};
use crate::nonce::{Nonce, NonceSource, RANDOM_BUFFER, RANDOM_LEN, random_text};
use crate::retry::{RetryBudget, RetryPolicy};
use crate::signing::{CHANNEL_ID_HEADER, SIGNATURE_LEN, request_signature, set_authorization};
use crate::validation::Validation;

pub mod builder;
pub mod decode;
pub mod device;
pub mod environment;
mod scratch;
mod send;

use scratch::with_scratch;

pub use crate::endpoint::ApiVersion;
pub use builder::ClientBuilder;
pub use decode::decode_response;
pub use device::{DEVICE_PROFILE_ID_HEADER, DEVICE_TYPE_HEADER, DeviceHeaders};
pub use environment::{CustomBaseUrl, Environment};

/// A LINE Pay client: signs requests, decodes answers, and with a [`Transport`](crate::Transport) sends them.
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
    /// Recovery's deadlines are read from it.
    clock: Arc<dyn Clock>,
    /// Whether a broken client-side rule refuses the request.
    validation: Validation,
    /// The environment's scheme and authority, parsed once (`None` only for a base URL that
    /// does not parse, which `Environment` does not let through).
    base: Option<(Scheme, Authority)>,
    /// `X-LINE-ChannelId`, built once; its clones share the bytes.
    channel_id_header: HeaderValue,
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

    /// The clock recovery reads its deadlines from ([`ClientBuilder::clock`]).
    pub fn clock(&self) -> &dyn Clock {
        &*self.clock
    }

    /// What a request that breaks a client-side rule does ([`ClientBuilder::validation`]).
    pub fn validation(&self) -> Validation {
        self.validation
    }

    /// The read timeout a call to `E` gets: the client's override, or `E`'s recommended one.
    pub fn read_timeout_for<E: Endpoint>(&self) -> Duration {
        self.read_timeout.unwrap_or(E::READ_TIMEOUT)
    }

    /// Builds and signs the request for `endpoint` with the next nonce.
    pub fn prepare<E: Endpoint>(&self, endpoint: &E) -> Result<Request<Bytes>, InvalidField> {
        match &self.nonce_source {
            // The fresh UUID is written into the request's own header buffer.
            NonceSource::Random => self.build_request(endpoint, None),
            NonceSource::Fixed(nonce) => self.build_request(endpoint, Some(nonce)),
        }
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
        self.build_request(endpoint, Some(nonce))
    }

    /// [`Client::prepare_with_nonce`], or with a fresh random nonce when `nonce` is `None`.
    ///
    /// Heap use per call (asserted in `tests/prepare_allocations.rs`): one buffer holding the
    /// path and query, the body, the random nonce and the signature, plus the shared header
    /// `bytes` gives it when it is first split (the URI path, the body and both header
    /// values are slices of it); and the header map's index and entries. The scheme,
    /// authority and channel id header are the client's, shared.
    fn build_request<E: Endpoint>(
        &self,
        endpoint: &E,
        nonce: Option<&Nonce>,
    ) -> Result<Request<Bytes>, InvalidField> {
        // The version first: a field or an endpoint LINE Pay's version does not have is refused
        // whatever the validation mode.
        let version = self.api_version;
        if E::PATHS.get(version).is_none() {
            return Err(InvalidField::new(E::PATH, Rule::NotInVersion { version }));
        }
        endpoint.check_version(version)?;
        self.validation.apply(endpoint.validate())?;
        let nonce_len = if nonce.is_some() { 0 } else { RANDOM_LEN };
        let (mut buffer, path_len, body_len) = with_scratch(|scratch| {
            let kind = endpoint.write_payload(&mut scratch.payload)?;
            endpoint.write_path(version, &mut scratch.path);
            let (query, body) = match kind {
                PayloadKind::Json => (&[][..], &scratch.payload[..]),
                PayloadKind::Query => (&scratch.payload[..], &[][..]),
            };
            // `?` only before a query that is there: an empty one is signed as "".
            let path_len = scratch.path.len() + if query.is_empty() { 0 } else { 1 + query.len() };
            let mut buffer =
                BytesMut::with_capacity(path_len + body.len() + nonce_len + SIGNATURE_LEN);
            buffer.extend_from_slice(scratch.path.as_bytes());
            if !query.is_empty() {
                buffer.extend_from_slice(b"?");
                buffer.extend_from_slice(query);
            }
            buffer.extend_from_slice(body);
            Ok::<_, InvalidField>((buffer, path_len, body.len()))
        })?;
        let path_and_query = PathAndQuery::from_maybe_shared(buffer.split_to(path_len).freeze())
            .map_err(|e| InvalidField::new("path", format!("does not form a valid URI: {e}")))?;
        let body = buffer.split_to(body_len).freeze();
        let Some((scheme, authority)) = self.base.clone() else {
            return Err(InvalidField::new("baseUrl", "is not a valid URL"));
        };
        let mut parts = uri::Parts::default();
        parts.scheme = Some(scheme);
        parts.authority = Some(authority);
        parts.path_and_query = Some(path_and_query);
        let uri = Uri::from_parts(parts)
            .map_err(|e| InvalidField::new("path", format!("does not form a valid URI: {e}")))?;

        let nonce = match nonce {
            Some(nonce) => nonce.header_value(),
            None => {
                let mut text = RANDOM_BUFFER;
                buffer.extend_from_slice(random_text(&mut text).as_bytes());
                HeaderValue::from_maybe_shared(buffer.split_to(RANDOM_LEN).freeze())
                    .unwrap_or_else(|_| unreachable!("a UUID is a valid header value"))
            }
        };

        let mut request = Request::new(body);
        *request.method_mut() = E::METHOD;
        *request.uri_mut() = uri;
        let headers = request.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        headers.insert(CHANNEL_ID_HEADER, self.channel_id_header.clone());
        if let Some(device) = &self.device {
            headers.insert(DEVICE_PROFILE_ID_HEADER, device.profile_id.clone());
            headers.insert(DEVICE_TYPE_HEADER, device.device_type.clone());
        }
        // Signed over the finished request's own path and payload, and the nonce as sent.
        let signature = request_signature(
            &request,
            self.credentials.channel_secret(),
            nonce.to_str().unwrap_or_default(),
        );
        buffer.extend_from_slice(signature.as_str().as_bytes());
        let signature = HeaderValue::from_maybe_shared(buffer.freeze())
            .unwrap_or_else(|_| unreachable!("Base64 is a valid header value"));
        set_authorization(&mut request, nonce, signature);
        Ok(request)
    }

    /// Decodes a response to `E` (same as [`decode_response`]).
    pub fn decode<E: Endpoint>(&self, response: &Response<Bytes>) -> Result<E::Response, Error> {
        decode_response::<E>(response)
    }
}

/// The scheme and authority of `environment`'s base URL.
pub(crate) fn base_parts(environment: &Environment) -> Option<(Scheme, Authority)> {
    let uri = match environment {
        Environment::Sandbox | Environment::Production => {
            // Static: clones of the authority copy nothing.
            Uri::from_static(match environment {
                Environment::Production => "https://api-pay.line.me",
                _ => "https://sandbox-api-pay.line.me",
            })
        }
        Environment::Custom(_) => Uri::try_from(environment.base_url()).ok()?,
    };
    let uri::Parts {
        scheme, authority, ..
    } = uri.into_parts();
    Some((scheme?, authority?))
}

/// The `X-LINE-ChannelId` value of `credentials`.
pub(crate) fn channel_id_header(credentials: &Credentials) -> HeaderValue {
    HeaderValue::from_str(credentials.channel_id().as_str())
        .unwrap_or_else(|_| unreachable!("a channel id is digits only"))
}

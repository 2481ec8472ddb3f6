//! The sans-IO client: endpoint in, signed `http::Request<Bytes>` out; `http::Response<Bytes>`
//! in, typed response out. Any HTTP stack, sync or async, can drive these two functions.

use bytes::Bytes;
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use http::{Request, Response, StatusCode, Uri};

use crate::credentials::Credentials;
use crate::endpoint::{Endpoint, Payload};
use crate::envelope::Envelope;
use crate::error::{DecodeError, Error, InvalidField, snippet};
use crate::nonce::{Nonce, NonceSource};
use crate::signing::{CHANNEL_ID_HEADER, sign_request};

/// Header naming the merchant's device profile (sent together with the device type).
pub const DEVICE_PROFILE_ID_HEADER: HeaderName =
    HeaderName::from_static("x-line-merchantdeviceprofileid");
/// Header naming the merchant's device type.
pub const DEVICE_TYPE_HEADER: HeaderName = HeaderName::from_static("x-line-merchantdevicetype");

/// Which LINE Pay to talk to.
///
/// ```
/// use linepay_core::Environment;
///
/// assert_eq!(Environment::Sandbox.base_url(), "https://sandbox-api-pay.line.me");
/// let local = Environment::custom("http://127.0.0.1:8787/")?;
/// assert_eq!(local.base_url(), "http://127.0.0.1:8787");
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Environment {
    /// `https://sandbox-api-pay.line.me`: test payments.
    Sandbox,
    /// `https://api-pay.line.me`: real money.
    Production,
    /// Another base URL, such as a local linepay-mock. Build it with [`Environment::custom`].
    Custom(CustomBaseUrl),
}

/// A validated base URL: scheme and authority, no path, query or fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomBaseUrl(String);

impl Environment {
    /// A custom base URL such as `http://127.0.0.1:8787`. A trailing `/` is dropped; a path,
    /// query or fragment is refused, because LINE Pay signs the path from `/v3/` on.
    pub fn custom(base_url: &str) -> Result<Self, InvalidField> {
        let trimmed = base_url.strip_suffix('/').unwrap_or(base_url);
        let invalid = |rule| InvalidField::new("baseUrl", rule);
        let uri: Uri = trimmed
            .parse()
            .map_err(|_| invalid("must be an absolute URL such as http://127.0.0.1:8787"))?;
        if uri.scheme().is_none() || uri.authority().is_none() {
            return Err(invalid(
                "must have a scheme and a host, such as http://127.0.0.1:8787",
            ));
        }
        if !matches!(uri.path(), "" | "/") || uri.query().is_some() || trimmed.contains('#') {
            return Err(invalid("must not have a path, query or fragment"));
        }
        Ok(Self::Custom(CustomBaseUrl(trimmed.to_owned())))
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        match self {
            Environment::Sandbox => "https://sandbox-api-pay.line.me",
            Environment::Production => "https://api-pay.line.me",
            Environment::Custom(CustomBaseUrl(url)) => url,
        }
    }
}

/// The API version in the path: `/v3/...` (the default) or `/v4/...`.
///
/// Endpoints are declared with `/v3/` templates; a client set to [`ApiVersion::V4`] sends
/// them under `/v4/`, which is where v4 differs least. Fields that only v4 has need
/// endpoints of their own.
///
/// ```
/// use linepay_core::{ApiVersion, Client, Credentials, api::v3::ConfirmPayment, Amount, Currency, TransactionId};
///
/// let client = Client::builder(Credentials::new("1234567890", "secret")?)
///     .api_version(ApiVersion::V4)
///     .build();
/// let confirm = ConfirmPayment {
///     transaction_id: TransactionId::new(1),
///     amount: Amount::whole(100),
///     currency: Currency::Twd,
/// };
/// assert_eq!(client.prepare(&confirm)?.uri().path(), "/v4/payments/1/confirm");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiVersion {
    /// `/v3/`.
    #[default]
    V3,
    /// `/v4/`.
    V4,
}

impl ApiVersion {
    /// The path segment: `v3` or `v4`.
    pub fn segment(self) -> &'static str {
        match self {
            ApiVersion::V3 => "v3",
            ApiVersion::V4 => "v4",
        }
    }
}

/// The optional merchant-device headers; LINE Pay wants both or neither.
///
/// ```
/// use linepay_core::DeviceHeaders;
///
/// let device = DeviceHeaders::new("POS-0042", "POS")?;
/// assert!(DeviceHeaders::new("POS-0042", "bad\nvalue").is_err());
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceHeaders {
    profile_id: HeaderValue,
    device_type: HeaderValue,
}

impl DeviceHeaders {
    /// Checks that both values can be sent as headers.
    pub fn new(profile_id: &str, device_type: &str) -> Result<Self, InvalidField> {
        let value = |field: &'static str, text: &str| {
            HeaderValue::from_str(text)
                .map_err(|_| InvalidField::new(field, "must be visible ASCII without line breaks"))
        };
        Ok(Self {
            profile_id: value("merchantDeviceProfileId", profile_id)?,
            device_type: value("merchantDeviceType", device_type)?,
        })
    }
}

/// Builds a [`Client`].
///
/// ```
/// use linepay_core::{Client, Credentials, Environment};
///
/// let client = Client::builder(Credentials::new("1234567890", "secret")?)
///     .environment(Environment::custom("http://127.0.0.1:8787")?)
///     .build();
/// assert_eq!(client.environment().base_url(), "http://127.0.0.1:8787");
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[derive(Clone, Debug)]
pub struct ClientBuilder {
    client: Client,
}

impl ClientBuilder {
    /// Where requests go (default: [`Environment::Sandbox`], so nothing is charged by mistake).
    #[must_use]
    pub fn environment(mut self, environment: Environment) -> Self {
        self.client.environment = environment;
        self
    }

    /// Where nonces come from (default: a random UUID v4 per request).
    #[must_use]
    pub fn nonce_source(mut self, nonce_source: NonceSource) -> Self {
        self.client.nonce_source = nonce_source;
        self
    }

    /// The API version in the path (default: [`ApiVersion::V3`]).
    #[must_use]
    pub fn api_version(mut self, version: ApiVersion) -> Self {
        self.client.api_version = version;
        self
    }

    /// Sends the merchant-device headers with every request.
    #[must_use]
    pub fn device_headers(mut self, device: DeviceHeaders) -> Self {
        self.client.device = Some(device);
        self
    }

    /// The client.
    pub fn build(self) -> Client {
        self.client
    }
}

/// Signs LINE Pay requests and decodes their responses, without doing any I/O.
///
/// ```
/// use linepay_core::{Client, Credentials, Nonce, NonceSource, api::v3::PaymentDetails, TransactionId};
///
/// let client = Client::builder(Credentials::new("1234567890", "a917ab6a2367b536f8e5a6e2977e06f4")?)
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
pub struct Client {
    credentials: Credentials,
    environment: Environment,
    nonce_source: NonceSource,
    api_version: ApiVersion,
    device: Option<DeviceHeaders>,
}

impl Client {
    /// A builder with the sandbox environment and random nonces.
    pub fn builder(credentials: Credentials) -> ClientBuilder {
        ClientBuilder {
            client: Client {
                credentials,
                environment: Environment::Sandbox,
                nonce_source: NonceSource::Random,
                api_version: ApiVersion::V3,
                device: None,
            },
        }
    }

    /// The environment requests go to.
    pub fn environment(&self) -> &Environment {
        &self.environment
    }

    /// The credentials requests are signed with.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
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

/// Decodes LINE Pay's answer to `E`.
///
/// LINE Pay answers every call with HTTP 200 and a JSON envelope. Anything else (a 5xx page
/// from a proxy, an empty body) is [`Error::Http`]; JSON that does not decode (truncated,
/// wrong shape) is [`Error::Decode`]; a return code other than success is [`Error::Api`].
///
/// ```
/// use bytes::Bytes;
/// use linepay_core::{decode_response, api::v3::ConfirmPayment, Error};
///
/// let page = http::Response::builder().status(502).body(Bytes::from_static(b"<html>Bad Gateway</html>"))?;
/// let error = decode_response::<ConfirmPayment>(&page).unwrap_err();
/// assert!(matches!(error, Error::Http { status, .. } if status == 502));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn decode_response<E: Endpoint>(response: &Response<Bytes>) -> Result<E::Response, Error> {
    let body = response.body();
    let status = response.status();
    let looks_like_json = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if status != StatusCode::OK || !looks_like_json {
        return Err(Error::Http {
            status,
            snippet: snippet(body),
        });
    }
    let envelope = Envelope::from_slice(body).map_err(|e| DecodeError::new(e, body))?;
    E::decode_response(envelope)
}

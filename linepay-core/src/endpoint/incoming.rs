//! The server side of an endpoint: a received request decoded back into the struct
//! ([`IncomingRequest`], feature `server`), and why that fails ([`RequestDecodeError`], also
//! what [`QueryField::from_query`](crate::endpoint::params::QueryField::from_query) returns).

use std::borrow::Cow;

use http::Method;

/// Why a received request does not decode into an endpoint.
///
/// ```
/// use linepay_core::endpoint::RequestDecodeError;
///
/// let error = RequestDecodeError::invalid("amount", "is required");
/// assert_eq!(error.to_string(), "parameter `amount` is invalid: is required");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RequestDecodeError {
    /// The method is not the endpoint's.
    #[error("method {found} does not match the endpoint's {expected}")]
    WrongMethod {
        /// The endpoint's method.
        expected: Method,
        /// The received method.
        found: Method,
    },
    /// The path does not fit the endpoint's template.
    #[error("path `{path}` does not match `{template}`")]
    PathMismatch {
        /// The endpoint's template.
        template: &'static str,
        /// The received path.
        path: String,
    },
    /// The body is not a JSON object (LINE Pay answers 2102).
    #[error("the body is not a JSON object: {0}")]
    MalformedJson(String),
    /// A parameter is missing or breaks its rule (LINE Pay answers 2101).
    #[error("parameter `{name}` is invalid: {reason}")]
    InvalidParameter {
        /// The wire name of the parameter.
        name: &'static str,
        /// What is wrong with it.
        reason: Cow<'static, str>,
    },
}

impl RequestDecodeError {
    /// A parameter that is missing or breaks a rule.
    pub fn invalid(name: &'static str, reason: impl Into<Cow<'static, str>>) -> Self {
        Self::InvalidParameter {
            name,
            reason: reason.into(),
        }
    }
}

/// An endpoint a server can decode from a received request: the inverse of
/// [`Endpoint::write_path`](crate::Endpoint::write_path) and
/// [`Endpoint::payload`](crate::Endpoint::payload). Implemented by
/// [`linepay_endpoint`](crate::linepay_endpoint) with the `server` feature.
///
/// ```
/// use bytes::Bytes;
/// use linepay_core::{IncomingRequest, api::v3::ConfirmPayment, Amount};
///
/// let request = http::Request::post("/v3/payments/2019049910005496810/confirm")
///     .body(Bytes::from_static(br#"{"amount":100,"currency":"TWD"}"#))
///     .unwrap();
/// let confirm = ConfirmPayment::from_http_request(&request)?;
/// assert_eq!(confirm.transaction_id.get(), 2019049910005496810);
/// assert_eq!(confirm.amount, Amount::whole(100));
/// # Ok::<(), linepay_core::endpoint::RequestDecodeError>(())
/// ```
#[cfg(feature = "server")]
pub trait IncomingRequest: crate::Endpoint + Sized {
    /// Decodes the endpoint from a request path (no query) and its payload: the JSON body of
    /// a POST or the raw query string of a GET.
    fn decode_request(path: &str, payload: &[u8]) -> Result<Self, RequestDecodeError>;

    /// Checks the method, then decodes path and payload from `request`.
    fn from_http_request(
        request: &http::Request<bytes::Bytes>,
    ) -> Result<Self, RequestDecodeError> {
        if request.method() != Self::METHOD {
            return Err(RequestDecodeError::WrongMethod {
                expected: Self::METHOD,
                found: request.method().clone(),
            });
        }
        Self::decode_request(
            request.uri().path(),
            crate::signing::signed_payload(request),
        )
    }
}

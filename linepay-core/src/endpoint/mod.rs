//! The endpoint contract: what one LINE Pay API call is, independent of any HTTP stack.
//!
//! An endpoint is a struct declared with [`linepay_endpoint`](crate::linepay_endpoint). The
//! attribute implements [`Endpoint`] (client side: path, payload, response) and
//! [`IncomingRequest`] (server side: path + payload back into the struct) from one
//! declaration, so the two can never disagree.
//!
//! - [`params`]: how path parameters and query values are written and read.
//! - [`query`]: the one encoder and decoder of query strings.
//! - [`path`]: matching a request path against an endpoint's template.

use std::time::Duration;

use bytes::Bytes;
use http::Method;

use crate::envelope::EnvelopeRef;
use crate::error::{Error, InvalidField};

pub mod params;
pub mod path;
pub mod query;

mod incoming;

pub use incoming::{IncomingRequest, RequestDecodeError};

/// What a request carries besides its path, encoded once: these exact bytes are both signed
/// and sent.
///
/// ```
/// use linepay_core::Payload;
///
/// let payload = Payload::Query("creditCardAuth=true".to_owned());
/// assert_eq!(payload.signed_bytes(), b"creditCardAuth=true");
/// assert_eq!(Payload::Empty.signed_bytes(), b"");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payload {
    /// A JSON body (POST).
    Json(Bytes),
    /// A query string without the leading `?` (GET).
    Query(String),
    /// Nothing: a GET without query. The empty string is signed. (A POST without fields
    /// sends and signs `{}`.)
    Empty,
}

impl Payload {
    /// The bytes that go into the signature.
    pub fn signed_bytes(&self) -> &[u8] {
        match self {
            Payload::Json(body) => body,
            Payload::Query(query) => query.as_bytes(),
            Payload::Empty => b"",
        }
    }
}

/// One LINE Pay API call, as a value.
///
/// Implemented by [`linepay_endpoint`](crate::linepay_endpoint); implement it by hand only for
/// something the attribute cannot express.
///
/// ```
/// use linepay_core::{Endpoint, api::v3::ConfirmPayment, Amount, Currency, TransactionId};
///
/// let confirm = ConfirmPayment {
///     transaction_id: TransactionId::new(2019049910005496810),
///     amount: Amount::whole(100),
///     currency: Currency::Twd,
/// };
/// let mut path = String::new();
/// confirm.write_path(&mut path);
/// assert_eq!(path, "/v3/payments/2019049910005496810/confirm");
/// assert_eq!(ConfirmPayment::METHOD, http::Method::POST);
/// assert!(!ConfirmPayment::IDEMPOTENT);
/// ```
pub trait Endpoint {
    /// The HTTP method: GET or POST.
    const METHOD: Method;
    /// The path template, such as `/v3/payments/<transactionId>/confirm`.
    const PATH: &'static str;
    /// LINE Pay's recommended read timeout for this API.
    const READ_TIMEOUT: Duration;
    /// Whether the call may be re-sent automatically (true for reads, false for anything that
    /// moves money or changes state).
    const IDEMPOTENT: bool;
    /// The return codes on which LINE Pay's documentation allows sending the call again, even
    /// though it changes state: an answer with one of them means LINE Pay did not apply it.
    /// Void and Refund declare `1900`, `1902` and `1999`; most endpoints declare none (the
    /// default). [`Client::send`](crate::Client::send) re-sends on these codes within its
    /// [`RetryPolicy`](crate::RetryPolicy); see [`retry`](crate::retry) for every rule.
    ///
    /// Set with the attribute's `resend_on = ["1900", "1902", "1999"]`.
    const RESEND_ON: &'static [&'static str] = &[];

    /// What a successful call yields.
    type Response;

    /// Appends the concrete path, parameters percent-encoded, to `out`.
    fn write_path(&self, out: &mut String);

    /// Encodes the body (POST) or query string (GET), once.
    fn payload(&self) -> Result<Payload, InvalidField>;

    /// Turns LINE Pay's envelope, borrowed from the response body, into the response, or
    /// into the error its return code means.
    fn decode_response(envelope: EnvelopeRef<'_>) -> Result<Self::Response, Error>;
}

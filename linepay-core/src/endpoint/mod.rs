//! The endpoint contract: what one LINE Pay API call is, independent of any HTTP stack.
//!
//! An endpoint is a struct declared with [`linepay_endpoint`](crate::linepay_endpoint). The
//! attribute implements [`Endpoint`] (client side: path, payload, response) and, with the
//! `server` feature, `IncomingRequest` (server side: path + payload back into the struct) from
//! one declaration, so the two can never disagree.
//!
//! - [`params`]: how path parameters and query values are written and read.
//! - [`query`]: the one encoder and decoder of query strings.
//! - [`path`]: writing a template's parameters, and matching a received path against it.
//! - [`paths`]: the versions an endpoint exists in, its template in each ([`Paths`]), and
//!   [`ApiVersion`].
//! - [`TraceIds`]: the order and transaction ids a call shows in its tracing span.

use std::time::Duration;

use bytes::Bytes;
use http::Method;

use crate::envelope::EnvelopeRef;
use crate::error::{DecodeError, Error, InvalidField};

pub mod params;
pub mod path;
pub mod paths;
pub mod query;

mod incoming;
mod trace;

#[cfg(feature = "server")]
pub use incoming::IncomingRequest;
pub use incoming::RequestDecodeError;
pub use paths::{ApiVersion, Paths};
pub use trace::{IdList, TraceIds};

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
    /// The owned payload of what [`Endpoint::write_payload`] wrote: a JSON body, a query
    /// string, or [`Payload::Empty`] for an empty query.
    ///
    /// ```
    /// use linepay_core::{Payload, PayloadKind};
    ///
    /// let payload = Payload::from_written(PayloadKind::Query, b"orderId=A1".to_vec())?;
    /// assert_eq!(payload, Payload::Query("orderId=A1".to_owned()));
    /// assert_eq!(Payload::from_written(PayloadKind::Query, Vec::new())?, Payload::Empty);
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    pub fn from_written(kind: PayloadKind, written: Vec<u8>) -> Result<Self, InvalidField> {
        Ok(match kind {
            PayloadKind::Json => Payload::Json(Bytes::from(written)),
            PayloadKind::Query if written.is_empty() => Payload::Empty,
            PayloadKind::Query => Payload::Query(
                String::from_utf8(written)
                    .map_err(|_| InvalidField::new("query", "is not valid UTF-8"))?,
            ),
        })
    }

    /// The bytes that go into the signature.
    pub fn signed_bytes(&self) -> &[u8] {
        match self {
            Payload::Json(body) => body,
            Payload::Query(query) => query.as_bytes(),
            Payload::Empty => b"",
        }
    }
}

/// Which kind of payload [`Endpoint::write_payload`] wrote.
///
/// ```
/// use linepay_core::{Endpoint, PayloadKind, api::v3::CheckPaymentStatus, TransactionId};
///
/// let check = CheckPaymentStatus { transaction_id: TransactionId::new(2019049910005496810) };
/// let mut out = Vec::new();
/// assert_eq!(check.write_payload(&mut out)?, PayloadKind::Query);
/// assert!(out.is_empty()); // no query: the empty string is signed
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PayloadKind {
    /// A JSON body (POST); a POST without fields writes `{}`.
    Json,
    /// A query string without the leading `?` (GET); possibly empty.
    Query,
}

/// One LINE Pay API call, as a value.
///
/// Implemented by [`linepay_endpoint`](crate::linepay_endpoint); implement it by hand only for
/// something the attribute cannot express.
///
/// ```
/// use linepay_core::{ApiVersion, Endpoint, api::v3::ConfirmPayment, Amount, Currency, TransactionId};
///
/// let confirm = ConfirmPayment {
///     transaction_id: TransactionId::new(2019049910005496810),
///     amount: Amount::whole(100),
///     currency: Currency::Twd,
/// };
/// let mut path = String::new();
/// confirm.write_path(ApiVersion::V4, &mut path);
/// assert_eq!(path, "/v4/payments/2019049910005496810/confirm");
/// assert_eq!(ConfirmPayment::METHOD, http::Method::POST);
/// assert!(!ConfirmPayment::IDEMPOTENT);
/// ```
pub trait Endpoint {
    /// The HTTP method: GET or POST.
    const METHOD: Method;
    /// The path template of the first version declared, such as
    /// `/v3/payments/<transactionId>/confirm`: the endpoint's name in errors and logs.
    const PATH: &'static str;
    /// The template in each API version the endpoint exists in; a client sends the one of its
    /// [`ApiVersion`]. The default is [`PATH`](Endpoint::PATH) for every version.
    const PATHS: Paths = Paths::Any(Self::PATH);
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

    /// Appends the concrete path of `version`, parameters percent-encoded, to `out`. For a
    /// version the endpoint does not exist in ([`Paths::get`] is `None`), the first declared;
    /// [`Client::prepare`](crate::Client::prepare) refuses such a call before this.
    fn write_path(&self, version: ApiVersion, out: &mut String);

    /// Refuses a field set on a client of a version that does not have it (a field declared
    /// `#[linepay(versions(v4))]`), naming the field. The default accepts every version.
    /// [`Client::prepare`](crate::Client::prepare) runs it whatever the client's
    /// [`Validation`](crate::Validation): LINE Pay would not read the field at all.
    fn check_version(&self, version: ApiVersion) -> Result<(), InvalidField> {
        let _ = version;
        Ok(())
    }

    /// Checks the call against LINE Pay's rules before anything is encoded: the rules and
    /// their sources are listed in [`validation`](crate::validation). The default accepts
    /// everything; the attribute's `validate = …` supplies the endpoint's checks.
    ///
    /// [`Client::prepare`](crate::Client::prepare) runs it first and refuses what fails,
    /// unless the client's [`Validation`](crate::Validation) or
    /// [`Unchecked`](crate::Unchecked) leaves the judgement to LINE Pay.
    fn validate(&self) -> Result<(), InvalidField> {
        Ok(())
    }

    /// Appends the body (POST) or query string (GET) to `out`, without validating it.
    ///
    /// [`Client::prepare`](crate::Client::prepare) writes into a buffer it reuses, so a
    /// request's path, payload, nonce and signature end up in one allocation. On error,
    /// whatever was appended is discarded by the caller.
    fn write_payload(&self, out: &mut Vec<u8>) -> Result<PayloadKind, InvalidField>;

    /// The payload as an owned value: [`Endpoint::validate`], then
    /// [`Endpoint::write_payload`] into a fresh buffer.
    fn payload(&self) -> Result<Payload, InvalidField> {
        self.validate()?;
        let mut written = Vec::new();
        let kind = self.write_payload(&mut written)?;
        Payload::from_written(kind, written)
    }

    /// Turns LINE Pay's envelope, borrowed from the response body, into the response, or
    /// into the error its return code means.
    fn decode_response(envelope: EnvelopeRef<'_>) -> Result<Self::Response, Error>;

    /// Decodes a whole answer body (HTTP 200, JSON): by default [`EnvelopeRef::from_slice`]
    /// then [`Endpoint::decode_response`]. [`linepay_endpoint`](crate::linepay_endpoint)
    /// overrides it, when the response is `info` itself, with a one-pass decoder that parses
    /// a success's `info` straight into the response type (the same result, without first
    /// scanning `info` as raw JSON).
    fn decode_body(body: &[u8]) -> Result<Self::Response, Error> {
        let envelope = EnvelopeRef::from_slice(body).map_err(|e| DecodeError::new(e, body))?;
        Self::decode_response(envelope)
    }

    /// The order ids and transaction ids this call is about, for the `order_id` and
    /// `transaction_id` fields of its span in [`Client::send`](crate::Client::send).
    /// Read only when a tracing subscriber wants the span.
    ///
    /// The default is none. [`linepay_endpoint`](crate::linepay_endpoint) implements it for
    /// fields named `order_id` and `transaction_id` of type [`OrderId`](crate::OrderId) and
    /// [`TransactionId`](crate::TransactionId), single, in an `Option` or in a `Vec` (a field
    /// of another type, such as a `String` order id, is not shown).
    ///
    /// ```
    /// use linepay_core::{Endpoint, OrderId, api::v3::PaymentDetails, TransactionId};
    ///
    /// let details = PaymentDetails {
    ///     transaction_id: vec![TransactionId::new(1), TransactionId::new(2)],
    ///     order_id: vec![OrderId::new("A-1")?],
    ///     fields: None,
    /// };
    /// let ids = details.trace_ids();
    /// assert_eq!(ids.transaction_ids().len(), 2);
    /// assert_eq!(ids.transaction_id_field().map(|f| f.to_string()).as_deref(), Some("1,2"));
    /// assert_eq!(ids.order_id_field().map(|f| f.to_string()).as_deref(), Some("A-1"));
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    fn trace_ids(&self) -> TraceIds<'_> {
        TraceIds::NONE
    }
}

/// A reference is the endpoint it points to, so a wrapper such as
/// [`Unchecked`](crate::Unchecked) can borrow the call instead of taking it.
impl<E: Endpoint> Endpoint for &E {
    const METHOD: Method = E::METHOD;
    const PATH: &'static str = E::PATH;
    const PATHS: Paths = E::PATHS;
    const READ_TIMEOUT: Duration = E::READ_TIMEOUT;
    const IDEMPOTENT: bool = E::IDEMPOTENT;
    const RESEND_ON: &'static [&'static str] = E::RESEND_ON;

    type Response = E::Response;

    fn write_path(&self, version: ApiVersion, out: &mut String) {
        (**self).write_path(version, out);
    }

    fn check_version(&self, version: ApiVersion) -> Result<(), InvalidField> {
        (**self).check_version(version)
    }

    fn validate(&self) -> Result<(), InvalidField> {
        (**self).validate()
    }

    fn write_payload(&self, out: &mut Vec<u8>) -> Result<PayloadKind, InvalidField> {
        (**self).write_payload(out)
    }

    fn decode_response(envelope: EnvelopeRef<'_>) -> Result<Self::Response, Error> {
        E::decode_response(envelope)
    }

    fn decode_body(body: &[u8]) -> Result<Self::Response, Error> {
        E::decode_body(body)
    }

    fn trace_ids(&self) -> TraceIds<'_> {
        (**self).trace_ids()
    }
}

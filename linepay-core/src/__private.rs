//! Support for the code `#[linepay_endpoint]` generates. Not a public API: it may change in
//! any release.
//!
//! The generated code stays small: it calls these functions rather than repeating their logic
//! in every endpoint.

pub use std::result::Result;
pub use std::string::String;
pub use std::time::Duration;

pub use http::Method;
pub use serde::ser::{Serialize, SerializeStruct, Serializer};

pub use crate::endpoint::params::QueryField;
pub use crate::endpoint::path::{PathMatch, push_param};
pub use crate::endpoint::query::QueryWriter;
pub use crate::endpoint::{Endpoint, IncomingRequest, Payload, RequestDecodeError};
pub use crate::envelope::{Envelope, EnvelopeRef};
pub use crate::error::{Error, InvalidField};

use std::borrow::Cow;
use std::cell::RefCell;

use bytes::Bytes;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Serializes a body once into the bytes that will be signed and sent.
///
/// The JSON is written into a per-thread scratch buffer that keeps its capacity between
/// calls, then copied once into an exactly sized buffer: one heap allocation per body
/// instead of `serde_json::to_vec`'s 128-byte start and doublings (a 700-byte body took four
/// blocks, and a fifth for `Bytes`'s shared header because the capacity exceeded the length).
/// The scratch holds request bodies only (never the channel secret); one grown past
/// `MAX_RETAINED_SCRATCH` is released.
pub fn json_payload<T: Serialize>(body: &T) -> Result<Payload, InvalidField> {
    let encoded = JSON_SCRATCH
        .try_with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => {
                scratch.clear();
                let encoded = serde_json::to_writer(&mut *scratch, body)
                    .map(|()| Bytes::copy_from_slice(&scratch));
                if scratch.capacity() > MAX_RETAINED_SCRATCH {
                    *scratch = Vec::new();
                }
                encoded
            }
            // Re-entered from a `Serialize` impl: no scratch to share.
            Err(_) => serde_json::to_vec(body).map(Bytes::from),
        })
        // The thread is exiting and its scratch is gone.
        .unwrap_or_else(|_| serde_json::to_vec(body).map(Bytes::from));
    encoded
        .map(Payload::Json)
        .map_err(|e| InvalidField::new("body", format!("cannot be serialized: {e}")))
}

/// The largest scratch capacity [`json_payload`] keeps for the next call.
const MAX_RETAINED_SCRATCH: usize = 64 * 1024;

thread_local! {
    static JSON_SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// The body of a POST without fields: `{}`.
///
/// LINE Pay documents no body for Void and Expire RegKey, and SDKs in use send either
/// nothing or `{}`. We send `{}`: it is what most deployed SDKs send, it is a valid body for
/// `Content-Type: application/json`, it matches what a Refund without `refundAmount`
/// serializes to, and it is signed exactly as sent.
pub fn empty_json_object() -> Payload {
    Payload::Json(bytes::Bytes::from_static(b"{}"))
}

/// A finished query: `Empty` when no pair was written, so no `?` is sent.
pub fn query_payload(query: QueryWriter) -> Payload {
    let query = query.finish();
    if query.is_empty() {
        Payload::Empty
    } else {
        Payload::Query(query)
    }
}

/// The default response decoding: `info` on `0000`, an API error otherwise.
pub fn decode_info<T: DeserializeOwned>(envelope: EnvelopeRef<'_>) -> Result<T, Error> {
    envelope.into_success_info()
}

/// The argument a `decode_with` function takes: the borrowed envelope as it is for a
/// `fn(EnvelopeRef<'_>)`, an owned copy for a `fn(Envelope)`.
pub fn envelope_arg<'a, T: From<EnvelopeRef<'a>>>(envelope: EnvelopeRef<'a>) -> T {
    T::from(envelope)
}

/// The members of a received JSON body, taken out one field at a time.
pub struct JsonFields(Map<String, Value>);

impl JsonFields {
    /// Parses a body; an empty body counts as `{}` (bodiless POSTs).
    pub fn parse(payload: &[u8]) -> Result<Self, RequestDecodeError> {
        if payload.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(Map::new()));
        }
        serde_json::from_slice(payload)
            .map(Self)
            .map_err(|e| RequestDecodeError::MalformedJson(e.to_string()))
    }

    /// A member that must be present.
    pub fn required<T: DeserializeOwned>(
        &mut self,
        name: &'static str,
    ) -> Result<T, RequestDecodeError> {
        match self.0.remove(name) {
            Some(value) => from_value(name, value),
            None => Err(RequestDecodeError::invalid(name, "is required")),
        }
    }

    /// A member that may be absent (or `null`).
    pub fn optional<T: DeserializeOwned>(
        &mut self,
        name: &'static str,
    ) -> Result<Option<T>, RequestDecodeError> {
        match self.0.remove(name) {
            None | Some(Value::Null) => Ok(None),
            Some(value) => from_value(name, value).map(Some),
        }
    }
}

fn from_value<T: DeserializeOwned>(
    name: &'static str,
    value: Value,
) -> Result<T, RequestDecodeError> {
    serde_json::from_value(value).map_err(|e| RequestDecodeError::invalid(name, e.to_string()))
}

/// The decoded pairs of a received query string.
pub struct QueryPairs<'a>(Vec<(Cow<'a, str>, Cow<'a, str>)>);

impl<'a> QueryPairs<'a> {
    /// Parses a received query string (`payload` is its raw bytes).
    pub fn parse(payload: &'a [u8]) -> Result<Self, RequestDecodeError> {
        let query = std::str::from_utf8(payload)
            .map_err(|_| RequestDecodeError::invalid("query", "is not valid UTF-8"))?;
        Ok(Self(crate::endpoint::query::parse_query(query)))
    }

    /// Every value given for `key`, decoded, as the field's type.
    pub fn field<T: QueryField>(&self, key: &'static str) -> Result<T, RequestDecodeError> {
        let values: Vec<&str> = self
            .0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_ref())
            .collect();
        T::from_query(key, &values)
    }
}

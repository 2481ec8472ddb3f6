//! Support for the code `#[linepay_endpoint]` generates. Not a public API: it may change in
//! any release.
//!
//! The generated code stays small: it calls these functions rather than repeating their logic
//! in every endpoint.

pub use std::result::Result;
pub use std::string::String;
pub use std::time::Duration;
pub use std::vec::Vec;

pub use http::Method;
pub use serde::ser::{Serialize, SerializeStruct, Serializer};

pub use crate::endpoint::params::QueryField;
pub use crate::endpoint::path::push_param;
pub use crate::endpoint::query::QueryWriter;
pub use crate::endpoint::{ApiVersion, Endpoint, Paths, PayloadKind, RequestDecodeError};
#[cfg(feature = "server")]
pub use crate::endpoint::{IncomingRequest, path::PathMatch};

/// The server-side code of a declaration (its `IncomingRequest` impl): kept with the `server`
/// feature, dropped without it. The generated code cannot test linepay-core's features
/// itself (a `cfg` there reads the merchant's crate), so it hands that code to this macro.
pub use crate::__server_side as server_side;

#[cfg(feature = "server")]
#[doc(hidden)]
#[macro_export]
macro_rules! __server_side {
    ($($server_side:tt)*) => { $($server_side)* };
}

#[cfg(not(feature = "server"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __server_side {
    ($($server_side:tt)*) => {};
}
pub use crate::envelope::{Envelope, EnvelopeRef, decode_success_info};
pub use crate::error::{Error, InvalidField, Rule};

/// A field declared `#[linepay(versions(…))]`: whether it is set, and so sent. Only a field
/// that can be left out can belong to some versions: an `Option` or a list.
pub trait VersionField {
    /// `Some`, or a list with elements.
    fn is_set(&self) -> bool;
}

impl<T> VersionField for Option<T> {
    fn is_set(&self) -> bool {
        self.is_some()
    }
}

impl<T> VersionField for Vec<T> {
    fn is_set(&self) -> bool {
        !self.is_empty()
    }
}

use serde::de::DeserializeOwned;

/// Serializes a body once, appending it to `out` (the client's reusable request buffer).
pub fn json_payload<T: Serialize>(
    body: &T,
    out: &mut Vec<u8>,
) -> Result<PayloadKind, InvalidField> {
    serde_json::to_writer(out, body)
        .map(|()| PayloadKind::Json)
        .map_err(|e| InvalidField::new("body", format!("cannot be serialized: {e}")))
}

/// The body of a POST without fields: `{}`.
///
/// LINE Pay documents no body for Void and Expire RegKey, and SDKs in use send either
/// nothing or `{}`. We send `{}`: it is what most deployed SDKs send, it is a valid body for
/// `Content-Type: application/json`, it matches what a Refund without `refundAmount`
/// serializes to, and it is signed exactly as sent.
pub fn empty_json_object(out: &mut Vec<u8>) -> PayloadKind {
    out.extend_from_slice(b"{}");
    PayloadKind::Json
}

/// The two default decoders of an endpoint whose response is `info`: from a borrowed
/// envelope (`decode_response`) and, in one pass, from the whole body (`decode_body`).
///
/// Both come from [`info_codec`], the one place that requires `T: DeserializeOwned`: a
/// response type without `Deserialize` then gets one compile error, not one per decoder
/// (the compiler merges identical diagnostics at the same span).
pub struct InfoCodec<T> {
    pub from_envelope: fn(EnvelopeRef<'_>) -> Result<T, Error>,
    pub from_body: fn(&[u8]) -> Result<T, Error>,
}

pub fn info_codec<T: DeserializeOwned>() -> InfoCodec<T> {
    InfoCodec {
        from_envelope: |envelope| envelope.into_success_info(),
        from_body: decode_success_info::<T>,
    }
}

/// The argument a `decode_with` function takes: the borrowed envelope as it is for a
/// `fn(EnvelopeRef<'_>)`, an owned copy for a `fn(Envelope)`.
pub fn envelope_arg<'a, T: From<EnvelopeRef<'a>>>(envelope: EnvelopeRef<'a>) -> T {
    T::from(envelope)
}

#[cfg(feature = "server")]
pub use decoding::{JsonFields, QueryPairs};

/// What the generated `decode_request` reads a received request with.
#[cfg(feature = "server")]
mod decoding {
    use std::borrow::Cow;

    use serde::de::DeserializeOwned;
    use serde_json::{Map, Value};

    use crate::endpoint::RequestDecodeError;
    use crate::endpoint::params::QueryField;

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
}

pub use crate::endpoint::TraceIds;
pub use crate::types::{OrderId, TransactionId};

/// A field `Endpoint::trace_ids` reads ids from: one id, an `Option` or a `Vec` of them.
///
/// Implemented for [`OrderId`] and [`TransactionId`] only; a field named `order_id` or
/// `transaction_id` of any other type is skipped (see [`TraceProbe`]), never a compile error.
pub trait TraceField<Id> {
    /// The ids, borrowed: none, one, or many.
    fn trace_slice(&self) -> &[Id];
}

/// The id types [`TraceField`] knows.
pub trait TracedId {}

impl TracedId for OrderId {}
impl TracedId for TransactionId {}

impl<Id: TracedId> TraceField<Id> for Id {
    fn trace_slice(&self) -> &[Id] {
        std::slice::from_ref(self)
    }
}

impl<Id: TracedId> TraceField<Id> for Option<Id> {
    fn trace_slice(&self) -> &[Id] {
        self.as_slice()
    }
}

impl<Id: TracedId> TraceField<Id> for Vec<Id> {
    fn trace_slice(&self) -> &[Id] {
        self
    }
}

/// A field looked at for ids of type `Id`.
///
/// The generated code calls `(&TraceProbe::order_id(&self.order_id)).trace_slice()` with both
/// [`TraceSlice`] and [`NoTraceSlice`] in scope. Method lookup tries the receiver
/// `&TraceProbe` before `&&TraceProbe`, so [`TraceSlice`] answers when the field is a
/// [`TraceField`] and [`NoTraceSlice`] (no ids) otherwise: a `String` order id compiles and
/// is simply not shown.
pub struct TraceProbe<'a, Id, T: ?Sized>(&'a T, std::marker::PhantomData<fn() -> Id>);

impl<'a, T: ?Sized> TraceProbe<'a, OrderId, T> {
    /// Looks at `field` for order ids.
    pub fn order_id(field: &'a T) -> Self {
        Self(field, std::marker::PhantomData)
    }
}

impl<'a, T: ?Sized> TraceProbe<'a, TransactionId, T> {
    /// Looks at `field` for transaction ids.
    pub fn transaction_id(field: &'a T) -> Self {
        Self(field, std::marker::PhantomData)
    }
}

/// The ids of a field that is a [`TraceField`].
pub trait TraceSlice<'a, Id> {
    /// The field's ids.
    fn trace_slice(&self) -> &'a [Id];
}

impl<'a, Id, T: TraceField<Id> + ?Sized> TraceSlice<'a, Id> for TraceProbe<'a, Id, T> {
    fn trace_slice(&self) -> &'a [Id] {
        self.0.trace_slice()
    }
}

/// No ids, for a field of any other type.
pub trait NoTraceSlice<'a, Id> {
    /// No ids.
    fn trace_slice(&self) -> &'a [Id];
}

impl<'a, Id, T: ?Sized> NoTraceSlice<'a, Id> for &TraceProbe<'a, Id, T> {
    fn trace_slice(&self) -> &'a [Id] {
        &[]
    }
}

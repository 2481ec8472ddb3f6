//! A successful answer decoded in one pass: `info` straight into the endpoint's type.
//!
//! The general path ([`EnvelopeRef`](super::EnvelopeRef), then
//! [`into_success_info`](super::EnvelopeRef::into_success_info)) reads the envelope with
//! `info` kept raw, which means scanning `info` once to find its end and parsing it again
//! into its type. LINE Pay writes `returnCode` before `info`, so when the code is a success
//! by the time `info` arrives, `info` can be parsed into its type directly: one pass, as
//! `serde_json::from_slice` into the whole envelope would. Anything else (an error code,
//! `info` before the code, a duplicate key, JSON that does not decode) falls back to the
//! general path, which therefore decides every error; the two give the same result.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::EnvelopeRef;
use crate::error::{DecodeError, Error};
use crate::return_code::ReturnCode;

/// Decodes a whole answer body to the `info` of a success, or to the error it means.
///
///
/// What `#[linepay_endpoint]` generates as [`Endpoint::decode_body`] when `info` is the
/// response type.
///
/// [`Endpoint::decode_body`]: crate::Endpoint::decode_body
pub fn decode_success_info<T: DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let first_pass = (&mut deserializer)
        .deserialize_map(SuccessFirst(PhantomData))
        .and_then(|info| deserializer.end().map(|()| info));
    match first_pass {
        Ok(Some(info)) => Ok(info),
        // Not the common shape, or not valid: the general path gives the exact answer.
        _ => EnvelopeRef::from_slice(body)
            .map_err(|e| DecodeError::new(e, body))?
            .into_success_info(),
    }
}

/// Yields `Some(info)` for `{returnCode: success, …, info}` with each key at most once;
/// `None` (or an error) for anything the general path must look at.
struct SuccessFirst<T>(PhantomData<T>);

impl<'de, T: DeserializeOwned> Visitor<'de> for SuccessFirst<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a LINE Pay envelope")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        let (mut code_seen, mut message_seen) = (false, false);
        let mut info = None;
        // Keys borrowed from the body; an escaped key fails here and goes the general way.
        while let Some(key) = map.next_key::<&'de str>()? {
            match key {
                "returnCode" | "resultCode" if !code_seen => {
                    code_seen = true;
                    if !map.next_value::<ReturnCode>()?.is_success() {
                        return Ok(None);
                    }
                }
                "returnMessage" | "statusMessage" if !message_seen => {
                    message_seen = true;
                    map.next_value::<IgnoredAny>()?;
                }
                "info" if code_seen && info.is_none() => info = Some(map.next_value::<T>()?),
                "returnCode" | "resultCode" | "returnMessage" | "statusMessage" | "info" => {
                    return Err(de::Error::custom("for the general path"));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(info)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The general path, to compare with.
    fn two_pass(body: &[u8]) -> Result<Vec<u32>, String> {
        EnvelopeRef::from_slice(body)
            .map_err(|e| {
                let error: Error = DecodeError::new(e, body).into();
                error.to_string()
            })?
            .into_success_info()
            .map_err(|e: Error| e.to_string())
    }

    fn one_pass(body: &[u8]) -> Result<Vec<u32>, String> {
        decode_success_info(body).map_err(|e| e.to_string())
    }

    #[test]
    fn agrees_with_the_general_path_on_every_shape() {
        let bodies: &[&[u8]] = &[
            br#"{"returnCode":"0000","returnMessage":"OK","info":[1,2]}"#,
            br#"{"returnCode":"0000","info":[1,2],"returnMessage":"OK","extra":{"a":[{}]}}"#,
            br#"{"info":[1,2],"returnCode":"0000","returnMessage":"OK"}"#,
            br#"{"returnCode":"0000","returnMessage":"OK"}"#,
            br#"{"returnCode":"0000","returnMessage":null,"info":[1,2]}"#,
            br#"{"info":[1,2],"returnMessage":null,"returnCode":"0000"}"#,
            br#"{"returnCode":"1172","returnMessage":null}"#,
            br#"{"returnCode":"1150","returnMessage":"No transaction.","info":[1]}"#,
            br#"{"resultCode":1104,"statusMessage":"Merchant not found."}"#,
            br#"{"returnCode":"0000","info":[1],"returnCode":"1104"}"#,
            br#"{"returnCode":"0000","info":[1],"info":[2]}"#,
            br#"{"returnCode":"0000","info":{"not":"a list"}}"#,
            br#"{"returnCode":"0000","info":[1]} trailing"#,
            br#"{"returnCode":"0000","info":[1"#,
            br#"{"return\u0043ode":"0000","info":[1]}"#,
            br#"[]"#,
        ];
        for body in bodies {
            assert_eq!(
                one_pass(body),
                two_pass(body),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        assert_eq!(one_pass(bodies[0]), Ok(vec![1, 2]));
    }
}

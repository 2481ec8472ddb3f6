//! The wire envelope every LINE Pay response shares:
//! `{"returnCode": "0000", "returnMessage": "Success.", "info": {...}}`.
//!
//! Old error responses use `{"resultCode": 1104, "statusMessage": "..."}`; both shapes are
//! read. `info` is kept as raw JSON until the endpoint says what it is, so it is parsed once.
//!
//! [`Envelope`] owns its parts: it is what a server (such as linepay-mock) builds and
//! serializes. [`EnvelopeRef`] borrows them from the response body: it is what
//! [`decode_response`](crate::decode_response) reads, so a successful answer copies nothing
//! but the decoded `info`.

mod one_pass;
pub(crate) mod peek;

pub use one_pass::decode_success_info;

use std::borrow::Cow;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::error::{ApiError, DecodeError, Error};
use crate::return_code::ReturnCode;

/// A decoded response envelope; `info` still raw.
///
/// ```
/// use linepay_core::{Envelope, ReturnCode};
///
/// let envelope = Envelope::from_slice(br#"{"resultCode":1104,"statusMessage":"Merchant not found."}"#)?;
/// assert_eq!(envelope.return_code, ReturnCode::MerchantNotFound);
/// assert_eq!(envelope.return_message, "Merchant not found.");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    /// The 4-character return code.
    #[serde(alias = "resultCode")]
    pub return_code: ReturnCode,
    /// The English message; `-` when LINE Pay has none, empty when the answer has none or
    /// `null`.
    #[serde(
        alias = "statusMessage",
        default,
        deserialize_with = "crate::lenient::null_as_default"
    )]
    pub return_message: String,
    /// The `info` member, when present, as raw JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<Box<RawValue>>,
    /// `errorDetailMap`, which LINE Pay adds to some errors (a `2101` names the parameter
    /// and the cause), as raw JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_detail_map: Option<Box<RawValue>>,
}

impl Envelope {
    /// Parses an envelope from a response body.
    pub fn from_slice(body: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(body)
    }

    /// An envelope with `info` serialized from `info`: what a server (such as linepay-mock)
    /// sends.
    ///
    /// ```
    /// use linepay_core::{Envelope, ReturnCode};
    ///
    /// let envelope = Envelope::with_info(ReturnCode::Success, "Success.", &serde_json::json!({"a": 1}))?;
    /// assert_eq!(serde_json::to_string(&envelope)?, r#"{"returnCode":"0000","returnMessage":"Success.","info":{"a":1}}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn with_info<T: Serialize>(
        return_code: ReturnCode,
        return_message: impl Into<String>,
        info: &T,
    ) -> Result<Self, serde_json::Error> {
        Ok(Self {
            return_code,
            return_message: return_message.into(),
            info: Some(serde_json::value::to_raw_value(info)?),
            error_detail_map: None,
        })
    }

    /// An envelope without `info`.
    pub fn without_info(return_code: ReturnCode, return_message: impl Into<String>) -> Self {
        Self {
            return_code,
            return_message: return_message.into(),
            info: None,
            error_detail_map: None,
        }
    }

    /// The error this envelope stands for, whatever its code.
    pub fn into_api_error(self) -> ApiError {
        let details = self.error_detail_map.as_deref().map(RawValue::get);
        ApiError::new(self.return_code, self.return_message).with_details(details)
    }

    /// Decodes `info` as `T`; a missing `info` decodes as JSON `null` (so `()` and `Option`
    /// work for responses without one).
    pub fn decode_info<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        let raw = self.info.as_deref().map_or("null", RawValue::get);
        serde_json::from_str(raw).map_err(|e| DecodeError::new(e, raw.as_bytes()))
    }

    /// The reading of an answer that is only a return code (Void, Check RegKey, Expire
    /// RegKey): `0000` is `Ok(())` whatever `info` holds, because a state change that happened
    /// must not be reported as a decoding failure; every other code is an [`Error::Api`].
    /// Use it as `decode_with = Envelope::into_success` for such endpoints.
    ///
    /// ```
    /// use linepay_core::{Envelope, ReturnCode};
    ///
    /// let voided = Envelope::from_slice(br#"{"returnCode":"0000","returnMessage":"Success.","info":{}}"#)?;
    /// assert!(voided.into_success().is_ok());
    /// let twice = Envelope::without_info(ReturnCode::AlreadyRefunded, "Already voided.");
    /// assert!(twice.into_success().is_err());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn into_success(self) -> Result<(), Error> {
        if self.return_code.is_success() {
            Ok(())
        } else {
            Err(Error::Api(self.into_api_error()))
        }
    }

    /// The default reading of a response: success (`0000`) yields `info` as `T`, every other
    /// code is an [`Error::Api`].
    ///
    /// ```
    /// use linepay_core::{Envelope, Error, ReturnCode};
    ///
    /// let failed = Envelope::without_info(ReturnCode::OrderIdAlreadyUsed, "Existing same orderId.");
    /// let error = failed.into_success_info::<()>().unwrap_err();
    /// assert_eq!(error.return_code(), Some(&ReturnCode::OrderIdAlreadyUsed));
    /// ```
    pub fn into_success_info<T: DeserializeOwned>(self) -> Result<T, Error> {
        if self.return_code.is_success() {
            Ok(self.decode_info()?)
        } else {
            Err(Error::Api(self.into_api_error()))
        }
    }
}

impl<'a> From<&'a Envelope> for EnvelopeRef<'a> {
    /// A borrowed view of an owned envelope (copies nothing but an unknown return code).
    fn from(envelope: &'a Envelope) -> Self {
        Self {
            return_code: envelope.return_code.clone(),
            return_message: Cow::Borrowed(&envelope.return_message),
            info: envelope.info.as_deref(),
            error_detail_map: envelope.error_detail_map.as_deref(),
        }
    }
}

impl From<EnvelopeRef<'_>> for Envelope {
    /// The owned copy of a borrowed envelope.
    fn from(envelope: EnvelopeRef<'_>) -> Self {
        envelope.into_owned()
    }
}

/// A response envelope borrowed from the body it was read from; `info` still raw.
///
/// This is what [`decode_response`](crate::decode_response) parses and hands to
/// [`Endpoint::decode_response`](crate::Endpoint::decode_response): `returnMessage` and
/// `info` point into the body, so reading a successful answer copies nothing but what `info`
/// decodes to. An error's message is copied only when it becomes an [`ApiError`]. Both
/// shapes are read, as for [`Envelope`].
///
/// ```
/// use linepay_core::{EnvelopeRef, ReturnCode};
///
/// let body = br#"{"returnCode":"0000","returnMessage":"Success.","info":{"orderId":"A-1"}}"#;
/// let envelope = EnvelopeRef::from_slice(body)?;
/// assert_eq!(envelope.return_code, ReturnCode::Success);
/// assert_eq!(envelope.return_message, "Success.");
/// assert_eq!(envelope.info.map(|info| info.get()), Some(r#"{"orderId":"A-1"}"#));
///
/// let legacy = EnvelopeRef::from_slice(br#"{"resultCode":1104,"statusMessage":"Merchant not found."}"#)?;
/// assert_eq!(legacy.return_code, ReturnCode::MerchantNotFound);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvelopeRef<'a> {
    /// The 4-character return code.
    #[serde(alias = "resultCode")]
    pub return_code: ReturnCode,
    /// The English message; `-` when LINE Pay has none, empty when the answer has none or
    /// `null`. Borrowed unless it has escapes.
    #[serde(
        alias = "statusMessage",
        default,
        borrow,
        deserialize_with = "crate::lenient::null_as_empty_text"
    )]
    pub return_message: Cow<'a, str>,
    /// The `info` member, when present, as raw JSON borrowed from the body.
    #[serde(default, borrow)]
    pub info: Option<&'a RawValue>,
    /// `errorDetailMap`, when present, as raw JSON borrowed from the body.
    #[serde(default, borrow)]
    pub error_detail_map: Option<&'a RawValue>,
}

impl<'a> EnvelopeRef<'a> {
    /// Parses an envelope from a response body, borrowing from it.
    pub fn from_slice(body: &'a [u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(body)
    }

    /// The owned copy of this envelope.
    pub fn into_owned(self) -> Envelope {
        Envelope {
            return_code: self.return_code,
            return_message: self.return_message.into_owned(),
            info: self.info.map(RawValue::to_owned),
            error_detail_map: self.error_detail_map.map(RawValue::to_owned),
        }
    }

    /// The error this envelope stands for, whatever its code (the message is copied here).
    pub fn into_api_error(self) -> ApiError {
        let details = self.error_detail_map.map(RawValue::get);
        ApiError::new(self.return_code, self.return_message).with_details(details)
    }

    /// Decodes `info` as `T`, straight from the borrowed body; a missing `info` decodes as
    /// JSON `null` (so `()` and `Option` work for responses without one).
    pub fn decode_info<T: Deserialize<'a>>(&self) -> Result<T, DecodeError> {
        let raw = self.info.map_or("null", RawValue::get);
        serde_json::from_str(raw).map_err(|e| DecodeError::new(e, raw.as_bytes()))
    }

    /// [`Envelope::into_success`] without copying anything: `0000` is `Ok(())` whatever
    /// `info` holds, every other code is an [`Error::Api`]. Use it as
    /// `decode_with = EnvelopeRef::into_success`.
    ///
    /// ```
    /// use linepay_core::EnvelopeRef;
    ///
    /// let voided = EnvelopeRef::from_slice(br#"{"returnCode":"0000","returnMessage":"Success.","info":{}}"#)?;
    /// assert!(voided.into_success().is_ok());
    /// let twice = EnvelopeRef::from_slice(br#"{"returnCode":"1165","returnMessage":"Already voided."}"#)?;
    /// assert!(twice.into_success().is_err());
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn into_success(self) -> Result<(), Error> {
        if self.return_code.is_success() {
            Ok(())
        } else {
            Err(Error::Api(self.into_api_error()))
        }
    }

    /// [`Envelope::into_success_info`] on the borrowed body: success (`0000`) yields `info`
    /// as `T`, every other code is an [`Error::Api`].
    pub fn into_success_info<T: Deserialize<'a>>(self) -> Result<T, Error> {
        if self.return_code.is_success() {
            Ok(self.decode_info()?)
        } else {
            Err(Error::Api(self.into_api_error()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::Endpoint;
    use crate::linepay_endpoint;

    /// A `decode_with` taking the owned [`Envelope`], as before [`EnvelopeRef`] existed.
    fn owned_message(envelope: Envelope) -> Result<String, Error> {
        Ok(envelope.return_message)
    }

    #[linepay_endpoint(
        method = "GET",
        path = "/v3/test",
        response = String,
        decode_with = owned_message
    )]
    struct OwnedDecodeWith {}

    #[test]
    fn decode_with_still_accepts_an_owned_envelope() {
        let body = br#"{"returnCode":"0000","returnMessage":"Hello \"there\".","info":{"a":1}}"#;
        let envelope = EnvelopeRef::from_slice(body).expect("parses");
        assert!(matches!(envelope.return_message, Cow::Owned(_)));
        let message = OwnedDecodeWith::decode_response(envelope).expect("decodes");
        assert_eq!(message, r#"Hello "there"."#);
    }

    #[test]
    fn borrowed_and_owned_envelopes_agree() {
        for body in [
            &br#"{"returnCode":"0000","returnMessage":"Success.","info":{"a":[1,2]}}"#[..],
            br#"{"returnCode":"4321","returnMessage":"New.","info":null}"#,
            br#"{"resultCode":1104,"statusMessage":"Merchant not found."}"#,
            br#"{"returnCode":"0000"}"#,
        ] {
            let owned = Envelope::from_slice(body).expect("owned parses");
            let borrowed = EnvelopeRef::from_slice(body).expect("borrowed parses");
            // A missing message defaults to an empty (unallocated) `Cow::Owned`.
            assert!(
                matches!(borrowed.return_message, Cow::Borrowed(_))
                    || borrowed.return_message.is_empty()
            );
            let copy = borrowed.into_owned();
            assert_eq!(copy.return_code, owned.return_code);
            assert_eq!(copy.return_message, owned.return_message);
            assert_eq!(
                copy.info.as_deref().map(RawValue::get),
                owned.info.as_deref().map(RawValue::get)
            );
            let view = EnvelopeRef::from(&owned);
            assert_eq!(
                view.info.map(RawValue::get),
                owned.info.as_deref().map(RawValue::get)
            );
        }
        for body in [
            &br#"{"returnCode":"0000","returnMessage":"Success.","info":{"a":1}"#[..],
            br#"{"returnCode":"0000","returnCode":"0000"}"#,
            br#"{"returnMessage":"Success."}"#,
        ] {
            assert!(Envelope::from_slice(body).is_err());
            assert!(EnvelopeRef::from_slice(body).is_err());
        }
    }
}

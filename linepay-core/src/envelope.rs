//! The wire envelope every LINE Pay response shares:
//! `{"returnCode": "0000", "returnMessage": "Success.", "info": {...}}`.
//!
//! Old error responses use `{"resultCode": 1104, "statusMessage": "..."}`; both shapes are
//! read. `info` is kept as raw JSON until the endpoint says what it is, so it is parsed once.

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
    /// The English message; `-` when LINE Pay has none.
    #[serde(alias = "statusMessage", default)]
    pub return_message: String,
    /// The `info` member, when present, as raw JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info: Option<Box<RawValue>>,
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
        })
    }

    /// An envelope without `info`.
    pub fn without_info(return_code: ReturnCode, return_message: impl Into<String>) -> Self {
        Self {
            return_code,
            return_message: return_message.into(),
            info: None,
        }
    }

    /// The error this envelope stands for, whatever its code.
    pub fn into_api_error(self) -> ApiError {
        ApiError::new(self.return_code, self.return_message)
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

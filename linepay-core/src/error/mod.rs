//! Errors: one enum for every way a call can fail, with the cause kept.
//!
//! A payment SDK's errors must answer "what do I do now?": [`Error::Invalid`] means fix the
//! request (nothing was sent), [`Error::Api`] carries LINE Pay's own [`ReturnCode`], and
//! [`Error::Http`] / [`Error::Decode`] keep a short, credential-free snippet of what came back.

use std::convert::Infallible;
use std::fmt;

use http::StatusCode;

use crate::return_code::ReturnCode;

mod invalid;

pub use invalid::{InvalidField, Rule};

/// Longest response excerpt kept in an error, in bytes.
pub(crate) const SNIPPET_LIMIT: usize = 200;

/// LINE Pay answered, and the answer was not a success.
///
/// ```
/// use linepay_core::{ApiError, ReturnCode};
///
/// let error = ApiError::new(ReturnCode::HeaderError, "Header information error.");
/// assert!(error.code().is_configuration_error());
/// assert_eq!(error.to_string(), "LINE Pay returned 1106: Header information error.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("LINE Pay returned {code}: {message}{}", DetailsSuffix(details.as_deref()))]
pub struct ApiError {
    code: ReturnCode,
    message: String,
    details: Option<String>,
}

impl ApiError {
    /// An error with LINE Pay's return code and message.
    pub fn new(code: ReturnCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: None,
        }
    }

    /// The same error with the `errorDetailMap` LINE Pay sent beside it (raw JSON), shown
    /// after the message, cut to a snippet.
    ///
    /// ```
    /// use linepay_core::{ApiError, ReturnCode};
    ///
    /// let error = ApiError::new(ReturnCode::ParameterError, "Parameter error.")
    ///     .with_details(Some(r#"{"unrecognizedPathVariable":"transactionId"}"#));
    /// assert_eq!(error.details(), Some(r#"{"unrecognizedPathVariable":"transactionId"}"#));
    /// assert_eq!(
    ///     error.to_string(),
    ///     r#"LINE Pay returned 2101: Parameter error. (errorDetailMap: {"unrecognizedPathVariable":"transactionId"})"#,
    /// );
    /// ```
    #[must_use]
    pub fn with_details(mut self, details: Option<&str>) -> Self {
        self.details = details.map(str::to_owned);
        self
    }

    /// LINE Pay's `errorDetailMap`, as raw JSON, when the answer had one: the parameter a
    /// `2101` is about and why.
    pub fn details(&self) -> Option<&str> {
        self.details.as_deref()
    }

    /// The return code: ask it what to do next (see [`ReturnCode`]'s helpers).
    pub fn code(&self) -> &ReturnCode {
        &self.code
    }

    /// LINE Pay's `returnMessage`, in English.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// Writes ` (errorDetailMap: …)`, cut to a snippet, when there are details.
struct DetailsSuffix<'a>(Option<&'a str>);

impl fmt::Display for DetailsSuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(details) => write!(f, " (errorDetailMap: {})", snippet(details.as_bytes())),
            None => Ok(()),
        }
    }
}

/// A response that is JSON-shaped but not what the endpoint promises.
///
/// ```
/// use linepay_core::DecodeError;
///
/// let error = DecodeError::new("EOF while parsing an object", br#"{"returnCode":"00"#);
/// assert_eq!(error.snippet(), r#"{"returnCode":"00"#);
/// assert_eq!(error.return_code(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("could not decode the LINE Pay response ({reason}); body starts with {snippet:?}")]
pub struct DecodeError {
    reason: String,
    snippet: String,
    return_code: Option<ReturnCode>,
}

impl DecodeError {
    /// A decoding failure and the body it happened on (kept as a short snippet).
    pub fn new(reason: impl fmt::Display, body: &[u8]) -> Self {
        Self {
            reason: reason.to_string(),
            snippet: snippet(body),
            return_code: None,
        }
    }

    /// The same error, with the return code the answer carried before it broke.
    pub(crate) fn with_return_code(mut self, code: Option<ReturnCode>) -> Self {
        self.return_code = code;
        self
    }

    /// The `returnCode` the answer carried, when it could be read before the answer broke
    /// (a body cut short after it, or an `info` that does not fit its type).
    ///
    /// A `0000` here is LINE Pay's word that the call took effect, though what it answered
    /// cannot be read: [`Error::is_unreadable_success`].
    ///
    /// ```
    /// use bytes::Bytes;
    /// use linepay_core::{api::v3::ConfirmPayment, decode_response, Error, ReturnCode};
    ///
    /// let cut = Bytes::from_static(br#"{"returnCode":"0000","returnMessage":"Success.","info":{"orderId":"A"#);
    /// let error = decode_response::<ConfirmPayment>(&http::Response::new(cut)).unwrap_err();
    /// let Error::Decode(decode) = &error else { panic!("{error}") };
    /// assert_eq!(decode.return_code(), Some(&ReturnCode::Success));
    /// assert!(error.is_unreadable_success());
    /// ```
    pub fn return_code(&self) -> Option<&ReturnCode> {
        self.return_code.as_ref()
    }

    /// Why decoding failed.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// The first bytes of the body, lossily decoded as UTF-8.
    pub fn snippet(&self) -> &str {
        &self.snippet
    }
}

/// Everything that can go wrong with a LINE Pay call.
///
/// `TE` is the transport's error; the sans-IO functions, which never touch a network, use
/// the default [`Infallible`].
///
/// ```
/// use linepay_core::{Error, InvalidField};
///
/// let error: Error = InvalidField::new("amount", "must be positive").into();
/// assert!(matches!(error, Error::Invalid(_)));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<TE = Infallible>
where
    TE: std::error::Error + 'static,
{
    /// The request breaks a rule; nothing was sent.
    #[error(transparent)]
    Invalid(#[from] InvalidField),
    /// The transport failed; ask it whether the request may have been delivered.
    #[error("LINE Pay transport failed")]
    Transport(#[source] TE),
    /// An answer that is not a LINE Pay envelope: a non-200 status or a non-JSON body
    /// (a proxy's HTML error page, an empty body).
    #[error(
        "LINE Pay answered HTTP {status} with a body that is not a LINE Pay response: {snippet:?}"
    )]
    Http {
        /// The HTTP status.
        status: StatusCode,
        /// The first bytes of the body.
        snippet: String,
    },
    /// A JSON answer that does not decode (truncated, or missing fields).
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// LINE Pay answered with a return code other than success.
    #[error(transparent)]
    Api(#[from] ApiError),
}

impl Error<Infallible> {
    /// Widens a sans-IO error into the error of a client with transport error `TE`.
    pub fn with_transport<TE: std::error::Error + 'static>(self) -> Error<TE> {
        match self {
            Error::Invalid(e) => Error::Invalid(e),
            Error::Transport(never) => match never {},
            Error::Http { status, snippet } => Error::Http { status, snippet },
            Error::Decode(e) => Error::Decode(e),
            Error::Api(e) => Error::Api(e),
        }
    }
}

impl<TE: std::error::Error + 'static> Error<TE> {
    /// The LINE Pay return code, when LINE Pay answered with one.
    pub fn return_code(&self) -> Option<&ReturnCode> {
        match self {
            Error::Api(e) => Some(e.code()),
            _ => None,
        }
    }

    /// Whether LINE Pay answered success (`0000`) in an answer that does not decode: the
    /// call took effect, but what LINE Pay said about it is lost.
    ///
    /// ```
    /// use linepay_core::{DecodeError, Error};
    ///
    /// let garbled: Error = DecodeError::new("EOF", br#"{"returnCode":"00"#).into();
    /// assert!(!garbled.is_unreadable_success());
    /// ```
    pub fn is_unreadable_success(&self) -> bool {
        matches!(self, Error::Decode(e) if e.return_code().is_some_and(ReturnCode::is_success))
    }
}

/// The first [`SNIPPET_LIMIT`] bytes of `body`, lossily decoded (a character cut in half
/// becomes `U+FFFD`).
pub(crate) fn snippet(body: &[u8]) -> String {
    String::from_utf8_lossy(&body[..body.len().min(SNIPPET_LIMIT)]).into_owned()
}

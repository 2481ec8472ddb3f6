//! The LINE Pay v3 request signature.
//!
//! `X-LINE-Authorization = Base64(HMAC-SHA256(key = channel secret,
//! message = channel secret + path + payload + nonce))`, where the payload is the raw JSON body
//! of a POST or the query string (without `?`) of a GET, all as UTF-8. The result is standard
//! padded Base64 of the raw 32-byte MAC, always 44 characters; a hex digest is wrong.
//!
//! [`sign_request`] signs an already built request, reading the path and payload from that
//! request itself, so the bytes signed are always the bytes sent. [`explain`] says why a
//! signature does not verify.

use std::fmt;

pub mod explain;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use hmac::{Hmac, Mac};
use http::header::{HeaderName, HeaderValue};
use sha2::Sha256;

use crate::credentials::ChannelSecret;
use crate::nonce::Nonce;

/// Header carrying the channel id.
pub const CHANNEL_ID_HEADER: HeaderName = HeaderName::from_static("x-line-channelid");
/// Header carrying the per-request nonce.
pub const NONCE_HEADER: HeaderName = HeaderName::from_static("x-line-authorization-nonce");
/// Header carrying the signature.
pub const SIGNATURE_HEADER: HeaderName = HeaderName::from_static("x-line-authorization");

/// Length of a signature: Base64 of 32 bytes with padding.
pub const SIGNATURE_LEN: usize = 44;

/// A request signature: 44 characters of standard padded Base64, held inline (no heap).
///
/// ```
/// use linepay_core::signing::Signature;
///
/// // The pinned vector of chy168/line-pay-sdk-go: HMAC-SHA256(key "A", message "BODY").
/// let signature = Signature::hmac_sha256(b"A", &[b"BODY"]);
/// assert_eq!(signature.as_str(), "d7N2zcBCDH7EXw28ym/ppeNqa/Gp/9Xv/hO40MNjtI8=");
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Signature([u8; SIGNATURE_LEN]);

impl Signature {
    /// Base64 of HMAC-SHA256 under `key` over the concatenation of `parts`.
    ///
    /// This is the raw primitive; LINE Pay requests use [`sign`].
    pub fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> Self {
        // HMAC accepts keys of any length, so `new_from_slice` cannot fail.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
            unreachable!("HMAC-SHA256 accepts keys of every length")
        };
        for part in parts {
            mac.update(part);
        }
        let digest = mac.finalize().into_bytes();
        let mut text = [0u8; SIGNATURE_LEN];
        // 32 bytes always encode to exactly 44 padded Base64 characters.
        let written = STANDARD.encode_slice(digest, &mut text);
        debug_assert_eq!(written, Ok(SIGNATURE_LEN));
        Self(text)
    }

    /// The signature as sent in `X-LINE-Authorization`.
    pub fn as_str(&self) -> &str {
        // Base64 output is ASCII by construction.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Signature").field(&self.as_str()).finish()
    }
}

/// Signs one LINE Pay request: `path` without host or `?`, `payload` the JSON body (POST) or the
/// query string without `?` (GET; empty when there is none). Allocates nothing.
///
/// ```
/// use linepay_core::{ChannelSecret, signing::sign};
///
/// let secret = ChannelSecret::new("a917ab6a2367b536f8e5a6e2977e06f4")?;
/// let signature = sign(
///     &secret,
///     "/v3/payments/2021121600698709710/confirm",
///     br#"{"amount":250,"currency":"TWD"}"#,
///     "44453d45-768e-40e8-8349-748e797c450f",
/// );
/// assert_eq!(signature.as_str(), "aKX4PAHisY23Mnynp+2QNUERY7Op6TWZTxj4vZDhhqc=");
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
pub fn sign(secret: &ChannelSecret, path: &str, payload: &[u8], nonce: &str) -> Signature {
    let key = secret.expose();
    Signature::hmac_sha256(key, &[key, path.as_bytes(), payload, nonce.as_bytes()])
}

/// The part of a request that is signed: the body for POST (and every other method with a
/// body), the query string for GET.
pub fn signed_payload(request: &http::Request<Bytes>) -> &[u8] {
    if request.method() == http::Method::GET {
        request.uri().query().unwrap_or_default().as_bytes()
    } else {
        request.body()
    }
}

/// Signs a built request in place: computes the signature over the request's own path and
/// payload and sets the nonce and authorization headers. The authorization header is marked
/// sensitive, so that HTTP libraries that honour the flag leave it out of their logs.
///
/// ```
/// use bytes::Bytes;
/// use linepay_core::{ChannelSecret, Nonce, signing::{sign_request, SIGNATURE_HEADER}};
///
/// let secret = ChannelSecret::new("a917ab6a2367b536f8e5a6e2977e06f4")?;
/// let mut request = http::Request::get("https://sandbox-api-pay.line.me/v3/payments/requests/2021121600698709710/check")
///     .body(Bytes::new())
///     .unwrap();
/// sign_request(&mut request, &secret, &Nonce::fixed("44453d45-768e-40e8-8349-748e797c450f")?);
/// assert_eq!(request.headers()[SIGNATURE_HEADER], "uMZVJqsGcJ+V5aCiXrf2Rakxu3/Gb6i2eHVlZ9MXLLY=");
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
pub fn sign_request(request: &mut http::Request<Bytes>, secret: &ChannelSecret, nonce: &Nonce) {
    let signature = request_signature(request, secret, nonce.as_str());
    let signature_value = HeaderValue::from_bytes(signature.as_str().as_bytes())
        .unwrap_or_else(|_| unreachable!("Base64 is a valid header value"));
    set_authorization(request, nonce.header_value(), signature_value);
}

/// The signature of a built request: over the request's own path and payload, so the bytes
/// signed are the bytes sent.
pub(crate) fn request_signature(
    request: &http::Request<Bytes>,
    secret: &ChannelSecret,
    nonce: &str,
) -> Signature {
    sign(secret, request.uri().path(), signed_payload(request), nonce)
}

/// Sets the nonce and (sensitive) authorization headers.
pub(crate) fn set_authorization(
    request: &mut http::Request<Bytes>,
    nonce: HeaderValue,
    mut signature: HeaderValue,
) {
    signature.set_sensitive(true);
    let headers = request.headers_mut();
    headers.insert(NONCE_HEADER, nonce);
    headers.insert(SIGNATURE_HEADER, signature);
}

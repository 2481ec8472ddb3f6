//! The sans-IO decoding of LINE Pay's answers.

use bytes::Bytes;
use http::{Response, StatusCode};

use crate::endpoint::Endpoint;
use crate::envelope::peek;
use crate::error::{Error, snippet};

/// Decodes LINE Pay's answer to `E`.
///
/// LINE Pay answers every call with HTTP 200 and a JSON envelope. Anything else (a 5xx page
/// from a proxy, an empty body) is [`Error::Http`]; JSON that does not decode (truncated,
/// wrong shape) is [`Error::Decode`]; a return code other than success is [`Error::Api`].
///
/// ```
/// use bytes::Bytes;
/// use linepay_core::{decode_response, api::v3::ConfirmPayment, Error};
///
/// let page = http::Response::builder().status(502).body(Bytes::from_static(b"<html>Bad Gateway</html>"))?;
/// let error = decode_response::<ConfirmPayment>(&page).unwrap_err();
/// assert!(matches!(error, Error::Http { status, .. } if status == 502));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn decode_response<E: Endpoint>(response: &Response<Bytes>) -> Result<E::Response, Error> {
    let body = response.body();
    let status = response.status();
    let looks_like_json = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if status != StatusCode::OK || !looks_like_json {
        return Err(Error::Http {
            status,
            snippet: snippet(body),
        });
    }
    E::decode_body(body).map_err(|error| match error {
        // Whether LINE Pay said `0000` before the answer broke decides what recovery may say.
        Error::Decode(decode) => Error::Decode(decode.with_return_code(peek::return_code(body))),
        other => other,
    })
}

//! What the fuzz targets share: the properties checked on every input, per endpoint.
//!
//! Each check panics when a property breaks, which is what libFuzzer reports as a crash.

use std::fmt::Debug;
use std::sync::LazyLock;

use bytes::Bytes;
use http::{Response, StatusCode};
use linepay_core::api::v3::PaymentStatus;
use linepay_core::endpoint::RequestDecodeError;
use linepay_core::{
    ApiVersion, Endpoint, Envelope, Error, IncomingRequest, Payload, decode_response,
};

/// The path templates of every endpoint in every version, from the declarations.
pub static TEMPLATES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    fn collect<E: Endpoint>(templates: &mut Vec<&'static str>) {
        templates.extend(E::PATHS.templates());
    }
    let mut templates = Vec::new();
    for_each_endpoint!(collect(&mut templates));
    templates
});

/// Calls `$check::<E>($args)` for each endpoint (linepay-core's one list).
pub use linepay_core::for_each_endpoint;

/// Decodes `response` as an answer to `E` and checks what `decode_response` documents:
///
/// - a status other than 200, or a body that does not start with `{`, is `Error::Http`;
/// - otherwise the result is the response, `Error::Decode` or `Error::Api`, nothing else;
/// - Check Payment Status answers a status only for the code that carries it.
///
/// Returns whether it decoded.
pub fn check_response<E: Endpoint>(response: &Response<Bytes>) -> bool
where
    E::Response: Debug + 'static,
{
    let result = decode_response::<E>(response);
    let json_like = response.body().iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let http_error = response.status() != StatusCode::OK || !json_like;
    match &result {
        Ok(value) => {
            assert!(!http_error, "decoded a non-LINE Pay answer: {value:?}");
            let _ = format!("{value:?}");
            if let Some(status) = (value as &dyn std::any::Any).downcast_ref::<PaymentStatus>() {
                let envelope = Envelope::from_slice(response.body()).expect("it decoded");
                assert_eq!(status.return_code(), envelope.return_code);
            }
        }
        Err(Error::Http { status, snippet }) => {
            assert!(http_error, "Error::Http for a 200 JSON answer");
            assert_eq!(*status, response.status());
            assert!(snippet.chars().count() <= 200, "snippet too long");
        }
        Err(Error::Decode(_) | Error::Api(_)) => {
            assert!(!http_error, "{result:?} for a non-LINE Pay answer");
        }
        Err(other) => panic!("undocumented error from decode_response: {other:?}"),
    }
    if let Err(error) = &result {
        let _ = format!("{error} {error:?}");
    }
    result.is_ok()
}

/// Decodes `path` + `payload` as `E` and, when it decodes and the value encodes again,
/// checks the identity: encode → decode gives the same value back.
pub fn check_request<E>(path: &str, payload: &[u8])
where
    E: IncomingRequest + Debug + PartialEq,
{
    match E::decode_request(path, payload) {
        Ok(value) => {
            let mut written = String::new();
            value.write_path(ApiVersion::V3, &mut written);
            // A value the client refuses to send (its validation) has no encoding to check.
            let Ok(encoded) = value.payload() else { return };
            let again = E::decode_request(&written, encoded.signed_bytes()).unwrap_or_else(|e| {
                panic!("{value:?} encodes to {written} {encoded:?}, which does not decode: {e}")
            });
            assert_eq!(
                again, value,
                "encode → decode is not the identity ({encoded:?})"
            );
            match encoded {
                Payload::Json(_) => assert_eq!(E::METHOD, http::Method::POST),
                Payload::Query(_) | Payload::Empty => assert_eq!(E::METHOD, http::Method::GET),
            }
        }
        Err(error) => {
            let _ = format!("{error} {error:?}");
            if let RequestDecodeError::PathMismatch { template, .. } = &error {
                assert_eq!(*template, E::PATH);
            }
        }
    }
}

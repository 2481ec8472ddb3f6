//! The responses the mock sends: LINE Pay's JSON envelope, admin JSON, HTML pages, and the
//! broken answers of faults.

use bytes::Bytes;
use http::header::{ALLOW, CONTENT_TYPE, LOCATION};
use http::{HeaderValue, Method, Response, StatusCode};
use http_body_util::Full;
use linepay_core::{Envelope, ReturnCode};
use serde::Serialize;

use crate::ledger::Rejection;
use crate::redirect::header_safe;

/// The body type of every response.
pub(crate) type Body = Full<Bytes>;

/// What the handler wants done with the connection.
#[derive(Debug)]
pub(crate) enum Reply {
    /// Send this response.
    Response(Response<Body>),
    /// Close the connection without a response.
    Drop,
}

/// `reply` as sent, with the status and LINE Pay return code it carries (for the request
/// log); the body is read once and put back.
pub(crate) async fn inspect(reply: Reply) -> (Reply, Option<u16>, Option<String>) {
    let Reply::Response(response) = reply else {
        return (Reply::Drop, None, None);
    };
    let (parts, body) = response.into_parts();
    // A `Full` body is one chunk already in memory: collecting it cannot fail.
    let bytes = match http_body_util::BodyExt::collect(body).await {
        Ok(collected) => collected.to_bytes(),
        Err(never) => match never {},
    };
    let return_code = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|value| value.get("returnCode")?.as_str().map(str::to_owned));
    let status = parts.status.as_u16();
    let response = Response::from_parts(parts, Full::new(bytes));
    (Reply::Response(response), Some(status), return_code)
}

impl From<Response<Body>> for Reply {
    fn from(response: Response<Body>) -> Self {
        Reply::Response(response)
    }
}

const JSON: HeaderValue = HeaderValue::from_static("application/json");
const HTML: HeaderValue = HeaderValue::from_static("text/html; charset=utf-8");

fn with_body(status: StatusCode, content_type: HeaderValue, body: Vec<u8>) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, content_type);
    response
}

/// The envelope's bytes (an envelope always serializes).
fn envelope_bytes(envelope: &Envelope) -> Vec<u8> {
    serde_json::to_vec(envelope)
        .unwrap_or_else(|_| br#"{"returnCode":"9000","returnMessage":"Internal error."}"#.to_vec())
}

/// LINE Pay's answer: HTTP 200 and the envelope.
pub(crate) fn envelope(envelope: &Envelope) -> Response<Body> {
    with_body(StatusCode::OK, JSON, envelope_bytes(envelope))
}

/// An envelope with `status` (for calls that are not API calls at all).
pub(crate) fn envelope_with_status(status: StatusCode, envelope: &Envelope) -> Response<Body> {
    with_body(status, JSON, envelope_bytes(envelope))
}

/// A refused call: HTTP 200, its return code and message, no `info`.
pub(crate) fn rejection(rejection: Rejection) -> Response<Body> {
    envelope(&Envelope::without_info(rejection.code, rejection.message))
}

/// The first half of the envelope's bytes (fault `TruncatedJson`).
pub(crate) fn truncated(envelope: &Envelope) -> Response<Body> {
    let mut bytes = envelope_bytes(envelope);
    bytes.truncate(bytes.len() / 2);
    with_body(StatusCode::OK, JSON, bytes)
}

/// HTTP 200 and an envelope with this return code (and its description), no `info` (faults
/// `ReturnCode`, `ReturnCodeAfterEffect`).
pub(crate) fn return_code(code: &str) -> Response<Body> {
    let code = ReturnCode::from_code(code);
    let message = code.description();
    envelope(&Envelope::without_info(code, message))
}

/// The envelope with an `info` of the wrong type, the JSON string `"unavailable"`, where the
/// endpoint has an object or a list (fault `MalformedInfo`). `returnCode` and
/// `returnMessage` stay first and readable.
pub(crate) fn malformed_info(mut envelope: Envelope) -> Response<Body> {
    if let Ok(info) = serde_json::value::to_raw_value("unavailable") {
        envelope.info = Some(info);
    }
    self::envelope(&envelope)
}

/// `404` with a `2101` envelope: no API at this path.
pub(crate) fn unknown_api(method: &Method, path: &str) -> Response<Body> {
    envelope_with_status(
        StatusCode::NOT_FOUND,
        &Envelope::without_info(
            ReturnCode::ParameterError,
            format!("No API at {method} {path}."),
        ),
    )
}

/// `405` with `Allow` and a `2101` envelope: the path is an API's, the method is not.
pub(crate) fn wrong_api_method(allowed: &Method, method: &Method, path: &str) -> Response<Body> {
    let mut response = envelope_with_status(
        StatusCode::METHOD_NOT_ALLOWED,
        &Envelope::without_info(
            ReturnCode::ParameterError,
            format!("{path} takes {allowed}, not {method}."),
        ),
    );
    if let Ok(value) = HeaderValue::from_str(allowed.as_str()) {
        response.headers_mut().insert(ALLOW, value);
    }
    response
}

/// `413` with a `2101` envelope: a body above the limit (or one that broke off).
pub(crate) fn body_too_large() -> Response<Body> {
    envelope_with_status(
        StatusCode::PAYLOAD_TOO_LARGE,
        &Envelope::without_info(ReturnCode::ParameterError, "The request body is too large."),
    )
}

/// `500` with a `9000` envelope: the handler failed (it never should).
pub(crate) fn internal_error() -> Response<Body> {
    envelope_with_status(
        StatusCode::INTERNAL_SERVER_ERROR,
        &Envelope::without_info(ReturnCode::InternalError, "Internal error."),
    )
}

/// An admin answer: JSON with `status`.
pub(crate) fn json<T: Serialize>(status: StatusCode, value: &T) -> Response<Body> {
    match serde_json::to_vec(value) {
        Ok(bytes) => with_body(status, JSON, bytes),
        Err(_) => internal_error(),
    }
}

/// An admin error: `{"error": message}` with `status`.
pub(crate) fn admin_error(status: StatusCode, message: impl Into<String>) -> Response<Body> {
    json(status, &serde_json::json!({ "error": message.into() }))
}

/// An HTML page.
pub(crate) fn html(status: StatusCode, page: String) -> Response<Body> {
    with_body(status, HTML, page.into_bytes())
}

/// `303 See Other` to `location`.
pub(crate) fn see_other(location: &str) -> Response<Body> {
    let mut response = html(
        StatusCode::SEE_OTHER,
        format!(
            "<!DOCTYPE html><title>See Other</title><p><a href=\"{0}\">{0}</a></p>",
            escape(location)
        ),
    );
    if let Ok(value) = HeaderValue::from_str(&header_safe(location)) {
        response.headers_mut().insert(LOCATION, value);
    }
    response
}

/// The HTML error page an nginx in front of LINE Pay shows (fault `ServerErrorHtml`).
pub(crate) fn proxy_error(status: u16) -> Response<Body> {
    let status = StatusCode::from_u16(status)
        .ok()
        .filter(|status| status.as_u16() >= 400)
        .unwrap_or(StatusCode::BAD_GATEWAY);
    let title = format!(
        "{} {}",
        status.as_str(),
        status.canonical_reason().unwrap_or("Error")
    );
    let page = format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    );
    with_body(
        status,
        HeaderValue::from_static("text/html"),
        page.into_bytes(),
    )
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    async fn body(response: Response<Body>) -> Vec<u8> {
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec()
    }

    #[tokio::test]
    async fn truncates_to_half() {
        let envelope = Envelope::without_info(ReturnCode::Success, "Success.");
        let full = serde_json::to_vec(&envelope).unwrap();
        let cut = body(truncated(&envelope)).await;
        assert_eq!(cut, full[..full.len() / 2]);
        assert!(serde_json::from_slice::<serde_json::Value>(&cut).is_err());
    }

    #[tokio::test]
    async fn malformed_info_keeps_the_code_first() {
        let envelope = Envelope::with_info(
            ReturnCode::Success,
            "Success.",
            &serde_json::json!({"a": 1}),
        )
        .unwrap();
        let bytes = body(malformed_info(envelope)).await;
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            r#"{"returnCode":"0000","returnMessage":"Success.","info":"unavailable"}"#
        );
    }

    #[tokio::test]
    async fn proxy_pages() {
        let page = proxy_error(502);
        assert_eq!(page.status(), StatusCode::BAD_GATEWAY);
        let text = String::from_utf8(body(page).await).unwrap();
        assert!(text.contains("<title>502 Bad Gateway</title>"));
        assert_eq!(proxy_error(42).status(), StatusCode::BAD_GATEWAY);
    }

    #[test]
    fn escapes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}

//! The one query-string encoder and decoder.
//!
//! LINE Pay signs the query string it receives, so the client must send exactly the string it
//! signed. Every query is therefore built here, once: pairs in declaration order, repeated
//! keys for lists, every byte outside RFC 3986's unreserved set percent-encoded (so no HTTP
//! library has a reason to re-encode it).

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// Bytes left as they are: RFC 3986 unreserved characters. Everything else is `%XX`.
pub(crate) const ENCODE_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Appends a query string, `key=value&key=value`, without the leading `?`, to a buffer.
///
/// ```
/// use linepay_core::endpoint::query::QueryWriter;
///
/// let mut out = Vec::new();
/// let mut query = QueryWriter::new(&mut out);
/// query.pair("orderId", "A 1&2");
/// query.pair("orderId", "測");
/// assert_eq!(out, b"orderId=A%201%262&orderId=%E6%B8%AC");
/// ```
#[derive(Debug)]
pub struct QueryWriter<'a> {
    out: &'a mut Vec<u8>,
    start: usize,
}

impl<'a> QueryWriter<'a> {
    /// A query appended to what `out` already holds.
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        let start = out.len();
        Self { out, start }
    }

    /// Appends one pair, percent-encoding key and value.
    pub fn pair(&mut self, key: &str, value: &str) {
        if self.out.len() > self.start {
            self.out.push(b'&');
        }
        self.push_encoded(key);
        self.out.push(b'=');
        self.push_encoded(value);
    }

    fn push_encoded(&mut self, text: &str) {
        for piece in utf8_percent_encode(text, ENCODE_SET) {
            self.out.extend_from_slice(piece.as_bytes());
        }
    }
}

/// Splits a received query string into decoded pairs, in order. `+` is read as a space, as
/// form-encoding servers do; a pair without `=` has an empty value.
///
/// ```
/// use linepay_core::endpoint::query::parse_query;
///
/// let pairs = parse_query("orderId=A%201&orderId=B+2&flag");
/// let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
/// assert_eq!(pairs, [("orderId", "A 1"), ("orderId", "B 2"), ("flag", "")]);
/// ```
pub fn parse_query(query: &str) -> Vec<(Cow<'_, str>, Cow<'_, str>)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode_component(key), decode_component(value))
        })
        .collect()
}

/// Decodes one query component: `+` to space, then `%XX` (invalid UTF-8 becomes `U+FFFD`).
fn decode_component(component: &str) -> Cow<'_, str> {
    if component.contains('+') {
        let spaced = component.replace('+', " ");
        Cow::Owned(percent_decode_str(&spaced).decode_utf8_lossy().into_owned())
    } else {
        percent_decode_str(component).decode_utf8_lossy()
    }
}

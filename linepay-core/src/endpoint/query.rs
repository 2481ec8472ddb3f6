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

/// Builds a query string, `key=value&key=value`, without the leading `?`.
///
/// ```
/// use linepay_core::endpoint::query::QueryWriter;
///
/// let mut query = QueryWriter::new();
/// query.pair("orderId", "A 1&2");
/// query.pair("orderId", "測");
/// assert_eq!(query.finish(), "orderId=A%201%262&orderId=%E6%B8%AC");
/// ```
#[derive(Debug, Default)]
pub struct QueryWriter {
    query: String,
}

impl QueryWriter {
    /// An empty query.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends one pair, percent-encoding key and value.
    pub fn pair(&mut self, key: &str, value: &str) {
        if self.query.is_empty() {
            // Room for a typical query at once, rather than growing 8, 16, 32, 64.
            self.query.reserve(64);
        } else {
            self.query.push('&');
        }
        self.query.extend(utf8_percent_encode(key, ENCODE_SET));
        self.query.push('=');
        self.query.extend(utf8_percent_encode(value, ENCODE_SET));
    }

    /// The finished query string.
    pub fn finish(self) -> String {
        self.query
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

//! Why a signature does not verify (`1106`): the signed message part by part with the secret
//! masked, the classic mistakes visible in the inputs, and, given the signature that was
//! received, the mistake that reproduces it.
//!
//! One module for both sides of a `1106`: linepay-mock explains every call whose signature
//! does not verify with it (its request log and console), and the `sign` example prints it
//! for `--explain`.
//!
//! ```
//! use linepay_core::ChannelSecret;
//! use linepay_core::signing::explain::{Cause, PayloadKind, SignedMessage, explain};
//! use linepay_core::signing::sign;
//!
//! let secret = ChannelSecret::new("a917ab6a2367b536f8e5a6e2977e06f4")?;
//! let nonce = "44453d45-768e-40e8-8349-748e797c450f";
//! // A client that signed the path with the query attached, as LINE Pay's own guide sample does.
//! let wrong = sign(&secret, "/v3/payments?orderId=A1", b"", nonce);
//! let received = SignedMessage::new("/v3/payments", b"orderId=A1", PayloadKind::Query, nonce);
//! let explanation = explain(&secret, &received, Some(wrong.as_str()));
//! assert!(!explanation.verifies());
//! assert_eq!(explanation.cause(), Some(&Cause::QueryInPath));
//! assert!(explanation.to_string().contains("<secret a9…f4>"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Cow;
use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::percent_decode_str;

use super::{Signature, sign};
use crate::credentials::ChannelSecret;
use crate::nonce::Nonce;

/// What follows the path in the signed message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PayloadKind {
    /// The raw JSON body of a POST.
    Body,
    /// The query string of a GET, without `?`.
    Query,
    /// Nothing: a GET without query, or a POST without body.
    Empty,
}

/// A request as it was signed, or as it was received: everything the signature covers,
/// and the host it was sent to (for recognizing a host signed with the path).
#[derive(Clone, Copy, Debug)]
pub struct SignedMessage<'a> {
    path: &'a str,
    payload: &'a [u8],
    kind: PayloadKind,
    nonce: &'a str,
    host: Option<&'a str>,
}

impl<'a> SignedMessage<'a> {
    /// The path (without host or query), the payload of `kind`, and the nonce.
    pub fn new(path: &'a str, payload: &'a [u8], kind: PayloadKind, nonce: &'a str) -> Self {
        Self {
            path,
            payload,
            kind,
            nonce,
            host: None,
        }
    }

    /// The `Host` the request was sent to.
    #[must_use]
    pub fn with_host(mut self, host: &'a str) -> Self {
        self.host = Some(host);
        self
    }

    fn payload_text(&self) -> Cow<'a, str> {
        String::from_utf8_lossy(self.payload)
    }
}

/// One part of the signed message, as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// `secret`, `path`, `body`, `query` or `payload`, `nonce`.
    pub label: &'static str,
    /// The part's text; the secret masked ([`mask_secret`]) unless shown.
    pub text: String,
    /// Its length in bytes (the secret's real length, also when masked).
    pub bytes: usize,
}

/// The mistake that reproduces a received signature.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cause {
    /// The signature is the hex digest, not Base64.
    Hex,
    /// A scheme and host were signed with the path (`signed` is the path so signed).
    HostInPath {
        /// The path as the client signed it.
        signed: String,
    },
    /// The query was signed as part of the path (`path?query`), as LINE Pay's guide
    /// samples do, instead of after it without `?`.
    QueryInPath,
    /// The query was signed twice: with the path and after it.
    QueryTwice,
    /// The query's pairs were signed in another order than they were sent.
    QueryOrder,
    /// The query was signed decoded, or encoded otherwise, than it was sent.
    QueryEncoding,
    /// The path was signed with its parameters decoded (`訂單 1` for `%E8%A8%82…%201`).
    PathEncoding,
    /// The JSON body was formatted (spaces, line breaks or key order) differently when
    /// signed than when sent: serialize once, sign and send those bytes.
    BodyReformatted,
    /// The body signed was not the body sent (`signed`: `""`, `{}` or `null`).
    BodyMismatch {
        /// What was signed instead.
        signed: &'static str,
    },
    /// No common mistake reproduces it: the channel secret differs, or the message was
    /// changed some other way (path, payload, nonce).
    Unrecognized,
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::Hex => f.write_str(
                "the signature is a hex digest: LINE Pay expects Base64 of the 32-byte HMAC",
            ),
            Cause::HostInPath { signed } => write!(
                f,
                "the host was signed with the path (`{signed}`): sign the path alone"
            ),
            Cause::QueryInPath => f.write_str(
                "the query was signed as part of the path (`path?query`): sign the path, then \
                 the query without `?`",
            ),
            Cause::QueryTwice => f.write_str(
                "the query was signed twice, with the path and after it: sign the path without it",
            ),
            Cause::QueryOrder => f.write_str(
                "the query's pairs were signed in another order than sent: sign the query string \
                 exactly as sent",
            ),
            Cause::QueryEncoding => f.write_str(
                "the query was signed decoded or encoded otherwise than sent: sign the encoded \
                 string sent after `?`",
            ),
            Cause::PathEncoding => f.write_str(
                "the path was signed with its parameters decoded: sign the percent-encoded path \
                 as sent",
            ),
            Cause::BodyReformatted => f.write_str(
                "the JSON body was formatted differently when signed (spaces, line breaks or key \
                 order): serialize once, then sign and send the same bytes",
            ),
            Cause::BodyMismatch { signed } => write!(
                f,
                "`{signed}` was signed in place of the body sent: sign the bytes sent"
            ),
            Cause::Unrecognized => f.write_str(
                "no common mistake reproduces it: the channel secret differs, or the path, \
                 payload or nonce were changed after signing",
            ),
        }
    }
}

/// The signed message part by part, the expected signature, and, when one was received and
/// differs, the likely cause.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    kind: PayloadKind,
    parts: Vec<Part>,
    expected: Signature,
    received: Option<String>,
    cause: Option<Cause>,
    warnings: Vec<String>,
}

/// Explains the signature of `message` under `secret`, compared with `received` when given.
pub fn explain(
    secret: &ChannelSecret,
    message: &SignedMessage<'_>,
    received: Option<&str>,
) -> Explanation {
    let expected = sign(secret, message.path, message.payload, message.nonce);
    let secret_bytes = secret.expose();
    let payload_label = match message.kind {
        PayloadKind::Body => "body",
        PayloadKind::Query => "query",
        PayloadKind::Empty => "payload",
    };
    let parts = vec![
        Part {
            label: "secret",
            text: mask_secret(&String::from_utf8_lossy(secret_bytes)),
            bytes: secret_bytes.len(),
        },
        Part {
            label: "path",
            text: message.path.to_owned(),
            bytes: message.path.len(),
        },
        Part {
            label: payload_label,
            text: message.payload_text().into_owned(),
            bytes: message.payload.len(),
        },
        Part {
            label: "nonce",
            text: message.nonce.to_owned(),
            bytes: message.nonce.len(),
        },
    ];
    let cause = received
        .filter(|received| *received != expected.as_str())
        .map(|received| likely_cause(secret, message, received));
    Explanation {
        kind: message.kind,
        parts,
        expected,
        received: received.map(str::to_owned),
        cause,
        warnings: warnings(message),
    }
}

impl Explanation {
    /// The parts of the signed message, in order: secret (masked), path, payload, nonce.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The signature the message has.
    pub fn expected(&self) -> &Signature {
        &self.expected
    }

    /// The signature that was received, if one was given.
    pub fn received(&self) -> Option<&str> {
        self.received.as_deref()
    }

    /// Whether the received signature is the expected one (`false` when none was given).
    pub fn verifies(&self) -> bool {
        self.received.as_deref() == Some(self.expected.as_str())
    }

    /// The mistake that reproduces the received signature, when it differs.
    pub fn cause(&self) -> Option<&Cause> {
        self.cause.as_ref()
    }

    /// Classic mistakes visible in the message itself (`warning: …`, `note: …`).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Shows `secret` itself in place of its mask (for a report kept private).
    pub fn show_secret(&mut self, secret: &str) {
        if let Some(part) = self.parts.first_mut() {
            part.text = secret.to_owned();
        }
    }
}

/// The report `sign --explain` prints and linepay-mock's console shows.
impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (method, payload_label) = match self.kind {
            PayloadKind::Body => ("POST (payload = the request body)", "body"),
            PayloadKind::Query => ("GET (payload = the query string)", "query"),
            PayloadKind::Empty => (
                "GET without query, or POST without body (payload = the empty string)",
                "payload",
            ),
        };
        writeln!(f, "method:  {method}")?;
        writeln!(
            f,
            "formula: Base64(HMAC-SHA256(key = secret, message = secret + path + {payload_label} + nonce))"
        )?;
        let message: String = self.parts.iter().map(|part| part.text.as_str()).collect();
        writeln!(f, "message: {}", visible(&message))?;
        for part in &self.parts {
            writeln!(
                f,
                "  {:<8} {:>4} bytes  [{}]",
                format!("{}:", part.label),
                part.bytes,
                visible(&part.text)
            )?;
        }
        let total: usize = self.parts.iter().map(|part| part.bytes).sum();
        writeln!(
            f,
            "  {:<8} {:>4} bytes  (UTF-8, signed in this order)",
            "total:", total
        )?;
        if let Some(received) = &self.received {
            writeln!(f, "expected: {}", self.expected)?;
            writeln!(f, "received: {}", visible(received))?;
        }
        if let Some(cause) = &self.cause {
            writeln!(f, "likely cause: {cause}")?;
        }
        for line in &self.warnings {
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}

/// The secret as explanations show it: its first and last two characters when it has at
/// least 12 (enough to tell two secrets apart), nothing of a shorter one.
///
/// ```
/// use linepay_core::signing::explain::mask_secret;
///
/// assert_eq!(mask_secret("a917ab6a2367b536f8e5a6e2977e06f4"), "<secret a9…f4>");
/// assert_eq!(mask_secret("short"), "<secret …>");
/// ```
pub fn mask_secret(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() < 12 {
        return "<secret …>".to_owned();
    }
    let head: String = chars[..2].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("<secret {head}…{tail}>")
}

/// Tries the classic mistakes, in order, on the message as received: the first whose
/// signature is `received` is the cause.
fn likely_cause(secret: &ChannelSecret, message: &SignedMessage<'_>, received: &str) -> Cause {
    let signs = |path: &str, payload: &[u8]| {
        sign(secret, path, payload, message.nonce).as_str() == received
    };
    if hex(&sign(secret, message.path, message.payload, message.nonce))
        .is_some_and(|hex| hex.eq_ignore_ascii_case(received))
    {
        return Cause::Hex;
    }
    let hosts = message
        .host
        .into_iter()
        .chain(["api-pay.line.me", "sandbox-api-pay.line.me"]);
    for host in hosts {
        for scheme in ["https://", "http://", ""] {
            let signed = format!("{scheme}{host}{}", message.path);
            if signs(&signed, message.payload) {
                return Cause::HostInPath { signed };
            }
        }
    }
    let payload = message.payload_text();
    if message.kind == PayloadKind::Query && !payload.is_empty() {
        let with_query = format!("{}?{payload}", message.path);
        if signs(&with_query, b"") {
            return Cause::QueryInPath;
        }
        if signs(&with_query, message.payload) {
            return Cause::QueryTwice;
        }
        if query_reordered(&payload).any(|query| signs(message.path, query.as_bytes())) {
            return Cause::QueryOrder;
        }
        if query_reencoded(&payload).any(|query| signs(message.path, query.as_bytes())) {
            return Cause::QueryEncoding;
        }
    }
    if let Ok(decoded) = percent_decode_str(message.path).decode_utf8()
        && decoded != message.path
        && signs(&decoded, message.payload)
    {
        return Cause::PathEncoding;
    }
    if message.kind == PayloadKind::Body
        && body_reformatted(&payload).any(|body| signs(message.path, body.as_bytes()))
    {
        return Cause::BodyReformatted;
    }
    for signed in ["", "{}", "null"] {
        if message.payload != signed.as_bytes() && signs(message.path, signed.as_bytes()) {
            return Cause::BodyMismatch { signed };
        }
    }
    Cause::Unrecognized
}

/// The hex digest behind a Base64 signature.
fn hex(signature: &Signature) -> Option<String> {
    let mut bytes = [0u8; 32];
    let len = STANDARD.decode_slice(signature.as_str(), &mut bytes).ok()?;
    Some(
        bytes[..len]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect(),
    )
}

/// The query's pairs sorted, and reversed.
fn query_reordered(query: &str) -> impl Iterator<Item = String> {
    let mut pairs: Vec<&str> = query.split('&').collect();
    let mut candidates = Vec::new();
    if pairs.len() > 1 {
        pairs.sort_unstable();
        candidates.push(pairs.join("&"));
        pairs.reverse();
        candidates.push(pairs.join("&"));
        let mut original: Vec<&str> = query.split('&').collect();
        original.reverse();
        candidates.push(original.join("&"));
    }
    candidates
        .into_iter()
        .filter(move |candidate| candidate != query)
}

/// The query decoded, and encoded as forms do (`+` for a space) and with `%20`.
fn query_reencoded(query: &str) -> impl Iterator<Item = String> {
    let decoded = percent_decode_str(&query.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned();
    let mut candidates = vec![decoded.clone()];
    let pairs = crate::endpoint::query::parse_query(query);
    let form: Vec<String> = pairs
        .iter()
        .map(|(key, value)| {
            let encode = |text: &str| {
                percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC)
                    .to_string()
            };
            format!("{}={}", encode(key), encode(value))
        })
        .collect();
    candidates.push(form.join("&"));
    candidates.push(form.join("&").replace("%20", "+"));
    let query = query.to_owned();
    candidates
        .into_iter()
        .filter(move |candidate| *candidate != query)
}

/// The body without whitespace outside strings, with a space after `:` and `,` (Python's
/// `json.dumps`), pretty-printed, and with its keys sorted.
fn body_reformatted(body: &str) -> impl Iterator<Item = String> {
    let mut candidates = vec![respace(body, "", ""), respace(body, " ", " ")];
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(body) {
        if let Ok(pretty) = serde_json::to_string_pretty(&value) {
            candidates.push(pretty);
        }
        if let Ok(compact) = serde_json::to_string(&value) {
            candidates.push(compact);
        }
    }
    let body = body.to_owned();
    candidates
        .into_iter()
        .filter(move |candidate| *candidate != body)
}

/// `json` with the whitespace outside strings removed, then `after_colon` and `after_comma`
/// written after each `:` and `,` outside strings.
fn respace(json: &str, after_colon: &str, after_comma: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for (_, c, in_string) in json_chars(json) {
        match c {
            _ if in_string => out.push(c),
            ':' => {
                out.push(c);
                out.push_str(after_colon);
            }
            ',' => {
                out.push(c);
                out.push_str(after_comma);
            }
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// Each character of `json` with its byte offset and whether it belongs to a string (its
/// quotes included), escapes followed.
fn json_chars(json: &str) -> impl Iterator<Item = (usize, char, bool)> + '_ {
    let (mut in_string, mut escaped) = (false, false);
    json.char_indices().map(move |(offset, c)| {
        let belongs = in_string || c == '"';
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        }
        (offset, c, belongs)
    })
}

/// Warnings (`warning:`) for classic mistakes and notes (`note:`), read from the message.
fn warnings(message: &SignedMessage<'_>) -> Vec<String> {
    let mut lines = Vec::new();
    let mut warn = |text: String| lines.push(format!("warning: {text}"));

    let path = message.path;
    let without_scheme = path
        .strip_prefix("https://")
        .or_else(|| path.strip_prefix("http://"));
    // The path as it should be signed: no scheme, no host, starting with `/`.
    let bare = match without_scheme {
        Some(rest) => rest
            .find('/')
            .map_or("/".to_owned(), |i| rest[i..].to_owned()),
        None if path.starts_with('/') => path.to_owned(),
        None => match path.split_once('/') {
            Some((host, rest)) if host.contains('.') => format!("/{rest}"),
            _ => format!("/{path}"),
        },
    };
    let (bare, query_in_path) = match bare.split_once('?') {
        Some((bare, query)) => (bare.to_owned(), Some(query.to_owned())),
        None => (bare, None),
    };
    if without_scheme.is_some() {
        warn(format!(
            "path contains a host: sign the path alone, such as `{bare}`"
        ));
    } else if !path.starts_with('/') {
        warn(format!(
            "path does not start with `/`: sign the path from `/v3/` on, without host, such as `{bare}`"
        ));
    }
    if let Some(query) = query_in_path {
        warn(format!(
            "path contains `?`: the path is signed without its query; use `--path {bare} --query {query}`"
        ));
    }
    let nonce = message.nonce;
    if nonce.trim() != nonce {
        warn("nonce has leading/trailing whitespace (copy-paste?): it is signed as is".into());
    }
    if Nonce::fixed(nonce).is_err() {
        warn("nonce is not 1 to 128 visible ASCII characters: it cannot be sent as the X-LINE-Authorization-Nonce header as is".into());
    }

    let payload = message.payload_text();
    match message.kind {
        PayloadKind::Query => {
            if let Some(rest) = payload.strip_prefix('?') {
                warn(format!(
                    "query starts with `?`: the signed query string excludes it; use `--query {rest}`"
                ));
            }
            if payload.chars().any(|c| c == ' ' || !c.is_ascii()) {
                warn("query has spaces or non-ASCII characters: percent-encode it once, and sign exactly the string sent after `?`".into());
            }
        }
        PayloadKind::Body => {
            if let Some(offset) = whitespace_outside_strings(&payload) {
                warn(format!(
                    "body JSON has whitespace outside strings (first at byte {offset}, e.g. after `:` or `,`): \
                     the signed body must be byte-identical to the sent one; serialize once and send those bytes"
                ));
            }
            if !payload.is_ascii() {
                lines.push(format!(
                    "note: body has non-ASCII characters: signed as UTF-8 ({} characters, {} bytes); \
                     send the same UTF-8 bytes (a \\u-escaped body must be signed \\u-escaped)",
                    payload.chars().count(),
                    payload.len()
                ));
            }
            if payload.is_empty() {
                lines.push("note: empty --body is the same as no payload".into());
            }
        }
        PayloadKind::Empty => lines.push(
            "note: empty payload, message = secret + path + nonce; if your client sends `{}` \
             for a bodiless POST, sign `--body '{}'` instead"
                .into(),
        ),
    }
    lines
}

/// Byte offset of the first whitespace outside JSON strings, if any.
fn whitespace_outside_strings(json: &str) -> Option<usize> {
    json_chars(json)
        .find(|&(_, c, in_string)| !in_string && c.is_whitespace())
        .map(|(offset, _, _)| offset)
}

/// `text` on one line: control characters escaped, everything else as is.
fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONCE: &str = "44453d45-768e-40e8-8349-748e797c450f";

    fn secret() -> ChannelSecret {
        ChannelSecret::new("a917ab6a2367b536f8e5a6e2977e06f4").unwrap()
    }

    /// What `explain` finds when the client signed `signed` (path, payload) but sent `sent`.
    fn cause_of(signed: (&str, &str), sent: SignedMessage<'_>) -> Option<Cause> {
        let received = sign(&secret(), signed.0, signed.1.as_bytes(), NONCE);
        explain(&secret(), &sent, Some(received.as_str()))
            .cause()
            .cloned()
    }

    #[test]
    fn each_classic_mistake_is_recognized() {
        let get = |path, query| SignedMessage::new(path, query, PayloadKind::Query, NONCE);
        let post = |path, body| SignedMessage::new(path, body, PayloadKind::Body, NONCE);
        let host = get("/v3/payments", b"orderId=A").with_host("127.0.0.1:8787");
        let cases = [
            (
                ("http://127.0.0.1:8787/v3/payments", "orderId=A"),
                host,
                Cause::HostInPath {
                    signed: "http://127.0.0.1:8787/v3/payments".to_owned(),
                },
            ),
            (
                ("https://sandbox-api-pay.line.me/v3/payments", "orderId=A"),
                get("/v3/payments", b"orderId=A"),
                Cause::HostInPath {
                    signed: "https://sandbox-api-pay.line.me/v3/payments".to_owned(),
                },
            ),
            (
                ("/v3/payments?orderId=A", ""),
                get("/v3/payments", b"orderId=A"),
                Cause::QueryInPath,
            ),
            (
                ("/v3/payments?orderId=A", "orderId=A"),
                get("/v3/payments", b"orderId=A"),
                Cause::QueryTwice,
            ),
            (
                ("/v3/payments", "orderId=A&transactionId=1"),
                get("/v3/payments", b"transactionId=1&orderId=A"),
                Cause::QueryOrder,
            ),
            (
                ("/v3/payments", "orderId=A B"),
                get("/v3/payments", b"orderId=A%20B"),
                Cause::QueryEncoding,
            ),
            (
                ("/v3/payments", "orderId=A+B"),
                get("/v3/payments", b"orderId=A%20B"),
                Cause::QueryEncoding,
            ),
            (
                ("/v4/payments/orders/訂單 1/check", ""),
                SignedMessage::new(
                    "/v4/payments/orders/%E8%A8%82%E5%96%AE%201/check",
                    b"",
                    PayloadKind::Empty,
                    NONCE,
                ),
                Cause::PathEncoding,
            ),
            (
                ("/v3/payments/request", r#"{"amount":1,"currency":"TWD"}"#),
                post(
                    "/v3/payments/request",
                    br#"{"amount": 1, "currency": "TWD"}"#,
                ),
                Cause::BodyReformatted,
            ),
            (
                (
                    "/v3/payments/request",
                    r#"{"amount": 1, "currency": "TWD"}"#,
                ),
                post("/v3/payments/request", br#"{"amount":1,"currency":"TWD"}"#),
                Cause::BodyReformatted,
            ),
            (
                ("/v3/payments/request", r#"{"amount":1,"currency":"TWD"}"#),
                post("/v3/payments/request", br#"{"currency":"TWD","amount":1}"#),
                Cause::BodyReformatted,
            ),
            (
                ("/v3/payments/1/void", ""),
                post("/v3/payments/1/void", b"{}"),
                Cause::BodyMismatch { signed: "" },
            ),
            (
                ("/v3/payments/1/void", "null"),
                post("/v3/payments/1/void", b"{}"),
                Cause::BodyMismatch { signed: "null" },
            ),
        ];
        for (signed, sent, expected) in cases {
            assert_eq!(cause_of(signed, sent), Some(expected.clone()), "{signed:?}");
        }
    }

    #[test]
    fn hex_another_secret_and_a_match() {
        let message = SignedMessage::new("/v3/payments", b"orderId=A", PayloadKind::Query, NONCE);
        let right = sign(&secret(), "/v3/payments", b"orderId=A", NONCE);
        let as_hex = hex(&right).unwrap();
        let found = explain(&secret(), &message, Some(&as_hex.to_uppercase()));
        assert_eq!(found.cause(), Some(&Cause::Hex));

        let other = ChannelSecret::new("another-secret-entirely").unwrap();
        let wrong = sign(&other, "/v3/payments", b"orderId=A", NONCE);
        let found = explain(&secret(), &message, Some(wrong.as_str()));
        assert_eq!(found.cause(), Some(&Cause::Unrecognized));

        let ok = explain(&secret(), &message, Some(right.as_str()));
        assert!(ok.verifies());
        assert_eq!(ok.cause(), None);
        let report = ok.to_string();
        assert!(report.contains("<secret a9…f4>"), "{report}");
        assert!(
            !report.contains("a917ab6a2367b536f8e5a6e2977e06f4"),
            "{report}"
        );
        assert!(!report.contains("likely cause"), "{report}");
    }

    #[test]
    fn respacing_keeps_strings() {
        let body = r#"{"name": "a, b: c", "n" :1}"#;
        assert_eq!(respace(body, "", ""), r#"{"name":"a, b: c","n":1}"#);
        assert_eq!(respace(body, " ", " "), r#"{"name": "a, b: c", "n": 1}"#);
    }
}

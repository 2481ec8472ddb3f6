//! The request log: every LINE Pay API call the mock received, with what it answered and,
//! for a signature that did not verify, why; in a ring of bounded size
//! ([`MockConfig::request_log`](crate::MockConfig::request_log)).

use std::collections::VecDeque;

use http::HeaderMap;
use linepay_core::signing::explain::Explanation;
use serde::{Deserialize, Serialize};

use crate::route::Route;

/// The most body bytes a log entry keeps (the rest is counted, not kept).
const MAX_LOGGED_BODY: usize = 64 * 1024;

/// Headers whose values are secrets: shown as `<hidden>`. (`X-LINE-ChannelSecret` is what
/// the legacy Offline v2 sends in place of a signature.)
const HIDDEN_HEADERS: [&str; 5] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "x-mock-admin-token",
    "x-line-channelsecret",
];

/// One API call as the mock received and answered it.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let mock = linepay_mock::MockServer::start().await?;
/// assert!(mock.request_log().is_empty()); // nothing received yet
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LoggedCall {
    /// The call's number, counting from 1 since the mock started.
    pub id: u64,
    /// When it arrived, on the mock's clock (ISO-8601).
    pub received_at: String,
    /// The HTTP method.
    pub method: String,
    /// The path, as received (percent-encoded).
    pub path: String,
    /// The raw query string, without `?`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// The endpoint, when the method and path are one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<Route>,
    /// The headers received, in order; secrets (admin tokens, cookies) as `<hidden>`.
    pub headers: Vec<LoggedHeader>,
    /// The body's size in bytes.
    pub body_bytes: usize,
    /// The body as text (invalid UTF-8 replaced), at most 64 KiB of it.
    pub body: String,
    /// The HTTP status answered (`None`: the connection was closed without an answer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// LINE Pay's return code answered, when the answer was an envelope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_code: Option<String>,
    /// From arrival to answer, in milliseconds of real time.
    pub latency_ms: u64,
    /// Why the signature did not verify, for a call answered `1106` for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<SignatureReport>,
    /// Another reason the call was refused before decoding (a channel id that is not this
    /// mock's, a missing header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A received header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct LoggedHeader {
    /// Its name, lower case.
    pub name: String,
    /// Its value (invalid UTF-8 replaced), or `<hidden>`.
    pub value: String,
}

/// Why a signature did not verify: what the mock signed, part by part (the secret masked),
/// the signature that has, the one received, and the mistake that reproduces it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SignatureReport {
    /// `secret`, `path`, `body`/`query`/`payload`, `nonce`, as signed.
    pub parts: Vec<SignedPart>,
    /// The signature of that message.
    pub expected: String,
    /// The signature received.
    pub received: String,
    /// The likely cause, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likely_cause: Option<String>,
    /// Classic mistakes visible in the request itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// The whole explanation as `sign --explain` prints it.
    pub report: String,
}

/// One part of the signed message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SignedPart {
    /// What it is: `secret`, `path`, `body`, `query`, `payload` or `nonce`.
    pub label: String,
    /// Its text (the secret masked).
    pub text: String,
    /// Its length in bytes.
    pub bytes: usize,
}

impl From<&Explanation> for SignatureReport {
    fn from(explanation: &Explanation) -> Self {
        Self {
            parts: explanation
                .parts()
                .iter()
                .map(|part| SignedPart {
                    label: part.label.to_owned(),
                    text: part.text.clone(),
                    bytes: part.bytes,
                })
                .collect(),
            expected: explanation.expected().to_string(),
            received: explanation.received().unwrap_or_default().to_owned(),
            likely_cause: explanation.cause().map(ToString::to_string),
            warnings: explanation.warnings().to_vec(),
            report: explanation.to_string(),
        }
    }
}

/// The headers as the log keeps them.
pub(crate) fn logged_headers(headers: &HeaderMap) -> Vec<LoggedHeader> {
    headers
        .iter()
        .map(|(name, value)| LoggedHeader {
            name: name.as_str().to_owned(),
            value: if HIDDEN_HEADERS.contains(&name.as_str()) {
                "<hidden>".to_owned()
            } else {
                String::from_utf8_lossy(value.as_bytes()).into_owned()
            },
        })
        .collect()
}

/// The body as the log keeps it.
pub(crate) fn logged_body(body: &[u8]) -> String {
    String::from_utf8_lossy(&body[..body.len().min(MAX_LOGGED_BODY)]).into_owned()
}

/// The last calls, oldest first; the oldest is dropped when the ring is full.
#[derive(Debug)]
pub(crate) struct RequestLog {
    capacity: usize,
    next_id: u64,
    calls: VecDeque<LoggedCall>,
}

impl RequestLog {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            capacity,
            next_id: 1,
            calls: VecDeque::new(),
        }
    }

    /// The number the next call gets.
    pub(crate) fn next_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// Keeps `call`, dropping the oldest when full (a capacity of 0 keeps nothing).
    pub(crate) fn push(&mut self, call: LoggedCall) {
        if self.capacity == 0 {
            return;
        }
        if self.calls.len() == self.capacity {
            self.calls.pop_front();
        }
        self.calls.push_back(call);
    }

    /// Every call kept, newest first.
    pub(crate) fn newest_first(&self) -> Vec<LoggedCall> {
        self.calls.iter().rev().cloned().collect()
    }

    /// One call by its number, if still kept.
    pub(crate) fn get(&self, id: u64) -> Option<LoggedCall> {
        self.calls.iter().find(|call| call.id == id).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(id: u64) -> LoggedCall {
        LoggedCall {
            id,
            received_at: String::new(),
            method: "GET".to_owned(),
            path: "/v3/payments".to_owned(),
            query: None,
            route: None,
            headers: Vec::new(),
            body_bytes: 0,
            body: String::new(),
            status: Some(200),
            return_code: None,
            latency_ms: 0,
            signature: None,
            note: None,
        }
    }

    #[test]
    fn the_ring_keeps_the_newest() {
        let mut log = RequestLog::new(2);
        for _ in 0..3 {
            let id = log.next_id();
            log.push(call(id));
        }
        let ids: Vec<u64> = log.newest_first().iter().map(|call| call.id).collect();
        assert_eq!(ids, [3, 2]);
        assert_eq!(log.get(1), None);
        assert_eq!(log.get(3).map(|call| call.id), Some(3));

        let mut off = RequestLog::new(0);
        off.push(call(1));
        assert!(off.newest_first().is_empty());
    }

    #[test]
    fn secrets_are_hidden_and_bodies_bounded() {
        let mut headers = HeaderMap::new();
        headers.insert("x-mock-admin-token", "t0ken".parse().unwrap());
        headers.insert("x-line-channelsecret", "s3cret".parse().unwrap());
        headers.insert("x-line-channelid", "1234567890".parse().unwrap());
        let logged = logged_headers(&headers);
        let text = format!("{logged:?}");
        assert!(
            !text.contains("t0ken") && !text.contains("s3cret"),
            "{text}"
        );
        assert!(text.contains("1234567890"), "{text}");
        assert_eq!(logged_body(&vec![b'a'; 100_000]).len(), MAX_LOGGED_BODY);
        assert_eq!(logged_body(b"\xff{}"), "\u{fffd}{}");
    }
}

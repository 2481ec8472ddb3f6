//! Who is calling: the channel id and the signature, checked as LINE Pay checks them.

use http::HeaderMap;
use http::header::HOST;
use linepay_core::signing::explain::{Explanation, PayloadKind, SignedMessage, explain};
use linepay_core::signing::{CHANNEL_ID_HEADER, NONCE_HEADER, SIGNATURE_HEADER, sign};
use linepay_core::{ChannelSecret, ReturnCode};

use crate::ledger::{Rejection, reject};

/// A call refused before decoding: LINE Pay's answer, and for the request log why.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub(crate) rejection: Rejection,
    /// For a signature that does not verify: what was expected, and the likely cause.
    pub(crate) explanation: Option<Box<Explanation>>,
    /// Another reason, in words.
    pub(crate) note: Option<String>,
}

impl Refusal {
    fn noted(rejection: Rejection, note: String) -> Self {
        Self {
            rejection,
            explanation: None,
            note: Some(note),
        }
    }
}

/// The channel a mock accepts.
#[derive(Debug)]
pub(crate) struct Channel {
    pub(crate) id: String,
    pub(crate) secret: ChannelSecret,
}

impl Channel {
    /// Checks a received API call, in LINE Pay's order:
    ///
    /// 1. `X-LINE-ChannelId` missing or not digits: `1106`;
    /// 2. another channel's id: `1104`;
    /// 3. `X-LINE-Authorization-Nonce` or `X-LINE-Authorization` missing: `1106`;
    /// 4. the signature recomputed over the raw `path` and `payload` (the body of a POST, the
    ///    raw query string of a GET) and the header nonce differs: `1106`, explained.
    pub(crate) fn check(
        &self,
        headers: &HeaderMap,
        path: &str,
        payload: &[u8],
        kind: PayloadKind,
    ) -> Result<(), Refusal> {
        let header = |name| {
            headers
                .get(name)
                .map(|value: &http::HeaderValue| value.as_bytes())
        };
        let channel_id = header(CHANNEL_ID_HEADER).unwrap_or_default();
        if channel_id.is_empty() || !channel_id.iter().all(u8::is_ascii_digit) {
            return Err(Refusal::noted(
                reject(
                    ReturnCode::HeaderError,
                    "Header information error. X-LINE-ChannelId data is invalid.",
                ),
                "X-LINE-ChannelId is missing or not digits".to_owned(),
            ));
        }
        if channel_id != self.id.as_bytes() {
            return Err(Refusal::noted(
                reject(ReturnCode::MerchantNotFound, "Merchant not found."),
                format!(
                    "X-LINE-ChannelId {} is not this channel's ({}): the wrong channel id, or \
                     credentials of another channel",
                    String::from_utf8_lossy(channel_id),
                    self.id
                ),
            ));
        }
        let (Some(nonce), Some(signature)) = (header(NONCE_HEADER), header(SIGNATURE_HEADER))
        else {
            return Err(Refusal::noted(
                reject(
                    ReturnCode::HeaderError,
                    "Header information error. X-LINE-Authorization-Nonce and X-LINE-Authorization are required.",
                ),
                "X-LINE-Authorization-Nonce or X-LINE-Authorization is missing".to_owned(),
            ));
        };
        let nonce = std::str::from_utf8(nonce).unwrap_or_default();
        if nonce.is_empty() {
            return Err(Refusal::noted(
                reject(
                    ReturnCode::HeaderError,
                    "Header information error. X-LINE-Authorization-Nonce data is invalid.",
                ),
                "X-LINE-Authorization-Nonce is empty or not UTF-8".to_owned(),
            ));
        }
        let expected = sign(&self.secret, path, payload, nonce);
        if !constant_time_eq(expected.as_str().as_bytes(), signature) {
            // Explained after the constant-time comparison: the answer stays 1106, the
            // reason goes to the request log.
            let mut message = SignedMessage::new(path, payload, kind, nonce);
            if let Some(host) = headers.get(HOST).and_then(|host| host.to_str().ok()) {
                message = message.with_host(host);
            }
            let received = String::from_utf8_lossy(signature);
            return Err(Refusal {
                rejection: reject(
                    ReturnCode::HeaderError,
                    "Header information error. X-LINE-Authorization data is invalid.",
                ),
                explanation: Some(Box::new(explain(&self.secret, &message, Some(&received)))),
                note: None,
            });
        }
        Ok(())
    }
}

/// Compares without stopping at the first difference, so the time taken does not tell how
/// much of a forged signature was right. (The length of a signature is public: 44.)
fn constant_time_eq(expected: &[u8], received: &[u8]) -> bool {
    if expected.len() != received.len() {
        return false;
    }
    let difference = expected
        .iter()
        .zip(received)
        .fold(0u8, |acc, (a, b)| acc | (a ^ b));
    difference == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn channel() -> Channel {
        Channel {
            id: "1234567890".to_owned(),
            secret: ChannelSecret::new("secret").unwrap(),
        }
    }

    fn headers(id: &str, nonce: &str, signature: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            (CHANNEL_ID_HEADER, id),
            (NONCE_HEADER, nonce),
            (SIGNATURE_HEADER, signature),
        ] {
            if !value.is_empty() {
                headers.insert(name, HeaderValue::from_str(value).unwrap());
            }
        }
        headers
    }

    fn code(result: Result<(), Refusal>) -> String {
        result.unwrap_err().rejection.code.as_str().to_owned()
    }

    #[test]
    fn checks_in_order() {
        let secret = ChannelSecret::new("secret").unwrap();
        let good = sign(&secret, "/v3/payments", b"orderId=A", "n1");
        let good = good.as_str();
        let channel = channel();
        let check =
            |h: HeaderMap| channel.check(&h, "/v3/payments", b"orderId=A", PayloadKind::Query);
        assert!(check(headers("1234567890", "n1", good)).is_ok());
        assert_eq!(code(check(headers("", "n1", good))), "1106");
        assert_eq!(code(check(headers("12ab", "n1", good))), "1106");
        assert_eq!(code(check(headers("999", "n1", good))), "1104");
        assert_eq!(code(check(headers("1234567890", "", good))), "1106");
        assert_eq!(code(check(headers("1234567890", "n1", ""))), "1106");
        assert_eq!(code(check(headers("1234567890", "n2", good))), "1106");
        let mut off_by_one = good.to_owned().into_bytes();
        off_by_one[10] ^= 1;
        let off_by_one = String::from_utf8(off_by_one).unwrap();
        assert_eq!(
            code(check(headers("1234567890", "n1", &off_by_one))),
            "1106"
        );
    }

    #[test]
    fn compares_whole_values() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}

//! Where the customer goes after deciding on the payment page.

use linepay_core::endpoint::query::QueryWriter;
use linepay_core::{OrderId, TransactionId};
use serde::Serialize;

/// Where the customer goes after approving or cancelling a payment.
///
/// - After approving, by `redirectUrls.confirmUrlType`: `CLIENT` (the default) sends the
///   browser to `confirmUrl?transactionId=…&orderId=…` ([`Redirect::Browser`]); `SERVER`
///   makes the mock call that URL itself ([`Redirect::Server`]) and shows the customer a
///   "done" page; `NONE` redirects nowhere ([`Redirect::Nowhere`]): the merchant polls Check
///   Payment Status.
/// - After cancelling: the browser goes to `cancelUrl` unchanged, or nowhere with `NONE`.
///
/// ```
/// use linepay_mock::Redirect;
///
/// let redirect = Redirect::Browser("https://shop.example/confirm?transactionId=1&orderId=A".to_owned());
/// assert_eq!(redirect.location(), Some("https://shop.example/confirm?transactionId=1&orderId=A"));
/// assert_eq!(Redirect::Nowhere.location(), None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "url", rename_all = "camelCase")]
#[non_exhaustive]
pub enum Redirect {
    /// `303 See Other` to this URL.
    Browser(String),
    /// The mock calls this URL (GET) from its own side; the customer sees a page.
    Server(String),
    /// No redirect.
    Nowhere,
}

impl Redirect {
    /// The URL the customer's browser is sent to, if any.
    ///
    /// ```
    /// use linepay_mock::Redirect;
    ///
    /// assert_eq!(Redirect::Server("http://127.0.0.1:1/c".to_owned()).location(), None);
    /// ```
    pub fn location(&self) -> Option<&str> {
        match self {
            Redirect::Browser(url) => Some(url),
            Redirect::Server(_) | Redirect::Nowhere => None,
        }
    }
}

/// `confirm_url` with `transactionId` and `orderId` appended, as LINE Pay does: after `?`,
/// or after `&` when the URL already has a query; before any `#fragment`. The order id is
/// percent-encoded.
pub(crate) fn confirm_location(
    confirm_url: &str,
    transaction_id: TransactionId,
    order_id: &OrderId,
) -> String {
    let (base, fragment) = match confirm_url.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (confirm_url, None),
    };
    let mut encoded = Vec::new();
    let mut query = QueryWriter::new(&mut encoded);
    query.pair("transactionId", &transaction_id.to_string());
    query.pair("orderId", order_id.as_str());
    // The encoder writes ASCII only (every other byte is percent-encoded).
    let query = String::from_utf8_lossy(&encoded);
    let separator = match base.find('?') {
        None => "?",
        Some(at) if at + 1 == base.len() || base.ends_with('&') => "",
        Some(_) => "&",
    };
    let mut location = format!("{base}{separator}{query}");
    if let Some(fragment) = fragment {
        location.push('#');
        location.push_str(fragment);
    }
    location
}

/// A URL made safe for a `Location` header: every byte outside visible ASCII becomes `%XX`.
pub(crate) fn header_safe(url: &str) -> String {
    let mut safe = String::with_capacity(url.len());
    for byte in url.bytes() {
        if byte.is_ascii_graphic() {
            safe.push(char::from(byte));
        } else {
            safe.push_str(&format!("%{byte:02X}"));
        }
    }
    safe
}

#[cfg(test)]
mod tests {
    use super::*;

    fn location(url: &str) -> String {
        confirm_location(
            url,
            TransactionId::new(2026112200000000001),
            &OrderId::new("訂單 A&B").unwrap(),
        )
    }

    #[test]
    fn appends_the_query() {
        assert_eq!(
            location("https://shop.example/confirm"),
            "https://shop.example/confirm?transactionId=2026112200000000001&orderId=%E8%A8%82%E5%96%AE%20A%26B"
        );
        assert_eq!(
            location("https://shop.example/confirm?lang=en#top"),
            "https://shop.example/confirm?lang=en&transactionId=2026112200000000001&orderId=%E8%A8%82%E5%96%AE%20A%26B#top"
        );
        assert!(
            location("https://shop.example/c?")
                .starts_with("https://shop.example/c?transactionId=")
        );
    }

    #[test]
    fn header_safe_escapes_non_ascii() {
        assert_eq!(
            header_safe("http://x/確認 a"),
            "http://x/%E7%A2%BA%E8%AA%8D%20a"
        );
    }
}

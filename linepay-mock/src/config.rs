//! How a mock is set up: where it listens, which channel it accepts, and LINE Pay's limits.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use linepay_core::Amount;
use secrecy::{ExposeSecret, SecretString};

/// The channel id a mock accepts unless told otherwise.
///
/// ```
/// assert_eq!(linepay_mock::DEFAULT_CHANNEL_ID, "1234567890");
/// ```
pub const DEFAULT_CHANNEL_ID: &str = "1234567890";

/// The channel secret a mock signs with unless told otherwise. It protects nothing: the mock
/// is for tests and demos on the loopback interface.
///
/// ```
/// assert_eq!(linepay_mock::DEFAULT_CHANNEL_SECRET, "linepay-mock-secret");
/// ```
pub const DEFAULT_CHANNEL_SECRET: &str = "linepay-mock-secret";

/// How long a customer has to approve a requested payment before it expires (Check Payment
/// Status then answers `0121`, Confirm `1180`): 20 minutes, as LINE Pay.
///
/// ```
/// assert_eq!(linepay_mock::APPROVAL_WINDOW.as_secs(), 20 * 60);
/// ```
pub const APPROVAL_WINDOW: Duration = Duration::from_secs(20 * 60);

/// How long an authorization (`capture: false`) stays capturable: 7 days. LINE Pay's
/// reference gives no figure; 7 days is the usual card authorization window.
///
/// ```
/// assert_eq!(linepay_mock::AUTHORIZATION_WINDOW.as_secs(), 7 * 24 * 60 * 60);
/// ```
pub const AUTHORIZATION_WINDOW: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// Everything a [`MockServer`](crate::MockServer) can be told at start.
///
/// Build it with struct update syntax from [`MockConfig::default`]:
///
/// ```
/// use linepay_mock::MockConfig;
///
/// let config = MockConfig {
///     channel_id: "2000000001".to_owned(),
///     channel_secret: "another-mock-secret".to_owned(),
///     ..MockConfig::default()
/// };
/// assert_eq!(config.listen.to_string(), "127.0.0.1:0");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockConfig {
    /// Where to listen; port 0 picks a free port. Default `127.0.0.1:0`. An address that is
    /// not loopback needs an [`admin_token`](MockConfig::admin_token): without one,
    /// [`MockServer::start_with`](crate::MockServer::start_with) refuses to start.
    pub listen: SocketAddr,
    /// The token every call of the admin API (`/__mock/…`) must carry, as
    /// `Authorization: Bearer <token>` or `X-Mock-Admin-Token: <token>`; without it the admin
    /// API answers `401`. `None`, the default, leaves the admin API open, which is allowed on a
    /// loopback address only. The LINE Pay API (signed) and the customer's payment page
    /// (`/web/payment/…`) do not need it.
    pub admin_token: Option<AdminToken>,
    /// The only channel id accepted (digits). Default [`DEFAULT_CHANNEL_ID`].
    pub channel_id: String,
    /// The secret signatures are checked with (not empty). Default
    /// [`DEFAULT_CHANNEL_SECRET`].
    pub channel_secret: String,
    /// The merchant name shown on the approval page and in Payment Details.
    pub merchant_name: String,
    /// The largest amount Request and Pay Preapproved accept; above it they answer `1184`.
    pub max_amount: Amount,
    /// How long a requested payment waits for the customer. Default [`APPROVAL_WINDOW`].
    pub approval_window: Duration,
    /// How long an authorization stays capturable. Default [`AUTHORIZATION_WINDOW`].
    pub authorization_window: Duration,
    /// How long after capture a payment may be refunded (`1163` after it); `None`, the
    /// default, never expires.
    pub refund_period: Option<Duration>,
    /// How long a regKey lives (`1193` after it); `None`, the default, until expired by
    /// Expire RegKey.
    pub reg_key_lifetime: Option<Duration>,
    /// Whether pre-approved payments are allowed (`false` answers `1194` to a `PREAPPROVED`
    /// Request). Default `true`.
    pub preapproved_enabled: bool,
    /// How many API calls the request log keeps (the oldest go first); 0 keeps none.
    /// Default 200.
    pub request_log: usize,
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            admin_token: None,
            channel_id: DEFAULT_CHANNEL_ID.to_owned(),
            channel_secret: DEFAULT_CHANNEL_SECRET.to_owned(),
            merchant_name: "linepay-mock shop".to_owned(),
            max_amount: Amount::whole(100_000_000),
            approval_window: APPROVAL_WINDOW,
            authorization_window: AUTHORIZATION_WINDOW,
            refund_period: None,
            reg_key_lifetime: None,
            preapproved_enabled: true,
            request_log: 200,
        }
    }
}

/// The token that guards the admin API of a mock (see [`MockConfig::admin_token`]).
///
/// Its `Debug` output never shows it, it is compared in constant time (for tokens of the same
/// length), and it is zeroized on drop. It must be 1 to 1024 visible ASCII characters, so that
/// it can be sent in a header; [`MockServer::start_with`](crate::MockServer::start_with)
/// refuses another.
///
/// ```
/// use linepay_mock::{AdminToken, MockConfig};
///
/// let config = MockConfig {
///     admin_token: Some(AdminToken::new("correct-horse-battery-staple")),
///     ..MockConfig::default()
/// };
/// let debug = format!("{config:?}");
/// assert!(debug.contains("AdminToken(<redacted>)"));
/// assert!(!debug.contains("correct-horse"));
/// ```
#[derive(Clone)]
pub struct AdminToken(SecretString);

/// The longest admin token accepted.
const MAX_TOKEN_LEN: usize = 1024;

impl AdminToken {
    /// The token `token`.
    pub fn new(token: impl Into<String>) -> Self {
        Self(SecretString::from(token.into()))
    }

    /// Whether `presented` is this token: the same length, then every byte compared
    /// whatever the earlier ones were.
    pub(crate) fn matches(&self, presented: &[u8]) -> bool {
        constant_time_eq(self.0.expose_secret().as_bytes(), presented)
    }

    /// Why the token cannot guard the admin API, if it cannot.
    pub(crate) fn problem(&self) -> Option<&'static str> {
        let token = self.0.expose_secret();
        if token.is_empty() {
            Some("the admin token must not be empty")
        } else if token.len() > MAX_TOKEN_LEN {
            Some("the admin token must be at most 1024 characters")
        } else if !token.bytes().all(|b| b.is_ascii_graphic()) {
            Some(
                "the admin token must be visible ASCII characters (no spaces), to be sent in a header",
            )
        } else {
            None
        }
    }
}

impl fmt::Debug for AdminToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AdminToken(<redacted>)")
    }
}

impl From<String> for AdminToken {
    fn from(token: String) -> Self {
        Self::new(token)
    }
}

impl From<&str> for AdminToken {
    fn from(token: &str) -> Self {
        Self::new(token)
    }
}

/// Compared in constant time (for tokens of the same length).
impl PartialEq for AdminToken {
    fn eq(&self, other: &Self) -> bool {
        self.matches(other.0.expose_secret().as_bytes())
    }
}

impl Eq for AdminToken {}

/// Whether `a` and `b` are equal; for equal lengths the time taken does not depend on where
/// they differ (only the length may be learnt from the timing).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(difference) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_whole_tokens() {
        let token = AdminToken::new("s3cret-token");
        assert!(token.matches(b"s3cret-token"));
        assert!(!token.matches(b"s3cret-tokeN"));
        assert!(!token.matches(b"s3cret-toke"));
        assert!(!token.matches(b"s3cret-token!"));
        assert!(!token.matches(b""));
        assert_eq!(token, AdminToken::from("s3cret-token"));
        assert_ne!(token, AdminToken::from("another"));
        assert!(constant_time_eq(b"", b""));
    }

    #[test]
    fn refuses_tokens_that_cannot_be_sent() {
        assert_eq!(AdminToken::new("ok-token").problem(), None);
        assert!(AdminToken::new("").problem().is_some());
        assert!(AdminToken::new("with space").problem().is_some());
        assert!(AdminToken::new("caf\u{e9}").problem().is_some());
        assert!(AdminToken::new("x".repeat(1025)).problem().is_some());
        assert_eq!(
            format!("{:?}", AdminToken::new("hidden")),
            "AdminToken(<redacted>)"
        );
    }
}

//! How a mock is set up: where it listens, which channel it accepts, and LINE Pay's limits.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

use linepay_core::Amount;

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
    /// Where to listen; port 0 picks a free port. Default `127.0.0.1:0`. The admin API needs
    /// no signature, so keep the mock on the loopback interface.
    pub listen: SocketAddr,
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
}

impl Default for MockConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            channel_id: DEFAULT_CHANNEL_ID.to_owned(),
            channel_secret: DEFAULT_CHANNEL_SECRET.to_owned(),
            merchant_name: "linepay-mock shop".to_owned(),
            max_amount: Amount::whole(100_000_000),
            approval_window: APPROVAL_WINDOW,
            authorization_window: AUTHORIZATION_WINDOW,
            refund_period: None,
            reg_key_lifetime: None,
            preapproved_enabled: true,
        }
    }
}

//! The time recovery reads: a wall clock, so that a deadline written down survives a restart.

use std::fmt;
use std::time::SystemTime;

/// Where a [`Client`](crate::Client) reads the time when it decides whether a lost call may
/// still land ([`recovery`](crate::recovery)).
///
/// The default, [`SystemClock`], is the machine's wall clock. A test double of LINE Pay can
/// hand its own clock to the client (linepay-mock's `client_builder` does), so that moving
/// the double's time forward moves the client's deadlines too.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use linepay_core::{Client, ClientBuilder, Clock, Credentials};
///
/// /// A clock an hour ahead.
/// #[derive(Debug)]
/// struct Ahead;
///
/// impl Clock for Ahead {
///     fn now(&self) -> SystemTime {
///         SystemTime::now() + Duration::from_secs(3600)
///     }
/// }
///
/// let client = ClientBuilder::new(Credentials::new("1234567890", "secret")?).clock(Ahead).build();
/// assert!(client.clock().now() > SystemTime::now() + Duration::from_secs(3500));
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
pub trait Clock: fmt::Debug + Send + Sync + 'static {
    /// The current wall-clock time.
    fn now(&self) -> SystemTime;
}

/// The machine's wall clock, [`SystemTime::now`].
///
/// ```
/// use linepay_core::{Clock, SystemClock};
///
/// assert!(SystemClock.now() > std::time::UNIX_EPOCH);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

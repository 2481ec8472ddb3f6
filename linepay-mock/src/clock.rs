//! The mock's clock: real time plus an offset that tests move forward; [`MockClock`], the
//! handle a client reads it through; and ISO-8601 dates.

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Wall-clock time shifted by everything [`Clock::advance`] added.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    offset: Mutex<Duration>,
}

impl Clock {
    /// The mock's current time; never past [`end_of_time`], however far the clock was
    /// moved.
    pub(crate) fn now(&self) -> SystemTime {
        later(SystemTime::now(), *lock(&self.offset))
    }

    /// Moves the clock forward by `by`.
    pub(crate) fn advance(&self, by: Duration) {
        let mut offset = lock(&self.offset);
        *offset = offset.saturating_add(by);
    }
}

/// The mock's clock as a [`linepay_core::Clock`]: a client that reads it sees the mock's
/// time, so [`MockServer::advance_clock`](crate::MockServer::advance_clock) moves the
/// client's recovery deadlines too.
///
/// [`MockServer::client_builder`](crate::MockServer::client_builder) sets it on the clients
/// it builds; [`MockServer::clock`](crate::MockServer::clock) hands it out for a client built
/// another way. A clone reads the same clock, and it stays valid after the mock stops.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// use std::time::Duration;
/// use linepay_core::Clock;
///
/// let mock = linepay_mock::MockServer::start().await?;
/// let clock = mock.clock();
/// let before = clock.now();
/// mock.advance_clock(Duration::from_secs(3600));
/// assert!(clock.now() >= before + Duration::from_secs(3600));
/// assert!(clock.now() <= mock.now());
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct MockClock(Arc<Clock>);

impl MockClock {
    /// A handle on `clock`.
    pub(crate) fn new(clock: &Arc<Clock>) -> Self {
        Self(Arc::clone(clock))
    }
}

impl linepay_core::Clock for MockClock {
    /// The mock's current time: the system time plus every
    /// [`advance_clock`](crate::MockServer::advance_clock).
    fn now(&self) -> SystemTime {
        self.0.now()
    }
}

/// Seconds from the Unix epoch to 9999-12-31T23:59:59Z.
const END_OF_TIME_SECS: u64 = 253_402_300_799;

/// The latest time the mock knows: 9999-12-31T23:59:59Z. Every time it computes saturates
/// here, so that no clock offset or configured window, however large, can overflow
/// `SystemTime` (whose `+` panics) or leave LINE Pay's four-digit years. `SystemTime`
/// represents it on every platform.
pub(crate) fn end_of_time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(END_OF_TIME_SECS)
}

/// `time + by`, saturating at [`end_of_time`]: a deadline `Duration::MAX` away is "never"
/// (until the clock is moved to the end of time).
pub(crate) fn later(time: SystemTime, by: Duration) -> SystemTime {
    let end = end_of_time();
    time.checked_add(by).map_or(end, |sum| sum.min(end))
}

/// Locks a mutex, going on with the data even if another thread panicked while holding it
/// (every critical section here leaves the data consistent).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `2026-11-22T10:00:00Z`: UTC, whole seconds, as LINE Pay writes dates.
pub(crate) fn iso8601(time: SystemTime) -> String {
    let secs = match time.duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
    };
    let (days, second_of_day) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    )
}

/// Year, month and day of the day `days` after 1970-01-01 (proleptic Gregorian; Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_utc_dates() {
        assert_eq!(iso8601(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let time = UNIX_EPOCH + Duration::from_secs(1_554_868_963);
        assert_eq!(iso8601(time), "2019-04-10T04:02:43Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(iso8601(leap), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn saturates_at_the_end_of_time() {
        assert_eq!(iso8601(end_of_time()), "9999-12-31T23:59:59Z");
        let now = SystemTime::now();
        assert_eq!(later(now, Duration::MAX), end_of_time());
        assert_eq!(
            later(now, Duration::from_secs(60)),
            now + Duration::from_secs(60)
        );
        assert_eq!(later(end_of_time(), Duration::from_secs(1)), end_of_time());

        // The admin API's `{"seconds": 18446744073709551615}` used to panic in `now()`.
        let clock = Clock::default();
        clock.advance(Duration::from_secs(u64::MAX));
        clock.advance(Duration::MAX);
        assert_eq!(clock.now(), end_of_time());
        assert_eq!(iso8601(clock.now()), "9999-12-31T23:59:59Z");
    }

    #[test]
    fn advances() {
        let clock = Clock::default();
        let before = clock.now();
        clock.advance(Duration::from_secs(3600));
        assert!(clock.now() >= before + Duration::from_secs(3600));
    }
}

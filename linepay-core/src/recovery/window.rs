//! The one rule for "can no longer land": until when a call whose answer was lost may still
//! take effect at LINE Pay.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::endpoint::Endpoint;

/// Until when a call whose answer was lost may still take effect at LINE Pay.
///
/// # The rule
///
/// A call handed to the transport at `sent_at` can no longer land after
///
/// ```text
/// sent_at + max(read timeout used, recommended) + 2 × recommended
/// ```
///
/// where *recommended* is LINE Pay's recommended read timeout of the endpoint
/// ([`Endpoint::READ_TIMEOUT`]: Confirm 40 s, Capture 60 s, Refund 20 s). A shorter read timeout
/// set on the client or the call never shortens the window; a longer one lengthens it.
///
/// # The assumption it rests on
///
/// - **Reaching LINE Pay**: a request arrives before the transport gives up on it. A transport
///   closes its connection at its read timeout, and nothing sent on a closed connection
///   arrives afterwards.
/// - **Finishing**: LINE Pay finishes, or abandons, every call within twice its recommended
///   read timeout of receiving it. The recommended timeout is LINE Pay's own bound on how
///   long a call takes; twice that is the margin. linepay-mock enforces the same bound on
///   its delayed and late effects.
///
/// Before [`closes_at`](LandingWindow::closes_at), recovery never says "not done": it says
/// "in progress, ask again". Times are read from the client's [`Clock`](crate::Clock) and
/// kept as wall-clock times, so the window survives a restart (serialized as Unix
/// milliseconds). A wall clock moved backwards makes the window last longer; one moved
/// *forwards* shortens it by as much, so keep the clock synchronized (NTP slews, it does not
/// jump).
///
/// ```
/// use std::time::{Duration, UNIX_EPOCH};
/// use linepay_core::api::v3::RefundPayment;
/// use linepay_core::recovery::LandingWindow;
///
/// let sent = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
/// // A merchant caps every call at 5 s: the window is still 20 s + 2 × 20 s.
/// let window = LandingWindow::of::<RefundPayment>(sent, Duration::from_secs(5));
/// assert_eq!(window.closes_at(), sent + Duration::from_secs(60));
/// assert!(window.is_open_at(sent + Duration::from_secs(59)));
/// assert!(!window.is_open_at(sent + Duration::from_secs(60)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LandingWindow {
    #[serde(with = "unix_millis")]
    sent_at: SystemTime,
    #[serde(with = "unix_millis")]
    closes_at: SystemTime,
}

impl LandingWindow {
    /// The window of a call to `E` handed to the transport at `sent_at`, each attempt
    /// allowed `read_timeout`.
    pub fn of<E: Endpoint>(sent_at: SystemTime, read_timeout: Duration) -> Self {
        let recommended = E::READ_TIMEOUT;
        let reach = read_timeout.max(recommended);
        let finish = recommended.saturating_mul(2);
        Self {
            sent_at,
            closes_at: later(sent_at, reach.saturating_add(finish)),
        }
    }

    /// A call LINE Pay answered clearly: it will not land later, whatever it did.
    pub fn closed(sent_at: SystemTime) -> Self {
        Self {
            sent_at,
            closes_at: sent_at,
        }
    }

    /// When the call was handed to the transport.
    pub fn sent_at(&self) -> SystemTime {
        self.sent_at
    }

    /// From then on, the call can no longer land: ask after it, and what LINE Pay shows is
    /// final.
    pub fn closes_at(&self) -> SystemTime {
        self.closes_at
    }

    /// Whether the call may still land at `now`.
    pub fn is_open_at(&self, now: SystemTime) -> bool {
        now < self.closes_at
    }
}

/// `time + by`, or the latest time [`unix_millis`] can write.
fn later(time: SystemTime, by: Duration) -> SystemTime {
    time.checked_add(by)
        .unwrap_or_else(|| UNIX_EPOCH + Duration::from_millis(u64::MAX))
}

/// A `SystemTime` as whole milliseconds since the Unix epoch: what a merchant's database
/// stores beside an order without a date library. Rounded up, so a deadline never comes
/// earlier after a round trip; times before 1970 are written as 0.
mod unix_millis {
    use super::*;

    pub(super) fn serialize<S: Serializer>(
        time: &SystemTime,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let since = time.duration_since(UNIX_EPOCH).unwrap_or_default();
        let millis = since.as_nanos().div_ceil(1_000_000);
        serializer.serialize_u64(u64::try_from(millis).unwrap_or(u64::MAX))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<SystemTime, D::Error> {
        let millis = u64::deserialize(deserializer)?;
        UNIX_EPOCH
            .checked_add(Duration::from_millis(millis))
            .ok_or_else(|| serde::de::Error::custom("a time beyond what this platform holds"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::v3::{CapturePayment, ConfirmPayment, RefundPayment};

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn three_recommended_timeouts_unless_the_call_waited_longer() {
        let short = Duration::from_millis(300);
        let window = |w: LandingWindow| w.closes_at().duration_since(at(100)).unwrap();
        assert_eq!(
            window(LandingWindow::of::<RefundPayment>(at(100), short)).as_secs(),
            60
        );
        assert_eq!(
            window(LandingWindow::of::<ConfirmPayment>(at(100), short)).as_secs(),
            120
        );
        assert_eq!(
            window(LandingWindow::of::<CapturePayment>(at(100), short)).as_secs(),
            180
        );
        let patient = LandingWindow::of::<RefundPayment>(at(100), Duration::from_secs(90));
        assert_eq!(window(patient).as_secs(), 90 + 40);
        let forever = LandingWindow::of::<RefundPayment>(at(100), Duration::MAX);
        assert!(forever.is_open_at(at(u64::from(u32::MAX))));
    }

    #[test]
    fn a_clear_answer_closes_it_at_once() {
        let window = LandingWindow::closed(at(100));
        assert!(!window.is_open_at(at(100)));
    }

    #[test]
    fn serializes_as_unix_milliseconds_never_earlier() {
        let sent = at(1_800_000_000) + Duration::from_nanos(1);
        let window = LandingWindow::of::<RefundPayment>(sent, Duration::ZERO);
        let json = serde_json::to_string(&window).unwrap();
        assert_eq!(json, r#"{"sentAt":1800000000001,"closesAt":1800000060001}"#);
        let back: LandingWindow = serde_json::from_str(&json).unwrap();
        assert!(back.closes_at() >= window.closes_at());
        assert!(serde_json::from_str::<LandingWindow>(r#"{"sentAt":-1,"closesAt":0}"#).is_err());
    }
}

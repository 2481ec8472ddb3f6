//! Automatic retries: when a failed call may be sent again, and after how long.
//!
//! Everything here is a pure decision — no I/O, no clock, no randomness of its own — so it is
//! tested exhaustively and reused by any runtime. [`Client::send`](crate::Client::send) asks
//! [`RetryPolicy::decide`] after each failed attempt, takes a token from the client's
//! [`RetryBudget`], and waits with [`Transport::sleep`](crate::Transport::sleep): sleeping
//! belongs to the runtime side, which the transport knows.
//!
//! # The rule
//!
//! A call that changes state (Request, Confirm, Capture, Void, Refund, Pay Preapproved, Expire
//! RegKey) is **never** re-sent once it may have reached LINE Pay: re-sending it could confirm,
//! capture or refund twice. After such a failure, ask first (Payment Details, Check Payment
//! Status), then act. Reads (the GET endpoints, [`Endpoint::IDEMPOTENT`]) may be re-sent after
//! any failure that another attempt can cure.
//!
//! | What the failed attempt got ([`Outcome`]) | Read (GET, idempotent) | State-changing (POST) |
//! |---|---|---|
//! | transport failure, [`Delivery::NotSent`] (timeout or not) | **retry** | **retry**: it never left |
//! | transport failure, [`Delivery::MaybeSent`] (timeout or not) | **retry** | stop: [`StopReason::MaybeApplied`] |
//! | HTTP 5xx that is not a LINE Pay answer | **retry** | stop: [`StopReason::MaybeApplied`] |
//! | any other HTTP status, or a non-JSON 200 | stop: [`StopReason::NotRetryable`] | stop: [`StopReason::NotRetryable`] |
//! | return code in the endpoint's [`Endpoint::RESEND_ON`] (Void and Refund: `1900`, `1902`, `1999`) | **retry** | **retry**: LINE Pay answered, so it did not apply the call |
//! | return code `9000` (internal error) | **retry** | stop: [`StopReason::MaybeApplied`] |
//! | any other return code | stop: [`StopReason::NotRetryable`] | stop: [`StopReason::NotRetryable`] |
//! | a 200 JSON answer that does not decode | stop: [`StopReason::NotRetryable`] (it would decode the same way) | stop: [`StopReason::MaybeApplied`] (a garbled success may have been applied) |
//! | invalid request (nothing was sent) | stop: [`StopReason::InvalidRequest`] | stop: [`StopReason::InvalidRequest`] |
//!
//! A retry is granted only while `attempt < max_attempts`; otherwise the decision is
//! [`StopReason::AttemptsExhausted`]. The delay before attempt `n + 1` is drawn with "full
//! jitter": `jitter × min(max_delay, base_delay × 2^(n-1))`, `jitter` uniform in `[0, 1)`.
//!
//! ```
//! use std::time::Duration;
//! use linepay_core::{Delivery, ReturnCode};
//! use linepay_core::retry::{CallKind, Decision, Outcome, RetryPolicy, StopReason};
//!
//! let policy = RetryPolicy::default();
//! let lost = Outcome::Transport { delivery: Delivery::MaybeSent, timeout: true };
//!
//! // A read that timed out is sent again, after a jittered delay.
//! let read = CallKind::idempotent();
//! assert_eq!(policy.decide(1, read, &lost, 0.5), Decision::RetryAfter(Duration::from_millis(100)));
//!
//! // A Confirm that timed out is not: it may have been applied.
//! let confirm = CallKind::state_changing(&[]);
//! assert_eq!(policy.decide(1, confirm, &lost, 0.5), Decision::Stop(StopReason::MaybeApplied));
//!
//! // A Refund that LINE Pay answered with 1900 is: the documentation allows it.
//! let refund = CallKind::state_changing(&["1900", "1902", "1999"]);
//! let busy = Outcome::Api(ReturnCode::TemporaryError);
//! assert!(matches!(policy.decide(1, refund, &busy, 0.5), Decision::RetryAfter(_)));
//! ```

use std::fmt;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use http::StatusCode;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::return_code::ReturnCode;
use crate::transport::{Delivery, TransportError};

/// How often, and how patiently, a failed call is sent again.
///
/// The default is 3 attempts in total (the first and up to 2 retries), with delays drawn
/// below 200 ms, then 400 ms, capped at 5 s. [`RetryPolicy::none`] sends every call once.
/// Which failures are retried at all does not depend on the policy: see the
/// [module documentation](self).
///
/// ```
/// use std::time::Duration;
/// use linepay_core::RetryPolicy;
///
/// let policy = RetryPolicy::default()
///     .with_max_attempts(5)
///     .with_base_delay(Duration::from_millis(100))
///     .with_max_delay(Duration::from_secs(2));
/// assert_eq!(policy.max_attempts(), 5);
/// // The upper bound of the delay before attempt n + 1: base × 2^(n-1), capped.
/// assert_eq!(policy.delay_cap(1), Duration::from_millis(100));
/// assert_eq!(policy.delay_cap(3), Duration::from_millis(400));
/// assert_eq!(policy.delay_cap(10), Duration::from_secs(2));
/// assert_eq!(RetryPolicy::none().max_attempts(), 1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::new()
    }
}

impl RetryPolicy {
    /// The default attempts in total.
    pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;
    /// The default base delay.
    pub const DEFAULT_BASE_DELAY: Duration = Duration::from_millis(200);
    /// The default longest delay.
    pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(5);

    /// The default policy: 3 attempts in total, base delay 200 ms, delays capped at 5 s.
    ///
    /// ```
    /// use std::time::Duration;
    /// use linepay_core::RetryPolicy;
    ///
    /// let policy = RetryPolicy::new();
    /// assert_eq!(policy, RetryPolicy::default());
    /// assert_eq!(policy.max_attempts(), 3);
    /// assert_eq!(policy.base_delay(), Duration::from_millis(200));
    /// assert_eq!(policy.max_delay(), Duration::from_secs(5));
    /// ```
    pub const fn new() -> Self {
        Self {
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            base_delay: Self::DEFAULT_BASE_DELAY,
            max_delay: Self::DEFAULT_MAX_DELAY,
        }
    }

    /// No retries: every call is sent once.
    ///
    /// ```
    /// use linepay_core::{Delivery, RetryPolicy};
    /// use linepay_core::retry::{CallKind, Decision, Outcome, StopReason};
    ///
    /// let refused = Outcome::Transport { delivery: Delivery::NotSent, timeout: false };
    /// assert_eq!(
    ///     RetryPolicy::none().decide(1, CallKind::idempotent(), &refused, 0.0),
    ///     Decision::Stop(StopReason::AttemptsExhausted),
    /// );
    /// ```
    pub const fn none() -> Self {
        Self::new().with_max_attempts(1)
    }

    /// At most `max_attempts` attempts in total, the first included; 0 counts as 1.
    #[must_use]
    pub const fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = if max_attempts == 0 { 1 } else { max_attempts };
        self
    }

    /// The delay cap after the first failure; it doubles with each further one.
    #[must_use]
    pub const fn with_base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// The longest delay between two attempts.
    #[must_use]
    pub const fn with_max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// Attempts in total, the first included (at least 1).
    pub const fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The delay cap after the first failure.
    pub const fn base_delay(&self) -> Duration {
        self.base_delay
    }

    /// The longest delay between two attempts.
    pub const fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// Whether this policy ever sends a call more than once.
    pub const fn retries(&self) -> bool {
        self.max_attempts > 1
    }

    /// The upper bound of the delay after failed attempt `attempt` (1-based):
    /// `min(max_delay, base_delay × 2^(attempt-1))`, without overflow.
    pub fn delay_cap(&self, attempt: u32) -> Duration {
        let doublings = attempt.max(1) - 1;
        let factor = 1u32.checked_shl(doublings).unwrap_or(u32::MAX);
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }

    /// The full-jitter delay after failed attempt `attempt`: `jitter × delay_cap(attempt)`.
    ///
    /// `jitter` is clamped into `[0, 1]` (NaN counts as 0), so the delay never exceeds the cap.
    ///
    /// ```
    /// use std::time::Duration;
    /// use linepay_core::RetryPolicy;
    ///
    /// let policy = RetryPolicy::default();
    /// assert_eq!(policy.delay(2, 0.25), Duration::from_millis(100));
    /// assert_eq!(policy.delay(2, 0.0), Duration::ZERO);
    /// ```
    pub fn delay(&self, attempt: u32, jitter: f64) -> Duration {
        // Fixed point with 32 fractional bits, so that the product is exact integer
        // arithmetic on nanoseconds (no float rounding, no overflow: a `Duration` has fewer
        // than 2^95 nanoseconds).
        const ONE: f64 = (1u64 << 32) as f64;
        let jitter = if jitter.is_nan() {
            0.0
        } else {
            jitter.clamp(0.0, 1.0)
        };
        // In [0, 2^32]: the cast cannot truncate anything but the fraction.
        let scale = (jitter * ONE) as u128;
        let nanos = (self.delay_cap(attempt).as_nanos() * scale) >> 32;
        let secs = u64::try_from(nanos / 1_000_000_000).unwrap_or(u64::MAX);
        // `nanos % 10^9` is below 10^9.
        let subsec = u32::try_from(nanos % 1_000_000_000).unwrap_or(0);
        Duration::new(secs, subsec)
    }

    /// What to do after attempt number `attempt` (1-based) of a `call` ended in `outcome`.
    ///
    /// `jitter` is a random number in `[0, 1)` chosen by the caller (the client draws it
    /// from `fastrand`); it only scales the delay. The rules are in the
    /// [module documentation](self); whether a failure is retryable is checked before the
    /// attempt count, so the [`StopReason`] says why a call that failed only once was not
    /// retried.
    ///
    /// ```
    /// use http::StatusCode;
    /// use linepay_core::RetryPolicy;
    /// use linepay_core::retry::{CallKind, Decision, Outcome, StopReason};
    ///
    /// let policy = RetryPolicy::default();
    /// let bad_gateway = Outcome::Http { status: StatusCode::BAD_GATEWAY };
    /// assert!(matches!(policy.decide(2, CallKind::idempotent(), &bad_gateway, 0.9), Decision::RetryAfter(_)));
    /// assert_eq!(
    ///     policy.decide(3, CallKind::idempotent(), &bad_gateway, 0.9),
    ///     Decision::Stop(StopReason::AttemptsExhausted),
    /// );
    /// ```
    pub fn decide(&self, attempt: u32, call: CallKind, outcome: &Outcome, jitter: f64) -> Decision {
        if let Some(reason) = Self::refusal(call, outcome) {
            return Decision::Stop(reason);
        }
        if attempt >= self.max_attempts {
            return Decision::Stop(StopReason::AttemptsExhausted);
        }
        Decision::RetryAfter(self.delay(attempt, jitter))
    }

    /// Why `outcome` must not be re-sent for `call`, or `None` when it may be.
    fn refusal(call: CallKind, outcome: &Outcome) -> Option<StopReason> {
        let retry_if_idempotent = || {
            if call.idempotent {
                None
            } else {
                Some(StopReason::MaybeApplied)
            }
        };
        match outcome {
            Outcome::Invalid => Some(StopReason::InvalidRequest),
            Outcome::Transport {
                delivery: Delivery::NotSent,
                ..
            } => None,
            Outcome::Transport {
                delivery: Delivery::MaybeSent,
                ..
            } => retry_if_idempotent(),
            Outcome::Http { status } if status.is_server_error() => retry_if_idempotent(),
            Outcome::Http { .. } => Some(StopReason::NotRetryable),
            Outcome::Api(code) if call.resends_on(code) => None,
            Outcome::Api(code) if code.is_internal_error() => retry_if_idempotent(),
            Outcome::Api(_) => Some(StopReason::NotRetryable),
            Outcome::Decode if call.idempotent => Some(StopReason::NotRetryable),
            Outcome::Decode => Some(StopReason::MaybeApplied),
        }
    }
}

/// What kind of call failed: whether it is idempotent, and which return codes LINE Pay
/// documents as "send it again".
///
/// Built from an endpoint with [`CallKind::of`].
///
/// ```
/// use linepay_core::api::v3::{ConfirmPayment, PaymentDetails, RefundPayment};
/// use linepay_core::retry::CallKind;
///
/// assert!(CallKind::of::<PaymentDetails>().is_idempotent());
/// assert!(!CallKind::of::<ConfirmPayment>().is_idempotent());
/// assert_eq!(CallKind::of::<ConfirmPayment>().resend_on(), &[] as &[&str]);
/// assert_eq!(CallKind::of::<RefundPayment>().resend_on(), &["1900", "1902", "1999"]);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CallKind {
    idempotent: bool,
    resend_on: &'static [&'static str],
}

impl CallKind {
    /// The kind of `E`: [`Endpoint::IDEMPOTENT`] and [`Endpoint::RESEND_ON`].
    pub const fn of<E: Endpoint>() -> Self {
        Self {
            idempotent: E::IDEMPOTENT,
            resend_on: E::RESEND_ON,
        }
    }

    /// A read: safe to send again after any failure another attempt can cure.
    pub const fn idempotent() -> Self {
        Self {
            idempotent: true,
            resend_on: &[],
        }
    }

    /// A call that changes state, which LINE Pay allows to be re-sent only when it answered
    /// with one of `resend_on`.
    pub const fn state_changing(resend_on: &'static [&'static str]) -> Self {
        Self {
            idempotent: false,
            resend_on,
        }
    }

    /// Whether the call only reads.
    pub const fn is_idempotent(&self) -> bool {
        self.idempotent
    }

    /// The return codes on which the call may be sent again.
    pub const fn resend_on(&self) -> &'static [&'static str] {
        self.resend_on
    }

    /// Whether `code` is one of [`CallKind::resend_on`].
    pub fn resends_on(&self, code: &ReturnCode) -> bool {
        self.resend_on.contains(&code.as_str())
    }
}

/// How one attempt failed, as far as retrying is concerned.
///
/// [`Outcome::of`] reads it off an [`Error`].
///
/// ```
/// use linepay_core::{ApiError, Error, ReturnCode};
/// use linepay_core::retry::Outcome;
///
/// # #[derive(Debug, thiserror::Error)] #[error("x")] struct Never;
/// # impl linepay_core::TransportError for Never {
/// #     fn delivery(&self) -> linepay_core::Delivery { linepay_core::Delivery::NotSent }
/// #     fn is_timeout(&self) -> bool { false }
/// # }
/// let error: Error<Never> = ApiError::new(ReturnCode::InternalError, "Internal error").into();
/// assert_eq!(Outcome::of(&error), Outcome::Api(ReturnCode::InternalError));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The transport failed: whether the request may have been delivered, and whether it
    /// ran out of time.
    Transport {
        /// Whether the request may have reached LINE Pay.
        delivery: Delivery,
        /// Whether the attempt timed out.
        timeout: bool,
    },
    /// An answer that is not a LINE Pay envelope ([`Error::Http`]).
    Http {
        /// Its HTTP status.
        status: StatusCode,
    },
    /// LINE Pay answered with this return code ([`Error::Api`]).
    Api(ReturnCode),
    /// A JSON answer that did not decode ([`Error::Decode`]).
    Decode,
    /// The request was invalid and not sent ([`Error::Invalid`]).
    Invalid,
}

impl Outcome {
    /// The outcome `error` stands for.
    pub fn of<TE: TransportError>(error: &Error<TE>) -> Self {
        match error {
            Error::Invalid(_) => Outcome::Invalid,
            Error::Transport(failure) => Outcome::Transport {
                delivery: failure.delivery(),
                timeout: failure.is_timeout(),
            },
            Error::Http { status, .. } => Outcome::Http { status: *status },
            Error::Decode(_) => Outcome::Decode,
            Error::Api(api) => Outcome::Api(api.code().clone()),
        }
    }
}

/// What [`RetryPolicy::decide`] answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Decision {
    /// Send the call again after this delay.
    RetryAfter(Duration),
    /// Give up: the last error is the answer.
    Stop(StopReason),
}

/// Why a failed call is not sent again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StopReason {
    /// The request is invalid; it was not sent and would fail the same way again.
    InvalidRequest,
    /// The call changes state and may have reached LINE Pay: sending it again could apply
    /// it twice. Ask first (Payment Details, Check Payment Status), then act.
    MaybeApplied,
    /// LINE Pay (or something in between) gave an answer another attempt will not change.
    NotRetryable,
    /// The policy's `max_attempts` is reached.
    AttemptsExhausted,
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StopReason::InvalidRequest => "the request is invalid",
            StopReason::MaybeApplied => {
                "the call changes state and may have reached LINE Pay; ask before sending it again"
            }
            StopReason::NotRetryable => "another attempt would get the same answer",
            StopReason::AttemptsExhausted => "no attempts left",
        })
    }
}

/// Thousandths of a token.
const MILLI: u32 = 1000;

/// A token bucket that keeps retries from turning an outage into a storm.
///
/// Each retry takes one token; each successful call puts back a tenth of one, up to the
/// capacity. While the bucket holds less than one token, failed calls are not retried (they
/// fail with their own error at once), so a client facing a broken LINE Pay sends at most
/// `capacity` extra requests, plus one per ten successes. The default capacity is 10.
///
/// The bucket is a single atomic: a [`Client`](crate::Client) and its clones share one, and
/// stay `Send + Sync`.
///
/// ```
/// use linepay_core::RetryBudget;
///
/// let budget = RetryBudget::new(2);
/// assert!(budget.try_acquire());
/// assert!(budget.try_acquire());
/// assert!(!budget.try_acquire(), "empty");
/// for _ in 0..10 {
///     budget.record_success();
/// }
/// assert!(budget.try_acquire(), "ten successes earn one retry");
/// assert!(!budget.try_acquire());
/// ```
pub struct RetryBudget {
    /// Tokens left, in thousandths.
    level: AtomicU32,
    /// The most tokens the bucket holds, in thousandths.
    capacity: u32,
}

impl RetryBudget {
    /// The default capacity, in retries.
    pub const DEFAULT_CAPACITY: u32 = 10;
    /// What one success puts back, in thousandths of a token.
    const SUCCESS_REFILL: u32 = MILLI / 10;

    /// A full bucket of `capacity` retries.
    pub fn new(capacity: u32) -> Self {
        let capacity = capacity.saturating_mul(MILLI);
        Self {
            level: AtomicU32::new(capacity),
            capacity,
        }
    }

    /// Takes the token for one retry; `false` (and nothing taken) when less than one is left.
    pub fn try_acquire(&self) -> bool {
        self.level
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |level| {
                level.checked_sub(MILLI)
            })
            .is_ok()
    }

    /// Puts back a tenth of a token for a successful call, up to the capacity.
    pub fn record_success(&self) {
        let capacity = self.capacity;
        // The closure always returns `Some`, so this cannot fail.
        let _ = self
            .level
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |level| {
                Some(level.saturating_add(Self::SUCCESS_REFILL).min(capacity))
            });
    }

    /// The tokens left, in retries (fractions included).
    ///
    /// ```
    /// use linepay_core::RetryBudget;
    ///
    /// let budget = RetryBudget::new(3);
    /// budget.try_acquire();
    /// budget.record_success();
    /// assert!((budget.available() - 2.1).abs() < 1e-9);
    /// assert_eq!(budget.capacity(), 3.0);
    /// ```
    pub fn available(&self) -> f64 {
        f64::from(self.level.load(Ordering::Acquire)) / f64::from(MILLI)
    }

    /// The most tokens the bucket holds, in retries.
    pub fn capacity(&self) -> f64 {
        f64::from(self.capacity) / f64::from(MILLI)
    }
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self::new(Self::DEFAULT_CAPACITY)
    }
}

/// A bucket with as many tokens as this one holds now, and the same capacity.
impl Clone for RetryBudget {
    fn clone(&self) -> Self {
        Self {
            level: AtomicU32::new(self.level.load(Ordering::Acquire)),
            capacity: self.capacity,
        }
    }
}

impl fmt::Debug for RetryBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RetryBudget")
            .field("available", &self.available())
            .field("capacity", &self.capacity())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VOID_OR_REFUND: &[&str] = &["1900", "1902", "1999"];

    fn read() -> CallKind {
        CallKind::idempotent()
    }

    fn write() -> CallKind {
        CallKind::state_changing(&[])
    }

    fn void_or_refund() -> CallKind {
        CallKind::state_changing(VOID_OR_REFUND)
    }

    fn transport(delivery: Delivery, timeout: bool) -> Outcome {
        Outcome::Transport { delivery, timeout }
    }

    fn http(status: u16) -> Outcome {
        Outcome::Http {
            status: StatusCode::from_u16(status).expect("valid status"),
        }
    }

    fn api(code: &str) -> Outcome {
        Outcome::Api(ReturnCode::from_code(code))
    }

    /// Every kind of outcome, with the answer expected for a read and for a state-changing
    /// call without resend codes (`None` = retry).
    fn table() -> Vec<(Outcome, Option<StopReason>, Option<StopReason>)> {
        use StopReason::*;
        vec![
            (transport(Delivery::NotSent, false), None, None),
            (transport(Delivery::NotSent, true), None, None),
            (
                transport(Delivery::MaybeSent, false),
                None,
                Some(MaybeApplied),
            ),
            (
                transport(Delivery::MaybeSent, true),
                None,
                Some(MaybeApplied),
            ),
            (http(500), None, Some(MaybeApplied)),
            (http(502), None, Some(MaybeApplied)),
            (http(503), None, Some(MaybeApplied)),
            (http(504), None, Some(MaybeApplied)),
            (http(200), Some(NotRetryable), Some(NotRetryable)),
            (http(400), Some(NotRetryable), Some(NotRetryable)),
            (http(404), Some(NotRetryable), Some(NotRetryable)),
            (http(429), Some(NotRetryable), Some(NotRetryable)),
            (api("9000"), None, Some(MaybeApplied)),
            (api("1900"), Some(NotRetryable), Some(NotRetryable)),
            (api("1902"), Some(NotRetryable), Some(NotRetryable)),
            (api("1999"), Some(NotRetryable), Some(NotRetryable)),
            (api("1145"), Some(NotRetryable), Some(NotRetryable)),
            (api("1172"), Some(NotRetryable), Some(NotRetryable)),
            (api("1198"), Some(NotRetryable), Some(NotRetryable)),
            (api("1199"), Some(NotRetryable), Some(NotRetryable)),
            (api("1106"), Some(NotRetryable), Some(NotRetryable)),
            (api("0110"), Some(NotRetryable), Some(NotRetryable)),
            (api("4321"), Some(NotRetryable), Some(NotRetryable)),
            (Outcome::Decode, Some(NotRetryable), Some(MaybeApplied)),
            (Outcome::Invalid, Some(InvalidRequest), Some(InvalidRequest)),
        ]
    }

    fn expect(decision: Decision, refusal: Option<StopReason>, context: &str) {
        match refusal {
            None => assert!(
                matches!(decision, Decision::RetryAfter(_)),
                "{context}: expected a retry, got {decision:?}"
            ),
            Some(reason) => assert_eq!(decision, Decision::Stop(reason), "{context}"),
        }
    }

    #[test]
    fn every_outcome_for_reads_and_state_changing_calls() {
        let policy = RetryPolicy::default();
        for (outcome, on_read, on_write) in table() {
            expect(
                policy.decide(1, read(), &outcome, 0.5),
                on_read,
                &format!("read, {outcome:?}"),
            );
            expect(
                policy.decide(1, write(), &outcome, 0.5),
                on_write,
                &format!("state-changing, {outcome:?}"),
            );
        }
    }

    #[test]
    fn void_and_refund_are_resent_on_their_documented_codes_only() {
        let policy = RetryPolicy::default();
        for (outcome, _, on_write) in table() {
            let expected = match &outcome {
                Outcome::Api(code) if VOID_OR_REFUND.contains(&code.as_str()) => None,
                _ => on_write,
            };
            expect(
                policy.decide(1, void_or_refund(), &outcome, 0.5),
                expected,
                &format!("void/refund, {outcome:?}"),
            );
        }
        // A read declared with resend codes is also re-sent on them.
        let read_with_codes = CallKind {
            idempotent: true,
            resend_on: VOID_OR_REFUND,
        };
        expect(
            policy.decide(1, read_with_codes, &api("1900"), 0.5),
            None,
            "read with resend codes",
        );
    }

    #[test]
    fn a_state_changing_call_that_may_have_arrived_is_never_retried() {
        // Invariant 5, whatever the policy, the attempt or the jitter.
        let generous = RetryPolicy::default().with_max_attempts(u32::MAX);
        let maybe_arrived = [
            transport(Delivery::MaybeSent, false),
            transport(Delivery::MaybeSent, true),
            http(500),
            http(502),
            http(503),
            api("9000"),
            Outcome::Decode,
        ];
        for call in [write(), void_or_refund()] {
            for outcome in &maybe_arrived {
                for attempt in [0, 1, 2, 100] {
                    for jitter in [0.0, 0.5, 0.999] {
                        assert_eq!(
                            generous.decide(attempt, call, outcome, jitter),
                            Decision::Stop(StopReason::MaybeApplied),
                            "{call:?} {outcome:?} attempt {attempt}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_call_that_never_left_is_retried_whatever_it_is() {
        let policy = RetryPolicy::default();
        for call in [read(), write(), void_or_refund()] {
            for timeout in [false, true] {
                expect(
                    policy.decide(1, call, &transport(Delivery::NotSent, timeout), 0.3),
                    None,
                    &format!("{call:?} timeout={timeout}"),
                );
            }
        }
    }

    #[test]
    fn attempts_stop_at_max_attempts() {
        let policy = RetryPolicy::default().with_max_attempts(4);
        let outcome = http(502);
        for attempt in 1..4 {
            assert!(matches!(
                policy.decide(attempt, read(), &outcome, 0.5),
                Decision::RetryAfter(_)
            ));
        }
        for attempt in [4, 5, u32::MAX] {
            assert_eq!(
                policy.decide(attempt, read(), &outcome, 0.5),
                Decision::Stop(StopReason::AttemptsExhausted)
            );
        }
        // A failure that is not retryable says why, even with attempts left.
        assert_eq!(
            policy.decide(4, write(), &outcome, 0.5),
            Decision::Stop(StopReason::MaybeApplied)
        );
    }

    #[test]
    fn none_sends_once_and_zero_attempts_count_as_one() {
        let refused = transport(Delivery::NotSent, false);
        assert_eq!(
            RetryPolicy::none().decide(1, write(), &refused, 0.5),
            Decision::Stop(StopReason::AttemptsExhausted)
        );
        assert!(!RetryPolicy::none().retries());
        assert_eq!(
            RetryPolicy::default().with_max_attempts(0).max_attempts(),
            1
        );
    }

    #[test]
    fn defaults() {
        let policy = RetryPolicy::default();
        assert_eq!(policy.max_attempts(), 3);
        assert_eq!(policy.base_delay(), Duration::from_millis(200));
        assert_eq!(policy.max_delay(), Duration::from_secs(5));
        assert!(policy.retries());
    }

    #[test]
    fn delays_are_full_jitter_of_a_capped_exponential() {
        let policy = RetryPolicy::default();
        let caps: Vec<u128> = (1..=8).map(|a| policy.delay_cap(a).as_millis()).collect();
        assert_eq!(caps, [200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
        assert_eq!(policy.delay_cap(0), Duration::from_millis(200));
        assert_eq!(policy.delay_cap(u32::MAX), Duration::from_secs(5));
        for attempt in 1..=8 {
            let cap = policy.delay_cap(attempt);
            assert_eq!(policy.delay(attempt, 0.0), Duration::ZERO);
            assert_eq!(policy.delay(attempt, 0.5), cap / 2);
            assert_eq!(policy.delay(attempt, 0.25), cap / 4);
            for jitter in [0.1, 0.37, 0.9999] {
                assert!(policy.delay(attempt, jitter) < cap);
                assert!(policy.delay(attempt, jitter) > Duration::ZERO);
            }
            // `decide` hands out exactly that delay.
            assert_eq!(
                policy.decide(attempt, read(), &http(502), 0.37),
                if attempt < 3 {
                    Decision::RetryAfter(policy.delay(attempt, 0.37))
                } else {
                    Decision::Stop(StopReason::AttemptsExhausted)
                }
            );
        }
        // Out-of-range jitter never leaves [0, cap].
        assert_eq!(policy.delay(1, -3.0), Duration::ZERO);
        assert_eq!(policy.delay(1, f64::NAN), Duration::ZERO);
        assert_eq!(policy.delay(1, 7.0), Duration::from_millis(200));
        // A huge base delay saturates instead of overflowing.
        let huge = RetryPolicy::default()
            .with_base_delay(Duration::MAX)
            .with_max_delay(Duration::MAX);
        assert_eq!(huge.delay_cap(40), Duration::MAX);
    }

    #[test]
    fn outcome_of_each_error() {
        #[derive(Debug, thiserror::Error)]
        #[error("lost")]
        struct Lost(Delivery, bool);
        impl TransportError for Lost {
            fn delivery(&self) -> Delivery {
                self.0
            }
            fn is_timeout(&self) -> bool {
                self.1
            }
        }
        let cases: Vec<(Error<Lost>, Outcome)> = vec![
            (
                Error::Transport(Lost(Delivery::MaybeSent, true)),
                transport(Delivery::MaybeSent, true),
            ),
            (
                Error::Transport(Lost(Delivery::NotSent, false)),
                transport(Delivery::NotSent, false),
            ),
            (
                Error::Http {
                    status: StatusCode::BAD_GATEWAY,
                    snippet: String::new(),
                },
                http(502),
            ),
            (crate::DecodeError::new("eof", b"{").into(), Outcome::Decode),
            (
                crate::ApiError::new(ReturnCode::TemporaryError, "busy").into(),
                api("1900"),
            ),
            (
                crate::InvalidField::new("amount", "must be positive").into(),
                Outcome::Invalid,
            ),
        ];
        for (error, outcome) in cases {
            assert_eq!(Outcome::of(&error), outcome, "{error:?}");
        }
    }

    #[test]
    fn call_kind_of_the_v3_endpoints() {
        use crate::api::v3::*;
        assert_eq!(CallKind::of::<PaymentDetails>(), read());
        assert_eq!(CallKind::of::<CheckPaymentStatus>(), read());
        assert_eq!(CallKind::of::<CheckRegKey>(), read());
        assert_eq!(CallKind::of::<RequestPayment>(), write());
        assert_eq!(CallKind::of::<ConfirmPayment>(), write());
        assert_eq!(CallKind::of::<CapturePayment>(), write());
        assert_eq!(CallKind::of::<PayPreapproved>(), write());
        assert_eq!(CallKind::of::<ExpireRegKey>(), write());
        assert_eq!(CallKind::of::<VoidPayment>(), void_or_refund());
        assert_eq!(CallKind::of::<RefundPayment>(), void_or_refund());
        // The declared codes are exactly the documented ones.
        for code in VOID_OR_REFUND {
            assert!(ReturnCode::from_code(code).may_retry_void_or_refund());
        }
    }

    #[test]
    fn stop_reasons_explain_themselves() {
        assert!(StopReason::MaybeApplied.to_string().contains("ask"));
        assert_eq!(
            StopReason::AttemptsExhausted.to_string(),
            "no attempts left"
        );
    }

    #[test]
    fn budget_takes_one_token_per_retry_and_refills_a_tenth_per_success() {
        let budget = RetryBudget::default();
        assert_eq!(budget.capacity(), 10.0);
        for _ in 0..10 {
            assert!(budget.try_acquire());
        }
        assert!(!budget.try_acquire());
        assert_eq!(budget.available(), 0.0);
        for _ in 0..9 {
            budget.record_success();
            assert!(!budget.try_acquire(), "less than one token");
        }
        budget.record_success();
        assert!(budget.try_acquire());
        assert!(!budget.try_acquire());
    }

    #[test]
    fn budget_never_exceeds_its_capacity() {
        let budget = RetryBudget::new(2);
        for _ in 0..1000 {
            budget.record_success();
        }
        assert_eq!(budget.available(), 2.0);
        assert!(budget.try_acquire() && budget.try_acquire());
        assert!(!budget.try_acquire());
        let empty = RetryBudget::new(0);
        assert!(!empty.try_acquire());
        empty.record_success();
        assert_eq!(empty.available(), 0.0);
    }

    #[test]
    fn budget_clone_is_a_snapshot_and_debug_shows_the_level() {
        let budget = RetryBudget::new(3);
        budget.try_acquire();
        let copy = budget.clone();
        budget.try_acquire();
        assert_eq!(copy.available(), 2.0);
        assert_eq!(budget.available(), 1.0);
        assert_eq!(
            format!("{budget:?}"),
            "RetryBudget { available: 1.0, capacity: 3.0 }"
        );
    }

    #[test]
    fn budget_is_shared_safely_between_threads() {
        let budget = std::sync::Arc::new(RetryBudget::new(50));
        let granted: u32 = (0..4)
            .map(|_| {
                let budget = budget.clone();
                std::thread::spawn(move || (0..100).filter(|_| budget.try_acquire()).count())
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|handle| u32::try_from(handle.join().expect("no panic")).expect("small"))
            .sum();
        assert_eq!(granted, 50, "exactly the capacity, never more");
    }

    #[test]
    fn policy_and_budget_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<RetryPolicy>();
        check::<RetryBudget>();
        check::<Outcome>();
        check::<Decision>();
    }
}

//! Faults injected into the next calls of a route: what the network and LINE Pay can do to a
//! client.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::route::Route;

/// What goes wrong with a call.
///
/// Whether the call's effect on the ledger is applied matters as much as what the client
/// sees: a client that cannot tell must ask (Payment Details, Check Payment Status) before
/// acting again. The worst faults apply the effect and *then* answer badly, or lose the
/// answer and apply the effect later: a recovery tested only against faults that apply
/// nothing is untested.
///
/// | kind | wire (admin API) | the client sees | effect |
/// |---|---|---|---|
/// | [`Delay`](FaultKind::Delay) | `{"delayMs": 1500}` | the answer, late | after the wait (within the landing limit) |
/// | [`DropAfterEffect`](FaultKind::DropAfterEffect) | `"dropAfterEffect"` | no answer | yes |
/// | [`ServerErrorHtml`](FaultKind::ServerErrorHtml) | `{"serverErrorHtml": {"status": 502}}` | an HTML 5xx page | no |
/// | [`ServerErrorHtmlAfterEffect`](FaultKind::ServerErrorHtmlAfterEffect) | `{"serverErrorHtmlAfterEffect": {"status": 502}}` | an HTML 5xx page | yes |
/// | [`TruncatedJson`](FaultKind::TruncatedJson) | `"truncatedJson"` | half the JSON | yes |
/// | [`ReturnCode`](FaultKind::ReturnCode) | `{"returnCode": "9000"}` | that code | no |
/// | [`ReturnCodeAfterEffect`](FaultKind::ReturnCodeAfterEffect) | `{"returnCodeAfterEffect": "9000"}` | that code | yes |
/// | [`MalformedInfo`](FaultKind::MalformedInfo) | `"malformedInfo"` | `0000` with an unreadable `info` | yes |
/// | [`LandsLate`](FaultKind::LandsLate) | `{"landsLateMs": 30000}` | no answer | later, on the mock's clock |
///
/// A unit kind is also written `{"dropAfterEffect": null}`, `{"truncatedJson": null}`,
/// `{"malformedInfo": null}`.
///
/// # The landing limit
///
/// LINE Pay is taken to finish or abandon every call within **twice the endpoint's
/// recommended read timeout** ([`Route::read_timeout`]: Refund 20 s → 40 s, Confirm
/// 40 s → 80 s, Capture 60 s → 120 s) of receiving it, measured on the mock's clock. A
/// client's recovery relies on exactly this bound: once it has passed since the call was
/// sent, a call whose answer was lost can no longer land. The mock keeps to it: a
/// [`LandsLate`](FaultKind::LandsLate) effect lands at the latest at the limit, and a
/// [`Delay`](FaultKind::Delay)ed call (or any call) that would be applied after it, because
/// the clock was moved on meanwhile, is abandoned: nothing is applied and the answer is
/// `9000`.
///
/// ```
/// use std::time::Duration;
/// use linepay_mock::FaultKind;
///
/// let kind: FaultKind = serde_json::from_str(r#"{"delayMs": 1500}"#)?;
/// assert_eq!(kind, FaultKind::Delay(Duration::from_millis(1500)));
/// let kind: FaultKind = serde_json::from_str(r#""dropAfterEffect""#)?;
/// assert_eq!(kind, FaultKind::DropAfterEffect);
/// let kind: FaultKind = serde_json::from_str(r#"{"landsLateMs": 30000}"#)?;
/// assert_eq!(kind, FaultKind::LandsLate(Duration::from_secs(30)));
/// assert!(FaultKind::TruncatedJson.applies_effect());
/// assert!(!FaultKind::ServerErrorHtml { status: 502 }.applies_effect());
/// assert!(FaultKind::ServerErrorHtmlAfterEffect { status: 502 }.applies_effect());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum FaultKind {
    /// Wait this long (in real time) before answering, then answer normally; the effect is
    /// applied after the wait even if the client gave up (to fire client read timeouts).
    /// While it waits, the call is in flight: a second state-changing call on the same
    /// transaction gets `1198` (`1197` for the same regKey). If the mock's clock has passed
    /// the [landing limit](FaultKind#the-landing-limit) by the end of the wait, the effect
    /// is abandoned and the answer is `9000`.
    #[serde(rename = "delayMs", with = "millis")]
    Delay(Duration),
    /// Apply the effect, then close the connection without any response.
    DropAfterEffect,
    /// Answer with this HTTP status and an nginx-like HTML page; the effect is not applied.
    ServerErrorHtml {
        /// The HTTP status, such as 502 or 503.
        status: u16,
    },
    /// Apply the effect, then answer with this HTTP status and the nginx-like HTML page of
    /// [`ServerErrorHtml`](FaultKind::ServerErrorHtml).
    ServerErrorHtmlAfterEffect {
        /// The HTTP status, such as 500, 502 or 503.
        status: u16,
    },
    /// Apply the effect, then send the first half of the JSON answer (with a matching
    /// `Content-Length`, so the client gets a complete HTTP response that is not JSON).
    TruncatedJson,
    /// Answer this return code without `info`; the effect is not applied.
    ReturnCode(String),
    /// Apply the effect, then answer this return code without `info` (such as `9000` or
    /// `1198`).
    ReturnCodeAfterEffect(String),
    /// Apply the effect, then answer an envelope whose `info` breaks the endpoint's schema:
    /// the JSON string `"unavailable"` where an object or a list belongs. `returnCode` and
    /// `returnMessage` come first and stay readable: `0000` when the call succeeded (the
    /// code of the refusal when the ledger refused it).
    MalformedInfo,
    /// Lose the answer at once (close the connection without a response) and apply the
    /// effect this long after the call was received, on the mock's clock
    /// ([`MockServer::advance_clock`](crate::MockServer::advance_clock) brings it forward).
    /// The wait is capped at the [landing limit](FaultKind#the-landing-limit).
    ///
    /// The call does not hold its transaction in flight (the request may still be in
    /// transit), so a second call is not refused with `1198`: this is the hostile case. A
    /// late effect the ledger refuses when it lands (the state changed meanwhile) is not
    /// applied. [`MockServer::pending_late_effects`](crate::MockServer::pending_late_effects)
    /// counts the effects still to land.
    #[serde(rename = "landsLateMs", with = "millis")]
    LandsLate(Duration),
}

impl FaultKind {
    /// Whether the call's state change is applied under this fault (for
    /// [`LandsLate`](FaultKind::LandsLate), later; for [`Delay`](FaultKind::Delay), after
    /// the wait). Only [`ServerErrorHtml`](FaultKind::ServerErrorHtml) and
    /// [`ReturnCode`](FaultKind::ReturnCode) answer without applying it; every other kind
    /// leaves the client unsure whether it happened.
    ///
    /// ```
    /// use std::time::Duration;
    /// use linepay_mock::FaultKind;
    ///
    /// assert!(FaultKind::DropAfterEffect.applies_effect());
    /// assert!(FaultKind::LandsLate(Duration::from_secs(30)).applies_effect());
    /// assert!(FaultKind::ReturnCodeAfterEffect("9000".to_owned()).applies_effect());
    /// assert!(!FaultKind::ReturnCode("9000".to_owned()).applies_effect());
    /// ```
    pub fn applies_effect(&self) -> bool {
        !matches!(
            self,
            FaultKind::ServerErrorHtml { .. } | FaultKind::ReturnCode(_)
        )
    }
}

/// The [landing limit](FaultKind#the-landing-limit) of a call of `route`: twice its
/// recommended read timeout. Every call is applied within it of being received, or never.
pub(crate) fn landing_limit(route: Route) -> Duration {
    route.read_timeout().saturating_mul(2)
}

/// A fault for the next `times` calls of one route.
///
/// A fault fires on calls that passed the signature check and decoded, so a malformed call
/// never uses one up. Faults for the same route fire in the order they were injected.
///
/// On the wire (admin `POST /__mock/faults`):
/// `{"route": "confirm", "times": 1, "kind": {"dropAfterEffect": null}}`; `times` defaults
/// to 1.
///
/// ```
/// use linepay_mock::{Fault, FaultKind, Route};
///
/// let fault: Fault = serde_json::from_str(r#"{"route":"confirm","kind":"truncatedJson"}"#)?;
/// assert_eq!(fault, Fault::once(Route::Confirm, FaultKind::TruncatedJson));
/// assert_eq!(fault.times, 1);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// The route whose calls it hits.
    #[serde(rename = "route", alias = "target")]
    pub target: Route,
    /// How many calls it hits.
    #[serde(default = "one")]
    pub times: u32,
    /// What happens to them.
    pub kind: FaultKind,
}

fn one() -> u32 {
    1
}

impl Fault {
    /// A fault for the next `times` calls of `target`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use linepay_mock::{Fault, FaultKind, Route};
    ///
    /// let fault = Fault::new(Route::Refund, 2, FaultKind::Delay(Duration::from_millis(200)));
    /// assert_eq!(fault.times, 2);
    /// ```
    pub fn new(target: Route, times: u32, kind: FaultKind) -> Self {
        Self {
            target,
            times,
            kind,
        }
    }

    /// A fault for the next call of `target` only.
    ///
    /// ```
    /// use linepay_mock::{Fault, FaultKind, Route};
    ///
    /// let fault = Fault::once(Route::Confirm, FaultKind::DropAfterEffect);
    /// assert_eq!(fault.times, 1);
    /// ```
    pub fn once(target: Route, kind: FaultKind) -> Self {
        Self::new(target, 1, kind)
    }
}

/// The faults still to fire, in injection order.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    pending: Vec<Fault>,
}

impl Faults {
    /// Queues a fault (one for zero calls is dropped).
    pub(crate) fn inject(&mut self, fault: Fault) {
        if fault.times > 0 {
            self.pending.push(fault);
        }
    }

    /// Removes every fault; answers how many there were.
    pub(crate) fn clear(&mut self) -> usize {
        std::mem::take(&mut self.pending).len()
    }

    /// The faults still to fire.
    pub(crate) fn pending(&self) -> Vec<Fault> {
        self.pending.clone()
    }

    /// The fault for this call of `route`, if one is due; uses it up.
    pub(crate) fn take(&mut self, route: Route) -> Option<FaultKind> {
        let index = self
            .pending
            .iter()
            .position(|fault| fault.target == route)?;
        let fault = &mut self.pending[index];
        fault.times -= 1;
        let kind = fault.kind.clone();
        if fault.times == 0 {
            self.pending.remove(index);
        }
        Some(kind)
    }
}

/// `Duration` as whole milliseconds.
mod millis {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        duration: &Duration,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(u64::try_from(duration.as_millis()).unwrap_or(u64::MAX))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Duration, D::Error> {
        u64::deserialize(deserializer).map(Duration::from_millis)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_landing_limit_is_twice_the_read_timeout() {
        assert_eq!(landing_limit(Route::Refund), Duration::from_secs(40));
        assert_eq!(landing_limit(Route::Confirm), Duration::from_secs(80));
        assert_eq!(landing_limit(Route::Capture), Duration::from_secs(120));
    }

    #[test]
    fn fires_in_order_for_the_given_number_of_calls() {
        let mut faults = Faults::default();
        faults.inject(Fault::new(Route::Confirm, 2, FaultKind::TruncatedJson));
        faults.inject(Fault::once(Route::Confirm, FaultKind::DropAfterEffect));
        faults.inject(Fault::new(Route::Refund, 0, FaultKind::DropAfterEffect));
        assert_eq!(faults.take(Route::Refund), None);
        assert_eq!(faults.take(Route::Confirm), Some(FaultKind::TruncatedJson));
        assert_eq!(faults.take(Route::Confirm), Some(FaultKind::TruncatedJson));
        assert_eq!(
            faults.take(Route::Confirm),
            Some(FaultKind::DropAfterEffect)
        );
        assert_eq!(faults.take(Route::Confirm), None);
    }

    #[test]
    fn wire_shapes() {
        let parse = |json: &str| serde_json::from_str::<FaultKind>(json).unwrap();
        assert_eq!(
            parse(r#"{"serverErrorHtml":{"status":503}}"#),
            FaultKind::ServerErrorHtml { status: 503 }
        );
        assert_eq!(
            parse(r#"{"returnCode":"9000"}"#),
            FaultKind::ReturnCode("9000".to_owned())
        );
        assert_eq!(
            parse(r#"{"dropAfterEffect":null}"#),
            FaultKind::DropAfterEffect
        );
        for (json, kind) in [
            (
                r#"{"serverErrorHtmlAfterEffect":{"status":502}}"#,
                FaultKind::ServerErrorHtmlAfterEffect { status: 502 },
            ),
            (
                r#"{"returnCodeAfterEffect":"9000"}"#,
                FaultKind::ReturnCodeAfterEffect("9000".to_owned()),
            ),
            (r#""malformedInfo""#, FaultKind::MalformedInfo),
            (
                r#"{"landsLateMs":30000}"#,
                FaultKind::LandsLate(Duration::from_secs(30)),
            ),
        ] {
            assert_eq!(parse(json), kind);
            assert_eq!(serde_json::to_string(&kind).unwrap(), json);
        }
        assert_eq!(parse(r#"{"malformedInfo":null}"#), FaultKind::MalformedInfo);
        let fault: Fault =
            serde_json::from_str(r#"{"route":"confirm","times":3,"kind":{"delayMs":250}}"#)
                .unwrap();
        assert_eq!(
            fault,
            Fault::new(
                Route::Confirm,
                3,
                FaultKind::Delay(Duration::from_millis(250))
            )
        );
        assert_eq!(
            serde_json::to_string(&fault).unwrap(),
            r#"{"route":"confirm","times":3,"kind":{"delayMs":250}}"#
        );
    }
}

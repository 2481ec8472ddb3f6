//! Faults injected into the next calls of a route: what the network and LINE Pay can do to a
//! client.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::endpoint::Route;

/// What goes wrong with a call.
///
/// Whether the call's effect on the ledger is applied matters as much as what the client
/// sees: a client that cannot tell must ask (Payment Details, Check Payment Status) before
/// acting again.
///
/// On the wire (admin API) a kind is `{"delayMs": 1500}`, `{"dropAfterEffect": null}` (or
/// the string `"dropAfterEffect"`), `{"serverErrorHtml": {"status": 502}}`,
/// `{"truncatedJson": null}` (or `"truncatedJson"`), `{"returnCode": "9000"}`.
///
/// ```
/// use std::time::Duration;
/// use linepay_mock::FaultKind;
///
/// let kind: FaultKind = serde_json::from_str(r#"{"delayMs": 1500}"#)?;
/// assert_eq!(kind, FaultKind::Delay(Duration::from_millis(1500)));
/// let kind: FaultKind = serde_json::from_str(r#""dropAfterEffect""#)?;
/// assert_eq!(kind, FaultKind::DropAfterEffect);
/// assert!(FaultKind::TruncatedJson.applies_effect());
/// assert!(!FaultKind::ServerErrorHtml { status: 502 }.applies_effect());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum FaultKind {
    /// Wait this long before answering, then answer normally; the effect is applied after
    /// the wait even if the client gave up (to fire client read timeouts). While it waits,
    /// the call is in flight: a second state-changing call on the same transaction gets
    /// `1198` (`1197` for the same regKey).
    #[serde(rename = "delayMs", with = "millis")]
    Delay(Duration),
    /// Apply the effect, then close the connection without any response.
    DropAfterEffect,
    /// Answer with this HTTP status and an nginx-like HTML page; the effect is not applied.
    ServerErrorHtml {
        /// The HTTP status, such as 502 or 503.
        status: u16,
    },
    /// Apply the effect, then send the first half of the JSON answer (with a matching
    /// `Content-Length`, so the client gets a complete HTTP response that is not JSON).
    TruncatedJson,
    /// Answer this return code without `info`; the effect is not applied.
    ReturnCode(String),
}

impl FaultKind {
    /// Whether the call's state change is applied under this fault.
    ///
    /// ```
    /// use linepay_mock::FaultKind;
    ///
    /// assert!(FaultKind::DropAfterEffect.applies_effect());
    /// assert!(!FaultKind::ReturnCode("9000".to_owned()).applies_effect());
    /// ```
    pub fn applies_effect(&self) -> bool {
        !matches!(
            self,
            FaultKind::ServerErrorHtml { .. } | FaultKind::ReturnCode(_)
        )
    }
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

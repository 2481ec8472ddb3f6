//! Late effects (fault `LandsLate`): calls whose answer was lost at once and whose effect
//! lands on the ledger later, on the mock's clock.
//!
//! The queue is drained by [`Shared::ledger`](crate::state::Shared::ledger), the one door to
//! the ledger: every read of the ledger first lands the effects that are due.

use std::time::SystemTime;

use linepay_core::ApiVersion;

use crate::config::MockConfig;
use crate::ledger::Ledger;
use crate::ledger::{Call, Context};
use crate::route::Route;

/// A decoded call waiting to land.
#[derive(Debug)]
pub(crate) struct LateEffect {
    pub(crate) call: Call,
    /// Whether the body wrote an amount as a JSON float.
    pub(crate) float: bool,
    pub(crate) version: ApiVersion,
    pub(crate) route: Route,
    /// The call's number in the request log.
    pub(crate) logged_as: Option<u64>,
    /// When it lands, on the mock's clock.
    pub(crate) due: SystemTime,
}

impl LateEffect {
    /// Applies the call to the ledger as it was at the due time, through the same
    /// [`Call::execute`] as a call answered at once; the answer goes nowhere. Answers
    /// whether the ledger took it (a refused one changes nothing).
    pub(crate) fn land(self, ledger: &mut Ledger, config: &MockConfig, base_url: &str) -> bool {
        ledger.refresh(self.due);
        let context = Context {
            config,
            base_url,
            now: self.due,
            version: self.version,
            call: self.logged_as,
        };
        self.call.execute(ledger, self.float, &context).is_ok()
    }
}

/// The effects still to land, in due order (in arrival order when due at the same time).
#[derive(Debug, Default)]
pub(crate) struct LateEffects {
    queue: Vec<LateEffect>,
}

impl LateEffects {
    /// Queues an effect.
    pub(crate) fn push(&mut self, effect: LateEffect) {
        let at = self
            .queue
            .partition_point(|queued| queued.due <= effect.due);
        self.queue.insert(at, effect);
    }

    /// Removes and answers the effects due at `now`, in due order.
    pub(crate) fn take_due(&mut self, now: SystemTime) -> Vec<LateEffect> {
        let due = self.queue.partition_point(|queued| queued.due <= now);
        self.queue.drain(..due).collect()
    }

    /// How many are still to land.
    pub(crate) fn len(&self) -> usize {
        self.queue.len()
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use linepay_core::TransactionId;
    use linepay_core::api::v3::VoidPayment;

    use super::*;

    fn void(id: u64, due_secs: u64) -> LateEffect {
        LateEffect {
            call: Call::Void(VoidPayment {
                transaction_id: TransactionId::new(id),
            }),
            float: false,
            version: ApiVersion::V3,
            route: Route::Void,
            logged_as: None,
            due: UNIX_EPOCH + Duration::from_secs(due_secs),
        }
    }

    fn ids(effects: &[LateEffect]) -> Vec<u64> {
        effects
            .iter()
            .map(|effect| match &effect.call {
                Call::Void(void) => void.transaction_id.get(),
                other => panic!("unexpected {other:?}"),
            })
            .collect()
    }

    #[test]
    fn lands_in_due_order_then_arrival_order() {
        let mut late = LateEffects::default();
        late.push(void(1, 30));
        late.push(void(2, 10));
        late.push(void(3, 30));
        late.push(void(4, 50));
        assert_eq!(late.len(), 4);
        assert!(
            late.take_due(UNIX_EPOCH + Duration::from_secs(9))
                .is_empty()
        );
        let due = late.take_due(UNIX_EPOCH + Duration::from_secs(30));
        assert_eq!(ids(&due), [2, 1, 3]);
        assert_eq!(late.len(), 1);
        assert_eq!(
            ids(&late.take_due(UNIX_EPOCH + Duration::from_secs(60))),
            [4]
        );
        assert_eq!(late.len(), 0);
    }

    #[test]
    fn a_refused_effect_changes_nothing() {
        let config = MockConfig::default();
        let mut ledger = Ledger::new(&config);
        // No such transaction: Void is refused.
        assert!(!void(1, 0).land(&mut ledger, &config, "http://127.0.0.1:1"));
        assert!(ledger.snapshot().is_empty());
    }
}

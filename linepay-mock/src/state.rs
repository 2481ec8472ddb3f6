//! What every connection of one mock shares: configuration, ledger, faults, clock, counters.

use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use linepay_core::{Credentials, Environment, TransactionId};

use crate::auth::Channel;
use crate::clock::{Clock, lock};
use crate::config::MockConfig;
use crate::error::MockError;
use crate::faults::Faults;
use crate::ledger::Ledger;
use crate::notify;
use crate::redirect::Redirect;
use crate::stats::Counters;

/// The state of one mock.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: MockConfig,
    pub(crate) channel: Channel,
    pub(crate) credentials: Credentials,
    pub(crate) environment: Environment,
    pub(crate) base_url: String,
    pub(crate) ledger: Mutex<Ledger>,
    pub(crate) faults: Mutex<Faults>,
    pub(crate) clock: Clock,
    pub(crate) counters: Counters,
    pub(crate) runtime: tokio::runtime::Handle,
}

impl Shared {
    /// Runs `f` on the ledger brought up to the mock's current time, which it also gets.
    pub(crate) fn ledger<R>(&self, f: impl FnOnce(&mut Ledger, SystemTime) -> R) -> R {
        let now = self.clock.now();
        let mut ledger = lock(&self.ledger);
        ledger.refresh(now);
        f(&mut ledger, now)
    }

    /// The customer approves; with a SERVER confirm URL, the mock then calls it.
    pub(crate) fn approve(self: &Arc<Self>, id: TransactionId) -> Result<Redirect, MockError> {
        let redirect = self.ledger(|ledger, now| ledger.approve(id, now))?;
        if let Redirect::Server(url) = &redirect {
            notify::spawn(Arc::clone(self), id, url.clone());
        }
        Ok(redirect)
    }

    /// The customer cancels.
    pub(crate) fn cancel(&self, id: TransactionId) -> Result<Redirect, MockError> {
        self.ledger(|ledger, _| ledger.cancel(id))
    }

    /// The payment fails on the customer's side.
    pub(crate) fn fail(&self, id: TransactionId) -> Result<(), MockError> {
        self.ledger(|ledger, _| ledger.fail(id))
    }
}

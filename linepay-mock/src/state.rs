//! What every connection of one mock shares: configuration, ledger, faults, clock, counters.

use std::io;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use linepay_core::{ChannelSecret, Credentials, Environment, InvalidField, TransactionId};

use crate::auth::Channel;
use crate::clock::{Clock, lock};
use crate::config::MockConfig;
use crate::error::MockError;
use crate::faults::Faults;
use crate::late::{LateEffect, LateEffects};
use crate::ledger::Ledger;
use crate::notify;
use crate::redirect::Redirect;
use crate::requests::RequestLog;
use crate::stats::Counters;

fn invalid(error: InvalidField) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, error.to_string())
}

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
    pub(crate) clock: Arc<Clock>,
    pub(crate) late: Mutex<LateEffects>,
    pub(crate) counters: Counters,
    /// The last API calls received.
    pub(crate) requests: Mutex<RequestLog>,
    pub(crate) runtime: tokio::runtime::Handle,
}

impl Shared {
    /// Checks what [`Shared::new`] needs from `config`: a channel id of digits, a non-empty
    /// secret.
    ///
    /// Also refuses an admin token that cannot be sent in a header, and an admin API left
    /// open on an address that is not loopback.
    pub(crate) fn check(config: &MockConfig) -> io::Result<()> {
        Credentials::new(config.channel_id.clone(), config.channel_secret.clone())
            .map_err(invalid)?;
        match &config.admin_token {
            Some(token) => match token.problem() {
                Some(problem) => Err(io::Error::new(io::ErrorKind::InvalidInput, problem)),
                None => Ok(()),
            },
            None if config.listen.ip().to_canonical().is_loopback() => Ok(()),
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "refusing to listen on {} without an admin token: the admin API under \
                     /__mock/ (approve payments, move the clock, inject faults) would be open \
                     to anyone who can reach that address. Set an admin token (--admin-token \
                     or LINEPAY_MOCK_ADMIN_TOKEN for the binary, MockConfig::admin_token for \
                     the library), or listen on a loopback address such as 127.0.0.1",
                    config.listen
                ),
            )),
        }
    }

    /// The state of a mock answering at `base_url`. Must be called inside a Tokio runtime
    /// (SERVER confirm URLs are called on it).
    pub(crate) fn new(config: MockConfig, base_url: String) -> io::Result<Shared> {
        let credentials =
            Credentials::new(config.channel_id.clone(), config.channel_secret.clone())
                .map_err(invalid)?;
        let secret = ChannelSecret::new(config.channel_secret.clone()).map_err(invalid)?;
        let environment = Environment::custom(&base_url).map_err(invalid)?;
        Ok(Shared {
            channel: Channel {
                id: config.channel_id.clone(),
                secret,
            },
            credentials,
            environment,
            base_url,
            ledger: Mutex::new(Ledger::new(&config)),
            faults: Mutex::new(Faults::default()),
            clock: Arc::default(),
            late: Mutex::default(),
            counters: Counters::default(),
            requests: Mutex::new(RequestLog::new(config.request_log)),
            runtime: tokio::runtime::Handle::current(),
            config,
        })
    }

    /// Runs `f` on the ledger brought up to the mock's current time, which it also gets.
    ///
    /// Every access to the ledger goes through here, so every one sees what time did: first
    /// the late effects due by now land, each at its due time and in due order (counted as
    /// effects of their route when the ledger takes them), then expiries up to now.
    pub(crate) fn ledger<R>(&self, f: impl FnOnce(&mut Ledger, SystemTime) -> R) -> R {
        let now = self.clock.now();
        let mut ledger = lock(&self.ledger);
        let due = lock(&self.late).take_due(now);
        for effect in due {
            let route = effect.route;
            if effect.land(&mut ledger, &self.config, &self.base_url) {
                self.counters.effect(route);
            }
        }
        ledger.refresh(now);
        f(&mut ledger, now)
    }

    /// Queues an effect to land later (fault `LandsLate`).
    pub(crate) fn land_later(&self, effect: LateEffect) {
        lock(&self.late).push(effect);
    }

    /// How many late effects are still to land, once those due by now have landed.
    pub(crate) fn pending_late_effects(&self) -> usize {
        // Lock order: the ledger, then the queue.
        self.ledger(|_, _| lock(&self.late).len())
    }

    /// The customer approves; with a SERVER confirm URL, the mock then calls it.
    pub(crate) fn approve(self: &Arc<Self>, id: TransactionId) -> Result<Redirect, MockError> {
        let redirect = self.ledger(|ledger, now| ledger.approve(id, now))?;
        if let Redirect::Server(url) = &redirect {
            // In the background, as LINE Pay's server: the outcome goes on the payment.
            let shared = Arc::clone(self);
            let url = url.clone();
            self.runtime.spawn(async move {
                let call = notify::call(url).await;
                shared.ledger(|ledger, _| ledger.record_server_confirm(id, call));
            });
        }
        Ok(redirect)
    }

    /// The customer cancels.
    pub(crate) fn cancel(&self, id: TransactionId) -> Result<Redirect, MockError> {
        self.ledger(|ledger, now| ledger.cancel(id, now))
    }

    /// The payment fails on the customer's side.
    pub(crate) fn fail(&self, id: TransactionId) -> Result<(), MockError> {
        self.ledger(|ledger, now| ledger.fail(id, now))
    }
}

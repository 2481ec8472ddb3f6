//! What the mock counts: connections, calls per route, and effects applied per route.

use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use crate::route::{ROUTES, Route};

/// The live counters.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    connections: AtomicUsize,
    requests: [AtomicUsize; ROUTES],
    effects: [AtomicUsize; ROUTES],
}

impl Counters {
    pub(crate) fn connection(&self) {
        self.connections.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn request(&self, route: Route) {
        self.requests[route.index()].fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn effect(&self, route: Route) {
        self.effects[route.index()].fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn connections(&self) -> usize {
        self.connections.load(Ordering::Relaxed)
    }

    pub(crate) fn requests(&self, route: Route) -> usize {
        self.requests[route.index()].load(Ordering::Relaxed)
    }

    pub(crate) fn effects(&self, route: Route) -> usize {
        self.effects[route.index()].load(Ordering::Relaxed)
    }

    pub(crate) fn snapshot(&self) -> Stats {
        Stats {
            accepted_connections: self.connections(),
            routes: Route::ALL
                .into_iter()
                .map(|route| RouteStats {
                    route,
                    requests: self.requests(route),
                    effects: self.effects(route),
                })
                .collect(),
        }
    }
}

/// Calls and effects of one route.
///
/// ```
/// use linepay_mock::{Route, RouteStats};
///
/// let stats: RouteStats = serde_json::from_str(r#"{"route":"confirm","requests":2,"effects":1}"#)?;
/// assert_eq!(stats.route, Route::Confirm);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RouteStats {
    /// The route.
    pub route: Route,
    /// Calls received on its path with its method, whatever became of them (refused by
    /// the signature check, malformed, faulted).
    pub requests: usize,
    /// Calls whose effect was applied: the state change of a state-changing route, a
    /// successful answer of a read.
    pub effects: usize,
}

/// A snapshot of the mock's counters, as [`MockServer::stats`](crate::MockServer::stats) and
/// `GET /__mock/stats` show them.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use linepay_mock::{MockServer, Route};
///
/// let mock = MockServer::start().await?;
/// let stats = mock.stats();
/// assert_eq!(stats.accepted_connections, 0);
/// assert_eq!(stats.route(Route::Confirm).requests, 0);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Stats {
    /// TCP connections accepted.
    pub accepted_connections: usize,
    /// One entry per route, in [`Route::ALL`] order.
    pub routes: Vec<RouteStats>,
}

impl Stats {
    /// The counters of `route` (zeros if absent).
    ///
    /// ```
    /// use linepay_mock::{Route, Stats};
    ///
    /// let stats: Stats = serde_json::from_str(r#"{"acceptedConnections":1,"routes":[{"route":"void","requests":1,"effects":0}]}"#)?;
    /// assert_eq!(stats.route(Route::Void).requests, 1);
    /// assert_eq!(stats.route(Route::Refund).requests, 0);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn route(&self, route: Route) -> RouteStats {
        self.routes
            .iter()
            .find(|stats| stats.route == route)
            .cloned()
            .unwrap_or(RouteStats {
                route,
                requests: 0,
                effects: 0,
            })
    }
}

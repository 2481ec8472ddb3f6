//! The server: the listener, the accept loop, one hyper HTTP/1 connection per client, and
//! [`MockServer`], the handle tests hold.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use linepay_core::{ClientBuilder, Credentials, Environment, OneTimeKey, TransactionId};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::{JoinHandle, JoinSet};

use crate::clock::{MockClock, lock};
use crate::config::MockConfig;
use crate::error::MockError;
use crate::faults::Fault;
use crate::ledger::Customer;
use crate::pipeline;
use crate::redirect::Redirect;
use crate::reply::{self, Reply};
use crate::requests::LoggedCall;
use crate::route::Route;
use crate::state::Shared;
use crate::stats::Stats;
use crate::transaction::Transaction;

/// Longest request head (request line and headers) read; a longer one gets `431`.
const MAX_HEAD: usize = 64 * 1024;

/// How long a client may take to send a request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(30);

/// A running local LINE Pay.
///
/// It listens on `127.0.0.1` (port 0 by default: a free port), answers the LINE Pay v3 API,
/// serves the payment page, and offers the admin API under `/__mock/`. It stops on
/// [`MockServer::shutdown`] or when dropped.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use linepay_core::api::v3::{Package, Product, RedirectUrls, RequestPayment};
/// use linepay_core::{Amount, Currency, OrderId};
/// use linepay_mock::MockServer;
///
/// let mock = MockServer::start().await?;
/// assert!(mock.base_url().starts_with("http://127.0.0.1:"));
///
/// // A signed request, as any client would send it (here: sans-IO, not sent).
/// let client = mock.client_builder().build();
/// let request = RequestPayment::new(
///     OrderId::new("ORDER-1")?,
///     Currency::Twd,
///     vec![Package::new("shop", vec![Product::new("Tea", 1, Amount::whole(100))])],
///     RedirectUrls::new("https://shop.example/confirm", "https://shop.example/cancel"),
/// );
/// let signed = client.prepare(&request)?;
/// assert!(signed.uri().to_string().starts_with(mock.base_url()));
///
/// mock.shutdown().await;
/// # Ok(())
/// # }
/// ```
pub struct MockServer {
    shared: Arc<Shared>,
    local_addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    accept_loop: Option<JoinHandle<()>>,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("base_url", &self.shared.base_url)
            .field("channel_id", &self.shared.config.channel_id)
            .finish_non_exhaustive()
    }
}

impl MockServer {
    /// Starts a mock on `127.0.0.1` with a free port, channel id [`DEFAULT_CHANNEL_ID`] and
    /// secret [`DEFAULT_CHANNEL_SECRET`].
    ///
    /// Must be called inside a Tokio runtime.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert_eq!(mock.channel_id(), linepay_mock::DEFAULT_CHANNEL_ID);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// [`DEFAULT_CHANNEL_ID`]: crate::DEFAULT_CHANNEL_ID
    /// [`DEFAULT_CHANNEL_SECRET`]: crate::DEFAULT_CHANNEL_SECRET
    pub async fn start() -> io::Result<MockServer> {
        Self::start_with(MockConfig::default()).await
    }

    /// Starts a mock with `config`. Fails with [`InvalidInput`](io::ErrorKind::InvalidInput)
    /// when the channel id is not digits, the secret is empty, the admin token cannot be sent
    /// in a header, or the address is not loopback and there is no
    /// [admin token](MockConfig::admin_token) (the admin API would be open to anyone who can
    /// reach it); fails when the address cannot be bound.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use linepay_mock::{MockConfig, MockServer};
    ///
    /// let mock = MockServer::start_with(MockConfig {
    ///     channel_id: "2000000001".to_owned(),
    ///     channel_secret: "s3cret".to_owned(),
    ///     ..MockConfig::default()
    /// })
    /// .await?;
    /// assert_eq!(mock.channel_id(), "2000000001");
    ///
    /// let bad = MockServer::start_with(MockConfig { channel_id: "abc".to_owned(), ..MockConfig::default() }).await;
    /// assert_eq!(bad.unwrap_err().kind(), std::io::ErrorKind::InvalidInput);
    ///
    /// // Every interface, but no admin token: refused before binding.
    /// let open = MockServer::start_with(MockConfig { listen: "0.0.0.0:0".parse().unwrap(), ..MockConfig::default() }).await;
    /// assert!(open.unwrap_err().to_string().contains("admin token"));
    /// # Ok(())
    /// # }
    /// ```
    pub async fn start_with(config: MockConfig) -> io::Result<MockServer> {
        // Check the configuration before binding the address.
        Shared::check(&config)?;
        let listener = TcpListener::bind(config.listen).await?;
        let local_addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new(config, format!("http://{local_addr}"))?);
        let (stop, stopped) = oneshot::channel();
        let accept_loop = tokio::spawn(accept_loop(listener, Arc::clone(&shared), stopped));
        Ok(MockServer {
            shared,
            local_addr,
            stop: Some(stop),
            accept_loop: Some(accept_loop),
        })
    }

    /// The base URL of the API, the payment pages and the admin API: `http://127.0.0.1:PORT`.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert_eq!(mock.base_url(), format!("http://{}", mock.local_addr()));
    /// # Ok(())
    /// # }
    /// ```
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The address the mock listens on.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert!(mock.local_addr().ip().is_loopback());
    /// assert_ne!(mock.local_addr().port(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The channel id the mock accepts.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert_eq!(mock.channel_id(), "1234567890");
    /// # Ok(())
    /// # }
    /// ```
    pub fn channel_id(&self) -> &str {
        &self.shared.config.channel_id
    }

    /// The channel secret the mock checks signatures with. It is a test value, not a real
    /// secret.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert_eq!(mock.channel_secret(), "linepay-mock-secret");
    /// # Ok(())
    /// # }
    /// ```
    pub fn channel_secret(&self) -> &str {
        &self.shared.config.channel_secret
    }

    /// The credentials a client uses with this mock.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert_eq!(mock.credentials().channel_id().as_str(), mock.channel_id());
    /// # Ok(())
    /// # }
    /// ```
    pub fn credentials(&self) -> Credentials {
        self.shared.credentials.clone()
    }

    /// The environment a client uses with this mock: [`Environment::Custom`] with
    /// [`MockServer::base_url`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert_eq!(mock.environment().base_url(), mock.base_url());
    /// # Ok(())
    /// # }
    /// ```
    pub fn environment(&self) -> Environment {
        self.shared.environment.clone()
    }

    /// A client builder set up for this mock (credentials, environment, and the mock's
    /// clock); add a transport and build.
    ///
    /// The client reads the time from [`MockServer::clock`]: its recovery deadlines ("the
    /// lost call may still land until…") are on the mock's clock, so
    /// [`advance_clock`](MockServer::advance_clock) moves them forward too, and a test moves
    /// time instead of waiting for it. Setting another [`clock`](ClientBuilder::clock) on the
    /// builder undoes this.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use linepay_core::{api::v3::CheckPaymentStatus, TransactionId};
    ///
    /// let mock = linepay_mock::MockServer::start().await?;
    /// let client = mock.client_builder().build();
    /// let check = CheckPaymentStatus { transaction_id: TransactionId::new(2026112200000000001) };
    /// let request = client.prepare(&check)?;
    /// assert_eq!(
    ///     request.uri().to_string(),
    ///     format!("{}/v3/payments/requests/2026112200000000001/check", mock.base_url()),
    /// );
    ///
    /// // The client's clock is the mock's.
    /// use linepay_core::Clock;
    /// let before = client.clock().now();
    /// mock.advance_clock(std::time::Duration::from_secs(3600));
    /// assert!(client.clock().now() >= before + std::time::Duration::from_secs(3600));
    /// # Ok(())
    /// # }
    /// ```
    pub fn client_builder(&self) -> ClientBuilder {
        linepay_core::Client::builder(self.credentials())
            .environment(self.environment())
            .clock(self.clock())
    }

    /// The mock's clock as a [`linepay_core::Clock`], for a client built without
    /// [`client_builder`](MockServer::client_builder) (which sets it already): it reads
    /// [`MockServer::now`], and follows every [`advance_clock`](MockServer::advance_clock).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use std::time::Duration;
    /// use linepay_core::{ClientBuilder, Clock};
    ///
    /// let mock = linepay_mock::MockServer::start().await?;
    /// let client = ClientBuilder::new(mock.credentials())
    ///     .environment(mock.environment())
    ///     .clock(mock.clock())
    ///     .build();
    /// let before = client.clock().now();
    /// mock.advance_clock(Duration::from_secs(60));
    /// assert!(client.clock().now() >= before + Duration::from_secs(60));
    /// # Ok(())
    /// # }
    /// ```
    pub fn clock(&self) -> MockClock {
        MockClock::new(&self.shared.clock)
    }

    /// The customer approves the payment, as the Pay button of the payment page does.
    /// Answers where the customer goes next; with a SERVER confirm URL the mock calls it in
    /// the background (loopback `http://` URLs only).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use linepay_mock::{MockError, MockServer};
    ///
    /// let mock = MockServer::start().await?;
    /// // No payment was requested yet.
    /// assert!(matches!(mock.approve(2026112200000000001), Err(MockError::UnknownTransaction(_))));
    /// # Ok(())
    /// # }
    /// ```
    pub fn approve(&self, transaction_id: impl Into<TransactionId>) -> Result<Redirect, MockError> {
        self.shared.approve(transaction_id.into())
    }

    /// A My Code for `customer`, as LINE Pay's sandbox generator makes one: the customer's
    /// country sets its length (18 digits in Taiwan, 12 in Thailand), and it can be charged
    /// once by an Offline Pay within [five minutes](crate::ONE_TIME_KEY_LIFETIME) on the
    /// mock's clock; after that, or a second time, Pay answers `1133`.
    ///
    /// The admin API's `POST /__mock/oneTimeKeys` does the same.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use linepay_mock::{Country, Customer, CustomerPays, MockServer};
    ///
    /// let mock = MockServer::start().await?;
    /// let key = mock.one_time_key(Customer::default());
    /// assert_eq!(key.digits(), 18);
    /// let thai_card = mock.one_time_key(Customer { country: Country::Th, pays: CustomerPays::CreditCard });
    /// assert_eq!(thai_card.digits(), 12);
    /// # Ok(())
    /// # }
    /// ```
    pub fn one_time_key(&self, customer: Customer) -> OneTimeKey {
        self.shared
            .ledger(|ledger, now| ledger.issue_one_time_key(customer, now))
    }

    /// The customer cancels the payment, as the Cancel button of the payment page does.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert!(mock.cancel(2026112200000000001).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn cancel(&self, transaction_id: impl Into<TransactionId>) -> Result<Redirect, MockError> {
        self.shared.cancel(transaction_id.into())
    }

    /// The payment fails on the customer's side (Check Payment Status then answers `0122`).
    /// Only a payment that is waiting or approved (not confirmed) can fail.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert!(mock.fail(2026112200000000001).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn fail(&self, transaction_id: impl Into<TransactionId>) -> Result<(), MockError> {
        self.shared.fail(transaction_id.into())
    }

    /// Every payment in the ledger, oldest first, at the mock's current time.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert!(mock.ledger().is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn ledger(&self) -> Vec<Transaction> {
        self.shared.ledger(|ledger, _| ledger.snapshot())
    }

    /// One payment by its transaction id (a refund's id finds nothing).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert!(mock.payment(2026112200000000001).is_none());
    /// # Ok(())
    /// # }
    /// ```
    pub fn payment(&self, transaction_id: impl Into<TransactionId>) -> Option<Transaction> {
        let id = transaction_id.into();
        self.shared.ledger(|ledger, _| ledger.transaction(id))
    }

    /// Queues a fault for the next calls of a route.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use linepay_mock::{Fault, FaultKind, MockServer, Route};
    ///
    /// let mock = MockServer::start().await?;
    /// mock.inject(Fault::once(Route::Confirm, FaultKind::DropAfterEffect));
    /// assert_eq!(mock.pending_faults().len(), 1);
    /// # Ok(())
    /// # }
    /// ```
    pub fn inject(&self, fault: Fault) {
        lock(&self.shared.faults).inject(fault);
    }

    /// The faults that have not fired yet.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert!(mock.pending_faults().is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn pending_faults(&self) -> Vec<Fault> {
        lock(&self.shared.faults).pending()
    }

    /// Removes every fault that has not fired yet.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use linepay_mock::{Fault, FaultKind, MockServer, Route};
    ///
    /// let mock = MockServer::start().await?;
    /// mock.inject(Fault::new(Route::Refund, 3, FaultKind::TruncatedJson));
    /// mock.clear_faults();
    /// assert!(mock.pending_faults().is_empty());
    /// # Ok(())
    /// # }
    /// ```
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// How many effects of [`FaultKind::LandsLate`](crate::FaultKind::LandsLate) are still
    /// to land, after landing those due by now.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert_eq!(mock.pending_late_effects(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn pending_late_effects(&self) -> usize {
        self.shared.pending_late_effects()
    }

    /// Moves the mock's clock forward: unapproved requests expire after 20 minutes,
    /// authorizations after 7 days (see [`MockConfig`]); the effects of
    /// [`FaultKind::LandsLate`](crate::FaultKind::LandsLate) due by then land (at the next
    /// read of the ledger, which every call and [`payment`](MockServer::payment) make); a
    /// [`FaultKind::Delay`](crate::FaultKind::Delay)ed call still waiting is abandoned if
    /// the clock passes its [landing limit](crate::FaultKind#the-landing-limit). The clock
    /// stops at 9999-12-31T23:59:59Z, however far it is moved.
    ///
    /// Clients from [`client_builder`](MockServer::client_builder) read this clock
    /// ([`MockServer::clock`]), so their recovery deadlines move forward too.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use std::time::Duration;
    ///
    /// let mock = linepay_mock::MockServer::start().await?;
    /// let before = mock.now();
    /// mock.advance_clock(Duration::from_secs(21 * 60));
    /// assert!(mock.now() >= before + Duration::from_secs(21 * 60));
    /// # Ok(())
    /// # }
    /// ```
    pub fn advance_clock(&self, by: Duration) {
        self.shared.clock.advance(by);
    }

    /// The mock's current time: the system time plus every [`advance_clock`].
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert!(mock.now() >= std::time::SystemTime::UNIX_EPOCH);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// [`advance_clock`]: MockServer::advance_clock
    pub fn now(&self) -> SystemTime {
        self.shared.clock.now()
    }

    /// How many TCP connections the mock accepted.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert_eq!(mock.accepted_connections(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn accepted_connections(&self) -> usize {
        self.shared.counters.connections()
    }

    /// How many calls reached `route` (its method on its path), whatever became of them.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert_eq!(mock.requests(linepay_mock::Route::Confirm), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn requests(&self, route: Route) -> usize {
        self.shared.counters.requests(route)
    }

    /// How many calls of `route` had their effect applied: the state change of a
    /// state-changing route (a refused Confirm does not count), a successful answer of a
    /// read.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert_eq!(mock.effects(linepay_mock::Route::Confirm), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn effects(&self, route: Route) -> usize {
        self.shared.counters.effects(route)
    }

    /// The API calls received, newest first, as many as [`MockConfig::request_log`] keeps:
    /// method, path, headers (secrets hidden), body, the answer's status and return code,
    /// latency, and for a signature that did not verify, why ([`SignatureReport`]). The
    /// admin API's `GET /__mock/requests` answers the same.
    ///
    /// [`MockConfig::request_log`]: crate::MockConfig::request_log
    /// [`SignatureReport`]: crate::SignatureReport
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert_eq!(mock.request_log().len(), 0);
    /// # Ok(())
    /// # }
    /// ```
    pub fn request_log(&self) -> Vec<LoggedCall> {
        lock(&self.shared.requests).newest_first()
    }

    /// All counters at once.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// assert_eq!(mock.stats().routes.len(), linepay_mock::Route::ALL.len());
    /// # Ok(())
    /// # }
    /// ```
    pub fn stats(&self) -> Stats {
        self.shared.counters.snapshot()
    }

    /// Stops accepting connections, closes the open ones and waits for the accept loop to
    /// end.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let mock = linepay_mock::MockServer::start().await?;
    /// let address = mock.local_addr();
    /// mock.shutdown().await;
    /// assert!(tokio::net::TcpStream::connect(address).await.is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(accept_loop) = self.accept_loop.take() {
            let _ = accept_loop.await;
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        // Dropping the sender ends the accept loop, which drops the listener and aborts
        // the connections.
        self.stop.take();
        if let Some(accept_loop) = self.accept_loop.take() {
            accept_loop.abort();
        }
    }
}

/// Accepts connections until told to stop, then closes them all.
async fn accept_loop(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stopped: oneshot::Receiver<()>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stopped => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    shared.counters.connection();
                    connections.spawn(serve(stream, Arc::clone(&shared)));
                }
                // Out of file descriptors and the like: wait a little, keep serving.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    connections.shutdown().await;
}

/// The error a service returns to make hyper close the connection without answering.
#[derive(Debug)]
struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Dropped {}

/// Serves one connection. Each request is handled in a task of its own, so that its effect
/// is applied even when the client hangs up while it runs (a delayed Confirm still
/// confirms).
async fn serve(stream: TcpStream, shared: Arc<Shared>) {
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |request| {
        let shared = Arc::clone(&shared);
        async move {
            match tokio::spawn(pipeline::handle(shared, request)).await {
                Ok(Reply::Response(response)) => Ok(response),
                Ok(Reply::Drop) => Err(Dropped),
                Err(_) => Ok(reply::internal_error()),
            }
        }
    });
    let _ = http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_header_size(MAX_HEAD)
        .serve_connection(TokioIo::new(stream), service)
        .await;
}

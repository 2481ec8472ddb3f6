//! Chaos: randomized merchant flows against linepay-mock with random faults, using the
//! recovery API as a merchant would. At the end the mock's ledger and the merchant's view must
//! agree on every order: no double confirmation, no double refund, no lost payment, no panic.
//!
//! Size and seed come from the environment, so CI runs a size that fits and the full run is
//! one command:
//!
//! ```text
//! cargo test --test chaos                                       # CI: 200 flows
//! CHAOS_FLOWS=1000 cargo test --release --test chaos -- --nocapture   # full size
//! CHAOS_SEED=42 cargo test --test chaos -- --nocapture           # another universe
//! ```
//!
//! Faults (each with its effect on LINE Pay's side):
//! - `DropAfterEffect`: applied, then the connection drops without an answer;
//! - `Delay` past the client's read timeout: applied later, the client times out first;
//! - `ServerErrorHtml` 502: not applied, a proxy page comes back;
//! - `TruncatedJson`: applied, the answer is cut in half;
//! - return code `1198` or `9000`: not applied.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use linepay::api::v3::{
    CapturePayment, ConfirmPayment, Package, PaymentOptions, Product, RedirectUrls, RefundPayment,
    RequestOptions, RequestPayment, VoidPayment,
};
use linepay::{
    Amount, CaptureOutcome, Client, ConfirmOutcome, Currency, Error, OrderId, RefundOutcome,
    ReturnCode, TransactionId,
};
use linepay_mock::{Fault, FaultKind, MockServer, PaymentState, Route};

/// The client gives up reading after this long; delayed calls take [`DELAY`].
const READ_TIMEOUT: Duration = Duration::from_millis(250);
/// How long a delayed call keeps LINE Pay busy: past the read timeout, and within the
/// window in which recovery expects a lost call to land (twice the read timeout).
const DELAY: Duration = Duration::from_millis(400);
/// How long the merchant waits before asking again about a call still in progress.
const PATIENCE: Duration = Duration::from_millis(200);
/// Flows running at the same time.
const CONCURRENCY: usize = 8;
/// A merchant gives up on a step after this many tries (and the run counts it).
const MAX_TRIES: u32 = 60;
/// The chance, in percent, that a call meets a fault.
const FAULT_PERCENT: u64 = 30;

/// A small deterministic random source (xorshift64*): a failing seed can be replayed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// True with `percent` % probability.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// What the run counts, shared by all flows.
#[derive(Default)]
struct Counters {
    calls: AtomicU64,
    faults: [AtomicU64; 6],
    recovered: AtomicU64,
    gave_up: AtomicU64,
}

const FAULT_NAMES: [&str; 6] = [
    "drop after effect",
    "delay past timeout",
    "502 html",
    "truncated json",
    "1198",
    "9000",
];

impl Counters {
    fn call(&self) {
        self.calls.fetch_add(1, Ordering::Relaxed);
    }
}

/// What the merchant believes about one order.
#[derive(Debug, Default)]
struct MerchantView {
    transaction_id: Option<TransactionId>,
    customer_cancelled: bool,
    confirmed: bool,
    captured: bool,
    voided: bool,
    refunds: Vec<(TransactionId, Amount)>,
    confirm_failed: bool,
}

/// One merchant and its LINE Pay.
struct World {
    mock: MockServer,
    client: Client,
    counters: Counters,
}

impl World {
    /// Before a call to `route`, maybe arm a fault for it, or now and then for the Payment
    /// Details or Check Payment Status that recovery asks (it may hit another flow's call:
    /// flows run concurrently, like a real shop's).
    fn maybe_fault(&self, rng: &mut Rng, route: Route) {
        self.counters.call();
        if !rng.chance(FAULT_PERCENT) {
            return;
        }
        let pick = rng.below(6) as usize;
        let kind = match pick {
            0 => FaultKind::DropAfterEffect,
            1 => FaultKind::Delay(DELAY),
            2 => FaultKind::ServerErrorHtml { status: 502 },
            3 => FaultKind::TruncatedJson,
            4 => FaultKind::ReturnCode("1198".to_owned()),
            _ => FaultKind::ReturnCode("9000".to_owned()),
        };
        self.counters.faults[pick].fetch_add(1, Ordering::Relaxed);
        // Sometimes the questions the recovery asks fail too.
        let target = match rng.below(10) {
            0 => Route::PaymentDetails,
            1 => Route::CheckPaymentStatus,
            _ => route,
        };
        self.mock.inject(Fault::once(target, kind));
    }
}

fn request_for(index: usize, authorize_only: bool, units: u64) -> RequestPayment {
    let products = vec![Product::new("Tea", units, Amount::whole(100))];
    let mut request = RequestPayment::new(
        OrderId::new(format!("CHAOS-{index}")).expect("valid order id"),
        Currency::Twd,
        vec![Package::new("shop", products)],
        RedirectUrls::new(
            "https://shop.example/confirm",
            "https://shop.example/cancel",
        ),
    );
    if authorize_only {
        request.options = Some(RequestOptions {
            payment: Some(PaymentOptions {
                capture: Some(false),
                pay_type: None,
            }),
            ..RequestOptions::default()
        });
    }
    request
}

/// One merchant flow: request, the customer decides, confirm, capture or void, refunds.
async fn flow(world: Arc<World>, index: usize, seed: u64) -> MerchantView {
    let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0xA24B_AED4_963E_E407));
    let mut view = MerchantView::default();
    let authorize_only = rng.chance(30);
    let request = request_for(index, authorize_only, 1 + rng.below(5));
    let total = request.amount;

    // Request is not faulted: a merchant whose Request answer is lost starts a new order
    // (a Request with the same orderId answers 1172), and nothing was charged.
    world.counters.call();
    let info = match world.client.send(&request).await {
        Ok(info) => info,
        Err(error) => panic!("flow {index}: Request failed without a fault: {error}"),
    };
    view.transaction_id = Some(info.transaction_id);
    let id = info.transaction_id;

    if rng.chance(15) {
        world.mock.cancel(id).expect("the customer cancels");
        view.customer_cancelled = true;
    } else {
        world.mock.approve(id).expect("the customer approves");
    }

    let confirm = ConfirmPayment {
        transaction_id: id,
        amount: total,
        currency: Currency::Twd,
    };
    if !confirm_until_decided(&world, &mut rng, &mut view, &confirm).await {
        return view;
    }

    let mut captured = !authorize_only;
    if authorize_only {
        if rng.chance(50) {
            let capture = CapturePayment {
                transaction_id: id,
                amount: total,
                currency: Currency::Twd,
            };
            captured = capture_until_decided(&world, &mut rng, &capture).await;
            view.captured = captured;
        } else {
            void_until_done(&world, &mut rng, id).await;
            view.voided = true;
        }
    } else {
        view.captured = true;
    }

    if captured {
        let mut left = total;
        for _ in 0..rng.below(3) {
            if !left.is_positive() {
                break;
            }
            let full = rng.chance(25);
            let refund = if full {
                RefundPayment::full(id)
            } else {
                let units = 1 + rng.below(3) as i64;
                let amount = Amount::whole(units * 10);
                if amount > left {
                    RefundPayment::full(id)
                } else {
                    RefundPayment::partial(id, amount)
                }
            };
            let amount = refund.refund_amount.unwrap_or(left);
            if let Some(receipt) = refund_until_decided(&world, &mut rng, &refund).await {
                view.refunds.push((receipt, amount));
                left = left.checked_sub(amount).expect("in range");
            }
        }
    }
    view
}

/// Confirms until LINE Pay's answer is known; false when the payment cannot be confirmed.
async fn confirm_until_decided(
    world: &World,
    rng: &mut Rng,
    view: &mut MerchantView,
    confirm: &ConfirmPayment,
) -> bool {
    for _ in 0..MAX_TRIES {
        world.maybe_fault(rng, Route::Confirm);
        match world.client.confirm_or_recover(confirm).await {
            Ok(ConfirmOutcome::Confirmed(confirmation)) => {
                if confirmation.is_recovered() {
                    world.counters.recovered.fetch_add(1, Ordering::Relaxed);
                }
                view.confirmed = true;
                return true;
            }
            Ok(ConfirmOutcome::NotConfirmed { .. }) => {}
            Ok(ConfirmOutcome::Failed(_)) => {
                view.confirm_failed = true;
                return false;
            }
            Ok(_) => tokio::time::sleep(PATIENCE).await,
            // A cancelled payment is not ambiguous: 1150 on Confirm.
            Err(Error::Api(error)) if view.customer_cancelled => {
                assert_eq!(error.code(), &ReturnCode::NoTransactionHistory);
                view.confirm_failed = true;
                return false;
            }
            Err(_) => tokio::time::sleep(PATIENCE).await,
        }
    }
    world.counters.gave_up.fetch_add(1, Ordering::Relaxed);
    false
}

/// Captures until the answer is known; true when captured.
async fn capture_until_decided(world: &World, rng: &mut Rng, capture: &CapturePayment) -> bool {
    for _ in 0..MAX_TRIES {
        world.maybe_fault(rng, Route::Capture);
        match world.client.capture_or_recover(capture).await {
            Ok(CaptureOutcome::Captured(receipt)) => {
                if receipt.is_recovered() {
                    world.counters.recovered.fetch_add(1, Ordering::Relaxed);
                }
                return true;
            }
            Ok(CaptureOutcome::NotCaptured { .. }) => {}
            Ok(CaptureOutcome::Failed(failure)) => panic!("capture failed: {failure:?}"),
            Ok(_) | Err(_) => tokio::time::sleep(PATIENCE).await,
        }
    }
    world.counters.gave_up.fetch_add(1, Ordering::Relaxed);
    false
}

/// Voids until LINE Pay has it voided. A Void moves no money, so sending it again after an
/// unclear answer is harmless: a second one answers 1165 (already voided).
async fn void_until_done(world: &World, rng: &mut Rng, id: TransactionId) {
    for _ in 0..MAX_TRIES {
        world.maybe_fault(rng, Route::Void);
        match world.client.send(&VoidPayment { transaction_id: id }).await {
            Ok(()) => return,
            Err(Error::Api(error)) if error.code() == &ReturnCode::AlreadyRefunded => return,
            Err(_) => tokio::time::sleep(PATIENCE).await,
        }
    }
    world.counters.gave_up.fetch_add(1, Ordering::Relaxed);
}

/// Refunds until the answer is known: the refund's own transaction id, or `None` when the
/// merchant gave up.
async fn refund_until_decided(
    world: &World,
    rng: &mut Rng,
    refund: &RefundPayment,
) -> Option<TransactionId> {
    let mut tries = 0;
    while tries < MAX_TRIES {
        tries += 1;
        world.maybe_fault(rng, Route::Refund);
        let mut outcome = match world.client.refund_or_recover(refund).await {
            Ok(outcome) => outcome,
            Err(_) => {
                tokio::time::sleep(PATIENCE).await;
                continue;
            }
        };
        // Still open: never send it again, only ask.
        loop {
            match outcome {
                RefundOutcome::Refunded(receipt) => {
                    if receipt.is_recovered() {
                        world.counters.recovered.fetch_add(1, Ordering::Relaxed);
                    }
                    return Some(receipt.refund_transaction_id());
                }
                RefundOutcome::NotRefunded { .. } => break,
                RefundOutcome::InProgress(pending) | RefundOutcome::Unknown { pending, .. } => {
                    tries += 1;
                    if tries > MAX_TRIES {
                        world.counters.gave_up.fetch_add(1, Ordering::Relaxed);
                        return None;
                    }
                    tokio::time::sleep(PATIENCE).await;
                    outcome = world.client.recheck_refund(pending).await;
                }
                _ => break,
            }
        }
    }
    world.counters.gave_up.fetch_add(1, Ordering::Relaxed);
    None
}

/// What disagrees between the merchant's view and the ledger, per kind.
#[derive(Debug, Default, PartialEq, Eq)]
struct Disagreements {
    double_confirmations: u64,
    double_refunds: u64,
    lost_payments: u64,
    phantom_payments: u64,
    lost_refunds: u64,
    state_mismatches: u64,
}

fn compare(world: &World, views: &[MerchantView]) -> Disagreements {
    let mut found = Disagreements::default();
    for view in views {
        let Some(id) = view.transaction_id else {
            continue;
        };
        let payment = world
            .mock
            .payment(id)
            .expect("the mock knows every requested payment");
        if payment.confirm_count > 1 {
            found.double_confirmations += 1;
        }
        let confirmed_at_line_pay = payment.confirmed_at.is_some();
        if confirmed_at_line_pay && !view.confirmed {
            found.lost_payments += 1;
        }
        if view.confirmed && !confirmed_at_line_pay {
            found.phantom_payments += 1;
        }
        let merchant: BTreeMap<TransactionId, Amount> = view.refunds.iter().copied().collect();
        let ledger: BTreeMap<TransactionId, Amount> = payment
            .refunds
            .iter()
            .map(|refund| (refund.refund_transaction_id, refund.amount))
            .collect();
        if ledger.len() > merchant.len() {
            found.double_refunds += (ledger.len() - merchant.len()) as u64;
            println!(
                "chaos: double refund of {id}: merchant {merchant:?}, ledger {ledger:?}, {payment:?}"
            );
        }
        if merchant
            .iter()
            .any(|(id, amount)| ledger.get(id) != Some(amount))
        {
            found.lost_refunds += 1;
        }
        let expected_state = match () {
            _ if !view.confirmed => None,
            _ if view.voided => Some(vec![PaymentState::Voided]),
            _ if view.captured => Some(vec![PaymentState::Captured, PaymentState::Refunded]),
            _ => Some(vec![PaymentState::Authorized]),
        };
        if let Some(states) = expected_state
            && !states.contains(&payment.state)
        {
            found.state_mismatches += 1;
        }
    }
    found
}

/// Prints a summary line past libtest's output capture (which only catches `print!` and
/// friends), so that CI's log shows the figures of a passing run too.
fn report(line: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn merchant_and_ledger_agree_under_random_faults() {
    let flows = env_number("CHAOS_FLOWS", 200) as usize;
    let seed = env_number("CHAOS_SEED", 20_261_122);
    let mock = MockServer::start().await.expect("the mock starts");
    let client = Client::builder(mock.credentials())
        .environment(mock.environment())
        .read_timeout(READ_TIMEOUT)
        .build();
    let world = Arc::new(World {
        mock,
        client,
        counters: Counters::default(),
    });

    let started = Instant::now();
    let mut views = Vec::with_capacity(flows);
    let mut panics = 0u64;
    let indices: Vec<usize> = (0..flows).collect();
    for batch in indices.chunks(CONCURRENCY) {
        let tasks: Vec<_> = batch
            .iter()
            .map(|&index| tokio::spawn(flow(Arc::clone(&world), index, seed)))
            .collect();
        for task in tasks {
            match task.await {
                Ok(view) => views.push(view),
                Err(error) if error.is_panic() => panics += 1,
                Err(error) => panic!("a flow was cancelled: {error}"),
            }
        }
    }
    let elapsed = started.elapsed();

    let found = compare(&world, &views);
    let counters = &world.counters;
    let faults: Vec<String> = FAULT_NAMES
        .iter()
        .zip(&counters.faults)
        .map(|(name, count)| format!("{name} {}", count.load(Ordering::Relaxed)))
        .collect();
    let confirmed = views.iter().filter(|view| view.confirmed).count();
    let refunds: usize = views.iter().map(|view| view.refunds.len()).sum();
    report(&format!(
        "chaos: seed {seed}, {flows} flows in {:.1} s, {} calls, faults armed: {}",
        elapsed.as_secs_f64(),
        counters.calls.load(Ordering::Relaxed),
        faults.join(", "),
    ));
    report(&format!(
        "chaos: {confirmed} confirmed, {refunds} refunds, {} answers recovered, {} steps given up",
        counters.recovered.load(Ordering::Relaxed),
        counters.gave_up.load(Ordering::Relaxed),
    ));
    report(&format!(
        "chaos: {} double confirmations, {} double refunds, {} lost payments, {} phantom payments, {} lost refunds, {} state mismatches, {panics} panics",
        found.double_confirmations,
        found.double_refunds,
        found.lost_payments,
        found.phantom_payments,
        found.lost_refunds,
        found.state_mismatches,
    ));

    assert_eq!(panics, 0, "flows panicked");
    assert_eq!(views.len(), flows);
    assert_eq!(
        found,
        Disagreements::default(),
        "the merchant and LINE Pay disagree"
    );
    assert_eq!(
        counters.gave_up.load(Ordering::Relaxed),
        0,
        "a merchant gave up on a step"
    );
    // The run was not vacuous: faults fired and answers had to be recovered.
    assert!(counters.recovered.load(Ordering::Relaxed) > 0);
    assert!(confirmed > flows / 2);
}

//! The merchant's own record of an order: what the customer was asked to pay.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::UNIX_EPOCH;

use linepay::api::v3::{Package, Product, RedirectUrls, RequestPayment};
use linepay::{Amount, Currency, OrderId, TransactionId};

use super::BoxError;

/// The merchant's own record of an order. LINE Pay hears the amount at Request; at Confirm
/// the amount comes from here again, never from what the browser brings back.
#[derive(Clone, Debug)]
pub struct Order {
    pub id: OrderId,
    pub currency: Currency,
    pub items: Vec<Product>,
    pub total: Amount,
    /// Set once LINE Pay has accepted the Request.
    pub transaction_id: Option<TransactionId>,
}

impl Order {
    pub fn new(id: OrderId, currency: Currency, items: Vec<Product>) -> Result<Self, BoxError> {
        let total = items
            .iter()
            .try_fold(Amount::whole(0), |sum, item| {
                sum.checked_add(item.price.checked_mul(item.quantity)?)
            })
            .ok_or("the order total overflows")?;
        Ok(Self {
            id,
            currency,
            items,
            total,
            transaction_id: None,
        })
    }

    /// Two teas, in TWD: the order every example sells.
    pub fn teas() -> Self {
        Order::new(
            new_order_id(),
            Currency::Twd,
            vec![
                Product::new("Green tea", 2, Amount::whole(60)),
                Product::new("Oolong tea", 1, Amount::whole(130)),
            ],
        )
        .expect("250 TWD does not overflow")
    }

    /// LINE Pay's Request for this order: one package holding every item. `RequestPayment::new`
    /// adds the package up, and the client checks every total before anything is sent.
    pub fn payment_request(&self, redirect_urls: RedirectUrls) -> RequestPayment {
        let package = Package {
            name: Some("linepay-rs tea house".to_owned()),
            ..Package::new("tea-house", self.items.clone())
        };
        RequestPayment::new(
            self.id.clone(),
            self.currency.clone(),
            vec![package],
            redirect_urls,
        )
    }

    /// `Green tea × 2 @ 60 + Oolong tea × 1 @ 130`.
    pub fn items_text(&self) -> String {
        let items: Vec<String> = self
            .items
            .iter()
            .map(|item| format!("{} × {} @ {}", item.name, item.quantity, item.price))
            .collect();
        items.join(" + ")
    }

    /// `250 TWD`.
    pub fn money(&self, amount: Amount) -> String {
        format!("{amount} {}", self.currency)
    }
}

/// A fresh order id per payment attempt: LINE Pay refuses one it has seen (1172), and the
/// sandbox remembers ids from earlier runs.
fn new_order_id() -> OrderId {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    let millis = UNIX_EPOCH.elapsed().unwrap_or_default().as_millis();
    let serial = NEXT.fetch_add(1, Ordering::Relaxed);
    OrderId::new(format!("ORDER-{millis}-{serial}")).expect("a short ASCII id is a valid order id")
}

//! The identifiers a call shows in its tracing span: which order, which transaction.
//!
//! [`Client::send`](crate::Client::send) opens one span per call (see its documentation for
//! the fields). The endpoint tells it which ids the call is about through
//! [`Endpoint::trace_ids`](crate::Endpoint::trace_ids), which
//! [`linepay_endpoint`](crate::linepay_endpoint) implements for fields named `order_id` and
//! `transaction_id`.

use std::fmt;

use crate::types::{OrderId, TransactionId};

/// The order ids and transaction ids one call is about, borrowed from the endpoint.
///
/// Most calls carry one of each at most; [`PaymentDetails`](crate::api::v3::PaymentDetails)
/// may carry many. A span shows each list comma-separated, in the endpoint's order
/// ([`TraceIds::order_id_field`], [`TraceIds::transaction_id_field`]); an empty list is left
/// out of the span.
///
/// ```
/// use linepay_core::endpoint::TraceIds;
/// use linepay_core::{OrderId, TransactionId};
///
/// let transaction_id = TransactionId::new(2019049910005496810);
/// let orders = [OrderId::new("A-1")?, OrderId::new("A-2")?];
/// let ids = TraceIds::new()
///     .with_transaction_ids(std::slice::from_ref(&transaction_id))
///     .with_order_ids(&orders);
/// assert_eq!(ids.transaction_ids(), [transaction_id]);
/// assert_eq!(ids.order_id_field().map(|f| f.to_string()).as_deref(), Some("A-1,A-2"));
/// assert!(TraceIds::new().transaction_id_field().is_none());
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TraceIds<'a> {
    order_ids: &'a [OrderId],
    transaction_ids: &'a [TransactionId],
}

impl<'a> TraceIds<'a> {
    /// No ids: what [`Endpoint::trace_ids`](crate::Endpoint::trace_ids) answers by default.
    pub const NONE: Self = Self {
        order_ids: &[],
        transaction_ids: &[],
    };

    /// No ids yet.
    pub const fn new() -> Self {
        Self {
            order_ids: &[],
            transaction_ids: &[],
        }
    }

    /// The merchant's order ids of the call (`std::slice::from_ref` for one).
    #[must_use]
    pub const fn with_order_ids(mut self, order_ids: &'a [OrderId]) -> Self {
        self.order_ids = order_ids;
        self
    }

    /// LINE Pay's transaction ids of the call (`std::slice::from_ref` for one).
    #[must_use]
    pub const fn with_transaction_ids(mut self, transaction_ids: &'a [TransactionId]) -> Self {
        self.transaction_ids = transaction_ids;
        self
    }

    /// The order ids.
    pub const fn order_ids(&self) -> &'a [OrderId] {
        self.order_ids
    }

    /// The transaction ids.
    pub const fn transaction_ids(&self) -> &'a [TransactionId] {
        self.transaction_ids
    }

    /// The span's `order_id`: the order ids comma-separated, or `None` when there is none.
    /// Formatted only when a subscriber records it.
    pub fn order_id_field(&self) -> Option<IdList<'a, OrderId>> {
        IdList::of(self.order_ids)
    }

    /// The span's `transaction_id`: the transaction ids comma-separated, or `None` when there
    /// is none. Formatted only when a subscriber records it.
    pub fn transaction_id_field(&self) -> Option<IdList<'a, TransactionId>> {
        IdList::of(self.transaction_ids)
    }
}

/// One or more ids, displayed comma-separated: the first [`IdList::LIMIT`] of them, then how
/// many there are in all.
///
/// Displayed as text, a transaction id keeps all its 19 digits in any log pipeline (as a
/// JSON number it could be read as a float and lose the last ones).
///
/// ```
/// use linepay_core::endpoint::TraceIds;
/// use linepay_core::TransactionId;
///
/// let ids: Vec<TransactionId> = (1..=3).map(TransactionId::new).collect();
/// let field = TraceIds::new().with_transaction_ids(&ids).transaction_id_field();
/// assert_eq!(field.map(|f| f.to_string()).as_deref(), Some("1,2,3"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IdList<'a, Id>(&'a [Id]);

impl<'a, Id> IdList<'a, Id> {
    /// The most ids displayed; LINE Pay accepts at most 100 in one call.
    pub const LIMIT: usize = 100;

    fn of(ids: &'a [Id]) -> Option<Self> {
        (!ids.is_empty()).then_some(Self(ids))
    }
}

impl<Id: fmt::Display> fmt::Display for IdList<'_, Id> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, id) in self.0.iter().take(Self::LIMIT).enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            fmt::Display::fmt(id, f)?;
        }
        if self.0.len() > Self::LIMIT {
            write!(f, ",… ({} in all)", self.0.len())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_list_is_cut_and_counted() {
        let ids: Vec<TransactionId> = (0..150).map(TransactionId::new).collect();
        let text = IdList::of(&ids).expect("not empty").to_string();
        assert!(text.starts_with("0,1,2,"), "{text}");
        assert!(text.ends_with(",98,99,… (150 in all)"), "{text}");
        assert_eq!(IdList::<TransactionId>::of(&[]), None);
    }
}

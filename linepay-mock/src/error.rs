//! What can go wrong with a customer action on the mock.

use linepay_core::TransactionId;

use crate::transaction::PaymentState;

/// Why a customer action ([`MockServer::approve`], [`MockServer::cancel`],
/// [`MockServer::fail`]) was refused.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use linepay_mock::{MockError, MockServer};
///
/// let mock = MockServer::start().await?;
/// let error = mock.approve(2026112200000000001).unwrap_err();
/// assert!(matches!(error, MockError::UnknownTransaction(_)));
/// assert_eq!(error.to_string(), "no payment with transaction id 2026112200000000001");
/// # Ok(())
/// # }
/// ```
///
/// [`MockServer::approve`]: crate::MockServer::approve
/// [`MockServer::cancel`]: crate::MockServer::cancel
/// [`MockServer::fail`]: crate::MockServer::fail
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MockError {
    /// No payment has this id (a refund's id is not a payment's).
    #[error("no payment with transaction id {0}")]
    UnknownTransaction(TransactionId),
    /// The payment is no longer waiting for the customer.
    #[error("payment {transaction_id} is {state}: the customer can no longer decide")]
    NotWaiting {
        /// The payment.
        transaction_id: TransactionId,
        /// Where it is.
        state: PaymentState,
    },
}

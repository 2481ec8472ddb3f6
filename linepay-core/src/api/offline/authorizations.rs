//! Authorizations: read the payments that were only authorized (Pay without capture).

use crate::api::v3::PaymentDetail;
use crate::error::InvalidField;
use crate::lenient::OneOrMany;
use crate::linepay_endpoint;
use crate::types::{OrderId, TransactionId};
use crate::validation::FieldPath;

/// Read an authorized or voided payment of the counter (Pay with
/// [`authorize_only`](super::Pay::authorize_only)), by `orderId` or `transactionId`.
///
/// `GET /v4/payments/authorizations?orderId=…`, read timeout 20 s; idempotent. At least one
/// of the two ids is checked before sending. Captured and refunded payments are read with
/// [`PaymentDetails`](super::PaymentDetails) instead.
///
/// `info` is a list of entries of the same shape as Payment Details' (`payStatus`
/// `AUTHORIZATION`, `VOIDED_AUTHORIZATION`, `EXPIRED_AUTHORIZATION`, and `CAPTURE` in LINE
/// Pay's guide), read also as one object or `null`.
///
/// ```
/// use linepay_core::api::offline::Authorizations;
/// use linepay_core::{ApiVersion, Endpoint, OrderId, Payload};
///
/// let read = Authorizations::of_order(OrderId::new("COUNTER-7-0042")?);
/// let mut path = String::new();
/// read.write_path(ApiVersion::V4, &mut path);
/// assert_eq!(path, "/v4/payments/authorizations");
/// assert_eq!(read.payload()?, Payload::Query("orderId=COUNTER-7-0042".to_owned()));
/// assert!(Authorizations::default().validate().is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[linepay_endpoint(
    method = "GET",
    path(v4 = "/v4/payments/authorizations"),
    response = Vec<PaymentDetail>,
    read_timeout = 20,
    validate = Self::validate,
    info = OneOrMany<PaymentDetail>
)]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Authorizations {
    /// The order to read.
    pub order_id: Option<OrderId>,
    /// The payment to read.
    pub transaction_id: Option<TransactionId>,
}

impl Authorizations {
    /// The authorization of one order.
    pub fn of_order(order_id: OrderId) -> Self {
        Self {
            order_id: Some(order_id),
            transaction_id: None,
        }
    }

    /// At least one id.
    fn validate(&self) -> Result<(), InvalidField> {
        if self.order_id.is_none() && self.transaction_id.is_none() {
            return Err(FieldPath::Root
                .field("orderId")
                .invalid("give an orderId or a transactionId"));
        }
        Ok(())
    }
}

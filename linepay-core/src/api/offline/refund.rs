//! Refund: give back all or part of a counter payment.

use crate::api::rules::check_refund_amount;
use crate::api::v3::{PromotionRestriction, RefundInfo};
use crate::error::InvalidField;
use crate::linepay_endpoint;
use crate::types::{Amount, OrderId};

/// Refund a counter payment, in full or in part, by its `orderId`.
///
/// `POST /v4/payments/orders/{orderId}/refund`, read timeout 20 s; answers the refund's own
/// transaction id ([`RefundInfo`]). A full refund sends `{}`.
///
/// | Code | Meaning for you |
/// |---|---|
/// | `1115` | a partial refund of a payment with coupons or fees: refund in full |
/// | `1163` | the refund period is over |
/// | `1164` | more than what is left to refund |
/// | `1165` | already refunded in full |
///
/// Refund moves money and is never re-sent once it may have reached LINE Pay: after a lost
/// answer, read the payment with [`PaymentDetails`](super::PaymentDetails) (its
/// `refundList`) before refunding again.
///
/// Checked before sending: `refundAmount`, when given, is positive.
///
/// ```
/// use linepay_core::api::offline::RefundOrder;
/// use linepay_core::{Amount, ApiVersion, Endpoint, OrderId, Payload};
///
/// let refund = RefundOrder::partial(OrderId::new("COUNTER-7-0042")?, Amount::whole(60));
/// let mut path = String::new();
/// refund.write_path(ApiVersion::V4, &mut path);
/// assert_eq!(path, "/v4/payments/orders/COUNTER-7-0042/refund");
/// assert_eq!(refund.payload()?, Payload::Json(r#"{"refundAmount":60}"#.into()));
/// let full = RefundOrder::full(OrderId::new("COUNTER-7-0042")?);
/// assert_eq!(full.payload()?, Payload::Json("{}".into()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[linepay_endpoint(
    method = "POST",
    path(v4 = "/v4/payments/orders/<orderId>/refund"),
    response = RefundInfo,
    read_timeout = 20,
    validate = Self::validate
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefundOrder {
    /// The order to refund.
    pub order_id: OrderId,
    /// How much to refund; `None` refunds everything not refunded yet.
    pub refund_amount: Option<Amount>,
    /// The part of the amount no promotion applied to. With it, LINE Pay refunds in full.
    pub promotion_restriction: Option<PromotionRestriction>,
}

impl RefundOrder {
    /// A full refund: everything not refunded yet.
    pub fn full(order_id: OrderId) -> Self {
        Self {
            order_id,
            refund_amount: None,
            promotion_restriction: None,
        }
    }

    /// A partial refund of `refund_amount`.
    pub fn partial(order_id: OrderId, refund_amount: Amount) -> Self {
        Self {
            order_id,
            refund_amount: Some(refund_amount),
            promotion_restriction: None,
        }
    }

    fn validate(&self) -> Result<(), InvalidField> {
        check_refund_amount(self.refund_amount.as_ref())
    }
}

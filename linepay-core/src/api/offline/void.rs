//! Void: release a counter authorization that was never captured.

use crate::envelope::EnvelopeRef;
use crate::linepay_endpoint;
use crate::types::OrderId;

/// Void a counter payment that [`Pay`](super::Pay) only authorized, by its `orderId`.
///
/// `POST /v4/payments/orders/{orderId}/void`, read timeout 20 s. A captured payment cannot be
/// voided: [refund](super::RefundOrder) it. Success is `0000` without `info`. Sends and signs
/// `{}`, as every POST without fields does (LINE Pay documents no body).
///
/// ```
/// use linepay_core::api::offline::VoidOrder;
/// use linepay_core::{ApiVersion, Endpoint, OrderId, Payload};
///
/// let void = VoidOrder { order_id: OrderId::new("COUNTER-7-0042")? };
/// let mut path = String::new();
/// void.write_path(ApiVersion::V4, &mut path);
/// assert_eq!(path, "/v4/payments/orders/COUNTER-7-0042/void");
/// assert_eq!(void.payload()?, Payload::Json("{}".into()));
/// assert!(!VoidOrder::IDEMPOTENT);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[linepay_endpoint(
    method = "POST",
    path(v4 = "/v4/payments/orders/<orderId>/void"),
    response = (),
    read_timeout = 20,
    decode_with = EnvelopeRef::into_success
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VoidOrder {
    /// The authorized order.
    pub order_id: OrderId,
}

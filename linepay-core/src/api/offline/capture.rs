//! Capture: take the money of a counter payment that Pay only authorized.

use crate::api::v3::PromotionRestriction;
use crate::error::InvalidField;
use crate::linepay_endpoint;
use crate::types::{Amount, Currency, OrderId};
use crate::validation::FieldPath;

use super::PaymentInfo;

/// Capture a counter payment that [`Pay`](super::Pay) only authorized, by its `orderId`.
///
/// `POST /v4/payments/orders/{orderId}/capture`, read timeout 20 s (the Offline pages'
/// figure; the Online Capture recommends 60 s). The amount may be less than authorized.
/// `1199` or `1280`–`1298` mean LINE Pay **cancelled the payment automatically**
/// ([`ReturnCode::is_auto_cancelled_on_capture`](crate::ReturnCode::is_auto_cancelled_on_capture)).
///
/// Checked before sending: `amount` is positive and expressible in `currency`.
///
/// ```
/// use linepay_core::api::offline::CaptureOrder;
/// use linepay_core::{Amount, ApiVersion, Currency, Endpoint, OrderId, Payload};
///
/// let capture = CaptureOrder::new(OrderId::new("COUNTER-7-0042")?, Amount::whole(100), Currency::Twd);
/// let mut path = String::new();
/// capture.write_path(ApiVersion::V4, &mut path);
/// assert_eq!(path, "/v4/payments/orders/COUNTER-7-0042/capture");
/// assert_eq!(capture.payload()?, Payload::Json(r#"{"amount":100,"currency":"TWD"}"#.into()));
/// assert_eq!(CaptureOrder::READ_TIMEOUT.as_secs(), 20);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[linepay_endpoint(
    method = "POST",
    path(v4 = "/v4/payments/orders/<orderId>/capture"),
    response = PaymentInfo,
    read_timeout = 20,
    validate = Self::validate
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaptureOrder {
    /// The authorized order.
    pub order_id: OrderId,
    /// The amount to capture: at most the authorized amount.
    pub amount: Amount,
    /// The payment's currency.
    pub currency: Currency,
    /// The part of the amount no promotion may apply to (Taiwan's regulated products).
    pub promotion_restriction: Option<PromotionRestriction>,
}

impl CaptureOrder {
    /// A capture of `amount`.
    pub fn new(order_id: OrderId, amount: Amount, currency: Currency) -> Self {
        Self {
            order_id,
            amount,
            currency,
            promotion_restriction: None,
        }
    }

    fn validate(&self) -> Result<(), InvalidField> {
        FieldPath::Root
            .field("amount")
            .money(&self.amount, &self.currency)
    }
}

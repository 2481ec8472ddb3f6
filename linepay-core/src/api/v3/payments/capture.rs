//! Capture: take the money of a payment that Confirm only authorized.

use serde::{Deserialize, Serialize};

use crate::api::v3::models::{PayInfo, PaymentProvider};
use crate::error::InvalidField;
use crate::linepay_endpoint;
use crate::types::{Amount, Currency, OrderId, TransactionId};
use crate::validation::FieldPath;

/// Capture a payment that was confirmed as an authorization only.
///
/// `POST /v3/payments/authorizations/{transactionId}/capture`, read timeout 60 s (LINE Pay's
/// recommendation: capturing can take long).
///
/// # When to call it
///
/// Only for payments requested with `options.payment.capture: false` (which Taiwan merchants
/// need LINE Pay's approval for): Confirm then only authorizes the amount, and the money
/// moves when you capture it, typically when the goods ship. Capture before the
/// authorization's `authorizationExpireDate` (from Confirm); an authorization that is not
/// captured in time lapses. To release an authorization instead, use
/// [`VoidPayment`](crate::api::v3::VoidPayment).
///
/// You may capture **less** than was authorized: a partial capture cancels the rest of the
/// authorization, so there is only ever one capture. You can never capture more than was
/// authorized.
///
/// Checked before sending: `amount` is positive and expressible in `currency` (whole for
/// TWD).
///
/// # Return codes
///
/// Besides success (`0000`, with [`CaptureInfo`]):
///
/// | Code | Meaning for you |
/// |---|---|
/// | `1199`, `1280`–`1298` | LINE Pay **cancelled the payment automatically** (card error, fraud suspicion, …): the authorization is gone, the customer must pay again. [`ReturnCode::is_auto_cancelled_on_capture`](crate::ReturnCode::is_auto_cancelled_on_capture) answers this. |
/// | `1198` | LINE Pay is re-authorizing the payment automatically (or the call is a duplicate): **repeat after several minutes**. |
/// | `1153` | the amount differs from what may be captured (more than authorized) |
/// | `1104`–`1106` | merchant configuration or signature problem |
/// | `9000` | LINE Pay internal error: the outcome is unknown |
///
/// # Idempotence
///
/// Capture moves money and is **never re-sent automatically once it may have reached LINE
/// Pay** (only a request that surely never left is sent again). After a timeout or `9000`,
/// read the payment with [`PaymentDetails`](crate::api::v3::PaymentDetails): `payStatus`
/// `CAPTURE` means the capture went through, `AUTHORIZATION` means it did not.
///
/// ```
/// use linepay_core::{ApiVersion, Endpoint, Payload, api::v3::CapturePayment, Amount, Currency, TransactionId};
///
/// let capture = CapturePayment {
///     transaction_id: TransactionId::new(2019049910005496810),
///     amount: Amount::whole(80), // of 100 authorized: the other 20 are released
///     currency: Currency::Twd,
/// };
/// let mut path = String::new();
/// capture.write_path(ApiVersion::V3, &mut path);
/// assert_eq!(path, "/v3/payments/authorizations/2019049910005496810/capture");
/// assert_eq!(capture.payload()?, Payload::Json(r#"{"amount":80,"currency":"TWD"}"#.into()));
/// assert_eq!(CapturePayment::READ_TIMEOUT.as_secs(), 60);
/// assert!(!CapturePayment::IDEMPOTENT);
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "POST",
    path(
        v3 = "/v3/payments/authorizations/<transactionId>/capture",
        v4 = "/v4/payments/authorizations/<transactionId>/capture"
    ),
    response = CaptureInfo,
    read_timeout = 60,
    validate = Self::validate
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CapturePayment {
    /// The authorized payment's id.
    pub transaction_id: TransactionId,
    /// The amount to capture: at most the authorized amount; less cancels the rest.
    pub amount: Amount,
    /// The payment's currency.
    pub currency: Currency,
}

impl CapturePayment {
    /// `amount` is positive and expressible in `currency` (whole for TWD).
    fn validate(&self) -> Result<(), InvalidField> {
        FieldPath::Root
            .field("amount")
            .money(&self.amount, &self.currency)
    }
}

/// What Capture returns.
///
/// ```
/// use linepay_core::{Amount, api::v3::CaptureInfo};
///
/// let info: CaptureInfo = serde_json::from_str(
///     r#"{"transactionId":2019049910005496810,"orderId":"O1","payInfo":[{"method":"CREDIT_CARD","amount":80}]}"#,
/// )?;
/// assert_eq!(info.transaction_id.get(), 2019049910005496810);
/// assert_eq!(info.pay_info[0].amount, Amount::whole(80));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CaptureInfo {
    /// The payment's transaction id (the one captured).
    pub transaction_id: TransactionId,
    /// The merchant's order id.
    pub order_id: OrderId,
    /// How the captured amount was paid.
    #[serde(default, deserialize_with = "crate::lenient::null_as_default")]
    pub pay_info: Vec<PayInfo>,
    /// Who settled the payment (v4 answers; `None` in v3's, and when v4 sends `null` or
    /// leaves it out, which LINE Pay defines as TSP: `payment_provider.unwrap_or_default()`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_provider: Option<PaymentProvider>,
}

impl CaptureInfo {
    /// A Capture answer with the required fields; `pay_info` starts empty.
    ///
    /// ```
    /// use linepay_core::{Amount, OrderId, TransactionId, api::v3::{CaptureInfo, PayInfo, PayMethod}};
    ///
    /// let mut info = CaptureInfo::new(TransactionId::new(2019049910005496810), OrderId::new("O1")?);
    /// info.pay_info.push(PayInfo::new(PayMethod::CreditCard, Amount::whole(80)));
    /// assert_eq!(
    ///     serde_json::to_string(&info)?,
    ///     r#"{"transactionId":2019049910005496810,"orderId":"O1","payInfo":[{"method":"CREDIT_CARD","amount":80}]}"#,
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(transaction_id: TransactionId, order_id: OrderId) -> Self {
        Self {
            transaction_id,
            order_id,
            pay_info: Vec::new(),
            payment_provider: None,
        }
    }
}

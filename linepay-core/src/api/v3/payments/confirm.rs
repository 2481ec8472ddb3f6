//! Confirm: complete the payment the customer approved.

use serde::{Deserialize, Serialize};

use crate::api::v3::models::{MerchantReference, Package, PayInfo, PaymentProvider, ShippingInfo};
use crate::error::InvalidField;
use crate::linepay_endpoint;
use crate::types::{Amount, Currency, OrderId, RegKey, TransactionId};
use crate::validation::FieldPath;

/// Confirm the payment the customer approved on the LINE Pay page.
///
/// `POST /v3/payments/{transactionId}/confirm`, read timeout 40 s. Call it when the customer
/// lands on your `confirmUrl`, with the amount and currency from **your own order record**
/// (never from the query string). Not idempotent: after a timeout, ask Payment Details
/// before confirming again.
///
/// Checked before sending: `amount` is positive and whole for TWD.
///
/// Return codes besides success include 1150 (no such transaction), 1152 (already confirmed),
/// 1153 (amount differs from the request), 1172 (order id already has a transaction: check
/// Payment Details), 1180 (expired), 1198 (duplicate call in progress) and 9000.
///
/// ```
/// use linepay_core::{Endpoint, api::v3::ConfirmPayment, Amount, Currency, TransactionId};
///
/// let confirm = ConfirmPayment {
///     transaction_id: TransactionId::new(2019049910005496810),
///     amount: Amount::whole(250),
///     currency: Currency::Twd,
/// };
/// let linepay_core::Payload::Json(body) = confirm.payload()? else { unreachable!() };
/// assert_eq!(body.as_ref(), br#"{"amount":250,"currency":"TWD"}"#);
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "POST",
    path(
        v3 = "/v3/payments/<transactionId>/confirm",
        v4 = "/v4/payments/<transactionId>/confirm"
    ),
    response = ConfirmInfo,
    read_timeout = 40,
    validate = Self::validate
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfirmPayment {
    /// The id Request returned (and LINE Pay appended to `confirmUrl`).
    pub transaction_id: TransactionId,
    /// The amount to confirm: the requested amount.
    pub amount: Amount,
    /// The currency of the request.
    pub currency: Currency,
}

impl ConfirmPayment {
    /// `amount` is positive and expressible in `currency` (whole for TWD).
    fn validate(&self) -> Result<(), InvalidField> {
        FieldPath::Root
            .field("amount")
            .money(&self.amount, &self.currency)
    }
}

/// What Confirm returns: the payment's ids and how the customer paid.
///
/// `authorization_expire_date` is set only for an authorization (`capture: false`), `reg_key`
/// only for a `PREAPPROVED` payment; `merchant_reference` is Taiwan only and `shipping` the
/// legacy Checkout feature. Unknown fields are ignored. Build one (e.g. in a mock server) with
/// [`ConfirmInfo::new`] and set the other fields.
///
/// ```
/// use linepay_core::{Amount, api::v3::{ConfirmInfo, PayMethod}};
///
/// let info: ConfirmInfo = serde_json::from_str(
///     r#"{"orderId":"O1","transactionId":2019049910005496810,"payInfo":[{"method":"BALANCE","amount":250}],
///         "packages":[{"id":"shop-1","amount":250,"userFeeAmount":0}]}"#,
/// )?;
/// assert_eq!(info.transaction_id.get(), 2019049910005496810);
/// assert_eq!(info.pay_info[0].method, PayMethod::Balance);
/// assert_eq!(info.packages[0].user_fee, Some(Amount::whole(0)));
/// assert!(info.reg_key.is_none());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ConfirmInfo {
    /// The merchant's order id.
    pub order_id: OrderId,
    /// The payment's transaction id (64-bit; read from a JSON number or string).
    pub transaction_id: TransactionId,
    /// When an authorization (`capture: false`) lapses, ISO-8601; it is voided automatically
    /// if not captured by then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_expire_date: Option<String>,
    /// The key for later pre-approved payments (`payType` PREAPPROVED only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reg_key: Option<RegKey>,
    /// How the customer paid: one entry per means of payment.
    #[serde(default, deserialize_with = "crate::lenient::null_as_default")]
    pub pay_info: Vec<PayInfo>,
    /// The packages of the request (`id`, `amount`, v3's `userFeeAmount` as
    /// [`Package::user_fee`]; older answers also `name` and `products`).
    #[serde(
        default,
        deserialize_with = "crate::lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub packages: Vec<Package>,
    /// What the customer shared with the merchant, e.g. an e-invoice carrier (Taiwan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_reference: Option<MerchantReference>,
    /// The chosen shipping method, fee and address (legacy Checkout only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<ShippingInfo>,
    /// Who settled the payment (v4 answers; `None` in v3's, and when v4 sends `null` or
    /// leaves it out, which LINE Pay defines as TSP: `payment_provider.unwrap_or_default()`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_provider: Option<PaymentProvider>,
}

impl ConfirmInfo {
    /// A Confirm answer with the required fields; the rest start empty.
    ///
    /// ```
    /// use linepay_core::{Amount, OrderId, TransactionId, api::v3::{ConfirmInfo, PayInfo, PayMethod}};
    ///
    /// let mut info = ConfirmInfo::new(OrderId::new("O1")?, TransactionId::new(2019049910005496810));
    /// info.pay_info.push(PayInfo::new(PayMethod::Balance, Amount::whole(250)));
    /// assert_eq!(
    ///     serde_json::to_string(&info)?,
    ///     r#"{"orderId":"O1","transactionId":2019049910005496810,"payInfo":[{"method":"BALANCE","amount":250}]}"#,
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(order_id: OrderId, transaction_id: TransactionId) -> Self {
        Self {
            order_id,
            transaction_id,
            authorization_expire_date: None,
            reg_key: None,
            pay_info: Vec::new(),
            packages: Vec::new(),
            merchant_reference: None,
            shipping: None,
            payment_provider: None,
        }
    }
}

//! Confirm: complete the payment the customer approved.

use serde::{Deserialize, Serialize};

use crate::api::v3::models::PayInfo;
use crate::error::InvalidField;
use crate::linepay_endpoint;
use crate::validation::FieldPath;
use crate::types::{Amount, Currency, OrderId, RegKey, TransactionId};

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
    path = "/v3/payments/<transactionId>/confirm",
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

/// What Confirm returns.
///
/// ```
/// use linepay_core::api::v3::ConfirmInfo;
///
/// let info: ConfirmInfo = serde_json::from_str(
///     r#"{"orderId":"O1","transactionId":2019049910005496810,"payInfo":[{"method":"BALANCE","amount":250}]}"#,
/// )?;
/// assert_eq!(info.transaction_id.get(), 2019049910005496810);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ConfirmInfo {
    /// The merchant's order id.
    pub order_id: OrderId,
    /// The payment's transaction id.
    pub transaction_id: TransactionId,
    /// When an authorization (capture = false) lapses, ISO-8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_expire_date: Option<String>,
    /// The key for later pre-approved payments (`payType` PREAPPROVED only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reg_key: Option<RegKey>,
    /// How the customer paid.
    #[serde(default)]
    pub pay_info: Vec<PayInfo>,
}


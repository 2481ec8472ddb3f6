//! Pre-approved payments: charge a customer again without sending them through LINE Pay.
//!
//! # The flow
//!
//! 1. **Register.** Request a payment ([`RequestPayment`](crate::api::v3::RequestPayment))
//!    with `options.payment.payType: PREAPPROVED` (Taiwan merchants need LINE Pay's
//!    approval first; a merchant that may not use pre-approved payments gets `1194`). The
//!    customer approves on the LINE Pay page as for any payment.
//! 2. **Confirm.** [`ConfirmPayment`](crate::api::v3::ConfirmPayment) completes this first
//!    payment and returns a `regKey` (the `reg_key` of
//!    [`ConfirmInfo`](crate::api::v3::ConfirmInfo)), a 15-character key such as
//!    `RK9A2BA1942EQTO`. Store it with the customer: together with your channel it lets you
//!    charge them, so keep it out of logs ([`RegKey`]'s `Debug` shows only its first
//!    characters).
//! 3. **Charge later.** [`PayPreapproved`] charges the customer with the regKey, with no
//!    customer interaction. [`CheckRegKey`] tells beforehand whether the key still works.
//! 4. **End.** [`ExpireRegKey`] discards the key when the customer ends the arrangement.
//!
//! # When the key is dead
//!
//! `1141` and `1282`–`1287`, `1290`–`1295` mean LINE Pay has **discarded** the regKey
//! (account or card problems): stop using it and have the customer register again (step 1)
//! for a new one.
//! [`ReturnCode::is_reg_key_discarded`](crate::ReturnCode::is_reg_key_discarded) answers
//! this. `1190` (no such key) and `1193` (expired) mean the same in practice.
//!
//! ```
//! use linepay_core::{Error, ReturnCode};
//!
//! // What to do with a failed pre-approved call.
//! fn must_register_again(error: &Error) -> bool {
//!     error.return_code().is_some_and(|code| {
//!         code.is_reg_key_discarded()
//!             || matches!(code, ReturnCode::RegKeyNotFound | ReturnCode::RegKeyExpired)
//!     })
//! }
//! let card_expired = linepay_core::ApiError::new(ReturnCode::from_code("1287"), "-");
//! assert!(must_register_again(&Error::Api(card_expired)));
//! ```

use serde::{Deserialize, Serialize};

use crate::api::rules::check_pay_preapproved;
use crate::api::v3::models::PaymentProvider;
use crate::envelope::EnvelopeRef;
use crate::error::InvalidField;
use crate::linepay_endpoint;
use crate::types::{Amount, Currency, OrderId, RegKey, TransactionId};

/// Check that a regKey can still be used for [`PayPreapproved`].
///
/// `GET /v3/payments/preapprovedPay/{regKey}/check?creditCardAuth=…`, read timeout 20 s.
///
/// # When to call it
///
/// Before charging, to learn whether the key still works without attempting a payment.
/// With `credit_card_auth: Some(true)` LINE Pay also runs a minimum-amount authorization of
/// the customer's card (this needs the LINE Pay team's approval, and is documented for
/// Taiwan); `None` leaves the parameter out, which LINE Pay treats as `false`.
///
/// `creditCardAuth` travels in the **query string** (and is signed there), not in a body: a
/// GET has no body. (One PHP SDK sent it in the body for half a year; its signature then
/// covered bytes LINE Pay never saw.)
///
/// # Return codes
///
/// The answer is the return code alone: `0000` (the response `()`) means the key is usable.
/// Otherwise, as an [`Error::Api`](crate::Error::Api):
///
/// | Code | Meaning for you |
/// |---|---|
/// | `1190` | no such regKey |
/// | `1193` | the regKey has expired |
/// | `1141` | the regKey is discarded (account status): register again |
/// | `1154` | the payment method set up for pre-approved payment is unavailable |
/// | `1101`, `1102` | the customer is not a LINE Pay member, or cannot transact |
/// | `1104`–`1106` | merchant configuration or signature problem |
///
/// # Idempotence
///
/// A read: safe to re-send, and a client may retry it automatically.
///
/// ```
/// use linepay_core::{ApiVersion, Endpoint, Payload, api::v3::CheckRegKey, RegKey};
///
/// let check = CheckRegKey { reg_key: RegKey::new("RK9A2BA1942EQTO")?, credit_card_auth: Some(true) };
/// let mut path = String::new();
/// check.write_path(ApiVersion::V3, &mut path);
/// assert_eq!(path, "/v3/payments/preapprovedPay/RK9A2BA1942EQTO/check");
/// assert_eq!(check.payload()?, Payload::Query("creditCardAuth=true".to_owned()));
/// assert!(CheckRegKey::IDEMPOTENT);
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "GET",
    path(
        v3 = "/v3/payments/preapprovedPay/<regKey>/check",
        v4 = "/v4/payments/preapprovedPay/<regKey>/check"
    ),
    response = (),
    read_timeout = 20,
    decode_with = EnvelopeRef::into_success
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckRegKey {
    /// The key Confirm returned.
    pub reg_key: RegKey,
    /// `creditCardAuth`: also authorize a minimum amount on the card (needs approval);
    /// `None` leaves it out (LINE Pay's default is `false`).
    pub credit_card_auth: Option<bool>,
}

/// Charge a customer with their regKey, without their interaction.
///
/// `POST /v3/payments/preapprovedPay/{regKey}/payment`, read timeout 40 s. (LINE Pay's
/// current docs recommend at least 20 s, its older docs and the SDKs in use 40 s; the longer
/// one is kept, because a call cut off too early leaves a payment in an unknown state.)
///
/// The body is `productName`, `amount`, `currency`, `orderId` and, when set, `capture`.
/// The current docs mark `productName` and `currency` optional, the older ones required; all
/// are sent. With `capture: Some(false)` the payment is only authorized: capture it later
/// with [`CapturePayment`](crate::api::v3::CapturePayment) (or release it with
/// [`VoidPayment`](crate::api::v3::VoidPayment)) before `authorizationExpireDate`.
///
/// Checked before sending: `productName` has 1 to 4000 characters, and `amount` is positive
/// and expressible in `currency` (whole for TWD).
///
/// # Return codes
///
/// Success is `0000` with [`PayPreapprovedInfo`]. Otherwise:
///
/// | Code | Meaning for you |
/// |---|---|
/// | `1197` | a payment with this regKey is **already being processed**: wait, then check with Payment Details by `orderId` |
/// | `1172` | this `orderId` already has a transaction: perhaps an earlier attempt went through; check Payment Details |
/// | `1190` | no such regKey |
/// | `1193` | the regKey has expired |
/// | `1141`, `1282`–`1287`, `1290`–`1295` | the regKey is **discarded**: have the customer register again ([`ReturnCode::is_reg_key_discarded`](crate::ReturnCode::is_reg_key_discarded)) |
/// | `1142`, `1288`, `1289` | insufficient balance or card limit: not a discarded-key code, so the key stays usable |
/// | `1194` | the merchant cannot use pre-approved payments |
/// | `1124`, `2101` | malformed amount or parameters |
/// | `1104`–`1106` | merchant configuration or signature problem |
/// | `9000` | LINE Pay internal error: the outcome is unknown |
///
/// # Idempotence
///
/// This charges the customer and is **never re-sent automatically once it may have reached
/// LINE Pay** (only a request that surely never left is sent again). After a timeout,
/// `1197` or `9000`, you do not know the transaction id yet: read
/// [`PaymentDetails`](crate::api::v3::PaymentDetails) by `orderId` before charging again,
/// and charge again with the **same** `orderId` (LINE Pay then refuses a duplicate with
/// `1172` instead of charging twice).
///
/// ```
/// use linepay_core::{ApiVersion, Endpoint, Payload, api::v3::PayPreapproved, Amount, Currency, OrderId, RegKey};
///
/// let pay = PayPreapproved {
///     reg_key: RegKey::new("RK9A2BA1942EQTO")?,
///     product_name: "測試商品".to_owned(),
///     amount: Amount::whole(100),
///     currency: Currency::Twd,
///     order_id: OrderId::new("O1")?,
///     capture: None,
/// };
/// let mut path = String::new();
/// pay.write_path(ApiVersion::V3, &mut path);
/// assert_eq!(path, "/v3/payments/preapprovedPay/RK9A2BA1942EQTO/payment");
/// assert_eq!(
///     pay.payload()?,
///     Payload::Json(r#"{"productName":"測試商品","amount":100,"currency":"TWD","orderId":"O1"}"#.into()),
/// );
/// assert_eq!(PayPreapproved::READ_TIMEOUT.as_secs(), 40);
/// assert!(!PayPreapproved::IDEMPOTENT);
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "POST",
    path(
        v3 = "/v3/payments/preapprovedPay/<regKey>/payment",
        v4 = "/v4/payments/preapprovedPay/<regKey>/payment"
    ),
    response = PayPreapprovedInfo,
    read_timeout = 40,
    validate = Self::validate
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayPreapproved {
    /// The key Confirm returned.
    pub reg_key: RegKey,
    /// What is being paid for, shown to the customer: 1 to 4000 characters.
    pub product_name: String,
    /// The amount to charge.
    pub amount: Amount,
    /// The currency of the amount.
    pub currency: Currency,
    /// Your id for this charge; unique per charge (a reused one gets `1172`).
    pub order_id: OrderId,
    /// `false` only authorizes (capture later); `None` leaves it out (LINE Pay's default is
    /// `true`: the money moves at once).
    pub capture: Option<bool>,
}

impl PayPreapproved {
    /// `productName` has 1 to 4000 characters; `amount` is positive and expressible in
    /// `currency`.
    fn validate(&self) -> Result<(), InvalidField> {
        check_pay_preapproved(&self.product_name, &self.amount, &self.currency)
    }
}

/// What Pay Preapproved returns.
///
/// ```
/// use linepay_core::api::v3::PayPreapprovedInfo;
///
/// let info: PayPreapprovedInfo = serde_json::from_str(
///     r#"{"transactionId":2019049910005496810,"transactionDate":"2019-04-10T04:02:43Z"}"#,
/// )?;
/// assert_eq!(info.transaction_id.get(), 2019049910005496810);
/// assert_eq!(info.authorization_expire_date, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PayPreapprovedInfo {
    /// The new payment's transaction id.
    pub transaction_id: TransactionId,
    /// When the payment happened, ISO-8601; empty when LINE Pay leaves it out (the payment
    /// happened all the same).
    #[serde(default, deserialize_with = "crate::lenient::null_as_default")]
    pub transaction_date: String,
    /// When the authorization lapses, ISO-8601 (only with `capture: false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_expire_date: Option<String>,
    /// The merchant's order id (present in newer answers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<OrderId>,
    /// Who settled the payment (v4 answers; `None` in v3's, and when v4 sends `null` or
    /// leaves it out, which LINE Pay defines as TSP: `payment_provider.unwrap_or_default()`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_provider: Option<PaymentProvider>,
}

impl PayPreapprovedInfo {
    /// A Pay Preapproved answer with the required fields; the optional ones start empty.
    ///
    /// ```
    /// use linepay_core::{OrderId, TransactionId, api::v3::PayPreapprovedInfo};
    ///
    /// let mut info = PayPreapprovedInfo::new(TransactionId::new(2019049910005496810), "2019-04-10T04:02:43Z");
    /// info.order_id = Some(OrderId::new("O2")?);
    /// assert_eq!(
    ///     serde_json::to_string(&info)?,
    ///     r#"{"transactionId":2019049910005496810,"transactionDate":"2019-04-10T04:02:43Z","orderId":"O2"}"#,
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(transaction_id: TransactionId, transaction_date: impl Into<String>) -> Self {
        Self {
            transaction_id,
            transaction_date: transaction_date.into(),
            authorization_expire_date: None,
            order_id: None,
            payment_provider: None,
        }
    }
}

/// Discard a regKey: no further payments can be made with it.
///
/// `POST /v3/payments/preapprovedPay/{regKey}/expire`, read timeout 20 s. LINE Pay documents
/// no body; like every POST without fields this sends `{}` and signs exactly that.
///
/// # When to call it
///
/// When the customer ends the subscription or recurring arrangement, or you delete their
/// account: a key you no longer need should not stay usable.
///
/// # Return codes
///
/// The answer is the return code alone: `0000` (the response `()`) means the key is gone.
/// Otherwise, as an [`Error::Api`](crate::Error::Api):
///
/// | Code | Meaning for you |
/// |---|---|
/// | `1190` | no such regKey |
/// | `1193` | the regKey had already expired |
/// | `1141`, `1282`–`1287`, `1290`–`1295` | LINE Pay had already discarded the key |
/// | `1104`–`1106` | merchant configuration or signature problem |
///
/// All of `1190`, `1193` and the discarded codes leave the key unusable, which is what
/// you wanted.
///
/// # Idempotence
///
/// It changes the key's state and is **never re-sent automatically once it may have reached
/// LINE Pay** (only a request that surely never left is sent again). Re-sending it by hand
/// after a timeout does no harm beyond an error code: a key that is already gone answers
/// `1190`, `1193` or one of the discarded codes.
///
/// ```
/// use linepay_core::{ApiVersion, Endpoint, Payload, api::v3::ExpireRegKey, RegKey};
///
/// let expire = ExpireRegKey { reg_key: RegKey::new("RK9A2BA1942EQTO")? };
/// let mut path = String::new();
/// expire.write_path(ApiVersion::V3, &mut path);
/// assert_eq!(path, "/v3/payments/preapprovedPay/RK9A2BA1942EQTO/expire");
/// assert_eq!(expire.payload()?, Payload::Json("{}".into()));
/// assert!(!ExpireRegKey::IDEMPOTENT);
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "POST",
    path(
        v3 = "/v3/payments/preapprovedPay/<regKey>/expire",
        v4 = "/v4/payments/preapprovedPay/<regKey>/expire"
    ),
    response = (),
    read_timeout = 20,
    decode_with = EnvelopeRef::into_success
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpireRegKey {
    /// The key to discard.
    pub reg_key: RegKey,
}

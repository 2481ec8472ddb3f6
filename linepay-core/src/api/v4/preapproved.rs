//! Pre-approved payments (v4): charge a customer again with their regKey.
//!
//! The flow, the dead-key codes and the advice are v3's
//! ([`api::v3::preapproved`](crate::api::v3::preapproved)). In v4 the regKey comes from a
//! v4 Request with `payType` PREAPPROVED, optionally with the schedule shown to the
//! customer ([`RegPayRequest`](crate::api::v4::RegPayRequest)), and Pay Preapproved's
//! answer adds `paymentProvider`.

use crate::api::rules::check_pay_preapproved;
use crate::api::v3;
use crate::api::v4::models::WithPaymentProvider;
use crate::envelope::EnvelopeRef;
use crate::error::InvalidField;
use crate::linepay_endpoint;
use crate::types::{Amount, Currency, OrderId, RegKey};

/// What Pay Preapproved returns in v4: v3's
/// [`PayPreapprovedInfo`](v3::PayPreapprovedInfo) and `paymentProvider`.
///
/// ```
/// use linepay_core::api::v4::{PayPreapprovedInfo, PaymentProvider};
///
/// let info: PayPreapprovedInfo = serde_json::from_str(
///     r#"{"transactionId":2018123112345678910,"transactionDate":"2018-12-31T09:00:31Z","paymentProvider":"TSP"}"#,
/// )?;
/// assert_eq!(info.transaction_id.get(), 2018123112345678910);
/// assert_eq!(info.payment_provider, Some(PaymentProvider::Tsp));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub type PayPreapprovedInfo = WithPaymentProvider<v3::PayPreapprovedInfo>;

/// Check that a regKey can still be used (v4).
///
/// `GET /v4/payments/preapprovedPay/{regKey}/check?creditCardAuth=…`, read timeout 20 s,
/// idempotent; query, answer (`()` on `0000`) and return codes as v3's
/// [`CheckRegKey`](v3::CheckRegKey).
///
/// ```
/// use linepay_core::{Endpoint, Payload, RegKey, api::v4::CheckRegKey};
///
/// let check = CheckRegKey { reg_key: RegKey::new("RK9A2BA1942EQTO")?, credit_card_auth: Some(false) };
/// let mut path = String::new();
/// check.write_path(&mut path);
/// assert_eq!(path, "/v4/payments/preapprovedPay/RK9A2BA1942EQTO/check");
/// assert_eq!(check.payload()?, Payload::Query("creditCardAuth=false".to_owned()));
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "GET",
    path = "/v4/payments/preapprovedPay/<regKey>/check",
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

/// Charge a customer with their regKey, without their interaction (v4).
///
/// `POST /v4/payments/preapprovedPay/{regKey}/payment`, read timeout 40 s, not idempotent;
/// body, rules and return codes as v3's [`PayPreapproved`](v3::PayPreapproved). The answer
/// adds `paymentProvider` ([`PayPreapprovedInfo`]).
///
/// ```
/// use linepay_core::{Amount, Currency, Endpoint, OrderId, Payload, RegKey, api::v4::PayPreapproved};
///
/// let pay = PayPreapproved {
///     reg_key: RegKey::new("RK9A2BA1942EQTO")?,
///     product_name: "Monthly tea box".to_owned(),
///     amount: Amount::whole(500),
///     currency: Currency::Twd,
///     order_id: OrderId::new("SUB-2024-0002")?,
///     capture: None,
/// };
/// let mut path = String::new();
/// pay.write_path(&mut path);
/// assert_eq!(path, "/v4/payments/preapprovedPay/RK9A2BA1942EQTO/payment");
/// assert_eq!(
///     pay.payload()?,
///     Payload::Json(r#"{"productName":"Monthly tea box","amount":500,"currency":"TWD","orderId":"SUB-2024-0002"}"#.into()),
/// );
/// assert_eq!(PayPreapproved::READ_TIMEOUT.as_secs(), 40);
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "POST",
    path = "/v4/payments/preapprovedPay/<regKey>/payment",
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
    /// As v3: `productName` has 1 to 4000 characters; `amount` is positive and expressible
    /// in `currency`.
    fn validate(&self) -> Result<(), InvalidField> {
        check_pay_preapproved(&self.product_name, &self.amount, &self.currency)
    }
}

/// Discard a regKey: no further payments can be made with it (v4).
///
/// `POST /v4/payments/preapprovedPay/{regKey}/expire`, read timeout 20 s, not idempotent;
/// sends and signs `{}` and answers `()`, as v3's [`ExpireRegKey`](v3::ExpireRegKey).
///
/// ```
/// use linepay_core::{Endpoint, Payload, RegKey, api::v4::ExpireRegKey};
///
/// let expire = ExpireRegKey { reg_key: RegKey::new("RK9A2BA1942EQTO")? };
/// let mut path = String::new();
/// expire.write_path(&mut path);
/// assert_eq!(path, "/v4/payments/preapprovedPay/RK9A2BA1942EQTO/expire");
/// assert_eq!(expire.payload()?, Payload::Json("{}".into()));
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[linepay_endpoint(
    method = "POST",
    path = "/v4/payments/preapprovedPay/<regKey>/expire",
    response = (),
    read_timeout = 20,
    decode_with = EnvelopeRef::into_success
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpireRegKey {
    /// The key to discard.
    pub reg_key: RegKey,
}

//! Pay: charge the My Code the shop's terminal scanned.

use serde::{Deserialize, Serialize};

use crate::api::rules::products_total;
use crate::api::v3::{ExtraOptions, MerchantReference, PayInfo, PaymentOptions, PaymentProvider};
use crate::api::v4::Package;
use crate::error::{InvalidField, Rule};
use crate::linepay_endpoint;
use crate::types::{Amount, Currency, OneTimeKey, OrderId, TransactionId};
use crate::validation::FieldPath;

/// Charge the customer's My Code: the counter's one payment call.
///
/// `POST /v4/payments/oneTimeKeys/pay`, read timeout **40 s** (LINE Pay's "at least 40
/// seconds": the customer may have to confirm on the phone). Offline API v4 only: send it
/// from a client built with [`ApiVersion::V4`](crate::ApiVersion::V4).
///
/// Without capture separation the payment is complete when this answers `0000`. With
/// [`authorize_only`](Pay::authorize_only) it stops at the authorization, which you then
/// [capture](super::CaptureOrder) or [void](super::VoidOrder) by `orderId`.
///
/// # When the answer is lost
///
/// **Never send Pay again.** Ask [`CheckOrder`](super::CheckOrder) with the same `orderId`
/// until it says how the payment ended; [`Client::pay_or_recover`](crate::Client::pay_or_recover)
/// does exactly that. A second Pay with the same `orderId` is refused (`1172`), and one with
/// a new `orderId` may charge the customer twice.
///
/// # Checked before sending
///
/// - `amount` is positive and expressible in `currency` (whole for TWD);
/// - `oneTimeKey` has the length of the currency's country: 18 digits for TWD (Taiwan), 12
///   for THB (Thailand); other currencies are not judged;
/// - `packages` is not empty (LINE Pay's sandbox answers `2101` "NotEmpty" without it).
///
/// A warning (not an error) when `amount` is not the sum of the packages, or a package's
/// amount not the sum of its products: the Online API's rule, which no Offline document
/// states.
///
/// # Return codes
///
/// | Code | Meaning for you |
/// |---|---|
/// | `1133` | the My Code is invalid, used or expired: ask the customer to show a new one |
/// | `1142` | insufficient balance |
/// | `1172` | a payment with this `orderId` exists: Check it, do not pay again |
/// | `1145`, `1198`, `9000` | the payment may be in progress: Check it |
/// | `2101`, `2102`, `2103` | a parameter LINE Pay does not accept |
///
/// ```
/// use linepay_core::api::offline::Pay;
/// use linepay_core::api::v4::{Package, Product};
/// use linepay_core::{Amount, ApiVersion, Currency, Endpoint, OneTimeKey, OrderId, Payload};
///
/// let pay = Pay::new(
///     OrderId::new("COUNTER-7-0042")?,
///     OneTimeKey::from_scan("3892 5380 4433 0395 34")?,
///     Currency::Twd,
///     vec![Package::new("counter-7", vec![Product::new("Latte", 2, Amount::whole(60))])],
/// );
/// assert_eq!(pay.amount, Amount::whole(120));
/// let mut path = String::new();
/// pay.write_path(ApiVersion::V4, &mut path);
/// assert_eq!(path, "/v4/payments/oneTimeKeys/pay");
/// assert_eq!(
///     pay.payload()?,
///     Payload::Json(r#"{"amount":120,"currency":"TWD","orderId":"COUNTER-7-0042","oneTimeKey":"389253804433039534","packages":[{"id":"counter-7","amount":120,"products":[{"name":"Latte","quantity":2,"price":60}]}]}"#.into())
/// );
/// assert_eq!(Pay::READ_TIMEOUT.as_secs(), 40);
/// assert!(!Pay::IDEMPOTENT);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[linepay_endpoint(
    method = "POST",
    path(v4 = "/v4/payments/oneTimeKeys/pay"),
    response = PaymentInfo,
    read_timeout = 40,
    validate = Self::validate
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pay {
    /// The amount to charge: the sum of the packages' amounts.
    pub amount: Amount,
    /// The payment's currency.
    pub currency: Currency,
    /// The merchant's id of this sale, unique per payment attempt: what every later call
    /// (Check, Capture, Void, Refund) names the payment by.
    pub order_id: OrderId,
    /// The customer's My Code.
    pub one_time_key: OneTimeKey,
    /// What is sold, in packages of products.
    pub packages: Vec<Package>,
    /// Capture separation and the branch.
    pub options: Option<PayOptions>,
}

impl Pay {
    /// A payment of the packages' total.
    pub fn new(
        order_id: OrderId,
        one_time_key: OneTimeKey,
        currency: Currency,
        packages: Vec<Package>,
    ) -> Self {
        let amount = packages
            .iter()
            .try_fold(Amount::whole(0), |sum, package| {
                sum.checked_add(package.amount)
            })
            .unwrap_or(Amount::whole(i64::MAX));
        Self {
            amount,
            currency,
            order_id,
            one_time_key,
            packages,
            options: None,
        }
    }

    /// Stops at the authorization (`options.payment.capture: false`): the money moves when
    /// you [capture](super::CaptureOrder) it. Taiwan merchants need LINE Pay's approval.
    ///
    /// ```
    /// # use linepay_core::api::offline::Pay;
    /// # use linepay_core::{Currency, OneTimeKey, OrderId};
    /// let pay = Pay::new(OrderId::new("O1")?, OneTimeKey::new("123456789012")?, Currency::Thb, vec![])
    ///     .authorize_only();
    /// assert!(!pay.captures());
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    #[must_use]
    pub fn authorize_only(mut self) -> Self {
        let options = self.options.get_or_insert_with(PayOptions::default);
        options
            .payment
            .get_or_insert_with(PaymentOptions::default)
            .capture = Some(false);
        self
    }

    /// Whether this payment is captured at once (the default) rather than only authorized.
    pub fn captures(&self) -> bool {
        self.options
            .as_ref()
            .and_then(|options| options.payment.as_ref()?.capture)
            .unwrap_or(true)
    }

    fn validate(&self) -> Result<(), InvalidField> {
        let root = FieldPath::Root;
        let amount = root.field("amount");
        amount.money(&self.amount, &self.currency)?;
        let digits = match self.currency {
            Currency::Twd => Some(18),
            Currency::Thb => Some(12),
            _ => None,
        };
        if let Some(chars) = digits.filter(|&chars| self.one_time_key.digits() != chars) {
            return Err(InvalidField::new("oneTimeKey", Rule::WrongLength { chars }));
        }
        root.field("packages").at_least_one(&self.packages)?;
        let total = self
            .packages
            .iter()
            .try_fold(Amount::whole(0), |sum, package| {
                sum.checked_add(package.amount)
            });
        if total != Some(self.amount) {
            crate::api::rules::warn_sum(&amount, total, "packages[].amount");
        }
        for (index, package) in self.packages.iter().enumerate() {
            let products = products_total(&package.products);
            if products != Some(package.amount) {
                crate::api::rules::warn_sum(
                    &root.field("packages").index(index).field("amount"),
                    products,
                    "products[].quantity × products[].price",
                );
            }
        }
        Ok(())
    }
}

/// Optional settings of a Pay: `options`.
///
/// ```
/// use linepay_core::api::offline::PayOptions;
/// use linepay_core::api::v3::ExtraOptions;
///
/// let options = PayOptions {
///     extra: Some(ExtraOptions { branch_id: Some("TPE-07".to_owned()), ..ExtraOptions::default() }),
///     ..PayOptions::default()
/// };
/// assert_eq!(serde_json::to_string(&options)?, r#"{"extra":{"branchId":"TPE-07"}}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayOptions {
    /// `capture` (default `true`); `payType` is not used at the counter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentOptions>,
    /// The branch (`branchId`, `branchName`) shown in LINE Pay's reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraOptions>,
}

/// What Pay and Capture answer: the payment as charged.
///
/// Check the sum of `pay_info` against the amount you asked for
/// ([`paid_total`](PaymentInfo::paid_total)): LINE Pay says to refund when they differ.
///
/// ```
/// use linepay_core::{Amount, api::offline::PaymentInfo};
///
/// let info: PaymentInfo = serde_json::from_str(r#"{"transactionId":2026071802368895010,
///     "orderId":"COUNTER-7-0042","transactionDate":"2026-07-18T02:36:00Z",
///     "payInfo":[{"method":"BALANCE","amount":100},{"method":"POINT","amount":20}],
///     "paymentProvider":"TSP"}"#)?;
/// assert_eq!(info.transaction_id.get(), 2026071802368895010);
/// assert_eq!(info.paid_total(), Some(Amount::whole(120)));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PaymentInfo {
    /// LINE Pay's id of the payment (19 digits; a JSON number or string).
    pub transaction_id: TransactionId,
    /// The merchant's order id.
    pub order_id: OrderId,
    /// When it was paid, ISO-8601; empty when LINE Pay leaves it out.
    #[serde(default, deserialize_with = "crate::lenient::null_as_default")]
    pub transaction_date: String,
    /// How it was paid.
    #[serde(default, deserialize_with = "crate::lenient::null_as_default")]
    pub pay_info: Vec<PayInfo>,
    /// Who settled it (`None` means TSP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_provider: Option<PaymentProvider>,
    /// Until when an authorization (Pay with [`Pay::authorize_only`]) may be captured;
    /// LINE Pay voids it after that.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_expire_date: Option<String>,
    /// The customer's affiliate cards (Taiwan, when LINE Pay enabled it for the merchant).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_reference: Option<MerchantReference>,
}

impl PaymentInfo {
    /// A Pay answer with the required fields; the others start empty.
    ///
    /// ```
    /// use linepay_core::{OrderId, TransactionId, api::offline::PaymentInfo};
    ///
    /// let info = PaymentInfo::new(TransactionId::new(2026071802368895010), OrderId::new("O1")?);
    /// assert_eq!(serde_json::to_string(&info)?, r#"{"transactionId":2026071802368895010,"orderId":"O1","transactionDate":"","payInfo":[]}"#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(transaction_id: TransactionId, order_id: OrderId) -> Self {
        Self {
            transaction_id,
            order_id,
            transaction_date: String::new(),
            pay_info: Vec::new(),
            payment_provider: None,
            authorization_expire_date: None,
            merchant_reference: None,
        }
    }

    /// The sum of `pay_info[].amount` (`None` on overflow).
    pub fn paid_total(&self) -> Option<Amount> {
        total_paid(&self.pay_info)
    }
}

/// `Σ pay_info[].amount`, or `None` on overflow.
pub(crate) fn total_paid(pay_info: &[PayInfo]) -> Option<Amount> {
    pay_info
        .iter()
        .try_fold(Amount::whole(0), |sum, pay| sum.checked_add(pay.amount))
}

//! Request: create a payment and get the URL the customer pays at.

use serde::{Deserialize, Serialize};

use crate::api::rules::{
    check_currency_code, products_total, validate_extra_and_events, validate_package_contents,
    warn_sum, warn_unless_total,
};
use crate::api::v3::models::{Package, PromotionEvent, ShippingAddress};
// Defined with the models (the shared rules read them); still here for `payments::ExtraOptions`.
pub use crate::api::v3::models::{ExtraOptions, PromotionRestriction};
use crate::error::InvalidField;
use crate::linepay_endpoint;
use crate::types::{Amount, Currency, OrderId, TransactionId, wire_enum};
use crate::validation::FieldPath;

/// Create a payment: LINE Pay answers with the URL the customer pays at and the payment's
/// `transactionId`.
///
/// `POST /v3/payments/request`, read timeout 20 s (LINE Pay's current docs say at least
/// 10 s, the older ones 20 s; the longer one is used).
///
/// # The flow
///
/// 1. Send this request; keep [`RequestInfo::transaction_id`] with your order.
/// 2. Send the customer to [`PaymentUrl::web`] (a browser; a 700×546 pop-up works) or, in a
///    mobile app, to [`PaymentUrl::app`].
/// 3. The customer approves in LINE Pay and comes back to `redirectUrls.confirmUrl` with
///    `transactionId` and `orderId` in the query (or, with [`RedirectUrls::none`], you poll
///    Check Payment Status until it answers `0110`).
/// 4. Call [`ConfirmPayment`](crate::api::v3::ConfirmPayment) with the amount from your
///    own order record.
///
/// # Checked before sending
///
/// Nothing invalid leaves the client: [`Client::prepare`](crate::Client::prepare) answers
/// with an [`InvalidField`] naming the wire path (`packages[1].products[0].price`) and the
/// rule. Amounts must be positive and expressible in `currency` (whole for TWD);
/// `packages[i].amount` must be the sum of its products' `quantity × price`; `amount` must
/// be the sum of `packages[].amount` and `packages[].userFee` (that sum plus the legacy
/// `options.shipping.feeAmount` is accepted too, as older docs add it); strings must fit
/// LINE Pay's lengths (counted in characters, not bytes); `confirmUrl` and `cancelUrl` are
/// required unless `confirmUrlType` is `NONE`; each promotion event has exactly one of
/// `totalAmount` and `productQuantity`.
///
/// # Return codes
///
/// | code | meaning for the merchant |
/// |---|---|
/// | 1104 | Merchant not found: wrong or expired channel (sandbox channels expire); also reported for a wrong secret. |
/// | 1105 | This merchant cannot use LINE Pay: the channel is not (or no longer) approved. |
/// | 1106 | Header error: wrong `X-LINE-ChannelId` or a signature that does not match. |
/// | 1124 | Amount info error: an amount with the wrong scale (a float where an integer is expected). |
/// | 1145 | A payment is in progress: wait, then check with Check Payment Status. |
/// | 1172 | This `orderId` already has a transaction: use a new order id per payment attempt. |
/// | 1178 | The merchant does not support this currency. |
/// | 1183 | The amount is below the minimum (legacy: must be greater than 0). |
/// | 1194 | The merchant cannot use pre-approved payment (`payType` PREAPPROVED needs an application). |
/// | 2101 | Parameter error: a field is missing or invalid. |
/// | 2102 | The body is not valid JSON. |
/// | 9000 | LINE Pay internal error. |
///
/// # Not idempotent
///
/// A Request is never re-sent automatically once it may have reached LINE Pay. Re-sending it
/// with the same `orderId` gives `1172` when the first attempt did create a transaction;
/// after a timeout, ask Payment Details (`orderId`) instead of retrying blindly, or start a
/// new attempt with a new order id.
///
/// # Example
///
/// ```
/// use linepay_core::api::v3::{Package, Product, RedirectUrls, RequestOptions, RequestPayment};
/// use linepay_core::{Amount, Client, Credentials, Currency, OrderId};
///
/// let client: Client = Client::builder(Credentials::new("1234567890", "your-channel-secret")?).build();
///
/// let mut request = RequestPayment::new(
///     OrderId::new("ORDER-2024-0001")?,
///     Currency::Twd,
///     vec![Package {
///         name: Some("Tea house".to_owned()),
///         ..Package::new("shop-1", vec![
///             Product::new("Green tea", 2, Amount::whole(60)),
///             Product::new("烏龍茶", 1, Amount::whole(130)),
///         ])
///     }],
///     RedirectUrls::new(
///         "https://shop.example/line-pay/confirm",
///         "https://shop.example/line-pay/cancel",
///     ),
/// );
/// assert_eq!(request.amount, Amount::whole(250));
/// // Optional parts are plain fields.
/// request.options = Some(RequestOptions::default());
///
/// // A signed http::Request<Bytes>, ready for any HTTP client.
/// let http_request = client.prepare(&request)?;
/// assert_eq!(http_request.uri().path(), "/v3/payments/request");
///
/// // LINE Pay's answer: send the customer to `payment_url.web`.
/// let answer = http::Response::new(bytes::Bytes::from_static(br#"{"returnCode":"0000","returnMessage":"Success.","info":{
///     "transactionId":2019049910005496810,"paymentAccessToken":"187568751124",
///     "paymentUrl":{"web":"https://sandbox-web-pay.line.me/web/payment/wait?transactionReserveId=abc","app":"line://pay/payment/abc"}}}"#));
/// let info = client.decode::<RequestPayment>(&answer)?;
/// assert_eq!(info.transaction_id.get(), 2019049910005496810);
/// assert!(info.payment_url.web.starts_with("https://"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[linepay_endpoint(
    method = "POST",
    path(v3 = "/v3/payments/request"),
    response = RequestInfo,
    read_timeout = 20,
    validate = Self::validate
)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestPayment {
    /// The total: the sum of `packages[].amount` and `packages[].userFee`.
    pub amount: Amount,
    /// The currency of every amount in the request (TWD, THB or USD).
    pub currency: Currency,
    /// Your unique id for this payment attempt (at most 100 characters; reuse gives 1172).
    pub order_id: OrderId,
    /// What is bought, grouped in packages (at least one).
    pub packages: Vec<Package>,
    /// Where LINE Pay sends the customer afterwards.
    pub redirect_urls: RedirectUrls,
    /// Optional settings: capture, pay type, locale, branch, promotions, ….
    pub options: Option<RequestOptions>,
}

impl RequestPayment {
    /// A request without options whose `amount` is the sum of the packages' `amount` and
    /// `userFee` (a package whose `amount` already holds its fee counts once).
    ///
    /// When that sum does not fit an [`Amount`], `amount` is set to the largest amount (which
    /// LINE Pay refuses) and [`Client::prepare`](crate::Client::prepare) warns about it.
    ///
    /// ```
    /// use linepay_core::api::v3::{Package, Product, RedirectUrls, RequestPayment};
    /// use linepay_core::{Amount, Currency, OrderId};
    ///
    /// let request = RequestPayment::new(
    ///     OrderId::new("A1")?,
    ///     Currency::Twd,
    ///     vec![Package {
    ///         user_fee: Some(Amount::whole(30)),
    ///         ..Package::new("p1", vec![Product::new("Coffee", 2, Amount::whole(100))])
    ///     }],
    ///     RedirectUrls::none(),
    /// );
    /// assert_eq!(request.amount, Amount::whole(230));
    /// assert_eq!(request.options, None);
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    pub fn new(
        order_id: OrderId,
        currency: Currency,
        packages: Vec<Package>,
        redirect_urls: RedirectUrls,
    ) -> Self {
        let amount = packages_total(&packages).unwrap_or(Amount::whole(i64::MAX));
        Self {
            amount,
            currency,
            order_id,
            packages,
            redirect_urls,
            options: None,
        }
    }

    /// Checks what LINE Pay refuses, deepest fields first, so that the error points at the
    /// cause (a product's price) rather than at its consequence. The sums and the branch
    /// lengths are only warned about (see [`validation`](crate::validation)). Allocates only
    /// when a check fails.
    fn validate(&self) -> Result<(), InvalidField> {
        let root = FieldPath::Root;
        let currency = &self.currency;
        check_currency_code(&root.field("currency"), currency)?;

        let packages = root.field("packages");
        packages.at_least_one(&self.packages)?;
        for (index, package) in self.packages.iter().enumerate() {
            let path = packages.index(index);
            validate_package_contents(
                &path,
                &package.id,
                package.name.as_deref(),
                &package.products,
                &package.amount,
                currency,
            )?;
            if let Some(user_fee) = &package.user_fee {
                path.field("userFee")
                    .not_negative_money(user_fee, currency)?;
            }
            warn_unless_package_sum(&path, package, products_total(&package.products));
        }

        let amount = root.field("amount");
        amount.money(&self.amount, currency)?;
        let shipping_fee = self
            .options
            .as_ref()
            .and_then(|options| options.shipping.as_ref())
            .and_then(|shipping| shipping.fee_amount);
        warn_unless_total(
            &amount,
            self.amount,
            packages_total(&self.packages),
            shipping_fee,
        );

        self.redirect_urls.validate(&root.field("redirectUrls"))?;
        if let Some(options) = &self.options {
            options.validate(&root.field("options"), currency)?;
        }
        Ok(())
    }
}

/// What the customer pays for the packages: each package's `amount` plus its `userFee`, or
/// its `amount` alone when that already holds the fee (the two readings of LINE Pay's
/// documents). `None` on overflow.
fn packages_total(packages: &[Package]) -> Option<Amount> {
    packages.iter().try_fold(Amount::whole(0), |sum, package| {
        let Some(fee) = package.user_fee else {
            return sum.checked_add(package.amount);
        };
        let fee_inside = products_total(&package.products)
            .and_then(|products| products.checked_add(fee))
            == Some(package.amount);
        let charged = if fee_inside {
            package.amount
        } else {
            package.amount.checked_add(fee)?
        };
        sum.checked_add(charged)
    })
}

/// Warns unless a v3 package's `amount` is the sum of its products, or that sum plus its
/// `userFee` (the two readings LINE Pay's documents give).
fn warn_unless_package_sum(path: &FieldPath<'_>, package: &Package, products: Option<Amount>) {
    let with_fee = package
        .user_fee
        .and_then(|fee| products.and_then(|total| total.checked_add(fee)));
    if products != Some(package.amount) && with_fee != Some(package.amount) {
        warn_sum(
            &path.field("amount"),
            products,
            "products[].quantity × products[].price",
        );
    }
}

wire_enum! {
    /// How the customer comes back after approving: `redirectUrls.confirmUrlType`.
    ///
    /// ```
    /// use linepay_core::api::v3::ConfirmUrlType;
    ///
    /// assert_eq!(serde_json::to_string(&ConfirmUrlType::None)?, r#""NONE""#);
    /// assert_eq!(ConfirmUrlType::from_wire("SERVER"), ConfirmUrlType::Server);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum ConfirmUrlType {
        /// The customer's browser is sent to `confirmUrl` (LINE Pay's default).
        Client = "CLIENT",
        /// LINE Pay's server calls `confirmUrl`; the customer is not redirected there.
        Server = "SERVER",
        /// No redirect: poll Check Payment Status until it answers `0110`, then confirm.
        None = "NONE",
    }
}

wire_enum! {
    /// What kind of payment is requested: `options.payment.payType`.
    ///
    /// ```
    /// use linepay_core::api::v3::PayType;
    ///
    /// assert_eq!(PayType::Preapproved.as_str(), "PREAPPROVED");
    /// ```
    pub enum PayType {
        /// A one-off payment (the default).
        Normal = "NORMAL",
        /// The first payment of a pre-approved series: Confirm returns a `regKey` (needs
        /// LINE Pay's approval in Taiwan).
        Preapproved = "PREAPPROVED",
    }
}

wire_enum! {
    /// The language of the LINE Pay payment page: `options.display.locale`.
    ///
    /// ```
    /// use linepay_core::api::v3::Locale;
    ///
    /// assert_eq!(serde_json::to_string(&Locale::ZhTw)?, r#""zh_TW""#);
    /// assert_eq!(serde_json::from_str::<Locale>(r#""th""#)?, Locale::Th);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum Locale {
        /// English (the default).
        En = "en",
        /// Japanese (listed by the legacy and v4 docs, not by the current v3 page).
        Ja = "ja",
        /// Korean.
        Ko = "ko",
        /// Thai.
        Th = "th",
        /// Traditional Chinese.
        ZhTw = "zh_TW",
        /// Simplified Chinese.
        ZhCn = "zh_CN",
    }
}

wire_enum! {
    /// How goods are shipped (legacy "Checkout" feature): `options.shipping.type`.
    ///
    /// ```
    /// use linepay_core::api::v3::ShippingType;
    ///
    /// assert_eq!(ShippingType::FixedAddress.as_str(), "FIXED_ADDRESS");
    /// ```
    pub enum ShippingType {
        /// Nothing is shipped.
        NoShipping = "NO_SHIPPING",
        /// Shipped to the address in `options.shipping.address`.
        FixedAddress = "FIXED_ADDRESS",
        /// The customer picks a shipping address in LINE Pay.
        Shipping = "SHIPPING",
    }
}

wire_enum! {
    /// How LINE Pay asks the merchant for shipping fees (legacy "Checkout" feature):
    /// `options.shipping.feeInquiryType`.
    ///
    /// ```
    /// use linepay_core::api::v3::FeeInquiryType;
    ///
    /// assert_eq!(FeeInquiryType::from_wire("FIXED"), FeeInquiryType::Fixed);
    /// ```
    pub enum FeeInquiryType {
        /// The fee depends on the address: LINE Pay calls `feeInquiryUrl`.
        Condition = "CONDITION",
        /// A fixed fee: `feeAmount`.
        Fixed = "FIXED",
    }
}

wire_enum! {
    /// What the customer is offered to befriend: `options.familyService.addFriends[].type`.
    ///
    /// ```
    /// use linepay_core::api::v3::FriendType;
    ///
    /// assert_eq!(serde_json::to_string(&FriendType::LineAt)?, r#""lineAt""#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum FriendType {
        /// A LINE official account (formerly LINE@), the only documented value.
        LineAt = "lineAt",
    }
}

/// Where LINE Pay sends the customer after the payment page: `redirectUrls`.
///
/// `confirm_url` and `cancel_url` (at most 500 characters each) are required unless
/// `confirm_url_type` is [`ConfirmUrlType::None`].
///
/// ```
/// use linepay_core::api::v3::{ConfirmUrlType, RedirectUrls};
///
/// let urls = RedirectUrls::new("https://shop.example/confirm", "https://shop.example/cancel");
/// assert_eq!(
///     serde_json::to_string(&urls)?,
///     r#"{"confirmUrl":"https://shop.example/confirm","cancelUrl":"https://shop.example/cancel"}"#,
/// );
/// let server = RedirectUrls { confirm_url_type: Some(ConfirmUrlType::Server), ..urls };
/// assert_eq!(server.confirm_url_type, Some(ConfirmUrlType::Server));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RedirectUrls {
    /// Where the customer (or, with `SERVER`, LINE Pay's server) goes after approving;
    /// LINE Pay appends `transactionId` and `orderId`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm_url: Option<String>,
    /// Where the customer goes after cancelling.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_url: Option<String>,
    /// `CLIENT` (the default), `SERVER` or `NONE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirm_url_type: Option<ConfirmUrlType>,
    /// The Android package name of the merchant app, for app-to-app payments (at most 4000
    /// characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_package_name: Option<String>,
}

impl RedirectUrls {
    /// The usual redirects: the customer's browser goes to `confirm_url` after approving, to
    /// `cancel_url` after cancelling.
    ///
    /// ```
    /// use linepay_core::api::v3::RedirectUrls;
    ///
    /// let urls = RedirectUrls::new("https://shop.example/confirm", "https://shop.example/cancel");
    /// assert_eq!(urls.confirm_url.as_deref(), Some("https://shop.example/confirm"));
    /// assert_eq!(urls.confirm_url_type, None);
    /// ```
    pub fn new(confirm_url: impl Into<String>, cancel_url: impl Into<String>) -> Self {
        Self {
            confirm_url: Some(confirm_url.into()),
            cancel_url: Some(cancel_url.into()),
            ..Self::default()
        }
    }

    /// No redirect (`confirmUrlType: NONE`): poll Check Payment Status until it answers
    /// `0110`, then confirm.
    ///
    /// ```
    /// use linepay_core::api::v3::RedirectUrls;
    ///
    /// assert_eq!(serde_json::to_string(&RedirectUrls::none())?, r#"{"confirmUrlType":"NONE"}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn none() -> Self {
        Self {
            confirm_url_type: Some(ConfirmUrlType::None),
            ..Self::default()
        }
    }

    /// `confirmUrl` and `cancelUrl` (required unless `NONE`) and `appPackageName`. Shared
    /// with v4.
    pub(crate) fn validate(&self, path: &FieldPath<'_>) -> Result<(), InvalidField> {
        let required = self.confirm_url_type != Some(ConfirmUrlType::None);
        for (name, url) in [
            ("confirmUrl", &self.confirm_url),
            ("cancelUrl", &self.cancel_url),
        ] {
            let field = path.field(name);
            match url {
                Some(url) => {
                    if required {
                        field.not_empty(url)?;
                    }
                    field.max_chars(url, 500)?;
                    field.no_control_chars(url)?;
                }
                None if required => {
                    return Err(field.invalid("is required unless confirmUrlType is NONE"));
                }
                None => {}
            }
        }
        if let Some(name) = &self.app_package_name {
            path.field("appPackageName").max_chars(name, 4000)?;
        }
        Ok(())
    }
}

/// Optional settings of a Request: `options`.
///
/// Every part is optional and left out of the body when `None` (or, for `events`, empty).
///
/// ```
/// use linepay_core::api::v3::{DisplayOptions, Locale, PaymentOptions, RequestOptions};
///
/// let options = RequestOptions {
///     payment: Some(PaymentOptions { capture: Some(false), ..PaymentOptions::default() }),
///     display: Some(DisplayOptions { locale: Some(Locale::ZhTw), ..DisplayOptions::default() }),
///     ..RequestOptions::default()
/// };
/// assert_eq!(
///     serde_json::to_string(&options)?,
///     r#"{"payment":{"capture":false},"display":{"locale":"zh_TW"}}"#,
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestOptions {
    /// Capture and pay type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentOptions>,
    /// The payment page's language and browser check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<DisplayOptions>,
    /// Shipping (the legacy "Checkout" feature, absent from LINE Pay's current v3 tables).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping: Option<ShippingOptions>,
    /// Offer to befriend the merchant's LINE official account (v3 only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_service: Option<FamilyService>,
    /// Branch and promotion limits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraOptions>,
    /// Promotion events (Taiwan); left out when empty.
    #[serde(
        default,
        deserialize_with = "crate::lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub events: Vec<PromotionEvent>,
}

impl RequestOptions {
    fn validate(&self, path: &FieldPath<'_>, currency: &Currency) -> Result<(), InvalidField> {
        if let Some(shipping) = &self.shipping {
            let shipping_path = path.field("shipping");
            if let Some(fee) = &shipping.fee_amount {
                shipping_path
                    .field("feeAmount")
                    .not_negative_money(fee, currency)?;
            }
        }
        validate_extra_and_events(path, self.extra.as_ref(), &self.events, currency)
    }
}

/// Capture and pay type: `options.payment`.
///
/// ```
/// use linepay_core::api::v3::{PaymentOptions, PayType};
///
/// let payment = PaymentOptions { capture: Some(false), pay_type: Some(PayType::Normal) };
/// assert_eq!(serde_json::to_string(&payment)?, r#"{"capture":false,"payType":"NORMAL"}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentOptions {
    /// `true` (the default): Confirm also captures. `false`: Confirm only authorizes and you
    /// capture later (needs LINE Pay's approval in Taiwan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capture: Option<bool>,
    /// `NORMAL` (the default) or `PREAPPROVED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pay_type: Option<PayType>,
}

/// The payment page's language and browser check: `options.display`.
///
/// ```
/// use linepay_core::api::v3::{DisplayOptions, Locale};
///
/// let display = DisplayOptions { locale: Some(Locale::Th), check_confirm_url_browser: Some(true) };
/// assert_eq!(serde_json::to_string(&display)?, r#"{"locale":"th","checkConfirmUrlBrowser":true}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DisplayOptions {
    /// The payment page's language (`en` by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
    /// `true`: LINE Pay checks that the browser that requested the payment opens
    /// `confirmUrl` (default `false`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_confirm_url_browser: Option<bool>,
}

/// Shipping, the legacy "Checkout" feature: `options.shipping`.
///
/// Not in LINE Pay's current v3 field tables; older documentation and SDKs describe it.
/// When `fee_amount` is set, the request's `amount` may include it (legacy rule) or not
/// (current rule); both are accepted.
///
/// ```
/// use linepay_core::Amount;
/// use linepay_core::api::v3::{ShippingOptions, ShippingType};
///
/// let shipping = ShippingOptions {
///     fee_amount: Some(Amount::whole(60)),
///     ..ShippingOptions::new(ShippingType::FixedAddress)
/// };
/// assert_eq!(serde_json::to_string(&shipping)?, r#"{"type":"FIXED_ADDRESS","feeAmount":60}"#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShippingOptions {
    /// `NO_SHIPPING`, `FIXED_ADDRESS` or `SHIPPING` (wire name `type`).
    pub r#type: ShippingType,
    /// The shipping fee.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_amount: Option<Amount>,
    /// The merchant URL LINE Pay asks for shipping methods and fees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_inquiry_url: Option<String>,
    /// `CONDITION` or `FIXED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_inquiry_type: Option<FeeInquiryType>,
    /// Where to ship (`FIXED_ADDRESS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<ShippingAddress>,
}

impl ShippingOptions {
    /// Shipping of the given type, nothing else set.
    ///
    /// ```
    /// use linepay_core::api::v3::{ShippingOptions, ShippingType};
    ///
    /// let shipping = ShippingOptions::new(ShippingType::NoShipping);
    /// assert_eq!(serde_json::to_string(&shipping)?, r#"{"type":"NO_SHIPPING"}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(r#type: ShippingType) -> Self {
        Self {
            r#type,
            fee_amount: None,
            fee_inquiry_url: None,
            fee_inquiry_type: None,
            address: None,
        }
    }
}

/// Offer the customer to befriend the merchant's LINE official account (v3 only):
/// `options.familyService`.
///
/// ```
/// use linepay_core::api::v3::{AddFriend, FamilyService};
///
/// let family = FamilyService { add_friends: vec![AddFriend::line_at(["@shop"])] };
/// assert_eq!(
///     serde_json::to_string(&family)?,
///     r#"{"addFriends":[{"type":"lineAt","idList":["@shop"]}]}"#,
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FamilyService {
    /// The accounts to offer; left out when empty.
    #[serde(
        default,
        deserialize_with = "crate::lenient::null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub add_friends: Vec<AddFriend>,
}

/// Accounts of one kind to offer as friends: an element of
/// `options.familyService.addFriends`.
///
/// The list is `idList` on the wire (some SDKs wrongly send `ids`).
///
/// ```
/// use linepay_core::api::v3::{AddFriend, FriendType};
///
/// let friends = AddFriend { r#type: FriendType::LineAt, id_list: vec!["@shop".to_owned()] };
/// assert_eq!(friends, AddFriend::line_at(["@shop"]));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddFriend {
    /// The kind of account: `lineAt` (wire name `type`).
    pub r#type: FriendType,
    /// The account ids.
    #[serde(default, deserialize_with = "crate::lenient::null_as_default")]
    pub id_list: Vec<String>,
}

impl AddFriend {
    /// LINE official accounts (`type: "lineAt"`) with the given ids.
    ///
    /// ```
    /// use linepay_core::api::v3::AddFriend;
    ///
    /// let friends = AddFriend::line_at(["@shop", "@shop-tw"]);
    /// assert_eq!(friends.id_list, ["@shop", "@shop-tw"]);
    /// ```
    pub fn line_at<I, S>(ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            r#type: FriendType::LineAt,
            id_list: ids.into_iter().map(Into::into).collect(),
        }
    }
}

/// What Request returns: the payment's id and where the customer pays.
///
/// ```
/// use linepay_core::api::v3::RequestInfo;
///
/// let info: RequestInfo = serde_json::from_str(
///     r#"{"transactionId":"2019049910005496810","paymentAccessToken":"187568751124",
///         "paymentUrl":{"web":"https://sandbox-web-pay.line.me/web/payment/wait?transactionReserveId=abc"}}"#,
/// )?;
/// assert_eq!(info.transaction_id.get(), 2019049910005496810);
/// assert_eq!(info.payment_url.app, None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RequestInfo {
    /// The payment's id (19 digits): keep it with the order; Confirm needs it.
    pub transaction_id: TransactionId,
    /// A 12-digit code the customer can type in the LINE app instead of scanning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_access_token: Option<String>,
    /// Where the customer pays.
    pub payment_url: PaymentUrl,
}

impl RequestInfo {
    /// A Request answer: the payment's id and where the customer pays (for a server or mock
    /// that builds answers); `payment_access_token` starts empty.
    ///
    /// ```
    /// use linepay_core::TransactionId;
    /// use linepay_core::api::v3::{PaymentUrl, RequestInfo};
    ///
    /// let mut info = RequestInfo::new(
    ///     TransactionId::new(2019049910005496810),
    ///     PaymentUrl::new("https://sandbox-web-pay.line.me/web/payment/wait?transactionReserveId=abc"),
    /// );
    /// info.payment_access_token = Some("187568751124".to_owned());
    /// assert_eq!(
    ///     serde_json::to_string(&info)?,
    ///     r#"{"transactionId":2019049910005496810,"paymentAccessToken":"187568751124","paymentUrl":{"web":"https://sandbox-web-pay.line.me/web/payment/wait?transactionReserveId=abc"}}"#,
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(transaction_id: TransactionId, payment_url: PaymentUrl) -> Self {
        Self {
            transaction_id,
            payment_access_token: None,
            payment_url,
        }
    }
}

/// Where the customer pays: `paymentUrl`.
///
/// ```
/// use linepay_core::api::v3::PaymentUrl;
///
/// let url: PaymentUrl = serde_json::from_str(r#"{"web":"https://web-pay.line.me/x","app":"line://pay/payment/x"}"#)?;
/// assert_eq!(url.app.as_deref(), Some("line://pay/payment/x"));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PaymentUrl {
    /// The payment page for a browser (a 700×546 pop-up fits it).
    pub web: String,
    /// The `line://` URL that opens the LINE app (cannot be tested in the sandbox).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app: Option<String>,
}

impl PaymentUrl {
    /// A payment URL for a browser; `app` starts empty.
    ///
    /// ```
    /// use linepay_core::api::v3::PaymentUrl;
    ///
    /// let mut url = PaymentUrl::new("http://127.0.0.1:8787/web/payment/2019049910005496810");
    /// url.app = Some("line://pay/payment/abc".to_owned());
    /// assert_eq!(
    ///     serde_json::to_string(&url)?,
    ///     r#"{"web":"http://127.0.0.1:8787/web/payment/2019049910005496810","app":"line://pay/payment/abc"}"#,
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(web: impl Into<String>) -> Self {
        Self {
            web: web.into(),
            app: None,
        }
    }
}

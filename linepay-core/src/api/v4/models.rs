//! What v4 adds to its answers: [`PaymentProvider`], carried by [`WithPaymentProvider`]
//! around the v3 answer. The models v4 shares with v3 are v3's, re-exported.

use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Serialize};

use crate::types::wire_enum;

pub use crate::api::v3::models::{
    AffiliateCard, MerchantReference, PayInfo, PayMethod, PayStatus, Product, PromotionEvent,
    Recipient, ShippingAddress, ShippingInfo, TransactionType,
};

wire_enum! {
    /// Who settled a payment: `paymentProvider` in the v4 answers of Confirm, Capture, Payment
    /// Details and Pay Preapproved.
    ///
    /// LINE Pay introduced v4 to tell merchants this; v3 answers never carry it. A `null` or
    /// missing value means TSP (LINE Pay's default, also [`PaymentProvider::default`]). A
    /// value this version does not know is kept in `Other` and written back unchanged.
    ///
    /// ```
    /// use linepay_core::api::v4::PaymentProvider;
    ///
    /// assert_eq!(PaymentProvider::from_wire("EPI"), PaymentProvider::Epi);
    /// assert_eq!(serde_json::to_string(&PaymentProvider::Tsp)?, r#""TSP""#);
    /// let new: PaymentProvider = serde_json::from_str(r#""BANK""#)?;
    /// assert_eq!(new, PaymentProvider::Other("BANK".to_owned()));
    /// assert_eq!(serde_json::to_string(&new)?, r#""BANK""#);
    /// assert_eq!(PaymentProvider::default(), PaymentProvider::Tsp);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub enum PaymentProvider {
        /// `TSP`: a third-party service provider settled the payment (the default).
        Tsp = "TSP",
        /// `EPI`: an electronic payment institution settled the payment.
        Epi = "EPI",
    }
}

impl Default for PaymentProvider {
    /// [`PaymentProvider::Tsp`], what LINE Pay means by a `null` or missing value.
    fn default() -> Self {
        Self::Tsp
    }
}

/// A v3 answer plus v4's `paymentProvider`: the shape of every v4 answer that differs from
/// v3's ([`ConfirmInfo`](crate::api::v4::ConfirmInfo),
/// [`CaptureInfo`](crate::api::v4::CaptureInfo),
/// [`PaymentDetail`](crate::api::v4::PaymentDetail),
/// [`PayPreapprovedInfo`](crate::api::v4::PayPreapprovedInfo)).
///
/// On the wire the two are one JSON object: `info` holds every member but `paymentProvider`
/// (serde's `flatten`), and unknown members are ignored as in v3. It dereferences to `info`,
/// so v3's field names read as they do in v3 (`confirmed.transaction_id`).
///
/// ```
/// use linepay_core::api::v3;
/// use linepay_core::api::v4::{ConfirmInfo, PaymentProvider, WithPaymentProvider};
/// use linepay_core::{OrderId, TransactionId};
///
/// let info: ConfirmInfo = serde_json::from_str(
///     r#"{"orderId":"O1","transactionId":2019049910005496810,"payInfo":[],"paymentProvider":"EPI"}"#,
/// )?;
/// assert_eq!(info.transaction_id.get(), 2019049910005496810); // through Deref
/// assert_eq!(info.payment_provider, Some(PaymentProvider::Epi));
///
/// // Built by a server or a mock: the v3 answer and the provider, written as one object.
/// let built = WithPaymentProvider::new(
///     v3::CaptureInfo::new(TransactionId::new(2019049910005496810), OrderId::new("O1")?),
///     Some(PaymentProvider::Tsp),
/// );
/// assert_eq!(
///     serde_json::to_string(&built)?,
///     r#"{"transactionId":2019049910005496810,"orderId":"O1","payInfo":[],"paymentProvider":"TSP"}"#,
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct WithPaymentProvider<T> {
    /// The answer as v3 has it: every member but `paymentProvider`.
    #[serde(flatten)]
    pub info: T,
    /// `paymentProvider` as received: `None` when LINE Pay sends `null` or leaves it out,
    /// which means TSP ([`provider`](Self::provider) reads it that way).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_provider: Option<PaymentProvider>,
}

impl<T> WithPaymentProvider<T> {
    /// A v4 answer from the v3 answer and the provider (`None` leaves `paymentProvider`
    /// out).
    ///
    /// ```
    /// use linepay_core::api::{v3, v4};
    /// use linepay_core::TransactionId;
    ///
    /// let detail = v4::WithPaymentProvider::new(v3::PaymentDetail::new(TransactionId::new(1)), None);
    /// assert_eq!(serde_json::to_string(&detail)?, r#"{"transactionId":1,"payInfo":[]}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn new(info: T, payment_provider: Option<PaymentProvider>) -> Self {
        Self {
            info,
            payment_provider,
        }
    }

    /// Who settled the payment, reading a `null` or missing `paymentProvider` as TSP, as
    /// LINE Pay defines it.
    ///
    /// ```
    /// use linepay_core::api::v4::{PaymentDetail, PaymentProvider};
    ///
    /// let missing: PaymentDetail = serde_json::from_str(r#"{"transactionId":1}"#)?;
    /// assert_eq!(missing.payment_provider, None);
    /// assert_eq!(missing.provider(), &PaymentProvider::Tsp);
    /// let epi: PaymentDetail = serde_json::from_str(r#"{"transactionId":1,"paymentProvider":"EPI"}"#)?;
    /// assert_eq!(epi.provider(), &PaymentProvider::Epi);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn provider(&self) -> &PaymentProvider {
        self.payment_provider
            .as_ref()
            .unwrap_or(&PaymentProvider::Tsp)
    }

    /// The v3 answer, without the provider.
    ///
    /// ```
    /// use linepay_core::api::v4::CaptureInfo;
    ///
    /// let capture: CaptureInfo = serde_json::from_str(
    ///     r#"{"transactionId":1,"orderId":"O1","payInfo":[],"paymentProvider":"TSP"}"#,
    /// )?;
    /// let v3_info: linepay_core::api::v3::CaptureInfo = capture.into_inner();
    /// assert_eq!(v3_info.order_id.as_str(), "O1");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn into_inner(self) -> T {
        self.info
    }
}

impl<T> Deref for WithPaymentProvider<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.info
    }
}

impl<T> DerefMut for WithPaymentProvider<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.info
    }
}

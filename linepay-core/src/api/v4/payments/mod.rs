//! Payments (v4): only the Request body ([`RequestPayment`] and its parts) differs from v3.
//! The other endpoints are v3's declarations, which list a `/v4/` path too, re-exported here;
//! their answers carry `paymentProvider` under v4.

mod request;

pub use request::*;

pub use crate::api::v3::payments::{
    CaptureInfo, CapturePayment, CheckPaymentStatus, ConfirmInfo, ConfirmPayment, ConfirmUrlType,
    DetailFields, DisplayOptions, ExtraOptions, Locale, MAX_PAYMENT_DETAILS_IDS, PayType,
    PaymentDetail, PaymentDetails, PaymentOptions, PaymentStatus, PaymentUrl, PromotionRestriction,
    RedirectUrls, RefundEntry, RefundInfo, RefundPayment, RequestInfo, VoidPayment,
};

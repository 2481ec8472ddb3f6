//! The models of v4: v3's, re-exported (v4 answers carry `paymentProvider`, an `Option` of
//! the shared types).

pub use crate::api::v3::models::{
    AffiliateCard, MerchantReference, PayInfo, PayMethod, PayStatus, PaymentProvider, Product,
    PromotionEvent, Recipient, ShippingAddress, ShippingInfo, TransactionType,
};

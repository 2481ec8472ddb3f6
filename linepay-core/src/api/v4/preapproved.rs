//! Pre-approved payments (v4): v3's declarations, which list a `/v4/` path too.
//!
//! The flow, the dead-key codes and the advice are v3's
//! ([`api::v3::preapproved`](crate::api::v3::preapproved)). In v4 the regKey comes from a
//! v4 Request with `payType` PREAPPROVED, optionally with the schedule shown to the
//! customer ([`RegPayRequest`](crate::api::v4::RegPayRequest)), and Pay Preapproved's
//! answer carries `paymentProvider`.

pub use crate::api::v3::preapproved::{
    CheckRegKey, ExpireRegKey, PayPreapproved, PayPreapprovedInfo,
};

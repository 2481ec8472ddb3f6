//! The LINE Pay APIs, one module per version, one file per resource.
//!
//! - [`v3`]: the Online API v3, every endpoint and model.
//! - [`v4`]: the Online API v4, which is v3 under `/v4/` with a few fields changed: v3's
//!   declarations list their v4 paths too, and only Request, whose body differs, is declared
//!   again. Its module documentation has the table of differences.
//! - [`offline`]: the Offline API v4, where a shop's terminal charges the customer's My Code;
//!   its endpoints exist only under `/v4/`.
//! - [`for_each_endpoint!`](crate::for_each_endpoint): every declaration, listed once, for
//!   code that must handle each (fuzzing, properties, a server's routes).
//!
//! ```
//! use linepay_core::Endpoint;
//! use linepay_core::api::{v3, v4};
//!
//! assert_eq!(v3::RequestPayment::PATH, "/v3/payments/request");
//! assert_eq!(v4::RequestPayment::PATH, "/v4/payments/request");
//! ```

pub mod offline;
mod rules;
pub mod v3;
pub mod v4;

/// Calls `check::<E>(args…)` for every endpoint declared here, the one list of them (v3's,
/// which also carry their v4 paths, v4's own Request, and the Offline API's). With a
/// trailing `?`, each call's error returns early.
///
/// ```
/// use linepay_core::{Endpoint, for_each_endpoint};
///
/// fn collect<E: Endpoint>(templates: &mut Vec<&'static str>) {
///     templates.extend(E::PATHS.templates());
/// }
///
/// let mut templates = Vec::new();
/// for_each_endpoint!(collect(&mut templates));
/// assert_eq!(templates.len(), 26); // ten online endpoints in v3 and v4, six offline in v4
/// assert!(templates.contains(&"/v4/payments/request"));
/// ```
#[macro_export]
macro_rules! for_each_endpoint {
    ($check:ident ( $($arg:expr),* $(,)? ) $($question:tt)?) => {{
        $check::<$crate::api::v3::RequestPayment>($($arg),*)$($question)?;
        $check::<$crate::api::v4::RequestPayment>($($arg),*)$($question)?;
        $check::<$crate::api::v3::ConfirmPayment>($($arg),*)$($question)?;
        $check::<$crate::api::v3::CapturePayment>($($arg),*)$($question)?;
        $check::<$crate::api::v3::VoidPayment>($($arg),*)$($question)?;
        $check::<$crate::api::v3::RefundPayment>($($arg),*)$($question)?;
        $check::<$crate::api::v3::PaymentDetails>($($arg),*)$($question)?;
        $check::<$crate::api::v3::CheckPaymentStatus>($($arg),*)$($question)?;
        $check::<$crate::api::v3::CheckRegKey>($($arg),*)$($question)?;
        $check::<$crate::api::v3::PayPreapproved>($($arg),*)$($question)?;
        $check::<$crate::api::v3::ExpireRegKey>($($arg),*)$($question)?;
        $check::<$crate::api::offline::Pay>($($arg),*)$($question)?;
        $check::<$crate::api::offline::CheckOrder>($($arg),*)$($question)?;
        $check::<$crate::api::offline::Authorizations>($($arg),*)$($question)?;
        $check::<$crate::api::offline::CaptureOrder>($($arg),*)$($question)?;
        $check::<$crate::api::offline::VoidOrder>($($arg),*)$($question)?;
        $check::<$crate::api::offline::RefundOrder>($($arg),*)$($question)?;
    }};
}

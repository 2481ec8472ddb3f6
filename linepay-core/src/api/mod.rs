//! The LINE Pay APIs, one module per version, one file per resource.
//!
//! - [`v3`]: the Online API v3, every endpoint and model.
//! - [`v4`]: the Online API v4, which is v3 under `/v4/` with a few fields changed: v3's
//!   declarations list their v4 paths too, and only Request, whose body differs, is declared
//!   again. Its module documentation has the table of differences.
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

mod rules;
pub mod v3;
pub mod v4;

/// Calls `check::<E>(args…)` for every endpoint declared here, the one list of them (v3's,
/// which also carry their v4 paths, and v4's own Request). With a trailing `?`, each call's
/// error returns early.
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
/// assert_eq!(templates.len(), 20); // ten endpoints, each in v3 and v4
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
    }};
}

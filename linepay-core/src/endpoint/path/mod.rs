//! Path templates: `/v3/payments/<transactionId>/confirm`.
//!
//! A placeholder fills a whole segment. The client writes parameters percent-encoded (see
//! [`push_param`]); a server (feature `server`) matches a received path against the template
//! with `PathMatch::new` and reads the parameters back.

use percent_encoding::utf8_percent_encode;

use crate::endpoint::params::ParamValue;
use crate::endpoint::query::ENCODE_SET;

#[cfg(feature = "server")]
mod matching;

#[cfg(feature = "server")]
pub use matching::PathMatch;

/// Appends one path parameter, percent-encoded so that it stays one segment.
///
/// ```
/// use linepay_core::endpoint::path::push_param;
///
/// let mut path = String::from("/v3/payments/preapprovedPay/");
/// push_param(&mut path, &"RK/../X".to_owned());
/// assert_eq!(path, "/v3/payments/preapprovedPay/RK%2F..%2FX");
/// ```
pub fn push_param<T: ParamValue>(out: &mut String, value: &T) {
    value.with_text(|text| out.extend(utf8_percent_encode(text, ENCODE_SET)));
}

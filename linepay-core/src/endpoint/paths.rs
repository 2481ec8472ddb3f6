//! Which API versions an endpoint exists in, and its path template in each.
//!
//! One declaration serves every version (as ruma's endpoint metadata does): the attribute
//! lists a template per version, `path(v3 = "/v3/…", v4 = "/v4/…")`, and the client's
//! [`ApiVersion`] picks one. Nothing rewrites a path. A single `path = "…"` is that path for
//! every version. A leaf module: it depends on nothing of the crate.

use std::fmt;

/// The version of LINE Pay's Online API a client speaks: `/v3/…` (the default) or `/v4/…`.
///
/// Each endpoint declares the versions it exists in ([`Paths`]); a client sends the path of
/// its version and refuses, before anything is sent, an endpoint or a field its version does
/// not have.
///
/// ```
/// use linepay_core::{ApiVersion, Client, Credentials, api::v3::ConfirmPayment, Amount, Currency, TransactionId};
///
/// let client: Client = Client::builder(Credentials::new("1234567890", "secret")?)
///     .api_version(ApiVersion::V4)
///     .build();
/// let confirm = ConfirmPayment {
///     transaction_id: TransactionId::new(1),
///     amount: Amount::whole(100),
///     currency: Currency::Twd,
/// };
/// assert_eq!(client.prepare(&confirm)?.uri().path(), "/v4/payments/1/confirm");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ApiVersion {
    /// `/v3/`.
    #[default]
    V3,
    /// `/v4/`.
    V4,
}

impl ApiVersion {
    /// The path segment: `v3` or `v4`.
    pub fn segment(self) -> &'static str {
        match self {
            ApiVersion::V3 => "v3",
            ApiVersion::V4 => "v4",
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.segment())
    }
}

/// An endpoint's path templates: one for every version, or one per version it exists in.
///
/// ```
/// use linepay_core::{ApiVersion, Endpoint, Paths};
/// use linepay_core::api::{v3, v4};
///
/// assert_eq!(
///     v3::ConfirmPayment::PATHS.get(ApiVersion::V4),
///     Some("/v4/payments/<transactionId>/confirm")
/// );
/// assert_eq!(v3::RequestPayment::PATHS.get(ApiVersion::V4), None); // v4 has its own Request
/// assert_eq!(v4::RequestPayment::PATHS.get(ApiVersion::V4), Some("/v4/payments/request"));
/// assert_eq!(Paths::Any("/v3/payments/x").get(ApiVersion::V4), Some("/v3/payments/x"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paths {
    /// The same path whatever the client's version: `path = "…"`.
    Any(&'static str),
    /// A template per version, in the order declared: `path(v3 = "…", v4 = "…")`.
    Versions(&'static [(ApiVersion, &'static str)]),
}

impl Paths {
    /// The template a client of `version` sends, or `None` when the endpoint does not exist in
    /// that version.
    pub fn get(&self, version: ApiVersion) -> Option<&'static str> {
        match self {
            Paths::Any(template) => Some(template),
            Paths::Versions(versions) => versions
                .iter()
                .find(|(candidate, _)| *candidate == version)
                .map(|(_, template)| *template),
        }
    }

    /// Every template, in the order declared.
    pub fn templates(&self) -> impl Iterator<Item = &'static str> + '_ {
        let (any, versions) = self.parts();
        any.into_iter()
            .chain(versions.iter().map(|(_, template)| *template))
    }

    /// The versions listed (none for [`Paths::Any`], which is every version).
    pub fn versions(&self) -> impl Iterator<Item = ApiVersion> + '_ {
        self.parts().1.iter().map(|(version, _)| *version)
    }

    /// The one template of [`Paths::Any`], or the per-version list.
    fn parts(&self) -> (Option<&'static str>, &'static [(ApiVersion, &'static str)]) {
        match *self {
            Paths::Any(template) => (Some(template), &[]),
            Paths::Versions(versions) => (None, versions),
        }
    }
}

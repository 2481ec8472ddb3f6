//! The API versions a declaration may name: `v3` and `v4`, as in `path(v3 = "…", v4 = "…")`
//! and `#[linepay(versions(v4))]`.

use proc_macro2::TokenStream;
use quote::quote;

/// One of linepay-core's `ApiVersion`s.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Version {
    V3,
    V4,
}

/// What an error lists as the versions there are.
pub(crate) const KNOWN: &str = "`v3` or `v4`";

impl Version {
    /// The version named `ident`, if it is one.
    pub(crate) fn named(ident: &syn::Ident) -> Option<Self> {
        match ident.to_string().as_str() {
            "v3" => Some(Version::V3),
            "v4" => Some(Version::V4),
            _ => None,
        }
    }

    /// `__lp::ApiVersion::V3`.
    pub(crate) fn tokens(self) -> TokenStream {
        match self {
            Version::V3 => quote!(__lp::ApiVersion::V3),
            Version::V4 => quote!(__lp::ApiVersion::V4),
        }
    }
}

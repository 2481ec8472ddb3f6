//! `#[linepay_endpoint]`: one declaration per LINE Pay endpoint.
//!
//! The attribute reads a plain struct and a path template and implements `Endpoint` (path,
//! body or query, the signed bytes, response, read timeout, idempotence) and
//! `IncomingRequest` (the server-side decoding, with linepay-core's `server` feature) for it. This crate is its implementation
//! only: the generated code names `linepay_core`, so use the attribute through `linepay-core`
//! (`linepay_core::linepay_endpoint`, which documents every argument) or through the facade
//! `linepay` (`linepay::linepay_endpoint`).
//!
//! # Example
//!
//! ```rust
//! // Through linepay-core, as users write it (this crate's doctests depend on linepay-core
//! // by path only, so the published crate has no such cycle).
//! use linepay_core::{linepay_endpoint, ApiVersion, Endpoint, TransactionId};
//!
//! #[derive(serde::Deserialize)]
//! pub struct UserInfo {
//!     pub name: Option<String>,
//! }
//!
//! /// Read the customer behind a transaction.
//! #[linepay_endpoint(method = "GET", path = "/v3/payments/<transactionId>/userInfo", response = UserInfo)]
//! pub struct GetUserInfo {
//!     pub transaction_id: TransactionId, // fills <transactionId>; left out of the query
//! }
//!
//! let call = GetUserInfo { transaction_id: TransactionId::new(2019049910005496810) };
//! let mut path = String::new();
//! call.write_path(ApiVersion::V3, &mut path);
//! assert_eq!(path, "/v3/payments/2019049910005496810/userInfo");
//! assert!(GetUserInfo::IDEMPOTENT); // a GET
//! ```
//!
//! Every mistake in a declaration is one compile error pointing at the culprit (the trybuild
//! cases in the repository's `linepay-core/tests/ui/` pin each message).
//!
//! # Modules
//!
//! The pipeline follows serde_derive: parse, check while collecting every error, then write
//! the code. When the input is wrong the struct is still emitted with stand-in impls (as
//! thiserror does), so the user sees the one real error and not fifty about a missing type
//! or a missing `Endpoint` impl wherever the struct is used.
//!
//! | Module | Job |
//! |---|---|
//! | `args` | the attribute's arguments: `method`, `path`, `response`, `read_timeout`, `resend_on`, `validate`, `info`, `decode_with`, `crate` |
//! | `fields` | the struct's fields and their `#[linepay(...)]` attributes |
//! | `template` | the path template: `/v3/payments/<transactionId>/confirm` |
//! | `model` | the checked endpoint: placeholders bound to fields |
//! | `errors` | collects every error of one declaration (`syn::Error::combine`) |
//! | `expand` | writes the `Endpoint` and `IncomingRequest` impls (expansion snapshots in `expand/snapshots/`) |
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use proc_macro::TokenStream;

mod args;
mod errors;
mod expand;
mod fields;
mod model;
mod template;
mod version;

/// Declares a LINE Pay endpoint. See `linepay_core::linepay_endpoint` for the documentation.
#[proc_macro_attribute]
pub fn linepay_endpoint(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::endpoint(attr.into(), item.into(), expand::DefaultCrate::Core).into()
}

/// The same attribute with paths that resolve through the facade crate `linepay`.
#[doc(hidden)]
#[proc_macro_attribute]
pub fn linepay_endpoint_via_facade(attr: TokenStream, item: TokenStream) -> TokenStream {
    expand::endpoint(attr.into(), item.into(), expand::DefaultCrate::Facade).into()
}

//! `#[linepay_endpoint]`: one declaration per LINE Pay endpoint.
//!
//! The attribute reads a plain struct and a path template and implements `Endpoint` (path,
//! body or query, response, timeout, idempotence) and `IncomingRequest` (the server-side
//! decoding) for it. Use it through `linepay` or `linepay-core`, which document it with
//! examples; this crate is its implementation.
//!
//! The pipeline follows serde_derive: `args` and `fields` parse, `template` checks the
//! path, `model` binds placeholders to fields while collecting every error in a
//! `errors::Errors`, and `expand` writes the code. When the input is wrong the struct is
//! still emitted (as thiserror does), so the user sees the one real error.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use proc_macro::TokenStream;

mod args;
mod errors;
mod expand;
mod fields;
mod model;
mod template;

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

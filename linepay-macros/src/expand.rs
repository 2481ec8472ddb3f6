//! Code generation: `Endpoint` and `IncomingRequest` for a checked [`Model`].
//!
//! The generated code is thin: it calls the runtime helpers of linepay-core's private module
//! (`__private_v0_1_0`, see [`private_module`]), so declaring many endpoints stays cheap to
//! compile. Its one macro call, `server_side!`, keeps or drops the `IncomingRequest` impl
//! by linepay-core's `server` feature, which a `cfg` in generated code could not see.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput};

use crate::args::{Args, Method};
use crate::errors::Errors;
use crate::fields::{Field, is_ours};
use crate::model::Model;
use crate::template::{Piece, Template};

/// Which crate generated paths start from when the user does not say `crate = "..."`.
#[derive(Clone, Copy)]
pub(crate) enum DefaultCrate {
    /// `::linepay_core`: the attribute as exported by linepay-core.
    Core,
    /// `::linepay`: the attribute as exported by the facade.
    Facade,
}

/// Expands one `#[linepay_endpoint(...)]` on `item`.
pub(crate) fn endpoint(attr: TokenStream, item: TokenStream, default: DefaultCrate) -> TokenStream {
    let mut input: DeriveInput = match syn::parse2(item) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let mut errors = Errors::default();
    let args = Args::parse(attr, &mut errors);
    let krate = args.krate.clone().map_or_else(
        || match default {
            DefaultCrate::Core => quote!(::linepay_core),
            DefaultCrate::Facade => quote!(::linepay),
        },
        |path| quote!(#path),
    );
    let response = args.response.clone();
    let model = Model::build(args, &input, &mut errors);
    strip_our_attributes(&mut input);
    match (model, errors.finish()) {
        (Some(model), Ok(())) => {
            let impls = implement(&model, &krate);
            quote! {
                #input
                #impls
            }
        }
        // Still emit the struct and a stand-in of each impl, so the user sees the real error
        // and nothing that follows from a missing type or a missing impl where it is used.
        (_, result) => {
            let error = result.err().map(|e| e.to_compile_error());
            let fallback = fallback(&input, response.as_ref(), &krate);
            quote! {
                #input
                #fallback
                #error
            }
        }
    }
}

/// The impls of a declaration that has errors, as thiserror does: every `client.send(&x)`
/// and `X::decode_request` still type-checks, so the declaration's error is the only one.
/// None of it can run: the crate does not compile.
fn fallback(input: &DeriveInput, response: Option<&syn::Type>, krate: &TokenStream) -> TokenStream {
    let name = &input.ident;
    let (impl_generics, type_generics, where_clause) = input.generics.split_for_impl();
    let response = response.map_or_else(|| quote!(()), |response| quote!(#response));
    let private = private_module();
    quote! {
        const _: () = {
            use #krate::#private as __lp;

            #[automatically_derived]
            impl #impl_generics __lp::Endpoint for #name #type_generics #where_clause {
                const METHOD: __lp::Method = __lp::Method::GET;
                const PATH: &'static str = "";
                const READ_TIMEOUT: __lp::Duration = __lp::Duration::from_secs(0);
                const IDEMPOTENT: bool = false;

                type Response = #response;

                fn write_path(&self, _: __lp::ApiVersion, _: &mut __lp::String) {
                    ::core::unreachable!()
                }

                fn write_payload(
                    &self,
                    _: &mut __lp::Vec<u8>,
                ) -> __lp::Result<__lp::PayloadKind, __lp::InvalidField> {
                    ::core::unreachable!()
                }

                fn decode_response(
                    _: __lp::EnvelopeRef<'_>,
                ) -> __lp::Result<Self::Response, __lp::Error> {
                    ::core::unreachable!()
                }
            }

            __lp::server_side! {
                #[automatically_derived]
                impl #impl_generics __lp::IncomingRequest for #name #type_generics #where_clause {
                    fn decode_request(
                        _: &str,
                        _: &[u8],
                    ) -> __lp::Result<Self, __lp::RequestDecodeError> {
                        ::core::unreachable!()
                    }
                }
            }
        };
    }
}

/// linepay-core's module of helpers for generated code, named after this crate's version
/// (`__private_v0_1_0`): linepay-core pins this crate exactly and names the module the same,
/// so a mismatched pair fails with one clear "no `__private_v…` in `linepay_core`" instead
/// of errors inside generated code.
fn private_module() -> syn::Ident {
    let version = env!("CARGO_PKG_VERSION").replace(['.', '-', '+'], "_");
    quote::format_ident!("__private_v{version}")
}

/// Removes the `#[linepay(...)]` field attributes, which only this macro understands.
///
/// Every shape is stripped, the rejected ones too (tuple structs, enums, unions): the item is
/// emitted even when it is wrong, and a `#[linepay(path)]` left on it would add "cannot find
/// attribute `linepay`" to the one real error.
fn strip_our_attributes(input: &mut DeriveInput) {
    let fields: Vec<&mut syn::Field> = match &mut input.data {
        Data::Struct(data) => data.fields.iter_mut().collect(),
        Data::Enum(data) => data
            .variants
            .iter_mut()
            .flat_map(|variant| variant.fields.iter_mut())
            .collect(),
        Data::Union(data) => data.fields.named.iter_mut().collect(),
    };
    for field in fields {
        field.attrs.retain(|attr| !is_ours(attr));
    }
}

fn implement(model: &Model, krate: &TokenStream) -> TokenStream {
    let name = &model.name;
    let method = match model.method {
        Method::Get => quote!(__lp::Method::GET),
        Method::Post => quote!(__lp::Method::POST),
    };
    let template = &model.template.literal;
    let paths = paths(model);
    let check_version = check_version(model);
    let timeout = model.read_timeout;
    let idempotent = model.method == Method::Get;
    let resend_on = (!model.resend_on.is_empty()).then(|| {
        let codes = &model.resend_on;
        quote!(const RESEND_ON: &'static [&'static str] = &[#(#codes),*];)
    });
    let response = &model.response;
    let write_path = write_path(model);
    let validate = model.validate.as_ref().map(|validate| {
        quote_spanned! {validate.span()=>
            fn validate(&self) -> __lp::Result<(), __lp::InvalidField> {
                #validate(self)
            }
        }
    });
    let payload = payload(model);
    // `info` is read as `info = T` when given (then converted with `From`), else as the
    // response itself.
    let (info, into_response) = match &model.info {
        Some(info) => (info, Some(quote!(.map(::core::convert::From::from)))),
        None => (response, None),
    };
    let decode_response = match &model.decode_with {
        Some(decode) => quote_spanned!(decode.span()=> #decode(__lp::envelope_arg(envelope))),
        None => quote_spanned! {info.span()=>
            (__lp::info_codec::<#info>().from_envelope)(envelope) #into_response
        },
    };
    // With no `decode_with`, `info` is decoded in one pass (see
    // `linepay_core::envelope::one_pass`).
    let decode_body = model.decode_with.is_none().then(|| {
        quote_spanned! {info.span()=>
            fn decode_body(body: &[u8]) -> __lp::Result<Self::Response, __lp::Error> {
                (__lp::info_codec::<#info>().from_body)(body) #into_response
            }
        }
    });
    let decode_request = decode_request(model);
    let trace_ids = trace_ids(model);
    let private = private_module();
    quote! {
        const _: () = {
            use #krate::#private as __lp;

            #[automatically_derived]
            impl __lp::Endpoint for #name {
                const METHOD: __lp::Method = #method;
                const PATH: &'static str = #template;
                const PATHS: __lp::Paths = #paths;
                const READ_TIMEOUT: __lp::Duration = __lp::Duration::from_secs(#timeout);
                const IDEMPOTENT: bool = #idempotent;
                #resend_on

                type Response = #response;

                fn write_path(&self, version: __lp::ApiVersion, out: &mut __lp::String) {
                    #write_path
                }

                #check_version

                #validate

                fn write_payload(
                    &self,
                    out: &mut __lp::Vec<u8>,
                ) -> __lp::Result<__lp::PayloadKind, __lp::InvalidField> {
                    #payload
                }

                fn decode_response(
                    envelope: __lp::EnvelopeRef<'_>,
                ) -> __lp::Result<Self::Response, __lp::Error> {
                    #decode_response
                }

                #decode_body

                #trace_ids
            }

            // Kept with linepay-core's `server` feature, dropped without it.
            __lp::server_side! {
                #[automatically_derived]
                impl __lp::IncomingRequest for #name {
                    fn decode_request(
                        path: &str,
                        payload: &[u8],
                    ) -> __lp::Result<Self, __lp::RequestDecodeError> {
                        #decode_request
                    }
                }
            }
        };
    }
}

/// `Endpoint::trace_ids` from the fields named `order_id` and `transaction_id`, when there are
/// any (otherwise the trait's default, no ids, stays).
///
/// The field's type is not known here: `TraceProbe` looks at it, and a field of a type that
/// holds no `OrderId` / `TransactionId` (a `String` order id) gives no ids instead of an error.
fn trace_ids(model: &Model) -> Option<TokenStream> {
    let fields = || model.path_fields.iter().chain(&model.data_fields);
    let named = |name: &str| fields().find(|field| syn::ext::IdentExt::unraw(&field.ident) == name);
    let order_id = named("order_id").map(|field| {
        let ident = &field.ident;
        quote! {
            .with_order_ids(
                (&__lp::TraceProbe::order_id(&self.#ident)).trace_slice(),
            )
        }
    });
    let transaction_id = named("transaction_id").map(|field| {
        let ident = &field.ident;
        quote! {
            .with_transaction_ids(
                (&__lp::TraceProbe::transaction_id(&self.#ident)).trace_slice(),
            )
        }
    });
    if order_id.is_none() && transaction_id.is_none() {
        return None;
    }
    Some(quote! {
        fn trace_ids(&self) -> __lp::TraceIds<'_> {
            use __lp::{NoTraceSlice as _, TraceSlice as _};
            __lp::TraceIds::new() #order_id #transaction_id
        }
    })
}

/// `Endpoint::PATHS`: the one template, or each version's.
fn paths(model: &Model) -> TokenStream {
    if model.versions.is_empty() {
        let template = &model.template.literal;
        return quote!(__lp::Paths::Any(#template));
    }
    let entries = model.versions.iter().map(|(version, template)| {
        let (version, literal) = (version.tokens(), &template.literal);
        quote!((#version, #literal))
    });
    quote!(__lp::Paths::Versions(&[#(#entries),*]))
}

/// The path of the client's version (the first declared for any other): literal pieces
/// pushed as they are, parameters through `push_param` (percent-encoded).
fn write_path(model: &Model) -> TokenStream {
    let steps = |template: &Template| {
        let steps = template.pieces.iter().map(|piece| match piece {
            Piece::Literal(text) => quote!(out.push_str(#text);),
            Piece::Placeholder(name) => {
                let field = bound_field(model, name);
                quote!(__lp::push_param(out, &self.#field);)
            }
        });
        quote!(#(#steps)*)
    };
    let Some(((_, first), others)) = model.versions.split_first() else {
        let steps = steps(&model.template);
        return quote!(let _ = version; #steps);
    };
    let arms = others.iter().map(|(version, template)| {
        let (version, steps) = (version.tokens(), steps(template));
        quote!(#version => { #steps })
    });
    let first = steps(first);
    quote! {
        match version {
            #(#arms)*
            _ => { #first }
        }
    }
}

/// `Endpoint::check_version` for the fields declared `#[linepay(versions(…))]`: set on a
/// client of another version, the field is refused by its wire name.
fn check_version(model: &Model) -> Option<TokenStream> {
    let checks: Vec<TokenStream> = model
        .path_fields
        .iter()
        .chain(&model.data_fields)
        .filter(|field| !field.versions.is_empty())
        .map(|field| {
            let (ident, key) = (&field.ident, &field.wire_name);
            let versions = field.versions.iter().map(|version| version.tokens());
            quote! {
                if !::core::matches!(version, #(#versions)|*)
                    && __lp::VersionField::is_set(&self.#ident)
                {
                    return __lp::Result::Err(__lp::InvalidField::new(
                        #key,
                        __lp::Rule::NotInVersion { version },
                    ));
                }
            }
        })
        .collect();
    (!checks.is_empty()).then(|| {
        quote! {
            fn check_version(
                &self,
                version: __lp::ApiVersion,
            ) -> __lp::Result<(), __lp::InvalidField> {
                #(#checks)*
                __lp::Result::Ok(())
            }
        }
    })
}

fn bound_field<'a>(model: &'a Model, placeholder: &str) -> &'a syn::Ident {
    // `Model::build` bound every placeholder; a miss here would be a bug in this crate.
    let field = model
        .path_fields
        .iter()
        .find(|field| field.wire_name == placeholder);
    &field
        .unwrap_or_else(|| unreachable!("placeholder <{placeholder}> was bound"))
        .ident
}

/// The one encoding (validation is `Endpoint::validate`, run before it).
fn payload(model: &Model) -> TokenStream {
    match model.method {
        // A POST always carries a JSON object, `{}` when it has no fields (see
        // `linepay_core::__private_v…::empty_json_object`).
        Method::Post if model.data_fields.is_empty() => {
            quote!(__lp::Result::Ok(__lp::empty_json_object(out)))
        }
        Method::Get if model.data_fields.is_empty() => {
            quote!(__lp::Result::Ok(__lp::PayloadKind::Query))
        }
        Method::Post => json_body(model),
        Method::Get => query_string(model),
    }
}

/// A `Serialize` view of the body fields: camelCase names, `None` left out.
fn json_body(model: &Model) -> TokenStream {
    let name = &model.name;
    let type_name = name.to_string();
    let count = model.data_fields.len();
    let fields = model.data_fields.iter().map(|field| {
        let (ident, key) = (&field.ident, &field.wire_name);
        if field.is_option() {
            quote! {
                match &self.0.#ident {
                    ::core::option::Option::Some(value) => {
                        __lp::SerializeStruct::serialize_field(&mut state, #key, value)?
                    }
                    ::core::option::Option::None => {
                        __lp::SerializeStruct::skip_field(&mut state, #key)?
                    }
                }
            }
        } else {
            quote!(__lp::SerializeStruct::serialize_field(&mut state, #key, &self.0.#ident)?;)
        }
    });
    quote! {
        // Named so that it cannot shadow the user's struct (which may well be called `Body`).
        struct LinepayJsonBody<'a>(&'a #name);

        impl __lp::Serialize for LinepayJsonBody<'_> {
            fn serialize<S: __lp::Serializer>(
                &self,
                serializer: S,
            ) -> __lp::Result<S::Ok, S::Error> {
                let mut state = __lp::Serializer::serialize_struct(serializer, #type_name, #count)?;
                #(#fields)*
                __lp::SerializeStruct::end(state)
            }
        }

        __lp::json_payload(&LinepayJsonBody(self), out)
    }
}

/// Pairs in declaration order through the one encoder.
fn query_string(model: &Model) -> TokenStream {
    let pairs = model.data_fields.iter().map(|field| {
        let (ident, key) = (&field.ident, &field.wire_name);
        quote!(__lp::QueryField::write_query(&self.#ident, #key, &mut query);)
    });
    quote! {
        let mut query = __lp::QueryWriter::new(out);
        #(#pairs)*
        __lp::Result::Ok(__lp::PayloadKind::Query)
    }
}

/// The inverse of `write_path` + `payload`.
fn decode_request(model: &Model) -> TokenStream {
    let matched = quote!(__lp::PathMatch::in_paths(
        &<Self as __lp::Endpoint>::PATHS,
        path
    )?);
    let path_binding = if model.path_fields.is_empty() {
        quote!(let _ = #matched;)
    } else {
        quote!(let path = #matched;)
    };
    let path_values = model.path_fields.iter().map(|field| {
        let (ident, key) = (&field.ident, &field.wire_name);
        quote!(#ident: path.param(#key)?,)
    });
    let (data_binding, data_values): (TokenStream, Vec<TokenStream>) = match model.method {
        Method::Post => (
            if model.data_fields.is_empty() {
                quote!(let _ = __lp::JsonFields::parse(payload)?;)
            } else {
                quote!(let mut body = __lp::JsonFields::parse(payload)?;)
            },
            model.data_fields.iter().map(json_value).collect(),
        ),
        Method::Get => (
            if model.data_fields.is_empty() {
                quote!(let _ = payload;)
            } else {
                quote!(let query = __lp::QueryPairs::parse(payload)?;)
            },
            model
                .data_fields
                .iter()
                .map(|field| {
                    let (ident, key) = (&field.ident, &field.wire_name);
                    quote!(#ident: query.field(#key)?,)
                })
                .collect(),
        ),
    };
    let construct = if model.unit {
        quote!(Self)
    } else {
        quote!(Self { #(#path_values)* #(#data_values)* })
    };
    quote! {
        #path_binding
        #data_binding
        __lp::Result::Ok(#construct)
    }
}

fn json_value(field: &Field) -> TokenStream {
    let (ident, key) = (&field.ident, &field.wire_name);
    if field.is_option() {
        quote!(#ident: body.optional(#key)?,)
    } else {
        quote!(#ident: body.required(#key)?,)
    }
}

#[cfg(test)]
mod tests;

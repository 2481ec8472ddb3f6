//! The struct's fields and their `#[linepay(...)]` attributes.

use syn::{Attribute, Data, DeriveInput, Fields, LitStr};

use crate::errors::Errors;
use crate::version::{self, Version};

/// One field of the endpoint struct.
pub(crate) struct Field {
    pub(crate) ident: syn::Ident,
    /// The name on the wire: camelCase of the field name, or `rename`.
    pub(crate) wire_name: String,
    pub(crate) ty: syn::Type,
    /// Marked `#[linepay(path)]`: it must bind to a placeholder.
    pub(crate) marked_path: bool,
    /// `#[linepay(versions(v4))]`: the only versions that have the field; empty: every one.
    pub(crate) versions: Vec<Version>,
}

impl Field {
    /// Whether the type is written `Option<...>` (left out of a JSON body when `None`).
    pub(crate) fn is_option(&self) -> bool {
        let syn::Type::Path(path) = &self.ty else {
            return false;
        };
        path.qself.is_none()
            && path.path.segments.last().is_some_and(|last| {
                last.ident == "Option"
                    && matches!(last.arguments, syn::PathArguments::AngleBracketed(_))
            })
    }
}

/// The shape of the struct.
pub(crate) enum Shape {
    /// `struct Foo;`
    Unit,
    /// `struct Foo { ... }`
    Named(Vec<Field>),
}

/// Reads the struct's fields; reports enums, unions, tuple structs and generics.
pub(crate) fn read(input: &DeriveInput, errors: &mut Errors) -> Option<Shape> {
    if !input.generics.params.is_empty() {
        errors.at(
            &input.generics,
            "#[linepay_endpoint] does not support generic parameters; declare a concrete struct",
        );
        return None;
    }
    let data = match &input.data {
        Data::Struct(data) => data,
        Data::Enum(data) => {
            errors.at(
                data.enum_token,
                "#[linepay_endpoint] needs a struct with named fields, not an enum",
            );
            return None;
        }
        Data::Union(data) => {
            errors.at(
                data.union_token,
                "#[linepay_endpoint] needs a struct with named fields, not a union",
            );
            return None;
        }
    };
    match &data.fields {
        Fields::Unit => Some(Shape::Unit),
        Fields::Unnamed(fields) => {
            errors.at(
                fields,
                "#[linepay_endpoint] needs named fields: each field's name is its JSON member or query key",
            );
            None
        }
        Fields::Named(fields) => {
            let fields = fields
                .named
                .iter()
                .filter_map(|field| read_field(field, errors));
            Some(Shape::Named(fields.collect()))
        }
    }
}

fn read_field(field: &syn::Field, errors: &mut Errors) -> Option<Field> {
    let ident = field.ident.clone()?;
    let mut rename = None;
    let mut marked_path = false;
    let mut versions = Vec::new();
    for attr in field.attrs.iter().filter(|attr| is_ours(attr)) {
        let result = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("path") {
                marked_path = true;
                Ok(())
            } else if meta.path.is_ident("rename") {
                rename = Some(meta.value()?.parse::<LitStr>()?.value());
                Ok(())
            } else if meta.path.is_ident("versions") {
                meta.parse_nested_meta(|entry| {
                    match entry.path.get_ident().and_then(Version::named) {
                        Some(version) => versions.push(version),
                        None => {
                            return Err(entry.error(format!(
                                "unknown API version; expected {}",
                                version::KNOWN
                            )));
                        }
                    }
                    Ok(())
                })
            } else {
                Err(meta.error(
                    "unknown field option; expected `path`, `rename = \"...\"` or `versions(v4)`",
                ))
            }
        });
        if let Err(error) = result {
            errors.push(error);
        }
    }
    let wire_name =
        rename.unwrap_or_else(|| camel_case(&syn::ext::IdentExt::unraw(&ident).to_string()));
    Some(Field {
        ident,
        wire_name,
        ty: field.ty.clone(),
        marked_path,
        versions,
    })
}

/// Whether an attribute is `#[linepay(...)]`, which the macro consumes.
pub(crate) fn is_ours(attr: &Attribute) -> bool {
    attr.path().is_ident("linepay")
}

/// `transaction_id` → `transactionId`.
pub(crate) fn camel_case(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' && !out.is_empty() {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

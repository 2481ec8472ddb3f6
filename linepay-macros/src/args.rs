//! The attribute's arguments: `method = "POST", path = "...", response = T, read_timeout = 40`,
//! `resend_on = ["1900", "1902", "1999"]`.

use proc_macro2::{Span, TokenStream};
use syn::meta::ParseNestedMeta;
use syn::parse::Parser;
use syn::{LitInt, LitStr, Token};

use crate::errors::Errors;
use crate::version::{self, Version};

/// `path = "…"` (every version) or `path(v3 = "…", v4 = "…")` (the versions it exists in).
pub(crate) enum PathArg {
    Any(LitStr),
    Versions(Vec<(Version, LitStr)>),
}

/// The HTTP methods LINE Pay's APIs use.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
}

/// The parsed arguments; each `None` was absent or invalid (and then already reported).
#[derive(Default)]
pub(crate) struct Args {
    pub(crate) method: Option<Method>,
    pub(crate) path: Option<PathArg>,
    pub(crate) response: Option<syn::Type>,
    pub(crate) read_timeout: Option<u64>,
    pub(crate) krate: Option<syn::Path>,
    pub(crate) decode_with: Option<syn::Path>,
    /// What `info` is read as before it becomes the response (`From`).
    pub(crate) info: Option<syn::Type>,
    pub(crate) validate: Option<syn::Path>,
    /// The return codes on which the call may be re-sent, each checked to be 4 digits.
    pub(crate) resend_on: Option<Vec<LitStr>>,
}

/// LINE Pay's default read timeout, for endpoints that do not state one.
pub(crate) const DEFAULT_READ_TIMEOUT_SECS: u64 = 20;

const KNOWN: &str = "`method`, `path`, `response`, `read_timeout`, `resend_on`, `validate`, `info`, `decode_with` or `crate`";

impl Args {
    /// Parses the arguments, reporting unknown, duplicate, malformed and missing ones.
    pub(crate) fn parse(tokens: TokenStream, errors: &mut Errors) -> Self {
        let mut args = Args::default();
        let mut seen: Vec<String> = Vec::new();
        let parser = syn::meta::parser(|meta| {
            let name = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            if seen.contains(&name) {
                errors.at(&meta.path, format!("duplicate argument `{name}`"));
                return skip_value(&meta);
            }
            seen.push(name.clone());
            match name.as_str() {
                "method" => args.method = parse_method(&meta, errors)?,
                "path" => args.path = parse_path(&meta, errors)?,
                "response" => args.response = Some(meta.value()?.parse()?),
                "read_timeout" => args.read_timeout = parse_timeout(&meta, errors)?,
                "crate" => args.krate = Some(meta.value()?.parse::<LitStr>()?.parse()?),
                "decode_with" => args.decode_with = Some(meta.value()?.parse()?),
                "info" => args.info = Some(meta.value()?.parse()?),
                "validate" => args.validate = Some(meta.value()?.parse()?),
                "resend_on" => args.resend_on = parse_resend_on(&meta, errors)?,
                _ => {
                    errors.at(
                        &meta.path,
                        format!("unknown argument `{}`; expected {KNOWN}", path_text(&meta)),
                    );
                    return skip_value(&meta);
                }
            }
            Ok(())
        });
        if let Err(error) = parser.parse2(tokens) {
            errors.push(error);
            return args;
        }
        for (present, name, example) in [
            (
                args.method.is_some() || seen.iter().any(|s| s == "method"),
                "method",
                "method = \"POST\"",
            ),
            (
                args.path.is_some() || seen.iter().any(|s| s == "path"),
                "path",
                "path = \"/v3/payments/<transactionId>/confirm\"",
            ),
            (
                args.response.is_some(),
                "response",
                "response = ConfirmInfo",
            ),
        ] {
            if !present {
                errors.push(syn::Error::new(
                    Span::call_site(),
                    format!("missing argument `{name}`, such as `{example}`"),
                ));
            }
        }
        args
    }
}

fn parse_method(meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<Option<Method>> {
    let literal: LitStr = meta.value()?.parse()?;
    Ok(match literal.value().as_str() {
        "GET" => Some(Method::Get),
        "POST" => Some(Method::Post),
        other => {
            errors.at(
                &literal,
                format!("unsupported method `{other}`; LINE Pay endpoints use \"GET\" or \"POST\""),
            );
            None
        }
    })
}

/// `path = "…"`, or `path(v3 = "…", v4 = "…")` with each version once.
fn parse_path(meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<Option<PathArg>> {
    if meta.input.peek(Token![=]) {
        return Ok(Some(PathArg::Any(meta.value()?.parse()?)));
    }
    let mut versions: Vec<(Version, LitStr)> = Vec::new();
    let mut ok = true;
    meta.parse_nested_meta(|entry| {
        let literal: LitStr = entry.value()?.parse()?;
        match entry.path.get_ident().and_then(Version::named) {
            Some(version) if versions.iter().any(|(seen, _)| *seen == version) => {
                ok = false;
                errors.at(&entry.path, "this version's path is given twice");
            }
            Some(version) => versions.push((version, literal)),
            None => {
                ok = false;
                errors.at(
                    &entry.path,
                    format!("unknown API version; expected {}", version::KNOWN),
                );
            }
        }
        Ok(())
    })?;
    if versions.is_empty() && ok {
        errors.at(
            &meta.path,
            "`path(…)` lists at least one version, such as `path(v3 = \"/v3/payments/request\")`",
        );
        return Ok(None);
    }
    Ok(ok.then_some(PathArg::Versions(versions)))
}

fn parse_timeout(meta: &ParseNestedMeta, errors: &mut Errors) -> syn::Result<Option<u64>> {
    let literal: LitInt = meta.value()?.parse()?;
    match literal.base10_parse::<u64>() {
        Ok(seconds) if seconds > 0 => Ok(Some(seconds)),
        _ => {
            errors.at(
                &literal,
                "`read_timeout` is a whole number of seconds, at least 1",
            );
            Ok(None)
        }
    }
}

/// `["1900", "1902"]`: a bracketed list of return codes, each a string literal of 4 digits,
/// none twice. Each culprit is reported at its own span; the list is dropped if any is wrong.
fn parse_resend_on(
    meta: &ParseNestedMeta,
    errors: &mut Errors,
) -> syn::Result<Option<Vec<LitStr>>> {
    const EXAMPLE: &str = "such as `resend_on = [\"1900\", \"1902\", \"1999\"]`";
    let value = meta.value()?;
    if !value.peek(syn::token::Bracket) {
        let culprit: proc_macro2::TokenTree = value.parse()?;
        errors.at(
            &culprit,
            format!("`resend_on` is a bracketed list of return codes, {EXAMPLE}"),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    let content;
    syn::bracketed!(content in value);
    let mut codes: Vec<LitStr> = Vec::new();
    let mut ok = true;
    while !content.is_empty() {
        if content.peek(LitStr) {
            let code: LitStr = content.parse()?;
            let text = code.value();
            if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
                ok = false;
                errors.at(
                    &code,
                    format!("`{text}` is not a return code; LINE Pay's codes are 4 digits, such as \"1900\""),
                );
            } else if codes.iter().any(|seen| seen.value() == text) {
                ok = false;
                errors.at(&code, format!("return code \"{text}\" is listed twice"));
            } else {
                codes.push(code);
            }
        } else {
            ok = false;
            let culprit: proc_macro2::TokenTree = content.parse()?;
            let hint = match &culprit {
                proc_macro2::TokenTree::Literal(literal) => {
                    format!("; write it as a string: \"{literal}\"")
                }
                _ => String::new(),
            };
            errors.at(
                &culprit,
                format!("expected a return code as a string literal{hint}"),
            );
            while !content.is_empty() && !content.peek(Token![,]) {
                content.parse::<proc_macro2::TokenTree>()?;
            }
        }
        if !content.is_empty() {
            content.parse::<Token![,]>()?;
        }
    }
    Ok(ok.then_some(codes))
}

/// Consumes `= value` (or nothing) up to the next comma, so parsing can go on after an error.
fn skip_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    while !meta.input.is_empty() && !meta.input.peek(Token![,]) {
        meta.input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
}

fn path_text(meta: &ParseNestedMeta) -> String {
    let segments: Vec<String> = meta
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    segments.join("::")
}

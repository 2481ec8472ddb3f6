//! The checked endpoint: arguments, template and fields bound together.

use syn::DeriveInput;

use crate::args::{Args, DEFAULT_READ_TIMEOUT_SECS, Method, PathArg};
use crate::errors::Errors;
use crate::fields::{self, Field, Shape};
use crate::template::Template;
use crate::version::Version;

/// Everything code generation needs, all of it already checked.
pub(crate) struct Model {
    pub(crate) name: syn::Ident,
    pub(crate) method: Method,
    /// The first template declared: `Endpoint::PATH`, and what the fields bind to.
    pub(crate) template: Template,
    /// The template of each version, in the order declared; empty for `path = "…"` (every
    /// version, `template`).
    pub(crate) versions: Vec<(Version, Template)>,
    pub(crate) response: syn::Type,
    pub(crate) read_timeout: u64,
    pub(crate) decode_with: Option<syn::Path>,
    /// What `info` is read as, converted into `response` with `From`; `None`: `response`.
    pub(crate) info: Option<syn::Type>,
    /// A `fn(&Self) -> Result<(), InvalidField>` run before anything is encoded.
    pub(crate) validate: Option<syn::Path>,
    /// The return codes on which the call may be re-sent (`Endpoint::RESEND_ON`); empty
    /// leaves the trait's default.
    pub(crate) resend_on: Vec<syn::LitStr>,
    pub(crate) unit: bool,
    /// Fields bound to placeholders (their wire name is the placeholder).
    pub(crate) path_fields: Vec<Field>,
    /// The other fields: the JSON body (POST) or the query string (GET).
    pub(crate) data_fields: Vec<Field>,
}

impl Model {
    /// Checks the declaration; `None` when anything is wrong (and reported in `errors`).
    pub(crate) fn build(args: Args, input: &DeriveInput, errors: &mut Errors) -> Option<Self> {
        let templates = args.path.as_ref().and_then(|path| templates(path, errors));
        let shape = fields::read(input, errors);
        let (Some(method), Some((template, versions)), Some(response), Some(shape)) =
            (args.method, templates, args.response, shape)
        else {
            return None;
        };
        let (unit, fields) = match shape {
            Shape::Unit => (true, Vec::new()),
            Shape::Named(fields) => (false, fields),
        };
        let (path_fields, data_fields) = bind(&template, fields, errors)?;
        if let (Some(info), Some(_)) = (&args.info, &args.decode_with) {
            errors.at(
                info,
                "`info` and `decode_with` exclude each other: `decode_with` reads the whole answer",
            );
        }
        errors.is_empty().then(|| Self {
            name: input.ident.clone(),
            method,
            template,
            versions,
            response,
            read_timeout: args.read_timeout.unwrap_or(DEFAULT_READ_TIMEOUT_SECS),
            decode_with: args.decode_with,
            info: args.info,
            validate: args.validate,
            resend_on: args.resend_on.unwrap_or_default(),
            unit,
            path_fields,
            data_fields,
        })
    }
}

/// The first template and, for `path(v3 = …, v4 = …)`, every version's; the versions'
/// templates must have the same placeholders, since one struct fills them all.
fn templates(path: &PathArg, errors: &mut Errors) -> Option<(Template, Vec<(Version, Template)>)> {
    match path {
        PathArg::Any(literal) => Template::parse(literal, errors).map(|t| (t, Vec::new())),
        PathArg::Versions(literals) => {
            let versions: Vec<(Version, Template)> = literals
                .iter()
                .filter_map(|(version, literal)| {
                    Template::parse(literal, errors).map(|template| (*version, template))
                })
                .collect();
            if versions.len() != literals.len() {
                return None;
            }
            let first = Template::parse(&literals[0].1, errors)?;
            let mut expected: Vec<&str> = first.placeholders().collect();
            expected.sort_unstable();
            for (_, template) in &versions[1..] {
                let mut found: Vec<&str> = template.placeholders().collect();
                found.sort_unstable();
                if found != expected {
                    errors.at(
                        &template.literal,
                        format!(
                            "every version's path has the same placeholders as the first ({}); \
                             one struct fills them all",
                            placeholder_list(&expected)
                        ),
                    );
                    return None;
                }
            }
            Some((first, versions))
        }
    }
}

fn placeholder_list(names: &[&str]) -> String {
    if names.is_empty() {
        return "none".to_owned();
    }
    let names: Vec<String> = names.iter().map(|name| format!("`<{name}>`")).collect();
    names.join(", ")
}

/// Binds each `<placeholder>` to the field whose wire name it is.
fn bind(
    template: &Template,
    fields: Vec<Field>,
    errors: &mut Errors,
) -> Option<(Vec<Field>, Vec<Field>)> {
    let placeholders: Vec<&str> = template.placeholders().collect();
    let mut ok = true;
    for name in &placeholders {
        if !fields.iter().any(|field| field.wire_name == *name) {
            ok = false;
            let known: Vec<String> = fields
                .iter()
                .map(|field| format!("`<{}>` for `{}`", field.wire_name, field.ident))
                .collect();
            let hint = if known.is_empty() {
                "the struct has no fields".to_owned()
            } else {
                format!(
                    "placeholders bind to fields by camelCase name: {}",
                    known.join(", ")
                )
            };
            errors.at(
                &template.literal,
                format!("unknown placeholder `<{name}>`: no field is named `{name}`; {hint}"),
            );
        }
    }
    for field in fields.iter().filter(|field| field.marked_path) {
        if !placeholders.contains(&field.wire_name.as_str()) {
            ok = false;
            errors.at(
                &field.ident,
                format!(
                    "field `{}` is marked `#[linepay(path)]` but the path has no `<{}>`",
                    field.ident, field.wire_name
                ),
            );
        }
    }
    ok.then(|| {
        fields
            .into_iter()
            .partition(|field| placeholders.contains(&field.wire_name.as_str()))
    })
}

//! The path template: `/v3/payments/<transactionId>/confirm`.

use syn::LitStr;

use crate::errors::Errors;

/// One piece of a template.
pub(crate) enum Piece {
    /// Text copied as it is, such as `/v3/payments/`.
    Literal(String),
    /// A `<name>` placeholder, filling a whole segment.
    Placeholder(String),
}

/// A checked template, split into pieces.
pub(crate) struct Template {
    pub(crate) literal: LitStr,
    pub(crate) pieces: Vec<Piece>,
}

impl Template {
    /// Splits and checks the template; every problem is reported at the literal (a span
    /// inside a string literal is not available on stable Rust).
    pub(crate) fn parse(literal: &LitStr, errors: &mut Errors) -> Option<Self> {
        match split(&literal.value()) {
            Ok(pieces) => Some(Self {
                literal: literal.clone(),
                pieces,
            }),
            Err(message) => {
                errors.at(literal, message);
                None
            }
        }
    }

    /// The placeholder names, in order.
    pub(crate) fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Placeholder(name) => Some(name.as_str()),
            Piece::Literal(_) => None,
        })
    }
}

fn split(template: &str) -> Result<Vec<Piece>, String> {
    if !template.starts_with('/') {
        return Err(format!(
            "the path must start with `/`, such as \"/v3/payments/request\", not {template:?}"
        ));
    }
    if template.contains('?') || template.contains('#') {
        return Err(
            "the path must not contain a query (`?`) or fragment (`#`); a GET \
                    endpoint's fields become its query string"
                .to_owned(),
        );
    }
    if let Some(c) = template
        .chars()
        .find(|c| c.is_whitespace() || c.is_control())
    {
        return Err(format!("the path must not contain {c:?}"));
    }
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut seen = Vec::new();
    for segment in template.split('/').skip(1) {
        literal.push('/');
        if !segment.contains(['<', '>']) {
            literal.push_str(segment);
            continue;
        }
        let name = placeholder(segment)?;
        if seen.contains(&name) {
            return Err(format!("placeholder `<{name}>` appears twice in the path"));
        }
        seen.push(name);
        pieces.push(Piece::Literal(std::mem::take(&mut literal)));
        pieces.push(Piece::Placeholder(name.to_owned()));
    }
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    pieces.retain(|piece| !matches!(piece, Piece::Literal(text) if text.is_empty()));
    Ok(pieces)
}

/// The name of a segment that must be exactly `<name>`.
fn placeholder(segment: &str) -> Result<&str, String> {
    let opens = segment.matches('<').count();
    let closes = segment.matches('>').count();
    if opens > closes {
        return Err(format!(
            "unclosed `<` in path segment `{segment}`; write `<name>`"
        ));
    }
    if closes > opens {
        return Err(format!(
            "`>` without `<` in path segment `{segment}`; write `<name>`"
        ));
    }
    let name = segment
        .strip_prefix('<')
        .and_then(|rest| rest.strip_suffix('>'))
        .filter(|name| !name.contains(['<', '>']))
        .ok_or_else(|| {
            format!("a placeholder must fill a whole path segment, as `/<name>/`, not `{segment}`")
        })?;
    if name.is_empty() {
        return Err("empty placeholder `<>`; name the field, as `<transactionId>`".to_owned());
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!(
            "placeholder `<{name}>` must be a camelCase field name (letters, digits, `_`)"
        ));
    }
    Ok(name)
}

//! Where requests go: the environment (base URL) and the API version in the path.

use http::Uri;

use crate::error::InvalidField;

/// Which LINE Pay to talk to.
///
/// ```
/// use linepay_core::Environment;
///
/// assert_eq!(Environment::Sandbox.base_url(), "https://sandbox-api-pay.line.me");
/// let local = Environment::custom("http://127.0.0.1:8787/")?;
/// assert_eq!(local.base_url(), "http://127.0.0.1:8787");
/// # Ok::<(), linepay_core::InvalidField>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Environment {
    /// `https://sandbox-api-pay.line.me`: test payments.
    Sandbox,
    /// `https://api-pay.line.me`: real money.
    Production,
    /// Another base URL, such as a local linepay-mock. Build it with [`Environment::custom`].
    Custom(CustomBaseUrl),
}

/// A validated base URL: scheme and authority, no path, query or fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomBaseUrl(String);

impl Environment {
    /// A custom base URL such as `http://127.0.0.1:8787`. A trailing `/` is dropped; a path,
    /// query or fragment is refused, because LINE Pay signs the path from `/v3/` on.
    pub fn custom(base_url: &str) -> Result<Self, InvalidField> {
        let trimmed = base_url.strip_suffix('/').unwrap_or(base_url);
        let invalid = |rule| InvalidField::new("baseUrl", rule);
        let uri: Uri = trimmed
            .parse()
            .map_err(|_| invalid("must be an absolute URL such as http://127.0.0.1:8787"))?;
        if uri.scheme().is_none() || uri.authority().is_none() {
            return Err(invalid(
                "must have a scheme and a host, such as http://127.0.0.1:8787",
            ));
        }
        if !matches!(uri.path(), "" | "/") || uri.query().is_some() || trimmed.contains('#') {
            return Err(invalid("must not have a path, query or fragment"));
        }
        Ok(Self::Custom(CustomBaseUrl(trimmed.to_owned())))
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        match self {
            Environment::Sandbox => "https://sandbox-api-pay.line.me",
            Environment::Production => "https://api-pay.line.me",
            Environment::Custom(CustomBaseUrl(url)) => url,
        }
    }
}

//! The server side of a template: a received path matched and its parameters read back.

use percent_encoding::percent_decode_str;

use crate::endpoint::params::{ParamValue, parse};
use crate::endpoint::{ApiVersion, Paths, RequestDecodeError};

/// A received path matched against a template: the placeholders' raw segments by name.
///
/// ```
/// use linepay_core::endpoint::path::PathMatch;
/// use linepay_core::TransactionId;
///
/// let matched = PathMatch::new("/v3/payments/<transactionId>/confirm", "/v3/payments/2019049910005496810/confirm")?;
/// let id: TransactionId = matched.param("transactionId")?;
/// assert_eq!(id.get(), 2019049910005496810);
/// # Ok::<(), linepay_core::endpoint::RequestDecodeError>(())
/// ```
#[derive(Debug)]
pub struct PathMatch<'a> {
    params: Vec<(&'static str, &'a str)>,
    version: Option<ApiVersion>,
}

impl<'a> PathMatch<'a> {
    /// Matches `path` against each of an endpoint's templates in turn; the error names the
    /// first template.
    ///
    /// ```
    /// use linepay_core::endpoint::path::PathMatch;
    /// use linepay_core::{ApiVersion, Endpoint, api::v3::ConfirmPayment};
    ///
    /// let matched = PathMatch::in_paths(&ConfirmPayment::PATHS, "/v4/payments/1/confirm")?;
    /// assert_eq!(matched.version(), Some(ApiVersion::V4));
    /// # Ok::<(), linepay_core::endpoint::RequestDecodeError>(())
    /// ```
    pub fn in_paths(paths: &Paths, path: &'a str) -> Result<Self, RequestDecodeError> {
        let versions = match paths {
            Paths::Any(template) => return Self::new(template, path),
            Paths::Versions(versions) => versions,
        };
        let mut first_error = None;
        for &(version, template) in *versions {
            match Self::new(template, path) {
                Ok(matched) => {
                    return Ok(Self {
                        version: Some(version),
                        ..matched
                    });
                }
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        // A declaration lists at least one version (the macro refuses `path()`).
        Err(
            first_error.unwrap_or_else(|| RequestDecodeError::PathMismatch {
                template: "",
                path: path.to_owned(),
            }),
        )
    }

    /// The version whose template matched, for an endpoint declared per version (`None` for
    /// one path for every version, or a match by [`PathMatch::new`]).
    pub fn version(&self) -> Option<ApiVersion> {
        self.version
    }

    /// Matches `path` segment by segment against `template`.
    pub fn new(template: &'static str, path: &'a str) -> Result<Self, RequestDecodeError> {
        let mismatch = || RequestDecodeError::PathMismatch {
            template,
            path: path.to_owned(),
        };
        let mut params = Vec::new();
        let mut received = path.split('/');
        for expected in template.split('/') {
            let segment = received.next().ok_or_else(mismatch)?;
            match placeholder(expected) {
                Some(name) if !segment.is_empty() => params.push((name, segment)),
                Some(_) => return Err(mismatch()),
                None if expected == segment => {}
                None => return Err(mismatch()),
            }
        }
        if received.next().is_some() {
            return Err(mismatch());
        }
        Ok(Self {
            params,
            version: None,
        })
    }

    /// Decodes and parses the parameter named `name`.
    pub fn param<T: ParamValue>(&self, name: &'static str) -> Result<T, RequestDecodeError> {
        let raw = self
            .params
            .iter()
            .find(|(candidate, _)| *candidate == name)
            .map(|(_, raw)| *raw)
            .ok_or_else(|| RequestDecodeError::invalid(name, "is missing from the path"))?;
        let decoded = percent_decode_str(raw)
            .decode_utf8()
            .map_err(|_| RequestDecodeError::invalid(name, "is not valid UTF-8"))?;
        parse(name, &decoded)
    }
}

/// The name inside a `<name>` segment.
fn placeholder(segment: &'static str) -> Option<&'static str> {
    segment.strip_prefix('<')?.strip_suffix('>')
}

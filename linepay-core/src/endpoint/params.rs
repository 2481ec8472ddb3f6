//! Values that travel as text: path parameters and query-string values.
//!
//! [`ParamValue`] is the text form of one scalar; [`QueryField`] lifts it to what a struct
//! field can be in a query: a value, an optional value (`None` is left out) or a list (one
//! `key=value` pair per element, in order).

use crate::endpoint::incoming::RequestDecodeError;
use crate::endpoint::query::QueryWriter;
use crate::types::{Amount, Currency, OrderId, RegKey, TransactionId};

/// A scalar that is written into a path segment or a query value as text.
///
/// Implement it for your own types to use them as path parameters or query values.
///
/// ```
/// use linepay_core::endpoint::params::ParamValue;
/// use linepay_core::TransactionId;
///
/// let id = TransactionId::new(2019049910005496810);
/// id.with_text(|text| assert_eq!(text, "2019049910005496810"));
/// assert_eq!(TransactionId::from_text("2019049910005496810"), Ok(id));
/// ```
pub trait ParamValue: Sized {
    /// Calls `f` with the value's text, unencoded.
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R;

    /// Parses the value from its decoded text; the error says which rule the text breaks.
    fn from_text(text: &str) -> Result<Self, String>;
}

impl ParamValue for String {
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        f(self)
    }

    fn from_text(text: &str) -> Result<Self, String> {
        Ok(text.to_owned())
    }
}

impl ParamValue for bool {
    fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        f(if *self { "true" } else { "false" })
    }

    fn from_text(text: &str) -> Result<Self, String> {
        match text {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err("must be `true` or `false`".to_owned()),
        }
    }
}

/// Integers and ids: written through a stack buffer, parsed with `FromStr`.
macro_rules! display_param {
    ($($ty:ty),* $(,)?) => {$(
        impl ParamValue for $ty {
            fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
                let mut buffer = StackText::new();
                // Writing these types never fails, and never exceeds the buffer.
                let _ = std::fmt::Write::write_fmt(&mut buffer, format_args!("{self}"));
                f(buffer.as_str())
            }

            fn from_text(text: &str) -> Result<Self, String> {
                text.parse().map_err(|e| format!("{e}"))
            }
        }
    )*};
}

display_param!(u32, u64, i64, TransactionId, Amount);

/// Types that already hold their text.
macro_rules! str_param {
    ($($ty:ty),* $(,)?) => {$(
        impl ParamValue for $ty {
            fn with_text<R>(&self, f: impl FnOnce(&str) -> R) -> R {
                f(self.as_str())
            }

            fn from_text(text: &str) -> Result<Self, String> {
                text.parse().map_err(|e| format!("{e}"))
            }
        }
    )*};
}

str_param!(OrderId, RegKey, Currency);

/// A small inline buffer for number-like text (no heap).
struct StackText {
    bytes: [u8; 40],
    len: usize,
}

impl StackText {
    fn new() -> Self {
        Self {
            bytes: [0; 40],
            len: 0,
        }
    }

    fn as_str(&self) -> &str {
        // Only whole `&str`s are ever copied in.
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl std::fmt::Write for StackText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// What a struct field can be in a query string.
///
/// ```
/// use linepay_core::endpoint::params::QueryField;
/// use linepay_core::endpoint::query::QueryWriter;
/// use linepay_core::TransactionId;
///
/// let mut out = Vec::new();
/// let mut query = QueryWriter::new(&mut out);
/// vec![TransactionId::new(1), TransactionId::new(2)].write_query("transactionId", &mut query);
/// None::<bool>.write_query("creditCardAuth", &mut query);
/// assert_eq!(out, b"transactionId=1&transactionId=2");
/// ```
pub trait QueryField: Sized {
    /// Appends this field's `key=value` pairs (none, one or several).
    fn write_query(&self, key: &str, query: &mut QueryWriter<'_>);

    /// Rebuilds the field from every decoded value given for `key`, in order.
    fn from_query(key: &'static str, values: &[&str]) -> Result<Self, RequestDecodeError>;
}

impl<T: ParamValue> QueryField for T {
    fn write_query(&self, key: &str, query: &mut QueryWriter<'_>) {
        self.with_text(|text| query.pair(key, text));
    }

    fn from_query(key: &'static str, values: &[&str]) -> Result<Self, RequestDecodeError> {
        match values {
            [value] => parse(key, value),
            [] => Err(RequestDecodeError::invalid(key, "is required")),
            _ => Err(RequestDecodeError::invalid(key, "must be given only once")),
        }
    }
}

impl<T: ParamValue> QueryField for Option<T> {
    fn write_query(&self, key: &str, query: &mut QueryWriter<'_>) {
        if let Some(value) = self {
            value.write_query(key, query);
        }
    }

    fn from_query(key: &'static str, values: &[&str]) -> Result<Self, RequestDecodeError> {
        match values {
            [] => Ok(None),
            _ => T::from_query(key, values).map(Some),
        }
    }
}

impl<T: ParamValue> QueryField for Vec<T> {
    fn write_query(&self, key: &str, query: &mut QueryWriter<'_>) {
        for value in self {
            value.write_query(key, query);
        }
    }

    fn from_query(key: &'static str, values: &[&str]) -> Result<Self, RequestDecodeError> {
        values.iter().map(|value| parse(key, value)).collect()
    }
}

/// Parses one decoded value, naming the parameter in the error.
pub(crate) fn parse<T: ParamValue>(key: &'static str, text: &str) -> Result<T, RequestDecodeError> {
    T::from_text(text).map_err(|reason| RequestDecodeError::invalid(key, reason))
}

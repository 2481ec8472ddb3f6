//! The merchant's order id.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{InvalidField, Rule};

/// Longest order id LINE Pay accepts, in characters.
const MAX_CHARS: usize = 100;

/// The merchant's own id for an order (`orderId`): 1 to 100 characters, no control
/// characters.
///
/// LINE Pay refuses a second payment request with an order id it has already seen (`1172`),
/// so make it unique per payment attempt. Length is counted in characters, not bytes.
///
/// ```
/// use linepay_core::OrderId;
///
/// let order = OrderId::new("ORDER-2024-0001")?;
/// assert_eq!(serde_json::to_string(&order)?, r#""ORDER-2024-0001""#);
/// assert!(serde_json::from_str::<OrderId>(r#""""#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct OrderId(String);

/// Written as the string it holds, without the copy `#[serde(into = "String")]` would make.
impl Serialize for OrderId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl OrderId {
    /// Checks and wraps an order id.
    ///
    /// ```
    /// use linepay_core::OrderId;
    ///
    /// assert!(OrderId::new("訂單-42").is_ok());
    /// assert!(OrderId::new("").is_err());
    /// assert!(OrderId::new("A".repeat(101)).is_err());
    /// assert!(OrderId::new("line\nbreak").is_err());
    /// ```
    pub fn new(id: impl Into<String>) -> Result<Self, InvalidField> {
        let id = id.into();
        if id.is_empty() {
            return Err(invalid(Rule::Empty));
        }
        if id.chars().count() > MAX_CHARS {
            return Err(invalid(Rule::TooLong { max_chars: 100 }));
        }
        if id.chars().any(char::is_control) {
            return Err(invalid(Rule::ControlCharacters));
        }
        Ok(Self(id))
    }

    /// The order id as text.
    ///
    /// ```
    /// use linepay_core::OrderId;
    ///
    /// assert_eq!(OrderId::new("A-1")?.as_str(), "A-1");
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn invalid(rule: impl Into<Rule>) -> InvalidField {
    InvalidField::new("orderId", rule)
}

impl TryFrom<String> for OrderId {
    type Error = InvalidField;

    /// Same as [`OrderId::new`].
    ///
    /// ```
    /// use linepay_core::OrderId;
    ///
    /// assert!(OrderId::try_from(String::from("A-1")).is_ok());
    /// ```
    fn try_from(id: String) -> Result<Self, Self::Error> {
        Self::new(id)
    }
}

impl From<OrderId> for String {
    /// The order id's text.
    ///
    /// ```
    /// use linepay_core::OrderId;
    ///
    /// assert_eq!(String::from(OrderId::new("A-1")?), "A-1");
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    fn from(id: OrderId) -> Self {
        id.0
    }
}

impl FromStr for OrderId {
    type Err = InvalidField;

    /// Same as [`OrderId::new`].
    ///
    /// ```
    /// use linepay_core::OrderId;
    ///
    /// let order: OrderId = "A-1".parse()?;
    /// assert_eq!(order.as_str(), "A-1");
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl AsRef<str> for OrderId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OrderId").field(&self.0).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_counted_in_characters() {
        // 100 three-byte characters: 300 bytes, still within the limit.
        let longest = "測".repeat(100);
        assert_eq!(longest.len(), 300);
        assert_eq!(OrderId::new(longest.clone()).unwrap().as_str(), longest);
        let error = OrderId::new("測".repeat(101)).unwrap_err();
        assert_eq!(error.field(), "orderId");
        assert_eq!(error.rule(), &Rule::TooLong { max_chars: 100 });
        assert!(OrderId::new("A".repeat(100)).is_ok());
        assert!(OrderId::new("A".repeat(101)).is_err());
        assert!(OrderId::new("A").is_ok());
    }

    #[test]
    fn empty_and_control_characters_are_rejected() {
        for bad in ["", "a\tb", "a\nb", "\u{7f}", "\u{0}", "x\u{85}"] {
            assert_eq!(OrderId::new(bad).unwrap_err().field(), "orderId", "{bad:?}");
        }
        assert!(OrderId::new("has space").is_ok());
        assert!(OrderId::new("émoji-🙂").is_ok());
    }

    #[test]
    fn serde_validates() {
        let order: OrderId = serde_json::from_str(r#""ORDER-1""#).unwrap();
        assert_eq!(order.as_str(), "ORDER-1");
        assert_eq!(serde_json::to_string(&order).unwrap(), r#""ORDER-1""#);
        let from_value: OrderId = serde_json::from_value(serde_json::json!("測試")).unwrap();
        assert_eq!(from_value.as_ref(), "測試");

        let too_long = serde_json::to_string(&"測".repeat(101)).unwrap();
        let error = serde_json::from_str::<OrderId>(&too_long).unwrap_err();
        assert!(error.to_string().contains("invalid `orderId`"), "{error}");
        assert!(serde_json::from_str::<OrderId>(r#""""#).is_err());
        assert!(serde_json::from_str::<OrderId>(r#""a\u0000""#).is_err());
        assert!(serde_json::from_str::<OrderId>("42").is_err());
    }

    #[test]
    fn formatting() {
        let order: OrderId = "A-1".parse().unwrap();
        assert_eq!(order.to_string(), "A-1");
        assert_eq!(format!("{order:?}"), r#"OrderId("A-1")"#);
        assert_eq!(String::from(order), "A-1");
    }
}

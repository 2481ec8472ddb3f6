//! ISO 4217 currency codes as LINE Pay uses them.

use std::convert::Infallible;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// The currency of a payment, as its ISO 4217 code on the wire (`"TWD"`).
///
/// LINE Pay currently takes TWD, THB and USD. Any other code (older merchants and
/// responses may still say `"JPY"`) is kept in [`Currency::Other`] exactly as received, so
/// it round-trips unchanged.
///
/// Currencies compare and hash by their code, so `Currency::Other("TWD".into())` equals
/// [`Currency::Twd`]; prefer [`Currency::from_code`], which picks the named variant.
///
/// ```
/// use linepay_core::Currency;
///
/// let currency: Currency = serde_json::from_str(r#""TWD""#)?;
/// assert_eq!(currency, Currency::Twd);
/// assert_eq!(serde_json::to_string(&Currency::Usd)?, r#""USD""#);
/// assert_eq!(serde_json::from_str::<Currency>(r#""JPY""#)?, Currency::Other("JPY".into()));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Currency {
    /// New Taiwan dollar, `TWD`.
    Twd,
    /// Thai baht, `THB`.
    Thb,
    /// US dollar, `USD`.
    Usd,
    /// Any other code, exactly as received.
    Other(String),
}

impl Currency {
    /// The currency for `code`; the match is exact and case-sensitive, so `"twd"` becomes
    /// `Other("twd")` (and is sent back as `"twd"`).
    ///
    /// ```
    /// use linepay_core::Currency;
    ///
    /// assert_eq!(Currency::from_code("THB"), Currency::Thb);
    /// assert!(matches!(Currency::from_code("twd"), Currency::Other(code) if code == "twd"));
    /// ```
    pub fn from_code(code: &str) -> Self {
        match code {
            "TWD" => Self::Twd,
            "THB" => Self::Thb,
            "USD" => Self::Usd,
            other => Self::Other(other.to_owned()),
        }
    }

    /// The code as sent on the wire.
    ///
    /// ```
    /// use linepay_core::Currency;
    ///
    /// assert_eq!(Currency::Twd.as_str(), "TWD");
    /// assert_eq!(Currency::Other("JPY".into()).as_str(), "JPY");
    /// ```
    pub fn as_str(&self) -> &str {
        match self {
            Self::Twd => "TWD",
            Self::Thb => "THB",
            Self::Usd => "USD",
            Self::Other(code) => code,
        }
    }

    /// How many decimal places LINE Pay accepts in amounts of this currency, or `None`
    /// when the currency is not one LINE Pay documents.
    ///
    /// TWD is `0`: LINE Pay takes whole New Taiwan dollars, even though the coin exists.
    ///
    /// ```
    /// use linepay_core::Currency;
    ///
    /// assert_eq!(Currency::Twd.minor_units(), Some(0));
    /// assert_eq!(Currency::Usd.minor_units(), Some(2));
    /// assert_eq!(Currency::from_code("JPY").minor_units(), None);
    /// ```
    pub fn minor_units(&self) -> Option<u8> {
        // Matching on the code (not the variant) keeps `Other("TWD")` consistent with `Twd`.
        match self.as_str() {
            "TWD" => Some(0),
            "THB" | "USD" => Some(2),
            _ => None,
        }
    }
}

impl PartialEq for Currency {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Currency {}

impl Hash for Currency {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Currency {
    type Err = Infallible;

    /// Same as [`Currency::from_code`]; never fails.
    ///
    /// ```
    /// use linepay_core::Currency;
    ///
    /// let currency: Currency = "USD".parse()?;
    /// assert_eq!(currency, Currency::Usd);
    /// # Ok::<(), std::convert::Infallible>(())
    /// ```
    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Ok(Self::from_code(code))
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(CurrencyVisitor)
    }
}

struct CurrencyVisitor;

impl Visitor<'_> for CurrencyVisitor {
    type Value = Currency;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a currency code such as \"TWD\"")
    }

    fn visit_str<E: de::Error>(self, code: &str) -> Result<Self::Value, E> {
        Ok(Currency::from_code(code))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn known_codes_round_trip() {
        for (currency, code) in [
            (Currency::Twd, "TWD"),
            (Currency::Thb, "THB"),
            (Currency::Usd, "USD"),
        ] {
            let json = format!("\"{code}\"");
            assert_eq!(serde_json::to_string(&currency).unwrap(), json);
            let back: Currency = serde_json::from_str(&json).unwrap();
            assert!(std::mem::discriminant(&back) == std::mem::discriminant(&currency));
            assert_eq!(currency.to_string(), code);
            assert_eq!(code.parse::<Currency>().unwrap(), currency);
        }
    }

    #[test]
    fn unknown_codes_are_kept_exactly() {
        for code in ["JPY", "jpy", "twd", "", "EURO"] {
            let json = serde_json::to_string(code).unwrap();
            let currency: Currency = serde_json::from_str(&json).unwrap();
            assert!(matches!(&currency, Currency::Other(c) if c == code));
            assert_eq!(serde_json::to_string(&currency).unwrap(), json);
            assert_eq!(currency.minor_units(), None);
        }
        let value = serde_json::json!("JPY");
        let currency: Currency = serde_json::from_value(value).unwrap();
        assert_eq!(currency, Currency::Other("JPY".to_owned()));
    }

    #[test]
    fn minor_units() {
        assert_eq!(Currency::Twd.minor_units(), Some(0));
        assert_eq!(Currency::Thb.minor_units(), Some(2));
        assert_eq!(Currency::Usd.minor_units(), Some(2));
        assert_eq!(Currency::Other("TWD".into()).minor_units(), Some(0));
    }

    #[test]
    fn equality_is_by_code() {
        assert_eq!(Currency::Other("TWD".into()), Currency::Twd);
        assert_ne!(Currency::Other("twd".into()), Currency::Twd);
        let set: HashSet<Currency> = [Currency::Twd, Currency::Other("TWD".into())].into();
        assert_eq!(set.len(), 1);
    }

    #[test]
    fn non_strings_are_rejected() {
        assert!(serde_json::from_str::<Currency>("901").is_err());
        assert!(serde_json::from_str::<Currency>("null").is_err());
    }
}

//! The key of a pre-approved (recurring) payment.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{InvalidField, Rule};

/// Longest key accepted. LINE Pay issues 15 characters; the slack allows for a longer
/// format without letting arbitrary text into a URL path.
const MAX_LEN: usize = 32;

/// Characters of the key that `Debug` shows.
const DEBUG_PREFIX: usize = 4;

/// The `regKey` of a pre-approved payment, e.g. `RK9A2BA1942EQTO`: 1 to 32 ASCII letters and
/// digits.
///
/// LINE Pay issues it in the Confirm response of a `PREAPPROVED` payment; later payments
/// use it in the URL path (`/v3/payments/preapprovedPay/{regKey}/payment`), which is why
/// the character set is strict: nothing here ever needs escaping.
///
/// The key alone is not a credential (every call is still signed with the channel secret),
/// but together with your channel it authorises charges to the customer, so don't log it
/// casually. [`Display`](fmt::Display) gives the full key (it is needed for paths);
/// `Debug` shows only the first 4 characters, as in `RegKey("RK9A…")`.
///
/// ```
/// use linepay_core::RegKey;
///
/// let key: RegKey = serde_json::from_str(r#""RK9A2BA1942EQTO""#)?;
/// assert_eq!(key.as_str(), "RK9A2BA1942EQTO");
/// assert_eq!(format!("{key:?}"), r#"RegKey("RK9A…")"#);
/// assert!(serde_json::from_str::<RegKey>(r#""RK9A/../x""#).is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegKey(String);

impl RegKey {
    /// Checks and wraps a key.
    ///
    /// ```
    /// use linepay_core::RegKey;
    ///
    /// assert!(RegKey::new("RK9A2BA1942EQTO").is_ok());
    /// assert!(RegKey::new("RK9A 2BA1").is_err());
    /// assert!(RegKey::new("").is_err());
    /// ```
    pub fn new(key: impl Into<String>) -> Result<Self, InvalidField> {
        let key = key.into();
        if key.is_empty() {
            return Err(invalid(Rule::Empty));
        }
        if key.len() > MAX_LEN {
            return Err(invalid(Rule::TooLong { max_chars: 32 }));
        }
        if !key.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(invalid("must contain only ASCII letters and digits"));
        }
        Ok(Self(key))
    }

    /// The full key as text.
    ///
    /// ```
    /// use linepay_core::RegKey;
    ///
    /// assert_eq!(RegKey::new("RK9A2BA1942EQTO")?.as_str(), "RK9A2BA1942EQTO");
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn invalid(rule: impl Into<Rule>) -> InvalidField {
    InvalidField::new("regKey", rule)
}

impl TryFrom<String> for RegKey {
    type Error = InvalidField;

    /// Same as [`RegKey::new`].
    ///
    /// ```
    /// use linepay_core::RegKey;
    ///
    /// assert!(RegKey::try_from(String::from("RK9A2BA1942EQTO")).is_ok());
    /// ```
    fn try_from(key: String) -> Result<Self, Self::Error> {
        Self::new(key)
    }
}

impl From<RegKey> for String {
    /// The full key.
    ///
    /// ```
    /// use linepay_core::RegKey;
    ///
    /// assert_eq!(String::from(RegKey::new("RK9A2BA1942EQTO")?), "RK9A2BA1942EQTO");
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    fn from(key: RegKey) -> Self {
        key.0
    }
}

impl FromStr for RegKey {
    type Err = InvalidField;

    /// Same as [`RegKey::new`].
    ///
    /// ```
    /// use linepay_core::RegKey;
    ///
    /// let key: RegKey = "RK9A2BA1942EQTO".parse()?;
    /// assert_eq!(key.to_string(), "RK9A2BA1942EQTO");
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl AsRef<str> for RegKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RegKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for RegKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The key is ASCII, so any byte index is a character boundary.
        let shown = self.0.get(..DEBUG_PREFIX).unwrap_or(&self.0);
        write!(f, "RegKey(\"{shown}…\")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_is_ascii_alphanumeric() {
        for good in ["RK9A2BA1942EQTO", "rk2ae3519xtfxhm", "A", "0123456789"] {
            assert_eq!(RegKey::new(good).unwrap().as_str(), good);
        }
        for bad in [
            "RK9A-2BA1",
            "RK9A_2BA1",
            "RK9A/2BA1",
            "RK9A%2F",
            "RK9A 2BA1",
            "RK9A.2BA1",
            "RK9A\n",
            "ＲＫ９Ａ",
            "測試",
            "é",
        ] {
            let error = RegKey::new(bad).unwrap_err();
            assert_eq!(error.field(), "regKey", "{bad:?}");
            assert_eq!(
                error.rule().to_string(),
                "must contain only ASCII letters and digits"
            );
        }
    }

    #[test]
    fn length_limits() {
        assert!(RegKey::new("A".repeat(32)).is_ok());
        assert_eq!(
            RegKey::new("A".repeat(33)).unwrap_err().rule(),
            &Rule::TooLong { max_chars: 32 }
        );
        assert_eq!(RegKey::new("").unwrap_err().rule(), &Rule::Empty);
    }

    #[test]
    fn serde_validates() {
        let key: RegKey = serde_json::from_str(r#""RK2AE3519XTFXHM""#).unwrap();
        assert_eq!(serde_json::to_string(&key).unwrap(), r#""RK2AE3519XTFXHM""#);
        let from_value: RegKey =
            serde_json::from_value(serde_json::json!("RK2AE3519XTFXHM")).unwrap();
        assert_eq!(from_value, key);
        let error = serde_json::from_str::<RegKey>(r#""RK 1""#).unwrap_err();
        assert!(error.to_string().contains("invalid `regKey`"), "{error}");
        assert!(serde_json::from_str::<RegKey>("12345").is_err());
    }

    #[test]
    fn debug_hides_most_of_the_key() {
        let key = RegKey::new("RK9A2BA1942EQTO").unwrap();
        assert_eq!(format!("{key:?}"), r#"RegKey("RK9A…")"#);
        assert!(!format!("{key:?}").contains("2BA1942EQTO"));
        assert_eq!(
            format!("{:?}", RegKey::new("AB").unwrap()),
            r#"RegKey("AB…")"#
        );
        assert_eq!(key.to_string(), "RK9A2BA1942EQTO");
        assert_eq!(key.as_ref(), "RK9A2BA1942EQTO");
    }
}

//! The customer's My Code, as the shop's terminal scanned it.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{InvalidField, Rule};

/// The customer's My Code (`oneTimeKey`): the one-time barcode or QR code a shop's terminal
/// scans, which the Offline API's [`Pay`](crate::api::offline::Pay) charges.
///
/// Digits only: every key LINE Pay's documents, the sandbox generator and the field reports
/// show is. Its length depends on the customer's country (18 in Taiwan, 12 in Thailand and
/// elsewhere), which [`Pay`](crate::api::offline::Pay) checks against the payment's
/// currency. A key is valid for five minutes after the customer opened it, and only once.
///
/// The key is a bearer credential for those minutes, so `Debug` shows only its first four
/// digits and its length; [`as_str`](OneTimeKey::as_str) gives the whole key.
///
/// ```
/// use linepay_core::OneTimeKey;
///
/// let key = OneTimeKey::new("389253804433039534")?;
/// assert_eq!(format!("{key:?}"), "OneTimeKey(\"3892…\", 18 digits)");
/// assert_eq!(serde_json::to_string(&key)?, r#""389253804433039534""#);
/// // A scanner's grouping is not part of the key.
/// assert_eq!(OneTimeKey::from_scan(" 3892 5380 4433 0395 34\n")?, key);
/// assert!(OneTimeKey::new("38925380443303953A").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct OneTimeKey(String);

/// The most digits a key may have: Taiwan's 18, Japan's historical 19, with room to spare;
/// anything longer is not a scan of a My Code.
const MAX_DIGITS: usize = 32;

impl OneTimeKey {
    /// Checks that `key` is a My Code: 1 to 32 ASCII digits, nothing else.
    ///
    /// ```
    /// use linepay_core::{OneTimeKey, Rule};
    ///
    /// assert!(OneTimeKey::new("123456789012").is_ok());
    /// assert_eq!(OneTimeKey::new("").unwrap_err().rule(), &Rule::Empty);
    /// assert_eq!(OneTimeKey::new("1234 5678").unwrap_err().rule(), &Rule::NotDigits);
    /// ```
    pub fn new(key: impl Into<String>) -> Result<Self, InvalidField> {
        let key = key.into();
        if key.is_empty() {
            return Err(invalid(Rule::Empty));
        }
        if !key.bytes().all(|byte| byte.is_ascii_digit()) {
            return Err(invalid(Rule::NotDigits));
        }
        if key.len() > MAX_DIGITS {
            return Err(invalid(Rule::TooLong {
                max_chars: MAX_DIGITS,
            }));
        }
        Ok(Self(key))
    }

    /// A key from a scanner or a keyboard: whitespace and hyphens between the digit groups
    /// are dropped, then the rest is checked as [`new`](OneTimeKey::new) does.
    ///
    /// ```
    /// use linepay_core::OneTimeKey;
    ///
    /// assert_eq!(OneTimeKey::from_scan("1234-5678-9012")?.as_str(), "123456789012");
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    pub fn from_scan(input: &str) -> Result<Self, InvalidField> {
        Self::new(
            input
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect::<String>(),
        )
    }

    /// The whole key, as it is sent.
    ///
    /// ```
    /// use linepay_core::OneTimeKey;
    ///
    /// assert_eq!(OneTimeKey::new("123456789012")?.as_str(), "123456789012");
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// How many digits the key has.
    ///
    /// ```
    /// use linepay_core::OneTimeKey;
    ///
    /// assert_eq!(OneTimeKey::new("123456789012")?.digits(), 12);
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    pub fn digits(&self) -> usize {
        self.0.len()
    }
}

fn invalid(rule: Rule) -> InvalidField {
    InvalidField::new("oneTimeKey", rule)
}

/// Written as the string it holds.
impl Serialize for OneTimeKey {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl TryFrom<String> for OneTimeKey {
    type Error = InvalidField;

    /// Same as [`OneTimeKey::new`].
    fn try_from(key: String) -> Result<Self, Self::Error> {
        Self::new(key)
    }
}

impl FromStr for OneTimeKey {
    type Err = InvalidField;

    /// Same as [`OneTimeKey::new`] (not [`from_scan`](OneTimeKey::from_scan)).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::new(s)
    }
}

impl fmt::Debug for OneTimeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The digits are ASCII, so any byte offset is a character boundary.
        let shown = &self.0[..self.0.len().min(4)];
        write!(f, "OneTimeKey(\"{shown}…\", {} digits)", self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_digits_make_a_key() {
        for bad in ["", "12 34", "１２３４", "12a4", "-1234", "+1234", "1234\n"] {
            let error = OneTimeKey::new(bad).unwrap_err();
            assert_eq!(error.field(), "oneTimeKey", "{bad:?}");
        }
        assert_eq!(
            OneTimeKey::new("1".repeat(33)).unwrap_err().rule(),
            &Rule::TooLong { max_chars: 32 }
        );
        assert!(OneTimeKey::new("1".repeat(32)).is_ok());
        // The 17-digit key of some SDKs' examples is a key; Pay judges its length.
        assert!(OneTimeKey::new("12345678901245678").is_ok());
    }

    #[test]
    fn serde_checks_and_debug_masks() {
        let key: OneTimeKey = serde_json::from_str(r#""380555560043157488""#).unwrap();
        assert_eq!(key.digits(), 18);
        assert!(serde_json::from_str::<OneTimeKey>(r#""38055556004315748X""#).is_err());
        assert!(serde_json::from_str::<OneTimeKey>("380555560043157488").is_err());
        assert!(!format!("{key:?}").contains("157488"));
        assert_eq!(
            format!("{:?}", OneTimeKey::new("12").unwrap()),
            "OneTimeKey(\"12…\", 2 digits)"
        );
    }

    #[test]
    fn scans_drop_grouping_only() {
        assert_eq!(
            OneTimeKey::from_scan("\t1234 5678\u{a0}9012 ")
                .unwrap()
                .as_str(),
            "123456789012"
        );
        assert_eq!(
            OneTimeKey::from_scan("1234/5678").unwrap_err().rule(),
            &Rule::NotDigits
        );
        assert_eq!(
            OneTimeKey::from_scan(" - ").unwrap_err().rule(),
            &Rule::Empty
        );
    }
}

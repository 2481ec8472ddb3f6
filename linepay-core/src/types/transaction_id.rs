//! LINE Pay's 64-bit transaction id.

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::error::InvalidField;
use crate::json_number;

/// A LINE Pay transaction id (`transactionId`, `refundTransactionId`, …): a 19-digit
/// integer that needs all 64 bits.
///
/// JavaScript-based tools and anything else that goes through a double corrupt these ids
/// (`2023010112345678910` becomes `2023010112345678800`), so this type never touches
/// `f64`: it serializes as a JSON integer and deserializes from a JSON integer or a
/// decimal string, and refuses floats outright instead of rounding them into another
/// transaction's id. Its [`Display`](fmt::Display) is the decimal form used in URL paths.
///
/// Shorter ids (the docs' examples have 17 digits) are accepted: only "fits in a `u64`"
/// is checked.
///
/// ```
/// use linepay_core::TransactionId;
///
/// let id: TransactionId = serde_json::from_str("2019049910005496810")?;
/// assert_eq!(id, TransactionId::new(2019049910005496810));
/// assert_eq!(serde_json::from_str::<TransactionId>(r#""2019049910005496810""#)?, id);
/// assert_eq!(serde_json::to_string(&id)?, "2019049910005496810");
/// assert!(serde_json::from_str::<TransactionId>("2.0196e18").is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TransactionId(u64);

impl TransactionId {
    /// Wraps a transaction id.
    ///
    /// ```
    /// use linepay_core::TransactionId;
    ///
    /// const ID: TransactionId = TransactionId::new(2019049910005496810);
    /// assert_eq!(ID.to_string(), "2019049910005496810");
    /// ```
    pub const fn new(id: u64) -> Self {
        Self(id)
    }

    /// The id as an integer.
    ///
    /// ```
    /// use linepay_core::TransactionId;
    ///
    /// assert_eq!(TransactionId::new(2019049910005496810).get(), 2019049910005496810);
    /// ```
    pub const fn get(self) -> u64 {
        self.0
    }
}

impl From<u64> for TransactionId {
    /// Same as [`TransactionId::new`].
    ///
    /// ```
    /// use linepay_core::TransactionId;
    ///
    /// assert_eq!(TransactionId::from(42), TransactionId::new(42));
    /// ```
    fn from(id: u64) -> Self {
        Self(id)
    }
}

impl fmt::Debug for TransactionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TransactionId({})", self.0)
    }
}

impl fmt::Display for TransactionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl FromStr for TransactionId {
    type Err = InvalidField;

    /// Parses the decimal form: ASCII digits only (no sign, no spaces), at most `u64::MAX`.
    ///
    /// ```
    /// use linepay_core::TransactionId;
    ///
    /// let id: TransactionId = "2019049910005496810".parse()?;
    /// assert_eq!(id.get(), 2019049910005496810);
    /// assert!("+1".parse::<TransactionId>().is_err());
    /// assert!("18446744073709551616".parse::<TransactionId>().is_err());
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // `u64::from_str` alone would also take a leading `+`.
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid("must be a decimal integer (ASCII digits only)"));
        }
        s.parse()
            .map(Self)
            .map_err(|_| invalid("must fit in an unsigned 64-bit integer"))
    }
}

fn invalid(rule: &'static str) -> InvalidField {
    InvalidField::new("transactionId", rule)
}

impl Serialize for TransactionId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u64(self.0)
    }
}

impl<'de> Deserialize<'de> for TransactionId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `deserialize_any` lets a self-describing format say whether it saw an integer, a
        // float or a string; only integers and strings can carry an exact id.
        deserializer.deserialize_any(TransactionIdVisitor)
    }
}

struct TransactionIdVisitor;

impl<'de> Visitor<'de> for TransactionIdVisitor {
    type Value = TransactionId;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a transaction id as a JSON integer or a decimal string")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(TransactionId(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        u64::try_from(v)
            .map(TransactionId)
            .map_err(|_| E::custom(invalid("must not be negative")))
    }

    // serde_json hands over fractions, exponents, integers beyond 64 bits and `-0` as `f64`:
    // any of them would be a rounded, wrong id.
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(E::custom(invalid(
            "must be an integer that fits in 64 bits, not a float (a float loses digits)",
        )))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        v.parse().map_err(E::custom)
    }

    // serde_json with `arbitrary_precision`: see `crate::json_number`.
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        json_number::visit_map(map, self)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        json_number::visit_u128(v, self)
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        json_number::visit_i128(v, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    const ID: u64 = 2019049910005496810;

    fn all_ways(json: &str) -> [Result<TransactionId, serde_json::Error>; 3] {
        let value: Value = serde_json::from_str(json).expect("test input is valid JSON");
        [
            serde_json::from_str(json),
            serde_json::from_slice(json.as_bytes()),
            serde_json::from_value(value),
        ]
    }

    #[test]
    fn large_ids_survive_numbers_and_strings() {
        for id in [ID, u64::MAX, 0, 20140101123123123] {
            for json in [id.to_string(), format!("\"{id}\"")] {
                for result in all_ways(&json) {
                    assert_eq!(result.expect(&json).get(), id, "{json}");
                }
            }
            assert_eq!(
                serde_json::to_string(&TransactionId::new(id)).unwrap(),
                id.to_string()
            );
        }
    }

    #[test]
    fn round_trips_inside_a_struct() {
        let body = json!({ "transactionId": ID, "refund": { "id": u64::MAX.to_string() } });
        let text = body.to_string();
        let id: TransactionId = serde_json::from_value(body["transactionId"].clone()).unwrap();
        assert_eq!(id.get(), ID);
        let nested: TransactionId = serde_json::from_value(body["refund"]["id"].clone()).unwrap();
        assert_eq!(nested.get(), u64::MAX);
        assert!(text.contains("2019049910005496810"));
    }

    #[test]
    fn floats_and_out_of_range_numbers_are_rejected() {
        for json in [
            "2.0196e18",
            "2019049910005496810.0",
            "1.5",
            "1e3",
            "18446744073709551616",
            "-1",
            "-9223372036854775809",
        ] {
            for result in all_ways(json) {
                assert!(result.is_err(), "{json} was accepted");
            }
        }
    }

    #[test]
    fn bad_strings_are_rejected() {
        for json in [
            r#""""#,
            r#""+1""#,
            r#""-1""#,
            r#"" 1""#,
            r#""1.0""#,
            r#""18446744073709551616""#,
            r#""١٢٣""#,
        ] {
            for result in all_ways(json) {
                assert!(result.is_err(), "{json} was accepted");
            }
        }
        assert!(serde_json::from_str::<TransactionId>("null").is_err());
        assert!(serde_json::from_str::<TransactionId>("true").is_err());
    }

    #[test]
    fn from_str_errors_name_the_field() {
        let error = "12a".parse::<TransactionId>().unwrap_err();
        assert_eq!(error.field(), "transactionId");
        let error = "99999999999999999999".parse::<TransactionId>().unwrap_err();
        assert_eq!(
            error.rule().to_string(),
            "must fit in an unsigned 64-bit integer"
        );
        let json_error = serde_json::from_str::<TransactionId>("1.5").unwrap_err();
        assert!(json_error.to_string().contains("invalid `transactionId`"));
    }

    #[test]
    fn formatting() {
        let id = TransactionId::from(ID);
        assert_eq!(format!("{id:?}"), "TransactionId(2019049910005496810)");
        assert_eq!(id.to_string(), "2019049910005496810");
        assert_eq!(id.to_string().parse::<TransactionId>().unwrap(), id);
    }
}

//! Exact decimal money amounts.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::error::{InvalidField, Rule};
use crate::json_number;
use crate::types::Currency;

/// Most fraction digits an amount may have.
const MAX_SCALE: u8 = 4;

/// Largest absolute mantissa of an amount with a fraction: 15 significant digits, the most
/// an `f64` always carries through text → `f64` → shortest text unchanged.
const MAX_FRACTIONAL_MANTISSA: u64 = 999_999_999_999_999;

/// `10^scale` as `f64`, for `scale` in `0..=MAX_SCALE`; every entry is exact.
const POWERS_OF_TEN: [f64; MAX_SCALE as usize + 1] = [1.0, 10.0, 100.0, 1_000.0, 10_000.0];

/// An exact decimal amount of money, such as `250`, `100.5` or a refund's `-20`.
///
/// It is an integer mantissa plus a count of fraction digits (0 to 4), never an `f64`, so
/// `100.15` stays `100.15` and sums of prices are exact.
///
/// # Why not `f64`
///
/// LINE Pay answers `1124 "Error in Amount info."` when a whole-unit amount arrives as a
/// float (`"refundAmount": 10.0` instead of `10`). An `Amount` without a fraction is
/// therefore always serialized as a JSON integer (`250`, never `250.0`), and an amount with
/// a fraction as a JSON number with exactly its decimal digits (`100.5`).
///
/// # Range
///
/// - A whole amount is any `i64`.
/// - An amount with a fraction has at most 15 significant digits (`|mantissa| ≤
///   999_999_999_999_999`), e.g. up to `±99_999_999_999.9999` or `±99_999_999_999_999.9`.
///   Such an amount is written as an `f64` (JSON has no other number type in serde), and 15
///   digits is what an `f64` always reproduces exactly; larger fractional values are refused
///   by the constructors and by the arithmetic instead of being written with wrong digits.
/// - Read from a JSON float (a number with a fraction or an exponent, e.g. `2.5e2` or
///   `250.0`), an amount must stay below 10^15 in magnitude: above that the float may
///   already be another amount. Whole amounts of any size arrive exactly as JSON integers.
///
/// Equality, ordering and hashing go by numeric value: `100 == 100.00`.
///
/// ```
/// use linepay_core::{Amount, Currency};
///
/// let price: Amount = "100.5".parse()?;
/// assert_eq!(serde_json::to_string(&price)?, "100.5");
/// assert_eq!(serde_json::to_string(&Amount::whole(250))?, "250");
/// assert_eq!(serde_json::from_str::<Amount>("10.0")?, Amount::whole(10));
/// assert!(price.check_currency(&Currency::Twd).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
// The constructors strip trailing fraction zeros, so each value has one representation and
// the derived `PartialEq`/`Hash` compare values. `Ord` is written by hand: the derived one
// would order by mantissa first and put 1.5 (15, 1) above 2 (2, 0). The default is zero.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Amount {
    mantissa: i64,
    scale: u8,
}

impl Amount {
    /// A whole amount: `Amount::whole(250)` is 250 units of the currency.
    ///
    /// ```
    /// use linepay_core::Amount;
    ///
    /// const FEE: Amount = Amount::whole(30);
    /// assert!(FEE.is_whole());
    /// assert_eq!(FEE.to_string(), "30");
    /// ```
    pub const fn whole(units: i64) -> Self {
        Self {
            mantissa: units,
            scale: 0,
        }
    }

    /// `units / 10^scale`: `from_minor_units(1005, 1)` is 100.5, `from_minor_units(1999, 2)`
    /// is 19.99.
    ///
    /// Fails when `scale` is above 4, or when the amount has a fraction and more than 15
    /// significant digits (see [`Amount`]'s range).
    ///
    /// ```
    /// use linepay_core::Amount;
    ///
    /// assert_eq!(Amount::from_minor_units(1999, 2)?.to_string(), "19.99");
    /// assert_eq!(Amount::from_minor_units(10000, 2)?, Amount::whole(100));
    /// assert!(Amount::from_minor_units(1, 5).is_err());
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    pub fn from_minor_units(units: i64, scale: u8) -> Result<Self, InvalidField> {
        if scale > MAX_SCALE {
            return Err(invalid("must have at most 4 decimal places"));
        }
        Self::normalized(i128::from(units), scale)
    }

    /// Strips trailing fraction zeros, then checks the range.
    fn normalized(mut mantissa: i128, mut scale: u8) -> Result<Self, InvalidField> {
        while scale > 0 && mantissa % 10 == 0 {
            mantissa /= 10;
            scale -= 1;
        }
        let mantissa = i64::try_from(mantissa).map_err(|_| too_large())?;
        if scale > 0 && mantissa.unsigned_abs() > MAX_FRACTIONAL_MANTISSA {
            return Err(invalid(
                "is too large: amounts with a fraction may have at most 15 significant digits",
            ));
        }
        Ok(Self { mantissa, scale })
    }

    /// Whether the amount has no fraction (and is therefore serialized as a JSON integer).
    ///
    /// ```
    /// use linepay_core::Amount;
    ///
    /// assert!("100.00".parse::<Amount>()?.is_whole());
    /// assert!(!"100.5".parse::<Amount>()?.is_whole());
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    pub fn is_whole(&self) -> bool {
        self.scale == 0
    }

    /// Whether the amount is above zero.
    ///
    /// ```
    /// use linepay_core::Amount;
    ///
    /// assert!(Amount::whole(1).is_positive());
    /// assert!(!Amount::whole(0).is_positive());
    /// ```
    pub fn is_positive(&self) -> bool {
        self.mantissa > 0
    }

    /// Whether the amount is below zero, as refunds are in Payment Details' `refundList`.
    ///
    /// ```
    /// use linepay_core::Amount;
    ///
    /// assert!(Amount::whole(-20).is_negative());
    /// assert!(!Amount::whole(0).is_negative());
    /// ```
    pub fn is_negative(&self) -> bool {
        self.mantissa < 0
    }

    /// The number of significant fraction digits, 0 to 4 (trailing zeros don't count).
    ///
    /// ```
    /// use linepay_core::Amount;
    ///
    /// assert_eq!("0.25".parse::<Amount>()?.fraction_digits(), 2);
    /// assert_eq!("7.10".parse::<Amount>()?.fraction_digits(), 1);
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    pub fn fraction_digits(&self) -> u8 {
        self.scale
    }

    /// `self + other`, or `None` when the sum leaves [`Amount`]'s range.
    ///
    /// ```
    /// use linepay_core::Amount;
    ///
    /// let sum = Amount::whole(100).checked_add("0.15".parse()?);
    /// assert_eq!(sum, Some("100.15".parse()?));
    /// assert_eq!(Amount::whole(i64::MAX).checked_add(Amount::whole(1)), None);
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    #[must_use]
    pub fn checked_add(self, other: Amount) -> Option<Amount> {
        let scale = self.scale.max(other.scale);
        let sum = self.mantissa_at(scale) + other.mantissa_at(scale);
        Self::normalized(sum, scale).ok()
    }

    /// `self - other`, or `None` when the difference leaves [`Amount`]'s range.
    ///
    /// ```
    /// use linepay_core::Amount;
    ///
    /// let left = Amount::whole(100).checked_sub("20.5".parse()?);
    /// assert_eq!(left, Some("79.5".parse()?));
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    #[must_use]
    pub fn checked_sub(self, other: Amount) -> Option<Amount> {
        self.checked_add(other.checked_neg()?)
    }

    /// `-self` (LINE Pay reports refunds as negative amounts), or `None` for the one value
    /// whose negation does not fit.
    ///
    /// ```
    /// use linepay_core::Amount;
    ///
    /// assert_eq!(Amount::whole(20).checked_neg(), Some(Amount::whole(-20)));
    /// assert_eq!(Amount::whole(i64::MIN).checked_neg(), None);
    /// ```
    #[must_use]
    pub fn checked_neg(self) -> Option<Amount> {
        Some(Self {
            mantissa: self.mantissa.checked_neg()?,
            scale: self.scale,
        })
    }

    /// The magnitude: `-20` becomes `20`. `None` only for the most negative whole amount.
    ///
    /// ```
    /// use linepay_core::Amount;
    ///
    /// assert_eq!(Amount::whole(-20).checked_abs(), Some(Amount::whole(20)));
    /// assert_eq!("0.5".parse::<Amount>()?.checked_abs(), Some("0.5".parse()?));
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    #[must_use]
    pub fn checked_abs(self) -> Option<Amount> {
        if self.is_negative() {
            self.checked_neg()
        } else {
            Some(self)
        }
    }

    /// `self × quantity`, e.g. a product's price times its quantity, or `None` when the
    /// product leaves [`Amount`]'s range.
    ///
    /// ```
    /// use linepay_core::Amount;
    ///
    /// let price: Amount = "19.99".parse()?;
    /// assert_eq!(price.checked_mul(3), Some("59.97".parse()?));
    /// assert_eq!(Amount::whole(i64::MAX).checked_mul(2), None);
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    #[must_use]
    pub fn checked_mul(self, quantity: u64) -> Option<Amount> {
        let product = i128::from(self.mantissa).checked_mul(i128::from(quantity))?;
        Self::normalized(product, self.scale).ok()
    }

    /// Checks that the amount has no more decimal places than `currency` allows: TWD takes
    /// whole numbers only, THB and USD two decimals. A currency LINE Pay does not document
    /// accepts any amount.
    ///
    /// ```
    /// use linepay_core::{Amount, Currency};
    ///
    /// let amount: Amount = "100.5".parse()?;
    /// assert!(amount.check_currency(&Currency::Usd).is_ok());
    /// let error = amount.check_currency(&Currency::Twd).unwrap_err();
    /// assert_eq!(error.to_string(), "invalid `amount`: TWD amounts must be whole numbers");
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    pub fn check_currency(&self, currency: &Currency) -> Result<(), InvalidField> {
        match currency.minor_units() {
            Some(allowed) if self.scale > allowed => Err(InvalidField::new(
                "amount",
                Rule::WrongScale {
                    currency: currency.as_str().to_owned().into(),
                    max_decimals: allowed,
                },
            )),
            _ => Ok(()),
        }
    }

    /// The mantissa rescaled to `scale` fraction digits (`scale >= self.scale`); an `i128`
    /// holds any `i64` times `10^4`.
    fn mantissa_at(self, scale: u8) -> i128 {
        i128::from(self.mantissa) * 10_i128.pow(u32::from(scale - self.scale))
    }
}

fn invalid(rule: &'static str) -> InvalidField {
    InvalidField::new("amount", rule)
}

fn too_large() -> InvalidField {
    invalid("is too large: whole amounts must fit in 64 bits")
}

impl PartialOrd for Amount {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Amount {
    fn cmp(&self, other: &Self) -> Ordering {
        self.mantissa_at(MAX_SCALE)
            .cmp(&other.mantissa_at(MAX_SCALE))
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.mantissa);
        }
        // `unsigned_abs` also covers `i64::MIN`; the sign is written separately so that
        // -0.25 keeps its minus.
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let magnitude = self.mantissa.unsigned_abs();
        let divisor = 10_u64.pow(u32::from(self.scale));
        let width = usize::from(self.scale);
        write!(
            f,
            "{sign}{}.{:0width$}",
            magnitude / divisor,
            magnitude % divisor
        )
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({self})")
    }
}

impl FromStr for Amount {
    type Err = InvalidField;

    /// Parses a plain decimal: an optional leading `-`, digits, and optionally `.` followed
    /// by digits (`"250"`, `"100.5"`, `"-20"`, `"0.25"`). No exponent, no `+`, no spaces; at
    /// most 4 significant fraction digits (`"1.50000"` is fine, `"1.00001"` is not).
    ///
    /// ```
    /// use linepay_core::Amount;
    ///
    /// assert_eq!("-20".parse::<Amount>()?, Amount::whole(-20));
    /// assert!("1e3".parse::<Amount>().is_err());
    /// assert!("0.00001".parse::<Amount>().is_err());
    /// # Ok::<(), linepay_core::InvalidField>(())
    /// ```
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (negative, unsigned) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        let has_point = int.len() < unsigned.len();
        if int.is_empty()
            || !all_digits(int)
            || !all_digits(fraction)
            || (has_point && fraction.is_empty())
        {
            return Err(invalid(
                "must be a plain decimal number such as 250, 100.5 or -20 \
                 (no exponent, no spaces, no `+`)",
            ));
        }
        // Trailing zeros add no precision: "100.50" is 100.5.
        let fraction = fraction.trim_end_matches('0');
        if fraction.len() > usize::from(MAX_SCALE) {
            return Err(invalid("must have at most 4 decimal places"));
        }
        let mut mantissa: i128 = 0;
        for digit in int.bytes().chain(fraction.bytes()) {
            mantissa = mantissa
                .checked_mul(10)
                .and_then(|m| m.checked_add(i128::from(digit - b'0')))
                .ok_or_else(too_large)?;
        }
        if negative {
            mantissa = -mantissa;
        }
        // `fraction.len() <= MAX_SCALE`, checked above, so the cast cannot truncate.
        Self::normalized(mantissa, fraction.len() as u8)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.scale == 0 {
            // An integer, never `250.0`: LINE Pay rejects the latter with 1124.
            return serializer.serialize_i64(self.mantissa);
        }
        // The mantissa has at most 15 digits, below 2^53, so the cast is exact, and IEEE
        // division rounds correctly: the result is the `f64` nearest to the decimal value.
        // With at most 15 significant digits, that `f64`'s shortest representation (what
        // serde_json writes) is exactly this amount's decimal text.
        let value = self.mantissa as f64 / POWERS_OF_TEN[usize::from(self.scale)];
        serializer.serialize_f64(value)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `deserialize_any`: JSON says whether it saw an integer, a float or a string.
        deserializer.deserialize_any(AmountVisitor)
    }
}

struct AmountVisitor;

/// 10^15: the bound on amounts read from a float. Below it a float resolves every 1/8, so a
/// parse that lands an ulp off leaves a fraction that the 15-digit rule refuses instead of a
/// neighbouring whole amount. From 2^52 on a float steps by whole units, and serde_json's
/// default (not correctly rounded) parser reads `9007199254740991.0` as 9007199254740990.
const FLOAT_LIMIT: f64 = 1e15;

/// 2^63: no `i64` is this large (a float this large was an integer beyond 64 bits).
const I64_FLOAT_LIMIT: f64 = 9_223_372_036_854_775_808.0;

impl<'de> Visitor<'de> for AmountVisitor {
    type Value = Amount;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an amount as a JSON number or a decimal string")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Amount::whole(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        i64::try_from(v)
            .map(Amount::whole)
            .map_err(|_| E::custom(too_large()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if !v.is_finite() {
            return Err(E::custom(invalid("must be a finite number")));
        }
        if v.abs() >= I64_FLOAT_LIMIT {
            return Err(E::custom(too_large()));
        }
        if v.abs() >= FLOAT_LIMIT {
            return Err(E::custom(invalid(
                "is 10^15 or more with a fraction or an exponent, too large to be exact as a \
                 float; LINE Pay writes whole amounts as integers",
            )));
        }
        // The shortest text that reads back as `v` is what was meant: the JSON `100.15`
        // arrives as the nearest `f64`, whose shortest form is "100.15" again. `Display`
        // for `f64` prints that form without an exponent.
        v.to_string().parse().map_err(E::custom)
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
    use proptest::prelude::*;
    use serde_json::Value;

    fn amount(text: &str) -> Amount {
        text.parse().expect(text)
    }

    fn all_ways(json: &str) -> [Result<Amount, serde_json::Error>; 3] {
        let value: Value = serde_json::from_str(json).expect("test input is valid JSON");
        [
            serde_json::from_str(json),
            serde_json::from_slice(json.as_bytes()),
            serde_json::from_value(value),
        ]
    }

    #[test]
    fn whole_amounts_are_json_integers() {
        assert_eq!(serde_json::to_string(&Amount::whole(100)).unwrap(), "100");
        assert_eq!(serde_json::to_string(&amount("100.00")).unwrap(), "100");
        assert_eq!(serde_json::to_string(&Amount::whole(-20)).unwrap(), "-20");
        assert_eq!(
            serde_json::to_string(&Amount::whole(i64::MIN)).unwrap(),
            i64::MIN.to_string()
        );
        // The 1124 case: a float `10.0` coming in goes out as `10`.
        let refund: Amount = serde_json::from_str("10.0").unwrap();
        assert_eq!(serde_json::to_string(&refund).unwrap(), "10");
    }

    #[test]
    fn fractional_amounts_keep_their_digits() {
        for text in [
            "100.5", "0.25", "-0.25", "100.15", "19.99", "0.0001", "-20.5",
        ] {
            let parsed = amount(text);
            assert_eq!(parsed.to_string(), text);
            assert_eq!(serde_json::to_string(&parsed).unwrap(), text);
            for result in all_ways(text) {
                assert_eq!(result.unwrap(), parsed, "{text}");
            }
            let quoted = format!("\"{text}\"");
            for result in all_ways(&quoted) {
                assert_eq!(result.unwrap(), parsed, "{quoted}");
            }
        }
    }

    #[test]
    fn float_100_15_is_exact() {
        let parsed: Amount = serde_json::from_str("100.15").unwrap();
        assert_eq!(parsed, Amount::from_minor_units(10015, 2).unwrap());
        assert_eq!(parsed.fraction_digits(), 2);
        let from_value: Amount = serde_json::from_value(serde_json::json!(100.15)).unwrap();
        assert_eq!(from_value, parsed);
    }

    #[test]
    fn negative_refund_amounts() {
        let refund: Amount = serde_json::from_str("-20").unwrap();
        assert_eq!(refund, Amount::whole(-20));
        assert!(refund.is_negative() && !refund.is_positive() && refund.is_whole());
        assert_eq!(serde_json::to_string(&refund).unwrap(), "-20");
        assert_eq!(format!("{refund:?}"), "Amount(-20)");
    }

    #[test]
    fn numeric_equality_and_order() {
        assert_eq!(amount("100"), amount("100.00"));
        assert_eq!(amount("-0"), Amount::whole(0));
        assert!(amount("1.5") < Amount::whole(2));
        assert!(amount("-1.5") < Amount::whole(-1));
        assert!(amount("0.0001") > Amount::whole(0));
        assert!(Amount::whole(i64::MIN) < Amount::whole(i64::MAX));
    }

    #[test]
    fn integers_and_strings_in_every_form() {
        for json in ["250", "\"250\"", "250.0", "2.5e2", "\"250.000\""] {
            for result in all_ways(json) {
                assert_eq!(result.unwrap(), Amount::whole(250), "{json}");
            }
        }
        let max = i64::MAX.to_string();
        for result in all_ways(&max) {
            assert_eq!(result.unwrap(), Amount::whole(i64::MAX));
        }
    }

    #[test]
    fn bad_input_is_rejected() {
        for json in [
            "0.00001",
            "1e-5",
            "9223372036854775808",
            "1e20",
            "-1e300",
            "\"\"",
            "\"-\"",
            "\".5\"",
            "\"5.\"",
            "\"1e3\"",
            "\"+5\"",
            "\" 5\"",
            "\"1.2.3\"",
            "\"1,5\"",
            "\"--5\"",
            "\"0.00001\"",
            "\"99999999999999999999999999999999999999999999\"",
            "\"1234567890123456.7\"",
            "null",
            "true",
        ] {
            for result in all_ways(json) {
                let error = result.expect_err(json);
                assert!(!error.to_string().is_empty());
            }
        }
        let error = "1e3".parse::<Amount>().unwrap_err();
        assert_eq!(error.field(), "amount");
        let error = serde_json::from_str::<Amount>("0.00001").unwrap_err();
        assert!(error.to_string().contains("invalid `amount`"), "{error}");
    }

    #[test]
    fn floats_from_10_pow_15_on_are_rejected() {
        let inexact = "is 10^15 or more with a fraction or an exponent";
        for json in [
            "1e15",
            "-1e15",
            "9007199254740991.0",
            "1e17",
            "1234567890123456.7",
        ] {
            for result in all_ways(json) {
                let error = result.expect_err(json).to_string();
                assert!(error.contains(inexact), "{json}: {error}");
            }
        }
        // Beyond 64 bits the rule of integers applies, whichever way the number was written.
        for json in ["1e19", "18446744073709551616", "-9223372036854775809"] {
            for result in all_ways(json) {
                let error = result.expect_err(json).to_string();
                assert!(error.contains("must fit in 64 bits"), "{json}: {error}");
            }
        }
        for (json, expected) in [
            ("999999999999999.0", Amount::whole(999_999_999_999_999)),
            ("-1e14", Amount::whole(-100_000_000_000_000)),
            ("1000000000000000", Amount::whole(1_000_000_000_000_000)),
        ] {
            for result in all_ways(json) {
                assert_eq!(result.unwrap(), expected, "{json}");
            }
        }
    }

    #[test]
    fn minus_zero_is_zero() {
        for json in ["-0", "-0.0", "-0e3", "\"-0\""] {
            for result in all_ways(json) {
                assert_eq!(result.unwrap(), Amount::whole(0), "{json}");
            }
        }
    }

    #[test]
    fn non_finite_floats_are_rejected() {
        let error = AmountVisitor.visit_f64::<serde_json::Error>(f64::NAN);
        assert!(error.is_err());
        let error = AmountVisitor.visit_f64::<serde_json::Error>(f64::INFINITY);
        assert!(error.is_err());
    }

    #[test]
    fn minor_units_constructor() {
        assert_eq!(Amount::from_minor_units(1005, 1).unwrap(), amount("100.5"));
        assert_eq!(
            Amount::from_minor_units(-2000, 2).unwrap(),
            Amount::whole(-20)
        );
        assert_eq!(
            Amount::from_minor_units(i64::MAX, 0).unwrap(),
            Amount::whole(i64::MAX)
        );
        assert_eq!(
            Amount::from_minor_units(1, 5).unwrap_err().field(),
            "amount"
        );
        assert!(Amount::from_minor_units(1_000_000_000_000_001, 1).is_err());
        assert!(Amount::from_minor_units(999_999_999_999_999, 4).is_ok());
        // Trailing zeros make it whole, and whole amounts may use the full i64 range.
        assert!(Amount::from_minor_units(1_000_000_000_000_000, 1).is_ok());
    }

    #[test]
    fn arithmetic() {
        let price = amount("19.99");
        assert_eq!(price.checked_mul(3), Some(amount("59.97")));
        assert_eq!(price.checked_mul(0), Some(Amount::whole(0)));
        assert_eq!(amount("0.5").checked_mul(2), Some(Amount::whole(1)));
        assert!(amount("0.5").checked_mul(2).unwrap().is_whole());
        assert_eq!(
            amount("0.1").checked_add(amount("0.2")),
            Some(amount("0.3"))
        );
        assert_eq!(
            Amount::whole(100).checked_add(amount("-20")),
            Some(Amount::whole(80))
        );
        assert_eq!(Amount::whole(i64::MAX).checked_mul(2), None);
        assert_eq!(Amount::whole(i64::MIN).checked_add(Amount::whole(-1)), None);
        assert_eq!(Amount::whole(i64::MIN).checked_mul(u64::MAX), None);
        let largest = Amount::from_minor_units(999_999_999_999_999, 1).unwrap();
        assert_eq!(
            largest.checked_add(amount("0.1")),
            Some(Amount::whole(100_000_000_000_000))
        );
        assert_eq!(largest.checked_add(amount("0.01")), None);
    }

    #[test]
    fn check_currency_rules() {
        let whole = Amount::whole(100);
        let one_decimal = amount("100.5");
        let two_decimals = amount("100.25");
        let three_decimals = amount("100.125");
        for currency in [Currency::Twd, Currency::Thb, Currency::Usd] {
            assert!(whole.check_currency(&currency).is_ok());
        }
        let error = one_decimal.check_currency(&Currency::Twd).unwrap_err();
        assert_eq!(error.field(), "amount");
        assert_eq!(
            error.rule().to_string(),
            "TWD amounts must be whole numbers"
        );
        assert!(two_decimals.check_currency(&Currency::Usd).is_ok());
        assert!(two_decimals.check_currency(&Currency::Thb).is_ok());
        let error = three_decimals.check_currency(&Currency::Usd).unwrap_err();
        assert_eq!(
            error.rule(),
            &Rule::WrongScale {
                currency: "USD".into(),
                max_decimals: 2
            }
        );
        assert_eq!(
            error.rule().to_string(),
            "USD amounts may have at most 2 decimal places"
        );
        assert!(three_decimals.check_currency(&Currency::Thb).is_err());
        assert!(
            amount("1.0001")
                .check_currency(&Currency::from_code("JPY"))
                .is_ok()
        );
    }

    /// Amounts with a fraction, across the whole documented range.
    fn fractional_amount() -> impl Strategy<Value = Amount> {
        let max = MAX_FRACTIONAL_MANTISSA as i64;
        prop_oneof![
            (-max..=max, 1..=MAX_SCALE),
            // Small values, where the "0.000ddd" form and the sign matter.
            (-99_999_i64..=99_999, 1..=MAX_SCALE),
        ]
        .prop_filter("has a fraction", |(mantissa, _)| mantissa % 10 != 0)
        .prop_map(|(mantissa, scale)| Amount::from_minor_units(mantissa, scale).expect("in range"))
    }

    fn any_amount() -> impl Strategy<Value = Amount> {
        prop_oneof![any::<i64>().prop_map(Amount::whole), fractional_amount()]
    }

    proptest! {
        #[test]
        fn serialize_then_deserialize_is_identity(amount in any_amount()) {
            let json = serde_json::to_string(&amount).unwrap();
            // The JSON number is exactly the decimal text...
            prop_assert_eq!(&json, &amount.to_string());
            // ...whole amounts are integers...
            prop_assert_eq!(amount.is_whole(), !json.contains('.'));
            prop_assert!(!json.contains('e') && !json.contains('E'));
            // ...and every way back gives the same amount.
            for result in all_ways(&json) {
                prop_assert_eq!(result.unwrap(), amount);
            }
            prop_assert_eq!(amount.to_string().parse::<Amount>().unwrap(), amount);
        }

        #[test]
        fn shortest_f64_text_equals_decimal_text(amount in fractional_amount()) {
            prop_assert!(!amount.is_whole());
            let value = amount.mantissa as f64 / POWERS_OF_TEN[usize::from(amount.scale)];
            prop_assert_eq!(value.to_string(), amount.to_string());
        }

        #[test]
        fn order_matches_value(a in any_amount(), b in any_amount()) {
            prop_assert_eq!(a.cmp(&b), a.mantissa_at(MAX_SCALE).cmp(&b.mantissa_at(MAX_SCALE)));
            prop_assert_eq!(a == b, a.cmp(&b) == Ordering::Equal);
        }
    }
}

//! JSON numbers that reach a `deserialize_any` visitor in another shape when serde_json's
//! `arbitrary_precision` feature is on.
//!
//! Cargo unifies features, so one crate anywhere in a merchant's build (decimal crates do)
//! turns the feature on for linepay too. serde_json then hands every number that is not a
//! 64-bit integer (fractions, exponents, larger integers, `-0`) to `deserialize_any` as a
//! one-entry map `{"$serde_json::private::Number": "<text>"}`, also after `serde(flatten)`
//! buffered it; and a `serde_json::Value` hands integers beyond 64 bits over as
//! `u128`/`i128`. The visitors of [`Amount`](crate::Amount),
//! [`TransactionId`](crate::TransactionId) and [`ReturnCode`](crate::ReturnCode) send both
//! here, and get back the `visit_u64`, `visit_i64` or `visit_f64` call that serde_json
//! without the feature makes for the same number, so each rule keeps one code path and the
//! feature changes no answer.

use std::fmt;

use serde::Deserializer as _;
use serde::de::{self, IgnoredAny, MapAccess, Unexpected, Visitor};

/// The key of serde_json's number map (`serde_json::number::TOKEN`, private there).
const TOKEN: &str = "$serde_json::private::Number";

/// The map serde_json makes of a number: passes its text to [`visit_text`]. Any other map
/// is refused as a map, as a visitor without `visit_map` does.
pub(crate) fn visit_map<'de, A, V>(mut map: A, visitor: V) -> Result<V::Value, A::Error>
where
    A: MapAccess<'de>,
    V: Visitor<'de>,
{
    // Owned strings: after `serde(flatten)` the key and value come from serde's buffer,
    // which may not lend them.
    if map.next_key::<String>()?.as_deref() != Some(TOKEN) {
        return Err(de::Error::invalid_type(Unexpected::Map, &visitor));
    }
    let text: String = map.next_value()?;
    if map.next_key::<IgnoredAny>()?.is_some() {
        return Err(de::Error::invalid_type(Unexpected::Map, &visitor));
    }
    visit_text(&text, visitor)
}

/// An integer beyond 64 bits from a `Value`: read as JSON text, hence a float as serde_json
/// without `arbitrary_precision` reads it.
pub(crate) fn visit_u128<'de, V: Visitor<'de>, E: de::Error>(
    v: u128,
    visitor: V,
) -> Result<V::Value, E> {
    visit_text(&v.to_string(), visitor)
}

/// See [`visit_u128`].
pub(crate) fn visit_i128<'de, V: Visitor<'de>, E: de::Error>(
    v: i128,
    visitor: V,
) -> Result<V::Value, E> {
    visit_text(&v.to_string(), visitor)
}

/// Parses a number's text as serde_json without `arbitrary_precision` does, and makes the
/// same visitor call it would. serde_json's own parser, not `str::parse`: without
/// `float_roundtrip` it may land one ulp away from the nearest `f64`, and the answer must be
/// the same `f64` in both builds. `deserialize_f64` parses the text even with
/// `arbitrary_precision` and says whether it read a `u64`, an `i64` or an `f64`.
fn visit_text<'de, V: Visitor<'de>, E: de::Error>(text: &str, visitor: V) -> Result<V::Value, E> {
    let mut parser = serde_json::Deserializer::from_str(text);
    let parsed = parser
        .deserialize_f64(Parsed)
        .and_then(|number| parser.end().map(|()| number));
    match parsed {
        Ok(Number::U64(v)) => visitor.visit_u64(v),
        Ok(Number::I64(v)) => visitor.visit_i64(v),
        Ok(Number::F64(v)) => visitor.visit_f64(v),
        // Out of `f64`'s range (`1e400`), which serde_json without the feature refuses too;
        // or a hand-written map with something else in it.
        Err(_) => Err(E::invalid_value(
            Unexpected::Other(&format!("number {text}")),
            &"a JSON number within the range of f64",
        )),
    }
}

/// A number as serde_json's parser reads it.
enum Number {
    U64(u64),
    I64(i64),
    F64(f64),
}

struct Parsed;

impl Visitor<'_> for Parsed {
    type Value = Number;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON number")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
        Ok(Number::U64(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
        Ok(Number::I64(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
        Ok(Number::F64(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Amount, ReturnCode, TransactionId};
    use serde::Deserialize;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error, MapDeserializer};

    /// Records the visitor call made.
    struct Calls;

    impl Visitor<'_> for Calls {
        type Value = String;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a number")
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(format!("u64 {v}"))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(format!("i64 {v}"))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
            Ok(format!("f64 {v:?}"))
        }
    }

    fn number_map(entries: &[(&str, &str)]) -> Result<String, Error> {
        let entries = entries.iter().map(|&(k, v)| (k.to_owned(), v.to_owned()));
        visit_map(MapDeserializer::new(entries), Calls)
    }

    #[test]
    fn the_number_map_makes_the_call_serde_json_makes_without_the_feature() {
        let cases = [
            ("250", "u64 250"),
            ("-20", "i64 -20"),
            ("-0", "f64 -0.0"),
            ("100.5", "f64 100.5"),
            ("2.5e2", "f64 250.0"),
            ("18446744073709551616", "f64 1.8446744073709552e19"),
            ("-9223372036854775809", "f64 -9.223372036854776e18"),
        ];
        for (text, call) in cases {
            assert_eq!(number_map(&[(TOKEN, text)]).unwrap(), call, "{text}");
            let direct: String = serde_json::Deserializer::from_str(text)
                .deserialize_any(Calls)
                .unwrap();
            assert_eq!(direct, call, "{text}");
        }
        assert_eq!(
            visit_u128::<_, Error>(u128::from(u64::MAX) + 1, Calls).unwrap(),
            "f64 1.8446744073709552e19"
        );
        assert_eq!(visit_i128::<_, Error>(-1, Calls).unwrap(), "i64 -1");
    }

    /// Numbers that serde_json with `arbitrary_precision` hands over as a map or, from a
    /// `Value`, as `u128`/`i128`.
    const TEXTS: &[&str] = &[
        "100.5",
        "100.15",
        "19.99",
        "0.0001",
        "-0.25",
        "-20.5",
        "250.0",
        "2.5e2",
        "1005e-1",
        "-0",
        "-0.0",
        "0.00001",
        "1e-5",
        "1e15",
        "1e17",
        "9007199254740991.0",
        "1e19",
        "-1e300",
        "1.5",
        "2.0196e18",
        "2019049910005496810.0",
        "1104.0",
        "18446744073709551616",
        "-9223372036854775809",
        "99999999999999999999999999",
    ];

    /// An error message without what it quotes between backticks: serde_json writes the
    /// float of an `invalid type` error in a form of its own.
    fn words(error: impl fmt::Display) -> String {
        let text = error.to_string();
        text.split('`').step_by(2).collect()
    }

    /// The map of `text` gives what the text itself gives without `arbitrary_precision`:
    /// the same value, or an error with the same message.
    fn assert_same<T>(text: &str)
    where
        T: for<'de> Deserialize<'de> + PartialEq + fmt::Debug,
    {
        let entries = [(TOKEN.to_owned(), text.to_owned())];
        let from_map = T::deserialize(MapDeserializer::<_, Error>::new(entries.into_iter()));
        let from_text = serde_json::from_str::<T>(text);
        match (&from_map, &from_text) {
            (Ok(map), Ok(text)) => assert_eq!(map, text),
            // serde_json adds the position.
            (Err(map), Err(json)) => assert!(
                words(json).starts_with(&words(map)),
                "{text}: {map} / {json}"
            ),
            _ => panic!("{text}: {from_map:?} / {from_text:?}"),
        }
    }

    #[test]
    fn number_maps_decode_as_their_text_does() {
        for text in TEXTS {
            assert_same::<Amount>(text);
            assert_same::<TransactionId>(text);
            assert_same::<ReturnCode>(text);
        }
    }

    #[test]
    fn integers_beyond_64_bits_decode_as_their_text_does() {
        fn assert_same<T>(big: i128, text: &str)
        where
            T: for<'de> Deserialize<'de> + fmt::Debug,
        {
            let from_i128 = T::deserialize(big.into_deserializer()).map_err(|e: Error| e);
            let from_text = serde_json::from_str::<T>(text);
            let (Err(big), Err(json)) = (&from_i128, &from_text) else {
                panic!("{text}: {from_i128:?} / {from_text:?}")
            };
            assert!(words(json).starts_with(&words(big)), "{big} / {json}");
        }
        for text in ["18446744073709551616", "-9223372036854775809"] {
            let big: i128 = text.parse().unwrap();
            assert_same::<Amount>(big, text);
            assert_same::<TransactionId>(big, text);
            assert_same::<ReturnCode>(big, text);
        }
        let big = u128::from(u64::MAX) + 1;
        let from_u128 = Amount::deserialize(big.into_deserializer()).map_err(|e: Error| e);
        assert!(
            from_u128
                .unwrap_err()
                .to_string()
                .contains("must fit in 64 bits")
        );
    }

    #[test]
    fn other_maps_and_texts_are_refused() {
        let map_error = "invalid type: map, expected a number";
        assert_eq!(number_map(&[]).unwrap_err().to_string(), map_error);
        assert_eq!(
            number_map(&[("amount", "1")]).unwrap_err().to_string(),
            map_error
        );
        let two = number_map(&[(TOKEN, "1"), ("x", "2")]).unwrap_err();
        assert_eq!(two.to_string(), map_error);
        for text in ["1e400", "", "1 2", "x", "+1", "0x10"] {
            let error = number_map(&[(TOKEN, text)]).unwrap_err();
            assert!(
                error.to_string().contains("within the range of f64"),
                "{text}"
            );
        }
    }
}

//! The point of this crate is to decode with serde_json's `arbitrary_precision`,
//! `float_roundtrip` and `preserve_order` on; these tests fail if any of them is off, so the
//! suite can never pass while quietly testing the default build.

use serde_json::{Map, Number, Value};

#[test]
fn arbitrary_precision_keeps_every_digit() {
    // An f64 would print this as 0.1.
    let text = "0.1000000000000000000001";
    let number: Number = serde_json::from_str(text).expect("a JSON number");
    assert_eq!(number.to_string(), text);
    // Integers beyond 64 bits, too (an f64 would give 1.8446744073709552e19).
    let big: Value = serde_json::from_str("18446744073709551616").expect("a JSON number");
    assert_eq!(big.to_string(), "18446744073709551616");
}

#[test]
fn preserve_order_keeps_insertion_order() {
    let mut map = Map::new();
    map.insert("b".to_owned(), Value::from(1));
    map.insert("a".to_owned(), Value::from(2));
    assert_eq!(map.keys().collect::<Vec<_>>(), ["b", "a"]);
    let parsed: Value = serde_json::from_str(r#"{"b":1,"a":2}"#).expect("a JSON object");
    assert_eq!(parsed.to_string(), r#"{"b":1,"a":2}"#);
}

#[test]
fn float_roundtrip_parses_like_the_standard_library() {
    // serde_json's default float parser, faster but not always correctly rounded, gives
    // these a neighbouring f64 (the first ends in …994 instead of …992); with
    // `float_roundtrip` it agrees with `str::parse`. `f64` goes through `deserialize_f64`,
    // which parses the text itself even with `arbitrary_precision`.
    for text in [
        "9007199254740993.0",
        "2.2250738585072011e-308",
        "8.988465674311579e307",
    ] {
        let parsed: f64 = serde_json::from_str(text).expect("a JSON number");
        let expected: f64 = text.parse().expect("a float");
        assert_eq!(parsed.to_bits(), expected.to_bits(), "{text}");
    }
}

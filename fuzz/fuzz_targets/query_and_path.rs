//! Arbitrary text → the query decoder, the path matcher and percent-decoding.
//!
//! Properties, besides never panicking:
//!
//! - `parse_query` then `QueryWriter` then `parse_query` gives the same pairs (decoded
//!   pairs survive the one encoder), and the encoder's output holds only unreserved
//!   characters, `%XX`, `=` and `&`;
//! - the text as a path parameter, written with `push_param`, matches the template and reads
//!   back as the same text;
//! - the text put raw into a placeholder matches exactly when it is a non-empty segment;
//! - every query value and path parameter parses (or fails) as every parameter type.

#![no_main]

use libfuzzer_sys::fuzz_target;
use linepay_core::endpoint::params::QueryField;
use linepay_core::endpoint::path::{PathMatch, push_param};
use linepay_core::endpoint::query::{QueryWriter, parse_query};
use linepay_core::{Amount, Currency, OrderId, RegKey, TransactionId};
use linepay_fuzz::TEMPLATES;
use percent_encoding::percent_decode_str;

/// A template beyond the ten, with two placeholders (a user's own endpoint).
const TWO_PLACEHOLDERS: &str = "/v3/payments/<transactionId>/refunds/<refundId>";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    query(&text);
    for template in TEMPLATES.iter().copied().chain([TWO_PLACEHOLDERS]) {
        path(template, &text);
    }
    // Percent-decoding of arbitrary text, strict and lossy.
    let decoded = percent_decode_str(&text);
    let _ = decoded.clone().decode_utf8();
    let _ = decoded.decode_utf8_lossy();
});

fn query(text: &str) {
    let pairs = parse_query(text);
    let mut out = Vec::new();
    let mut writer = QueryWriter::new(&mut out);
    for (key, value) in &pairs {
        writer.pair(key, value);
    }
    let encoded = String::from_utf8(out).expect("the encoder writes ASCII");
    assert!(
        encoded
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~%=&".contains(&b)),
        "the encoder left a reserved byte in {encoded:?}"
    );
    let again = parse_query(&encoded);
    assert_eq!(again, pairs, "decoded pairs do not survive re-encoding");

    // Every key's values as every query field type.
    for (key, _) in &pairs {
        let values: Vec<&str> = pairs
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_ref())
            .collect();
        let _ = <Vec<TransactionId>>::from_query("transactionId", &values);
        let _ = <Vec<OrderId>>::from_query("orderId", &values);
        let _ = <Option<bool>>::from_query("creditCardAuth", &values);
        let _ = <Option<Amount>>::from_query("amount", &values);
        let _ = <Currency>::from_query("currency", &values);
        let _ = <RegKey>::from_query("regKey", &values);
        let _ = <Option<u32>>::from_query("n", &values).map_err(|e| e.to_string());
    }
}

fn placeholders(template: &'static str) -> impl Iterator<Item = &'static str> {
    template
        .split('/')
        .filter_map(|segment| segment.strip_prefix('<')?.strip_suffix('>'))
}

fn path(template: &'static str, text: &str) {
    // The text as a received path.
    if let Ok(matched) = PathMatch::new(template, text) {
        let _ = format!("{matched:?}");
        for name in placeholders(template) {
            let _ = matched.param::<String>(name);
            let _ = matched.param::<TransactionId>(name);
            let _ = matched.param::<RegKey>(name);
            let _ = matched.param::<u64>(name);
        }
    }
    if placeholders(template).next().is_none() {
        return;
    }

    // The text as a parameter, encoded by the client's encoder: always one segment, and it
    // reads back unchanged.
    let mut encoded = String::new();
    let mut raw = String::new();
    for (i, segment) in template.split('/').enumerate() {
        if i > 0 {
            encoded.push('/');
            raw.push('/');
        }
        if segment.starts_with('<') {
            push_param(&mut encoded, &text.to_owned());
            raw.push_str(text);
        } else {
            encoded.push_str(segment);
            raw.push_str(segment);
        }
    }
    match PathMatch::new(template, &encoded) {
        Ok(matched) => {
            for name in placeholders(template) {
                let back: String = matched
                    .param(name)
                    .unwrap_or_else(|e| panic!("{text:?} written as {encoded:?}: {e}"));
                assert_eq!(back, text);
            }
        }
        Err(error) => assert!(
            text.is_empty(),
            "{encoded:?} does not match {template}: {error}"
        ),
    }

    // The text put in raw: a match exactly when it is one non-empty segment.
    let fits = !text.is_empty() && !text.contains('/');
    assert_eq!(
        PathMatch::new(template, &raw).is_ok(),
        fits,
        "{raw:?} against {template}"
    );
}

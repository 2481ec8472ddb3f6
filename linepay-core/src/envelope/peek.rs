//! The return code of an answer that does not decode: a body cut short, or `info` that breaks
//! its schema. A `0000` read here is LINE Pay's word that the call took effect.

use std::fmt;

use serde::Deserializer as _;
use serde::de::{IgnoredAny, MapAccess, Visitor};

use crate::return_code::ReturnCode;

/// The `returnCode` (or legacy `resultCode`) of `body`, when it can be read in full before
/// anything breaks: `{"returnCode":"0000","info":{"transac` gives `0000`,
/// `{"returnCo` gives nothing.
pub(crate) fn return_code(body: &[u8]) -> Option<ReturnCode> {
    let mut found = None;
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    // The error that ends a truncated body is expected: what was read before it counts.
    let _ = deserializer.deserialize_map(FirstCode(&mut found));
    found
}

/// Reads the top-level keys until the return code, skipping everything else.
struct FirstCode<'a>(&'a mut Option<ReturnCode>);

impl<'de> Visitor<'de> for FirstCode<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a LINE Pay envelope")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key == "returnCode" || key == "resultCode" {
                *self.0 = Some(map.next_value::<ReturnCode>()?);
                return Ok(());
            }
            map.next_value::<IgnoredAny>()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_code_before_the_break() {
        let cases: [(&[u8], Option<&str>); 9] = [
            (
                br#"{"returnCode":"0000","returnMessage":"Success.","info":{"transac"#,
                Some("0000"),
            ),
            (
                br#"{"returnCode":"0000","returnMessage":"Success.","info":"unavailable"}"#,
                Some("0000"),
            ),
            (
                br#"{"returnMessage":"Success.","returnCode":"0000","info":{"#,
                Some("0000"),
            ),
            (
                br#"{"info":{"transactionId":1},"returnCode":"9000"}"#,
                Some("9000"),
            ),
            (br#"{"resultCode":1104,"statusMessage":"x"}"#, Some("1104")),
            (br#"{"returnCode":"00"#, None),
            (br#"{"returnMessage":"Success.","info":{"a":"#, None),
            (b"<html>502</html>", None),
            (b"", None),
        ];
        for (body, code) in cases {
            assert_eq!(
                return_code(body).as_ref().map(ReturnCode::as_str),
                code,
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}

//! How answers are read where LINE Pay (or what imitates it) bends its own shapes: `null`
//! where a list or text is expected, one object where a list is expected.
//!
//! An answer often arrives after money moved; a shape the merchant cannot read then costs
//! more than a lenient reading, so every list and every defaulted field of an answer goes
//! through here.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// `null` (or absence, with `#[serde(default)]`) read as the type's empty value:
/// `"refundList": null` is no refunds.
///
/// Use as `#[serde(default, deserialize_with = "null_as_default")]`.
pub(crate) fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// Text borrowed from the input when it can be, `null` read as empty: the envelope's
/// `returnMessage`, which a success may carry as `null`.
///
/// Use as `#[serde(default, borrow, deserialize_with = "null_as_empty_text")]`.
pub(crate) fn null_as_empty_text<'de: 'a, 'a, D>(deserializer: D) -> Result<Cow<'a, str>, D::Error>
where
    D: Deserializer<'de>,
{
    deserializer.deserialize_option(Text)
}

/// Reads [`null_as_empty_text`]: `null` as empty, then the text, borrowed when unescaped.
struct Text;

impl<'de> Visitor<'de> for Text {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string or null")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(""))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(""))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(text))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text))
    }
}

/// A list that may also arrive as one object or as `null`: Payment Details' `info`, which
/// SDK fixtures serve as a single object.
pub(crate) struct OneOrMany<T>(pub(crate) Vec<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OneOrManyVisitor(PhantomData))
    }
}

impl<T> From<OneOrMany<T>> for Vec<T> {
    fn from(list: OneOrMany<T>) -> Self {
        list.0
    }
}

struct OneOrManyVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrManyVisitor<T> {
    type Value = OneOrMany<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list, one object or null")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // Capped: the size hint comes from the input.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(OneOrMany(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(|one| OneOrMany(vec![one]))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(OneOrMany(Vec::new()))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(OneOrMany(Vec::new()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    struct Answer {
        #[serde(default, deserialize_with = "null_as_default")]
        list: Vec<u8>,
        #[serde(default, deserialize_with = "null_as_default")]
        text: String,
    }

    #[test]
    fn null_and_absence_are_empty() {
        for json in [r#"{}"#, r#"{"list":null,"text":null}"#] {
            let answer: Answer = serde_json::from_str(json).expect(json);
            assert_eq!(answer, Answer::default());
        }
        let answer: Answer = serde_json::from_str(r#"{"list":[1],"text":"a"}"#).expect("full");
        assert_eq!(answer.list, [1]);
        assert!(serde_json::from_str::<Answer>(r#"{"list":{}}"#).is_err());
    }

    #[test]
    fn text_is_borrowed_and_null_is_empty() {
        #[derive(serde::Deserialize)]
        struct Envelope<'a> {
            #[serde(default, borrow, deserialize_with = "null_as_empty_text")]
            message: Cow<'a, str>,
        }
        let read = |json: &'static str| {
            serde_json::from_str::<Envelope<'_>>(json)
                .map(|envelope| envelope.message)
                .map_err(|e| e.to_string())
        };
        assert!(matches!(
            read(r#"{"message":"OK"}"#),
            Ok(Cow::Borrowed("OK"))
        ));
        assert_eq!(
            read(r#"{"message":"\"OK\""}"#),
            Ok(Cow::Owned(r#""OK""#.to_owned()))
        );
        assert_eq!(read(r#"{"message":null}"#), Ok(Cow::Borrowed("")));
        assert_eq!(read("{}"), Ok(Cow::Borrowed("")));
        assert!(read(r#"{"message":1}"#).is_err());
    }

    #[test]
    fn one_object_is_a_list_of_one() {
        let read = |json: &str| {
            serde_json::from_str::<OneOrMany<Answer>>(json)
                .map(|many| many.0.len())
                .map_err(|e| e.to_string())
        };
        assert_eq!(read("[]"), Ok(0));
        assert_eq!(read("null"), Ok(0));
        assert_eq!(read(r#"[{},{"list":[2]}]"#), Ok(2));
        assert_eq!(read(r#"{"list":[2]}"#), Ok(1));
        assert!(read("1").is_err());
        assert!(read(r#"{"list":"no"}"#).is_err());
    }
}

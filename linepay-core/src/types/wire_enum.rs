//! Enumerations of LINE Pay wire strings that keep values they do not know.
//!
//! LINE Pay adds values (a pay method, a status) without notice; a client that fails to
//! decode a whole payment because of one new string loses the payment. Every such
//! enumeration is declared with [`wire_enum!`], which adds an `Other(String)` variant holding
//! unknown values exactly as received, so they round-trip.

/// Declares a `#[non_exhaustive]` enum of wire strings with an `Other(String)` variant,
/// `from_wire`, `as_str`, `Display`, `From<&str>` and serde as the string.
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$variant_meta])* $variant, )+
            /// A value this version of linepay does not know, kept exactly as received.
            Other(String),
        }

        impl $name {
            /// Reads a wire value; an unknown one becomes `Other`.
            pub fn from_wire(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )+
                    other => Self::Other(other.to_owned()),
                }
            }

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Other(value) => value,
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::from_wire(value)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(Self::from_wire(&value))
            }
        }
    };
}

pub(crate) use wire_enum;

#[cfg(test)]
mod tests {
    wire_enum! {
        /// A test enumeration.
        pub enum Fruit {
            /// An apple.
            Apple = "APPLE",
            /// A pear.
            Pear = "PEAR",
        }
    }

    #[test]
    fn known_values_map_to_variants() {
        assert_eq!(Fruit::from_wire("APPLE"), Fruit::Apple);
        assert_eq!(Fruit::Pear.as_str(), "PEAR");
        assert_eq!(serde_json::to_string(&Fruit::Apple).unwrap(), r#""APPLE""#);
        assert_eq!(
            serde_json::from_str::<Fruit>(r#""PEAR""#).unwrap(),
            Fruit::Pear
        );
    }

    #[test]
    fn unknown_values_round_trip() {
        let kiwi: Fruit = serde_json::from_str(r#""KIWI""#).unwrap();
        assert_eq!(kiwi, Fruit::Other("KIWI".to_owned()));
        assert_eq!(serde_json::to_string(&kiwi).unwrap(), r#""KIWI""#);
        assert_eq!(kiwi.to_string(), "KIWI");
    }

    #[test]
    fn non_strings_are_rejected() {
        assert!(serde_json::from_str::<Fruit>("1").is_err());
    }
}

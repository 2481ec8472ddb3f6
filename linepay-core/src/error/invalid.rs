//! [`InvalidField`]: a request field that breaks a rule, and the [`Rule`] it breaks.
//!
//! Value types (`Amount`, `OrderId`, …), validation and the client all build these, so it
//! depends only on [`ApiVersion`], itself a leaf.

use std::borrow::Cow;
use std::fmt;

use crate::endpoint::paths::ApiVersion;

/// A request field that breaks one of LINE Pay's rules, found before anything was sent.
///
/// `field` is the path of the field as it appears on the wire (`packages[1].products[0].price`),
/// `rule` says what the value must be, as a [`Rule`] a program can match on.
///
/// ```
/// use linepay_core::{InvalidField, Rule};
///
/// let error = InvalidField::new("price", Rule::NotPositive).within("packages[1].products[0]");
/// assert_eq!(error.field(), "packages[1].products[0].price");
/// assert_eq!(error.rule(), &Rule::NotPositive);
/// assert_eq!(error.to_string(), "invalid `packages[1].products[0].price`: must be greater than 0");
///
/// // A rule of your own endpoint, in words.
/// let own = InvalidField::new("memo", "must be ASCII");
/// assert_eq!(own.rule(), &Rule::Other("must be ASCII".into()));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid `{field}`: {rule}")]
pub struct InvalidField {
    field: Cow<'static, str>,
    rule: Rule,
}

impl InvalidField {
    /// A field and the rule it breaks: a [`Rule`], or a rule in words (a `&'static str` or a
    /// `String`, which becomes [`Rule::Other`]).
    pub fn new(field: impl Into<Cow<'static, str>>, rule: impl Into<Rule>) -> Self {
        Self {
            field: field.into(),
            rule: rule.into(),
        }
    }

    /// Places the field inside `parent`, so that `price` becomes `packages[0].price`.
    #[must_use]
    pub fn within(self, parent: &str) -> Self {
        Self {
            field: Cow::Owned(format!("{parent}.{}", self.field)),
            rule: self.rule,
        }
    }

    /// The wire path of the offending field.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The rule the value breaks.
    pub fn rule(&self) -> &Rule {
        &self.rule
    }
}

/// What a field's value must be. Each variant prints as the sentence an error shows after the
/// field's name; new variants may be added (match with a `_` arm).
///
/// linepay-mock answers with LINE Pay's return code for the rule: `1124` for
/// [`WrongScale`](Rule::WrongScale), `1183` for an amount that is
/// [`NotPositive`](Rule::NotPositive), `1177` for Payment Details' [`TooMany`](Rule::TooMany)
/// ids, `2101` for the others.
///
/// ```
/// use linepay_core::api::v3::ConfirmPayment;
/// use linepay_core::{Amount, Currency, Endpoint, Rule, TransactionId};
///
/// let confirm = ConfirmPayment {
///     transaction_id: TransactionId::new(2019049910005496810),
///     amount: "100.5".parse()?,
///     currency: Currency::Twd,
/// };
/// let error = confirm.validate().unwrap_err();
/// assert_eq!(error.field(), "amount");
/// match error.rule() {
///     Rule::WrongScale { max_decimals, .. } => assert_eq!(*max_decimals, 0),
///     other => panic!("{other}"),
/// }
/// assert_eq!(error.rule().to_string(), "TWD amounts must be whole numbers");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// An empty string where LINE Pay needs a value.
    Empty,
    /// An empty list where LINE Pay needs at least one element.
    NoElements,
    /// Longer than LINE Pay accepts, counted in characters (not bytes).
    TooLong {
        /// The most characters allowed.
        max_chars: usize,
    },
    /// More elements than LINE Pay accepts (Payment Details: ids in all).
    TooMany {
        /// The most allowed.
        max: usize,
    },
    /// A number below its minimum.
    BelowMinimum {
        /// The least allowed.
        min: i64,
    },
    /// A control character (a line break in a URL would reach a `Location` header).
    ControlCharacters,
    /// Anything but the ASCII digits `0`–`9` (a My Code).
    NotDigits,
    /// Not the one length LINE Pay accepts here (a My Code of the payment's country).
    WrongLength {
        /// The length required, in characters.
        chars: usize,
    },
    /// An amount of zero or less where LINE Pay needs more than zero.
    NotPositive,
    /// A negative amount.
    Negative,
    /// More fraction digits than the currency has: `100.5` TWD.
    WrongScale {
        /// The currency's code: `TWD`.
        currency: Cow<'static, str>,
        /// The fraction digits the currency allows (0 for TWD).
        max_decimals: u8,
    },
    /// An endpoint or a field the client's API version does not have (a v4-only field set on
    /// a v3 client): LINE Pay would ignore or refuse it.
    NotInVersion {
        /// The client's version.
        version: ApiVersion,
    },
    /// Any other rule, in words.
    Other(Cow<'static, str>),
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Empty => f.write_str("must not be empty"),
            Rule::NoElements => f.write_str("must have at least one element"),
            Rule::TooLong { max_chars } => write!(f, "must be at most {max_chars} characters"),
            Rule::TooMany { max } => write!(f, "must have at most {max} elements"),
            Rule::BelowMinimum { min } => write!(f, "must be at least {min}"),
            Rule::ControlCharacters => f.write_str("must not contain control characters"),
            Rule::NotDigits => f.write_str("must be digits only"),
            Rule::WrongLength { chars } => write!(f, "must be exactly {chars} characters"),
            Rule::NotPositive => f.write_str("must be greater than 0"),
            Rule::Negative => f.write_str("must not be negative"),
            Rule::WrongScale {
                currency,
                max_decimals: 0,
            } => write!(f, "{currency} amounts must be whole numbers"),
            Rule::WrongScale {
                currency,
                max_decimals,
            } => write!(
                f,
                "{currency} amounts may have at most {max_decimals} decimal places"
            ),
            Rule::NotInVersion { version } => write!(f, "is not part of API {version}"),
            Rule::Other(words) => f.write_str(words),
        }
    }
}

impl From<&'static str> for Rule {
    fn from(words: &'static str) -> Self {
        Rule::Other(Cow::Borrowed(words))
    }
}

impl From<String> for Rule {
    fn from(words: String) -> Self {
        Rule::Other(Cow::Owned(words))
    }
}

impl From<Cow<'static, str>> for Rule {
    fn from(words: Cow<'static, str>) -> Self {
        Rule::Other(words)
    }
}

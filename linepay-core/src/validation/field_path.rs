//! Where a field is, and the checks that name it.
//!
//! A failure names the field by its wire path (`packages[1].products[0].price`). Paths are
//! built lazily: a [`FieldPath`] is a chain of borrowed segments on the stack, turned into a
//! string only when a check fails, so validating a valid request allocates nothing.

use std::fmt;

use crate::error::{InvalidField, Rule};
use crate::types::{Amount, Currency};

/// Where a field is in the request: `packages[1].products[0].price`.
#[derive(Clone, Copy)]
pub(crate) enum FieldPath<'a> {
    /// The request itself.
    Root,
    /// A member of an object.
    Field(&'a FieldPath<'a>, &'static str),
    /// An element of an array.
    Index(&'a FieldPath<'a>, usize),
}

impl<'a> FieldPath<'a> {
    /// The member `name` of this object.
    pub(crate) fn field(&'a self, name: &'static str) -> FieldPath<'a> {
        FieldPath::Field(self, name)
    }

    /// The element `index` of this array.
    pub(crate) fn index(&'a self, index: usize) -> FieldPath<'a> {
        FieldPath::Index(self, index)
    }

    /// The error for this field breaking `rule`.
    pub(crate) fn invalid(&self, rule: impl Into<Rule>) -> InvalidField {
        InvalidField::new(self.to_string(), rule)
    }

    /// A `tracing` warning that this field breaks `rule`, which LINE Pay does not refuse
    /// (it truncates, or its own examples break the rule): the request is sent as it is.
    pub(crate) fn warn(&self, rule: fmt::Arguments<'_>) {
        tracing::warn!(field = %self, rule = %rule, "LINE Pay does not refuse this; sending as is");
    }

    /// At most `max` characters (LINE Pay counts characters, not bytes).
    pub(crate) fn max_chars(&self, value: &str, max: usize) -> Result<(), InvalidField> {
        // Cheap test first: a string of at most `max` bytes has at most `max` characters.
        if value.len() > max && value.chars().count() > max {
            return Err(self.invalid(Rule::TooLong { max_chars: max }));
        }
        Ok(())
    }

    /// A `tracing` warning when `value` is over `max` characters, which LINE Pay truncates
    /// to `max` rather than refusing.
    pub(crate) fn truncated_after(&self, value: &str, max: usize) {
        if value.len() > max && value.chars().count() > max {
            self.warn(format_args!(
                "LINE Pay keeps only the first {max} characters"
            ));
        }
    }

    /// No control characters (a line break in a URL would end up in a `Location` header).
    pub(crate) fn no_control_chars(&self, value: &str) -> Result<(), InvalidField> {
        if value.chars().any(char::is_control) {
            return Err(self.invalid(Rule::ControlCharacters));
        }
        Ok(())
    }

    /// Not empty.
    pub(crate) fn not_empty(&self, value: &str) -> Result<(), InvalidField> {
        if value.is_empty() {
            return Err(self.invalid(Rule::Empty));
        }
        Ok(())
    }

    /// At least one element.
    pub(crate) fn at_least_one<T>(&self, items: &[T]) -> Result<(), InvalidField> {
        if items.is_empty() {
            return Err(self.invalid(Rule::NoElements));
        }
        Ok(())
    }

    /// Greater than zero.
    pub(crate) fn positive(&self, amount: &Amount) -> Result<(), InvalidField> {
        if !amount.is_positive() {
            return Err(self.invalid(Rule::NotPositive));
        }
        Ok(())
    }

    /// Zero or more.
    pub(crate) fn not_negative(&self, amount: &Amount) -> Result<(), InvalidField> {
        if amount.is_negative() {
            return Err(self.invalid(Rule::Negative));
        }
        Ok(())
    }

    /// No more fraction digits than `currency` has (whole amounts for TWD).
    pub(crate) fn in_currency(
        &self,
        amount: &Amount,
        currency: &Currency,
    ) -> Result<(), InvalidField> {
        amount
            .check_currency(currency)
            .map_err(|error| self.invalid(error.rule().clone()))
    }

    /// An amount that may be zero, expressible in `currency` (prices, fees, limits).
    pub(crate) fn not_negative_money(
        &self,
        amount: &Amount,
        currency: &Currency,
    ) -> Result<(), InvalidField> {
        self.not_negative(amount)?;
        self.in_currency(amount, currency)
    }

    /// A positive amount expressible in `currency`.
    pub(crate) fn money(&self, amount: &Amount, currency: &Currency) -> Result<(), InvalidField> {
        self.positive(amount)?;
        self.in_currency(amount, currency)
    }
}

impl fmt::Display for FieldPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Root => Ok(()),
            FieldPath::Field(FieldPath::Root, name) => f.write_str(name),
            FieldPath::Field(parent, name) => write!(f, "{parent}.{name}"),
            FieldPath::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_like_the_wire() {
        let root = FieldPath::Root;
        let packages = root.field("packages");
        let package = packages.index(1);
        let products = package.field("products");
        let product = products.index(0);
        assert_eq!(
            product.field("price").to_string(),
            "packages[1].products[0].price"
        );
        assert_eq!(root.field("amount").to_string(), "amount");
    }

    #[test]
    fn length_is_counted_in_characters() {
        let name = FieldPath::Root.field("name");
        assert!(name.max_chars(&"測".repeat(4), 4).is_ok());
        let error = name.max_chars(&"測".repeat(5), 4).unwrap_err();
        assert_eq!(error.field(), "name");
        assert_eq!(error.rule(), &Rule::TooLong { max_chars: 4 });
        assert_eq!(error.rule().to_string(), "must be at most 4 characters");
    }

    #[test]
    fn money_rules() {
        let amount = FieldPath::Root.field("amount");
        assert!(amount.money(&Amount::whole(1), &Currency::Twd).is_ok());
        assert_eq!(
            amount
                .money(&Amount::whole(0), &Currency::Twd)
                .unwrap_err()
                .rule(),
            &Rule::NotPositive
        );
        let half: Amount = "0.5".parse().unwrap();
        assert_eq!(
            amount.money(&half, &Currency::Twd).unwrap_err().to_string(),
            "invalid `amount`: TWD amounts must be whole numbers"
        );
        assert!(amount.money(&half, &Currency::Thb).is_ok());
    }
}

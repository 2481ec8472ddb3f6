//! What a client does with a request that breaks a client-side rule.

use crate::error::InvalidField;

/// What [`Client::prepare`](crate::Client::prepare) (and so `send`) does when
/// [`Endpoint::validate`](crate::Endpoint::validate) finds a rule broken.
///
/// The rules (listed in [`validation`](crate::validation)) are LINE Pay's, checked early so
/// that a mistake is named before anything is sent. On the day LINE Pay changes a rule before
/// this library does, [`Validation::WarnOnly`] lets LINE Pay be the judge again; signing,
/// encoding and the types' own invariants (exact amounts, 64-bit ids, a valid order id) stay
/// on. For one call instead of a whole client, wrap it in [`Unchecked`](crate::Unchecked).
///
/// ```
/// use linepay_core::{Amount, Client, Credentials, Currency, TransactionId, Validation};
/// use linepay_core::api::v3::ConfirmPayment;
///
/// let credentials = Credentials::new("1234567890", "your-channel-secret")?;
/// let strict: Client = Client::builder(credentials.clone()).build();
/// let lenient: Client = Client::builder(credentials).validation(Validation::WarnOnly).build();
///
/// // Zero is refused here (LINE Pay answers 1183); with `WarnOnly` it goes to LINE Pay.
/// let confirm = ConfirmPayment {
///     transaction_id: TransactionId::new(2019049910005496810),
///     amount: Amount::whole(0),
///     currency: Currency::Twd,
/// };
/// assert!(strict.prepare(&confirm).is_err());
/// assert_eq!(lenient.prepare(&confirm)?.body().as_ref(), br#"{"amount":0,"currency":"TWD"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Validation {
    /// Refuse the request with [`Error::Invalid`](crate::Error::Invalid), naming the field
    /// and the rule, before anything is signed or sent (the default).
    #[default]
    Enforce,
    /// Send it anyway and let LINE Pay judge; the broken rule is logged as a `tracing`
    /// warning, so a refusal by LINE Pay that follows can be traced to it.
    WarnOnly,
}

impl Validation {
    /// Applies this mode to the outcome of a request's checks.
    pub(crate) fn apply(self, checked: Result<(), InvalidField>) -> Result<(), InvalidField> {
        match (self, checked) {
            (Validation::WarnOnly, Err(invalid)) => {
                sending_anyway(&invalid);
                Ok(())
            }
            (_, checked) => checked,
        }
    }
}

/// The warning for a request sent although it breaks a client-side rule.
pub(crate) fn sending_anyway(invalid: &InvalidField) {
    tracing::warn!(
        field = invalid.field(),
        rule = %invalid.rule(),
        "client-side check failed; sending anyway, LINE Pay judges"
    );
}

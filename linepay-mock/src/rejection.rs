//! [`Rejection`]: LINE Pay's refusal of a call, as the checks and the ledger answer it.

use std::borrow::Cow;

use linepay_core::ReturnCode;

/// A refused API call: the return code and message LINE Pay would answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rejection {
    pub(crate) code: ReturnCode,
    pub(crate) message: Cow<'static, str>,
}

/// A rejection with `code` and `message`.
pub(crate) fn reject(code: ReturnCode, message: impl Into<Cow<'static, str>>) -> Rejection {
    Rejection {
        code,
        message: message.into(),
    }
}

/// `1124`: an amount with the wrong scale for its currency.
pub(crate) fn amount_info_error() -> Rejection {
    reject(ReturnCode::AmountInfoError, "Error in Amount info.")
}

/// `1183`: an amount that is zero or negative.
pub(crate) fn amount_not_positive() -> Rejection {
    reject(
        ReturnCode::AmountBelowMinimum,
        "The amount must be greater than 0.",
    )
}

/// `1133`: a My Code that is not one, was used, or has expired.
pub(crate) fn invalid_one_time_key() -> Rejection {
    reject(
        ReturnCode::InvalidOneTimeKey,
        "The oneTimeKey is invalid, used or expired.",
    )
}

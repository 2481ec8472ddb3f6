//! LINE Pay's `returnCode`: the 4-character result of every call.
//!
//! Every LINE Pay response carries a `returnCode` (`"0000"` on success) and an English
//! `returnMessage`. [`ReturnCode`] has one variant per documented code, and keeps any code it
//! does not know in [`ReturnCode::Other`], exactly as received, so nothing is lost when LINE
//! Pay adds a code.
//!
//! A code means little on its own; what matters is what to do next. The helpers answer the
//! questions a merchant asks:
//!
//! | Question | Helper | Codes |
//! |---|---|---|
//! | Did it work? | [`is_success`](ReturnCode::is_success) | `0000` |
//! | Is a payment still being processed? Ask again later. | [`is_in_progress`](ReturnCode::is_in_progress) | `1145`, `1197`, `1198` |
//! | Is this a Check Payment Status answer rather than an error? | [`is_payment_status`](ReturnCode::is_payment_status) | `0110`, `0121`, `0122`, `0123` |
//! | May I re-send a Void or Refund? | [`may_retry_void_or_refund`](ReturnCode::may_retry_void_or_refund) | `1900`, `1902`, `1999` |
//! | Did LINE Pay fail internally? | [`is_internal_error`](ReturnCode::is_internal_error) | `9000` |
//! | Is my merchant configuration wrong? | [`is_configuration_error`](ReturnCode::is_configuration_error) | `1104`, `1105`, `1106` |
//! | Did Capture cancel the payment? | [`is_auto_cancelled_on_capture`](ReturnCode::is_auto_cancelled_on_capture) | `1199`, `1280`–`1298` |
//! | Is the pre-approved regKey dead? | [`is_reg_key_discarded`](ReturnCode::is_reg_key_discarded) | `1141`, `1282`–`1287`, `1290`–`1295` |
//!
//! ```
//! use linepay_core::ReturnCode;
//!
//! let code: ReturnCode = serde_json::from_str(r#""1145""#)?;
//! assert_eq!(code, ReturnCode::PaymentInProgress);
//! assert!(code.is_in_progress());
//! assert_eq!(code.to_string(), "1145");
//! assert_eq!(code.description(), "Payment in progress.");
//!
//! // Unknown codes are kept as they came.
//! let unknown = ReturnCode::from_code("4321");
//! assert_eq!(unknown, ReturnCode::Other("4321".to_owned()));
//! assert_eq!(unknown.as_str(), "4321");
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! Check Payment Status (`GET /v3/payments/requests/{transactionId}/check`) answers in the
//! return code itself: `0000` means the customer has not finished yet, `0110` means call
//! Confirm now, `0121`, `0122` and `0123` are final (cancelled or expired, failed, completed).

use std::convert::Infallible;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::json_number;

/// Generates [`ReturnCode`], its code ↔ variant ↔ description mapping and the list of known
/// codes from one table, so that each code is written exactly once.
macro_rules! return_codes {
    ($( $variant:ident = $code:literal, $description:literal; )*) => {
        /// A LINE Pay `returnCode`: a variant per documented code, [`ReturnCode::Other`] for
        /// the rest.
        ///
        /// Build one with [`ReturnCode::from_code`] (or [`FromStr`], [`From<&str>`], serde),
        /// which never puts a known code into `Other`. Serialized, it is the 4-character code
        /// string; deserialized, it accepts that string or an integer (legacy responses such as
        /// `{"resultCode": 1104}`), zero-padded to 4 digits.
        ///
        /// ```
        /// use linepay_core::ReturnCode;
        ///
        /// assert_eq!(ReturnCode::from_code("1104"), ReturnCode::MerchantNotFound);
        /// let legacy: ReturnCode = serde_json::from_str("110")?;
        /// assert_eq!(legacy, ReturnCode::StatusAuthorized);
        /// assert_eq!(serde_json::to_string(&legacy)?, r#""0110""#);
        /// # Ok::<(), serde_json::Error>(())
        /// ```
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ReturnCode {
            $(
                #[doc = concat!("`", $code, "`: ", $description)]
                $variant,
            )*
            /// Any code not listed above, kept exactly as LINE Pay sent it.
            ///
            /// Prefer [`ReturnCode::from_code`] to building this variant by hand: it never
            /// wraps a known code, which keeps equality with the named variants.
            Other(String),
        }

        /// Every known code, in table order.
        #[cfg(test)]
        const KNOWN_CODES: &[&str] = &[$($code),*];

        impl ReturnCode {
            /// The variant for `code`; unknown codes become [`ReturnCode::Other`] holding
            /// `code` unchanged.
            ///
            /// ```
            /// use linepay_core::ReturnCode;
            ///
            /// assert_eq!(ReturnCode::from_code("0000"), ReturnCode::Success);
            /// assert_eq!(ReturnCode::from_code("1172"), ReturnCode::OrderIdAlreadyUsed);
            /// assert_eq!(ReturnCode::from_code("42"), ReturnCode::Other("42".to_owned()));
            /// ```
            pub fn from_code(code: &str) -> Self {
                Self::known(code).unwrap_or_else(|| Self::Other(code.to_owned()))
            }

            /// Like [`ReturnCode::from_code`], reusing the allocation for unknown codes.
            fn from_string(code: String) -> Self {
                Self::known(&code).unwrap_or(Self::Other(code))
            }

            /// The named variant for `code`, if it is a documented one.
            fn known(code: &str) -> Option<Self> {
                match code {
                    $( $code => Some(Self::$variant), )*
                    _ => None,
                }
            }

            /// The 4-character code, as LINE Pay sends it (for [`ReturnCode::Other`], the
            /// text it holds).
            ///
            /// ```
            /// use linepay_core::ReturnCode;
            ///
            /// assert_eq!(ReturnCode::HeaderError.as_str(), "1106");
            /// assert_eq!(ReturnCode::from_code("4321").as_str(), "4321");
            /// ```
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $code, )*
                    Self::Other(code) => code,
                }
            }

            /// What the code means, in English, from LINE Pay's documentation
            /// (`"unknown return code"` for [`ReturnCode::Other`]).
            ///
            /// This is the documented meaning, not LINE Pay's `returnMessage`, which can be
            /// more specific.
            ///
            /// ```
            /// use linepay_core::ReturnCode;
            ///
            /// assert_eq!(ReturnCode::HeaderError.description(), "Request header error (bad signature, bad channel ID, or IP address not allowed).");
            /// assert_eq!(ReturnCode::from_code("4321").description(), "unknown return code");
            /// ```
            pub fn description(&self) -> &'static str {
                match self {
                    $( Self::$variant => $description, )*
                    Self::Other(_) => "unknown return code",
                }
            }
        }
    };
}

return_codes! {
    Success = "0000", "Success. For Check Payment Status: the customer has not finished authenticating yet.";
    StatusAuthorized = "0110", "Check Payment Status: the customer has authenticated; call Confirm now.";
    StatusCancelled = "0121", "Check Payment Status: cancelled by the customer, or the authentication wait expired.";
    StatusFailed = "0122", "Check Payment Status: the payment failed.";
    StatusCompleted = "0123", "Check Payment Status: the payment is completed.";
    NotLinePayMember = "1101", "The customer is not a LINE Pay member.";
    MemberCannotTransact = "1102", "The member is unable to transact.";
    MerchantNotFound = "1104", "Merchant not found (also reported for a wrong channel secret).";
    MerchantCannotUseLinePay = "1105", "The merchant cannot use LINE Pay.";
    HeaderError = "1106", "Request header error (bad signature, bad channel ID, or IP address not allowed).";
    CreditCardUnavailable = "1110", "The credit card cannot be used.";
    PartialRefundNotAllowed = "1115", "Partial refund is not allowed with coupons or fees (Offline v4 refund).";
    AmountInfoError = "1124", "Amount info error (scale), e.g. a decimal where an integer is expected.";
    InvalidOneTimeKey = "1133", "Invalid My Code / oneTimeKey (Offline).";
    AccountStatusError = "1141", "Payment account status error; for pre-approved payments the regKey is discarded.";
    InsufficientBalance = "1142", "Insufficient balance.";
    PaymentInProgress = "1145", "Payment in progress.";
    NoTransactionHistory = "1150", "No transaction history.";
    DuplicateTransaction = "1152", "A transaction with the same transactionId already exists.";
    AmountMismatch = "1153", "The amount differs from the requested amount.";
    PreapprovedMethodUnavailable = "1154", "The payment method set up for pre-approved payment is unavailable.";
    InvalidTransactionId = "1155", "Invalid transaction ID, or a transaction that cannot be refunded.";
    NoPaymentRequest = "1159", "No payment request information.";
    RefundPeriodExpired = "1163", "The refund period has expired.";
    RefundAmountExceeded = "1164", "Exceeds the refundable amount.";
    AlreadyRefunded = "1165", "Already refunded (for Void: already voided).";
    PaymentMethodSelectionRequired = "1169", "The customer must select a payment method and authenticate with a password in LINE Pay.";
    BalanceChanged = "1170", "The member's balance has changed.";
    OrderIdAlreadyUsed = "1172", "A transaction with the same orderId already exists; on Confirm, the payment may already be confirmed.";
    TooManyTransactions = "1177", "More than 100 transactions requested.";
    CurrencyNotSupported = "1178", "The currency is not supported by the merchant.";
    InvalidState = "1179", "The transaction cannot be processed in its current state.";
    PaymentExpired = "1180", "The payment has expired.";
    AmountBelowMinimum = "1183", "The amount must exceed the minimum amount.";
    AmountAboveMaximum = "1184", "The amount exceeds the maximum or the requested amount.";
    RegKeyNotFound = "1190", "The regKey does not exist.";
    RegKeyExpired = "1193", "The regKey has expired.";
    MerchantCannotUsePreapproved = "1194", "The merchant cannot use pre-approved payment.";
    RegKeyPaymentInProgress = "1197", "A payment with this regKey is already being processed.";
    DuplicateRequest = "1198", "Duplicate API request, or the request is being processed; on Capture, retry after several minutes.";
    InternalRequestError = "1199", "Internal request error; on Capture, the payment was cancelled automatically.";
    IpassMoneyError = "1264", "iPASS MONEY related error (Taiwan).";
    CardTemporaryError = "1280", "Temporary error during card payment.";
    CardPaymentError = "1281", "Card payment error.";
    CardAuthorizationError = "1282", "Card authorization error.";
    SuspectedFraud = "1283", "Refused as suspected fraud.";
    CardPaymentSuspended = "1284", "Card payment is temporarily suspended.";
    CardInfoMissing = "1285", "Card information is missing.";
    CardInfoIncorrect = "1286", "Card information is incorrect.";
    CardExpired = "1287", "The card has expired.";
    CardInsufficientBalance = "1288", "Insufficient card balance.";
    CardLimitExceeded = "1289", "The card limit is exceeded.";
    CardPerTransactionLimitExceeded = "1290", "The card's per-transaction limit is exceeded.";
    CardReportedStolen = "1291", "The card is reported stolen.";
    CardSuspended = "1292", "The card is suspended.";
    CvnError = "1293", "CVN error.";
    CardBlacklisted = "1294", "The card is blacklisted.";
    InvalidCardNumber = "1295", "Invalid card number.";
    AmountCannotBeProcessed = "1296", "The amount cannot be processed.";
    CardDeclined = "1298", "The card was declined.";
    TemporaryError = "1900", "Temporary error; try again later (Void and Refund may be re-sent).";
    TemporarilyUnavailable = "1902", "Temporary error; try again later (Void and Refund may be re-sent).";
    RequestMismatch = "1999", "The request differs from the previous one (sent on a retry).";
    EpiError2020 = "2020", "EPI limit or refund-reserve error (Offline/EPI).";
    EpiError2021 = "2021", "EPI limit or refund-reserve error (Offline/EPI).";
    EpiError2022 = "2022", "EPI limit or refund-reserve error (Offline/EPI).";
    EpiError2023 = "2023", "EPI limit or refund-reserve error (Offline/EPI).";
    MerchantLimitExceeded = "2024", "The merchant's per-transaction, daily or monthly receiving limit is exceeded.";
    EpiError2042 = "2042", "EPI limit or refund-reserve error (Offline/EPI).";
    ParameterError = "2101", "Parameter error.";
    JsonFormatError = "2102", "JSON data format error.";
    UnauthorizedParameter = "2103", "An unauthorized parameter was entered.";
    InvalidRequest = "2104", "Invalid request (Offline).";
    InternalError = "9000", "LINE Pay internal error.";
}

impl ReturnCode {
    /// Whether the call succeeded (`0000`).
    ///
    /// For Check Payment Status, `0000` means "the customer has not finished yet": see
    /// [`ReturnCode::is_payment_status`].
    ///
    /// ```
    /// use linepay_core::ReturnCode;
    ///
    /// assert!(ReturnCode::Success.is_success());
    /// assert!(!ReturnCode::PaymentInProgress.is_success());
    /// ```
    #[must_use]
    pub fn is_success(&self) -> bool {
        matches!(self, Self::Success)
    }

    /// Whether a payment is still being processed (`1145`, `1197`, `1198`): the outcome is
    /// not known yet, so ask again later (Payment Details, Check Payment Status) rather than
    /// treating the payment as failed.
    ///
    /// On Capture, `1198` means LINE Pay is re-authorizing; repeat after several minutes.
    ///
    /// ```
    /// use linepay_core::ReturnCode;
    ///
    /// assert!(ReturnCode::PaymentInProgress.is_in_progress());
    /// assert!(ReturnCode::from_code("1198").is_in_progress());
    /// assert!(!ReturnCode::Success.is_in_progress());
    /// ```
    #[must_use]
    pub fn is_in_progress(&self) -> bool {
        matches!(
            self,
            Self::PaymentInProgress | Self::RegKeyPaymentInProgress | Self::DuplicateRequest
        )
    }

    /// Whether this is a Check Payment Status answer (`0110`, `0121`, `0122`, `0123`), not an
    /// error.
    ///
    /// That API also answers `0000`, meaning the customer has not finished authenticating
    /// yet (keep waiting); it is not included here because every other API uses `0000` for
    /// plain success.
    ///
    /// | Code | Meaning |
    /// |---|---|
    /// | `0000` | still waiting for the customer |
    /// | `0110` | authenticated: call Confirm now |
    /// | `0121` | cancelled by the customer, or the wait expired |
    /// | `0122` | failed |
    /// | `0123` | completed |
    ///
    /// ```
    /// use linepay_core::ReturnCode;
    ///
    /// assert!(ReturnCode::StatusAuthorized.is_payment_status());
    /// assert!(ReturnCode::from_code("0123").is_payment_status());
    /// assert!(!ReturnCode::Success.is_payment_status());
    /// ```
    #[must_use]
    pub fn is_payment_status(&self) -> bool {
        matches!(
            self,
            Self::StatusAuthorized
                | Self::StatusCancelled
                | Self::StatusFailed
                | Self::StatusCompleted
        )
    }

    /// Whether a Void or Refund that got this code may be sent again (`1900`, `1902`,
    /// `1999`), as LINE Pay's documentation allows.
    ///
    /// Only Void and Refund: other calls returning these codes are not covered by the
    /// documentation.
    ///
    /// ```
    /// use linepay_core::ReturnCode;
    ///
    /// assert!(ReturnCode::TemporaryError.may_retry_void_or_refund());
    /// assert!(ReturnCode::from_code("1999").may_retry_void_or_refund());
    /// assert!(!ReturnCode::InternalError.may_retry_void_or_refund());
    /// ```
    #[must_use]
    pub fn may_retry_void_or_refund(&self) -> bool {
        matches!(
            self,
            Self::TemporaryError | Self::TemporarilyUnavailable | Self::RequestMismatch
        )
    }

    /// Whether LINE Pay failed internally (`9000`).
    ///
    /// The effect of the call is unknown; only idempotent calls (queries, or calls whose
    /// state you check first) may be re-sent automatically.
    ///
    /// ```
    /// use linepay_core::ReturnCode;
    ///
    /// assert!(ReturnCode::InternalError.is_internal_error());
    /// assert!(!ReturnCode::InternalRequestError.is_internal_error());
    /// ```
    #[must_use]
    pub fn is_internal_error(&self) -> bool {
        matches!(self, Self::InternalError)
    }

    /// Whether the merchant configuration is wrong (`1104`, `1105`, `1106`): channel ID,
    /// channel secret, environment or allowed IP addresses. Fix the configuration; retrying
    /// will not help.
    ///
    /// ```
    /// use linepay_core::ReturnCode;
    ///
    /// assert!(ReturnCode::HeaderError.is_configuration_error());
    /// assert!(ReturnCode::MerchantNotFound.is_configuration_error());
    /// assert!(!ReturnCode::ParameterError.is_configuration_error());
    /// ```
    #[must_use]
    pub fn is_configuration_error(&self) -> bool {
        matches!(
            self,
            Self::MerchantNotFound | Self::MerchantCannotUseLinePay | Self::HeaderError
        )
    }

    /// Whether, on Capture, this code means LINE Pay cancelled the payment automatically
    /// (`1199`, `1280`–`1298`). The authorization is gone; the customer must pay again.
    ///
    /// Only meaningful for a Capture response.
    ///
    /// ```
    /// use linepay_core::ReturnCode;
    ///
    /// assert!(ReturnCode::InternalRequestError.is_auto_cancelled_on_capture());
    /// assert!(ReturnCode::from_code("1298").is_auto_cancelled_on_capture());
    /// assert!(!ReturnCode::DuplicateRequest.is_auto_cancelled_on_capture());
    /// ```
    #[must_use]
    pub fn is_auto_cancelled_on_capture(&self) -> bool {
        matches!(
            self,
            Self::InternalRequestError
                | Self::CardTemporaryError
                | Self::CardPaymentError
                | Self::CardAuthorizationError
                | Self::SuspectedFraud
                | Self::CardPaymentSuspended
                | Self::CardInfoMissing
                | Self::CardInfoIncorrect
                | Self::CardExpired
                | Self::CardInsufficientBalance
                | Self::CardLimitExceeded
                | Self::CardPerTransactionLimitExceeded
                | Self::CardReportedStolen
                | Self::CardSuspended
                | Self::CvnError
                | Self::CardBlacklisted
                | Self::InvalidCardNumber
                | Self::AmountCannotBeProcessed
                | Self::CardDeclined
        )
    }

    /// Whether, for a pre-approved payment, the regKey is discarded (`1141`, `1282`–`1287`,
    /// `1290`–`1295`): stop using it and have the customer register again to obtain a new
    /// one.
    ///
    /// ```
    /// use linepay_core::ReturnCode;
    ///
    /// assert!(ReturnCode::AccountStatusError.is_reg_key_discarded());
    /// assert!(ReturnCode::from_code("1287").is_reg_key_discarded());
    /// assert!(!ReturnCode::from_code("1288").is_reg_key_discarded());
    /// ```
    #[must_use]
    pub fn is_reg_key_discarded(&self) -> bool {
        matches!(
            self,
            Self::AccountStatusError
                | Self::CardAuthorizationError
                | Self::SuspectedFraud
                | Self::CardPaymentSuspended
                | Self::CardInfoMissing
                | Self::CardInfoIncorrect
                | Self::CardExpired
                | Self::CardPerTransactionLimitExceeded
                | Self::CardReportedStolen
                | Self::CardSuspended
                | Self::CvnError
                | Self::CardBlacklisted
                | Self::InvalidCardNumber
        )
    }

    /// The code for a legacy integer `returnCode`: zero-padded to 4 digits, or the decimal
    /// text if it does not fit in 4 digits.
    fn from_integer(code: i128) -> Self {
        if (0..=9999).contains(&code) {
            Self::from_string(format!("{code:04}"))
        } else {
            Self::Other(code.to_string())
        }
    }
}

impl fmt::Display for ReturnCode {
    /// Writes the 4-character code only (`1106`), as LINE Pay sends it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReturnCode {
    type Err = Infallible;

    /// Never fails: see [`ReturnCode::from_code`].
    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Ok(Self::from_code(code))
    }
}

impl From<&str> for ReturnCode {
    /// See [`ReturnCode::from_code`].
    fn from(code: &str) -> Self {
        Self::from_code(code)
    }
}

impl From<String> for ReturnCode {
    /// See [`ReturnCode::from_code`]; an unknown code keeps the given `String`.
    fn from(code: String) -> Self {
        Self::from_string(code)
    }
}

impl Serialize for ReturnCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ReturnCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ReturnCodeVisitor)
    }
}

/// Accepts a code string, or a legacy integer code. Floats are refused (serde's default
/// `visit_f64`), and so are integers beyond 64 bits: serde_json reads those as floats.
struct ReturnCodeVisitor;

impl<'de> Visitor<'de> for ReturnCodeVisitor {
    type Value = ReturnCode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a LINE Pay return code (a string such as \"0000\", or an integer)")
    }

    fn visit_str<E: de::Error>(self, code: &str) -> Result<ReturnCode, E> {
        Ok(ReturnCode::from_code(code))
    }

    fn visit_string<E: de::Error>(self, code: String) -> Result<ReturnCode, E> {
        Ok(ReturnCode::from_string(code))
    }

    fn visit_u64<E: de::Error>(self, code: u64) -> Result<ReturnCode, E> {
        Ok(ReturnCode::from_integer(i128::from(code)))
    }

    fn visit_i64<E: de::Error>(self, code: i64) -> Result<ReturnCode, E> {
        Ok(ReturnCode::from_integer(i128::from(code)))
    }

    // serde_json with `arbitrary_precision`: see `crate::json_number`.
    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<ReturnCode, A::Error> {
        json_number::visit_map(map, self)
    }

    fn visit_u128<E: de::Error>(self, code: u128) -> Result<ReturnCode, E> {
        json_number::visit_u128(code, self)
    }

    fn visit_i128<E: de::Error>(self, code: i128) -> Result<ReturnCode, E> {
        json_number::visit_i128(code, self)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use proptest::prelude::*;

    use super::*;

    /// The known codes for which `helper` answers true, in table order.
    fn codes_where(helper: fn(&ReturnCode) -> bool) -> Vec<&'static str> {
        KNOWN_CODES
            .iter()
            .copied()
            .filter(|code| helper(&ReturnCode::from_code(code)))
            .collect()
    }

    fn strings(codes: impl IntoIterator<Item = u16>) -> Vec<String> {
        codes.into_iter().map(|code| format!("{code:04}")).collect()
    }

    #[test]
    fn table_holds_every_documented_code_once() {
        let expected: Vec<String> = strings(
            [0, 110, 121, 122, 123]
                .into_iter()
                .chain([
                    1101, 1102, 1104, 1105, 1106, 1110, 1115, 1124, 1133, 1141, 1142, 1145, 1150,
                    1152, 1153, 1154, 1155, 1159, 1163, 1164, 1165, 1169, 1170, 1172, 1177, 1178,
                    1179, 1180, 1183, 1184, 1190, 1193, 1194, 1197, 1198, 1199, 1264,
                ])
                .chain(1280..=1296)
                .chain([1298, 1900, 1902, 1999])
                .chain(2020..=2024)
                .chain([2042, 2101, 2102, 2103, 2104, 9000]),
        );
        assert_eq!(KNOWN_CODES, expected.as_slice());
        assert_eq!(KNOWN_CODES.len(), 74);
        let unique: HashSet<_> = KNOWN_CODES.iter().collect();
        assert_eq!(unique.len(), KNOWN_CODES.len());
        for code in KNOWN_CODES {
            assert_eq!(code.len(), 4, "{code}");
            assert!(code.bytes().all(|b| b.is_ascii_digit()), "{code}");
        }
    }

    #[test]
    fn known_codes_round_trip_and_never_become_other() {
        let mut variants = HashSet::new();
        for &code in KNOWN_CODES {
            let rc = ReturnCode::from_code(code);
            assert!(!matches!(rc, ReturnCode::Other(_)), "{code} became Other");
            assert!(variants.insert(rc.clone()), "{code} shares a variant");
            assert_eq!(rc.as_str(), code);
            assert_eq!(rc.to_string(), code);
            assert_ne!(rc.description(), "unknown return code", "{code}");
            assert_eq!(code.parse::<ReturnCode>(), Ok(rc.clone()));
            assert_eq!(ReturnCode::from(code), rc);
            assert_eq!(ReturnCode::from(code.to_owned()), rc);

            let json = serde_json::to_string(&rc).unwrap();
            assert_eq!(json, format!("\"{code}\""));
            let back: ReturnCode = serde_json::from_str(&json).unwrap();
            assert_eq!(back, rc);
        }
    }

    #[test]
    fn named_variants_match_their_codes() {
        let cases = [
            (ReturnCode::Success, "0000"),
            (ReturnCode::StatusAuthorized, "0110"),
            (ReturnCode::MerchantNotFound, "1104"),
            (ReturnCode::HeaderError, "1106"),
            (ReturnCode::AmountInfoError, "1124"),
            (ReturnCode::PaymentInProgress, "1145"),
            (ReturnCode::OrderIdAlreadyUsed, "1172"),
            (ReturnCode::DuplicateRequest, "1198"),
            (ReturnCode::InternalError, "9000"),
        ];
        for (rc, code) in cases {
            assert_eq!(rc.as_str(), code);
            assert_eq!(ReturnCode::from_code(code), rc);
        }
    }

    #[test]
    fn other_round_trips() {
        for code in ["4321", "", "abcd", "00000", " 0000", "0000 ", "-1", "9999"] {
            let rc = ReturnCode::from_code(code);
            assert_eq!(rc, ReturnCode::Other(code.to_owned()));
            assert_eq!(rc.as_str(), code);
            assert_eq!(rc.to_string(), code);
            assert_eq!(rc.description(), "unknown return code");
            let json = serde_json::to_string(&rc).unwrap();
            let back: ReturnCode = serde_json::from_str(&json).unwrap();
            assert_eq!(back, rc);
        }
    }

    #[test]
    fn integers_deserialize_zero_padded() {
        let de = |json: &str| serde_json::from_str::<ReturnCode>(json).unwrap();
        assert_eq!(de("0"), ReturnCode::Success);
        assert_eq!(de("1104"), ReturnCode::MerchantNotFound);
        assert_eq!(de("110"), ReturnCode::StatusAuthorized);
        assert_eq!(de("9000"), ReturnCode::InternalError);
        assert_eq!(de("42"), ReturnCode::Other("0042".to_owned()));
        assert_eq!(de("9999"), ReturnCode::Other("9999".to_owned()));
        assert_eq!(de("10000"), ReturnCode::Other("10000".to_owned()));
        assert_eq!(de("-1"), ReturnCode::Other("-1".to_owned()));
        assert_eq!(de("-110"), ReturnCode::Other("-110".to_owned()));
        assert_eq!(
            de("18446744073709551615"),
            ReturnCode::Other("18446744073709551615".to_owned())
        );
    }

    #[test]
    fn deserializes_inside_a_legacy_envelope() {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Legacy {
            result_code: ReturnCode,
        }
        let legacy: Legacy =
            serde_json::from_str(r#"{"resultCode": 1104, "resultMessage": "-"}"#).unwrap();
        assert_eq!(legacy.result_code, ReturnCode::MerchantNotFound);
        assert!(legacy.result_code.is_configuration_error());
    }

    #[test]
    fn rejects_non_codes() {
        for json in ["null", "true", "1104.0", "[]", "{}"] {
            assert!(serde_json::from_str::<ReturnCode>(json).is_err(), "{json}");
        }
    }

    #[test]
    fn is_success_is_exactly_0000() {
        assert_eq!(codes_where(ReturnCode::is_success), ["0000"]);
    }

    #[test]
    fn is_in_progress_is_exactly_1145_1197_1198() {
        assert_eq!(
            codes_where(ReturnCode::is_in_progress),
            ["1145", "1197", "1198"]
        );
    }

    #[test]
    fn is_payment_status_is_exactly_the_check_status_answers() {
        assert_eq!(
            codes_where(ReturnCode::is_payment_status),
            ["0110", "0121", "0122", "0123"]
        );
    }

    #[test]
    fn may_retry_void_or_refund_is_exactly_1900_1902_1999() {
        assert_eq!(
            codes_where(ReturnCode::may_retry_void_or_refund),
            ["1900", "1902", "1999"]
        );
    }

    #[test]
    fn is_internal_error_is_exactly_9000() {
        assert_eq!(codes_where(ReturnCode::is_internal_error), ["9000"]);
    }

    #[test]
    fn is_configuration_error_is_exactly_1104_1105_1106() {
        assert_eq!(
            codes_where(ReturnCode::is_configuration_error),
            ["1104", "1105", "1106"]
        );
    }

    #[test]
    fn is_auto_cancelled_on_capture_is_exactly_1199_and_1280_to_1298() {
        let expected: Vec<String> = strings([1199].into_iter().chain(1280..=1296).chain([1298]));
        assert_eq!(
            codes_where(ReturnCode::is_auto_cancelled_on_capture),
            expected
        );
    }

    #[test]
    fn is_reg_key_discarded_is_exactly_1141_1282_to_1287_1290_to_1295() {
        let expected: Vec<String> =
            strings([1141].into_iter().chain(1282..=1287).chain(1290..=1295));
        assert_eq!(codes_where(ReturnCode::is_reg_key_discarded), expected);
    }

    #[test]
    fn helpers_are_false_for_other() {
        let other = ReturnCode::from_code("4321");
        assert!(!other.is_success());
        assert!(!other.is_in_progress());
        assert!(!other.is_payment_status());
        assert!(!other.may_retry_void_or_refund());
        assert!(!other.is_internal_error());
        assert!(!other.is_configuration_error());
        assert!(!other.is_auto_cancelled_on_capture());
        assert!(!other.is_reg_key_discarded());
    }

    proptest! {
        #[test]
        fn any_string_round_trips(code in ".*") {
            let rc = ReturnCode::from_code(&code);
            prop_assert_eq!(rc.as_str(), code.as_str());
            prop_assert_eq!(
                matches!(rc, ReturnCode::Other(_)),
                !KNOWN_CODES.contains(&code.as_str())
            );
            let json = serde_json::to_string(&rc).unwrap();
            prop_assert_eq!(serde_json::from_str::<ReturnCode>(&json).unwrap(), rc);
        }

        #[test]
        fn any_integer_deserializes(code in any::<i64>()) {
            let rc: ReturnCode = serde_json::from_str(&code.to_string()).unwrap();
            let expected = if (0..=9999).contains(&code) {
                ReturnCode::from_code(&format!("{code:04}"))
            } else {
                ReturnCode::Other(code.to_string())
            };
            prop_assert_eq!(rc, expected);
        }
    }
}

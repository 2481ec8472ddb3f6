//! Body checks LINE Pay makes before looking at its ledger: amount scale (`1124`), amount
//! range (`1183`, `1184`), currency (`1178`), parameters (`2101`), JSON (`2102`).

use linepay_core::api::offline::Pay;
use linepay_core::api::v3::{PayPreapproved, PayType};
use linepay_core::endpoint::RequestDecodeError;
use linepay_core::{Amount, Currency, Endpoint, InvalidField, ReturnCode, Rule};
use serde_json::Value;

use crate::config::MockConfig;
use crate::rejection::{
    Rejection, amount_info_error, amount_not_positive, invalid_one_time_key, reject,
};

/// JSON members that hold amounts, wherever they are nested.
const AMOUNT_KEYS: &[&str] = &[
    "amount",
    "refundAmount",
    "price",
    "originalPrice",
    "userFee",
    "feeAmount",
    "totalAmount",
    "useLimit",
    "rewardLimit",
    "productPrice",
    "perTransactionLimit",
];

/// Whether the body writes an amount as a JSON float (`10.0`, `1e2`): LINE Pay answers
/// `1124` to that for whole-unit currencies even when the value is whole, and the decoded
/// [`Amount`] no longer tells.
pub(crate) fn has_float_amount(payload: &[u8]) -> bool {
    fn walk(value: &Value) -> bool {
        match value {
            Value::Object(members) => members.iter().any(|(key, value)| {
                (AMOUNT_KEYS.contains(&key.as_str()) && value.is_f64()) || walk(value)
            }),
            Value::Array(items) => items.iter().any(walk),
            _ => false,
        }
    }
    serde_json::from_slice::<Value>(payload).is_ok_and(|value| walk(&value))
}

/// The answer to a request that did not decode: `2102` for JSON that does not parse, `1124`
/// for a top-level amount that is a number but not a valid amount (too many decimals),
/// `2101` for everything else.
pub(crate) fn decode_error(error: RequestDecodeError, payload: &[u8]) -> Rejection {
    match error {
        RequestDecodeError::MalformedJson(reason) => reject(
            ReturnCode::JsonFormatError,
            format!("JSON data format error: {reason}"),
        ),
        RequestDecodeError::InvalidParameter { name, reason }
            if matches!(name, "amount" | "refundAmount")
                && top_level(payload, name, Value::is_number) =>
        {
            let _ = reason;
            amount_info_error()
        }
        // A My Code that is a string but not one (a letter, spaces): LINE Pay's 1133.
        RequestDecodeError::InvalidParameter {
            name: "oneTimeKey", ..
        } if top_level(payload, "oneTimeKey", Value::is_string) => invalid_one_time_key(),
        other => reject(
            ReturnCode::ParameterError,
            format!("Parameter error: {other}"),
        ),
    }
}

/// Whether the body's top-level member `name` is there and `is` holds for it.
fn top_level(payload: &[u8], name: &str, is: fn(&Value) -> bool) -> bool {
    serde_json::from_slice::<Value>(payload)
        .ok()
        .and_then(|value| value.get(name).cloned())
        .is_some_and(|value| is(&value))
}

/// LINE Pay's answer to a rule of linepay-core broken: the one place a [`Rule`] becomes a
/// return code. The rule comes from the endpoint's own `validate`; nothing here re-derives it.
pub(crate) fn broken_rule(invalid: &InvalidField) -> Rejection {
    if invalid.field() == "oneTimeKey" {
        return invalid_one_time_key();
    }
    match invalid.rule() {
        Rule::WrongScale { .. } => amount_info_error(),
        Rule::NotPositive => amount_not_positive(),
        Rule::TooMany { .. } => reject(
            ReturnCode::TooManyTransactions,
            "More than 100 transactions requested.",
        ),
        _ => reject(
            ReturnCode::ParameterError,
            format!("Parameter error: {invalid}"),
        ),
    }
}

/// The endpoint's own rules (`Endpoint::validate`), answered as LINE Pay does.
fn core_rules<E: Endpoint>(endpoint: &E) -> Result<(), Rejection> {
    endpoint.validate().map_err(|invalid| broken_rule(&invalid))
}

/// An amount the body wrote as a JSON float (`10.0`) in a currency of whole units: `1124`,
/// although the decoded amount is whole. A fact of the wire, not a rule of the core.
fn no_float_for_whole_units(currency: &Currency, float: bool) -> Result<(), Rejection> {
    if float && currency.minor_units() == Some(0) {
        return Err(amount_info_error());
    }
    Ok(())
}

/// A currency the merchant takes (TWD, THB, USD), else `1178`.
fn supported(currency: &Currency) -> Result<(), Rejection> {
    if currency.minor_units().is_none() {
        return Err(reject(
            ReturnCode::CurrencyNotSupported,
            format!("The currency {currency} is not supported."),
        ));
    }
    Ok(())
}

/// At most the configured maximum, else `1184`.
fn not_above_max(amount: &Amount, config: &MockConfig) -> Result<(), Rejection> {
    if *amount > config.max_amount {
        return Err(reject(
            ReturnCode::AmountAboveMaximum,
            format!("The amount exceeds the maximum ({}).", config.max_amount),
        ));
    }
    Ok(())
}

/// Whether the merchant may ask for a pre-approved payment, else `1195`.
fn pay_type_allowed(pay_type: Option<&PayType>, config: &MockConfig) -> Result<(), Rejection> {
    if pay_type == Some(&PayType::Preapproved) && !config.preapproved_enabled {
        return Err(reject(
            ReturnCode::MerchantCannotUsePreapproved,
            "The merchant cannot use pre-approved payment.",
        ));
    }
    Ok(())
}

/// Request (v3 or v4): the currency, the core's rules (scale `1124`, sign `1183`, the rest
/// `2101`; sums that do not add up pass, as at LINE Pay), the maximum, the pay type.
pub(crate) fn request<E: Endpoint>(
    request: &E,
    amount: &Amount,
    currency: &Currency,
    pay_type: Option<&PayType>,
    float: bool,
    config: &MockConfig,
) -> Result<(), Rejection> {
    supported(currency)?;
    no_float_for_whole_units(currency, float)?;
    core_rules(request)?;
    not_above_max(amount, config)?;
    pay_type_allowed(pay_type, config)
}

/// Confirm and Capture: the core's rules for the amount and the rest.
pub(crate) fn amount_call<E: Endpoint>(
    endpoint: &E,
    currency: &Currency,
    float: bool,
) -> Result<(), Rejection> {
    no_float_for_whole_units(currency, float)?;
    core_rules(endpoint)
}

/// Pay Preapproved: as Request, for its one amount.
pub(crate) fn pay_preapproved(
    pay: &PayPreapproved,
    float: bool,
    config: &MockConfig,
) -> Result<(), Rejection> {
    supported(&pay.currency)?;
    no_float_for_whole_units(&pay.currency, float)?;
    core_rules(pay)?;
    not_above_max(&pay.amount, config)
}

/// An endpoint with no checks but its own rules (Payment Details: at least one id, `2101`;
/// at most 100, `1177`).
pub(crate) fn own_rules<E: Endpoint>(endpoint: &E) -> Result<(), Rejection> {
    core_rules(endpoint)
}

/// Offline Pay: as Request, for its amount; a My Code that breaks the core's rules is
/// `1133` (through [`broken_rule`]).
pub(crate) fn pay(pay: &Pay, float: bool, config: &MockConfig) -> Result<(), Rejection> {
    supported(&pay.currency)?;
    no_float_for_whole_units(&pay.currency, float)?;
    core_rules(pay)?;
    not_above_max(&pay.amount, config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_float_amounts_anywhere() {
        assert!(has_float_amount(br#"{"refundAmount":10.0}"#));
        assert!(has_float_amount(
            br#"{"amount":10,"packages":[{"products":[{"price":1e1}]}]}"#
        ));
        assert!(!has_float_amount(br#"{"amount":10,"quantity":1.0}"#));
        assert!(!has_float_amount(b"not json"));
    }

    #[test]
    fn decode_errors() {
        let code = |error, payload: &[u8]| decode_error(error, payload).code.as_str().to_owned();
        assert_eq!(
            code(RequestDecodeError::MalformedJson("x".into()), b"{"),
            "2102"
        );
        assert_eq!(
            code(
                RequestDecodeError::invalid("amount", "too many decimals"),
                br#"{"amount":1.00001}"#
            ),
            "1124"
        );
        assert_eq!(
            code(
                RequestDecodeError::invalid("amount", "is required"),
                br#"{}"#
            ),
            "2101"
        );
    }

    #[test]
    fn each_rule_has_its_return_code() {
        let code = |rule: Rule| {
            broken_rule(&InvalidField::new("amount", rule))
                .code
                .as_str()
                .to_owned()
        };
        let wrong_scale = Rule::WrongScale {
            currency: "TWD".into(),
            max_decimals: 0,
        };
        assert_eq!(code(wrong_scale), "1124");
        assert_eq!(code(Rule::NotPositive), "1183");
        assert_eq!(code(Rule::TooMany { max: 100 }), "1177");
        assert_eq!(code(Rule::TooLong { max_chars: 100 }), "2101");
        assert_eq!(code(Rule::Other("must be ASCII".into())), "2101");
    }

    #[test]
    fn a_float_is_refused_only_for_whole_units() {
        assert!(no_float_for_whole_units(&Currency::Twd, true).is_err());
        assert!(no_float_for_whole_units(&Currency::Twd, false).is_ok());
        assert!(no_float_for_whole_units(&Currency::Usd, true).is_ok());
    }
}

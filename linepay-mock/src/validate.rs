//! Body checks LINE Pay makes before looking at its ledger: amount scale (`1124`), amount
//! range (`1183`, `1184`), currency (`1178`), parameters (`2101`), JSON (`2102`).

use linepay_core::api::v3::{
    MAX_PAYMENT_DETAILS_IDS, PayPreapproved, PayType, PaymentDetails, RequestPayment,
};
use linepay_core::api::v4;
use linepay_core::endpoint::RequestDecodeError;
use linepay_core::{Amount, Currency, Endpoint, ReturnCode};
use serde_json::Value;

use crate::config::MockConfig;
use crate::ledger::{Rejection, amount_info_error, amount_not_positive, reject};

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
            if matches!(name, "amount" | "refundAmount") && top_level_number(payload, name) =>
        {
            let _ = reason;
            amount_info_error()
        }
        other => reject(
            ReturnCode::ParameterError,
            format!("Parameter error: {other}"),
        ),
    }
}

fn top_level_number(payload: &[u8], name: &str) -> bool {
    serde_json::from_slice::<Value>(payload)
        .ok()
        .and_then(|value| value.get(name).cloned())
        .is_some_and(|value| value.is_number())
}

/// An amount in a body with its currency: scale (`1124`) and sign (`1183`).
pub(crate) fn money(amount: &Amount, currency: &Currency, float: bool) -> Result<(), Rejection> {
    let whole_only = currency.minor_units() == Some(0);
    if (float && whole_only) || amount.check_currency(currency).is_err() {
        return Err(amount_info_error());
    }
    if !amount.is_positive() {
        return Err(amount_not_positive());
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

/// Everything else the endpoint's own validation in linepay-core finds: `2101`.
fn core_rules<E: Endpoint>(endpoint: &E) -> Result<(), Rejection> {
    endpoint.payload().map(|_| ()).map_err(|invalid| {
        reject(
            ReturnCode::ParameterError,
            format!("Parameter error: {invalid}"),
        )
    })
}

/// Request: currency, amount scale of every amount, range of the total, pay type, then the
/// core's rules (lengths, required parts; sums that do not add up pass, as at LINE Pay).
pub(crate) fn request(
    request: &RequestPayment,
    float: bool,
    config: &MockConfig,
) -> Result<(), Rejection> {
    let currency = &request.currency;
    supported(currency)?;
    money(&request.amount, currency, float)?;
    let mut amounts = Vec::new();
    for package in &request.packages {
        amounts.push(package.amount);
        amounts.extend(package.user_fee);
        for product in &package.products {
            amounts.push(product.price);
            amounts.extend(product.original_price);
        }
    }
    if let Some(fee) = request
        .options
        .as_ref()
        .and_then(|options| options.shipping.as_ref())
        .and_then(|shipping| shipping.fee_amount)
    {
        amounts.push(fee);
    }
    if amounts
        .iter()
        .any(|amount| amount.check_currency(currency).is_err())
    {
        return Err(amount_info_error());
    }
    not_above_max(&request.amount, config)?;
    let pay_type = request
        .options
        .as_ref()
        .and_then(|options| options.payment.as_ref())
        .and_then(|payment| payment.pay_type.as_ref());
    if pay_type == Some(&PayType::Preapproved) && !config.preapproved_enabled {
        return Err(reject(
            ReturnCode::MerchantCannotUsePreapproved,
            "The merchant cannot use pre-approved payment.",
        ));
    }
    core_rules(request)
}

/// A v4 Request: v3's checks on its v3 form (the same fields without a user fee), then the
/// core's v4 rules, which add only `options.regPayRequest` (`2101`).
pub(crate) fn request_v4(
    request: &v4::RequestPayment,
    float: bool,
    config: &MockConfig,
) -> Result<(), Rejection> {
    self::request(&crate::api::v3_request(request.clone()), float, config)?;
    core_rules(request)
}

/// Confirm and Capture: the amount with its currency, then the core's rules.
pub(crate) fn amount_call<E: Endpoint>(
    endpoint: &E,
    amount: &Amount,
    currency: &Currency,
    float: bool,
) -> Result<(), Rejection> {
    money(amount, currency, float)?;
    core_rules(endpoint)
}

/// Pay Preapproved: as Request, for its one amount.
pub(crate) fn pay_preapproved(
    pay: &PayPreapproved,
    float: bool,
    config: &MockConfig,
) -> Result<(), Rejection> {
    supported(&pay.currency)?;
    money(&pay.amount, &pay.currency, float)?;
    not_above_max(&pay.amount, config)?;
    core_rules(pay)
}

/// Payment Details: at least one id (`2101`), at most 100 (`1177`).
pub(crate) fn details(details: &PaymentDetails) -> Result<(), Rejection> {
    let ids = details.transaction_id.len() + details.order_id.len();
    if ids > MAX_PAYMENT_DETAILS_IDS {
        return Err(reject(
            ReturnCode::TooManyTransactions,
            "More than 100 transactions requested.",
        ));
    }
    core_rules(details)
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
    fn money_rules() {
        let code = |amount: &str, currency: Currency, float| {
            money(&amount.parse().unwrap(), &currency, float)
                .err()
                .map(|r| r.code.as_str().to_owned())
        };
        assert_eq!(code("10.5", Currency::Twd, true), Some("1124".to_owned()));
        assert_eq!(code("10", Currency::Twd, true), Some("1124".to_owned()));
        assert_eq!(code("10.5", Currency::Usd, true), None);
        assert_eq!(code("0", Currency::Twd, false), Some("1183".to_owned()));
        assert_eq!(code("-5", Currency::Twd, false), Some("1183".to_owned()));
    }
}

//! Amounts, transaction ids and return codes decode to the same values, and fail with the
//! same errors, whatever serde_json's features.
//!
//! With `arbitrary_precision` (which Cargo turns on for linepay too as soon as any crate in
//! the build asks for it), serde_json hands a number that is not a 64-bit integer to
//! `deserialize_any` as a one-entry map holding its text, and `serde(flatten)` buffers and
//! replays that map. The tables below are written out literally and hold in both builds:
//! this file runs in the main suite (default features) and in tests/serde-features (the
//! features on).

use std::fmt::Debug;

use bytes::Bytes;
use linepay_core::api::{v3, v4};
use linepay_core::{Amount, Currency, ReturnCode, TransactionId, decode_response};
use serde::Deserialize;
use serde_json::Value;

/// Whether serde_json keeps numbers as text (`arbitrary_precision`).
fn arbitrary_precision() -> bool {
    let text = "0.1000000000000000000001";
    serde_json::from_str::<serde_json::Number>(text).is_ok_and(|n| n.to_string() == text)
}

/// What a way of decoding gives: the value, or its error as text.
type Decoded<T> = Result<T, String>;

/// A named way of decoding one JSON value.
struct Way<T> {
    name: &'static str,
    /// Goes through a `serde_json::Value`.
    through_value: bool,
    /// Goes through serde's buffer (`serde(flatten)`).
    buffered: bool,
    decode: fn(&str) -> Decoded<T>,
}

fn text(error: impl ToString) -> String {
    error.to_string()
}

fn from_value<T: for<'de> Deserialize<'de>>(json: &str) -> Decoded<T> {
    let value: Value = serde_json::from_str(json).map_err(text)?;
    serde_json::from_value(value).map_err(text)
}

/// The direct ways: text, bytes, a reader, a `Value`.
fn plain_ways<T: for<'de> Deserialize<'de>>() -> Vec<Way<T>> {
    vec![
        Way {
            name: "from_str",
            through_value: false,
            buffered: false,
            decode: |json| serde_json::from_str(json).map_err(text),
        },
        Way {
            name: "from_slice",
            through_value: false,
            buffered: false,
            decode: |json| serde_json::from_slice(json.as_bytes()).map_err(text),
        },
        Way {
            name: "from_reader",
            through_value: false,
            buffered: false,
            decode: |json| serde_json::from_reader(json.as_bytes()).map_err(text),
        },
        Way {
            name: "from_value",
            through_value: true,
            buffered: false,
            decode: from_value,
        },
    ]
}

/// Checks every case in every way, and reports all mismatches at once.
fn check_table<T: Debug>(
    ways: &[Way<T>],
    table: &[(&str, Result<&str, &str>)],
    shown: impl Fn(&T) -> String,
    exception: impl Fn(&str, &Way<T>) -> Option<Result<&'static str, &'static str>>,
) {
    let mut failures = Vec::new();
    for (json, expected) in table {
        for way in ways {
            let expected = exception(json, way).unwrap_or(*expected);
            let got = (way.decode)(json);
            let fine = match (&got, expected) {
                (Ok(value), Ok(wanted)) => shown(value) == wanted,
                (Err(error), Err(words)) => error.contains(words),
                _ => false,
            };
            if !fine {
                failures.push(format!(
                    "{json} ({}): expected {expected:?}, got {got:?}",
                    way.name
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------
// Amounts

const TOO_LARGE: &str = "whole amounts must fit in 64 bits";
const INEXACT: &str = "is 10^15 or more with a fraction or an exponent";
const DECIMALS: &str = "at most 4 decimal places";
const DIGITS: &str = "at most 15 significant digits";
const PLAIN: &str = "must be a plain decimal number";
const NOT_AN_AMOUNT: &str = "expected an amount";

/// JSON → the amount's decimal text, or words its error contains.
const AMOUNTS: &[(&str, Result<&str, &str>)] = &[
    // Integers.
    ("250", Ok("250")),
    ("0", Ok("0")),
    ("-20", Ok("-20")),
    ("9223372036854775807", Ok("9223372036854775807")),
    ("-9223372036854775808", Ok("-9223372036854775808")),
    // Fractions.
    ("100.5", Ok("100.5")),
    ("100.15", Ok("100.15")),
    ("19.99", Ok("19.99")),
    ("0.0001", Ok("0.0001")),
    ("-0.25", Ok("-0.25")),
    ("-20.5", Ok("-20.5")),
    ("-20.0", Ok("-20")),
    ("250.0", Ok("250")),
    ("100.50", Ok("100.5")),
    ("99999999999.9999", Ok("99999999999.9999")),
    ("-99999999999999.9", Ok("-99999999999999.9")),
    // Exponents.
    ("2.5e2", Ok("250")),
    ("2.5E+2", Ok("250")),
    ("1005e-1", Ok("100.5")),
    ("1e-4", Ok("0.0001")),
    ("1e14", Ok("100000000000000")),
    ("999999999999999.0", Ok("999999999999999")),
    // Minus zero (a float for serde_json, a map with `arbitrary_precision`).
    ("-0", Ok("0")),
    ("-0.0", Ok("0")),
    ("-0e3", Ok("0")),
    // Strings.
    ("\"100.5\"", Ok("100.5")),
    ("\"250\"", Ok("250")),
    ("\"-20\"", Ok("-20")),
    ("\"-0\"", Ok("0")),
    // Too many decimals.
    ("0.00001", Err(DECIMALS)),
    ("1e-5", Err(DECIMALS)),
    ("100.12345", Err(DECIMALS)),
    ("\"0.00001\"", Err(DECIMALS)),
    // A fraction with more digits than an f64 carries.
    ("123456789012345.67", Err(DIGITS)),
    ("\"1234567890123456.7\"", Err(DIGITS)),
    // Too large for 64 bits.
    ("9223372036854775808", Err(TOO_LARGE)),
    ("18446744073709551615", Err(TOO_LARGE)),
    ("18446744073709551616", Err(TOO_LARGE)),
    ("-9223372036854775809", Err(TOO_LARGE)),
    ("99999999999999999999999999", Err(TOO_LARGE)),
    ("1e19", Err(TOO_LARGE)),
    ("-1e300", Err(TOO_LARGE)),
    ("\"9223372036854775808\"", Err(TOO_LARGE)),
    // 10^15 and above with a fraction or an exponent: the f64 may be another amount
    // (serde_json's default parser reads the first as 9007199254740990).
    ("9007199254740991.0", Err(INEXACT)),
    ("9007199254740993.0", Err(INEXACT)),
    ("1234567890123456.7", Err(INEXACT)),
    ("1e15", Err(INEXACT)),
    ("1e17", Err(INEXACT)),
    ("-2.5e17", Err(INEXACT)),
    // Not amounts.
    ("null", Err(NOT_AN_AMOUNT)),
    ("true", Err(NOT_AN_AMOUNT)),
    ("[]", Err(NOT_AN_AMOUNT)),
    ("{}", Err(NOT_AN_AMOUNT)),
    (r#"{"value":1}"#, Err(NOT_AN_AMOUNT)),
    ("\"1e3\"", Err(PLAIN)),
    ("\"\"", Err(PLAIN)),
    ("\" 5\"", Err(PLAIN)),
];

#[derive(Deserialize)]
struct Holder {
    amount: Amount,
}

/// `serde(flatten)` buffers the members as serde's `Content` and replays them.
#[derive(Deserialize)]
struct Flattened {
    #[serde(flatten)]
    holder: Holder,
}

fn holder(json: &str) -> String {
    format!(r#"{{"note":"n","amount":{json}}}"#)
}

fn v4_detail(json: &str) -> String {
    format!(
        r#"{{"transactionId":1,"payInfo":[{{"method":"BALANCE","amount":{json}}}],"refundList":[{{"refundTransactionId":2,"refundAmount":{json}}}],"paymentProvider":"TSP"}}"#
    )
}

fn v4_amounts(detail: v4::PaymentDetail) -> Decoded<Amount> {
    let paid = detail.pay_info.first().map(|pay| pay.amount);
    let refunded = detail
        .refund_list
        .first()
        .map(|refund| refund.refund_amount);
    match (paid, refunded) {
        (Some(paid), Some(refunded)) if paid == refunded => Ok(paid),
        other => Err(format!("payInfo and refundList disagree: {other:?}")),
    }
}

fn amount_ways() -> Vec<Way<Amount>> {
    let mut ways = plain_ways();
    ways.extend([
        Way {
            name: "in a struct",
            through_value: false,
            buffered: false,
            decode: |json| {
                serde_json::from_str::<Holder>(&holder(json))
                    .map(|h| h.amount)
                    .map_err(text)
            },
        },
        Way {
            name: "in a flattened struct",
            through_value: false,
            buffered: true,
            decode: |json| {
                serde_json::from_str::<Flattened>(&holder(json))
                    .map(|f| f.holder.amount)
                    .map_err(text)
            },
        },
        Way {
            name: "in a flattened struct, from a Value",
            through_value: true,
            buffered: true,
            decode: |json| from_value::<Flattened>(&holder(json)).map(|f| f.holder.amount),
        },
        Way {
            name: "v4::PaymentDetail (with paymentProvider)",
            through_value: false,
            buffered: false,
            decode: |json| {
                serde_json::from_slice::<v4::PaymentDetail>(v4_detail(json).as_bytes())
                    .map_err(text)
                    .and_then(v4_amounts)
            },
        },
        Way {
            name: "v4::PaymentDetail (with paymentProvider), from a Value",
            through_value: true,
            buffered: false,
            decode: |json| from_value::<v4::PaymentDetail>(&v4_detail(json)).and_then(v4_amounts),
        },
        Way {
            name: "v4::ConfirmInfo (with paymentProvider)",
            through_value: false,
            buffered: false,
            decode: |json| {
                let info = format!(
                    r#"{{"orderId":"O1","transactionId":1,"payInfo":[{{"method":"BALANCE","amount":{json}}}],"paymentProvider":"EPI"}}"#
                );
                let confirmed: v4::ConfirmInfo = serde_json::from_str(&info).map_err(text)?;
                confirmed
                    .pay_info
                    .first()
                    .map(|pay| pay.amount)
                    .ok_or_else(|| "no payInfo".to_owned())
            },
        },
    ]);
    ways
}

#[test]
fn amounts_decode_the_same_in_every_way() {
    check_table(&amount_ways(), AMOUNTS, Amount::to_string, |json, way| {
        value_differences(json, way, "0")
    });
}

#[test]
fn decoded_amounts_equal_the_parsed_text() {
    for (json, expected) in AMOUNTS {
        if let (Ok(decoded), Ok(text)) = (serde_json::from_str::<Amount>(json), expected) {
            assert_eq!(decoded, text.parse::<Amount>().expect("valid"), "{json}");
        }
    }
}

#[test]
fn an_amount_out_of_f64_range_is_refused() {
    // Without `arbitrary_precision` serde_json itself refuses the number; with it, the
    // amount does. The words differ; the answer is the same.
    for json in ["1e400", "-1e400"] {
        for way in amount_ways() {
            assert!((way.decode)(json).is_err(), "{json} ({})", way.name);
        }
    }
}

#[test]
fn optional_amounts_decode_too() {
    // `Package::user_fee` is an `Option<Amount>` read under a renamed member.
    let detail: v4::PaymentDetail = serde_json::from_str(
        r#"{"transactionId":1,"packages":[{"id":"p","amount":100.5,"userFeeAmount":0.25,"products":[]}],"paymentProvider":"TSP"}"#,
    )
    .expect("decodes");
    assert_eq!(detail.packages[0].amount, amount("100.5"));
    assert_eq!(detail.packages[0].user_fee, Some(amount("0.25")));
}

// ---------------------------------------------------------------------------------------
// Transaction ids

const FLOAT: &str = "not a float";
const NEGATIVE: &str = "must not be negative";
const DIGITS_ONLY: &str = "ASCII digits only";
const U64_RANGE: &str = "must fit in an unsigned 64-bit integer";
const NOT_AN_ID: &str = "expected a transaction id";

/// JSON → the id's decimal text, or words its error contains.
const IDS: &[(&str, Result<&str, &str>)] = &[
    ("2019049910005496810", Ok("2019049910005496810")),
    ("\"2019049910005496810\"", Ok("2019049910005496810")),
    ("18446744073709551615", Ok("18446744073709551615")),
    ("\"18446744073709551615\"", Ok("18446744073709551615")),
    ("20140101123123123", Ok("20140101123123123")),
    ("\"20140101123123123\"", Ok("20140101123123123")),
    ("0", Ok("0")),
    // Floats lose digits: refused, whatever their value.
    ("2.0196e18", Err(FLOAT)),
    ("2019049910005496810.0", Err(FLOAT)),
    ("1.5", Err(FLOAT)),
    ("1e3", Err(FLOAT)),
    ("-0", Err(FLOAT)),
    // Beyond 64 bits (a float for serde_json without `arbitrary_precision`).
    ("18446744073709551616", Err(FLOAT)),
    ("-9223372036854775809", Err(FLOAT)),
    ("99999999999999999999999999999999999999999", Err(FLOAT)),
    ("-1", Err(NEGATIVE)),
    ("-9223372036854775808", Err(NEGATIVE)),
    ("\"-1\"", Err(DIGITS_ONLY)),
    ("\"1.0\"", Err(DIGITS_ONLY)),
    ("\"18446744073709551616\"", Err(U64_RANGE)),
    ("null", Err(NOT_AN_ID)),
    ("{}", Err(NOT_AN_ID)),
    (r#"{"value":1}"#, Err(NOT_AN_ID)),
];

/// Where a `serde_json::Value` with `arbitrary_precision` answers differently, before any
/// visitor of linepay sees the number (decoding from text is not affected):
/// - it hands `-0` over as the integer 0 (`Number::deserialize_any` reads it with
///   `as_i64`), which no visitor can tell from 0; without the feature it is a float;
/// - it hands integers beyond 64 bits over as `u128`/`i128`, which serde's buffer for
///   `serde(flatten)` cannot hold; without the feature they are floats (refused anyway).
fn value_differences<T>(
    json: &str,
    way: &Way<T>,
    zero: &'static str,
) -> Option<Result<&'static str, &'static str>> {
    if !(way.through_value && arbitrary_precision()) {
        return None;
    }
    let beyond_64_bits = (json.parse::<u128>().is_ok() || json.parse::<i128>().is_ok())
        && json.parse::<u64>().is_err()
        && json.parse::<i64>().is_err();
    if json == "-0" {
        Some(Ok(zero))
    } else if beyond_64_bits && way.buffered {
        Some(Err("expected any value"))
    } else {
        None
    }
}

fn id_ways() -> Vec<Way<TransactionId>> {
    fn detail(json: &str) -> String {
        format!(
            r#"{{"transactionId":{json},"refundList":[{{"refundTransactionId":{json},"refundAmount":-1}}],"paymentProvider":"TSP"}}"#
        )
    }
    fn both(ids: (TransactionId, Option<TransactionId>)) -> Decoded<TransactionId> {
        match ids {
            (id, Some(refund)) if id == refund => Ok(id),
            other => Err(format!(
                "transactionId and refundTransactionId disagree: {other:?}"
            )),
        }
    }
    let mut ways = plain_ways();
    ways.extend([
        Way {
            name: "v3::PaymentDetail",
            through_value: false,
            buffered: false,
            decode: |json| {
                serde_json::from_str::<v3::PaymentDetail>(&detail(json))
                    .map_err(text)
                    .map(|d| {
                        (
                            d.transaction_id,
                            d.refund_list.first().map(|r| r.refund_transaction_id),
                        )
                    })
                    .and_then(both)
            },
        },
        Way {
            name: "v4::PaymentDetail (with paymentProvider)",
            through_value: false,
            buffered: false,
            decode: |json| {
                serde_json::from_str::<v4::PaymentDetail>(&detail(json))
                    .map_err(text)
                    .map(|d| {
                        (
                            d.transaction_id,
                            d.refund_list.first().map(|r| r.refund_transaction_id),
                        )
                    })
                    .and_then(both)
            },
        },
        Way {
            name: "v4::PaymentDetail (with paymentProvider), from a Value",
            through_value: true,
            buffered: false,
            decode: |json| {
                from_value::<v4::PaymentDetail>(&detail(json))
                    .map(|d| {
                        (
                            d.transaction_id,
                            d.refund_list.first().map(|r| r.refund_transaction_id),
                        )
                    })
                    .and_then(both)
            },
        },
    ]);
    ways
}

#[test]
fn transaction_ids_decode_the_same_in_every_way() {
    check_table(&id_ways(), IDS, TransactionId::to_string, |json, way| {
        value_differences(json, way, "0")
    });
}

// ---------------------------------------------------------------------------------------
// Return codes (`resultCode` of the legacy shape is a JSON number)

/// JSON → the code, or words its error contains. Floats are refused with serde's own
/// words, which name the float.
const RETURN_CODES: &[(&str, Result<&str, &str>)] = &[
    ("\"0000\"", Ok("0000")),
    ("\"1104\"", Ok("1104")),
    ("0", Ok("0000")),
    ("110", Ok("0110")),
    ("1104", Ok("1104")),
    ("42", Ok("0042")),
    ("-1", Ok("-1")),
    ("18446744073709551615", Ok("18446744073709551615")),
    ("1104.0", Err("invalid type: floating point `1104.0`")),
    ("1.104e3", Err("invalid type: floating point `1104.0`")),
    ("-0", Err("invalid type: floating point `-0.0`")),
    (
        "18446744073709551616",
        Err("invalid type: floating point `1.8446744073709552e+19`"),
    ),
    ("null", Err("expected a LINE Pay return code")),
    ("{}", Err("expected a LINE Pay return code")),
];

#[test]
fn return_codes_decode_the_same_in_every_way() {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Legacy {
        result_code: ReturnCode,
    }
    #[derive(Deserialize)]
    struct Flattened {
        #[serde(flatten)]
        legacy: Legacy,
    }
    let mut ways = plain_ways();
    ways.extend([
        Way {
            name: "in a legacy envelope",
            through_value: false,
            buffered: false,
            decode: |json| {
                serde_json::from_str::<Legacy>(&format!(r#"{{"resultCode":{json}}}"#))
                    .map(|l| l.result_code)
                    .map_err(text)
            },
        },
        Way {
            name: "in a flattened legacy envelope",
            through_value: false,
            buffered: true,
            decode: |json| {
                serde_json::from_str::<Flattened>(&format!(r#"{{"resultCode":{json}}}"#))
                    .map(|f| f.legacy.result_code)
                    .map_err(text)
            },
        },
    ]);
    check_table(&ways, RETURN_CODES, ReturnCode::to_string, |json, way| {
        value_differences(json, way, "0000")
    });
}

// ---------------------------------------------------------------------------------------
// Real answers, through `decode_response`

const ID: u64 = 2019049910005496810;

fn amount(text: &str) -> Amount {
    text.parse().expect("valid amount")
}

fn success(info: &str) -> http::Response<Bytes> {
    http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(Bytes::from(format!(
            r#"{{"returnCode":"0000","returnMessage":"Success.","info":{info}}}"#
        )))
        .expect("valid response")
}

/// A THB payment of 100.50, confirmed (reference §3.2), with a package fee.
const THB_CONFIRM: &str = r#"{
    "orderId": "TH-20240501-0001",
    "transactionId": 2019049910005496810,
    "payInfo": [
        {"method": "CREDIT_CARD", "amount": 100.5, "creditCardBrand": "VISA",
         "maskedCreditCardNumber": "**** **** **** 1234"}
    ],
    "packages": [
        {"id": "shop-1", "amount": 100.5, "userFeeAmount": 0.5, "name": "Tea",
         "products": [{"name": "Green tea", "quantity": 2, "price": 50.25}]}
    ],
    "paymentProvider": "TSP"
}"#;

#[test]
fn a_thb_confirm_answer_keeps_its_fraction() {
    let info = decode_response::<v3::ConfirmPayment>(&success(THB_CONFIRM)).expect("decodes");
    assert_eq!(info.transaction_id, TransactionId::new(ID));
    assert_eq!(info.pay_info[0].method, v3::PayMethod::CreditCard);
    assert_eq!(info.pay_info[0].amount, amount("100.5"));
    assert_eq!(info.pay_info[0].amount.to_string(), "100.5");
    assert_eq!(info.packages[0].amount, amount("100.5"));
    assert_eq!(info.packages[0].user_fee, Some(amount("0.5")));
    assert_eq!(info.packages[0].products[0].price, amount("50.25"));
    assert!(
        info.pay_info[0]
            .amount
            .check_currency(&Currency::Thb)
            .is_ok()
    );

    // v4: the same answer, with `paymentProvider`.
    let info = decode_response::<v4::ConfirmPayment>(&success(THB_CONFIRM)).expect("decodes");
    assert_eq!(info.transaction_id, TransactionId::new(ID));
    assert_eq!(info.pay_info[0].amount, amount("100.5"));
    assert_eq!(info.packages[0].user_fee, Some(amount("0.5")));
    assert_eq!(info.packages[0].products[0].price, amount("50.25"));
    assert_eq!(
        info.payment_provider.clone().unwrap_or_default(),
        v4::PaymentProvider::Tsp
    );
}

/// A USD capture of 19.99: 19.98 by card and 0.01 in points.
const USD_CAPTURE: &str = r#"{
    "transactionId": "2019049910005496810",
    "orderId": "US-20240501-0002",
    "payInfo": [
        {"method": "CREDIT_CARD", "amount": 19.98},
        {"method": "POINT", "amount": 0.01}
    ],
    "paymentProvider": "EPI"
}"#;

#[test]
fn a_usd_capture_answer_keeps_its_cents() {
    let info = decode_response::<v3::CapturePayment>(&success(USD_CAPTURE)).expect("decodes");
    assert_eq!(info.transaction_id, TransactionId::new(ID));
    let amounts: Vec<String> = info.pay_info.iter().map(|p| p.amount.to_string()).collect();
    assert_eq!(amounts, ["19.98", "0.01"]);
    let total = info.pay_info[0].amount.checked_add(info.pay_info[1].amount);
    assert_eq!(total, Some(amount("19.99")));

    let info = decode_response::<v4::CapturePayment>(&success(USD_CAPTURE)).expect("decodes");
    let amounts: Vec<String> = info.pay_info.iter().map(|p| p.amount.to_string()).collect();
    assert_eq!(amounts, ["19.98", "0.01"]);
    assert_eq!(
        info.payment_provider.clone().unwrap_or_default(),
        v4::PaymentProvider::Epi
    );
}

/// Payment Details of a THB payment of 100.50 with a partial refund of 20.50 (reported
/// negative), and the refund itself as its own transaction.
const THB_DETAILS: &str = r#"[
    {"transactionId": 2019049910005496810, "transactionDate": "2024-05-01T04:02:43Z",
     "transactionType": "PAYMENT", "payStatus": "CAPTURE", "productName": "Tea",
     "currency": "THB", "orderId": "TH-20240501-0001",
     "payInfo": [{"method": "CREDIT_CARD", "amount": 100.5}],
     "refundList": [
        {"refundTransactionId": 2019049910005496811, "transactionType": "PARTIAL_REFUND",
         "refundAmount": -20.5, "refundTransactionDate": "2024-05-02T04:02:43Z"}
     ],
     "paymentProvider": "TSP"},
    {"transactionId": "2019049910005496811", "transactionType": "PARTIAL_REFUND",
     "currency": "THB", "originalTransactionId": 2019049910005496810,
     "payInfo": [{"method": "CREDIT_CARD", "amount": -20.5}],
     "paymentProvider": null}
]"#;

#[test]
fn a_payment_details_answer_keeps_fractional_refunds() {
    let details = decode_response::<v3::PaymentDetails>(&success(THB_DETAILS)).expect("decodes");
    assert_eq!(details.len(), 2);
    let (payment, refund) = (&details[0], &details[1]);
    assert_eq!(payment.currency, Some(Currency::Thb));
    assert_eq!(payment.pay_info[0].amount, amount("100.5"));
    let entry = &payment.refund_list[0];
    assert_eq!(entry.refund_transaction_id, TransactionId::new(ID + 1));
    assert_eq!(entry.refund_amount, amount("-20.5"));
    assert_eq!(entry.refund_amount.to_string(), "-20.5");
    assert_eq!(payment.refunded_total(), Some(amount("20.5")));
    assert_eq!(refund.transaction_id, TransactionId::new(ID + 1));
    assert_eq!(refund.original_transaction_id, Some(TransactionId::new(ID)));
    assert_eq!(refund.pay_info[0].amount, amount("-20.5"));

    let details = decode_response::<v4::PaymentDetails>(&success(THB_DETAILS)).expect("decodes");
    assert_eq!(details.len(), 2);
    assert_eq!(details[0].pay_info[0].amount, amount("100.5"));
    assert_eq!(details[0].refund_list[0].refund_amount, amount("-20.5"));
    assert_eq!(details[0].refunded_total(), Some(amount("20.5")));
    assert_eq!(
        details[1].original_transaction_id,
        Some(TransactionId::new(ID))
    );
    assert_eq!(details[1].pay_info[0].amount, amount("-20.5"));
    assert_eq!(
        details[1].payment_provider.clone().unwrap_or_default(),
        v4::PaymentProvider::Tsp
    );
}

#[test]
fn a_legacy_error_with_a_numeric_result_code_is_read() {
    let response = http::Response::builder()
        .status(200)
        .body(Bytes::from_static(
            br#"{"resultCode":1104,"statusMessage":"Merchant not found."}"#,
        ))
        .expect("valid response");
    let error = decode_response::<v3::ConfirmPayment>(&response).expect_err("1104");
    assert_eq!(error.return_code(), Some(&ReturnCode::MerchantNotFound));
}

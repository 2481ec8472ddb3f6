//! Two promises of `decode_response` for every answer type of v3 and v4, as properties.
//!
//! 1. Any JSON value in any place of a valid, complete answer (a member or a list element at
//!    any depth, `info` itself, the envelope's members) never panics the decoder of any
//!    endpoint: it gives the response, `Error::Decode`, `Error::Api` or, only for a body that
//!    is no longer an object, `Error::Http`.
//! 2. `null` for, or absence of, optional members decodes with the answer's own endpoint,
//!    and the values a merchant needs (ids above all, compared exactly as `u64`) read back
//!    unchanged. The required members are named in [`EVERYWHERE`] and [`Shape::required`];
//!    every other member of a rich answer, at any depth, is optional. They are found by
//!    walking the answer, so a member added to a rich answer is covered without more code.
//!
//! Why: an answer arrives after money moved. A panic, or an answer refused for a detail,
//! leaves the merchant unable to learn what happened to a payment that did happen.
//!
//! Each answer is written in LINE Pay's member order (`returnCode` first: the one-pass
//! decoder) and with `info` first (the general path), so both decoders are held to this.
//! Case counts are small (256 for the first property, 128 for each of the second) so that
//! the file runs in a few seconds; every optional member is also tried alone, exhaustively.

use std::fmt::Debug;
use std::sync::LazyLock;

use bytes::Bytes;
use linepay_core::api::{offline, v3, v4};
use linepay_core::{Endpoint, Error, decode_response, for_each_endpoint};
use proptest::prelude::*;
use serde::Serialize;
use serde_json::{Value, json};

// ---- the rich answers ----------------------------------------------------------------------

/// The answer types; v3 and v4 share each, v4 adding `paymentProvider` to some.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Shape {
    Request,
    Confirm,
    Capture,
    Refund,
    PaymentDetails,
    PayPreapproved,
    /// Void, Check RegKey, Expire RegKey, Check Payment Status: the return code alone.
    ReturnCodeOnly,
    /// Offline Pay and Capture (v4 only).
    OfflinePayment,
    /// Offline Check (v4 only).
    OrderStatus,
}

const SHAPES: [Shape; 9] = [
    Shape::Request,
    Shape::Confirm,
    Shape::Capture,
    Shape::Refund,
    Shape::PaymentDetails,
    Shape::PayPreapproved,
    Shape::ReturnCodeOnly,
    Shape::OfflinePayment,
    Shape::OrderStatus,
];

/// Members required wherever they appear (`[]` stands for any list index).
const EVERYWHERE: &str = "payInfo[].method payInfo[].amount packages[].amount products[].name \
    products[].quantity products[].price events[].code";

/// Parts that Confirm, Capture and Payment Details share.
const PAY_INFO: &str = r#"[{"method":"CREDIT_CARD","amount":80,"creditCardNickname":"My card",
    "creditCardBrand":"VISA","maskedCreditCardNumber":"**** **** **** 1234"},{"method":"POINT","amount":20}]"#;
const PACKAGES: &str = r#"[{"id":"shop-1","amount":100,"userFee":0,"userFeeAmount":0,"name":"Tea shop",
    "products":[{"id":"tea-1","name":"Green tea","quantity":2,"price":50,
        "imageUrl":"https://shop.example/tea.png","originalPrice":60}]}]"#;
const SHIPPING: &str = r#"{"methodId":"SHIP-1","feeAmount":60,"address":{"country":"TW","postalCode":"100",
    "state":"Taipei","city":"Taipei","detail":"No. 1","optional":"3F",
    "recipient":{"firstName":"Mei","lastName":"Lin","firstNameOptional":"美","lastNameOptional":"林",
        "email":"mei@shop.example","phoneNo":"0912345678"}}}"#;

/// The `info` of each answer type, every documented member present. Ids are beyond 2^53, up
/// to `u64::MAX`: a float anywhere on the way would change them.
const REQUEST_INFO: &str = r#"{"transactionId":2019049910005496810,"paymentAccessToken":"187568751124",
    "paymentUrl":{"web":"https://sandbox-web-pay.line.me/web/payment/wait?transactionReserveId=cmVz",
        "app":"line://pay/payment/cmVz"}}"#;
const CONFIRM_INFO: &str = r#"{"orderId":"order-1001","transactionId":2019049910005496810,
    "authorizationExpireDate":"2019-04-15T04:02:43Z","regKey":"RK9A7BD0C2F3A5E6",
    "payInfo":$PAY_INFO,"packages":$PACKAGES,"shipping":$SHIPPING,
    "merchantReference":{"affiliateCards":[{"cardType":"MOBILE_CARRIER","cardId":"/AB12+CD"}]}}"#;
const CAPTURE_INFO: &str = r#"{"transactionId":2019049910005496810,"orderId":"order-1001",
    "payInfo":$PAY_INFO}"#;
const REFUND_INFO: &str = r#"{"refundTransactionId":18446744073709551615,
    "refundTransactionDate":"2019-04-10T04:02:43Z"}"#;
/// A payment with a refund, and the refund itself.
const DETAILS_INFO: &str = r#"[{"transactionId":2019049910005496810,
    "transactionDate":"2019-04-10T04:02:43Z","transactionType":"PAYMENT","payStatus":"CAPTURE",
    "productName":"Green tea","merchantName":"Tea shop","currency":"TWD","orderId":"order-1001",
    "authorizationExpireDate":"2019-04-15T04:02:43Z","payInfo":$PAY_INFO,
    "refundList":[{"refundTransactionId":18446744073709551615,"transactionType":"PARTIAL_REFUND",
        "refundAmount":-20,"refundTransactionDate":"2019-04-10T04:02:43Z"}],
    "packages":$PACKAGES,"shipping":$SHIPPING,
    "events":[{"code":"EVENT1","totalAmount":100,"productQuantity":2}]},
  {"transactionId":18446744073709551615,"transactionDate":"2019-04-10T04:02:43Z",
    "transactionType":"PARTIAL_REFUND","originalTransactionId":2019049910005496810,
    "currency":"TWD","orderId":"order-1001","payInfo":[{"method":"CREDIT_CARD","amount":-20}]}]"#;
const PAY_PREAPPROVED_INFO: &str = r#"{"transactionId":9007199254740993,
    "transactionDate":"2019-04-10T04:02:43Z","authorizationExpireDate":"2019-04-15T04:02:43Z",
    "orderId":"order-1002"}"#;
const OFFLINE_PAYMENT_INFO: &str = r#"{"transactionId":2026071802368895010,"orderId":"COUNTER-7-0042",
    "transactionDate":"2026-07-18T02:36:00Z","payInfo":$PAY_INFO,
    "authorizationExpireDate":"2026-07-25T02:36:00Z",
    "merchantReference":{"affiliateCards":[{"cardType":"MOBILE_CARRIER","cardId":"/AB12+CD"}]}}"#;
const ORDER_STATUS_INFO: &str = r#"{"status":"COMPLETE","transactionId":18446744073709551615,
    "orderId":"COUNTER-7-0042","transactionDate":"2026-07-18T02:36:00Z","payInfo":$PAY_INFO}"#;

impl Shape {
    /// The rich `info`, with the shared parts (`$PAY_INFO`, …) still to fill in.
    fn rich_info(self) -> Option<&'static str> {
        Some(match self {
            Shape::Request => REQUEST_INFO,
            Shape::Confirm => CONFIRM_INFO,
            Shape::Capture => CAPTURE_INFO,
            Shape::Refund => REFUND_INFO,
            Shape::PaymentDetails => DETAILS_INFO,
            Shape::PayPreapproved => PAY_PREAPPROVED_INFO,
            Shape::ReturnCodeOnly => return None,
            Shape::OfflinePayment => OFFLINE_PAYMENT_INFO,
            Shape::OrderStatus => ORDER_STATUS_INFO,
        })
    }

    /// What a merchant cannot do without, besides `returnCode` and [`EVERYWHERE`].
    fn required(self) -> &'static str {
        match self {
            Shape::Request => "info.transactionId info.paymentUrl info.paymentUrl.web",
            Shape::Confirm => "info.orderId info.transactionId",
            Shape::Capture => "info.transactionId info.orderId",
            Shape::Refund => "info.refundTransactionId",
            Shape::PaymentDetails => {
                "info[].transactionId info[].refundList[].refundTransactionId \
                info[].refundList[].refundAmount"
            }
            Shape::PayPreapproved => "info.transactionId",
            Shape::ReturnCodeOnly => "",
            Shape::OfflinePayment => "info.transactionId info.orderId",
            Shape::OrderStatus => "info.status",
        }
    }
}

struct Answer {
    /// `v3 Confirm`, …
    name: String,
    shape: Shape,
    v4: bool,
    json: Value,
    /// Its members, split by [`split_members`].
    required: Vec<Member>,
    optional: Vec<Member>,
}

/// One complete answer per answer type and version; v4's carry `paymentProvider` where LINE
/// Pay documents it (Confirm, Capture, Payment Details, Pay Preapproved).
fn rich_answers() -> &'static [Answer] {
    static ANSWERS: LazyLock<Vec<Answer>> = LazyLock::new(build_rich_answers);
    &ANSWERS
}

fn build_rich_answers() -> Vec<Answer> {
    let mut answers = Vec::new();
    for shape in SHAPES {
        let offline = matches!(shape, Shape::OfflinePayment | Shape::OrderStatus);
        for v4 in [false, true].into_iter().filter(|&v4| v4 || !offline) {
            let mut json = json!({"returnCode": "0000", "returnMessage": "Success."});
            if let Some(info) = shape.rich_info() {
                let info = info
                    .replace("$PAY_INFO", PAY_INFO)
                    .replace("$PACKAGES", PACKAGES);
                let info = info.replace("$SHIPPING", SHIPPING);
                json["info"] = serde_json::from_str(&info).expect("a rich answer is JSON");
            }
            let with_provider = |info: &mut Value| info["paymentProvider"] = json!("EPI");
            match json.get_mut("info") {
                Some(Value::Array(details)) if v4 => details.iter_mut().for_each(with_provider),
                Some(info) if v4 && !matches!(shape, Shape::Request | Shape::Refund) => {
                    with_provider(info);
                }
                _ => {}
            }
            let name = format!("{} {shape:?}", if v4 { "v4" } else { "v3" });
            let (required, optional) = split_members(shape, &json);
            answers.push(Answer {
                name,
                shape,
                v4,
                json,
                required,
                optional,
            });
        }
    }
    answers
}

// ---- required and optional members ---------------------------------------------------------

/// An object member somewhere in an answer.
#[derive(Clone, Debug)]
struct Member {
    /// Where it is, as a JSON pointer: `/info/payInfo/0/method`.
    pointer: String,
    /// Its path with `[]` for any list index: `info.payInfo[].method`.
    path: String,
}

/// Every object member of `value`, at any depth (children before their parent).
fn members(value: &Value) -> Vec<Member> {
    fn walk(value: &Value, pointer: &str, path: &str, out: &mut Vec<Member>) {
        match value {
            Value::Object(map) => {
                for (key, child) in map {
                    let pointer = format!("{pointer}/{key}");
                    let path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    walk(child, &pointer, &path, out);
                    out.push(Member { pointer, path });
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{pointer}/{i}"), &format!("{path}[]"), out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, "", "", &mut out);
    out
}

/// An answer's members split into (required, optional). A member that holds a required
/// member directly (not through a list) is required too: `info` of Confirm, but not `info`
/// of Payment Details (its `null` is an empty list) nor `payInfo` (its `null` is no entry).
fn split_members(shape: Shape, answer: &Value) -> (Vec<Member>, Vec<Member>) {
    let all = members(answer);
    let named = |path: &str| {
        path == "returnCode"
            || shape.required().split_whitespace().any(|p| p == path)
            || EVERYWHERE
                .split_whitespace()
                .any(|p| path.ends_with(&format!(".{p}")))
    };
    let named_paths: Vec<&str> = all
        .iter()
        .map(|m| m.path.as_str())
        .filter(|p| named(p))
        .collect();
    let holds_required = |path: &str| {
        let prefix = format!("{path}.");
        let direct = |rest: &str| !rest.contains("[]");
        named_paths
            .iter()
            .any(|named| named.strip_prefix(&prefix).is_some_and(direct))
    };
    all.iter()
        .cloned()
        .partition(|m| named(&m.path) || holds_required(&m.path))
}

/// `answer` with the `chosen` members set to `null`, or removed.
fn without(answer: &Answer, chosen: &[&Member], remove: bool) -> Value {
    let mut changed = answer.json.clone();
    for member in chosen {
        let (object, key) = member.pointer.rsplit_once('/').expect("a member's pointer");
        // Nothing to do when a member above it is already gone.
        if let Some(Value::Object(map)) = changed.pointer_mut(object) {
            if remove {
                map.remove(key);
            } else if let Some(value) = map.get_mut(key) {
                *value = Value::Null;
            }
        }
    }
    changed
}

// ---- bodies and decoding -------------------------------------------------------------------

/// The answer's text: with `code_first` in LINE Pay's order (`returnCode`, `returnMessage`,
/// `info`, the rest), else the other way round.
fn envelope_text(answer: &Value, code_first: bool) -> String {
    let Value::Object(map) = answer else {
        return answer.to_string();
    };
    let order = ["returnCode", "returnMessage", "info"];
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort_by_key(|key| order.iter().position(|k| k == key).unwrap_or(order.len()));
    if !code_first {
        keys.reverse();
    }
    let members: Vec<String> = keys
        .iter()
        .map(|k| format!("{}:{}", json!(k), map[*k]))
        .collect();
    format!("{{{}}}", members.join(","))
}

fn ok_response(body: String) -> http::Response<Bytes> {
    http::Response::new(Bytes::from(body))
}

/// `E`'s answer written back as JSON (wire names), or the error as text.
fn decoded<E: Endpoint>(response: &http::Response<Bytes>) -> Result<Value, String>
where
    E::Response: Serialize,
{
    let info = decode_response::<E>(response).map_err(|e| format!("{}: {e}", E::PATH))?;
    serde_json::to_value(info).map_err(|e| format!("{}: written back: {e}", E::PATH))
}

/// Decodes with the endpoint the answer belongs to (with all four for the return code
/// alone); `info` as JSON.
fn decode_as_its_endpoint(
    shape: Shape,
    v4: bool,
    response: &http::Response<Bytes>,
) -> Result<Value, String> {
    macro_rules! in_its_version {
        ($api:ident => $body:expr) => {
            if v4 {
                use linepay_core::api::v4 as $api;
                $body
            } else {
                use linepay_core::api::v3 as $api;
                $body
            }
        };
    }
    // Offline answers share Online v4's types: each must read the same through both.
    let same_as = |online: Result<Value, String>, offline: Result<Value, String>| {
        let online = online?;
        if v4 && offline.as_ref() != Ok(&online) {
            return Err(format!("offline reads {offline:?}, online {online}"));
        }
        Ok(online)
    };
    in_its_version!(api => match shape {
        Shape::Request => decoded::<api::RequestPayment>(response),
        Shape::Confirm => decoded::<api::ConfirmPayment>(response),
        Shape::Capture => decoded::<api::CapturePayment>(response),
        Shape::Refund => same_as(
            decoded::<api::RefundPayment>(response),
            decoded::<offline::RefundOrder>(response),
        ),
        Shape::PaymentDetails => same_as(
            decoded::<api::PaymentDetails>(response),
            decoded::<offline::Authorizations>(response),
        ),
        Shape::PayPreapproved => decoded::<api::PayPreapproved>(response),
        Shape::ReturnCodeOnly => {
            decoded::<api::VoidPayment>(response)?;
            decoded::<api::CheckRegKey>(response)?;
            decoded::<api::ExpireRegKey>(response)?;
            decoded::<offline::VoidOrder>(response)?;
            match decode_response::<api::CheckPaymentStatus>(response) {
                Ok(v3::PaymentStatus::Waiting) => Ok(Value::Null),
                other => Err(format!("Check Payment Status: {other:?}")),
            }
        }
        Shape::OfflinePayment => same_as(
            decoded::<offline::Pay>(response),
            decoded::<offline::CaptureOrder>(response),
        ),
        Shape::OrderStatus => decoded::<offline::CheckOrder>(response),
    })
}

/// Equal JSON values. `Value` compares integers exactly (a `u64` as a `u64`, never through
/// `f64`); an id sent as text compares as its number.
fn same(sent: &Value, read: &Value) -> bool {
    let id = |v: &Value| v.as_u64().or_else(|| v.as_str()?.parse().ok());
    sent == read || id(sent).is_some_and(|n| Some(n) == id(read))
}

/// `changed` decodes with its endpoint in both member orders, and every required value still
/// in it reads back as sent.
fn check_still_decodes(answer: &Answer, changed: &Value, what: &str) -> Result<(), String> {
    for code_first in [true, false] {
        let body = envelope_text(changed, code_first);
        let read = decode_as_its_endpoint(answer.shape, answer.v4, &ok_response(body.clone()))
            .map_err(|e| format!("{}, {what}: {e}\n  body: {body}", answer.name))?;
        let read = json!({ "info": read });
        for pointer in answer
            .required
            .iter()
            .map(|m| &m.pointer)
            .filter(|p| p.starts_with("/info/"))
        {
            // Values only (`paymentUrl` is checked through `web`); none left when an optional
            // member above is gone (a nulled list, Payment Details' `info`).
            let sent = changed
                .pointer(pointer)
                .filter(|v| !v.is_object() && !v.is_array());
            let got = read.pointer(pointer).unwrap_or(&Value::Null);
            if let Some(sent) = sent.filter(|sent| !same(sent, got)) {
                return Err(format!(
                    "{}, {what}: {pointer} sent {sent}, read {got}",
                    answer.name
                ));
            }
        }
    }
    Ok(())
}

// ---- arbitrary replacements ----------------------------------------------------------------

/// Number texts no `Value` holds (spliced into the text): more than 64 bits, beyond `f64`,
/// `-0`, ids written as floats.
const RAW_NUMBERS: &str = "123456789012345678901234567890 -123456789012345678901234567890 \
    18446744073709551616 -9223372036854775809 1e400 -1e400 1e-400 0.000000000000000000000000000001 \
    2019049910005496810.0 2.01904991000549681e18 -0 -0.0 1E2 100.000000000000000001";
/// Huge, tiny, negative zero, the edges of `Amount`'s float rule and of 64-bit integers.
const FLOATS: &str = "1e308 -1e308 1.7976931348623157e308 2.2250738585072014e-308 5e-324 -0.0 \
    0.1 0.5 -1.5 1e15 999999999999999.9 2019049910005496810.0 9.223372036854776e18 1.8446744073709552e19";
/// Strings, `|`-separated (the empty one first): codes, digits, ids, wire names, odd characters.
const STRINGS: &str = "|0000|0110|0123|9000|0|-0|00|2019049910005496810|18446744073709551616|-1|1e3| 1|\
    1.5|NaN|TWD|CREDIT_CARD|CAPTURE|PARTIAL_REFUND|EPI|RK9A7BD0C2F3A5E6|\u{0}|\u{FEFF}|測試|\u{10FFFF}|a\nb";
/// Member names of LINE Pay's answers, for objects that look like its parts.
const MEMBER_NAMES: &str = "transactionId orderId amount method payInfo packages products name quantity \
    price info returnCode refundList refundTransactionId refundAmount paymentUrl web code events userFee \
    userFeeAmount paymentProvider regKey";

/// What replaces a node: a JSON value, or a number's text.
#[derive(Clone, Debug)]
enum Replacement {
    Json(Value),
    Raw(&'static str),
}

fn words(list: &'static str) -> Vec<&'static str> {
    list.split_whitespace().collect()
}

/// Arbitrary JSON values, small: extremes of every kind of number, tricky strings, lists, and
/// objects with LINE Pay's member names.
fn json_value() -> impl Strategy<Value = Value> {
    let float = prop::sample::select(words(FLOATS)).prop_map(|f| f.parse::<f64>().expect(f));
    let string =
        prop::sample::select(STRINGS.split('|').collect::<Vec<_>>()).prop_map(String::from);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        prop_oneof![any::<i64>(), Just(i64::MIN), Just(i64::MAX), Just(-1)].prop_map(Value::from),
        prop_oneof![any::<u64>(), Just(u64::MAX)].prop_map(Value::from),
        prop_oneof![any::<f64>(), float].prop_map(Value::from),
        prop_oneof![".{0,12}", "[0-9]{1,30}", string].prop_map(Value::String),
    ];
    let name = prop_oneof![
        prop::sample::select(words(MEMBER_NAMES)).prop_map(String::from),
        "[a-zA-Z]{1,12}"
    ];
    leaf.prop_recursive(3, 24, 4, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(name.clone(), inner, 0..4)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

fn replacement() -> impl Strategy<Value = Replacement> {
    prop_oneof![
        4 => json_value().prop_map(Replacement::Json),
        1 => prop::sample::select(words(RAW_NUMBERS)).prop_map(Replacement::Raw),
    ]
}

/// JSON pointers to every node of `value`: the root, each member, each list element.
fn nodes(value: &Value) -> Vec<String> {
    let mut out = vec![String::new()];
    for Member { pointer, .. } in members(value) {
        if let Some(Value::Array(items)) = value.pointer(&pointer) {
            out.extend((0..items.len()).map(|i| format!("{pointer}/{i}")));
        }
        out.push(pointer);
    }
    out
}

/// `value` with the node at `pointer` replaced, as text.
fn replaced(
    mut value: Value,
    pointer: &str,
    replacement: &Replacement,
    code_first: bool,
) -> String {
    const MARKER: &str = "@@raw-number@@";
    let node = value.pointer_mut(pointer).expect("a node of the answer");
    *node = match replacement {
        Replacement::Json(json) => json.clone(),
        Replacement::Raw(_) => json!(MARKER),
    };
    let text = envelope_text(&value, code_first);
    match replacement {
        Replacement::Raw(number) => text.replacen(&json!(MARKER).to_string(), number, 1),
        Replacement::Json(_) => text,
    }
}

/// `E` reads the body as its response or a documented error; `Error::Http` only for a body
/// that is not a JSON object.
fn decodes_or_fails_cleanly<E: Endpoint>(
    response: &http::Response<Bytes>,
) -> Result<(), TestCaseError>
where
    E::Response: Debug,
{
    let result = decode_response::<E>(response);
    let object = response.body().first() == Some(&b'{');
    match &result {
        Ok(_) | Err(Error::Decode(_) | Error::Api(_)) => {}
        Err(Error::Http { .. }) => prop_assert!(!object, "{}: Error::Http for an object", E::PATH),
        Err(other) => prop_assert!(false, "{}: undocumented error {other:?}", E::PATH),
    }
    if let Err(error) = &result {
        let _ = format!("{error} {error:?}");
    }
    Ok(())
}

// ---- the properties ------------------------------------------------------------------------

/// More than the largest answer has optional members (checked in each case).
const MASK_LEN: usize = 128;

/// Nulls (or removes) the optional members `mask` picks; the answer must still decode.
fn check_random_subset(answer: &Answer, mask: &[bool], remove: bool) -> Result<(), TestCaseError> {
    prop_assert!(
        answer.optional.len() <= mask.len(),
        "raise MASK_LEN to {}",
        answer.optional.len()
    );
    let chosen: Vec<&Member> = answer
        .optional
        .iter()
        .zip(mask)
        .filter(|(_, on)| **on)
        .map(|(m, _)| m)
        .collect();
    let paths: Vec<&str> = chosen.iter().map(|m| m.path.as_str()).collect();
    let what = format!("{} {paths:?}", if remove { "without" } else { "null" });
    check_still_decodes(answer, &without(answer, &chosen, remove), &what)
        .map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any value in any place of any answer: every endpoint of both versions returns, with
    /// the response or a documented error.
    #[test]
    fn any_value_anywhere_never_panics_the_decoder(
        answer in 0..rich_answers().len(),
        node in any::<prop::sample::Index>(),
        replacement in replacement(),
        code_first in any::<bool>(),
    ) {
        let value = rich_answers()[answer].json.clone();
        let pointer = node.get(&nodes(&value)).clone();
        let response = ok_response(replaced(value, &pointer, &replacement, code_first));
        for_each_endpoint!(decodes_or_fails_cleanly(&response)?);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Random optional members `null`: the answer decodes, its required values unchanged.
    #[test]
    fn nulls_in_optional_places_decode(
        answer in 0..rich_answers().len(),
        mask in prop::collection::vec(any::<bool>(), MASK_LEN),
    ) {
        check_random_subset(&rich_answers()[answer], &mask, false)?;
    }

    /// Random optional members left out: the answer decodes, its required values unchanged.
    #[test]
    fn missing_optional_members_decode(
        answer in 0..rich_answers().len(),
        mask in prop::collection::vec(any::<bool>(), MASK_LEN),
    ) {
        check_random_subset(&rich_answers()[answer], &mask, true)?;
    }
}

/// Each optional member alone, `null` and left out, in every answer: all failures at once.
#[test]
fn each_optional_member_alone_may_be_null_or_missing() {
    let mut failures = Vec::new();
    for answer in rich_answers() {
        for member in &answer.optional {
            for (remove, what) in [(false, "null"), (true, "without")] {
                let changed = without(answer, &[member], remove);
                let what = format!("{what} {}", member.path);
                failures.extend(check_still_decodes(answer, &changed, &what).err());
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The walk finds what the rules name, so the optional sets above are what they should be.
#[test]
fn the_required_members_are_in_the_rich_answers() {
    for answer in rich_answers() {
        let has = |list: &[Member], path: &str| list.iter().any(|m| m.path == path);
        for path in answer
            .shape
            .required()
            .split_whitespace()
            .chain(["returnCode"])
        {
            assert!(has(&answer.required, path), "{}: {path}", answer.name);
        }
        assert!(has(&answer.optional, "returnMessage"), "{}", answer.name);
        let info_optional = matches!(answer.shape, Shape::PaymentDetails | Shape::ReturnCodeOnly);
        assert_eq!(
            has(&answer.required, "info"),
            !info_optional,
            "{}",
            answer.name
        );
    }
}

/// `info: null` is no payments for Payment Details, and success for the answers that are a
/// return code alone.
#[test]
fn null_info_is_an_empty_list_or_success() {
    for code_first in [true, false] {
        let body = envelope_text(
            &json!({"returnCode": "0000", "returnMessage": "OK", "info": null}),
            code_first,
        );
        let response = ok_response(body.clone());
        let details = decode_response::<v3::PaymentDetails>(&response).expect(&body);
        assert!(details.is_empty(), "{body}");
        let details = decode_response::<v4::PaymentDetails>(&response).expect(&body);
        assert!(details.is_empty(), "{body}");
        for v4 in [false, true] {
            decode_as_its_endpoint(Shape::ReturnCodeOnly, v4, &response).expect(&body);
        }
    }
}

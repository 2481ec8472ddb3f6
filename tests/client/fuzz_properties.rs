//! The fuzz targets of `fuzz/` as proptest properties, so that CI checks them on stable:
//!
//! - random bytes and near-valid JSON (mutations of real LINE Pay answers) through
//!   `decode_response` never panic and give the response or a documented error;
//! - random paths and queries through `parse_query`, `PathMatch` and every endpoint's
//!   `decode_request` never panic, and whatever decodes encodes back to itself;
//! - client encode → server decode is the identity for Payment Details with arbitrary
//!   Unicode order ids;
//! - random requests through linepay-mock's request handling (`SocketlessMock`) never panic,
//!   and the client reads every answer the mock gives to an API call.
//!
//! Case counts are kept small so the file runs in a few seconds; `fuzz/` runs the same
//! properties for minutes.

use std::any::Any;
use std::fmt::Debug;

use bytes::Bytes;
use http::{Method, StatusCode};
use linepay::api::v3::{
    CheckPaymentStatus, ConfirmPayment, Package, PaymentDetails, PaymentStatus, Product,
    RedirectUrls, RefundPayment, RequestPayment,
};
use linepay::endpoint::RequestDecodeError;
use linepay::endpoint::path::{PathMatch, push_param};
use linepay::endpoint::query::{QueryWriter, parse_query};
use linepay::{
    Amount, Client, Credentials, Currency, Endpoint, Envelope, Error, IncomingRequest, Nonce,
    NonceSource, OrderId, Payload, TransactionId, decode_response, for_each_endpoint,
};
use linepay_mock::{MockConfig, Route, SocketlessMock};
use proptest::prelude::*;
use serde_json::Value;

/// The path templates of every endpoint in every version, from the declarations.
fn templates() -> Vec<&'static str> {
    fn collect<E: Endpoint>(templates: &mut Vec<&'static str>) {
        templates.extend(E::PATHS.templates());
    }
    let mut templates = Vec::new();
    for_each_endpoint!(collect(&mut templates));
    templates
}

/// Real LINE Pay answers (shapes from LINE Pay's reference and sandbox), one or more per
/// endpoint, plus the legacy error shape.
const ANSWERS: &[&str] = &[
    r#"{"returnCode":"0000","returnMessage":"Success.","info":{"paymentUrl":{"web":"https://sandbox-web-pay.line.me/web/payment/wait?transactionReserveId=cmVzZXJ2ZUlk","app":"line://pay/payment/cmVzZXJ2ZUlk"},"transactionId":2019049910005496810,"paymentAccessToken":"187568751124"}}"#,
    r#"{"returnCode":"0000","returnMessage":"Success.","info":{"transactionId":2019049910005496810,"orderId":"order-1","payInfo":[{"method":"CREDIT_CARD","amount":80,"creditCardNickname":"","creditCardBrand":"VISA"},{"method":"POINT","amount":20}]}}"#,
    r#"{"returnCode":"0000","returnMessage":"Success.","info":{"transactionId":"2019049910005496810","orderId":"order-1","authorizationExpireDate":"2019-04-15T04:02:43Z","regKey":"RK9A7BD0C2F3A5E6","payInfo":[{"method":"BALANCE","amount":250}],"packages":[{"id":"shop-1","amount":250,"userFeeAmount":0,"products":[{"name":"Tea","quantity":1,"price":250}]}]}}"#,
    r#"{"returnCode":"0000","returnMessage":"Success.","info":{"refundTransactionId":2019049910005496811,"refundTransactionDate":"2019-04-10T04:02:43Z"}}"#,
    r#"{"returnCode":"0000","returnMessage":"Success.","info":[{"transactionId":2019049910005496810,"transactionDate":"2019-04-10T04:02:43Z","transactionType":"PAYMENT","payStatus":"CAPTURE","productName":"Tea","currency":"TWD","orderId":"order-1","payInfo":[{"method":"BALANCE","amount":250}],"refundList":[{"refundTransactionId":2019049910005496811,"transactionType":"PARTIAL_REFUND","refundAmount":-20,"refundTransactionDate":"2019-04-10T04:02:43Z"}]}]}"#,
    r#"{"returnCode":"0000","returnMessage":"Success."}"#,
    r#"{"returnCode":"0110","returnMessage":"Authorization completed."}"#,
    r#"{"returnCode":"0123","returnMessage":"Payment completed."}"#,
    r#"{"returnCode":"0000","returnMessage":"Success.","info":{"transactionId":2019049910005496810,"transactionDate":"2019-04-10T04:02:43Z","authorizationExpireDate":"2019-04-15T04:02:43Z","orderId":"O1"}}"#,
    r#"{"returnCode":"1172","returnMessage":"Existing same orderId."}"#,
    r#"{"returnCode":"1106","returnMessage":"Header information error."}"#,
    r#"{"resultCode":1104,"statusMessage":"Merchant not found."}"#,
    r#"{"returnCode":"9000","returnMessage":"Internal error.","info":null}"#,
];

/// JSON fragments that break assumptions: huge and float numbers, wrong types, lone
/// surrogates, ids as strings.
const FRAGMENTS: &[&str] = &[
    "null",
    "\"\"",
    "-1",
    "-0",
    "0.1",
    "1e999",
    "-1e-999",
    "18446744073709551616",
    "-9223372036854775809",
    "2019049910005496810",
    "\"2019049910005496810\"",
    "\"20190499100054968100\"",
    "[]",
    "{}",
    "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]",
    "true",
    "\"\\ud800\"",
    "\"\\u0000\"",
    "\"0000\"",
    "\"0110\"",
    "\"TWD\"",
    "\"CAPTURE\"",
    "\u{FEFF}",
    "\"測試\"",
];

/// One byte-level change to a body.
#[derive(Clone, Debug)]
enum Mutation {
    Truncate(usize),
    Flip(usize, u8),
    Insert(usize, u8),
    Delete(usize, usize),
    Splice(usize, usize, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 1..=255u8).prop_map(|(at, bits)| Mutation::Flip(at, bits)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Insert(at, byte)),
        (any::<usize>(), 1..16usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<usize>(), 0..24usize, prop::sample::select(FRAGMENTS))
            .prop_map(|(at, n, text)| Mutation::Splice(at, n, text)),
    ]
}

fn mutate(body: &mut Vec<u8>, mutation: &Mutation) {
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
    match *mutation {
        Mutation::Truncate(i) => body.truncate(at(i, body.len())),
        Mutation::Flip(i, bits) => {
            if !body.is_empty() {
                let i = i % body.len();
                body[i] ^= bits;
            }
        }
        Mutation::Insert(i, byte) => body.insert(at(i, body.len()), byte),
        Mutation::Delete(i, n) => {
            let start = at(i, body.len());
            let end = (start + n).min(body.len());
            body.drain(start..end);
        }
        Mutation::Splice(i, n, text) => {
            let start = at(i, body.len());
            let end = (start + n).min(body.len());
            body.splice(start..end, text.bytes());
        }
    }
}

/// Arbitrary JSON values, small.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::String),
        prop::sample::select(FRAGMENTS).prop_map(|text| {
            serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_owned()))
        }),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z]{1,16}", inner, 0..4)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// Replaces one node of `value`, found by walking `steps`, with `replacement`.
fn replace_node(value: &mut Value, steps: &[usize], replacement: Value) {
    let children = match value {
        Value::Object(members) => members.len(),
        Value::Array(items) => items.len(),
        _ => 0,
    };
    match steps.split_first() {
        Some((&step, rest)) if children > 0 && step % (children + 1) != children => {
            let i = step % (children + 1);
            let child = match value {
                Value::Object(members) => members.values_mut().nth(i),
                Value::Array(items) => items.get_mut(i),
                _ => None,
            };
            if let Some(child) = child {
                replace_node(child, rest, replacement);
            }
        }
        _ => *value = replacement,
    }
}

/// Checks what `decode_response` documents for one answer: a status other than 200 or a
/// body that does not start with `{` is `Error::Http`; anything else is the response,
/// `Error::Decode` or `Error::Api`; Check Payment Status answers a status only for the code
/// that carries it.
fn check_response<E: Endpoint>(response: &http::Response<Bytes>) -> Result<(), TestCaseError>
where
    E::Response: Debug + 'static,
{
    let result = decode_response::<E>(response);
    let json_like = response.body().iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let http_error = response.status() != StatusCode::OK || !json_like;
    match &result {
        Ok(value) => {
            prop_assert!(!http_error, "decoded a non-LINE Pay answer: {:?}", value);
            if let Some(status) = (value as &dyn Any).downcast_ref::<PaymentStatus>() {
                let envelope = Envelope::from_slice(response.body()).expect("it decoded");
                prop_assert_eq!(status.return_code(), envelope.return_code);
            }
        }
        Err(Error::Http { status, snippet }) => {
            prop_assert!(http_error, "Error::Http for a 200 JSON answer");
            prop_assert_eq!(*status, response.status());
            prop_assert!(snippet.chars().count() <= 200);
        }
        Err(Error::Decode(_) | Error::Api(_)) => {
            prop_assert!(
                !http_error,
                "{:?} for a non-LINE Pay answer",
                result.as_ref().err()
            );
        }
        Err(other) => prop_assert!(false, "undocumented error: {:?}", other),
    }
    if let Err(error) = &result {
        let _ = format!("{error} {error:?}");
    }
    Ok(())
}

fn response(status: StatusCode, body: Vec<u8>) -> http::Response<Bytes> {
    let mut response = http::Response::new(Bytes::from(body));
    *response.status_mut() = status;
    response
}

fn status() -> impl Strategy<Value = StatusCode> {
    prop_oneof![
        4 => Just(StatusCode::OK),
        1 => (100u16..1000).prop_map(|code| StatusCode::from_u16(code).expect("in range")),
    ]
}

/// Decodes `path` + `payload` as `E`; when it decodes and the value encodes again, encode →
/// decode must give the same value back.
fn check_request<E>(path: &str, payload: &[u8]) -> Result<(), TestCaseError>
where
    E: IncomingRequest + Debug + PartialEq,
{
    match E::decode_request(path, payload) {
        Ok(value) => {
            let mut written = String::new();
            value.write_path(linepay::ApiVersion::V3, &mut written);
            let Ok(encoded) = value.payload() else {
                return Ok(());
            };
            let again = E::decode_request(&written, encoded.signed_bytes());
            prop_assert_eq!(again.as_ref(), Ok(&value), "encoded as {:?}", encoded);
            match encoded {
                Payload::Json(_) => prop_assert_eq!(E::METHOD, Method::POST),
                Payload::Query(_) | Payload::Empty => prop_assert_eq!(E::METHOD, Method::GET),
            }
        }
        Err(error) => {
            let _ = format!("{error} {error:?}");
            if let RequestDecodeError::PathMismatch { template, .. } = &error {
                prop_assert_eq!(*template, E::PATH);
            }
        }
    }
    Ok(())
}

/// A template with its placeholders filled by `value`, as received (not encoded).
fn fill(template: &str, value: &str) -> String {
    template
        .split('/')
        .map(|segment| {
            if segment.starts_with('<') {
                value
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Text a path parameter or query might hold: percent escapes (valid and not), separators,
/// digits, Unicode.
fn url_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{1,20}",
        "[A-Za-z0-9%&=+/?#._~ -]{0,40}",
        "(%[0-9A-Fa-f]{2}|%[G-Zg-z]|[a-z=&+])*",
        ".{0,20}",
    ]
}

/// Order ids of arbitrary Unicode: any character but the control characters `OrderId`
/// refuses, 1 to 100 of them (format characters, private use, astral planes included).
fn unicode_order_id() -> impl Strategy<Value = OrderId> {
    prop::collection::vec(
        any::<char>().prop_filter("no control", |c| !c.is_control()),
        1..=100,
    )
    .prop_map(|chars| OrderId::new(chars.into_iter().collect::<String>()).expect("valid"))
}

fn client() -> Client {
    Client::builder(Credentials::new("1234567890", "linepay-mock-secret").expect("valid"))
        .nonce_source(NonceSource::Fixed(
            Nonce::fixed("fixed-nonce").expect("valid"),
        ))
        .build()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_decode_to_a_response_or_a_documented_error(
        status in status(),
        body in prop::collection::vec(any::<u8>(), 0..256),
        lead in prop_oneof![Just(&b""[..]), Just(&b"{"[..]), Just(&b" \n{\""[..])],
    ) {
        let body = [lead, &body[..]].concat();
        let response = response(status, body);
        for_each_endpoint!(check_response(&response)?);
    }

    #[test]
    fn mutated_line_pay_answers_decode_to_a_response_or_a_documented_error(
        status in status(),
        answer in prop::sample::select(ANSWERS),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let mut body = answer.as_bytes().to_vec();
        for mutation in &mutations {
            mutate(&mut body, mutation);
        }
        let response = response(status, body);
        for_each_endpoint!(check_response(&response)?);
    }

    #[test]
    fn structurally_mutated_answers_decode_to_a_response_or_a_documented_error(
        answer in prop::sample::select(ANSWERS),
        steps in prop::collection::vec(any::<usize>(), 0..5),
        replacement in json_value(),
    ) {
        let mut value: Value = serde_json::from_str(answer).expect("a JSON answer");
        replace_node(&mut value, &steps, replacement);
        let response = response(StatusCode::OK, serde_json::to_vec(&value).expect("serializes"));
        for_each_endpoint!(check_response(&response)?);
    }

    /// 64-bit ids survive, as a number or a string, whatever their size (never via f64).
    #[test]
    fn payment_details_keep_every_64_bit_id(id in any::<u64>(), as_string in any::<bool>()) {
        let id_json = if as_string { format!("\"{id}\"") } else { id.to_string() };
        let body = format!(
            r#"{{"returnCode":"0000","returnMessage":"Success.","info":[{{"transactionId":{id_json},"refundList":[{{"refundTransactionId":{id_json},"refundAmount":-1}}]}}]}}"#
        );
        let details = decode_response::<PaymentDetails>(&response(StatusCode::OK, body.into_bytes()))
            .expect("decodes");
        prop_assert_eq!(details[0].transaction_id.get(), id);
        prop_assert_eq!(details[0].refund_list[0].refund_transaction_id.get(), id);
    }

    #[test]
    fn random_paths_and_payloads_never_panic_any_endpoint(
        template in prop::sample::select(templates()),
        filled in any::<bool>(),
        text in url_text(),
        payload in prop_oneof![
            url_text().prop_map(String::into_bytes),
            json_value().prop_map(|value| serde_json::to_vec(&value).expect("serializes")),
            prop::collection::vec(any::<u8>(), 0..64),
        ],
    ) {
        let path = if filled { fill(template, &text) } else { text };
        for_each_endpoint!(check_request(&path, &payload)?);
    }

    #[test]
    fn random_queries_survive_the_one_encoder(text in url_text()) {
        let pairs = parse_query(&text);
        let mut out = Vec::new();
        let mut writer = QueryWriter::new(&mut out);
        for (key, value) in &pairs {
            writer.pair(key, value);
        }
        let encoded = String::from_utf8(out).expect("the encoder writes ASCII");
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%=&".contains(&b)));
        prop_assert_eq!(parse_query(&encoded), pairs);
    }

    #[test]
    fn random_text_as_a_path_parameter_reads_back(text in ".{0,40}", raw in url_text()) {
        for template in templates() {
            // As received, never panics.
            if let Ok(matched) = PathMatch::new(template, &raw) {
                let _ = matched.param::<String>("transactionId");
                let _ = matched.param::<TransactionId>("transactionId");
                let _ = matched.param::<String>("regKey");
            }
            let Some(name) = template.split('/').find_map(|s| s.strip_prefix('<')?.strip_suffix('>')) else {
                continue;
            };
            // Written by the client's encoder: one segment that reads back unchanged.
            let mut path = String::new();
            for (i, segment) in template.split('/').enumerate() {
                if i > 0 {
                    path.push('/');
                }
                if segment.starts_with('<') {
                    push_param(&mut path, &text);
                } else {
                    path.push_str(segment);
                }
            }
            match PathMatch::new(template, &path) {
                Ok(matched) => prop_assert_eq!(matched.param::<String>(name), Ok(text.clone())),
                Err(_) => prop_assert!(text.is_empty()),
            }
        }
    }

    /// Client encode → server decode is the identity, for ids and order ids of any Unicode.
    #[test]
    fn payment_details_with_unicode_order_ids_round_trip(
        transaction_id in prop::collection::vec(any::<u64>().prop_map(TransactionId::new), 0..4),
        order_id in prop::collection::vec(unicode_order_id(), 1..4),
    ) {
        let details = PaymentDetails { transaction_id, order_id, fields: None };
        let request = client().prepare(&details).expect("prepares");
        let query = request.uri().query().unwrap_or_default();
        prop_assert_eq!(linepay::signing::signed_payload(&request), query.as_bytes());
        prop_assert_eq!(PaymentDetails::from_http_request(&request), Ok(details));
    }
}

// ---- linepay-mock's request handling -------------------------------------------------------

/// A request to the mock: an API path (filled template, possibly under `/v4/`), an admin or
/// payment-page path, or any text; any method; a body of JSON, text or bytes.
fn mock_request() -> impl Strategy<Value = (Method, String, Vec<u8>, bool)> {
    let method = prop::sample::select(vec![Method::GET, Method::POST, Method::DELETE, Method::PUT]);
    let path = prop_oneof![
        4 => (prop::sample::select(templates()), prop_oneof![
            Just("2026112200000000001".to_owned()),
            "[0-9]{1,20}",
            url_text(),
        ])
            .prop_map(|(template, value)| fill(template, &value)),
        1 => prop::sample::select(vec![
            "/__mock/ledger", "/__mock/payments/2026112200000000001",
            "/__mock/payments/2026112200000000001/approve", "/__mock/faults", "/__mock/clock",
            "/__mock/clock/advance", "/__mock/stats", "/web/payment/2026112200000000001",
            "/web/payment/2026112200000000001/approve", "/web/payment/x/cancel", "/",
        ]).prop_map(str::to_owned),
        1 => "/[a-zA-Z0-9%/_.-]{0,30}",
    ];
    let query = prop_oneof![
        Just(String::new()),
        url_text().prop_map(|q| format!("?{q}"))
    ];
    let body = prop_oneof![
        json_value().prop_map(|value| serde_json::to_vec(&value).expect("serializes")),
        url_text().prop_map(String::into_bytes),
        prop::collection::vec(any::<u8>(), 0..64),
    ];
    (method, path, query, body, any::<bool>()).prop_filter_map(
        "a URI http accepts",
        |(method, path, query, body, signed)| {
            let target = format!("{path}{query}");
            target.parse::<http::Uri>().ok()?;
            Some((method, target, body, signed))
        },
    )
}

/// Signs `request` as a client would: the path alone, the raw query of a GET or the body.
fn sign(request: &mut http::Request<Bytes>, credentials: &Credentials) {
    use linepay::signing::{CHANNEL_ID_HEADER, NONCE_HEADER, SIGNATURE_HEADER};
    let payload: &[u8] = if request.method() == Method::GET {
        request.uri().query().unwrap_or_default().as_bytes()
    } else {
        request.body()
    };
    let signature = linepay::signing::sign(
        credentials.channel_secret(),
        request.uri().path(),
        payload,
        "prop-nonce",
    );
    let headers = request.headers_mut();
    headers.insert(
        CHANNEL_ID_HEADER,
        credentials.channel_id().as_str().parse().expect("digits"),
    );
    headers.insert(NONCE_HEADER, http::HeaderValue::from_static("prop-nonce"));
    headers.insert(
        SIGNATURE_HEADER,
        signature.as_str().parse().expect("base64"),
    );
}

/// The mock's answer to an API call is HTTP 200 and reads with the client's decoder.
fn check_mock_answer(
    method: &Method,
    path: &str,
    response: &http::Response<Bytes>,
) -> Result<(), TestCaseError> {
    /// Decodes `response` with `E` when `E` declares this method and path.
    fn reads_if_declared<E: Endpoint>(
        method: &Method,
        path: &str,
        response: &http::Response<Bytes>,
    ) -> Result<(), TestCaseError> {
        if E::METHOD != *method || PathMatch::in_paths(&E::PATHS, path).is_err() {
            return Ok(());
        }
        match decode_response::<E>(response) {
            Ok(_) | Err(Error::Api(_)) => Ok(()),
            Err(error) => Err(TestCaseError::fail(format!(
                "the client cannot read the mock's answer to {method} {path}: {error}; {:?}",
                String::from_utf8_lossy(response.body())
            ))),
        }
    }
    let Some((route, _)) = Route::find(method, path) else {
        return Ok(());
    };
    prop_assert_eq!(response.status(), StatusCode::OK, "{}", route);
    // Every declaration is asked, from the one list: the answer's own decodes it.
    for_each_endpoint!(reads_if_declared(method, path, response)?);
    Ok(())
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A session of random requests against one mock: a paid order first, so that ids in
    /// the requests find something in the ledger.
    #[test]
    fn random_requests_to_the_mock_never_panic_and_api_answers_read(
        requests in prop::collection::vec(mock_request(), 1..6),
    ) {
        runtime().block_on(async {
            let mock = SocketlessMock::new(MockConfig::default()).expect("default config");
            let credentials = mock.credentials();
            let order = RequestPayment::new(
                OrderId::new("ORDER-1").expect("valid"),
                Currency::Twd,
                vec![Package::new("shop", vec![Product::new("Tea", 2, Amount::whole(60))])],
                RedirectUrls::new("https://shop.example/confirm", "https://shop.example/cancel"),
            );
            let paid = client().prepare(&order).expect("prepares");
            let answer = mock.handle(paid).await.expect("answered");
            prop_assert!(decode_response::<RequestPayment>(&answer).is_ok());

            for (method, target, body, signed) in requests {
                let mut request = http::Request::builder()
                    .method(method.clone())
                    .uri(&target)
                    .body(Bytes::from(body))
                    .expect("a valid request");
                if signed {
                    sign(&mut request, &credentials);
                }
                let path = request.uri().path().to_owned();
                let Some(response) = mock.handle(request).await else {
                    continue;
                };
                check_mock_answer(&method, &path, &response)?;
            }
            Ok::<(), TestCaseError>(())
        })?;
    }

    /// A merchant's whole flow with random values: every answer of the mock reads with the
    /// client's decoder, and the ledger's figures come back as sent.
    #[test]
    fn random_valid_flows_through_the_mock_read_back(
        price in 1i64..1_000_000,
        quantity in 1u64..5,
        refund_amount in 1i64..5_000_000,
        order_id in unicode_order_id(),
        product in "\\PC{1,30}",
    ) {
        runtime().block_on(async {
            let mock = SocketlessMock::new(MockConfig::default()).expect("default config");
            let client = client();
            let send = |request: http::Request<Bytes>| mock.handle(request);
            let order = RequestPayment::new(
                order_id.clone(),
                Currency::Twd,
                vec![Package::new("shop", vec![Product::new(product, quantity, Amount::whole(price))])],
                RedirectUrls::new("https://shop.example/confirm", "https://shop.example/cancel"),
            );
            let answer = send(client.prepare(&order).expect("prepares")).await.expect("answered");
            let info = decode_response::<RequestPayment>(&answer).expect("requested");
            let id = info.transaction_id;

            let approve = http::Request::post(format!("/__mock/payments/{id}/approve"))
                .body(Bytes::new())
                .expect("valid");
            prop_assert_eq!(send(approve).await.expect("answered").status(), StatusCode::OK);

            let confirm = ConfirmPayment { transaction_id: id, amount: order.amount, currency: Currency::Twd };
            let answer = send(client.prepare(&confirm).expect("prepares")).await.expect("answered");
            let confirmed = decode_response::<ConfirmPayment>(&answer).expect("confirmed");
            prop_assert_eq!(confirmed.transaction_id, id);
            prop_assert_eq!(&confirmed.order_id, &order_id);

            let refund = RefundPayment { transaction_id: id, refund_amount: Some(Amount::whole(refund_amount)) };
            let answer = send(client.prepare(&refund).expect("prepares")).await.expect("answered");
            let refunded = decode_response::<RefundPayment>(&answer);
            let total = price * i64::try_from(quantity).expect("small");
            // More than was paid is LINE Pay's 1165-family refusal, not a decoding failure.
            prop_assert!(matches!(&refunded, Ok(_) | Err(Error::Api(_))), "{:?}", refunded);
            prop_assert_eq!(refunded.is_ok(), refund_amount <= total);

            let details = PaymentDetails { transaction_id: vec![], order_id: vec![order_id.clone()], fields: None };
            let answer = send(client.prepare(&details).expect("prepares")).await.expect("answered");
            let found = decode_response::<PaymentDetails>(&answer).expect("details");
            prop_assert_eq!(found.len(), 1);
            prop_assert_eq!(found[0].transaction_id, id);
            prop_assert_eq!(found[0].order_id.as_ref(), Some(&order_id));
            let refunded_total = if refund_amount <= total { refund_amount } else { 0 };
            prop_assert_eq!(found[0].refunded_total(), Some(Amount::whole(refunded_total)));

            let status = CheckPaymentStatus { transaction_id: id };
            let answer = send(client.prepare(&status).expect("prepares")).await.expect("answered");
            let status = decode_response::<CheckPaymentStatus>(&answer);
            prop_assert!(matches!(status, Ok(PaymentStatus::Completed)), "{:?}", status);
            Ok::<(), TestCaseError>(())
        })?;
    }
}

// ---- regressions ---------------------------------------------------------------------------

/// Found while fuzzing linepay-mock (fuzz/seeds/mock_request/regression-clock-overflow): the
/// admin API moved the clock by `u64::MAX` seconds, and the next reading of the clock
/// panicked (`SystemTime + Duration` overflows); so did every deadline computed from a
/// configured window of `Duration::MAX`. Time now saturates at 9999-12-31T23:59:59Z.
#[test]
fn the_mock_clock_saturates_instead_of_overflowing() {
    runtime().block_on(async {
        let config = MockConfig {
            approval_window: std::time::Duration::MAX,
            authorization_window: std::time::Duration::MAX,
            refund_period: Some(std::time::Duration::MAX),
            reg_key_lifetime: Some(std::time::Duration::MAX),
            ..MockConfig::default()
        };
        let mock = SocketlessMock::new(config).expect("valid config");
        let order = RequestPayment::new(
            OrderId::new("ORDER-1").expect("valid"),
            Currency::Twd,
            vec![Package::new(
                "shop",
                vec![Product::new("Tea", 1, Amount::whole(100))],
            )],
            RedirectUrls::new(
                "https://shop.example/confirm",
                "https://shop.example/cancel",
            ),
        );
        let answer = mock
            .handle(client().prepare(&order).expect("prepares"))
            .await
            .expect("answered");
        let id = decode_response::<RequestPayment>(&answer)
            .expect("requested")
            .transaction_id;
        // A window of Duration::MAX: still waiting, not a panic.
        let status = CheckPaymentStatus { transaction_id: id };
        let answer = mock
            .handle(client().prepare(&status).expect("prepares"))
            .await
            .expect("answered");
        assert!(matches!(
            decode_response::<CheckPaymentStatus>(&answer),
            Ok(PaymentStatus::Waiting)
        ));

        let advance = |body: &'static str| {
            http::Request::post("/__mock/clock/advance")
                .body(Bytes::from_static(body.as_bytes()))
                .expect("valid")
        };
        for body in [
            r#"{"seconds":18446744073709551615}"#,
            r#"{"seconds":18446744073709551615,"millis":18446744073709551615}"#,
        ] {
            let answer = mock.handle(advance(body)).await.expect("answered");
            assert_eq!(answer.status(), StatusCode::OK);
            assert_eq!(answer.body().as_ref(), br#"{"now":"9999-12-31T23:59:59Z"}"#);
        }
        // At the end of time the request has expired (its deadline saturated too).
        let answer = mock
            .handle(client().prepare(&status).expect("prepares"))
            .await
            .expect("answered");
        assert!(matches!(
            decode_response::<CheckPaymentStatus>(&answer),
            Ok(PaymentStatus::CancelledOrExpired)
        ));
        let answer = mock
            .handle(client().prepare(&order).expect("prepares"))
            .await
            .expect("answered");
        assert!(
            decode_response::<RequestPayment>(&answer).is_err(),
            "the order id is used"
        );
    });
}

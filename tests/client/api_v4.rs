//! The Online API v4 (`linepay::api::v4`): the Request body LINE Pay receives (with
//! `options.regPayRequest`, without v3's `userFee` and `familyService`), the signing
//! transcript of v4 paths, answers with `paymentProvider` (`TSP`, `EPI`, unknown, missing),
//! every validation rule v4 adds or keeps, client encode → server decode identity, and the
//! whole flow on `/v4/` against linepay-mock through `HyperTransport`.
//!
//! The expected signatures were computed independently of this crate, with Python's
//! standard library, over `channelSecret + path + payload + nonce` (the payload is the JSON
//! body of a POST, the raw query of a GET, empty when there is none):
//!
//! ```text
//! python3 -c 'import hmac,hashlib,base64,sys; s,p,b,n=sys.argv[1:]; \
//!   print(base64.b64encode(hmac.new(s.encode(), (s+p+b+n).encode("utf-8"), hashlib.sha256).digest()).decode())' \
//!   "$SECRET" "$PATH" "$PAYLOAD" "$NONCE"
//! ```
//!
//! (The same script gives the crate's documented v3 Confirm signature,
//! `aKX4PAHisY23Mnynp+2QNUERY7Op6TWZTxj4vZDhhqc=`, for `/v3/`.)

use bytes::Bytes;
use linepay::api::v4::{
    CaptureInfo, CapturePayment, CheckPaymentStatus, ConfirmInfo, ConfirmPayment, DisplayOptions,
    ExpireRegKey, ExtraOptions, Locale, Package, PayMethod, PayPreapproved, PayStatus, PayType,
    PaymentDetail, PaymentDetails, PaymentOptions, PaymentProvider, PaymentStatus, Product,
    PromotionEvent, RecurringPeriod, RedirectUrls, RegPayPeriodType, RegPayRequest, RequestOptions,
    RequestPayment, VoidPayment,
};
use linepay::api::{v3, v4};
use linepay::{
    Amount, ApiVersion, Client, Credentials, Currency, Endpoint, Error, IncomingRequest,
    InvalidField, Nonce, NonceSource, OrderId, RegKey, ReturnCode, TransactionId, decode_response,
};
use linepay_mock::MockServer;

const CHANNEL_ID: &str = "1234567890";
const SECRET: &str = "a917ab6a2367b536f8e5a6e2977e06f4";
const NONCE: &str = "44453d45-768e-40e8-8349-748e797c450f";
const ID: TransactionId = TransactionId::new(2021121600698709710);

/// The Request of `subscription()`, exactly as LINE Pay receives it.
const SUBSCRIPTION_BODY: &str = concat!(
    r#"{"amount":500,"currency":"TWD","orderId":"SUB-2024-0001","#,
    r#""packages":[{"id":"plan","amount":500,"name":"Tea house","products":[{"name":"Monthly tea box","quantity":1,"price":500,"imageUrl":"https://shop.example/box.png"}]}],"#,
    r#""redirectUrls":{"confirmUrl":"https://shop.example/confirm","cancelUrl":"https://shop.example/cancel"},"#,
    r#""options":{"payment":{"payType":"PREAPPROVED"},"display":{"locale":"zh_TW"},"#,
    r#""regPayRequest":{"regPayPeriodType":"RECURRING","recurringPeriod":"MONTH","recurringDay":5,"productPrice":500}}}"#,
);

fn client_with(version: ApiVersion) -> Client {
    Client::builder(Credentials::new(CHANNEL_ID, SECRET).expect("valid credentials"))
        .nonce_source(NonceSource::Fixed(
            Nonce::fixed(NONCE).expect("valid nonce"),
        ))
        .api_version(version)
        .build()
}

/// A v4 client: the version picks each declaration's `/v4/` path.
fn client() -> Client {
    client_with(ApiVersion::V4)
}

fn order(id: &str) -> OrderId {
    OrderId::new(id).expect("valid order id")
}

fn reg_key() -> RegKey {
    RegKey::new("RK9A2BA1942EQTO").expect("valid regKey")
}

/// A monthly subscription of 500 TWD on the 5th: a pre-approved Request with a schedule.
fn subscription() -> RequestPayment {
    let product = Product {
        image_url: Some("https://shop.example/box.png".to_owned()),
        ..Product::new("Monthly tea box", 1, Amount::whole(500))
    };
    let mut request = RequestPayment::new(
        order("SUB-2024-0001"),
        Currency::Twd,
        vec![Package {
            name: Some("Tea house".to_owned()),
            ..Package::new("plan", vec![product])
        }],
        RedirectUrls::new(
            "https://shop.example/confirm",
            "https://shop.example/cancel",
        ),
    );
    request.options = Some(RequestOptions {
        payment: Some(PaymentOptions {
            pay_type: Some(PayType::Preapproved),
            ..PaymentOptions::default()
        }),
        display: Some(DisplayOptions {
            locale: Some(Locale::ZhTw),
            ..DisplayOptions::default()
        }),
        reg_pay_request: Some(RegPayRequest::monthly(5, Amount::whole(500))),
        ..RequestOptions::default()
    });
    request
}

fn response(body: &str) -> http::Response<Bytes> {
    http::Response::new(Bytes::copy_from_slice(body.as_bytes()))
}

fn decode<E: Endpoint>(body: &str) -> Result<E::Response, Error> {
    decode_response::<E>(&response(body))
}

// --- The Request body ------------------------------------------------------------------

#[test]
fn the_request_body_has_reg_pay_request_and_no_user_fee() {
    let request = subscription();
    assert_eq!(request.amount, Amount::whole(500));
    let prepared = client().prepare(&request).expect("valid request");
    let body = std::str::from_utf8(prepared.body()).expect("UTF-8");
    assert_eq!(body, SUBSCRIPTION_BODY);
    assert!(!body.contains("userFee") && !body.contains("familyService"));
    assert!(!body.contains("shipping"));
}

#[test]
fn every_reg_pay_request_field_has_its_wire_name() {
    let all = RegPayRequest {
        reg_pay_period_type: Some(RegPayPeriodType::Recurring),
        recurring_period: Some(RecurringPeriod::Year),
        recurring_day: Some(29),
        recurring_day_of_week: None,
        recurring_month: Some(2),
        product_price: Some(Amount::whole(1200)),
        per_transaction_limit: Some(Amount::whole(1500)),
    };
    assert_eq!(
        serde_json::to_string(&all).unwrap(),
        r#"{"regPayPeriodType":"RECURRING","recurringPeriod":"YEAR","recurringDay":29,"recurringMonth":2,"productPrice":1200,"perTransactionLimit":1500}"#
    );
    // Unknown enumeration values round-trip.
    let read: RegPayRequest = serde_json::from_str(
        r#"{"regPayPeriodType":"TRIAL","recurringPeriod":"DAY","recurringDayOfWeek":"HOLIDAY"}"#,
    )
    .unwrap();
    assert_eq!(
        read.reg_pay_period_type,
        Some(RegPayPeriodType::Other("TRIAL".to_owned()))
    );
    assert_eq!(
        serde_json::to_string(&read).unwrap(),
        r#"{"regPayPeriodType":"TRIAL","recurringPeriod":"DAY","recurringDayOfWeek":"HOLIDAY"}"#
    );
}

#[test]
fn a_server_decodes_what_the_client_encodes() {
    let request = subscription();
    let linepay::Payload::Json(body) = request.payload().unwrap() else {
        panic!("a POST has a JSON body");
    };
    assert_eq!(
        RequestPayment::decode_request("/v4/payments/request", &body).unwrap(),
        request
    );
    // The v3 path is not v4's.
    assert!(RequestPayment::decode_request("/v3/payments/request", &body).is_err());
    // v3's userFee and familyService are not v4 fields: a v4 server reads past them.
    let v3_body = br#"{"amount":100,"currency":"TWD","orderId":"O","packages":[{"id":"p","amount":100,"userFee":0,
        "products":[{"name":"Tea","quantity":1,"price":100}]}],"redirectUrls":{"confirmUrlType":"NONE"},
        "options":{"familyService":{"addFriends":[{"type":"lineAt","idList":["@shop"]}]}}}"#;
    let decoded = RequestPayment::decode_request("/v4/payments/request", v3_body).unwrap();
    assert_eq!(decoded.packages[0].amount, Amount::whole(100));
    assert_eq!(decoded.options, Some(RequestOptions::default()));

    let details = PaymentDetails {
        transaction_id: vec![ID],
        order_id: vec![order("20211216002")],
        fields: None,
    };
    let linepay::Payload::Query(query) = details.payload().unwrap() else {
        panic!("a GET has a query");
    };
    assert_eq!(
        PaymentDetails::decode_request("/v4/payments", query.as_bytes()).unwrap(),
        details
    );
}

// --- Signing ---------------------------------------------------------------------------

/// What goes on the wire and into the signature of `endpoint`, and the signature.
#[track_caller]
fn assert_signed<E: Endpoint>(
    client: &Client,
    endpoint: &E,
    path: &str,
    payload: &str,
    signature: &str,
) {
    let request = client.prepare(endpoint).expect("prepares");
    assert_eq!(request.method(), E::METHOD);
    assert_eq!(request.uri().path(), path);
    let sent = if E::METHOD == http::Method::GET {
        assert!(request.body().is_empty());
        request.uri().query().unwrap_or_default().to_owned()
    } else {
        String::from_utf8(request.body().to_vec()).expect("UTF-8 body")
    };
    assert_eq!(sent, payload, "the signed payload is what is sent");
    let headers = request.headers();
    assert_eq!(headers["x-line-channelid"], CHANNEL_ID);
    assert_eq!(headers["x-line-authorization-nonce"], NONCE);
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers["x-line-authorization"], signature, "{path}");
}

#[test]
fn v4_signatures_match_an_independent_hmac() {
    // Each signature: Python, base64(hmac_sha256(SECRET, SECRET + path + payload + NONCE)).
    let cases_for = |client: &Client| {
        assert_signed(
            client,
            &subscription(),
            "/v4/payments/request",
            SUBSCRIPTION_BODY,
            "Xa3j1v6j2awNkqEw3LPtYkw4yPT2bCVVglRXq73sppI=",
        );
        assert_signed(
            client,
            &ConfirmPayment {
                transaction_id: ID,
                amount: Amount::whole(250),
                currency: Currency::Twd,
            },
            "/v4/payments/2021121600698709710/confirm",
            r#"{"amount":250,"currency":"TWD"}"#,
            "u1MF4+EP+q2YW8k+2yAz1O/v6IOQsngK3x22bR100OI=",
        );
        assert_signed(
            client,
            &PaymentDetails {
                transaction_id: vec![ID],
                order_id: vec![order("20211216002")],
                fields: None,
            },
            "/v4/payments",
            "transactionId=2021121600698709710&orderId=20211216002",
            "tPryFyRiXF8OdC1me0ldYAkQmLwdxcSn7L59McPvTKA=",
        );
        assert_signed(
            client,
            &CheckPaymentStatus { transaction_id: ID },
            "/v4/payments/requests/2021121600698709710/check",
            "",
            "V4QaftJQSNIoBrDJod6HR/kktxTP1KxnZ+s8fpYu/uw=",
        );
        assert_signed(
            client,
            &PayPreapproved {
                reg_key: reg_key(),
                product_name: "Monthly tea box".to_owned(),
                amount: Amount::whole(500),
                currency: Currency::Twd,
                order_id: order("SUB-2024-0002"),
                capture: None,
            },
            "/v4/payments/preapprovedPay/RK9A2BA1942EQTO/payment",
            r#"{"productName":"Monthly tea box","amount":500,"currency":"TWD","orderId":"SUB-2024-0002"}"#,
            "i61jGOeJYBVVEmJ0T6DfKnWJz2mrEVVkR+7QqtP3PxU=",
        );
        assert_signed(
            client,
            &VoidPayment { transaction_id: ID },
            "/v4/payments/authorizations/2021121600698709710/void",
            "{}",
            "aaRtSQjeCAmcpOHIuRNFEqybgsUwYQcBDxJ2Xv7M04s=",
        );
    };
    // The v4 client sends each declaration's v4 path.
    cases_for(&client_with(ApiVersion::V4));
}

#[test]
fn every_endpoint_is_declared_for_v4_with_v3s_method_timeout_and_resend_rules() {
    // The endpoints v4 shares with v3 are one declaration each, listing both paths.
    fn both<E: Endpoint>() {
        let (Some(v3), Some(v4)) = (E::PATHS.get(ApiVersion::V3), E::PATHS.get(ApiVersion::V4))
        else {
            panic!("{} is declared for both versions", E::PATH)
        };
        assert_eq!(
            v3.strip_prefix("/v3/"),
            v4.strip_prefix("/v4/"),
            "{}",
            E::PATH
        );
    }
    both::<ConfirmPayment>();
    both::<CapturePayment>();
    both::<VoidPayment>();
    both::<v4::RefundPayment>();
    both::<PaymentDetails>();
    both::<CheckPaymentStatus>();
    both::<v4::CheckRegKey>();
    both::<PayPreapproved>();
    both::<ExpireRegKey>();
    // Request has a declaration per version; v4's keeps v3's method, timeout and rules.
    assert_eq!(RequestPayment::PATHS.get(ApiVersion::V3), None);
    assert_eq!(v3::RequestPayment::PATHS.get(ApiVersion::V4), None);
    assert_eq!(RequestPayment::METHOD, v3::RequestPayment::METHOD);
    assert_eq!(
        RequestPayment::READ_TIMEOUT,
        v3::RequestPayment::READ_TIMEOUT
    );
    assert_eq!(RequestPayment::IDEMPOTENT, v3::RequestPayment::IDEMPOTENT);
    assert_eq!(RequestPayment::RESEND_ON, v3::RequestPayment::RESEND_ON);
}

// --- Answers with paymentProvider ------------------------------------------------------

fn confirm_answer(provider: &str) -> String {
    format!(
        r#"{{"returnCode":"0000","returnMessage":"OK","info":{{"orderId":"MKSI_M_20180904_1000001",
            "transactionId":2018082512345678910,
            "payInfo":[{{"method":"CREDIT_CARD","amount":900}},{{"method":"POINT","amount":100}}],
            "packages":[{{"id":"1","amount":1000}}]{provider}}}}}"#
    )
}

#[test]
fn confirm_answers_carry_the_payment_provider() {
    let cases = [
        (r#","paymentProvider":"TSP""#, Some(PaymentProvider::Tsp)),
        (r#","paymentProvider":"EPI""#, Some(PaymentProvider::Epi)),
        (
            r#","paymentProvider":"NEW_INSTITUTION""#,
            Some(PaymentProvider::Other("NEW_INSTITUTION".to_owned())),
        ),
        (r#","paymentProvider":null"#, None),
        ("", None),
    ];
    for (member, expected) in cases {
        let info: ConfirmInfo = decode::<ConfirmPayment>(&confirm_answer(member))
            .unwrap_or_else(|error| panic!("{member}: {error}"));
        assert_eq!(info.payment_provider, expected, "{member}");
        assert_eq!(
            info.payment_provider.clone().unwrap_or_default(),
            expected.clone().unwrap_or(PaymentProvider::Tsp),
            "null or missing means TSP"
        );
        // The same type as v3's.
        assert_eq!(info.transaction_id.get(), 2018082512345678910);
        assert_eq!(info.order_id.as_str(), "MKSI_M_20180904_1000001");
        assert_eq!(info.pay_info[1].method, PayMethod::Point);
        assert_eq!(info.packages[0].user_fee, None);
    }
    // An unknown provider is written back as received.
    let unknown =
        decode::<ConfirmPayment>(&confirm_answer(r#","paymentProvider":"NEW_INSTITUTION""#))
            .unwrap();
    assert!(
        serde_json::to_string(&unknown)
            .unwrap()
            .ends_with(r#","paymentProvider":"NEW_INSTITUTION"}"#)
    );
    // The v3 endpoint reads the same answer and ignores the member.
    let v3_info = decode::<v3::ConfirmPayment>(&confirm_answer(r#","paymentProvider":"EPI""#));
    assert_eq!(v3_info.unwrap().transaction_id.get(), 2018082512345678910);
}

#[test]
fn payment_details_entries_carry_the_payment_provider() {
    let answer = r#"{"returnCode":"0000","returnMessage":"success","info":[
        {"transactionId":2019060112345678910,"transactionDate":"2019-06-01T09:00:00Z","transactionType":"PAYMENT",
         "payInfo":[{"method":"CREDIT_CARD","amount":100},{"method":"POINT","amount":10}],
         "productName":"test production","currency":"TWD","paymentProvider":"TSP","orderId":"20190601ORD45678910",
         "refundList":[{"refundTransactionId":2019060112345678911,"transactionType":"PARTIAL_REFUND","refundAmount":-1,"refundTransactionDate":"2019-06-06T09:00:00Z"}],
         "packages":[{"id":"1","amount":85},{"id":"3","amount":5}],"payStatus":"CAPTURE"},
        {"transactionId":"2019060112345678912","paymentProvider":"EPI"},
        {"transactionId":2019060112345678913,"paymentProvider":"SOMETHING_NEW"},
        {"transactionId":2019060112345678914}
    ]}"#;
    let found: Vec<PaymentDetail> = decode::<PaymentDetails>(answer).unwrap();
    let providers: Vec<_> = found.iter().map(|d| d.payment_provider.clone()).collect();
    assert_eq!(
        providers,
        [
            Some(PaymentProvider::Tsp),
            Some(PaymentProvider::Epi),
            Some(PaymentProvider::Other("SOMETHING_NEW".to_owned())),
            None,
        ]
    );
    assert_eq!(
        found[3].payment_provider.clone().unwrap_or_default(),
        PaymentProvider::Tsp
    );
    let first = &found[0];
    assert_eq!(first.transaction_id.get(), 2019060112345678910);
    assert_eq!(first.pay_status, Some(PayStatus::Capture));
    assert_eq!(
        first.refund_list[0].refund_transaction_id.get(),
        2019060112345678911
    );
    assert_eq!(first.refunded_total(), Some(Amount::whole(1)));
    assert_eq!(found[1].transaction_id.get(), 2019060112345678912);
}

#[test]
fn capture_and_pay_preapproved_answers_carry_the_payment_provider() {
    let capture: CaptureInfo = decode::<CapturePayment>(
        r#"{"returnCode":"0000","returnMessage":"OK","info":{"transactionId":20140101123123123,
            "orderId":"order_210124213","payInfo":[{"method":"CREDIT_CARD","amount":10}],"paymentProvider":"EPI"}}"#,
    )
    .unwrap();
    assert_eq!(
        capture.payment_provider.clone().unwrap_or_default(),
        PaymentProvider::Epi
    );
    assert_eq!(capture.order_id.as_str(), "order_210124213");

    let paid = decode::<PayPreapproved>(
        r#"{"returnCode":"0000","returnMessage":"OK","info":{"transactionId":2018123112345678910,
            "transactionDate":"2018-12-31T09:00:31Z","paymentProvider":"TSP"}}"#,
    )
    .unwrap();
    assert_eq!(paid.payment_provider, Some(PaymentProvider::Tsp));
    assert_eq!(paid.transaction_id.get(), 2018123112345678910);

    // Errors are errors, as in v3.
    let refused = decode::<PayPreapproved>(r#"{"returnCode":"1190","returnMessage":"-"}"#);
    assert!(
        matches!(refused, Err(Error::Api(error)) if error.code() == &ReturnCode::RegKeyNotFound)
    );
    assert_eq!(
        decode::<CheckPaymentStatus>(r#"{"returnCode":"0110","returnMessage":"-"}"#).unwrap(),
        PaymentStatus::Authorized
    );
}

// --- Validation ------------------------------------------------------------------------

#[track_caller]
fn invalid<E: Endpoint>(endpoint: &E) -> InvalidField {
    client()
        .prepare(endpoint)
        .expect_err("refused before sending")
}

#[track_caller]
fn assert_invalid<E: Endpoint>(endpoint: &E, field: &str, rule_mentions: &str) {
    let error = invalid(endpoint);
    assert_eq!(error.field(), field, "{error}");
    assert!(
        error.rule().to_string().contains(rule_mentions),
        "rule {:?} should mention {rule_mentions:?}",
        error.rule()
    );
}

/// `request` is sent (a sum LINE Pay's own examples break is not refused), with one warning.
#[track_caller]
fn assert_sent_with_one_warning(request: &RequestPayment, field: &str, rule_mentions: &str) {
    let (prepared, warned) = crate::warnings::warnings(|| client().prepare(request));
    prepared.expect("sent");
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert_eq!(warned[0].field, field);
    assert!(warned[0].rule.contains(rule_mentions), "{warned:?}");
}

fn with_reg_pay(reg_pay: RegPayRequest) -> RequestPayment {
    let mut request = subscription();
    if let Some(options) = request.options.as_mut() {
        options.reg_pay_request = Some(reg_pay);
    }
    request
}

#[test]
fn v3_rules_apply_with_v4s_total() {
    let mut request = subscription();
    request.amount = Amount::whole(530);
    assert_sent_with_one_warning(&request, "amount", "is not the sum of packages (500)");

    let mut request = subscription();
    request.packages[0].products[0].price = Amount::whole(-1);
    assert_invalid(&request, "packages[0].products[0].price", "negative");

    let mut request = subscription();
    request.packages[0].amount = Amount::whole(400);
    request.amount = Amount::whole(400);
    assert_sent_with_one_warning(&request, "packages[0].amount", "products[].price (500)");

    let mut request = subscription();
    request.packages[0].id = "x".repeat(51);
    assert_invalid(&request, "packages[0].id", "50 characters");

    let mut request = subscription();
    request.packages.clear();
    assert_invalid(&request, "packages", "at least one");

    let mut request = subscription();
    request.redirect_urls.cancel_url = None;
    assert_invalid(
        &request,
        "redirectUrls.cancelUrl",
        "unless confirmUrlType is NONE",
    );

    let mut request = subscription();
    if let Some(options) = request.options.as_mut() {
        options.extra = Some(ExtraOptions {
            branch_id: Some("b".repeat(33)),
            ..ExtraOptions::default()
        });
        options.events = vec![PromotionEvent {
            code: "EVENT1".to_owned(),
            total_amount: None,
            product_quantity: None,
        }];
    }
    // A branch id LINE Pay truncates is no error; the event is.
    assert_invalid(&request, "options.events[0]", "exactly one");

    // Deepest first, as in v3: a negative total is reported on the package that is negative.
    let mut request = subscription();
    request.amount = Amount::whole(-1);
    request.packages[0].products[0].price = Amount::whole(0);
    request.packages[0].amount = Amount::whole(-1);
    assert_invalid(&request, "packages[0].amount", "must not be negative");
    request.packages[0].products[0].price = Amount::whole(500);
    request.packages[0].amount = Amount::whole(500);
    assert_invalid(&request, "amount", "greater than 0");
}

#[test]
fn reg_pay_request_rules_name_the_field() {
    let field = |name: &str| format!("options.regPayRequest.{name}");
    assert_invalid(
        &with_reg_pay(RegPayRequest::monthly(32, Amount::whole(500))),
        &field("recurringDay"),
        "1 to 31",
    );
    assert_invalid(
        &with_reg_pay(RegPayRequest::monthly(0, Amount::whole(500))),
        &field("recurringDay"),
        "1 to 31",
    );
    assert_invalid(
        &with_reg_pay(RegPayRequest::yearly(2, 30, Amount::whole(500))),
        &field("recurringDay"),
        "at most 29",
    );
    assert_invalid(
        &with_reg_pay(RegPayRequest::yearly(13, 1, Amount::whole(500))),
        &field("recurringMonth"),
        "1 to 12",
    );
    assert_invalid(
        &with_reg_pay(RegPayRequest {
            recurring_period: Some(RecurringPeriod::Week),
            ..RegPayRequest::monthly(5, Amount::whole(500))
        }),
        &field("recurringDay"),
        "MONTH or YEAR",
    );
    assert_invalid(
        &with_reg_pay(RegPayRequest {
            recurring_day_of_week: Some(v4::DayOfWeek::Mon),
            ..RegPayRequest::monthly(5, Amount::whole(500))
        }),
        &field("recurringDayOfWeek"),
        "WEEK",
    );
    assert_invalid(
        &with_reg_pay(RegPayRequest {
            recurring_month: Some(1),
            ..RegPayRequest::monthly(5, Amount::whole(500))
        }),
        &field("recurringMonth"),
        "YEAR",
    );
    assert_invalid(
        &with_reg_pay(RegPayRequest::monthly(5, "500.5".parse().unwrap())),
        &field("productPrice"),
        "TWD",
    );
    assert_invalid(
        &with_reg_pay(RegPayRequest::non_recurring(Amount::whole(-1))),
        &field("perTransactionLimit"),
        "negative",
    );

    // What is allowed: the four constructors, an empty schedule, the last day of each
    // month, and a period this version does not know.
    for valid in [
        RegPayRequest::monthly(31, Amount::whole(500)),
        RegPayRequest::weekly(v4::DayOfWeek::Sun, Amount::whole(500)),
        RegPayRequest::yearly(2, 29, Amount::whole(500)),
        RegPayRequest::yearly(12, 31, Amount::whole(500)),
        RegPayRequest::non_recurring(Amount::whole(0)),
        RegPayRequest::default(),
        RegPayRequest {
            recurring_period: Some(RecurringPeriod::Other("DAY".to_owned())),
            recurring_day: Some(3),
            recurring_day_of_week: Some(v4::DayOfWeek::Tue),
            recurring_month: Some(4),
            ..RegPayRequest::default()
        },
    ] {
        if let Err(error) = client().prepare(&with_reg_pay(valid.clone())) {
            panic!("{valid:?} is valid, got {error}");
        }
    }
}

#[test]
fn the_other_endpoints_keep_v3s_rules() {
    assert_invalid(
        &ConfirmPayment {
            transaction_id: ID,
            amount: Amount::whole(0),
            currency: Currency::Twd,
        },
        "amount",
        "greater than 0",
    );
    assert_invalid(
        &CapturePayment {
            transaction_id: ID,
            amount: "10.5".parse().unwrap(),
            currency: Currency::Twd,
        },
        "amount",
        "TWD",
    );
    assert_invalid(
        &v4::RefundPayment::partial(ID, Amount::whole(0)),
        "refundAmount",
        "greater than 0",
    );
    assert_invalid(&PaymentDetails::default(), "transactionId", "at least one");
    assert_invalid(
        &PaymentDetails {
            transaction_id: vec![ID; 101],
            order_id: Vec::new(),
            fields: None,
        },
        "transactionId",
        "at most 100",
    );
    assert_invalid(
        &PayPreapproved {
            reg_key: reg_key(),
            product_name: String::new(),
            amount: Amount::whole(500),
            currency: Currency::Twd,
            order_id: order("SUB-2024-0002"),
            capture: None,
        },
        "productName",
        "empty",
    );
}

// --- End to end through linepay-mock ---------------------------------------------------

#[tokio::test]
async fn a_subscription_on_v4_through_the_mock_reports_its_payment_provider() {
    let mock = MockServer::start().await.expect("the mock starts");
    // `linepay::Client` sends through HyperTransport, on v4.
    let client: Client = Client::builder(mock.credentials())
        .environment(mock.environment())
        .api_version(ApiVersion::V4)
        .build();

    let mut request = subscription();
    request.order_id = order("V4-SUB-1");
    let requested = client.send(&request).await.expect("Request succeeds");
    let id = requested.transaction_id;
    assert!(
        requested
            .payment_url
            .web
            .ends_with(&format!("/web/payment/{id}"))
    );
    assert_eq!(
        client
            .send(&CheckPaymentStatus { transaction_id: id })
            .await
            .unwrap(),
        PaymentStatus::Waiting
    );

    mock.approve(id).expect("the customer approves");
    assert_eq!(
        client
            .send(&CheckPaymentStatus { transaction_id: id })
            .await
            .unwrap(),
        PaymentStatus::Authorized
    );

    let confirmed = client
        .send(&ConfirmPayment {
            transaction_id: id,
            amount: Amount::whole(500),
            currency: Currency::Twd,
        })
        .await
        .expect("Confirm succeeds");
    assert_eq!(confirmed.payment_provider, Some(PaymentProvider::Tsp));
    assert_eq!(confirmed.transaction_id, id);
    assert_eq!(confirmed.order_id.as_str(), "V4-SUB-1");
    assert_eq!(confirmed.packages[0].user_fee, None);
    let reg_key = confirmed
        .reg_key
        .clone()
        .expect("a PREAPPROVED payment gives a regKey");

    let details = client
        .send(&PaymentDetails {
            transaction_id: vec![id],
            ..PaymentDetails::default()
        })
        .await
        .expect("Payment Details succeeds");
    assert_eq!(details.len(), 1);
    assert_eq!(details[0].payment_provider, Some(PaymentProvider::Tsp));
    assert_eq!(details[0].transaction_id, id);
    assert_eq!(details[0].pay_status, Some(PayStatus::Capture));
    assert_eq!(details[0].pay_info[0].amount, Amount::whole(500));

    // The next month's charge with the regKey, then the end of the subscription.
    client
        .send(&v4::CheckRegKey {
            reg_key: reg_key.clone(),
            credit_card_auth: None,
        })
        .await
        .expect("the regKey is usable");
    let charged = client
        .send(&PayPreapproved {
            reg_key: reg_key.clone(),
            product_name: "Monthly tea box".to_owned(),
            amount: Amount::whole(500),
            currency: Currency::Twd,
            order_id: order("V4-SUB-2"),
            capture: None,
        })
        .await
        .expect("Pay Preapproved succeeds");
    assert_eq!(
        charged.payment_provider.clone().unwrap_or_default(),
        PaymentProvider::Tsp
    );
    assert_eq!(
        charged.order_id.as_ref().map(OrderId::as_str),
        Some("V4-SUB-2")
    );
    client
        .send(&ExpireRegKey {
            reg_key: reg_key.clone(),
        })
        .await
        .expect("Expire RegKey succeeds");

    // Refunds answer as in v3; the refund shows in the v4 details.
    let refund = client
        .send(&v4::RefundPayment::partial(
            charged.transaction_id,
            Amount::whole(100),
        ))
        .await
        .expect("Refund succeeds");
    let after = client
        .send(&PaymentDetails {
            transaction_id: vec![charged.transaction_id],
            ..PaymentDetails::default()
        })
        .await
        .unwrap();
    assert_eq!(
        after[0].refund_list[0].refund_transaction_id,
        refund.refund_transaction_id
    );
    assert_eq!(
        after[0].payment_provider.clone().unwrap_or_default(),
        PaymentProvider::Tsp
    );
}

#[tokio::test]
async fn capture_on_v4_reports_the_payment_provider_and_v3_answers_do_not() {
    let mock = MockServer::start().await.expect("the mock starts");
    let client_of = |version| -> Client {
        Client::builder(mock.credentials())
            .environment(mock.environment())
            .api_version(version)
            .build()
    };
    let client = client_of(ApiVersion::V4);

    let mut request = RequestPayment::new(
        order("V4-AUTH-1"),
        Currency::Twd,
        vec![Package::new(
            "shop",
            vec![Product::new("Tea", 2, Amount::whole(60))],
        )],
        RedirectUrls::none(),
    );
    request.options = Some(RequestOptions {
        payment: Some(PaymentOptions {
            capture: Some(false),
            ..PaymentOptions::default()
        }),
        ..RequestOptions::default()
    });
    let id = client.send(&request).await.unwrap().transaction_id;
    mock.approve(id).unwrap();
    let authorized = client
        .send(&ConfirmPayment {
            transaction_id: id,
            amount: Amount::whole(120),
            currency: Currency::Twd,
        })
        .await
        .unwrap();
    assert!(authorized.authorization_expire_date.is_some());
    let captured = client
        .send(&CapturePayment {
            transaction_id: id,
            amount: Amount::whole(100),
            currency: Currency::Twd,
        })
        .await
        .expect("Capture succeeds");
    assert_eq!(captured.payment_provider, Some(PaymentProvider::Tsp));
    assert_eq!(captured.pay_info[0].amount, Amount::whole(100));

    // The same payment read through v3: no paymentProvider in the answer.
    let v3_client = client_of(ApiVersion::V3);
    let raw = v3_client
        .prepare(&v3::PaymentDetails {
            transaction_id: vec![id],
            ..v3::PaymentDetails::default()
        })
        .unwrap();
    let answer = linepay::Transport::send(
        v3_client.transport(),
        raw,
        std::time::Duration::from_secs(5),
    )
    .await
    .unwrap();
    assert!(!String::from_utf8_lossy(answer.body()).contains("paymentProvider"));
}

#[test]
fn a_v4_client_refuses_v3s_request_before_sending() {
    // v3's Request has fields v4 does not (`userFee`): it is declared for v3 only, and a v4
    // client refuses it instead of sending a body LINE Pay reads otherwise. (linepay-mock's
    // own test `a_v4_request_ignores_user_fee_and_family_service` sends such a body anyway.)
    let request = v3::RequestPayment::new(
        order("V4-FEE-1"),
        Currency::Twd,
        vec![v3::Package {
            user_fee: Some(Amount::whole(30)),
            ..v3::Package::new("p", vec![v3::Product::new("Tea", 1, Amount::whole(100))])
        }],
        v3::RedirectUrls::none(),
    );
    let error = client().prepare(&request).expect_err("v3 only");
    assert_eq!(error.field(), "/v3/payments/request");
    assert_eq!(
        error.rule(),
        &linepay::Rule::NotInVersion {
            version: ApiVersion::V4
        }
    );
}

/// Recovery is written against the v3 types; Confirm, Capture and Refund bodies and Payment
/// Details are the same in v4, so a client set to `ApiVersion::V4` recovers a v4 payment with
/// them (the answer's `paymentProvider` is then not surfaced).
#[tokio::test]
async fn a_lost_v4_confirm_is_recovered_as_a_v4_confirm() {
    use linepay::recovery::ConfirmOutcome;
    use linepay_mock::{Fault, FaultKind, Route};

    let mock = MockServer::start().await.expect("the mock starts");
    let client: Client = Client::builder(mock.credentials())
        .environment(mock.environment())
        .api_version(ApiVersion::V4)
        .build();
    let request = RequestPayment::new(
        order("V4-RECOVER-1"),
        Currency::Twd,
        vec![Package::new(
            "p",
            vec![Product::new("Tea", 2, Amount::whole(60))],
        )],
        RedirectUrls::new(
            "https://shop.example/confirm",
            "https://shop.example/cancel",
        ),
    );
    let id = client.send(&request).await.expect("Request").transaction_id;
    mock.approve(id).expect("the customer approves");

    // v4's Confirm is the one declaration, which lists its v4 path.
    let confirm = v4::ConfirmPayment {
        transaction_id: id,
        amount: request.amount,
        currency: Currency::Twd,
    };
    assert_eq!(
        client.prepare(&confirm).unwrap().uri().path(),
        format!("/v4/payments/{id}/confirm")
    );
    // The worst fault: the payment is confirmed, then the answer is lost.
    mock.inject(Fault::once(Route::Confirm, FaultKind::DropAfterEffect));

    let outcome = client
        .confirm_or_recover(&confirm)
        .await
        .expect("recovered");

    let ConfirmOutcome::Confirmed(proof) = outcome else {
        panic!("expected Confirmed, got {outcome:?}");
    };
    assert!(proof.is_recovered(), "{proof:?}");
    assert_eq!(proof.transaction_id(), id);
    // Recovered from v4's Payment Details: who settled it is surfaced as in Confirm's answer.
    assert_eq!(proof.payment_provider(), Some(&PaymentProvider::Tsp));
    assert_eq!(
        mock.requests(Route::Confirm),
        1,
        "no second Confirm was sent"
    );
    assert_eq!(mock.effects(Route::Confirm), 1);
}

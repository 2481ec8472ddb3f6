//! Request (`POST /v3/payments/request`): the conformance body and signature, LINE Pay's exact
//! wire keys, response decoding, every validation rule through the public door
//! (`Client::prepare`), and client encode → server decode identity.

use bytes::Bytes;
use linepay_core::api::v3::{
    AddFriend, ConfirmUrlType, DisplayOptions, ExtraOptions, FamilyService, FeeInquiryType,
    FriendType, Locale, Package, PayType, PaymentOptions, Product, PromotionEvent,
    PromotionRestriction, Recipient, RedirectUrls, RequestOptions, RequestPayment, ShippingAddress,
    ShippingOptions, ShippingType,
};
use linepay_core::{
    Amount, Client, Credentials, Currency, Endpoint, Error, IncomingRequest, InvalidField, Nonce,
    NonceSource, OrderId, ReturnCode, Rule, decode_response,
};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::vectors::{LINE_PAY_VECTORS, NONCE, SECRET};
use crate::warnings::{Warning, warnings};

fn client() -> Client {
    Client::builder(Credentials::new("1234567890", SECRET).expect("valid credentials"))
        .nonce_source(NonceSource::Fixed(
            Nonce::fixed(NONCE).expect("valid nonce"),
        ))
        .build()
}

fn amount(text: &str) -> Amount {
    text.parse().expect(text)
}

/// The body of LINE Pay's documentation example, built the way the rustdoc shows.
fn readme_request() -> RequestPayment {
    RequestPayment::new(
        OrderId::new("Your order ID").expect("valid"),
        Currency::Twd,
        vec![Package {
            name: Some("Your package name".to_owned()),
            ..Package::new(
                "Your package ID",
                vec![Product {
                    image_url: Some("https://yourname.com/assets/img/product.png".to_owned()),
                    ..Product::new("Your product name", 1, Amount::whole(250))
                }],
            )
        }],
        RedirectUrls::new(
            "https://yourname.com/line-pay/confirm",
            "https://yourname.com/line-pay/cancel",
        ),
    )
}

/// Two packages (250 + 120, user fee 30): a valid request the rule tests break one field of.
fn two_packages() -> RequestPayment {
    RequestPayment::new(
        OrderId::new("order-1").expect("valid"),
        Currency::Twd,
        vec![
            Package::new(
                "p0",
                vec![
                    Product::new("Green tea", 2, Amount::whole(60)),
                    Product::new("烏龍茶", 1, Amount::whole(130)),
                ],
            ),
            Package {
                user_fee: Some(Amount::whole(30)),
                ..Package::new("p1", vec![Product::new("Cake", 1, Amount::whole(120))])
            },
        ],
        RedirectUrls::new(
            "https://shop.example/confirm",
            "https://shop.example/cancel",
        ),
    )
}

fn body_of(request: &RequestPayment) -> Value {
    let prepared = client().prepare(request).expect("valid request");
    serde_json::from_slice(prepared.body()).expect("JSON body")
}

/// The error `prepare` gives; nothing is signed or sent.
#[track_caller]
fn invalid(request: &RequestPayment) -> InvalidField {
    client()
        .prepare(request)
        .expect_err("the request must be refused before sending")
}

#[track_caller]
fn assert_invalid(request: &RequestPayment, field: &str, rule_mentions: &str) {
    let error = invalid(request);
    assert_eq!(error.field(), field, "{error}");
    assert!(
        error.rule().to_string().contains(rule_mentions),
        "rule {:?} should mention {rule_mentions:?}",
        error.rule()
    );
}

#[track_caller]
fn assert_valid(request: &RequestPayment) {
    let warned = sent_with_warnings(request);
    assert_eq!(warned, [], "a valid request is sent without a warning");
}

/// Prepares `request`, which must not be refused, and returns the warnings it was sent with.
#[track_caller]
fn sent_with_warnings(request: &RequestPayment) -> Vec<Warning> {
    let (prepared, warned) = warnings(|| client().prepare(request));
    if let Err(error) = prepared {
        panic!("expected the request to be sent, got {error}");
    }
    warned
}

#[track_caller]
fn assert_warned(warned: &[Warning], field: &str, rule_mentions: &str) {
    assert!(
        warned
            .iter()
            .any(|warning| warning.field == field && warning.rule.contains(rule_mentions)),
        "expected a warning on {field} mentioning {rule_mentions:?}, got {warned:?}"
    );
}

// --- Conformance -------------------------------------------------------------------------

#[test]
fn documentation_example_matches_the_conformance_vector_byte_for_byte() {
    let vector = LINE_PAY_VECTORS
        .iter()
        .find(|vector| vector.name == "request-compact-json")
        .expect("vector present");
    let request = readme_request();
    assert_eq!(request.amount, Amount::whole(250));

    let prepared = client().prepare(&request).expect("valid");
    assert_eq!(prepared.method(), http::Method::POST);
    assert_eq!(prepared.uri().path(), vector.path);
    assert_eq!(
        std::str::from_utf8(prepared.body()).expect("UTF-8"),
        vector.payload
    );
    assert_eq!(
        prepared.headers()["x-line-authorization-nonce"],
        vector.nonce
    );
    assert_eq!(prepared.headers()["x-line-authorization"], vector.signature);
}

#[test]
fn endpoint_constants() {
    assert_eq!(RequestPayment::PATH, "/v3/payments/request");
    assert_eq!(RequestPayment::METHOD, http::Method::POST);
    assert_eq!(RequestPayment::READ_TIMEOUT.as_secs(), 20);
    // A Request is never re-sent automatically.
    const { assert!(!RequestPayment::IDEMPOTENT) };
}

// --- Wire keys ---------------------------------------------------------------------------

fn full_options() -> RequestOptions {
    RequestOptions {
        payment: Some(PaymentOptions {
            capture: Some(false),
            pay_type: Some(PayType::Normal),
        }),
        display: Some(DisplayOptions {
            locale: Some(Locale::ZhTw),
            check_confirm_url_browser: Some(true),
        }),
        shipping: Some(ShippingOptions {
            fee_amount: Some(Amount::whole(60)),
            fee_inquiry_url: Some("https://shop.example/shipping".to_owned()),
            fee_inquiry_type: Some(FeeInquiryType::Condition),
            address: Some(ShippingAddress {
                country: Some("TW".to_owned()),
                postal_code: Some("100".to_owned()),
                recipient: Some(Recipient {
                    first_name: Some("美".to_owned()),
                    phone_no: Some("0912345678".to_owned()),
                    ..Recipient::default()
                }),
                ..ShippingAddress::default()
            }),
            ..ShippingOptions::new(ShippingType::FixedAddress)
        }),
        family_service: Some(FamilyService {
            add_friends: vec![AddFriend::line_at(["@shop"])],
        }),
        extra: Some(ExtraOptions {
            branch_name: Some("台北店".to_owned()),
            branch_id: Some("TPE-01".to_owned()),
            promotion_restriction: Some(PromotionRestriction {
                use_limit: Some(Amount::whole(100)),
                reward_limit: Some(Amount::whole(10)),
            }),
        }),
        events: vec![PromotionEvent {
            code: "EVENT2024".to_owned(),
            total_amount: Some(Amount::whole(250)),
            product_quantity: None,
        }],
    }
}

#[test]
fn full_options_use_line_pays_exact_wire_keys() {
    let request = RequestPayment {
        redirect_urls: RedirectUrls {
            confirm_url_type: Some(ConfirmUrlType::Server),
            app_package_name: Some("com.shop.app".to_owned()),
            ..RedirectUrls::new(
                "https://shop.example/confirm",
                "https://shop.example/cancel",
            )
        },
        options: Some(full_options()),
        ..readme_request()
    };
    let body = body_of(&request);

    assert_eq!(
        body["redirectUrls"],
        json!({
            "confirmUrl": "https://shop.example/confirm",
            "cancelUrl": "https://shop.example/cancel",
            "confirmUrlType": "SERVER",
            "appPackageName": "com.shop.app",
        })
    );
    let options = &body["options"];
    assert_eq!(
        options["payment"],
        json!({"capture": false, "payType": "NORMAL"})
    );
    assert_eq!(
        options["display"],
        json!({"locale": "zh_TW", "checkConfirmUrlBrowser": true})
    );
    assert_eq!(
        options["shipping"],
        json!({
            "type": "FIXED_ADDRESS",
            "feeAmount": 60,
            "feeInquiryUrl": "https://shop.example/shipping",
            "feeInquiryType": "CONDITION",
            "address": {
                "country": "TW",
                "postalCode": "100",
                "recipient": {"firstName": "美", "phoneNo": "0912345678"},
            },
        })
    );
    assert_eq!(
        options["familyService"],
        json!({"addFriends": [{"type": "lineAt", "idList": ["@shop"]}]})
    );
    assert_eq!(
        options["familyService"]["addFriends"][0]["idList"][0],
        "@shop"
    );
    assert_eq!(options["extra"]["branchName"], "台北店");
    assert_eq!(
        options["extra"],
        json!({
            "branchName": "台北店",
            "branchId": "TPE-01",
            "promotionRestriction": {"useLimit": 100, "rewardLimit": 10},
        })
    );
    assert_eq!(
        options["events"],
        json!([{"code": "EVENT2024", "totalAmount": 250}])
    );

    // The wrong keys of some SDKs never appear.
    let text = body.to_string();
    for wrong in ["\"extras\"", "\"ids\""] {
        assert!(!text.contains(wrong), "{wrong} in {text}");
    }
    assert!(!has_null(&body), "{text}");
}

#[test]
fn none_fields_and_empty_events_are_left_out() {
    let request = RequestPayment {
        options: Some(RequestOptions {
            payment: Some(PaymentOptions::default()),
            extra: Some(ExtraOptions {
                branch_id: Some("B1".to_owned()),
                ..ExtraOptions::default()
            }),
            ..RequestOptions::default()
        }),
        ..readme_request()
    };
    let body = body_of(&request);
    assert_eq!(
        body["options"],
        json!({"payment": {}, "extra": {"branchId": "B1"}})
    );
    let options = body["options"].as_object().expect("object");
    assert!(!options.contains_key("events"));
    assert!(!options.contains_key("display"));

    // Without options there is no `options` key at all.
    let body = body_of(&readme_request());
    assert!(body.get("options").is_none());
    assert_eq!(
        body.as_object().expect("object").keys().collect::<Vec<_>>(),
        ["amount", "currency", "orderId", "packages", "redirectUrls"]
    );
}

#[test]
fn no_redirect_sends_only_the_confirm_url_type() {
    let request = RequestPayment {
        redirect_urls: RedirectUrls::none(),
        ..readme_request()
    };
    assert_eq!(
        body_of(&request)["redirectUrls"],
        json!({"confirmUrlType": "NONE"})
    );
}

#[test]
fn unknown_enum_values_are_sent_as_given() {
    let request = RequestPayment {
        options: Some(RequestOptions {
            display: Some(DisplayOptions {
                locale: Some(Locale::from_wire("vi")),
                ..DisplayOptions::default()
            }),
            family_service: Some(FamilyService {
                add_friends: vec![AddFriend {
                    r#type: FriendType::from_wire("officialAccount"),
                    id_list: vec!["@a".to_owned(), "@b".to_owned()],
                }],
            }),
            ..RequestOptions::default()
        }),
        ..readme_request()
    };
    let body = body_of(&request);
    assert_eq!(body["options"]["display"]["locale"], "vi");
    assert_eq!(
        body["options"]["familyService"]["addFriends"][0],
        json!({"type": "officialAccount", "idList": ["@a", "@b"]})
    );
}

// --- Response ----------------------------------------------------------------------------

fn response(body: &'static str) -> http::Response<Bytes> {
    http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(Bytes::from_static(body.as_bytes()))
        .expect("valid response")
}

#[test]
fn success_with_a_19_digit_number_and_unknown_fields() {
    let info = decode_response::<RequestPayment>(&response(
        r#"{"returnCode":"0000","returnMessage":"Success.","info":{"paymentUrl":{"web":"https://sandbox-web-pay.line.me/web/payment/wait?transactionReserveId=cmVzZXJ2ZUlk","app":"line://pay/payment/cmVzZXJ2ZUlk","newUrl":"x"},"transactionId":2019049910005496810,"paymentAccessToken":"187568751124","somethingNew":{"a":[1,2]}}}"#,
    ))
    .expect("decodes");
    assert_eq!(info.transaction_id.get(), 2019049910005496810);
    assert_eq!(info.payment_access_token.as_deref(), Some("187568751124"));
    assert_eq!(
        info.payment_url.web,
        "https://sandbox-web-pay.line.me/web/payment/wait?transactionReserveId=cmVzZXJ2ZUlk"
    );
    assert_eq!(
        info.payment_url.app.as_deref(),
        Some("line://pay/payment/cmVzZXJ2ZUlk")
    );
}

#[test]
fn success_with_the_id_as_a_string_and_no_optional_fields() {
    let info = decode_response::<RequestPayment>(&response(
        r#"{"returnCode":"0000","returnMessage":"Success.","info":{"transactionId":"2023010112345678910","paymentUrl":{"web":"https://web-pay.line.me/web/payment/wait?transactionReserveId=x"}}}"#,
    ))
    .expect("decodes");
    // 2023010112345678910 would become ...800 through an f64.
    assert_eq!(info.transaction_id.get(), 2023010112345678910);
    assert_eq!(info.payment_access_token, None);
    assert_eq!(info.payment_url.app, None);
}

#[test]
fn order_id_already_used_is_an_api_error() {
    let error = decode_response::<RequestPayment>(&response(
        r#"{"returnCode":"1172","returnMessage":"Existing same orderId."}"#,
    ))
    .expect_err("1172 is an error");
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}");
    };
    assert_eq!(api.code(), &ReturnCode::OrderIdAlreadyUsed);
    assert_eq!(api.code().as_str(), "1172");
    assert_eq!(api.message(), "Existing same orderId.");
    assert_eq!(error.return_code(), Some(&ReturnCode::OrderIdAlreadyUsed));
}

#[test]
fn success_without_a_payment_url_is_a_decode_error() {
    let error = decode_response::<RequestPayment>(&response(
        r#"{"returnCode":"0000","returnMessage":"Success.","info":{"transactionId":2019049910005496810}}"#,
    ))
    .expect_err("paymentUrl is required");
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
}

// --- Validation: amounts -----------------------------------------------------------------

#[test]
fn the_base_requests_are_valid() {
    assert_valid(&readme_request());
    assert_valid(&two_packages());
    assert_eq!(two_packages().amount, Amount::whole(400));
    assert_valid(&RequestPayment {
        options: Some(full_options()),
        amount: Amount::whole(250),
        ..readme_request()
    });
}

#[test]
fn negative_price_is_named_by_its_full_path() {
    let mut request = two_packages();
    request.packages[1].products[0].price = Amount::whole(-10);
    assert_invalid(
        &request,
        "packages[1].products[0].price",
        "must not be negative",
    );
}

#[test]
fn a_free_product_is_allowed() {
    let mut request = two_packages();
    request.packages[0]
        .products
        .push(Product::new("Free sample", 3, Amount::whole(0)));
    assert_valid(&request);
}

// LINE Pay documents the sums, and its own examples break them: they are warned about, not
// refused (see the rules table in `linepay_core::validation`).

#[test]
fn a_package_amount_that_is_not_its_products_sum_is_sent_with_a_warning() {
    let mut request = two_packages();
    request.packages[0].amount = Amount::whole(300);
    request.amount = Amount::whole(450);
    let warned = sent_with_warnings(&request);
    assert_warned(
        &warned,
        "packages[0].amount",
        "is not the sum of products[].quantity × products[].price (250)",
    );
    assert_eq!(warned.len(), 1, "the total holds: {warned:?}");
}

#[test]
fn a_v3_package_amount_may_include_its_user_fee() {
    // The other reading LINE Pay's documents give: the package's amount holds its fee, and
    // the total is the sum of the package amounts.
    let mut request = two_packages();
    request.packages[1].amount = Amount::whole(150);
    assert_eq!(request.amount, Amount::whole(400));
    assert_valid(&request);
    // Both readings at once, per package, still total 400.
    request.packages[1].amount = Amount::whole(120);
    assert_valid(&request);
}

#[test]
fn a_package_of_zero_is_allowed_and_a_negative_one_is_not() {
    let mut request = readme_request();
    request.packages[0].products[0].price = Amount::whole(0);
    request.packages[0].amount = Amount::whole(0);
    // LINE Pay's PREAPPROVED example: a total of 250 for a package of 0.
    let warned = sent_with_warnings(&request);
    assert_warned(&warned, "amount", "is not the sum of packages (0)");

    request.packages[0].amount = Amount::whole(-1);
    assert_invalid(&request, "packages[0].amount", "must not be negative");
}

#[test]
fn an_amount_that_is_not_the_sum_of_the_packages_is_sent_with_a_warning() {
    let mut request = two_packages();
    request.amount = Amount::whole(370); // forgot the user fee
    let warned = sent_with_warnings(&request);
    assert_warned(&warned, "amount", "is not the sum of packages (400)");
}

#[test]
fn amount_may_include_the_legacy_shipping_fee() {
    let with_fee = |amount: i64| RequestPayment {
        amount: Amount::whole(amount),
        options: Some(RequestOptions {
            shipping: Some(ShippingOptions {
                fee_amount: Some(Amount::whole(60)),
                ..ShippingOptions::new(ShippingType::FixedAddress)
            }),
            ..RequestOptions::default()
        }),
        ..two_packages()
    };
    assert_valid(&with_fee(400));
    assert_valid(&with_fee(460));
    assert_warned(
        &sent_with_warnings(&with_fee(430)),
        "amount",
        "is not the sum of packages (400)",
    );
}

#[test]
fn amount_must_be_positive() {
    let mut request = readme_request();
    request.amount = Amount::whole(-250);
    assert_invalid(&request, "amount", "greater than 0");
}

#[test]
fn twd_amounts_must_be_whole() {
    let mut request = readme_request();
    request.amount = amount("250.5");
    assert_invalid(&request, "amount", "TWD amounts must be whole numbers");

    let mut request = readme_request();
    request.packages[0].products[0].price = amount("249.5");
    assert_invalid(
        &request,
        "packages[0].products[0].price",
        "TWD amounts must be whole numbers",
    );
}

#[test]
fn thb_takes_two_decimals_and_no_more() {
    let cents = RequestPayment::new(
        OrderId::new("thb-1").expect("valid"),
        Currency::Thb,
        vec![Package::new(
            "p",
            vec![Product::new("Som tam", 3, amount("19.99"))],
        )],
        RedirectUrls::none(),
    );
    assert_eq!(cents.amount, amount("59.97"));
    assert_valid(&cents);

    let mut request = cents.clone();
    request.packages[0].products[0].original_price = Some(amount("25.005"));
    assert_invalid(
        &request,
        "packages[0].products[0].originalPrice",
        "at most 2 decimal places",
    );
}

#[test]
fn user_fee_must_not_be_negative() {
    let mut request = two_packages();
    request.packages[1].user_fee = Some(Amount::whole(-30));
    request.amount = Amount::whole(340);
    assert_invalid(&request, "packages[1].userFee", "must not be negative");
}

#[test]
fn original_price_must_not_be_negative() {
    let mut request = two_packages();
    request.packages[0].products[1].original_price = Some(Amount::whole(-1));
    assert_invalid(
        &request,
        "packages[0].products[1].originalPrice",
        "must not be negative",
    );
}

#[test]
fn overflowing_totals_are_reported_not_wrapped() {
    // One product whose quantity × price overflows: `Package::new` saturates, the warning
    // names the package amount.
    let huge = RequestPayment::new(
        OrderId::new("o").expect("valid"),
        Currency::Twd,
        vec![Package::new(
            "p",
            vec![Product::new("x", 2, Amount::whole(i64::MAX))],
        )],
        RedirectUrls::none(),
    );
    assert_warned(
        &sent_with_warnings(&huge),
        "packages[0].amount",
        "overflows",
    );

    // Two packages whose sum overflows: `RequestPayment::new` saturates, the warning names
    // the total.
    let package = Package::new("p", vec![Product::new("x", 1, Amount::whole(i64::MAX))]);
    let request = RequestPayment::new(
        OrderId::new("o").expect("valid"),
        Currency::Twd,
        vec![package.clone(), package],
        RedirectUrls::none(),
    );
    assert_eq!(request.amount, Amount::whole(i64::MAX));
    assert_warned(&sent_with_warnings(&request), "amount", "overflows");
}

#[test]
fn quantity_must_be_at_least_one() {
    let mut request = readme_request();
    request.packages[0].products[0].quantity = 0;
    assert_invalid(&request, "packages[0].products[0].quantity", "at least 1");
}

#[test]
fn currency_must_be_a_three_letter_code() {
    let mut request = readme_request();
    request.currency = Currency::from_code("twd");
    assert_invalid(&request, "currency", "three-letter");
    request.currency = Currency::from_code("TWDX");
    assert_invalid(&request, "currency", "three-letter");
}

// --- Validation: structure and lengths ---------------------------------------------------

#[test]
fn at_least_one_package() {
    let request = RequestPayment::new(
        OrderId::new("o").expect("valid"),
        Currency::Twd,
        Vec::new(),
        RedirectUrls::none(),
    );
    assert_invalid(&request, "packages", "at least one");
}

#[test]
fn at_least_one_product_per_package() {
    let mut request = two_packages();
    request.packages[1] = Package::new("empty", Vec::new());
    assert_invalid(&request, "packages[1].products", "at least one");
}

#[test]
fn package_id_has_1_to_50_characters() {
    let mut request = readme_request();
    request.packages[0].id = String::new();
    assert_invalid(&request, "packages[0].id", "must not be empty");
    request.packages[0].id = "包".repeat(50);
    assert_valid(&request);
    request.packages[0].id = "包".repeat(51);
    assert_invalid(&request, "packages[0].id", "at most 50 characters");
}

#[test]
fn package_name_has_at_most_100_characters() {
    let mut request = readme_request();
    // 100 Thai characters are 300 bytes: characters are counted, not bytes.
    request.packages[0].name = Some("ก".repeat(100));
    assert_valid(&request);
    request.packages[0].name = Some("ก".repeat(101));
    assert_invalid(&request, "packages[0].name", "at most 100 characters");
}

#[test]
fn product_name_has_1_to_4000_characters() {
    let mut request = two_packages();
    request.packages[0].products[1].name = "測".repeat(4000);
    assert_valid(&request);
    request.packages[0].products[1].name = "測".repeat(4001);
    assert_invalid(
        &request,
        "packages[0].products[1].name",
        "at most 4000 characters",
    );
    request.packages[0].products[1].name = String::new();
    assert_invalid(
        &request,
        "packages[0].products[1].name",
        "must not be empty",
    );
}

#[test]
fn product_id_and_image_url_lengths() {
    let mut request = readme_request();
    request.packages[0].products[0].id = Some("品".repeat(51));
    assert_invalid(
        &request,
        "packages[0].products[0].id",
        "at most 50 characters",
    );

    let mut request = readme_request();
    let long_url = format!("https://shop.example/{}", "a".repeat(479));
    assert_eq!(long_url.chars().count(), 500);
    request.packages[0].products[0].image_url = Some(long_url.clone());
    assert_valid(&request);
    request.packages[0].products[0].image_url = Some(long_url + "a");
    assert_invalid(
        &request,
        "packages[0].products[0].imageUrl",
        "at most 500 characters",
    );
}

#[test]
fn confirm_url_is_required_unless_the_type_is_none() {
    let mut request = readme_request();
    request.redirect_urls.confirm_url = None;
    assert_invalid(
        &request,
        "redirectUrls.confirmUrl",
        "required unless confirmUrlType is NONE",
    );
    request.redirect_urls.confirm_url = Some(String::new());
    assert_invalid(&request, "redirectUrls.confirmUrl", "must not be empty");

    let mut request = readme_request();
    request.redirect_urls.cancel_url = None;
    request.redirect_urls.confirm_url_type = Some(ConfirmUrlType::Server);
    assert_invalid(
        &request,
        "redirectUrls.cancelUrl",
        "required unless confirmUrlType is NONE",
    );

    request.redirect_urls = RedirectUrls::none();
    assert_valid(&request);
}

#[test]
fn redirect_url_lengths() {
    let mut request = readme_request();
    request.redirect_urls.cancel_url = Some(format!("https://shop.example/{}", "x".repeat(481)));
    assert_invalid(&request, "redirectUrls.cancelUrl", "at most 500 characters");

    let mut request = readme_request();
    request.redirect_urls.app_package_name = Some("a".repeat(4001));
    assert_invalid(
        &request,
        "redirectUrls.appPackageName",
        "at most 4000 characters",
    );
}

#[test]
fn redirect_urls_refuse_control_characters() {
    let mut request = readme_request();
    request.redirect_urls.confirm_url =
        Some("https://shop.example/confirm\r\nSet-Cookie: x=1".to_owned());
    assert_invalid(
        &request,
        "redirectUrls.confirmUrl",
        "must not contain control characters",
    );
}

// --- Validation: options -----------------------------------------------------------------

fn with_options(options: RequestOptions) -> RequestPayment {
    RequestPayment {
        options: Some(options),
        ..readme_request()
    }
}

fn event(code: &str, total_amount: Option<i64>, product_quantity: Option<u64>) -> PromotionEvent {
    PromotionEvent {
        code: code.to_owned(),
        total_amount: total_amount.map(Amount::whole),
        product_quantity,
    }
}

#[test]
fn an_event_has_exactly_one_of_total_amount_and_product_quantity() {
    let request = with_options(RequestOptions {
        events: vec![
            event("E1", Some(100), None),
            event("E2", Some(100), Some(2)),
        ],
        ..RequestOptions::default()
    });
    let error = invalid(&request);
    assert_eq!(error.field(), "options.events[1]");
    assert!(
        error
            .rule()
            .to_string()
            .contains("exactly one of totalAmount and productQuantity")
    );
    assert!(error.rule().to_string().contains("not both"));

    let request = with_options(RequestOptions {
        events: vec![event("E1", None, None)],
        ..RequestOptions::default()
    });
    assert_invalid(&request, "options.events[0]", "exactly one of totalAmount");

    assert_valid(&with_options(RequestOptions {
        events: vec![event("E1", None, Some(1)), event("E2", Some(250), None)],
        ..RequestOptions::default()
    }));
}

#[test]
fn event_code_has_1_to_30_characters() {
    let request = with_options(RequestOptions {
        events: vec![event(&"促".repeat(31), Some(1), None)],
        ..RequestOptions::default()
    });
    assert_invalid(&request, "options.events[0].code", "at most 30 characters");
    let request = with_options(RequestOptions {
        events: vec![event("", Some(1), None)],
        ..RequestOptions::default()
    });
    assert_invalid(&request, "options.events[0].code", "must not be empty");
}

#[test]
fn event_total_amount_must_not_be_negative() {
    let request = with_options(RequestOptions {
        events: vec![event("E", Some(-1), None)],
        ..RequestOptions::default()
    });
    assert_invalid(
        &request,
        "options.events[0].totalAmount",
        "must not be negative",
    );
}

#[test]
fn branch_name_and_id_longer_than_line_pay_keeps_are_sent_with_a_warning() {
    let branch = |name: String, id: String| {
        with_options(RequestOptions {
            extra: Some(ExtraOptions {
                branch_name: Some(name),
                branch_id: Some(id),
                ..ExtraOptions::default()
            }),
            ..RequestOptions::default()
        })
    };
    // LINE Pay truncates both: longer ones are sent, with a warning.
    assert_valid(&branch("店".repeat(200), "b".repeat(32)));
    let warned = sent_with_warnings(&branch("店".repeat(201), "b".repeat(33)));
    assert_warned(
        &warned,
        "options.extra.branchName",
        "keeps only the first 200 characters",
    );
    assert_warned(
        &warned,
        "options.extra.branchId",
        "keeps only the first 32 characters",
    );
}

#[test]
fn promotion_limits_must_not_be_negative() {
    let request = with_options(RequestOptions {
        extra: Some(ExtraOptions {
            promotion_restriction: Some(PromotionRestriction {
                use_limit: Some(Amount::whole(10)),
                reward_limit: Some(Amount::whole(-1)),
            }),
            ..ExtraOptions::default()
        }),
        ..RequestOptions::default()
    });
    assert_invalid(
        &request,
        "options.extra.promotionRestriction.rewardLimit",
        "must not be negative",
    );
}

#[test]
fn shipping_fee_must_not_be_negative_and_fit_the_currency() {
    let shipping = |fee: Amount| {
        with_options(RequestOptions {
            shipping: Some(ShippingOptions {
                fee_amount: Some(fee),
                ..ShippingOptions::new(ShippingType::Shipping)
            }),
            ..RequestOptions::default()
        })
    };
    assert_invalid(
        &shipping(Amount::whole(-60)),
        "options.shipping.feeAmount",
        "must not be negative",
    );
    assert_invalid(
        &shipping(amount("0.5")),
        "options.shipping.feeAmount",
        "TWD amounts must be whole numbers",
    );
    assert_valid(&shipping(Amount::whole(0)));
}

// --- Round trips -------------------------------------------------------------------------

/// Text LINE Pay's JSON must carry intact: CJK, Thai, emoji, quotes, backslashes, control
/// characters.
fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!(
        "[a-zA-Z0-9 \"\\\\/<>&%+測試商品烏龍茶กขคงภาษาไทย😀\\n\\t\\x7f]{{1,{max}}}"
    ))
    .expect("valid regex")
}

fn optional_text(max: usize) -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text(max))
}

fn currency_and_scale() -> impl Strategy<Value = (Currency, u8)> {
    prop_oneof![
        Just((Currency::Twd, 0)),
        Just((Currency::Thb, 2)),
        Just((Currency::Usd, 2)),
    ]
}

fn money(scale: u8, min: i64) -> impl Strategy<Value = Amount> {
    (min..=1_000_000_i64, 0..=scale)
        .prop_map(|(units, scale)| Amount::from_minor_units(units, scale).expect("in range"))
}

fn product(scale: u8) -> impl Strategy<Value = Product> {
    (
        text(60),
        1..=5_u64,
        money(scale, 1),
        optional_text(20),
        optional_text(80),
        proptest::option::of(money(scale, 0)),
    )
        .prop_map(
            |(name, quantity, price, id, image_url, original_price)| Product {
                id,
                image_url,
                original_price,
                ..Product::new(name, quantity, price)
            },
        )
}

fn package(scale: u8) -> impl Strategy<Value = Package> {
    (
        text(50),
        optional_text(100),
        proptest::option::of(money(0, 0)),
        prop::collection::vec(product(scale), 1..=3),
    )
        .prop_map(|(id, name, user_fee, products)| Package {
            name,
            user_fee,
            ..Package::new(id, products)
        })
}

fn redirect_urls() -> impl Strategy<Value = RedirectUrls> {
    let url = "https://shop\\.example/[a-z0-9/?=&%]{0,40}";
    prop_oneof![
        (url, url).prop_map(|(confirm, cancel)| RedirectUrls::new(confirm, cancel)),
        Just(RedirectUrls::none()),
        (url, url, optional_text(40)).prop_map(|(confirm, cancel, app_package_name)| {
            RedirectUrls {
                confirm_url_type: Some(ConfirmUrlType::Server),
                app_package_name,
                ..RedirectUrls::new(confirm, cancel)
            }
        }),
    ]
}

fn locale() -> impl Strategy<Value = Locale> {
    prop_oneof![
        Just(Locale::En),
        Just(Locale::Ja),
        Just(Locale::Ko),
        Just(Locale::Th),
        Just(Locale::ZhTw),
        Just(Locale::ZhCn),
        "x-[a-z]{2}".prop_map(|code| Locale::from_wire(&code)),
    ]
}

fn shipping(scale: u8) -> impl Strategy<Value = ShippingOptions> {
    (
        prop_oneof![
            Just(ShippingType::NoShipping),
            Just(ShippingType::FixedAddress),
            Just(ShippingType::Shipping),
        ],
        proptest::option::of(money(scale, 0)),
        optional_text(40),
        proptest::option::of(prop_oneof![
            Just(FeeInquiryType::Condition),
            Just(FeeInquiryType::Fixed),
        ]),
        proptest::option::of(
            (optional_text(10), optional_text(30), optional_text(20)).prop_map(
                |(country, detail, first_name)| ShippingAddress {
                    country,
                    detail,
                    recipient: first_name.map(|first_name| Recipient {
                        first_name: Some(first_name),
                        ..Recipient::default()
                    }),
                    ..ShippingAddress::default()
                },
            ),
        ),
    )
        .prop_map(
            |(r#type, fee_amount, fee_inquiry_url, fee_inquiry_type, address)| ShippingOptions {
                r#type,
                fee_amount,
                fee_inquiry_url,
                fee_inquiry_type,
                address,
            },
        )
}

fn promotion_event(scale: u8) -> impl Strategy<Value = PromotionEvent> {
    (
        text(30),
        prop_oneof![
            money(scale, 0).prop_map(|amount| (Some(amount), None)),
            (1..=100_u64).prop_map(|quantity| (None, Some(quantity))),
        ],
    )
        .prop_map(|(code, (total_amount, product_quantity))| PromotionEvent {
            code,
            total_amount,
            product_quantity,
        })
}

fn options(scale: u8) -> impl Strategy<Value = RequestOptions> {
    (
        proptest::option::of(
            (
                proptest::option::of(any::<bool>()),
                proptest::option::of(prop_oneof![
                    Just(PayType::Normal),
                    Just(PayType::Preapproved)
                ]),
            )
                .prop_map(|(capture, pay_type)| PaymentOptions { capture, pay_type }),
        ),
        proptest::option::of(
            (
                proptest::option::of(locale()),
                proptest::option::of(any::<bool>()),
            )
                .prop_map(|(locale, check_confirm_url_browser)| DisplayOptions {
                    locale,
                    check_confirm_url_browser,
                }),
        ),
        proptest::option::of(shipping(scale)),
        proptest::option::of(
            prop::collection::vec(prop::collection::vec(text(20), 0..3), 0..3).prop_map(|lists| {
                FamilyService {
                    add_friends: lists.into_iter().map(AddFriend::line_at).collect(),
                }
            }),
        ),
        proptest::option::of(
            (
                optional_text(200),
                optional_text(32),
                proptest::option::of(
                    (
                        proptest::option::of(money(scale, 0)),
                        proptest::option::of(money(scale, 0)),
                    )
                        .prop_map(|(use_limit, reward_limit)| {
                            PromotionRestriction {
                                use_limit,
                                reward_limit,
                            }
                        }),
                ),
            )
                .prop_map(|(branch_name, branch_id, promotion_restriction)| {
                    ExtraOptions {
                        branch_name,
                        branch_id,
                        promotion_restriction,
                    }
                }),
        ),
        prop::collection::vec(promotion_event(scale), 0..3),
    )
        .prop_map(
            |(payment, display, shipping, family_service, extra, events)| RequestOptions {
                payment,
                display,
                shipping,
                family_service,
                extra,
                events,
            },
        )
}

/// Whether a `null` appears anywhere: `None` must be left out, never sent as `null`.
fn has_null(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Array(items) => items.iter().any(has_null),
        Value::Object(members) => members.values().any(has_null),
        _ => false,
    }
}

fn valid_request() -> impl Strategy<Value = RequestPayment> {
    currency_and_scale().prop_flat_map(|(currency, scale)| {
        (
            "[A-Za-z0-9 測試กข\"\\\\-]{1,100}",
            prop::collection::vec(package(scale), 1..=3),
            redirect_urls(),
            proptest::option::of(options(scale)),
        )
            .prop_map(
                move |(order_id, packages, redirect_urls, options)| RequestPayment {
                    options,
                    ..RequestPayment::new(
                        OrderId::new(order_id).expect("valid order id"),
                        currency.clone(),
                        packages,
                        redirect_urls,
                    )
                },
            )
    })
}

proptest! {
    #[test]
    fn client_encode_then_server_decode_is_the_identity(request in valid_request()) {
        let prepared = client().prepare(&request);
        prop_assert!(prepared.is_ok(), "{:?}", prepared.err());
        let prepared = prepared.expect("checked");
        let decoded = RequestPayment::from_http_request(&prepared);
        prop_assert_eq!(decoded.as_ref(), Ok(&request));
        // What is sent is exactly what was signed: one serialization.
        prop_assert_eq!(linepay_core::signing::signed_payload(&prepared), prepared.body().as_ref());
    }

    #[test]
    fn request_options_serde_round_trip(options in (0..=2_u8).prop_flat_map(options)) {
        let json = serde_json::to_string(&options).expect("serializes");
        let value: Value = serde_json::from_str(&json).expect("JSON");
        prop_assert!(!has_null(&value), "{}", json);
        let back: RequestOptions = serde_json::from_str(&json).expect("deserializes");
        prop_assert_eq!(back, options);
    }
}

/// Each broken rule comes back as a typed `Rule` a program can match on, with the wire path of
/// the field that breaks it.
#[test]
fn each_rule_is_typed() {
    type Break = fn(&mut RequestPayment);
    let cases: [(Break, &str, Rule); 8] = [
        (|r| r.packages.clear(), "packages", Rule::NoElements),
        (
            |r| r.packages[1].products.clear(),
            "packages[1].products",
            Rule::NoElements,
        ),
        (
            |r| r.packages[0].id = "x".repeat(51),
            "packages[0].id",
            Rule::TooLong { max_chars: 50 },
        ),
        (
            |r| r.packages[0].products[1].name.clear(),
            "packages[0].products[1].name",
            Rule::Empty,
        ),
        (
            |r| r.packages[0].products[0].quantity = 0,
            "packages[0].products[0].quantity",
            Rule::BelowMinimum { min: 1 },
        ),
        (
            |r| r.packages[1].products[0].price = Amount::whole(-1),
            "packages[1].products[0].price",
            Rule::Negative,
        ),
        (
            |r| r.packages[1].products[0].price = "0.5".parse().expect("an amount"),
            "packages[1].products[0].price",
            Rule::WrongScale {
                currency: "TWD".into(),
                max_decimals: 0,
            },
        ),
        (|r| r.amount = Amount::whole(0), "amount", Rule::NotPositive),
    ];
    for (break_it, field, rule) in cases {
        let mut request = two_packages();
        break_it(&mut request);
        let error = invalid(&request);
        assert_eq!((error.field(), error.rule()), (field, &rule), "{error}");
    }
}

//! The complete Confirm and Payment Details answers, field by field as LINE Pay documents them
//! (reference §3.2 and §3.6): 64-bit ids as numbers and as strings, negative refunds, every
//! pay method, status and transaction type, packages, merchant reference, shipping, events,
//! unknown fields at every level, and round trips of what a mock server would serve.

use bytes::Bytes;
use linepay_core::api::v3::{
    AffiliateCard, ConfirmInfo, ConfirmPayment, MerchantReference, Package, PayInfo, PayMethod,
    PayStatus, PaymentDetail, PaymentDetails, PaymentProvider, Product, PromotionEvent, Recipient,
    RefundEntry, ShippingAddress, ShippingInfo, TransactionType,
};
use linepay_core::{Amount, Currency, OrderId, RegKey, TransactionId, decode_response};
use proptest::prelude::*;

const ID: u64 = 2019049910005496810;
const REFUND_ID: u64 = 2019049910005496811;
const SECOND_REFUND_ID: u64 = 2019049910005496812;

/// A successful LINE Pay answer carrying `info`, with an unknown envelope field as well.
fn success(info: &str) -> http::Response<Bytes> {
    let body = format!(
        r#"{{"returnCode":"0000","returnMessage":"Success.","info":{info},"unknownEnvelopeField":[1,2]}}"#
    );
    http::Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(Bytes::from(body))
        .expect("valid response")
}

fn confirm(info: &str) -> ConfirmInfo {
    decode_response::<ConfirmPayment>(&success(info)).expect("Confirm answer decodes")
}

fn details(info: &str) -> Vec<PaymentDetail> {
    decode_response::<PaymentDetails>(&success(info)).expect("Payment Details answer decodes")
}

fn amount(text: &str) -> Amount {
    text.parse().expect("valid amount")
}

/// Every Confirm field of §3.2 and v4's `paymentProvider`, plus unknown fields in every
/// object.
const FULL_CONFIRM: &str = r#"{
    "orderId": "MKSI_S_20180904_1000001",
    "transactionId": 2019049910005496810,
    "authorizationExpireDate": "2019-04-10T04:02:43Z",
    "regKey": "RK9A2BA1942EQTO",
    "payInfo": [
        {"method": "BALANCE", "amount": 10, "futureField": true},
        {"method": "CREDIT_CARD", "amount": 90, "creditCardNickname": "", "creditCardBrand": "VISA",
         "maskedCreditCardNumber": "**** **** **** 1234", "futureField": {"nested": 1}}
    ],
    "packages": [
        {"id": "shop-1", "amount": 100, "userFeeAmount": 0, "name": "Tea shop",
         "products": [
             {"id": "tea-1", "name": "Green tea", "imageUrl": "https://shop.example/tea.png",
              "quantity": 2, "price": 50, "originalPrice": 60, "futureField": "x"}
         ],
         "futureField": null}
    ],
    "merchantReference": {
        "affiliateCards": [
            {"cardType": "MOBILE_CARRIER", "cardId": "/AB12+CD", "futureField": 1}
        ],
        "futureField": 2
    },
    "shipping": {
        "methodId": "SHIP-1",
        "feeAmount": 60,
        "address": {
            "country": "TW", "postalCode": "10491", "state": "Taipei City", "city": "Zhongshan",
            "detail": "No. 1, Sec. 1, Example Rd.", "optional": "5F",
            "recipient": {
                "firstName": "Mei", "lastName": "Lin", "firstNameOptional": "美",
                "lastNameOptional": "林", "email": "mei@example.com", "phoneNo": "0912345678",
                "futureField": 3
            },
            "futureField": 4
        },
        "futureField": 5
    },
    "paymentProvider": "TSP",
    "futureField": {"deep": [1, 2, 3]}
}"#;

#[test]
fn confirm_reads_every_documented_field() {
    let info = confirm(FULL_CONFIRM);

    assert_eq!(info.order_id.as_str(), "MKSI_S_20180904_1000001");
    assert_eq!(info.transaction_id, TransactionId::new(ID));
    assert_eq!(
        info.authorization_expire_date.as_deref(),
        Some("2019-04-10T04:02:43Z")
    );
    assert_eq!(info.reg_key, Some(RegKey::new("RK9A2BA1942EQTO").unwrap()));

    let mut card = PayInfo::new(PayMethod::CreditCard, Amount::whole(90));
    card.credit_card_nickname = Some(String::new());
    card.credit_card_brand = Some("VISA".to_owned());
    card.masked_credit_card_number = Some("**** **** **** 1234".to_owned());
    assert_eq!(
        info.pay_info,
        [PayInfo::new(PayMethod::Balance, Amount::whole(10)), card]
    );

    let product = Product {
        id: Some("tea-1".to_owned()),
        image_url: Some("https://shop.example/tea.png".to_owned()),
        original_price: Some(Amount::whole(60)),
        ..Product::new("Green tea", 2, Amount::whole(50))
    };
    let package = Package {
        user_fee: Some(Amount::whole(0)),
        name: Some("Tea shop".to_owned()),
        ..Package::new("shop-1", vec![product])
    };
    assert_eq!(info.packages, [package]);

    assert_eq!(
        info.merchant_reference,
        Some(MerchantReference::new(vec![AffiliateCard::new(
            "MOBILE_CARRIER",
            "/AB12+CD"
        )]))
    );

    assert_eq!(info.shipping, Some(full_shipping()));
}

fn full_shipping() -> ShippingInfo {
    let mut shipping = ShippingInfo::default();
    shipping.method_id = Some("SHIP-1".to_owned());
    shipping.fee_amount = Some(Amount::whole(60));
    shipping.address = Some(ShippingAddress {
        country: Some("TW".to_owned()),
        postal_code: Some("10491".to_owned()),
        state: Some("Taipei City".to_owned()),
        city: Some("Zhongshan".to_owned()),
        detail: Some("No. 1, Sec. 1, Example Rd.".to_owned()),
        optional: Some("5F".to_owned()),
        recipient: Some(Recipient {
            first_name: Some("Mei".to_owned()),
            last_name: Some("Lin".to_owned()),
            first_name_optional: Some("美".to_owned()),
            last_name_optional: Some("林".to_owned()),
            email: Some("mei@example.com".to_owned()),
            phone_no: Some("0912345678".to_owned()),
        }),
    });
    shipping
}

#[test]
fn confirm_reads_a_transaction_id_given_as_a_string() {
    let info = confirm(&FULL_CONFIRM.replace("2019049910005496810", "\"2019049910005496810\""));
    assert_eq!(info.transaction_id.get(), ID);
    assert_eq!(info, confirm(FULL_CONFIRM));
}

#[test]
fn confirm_minimal_answer_leaves_optional_fields_empty() {
    let info = confirm(r#"{"orderId":"O1","transactionId":"2019049910005496810"}"#);
    assert_eq!(
        info,
        ConfirmInfo::new(OrderId::new("O1").unwrap(), TransactionId::new(ID))
    );
    assert!(info.authorization_expire_date.is_none());
    assert!(info.reg_key.is_none());
    assert!(info.pay_info.is_empty());
    assert!(info.packages.is_empty());
    assert!(info.merchant_reference.is_none());
    assert!(info.shipping.is_none());
}

#[test]
fn confirm_reads_every_pay_method_and_keeps_unknown_ones() {
    let info = confirm(
        r#"{"orderId":"O1","transactionId":2019049910005496810,"payInfo":[
            {"method":"BALANCE","amount":1},
            {"method":"CREDIT_CARD","amount":2},
            {"method":"POINT","amount":3},
            {"method":"DISCOUNT","amount":4},
            {"method":"NEW_WALLET","amount":5}
        ]}"#,
    );
    let methods: Vec<_> = info.pay_info.iter().map(|pay| pay.method.clone()).collect();
    assert_eq!(
        methods,
        [
            PayMethod::Balance,
            PayMethod::CreditCard,
            PayMethod::Point,
            PayMethod::Discount,
            PayMethod::Other("NEW_WALLET".to_owned()),
        ]
    );
    // The unknown method goes back out exactly as received.
    let json = serde_json::to_string(&info).unwrap();
    assert!(
        json.contains(r#"{"method":"NEW_WALLET","amount":5}"#),
        "{json}"
    );
}

#[test]
fn confirm_round_trips_through_serde() {
    let info = confirm(FULL_CONFIRM);
    let json = serde_json::to_string(&info).unwrap();
    assert!(!json.contains("futureField"), "unknown fields are dropped");
    assert!(
        json.contains(r#""paymentProvider":"TSP""#),
        "v4's member is kept: {json}"
    );
    assert!(
        json.contains(r#""transactionId":2019049910005496810"#),
        "{json}"
    );
    // Payment Details' name `userFeeAmount` is read; the Request name is written.
    assert!(json.contains(r#""userFee":0"#), "{json}");
    assert_eq!(confirm(&json), info);
    assert_eq!(serde_json::from_str::<ConfirmInfo>(&json).unwrap(), info);
}

/// A captured payment with two refunds: every field of §3.6 and v4's `paymentProvider`, the
/// refund ids once as a number and once as a string, one whole and one
/// fractional THB refund, plus unknown fields in every object.
const FULL_PAYMENT: &str = r#"{
    "transactionId": 2019049910005496810,
    "transactionDate": "2019-04-10T04:00:00Z",
    "transactionType": "PAYMENT",
    "payStatus": "CAPTURE",
    "productName": "Green tea",
    "merchantName": "Tea shop",
    "currency": "THB",
    "orderId": "order-42",
    "authorizationExpireDate": "2019-04-15T04:00:00Z",
    "payInfo": [
        {"method": "CREDIT_CARD", "amount": 100.5, "creditCardBrand": "JCB", "futureField": 1}
    ],
    "refundList": [
        {"refundTransactionId": 2019049910005496811, "transactionType": "PARTIAL_REFUND",
         "refundAmount": -20, "refundTransactionDate": "2019-04-10T05:00:00Z", "futureField": 2},
        {"refundTransactionId": "2019049910005496812", "transactionType": "PARTIAL_REFUND",
         "refundAmount": -0.5, "refundTransactionDate": "2019-04-10T06:00:00Z"}
    ],
    "packages": [
        {"id": "shop-1", "amount": 100.5, "name": "Tea shop", "userFeeAmount": 0.5,
         "products": [
             {"id": "tea-1", "name": "Green tea", "imageUrl": "https://shop.example/tea.png",
              "quantity": 2, "price": 50, "originalPrice": 60, "futureField": 3}
         ],
         "futureField": 4}
    ],
    "shipping": {"methodId": "SHIP-1", "feeAmount": 60, "address": {
        "country": "TW", "postalCode": "10491", "state": "Taipei City", "city": "Zhongshan",
        "detail": "No. 1, Sec. 1, Example Rd.", "optional": "5F",
        "recipient": {"firstName": "Mei", "lastName": "Lin", "firstNameOptional": "美",
            "lastNameOptional": "林", "email": "mei@example.com", "phoneNo": "0912345678"}},
        "futureField": 5},
    "events": [
        {"code": "EVENT1", "totalAmount": 100, "futureField": 6},
        {"code": "EVENT2", "productQuantity": 2}
    ],
    "paymentProvider": "EPI",
    "futureField": {"deep": true}
}"#;

/// A refund transaction, asked for by its refund transaction id: it names its original.
const REFUND_TRANSACTION: &str = r#"{
    "transactionId": 2019049910005496811,
    "transactionDate": "2019-04-10T05:00:00Z",
    "transactionType": "PARTIAL_REFUND",
    "productName": "Green tea",
    "merchantName": "Tea shop",
    "currency": "TWD",
    "orderId": "order-42",
    "payInfo": [{"method": "BALANCE", "amount": -20}],
    "originalTransactionId": 2019049910005496810,
    "futureField": "x"
}"#;

fn expected_full_payment() -> PaymentDetail {
    let mut detail = PaymentDetail::new(TransactionId::new(ID));
    detail.transaction_date = Some("2019-04-10T04:00:00Z".to_owned());
    detail.transaction_type = Some(TransactionType::Payment);
    detail.pay_status = Some(PayStatus::Capture);
    detail.product_name = Some("Green tea".to_owned());
    detail.merchant_name = Some("Tea shop".to_owned());
    detail.currency = Some(Currency::Thb);
    detail.order_id = Some(OrderId::new("order-42").unwrap());
    detail.authorization_expire_date = Some("2019-04-15T04:00:00Z".to_owned());
    detail.payment_provider = Some(PaymentProvider::Epi);
    let mut card = PayInfo::new(PayMethod::CreditCard, amount("100.5"));
    card.credit_card_brand = Some("JCB".to_owned());
    detail.pay_info = vec![card];
    let mut first = RefundEntry::new(TransactionId::new(REFUND_ID), Amount::whole(-20));
    first.transaction_type = Some(TransactionType::PartialRefund);
    first.refund_transaction_date = Some("2019-04-10T05:00:00Z".to_owned());
    let mut second = RefundEntry::new(TransactionId::new(SECOND_REFUND_ID), amount("-0.5"));
    second.transaction_type = Some(TransactionType::PartialRefund);
    second.refund_transaction_date = Some("2019-04-10T06:00:00Z".to_owned());
    detail.refund_list = vec![first, second];
    let product = Product {
        id: Some("tea-1".to_owned()),
        image_url: Some("https://shop.example/tea.png".to_owned()),
        original_price: Some(Amount::whole(60)),
        ..Product::new("Green tea", 2, Amount::whole(50))
    };
    detail.packages = vec![Package {
        amount: amount("100.5"),
        user_fee: Some(amount("0.5")),
        name: Some("Tea shop".to_owned()),
        ..Package::new("shop-1", vec![product])
    }];
    detail.shipping = Some(full_shipping());
    detail.events = vec![
        PromotionEvent {
            code: "EVENT1".to_owned(),
            total_amount: Some(Amount::whole(100)),
            product_quantity: None,
        },
        PromotionEvent {
            code: "EVENT2".to_owned(),
            total_amount: None,
            product_quantity: Some(2),
        },
    ];
    detail
}

#[test]
fn payment_details_reads_every_documented_field() {
    let list = details(&format!("[{FULL_PAYMENT}]"));
    assert_eq!(list, [expected_full_payment()]);

    let detail = &list[0];
    assert_eq!(detail.refund_list[0].refund_amount, Amount::whole(-20));
    assert_eq!(detail.refund_list[1].refund_amount, amount("-0.5"));
    assert!(
        detail
            .refund_list
            .iter()
            .all(|r| r.refund_amount.is_negative())
    );
    assert_eq!(detail.refunded_total(), Some(amount("20.5")));
    assert!(!detail.is_refund());
    assert!(detail.original_transaction_id.is_none());
}

#[test]
fn payment_details_reads_every_64_bit_id_as_a_number_or_a_string() {
    let as_numbers = details(&format!("[{FULL_PAYMENT},{REFUND_TRANSACTION}]"));
    let quoted = |json: &str| {
        json.replace("2019049910005496810", "\"2019049910005496810\"")
            .replace("2019049910005496811,", "\"2019049910005496811\",")
    };
    let payment = quoted(FULL_PAYMENT);
    let refund = quoted(REFUND_TRANSACTION);
    // Every id field is now a string: transactionId, both refundTransactionIds,
    // originalTransactionId.
    assert!(payment.contains(r#""transactionId": "2019049910005496810""#));
    assert!(payment.contains(r#""refundTransactionId": "2019049910005496811""#));
    assert!(payment.contains(r#""refundTransactionId": "2019049910005496812""#));
    assert!(refund.contains(r#""transactionId": "2019049910005496811""#));
    assert!(refund.contains(r#""originalTransactionId": "2019049910005496810""#));
    let as_strings = details(&format!("[{payment},{refund}]"));
    assert_eq!(as_strings, as_numbers);

    assert_eq!(as_strings[0].transaction_id.get(), ID);
    assert_eq!(
        as_strings[0].refund_list[0].refund_transaction_id.get(),
        REFUND_ID
    );
    assert_eq!(
        as_strings[0].refund_list[1].refund_transaction_id.get(),
        SECOND_REFUND_ID
    );
    assert_eq!(as_strings[1].transaction_id.get(), REFUND_ID);
    assert_eq!(
        as_strings[1].original_transaction_id,
        Some(TransactionId::new(ID))
    );
}

#[test]
fn payment_details_for_a_refund_transaction_names_the_original() {
    let list = details(&format!("[{REFUND_TRANSACTION}]"));
    let refund = &list[0];
    assert_eq!(refund.transaction_id.get(), REFUND_ID);
    assert_eq!(refund.original_transaction_id, Some(TransactionId::new(ID)));
    assert_eq!(
        refund.transaction_type,
        Some(TransactionType::PartialRefund)
    );
    assert_eq!(refund.pay_status, None);
    assert_eq!(refund.currency, Some(Currency::Twd));
    assert_eq!(refund.pay_info[0].amount, Amount::whole(-20));
    assert!(refund.is_refund());
    assert!(refund.refund_list.is_empty());
    assert_eq!(refund.refunded_total(), Some(Amount::whole(0)));
}

#[test]
fn payment_details_reads_every_pay_status_and_keeps_unknown_ones() {
    let list = details(
        r#"[
            {"transactionId":1,"payStatus":"AUTHORIZATION","authorizationExpireDate":"2019-04-15T04:00:00Z"},
            {"transactionId":2,"payStatus":"CAPTURE"},
            {"transactionId":3,"payStatus":"EXPIRED_AUTHORIZATION"},
            {"transactionId":4,"payStatus":"VOIDED_AUTHORIZATION"},
            {"transactionId":5,"payStatus":"PARTIALLY_CAPTURED"},
            {"transactionId":6}
        ]"#,
    );
    let statuses: Vec<_> = list.iter().map(|d| d.pay_status.clone()).collect();
    assert_eq!(
        statuses,
        [
            Some(PayStatus::Authorization),
            Some(PayStatus::Capture),
            Some(PayStatus::ExpiredAuthorization),
            Some(PayStatus::VoidedAuthorization),
            Some(PayStatus::Other("PARTIALLY_CAPTURED".to_owned())),
            None,
        ]
    );
    assert_eq!(
        list[0].authorization_expire_date.as_deref(),
        Some("2019-04-15T04:00:00Z")
    );
    assert_eq!(
        serde_json::to_string(&list[4]).unwrap(),
        r#"{"transactionId":5,"payStatus":"PARTIALLY_CAPTURED","payInfo":[]}"#
    );
}

#[test]
fn payment_details_reads_every_transaction_type_and_keeps_unknown_ones() {
    let list = details(
        r#"[
            {"transactionId":1,"transactionType":"PAYMENT",
             "refundList":[{"refundTransactionId":11,"transactionType":"PAYMENT_REFUND","refundAmount":-100},
                           {"refundTransactionId":12,"transactionType":"CHARGEBACK","refundAmount":-1},
                           {"refundTransactionId":13,"refundAmount":-2}]},
            {"transactionId":2,"transactionType":"PAYMENT_REFUND","originalTransactionId":1},
            {"transactionId":3,"transactionType":"PARTIAL_REFUND"},
            {"transactionId":4,"transactionType":"CHARGEBACK"}
        ]"#,
    );
    let types: Vec<_> = list.iter().map(|d| d.transaction_type.clone()).collect();
    assert_eq!(
        types,
        [
            Some(TransactionType::Payment),
            Some(TransactionType::PaymentRefund),
            Some(TransactionType::PartialRefund),
            Some(TransactionType::Other("CHARGEBACK".to_owned())),
        ]
    );
    let refund_types: Vec<_> = list[0]
        .refund_list
        .iter()
        .map(|r| r.transaction_type.clone())
        .collect();
    assert_eq!(
        refund_types,
        [
            Some(TransactionType::PaymentRefund),
            Some(TransactionType::Other("CHARGEBACK".to_owned())),
            None,
        ]
    );
    let is_refund: Vec<_> = list.iter().map(PaymentDetail::is_refund).collect();
    assert_eq!(is_refund, [false, true, true, false]);
    assert_eq!(list[0].refunded_total(), Some(Amount::whole(103)));
}

#[test]
fn payment_details_minimal_entry_and_empty_list() {
    let list = details(r#"[{"transactionId":"20140101123123123"}]"#);
    assert_eq!(
        list,
        [PaymentDetail::new(TransactionId::new(20140101123123123))]
    );
    assert!(details("[]").is_empty());
}

#[test]
fn refunded_total_reports_overflow_as_none() {
    let mut detail = PaymentDetail::new(TransactionId::new(ID));
    detail.refund_list = vec![RefundEntry::new(
        TransactionId::new(1),
        Amount::whole(i64::MIN),
    )];
    assert_eq!(detail.refunded_total(), None);
    detail.refund_list = vec![
        RefundEntry::new(TransactionId::new(1), Amount::whole(-i64::MAX)),
        RefundEntry::new(TransactionId::new(2), Amount::whole(-1)),
    ];
    assert_eq!(detail.refunded_total(), None);
    // A positive amount (not what LINE Pay sends) counts as is.
    detail.refund_list = vec![
        RefundEntry::new(TransactionId::new(1), Amount::whole(5)),
        RefundEntry::new(TransactionId::new(2), amount("-0.25")),
    ];
    assert_eq!(detail.refunded_total(), Some(amount("5.25")));
}

#[test]
fn a_fully_populated_payment_detail_round_trips() {
    let mut refund_transaction = PaymentDetail::new(TransactionId::new(REFUND_ID));
    refund_transaction.transaction_type = Some(TransactionType::PaymentRefund);
    refund_transaction.original_transaction_id = Some(TransactionId::new(u64::MAX));
    let served = vec![expected_full_payment(), refund_transaction];

    let json = serde_json::to_string(&served).unwrap();
    assert!(
        json.contains(r#""transactionId":2019049910005496810"#),
        "{json}"
    );
    assert!(
        json.contains(r#""refundTransactionId":2019049910005496812"#),
        "{json}"
    );
    assert!(json.contains(r#""refundAmount":-0.5"#), "{json}");
    assert!(
        json.contains(r#""originalTransactionId":18446744073709551615"#),
        "{json}"
    );
    assert_eq!(
        serde_json::from_str::<Vec<PaymentDetail>>(&json).unwrap(),
        served
    );
    // What a mock serves decodes through the client's decoder unchanged.
    assert_eq!(details(&json), served);
}

fn id_json(id: u64, quoted: bool) -> String {
    if quoted {
        format!("\"{id}\"")
    } else {
        id.to_string()
    }
}

proptest! {
    #[test]
    fn any_u64_id_survives_payment_detail_round_trips(
        id in any::<u64>(),
        original in any::<u64>(),
        refund_id in any::<u64>(),
        quoted in any::<bool>(),
    ) {
        let mut detail = PaymentDetail::new(TransactionId::new(id));
        detail.original_transaction_id = Some(TransactionId::new(original));
        detail.refund_list = vec![RefundEntry::new(TransactionId::new(refund_id), Amount::whole(-20))];

        let json = serde_json::to_string(&detail).unwrap();
        prop_assert_eq!(&serde_json::from_str::<PaymentDetail>(&json).unwrap(), &detail);

        let written = format!(
            r#"{{"transactionId":{},"originalTransactionId":{},"refundList":[{{"refundTransactionId":{},"refundAmount":-20}}]}}"#,
            id_json(id, quoted),
            id_json(original, quoted),
            id_json(refund_id, quoted),
        );
        let decoded: PaymentDetail = serde_json::from_str(&written).unwrap();
        prop_assert_eq!(decoded.transaction_id.get(), id);
        prop_assert_eq!(decoded.original_transaction_id.map(TransactionId::get), Some(original));
        prop_assert_eq!(decoded.refund_list[0].refund_transaction_id.get(), refund_id);
        prop_assert_eq!(&decoded, &detail);
    }

    #[test]
    fn any_u64_id_survives_refund_entry_round_trips(id in any::<u64>(), quoted in any::<bool>()) {
        let refund = RefundEntry::new(TransactionId::new(id), amount("-0.5"));
        let json = serde_json::to_string(&refund).unwrap();
        prop_assert_eq!(&serde_json::from_str::<RefundEntry>(&json).unwrap(), &refund);

        let written = format!(r#"{{"refundTransactionId":{},"refundAmount":-0.5}}"#, id_json(id, quoted));
        let decoded: RefundEntry = serde_json::from_str(&written).unwrap();
        prop_assert_eq!(decoded, refund);
    }
}

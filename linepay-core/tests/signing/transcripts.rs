//! The full signing transcript of every endpoint, pinned with insta: method, URI, the exact
//! signed path and payload, the nonce, every header and the signature, for a fixed secret and
//! nonce. Any change to what is signed or sent shows up here as a snapshot diff.

use std::fmt::Write as _;

use bytes::Bytes;
use linepay_core::api::v3::{
    CapturePayment, CheckPaymentStatus, CheckRegKey, ConfirmPayment, ConfirmUrlType, DetailFields,
    DisplayOptions, ExpireRegKey, Locale, Package, PayPreapproved, PayType, PaymentDetails,
    PaymentOptions, Product, RedirectUrls, RefundPayment, RequestOptions, RequestPayment,
    VoidPayment,
};
use linepay_core::signing::signed_payload;
use linepay_core::{
    Amount, ApiVersion, ClientBuilder, Credentials, Currency, Endpoint, Environment, Nonce,
    NonceSource, OrderId, RegKey, TransactionId,
};

const SECRET: &str = "a917ab6a2367b536f8e5a6e2977e06f4";
const NONCE: &str = "44453d45-768e-40e8-8349-748e797c450f";

const ID: TransactionId = TransactionId::new(2021121600698709710);

fn builder() -> ClientBuilder {
    ClientBuilder::new(Credentials::new("1234567890", SECRET).expect("valid credentials"))
        .environment(Environment::Sandbox)
        .nonce_source(NonceSource::Fixed(
            Nonce::fixed(NONCE).expect("valid nonce"),
        ))
}

fn reg_key() -> RegKey {
    RegKey::new("RK9A2BA1942EQTO").expect("valid regKey")
}

fn order_id(id: &str) -> OrderId {
    OrderId::new(id).expect("valid order id")
}

fn transcript<E: Endpoint>(endpoint: &E) -> String {
    transcript_with(&builder().build(), endpoint)
}

/// Everything a person debugging error 1106 would want to compare, one item a line.
fn transcript_with<T, E: Endpoint>(
    client: &linepay_core::client::Client<T>,
    endpoint: &E,
) -> String {
    let request: http::Request<Bytes> = client.prepare(endpoint).expect("prepares");
    let payload = String::from_utf8_lossy(signed_payload(&request));
    let mut out = String::new();
    let _ = writeln!(out, "endpoint: {} {}", E::METHOD, E::PATH);
    let _ = writeln!(out, "read timeout: {:?}", E::READ_TIMEOUT);
    let _ = writeln!(out, "idempotent: {}", E::IDEMPOTENT);
    let _ = writeln!(out, "request: {} {}", request.method(), request.uri());
    let _ = writeln!(out, "signed path: {}", request.uri().path());
    let _ = writeln!(out, "signed payload: {payload}");
    let _ = writeln!(out, "nonce: {NONCE}");
    let _ = writeln!(
        out,
        "signed message: {SECRET}{}{payload}{NONCE}",
        request.uri().path()
    );
    let _ = writeln!(out, "headers:");
    for (name, value) in request.headers() {
        let sensitive = if value.is_sensitive() {
            " (sensitive)"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {name}: {}{sensitive}",
            value.to_str().unwrap_or("<binary>")
        );
    }
    let _ = writeln!(out, "body: {}", String::from_utf8_lossy(request.body()));
    out
}

#[test]
fn confirm_payment() {
    let confirm = ConfirmPayment {
        transaction_id: TransactionId::new(2021121600698709710),
        amount: Amount::whole(250),
        currency: Currency::Twd,
    };
    insta::assert_snapshot!(transcript(&confirm));
}

#[test]
fn payment_details_with_repeated_keys() {
    let details = PaymentDetails {
        transaction_id: vec![
            TransactionId::new(2021121600698709710),
            TransactionId::new(2019049910005496810),
        ],
        order_id: vec![
            OrderId::new("20211216002").expect("valid order id"),
            OrderId::new("訂單 A&B=1").expect("valid order id"),
        ],
        fields: None,
    };
    insta::assert_snapshot!(transcript(&details));
}

#[test]
fn payment_details_of_the_order_part_only() {
    let details = PaymentDetails {
        transaction_id: vec![TransactionId::new(2021121600698709710)],
        order_id: vec![],
        fields: Some(DetailFields::Order),
    };
    insta::assert_snapshot!(transcript(&details));
}

#[test]
fn payment_details_matches_the_conformance_vector() {
    let details = PaymentDetails {
        transaction_id: vec![TransactionId::new(2021121600698709710)],
        order_id: vec![OrderId::new("20211216002").expect("valid order id")],
        fields: None,
    };
    insta::assert_snapshot!(transcript(&details));
}

#[test]
fn request_payment_with_options() {
    let mut request = RequestPayment::new(
        order_id("order-20211216-001"),
        Currency::Twd,
        vec![Package {
            name: Some("茶屋".to_owned()),
            ..Package::new(
                "package-1",
                vec![
                    Product::new("Green tea 綠茶", 2, Amount::whole(60)),
                    Product {
                        image_url: Some("https://shop.example/cake.png".to_owned()),
                        ..Product::new("Cake", 1, Amount::whole(130))
                    },
                ],
            )
        }],
        RedirectUrls::new(
            "https://shop.example/linepay/confirm",
            "https://shop.example/linepay/cancel",
        ),
    );
    request.options = Some(RequestOptions {
        payment: Some(PaymentOptions {
            capture: Some(false),
            pay_type: Some(PayType::Normal),
        }),
        display: Some(DisplayOptions {
            locale: Some(Locale::ZhTw),
            check_confirm_url_browser: None,
        }),
        ..RequestOptions::default()
    });
    insta::assert_snapshot!(transcript(&request));
}

#[test]
fn request_payment_without_redirect() {
    let request = RequestPayment::new(
        order_id("kiosk-7"),
        Currency::Thb,
        vec![Package::new(
            "kiosk",
            vec![Product::new("ชาเย็น", 1, "45.50".parse().expect("amount"))],
        )],
        RedirectUrls {
            confirm_url_type: Some(ConfirmUrlType::None),
            ..RedirectUrls::default()
        },
    );
    insta::assert_snapshot!(transcript(&request));
}

#[test]
fn capture_payment() {
    let capture = CapturePayment {
        transaction_id: ID,
        amount: Amount::whole(250),
        currency: Currency::Twd,
    };
    insta::assert_snapshot!(transcript(&capture));
}

#[test]
fn void_payment() {
    insta::assert_snapshot!(transcript(&VoidPayment { transaction_id: ID }));
}

#[test]
fn refund_payment_partial() {
    insta::assert_snapshot!(transcript(&RefundPayment::partial(ID, Amount::whole(20))));
}

#[test]
fn refund_payment_full() {
    insta::assert_snapshot!(transcript(&RefundPayment::full(ID)));
}

#[test]
fn check_payment_status() {
    insta::assert_snapshot!(transcript(&CheckPaymentStatus { transaction_id: ID }));
}

#[test]
fn check_reg_key() {
    let check = CheckRegKey {
        reg_key: reg_key(),
        credit_card_auth: Some(true),
    };
    insta::assert_snapshot!(transcript(&check));
}

#[test]
fn pay_preapproved() {
    let pay = PayPreapproved {
        reg_key: reg_key(),
        product_name: "測試商品".to_owned(),
        amount: Amount::whole(100),
        currency: Currency::Twd,
        order_id: order_id("O1"),
        capture: None,
    };
    insta::assert_snapshot!(transcript(&pay));
}

#[test]
fn expire_reg_key() {
    insta::assert_snapshot!(transcript(&ExpireRegKey { reg_key: reg_key() }));
}

#[test]
fn confirm_payment_on_api_v4() {
    let client = builder().api_version(ApiVersion::V4).build();
    let confirm = ConfirmPayment {
        transaction_id: ID,
        amount: Amount::whole(250),
        currency: Currency::Twd,
    };
    insta::assert_snapshot!(transcript_with(&client, &confirm));
}

// ---- Offline API v4: a terminal's client (v4, device headers) ------------------------------

mod offline {
    use linepay_core::api::offline::{
        Authorizations, CaptureOrder, CheckOrder, Pay, PayOptions, PaymentDetails, RefundOrder,
        VoidOrder,
    };
    use linepay_core::api::v3::{ExtraOptions, PaymentOptions};
    use linepay_core::api::v4::{Package, Product};
    use linepay_core::{Amount, ApiVersion, Currency, DeviceHeaders, OneTimeKey};

    use super::{builder, order_id, transcript_with};
    use crate::vectors::EXTRA_VECTORS;

    fn terminal() -> linepay_core::Client {
        builder()
            .api_version(ApiVersion::V4)
            .device_headers(DeviceHeaders::new("TPE07-POS-02", "POS").expect("valid headers"))
            .build()
    }

    fn transcript<E: linepay_core::Endpoint>(endpoint: &E) -> String {
        transcript_with(&terminal(), endpoint)
    }

    /// A sale at the counter, authorized only, at branch TPE-07.
    fn pay() -> Pay {
        let mut pay = Pay::new(
            order_id("TPE07-20261207-0042"),
            OneTimeKey::new("389253804433039534").expect("a My Code"),
            Currency::Twd,
            vec![Package::new(
                "counter",
                vec![Product::new("拿鐵 Latte", 2, Amount::whole(60))],
            )],
        )
        .authorize_only();
        if let Some(options) = &mut pay.options {
            options.extra = Some(ExtraOptions {
                branch_id: Some("TPE-07".to_owned()),
                ..ExtraOptions::default()
            });
        }
        pay
    }

    #[test]
    fn offline_pay() {
        insta::assert_snapshot!(transcript(&pay()));
    }

    #[test]
    fn offline_pay_captured_at_once() {
        let mut pay = pay();
        pay.options = Some(PayOptions {
            payment: Some(PaymentOptions::default()),
            ..PayOptions::default()
        });
        insta::assert_snapshot!(transcript(&pay));
    }

    /// An order id that must be percent-encoded: the signed path is the path sent.
    #[test]
    fn offline_check_order_with_an_encoded_order_id() {
        insta::assert_snapshot!(transcript(&CheckOrder {
            order_id: order_id("TPE07 #42/訂單"),
        }));
    }

    #[test]
    fn offline_authorizations() {
        insta::assert_snapshot!(transcript(&Authorizations::of_order(order_id(
            "TPE07-20261207-0042"
        ))));
    }

    #[test]
    fn offline_capture_order() {
        insta::assert_snapshot!(transcript(&CaptureOrder::new(
            order_id("TPE07-20261207-0042"),
            Amount::whole(100),
            Currency::Twd,
        )));
    }

    #[test]
    fn offline_void_order() {
        insta::assert_snapshot!(transcript(&VoidOrder {
            order_id: order_id("TPE07-20261207-0042"),
        }));
    }

    #[test]
    fn offline_refund_order_partial() {
        insta::assert_snapshot!(transcript(&RefundOrder::partial(
            order_id("TPE07-20261207-0042"),
            Amount::whole(60),
        )));
    }

    #[test]
    fn offline_refund_order_full() {
        insta::assert_snapshot!(transcript(&RefundOrder::full(order_id(
            "TPE07-20261207-0042"
        ))));
    }

    #[test]
    fn offline_payment_details() {
        insta::assert_snapshot!(transcript(&PaymentDetails {
            order_id: vec![order_id("TPE07-20261207-0042")],
            ..PaymentDetails::default()
        }));
    }

    /// The terminal's signatures equal ones computed outside this crate (Python's hmac, over
    /// the encoded path and the exact body): Pay, and Check with an encoded order id.
    #[test]
    fn offline_signatures_match_independent_hmacs() {
        let check = CheckOrder {
            order_id: order_id("TPE07 #42/訂單"),
        };
        let cases = [
            ("offline-pay", terminal().prepare(&pay()).expect("prepares")),
            (
                "offline-check-encoded-order-id",
                terminal().prepare(&check).expect("prepares"),
            ),
        ];
        for (name, request) in cases {
            let vector = EXTRA_VECTORS
                .iter()
                .find(|vector| vector.name == name)
                .expect("the vector exists");
            assert_eq!(request.uri().path(), vector.path, "{name}");
            assert_eq!(
                request.headers()["x-line-authorization"],
                vector.signature,
                "{name}"
            );
        }
    }
}

//! Signature vectors shared by the tests: the LINE Pay vectors of the project's conformance
//! set (copied from signatures.json so that the project stands alone) and a few computed
//! independently with Python's hmac module.
#![allow(dead_code)] // each test binary uses part of it

/// One signature vector: `signature = Base64(HMAC-SHA256(secret, secret + path + payload + nonce))`.
pub struct Vector {
    pub name: &'static str,
    pub secret: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    pub payload: &'static str,
    pub nonce: &'static str,
    pub signature: &'static str,
}

pub const SECRET: &str = "a917ab6a2367b536f8e5a6e2977e06f4";
pub const NONCE: &str = "44453d45-768e-40e8-8349-748e797c450f";

/// The LINE Pay vectors of the project's conformance set (signatures.json, `line_pay`).
pub const LINE_PAY_VECTORS: [Vector; 8] = [
    Vector {
        name: "request-compact-json",
        secret: SECRET,
        method: "POST",
        path: "/v3/payments/request",
        payload: r#"{"amount":250,"currency":"TWD","orderId":"Your order ID","packages":[{"id":"Your package ID","amount":250,"name":"Your package name","products":[{"name":"Your product name","quantity":1,"price":250,"imageUrl":"https://yourname.com/assets/img/product.png"}]}],"redirectUrls":{"confirmUrl":"https://yourname.com/line-pay/confirm","cancelUrl":"https://yourname.com/line-pay/cancel"}}"#,
        nonce: NONCE,
        signature: "GXsG4Z0JgvpL0Ddrp11K9PQnX1hhrJUj4QO4UQgfHI4=",
    },
    Vector {
        name: "confirm",
        secret: SECRET,
        method: "POST",
        path: "/v3/payments/2021121600698709710/confirm",
        payload: r#"{"amount":250,"currency":"TWD"}"#,
        nonce: NONCE,
        signature: "aKX4PAHisY23Mnynp+2QNUERY7Op6TWZTxj4vZDhhqc=",
    },
    Vector {
        name: "void-empty-body",
        secret: SECRET,
        method: "POST",
        path: "/v3/payments/authorizations/2021121600698709710/void",
        payload: "",
        nonce: NONCE,
        signature: "bsrZOkf7ISZxwxG0IqPwkecOxQcGUcHd15f8xE6JluY=",
    },
    Vector {
        name: "void-empty-object",
        secret: SECRET,
        method: "POST",
        path: "/v3/payments/authorizations/2021121600698709710/void",
        payload: "{}",
        nonce: NONCE,
        signature: "qPl3VYX3VJGhzfbvEpblhFlW1kher9+qvOBwwXrDOm4=",
    },
    Vector {
        name: "details-get",
        secret: SECRET,
        method: "GET",
        path: "/v3/payments",
        payload: "transactionId=2021121600698709710&orderId=20211216002",
        nonce: NONCE,
        signature: "yXhjy2hKCdmiyFd9TtDdDzP8KONy8dP4tMxWCqzuPV0=",
    },
    Vector {
        name: "check-status-get-no-query",
        secret: SECRET,
        method: "GET",
        path: "/v3/payments/requests/2021121600698709710/check",
        payload: "",
        nonce: NONCE,
        signature: "uMZVJqsGcJ+V5aCiXrf2Rakxu3/Gb6i2eHVlZ9MXLLY=",
    },
    Vector {
        name: "check-regkey-get",
        secret: SECRET,
        method: "GET",
        path: "/v3/payments/preapprovedPay/RK9A2BA1942EQTO/check",
        payload: "creditCardAuth=true",
        nonce: NONCE,
        signature: "kN9t6uZzarBYLfv/01o8++JDFXi49m+UQWfx5iP2/+o=",
    },
    Vector {
        name: "preapproved-utf8-body",
        secret: SECRET,
        method: "POST",
        path: "/v3/payments/preapprovedPay/RK9A2BA1942EQTO/payment",
        payload: r#"{"productName":"測試商品","amount":100,"currency":"TWD","orderId":"O1"}"#,
        nonce: NONCE,
        signature: "RuW4T0KvE7rBd42woUY3opie2m235aCziDs8r/ACI9A=",
    },
];

/// Vectors computed independently of this crate, with Python's standard library and the
/// documented formula (secret, path, payload and nonce as below):
///
/// ```text
/// python3 -c 'import hmac,hashlib,base64,sys; s,p,b,n=sys.argv[1:]; \
///   print(base64.b64encode(hmac.new(s.encode(), (s+p+b+n).encode("utf-8"), hashlib.sha256).digest()).decode())' \
///   SECRET PATH PAYLOAD NONCE
/// ```
pub const EXTRA_VECTORS: [Vector; 5] = [
    Vector {
        name: "other-secret-post",
        secret: "c0ffee00deadbeef0123456789abcdef",
        method: "POST",
        path: "/v3/payments/request",
        payload: r#"{"amount":100,"currency":"USD","orderId":"ORDER-2024-0001"}"#,
        nonce: "2f1c6e0a-3b9d-4c8e-9a7f-5d2e1b0c4a93",
        signature: "CwlwIDWmYU/DsN+xx2BW/LHPxlkWV3GtVKyXWTeTGrs=",
    },
    Vector {
        name: "thai-chinese-utf8-body-timestamp-nonce",
        secret: "5b0e9d7c1a2f4e6b8c3d0a9f7e1b2c4d",
        method: "POST",
        path: "/v3/payments/preapprovedPay/RK2AE3519XTFXHM/payment",
        payload: r#"{"productName":"สินค้าทดสอบ 測試商品","amount":199,"currency":"THB","orderId":"TH-001"}"#,
        nonce: "1700000000000",
        signature: "Va5IkjuGRNduh+wJoWpz+XOxEnN8lGGBOxyrxtJw1QU=",
    },
    Vector {
        name: "get-repeated-keys",
        secret: "ffeeddccbbaa99887766554433221100",
        method: "GET",
        path: "/v3/payments",
        payload: "transactionId=2021121600698709710&transactionId=2021121600698709711&orderId=A-1&orderId=B-2",
        nonce: "d3b07384-d113-4ec6-a8f0-6c3b2d1e9f00",
        signature: "lzW8l+4RmAlZ+4cuZN3lMJEsmB4bE3MMJotDHo28/Wc=",
    },
    Vector {
        name: "offline-pay",
        secret: SECRET,
        method: "POST",
        path: "/v4/payments/oneTimeKeys/pay",
        payload: r#"{"amount":120,"currency":"TWD","orderId":"TPE07-20261207-0042","oneTimeKey":"389253804433039534","packages":[{"id":"counter","amount":120,"products":[{"name":"拿鐵 Latte","quantity":2,"price":60}]}],"options":{"payment":{"capture":false},"extra":{"branchId":"TPE-07"}}}"#,
        nonce: NONCE,
        signature: "wAv9OxRIMuvAKLmBFZi3dUXPNOtFf1PVEMOjL3VFC7s=",
    },
    // The order id `TPE07 #42/訂單`, encoded with Python's `urllib.parse.quote(id, safe="")`.
    Vector {
        name: "offline-check-encoded-order-id",
        secret: SECRET,
        method: "GET",
        path: "/v4/payments/orders/TPE07%20%2342%2F%E8%A8%82%E5%96%AE/check",
        payload: "",
        nonce: NONCE,
        signature: "q8qoLGR6Cs3eRmkPCto47NuhDL3Nxi+NQicg1z6HE0w=",
    },
];

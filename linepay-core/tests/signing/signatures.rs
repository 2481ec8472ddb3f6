//! The signature conformance vectors, asserted against the library.
//!
//! LINE Pay signs `Base64(HMAC-SHA256(key = secret, message = secret + path + payload + nonce))`
//! with the raw JSON body (POST) or the query string without `?` (GET) as payload. The data
//! is copied from the project's conformance set (signatures.json) so that this crate stands
//! alone.

use linepay_core::api::v3::{ConfirmPayment, PaymentDetails};
use linepay_core::signing::{SIGNATURE_HEADER, SIGNATURE_LEN, Signature, sign};
use linepay_core::{
    Amount, ChannelSecret, Client, Credentials, Currency, Environment, Nonce, NonceSource, OrderId,
    TransactionId,
};

use crate::vectors::{EXTRA_VECTORS, LINE_PAY_VECTORS, NONCE, SECRET};

/// `(name, key as hex, message as hex, Base64 of the MAC)`.
const RAW_HMAC: [(&str, &str, &str, &str); 3] = [
    (
        "rfc4231-case1",
        "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
        "4869205468657265",
        "sDRMYdjbOFNcqK/OrwvxK4gdwgDJgz2nJuk3bC4yz/c=",
    ),
    (
        "rfc4231-case2",
        "4a656665",
        "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
        "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=",
    ),
    (
        "rfc4231-case6",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
        "YOQxWR7gtn8Niiaqy/W3f44LxiE3KMUUBUYEDw7jf1Q=",
    ),
];

/// chy168/line-pay-sdk-go `sign_test.go`: `calculate("A", "BODY")`.
const CHY168_BASE64: &str = "d7N2zcBCDH7EXw28ym/ppeNqa/Gp/9Xv/hO40MNjtI8=";
/// The hex digest of the same MAC: what a wrong implementation sends.
const CHY168_HEX: &str = "77b376cdc0420c7ec45f0dbcca6fe9a5e36a6bf1a9ffd5effe13b8d0c363b48f";

fn hex(text: &str) -> Vec<u8> {
    let pairs = text.as_bytes().chunks_exact(2);
    assert!(pairs.remainder().is_empty(), "odd hex length: {text}");
    pairs
        .map(|pair| {
            let digits = std::str::from_utf8(pair).expect("ASCII hex");
            u8::from_str_radix(digits, 16).expect("hex digits")
        })
        .collect()
}

fn secret() -> ChannelSecret {
    ChannelSecret::new(SECRET).expect("the vector secret is valid")
}

#[test]
fn line_pay_vectors() {
    for vector in LINE_PAY_VECTORS.iter().chain(&EXTRA_VECTORS) {
        let secret = ChannelSecret::new(vector.secret).expect("the vector secret is valid");
        let signature = sign(
            &secret,
            vector.path,
            vector.payload.as_bytes(),
            vector.nonce,
        );
        assert_eq!(signature.as_str(), vector.signature, "{}", vector.name);
    }
}

#[test]
fn raw_hmac_chy168() {
    assert_eq!(
        Signature::hmac_sha256(b"A", &[b"BODY"]).as_str(),
        CHY168_BASE64
    );
}

#[test]
fn raw_hmac_rfc4231() {
    for (name, key, message, base64) in RAW_HMAC {
        assert_eq!(
            Signature::hmac_sha256(&hex(key), &[&hex(message)]).as_str(),
            base64,
            "{name}"
        );
    }
}

#[test]
fn raw_hmac_parts_are_concatenated() {
    // Splitting the message into parts must not change the MAC.
    assert_eq!(
        Signature::hmac_sha256(b"A", &[b"BO", b"", b"DY"]).as_str(),
        CHY168_BASE64
    );
}

#[test]
fn hex_digest_is_not_what_we_produce() {
    let signature = Signature::hmac_sha256(b"A", &[b"BODY"]);
    assert_ne!(signature.as_str(), CHY168_HEX);
    assert_ne!(signature.as_str().to_ascii_lowercase(), CHY168_HEX);
    assert!(!signature.as_str().contains(&CHY168_HEX[..8]));
}

/// 44 characters of standard Base64 (`A-Z a-z 0-9 + /`) with one `=` of padding: 32 bytes.
fn assert_standard_base64_of_32_bytes(signature: &str, name: &str) {
    assert_eq!(signature.len(), SIGNATURE_LEN, "{name}: {signature}");
    let (body, padding) = signature.split_at(43);
    assert_eq!(padding, "=", "{name}: {signature}");
    assert!(
        body.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/'),
        "{name}: {signature} is not standard Base64 (no `-`/`_`, no inner `=`)"
    );
    // The last character carries 2 data bits and 4 zero bits: A, E, I, M, …, 0, 4, 8.
    let last = body.as_bytes()[42];
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let index = ALPHABET.iter().position(|&c| c == last).unwrap_or(1);
    assert_eq!(index % 4, 0, "{name}: {signature} is not canonical");
}

#[test]
fn every_signature_is_44_chars_of_standard_base64() {
    for vector in LINE_PAY_VECTORS.iter().chain(&EXTRA_VECTORS) {
        assert_standard_base64_of_32_bytes(vector.signature, vector.name);
    }
    for (name, key, message, base64) in RAW_HMAC {
        assert_standard_base64_of_32_bytes(base64, name);
        let ours = Signature::hmac_sha256(&hex(key), &[&hex(message)]);
        assert_standard_base64_of_32_bytes(ours.as_str(), name);
    }
    assert_standard_base64_of_32_bytes(CHY168_BASE64, "chy168");
}

fn client() -> Client {
    let credentials = Credentials::new("1234567890", SECRET).expect("valid credentials");
    let nonce = Nonce::fixed(NONCE).expect("valid nonce");
    Client::builder(credentials)
        .environment(Environment::Sandbox)
        .nonce_source(NonceSource::Fixed(nonce))
        .build()
}

#[test]
fn prepared_confirm_carries_the_vector_signature() {
    let confirm = ConfirmPayment {
        transaction_id: TransactionId::new(2021121600698709710),
        amount: Amount::whole(250),
        currency: Currency::Twd,
    };
    let request = client().prepare(&confirm).expect("confirm prepares");
    assert_eq!(request.method(), "POST");
    assert_eq!(
        request.uri(),
        "https://sandbox-api-pay.line.me/v3/payments/2021121600698709710/confirm"
    );
    assert_eq!(
        request.body().as_ref(),
        br#"{"amount":250,"currency":"TWD"}"#
    );
    assert_eq!(request.headers()["x-line-authorization-nonce"], NONCE);
    assert_eq!(
        request.headers()[SIGNATURE_HEADER],
        "aKX4PAHisY23Mnynp+2QNUERY7Op6TWZTxj4vZDhhqc="
    );
}

#[test]
fn prepared_payment_details_signs_the_path_alone() {
    let details = PaymentDetails {
        transaction_id: vec![TransactionId::new(2021121600698709710)],
        order_id: vec![OrderId::new("20211216002").expect("valid order id")],
        fields: None,
    };
    let request = client().prepare(&details).expect("details prepares");
    assert_eq!(request.method(), "GET");
    assert_eq!(
        request.uri(),
        "https://sandbox-api-pay.line.me/v3/payments?transactionId=2021121600698709710&orderId=20211216002"
    );
    assert!(request.body().is_empty());
    assert_eq!(
        request.headers()["x-line-authorization"],
        "yXhjy2hKCdmiyFd9TtDdDzP8KONy8dP4tMxWCqzuPV0="
    );

    // The invariant behind it: the signature covers the path alone, with no host and no `?`
    // (those variants sign to something else).
    let query = b"transactionId=2021121600698709710&orderId=20211216002";
    let signed = request.headers()["x-line-authorization"].to_str().unwrap();
    for wrong_path in [
        "https://sandbox-api-pay.line.me/v3/payments",
        "sandbox-api-pay.line.me/v3/payments",
        "/v3/payments?",
    ] {
        assert_ne!(sign(&secret(), wrong_path, query, NONCE).as_str(), signed);
    }
    assert_eq!(
        sign(&secret(), "/v3/payments", query, NONCE).as_str(),
        signed
    );
}

//! Declaring an endpoint outside linepay-core, with `linepay::linepay_endpoint`.
//!
//! A library or application can add a LINE Pay call that linepay does not ship yet: one
//! struct and one attribute give the path, the query string, the signature and the typed
//! response. This example declares two GET endpoints, signs them with a sandbox client and
//! a fixed nonce (so the output is reproducible), prints the signed requests, and decodes a
//! canned response. Nothing is sent over the network.
//!
//! ```text
//! cargo run -q --example define_endpoint
//! ```

use bytes::Bytes;
use linepay::{
    Client, Credentials, Environment, Nonce, NonceSource, RegKey, TransactionId, decode_response,
    linepay_endpoint,
};
use serde::Deserialize;

/// The customer behind a transaction, as userInfo describes it. Every field is optional:
/// this API is not in LINE Pay's public v3 list, so decode leniently.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserInfo {
    /// The customer's name.
    pub name: Option<String>,
    /// The customer's email address.
    pub email: Option<String>,
    /// The customer's phone number.
    pub phone_number: Option<String>,
}

/// `GET /v3/payments/{transactionId}/userInfo`: the `<transactionId>` placeholder binds to
/// the `transaction_id` field; there is no other field, so no query string, and the empty
/// string is signed as payload.
#[linepay_endpoint(method = "GET", path = "/v3/payments/<transactionId>/userInfo", response = UserInfo)]
#[derive(Debug)]
pub struct GetUserInfo {
    /// The payment whose customer to read.
    pub transaction_id: TransactionId,
}

/// `GET /v3/payments/preapprovedPay/{regKey}/check`: a GET with an optional query flag.
/// `Some(true)` adds `?creditCardAuth=true` (and signs it); `None` leaves it out. The answer
/// is the return code alone, so the response is `()`.
#[linepay_endpoint(
    method = "GET",
    path = "/v3/payments/preapprovedPay/<regKey>/check",
    response = ()
)]
#[derive(Debug)]
pub struct CheckRegKey {
    /// The key from a pre-approved payment's Confirm.
    pub reg_key: RegKey,
    /// Also run a small credit-card authorization.
    pub credit_card_auth: Option<bool>,
}

/// Prints a signed request: method and URI, one header per line, then the body.
fn print_request(title: &str, request: &http::Request<Bytes>) {
    println!("== {title}");
    println!("{} {}", request.method(), request.uri());
    for (name, value) in request.headers() {
        let sensitive = if value.is_sensitive() {
            "  (marked sensitive)"
        } else {
            ""
        };
        let value = value.to_str().unwrap_or("<not ASCII>");
        println!("{name}: {value}{sensitive}");
    }
    match std::str::from_utf8(request.body()) {
        Ok("") => println!("(no body)"),
        Ok(body) => println!("{body}"),
        Err(_) => println!("({} bytes of binary body)", request.body().len()),
    }
    println!();
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The sandbox demo channel and a fixed nonce: production must keep the default random
    // nonce (`NonceSource::Random`).
    let client: Client = Client::builder(Credentials::new(
        "1234567890",
        "a917ab6a2367b536f8e5a6e2977e06f4",
    )?)
    .environment(Environment::Sandbox)
    .nonce_source(NonceSource::Fixed(Nonce::fixed(
        "44453d45-768e-40e8-8349-748e797c450f",
    )?))
    .build();

    let user_info = GetUserInfo {
        transaction_id: TransactionId::new(2021121600698709710),
    };
    print_request("userInfo", &client.prepare(&user_info)?);

    // Same message as the `check-regkey-get` conformance vector, so the signature printed
    // here is kN9t6uZzarBYLfv/01o8++JDFXi49m+UQWfx5iP2/+o=.
    let check = CheckRegKey {
        reg_key: RegKey::new("RK9A2BA1942EQTO")?,
        credit_card_auth: Some(true),
    };
    print_request("check regKey", &client.prepare(&check)?);

    // Decoding: LINE Pay answers HTTP 200 with an envelope; `info` becomes a `UserInfo`.
    let canned = http::Response::builder().status(200).body(Bytes::from_static(
        br#"{"returnCode":"0000","returnMessage":"Success.","info":{"name":"Lin Mei","email":"mei@example.com"}}"#,
    ))?;
    let info = decode_response::<GetUserInfo>(&canned)?;
    println!("== decoded userInfo\n{info:#?}");

    // A return code other than 0000 is an error carrying the code and message.
    let refused = http::Response::builder()
        .status(200)
        .body(Bytes::from_static(
            br#"{"returnCode":"1150","returnMessage":"Transaction record not found."}"#,
        ))?;
    if let Err(error) = decode_response::<GetUserInfo>(&refused) {
        println!("== decoded error\n{error}");
    }
    Ok(())
}

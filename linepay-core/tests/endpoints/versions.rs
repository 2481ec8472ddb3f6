//! One declaration for every API version: the client's version picks the path, and what a
//! version does not have (an endpoint, a field) is refused before anything is signed, whatever
//! the validation mode.

use linepay_core::api::{v3, v4};
use linepay_core::{
    Amount, ApiVersion, Client, Credentials, Currency, Endpoint, OrderId, Paths, Payload, Rule,
    TransactionId, Unchecked, Validation, linepay_endpoint,
};

fn client(version: ApiVersion) -> Client {
    Client::builder(Credentials::new("1234567890", crate::vectors::SECRET).expect("valid"))
        .api_version(version)
        .build()
}

/// A made-up endpoint in both versions, with a field that only v4 has.
#[linepay_endpoint(
    method = "POST",
    path(
        v3 = "/v3/payments/<transactionId>/note",
        v4 = "/v4/payments/<transactionId>/note"
    ),
    response = ()
)]
pub struct Note {
    pub transaction_id: TransactionId,
    pub text: String,
    #[linepay(versions(v4))]
    pub audience: Option<String>,
}

fn note(audience: Option<&str>) -> Note {
    Note {
        transaction_id: TransactionId::new(7),
        text: "hi".to_owned(),
        audience: audience.map(str::to_owned),
    }
}

#[test]
fn the_clients_version_picks_the_declared_path() {
    assert_eq!(
        Note::PATHS,
        Paths::Versions(&[
            (ApiVersion::V3, "/v3/payments/<transactionId>/note"),
            (ApiVersion::V4, "/v4/payments/<transactionId>/note"),
        ])
    );
    assert_eq!(Note::PATH, "/v3/payments/<transactionId>/note");
    for (version, path) in [
        (ApiVersion::V3, "/v3/payments/7/note"),
        (ApiVersion::V4, "/v4/payments/7/note"),
    ] {
        let request = client(version).prepare(&note(None)).expect("prepares");
        assert_eq!(request.uri().path(), path);
    }
}

#[test]
fn a_field_of_one_version_is_refused_on_the_other() {
    let error = client(ApiVersion::V3)
        .prepare(&note(Some("staff")))
        .expect_err("v3 has no audience");
    assert_eq!(error.field(), "audience");
    assert_eq!(
        error.rule(),
        &Rule::NotInVersion {
            version: ApiVersion::V3
        }
    );
    assert_eq!(
        error.to_string(),
        "invalid `audience`: is not part of API v3"
    );

    // Left out, the call is v3's as well.
    client(ApiVersion::V3)
        .prepare(&note(None))
        .expect("no v4 field set");
    // On v4 the field is sent.
    let request = client(ApiVersion::V4)
        .prepare(&note(Some("staff")))
        .expect("v4 has it");
    assert_eq!(
        request.body().as_ref(),
        br#"{"text":"hi","audience":"staff"}"#
    );
}

#[test]
fn neither_warn_only_nor_unchecked_sends_what_the_version_does_not_have() {
    let warn_only: Client =
        Client::builder(Credentials::new("1234567890", crate::vectors::SECRET).expect("valid"))
            .validation(Validation::WarnOnly)
            .build();
    let error = warn_only
        .prepare(&note(Some("staff")))
        .expect_err("a version fact, not a rule LINE Pay judges");
    assert!(matches!(error.rule(), Rule::NotInVersion { .. }), "{error}");
    let error = client(ApiVersion::V3)
        .prepare(&Unchecked(&note(Some("staff"))))
        .expect_err("the same through Unchecked");
    assert_eq!(error.field(), "audience");
}

#[test]
fn an_endpoint_of_one_version_is_refused_on_the_other() {
    let v4_request = v4::RequestPayment::new(
        OrderId::new("V4-ONLY").expect("valid"),
        Currency::Twd,
        vec![v4::Package::new(
            "p",
            vec![v4::Product::new("Tea", 1, Amount::whole(100))],
        )],
        v4::RedirectUrls::none(),
    );
    let error = client(ApiVersion::V3)
        .prepare(&v4_request)
        .expect_err("v3 has no v4 Request");
    assert_eq!(error.field(), "/v4/payments/request");
    assert_eq!(
        error.rule(),
        &Rule::NotInVersion {
            version: ApiVersion::V3
        }
    );

    let v3_request = v3::RequestPayment::new(
        OrderId::new("V3-ONLY").expect("valid"),
        Currency::Twd,
        vec![v3::Package::new(
            "p",
            vec![v3::Product::new("Tea", 1, Amount::whole(100))],
        )],
        v3::RedirectUrls::none(),
    );
    let error = client(ApiVersion::V4)
        .prepare(&v3_request)
        .expect_err("v4's Request has its own body");
    assert_eq!(
        error.rule(),
        &Rule::NotInVersion {
            version: ApiVersion::V4
        }
    );
    // Each on its own version.
    assert!(client(ApiVersion::V4).prepare(&v4_request).is_ok());
    assert!(client(ApiVersion::V3).prepare(&v3_request).is_ok());
}

#[test]
fn the_same_declaration_decodes_every_versions_path() {
    use linepay_core::IncomingRequest;

    let confirm = v3::ConfirmPayment {
        transaction_id: TransactionId::new(1),
        amount: Amount::whole(100),
        currency: Currency::Twd,
    };
    for version in [ApiVersion::V3, ApiVersion::V4] {
        let mut path = String::new();
        confirm.write_path(version, &mut path);
        let Payload::Json(body) = confirm.payload().expect("valid") else {
            panic!("a JSON body");
        };
        assert_eq!(
            v3::ConfirmPayment::decode_request(&path, &body).expect("decodes"),
            confirm,
            "{path}"
        );
    }
    // The v4 module's Confirm is the same type.
    let _: v4::ConfirmPayment = confirm;
}

/// One `path = "…"`: that literal path whatever the client's version (nothing rewrites it).
#[linepay_endpoint(method = "GET", path = "/v3/payments/<transactionId>/userInfo", response = ())]
pub struct UserInfo {
    pub transaction_id: TransactionId,
}

#[test]
fn one_path_means_that_path_on_every_version() {
    assert_eq!(
        UserInfo::PATHS,
        Paths::Any("/v3/payments/<transactionId>/userInfo")
    );
    for version in [ApiVersion::V3, ApiVersion::V4] {
        let request = client(version)
            .prepare(&UserInfo {
                transaction_id: TransactionId::new(9),
            })
            .expect("an endpoint of every version");
        assert_eq!(request.uri().path(), "/v3/payments/9/userInfo", "{version}");
    }
}

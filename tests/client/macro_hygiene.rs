//! The generated code does not trip over user names: a struct called `Body`, fields called
//! like the generated code's own locals (`path`, `payload`, `body`, `query`, `out`, `state`),
//! and a raw identifier.

use linepay::{Endpoint, IncomingRequest, Payload, linepay_endpoint};

#[linepay_endpoint(method = "POST", path = "/v3/things/<path>/<body>", response = ())]
#[derive(Debug, PartialEq)]
pub struct Body {
    pub path: String,
    pub body: u64,
    pub payload: String,
    pub query: Option<bool>,
    pub out: Vec<u32>,
    pub state: String,
    pub r#type: String,
}

#[linepay_endpoint(method = "GET", path = "/v3/things/<state>", response = ())]
#[derive(Debug, PartialEq)]
pub struct Query {
    pub state: String,
    pub path: Option<String>,
    pub out: Vec<u64>,
    #[linepay(rename = "TYPE")]
    pub kind: bool,
}

#[test]
fn a_post_named_body_with_clashing_field_names_round_trips() {
    let endpoint = Body {
        path: "a/b c".to_owned(),
        body: 7,
        payload: "p".to_owned(),
        query: None,
        out: vec![1, 2],
        state: "s".to_owned(),
        r#type: "t".to_owned(),
    };
    let mut path = String::new();
    endpoint.write_path(linepay::ApiVersion::V3, &mut path);
    assert_eq!(path, "/v3/things/a%2Fb%20c/7");
    let payload = endpoint.payload().expect("encodes");
    assert_eq!(
        payload,
        Payload::Json(r#"{"payload":"p","out":[1,2],"state":"s","type":"t"}"#.into())
    );
    assert_eq!(
        Body::decode_request(&path, payload.signed_bytes()).expect("decodes"),
        endpoint
    );
}

#[test]
fn a_get_with_clashing_field_names_and_a_rename_round_trips() {
    let endpoint = Query {
        state: "x".to_owned(),
        path: Some("p q".to_owned()),
        out: vec![3, 4],
        kind: true,
    };
    let payload = endpoint.payload().expect("encodes");
    assert_eq!(
        payload,
        Payload::Query("path=p%20q&out=3&out=4&TYPE=true".to_owned())
    );
    assert_eq!(
        Query::decode_request("/v3/things/x", payload.signed_bytes()).expect("decodes"),
        endpoint
    );
}

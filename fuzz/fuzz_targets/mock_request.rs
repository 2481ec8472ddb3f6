//! Raw HTTP/1.1 requests → linepay-mock's request handling (`SocketlessMock::handle`: the same
//! dispatch, signature check, decoding, validation, faults and ledger as a served
//! connection, without the socket).
//!
//! Input: a flags byte, then up to eight raw requests back to back (each request's body is
//! as long as its `Content-Length`), all against one fresh mock, so that a sequence can
//! request, approve through the admin API, confirm, refund… The mock's transaction ids are
//! deterministic, so the fuzzer can learn them.
//!
//! Flags: bit 0 set → each request is signed with the mock's credentials before it is
//! handled (its own `X-LINE-*` headers replaced), so inputs get past the signature check.
//!
//! Properties, besides never panicking: an API call answered with HTTP 200 decodes with the
//! client's `decode_response` for its endpoint (unless a fault was injected through the
//! admin API in this session: faults break answers on purpose).

#![no_main]

use std::sync::OnceLock;

use bytes::Bytes;
use http::header::CONTENT_LENGTH;
use http::{HeaderName, HeaderValue, Method, Request, Response, StatusCode, Uri};
use libfuzzer_sys::fuzz_target;
use linepay_core::endpoint::path::PathMatch;
use linepay_core::signing::{CHANNEL_ID_HEADER, NONCE_HEADER, SIGNATURE_HEADER, sign};
use linepay_core::{Endpoint, Error, decode_response, for_each_endpoint};
use linepay_mock::{MockConfig, Route, SocketlessMock};

const MAX_REQUESTS: usize = 8;
const MAX_HEADERS: usize = 32;

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a runtime")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, mut rest)) = data.split_first() else {
        return;
    };
    let sign_requests = flags & 1 == 1;
    runtime().block_on(async {
        let mock = SocketlessMock::new(MockConfig::default()).expect("default config");
        let credentials = mock.credentials();
        let mut faults_injected = false;
        for _ in 0..MAX_REQUESTS {
            let Some((mut request, used)) = parse(rest) else {
                break;
            };
            rest = &rest[used..];
            if request.uri().path().starts_with("/__mock/faults") {
                faults_injected = true;
            }
            if sign_requests {
                sign_with(&mut request, &credentials);
            }
            let method = request.method().clone();
            let path = request.uri().path().to_owned();
            let Some(response) = mock.handle(request).await else {
                continue;
            };
            if !faults_injected {
                check_api_answer(&method, &path, &response);
            }
        }
    });
});

/// One request from the front of `bytes`, and how many bytes it took; `None` where hyper
/// would refuse the request (it never reaches the mock's handler then).
fn parse(bytes: &[u8]) -> Option<(Request<Bytes>, usize)> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    let httparse::Status::Complete(head) = parsed.parse(bytes).ok()? else {
        return None;
    };
    let method = Method::from_bytes(parsed.method?.as_bytes()).ok()?;
    let uri: Uri = parsed.path?.parse().ok()?;
    let mut builder = Request::builder().method(method).uri(uri);
    let mut length = 0usize;
    for header in parsed.headers.iter() {
        let name = HeaderName::from_bytes(header.name.as_bytes()).ok()?;
        let value = HeaderValue::from_bytes(header.value).ok()?;
        if name == CONTENT_LENGTH {
            length = value.to_str().ok()?.trim().parse().ok()?;
        }
        builder = builder.header(name, value);
    }
    let available = bytes.len() - head;
    let length = length.min(available);
    let body = Bytes::copy_from_slice(&bytes[head..head + length]);
    Some((builder.body(body).ok()?, head + length))
}

/// Signs as a client would: the path alone, the raw query of a GET or the body otherwise.
fn sign_with(request: &mut Request<Bytes>, credentials: &linepay_core::Credentials) {
    let payload: &[u8] = if request.method() == Method::GET {
        request.uri().query().unwrap_or_default().as_bytes()
    } else {
        request.body()
    };
    let nonce = "fuzz-nonce";
    let signature = sign(
        credentials.channel_secret(),
        request.uri().path(),
        payload,
        nonce,
    );
    let headers = request.headers_mut();
    headers.insert(
        CHANNEL_ID_HEADER,
        HeaderValue::from_str(credentials.channel_id().as_str()).expect("digits"),
    );
    headers.insert(NONCE_HEADER, HeaderValue::from_static(nonce));
    headers.insert(
        SIGNATURE_HEADER,
        HeaderValue::from_str(signature.as_str()).expect("base64"),
    );
}

/// An API answer with HTTP 200 is a LINE Pay answer the client decodes, with the
/// declaration of its method and path (every declaration is asked, from the one list).
fn check_api_answer(method: &Method, path: &str, response: &Response<Bytes>) {
    let Some((route, _)) = Route::find(method, path) else {
        return;
    };
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "{route} answered {response:?}"
    );
    for_each_endpoint!(decodes_if_declared(method, path, response));
}

/// Decodes `response` with `E` when `E` declares this method and path.
fn decodes_if_declared<E: Endpoint>(method: &Method, path: &str, response: &Response<Bytes>) {
    if E::METHOD != *method || PathMatch::in_paths(&E::PATHS, path).is_err() {
        return;
    }
    match decode_response::<E>(response) {
        Ok(_) | Err(Error::Api(_)) => {}
        Err(error) => panic!(
            "the client cannot read the mock's answer to {method} {path}: {error}; body {:?}",
            String::from_utf8_lossy(response.body())
        ),
    }
}

//! Arbitrary status and body → `decode_response::<E>` for every v3 endpoint.
//!
//! Input: two bytes of status (big-endian; anything that is not a valid status code is read
//! as 200, so most inputs exercise the JSON path), then the body.

#![no_main]

use bytes::Bytes;
use http::{Response, StatusCode};
use libfuzzer_sys::fuzz_target;
use linepay_fuzz::{check_response, for_each_endpoint};

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data {
        [high, low, body @ ..] => (u16::from_be_bytes([*high, *low]), body),
        _ => (200, data),
    };
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let mut response = Response::new(Bytes::copy_from_slice(body));
    *response.status_mut() = status;
    for_each_endpoint!(check_response(&response));
});

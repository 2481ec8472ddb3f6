//! Decoding LINE Pay's answers: success, API errors, the legacy error shape, and everything
//! that is not a LINE Pay answer at all (proxy pages, empty and truncated bodies). None of
//! them may panic; each becomes the error a merchant can act on.

use bytes::Bytes;
use linepay_core::api::v3::{ConfirmPayment, PaymentDetails};
use linepay_core::{Amount, Error, ReturnCode, decode_response};

fn response(status: u16, body: &'static str) -> http::Response<Bytes> {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Bytes::from_static(body.as_bytes()))
        .expect("valid response")
}

#[test]
fn confirm_success_keeps_a_19_digit_id_given_as_a_number() {
    let info = decode_response::<ConfirmPayment>(&response(
        200,
        r#"{"returnCode":"0000","returnMessage":"Success.","info":{"orderId":"order-1","transactionId":2019049910005496810,"payInfo":[{"method":"BALANCE","amount":250}],"unknownField":{"x":1}}}"#,
    ))
    .expect("decodes");
    assert_eq!(info.transaction_id.get(), 2019049910005496810);
    assert_eq!(info.order_id.as_str(), "order-1");
    assert_eq!(info.pay_info[0].amount, Amount::whole(250));
}

#[test]
fn confirm_success_keeps_a_19_digit_id_given_as_a_string() {
    let info = decode_response::<ConfirmPayment>(&response(
        200,
        r#"{"returnCode":"0000","returnMessage":"Success.","info":{"orderId":"order-1","transactionId":"2019049910005496810"}}"#,
    ))
    .expect("decodes");
    assert_eq!(info.transaction_id.get(), 2019049910005496810);
}

#[test]
fn payment_details_is_a_list_with_negative_refunds() {
    let details = decode_response::<PaymentDetails>(&response(
        200,
        r#"{"returnCode":"0000","returnMessage":"Success.","info":[{"transactionId":2019049910005496810,"payStatus":"CAPTURE","refundList":[{"refundTransactionId":2019049910005496811,"transactionType":"PARTIAL_REFUND","refundAmount":-20,"refundTransactionDate":"2019-04-10T04:02:43Z"}]}]}"#,
    ))
    .expect("decodes");
    assert_eq!(details.len(), 1);
    assert_eq!(details[0].refund_list[0].refund_amount, Amount::whole(-20));
    assert_eq!(
        details[0].refund_list[0].refund_transaction_id.get(),
        2019049910005496811
    );
}

#[test]
fn an_error_code_is_an_api_error() {
    let error = decode_response::<ConfirmPayment>(&response(
        200,
        r#"{"returnCode":"1172","returnMessage":"Existing same orderId."}"#,
    ))
    .expect_err("1172 is an error");
    let Error::Api(api) = &error else {
        panic!("expected Error::Api, got {error:?}")
    };
    assert_eq!(api.code(), &ReturnCode::OrderIdAlreadyUsed);
    assert_eq!(api.message(), "Existing same orderId.");
}

#[test]
fn an_unknown_code_is_kept_verbatim() {
    let error = decode_response::<ConfirmPayment>(&response(
        200,
        r#"{"returnCode":"4321","returnMessage":"Something new."}"#,
    ))
    .expect_err("4321 is an error");
    assert_eq!(
        error.return_code(),
        Some(&ReturnCode::Other("4321".to_owned()))
    );
}

#[test]
fn the_legacy_error_shape_is_read() {
    let error = decode_response::<ConfirmPayment>(&response(
        200,
        r#"{"resultCode":1104,"statusMessage":"Merchant not found."}"#,
    ))
    .expect_err("1104 is an error");
    assert_eq!(error.return_code(), Some(&ReturnCode::MerchantNotFound));
    assert!(error.to_string().contains("Merchant not found."));
}

#[test]
fn an_html_502_page_is_an_http_error_with_a_snippet() {
    let error = decode_response::<ConfirmPayment>(&response(
        502,
        "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
    ))
    .expect_err("a proxy page is not a LINE Pay answer");
    let Error::Http { status, snippet } = &error else {
        panic!("expected Error::Http, got {error:?}")
    };
    assert_eq!(*status, 502);
    assert!(snippet.starts_with("<html><head><title>502 Bad Gateway"));
}

#[test]
fn an_html_page_with_status_200_is_an_http_error() {
    let error = decode_response::<ConfirmPayment>(&response(200, "<html>maintenance</html>"))
        .expect_err("not JSON");
    assert!(matches!(error, Error::Http { status, .. } if status == 200));
}

#[test]
fn an_empty_body_is_an_http_error() {
    let error = decode_response::<ConfirmPayment>(&response(200, "")).expect_err("empty");
    assert!(matches!(error, Error::Http { ref snippet, .. } if snippet.is_empty()));
}

#[test]
fn a_truncated_body_is_a_decode_error_with_a_snippet() {
    let error = decode_response::<ConfirmPayment>(&response(
        200,
        r#"{"returnCode":"0000","returnMessage":"Success.","info":{"orderId":"order-1","transac"#,
    ))
    .expect_err("truncated");
    let Error::Decode(decode) = &error else {
        panic!("expected Error::Decode, got {error:?}")
    };
    assert!(decode.snippet().starts_with(r#"{"returnCode":"0000""#));
}

#[test]
fn a_success_with_a_broken_info_is_a_decode_error() {
    let error = decode_response::<ConfirmPayment>(&response(
        200,
        r#"{"returnCode":"0000","returnMessage":"Success.","info":{"orderId":"order-1","transactionId":2.0196e18}}"#,
    ))
    .expect_err("a float id must not be rounded into a wrong id");
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
}

#[test]
fn a_long_body_is_cut_to_a_short_snippet() {
    let page: &'static str = Box::leak("x".repeat(10_000).into_boxed_str());
    let error = decode_response::<ConfirmPayment>(&response(503, page)).expect_err("503");
    let Error::Http { snippet, .. } = &error else {
        panic!("expected Error::Http")
    };
    assert!(snippet.len() <= 200);
}

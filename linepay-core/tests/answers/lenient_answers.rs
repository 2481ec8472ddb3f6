//! Answers in the shapes LINE Pay and the fixtures of other SDKs actually use, read as what
//! they mean: `null` for an empty list or a missing object, one object where Payment Details
//! has a list, a package carrying both names of its fee. Each arrives after money moved, so
//! refusing it would leave the merchant unable to read a payment that happened.

use bytes::Bytes;
use linepay_core::api::{v3, v4};
use linepay_core::{Amount, Endpoint, decode_response};

const ID: u64 = 2019049910005496810;

fn answer<E: Endpoint>(info: &str) -> Result<E::Response, linepay_core::Error> {
    let body = format!(r#"{{"returnCode":"0000","returnMessage":"Success.","info":{info}}}"#);
    decode_response::<E>(&http::Response::new(Bytes::from(body)))
}

#[test]
fn null_lists_in_a_confirm_answer_are_empty() {
    let info = format!(
        r#"{{"orderId":"O1","transactionId":{ID},"payInfo":null,"packages":null,
            "merchantReference":null,"shipping":null,"regKey":null,"authorizationExpireDate":null}}"#
    );
    let confirmed = answer::<v3::ConfirmPayment>(&info).expect("v3 reads nulls");
    assert_eq!(confirmed.transaction_id.get(), ID);
    assert!(confirmed.pay_info.is_empty() && confirmed.packages.is_empty());
    assert_eq!(confirmed.merchant_reference, None);

    let confirmed = answer::<v4::ConfirmPayment>(&info).expect("v4 reads nulls");
    assert!(confirmed.pay_info.is_empty());
    assert_eq!(confirmed.payment_provider, None);
}

#[test]
fn null_lists_in_payment_details_are_empty() {
    let info = format!(
        r#"[{{"transactionId":{ID},"payInfo":null,"refundList":null,"packages":null,"events":null,
             "shipping":null,"payStatus":null,"paymentProvider":null}}]"#
    );
    let details = answer::<v3::PaymentDetails>(&info).expect("v3 reads nulls");
    assert_eq!(details.len(), 1);
    let detail = &details[0];
    assert!(detail.pay_info.is_empty() && detail.refund_list.is_empty());
    assert!(detail.packages.is_empty() && detail.events.is_empty());
    assert_eq!(detail.refunded_total(), Some(Amount::whole(0)));

    let details = answer::<v4::PaymentDetails>(&info).expect("v4 reads nulls");
    assert!(details[0].refund_list.is_empty());
}

#[test]
fn null_lists_inside_the_parts_of_an_answer_are_empty() {
    let info = format!(
        r#"[{{"transactionId":{ID},
             "packages":[{{"id":"p1","amount":100,"products":null,"name":null,"userFee":null}}],
             "refundList":[{{"refundTransactionId":{refund},"refundAmount":-20,"transactionType":null,"refundTransactionDate":null}}]}}]"#,
        refund = ID + 1
    );
    let details = answer::<v3::PaymentDetails>(&info).expect("reads");
    assert!(details[0].packages[0].products.is_empty());
    assert_eq!(details[0].refund_list[0].refund_amount, Amount::whole(-20));

    let reference = answer::<v3::ConfirmPayment>(&format!(
        r#"{{"orderId":"O1","transactionId":{ID},"merchantReference":{{"affiliateCards":null}}}}"#
    ))
    .expect("reads");
    assert!(
        reference
            .merchant_reference
            .expect("present")
            .affiliate_cards
            .is_empty()
    );
    let cards = answer::<v3::ConfirmPayment>(&format!(
        r#"{{"orderId":"O1","transactionId":{ID},"merchantReference":{{"affiliateCards":[{{"cardType":null,"cardId":"/AB12+CD"}}]}}}}"#
    ))
    .expect("reads");
    assert_eq!(
        cards.merchant_reference.expect("present").affiliate_cards[0].card_id,
        "/AB12+CD"
    );
}

#[test]
fn payment_details_info_null_or_absent_is_an_empty_list() {
    for body in [
        r#"{"returnCode":"0000","returnMessage":"Success.","info":null}"#,
        r#"{"returnCode":"0000","returnMessage":"Success."}"#,
        r#"{"returnCode":"0000","info":[]}"#,
    ] {
        let response = http::Response::new(Bytes::from_static(body.as_bytes()));
        assert_eq!(
            decode_response::<v3::PaymentDetails>(&response).expect(body),
            vec![]
        );
        assert!(
            decode_response::<v4::PaymentDetails>(&response)
                .expect(body)
                .is_empty()
        );
    }
}

#[test]
fn payment_details_info_as_one_object_is_a_list_of_one() {
    let details = answer::<v3::PaymentDetails>(&format!(r#"{{"transactionId":{ID},"n2":123}}"#))
        .expect("one object");
    assert_eq!(details.len(), 1);
    assert_eq!(details[0].transaction_id.get(), ID);
    let details = answer::<v4::PaymentDetails>(&format!(
        r#"{{"transactionId":"{ID}","paymentProvider":"EPI"}}"#
    ))
    .expect("one object");
    assert_eq!(
        details[0].payment_provider.clone().unwrap_or_default(),
        v4::PaymentProvider::Epi
    );
    // Still not anything at all: a number is no payment.
    assert!(answer::<v3::PaymentDetails>("123").is_err());
}

#[test]
fn a_package_with_both_fee_names_is_read() {
    let info = format!(
        r#"{{"orderId":"O1","transactionId":{ID},
            "packages":[{{"id":"p1","amount":130,"userFee":30,"userFeeAmount":30,"products":[]}}]}}"#
    );
    let confirmed = answer::<v3::ConfirmPayment>(&info).expect("both names");
    assert_eq!(confirmed.packages[0].user_fee, Some(Amount::whole(30)));
    for (members, fee) in [
        (r#""userFeeAmount":30"#, Some(30)),
        (r#""userFee":30"#, Some(30)),
        (r#""userFee":null,"userFeeAmount":30"#, Some(30)),
        (r#""userFee":30,"userFeeAmount":null"#, Some(30)),
        (r#""userFee":null"#, None),
    ] {
        let package: v3::Package =
            serde_json::from_str(&format!(r#"{{"id":"p1","amount":100,{members}}}"#))
                .expect(members);
        assert_eq!(package.user_fee, fee.map(Amount::whole), "{members}");
    }
    // Written back under the request's name only.
    let package: v3::Package =
        serde_json::from_str(r#"{"id":"p1","amount":100,"userFeeAmount":30}"#).expect("reads");
    assert_eq!(
        serde_json::to_string(&package).expect("writes"),
        r#"{"id":"p1","amount":100,"userFee":30,"products":[]}"#
    );
}

#[test]
fn answers_without_their_dates_are_read() {
    let refund = answer::<v3::RefundPayment>(&format!(
        r#"{{"refundTransactionId":{refund},"refundTransactionDate":null}}"#,
        refund = ID + 1
    ))
    .expect("a refund without a date happened all the same");
    assert_eq!(refund.refund_transaction_id.get(), ID + 1);
    assert_eq!(refund.refund_transaction_date, "");
    let paid = answer::<v3::PayPreapproved>(&format!(r#"{{"transactionId":{ID}}}"#))
        .expect("a payment without a date happened all the same");
    assert_eq!(paid.transaction_id.get(), ID);
}

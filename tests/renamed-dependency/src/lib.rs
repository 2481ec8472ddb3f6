//! A crate that depends on linepay-core under another name (`payments_core`) and declares an
//! endpoint with `crate = "payments_core"`. It compiling at all is most of the test.
#![forbid(unsafe_code)]

use payments_core::{TransactionId, linepay_endpoint};

/// What the endpoint returns.
#[derive(serde::Deserialize)]
pub struct Nothing {}

/// An endpoint declared through the renamed dependency.
#[linepay_endpoint(
    crate = "payments_core",
    method = "POST",
    path = "/v3/payments/<transactionId>/refund",
    response = Nothing
)]
#[derive(Debug, PartialEq)]
pub struct Refund {
    /// The payment to refund.
    pub transaction_id: TransactionId,
    /// The amount to refund; `None` refunds everything.
    pub refund_amount: Option<payments_core::Amount>,
}

#[cfg(test)]
mod tests {
    use payments_core::{Amount, Endpoint, IncomingRequest, Payload};

    use super::*;

    #[test]
    fn renamed_dependency_encodes_and_decodes() {
        let refund = Refund {
            transaction_id: TransactionId::new(2019049910005496810),
            refund_amount: Some(Amount::whole(20)),
        };
        let payload = refund.payload().expect("encodes");
        assert_eq!(payload, Payload::Json(r#"{"refundAmount":20}"#.into()));
        let mut path = String::new();
        refund.write_path(payments_core::ApiVersion::V3, &mut path);
        let decoded = Refund::decode_request(&path, payload.signed_bytes()).expect("decodes");
        assert_eq!(decoded, refund);
    }
}

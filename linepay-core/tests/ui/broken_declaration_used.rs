//! A declaration with a mistake, used as a real one would be: `prepare`, `send`, `decode`,
//! `decode_request`. The mistake is the only error; its uses add none.
use linepay_core::api::v3::ConfirmInfo;
use linepay_core::{Client, Credentials, Error, IncomingRequest, TransactionId, Transport, linepay_endpoint};

// The placeholder says `transactionID`; the field's camelCase name is `transactionId`.
#[linepay_endpoint(
    method = "POST",
    path = "/v3/payments/<transactionID>/confirm",
    response = ConfirmInfo
)]
pub struct Confirm {
    pub transaction_id: TransactionId,
}

// Never called (this client has no transport); the body type-checks for every transport.
#[allow(dead_code)]
async fn confirm<T: Transport>(client: &Client<T>, call: &Confirm) -> Result<ConfirmInfo, Error<T::Error>> {
    client.send(call).await
}

fn main() {
    let client: Client = Client::builder(Credentials::new("1234567890", "secret").unwrap()).build();
    let call = Confirm { transaction_id: TransactionId::new(1) };
    let _request = client.prepare(&call);
    let answer = http::Response::new(bytes::Bytes::new());
    let _info: Result<ConfirmInfo, _> = client.decode::<Confirm>(&answer);
    let _served = Confirm::decode_request("/v3/payments/1/confirm", b"{}");
}

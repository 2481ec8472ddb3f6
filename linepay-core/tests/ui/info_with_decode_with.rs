use linepay_core::{EnvelopeRef, Error, TransactionId, linepay_endpoint};

fn whole(_: EnvelopeRef<'_>) -> Result<Vec<u8>, Error> {
    Ok(Vec::new())
}

#[linepay_endpoint(
    method = "GET",
    path = "/v3/payments/<transactionId>/list",
    response = Vec<u8>,
    info = Vec<u8>,
    decode_with = whole
)]
pub struct List {
    pub transaction_id: TransactionId,
}

fn main() {}

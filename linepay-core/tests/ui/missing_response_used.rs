//! Without `response`, the stand-in impl answers `()`: a use that does not name the response
//! type adds no error to the missing argument's.
use linepay_core::{Client, Credentials, TransactionId, linepay_endpoint};

#[linepay_endpoint(method = "POST", path = "/v3/payments/<transactionId>/void")]
pub struct Void {
    pub transaction_id: TransactionId,
}

fn main() {
    let client: Client = Client::builder(Credentials::new("1234567890", "secret").unwrap()).build();
    let _request = client.prepare(&Void { transaction_id: TransactionId::new(1) });
}

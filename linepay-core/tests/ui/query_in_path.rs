use linepay_core::{TransactionId, linepay_endpoint};

#[linepay_endpoint(method = "GET", path = "/v3/payments?transactionId=<transactionId>", response = ())]
pub struct PaymentDetails {
    pub transaction_id: TransactionId,
}

fn main() {}

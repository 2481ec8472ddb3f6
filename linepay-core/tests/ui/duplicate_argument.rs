use linepay_core::{TransactionId, linepay_endpoint};

#[linepay_endpoint(
    method = "POST",
    path = "/v3/payments/<transactionId>/confirm",
    response = (),
    method = "POST"
)]
pub struct ConfirmPayment {
    pub transaction_id: TransactionId,
}

fn main() {}

use linepay_core::{TransactionId, linepay_endpoint};

#[linepay_endpoint(
    method = "POST",
    path = "/v3/payments/authorizations/<transactionId>/void",
    response = (),
    resend_on = ["1900", 1902, "1999"]
)]
pub struct VoidPayment {
    pub transaction_id: TransactionId,
}

fn main() {}

use linepay_core::{TransactionId, linepay_endpoint};

// `transaction_id` insists on a `<transactionId>` placeholder, which the path lacks.
#[linepay_endpoint(method = "POST", path = "/v3/payments/confirm", response = ())]
pub struct ConfirmPayment {
    #[linepay(path)]
    pub transaction_id: TransactionId,
}

fn main() {}

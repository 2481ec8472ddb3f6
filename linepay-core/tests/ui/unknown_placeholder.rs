use linepay_core::{TransactionId, linepay_endpoint};

// The placeholder says `transactionID`; the field's camelCase name is `transactionId`.
#[linepay_endpoint(method = "POST", path = "/v3/payments/<transactionID>/confirm", response = ())]
pub struct ConfirmPayment {
    pub transaction_id: TransactionId,
}

fn main() {}

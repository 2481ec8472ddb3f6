use linepay_core::{TransactionId, linepay_endpoint};

/// Missing `#[derive(serde::Deserialize)]`.
pub struct ConfirmInfo {
    pub transaction_id: TransactionId,
}

#[linepay_endpoint(method = "POST", path = "/v3/payments/<transactionId>/confirm", response = ConfirmInfo)]
pub struct ConfirmPayment {
    pub transaction_id: TransactionId,
}

fn main() {}

use linepay_core::{TransactionId, linepay_endpoint};

#[linepay_endpoint(
    method = "POST",
    path(v3 = "/v3/payments/<transactionId>/void", v5 = "/v5/payments/<transactionId>/void"),
    response = ()
)]
pub struct Void {
    pub transaction_id: TransactionId,
}

#[linepay_endpoint(method = "GET", path = "/v3/payments", response = ())]
pub struct Details {
    #[linepay(versions(v2))]
    pub fields: Option<String>,
}

fn main() {}

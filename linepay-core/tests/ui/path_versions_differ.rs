use linepay_core::{TransactionId, linepay_endpoint};

// One struct fills every version's path: the placeholders must be the same.
#[linepay_endpoint(
    method = "POST",
    path(
        v3 = "/v3/payments/<transactionId>/confirm",
        v4 = "/v4/payments/<orderId>/confirm"
    ),
    response = ()
)]
pub struct Confirm {
    pub transaction_id: TransactionId,
}

fn main() {}

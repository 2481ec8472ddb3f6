use linepay_core::{TransactionId, linepay_endpoint};

// A body field needs a name: it is the JSON member.
#[linepay_endpoint(method = "POST", path = "/v3/payments/confirm", response = ())]
pub struct ConfirmPayment(pub TransactionId);

fn main() {}

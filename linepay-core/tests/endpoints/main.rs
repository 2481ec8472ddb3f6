//! Each endpoint through the public door: the bodies and queries it sends, the answers it
//! reads, the rules it checks before sending, and `Client::send` with its retries over a
//! transport that records what reaches it.

#[path = "../support/vectors.rs"]
mod vectors;
#[path = "../support/warnings.rs"]
mod warnings;

mod api_offline;
mod api_payments_lifecycle;
mod api_preapproved;
mod api_request;
mod counter_recovery;
mod retry;
mod send;
mod versions;

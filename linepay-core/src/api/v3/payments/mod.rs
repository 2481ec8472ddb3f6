//! Payments: request, confirm, capture, void, refund, and read their state.
//!
//! One file per endpoint, each holding the endpoint and what it returns.

mod capture;
mod confirm;
mod details;
mod refund;
mod request;
mod status;
mod void;

pub use capture::*;
pub use confirm::*;
pub use details::*;
pub use refund::*;
pub use request::*;
pub use status::*;
pub use void::*;

//! linepay-mock over real TCP on 127.0.0.1: signatures, the payment life cycle, the payment
//! page, faults, the clock, malformed input, the admin API and its token.

mod admin;
mod admin_token;
mod ambiguous;
mod auth;
mod clock;
mod common;
mod console;
mod counter;
mod faults;
mod flow;
mod request_log;
mod robustness;

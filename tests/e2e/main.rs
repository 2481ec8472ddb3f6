//! End-to-end tests: the `linepay` facade with its production transport
//! (`linepay::HyperTransport`, hyper + rustls) against a local `linepay-mock` on 127.0.0.1,
//! used the way a merchant uses them.
//!
//! The mock's own tests drive it through a bare `TcpStream` transport; these go through the
//! public `linepay::Client`, so they also check what hyper-util's pool, timeouts and error
//! classification do with the mock's answers and faults.
//!
//! - [`flows`]: every endpoint, in the payment's life and the pre-approved life.
//! - [`errors`]: every error the mock produces, as the typed error a merchant matches on,
//!   and the exact acceptance point of the signature.
//! - [`transport`]: connection reuse, read timeouts (recommended, overridden, firing),
//!   a closed port, an unreachable listener, size limits, and what transport errors say
//!   (and do not say).
//! - [`approval_page`]: the payment page used as a browser would, and the SERVER and NONE
//!   confirm URL types.
//! - [`robustness`]: a barrage of malformed requests over raw TCP, then a normal call.

mod approval_page;
mod counter;
mod errors;
mod flows;
mod robustness;
mod support;
mod transport;

//! The examples run as a user would: each compiled binary in its own process, offline,
//! against the linepay-mock it starts. The binaries are not built by this test: a plain
//! `cargo test` builds them first; `cargo test --test example_runs` does not, so run
//! `cargo build --examples` before it (the tests fail with that advice otherwise).

#[path = "../../linepay-core/tests/support/vectors.rs"]
mod vectors;

mod binaries;
mod offline_flows;
mod sign;

//! Every mistake in a `#[linepay_endpoint]` declaration is one compile error pointing at the
//! culprit; `tests/ui/*.stderr` pins each message and span. (Here, not with the facade: the
//! cases then build against linepay-core alone, no transport, no TLS, no mock.)

#[test]
fn macro_errors() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}

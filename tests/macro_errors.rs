//! Every mistake in a `#[linepay_endpoint]` declaration is one compile error pointing at the
//! culprit; `tests/ui/*.stderr` pins each message and span.

#[test]
fn macro_errors() {
    trybuild::TestCases::new().compile_fail("tests/ui/*.rs");
}

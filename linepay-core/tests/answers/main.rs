//! Reading LINE Pay's answers: every documented shape and the corpus of recorded ones, the
//! lenient shapes (nulls, one object for a list), numbers whatever serde_json's features, and
//! two properties of every answer type. `tests/serde-features` runs this binary once more
//! with serde_json's `arbitrary_precision`, `float_roundtrip` and `preserve_order` on.

mod answer_properties;
mod api_responses;
mod conformance_responses;
mod lenient_answers;
mod numbers;
mod responses;

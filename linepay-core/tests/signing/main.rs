//! Signing: LINE Pay's signature vectors, a transcript of every endpoint (insta snapshots in
//! `snapshots/`), encode → decode round trips.

#[path = "../support/vectors.rs"]
mod vectors;

mod roundtrip;
mod signatures;
mod transcripts;

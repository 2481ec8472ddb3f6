//! Pre-approved payments (being written).

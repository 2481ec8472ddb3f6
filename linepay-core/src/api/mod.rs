//! The LINE Pay APIs, one module per version, one file per resource.

pub mod v3;

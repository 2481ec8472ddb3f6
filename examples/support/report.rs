//! Printing an error and its causes, as every example does when it fails.

use std::error::Error;

/// Everything that can go wrong, with its causes; `Send + Sync` so that the shop's handlers
/// can use it too.
pub type BoxError = Box<dyn Error + Send + Sync>;

/// The error on stderr, then each of its causes.
pub fn report(error: &(dyn Error + 'static)) {
    eprintln!("error: {error}");
    let mut cause = error.source();
    while let Some(error) = cause {
        eprintln!("  caused by: {error}");
        cause = error.source();
    }
}

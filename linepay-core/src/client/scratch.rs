//! Per-thread scratch buffers for [`Client::prepare`](super::Client::prepare).
//!
//! The endpoint writes its payload and path here first, because their lengths are known only
//! once written; the request's one buffer is then allocated at its exact size and filled by
//! copying. The buffers keep their capacity between calls, so a steady stream of requests
//! allocates nothing here. They hold request bodies and paths only, never the channel secret.

use std::cell::RefCell;

/// A scratch grown past this (an unusually large request) is released after use.
const MAX_RETAINED: usize = 64 * 1024;

/// Where one request's payload and path are written before being copied into the request.
#[derive(Default)]
pub(super) struct Scratch {
    pub(super) payload: Vec<u8>,
    pub(super) path: String,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// Runs `f` on the thread's emptied scratch, or on fresh buffers when it is unavailable (the
/// thread is exiting, or `f` re-entered through a `Serialize` impl that prepares a request).
pub(super) fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    let mut f = Some(f);
    let result = SCRATCH.try_with(|cell| {
        let mut scratch = cell.try_borrow_mut().ok()?;
        scratch.payload.clear();
        scratch.path.clear();
        let result = f.take()?(&mut scratch);
        if scratch.payload.capacity() > MAX_RETAINED {
            scratch.payload = Vec::new();
        }
        if scratch.path.capacity() > MAX_RETAINED {
            scratch.path = String::new();
        }
        Some(result)
    });
    match (result, f) {
        (Ok(Some(result)), _) => result,
        (_, Some(f)) => f(&mut Scratch::default()),
        (_, None) => unreachable!("`f` ran and returned"),
    }
}

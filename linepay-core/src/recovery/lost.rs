//! What recovery keeps of a call whose answer was lost: its landing window, whether LINE Pay
//! said `0000`, and why the answer was lost; serializable, so it survives a restart.

use std::error::Error as StdError;
use std::fmt::Write as _;
use std::sync::Arc;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use super::window::LandingWindow;

/// A call whose answer was lost, as recovery remembers it.
///
/// Serializes with serde (`window`, `successUnread`, `cause`): keep it beside the order, and
/// a new process can ask again with the `recheck_*` functions. The live error
/// ([`LostAnswer::error`]) is not serialized; its text ([`LostAnswer::cause`]) is.
///
/// ```
/// # use linepay_core::recovery::LostAnswer;
/// # fn show(lost: &LostAnswer) {
/// println!("sent at {:?}, may land until {:?}: {}", lost.window().sent_at(), lost.window().closes_at(), lost.cause());
/// # }
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LostAnswer {
    window: LandingWindow,
    success_unread: bool,
    cause: String,
    #[serde(skip)]
    error: Option<Arc<dyn StdError + Send + Sync>>,
}

impl LostAnswer {
    /// Remembers `error`, which ended a call whose effect is unknown.
    pub(crate) fn new<E>(window: LandingWindow, error: E) -> Self
    where
        E: StdError + Send + Sync + 'static,
    {
        Self {
            window,
            success_unread: false,
            cause: chain(&error),
            error: Some(Arc::new(error)),
        }
    }

    /// Marks the answer as LINE Pay's `0000`: the call took effect.
    pub(crate) fn success_unread(mut self) -> Self {
        self.success_unread = true;
        self
    }

    /// Until when the call may still land.
    pub fn window(&self) -> &LandingWindow {
        &self.window
    }

    /// Whether the call may still land at `now`.
    pub(crate) fn may_land_at(&self, now: SystemTime) -> bool {
        self.window.is_open_at(now)
    }

    /// Whether LINE Pay answered `0000` in an answer that could not be read: the call took
    /// effect, and only its details are missing.
    pub fn is_success_unread(&self) -> bool {
        self.success_unread
    }

    /// Why the answer was lost: the error and its sources, as text (kept across a restart).
    pub fn cause(&self) -> &str {
        &self.cause
    }

    /// The error itself, in the process that saw it (`None` after deserializing). Downcast
    /// it to `linepay_core::Error<YourTransportError>` to match on it.
    pub fn error(&self) -> Option<&(dyn StdError + Send + Sync + 'static)> {
        self.error.as_deref()
    }
}

/// Two records are equal when everything that is serialized is.
impl PartialEq for LostAnswer {
    fn eq(&self, other: &Self) -> bool {
        self.window == other.window
            && self.success_unread == other.success_unread
            && self.cause == other.cause
    }
}

impl Eq for LostAnswer {}

/// `error: source: source…`.
fn chain(error: &(dyn StdError + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(next) = source {
        let _ = write!(text, ": {next}");
        source = next.source();
    }
    text
}

//! The `tracing` warnings a piece of code emits: what a request is sent with when it breaks a
//! rule LINE Pay does not refuse, or when the client-side checks are waived.

use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::subscriber::Interest;
use tracing::{Event, Level, Metadata, Subscriber};

/// One warning: its `field` and `rule` fields and its message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Warning {
    pub field: String,
    pub rule: String,
    pub message: String,
}

/// Runs `f` and returns what it returned with the warnings it emitted on this thread.
pub fn warnings<R>(f: impl FnOnce() -> R) -> (R, Vec<Warning>) {
    let collector = Collector::default();
    let result = tracing::subscriber::with_default(collector.clone(), f);
    let warnings = collector.warnings.lock().expect("not poisoned").clone();
    (result, warnings)
}

#[derive(Clone, Default)]
struct Collector {
    warnings: Arc<Mutex<Vec<Warning>>>,
}

impl Visit for Warning {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.record_debug(field, &format_args!("{value}"));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let text = format!("{value:?}");
        match field.name() {
            "field" => self.field = text,
            "rule" => self.rule = text,
            "message" => self.message = text,
            _ => {}
        }
    }
}

impl Subscriber for Collector {
    fn register_callsite(&self, _: &'static Metadata<'static>) -> Interest {
        // Asked per call: tests on other threads have other subscribers, or none.
        Interest::sometimes()
    }

    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        *metadata.level() <= Level::WARN
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        if *event.metadata().level() == Level::WARN {
            let mut warning = Warning::default();
            event.record(&mut warning);
            self.warnings.lock().expect("not poisoned").push(warning);
        }
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

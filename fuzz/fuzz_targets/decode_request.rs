//! Arbitrary path and payload → `IncomingRequest::decode_request` for all ten endpoints,
//! and encode → decode identity for whatever decodes.
//!
//! Input: a mode byte, then text up to the first `\n`, then the payload (the JSON body of a
//! POST or the raw query of a GET).
//!
//! - mode even: the text is the path, as received;
//! - mode odd: the text fills the placeholders of template `(mode / 2) % 10`, so that most
//!   inputs reach the body and query decoders instead of stopping at the path.

#![no_main]

use libfuzzer_sys::fuzz_target;
use linepay_fuzz::{TEMPLATES, check_request, for_each_endpoint};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let split = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    let (text, payload) = (&rest[..split], rest.get(split + 1..).unwrap_or_default());
    let text = String::from_utf8_lossy(text);
    let path = if mode % 2 == 0 {
        text.into_owned()
    } else {
        fill(TEMPLATES[usize::from(mode / 2) % TEMPLATES.len()], &text)
    };
    for_each_endpoint!(check_request(&path, payload));
});

/// `template` with every `<name>` replaced by `value`.
fn fill(template: &str, value: &str) -> String {
    template
        .split('/')
        .map(|segment| {
            if segment.starts_with('<') && segment.ends_with('>') {
                value
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

//! Signature debugger for LINE Pay `returnCode 1106` ("Header information error").
//!
//! Computes `X-LINE-Authorization` for one request from the raw inputs, exactly as linepay
//! signs it: `Base64(HMAC-SHA256(key = secret, message = secret + path + payload + nonce))`,
//! where the payload is the JSON body of a POST or the query string (without `?`) of a GET.
//! Compare its output with the header your own code sends; `--explain` shows the signed
//! message part by part and flags the classic mistakes (host in the path, leading `?`,
//! reformatted JSON, non-UTF-8 text).
//!
//! ```text
//! cargo run -q --example sign -- --secret S --path P --nonce N --body B     # POST
//! cargo run -q --example sign -- --secret S --path P --nonce N --query Q    # GET, Q without `?`
//! cargo run -q --example sign -- --secret S --path P --nonce N              # empty payload
//! cargo run -q --example sign -- ... --explain                              # show the working
//! cargo run -q --example sign -- ... --explain --show-secret                # ... with the secret
//! ```
//!
//! `--explain` masks the secret (`<secret a9…f4>`, with its real length) unless
//! `--show-secret` is given, so its output can be pasted into a support ticket. The secret
//! may also come from the environment (`LINEPAY_CHANNEL_SECRET`, as for the other examples),
//! which keeps it out of the shell history.
//!
//! Without `--explain` stdout is the 44-character signature alone. Usage errors print
//! `error: ...` (one line) and the usage line on stderr and exit with code 2.

use std::fmt::Write as _;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Parser};
use linepay::ChannelSecret;
use linepay::signing::{Signature, sign};

const USAGE: &str =
    "usage: sign --secret S --path P --nonce N [--body B | --query Q] [--explain [--show-secret]]";

/// The command line, as clap reads it.
#[derive(Debug, Parser)]
#[command(
    name = "sign",
    override_usage = "sign --secret S --path P --nonce N [--body B | --query Q] [--explain [--show-secret]]",
    help_template = "usage: {usage}\n{about}\n\nOptions:\n{options}{after-help}",
    after_help = "Neither --body nor --query: the empty payload (a GET without query, or a POST \
                  without body).",
    about = "Prints the X-LINE-Authorization signature for one LINE Pay request:\n  \
             Base64(HMAC-SHA256(key = secret, message = secret + path + payload + nonce))"
)]
struct Cli {
    /// The channel secret
    #[arg(
        long,
        value_name = "S",
        env = "LINEPAY_CHANNEL_SECRET",
        hide_env_values = true
    )]
    secret: String,
    /// The path signed: from `/v3/` on, without host or query
    #[arg(long, value_name = "P")]
    path: String,
    /// The nonce, as sent in X-LINE-Authorization-Nonce
    #[arg(long, value_name = "N")]
    nonce: String,
    /// POST: the raw JSON body, byte for byte as sent
    #[arg(long, value_name = "B", conflicts_with = "query")]
    body: Option<String>,
    /// GET: the query string, without the leading `?`
    #[arg(long, value_name = "Q")]
    query: Option<String>,
    /// Also print the signed message, part by part, and warnings
    #[arg(long, action = ArgAction::SetTrue)]
    explain: bool,
    /// With --explain: show the secret instead of masking it
    #[arg(long, action = ArgAction::SetTrue)]
    show_secret: bool,
}

/// What is signed after the path.
#[derive(Debug, PartialEq, Eq)]
enum Payload {
    /// Neither `--body` nor `--query`: a GET without query or a bodiless POST.
    Empty,
    /// `--body`: the raw JSON body of a POST.
    Body(String),
    /// `--query`: the query string of a GET, as given (it should have no `?`).
    Query(String),
}

impl Payload {
    fn text(&self) -> &str {
        match self {
            Payload::Empty => "",
            Payload::Body(text) | Payload::Query(text) => text,
        }
    }
}

/// The parsed command line.
#[derive(Debug, PartialEq, Eq)]
struct Args {
    secret: String,
    path: String,
    nonce: String,
    payload: Payload,
    explain: bool,
    /// `--explain` prints the secret itself only when asked: its output gets pasted into
    /// support tickets.
    show_secret: bool,
}

impl From<Cli> for Args {
    fn from(cli: Cli) -> Self {
        let payload = match (cli.body, cli.query) {
            (Some(body), _) => Payload::Body(body),
            (None, Some(query)) => Payload::Query(query),
            (None, None) => Payload::Empty,
        };
        Args {
            secret: cli.secret,
            path: cli.path,
            nonce: cli.nonce,
            payload,
            explain: cli.explain,
            show_secret: cli.show_secret,
        }
    }
}

/// A usage error on one line (clap's first line, or a shorter wording where clap spreads it
/// over several), without the `error: ` prefix.
fn one_line(error: &clap::Error) -> String {
    match error.kind() {
        ErrorKind::MissingRequiredArgument => {
            let missing = match error.get(ContextKind::InvalidArg) {
                Some(ContextValue::Strings(args)) => args.as_slice(),
                _ => &[],
            };
            let plural = if missing.len() > 1 { "s" } else { "" };
            let missing: Vec<String> = missing.iter().map(|arg| format!("`{arg}`")).collect();
            format!("missing required flag{plural} {}", missing.join(", "))
        }
        // clap reports a flag given twice as a conflict too.
        ErrorKind::ArgumentConflict
            if first_line(error).contains("--body") && first_line(error).contains("--query") =>
        {
            format!(
                "{}: a POST signs its body, a GET its query string",
                first_line(error)
            )
        }
        ErrorKind::InvalidUtf8 => {
            "an argument is not valid UTF-8 (LINE Pay signs UTF-8 text)".to_owned()
        }
        _ => first_line(error),
    }
}

fn first_line(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    let line = rendered.lines().next().unwrap_or_default();
    line.strip_prefix("error: ").unwrap_or(line).to_owned()
}

/// The signature, through the library's own `sign`.
fn signature(args: &Args) -> Result<Signature, String> {
    let secret = ChannelSecret::new(args.secret.as_str()).map_err(|e| e.to_string())?;
    Ok(sign(
        &secret,
        &args.path,
        args.payload.text().as_bytes(),
        &args.nonce,
    ))
}

/// The `--explain` report: method, signed message, its parts, then warnings and notes.
fn explain(args: &Args) -> String {
    let (method, payload_label) = match &args.payload {
        Payload::Body(_) => ("POST (payload = the request body)", "body"),
        Payload::Query(_) => ("GET (payload = the query string)", "query"),
        Payload::Empty => (
            "GET without query, or POST without body (payload = the empty string)",
            "payload",
        ),
    };
    let masked;
    let secret = if args.show_secret {
        args.secret.as_str()
    } else {
        masked = mask(&args.secret);
        masked.as_str()
    };
    let parts = [
        ("secret", secret),
        ("path", args.path.as_str()),
        (payload_label, args.payload.text()),
        ("nonce", args.nonce.as_str()),
    ];
    let message: String = parts.iter().map(|(_, text)| *text).collect();
    let message_len = args.secret.len() + message.len() - secret.len();

    let mut out = String::new();
    let _ = writeln!(out, "method:  {method}");
    let _ = writeln!(
        out,
        "formula: Base64(HMAC-SHA256(key = secret, message = secret + path + {payload_label} + nonce))"
    );
    let _ = writeln!(out, "message: {}", visible(&message));
    for (label, text) in parts {
        // The secret's own length, also when it is shown masked.
        let len = if label == "secret" {
            args.secret.len()
        } else {
            text.len()
        };
        let _ = writeln!(
            out,
            "  {:<8} {:>4} bytes  {}",
            format!("{label}:"),
            len,
            bracketed(text)
        );
    }

    let _ = writeln!(
        out,
        "  {:<8} {:>4} bytes  (UTF-8, signed in this order)",
        "total:", message_len
    );
    for line in diagnose(args) {
        let _ = writeln!(out, "{line}");
    }
    out
}

/// Warnings (`warning:`) for classic mistakes and notes (`note:`), detected from the inputs.
fn diagnose(args: &Args) -> Vec<String> {
    let mut lines = Vec::new();
    let mut warn = |text: String| lines.push(format!("warning: {text}"));

    let path = args.path.as_str();
    let without_scheme = path
        .strip_prefix("https://")
        .or_else(|| path.strip_prefix("http://"));
    // The path as it should be signed: no scheme, no host, starting with `/`.
    let bare = match without_scheme {
        Some(rest) => rest
            .find('/')
            .map_or("/".to_owned(), |i| rest[i..].to_owned()),
        None if path.starts_with('/') => path.to_owned(),
        None => match path.split_once('/') {
            Some((host, rest)) if host.contains('.') => format!("/{rest}"),
            _ => format!("/{path}"),
        },
    };
    let (bare, query_in_path) = match bare.split_once('?') {
        Some((bare, query)) => (bare.to_owned(), Some(query.to_owned())),
        None => (bare, None),
    };
    if without_scheme.is_some() {
        warn(format!(
            "path contains a host: sign the path alone, such as `{bare}`"
        ));
    } else if !path.starts_with('/') {
        warn(format!(
            "path does not start with `/`: sign the path from `/v3/` on, without host, such as `{bare}`"
        ));
    }
    if let Some(query) = query_in_path {
        warn(format!(
            "path contains `?`: the path is signed without its query; use `--path {bare} --query {query}`"
        ));
    }
    // (A secret with surrounding whitespace is refused before this: `ChannelSecret::new`.)
    if args.nonce.trim() != args.nonce {
        warn("nonce has leading/trailing whitespace (copy-paste?): it is signed as is".into());
    }
    if linepay::Nonce::fixed(&args.nonce).is_err() {
        warn("nonce is not 1 to 128 visible ASCII characters: it cannot be sent as the X-LINE-Authorization-Nonce header as is".into());
    }

    match &args.payload {
        Payload::Query(query) => {
            if let Some(rest) = query.strip_prefix('?') {
                warn(format!(
                    "query starts with `?`: the signed query string excludes it; use `--query {rest}`"
                ));
            }
            if query.chars().any(|c| c == ' ' || !c.is_ascii()) {
                warn("query has spaces or non-ASCII characters: percent-encode it once, and sign exactly the string sent after `?`".into());
            }
        }
        Payload::Body(body) => {
            if let Some(offset) = whitespace_outside_strings(body) {
                warn(format!(
                    "body JSON has whitespace outside strings (first at byte {offset}, e.g. after `:` or `,`): \
                     the signed body must be byte-identical to the sent one; serialize once and send those bytes"
                ));
            }
            if !body.is_ascii() {
                lines.push(format!(
                    "note: body has non-ASCII characters: signed as UTF-8 ({} characters, {} bytes); \
                     send the same UTF-8 bytes (a \\u-escaped body must be signed \\u-escaped)",
                    body.chars().count(),
                    body.len()
                ));
            }
            if body.is_empty() {
                lines.push("note: empty --body is the same as no payload".into());
            }
        }
        Payload::Empty => lines.push(
            "note: empty payload, message = secret + path + nonce; if your client sends `{}` \
             for a bodiless POST, sign `--body '{}'` instead"
                .into(),
        ),
    }
    lines
}

/// Byte offset of the first whitespace outside JSON strings, if any.
fn whitespace_outside_strings(json: &str) -> Option<usize> {
    let mut in_string = false;
    let mut escaped = false;
    for (offset, c) in json.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if c.is_whitespace() {
            return Some(offset);
        }
    }
    None
}

/// `text` on one line: control characters escaped, everything else as is.
fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A part of the message between brackets, so that leading/trailing spaces and the empty
/// string are visible.
/// The secret as `--explain` shows it unless `--show-secret` is given: its length and its
/// first and last two characters, enough to tell two secrets apart.
fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    let shown: String = if chars.len() >= 12 {
        let (head, tail) = (&chars[..2], &chars[chars.len() - 2..]);
        format!(
            "{}…{}",
            head.iter().collect::<String>(),
            tail.iter().collect::<String>()
        )
    } else {
        "…".to_owned()
    };
    format!("<secret {shown}>")
}

fn bracketed(text: &str) -> String {
    format!("[{}]", visible(text))
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args = match Cli::try_parse() {
        Ok(cli) => Args::from(cli),
        Err(error) if error.kind() == ErrorKind::DisplayHelp => {
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        Err(error) => return usage_error(&one_line(&error)),
    };
    let signature = match signature(&args) {
        Ok(signature) => signature,
        Err(message) => return usage_error(&message),
    };
    println!("{signature}");
    if args.explain {
        print!("{}", explain(&args));
    }
    ExitCode::SUCCESS
}

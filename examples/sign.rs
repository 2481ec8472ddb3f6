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
//! cargo run -q --example sign -- ... --explain --received SIG               # why SIG is wrong
//! ```
//!
//! With `--received`, the signature your code sent, `--explain` also names the mistake that
//! reproduces it (the host or `?query` signed with the path, hex instead of Base64, JSON
//! reformatted, the query reordered or re-encoded…), as linepay-mock's console does.
//!
//! `--explain` masks the secret (`<secret a9…f4>`, with its real length) unless
//! `--show-secret` is given, so its output can be pasted into a support ticket. The secret
//! may also come from the environment (`LINEPAY_CHANNEL_SECRET`, as for the other examples),
//! which keeps it out of the shell history.
//!
//! Without `--explain` stdout is the 44-character signature alone. Usage errors print
//! `error: ...` (one line) and the usage line on stderr and exit with code 2.

use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgAction, Parser};
use linepay::ChannelSecret;
use linepay::signing::explain::{self, PayloadKind, SignedMessage};
use linepay::signing::{Signature, sign};

const USAGE: &str = "usage: sign --secret S --path P --nonce N [--body B | --query Q] [--explain [--show-secret] [--received SIG]]";

/// The command line, as clap reads it.
#[derive(Debug, Parser)]
#[command(
    name = "sign",
    override_usage = "sign --secret S --path P --nonce N [--body B | --query Q] [--explain [--show-secret] [--received SIG]]",
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
    /// With --explain: the signature your code sent, to name the likely mistake
    #[arg(long, value_name = "SIG", requires = "explain")]
    received: Option<String>,
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
    /// The signature the user's code sent, compared with the right one.
    received: Option<String>,
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
            received: cli.received,
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

/// The `--explain` report, from linepay's explanation module (the same one linepay-mock's
/// console shows for a `1106`): method, signed message, its parts, the likely cause of a
/// mismatch with `--received`, then warnings and notes.
fn explain(args: &Args) -> Result<String, String> {
    let secret = ChannelSecret::new(args.secret.as_str()).map_err(|e| e.to_string())?;
    let kind = match args.payload {
        Payload::Body(_) => PayloadKind::Body,
        Payload::Query(_) => PayloadKind::Query,
        Payload::Empty => PayloadKind::Empty,
    };
    let message = SignedMessage::new(
        &args.path,
        args.payload.text().as_bytes(),
        kind,
        &args.nonce,
    );
    let mut explanation = explain::explain(&secret, &message, args.received.as_deref());
    if args.show_secret {
        explanation.show_secret(&args.secret);
    }
    Ok(explanation.to_string())
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
        match explain(&args) {
            Ok(report) => print!("{report}"),
            Err(message) => return usage_error(&message),
        }
    }
    ExitCode::SUCCESS
}

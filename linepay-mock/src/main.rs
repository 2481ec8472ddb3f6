//! `linepay-mock`: run a local LINE Pay until Ctrl-C.
//!
//! ```text
//! linepay-mock [--listen 127.0.0.1:8787] [--channel-id 1234567890] [--channel-secret S]
//! ```
#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::process::ExitCode;

use linepay_mock::{MockConfig, MockServer};

const USAGE: &str = "\
linepay-mock: a local LINE Pay (Online API v3) for tests and offline demos

Usage: linepay-mock [OPTIONS]

Options:
  --listen ADDR           address to listen on [default: 127.0.0.1:8787]
  --channel-id ID         the channel id to accept, digits [default: 1234567890]
  --channel-secret S      the secret signatures are checked with [default: linepay-mock-secret]
  -h, --help              print this help

The admin API under /__mock/ needs no signature: keep the mock on a loopback address.";

/// What the command line asked for.
#[derive(Debug, PartialEq, Eq)]
enum Command {
    Run(MockConfig),
    Help,
}

/// Parses the arguments (without the program name); `--name value` or `--name=value`.
fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut config = MockConfig {
        listen: SocketAddr::from(([127, 0, 0, 1], 8787)),
        ..MockConfig::default()
    };
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                (name.to_owned(), Some(value.to_owned()))
            }
            _ => (arg, None),
        };
        if name == "-h" || name == "--help" {
            return Ok(Command::Help);
        }
        if !matches!(
            name.as_str(),
            "--listen" | "--channel-id" | "--channel-secret"
        ) {
            return Err(format!("unknown argument `{name}`"));
        }
        let value = match inline.or_else(|| args.next()) {
            Some(value) => value,
            None => return Err(format!("`{name}` needs a value")),
        };
        match name.as_str() {
            "--listen" => {
                config.listen = value.parse().map_err(|_| {
                    format!("`--listen {value}`: expected an address such as 127.0.0.1:8787")
                })?;
            }
            "--channel-id" => {
                if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(format!("`--channel-id {value}`: expected digits"));
                }
                config.channel_id = value;
            }
            _ => {
                if value.is_empty() {
                    return Err("`--channel-secret` must not be empty".to_owned());
                }
                config.channel_secret = value;
            }
        }
    }
    Ok(Command::Run(config))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let config = match parse(std::env::args().skip(1)) {
        Ok(Command::Run(config)) => config,
        Ok(Command::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("linepay-mock: {error}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mock = match MockServer::start_with(config).await {
        Ok(mock) => mock,
        Err(error) => {
            eprintln!("linepay-mock: cannot start: {error}");
            return ExitCode::FAILURE;
        }
    };
    let base = mock.base_url();
    println!("linepay-mock is listening on {base}");
    println!();
    println!("  API base URL    {base}   (Environment::custom(\"{base}\"))");
    println!("  channel id      {}", mock.channel_id());
    // The mock's secret is a test value; printed because the user needs it to sign.
    println!(
        "  channel secret  {}   (a mock secret, not a real one)",
        mock.channel_secret()
    );
    println!("  payments        {base}/");
    println!("  admin API       {base}/__mock/ledger, {base}/__mock/stats");
    if !mock.local_addr().ip().is_loopback() {
        println!();
        println!(
            "  warning: the admin API needs no signature; anyone who can reach this address can use it"
        );
    }
    println!();
    println!("Press Ctrl-C to stop.");
    let stopped = tokio::signal::ctrl_c().await;
    mock.shutdown().await;
    match stopped {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("linepay-mock: cannot wait for Ctrl-C: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|arg| (*arg).to_owned()).collect()
    }

    #[test]
    fn defaults_and_options() {
        let Ok(Command::Run(config)) = parse(args(&[])) else {
            panic!("no arguments run the mock")
        };
        assert_eq!(config.listen.to_string(), "127.0.0.1:8787");
        assert_eq!(config.channel_id, "1234567890");
        let Ok(Command::Run(config)) = parse(args(&[
            "--listen",
            "127.0.0.1:0",
            "--channel-id=42",
            "--channel-secret",
            "S",
        ])) else {
            panic!("valid arguments")
        };
        assert_eq!(config.listen.to_string(), "127.0.0.1:0");
        assert_eq!(config.channel_id, "42");
        assert_eq!(config.channel_secret, "S");
    }

    #[test]
    fn help_and_errors() {
        assert_eq!(parse(args(&["--help"])), Ok(Command::Help));
        assert_eq!(parse(args(&["-h"])), Ok(Command::Help));
        assert!(parse(args(&["--listen"])).is_err());
        assert!(parse(args(&["--listen", "nowhere"])).is_err());
        assert!(parse(args(&["--channel-id", "abc"])).is_err());
        assert!(parse(args(&["--channel-secret="])).is_err());
        assert!(parse(args(&["--verbose"])).is_err());
    }
}

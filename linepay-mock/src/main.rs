//! `linepay-mock`: run a local LINE Pay until Ctrl-C.
//!
//! ```text
//! linepay-mock [--listen 127.0.0.1:8787] [--channel-id 1234567890] [--channel-secret S]
//!              [--admin-token TOKEN]
//! ```
//!
//! Every option may also come from the environment (`LINEPAY_MOCK_LISTEN`,
//! `LINEPAY_MOCK_CHANNEL_ID`, `LINEPAY_MOCK_CHANNEL_SECRET`, `LINEPAY_MOCK_ADMIN_TOKEN`).
#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::process::ExitCode;

use clap::Parser;
use linepay_mock::{
    AdminToken, DEFAULT_CHANNEL_ID, DEFAULT_CHANNEL_SECRET, MockConfig, MockServer,
};

/// The rule of the admin API, at the end of `--help`.
const ADMIN_HELP: &str = "\
The admin API under /__mock/ (approve or cancel payments, read the ledger, inject faults, move
the clock) needs no signature. On a loopback address (127.0.0.1, ::1) it is open unless an
admin token is set. On any other address (such as 0.0.0.0) an admin token is required, or the
mock refuses to start: set --admin-token or LINEPAY_MOCK_ADMIN_TOKEN, and send it with every
admin call as `Authorization: Bearer <token>` or `X-Mock-Admin-Token: <token>`. The LINE Pay
API (signed) and the customer's payment pages need no token.";

/// A local LINE Pay (Online API v3 and v4, Offline API v4) for tests and offline demos.
#[derive(Debug, Parser)]
#[command(name = "linepay-mock", version, after_help = ADMIN_HELP)]
struct Cli {
    /// The address to listen on; one that is not loopback needs --admin-token
    #[arg(
        long,
        env = "LINEPAY_MOCK_LISTEN",
        value_name = "ADDR",
        default_value = "127.0.0.1:8787",
        value_parser = listen_address
    )]
    listen: SocketAddr,
    /// The channel id to accept (digits)
    #[arg(
        long,
        env = "LINEPAY_MOCK_CHANNEL_ID",
        value_name = "ID",
        default_value = DEFAULT_CHANNEL_ID,
        value_parser = channel_id
    )]
    channel_id: String,
    /// The secret signatures are checked with (not empty)
    #[arg(
        long,
        env = "LINEPAY_MOCK_CHANNEL_SECRET",
        value_name = "SECRET",
        default_value = DEFAULT_CHANNEL_SECRET,
        hide_env_values = true,
        value_parser = channel_secret
    )]
    channel_secret: String,
    /// The token every admin call (/__mock/) must carry; required on an address that is not
    /// loopback
    #[arg(
        long,
        env = "LINEPAY_MOCK_ADMIN_TOKEN",
        value_name = "TOKEN",
        hide_env_values = true,
        value_parser = admin_token
    )]
    admin_token: Option<String>,
    /// How many API calls the request log keeps (GET /__mock/requests); 0 keeps none
    #[arg(
        long,
        env = "LINEPAY_MOCK_REQUEST_LOG",
        value_name = "N",
        default_value_t = 200
    )]
    request_log: usize,
}

impl Cli {
    /// The mock's configuration.
    fn config(self) -> MockConfig {
        MockConfig {
            listen: self.listen,
            channel_id: self.channel_id,
            channel_secret: self.channel_secret,
            admin_token: self.admin_token.map(AdminToken::new),
            request_log: self.request_log,
            ..MockConfig::default()
        }
    }
}

fn listen_address(value: &str) -> Result<SocketAddr, String> {
    value
        .parse()
        .map_err(|_| "expected an address such as 127.0.0.1:8787".to_owned())
}

fn channel_id(value: &str) -> Result<String, String> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err("expected digits".to_owned());
    }
    Ok(value.to_owned())
}

fn channel_secret(value: &str) -> Result<String, String> {
    if value.is_empty() {
        return Err("must not be empty".to_owned());
    }
    Ok(value.to_owned())
}

fn admin_token(value: &str) -> Result<String, String> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(
            "expected visible ASCII characters (no spaces), to be sent in a header".to_owned(),
        );
    }
    Ok(value.to_owned())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    // A usage error exits with status 2, --help and --version with 0.
    let cli = Cli::parse();
    let guarded = cli.admin_token.is_some();
    let mock = match MockServer::start_with(cli.config()).await {
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
    if guarded {
        // The token itself is not printed: whoever started the mock has it.
        println!("                  (send the admin token: `Authorization: Bearer <token>`)");
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
    use clap::error::ErrorKind;

    use super::*;

    fn parse(args: &[&str]) -> Result<MockConfig, clap::Error> {
        Cli::try_parse_from(std::iter::once("linepay-mock").chain(args.iter().copied()))
            .map(Cli::config)
    }

    #[test]
    fn defaults_and_options() {
        let config = parse(&[]).expect("no arguments run the mock");
        assert_eq!(config.listen.to_string(), "127.0.0.1:8787");
        assert_eq!(config.channel_id, "1234567890");
        assert_eq!(config.channel_secret, "linepay-mock-secret");
        assert_eq!(config.admin_token, None);
        let config = parse(&[
            "--listen",
            "127.0.0.1:0",
            "--channel-id=42",
            "--channel-secret",
            "S",
            "--admin-token",
            "t0ken",
        ])
        .expect("valid arguments");
        assert_eq!(config.listen.to_string(), "127.0.0.1:0");
        assert_eq!(config.channel_id, "42");
        assert_eq!(config.channel_secret, "S");
        assert_eq!(config.admin_token, Some(AdminToken::new("t0ken")));
        assert!(!format!("{config:?}").contains("t0ken"));
    }

    #[test]
    fn help_and_errors() {
        for help in ["--help", "-h"] {
            let error = parse(&[help]).expect_err("help is not a run");
            assert_eq!(error.kind(), ErrorKind::DisplayHelp);
            assert_eq!(error.exit_code(), 0);
        }
        let help = parse(&["--help"]).unwrap_err().to_string();
        assert!(help.contains("--admin-token <TOKEN>"), "{help}");
        assert!(help.contains("LINEPAY_MOCK_ADMIN_TOKEN"), "{help}");
        assert!(help.contains("refuses to start"), "{help}");
        let usage_errors: [&[&str]; 7] = [
            &["--listen"],
            &["--listen", "nowhere"],
            &["--channel-id", "abc"],
            &["--channel-secret="],
            &["--admin-token", ""],
            &["--admin-token", "two words"],
            &["--verbose"],
        ];
        for args in usage_errors {
            let error = parse(args).expect_err("a usage error");
            assert_eq!(error.exit_code(), 2, "{args:?}");
        }
        let error = parse(&["--listen", "nowhere"]).unwrap_err().to_string();
        assert!(error.contains("127.0.0.1:8787"), "{error}");
    }

    #[test]
    fn the_command_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}

//! Runs the compiled `sign` example (examples/sign.rs) as a user would, and checks that it
//! reproduces the LINE Pay signature vectors and handles bad command lines.
//!
//! The example binary is not built by this test. A plain `cargo test` builds the examples
//! first; `cargo test --test example_runs` and `cargo nextest run --test example_runs` do not,
//! so run `cargo build --examples` before them (the tests fail with that advice when the
//! binary is missing or older than the sources).

use std::process::{Command, Output};

use crate::binaries::example_binary;
use crate::vectors::{EXTRA_VECTORS, LINE_PAY_VECTORS, NONCE, SECRET, Vector};

const USAGE: &str = "usage: sign --secret S --path P --nonce N [--body B | --query Q] [--explain [--show-secret] [--received SIG]]";

fn run(args: &[&str]) -> Output {
    Command::new(example_binary("sign"))
        .args(args)
        // `--secret` may come from there; these tests give it on the command line.
        .env_remove("LINEPAY_CHANNEL_SECRET")
        .output()
        .expect("the `sign` example runs")
}

fn stdout(output: &Output) -> &str {
    std::str::from_utf8(&output.stdout).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> &str {
    std::str::from_utf8(&output.stderr).expect("stderr is UTF-8")
}

/// The command line for a vector: POST → `--body`, GET → `--query`, empty payload → neither.
fn vector_args(vector: &Vector) -> Vec<&'static str> {
    let mut args = vec![
        "--secret",
        vector.secret,
        "--path",
        vector.path,
        "--nonce",
        vector.nonce,
    ];
    if !vector.payload.is_empty() {
        match vector.method {
            "POST" => args.extend(["--body", vector.payload]),
            "GET" => args.extend(["--query", vector.payload]),
            other => panic!("{}: unexpected method {other}", vector.name),
        }
    }
    args
}

fn assert_reproduces(vector: &Vector) {
    let output = run(&vector_args(vector));
    assert!(
        output.status.success(),
        "{}: exit {:?}, stderr {}",
        vector.name,
        output.status,
        stderr(&output)
    );
    assert_eq!(
        stdout(&output),
        format!("{}\n", vector.signature),
        "{}",
        vector.name
    );
    assert_eq!(stderr(&output), "", "{}", vector.name);
}

/// A usage error: exit code 2, stdout empty, stderr `error: ...` then the usage line.
fn assert_usage_error(args: &[&str], expected_fragment: &str) {
    let output = run(args);
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    assert_eq!(stdout(&output), "", "{args:?}");
    let lines: Vec<&str> = stderr(&output).lines().collect();
    assert_eq!(lines.len(), 2, "{args:?}: {lines:?}");
    assert!(lines[0].starts_with("error: "), "{args:?}: {lines:?}");
    assert!(
        lines[0].contains(expected_fragment),
        "{args:?}: {:?} should mention {expected_fragment:?}",
        lines[0]
    );
    assert_eq!(lines[1], USAGE, "{args:?}");
}

#[test]
fn reproduces_every_line_pay_vector() {
    for vector in &LINE_PAY_VECTORS {
        assert_reproduces(vector);
    }
}

#[test]
fn reproduces_independently_computed_vectors() {
    for vector in &EXTRA_VECTORS {
        assert_reproduces(vector);
    }
}

#[test]
fn empty_body_and_empty_query_sign_like_no_payload() {
    let vector = &LINE_PAY_VECTORS[2]; // void-empty-body
    let mut with_body = vector_args(vector);
    with_body.extend(["--body", ""]);
    assert_reproduces_args(&with_body, vector.signature);
    let vector = &LINE_PAY_VECTORS[5]; // check-status-get-no-query
    let mut with_query = vector_args(vector);
    with_query.extend(["--query", ""]);
    assert_reproduces_args(&with_query, vector.signature);
}

fn assert_reproduces_args(args: &[&str], signature: &str) {
    let output = run(args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    assert_eq!(stdout(&output), format!("{signature}\n"), "{args:?}");
}

#[test]
fn explain_shows_the_signed_message_and_its_parts() {
    let vector = &LINE_PAY_VECTORS[1]; // confirm
    let mut args = vector_args(vector);
    args.extend(["--explain", "--show-secret"]);
    let output = run(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(vector.signature), "signature first");
    let message = format!(
        "{}{}{}{}",
        vector.secret, vector.path, vector.payload, vector.nonce
    );
    assert!(text.contains(&format!("message: {message}\n")), "{text}");
    assert!(text.contains("method:  POST"), "{text}");
    assert!(
        text.contains(&format!("{} bytes  [{}]", vector.path.len(), vector.path)),
        "{text}"
    );
    assert!(text.contains(&format!("[{}]", vector.payload)), "{text}");
    assert!(
        !text.contains("warning:"),
        "a correct input has no warnings: {text}"
    );
}

#[test]
fn explain_masks_the_secret_unless_asked() {
    let vector = &LINE_PAY_VECTORS[1]; // confirm
    let mut args = vector_args(vector);
    args.push("--explain");
    let output = run(&args);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with(vector.signature),
        "the signature is the same: {text}"
    );
    assert!(!text.contains(vector.secret), "secret printed: {text}");
    let secret_chars: Vec<char> = vector.secret.chars().collect();
    let masked = format!(
        "<secret {}{}…{}{}>",
        secret_chars[0],
        secret_chars[1],
        secret_chars[secret_chars.len() - 2],
        secret_chars[secret_chars.len() - 1]
    );
    assert!(
        text.contains(&format!("{} bytes  [{masked}]", vector.secret.len())),
        "{text}"
    );
    let message_len =
        vector.secret.len() + vector.path.len() + vector.payload.len() + vector.nonce.len();
    assert!(
        text.contains(&format!("{message_len} bytes  (UTF-8")),
        "{text}"
    );
}

#[test]
fn explain_warns_about_classic_mistakes() {
    let output = run(&[
        "--secret",
        SECRET,
        "--path",
        "https://sandbox-api-pay.line.me/v3/payments",
        "--nonce",
        NONCE,
        "--query",
        "?transactionId=2021121600698709710",
        "--explain",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("warning: path contains a host"), "{text}");
    assert!(text.contains("`/v3/payments`"), "{text}");
    assert!(text.contains("warning: query starts with `?`"), "{text}");

    let output = run(&[
        "--secret",
        SECRET,
        "--path",
        "/v3/payments?orderId=1",
        "--nonce",
        NONCE,
        "--explain",
    ]);
    let text = stdout(&output);
    assert!(text.contains("warning: path contains `?`"), "{text}");

    let output = run(&[
        "--secret",
        SECRET,
        "--path",
        "v3/payments/request",
        "--nonce",
        NONCE,
        "--body",
        "{\"amount\": 250,\n \"productName\": \"สินค้า\"}",
        "--explain",
    ]);
    let text = stdout(&output);
    assert!(
        text.contains("warning: path does not start with `/`"),
        "{text}"
    );
    assert!(text.contains("byte-identical"), "{text}");
    assert!(text.contains("UTF-8"), "{text}");
    // The message stays on one line: the newline in the body is shown escaped.
    assert!(text.contains("{\"amount\": 250,\\n"), "{text}");
}

#[test]
fn spaces_inside_json_strings_are_not_flagged() {
    let output = run(&[
        "--secret",
        SECRET,
        "--path",
        "/v3/payments/request",
        "--nonce",
        NONCE,
        "--body",
        r#"{"productName":"a: b, c \" d"}"#,
        "--explain",
    ]);
    let text = stdout(&output);
    assert!(!text.contains("warning:"), "{text}");
}

#[test]
fn usage_errors_exit_2_with_one_error_line() {
    let base = [
        "--secret",
        SECRET,
        "--path",
        "/v3/payments",
        "--nonce",
        NONCE,
    ];
    let with = |extra: &[&'static str]| -> Vec<&'static str> {
        base.iter().chain(extra).copied().collect()
    };
    assert_usage_error(&with(&["--bogus"]), "--bogus");
    assert_usage_error(&with(&["stray"]), "stray");
    assert_usage_error(&with(&["--body"]), "--body");
    assert_usage_error(&with(&["--path", "/v3/x"]), "--path");
    assert_usage_error(&with(&["--explain", "--explain"]), "--explain");
    assert_usage_error(&with(&["--show-secret", "--show-secret"]), "--show-secret");
    assert_usage_error(&with(&["--body", "{}", "--query", "a=1"]), "--query");
    assert_usage_error(&["--secret", SECRET, "--path", "/v3/payments"], "--nonce");
    assert_usage_error(&["--path", "/v3/payments", "--nonce", NONCE], "--secret");
    assert_usage_error(&["--secret", SECRET, "--nonce", NONCE], "--path");
    assert_usage_error(&["--secret", "--path", "/v3/payments"], "--secret");
    assert_usage_error(&[], "missing");
    assert_usage_error(
        &["--secret", "", "--path", "/v3/payments", "--nonce", NONCE],
        "channelSecret",
    );
}

#[test]
fn the_secret_may_come_from_the_environment() {
    let vector = &LINE_PAY_VECTORS[1]; // confirm
    let args: Vec<&str> = vector_args(vector)
        .into_iter()
        .skip(2) // `--secret S`
        .chain(["--explain"])
        .collect();
    let output = Command::new(example_binary("sign"))
        .args(&args)
        .env("LINEPAY_CHANNEL_SECRET", vector.secret)
        .output()
        .expect("the `sign` example runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with(vector.signature), "{text}");
    assert!(!text.contains(vector.secret), "secret printed: {text}");
    // The flag wins over the environment.
    let output = Command::new(example_binary("sign"))
        .args(vector_args(vector))
        .env("LINEPAY_CHANNEL_SECRET", "another-secret")
        .output()
        .expect("the `sign` example runs");
    assert_eq!(stdout(&output), format!("{}\n", vector.signature));
    // Its value is not shown in the help.
    let output = Command::new(example_binary("sign"))
        .arg("--help")
        .env("LINEPAY_CHANNEL_SECRET", "hidden-secret")
        .output()
        .expect("the `sign` example runs");
    assert!(stdout(&output).contains("LINEPAY_CHANNEL_SECRET"));
    assert!(!stdout(&output).contains("hidden-secret"));
}

#[test]
fn help_prints_usage_and_exits_0() {
    let output = run(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).starts_with(USAGE), "{}", stdout(&output));
    assert_eq!(stderr(&output), "");
}

#[test]
fn explain_names_the_mistake_behind_a_received_signature() {
    // The signature a client makes when it signs the path with the query attached.
    let wrong = linepay::signing::sign(
        &linepay::ChannelSecret::new(SECRET).expect("valid"),
        "/v3/payments?orderId=A1",
        b"",
        "44453d45-768e-40e8-8349-748e797c450f",
    );
    let output = run(&[
        "--secret",
        SECRET,
        "--path",
        "/v3/payments",
        "--nonce",
        "44453d45-768e-40e8-8349-748e797c450f",
        "--query",
        "orderId=A1",
        "--explain",
        "--received",
        wrong.as_str(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains(&format!("received: {wrong}")), "{text}");
    assert!(
        text.contains("likely cause: the query was signed as part of the path"),
        "{text}"
    );
    // --received needs --explain.
    assert_usage_error(
        &[
            "--secret",
            SECRET,
            "--path",
            "/v3/payments",
            "--nonce",
            "n",
            "--received",
            "x",
        ],
        "--explain",
    );
}

//! Runs the compiled `checkout`, `pos`, `web_shop`, `custom_transport` and `blocking` examples as a
//! user would: offline, against the linepay-mock each starts in its own process.
//!
//! The example binaries are not built by this test: run `cargo build --examples` before
//! `cargo test --test example_runs` (a plain `cargo test` builds them). The LINE Pay sandbox
//! credentials are removed from the children's environment, so these tests never leave
//! 127.0.0.1 even on a machine where they are set.

use std::io::Read;
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::binaries::example_binary;
use linepay_mock::DEFAULT_CHANNEL_SECRET;

/// Generous: each run takes well under a second, but CI machines can be slow and busy.
const TIMEOUT: Duration = Duration::from_secs(120);

/// What a finished example left behind.
struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

/// Runs example `name` with `args` and no LINE Pay credentials; kills it after [`TIMEOUT`].
fn run(name: &str, args: &[&str]) -> Run {
    run_typing(name, args, None)
}

/// [`run`], with `typed` on the child's standard input (then closed).
fn run_typing(name: &str, args: &[&str], typed: Option<&str>) -> Run {
    let mut child = Command::new(example_binary(name))
        .args(args)
        // Without credentials the examples use linepay-mock, never the real sandbox.
        .env_remove("LINEPAY_CHANNEL_ID")
        .env_remove("LINEPAY_CHANNEL_SECRET")
        .stdin(if typed.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("the `{name}` example starts: {error}"));
    if let (Some(text), Some(mut stdin)) = (typed, child.stdin.take()) {
        std::io::Write::write_all(&mut stdin, text.as_bytes()).expect("the child reads stdin");
    }
    // Drained while the child runs, so that a chatty child never blocks on a full pipe.
    let stdout = drain(child.stdout.take().expect("stdout is piped"));
    let stderr = drain(child.stderr.take().expect("stderr is piped"));
    let deadline = Instant::now() + TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "`{name} {}` did not finish within {TIMEOUT:?}; stdout so far:\n{}",
                args.join(" "),
                stdout.join().unwrap_or_default()
            );
        }
        thread::sleep(Duration::from_millis(20));
    };
    Run {
        status,
        stdout: stdout.join().expect("stdout is read"),
        stderr: stderr.join().expect("stderr is read"),
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut text = String::new();
        pipe.read_to_string(&mut text).expect("the output is UTF-8");
        text
    })
}

/// The first whole word of 19 ASCII digits: a LINE Pay transaction id.
fn transaction_id(text: &str) -> Option<&str> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|word| word.len() == 19)
}

#[test]
fn checkout_walks_the_whole_flow_offline() {
    let run = run("checkout", &[]);
    let out = &run.stdout;
    assert!(
        run.status.success(),
        "exit {:?}\nstdout:\n{out}\nstderr:\n{}",
        run.status,
        run.stderr
    );
    // One line per step, in order, each answer with LINE Pay's success code.
    let labels: Vec<&str> = out
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    let steps = ["request", "approve", "confirm", "refund", "details"];
    let mut found = labels.iter().filter(|label| steps.contains(label));
    for step in steps {
        assert_eq!(found.next(), Some(&step), "steps out of order:\n{out}");
    }
    for step in ["request", "confirm", "refund", "details"] {
        let line = out.lines().find(|line| line.starts_with(step)).unwrap();
        assert!(line.contains("0000 Success"), "{line}");
    }
    let id = transaction_id(out).unwrap_or_else(|| panic!("no 19-digit transaction id:\n{out}"));
    assert!(
        out.lines()
            .any(|line| line.starts_with("confirm") && line.contains(id)),
        "the confirmed transaction is the requested one ({id}):\n{out}"
    );
    assert!(
        out.contains("-60 TWD"),
        "the refund list shows the refund negative:\n{out}"
    );
    assert!(out.contains("remaining 190 TWD"), "{out}");
    for text in [out, &run.stderr] {
        assert!(
            !text.contains(DEFAULT_CHANNEL_SECRET),
            "the channel secret was printed:\n{text}"
        );
    }
}

#[test]
fn pos_sells_prints_a_receipt_and_refunds_offline() {
    let run = run("pos", &[]);
    let out = &run.stdout;
    assert!(
        run.status.success(),
        "exit {:?}\n{out}\n{}",
        run.status,
        run.stderr
    );
    // The receipt: the basket, the total, how it was paid, LINE Pay's 19-digit id.
    for line in [
        "| 2 x Latte ",
        "120 TWD |",
        "| TOTAL ",
        "165 TWD |",
        "paid by BALANCE",
    ] {
        assert!(out.contains(line), "{line:?} missing:\n{out}");
    }
    let id = transaction_id(out).unwrap_or_else(|| panic!("no transaction id:\n{out}"));
    assert!(out.contains(&format!("| LINE Pay {id}")), "{out}");
    assert!(
        out.lines()
            .any(|line| line.starts_with("check:") && line.ends_with("COMPLETE")),
        "{out}"
    );
    assert!(
        out.lines().any(|line| line.starts_with("refund: 45 TWD")),
        "{out}"
    );
    // The box is straight: every line of the receipt has the same width.
    let widths: Vec<usize> = out
        .lines()
        .filter(|line| line.starts_with('|') || line.starts_with('+'))
        .map(|line| line.chars().count())
        .collect();
    assert!(
        widths.len() >= 9 && widths.iter().all(|&w| w == widths[0]),
        "{widths:?}\n{out}"
    );
    // The My Code is a credential for five minutes: it is not printed whole.
    let shown = out
        .lines()
        .find(|line| line.starts_with("customer:"))
        .expect("the customer");
    let longest_digits = shown
        .split(|c: char| !c.is_ascii_digit())
        .map(str::len)
        .max();
    assert!(longest_digits < Some(12), "{shown}");
}

/// With `--scan`, the cashier types the code the customer shows (here, read from the
/// example's own output and typed back, grouped as a scanner or a person might).
#[test]
fn pos_sells_with_a_typed_my_code() {
    use std::io::{BufRead, BufReader, Write};
    let mut child = Command::new(example_binary("pos"))
        .arg("--scan")
        .env_remove("LINEPAY_CHANNEL_ID")
        .env_remove("LINEPAY_CHANNEL_SECRET")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pos starts");
    let mut stdout = BufReader::new(child.stdout.take().expect("piped"));
    let mut line = String::new();
    let key = loop {
        line.clear();
        assert!(
            stdout.read_line(&mut line).expect("reads") > 0,
            "no My Code shown"
        );
        if let Some(key) = line.trim().strip_prefix("customer: shows My Code ") {
            break key.to_owned();
        }
    };
    let grouped = format!("{} {} {}\n", &key[..6], &key[6..12], &key[12..]);
    let mut stdin = child.stdin.take().expect("piped");
    stdin.write_all(grouped.as_bytes()).expect("typed");
    drop(stdin);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).expect("reads");
    let status = child.wait().expect("ends");
    assert!(status.success(), "{rest}");
    assert!(rest.contains("| TOTAL "), "{rest}");
    assert!(
        rest.lines().any(|line| line.starts_with("refund: 45 TWD")),
        "{rest}"
    );
}

#[test]
fn pos_takes_a_typed_my_code_and_refuses_a_bad_one() {
    // Too short for a Taiwanese sale: refused before anything is sent.
    let short = run_typing("pos", &["--scan"], Some("1234 5678\n"));
    assert_eq!(short.status.code(), Some(1), "{}", short.stdout);
    assert!(short.stderr.contains("oneTimeKey"), "{}", short.stderr);
    // The right length, but not a code the mock made: LINE Pay's 1133.
    let unknown = run_typing("pos", &["--scan"], Some("3892 5380 4433 0395 34\n"));
    assert_eq!(unknown.status.code(), Some(1), "{}", unknown.stdout);
    assert!(unknown.stderr.contains("1133"), "{}", unknown.stderr);
    assert!(
        !unknown.stdout.contains("| TOTAL"),
        "no receipt without a payment"
    );
}

#[test]
fn pos_rejects_unknown_arguments_with_status_2() {
    let run = run("pos", &["--bogus"]);
    assert_eq!(run.status.code(), Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("usage: pos"), "{}", run.stderr);
}

#[test]
fn checkout_rejects_unknown_arguments_with_status_2() {
    for args in [
        &["--bogus"][..],
        &["--port", "8080"],
        &["--serve", "--port", "x"],
    ] {
        let run = run("checkout", args);
        assert_eq!(run.status.code(), Some(2), "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(
            run.stderr.starts_with("error: "),
            "{args:?}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("usage: checkout"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

#[test]
fn web_shop_self_test_buys_like_a_browser() {
    let run = run("web_shop", &["--self-test"]);
    assert!(
        run.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        run.status,
        run.stdout,
        run.stderr
    );
    assert!(run.stdout.contains("self-test: passed"), "{}", run.stdout);
}

#[test]
fn web_shop_rejects_unknown_arguments_with_status_2() {
    let run = run("web_shop", &["--bogus"]);
    assert_eq!(run.status.code(), Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("usage: web_shop"), "{}", run.stderr);
}

/// The custom-stack examples print one line per step: request, approve, confirm, details,
/// in that order, each LINE Pay answer `0000`, and the confirmed payment is the requested one.
fn assert_walks_request_approve_confirm_details(name: &str) {
    let run = run(name, &[]);
    let out = &run.stdout;
    assert!(
        run.status.success(),
        "{name}: exit {:?}\nstdout:\n{out}\nstderr:\n{}",
        run.status,
        run.stderr
    );
    let labels: Vec<&str> = out
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    let steps = ["request", "approve", "confirm", "details"];
    let found: Vec<&str> = labels
        .iter()
        .copied()
        .filter(|label| steps.contains(label))
        .collect();
    assert_eq!(found, steps, "{name}: steps out of order:\n{out}");
    for step in ["request", "confirm", "details"] {
        let line = out.lines().find(|line| line.starts_with(step)).unwrap();
        assert!(line.contains("0000 Success"), "{name}: {line}");
    }
    let id = transaction_id(out).unwrap_or_else(|| panic!("{name}: no transaction id:\n{out}"));
    assert!(
        out.lines()
            .any(|line| line.starts_with("confirm") && line.contains(id)),
        "{name}: the confirmed transaction is the requested one ({id}):\n{out}"
    );
    for text in [out, &run.stderr] {
        assert!(
            !text.contains(DEFAULT_CHANNEL_SECRET),
            "{name}: the channel secret was printed:\n{text}"
        );
    }
}

#[test]
fn custom_transport_pays_through_reqwest() {
    assert_walks_request_approve_confirm_details("custom_transport");
}

#[test]
fn blocking_pays_through_ureq_without_async() {
    assert_walks_request_approve_confirm_details("blocking");
}

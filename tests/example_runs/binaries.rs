//! Finding the compiled example binaries, for the tests that run them as a user would.
//!
//! The binaries are not built by those tests. A plain `cargo test` builds the examples
//! first; `cargo test --test NAME` and `cargo nextest run --test NAME` do not, so run
//! `cargo build --examples` before them (the tests fail with that advice when a binary is
//! missing or older than its sources).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// `target/<profile>/examples/<name>`, found from the running test's own executable in
/// `target/<profile>/deps/`.
pub fn example_binary(name: &str) -> PathBuf {
    let test_exe = std::env::current_exe().expect("the test knows its own path");
    let profile_dir = test_exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("the test executable lives in target/<profile>/deps");
    let binary = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    assert!(
        binary.is_file(),
        "the `{name}` example is not built (looked for {}); run `cargo build --examples` first",
        binary.display()
    );
    // `cargo test --test NAME` (and nextest with `--test`) does not rebuild examples, so
    // refuse to test a binary older than the sources it was built from (as listed by cargo's
    // dep-info file next to it).
    if let (Some(built), Some(source)) = (modified(&binary), newest_dependency(&binary)) {
        assert!(
            built >= source,
            "the `{name}` example at {} is older than its sources; run `cargo build --examples` first",
            binary.display()
        );
    }
    binary
}

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// The newest source listed in cargo's `<binary>.d` (`target: dep dep ...`, spaces in paths
/// escaped as `\ `); `None` when there is no such file.
fn newest_dependency(binary: &Path) -> Option<SystemTime> {
    let dep_info = std::fs::read_to_string(binary.with_extension("d")).ok()?;
    let first_line = dep_info.lines().next()?;
    let (_, deps) = first_line.split_once(": ")?;
    let mut paths = vec![String::new()];
    let mut chars = deps.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => paths.last_mut()?.extend(chars.next()),
            ' ' => paths.push(String::new()),
            _ => paths.last_mut()?.push(c),
        }
    }
    paths
        .iter()
        .filter(|path| !path.is_empty())
        .filter_map(|path| modified(Path::new(path)))
        .max()
}

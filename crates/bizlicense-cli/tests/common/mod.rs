//! Helpers for the end-to-end tests: run the `bizlicense` binary in a clean environment.
#![allow(dead_code)] // each test file uses a different subset

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary under test.
pub fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bizlicense"));
    // A clean environment: no user config, no real credentials, no BIZLICENSE_* settings.
    for var in [
        "TENCENTCLOUD_SECRET_ID",
        "TENCENTCLOUD_SECRET_KEY",
        "TENCENTCLOUD_SESSION_TOKEN",
        "WECHAT_APP_ID",
        "WECHAT_APP_SECRET",
        "BIZLICENSE_FORMAT",
        "BIZLICENSE_CONFIG",
        "BIZLICENSE_READER",
        "BIZLICENSE_VERIFIER",
        "BIZLICENSE_EMULATOR",
        "RUST_LOG",
    ] {
        cmd.env_remove(var);
    }
    let empty = scratch("no-config");
    cmd.env("XDG_CONFIG_HOME", &empty).env("HOME", &empty);
    cmd
}

/// Run with `args`, optionally feeding `stdin`.
pub fn run(args: &[&str], stdin: Option<&str>) -> Output {
    run_cmd(bin().args(args), stdin)
}

/// Run a prepared command, optionally feeding `stdin`.
pub fn run_cmd(cmd: &mut Command, stdin: Option<&str>) -> Output {
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn bizlicense");
    // Feed stdin from a thread: the child may fill its stdout pipe before it reads all input.
    let feeder = stdin.map(|input| {
        let mut pipe = child.stdin.take().expect("stdin is piped");
        let input = input.to_owned();
        std::thread::spawn(move || {
            // The child may exit without reading everything (e.g. on a usage error).
            let _ = pipe.write_all(input.as_bytes());
        })
    });
    let output = child.wait_with_output().expect("wait for bizlicense");
    if let Some(f) = feeder {
        f.join().expect("stdin feeder");
    }
    output
}

/// stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The exit code.
pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally, not by a signal")
}

/// A file in this crate's `testdata/`.
pub fn testdata(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// A fixture image of the emulator.
pub fn fixture_image(file: &str) -> String {
    bizlicense_emulator::Fixtures::default_dir()
        .join("images")
        .join(file)
        .to_string_lossy()
        .into_owned()
}

/// A fresh, empty directory for this test process.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bizlicense-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// Parse JSON lines.
pub fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

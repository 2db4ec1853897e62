//! `batch --state`: killed with SIGKILL at several points and rerun with the same arguments, a
//! batch finishes with every output line exactly once and no answer paid for twice (the
//! emulator's billable-call counter equals the number of distinct jobs).
#![cfg(feature = "sqlite")]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use bizlicense_emulator::Emulator;
use serde_json::{Value, json};

const DISTINCT: usize = 10;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "bizlicense-batch-resume-{}-{}-{name}",
        std::process::id(),
        jiff::Timestamp::now().as_nanosecond()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The batch command, in a clean environment (no user config, no real credentials).
fn batch(dir: &Path, emulator: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bizlicense"));
    for var in [
        "TENCENTCLOUD_SECRET_ID",
        "TENCENTCLOUD_SECRET_KEY",
        "TENCENTCLOUD_SESSION_TOKEN",
        "WECHAT_APP_ID",
        "WECHAT_APP_SECRET",
        "BIZLICENSE_CONFIG",
        "BIZLICENSE_READER",
        "BIZLICENSE_VERIFIER",
        "BIZLICENSE_EMULATOR",
        "RUST_LOG",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("HOME", dir).env("XDG_CONFIG_HOME", dir);
    cmd.arg("batch")
        .arg("--input")
        .arg(dir.join("jobs.jsonl"))
        .arg("--output")
        .arg(dir.join("results.jsonl"))
        .arg("--resume")
        .arg("--state")
        .arg(dir.join("state.sqlite"))
        .args(["--emulator", emulator])
        .args([
            "--concurrency",
            "2",
            "--qps",
            "100",
            "--as-of",
            "2024-06-01",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    cmd
}

/// 10 distinct code jobs plus 3 repeats of earlier ones (the cache makes repeats free).
fn write_jobs(dir: &Path, fixtures: &Value) {
    let mut lines = Vec::new();
    let companies: Vec<&Value> = fixtures
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["credit_code"].is_string())
        .take(DISTINCT)
        .collect();
    assert_eq!(companies.len(), DISTINCT, "enough fixtures");
    for (i, f) in companies.iter().enumerate() {
        lines.push(json!({"id": format!("j{i}"), "code": f["credit_code"], "name": f["name"]}));
    }
    for i in [1, 4, 7] {
        let f = companies[i];
        lines.push(json!({"id": format!("again{i}"), "code": f["credit_code"], "name": f["name"]}));
    }
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(dir.join("jobs.jsonl"), text).unwrap();
}

async fn stats(http: &reqwest::Client, base: &str) -> Value {
    http.get(format!("{base}/_emulator/stats"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn output_lines(dir: &Path) -> usize {
    std::fs::read_to_string(dir.join("results.jsonl"))
        .map(|t| t.matches('\n').count())
        .unwrap_or(0)
}

fn run_to_end(mut cmd: Command) {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "batch failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Start a batch and SIGKILL it once `ready` says so (or when it ends by itself).
fn run_and_kill(mut cmd: Command, mut ready: impl FnMut() -> bool) {
    let mut child: Child = cmd.spawn().unwrap();
    for _ in 0..6000 {
        if child.try_wait().unwrap().is_some() {
            return;
        }
        if ready() {
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            return;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = child.kill();
    panic!("the batch neither reached the kill point nor ended");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_batches_resume_without_paying_twice_or_losing_a_line() {
    let (base, _emulator) = Emulator::start_local().await.unwrap();
    let http = reqwest::Client::new();
    let fixtures: Value = http
        .get(format!("{base}/_emulator/fixtures"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    // Reference: one uninterrupted run.
    let reference = scratch("reference");
    write_jobs(&reference, &fixtures);
    tokio::task::block_in_place(|| run_to_end(batch(&reference, &base)));
    let s = stats(&http, &base).await;
    assert_eq!(
        s["billable"].as_u64().unwrap(),
        DISTINCT as u64,
        "one paid call per distinct job: {s}"
    );
    let expected = std::fs::read_to_string(reference.join("results.jsonl")).unwrap();
    assert_eq!(expected.lines().count(), DISTINCT + 3);

    // Slow every provider call down so the kills land mid-run.
    http.delete(format!("{base}/_emulator/stats"))
        .send()
        .await
        .unwrap();
    http.post(format!("{base}/_emulator/faults"))
        .json(&json!({"route": "tencent", "kind": "latency", "ms": 150}))
        .send()
        .await
        .unwrap();
    // Before each kill point, one slow call holds its line back while later answers arrive
    // and wait, unwritten, behind it: only the journal saves those from being paid again.
    let slow_next = |http: reqwest::Client, base: String| {
        let handle = tokio::runtime::Handle::current();
        move || {
            handle.block_on(async {
                http.post(format!("{base}/_emulator/faults"))
                    .json(&json!({"route": "tencent", "kind": "latency", "ms": 1500, "count": 1}))
                    .send()
                    .await
                    .unwrap();
            })
        }
    };
    let dir = scratch("killed");
    write_jobs(&dir, &fixtures);
    let calls = |http: reqwest::Client, base: String| -> Box<dyn Fn() -> u64> {
        let handle = tokio::runtime::Handle::current();
        Box::new(move || {
            let s = handle.block_on(stats(&http, &base));
            s["calls"].as_u64().unwrap_or(0)
        })
    };
    tokio::task::block_in_place(|| {
        let slow = slow_next(http.clone(), base.clone());
        // 1: while the first calls are in flight, nothing written yet.
        slow();
        let n = calls(http.clone(), base.clone());
        run_and_kill(batch(&dir, &base), || n() >= 4);
        // 2: after three lines are out.
        run_and_kill(batch(&dir, &base), || output_lines(&dir) >= 3);
        // 3: a few calls into the rerun, wherever it is.
        slow();
        let start = calls(http.clone(), base.clone())();
        let n = calls(http.clone(), base.clone());
        run_and_kill(batch(&dir, &base), || n() >= start + 3);
        // 4: immediately, before the run can do anything.
        run_and_kill(batch(&dir, &base), || true);
        // Then let it finish.
        run_to_end(batch(&dir, &base));
    });
    let got = std::fs::read_to_string(dir.join("results.jsonl")).unwrap();
    assert_eq!(got, expected, "every line once, in order, same content");
    let s = stats(&http, &base).await;
    eprintln!(
        "after 4 kills and a final run: billable {} of {} calls",
        s["billable"], s["calls"]
    );
    assert_eq!(
        s["billable"].as_u64().unwrap(),
        DISTINCT as u64,
        "no answer paid for twice across the killed runs: {s}"
    );
}

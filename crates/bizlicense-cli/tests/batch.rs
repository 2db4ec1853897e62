//! `bizlicense batch` against an emulator started by the test: order, errors, resume, retries,
//! Ctrl-C.

mod common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;

use bizlicense_emulator::{Emulator, EmulatorConfig, Fault, FaultKind};
use common::{bin, code, fixture_image, json_lines, run_cmd, scratch, stderr, stdout};
use serde_json::{Value, json};

/// A job file mixing images, codes and bad lines; returns the expected (id, decision) per line.
fn jobs(url: &str, copies: usize) -> (String, Vec<(Value, Option<&'static str>)>) {
    let mut lines = Vec::new();
    let mut want = Vec::new();
    for i in 0..copies {
        let mut push = |job: Value, decision: Option<&'static str>| {
            want.push((job.get("id").cloned().unwrap_or(Value::Null), decision));
            lines.push(job.to_string());
        };
        push(
            json!({"id": format!("pass-{i}"), "image": fixture_image("qinghe-hangzhou.jpg")}),
            Some("pass"),
        );
        push(
            json!({"id": format!("review-{i}"), "image": fixture_image("jincheng-chengdu-near-miss.png")}),
            Some("review"),
        );
        push(
            json!({"id": i, "code": "91310115MA1K4QW89J", "name": "上海澄川贸易有限公司"}),
            Some("fail"),
        );
        push(
            json!({"id": format!("bad-code-{i}"), "code": "911101085636549483"}),
            None,
        );
        push(
            json!({"id": format!("url-{i}"), "image": format!("{url}/_emulator/images/qinghe-hangzhou.jpg")}),
            Some("pass"),
        );
        push(json!({"id": format!("neither-{i}")}), None);
    }
    let mut text = lines.join("\n");
    text.push_str("\nthis line is not JSON\n");
    want.push((Value::Null, None));
    (text, want)
}

fn check_results(results: &[Value], want: &[(Value, Option<&str>)]) {
    assert_eq!(results.len(), want.len());
    for (i, (r, (id, decision))) in results.iter().zip(want).enumerate() {
        assert_eq!(r["line"], i + 1, "line numbers follow the input: {r}");
        assert_eq!(&r["id"], id, "input order kept: {r}");
        match decision {
            Some(d) => {
                assert_eq!(r["decision"], *d, "{r}");
                assert_eq!(r["report"]["decision"], *d, "{r}");
            }
            None => {
                assert_eq!(r["decision"], Value::Null, "{r}");
                assert!(r["error"]["message"].is_string(), "{r}");
            }
        }
    }
}

async fn batch(args: Vec<String>, stdin: Option<String>) -> std::process::Output {
    tokio::task::spawn_blocking(move || run_cmd(bin().arg("batch").args(&args), stdin.as_deref()))
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_come_back_in_input_order_with_errors_inline() {
    let (url, emulator) = Emulator::start_local().await.unwrap();
    let (text, want) = jobs(&url, 4);
    let o = batch(
        vec![
            "--emulator".into(),
            url.clone(),
            "--concurrency".into(),
            "8".into(),
            "--qps".into(),
            "1000".into(),
            "--as-of".into(),
            "2025-06-01".into(),
        ],
        Some(text),
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    check_results(&json_lines(&stdout(&o)), &want);
    let err = stderr(&o);
    assert!(err.contains("batch: 25 of 25 done"), "{err}");
    assert!(err.contains("progress: 25/25"), "{err}");
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limited_calls_are_retried() {
    let config = EmulatorConfig::default().with_fault(
        Fault::new("VerifyBizLicense", FaultKind::RateLimit { errcode: None }).times(2),
    );
    let (url, emulator) = Emulator::start(config).await.unwrap();
    let o = batch(
        vec![
            "--emulator".into(),
            url.clone(),
            "--concurrency".into(),
            "1".into(),
        ],
        Some("{\"code\": \"91330106MA2H7K3LXA\", \"name\": \"杭州青禾数据科技有限公司\"}\n".into()),
    )
    .await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let results = json_lines(&stdout(&o));
    assert_eq!(results[0]["decision"], "pass", "{}", results[0]);
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_appends_only_what_is_missing() {
    let (url, emulator) = Emulator::start_local().await.unwrap();
    let dir = scratch("batch-resume");
    let (text, want) = jobs(&url, 2);
    let input = dir.join("jobs.jsonl");
    std::fs::write(&input, &text).unwrap();
    let output = dir.join("results.jsonl");
    let base = |out: &Path| {
        vec![
            "--input".to_owned(),
            input.to_string_lossy().into_owned(),
            "--output".to_owned(),
            out.to_string_lossy().into_owned(),
            "--emulator".to_owned(),
            url.clone(),
            "--as-of".to_owned(),
            "2025-06-01".to_owned(),
        ]
    };
    // A full run, then keep the first three results and a partial fourth line, as a crash
    // would leave them.
    let o = batch(base(&output), None).await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let full = std::fs::read_to_string(&output).unwrap();
    assert!(stdout(&o).is_empty(), "results go to the file");
    let mut partial: String = full.lines().take(3).map(|l| format!("{l}\n")).collect();
    partial.push_str("{\"line\": 4, \"id\"");
    std::fs::write(&output, partial).unwrap();

    let mut args = base(&output);
    args.push("--resume".into());
    let o = batch(args, None).await;
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("3 skipped"), "{}", stderr(&o));
    let resumed = std::fs::read_to_string(&output).unwrap();
    check_results(&json_lines(&resumed), &want);
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_finishes_in_flight_work_and_exits_130() {
    // Slow answers so the batch is still running when the signal comes.
    let config = EmulatorConfig::default().with_fault(Fault::new(
        "VerifyBizLicense",
        FaultKind::Latency { ms: 300 },
    ));
    let (url, emulator) = Emulator::start(config).await.unwrap();
    let job = "{\"code\": \"91330106MA2H7K3LXA\", \"name\": \"杭州青禾数据科技有限公司\"}\n";
    let dir = scratch("batch-ctrl-c");
    let input = dir.join("jobs.jsonl");
    std::fs::write(&input, job.repeat(40)).unwrap();

    let (lines, status) = tokio::task::spawn_blocking(move || {
        let mut child = bin()
            .args([
                "batch",
                "--input",
                &input.to_string_lossy(),
                "--emulator",
                &url,
            ])
            .args(["--concurrency", "2", "--cache-ttl", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut lines = Vec::new();
        let mut first = String::new();
        out.read_line(&mut first).unwrap();
        lines.push(first);
        // Some work is done: interrupt.
        let pid = child.id().to_string();
        let killed = std::process::Command::new("kill")
            .args(["-INT", &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        for line in out.lines() {
            lines.push(line.unwrap());
        }
        let output = child.wait_with_output().unwrap();
        (lines, output)
    })
    .await
    .unwrap();
    assert_eq!(status.status.code(), Some(130), "{}", stderr(&status));
    let results: Vec<Value> = lines
        .iter()
        .map(|l| serde_json::from_str(l).expect("only whole lines are written"))
        .collect();
    assert!(results.len() < 40, "the batch stopped early");
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r["line"], i + 1, "a prefix of the input, in order");
        assert_eq!(r["decision"], "pass", "in-flight work was finished: {r}");
    }
    let err = stderr(&status);
    assert!(err.contains("interrupted"), "{err}");
    assert!(err.contains("--resume"), "{err}");
    emulator.shutdown().await;
}

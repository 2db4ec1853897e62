//! A fleet of 8 processes shares one WeChat access token through Redis: against the emulator
//! with forced token expiry, the token endpoint is called once at start and once per expiry,
//! whatever the number of processes.
//!
//! The worker processes are this test binary run again with `BIZLICENSE_FLEET_WORKER` set (the
//! `fleet_worker_process` entry below); they take "go" lines on stdin and answer "FLEET done"
//! lines on stdout. Needs `REDIS_URL` (`eval "$(bash .ci/services.sh)"`); skipped when unset,
//! failed when unset under `CI=true`.
#![cfg(all(feature = "redis", feature = "wechat", feature = "emulator"))]

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use bizlicense::emulator::{DEFAULT_WECHAT_APP_ID, DEFAULT_WECHAT_APP_SECRET, Emulator};
use bizlicense::wechat::{RedisTokenStore, WechatClient};
use bizlicense::{LicenseImage, LicenseReader};
use serde_json::{Value, json};

const WORKERS: usize = 8;
const EXPIRIES: u64 = 3;
const CALLS_PER_ROUND: usize = 3;
const WORKER_ENV: &str = "BIZLICENSE_FLEET_WORKER";

fn redis_url() -> Option<String> {
    match std::env::var("REDIS_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "REDIS_URL is unset under CI=true: run `eval \"$(bash .ci/services.sh)\"` first"
            );
            eprintln!("skipped: REDIS_URL is unset (run `eval \"$(bash .ci/services.sh)\"`)");
            None
        }
    }
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
}

impl Drop for Worker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn get_json(http: &reqwest::Client, url: String) -> Value {
    http.get(url).send().await.unwrap().json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_processes_call_the_token_endpoint_once_per_expiry() {
    let Some(redis) = redis_url() else { return };
    let (base, _emulator) = Emulator::start_local().await.unwrap();
    let http = reqwest::Client::new();
    let fixtures = get_json(&http, format!("{base}/_emulator/fixtures")).await;
    let image_url = fixtures[0]["image_url"].as_str().unwrap().to_owned();
    let prefix = format!(
        "bizlicense-fleet-test:{}:{}:",
        std::process::id(),
        jiff::Timestamp::now().as_nanosecond()
    );

    let exe = std::env::current_exe().unwrap();
    let (tx, rx) = mpsc::channel::<(usize, String)>();
    let mut workers = Vec::new();
    for i in 0..WORKERS {
        let mut child = Command::new(&exe)
            .args(["--exact", "fleet_worker_process", "--nocapture"])
            .args(["--test-threads", "1"])
            .env(WORKER_ENV, "1")
            .env("REDIS_URL", &redis)
            .env("FLEET_BASE_URL", &base)
            .env("FLEET_IMAGE_URL", &image_url)
            .env("FLEET_PREFIX", &prefix)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some((_, rest)) = line.split_once("FLEET ") {
                    let _ = tx.send((i, rest.to_owned()));
                }
            }
            let _ = tx.send((i, "exited".to_owned()));
        });
        workers.push(Worker { child, stdin });
    }

    // Round 0 fetches the first token; each later round starts with every token expired.
    for round in 0..=EXPIRIES {
        if round > 0 {
            let r = http
                .post(format!("{base}/_emulator/faults"))
                .json(&json!({"route": "/cv/ocr/bizlicense", "kind": "token_expired", "count": 1}))
                .send()
                .await
                .unwrap();
            assert!(r.status().is_success());
        }
        for w in &mut workers {
            writeln!(w.stdin, "go").unwrap();
            w.stdin.flush().unwrap();
        }
        let rx_ref = &rx;
        let done = tokio::task::block_in_place(|| {
            let mut done = 0;
            while done < WORKERS {
                let (i, msg) = rx_ref
                    .recv_timeout(Duration::from_secs(20))
                    .expect("a worker answered");
                assert!(msg.starts_with("done"), "worker {i}: {msg}");
                done += 1;
            }
            done
        });
        assert_eq!(done, WORKERS);
        let stats = get_json(&http, format!("{base}/_emulator/stats")).await;
        let token_calls = stats["token_calls"].as_u64().unwrap();
        eprintln!(
            "round {round}: token endpoint calls {token_calls}, OCR calls {}",
            stats["routes"]["/cv/ocr/bizlicense"]["calls"]
        );
        assert_eq!(
            token_calls,
            1 + round,
            "one token call at start and one per forced expiry, for {WORKERS} processes: {stats}"
        );
    }
    let stats = get_json(&http, format!("{base}/_emulator/stats")).await;
    let ocr = &stats["routes"]["/cv/ocr/bizlicense"];
    assert_eq!(
        ocr["ok"].as_u64().unwrap(),
        (WORKERS * CALLS_PER_ROUND) as u64 * (EXPIRIES + 1),
        "every read succeeded in the end: {stats}"
    );
}

/// Not a test on its own: the body of one fleet process (see the module doc).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fleet_worker_process() {
    if std::env::var(WORKER_ENV).is_err() {
        return;
    }
    let var = |name: &str| std::env::var(name).unwrap();
    let store = RedisTokenStore::connect(&var("REDIS_URL"))
        .await
        .unwrap()
        .with_prefix(var("FLEET_PREFIX"));
    let client = WechatClient::builder()
        .app_id(DEFAULT_WECHAT_APP_ID)
        .app_secret(DEFAULT_WECHAT_APP_SECRET)
        .api_base(var("FLEET_BASE_URL"))
        .token_store(store)
        .build()
        .unwrap();
    let reader = client.reader();
    let image = LicenseImage::from_url(var("FLEET_IMAGE_URL")).unwrap();
    // Rounds arrive one line at a time on stdin.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    std::thread::spawn(move || {
        for line in std::io::stdin().lock().lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    while let Some(line) = rx.recv().await {
        if line != "go" {
            continue;
        }
        for _ in 0..CALLS_PER_ROUND {
            if let Err(e) = reader.read(&image).await {
                println!("FLEET error {e}");
            }
        }
        println!(
            "FLEET done fetches={}",
            client.token_manager().fetch_count()
        );
    }
}

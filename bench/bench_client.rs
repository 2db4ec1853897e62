//! The Rust side of `bench/run.sh`: our clients under load against the emulator, each run in
//! its own process so its CPU time is the client's alone.
//!
//! ```text
//! bench_client serve                                   # emulator; prints "listening on URL"
//! bench_client tencent-ocr URL --concurrency 32 --secs 5
//! bench_client tencent-verify URL --concurrency 1 --secs 5
//! bench_client wechat-ocr URL --concurrency 32 --secs 5
//! bench_client reconcile --secs 5                      # pairs/s over the reconcile cases
//! bench_client wrk-script ROUTE URL                    # a wrk Lua script for one request
//! ```
//!
//! Each measurement prints one JSON line: requests (or pairs), errors, seconds, per_sec,
//! cpu_seconds (user + system of this process during the measured window, from
//! `/proc/self/stat`) and cpu_per_1000.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bizlicense::emulator::{
    DEFAULT_TENCENT_SECRET_ID, DEFAULT_TENCENT_SECRET_KEY, DEFAULT_WECHAT_APP_ID,
    DEFAULT_WECHAT_APP_SECRET, Emulator, EmulatorConfig,
};
use bizlicense::reconcile::Engine;
use bizlicense::tencent::{Credentials, TencentClient, TencentReader, TencentVerifier, VerifyMode};
use bizlicense::wechat::WechatClient;
use bizlicense::{LicenseImage, LicenseReader, RegistryVerifier, VerifyQuery};
use serde_json::{Value, json};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The fixture every request uses (a 6 KB PNG; the seed's company).
const FIXTURE: &str = "tencent-cloud-beijing";
/// Untimed warm-up before each measurement (connections, token, caches).
const WARMUP: Duration = Duration::from_millis(500);

/// User + system CPU seconds of this process so far (`/proc/self/stat`, in clock ticks of
/// 1/100 s, Linux's USER_HZ).
fn cpu_seconds() -> Result<f64, BoxError> {
    let stat = std::fs::read_to_string("/proc/self/stat")?;
    // The command name may contain spaces: fields are counted after its closing parenthesis.
    let rest = stat
        .rsplit_once(')')
        .map(|(_, r)| r)
        .ok_or("unexpected /proc/self/stat")?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line; `rest` starts at field 3.
    let utime: f64 = fields.get(11).ok_or("no utime")?.parse()?;
    let stime: f64 = fields.get(12).ok_or("no stime")?.parse()?;
    Ok((utime + stime) / 100.0)
}

struct Args {
    cmd: String,
    url: Option<String>,
    concurrency: usize,
    secs: f64,
    port: u16,
}

fn parse_args() -> Result<Args, BoxError> {
    let mut it = std::env::args().skip(1);
    let cmd = it
        .next()
        .ok_or("usage: bench_client COMMAND [URL] [--concurrency N] [--secs S]")?;
    let mut args = Args {
        cmd,
        url: None,
        concurrency: 1,
        secs: 5.0,
        port: 0,
    };
    let mut positional = Vec::new();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--concurrency" => args.concurrency = it.next().ok_or("--concurrency N")?.parse()?,
            "--secs" => args.secs = it.next().ok_or("--secs S")?.parse()?,
            "--port" => args.port = it.next().ok_or("--port N")?.parse()?,
            _ => positional.push(a),
        }
    }
    // `wrk-script ROUTE URL`: the URL is the last positional argument.
    args.url = positional.pop();
    if let Some(route) = positional.pop() {
        args.cmd = format!("{}:{route}", args.cmd);
    }
    Ok(args)
}

fn main() -> Result<(), BoxError> {
    let args = parse_args()?;
    // BENCH_RUNTIME=current: a single-threaded runtime (what a c=1 client would pick); the
    // default is tokio's multi-threaded one, one worker per core.
    let rt = if std::env::var("BENCH_RUNTIME").as_deref() == Ok("current") {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?
    } else {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()?
    };
    rt.block_on(run(args))
}

async fn run(args: Args) -> Result<(), BoxError> {
    let url = || {
        args.url
            .clone()
            .ok_or("this command needs the emulator URL")
    };
    match args.cmd.as_str() {
        "serve" => {
            let (base, handle) =
                Emulator::start(EmulatorConfig::default().with_port(args.port)).await?;
            println!("listening on {base}");
            handle.wait().await;
            Ok(())
        }
        "tencent-ocr" | "tencent-verify" | "wechat-ocr" => {
            let base = url()?;
            let fixture = fixture(&base).await?;
            let report = load(&args, &base, &fixture).await?;
            println!("{report}");
            Ok(())
        }
        "reconcile" => {
            println!("{}", reconcile(args.secs)?);
            Ok(())
        }
        cmd if cmd.starts_with("wrk-script:") => {
            let route = &cmd["wrk-script:".len()..];
            println!("{}", wrk_script(route, &url()?).await?);
            Ok(())
        }
        other => Err(format!("unknown command {other:?}").into()),
    }
}

/// The bench fixture as the emulator lists it.
async fn fixture(base: &str) -> Result<Value, BoxError> {
    let list: Value = reqwest::get(format!("{base}/_emulator/fixtures"))
        .await?
        .json()
        .await?;
    list.as_array()
        .and_then(|a| a.iter().find(|f| f["id"] == FIXTURE))
        .cloned()
        .ok_or_else(|| format!("fixture {FIXTURE} not served").into())
}

fn tencent(base: &str) -> Result<TencentClient, BoxError> {
    Ok(TencentClient::builder()
        .credentials(Credentials::new(
            DEFAULT_TENCENT_SECRET_ID,
            DEFAULT_TENCENT_SECRET_KEY,
        ))
        .endpoint(base)
        .build()?)
}

fn wechat(base: &str) -> Result<WechatClient, BoxError> {
    Ok(WechatClient::builder()
        .app_id(DEFAULT_WECHAT_APP_ID)
        .app_secret(DEFAULT_WECHAT_APP_SECRET)
        .api_base(base)
        .build()?)
}

/// One request of the chosen kind; `Ok(())` only when the answer carried the expected code.
type Call = Arc<
    dyn Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send>> + Send + Sync,
>;

async fn load(args: &Args, base: &str, fixture: &Value) -> Result<Value, BoxError> {
    let code = fixture["credit_code"]
        .as_str()
        .ok_or("fixture without credit_code")?
        .to_owned();
    let image_url = fixture["image_url"]
        .as_str()
        .ok_or("no image_url")?
        .to_owned();
    let call: Call = match args.cmd.as_str() {
        "tencent-ocr" => {
            let bytes = reqwest::get(&image_url).await?.bytes().await?;
            let image = LicenseImage::from_bytes(bytes.to_vec())?;
            let reader = Arc::new(TencentReader::new(tencent(base)?));
            let want = fixture["ocr"]["credit_code"].as_str().map(str::to_owned);
            Arc::new(move || {
                let (reader, image, want) = (reader.clone(), image.clone(), want.clone());
                Box::pin(async move {
                    matches!(reader.read(&image).await, Ok(s) if s.credit_code == want)
                })
            })
        }
        "tencent-verify" => {
            let verifier = Arc::new(TencentVerifier::new(tencent(base)?, VerifyMode::Detailed));
            let query = VerifyQuery::by_code(code.clone());
            Arc::new(move || {
                let (verifier, query, code) = (verifier.clone(), query.clone(), code.clone());
                Box::pin(async move {
                    matches!(verifier.verify(&query).await, Ok(r) if r.credit_code.as_deref() == Some(code.as_str()))
                })
            })
        }
        _ => {
            let reader = Arc::new(wechat(base)?.reader());
            let image = LicenseImage::from_url(image_url)?;
            let want = fixture["ocr"]["credit_code"].as_str().map(str::to_owned);
            Arc::new(move || {
                let (reader, image, want) = (reader.clone(), image.clone(), want.clone());
                Box::pin(async move {
                    matches!(reader.read(&image).await, Ok(s) if s.credit_code == want)
                })
            })
        }
    };
    // Warm up: connections, the access token, lazy statics.
    let warm_until = Instant::now() + WARMUP;
    while Instant::now() < warm_until {
        if !call().await {
            return Err(format!("{}: warm-up request failed", args.cmd).into());
        }
    }
    let ok = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let cpu0 = cpu_seconds()?;
    let t0 = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..args.concurrency.max(1) {
        let (call, ok, failed, stop) = (call.clone(), ok.clone(), failed.clone(), stop.clone());
        workers.spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                if call().await {
                    ok.fetch_add(1, Ordering::Relaxed);
                } else {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
        });
    }
    tokio::time::sleep(Duration::from_secs_f64(args.secs)).await;
    stop.store(true, Ordering::Relaxed);
    while workers.join_next().await.is_some() {}
    let elapsed = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds()? - cpu0;
    Ok(report(
        &args.cmd,
        args.concurrency,
        ok.load(Ordering::Relaxed),
        failed.load(Ordering::Relaxed),
        elapsed,
        cpu,
    ))
}

fn report(what: &str, concurrency: usize, n: u64, errors: u64, secs: f64, cpu: f64) -> Value {
    let per_sec = n as f64 / secs;
    let cpu_per_1000 = if n > 0 {
        cpu / n as f64 * 1000.0
    } else {
        f64::NAN
    };
    json!({
        "client": "rust",
        "what": what,
        "concurrency": concurrency,
        "requests": n,
        "errors": errors,
        "seconds": secs,
        "per_sec": per_sec,
        "cpu_seconds": cpu,
        "cpu_per_1000": cpu_per_1000,
    })
}

/// Pairs per second over the reconcile snapshot cases (the data set of
/// `bench/reconcile_baseline.py` and the reconcile criterion bench), loaded with the facade's
/// format-detecting loader.
fn reconcile(secs: f64) -> Result<Value, BoxError> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/bizlicense-reconcile/tests/cases");
    let mut names: Vec<String> = std::fs::read_dir(&dir)?
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .into_string()
                .ok()?
                .strip_suffix(".scan.json")
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    let read = |p: std::path::PathBuf| -> Result<Value, BoxError> {
        let mut v: Value = serde_json::from_str(&std::fs::read_to_string(p)?)?;
        if let Some(o) = v.as_object_mut() {
            o.remove("_comment");
        }
        Ok(v)
    };
    let mut pairs = Vec::new();
    for n in &names {
        let (scan, _) = bizlicense::load::load_scan(&read(dir.join(format!("{n}.scan.json")))?)?;
        let (rec, _) =
            bizlicense::load::load_record(&read(dir.join(format!("{n}.registry.json")))?)?;
        pairs.push((scan, rec));
    }
    if pairs.is_empty() {
        return Err(format!("no cases under {}", dir.display()).into());
    }
    let engine = Engine::default();
    let as_of = bizlicense::jiff::civil::date(2025, 6, 1);
    for (s, r) in &pairs {
        std::hint::black_box(engine.reconcile(s, r, as_of));
    }
    let cpu0 = cpu_seconds()?;
    let t0 = Instant::now();
    let mut n = 0u64;
    while t0.elapsed().as_secs_f64() < secs {
        for (s, r) in &pairs {
            std::hint::black_box(engine.reconcile(s, r, as_of));
        }
        n += pairs.len() as u64;
    }
    let elapsed = t0.elapsed().as_secs_f64();
    let cpu = cpu_seconds()? - cpu0;
    let mut v = report("reconcile", 1, n, 0, elapsed, cpu);
    v["pairs_in_set"] = json!(pairs.len());
    Ok(v)
}

fn lua(s: &str) -> String {
    // A Lua long string takes the bytes verbatim; no body here contains "]==]".
    format!("[==[{s}]==]")
}

/// A wrk script that repeats one valid request (Tencent: signed now, valid for the
/// emulator's 5-minute window; WeChat: with a fresh access token).
async fn wrk_script(route: &str, base: &str) -> Result<String, BoxError> {
    let fixture = fixture(base).await?;
    let code = fixture["credit_code"].as_str().ok_or("no credit_code")?;
    let image_url = fixture["image_url"].as_str().ok_or("no image_url")?;
    match route {
        "tencent-verify" => {
            let body = json!({"RegNum": code}).to_string();
            let host = base.trim_start_matches("http://");
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)?
                .as_secs();
            let creds = Credentials::new(DEFAULT_TENCENT_SECRET_ID, DEFAULT_TENCENT_SECRET_KEY);
            let signed = bizlicense::tencent::sign::sign(
                &creds,
                i64::try_from(now)?,
                host,
                bizlicense::tencent::CONTENT_TYPE,
                body.as_bytes(),
                bizlicense::tencent::SERVICE,
            );
            let mut headers = vec![
                ("X-TC-Action".to_owned(), "VerifyBizLicense".to_owned()),
                ("X-TC-Version".to_owned(), "2018-11-19".to_owned()),
                ("X-TC-Region".to_owned(), "ap-guangzhou".to_owned()),
            ];
            headers.extend(
                signed
                    .to_pairs()
                    .into_iter()
                    .map(|(k, v)| (k.to_owned(), v)),
            );
            let mut s = format!(
                "wrk.method = \"POST\"\nwrk.path = \"/\"\nwrk.body = {}\n",
                lua(&body)
            );
            for (k, v) in headers {
                // `headers[ [==[...` needs the space: `[[` would open a long string.
                s.push_str(&format!("wrk.headers[ {} ] = {}\n", lua(&k), lua(&v)));
            }
            Ok(s)
        }
        "wechat-ocr" => {
            let client = wechat(base)?;
            let token = client.token_manager().access_token().await?;
            let enc: String = image_url
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            Ok(format!(
                "wrk.method = \"POST\"\nwrk.path = {}\n",
                lua(&format!(
                    "/cv/ocr/bizlicense?access_token={}&img_url={enc}",
                    token.expose_secret()
                ))
            ))
        }
        other => Err(format!("unknown wrk route {other:?} (tencent-verify, wechat-ocr)").into()),
    }
}

//! `bizlicense demo`: an offline tour. Starts the emulator in-process, points the real Tencent
//! and WeChat clients at it, and walks four fixture licenses through read -> verify ->
//! reconcile: one that passes, one with an OCR slip, a cancelled company, a forged copy.

use std::time::{Duration, Instant};

use bizlicense::emulator::{
    DEFAULT_TENCENT_SECRET_ID, DEFAULT_TENCENT_SECRET_KEY, DEFAULT_WECHAT_APP_ID,
    DEFAULT_WECHAT_APP_SECRET, Emulator, Fixtures,
};
use bizlicense::jiff::civil::Date;
use bizlicense::reconcile::Report;
use bizlicense::tencent::{Credentials, TencentClient, TencentReader, TencentVerifier, VerifyMode};
use bizlicense::wechat::WechatClient;
use bizlicense::{LicenseImage, LicenseReader, RegistryVerifier};
use clap::Args;
use serde::Serialize;
use std::sync::Arc;

use crate::app::Format;
use crate::cmd::reconcile::{parse_date, today};
use crate::error::{CliError, EXIT_OK};
use crate::output::{Detail, new_table, print_json, print_text, reasons, report_table, truncate};
use crate::providers::{Providers, Service, Subject};

/// Arguments of `demo`.
#[derive(Debug, Args)]
#[command(
    long_about = "An offline tour, in a few seconds. Starts the provider emulator in-process on \
a free port, points the real Tencent Cloud and WeChat clients at it (TC3 signatures, access \
tokens and all), and walks four fixture licenses through the full pipeline: OCR (WeChat or \
Tencent BizLicenseOCR) -> registry lookup (Tencent VerifyBizLicense) -> reconciliation.

  qinghe-hangzhou                a live company, clean read           -> pass
  jincheng-chengdu-near-miss     OCR reads 锦呈 for 锦程              -> review
  chengchuan-shanghai-cancelled  the registry says 注销 (cancelled)   -> fail
  changjiang-wuhan-copy          Tencent flags a photocopy            -> review",
    after_help = "\
Examples:
  bizlicense demo
  bizlicense demo --format json | jq '.licenses[] | {id, decision}'
  cargo run --release -- demo"
)]
pub struct DemoArgs {
    /// Reference date for expiry checks, YYYY-MM-DD [default: today].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<Date>,
}

/// Which reader reads a demo license.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Wechat,
    Tencent,
}

/// The tour: fixture id and the OCR provider that reads it (both providers are shown; the
/// copy goes to Tencent, whose OCR flags photocopies).
const TOUR: [(&str, Via); 4] = [
    ("qinghe-hangzhou", Via::Wechat),
    ("jincheng-chengdu-near-miss", Via::Tencent),
    ("chengchuan-shanghai-cancelled", Via::Wechat),
    ("changjiang-wuhan-copy", Via::Tencent),
];

/// One license's result, as JSON.
#[derive(Debug, Serialize)]
struct DemoResult {
    id: String,
    note: String,
    reader: String,
    verifier: String,
    latency_ms: u64,
    decision: Option<String>,
    report: Option<Report>,
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct DemoOutput {
    emulator: String,
    licenses: Vec<DemoResult>,
}

fn setup_error(what: &str, e: impl std::fmt::Display) -> CliError {
    CliError::failure(
        format!("demo: cannot {what}: {e}"),
        "the demo needs a free local port and the emulator's fixtures \
         (crates/bizlicense-emulator/testdata/fixtures); run it from the source tree",
    )
}

/// Run `demo`.
pub async fn run(args: DemoArgs, format: Format) -> Result<u8, CliError> {
    let fixtures = Fixtures::load_default().map_err(|e| setup_error("load the fixtures", e))?;
    let (base_url, handle) = Emulator::start_local()
        .await
        .map_err(|e| setup_error("start the emulator", e))?;
    let result = tour(
        &base_url,
        &fixtures,
        args.as_of.unwrap_or_else(today),
        format,
    )
    .await;
    handle.shutdown().await;
    result
}

async fn tour(
    base_url: &str,
    fixtures: &Fixtures,
    as_of: Date,
    format: Format,
) -> Result<u8, CliError> {
    let timeout = Duration::from_secs(10);
    let tencent = TencentClient::builder()
        .endpoint(base_url)
        .credentials(Credentials::new(
            DEFAULT_TENCENT_SECRET_ID,
            DEFAULT_TENCENT_SECRET_KEY,
        ))
        .timeout(timeout)
        .build()
        .map_err(|e| setup_error("build the Tencent client", e))?;
    let wechat = WechatClient::builder()
        .api_base(base_url)
        .app_id(DEFAULT_WECHAT_APP_ID)
        .app_secret(DEFAULT_WECHAT_APP_SECRET)
        .timeout(timeout)
        .build()
        .map_err(|e| setup_error("build the WeChat client", e))?;
    let verifier: Arc<dyn RegistryVerifier> =
        Arc::new(TencentVerifier::new(tencent.clone(), VerifyMode::Detailed));
    let service = |reader: Arc<dyn LicenseReader>| {
        Service::new(
            Providers {
                reader,
                verifier: verifier.clone(),
            },
            as_of,
            None,
        )
    };
    let via_wechat = service(Arc::new(wechat.reader()));
    let via_tencent = service(Arc::new(TencentReader::new(tencent)));

    if format == Format::Table {
        print_text(&format!(
            "bizlicense demo: emulator at {base_url} (offline), as of {as_of}\n"
        ))?;
    }
    let mut results = Vec::new();
    for (i, (id, via)) in TOUR.iter().enumerate() {
        let license = fixtures
            .license(id)
            .ok_or_else(|| setup_error("find a fixture", format!("no fixture license {id:?}")))?;
        let svc = match via {
            Via::Wechat => &via_wechat,
            Via::Tencent => &via_tencent,
        };
        let image = LicenseImage::from_bytes(license.image_bytes().to_vec())
            .map_err(|e| setup_error("use a fixture image", e))?;
        let started = Instant::now();
        let outcome = svc.check(&Subject::Image(image)).await;
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let result = match outcome {
            Ok(o) => DemoResult {
                id: license.id.clone(),
                note: license.note.clone(),
                reader: svc.reader_id().to_owned(),
                verifier: verifier.id().to_owned(),
                latency_ms,
                decision: Some(o.report.decision.as_str().to_owned()),
                report: Some(o.report),
                error: None,
            },
            Err(f) => DemoResult {
                id: license.id.clone(),
                note: license.note.clone(),
                reader: svc.reader_id().to_owned(),
                verifier: verifier.id().to_owned(),
                latency_ms,
                decision: None,
                report: None,
                error: Some(f.message),
            },
        };
        if format == Format::Table {
            print_text(&license_section(i + 1, &result))?;
        }
        results.push(result);
    }
    match format {
        Format::Table => print_text(&summary_table(&results, verifier.id()))?,
        Format::Json => print_json(&DemoOutput {
            emulator: base_url.to_owned(),
            licenses: results,
        })?,
    }
    Ok(EXIT_OK)
}

fn license_section(n: usize, r: &DemoResult) -> String {
    let mut out = format!(
        "{n}/{total}  {id}  ({reader} -> {verifier}, {ms})\n      {note}\n",
        total = TOUR.len(),
        id = r.id,
        note = truncate(&r.note, 94),
        reader = r.reader,
        verifier = r.verifier,
        ms = latency(r.latency_ms)
    );
    match (&r.report, &r.error) {
        (Some(report), _) => out.push_str(&report_table(report, Detail::Compact)),
        (None, Some(e)) => out.push_str(&format!("error: {e}")),
        (None, None) => {}
    }
    out.push('\n');
    out
}

fn summary_table(results: &[DemoResult], verifier: &str) -> String {
    let mut table = new_table(["license", "decision", "reasons", "reader", "latency"]);
    for r in results {
        table.add_row([
            r.id.clone(),
            r.decision.clone().unwrap_or_else(|| "error".to_owned()),
            match (&r.report, &r.error) {
                (Some(report), _) if report.reasons.is_empty() => "-".to_owned(),
                (Some(report), _) => reasons(report),
                (None, Some(e)) => truncate(e, 40),
                (None, None) => String::new(),
            },
            r.reader.clone(),
            latency(r.latency_ms),
        ]);
    }
    format!("Summary (registry: {verifier})\n{table}")
}

/// Whole milliseconds, with `<1 ms` rather than a misleading `0 ms` for the fast local calls.
fn latency(ms: u64) -> String {
    if ms == 0 {
        "<1 ms".to_owned()
    } else {
        format!("{ms} ms")
    }
}

//! `bizlicense reconcile`: compare an OCR result with a registry record, both as JSON files in
//! any format the project knows (raw provider responses or core JSON).

use std::path::{Path, PathBuf};

use bizlicense::jiff::civil::Date;
use bizlicense::load::{LoadError, load_record, load_scan};
use bizlicense::reconcile::{Engine, Report};
use bizlicense::{LicenseScan, RegistryRecord};
use clap::Args;
use serde_json::Value;

use crate::app::Format;
use crate::error::CliError;
use crate::output::{Detail, print_json, print_text, report_table};

/// Arguments of `reconcile`.
#[derive(Debug, Args)]
#[command(
    long_about = "Reconcile what OCR read with what the registry holds and print the report: a \
decision (pass / review / fail), its reasons, and a verdict per field (exact, equivalent, \
similar, mismatch, missing).

Both files may be raw provider JSON, with or without Tencent's {\"Response\": ...} envelope, or \
the project's own JSON; the format is detected:
  --scan      WeChat OCR (cv/ocr/bizlicense), Tencent BizLicenseOCR, or LicenseScan JSON
  --registry  Tencent VerifyBizLicense, VerifyBasicBizLicense, VerifyBizLicenseEnterprise3/4,
              or RegistryRecord JSON",
    after_help = "\
Examples:
  bizlicense reconcile --scan wechat-ocr.json --registry verify-biz-license.json
  bizlicense reconcile --scan ocr.json --registry record.json --as-of 2025-01-31 --format json

With --format json the output is exactly the report JSON:
  {\"decision\": \"pass\", \"reasons\": [], \"fields\": [{\"field\": \"credit_code\", ...}], \"warnings\": []}"
)]
pub struct ReconcileArgs {
    /// JSON file with what OCR read.
    #[arg(long, value_name = "FILE")]
    pub scan: PathBuf,
    /// JSON file with what the registry holds.
    #[arg(long, value_name = "FILE")]
    pub registry: PathBuf,
    /// Reference date for expiry checks, YYYY-MM-DD [default: today].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<Date>,
}

/// Parse `--as-of`.
pub fn parse_date(s: &str) -> Result<Date, String> {
    s.trim()
        .parse::<Date>()
        .map_err(|_| format!("{s:?} is not a date: write it as YYYY-MM-DD, e.g. 2025-01-31"))
}

/// Today in the system time zone.
pub fn today() -> Date {
    bizlicense::jiff::Zoned::now().date()
}

/// Run `reconcile`.
pub fn run(args: ReconcileArgs, format: Format) -> Result<u8, CliError> {
    let scan = read_scan(&args.scan)?;
    let record = read_record(&args.registry)?;
    let report = Engine::default().reconcile(&scan, &record, args.as_of.unwrap_or_else(today));
    print_report(&report, format)?;
    Ok(crate::error::EXIT_OK)
}

/// Print a report as a table or as the report JSON.
pub fn print_report(report: &Report, format: Format) -> Result<(), CliError> {
    match format {
        Format::Json => print_json(report),
        Format::Table => print_text(&report_table(report, Detail::Full)),
    }
}

fn read_json(path: &Path, flag: &str, what: &str) -> Result<Value, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::usage(
            format!("cannot read {flag} file {}: {e}", path.display()),
            format!("check the path; {flag} takes a JSON file with {what}"),
        )
    })?;
    serde_json::from_str(&text).map_err(|e| {
        CliError::usage(
            format!("{flag} file {} is not valid JSON: {e}", path.display()),
            format!("{flag} takes a JSON file with {what}, e.g. a provider's raw response"),
        )
    })
}

/// Read and detect an OCR result file.
pub fn read_scan(path: &Path) -> Result<LicenseScan, CliError> {
    let json = read_json(path, "--scan", "an OCR result")?;
    load_scan(&json)
        .map(|(scan, _)| scan)
        .map_err(|e| load_error(e, path, "--scan"))
}

/// Read and detect a registry record file.
pub fn read_record(path: &Path) -> Result<RegistryRecord, CliError> {
    let json = read_json(path, "--registry", "a registry record")?;
    load_record(&json)
        .map(|(record, _)| record)
        .map_err(|e| load_error(e, path, "--registry"))
}

fn load_error(e: LoadError, path: &Path, flag: &str) -> CliError {
    let hint = match &e {
        LoadError::WrongSide { .. } => {
            "swap the files: --scan takes OCR output, --registry takes verification output"
        }
        LoadError::ProviderError { .. } => {
            "the provider answered with an error; save a successful response and retry"
        }
        _ => {
            "pass a provider's raw response (see `bizlicense reconcile --help` for the formats) \
             or bizlicense's own JSON"
        }
    };
    CliError::usage(format!("{flag} file {}: {e}", path.display()), hint)
}

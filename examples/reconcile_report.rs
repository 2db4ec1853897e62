//! Build a reconciliation report from raw provider JSON and pin it with an `insta` snapshot.
//!
//! The scan is a WeChat OCR response, the registry answer a Tencent `VerifyBizLicense`
//! response; `bizlicense::load` detects both formats. The provider's own per-field flags say
//! the name and address do not match (half-width brackets, 四十九号 vs 49号); the report shows
//! why reconciliation disagrees: they are the same text after normalization.
//!
//! ```sh
//! cargo run --example reconcile_report
//! ```
//!
//! The snapshot lives in `examples/snapshots/`. Change the data and rerun: insta writes a
//! `.snap.new` for you to review (`cargo insta review`), and under `CI=true` a missing or
//! different snapshot fails. This is how to snapshot-test your own reports: pin the JSON of
//! `Report`, which is a stable public contract.

use bizlicense::jiff::civil::date;
use bizlicense::load::{load_record_str, load_scan_str};
use bizlicense::reconcile::{Decision, Engine};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (scan, scan_format) = load_scan_str(include_str!("data/wechat_ocr.json"))?;
    let (record, record_format) = load_record_str(include_str!("data/tencent_verify.json"))?;
    println!("scan: {scan_format}; registry: {record_format}\n");

    let report = Engine::default().reconcile(&scan, &record, date(2024, 6, 1));
    println!("{}", report.to_table());

    // The JSON is the public contract: pin it.
    insta::assert_json_snapshot!("seed_company_wechat_vs_tencent_detailed", report);
    assert_eq!(report.decision, Decision::Pass);
    Ok(())
}

//! Snapshot tests: every scan/registry pair under `tests/cases/` (raw provider JSON or core
//! JSON), reconciled as of a fixed date, its report compared with the committed snapshot.
//!
//! A case is `NN_name.scan.json` + `NN_name.registry.json`; the scan file's `_comment` says
//! what the case proves. Formats are detected from the keys (see `load_scan`/`load_record`).
//! Review a changed snapshot with `cargo insta review`, or rerun with `INSTA_UPDATE=always`
//! and read the diff.

use std::path::{Path, PathBuf};

use bizlicense_core::{LicenseScan, RegistryRecord, jiff::civil::date};
use bizlicense_reconcile::Engine;
use serde_json::Value;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut v: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if let Some(obj) = v.as_object_mut() {
        obj.remove("_comment");
    }
    v
}

fn body(v: &Value) -> &Value {
    v.get("Response").unwrap_or(v)
}

fn has_any(v: &Value, keys: &[&str]) -> bool {
    keys.iter().any(|k| v.get(k).is_some())
}

/// Core JSON (has `provider`), WeChat (`errcode` / snake_case keys), or Tencent BizLicenseOCR.
fn load_scan(v: &Value) -> (String, LicenseScan) {
    if v.get("provider").is_some() {
        let scan = serde_json::from_value(v.clone()).expect("core LicenseScan JSON");
        return ("core".into(), scan);
    }
    if has_any(v, &["errcode", "enterprise_name", "reg_num"]) {
        let scan = bizlicense_wechat::convert::scan_from_bizlicense(v).expect("WeChat answer");
        return ("wechat".into(), scan);
    }
    let scan = bizlicense_tencent::convert::scan_from_bizlicense_ocr(v).expect("BizLicenseOCR");
    ("tencent.bizlicense_ocr".into(), scan)
}

/// Core JSON, VerifyBasicBizLicense, VerifyBizLicense or VerifyBizLicenseEnterprise4.
fn load_record(v: &Value) -> (String, RegistryRecord) {
    use bizlicense_tencent::convert as tc;
    if v.get("provider").is_some() {
        let rec = serde_json::from_value(v.clone()).expect("core RegistryRecord JSON");
        return ("core".into(), rec);
    }
    let b = body(v);
    if has_any(b, &["IsIdNumConsistent"]) {
        return (
            "tencent.enterprise4".into(),
            tc::record_from_enterprise4(v).expect("Enterprise4"),
        );
    }
    if has_any(b, &["Entname", "Regno", "Frname", "Entstatus"]) {
        return (
            "tencent.verify_basic".into(),
            tc::record_from_verify_basic(v).expect("basic"),
        );
    }
    (
        "tencent.verify_detailed".into(),
        tc::record_from_verify_detailed(v).expect("VerifyBizLicense"),
    )
}

fn case_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(cases_dir())
        .expect("tests/cases exists")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".scan.json").map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

#[test]
fn every_case_matches_its_snapshot() {
    let names = case_names();
    assert!(names.len() >= 40, "only {} cases", names.len());
    let engine = Engine::default();
    let as_of = date(2025, 6, 1);
    for name in names {
        let dir = cases_dir();
        let scan_json = read_json(&dir.join(format!("{name}.scan.json")));
        let record_json = read_json(&dir.join(format!("{name}.registry.json")));
        let (scan_format, scan) = load_scan(&scan_json);
        let (record_format, record) = load_record(&record_json);
        let report = engine.reconcile(&scan, &record, as_of);
        assert_eq!(report.fields.len(), 9, "{name}");
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("cases/snapshots");
        settings.set_prepend_module_to_snapshot(false);
        settings.set_info(&serde_json::json!({
            "scan_format": scan_format,
            "registry_format": record_format,
        }));
        settings.bind(|| insta::assert_json_snapshot!(name.as_str(), report));
    }
}

#[test]
fn every_case_says_what_it_proves() {
    for name in case_names() {
        let path = cases_dir().join(format!("{name}.scan.json"));
        let text = std::fs::read_to_string(&path).expect("readable");
        let v: Value = serde_json::from_str(&text).expect("json");
        let comment = v.get("_comment").and_then(Value::as_str).unwrap_or("");
        assert!(!comment.trim().is_empty(), "{name} has no _comment");
        assert!(
            cases_dir().join(format!("{name}.registry.json")).exists(),
            "{name}: no registry file"
        );
    }
}

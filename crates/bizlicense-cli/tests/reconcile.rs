//! `bizlicense reconcile` on raw provider files.

mod common;

use common::{code, run, stderr, stdout, testdata};
use serde_json::Value;

fn reconcile_json(scan: &str, registry: &str) -> Value {
    let o = run(
        &[
            "reconcile",
            "--scan",
            &testdata(scan),
            "--registry",
            &testdata(registry),
            "--as-of",
            "2025-01-01",
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).expect("the report is JSON")
}

#[test]
fn wechat_scan_against_verify_biz_license_passes() {
    let r = reconcile_json("wechat-ocr.json", "tencent-verify-detailed.json");
    assert_eq!(r["decision"], "pass");
    assert_eq!(r["reasons"], serde_json::json!([]));
    let fields: Vec<&str> = r["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "credit_code",
            "name",
            "legal_representative",
            "address",
            "registered_capital",
            "established_date",
            "valid_period",
            "enterprise_type",
            "business_scope"
        ]
    );
    // Half-width vs full-width brackets: equivalent, not a mismatch.
    assert_eq!(r["fields"][1]["verdict"], "equivalent");
    let keys: Vec<&str> = r.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys.len(), 4, "{keys:?}");
}

#[test]
fn bizlicense_ocr_against_a_cancelled_bare_basic_record_fails() {
    let r = reconcile_json(
        "tencent-bizlicense-ocr.json",
        "tencent-verify-basic-bare.json",
    );
    assert_eq!(r["decision"], "fail");
    let reasons: Vec<&str> = r["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"status_dead"), "{reasons:?}");
    assert!(reasons.contains(&"name_similar"), "{reasons:?}");
}

#[test]
fn enterprise4_flags_are_read() {
    let r = reconcile_json("wechat-ocr.json", "tencent-enterprise4.json");
    assert!(r["decision"].is_string());
    assert_eq!(r["fields"].as_array().unwrap().len(), 9);
}

#[test]
fn table_output_shows_decision_and_fields() {
    let o = run(
        &[
            "reconcile",
            "--scan",
            &testdata("tencent-bizlicense-ocr.json"),
            "--registry",
            &testdata("tencent-verify-detailed.json"),
            "--as-of",
            "2025-01-01",
        ],
        None,
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("decision: review (name_similar)"), "{out}");
    assert!(out.contains("legal_representative"), "{out}");
}

#[test]
fn an_unknown_file_exits_2_naming_the_formats_tried() {
    let o = run(
        &[
            "reconcile",
            "--scan",
            &testdata("not-a-license.json"),
            "--registry",
            &testdata("tencent-verify-detailed.json"),
        ],
        None,
    );
    assert_eq!(code(&o), 2);
    let err = stderr(&o);
    assert!(err.starts_with("error: "), "{err}");
    assert!(err.contains("WeChat OCR"), "{err}");
    assert!(err.contains("Tencent BizLicenseOCR"), "{err}");
    assert!(err.contains("\nhint: "), "{err}");
    assert!(stdout(&o).is_empty());

    let o = run(
        &[
            "reconcile",
            "--scan",
            &testdata("wechat-ocr.json"),
            "--registry",
            &testdata("not-a-license.json"),
        ],
        None,
    );
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("Tencent VerifyBizLicense"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unreadable_input_and_swapped_sides_exit_2() {
    for (scan, registry, expected) in [
        (
            "not-json.txt",
            "tencent-verify-detailed.json",
            "not valid JSON",
        ),
        (
            "missing.json",
            "tencent-verify-detailed.json",
            "cannot read --scan file",
        ),
        (
            "tencent-verify-detailed.json",
            "wechat-ocr.json",
            "swap the files",
        ),
    ] {
        let o = run(
            &[
                "reconcile",
                "--scan",
                &testdata(scan),
                "--registry",
                &testdata(registry),
            ],
            None,
        );
        assert_eq!(code(&o), 2, "{scan}");
        assert!(stderr(&o).contains(expected), "{scan}: {}", stderr(&o));
    }
    let o = run(
        &[
            "reconcile",
            "--scan",
            &testdata("wechat-ocr.json"),
            "--registry",
            &testdata("tencent-verify-detailed.json"),
            "--as-of",
            "yesterday",
        ],
        None,
    );
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("YYYY-MM-DD"), "{}", stderr(&o));
}

//! The report's JSON shape (a public contract), the table, and the core `Reconciler` impl.

use bizlicense_core::{DocumentFlag, LicenseScan, Reconciler, RegistryRecord, jiff::civil::date};
use bizlicense_reconcile::{Decision, Engine, Reason, Report};

fn pair() -> (LicenseScan, RegistryRecord) {
    let mut scan = LicenseScan::new("test");
    scan.credit_code = Some("91440300708461136T".into());
    scan.name = Some("腾讯科技（深圳）有限公司".into());
    scan.document_flags = vec![DocumentFlag::Reprint];
    let mut rec = RegistryRecord::new("test");
    rec.credit_code = Some("91440300708461136T".into());
    rec.name = Some("腾讯科技(深圳)有限公司".into());
    rec.status = Some("存续".into());
    (scan, rec)
}

#[test]
fn json_keys_and_order_are_the_contract() {
    let (scan, rec) = pair();
    let report = Engine::default().reconcile(&scan, &rec, date(2025, 6, 1));
    let text = serde_json::to_string(&report).unwrap();
    let keys = ["\"decision\"", "\"reasons\"", "\"fields\"", "\"warnings\""];
    let pos: Vec<usize> = keys.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(pos.windows(2).all(|w| w[0] < w[1]), "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["decision"], "review");
    assert_eq!(v["reasons"], serde_json::json!(["document_suspect"]));
    let ids: Vec<&str> = v["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
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
    let name = &v["fields"][1];
    assert_eq!(name["verdict"], "equivalent");
    assert_eq!(name["scan"], "腾讯科技（深圳）有限公司");
    assert_eq!(name["score"], 1.0);
    let address = &v["fields"][3];
    assert_eq!(address["verdict"], "missing");
    assert!(address["scan"].is_null() && address["registry"].is_null());
    let field_keys: Vec<&String> = name.as_object().unwrap().keys().collect();
    assert_eq!(field_keys.len(), 6);
    // Round trip: clients can read reports back.
    let back: Report = serde_json::from_str(&text).unwrap();
    assert_eq!(back, report);
}

#[test]
fn table_names_every_field_and_the_decision() {
    let (scan, rec) = pair();
    let t = Engine::default()
        .reconcile(&scan, &rec, date(2025, 6, 1))
        .to_table();
    assert!(t.starts_with("decision: review (document_suspect)"), "{t}");
    for f in [
        "credit_code",
        "name",
        "business_scope",
        "equivalent",
        "missing",
    ] {
        assert!(t.contains(f), "{f} not in\n{t}");
    }
    assert!(t.contains("warning document_suspect"), "{t}");
}

#[test]
fn engine_is_a_core_reconciler() {
    fn via_trait<R: Reconciler<Report = Report>>(
        r: &R,
        s: &LicenseScan,
        rec: &RegistryRecord,
    ) -> Report {
        r.reconcile(s, rec, date(2025, 6, 1))
    }
    let (mut scan, rec) = pair();
    scan.document_flags.clear();
    let report = via_trait(&Engine::default(), &scan, &rec);
    assert_eq!(report.decision, Decision::Pass);
    assert!(!report.has_reason(Reason::DocumentSuspect));
}

//! What each fuzz target does with one input, shared by the targets (`fuzz_targets/*.rs`)
//! and by the corpus regression test (`tests/fuzz_corpus.rs` at the repository root), so CI
//! replays every corpus and crash file through exactly the code the fuzzer ran.
//!
//! Each function must never panic on any input; where a parser accepts an input, it also
//! checks an invariant (a parsed code re-parses to itself, a loaded scan serializes).

use bizlicense::ident::{CreditCode, OrgCode, RegNo, RegistrationId};
use serde_json::Value;

/// What a fuzz target runs on one input.
pub type Target = fn(&[u8]);

/// The fuzz targets, by corpus directory name.
pub const TARGETS: &[(&str, Target)] = &[
    ("ident", ident),
    ("tencent_convert", tencent_convert),
    ("wechat_convert", wechat_convert),
    ("load", load),
    ("normalize", normalize),
];

/// Identifier parsing: every parser; accepted codes are stable under re-parsing.
pub fn ident(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    if let Ok(c) = CreditCode::parse(&s) {
        let again = CreditCode::parse(c.as_str()).expect("a parsed credit code re-parses");
        assert_eq!(again, c);
        assert_eq!(c.as_str().len(), 18);
    }
    if let Ok(r) = RegNo::parse(&s) {
        assert_eq!(RegNo::parse(r.as_str()).expect("re-parses"), r);
    }
    if let Ok(o) = OrgCode::parse(&s) {
        assert_eq!(OrgCode::parse(o.as_str()).expect("re-parses"), o);
    }
    if let Ok(id) = RegistrationId::parse(&s) {
        assert_eq!(RegistrationId::parse(id.as_str()).expect("re-parses"), id);
    }
}

fn json(data: &[u8]) -> Option<Value> {
    serde_json::from_slice(data).ok()
}

/// Every Tencent response parser: the raw-JSON converters and the typed wire types with their
/// conversions into core types.
pub fn tencent_convert(data: &[u8]) {
    use bizlicense::tencent::{convert, wire};
    if let Some(v) = json(data) {
        let _ = convert::scan_from_bizlicense_ocr(&v);
        let _ = convert::record_from_verify_basic(&v);
        let _ = convert::record_from_verify_detailed(&v);
        let _ = convert::record_from_enterprise3(&v);
        let _ = convert::record_from_enterprise4(&v);
        let _ = convert::consistency_flag(v.as_str());
        let _ = convert::status_text(v.as_str().unwrap_or(""));
    }
    if let Ok(r) = serde_json::from_slice::<wire::BizLicenseOcrResponse>(data) {
        let _ = bizlicense::LicenseScan::from(r);
    }
    if let Ok(r) = serde_json::from_slice::<wire::VerifyBasicBizLicenseResponse>(data) {
        let _ = bizlicense::RegistryRecord::try_from(r);
    }
    if let Ok(r) = serde_json::from_slice::<wire::VerifyBizLicenseResponse>(data) {
        let _ = bizlicense::RegistryRecord::try_from(r);
    }
    if let Ok(r) = serde_json::from_slice::<wire::VerifyBizLicenseEnterprise3Response>(data) {
        let _ = bizlicense::RegistryRecord::try_from(r);
    }
    if let Ok(r) = serde_json::from_slice::<wire::VerifyBizLicenseEnterprise4Response>(data) {
        let _ = bizlicense::RegistryRecord::try_from(r);
    }
}

/// The WeChat parsers: raw JSON -> scan, and the wire types.
pub fn wechat_convert(data: &[u8]) {
    use bizlicense::wechat::{convert, wire};
    if let Some(v) = json(data)
        && let Ok(scan) = convert::scan_from_bizlicense(&v)
    {
        serde_json::to_string(&scan).expect("a scan serializes");
    }
    if let Ok(r) = serde_json::from_slice::<wire::BizLicenseResponse>(data) {
        let _ = bizlicense::LicenseScan::from(r);
    }
    let _ = serde_json::from_slice::<wire::TokenResponse>(data);
    let _ = serde_json::from_slice::<wire::Envelope>(data);
    let _ = serde_json::from_slice::<wire::IdCardResponse>(data);
}

/// The format-detecting loader, both sides.
pub fn load(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok((scan, _)) = bizlicense::load::load_scan_str(s) {
        serde_json::to_string(&scan).expect("a loaded scan serializes");
    }
    if let Ok((record, _)) = bizlicense::load::load_record_str(s) {
        serde_json::to_string(&record).expect("a loaded record serializes");
    }
}

/// Text normalization (the reconcile engine's first step on every field).
pub fn normalize(data: &[u8]) {
    let s = String::from_utf8_lossy(data);
    let n = bizlicense::reconcile::normalize::normalize_text(&s);
    std::hint::black_box(n);
}

//! The seed's example responses (and constructed current-API responses) convert into core types
//! with every field where it belongs.

use bizlicense_core::{Currency, DocumentFlag, ErrorKind, Money, PeriodEnd, ValidPeriod};
use bizlicense_tencent::convert;
use bizlicense_tencent::wire::{self, Envelope};
use jiff::civil::date;
use rust_decimal::Decimal;
use serde_json::Value;

fn load(path: &str) -> Value {
    let full = format!("{}/testdata/{path}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&full).unwrap()).unwrap()
}

const NAME: &str = "腾讯云计算（北京）有限责任公司";
const ADDRESS: &str = "北京市海淀区知春路49号3层西部309";

#[test]
fn seed_basic_by_fields() {
    let json = load("seed/verify_basic_by_fields.json");
    let r = convert::record_from_verify_basic(&json).unwrap();
    assert_eq!(r.provider, "tencent.verify_basic");
    assert_eq!(
        r.request_id.as_deref(),
        Some("8d9627c4-eb52-4a8d-8565-5b07ad436c9f")
    );
    assert_eq!(r.credit_code.as_deref(), Some("911101085636549482"));
    assert_eq!(r.reg_no.as_deref(), Some("110108013297537"));
    assert_eq!(r.original_reg_no, None, "Oriregno is empty");
    assert_eq!(r.org_code, None);
    assert_eq!(r.name.as_deref(), Some(NAME));
    assert_eq!(r.legal_representative.as_deref(), Some("谢兰芳"));
    assert_eq!(r.address.as_deref(), Some(ADDRESS));
    assert_eq!(r.status.as_deref(), Some("在营"));
    assert!(
        r.business_scope
            .as_deref()
            .unwrap()
            .starts_with("利用互联网经营游戏产品运营")
    );
    assert!(
        r.business_scope
            .as_deref()
            .unwrap()
            .ends_with("经营活动。）")
    );
    // Opto "" = end unknown (see convert::verify docs).
    assert_eq!(
        r.valid_period,
        Some(ValidPeriod::new(
            Some(date(2010, 10, 21)),
            PeriodEnd::Unknown
        ))
    );
    assert_eq!(r.registered_capital, None, "RegCapital was not requested");
    assert_eq!(r.established_date, None);
    assert_eq!(r.consistency.credit_code, Some(true));
    assert_eq!(r.consistency.name, Some(true));
    assert_eq!(r.consistency.address, Some(true));
    assert_eq!(r.consistency.legal_representative, None);
    assert_eq!(r.consistency.overall, None);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(r.raw.as_ref(), Some(&json));
}

#[test]
fn seed_basic_by_image_never_copies_the_echo() {
    let json = load("seed/verify_basic_by_image.json");
    let r = convert::record_from_verify_basic(&json).unwrap();
    // VerifyEntname is the query's half-width-bracket name; the record keeps the registry's.
    assert_eq!(r.name.as_deref(), Some(NAME));
    assert_eq!(r.consistency.name, Some(false));
    assert_eq!(r.consistency.credit_code, Some(true));
    assert_eq!(r.consistency.address, Some(true));
    assert_eq!(
        r.request_id.as_deref(),
        Some("b469636f-efbe-4016-b3e6-c74d7389b346")
    );
    let mut r = r;
    r.raw = None;
    let text = serde_json::to_string(&r).unwrap();
    assert!(
        !text.contains("腾讯云计算(北京)"),
        "the echo leaked into the record: {text}"
    );
}

#[test]
fn seed_detailed_by_image() {
    let json = load("seed/verify_detailed_by_image.json");
    let r = convert::record_from_verify_detailed(&json).unwrap();
    assert_eq!(r.provider, "tencent.verify_detailed");
    assert_eq!(
        r.request_id.as_deref(),
        Some("3ec63378-af53-4b26-babc-4dbb63c84716")
    );
    assert_eq!(r.credit_code.as_deref(), Some("911101085636549482"));
    assert_eq!(r.org_code.as_deref(), Some("563654948"));
    assert_eq!(r.reg_no.as_deref(), Some("110108013297537"));
    assert_eq!(r.original_reg_no, None);
    assert_eq!(r.name.as_deref(), Some(NAME));
    assert_eq!(r.legal_representative.as_deref(), Some("谢兰芳"));
    assert_eq!(r.address.as_deref(), Some(ADDRESS));
    assert_eq!(r.status.as_deref(), Some("在营（开业）"));
    assert_eq!(
        r.registered_capital,
        Some(Money::new(Decimal::from(142_500_000), Currency::Cny))
    );
    assert_eq!(
        r.registration_authority.as_deref(),
        Some("北京市工商行政管理局海淀分局")
    );
    assert_eq!(r.established_date, Some(date(2010, 10, 21)));
    assert_eq!(r.approval_date, Some(date(2019, 11, 20)));
    assert_eq!(r.cancel_date, None);
    assert_eq!(r.revoke_date, None);
    assert_eq!(r.enterprise_type.as_deref(), Some("其他有限责任公司"));
    assert_eq!(
        r.valid_period,
        Some(ValidPeriod::new(
            Some(date(2010, 10, 21)),
            PeriodEnd::Date(date(2030, 10, 20))
        ))
    );
    assert_eq!(r.province.as_deref(), Some("北京"));
    assert_eq!(r.city.as_deref(), Some("北京市"));
    assert_eq!(r.county.as_deref(), Some("海淀区"));
    assert_eq!(r.area_code.as_deref(), Some("110108"));
    assert!(
        r.business_scope
            .as_deref()
            .unwrap()
            .starts_with("利用互联网")
    );
    assert_eq!(r.consistency.credit_code, Some(true));
    assert_eq!(r.consistency.name, Some(false));
    assert_eq!(r.consistency.address, Some(true));
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
    assert_eq!(r.raw.as_ref(), Some(&json));
}

#[test]
fn seed_detailed_by_fields() {
    let json = load("seed/verify_detailed_by_fields.json");
    let r = convert::record_from_verify_detailed(&json).unwrap();
    assert_eq!(
        r.request_id.as_deref(),
        Some("57e3bcf6-547c-4b1a-88d5-8f11de49850b")
    );
    assert_eq!(r.county, None, "County is empty in this example");
    assert_eq!(r.consistency.name, Some(true));
    assert_eq!(r.name.as_deref(), Some(NAME));
}

#[test]
fn without_envelope_is_the_same() {
    let json = load("seed/verify_detailed_by_image.json");
    let inner = json["Response"].clone();
    let mut a = convert::record_from_verify_detailed(&json).unwrap();
    let mut b = convert::record_from_verify_detailed(&inner).unwrap();
    assert_eq!(b.raw.as_ref(), Some(&inner));
    a.raw = None;
    b.raw = None;
    assert_eq!(a, b);
}

#[test]
fn seed_error_envelope() {
    let json = load("seed/error_signature_failure.json");
    for result in [
        convert::record_from_verify_basic(&json).map(|_| ()),
        convert::record_from_verify_detailed(&json).map(|_| ()),
        convert::record_from_enterprise3(&json).map(|_| ()),
        convert::record_from_enterprise4(&json).map(|_| ()),
        convert::scan_from_bizlicense_ocr(&json).map(|_| ()),
    ] {
        let e = result.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Auth);
        let pe = e.into_provider_error("tencent.verify_basic");
        assert_eq!(pe.code(), Some("AuthFailure.SignatureFailure"));
        assert_eq!(
            pe.request_id(),
            Some("ed93f3cb-f35e-473f-b9f3-0d451b8b79c6")
        );
    }
}

#[test]
fn seed_responses_round_trip_through_the_wire_types() {
    // The emulator serializes responses with these types: nothing may be lost or renamed.
    for path in [
        "seed/verify_basic_by_fields.json",
        "seed/verify_basic_by_image.json",
    ] {
        let json = load(path);
        let typed: Envelope<wire::VerifyBasicBizLicenseResponse> =
            serde_json::from_value(json.clone()).unwrap();
        assert_eq!(serde_json::to_value(&typed).unwrap(), json, "{path}");
    }
    for path in [
        "seed/verify_detailed_by_image.json",
        "seed/verify_detailed_by_fields.json",
    ] {
        let json = load(path);
        let typed: Envelope<wire::VerifyBizLicenseResponse> =
            serde_json::from_value(json.clone()).unwrap();
        assert_eq!(serde_json::to_value(&typed).unwrap(), json, "{path}");
    }
    let json = load("seed/error_signature_failure.json");
    let typed: Envelope<wire::ErrorResponse> = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(serde_json::to_value(&typed).unwrap(), json);
    for (path, f) in [
        ("current/bizlicense_ocr.json", 0),
        ("current/enterprise3_match.json", 1),
        ("current/enterprise4_mismatch.json", 2),
    ] {
        let json = load(path);
        let back = match f {
            0 => serde_json::to_value(
                serde_json::from_value::<Envelope<wire::BizLicenseOcrResponse>>(json.clone())
                    .unwrap(),
            ),
            1 => serde_json::to_value(
                serde_json::from_value::<Envelope<wire::VerifyBizLicenseEnterprise3Response>>(
                    json.clone(),
                )
                .unwrap(),
            ),
            _ => serde_json::to_value(
                serde_json::from_value::<Envelope<wire::VerifyBizLicenseEnterprise4Response>>(
                    json.clone(),
                )
                .unwrap(),
            ),
        }
        .unwrap();
        assert_eq!(back, json, "{path}");
    }
}

#[test]
fn bizlicense_ocr_fields() {
    let json = load("current/bizlicense_ocr.json");
    let s = convert::scan_from_bizlicense_ocr(&json).unwrap();
    assert_eq!(s.provider, "tencent.bizlicense_ocr");
    assert_eq!(
        s.request_id.as_deref(),
        Some("0f4c2a83-7b55-4c0e-9e0a-5d0a1f1e2b3c")
    );
    assert_eq!(s.credit_code.as_deref(), Some("911101085636549482"));
    assert_eq!(s.name.as_deref(), Some(NAME));
    assert_eq!(
        s.registered_capital.as_deref(),
        Some("壹亿肆仟贰佰伍拾万元整")
    );
    assert_eq!(s.paid_in_capital, None);
    assert_eq!(s.legal_representative.as_deref(), Some("谢兰芳"));
    assert_eq!(s.address.as_deref(), Some(ADDRESS));
    assert!(
        s.business_scope
            .as_deref()
            .unwrap()
            .starts_with("利用互联网")
    );
    assert_eq!(s.enterprise_type.as_deref(), Some("其他有限责任公司"));
    assert_eq!(
        s.valid_period.as_deref(),
        Some("2010年10月21日至2030年10月20日")
    );
    assert_eq!(s.composing_form, None);
    assert_eq!(s.established_date.as_deref(), Some("2010年10月21日"));
    assert_eq!(s.registration_date.as_deref(), Some("2019年11月20日"));
    assert_eq!(s.title.as_deref(), Some("营业执照"));
    assert_eq!(s.serial_number.as_deref(), Some("110108012345678"));
    assert_eq!(
        s.registration_authority.as_deref(),
        Some("北京市海淀区市场监督管理局")
    );
    assert_eq!(s.electronic, Some(false));
    assert_eq!(s.document_flags, vec![DocumentFlag::Copy]);
    let codes: Vec<&str> = s.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(
        codes,
        ["business_scope_unreadable", "license_duplicate_original"]
    );
    assert_eq!(s.position, None);
    assert_eq!(s.raw.as_ref(), Some(&json));
}

#[test]
fn enterprise3_match() {
    let json = load("current/enterprise3_match.json");
    let r = convert::record_from_enterprise3(&json).unwrap();
    assert_eq!(r.provider, "tencent.enterprise3");
    assert_eq!(
        r.request_id.as_deref(),
        Some("6a1d8b4e-2f0c-4c1f-8a5e-3b9d7c2e1f00")
    );
    assert_eq!(r.consistency.overall, Some(true));
    assert_eq!(r.status.as_deref(), Some("在营（开业）"));
    assert_eq!(r.status_code.as_deref(), Some("1"));
    assert_eq!(r.name, None, "Enterprise3 returns no registry values");
    assert_eq!(r.raw.as_ref(), Some(&json));
}

#[test]
fn enterprise4_mismatch() {
    let json = load("current/enterprise4_mismatch.json");
    let r = convert::record_from_enterprise4(&json).unwrap();
    assert_eq!(r.provider, "tencent.enterprise4");
    assert_eq!(r.consistency.overall, Some(false));
    assert_eq!(r.consistency.credit_code, Some(true));
    assert_eq!(r.consistency.name, Some(true));
    assert_eq!(r.consistency.legal_representative, Some(true));
    assert_eq!(r.consistency.id_number, Some(false));
    assert_eq!(r.consistency.address, None);
    assert_eq!(r.status.as_deref(), Some("吊销"));
    assert_eq!(r.status_code.as_deref(), Some("4"));
    assert_eq!(
        r.valid_period,
        Some(ValidPeriod::new(
            Some(date(2010, 10, 21)),
            PeriodEnd::Indefinite
        ))
    );
    assert_eq!(
        r.request_id.as_deref(),
        Some("c2b7e0d1-9a3f-4e6b-8d2c-1f0e9a8b7c6d")
    );
}

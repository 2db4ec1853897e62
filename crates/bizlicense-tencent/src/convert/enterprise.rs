//! `VerifyBizLicenseEnterprise3/4` -> [`RegistryRecord`].
//!
//! These answer yes/no: the record carries consistency flags, the operating status (code and
//! text) and, for Enterprise4, the operating period; no registry values. `StatusCode` 1 (system
//! error, not billed) is `Unavailable` and retried; Enterprise3's `StatusCode` 2 (no record) is
//! `NotFound`.

use bizlicense_core::{ErrorKind, PeriodEnd, RegistryRecord, ValidPeriod, Warning, non_empty};
use serde_json::Value;

use super::{ConvertError, ID_ENTERPRISE3, ID_ENTERPRISE4, parse_body};
use crate::wire::{VerifyBizLicenseEnterprise3Response, VerifyBizLicenseEnterprise4Response};

/// `OperatingStatus` codes and the registry wording they stand for (`None`: no status known).
/// The wording is chosen from the status vocabulary the verify actions use, so reconciliation's
/// status table classifies it (`在营（开业）` live, `注销`/`吊销`/`撤销` dead, ...).
pub static OPERATING_STATUS: &[(&str, Option<&str>)] = &[
    ("1", Some("在营（开业）")),
    ("2", Some("迁出")),
    ("3", Some("注销")),
    ("4", Some("吊销")),
    ("5", Some("撤销")),
    ("6", Some("停业")),
    ("7", Some("撤销登记")),
    ("0", Some("其他")),
    ("/", None),
    ("-10002", None),
];

/// The registry wording of an `OperatingStatus` code; `None` for unknown codes and for the
/// codes that mean "cannot query".
pub fn status_text(code: &str) -> Option<&'static str> {
    OPERATING_STATUS
        .iter()
        .find(|(c, _)| *c == code.trim())
        .and_then(|(_, t)| *t)
}

fn status(rec: &mut RegistryRecord, code: Option<String>) {
    let Some(code) = non_empty(code) else { return };
    let code = code.trim().to_owned();
    match OPERATING_STATUS.iter().find(|(c, _)| *c == code) {
        Some((_, Some(text))) => rec.status = Some((*text).to_owned()),
        Some((_, None)) => rec.warnings.push(Warning::new(
            "status_unknown",
            format!("OperatingStatus {code:?}: the registry could not be queried for the status"),
        )),
        None => rec.warnings.push(Warning::new(
            "status_code_unknown",
            format!("OperatingStatus {code:?} is not a documented code"),
        )),
    }
    rec.status_code = Some(code);
}

fn overall(verify_result: Option<i64>) -> Option<bool> {
    match verify_result {
        Some(1) => Some(true),
        Some(0) => Some(false),
        _ => None,
    }
}

fn status_code_error(
    action: &'static str,
    code: i64,
    request_id: Option<String>,
) -> Option<ConvertError> {
    let (kind, detail) = match code {
        0 => return None,
        1 => (
            ErrorKind::Unavailable,
            "StatusCode 1: system error (not billed)".to_owned(),
        ),
        2 => (
            ErrorKind::NotFound,
            "StatusCode 2: no record found (not billed)".to_owned(),
        ),
        other => (ErrorKind::Other, format!("StatusCode {other}")),
    };
    Some(ConvertError::Unsuccessful {
        action,
        kind,
        detail,
        request_id,
    })
}

impl TryFrom<VerifyBizLicenseEnterprise3Response> for RegistryRecord {
    type Error = ConvertError;

    /// Only the overall verdict is known (which elements were checked depends on the request's
    /// `VerifyType`); [`TencentVerifier`](crate::TencentVerifier) fills per-field flags.
    fn try_from(r: VerifyBizLicenseEnterprise3Response) -> Result<Self, ConvertError> {
        if let Some(e) = r
            .status_code
            .and_then(|c| status_code_error("VerifyBizLicenseEnterprise3", c, r.request_id.clone()))
        {
            return Err(e);
        }
        let mut rec = RegistryRecord::new(ID_ENTERPRISE3);
        rec.request_id = non_empty(r.request_id);
        rec.consistency.overall = overall(r.verify_result);
        status(&mut rec, r.operating_status);
        Ok(rec)
    }
}

impl TryFrom<VerifyBizLicenseEnterprise4Response> for RegistryRecord {
    type Error = ConvertError;

    fn try_from(r: VerifyBizLicenseEnterprise4Response) -> Result<Self, ConvertError> {
        if let Some(e) = r
            .status_code
            .and_then(|c| status_code_error("VerifyBizLicenseEnterprise4", c, r.request_id.clone()))
        {
            return Err(e);
        }
        let mut rec = RegistryRecord::new(ID_ENTERPRISE4);
        rec.request_id = non_empty(r.request_id);
        rec.consistency.overall = overall(r.verify_result);
        rec.consistency.credit_code = r.is_credit_code_consistent;
        rec.consistency.name = r.is_ent_name_consistent;
        rec.consistency.legal_representative = r.is_lr_name_consistent;
        rec.consistency.id_number = r.is_id_num_consistent;
        status(&mut rec, r.operating_status);
        if let Some(p) = non_empty(r.operating_period) {
            let p = p.trim();
            if p != "/" {
                match ValidPeriod::parse(p) {
                    Some(v) if v.start.is_some() || v.end != PeriodEnd::Unknown => {
                        rec.valid_period = Some(v);
                    }
                    Some(_) => {}
                    None => rec.warnings.push(Warning::new(
                        "period_unparsed",
                        format!(
                            "OperatingPeriod {p:?} is not yyyy-MM-dd/yyyy-MM-dd; it was left out"
                        ),
                    )),
                }
            }
        }
        Ok(rec)
    }
}

/// Convert a raw `VerifyBizLicenseEnterprise3` response (with or without the envelope).
pub fn record_from_enterprise3(json: &Value) -> Result<RegistryRecord, ConvertError> {
    let body: VerifyBizLicenseEnterprise3Response =
        parse_body(json, "VerifyBizLicenseEnterprise3", &["StatusCode"])?;
    let mut rec = RegistryRecord::try_from(body)?;
    rec.raw = Some(json.clone());
    Ok(rec)
}

/// Convert a raw `VerifyBizLicenseEnterprise4` response (with or without the envelope).
pub fn record_from_enterprise4(json: &Value) -> Result<RegistryRecord, ConvertError> {
    let body: VerifyBizLicenseEnterprise4Response =
        parse_body(json, "VerifyBizLicenseEnterprise4", &["StatusCode"])?;
    let mut rec = RegistryRecord::try_from(body)?;
    rec.raw = Some(json.clone());
    Ok(rec)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use serde_json::json;

    #[test]
    fn every_status_code() {
        for (code, text) in OPERATING_STATUS {
            let rec = record_from_enterprise3(&json!({"StatusCode": 0, "VerifyResult": 1,
                "OperatingStatus": code}))
            .unwrap();
            assert_eq!(rec.status.as_deref(), *text, "{code}");
            assert_eq!(rec.status_code.as_deref(), Some(*code));
            assert_eq!(rec.warnings.is_empty(), text.is_some(), "{code}");
        }
        let rec =
            record_from_enterprise3(&json!({"StatusCode": 0, "OperatingStatus": "42"})).unwrap();
        assert_eq!(rec.status, None);
        assert_eq!(rec.warnings[0].code, "status_code_unknown");
    }

    #[test]
    fn status_codes_map_to_kinds() {
        let e = record_from_enterprise3(&json!({"StatusCode": 2, "RequestId": "r"})).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        let e = record_from_enterprise4(&json!({"StatusCode": 1})).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unavailable);
        assert!(e.into_provider_error(ID_ENTERPRISE4).is_retryable());
    }

    #[test]
    fn enterprise4_periods() {
        let p = |s: &str| {
            record_from_enterprise4(&json!({"StatusCode": 0, "OperatingPeriod": s}))
                .unwrap()
                .valid_period
        };
        assert_eq!(
            p("2010-10-21/2030-10-20"),
            Some(ValidPeriod::new(
                Some(date(2010, 10, 21)),
                PeriodEnd::Date(date(2030, 10, 20))
            ))
        );
        assert_eq!(
            p("2010-10-21/"),
            Some(ValidPeriod::new(
                Some(date(2010, 10, 21)),
                PeriodEnd::Indefinite
            ))
        );
        assert_eq!(p("/"), None);
        assert_eq!(p(""), None);
    }
}

//! `VerifyBasicBizLicense` / `VerifyBizLicense` -> [`RegistryRecord`].
//!
//! Decisions:
//! - `Verify*` fields (`VerifyRegno`, `VerifyEntname`, `VerifyDom`, `VerifyRegNo`,
//!   `VerifyEnterpriseName`, `VerifyAddress`) echo the query: they never land in the record.
//! - `RegNumResult` flags: `"0"` -> `Some(true)`, `"-1"` -> `Some(false)`, `""`/absent -> `None`;
//!   any other value -> `None` plus a `consistency_flag_unknown` warning.
//! - Capital is in 万元: `RegCapital` (basic: no currency field, so `Currency::Unspecified`;
//!   a foreign-capital company's amount is in its own currency) and `RegCap` with `RegCapCur`
//!   (detailed; an empty currency is taken as CNY with a warning).
//! - Valid period: an empty end (`Opto: ""`) means **unknown**, not indefinite: the seed answers
//!   `Opto: ""` for the very company whose detailed record says `OpenTo: "2030-10-20"`. Words
//!   such as 长期/永久 mean indefinite. No start and no end -> no period at all.
//! - `ErrorCode` other than 0: the call did not succeed ([`ConvertError::Unsuccessful`]), kind
//!   `NotFound` when the answer carries no registry value, `Other` otherwise; the message quotes
//!   `Reason`.

use bizlicense_core::{
    Consistency, Currency, ErrorKind, Money, PeriodEnd, RegistryRecord, ValidPeriod, Warning,
    is_indefinite, non_empty, parse_date,
};
use rust_decimal::Decimal;
use serde_json::Value;

use super::{ConvertError, ID_VERIFY_BASIC, ID_VERIFY_DETAILED, parse_body};
use crate::wire::{
    BizLicenseVerifyResult, VerifyBasicBizLicenseResponse, VerifyBizLicenseResponse,
};

const BASIC_MARKERS: &[&str] = &["Entname", "Regno", "Frname", "Entstatus", "Opfrom", "Dom"];
const DETAILED_MARKERS: &[&str] = &[
    "EnterpriseName",
    "RegNo",
    "FrName",
    "EnterpriseStatus",
    "OpenFrom",
    "RegCap",
];

/// A `BizLicenseVerifyResult` flag as a consistency answer: `"0"` matches, `"-1"` does not,
/// `""` not checked. `Err` for any other value.
pub fn consistency_flag(flag: Option<&str>) -> Result<Option<bool>, String> {
    match flag.map(str::trim) {
        None | Some("") => Ok(None),
        Some("0") => Ok(Some(true)),
        Some("-1") => Ok(Some(false)),
        Some(other) => Err(other.to_owned()),
    }
}

fn apply_verify_result(record: &mut RegistryRecord, result: Option<&BizLicenseVerifyResult>) {
    let Some(r) = result else { return };
    let mut c = Consistency::default();
    for (field, flag, slot) in [
        ("RegNum", r.reg_num.as_deref(), &mut c.credit_code),
        ("Name", r.name.as_deref(), &mut c.name),
        ("Address", r.address.as_deref(), &mut c.address),
    ] {
        match consistency_flag(flag) {
            Ok(v) => *slot = v,
            Err(v) => record.warnings.push(Warning::new(
                "consistency_flag_unknown",
                format!("RegNumResult.{field} is {v:?}, neither \"0\" nor \"-1\"; it was ignored"),
            )),
        }
    }
    record.consistency = c;
}

fn capital(
    record: &mut RegistryRecord,
    field: &str,
    amount: Option<&str>,
    currency: Option<Currency>,
) {
    let Some(text) = amount.map(str::trim).filter(|v| !v.is_empty()) else {
        return;
    };
    match text.parse::<Decimal>() {
        Ok(wan) => {
            record.registered_capital =
                Some(Money::from_wan(wan, currency.unwrap_or(Currency::Cny)));
        }
        Err(_) => record.warnings.push(Warning::new(
            "capital_unparsed",
            format!("the registry's {field} {text:?} is not a number of 万元; it was left out"),
        )),
    }
}

fn period(record: &mut RegistryRecord, from: Option<&str>, to: Option<&str>, names: (&str, &str)) {
    let start = record.parse_date_field(names.0, from);
    let to = to.map(str::trim).filter(|v| !v.is_empty());
    let end = match to {
        None => PeriodEnd::Unknown,
        Some(t) if is_indefinite(t) => PeriodEnd::Indefinite,
        Some(t) => match parse_date(t) {
            Some(d) => PeriodEnd::Date(d),
            None => {
                record.warnings.push(Warning::new(
                    "date_unparsed",
                    format!(
                        "the registry's {} {t:?} is not a date; the end is unknown",
                        names.1
                    ),
                ));
                PeriodEnd::Unknown
            }
        },
    };
    if start.is_some() || end != PeriodEnd::Unknown {
        record.valid_period = Some(ValidPeriod::new(start, end));
    }
}

fn unsuccessful(
    action: &'static str,
    code: i64,
    reason: Option<&str>,
    has_values: bool,
    request_id: Option<String>,
) -> ConvertError {
    ConvertError::Unsuccessful {
        action,
        kind: if has_values {
            ErrorKind::Other
        } else {
            ErrorKind::NotFound
        },
        detail: format!(
            "ErrorCode {code}{}",
            reason
                .map(|r| format!(", Reason {r:?}"))
                .unwrap_or_default()
        ),
        request_id,
    }
}

impl TryFrom<VerifyBasicBizLicenseResponse> for RegistryRecord {
    type Error = ConvertError;

    fn try_from(r: VerifyBasicBizLicenseResponse) -> Result<Self, ConvertError> {
        let has_values = [&r.entname, &r.credit_code, &r.regno]
            .iter()
            .any(|v| v.as_deref().is_some_and(|s| !s.trim().is_empty()));
        if let Some(code) = r.error_code.filter(|c| *c != 0) {
            return Err(unsuccessful(
                "VerifyBasicBizLicense",
                code,
                r.reason.as_deref(),
                has_values,
                r.request_id,
            ));
        }
        let mut rec = RegistryRecord::new(ID_VERIFY_BASIC);
        rec.request_id = non_empty(r.request_id);
        rec.credit_code = non_empty(r.credit_code);
        rec.reg_no = non_empty(r.regno);
        rec.original_reg_no = non_empty(r.oriregno);
        rec.name = non_empty(r.entname);
        rec.legal_representative = non_empty(r.frname);
        rec.address = non_empty(r.dom);
        rec.business_scope = non_empty(r.zsopscope);
        rec.status = non_empty(r.entstatus);
        capital(
            &mut rec,
            "RegCapital",
            r.reg_capital.as_deref(),
            Some(Currency::Unspecified),
        );
        rec.established_date = rec.parse_date_field("EstablishTime", r.establish_time.as_deref());
        period(
            &mut rec,
            r.opfrom.as_deref(),
            r.opto.as_deref(),
            ("Opfrom", "Opto"),
        );
        apply_verify_result(&mut rec, r.reg_num_result.as_ref());
        if let Some(reason) = r
            .reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty() && *r != "成功")
        {
            rec.warnings.push(Warning::new(
                "provider_reason",
                format!("Tencent's Reason: {reason}"),
            ));
        }
        Ok(rec)
    }
}

impl TryFrom<VerifyBizLicenseResponse> for RegistryRecord {
    type Error = ConvertError;

    fn try_from(r: VerifyBizLicenseResponse) -> Result<Self, ConvertError> {
        let has_values = [&r.enterprise_name, &r.credit_code, &r.reg_no]
            .iter()
            .any(|v| v.as_deref().is_some_and(|s| !s.trim().is_empty()));
        if let Some(code) = r.error_code.filter(|c| *c != 0) {
            return Err(unsuccessful(
                "VerifyBizLicense",
                code,
                None,
                has_values,
                r.request_id,
            ));
        }
        let mut rec = RegistryRecord::new(ID_VERIFY_DETAILED);
        rec.request_id = non_empty(r.request_id);
        rec.credit_code = non_empty(r.credit_code);
        rec.org_code = non_empty(r.org_code);
        rec.reg_no = non_empty(r.reg_no);
        rec.name = non_empty(r.enterprise_name);
        rec.legal_representative = non_empty(r.fr_name);
        rec.address = non_empty(r.address);
        rec.enterprise_type = non_empty(r.enterprise_type);
        rec.business_scope = non_empty(r.operate_scope).or(non_empty(r.operate_scope_and_form));
        rec.status = non_empty(r.enterprise_status);
        rec.registration_authority = non_empty(r.reg_org);
        rec.province = non_empty(r.province);
        rec.city = non_empty(r.city);
        rec.county = non_empty(r.county);
        rec.area_code = non_empty(r.area_code);

        let currency = r.reg_cap_cur.as_deref().and_then(Currency::parse);
        if currency.is_none() && non_empty(r.reg_cap.clone()).is_some() {
            rec.warnings.push(Warning::new(
                "capital_currency_assumed",
                "RegCapCur is empty; the registered capital is taken to be in 人民币",
            ));
        }
        capital(&mut rec, "RegCap", r.reg_cap.as_deref(), currency);
        rec.established_date = rec.parse_date_field("EsDate", r.es_date.as_deref());
        rec.approval_date = rec.parse_date_field("ApprDate", r.appr_date.as_deref());
        rec.cancel_date = rec.parse_date_field("CancelDate", r.cancel_date.as_deref());
        rec.revoke_date = rec.parse_date_field("RevokeDate", r.revoke_date.as_deref());
        period(
            &mut rec,
            r.open_from.as_deref(),
            r.open_to.as_deref(),
            ("OpenFrom", "OpenTo"),
        );
        apply_verify_result(&mut rec, r.reg_num_result.as_ref());
        Ok(rec)
    }
}

/// Convert a raw `VerifyBasicBizLicense` response (with or without the envelope).
pub fn record_from_verify_basic(json: &Value) -> Result<RegistryRecord, ConvertError> {
    let body: VerifyBasicBizLicenseResponse =
        parse_body(json, "VerifyBasicBizLicense", BASIC_MARKERS)?;
    let mut rec = RegistryRecord::try_from(body)?;
    rec.raw = Some(json.clone());
    Ok(rec)
}

/// Convert a raw `VerifyBizLicense` response (with or without the envelope).
pub fn record_from_verify_detailed(json: &Value) -> Result<RegistryRecord, ConvertError> {
    let body: VerifyBizLicenseResponse = parse_body(json, "VerifyBizLicense", DETAILED_MARKERS)?;
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
    fn flags() {
        assert_eq!(consistency_flag(Some("0")), Ok(Some(true)));
        assert_eq!(consistency_flag(Some("-1")), Ok(Some(false)));
        assert_eq!(consistency_flag(Some("")), Ok(None));
        assert_eq!(consistency_flag(None), Ok(None));
        assert_eq!(consistency_flag(Some("1")), Err("1".into()));
    }

    #[test]
    fn period_end_rules() {
        let rec =
            record_from_verify_basic(&json!({"Entname": "x", "Opfrom": "2010-10-21", "Opto": ""}))
                .unwrap();
        assert_eq!(
            rec.valid_period,
            Some(ValidPeriod::new(
                Some(date(2010, 10, 21)),
                PeriodEnd::Unknown
            ))
        );
        let rec = record_from_verify_basic(
            &json!({"Entname": "x", "Opfrom": "2010-10-21", "Opto": "长期"}),
        )
        .unwrap();
        assert_eq!(rec.valid_period.unwrap().end, PeriodEnd::Indefinite);
        let rec =
            record_from_verify_basic(&json!({"Entname": "x", "Opfrom": "", "Opto": ""})).unwrap();
        assert_eq!(rec.valid_period, None);
        let rec = record_from_verify_basic(
            &json!({"Entname": "x", "Opfrom": "2010-10-21", "Opto": "soon"}),
        )
        .unwrap();
        assert_eq!(rec.valid_period.unwrap().end, PeriodEnd::Unknown);
        assert_eq!(rec.warnings[0].code, "date_unparsed");
    }

    #[test]
    fn basic_capital_has_no_currency() {
        let rec =
            record_from_verify_basic(&json!({"Entname": "x", "RegCapital": "500.00"})).unwrap();
        assert_eq!(
            rec.registered_capital,
            Some(Money::new(Decimal::from(5_000_000), Currency::Unspecified))
        );
        assert!(rec.warnings.is_empty());
    }

    #[test]
    fn bad_values_become_warnings_not_errors() {
        let rec = record_from_verify_basic(&json!({"Entname": "x", "RegCapital": "一百",
            "EstablishTime": "yesterday", "RegNumResult": {"RegNum": "2"}}))
        .unwrap();
        let codes: Vec<&str> = rec.warnings.iter().map(|w| w.code.as_str()).collect();
        assert_eq!(
            codes,
            [
                "capital_unparsed",
                "date_unparsed",
                "consistency_flag_unknown"
            ]
        );
        assert_eq!(rec.registered_capital, None);
        assert_eq!(rec.established_date, None);
        assert_eq!(rec.consistency.credit_code, None);
    }

    #[test]
    fn nonzero_error_code_is_unsuccessful() {
        let e = record_from_verify_basic(
            &json!({"ErrorCode": -1, "Entname": "", "Reason": "查询无结果",
            "RequestId": "r"}),
        )
        .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert!(e.to_string().contains("查询无结果"), "{e}");
    }

    #[test]
    fn detailed_capital_currency() {
        let rec = record_from_verify_detailed(&json!({"EnterpriseName": "x", "RegCap": "500",
            "RegCapCur": "美元"}))
        .unwrap();
        assert_eq!(
            rec.registered_capital,
            Some(Money::new(Decimal::from(5_000_000), Currency::Usd))
        );
        let rec = record_from_verify_detailed(&json!({"EnterpriseName": "x", "RegCap": "500",
            "RegCapCur": ""}))
        .unwrap();
        assert_eq!(rec.registered_capital.unwrap().currency, Currency::Cny);
        assert_eq!(rec.warnings[0].code, "capital_currency_assumed");
    }
}

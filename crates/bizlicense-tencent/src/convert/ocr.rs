//! `BizLicenseOCR` -> [`LicenseScan`].

use bizlicense_core::{DocumentFlag, LicenseScan, Warning, non_empty};
use serde_json::Value;

use super::{ConvertError, ID_OCR, parse_body};
use crate::wire::BizLicenseOcrResponse;

/// `RecognizeWarnCode` values and what they mean: a flag, or (for codes about legibility of one
/// field) a warning code. Source: the current API's `RecognizeWarnCode` documentation.
pub static WARN_CODES: &[(i64, Option<DocumentFlag>, &str, &str)] = &[
    (
        -9102,
        Some(DocumentFlag::Copy),
        "copy",
        "black-and-white photocopy (黑白复印件)",
    ),
    (
        -9104,
        Some(DocumentFlag::Reprint),
        "reprint",
        "photo of a screen or print (翻拍件)",
    ),
    (
        -9108,
        None,
        "business_scope_unreadable",
        "the business scope could not be read reliably (small, blurred, reflective, covered or tilted text)",
    ),
];

/// `RecognizeWarnMsg` names, for responses that carry only the message.
static WARN_MSGS: &[(&str, DocumentFlag)] = &[
    ("WARN_COPY_CARD", DocumentFlag::Copy),
    ("WARN_RESHOOT_CARD", DocumentFlag::Reprint),
    ("WARN_PS_CARD", DocumentFlag::Edited),
    ("WARN_BORDER_INCOMPLETE", DocumentFlag::BorderIncomplete),
    ("WARN_OCCLUSION_CARD", DocumentFlag::Occluded),
    ("WARN_BLUR_CARD", DocumentFlag::Blurred),
    ("WARN_REFLECTION_CARD", DocumentFlag::Reflective),
];

/// The fields that identify a `BizLicenseOCR` response.
const MARKERS: &[&str] = &["RegNum", "Name", "Person", "Capital", "Business", "Period"];

impl From<BizLicenseOcrResponse> for LicenseScan {
    /// Texts are kept as printed (capital, dates, period); warning codes become
    /// [`DocumentFlag`]s or warnings. `raw` is left empty (the raw-JSON entry point fills it).
    fn from(r: BizLicenseOcrResponse) -> Self {
        let mut scan = LicenseScan::new(ID_OCR);
        scan.request_id = non_empty(r.request_id);
        scan.credit_code = non_empty(r.reg_num);
        scan.name = non_empty(r.name);
        scan.legal_representative = non_empty(r.person);
        scan.address = non_empty(r.address);
        scan.registered_capital = non_empty(r.capital);
        scan.enterprise_type = non_empty(r.type_);
        scan.composing_form = non_empty(r.composing_form);
        scan.business_scope = non_empty(r.business);
        scan.established_date = non_empty(r.set_date);
        scan.valid_period = non_empty(r.period);
        scan.serial_number = non_empty(r.serial_number);
        scan.registration_authority = non_empty(r.registration_authority);
        scan.registration_date = non_empty(r.registration_date);
        scan.title = non_empty(r.title);
        scan.electronic = r.electronic;

        let codes = r.recognize_warn_code.unwrap_or_default();
        let msgs = r.recognize_warn_msg.unwrap_or_default();
        for (i, code) in codes.iter().enumerate() {
            match WARN_CODES.iter().find(|(c, ..)| c == code) {
                Some((_, Some(flag), ..)) => push_flag(&mut scan, *flag),
                Some((_, None, wcode, text)) => {
                    scan.warnings.push(Warning::new(*wcode, *text));
                }
                None => {
                    let msg = msgs.get(i).map(String::as_str).unwrap_or("");
                    match WARN_MSGS.iter().find(|(m, _)| *m == msg) {
                        Some((_, flag)) => push_flag(&mut scan, *flag),
                        None => scan.warnings.push(Warning::new(
                            "provider_warning",
                            format!("Tencent warning code {code} {msg}")
                                .trim_end()
                                .to_owned(),
                        )),
                    }
                }
            }
        }
        // Messages without codes (or more messages than codes).
        for msg in msgs.iter().skip(codes.len()) {
            if let Some((_, flag)) = WARN_MSGS.iter().find(|(m, _)| m == msg) {
                push_flag(&mut scan, *flag);
            }
        }
        if r.is_duplication == Some(1) {
            scan.warnings.push(Warning::new(
                "license_duplicate_original",
                "the image shows the license's 副本 (duplicate original), not the 正本",
            ));
        }
        if r.national_emblem == Some(false) && scan.electronic != Some(true) {
            scan.warnings.push(Warning::new(
                "no_national_emblem",
                "no national emblem was detected; a business license carries one",
            ));
        }
        scan
    }
}

fn push_flag(scan: &mut LicenseScan, flag: DocumentFlag) {
    if !scan.document_flags.contains(&flag) {
        scan.document_flags.push(flag);
    }
}

/// Convert a raw `BizLicenseOCR` response (with or without the `Response` envelope).
pub fn scan_from_bizlicense_ocr(json: &Value) -> Result<LicenseScan, ConvertError> {
    let body: BizLicenseOcrResponse = parse_body(json, "BizLicenseOCR", MARKERS)?;
    let mut scan = LicenseScan::from(body);
    scan.raw = Some(json.clone());
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn warn_codes_become_flags_and_warnings() {
        let j = json!({"RegNum": "x", "RecognizeWarnCode": [-9102, -9104, -9108, -9999, -9102],
            "RecognizeWarnMsg": ["WARN_COPY_CARD", "WARN_RESHOOT_CARD", "WARN_EARLY_STOP", "WARN_NEW", "WARN_COPY_CARD"]});
        let s = scan_from_bizlicense_ocr(&j).unwrap();
        assert_eq!(
            s.document_flags,
            vec![DocumentFlag::Copy, DocumentFlag::Reprint]
        );
        let codes: Vec<&str> = s.warnings.iter().map(|w| w.code.as_str()).collect();
        assert_eq!(codes, ["business_scope_unreadable", "provider_warning"]);
        assert!(
            s.warnings[1].message.contains("-9999 WARN_NEW"),
            "{:?}",
            s.warnings[1]
        );
    }

    #[test]
    fn messages_alone_are_understood() {
        let j = json!({"Name": "x", "RecognizeWarnMsg": ["WARN_PS_CARD"]});
        let s = scan_from_bizlicense_ocr(&j).unwrap();
        assert_eq!(s.document_flags, vec![DocumentFlag::Edited]);
    }

    #[test]
    fn empty_strings_are_none_and_unknown_fields_are_ignored() {
        let j = json!({"Response": {"RegNum": "", "Name": " ", "Person": "谢兰芳",
            "SomeFutureField": {"a": 1}, "RequestId": "r"}});
        let s = scan_from_bizlicense_ocr(&j).unwrap();
        assert_eq!(s.credit_code, None);
        assert_eq!(s.name, None);
        assert_eq!(s.legal_representative.as_deref(), Some("谢兰芳"));
        assert_eq!(s.provider, "tencent.bizlicense_ocr");
    }
}

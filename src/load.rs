//! Load a [`LicenseScan`] or a [`RegistryRecord`] from JSON in any format the project knows,
//! detecting which one it is: the raw responses of the providers (with or without Tencent's
//! `{"Response": ...}` envelope) or the core types' own JSON.
//!
//! ```
//! use bizlicense::load::{Format, load_scan_str};
//!
//! let wechat = r#"{"errcode": 0, "errmsg": "ok", "reg_num": "911101085636549482",
//!                  "enterprise_name": "腾讯云计算（北京）有限责任公司"}"#;
//! let (scan, format) = load_scan_str(wechat).unwrap();
//! assert_eq!(format, Format::WechatOcr);
//! assert_eq!(scan.name.as_deref(), Some("腾讯云计算（北京）有限责任公司"));
//!
//! let err = load_scan_str(r#"{"hello": "world"}"#).unwrap_err();
//! assert!(err.to_string().contains("WeChat OCR"), "{err}");
//! ```

use std::fmt;

use bizlicense_core::{LicenseScan, RegistryRecord};
use serde_json::Value;

/// A JSON format the loader recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// WeChat `cv/ocr/bizlicense` response.
    WechatOcr,
    /// Tencent Cloud `BizLicenseOCR` response.
    TencentBizLicenseOcr,
    /// Tencent Cloud `VerifyBasicBizLicense` response.
    TencentVerifyBasic,
    /// Tencent Cloud `VerifyBizLicense` response.
    TencentVerifyDetailed,
    /// Tencent Cloud `VerifyBizLicenseEnterprise3` response.
    TencentEnterprise3,
    /// Tencent Cloud `VerifyBizLicenseEnterprise4` response.
    TencentEnterprise4,
    /// `bizlicense_core::LicenseScan` JSON.
    CoreScan,
    /// `bizlicense_core::RegistryRecord` JSON.
    CoreRecord,
}

/// Which side of a reconciliation a format belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// What OCR read.
    Scan,
    /// What the registry holds.
    Registry,
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Side::Scan => "an OCR scan",
            Side::Registry => "a registry record",
        })
    }
}

impl Format {
    /// Every format, in detection order.
    pub const ALL: &'static [Format] = &[
        Format::WechatOcr,
        Format::TencentBizLicenseOcr,
        Format::TencentVerifyBasic,
        Format::TencentVerifyDetailed,
        Format::TencentEnterprise4,
        Format::TencentEnterprise3,
        Format::CoreRecord,
        Format::CoreScan,
    ];

    /// A human name.
    pub fn name(self) -> &'static str {
        match self {
            Format::WechatOcr => "WeChat OCR (cv/ocr/bizlicense)",
            Format::TencentBizLicenseOcr => "Tencent BizLicenseOCR",
            Format::TencentVerifyBasic => "Tencent VerifyBasicBizLicense",
            Format::TencentVerifyDetailed => "Tencent VerifyBizLicense",
            Format::TencentEnterprise3 => "Tencent VerifyBizLicenseEnterprise3",
            Format::TencentEnterprise4 => "Tencent VerifyBizLicenseEnterprise4",
            Format::CoreScan => "bizlicense LicenseScan JSON",
            Format::CoreRecord => "bizlicense RegistryRecord JSON",
        }
    }

    /// Which side it belongs to.
    pub fn side(self) -> Side {
        match self {
            Format::WechatOcr | Format::TencentBizLicenseOcr | Format::CoreScan => Side::Scan,
            _ => Side::Registry,
        }
    }

    /// Keys whose presence identifies the format (any one suffices, checked in `ALL` order).
    fn markers(self) -> &'static [&'static str] {
        match self {
            Format::WechatOcr => &[
                "errcode",
                "enterprise_name",
                "reg_num",
                "type_of_enterprise",
            ],
            Format::TencentBizLicenseOcr => &[
                "Person",
                "Capital",
                "Business",
                "SetDate",
                "RecognizeWarnCode",
            ],
            Format::TencentVerifyBasic => {
                &["Entname", "Frname", "Regno", "Entstatus", "Dom", "Opfrom"]
            }
            Format::TencentVerifyDetailed => &[
                "EnterpriseName",
                "FrName",
                "EnterpriseStatus",
                "OpenFrom",
                "RegCap",
            ],
            // Enterprise4 answers per-field consistency; Enterprise3 only an overall result.
            Format::TencentEnterprise4 => &[
                "IsIdNumConsistent",
                "IsEntNameConsistent",
                "IsLrNameConsistent",
                "IsCreditCodeConsistent",
                "OperatingPeriod",
            ],
            Format::TencentEnterprise3 => &["VerifyResult", "OperatingStatus", "StatusCode"],
            Format::CoreRecord => &["consistency", "reg_no", "status", "status_code"],
            Format::CoreScan => &[
                "document_flags",
                "composing_form",
                "legal_representative",
                "credit_code",
                "provider",
            ],
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why JSON could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// Not JSON at all.
    #[error("not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// JSON in no known format.
    #[error("unrecognised JSON: expected one of {}", tried(.expected))]
    Unrecognized {
        /// The formats tried for the wanted side.
        expected: Vec<Format>,
    },
    /// A known format, but for the other side.
    #[error("this is {format} output, which is {}, not {wanted}: pass it as the other side", .format.side())]
    WrongSide {
        /// The detected format.
        format: Format,
        /// The side wanted.
        wanted: Side,
    },
    /// The provider's response is an error, not a result.
    #[error("this {format} response is an error, not a result: {code}: {message}")]
    ProviderError {
        /// The detected format.
        format: Format,
        /// The provider's error code.
        code: String,
        /// The provider's message.
        message: String,
    },
    /// Detected, but the conversion failed.
    #[error("this looks like {format} output but could not be read: {message}")]
    Convert {
        /// The detected format.
        format: Format,
        /// What failed.
        message: String,
    },
}

fn tried(formats: &[Format]) -> String {
    formats
        .iter()
        .map(|f| f.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Detect the format of `json` (after removing a Tencent `Response` envelope), or `None`.
pub fn detect(json: &Value) -> Option<Format> {
    let body = unwrap_envelope(json);
    let obj = body.as_object()?;
    Format::ALL
        .iter()
        .copied()
        .find(|f| f.markers().iter().any(|k| obj.contains_key(*k)))
}

fn unwrap_envelope(json: &Value) -> &Value {
    match json.get("Response") {
        Some(inner) if inner.is_object() => inner,
        _ => json,
    }
}

fn provider_error(format: Format, json: &Value) -> Option<LoadError> {
    let body = unwrap_envelope(json);
    if let Some(err) = body.get("Error") {
        let s = |k: &str| err.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        return Some(LoadError::ProviderError {
            format,
            code: s("Code"),
            message: s("Message"),
        });
    }
    let errcode = body.get("errcode").map(|c| match c {
        Value::String(s) => s.trim().to_owned(),
        other => other.to_string(),
    });
    match errcode {
        Some(code) if code != "0" && format == Format::WechatOcr => {
            Some(LoadError::ProviderError {
                format,
                code,
                message: body
                    .get("errmsg")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
            })
        }
        _ => None,
    }
}

fn detect_for(json: &Value, wanted: Side) -> Result<Format, LoadError> {
    let expected = || {
        Format::ALL
            .iter()
            .copied()
            .filter(|f| f.side() == wanted)
            .collect()
    };
    let body = unwrap_envelope(json);
    // A Tencent error envelope has no field markers: report the error itself.
    if body.get("Error").is_some() {
        let format = match wanted {
            Side::Scan => Format::TencentBizLicenseOcr,
            Side::Registry => Format::TencentVerifyDetailed,
        };
        return Err(
            provider_error(format, json).unwrap_or(LoadError::Unrecognized {
                expected: expected(),
            }),
        );
    }
    let format = detect(json).ok_or_else(|| LoadError::Unrecognized {
        expected: expected(),
    })?;
    if let Some(e) = provider_error(format, json) {
        return Err(e);
    }
    // Core JSON of one side can carry keys of the other (both have `credit_code`): trust the
    // wanted side when the detected format is core JSON.
    let format = match (format, wanted) {
        (Format::CoreRecord, Side::Scan)
            if !body.get("consistency").is_some_and(Value::is_object) =>
        {
            Format::CoreScan
        }
        (Format::CoreScan, Side::Registry) => Format::CoreRecord,
        (f, _) => f,
    };
    if format.side() != wanted {
        return Err(LoadError::WrongSide { format, wanted });
    }
    Ok(format)
}

fn convert<T, E: fmt::Display>(format: Format, r: Result<T, E>) -> Result<T, LoadError> {
    r.map_err(|e| LoadError::Convert {
        format,
        message: e.to_string(),
    })
}

/// Load what OCR read from JSON in any scan format.
pub fn load_scan(json: &Value) -> Result<(LicenseScan, Format), LoadError> {
    let format = detect_for(json, Side::Scan)?;
    let scan = match format {
        Format::WechatOcr => convert(
            format,
            bizlicense_wechat::convert::scan_from_bizlicense(json),
        )?,
        Format::TencentBizLicenseOcr => convert(
            format,
            bizlicense_tencent::convert::scan_from_bizlicense_ocr(json),
        )?,
        _ => convert(format, serde_json::from_value::<LicenseScan>(json.clone()))?,
    };
    Ok((scan, format))
}

/// Load a registry record from JSON in any registry format.
pub fn load_record(json: &Value) -> Result<(RegistryRecord, Format), LoadError> {
    use bizlicense_tencent::convert as tc;
    let format = detect_for(json, Side::Registry)?;
    let record = match format {
        Format::TencentVerifyBasic => convert(format, tc::record_from_verify_basic(json))?,
        Format::TencentVerifyDetailed => convert(format, tc::record_from_verify_detailed(json))?,
        Format::TencentEnterprise3 => convert(format, tc::record_from_enterprise3(json))?,
        Format::TencentEnterprise4 => convert(format, tc::record_from_enterprise4(json))?,
        _ => convert(
            format,
            serde_json::from_value::<RegistryRecord>(json.clone()),
        )?,
    };
    Ok((record, format))
}

/// [`load_scan`] from a JSON string.
pub fn load_scan_str(s: &str) -> Result<(LicenseScan, Format), LoadError> {
    load_scan(&serde_json::from_str(s)?)
}

/// [`load_record`] from a JSON string.
pub fn load_record_str(s: &str) -> Result<(RegistryRecord, Format), LoadError> {
    load_record(&serde_json::from_str(s)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn detects_each_format_with_and_without_envelope() {
        let cases = [
            (json!({"errcode": 0, "reg_num": "x"}), Format::WechatOcr),
            (
                json!({"RegNum": "x", "Person": "y", "RequestId": "r"}),
                Format::TencentBizLicenseOcr,
            ),
            (
                json!({"Response": {"Entname": "x", "Regno": "1", "RequestId": "r"}}),
                Format::TencentVerifyBasic,
            ),
            (
                json!({"EnterpriseName": "x", "RegNo": "1"}),
                Format::TencentVerifyDetailed,
            ),
            (
                json!({"Response": {"StatusCode": 0, "IsIdNumConsistent": true, "IsEntNameConsistent": true}}),
                Format::TencentEnterprise4,
            ),
            (
                json!({"StatusCode": 0, "IsEntNameConsistent": true}),
                Format::TencentEnterprise4,
            ),
            (
                json!({"Response": {"StatusCode": 0, "VerifyResult": 1, "OperatingStatus": "1", "RequestId": "r"}}),
                Format::TencentEnterprise3,
            ),
            (
                json!({"StatusCode": 2, "RequestId": "r"}),
                Format::TencentEnterprise3,
            ),
            (
                json!({"provider": "p", "credit_code": "x", "document_flags": []}),
                Format::CoreScan,
            ),
            (
                json!({"provider": "p", "consistency": {}, "status": "存续"}),
                Format::CoreRecord,
            ),
        ];
        for (j, want) in cases {
            assert_eq!(detect(&j), Some(want), "{j}");
        }
        assert_eq!(detect(&json!([1, 2])), None);
        assert_eq!(detect(&json!({"a": 1})), None);
    }

    #[test]
    fn wrong_side_and_errors_say_what_to_do() {
        let basic = json!({"Response": {"Entname": "x", "RequestId": "r"}});
        let e = load_scan(&basic).unwrap_err();
        assert!(
            matches!(
                e,
                LoadError::WrongSide {
                    format: Format::TencentVerifyBasic,
                    wanted: Side::Scan
                }
            ),
            "{e}"
        );
        assert!(e.to_string().contains("pass it as the other side"));

        let err = json!({"Response": {"Error": {"Code": "FailedOperation.OcrFailed", "Message": "OCR 识别失败"}, "RequestId": "r"}});
        let e = load_scan(&err).unwrap_err();
        assert!(e.to_string().contains("FailedOperation.OcrFailed"), "{e}");

        let wx = json!({"errcode": "101001", "errmsg": "certificate not found"});
        let e = load_scan(&wx).unwrap_err();
        assert!(
            matches!(e, LoadError::ProviderError { ref code, .. } if code == "101001"),
            "{e}"
        );

        let e = load_record(&json!({"foo": 1})).unwrap_err();
        let msg = e.to_string();
        for name in [
            "Tencent VerifyBasicBizLicense",
            "Tencent VerifyBizLicense",
            "bizlicense RegistryRecord JSON",
        ] {
            assert!(msg.contains(name), "{msg}");
        }
        assert!(
            !msg.contains("WeChat"),
            "only registry formats are listed for a record: {msg}"
        );
        assert!(matches!(
            load_scan_str("{not json"),
            Err(LoadError::Json(_))
        ));
    }

    #[test]
    fn enterprise3_answers_load_as_records() {
        let j = json!({"Response": {"StatusCode": 0, "VerifyResult": 1, "OperatingStatus": "1", "RequestId": "r"}});
        let (rec, f) = load_record(&j).unwrap();
        assert_eq!(f, Format::TencentEnterprise3);
        assert_eq!(rec.provider, "tencent.enterprise3");
        assert_eq!(rec.request_id.as_deref(), Some("r"));
    }

    #[test]
    fn core_json_round_trips() {
        let scan = bizlicense_core::testing::sample_scan("wechat");
        let (back, f) = load_scan(&serde_json::to_value(&scan).unwrap()).unwrap();
        assert_eq!((back, f), (scan, Format::CoreScan));
        let rec = bizlicense_core::testing::sample_record("tencent.verify_detailed");
        let (back, f) = load_record(&serde_json::to_value(&rec).unwrap()).unwrap();
        assert_eq!((back, f), (rec, Format::CoreRecord));
    }
}

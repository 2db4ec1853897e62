//! Raw Tencent JSON -> core types.
//!
//! Two ways in:
//! - typed: `impl From<wire::BizLicenseOcrResponse> for LicenseScan` and
//!   `impl TryFrom<wire::…Response> for RegistryRecord` (one impl per action);
//! - raw JSON, for the CLI's format-detecting loader and snapshot tests:
//!   [`scan_from_bizlicense_ocr`], [`record_from_verify_basic`], [`record_from_verify_detailed`],
//!   [`record_from_enterprise3`], [`record_from_enterprise4`]. Each accepts the body with or
//!   without the `{"Response": ...}` envelope, fails on an error envelope or when the fields
//!   that identify the action are all absent, and keeps the input in `raw`.
//!
//! ```
//! let json = serde_json::json!({"Response": {
//!     "RegNum": "911101085636549482", "Name": "腾讯云计算（北京）有限责任公司",
//!     "RequestId": "r-1"}});
//! let scan = bizlicense_tencent::convert::scan_from_bizlicense_ocr(&json).unwrap();
//! assert_eq!(scan.credit_code.as_deref(), Some("911101085636549482"));
//! assert_eq!(scan.raw.as_ref(), Some(&json));
//! ```

use bizlicense_core::{ErrorKind, ProviderError};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::errors;

mod enterprise;
mod ocr;
mod verify;

pub use enterprise::{
    OPERATING_STATUS, record_from_enterprise3, record_from_enterprise4, status_text,
};
pub use ocr::{WARN_CODES, scan_from_bizlicense_ocr};
pub use verify::{consistency_flag, record_from_verify_basic, record_from_verify_detailed};

/// Provider id of `BizLicenseOCR`.
pub const ID_OCR: &str = "tencent.bizlicense_ocr";
/// Provider id of `VerifyBasicBizLicense`.
pub const ID_VERIFY_BASIC: &str = "tencent.verify_basic";
/// Provider id of `VerifyBizLicense`.
pub const ID_VERIFY_DETAILED: &str = "tencent.verify_detailed";
/// Provider id of `VerifyBizLicenseEnterprise3`.
pub const ID_ENTERPRISE3: &str = "tencent.enterprise3";
/// Provider id of `VerifyBizLicenseEnterprise4`.
pub const ID_ENTERPRISE4: &str = "tencent.enterprise4";

/// Why raw JSON could not be converted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// The input is not a JSON object.
    #[error("expected a JSON object (a {action} response), got {found}")]
    NotAnObject {
        /// The action expected.
        action: &'static str,
        /// What was found (`array`, `string`, ...).
        found: &'static str,
    },
    /// The input is an error envelope.
    #[error("the {action} response is an error: {code}: {message}{}", fmt_request(.request_id))]
    ErrorEnvelope {
        /// The action expected.
        action: &'static str,
        /// The error code.
        code: String,
        /// The error message.
        message: String,
        /// The request id.
        request_id: Option<String>,
    },
    /// None of the fields that identify the action is present: probably another format.
    #[error("not a {action} response: none of the fields {} is present", .expected.join(", "))]
    Unrecognized {
        /// The action expected.
        action: &'static str,
        /// The identifying fields looked for.
        expected: &'static [&'static str],
    },
    /// A field has the wrong JSON type.
    #[error("malformed {action} response: {source}")]
    Malformed {
        /// The action expected.
        action: &'static str,
        /// The serde error (names the field).
        source: serde_json::Error,
    },
    /// The response says the call did not succeed (`ErrorCode` != 0, `StatusCode` != 0).
    #[error("{action} did not succeed: {detail}{}", fmt_request(.request_id))]
    Unsuccessful {
        /// The action.
        action: &'static str,
        /// The kind this maps to (`NotFound`, `Unavailable`, ...).
        kind: ErrorKind,
        /// What the response said.
        detail: String,
        /// The request id.
        request_id: Option<String>,
    },
}

fn fmt_request(id: &Option<String>) -> String {
    id.as_deref()
        .map(|r| format!(" [request {r}]"))
        .unwrap_or_default()
}

impl ConvertError {
    /// The error kind: the code table's for error envelopes, the status's for unsuccessful
    /// answers, [`ErrorKind::Protocol`] for the rest.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ConvertError::ErrorEnvelope { code, .. } => errors::kind_of(code),
            ConvertError::Unsuccessful { kind, .. } => *kind,
            _ => ErrorKind::Protocol,
        }
    }

    /// As a [`ProviderError`] from `provider`.
    pub fn into_provider_error(self, provider: &str) -> ProviderError {
        match self {
            ConvertError::ErrorEnvelope {
                code,
                message,
                request_id,
                ..
            } => errors::provider_error(provider, &code, &message, request_id.as_deref()),
            ConvertError::Unsuccessful {
                kind,
                ref request_id,
                ..
            } => {
                let rid = request_id.clone();
                let retry = kind == ErrorKind::Unavailable;
                let mut e =
                    ProviderError::new(provider, kind, self.to_string()).with_retryable(retry);
                if let Some(r) = rid {
                    e = e.with_request_id(r);
                }
                e
            }
            other => ProviderError::new(provider, ErrorKind::Protocol, other.to_string())
                .with_source(other),
        }
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Unwrap the envelope, reject error envelopes and foreign formats, and deserialize.
pub(crate) fn parse_body<T: DeserializeOwned>(
    json: &Value,
    action: &'static str,
    markers: &'static [&'static str],
) -> Result<T, ConvertError> {
    let obj = json.as_object().ok_or(ConvertError::NotAnObject {
        action,
        found: json_type(json),
    })?;
    let body = match obj.get("Response") {
        Some(inner) => inner.as_object().ok_or(ConvertError::NotAnObject {
            action,
            found: json_type(inner),
        })?,
        None => obj,
    };
    if let Some(err) = body.get("Error") {
        let field = |k: &str| err.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        return Err(ConvertError::ErrorEnvelope {
            action,
            code: field("Code"),
            message: field("Message"),
            request_id: body
                .get("RequestId")
                .and_then(Value::as_str)
                .map(str::to_owned),
        });
    }
    if !markers.iter().any(|m| body.contains_key(*m)) {
        return Err(ConvertError::Unrecognized {
            action,
            expected: markers,
        });
    }
    serde_json::from_value(Value::Object(body.clone()))
        .map_err(|source| ConvertError::Malformed { action, source })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn error_envelope_is_reported_with_code_and_kind() {
        let j = json!({"Response": {"Error": {"Code": "FailedOperation.QueryNoRecord",
            "Message": "no record"}, "RequestId": "r9"}});
        let e = record_from_verify_basic(&j).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NotFound);
        let msg = e.to_string();
        assert!(
            msg.contains("FailedOperation.QueryNoRecord") && msg.contains("r9"),
            "{msg}"
        );
        let pe = e.into_provider_error(ID_VERIFY_BASIC);
        assert_eq!(pe.code(), Some("FailedOperation.QueryNoRecord"));
        assert_eq!(pe.request_id(), Some("r9"));
    }

    #[test]
    fn foreign_formats_are_rejected_clearly() {
        let e = record_from_verify_basic(&json!([1, 2])).unwrap_err();
        assert!(e.to_string().contains("an array"), "{e}");
        let e = record_from_verify_basic(&json!({"errcode": 0, "reg_num": "x"})).unwrap_err();
        assert!(matches!(e, ConvertError::Unrecognized { .. }), "{e}");
        assert_eq!(e.kind(), ErrorKind::Protocol);
        // A detailed response is not a basic one (different casing), and vice versa.
        let detailed = json!({"EnterpriseName": "x", "RegNo": "1", "FrName": "y"});
        assert!(record_from_verify_basic(&detailed).is_err());
        let basic = json!({"Entname": "x", "Regno": "1", "Frname": "y"});
        assert!(record_from_verify_detailed(&basic).is_err());
    }

    #[test]
    fn wrong_field_types_are_malformed() {
        let e = scan_from_bizlicense_ocr(&json!({"RegNum": 123})).unwrap_err();
        assert!(matches!(e, ConvertError::Malformed { .. }), "{e}");
        assert!(e.to_string().contains("BizLicenseOCR"), "{e}");
    }
}

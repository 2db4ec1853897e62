//! WeChat answers into core types: one `From` impl, and a raw-JSON entry point.

use bizlicense_core::{CertPosition as CorePosition, ImageSize, LicenseScan, Point as CorePoint};

use crate::PROVIDER_ID;
use crate::wire::{BizLicenseResponse, ErrCode, Point};

/// Why raw JSON could not be turned into a [`LicenseScan`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// The JSON is not a bizlicense answer (wrong shape or types).
    #[error("not a WeChat bizlicense answer: {0}")]
    Shape(#[from] serde_json::Error),
    /// The answer is an error (`errcode` != 0): there is nothing to convert.
    #[error("the WeChat answer is an error: errcode {errcode}: {errmsg}")]
    ErrorAnswer {
        /// The `errcode`.
        errcode: ErrCode,
        /// The `errmsg` (empty when missing).
        errmsg: String,
    },
}

/// Convert a raw `/cv/ocr/bizlicense` answer into a [`LicenseScan`], keeping the JSON in
/// [`LicenseScan::raw`]. Used by the CLI loader and snapshot tests that start from provider
/// JSON.
///
/// ```
/// use bizlicense_wechat::convert::scan_from_bizlicense;
///
/// let json = serde_json::json!({"errcode": 0, "errmsg": "ok", "reg_num": "123123"});
/// let scan = scan_from_bizlicense(&json).unwrap();
/// assert_eq!(scan.provider, "wechat");
/// assert_eq!(scan.credit_code.as_deref(), Some("123123"));
/// assert_eq!(scan.raw.as_ref(), Some(&json));
///
/// let err = scan_from_bizlicense(&serde_json::json!({"errcode": "101001"})).unwrap_err();
/// assert!(err.to_string().contains("101001"));
/// ```
pub fn scan_from_bizlicense(json: &serde_json::Value) -> Result<LicenseScan, ConvertError> {
    // serde reads a struct from a JSON array too: `[]` would pass as an empty success.
    if !json.is_object() {
        return Err(ConvertError::Shape(serde::de::Error::custom(format!(
            "expected a JSON object, got {}",
            json_type(json)
        ))));
    }
    let response = BizLicenseResponse::deserialize_from(json)?;
    if !response.errcode.is_ok() {
        return Err(ConvertError::ErrorAnswer {
            errcode: response.errcode,
            errmsg: response.errmsg.unwrap_or_default(),
        });
    }
    let mut scan = LicenseScan::from(response);
    scan.raw = Some(json.clone());
    Ok(scan)
}

fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

impl BizLicenseResponse {
    fn deserialize_from(json: &serde_json::Value) -> Result<Self, serde_json::Error> {
        serde::Deserialize::deserialize(json)
    }
}

fn point(p: Point) -> CorePoint {
    CorePoint { x: p.x, y: p.y }
}

impl From<BizLicenseResponse> for LicenseScan {
    /// Field mapping: `reg_num` -> `credit_code`, `enterprise_name` -> `name`,
    /// `type_of_enterprise` -> `enterprise_type`, `type_of_organization` -> `composing_form`,
    /// `registered_date` -> `established_date`, `serial` -> `serial_number`,
    /// `cert_position.pos` -> `position`, `img_size` -> `image_size`; the rest by name. Text is
    /// kept as printed (capital, dates, period); empty strings become `None`. `raw` is left
    /// `None` (use [`scan_from_bizlicense`] to keep the JSON).
    fn from(r: BizLicenseResponse) -> Self {
        use bizlicense_core::non_empty;
        let mut scan = LicenseScan::new(PROVIDER_ID);
        scan.credit_code = non_empty(r.reg_num);
        scan.serial_number = non_empty(r.serial);
        scan.legal_representative = non_empty(r.legal_representative);
        scan.name = non_empty(r.enterprise_name);
        scan.composing_form = non_empty(r.type_of_organization);
        scan.address = non_empty(r.address);
        scan.enterprise_type = non_empty(r.type_of_enterprise);
        scan.business_scope = non_empty(r.business_scope);
        scan.registered_capital = non_empty(r.registered_capital);
        scan.paid_in_capital = non_empty(r.paid_in_capital);
        scan.valid_period = non_empty(r.valid_period);
        scan.established_date = non_empty(r.registered_date);
        scan.position = r.cert_position.map(|c| CorePosition {
            left_top: point(c.pos.left_top),
            right_top: point(c.pos.right_top),
            right_bottom: point(c.pos.right_bottom),
            left_bottom: point(c.pos.left_bottom),
        });
        scan.image_size = r.img_size.map(|s| ImageSize { w: s.w, h: s.h });
        scan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_array_or_scalar_is_not_an_answer() {
        for v in [
            serde_json::json!([]),
            serde_json::json!([0, "ok"]),
            serde_json::json!("ok"),
            serde_json::json!(null),
        ] {
            let e = scan_from_bizlicense(&v).unwrap_err();
            assert!(e.to_string().contains("expected a JSON object"), "{e}");
        }
    }

    fn fixture(name: &str) -> serde_json::Value {
        let path = format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn seed_example_converts_with_every_field_in_place() {
        let json = fixture("bizlicense_seed.json");
        let scan = scan_from_bizlicense(&json).unwrap();
        assert_eq!(scan.provider, "wechat");
        assert_eq!(scan.request_id, None);
        assert_eq!(scan.credit_code.as_deref(), Some("123123"));
        assert_eq!(scan.serial_number.as_deref(), Some("123123"));
        assert_eq!(scan.legal_representative.as_deref(), Some("张三"));
        assert_eq!(scan.name.as_deref(), Some("XX饮食店"));
        assert_eq!(scan.composing_form.as_deref(), Some("个人经营"));
        assert_eq!(scan.address.as_deref(), Some("XX市XX区XX路XX号"));
        assert_eq!(scan.enterprise_type.as_deref(), Some("xxx"));
        assert_eq!(
            scan.business_scope.as_deref(),
            Some("中型餐馆(不含凉菜、不含裱花蛋糕,不含生食海产品)。")
        );
        assert_eq!(scan.registered_capital.as_deref(), Some("200万"));
        assert_eq!(scan.paid_in_capital.as_deref(), Some("200万"));
        assert_eq!(scan.valid_period.as_deref(), Some("2019年1月1日"));
        assert_eq!(scan.established_date.as_deref(), Some("2018年1月1日"));
        assert_eq!(
            scan.position,
            Some(CorePosition {
                left_top: CorePoint { x: 155, y: 191 },
                right_top: CorePoint { x: 725, y: 157 },
                right_bottom: CorePoint { x: 743, y: 512 },
                left_bottom: CorePoint { x: 164, y: 525 },
            })
        );
        assert_eq!(scan.image_size, Some(ImageSize { w: 966, h: 728 }));
        assert_eq!(scan.raw.as_ref(), Some(&json));
        // Fields WeChat does not read stay empty.
        assert_eq!(scan.registration_authority, None);
        assert_eq!(scan.title, None);
        assert_eq!(scan.electronic, None);
        assert!(scan.document_flags.is_empty());
        assert!(scan.warnings.is_empty());
    }

    #[test]
    fn seed_example_round_trips_through_the_wire_type() {
        let json = fixture("bizlicense_seed.json");
        let r: BizLicenseResponse = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(serde_json::to_value(&r).unwrap(), json);
    }

    #[test]
    fn sparse_answer_with_string_errcode_and_unknown_fields() {
        let json = fixture("bizlicense_sparse_string_errcode.json");
        let scan = scan_from_bizlicense(&json).unwrap();
        assert_eq!(scan.credit_code.as_deref(), Some("91440300MA5EXAMPLE"));
        assert_eq!(scan.name.as_deref(), Some("深圳市示例科技有限公司"));
        assert_eq!(scan.legal_representative.as_deref(), Some("李四"));
        assert_eq!(scan.address, None);
        assert_eq!(scan.valid_period, None);
        assert_eq!(scan.position, None);
        assert_eq!(scan.image_size, None);
        assert_eq!(scan.raw.as_ref().unwrap()["future_field"]["nested"][2], 3);
    }

    #[test]
    fn empty_strings_become_none() {
        let json = serde_json::json!({"errcode": 0, "address": " ", "reg_num": ""});
        let scan = scan_from_bizlicense(&json).unwrap();
        assert_eq!(scan.address, None);
        assert_eq!(scan.credit_code, None);
    }

    #[test]
    fn error_answers_and_wrong_shapes_are_errors() {
        let err = scan_from_bizlicense(
            &serde_json::json!({"errcode": 101001, "errmsg": "certificate not found"}),
        )
        .unwrap_err();
        assert!(
            matches!(
                err,
                ConvertError::ErrorAnswer {
                    errcode: ErrCode(101001),
                    ..
                }
            ),
            "{err:?}"
        );
        let err =
            scan_from_bizlicense(&serde_json::json!({"errcode": 0, "reg_num": 5})).unwrap_err();
        assert!(matches!(err, ConvertError::Shape(_)), "{err:?}");
        assert!(scan_from_bizlicense(&serde_json::json!([1, 2])).is_err());
    }
}

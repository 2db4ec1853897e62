//! `POST /cv/ocr/bizlicense`: the answer.

use serde::{Deserialize, Serialize};

use super::common::{ErrCode, lenient_i64};

/// The answer of `/cv/ocr/bizlicense`, field for field as documented.
///
/// All text fields are optional: a field that is not on the image is absent. Convert it into a
/// [`LicenseScan`](bizlicense_core::LicenseScan) with `LicenseScan::from`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BizLicenseResponse {
    /// `0` on success.
    #[serde(default)]
    pub errcode: ErrCode,
    /// `"ok"` on success; may be missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errmsg: Option<String>,
    /// 注册号 (the credit code on current licenses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reg_num: Option<String>,
    /// 编号 (the license's serial number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<String>,
    /// 法定代表人姓名.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_representative: Option<String>,
    /// 企业名称.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise_name: Option<String>,
    /// 组成形式.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_of_organization: Option<String>,
    /// 经营场所 / 企业住所.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// 公司类型.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_of_enterprise: Option<String>,
    /// 经营范围.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_scope: Option<String>,
    /// 注册资本, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered_capital: Option<String>,
    /// 实收资本, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_in_capital: Option<String>,
    /// 营业期限, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_period: Option<String>,
    /// 注册日期 / 成立日期, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered_date: Option<String>,
    /// Where the license is in the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cert_position: Option<CertPosition>,
    /// The image's size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub img_size: Option<ImgSize>,
}

impl BizLicenseResponse {
    /// A successful, empty answer (`errcode` 0, `errmsg` "ok"); fill in the fields you need.
    pub fn ok() -> Self {
        BizLicenseResponse {
            errcode: ErrCode::OK,
            errmsg: Some("ok".into()),
            ..Default::default()
        }
    }

    /// An error answer with `errcode` and `errmsg`.
    pub fn error(errcode: i64, errmsg: impl Into<String>) -> Self {
        BizLicenseResponse {
            errcode: ErrCode(errcode),
            errmsg: Some(errmsg.into()),
            ..Default::default()
        }
    }
}

/// `cert_position`: wraps the corner points in `pos`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertPosition {
    /// The four corners.
    pub pos: Pos,
}

/// `cert_position.pos`: the license's four corners in image pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pos {
    /// Top left.
    pub left_top: Point,
    /// Top right.
    pub right_top: Point,
    /// Bottom right.
    pub right_bottom: Point,
    /// Bottom left.
    pub left_bottom: Point,
}

/// A point in image pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    /// Horizontal.
    #[serde(deserialize_with = "lenient_i64")]
    pub x: i64,
    /// Vertical.
    #[serde(deserialize_with = "lenient_i64")]
    pub y: i64,
}

/// `img_size`: width and height in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImgSize {
    /// Width.
    #[serde(deserialize_with = "lenient_i64")]
    pub w: i64,
    /// Height.
    #[serde(deserialize_with = "lenient_i64")]
    pub h: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_fields_stay_absent_when_serialized() {
        let mut r = BizLicenseResponse::ok();
        r.enterprise_name = Some("XX饮食店".into());
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"errcode": 0, "errmsg": "ok", "enterprise_name": "XX饮食店"})
        );
        let back: BizLicenseResponse = serde_json::from_value(v).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn error_answer_shape() {
        let v = serde_json::to_value(BizLicenseResponse::error(101001, "certificate not found"))
            .unwrap();
        assert_eq!(
            v,
            serde_json::json!({"errcode": 101001, "errmsg": "certificate not found"})
        );
    }
}

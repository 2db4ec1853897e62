//! `BizLicenseOCR` (营业执照识别).

use serde::{Deserialize, Serialize};

/// `BizLicenseOCR` request body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct BizLicenseOcrRequest {
    /// The image, base64 (PNG/JPG/JPEG, <= 7 MB encoded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_base64: Option<String>,
    /// The image URL (wins over `ImageBase64` when both are sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Return warning codes (copy, reprint); default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_copy_warn: Option<bool>,
    /// Complete the valid period automatically; default true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_period_complete: Option<bool>,
    /// Also read other business certificates; default false.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_business_certificate: Option<bool>,
}

/// A rectangle in image pixels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct Rect {
    /// Left.
    #[serde(default)]
    pub x: i64,
    /// Top.
    #[serde(default)]
    pub y: i64,
    /// Width.
    #[serde(default)]
    pub width: i64,
    /// Height.
    #[serde(default)]
    pub height: i64,
}

/// A field read from a business certificate that is not a license.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct BusinessCertificateInfo {
    /// The field name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Where.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rect: Option<Rect>,
}

/// `BizLicenseOCR` response (inside `Response`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct BizLicenseOcrResponse {
    /// 统一社会信用代码 (注册号 on older licenses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reg_num: Option<String>,
    /// 公司名称.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 注册资本, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capital: Option<String>,
    /// 法定代表人.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// 地址.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// 经营范围.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business: Option<String>,
    /// 主体类型.
    #[serde(rename = "Type", default, skip_serializing_if = "Option::is_none")]
    pub type_: Option<String>,
    /// 营业期限.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// 组成形式.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub composing_form: Option<String>,
    /// 成立日期.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set_date: Option<String>,
    /// Warning codes: -9102 photocopy, -9104 reprint, -9108 business scope unreadable (and
    /// others the API may add).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recognize_warn_code: Option<Vec<i64>>,
    /// Warning names: `WARN_COPY_CARD`, `WARN_RESHOOT_CARD`, `WARN_EARLY_STOP`, ...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recognize_warn_msg: Option<Vec<String>>,
    /// 是否为副本: 1 yes, -1 no.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_duplication: Option<i64>,
    /// 登记日期.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_date: Option<String>,
    /// Rotation of the text in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub angle: Option<f64>,
    /// Whether the national emblem is present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub national_emblem: Option<bool>,
    /// Whether a QR code is present.
    #[serde(rename = "QRCode", default, skip_serializing_if = "Option::is_none")]
    pub qr_code: Option<bool>,
    /// Whether a seal is present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seal: Option<bool>,
    /// 标题.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// 编号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    /// 登记机关.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_authority: Option<String>,
    /// Whether it is an electronic license.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electronic: Option<bool>,
    /// Fields of non-license business certificates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_certificate: Option<Vec<BusinessCertificateInfo>>,
    /// 重要提示.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub important: Option<String>,
    /// 唯一请求 ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

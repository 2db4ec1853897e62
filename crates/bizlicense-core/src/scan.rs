//! What an OCR provider read from a license image.

use serde::{Deserialize, Serialize};

/// A note attached to a scan, a registry record or a report: a stable `code` for programs and
/// a `message` for people.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Warning {
    /// Stable snake_case code, e.g. `copy`, `reprint`, `capital_unparsed`.
    pub code: String,
    /// Human explanation.
    pub message: String,
}

impl Warning {
    /// A warning with `code` and `message`.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            code: code.into(),
            message: message.into(),
        }
    }
}

/// Signs, reported by the OCR provider, that the document is not an original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DocumentFlag {
    /// A photocopy (复印件).
    Copy,
    /// A photo of a screen or of a print (翻拍).
    Reprint,
    /// Edited with image software (PS).
    Edited,
    /// Part of the license is cut off (边框不完整).
    BorderIncomplete,
    /// Part of the license is covered (遮挡).
    Occluded,
    /// Too blurred to trust (模糊).
    Blurred,
    /// Glare over the text (反光).
    Reflective,
    /// The provider has seen this image before (重复).
    Duplicate,
}

impl DocumentFlag {
    /// Stable snake_case code.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentFlag::Copy => "copy",
            DocumentFlag::Reprint => "reprint",
            DocumentFlag::Edited => "edited",
            DocumentFlag::BorderIncomplete => "border_incomplete",
            DocumentFlag::Occluded => "occluded",
            DocumentFlag::Blurred => "blurred",
            DocumentFlag::Reflective => "reflective",
            DocumentFlag::Duplicate => "duplicate",
        }
    }

    /// Whether the flag casts doubt on the document's authenticity (copy, reprint, edit), as
    /// opposed to its legibility.
    pub fn is_authenticity_risk(self) -> bool {
        matches!(
            self,
            DocumentFlag::Copy | DocumentFlag::Reprint | DocumentFlag::Edited
        )
    }
}

/// A point in image pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Point {
    /// Horizontal.
    pub x: i64,
    /// Vertical.
    pub y: i64,
}

/// Where the license sits in the image (corner points).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CertPosition {
    /// Top left corner.
    pub left_top: Point,
    /// Top right corner.
    pub right_top: Point,
    /// Bottom right corner.
    pub right_bottom: Point,
    /// Bottom left corner.
    pub left_bottom: Point,
}

/// Image dimensions in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ImageSize {
    /// Width.
    pub w: i64,
    /// Height.
    pub h: i64,
}

/// What an OCR provider read from a license image.
///
/// Every field is the text as printed and read (OCR noise included); `None` when the field is
/// not on the image or the provider did not return it. Parsing and comparison happen in
/// reconciliation, so nothing the provider said is lost here. `raw` keeps the provider's JSON.
///
/// ```
/// use bizlicense_core::LicenseScan;
///
/// let mut scan = LicenseScan::new("wechat");
/// scan.credit_code = Some("911101085636549482".into());
/// scan.name = Some("腾讯云计算（北京）有限责任公司".into());
/// let json = serde_json::to_value(&scan).unwrap();
/// assert_eq!(json["provider"], "wechat");
/// assert_eq!(json["name"], "腾讯云计算（北京）有限责任公司");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct LicenseScan {
    /// Id of the provider that read it.
    pub provider: String,
    /// The provider's request id.
    pub request_id: Option<String>,
    /// 统一社会信用代码, or the old 15-digit 注册号 on licenses issued before ~2016, as read.
    pub credit_code: Option<String>,
    /// 名称.
    pub name: Option<String>,
    /// 法定代表人 / 负责人 / 经营者 / 执行事务合伙人.
    pub legal_representative: Option<String>,
    /// 住所 / 营业场所 / 经营场所.
    pub address: Option<String>,
    /// 注册资本, as printed (`壹亿肆仟贰佰伍拾万元整`, `100万元`).
    pub registered_capital: Option<String>,
    /// 实收资本, as printed.
    pub paid_in_capital: Option<String>,
    /// 类型 (`有限责任公司（自然人投资或控股）`).
    pub enterprise_type: Option<String>,
    /// 组成形式 (individual businesses: `个人经营`, `家庭经营`).
    pub composing_form: Option<String>,
    /// 经营范围.
    pub business_scope: Option<String>,
    /// 成立日期 / 注册日期, as printed.
    pub established_date: Option<String>,
    /// 营业期限, as printed (`2010年10月20日至长期`).
    pub valid_period: Option<String>,
    /// 编号 (the license's serial number).
    pub serial_number: Option<String>,
    /// 登记机关.
    pub registration_authority: Option<String>,
    /// 登记日期 (date of the latest registration event printed on the license).
    pub registration_date: Option<String>,
    /// The title read (`营业执照`); useful to spot non-licenses.
    pub title: Option<String>,
    /// Whether the provider says this is an electronic license.
    pub electronic: Option<bool>,
    /// Authenticity and legibility flags reported by the provider.
    pub document_flags: Vec<DocumentFlag>,
    /// Other notes from the provider or from conversion.
    pub warnings: Vec<Warning>,
    /// Where the license is in the image.
    pub position: Option<CertPosition>,
    /// The size of the image the provider saw.
    pub image_size: Option<ImageSize>,
    /// The provider's response JSON, as received.
    pub raw: Option<serde_json::Value>,
}

impl LicenseScan {
    /// An empty scan attributed to `provider`.
    pub fn new(provider: impl Into<String>) -> Self {
        LicenseScan {
            provider: provider.into(),
            ..Default::default()
        }
    }
}

/// Turn an empty or whitespace-only provider string into `None`, keeping everything else as is.
///
/// Providers send `""` for "not present" as often as they omit the field; core types use `None`
/// for both.
///
/// ```
/// use bizlicense_core::non_empty;
/// assert_eq!(non_empty(Some(" ".to_string())), None);
/// assert_eq!(non_empty(Some("x".to_string())), Some("x".to_string()));
/// ```
pub fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|v| !v.trim().is_empty())
}

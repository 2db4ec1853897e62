//! `VerifyBasicBizLicense` and `VerifyBizLicense` (the seed actions).
//!
//! Mind the casing: the basic response says `Regno`, `VerifyRegno`, `Frname`, `Entname`,
//! `Dom`, `Entstatus`, `Opfrom`, `Opto`, `Zsopscope`, `Oriregno`; the detailed one `RegNo`,
//! `VerifyRegNo`, `FrName`, `EnterpriseName`, `Address`, `EnterpriseStatus`, `OpenFrom`,
//! `OpenTo`. Each field is renamed explicitly so the wire name is visible in the code.

use serde::{Deserialize, Serialize};

/// Which fields to check when verifying from an image (`ImageConfig`, sent as a JSON *string*).
///
/// ```
/// use bizlicense_tencent::wire::ImageConfig;
/// let c = ImageConfig { reg_num: true, name: Some(true), address: Some(false) };
/// assert_eq!(c.to_json_string(), r#"{"RegNum":true,"Name":true,"Address":false}"#);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageConfig {
    /// Check the registration number / credit code (required by the API: always `true`).
    #[serde(rename = "RegNum")]
    pub reg_num: bool,
    /// Check the name.
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<bool>,
    /// Check the address.
    #[serde(rename = "Address", default, skip_serializing_if = "Option::is_none")]
    pub address: Option<bool>,
}

impl ImageConfig {
    /// Check all three fields.
    pub fn all() -> Self {
        ImageConfig {
            reg_num: true,
            name: Some(true),
            address: Some(true),
        }
    }

    /// The JSON text to put in the `ImageConfig` request field.
    pub fn to_json_string(&self) -> String {
        // Serializing a struct of bools and options to a String cannot fail.
        serde_json::to_string(self).unwrap_or_else(|_| String::from(r#"{"RegNum":true}"#))
    }
}

/// `VerifyBasicBizLicense` request body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VerifyBasicBizLicenseRequest {
    /// The image, base64 (PNG/JPG/JPEG, <= 7 MB encoded).
    #[serde(
        rename = "ImageBase64",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub image_base64: Option<String>,
    /// The image URL (wins over `ImageBase64` when both are sent).
    #[serde(rename = "ImageUrl", default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Fields to check when verifying from an image: a JSON *string*, see [`ImageConfig`].
    #[serde(
        rename = "ImageConfig",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub image_config: Option<String>,
    /// Registration number or credit code (text verification).
    #[serde(rename = "RegNum", default, skip_serializing_if = "Option::is_none")]
    pub reg_num: Option<String>,
    /// Company name to check.
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Address to check.
    #[serde(rename = "Address", default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// `1`: also return the registered capital (万元).
    #[serde(
        rename = "RegCapital",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reg_capital: Option<i64>,
    /// `true`: also return the establishment date.
    #[serde(
        rename = "EstablishTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub establish_time: Option<bool>,
}

/// `VerifyBizLicense` request body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VerifyBizLicenseRequest {
    /// The image, base64.
    #[serde(
        rename = "ImageBase64",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub image_base64: Option<String>,
    /// The image URL.
    #[serde(rename = "ImageUrl", default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Fields to check when verifying from an image: a JSON *string*, see [`ImageConfig`].
    #[serde(
        rename = "ImageConfig",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub image_config: Option<String>,
    /// Registration number or credit code.
    #[serde(rename = "RegNum", default, skip_serializing_if = "Option::is_none")]
    pub reg_num: Option<String>,
    /// Company name to check.
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Address to check.
    #[serde(rename = "Address", default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// `BizLicenseVerifyResult`: `"0"` matches, `"-1"` does not, `""` not checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BizLicenseVerifyResult {
    /// The registration number / credit code.
    #[serde(rename = "RegNum", default, skip_serializing_if = "Option::is_none")]
    pub reg_num: Option<String>,
    /// The name.
    #[serde(rename = "Name", default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The address.
    #[serde(rename = "Address", default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

impl BizLicenseVerifyResult {
    /// A result from the three flags.
    pub fn new(reg_num: &str, name: &str, address: &str) -> Self {
        BizLicenseVerifyResult {
            reg_num: Some(reg_num.to_owned()),
            name: Some(name.to_owned()),
            address: Some(address.to_owned()),
        }
    }
}

/// `VerifyBasicBizLicense` response (inside `Response`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VerifyBasicBizLicenseResponse {
    /// 状态码, 0 on success.
    #[serde(rename = "ErrorCode", default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<i64>,
    /// 统一社会信用代码.
    #[serde(
        rename = "CreditCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credit_code: Option<String>,
    /// 经营期限自 (YYYY-MM-DD).
    #[serde(rename = "Opfrom", default, skip_serializing_if = "Option::is_none")]
    pub opfrom: Option<String>,
    /// 经营期限至 (YYYY-MM-DD); empty when the registry holds no end.
    #[serde(rename = "Opto", default, skip_serializing_if = "Option::is_none")]
    pub opto: Option<String>,
    /// 法人姓名.
    #[serde(rename = "Frname", default, skip_serializing_if = "Option::is_none")]
    pub frname: Option<String>,
    /// 经营状态.
    #[serde(rename = "Entstatus", default, skip_serializing_if = "Option::is_none")]
    pub entstatus: Option<String>,
    /// 经营业务范围.
    #[serde(rename = "Zsopscope", default, skip_serializing_if = "Option::is_none")]
    pub zsopscope: Option<String>,
    /// 状态信息 (`成功`).
    #[serde(rename = "Reason", default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// 原注册号.
    #[serde(rename = "Oriregno", default, skip_serializing_if = "Option::is_none")]
    pub oriregno: Option<String>,
    /// 要核验的工商注册号: an echo of the query, not a registry value.
    #[serde(
        rename = "VerifyRegno",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub verify_regno: Option<String>,
    /// 工商注册号.
    #[serde(rename = "Regno", default, skip_serializing_if = "Option::is_none")]
    pub regno: Option<String>,
    /// 要核验的企业名称: an echo of the query.
    #[serde(
        rename = "VerifyEntname",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub verify_entname: Option<String>,
    /// 企业名称.
    #[serde(rename = "Entname", default, skip_serializing_if = "Option::is_none")]
    pub entname: Option<String>,
    /// 要核验的住址: an echo of the query.
    #[serde(rename = "VerifyDom", default, skip_serializing_if = "Option::is_none")]
    pub verify_dom: Option<String>,
    /// 住址.
    #[serde(rename = "Dom", default, skip_serializing_if = "Option::is_none")]
    pub dom: Option<String>,
    /// 验证结果.
    #[serde(
        rename = "RegNumResult",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reg_num_result: Option<BizLicenseVerifyResult>,
    /// 注册资本 (万元), only when the request had `RegCapital: 1`.
    #[serde(
        rename = "RegCapital",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reg_capital: Option<String>,
    /// 成立/注册日期, only when the request had `EstablishTime: true`.
    #[serde(
        rename = "EstablishTime",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub establish_time: Option<String>,
    /// 唯一请求 ID.
    #[serde(rename = "RequestId", default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// `VerifyBizLicense` response (inside `Response`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VerifyBizLicenseResponse {
    /// 状态码.
    #[serde(rename = "ErrorCode", default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<i64>,
    /// 统一社会信用代码.
    #[serde(
        rename = "CreditCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub credit_code: Option<String>,
    /// 组织机构代码.
    #[serde(rename = "OrgCode", default, skip_serializing_if = "Option::is_none")]
    pub org_code: Option<String>,
    /// 经营期限自.
    #[serde(rename = "OpenFrom", default, skip_serializing_if = "Option::is_none")]
    pub open_from: Option<String>,
    /// 经营期限至.
    #[serde(rename = "OpenTo", default, skip_serializing_if = "Option::is_none")]
    pub open_to: Option<String>,
    /// 法人姓名.
    #[serde(rename = "FrName", default, skip_serializing_if = "Option::is_none")]
    pub fr_name: Option<String>,
    /// 经营状态.
    #[serde(
        rename = "EnterpriseStatus",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enterprise_status: Option<String>,
    /// 经营（业务）范围及方式.
    #[serde(
        rename = "OperateScopeAndForm",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub operate_scope_and_form: Option<String>,
    /// 注册资金 (万元).
    #[serde(rename = "RegCap", default, skip_serializing_if = "Option::is_none")]
    pub reg_cap: Option<String>,
    /// 注册币种.
    #[serde(rename = "RegCapCur", default, skip_serializing_if = "Option::is_none")]
    pub reg_cap_cur: Option<String>,
    /// 登记机关.
    #[serde(rename = "RegOrg", default, skip_serializing_if = "Option::is_none")]
    pub reg_org: Option<String>,
    /// 开业日期.
    #[serde(rename = "EsDate", default, skip_serializing_if = "Option::is_none")]
    pub es_date: Option<String>,
    /// 企业（机构）类型.
    #[serde(
        rename = "EnterpriseType",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enterprise_type: Option<String>,
    /// 注销日期.
    #[serde(
        rename = "CancelDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub cancel_date: Option<String>,
    /// 吊销日期.
    #[serde(
        rename = "RevokeDate",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub revoke_date: Option<String>,
    /// 许可经营项目.
    #[serde(rename = "AbuItem", default, skip_serializing_if = "Option::is_none")]
    pub abu_item: Option<String>,
    /// 一般经营项目.
    #[serde(rename = "CbuItem", default, skip_serializing_if = "Option::is_none")]
    pub cbu_item: Option<String>,
    /// 核准时间.
    #[serde(rename = "ApprDate", default, skip_serializing_if = "Option::is_none")]
    pub appr_date: Option<String>,
    /// 省.
    #[serde(rename = "Province", default, skip_serializing_if = "Option::is_none")]
    pub province: Option<String>,
    /// 地级市.
    #[serde(rename = "City", default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// 区/县.
    #[serde(rename = "County", default, skip_serializing_if = "Option::is_none")]
    pub county: Option<String>,
    /// 住所所在行政区划代码.
    #[serde(rename = "AreaCode", default, skip_serializing_if = "Option::is_none")]
    pub area_code: Option<String>,
    /// 行业门类代码.
    #[serde(
        rename = "IndustryPhyCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub industry_phy_code: Option<String>,
    /// 行业门类名称.
    #[serde(
        rename = "IndustryPhyName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub industry_phy_name: Option<String>,
    /// 国民经济行业代码.
    #[serde(
        rename = "IndustryCode",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub industry_code: Option<String>,
    /// 国民经济行业名称.
    #[serde(
        rename = "IndustryName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub industry_name: Option<String>,
    /// 经营（业务）范围.
    #[serde(
        rename = "OperateScope",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub operate_scope: Option<String>,
    /// 要核验的工商注册号: an echo of the query.
    #[serde(
        rename = "VerifyRegNo",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub verify_reg_no: Option<String>,
    /// 工商注册号.
    #[serde(rename = "RegNo", default, skip_serializing_if = "Option::is_none")]
    pub reg_no: Option<String>,
    /// 要核验的企业名称: an echo of the query.
    #[serde(
        rename = "VerifyEnterpriseName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub verify_enterprise_name: Option<String>,
    /// 企业名称.
    #[serde(
        rename = "EnterpriseName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enterprise_name: Option<String>,
    /// 要核验的注册地址: an echo of the query.
    #[serde(
        rename = "VerifyAddress",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub verify_address: Option<String>,
    /// 注册地址.
    #[serde(rename = "Address", default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// 验证结果.
    #[serde(
        rename = "RegNumResult",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub reg_num_result: Option<BizLicenseVerifyResult>,
    /// 唯一请求 ID.
    #[serde(rename = "RequestId", default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

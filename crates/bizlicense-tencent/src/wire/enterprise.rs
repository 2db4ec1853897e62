//! `VerifyBizLicenseEnterprise3` / `VerifyBizLicenseEnterprise4` (营业执照核验 企业三/四要素).
//!
//! Source: `tencentcloud-sdk-python-ocr` 3.1.193, `tencentcloud/ocr/v20181119/models.py`
//! (`VerifyBizLicenseEnterprise3Request/Response`, `VerifyBizLicenseEnterprise4Request/Response`),
//! and Tencent Cloud API docs product 866 page 129072 (Enterprise4).

use serde::{Deserialize, Serialize};

/// `VerifyType` of Enterprise3: which elements to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum VerifyType {
    /// `ENT_2META`: company name + credit code.
    #[serde(rename = "ENT_2META")]
    Ent2Meta,
    /// `ENT_3META`: company name + credit code + legal representative.
    #[serde(rename = "ENT_3META")]
    Ent3Meta,
}

/// `VerifyBizLicenseEnterprise3` request body.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct VerifyBizLicenseEnterprise3Request {
    /// 统一社会信用代码.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_code: Option<String>,
    /// 企业名称.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ent_name: Option<String>,
    /// 法人代表 (ENT_3META only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lr_name: Option<String>,
    /// Which elements to check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify_type: Option<VerifyType>,
}

/// `VerifyBizLicenseEnterprise3` response (inside `Response`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct VerifyBizLicenseEnterprise3Response {
    /// 0 success (billed), 1 system error (not billed), 2 no record (not billed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<i64>,
    /// 1 all elements match, 0 not all; only when `StatusCode` is 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify_result: Option<i64>,
    /// Operating status code: "1" 开业（在营）, "2" 迁出, "3" 注销, "4" 吊销, "5" 撤销,
    /// "6" 停业, "7" 撤销登记, "0" other, "/" cannot query.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_status: Option<String>,
    /// 唯一请求 ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// `VerifyBizLicenseEnterprise4` request body (all four required).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct VerifyBizLicenseEnterprise4Request {
    /// 统一社会信用代码.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_code: Option<String>,
    /// 企业名称.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ent_name: Option<String>,
    /// 法人代表.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lr_name: Option<String>,
    /// 注册登记证件号码 (the representative's ID number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_num: Option<String>,
}

/// `VerifyBizLicenseEnterprise4` response (inside `Response`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct VerifyBizLicenseEnterprise4Response {
    /// 0 success (billed), 1 system error (not billed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<i64>,
    /// 1 all four match, 0 not all; only when `StatusCode` is 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verify_result: Option<i64>,
    /// Whether the credit code matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_credit_code_consistent: Option<bool>,
    /// Whether the name matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_ent_name_consistent: Option<bool>,
    /// Whether the legal representative matches (false when the company was not found).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_lr_name_consistent: Option<bool>,
    /// Whether the ID number matches (false when the company was not found).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_id_num_consistent: Option<bool>,
    /// Operating status code, as for Enterprise3 (plus "-10002": company info wrong).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_status: Option<String>,
    /// `yyyy-MM-dd/yyyy-MM-dd`; `yyyy-MM-dd/` without fixed term; `/` unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_period: Option<String>,
    /// 唯一请求 ID.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

//! `POST /cv/ocr/idcard`: the answer.

use serde::{Deserialize, Serialize};

use super::common::ErrCode;

/// The answer of `/cv/ocr/idcard` (身份证): the front carries name to nationality, the back
/// the validity dates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IdCardResponse {
    /// `0` on success.
    #[serde(default)]
    pub errcode: ErrCode,
    /// `"ok"` on success; may be missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errmsg: Option<String>,
    /// Which side was read: `"Front"` or `"Back"`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub side: Option<String>,
    /// 姓名 (front).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 身份证号 (front).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// 住址 (front).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub addr: Option<String>,
    /// 性别 (front).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// 民族 (front).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// 有效期 (back), e.g. `20070105-20270105`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_date: Option<String>,
}

//! What a registry holds about a company.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::{Money, ValidPeriod, Warning};

/// Per-field yes/no answers from providers that only check consistency (Tencent's
/// `BizLicenseVerifyResult`, Enterprise3/4). `Some(true)` = the provider says the queried value
/// matches, `Some(false)` = it does not, `None` = not checked.
///
/// These are evidence, not verdicts: reconciliation records them as warnings and compares
/// the values itself (the seed's own example flags `（` vs `(` as a mismatch).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct Consistency {
    /// The credit code / registration number.
    pub credit_code: Option<bool>,
    /// The company name.
    pub name: Option<bool>,
    /// The address.
    pub address: Option<bool>,
    /// The legal representative.
    pub legal_representative: Option<bool>,
    /// The legal representative's ID number.
    pub id_number: Option<bool>,
    /// The provider's overall verdict, when it gives one.
    pub overall: Option<bool>,
}

impl Consistency {
    /// Whether any flag is set.
    pub fn is_empty(&self) -> bool {
        *self == Consistency::default()
    }
}

/// What the registry holds about a company, as one provider returned it.
///
/// Value fields hold the registry's values; fields the provider does not return are `None`.
/// Providers that echo the query (`VerifyEntname`, `VerifyDom`, ...) must not put the echo
/// here: those are the caller's own input. A value a provider sent that could not be parsed
/// (a malformed date, say) is left `None` with a [`Warning`] naming the field and the raw value;
/// `raw` keeps the full response.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct RegistryRecord {
    /// Id of the provider that answered.
    pub provider: String,
    /// The provider's request id.
    pub request_id: Option<String>,
    /// 统一社会信用代码.
    pub credit_code: Option<String>,
    /// 工商注册号 (15-digit registration number).
    pub reg_no: Option<String>,
    /// 原注册号 (the registration number before a change).
    pub original_reg_no: Option<String>,
    /// 组织机构代码.
    pub org_code: Option<String>,
    /// 企业名称.
    pub name: Option<String>,
    /// 法定代表人 / 负责人.
    pub legal_representative: Option<String>,
    /// 住所 / 注册地址.
    pub address: Option<String>,
    /// 注册资本 with its currency.
    pub registered_capital: Option<Money>,
    /// 成立日期 / 开业日期.
    pub established_date: Option<Date>,
    /// 经营期限.
    pub valid_period: Option<ValidPeriod>,
    /// 企业（机构）类型.
    pub enterprise_type: Option<String>,
    /// 经营范围.
    pub business_scope: Option<String>,
    /// 经营状态 as the registry words it (`存续`, `在营（开业）`, `注销`, ...).
    pub status: Option<String>,
    /// The provider's status code when it uses codes (Enterprise4: `"1"`..`"6"`).
    pub status_code: Option<String>,
    /// 登记机关.
    pub registration_authority: Option<String>,
    /// 核准日期.
    pub approval_date: Option<Date>,
    /// 注销日期.
    pub cancel_date: Option<Date>,
    /// 吊销日期.
    pub revoke_date: Option<Date>,
    /// 省.
    pub province: Option<String>,
    /// 地级市.
    pub city: Option<String>,
    /// 区/县.
    pub county: Option<String>,
    /// 住所所在行政区划代码.
    pub area_code: Option<String>,
    /// Consistency flags for providers that answer yes/no.
    pub consistency: Consistency,
    /// Notes from the provider or from conversion.
    pub warnings: Vec<Warning>,
    /// The provider's response JSON, as received.
    pub raw: Option<serde_json::Value>,
}

impl RegistryRecord {
    /// An empty record attributed to `provider`.
    ///
    /// ```
    /// use bizlicense_core::RegistryRecord;
    /// let mut rec = RegistryRecord::new("tencent.verify_basic");
    /// rec.status = Some("存续".into());
    /// assert_eq!(rec.provider, "tencent.verify_basic");
    /// ```
    pub fn new(provider: impl Into<String>) -> Self {
        RegistryRecord {
            provider: provider.into(),
            ..Default::default()
        }
    }

    /// Parse a registry date field (`YYYY-MM-DD` and the other forms of
    /// [`parse_date`](crate::parse_date)); an empty value is `None`, an unparseable one is
    /// `None` plus a `date_unparsed` warning on this record. For provider conversions.
    pub fn parse_date_field(&mut self, field: &str, value: Option<&str>) -> Option<Date> {
        let v = value.map(str::trim).filter(|v| !v.is_empty())?;
        let parsed = crate::parse_date(v);
        if parsed.is_none() {
            self.warnings.push(Warning::new(
                "date_unparsed",
                format!("the registry's {field} {v:?} is not a date; it was left out"),
            ));
        }
        parsed
    }
}

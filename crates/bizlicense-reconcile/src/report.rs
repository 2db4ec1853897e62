//! The report: decision, reasons, per-field verdicts, warnings. A public contract: field
//! names, order and values are stable.

use std::fmt;

use bizlicense_core::Warning;
use serde::{Deserialize, Serialize};

/// The nine compared fields, in report order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldId {
    /// 统一社会信用代码 (or 注册号).
    CreditCode,
    /// 名称.
    Name,
    /// 法定代表人 / 负责人 / 经营者.
    LegalRepresentative,
    /// 住所 / 经营场所.
    Address,
    /// 注册资本.
    RegisteredCapital,
    /// 成立日期.
    EstablishedDate,
    /// 营业期限.
    ValidPeriod,
    /// 类型.
    EnterpriseType,
    /// 经营范围 (informational).
    BusinessScope,
}

impl FieldId {
    /// All fields in report order.
    pub const ALL: [FieldId; 9] = [
        FieldId::CreditCode,
        FieldId::Name,
        FieldId::LegalRepresentative,
        FieldId::Address,
        FieldId::RegisteredCapital,
        FieldId::EstablishedDate,
        FieldId::ValidPeriod,
        FieldId::EnterpriseType,
        FieldId::BusinessScope,
    ];

    /// The stable id (`credit_code`, `name`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            FieldId::CreditCode => "credit_code",
            FieldId::Name => "name",
            FieldId::LegalRepresentative => "legal_representative",
            FieldId::Address => "address",
            FieldId::RegisteredCapital => "registered_capital",
            FieldId::EstablishedDate => "established_date",
            FieldId::ValidPeriod => "valid_period",
            FieldId::EnterpriseType => "enterprise_type",
            FieldId::BusinessScope => "business_scope",
        }
    }

    #[cfg(test)]
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for FieldId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the two sides of one field compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Identical after trimming.
    Exact,
    /// The same after normalization (width, spaces, punctuation, traditional/simplified,
    /// numerals, units, dates, omitted address prefixes).
    Equivalent,
    /// Likely the same with OCR noise (score >= threshold): a human should look.
    Similar,
    /// Different.
    Mismatch,
    /// Absent on one side or both; never a mismatch by itself.
    Missing,
}

impl Verdict {
    /// The stable id (`exact`, `equivalent`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Exact => "exact",
            Verdict::Equivalent => "equivalent",
            Verdict::Similar => "similar",
            Verdict::Mismatch => "mismatch",
            Verdict::Missing => "missing",
        }
    }

    /// Exact or equivalent.
    pub fn is_match(self) -> bool {
        matches!(self, Verdict::Exact | Verdict::Equivalent)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The overall decision. Ordered by severity: `Pass < Review < Fail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Everything that matters matches.
    Pass,
    /// A human should look.
    Review,
    /// Not this company, or the company is gone.
    Fail,
}

impl Decision {
    /// The stable id (`pass`, `review`, `fail`).
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Pass => "pass",
            Decision::Review => "review",
            Decision::Fail => "fail",
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a decision is not `pass`: stable snake_case codes, documented in
/// `docs/reconciliation.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// The credit code (or registration number) differs.
    CreditCodeMismatch,
    /// The credit code differs only by OCR confusions.
    CreditCodeSimilar,
    /// The name differs (including legal form or branch differences).
    NameMismatch,
    /// The name differs by OCR noise.
    NameSimilar,
    /// The legal representative differs.
    LegalRepresentativeMismatch,
    /// The legal representative differs by OCR noise.
    LegalRepresentativeSimilar,
    /// The address differs (including street number or district).
    AddressMismatch,
    /// The address differs by OCR noise.
    AddressSimilar,
    /// The registered capital differs (amount or currency).
    RegisteredCapitalMismatch,
    /// Only with a policy that makes registered capital a key field.
    RegisteredCapitalSimilar,
    /// The establishment date differs.
    EstablishedDateMismatch,
    /// Only with a policy that makes the establishment date a key field.
    EstablishedDateSimilar,
    /// The valid period differs.
    ValidPeriodMismatch,
    /// Only with a policy that makes the valid period a key field.
    ValidPeriodSimilar,
    /// The enterprise type differs.
    EnterpriseTypeMismatch,
    /// Only with a policy that makes the enterprise type a key field.
    EnterpriseTypeSimilar,
    /// Only with a policy that does not treat the business scope as informational.
    BusinessScopeMismatch,
    /// Only with a policy that makes the business scope a key field.
    BusinessScopeSimilar,
    /// The registry says the company is gone (注销, 吊销, 撤销...).
    StatusDead,
    /// The registry status is doubtful (拟注销, 停业, 清算...) or not in the table.
    StatusDoubtful,
    /// The valid period ended before `as_of`.
    PeriodExpired,
    /// The code on the scan is not a valid identifier (bad check digit, bad character).
    ScanCodeInvalid,
    /// The OCR provider flags the document as a copy, reprint or edited image.
    DocumentSuspect,
    /// No key field could be compared (every one is missing on a side).
    NothingCompared,
}

impl Reason {
    /// The reason for `field` having `verdict` (`name` + `mismatch` -> `name_mismatch`);
    /// `None` for verdicts that are never reasons.
    pub fn for_field(field: FieldId, verdict: Verdict) -> Option<Reason> {
        use FieldId as F;
        use Reason as R;
        let pair = match field {
            F::CreditCode => (R::CreditCodeMismatch, R::CreditCodeSimilar),
            F::Name => (R::NameMismatch, R::NameSimilar),
            F::LegalRepresentative => (
                R::LegalRepresentativeMismatch,
                R::LegalRepresentativeSimilar,
            ),
            F::Address => (R::AddressMismatch, R::AddressSimilar),
            F::RegisteredCapital => (R::RegisteredCapitalMismatch, R::RegisteredCapitalSimilar),
            F::EstablishedDate => (R::EstablishedDateMismatch, R::EstablishedDateSimilar),
            F::ValidPeriod => (R::ValidPeriodMismatch, R::ValidPeriodSimilar),
            F::EnterpriseType => (R::EnterpriseTypeMismatch, R::EnterpriseTypeSimilar),
            F::BusinessScope => (R::BusinessScopeMismatch, R::BusinessScopeSimilar),
        };
        match verdict {
            Verdict::Mismatch => Some(pair.0),
            Verdict::Similar => Some(pair.1),
            _ => None,
        }
    }

    /// The stable code (`name_mismatch`, `status_dead`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::CreditCodeMismatch => "credit_code_mismatch",
            Reason::CreditCodeSimilar => "credit_code_similar",
            Reason::NameMismatch => "name_mismatch",
            Reason::NameSimilar => "name_similar",
            Reason::LegalRepresentativeMismatch => "legal_representative_mismatch",
            Reason::LegalRepresentativeSimilar => "legal_representative_similar",
            Reason::AddressMismatch => "address_mismatch",
            Reason::AddressSimilar => "address_similar",
            Reason::RegisteredCapitalMismatch => "registered_capital_mismatch",
            Reason::RegisteredCapitalSimilar => "registered_capital_similar",
            Reason::EstablishedDateMismatch => "established_date_mismatch",
            Reason::EstablishedDateSimilar => "established_date_similar",
            Reason::ValidPeriodMismatch => "valid_period_mismatch",
            Reason::ValidPeriodSimilar => "valid_period_similar",
            Reason::EnterpriseTypeMismatch => "enterprise_type_mismatch",
            Reason::EnterpriseTypeSimilar => "enterprise_type_similar",
            Reason::BusinessScopeMismatch => "business_scope_mismatch",
            Reason::BusinessScopeSimilar => "business_scope_similar",
            Reason::StatusDead => "status_dead",
            Reason::StatusDoubtful => "status_doubtful",
            Reason::PeriodExpired => "period_expired",
            Reason::ScanCodeInvalid => "scan_code_invalid",
            Reason::DocumentSuspect => "document_suspect",
            Reason::NothingCompared => "nothing_compared",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One field of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct FieldReport {
    /// Which field.
    pub field: FieldId,
    /// The scan's value as given (`null` when absent).
    pub scan: Option<String>,
    /// The registry's value as given, rendered as text (`null` when absent).
    pub registry: Option<String>,
    /// How they compare.
    pub verdict: Verdict,
    /// Similarity, `0.0..=1.0`, rounded to 3 decimals.
    pub score: f64,
    /// Why, for people.
    pub reason: String,
}

impl FieldReport {
    /// A field report; the score is clamped and rounded to 3 decimals.
    pub fn new(
        field: FieldId,
        scan: Option<String>,
        registry: Option<String>,
        verdict: Verdict,
        score: f64,
        reason: impl Into<String>,
    ) -> Self {
        FieldReport {
            field,
            scan,
            registry,
            verdict,
            score: round_score(score),
            reason: reason.into(),
        }
    }
}

/// Clamp to `0.0..=1.0` and round to 3 decimals, so reports (and snapshots) are stable.
pub fn round_score(score: f64) -> f64 {
    if score.is_nan() {
        return 0.0;
    }
    (score.clamp(0.0, 1.0) * 1000.0).round() / 1000.0
}

/// The result of reconciling a scan with a registry record.
///
/// Serializes to the public JSON contract: `decision`, `reasons`, `fields` (all nine, in
/// [`FieldId::ALL`] order), `warnings`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Report {
    /// pass / review / fail.
    pub decision: Decision,
    /// Every reason for the decision, in a stable order (fields first, in field order).
    pub reasons: Vec<Reason>,
    /// One entry per field, always all nine, in order.
    pub fields: Vec<FieldReport>,
    /// Evidence and notes that are not reasons (provider flags, unknown status words...).
    pub warnings: Vec<Warning>,
}

impl Report {
    /// The report line for `field`.
    pub fn field(&self, field: FieldId) -> Option<&FieldReport> {
        self.fields.iter().find(|f| f.field == field)
    }

    /// Whether `reason` is among the reasons.
    pub fn has_reason(&self, reason: Reason) -> bool {
        self.reasons.contains(&reason)
    }

    /// A table for people: the decision and reasons, one row per field, then warnings.
    pub fn to_table(&self) -> String {
        use comfy_table::{ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
        let mut table = Table::new();
        table
            .load_preset(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(140)
            .set_header(["field", "verdict", "score", "scan", "registry", "reason"]);
        for f in &self.fields {
            table.add_row([
                f.field.as_str().to_owned(),
                f.verdict.as_str().to_owned(),
                format!("{:.3}", f.score),
                f.scan.clone().unwrap_or_else(|| "-".into()),
                f.registry.clone().unwrap_or_else(|| "-".into()),
                f.reason.clone(),
            ]);
        }
        let reasons: Vec<&str> = self.reasons.iter().map(|r| r.as_str()).collect();
        let mut out = format!("decision: {}", self.decision);
        if !reasons.is_empty() {
            out.push_str(&format!(" ({})", reasons.join(", ")));
        }
        out.push('\n');
        out.push_str(&table.to_string());
        for w in &self.warnings {
            out.push_str(&format!("\nwarning {}: {}", w.code, w.message));
        }
        out
    }
}

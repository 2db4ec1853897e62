//! The decision policy: which findings fail, which ask for review.

use serde::{Deserialize, Serialize};

use crate::{Decision, FieldId, FieldReport, Reason, Verdict};

/// Similarity thresholds per field: a score at or above the threshold is `similar`, below
/// is `mismatch`. Fields with exact semantics (capital, dates) do not use theirs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Thresholds {
    /// Company name. 0.8: one wrong character in a 5-character name still counts as noise.
    pub name: f64,
    /// Legal representative. 0.6: one wrong character in a 3-character name (0.667) is
    /// noise, in a 2-character name (0.5) it is another person.
    pub legal_representative: f64,
    /// Address (after prefix stripping).
    pub address: f64,
    /// Enterprise type.
    pub enterprise_type: f64,
    /// Business scope (bigram score).
    pub business_scope: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            name: 0.8,
            legal_representative: 0.6,
            address: 0.8,
            enterprise_type: 0.8,
            business_scope: 0.6,
        }
    }
}

/// What turns findings into a decision. `Policy::default()` is the documented default:
///
/// - **fail** on a credit code or name mismatch, or a dead registry status;
/// - **review** on a key field (code, name, legal representative, address) that is only
///   `similar`, a legal representative or address mismatch, a secondary field mismatch, a
///   valid period expired at `as_of`, a scan code with a bad check digit, a doubtful or
///   unknown status, a document flagged as copy/reprint/edited, or no key field compared;
/// - **pass** otherwise. `business_scope` is informational.
///
/// ```
/// use bizlicense_reconcile::{FieldId, Policy};
/// // Also fail when the legal representative differs; be stricter on addresses.
/// let policy = Policy::default()
///     .with_fail_on_mismatch([FieldId::CreditCode, FieldId::Name, FieldId::LegalRepresentative])
///     .with_threshold(FieldId::Address, 0.9);
/// assert_eq!(policy.thresholds.address, 0.9);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Policy {
    /// Similarity thresholds.
    pub thresholds: Thresholds,
    /// Fields whose `similar` verdict asks for review.
    pub key_fields: Vec<FieldId>,
    /// Fields whose `mismatch` fails the check (other non-informational mismatches review).
    pub fail_on_mismatch: Vec<FieldId>,
    /// Fields compared and reported but never a reason.
    pub informational: Vec<FieldId>,
    /// Fail when the registry status is dead (注销, 吊销, 撤销...).
    pub fail_on_dead_status: bool,
    /// Review when the status is doubtful or not in the table.
    pub review_on_doubtful_status: bool,
    /// Review when the valid period ended before `as_of`.
    pub review_on_expired_period: bool,
    /// Review when the scan's code fails validation.
    pub review_on_invalid_scan_code: bool,
    /// Review when the OCR provider flags a copy, reprint or edited image.
    pub review_on_suspect_document: bool,
    /// Review when no key field could be compared.
    pub review_when_nothing_compared: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            thresholds: Thresholds::default(),
            key_fields: vec![
                FieldId::CreditCode,
                FieldId::Name,
                FieldId::LegalRepresentative,
                FieldId::Address,
            ],
            fail_on_mismatch: vec![FieldId::CreditCode, FieldId::Name],
            informational: vec![FieldId::BusinessScope],
            fail_on_dead_status: true,
            review_on_doubtful_status: true,
            review_on_expired_period: true,
            review_on_invalid_scan_code: true,
            review_on_suspect_document: true,
            review_when_nothing_compared: true,
        }
    }
}

/// Facts beyond the field verdicts that the policy weighs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Findings {
    /// The registry status is dead.
    pub status_dead: bool,
    /// The registry status is doubtful or unknown.
    pub status_doubtful: bool,
    /// The valid period ended before `as_of`.
    pub period_expired: bool,
    /// The scan's code is invalid.
    pub scan_code_invalid: bool,
    /// The document is flagged as a copy, reprint or edited.
    pub document_suspect: bool,
}

impl Policy {
    /// Replace the key fields.
    pub fn with_key_fields(mut self, fields: impl IntoIterator<Item = FieldId>) -> Self {
        self.key_fields = fields.into_iter().collect();
        self
    }

    /// Replace the fields whose mismatch fails.
    pub fn with_fail_on_mismatch(mut self, fields: impl IntoIterator<Item = FieldId>) -> Self {
        self.fail_on_mismatch = fields.into_iter().collect();
        self
    }

    /// Replace the informational fields.
    pub fn with_informational(mut self, fields: impl IntoIterator<Item = FieldId>) -> Self {
        self.informational = fields.into_iter().collect();
        self
    }

    /// Set the similarity threshold of `field` (clamped to `0.0..=1.0`). Fields without a
    /// fuzzy comparison (code, capital, dates) ignore it.
    pub fn with_threshold(mut self, field: FieldId, threshold: f64) -> Self {
        let t = threshold.clamp(0.0, 1.0);
        match field {
            FieldId::Name => self.thresholds.name = t,
            FieldId::LegalRepresentative => self.thresholds.legal_representative = t,
            FieldId::Address => self.thresholds.address = t,
            FieldId::EnterpriseType => self.thresholds.enterprise_type = t,
            FieldId::BusinessScope => self.thresholds.business_scope = t,
            _ => {}
        }
        self
    }

    /// Decide from the field reports and the other findings. Reasons come in a stable
    /// order: fields in report order, then status, period, code validity, document, and
    /// `nothing_compared`.
    pub fn decide(&self, fields: &[FieldReport], findings: &Findings) -> (Decision, Vec<Reason>) {
        let mut decision = Decision::Pass;
        let mut reasons = Vec::new();
        let mut raise = |d: Decision, r: Reason, reasons: &mut Vec<Reason>| {
            decision = decision.max(d);
            if !reasons.contains(&r) {
                reasons.push(r);
            }
        };
        for f in fields {
            if self.informational.contains(&f.field) {
                continue;
            }
            let severity = match f.verdict {
                Verdict::Mismatch if self.fail_on_mismatch.contains(&f.field) => Decision::Fail,
                Verdict::Mismatch => Decision::Review,
                Verdict::Similar if self.key_fields.contains(&f.field) => Decision::Review,
                _ => continue,
            };
            if let Some(r) = Reason::for_field(f.field, f.verdict) {
                raise(severity, r, &mut reasons);
            }
        }
        if findings.status_dead && self.fail_on_dead_status {
            raise(Decision::Fail, Reason::StatusDead, &mut reasons);
        }
        if findings.status_doubtful && self.review_on_doubtful_status {
            raise(Decision::Review, Reason::StatusDoubtful, &mut reasons);
        }
        if findings.period_expired && self.review_on_expired_period {
            raise(Decision::Review, Reason::PeriodExpired, &mut reasons);
        }
        if findings.scan_code_invalid && self.review_on_invalid_scan_code {
            raise(Decision::Review, Reason::ScanCodeInvalid, &mut reasons);
        }
        if findings.document_suspect && self.review_on_suspect_document {
            raise(Decision::Review, Reason::DocumentSuspect, &mut reasons);
        }
        let compared_key = fields
            .iter()
            .any(|f| self.key_fields.contains(&f.field) && f.verdict != Verdict::Missing);
        if !compared_key && self.review_when_nothing_compared {
            raise(Decision::Review, Reason::NothingCompared, &mut reasons);
        }
        (decision, reasons)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(field: FieldId, verdict: Verdict) -> FieldReport {
        FieldReport::new(field, None, None, verdict, 0.5, "")
    }

    fn all(verdict: Verdict) -> Vec<FieldReport> {
        FieldId::ALL.iter().map(|&f| field(f, verdict)).collect()
    }

    #[test]
    fn all_equivalent_passes() {
        let p = Policy::default();
        assert_eq!(
            p.decide(&all(Verdict::Equivalent), &Findings::default()),
            (Decision::Pass, vec![])
        );
    }

    #[test]
    fn code_or_name_mismatch_fails_others_review() {
        let p = Policy::default();
        for (f, want) in [
            (FieldId::CreditCode, Decision::Fail),
            (FieldId::Name, Decision::Fail),
            (FieldId::LegalRepresentative, Decision::Review),
            (FieldId::Address, Decision::Review),
            (FieldId::RegisteredCapital, Decision::Review),
            (FieldId::EstablishedDate, Decision::Review),
            (FieldId::ValidPeriod, Decision::Review),
            (FieldId::EnterpriseType, Decision::Review),
            (FieldId::BusinessScope, Decision::Pass),
        ] {
            let mut fields = all(Verdict::Exact);
            fields[f.index()] = field(f, Verdict::Mismatch);
            let (d, reasons) = p.decide(&fields, &Findings::default());
            assert_eq!(d, want, "{f}");
            assert_eq!(
                reasons,
                Reason::for_field(f, Verdict::Mismatch)
                    .filter(|_| want != Decision::Pass)
                    .into_iter()
                    .collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn similar_reviews_only_on_key_fields() {
        let p = Policy::default();
        for f in FieldId::ALL {
            let mut fields = all(Verdict::Exact);
            fields[f.index()] = field(f, Verdict::Similar);
            let (d, _) = p.decide(&fields, &Findings::default());
            let want = if p.key_fields.contains(&f) {
                Decision::Review
            } else {
                Decision::Pass
            };
            assert_eq!(d, want, "{f}");
        }
    }

    #[test]
    fn findings() {
        let p = Policy::default();
        let fields = all(Verdict::Exact);
        let dead = Findings {
            status_dead: true,
            ..Default::default()
        };
        assert_eq!(
            p.decide(&fields, &dead),
            (Decision::Fail, vec![Reason::StatusDead])
        );
        let f = Findings {
            status_doubtful: true,
            period_expired: true,
            scan_code_invalid: true,
            document_suspect: true,
            ..Default::default()
        };
        assert_eq!(
            p.decide(&fields, &f),
            (
                Decision::Review,
                vec![
                    Reason::StatusDoubtful,
                    Reason::PeriodExpired,
                    Reason::ScanCodeInvalid,
                    Reason::DocumentSuspect
                ]
            )
        );
        assert_eq!(
            p.decide(&all(Verdict::Missing), &Findings::default()),
            (Decision::Review, vec![Reason::NothingCompared])
        );
    }

    #[test]
    fn policy_is_configurable() {
        let p = Policy::default().with_fail_on_mismatch([
            FieldId::CreditCode,
            FieldId::Name,
            FieldId::Address,
        ]);
        let mut fields = all(Verdict::Exact);
        fields[FieldId::Address.index()] = field(FieldId::Address, Verdict::Mismatch);
        assert_eq!(p.decide(&fields, &Findings::default()).0, Decision::Fail);
        let lax = Policy {
            fail_on_dead_status: false,
            ..Policy::default()
        };
        let dead = Findings {
            status_dead: true,
            ..Default::default()
        };
        assert_eq!(lax.decide(&all(Verdict::Exact), &dead).0, Decision::Pass);
    }
}

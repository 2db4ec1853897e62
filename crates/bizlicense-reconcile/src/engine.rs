//! The engine: compare every field, weigh the findings with the policy, build the report.

use bizlicense_core::{
    CreditCode, LicenseScan, Reconciler, RegistryRecord, Warning, jiff::civil::Date,
};

use crate::compare::{
    Comparison, compare_address, compare_capital, compare_code, compare_date,
    compare_enterprise_type, compare_name, compare_period, compare_person, compare_scope,
    date::render_period, parse_period_text,
};
use crate::policy::Findings;
use crate::status::{StatusClass, classify_status, classify_status_code};
use crate::{FieldId, FieldReport, Policy, Report};

/// Reconciles a [`LicenseScan`] with a [`RegistryRecord`] under a [`Policy`].
///
/// ```
/// use bizlicense_core::{LicenseScan, RegistryRecord, jiff::civil::date};
/// use bizlicense_reconcile::{Decision, Engine};
///
/// let mut scan = LicenseScan::new("wechat");
/// scan.credit_code = Some("911101085636549482".into());
/// scan.name = Some("腾讯云计算（北京）有限责任公司".into());
/// let mut record = RegistryRecord::new("tencent.verify_basic");
/// record.credit_code = Some("911101085636549482".into());
/// record.name = Some("腾讯云计算(北京)有限责任公司".into());
/// record.status = Some("存续".into());
///
/// let report = Engine::default().reconcile(&scan, &record, date(2024, 6, 1));
/// assert_eq!(report.decision, Decision::Pass);
/// assert_eq!(report.fields.len(), 9);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Engine {
    policy: Policy,
}

fn present(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn missing_reason(scan: bool, registry: bool) -> &'static str {
    match (scan, registry) {
        (false, false) => "absent on both sides",
        (false, true) => "absent on the scan",
        _ => "absent in the registry",
    }
}

impl Engine {
    /// An engine with `policy`.
    pub fn new(policy: Policy) -> Self {
        Engine { policy }
    }

    /// The policy in use.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Compare `scan` with `record` as of `as_of` (for the expiry check).
    pub fn reconcile(&self, scan: &LicenseScan, record: &RegistryRecord, as_of: Date) -> Report {
        let t = &self.policy.thresholds;
        let mut warnings = Vec::new();
        let mut findings = Findings::default();
        let mut fields = Vec::with_capacity(FieldId::ALL.len());

        // credit_code
        let scan_code = present(&scan.credit_code);
        let (code_registry, code_cmp) = match scan_code {
            Some(code) => {
                let c = compare_code(
                    code,
                    present(&record.credit_code),
                    present(&record.reg_no),
                    present(&record.original_reg_no),
                );
                if let Some(err) = &c.scan_invalid {
                    findings.scan_code_invalid = true;
                    warnings.push(Warning::new(
                        "scan_code_invalid",
                        format!("the code on the scan, {code:?}, is not valid: {err}"),
                    ));
                }
                (c.registry_value, c.comparison)
            }
            None => {
                let reg = present(&record.credit_code)
                    .or_else(|| present(&record.reg_no))
                    .map(str::to_owned);
                let reason = missing_reason(false, reg.is_some());
                (reg, Comparison::missing(reason))
            }
        };
        fields.push(report_line(
            FieldId::CreditCode,
            scan_code,
            code_registry,
            code_cmp,
        ));
        if let Some(code) = present(&record.credit_code)
            && let Err(err) = CreditCode::parse(code)
        {
            warnings.push(Warning::new(
                "registry_code_invalid",
                format!("the registry's credit code {code:?} is not valid: {err}"),
            ));
        }

        // Text fields.
        let text = |field: FieldId, a: &Option<String>, b: &Option<String>| {
            let (sa, sb) = (present(a), present(b));
            let cmp = match (sa, sb) {
                (Some(x), Some(y)) => match field {
                    FieldId::Name => compare_name(x, y, t.name),
                    FieldId::LegalRepresentative => compare_person(x, y, t.legal_representative),
                    FieldId::Address => compare_address(x, y, t.address),
                    FieldId::EnterpriseType => compare_enterprise_type(x, y, t.enterprise_type),
                    _ => compare_scope(x, y, t.business_scope),
                },
                _ => Comparison::missing(missing_reason(sa.is_some(), sb.is_some())),
            };
            report_line(field, sa, sb.map(str::to_owned), cmp)
        };
        fields.push(text(FieldId::Name, &scan.name, &record.name));
        fields.push(text(
            FieldId::LegalRepresentative,
            &scan.legal_representative,
            &record.legal_representative,
        ));
        fields.push(text(FieldId::Address, &scan.address, &record.address));

        // registered_capital
        let sa = present(&scan.registered_capital);
        let reg = record.registered_capital.as_ref();
        let cmp = match (sa, reg) {
            (Some(x), Some(m)) => compare_capital(x, m),
            _ => Comparison::missing(missing_reason(sa.is_some(), reg.is_some())),
        };
        fields.push(report_line(
            FieldId::RegisteredCapital,
            sa,
            reg.map(ToString::to_string),
            cmp,
        ));

        // established_date
        let sa = present(&scan.established_date);
        let cmp = match (sa, record.established_date) {
            (Some(x), Some(d)) => compare_date(x, d),
            (_, d) => Comparison::missing(missing_reason(sa.is_some(), d.is_some())),
        };
        fields.push(report_line(
            FieldId::EstablishedDate,
            sa,
            record.established_date.map(|d| d.to_string()),
            cmp,
        ));

        // valid_period (+ expiry)
        let sa = present(&scan.valid_period);
        let reg = record.valid_period.as_ref();
        let cmp = match (sa, reg) {
            (Some(x), Some(p)) => compare_period(x, p),
            _ => Comparison::missing(missing_reason(sa.is_some(), reg.is_some())),
        };
        fields.push(report_line(
            FieldId::ValidPeriod,
            sa,
            reg.map(render_period),
            cmp,
        ));
        let effective = reg.copied().or_else(|| sa.and_then(parse_period_text));
        if let Some(p) = effective
            && p.is_expired_at(as_of)
        {
            findings.period_expired = true;
            let source = if reg.is_some() { "registry" } else { "scan" };
            warnings.push(Warning::new(
                "period_expired",
                format!(
                    "the valid period ({}, from the {source}) ended before {as_of}",
                    render_period(&p)
                ),
            ));
        }

        fields.push(text(
            FieldId::EnterpriseType,
            &scan.enterprise_type,
            &record.enterprise_type,
        ));
        fields.push(text(
            FieldId::BusinessScope,
            &scan.business_scope,
            &record.business_scope,
        ));

        self.weigh_status(record, &mut findings, &mut warnings);
        weigh_document(scan, &mut findings, &mut warnings);
        record_evidence(scan, record, &mut warnings);

        let (decision, reasons) = self.policy.decide(&fields, &findings);
        Report {
            decision,
            reasons,
            fields,
            warnings,
        }
    }

    fn weigh_status(
        &self,
        record: &RegistryRecord,
        findings: &mut Findings,
        warnings: &mut Vec<Warning>,
    ) {
        let class = if let Some(status) = present(&record.status) {
            match classify_status(status) {
                Some(c) => Some((c, status.to_owned())),
                None => {
                    warnings.push(Warning::new(
                        "status_unknown",
                        format!("the registry status {status:?} is not in the status table; treated as doubtful"),
                    ));
                    Some((StatusClass::Doubtful, status.to_owned()))
                }
            }
        } else if let Some(code) = present(&record.status_code) {
            match classify_status_code(code) {
                Some((c, meaning)) => Some((c, format!("{code} ({meaning})"))),
                None => {
                    warnings.push(Warning::new(
                        "status_unknown",
                        format!("the registry status code {code:?} is not in the status table; treated as doubtful"),
                    ));
                    Some((StatusClass::Doubtful, code.to_owned()))
                }
            }
        } else {
            warnings.push(Warning::new(
                "status_not_reported",
                format!("{} did not report an operating status", record.provider),
            ));
            None
        };
        match class {
            Some((StatusClass::Dead, s)) => {
                findings.status_dead = true;
                warnings.push(Warning::new(
                    "status_dead",
                    format!("the registry status is {s}"),
                ));
            }
            Some((StatusClass::Doubtful, s)) => {
                findings.status_doubtful = true;
                warnings.push(Warning::new(
                    "status_doubtful",
                    format!("the registry status is {s}"),
                ));
            }
            _ => {}
        }
    }
}

fn report_line(
    field: FieldId,
    scan: Option<&str>,
    registry: Option<String>,
    cmp: Comparison,
) -> FieldReport {
    FieldReport::new(
        field,
        scan.map(str::to_owned),
        registry,
        cmp.verdict,
        cmp.score,
        cmp.reason,
    )
}

fn weigh_document(scan: &LicenseScan, findings: &mut Findings, warnings: &mut Vec<Warning>) {
    for flag in &scan.document_flags {
        if flag.is_authenticity_risk() {
            findings.document_suspect = true;
            warnings.push(Warning::new(
                "document_suspect",
                format!("{} flags the document: {}", scan.provider, flag.as_str()),
            ));
        } else {
            warnings.push(Warning::new(
                flag.as_str(),
                format!("{} flags the image: {}", scan.provider, flag.as_str()),
            ));
        }
    }
}

/// Provider consistency flags and conversion notes: evidence, never verdicts.
fn record_evidence(scan: &LicenseScan, record: &RegistryRecord, warnings: &mut Vec<Warning>) {
    let c = &record.consistency;
    for (what, flag) in [
        ("credit code", c.credit_code),
        ("name", c.name),
        ("address", c.address),
        ("legal representative", c.legal_representative),
        ("ID number", c.id_number),
        ("overall result", c.overall),
    ] {
        if flag == Some(false) {
            warnings.push(Warning::new(
                "provider_flag_mismatch",
                format!(
                    "{} reports the {what} as not matching its query (evidence only; the fields above are compared independently)",
                    record.provider
                ),
            ));
        }
    }
    for w in &scan.warnings {
        warnings.push(Warning::new(w.code.clone(), format!("scan: {}", w.message)));
    }
    for w in &record.warnings {
        warnings.push(Warning::new(
            w.code.clone(),
            format!("registry: {}", w.message),
        ));
    }
}

impl Reconciler for Engine {
    type Report = Report;

    fn reconcile(&self, scan: &LicenseScan, record: &RegistryRecord, as_of: Date) -> Report {
        Engine::reconcile(self, scan, record, as_of)
    }
}

//! Company names: legal form and branch aware.

use super::{Comparison, compare_normalized};
use crate::normalize::normalize_text;

/// Legal forms, longest first so `股份有限公司` wins over `有限公司`. Normalized text.
/// Two names with different legal forms are different entities, whatever the fuzzy score.
pub const LEGAL_FORMS: &[&str] = &[
    "特殊普通合伙企业",
    "股份有限公司",
    "有限责任公司",
    "农民专业合作社",
    "个人独资企业",
    "股份合作公司",
    "股份合作企业",
    "(特殊普通合伙)",
    "(普通合伙)",
    "(有限合伙)",
    "专业合作社",
    "合伙企业",
    "有限公司",
    "合作社",
];

/// Suffixes that make a name a branch (分支机构), not the company itself. Normalized text.
pub const BRANCH_SUFFIXES: &[&str] = &[
    "分公司",
    "分店",
    "分厂",
    "营业部",
    "办事处",
    "分部",
    "经营部",
    "分行",
    "支行",
    "分理处",
    "分所",
    "分社",
    "分中心",
    "分院",
    "门市部",
    "代表处",
    "分支机构",
];

/// The legal form a normalized name contains (the longest entry of [`LEGAL_FORMS`] found),
/// or `None`.
///
/// ```
/// use bizlicense_reconcile::compare::legal_form;
/// assert_eq!(legal_form("腾讯科技(深圳)有限公司"), Some("有限公司"));
/// assert_eq!(legal_form("平安银行股份有限公司深圳分行"), Some("股份有限公司"));
/// ```
pub fn legal_form(normalized: &str) -> Option<&'static str> {
    LEGAL_FORMS.iter().copied().find(|f| normalized.contains(f))
}

/// The branch suffix a normalized name ends with, or `None`. A trailing bracketed part
/// (`...分公司(筹)`) is looked through.
///
/// ```
/// use bizlicense_reconcile::compare::branch_suffix;
/// assert_eq!(branch_suffix("某某有限公司南山分公司"), Some("分公司"));
/// assert_eq!(branch_suffix("某某有限公司"), None);
/// ```
pub fn branch_suffix(normalized: &str) -> Option<&'static str> {
    let mut s = normalized;
    if let Some(stripped) = s.strip_suffix(')')
        && let Some(open) = stripped.rfind('(')
    {
        s = &stripped[..open];
    }
    BRANCH_SUFFIXES.iter().copied().find(|b| s.ends_with(b))
}

/// Compare company names.
///
/// - A branch suffix on one side only is a `mismatch`, whatever the fuzzy score: a branch is
///   a different registered entity.
/// - Different legal forms (`有限公司` vs `有限责任公司` vs `股份有限公司`) are a `mismatch`.
/// - Brackets carry the city and differ only in width: `（深圳）` == `(深圳)` (`equivalent`).
/// - A one-character OCR error (`腾迅` for `腾讯`) is `similar` when the score reaches
///   `threshold`: a human looks.
pub fn compare_name(scan: &str, registry: &str, threshold: f64) -> Comparison {
    if scan.trim() == registry.trim() {
        return Comparison::exact();
    }
    let a = normalize_text(scan);
    let b = normalize_text(registry);
    if a == b {
        return Comparison::equivalent("the same name after normalization");
    }
    let score = super::fuzzy_score(&a, &b);
    match (branch_suffix(&a), branch_suffix(&b)) {
        (Some(s), None) => {
            return Comparison::mismatch(
                score,
                format!("the scan names a branch ({s}), the registry does not"),
            );
        }
        (None, Some(s)) => {
            return Comparison::mismatch(
                score,
                format!("the registry names a branch ({s}), the scan does not"),
            );
        }
        _ => {}
    }
    if let (Some(fa), Some(fb)) = (legal_form(&a), legal_form(&b))
        && fa != fb
    {
        return Comparison::mismatch(
            score,
            format!("different legal forms: {fa} on the scan, {fb} in the registry"),
        );
    }
    compare_normalized(&a, &b, threshold, "the same name after normalization")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Verdict;

    fn v(a: &str, b: &str) -> Verdict {
        compare_name(a, b, 0.8).verdict
    }

    #[test]
    fn brackets_carry_the_city() {
        assert_eq!(
            v("腾讯科技（深圳）有限公司", "腾讯科技(深圳)有限公司"),
            Verdict::Equivalent
        );
        assert_eq!(
            v("腾讯科技【深圳】有限公司", "腾讯科技(深圳)有限公司"),
            Verdict::Equivalent
        );
        assert_eq!(
            v("騰訊科技(深圳)有限公司", "腾讯科技(深圳)有限公司"),
            Verdict::Equivalent
        );
    }

    #[test]
    fn one_char_ocr_error_is_similar() {
        assert_eq!(
            v("腾迅科技(深圳)有限公司", "腾讯科技(深圳)有限公司"),
            Verdict::Similar
        );
    }

    #[test]
    fn legal_forms_differ() {
        assert_eq!(
            v("某某科技有限公司", "某某科技有限责任公司"),
            Verdict::Mismatch
        );
        assert_eq!(
            v("某某科技股份有限公司", "某某科技有限公司"),
            Verdict::Mismatch
        );
    }

    #[test]
    fn branch_on_one_side_is_a_mismatch_whatever_the_score() {
        let c = compare_name("某某科技有限公司南山分公司", "某某科技有限公司", 0.0);
        assert_eq!(c.verdict, Verdict::Mismatch);
        for b in BRANCH_SUFFIXES {
            let name = format!("某某科技有限公司南山{b}");
            assert_eq!(
                compare_name(&name, "某某科技有限公司", 0.0).verdict,
                Verdict::Mismatch,
                "{b}"
            );
            assert_eq!(
                compare_name("某某科技有限公司", &name, 0.0).verdict,
                Verdict::Mismatch,
                "{b}"
            );
        }
        assert_eq!(
            v("某某有限公司南山分公司", "某某有限公司南山分公司"),
            Verdict::Exact
        );
    }

    #[test]
    fn different_companies_mismatch() {
        assert_eq!(
            v("腾讯科技(深圳)有限公司", "阿里巴巴(中国)有限公司"),
            Verdict::Mismatch
        );
    }

    #[test]
    fn tables_are_normalized_text() {
        for s in LEGAL_FORMS.iter().chain(BRANCH_SUFFIXES) {
            assert_eq!(normalize_text(s), *s);
        }
    }
}

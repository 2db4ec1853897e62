//! Enterprise type (企业类型): GB/T codes or text, bracket variants, qualifier suffixes.

use super::{Comparison, compare_normalized};
use crate::normalize::normalize_text;

/// Enterprise type codes (市场主体类型, GB/T-style 4-digit codes) and their text, as the
/// registry's code fields use them. Text is normalized (ASCII brackets).
pub const ENTERPRISE_TYPE_CODES: &[(&str, &str)] = &[
    ("1100", "有限责任公司"),
    ("1110", "有限责任公司(国有独资)"),
    ("1120", "有限责任公司(外商投资企业投资)"),
    ("1130", "有限责任公司(自然人投资或控股)"),
    ("1140", "有限责任公司(国有控股)"),
    ("1150", "一人有限责任公司"),
    ("1151", "有限责任公司(自然人独资)"),
    ("1190", "其他有限责任公司"),
    ("1200", "股份有限公司"),
    ("1210", "股份有限公司(上市)"),
    ("1220", "股份有限公司(非上市)"),
    ("2100", "有限责任公司分公司"),
    ("2200", "股份有限公司分公司"),
    ("3100", "全民所有制"),
    ("3200", "集体所有制"),
    ("3300", "股份合作制"),
    ("4000", "个人独资企业"),
    ("9100", "农民专业合作社"),
    ("9200", "农民专业合作社分支机构"),
];

/// The text for an enterprise type code (`1100` -> `有限责任公司`), or `None`.
///
/// ```
/// use bizlicense_reconcile::compare::enterprise_type_name;
/// assert_eq!(enterprise_type_name("1200"), Some("股份有限公司"));
/// assert_eq!(enterprise_type_name("7777"), None);
/// ```
pub fn enterprise_type_name(code: &str) -> Option<&'static str> {
    let code = code.trim();
    ENTERPRISE_TYPE_CODES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, t)| *t)
}

/// Normalized text of a type given as a code, a code followed by text, or text; and its
/// split into base (`有限责任公司`) and qualifier (`自然人投资或控股`). The words `其他` and
/// `一人` are qualifiers too.
fn resolve(s: &str) -> (String, String, String) {
    let n = normalize_text(s);
    let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
    let text = match enterprise_type_name(&digits) {
        Some(t) if n.len() == digits.len() => t.to_owned(),
        Some(_) => n[digits.len()..].to_owned(),
        None => n.clone(),
    };
    let (mut base, mut qual) = match text.find('(') {
        Some(i) => (
            text[..i].to_owned() + text[i..].rsplit_once(')').map_or("", |(_, after)| after),
            text[i + 1..]
                .split_once(')')
                .map_or(&text[i + 1..], |(q, _)| q)
                .to_owned(),
        ),
        None => (text.clone(), String::new()),
    };
    for prefix in ["其他", "一人"] {
        if let Some(b) = base.strip_prefix(prefix) {
            if qual.is_empty() {
                qual = prefix.to_owned();
            }
            base = b.to_owned();
        }
    }
    (text, base, qual)
}

/// Compare enterprise types given as codes or text.
///
/// Same text after resolving codes and normalizing: `equivalent`. Same base type with a
/// qualifier (`（自然人投资或控股）`, `其他`) on one side only: `equivalent`; with different
/// qualifiers: `similar`. Different base types go through the fuzzy ladder.
pub fn compare_enterprise_type(scan: &str, registry: &str, threshold: f64) -> Comparison {
    if scan.trim() == registry.trim() {
        return Comparison::exact();
    }
    let (ta, ba, qa) = resolve(scan);
    let (tb, bb, qb) = resolve(registry);
    if ta == tb {
        return Comparison::equivalent(format!("the same type: {ta}"));
    }
    if ba == bb {
        if qa.is_empty() || qb.is_empty() || qa == qb {
            return Comparison::equivalent(format!("the same type: {ba}"));
        }
        return Comparison::new(
            crate::Verdict::Similar,
            super::fuzzy_score(&ta, &tb),
            format!("the same base type {ba}, different qualifiers: {qa} vs {qb}"),
        );
    }
    compare_normalized(&ta, &tb, threshold, "the same type after normalization")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Verdict;

    fn v(a: &str, b: &str) -> Verdict {
        compare_enterprise_type(a, b, 0.8).verdict
    }

    #[test]
    fn codes_and_text() {
        assert_eq!(v("1100", "有限责任公司"), Verdict::Equivalent);
        assert_eq!(
            v("有限责任公司（自然人投资或控股）", "1130"),
            Verdict::Equivalent
        );
        assert_eq!(
            v(
                "1130有限责任公司(自然人投资或控股)",
                "有限责任公司（自然人投资或控股）"
            ),
            Verdict::Equivalent
        );
        assert_eq!(v("4000", "个人独资企业"), Verdict::Equivalent);
        assert_eq!(v("9100", "农民专业合作社"), Verdict::Equivalent);
    }

    #[test]
    fn qualifiers() {
        assert_eq!(
            v("有限责任公司（自然人投资或控股）", "有限责任公司"),
            Verdict::Equivalent
        );
        assert_eq!(v("其他有限责任公司", "有限责任公司"), Verdict::Equivalent);
        assert_eq!(
            v(
                "有限责任公司（自然人独资）",
                "有限责任公司(自然人投资或控股)"
            ),
            Verdict::Similar
        );
        assert_eq!(v("股份有限公司", "有限责任公司"), Verdict::Mismatch);
    }

    #[test]
    fn table_text_is_normalized_and_codes_unique() {
        for (i, (c, t)) in ENTERPRISE_TYPE_CODES.iter().enumerate() {
            assert_eq!(normalize_text(t), *t);
            assert!(ENTERPRISE_TYPE_CODES[i + 1..].iter().all(|(c2, _)| c2 != c));
        }
    }
}

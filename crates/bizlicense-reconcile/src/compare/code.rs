//! 统一社会信用代码 / 注册号.

use bizlicense_core::ident::{IdError, RegistrationId, normalize_input};

use super::{Comparison, fuzzy_score};
use crate::Verdict;

/// The outcome of comparing the scan's code with the registry's identifiers.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CodeComparison {
    /// The verdict on the field.
    pub comparison: Comparison,
    /// The registry value the scan was compared with (its credit code, or its registration
    /// number when the license shows the old 15-digit 注册号).
    pub registry_value: Option<String>,
    /// Why the scan's code is not a valid identifier (bad check digit, bad character...).
    pub scan_invalid: Option<IdError>,
}

fn nonempty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// Fold the characters OCR confuses in codes (`O/0`, `I/1`, `Z/2`, `S/5`, `B/8`) to one side.
/// Both codes are folded the same way, so two codes equal after folding differ only by OCR
/// confusions.
fn confusion_fold(c: char) -> char {
    match c {
        'O' => '0',
        'I' => '1',
        'Z' => '2',
        'S' => '5',
        'B' => '8',
        _ => c,
    }
}

fn looks_like_reg_no(normalized: &str) -> bool {
    normalized.chars().count() == 15
}

/// Compare the code read from the license with the registry's identifiers.
///
/// - An 18-character code is compared with `credit_code`; a 15-character one (the old
///   注册号) with `reg_no`, then `original_reg_no`, never with the credit code.
/// - `exact`: identical after trimming; `equivalent`: identical after identifier
///   normalization (width, spaces, case); `similar`: the only differences are OCR confusions
///   (`O/0`, `I/1`, `Z/2`, `S/5`, `B/8`), never `equivalent`; `mismatch` otherwise.
/// - The scan's code is validated with `bizlicense_core::ident`; a failure is returned in
///   [`CodeComparison::scan_invalid`] (a review reason), whatever the verdict.
///
/// ```
/// use bizlicense_reconcile::{Verdict, compare::compare_code};
/// let c = compare_code("9144030O708461136T", Some("91440300708461136T"), None, None);
/// assert_eq!(c.comparison.verdict, Verdict::Similar);
/// assert!(c.scan_invalid.is_some());
/// ```
pub fn compare_code(
    scan: &str,
    registry_credit_code: Option<&str>,
    registry_reg_no: Option<&str>,
    registry_original_reg_no: Option<&str>,
) -> CodeComparison {
    let scan_norm = normalize_input(scan);
    let scan_invalid = RegistrationId::parse(&scan_norm).err();

    let (target, kind) = if looks_like_reg_no(&scan_norm) {
        let reg_nos = [
            nonempty(registry_reg_no),
            nonempty(registry_original_reg_no),
        ];
        // Prefer the registration number that matches; else the first one present.
        let hit = reg_nos
            .iter()
            .flatten()
            .find(|r| normalize_input(r) == scan_norm)
            .or_else(|| reg_nos.iter().flatten().next())
            .copied();
        (hit, "registration number (注册号)")
    } else {
        (nonempty(registry_credit_code), "credit code")
    };
    let Some(target) = target else {
        return CodeComparison {
            comparison: Comparison::missing(format!("the registry gave no {kind} to compare")),
            registry_value: None,
            scan_invalid,
        };
    };
    let comparison = if scan.trim() == target {
        Comparison::exact()
    } else {
        let reg_norm = normalize_input(target);
        if scan_norm == reg_norm {
            Comparison::equivalent(format!("the same {kind} after removing spaces and width"))
        } else {
            let score = fuzzy_score(&scan_norm, &reg_norm);
            let folded_eq = scan_norm.chars().count() == reg_norm.chars().count()
                && scan_norm
                    .chars()
                    .map(confusion_fold)
                    .eq(reg_norm.chars().map(confusion_fold));
            if folded_eq {
                let diffs: Vec<String> = scan_norm
                    .chars()
                    .zip(reg_norm.chars())
                    .enumerate()
                    .filter(|(_, (a, b))| a != b)
                    .map(|(i, (a, b))| format!("{a}/{b} at {}", i + 1))
                    .collect();
                Comparison::new(
                    Verdict::Similar,
                    score,
                    format!("differs only by OCR confusions ({})", diffs.join(", ")),
                )
            } else {
                Comparison::mismatch(score, format!("a different {kind}"))
            }
        }
    };
    CodeComparison {
        comparison,
        registry_value: Some(target.to_owned()),
        scan_invalid,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: &str = "91440300708461136T";

    #[test]
    fn exact_and_equivalent() {
        let c = compare_code(CODE, Some(CODE), None, None);
        assert_eq!(c.comparison.verdict, Verdict::Exact);
        assert!(c.scan_invalid.is_none());
        let c = compare_code(
            "９１４４ ０３００ ７０８４ ６１１３ ６ｔ",
            Some(CODE),
            None,
            None,
        );
        assert_eq!(c.comparison.verdict, Verdict::Equivalent);
    }

    #[test]
    fn ocr_confusions_are_similar_never_equivalent() {
        for scan in [
            "9144O300708461136T",
            "91440300708461I36T",
            "9144030070B461136T",
        ] {
            let c = compare_code(scan, Some(CODE), None, None);
            assert_eq!(c.comparison.verdict, Verdict::Similar, "{scan}");
            assert!(c.scan_invalid.is_some(), "{scan}");
        }
    }

    #[test]
    fn a_different_code_is_a_mismatch() {
        let c = compare_code("911101085636549482", Some(CODE), None, None);
        assert_eq!(c.comparison.verdict, Verdict::Mismatch);
        assert!(c.scan_invalid.is_none());
    }

    #[test]
    fn bad_check_digit_is_reported() {
        let c = compare_code("911101085636549483", Some("911101085636549482"), None, None);
        assert_eq!(c.comparison.verdict, Verdict::Mismatch);
        assert!(matches!(c.scan_invalid, Some(IdError::CheckDigit { .. })));
    }

    #[test]
    fn reg_no_is_compared_with_reg_no_not_credit_code() {
        let c = compare_code(
            "120118000032322",
            Some("91120118341040772F"),
            Some("120118000032322"),
            None,
        );
        assert_eq!(c.comparison.verdict, Verdict::Exact);
        assert_eq!(c.registry_value.as_deref(), Some("120118000032322"));
        let c = compare_code(
            "120118000032322",
            Some("91120118341040772F"),
            Some("120118000099999"),
            Some("120118000032322"),
        );
        assert_eq!(c.comparison.verdict, Verdict::Exact);
        let c = compare_code("120118000032322", Some("91120118341040772F"), None, None);
        assert_eq!(c.comparison.verdict, Verdict::Missing);
    }
}

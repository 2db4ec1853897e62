//! People's names (法定代表人 / 负责人 / 经营者).

use super::{Comparison, compare_normalized};
use crate::normalize::{MIDDLE_DOT, normalize_text};

/// Normalize a person's name: [`normalize_text`], then drop the middle dot, which OCR
/// often loses or reads as another dot (`阿卜杜拉·艾力` == `阿卜杜拉艾力`).
pub fn normalize_person(s: &str) -> String {
    normalize_text(s)
        .chars()
        .filter(|&c| c != MIDDLE_DOT && c != '.')
        .collect()
}

/// Compare two people's names: middle-dot variants and spaces are `equivalent`; otherwise the
/// fuzzy ladder with `threshold` (names are 2-4 characters: one wrong character in a
/// 3-character name scores 0.667).
pub fn compare_person(scan: &str, registry: &str, threshold: f64) -> Comparison {
    if scan.trim() == registry.trim() {
        return Comparison::exact();
    }
    let a = normalize_person(scan);
    let b = normalize_person(registry);
    compare_normalized(&a, &b, threshold, "the same name after normalization")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Verdict;

    #[test]
    fn dots_and_spaces() {
        for s in [
            "阿卜杜拉•艾力",
            "阿卜杜拉・艾力",
            "阿卜杜拉 艾力",
            "阿卜杜拉艾力",
            "阿卜杜拉.艾力",
        ] {
            assert_eq!(
                compare_person(s, "阿卜杜拉·艾力", 0.6).verdict,
                Verdict::Equivalent,
                "{s}"
            );
        }
        assert_eq!(
            compare_person("张 三", "张三", 0.6).verdict,
            Verdict::Equivalent
        );
        assert_eq!(
            compare_person("JOHN SMITH", "John Smith", 0.6).verdict,
            Verdict::Equivalent
        );
    }

    #[test]
    fn different_people() {
        assert_eq!(
            compare_person("谢兰芳", "谢兰方", 0.6).verdict,
            Verdict::Similar
        );
        assert_eq!(
            compare_person("张三", "李四", 0.6).verdict,
            Verdict::Mismatch
        );
    }
}

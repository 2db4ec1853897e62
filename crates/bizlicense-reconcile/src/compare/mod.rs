//! Field comparators: each takes the two sides as given and returns a [`Comparison`].
//!
//! Every comparator follows the same ladder: `exact` when the trimmed texts are identical,
//! `equivalent` when they mean the same after normalization (and the field's own rules),
//! `similar` when the fuzzy score on normalized text reaches the threshold, `mismatch`
//! otherwise. Field rules can force a `mismatch` whatever the score (a branch suffix on one
//! side, a different street number or district, a different currency, a different legal
//! form).
//!
//! Fuzzy scoring is [`fuzzy_score`]: normalized Levenshtein over characters.

mod address;
mod capital;
mod code;
pub(crate) mod date;
mod enterprise_type;
mod name;
mod person;

pub use address::{AddressParts, compare_address, split_address};
pub use capital::{compare_capital, parse_capital};
pub use code::{CodeComparison, compare_code};
pub use date::{compare_date, compare_period, parse_period_text};
pub use enterprise_type::{ENTERPRISE_TYPE_CODES, compare_enterprise_type, enterprise_type_name};
pub use name::{BRANCH_SUFFIXES, LEGAL_FORMS, branch_suffix, compare_name, legal_form};
pub use person::compare_person;

use crate::Verdict;
use crate::normalize::normalize_text;

/// The outcome of comparing one field.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Comparison {
    /// The verdict.
    pub verdict: Verdict,
    /// Similarity in `0.0..=1.0` (1.0 for exact and equivalent, 0.0 for missing).
    pub score: f64,
    /// Why, for people.
    pub reason: String,
}

impl Comparison {
    /// A comparison from its parts; the score is clamped to `0.0..=1.0`.
    pub fn new(verdict: Verdict, score: f64, reason: impl Into<String>) -> Self {
        Comparison {
            verdict,
            score: score.clamp(0.0, 1.0),
            reason: reason.into(),
        }
    }

    /// `exact`, score 1.
    pub fn exact() -> Self {
        Comparison::new(Verdict::Exact, 1.0, "identical")
    }

    /// `equivalent`, score 1.
    pub fn equivalent(reason: impl Into<String>) -> Self {
        Comparison::new(Verdict::Equivalent, 1.0, reason)
    }

    /// `missing`, score 0.
    pub fn missing(reason: impl Into<String>) -> Self {
        Comparison::new(Verdict::Missing, 0.0, reason)
    }

    /// `mismatch` with `score`.
    pub fn mismatch(score: f64, reason: impl Into<String>) -> Self {
        Comparison::new(Verdict::Mismatch, score, reason)
    }
}

/// Similarity of two (already normalized) strings: normalized Levenshtein distance over
/// `char`s, `1 - edits / max_len`.
///
/// Why Levenshtein and not Jaro-Winkler: names and addresses share long prefixes (the same
/// city, the same district), which Jaro-Winkler rewards; here a prefix says nothing about
/// identity. Levenshtein counts what OCR does (substitute, drop or add a character), is
/// symmetric, and reads plainly: one wrong character in a 12-character name is 0.917. It
/// runs on `char`s, so a CJK character is one unit, not three bytes.
///
/// ```
/// use bizlicense_reconcile::compare::fuzzy_score;
/// assert_eq!(fuzzy_score("腾讯科技", "腾讯科技"), 1.0);
/// assert_eq!(fuzzy_score("腾讯科技", "腾迅科技"), 0.75);
/// ```
pub fn fuzzy_score(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    strsim::normalized_levenshtein(a, b)
}

/// The generic ladder on free text: exact, equivalent (same [`normalize_text`]), similar
/// (score >= `threshold`) or mismatch. Used for fields without special rules and as the last
/// step of the specific comparators.
pub fn compare_text(scan: &str, registry: &str, threshold: f64) -> Comparison {
    if scan.trim() == registry.trim() {
        return Comparison::exact();
    }
    let a = normalize_text(scan);
    let b = normalize_text(registry);
    compare_normalized(&a, &b, threshold, "the same after normalization")
}

/// The ladder from `equivalent` down, on already normalized text.
pub(crate) fn compare_normalized(
    a: &str,
    b: &str,
    threshold: f64,
    equivalent_reason: &str,
) -> Comparison {
    if a == b {
        return Comparison::equivalent(equivalent_reason);
    }
    let score = fuzzy_score(a, b);
    if score >= threshold {
        Comparison::new(
            Verdict::Similar,
            score,
            format!("differs after normalization (score {score:.3} >= {threshold})"),
        )
    } else {
        Comparison::mismatch(score, format!("different (score {score:.3} < {threshold})"))
    }
}

/// Sørensen-Dice coefficient over character bigrams: `2 * shared / (bigrams(a) + bigrams(b))`.
///
/// Not `strsim::sorensen_dice`: strsim 0.11 divides by the *byte* lengths, which for CJK text
/// (3 bytes a character) deflates the score about threefold. Sorted vectors instead of a hash
/// map: two allocations, no hashing.
///
/// ```
/// use bizlicense_reconcile::compare::bigram_dice;
/// assert_eq!(bigram_dice("技术开发", "技术开发"), 1.0);
/// assert_eq!(bigram_dice("技术开发", "技术咨询"), 1.0 / 3.0);
/// ```
pub fn bigram_dice(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let grams = |s: &str| {
        let chars: Vec<char> = s.chars().collect();
        let mut g: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        g.sort_unstable();
        g
    };
    let (ga, gb) = (grams(a), grams(b));
    if ga.is_empty() || gb.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < ga.len() && j < gb.len() {
        match ga[i].cmp(&gb[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (2 * shared) as f64 / (ga.len() + gb.len()) as f64
}

/// Similarity for long free text (business scope): Sørensen-Dice over character bigrams
/// of the normalized texts. Linear in the length (Levenshtein is quadratic, and a scope runs
/// to hundreds of characters) and insensitive to the order of the listed activities.
pub fn compare_scope(scan: &str, registry: &str, threshold: f64) -> Comparison {
    if scan.trim() == registry.trim() {
        return Comparison::exact();
    }
    let a = normalize_text(scan);
    let b = normalize_text(registry);
    if a == b {
        return Comparison::equivalent("the same after normalization");
    }
    let score = bigram_dice(&a, &b);
    if score >= threshold {
        Comparison::new(
            Verdict::Similar,
            score,
            format!("overlaps (bigram score {score:.3} >= {threshold})"),
        )
    } else {
        Comparison::mismatch(
            score,
            format!("different (bigram score {score:.3} < {threshold})"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ladder() {
        assert_eq!(compare_text(" 甲 ", "甲", 0.8).verdict, Verdict::Exact);
        assert_eq!(
            compare_text("（甲）", "(甲)", 0.8).verdict,
            Verdict::Equivalent
        );
        let c = compare_text("腾讯科技深圳有限公司", "腾迅科技深圳有限公司", 0.8);
        assert_eq!(c.verdict, Verdict::Similar);
        assert!((c.score - 0.9).abs() < 1e-9);
        assert_eq!(compare_text("甲乙", "丙丁", 0.8).verdict, Verdict::Mismatch);
    }

    #[test]
    fn width_never_lowers_the_score() {
        assert_eq!(
            compare_text("ＡＢＣ（北京）", "ABC(北京)", 0.99).verdict,
            Verdict::Equivalent
        );
    }

    #[test]
    fn scope_uses_bigrams() {
        let c = compare_scope("技术开发;技术咨询;", "技术咨询;技术开发;", 0.8);
        assert_eq!(c.verdict, Verdict::Similar);
        assert_eq!(compare_scope("a", "a", 0.8).verdict, Verdict::Exact);
    }
}

//! Width folding (NFKC) and Latin case folding.

use unicode_normalization::UnicodeNormalization;

/// Fold full-width and other compatibility forms with Unicode NFKC: `ＡＢＣ１２３` -> `ABC123`,
/// `（深圳）` -> `(深圳)`, U+3000 -> a space.
///
/// This is the first step of [`normalize_text`](super::normalize_text): everything after it
/// can assume half-width ASCII for digits, Latin letters and the common brackets.
///
/// ```
/// use bizlicense_reconcile::normalize::fold_width;
/// assert_eq!(fold_width("腾讯科技（深圳）有限公司"), "腾讯科技(深圳)有限公司");
/// assert_eq!(fold_width("４９号３Ｆ"), "49号3F");
/// ```
pub fn fold_width(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    s.nfkc().collect()
}

/// Lower-case one character when it lower-cases to exactly one character (Latin, Greek,
/// Cyrillic letters); anything else is returned unchanged.
pub fn fold_case_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ => c,
    }
}

/// Case-fold Latin letters (`Tencent` == `TENCENT`); CJK text is unaffected.
///
/// ```
/// use bizlicense_reconcile::normalize::fold_case;
/// assert_eq!(fold_case("ABC科技Co"), "abc科技co");
/// ```
pub fn fold_case(s: &str) -> String {
    s.chars().map(fold_case_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfkc_folds_full_width_ascii_brackets_and_ideographic_space() {
        assert_eq!(fold_width("ＡＢＣ１２３"), "ABC123");
        assert_eq!(fold_width("（）"), "()");
        assert_eq!(fold_width("a\u{3000}b"), "a b");
        assert_eq!(fold_width("plain ascii"), "plain ascii");
    }

    #[test]
    fn nfkc_leaves_what_it_does_not_unify() {
        // These need the punctuation step.
        assert_eq!(fold_width("【】「」“”〇"), "【】「」“”〇");
    }

    #[test]
    fn case_folding_is_latin_only() {
        assert_eq!(fold_case("TENCENT 腾讯"), "tencent 腾讯");
        assert_eq!(fold_case_char('Ä'), 'ä');
        assert_eq!(fold_case_char('腾'), '腾');
        // 'İ' lower-cases to two characters: left alone.
        assert_eq!(fold_case_char('İ'), 'İ');
    }
}

//! Punctuation NFKC does not unify: brackets, quotes, dashes, middle dots, 〇.

/// The one middle dot names of ethnic minorities and foreigners use (U+00B7).
pub const MIDDLE_DOT: char = '\u{00B7}';

/// Fold one punctuation character to its canonical form (see [`fold_punctuation`]).
pub fn fold_punct_char(c: char) -> char {
    match c {
        // Opening brackets of every shape -> '('.
        '(' | '（' | '【' | '〔' | '［' | '[' | '{' | '《' | '〈' | '「' | '『' | '〖' | '⦅'
        | '〘' => '(',
        ')' | '）' | '】' | '〕' | '］' | ']' | '}' | '》' | '〉' | '」' | '』' | '〗' | '⦆'
        | '〙' => ')',
        // Quotes -> '"'.
        '“' | '”' | '„' | '‟' | '‘' | '’' | '‚' | '‛' | '\'' | '〝' | '〞' | '＂' | '＇' => {
            '"'
        }
        // Dashes and hyphens -> '-'.
        '—' | '–' | '―' | '‐' | '‑' | '‒' | '－' | '─' | '━' | '﹣' | '−' => {
            '-'
        }
        // Middle dots -> U+00B7.
        '·' | '•' | '・' | '‧' | '∙' | '⋅' | '･' | '●' | '▪' => MIDDLE_DOT,
        // Chinese full stop and enumeration comma.
        '。' | '｡' => '.',
        '、' | '､' | '，' => ',',
        '～' | '〜' => '~',
        // The circle zero is a numeral; 零 is the form the numeral step reads.
        '〇' | '○' => '零',
        _ => c,
    }
}

/// Unify the punctuation NFKC leaves alone: all bracket shapes (`【】「」『』《》〔〕`) become
/// `()`, curly and corner quotes become `"`, dashes become `-`, middle dots
/// (`· • ・ ‧ ∙ ⋅`) become U+00B7, `。` `、` become `.` `,`, and `〇` becomes `零`.
///
/// ```
/// use bizlicense_reconcile::normalize::fold_punctuation;
/// assert_eq!(fold_punctuation("【深圳】"), "(深圳)");
/// assert_eq!(fold_punctuation("阿卜杜拉•艾力"), "阿卜杜拉·艾力");
/// assert_eq!(fold_punctuation("二〇一〇"), "二零一零");
/// ```
pub fn fold_punctuation(s: &str) -> String {
    s.chars().map(fold_punct_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_fold_to_parentheses() {
        for s in [
            "(深圳)",
            "（深圳）",
            "【深圳】",
            "「深圳」",
            "『深圳』",
            "《深圳》",
            "〔深圳〕",
        ] {
            assert_eq!(fold_punctuation(s), "(深圳)", "{s}");
        }
    }

    #[test]
    fn middle_dots_fold_to_u00b7() {
        for d in ['·', '•', '・', '‧', '∙', '⋅', '･'] {
            let s = format!("买买提{d}艾力");
            assert_eq!(fold_punctuation(&s), "买买提\u{b7}艾力", "{d:?}");
        }
    }

    #[test]
    fn dashes_quotes_and_zero() {
        assert_eq!(fold_punctuation("A—B–C―D‐E"), "A-B-C-D-E");
        assert_eq!(fold_punctuation("“甲”‘乙’"), "\"甲\"\"乙\"");
        assert_eq!(fold_punctuation("〇"), "零");
        assert_eq!(fold_punctuation("甲、乙。"), "甲,乙.");
    }
}

//! Whitespace, zero-width and stray combining characters.

/// Whether `c` is removed by [`strip_spaces`]: Unicode whitespace, zero-width characters
/// (U+200B..U+200D, U+2060, U+FEFF) and combining marks left without a base character.
pub fn is_removable(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
        )
        || unicode_normalization::char::is_combining_mark(c)
}

/// Remove all whitespace (ASCII, U+3000, NBSP), zero-width characters and combining marks.
///
/// Chinese text has no word spaces, so a space in a name or an address is layout or OCR
/// noise. Combining marks are dropped too: after NFKC they only remain orphaned (for
/// example after a removed space), and dropping them keeps normalization idempotent.
///
/// ```
/// use bizlicense_reconcile::normalize::strip_spaces;
/// assert_eq!(strip_spaces("腾讯 科技\u{3000}有限\u{200B}公司"), "腾讯科技有限公司");
/// ```
pub fn strip_spaces(s: &str) -> String {
    s.chars().filter(|&c| !is_removable(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_every_kind_of_space() {
        assert_eq!(
            strip_spaces(" a\tb\nc\u{3000}d\u{a0}e\u{200b}f\u{feff}g "),
            "abcdefg"
        );
        assert_eq!(strip_spaces("知春路49号"), "知春路49号");
    }
}

//! Chinese text normalization: one named function per step, and [`normalize_text`] that runs
//! them in a fixed order.
//!
//! | order | step | function | example |
//! |---|---|---|---|
//! | 1 | width folding (NFKC) | [`fold_width`] | `（深圳）４９` -> `(深圳)49` |
//! | 2 | punctuation NFKC misses | [`fold_punctuation`] | `【深圳】` -> `(深圳)`, `•` -> `·`, `〇` -> `零` |
//! | 3 | whitespace and zero-width removal | [`strip_spaces`] | `腾讯 科技` -> `腾讯科技` |
//! | 4 | traditional -> simplified | [`to_simplified`] | `南山區` -> `南山区` |
//! | 5 | Latin case folding | [`fold_case`] | `TENCENT` -> `tencent` |
//! | 6 | Chinese numerals -> digits | [`numerals_to_digits`] | `四十九号` -> `49号` |
//!
//! Why this order: NFKC first so every later step sees one form of digits, letters and
//! brackets; punctuation before space removal because NFKC turns some marks into a space
//! plus a combining mark; numerals last because they need whole runs (spaces gone, `〇` already
//! `零`, `貳` already `贰`). The result is a fixed point: `normalize_text(normalize_text(s)) ==
//! normalize_text(s)` (property-tested).

mod numerals;
mod punct;
mod space;
mod trad;
mod width;

pub use numerals::{digit_value, numerals_to_digits, parse_chinese_number, unit_value};
pub use punct::{MIDDLE_DOT, fold_punct_char, fold_punctuation};
pub use space::{is_removable, strip_spaces};
pub use trad::{TRAD_TO_SIMP, simplify_char, to_simplified};
pub use width::{fold_case, fold_case_char, fold_width};

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Run every normalization step, in the documented order, in one pass plus a numeral pass.
///
/// Compare only normalized text: a width or punctuation difference must never lower a score.
///
/// ```
/// use bizlicense_reconcile::normalize::normalize_text;
/// assert_eq!(normalize_text("腾讯科技（深圳）有限公司"), normalize_text("腾讯科技(深圳)有限公司"));
/// assert_eq!(normalize_text(" 廣東省深圳市南山區高新南一道 四十九號 ３Ｆ "), "广东省深圳市南山区高新南一道49号3f");
/// ```
pub fn normalize_text(s: &str) -> String {
    let once = normalize_once(s);
    // Removing characters can leave a sequence NFKC would compose differently (rare: orphaned
    // Hangul jamo, exotic case mappings); one more pass settles it.
    if once.is_ascii() || is_nfkc_quick(once.chars()) == IsNormalized::Yes {
        once
    } else {
        normalize_once(&once)
    }
}

fn normalize_once(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let steps = |c: char| {
        let c = fold_punct_char(c);
        if is_removable(c) {
            None
        } else {
            Some(fold_case_char(simplify_char(c)))
        }
    };
    if s.is_ascii() {
        out.extend(s.chars().filter_map(steps));
    } else {
        out.extend(
            s.chars()
                .filter(|&c| !is_removable(c))
                .nfkc()
                .filter_map(steps),
        );
    }
    if out.is_ascii() {
        return out;
    }
    let converted = numerals_to_digits(&out);
    if converted.len() == out.len() && converted == out {
        out
    } else {
        converted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composed_equals_the_steps_in_order() {
        let inputs = [
            "腾讯科技（深圳）有限公司",
            "【深圳】市 南山區 四十九號 ３Ｆ",
            "阿卜杜拉•艾力",
            "二〇一〇年十月二十日",
            "TENCENT Ｈｏｌｄｉｎｇｓ",
        ];
        for s in inputs {
            let stepwise = numerals_to_digits(&fold_case(&to_simplified(&strip_spaces(
                &fold_punctuation(&fold_width(s)),
            ))));
            assert_eq!(normalize_text(s), stepwise, "{s}");
        }
    }

    #[test]
    fn examples() {
        assert_eq!(normalize_text("二〇一〇年十月二十日"), "2010年10月20日");
        assert_eq!(normalize_text("阿卜杜拉•艾力"), "阿卜杜拉\u{b7}艾力");
        assert_eq!(normalize_text("「深圳」"), "(深圳)");
        assert_eq!(normalize_text("a\u{200b} b"), "ab");
    }
}

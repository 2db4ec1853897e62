//! Registry operating status (经营状态) classes, by table.

use serde::{Deserialize, Serialize};

use crate::normalize::normalize_text;

/// What an operating status means for the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum StatusClass {
    /// Operating (存续, 在营, 开业...).
    Live,
    /// Gone (注销, 吊销, 撤销...).
    Dead,
    /// In between or unclear (拟注销, 停业, 清算, 迁出..., and any value not in the table).
    Doubtful,
}

/// Status words and their class, in normalized form (ASCII brackets). Matched whole,
/// never by substring: `拟注销` contains `注销` but is doubtful.
pub const STATUS_TABLE: &[(&str, StatusClass)] = &[
    ("成立", StatusClass::Live),
    ("存续", StatusClass::Live),
    ("在营", StatusClass::Live),
    ("开业", StatusClass::Live),
    ("在册", StatusClass::Live),
    ("正常经营", StatusClass::Live),
    ("登记成立", StatusClass::Live),
    ("在营(开业)", StatusClass::Live),
    ("在业", StatusClass::Live),
    ("存续(在营,开业,在册)", StatusClass::Live),
    ("注销", StatusClass::Dead),
    ("已注销", StatusClass::Dead),
    ("吊销", StatusClass::Dead),
    ("吊销(未注销)", StatusClass::Dead),
    ("吊销,未注销", StatusClass::Dead),
    ("撤销", StatusClass::Dead),
    ("撤销登记", StatusClass::Dead),
    ("拟注销", StatusClass::Doubtful),
    ("筹建", StatusClass::Doubtful),
    ("开业登记中", StatusClass::Doubtful),
    ("停业", StatusClass::Doubtful),
    ("歇业", StatusClass::Doubtful),
    ("清算", StatusClass::Doubtful),
    ("迁出", StatusClass::Doubtful),
    ("(待)迁出", StatusClass::Doubtful),
    ("(待)迁入", StatusClass::Doubtful),
    ("非正常户", StatusClass::Doubtful),
    ("个体暂时吊销", StatusClass::Doubtful),
    ("个体转企业", StatusClass::Doubtful),
    ("告解", StatusClass::Doubtful),
];

/// Tencent Enterprise4 `OperatingStatus` codes: `"1"` 开业/在营, `"2"` 迁出, `"3"` 注销,
/// `"4"` 吊销, `"5"` 撤销, `"6"` 停业, `"0"` other.
pub const STATUS_CODE_TABLE: &[(&str, &str, StatusClass)] = &[
    ("1", "开业/在营", StatusClass::Live),
    ("2", "迁出", StatusClass::Doubtful),
    ("3", "注销", StatusClass::Dead),
    ("4", "吊销", StatusClass::Dead),
    ("5", "撤销", StatusClass::Dead),
    ("6", "停业", StatusClass::Doubtful),
    ("0", "其他", StatusClass::Doubtful),
];

/// The class of a status word, `None` when it is not in [`STATUS_TABLE`]. Matched after
/// normalization (width, brackets, spaces): `在营（开业）` == `在营(开业)`.
///
/// ```
/// use bizlicense_reconcile::{StatusClass, classify_status};
/// assert_eq!(classify_status("存续"), Some(StatusClass::Live));
/// assert_eq!(classify_status("在营（开业）"), Some(StatusClass::Live));
/// assert_eq!(classify_status("拟注销"), Some(StatusClass::Doubtful));
/// assert_eq!(classify_status("吊销（未注销）"), Some(StatusClass::Dead));
/// assert_eq!(classify_status("火星"), None);
/// ```
pub fn classify_status(status: &str) -> Option<StatusClass> {
    let n = normalize_text(status);
    STATUS_TABLE
        .iter()
        .find(|(word, _)| *word == n)
        .map(|&(_, class)| class)
}

/// The class and meaning of an Enterprise4-style status code, `None` when unknown.
pub fn classify_status_code(code: &str) -> Option<(StatusClass, &'static str)> {
    let code = code.trim();
    STATUS_CODE_TABLE
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|&(_, meaning, class)| (class, meaning))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_is_normalized_and_classifies_itself() {
        for &(word, class) in STATUS_TABLE {
            assert_eq!(normalize_text(word), word);
            assert_eq!(classify_status(word), Some(class), "{word}");
        }
    }

    #[test]
    fn never_by_substring() {
        assert_eq!(classify_status("拟注销"), Some(StatusClass::Doubtful));
        assert_eq!(classify_status("个体暂时吊销"), Some(StatusClass::Doubtful));
        assert_eq!(classify_status("注销中"), None);
        assert_eq!(classify_status(" 已注销 "), Some(StatusClass::Dead));
        assert_eq!(classify_status("（待）迁出"), Some(StatusClass::Doubtful));
        assert_eq!(classify_status("【待】迁入"), Some(StatusClass::Doubtful));
    }

    #[test]
    fn codes() {
        assert_eq!(
            classify_status_code("1").map(|c| c.0),
            Some(StatusClass::Live)
        );
        for c in ["3", "4", "5"] {
            assert_eq!(
                classify_status_code(c).map(|c| c.0),
                Some(StatusClass::Dead)
            );
        }
        for c in ["0", "2", "6"] {
            assert_eq!(
                classify_status_code(c).map(|c| c.0),
                Some(StatusClass::Doubtful)
            );
        }
        assert_eq!(classify_status_code("-10002"), None);
    }
}

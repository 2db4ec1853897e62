//! Dates and valid periods in the forms Chinese licenses and registries write them.

use jiff::civil::Date;

/// Parse a date written as `2010年10月20日`, `2010-10-20`, `2010/10/20`, `2010.10.20` or
/// `20101020` (ASCII or full-width digits, surrounding spaces allowed). Returns `None` for
/// anything else, including impossible dates such as `2023-02-30`.
///
/// Chinese numerals (`二〇一〇年十月二十日`) are converted by the reconcile crate's
/// normalization before this is called.
///
/// ```
/// use bizlicense_core::parse_date;
/// use jiff::civil::date;
/// assert_eq!(parse_date("2010年10月20日"), Some(date(2010, 10, 20)));
/// assert_eq!(parse_date("2010-1-2"), Some(date(2010, 1, 2)));
/// assert_eq!(parse_date("２０１０／１０／２０"), Some(date(2010, 10, 20)));
/// assert_eq!(parse_date("20101020"), Some(date(2010, 10, 20)));
/// assert_eq!(parse_date("2023-02-30"), None);
/// ```
pub fn parse_date(s: &str) -> Option<Date> {
    let folded: String = s
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '／' => '/',
            '－' | '—' | '–' | '‐' => '-',
            '．' => '.',
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    let s = folded.as_str();
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        let y = s[0..4].parse().ok()?;
        let m = s[4..6].parse().ok()?;
        let d = s[6..8].parse().ok()?;
        return Date::new(y, m, d).ok();
    }
    let s = s
        .strip_suffix('日')
        .or_else(|| s.strip_suffix('号'))
        .unwrap_or(s);
    let parts: Vec<&str> = s.split(['年', '月', '-', '/', '.']).collect();
    if parts.len() != 3 || parts.iter().any(|p| p.is_empty() || p.len() > 4) {
        return None;
    }
    if !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) || parts[0].len() != 4 {
        return None;
    }
    let y: i16 = parts[0].parse().ok()?;
    let m: i8 = parts[1].parse().ok()?;
    let d: i8 = parts[2].parse().ok()?;
    Date::new(y, m, d).ok()
}

/// Where a valid period ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "date")]
pub enum PeriodEnd {
    /// Ends on this date (inclusive).
    Date(Date),
    /// No end: 长期, 永久, 无固定期限, 不约定期限.
    Indefinite,
    /// The source does not say.
    Unknown,
}

/// A license's valid period (营业期限 / 经营期限): an optional start and an end.
///
/// ```
/// use bizlicense_core::{PeriodEnd, ValidPeriod};
/// use jiff::civil::date;
///
/// let p = ValidPeriod::parse("2010年10月20日至2030年10月19日").unwrap();
/// assert_eq!(p.start, Some(date(2010, 10, 20)));
/// assert_eq!(p.end, PeriodEnd::Date(date(2030, 10, 19)));
/// assert!(p.is_expired_at(date(2030, 10, 20)));
///
/// assert_eq!(ValidPeriod::parse("长期").unwrap().end, PeriodEnd::Indefinite);
/// assert_eq!(ValidPeriod::parse("2010-10-20/").unwrap().end, PeriodEnd::Indefinite);
/// assert_eq!(ValidPeriod::parse("2010年10月20日至 无固定期限").unwrap().end, PeriodEnd::Indefinite);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ValidPeriod {
    /// First day, when stated.
    pub start: Option<Date>,
    /// Last day, indefinite, or unknown.
    pub end: PeriodEnd,
}

/// The words that mean "no end date".
pub const INDEFINITE_WORDS: &[&str] = &[
    "长期",
    "永久",
    "无固定期限",
    "不约定期限",
    "长期有效",
    "永久经营",
    "不定期",
];

impl ValidPeriod {
    /// A period from its parts.
    pub fn new(start: Option<Date>, end: PeriodEnd) -> Self {
        ValidPeriod { start, end }
    }

    /// Parse the forms licenses and registries use: `A至B`, `A 至 B`, `自A至B止`, `A-B` is not
    /// accepted (ambiguous with dates), `A/B` and `A/` (Tencent Enterprise APIs), `长期`, `永久`,
    /// `至长期`, `A至无固定期限`, a lone date (taken as the end date, as OCR of `至 B` reads).
    /// `None` when the text is none of these.
    pub fn parse(s: &str) -> Option<ValidPeriod> {
        let t: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let t = t.trim_start_matches('自');
        let t = t
            .strip_suffix("止")
            .or_else(|| t.strip_suffix("为止"))
            .unwrap_or(t);
        if t.is_empty() {
            return None;
        }
        if t == "/" {
            return Some(ValidPeriod::new(None, PeriodEnd::Unknown));
        }
        let (a, b) = if let Some((a, b)) = t.split_once('至') {
            (a, Some(b))
        } else if let Some((a, b)) = t.split_once('到') {
            (a, Some(b))
        } else if let Some((a, b)) = t.split_once('/').filter(|(a, _)| parse_date(a).is_some()) {
            (a, Some(b))
        } else if let Some((a, b)) = t.split_once('~') {
            (a, Some(b))
        } else {
            ("", Some(t))
        };
        let start = if a.is_empty() {
            None
        } else {
            Some(parse_date(a.trim_end_matches('起'))?)
        };
        let b = b.unwrap_or("");
        let end = if b.is_empty() {
            if start.is_some() {
                PeriodEnd::Indefinite
            } else {
                return None;
            }
        } else if is_indefinite(b) {
            PeriodEnd::Indefinite
        } else {
            PeriodEnd::Date(parse_date(b)?)
        };
        Some(ValidPeriod { start, end })
    }

    /// Whether the period has ended before `as_of` (an indefinite or unknown end never has).
    pub fn is_expired_at(&self, as_of: Date) -> bool {
        matches!(self.end, PeriodEnd::Date(end) if end < as_of)
    }
}

/// Whether `s` is one of the words for "no end" (长期, 永久, 无固定期限, ...).
pub fn is_indefinite(s: &str) -> bool {
    let t = s.trim();
    INDEFINITE_WORDS.contains(&t)
}

impl std::fmt::Display for ValidPeriod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(s) = self.start {
            write!(f, "{s}")?;
        }
        match self.end {
            PeriodEnd::Date(d) => write!(f, " 至 {d}"),
            PeriodEnd::Indefinite => write!(f, " 至 长期"),
            PeriodEnd::Unknown => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn dates_in_every_documented_form() {
        for s in [
            "2010年10月20日",
            "2010-10-20",
            "2010/10/20",
            "20101020",
            "2010.10.20",
            " 2010 年 10 月 20 日 ",
        ] {
            assert_eq!(parse_date(s), Some(date(2010, 10, 20)), "{s}");
        }
        for s in [
            "",
            "2010",
            "2010-13-01",
            "10-20-2010",
            "二〇一〇年十月二十日",
            "2010年10月",
            "2010-10-20-1",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn periods_in_every_documented_form() {
        let start = Some(date(2010, 10, 20));
        let end = PeriodEnd::Date(date(2030, 10, 19));
        let cases = [
            ("2010年10月20日至2030年10月19日", start, end),
            ("2010年10月20日 至 2030年10月19日", start, end),
            ("自2010年10月20日至2030年10月19日止", start, end),
            ("2010-10-20/2030-10-19", start, end),
            ("2010-10-20/", start, PeriodEnd::Indefinite),
            ("2010年10月20日至长期", start, PeriodEnd::Indefinite),
            ("2010年10月20日至 无固定期限", start, PeriodEnd::Indefinite),
            ("2010年10月20日至永久", start, PeriodEnd::Indefinite),
            ("长期", None, PeriodEnd::Indefinite),
            ("永久", None, PeriodEnd::Indefinite),
            ("至长期", None, PeriodEnd::Indefinite),
            ("无固定期限", None, PeriodEnd::Indefinite),
            ("2019年1月1日", None, PeriodEnd::Date(date(2019, 1, 1))),
            ("/", None, PeriodEnd::Unknown),
        ];
        for (s, start, end) in cases {
            assert_eq!(
                ValidPeriod::parse(s),
                Some(ValidPeriod { start, end }),
                "{s}"
            );
        }
        for s in ["", "明天", "2010年10月20日至后天", "2010-10-20至2030-02-30"] {
            assert_eq!(ValidPeriod::parse(s), None, "{s}");
        }
    }

    #[test]
    fn expiry_is_inclusive_of_the_last_day() {
        let p = ValidPeriod::parse("2010-10-20/2030-10-19").unwrap();
        assert!(!p.is_expired_at(date(2030, 10, 19)));
        assert!(p.is_expired_at(date(2030, 10, 20)));
        assert!(
            !ValidPeriod::parse("长期")
                .unwrap()
                .is_expired_at(date(2999, 1, 1))
        );
    }
}

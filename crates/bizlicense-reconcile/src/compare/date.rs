//! Dates (成立日期) and valid periods (营业期限).

use bizlicense_core::{PeriodEnd, ValidPeriod, jiff::civil::Date, parse_date};

use super::Comparison;
use crate::normalize::normalize_text;

/// Parse a valid period as printed, after numeral normalization (`二〇一〇年十月二十日至长期`).
pub fn parse_period_text(s: &str) -> Option<ValidPeriod> {
    ValidPeriod::parse(s).or_else(|| ValidPeriod::parse(&normalize_text(s)))
}

fn parse_date_text(s: &str) -> Option<Date> {
    parse_date(s).or_else(|| parse_date(&normalize_text(s)))
}

/// Compare a date as printed with the registry's date: the same day is `equivalent` in any
/// form (`2010年10月20日`, `2010-10-20`, `二〇一〇年十月二十日`, `20101020`).
pub fn compare_date(scan: &str, registry: Date) -> Comparison {
    if scan.trim() == registry.to_string() {
        return Comparison::exact();
    }
    match parse_date_text(scan) {
        Some(d) if d == registry => Comparison::equivalent(format!("the same date: {d}")),
        Some(d) => Comparison::mismatch(0.0, format!("different date: {d} vs {registry}")),
        None => Comparison::mismatch(0.0, format!("cannot read {scan:?} as a date")),
    }
}

/// A period rendered for reports: `2010-10-20 至 长期`, `至 2030-10-19`.
pub(crate) fn render_period(p: &ValidPeriod) -> String {
    let end = match p.end {
        PeriodEnd::Unknown => "(end unknown)".to_owned(),
        e => render_end(e),
    };
    match p.start {
        Some(s) => format!("{s} 至 {end}"),
        None => format!("至 {end}"),
    }
}

fn render_end(e: PeriodEnd) -> String {
    match e {
        PeriodEnd::Date(d) => d.to_string(),
        PeriodEnd::Indefinite => "长期".to_owned(),
        PeriodEnd::Unknown => "unknown".to_owned(),
    }
}

/// Compare a valid period as printed with the registry's: start and end separately; a side
/// that does not state the start (or whose end is unknown) is not held against the other;
/// 长期 / 永久 / 无固定期限 are one thing.
pub fn compare_period(scan: &str, registry: &ValidPeriod) -> Comparison {
    if scan.trim() == render_period(registry) {
        return Comparison::exact();
    }
    let Some(p) = parse_period_text(scan) else {
        return Comparison::mismatch(0.0, format!("cannot read {scan:?} as a valid period"));
    };
    let mut diffs = Vec::new();
    let mut compared = 0;
    if let (Some(a), Some(b)) = (p.start, registry.start) {
        compared += 1;
        if a != b {
            diffs.push(format!("starts {a} vs {b}"));
        }
    }
    if p.end != PeriodEnd::Unknown && registry.end != PeriodEnd::Unknown {
        compared += 1;
        if p.end != registry.end {
            diffs.push(format!(
                "ends {} vs {}",
                render_end(p.end),
                render_end(registry.end)
            ));
        }
    }
    if !diffs.is_empty() {
        return Comparison::mismatch(0.0, format!("different period: {}", diffs.join(", ")));
    }
    if compared == 0 {
        return Comparison::missing("the two periods share no comparable start or end");
    }
    Comparison::equivalent(format!("the same period: {}", render_period(&p)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Verdict;
    use bizlicense_core::jiff::civil::date;

    #[test]
    fn dates() {
        let d = date(2010, 10, 20);
        assert_eq!(compare_date("2010-10-20", d).verdict, Verdict::Exact);
        for s in [
            "2010年10月20日",
            "20101020",
            "2010/10/20",
            "二〇一〇年十月二十日",
            "２０１０年１０月２０日",
        ] {
            assert_eq!(compare_date(s, d).verdict, Verdict::Equivalent, "{s}");
        }
        assert_eq!(compare_date("2010年10月21日", d).verdict, Verdict::Mismatch);
        assert_eq!(compare_date("不详", d).verdict, Verdict::Mismatch);
    }

    #[test]
    fn periods() {
        let reg = ValidPeriod::new(Some(date(2010, 10, 21)), PeriodEnd::Indefinite);
        for s in [
            "2010年10月21日至长期",
            "2010年10月21日至永久",
            "2010-10-21 至 无固定期限",
            "长期",
            "二〇一〇年十月二十一日至长期",
        ] {
            assert_eq!(compare_period(s, &reg).verdict, Verdict::Equivalent, "{s}");
        }
        assert_eq!(
            compare_period("2010年10月21日至2030年10月20日", &reg).verdict,
            Verdict::Mismatch
        );
        let dated = ValidPeriod::new(
            Some(date(2010, 10, 21)),
            PeriodEnd::Date(date(2030, 10, 20)),
        );
        assert_eq!(
            compare_period("2010年10月21日至2030年10月20日", &dated).verdict,
            Verdict::Equivalent
        );
        assert_eq!(
            compare_period("2010年10月22日至2030年10月20日", &dated).verdict,
            Verdict::Mismatch
        );
        let unknown = ValidPeriod::new(None, PeriodEnd::Unknown);
        assert_eq!(compare_period("长期", &unknown).verdict, Verdict::Missing);
    }
}

//! Chinese numerals (小写 一二三, 大写 壹贰叁, units 十百千万亿, mixed forms such as `1.425亿`)
//! to ASCII digits.

use rust_decimal::Decimal;

/// The value of a Chinese or ASCII digit character: `零〇0` -> 0 ... `九玖9` -> 9.
/// Traditional 大写 forms (`貳 參 陸`) are accepted too.
pub fn digit_value(c: char) -> Option<u32> {
    Some(match c {
        '0'..='9' => c as u32 - '0' as u32,
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '贰' | '貳' | '两' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// The value of a Chinese unit character: `十拾` 10, `百佰` 100, `千仟` 1000, `万萬` 10^4,
/// `亿億` 10^8.
pub fn unit_value(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        '万' | '萬' => 10_000,
        '亿' | '億' => 100_000_000,
        _ => return None,
    })
}

fn is_chinese_numeral(c: char) -> bool {
    // `两` only counts inside an amount (两百), never on its own: 两江新区 is a place.
    c != '两' && !c.is_ascii_digit() && (digit_value(c).is_some() || unit_value(c).is_some())
}

/// Characters after which a lone numeral is a number (`三楼`, `一号`, `十月`), not part of a
/// word (`统一`, `三亚`).
const MEASURE_WORDS: &str = "号层楼室栋幢座单元期区路街巷弄村组年月日个米f";

/// Parse a whole string as a number written with Chinese and/or ASCII digits and units:
/// `四十九` 49, `一百零五` 105, `壹亿肆仟贰佰伍拾万` 142500000, `1.425亿` 142500000,
/// `14250万` 142500000, `二〇一〇` 2010. `None` for anything else (including the empty string
/// or a unit-free mix with stray characters).
///
/// ```
/// use bizlicense_reconcile::normalize::parse_chinese_number;
/// use rust_decimal::Decimal;
/// assert_eq!(parse_chinese_number("壹亿肆仟贰佰伍拾万"), Some(Decimal::from(142_500_000)));
/// assert_eq!(parse_chinese_number("1.425亿"), Some(Decimal::from(142_500_000)));
/// assert_eq!(parse_chinese_number("四十九"), Some(Decimal::from(49)));
/// assert_eq!(parse_chinese_number("科技"), None);
/// ```
pub fn parse_chinese_number(s: &str) -> Option<Decimal> {
    let ten = Decimal::from(10);
    let mut total = Decimal::ZERO; // everything up to the last 亿
    let mut section = Decimal::ZERO; // the current group below 万/亿
    let mut number: Option<Decimal> = None; // digits not yet multiplied by a unit
    let mut frac_scale: Option<u32> = None; // digits after a decimal point
    let mut prev_digit = false;
    let mut any = false;
    for c in s.chars() {
        if let Some(d) = digit_value(c) {
            let d = Decimal::from(d);
            number = Some(match (number, prev_digit, frac_scale) {
                (Some(n), true, Some(k)) => {
                    frac_scale = Some(k + 1);
                    n.checked_add(d / Decimal::from(10u64.checked_pow(k + 1)?))?
                }
                (Some(n), true, None) => n.checked_mul(ten)?.checked_add(d)?,
                _ => d,
            });
            prev_digit = true;
            any = true;
        } else if c == '.' {
            if !prev_digit || frac_scale.is_some() {
                return None;
            }
            frac_scale = Some(0);
        } else if let Some(u) = unit_value(c) {
            let u = Decimal::from(u);
            let n = number.take();
            frac_scale = None;
            prev_digit = false;
            any = true;
            if u == Decimal::from(100_000_000) {
                let base = total + section + n.unwrap_or(Decimal::ZERO);
                let base = if base.is_zero() { Decimal::ONE } else { base };
                total = base.checked_mul(u)?;
                section = Decimal::ZERO;
            } else if u == Decimal::from(10_000) {
                let base = section + n.unwrap_or(Decimal::ZERO);
                let base = if base.is_zero() { Decimal::ONE } else { base };
                total = total.checked_add(base.checked_mul(u)?)?;
                section = Decimal::ZERO;
            } else {
                section = section.checked_add(n.unwrap_or(Decimal::ONE).checked_mul(u)?)?;
            }
        } else {
            return None;
        }
    }
    if !any || frac_scale == Some(0) {
        return None;
    }
    Some((total + section + number.unwrap_or(Decimal::ZERO)).normalize())
}

/// Replace runs of Chinese numerals with ASCII digits: `四十九号` -> `49号`, `三楼` -> `3楼`,
/// `二零一零年十月二十日` -> `2010年10月20日`, `1.425亿` -> `142500000`.
///
/// A run is converted when it is clearly a number: two or more characters with at least one
/// digit (`三一`, `四十九`), or a single digit or `十` followed by a measure word
/// (`号 层 楼 室 栋 幢 座 单元 期 区 路 街 巷 弄 村 组 年 月 日 个 米`). Lone digits inside words
/// (`统一`, `三亚`) and unit-only words (`万科`, `百度`, `千岛湖`) stay. Unit-free runs map digit
/// by digit so leading zeros survive (`〇一` -> `01`). Input is expected after the earlier
/// normalization steps (ASCII digits, simplified characters), but works on any text.
///
/// ```
/// use bizlicense_reconcile::normalize::numerals_to_digits;
/// assert_eq!(numerals_to_digits("知春路四十九号三楼"), "知春路49号3楼");
/// assert_eq!(numerals_to_digits("万科统一"), "万科统一");
/// ```
pub fn numerals_to_digits(s: &str) -> String {
    if !s.chars().any(is_chinese_numeral) {
        return s.to_owned();
    }
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let starts_run = digit_value(c).is_some() || unit_value(c).is_some();
        if !starts_run {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() {
            let c = chars[i];
            let in_run = digit_value(c).is_some()
                || unit_value(c).is_some()
                // A decimal point only between ASCII digits (`1.425亿`): `一.二` is not a
                // number, and joining it would make the step change its own output.
                || (c == '.'
                    && i > start
                    && chars[i - 1].is_ascii_digit()
                    && chars.get(i + 1).is_some_and(char::is_ascii_digit));
            if !in_run {
                break;
            }
            i += 1;
        }
        let run = &chars[start..i];
        let next = chars.get(i).copied();
        push_run(&mut out, run, next);
    }
    out
}

fn push_run(out: &mut String, run: &[char], next: Option<char>) {
    let has_chinese = run.iter().any(|&c| is_chinese_numeral(c));
    let has_digit = run.iter().any(|&c| digit_value(c).is_some());
    let has_unit = run.iter().any(|&c| unit_value(c).is_some());
    let starts_ten = matches!(run[0], '十' | '拾');
    let measured = next.is_some_and(|n| MEASURE_WORDS.contains(n));
    let convert = has_chinese && (has_digit || starts_ten) && (run.len() >= 2 || measured);
    if convert {
        if !has_unit {
            for &c in run {
                match digit_value(c).and_then(|d| char::from_digit(d, 10)) {
                    Some(d) => out.push(d),
                    None => out.push(c),
                }
            }
            return;
        }
        let text: String = run.iter().collect();
        if let Some(v) = parse_chinese_number(&text) {
            out.push_str(&v.to_string());
            return;
        }
    }
    out.extend(run.iter());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<String> {
        parse_chinese_number(s).map(|d| d.to_string())
    }

    #[test]
    fn parses_lower_and_upper_case_numerals() {
        assert_eq!(n("四十九").as_deref(), Some("49"));
        assert_eq!(n("十五").as_deref(), Some("15"));
        assert_eq!(n("一百零五").as_deref(), Some("105"));
        assert_eq!(n("一千零一十").as_deref(), Some("1010"));
        assert_eq!(n("壹亿肆仟贰佰伍拾万").as_deref(), Some("142500000"));
        assert_eq!(n("伍佰万").as_deref(), Some("5000000"));
        assert_eq!(n("三亿五千万").as_deref(), Some("350000000"));
        assert_eq!(n("二零一零").as_deref(), Some("2010"));
        assert_eq!(n("两百").as_deref(), Some("200"));
    }

    #[test]
    fn parses_mixed_ascii_forms() {
        assert_eq!(n("1.425亿").as_deref(), Some("142500000"));
        assert_eq!(n("14250万").as_deref(), Some("142500000"));
        assert_eq!(n("200万").as_deref(), Some("2000000"));
        assert_eq!(n("14250.00").as_deref(), Some("14250"));
        assert_eq!(n("0.5万").as_deref(), Some("5000"));
    }

    #[test]
    fn rejects_non_numbers() {
        for s in ["", "科技", "1..2", "5.", "三楼"] {
            assert_eq!(parse_chinese_number(s), None, "{s}");
        }
    }

    #[test]
    fn converts_runs_in_context() {
        let cases = [
            ("知春路四十九号", "知春路49号"),
            ("三楼", "3楼"),
            ("三层", "3层"),
            ("十号", "10号"),
            ("二零一零年十月二十日", "2010年10月20日"),
            ("注册资本1.425亿", "注册资本142500000"),
            ("〇一室", "01室"),
            ("三一重工", "31重工"),
            // Words that contain numeral characters stay words.
            ("万科企业", "万科企业"),
            ("统一企业", "统一企业"),
            ("三亚市", "三亚市"),
            ("百度在线", "百度在线"),
            ("千岛湖", "千岛湖"),
            ("两江新区", "两江新区"),
            ("知春路49号", "知春路49号"),
            ("一十.一腾", "10.一腾"),
        ];
        for (input, want) in cases {
            assert_eq!(numerals_to_digits(input), want, "{input}");
        }
    }

    #[test]
    fn converted_output_is_stable() {
        for s in ["四十九号", "1.425亿", "二零一零年"] {
            let once = numerals_to_digits(s);
            assert_eq!(numerals_to_digits(&once), once);
        }
    }
}

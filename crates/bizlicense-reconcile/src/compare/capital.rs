//! Registered capital (注册资本): amount + currency + unit.

use bizlicense_core::{Currency, Money};

use super::Comparison;
use crate::normalize::{normalize_text, parse_chinese_number};

/// Currency words as they appear in normalized capital text, longest first.
const CURRENCY_WORDS: &[(&str, Currency)] = &[
    ("人民币元", Currency::Cny),
    ("人民币", Currency::Cny),
    ("美元", Currency::Usd),
    ("美金", Currency::Usd),
    ("港元", Currency::Hkd),
    ("港币", Currency::Hkd),
    ("欧元", Currency::Eur),
    ("日元", Currency::Jpy),
    ("英镑", Currency::Gbp),
    ("rmb", Currency::Cny),
    ("cny", Currency::Cny),
    ("usd", Currency::Usd),
    ("hkd", Currency::Hkd),
];

/// Parse registered capital as licenses print it: `壹亿肆仟贰佰伍拾万元整`, `14250万元人民币`,
/// `100万元`, `200万`, `500万美元`, `1.425亿元`, `人民币100万元`. The amount is in whole units of
/// the currency; no currency word means 人民币 (licenses always name a foreign currency).
/// `None` when no amount can be read.
///
/// Numerals are parsed from the raw text rather than from [`normalize_text`]'s digits, so
/// 大写 amounts keep their units.
///
/// ```
/// use bizlicense_core::{Currency, Money};
/// use bizlicense_reconcile::compare::parse_capital;
/// let m = parse_capital("壹亿肆仟贰佰伍拾万元整").unwrap();
/// assert_eq!(m, Money::new(142_500_000.into(), Currency::Cny));
/// assert_eq!(parse_capital("500万美元").unwrap().currency, Currency::Usd);
/// ```
pub fn parse_capital(s: &str) -> Option<Money> {
    let mut t = normalize_text(s);
    let mut currency = None;
    for (word, cur) in CURRENCY_WORDS {
        if let Some(i) = t.find(word) {
            currency.get_or_insert_with(|| cur.clone());
            t.replace_range(i..i + word.len(), "");
        }
    }
    let t: String = t
        .chars()
        .filter(|c| !matches!(c, ',' | '整' | '元' | '圆' | '(' | ')' | ':'))
        .collect();
    let t = t
        .strip_prefix("注册资本")
        .or_else(|| t.strip_prefix("注册资金"))
        .unwrap_or(&t);
    let amount = parse_chinese_number(t)?;
    Some(Money::new(amount, currency.unwrap_or(Currency::Cny)))
}

/// Compare the capital printed on the license with the registry's [`Money`].
///
/// Different currency: `mismatch`. Same amount and currency: `equivalent` (`exact` only when
/// the text is the registry's own rendering). A registry amount without a currency
/// ([`Currency::Unspecified`], Tencent's basic verify) is compared by amount only. A scan
/// value that cannot be read as an amount is a `mismatch` with a reason saying so.
pub fn compare_capital(scan: &str, registry: &Money) -> Comparison {
    if scan.trim() == registry.to_string() {
        return Comparison::exact();
    }
    let Some(m) = parse_capital(scan) else {
        return Comparison::mismatch(0.0, format!("cannot read {scan:?} as an amount"));
    };
    if !registry.has_currency() {
        return if m.amount == registry.amount {
            Comparison::equivalent(format!(
                "the same amount: {m} (the registry gives no currency)"
            ))
        } else {
            Comparison::mismatch(0.0, format!("different amount: {m} vs {registry}"))
        };
    }
    if m.currency != registry.currency {
        return Comparison::mismatch(
            0.0,
            format!(
                "different currency: {} vs {}",
                m.currency.chinese_name(),
                registry.currency.chinese_name()
            ),
        );
    }
    if m.amount == registry.amount {
        Comparison::equivalent(format!("the same amount: {m}"))
    } else {
        Comparison::mismatch(0.0, format!("different amount: {m} vs {registry}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Verdict;
    use rust_decimal::Decimal;

    fn wan(n: i64, c: Currency) -> Money {
        Money::from_wan(Decimal::from(n), c)
    }

    #[test]
    fn all_forms_of_one_amount() {
        let reg = Money::from_wan("14250.00".parse().unwrap(), Currency::Cny);
        for s in [
            "壹亿肆仟贰佰伍拾万元整",
            "1.425亿元",
            "人民币14250万元",
            "１４２５０万元",
            "142500000元",
        ] {
            assert_eq!(parse_capital(s).as_ref(), Some(&reg), "{s}");
            assert_eq!(compare_capital(s, &reg).verdict, Verdict::Equivalent, "{s}");
        }
        assert_eq!(
            compare_capital("14250万元人民币", &reg).verdict,
            Verdict::Exact
        );
    }

    #[test]
    fn a_registry_amount_without_currency_compares_by_amount() {
        let reg = wan(500, Currency::Unspecified);
        assert_eq!(
            compare_capital("伍佰万美元整", &reg).verdict,
            Verdict::Equivalent
        );
        assert_eq!(
            compare_capital("伍佰万元", &reg).verdict,
            Verdict::Equivalent
        );
        assert_eq!(
            compare_capital("600万美元", &reg).verdict,
            Verdict::Mismatch
        );
    }

    #[test]
    fn short_forms() {
        assert_eq!(parse_capital("200万"), Some(wan(200, Currency::Cny)));
        assert_eq!(parse_capital("100万元"), Some(wan(100, Currency::Cny)));
        assert_eq!(parse_capital("伍佰万美元整"), Some(wan(500, Currency::Usd)));
        assert_eq!(parse_capital("不详"), None);
    }

    #[test]
    fn currency_and_amount_differences() {
        let usd = wan(500, Currency::Usd);
        assert_eq!(
            compare_capital("500万元人民币", &usd).verdict,
            Verdict::Mismatch
        );
        assert_eq!(
            compare_capital("500万美元", &usd).verdict,
            Verdict::Equivalent
        );
        assert_eq!(
            compare_capital("600万美元", &usd).verdict,
            Verdict::Mismatch
        );
        assert_eq!(compare_capital("不详", &usd).verdict, Verdict::Mismatch);
    }
}

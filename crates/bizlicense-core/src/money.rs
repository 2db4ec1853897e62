//! Money as a decimal amount and a currency: registered capital is never an `f64`.

use std::fmt;

use rust_decimal::Decimal;

/// A currency as registries and licenses name it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum Currency {
    /// 人民币.
    Cny,
    /// 美元.
    Usd,
    /// 港元 / 港币.
    Hkd,
    /// 欧元.
    Eur,
    /// 日元.
    Jpy,
    /// 英镑.
    Gbp,
    /// The source gave an amount but no currency (Tencent `VerifyBasicBizLicense` returns
    /// `RegCapital` in 万 with no currency field). Compare amounts only.
    Unspecified,
    /// Anything else, as written.
    #[serde(untagged)]
    Other(String),
}

impl Currency {
    /// Parse a currency name as registries write it (`人民币`, `美元`, `港币`, ...) or an ISO
    /// code (`CNY`, `usd`). Unknown names are kept as [`Currency::Other`]; empty gives `None`.
    ///
    /// ```
    /// use bizlicense_core::Currency;
    /// assert_eq!(Currency::parse("人民币"), Some(Currency::Cny));
    /// assert_eq!(Currency::parse(" usd "), Some(Currency::Usd));
    /// assert_eq!(Currency::parse("港币"), Some(Currency::Hkd));
    /// assert_eq!(Currency::parse(""), None);
    /// ```
    pub fn parse(s: &str) -> Option<Currency> {
        let t = s.trim();
        if t.is_empty() {
            return None;
        }
        let c = match t.to_ascii_uppercase().as_str() {
            "人民币" | "人民币元" | "CNY" | "RMB" | "元" => Currency::Cny,
            "美元" | "美金" | "USD" => Currency::Usd,
            "港元" | "港币" | "HKD" => Currency::Hkd,
            "欧元" | "EUR" => Currency::Eur,
            "日元" | "JPY" => Currency::Jpy,
            "英镑" | "GBP" => Currency::Gbp,
            _ => Currency::Other(t.to_owned()),
        };
        Some(c)
    }

    /// The Chinese name (`人民币`, `美元`, ...).
    pub fn chinese_name(&self) -> &str {
        match self {
            Currency::Cny => "人民币",
            Currency::Usd => "美元",
            Currency::Hkd => "港元",
            Currency::Eur => "欧元",
            Currency::Jpy => "日元",
            Currency::Gbp => "英镑",
            Currency::Unspecified => "",
            Currency::Other(s) => s,
        }
    }
}

/// An amount of money in whole currency units (yuan, dollars), as an exact decimal.
///
/// ```
/// use bizlicense_core::{Currency, Money};
/// use rust_decimal::Decimal;
///
/// // Registries give capital in units of 10,000 (万元).
/// let m = Money::from_wan("14250.00".parse().unwrap(), Currency::Cny);
/// assert_eq!(m.amount, Decimal::from(142_500_000));
/// assert_eq!(m.to_string(), "14250万元人民币");
/// assert_eq!(Money::from_wan(500.into(), Currency::Unspecified).to_string(), "500万元");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Money {
    /// Amount in whole units of `currency`.
    pub amount: Decimal,
    /// The currency.
    pub currency: Currency,
}

impl Money {
    /// An amount in whole units.
    pub fn new(amount: Decimal, currency: Currency) -> Self {
        Money { amount, currency }
    }

    /// An amount given in units of 万 (10,000), as registries report capital.
    pub fn from_wan(wan: Decimal, currency: Currency) -> Self {
        Money {
            amount: wan * Decimal::from(10_000),
            currency,
        }
    }

    /// Whether the currency is known.
    pub fn has_currency(&self) -> bool {
        self.currency != Currency::Unspecified
    }

    /// The amount in units of 万 (10,000), normalized (no trailing zeros).
    pub fn in_wan(&self) -> Decimal {
        (self.amount / Decimal::from(10_000)).normalize()
    }
}

impl fmt::Display for Money {
    /// Renders as licenses do: `14250万元人民币`, `500万元美元`, or `3000元人民币` under 万;
    /// `500万元` when the currency is [`Currency::Unspecified`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let wan = self.in_wan();
        if self.amount >= Decimal::from(10_000) {
            write!(f, "{wan}万元{}", self.currency.chinese_name())
        } else {
            write!(
                f,
                "{}元{}",
                self.amount.normalize(),
                self.currency.chinese_name()
            )
        }
    }
}

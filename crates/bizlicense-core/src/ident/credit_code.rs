//! 统一社会信用代码 (GB 32100-2015).

use super::{IdError, IdKind, OrgCode, check_length, id_newtype_impls, normalize_input};

/// The 31 symbols of the code, in value order (no I, O, S, V, Z).
pub const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
const AUTHORITIES: &str = "123456789ANY";

fn value(c: char) -> Option<u32> {
    ALPHABET.find(c).map(|i| i as u32)
}

/// Compute the check character for the first 17 characters of a code (which must all be in
/// [`ALPHABET`]); `None` otherwise.
pub fn check_char(first17: &str) -> Option<char> {
    let mut sum = 0u32;
    let mut n = 0;
    for (c, w) in first17.chars().zip(WEIGHTS) {
        sum += value(c)? * w;
        n += 1;
    }
    if n != 17 || first17.chars().count() != 17 {
        return None;
    }
    let idx = (31 - sum % 31) % 31;
    ALPHABET.chars().nth(idx as usize)
}

/// The registration authority (position 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Authority {
    /// 1: 机构编制.
    Establishment,
    /// 2: 外交.
    ForeignAffairs,
    /// 3: 司法行政.
    Justice,
    /// 4: 文化.
    Culture,
    /// 5: 民政.
    CivilAffairs,
    /// 6: 旅游.
    Tourism,
    /// 7: 宗教.
    Religion,
    /// 8: 工会.
    TradeUnion,
    /// 9: 工商 / 市场监管 (companies, individual businesses, cooperatives).
    MarketRegulation,
    /// A: 中央军委改革和编制办公室.
    Military,
    /// N: 农业.
    Agriculture,
    /// Y: 其他.
    Other,
}

impl Authority {
    fn from_char(c: char) -> Option<Self> {
        Some(match c {
            '1' => Authority::Establishment,
            '2' => Authority::ForeignAffairs,
            '3' => Authority::Justice,
            '4' => Authority::Culture,
            '5' => Authority::CivilAffairs,
            '6' => Authority::Tourism,
            '7' => Authority::Religion,
            '8' => Authority::TradeUnion,
            '9' => Authority::MarketRegulation,
            'A' => Authority::Military,
            'N' => Authority::Agriculture,
            'Y' => Authority::Other,
            _ => return None,
        })
    }

    /// The Chinese name of the authority.
    pub fn chinese_name(self) -> &'static str {
        match self {
            Authority::Establishment => "机构编制",
            Authority::ForeignAffairs => "外交",
            Authority::Justice => "司法行政",
            Authority::Culture => "文化",
            Authority::CivilAffairs => "民政",
            Authority::Tourism => "旅游",
            Authority::Religion => "宗教",
            Authority::TradeUnion => "工会",
            Authority::MarketRegulation => "市场监督管理（工商）",
            Authority::Military => "中央军委改革和编制办公室",
            Authority::Agriculture => "农业",
            Authority::Other => "其他",
        }
    }
}

/// A valid 统一社会信用代码: 18 characters, check character verified.
///
/// ```
/// use bizlicense_core::ident::{Authority, CreditCode, IdError};
///
/// let code = CreditCode::parse(" 9111 0108 5636 5494 82 ").unwrap();
/// assert_eq!(code.as_str(), "911101085636549482");
/// assert_eq!(code.authority(), Authority::MarketRegulation);
/// assert_eq!(code.org_type_name(), Some("企业"));
/// assert_eq!(code.region_code(), "110108");
/// assert_eq!(code.org_code(), "563654948");
///
/// let err = CreditCode::parse("911101085636549483").unwrap_err();
/// assert_eq!(err.to_string(),
///     "unified social credit code (统一社会信用代码): check character expected '2', got '3'");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CreditCode(String);

id_newtype_impls!(CreditCode);

impl CreditCode {
    /// Normalize and validate.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let kind = IdKind::CreditCode;
        let n = normalize_input(s);
        let chars = check_length(kind, &n, 18)?;
        for (i, &c) in chars.iter().enumerate() {
            let (ok, allowed) = match i {
                0 => (
                    AUTHORITIES.contains(c),
                    "a registration authority: 1-9, A, N or Y",
                ),
                2..=7 => (c.is_ascii_digit(), "a digit of the region code"),
                _ => (
                    ALPHABET.contains(c),
                    "digits and upper-case letters except I, O, S, V, Z",
                ),
            };
            if !ok {
                return Err(IdError::Character {
                    kind,
                    position: i + 1,
                    found: c,
                    allowed,
                });
            }
        }
        let expected =
            check_char(&n[..17]).expect("17 validated alphabet characters have a check char");
        if chars[17] != expected {
            return Err(IdError::CheckDigit {
                kind,
                expected,
                found: chars[17],
            });
        }
        Ok(CreditCode(n))
    }

    /// Whether `s` is a valid code.
    pub fn is_valid(s: &str) -> bool {
        Self::parse(s).is_ok()
    }

    /// The registration authority (position 1).
    pub fn authority(&self) -> Authority {
        Authority::from_char(self.0.as_bytes()[0] as char).expect("validated in parse")
    }

    /// The organization type character (position 2).
    pub fn org_type(&self) -> char {
        self.0.as_bytes()[1] as char
    }

    /// The organization type in words, for the combinations GB 32100 defines.
    pub fn org_type_name(&self) -> Option<&'static str> {
        let b = self.0.as_bytes();
        Some(match (b[0], b[1]) {
            (b'1', b'1') => "机关",
            (b'1', b'2') => "事业单位",
            (b'1', b'3') => "中央编办直接管理机构编制的群众团体",
            (b'1', b'9') => "其他（机构编制）",
            (b'5', b'1') => "社会团体",
            (b'5', b'2') => "民办非企业单位",
            (b'5', b'3') => "基金会",
            (b'5', b'9') => "其他（民政）",
            (b'9', b'1') => "企业",
            (b'9', b'2') => "个体工商户",
            (b'9', b'3') => "农民专业合作社",
            (b'N', b'1') => "组级集体经济组织",
            (b'N', b'2') => "村级集体经济组织",
            (b'N', b'3') => "乡镇级集体经济组织",
            (b'N', b'9') => "其他（农业）",
            (b'Y', b'1') => "其他",
            _ => return None,
        })
    }

    /// The administrative region code (positions 3-8), e.g. `110108` for 北京市海淀区.
    pub fn region_code(&self) -> &str {
        &self.0[2..8]
    }

    /// The embedded 组织机构代码 (positions 9-17).
    pub fn org_code(&self) -> &str {
        &self.0[8..17]
    }

    /// The advisory check of the embedded organization code (GB 11714). Many real codes,
    /// notably individual businesses, fail it, so this is a warning, never a rejection.
    ///
    /// ```
    /// use bizlicense_core::ident::CreditCode;
    /// assert!(CreditCode::parse("911101085636549482").unwrap().embedded_org_code_check().is_ok());
    /// assert!(CreditCode::parse("92440300MA5F000004").unwrap().embedded_org_code_check().is_err());
    /// ```
    pub fn embedded_org_code_check(&self) -> Result<OrgCode, IdError> {
        OrgCode::parse(self.org_code())
    }

    /// The check character (position 18).
    pub fn check_char(&self) -> char {
        self.0.as_bytes()[17] as char
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn corpus() -> Vec<String> {
        include_str!("../../testdata/uscc_valid.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn the_whole_corpus_is_valid() {
        let codes = corpus();
        assert_eq!(codes.len(), 200);
        for c in &codes {
            let parsed = CreditCode::parse(c).unwrap_or_else(|e| panic!("{c}: {e}"));
            assert_eq!(parsed.as_str(), c);
        }
    }

    #[test]
    fn every_single_character_substitution_is_rejected() {
        // A weighted sum mod 31 with weights coprime to 31 changes with any one-symbol change,
        // and the check position's own symbol is fixed by the rest: no substitution survives.
        let mut tried = 0usize;
        for code in corpus().iter().chain(known_valid().iter()) {
            let chars: Vec<char> = code.chars().collect();
            for pos in 0..18 {
                for sub in ALPHABET.chars().chain("IOSVZ".chars()) {
                    if sub == chars[pos] {
                        continue;
                    }
                    let mut m = chars.clone();
                    m[pos] = sub;
                    let m: String = m.into_iter().collect();
                    tried += 1;
                    assert!(CreditCode::parse(&m).is_err(), "{code} -> {m} accepted");
                }
            }
        }
        assert!(tried > 200 * 18 * 30, "{tried}");
    }

    fn known_valid() -> Vec<String> {
        [
            "911101085636549482",
            "91440300708461136T",
            "91310115MA1K3YJ7XA",
            "92440300MA5F000004",
            "12100000400000624D",
            "91120118341040772F",
        ]
        .map(String::from)
        .to_vec()
    }

    #[test]
    fn known_samples_are_valid() {
        for c in known_valid() {
            assert!(CreditCode::is_valid(&c), "{c}");
        }
    }

    /// Build a valid code from 17 characters by appending the computed check character.
    fn complete(first17: &str) -> String {
        format!("{first17}{}", check_char(first17).unwrap())
    }

    #[test]
    fn authorities_a_n_y_are_accepted() {
        for first17 in [
            "A1110000MA0000001",
            "N2440300MA5F00000",
            "Y1110000MA0000001",
        ] {
            let code = complete(first17);
            let parsed = CreditCode::parse(&code).unwrap_or_else(|e| panic!("{code}: {e}"));
            assert!(matches!(
                parsed.authority(),
                Authority::Military | Authority::Agriculture | Authority::Other
            ));
        }
    }

    #[test]
    fn codes_ending_in_zero_are_accepted() {
        let zeros: Vec<String> = corpus().into_iter().filter(|c| c.ends_with('0')).collect();
        assert!(!zeros.is_empty());
        for c in zeros {
            assert!(CreditCode::is_valid(&c));
        }
        // Find one by construction too: the check is 0 exactly when the sum is 0 mod 31.
        let mut found = false;
        for n in 0..500u32 {
            let first17 = format!("9144030070846{n:04}");
            if check_char(&first17) == Some('0') {
                assert!(CreditCode::is_valid(&format!("{first17}0")));
                found = true;
                break;
            }
        }
        assert!(found);
    }

    #[test]
    fn errors_name_the_rule_and_position() {
        assert_eq!(
            CreditCode::parse("91110108563654948"),
            Err(IdError::Length {
                kind: IdKind::CreditCode,
                expected: 18,
                actual: 17
            })
        );
        assert_eq!(
            CreditCode::parse("   "),
            Err(IdError::Empty {
                kind: IdKind::CreditCode
            })
        );
        match CreditCode::parse("9111010856365494O2") {
            Err(IdError::Character {
                position: 17,
                found: 'O',
                ..
            }) => {}
            other => panic!("{other:?}"),
        }
        match CreditCode::parse("0111010856365494 82") {
            Err(IdError::Character {
                position: 1,
                found: '0',
                ..
            }) => {}
            other => panic!("{other:?}"),
        }
        match CreditCode::parse("91A101085636549482") {
            Err(IdError::Character {
                position: 3,
                found: 'A',
                ..
            }) => {}
            other => panic!("{other:?}"),
        }
        match CreditCode::parse("91110108563654948中") {
            Err(IdError::Character {
                position: 18,
                found: '中',
                ..
            }) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn normalizes_width_case_and_spaces() {
        let c = CreditCode::parse("９１３１０１１５ｍａ１ｋ３ｙｊ７ｘａ").unwrap();
        assert_eq!(c.as_str(), "91310115MA1K3YJ7XA");
    }

    #[test]
    fn serde_round_trip_validates() {
        let c = CreditCode::parse("911101085636549482").unwrap();
        let j = serde_json::to_string(&c).unwrap();
        assert_eq!(j, "\"911101085636549482\"");
        assert_eq!(serde_json::from_str::<CreditCode>(&j).unwrap(), c);
        assert!(serde_json::from_str::<CreditCode>("\"911101085636549483\"").is_err());
    }

    proptest! {
        #[test]
        fn parse_display_round_trip(first17 in "[1-9ANY][0-9A-HJ-NP-RTUW-Y][0-9]{6}[0-9A-HJ-NP-RTUW-Y]{9}") {
            let code = complete(&first17);
            let parsed = CreditCode::parse(&code).unwrap();
            let shown = parsed.to_string();
            prop_assert_eq!(&shown, &code);
            prop_assert_eq!(CreditCode::parse(&shown).unwrap(), parsed.clone());
            // Lower case and spaces normalize to the same code.
            let spaced = format!(" {} ", code.to_lowercase());
            prop_assert_eq!(CreditCode::parse(&spaced).unwrap(), parsed);
        }
    }
}

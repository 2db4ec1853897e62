//! 注册号: the 15-digit registration number of licenses issued before ~2016.

use super::{IdError, IdKind, check_length, id_newtype_impls, normalize_input};

/// ISO 7064 MOD 11,10 check digit for the first 14 digits (each `0..=9`).
pub fn check_digit(first14: &[u32]) -> u32 {
    let mut p = 10;
    for &d in first14 {
        let mut s = (p + d) % 10;
        if s == 0 {
            s = 10;
        }
        p = (s * 2) % 11;
    }
    (11 - p) % 10
}

/// A valid 15-digit 注册号 (ISO 7064 MOD 11,10 check digit verified).
///
/// ```
/// use bizlicense_core::ident::RegNo;
///
/// let r = RegNo::parse("120118000032322").unwrap();
/// assert_eq!(r.region_code(), "120118");
/// assert!(RegNo::parse("120118000032323").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegNo(String);

id_newtype_impls!(RegNo);

impl RegNo {
    /// Normalize and validate.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let kind = IdKind::RegNo;
        let n = normalize_input(s);
        let chars = check_length(kind, &n, 15)?;
        let mut digits = Vec::with_capacity(15);
        for (i, c) in chars.iter().enumerate() {
            match c.to_digit(10) {
                Some(d) => digits.push(d),
                None => {
                    return Err(IdError::Character {
                        kind,
                        position: i + 1,
                        found: *c,
                        allowed: "digits only",
                    });
                }
            }
        }
        let expected = check_digit(&digits[..14]);
        if digits[14] != expected {
            return Err(IdError::CheckDigit {
                kind,
                expected: char::from_digit(expected, 10).expect("a digit below 10"),
                found: chars[14],
            });
        }
        Ok(RegNo(n))
    }

    /// Whether `s` is a valid registration number.
    pub fn is_valid(s: &str) -> bool {
        Self::parse(s).is_ok()
    }

    /// The region code of the issuing authority (first 6 digits).
    pub fn region_code(&self) -> &str {
        &self.0[..6]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_vectors() {
        // 120118000032322 pairs with credit code 91120118341040772F in public records; the
        // seed's registry example gives 110108013297537 for 911101085636549482.
        for r in ["120118000032322", "110108013297537"] {
            assert!(RegNo::is_valid(r), "{r}");
        }
    }

    #[test]
    fn every_single_digit_substitution_is_rejected() {
        // MOD 11,10 detects all single-digit errors.
        for r in ["120118000032322", "110108013297537"] {
            let chars: Vec<char> = r.chars().collect();
            for pos in 0..15 {
                for d in '0'..='9' {
                    if d == chars[pos] {
                        continue;
                    }
                    let mut m = chars.clone();
                    m[pos] = d;
                    let m: String = m.into_iter().collect();
                    assert!(!RegNo::is_valid(&m), "{m}");
                }
            }
        }
    }

    #[test]
    fn errors_are_specific() {
        assert!(matches!(
            RegNo::parse("12011800003232"),
            Err(IdError::Length {
                expected: 15,
                actual: 14,
                ..
            })
        ));
        assert!(matches!(
            RegNo::parse("12011800003232X"),
            Err(IdError::Character {
                position: 15,
                found: 'X',
                ..
            })
        ));
        assert_eq!(
            RegNo::parse("120118000032323").unwrap_err().to_string(),
            "registration number (注册号): check character expected '2', got '3'"
        );
    }
}

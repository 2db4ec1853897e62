//! 组织机构代码 (GB 11714).

use super::{IdError, IdKind, check_length, id_newtype_impls, normalize_input};

const WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// The GB 11714 check character for an 8-character body (digits and upper-case letters).
pub fn check_char(body: &str) -> Option<char> {
    let mut sum = 0;
    let mut n = 0;
    for (c, w) in body.chars().zip(WEIGHTS) {
        sum += c.to_digit(36)? * w;
        n += 1;
    }
    if n != 8 || body.chars().count() != 8 {
        return None;
    }
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10)?,
    })
}

/// A valid 9-character 组织机构代码 (check character verified). A hyphen before the check
/// character (`56365494-8`) is accepted.
///
/// ```
/// use bizlicense_core::ident::OrgCode;
/// assert_eq!(OrgCode::parse("56365494-8").unwrap().as_str(), "563654948");
/// assert!(OrgCode::parse("563654947").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrgCode(String);

id_newtype_impls!(OrgCode);

impl OrgCode {
    /// Normalize and validate.
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let kind = IdKind::OrgCode;
        let n = normalize_input(s);
        let chars = check_length(kind, &n, 9)?;
        for (i, &c) in chars.iter().enumerate() {
            let ok = if i < 8 {
                c.is_ascii_digit() || c.is_ascii_uppercase()
            } else {
                c.is_ascii_digit() || c == 'X'
            };
            if !ok {
                return Err(IdError::Character {
                    kind,
                    position: i + 1,
                    found: c,
                    allowed: if i < 8 {
                        "digits and upper-case letters"
                    } else {
                        "a digit or X"
                    },
                });
            }
        }
        let expected = check_char(&n[..8]).expect("8 validated characters have a check char");
        if chars[8] != expected {
            return Err(IdError::CheckDigit {
                kind,
                expected,
                found: chars[8],
            });
        }
        Ok(OrgCode(n))
    }

    /// Whether `s` is a valid organization code.
    pub fn is_valid(s: &str) -> bool {
        Self::parse(s).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors() {
        // Embedded in 911101085636549482 and 91440300708461136T.
        assert!(OrgCode::is_valid("563654948"));
        assert!(OrgCode::is_valid("708461136"));
        assert_eq!(check_char("MA5F0000"), Some('X'));
        assert!(matches!(
            OrgCode::parse("MA5F00000"),
            Err(IdError::CheckDigit {
                expected: 'X',
                found: '0',
                ..
            })
        ));
    }
}

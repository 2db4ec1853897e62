//! Chinese company identifiers: 统一社会信用代码, 注册号, 组织机构代码.
//!
//! Each type's `parse` normalizes what people and OCR produce (surrounding and inner spaces,
//! full-width characters, lower case) and validates structure and check digit. Errors say
//! which rule failed and where.

mod credit_code;
mod org_code;
mod reg_no;

pub use credit_code::{Authority, CreditCode};
pub use org_code::OrgCode;
pub use reg_no::RegNo;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Which identifier an [`IdError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// 统一社会信用代码 (18 characters).
    CreditCode,
    /// 注册号 (15 digits).
    RegNo,
    /// 组织机构代码 (9 characters).
    OrgCode,
}

impl IdKind {
    /// Stable snake_case name (`credit_code`, `reg_no`, `org_code`).
    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::CreditCode => "credit_code",
            IdKind::RegNo => "reg_no",
            IdKind::OrgCode => "org_code",
        }
    }

    fn label(self) -> &'static str {
        match self {
            IdKind::CreditCode => "unified social credit code (统一社会信用代码)",
            IdKind::RegNo => "registration number (注册号)",
            IdKind::OrgCode => "organization code (组织机构代码)",
        }
    }
}

impl fmt::Display for IdKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a string is not a valid identifier. Positions are 1-based, as people count.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdError {
    /// Nothing left after trimming.
    #[error("empty {}: nothing to check", .kind.label())]
    Empty {
        /// Which identifier.
        kind: IdKind,
    },
    /// Wrong number of characters.
    #[error("{} must be {expected} characters, got {actual}", .kind.label())]
    Length {
        /// Which identifier.
        kind: IdKind,
        /// Required length.
        expected: usize,
        /// Length after normalization.
        actual: usize,
    },
    /// A character not allowed at its position.
    #[error("{}: character {found:?} at position {position} is not allowed ({allowed})", .kind.label())]
    Character {
        /// Which identifier.
        kind: IdKind,
        /// 1-based position.
        position: usize,
        /// The character found.
        found: char,
        /// What is allowed there.
        allowed: &'static str,
    },
    /// The check character does not match.
    #[error("{}: check character expected {expected:?}, got {found:?}", .kind.label())]
    CheckDigit {
        /// Which identifier.
        kind: IdKind,
        /// What the check rule computes.
        expected: char,
        /// What the input has.
        found: char,
    },
}

impl IdError {
    /// Which identifier the error is about.
    pub fn kind(&self) -> IdKind {
        match self {
            IdError::Empty { kind }
            | IdError::Length { kind, .. }
            | IdError::Character { kind, .. }
            | IdError::CheckDigit { kind, .. } => *kind,
        }
    }
}

/// Normalize identifier input: NFKC-style width folding for ASCII (full-width digits and
/// letters, ideographic space), remove all whitespace and `-` separators, upper-case.
///
/// ```
/// use bizlicense_core::ident::normalize_input;
/// assert_eq!(normalize_input(" ９１１１ 0108-5636 549482\u{3000}"), "911101085636549482");
/// assert_eq!(normalize_input("91310115ma1k3yj7xa"), "91310115MA1K3YJ7XA");
/// ```
pub fn normalize_input(s: &str) -> String {
    s.chars()
        .filter_map(|c| {
            let c = match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                _ => c,
            };
            if c.is_whitespace() || c == '-' || c == '\u{200B}' || c == '\u{FEFF}' {
                None
            } else {
                Some(c.to_ascii_uppercase())
            }
        })
        .collect()
}

pub(crate) fn check_length(kind: IdKind, s: &str, expected: usize) -> Result<Vec<char>, IdError> {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return Err(IdError::Empty { kind });
    }
    if chars.len() != expected {
        return Err(IdError::Length {
            kind,
            expected,
            actual: chars.len(),
        });
    }
    Ok(chars)
}

/// Either identifier a license can show: the 18-character credit code, or the old 15-digit
/// registration number (licenses issued before ~2016).
///
/// ```
/// use bizlicense_core::ident::RegistrationId;
///
/// assert!(matches!("911101085636549482".parse(), Ok(RegistrationId::CreditCode(_))));
/// assert!(matches!("120118000032322".parse(), Ok(RegistrationId::RegNo(_))));
/// assert!("12345".parse::<RegistrationId>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum RegistrationId {
    /// 统一社会信用代码.
    CreditCode(CreditCode),
    /// 注册号.
    RegNo(RegNo),
}

impl RegistrationId {
    /// Parse by length after normalization: 15 -> [`RegNo`], anything else -> [`CreditCode`]
    /// (so the error for a wrong length talks about the current 18-character code).
    pub fn parse(s: &str) -> Result<Self, IdError> {
        let n = normalize_input(s);
        if n.chars().count() == 15 {
            RegNo::parse(&n).map(RegistrationId::RegNo)
        } else {
            CreditCode::parse(&n).map(RegistrationId::CreditCode)
        }
    }

    /// The normalized text.
    pub fn as_str(&self) -> &str {
        match self {
            RegistrationId::CreditCode(c) => c.as_str(),
            RegistrationId::RegNo(r) => r.as_str(),
        }
    }

    /// Which kind of identifier this is.
    pub fn kind(&self) -> IdKind {
        match self {
            RegistrationId::CreditCode(_) => IdKind::CreditCode,
            RegistrationId::RegNo(_) => IdKind::RegNo,
        }
    }
}

impl FromStr for RegistrationId {
    type Err = IdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RegistrationId::parse(s)
    }
}

impl fmt::Display for RegistrationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Implements `as_str`, `Display`, `FromStr`, `AsRef<str>` and string serde for a validated
/// identifier newtype with a `parse` function.
macro_rules! id_newtype_impls {
    ($ty:ident) => {
        impl $ty {
            /// The normalized identifier.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl ::std::str::FromStr for $ty {
            type Err = $crate::ident::IdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $ty::parse(s)
            }
        }
        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str>>::deserialize(d)?;
                $ty::parse(&s).map_err(::serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use id_newtype_impls;

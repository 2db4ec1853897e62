//! Pieces every WeChat answer shares: `errcode` and `errmsg`.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// WeChat's `errcode`: `0` is success, anything else an error.
///
/// Deserializes from a number (`40001`) or a string (`"40001"`): some deployments send strings.
/// Serializes as a number, as the documentation shows.
///
/// ```
/// use bizlicense_wechat::wire::ErrCode;
/// let a: ErrCode = serde_json::from_str("\"-1\"").unwrap();
/// let b: ErrCode = serde_json::from_str("-1").unwrap();
/// assert_eq!(a, b);
/// assert_eq!(serde_json::to_string(&a).unwrap(), "-1");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ErrCode(pub i64);

impl ErrCode {
    /// The success code, `0`.
    pub const OK: ErrCode = ErrCode(0);

    /// Whether this is `0`.
    pub fn is_ok(self) -> bool {
        self.0 == 0
    }
}

impl fmt::Display for ErrCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for ErrCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for ErrCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient_i64(d).map(ErrCode)
    }
}

/// Deserialize an integer that may arrive as a JSON number (integral or `12.0`) or a string.
pub(crate) fn lenient_i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    struct V;
    impl Visitor<'_> for V {
        type Value = i64;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer, as a number or a string")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
            Ok(v)
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
            i64::try_from(v).map_err(|_| E::custom(format!("integer {v} out of range")))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
            if v.fract() == 0.0 && v.abs() < 9.0e15 {
                // Integral and well inside i64's exact range: the cast is lossless.
                Ok(v as i64)
            } else {
                Err(E::custom(format!("expected an integer, got {v}")))
            }
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<i64, E> {
            v.trim()
                .parse()
                .map_err(|_| E::custom(format!("expected an integer, got {v:?}")))
        }
    }
    d.deserialize_any(V)
}

/// The part of every answer that says whether the call succeeded.
///
/// A missing `errcode` reads as `0` (the token endpoint omits it on success); a missing `errmsg`
/// is tolerated.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// `0` on success.
    #[serde(default)]
    pub errcode: ErrCode,
    /// `"ok"` on success, a description otherwise; some answers omit it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errmsg: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errcode_accepts_number_string_and_integral_float() {
        for (json, want) in [
            ("0", 0),
            ("\"0\"", 0),
            ("40001", 40001),
            ("\" 40001 \"", 40001),
            ("-1", -1),
            ("\"-1\"", -1),
            ("101002.0", 101002),
        ] {
            let got: ErrCode = serde_json::from_str(json).unwrap();
            assert_eq!(got, ErrCode(want), "{json}");
        }
        for bad in ["\"busy\"", "1.5", "null", "[]"] {
            assert!(serde_json::from_str::<ErrCode>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn envelope_defaults_missing_fields() {
        let e: Envelope = serde_json::from_str("{}").unwrap();
        assert_eq!(e, Envelope::default());
        let e: Envelope = serde_json::from_str(r#"{"errcode":"45011"}"#).unwrap();
        assert_eq!(e.errcode, ErrCode(45011));
        assert_eq!(e.errmsg, None);
    }
}

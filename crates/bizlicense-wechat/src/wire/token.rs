//! `/cgi-bin/token` and `/cgi-bin/stable_token`: requests and answers.

use std::fmt;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize, Serializer};

use super::common::{ErrCode, lenient_i64};

/// The JSON body of `POST /cgi-bin/stable_token`.
///
/// `secret` is a [`SecretString`]: `Debug` never shows it; serializing sends it (that is the
/// point of the request).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StableTokenRequest {
    /// Always `client_credential`.
    pub grant_type: String,
    /// The AppID.
    pub appid: String,
    /// The AppSecret.
    #[serde(serialize_with = "expose")]
    pub secret: SecretString,
    /// `true` forces a new token (and invalidates the previous one); limited per day.
    #[serde(default)]
    pub force_refresh: bool,
}

/// The query of `GET /cgi-bin/token`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClassicTokenQuery {
    /// Always `client_credential`.
    pub grant_type: String,
    /// The AppID.
    pub appid: String,
    /// The AppSecret.
    #[serde(serialize_with = "expose")]
    pub secret: SecretString,
}

fn expose<S: Serializer>(secret: &SecretString, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(secret.expose_secret())
}

/// The answer of either token endpoint: `access_token` + `expires_in` on success, `errcode` +
/// `errmsg` on failure.
///
/// `Debug` redacts `access_token`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// The token, on success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// Seconds the token remains valid (the stable endpoint may send the remaining lifetime,
    /// e.g. 345, not 7200).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "lenient_opt_i64"
    )]
    pub expires_in: Option<i64>,
    /// Present on failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errcode: Option<ErrCode>,
    /// Present on failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errmsg: Option<String>,
}

fn lenient_opt_i64<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    lenient_i64(d).map(Some)
}

impl fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenResponse")
            .field(
                "access_token",
                &self.access_token.as_ref().map(|_| "[REDACTED]"),
            )
            .field("expires_in", &self.expires_in)
            .field("errcode", &self.errcode)
            .field("errmsg", &self.errmsg)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_request_serializes_the_documented_body() {
        let r = StableTokenRequest {
            grant_type: "client_credential".into(),
            appid: "wx123".into(),
            secret: SecretString::from("s3cr3t"),
            force_refresh: false,
        };
        assert_eq!(
            serde_json::to_value(&r).unwrap(),
            serde_json::json!({"grant_type": "client_credential", "appid": "wx123",
                               "secret": "s3cr3t", "force_refresh": false})
        );
        assert!(!format!("{r:?}").contains("s3cr3t"));
    }

    #[test]
    fn token_response_debug_hides_the_token() {
        let r: TokenResponse =
            serde_json::from_str(r#"{"access_token":"TOKEN-XYZ","expires_in":"345"}"#).unwrap();
        assert_eq!(r.expires_in, Some(345));
        assert!(!format!("{r:?}").contains("TOKEN-XYZ"));
        let e: TokenResponse =
            serde_json::from_str(r#"{"errcode":40164,"errmsg":"invalid ip"}"#).unwrap();
        assert_eq!(e.errcode, Some(ErrCode(40164)));
        assert_eq!(e.access_token, None);
    }
}

//! TC3-HMAC-SHA256, Tencent Cloud API 3.0's request signature.
//!
//! Two audiences:
//! - the client calls [`sign`], a pure function of (credentials, timestamp, host, content type,
//!   body, service) that returns the headers to send;
//! - a server (the emulator) verifies requests with the building blocks: [`parse_authorization`],
//!   [`canonical_request`], [`string_to_sign`], [`signature`] (or all of them at once through
//!   [`expected_signature`]) and [`signatures_match`].
//!
//! The steps, per Tencent's documentation and the official SDKs:
//! 1. `CanonicalRequest = METHOD \n PATH \n QUERY \n CanonicalHeaders \n SignedHeaders \n
//!    hex(SHA-256(body))`, where `CanonicalHeaders` is `name:value\n` for every signed header,
//!    names and values lower-cased and trimmed, sorted by name.
//! 2. `StringToSign = "TC3-HMAC-SHA256" \n timestamp \n date/service/tc3_request \n
//!    hex(SHA-256(CanonicalRequest))`, with `date` the UTC date of `timestamp`.
//! 3. `kDate = HMAC("TC3" + SecretKey, date)`, `kService = HMAC(kDate, service)`,
//!    `kSigning = HMAC(kService, "tc3_request")`, `Signature = hex(HMAC(kSigning, StringToSign))`.
//!
//! ```
//! use bizlicense_tencent::{Credentials, sign};
//!
//! let creds = Credentials::new("AKIDexample", "secret");
//! let body = br#"{"RegNum":"911101085636549482"}"#;
//! let signed = sign::sign(&creds, 1_700_000_000, "ocr.tencentcloudapi.com", "application/json", body, "ocr");
//! let auth = sign::parse_authorization(&signed.authorization).unwrap();
//! assert_eq!(auth.secret_id, "AKIDexample");
//! assert_eq!(auth.date, "2023-11-14");
//! assert_eq!(auth.signed_headers, ["content-type", "host"]);
//! ```

use std::fmt;

use hmac::{Hmac, Mac};
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};

use crate::Credentials;

/// The algorithm name, first word of the `Authorization` header.
pub const ALGORITHM: &str = "TC3-HMAC-SHA256";

/// The terminator of the credential scope.
pub const SCOPE_TERMINATOR: &str = "tc3_request";

/// The headers the client signs, in canonical (sorted) order.
pub const DEFAULT_SIGNED_HEADERS: [&str; 2] = ["content-type", "host"];

/// The headers produced by [`sign`]: send every one of them, exactly as given.
///
/// `Debug` shows the signature but never the session token.
#[derive(Clone)]
#[non_exhaustive]
pub struct SignedHeaders {
    /// `Authorization: TC3-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...`.
    pub authorization: String,
    /// `Host`, as signed (including any `:port`).
    pub host: String,
    /// `Content-Type`, as signed.
    pub content_type: String,
    /// `X-TC-Timestamp` (unix seconds).
    pub timestamp: String,
    /// `X-TC-Token`, for temporary credentials.
    pub token: Option<secrecy::SecretString>,
}

impl SignedHeaders {
    /// The headers as `(name, value)` pairs, token included when present.
    ///
    /// The token is exposed here because it has to go on the wire; do not log the result.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut v = vec![
            ("Authorization", self.authorization.clone()),
            ("Host", self.host.clone()),
            ("Content-Type", self.content_type.clone()),
            ("X-TC-Timestamp", self.timestamp.clone()),
        ];
        if let Some(t) = &self.token {
            v.push(("X-TC-Token", t.expose_secret().to_owned()));
        }
        v
    }
}

impl fmt::Debug for SignedHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedHeaders")
            .field("authorization", &self.authorization)
            .field("host", &self.host)
            .field("content_type", &self.content_type)
            .field("timestamp", &self.timestamp)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// Sign a `POST /` request with an empty query, signing `content-type` and `host`.
///
/// Pure: the same inputs always give the same headers, so tests can pin vectors. `host` must be
/// the `Host` header exactly as it will be sent (with `:port` for a non-default port);
/// `body` the exact bytes sent.
pub fn sign(
    credentials: &Credentials,
    timestamp: i64,
    host: &str,
    content_type: &str,
    body: &[u8],
    service: &str,
) -> SignedHeaders {
    let headers = [("content-type", content_type), ("host", host)];
    let canonical = canonical_request("POST", "/", "", &headers, &DEFAULT_SIGNED_HEADERS, body);
    let date = utc_date(timestamp);
    let to_sign = string_to_sign(timestamp, service, &canonical);
    let sig = signature(
        credentials.secret_key().expose_secret(),
        &date,
        service,
        &to_sign,
    );
    SignedHeaders {
        authorization: authorization(
            credentials.secret_id(),
            &date,
            service,
            &DEFAULT_SIGNED_HEADERS,
            &sig,
        ),
        host: host.to_owned(),
        content_type: content_type.to_owned(),
        timestamp: timestamp.to_string(),
        token: credentials.token().cloned(),
    }
}

/// Lower-case hex SHA-256 of `data` (the `HashedRequestPayload` of a body).
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// Normalize signed header names: lower-cased, trimmed, sorted, de-duplicated.
pub fn normalize_signed_headers(signed_headers: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = signed_headers
        .iter()
        .map(|n| n.trim().to_ascii_lowercase())
        .filter(|n| !n.is_empty())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Build the canonical request (step 1).
///
/// `headers` are the request's headers as received or as they will be sent (names in any case);
/// only those named in `signed_headers` take part. Names and values are lower-cased and
/// trimmed, as Tencent documents; names are sorted. A signed header missing from `headers`
/// contributes an empty value (so the signature will not match, rather than panicking).
///
/// ```
/// use bizlicense_tencent::sign::canonical_request;
///
/// let c = canonical_request(
///     "POST", "/", "",
///     &[("Host", "127.0.0.1:8080"), ("Content-Type", "application/json")],
///     &["content-type", "host"],
///     b"{}",
/// );
/// assert_eq!(
///     c,
///     "POST\n/\n\ncontent-type:application/json\nhost:127.0.0.1:8080\n\ncontent-type;host\n\
///      44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
/// );
/// ```
pub fn canonical_request(
    method: &str,
    path: &str,
    query: &str,
    headers: &[(&str, &str)],
    signed_headers: &[&str],
    body: &[u8],
) -> String {
    let names = normalize_signed_headers(signed_headers);
    let mut canonical_headers = String::new();
    for name in &names {
        let value = headers
            .iter()
            .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_lowercase())
            .unwrap_or_default();
        canonical_headers.push_str(name);
        canonical_headers.push(':');
        canonical_headers.push_str(&value);
        canonical_headers.push('\n');
    }
    format!(
        "{method}\n{path}\n{query}\n{canonical_headers}\n{}\n{}",
        names.join(";"),
        sha256_hex(body)
    )
}

/// The credential scope `date/service/tc3_request`.
pub fn credential_scope(date: &str, service: &str) -> String {
    format!("{date}/{service}/{SCOPE_TERMINATOR}")
}

/// Build the string to sign (step 2); the date in the scope is the UTC date of `timestamp`.
pub fn string_to_sign(timestamp: i64, service: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{timestamp}\n{}\n{}",
        credential_scope(&utc_date(timestamp), service),
        sha256_hex(canonical_request.as_bytes())
    )
}

fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    // HMAC accepts keys of any length, so `new_from_slice` cannot fail for HMAC-SHA256.
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC-SHA256 accepts keys of any length");
    mac.update(msg);
    mac.finalize().into_bytes().into()
}

/// Compute the signature (step 3): lower-case hex.
pub fn signature(secret_key: &str, date: &str, service: &str, string_to_sign: &str) -> String {
    let k_date = hmac_sha256(format!("TC3{secret_key}").as_bytes(), date.as_bytes());
    let k_service = hmac_sha256(&k_date, service.as_bytes());
    let k_signing = hmac_sha256(&k_service, SCOPE_TERMINATOR.as_bytes());
    hex::encode(hmac_sha256(&k_signing, string_to_sign.as_bytes()))
}

/// Format the `Authorization` header value (as the official SDKs do, with `", "` separators).
pub fn authorization(
    secret_id: &str,
    date: &str,
    service: &str,
    signed_headers: &[&str],
    signature: &str,
) -> String {
    format!(
        "{ALGORITHM} Credential={secret_id}/{}, SignedHeaders={}, Signature={signature}",
        credential_scope(date, service),
        normalize_signed_headers(signed_headers).join(";")
    )
}

/// The UTC calendar date (`YYYY-MM-DD`) of a unix timestamp, as used in the credential scope.
///
/// Infallible for every `i64` (proleptic Gregorian calendar, days-from-civil inverse).
pub fn utc_date(timestamp: i64) -> String {
    // Howard Hinnant's civil_from_days, in i128 so no input can overflow.
    let z = i128::from(timestamp.div_euclid(86_400)) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i128::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The parts of an `Authorization` header.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParsedAuthorization {
    /// Always [`ALGORITHM`] (anything else is rejected).
    pub algorithm: String,
    /// The SecretId from `Credential=`.
    pub secret_id: String,
    /// The date from the credential scope (`YYYY-MM-DD`, as sent; not validated as a date).
    pub date: String,
    /// The service from the credential scope (`ocr`).
    pub service: String,
    /// The signed header names, lower-cased, in the order sent.
    pub signed_headers: Vec<String>,
    /// The hex signature, as sent.
    pub signature: String,
}

/// Why an `Authorization` header could not be parsed (the emulator answers
/// `AuthFailure.InvalidAuthorization`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthorizationError {
    /// The header is empty.
    #[error("the Authorization header is empty")]
    Empty,
    /// The first word is not `TC3-HMAC-SHA256`.
    #[error("unsupported signature algorithm {0:?}: only TC3-HMAC-SHA256 is accepted")]
    Algorithm(String),
    /// A required part (`Credential`, `SignedHeaders`, `Signature`) is missing or empty.
    #[error("the Authorization header lacks {0}")]
    Missing(&'static str),
    /// The credential is not `SecretId/date/service/tc3_request`.
    #[error("malformed Credential {0:?}: expected SecretId/YYYY-MM-DD/service/tc3_request")]
    Credential(String),
    /// A part is not `Name=value` or is not one of the known names.
    #[error("malformed Authorization part {0:?}")]
    Part(String),
    /// The signature is not 64 lower-case hex characters.
    #[error("malformed Signature: expected 64 hex characters")]
    Signature,
}

/// Parse `TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request, SignedHeaders=a;b, Signature=HEX`.
///
/// Parts may be separated by `,` with or without spaces, in any order.
///
/// ```
/// use bizlicense_tencent::sign::parse_authorization;
///
/// let a = parse_authorization(
///     "TC3-HMAC-SHA256 Credential=AKIDx/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, \
///      Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c",
/// ).unwrap();
/// assert_eq!((a.secret_id.as_str(), a.date.as_str(), a.service.as_str()), ("AKIDx", "2019-02-25", "cvm"));
/// assert!(parse_authorization("Basic dXNlcjpwYXNz").is_err());
/// ```
pub fn parse_authorization(header: &str) -> Result<ParsedAuthorization, AuthorizationError> {
    let header = header.trim();
    if header.is_empty() {
        return Err(AuthorizationError::Empty);
    }
    let (algorithm, rest) = header
        .split_once(char::is_whitespace)
        .unwrap_or((header, ""));
    if algorithm != ALGORITHM {
        return Err(AuthorizationError::Algorithm(algorithm.to_owned()));
    }
    let mut credential = None;
    let mut signed = None;
    let mut sig = None;
    for part in rest.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, value) = part
            .split_once('=')
            .ok_or_else(|| AuthorizationError::Part(part.to_owned()))?;
        let value = value.trim();
        match name.trim() {
            "Credential" => credential = Some(value),
            "SignedHeaders" => signed = Some(value),
            "Signature" => sig = Some(value),
            _ => return Err(AuthorizationError::Part(part.to_owned())),
        }
    }
    let credential = credential
        .filter(|c| !c.is_empty())
        .ok_or(AuthorizationError::Missing("Credential"))?;
    let signed = signed
        .filter(|s| !s.is_empty())
        .ok_or(AuthorizationError::Missing("SignedHeaders"))?;
    let sig = sig
        .filter(|s| !s.is_empty())
        .ok_or(AuthorizationError::Missing("Signature"))?;

    let scope: Vec<&str> = credential.split('/').collect();
    let [secret_id, date, service, terminator] = scope.as_slice() else {
        return Err(AuthorizationError::Credential(credential.to_owned()));
    };
    if secret_id.is_empty() || date.is_empty() || service.is_empty() {
        return Err(AuthorizationError::Credential(credential.to_owned()));
    }
    if *terminator != SCOPE_TERMINATOR {
        return Err(AuthorizationError::Credential(credential.to_owned()));
    }
    if sig.len() != 64 || !sig.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AuthorizationError::Signature);
    }
    let signed_headers: Vec<String> = signed
        .split(';')
        .map(|h| h.trim().to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .collect();
    if signed_headers.is_empty() {
        return Err(AuthorizationError::Missing("SignedHeaders"));
    }
    Ok(ParsedAuthorization {
        algorithm: algorithm.to_owned(),
        secret_id: (*secret_id).to_owned(),
        date: (*date).to_owned(),
        service: (*service).to_owned(),
        signed_headers,
        signature: sig.to_ascii_lowercase(),
    })
}

/// What a request looked like on arrival, for [`expected_signature`].
#[derive(Debug, Clone, Copy)]
pub struct ReceivedRequest<'a> {
    /// HTTP method (`POST`).
    pub method: &'a str,
    /// The path (`/`).
    pub path: &'a str,
    /// The raw query string without `?` (empty for POST).
    pub query: &'a str,
    /// Every header as received (`Host` including any port).
    pub headers: &'a [(&'a str, &'a str)],
    /// The raw body bytes.
    pub body: &'a [u8],
}

/// Recompute, server-side, the signature a request should carry.
///
/// Uses the signed header names from `auth` (as the client declared them), the `timestamp` from
/// `X-TC-Timestamp` and the date and service from the credential scope, exactly as sent. The
/// caller still checks separately that `auth.date` is the UTC date of `timestamp`
/// ([`utc_date`]) and that the timestamp is recent.
pub fn expected_signature(
    secret_key: &str,
    auth: &ParsedAuthorization,
    timestamp: i64,
    request: &ReceivedRequest<'_>,
) -> String {
    let names: Vec<&str> = auth.signed_headers.iter().map(String::as_str).collect();
    let canonical = canonical_request(
        request.method,
        request.path,
        request.query,
        request.headers,
        &names,
        request.body,
    );
    let to_sign = format!(
        "{ALGORITHM}\n{timestamp}\n{}\n{}",
        credential_scope(&auth.date, &auth.service),
        sha256_hex(canonical.as_bytes())
    );
    signature(secret_key, &auth.date, &auth.service, &to_sign)
}

/// Compare two hex signatures in constant time (case-insensitive).
pub fn signatures_match(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| {
        acc | (x.to_ascii_lowercase() ^ y.to_ascii_lowercase())
    }) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    // Tencent's published example (API 3.0 signature docs), reproduced with the Python SDK.
    const CVM_BODY: &str =
        r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;

    fn cvm(secret_key: &str) -> SignedHeaders {
        let creds = Credentials::new("AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******", secret_key);
        sign(
            &creds,
            1_551_113_065,
            "cvm.tencentcloudapi.com",
            "application/json; charset=utf-8",
            CVM_BODY.as_bytes(),
            "cvm",
        )
    }

    #[test]
    fn published_vector_masked_key() {
        let s = cvm("Gu5t9xGARNpq86cd98joQYCN3*******");
        assert_eq!(
            s.authorization,
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, \
             SignedHeaders=content-type;host, \
             Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c"
        );
        assert_eq!(s.timestamp, "1551113065");
        assert_eq!(s.host, "cvm.tencentcloudapi.com");
        assert!(s.token.is_none());
    }

    #[test]
    fn published_vector_example_key() {
        let s = cvm("Gu5t9xGARNpq86cd98joQYCN3EXAMPLE");
        let parsed = parse_authorization(&s.authorization).unwrap();
        assert_eq!(
            parsed.signature,
            "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
        );
    }

    #[test]
    fn published_vector_intermediate_strings() {
        // Intermediate values recomputed independently with Python's hashlib for the same
        // request (the published final signatures are checked above).
        let canonical = canonical_request(
            "POST",
            "/",
            "",
            &[
                ("Content-Type", "application/json; charset=utf-8"),
                ("Host", "cvm.tencentcloudapi.com"),
            ],
            &["host", "content-type"],
            CVM_BODY.as_bytes(),
        );
        assert_eq!(
            canonical,
            "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\n\
             content-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
        );
        assert_eq!(
            string_to_sign(1_551_113_065, "cvm", &canonical),
            "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n\
             5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
        );
    }

    #[test]
    fn server_side_verification_round_trips() {
        let creds = Credentials::new("AKIDx", "key");
        let body = br#"{"RegNum":"1"}"#;
        let s = sign(
            &creds,
            1_700_000_000,
            "127.0.0.1:9",
            "application/json",
            body,
            "ocr",
        );
        let auth = parse_authorization(&s.authorization).unwrap();
        let headers = [
            ("Host", "127.0.0.1:9"),
            ("Content-Type", "application/json"),
        ];
        let req = ReceivedRequest {
            method: "POST",
            path: "/",
            query: "",
            headers: &headers,
            body,
        };
        let expected = expected_signature("key", &auth, 1_700_000_000, &req);
        assert!(signatures_match(&expected, &auth.signature));
        // Any change breaks it: key, body, host port, timestamp.
        assert!(!signatures_match(
            &expected_signature("other", &auth, 1_700_000_000, &req),
            &auth.signature
        ));
        let tampered = ReceivedRequest {
            body: br#"{"RegNum":"2"}"#,
            ..req
        };
        assert!(!signatures_match(
            &expected_signature("key", &auth, 1_700_000_000, &tampered),
            &auth.signature
        ));
        let other_port = [
            ("Host", "127.0.0.1:10"),
            ("Content-Type", "application/json"),
        ];
        let moved = ReceivedRequest {
            headers: &other_port,
            ..req
        };
        assert!(!signatures_match(
            &expected_signature("key", &auth, 1_700_000_000, &moved),
            &auth.signature
        ));
        assert!(!signatures_match(
            &expected_signature("key", &auth, 1_700_000_001, &req),
            &auth.signature
        ));
    }

    #[test]
    fn utc_date_matches_jiff() {
        for ts in [
            0i64,
            -1,
            86_399,
            86_400,
            951_782_400, // 2000-02-29
            1_551_113_065,
            1_700_000_000,
            4_102_444_800, // 2100-01-01
            -62_135_596_800,
        ] {
            let want = jiff::Timestamp::from_second(ts)
                .unwrap()
                .to_zoned(jiff::tz::TimeZone::UTC)
                .date()
                .to_string();
            assert_eq!(utc_date(ts), want, "{ts}");
        }
        // Extreme inputs do not panic.
        let _ = utc_date(i64::MAX);
        let _ = utc_date(i64::MIN);
    }

    #[test]
    fn parse_rejects_malformed_headers() {
        let good_sig = "a".repeat(64);
        let cases: Vec<(String, AuthorizationError)> = vec![
            ("".into(), AuthorizationError::Empty),
            (
                "HMAC-SHA1 Credential=a/b/c/tc3_request".into(),
                AuthorizationError::Algorithm("HMAC-SHA1".into()),
            ),
            (
                format!("TC3-HMAC-SHA256 SignedHeaders=host, Signature={good_sig}"),
                AuthorizationError::Missing("Credential"),
            ),
            (
                format!("TC3-HMAC-SHA256 Credential=a/2020-01-01/ocr/tc3_request, Signature={good_sig}"),
                AuthorizationError::Missing("SignedHeaders"),
            ),
            (
                "TC3-HMAC-SHA256 Credential=a/2020-01-01/ocr/tc3_request, SignedHeaders=host".into(),
                AuthorizationError::Missing("Signature"),
            ),
            (
                format!("TC3-HMAC-SHA256 Credential=a/2020-01-01/ocr, SignedHeaders=host, Signature={good_sig}"),
                AuthorizationError::Credential("a/2020-01-01/ocr".into()),
            ),
            (
                format!("TC3-HMAC-SHA256 Credential=a/2020-01-01/ocr/aws4_request, SignedHeaders=host, Signature={good_sig}"),
                AuthorizationError::Credential("a/2020-01-01/ocr/aws4_request".into()),
            ),
            (
                "TC3-HMAC-SHA256 Credential=a/2020-01-01/ocr/tc3_request, SignedHeaders=host, Signature=xyz".into(),
                AuthorizationError::Signature,
            ),
            (
                format!("TC3-HMAC-SHA256 Credential=a/2020-01-01/ocr/tc3_request, Bogus, Signature={good_sig}"),
                AuthorizationError::Part("Bogus".into()),
            ),
        ];
        for (header, want) in cases {
            assert_eq!(parse_authorization(&header), Err(want), "{header}");
        }
    }

    #[test]
    fn parse_accepts_compact_separators_and_any_order() {
        let sig = "b".repeat(64);
        let a = parse_authorization(&format!(
            "TC3-HMAC-SHA256 Signature={sig},SignedHeaders=Content-Type;Host,Credential=ID/2020-01-01/ocr/tc3_request"
        ))
        .unwrap();
        assert_eq!(a.signed_headers, ["content-type", "host"]);
        assert_eq!(a.signature, sig);
        assert_eq!(a.algorithm, ALGORITHM);
    }

    #[test]
    fn token_is_sent_but_never_debug_printed() {
        let creds = Credentials::new("AKIDx", "key").with_token("TOKEN-SECRET-123");
        let s = sign(&creds, 1, "h", "application/json", b"{}", "ocr");
        assert!(
            s.to_pairs()
                .iter()
                .any(|(n, v)| *n == "X-TC-Token" && v == "TOKEN-SECRET-123")
        );
        assert!(!format!("{s:?}").contains("TOKEN-SECRET-123"));
    }

    #[test]
    fn constant_time_compare() {
        assert!(signatures_match("abCD", "ABcd"));
        assert!(!signatures_match("abcd", "abce"));
        assert!(!signatures_match("abc", "abcd"));
    }
}

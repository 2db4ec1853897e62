//! TC3-HMAC-SHA256 verification of a received request, built from the signer's public pieces
//! in `bizlicense_tencent::sign` (one implementation of the algorithm in the workspace).

use axum::http::{HeaderMap, Uri, header};
use bizlicense_tencent::sign::{
    canonical_request, parse_authorization, signature, string_to_sign, utc_date,
};

use super::TcError;
use crate::state::AppState;

/// The service every OCR action is signed for.
const SERVICE: &str = "ocr";

/// Verify the request's signature: header shape, timestamp window, SecretId, then signature,
/// recomputed from the headers named in `SignedHeaders` exactly as received (so `Host` keeps
/// its port) and the raw body bytes.
pub(crate) fn verify(
    state: &AppState,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), TcError> {
    let raw = headers
        .get(header::AUTHORIZATION)
        .ok_or_else(|| {
            TcError::new(
                "AuthFailure.InvalidAuthorization",
                "The Authorization header is missing: sign the request with TC3-HMAC-SHA256.",
            )
        })?
        .to_str()
        .map_err(|_| {
            TcError::new(
                "AuthFailure.InvalidAuthorization",
                "The Authorization header is not ASCII.",
            )
        })?;
    let auth = parse_authorization(raw).map_err(|e| {
        TcError::new(
            "AuthFailure.InvalidAuthorization",
            format!("Authorization header is invalid: {e}."),
        )
    })?;
    for required in ["content-type", "host"] {
        if !auth.signed_headers.iter().any(|h| h == required) {
            return Err(TcError::new(
                "AuthFailure.InvalidAuthorization",
                format!("SignedHeaders must include `{required}`."),
            ));
        }
    }

    let ts_raw = headers
        .get("x-tc-timestamp")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| {
            TcError::new(
                "MissingParameter",
                "The request is missing a required parameter `X-TC-Timestamp`.",
            )
        })?;
    let timestamp: i64 = ts_raw.trim().parse().map_err(|_| {
        TcError::new(
            "InvalidParameterValue",
            format!("The value `{ts_raw}` of X-TC-Timestamp is not a unix time in seconds."),
        )
    })?;
    let now = state.clock.now();
    if (now - timestamp).abs() > state.signature_window_secs {
        return Err(TcError::new(
            "AuthFailure.SignatureExpire",
            format!(
                "Signature expired. Timestamp is {timestamp}, server time is {now}; they must be within {} seconds of each other.",
                state.signature_window_secs
            ),
        ));
    }

    let secret_key = state.tencent_secrets.get(&auth.secret_id).ok_or_else(|| {
        TcError::new(
            "AuthFailure.SecretIdNotFound",
            "The SecretId is not found, please ensure that your SecretId is correct.",
        )
    })?;

    let signature_failure = || {
        TcError::new(
            "AuthFailure.SignatureFailure",
            "The provided credentials could not be validated. Please check your signature is correct.",
        )
    };
    if auth.service != SERVICE || auth.date != utc_date(timestamp) {
        return Err(signature_failure());
    }
    let mut pairs: Vec<(&str, &str)> = Vec::with_capacity(auth.signed_headers.len());
    for name in &auth.signed_headers {
        let value = headers
            .get(name.as_str())
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        pairs.push((name.as_str(), value));
    }
    let signed: Vec<&str> = auth.signed_headers.iter().map(String::as_str).collect();
    let unsigned_payload = headers
        .get("x-tc-content-sha256")
        .is_some_and(|v| v.as_bytes() == b"UNSIGNED-PAYLOAD");
    let payload: &[u8] = if unsigned_payload {
        b"UNSIGNED-PAYLOAD"
    } else {
        body
    };
    let canonical = canonical_request(
        "POST",
        uri.path(),
        uri.query().unwrap_or(""),
        &pairs,
        &signed,
        payload,
    );
    let to_sign = string_to_sign(timestamp, SERVICE, &canonical);
    let expected = signature(secret_key, &auth.date, SERVICE, &to_sign);
    if !constant_time_eq(expected.as_bytes(), auth.signature.as_bytes()) {
        return Err(signature_failure());
    }
    Ok(())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

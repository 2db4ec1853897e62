//! Interpreting what came back: HTTP status, body, envelope.

use bizlicense_core::{ErrorKind, ProviderError};
use serde_json::Value;

use crate::client::envelope_error;

/// How many bytes of an unexpected body to quote in an error.
const QUOTE_BYTES: usize = 120;

/// The first bytes of a body, printable, for error messages.
pub(crate) fn quote(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(QUOTE_BYTES)];
    let text = String::from_utf8_lossy(head);
    let mut out: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if bytes.len() > QUOTE_BYTES {
        out.push('…');
    }
    format!("{out:?}")
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(64)])
        .trim_start()
        .to_ascii_lowercase();
    start.starts_with("<!doctype html") || start.starts_with("<html") || start.starts_with('<')
}

/// Turn an HTTP answer into the JSON envelope, or an error saying what was received.
pub(crate) fn interpret(
    provider: &str,
    action: &str,
    status: u16,
    content_type: &str,
    bytes: &[u8],
) -> Result<Value, ProviderError> {
    let ct = if content_type.is_empty() {
        "no content type".to_owned()
    } else {
        format!("content type {content_type}")
    };
    if status != 200 {
        // Tencent answers every API result, errors included, with HTTP 200. Anything else came
        // from a proxy or gateway: 429 and 5xx mean the API never handled the request.
        return Err(ProviderError::new(
            provider,
            ErrorKind::for_unexpected_http_status(status),
            format!(
                "{action}: unexpected HTTP status {status} ({ct}, {} bytes), expected 200; body starts {}",
                bytes.len(),
                quote(bytes)
            ),
        ));
    }
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            let what = if bytes.is_empty() {
                "an empty body".to_owned()
            } else if looks_like_html(bytes) {
                "an HTML page, not JSON".to_owned()
            } else if e.is_eof() {
                format!("truncated JSON ({e})")
            } else {
                format!("a body that is not JSON ({e})")
            };
            return Err(ProviderError::new(
                provider,
                ErrorKind::Protocol,
                format!(
                    "{action}: the server answered {what} ({ct}, {} bytes); body starts {}",
                    bytes.len(),
                    quote(bytes)
                ),
            ));
        }
    };
    let Some(response) = value.get("Response").and_then(Value::as_object) else {
        return Err(ProviderError::new(
            provider,
            ErrorKind::Protocol,
            format!(
                "{action}: the JSON has no \"Response\" object ({} bytes); body starts {}",
                bytes.len(),
                quote(bytes)
            ),
        ));
    };
    let request_id = response.get("RequestId").and_then(Value::as_str);
    if let Some(err) = response.get("Error") {
        let code = err.get("Code").and_then(Value::as_str).unwrap_or("");
        let message = err.get("Message").and_then(Value::as_str).unwrap_or("");
        if code.is_empty() {
            return Err(ProviderError::new(
                provider,
                ErrorKind::Protocol,
                format!(
                    "{action}: an error response without a code: {}",
                    quote(bytes)
                ),
            ));
        }
        return Err(envelope_error(provider, code, message, request_id));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(status: u16, ct: &str, body: &[u8]) -> ProviderError {
        interpret(
            "tencent.verify_basic",
            "VerifyBasicBizLicense",
            status,
            ct,
            body,
        )
        .unwrap_err()
    }

    #[test]
    fn non_200_is_a_gateway_error_and_quotes_the_body() {
        let e = err(502, "text/html", b"<html><body>Bad Gateway</body></html>");
        assert_eq!(e.kind(), ErrorKind::Unavailable);
        assert!(e.is_retryable());
        assert_eq!(err(429, "", b"").kind(), ErrorKind::RateLimited);
        let m = e.message();
        assert!(
            m.contains("502") && m.contains("Bad Gateway") && m.contains("text/html"),
            "{m}"
        );
        let e = err(404, "", b"not found");
        assert_eq!(e.kind(), ErrorKind::Protocol);
        assert!(!e.is_retryable());
        assert!(e.message().contains("no content type"), "{}", e.message());
    }

    #[test]
    fn html_truncated_empty_and_garbage_bodies() {
        let e = err(200, "text/html", b"<!DOCTYPE html><html>maintenance</html>");
        assert!(e.message().contains("an HTML page"), "{}", e.message());
        let e = err(200, "application/json", br#"{"Response": {"RequestId": "r"#);
        assert!(e.message().contains("truncated JSON"), "{}", e.message());
        let e = err(200, "application/json", b"");
        assert!(e.message().contains("an empty body"), "{}", e.message());
        let e = err(200, "application/json", b"OK");
        assert!(e.message().contains("not JSON"), "{}", e.message());
        let e = err(200, "application/json", br#"{"Error": "x"}"#);
        assert!(e.message().contains("no \"Response\""), "{}", e.message());
        for e in [err(200, "", b"OK"), err(200, "", b"")] {
            assert_eq!(e.kind(), ErrorKind::Protocol);
            assert!(!e.is_retryable());
        }
    }

    #[test]
    fn long_bodies_are_cut() {
        let body = vec![b'x'; 1000];
        let e = err(500, "text/plain", &body);
        assert!(e.message().contains('…'));
        assert!(e.message().len() < 400, "{}", e.message());
    }

    #[test]
    fn error_envelope_maps_through_the_table() {
        let body = br#"{"Response": {"Error": {"Code": "InternalError", "Message": "oops"}, "RequestId": "r1"}}"#;
        let e = err(200, "application/json", body);
        assert_eq!(e.kind(), ErrorKind::Unavailable);
        assert_eq!(e.request_id(), Some("r1"));
        assert!(e.is_retryable());
    }
}

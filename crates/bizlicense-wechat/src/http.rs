//! Shared HTTP helpers: transport errors without URLs, body checks, redaction.

use bizlicense_core::ErrorKind;

/// Classify a reqwest error and strip its URL (which holds the access token or the secret).
pub(crate) fn transport_error(
    e: reqwest::Error,
    what: &str,
) -> (ErrorKind, String, reqwest::Error) {
    let kind = if e.is_timeout() {
        ErrorKind::Timeout
    } else if e.is_connect() || e.is_request() || e.is_body() {
        // A body cut off mid-transfer is the connection failing, as transient as a refused one.
        ErrorKind::Network
    } else if e.is_decode() {
        ErrorKind::Protocol
    } else {
        ErrorKind::Network
    };
    let e = e.without_url();
    let message = match kind {
        ErrorKind::Timeout => format!("{what}: no answer in time"),
        ErrorKind::Protocol => format!("{what}: the answer body could not be decoded"),
        _ if e.is_body() => {
            format!("{what}: the connection closed before the whole answer arrived")
        }
        _ => format!("{what}: could not reach WeChat ({})", source_chain(&e)),
    };
    (kind, message, e)
}

fn source_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(s) = cur {
        parts.push(s.to_string());
        cur = s.source();
    }
    parts.join(": ")
}

/// Why a body is not the JSON we expected, in words: an HTML page, empty, or cut off.
pub(crate) fn describe_bad_json(body: &[u8], err: &serde_json::Error) -> String {
    let text = String::from_utf8_lossy(body);
    let t = text.trim_start();
    if t.is_empty() {
        "an empty body instead of JSON".to_owned()
    } else if t.starts_with('<') {
        "an HTML page instead of JSON (a proxy or gateway error page?)".to_owned()
    } else if err.is_eof() {
        format!("truncated JSON ({} bytes, cut off: {err})", body.len())
    } else {
        format!("invalid JSON ({err})")
    }
}

/// Replace every occurrence of each secret in `text` with `[REDACTED]`.
pub(crate) fn scrub(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    for s in secrets.iter().filter(|s| s.len() >= 4) {
        out = out.replace(s, "[REDACTED]");
    }
    out
}

/// A short, secret-free excerpt of a body, for error messages.
pub(crate) fn excerpt(body: &[u8], secrets: &[&str]) -> String {
    let text = String::from_utf8_lossy(body);
    let short: String = text.chars().take(120).collect();
    let short = scrub(&short, secrets);
    let short = short.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > 120 {
        format!("{short}...")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_bodies_are_described() {
        let e = serde_json::from_slice::<serde_json::Value>(b"<html>").unwrap_err();
        assert!(describe_bad_json(b"<html>", &e).contains("HTML"));
        let e = serde_json::from_slice::<serde_json::Value>(b"{\"errcode\": 0, \"reg").unwrap_err();
        assert!(describe_bad_json(b"{\"errcode\": 0, \"reg", &e).contains("truncated"));
        let e = serde_json::from_slice::<serde_json::Value>(b"").unwrap_err();
        assert!(describe_bad_json(b"", &e).contains("empty"));
    }

    #[test]
    fn scrub_and_excerpt_remove_secrets() {
        assert_eq!(
            scrub("a TOKEN b TOKEN", &["TOKEN"]),
            "a [REDACTED] b [REDACTED]"
        );
        let ex = excerpt(b"<h1>bad request access_token=TOKEN123</h1>", &["TOKEN123"]);
        assert!(!ex.contains("TOKEN123"), "{ex}");
    }
}

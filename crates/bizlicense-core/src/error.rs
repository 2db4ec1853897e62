//! The one error type every provider returns, with a kind that drives retries and fallbacks.

use std::fmt;
use std::time::Duration;

/// What went wrong, in terms a caller can act on.
///
/// Providers map their own error codes into these kinds in one table each; decorators such as
/// [`Retry`](crate::compose::Retry) and [`Fallback`](crate::compose::Fallback) decide by kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorKind {
    /// The request was rejected as invalid before or by the provider (bad parameter, missing
    /// field, image of the wrong format or size). Fix the input; retrying will not help.
    InvalidInput,
    /// Credentials were rejected: bad secret, bad signature, expired or invalid token.
    Auth,
    /// The client is configured wrongly: no credentials found, IP not whitelisted, service not
    /// enabled, clock skew. Fix the configuration; retrying will not help.
    Config,
    /// The account cannot pay for the call: arrears, resource pack exhausted, quota sold out.
    Billing,
    /// A quota that resets later (daily call limit) is used up. Retrying now will not help.
    QuotaExceeded,
    /// Too many requests right now; retry after [`ProviderError::retry_after`] or a backoff.
    RateLimited,
    /// The registry has no record for the query.
    NotFound,
    /// The image is readable but is not a business license (or none was found on it).
    NotALicense,
    /// The provider could not fetch or decode the image (download failed, decode failed).
    ImageRejected,
    /// The provider is temporarily failing (system busy, internal error, 5xx).
    Unavailable,
    /// The call did not complete in time.
    Timeout,
    /// The connection failed (refused, reset, DNS).
    Network,
    /// The provider answered something we cannot understand (non-JSON, HTML error page,
    /// truncated body, unexpected HTTP status, missing required fields).
    Protocol,
    /// Anything else the provider reported.
    Other,
}

impl ErrorKind {
    /// Whether an error of this kind is worth retrying with backoff by default.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            ErrorKind::RateLimited
                | ErrorKind::Unavailable
                | ErrorKind::Timeout
                | ErrorKind::Network
        )
    }

    /// The kind for an HTTP status other than the 200 both providers answer everything with
    /// (their API errors come inside a 200): such a status came from a gateway or proxy.
    /// 429 is [`RateLimited`](Self::RateLimited); 500, 502, 503 and 504 (the API never handled
    /// the request) are [`Unavailable`](Self::Unavailable); anything else is
    /// [`Protocol`](Self::Protocol).
    ///
    /// ```
    /// use bizlicense_core::ErrorKind;
    /// assert_eq!(ErrorKind::for_unexpected_http_status(503), ErrorKind::Unavailable);
    /// assert_eq!(ErrorKind::for_unexpected_http_status(429), ErrorKind::RateLimited);
    /// assert_eq!(ErrorKind::for_unexpected_http_status(404), ErrorKind::Protocol);
    /// ```
    pub fn for_unexpected_http_status(status: u16) -> ErrorKind {
        match status {
            429 => ErrorKind::RateLimited,
            500 | 502..=504 => ErrorKind::Unavailable,
            _ => ErrorKind::Protocol,
        }
    }

    /// A stable snake_case name, as used in JSON and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::InvalidInput => "invalid_input",
            ErrorKind::Auth => "auth",
            ErrorKind::Config => "config",
            ErrorKind::Billing => "billing",
            ErrorKind::QuotaExceeded => "quota_exceeded",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::NotFound => "not_found",
            ErrorKind::NotALicense => "not_a_license",
            ErrorKind::ImageRejected => "image_rejected",
            ErrorKind::Unavailable => "unavailable",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Network => "network",
            ErrorKind::Protocol => "protocol",
            ErrorKind::Other => "other",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An error from a [`LicenseReader`](crate::LicenseReader) or
/// [`RegistryVerifier`](crate::RegistryVerifier).
///
/// Carries the [`ErrorKind`], the provider id, the provider's own code and message, the request
/// id when the provider gave one, and an optional `retry_after` hint. It never carries secrets:
/// providers must not put keys or tokens into the message (their tests check this).
///
/// ```
/// use bizlicense_core::{ErrorKind, ProviderError};
///
/// let err = ProviderError::new("tencent.verify_basic", ErrorKind::RateLimited, "too many requests")
///     .with_code("RequestLimitExceeded")
///     .with_request_id("8d9627c4-eb52-4a8d-8565-5b07ad436c9f");
/// assert!(err.is_retryable());
/// assert_eq!(err.code(), Some("RequestLimitExceeded"));
/// assert_eq!(
///     err.to_string(),
///     "tencent.verify_basic: rate_limited: too many requests [code RequestLimitExceeded, request 8d9627c4-eb52-4a8d-8565-5b07ad436c9f]"
/// );
/// ```
#[derive(Debug, Clone)]
pub struct ProviderError {
    kind: ErrorKind,
    // Boxed so `Result<_, ProviderError>` stays small on the happy path.
    details: Box<Details>,
}

#[derive(Debug, Clone)]
struct Details {
    provider: String,
    code: Option<String>,
    message: String,
    request_id: Option<String>,
    retry_after: Option<Duration>,
    retryable: Option<bool>,
    source: Option<std::sync::Arc<dyn std::error::Error + Send + Sync + 'static>>,
}

impl ProviderError {
    /// A new error of `kind` from `provider` with a human message (what went wrong and, where
    /// possible, what to do about it).
    pub fn new(provider: impl Into<String>, kind: ErrorKind, message: impl Into<String>) -> Self {
        ProviderError {
            kind,
            details: Box::new(Details {
                provider: provider.into(),
                code: None,
                message: message.into(),
                request_id: None,
                retry_after: None,
                retryable: None,
                source: None,
            }),
        }
    }

    /// Shorthand for an [`ErrorKind::InvalidInput`] error raised before any I/O.
    pub fn invalid_input(provider: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(provider, ErrorKind::InvalidInput, message)
    }

    /// Attach the provider's own error code (`AuthFailure.SignatureFailure`, `40001`, ...).
    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.details.code = Some(code.into());
        self
    }

    /// Attach the provider's request id.
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.details.request_id = Some(request_id.into());
        self
    }

    /// Attach a hint of how long to wait before retrying.
    pub fn with_retry_after(mut self, after: Duration) -> Self {
        self.details.retry_after = Some(after);
        self
    }

    /// Override whether this particular error is retryable (otherwise the kind decides).
    pub fn with_retryable(mut self, retryable: bool) -> Self {
        self.details.retryable = Some(retryable);
        self
    }

    /// Attach the underlying cause.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.details.source = Some(std::sync::Arc::new(source));
        self
    }

    /// Replace the provider id (used by decorators that wrap errors of inner providers).
    pub fn with_provider(mut self, provider: impl Into<String>) -> Self {
        self.details.provider = provider.into();
        self
    }

    /// The kind of failure.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The id of the provider that failed (`"wechat"`, `"tencent.bizlicense_ocr"`, ...).
    pub fn provider(&self) -> &str {
        &self.details.provider
    }

    /// The provider's own error code, if it gave one.
    pub fn code(&self) -> Option<&str> {
        self.details.code.as_deref()
    }

    /// The human message.
    pub fn message(&self) -> &str {
        &self.details.message
    }

    /// The provider's request id, if it gave one (quote it to the provider's support).
    pub fn request_id(&self) -> Option<&str> {
        self.details.request_id.as_deref()
    }

    /// How long the provider asked us to wait, if it said.
    pub fn retry_after(&self) -> Option<Duration> {
        self.details.retry_after
    }

    /// Whether retrying the same call may succeed.
    pub fn is_retryable(&self) -> bool {
        self.details
            .retryable
            .unwrap_or_else(|| self.kind.is_retryable())
    }
}

impl fmt::Display for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}",
            self.details.provider, self.kind, self.details.message
        )?;
        match (&self.details.code, &self.details.request_id) {
            (Some(c), Some(r)) => write!(f, " [code {c}, request {r}]"),
            (Some(c), None) => write!(f, " [code {c}]"),
            (None, Some(r)) => write!(f, " [request {r}]"),
            (None, None) => Ok(()),
        }
    }
}

impl std::error::Error for ProviderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.details
            .source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_kinds_are_the_transient_ones() {
        let retryable: Vec<_> = [
            ErrorKind::InvalidInput,
            ErrorKind::Auth,
            ErrorKind::Config,
            ErrorKind::Billing,
            ErrorKind::QuotaExceeded,
            ErrorKind::RateLimited,
            ErrorKind::NotFound,
            ErrorKind::NotALicense,
            ErrorKind::ImageRejected,
            ErrorKind::Unavailable,
            ErrorKind::Timeout,
            ErrorKind::Network,
            ErrorKind::Protocol,
            ErrorKind::Other,
        ]
        .into_iter()
        .filter(|k| k.is_retryable())
        .collect();
        assert_eq!(
            retryable,
            vec![
                ErrorKind::RateLimited,
                ErrorKind::Unavailable,
                ErrorKind::Timeout,
                ErrorKind::Network
            ]
        );
    }

    #[test]
    fn override_beats_kind() {
        let e = ProviderError::new("p", ErrorKind::Protocol, "truncated").with_retryable(true);
        assert!(e.is_retryable());
        let e = ProviderError::new("p", ErrorKind::Unavailable, "x").with_retryable(false);
        assert!(!e.is_retryable());
    }

    #[test]
    fn kind_serializes_as_snake_case() {
        assert_eq!(
            serde_json::to_string(&ErrorKind::NotALicense).unwrap(),
            "\"not_a_license\""
        );
        assert_eq!(ErrorKind::NotALicense.to_string(), "not_a_license");
    }
}

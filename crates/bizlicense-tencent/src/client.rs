//! The Tencent Cloud API client: signs, sends, retries, and turns answers into typed responses
//! or [`ProviderError`]s.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bizlicense_core::{ErrorKind, ProviderError};
use reqwest::Url;
use serde_json::Value;
use tracing::Instrument;

use crate::credentials::{Credentials, CredentialsChain, CredentialsError};
use crate::errors;
use crate::sign;
use crate::wire::{API_VERSION, Action};

/// The public endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://ocr.tencentcloudapi.com";
/// The region the license actions are offered in.
pub const DEFAULT_REGION: &str = "ap-guangzhou";
/// The signing service name.
pub const SERVICE: &str = "ocr";
/// Default whole-call timeout (per attempt).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// What the client sends as `Content-Type` (and signs).
pub const CONTENT_TYPE: &str = "application/json";

/// The language of error messages (`X-TC-Language`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Language {
    /// `zh-CN`.
    ZhCn,
    /// `en-US`.
    EnUs,
}

impl Language {
    /// The header value.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::EnUs => "en-US",
        }
    }
}

/// When to retry: only network failures, `RequestLimitExceeded*` and `InternalError*` (see
/// [`errors`]), with exponential backoff. A decorator such as `bizlicense_core::compose::Retry`
/// can retry instead: then use [`RetryPolicy::none`] here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all (1 = no retry).
    pub max_attempts: u32,
    /// Delay before the first retry; doubles each time.
    pub base_delay: Duration,
    /// Upper bound of one delay.
    pub max_delay: Duration,
}

impl RetryPolicy {
    /// No retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// `max_attempts` attempts, first delay `base_delay`, doubling up to 5 s.
    pub fn new(max_attempts: u32, base_delay: Duration) -> Self {
        RetryPolicy {
            max_attempts: max_attempts.max(1),
            base_delay,
            max_delay: Duration::from_secs(5),
        }
    }

    fn delay(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry.min(16)).unwrap_or(u32::MAX);
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }
}

impl Default for RetryPolicy {
    /// 3 attempts, 200 ms then 400 ms.
    fn default() -> Self {
        RetryPolicy::new(3, Duration::from_millis(200))
    }
}

type Clock = dyn Fn() -> i64 + Send + Sync;

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// No usable credentials.
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    /// The endpoint is not a usable URL.
    #[error("invalid Tencent Cloud endpoint {url:?}: {reason}")]
    Endpoint {
        /// The endpoint given.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// The HTTP client could not be built.
    #[error("cannot build the HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}

/// Builds a [`TencentClient`].
///
/// ```
/// use bizlicense_tencent::{Credentials, TencentClient};
/// let client = TencentClient::builder()
///     .credentials(Credentials::new("AKIDexample", "secret"))
///     .endpoint("http://127.0.0.1:8080")
///     .build()
///     .unwrap();
/// assert_eq!(client.host(), "127.0.0.1:8080");
/// assert_eq!(client.region(), Some("ap-guangzhou"));
/// ```
#[must_use]
pub struct TencentClientBuilder {
    credentials: Option<Credentials>,
    chain: Option<CredentialsChain>,
    endpoint: String,
    region: Option<String>,
    language: Option<Language>,
    timeout: Duration,
    http: Option<reqwest::Client>,
    clock: Option<Arc<Clock>>,
    retry: RetryPolicy,
}

impl fmt::Debug for TencentClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TencentClientBuilder")
            .field("credentials", &self.credentials)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("language", &self.language)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .finish_non_exhaustive()
    }
}

impl Default for TencentClientBuilder {
    fn default() -> Self {
        TencentClientBuilder {
            credentials: None,
            chain: None,
            endpoint: DEFAULT_ENDPOINT.into(),
            region: Some(DEFAULT_REGION.into()),
            language: None,
            timeout: DEFAULT_TIMEOUT,
            http: None,
            clock: None,
            retry: RetryPolicy::default(),
        }
    }
}

impl TencentClientBuilder {
    /// Use these credentials (otherwise the [`CredentialsChain`] resolves them at `build`).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Resolve credentials through this chain (default: [`CredentialsChain::new`]).
    pub fn credentials_chain(mut self, chain: CredentialsChain) -> Self {
        self.chain = Some(chain);
        self
    }

    /// The API endpoint, e.g. `http://127.0.0.1:PORT` for the emulator (default
    /// [`DEFAULT_ENDPOINT`]). A bare host is taken as `https://host`.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = url.into();
        self
    }

    /// `X-TC-Region` (default `ap-guangzhou`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Send no `X-TC-Region` (some actions do not need one).
    pub fn no_region(mut self) -> Self {
        self.region = None;
        self
    }

    /// `X-TC-Language` for error messages (default: not sent, Tencent answers in Chinese).
    pub fn language(mut self, language: Language) -> Self {
        self.language = Some(language);
        self
    }

    /// Per-attempt timeout (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Share an existing `reqwest::Client` (connection pool, proxy settings).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The clock for `X-TC-Timestamp`, as unix seconds (default: the system clock).
    pub fn clock(mut self, clock: impl Fn() -> i64 + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// The retry policy (default [`RetryPolicy::default`]).
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Build the client: resolves credentials and checks the endpoint.
    pub fn build(self) -> Result<TencentClient, BuildError> {
        let credentials = match self.credentials {
            Some(c) => self.chain.unwrap_or_default().with_explicit(c).resolve()?,
            None => self.chain.unwrap_or_default().resolve()?,
        };
        let (url, host) = parse_endpoint(&self.endpoint)?;
        let http = match self.http {
            Some(h) => h,
            None => reqwest::Client::builder().build()?,
        };
        Ok(TencentClient {
            inner: Arc::new(Inner {
                credentials,
                url,
                host,
                region: self.region,
                language: self.language,
                timeout: self.timeout,
                http,
                clock: self.clock.unwrap_or_else(|| Arc::new(system_now)),
                retry: self.retry,
            }),
        })
    }
}

fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

fn parse_endpoint(endpoint: &str) -> Result<(Url, String), BuildError> {
    let bad = |reason: &str| BuildError::Endpoint {
        url: endpoint.to_owned(),
        reason: reason.to_owned(),
    };
    let text = endpoint.trim();
    let text = if text.contains("://") {
        text.to_owned()
    } else {
        format!("https://{text}")
    };
    let url = Url::parse(&text).map_err(|e| bad(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("only http:// and https:// are supported"));
    }
    let host = url.host_str().ok_or_else(|| bad("no host"))?;
    if url.path() != "/" || url.query().is_some() {
        return Err(bad(
            "the endpoint must be the server root (the API is POST /)",
        ));
    }
    // `port()` is None for the scheme's default port, exactly when HTTP clients leave it out
    // of the Host header; the signed Host must match what is sent.
    let host = match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_owned(),
    };
    Ok((url, host))
}

struct Inner {
    credentials: Credentials,
    url: Url,
    host: String,
    region: Option<String>,
    language: Option<Language>,
    timeout: Duration,
    http: reqwest::Client,
    clock: Arc<Clock>,
    retry: RetryPolicy,
}

/// A Tencent Cloud OCR API client. Cheap to clone (shared state).
#[derive(Clone)]
pub struct TencentClient {
    inner: Arc<Inner>,
}

impl fmt::Debug for TencentClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TencentClient")
            .field("credentials", &self.inner.credentials)
            .field("endpoint", &self.inner.url.as_str())
            .field("region", &self.inner.region)
            .field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

/// A successful call: the typed `Response` body and the whole JSON as received.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Called<T> {
    /// The typed body.
    pub response: T,
    /// The JSON as received, envelope included (for `raw`).
    pub raw: Value,
    /// The request id.
    pub request_id: Option<String>,
}

impl TencentClient {
    /// A builder.
    pub fn builder() -> TencentClientBuilder {
        TencentClientBuilder::default()
    }

    /// The `Host` header sent and signed (with `:port` when not the default).
    pub fn host(&self) -> &str {
        &self.inner.host
    }

    /// The region sent, if any.
    pub fn region(&self) -> Option<&str> {
        self.inner.region.as_deref()
    }

    /// The SecretId in use (not secret).
    pub fn secret_id(&self) -> &str {
        self.inner.credentials.secret_id()
    }

    /// Call a modelled action; errors are attributed to `provider`.
    pub async fn call<A: Action>(
        &self,
        provider: &str,
        request: &A::Request,
    ) -> Result<Called<A::Response>, ProviderError> {
        let body = serde_json::to_vec(request).map_err(|e| {
            ProviderError::invalid_input(provider, format!("cannot serialize the request: {e}"))
        })?;
        let raw = self.call_raw(provider, A::NAME, body).await?;
        let inner = raw.get("Response").cloned().unwrap_or(Value::Null);
        let request_id = inner
            .get("RequestId")
            .and_then(Value::as_str)
            .map(str::to_owned);
        let response: A::Response = serde_json::from_value(inner).map_err(|e| {
            let mut err = ProviderError::new(
                provider,
                ErrorKind::Protocol,
                format!("{} answered JSON of an unexpected shape: {e}", A::NAME),
            );
            if let Some(r) = &request_id {
                err = err.with_request_id(r.clone());
            }
            err
        })?;
        Ok(Called {
            response,
            raw,
            request_id,
        })
    }

    /// Call any action with JSON parameters (also actions not modelled here), like the SDKs'
    /// `call_json`. Returns the whole answer (`{"Response": {...}}`); error envelopes become
    /// errors attributed to provider `"tencent"`.
    pub async fn call_json(&self, action: &str, params: &Value) -> Result<Value, ProviderError> {
        let body = serde_json::to_vec(params).map_err(|e| {
            ProviderError::invalid_input("tencent", format!("cannot serialize the request: {e}"))
        })?;
        self.call_raw("tencent", action, body).await
    }

    async fn call_raw(
        &self,
        provider: &str,
        action: &str,
        body: Vec<u8>,
    ) -> Result<Value, ProviderError> {
        let span = tracing::info_span!(
            "tencent.call",
            provider,
            action,
            request_id = tracing::field::Empty,
            attempts = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
            outcome = tracing::field::Empty,
        );
        let started = Instant::now();
        let result = async {
            let mut attempt = 0;
            loop {
                attempt += 1;
                let r = self.attempt(provider, action, &body).await;
                match r {
                    Err(e) if e.is_retryable() && attempt < self.inner.retry.max_attempts => {
                        let delay = self.inner.retry.delay(attempt - 1);
                        tracing::debug!(
                            attempt,
                            kind = %e.kind(),
                            code = e.code().unwrap_or(""),
                            delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                            "retrying"
                        );
                        tokio::time::sleep(delay).await;
                    }
                    other => break (other, attempt),
                }
            }
        }
        .instrument(span.clone())
        .await;
        let (result, attempts) = result;
        let latency = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        span.record("attempts", attempts);
        span.record("latency_ms", latency);
        match &result {
            Ok(v) => {
                if let Some(r) = v
                    .get("Response")
                    .and_then(|r| r.get("RequestId"))
                    .and_then(Value::as_str)
                {
                    span.record("request_id", r);
                }
                span.record("outcome", "ok");
                span.in_scope(|| tracing::info!(latency_ms = latency, attempts, "call succeeded"));
            }
            Err(e) => {
                if let Some(r) = e.request_id() {
                    span.record("request_id", r);
                }
                span.record("outcome", e.kind().as_str());
                span.in_scope(|| {
                    tracing::warn!(
                        latency_ms = latency,
                        attempts,
                        kind = %e.kind(),
                        code = e.code().unwrap_or(""),
                        "call failed"
                    );
                });
            }
        }
        result
    }

    async fn attempt(
        &self,
        provider: &str,
        action: &str,
        body: &[u8],
    ) -> Result<Value, ProviderError> {
        let inner = &self.inner;
        let timestamp = (inner.clock)();
        let signed = sign::sign(
            &inner.credentials,
            timestamp,
            &inner.host,
            CONTENT_TYPE,
            body,
            SERVICE,
        );
        let mut req = inner
            .http
            .post(inner.url.clone())
            .timeout(inner.timeout)
            .header("X-TC-Action", action)
            .header("X-TC-Version", API_VERSION)
            .body(body.to_vec());
        for (name, value) in signed.to_pairs() {
            req = req.header(name, value);
        }
        if let Some(region) = &inner.region {
            req = req.header("X-TC-Region", region);
        }
        if let Some(lang) = inner.language {
            req = req.header("X-TC-Language", lang.as_str());
        }
        let resp = req
            .send()
            .await
            .map_err(|e| transport_error(provider, &inner.url, e))?;
        let status = resp.status();
        let content_type = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        let bytes = resp
            .bytes()
            .await
            .map_err(|e| transport_error(provider, &inner.url, e))?;
        crate::response::interpret(provider, action, status.as_u16(), &content_type, &bytes)
    }
}

fn transport_error(provider: &str, url: &Url, e: reqwest::Error) -> ProviderError {
    let (kind, what) = if e.is_timeout() {
        (ErrorKind::Timeout, "timed out")
    } else if e.is_connect() {
        (ErrorKind::Network, "could not connect")
    } else {
        (ErrorKind::Network, "failed")
    };
    // reqwest's messages name the URL, never headers, so no secret can leak through them.
    let message = format!("the request to {url} {what}: {e}");
    ProviderError::new(provider, kind, message)
        .with_retryable(true)
        .with_source(e)
}

/// [`errors::provider_error`] re-exported for the response interpreter.
pub(crate) fn envelope_error(
    provider: &str,
    code: &str,
    message: &str,
    request_id: Option<&str>,
) -> ProviderError {
    errors::provider_error(provider, code, message, request_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        let (u, h) = parse_endpoint("http://127.0.0.1:8080").unwrap();
        assert_eq!(
            (u.as_str(), h.as_str()),
            ("http://127.0.0.1:8080/", "127.0.0.1:8080")
        );
        let (_, h) = parse_endpoint("ocr.tencentcloudapi.com").unwrap();
        assert_eq!(h, "ocr.tencentcloudapi.com");
        let (_, h) = parse_endpoint("https://ocr.tencentcloudapi.com:443/").unwrap();
        assert_eq!(
            h, "ocr.tencentcloudapi.com",
            "default port is not part of Host"
        );
        let (_, h) = parse_endpoint("http://localhost:80").unwrap();
        assert_eq!(h, "localhost");
        assert!(parse_endpoint("ftp://x").is_err());
        assert!(parse_endpoint("http://x/api").is_err());
        assert!(parse_endpoint("http://").is_err());
    }

    #[test]
    fn backoff_doubles_and_caps() {
        let p = RetryPolicy::new(5, Duration::from_millis(100));
        assert_eq!(p.delay(0), Duration::from_millis(100));
        assert_eq!(p.delay(1), Duration::from_millis(200));
        assert_eq!(p.delay(10), Duration::from_secs(5));
        assert_eq!(RetryPolicy::none().max_attempts, 1);
    }

    #[test]
    fn build_resolves_credentials_from_the_injected_chain() {
        let chain = CredentialsChain::new()
            .with_env(|_| None)
            .with_home_dir(None)
            .with_system_file(None);
        let err = TencentClient::builder()
            .credentials_chain(chain.clone())
            .build()
            .unwrap_err();
        assert!(
            err.to_string().contains("no Tencent Cloud credentials"),
            "{err}"
        );
        let c = TencentClient::builder()
            .credentials_chain(chain.with_env(|k| match k {
                "TENCENTCLOUD_SECRET_ID" => Some("AKIDenv".into()),
                "TENCENTCLOUD_SECRET_KEY" => Some("k".into()),
                _ => None,
            }))
            .build()
            .unwrap();
        assert_eq!(c.secret_id(), "AKIDenv");
    }
}

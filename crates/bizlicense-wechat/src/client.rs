//! [`WechatClient`]: runs any [`OcrEndpoint`] with a managed access token.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use backon::{ExponentialBuilder, Retryable};
use bizlicense_core::{ErrorKind, LicenseImage, ProviderError};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::multipart::{Form, Part};
use tracing::Instrument;
use tracing::field::Empty;

use crate::codes::{self, Action};
use crate::http::{describe_bad_json, excerpt, scrub, transport_error};
use crate::wire::BizLicenseResponse;
use crate::wire::{Envelope, IdCardResponse};
use crate::{AccessToken, BizLicense, IdCard, IdCardMode, OcrEndpoint, TokenManager};

/// RFC 3986 unreserved characters stay; everything else in a query value is percent-encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// How the client retries WeChat's `-1` (system busy): exponential backoff, bounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct BackoffPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: usize,
    /// The first delay.
    pub min_delay: Duration,
    /// The largest delay.
    pub max_delay: Duration,
}

impl Default for BackoffPolicy {
    fn default() -> Self {
        BackoffPolicy {
            max_retries: 3,
            min_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
        }
    }
}

impl BackoffPolicy {
    /// `max_retries` retries, delays from `min_delay` doubling up to `max_delay`.
    pub fn new(max_retries: usize, min_delay: Duration, max_delay: Duration) -> Self {
        BackoffPolicy {
            max_retries,
            min_delay,
            max_delay,
        }
    }

    /// No retries at all.
    pub fn none() -> Self {
        BackoffPolicy {
            max_retries: 0,
            ..Default::default()
        }
    }
}

/// A parsed answer and the JSON it came from.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct OcrOutput<R> {
    /// The typed answer.
    pub response: R,
    /// The answer's JSON, as received.
    pub raw: serde_json::Value,
}

/// A WeChat OCR client: one AppID, one token manager, any [`OcrEndpoint`].
///
/// Build it with [`WechatClient::builder`]; cheap to clone (shared state).
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use bizlicense_core::LicenseImage;
/// use bizlicense_wechat::{TokenEndpoint, WechatClient};
///
/// let client = WechatClient::from_env()          // WECHAT_APP_ID / WECHAT_APP_SECRET
///     .token_endpoint(TokenEndpoint::Stable)
///     .build()?;
/// let image = LicenseImage::from_url("https://example.com/license.jpg")?;
/// let answer = client.bizlicense(&image).await?;
/// println!("{:?}", answer.response.enterprise_name);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct WechatClient {
    pub(crate) inner: Arc<ClientInner>,
}

pub(crate) struct ClientInner {
    pub http: reqwest::Client,
    pub api_base: String,
    pub timeout: Duration,
    pub backoff: BackoffPolicy,
    pub tokens: TokenManager,
}

impl fmt::Debug for WechatClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WechatClient")
            .field("api_base", &self.inner.api_base)
            .field("timeout", &self.inner.timeout)
            .field("backoff", &self.inner.backoff)
            .field("tokens", &self.inner.tokens)
            .finish()
    }
}

/// A failed attempt and what to do about it.
struct Failure {
    error: ProviderError,
    action: Action,
}

impl Failure {
    fn fail(error: ProviderError) -> Self {
        Failure {
            error,
            action: Action::Fail,
        }
    }
}

impl WechatClient {
    /// The token manager (for other WeChat APIs that need the same token).
    pub fn token_manager(&self) -> &TokenManager {
        &self.inner.tokens
    }

    /// The API base URL (no trailing slash).
    pub fn api_base(&self) -> &str {
        &self.inner.api_base
    }

    /// A [`LicenseReader`](bizlicense_core::LicenseReader) over this client (id `"wechat"`).
    pub fn reader(&self) -> crate::WechatReader {
        crate::WechatReader::new(self.clone())
    }

    /// 营业执照 OCR (`/cv/ocr/bizlicense`).
    pub async fn bizlicense(
        &self,
        image: &LicenseImage,
    ) -> Result<OcrOutput<BizLicenseResponse>, ProviderError> {
        self.ocr(&BizLicense, image).await
    }

    /// 身份证 OCR (`/cv/ocr/idcard?type=...`).
    pub async fn idcard(
        &self,
        mode: IdCardMode,
        image: &LicenseImage,
    ) -> Result<OcrOutput<IdCardResponse>, ProviderError> {
        self.ocr(&IdCard { mode }, image).await
    }

    /// Run `endpoint` on `image`: by `img_url` for a URL image, by multipart upload (`img`, with
    /// a filename and the image's content type) for bytes.
    ///
    /// Checks the image size before any I/O; retries `-1` with backoff; on a token error
    /// (40001/40014/42001) refreshes the token and retries once.
    pub async fn ocr<E: OcrEndpoint>(
        &self,
        endpoint: &E,
        image: &LicenseImage,
    ) -> Result<OcrOutput<E::Response>, ProviderError> {
        let provider = E::PROVIDER_ID;
        if let Err(e) = image.check_max_len(E::MAX_IMAGE_BYTES, provider) {
            return Err(ProviderError::invalid_input(provider, e.to_string()).with_source(e));
        }
        let span = tracing::info_span!(
            "wechat.ocr",
            provider,
            action = E::PATH,
            image = if image.url().is_some() {
                "url"
            } else {
                "upload"
            },
            attempts = Empty,
            token_retried = Empty,
            errcode = Empty,
            outcome = Empty,
            latency_ms = Empty,
        );
        async {
            let started = Instant::now();
            let result = self.ocr_with_token_retry(endpoint, image).await;
            let span = tracing::Span::current();
            span.record("latency_ms", started.elapsed().as_millis() as u64);
            match &result {
                Ok(_) => {
                    span.record("outcome", "ok");
                    tracing::info!("WeChat OCR succeeded");
                }
                Err(e) => {
                    span.record("outcome", e.kind().as_str());
                    if let Some(code) = e.code() {
                        span.record("errcode", code);
                    }
                    tracing::warn!(error = %e, "WeChat OCR failed");
                }
            }
            result
        }
        .instrument(span)
        .await
    }

    async fn ocr_with_token_retry<E: OcrEndpoint>(
        &self,
        endpoint: &E,
        image: &LicenseImage,
    ) -> Result<OcrOutput<E::Response>, ProviderError> {
        let provider = E::PROVIDER_ID;
        let tokens = &self.inner.tokens;
        let mut token = tokens
            .access_token()
            .await
            .map_err(|e| e.into_provider_error(provider))?;
        let mut token_retried = false;
        loop {
            match self.call_with_backoff(endpoint, image, &token).await {
                Ok(out) => return Ok(out),
                Err(f) if f.action == Action::RefreshToken && !token_retried => {
                    token_retried = true;
                    tracing::Span::current().record("token_retried", true);
                    tracing::debug!(code = ?f.error.code(), "access token rejected; retrying once");
                    token = tokens
                        .token_rejected(&token)
                        .await
                        .map_err(|e| e.into_provider_error(provider))?;
                }
                Err(f) => return Err(f.error),
            }
        }
    }

    async fn call_with_backoff<E: OcrEndpoint>(
        &self,
        endpoint: &E,
        image: &LicenseImage,
        token: &AccessToken,
    ) -> Result<OcrOutput<E::Response>, Failure> {
        let policy = self.inner.backoff;
        let backoff = ExponentialBuilder::default()
            .with_min_delay(policy.min_delay)
            .with_max_delay(policy.max_delay)
            .with_max_times(policy.max_retries)
            .with_jitter();
        let mut attempts: u64 = 0;
        let result = (|| {
            attempts += 1;
            self.call_once(endpoint, image, token)
        })
        .retry(backoff)
        .when(|f: &Failure| f.action == Action::Backoff)
        .notify(|f: &Failure, after: Duration| {
            tracing::debug!(code = ?f.error.code(), ?after, "WeChat busy; retrying");
        })
        .await;
        tracing::Span::current().record("attempts", attempts);
        result
    }

    /// The request URL; `token` is the real token or a redaction marker for logs.
    fn url<E: OcrEndpoint>(&self, endpoint: &E, image: &LicenseImage, token: &str) -> String {
        let mut url = format!(
            "{}{}?access_token={}",
            self.inner.api_base,
            E::PATH,
            utf8_percent_encode(token, QUERY_VALUE)
        );
        let mut push = |k: &str, v: &str| {
            url.push('&');
            url.push_str(k);
            url.push('=');
            url.extend(utf8_percent_encode(v, QUERY_VALUE));
        };
        for (k, v) in endpoint.extra_query() {
            push(k, &v);
        }
        if let Some(u) = image.url() {
            push("img_url", u);
        }
        url
    }

    async fn call_once<E: OcrEndpoint>(
        &self,
        endpoint: &E,
        image: &LicenseImage,
        token: &AccessToken,
    ) -> Result<OcrOutput<E::Response>, Failure> {
        let provider = E::PROVIDER_ID;
        let secret = token.expose_secret();
        let secrets = [secret, self.inner.tokens.app_secret()];
        tracing::debug!(url = %self.url(endpoint, image, "[REDACTED]"), "POST");
        let mut request = self
            .inner
            .http
            .post(self.url(endpoint, image, secret))
            .timeout(self.inner.timeout);
        if let LicenseImage::Bytes { data, format } = image {
            let part = Part::bytes(data.to_vec())
                .file_name(format!("image.{}", format.extension()))
                .mime_str(format.mime_type())
                .map_err(|e| {
                    Failure::fail(
                        ProviderError::invalid_input(provider, "bad image content type")
                            .with_source(e.without_url()),
                    )
                })?;
            request = request.multipart(Form::new().part("img", part));
        }
        let what = format!("WeChat {}", E::PATH);
        let fail = |e: reqwest::Error| {
            let (kind, message, e) = transport_error(e, &what);
            Failure::fail(ProviderError::new(provider, kind, message).with_source(e))
        };
        let response = request.send().await.map_err(fail)?;
        let status = response.status();
        let body = response.bytes().await.map_err(fail)?;
        let protocol = |message: String| {
            Failure::fail(ProviderError::new(provider, ErrorKind::Protocol, message))
        };
        if status != reqwest::StatusCode::OK {
            // WeChat answers its errors inside a 200: another status came from a gateway.
            let kind = ErrorKind::for_unexpected_http_status(status.as_u16());
            return Err(Failure::fail(ProviderError::new(
                provider,
                kind,
                format!(
                    "{what} answered HTTP {status} instead of 200: {}",
                    excerpt(&body, &secrets)
                ),
            )));
        }
        let raw: serde_json::Value = serde_json::from_slice(&body)
            .map_err(|e| protocol(format!("{what} answered {}", describe_bad_json(&body, &e))))?;
        // serde reads a struct from a JSON array too: `[]` would pass as an empty success.
        if !raw.is_object() {
            return Err(protocol(format!(
                "{what} answered JSON that is not an object: {}",
                excerpt(&body, &secrets)
            )));
        }
        let envelope: Envelope = serde_json::from_value(raw.clone())
            .map_err(|e| protocol(format!("{what} answered an unreadable errcode/errmsg: {e}")))?;
        if !envelope.errcode.is_ok() {
            let errmsg = scrub(envelope.errmsg.as_deref().unwrap_or(""), &secrets);
            return Err(failure_for_code(provider, envelope.errcode.0, &errmsg));
        }
        let response = serde_json::from_value(raw.clone())
            .map_err(|e| protocol(format!("{what} answered JSON of an unexpected shape: {e}")))?;
        Ok(OcrOutput { response, raw })
    }
}

/// An error answer (`errcode` != 0) as a failure: kind and action from the one table.
fn failure_for_code(provider: &str, code: i64, errmsg: &str) -> Failure {
    let (kind, action, hint) = codes::lookup(code).map_or(
        (ErrorKind::Other, Action::Fail, "unexpected WeChat error"),
        |r| (r.kind, r.action, r.hint),
    );
    let mut error = ProviderError::new(provider, kind, format!("{hint} ({errmsg})"))
        .with_code(code.to_string());
    if let Some(rid) = request_id(errmsg) {
        error = error.with_request_id(rid);
    }
    Failure { error, action }
}

/// WeChat appends `rid: <id>` to `errmsg`; that is the request id to quote to support.
fn request_id(errmsg: &str) -> Option<&str> {
    let (_, rest) = errmsg.rsplit_once("rid:")?;
    let rid = rest.split_whitespace().next()?;
    Some(rid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_id_is_taken_from_errmsg() {
        assert_eq!(
            request_id(
                "invalid credential, access_token is invalid or not latest rid: 6614ab2c-1f2e"
            ),
            Some("6614ab2c-1f2e")
        );
        assert_eq!(request_id("system error"), None);
    }

    #[test]
    fn every_table_code_becomes_its_kind() {
        for row in codes::TABLE {
            let f = failure_for_code("wechat", row.code, "x rid: r1");
            assert_eq!(f.error.kind(), row.kind, "{}", row.code);
            assert_eq!(f.action, row.action, "{}", row.code);
            assert_eq!(f.error.code(), Some(row.code.to_string().as_str()));
            assert_eq!(f.error.request_id(), Some("r1"));
        }
        let f = failure_for_code("wechat", 12345, "new");
        assert_eq!(f.error.kind(), ErrorKind::Other);
        assert_eq!(f.action, Action::Fail);
    }
}

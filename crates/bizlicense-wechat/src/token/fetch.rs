//! One request to a token endpoint, and what its errors mean.

use bizlicense_core::ErrorKind;
use jiff::SignedDuration;
use secrecy::{ExposeSecret, SecretString};
use tracing::Instrument;

use super::{AccessToken, TokenEndpoint, TokenError};
use crate::clock::Clock;
use crate::codes;
use crate::http::{describe_bad_json, excerpt, scrub, transport_error};
use crate::wire::{ClassicTokenQuery, StableTokenRequest, TokenResponse};

/// Tokens claiming to live longer than this are capped (WeChat's own maximum is 7200 s).
const MAX_LIFETIME_SECS: i64 = 24 * 3600;

/// What the manager needs to fetch a token.
pub(crate) struct Fetcher {
    pub http: reqwest::Client,
    pub api_base: String,
    pub app_id: String,
    pub secret: SecretString,
    pub endpoint: TokenEndpoint,
    pub timeout: std::time::Duration,
}

impl Fetcher {
    /// Fetch a new token (`force` = `force_refresh` on the stable endpoint).
    pub async fn fetch(&self, clock: &dyn Clock, force: bool) -> Result<AccessToken, TokenError> {
        let span = tracing::debug_span!(
            "wechat.token_fetch",
            endpoint = self.endpoint.path(),
            force_refresh = force,
            expires_in = tracing::field::Empty,
            errcode = tracing::field::Empty,
        );
        async {
            let result = self.fetch_inner(clock, force).await;
            match &result {
                Ok(t) => {
                    let secs = t.expires_at().duration_since(t.fetched_at()).as_secs();
                    tracing::Span::current().record("expires_in", secs);
                    tracing::debug!("access token fetched");
                }
                Err(e) => {
                    if let Some(code) = e.code() {
                        tracing::Span::current().record("errcode", code);
                    }
                    tracing::warn!(kind = %e.kind(), error = %e, "access token fetch failed");
                }
            }
            result
        }
        .instrument(span)
        .await
    }

    async fn fetch_inner(&self, clock: &dyn Clock, force: bool) -> Result<AccessToken, TokenError> {
        let url = format!("{}{}", self.api_base, self.endpoint.path());
        let request = match self.endpoint {
            TokenEndpoint::Stable => self.http.post(&url).json(&StableTokenRequest {
                grant_type: "client_credential".into(),
                appid: self.app_id.clone(),
                secret: self.secret.clone(),
                force_refresh: force,
            }),
            TokenEndpoint::Classic => self.http.get(&url).query(&ClassicTokenQuery {
                grant_type: "client_credential".into(),
                appid: self.app_id.clone(),
                secret: self.secret.clone(),
            }),
        };
        let what = format!("token endpoint {}", self.endpoint.path());
        let fail = |e: reqwest::Error| {
            let (kind, message, e) = transport_error(e, &what);
            TokenError::new(kind, message).with_source(e)
        };
        let response = request.timeout(self.timeout).send().await.map_err(fail)?;
        let status = response.status();
        let body = response.bytes().await.map_err(fail)?;
        let secrets = [self.secret.expose_secret()];
        if status != reqwest::StatusCode::OK {
            return Err(TokenError::new(
                ErrorKind::for_unexpected_http_status(status.as_u16()),
                format!(
                    "{what} answered HTTP {status} instead of 200: {}",
                    excerpt(&body, &secrets)
                ),
            ));
        }
        let answer: TokenResponse = serde_json::from_slice(&body).map_err(|e| {
            TokenError::new(
                ErrorKind::Protocol,
                format!("{what} answered {}", describe_bad_json(&body, &e)),
            )
        })?;
        if let Some(code) = answer.errcode.filter(|c| !c.is_ok()) {
            let errmsg = scrub(answer.errmsg.as_deref().unwrap_or(""), &secrets);
            return Err(self.endpoint_error(code.0, &errmsg));
        }
        let token = answer
            .access_token
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                TokenError::new(
                    ErrorKind::Protocol,
                    format!("{what} answered without an access_token"),
                )
            })?;
        let expires_in = answer.expires_in.filter(|s| *s > 0).ok_or_else(|| {
            TokenError::new(
                ErrorKind::Protocol,
                format!("{what} answered without a positive expires_in"),
            )
        })?;
        let now = clock.now();
        let life = SignedDuration::from_secs(expires_in.min(MAX_LIFETIME_SECS));
        let expires_at = now.checked_add(life).unwrap_or(jiff::Timestamp::MAX);
        Ok(AccessToken::new(token, now, expires_at))
    }

    /// An error answered by the token endpoint itself: never retried in a loop; the message
    /// says what to fix.
    fn endpoint_error(&self, code: i64, errmsg: &str) -> TokenError {
        let hint = match code {
            // From the token endpoint 40001 is about the secret, not a token.
            40001 => {
                "the AppSecret is wrong: copy it again from the WeChat admin console (开发 > 基本配置) into WECHAT_APP_SECRET"
            }
            _ => codes::lookup(code).map_or("unexpected error", |r| r.hint),
        };
        let kind = match code {
            40001 => ErrorKind::Auth,
            _ => codes::lookup(code).map_or(ErrorKind::Other, |r| r.kind),
        };
        TokenError::new(
            kind,
            format!(
                "fetching an access token for AppID {} failed: {hint} (errcode {code}: {errmsg})",
                self.app_id
            ),
        )
        .with_code(code)
    }
}

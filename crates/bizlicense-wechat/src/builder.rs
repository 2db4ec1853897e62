//! [`WechatClientBuilder`]: credentials, endpoints, timeouts, clock and token store.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;

use crate::client::{BackoffPolicy, ClientInner, WechatClient};
use crate::token::{Fetcher, TokenTiming};
use crate::{Clock, MemoryTokenStore, SystemClock, TokenEndpoint, TokenManager, TokenStore};

/// The default API base.
pub const DEFAULT_API_BASE: &str = "https://api.weixin.qq.com";
/// The environment variable read for the AppID.
pub const ENV_APP_ID: &str = "WECHAT_APP_ID";
/// The environment variable read for the AppSecret.
pub const ENV_APP_SECRET: &str = "WECHAT_APP_SECRET";

type EnvLookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Why a [`WechatClient`] could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// No AppID given.
    #[error("no WeChat AppID: call .app_id(..) or set {ENV_APP_ID}")]
    MissingAppId,
    /// No AppSecret given.
    #[error("no WeChat AppSecret: call .app_secret(..) or set {ENV_APP_SECRET}")]
    MissingAppSecret,
    /// The API base is not an http(s) URL.
    #[error("invalid API base {url:?}: it must start with http:// or https://")]
    InvalidApiBase {
        /// What was given.
        url: String,
    },
    /// The HTTP client could not be created.
    #[error("could not create the HTTP client: {0}")]
    HttpClient(#[source] reqwest::Error),
}

/// Builds a [`WechatClient`].
///
/// ```
/// use std::time::Duration;
/// use bizlicense_wechat::{TokenEndpoint, WechatClient};
///
/// let client = WechatClient::builder()
///     .app_id("wx0123456789abcdef")
///     .app_secret("not-a-real-secret")
///     .api_base("http://127.0.0.1:9000")          // default https://api.weixin.qq.com
///     .token_endpoint(TokenEndpoint::Classic)
///     .timeout(Duration::from_secs(5))
///     .build()
///     .unwrap();
/// assert_eq!(client.api_base(), "http://127.0.0.1:9000");
/// assert!(!format!("{client:?}").contains("not-a-real-secret"));
/// ```
#[must_use]
pub struct WechatClientBuilder {
    app_id: Option<String>,
    app_secret: Option<SecretString>,
    api_base: String,
    token_endpoint: TokenEndpoint,
    timeout: Duration,
    http_client: Option<reqwest::Client>,
    clock: Arc<dyn Clock>,
    token_store: Option<Arc<dyn TokenStore>>,
    timing: TokenTiming,
    backoff: BackoffPolicy,
    env: Option<EnvLookup>,
}

impl fmt::Debug for WechatClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WechatClientBuilder")
            .field("app_id", &self.app_id)
            .field(
                "app_secret",
                &self.app_secret.as_ref().map(|_| "[REDACTED]"),
            )
            .field("api_base", &self.api_base)
            .field("token_endpoint", &self.token_endpoint)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Default for WechatClientBuilder {
    fn default() -> Self {
        WechatClientBuilder {
            app_id: None,
            app_secret: None,
            api_base: DEFAULT_API_BASE.to_owned(),
            token_endpoint: TokenEndpoint::default(),
            timeout: Duration::from_secs(10),
            http_client: None,
            clock: Arc::new(SystemClock),
            token_store: None,
            timing: TokenTiming::default(),
            backoff: BackoffPolicy::default(),
            env: None,
        }
    }
}

impl WechatClient {
    /// A builder with defaults: stable tokens, `https://api.weixin.qq.com`, 10 s timeout,
    /// in-memory token store, system clock. Reads no environment.
    pub fn builder() -> WechatClientBuilder {
        WechatClientBuilder::default()
    }

    /// A builder that falls back to `WECHAT_APP_ID` / `WECHAT_APP_SECRET` for credentials not
    /// given explicitly.
    pub fn from_env() -> WechatClientBuilder {
        WechatClientBuilder::default().env(|k| std::env::var(k).ok())
    }
}

impl WechatClientBuilder {
    /// The AppID (`wx...`).
    pub fn app_id(mut self, app_id: impl Into<String>) -> Self {
        self.app_id = Some(app_id.into());
        self
    }

    /// The AppSecret; kept as a [`SecretString`].
    pub fn app_secret(mut self, secret: impl Into<String>) -> Self {
        self.app_secret = Some(SecretString::from(secret.into()));
        self
    }

    /// Where the API lives (default `https://api.weixin.qq.com`); point it at the emulator or a
    /// mock server.
    pub fn api_base(mut self, url: impl Into<String>) -> Self {
        self.api_base = url.into();
        self
    }

    /// Which endpoint issues tokens (default [`TokenEndpoint::Stable`]).
    pub fn token_endpoint(mut self, endpoint: TokenEndpoint) -> Self {
        self.token_endpoint = endpoint;
        self
    }

    /// Per-request timeout (default 10 s), applied to token and OCR requests.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Use this HTTP client (connection pool, proxy, TLS settings) instead of a new one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The clock deciding token expiry (default the system clock).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Where tokens are kept (default a new [`MemoryTokenStore`]). Pass an `Arc` to share one
    /// store between clients.
    pub fn token_store(mut self, store: impl TokenStore + 'static) -> Self {
        self.token_store = Some(Arc::new(store));
        self
    }

    /// How long before expiry to refresh (default 5 minutes; never more than half the token's
    /// lifetime).
    pub fn refresh_ahead(mut self, ahead: Duration) -> Self {
        self.timing.refresh_ahead = ahead;
        self
    }

    /// The TTL of the store's refresh lease (default 30 s) and how long to wait for another
    /// holder's refresh before trying again (default 10 s; at most twice).
    pub fn refresh_lease(mut self, ttl: Duration, wait: Duration) -> Self {
        self.timing.lease_ttl = ttl;
        self.timing.lease_wait = wait;
        self
    }

    /// How `-1` (system busy) is retried (default 3 retries, 200 ms to 5 s).
    pub fn backoff(mut self, policy: BackoffPolicy) -> Self {
        self.backoff = policy;
        self
    }

    /// Look credentials not given explicitly up with `lookup` (`WECHAT_APP_ID`,
    /// `WECHAT_APP_SECRET`); tests pass a map instead of the process environment.
    pub fn env(mut self, lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        self.env = Some(Arc::new(lookup));
        self
    }

    /// Build the client. Fails when credentials are missing or the API base is not http(s).
    pub fn build(self) -> Result<WechatClient, BuildError> {
        let from_env = |key: &str| {
            self.env
                .as_ref()
                .and_then(|f| f(key))
                .filter(|v| !v.trim().is_empty())
        };
        let app_id = self
            .app_id
            .clone()
            .or_else(|| from_env(ENV_APP_ID))
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty())
            .ok_or(BuildError::MissingAppId)?;
        let secret = match self.app_secret.clone() {
            Some(s) => s,
            None => {
                SecretString::from(from_env(ENV_APP_SECRET).ok_or(BuildError::MissingAppSecret)?)
            }
        };
        let api_base = self.api_base.trim().trim_end_matches('/').to_owned();
        if !(api_base.starts_with("http://") || api_base.starts_with("https://"))
            || api_base.len() <= "https://".len()
        {
            return Err(BuildError::InvalidApiBase { url: self.api_base });
        }
        let http = match self.http_client {
            Some(c) => c,
            None => reqwest::Client::builder()
                .timeout(self.timeout)
                .build()
                .map_err(BuildError::HttpClient)?,
        };
        let store = self
            .token_store
            .unwrap_or_else(|| Arc::new(MemoryTokenStore::new()));
        let fetcher = Fetcher {
            http: http.clone(),
            api_base: api_base.clone(),
            app_id,
            secret,
            endpoint: self.token_endpoint,
            timeout: self.timeout,
        };
        let tokens = TokenManager::new(fetcher, store, self.clock, self.timing);
        Ok(WechatClient {
            inner: Arc::new(ClientInner {
                http,
                api_base,
                timeout: self.timeout,
                backoff: self.backoff,
                tokens,
            }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn credentials_come_from_the_injected_env_when_not_explicit() {
        let c = WechatClient::builder()
            .env(env(&[(ENV_APP_ID, "wxenv"), (ENV_APP_SECRET, "envsecret")]))
            .build()
            .unwrap();
        assert!(format!("{c:?}").contains("wxenv"));
        assert!(!format!("{c:?}").contains("envsecret"));
        let c = WechatClient::builder()
            .app_id("wxexplicit")
            .env(env(&[(ENV_APP_ID, "wxenv"), (ENV_APP_SECRET, "envsecret")]))
            .build()
            .unwrap();
        assert!(format!("{c:?}").contains("wxexplicit"));
    }

    #[test]
    fn missing_credentials_say_what_to_set() {
        let e = WechatClient::builder().env(env(&[])).build().unwrap_err();
        assert!(matches!(e, BuildError::MissingAppId), "{e}");
        assert!(e.to_string().contains("WECHAT_APP_ID"));
        let e = WechatClient::builder()
            .env(env(&[(ENV_APP_ID, "wx1"), (ENV_APP_SECRET, " ")]))
            .build()
            .unwrap_err();
        assert!(matches!(e, BuildError::MissingAppSecret), "{e}");
        assert!(e.to_string().contains("WECHAT_APP_SECRET"));
    }

    #[test]
    fn api_base_is_checked_and_normalized() {
        let b = || WechatClient::builder().app_id("wx").app_secret("s");
        assert!(matches!(
            b().api_base("ftp://x").build().unwrap_err(),
            BuildError::InvalidApiBase { .. }
        ));
        assert_eq!(
            b().api_base("http://127.0.0.1:1/")
                .build()
                .unwrap()
                .api_base(),
            "http://127.0.0.1:1"
        );
        assert_eq!(b().build().unwrap().api_base(), DEFAULT_API_BASE);
    }
}

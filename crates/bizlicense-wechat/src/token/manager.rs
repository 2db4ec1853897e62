//! The access-token manager: cache, refresh ahead, single-flight, invalidation.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bizlicense_core::ErrorKind;

use super::fetch::Fetcher;
use super::{AccessToken, TokenError, TokenStore};
use crate::clock::Clock;

/// Which WeChat endpoint issues tokens.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenEndpoint {
    /// `POST /cgi-bin/stable_token`: returns the same token until it expires, so several
    /// fetchers do not invalidate each other. The default.
    #[default]
    Stable,
    /// `GET /cgi-bin/token`: every call issues a new token and invalidates the previous one after
    /// a short grace period.
    Classic,
}

impl TokenEndpoint {
    /// The endpoint's path.
    pub fn path(self) -> &'static str {
        match self {
            TokenEndpoint::Stable => "/cgi-bin/stable_token",
            TokenEndpoint::Classic => "/cgi-bin/token",
        }
    }

    fn key_part(self) -> &'static str {
        match self {
            TokenEndpoint::Stable => "stable",
            TokenEndpoint::Classic => "classic",
        }
    }
}

/// Timing knobs of the [`TokenManager`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TokenTiming {
    pub refresh_ahead: Duration,
    pub lease_ttl: Duration,
    pub lease_wait: Duration,
}

impl Default for TokenTiming {
    fn default() -> Self {
        TokenTiming {
            refresh_ahead: Duration::from_secs(300),
            lease_ttl: Duration::from_secs(30),
            lease_wait: Duration::from_secs(10),
        }
    }
}

/// Fetches, caches and refreshes WeChat access tokens for one AppID.
///
/// - Tokens are cached in a [`TokenStore`] with their expiry and refreshed ahead of it (5
///   minutes by default, at most half the token's lifetime).
/// - Single-flight: however many callers find the token stale at once, one fetch is made; the
///   others wait for it (or keep using the old token while it is still valid).
/// - Across processes, the store's lease makes one process refresh while the others wait for the
///   new token (bounded).
/// - [`token_rejected`](Self::token_rejected) handles 40001/40014/42001 from an API call.
///
/// Built by [`WechatClientBuilder`](crate::WechatClientBuilder); cheap to clone.
#[derive(Clone)]
pub struct TokenManager {
    inner: Arc<Inner>,
}

struct Inner {
    fetcher: Fetcher,
    store: Arc<dyn TokenStore>,
    clock: Arc<dyn Clock>,
    timing: TokenTiming,
    key: String,
    holder: String,
    // Serializes refreshes inside this process: the single flight.
    refresh_lock: tokio::sync::Mutex<()>,
    fetches: AtomicU64,
}

impl fmt::Debug for TokenManager {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenManager")
            .field("app_id", &self.inner.fetcher.app_id)
            .field("endpoint", &self.inner.fetcher.endpoint)
            .field("store", &self.inner.store)
            .field("timing", &self.inner.timing)
            .finish_non_exhaustive()
    }
}

static HOLDER_SEQ: AtomicU64 = AtomicU64::new(0);

impl TokenManager {
    pub(crate) fn new(
        fetcher: Fetcher,
        store: Arc<dyn TokenStore>,
        clock: Arc<dyn Clock>,
        timing: TokenTiming,
    ) -> Self {
        let key = format!(
            "wechat:access_token:{}:{}",
            fetcher.app_id,
            fetcher.endpoint.key_part()
        );
        let holder = format!(
            "pid{}-{}-{}",
            std::process::id(),
            HOLDER_SEQ.fetch_add(1, Ordering::Relaxed),
            clock.now().as_nanosecond()
        );
        TokenManager {
            inner: Arc::new(Inner {
                fetcher,
                store,
                clock,
                timing,
                key,
                holder,
                refresh_lock: tokio::sync::Mutex::new(()),
                fetches: AtomicU64::new(0),
            }),
        }
    }

    /// The store key this manager uses (one per AppID and endpoint).
    pub fn store_key(&self) -> &str {
        &self.inner.key
    }

    /// The AppSecret, only to scrub it from text the server sends back.
    pub(crate) fn app_secret(&self) -> &str {
        secrecy::ExposeSecret::expose_secret(&self.inner.fetcher.secret)
    }

    /// How many requests this manager has sent to the token endpoint (for metrics and tests).
    pub fn fetch_count(&self) -> u64 {
        self.inner.fetches.load(Ordering::Relaxed)
    }

    /// A valid token: the cached one while fresh, otherwise a new one (one fetch at a time).
    pub async fn access_token(&self) -> Result<AccessToken, TokenError> {
        let inner = &self.inner;
        let now = inner.clock.now();
        let cached = inner.store.get(&inner.key).await.map_err(store_error)?;
        if let Some(t) = &cached
            && self.is_fresh(t)
        {
            return Ok(t.clone());
        }
        let still_valid = cached.filter(|t| !t.is_expired_at(now));
        let _guard = match inner.refresh_lock.try_lock() {
            Ok(guard) => guard,
            Err(_) => {
                // Someone in this process is refreshing. A token that is only due for refresh
                // still works: use it rather than wait.
                if let Some(t) = still_valid {
                    return Ok(t);
                }
                inner.refresh_lock.lock().await
            }
        };
        match self.refresh_locked(None).await {
            Ok(t) => Ok(t),
            // A refresh ahead of expiry failed for a passing reason: the old token still works.
            Err(e) if e.kind().is_retryable() && still_valid.is_some() => {
                tracing::warn!(error = %e, "access token refresh failed; using the current token until it expires");
                still_valid.ok_or(e)
            }
            Err(e) => Err(e),
        }
    }

    /// WeChat rejected `failed` (40001, 40014, 42001): return the token to retry with.
    ///
    /// If `failed` is still the cached token it is invalidated and a new one fetched (once, for
    /// all callers that saw it fail); if another caller already replaced it, the newer token is
    /// returned without a fetch. Call this at most once per API call.
    pub async fn token_rejected(&self, failed: &AccessToken) -> Result<AccessToken, TokenError> {
        let inner = &self.inner;
        let _guard = inner.refresh_lock.lock().await;
        let cached = inner.store.get(&inner.key).await.map_err(store_error)?;
        match cached {
            Some(t) if !t.same_token(failed) && !t.is_expired_at(inner.clock.now()) => {
                tracing::debug!("access token already replaced by another caller");
                return Ok(t);
            }
            Some(t) if t.same_token(failed) => {
                tracing::debug!("invalidating the rejected access token");
                inner
                    .store
                    .compare_and_delete(&inner.key, &t)
                    .await
                    .map_err(store_error)?;
            }
            _ => {}
        }
        self.refresh_locked(Some(failed)).await
    }

    fn is_fresh(&self, t: &AccessToken) -> bool {
        self.inner.clock.now() < t.refresh_at(self.inner.timing.refresh_ahead)
    }

    fn usable(&self, t: &AccessToken, failed: Option<&AccessToken>) -> bool {
        self.is_fresh(t) && !failed.is_some_and(|f| t.same_token(f))
    }

    /// Called with the in-process refresh lock held. Takes the store's lease (other processes),
    /// or waits, bounded, for the holder's token.
    async fn refresh_locked(
        &self,
        failed: Option<&AccessToken>,
    ) -> Result<AccessToken, TokenError> {
        let inner = &self.inner;
        let store = &inner.store;
        for _ in 0..2 {
            let current = store.get(&inner.key).await.map_err(store_error)?;
            if let Some(t) = current.as_ref().filter(|t| self.usable(t, failed)) {
                return Ok(t.clone());
            }
            if store
                .acquire_lease(&inner.key, &inner.holder, inner.timing.lease_ttl)
                .await
                .map_err(store_error)?
            {
                let result = self.refresh_with_lease(failed).await;
                if let Err(e) = store.release_lease(&inner.key, &inner.holder).await {
                    // The lease expires by itself; nothing else to do.
                    tracing::warn!(error = %e, "could not release the token refresh lease");
                }
                return result;
            }
            tracing::debug!("another process is refreshing the access token; waiting");
            let changed = store
                .wait_for_change(&inner.key, current.as_ref(), inner.timing.lease_wait)
                .await
                .map_err(store_error)?;
            if let Some(t) = changed.filter(|t| self.usable(t, failed)) {
                return Ok(t);
            }
        }
        let now = inner.clock.now();
        match store.get(&inner.key).await.map_err(store_error)? {
            Some(t) if !t.is_expired_at(now) && !failed.is_some_and(|f| t.same_token(f)) => Ok(t),
            _ => Err(TokenError::new(
                ErrorKind::Unavailable,
                format!(
                    "another process has held the access-token refresh lease for over {:?} without storing a token",
                    inner.timing.lease_wait * 2
                ),
            )),
        }
    }

    async fn refresh_with_lease(
        &self,
        failed: Option<&AccessToken>,
    ) -> Result<AccessToken, TokenError> {
        let inner = &self.inner;
        // Another process may have finished a refresh between our look and our lease.
        let current = inner.store.get(&inner.key).await.map_err(store_error)?;
        if let Some(t) = current.as_ref().filter(|t| self.usable(t, failed)) {
            return Ok(t.clone());
        }
        let mut fresh = self.fetch(false).await?;
        if inner.fetcher.endpoint == TokenEndpoint::Stable
            && failed.is_some_and(|f| fresh.same_token(f))
        {
            // The stable endpoint handed back the token WeChat just rejected: force a new one.
            fresh = self.fetch(true).await?;
        }
        let stored = inner
            .store
            .compare_and_set(&inner.key, current.as_ref(), fresh.clone())
            .await
            .map_err(store_error)?;
        if !stored {
            // Someone stored a newer token meanwhile (our lease expired mid-fetch): prefer it.
            if let Some(t) = inner.store.get(&inner.key).await.map_err(store_error)?
                && self.usable(&t, failed)
            {
                return Ok(t);
            }
        }
        Ok(fresh)
    }

    async fn fetch(&self, force: bool) -> Result<AccessToken, TokenError> {
        self.inner.fetches.fetch_add(1, Ordering::Relaxed);
        self.inner
            .fetcher
            .fetch(self.inner.clock.as_ref(), force)
            .await
    }
}

fn store_error(e: super::StoreError) -> TokenError {
    TokenError::new(ErrorKind::Unavailable, e.to_string()).with_source(e)
}

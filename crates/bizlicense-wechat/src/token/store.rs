//! Where access tokens live between calls, and who may refresh them: [`TokenStore`].

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Notify;
use tokio::time::Instant;

/// An access token with the time it was fetched and the time it expires.
///
/// The token itself is a [`SecretString`]: `Debug` shows `[REDACTED]`.
#[derive(Clone)]
pub struct AccessToken {
    token: SecretString,
    fetched_at: Timestamp,
    expires_at: Timestamp,
}

impl AccessToken {
    /// A token fetched at `fetched_at`, valid until `expires_at`.
    pub fn new(token: impl Into<String>, fetched_at: Timestamp, expires_at: Timestamp) -> Self {
        AccessToken {
            token: SecretString::from(token.into()),
            fetched_at,
            expires_at,
        }
    }

    /// The token, for putting into a request. Never log it.
    pub fn expose_secret(&self) -> &str {
        self.token.expose_secret()
    }

    /// When it was fetched.
    pub fn fetched_at(&self) -> Timestamp {
        self.fetched_at
    }

    /// When WeChat stops accepting it.
    pub fn expires_at(&self) -> Timestamp {
        self.expires_at
    }

    /// Whether it has expired at `now`.
    pub fn is_expired_at(&self, now: Timestamp) -> bool {
        now >= self.expires_at
    }

    /// When to refresh it: `ahead` before expiry, but never earlier than half its lifetime, so a
    /// token handed out with a short remaining life (`expires_in: 345`) is still used.
    ///
    /// ```
    /// use std::time::Duration;
    /// use bizlicense_wechat::AccessToken;
    /// use jiff::{SignedDuration, Timestamp};
    ///
    /// let t0: Timestamp = "2024-05-01T00:00:00Z".parse().unwrap();
    /// let long = AccessToken::new("a", t0, t0 + SignedDuration::from_secs(7200));
    /// assert_eq!(long.refresh_at(Duration::from_secs(300)), t0 + SignedDuration::from_secs(6900));
    /// let short = AccessToken::new("b", t0, t0 + SignedDuration::from_secs(345));
    /// assert_eq!(short.refresh_at(Duration::from_secs(300)), t0 + SignedDuration::from_millis(172_500));
    /// ```
    pub fn refresh_at(&self, ahead: Duration) -> Timestamp {
        let lifetime = self.expires_at.duration_since(self.fetched_at);
        let ahead = SignedDuration::try_from(ahead).unwrap_or(SignedDuration::MAX);
        let half = lifetime / 2;
        let ahead = if ahead > half { half } else { ahead };
        let ahead = if ahead.is_negative() {
            SignedDuration::ZERO
        } else {
            ahead
        };
        self.expires_at
            .checked_sub(ahead)
            .unwrap_or(self.fetched_at)
    }

    /// Whether both hold the same token string (times aside).
    pub fn same_token(&self, other: &AccessToken) -> bool {
        self.expose_secret() == other.expose_secret()
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("token", &"[REDACTED]")
            .field("fetched_at", &self.fetched_at)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// A [`TokenStore`] failed (connection lost, bad data).
#[derive(Debug, thiserror::Error)]
#[error("token store: {message}")]
pub struct StoreError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl StoreError {
    /// An error with a message (never include a token in it).
    pub fn new(message: impl Into<String>) -> Self {
        StoreError {
            message: message.into(),
            source: None,
        }
    }

    /// Attach the cause.
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.source = Some(Box::new(source));
        self
    }
}

/// Where access tokens are kept, shared by every caller (and, for a shared store, by every
/// process) using one AppID.
///
/// # Contract
///
/// Keys are opaque strings chosen by the [`TokenManager`](crate::TokenManager) (one per AppID
/// and token endpoint). Implementations must make each operation atomic per key:
///
/// - [`get`](Self::get): the current token, or `None`. Expired tokens may be returned; the
///   manager checks expiry with its own clock.
/// - [`compare_and_set`](Self::compare_and_set): store `new` only if the current token is
///   `expected` (`None`: only if there is none); returns whether it was stored. This stops a slow
///   refresher from overwriting a newer token.
/// - [`compare_and_delete`](Self::compare_and_delete): remove the token only if it is `expected`
///   (used when WeChat rejected it); returns whether it was removed.
/// - [`acquire_lease`](Self::acquire_lease) / [`release_lease`](Self::release_lease): a lock
///   with a time to live, so only one holder fetches a new token at a time. Acquiring succeeds
///   when no lease exists, the existing lease has expired (its holder crashed), or `holder`
///   already holds it (then the TTL is renewed). Releasing removes the lease only if `holder`
///   holds it.
/// - [`wait_for_change`](Self::wait_for_change): wait, at most `timeout`, until the token is no
///   longer `current` (another holder stored a new one), and return what is stored then. The
///   default implementation polls [`get`](Self::get); stores with notifications (Redis pub/sub,
///   the in-memory store) can do better. It must return after `timeout` even if nothing changed.
///
/// A store shared by several processes (Redis, a database) is what lets a fleet use one token:
/// see `docs/providers/wechat.md`.
#[async_trait]
pub trait TokenStore: Send + Sync + fmt::Debug {
    /// The current token under `key`.
    async fn get(&self, key: &str) -> Result<Option<AccessToken>, StoreError>;

    /// Store `new` if the current token is `expected`; `true` when stored.
    async fn compare_and_set(
        &self,
        key: &str,
        expected: Option<&AccessToken>,
        new: AccessToken,
    ) -> Result<bool, StoreError>;

    /// Remove the token if it is `expected`; `true` when removed.
    async fn compare_and_delete(
        &self,
        key: &str,
        expected: &AccessToken,
    ) -> Result<bool, StoreError>;

    /// Take (or renew) the refresh lease for `ttl`; `true` when `holder` now holds it.
    async fn acquire_lease(
        &self,
        key: &str,
        holder: &str,
        ttl: Duration,
    ) -> Result<bool, StoreError>;

    /// Give the lease back if `holder` holds it.
    async fn release_lease(&self, key: &str, holder: &str) -> Result<(), StoreError>;

    /// Wait up to `timeout` for the token to differ from `current`; return what is stored then.
    async fn wait_for_change(
        &self,
        key: &str,
        current: Option<&AccessToken>,
        timeout: Duration,
    ) -> Result<Option<AccessToken>, StoreError> {
        let deadline = Instant::now() + timeout;
        loop {
            let now_stored = self.get(key).await?;
            if !same(now_stored.as_ref(), current) || Instant::now() >= deadline {
                return Ok(now_stored);
            }
            let step = Duration::from_millis(50).min(deadline - Instant::now());
            tokio::time::sleep(step).await;
        }
    }
}

fn same(a: Option<&AccessToken>, b: Option<&AccessToken>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => a.same_token(b),
        _ => false,
    }
}

#[async_trait]
impl<T: TokenStore + ?Sized> TokenStore for Arc<T> {
    async fn get(&self, key: &str) -> Result<Option<AccessToken>, StoreError> {
        (**self).get(key).await
    }
    async fn compare_and_set(
        &self,
        key: &str,
        expected: Option<&AccessToken>,
        new: AccessToken,
    ) -> Result<bool, StoreError> {
        (**self).compare_and_set(key, expected, new).await
    }
    async fn compare_and_delete(
        &self,
        key: &str,
        expected: &AccessToken,
    ) -> Result<bool, StoreError> {
        (**self).compare_and_delete(key, expected).await
    }
    async fn acquire_lease(
        &self,
        key: &str,
        holder: &str,
        ttl: Duration,
    ) -> Result<bool, StoreError> {
        (**self).acquire_lease(key, holder, ttl).await
    }
    async fn release_lease(&self, key: &str, holder: &str) -> Result<(), StoreError> {
        (**self).release_lease(key, holder).await
    }
    async fn wait_for_change(
        &self,
        key: &str,
        current: Option<&AccessToken>,
        timeout: Duration,
    ) -> Result<Option<AccessToken>, StoreError> {
        (**self).wait_for_change(key, current, timeout).await
    }
}

/// The default store: tokens and leases in this process's memory.
///
/// Enough for one process. Share one instance (`Arc`) between clients of the same AppID; for
/// several processes use a shared store.
#[derive(Debug, Default)]
pub struct MemoryTokenStore {
    state: Mutex<MemoryState>,
    changed: Notify,
}

#[derive(Debug, Default)]
struct MemoryState {
    tokens: HashMap<String, AccessToken>,
    leases: HashMap<String, (String, Instant)>,
}

impl MemoryTokenStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn state(&self) -> std::sync::MutexGuard<'_, MemoryState> {
        // A panic while holding this lock cannot leave the maps half-updated (each operation is
        // a single insert/remove), so a poisoned lock is safe to reuse.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[async_trait]
impl TokenStore for MemoryTokenStore {
    async fn get(&self, key: &str) -> Result<Option<AccessToken>, StoreError> {
        Ok(self.state().tokens.get(key).cloned())
    }

    async fn compare_and_set(
        &self,
        key: &str,
        expected: Option<&AccessToken>,
        new: AccessToken,
    ) -> Result<bool, StoreError> {
        let stored = {
            let mut state = self.state();
            if same(state.tokens.get(key), expected) {
                state.tokens.insert(key.to_owned(), new);
                true
            } else {
                false
            }
        };
        if stored {
            self.changed.notify_waiters();
        }
        Ok(stored)
    }

    async fn compare_and_delete(
        &self,
        key: &str,
        expected: &AccessToken,
    ) -> Result<bool, StoreError> {
        let removed = {
            let mut state = self.state();
            if same(state.tokens.get(key), Some(expected)) {
                state.tokens.remove(key);
                true
            } else {
                false
            }
        };
        if removed {
            self.changed.notify_waiters();
        }
        Ok(removed)
    }

    async fn acquire_lease(
        &self,
        key: &str,
        holder: &str,
        ttl: Duration,
    ) -> Result<bool, StoreError> {
        let now = Instant::now();
        let mut state = self.state();
        let free = match state.leases.get(key) {
            None => true,
            Some((h, until)) => h == holder || *until <= now,
        };
        if free {
            state
                .leases
                .insert(key.to_owned(), (holder.to_owned(), now + ttl));
        }
        Ok(free)
    }

    async fn release_lease(&self, key: &str, holder: &str) -> Result<(), StoreError> {
        let mut state = self.state();
        if state.leases.get(key).is_some_and(|(h, _)| h == holder) {
            state.leases.remove(key);
        }
        Ok(())
    }

    async fn wait_for_change(
        &self,
        key: &str,
        current: Option<&AccessToken>,
        timeout: Duration,
    ) -> Result<Option<AccessToken>, StoreError> {
        let deadline = Instant::now() + timeout;
        loop {
            let notified = self.changed.notified();
            tokio::pin!(notified);
            // Register before looking, so a change between the look and the wait is not lost.
            notified.as_mut().enable();
            let stored = self.get(key).await?;
            if !same(stored.as_ref(), current) {
                return Ok(stored);
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return self.get(key).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tok(s: &str) -> AccessToken {
        let t0: Timestamp = "2024-05-01T00:00:00Z".parse().unwrap();
        AccessToken::new(s, t0, t0 + SignedDuration::from_secs(7200))
    }

    // The compare-and-set/delete contract runs against this store in tests/memory_store.rs.

    #[tokio::test(start_paused = true)]
    async fn leases_exclude_others_until_released_or_expired() {
        let s = MemoryTokenStore::new();
        let ttl = Duration::from_secs(10);
        assert!(s.acquire_lease("k", "p1", ttl).await.unwrap());
        assert!(!s.acquire_lease("k", "p2", ttl).await.unwrap());
        assert!(s.acquire_lease("k", "p1", ttl).await.unwrap(), "renewal");
        s.release_lease("k", "p2").await.unwrap(); // not the holder: no effect
        assert!(!s.acquire_lease("k", "p2", ttl).await.unwrap());
        s.release_lease("k", "p1").await.unwrap();
        assert!(s.acquire_lease("k", "p2", ttl).await.unwrap());
        // p2 "crashes": its lease expires.
        tokio::time::advance(Duration::from_secs(11)).await;
        assert!(s.acquire_lease("k", "p3", ttl).await.unwrap());
    }

    #[tokio::test(start_paused = true)]
    async fn wait_for_change_wakes_on_store_and_is_bounded() {
        let s = Arc::new(MemoryTokenStore::new());
        s.compare_and_set("k", None, tok("a")).await.unwrap();
        let s2 = Arc::clone(&s);
        let waiter = tokio::spawn(async move {
            s2.wait_for_change("k", Some(&tok("a")), Duration::from_secs(30))
                .await
                .unwrap()
        });
        tokio::time::sleep(Duration::from_secs(1)).await;
        s.compare_and_set("k", Some(&tok("a")), tok("b"))
            .await
            .unwrap();
        assert_eq!(waiter.await.unwrap().unwrap().expose_secret(), "b");

        let got = s
            .wait_for_change("k", Some(&tok("b")), Duration::from_secs(5))
            .await
            .unwrap();
        assert_eq!(got.unwrap().expose_secret(), "b", "timed out unchanged");
    }

    #[test]
    fn debug_redacts_the_token() {
        let s = format!("{:?}", tok("SECRET-TOKEN"));
        assert!(!s.contains("SECRET-TOKEN"), "{s}");
    }
}

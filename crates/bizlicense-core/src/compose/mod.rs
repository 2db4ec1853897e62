//! Decorators that wrap any [`LicenseReader`](crate::LicenseReader) or
//! [`RegistryVerifier`](crate::RegistryVerifier) and are one themselves.
//!
//! Each decorator implements both traits for any inner type that implements them, so one
//! stack works for readers and verifiers alike, and for your own providers too:
//!
//! ```
//! # use std::time::Duration;
//! use bizlicense_core::compose::{ProviderExt, RetryPolicy};
//! use bizlicense_core::testing::MemoryProvider;
//!
//! let provider = MemoryProvider::new("my.registry")
//!     .instrumented()
//!     .with_retry(RetryPolicy::default())
//!     .with_timeout(Duration::from_secs(10))
//!     .with_rate_limit(20)
//!     .cached(Duration::from_secs(3600), 10_000);
//! # let _ = provider;
//! ```
//!
//! Order matters the way it reads: the outermost decorator sees every call first. A cache on
//! the outside means a hit costs no token from the rate limiter and no retry; a timeout inside a
//! retry bounds each attempt, outside it bounds the whole.

mod cache_store;
mod cached;
mod fallback;
mod instrumented;
mod rate_limit;
#[cfg(feature = "redis")]
mod redis_rate_limit;
mod retry;
#[cfg(feature = "sqlite")]
mod sqlite_cache;
mod timeout;

pub use cache_store::{CacheStore, CacheStoreError};
pub use cached::Cached;
pub use fallback::Fallback;
pub use instrumented::Instrumented;
pub use rate_limit::{Limiter, LocalLimiter, RateLimit};
#[cfg(feature = "redis")]
pub use redis_rate_limit::{RedisLimiterError, RedisRateLimiter};
pub use retry::{Retry, RetryPolicy};
#[cfg(feature = "sqlite")]
pub use sqlite_cache::SqliteCache;
pub use timeout::Timeout;

use std::time::Duration;

use crate::ErrorKind;

/// Fluent constructors for every decorator, available on any provider.
pub trait ProviderExt: Sized + Send + Sync + 'static {
    /// Retry retryable failures with exponential backoff ([`Retry`]).
    fn with_retry(self, policy: RetryPolicy) -> Retry<Self> {
        Retry::new(self, policy)
    }
    /// Fail with [`ErrorKind::Timeout`] when a call takes longer than `limit` ([`Timeout`]).
    fn with_timeout(self, limit: Duration) -> Timeout<Self> {
        Timeout::new(self, limit)
    }
    /// Allow at most `per_second` calls per second, waiting for a slot ([`RateLimit`]).
    ///
    /// # Panics
    /// If `per_second` is 0.
    fn with_rate_limit(self, per_second: u32) -> RateLimit<Self> {
        RateLimit::per_second(self, per_second)
    }
    /// On one of `kinds`, try `secondary` ([`Fallback`]).
    fn or_fallback<B>(self, secondary: B, kinds: &[ErrorKind]) -> Fallback<Self, B> {
        Fallback::new(self, secondary).on(kinds)
    }
    /// Cache successful answers for `ttl`, at most `max_entries` of them ([`Cached`]).
    fn cached(self, ttl: Duration, max_entries: u64) -> Cached<Self> {
        Cached::new(self, ttl, max_entries)
    }
    /// Cache successful answers in `store` for `ttl` (persistent or shared; [`Cached::with_store`]),
    /// with up to 10 000 per kind also in memory.
    fn cached_in(self, store: impl CacheStore + 'static, ttl: Duration) -> Cached<Self> {
        Cached::with_store(self, ttl, 10_000, store)
    }
    /// Emit a tracing span and event per call ([`Instrumented`]).
    fn instrumented(self) -> Instrumented<Self> {
        Instrumented::new(self)
    }
}

impl<T: Send + Sync + 'static> ProviderExt for T {}

//! [`CacheStore`]: where [`Cached`](super::Cached) keeps answers beyond this process.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

/// A [`CacheStore`] failed (I/O, a locked or corrupt database).
///
/// [`Cached`](super::Cached) never fails a call because of it: a store that cannot be read is
/// a miss, one that cannot be written is logged, and the provider's answer is returned.
#[derive(Debug, thiserror::Error)]
#[error("cache store: {message}")]
pub struct CacheStoreError {
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl CacheStoreError {
    /// An error with a message.
    pub fn new(message: impl Into<String>) -> Self {
        CacheStoreError {
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

/// A persistent (or shared) home for cached answers: string keys, JSON values, a TTL.
///
/// [`Cached::with_store`](super::Cached::with_store) puts one behind its in-memory cache, so an
/// answer paid for once survives a restart and is seen by every process that opens the same
/// store. Keys look like `read|wechat|sha256:…` or `verify|tencent.enterprise4|code=…`; values
/// are the serde JSON of [`LicenseScan`](crate::LicenseScan) /
/// [`RegistryRecord`](crate::RegistryRecord).
///
/// # Contract
/// - [`get`](Self::get) returns a value stored less than its TTL ago, or `None`.
/// - [`put`](Self::put) replaces any value under the key; it may evict other entries to keep the
///   store within its size bound.
/// - Both are safe to call from many tasks (and, for a shared store, many processes) at once.
#[async_trait]
pub trait CacheStore: Send + Sync + fmt::Debug {
    /// The live value under `key`.
    async fn get(&self, key: &str) -> Result<Option<String>, CacheStoreError>;

    /// Store `value` under `key` for `ttl`.
    async fn put(&self, key: &str, value: &str, ttl: Duration) -> Result<(), CacheStoreError>;
}

#[async_trait]
impl<T: CacheStore + ?Sized> CacheStore for Arc<T> {
    async fn get(&self, key: &str) -> Result<Option<String>, CacheStoreError> {
        (**self).get(key).await
    }
    async fn put(&self, key: &str, value: &str, ttl: Duration) -> Result<(), CacheStoreError> {
        (**self).put(key, value, ttl).await
    }
}

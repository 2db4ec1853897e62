use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use moka::future::Cache;
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::CacheStore;
use crate::{
    LicenseImage, LicenseReader, LicenseScan, ProviderError, RegistryRecord, RegistryVerifier,
    VerifyCapabilities, VerifyQuery,
};

/// With a [`CacheStore`] behind it, the in-memory layer keeps an answer at most this long, so
/// it never serves an answer much past the store's own expiry.
const MEMORY_TTL_WITH_STORE: Duration = Duration::from_secs(60);

/// Caches successful answers, because every real call is billed.
///
/// Keys: the provider id plus the image's SHA-256 (reads) or the normalized query
/// ([`VerifyQuery::cache_key`]). Entries live for `ttl`, at most `max_entries` of them (moka,
/// TinyLFU eviction). Concurrent identical calls share one inner call. Errors are never
/// cached. Clones share one cache.
///
/// With [`with_store`](Self::with_store), answers also go to a [`CacheStore`] (e.g. the SQLite
/// file of `SqliteCache`, feature `sqlite`), so they survive restarts and are shared by every
/// process using the same store: a re-run batch or a re-submitted image costs no second call.
/// The in-memory layer stays in front (single flight in this process, at most a minute per
/// entry); a store that fails is logged and treated as a miss, never as a failed call.
#[derive(Clone)]
pub struct Cached<T> {
    inner: T,
    scans: Cache<String, LicenseScan>,
    records: Cache<String, RegistryRecord>,
    store: Option<Arc<dyn CacheStore>>,
    ttl: Duration,
}

impl<T> std::fmt::Debug for Cached<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cached")
            .field("scans", &self.scans.entry_count())
            .field("records", &self.records.entry_count())
            .field("store", &self.store)
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

fn memory_cache<V: Clone + Send + Sync + 'static>(
    ttl: Duration,
    max_entries: u64,
) -> Cache<String, V> {
    Cache::builder()
        .time_to_live(ttl)
        .max_capacity(max_entries)
        .build()
}

impl<T> Cached<T> {
    /// Wrap `inner` with a cache of at most `max_entries` answers per kind, each for `ttl`.
    pub fn new(inner: T, ttl: Duration, max_entries: u64) -> Self {
        Cached {
            inner,
            scans: memory_cache(ttl, max_entries),
            records: memory_cache(ttl, max_entries),
            store: None,
            ttl,
        }
    }

    /// Wrap `inner` with a persistent cache: answers are kept in `store` for `ttl` (its own
    /// size bound applies), with at most `max_entries` per kind also held in memory.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use std::time::Duration;
    /// # use bizlicense_core::compose::{Cached, CacheStore};
    /// # use bizlicense_core::testing::MemoryProvider;
    /// # fn demo(store: Arc<dyn CacheStore>) {
    /// let provider = Cached::with_store(
    ///     MemoryProvider::new("p"),
    ///     Duration::from_secs(30 * 24 * 3600),
    ///     10_000,
    ///     store,
    /// );
    /// # let _ = provider; }
    /// ```
    pub fn with_store(
        inner: T,
        ttl: Duration,
        max_entries: u64,
        store: impl CacheStore + 'static,
    ) -> Self {
        let memory_ttl = ttl.min(MEMORY_TTL_WITH_STORE);
        Cached {
            inner,
            scans: memory_cache(memory_ttl, max_entries),
            records: memory_cache(memory_ttl, max_entries),
            store: Some(Arc::new(store)),
            ttl,
        }
    }

    /// The wrapped provider.
    pub fn inner(&self) -> &T {
        &self.inner
    }

    /// Drop every answer cached in memory (a [`CacheStore`] keeps its own until they expire).
    pub fn clear(&self) {
        self.scans.invalidate_all();
        self.records.invalidate_all();
    }

    /// The store first, then `call`; a fresh answer is written back to the store.
    async fn through_store<V, F>(&self, key: &str, call: F) -> Result<V, ProviderError>
    where
        V: Serialize + DeserializeOwned,
        F: Future<Output = Result<V, ProviderError>>,
    {
        let Some(store) = &self.store else {
            return call.await;
        };
        match store.get(key).await {
            Ok(Some(json)) => match serde_json::from_str(&json) {
                Ok(v) => return Ok(v),
                Err(e) => {
                    tracing::warn!(error = %e, "unreadable cached answer; calling the provider")
                }
            },
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "cache store read failed; calling the provider"),
        }
        let value = call.await?;
        match serde_json::to_string(&value) {
            Ok(json) => {
                if let Err(e) = store.put(key, &json, self.ttl).await {
                    tracing::warn!(error = %e, "cache store write failed; the answer is not kept");
                }
            }
            Err(e) => tracing::warn!(error = %e, "answer not serializable; not cached"),
        }
        Ok(value)
    }
}

fn unshare(e: Arc<ProviderError>) -> ProviderError {
    Arc::unwrap_or_clone(e)
}

#[async_trait]
impl<T: LicenseReader> LicenseReader for Cached<T> {
    fn id(&self) -> &str {
        self.inner.id()
    }
    async fn read(&self, image: &LicenseImage) -> Result<LicenseScan, ProviderError> {
        let key = format!("{}|{}", self.inner.id(), image.cache_key());
        let store_key = format!("read|{key}");
        self.scans
            .try_get_with(key, self.through_store(&store_key, self.inner.read(image)))
            .await
            .map_err(unshare)
    }
}

#[async_trait]
impl<T: RegistryVerifier> RegistryVerifier for Cached<T> {
    fn id(&self) -> &str {
        self.inner.id()
    }
    fn capabilities(&self) -> VerifyCapabilities {
        self.inner.capabilities()
    }
    async fn verify(&self, query: &VerifyQuery) -> Result<RegistryRecord, ProviderError> {
        let key = format!("{}|{}", self.inner.id(), query.cache_key());
        let store_key = format!("verify|{key}");
        self.records
            .try_get_with(
                key,
                self.through_store(&store_key, self.inner.verify(query)),
            )
            .await
            .map_err(unshare)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::testing::{MemoryProvider, sample_png};

    #[tokio::test]
    async fn second_identical_call_is_free() {
        let inner = MemoryProvider::new("p")
            .with_default_record()
            .with_default_scan();
        let c = Cached::new(inner.clone(), Duration::from_secs(60), 100);
        let q =
            VerifyQuery::by_code("911101085636549482").with_name("腾讯云计算（北京）有限责任公司");
        let a = c.verify(&q).await.unwrap();
        let b = c.verify(&q).await.unwrap();
        assert_eq!(a, b);
        assert_eq!(inner.calls(), 1);
        // A width variant of the code is the same query.
        c.verify(
            &VerifyQuery::by_code("９１１１０１０８５６３６５４９４８２")
                .with_name("腾讯云计算（北京）有限责任公司"),
        )
        .await
        .unwrap();
        assert_eq!(inner.calls(), 1);
        // A different name is not.
        c.verify(&VerifyQuery::by_code("911101085636549482").with_name("x"))
            .await
            .unwrap();
        assert_eq!(inner.calls(), 2);

        c.read(&sample_png()).await.unwrap();
        c.read(&sample_png()).await.unwrap();
        assert_eq!(inner.calls(), 3);
    }

    #[tokio::test]
    async fn errors_are_not_cached() {
        let inner = MemoryProvider::new("p").with_default_record();
        let c = Cached::new(inner.clone(), Duration::from_secs(60), 100);
        inner.fail_next(1, ErrorKind::Unavailable);
        let q = VerifyQuery::by_code("911101085636549482");
        assert_eq!(
            c.verify(&q).await.unwrap_err().kind(),
            ErrorKind::Unavailable
        );
        assert!(c.verify(&q).await.is_ok());
        assert_eq!(inner.calls(), 2);
    }

    #[tokio::test]
    async fn concurrent_identical_calls_share_one_inner_call() {
        let inner = MemoryProvider::new("p").with_default_record();
        inner.set_latency(Duration::from_millis(50));
        let c = std::sync::Arc::new(Cached::new(inner.clone(), Duration::from_secs(60), 100));
        let tasks: Vec<_> = (0..20)
            .map(|_| {
                let c = c.clone();
                tokio::spawn(
                    async move { c.verify(&VerifyQuery::by_code("911101085636549482")).await },
                )
            })
            .collect();
        for t in tasks {
            t.await.unwrap().unwrap();
        }
        assert_eq!(inner.calls(), 1);
    }

    #[tokio::test]
    async fn entries_expire_after_ttl() {
        let inner = MemoryProvider::new("p").with_default_record();
        let c = Cached::new(inner.clone(), Duration::from_millis(100), 100);
        let q = VerifyQuery::by_code("911101085636549482");
        c.verify(&q).await.unwrap();
        // moka reads its own clock, not tokio's: wait for real (no timing is asserted).
        tokio::time::sleep(Duration::from_millis(150)).await;
        c.verify(&q).await.unwrap();
        assert_eq!(inner.calls(), 2);
    }
}

use std::time::Duration;

use async_trait::async_trait;
use moka::future::Cache;

use crate::{
    LicenseImage, LicenseReader, LicenseScan, ProviderError, RegistryRecord, RegistryVerifier,
    VerifyCapabilities, VerifyQuery,
};

/// Caches successful answers, because every real call is billed.
///
/// Keys: the provider id plus the image's SHA-256 (reads) or the normalized query
/// ([`VerifyQuery::cache_key`]). Entries live for `ttl`, at most `max_entries` of them (moka,
/// TinyLFU eviction). Concurrent identical calls share one inner call. Errors are never
/// cached. Clones share one cache.
#[derive(Clone)]
pub struct Cached<T> {
    inner: T,
    scans: Cache<String, LicenseScan>,
    records: Cache<String, RegistryRecord>,
}

impl<T> std::fmt::Debug for Cached<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cached")
            .field("scans", &self.scans.entry_count())
            .field("records", &self.records.entry_count())
            .finish_non_exhaustive()
    }
}

impl<T> Cached<T> {
    /// Wrap `inner` with a cache of at most `max_entries` answers per kind, each for `ttl`.
    pub fn new(inner: T, ttl: Duration, max_entries: u64) -> Self {
        Cached {
            inner,
            scans: Cache::builder()
                .time_to_live(ttl)
                .max_capacity(max_entries)
                .build(),
            records: Cache::builder()
                .time_to_live(ttl)
                .max_capacity(max_entries)
                .build(),
        }
    }

    /// The wrapped provider.
    pub fn inner(&self) -> &T {
        &self.inner
    }

    /// Drop every cached answer.
    pub fn clear(&self) {
        self.scans.invalidate_all();
        self.records.invalidate_all();
    }
}

fn unshare(e: std::sync::Arc<ProviderError>) -> ProviderError {
    std::sync::Arc::unwrap_or_clone(e)
}

#[async_trait]
impl<T: LicenseReader> LicenseReader for Cached<T> {
    fn id(&self) -> &str {
        self.inner.id()
    }
    async fn read(&self, image: &LicenseImage) -> Result<LicenseScan, ProviderError> {
        let key = format!("{}|{}", self.inner.id(), image.cache_key());
        self.scans
            .try_get_with(key, self.inner.read(image))
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
        self.records
            .try_get_with(key, self.inner.verify(query))
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

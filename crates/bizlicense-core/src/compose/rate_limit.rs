use std::num::NonZeroU32;
use std::sync::Arc;

use async_trait::async_trait;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use crate::{
    LicenseImage, LicenseReader, LicenseScan, ProviderError, RegistryRecord, RegistryVerifier,
    VerifyCapabilities, VerifyQuery,
};

/// Holds calls until the provider's quota allows them (GCRA via `governor`), so a burst of
/// work never trips the provider's own limit (Tencent BizLicenseOCR: 10/s by default;
/// Enterprise4: 20/s). Waiting is fair across tasks; clones share one limiter.
#[derive(Debug, Clone)]
pub struct RateLimit<T> {
    inner: T,
    limiter: Arc<DefaultDirectRateLimiter>,
}

impl<T> RateLimit<T> {
    /// At most `per_second` calls per second, with bursts up to the same number.
    ///
    /// # Panics
    /// If `per_second` is 0 (a limit that never lets a call through is a configuration bug).
    pub fn per_second(inner: T, per_second: u32) -> Self {
        let n =
            NonZeroU32::new(per_second).expect("rate limit must allow at least 1 call per second");
        Self::with_quota(inner, Quota::per_second(n))
    }

    /// Any `governor` quota.
    pub fn with_quota(inner: T, quota: Quota) -> Self {
        RateLimit {
            inner,
            limiter: Arc::new(RateLimiter::direct(quota)),
        }
    }

    /// The wrapped provider.
    pub fn inner(&self) -> &T {
        &self.inner
    }
}

#[async_trait]
impl<T: LicenseReader> LicenseReader for RateLimit<T> {
    fn id(&self) -> &str {
        self.inner.id()
    }
    async fn read(&self, image: &LicenseImage) -> Result<LicenseScan, ProviderError> {
        self.limiter.until_ready().await;
        self.inner.read(image).await
    }
}

#[async_trait]
impl<T: RegistryVerifier> RegistryVerifier for RateLimit<T> {
    fn id(&self) -> &str {
        self.inner.id()
    }
    fn capabilities(&self) -> VerifyCapabilities {
        self.inner.capabilities()
    }
    async fn verify(&self, query: &VerifyQuery) -> Result<RegistryRecord, ProviderError> {
        self.limiter.until_ready().await;
        self.inner.verify(query).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::MemoryProvider;

    #[tokio::test]
    async fn lets_a_burst_through_then_holds_the_rest() {
        let inner = MemoryProvider::new("p").with_default_record();
        let p = RateLimit::per_second(inner.clone(), 5);
        let q = VerifyQuery::by_code("911101085636549482");
        for _ in 0..5 {
            p.verify(&q).await.unwrap();
        }
        assert_eq!(inner.calls(), 5);
        // The sixth call must wait for a slot: it is still pending right after being polled.
        let sixth = p.verify(&q);
        tokio::pin!(sixth);
        assert!(futures::poll!(&mut sixth).is_pending());
        assert_eq!(
            inner.calls(),
            5,
            "no call reached the provider while waiting"
        );
        sixth.await.unwrap();
        assert_eq!(inner.calls(), 6);
    }

    #[test]
    #[should_panic(expected = "at least 1 call per second")]
    fn zero_is_a_configuration_bug() {
        let _ = RateLimit::per_second(MemoryProvider::new("p"), 0);
    }
}

use std::fmt;
use std::num::NonZeroU32;
use std::sync::Arc;

use async_trait::async_trait;
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use crate::{
    LicenseImage, LicenseReader, LicenseScan, ProviderError, RegistryRecord, RegistryVerifier,
    VerifyCapabilities, VerifyQuery,
};

/// Decides when the next call may go: the backend of [`RateLimit`].
///
/// The default, [`LocalLimiter`], counts calls in this process (governor). A shared backend
/// (`RedisRateLimiter`, feature `redis`) counts the calls of every process, so a fleet stays
/// within one provider quota. A backend that loses its shared state should degrade (e.g. to a
/// local limit) rather than block forever: `until_ready` cannot fail.
#[async_trait]
pub trait Limiter: Send + Sync + fmt::Debug {
    /// Wait until one more call is allowed, and count it.
    async fn until_ready(&self);
}

#[async_trait]
impl<L: Limiter + ?Sized> Limiter for Arc<L> {
    async fn until_ready(&self) {
        (**self).until_ready().await;
    }
}

/// This process's GCRA limiter (`governor`): fair waiting across tasks, no I/O.
#[derive(Debug)]
pub struct LocalLimiter(DefaultDirectRateLimiter);

impl LocalLimiter {
    /// A limiter for any `governor` quota.
    pub fn new(quota: Quota) -> Self {
        LocalLimiter(RateLimiter::direct(quota))
    }
}

#[async_trait]
impl Limiter for LocalLimiter {
    async fn until_ready(&self) {
        self.0.until_ready().await;
    }
}

/// Holds calls until the provider's quota allows them (GCRA via `governor`), so a burst of
/// work never trips the provider's own limit (Tencent BizLicenseOCR: 10/s by default;
/// Enterprise4: 20/s). Waiting is fair across tasks; clones share one limiter.
///
/// The limit is per process unless a shared [`Limiter`] is given
/// ([`with_limiter`](Self::with_limiter), e.g. `RedisRateLimiter` with feature `redis`).
#[derive(Debug, Clone)]
pub struct RateLimit<T> {
    inner: T,
    limiter: Arc<dyn Limiter>,
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
        Self::with_limiter(inner, LocalLimiter::new(quota))
    }

    /// Any [`Limiter`], e.g. one shared by every process of a fleet.
    pub fn with_limiter(inner: T, limiter: impl Limiter + 'static) -> Self {
        RateLimit {
            inner,
            limiter: Arc::new(limiter),
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

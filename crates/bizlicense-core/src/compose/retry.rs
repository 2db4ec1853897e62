use std::time::Duration;

use async_trait::async_trait;
use backon::{ExponentialBuilder, Retryable};

use crate::{
    LicenseImage, LicenseReader, LicenseScan, ProviderError, RegistryRecord, RegistryVerifier,
    VerifyCapabilities, VerifyQuery,
};

/// How [`Retry`] backs off.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt (so at most `max_retries + 1` calls).
    pub max_retries: usize,
    /// First backoff delay.
    pub min_delay: Duration,
    /// Largest backoff delay.
    pub max_delay: Duration,
    /// Largest `retry_after` hint honoured; a provider asking for longer fails the call at once
    /// rather than holding it.
    pub max_retry_after: Duration,
    /// Randomize delays so a fleet does not retry in lockstep.
    pub jitter: bool,
}

impl Default for RetryPolicy {
    /// 3 retries, 200 ms doubling to at most 5 s, `retry_after` honoured up to 30 s, jitter on.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            min_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(5),
            max_retry_after: Duration::from_secs(30),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// The default policy with `n` retries.
    pub fn with_max_retries(mut self, n: usize) -> Self {
        self.max_retries = n;
        self
    }

    /// Set the delay bounds.
    pub fn with_delays(mut self, min: Duration, max: Duration) -> Self {
        self.min_delay = min;
        self.max_delay = max;
        self
    }

    /// Set the largest `retry_after` hint honoured.
    pub fn with_max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Turn jitter on or off.
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    fn backoff(&self) -> ExponentialBuilder {
        let b = ExponentialBuilder::new()
            .with_min_delay(self.min_delay)
            .with_max_delay(self.max_delay)
            .with_max_times(self.max_retries);
        if self.jitter { b.with_jitter() } else { b }
    }

    /// The delay before the next attempt: the backoff's, stretched to the provider's
    /// `retry_after` hint; `None` (stop) when the backoff is exhausted or the hint is too long.
    fn adjust(&self, err: &ProviderError, backoff: Option<Duration>) -> Option<Duration> {
        let d = backoff?;
        match err.retry_after() {
            Some(hint) if hint > self.max_retry_after => None,
            Some(hint) => Some(hint.max(d)),
            None => Some(d),
        }
    }
}

/// Retries calls that fail with a retryable error ([`ProviderError::is_retryable`]) with
/// exponential backoff, honouring the provider's `retry_after` hint, at most
/// [`RetryPolicy::max_retries`] times. Other errors return at once.
///
/// ```
/// # tokio_test_block(async {
/// use bizlicense_core::compose::{ProviderExt, RetryPolicy};
/// use bizlicense_core::testing::MemoryProvider;
/// use bizlicense_core::{ErrorKind, RegistryVerifier, VerifyQuery};
/// use std::time::Duration;
///
/// let inner = MemoryProvider::new("registry").with_default_record();
/// inner.fail_next(2, ErrorKind::Unavailable);
/// let p = inner.clone().with_retry(RetryPolicy::default().with_delays(Duration::ZERO, Duration::ZERO));
/// assert!(p.verify(&VerifyQuery::by_code("911101085636549482")).await.is_ok());
/// assert_eq!(inner.calls(), 3);
/// # });
/// # fn tokio_test_block<F: std::future::Future>(f: F) -> F::Output {
/// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f)
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Retry<T> {
    inner: T,
    policy: RetryPolicy,
}

impl<T> Retry<T> {
    /// Wrap `inner`.
    pub fn new(inner: T, policy: RetryPolicy) -> Self {
        Retry { inner, policy }
    }

    /// The wrapped provider.
    pub fn inner(&self) -> &T {
        &self.inner
    }

    async fn run<O, F, Fut>(&self, provider: &str, f: F) -> Result<O, ProviderError>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<O, ProviderError>>,
    {
        let policy = self.policy;
        f.retry(policy.backoff())
            .sleep(tokio::time::sleep)
            .when(ProviderError::is_retryable)
            .adjust(move |e, d| policy.adjust(e, d))
            .notify(|e, d| {
                tracing::debug!(provider, kind = %e.kind(), code = e.code(), delay_ms = d.as_millis() as u64, "retrying");
            })
            .await
    }
}

#[async_trait]
impl<T: LicenseReader> LicenseReader for Retry<T> {
    fn id(&self) -> &str {
        self.inner.id()
    }
    async fn read(&self, image: &LicenseImage) -> Result<LicenseScan, ProviderError> {
        self.run(self.inner.id(), || self.inner.read(image)).await
    }
}

#[async_trait]
impl<T: RegistryVerifier> RegistryVerifier for Retry<T> {
    fn id(&self) -> &str {
        self.inner.id()
    }
    fn capabilities(&self) -> VerifyCapabilities {
        self.inner.capabilities()
    }
    async fn verify(&self, query: &VerifyQuery) -> Result<RegistryRecord, ProviderError> {
        self.run(self.inner.id(), || self.inner.verify(query)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::testing::MemoryProvider;

    fn fast() -> RetryPolicy {
        RetryPolicy::default()
            .with_delays(Duration::from_millis(1), Duration::from_millis(2))
            .with_jitter(false)
    }

    #[tokio::test]
    async fn retries_retryable_errors_up_to_the_bound() {
        let inner = MemoryProvider::new("p").with_default_record();
        inner.fail_next(10, ErrorKind::Unavailable);
        let p = Retry::new(inner.clone(), fast().with_max_retries(3));
        let err = p
            .verify(&VerifyQuery::by_code("911101085636549482"))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unavailable);
        assert_eq!(inner.calls(), 4, "1 attempt + 3 retries");
    }

    #[tokio::test]
    async fn never_retries_permanent_errors() {
        for kind in [
            ErrorKind::Auth,
            ErrorKind::InvalidInput,
            ErrorKind::NotFound,
            ErrorKind::Billing,
            ErrorKind::NotALicense,
        ] {
            let inner = MemoryProvider::new("p").with_default_record();
            inner.fail_next(1, kind);
            let p = Retry::new(inner.clone(), fast());
            let err = p
                .verify(&VerifyQuery::by_code("911101085636549482"))
                .await
                .unwrap_err();
            assert_eq!(err.kind(), kind);
            assert_eq!(inner.calls(), 1, "{kind} must not be retried");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn honours_retry_after_and_gives_up_on_long_hints() {
        let inner = MemoryProvider::new("p").with_default_record();
        inner.fail_next_with(
            1,
            |e| e.with_retry_after(Duration::from_secs(7)),
            ErrorKind::RateLimited,
        );
        let p = Retry::new(inner.clone(), fast());
        let start = tokio::time::Instant::now();
        p.verify(&VerifyQuery::by_code("911101085636549482"))
            .await
            .unwrap();
        // Paused clock: the elapsed virtual time is exactly the sleeps taken.
        assert!(
            start.elapsed() >= Duration::from_secs(7),
            "{:?}",
            start.elapsed()
        );
        assert_eq!(inner.calls(), 2);

        let inner = MemoryProvider::new("p").with_default_record();
        inner.fail_next_with(
            1,
            |e| e.with_retry_after(Duration::from_secs(600)),
            ErrorKind::RateLimited,
        );
        let p = Retry::new(inner.clone(), fast());
        let err = p
            .verify(&VerifyQuery::by_code("911101085636549482"))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::RateLimited);
        assert_eq!(
            inner.calls(),
            1,
            "a 10-minute hint is beyond max_retry_after"
        );
    }

    #[tokio::test]
    async fn works_for_readers() {
        let inner = MemoryProvider::new("p").with_default_scan();
        inner.fail_next(2, ErrorKind::Timeout);
        let p = Retry::new(inner.clone(), fast());
        p.read(&crate::testing::sample_png()).await.unwrap();
        assert_eq!(inner.calls(), 3);
    }
}

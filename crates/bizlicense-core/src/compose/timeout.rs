use std::time::Duration;

use async_trait::async_trait;

use crate::{
    ErrorKind, LicenseImage, LicenseReader, LicenseScan, ProviderError, RegistryRecord,
    RegistryVerifier, VerifyCapabilities, VerifyQuery,
};

/// Fails a call with [`ErrorKind::Timeout`] (retryable) when it takes longer than the limit;
/// the inner future is dropped, cancelling its I/O.
#[derive(Debug, Clone)]
pub struct Timeout<T> {
    inner: T,
    limit: Duration,
}

impl<T> Timeout<T> {
    /// Wrap `inner`.
    pub fn new(inner: T, limit: Duration) -> Self {
        Timeout { inner, limit }
    }

    /// The wrapped provider.
    pub fn inner(&self) -> &T {
        &self.inner
    }

    async fn run<O>(
        &self,
        provider: &str,
        fut: impl Future<Output = Result<O, ProviderError>>,
    ) -> Result<O, ProviderError> {
        match tokio::time::timeout(self.limit, fut).await {
            Ok(r) => r,
            Err(_) => Err(ProviderError::new(
                provider,
                ErrorKind::Timeout,
                format!(
                    "no answer within {} ms; raise the timeout or check the provider's status",
                    self.limit.as_millis()
                ),
            )),
        }
    }
}

#[async_trait]
impl<T: LicenseReader> LicenseReader for Timeout<T> {
    fn id(&self) -> &str {
        self.inner.id()
    }
    async fn read(&self, image: &LicenseImage) -> Result<LicenseScan, ProviderError> {
        self.run(self.inner.id(), self.inner.read(image)).await
    }
}

#[async_trait]
impl<T: RegistryVerifier> RegistryVerifier for Timeout<T> {
    fn id(&self) -> &str {
        self.inner.id()
    }
    fn capabilities(&self) -> VerifyCapabilities {
        self.inner.capabilities()
    }
    async fn verify(&self, query: &VerifyQuery) -> Result<RegistryRecord, ProviderError> {
        self.run(self.inner.id(), self.inner.verify(query)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::MemoryProvider;

    #[tokio::test(start_paused = true)]
    async fn slow_calls_time_out_fast_ones_pass() {
        let inner = MemoryProvider::new("slow").with_default_record();
        inner.set_latency(Duration::from_secs(5));
        let p = Timeout::new(inner.clone(), Duration::from_secs(1));
        let err = p
            .verify(&VerifyQuery::by_code("911101085636549482"))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Timeout);
        assert_eq!(err.provider(), "slow");
        assert!(err.is_retryable());

        inner.set_latency(Duration::from_millis(10));
        assert!(
            p.verify(&VerifyQuery::by_code("911101085636549482"))
                .await
                .is_ok()
        );
        let img = crate::testing::sample_png();
        let reader = Timeout::new(
            MemoryProvider::new("r").with_default_scan(),
            Duration::from_secs(1),
        );
        assert!(reader.read(&img).await.is_ok());
    }
}

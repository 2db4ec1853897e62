use std::time::Instant;

use async_trait::async_trait;
use tracing::Instrument;

use crate::{
    LicenseImage, LicenseReader, LicenseScan, ProviderError, RegistryRecord, RegistryVerifier,
    VerifyCapabilities, VerifyQuery,
};

/// Wraps each call in a `provider_call` tracing span (provider, action) and emits one event
/// when it ends, with latency, outcome, request id and error kind/code. Never logs query
/// values, image bytes, keys or tokens: only their shape (image format and size).
#[derive(Debug, Clone)]
pub struct Instrumented<T> {
    inner: T,
}

impl<T> Instrumented<T> {
    /// Wrap `inner`.
    pub fn new(inner: T) -> Self {
        Instrumented { inner }
    }

    /// The wrapped provider.
    pub fn inner(&self) -> &T {
        &self.inner
    }
}

fn finish<O>(
    started: Instant,
    result: &Result<O, ProviderError>,
    request_id: impl Fn(&O) -> Option<&str>,
) {
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    match result {
        Ok(o) => tracing::info!(
            latency_ms,
            outcome = "ok",
            request_id = request_id(o),
            "provider call finished"
        ),
        Err(e) => tracing::warn!(
            latency_ms,
            outcome = "error",
            kind = %e.kind(),
            code = e.code(),
            request_id = e.request_id(),
            retryable = e.is_retryable(),
            "provider call failed"
        ),
    }
}

#[async_trait]
impl<T: LicenseReader> LicenseReader for Instrumented<T> {
    fn id(&self) -> &str {
        self.inner.id()
    }
    async fn read(&self, image: &LicenseImage) -> Result<LicenseScan, ProviderError> {
        let span = tracing::info_span!(
            "provider_call",
            provider = self.inner.id(),
            action = "read",
            image_format = image.format().map(|f| f.extension()),
            image_len = image.len(),
        );
        async {
            let started = Instant::now();
            let r = self.inner.read(image).await;
            finish(started, &r, |s| s.request_id.as_deref());
            r
        }
        .instrument(span)
        .await
    }
}

#[async_trait]
impl<T: RegistryVerifier> RegistryVerifier for Instrumented<T> {
    fn id(&self) -> &str {
        self.inner.id()
    }
    fn capabilities(&self) -> VerifyCapabilities {
        self.inner.capabilities()
    }
    async fn verify(&self, query: &VerifyQuery) -> Result<RegistryRecord, ProviderError> {
        let span = tracing::info_span!(
            "provider_call",
            provider = self.inner.id(),
            action = "verify",
            by_image = query.image.is_some(),
        );
        async {
            let started = Instant::now();
            let r = self.inner.verify(query).await;
            finish(started, &r, |s| s.request_id.as_deref());
            r
        }
        .instrument(span)
        .await
    }
}

//! The two provider traits: read a license, verify it against the registry.

use std::sync::Arc;

use async_trait::async_trait;

use crate::{
    LicenseImage, LicenseScan, ProviderError, RegistryRecord, VerifyCapabilities, VerifyQuery,
};

/// Reads a license image into fields (OCR).
///
/// Implementations validate the image against their own limits *before* any I/O and return
/// [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when it does not fit. Every
/// error carries [`id`](Self::id) as its provider. Check an implementation with the contract kit
/// in `bizlicense_core::testing` (feature `testing`).
#[async_trait]
pub trait LicenseReader: Send + Sync {
    /// A stable id such as `"wechat"` or `"tencent.bizlicense_ocr"`.
    fn id(&self) -> &str;
    /// Read the license.
    async fn read(&self, image: &LicenseImage) -> Result<LicenseScan, ProviderError>;
}

/// Looks a company up in the registry.
#[async_trait]
pub trait RegistryVerifier: Send + Sync {
    /// A stable id such as `"tencent.verify_basic"`.
    fn id(&self) -> &str;
    /// What queries this verifier accepts and what it returns.
    fn capabilities(&self) -> VerifyCapabilities;
    /// Look the query up.
    async fn verify(&self, query: &VerifyQuery) -> Result<RegistryRecord, ProviderError>;
}

/// Forward both traits through a smart pointer, so `Arc<dyn LicenseReader>` and
/// `Box<dyn RegistryVerifier>` are providers too.
macro_rules! forward_through {
    ($($ptr:ident),*) => {$(
        #[async_trait]
        impl<T: LicenseReader + ?Sized> LicenseReader for $ptr<T> {
            fn id(&self) -> &str {
                (**self).id()
            }
            async fn read(&self, image: &LicenseImage) -> Result<LicenseScan, ProviderError> {
                (**self).read(image).await
            }
        }

        #[async_trait]
        impl<T: RegistryVerifier + ?Sized> RegistryVerifier for $ptr<T> {
            fn id(&self) -> &str {
                (**self).id()
            }
            fn capabilities(&self) -> VerifyCapabilities {
                (**self).capabilities()
            }
            async fn verify(&self, query: &VerifyQuery) -> Result<RegistryRecord, ProviderError> {
                (**self).verify(query).await
            }
        }
    )*};
}

forward_through!(Arc, Box);

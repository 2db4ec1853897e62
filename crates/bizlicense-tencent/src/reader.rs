//! [`TencentReader`]: a [`LicenseReader`] over `BizLicenseOCR`.

use bizlicense_core::{LicenseImage, LicenseReader, LicenseScan, ProviderError, async_trait};

use crate::client::TencentClient;
use crate::convert::ID_OCR;
use crate::image::image_fields;
use crate::wire::{BizLicenseOcr, BizLicenseOcrRequest};

/// Reads licenses with `BizLicenseOCR` (one billed call per read).
///
/// Asks for warning codes (`EnableCopyWarn`) by default so copies and reprints are flagged.
#[derive(Debug, Clone)]
pub struct TencentReader {
    client: TencentClient,
    copy_warn: bool,
    period_complete: Option<bool>,
}

impl TencentReader {
    /// A reader using `client`.
    pub fn new(client: TencentClient) -> Self {
        TencentReader {
            client,
            copy_warn: true,
            period_complete: None,
        }
    }

    /// Whether to ask for copy/reprint warnings (`EnableCopyWarn`, default here: true).
    pub fn with_copy_warn(mut self, yes: bool) -> Self {
        self.copy_warn = yes;
        self
    }

    /// `EnablePeriodComplete` (Tencent's default: true, completes the valid period).
    pub fn with_period_complete(mut self, yes: bool) -> Self {
        self.period_complete = Some(yes);
        self
    }

    /// The request this reader sends for `image` (after the image checks).
    pub fn request_for(&self, image: &LicenseImage) -> Result<BizLicenseOcrRequest, ProviderError> {
        let fields = image_fields(ID_OCR, image)?;
        Ok(BizLicenseOcrRequest {
            image_base64: fields.base64,
            image_url: fields.url,
            enable_copy_warn: Some(self.copy_warn),
            enable_period_complete: self.period_complete,
            ..Default::default()
        })
    }
}

#[async_trait]
impl LicenseReader for TencentReader {
    fn id(&self) -> &str {
        ID_OCR
    }

    async fn read(&self, image: &LicenseImage) -> Result<LicenseScan, ProviderError> {
        let req = self.request_for(image)?;
        let called = self.client.call::<BizLicenseOcr>(ID_OCR, &req).await?;
        let mut scan = LicenseScan::from(called.response);
        scan.raw = Some(called.raw);
        Ok(scan)
    }
}

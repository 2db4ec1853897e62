//! [`WechatReader`]: the bizlicense OCR as a core [`LicenseReader`].

use bizlicense_core::{LicenseImage, LicenseReader, LicenseScan, ProviderError, async_trait};

use crate::{BizLicense, PROVIDER_ID, WechatClient};

/// Reads business licenses with WeChat's `/cv/ocr/bizlicense`; provider id `"wechat"`.
///
/// Images over 2 MiB fail with `InvalidInput` before any request.
#[derive(Debug, Clone)]
pub struct WechatReader {
    client: WechatClient,
}

impl WechatReader {
    /// A reader using `client`.
    pub fn new(client: WechatClient) -> Self {
        WechatReader { client }
    }

    /// The client underneath.
    pub fn client(&self) -> &WechatClient {
        &self.client
    }
}

#[async_trait]
impl LicenseReader for WechatReader {
    fn id(&self) -> &str {
        PROVIDER_ID
    }

    async fn read(&self, image: &LicenseImage) -> Result<LicenseScan, ProviderError> {
        let out = self.client.ocr(&BizLicense, image).await?;
        let mut scan = LicenseScan::from(out.response);
        scan.raw = Some(out.raw);
        Ok(scan)
    }
}

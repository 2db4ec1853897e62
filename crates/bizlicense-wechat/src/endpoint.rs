//! The OCR endpoints: each is a small typed description ([`OcrEndpoint`]) the client runs.

use serde::de::DeserializeOwned;

use crate::wire::{BizLicenseResponse, IdCardResponse};

/// One WeChat OCR endpoint: where it lives, what it answers, what extra query it takes.
///
/// Adding a sibling endpoint (bankcard, driving, drivinglicense, comm, platenum) is a wire type
/// for its answer plus an implementation of this trait:
///
/// ```
/// use bizlicense_wechat::OcrEndpoint;
///
/// #[derive(serde::Deserialize)]
/// struct BankCardResponse { number: Option<String> }
///
/// struct BankCard;
/// impl OcrEndpoint for BankCard {
///     const PATH: &'static str = "/cv/ocr/bankcard";
///     const PROVIDER_ID: &'static str = "wechat.bankcard";
///     type Response = BankCardResponse;
/// }
/// // client.ocr(&BankCard, &image).await?.response.number
/// ```
pub trait OcrEndpoint: Send + Sync {
    /// The path under the API base, e.g. `/cv/ocr/bizlicense`.
    const PATH: &'static str;
    /// The provider id put into errors and spans.
    const PROVIDER_ID: &'static str;
    /// The largest upload accepted, in bytes (2 MiB for WeChat OCR).
    const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;
    /// The answer's wire type (errors are handled before it is parsed).
    type Response: DeserializeOwned + Send;
    /// Query parameters besides `access_token` and `img_url` (e.g. `type=photo`).
    fn extra_query(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
}

/// 营业执照: `POST /cv/ocr/bizlicense`.
#[derive(Debug, Clone, Copy, Default)]
pub struct BizLicense;

impl OcrEndpoint for BizLicense {
    const PATH: &'static str = "/cv/ocr/bizlicense";
    const PROVIDER_ID: &'static str = crate::PROVIDER_ID;
    type Response = BizLicenseResponse;
}

/// How an ID card image was taken, for [`IdCard`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdCardMode {
    /// A photo (`type=photo`).
    #[default]
    Photo,
    /// A scan (`type=scan`).
    Scan,
}

impl IdCardMode {
    /// The `type` query value.
    pub fn as_str(self) -> &'static str {
        match self {
            IdCardMode::Photo => "photo",
            IdCardMode::Scan => "scan",
        }
    }
}

/// 身份证: `POST /cv/ocr/idcard?type=photo|scan`.
#[derive(Debug, Clone, Copy, Default)]
pub struct IdCard {
    /// Photo or scan.
    pub mode: IdCardMode,
}

impl OcrEndpoint for IdCard {
    const PATH: &'static str = "/cv/ocr/idcard";
    const PROVIDER_ID: &'static str = "wechat.idcard";
    type Response = IdCardResponse;
    fn extra_query(&self) -> Vec<(&'static str, String)> {
        vec![("type", self.mode.as_str().to_owned())]
    }
}

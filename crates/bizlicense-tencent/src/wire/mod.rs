//! Wire types: the JSON of each action exactly as Tencent Cloud sends it.
//!
//! Every type derives both `Serialize` and `Deserialize`, so a server (the emulator) can reuse
//! them to write responses. Every field is an `Option` (the API omits fields freely) and
//! serializes only when set; unknown fields are ignored when reading.
//!
//! Sources: the seed document for `VerifyBasicBizLicense` / `VerifyBizLicense` (cross-checked
//! with `tencentcloud-sdk-python-ocr` 3.0.953, the last release that modelled them), and
//! `tencentcloud-sdk-python-ocr` 3.1.193 `ocr/v20181119/models.py` for `BizLicenseOCR` and
//! `VerifyBizLicenseEnterprise3/4`.

use serde::{Deserialize, Serialize};

mod enterprise;
mod ocr;
mod verify;

pub use enterprise::{
    VerifyBizLicenseEnterprise3Request, VerifyBizLicenseEnterprise3Response,
    VerifyBizLicenseEnterprise4Request, VerifyBizLicenseEnterprise4Response, VerifyType,
};
pub use ocr::{BizLicenseOcrRequest, BizLicenseOcrResponse, BusinessCertificateInfo, Rect};
pub use verify::{
    BizLicenseVerifyResult, ImageConfig, VerifyBasicBizLicenseRequest,
    VerifyBasicBizLicenseResponse, VerifyBizLicenseRequest, VerifyBizLicenseResponse,
};

/// The API version every action here belongs to.
pub const API_VERSION: &str = "2018-11-19";

/// `{"Response": ...}`: the envelope around every answer, success or error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Envelope<T> {
    /// The body.
    #[serde(rename = "Response")]
    pub response: T,
}

impl<T> Envelope<T> {
    /// Wrap a response body.
    pub fn new(response: T) -> Self {
        Envelope { response }
    }
}

/// `{"Code": "...", "Message": "..."}` inside an error response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ApiError {
    /// The error code, e.g. `AuthFailure.SignatureFailure`.
    pub code: String,
    /// The human message.
    #[serde(default)]
    pub message: String,
}

impl ApiError {
    /// An error with `code` and `message`.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError {
            code: code.into(),
            message: message.into(),
        }
    }
}

/// `{"Error": {...}, "RequestId": "..."}`: the body of a failed call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ErrorResponse {
    /// The error.
    pub error: ApiError,
    /// The request id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl ErrorResponse {
    /// An error body.
    pub fn new(error: ApiError, request_id: impl Into<String>) -> Self {
        ErrorResponse {
            error,
            request_id: Some(request_id.into()),
        }
    }
}

/// An action: its name on the wire and its request and response types.
pub trait Action {
    /// `X-TC-Action`, e.g. `BizLicenseOCR`.
    const NAME: &'static str;
    /// The request body.
    type Request: Serialize + Send + Sync;
    /// The `Response` body on success.
    type Response: serde::de::DeserializeOwned + Send;
    /// The response's request id.
    fn request_id(response: &Self::Response) -> Option<&str>;
}

macro_rules! action {
    ($(#[$m:meta])* $name:ident, $wire:literal, $req:ty, $resp:ty) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name;
        impl Action for $name {
            const NAME: &'static str = $wire;
            type Request = $req;
            type Response = $resp;
            fn request_id(response: &Self::Response) -> Option<&str> {
                response.request_id.as_deref()
            }
        }
    };
}

action!(
    /// `BizLicenseOCR`: read a license image.
    BizLicenseOcr, "BizLicenseOCR", BizLicenseOcrRequest, BizLicenseOcrResponse
);
action!(
    /// `VerifyBasicBizLicense`: registry basics + verify flags (seed API, offline since 2023).
    VerifyBasicBizLicense, "VerifyBasicBizLicense", VerifyBasicBizLicenseRequest, VerifyBasicBizLicenseResponse
);
action!(
    /// `VerifyBizLicense`: full registry record + verify flags (seed API, offline since 2023).
    VerifyBizLicense, "VerifyBizLicense", VerifyBizLicenseRequest, VerifyBizLicenseResponse
);
action!(
    /// `VerifyBizLicenseEnterprise3`: 2/3-element consistency check.
    VerifyBizLicenseEnterprise3, "VerifyBizLicenseEnterprise3", VerifyBizLicenseEnterprise3Request, VerifyBizLicenseEnterprise3Response
);
action!(
    /// `VerifyBizLicenseEnterprise4`: 4-element consistency check.
    VerifyBizLicenseEnterprise4, "VerifyBizLicenseEnterprise4", VerifyBizLicenseEnterprise4Request, VerifyBizLicenseEnterprise4Response
);

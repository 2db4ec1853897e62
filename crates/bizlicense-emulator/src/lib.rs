//! # bizlicense-emulator
//!
//! One local HTTP server that speaks both providers' wire formats, like LocalStack or moto:
//!
//! - **Tencent Cloud OCR** at `POST /` (any `Host`): `VerifyBasicBizLicense`, `VerifyBizLicense`,
//!   `BizLicenseOCR`, `VerifyBizLicenseEnterprise3`, `VerifyBizLicenseEnterprise4`, with real
//!   TC3-HMAC-SHA256 verification and the real error envelope and codes;
//! - **WeChat** at `/cgi-bin/token`, `/cgi-bin/stable_token` and `/cv/ocr/bizlicense`, with
//!   access tokens that rotate and expire like the real ones;
//! - **admin** under `/_emulator/`: the fixture list, the fixture images, fault injection,
//!   call statistics and a test clock.
//!
//! Answers come from a [`Fixtures`] set (registry companies + license images keyed by SHA-256).
//! The official Tencent Cloud SDKs and wechatpy work against it unchanged (see
//! `docs/emulator.md` and `.ci/interop.sh`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), bizlicense_emulator::EmulatorError> {
//! use bizlicense_emulator::Emulator;
//!
//! let (base_url, handle) = Emulator::start_local().await?;
//! // Point a client at `base_url` with DEFAULT_TENCENT_SECRET_ID / DEFAULT_TENCENT_SECRET_KEY
//! // or DEFAULT_WECHAT_APP_ID / DEFAULT_WECHAT_APP_SECRET ...
//! handle.shutdown().await;
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod admin;
mod clock;
mod config;
mod faults;
mod fixtures;
mod images;
mod server;
mod state;
mod stats;
mod tencent;
mod wechat;

pub use config::EmulatorConfig;
pub use faults::{Fault, FaultKind};
pub use fixtures::{Company, FixtureError, Fixtures, IndexEntry, License, OcrFields, OcrWarning};
pub use server::{Emulator, EmulatorError, EmulatorHandle};

/// The Tencent Cloud SecretId the emulator accepts when no other is configured.
pub const DEFAULT_TENCENT_SECRET_ID: &str = "AKIDbizlicenseEMULATOR0000000000000";
/// The SecretKey paired with [`DEFAULT_TENCENT_SECRET_ID`]. Not a secret: it is published so
/// that any client can talk to a local emulator.
pub const DEFAULT_TENCENT_SECRET_KEY: &str = "bizlicenseEmulatorSecretKey0000000";
/// The WeChat AppID the emulator accepts when no other is configured.
pub const DEFAULT_WECHAT_APP_ID: &str = "wx0e1a2b3c4d5e6f70";
/// The AppSecret paired with [`DEFAULT_WECHAT_APP_ID`] (published, like the Tencent pair).
pub const DEFAULT_WECHAT_APP_SECRET: &str = "0e1a2b3c4d5e6f708192a3b4c5d6e7f8";

/// A Tencent client builder pointed at an emulator at `base_url` with the default credential
/// pair; set anything else (timeout, retries, other credentials) on the builder.
///
/// ```
/// let client = bizlicense_emulator::tencent_client("http://127.0.0.1:8080").build().unwrap();
/// assert_eq!(client.host(), "127.0.0.1:8080");
/// ```
pub fn tencent_client(base_url: &str) -> bizlicense_tencent::TencentClientBuilder {
    bizlicense_tencent::TencentClient::builder()
        .credentials(bizlicense_tencent::Credentials::new(
            DEFAULT_TENCENT_SECRET_ID,
            DEFAULT_TENCENT_SECRET_KEY,
        ))
        .endpoint(base_url)
}

/// A WeChat client builder pointed at an emulator at `base_url` with the default AppID and
/// AppSecret; set anything else on the builder.
pub fn wechat_client(base_url: &str) -> bizlicense_wechat::WechatClientBuilder {
    bizlicense_wechat::WechatClient::builder()
        .app_id(DEFAULT_WECHAT_APP_ID)
        .app_secret(DEFAULT_WECHAT_APP_SECRET)
        .api_base(base_url)
}

/// Path prefix under which the emulator serves fixture images (`img_url` / `ImageUrl` may
/// point here, and only here).
pub const IMAGES_PATH: &str = "/_emulator/images/";

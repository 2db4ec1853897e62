//! # bizlicense-wechat
//!
//! The WeChat OCR provider:
//!
//! - [`WechatClient`]: runs WeChat OCR endpoints ([`OcrEndpoint`]: [`BizLicense`], [`IdCard`])
//!   by image URL or upload, with bounded backoff on `-1` and one token refresh on token errors;
//! - [`TokenManager`]: fetches (`/cgi-bin/stable_token` or `/cgi-bin/token`), caches, refreshes
//!   ahead of expiry, single-flight, over a pluggable [`TokenStore`] ([`MemoryTokenStore`] by
//!   default; a shared store lets several processes use one token);
//! - [`WechatReader`]: the bizlicense OCR as a [`LicenseReader`](bizlicense_core::LicenseReader)
//!   with id `"wechat"`;
//! - [`wire`]: WeChat's JSON as types (both directions), and [`convert`]: into
//!   [`LicenseScan`](bizlicense_core::LicenseScan).
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use bizlicense_core::{LicenseImage, LicenseReader};
//! use bizlicense_wechat::WechatClient;
//!
//! let reader = WechatClient::from_env().build()?.reader();
//! let scan = reader.read(&LicenseImage::from_url("https://example.com/l.jpg")?).await?;
//! println!("{:?} {:?}", scan.credit_code, scan.name);
//! # Ok(()) }
//! ```
//!
//! Secrets (the AppSecret, access tokens) never appear in `Debug` output, logs or errors.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod builder;
mod client;
mod clock;
mod codes;
pub mod convert;
mod endpoint;
mod http;
mod reader;
mod token;
pub mod wire;

pub use builder::{BuildError, DEFAULT_API_BASE, ENV_APP_ID, ENV_APP_SECRET, WechatClientBuilder};
pub use client::{BackoffPolicy, OcrOutput, WechatClient};
pub use clock::{Clock, ManualClock, SystemClock};
pub use codes::kind_for_code;
pub use endpoint::{BizLicense, IdCard, IdCardMode, OcrEndpoint};
pub use reader::WechatReader;
#[cfg(feature = "redis")]
pub use token::RedisTokenStore;
pub use token::{
    AccessToken, MemoryTokenStore, StoreError, TokenEndpoint, TokenError, TokenManager, TokenStore,
};

/// The provider id of the bizlicense reader, used in errors and scans.
pub const PROVIDER_ID: &str = "wechat";

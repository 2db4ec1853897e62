//! # bizlicense-wechat
//!
//! The WeChat OCR provider: an access-token manager with pluggable [`TokenStore`]s and the
//! `/cv/ocr/bizlicense` call (by URL or upload), exposed as a
//! [`LicenseReader`](bizlicense_core::LicenseReader) with id `"wechat"`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod clock;
mod codes;
pub mod convert;
mod token;
pub mod wire;

pub use clock::{Clock, ManualClock, SystemClock};
pub use codes::kind_for_code;
pub use token::{AccessToken, MemoryTokenStore, StoreError, TokenStore};

/// The provider id of the bizlicense reader, used in errors and scans.
pub const PROVIDER_ID: &str = "wechat";

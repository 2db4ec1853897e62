//! # bizlicense-tencent
//!
//! The Tencent Cloud OCR provider for bizlicense:
//!
//! - [`sign`]: TC3-HMAC-SHA256, as a pure signer for clients and as building blocks a server
//!   uses to verify requests;
//! - [`credentials`]: explicit, environment and profile-file credentials, secrets redacted;
//! - [`wire`]: the JSON of each action, `Serialize + Deserialize`, reusable by servers;
//! - [`convert`]: wire types and raw JSON -> [`LicenseScan`](bizlicense_core::LicenseScan) /
//!   [`RegistryRecord`](bizlicense_core::RegistryRecord);
//! - [`TencentClient`]: builder, signing, retries, error envelopes, tracing;
//! - [`TencentReader`] (`BizLicenseOCR`) and [`TencentVerifier`] (the four verify actions): the
//!   core traits;
//! - [`errors`]: the one table from Tencent error codes to
//!   [`ErrorKind`](bizlicense_core::ErrorKind).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod client;
pub mod convert;
pub mod credentials;
pub mod errors;
mod image;
mod reader;
mod response;
pub mod sign;
mod verifier;
pub mod wire;

pub use client::{
    BuildError, CONTENT_TYPE, Called, DEFAULT_ENDPOINT, DEFAULT_REGION, DEFAULT_TIMEOUT, Language,
    RetryPolicy, SERVICE, TencentClient, TencentClientBuilder,
};
pub use image::MAX_BASE64_LEN;
pub use reader::TencentReader;
pub use verifier::{TencentVerifier, VerifyMode, VerifyRequest};

pub use convert::ConvertError;
pub use credentials::{Credentials, CredentialsChain, CredentialsError, CredentialsSource};

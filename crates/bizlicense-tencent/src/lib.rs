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
//! - [`errors`]: the one table from Tencent error codes to
//!   [`ErrorKind`](bizlicense_core::ErrorKind).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod convert;
pub mod credentials;
pub mod errors;
pub mod sign;
pub mod wire;

pub use convert::ConvertError;
pub use credentials::{Credentials, CredentialsChain, CredentialsError, CredentialsSource};

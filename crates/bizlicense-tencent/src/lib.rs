//! # bizlicense-tencent
//!
//! The Tencent Cloud OCR provider for bizlicense:
//!
//! - [`sign`]: TC3-HMAC-SHA256, as a pure signer for clients and as building blocks a server
//!   uses to verify requests;
//! - [`credentials`]: explicit, environment and profile-file credentials, secrets redacted.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod credentials;
pub mod sign;
pub mod wire;

pub use credentials::{Credentials, CredentialsChain, CredentialsError, CredentialsSource};

//! # bizlicense-core
//!
//! The domain of business-license verification, independent of any provider:
//!
//! - identifiers: [`CreditCode`] (统一社会信用代码), [`RegNo`]
//!   (注册号), [`OrgCode`] (组织机构代码), validated with their check digits;
//! - data: [`LicenseImage`], [`LicenseScan`] (what OCR read), [`RegistryRecord`] (what the
//!   registry holds), [`VerifyQuery`], [`Money`], [`ValidPeriod`];
//! - the two provider traits [`LicenseReader`] and [`RegistryVerifier`], and the one error type
//!   [`ProviderError`];
//! - [`compose`]: decorators (retry, timeout, rate limit, fallback, cache, tracing) that wrap any
//!   provider and are providers themselves;
//! - [`Pipeline`]: read -> verify -> reconcile.
//!
//! With the `testing` feature, `testing` holds an in-memory provider and the contract kit every
//! provider implementation should pass.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod compose;
mod error;
pub mod ident;
mod image;
mod money;
mod period;
mod pipeline;
mod provider;
mod query;
mod record;
mod scan;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use error::{ErrorKind, ProviderError};
pub use ident::{CreditCode, IdError, IdKind, OrgCode, RegNo, RegistrationId};
pub use image::{ImageError, ImageFormat, LicenseImage, sha256_hex};
pub use money::{Currency, Money};
pub use period::{INDEFINITE_WORDS, PeriodEnd, ValidPeriod, is_indefinite, parse_date};
pub use pipeline::{Pipeline, PipelineError, PipelineOutcome, Reconciler};
pub use provider::{LicenseReader, RegistryVerifier};
pub use query::{IdNumber, QueryField, VerifyCapabilities, VerifyQuery};
pub use record::{Consistency, RegistryRecord};
pub use scan::{CertPosition, DocumentFlag, ImageSize, LicenseScan, Point, Warning, non_empty};

/// Re-exported so provider crates and users name the same versions.
pub use async_trait::async_trait;
pub use jiff;
pub use rust_decimal;

//! # bizlicense
//!
//! Verify Chinese business licenses (营业执照): read them through OCR providers, check them
//! against the official registry through verification providers, and reconcile the two into a
//! report that says *pass*, *review* or *fail*, field by field, with reasons.
//!
//! This facade re-exports [`bizlicense_core`] and, behind cargo features (all on by default),
//! the provider crates and the reconciliation engine:
//!
//! | feature     | module                  | crate                  |
//! |-------------|-------------------------|------------------------|
//! | `tencent`   | [`tencent`]             | `bizlicense-tencent`   |
//! | `wechat`    | [`wechat`]              | `bizlicense-wechat`    |
//! | `reconcile` | [`reconcile`]           | `bizlicense-reconcile` |
//! | `emulator`  | [`emulator`]            | `bizlicense-emulator`  |
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub use bizlicense_core::*;

/// Tencent Cloud OCR provider (TC3 signing, `BizLicenseOCR`, the verify actions).
#[cfg(feature = "tencent")]
pub use bizlicense_tencent as tencent;

/// WeChat OCR provider (access-token manager, `cv/ocr/bizlicense`).
#[cfg(feature = "wechat")]
pub use bizlicense_wechat as wechat;

/// Reconciliation engine: normalization, comparators, policy, reports.
#[cfg(feature = "reconcile")]
pub use bizlicense_reconcile as reconcile;

/// Load scans and records from any known JSON format (needs the `tencent` and `wechat` features).
#[cfg(all(feature = "tencent", feature = "wechat"))]
pub mod load;

/// Local emulator of both providers, for tests, demos and development.
#[cfg(feature = "emulator")]
pub use bizlicense_emulator as emulator;

/// The Rust snippets of README.md run as doctests, so the README cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

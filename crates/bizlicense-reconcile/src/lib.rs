//! # bizlicense-reconcile
//!
//! Compares what OCR read from a business license ([`LicenseScan`]) with what the registry
//! holds ([`RegistryRecord`]) and decides pass / review / fail, tolerant of OCR noise and of
//! the many ways Chinese text writes the same thing.
//!
//! - [`normalize`]: one named, tested function per normalization step, and
//!   [`normalize::normalize_text`] composing them;
//! - [`compare`]: one comparator per field (credit code, name, person, address, capital,
//!   dates, enterprise type, scope);
//! - [`status`]: the operating-status table;
//! - [`Policy`]: thresholds and which findings fail or review;
//! - [`Engine`]: runs it all and returns a [`Report`] (the public JSON contract), and
//!   implements [`bizlicense_core::Reconciler`] for the core `Pipeline`.
//!
//! ```
//! use bizlicense_core::{LicenseScan, RegistryRecord, jiff::civil::date};
//! use bizlicense_reconcile::{Decision, Engine, FieldId, Reason, Verdict};
//!
//! let mut scan = LicenseScan::new("wechat");
//! scan.name = Some("腾迅科技（深圳）有限公司".into()); // OCR read 迅 for 讯
//! let mut record = RegistryRecord::new("tencent.verify_detailed");
//! record.name = Some("腾讯科技(深圳)有限公司".into());
//! record.status = Some("存续".into());
//!
//! let report = Engine::default().reconcile(&scan, &record, date(2024, 6, 1));
//! assert_eq!(report.field(FieldId::Name).unwrap().verdict, Verdict::Similar);
//! assert_eq!(report.decision, Decision::Review);
//! assert_eq!(report.reasons, vec![Reason::NameSimilar]);
//! ```
//!
//! [`LicenseScan`]: bizlicense_core::LicenseScan
//! [`RegistryRecord`]: bizlicense_core::RegistryRecord
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod compare;
mod engine;
pub mod normalize;
mod policy;
mod report;
pub mod status;

pub use engine::Engine;
pub use policy::{Findings, Policy, Thresholds};
pub use report::{Decision, FieldId, FieldReport, Reason, Report, Verdict, round_score};
pub use status::{StatusClass, classify_status};

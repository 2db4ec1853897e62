//! The command line: the clap tree of `bizlicense` and its subcommands.
//!
//! Flags and outputs here are a public contract (see `docs/cli.md`): scripts rely on them.
//! Settings that can also come from the environment or the config file are `Option`s without a
//! clap default, so [`crate::config`] can tell "not given" from "given" and apply
//! flags > env > file > built-in default.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::cmd::{
    batch::BatchArgs, code::CodeCommand, demo::DemoArgs, reconcile::ReconcileArgs,
    verify::VerifyArgs,
};

/// Verify Chinese business licenses (营业执照): OCR, registry checks and reconciliation.
#[derive(Debug, Parser)]
#[command(
    name = "bizlicense",
    version,
    about,
    long_about = "Verify Chinese business licenses (营业执照): read them with OCR providers \
(WeChat, Tencent Cloud), check them against the registry (Tencent Cloud), and reconcile the two \
into a pass / review / fail report, field by field, with reasons.",
    after_help = "\
Examples:
  bizlicense demo                                  # offline tour against a built-in emulator
  bizlicense code check 911101085636549482         # validate a credit code
  bizlicense reconcile --scan ocr.json --registry verify.json --format json
  bizlicense verify license.jpg --reader wechat --verifier detailed
  bizlicense batch --input jobs.jsonl --output results.jsonl --concurrency 8 --qps 10
  bizlicense emulator serve --port 8080

Configuration: flags > environment (BIZLICENSE_*) > config file (--config FILE, or
$XDG_CONFIG_HOME/bizlicense/config.toml when present). Provider credentials come from
TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY (/ TENCENTCLOUD_SESSION_TOKEN) and
WECHAT_APP_ID / WECHAT_APP_SECRET.

Exit codes: 0 ok; 1 invalid code (code check) or a provider failure; 2 bad usage or unreadable
input; 130 interrupted (batch)."
)]
pub struct Cli {
    /// Global options (output format, config file).
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every subcommand accepts.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Output format: `table` for people, `json` for scripts [default: table].
    #[arg(long, global = true, value_enum, env = "BIZLICENSE_FORMAT")]
    pub format: Option<Format>,
    /// Read settings from this TOML file (default: $XDG_CONFIG_HOME/bizlicense/config.toml,
    /// or ~/.config/bizlicense/config.toml, when present).
    #[arg(long, global = true, value_name = "FILE", env = "BIZLICENSE_CONFIG")]
    pub config: Option<PathBuf>,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Tables for people.
    Table,
    /// JSON for scripts.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Walk a few licenses through the full pipeline against a built-in emulator (offline).
    Demo(DemoArgs),
    /// Verify one license (an image file, an image URL or a code) against the providers.
    Verify(VerifyArgs),
    /// Reconcile an OCR result with a registry record, both given as JSON files.
    Reconcile(ReconcileArgs),
    /// Verify many licenses from JSONL, writing one JSON result per line, in input order.
    Batch(BatchArgs),
    /// Identifier tools.
    #[command(subcommand)]
    Code(CodeCommand),
    /// Run the local emulator of the Tencent Cloud and WeChat license APIs.
    Emulator(crate::emulator_cmd::EmulatorArgs),
}

/// Which OCR provider reads images.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReaderKind {
    /// WeChat `cv/ocr/bizlicense` (WECHAT_APP_ID / WECHAT_APP_SECRET).
    Wechat,
    /// Tencent Cloud `BizLicenseOCR` (TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY).
    Tencent,
}

/// Which Tencent Cloud registry action verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VerifierKind {
    /// `VerifyBasicBizLicense`: status, registration basics and per-field flags.
    Basic,
    /// `VerifyBizLicense`: the full registry record.
    Detailed,
    /// `VerifyBizLicenseEnterprise3`: credit code + name + legal representative consistency.
    Enterprise3,
    /// `VerifyBizLicenseEnterprise4`: the three plus the representative's ID number.
    Enterprise4,
}

/// Provider options shared by `verify` and `batch`.
#[derive(Debug, Clone, Args)]
pub struct ProviderArgs {
    /// OCR provider for images [default: wechat].
    #[arg(long, value_enum, env = "BIZLICENSE_READER")]
    pub reader: Option<ReaderKind>,
    /// Registry verification action [default: detailed].
    #[arg(long, value_enum, env = "BIZLICENSE_VERIFIER")]
    pub verifier: Option<VerifierKind>,
    /// Point every provider at a local emulator (e.g. http://127.0.0.1:8080); its published
    /// default credentials are used unless credentials are set in the environment.
    #[arg(long, value_name = "URL", env = "BIZLICENSE_EMULATOR")]
    pub emulator: Option<String>,
    /// Per-call timeout in seconds [default: 30].
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
}

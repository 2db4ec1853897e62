//! Settings: flags > environment > TOML file > built-in defaults.
//!
//! Clap already merges flags with their `BIZLICENSE_*` environment variables (a flag wins);
//! this module loads the TOML file and fills in whatever neither gave. Credentials are never
//! read from the file: they come from the providers' usual environment variables (and, for
//! Tencent, its profile file), so a config file can be shared without leaking secrets.
//!
//! ```toml
//! format = "table"          # or "json"
//! reader = "wechat"         # or "tencent"
//! verifier = "detailed"     # basic | detailed | enterprise3 | enterprise4
//! emulator = "http://127.0.0.1:8080"
//! timeout_secs = 30
//!
//! [tencent]
//! endpoint = "https://ocr.tencentcloudapi.com"
//! region = "ap-guangzhou"
//!
//! [wechat]
//! api_base = "https://api.weixin.qq.com"
//!
//! [batch]
//! concurrency = 4
//! qps = 5
//! cache_ttl_secs = 3600
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::app::{Format, GlobalArgs, ProviderArgs, ReaderKind, VerifierKind};
use crate::error::CliError;

/// The config file's contents. Every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileConfig {
    /// Output format.
    pub format: Option<Format>,
    /// OCR provider.
    pub reader: Option<ReaderKind>,
    /// Registry action.
    pub verifier: Option<VerifierKind>,
    /// Emulator base URL (points every provider at it).
    pub emulator: Option<String>,
    /// Per-call timeout.
    pub timeout_secs: Option<u64>,
    /// Tencent Cloud settings.
    pub tencent: TencentFileConfig,
    /// WeChat settings.
    pub wechat: WechatFileConfig,
    /// `batch` defaults.
    pub batch: BatchFileConfig,
}

/// `[tencent]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TencentFileConfig {
    /// API endpoint (scheme + host), e.g. `https://ocr.tencentcloudapi.com`.
    pub endpoint: Option<String>,
    /// Region, e.g. `ap-guangzhou`.
    pub region: Option<String>,
}

/// `[wechat]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WechatFileConfig {
    /// API base, e.g. `https://api.weixin.qq.com`.
    pub api_base: Option<String>,
}

/// `[batch]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BatchFileConfig {
    /// Licenses in flight at once.
    pub concurrency: Option<usize>,
    /// Calls per second per provider.
    pub qps: Option<u32>,
    /// How long answers are cached.
    pub cache_ttl_secs: Option<u64>,
}

/// The default config location: `$XDG_CONFIG_HOME/bizlicense/config.toml`, else
/// `$HOME/.config/bizlicense/config.toml`.
pub fn default_path(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let base = env("XDG_CONFIG_HOME")
        .filter(|s| !s.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            env("HOME")
                .filter(|s| !s.is_empty())
                .map(|h| Path::new(&h).join(".config"))
        })?;
    Some(base.join("bizlicense").join("config.toml"))
}

/// Load the config: the explicit file (which must exist), else the default location when a
/// file is there, else an empty config.
pub fn load(explicit: Option<&Path>) -> Result<FileConfig, CliError> {
    let env = |k: &str| std::env::var(k).ok();
    match explicit {
        Some(path) => read(path),
        None => match default_path(&env) {
            Some(path) if path.is_file() => read(&path),
            _ => Ok(FileConfig::default()),
        },
    }
}

fn read(path: &Path) -> Result<FileConfig, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CliError::usage(
            format!("cannot read config file {}: {e}", path.display()),
            "check the path given to --config (or BIZLICENSE_CONFIG)",
        )
    })?;
    parse(&text).map_err(|e| {
        CliError::usage(
            format!("config file {} is not valid: {e}", path.display()),
            "see `docs/cli.md` (Configuration) for the keys it accepts",
        )
    })
}

/// Parse config text.
pub fn parse(text: &str) -> Result<FileConfig, toml::de::Error> {
    toml::from_str(text)
}

/// Everything a command needs to know, resolved.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Output format.
    pub format: Format,
    /// The loaded file (for command-specific sections).
    pub file: FileConfig,
}

impl Settings {
    /// Merge global flags (clap already merged env) with the file.
    pub fn resolve(global: &GlobalArgs) -> Result<Settings, CliError> {
        let file = load(global.config.as_deref())?;
        Ok(Settings {
            format: global.format.or(file.format).unwrap_or(Format::Table),
            file,
        })
    }

    /// Provider settings for `verify` and `batch`.
    pub fn providers(&self, args: &ProviderArgs) -> ProviderSettings {
        let emulator = args
            .emulator
            .clone()
            .or_else(|| self.file.emulator.clone())
            .map(|u| u.trim_end_matches('/').to_owned());
        ProviderSettings {
            reader: args
                .reader
                .or(self.file.reader)
                .unwrap_or(ReaderKind::Wechat),
            verifier: args
                .verifier
                .or(self.file.verifier)
                .unwrap_or(VerifierKind::Detailed),
            timeout_secs: args.timeout.or(self.file.timeout_secs).unwrap_or(30),
            tencent_endpoint: emulator
                .clone()
                .or_else(|| self.file.tencent.endpoint.clone()),
            tencent_region: self.file.tencent.region.clone(),
            wechat_api_base: emulator
                .clone()
                .or_else(|| self.file.wechat.api_base.clone()),
            emulator,
        }
    }
}

/// Resolved provider settings.
#[derive(Debug, Clone)]
pub struct ProviderSettings {
    /// OCR provider.
    pub reader: ReaderKind,
    /// Registry action.
    pub verifier: VerifierKind,
    /// Per-call timeout.
    pub timeout_secs: u64,
    /// The emulator, when everything points at one.
    pub emulator: Option<String>,
    /// Tencent endpoint override.
    pub tencent_endpoint: Option<String>,
    /// Tencent region override.
    pub tencent_region: Option<String>,
    /// WeChat API base override.
    pub wechat_api_base: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_key() {
        let c = parse(
            r#"
            format = "json"
            reader = "tencent"
            verifier = "enterprise4"
            emulator = "http://127.0.0.1:9/"
            timeout_secs = 5
            [tencent]
            endpoint = "https://example.invalid"
            region = "ap-shanghai"
            [wechat]
            api_base = "https://wx.example.invalid"
            [batch]
            concurrency = 3
            qps = 7
            cache_ttl_secs = 60
            "#,
        )
        .unwrap();
        assert_eq!(c.format, Some(Format::Json));
        assert_eq!(c.reader, Some(ReaderKind::Tencent));
        assert_eq!(c.verifier, Some(VerifierKind::Enterprise4));
        assert_eq!(c.batch.qps, Some(7));
        assert_eq!(c.tencent.region.as_deref(), Some("ap-shanghai"));
    }

    #[test]
    fn rejects_unknown_keys_and_values() {
        assert!(parse("colour = 1").is_err());
        assert!(parse("reader = \"baidu\"").is_err());
        assert!(parse("[tencent]\nsecret_key = \"x\"").is_err());
    }

    #[test]
    fn flags_beat_file_and_emulator_overrides_endpoints() {
        let settings = Settings {
            format: Format::Table,
            file: parse("reader = \"tencent\"\nemulator = \"http://127.0.0.1:1/\"\n[wechat]\napi_base = \"https://wx\"").unwrap(),
        };
        let args = ProviderArgs {
            reader: Some(ReaderKind::Wechat),
            verifier: None,
            emulator: None,
            timeout: None,
        };
        let p = settings.providers(&args);
        assert_eq!(p.reader, ReaderKind::Wechat);
        assert_eq!(p.verifier, VerifierKind::Detailed);
        assert_eq!(p.emulator.as_deref(), Some("http://127.0.0.1:1"));
        assert_eq!(p.wechat_api_base.as_deref(), Some("http://127.0.0.1:1"));
        assert_eq!(p.timeout_secs, 30);
    }

    #[test]
    fn default_path_prefers_xdg() {
        let env = |k: &str| match k {
            "XDG_CONFIG_HOME" => Some("/x".to_owned()),
            "HOME" => Some("/h".to_owned()),
            _ => None,
        };
        assert_eq!(
            default_path(&env),
            Some(PathBuf::from("/x/bizlicense/config.toml"))
        );
        let env = |k: &str| (k == "HOME").then(|| "/h".to_owned());
        assert_eq!(
            default_path(&env),
            Some(PathBuf::from("/h/.config/bizlicense/config.toml"))
        );
    }
}

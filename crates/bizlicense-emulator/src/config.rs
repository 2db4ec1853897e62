//! Emulator configuration.

use std::path::PathBuf;
use std::time::Duration;

use crate::faults::Fault;
use crate::{
    DEFAULT_TENCENT_SECRET_ID, DEFAULT_TENCENT_SECRET_KEY, DEFAULT_WECHAT_APP_ID,
    DEFAULT_WECHAT_APP_SECRET,
};

/// Everything the emulator can be told at start. `Default` binds `127.0.0.1:0` (a free port),
/// loads the shipped fixtures and accepts the documented default credential pairs.
///
/// ```
/// use bizlicense_emulator::EmulatorConfig;
/// let cfg = EmulatorConfig::default()
///     .with_port(0)
///     .with_tencent_secret("AKIDmine", "my-key")
///     .with_wechat_app("wx1234", "s3cret");
/// assert_eq!(cfg.tencent_secrets.len(), 1);
/// assert!(!format!("{cfg:?}").contains("my-key"));
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct EmulatorConfig {
    /// Address to bind (default `127.0.0.1`).
    pub host: String,
    /// Port to bind; `0` picks a free one (default).
    pub port: u16,
    /// A fixture directory; `None` uses the shipped set ([`crate::Fixtures::default_dir`]).
    pub fixtures_dir: Option<PathBuf>,
    /// Accepted Tencent (SecretId, SecretKey) pairs.
    pub tencent_secrets: Vec<(String, String)>,
    /// Accepted WeChat (AppID, AppSecret) pairs.
    pub wechat_apps: Vec<(String, String)>,
    /// Faults active from the start (more can be added at run time via `/_emulator/faults`).
    pub faults: Vec<Fault>,
    /// Lifetime of a WeChat access token (default 7200 s).
    pub token_lifetime: Duration,
    /// How long a classic token stays valid after `/cgi-bin/token` issued a newer one, and a
    /// stable token after a `force_refresh` (default 300 s).
    pub token_grace: Duration,
    /// How far `X-TC-Timestamp` may be from the emulator's clock (default 300 s).
    pub signature_window: Duration,
}

/// Secret keys and app secrets are redacted: a config can be logged.
impl std::fmt::Debug for EmulatorConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids = |pairs: &[(String, String)]| -> Vec<String> {
            pairs
                .iter()
                .map(|(id, _)| format!("{id}:[REDACTED]"))
                .collect()
        };
        f.debug_struct("EmulatorConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("fixtures_dir", &self.fixtures_dir)
            .field("tencent_secrets", &ids(&self.tencent_secrets))
            .field("wechat_apps", &ids(&self.wechat_apps))
            .field("faults", &self.faults)
            .field("token_lifetime", &self.token_lifetime)
            .field("token_grace", &self.token_grace)
            .field("signature_window", &self.signature_window)
            .finish()
    }
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            host: "127.0.0.1".to_owned(),
            port: 0,
            fixtures_dir: None,
            tencent_secrets: vec![(
                DEFAULT_TENCENT_SECRET_ID.to_owned(),
                DEFAULT_TENCENT_SECRET_KEY.to_owned(),
            )],
            wechat_apps: vec![(
                DEFAULT_WECHAT_APP_ID.to_owned(),
                DEFAULT_WECHAT_APP_SECRET.to_owned(),
            )],
            faults: Vec::new(),
            token_lifetime: Duration::from_secs(7200),
            token_grace: Duration::from_secs(300),
            signature_window: Duration::from_secs(300),
        }
    }
}

impl EmulatorConfig {
    /// Set the bind address.
    pub fn with_host(mut self, host: impl Into<String>) -> Self {
        self.host = host.into();
        self
    }

    /// Set the port (`0`: any free port).
    pub fn with_port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Serve fixtures from this directory instead of the shipped set.
    pub fn with_fixtures_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.fixtures_dir = Some(dir.into());
        self
    }

    /// Accept this Tencent pair. The first call replaces the default pair; later calls add.
    pub fn with_tencent_secret(mut self, id: impl Into<String>, key: impl Into<String>) -> Self {
        if self.tencent_secrets.len() == 1 && self.tencent_secrets[0].0 == DEFAULT_TENCENT_SECRET_ID
        {
            self.tencent_secrets.clear();
        }
        self.tencent_secrets.push((id.into(), key.into()));
        self
    }

    /// Accept this WeChat pair. The first call replaces the default pair; later calls add.
    pub fn with_wechat_app(mut self, appid: impl Into<String>, secret: impl Into<String>) -> Self {
        if self.wechat_apps.len() == 1 && self.wechat_apps[0].0 == DEFAULT_WECHAT_APP_ID {
            self.wechat_apps.clear();
        }
        self.wechat_apps.push((appid.into(), secret.into()));
        self
    }

    /// Add a fault active from the start.
    pub fn with_fault(mut self, fault: Fault) -> Self {
        self.faults.push(fault);
        self
    }

    /// Set the WeChat token lifetime.
    pub fn with_token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// Set the grace period of a superseded WeChat token.
    pub fn with_token_grace(mut self, grace: Duration) -> Self {
        self.token_grace = grace;
        self
    }

    /// Set the accepted TC3 timestamp skew.
    pub fn with_signature_window(mut self, window: Duration) -> Self {
        self.signature_window = window;
        self
    }
}

//! The shared state behind every handler (one `Arc`, built once at start).

use std::collections::HashMap;
use std::sync::Arc;

use crate::clock::Clock;
use crate::config::EmulatorConfig;
use crate::faults::FaultSet;
use crate::fixtures::Fixtures;
use crate::stats::Stats;
use crate::wechat::WechatBodies;
use crate::wechat::token::TokenRegistry;

pub(crate) type SharedState = Arc<AppState>;

/// No `Debug`: it holds secrets and live tokens.
pub(crate) struct AppState {
    pub(crate) fixtures: Fixtures,
    pub(crate) tencent_secrets: HashMap<String, String>,
    pub(crate) wechat_apps: HashMap<String, String>,
    pub(crate) tokens: TokenRegistry,
    pub(crate) wechat_bodies: WechatBodies,
    pub(crate) faults: FaultSet,
    pub(crate) stats: Stats,
    pub(crate) clock: Clock,
    /// The port actually bound (the configured one may be 0).
    pub(crate) port: u16,
    pub(crate) token_lifetime_secs: i64,
    pub(crate) token_grace_secs: i64,
    pub(crate) signature_window_secs: i64,
}

impl AppState {
    pub(crate) fn new(config: &EmulatorConfig, fixtures: Fixtures, port: u16) -> Self {
        let wechat_bodies = WechatBodies::build(&fixtures);
        AppState {
            tencent_secrets: config.tencent_secrets.iter().cloned().collect(),
            wechat_apps: config.wechat_apps.iter().cloned().collect(),
            tokens: TokenRegistry::default(),
            wechat_bodies,
            faults: FaultSet::new(config.faults.clone()),
            stats: Stats::default(),
            clock: Clock::default(),
            port,
            token_lifetime_secs: config.token_lifetime.as_secs() as i64,
            token_grace_secs: config.token_grace.as_secs() as i64,
            signature_window_secs: config.signature_window.as_secs() as i64,
            fixtures,
        }
    }
}

//! Starting and stopping the server; the router; the fault wrapper every route goes through.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::response::Response;
use axum::routing::{get, post};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::config::EmulatorConfig;
use crate::faults::{self, FaultKind};
use crate::fixtures::{FixtureError, Fixtures};
use crate::state::{AppState, SharedState};
use crate::stats::Route;
use crate::{admin, tencent, wechat};

/// Largest request body accepted at all; provider limits (7 MB base64, 2 MB upload) are
/// checked below it so clients get the provider's own error code.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// Why the emulator could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmulatorError {
    /// The fixture set could not be loaded.
    #[error(transparent)]
    Fixtures(#[from] FixtureError),
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A configured fault rule is invalid.
    #[error("invalid fault rule: {0}")]
    Fault(String),
}

/// Starts emulators.
#[derive(Debug, Clone, Copy)]
pub struct Emulator;

impl Emulator {
    /// Start on `127.0.0.1` with a free port, the shipped fixtures and the default
    /// credentials. Returns the base URL (`http://127.0.0.1:PORT`) and the handle; dropping
    /// the handle stops the server.
    pub async fn start_local() -> Result<(String, EmulatorHandle), EmulatorError> {
        Self::start(EmulatorConfig::default()).await
    }

    /// Start with `config`. Returns the base URL and the handle.
    pub async fn start(config: EmulatorConfig) -> Result<(String, EmulatorHandle), EmulatorError> {
        for f in &config.faults {
            f.validate().map_err(EmulatorError::Fault)?;
        }
        let fixtures = match &config.fixtures_dir {
            Some(dir) => Fixtures::load(dir)?,
            None => Fixtures::load_default()?,
        };
        let addr = format!("{}:{}", config.host, config.port);
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .map_err(|source| EmulatorError::Bind {
                addr: addr.clone(),
                source,
            })?;
        let local = listener
            .local_addr()
            .map_err(|source| EmulatorError::Bind { addr, source })?;
        let state = Arc::new(AppState::new(&config, fixtures, local.port()));
        let app = router(state);
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let shutdown = async {
                let _ = rx.await;
            };
            if let Err(e) = axum::serve(listener, app)
                .with_graceful_shutdown(shutdown)
                .await
            {
                tracing::error!(error = %e, "emulator server stopped with an error");
            }
        });
        let host = match local {
            SocketAddr::V6(a) => format!("[{}]", a.ip()),
            SocketAddr::V4(a) => a.ip().to_string(),
        };
        let base_url = format!("http://{host}:{}", local.port());
        tracing::info!(%base_url, "emulator listening");
        Ok((
            base_url.clone(),
            EmulatorHandle {
                base_url,
                addr: local,
                shutdown: Some(tx),
                task: Some(task),
            },
        ))
    }
}

/// A running emulator. Dropping it stops the server (without waiting).
#[derive(Debug)]
pub struct EmulatorHandle {
    base_url: String,
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl EmulatorHandle {
    /// `http://HOST:PORT`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stop accepting connections, let in-flight requests finish, and wait for the server.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Serve until the server stops (it only stops through [`shutdown`](Self::shutdown) or
    /// drop, so this is "forever" for a standalone server).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

fn router(state: SharedState) -> Router {
    Router::new()
        .route("/", post(tencent::handle))
        .route("/cgi-bin/token", get(wechat::classic_token))
        .route("/cgi-bin/stable_token", post(wechat::stable_token))
        .route("/cv/ocr/bizlicense", post(wechat::ocr).get(wechat::ocr))
        .merge(admin::routes())
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(state)
}

/// Count the call, apply the route's faults, and run `handler` unless a fault answers
/// instead.
pub(crate) async fn guarded(
    state: &AppState,
    route: Route,
    handler: impl Future<Output = Response>,
) -> Response {
    state.stats.call(route);
    let applied = state.faults.take(route);
    if applied.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(applied.latency_ms)).await;
    }
    let Some(action) = applied.action else {
        return handler.await;
    };
    tracing::debug!(route = route.name(), fault = ?action, "injecting fault");
    match action {
        FaultKind::HttpStatus { status } => faults::http_status(status),
        FaultKind::Drop => faults::drop_connection(),
        FaultKind::Malformed => faults::malformed(),
        FaultKind::Truncated => faults::truncate(handler.await).await,
        FaultKind::RateLimit { errcode } => {
            if route.is_wechat() {
                wechat::rate_limited(errcode)
            } else {
                tencent::error_response(
                    "RequestLimitExceeded",
                    "Your current request times equals to `20` in a second, which exceeds the frequency limit `20` for a second. Please reduce the frequency of calls.",
                )
            }
        }
        FaultKind::TokenExpired => {
            if route.is_wechat() {
                state.tokens.expire_all(state.clock.now());
                if route == Route::WechatOcr {
                    wechat::error(42001, "access_token expired")
                } else {
                    handler.await
                }
            } else {
                tencent::error_response(
                    "AuthFailure.TokenFailure",
                    "The temporary credentials token has expired (emulator fault injection).",
                )
            }
        }
        // Latency never becomes the action; answer normally for any future kind.
        _ => handler.await,
    }
}

//! Why no access token could be had.

use bizlicense_core::{ErrorKind, ProviderError};

/// Why the [`TokenManager`](crate::TokenManager) could not produce a token.
///
/// Never contains the AppSecret or a token.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct TokenError {
    kind: ErrorKind,
    code: Option<i64>,
    message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl TokenError {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        TokenError {
            kind,
            code: None,
            message: message.into(),
            source: None,
        }
    }

    pub(crate) fn with_code(mut self, code: i64) -> Self {
        self.code = Some(code);
        self
    }

    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        self.source = Some(Box::new(source));
        self
    }

    /// The kind: [`ErrorKind::Config`] or [`ErrorKind::Auth`] for what you must fix,
    /// [`ErrorKind::Unavailable`], [`ErrorKind::Network`], [`ErrorKind::Timeout`] or
    /// [`ErrorKind::Protocol`] for the rest.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// WeChat's `errcode`, when the token endpoint answered one.
    pub fn code(&self) -> Option<i64> {
        self.code
    }

    /// Into the provider error of `provider`.
    pub fn into_provider_error(self, provider: &str) -> ProviderError {
        let mut e = ProviderError::new(provider, self.kind, self.message);
        if let Some(code) = self.code {
            e = e.with_code(code.to_string());
        }
        if let Some(source) = self.source {
            e = e.with_source(BoxedSource(source));
        }
        e
    }
}

/// Adapts a boxed error to `impl Error` for [`ProviderError::with_source`].
#[derive(Debug)]
struct BoxedSource(Box<dyn std::error::Error + Send + Sync + 'static>);

impl std::fmt::Display for BoxedSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for BoxedSource {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

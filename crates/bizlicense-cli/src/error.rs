//! The CLI's error: what went wrong, what to do about it, and the exit code.
//!
//! Printed like cargo and ripgrep:
//!
//! ```text
//! error: cannot read --scan file ocr.json: No such file or directory (os error 2)
//! hint: check the path; --scan takes a JSON file with an OCR result
//! ```

use std::fmt;
use std::io::Write;

use bizlicense::{ErrorKind, ProviderError};

/// Exit code: everything went fine.
pub const EXIT_OK: u8 = 0;
/// Exit code: the work was done and found something wrong (an invalid code), or a provider
/// call failed.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code: bad usage or unreadable input (clap's own usage errors use it too).
pub const EXIT_USAGE: u8 = 2;
/// Exit code: interrupted by Ctrl-C (128 + SIGINT).
pub const EXIT_INTERRUPTED: u8 = 130;

/// An error for the user: a message, a hint and an exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliError {
    /// What went wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The process exit code.
    pub exit: u8,
}

impl CliError {
    /// Bad usage or unreadable input: exit 2.
    pub fn usage(message: impl Into<String>, hint: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            hint: Some(hint.into()),
            exit: EXIT_USAGE,
        }
    }

    /// A failure while doing the work (a provider error, an I/O error on output): exit 1.
    pub fn failure(message: impl Into<String>, hint: impl Into<String>) -> Self {
        CliError {
            message: message.into(),
            hint: Some(hint.into()),
            exit: EXIT_FAILURE,
        }
    }

    /// A provider error, with a hint chosen by its kind. Configuration problems (credentials,
    /// billing) exit 2; the rest exit 1.
    pub fn provider(context: &str, err: &ProviderError) -> Self {
        let (hint, exit) = provider_hint(err);
        CliError {
            message: format!("{context}: {err}"),
            hint: Some(hint.to_owned()),
            exit,
        }
    }

    /// Write `error: ...` and `hint: ...` to `w`.
    pub fn write_to(&self, w: &mut dyn Write) -> std::io::Result<()> {
        writeln!(w, "error: {}", self.message)?;
        if let Some(h) = &self.hint {
            writeln!(w, "hint: {h}")?;
        }
        Ok(())
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CliError {}

/// What to tell the user for a provider error, and the exit code.
pub fn provider_hint(err: &ProviderError) -> (&'static str, u8) {
    match err.kind() {
        ErrorKind::Auth => (
            "check the credentials: TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY for Tencent, \
             WECHAT_APP_ID / WECHAT_APP_SECRET for WeChat (with --emulator, unset them to use the \
             emulator's defaults)",
            EXIT_USAGE,
        ),
        ErrorKind::Config => (
            "check the provider settings (endpoint, region, app id) in flags, BIZLICENSE_* \
             variables or the config file",
            EXIT_USAGE,
        ),
        ErrorKind::Billing | ErrorKind::QuotaExceeded => (
            "the provider account cannot be billed or is out of quota: check the service is \
             enabled and funded",
            EXIT_USAGE,
        ),
        ErrorKind::InvalidInput => (
            "check the input: a PNG/JPEG license image, or a credit code with the fields the \
             verifier requires",
            EXIT_USAGE,
        ),
        ErrorKind::RateLimited => (
            "the provider is rate limiting: retry later, or lower --qps / --concurrency",
            EXIT_FAILURE,
        ),
        ErrorKind::NotFound => (
            "the registry has no such company: check the code and name",
            EXIT_FAILURE,
        ),
        ErrorKind::ImageRejected => (
            "the provider rejected the image: send a PNG or JPEG under the provider's size limit",
            EXIT_USAGE,
        ),
        ErrorKind::NotALicense => (
            "the image does not look like a business license: check the file",
            EXIT_FAILURE,
        ),
        ErrorKind::Timeout | ErrorKind::Unavailable | ErrorKind::Network => (
            "the provider did not answer: check the network (or --emulator URL) and retry",
            EXIT_FAILURE,
        ),
        _ => (
            "rerun with RUST_LOG=debug for the provider's request id and details",
            EXIT_FAILURE,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_error_and_hint() {
        let mut out = Vec::new();
        CliError::usage("bad thing", "do this")
            .write_to(&mut out)
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "error: bad thing\nhint: do this\n"
        );
    }

    #[test]
    fn auth_errors_are_configuration_errors() {
        let e = ProviderError::new("wechat", ErrorKind::Auth, "invalid credential");
        let cli = CliError::provider("reading the license failed", &e);
        assert_eq!(cli.exit, EXIT_USAGE);
        assert!(cli.hint.unwrap().contains("WECHAT_APP_ID"));
        let e = ProviderError::new("wechat", ErrorKind::Timeout, "slow");
        assert_eq!(CliError::provider("x", &e).exit, EXIT_FAILURE);
    }
}

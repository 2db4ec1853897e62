//! Building the configured reader and verifier, and running one license through them.
//!
//! Credentials come from the providers' usual places (Tencent: `TENCENTCLOUD_SECRET_ID` /
//! `TENCENTCLOUD_SECRET_KEY` / `TENCENTCLOUD_SESSION_TOKEN`, then its profile file; WeChat:
//! `WECHAT_APP_ID` / `WECHAT_APP_SECRET`). With `--emulator`, the emulator's published default
//! credentials are used unless the environment variables are set.

use std::sync::Arc;
use std::time::Duration;

use bizlicense::emulator::{
    DEFAULT_TENCENT_SECRET_ID, DEFAULT_TENCENT_SECRET_KEY, DEFAULT_WECHAT_APP_ID,
    DEFAULT_WECHAT_APP_SECRET,
};
use bizlicense::jiff::civil::Date;
use bizlicense::reconcile::{Engine, Report};
use bizlicense::tencent::{Credentials, TencentClient, TencentReader, TencentVerifier, VerifyMode};
use bizlicense::wechat::{BackoffPolicy, WechatClient};
use bizlicense::{
    LicenseImage, LicenseReader, LicenseScan, Pipeline, PipelineError, ProviderError,
    RegistryRecord, RegistryVerifier, VerifyQuery,
};

use crate::app::{ReaderKind, VerifierKind};
use crate::config::ProviderSettings;
use crate::error::CliError;

/// Reader and verifier, type-erased so decorators can be stacked on either.
#[derive(Clone)]
pub struct Providers {
    /// The OCR provider.
    pub reader: Arc<dyn LicenseReader>,
    /// The registry provider.
    pub verifier: Arc<dyn RegistryVerifier>,
}

/// Whether the provider clients retry by themselves. `batch` turns this off and stacks the
/// `compose::Retry` decorator instead, so retries are not multiplied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientRetries {
    /// The clients' own retry policies.
    On,
    /// No client-level retries.
    Off,
}

fn env_set(name: &str) -> bool {
    std::env::var_os(name).is_some_and(|v| !v.is_empty())
}

/// The Tencent client the settings describe.
pub fn tencent_client(
    s: &ProviderSettings,
    retries: ClientRetries,
) -> Result<TencentClient, CliError> {
    let mut b = TencentClient::builder().timeout(Duration::from_secs(s.timeout_secs));
    if let Some(endpoint) = &s.tencent_endpoint {
        b = b.endpoint(endpoint.clone());
    }
    if let Some(region) = &s.tencent_region {
        b = b.region(region.clone());
    }
    if s.emulator.is_some() && !env_set("TENCENTCLOUD_SECRET_ID") {
        b = b.credentials(Credentials::new(
            DEFAULT_TENCENT_SECRET_ID,
            DEFAULT_TENCENT_SECRET_KEY,
        ));
    }
    if retries == ClientRetries::Off {
        b = b.retry(bizlicense::tencent::RetryPolicy::none());
    }
    b.build().map_err(|e| {
        CliError::usage(
            format!("cannot set up Tencent Cloud: {e}"),
            "set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (or ~/.tencentcloud/credentials), \
             or pass --emulator URL to use a local emulator",
        )
    })
}

/// The WeChat client the settings describe.
pub fn wechat_client(
    s: &ProviderSettings,
    retries: ClientRetries,
) -> Result<WechatClient, CliError> {
    let mut b = WechatClient::from_env().timeout(Duration::from_secs(s.timeout_secs));
    if let Some(base) = &s.wechat_api_base {
        b = b.api_base(base.clone());
    }
    if s.emulator.is_some() && !env_set(bizlicense::wechat::ENV_APP_ID) {
        b = b
            .app_id(DEFAULT_WECHAT_APP_ID)
            .app_secret(DEFAULT_WECHAT_APP_SECRET);
    }
    if retries == ClientRetries::Off {
        b = b.backoff(BackoffPolicy::none());
    }
    b.build().map_err(|e| {
        CliError::usage(
            format!("cannot set up WeChat: {e}"),
            "set WECHAT_APP_ID and WECHAT_APP_SECRET, use --reader tencent, or pass --emulator URL",
        )
    })
}

/// The verify mode for a `--verifier` value.
pub fn verify_mode(kind: VerifierKind) -> VerifyMode {
    match kind {
        VerifierKind::Basic => VerifyMode::Basic,
        VerifierKind::Detailed => VerifyMode::Detailed,
        VerifierKind::Enterprise3 => VerifyMode::Enterprise3,
        VerifierKind::Enterprise4 => VerifyMode::Enterprise4,
    }
}

/// Build the reader and verifier the settings ask for.
pub fn build(s: &ProviderSettings, retries: ClientRetries) -> Result<Providers, CliError> {
    // Built lazily: a user who only verifies codes needs no WeChat credentials, but the
    // Tencent client is needed for verification either way.
    let tencent = tencent_client(s, retries)?;
    let reader: Arc<dyn LicenseReader> = match s.reader {
        ReaderKind::Wechat => Arc::new(wechat_client(s, retries)?.reader()),
        ReaderKind::Tencent => Arc::new(TencentReader::new(tencent.clone())),
    };
    let verifier = Arc::new(TencentVerifier::new(tencent, verify_mode(s.verifier)));
    Ok(Providers { reader, verifier })
}

/// What to verify: a license image, or a code with the fields the user knows.
#[derive(Debug, Clone)]
pub enum Subject {
    /// An image file's bytes or an image URL.
    Image(LicenseImage),
    /// A code and the fields to check with it.
    Code(CodeSubject),
}

/// A code and the fields to check with it.
#[derive(Debug, Clone, Default)]
pub struct CodeSubject {
    /// Credit code or registration number.
    pub code: String,
    /// Company name.
    pub name: Option<String>,
    /// Address.
    pub address: Option<String>,
    /// Legal representative.
    pub legal_representative: Option<String>,
    /// The legal representative's ID number (Enterprise4).
    pub id_number: Option<String>,
}

impl CodeSubject {
    /// The "scan" side for a code: what the user claims.
    pub fn as_scan(&self) -> LicenseScan {
        let mut scan = LicenseScan::new("input");
        scan.credit_code = Some(self.code.clone());
        scan.name = self.name.clone();
        scan.address = self.address.clone();
        scan.legal_representative = self.legal_representative.clone();
        scan
    }

    /// The registry query for a code.
    pub fn query(&self) -> VerifyQuery {
        let mut q = VerifyQuery::by_code(self.code.clone());
        q.name = self.name.clone();
        q.address = self.address.clone();
        q.legal_representative = self.legal_representative.clone();
        if let Some(id) = &self.id_number {
            q = q.with_id_number(id.clone());
        }
        q
    }
}

/// Everything one verification produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// What was read (or claimed, for a code).
    pub scan: LicenseScan,
    /// What the registry holds.
    pub record: RegistryRecord,
    /// The reconciliation.
    pub report: Report,
}

/// Why one verification failed.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Which step: `read`, `verify`, `input`.
    pub stage: &'static str,
    /// The provider error, when a provider failed.
    pub provider: Option<ProviderError>,
    /// What went wrong.
    pub message: String,
}

impl Failure {
    /// The error kind as a stable string (`rate_limited`, `no_code`, ...).
    pub fn kind(&self) -> &str {
        match &self.provider {
            Some(e) => e.kind().as_str(),
            None if self.stage == "read" => "no_code",
            None => "invalid_input",
        }
    }

    /// As a CLI error with a hint.
    pub fn to_cli_error(&self) -> CliError {
        match &self.provider {
            Some(e) => {
                let what = if self.stage == "read" {
                    "reading the license failed"
                } else {
                    "verifying against the registry failed"
                };
                CliError::provider(what, e)
            }
            None => CliError::failure(
                self.message.clone(),
                "pass the code instead of the image (with --name, --legal-rep ...), or use \
                 --verifier basic or detailed, which verify from an image",
            ),
        }
    }
}

/// Runs subjects through read -> verify -> reconcile.
pub struct Service {
    pipeline: Pipeline<Engine>,
    id_number: Option<String>,
}

impl Service {
    /// A service over `providers`, reconciling as of `as_of`. `id_number` is added to image
    /// queries (Enterprise4 needs it; OCR cannot read it).
    pub fn new(providers: Providers, as_of: Date, id_number: Option<String>) -> Self {
        Service {
            pipeline: Pipeline::new(providers.reader, providers.verifier, Engine::default())
                .with_as_of(as_of),
            id_number,
        }
    }

    /// Verify one subject.
    pub async fn check(&self, subject: &Subject) -> Result<Outcome, Failure> {
        let result = match subject {
            Subject::Code(c) => self.pipeline.run_with_scan(c.as_scan(), &c.query()).await,
            Subject::Image(image) => {
                let scan = self
                    .pipeline
                    .reader()
                    .read(image)
                    .await
                    .map_err(|e| Failure {
                        stage: "read",
                        message: e.to_string(),
                        provider: Some(e),
                    })?;
                let Some(mut query) = self.pipeline.query_for(&scan, image) else {
                    return Err(Failure {
                        stage: "read",
                        provider: None,
                        message: format!(
                            "the OCR result has no credit code and {} cannot verify from an image",
                            self.pipeline.verifier().id()
                        ),
                    });
                };
                if let Some(id) = &self.id_number {
                    query = query.with_id_number(id.clone());
                }
                self.pipeline.run_with_scan(scan, &query).await
            }
        };
        result
            .map(|o| Outcome {
                scan: o.scan,
                record: o.record,
                report: o.report,
            })
            .map_err(|e| match e {
                PipelineError::Verify { error, .. } => Failure {
                    stage: "verify",
                    message: error.to_string(),
                    provider: Some(error),
                },
                PipelineError::Read(error) => Failure {
                    stage: "read",
                    message: error.to_string(),
                    provider: Some(error),
                },
                other => Failure {
                    stage: "verify",
                    provider: None,
                    message: other.to_string(),
                },
            })
    }

    /// The reader's id.
    pub fn reader_id(&self) -> &str {
        self.pipeline.reader().id()
    }

    /// `wechat -> tencent.verify_detailed`.
    pub fn describe(&self) -> String {
        format!(
            "{} -> {}",
            self.pipeline.reader().id(),
            self.pipeline.verifier().id()
        )
    }
}

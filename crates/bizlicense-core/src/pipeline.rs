//! Read -> verify -> reconcile, with the reconcile step behind a trait so core does not depend
//! on any particular reconciliation engine.

use std::sync::Arc;

use jiff::civil::Date;

use crate::{
    LicenseImage, LicenseReader, LicenseScan, ProviderError, QueryField, RegistryRecord,
    RegistryVerifier, VerifyQuery,
};

/// Compares a scan with a registry record. `bizlicense-reconcile` provides the standard one;
/// implement this to plug in your own rules.
pub trait Reconciler: Send + Sync {
    /// What the comparison produces.
    type Report: Send;
    /// Compare `scan` with `record` as of `as_of` (for expiry checks).
    fn reconcile(&self, scan: &LicenseScan, record: &RegistryRecord, as_of: Date) -> Self::Report;
}

/// Which step of a pipeline failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    /// Reading the image failed.
    #[error("reading the license failed: {0}")]
    Read(#[source] ProviderError),
    /// The scan has no code and the verifier cannot verify from an image.
    #[error("the OCR result has no credit code and {verifier} cannot verify from an image")]
    NoCode {
        /// The scan, for inspection.
        scan: Box<LicenseScan>,
        /// The verifier id.
        verifier: String,
    },
    /// The registry lookup failed.
    #[error("verifying against the registry failed: {error}")]
    Verify {
        /// The scan that was read.
        scan: Box<LicenseScan>,
        /// The verifier's error.
        #[source]
        error: ProviderError,
    },
}

/// Everything a pipeline run produced.
#[derive(Debug, Clone)]
pub struct PipelineOutcome<R> {
    /// What OCR read.
    pub scan: LicenseScan,
    /// What the registry holds.
    pub record: RegistryRecord,
    /// The reconciliation report.
    pub report: R,
}

/// Runs read -> verify -> reconcile for license images.
///
/// The query sent to the verifier is built from the scan: its code, and whichever of name,
/// address and legal representative the verifier checks. When the scan has no code and the
/// verifier accepts images, the image itself is sent.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// use bizlicense_core::testing::{MemoryProvider, sample_png};
/// use bizlicense_core::{LicenseScan, Pipeline, Reconciler, RegistryRecord};
/// use bizlicense_core::jiff::civil::{Date, date};
///
/// /// A toy reconciler: do the names agree? (`bizlicense-reconcile` has the real one.)
/// struct SameName;
/// impl Reconciler for SameName {
///     type Report = bool;
///     fn reconcile(&self, scan: &LicenseScan, record: &RegistryRecord, _as_of: Date) -> bool {
///         scan.name == record.name
///     }
/// }
///
/// let ocr = MemoryProvider::new("ocr").with_default_scan();
/// let registry = MemoryProvider::new("registry").with_default_record();
/// let pipeline = Pipeline::new(ocr, registry, SameName).with_as_of(date(2025, 1, 1));
/// let outcome = pipeline.run(&sample_png()).await.unwrap();
/// assert_eq!(outcome.record.provider, "registry");
/// assert!(outcome.report);
/// # });
/// ```
pub struct Pipeline<C> {
    reader: Arc<dyn LicenseReader>,
    verifier: Arc<dyn RegistryVerifier>,
    reconciler: C,
    as_of: Option<Date>,
}

impl<C: Reconciler> Pipeline<C> {
    /// A pipeline over a reader, a verifier and a reconciler.
    pub fn new(
        reader: impl LicenseReader + 'static,
        verifier: impl RegistryVerifier + 'static,
        reconciler: C,
    ) -> Self {
        Pipeline {
            reader: Arc::new(reader),
            verifier: Arc::new(verifier),
            reconciler,
            as_of: None,
        }
    }

    /// Fix the reference date for expiry checks (default: today, in the system time zone).
    pub fn with_as_of(mut self, as_of: Date) -> Self {
        self.as_of = Some(as_of);
        self
    }

    /// The reader.
    pub fn reader(&self) -> &dyn LicenseReader {
        &*self.reader
    }

    /// The verifier.
    pub fn verifier(&self) -> &dyn RegistryVerifier {
        &*self.verifier
    }

    /// The query the pipeline sends for `scan` (and `image`, when needed).
    pub fn query_for(&self, scan: &LicenseScan, image: &LicenseImage) -> Option<VerifyQuery> {
        let caps = self.verifier.capabilities();
        let wants = |f: QueryField| caps.required.contains(&f) || caps.optional.contains(&f);
        let mut q = match scan.credit_code.as_deref().filter(|c| !c.trim().is_empty()) {
            Some(code) if caps.by_code => VerifyQuery::by_code(code),
            _ if caps.by_image => VerifyQuery::by_image(image.clone()),
            _ => return None,
        };
        if wants(QueryField::Name) {
            q.name = scan.name.clone();
        }
        if wants(QueryField::Address) {
            q.address = scan.address.clone();
        }
        if wants(QueryField::LegalRepresentative) {
            q.legal_representative = scan.legal_representative.clone();
        }
        Some(q)
    }

    /// Read the image, verify what was read, reconcile.
    pub async fn run(
        &self,
        image: &LicenseImage,
    ) -> Result<PipelineOutcome<C::Report>, PipelineError> {
        let scan = self.reader.read(image).await.map_err(PipelineError::Read)?;
        let Some(query) = self.query_for(&scan, image) else {
            return Err(PipelineError::NoCode {
                scan: Box::new(scan),
                verifier: self.verifier.id().to_owned(),
            });
        };
        self.finish(scan, &query).await
    }

    /// Verify `query` and reconcile the answer with an existing `scan` (when the OCR step
    /// happened elsewhere).
    pub async fn run_with_scan(
        &self,
        scan: LicenseScan,
        query: &VerifyQuery,
    ) -> Result<PipelineOutcome<C::Report>, PipelineError> {
        self.finish(scan, query).await
    }

    async fn finish(
        &self,
        scan: LicenseScan,
        query: &VerifyQuery,
    ) -> Result<PipelineOutcome<C::Report>, PipelineError> {
        let record = match self.verifier.verify(query).await {
            Ok(r) => r,
            Err(error) => {
                return Err(PipelineError::Verify {
                    scan: Box::new(scan),
                    error,
                });
            }
        };
        let as_of = self.as_of.unwrap_or_else(|| jiff::Zoned::now().date());
        let report = self.reconciler.reconcile(&scan, &record, as_of);
        Ok(PipelineOutcome {
            scan,
            record,
            report,
        })
    }
}

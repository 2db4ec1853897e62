//! The provider contract kit and an in-memory provider (feature `testing`).
//!
//! Every [`LicenseReader`] and [`RegistryVerifier`] (the built-in ones, the emulator-backed
//! ones, yours) should pass the same rules, checked by [`ReaderContract`] and
//! [`VerifierContract`] from the provider's own tests:
//!
//! - every error carries a provider id and a kind;
//! - invalid input is rejected with [`ErrorKind::InvalidInput`] *before any I/O* (you give the
//!   kit a probe that counts the requests your server saw);
//! - `capabilities()` is honest: queries it says are unsupported fail with `InvalidInput`,
//!   without I/O;
//! - results and errors are `Send`, and the provider answers correctly from many tasks at once.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! use bizlicense_core::testing::{MemoryProvider, ReaderContract, VerifierContract, sample_gif, sample_png};
//! use bizlicense_core::VerifyQuery;
//!
//! let p = MemoryProvider::new("memory").with_default_scan().with_default_record();
//! let probe = p.clone();
//! ReaderContract::new(p.clone())
//!     .with_valid_image(sample_png())
//!     .with_invalid_image(sample_gif())
//!     .with_io_probe(move || { let p = probe.clone(); async move { p.calls() } })
//!     .run()
//!     .await;
//! VerifierContract::new(p.clone())
//!     .with_valid_query(VerifyQuery::by_code("911101085636549482"))
//!     .run()
//!     .await;
//! # });
//! ```

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use futures::future::BoxFuture;

use crate::{
    Consistency, Currency, ErrorKind, ImageFormat, LicenseImage, LicenseReader, LicenseScan, Money,
    PeriodEnd, ProviderError, QueryField, RegistryRecord, RegistryVerifier, ValidPeriod,
    VerifyCapabilities, VerifyQuery,
};

/// A real 1x1 PNG.
pub const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// A real 1x1 GIF (which Tencent rejects).
pub const GIF_1X1: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";

/// [`PNG_1X1`] as a [`LicenseImage`].
pub fn sample_png() -> LicenseImage {
    LicenseImage::from_bytes(PNG_1X1.to_vec()).expect("PNG_1X1 is a PNG")
}

/// [`GIF_1X1`] as a [`LicenseImage`].
pub fn sample_gif() -> LicenseImage {
    LicenseImage::from_bytes(GIF_1X1.to_vec()).expect("GIF_1X1 is a GIF")
}

/// A PNG of exactly `len` bytes (a PNG signature followed by padding): enough to trip size
/// limits, which providers check before decoding.
pub fn png_of_len(len: usize) -> LicenseImage {
    let mut v = PNG_1X1.to_vec();
    v.resize(len.max(PNG_1X1.len()), 0);
    LicenseImage::from_bytes(v).expect("starts with the PNG signature")
}

/// The seed's sample company as a scan (what OCR of its license reads).
pub fn sample_scan(provider: &str) -> LicenseScan {
    let mut s = LicenseScan::new(provider);
    s.credit_code = Some("911101085636549482".into());
    s.name = Some("腾讯云计算（北京）有限责任公司".into());
    s.legal_representative = Some("谢兰芳".into());
    s.address = Some("北京市海淀区知春路49号3层西部309".into());
    s.registered_capital = Some("壹亿肆仟贰佰伍拾万元整".into());
    s.enterprise_type = Some("其他有限责任公司".into());
    s.established_date = Some("2010年10月21日".into());
    s.valid_period = Some("2010年10月21日至2030年10月20日".into());
    s
}

/// The seed's sample company as a registry record.
pub fn sample_record(provider: &str) -> RegistryRecord {
    let mut r = RegistryRecord::new(provider);
    r.credit_code = Some("911101085636549482".into());
    r.reg_no = Some("110108013297537".into());
    r.name = Some("腾讯云计算（北京）有限责任公司".into());
    r.legal_representative = Some("谢兰芳".into());
    r.address = Some("北京市海淀区知春路49号3层西部309".into());
    r.registered_capital = Some(Money::from_wan(Into::into(14250), Currency::Cny));
    r.established_date = Some(jiff::civil::date(2010, 10, 21));
    r.valid_period = Some(ValidPeriod::new(
        Some(jiff::civil::date(2010, 10, 21)),
        PeriodEnd::Date(jiff::civil::date(2030, 10, 20)),
    ));
    r.enterprise_type = Some("其他有限责任公司".into());
    r.status = Some("存续".into());
    r.consistency = Consistency::default();
    r
}

type Failure = (
    ErrorKind,
    Arc<dyn Fn(ProviderError) -> ProviderError + Send + Sync>,
);

#[derive(Default)]
struct State {
    calls: AtomicUsize,
    failures: Mutex<Vec<Failure>>,
    latency: Mutex<Duration>,
    scan: Mutex<Option<LicenseScan>>,
    records: Mutex<HashMap<String, RegistryRecord>>,
}

/// An in-memory provider that is both a [`LicenseReader`] and a [`RegistryVerifier`]: it
/// answers from what you give it, counts the calls that pass validation, and can be told to
/// fail or to be slow. Clones share state.
///
/// Validation (before counting a call): images over 2 MB or GIF, and queries its
/// capabilities reject, fail with `InvalidInput`.
#[derive(Clone)]
pub struct MemoryProvider {
    id: String,
    caps: VerifyCapabilities,
    state: Arc<State>,
}

impl std::fmt::Debug for MemoryProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryProvider")
            .field("id", &self.id)
            .field("calls", &self.calls())
            .finish()
    }
}

impl MemoryProvider {
    /// A provider called `id` that knows nothing yet: reads fail with `NotALicense` and
    /// lookups with `NotFound`. Accepts images or codes (+ name, address).
    pub fn new(id: impl Into<String>) -> Self {
        MemoryProvider {
            id: id.into(),
            caps: VerifyCapabilities::image_or_code(&[QueryField::Name, QueryField::Address]),
            state: Arc::default(),
        }
    }

    /// Answer reads with [`sample_scan`].
    pub fn with_default_scan(self) -> Self {
        let s = sample_scan(&self.id);
        self.with_scan(s)
    }

    /// Answer reads with `scan` (its provider is set to this provider's id).
    pub fn with_scan(self, mut scan: LicenseScan) -> Self {
        scan.provider = self.id.clone();
        *lock(&self.state.scan) = Some(scan);
        self
    }

    /// Know [`sample_record`].
    pub fn with_default_record(self) -> Self {
        let r = sample_record(&self.id);
        self.with_record(r)
    }

    /// Know `record`, found by its credit code and its registration number; image queries get
    /// the first record known.
    pub fn with_record(self, mut record: RegistryRecord) -> Self {
        record.provider = self.id.clone();
        let mut records = lock(&self.state.records);
        for key in [&record.credit_code, &record.reg_no].into_iter().flatten() {
            records.insert(crate::ident::normalize_input(key), record.clone());
        }
        drop(records);
        self
    }

    /// Declare different capabilities (validation follows them).
    pub fn with_capabilities(mut self, caps: VerifyCapabilities) -> Self {
        self.caps = caps;
        self
    }

    /// Make the next `n` calls fail with `kind`.
    pub fn fail_next(&self, n: usize, kind: ErrorKind) {
        self.fail_next_with(n, |e| e, kind);
    }

    /// Make the next `n` calls fail with `kind`, after `decorate` adjusts the error (add a
    /// code, a `retry_after`, ...).
    pub fn fail_next_with(
        &self,
        n: usize,
        decorate: impl Fn(ProviderError) -> ProviderError + Send + Sync + 'static,
        kind: ErrorKind,
    ) {
        let decorate: Arc<dyn Fn(ProviderError) -> ProviderError + Send + Sync> =
            Arc::new(decorate);
        let mut f = lock(&self.state.failures);
        for _ in 0..n {
            f.push((kind, decorate.clone()));
        }
    }

    /// Make every call take `latency` (tokio time, so paused-clock tests are instant).
    pub fn set_latency(&self, latency: Duration) {
        *lock(&self.state.latency) = latency;
    }

    /// Calls that passed validation so far.
    pub fn calls(&self) -> usize {
        self.state.calls.load(Ordering::SeqCst)
    }

    async fn call(&self) -> Result<(), ProviderError> {
        self.state.calls.fetch_add(1, Ordering::SeqCst);
        let latency = *lock(&self.state.latency);
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        let failure = {
            let mut f = lock(&self.state.failures);
            (!f.is_empty()).then(|| f.remove(0))
        };
        match failure {
            Some((kind, decorate)) => Err(decorate(ProviderError::new(
                &self.id,
                kind,
                format!("injected {kind} failure"),
            ))),
            None => Ok(()),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding one of these locks is a test bug; the data is still usable.
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[async_trait]
impl LicenseReader for MemoryProvider {
    fn id(&self) -> &str {
        &self.id
    }
    async fn read(&self, image: &LicenseImage) -> Result<LicenseScan, ProviderError> {
        image
            .check_format_not(&[ImageFormat::Gif], &self.id)
            .and_then(|()| image.check_max_len(2 * 1024 * 1024, &self.id))
            .map_err(|e| ProviderError::invalid_input(&self.id, e.to_string()))?;
        self.call().await?;
        lock(&self.state.scan).clone().ok_or_else(|| {
            ProviderError::new(
                &self.id,
                ErrorKind::NotALicense,
                "no scan configured for this image",
            )
        })
    }
}

#[async_trait]
impl RegistryVerifier for MemoryProvider {
    fn id(&self) -> &str {
        &self.id
    }
    fn capabilities(&self) -> VerifyCapabilities {
        self.caps.clone()
    }
    async fn verify(&self, query: &VerifyQuery) -> Result<RegistryRecord, ProviderError> {
        self.caps.check_for(&self.id, query)?;
        self.call().await?;
        let records = lock(&self.state.records);
        let found = match query.normalized_code() {
            Some(code) => records.get(&code).cloned(),
            None => records.values().next().cloned(),
        };
        found.ok_or_else(|| {
            ProviderError::new(
                &self.id,
                ErrorKind::NotFound,
                "no registry record for this query",
            )
        })
    }
}

type Probe = Box<dyn Fn() -> BoxFuture<'static, usize> + Send + Sync>;

fn boxed_probe<F, Fut>(probe: F) -> Probe
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = usize> + Send + 'static,
{
    Box::new(move || Box::pin(probe()))
}

#[derive(Default)]
struct Violations(Vec<String>);

impl Violations {
    fn check(&mut self, ok: bool, msg: impl FnOnce() -> String) {
        if !ok {
            self.0.push(msg());
        }
    }
    fn finish(self, what: &str, id: &str) {
        if !self.0.is_empty() {
            let mut s = format!("{what} {id:?} violates the provider contract:\n");
            for v in &self.0 {
                let _ = writeln!(s, "  - {v}");
            }
            panic!("{s}");
        }
    }
}

fn id_matches(id: &str, provider: &str) -> bool {
    !provider.is_empty() && (id == provider || id.split('|').any(|p| p == provider))
}

fn assert_send_sync<T: Send + Sync + 'static>() {}

/// Checks a [`LicenseReader`] against the contract. See the [module docs](self).
pub struct ReaderContract {
    reader: Arc<dyn LicenseReader>,
    valid: Vec<LicenseImage>,
    invalid: Vec<LicenseImage>,
    failing: Vec<(LicenseImage, ErrorKind)>,
    probe: Option<Probe>,
    concurrency: usize,
}

impl ReaderContract {
    /// Check `reader`.
    pub fn new(reader: impl LicenseReader + 'static) -> Self {
        ReaderContract {
            reader: Arc::new(reader),
            valid: Vec::new(),
            invalid: Vec::new(),
            failing: Vec::new(),
            probe: None,
            concurrency: 16,
        }
    }

    /// An image `read` must succeed on.
    pub fn with_valid_image(mut self, img: LicenseImage) -> Self {
        self.valid.push(img);
        self
    }

    /// An image `read` must reject with `InvalidInput`, before any I/O.
    pub fn with_invalid_image(mut self, img: LicenseImage) -> Self {
        self.invalid.push(img);
        self
    }

    /// An image `read` must fail on with `kind`.
    pub fn with_failing_image(mut self, img: LicenseImage, kind: ErrorKind) -> Self {
        self.failing.push((img, kind));
        self
    }

    /// A probe returning how many requests the provider's backend has seen so far; used to
    /// prove that invalid input causes no I/O. Without one, that rule is not checked.
    pub fn with_io_probe<F, Fut>(mut self, probe: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = usize> + Send + 'static,
    {
        self.probe = Some(boxed_probe(probe));
        self
    }

    /// How many tasks read the valid image at once (default 16).
    pub fn with_concurrency(mut self, n: usize) -> Self {
        self.concurrency = n;
        self
    }

    /// Run every check; panics listing each violated rule.
    pub async fn run(self) {
        assert_send_sync::<LicenseScan>();
        assert_send_sync::<ProviderError>();
        let id = self.reader.id().to_owned();
        let mut v = Violations::default();
        v.check(!id.is_empty(), || "id() is empty".into());
        v.check(!self.valid.is_empty(), || {
            "the contract needs at least one valid image".into()
        });

        for img in &self.valid {
            match self.reader.read(img).await {
                Ok(scan) => v.check(id_matches(&id, &scan.provider), || {
                    format!("scan.provider is {:?}, expected {id:?}", scan.provider)
                }),
                Err(e) => v.check(false, || format!("valid image {img:?} failed: {e}")),
            }
        }
        for img in &self.invalid {
            let before = probe(&self.probe).await;
            let r = self.reader.read(img).await;
            let after = probe(&self.probe).await;
            check_invalid(
                &mut v,
                &id,
                &format!("invalid image {img:?}"),
                r.map(|_| ()),
                before,
                after,
            );
        }
        for (img, kind) in &self.failing {
            let r = self.reader.read(img).await.map(|_| ());
            check_failing(&mut v, &id, &format!("image {img:?}"), r, *kind);
        }
        if let Some(img) = self.valid.first() {
            let reader = self.reader.clone();
            let img = img.clone();
            let failed = concurrent_failures(self.concurrency, move || {
                let (r, img) = (reader.clone(), img.clone());
                async move { r.read(&img).await.is_ok() }
            })
            .await;
            v.check(failed == 0, || {
                format!(
                    "{failed} of {} concurrent reads of the valid image failed",
                    self.concurrency
                )
            });
        }
        v.finish("LicenseReader", &id);
    }
}

/// Checks a [`RegistryVerifier`] against the contract. See the [module docs](self).
pub struct VerifierContract {
    verifier: Arc<dyn RegistryVerifier>,
    valid: Vec<VerifyQuery>,
    invalid: Vec<VerifyQuery>,
    failing: Vec<(VerifyQuery, ErrorKind)>,
    probe: Option<Probe>,
    concurrency: usize,
}

impl VerifierContract {
    /// Check `verifier`.
    pub fn new(verifier: impl RegistryVerifier + 'static) -> Self {
        VerifierContract {
            verifier: Arc::new(verifier),
            valid: Vec::new(),
            invalid: Vec::new(),
            failing: Vec::new(),
            probe: None,
            concurrency: 16,
        }
    }

    /// A query `verify` must answer.
    pub fn with_valid_query(mut self, q: VerifyQuery) -> Self {
        self.valid.push(q);
        self
    }

    /// A query `verify` must reject with `InvalidInput`, before any I/O.
    pub fn with_invalid_query(mut self, q: VerifyQuery) -> Self {
        self.invalid.push(q);
        self
    }

    /// A query `verify` must fail on with `kind`.
    pub fn with_failing_query(mut self, q: VerifyQuery, kind: ErrorKind) -> Self {
        self.failing.push((q, kind));
        self
    }

    /// See [`ReaderContract::with_io_probe`].
    pub fn with_io_probe<F, Fut>(mut self, probe: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = usize> + Send + 'static,
    {
        self.probe = Some(boxed_probe(probe));
        self
    }

    /// How many tasks run the valid query at once (default 16).
    pub fn with_concurrency(mut self, n: usize) -> Self {
        self.concurrency = n;
        self
    }

    /// Queries the capabilities say cannot be answered, derived from the first valid query.
    fn unsupported_queries(&self, caps: &VerifyCapabilities) -> Vec<(String, VerifyQuery)> {
        let mut out = vec![("an empty query".to_owned(), VerifyQuery::default())];
        if !caps.by_image {
            out.push((
                "an image-only query (capabilities: by_image = false)".into(),
                VerifyQuery::by_image(sample_png()),
            ));
        }
        if !caps.by_code {
            out.push((
                "a code-only query (capabilities: by_code = false)".into(),
                VerifyQuery::by_code("911101085636549482"),
            ));
        }
        if let Some(valid) = self.valid.iter().find(|q| q.image.is_none()) {
            for field in &caps.required {
                let mut q = valid.clone();
                match field {
                    QueryField::Code => q.code = None,
                    QueryField::Name => q.name = None,
                    QueryField::Address => q.address = None,
                    QueryField::LegalRepresentative => q.legal_representative = None,
                    QueryField::IdNumber => q.id_number = None,
                    _ => continue,
                }
                if caps.check(&q).is_err() {
                    out.push((
                        format!("the valid query without required field {}", field.as_str()),
                        q,
                    ));
                }
            }
        }
        out
    }

    /// Run every check; panics listing each violated rule.
    pub async fn run(self) {
        assert_send_sync::<RegistryRecord>();
        assert_send_sync::<ProviderError>();
        let id = self.verifier.id().to_owned();
        let caps = self.verifier.capabilities();
        let mut v = Violations::default();
        v.check(!id.is_empty(), || "id() is empty".into());
        v.check(caps.by_image || caps.by_code, || {
            "capabilities accept neither images nor codes".into()
        });
        v.check(!self.valid.is_empty(), || {
            "the contract needs at least one valid query".into()
        });

        for q in &self.valid {
            v.check(caps.check(q).is_ok(), || {
                format!(
                    "capabilities() reject the valid query {q:?}: {:?}",
                    caps.check(q)
                )
            });
            match self.verifier.verify(q).await {
                Ok(rec) => v.check(id_matches(&id, &rec.provider), || {
                    format!("record.provider is {:?}, expected {id:?}", rec.provider)
                }),
                Err(e) => v.check(false, || format!("valid query {q:?} failed: {e}")),
            }
        }
        let mut invalid: Vec<(String, VerifyQuery)> = self
            .invalid
            .iter()
            .map(|q| (format!("invalid query {q:?}"), q.clone()))
            .collect();
        invalid.extend(self.unsupported_queries(&caps));
        for (what, q) in &invalid {
            let before = probe(&self.probe).await;
            let r = self.verifier.verify(q).await;
            let after = probe(&self.probe).await;
            check_invalid(&mut v, &id, what, r.map(|_| ()), before, after);
        }
        for (q, kind) in &self.failing {
            let r = self.verifier.verify(q).await.map(|_| ());
            check_failing(&mut v, &id, &format!("query {q:?}"), r, *kind);
        }
        if let Some(q) = self.valid.first() {
            let verifier = self.verifier.clone();
            let q = q.clone();
            let failed = concurrent_failures(self.concurrency, move || {
                let (verifier, q) = (verifier.clone(), q.clone());
                async move { verifier.verify(&q).await.is_ok() }
            })
            .await;
            v.check(failed == 0, || {
                format!(
                    "{failed} of {} concurrent lookups of the valid query failed",
                    self.concurrency
                )
            });
        }
        v.finish("RegistryVerifier", &id);
    }
}

/// Run `call` from `n` tasks at once; how many did not succeed (an error or a panic).
async fn concurrent_failures<F, Fut>(n: usize, call: F) -> usize
where
    F: Fn() -> Fut,
    Fut: Future<Output = bool> + Send + 'static,
{
    let tasks: Vec<_> = (0..n).map(|_| tokio::spawn(call())).collect();
    let mut failed = 0;
    for t in tasks {
        if !matches!(t.await, Ok(true)) {
            failed += 1;
        }
    }
    failed
}

async fn probe(p: &Option<Probe>) -> Option<usize> {
    match p {
        Some(p) => Some(p().await),
        None => None,
    }
}

fn check_error_shape(v: &mut Violations, id: &str, e: &ProviderError) {
    v.check(id_matches(id, e.provider()), || {
        format!("error provider is {:?}, expected {id:?}: {e}", e.provider())
    });
    v.check(!e.message().is_empty(), || {
        format!("error has an empty message: {e:?}")
    });
}

fn check_failing(
    v: &mut Violations,
    id: &str,
    what: &str,
    r: Result<(), ProviderError>,
    kind: ErrorKind,
) {
    match r {
        Ok(()) => v.check(false, || {
            format!("{what} should fail with {kind} but succeeded")
        }),
        Err(e) => {
            v.check(e.kind() == kind, || {
                format!("{what}: expected {kind}, got {e}")
            });
            check_error_shape(v, id, &e);
        }
    }
}

fn check_invalid(
    v: &mut Violations,
    id: &str,
    what: &str,
    r: Result<(), ProviderError>,
    before: Option<usize>,
    after: Option<usize>,
) {
    match r {
        Ok(()) => v.check(false, || {
            format!("{what} was accepted; expected an InvalidInput error")
        }),
        Err(e) => {
            v.check(e.kind() == ErrorKind::InvalidInput, || {
                format!("{what}: expected kind invalid_input, got {e}")
            });
            check_error_shape(v, id, &e);
        }
    }
    if let (Some(b), Some(a)) = (before, after) {
        v.check(a == b, || format!("{what} caused {} request(s) to the backend; invalid input must be rejected before any I/O", a - b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe_of(
        p: &MemoryProvider,
    ) -> impl Fn() -> futures::future::Ready<usize> + Send + Sync + 'static {
        let p = p.clone();
        move || futures::future::ready(p.calls())
    }

    #[tokio::test]
    async fn the_memory_provider_passes() {
        let p = MemoryProvider::new("memory")
            .with_default_scan()
            .with_default_record();
        ReaderContract::new(p.clone())
            .with_valid_image(sample_png())
            .with_invalid_image(sample_gif())
            .with_invalid_image(png_of_len(2 * 1024 * 1024 + 1))
            .with_io_probe(probe_of(&p))
            .run()
            .await;
        VerifierContract::new(p.clone())
            .with_valid_query(VerifyQuery::by_code("911101085636549482"))
            .with_failing_query(
                VerifyQuery::by_code("91440300708461136T"),
                ErrorKind::NotFound,
            )
            .with_io_probe(probe_of(&p))
            .run()
            .await;
        let code_only = MemoryProvider::new("strict")
            .with_default_record()
            .with_capabilities(VerifyCapabilities::by_code_only(&[
                QueryField::Code,
                QueryField::Name,
            ]));
        VerifierContract::new(code_only.clone())
            .with_valid_query(
                VerifyQuery::by_code("911101085636549482")
                    .with_name("腾讯云计算（北京）有限责任公司"),
            )
            .with_io_probe(probe_of(&code_only))
            .run()
            .await;
    }

    /// A provider that lies: it says it needs a name but never checks, and calls the backend
    /// for everything.
    struct Liar(MemoryProvider);

    #[async_trait]
    impl RegistryVerifier for Liar {
        fn id(&self) -> &str {
            "liar"
        }
        fn capabilities(&self) -> VerifyCapabilities {
            VerifyCapabilities::by_code_only(&[QueryField::Code, QueryField::Name])
        }
        async fn verify(&self, _q: &VerifyQuery) -> Result<RegistryRecord, ProviderError> {
            self.0.call().await?;
            Ok(sample_record("someone-else"))
        }
    }

    #[tokio::test]
    async fn a_dishonest_provider_fails_with_every_violation_listed() {
        let inner = MemoryProvider::new("liar");
        let probe = probe_of(&inner);
        let r = tokio::spawn(
            VerifierContract::new(Liar(inner))
                .with_valid_query(VerifyQuery::by_code("911101085636549482").with_name("x"))
                .with_io_probe(probe)
                .run(),
        )
        .await;
        let msg = match r {
            Err(e) if e.is_panic() => {
                let p = e.into_panic();
                p.downcast_ref::<String>().cloned().unwrap_or_default()
            }
            other => panic!("expected a contract violation, got {other:?}"),
        };
        assert!(msg.contains("record.provider is \"someone-else\""), "{msg}");
        assert!(msg.contains("an empty query was accepted"), "{msg}");
        assert!(
            msg.contains("without required field name was accepted"),
            "{msg}"
        );
        assert!(msg.contains("before any I/O"), "{msg}");
    }
}

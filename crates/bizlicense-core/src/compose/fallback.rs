use async_trait::async_trait;

use crate::{
    ErrorKind, LicenseImage, LicenseReader, LicenseScan, ProviderError, QueryField, RegistryRecord,
    RegistryVerifier, VerifyCapabilities, VerifyQuery,
};

/// Tries `primary`; when it fails with one of the chosen kinds, tries `secondary`.
///
/// The default kinds are the ones an outage or a quota produces (`Unavailable`, `Timeout`,
/// `Network`, `RateLimited`, `QuotaExceeded`, `Billing`); add `NotALicense` to let a second
/// OCR engine have a go at an image the first could not read. When both fail the secondary's
/// error is returned (the primary's is logged). The id is `"<primary>|<secondary>"`.
///
/// For verifiers, a query the primary cannot take at all (per its capabilities) goes straight
/// to the secondary, with no call to the primary.
#[derive(Debug, Clone)]
pub struct Fallback<A, B> {
    primary: A,
    secondary: B,
    kinds: Vec<ErrorKind>,
    id: String,
}

/// The kinds [`Fallback`] falls back on unless told otherwise.
pub const DEFAULT_FALLBACK_KINDS: &[ErrorKind] = &[
    ErrorKind::Unavailable,
    ErrorKind::Timeout,
    ErrorKind::Network,
    ErrorKind::RateLimited,
    ErrorKind::QuotaExceeded,
    ErrorKind::Billing,
];

impl<A, B> Fallback<A, B> {
    /// Fall back from `primary` to `secondary` on the default kinds.
    pub fn new(primary: A, secondary: B) -> Self {
        Fallback {
            primary,
            secondary,
            kinds: DEFAULT_FALLBACK_KINDS.to_vec(),
            id: String::new(),
        }
    }

    /// Fall back on exactly these kinds.
    pub fn on(mut self, kinds: &[ErrorKind]) -> Self {
        self.kinds = kinds.to_vec();
        self
    }

    /// The primary provider.
    pub fn primary(&self) -> &A {
        &self.primary
    }

    /// The secondary provider.
    pub fn secondary(&self) -> &B {
        &self.secondary
    }

    fn falls_back(&self, e: &ProviderError) -> bool {
        self.kinds.contains(&e.kind())
    }
}

fn joined_id(a: &str, b: &str, cache: &str) -> Option<String> {
    let want = format!("{a}|{b}");
    (cache != want).then_some(want)
}

#[async_trait]
impl<A: LicenseReader, B: LicenseReader> LicenseReader for Fallback<A, B> {
    fn id(&self) -> &str {
        // The primary's id unless `with_joined_reader_id` named the pair.
        if self.id.is_empty() {
            self.primary.id()
        } else {
            &self.id
        }
    }
    async fn read(&self, image: &LicenseImage) -> Result<LicenseScan, ProviderError> {
        match self.primary.read(image).await {
            Err(e) if self.falls_back(&e) => {
                tracing::warn!(primary = self.primary.id(), secondary = self.secondary.id(), error = %e, "falling back");
                self.secondary.read(image).await
            }
            other => other,
        }
    }
}

#[async_trait]
impl<A: RegistryVerifier, B: RegistryVerifier> RegistryVerifier for Fallback<A, B> {
    fn id(&self) -> &str {
        if self.id.is_empty() {
            self.primary.id()
        } else {
            &self.id
        }
    }

    /// The union of what both accept: a query either can answer is accepted. Values and
    /// status are promised only when both return them.
    fn capabilities(&self) -> VerifyCapabilities {
        let a = self.primary.capabilities();
        let b = self.secondary.capabilities();
        let required: Vec<QueryField> = match (a.by_code, b.by_code) {
            (true, true) => a
                .required
                .iter()
                .copied()
                .filter(|f| b.required.contains(f))
                .collect(),
            (true, false) => a.required.clone(),
            (false, true) => b.required.clone(),
            (false, false) => Vec::new(),
        };
        let mut optional = a.optional.clone();
        for f in b
            .optional
            .iter()
            .chain(a.required.iter())
            .chain(b.required.iter())
        {
            if !optional.contains(f) && !required.contains(f) {
                optional.push(*f);
            }
        }
        VerifyCapabilities {
            by_image: a.by_image || b.by_image,
            by_code: a.by_code || b.by_code,
            required,
            optional,
            returns_values: a.returns_values && b.returns_values,
            returns_status: a.returns_status && b.returns_status,
        }
    }

    async fn verify(&self, query: &VerifyQuery) -> Result<RegistryRecord, ProviderError> {
        if self.primary.capabilities().check(query).is_err() {
            return self.secondary.verify(query).await;
        }
        match self.primary.verify(query).await {
            Err(e) if self.falls_back(&e) && self.secondary.capabilities().check(query).is_ok() => {
                tracing::warn!(primary = self.primary.id(), secondary = self.secondary.id(), error = %e, "falling back");
                self.secondary.verify(query).await
            }
            other => other,
        }
    }
}

impl<A: LicenseReader, B: LicenseReader> Fallback<A, B> {
    /// Name this combination `"<primary>|<secondary>"` in [`LicenseReader::id`].
    pub fn with_joined_reader_id(mut self) -> Self {
        if let Some(id) = joined_id(self.primary.id(), self.secondary.id(), &self.id) {
            self.id = id;
        }
        self
    }
}

impl<A: RegistryVerifier, B: RegistryVerifier> Fallback<A, B> {
    /// Name this combination `"<primary>|<secondary>"` in [`RegistryVerifier::id`].
    pub fn with_joined_verifier_id(mut self) -> Self {
        if let Some(id) = joined_id(self.primary.id(), self.secondary.id(), &self.id) {
            self.id = id;
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{MemoryProvider, sample_png};

    #[tokio::test]
    async fn falls_back_on_outage_not_on_bad_input() {
        let a = MemoryProvider::new("a").with_default_scan();
        let b = MemoryProvider::new("b").with_default_scan();
        let f = Fallback::new(a.clone(), b.clone());
        a.fail_next(1, ErrorKind::Unavailable);
        let scan = f.read(&sample_png()).await.unwrap();
        assert_eq!(scan.provider, "b");
        assert_eq!((a.calls(), b.calls()), (1, 1));

        a.fail_next(1, ErrorKind::InvalidInput);
        let err = f.read(&sample_png()).await.unwrap_err();
        assert_eq!(err.provider(), "a");
        assert_eq!(
            (a.calls(), b.calls()),
            (2, 1),
            "no fallback on InvalidInput"
        );

        let scan = f.read(&sample_png()).await.unwrap();
        assert_eq!(scan.provider, "a");
    }

    #[tokio::test]
    async fn chosen_kinds_and_both_failing() {
        let a = MemoryProvider::new("a").with_default_scan();
        let b = MemoryProvider::new("b").with_default_scan();
        let f = Fallback::new(a.clone(), b.clone())
            .on(&[ErrorKind::NotALicense])
            .with_joined_reader_id();
        assert_eq!(LicenseReader::id(&f), "a|b");
        a.fail_next(1, ErrorKind::NotALicense);
        b.fail_next(1, ErrorKind::Unavailable);
        let err = f.read(&sample_png()).await.unwrap_err();
        assert_eq!((err.provider(), err.kind()), ("b", ErrorKind::Unavailable));
        a.fail_next(1, ErrorKind::Unavailable);
        assert_eq!(f.read(&sample_png()).await.unwrap_err().provider(), "a");
    }

    #[tokio::test]
    async fn verifier_routes_queries_the_primary_cannot_take() {
        let a = MemoryProvider::new("a")
            .with_default_record()
            .with_capabilities(VerifyCapabilities::by_code_only(&[
                QueryField::Code,
                QueryField::LegalRepresentative,
            ]));
        let b = MemoryProvider::new("b").with_default_record();
        let f = Fallback::new(a.clone(), b.clone());
        let rec = f
            .verify(&VerifyQuery::by_code("911101085636549482"))
            .await
            .unwrap();
        assert_eq!(rec.provider, "b");
        assert_eq!(a.calls(), 0);
        let caps = f.capabilities();
        assert!(caps.by_image && caps.by_code);
        assert_eq!(caps.required, vec![QueryField::Code]);
    }
}

//! What to look up in the registry, and what a verifier can look up.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::{LicenseImage, ProviderError};

/// A field a [`VerifyQuery`] can carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum QueryField {
    /// A license image.
    Image,
    /// The credit code or registration number.
    Code,
    /// The company name.
    Name,
    /// The address.
    Address,
    /// The legal representative's name.
    LegalRepresentative,
    /// The legal representative's ID number.
    IdNumber,
}

impl QueryField {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            QueryField::Image => "image",
            QueryField::Code => "code",
            QueryField::Name => "name",
            QueryField::Address => "address",
            QueryField::LegalRepresentative => "legal_representative",
            QueryField::IdNumber => "id_number",
        }
    }
}

/// A personal ID number (居民身份证号). Shown masked in `Debug`: it is personal data.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct IdNumber(String);

impl IdNumber {
    /// Wrap an ID number.
    pub fn new(s: impl Into<String>) -> Self {
        IdNumber(s.into())
    }
    /// The number itself (to send to the provider).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.chars().count();
        let tail: String = self.0.chars().skip(n.saturating_sub(2)).collect();
        write!(f, "IdNumber(****{tail})")
    }
}

/// What to look up in the registry: by image, or by code plus the fields to check.
///
/// ```
/// use bizlicense_core::VerifyQuery;
///
/// let q = VerifyQuery::by_code("911101085636549482").with_name("腾讯云计算（北京）有限责任公司");
/// assert_eq!(q.code.as_deref(), Some("911101085636549482"));
/// // Cache keys ignore width and spacing differences in the code.
/// assert_eq!(
///     q.cache_key(),
///     VerifyQuery::by_code(" ９１１１０１０８５６３６５４９４８２").with_name("腾讯云计算（北京）有限责任公司").cache_key()
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifyQuery {
    /// A license image to read and verify.
    pub image: Option<LicenseImage>,
    /// Credit code or registration number.
    pub code: Option<String>,
    /// Company name to check.
    pub name: Option<String>,
    /// Address to check.
    pub address: Option<String>,
    /// Legal representative's name to check.
    pub legal_representative: Option<String>,
    /// Legal representative's ID number to check.
    pub id_number: Option<IdNumber>,
}

impl VerifyQuery {
    /// Look up by credit code or registration number.
    pub fn by_code(code: impl Into<String>) -> Self {
        VerifyQuery {
            code: Some(code.into()),
            ..Default::default()
        }
    }

    /// Look up by license image.
    pub fn by_image(image: LicenseImage) -> Self {
        VerifyQuery {
            image: Some(image),
            ..Default::default()
        }
    }

    /// Also check the company name.
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Also check the address.
    pub fn with_address(mut self, address: impl Into<String>) -> Self {
        self.address = Some(address.into());
        self
    }

    /// Also check the legal representative.
    pub fn with_legal_representative(mut self, name: impl Into<String>) -> Self {
        self.legal_representative = Some(name.into());
        self
    }

    /// Also check the legal representative's ID number.
    pub fn with_id_number(mut self, id: impl Into<String>) -> Self {
        self.id_number = Some(IdNumber::new(id));
        self
    }

    /// Also send an image.
    pub fn with_image(mut self, image: LicenseImage) -> Self {
        self.image = Some(image);
        self
    }

    /// Whether the query carries `field` (non-empty).
    pub fn has(&self, field: QueryField) -> bool {
        fn some(s: &Option<String>) -> bool {
            s.as_deref().is_some_and(|v| !v.trim().is_empty())
        }
        match field {
            QueryField::Image => self.image.is_some(),
            QueryField::Code => some(&self.code),
            QueryField::Name => some(&self.name),
            QueryField::Address => some(&self.address),
            QueryField::LegalRepresentative => some(&self.legal_representative),
            QueryField::IdNumber => self
                .id_number
                .as_ref()
                .is_some_and(|i| !i.0.trim().is_empty()),
        }
    }

    /// The code with width, case and spaces normalized (for cache keys and sending).
    pub fn normalized_code(&self) -> Option<String> {
        self.code.as_deref().map(crate::ident::normalize_input)
    }

    /// A stable key for caches: the image digest and the normalized fields. The ID number is
    /// hashed, never stored in clear in a key.
    pub fn cache_key(&self) -> String {
        let mut key = String::new();
        if let Some(img) = &self.image {
            key.push_str(&img.cache_key());
        }
        let mut push = |tag: &str, v: Option<String>| {
            if let Some(v) = v {
                key.push('|');
                key.push_str(tag);
                key.push('=');
                key.push_str(&v);
            }
        };
        push("code", self.normalized_code());
        let squeeze = |s: &Option<String>| {
            s.as_deref()
                .map(|v| v.split_whitespace().collect::<String>())
        };
        push("name", squeeze(&self.name));
        push("address", squeeze(&self.address));
        push("lr", squeeze(&self.legal_representative));
        push(
            "id",
            self.id_number
                .as_ref()
                .map(|i| crate::image::sha256_hex(i.expose().as_bytes())),
        );
        key
    }
}

/// What a [`RegistryVerifier`](crate::RegistryVerifier) accepts and returns. Be honest: the
/// contract kit checks that `verify` rejects, before any I/O, every query these say it cannot
/// take.
///
/// ```
/// use bizlicense_core::{QueryField, VerifyCapabilities, VerifyQuery};
///
/// let caps = VerifyCapabilities::by_code_only(&[QueryField::Code, QueryField::Name]);
/// assert!(caps.check(&VerifyQuery::by_code("911101085636549482")).is_err());
/// assert!(caps.check(&VerifyQuery::by_code("911101085636549482").with_name("x")).is_ok());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct VerifyCapabilities {
    /// Can verify from a license image.
    pub by_image: bool,
    /// Can verify from a code plus fields.
    pub by_code: bool,
    /// Fields a by-code query must carry.
    pub required: Vec<QueryField>,
    /// Optional fields the provider checks when present.
    pub optional: Vec<QueryField>,
    /// Returns the registry's own values (name, address, ...), not only yes/no flags.
    pub returns_values: bool,
    /// Returns the operating status.
    pub returns_status: bool,
}

impl VerifyCapabilities {
    /// A verifier that takes either an image or a code (+ optional fields).
    pub fn image_or_code(optional: &[QueryField]) -> Self {
        VerifyCapabilities {
            by_image: true,
            by_code: true,
            required: vec![QueryField::Code],
            optional: optional.to_vec(),
            returns_values: true,
            returns_status: true,
        }
    }

    /// A verifier that takes only codes, with these required fields.
    pub fn by_code_only(required: &[QueryField]) -> Self {
        VerifyCapabilities {
            by_image: false,
            by_code: true,
            required: required.to_vec(),
            optional: Vec::new(),
            returns_values: true,
            returns_status: true,
        }
    }

    /// Set whether registry values (not just flags) come back.
    pub fn with_returns_values(mut self, yes: bool) -> Self {
        self.returns_values = yes;
        self
    }

    /// Set whether the operating status comes back.
    pub fn with_returns_status(mut self, yes: bool) -> Self {
        self.returns_status = yes;
        self
    }

    /// Set the optional fields.
    pub fn with_optional(mut self, optional: &[QueryField]) -> Self {
        self.optional = optional.to_vec();
        self
    }

    /// Whether the query can be answered; `Err` says what is missing or not accepted.
    pub fn check(&self, q: &VerifyQuery) -> Result<(), String> {
        let has_image = q.has(QueryField::Image);
        if has_image && !self.by_image && !q.has(QueryField::Code) {
            return Err("this verifier cannot verify from an image; pass the credit code".into());
        }
        if has_image && self.by_image {
            return Ok(());
        }
        if !self.by_code {
            return Err("this verifier verifies from an image only; pass a license image".into());
        }
        let missing: Vec<&str> = self
            .required
            .iter()
            .filter(|f| !q.has(**f))
            .map(|f| f.as_str())
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "the query lacks required field(s): {}",
                missing.join(", ")
            ))
        }
    }

    /// [`check`](Self::check) as a [`ProviderError`] of kind `InvalidInput` for `provider`.
    pub fn check_for(&self, provider: &str, q: &VerifyQuery) -> Result<(), ProviderError> {
        self.check(q)
            .map_err(|m| ProviderError::invalid_input(provider, m))
    }
}

//! [`TencentVerifier`]: a [`RegistryVerifier`] over the four verify actions.

use bizlicense_core::{
    ProviderError, QueryField, RegistryRecord, RegistryVerifier, VerifyCapabilities, VerifyQuery,
    async_trait,
};
use serde::Serialize;

use crate::client::TencentClient;
use crate::convert::{ID_ENTERPRISE3, ID_ENTERPRISE4, ID_VERIFY_BASIC, ID_VERIFY_DETAILED};
use crate::image::image_fields;
use crate::wire::{
    Action, ImageConfig, VerifyBasicBizLicense, VerifyBasicBizLicenseRequest, VerifyBizLicense,
    VerifyBizLicenseEnterprise3, VerifyBizLicenseEnterprise3Request, VerifyBizLicenseEnterprise4,
    VerifyBizLicenseEnterprise4Request, VerifyBizLicenseRequest, VerifyType,
};

/// Which action a [`TencentVerifier`] calls. Each call is billed once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum VerifyMode {
    /// `VerifyBasicBizLicense` (seed API, offline at Tencent since 2023; emulator and legacy
    /// data): image or code (+ name, address) -> registry basics and per-field flags.
    Basic,
    /// `VerifyBizLicense` (seed API, offline since 2023): the same inputs -> the full record.
    Detailed,
    /// `VerifyBizLicenseEnterprise3`: code + name (+ legal representative) -> yes/no + status.
    Enterprise3,
    /// `VerifyBizLicenseEnterprise4`: code + name + legal representative + ID number -> per-field
    /// yes/no, status and operating period.
    Enterprise4,
}

impl VerifyMode {
    /// The provider id (`tencent.verify_basic`, ...).
    pub fn id(self) -> &'static str {
        match self {
            VerifyMode::Basic => ID_VERIFY_BASIC,
            VerifyMode::Detailed => ID_VERIFY_DETAILED,
            VerifyMode::Enterprise3 => ID_ENTERPRISE3,
            VerifyMode::Enterprise4 => ID_ENTERPRISE4,
        }
    }

    /// The action name on the wire.
    pub fn action(self) -> &'static str {
        match self {
            VerifyMode::Basic => VerifyBasicBizLicense::NAME,
            VerifyMode::Detailed => VerifyBizLicense::NAME,
            VerifyMode::Enterprise3 => VerifyBizLicenseEnterprise3::NAME,
            VerifyMode::Enterprise4 => VerifyBizLicenseEnterprise4::NAME,
        }
    }
}

/// Looks companies up with one of the Tencent verify actions.
///
/// ```
/// use bizlicense_core::{QueryField, RegistryVerifier};
/// use bizlicense_tencent::{Credentials, TencentClient, TencentVerifier, VerifyMode};
///
/// let client = TencentClient::builder()
///     .credentials(Credentials::new("AKIDexample", "secret"))
///     .build()
///     .unwrap();
/// let v = TencentVerifier::new(client, VerifyMode::Enterprise4);
/// assert_eq!(v.id(), "tencent.enterprise4");
/// assert!(v.capabilities().required.contains(&QueryField::IdNumber));
/// ```
#[derive(Debug, Clone)]
pub struct TencentVerifier {
    client: TencentClient,
    mode: VerifyMode,
    reg_capital: bool,
    establish_time: bool,
}

/// A request body for one of the four actions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum VerifyRequest {
    /// `VerifyBasicBizLicense`.
    Basic(VerifyBasicBizLicenseRequest),
    /// `VerifyBizLicense`.
    Detailed(VerifyBizLicenseRequest),
    /// `VerifyBizLicenseEnterprise3`.
    Enterprise3(VerifyBizLicenseEnterprise3Request),
    /// `VerifyBizLicenseEnterprise4`.
    Enterprise4(VerifyBizLicenseEnterprise4Request),
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

impl TencentVerifier {
    /// A verifier calling `mode`'s action through `client`.
    pub fn new(client: TencentClient, mode: VerifyMode) -> Self {
        TencentVerifier {
            client,
            mode,
            reg_capital: true,
            establish_time: true,
        }
    }

    /// Basic mode: also ask for the registered capital (`RegCapital: 1`, default true).
    pub fn with_reg_capital(mut self, yes: bool) -> Self {
        self.reg_capital = yes;
        self
    }

    /// Basic mode: also ask for the establishment date (`EstablishTime: true`, default true).
    pub fn with_establish_time(mut self, yes: bool) -> Self {
        self.establish_time = yes;
        self
    }

    /// The mode.
    pub fn mode(&self) -> VerifyMode {
        self.mode
    }

    /// The request this verifier sends for `query`, after every check (capabilities, image
    /// limits); errors are `InvalidInput` and happen without I/O.
    ///
    /// Basic/Detailed: a query with a code is verified by its fields (Tencent ignores the image
    /// when `RegNum` is present, so it is not sent); an image-only query sends the image with
    /// `ImageConfig` asking to check all three fields.
    pub fn request_for(&self, q: &VerifyQuery) -> Result<VerifyRequest, ProviderError> {
        let id = self.mode.id();
        self.capabilities().check_for(id, q)?;
        let code = q.normalized_code().filter(|c| !c.is_empty());
        if let Some(c) = &code {
            check_code(id, c)?;
        }
        let (name, address, lr) = (
            trimmed(&q.name),
            trimmed(&q.address),
            trimmed(&q.legal_representative),
        );
        let image = match (&code, &q.image) {
            (None, Some(img)) => Some(image_fields(id, img)?),
            _ => None,
        };
        Ok(match self.mode {
            VerifyMode::Basic => {
                let mut r = VerifyBasicBizLicenseRequest::default();
                if let Some(img) = image {
                    r.image_base64 = img.base64;
                    r.image_url = img.url;
                    r.image_config = Some(ImageConfig::all().to_json_string());
                } else {
                    r.reg_num = code;
                    r.name = name;
                    r.address = address;
                }
                r.reg_capital = self.reg_capital.then_some(1);
                r.establish_time = self.establish_time.then_some(true);
                VerifyRequest::Basic(r)
            }
            VerifyMode::Detailed => {
                let mut r = VerifyBizLicenseRequest::default();
                if let Some(img) = image {
                    r.image_base64 = img.base64;
                    r.image_url = img.url;
                    r.image_config = Some(ImageConfig::all().to_json_string());
                } else {
                    r.reg_num = code;
                    r.name = name;
                    r.address = address;
                }
                VerifyRequest::Detailed(r)
            }
            VerifyMode::Enterprise3 => {
                VerifyRequest::Enterprise3(VerifyBizLicenseEnterprise3Request {
                    verify_type: Some(if lr.is_some() {
                        VerifyType::Ent3Meta
                    } else {
                        VerifyType::Ent2Meta
                    }),
                    credit_code: code,
                    ent_name: name,
                    lr_name: lr,
                })
            }
            VerifyMode::Enterprise4 => {
                VerifyRequest::Enterprise4(VerifyBizLicenseEnterprise4Request {
                    credit_code: code,
                    ent_name: name,
                    lr_name: lr,
                    id_num: q.id_number.as_ref().map(|i| i.expose().trim().to_owned()),
                })
            }
        })
    }
}

#[async_trait]
impl RegistryVerifier for TencentVerifier {
    fn id(&self) -> &str {
        self.mode.id()
    }

    fn capabilities(&self) -> VerifyCapabilities {
        match self.mode {
            VerifyMode::Basic | VerifyMode::Detailed => {
                VerifyCapabilities::image_or_code(&[QueryField::Name, QueryField::Address])
            }
            VerifyMode::Enterprise3 => {
                VerifyCapabilities::by_code_only(&[QueryField::Code, QueryField::Name])
                    .with_optional(&[QueryField::LegalRepresentative])
                    .with_returns_values(false)
            }
            VerifyMode::Enterprise4 => VerifyCapabilities::by_code_only(&[
                QueryField::Code,
                QueryField::Name,
                QueryField::LegalRepresentative,
                QueryField::IdNumber,
            ])
            .with_returns_values(false),
        }
    }

    async fn verify(&self, query: &VerifyQuery) -> Result<RegistryRecord, ProviderError> {
        let id = self.mode.id();
        let request = self.request_for(query)?;
        let (record, raw) = match &request {
            VerifyRequest::Basic(r) => {
                let c = self.client.call::<VerifyBasicBizLicense>(id, r).await?;
                (RegistryRecord::try_from(c.response), c.raw)
            }
            VerifyRequest::Detailed(r) => {
                let c = self.client.call::<VerifyBizLicense>(id, r).await?;
                (RegistryRecord::try_from(c.response), c.raw)
            }
            VerifyRequest::Enterprise3(r) => {
                let c = self
                    .client
                    .call::<VerifyBizLicenseEnterprise3>(id, r)
                    .await?;
                (RegistryRecord::try_from(c.response), c.raw)
            }
            VerifyRequest::Enterprise4(r) => {
                let c = self
                    .client
                    .call::<VerifyBizLicenseEnterprise4>(id, r)
                    .await?;
                (RegistryRecord::try_from(c.response), c.raw)
            }
        };
        let mut record = record.map_err(|e| e.into_provider_error(id))?;
        if let VerifyRequest::Enterprise3(r) = &request {
            // All checked elements match when the overall verdict is yes; on "no" Tencent does
            // not say which one differs.
            if record.consistency.overall == Some(true) {
                record.consistency.credit_code = Some(true);
                record.consistency.name = Some(true);
                if r.verify_type == Some(VerifyType::Ent3Meta) {
                    record.consistency.legal_representative = Some(true);
                }
            }
        }
        record.raw = Some(raw);
        Ok(record)
    }
}

/// Reject, before a billed call, codes that cannot be in any registry: characters other than
/// digits and capital letters, and 18-character codes that fail the GB 32100 check (a typo or
/// an OCR slip). Other lengths pass through: registries still answer for older registration
/// number forms that no check digit describes.
fn check_code(provider: &str, code: &str) -> Result<(), ProviderError> {
    if let Some((i, c)) = code
        .char_indices()
        .find(|(_, c)| !c.is_ascii_alphanumeric())
    {
        return Err(ProviderError::invalid_input(
            provider,
            format!(
                "the code {code:?} has {c:?} at position {}: only digits and letters can be looked up",
                i + 1
            ),
        ));
    }
    if code.len() == 18 {
        bizlicense_core::CreditCode::parse(code).map_err(|e| {
            ProviderError::invalid_input(
                provider,
                format!("{e}: fix the code before paying for a lookup"),
            )
        })?;
    }
    Ok(())
}

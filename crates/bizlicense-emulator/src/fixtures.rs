//! The fixture set: registry records and license images with their OCR answers.
//!
//! A fixture directory holds three JSON files and the images:
//!
//! - `companies.json`: the registry, one [`Company`] per record;
//! - `licenses.json`: one entry per license image: its id, the registry company it shows (by
//!   credit code), the image format and the [`OcrFields`] every OCR answer for it carries (OCR
//!   noise included);
//! - `index.json`: written by `cargo run -p bizlicense-emulator --example gen_fixtures`: for each
//!   license id, the image file (relative to the directory), its SHA-256 and its pixel size;
//! - `images/`: the image files.
//!
//! Everything is indexed in hash maps once at load time; request handlers only look up.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use bizlicense_core::{CreditCode, ImageFormat, RegNo};
use bytes::Bytes;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Why a fixture directory could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FixtureError {
    /// A file could not be read.
    #[error("cannot read fixture file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A JSON file does not have the expected shape.
    #[error("fixture file {path} is not valid: {source}")]
    Json {
        /// The file.
        path: PathBuf,
        /// The parse error.
        source: serde_json::Error,
    },
    /// The files disagree with each other or hold invalid data.
    #[error("invalid fixture set in {dir}: {message}")]
    Invalid {
        /// The fixture directory.
        dir: PathBuf,
        /// What is wrong, and what to do about it.
        message: String,
    },
}

/// A registry record, as the verify actions answer it. Empty strings mean "not known", as in
/// the providers' own answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct Company {
    /// 统一社会信用代码 (validated with its check digit at load time).
    pub credit_code: String,
    /// 工商注册号: the old 15-digit number, or the credit code for companies registered after
    /// the switch.
    pub reg_no: String,
    /// 原注册号, when the registry keeps one.
    pub ori_reg_no: String,
    /// 组织机构代码.
    pub org_code: String,
    /// 企业名称.
    pub name: String,
    /// 法定代表人 / 负责人.
    pub legal_representative: String,
    /// The legal representative's ID number (fictional), checked by Enterprise4.
    pub legal_representative_id_number: String,
    /// 经营状态 as the detailed action answers it (e.g. `在营（开业）`).
    pub status: String,
    /// 经营状态 as the basic action answers it (e.g. `在营`); `status` when empty.
    pub status_basic: String,
    /// The Enterprise3/4 `OperatingStatus` code ("1" open, "3" cancelled, "4" revoked, ...).
    pub operating_status_code: String,
    /// 住所.
    pub address: String,
    /// 经营范围.
    pub business_scope: String,
    /// 注册资本 in 万 units of `capital_currency` (e.g. `14250.00`).
    pub registered_capital: String,
    /// 注册币种 (人民币, 美元, ...).
    pub capital_currency: String,
    /// 登记机关.
    pub registration_authority: String,
    /// 成立日期 (`YYYY-MM-DD`).
    pub established_date: String,
    /// 经营期限自 (`YYYY-MM-DD`).
    pub open_from: String,
    /// 经营期限至 (`YYYY-MM-DD`, empty when open-ended).
    pub open_to: String,
    /// 企业类型.
    pub enterprise_type: String,
    /// 注销日期.
    pub cancel_date: String,
    /// 吊销日期.
    pub revoke_date: String,
    /// 核准日期.
    pub approval_date: String,
    /// 省.
    pub province: String,
    /// 地级市.
    pub city: String,
    /// 区/县.
    pub county: String,
    /// 行政区划代码.
    pub area_code: String,
    /// 行业门类代码.
    pub industry_phy_code: String,
    /// 行业门类名称.
    pub industry_phy_name: String,
    /// 国民经济行业代码.
    pub industry_code: String,
    /// 国民经济行业名称.
    pub industry_name: String,
}

impl Company {
    /// The status text for the basic verify action.
    pub fn status_basic(&self) -> &str {
        if self.status_basic.is_empty() {
            &self.status
        } else {
            &self.status_basic
        }
    }
}

/// A warning an OCR provider raises about the document itself (copy, reprint, ...), in
/// Tencent's terms (`RecognizeWarnCode` / `RecognizeWarnMsg`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OcrWarning {
    /// Tencent's warning code, e.g. `-9102` (photocopy).
    pub code: i64,
    /// Tencent's warning message, e.g. `WARN_COPY_CARD`.
    pub message: String,
}

/// What OCR reads on a license image, exactly as the answers carry it (noise included).
/// Absent fields are absent in the answers too.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OcrFields {
    /// The code printed on the license: a credit code, or an old 15-digit 注册号.
    pub credit_code: String,
    /// 名称.
    pub name: String,
    /// 法定代表人 / 负责人 / 经营者.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_representative: Option<String>,
    /// 住所 / 营业场所.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// 注册资本, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registered_capital: Option<String>,
    /// 实收资本, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paid_in_capital: Option<String>,
    /// 类型.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enterprise_type: Option<String>,
    /// 组成形式 (individual businesses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub composing_form: Option<String>,
    /// 经营范围.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_scope: Option<String>,
    /// 成立日期, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub established_date: Option<String>,
    /// 营业期限, as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_period: Option<String>,
    /// 编号 (serial number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serial_number: Option<String>,
    /// 登记机关.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_authority: Option<String>,
    /// 登记日期 / 核准日期.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registration_date: Option<String>,
    /// Document warnings (copy, reprint, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<OcrWarning>,
    /// Tencent's `IsDuplication` (1: a 副本, -1: not); `-1` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_duplication: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct LicenseSpec {
    id: String,
    company: String,
    #[serde(default)]
    note: String,
    ocr: OcrFields,
}

/// One row of `index.json`, as written by the `gen_fixtures` tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct IndexEntry {
    /// The license id (as in `licenses.json`).
    pub id: String,
    /// The image file, relative to the fixture directory (e.g. `images/x.png`).
    pub file: String,
    /// Hex SHA-256 of the file.
    pub sha256: String,
    /// Image width in pixels.
    pub width: u32,
    /// Image height in pixels.
    pub height: u32,
}

impl IndexEntry {
    /// A new index row.
    pub fn new(id: String, file: String, sha256: String, width: u32, height: u32) -> Self {
        IndexEntry {
            id,
            file,
            sha256,
            width,
            height,
        }
    }
}

/// A license image of the fixture set, with what OCR reads on it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct License {
    /// Stable id (e.g. `tencent-cloud-beijing`).
    pub id: String,
    /// Credit code of the registry [`Company`] this license belongs to.
    pub company: String,
    /// The image's file name under `images/` (served at `/_emulator/images/<file_name>`).
    pub file_name: String,
    /// Hex SHA-256 of the image bytes.
    pub sha256: String,
    /// The image format (PNG or JPEG).
    pub format: ImageFormat,
    /// Image width in pixels.
    pub width: u32,
    /// Image height in pixels.
    pub height: u32,
    /// What this fixture is for.
    pub note: String,
    /// What OCR reads on it.
    pub ocr: OcrFields,
    bytes: Bytes,
}

impl License {
    /// The image file's bytes.
    pub fn image_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The image bytes as a cheaply clonable buffer.
    pub fn image(&self) -> Bytes {
        self.bytes.clone()
    }
}

/// The loaded fixture set, indexed for lookups.
///
/// ```
/// let fixtures = bizlicense_emulator::Fixtures::load_default().unwrap();
/// let lic = fixtures.license("tencent-cloud-beijing").unwrap();
/// assert_eq!(fixtures.license_by_image(lic.image_bytes()).unwrap().id, lic.id);
/// assert_eq!(fixtures.company_for(lic).unwrap().name, "腾讯云计算（北京）有限责任公司");
/// ```
#[derive(Debug, Clone)]
pub struct Fixtures {
    dir: PathBuf,
    companies: Vec<Company>,
    licenses: Vec<License>,
    company_by_code: HashMap<String, usize>,
    company_by_name: HashMap<String, usize>,
    license_by_id: HashMap<String, usize>,
    license_by_sha: HashMap<[u8; 32], usize>,
    license_by_file: HashMap<String, usize>,
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_fixtures.rs"));
}

fn read(path: &Path) -> Result<Vec<u8>, FixtureError> {
    std::fs::read(path).map_err(|source| FixtureError::Io {
        path: path.to_owned(),
        source,
    })
}

/// Where fixture files come from: a directory, or the copy embedded at build time.
enum Source<'a> {
    Dir(&'a Path),
    Embedded,
}

impl Source<'_> {
    fn read(&self, dir: &Path, name: &str) -> Result<Vec<u8>, FixtureError> {
        match self {
            Source::Dir(d) => read(&d.join(name)),
            Source::Embedded => embedded::FILES
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, bytes)| bytes.to_vec())
                .ok_or_else(|| FixtureError::Io {
                    path: dir.join(name),
                    source: std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        "not embedded: rebuild after running the gen_fixtures example",
                    ),
                }),
        }
    }

    fn read_json<T: serde::de::DeserializeOwned>(
        &self,
        dir: &Path,
        name: &str,
    ) -> Result<T, FixtureError> {
        serde_json::from_slice(&self.read(dir, name)?).map_err(|source| FixtureError::Json {
            path: dir.join(name),
            source,
        })
    }
}

/// SHA-256 of `data` as a fixed array (the lookup key: no hex string per request).
pub(crate) fn sha256(data: &[u8]) -> [u8; 32] {
    Sha256::digest(data).into()
}

impl Fixtures {
    /// The fixture set shipped with this crate (`testdata/fixtures/` in its source directory).
    pub fn default_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fixtures")
    }

    /// Load the fixture set shipped with this crate (embedded in the library at build time, so
    /// it works wherever the program runs).
    pub fn load_default() -> Result<Self, FixtureError> {
        Self::load_from(Self::default_dir(), Source::Embedded)
    }

    /// Load a fixture directory (same layout as the shipped one; see the module docs).
    pub fn load(dir: impl AsRef<Path>) -> Result<Self, FixtureError> {
        let dir = dir.as_ref();
        Self::load_from(dir.to_owned(), Source::Dir(dir))
    }

    fn load_from(dir: PathBuf, source: Source<'_>) -> Result<Self, FixtureError> {
        let invalid = |message: String| FixtureError::Invalid {
            dir: dir.clone(),
            message,
        };
        let companies: Vec<Company> = source.read_json(&dir, "companies.json")?;
        let specs: Vec<LicenseSpec> = source.read_json(&dir, "licenses.json")?;
        let index: Vec<IndexEntry> = source.read_json(&dir, "index.json")?;

        let mut company_by_code = HashMap::new();
        let mut company_by_name = HashMap::new();
        for (i, c) in companies.iter().enumerate() {
            let code = CreditCode::parse(&c.credit_code)
                .map_err(|e| invalid(format!("company {:?}: {e}", c.name)))?;
            if code.as_str() != c.credit_code {
                return Err(invalid(format!(
                    "company {:?}: write the credit code normalized as {code}",
                    c.name
                )));
            }
            if c.reg_no.len() == 15 && !RegNo::is_valid(&c.reg_no) {
                return Err(invalid(format!(
                    "company {:?}: registration number {} has a bad check digit",
                    c.name, c.reg_no
                )));
            }
            for key in [&c.credit_code, &c.reg_no, &c.ori_reg_no] {
                if !key.is_empty()
                    && company_by_code
                        .insert(key.clone(), i)
                        .is_some_and(|j| j != i)
                {
                    return Err(invalid(format!("code {key} names two companies")));
                }
            }
            company_by_name.insert(c.name.clone(), i);
        }

        let index_by_id: HashMap<&str, &IndexEntry> =
            index.iter().map(|e| (e.id.as_str(), e)).collect();
        let mut licenses = Vec::with_capacity(specs.len());
        for spec in specs {
            if !company_by_code.contains_key(&spec.company) {
                return Err(invalid(format!(
                    "license {}: company {} is not in companies.json",
                    spec.id, spec.company
                )));
            }
            let entry = index_by_id.get(spec.id.as_str()).ok_or_else(|| {
                invalid(format!(
                    "license {} has no entry in index.json: run \
                     `cargo run -p bizlicense-emulator --example gen_fixtures`",
                    spec.id
                ))
            })?;
            let bytes = source.read(&dir, &entry.file)?;
            let digest = hex::encode(sha256(&bytes));
            if digest != entry.sha256 {
                return Err(invalid(format!(
                    "{}: SHA-256 is {digest}, index.json says {}: regenerate the index",
                    entry.file, entry.sha256
                )));
            }
            let format = match ImageFormat::detect(&bytes) {
                Some(f @ (ImageFormat::Png | ImageFormat::Jpeg)) => f,
                other => {
                    return Err(invalid(format!(
                        "{}: expected a PNG or JPEG image, found {other:?}",
                        entry.file
                    )));
                }
            };
            let file_name = Path::new(&entry.file)
                .file_name()
                .and_then(|n| n.to_str())
                .ok_or_else(|| invalid(format!("{}: no file name", entry.file)))?
                .to_owned();
            licenses.push(License {
                id: spec.id,
                company: spec.company,
                file_name,
                sha256: digest,
                format,
                width: entry.width,
                height: entry.height,
                note: spec.note,
                ocr: spec.ocr,
                bytes: Bytes::from(bytes),
            });
        }

        let mut license_by_id = HashMap::new();
        let mut license_by_sha = HashMap::new();
        let mut license_by_file = HashMap::new();
        for (i, l) in licenses.iter().enumerate() {
            if license_by_id.insert(l.id.clone(), i).is_some() {
                return Err(invalid(format!("license id {} appears twice", l.id)));
            }
            if license_by_sha.insert(sha256(&l.bytes), i).is_some() {
                return Err(invalid(format!(
                    "license {}: same image bytes as another license",
                    l.id
                )));
            }
            license_by_file.insert(l.file_name.clone(), i);
        }

        Ok(Fixtures {
            dir,
            companies,
            licenses,
            company_by_code,
            company_by_name,
            license_by_id,
            license_by_sha,
            license_by_file,
        })
    }

    /// The directory this set was loaded from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// All registry records.
    pub fn companies(&self) -> &[Company] {
        &self.companies
    }

    /// All license images.
    pub fn licenses(&self) -> &[License] {
        &self.licenses
    }

    /// A license by id.
    pub fn license(&self, id: &str) -> Option<&License> {
        self.license_by_id.get(id).map(|&i| &self.licenses[i])
    }

    /// The license whose image has exactly these bytes.
    pub fn license_by_image(&self, bytes: &[u8]) -> Option<&License> {
        self.license_by_sha
            .get(&sha256(bytes))
            .map(|&i| &self.licenses[i])
    }

    /// The license served as `/_emulator/images/<file_name>`.
    pub fn license_by_file(&self, file_name: &str) -> Option<&License> {
        self.license_by_file
            .get(file_name)
            .map(|&i| &self.licenses[i])
    }

    /// The registry company a license shows.
    pub fn company_for(&self, license: &License) -> Option<&Company> {
        self.company_by_code(&license.company)
    }

    /// The company with this credit code, registration number or original registration
    /// number (exact match after trimming and upper-casing).
    pub fn company_by_code(&self, code: &str) -> Option<&Company> {
        let code = code.trim();
        let hit = self.company_by_code.get(code).or_else(|| {
            code.bytes()
                .any(|b| b.is_ascii_lowercase())
                .then(|| self.company_by_code.get(&code.to_ascii_uppercase()))
                .flatten()
        });
        hit.map(|&i| &self.companies[i])
    }

    /// The company with exactly this name.
    pub fn company_by_name(&self, name: &str) -> Option<&Company> {
        self.company_by_name
            .get(name.trim())
            .map(|&i| &self.companies[i])
    }
}

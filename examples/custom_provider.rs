//! A user's own `RegistryVerifier`, backed by a CSV of known companies: implemented in one
//! trait, checked with the core contract kit, and used in the pipeline behind the WeChat OCR
//! reader (served by the in-process emulator), with Tencent as the fallback for companies the
//! CSV does not know.
//!
//! ```sh
//! cargo run --example custom_provider
//! ```

use std::collections::HashMap;
use std::time::Duration;

use bizlicense::compose::ProviderExt;
use bizlicense::emulator::{Emulator, Fixtures};
use bizlicense::ident::{CreditCode, normalize_input};
use bizlicense::reconcile::Engine;
use bizlicense::tencent::{TencentVerifier, VerifyMode};
use bizlicense::{
    ErrorKind, LicenseImage, Pipeline, ProviderError, QueryField, RegistryRecord, RegistryVerifier,
    VerifyCapabilities, VerifyQuery, async_trait,
};
use bizlicense_core::testing::VerifierContract;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Companies from a CSV file: `credit_code,name,legal_representative,address,status`.
struct CsvRegistry {
    rows: HashMap<String, RegistryRecord>,
}

impl CsvRegistry {
    const ID: &'static str = "csv";

    fn parse(csv: &str) -> Result<Self, String> {
        let mut rows = HashMap::new();
        for (n, line) in csv.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split(',').map(str::trim).collect();
            let [code, name, person, address, status] = cols[..] else {
                return Err(format!(
                    "line {}: expected 5 columns, found {}",
                    n + 1,
                    cols.len()
                ));
            };
            // Reject bad rows when loading, not when a customer is being verified.
            let code = CreditCode::parse(code).map_err(|e| format!("line {}: {e}", n + 1))?;
            let mut r = RegistryRecord::new(Self::ID);
            r.credit_code = Some(code.to_string());
            r.name = Some(name.to_owned());
            r.legal_representative = Some(person.to_owned());
            r.address = Some(address.to_owned());
            r.status = Some(status.to_owned());
            rows.insert(code.to_string(), r);
        }
        Ok(CsvRegistry { rows })
    }
}

#[async_trait]
impl RegistryVerifier for CsvRegistry {
    fn id(&self) -> &str {
        Self::ID
    }

    fn capabilities(&self) -> VerifyCapabilities {
        // By code only; no registration numbers or images. Honest, so the contract kit agrees.
        VerifyCapabilities::by_code_only(&[QueryField::Code]).with_optional(&[QueryField::Name])
    }

    async fn verify(&self, query: &VerifyQuery) -> Result<RegistryRecord, ProviderError> {
        self.capabilities().check_for(self.id(), query)?;
        let code = normalize_input(query.code.as_deref().unwrap_or_default());
        CreditCode::parse(&code)
            .map_err(|e| ProviderError::invalid_input(self.id(), e.to_string()))?;
        self.rows.get(&code).cloned().ok_or_else(|| {
            ProviderError::new(
                self.id(),
                ErrorKind::NotFound,
                format!("{code} is not in the CSV"),
            )
        })
    }
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let csv = include_str!("data/companies.csv");

    // 1. The contract kit: the same rules every built-in provider passes.
    VerifierContract::new(CsvRegistry::parse(csv)?)
        .with_valid_query(VerifyQuery::by_code("911101085636549482"))
        .with_failing_query(
            VerifyQuery::by_code("91440300708461136T"),
            ErrorKind::NotFound,
        )
        .with_invalid_query(VerifyQuery::by_code("911101085636549483"))
        .run()
        .await;
    println!("contract kit: CsvRegistry passes\n");

    // 2. In the pipeline: WeChat OCR -> our CSV (Tencent when the CSV does not know the company)
    //    -> reconciliation.
    let (base, _emulator) = Emulator::start_local().await?;
    let wechat = bizlicense::emulator::wechat_client(&base).build()?;
    let tencent = bizlicense::emulator::tencent_client(&base).build()?;
    let verifier = CsvRegistry::parse(csv)?
        .or_fallback(
            TencentVerifier::new(tencent, VerifyMode::Detailed),
            &[ErrorKind::NotFound],
        )
        .with_joined_verifier_id()
        .cached(Duration::from_secs(3600), 1000);
    let pipeline = Pipeline::new(wechat.reader(), verifier, Engine::default())
        .with_as_of(bizlicense::jiff::civil::date(2025, 6, 1));

    let fixtures = Fixtures::load_default()?;
    for id in [
        "qinghe-hangzhou",
        "chengchuan-shanghai-cancelled",
        "ruide-suzhou-usd-capital",
    ] {
        let license = fixtures
            .license(id)
            .ok_or_else(|| format!("no fixture {id}"))?;
        let image = LicenseImage::from_bytes(license.image_bytes().to_vec())?;
        let outcome = pipeline.run(&image).await?;
        let reasons: Vec<&str> = outcome.report.reasons.iter().map(|r| r.as_str()).collect();
        println!(
            "{:<32} registry: {:<24} decision: {:<6} {}",
            outcome.scan.name.as_deref().unwrap_or("-"),
            outcome.record.provider,
            outcome.report.decision.as_str(),
            reasons.join(", ")
        );
    }
    Ok(())
}

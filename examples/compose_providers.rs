//! Compose providers: Fallback + Retry + RateLimit + Cached over both OCR providers, and a
//! cached, rate-limited, retried registry verifier. Runs offline against the in-process
//! emulator, whose fault injection plays a WeChat outage.
//!
//! ```sh
//! cargo run --example compose_providers
//! ```

use std::time::Duration;

use bizlicense::compose::{ProviderExt, RetryPolicy};
use bizlicense::emulator::{Emulator, Fixtures};
use bizlicense::tencent::{TencentReader, TencentVerifier, VerifyMode};
use bizlicense::{ErrorKind, LicenseImage, LicenseReader, RegistryVerifier, VerifyQuery};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    let (base, _emulator) = Emulator::start_local().await?;
    let admin = reqwest::Client::new();
    println!("emulator at {base}\n");

    let tencent = bizlicense::emulator::tencent_client(&base).build()?;
    let wechat = bizlicense::emulator::wechat_client(&base).build()?;

    // WeChat first; on an outage or a rate limit, Tencent. Each provider gets its own retry
    // budget and rate limit (Tencent BizLicenseOCR allows 10 requests/s by default); the cache
    // sits outside, so a repeated image costs nothing at all.
    let retry = RetryPolicy::default()
        .with_max_retries(2)
        .with_delays(Duration::from_millis(20), Duration::from_millis(100));
    let reader = wechat
        .reader()
        .instrumented()
        .with_retry(retry)
        .with_rate_limit(10)
        .or_fallback(
            TencentReader::new(tencent.clone())
                .instrumented()
                .with_retry(retry)
                .with_rate_limit(10),
            &[
                ErrorKind::Unavailable,
                ErrorKind::RateLimited,
                ErrorKind::Timeout,
                ErrorKind::Network,
            ],
        )
        .with_joined_reader_id()
        .cached(Duration::from_secs(3600), 10_000);
    let verifier = TencentVerifier::new(tencent, VerifyMode::Detailed)
        .instrumented()
        .with_retry(retry)
        .with_rate_limit(20)
        .cached(Duration::from_secs(24 * 3600), 100_000);
    println!("reader: {}\nverifier: {}\n", reader.id(), verifier.id());

    let fixtures = Fixtures::load_default()?;
    let image_of = |id: &str| -> Result<LicenseImage, BoxError> {
        let license = fixtures
            .license(id)
            .ok_or_else(|| format!("no fixture {id}"))?;
        Ok(LicenseImage::from_bytes(license.image_bytes().to_vec())?)
    };

    // 1. Normal operation: WeChat reads the license.
    let scan = reader.read(&image_of("qinghe-hangzhou")?).await?;
    println!(
        "1. read by {:<24} {:?}",
        scan.provider,
        scan.name.as_deref().unwrap_or("-")
    );
    assert_eq!(scan.provider, "wechat");

    // 2. WeChat goes down (every OCR call answers 503): two retries, then Tencent takes over.
    admin
        .post(format!("{base}/_emulator/faults"))
        .json(&serde_json::json!({"route": "/cv/ocr/bizlicense", "kind": "http_status", "status": 503}))
        .send()
        .await?
        .error_for_status()?;
    let scan = reader.read(&image_of("tencent-cloud-beijing")?).await?;
    println!(
        "2. read by {:<24} {:?}  (WeChat answered 503)",
        scan.provider,
        scan.name.as_deref().unwrap_or("-")
    );
    assert_eq!(scan.provider, "tencent.bizlicense_ocr");

    // 3. The same images again: answered from the cache, no call billed.
    let before = billable(&admin, &base).await?;
    reader.read(&image_of("qinghe-hangzhou")?).await?;
    reader.read(&image_of("tencent-cloud-beijing")?).await?;
    let after = billable(&admin, &base).await?;
    println!(
        "3. two repeated reads cost {} billable call(s)",
        after - before
    );
    assert_eq!(after, before);

    // 4. Verification is cached too, keyed by the normalized query (width, spaces).
    let q = VerifyQuery::by_code("911101085636549482").with_name("腾讯云计算（北京）有限责任公司");
    let record = verifier.verify(&q).await?;
    let again = verifier
        .verify(
            &VerifyQuery::by_code("９１１１ ０１０８ ５６３６ ５４９４ ８２")
                .with_name("腾讯云计算（北京）有限责任公司"),
        )
        .await?;
    let total = billable(&admin, &base).await?;
    println!(
        "4. verified {:?} (status {:?}); the full-width repeat was a cache hit: {} billable call(s) in all",
        record.name.as_deref().unwrap_or("-"),
        record.status.as_deref().unwrap_or("-"),
        total
    );
    assert_eq!(record, again);
    assert_eq!(total, after + 1);
    Ok(())
}

/// The emulator's count of billable (successful OCR/verify) answers.
async fn billable(admin: &reqwest::Client, base: &str) -> Result<u64, BoxError> {
    let stats: serde_json::Value = admin
        .get(format!("{base}/_emulator/stats"))
        .send()
        .await?
        .json()
        .await?;
    stats["billable"]
        .as_u64()
        .ok_or_else(|| "stats without a billable counter".into())
}

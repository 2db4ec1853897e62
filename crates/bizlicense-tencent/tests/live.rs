//! Against the real Tencent Cloud API. Runs only when `TENCENTCLOUD_SECRET_ID` and
//! `TENCENTCLOUD_SECRET_KEY` are set; otherwise each test prints why it skipped and passes.
//!
//! Every call is billed. What runs:
//! - `VerifyBizLicenseEnterprise3` (ENT_2META) on the seed's company (public registry data): one call;
//! - `BizLicenseOCR` only when `TENCENTCLOUD_LIVE_IMAGE_URL` names a license image: one call.

use bizlicense_core::{LicenseImage, LicenseReader, RegistryVerifier, VerifyQuery};
use bizlicense_tencent::{TencentClient, TencentReader, TencentVerifier, VerifyMode};

fn live_client(test: &str) -> Option<TencentClient> {
    let have = |k: &str| std::env::var(k).is_ok_and(|v| !v.trim().is_empty());
    if !have("TENCENTCLOUD_SECRET_ID") || !have("TENCENTCLOUD_SECRET_KEY") {
        eprintln!(
            "skipping live test {test}: set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY to run it (billed)"
        );
        return None;
    }
    match TencentClient::builder().build() {
        Ok(c) => Some(c),
        Err(e) => panic!("credentials are set but the client cannot be built: {e}"),
    }
}

#[tokio::test]
async fn live_enterprise3_on_the_seed_company() {
    let Some(client) = live_client("live_enterprise3_on_the_seed_company") else {
        return;
    };
    let v = TencentVerifier::new(client, VerifyMode::Enterprise3);
    let q = VerifyQuery::by_code("911101085636549482").with_name("腾讯云计算（北京）有限责任公司");
    match v.verify(&q).await {
        Ok(rec) => {
            assert!(rec.request_id.is_some(), "{rec:?}");
            assert!(rec.status_code.is_some(), "{rec:?}");
            eprintln!(
                "live Enterprise3: {:?} status {:?}",
                rec.consistency, rec.status
            );
        }
        // An account without the product enabled still proves signing and parsing work.
        Err(e) => {
            assert!(e.request_id().is_some(), "no request id: {e}");
            assert_ne!(
                e.kind(),
                bizlicense_core::ErrorKind::Auth,
                "signature rejected: {e}"
            );
            assert_ne!(e.kind(), bizlicense_core::ErrorKind::Protocol, "{e}");
            eprintln!("live Enterprise3 answered an error: {e}");
        }
    }
}

#[tokio::test]
async fn live_bizlicense_ocr() {
    let Some(client) = live_client("live_bizlicense_ocr") else {
        return;
    };
    let Ok(url) = std::env::var("TENCENTCLOUD_LIVE_IMAGE_URL") else {
        eprintln!(
            "skipping live_bizlicense_ocr: set TENCENTCLOUD_LIVE_IMAGE_URL to a license image"
        );
        return;
    };
    let image =
        LicenseImage::from_url(url).expect("TENCENTCLOUD_LIVE_IMAGE_URL is not an http(s) URL");
    let scan = TencentReader::new(client).read(&image).await.unwrap();
    assert!(scan.request_id.is_some());
    assert!(
        scan.credit_code.is_some() || scan.name.is_some(),
        "{scan:?}"
    );
}

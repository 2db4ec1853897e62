//! The core provider contract kit, against a local wiremock server.

mod common;

use bizlicense_core::testing::{ReaderContract, VerifierContract, sample_gif, sample_png};
use bizlicense_core::{ErrorKind, LicenseImage, VerifyQuery};
use bizlicense_tencent::{TencentReader, TencentVerifier, VerifyMode};
use common::*;
use wiremock::matchers::{body_string_contains, header};
use wiremock::{Mock, MockServer};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    // Failing cases first (higher priority), then the happy answers per action.
    Mock::given(body_string_contains("missing.png"))
        .respond_with(error("FailedOperation.DownLoadError", "download failed"))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(body_string_contains("91440300MA5G00001W"))
        .respond_with(error("FailedOperation.QueryNoRecord", "no record"))
        .with_priority(1)
        .mount(&server)
        .await;
    for (action, file) in [
        ("BizLicenseOCR", "current/bizlicense_ocr.json"),
        ("VerifyBasicBizLicense", "seed/verify_basic_by_fields.json"),
        ("VerifyBizLicense", "seed/verify_detailed_by_fields.json"),
        (
            "VerifyBizLicenseEnterprise3",
            "current/enterprise3_match.json",
        ),
        (
            "VerifyBizLicenseEnterprise4",
            "current/enterprise4_mismatch.json",
        ),
    ] {
        Mock::given(header("X-TC-Action", action))
            .respond_with(json(load(file)))
            .with_priority(5)
            .mount(&server)
            .await;
    }
    server
}

#[tokio::test]
async fn reader_passes_the_contract() {
    let server = std::sync::Arc::new(server().await);
    let s = server.clone();
    ReaderContract::new(TencentReader::new(client(&server)))
        .with_valid_image(sample_png())
        .with_valid_image(LicenseImage::from_url("https://example.com/license.jpg").unwrap())
        .with_invalid_image(sample_gif())
        .with_invalid_image(bizlicense_core::testing::png_of_len(8 * 1024 * 1024))
        .with_failing_image(
            LicenseImage::from_url("https://example.com/missing.png").unwrap(),
            ErrorKind::ImageRejected,
        )
        .with_io_probe(move || {
            let s = s.clone();
            async move { s.received_requests().await.map_or(0, |r| r.len()) }
        })
        .run()
        .await;
}

#[tokio::test]
async fn verifiers_pass_the_contract() {
    let server = std::sync::Arc::new(server().await);
    let full = VerifyQuery::by_code("911101085636549482")
        .with_name("腾讯云计算（北京）有限责任公司")
        .with_legal_representative("谢兰芳")
        .with_id_number("110101199001011234");
    let cases = [
        (
            VerifyMode::Basic,
            VerifyQuery::by_code("911101085636549482").with_name("腾讯云计算（北京）有限责任公司"),
        ),
        (
            VerifyMode::Detailed,
            VerifyQuery::by_code("911101085636549482"),
        ),
        (
            VerifyMode::Enterprise3,
            VerifyQuery::by_code("911101085636549482").with_name("腾讯云计算（北京）有限责任公司"),
        ),
        (VerifyMode::Enterprise4, full.clone()),
    ];
    for (mode, valid) in cases {
        let s = server.clone();
        let mut kit = VerifierContract::new(TencentVerifier::new(client(&server), mode))
            .with_valid_query(valid.clone())
            .with_io_probe(move || {
                let s = s.clone();
                async move { s.received_requests().await.map_or(0, |r| r.len()) }
            });
        let mut missing = valid.clone();
        missing.code = Some("91440300MA5G00001W".into());
        kit = kit.with_failing_query(missing, ErrorKind::NotFound);
        // A typo in the check character, or a character no code has: rejected before paying.
        for bad in ["911101085636549483", "91110108563654948!"] {
            let mut q = valid.clone();
            q.code = Some(bad.into());
            kit = kit.with_invalid_query(q);
        }
        if matches!(mode, VerifyMode::Basic | VerifyMode::Detailed) {
            kit = kit
                .with_valid_query(VerifyQuery::by_image(sample_png()))
                .with_invalid_query(VerifyQuery::by_image(sample_gif()));
        }
        kit.run().await;
    }
}

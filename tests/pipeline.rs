//! End-to-end: the facade's real clients against the in-process emulator, through the whole
//! pipeline (read -> verify -> reconcile), for every fixture license and both OCR providers.

use std::collections::BTreeMap;

use bizlicense::emulator::{Emulator, Fixtures};
use bizlicense::reconcile::{Decision, Engine, Reason, Report};
use bizlicense::tencent::{TencentClient, TencentReader, TencentVerifier, VerifyMode};
use bizlicense::wechat::WechatClient;
use bizlicense::{
    ErrorKind, LicenseImage, LicenseReader, Pipeline, PipelineError, RegistryVerifier,
};

fn tencent(base: &str) -> TencentClient {
    bizlicense::emulator::tencent_client(base)
        .build()
        .expect("tencent client")
}

fn wechat(base: &str) -> WechatClient {
    bizlicense::emulator::wechat_client(base)
        .build()
        .expect("wechat client")
}

fn as_of() -> bizlicense::jiff::civil::Date {
    bizlicense::jiff::civil::date(2025, 6, 1)
}

async fn run_all(
    reader: impl LicenseReader + 'static,
    verifier: impl RegistryVerifier + 'static,
) -> BTreeMap<String, Result<Report, String>> {
    let fixtures = Fixtures::load_default().expect("fixtures");
    let pipeline = Pipeline::new(reader, verifier, Engine::default()).with_as_of(as_of());
    let mut out = BTreeMap::new();
    for license in fixtures.licenses() {
        let image =
            LicenseImage::from_bytes(license.image_bytes().to_vec()).expect("fixture image");
        let r = pipeline
            .run(&image)
            .await
            .map(|o| o.report)
            .map_err(|e| e.to_string());
        out.insert(license.id.clone(), r);
    }
    out
}

/// What reconciliation must decide for each fixture license, and why.
const EXPECTED: &[(&str, Decision, &[Reason])] = &[
    ("tencent-cloud-beijing", Decision::Pass, &[]),
    ("qinghe-hangzhou", Decision::Pass, &[]),
    // The branch is named as a branch on both sides: not a branch mismatch.
    ("pengyuan-shenzhen-branch", Decision::Pass, &[]),
    // An old license shows the 15-digit 注册号: compared with the registry's RegNo.
    ("bingang-tianjin-old-regno", Decision::Pass, &[]),
    // 买买提·艾力 with a different middle dot on the license.
    ("tianshan-xinjiang-minority-rep", Decision::Pass, &[]),
    // Capital in US dollars.
    ("ruide-suzhou-usd-capital", Decision::Pass, &[]),
    // OCR read one character of the name wrong.
    (
        "jincheng-chengdu-near-miss",
        Decision::Review,
        &[Reason::NameSimilar],
    ),
    (
        "chengchuan-shanghai-cancelled",
        Decision::Fail,
        &[Reason::StatusDead],
    ),
    (
        "nanling-guangzhou-revoked",
        Decision::Fail,
        &[Reason::StatusDead],
    ),
];

fn assert_expected(
    results: &BTreeMap<String, Result<Report, String>>,
    copy: (Decision, &[Reason]),
) {
    let mut wrong = Vec::new();
    let expected = EXPECTED
        .iter()
        .copied()
        .chain([("changjiang-wuhan-copy", copy.0, copy.1)]);
    for (id, want, reasons) in expected {
        let got = decision(results, id);
        if got != (want, reasons.to_vec()) {
            wrong.push(format!(
                "{id}: expected {want} {reasons:?}, got {} {:?}",
                got.0, got.1
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert_eq!(
        results.len(),
        EXPECTED.len() + 1,
        "every fixture license is covered"
    );
}

fn decision(
    results: &BTreeMap<String, Result<Report, String>>,
    id: &str,
) -> (Decision, Vec<Reason>) {
    match results.get(id) {
        Some(Ok(r)) => (r.decision, r.reasons.clone()),
        Some(Err(e)) => panic!("{id}: pipeline failed: {e}"),
        None => panic!("{id}: no such fixture"),
    }
}

#[tokio::test]
async fn wechat_ocr_then_tencent_detailed_verify() {
    let (base, _emu) = Emulator::start_local().await.expect("emulator");
    let results = run_all(
        wechat(&base).reader(),
        TencentVerifier::new(tencent(&base), VerifyMode::Detailed),
    )
    .await;
    // WeChat OCR reports no copy/reprint warnings: the forged copy reads like an original.
    assert_expected(&results, (Decision::Pass, &[]));
}

#[tokio::test]
async fn tencent_ocr_then_tencent_basic_verify() {
    let (base, _emu) = Emulator::start_local().await.expect("emulator");
    let results = run_all(
        TencentReader::new(tencent(&base)),
        TencentVerifier::new(tencent(&base), VerifyMode::Basic),
    )
    .await;
    // Tencent OCR flags the copy (RecognizeWarnCode): a human must look.
    assert_expected(&results, (Decision::Review, &[Reason::DocumentSuspect]));
}

#[tokio::test]
async fn an_unknown_image_is_not_a_license_for_both_readers() {
    let (base, _emu) = Emulator::start_local().await.expect("emulator");
    let image = bizlicense::testing::sample_png();
    let pipeline = Pipeline::new(
        wechat(&base).reader(),
        TencentVerifier::new(tencent(&base), VerifyMode::Basic),
        Engine::default(),
    );
    match pipeline.run(&image).await {
        Err(PipelineError::Read(e)) => {
            assert_eq!(e.kind(), ErrorKind::NotALicense, "{e}");
            assert_eq!(e.provider(), "wechat");
        }
        other => panic!(
            "expected a read error, got {:?}",
            other.map(|o| o.report.decision)
        ),
    }
    let err = TencentReader::new(tencent(&base))
        .read(&image)
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotALicense, "{err}");
}

//! The core provider contract kit, run against `WechatReader` on a scripted server.

mod common;

use bizlicense_core::ErrorKind;
use bizlicense_core::testing::{ReaderContract, png_of_len, sample_png};
use common::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wechat_reader_passes_the_contract() {
    let h = harness().await;
    // A second OCR answer for one specific URL: not a license.
    Mock::given(method("POST"))
        .and(path("/cv/ocr/bizlicense"))
        .and(wiremock::matchers::query_param(
            "img_url",
            "https://img.example.com/cat.jpg",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"errcode": 101001, "errmsg": "certificate not found"}),
        ))
        .with_priority(1)
        .mount(&h.server)
        .await;
    let server: std::sync::Arc<MockServer> = std::sync::Arc::new(h.server);
    let probe_server = std::sync::Arc::clone(&server);
    ReaderContract::new(h.client.reader())
        .with_valid_image(sample_png())
        .with_valid_image(
            bizlicense_core::LicenseImage::from_url("https://img.example.com/l.jpg").unwrap(),
        )
        .with_invalid_image(png_of_len(2 * 1024 * 1024 + 1))
        .with_failing_image(
            bizlicense_core::LicenseImage::from_url("https://img.example.com/cat.jpg").unwrap(),
            ErrorKind::NotALicense,
        )
        .with_io_probe(move || {
            let s = std::sync::Arc::clone(&probe_server);
            async move { s.received_requests().await.map_or(0, |r| r.len()) }
        })
        .run()
        .await;
}

//! The OCR call's request shape and answer handling, against wiremock.

mod common;

use std::time::Duration;

use bizlicense_core::testing::png_of_len;
use bizlicense_core::{ErrorKind, LicenseImage, LicenseReader};
use bizlicense_wechat::{BackoffPolicy, IdCardMode};
use common::*;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A server whose token endpoint works and whose OCR endpoint answers `template`.
async fn ocr_answering(
    template: ResponseTemplate,
) -> (MockServer, bizlicense_wechat::WechatClient) {
    let server = MockServer::start().await;
    let tokens = TokenServer::new();
    Mock::given(method("POST"))
        .and(path("/cgi-bin/stable_token"))
        .respond_with(tokens)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/cv/ocr/bizlicense"))
        .respond_with(template)
        .mount(&server)
        .await;
    let clock = bizlicense_wechat::ManualClock::new(t0());
    let client = builder(&server, &clock).build().unwrap();
    (server, client)
}

async fn ocr_requests(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path().starts_with("/cv/ocr/"))
        .collect()
}

#[tokio::test]
async fn by_url_sends_token_and_percent_encoded_img_url() {
    let h = harness().await;
    let img_url = "https://img.example.com/l.jpg?a=1&b=营业执照";
    let out = h
        .client
        .bizlicense(&LicenseImage::from_url(img_url).unwrap())
        .await
        .unwrap();
    assert_eq!(out.response.reg_num.as_deref(), Some("123123"));
    let reqs = ocr_requests(&h.server).await;
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    let pairs: Vec<(String, String)> = r
        .url
        .query_pairs()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("access_token".into(), TokenServer::token(1)),
            ("img_url".into(), img_url.into())
        ]
    );
    let raw_query = r.url.query().unwrap();
    assert!(
        raw_query.contains("img_url=https%3A%2F%2Fimg.example.com%2Fl.jpg%3Fa%3D1%26b%3D%E8%90%A5"),
        "{raw_query}"
    );
    assert!(r.body.is_empty());
}

#[tokio::test]
async fn by_upload_sends_multipart_img_with_filename_and_content_type() {
    let h = harness().await;
    let image = png();
    h.client.bizlicense(&image).await.unwrap();
    let reqs = ocr_requests(&h.server).await;
    assert_eq!(reqs.len(), 1);
    let r = &reqs[0];
    assert_eq!(
        r.url
            .query_pairs()
            .map(|(k, _)| k.into_owned())
            .collect::<Vec<_>>(),
        vec!["access_token".to_string()]
    );
    let ct = r.headers.get("content-type").unwrap().to_str().unwrap();
    assert!(ct.starts_with("multipart/form-data; boundary="), "{ct}");
    let body = &r.body;
    let text = String::from_utf8_lossy(body);
    assert!(
        text.contains("Content-Disposition: form-data; name=\"img\"; filename=\"image.png\""),
        "{text}"
    );
    assert!(text.contains("Content-Type: image/png"), "{text}");
    let bytes = image.bytes().unwrap();
    assert!(
        body.windows(bytes.len()).any(|w| w == bytes),
        "image bytes sent as is"
    );
}

#[tokio::test]
async fn jpeg_uploads_are_named_and_typed_as_jpeg() {
    let h = harness().await;
    let jpeg = LicenseImage::from_bytes(vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F']).unwrap();
    h.client.bizlicense(&jpeg).await.unwrap();
    let text = String::from_utf8_lossy(&ocr_requests(&h.server).await[0].body).into_owned();
    assert!(text.contains("filename=\"image.jpg\""), "{text}");
    assert!(text.contains("Content-Type: image/jpeg"), "{text}");
}

#[tokio::test]
async fn images_over_2_mib_are_rejected_before_any_request() {
    let h = harness().await;
    let err = h
        .client
        .bizlicense(&png_of_len(2 * 1024 * 1024 + 1))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    assert!(err.message().contains("2097152"), "{err}");
    assert_eq!(
        h.server.received_requests().await.unwrap().len(),
        0,
        "no token, no OCR"
    );
    h.client
        .bizlicense(&png_of_len(2 * 1024 * 1024))
        .await
        .unwrap();
}

#[tokio::test]
async fn error_codes_map_to_kinds_code_by_code() {
    let cases: &[(serde_json::Value, ErrorKind, usize)] = &[
        (serde_json::json!(-1), ErrorKind::Unavailable, 4), // 1 + 3 retries
        (serde_json::json!("-1"), ErrorKind::Unavailable, 4),
        (serde_json::json!(101000), ErrorKind::ImageRejected, 1),
        (serde_json::json!(101001), ErrorKind::NotALicense, 1),
        (serde_json::json!("101001"), ErrorKind::NotALicense, 1),
        (serde_json::json!(101002), ErrorKind::ImageRejected, 1),
        (serde_json::json!(101003), ErrorKind::Billing, 1),
        (serde_json::json!(45009), ErrorKind::QuotaExceeded, 1),
        (serde_json::json!(45011), ErrorKind::RateLimited, 1),
        (serde_json::json!(48001), ErrorKind::Config, 1),
        (serde_json::json!(40001), ErrorKind::Auth, 2), // token refreshed, retried once
        (serde_json::json!(40014), ErrorKind::Auth, 2),
        (serde_json::json!(42001), ErrorKind::Auth, 2),
        (serde_json::json!(99999), ErrorKind::Other, 1),
    ];
    for (code, kind, attempts) in cases {
        let (server, client) = ocr_answering(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"errcode": code})),
        )
        .await;
        let err = client.bizlicense(&png()).await.unwrap_err();
        assert_eq!(err.kind(), *kind, "{code}: {err}");
        let code_str = code
            .as_i64()
            .map_or_else(|| code.as_str().unwrap().to_owned(), |c| c.to_string());
        assert_eq!(err.code(), Some(code_str.as_str()), "{code}");
        assert_eq!(err.provider(), "wechat");
        assert_eq!(
            ocr_requests(&server).await.len(),
            *attempts,
            "{code}: attempts"
        );
    }
}

#[tokio::test]
async fn busy_then_ok_is_retried_with_backoff() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/cgi-bin/stable_token"))
        .respond_with(TokenServer::new())
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/cv/ocr/bizlicense"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"errcode": -1, "errmsg": "system error"})),
        )
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/cv/ocr/bizlicense"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("bizlicense_seed.json")))
        .mount(&server)
        .await;
    let clock = bizlicense_wechat::ManualClock::new(t0());
    let client = builder(&server, &clock).build().unwrap();
    let out = client.bizlicense(&png()).await.unwrap();
    assert_eq!(out.response.serial.as_deref(), Some("123123"));
    assert_eq!(ocr_requests(&server).await.len(), 3);
}

#[tokio::test]
async fn backoff_can_be_turned_off() {
    let (server, _) =
        ocr_answering(ResponseTemplate::new(200).set_body_json(serde_json::json!({"errcode": -1})))
            .await;
    let clock = bizlicense_wechat::ManualClock::new(t0());
    let client = builder(&server, &clock)
        .backoff(BackoffPolicy::none())
        .build()
        .unwrap();
    let err = client.bizlicense(&png()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unavailable);
    assert!(err.is_retryable());
    assert_eq!(ocr_requests(&server).await.len(), 1);
}

#[tokio::test]
async fn gateway_statuses_are_transient_with_the_body_quoted() {
    for (status, kind) in [
        (502, ErrorKind::Unavailable),
        (503, ErrorKind::Unavailable),
        (429, ErrorKind::RateLimited),
        (404, ErrorKind::Protocol),
    ] {
        let (server, client) = ocr_answering(
            ResponseTemplate::new(status).set_body_string("<html><h1>gateway says no</h1></html>"),
        )
        .await;
        let err = client.bizlicense(&png()).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{status}: {err}");
        assert!(err.message().contains(&format!("HTTP {status}")), "{err}");
        assert!(err.message().contains("gateway says no"), "{err}");
        assert_eq!(
            ocr_requests(&server).await.len(),
            1,
            "{status}: the client itself does not retry"
        );
    }
}

#[tokio::test]
async fn bad_answers_are_clear_protocol_errors() {
    let cases = [
        (
            ResponseTemplate::new(200).set_body_string("<!DOCTYPE html><html>oops</html>"),
            "HTML page",
        ),
        (
            ResponseTemplate::new(200).set_body_string("{\"errcode\":0,\"reg_num\":\"9144"),
            "truncated JSON",
        ),
        (ResponseTemplate::new(200).set_body_string(""), "empty body"),
        (
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"errcode": 0, "reg_num": 42})),
            "unexpected shape",
        ),
        (
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"errcode": "busy"})),
            "errcode",
        ),
    ];
    for (template, want) in cases {
        let (server, client) = ocr_answering(template).await;
        let err = client.bizlicense(&png()).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Protocol, "{want}: {err}");
        assert!(err.message().contains(want), "{want}: {err}");
        assert!(!err.to_string().contains("TOKEN-"), "{err}");
        assert_eq!(ocr_requests(&server).await.len(), 1, "{want}: not retried");
    }
}

#[tokio::test]
async fn missing_errmsg_unknown_fields_and_absent_fields_are_fine() {
    let (_server, client) = ocr_answering(
        ResponseTemplate::new(200).set_body_json(fixture("bizlicense_sparse_string_errcode.json")),
    )
    .await;
    let scan = client.reader().read(&png()).await.unwrap();
    assert_eq!(scan.provider, "wechat");
    assert_eq!(scan.name.as_deref(), Some("深圳市示例科技有限公司"));
    assert_eq!(scan.address, None);
    assert_eq!(scan.position, None);
    assert_eq!(scan.raw.unwrap()["confidence"], 0.98);
}

#[tokio::test]
async fn reader_converts_the_seed_answer() {
    let h = harness().await;
    let reader = h.client.reader();
    assert_eq!(reader.id(), "wechat");
    let scan = reader.read(&png()).await.unwrap();
    assert_eq!(scan.credit_code.as_deref(), Some("123123"));
    assert_eq!(scan.established_date.as_deref(), Some("2018年1月1日"));
    assert_eq!(scan.image_size.map(|s| (s.w, s.h)), Some((966, 728)));
    assert_eq!(scan.raw, Some(fixture("bizlicense_seed.json")));
}

#[tokio::test]
async fn idcard_sends_type_and_parses_both_sides() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/cgi-bin/stable_token"))
        .respond_with(TokenServer::new())
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/cv/ocr/idcard"))
        .and(query_param("type", "photo"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("idcard_front.json")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/cv/ocr/idcard"))
        .and(query_param("type", "scan"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("idcard_back.json")))
        .expect(1)
        .mount(&server)
        .await;
    let clock = bizlicense_wechat::ManualClock::new(t0());
    let client = builder(&server, &clock).build().unwrap();
    let front = client
        .idcard(IdCardMode::Photo, &png())
        .await
        .unwrap()
        .response;
    assert_eq!(front.side.as_deref(), Some("Front"));
    assert_eq!(front.name.as_deref(), Some("张三"));
    assert_eq!(front.id.as_deref(), Some("110101199001011234"));
    assert_eq!(front.addr.as_deref(), Some("北京市东城区某某路1号"));
    assert_eq!(front.gender.as_deref(), Some("男"));
    assert_eq!(front.nationality.as_deref(), Some("汉"));
    assert_eq!(front.valid_date, None);
    let back = client
        .idcard(IdCardMode::Scan, &png())
        .await
        .unwrap()
        .response;
    assert_eq!(back.side.as_deref(), Some("Back"));
    assert_eq!(back.valid_date.as_deref(), Some("20070105-20270105"));
    // Errors from a sibling endpoint carry its own provider id.
    let err = client
        .idcard(IdCardMode::Photo, &png_of_len(3 * 1024 * 1024))
        .await
        .unwrap_err();
    assert_eq!(err.provider(), "wechat.idcard");
}

#[tokio::test]
async fn timeouts_are_timeout_errors() {
    let (_server, client) = {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/cgi-bin/stable_token"))
            .respond_with(TokenServer::new())
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/cv/ocr/bizlicense"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
            .mount(&server)
            .await;
        let clock = bizlicense_wechat::ManualClock::new(t0());
        let c = builder(&server, &clock)
            .timeout(Duration::from_millis(100))
            .build()
            .unwrap();
        (server, c)
    };
    let err = client.bizlicense(&png()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
}

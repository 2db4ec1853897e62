//! What goes on the wire: headers, a signature the server can verify, the exact body.

mod common;

use bizlicense_core::{LicenseImage, LicenseReader, RegistryVerifier, VerifyQuery};
use bizlicense_tencent::sign::{self, ReceivedRequest};
use bizlicense_tencent::{Language, TencentReader, TencentVerifier, VerifyMode};
use common::*;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request};

/// Re-verify the request's signature with the crate's own server-side pieces.
fn assert_signed(req: &Request, server: &MockServer) {
    let h = |n: &str| req.headers.get(n).unwrap().to_str().unwrap().to_owned();
    let host = h("host");
    assert_eq!(
        host,
        server.address().to_string(),
        "Host must carry the port"
    );
    assert_eq!(h("content-type"), "application/json");
    assert_eq!(h("x-tc-timestamp"), NOW.to_string());
    assert_eq!(h("x-tc-version"), "2018-11-19");
    assert_eq!(h("x-tc-token"), TOKEN);
    let auth = sign::parse_authorization(&h("authorization")).unwrap();
    assert_eq!(auth.secret_id, SECRET_ID);
    assert_eq!(auth.service, "ocr");
    assert_eq!(auth.date, sign::utc_date(NOW));
    assert_eq!(auth.signed_headers, ["content-type", "host"]);
    let headers: Vec<(String, String)> = req
        .headers
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap().to_owned()))
        .collect();
    let pairs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let received = ReceivedRequest {
        method: req.method.as_str(),
        path: req.url.path(),
        query: req.url.query().unwrap_or(""),
        headers: &pairs,
        body: &req.body,
    };
    let expected = sign::expected_signature(SECRET_KEY, &auth, NOW, &received);
    assert!(
        sign::signatures_match(&expected, &auth.signature),
        "signature does not verify"
    );
}

fn body(req: &Request) -> Value {
    serde_json::from_slice(&req.body).unwrap()
}

#[tokio::test]
async fn verify_basic_by_fields_sends_the_seed_request() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/"))
        .and(header("X-TC-Action", "VerifyBasicBizLicense"))
        .respond_with(json(load("seed/verify_basic_by_fields.json")))
        .expect(1)
        .mount(&server)
        .await;
    let v = TencentVerifier::new(client(&server), VerifyMode::Basic);
    let q = VerifyQuery::by_code(" 911101085636549482 ")
        .with_name("腾讯云计算（北京）有限责任公司")
        .with_address("北京市海淀区知春路49号3层西部309");
    let rec = v.verify(&q).await.unwrap();
    assert_eq!(
        rec.request_id.as_deref(),
        Some("8d9627c4-eb52-4a8d-8565-5b07ad436c9f")
    );
    assert_eq!(rec.provider, "tencent.verify_basic");
    assert_eq!(rec.raw, Some(load("seed/verify_basic_by_fields.json")));

    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 1);
    assert_signed(&reqs[0], &server);
    assert_eq!(reqs[0].headers.get("x-tc-region").unwrap(), "ap-guangzhou");
    assert_eq!(
        body(&reqs[0]),
        json!({"RegNum": "911101085636549482", "Name": "腾讯云计算（北京）有限责任公司",
               "Address": "北京市海淀区知春路49号3层西部309", "RegCapital": 1, "EstablishTime": true})
    );
}

#[tokio::test]
async fn verify_detailed_by_image_url_sends_image_config_as_a_string() {
    let server = MockServer::start().await;
    Mock::given(header("X-TC-Action", "VerifyBizLicense"))
        .respond_with(json(load("seed/verify_detailed_by_image.json")))
        .mount(&server)
        .await;
    let v = TencentVerifier::new(client(&server), VerifyMode::Detailed);
    let q = VerifyQuery::by_image(LicenseImage::from_url("https://xx/a.jpg").unwrap());
    let rec = v.verify(&q).await.unwrap();
    assert_eq!(rec.consistency.name, Some(false));
    let reqs = server.received_requests().await.unwrap();
    assert_signed(&reqs[0], &server);
    assert_eq!(
        body(&reqs[0]),
        json!({"ImageUrl": "https://xx/a.jpg",
               "ImageConfig": "{\"RegNum\":true,\"Name\":true,\"Address\":true}"})
    );
}

#[tokio::test]
async fn ocr_sends_exactly_one_image_field_and_language() {
    let server = MockServer::start().await;
    Mock::given(header("X-TC-Action", "BizLicenseOCR"))
        .respond_with(json(load("current/bizlicense_ocr.json")))
        .mount(&server)
        .await;
    let client = bizlicense_tencent::TencentClient::builder()
        .credentials(bizlicense_tencent::Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN))
        .endpoint(server.uri())
        .clock(|| NOW)
        .language(Language::EnUs)
        .build()
        .unwrap();
    let reader = TencentReader::new(client);
    let img = bizlicense_core::testing::sample_png();
    let scan = reader.read(&img).await.unwrap();
    assert_eq!(scan.credit_code.as_deref(), Some("911101085636549482"));
    let reqs = server.received_requests().await.unwrap();
    assert_signed(&reqs[0], &server);
    assert_eq!(reqs[0].headers.get("x-tc-language").unwrap(), "en-US");
    let b = body(&reqs[0]);
    use base64::Engine as _;
    let expected_b64 = base64::engine::general_purpose::STANDARD.encode(img.bytes().unwrap());
    assert_eq!(
        b,
        json!({"ImageBase64": expected_b64, "EnableCopyWarn": true})
    );
}

#[tokio::test]
async fn enterprise_requests() {
    let server = MockServer::start().await;
    Mock::given(header("X-TC-Action", "VerifyBizLicenseEnterprise3"))
        .respond_with(json(load("current/enterprise3_match.json")))
        .mount(&server)
        .await;
    Mock::given(header("X-TC-Action", "VerifyBizLicenseEnterprise4"))
        .respond_with(json(load("current/enterprise4_mismatch.json")))
        .mount(&server)
        .await;
    let e3 = TencentVerifier::new(client(&server), VerifyMode::Enterprise3);
    let q = VerifyQuery::by_code("911101085636549482")
        .with_name("腾讯云计算（北京）有限责任公司")
        .with_legal_representative("谢兰芳");
    let rec = e3.verify(&q).await.unwrap();
    assert_eq!(rec.consistency.legal_representative, Some(true));
    assert_eq!(rec.consistency.name, Some(true));
    let e4 = TencentVerifier::new(client(&server), VerifyMode::Enterprise4);
    let rec = e4
        .verify(&q.clone().with_id_number("110101199001011234"))
        .await
        .unwrap();
    assert_eq!(rec.consistency.id_number, Some(false));
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(
        body(&reqs[0]),
        json!({"CreditCode": "911101085636549482", "EntName": "腾讯云计算（北京）有限责任公司",
               "LrName": "谢兰芳", "VerifyType": "ENT_3META"})
    );
    assert_eq!(
        body(&reqs[1]),
        json!({"CreditCode": "911101085636549482", "EntName": "腾讯云计算（北京）有限责任公司",
               "LrName": "谢兰芳", "IdNum": "110101199001011234"})
    );
    for r in &reqs {
        assert_signed(r, &server);
    }
}

#[tokio::test]
async fn invalid_input_never_reaches_the_server() {
    let server = MockServer::start().await;
    let reader = TencentReader::new(client(&server));
    let e = reader
        .read(&bizlicense_core::testing::sample_gif())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), bizlicense_core::ErrorKind::InvalidInput);
    let big = bizlicense_core::testing::png_of_len(bizlicense_tencent::MAX_BASE64_LEN / 4 * 3 + 3);
    let e = reader.read(&big).await.unwrap_err();
    assert_eq!(e.kind(), bizlicense_core::ErrorKind::InvalidInput);
    let v = TencentVerifier::new(client(&server), VerifyMode::Enterprise4);
    let e = v
        .verify(&VerifyQuery::by_code("911101085636549482").with_name("x"))
        .await
        .unwrap_err();
    assert_eq!(e.kind(), bizlicense_core::ErrorKind::InvalidInput);
    assert!(e.message().contains("legal_representative"), "{e}");
    assert_eq!(server.received_requests().await.unwrap().len(), 0);
}

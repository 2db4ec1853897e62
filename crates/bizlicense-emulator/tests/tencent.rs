//! The Tencent side against a real server on 127.0.0.1: signatures, errors, the five actions.

mod common;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bizlicense_emulator::{DEFAULT_TENCENT_SECRET_ID, Emulator, EmulatorConfig};
use common::*;
use serde_json::{Value, json};

const SEED_CODE: &str = "911101085636549482";
const SEED_NAME: &str = "腾讯云计算（北京）有限责任公司";
const SEED_ADDRESS: &str = "北京市海淀区知春路49号3层西部309";

async fn b64_of(base: &str, id: &str) -> String {
    let f = fixture(base, id).await;
    STANDARD.encode(image_bytes(f["image_url"].as_str().unwrap()).await)
}

#[tokio::test]
async fn valid_signature_is_accepted_and_answer_has_exact_content_type_and_uuid() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    let a = tc(&base, "VerifyBasicBizLicense", json!({"RegNum": SEED_CODE})).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.content_type, "application/json");
    assert_eq!(a.error_code(), None, "{}", a.body);
    let b = tc(&base, "VerifyBasicBizLicense", json!({"RegNum": SEED_CODE})).await;
    let (ra, rb) = (
        a.response()["RequestId"].as_str().unwrap(),
        b.response()["RequestId"].as_str().unwrap(),
    );
    assert_ne!(ra, rb);
    let u = uuid::Uuid::parse_str(ra).unwrap();
    assert_eq!(u.get_version_num(), 4);
}

#[tokio::test]
async fn signature_errors_use_the_real_codes() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    let body = json!({"RegNum": SEED_CODE});

    let mut c = TcCall::new(&base, "VerifyBasicBizLicense", &body);
    c.secret_key = "not-the-key";
    let r = c.send().await;
    assert_eq!(r.status, 200);
    assert_eq!(r.content_type, "application/json");
    assert_eq!(r.error_code(), Some("AuthFailure.SignatureFailure"));
    assert!(r.response()["RequestId"].as_str().is_some());

    let mut c = TcCall::new(&base, "VerifyBasicBizLicense", &body);
    c.secret_id = "AKIDunknown";
    assert_eq!(
        c.send().await.error_code(),
        Some("AuthFailure.SecretIdNotFound")
    );

    let mut c = TcCall::new(&base, "VerifyBasicBizLicense", &body);
    c.timestamp = now() - 301;
    assert_eq!(
        c.send().await.error_code(),
        Some("AuthFailure.SignatureExpire")
    );
    let mut c = TcCall::new(&base, "VerifyBasicBizLicense", &body);
    c.timestamp = now() + 400;
    assert_eq!(
        c.send().await.error_code(),
        Some("AuthFailure.SignatureExpire")
    );
    // Within the window in the past is fine.
    let mut c = TcCall::new(&base, "VerifyBasicBizLicense", &body);
    c.timestamp = now() - 200;
    assert_eq!(c.send().await.error_code(), None);

    let mut c = TcCall::new(&base, "VerifyBasicBizLicense", &body);
    c.authorization = Some("Basic dXNlcjpwYXNz".into());
    assert_eq!(
        c.send().await.error_code(),
        Some("AuthFailure.InvalidAuthorization")
    );
    let mut c = TcCall::new(&base, "VerifyBasicBizLicense", &body);
    c.authorization = Some(format!(
        "TC3-HMAC-SHA256 Credential={DEFAULT_TENCENT_SECRET_ID}/2024-01-01/ocr, SignedHeaders=content-type;host, Signature=00"
    ));
    assert_eq!(
        c.send().await.error_code(),
        Some("AuthFailure.InvalidAuthorization")
    );

    // The Host is signed with its port: a signature for another port does not verify.
    let mut c = TcCall::new(&base, "VerifyBasicBizLicense", &body);
    c.signed_host = Some("127.0.0.1:1".into());
    assert_eq!(
        c.send().await.error_code(),
        Some("AuthFailure.SignatureFailure")
    );
}

#[tokio::test]
async fn body_is_hashed_as_received() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    // Same JSON meaning, different bytes than signed: must fail.
    let signed_body = br#"{"RegNum": "911101085636549482"}"#.to_vec();
    let creds = bizlicense_tencent::Credentials::new(
        DEFAULT_TENCENT_SECRET_ID,
        bizlicense_emulator::DEFAULT_TENCENT_SECRET_KEY,
    );
    let ts = now();
    let s = bizlicense_tencent::sign::sign(
        &creds,
        ts,
        &host_of(&base),
        "application/json",
        &signed_body,
        "ocr",
    );
    let send = |body: &'static [u8]| {
        let (base, auth) = (base.clone(), s.authorization.clone());
        async move {
            let r: Value = reqwest::Client::new()
                .post(format!("{base}/"))
                .header("Content-Type", "application/json")
                .header("X-TC-Action", "VerifyBasicBizLicense")
                .header("X-TC-Version", "2018-11-19")
                .header("X-TC-Timestamp", ts.to_string())
                .header("Authorization", auth)
                .body(body)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            r
        }
    };
    let ok = send(br#"{"RegNum": "911101085636549482"}"#).await;
    assert!(ok["Response"]["Error"].is_null(), "{ok}");
    let bad = send(br#"{"RegNum":"911101085636549482"}"#).await;
    assert_eq!(
        bad["Response"]["Error"]["Code"],
        "AuthFailure.SignatureFailure"
    );
}

#[tokio::test]
async fn configured_secrets_replace_the_default_pair() {
    let cfg = EmulatorConfig::default().with_tencent_secret("AKIDmine", "my-key");
    let (base, _h) = Emulator::start(cfg).await.unwrap();
    let body = json!({"RegNum": SEED_CODE});
    assert_eq!(
        TcCall::new(&base, "VerifyBasicBizLicense", &body)
            .send()
            .await
            .error_code(),
        Some("AuthFailure.SecretIdNotFound")
    );
    let mut c = TcCall::new(&base, "VerifyBasicBizLicense", &body);
    c.secret_id = "AKIDmine";
    c.secret_key = "my-key";
    assert_eq!(c.send().await.error_code(), None);
}

#[tokio::test]
async fn unknown_action_version_and_bad_json() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    assert_eq!(
        tc(&base, "DescribeInstances", json!({})).await.error_code(),
        Some("InvalidAction")
    );
    let mut c = TcCall::new(&base, "BizLicenseOCR", &json!({}));
    c.version = "2017-01-01";
    assert_eq!(c.send().await.error_code(), Some("NoSuchVersion"));
    let mut c = TcCall::new(&base, "VerifyBasicBizLicense", &json!({}));
    c.body = b"{not json".to_vec();
    assert_eq!(c.send().await.error_code(), Some("InvalidParameter"));
}

#[tokio::test]
async fn verify_basic_by_fields_reproduces_the_seed_example() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    let r = tc(
        &base,
        "VerifyBasicBizLicense",
        json!({"RegNum": SEED_CODE, "Name": SEED_NAME, "Address": SEED_ADDRESS, "RegCapital": 1}),
    )
    .await;
    let v = r.response();
    assert_eq!(v["ErrorCode"], 0);
    assert_eq!(v["CreditCode"], SEED_CODE);
    assert_eq!(v["Regno"], "110108013297537");
    assert_eq!(v["Frname"], "谢兰芳");
    assert_eq!(v["Entstatus"], "在营");
    assert_eq!(v["Opfrom"], "2010-10-21");
    assert_eq!(v["Reason"], "成功");
    assert_eq!(v["VerifyRegno"], SEED_CODE);
    assert_eq!(v["VerifyEntname"], SEED_NAME);
    assert_eq!(v["Dom"], SEED_ADDRESS);
    assert_eq!(v["RegCapital"], "14250.00");
    assert_eq!(
        v["RegNumResult"],
        json!({"RegNum": "0", "Name": "0", "Address": "0"})
    );

    // Half-width brackets and no address: "-1" and "" (not checked), Verify* echo the query.
    let r = tc(
        &base,
        "VerifyBasicBizLicense",
        json!({"RegNum": SEED_CODE, "Name": "腾讯云计算(北京)有限责任公司"}),
    )
    .await;
    let v = r.response();
    assert_eq!(v["VerifyEntname"], "腾讯云计算(北京)有限责任公司");
    assert_eq!(v["Entname"], SEED_NAME);
    assert_eq!(v["VerifyDom"], "");
    assert!(v.get("RegCapital").is_none());
    assert_eq!(
        v["RegNumResult"],
        json!({"RegNum": "0", "Name": "-1", "Address": ""})
    );

    // By the old registration number.
    let r = tc(
        &base,
        "VerifyBasicBizLicense",
        json!({"RegNum": "120118000032322"}),
    )
    .await;
    assert_eq!(r.response()["CreditCode"], "911201187257539315");
    assert_eq!(r.response()["RegNumResult"]["RegNum"], "0");

    // Unknown code but a known name: found, with RegNum "-1".
    let r = tc(
        &base,
        "VerifyBasicBizLicense",
        json!({"RegNum": "91110108MA00000000", "Name": SEED_NAME}),
    )
    .await;
    assert_eq!(r.response()["RegNumResult"]["RegNum"], "-1");
    assert_eq!(r.response()["RegNumResult"]["Name"], "0");

    let r = tc(
        &base,
        "VerifyBasicBizLicense",
        json!({"RegNum": "91110108MA00000000"}),
    )
    .await;
    assert_eq!(r.error_code(), Some("FailedOperation.QueryNoRecord"));
}

#[tokio::test]
async fn verify_by_image_reproduces_the_seed_image_example() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    let f = fixture(&base, "tencent-cloud-beijing").await;
    let r = tc(
        &base,
        "VerifyBizLicense",
        json!({"ImageUrl": f["image_url"],
               "ImageConfig": "{\"RegNum\":true,\"Name\":true,\"Address\":true}"}),
    )
    .await;
    let v = r.response();
    assert_eq!(v["ErrorCode"], 0, "{}", r.body);
    assert_eq!(v["OrgCode"], "563654948");
    assert_eq!(v["EnterpriseStatus"], "在营（开业）");
    assert_eq!(v["RegCap"], "14250.00");
    assert_eq!(v["RegCapCur"], "人民币");
    assert_eq!(v["VerifyEnterpriseName"], "腾讯云计算(北京)有限责任公司");
    assert_eq!(v["EnterpriseName"], SEED_NAME);
    assert_eq!(
        v["RegNumResult"],
        json!({"RegNum": "0", "Name": "-1", "Address": "0"})
    );

    // Default ImageConfig checks the code only.
    let r = tc(
        &base,
        "VerifyBasicBizLicense",
        json!({"ImageBase64": b64_of(&base, "jincheng-chengdu-near-miss").await}),
    )
    .await;
    assert_eq!(
        r.response()["RegNumResult"],
        json!({"RegNum": "0", "Name": "", "Address": ""})
    );
    assert_eq!(r.response()["Entname"], "成都锦程网络科技有限公司");
}

#[tokio::test]
async fn image_input_errors() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    for action in ["BizLicenseOCR", "VerifyBasicBizLicense", "VerifyBizLicense"] {
        assert_eq!(
            tc(&base, action, json!({})).await.error_code(),
            Some("InvalidParameterValue.InvalidParameterValueLimit"),
            "{action}"
        );
    }
    let gif = STANDARD.encode(b"GIF89a\x01\x00\x01\x00\x00\x00\x00;");
    assert_eq!(
        tc(&base, "BizLicenseOCR", json!({"ImageBase64": gif}))
            .await
            .error_code(),
        Some("FailedOperation.ImageDecodeFailed")
    );
    assert_eq!(
        tc(
            &base,
            "BizLicenseOCR",
            json!({"ImageBase64": "@@not base64@@"})
        )
        .await
        .error_code(),
        Some("FailedOperation.ImageDecodeFailed")
    );
    let big = "A".repeat(7 * 1024 * 1024 + 4);
    assert_eq!(
        tc(&base, "BizLicenseOCR", json!({"ImageBase64": big}))
            .await
            .error_code(),
        Some("LimitExceeded.TooLargeFileError")
    );
    // A real PNG that is no license.
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(b"not a fixture");
    let unknown = STANDARD.encode(&png);
    assert_eq!(
        tc(&base, "BizLicenseOCR", json!({"ImageBase64": unknown}))
            .await
            .error_code(),
        Some("FailedOperation.NoBizLicense")
    );
    assert_eq!(
        tc(&base, "VerifyBizLicense", json!({"ImageBase64": unknown}))
            .await
            .error_code(),
        Some("FailedOperation.OcrFailed")
    );
    assert_eq!(
        tc(
            &base,
            "BizLicenseOCR",
            json!({"ImageUrl": format!("{base}/_emulator/images/nope.png")})
        )
        .await
        .error_code(),
        Some("FailedOperation.DownLoadError")
    );
}

#[tokio::test]
async fn image_url_wins_over_base64() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    let url = fixture(&base, "qinghe-hangzhou").await["image_url"].clone();
    let other = b64_of(&base, "tencent-cloud-beijing").await;
    let r = tc(
        &base,
        "BizLicenseOCR",
        json!({"ImageUrl": url, "ImageBase64": other}),
    )
    .await;
    assert_eq!(r.response()["Name"], "杭州青禾数据科技有限公司");
}

#[tokio::test]
async fn foreign_image_url_is_refused_without_an_outbound_request() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    let trap = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    trap.set_nonblocking(true).unwrap();
    let trap_url = format!(
        "http://127.0.0.1:{}/_emulator/images/tencent-cloud-beijing.png",
        trap.local_addr().unwrap().port()
    );
    for url in [
        trap_url.as_str(),
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "https://example.com/a.jpg",
    ] {
        let r = tc(&base, "BizLicenseOCR", json!({"ImageUrl": url})).await;
        assert_eq!(
            r.error_code(),
            Some("FailedOperation.DownLoadError"),
            "{url}"
        );
    }
    // The answer came back; had the emulator connected, the trap would hold a connection.
    assert!(matches!(
        trap.accept(),
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock
    ));
}

#[tokio::test]
async fn biz_license_ocr_returns_the_fixture_reading_and_copy_warnings() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    let f = fixture(&base, "changjiang-wuhan-copy").await;
    let r = tc(
        &base,
        "BizLicenseOCR",
        json!({"ImageBase64": b64_of(&base, "changjiang-wuhan-copy").await, "EnableCopyWarn": true}),
    )
    .await;
    let v = r.response();
    assert_eq!(v["RegNum"], f["ocr"]["credit_code"]);
    assert_eq!(v["Name"], f["ocr"]["name"]);
    assert_eq!(v["Person"], f["ocr"]["legal_representative"]);
    assert_eq!(v["Address"], f["ocr"]["address"]);
    assert_eq!(v["RecognizeWarnCode"], json!([-9102]));
    assert_eq!(v["RecognizeWarnMsg"], json!(["WARN_COPY_CARD"]));
    assert_eq!(v["Title"], "营业执照");

    // Without EnableCopyWarn, no warning fields (as the real API).
    let r = tc(&base, "BizLicenseOCR", json!({"ImageUrl": f["image_url"]})).await;
    assert!(r.response().get("RecognizeWarnCode").is_none());
}

#[tokio::test]
async fn enterprise_three_and_four() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    let r = tc(
        &base,
        "VerifyBizLicenseEnterprise4",
        json!({"CreditCode": "91650100MA77Q3H12D", "EntName": "新疆天山果业有限公司",
               "LrName": "买买提·艾力", "IdNum": "650102198006161231"}),
    )
    .await;
    let v = r.response();
    assert_eq!(v["StatusCode"], 0, "{}", r.body);
    assert_eq!(v["VerifyResult"], 1);
    assert_eq!(v["IsIdNumConsistent"], true);
    assert_eq!(v["OperatingStatus"], "1");
    assert_eq!(v["OperatingPeriod"], "2017-09-26/2047-09-25");

    let r = tc(
        &base,
        "VerifyBizLicenseEnterprise4",
        json!({"CreditCode": "91310115MA1K4QW89J", "EntName": "上海澄川贸易有限公司",
               "LrName": "周立群", "IdNum": "000000000000000000"}),
    )
    .await;
    let v = r.response();
    assert_eq!(v["VerifyResult"], 0);
    assert_eq!(v["IsLrNameConsistent"], true);
    assert_eq!(v["IsIdNumConsistent"], false);
    assert_eq!(v["OperatingStatus"], "3");

    let r = tc(
        &base,
        "VerifyBizLicenseEnterprise4",
        json!({"CreditCode": "91110108MA00000000", "EntName": "无此公司", "LrName": "某", "IdNum": "1"}),
    )
    .await;
    assert_eq!(r.response()["OperatingStatus"], "-10002");
    assert_eq!(r.response()["IsCreditCodeConsistent"], false);

    assert_eq!(
        tc(
            &base,
            "VerifyBizLicenseEnterprise4",
            json!({"CreditCode": SEED_CODE})
        )
        .await
        .error_code(),
        Some("MissingParameter")
    );

    let r = tc(
        &base,
        "VerifyBizLicenseEnterprise3",
        json!({"CreditCode": "91440101MA5CL2R68R", "EntName": "广州南岭餐饮管理有限公司",
               "LrName": "黄志强", "VerifyType": "ENT_3META"}),
    )
    .await;
    assert_eq!(r.response()["VerifyResult"], 1);
    assert_eq!(r.response()["OperatingStatus"], "2", "revoked is not open");
    let r = tc(
        &base,
        "VerifyBizLicenseEnterprise3",
        json!({"CreditCode": "91440101MA5CL2R68R", "EntName": "广州南岭餐饮管理有限公司",
               "VerifyType": "ENT_2META"}),
    )
    .await;
    assert_eq!(r.response()["OperatingStatus"], "4");
    let r = tc(
        &base,
        "VerifyBizLicenseEnterprise3",
        json!({"CreditCode": "91110108MA00000000", "EntName": "无此公司", "LrName": "某"}),
    )
    .await;
    assert_eq!(r.response()["StatusCode"], 2);
    assert!(r.response().get("VerifyResult").is_none());
}

#[tokio::test]
async fn unsigned_payload_is_verified_as_the_sdks_sign_it() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    let creds = bizlicense_tencent::Credentials::new(
        DEFAULT_TENCENT_SECRET_ID,
        bizlicense_emulator::DEFAULT_TENCENT_SECRET_KEY,
    );
    let ts = now();
    // The SDKs hash the literal "UNSIGNED-PAYLOAD" instead of the body.
    let s = bizlicense_tencent::sign::sign(
        &creds,
        ts,
        &host_of(&base),
        "application/json",
        b"UNSIGNED-PAYLOAD",
        "ocr",
    );
    let send = |unsigned: bool| {
        let (base, auth) = (base.clone(), s.authorization.clone());
        async move {
            let mut req = reqwest::Client::new()
                .post(format!("{base}/"))
                .header("Content-Type", "application/json")
                .header("X-TC-Action", "VerifyBasicBizLicense")
                .header("X-TC-Version", "2018-11-19")
                .header("X-TC-Timestamp", ts.to_string())
                .header("Authorization", auth);
            if unsigned {
                req = req.header("X-TC-Content-SHA256", "UNSIGNED-PAYLOAD");
            }
            let v: Value = req
                .body(r#"{"RegNum":"911101085636549482"}"#)
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            v
        }
    };
    assert!(send(true).await["Response"]["Error"].is_null());
    assert_eq!(
        send(false).await["Response"]["Error"]["Code"],
        "AuthFailure.SignatureFailure"
    );
}

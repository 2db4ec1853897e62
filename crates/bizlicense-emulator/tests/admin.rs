//! The admin API: fixtures contract, fault injection, stats, and the library-level API.

mod common;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bizlicense_core::{CreditCode, ImageFormat, RegNo, sha256_hex};
use bizlicense_emulator::{Emulator, EmulatorConfig, Fault, FaultKind, Fixtures};
use common::*;
use serde_json::{Value, json};

#[tokio::test]
async fn fixtures_endpoint_contract() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    let list = fixtures(&base).await;
    assert!(list.len() >= 10);
    let token = token(&base).await;
    let mut formats = std::collections::HashSet::new();
    for f in &list {
        for key in ["id", "image_url", "sha256", "credit_code", "name"] {
            assert!(f[key].is_string(), "{key} in {f}");
        }
        for key in ["credit_code", "name", "legal_representative", "address"] {
            assert!(f["ocr"].get(key).is_some(), "ocr.{key} in {f}");
        }
        let url = f["image_url"].as_str().unwrap();
        assert!(url.starts_with(&format!("{base}/_emulator/images/")));
        let bytes = image_bytes(url).await;
        assert_eq!(sha256_hex(&bytes), f["sha256"].as_str().unwrap());
        formats.insert(ImageFormat::detect(&bytes).unwrap());
        CreditCode::parse(f["credit_code"].as_str().unwrap()).unwrap();
        // What the list promises is what OCR answers.
        let wx = wx_ocr_url(&base, &token, url).await;
        assert_eq!(wx["reg_num"], f["ocr"]["credit_code"]);
        assert_eq!(wx["enterprise_name"], f["ocr"]["name"]);
        let r = tc(
            &base,
            "BizLicenseOCR",
            json!({"ImageBase64": STANDARD.encode(&bytes)}),
        )
        .await;
        assert_eq!(r.response()["Name"], f["ocr"]["name"]);
        assert_eq!(r.response()["Address"], f["ocr"]["address"]);
    }
    assert!(formats.contains(&ImageFormat::Png) && formats.contains(&ImageFormat::Jpeg));
}

#[test]
fn fixture_set_covers_the_required_cases() {
    let fx = Fixtures::load_default().unwrap();
    let companies = fx.companies();
    for c in companies {
        CreditCode::parse(&c.credit_code).unwrap();
        if c.reg_no.len() == 15 {
            RegNo::parse(&c.reg_no).unwrap();
        }
    }
    let has = |pred: &dyn Fn(&bizlicense_emulator::Company) -> bool| companies.iter().any(pred);
    assert!(has(
        &|c| c.status.contains("注销") && !c.status.contains("吊销")
    ));
    assert!(has(&|c| c.status.contains("吊销")));
    assert!(has(&|c| c.name.ends_with("分公司")));
    assert!(has(&|c| c.legal_representative.contains('·')));
    assert!(has(&|c| c.capital_currency == "美元"));
    let seed = fx.company_by_code("911101085636549482").unwrap();
    assert_eq!(seed.name, "腾讯云计算（北京）有限责任公司");
    assert_eq!(seed.legal_representative, "谢兰芳");

    let lic = |id: &str| fx.license(id).unwrap();
    assert_eq!(lic("bingang-tianjin-old-regno").ocr.credit_code.len(), 15);
    let near = lic("jincheng-chengdu-near-miss");
    let registry = fx.company_for(near).unwrap();
    let diff = near
        .ocr
        .name
        .chars()
        .zip(registry.name.chars())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(diff, 1, "exactly one wrong character");
    assert!(!lic("changjiang-wuhan-copy").ocr.warnings.is_empty());
    assert!(lic("tencent-cloud-beijing").ocr.name.contains('('));
    assert_eq!(
        fx.license_by_image(lic("qinghe-hangzhou").image_bytes())
            .unwrap()
            .format,
        ImageFormat::Jpeg
    );
}

#[tokio::test]
async fn fixtures_load_from_a_user_directory() {
    let dir = std::env::temp_dir().join(format!("bizlicense-fx-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(dir.join("images")).unwrap();
    let src = Fixtures::default_dir();
    for f in ["companies.json", "licenses.json", "index.json"] {
        std::fs::copy(src.join(f), dir.join(f)).unwrap();
    }
    for e in std::fs::read_dir(src.join("images")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.join("images").join(e.file_name())).unwrap();
    }
    let (base, h) = Emulator::start(EmulatorConfig::default().with_fixtures_dir(&dir))
        .await
        .unwrap();
    assert_eq!(
        fixtures(&base).await.len(),
        Fixtures::load_default().unwrap().licenses().len()
    );
    h.shutdown().await;
    // A tampered image is caught at load time, with the fix in the message.
    std::fs::write(
        dir.join("images/tencent-cloud-beijing.png"),
        b"\x89PNG\r\n\x1a\nx",
    )
    .unwrap();
    let err = Fixtures::load(&dir).unwrap_err().to_string();
    assert!(err.contains("regenerate"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

async fn ocr_call(base: &str) -> reqwest::Result<reqwest::Response> {
    let url = fixture(base, "qinghe-hangzhou").await["image_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = token(base).await;
    reqwest::Client::new()
        .post(format!("{base}/cv/ocr/bizlicense"))
        .query(&[("access_token", token.as_str()), ("img_url", url.as_str())])
        .send()
        .await
}

#[tokio::test]
async fn faults_each_kind() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    let body = json!({"RegNum": "911101085636549482"});

    add_fault(
        &base,
        json!({"route": "VerifyBasicBizLicense", "kind": "rate_limit", "count": 1}),
    )
    .await;
    let r = tc(&base, "VerifyBasicBizLicense", body.clone()).await;
    assert_eq!(r.error_code(), Some("RequestLimitExceeded"));
    assert_eq!(r.content_type, "application/json");
    assert_eq!(
        tc(&base, "VerifyBasicBizLicense", body.clone())
            .await
            .error_code(),
        None,
        "count 1 used up"
    );

    add_fault(
        &base,
        json!({"route": "/cv/ocr/bizlicense", "kind": "rate_limit", "count": 1}),
    )
    .await;
    assert_eq!(
        ocr_call(&base)
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap()["errcode"],
        45011
    );
    add_fault(
        &base,
        json!({"route": "wechat", "kind": "rate_limit", "errcode": -1, "count": 1}),
    )
    .await;
    assert_eq!(
        reqwest::get(format!(
            "{base}/cgi-bin/token?grant_type=client_credential&appid=a&secret=b"
        ))
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()["errcode"],
        -1
    );

    add_fault(
        &base,
        json!({"route": "tencent", "kind": "http_status", "status": 502, "count": 1}),
    )
    .await;
    let r = reqwest::Client::new()
        .post(format!("{base}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 502);

    add_fault(
        &base,
        json!({"route": "*", "kind": "malformed", "count": 1}),
    )
    .await;
    let r = reqwest::Client::new()
        .post(format!("{base}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "application/json");
    assert!(serde_json::from_str::<Value>(&r.text().await.unwrap()).is_err());
    add_fault(
        &base,
        json!({"route": "/cv/ocr/bizlicense", "kind": "malformed", "count": 1}),
    )
    .await;
    let text = ocr_call(&base).await.unwrap().text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err());

    add_fault(
        &base,
        json!({"route": "/cv/ocr/bizlicense", "kind": "truncated", "count": 1}),
    )
    .await;
    let text = ocr_call(&base).await.unwrap().text().await.unwrap();
    assert!(text.starts_with("{\"errcode\":0"));
    assert!(serde_json::from_str::<Value>(&text).is_err(), "cut in half");

    add_fault(
        &base,
        json!({"route": "/cv/ocr/bizlicense", "kind": "drop", "count": 1}),
    )
    .await;
    let r = ocr_call(&base).await;
    let failed = match r {
        Err(_) => true,
        Ok(resp) => resp.bytes().await.is_err(),
    };
    assert!(failed, "the connection is dropped mid-answer");

    add_fault(
        &base,
        json!({"route": "BizLicenseOCR", "kind": "latency", "ms": 30, "count": 1}),
    )
    .await;
    let faults: Vec<Value> = reqwest::get(format!("{base}/_emulator/faults"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(faults.len(), 1);
    assert_eq!(faults[0]["kind"], "latency");
    let r = tc(
        &base,
        "BizLicenseOCR",
        json!({"ImageUrl": fixture(&base, "qinghe-hangzhou").await["image_url"]}),
    )
    .await;
    assert_eq!(r.error_code(), None, "latency answers normally");
    let faults: Vec<Value> = reqwest::get(format!("{base}/_emulator/faults"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(faults.is_empty());

    // Forced token expiry: the token in hand stops working; a fresh one works.
    let t = token(&base).await;
    add_fault(
        &base,
        json!({"route": "/cv/ocr/bizlicense", "kind": "token_expired", "count": 1}),
    )
    .await;
    let url = fixture(&base, "qinghe-hangzhou").await["image_url"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(wx_ocr_url(&base, &t, &url).await["errcode"], 42001);
    assert_eq!(
        wx_ocr_url(&base, &t, &url).await["errcode"],
        42001,
        "really expired"
    );
    let fresh = token(&base).await;
    assert_ne!(fresh, t);
    assert_eq!(wx_ocr_url(&base, &fresh, &url).await["errcode"], 0);

    // Permanent rules stay until deleted; DELETE clears.
    add_fault(
        &base,
        json!({"route": "VerifyBizLicense", "kind": "rate_limit"}),
    )
    .await;
    for _ in 0..3 {
        assert_eq!(
            tc(&base, "VerifyBizLicense", body.clone())
                .await
                .error_code(),
            Some("RequestLimitExceeded")
        );
    }
    let removed: Value = reqwest::Client::new()
        .delete(format!("{base}/_emulator/faults"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(removed["removed"], 1);
    assert_eq!(tc(&base, "VerifyBizLicense", body).await.error_code(), None);

    // Bad rules are refused with a message.
    let r = reqwest::Client::new()
        .post(format!("{base}/_emulator/faults"))
        .json(&json!({"route": "Nope", "kind": "drop"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    assert!(r.text().await.unwrap().contains("unknown route"));
}

#[tokio::test]
async fn configured_faults_apply_from_the_start() {
    let cfg = EmulatorConfig::default()
        .with_fault(Fault::new("BizLicenseOCR", FaultKind::HttpStatus { status: 503 }).times(1));
    let (base, _h) = Emulator::start(cfg).await.unwrap();
    let r = reqwest::Client::new()
        .post(format!("{base}/"))
        .header("X-TC-Action", "BizLicenseOCR")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 503);
    let bad = EmulatorConfig::default().with_fault(Fault::new("nowhere", FaultKind::Drop));
    assert!(Emulator::start(bad).await.is_err());
}

#[tokio::test]
async fn stats_count_calls_tokens_and_billable_answers() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    let url = fixture(&base, "qinghe-hangzhou").await["image_url"]
        .as_str()
        .unwrap()
        .to_owned();
    let t = token(&base).await;
    let _ = classic_token(&base).await;
    assert_eq!(wx_ocr_url(&base, &t, &url).await["errcode"], 0);
    assert_eq!(wx_ocr_url(&base, "bad", &url).await["errcode"], 40001);
    tc(
        &base,
        "VerifyBasicBizLicense",
        json!({"RegNum": "911101085636549482"}),
    )
    .await;
    let mut c = TcCall::new(&base, "VerifyBasicBizLicense", &json!({}));
    c.secret_key = "wrong";
    c.send().await;
    let s = stats(&base).await;
    assert_eq!(s["token_calls"], 2);
    assert_eq!(s["billable"], 2);
    assert_eq!(s["routes"]["/cv/ocr/bizlicense"]["calls"], 2);
    assert_eq!(s["routes"]["/cv/ocr/bizlicense"]["errors"], 1);
    assert_eq!(s["routes"]["VerifyBasicBizLicense"]["calls"], 2);
    assert_eq!(s["routes"]["VerifyBasicBizLicense"]["billable"], 1);
    assert_eq!(s["calls"], 6);
    let r = reqwest::Client::new()
        .delete(format!("{base}/_emulator/stats"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 204);
    assert_eq!(stats(&base).await["calls"], 0);
}

#[tokio::test]
async fn handle_shuts_down_on_drop_and_on_shutdown() {
    let (base, h) = Emulator::start_local().await.unwrap();
    assert!(
        reqwest::get(format!("{base}/_emulator/health"))
            .await
            .is_ok()
    );
    h.shutdown().await;
    assert!(
        reqwest::get(format!("{base}/_emulator/health"))
            .await
            .is_err()
    );

    let (base, h) = Emulator::start_local().await.unwrap();
    drop(h);
    // Graceful shutdown is asynchronous after a drop: poll until refused (bounded).
    let mut refused = false;
    for _ in 0..100 {
        if reqwest::get(format!("{base}/_emulator/health"))
            .await
            .is_err()
        {
            refused = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(refused);
}

#[test]
fn embedded_default_set_matches_the_directory() {
    let embedded = Fixtures::load_default().unwrap();
    let on_disk = Fixtures::load(Fixtures::default_dir()).unwrap();
    let shas = |f: &Fixtures| {
        f.licenses()
            .iter()
            .map(|l| (l.id.clone(), l.sha256.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(shas(&embedded), shas(&on_disk));
    assert_eq!(embedded.companies(), on_disk.companies());
}

//! The WeChat side: token lifecycle and bizlicense OCR.

mod common;

use std::time::Duration;

use bizlicense_emulator::{DEFAULT_WECHAT_APP_ID, Emulator, EmulatorConfig};
use common::*;
use serde_json::{Value, json};

async fn ocr_errcode(base: &str, token: &str) -> i64 {
    let url = fixture(base, "qinghe-hangzhou").await["image_url"]
        .as_str()
        .unwrap()
        .to_owned();
    wx_ocr_url(base, token, &url).await["errcode"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn classic_token_rotates_with_a_grace_period() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    let t1 = classic_token(&base).await;
    assert_eq!(t1["expires_in"], 7200);
    let t1 = t1["access_token"].as_str().unwrap().to_owned();
    assert_eq!(ocr_errcode(&base, &t1).await, 0);
    let t2 = classic_token(&base).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(t1, t2);
    // The old one still works within the grace period...
    advance_clock(&base, 299).await;
    assert_eq!(ocr_errcode(&base, &t1).await, 0);
    // ...and is "invalid or not latest" after it.
    advance_clock(&base, 2).await;
    assert_eq!(ocr_errcode(&base, &t1).await, 40001);
    assert_eq!(ocr_errcode(&base, &t2).await, 0);
    // The new one expires after its lifetime.
    advance_clock(&base, 7200).await;
    assert_eq!(ocr_errcode(&base, &t2).await, 42001);
    assert_eq!(ocr_errcode(&base, "made-up").await, 40001);
}

#[tokio::test]
async fn stable_token_is_reused_until_force_refresh_or_expiry() {
    let cfg = EmulatorConfig::default().with_token_grace(Duration::from_secs(60));
    let (base, _h) = Emulator::start(cfg).await.unwrap();
    let a = stable_token(&base, false).await;
    let ta = a["access_token"].as_str().unwrap().to_owned();
    advance_clock(&base, 6855).await;
    let b = stable_token(&base, false).await;
    assert_eq!(b["access_token"], ta.as_str());
    assert_eq!(b["expires_in"], 345, "remaining lifetime");
    let c = stable_token(&base, true).await;
    let tc_ = c["access_token"].as_str().unwrap().to_owned();
    assert_ne!(tc_, ta);
    assert_eq!(c["expires_in"], 7200);
    assert_eq!(ocr_errcode(&base, &ta).await, 0, "grace period");
    advance_clock(&base, 61).await;
    assert_eq!(ocr_errcode(&base, &ta).await, 40001);
    advance_clock(&base, 7200).await;
    assert_eq!(ocr_errcode(&base, &tc_).await, 42001);
    let d = stable_token(&base, false).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(d, tc_, "an expired stable token is replaced");
    assert_eq!(ocr_errcode(&base, &d).await, 0);
}

#[tokio::test]
async fn token_endpoint_errors() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    let get = |q: String| {
        let base = base.clone();
        async move {
            reqwest::get(format!("{base}/cgi-bin/token?{q}"))
                .await
                .unwrap()
                .json::<Value>()
                .await
                .unwrap()
        }
    };
    let r = get("grant_type=client_credential&appid=wxnope&secret=x".to_owned()).await;
    assert_eq!(r["errcode"], 40013);
    assert!(r.get("access_token").is_none());
    let r = get(format!(
        "grant_type=client_credential&appid={DEFAULT_WECHAT_APP_ID}&secret=wrong"
    ))
    .await;
    assert_eq!(r["errcode"], 40125);
    let r = get(format!(
        "grant_type=password&appid={DEFAULT_WECHAT_APP_ID}&secret=wrong"
    ))
    .await;
    assert_eq!(r["errcode"], 40002);
    let r = get("grant_type=client_credential".into()).await;
    assert_eq!(r["errcode"], 41002);

    let r: Value = reqwest::Client::new()
        .post(format!("{base}/cgi-bin/stable_token"))
        .json(&json!({"grant_type": "client_credential", "appid": DEFAULT_WECHAT_APP_ID, "secret": "bad"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["errcode"], 40125);
    let r: Value = reqwest::Client::new()
        .post(format!("{base}/cgi-bin/stable_token"))
        .body("not json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["errcode"], 47001);
}

#[tokio::test]
async fn ocr_by_url_and_by_upload_answer_the_fixture_reading() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    let token = token(&base).await;
    for f in fixtures(&base).await {
        let url = f["image_url"].as_str().unwrap();
        let by_url = wx_ocr_url(&base, &token, url).await;
        assert_eq!(by_url["errcode"], 0, "{by_url}");
        assert_eq!(by_url["reg_num"], f["ocr"]["credit_code"]);
        assert_eq!(by_url["enterprise_name"], f["ocr"]["name"]);
        assert_eq!(
            by_url["legal_representative"],
            f["ocr"]["legal_representative"]
        );
        assert_eq!(by_url["address"], f["ocr"]["address"]);
        assert_eq!(by_url["img_size"], json!({"w": 640, "h": 452}));
        let by_upload = wx_ocr_upload(&base, &token, image_bytes(url).await).await;
        assert_eq!(by_upload, by_url);
    }
    let f = fixture(&base, "pengyuan-shenzhen-branch").await;
    let r = wx_ocr_url(&base, &token, f["image_url"].as_str().unwrap()).await;
    assert!(r.get("registered_capital").is_none(), "absent, not empty");
}

#[tokio::test]
async fn ocr_errors() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    let token = token(&base).await;
    let r: Value = reqwest::Client::new()
        .post(format!("{base}/cv/ocr/bizlicense"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["errcode"], 41001);

    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend_from_slice(b"unknown picture");
    assert_eq!(wx_ocr_upload(&base, &token, png).await["errcode"], 101001);
    assert_eq!(
        wx_ocr_upload(&base, &token, b"plain text".to_vec()).await["errcode"],
        101002
    );
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(2 * 1024 * 1024 + 1, 0);
    assert_eq!(wx_ocr_upload(&base, &token, big).await["errcode"], 101002);
    assert_eq!(
        wx_ocr_url(
            &base,
            &token,
            &format!("{base}/_emulator/images/missing.png")
        )
        .await["errcode"],
        101000
    );
    let r: Value = reqwest::Client::new()
        .post(format!("{base}/cv/ocr/bizlicense"))
        .query(&[("access_token", token.as_str())])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["errcode"], 101000, "neither img_url nor img");
}

#[tokio::test]
async fn foreign_img_url_is_refused_without_an_outbound_request() {
    let (base, _h) = Emulator::start_local().await.unwrap();
    let token = token(&base).await;
    let trap = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    trap.set_nonblocking(true).unwrap();
    let port = trap.local_addr().unwrap().port();
    for url in [
        format!("http://127.0.0.1:{port}/_emulator/images/tencent-cloud-beijing.png"),
        format!("http://localhost:{port}/x.png"),
        "http://10.0.0.1/_emulator/images/tencent-cloud-beijing.png".to_owned(),
        "gopher://127.0.0.1/".to_owned(),
    ] {
        let r = wx_ocr_url(&base, &token, &url).await;
        assert_eq!(r["errcode"], 101000, "{url}");
    }
    assert!(matches!(
        trap.accept(),
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock
    ));
    // The same image via localhost and our port is accepted.
    let own = format!(
        "http://localhost:{}/_emulator/images/tencent-cloud-beijing.png",
        base.rsplit(':').next().unwrap()
    );
    assert_eq!(wx_ocr_url(&base, &token, &own).await["errcode"], 0);
}

//! Helpers shared by the emulator's integration tests: a TC3-signing caller built on the
//! Tencent crate's signer, and WeChat token fetching.
#![allow(dead_code)]

use bizlicense_emulator::{
    DEFAULT_TENCENT_SECRET_ID, DEFAULT_TENCENT_SECRET_KEY, DEFAULT_WECHAT_APP_ID,
    DEFAULT_WECHAT_APP_SECRET,
};
use bizlicense_tencent::Credentials;
use bizlicense_tencent::sign::sign;
use serde_json::{Value, json};

pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// `host:port` of a base URL.
pub fn host_of(base: &str) -> String {
    base.trim_start_matches("http://").to_owned()
}

pub struct TcReply {
    pub status: u16,
    pub content_type: String,
    pub body: Value,
}

impl TcReply {
    pub fn error_code(&self) -> Option<&str> {
        self.body["Response"]["Error"]["Code"].as_str()
    }
    pub fn response(&self) -> &Value {
        &self.body["Response"]
    }
}

/// A raw, signed Tencent call with every knob exposed.
pub struct TcCall<'a> {
    pub base: &'a str,
    pub action: &'a str,
    pub body: Vec<u8>,
    pub secret_id: &'a str,
    pub secret_key: &'a str,
    pub timestamp: i64,
    /// The Host the signature covers (default: the real one).
    pub signed_host: Option<String>,
    pub authorization: Option<String>,
    pub version: &'a str,
}

impl<'a> TcCall<'a> {
    pub fn new(base: &'a str, action: &'a str, body: &Value) -> Self {
        TcCall {
            base,
            action,
            body: serde_json::to_vec(body).unwrap(),
            secret_id: DEFAULT_TENCENT_SECRET_ID,
            secret_key: DEFAULT_TENCENT_SECRET_KEY,
            timestamp: now(),
            signed_host: None,
            authorization: None,
            version: "2018-11-19",
        }
    }

    pub async fn send(self) -> TcReply {
        let host = host_of(self.base);
        let creds = Credentials::new(self.secret_id, self.secret_key);
        let signed = sign(
            &creds,
            self.timestamp,
            self.signed_host.as_deref().unwrap_or(&host),
            "application/json; charset=utf-8",
            &self.body,
            "ocr",
        );
        let resp = reqwest::Client::new()
            .post(format!("{}/", self.base))
            .header("Content-Type", "application/json; charset=utf-8")
            .header("X-TC-Action", self.action)
            .header("X-TC-Version", self.version)
            .header("X-TC-Region", "ap-guangzhou")
            .header("X-TC-Timestamp", self.timestamp.to_string())
            .header(
                "Authorization",
                self.authorization.unwrap_or(signed.authorization),
            )
            .body(self.body)
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        let content_type = resp
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let body = resp.json().await.unwrap();
        TcReply {
            status,
            content_type,
            body,
        }
    }
}

pub async fn tc(base: &str, action: &str, body: Value) -> TcReply {
    TcCall::new(base, action, &body).send().await
}

pub async fn fixtures(base: &str) -> Vec<Value> {
    reqwest::get(format!("{base}/_emulator/fixtures"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub async fn fixture(base: &str, id: &str) -> Value {
    fixtures(base)
        .await
        .into_iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no fixture {id}"))
}

pub async fn image_bytes(url: &str) -> Vec<u8> {
    reqwest::get(url)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap()
        .to_vec()
}

pub async fn classic_token(base: &str) -> Value {
    reqwest::get(format!(
        "{base}/cgi-bin/token?grant_type=client_credential&appid={DEFAULT_WECHAT_APP_ID}&secret={DEFAULT_WECHAT_APP_SECRET}"
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap()
}

pub async fn stable_token(base: &str, force: bool) -> Value {
    reqwest::Client::new()
        .post(format!("{base}/cgi-bin/stable_token"))
        .json(
            &json!({"grant_type": "client_credential", "appid": DEFAULT_WECHAT_APP_ID,
                      "secret": DEFAULT_WECHAT_APP_SECRET, "force_refresh": force}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub async fn token(base: &str) -> String {
    stable_token(base, false).await["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// WeChat OCR by URL.
pub async fn wx_ocr_url(base: &str, token: &str, img_url: &str) -> Value {
    reqwest::Client::new()
        .post(format!("{base}/cv/ocr/bizlicense"))
        .query(&[("access_token", token), ("img_url", img_url)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// WeChat OCR by multipart upload.
pub async fn wx_ocr_upload(base: &str, token: &str, bytes: Vec<u8>) -> Value {
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name("license.png")
        .mime_str("image/png")
        .unwrap();
    reqwest::Client::new()
        .post(format!("{base}/cv/ocr/bizlicense"))
        .query(&[("access_token", token)])
        .multipart(reqwest::multipart::Form::new().part("img", part))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

pub async fn advance_clock(base: &str, secs: i64) {
    let r = reqwest::Client::new()
        .post(format!("{base}/_emulator/clock"))
        .json(&json!({"advance_secs": secs}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success());
}

pub async fn add_fault(base: &str, fault: Value) {
    let r = reqwest::Client::new()
        .post(format!("{base}/_emulator/faults"))
        .json(&fault)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201, "{}", r.text().await.unwrap());
}

pub async fn stats(base: &str) -> Value {
    reqwest::get(format!("{base}/_emulator/stats"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

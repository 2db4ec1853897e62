//! Shared helpers: a scripted token endpoint and OCR endpoint on a local wiremock server.
#![allow(dead_code)]

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bizlicense_wechat::{
    BackoffPolicy, ManualClock, TokenEndpoint, WechatClient, WechatClientBuilder,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const APP_ID: &str = "wxtestappid000001";
pub const APP_SECRET: &str = "APPSECRET-do-not-leak-7f3a";

pub fn fixture(name: &str) -> serde_json::Value {
    let path = format!("{}/testdata/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

pub fn t0() -> jiff::Timestamp {
    "2024-05-01T00:00:00Z".parse().unwrap()
}

/// A token endpoint handing out `TOKEN-1`, `TOKEN-2`, ... and registering each as valid with
/// the OCR endpoint.
#[derive(Clone)]
pub struct TokenServer {
    pub hits: Arc<AtomicUsize>,
    pub expires_in: Arc<Mutex<i64>>,
    pub valid: Arc<Mutex<HashSet<String>>>,
    /// When set, answers this JSON instead of a token.
    pub error: Arc<Mutex<Option<serde_json::Value>>>,
    pub delay: Duration,
}

impl TokenServer {
    pub fn new() -> Self {
        TokenServer {
            hits: Arc::new(AtomicUsize::new(0)),
            expires_in: Arc::new(Mutex::new(7200)),
            valid: Arc::new(Mutex::new(HashSet::new())),
            error: Arc::new(Mutex::new(None)),
            delay: Duration::from_millis(0),
        }
    }

    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    pub fn token(n: usize) -> String {
        format!("TOKEN-{n}-secretish")
    }

    /// Invalidate every token issued so far (server side).
    pub fn invalidate_all(&self) {
        self.valid.lock().unwrap().clear();
    }
}

impl Respond for TokenServer {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let n = self.hits.fetch_add(1, Ordering::SeqCst) + 1;
        if let Some(e) = self.error.lock().unwrap().clone() {
            return ResponseTemplate::new(200).set_body_json(e);
        }
        let token = Self::token(n);
        self.valid.lock().unwrap().insert(token.clone());
        let expires_in = *self.expires_in.lock().unwrap();
        ResponseTemplate::new(200)
            .set_delay(self.delay)
            .set_body_json(serde_json::json!({"access_token": token, "expires_in": expires_in}))
    }
}

/// An OCR endpoint answering `body` for valid tokens and 40001 otherwise.
#[derive(Clone)]
pub struct OcrServer {
    pub tokens: TokenServer,
    pub body: serde_json::Value,
    pub hits: Arc<AtomicUsize>,
    pub rejected: Arc<AtomicUsize>,
    pub delay: Duration,
}

impl OcrServer {
    pub fn new(tokens: &TokenServer) -> Self {
        OcrServer {
            tokens: tokens.clone(),
            body: fixture("bizlicense_seed.json"),
            hits: Arc::new(AtomicUsize::new(0)),
            rejected: Arc::new(AtomicUsize::new(0)),
            delay: Duration::from_millis(0),
        }
    }

    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Respond for OcrServer {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        self.hits.fetch_add(1, Ordering::SeqCst);
        let token = req
            .url
            .query_pairs()
            .find(|(k, _)| k == "access_token")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        if !self.tokens.valid.lock().unwrap().contains(&token) {
            self.rejected.fetch_add(1, Ordering::SeqCst);
            return ResponseTemplate::new(200).set_body_json(serde_json::json!({
                "errcode": 40001,
                "errmsg": "invalid credential, access_token is invalid or not latest rid: 66a0-0001"
            }));
        }
        ResponseTemplate::new(200)
            .set_delay(self.delay)
            .set_body_json(self.body.clone())
    }
}

/// Mount both scripted endpoints (stable and classic token paths).
pub async fn mount(server: &MockServer, tokens: &TokenServer, ocr: &OcrServer) {
    Mock::given(method("POST"))
        .and(path("/cgi-bin/stable_token"))
        .respond_with(tokens.clone())
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path("/cgi-bin/token"))
        .respond_with(tokens.clone())
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path("/cv/ocr/bizlicense"))
        .respond_with(ocr.clone())
        .mount(server)
        .await;
}

pub fn builder(server: &MockServer, clock: &ManualClock) -> WechatClientBuilder {
    WechatClient::builder()
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .api_base(server.uri())
        .token_endpoint(TokenEndpoint::Stable)
        .clock(clock.clone())
        .timeout(Duration::from_secs(10))
        .backoff(BackoffPolicy::new(
            3,
            Duration::from_millis(1),
            Duration::from_millis(5),
        ))
}

/// A scripted server with a client pointed at it.
pub struct Harness {
    pub server: MockServer,
    pub tokens: TokenServer,
    pub ocr: OcrServer,
    pub clock: ManualClock,
    pub client: WechatClient,
}

pub async fn harness() -> Harness {
    let server = MockServer::start().await;
    let tokens = TokenServer::new();
    let ocr = OcrServer::new(&tokens);
    mount(&server, &tokens, &ocr).await;
    let clock = ManualClock::new(t0());
    let client = builder(&server, &clock).build().unwrap();
    Harness {
        server,
        tokens,
        ocr,
        clock,
        client,
    }
}

pub fn png() -> bizlicense_core::LicenseImage {
    bizlicense_core::testing::sample_png()
}

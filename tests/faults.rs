//! Fault suite: the real clients against the in-process emulator with faults injected through
//! `POST /_emulator/faults`. For each fault: the error kind a caller acts on, a bounded number
//! of attempts (counted by the emulator in `GET /_emulator/stats`), no panic, and no hang
//! (every test body runs under `tokio::time::timeout`).

use std::future::Future;
use std::time::Duration;

use bizlicense::compose::{Fallback, ProviderExt, RetryPolicy as CoreRetry};
use bizlicense::emulator::{
    DEFAULT_TENCENT_SECRET_ID, DEFAULT_TENCENT_SECRET_KEY, DEFAULT_WECHAT_APP_ID,
    DEFAULT_WECHAT_APP_SECRET, Emulator, EmulatorHandle,
};
use bizlicense::tencent::{
    Credentials, RetryPolicy, TencentClient, TencentReader, TencentVerifier, VerifyMode,
};
use bizlicense::wechat::{BackoffPolicy, WechatClient};
use bizlicense::{
    ErrorKind, LicenseImage, LicenseReader, ProviderError, RegistryVerifier, VerifyQuery,
};
use serde_json::{Value, json};

/// Attempts the Tencent client makes in these tests (1 + 2 retries).
const TC_ATTEMPTS: u64 = 3;
/// Retries the WeChat client makes on `-1` in these tests.
const WX_RETRIES: usize = 2;
/// The per-attempt HTTP timeout of both clients.
const CLIENT_TIMEOUT: Duration = Duration::from_millis(300);
/// Hang guard for every test.
const GUARD: Duration = Duration::from_secs(30);

async fn guarded<F: Future<Output = ()>>(f: F) {
    tokio::time::timeout(GUARD, f)
        .await
        .expect("the test hung: no answer within the guard time");
}

/// One emulator, clients pointed at it, and helpers to inject faults and read counters.
struct Env {
    base: String,
    http: reqwest::Client,
    image: LicenseImage,
    image_url: LicenseImage,
    code: String,
    _emulator: EmulatorHandle,
}

impl Env {
    async fn start() -> Env {
        let (base, emulator) = Emulator::start_local().await.expect("emulator");
        let http = reqwest::Client::new();
        let list: Value = http
            .get(format!("{base}/_emulator/fixtures"))
            .send()
            .await
            .expect("GET fixtures")
            .json()
            .await
            .expect("fixtures JSON");
        let url = list[0]["image_url"].as_str().expect("image_url").to_owned();
        let code = list[0]["credit_code"]
            .as_str()
            .expect("credit_code")
            .to_owned();
        let bytes = http
            .get(&url)
            .send()
            .await
            .expect("GET image")
            .bytes()
            .await
            .expect("image");
        Env {
            image: LicenseImage::from_bytes(bytes.to_vec()).expect("fixture image"),
            image_url: LicenseImage::from_url(url).expect("fixture URL"),
            code,
            base,
            http,
            _emulator: emulator,
        }
    }

    fn tencent(&self) -> TencentClient {
        TencentClient::builder()
            .credentials(Credentials::new(
                DEFAULT_TENCENT_SECRET_ID,
                DEFAULT_TENCENT_SECRET_KEY,
            ))
            .endpoint(&self.base)
            .timeout(CLIENT_TIMEOUT)
            .retry(RetryPolicy::new(
                TC_ATTEMPTS as u32,
                Duration::from_millis(5),
            ))
            .build()
            .expect("tencent client")
    }

    fn wechat(&self) -> WechatClient {
        WechatClient::builder()
            .app_id(DEFAULT_WECHAT_APP_ID)
            .app_secret(DEFAULT_WECHAT_APP_SECRET)
            .api_base(&self.base)
            .timeout(CLIENT_TIMEOUT)
            .backoff(BackoffPolicy::new(
                WX_RETRIES,
                Duration::from_millis(5),
                Duration::from_millis(20),
            ))
            .build()
            .expect("wechat client")
    }

    async fn fault(&self, rule: Value) {
        let r = self
            .http
            .post(format!("{}/_emulator/faults", self.base))
            .json(&rule)
            .send()
            .await
            .expect("POST faults");
        assert!(r.status().is_success(), "rule {rule} rejected");
    }

    async fn clear(&self) {
        self.http
            .delete(format!("{}/_emulator/faults", self.base))
            .send()
            .await
            .expect("DELETE faults");
        let r = self
            .http
            .delete(format!("{}/_emulator/stats", self.base))
            .send()
            .await
            .expect("DELETE stats");
        assert!(r.status().is_success());
    }

    async fn stats(&self) -> Value {
        self.http
            .get(format!("{}/_emulator/stats", self.base))
            .send()
            .await
            .expect("GET stats")
            .json()
            .await
            .expect("stats JSON")
    }

    /// How many requests `route` received since the last `clear`.
    async fn calls(&self, route: &str) -> u64 {
        self.stats().await["routes"][route]["calls"]
            .as_u64()
            .unwrap_or_else(|| panic!("no counter for {route}"))
    }

    async fn token_calls(&self) -> u64 {
        self.stats().await["token_calls"]
            .as_u64()
            .expect("token_calls")
    }
}

fn assert_kind(e: &ProviderError, kind: ErrorKind, words: &[&str]) {
    assert_eq!(e.kind(), kind, "wrong kind for: {e}");
    let text = e.to_string().to_lowercase();
    for w in words {
        assert!(text.contains(&w.to_lowercase()), "message lacks {w:?}: {e}");
    }
}

// ---------------------------------------------------------------------------------------------
// Latency beyond the timeout
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn latency_beyond_the_client_timeout_is_a_timeout_retried_a_bounded_number_of_times() {
    guarded(async {
        let env = Env::start().await;
        env.fault(json!({"route": "tencent", "kind": "latency", "ms": 1500}))
            .await;
        let e = TencentReader::new(env.tencent())
            .read(&env.image)
            .await
            .expect_err("timeout");
        assert_kind(&e, ErrorKind::Timeout, &["timed out"]);
        assert!(e.is_retryable());
        assert_eq!(env.calls("BizLicenseOCR").await, TC_ATTEMPTS);

        env.clear().await;
        env.fault(json!({"route": "/cv/ocr/bizlicense", "kind": "latency", "ms": 1500}))
            .await;
        let e = env
            .wechat()
            .bizlicense(&env.image_url)
            .await
            .expect_err("timeout");
        assert_kind(&e, ErrorKind::Timeout, &["in time"]);
        // The WeChat client leaves transport retries to a `Retry` decorator: one attempt.
        assert_eq!(env.calls("/cv/ocr/bizlicense").await, 1);
    })
    .await;
}

#[tokio::test]
async fn the_timeout_decorator_bounds_a_slow_provider() {
    guarded(async {
        let env = Env::start().await;
        env.fault(json!({"route": "*", "kind": "latency", "ms": 2000}))
            .await;
        // The client would wait longer (30 s default); the decorator gives up first.
        let client = TencentClient::builder()
            .credentials(Credentials::new(
                DEFAULT_TENCENT_SECRET_ID,
                DEFAULT_TENCENT_SECRET_KEY,
            ))
            .endpoint(&env.base)
            .build()
            .expect("client");
        let verifier = TencentVerifier::new(client, VerifyMode::Basic)
            .with_timeout(Duration::from_millis(200));
        let e = verifier
            .verify(&VerifyQuery::by_code(env.code.clone()))
            .await
            .expect_err("decorator timeout");
        assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
        assert_eq!(env.calls("VerifyBasicBizLicense").await, 1);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// 5xx from a gateway
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn gateway_5xx_is_unavailable_and_retried_a_bounded_number_of_times() {
    guarded(async {
        let env = Env::start().await;
        for status in [500u16, 502, 503, 504] {
            env.clear().await;
            env.fault(json!({"route": "tencent", "kind": "http_status", "status": status}))
                .await;
            let e = TencentVerifier::new(env.tencent(), VerifyMode::Detailed)
                .verify(&VerifyQuery::by_code(env.code.clone()))
                .await
                .expect_err("5xx");
            assert_kind(&e, ErrorKind::Unavailable, &[&status.to_string()]);
            assert!(e.is_retryable(), "{e}");
            assert_eq!(env.calls("VerifyBizLicense").await, TC_ATTEMPTS, "{status}");

            env.clear().await;
            env.fault(json!({"route": "wechat", "kind": "http_status", "status": status}))
                .await;
            // The token endpoint is down too: the error says so, and nothing loops.
            let e = env
                .wechat()
                .bizlicense(&env.image_url)
                .await
                .expect_err("5xx");
            assert_kind(&e, ErrorKind::Unavailable, &[&status.to_string(), "token"]);
            assert_eq!(env.token_calls().await, 1, "{status}");
            assert_eq!(env.calls("/cv/ocr/bizlicense").await, 0);
        }
    })
    .await;
}

#[tokio::test]
async fn a_passing_5xx_is_absorbed_by_retries() {
    guarded(async {
        let env = Env::start().await;
        env.fault(json!({"route": "BizLicenseOCR", "kind": "http_status", "status": 503, "count": 2}))
            .await;
        let scan = TencentReader::new(env.tencent())
            .read(&env.image)
            .await
            .expect("third attempt succeeds");
        assert_eq!(scan.credit_code.as_deref(), Some(env.code.as_str()));
        assert_eq!(env.calls("BizLicenseOCR").await, 3);

        // WeChat: the client does not retry gateway errors itself; the core Retry does.
        env.clear().await;
        let wx = env.wechat();
        wx.token_manager().access_token().await.expect("token");
        env.fault(json!({"route": "/cv/ocr/bizlicense", "kind": "http_status", "status": 502, "count": 2}))
            .await;
        let reader = wx.reader().with_retry(
            CoreRetry::default()
                .with_max_retries(3)
                .with_delays(Duration::from_millis(5), Duration::from_millis(20)),
        );
        let scan = reader.read(&env.image_url).await.expect("retried");
        assert_eq!(scan.credit_code.as_deref(), Some(env.code.as_str()));
        assert_eq!(env.calls("/cv/ocr/bizlicense").await, 3);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Connection reset / refused
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_dropped_connection_is_a_retryable_transport_error() {
    guarded(async {
        let env = Env::start().await;
        env.fault(json!({"route": "tencent", "kind": "drop"})).await;
        let e = TencentReader::new(env.tencent())
            .read(&env.image)
            .await
            .expect_err("dropped");
        assert_kind(&e, ErrorKind::Network, &["failed"]);
        assert!(e.is_retryable());
        assert_eq!(env.calls("BizLicenseOCR").await, TC_ATTEMPTS);

        env.clear().await;
        let wx = env.wechat();
        wx.token_manager().access_token().await.expect("token");
        env.fault(json!({"route": "/cv/ocr/bizlicense", "kind": "drop"}))
            .await;
        let e = wx.bizlicense(&env.image_url).await.expect_err("dropped");
        assert!(
            matches!(e.kind(), ErrorKind::Network | ErrorKind::Protocol),
            "{e}"
        );
        assert!(e.to_string().contains("/cv/ocr/bizlicense"), "{e}");
        assert_eq!(env.calls("/cv/ocr/bizlicense").await, 1);
    })
    .await;
}

#[tokio::test]
async fn a_refused_connection_is_network() {
    guarded(async {
        // Bind, note the port, close: nothing listens there any more.
        let port = {
            let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
            l.local_addr().expect("addr").port()
        };
        let base = format!("http://127.0.0.1:{port}");
        let tc = TencentClient::builder()
            .credentials(Credentials::new(
                DEFAULT_TENCENT_SECRET_ID,
                DEFAULT_TENCENT_SECRET_KEY,
            ))
            .endpoint(&base)
            .retry(RetryPolicy::new(2, Duration::from_millis(5)))
            .build()
            .expect("client");
        let e = TencentReader::new(tc)
            .read(&bizlicense::testing::sample_png())
            .await
            .expect_err("refused");
        assert_kind(&e, ErrorKind::Network, &["could not connect"]);
        let wx = WechatClient::builder()
            .app_id(DEFAULT_WECHAT_APP_ID)
            .app_secret(DEFAULT_WECHAT_APP_SECRET)
            .api_base(&base)
            .build()
            .expect("client");
        let e = wx
            .bizlicense(&bizlicense::testing::sample_png())
            .await
            .expect_err("refused");
        assert_kind(&e, ErrorKind::Network, &["could not reach"]);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Truncated, malformed and HTML bodies
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn truncated_and_malformed_bodies_are_protocol_errors_not_retried() {
    guarded(async {
        let env = Env::start().await;
        let cases = [
            ("truncated", &["truncated"][..]),
            ("malformed", &["HTML"][..]),
        ];
        for (kind, words) in cases {
            env.clear().await;
            env.fault(json!({"route": "tencent", "kind": kind})).await;
            let e = TencentVerifier::new(env.tencent(), VerifyMode::Basic)
                .verify(&VerifyQuery::by_code(env.code.clone()))
                .await
                .expect_err(kind);
            assert_kind(&e, ErrorKind::Protocol, words);
            assert!(!e.is_retryable(), "{e}");
            assert_eq!(env.calls("VerifyBasicBizLicense").await, 1, "{kind}");

            env.clear().await;
            let wx = env.wechat();
            wx.token_manager().access_token().await.expect("token");
            env.fault(json!({"route": "/cv/ocr/bizlicense", "kind": kind}))
                .await;
            let e = wx.bizlicense(&env.image_url).await.expect_err(kind);
            assert_kind(&e, ErrorKind::Protocol, words);
            assert_eq!(env.calls("/cv/ocr/bizlicense").await, 1, "{kind}");
        }
    })
    .await;
}

#[tokio::test]
async fn a_malformed_token_answer_fails_fast_with_a_clear_message() {
    guarded(async {
        let env = Env::start().await;
        env.fault(json!({"route": "/cv/ocr/bizlicense", "kind": "http_status", "status": 404}))
            .await;
        env.fault(json!({"route": "/cgi-bin/stable_token", "kind": "malformed"}))
            .await;
        env.fault(json!({"route": "/cgi-bin/token", "kind": "malformed"}))
            .await;
        let e = env
            .wechat()
            .bizlicense(&env.image_url)
            .await
            .expect_err("bad token answer");
        assert_kind(&e, ErrorKind::Protocol, &["token", "HTML"]);
        assert_eq!(env.token_calls().await, 1);
        assert_eq!(env.calls("/cv/ocr/bizlicense").await, 0);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Rate limits
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn rate_limits_are_rate_limited_and_retried_within_bounds() {
    guarded(async {
        let env = Env::start().await;
        env.fault(json!({"route": "BizLicenseOCR", "kind": "rate_limit"}))
            .await;
        let e = TencentReader::new(env.tencent())
            .read(&env.image)
            .await
            .expect_err("rate limited");
        assert_kind(&e, ErrorKind::RateLimited, &["RequestLimitExceeded"]);
        assert_eq!(env.calls("BizLicenseOCR").await, TC_ATTEMPTS);

        env.clear().await;
        env.fault(json!({"route": "BizLicenseOCR", "kind": "rate_limit", "count": 1}))
            .await;
        TencentReader::new(env.tencent())
            .read(&env.image)
            .await
            .expect("the retry gets through");
        assert_eq!(env.calls("BizLicenseOCR").await, 2);

        // WeChat 45011 (rate limited): not retried by the client, RateLimited for a decorator.
        env.clear().await;
        let wx = env.wechat();
        wx.token_manager().access_token().await.expect("token");
        env.fault(json!({"route": "/cv/ocr/bizlicense", "kind": "rate_limit"}))
            .await;
        let e = wx.bizlicense(&env.image_url).await.expect_err("45011");
        assert_eq!(e.kind(), ErrorKind::RateLimited, "{e}");
        assert_eq!(e.code(), Some("45011"));
        assert!(e.is_retryable());
        let n = env.calls("/cv/ocr/bizlicense").await;
        assert!((1..=1 + WX_RETRIES as u64).contains(&n), "{n} calls");

        // WeChat -1 (system busy): backoff, bounded by the policy.
        env.clear().await;
        env.fault(json!({"route": "/cv/ocr/bizlicense", "kind": "rate_limit", "errcode": -1}))
            .await;
        let e = wx.bizlicense(&env.image_url).await.expect_err("-1");
        assert_eq!(e.kind(), ErrorKind::Unavailable, "{e}");
        assert_eq!(e.code(), Some("-1"));
        assert_eq!(env.calls("/cv/ocr/bizlicense").await, 1 + WX_RETRIES as u64);

        // WeChat 45009 (daily quota): never retried.
        env.clear().await;
        env.fault(json!({"route": "/cv/ocr/bizlicense", "kind": "rate_limit", "errcode": 45009}))
            .await;
        let e = wx.bizlicense(&env.image_url).await.expect_err("45009");
        assert_eq!(e.kind(), ErrorKind::QuotaExceeded, "{e}");
        assert!(!e.is_retryable());
        assert_eq!(env.calls("/cv/ocr/bizlicense").await, 1);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Token expiry mid-flight
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn token_expiry_mid_flight_refreshes_once_and_never_loops() {
    guarded(async {
        let env = Env::start().await;
        let wx = env.wechat();
        let before = wx.token_manager().access_token().await.expect("token");
        env.clear().await;

        // Once: refresh, retry, success.
        env.fault(json!({"route": "/cv/ocr/bizlicense", "kind": "token_expired", "count": 1}))
            .await;
        let out = wx.bizlicense(&env.image_url).await.expect("refreshed");
        assert_eq!(out.response.reg_num.as_deref(), Some(env.code.as_str()));
        assert_eq!(env.calls("/cv/ocr/bizlicense").await, 2);
        assert_eq!(env.token_calls().await, 1);
        let after = wx.token_manager().access_token().await.expect("token");
        assert!(!before.same_token(&after), "the token was not replaced");

        // Always: one refresh, one retry, then the Auth error.
        env.clear().await;
        env.fault(json!({"route": "/cv/ocr/bizlicense", "kind": "token_expired"}))
            .await;
        let e = wx
            .bizlicense(&env.image_url)
            .await
            .expect_err("expired twice");
        assert_eq!(e.kind(), ErrorKind::Auth, "{e}");
        assert_eq!(e.code(), Some("42001"));
        assert_eq!(env.calls("/cv/ocr/bizlicense").await, 2);
        assert_eq!(env.token_calls().await, 1);

        // 32 callers hit the expiry at once: a bounded number of token fetches.
        env.clear().await;
        env.fault(json!({"route": "/cv/ocr/bizlicense", "kind": "token_expired", "count": 1}))
            .await;
        let mut callers = tokio::task::JoinSet::new();
        for _ in 0..32 {
            let (reader, image) = (wx.reader(), env.image_url.clone());
            callers.spawn(async move { reader.read(&image).await });
        }
        while let Some(r) = callers.join_next().await {
            r.expect("no panic")
                .expect("every caller succeeds after the refresh");
        }
        let fetches = env.token_calls().await;
        assert!(fetches <= 2, "{fetches} token fetches for one expiry");

        // Tencent's temporary-credential expiry: Auth, not retried.
        env.clear().await;
        env.fault(json!({"route": "tencent", "kind": "token_expired"}))
            .await;
        let e = TencentReader::new(env.tencent())
            .read(&env.image)
            .await
            .expect_err("token failure");
        assert_kind(&e, ErrorKind::Auth, &["AuthFailure.TokenFailure"]);
        assert_eq!(env.calls("BizLicenseOCR").await, 1);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Provider outage with Fallback
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_outage_of_the_primary_falls_back_to_the_secondary() {
    guarded(async {
        let env = Env::start().await;
        env.fault(json!({"route": "wechat", "kind": "http_status", "status": 503}))
            .await;
        let reader = Fallback::new(env.wechat().reader(), TencentReader::new(env.tencent()));
        let scan = reader.read(&env.image).await.expect("secondary answers");
        assert_eq!(scan.provider, "tencent.bizlicense_ocr");
        assert_eq!(scan.credit_code.as_deref(), Some(env.code.as_str()));
        assert_eq!(env.calls("BizLicenseOCR").await, 1);
        assert_eq!(env.calls("/cv/ocr/bizlicense").await, 0);

        // Both down: the secondary's error, typed, after bounded attempts.
        env.fault(json!({"route": "tencent", "kind": "drop"})).await;
        let e = reader.read(&env.image).await.expect_err("both down");
        assert_eq!(e.kind(), ErrorKind::Network, "{e}");
        assert_eq!(e.provider(), "tencent.bizlicense_ocr");
        assert_eq!(env.calls("BizLicenseOCR").await, 1 + TC_ATTEMPTS);

        // A non-outage error of the primary (not a license) does not fall back.
        env.clear().await;
        let e = reader
            .read(&bizlicense::testing::sample_png())
            .await
            .expect_err("not a license");
        assert_eq!(e.kind(), ErrorKind::NotALicense, "{e}");
        assert_eq!(e.provider(), "wechat");
        assert_eq!(env.calls("BizLicenseOCR").await, 0);

        // Verifiers too: a Tencent outage on the detailed action falls back to the basic one.
        env.fault(json!({"route": "VerifyBizLicense", "kind": "http_status", "status": 502}))
            .await;
        let verifier = TencentVerifier::new(env.tencent(), VerifyMode::Detailed).or_fallback(
            TencentVerifier::new(env.tencent(), VerifyMode::Basic),
            &[
                ErrorKind::Unavailable,
                ErrorKind::Network,
                ErrorKind::Timeout,
            ],
        );
        let record = verifier
            .verify(&VerifyQuery::by_code(env.code.clone()))
            .await
            .expect("basic answers");
        assert_eq!(record.provider, "tencent.verify_basic");
        assert_eq!(env.calls("VerifyBizLicense").await, TC_ATTEMPTS);
        assert_eq!(env.calls("VerifyBasicBizLicense").await, 1);
    })
    .await;
}

// ---------------------------------------------------------------------------------------------
// Nothing lost in `bizlicense batch`
// ---------------------------------------------------------------------------------------------

/// The `bizlicense` binary next to this test's executable (built by `cargo test --workspace`
/// or `cargo build -p bizlicense-cli`). `None` when it has not been built.
fn cli_binary() -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    // target/<profile>/deps/faults-<hash> -> target/<profile>/bizlicense
    let dir = exe.parent()?.parent()?;
    let bin = dir.join(format!("bizlicense{}", std::env::consts::EXE_SUFFIX));
    bin.is_file().then_some(bin)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_against_a_faulty_emulator_answers_every_line() {
    let Some(bin) = cli_binary() else {
        eprintln!(
            "SKIPPED: the bizlicense CLI binary is not built; run `cargo build -p bizlicense-cli` \
             or `cargo test --workspace`"
        );
        return;
    };
    guarded(async {
        let env = Env::start().await;
        let dir = std::env::temp_dir().join(format!("bizlicense-faults-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        if let LicenseImage::Bytes { data, .. } = &env.image {
            std::fs::write(dir.join("license.png"), data).expect("write image");
        }
        let mut lines = Vec::new();
        for i in 0..40 {
            lines.push(match i % 8 {
                0 => json!({"id": i, "image": "license.png"}).to_string(),
                1 => json!({"id": i, "image": env.image_url.url().expect("url")}).to_string(),
                2 => json!({"id": i, "code": "91440300MA5F000004"}).to_string(),
                3 => "this line is not JSON".to_owned(),
                4 => json!({"id": i, "image": "missing.png"}).to_string(),
                _ => json!({"id": i, "code": env.code}).to_string(),
            });
        }
        std::fs::write(dir.join("in.jsonl"), lines.join("\n") + "\n").expect("write input");
        for rule in [
            json!({"route": "*", "kind": "latency", "ms": 20}),
            json!({"route": "/cv/ocr/bizlicense", "kind": "http_status", "status": 503, "count": 3}),
            json!({"route": "/cv/ocr/bizlicense", "kind": "drop", "count": 2}),
            json!({"route": "/cv/ocr/bizlicense", "kind": "token_expired", "count": 1}),
            json!({"route": "VerifyBizLicense", "kind": "rate_limit", "count": 4}),
            json!({"route": "VerifyBizLicense", "kind": "malformed", "count": 2}),
            json!({"route": "VerifyBizLicense", "kind": "truncated", "count": 2}),
            json!({"route": "VerifyBizLicense", "kind": "drop", "count": 2}),
        ] {
            env.fault(rule).await;
        }
        let mut child = std::process::Command::new(&bin)
            .current_dir(&dir)
            .args(["batch", "--input", "in.jsonl", "--output", "out.jsonl"])
            .args(["--concurrency", "8", "--qps", "1000", "--cache-ttl", "0"])
            .args(["--timeout", "5", "--emulator", &env.base])
            .env_remove("TENCENTCLOUD_SECRET_ID")
            .env_remove("TENCENTCLOUD_SECRET_KEY")
            .env_remove("WECHAT_APP_ID")
            .env_remove("WECHAT_APP_SECRET")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn bizlicense batch");
        let status = loop {
            if let Some(s) = child.try_wait().expect("wait") {
                break s;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            use std::io::Read;
            let _ = e.read_to_string(&mut stderr);
        }
        assert!(!stderr.contains("panicked"), "the CLI panicked:\n{stderr}");
        assert_eq!(status.code(), Some(0), "batch failed:\n{stderr}");
        let out = std::fs::read_to_string(dir.join("out.jsonl")).expect("output");
        let mut seen: Vec<u64> = Vec::new();
        let (mut reports, mut errors) = (0, 0);
        for l in out.lines() {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("bad line {l}: {e}"));
            assert!(
                v.get("report").is_some() || v.get("error").is_some(),
                "neither report nor error: {l}"
            );
            seen.push(v["line"].as_u64().expect("line"));
            if v.get("report").is_some() {
                reports += 1;
            } else {
                assert!(v["error"]["kind"].is_string(), "untyped error: {l}");
                errors += 1;
            }
        }
        // The bad lines (not JSON, missing file, unknown company) are errors; the good ones
        // got through the faults.
        assert!(reports >= 20, "{reports} reports:\n{out}");
        assert!(errors >= 10, "{errors} errors:\n{out}");
        seen.sort_unstable();
        let expected: Vec<u64> = (1..=lines.len() as u64).collect();
        assert_eq!(seen, expected, "lost or duplicated lines:\n{out}");
        let _ = std::fs::remove_dir_all(&dir);
    })
    .await;
}

//! Secret hygiene, end to end: both providers against the in-process emulator (successes, a
//! WeChat token refresh, and failing calls of every flavour), with tracing at TRACE captured
//! into a buffer. No Tencent SecretKey, WeChat AppSecret or access token may appear in any log
//! line, error string, error source chain, or `Debug` output of clients, errors or results.
//!
//! The emulator runs with credentials made up for this test (not the published defaults), so a
//! hit can only come from a leak.

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bizlicense::compose::ProviderExt;
use bizlicense::emulator::{Emulator, EmulatorConfig};
use bizlicense::reconcile::Engine;
use bizlicense::tencent::{
    Credentials, RetryPolicy, TencentClient, TencentReader, TencentVerifier, VerifyMode,
};
use bizlicense::wechat::{BackoffPolicy, WechatClient};
use bizlicense::{LicenseImage, LicenseReader, Pipeline, RegistryVerifier, VerifyQuery};
use serde_json::{Value, json};
use tracing_subscriber::fmt::format::FmtSpan;

const TC_ID: &str = "AKIDhygiene0000000000000000000000001";
const TC_KEY: &str = "hygKEY-7f3a9c1e5b2d4f6a8c0e2468ace";
const TC_WRONG_KEY: &str = "hygWRONGKEY-13579bdf02468ace1357";
const WX_APP: &str = "wxhygiene00000001";
const WX_SECRET: &str = "hygSECRET-0a1b2c3d4e5f60718293a4b5c6";
const WX_WRONG_SECRET: &str = "hygWRONGSECRET-ffeeddccbbaa99887766";

/// Everything the tracing subscriber writes, shared with the test.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("log buffer")).into_owned()
    }
}

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Buffer {
    type Writer = Buffer;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Display and Debug of an error and of every error in its source chain.
fn error_text(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = format!("{e}\n{e:?}");
    let mut cur = e.source();
    while let Some(s) = cur {
        out.push_str(&format!("\n{s}\n{s:?}"));
        cur = s.source();
    }
    out
}

async fn add_fault(base: &str, rule: Value) {
    let r = reqwest::Client::new()
        .post(format!("{base}/_emulator/faults"))
        .json(&rule)
        .send()
        .await
        .expect("POST /_emulator/faults");
    assert!(r.status().is_success(), "fault rule {rule} rejected");
}

async fn clear_faults(base: &str) {
    reqwest::Client::new()
        .delete(format!("{base}/_emulator/faults"))
        .send()
        .await
        .expect("DELETE /_emulator/faults");
}

async fn first_fixture_url(base: &str) -> String {
    let list: Value = reqwest::get(format!("{base}/_emulator/fixtures"))
        .await
        .expect("GET fixtures")
        .json()
        .await
        .expect("fixtures JSON");
    list[0]["image_url"].as_str().expect("image_url").to_owned()
}

fn tencent(base: &str, key: &str) -> TencentClient {
    TencentClient::builder()
        .credentials(Credentials::new(TC_ID, key))
        .endpoint(base)
        .timeout(Duration::from_millis(500))
        .retry(RetryPolicy::new(2, Duration::from_millis(5)))
        .build()
        .expect("tencent client")
}

fn wechat(base: &str, secret: &str) -> WechatClient {
    WechatClient::builder()
        .app_id(WX_APP)
        .app_secret(secret)
        .api_base(base)
        .timeout(Duration::from_millis(500))
        .backoff(BackoffPolicy::new(
            1,
            Duration::from_millis(5),
            Duration::from_millis(10),
        ))
        .build()
        .expect("wechat client")
}

#[tokio::test]
async fn no_secret_or_token_in_trace_logs_errors_or_debug() {
    let logs = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::FULL)
        .with_writer(logs.clone())
        .with_ansi(false)
        .finish();
    // Thread-local: this test runs on tokio's current-thread runtime, so the clients, the
    // decorators and the in-process emulator all log into `logs`.
    let _guard = tracing::subscriber::set_default(subscriber);

    tokio::time::timeout(Duration::from_secs(60), scenario(logs))
        .await
        .expect("the scenario hung");
}

async fn scenario(logs: Buffer) {
    let config = EmulatorConfig::default()
        .with_tencent_secret(TC_ID, TC_KEY)
        .with_wechat_app(WX_APP, WX_SECRET);
    let (base, emulator) = Emulator::start(config).await.expect("emulator");
    let image_url = first_fixture_url(&base).await;
    let by_url = LicenseImage::from_url(image_url.clone()).expect("url image");
    let fixture_bytes = reqwest::get(&image_url)
        .await
        .expect("GET image")
        .bytes()
        .await
        .expect("image bytes");
    let by_bytes = LicenseImage::from_bytes(fixture_bytes.to_vec()).expect("fixture image");

    let tc = tencent(&base, TC_KEY);
    let wx = wechat(&base, WX_SECRET);
    let mut texts: Vec<(String, String)> = Vec::new();
    let mut tokens: Vec<String> = Vec::new();

    // 1. A full pipeline: WeChat OCR by upload, Tencent detailed verify, reconcile, every
    //    provider instrumented.
    let pipeline = Pipeline::new(
        wx.reader().instrumented(),
        TencentVerifier::new(tc.clone(), VerifyMode::Detailed).instrumented(),
        Engine::default(),
    );
    let outcome = pipeline.run(&by_bytes).await.expect("pipeline");
    texts.push(("pipeline outcome Debug".into(), format!("{outcome:?}")));
    let first = wx.token_manager().access_token().await.expect("token");
    tokens.push(first.expose_secret().to_owned());
    texts.push(("AccessToken Debug".into(), format!("{first:?}")));

    // 2. The other provider pair, directly: Tencent OCR by bytes and by URL, WeChat by URL.
    let scan = TencentReader::new(tc.clone())
        .read(&by_bytes)
        .await
        .expect("tencent ocr");
    texts.push(("tencent scan Debug".into(), format!("{scan:?}")));
    let scan = TencentReader::new(tc.clone())
        .read(&by_url)
        .await
        .expect("tencent ocr by url");
    let code = scan.credit_code.clone().expect("credit code");
    let record = TencentVerifier::new(tc.clone(), VerifyMode::Basic)
        .verify(&VerifyQuery::by_code(code.clone()))
        .await
        .expect("tencent verify");
    texts.push(("tencent record Debug".into(), format!("{record:?}")));
    let out = wx.bizlicense(&by_url).await.expect("wechat by url");
    texts.push(("wechat output Debug".into(), format!("{out:?}")));

    // 3. Token expiry mid-flight: the emulator expires every token and answers 42001 once; the
    //    client refreshes and retries with a new token.
    let fetches_before = wx.token_manager().fetch_count();
    add_fault(
        &base,
        json!({"route": "/cv/ocr/bizlicense", "kind": "token_expired", "count": 1}),
    )
    .await;
    let out = wx.bizlicense(&by_url).await.expect("refresh then success");
    texts.push(("wechat output after refresh".into(), format!("{out:?}")));
    assert!(
        wx.token_manager().fetch_count() > fetches_before,
        "the token was not refreshed"
    );
    let second = wx.token_manager().access_token().await.expect("token");
    assert_ne!(
        first.expose_secret(),
        second.expose_secret(),
        "the emulator did not issue a new token"
    );
    tokens.push(second.expose_secret().to_owned());

    // 4. Failing calls of every flavour.
    let mut errors = Vec::new();
    // A wrong SecretKey: the signature check fails.
    errors.push(
        TencentReader::new(tencent(&base, TC_WRONG_KEY))
            .read(&by_bytes)
            .await
            .expect_err("wrong key"),
    );
    // A wrong AppSecret: the token endpoint refuses.
    let bad_wx = wechat(&base, WX_WRONG_SECRET);
    errors.push(bad_wx.bizlicense(&by_url).await.expect_err("wrong secret"));
    texts.push((
        "wechat client with wrong secret".into(),
        format!("{bad_wx:?}"),
    ));
    // Gateway pages, dropped connections, garbage and timeouts on both providers.
    for kind in [
        json!({"kind": "http_status", "status": 502}),
        json!({"kind": "drop"}),
        json!({"kind": "malformed"}),
        json!({"kind": "truncated"}),
        json!({"kind": "latency", "ms": 2000}),
        json!({"kind": "rate_limit"}),
    ] {
        let mut rule = kind.clone();
        rule["route"] = json!("*");
        add_fault(&base, rule).await;
        errors.push(
            wx.bizlicense(&by_url)
                .await
                .expect_err(&format!("wechat under {kind}")),
        );
        errors.push(
            TencentVerifier::new(tc.clone(), VerifyMode::Detailed)
                .verify(&VerifyQuery::by_code(code.clone()))
                .await
                .expect_err(&format!("tencent under {kind}")),
        );
        clear_faults(&base).await;
    }
    // Token expiry on every OCR call: the refresh happens, the retry fails again.
    add_fault(
        &base,
        json!({"route": "/cv/ocr/bizlicense", "kind": "token_expired"}),
    )
    .await;
    errors.push(wx.bizlicense(&by_url).await.expect_err("42001 twice"));
    clear_faults(&base).await;
    let third = wx.token_manager().access_token().await.expect("token");
    tokens.push(third.expose_secret().to_owned());

    assert!(errors.len() >= 14, "not every failing call failed");
    for e in &errors {
        texts.push((format!("error {}", e.kind()), error_text(e)));
    }
    for (what, client) in [
        ("TencentClient Debug", format!("{tc:?}")),
        ("WechatClient Debug", format!("{wx:?}")),
        ("TokenManager Debug", format!("{:?}", wx.token_manager())),
        ("WechatReader Debug", format!("{:?}", wx.reader())),
        (
            "TencentReader Debug",
            format!("{:?}", TencentReader::new(tc.clone())),
        ),
        (
            "Credentials Debug",
            format!("{:?}", Credentials::new(TC_ID, TC_KEY)),
        ),
    ] {
        texts.push((what.to_owned(), client));
    }
    emulator.shutdown().await;

    let log = logs.text();
    // The capture works and saw the calls (otherwise "no secret found" would prove nothing).
    for needle in [
        "tencent.call",
        "wechat.ocr",
        "wechat.token_fetch",
        TC_ID,
        WX_APP,
    ] {
        assert!(
            log.contains(needle) || texts.iter().any(|(_, t)| t.contains(needle)),
            "the captured output never mentions {needle}"
        );
    }
    assert!(
        log.contains("TRACE") || log.contains("DEBUG"),
        "no TRACE/DEBUG lines captured"
    );
    texts.push(("TRACE log".into(), log));

    let mut secrets: Vec<(&str, String)> = vec![
        ("Tencent SecretKey", TC_KEY.to_owned()),
        ("wrong Tencent SecretKey", TC_WRONG_KEY.to_owned()),
        ("WeChat AppSecret", WX_SECRET.to_owned()),
        ("wrong WeChat AppSecret", WX_WRONG_SECRET.to_owned()),
    ];
    tokens.sort();
    tokens.dedup();
    assert!(tokens.len() >= 2, "expected at least two distinct tokens");
    for t in tokens {
        assert!(t.len() >= 8, "token {t:?} too short to search for");
        secrets.push(("access token", t));
    }
    for (what, text) in &texts {
        for (name, secret) in &secrets {
            if let Some(at) = text.find(secret.as_str()) {
                let start = text[..at]
                    .char_indices()
                    .rev()
                    .nth(120)
                    .map_or(0, |(i, _)| i);
                let end = (at + secret.len() + 40).min(text.len());
                let end = (end..=text.len())
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap_or(text.len());
                panic!("{what} leaks the {name}: ...{}...", &text[start..end]);
            }
        }
    }
}

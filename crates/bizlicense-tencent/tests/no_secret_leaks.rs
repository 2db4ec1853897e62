//! No secret key or session token in any Debug, log line or error, on success or failure.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use bizlicense_core::{RegistryVerifier, VerifyQuery};
use bizlicense_tencent::{TencentClient, TencentVerifier, VerifyMode};
use common::*;
use wiremock::matchers::{body_string_contains, method};
use wiremock::{Mock, MockServer};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn assert_clean(what: &str, text: &str) {
    assert!(
        !text.contains(SECRET_KEY),
        "{what} leaks the secret key: {text}"
    );
    assert!(
        !text.contains(TOKEN),
        "{what} leaks the session token: {text}"
    );
}

#[tokio::test]
async fn secrets_never_reach_logs_debug_or_errors() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    Mock::given(body_string_contains("91440300MA5G00001W"))
        .respond_with(error("AuthFailure.SignatureFailure", "bad signature"))
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(json(load("seed/verify_basic_by_fields.json")))
        .with_priority(2)
        .mount(&server)
        .await;
    let client = client(&server);
    let v = TencentVerifier::new(client.clone(), VerifyMode::Basic);

    let ok = v
        .verify(&VerifyQuery::by_code("911101085636549482"))
        .await
        .unwrap();
    let err = v
        .verify(&VerifyQuery::by_code("91440300MA5G00001W"))
        .await
        .unwrap_err();
    let net_err = TencentVerifier::new(
        TencentClient::builder()
            .credentials(
                bizlicense_tencent::Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN),
            )
            .endpoint("http://127.0.0.1:1")
            .retry(bizlicense_tencent::RetryPolicy::none())
            .build()
            .unwrap(),
        VerifyMode::Basic,
    )
    .verify(&VerifyQuery::by_code("911101085636549482"))
    .await
    .unwrap_err();

    for (what, text) in [
        ("client Debug", format!("{client:?}")),
        ("verifier Debug", format!("{v:?}")),
        ("record Debug", format!("{ok:?}")),
        ("error Display", err.to_string()),
        ("error Debug", format!("{err:?}")),
        ("network error Display", net_err.to_string()),
        ("network error Debug", format!("{net_err:?}")),
        (
            "builder Debug",
            format!(
                "{:?}",
                TencentClient::builder().credentials(
                    bizlicense_tencent::Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN)
                )
            ),
        ),
    ] {
        assert_clean(what, &text);
    }

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert_clean("the logs", &logs);
    // The logs are useful: span with provider, action, request id, latency and outcome.
    for needle in [
        "tencent.call",
        "provider=\"tencent.verify_basic\"",
        "action=\"VerifyBasicBizLicense\"",
        "8d9627c4-eb52-4a8d-8565-5b07ad436c9f",
        "outcome=\"ok\"",
        "outcome=\"auth\"",
        "outcome=\"network\"",
        "latency_ms",
        "AuthFailure.SignatureFailure",
    ] {
        assert!(
            logs.contains(needle),
            "{needle:?} missing from the logs:\n{logs}"
        );
    }
}

//! The AppSecret and access tokens never reach logs (TRACE), `Debug` output or errors.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use bizlicense_core::LicenseImage;
use common::*;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
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

fn assert_clean(what: &str, text: &str) {
    assert!(
        !text.contains(APP_SECRET),
        "{what} leaks the AppSecret:\n{text}"
    );
    assert!(
        !text.contains("TOKEN-"),
        "{what} leaks an access token:\n{text}"
    );
}

fn error_text(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = format!("{e} | {e:?}");
    let mut cur = e.source();
    while let Some(s) = cur {
        out.push_str(&format!(" | {s} | {s:?}"));
        cur = s.source();
    }
    out
}

#[tokio::test]
async fn no_secret_in_trace_logs_debug_or_errors() {
    let logs = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(logs.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let h = harness().await;
    let url = LicenseImage::from_url("https://img.example.com/l.jpg").unwrap();
    // Success, by URL and by upload.
    h.client.bizlicense(&url).await.unwrap();
    h.client.bizlicense(&png()).await.unwrap();
    // A 40001 with a token refresh.
    h.tokens.invalidate_all();
    h.client.bizlicense(&url).await.unwrap();
    let token = h.client.token_manager().access_token().await.unwrap();
    assert!(token.expose_secret().starts_with("TOKEN-"));

    let mut errors = Vec::new();
    // An error answer that echoes the token and the secret back (a hostile proxy page).
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/cgi-bin/stable_token"))
        .respond_with(TokenServer::new())
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/cv/ocr/bizlicense"))
        .respond_with(ResponseTemplate::new(500).set_body_string(format!(
            "<html>bad request ?access_token={}&secret={APP_SECRET}</html>",
            TokenServer::token(1)
        )))
        .mount(&server)
        .await;
    let clock = bizlicense_wechat::ManualClock::new(t0());
    let c = builder(&server, &clock).build().unwrap();
    errors.push(c.bizlicense(&url).await.unwrap_err());
    // errmsg echoing the token.
    let server2 = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/cgi-bin/stable_token"))
        .respond_with(TokenServer::new())
        .mount(&server2)
        .await;
    Mock::given(method("POST"))
        .and(path("/cv/ocr/bizlicense"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "errcode": 101000, "errmsg": format!("invalid image url for {}", TokenServer::token(1))
        })))
        .mount(&server2)
        .await;
    let c2 = builder(&server2, &clock).build().unwrap();
    errors.push(c2.bizlicense(&url).await.unwrap_err());
    // A token-endpoint error echoing the secret.
    let server3 = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/cgi-bin/stable_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "errcode": 40125, "errmsg": format!("invalid appsecret {APP_SECRET}")
        })))
        .mount(&server3)
        .await;
    let c3 = builder(&server3, &clock).build().unwrap();
    errors.push(c3.bizlicense(&url).await.unwrap_err());
    // A connection error (reqwest errors carry the URL unless stripped).
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        drop(l);
        format!("http://127.0.0.1:{port}")
    };
    let c4 = bizlicense_wechat::WechatClient::builder()
        .app_id(APP_ID)
        .app_secret(APP_SECRET)
        .api_base(dead)
        .token_endpoint(bizlicense_wechat::TokenEndpoint::Classic)
        .build()
        .unwrap();
    errors.push(c4.bizlicense(&url).await.unwrap_err());

    assert_eq!(errors.len(), 4);
    for e in &errors {
        assert_clean("an error", &error_text(e));
    }
    assert_eq!(
        errors[3].kind(),
        bizlicense_core::ErrorKind::Network,
        "{}",
        errors[3]
    );

    assert_clean("Debug of the client", &format!("{:?}", h.client));
    assert_clean("Debug of the token", &format!("{token:?}"));
    assert_clean(
        "Debug of the manager",
        &format!("{:?}", h.client.token_manager()),
    );
    assert_clean(
        "Debug of a builder",
        &format!(
            "{:?}",
            bizlicense_wechat::WechatClient::builder().app_secret(APP_SECRET)
        ),
    );

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(text.contains("wechat.ocr"), "spans were captured:\n{text}");
    assert!(
        text.contains("access_token=[REDACTED]"),
        "the logged URL is redacted:\n{text}"
    );
    assert!(text.contains("TRACE") || text.contains("DEBUG"), "{text}");
    assert_clean("the TRACE log", &text);
}

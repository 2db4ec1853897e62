//! The token manager against a scripted token endpoint: caching, refresh-ahead, single flight,
//! the 40001 storm, fail-fast endpoint errors, leases.

mod common;

use std::sync::Arc;
use std::time::Duration;

use bizlicense_core::{ErrorKind, LicenseImage};
use bizlicense_wechat::{MemoryTokenStore, TokenEndpoint, TokenStore};
use common::*;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn url_image() -> LicenseImage {
    LicenseImage::from_url("https://img.example.com/license.jpg").unwrap()
}

#[tokio::test]
async fn stable_token_request_has_the_documented_shape_and_is_cached() {
    let server = MockServer::start().await;
    let tokens = TokenServer::new();
    Mock::given(method("POST"))
        .and(path("/cgi-bin/stable_token"))
        .and(body_json(serde_json::json!({
            "grant_type": "client_credential", "appid": APP_ID,
            "secret": APP_SECRET, "force_refresh": false
        })))
        .respond_with(tokens.clone())
        .expect(1)
        .mount(&server)
        .await;
    let clock = bizlicense_wechat::ManualClock::new(t0());
    let client = builder(&server, &clock).build().unwrap();
    let a = client.token_manager().access_token().await.unwrap();
    let b = client.token_manager().access_token().await.unwrap();
    assert_eq!(a.expose_secret(), TokenServer::token(1));
    assert!(a.same_token(&b));
    assert_eq!(a.expires_at(), t0() + jiff::SignedDuration::from_secs(7200));
    assert_eq!(client.token_manager().fetch_count(), 1);
}

#[tokio::test]
async fn classic_token_request_is_a_get_with_query() {
    let server = MockServer::start().await;
    let tokens = TokenServer::new();
    Mock::given(method("GET"))
        .and(path("/cgi-bin/token"))
        .and(query_param("grant_type", "client_credential"))
        .and(query_param("appid", APP_ID))
        .and(query_param("secret", APP_SECRET))
        .respond_with(tokens.clone())
        .expect(1)
        .mount(&server)
        .await;
    let clock = bizlicense_wechat::ManualClock::new(t0());
    let client = builder(&server, &clock)
        .token_endpoint(TokenEndpoint::Classic)
        .build()
        .unwrap();
    let t = client.token_manager().access_token().await.unwrap();
    assert_eq!(t.expose_secret(), TokenServer::token(1));
}

#[tokio::test]
async fn long_tokens_refresh_five_minutes_ahead() {
    let h = harness().await;
    let m = h.client.token_manager();
    m.access_token().await.unwrap();
    h.clock.advance(Duration::from_secs(7200 - 301));
    m.access_token().await.unwrap();
    assert_eq!(h.tokens.hits(), 1, "still fresh 301 s before expiry");
    h.clock.advance(Duration::from_secs(2));
    let t = m.access_token().await.unwrap();
    assert_eq!(h.tokens.hits(), 2, "refreshed 299 s before expiry");
    assert_eq!(t.expose_secret(), TokenServer::token(2));
}

#[tokio::test]
async fn short_tokens_refresh_at_half_their_lifetime() {
    let h = harness().await;
    *h.tokens.expires_in.lock().unwrap() = 345;
    let m = h.client.token_manager();
    m.access_token().await.unwrap();
    h.clock.advance(Duration::from_secs(172));
    m.access_token().await.unwrap();
    assert_eq!(
        h.tokens.hits(),
        1,
        "a 345 s token is used for half its life"
    );
    h.clock.advance(Duration::from_secs(1));
    m.access_token().await.unwrap();
    assert_eq!(h.tokens.hits(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_callers_through_an_expired_token_cause_one_fetch() {
    let server = MockServer::start().await;
    let mut tokens = TokenServer::new();
    tokens.delay = Duration::from_millis(50); // keep the fetch in flight while callers pile up
    let ocr = OcrServer::new(&tokens);
    mount(&server, &tokens, &ocr).await;
    let clock = bizlicense_wechat::ManualClock::new(t0());
    let client = builder(&server, &clock).build().unwrap();

    client.bizlicense(&url_image()).await.unwrap();
    assert_eq!(tokens.hits(), 1);
    clock.advance(Duration::from_secs(7200));

    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..200 {
        let c = client.clone();
        tasks.spawn(async move { c.bizlicense(&url_image()).await });
    }
    let mut ok = 0;
    while let Some(r) = tasks.join_next().await {
        r.unwrap().unwrap();
        ok += 1;
    }
    assert_eq!(ok, 200);
    assert_eq!(tokens.hits(), 2, "exactly one fetch for 200 callers");
    assert_eq!(client.token_manager().fetch_count(), 2);
    assert_eq!(ocr.hits(), 201);
    assert_eq!(ocr.rejected.load(std::sync::atomic::Ordering::SeqCst), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_40001_storm_refreshes_once_and_retries_each_call_at_most_once() {
    let server = MockServer::start().await;
    let tokens = TokenServer::new();
    let ocr = OcrServer::new(&tokens);
    mount(&server, &tokens, &ocr).await;
    let clock = bizlicense_wechat::ManualClock::new(t0());
    let client = builder(&server, &clock).build().unwrap();
    client.token_manager().access_token().await.unwrap();
    assert_eq!(tokens.hits(), 1);

    // The token dies server side (another process used the classic endpoint); 50 calls are
    // already in flight with it.
    tokens.invalidate_all();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..50 {
        let c = client.clone();
        tasks.spawn(async move { c.bizlicense(&url_image()).await });
    }
    while let Some(r) = tasks.join_next().await {
        let out = r.unwrap().unwrap();
        assert_eq!(out.response.enterprise_name.as_deref(), Some("XX饮食店"));
    }
    assert_eq!(tokens.hits(), 2, "one refresh for the whole storm");
    // Each call that went out with the dead token was rejected once and retried once with the
    // new one; on a busy machine a task may start only after the refresh and never see the dead
    // token. Either way: no call retried twice, and at least the first one met the dead token.
    let rejected = ocr.rejected.load(std::sync::atomic::Ordering::SeqCst);
    assert!((1..=50).contains(&rejected), "{rejected} rejections");
    assert_eq!(
        ocr.hits(),
        50 + rejected,
        "one retry per rejected call, none for the others"
    );
}

#[tokio::test]
async fn a_token_that_keeps_failing_is_retried_once_then_auth_error() {
    let h = harness().await;
    // Issue tokens the OCR endpoint never accepts.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/cgi-bin/stable_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            serde_json::json!({"access_token": "NEVER-VALID-1", "expires_in": 7200}),
        ))
        .mount(&server)
        .await;
    let ocr = OcrServer::new(&h.tokens);
    Mock::given(method("POST"))
        .and(path("/cv/ocr/bizlicense"))
        .respond_with(ocr.clone())
        .mount(&server)
        .await;
    let client = builder(&server, &h.clock).build().unwrap();
    let err = client.bizlicense(&url_image()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert_eq!(err.code(), Some("40001"));
    assert_eq!(err.request_id(), Some("66a0-0001"));
    assert_eq!(ocr.hits(), 2, "one retry, no loop");
    // The stable endpoint returned the same (rejected) token, so a forced refresh followed.
    let forced = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/cgi-bin/stable_token")
        .map(|r| {
            serde_json::from_slice::<serde_json::Value>(&r.body).unwrap()["force_refresh"].clone()
        })
        .collect::<Vec<_>>();
    assert_eq!(
        forced,
        vec![
            serde_json::json!(false),
            serde_json::json!(false),
            serde_json::json!(true)
        ]
    );
}

#[tokio::test]
async fn token_endpoint_errors_fail_fast_with_what_to_fix() {
    let cases: &[(i64, ErrorKind, &str)] = &[
        (40001, ErrorKind::Auth, "AppSecret is wrong"),
        (40125, ErrorKind::Auth, "invalid AppSecret"),
        (40164, ErrorKind::Config, "IP whitelist"),
        (89503, ErrorKind::Config, "whitelist"),
        (40013, ErrorKind::Config, "WECHAT_APP_ID"),
    ];
    for &(code, kind, hint) in cases {
        let h = harness().await;
        *h.tokens.error.lock().unwrap() = Some(serde_json::json!({
            "errcode": code, "errmsg": format!("error {code} rid: r-{code}")
        }));
        let err = h.client.bizlicense(&url_image()).await.unwrap_err();
        assert_eq!(err.kind(), kind, "{code}: {err}");
        assert_eq!(err.code(), Some(code.to_string().as_str()), "{code}");
        assert_eq!(err.provider(), "wechat");
        assert!(err.message().contains(hint), "{code}: {err}");
        assert!(
            err.message().contains(APP_ID),
            "{code}: names the AppID: {err}"
        );
        assert_eq!(h.tokens.hits(), 1, "{code}: no retry loop");
        assert_eq!(h.ocr.hits(), 0, "{code}: no OCR call without a token");
    }
}

#[tokio::test]
async fn token_endpoint_garbage_is_a_protocol_error() {
    for (template, want) in [
        (
            ResponseTemplate::new(502).set_body_string("<html>bad gateway</html>"),
            "HTTP 502",
        ),
        (
            ResponseTemplate::new(200).set_body_string("<html>login</html>"),
            "HTML",
        ),
        (
            ResponseTemplate::new(200).set_body_string("{\"access_token\":\"ab"),
            "truncated",
        ),
        (
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"expires_in": 7200})),
            "without an access_token",
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/cgi-bin/stable_token"))
            .respond_with(template)
            .mount(&server)
            .await;
        let clock = bizlicense_wechat::ManualClock::new(t0());
        let client = builder(&server, &clock).build().unwrap();
        let err = client.token_manager().access_token().await.unwrap_err();
        let kind = if want.starts_with("HTTP 5") {
            ErrorKind::Unavailable
        } else {
            ErrorKind::Protocol
        };
        assert_eq!(err.kind(), kind, "{err}");
        assert!(err.to_string().contains(want), "{want}: {err}");
    }
}

#[tokio::test]
async fn clients_sharing_a_store_share_the_token() {
    let h = harness().await;
    let store: Arc<MemoryTokenStore> = Arc::new(MemoryTokenStore::new());
    let a = builder(&h.server, &h.clock)
        .token_store(Arc::clone(&store))
        .build()
        .unwrap();
    let b = builder(&h.server, &h.clock)
        .token_store(Arc::clone(&store))
        .build()
        .unwrap();
    let ta = a.token_manager().access_token().await.unwrap();
    let tb = b.token_manager().access_token().await.unwrap();
    assert!(ta.same_token(&tb));
    assert_eq!(h.tokens.hits(), 1);
    assert_eq!(b.token_manager().fetch_count(), 0);
}

#[tokio::test]
async fn waits_for_another_holders_refresh_instead_of_fetching() {
    let h = harness().await;
    let store: Arc<MemoryTokenStore> = Arc::new(MemoryTokenStore::new());
    let client = builder(&h.server, &h.clock)
        .token_store(Arc::clone(&store))
        .refresh_lease(Duration::from_secs(30), Duration::from_secs(20))
        .build()
        .unwrap();
    let key = client.token_manager().store_key().to_owned();
    // "Another process" holds the lease and stores its token a little later.
    assert!(
        store
            .acquire_lease(&key, "other-process", Duration::from_secs(30))
            .await
            .unwrap()
    );
    let other = Arc::clone(&store);
    let key2 = key.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(30)).await;
        let token = bizlicense_wechat::AccessToken::new(
            "FROM-OTHER-PROCESS",
            t0(),
            t0() + jiff::SignedDuration::from_secs(7200),
        );
        other.compare_and_set(&key2, None, token).await.unwrap();
        other.release_lease(&key2, "other-process").await.unwrap();
    });
    let t = client.token_manager().access_token().await.unwrap();
    assert_eq!(t.expose_secret(), "FROM-OTHER-PROCESS");
    assert_eq!(h.tokens.hits(), 0);
}

#[tokio::test]
async fn a_crashed_holders_lease_expires_and_we_refresh() {
    let h = harness().await;
    let store: Arc<MemoryTokenStore> = Arc::new(MemoryTokenStore::new());
    let client = builder(&h.server, &h.clock)
        .token_store(Arc::clone(&store))
        .refresh_lease(Duration::from_secs(30), Duration::from_millis(60))
        .build()
        .unwrap();
    let key = client.token_manager().store_key().to_owned();
    // Holder crashed: its 20 ms lease is never released and no token is stored.
    assert!(
        store
            .acquire_lease(&key, "crashed", Duration::from_millis(20))
            .await
            .unwrap()
    );
    let t = client.token_manager().access_token().await.unwrap();
    assert_eq!(t.expose_secret(), TokenServer::token(1));
    assert_eq!(h.tokens.hits(), 1);
}

#[tokio::test]
async fn a_lease_held_forever_gives_a_bounded_error() {
    let h = harness().await;
    let store: Arc<MemoryTokenStore> = Arc::new(MemoryTokenStore::new());
    let client = builder(&h.server, &h.clock)
        .token_store(Arc::clone(&store))
        .refresh_lease(Duration::from_secs(30), Duration::from_millis(20))
        .build()
        .unwrap();
    let key = client.token_manager().store_key().to_owned();
    assert!(
        store
            .acquire_lease(&key, "stuck", Duration::from_secs(3600))
            .await
            .unwrap()
    );
    let err = client.token_manager().access_token().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unavailable);
    assert!(err.to_string().contains("lease"), "{err}");
    assert_eq!(h.tokens.hits(), 0);
}

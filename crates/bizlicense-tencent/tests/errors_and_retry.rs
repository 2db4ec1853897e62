//! Error envelopes, broken answers, transport failures, and which of them are retried.

mod common;

use std::time::Duration;

use bizlicense_core::{ErrorKind, RegistryVerifier, VerifyQuery};
use bizlicense_tencent::{RetryPolicy, TencentVerifier, VerifyMode};
use common::*;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

fn query() -> VerifyQuery {
    VerifyQuery::by_code("911101085636549482").with_name("腾讯云计算（北京）有限责任公司")
}

/// Answer `first` once, then success; return the error (if any) and how many requests were made.
async fn run(
    first: ResponseTemplate,
    times: u64,
) -> (Result<(), bizlicense_core::ProviderError>, usize) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(first)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(json(load("seed/verify_basic_by_fields.json")))
        .with_priority(2)
        .mount(&server)
        .await;
    let v = TencentVerifier::new(client(&server), VerifyMode::Basic);
    let r = v.verify(&query()).await.map(|_| ());
    (r, server.received_requests().await.unwrap().len())
}

#[tokio::test]
async fn retried_codes_succeed_on_the_next_attempt() {
    for code in [
        "RequestLimitExceeded",
        "RequestLimitExceeded.UinLimitExceeded",
        "InternalError",
    ] {
        let (r, n) = run(error(code, "transient"), 1).await;
        assert!(r.is_ok(), "{code}: {r:?}");
        assert_eq!(n, 2, "{code} should be retried once");
    }
}

#[tokio::test]
async fn retries_stop_at_max_attempts() {
    let (r, n) = run(error("InternalError", "down"), 10).await;
    let e = r.unwrap_err();
    assert_eq!(n, 3);
    assert_eq!(e.kind(), ErrorKind::Unavailable);
    assert_eq!(e.code(), Some("InternalError"));
    assert_eq!(e.request_id(), Some("req-InternalError"));
}

#[tokio::test]
async fn never_retried_codes_fail_after_one_request() {
    let cases = [
        ("AuthFailure.SignatureFailure", ErrorKind::Auth),
        ("AuthFailure.SecretIdNotFound", ErrorKind::Auth),
        ("AuthFailure.SignatureExpire", ErrorKind::Config),
        ("InvalidParameter", ErrorKind::InvalidInput),
        (
            "InvalidParameterValue.InvalidParameterValueLimit",
            ErrorKind::InvalidInput,
        ),
        ("FailedOperation.QueryNoRecord", ErrorKind::NotFound),
        ("ResourcesSoldOut.ChargeStatusException", ErrorKind::Billing),
        ("ResourceUnavailable.InArrears", ErrorKind::Billing),
        ("FailedOperation.UnOpenError", ErrorKind::Config),
        ("FailedOperation.DownLoadError", ErrorKind::ImageRejected),
        ("LimitExceeded.TooLargeFileError", ErrorKind::InvalidInput),
        (
            "FailedOperation.DataSourceQueryFailed",
            ErrorKind::Unavailable,
        ),
    ];
    for (code, kind) in cases {
        let (r, n) = run(error(code, "nope"), 1).await;
        let e = r.unwrap_err();
        assert_eq!(n, 1, "{code} must not be retried");
        assert_eq!(e.kind(), kind, "{code}");
        assert_eq!(e.code(), Some(code));
        assert_eq!(e.provider(), "tencent.verify_basic");
        assert_eq!(e.request_id(), Some(format!("req-{code}").as_str()));
        assert!(!e.is_retryable(), "{code}");
    }
}

#[tokio::test]
async fn protocol_errors_say_what_was_received() {
    let cases = [
        (
            ResponseTemplate::new(200).set_body_raw("<!DOCTYPE html><h1>Gateway</h1>", "text/html"),
            "an HTML page",
        ),
        (
            ResponseTemplate::new(200)
                .set_body_raw(r#"{"Response": {"Entname": "腾"#, "application/json"),
            "truncated JSON",
        ),
        (
            ResponseTemplate::new(200).set_body_raw("", "application/json"),
            "an empty body",
        ),
        (
            ResponseTemplate::new(404).set_body_raw("no such route", "text/plain"),
            "unexpected HTTP status 404",
        ),
        (
            json(serde_json::json!({"Response": {"Entname": 5, "RequestId": "r-shape"}})),
            "unexpected shape",
        ),
    ];
    for (template, needle) in cases {
        let (r, n) = run(template, 1).await;
        let e = r.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Protocol, "{needle}");
        assert!(
            e.message().contains(needle),
            "{needle:?} not in {}",
            e.message()
        );
        assert_eq!(n, 1, "{needle}: protocol errors are not retried");
    }
}

#[tokio::test]
async fn gateway_errors_are_retried() {
    let (r, n) = run(ResponseTemplate::new(503).set_body_string("busy"), 1).await;
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(n, 2);
}

#[tokio::test]
async fn unknown_fields_are_tolerated() {
    let mut body = load("seed/verify_basic_by_fields.json");
    body["Response"]["BrandNewField"] = serde_json::json!({"nested": [1, 2]});
    let (r, n) = run(json(body), 1).await;
    assert!(r.is_ok(), "{r:?}");
    assert_eq!(n, 1);
}

#[tokio::test]
async fn connection_refused_is_network_and_retried() {
    // Bind then drop a listener: nothing listens on that port any more.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let client = bizlicense_tencent::TencentClient::builder()
        .credentials(bizlicense_tencent::Credentials::new(SECRET_ID, SECRET_KEY))
        .endpoint(format!("http://127.0.0.1:{port}"))
        .retry(RetryPolicy::new(2, Duration::from_millis(1)))
        .build()
        .unwrap();
    let e = TencentVerifier::new(client, VerifyMode::Basic)
        .verify(&query())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Network);
    assert!(e.is_retryable());
    assert_eq!(e.provider(), "tencent.verify_basic");
    assert!(e.message().contains(&port.to_string()), "{}", e.message());
}

#[tokio::test]
async fn slow_answers_time_out() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            json(load("seed/verify_basic_by_fields.json")).set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let client = bizlicense_tencent::TencentClient::builder()
        .credentials(bizlicense_tencent::Credentials::new(SECRET_ID, SECRET_KEY))
        .endpoint(server.uri())
        .timeout(Duration::from_millis(50))
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let e = TencentVerifier::new(client, VerifyMode::Basic)
        .verify(&query())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Timeout);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn unsuccessful_status_codes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json(
            serde_json::json!({"Response": {"StatusCode": 2, "RequestId": "r-2"}}),
        ))
        .mount(&server)
        .await;
    let v = TencentVerifier::new(client(&server), VerifyMode::Enterprise3);
    let e = v.verify(&query()).await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotFound);
    assert_eq!(e.request_id(), Some("r-2"));
    assert_eq!(e.provider(), "tencent.enterprise3");
}

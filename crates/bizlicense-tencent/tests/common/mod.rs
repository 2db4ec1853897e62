//! Shared helpers: a client pointed at a local wiremock server, fixtures, response templates.
#![allow(dead_code)]

use std::time::Duration;

use bizlicense_tencent::{Credentials, RetryPolicy, TencentClient};
use serde_json::Value;
use wiremock::{MockServer, ResponseTemplate};

pub const SECRET_ID: &str = "AKIDtestSECRETIDvisible";
pub const SECRET_KEY: &str = "SECRETKEY-must-never-appear-0123456789";
pub const TOKEN: &str = "SESSIONTOKEN-must-never-appear-abcdef";
pub const NOW: i64 = 1_700_000_000;

pub fn load(path: &str) -> Value {
    let full = format!("{}/testdata/{path}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&full).unwrap()).unwrap()
}

pub fn client(server: &MockServer) -> TencentClient {
    client_with(server, RetryPolicy::new(3, Duration::from_millis(1)))
}

pub fn client_with(server: &MockServer, retry: RetryPolicy) -> TencentClient {
    TencentClient::builder()
        .credentials(Credentials::new(SECRET_ID, SECRET_KEY).with_token(TOKEN))
        .endpoint(server.uri())
        .clock(|| NOW)
        .retry(retry)
        .build()
        .unwrap()
}

pub fn json(v: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(serde_json::to_vec(&v).unwrap(), "application/json")
}

pub fn error(code: &str, message: &str) -> ResponseTemplate {
    json(
        serde_json::json!({"Response": {"Error": {"Code": code, "Message": message},
        "RequestId": format!("req-{code}")}}),
    )
}

//! Signing vectors produced by the official Tencent Cloud Python SDK.
//!
//! `testdata/sign/sdk_ocr_vector.json` was produced by `testdata/sign/make_sdk_vector.py`:
//!
//! ```text
//! python3 -m venv /tmp/tc-venv
//! /tmp/tc-venv/bin/pip install tencentcloud-sdk-python-common     # 3.1.195
//! /tmp/tc-venv/bin/python testdata/sign/make_sdk_vector.py > testdata/sign/sdk_ocr_vector.json
//! ```
//!
//! The script points the SDK's `CommonClient("ocr", "2018-11-19", ...)` at a loopback HTTP
//! server with `HttpProfile(protocol="http", endpoint="127.0.0.1:PORT")`, pins `time.time`, calls
//! `VerifyBasicBizLicense`, and records the request exactly as it arrived (Host with port, raw
//! body bytes, Authorization).

use bizlicense_tencent::Credentials;
use bizlicense_tencent::sign::{self, ReceivedRequest};

fn vector() -> serde_json::Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/testdata/sign/sdk_ocr_vector.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn s<'a>(v: &'a serde_json::Value, k: &str) -> &'a str {
    v[k].as_str().unwrap_or_else(|| panic!("{k} missing"))
}

#[test]
fn python_sdk_ocr_vector_signs_identically() {
    let v = vector();
    assert_eq!(s(&v, "service"), "ocr");
    let creds = Credentials::new(s(&v, "secret_id"), s(&v, "secret_key"));
    let signed = sign::sign(
        &creds,
        v["timestamp"].as_i64().unwrap(),
        s(&v, "host"),
        s(&v, "content_type"),
        s(&v, "body").as_bytes(),
        "ocr",
    );
    assert_eq!(signed.authorization, s(&v, "authorization"));
    assert_eq!(
        signed.timestamp,
        v["headers"]["X-TC-Timestamp"].as_str().unwrap()
    );
}

#[test]
fn python_sdk_ocr_vector_verifies_server_side() {
    let v = vector();
    let auth = sign::parse_authorization(s(&v, "authorization")).unwrap();
    assert_eq!(auth.service, "ocr");
    let ts = v["timestamp"].as_i64().unwrap();
    assert_eq!(auth.date, sign::utc_date(ts));
    let headers: Vec<(&str, &str)> = v["headers"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, val)| (k.as_str(), val.as_str().unwrap()))
        .collect();
    let req = ReceivedRequest {
        method: "POST",
        path: "/",
        query: "",
        headers: &headers,
        body: s(&v, "body").as_bytes(),
    };
    let expected = sign::expected_signature(s(&v, "secret_key"), &auth, ts, &req);
    assert!(sign::signatures_match(&expected, &auth.signature));
    let wrong = sign::expected_signature("not-the-key", &auth, ts, &req);
    assert!(!sign::signatures_match(&wrong, &auth.signature));
}

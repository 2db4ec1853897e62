//! `/_emulator/*`: fixtures, images, faults, stats and the test clock.

use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::IMAGES_PATH;
use crate::faults::Fault;
use crate::state::SharedState;

pub(crate) fn routes() -> Router<SharedState> {
    Router::new()
        .route("/_emulator/fixtures", get(fixtures))
        .route("/_emulator/images/{file}", get(image))
        .route(
            "/_emulator/faults",
            get(list_faults).post(add_faults).delete(clear_faults),
        )
        .route("/_emulator/stats", get(stats).delete(reset_stats))
        .route("/_emulator/clock", get(clock).post(advance_clock))
        .route("/_emulator/health", get(|| async { "ok" }))
}

fn bad_request(message: impl Into<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"error": message.into()})),
    )
        .into_response()
}

/// The `Host` the client used (so `image_url` works from where the client stands), or our
/// loopback address.
fn base_url(state: &SharedState, headers: &HeaderMap) -> String {
    match headers.get(header::HOST).and_then(|h| h.to_str().ok()) {
        Some(host) if !host.is_empty() => format!("http://{host}"),
        _ => format!("http://127.0.0.1:{}", state.port),
    }
}

/// `GET /_emulator/fixtures`: one object per license (the public contract in DESIGN.md).
async fn fixtures(State(state): State<SharedState>, headers: HeaderMap) -> Json<Value> {
    let base = base_url(&state, &headers);
    let list: Vec<Value> = state
        .fixtures
        .licenses()
        .iter()
        .map(|lic| {
            let company = state.fixtures.company_for(lic);
            let o = &lic.ocr;
            json!({
                "id": lic.id,
                "image_url": format!("{base}{IMAGES_PATH}{}", lic.file_name),
                "sha256": lic.sha256,
                "credit_code": company.map(|c| c.credit_code.as_str()),
                "name": company.map(|c| c.name.as_str()),
                "ocr": {
                    "credit_code": o.credit_code,
                    "name": o.name,
                    "legal_representative": o.legal_representative,
                    "address": o.address,
                },
                "format": lic.format.extension(),
                "note": lic.note,
                "warnings": o.warnings,
                "registry": company.map(|c| json!({
                    "reg_no": c.reg_no,
                    "legal_representative": c.legal_representative,
                    "address": c.address,
                    "status": c.status,
                })),
            })
        })
        .collect();
    Json(Value::Array(list))
}

/// `GET /_emulator/images/{file}`: a fixture image.
async fn image(State(state): State<SharedState>, Path(file): Path<String>) -> Response {
    match state.fixtures.license_by_file(&file) {
        Some(lic) => (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static(lic.format.mime_type()),
            )],
            Body::from(lic.image()),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such fixture image").into_response(),
    }
}

async fn list_faults(State(state): State<SharedState>) -> Json<Vec<Fault>> {
    Json(state.faults.list())
}

/// `POST /_emulator/faults` with one rule or a list of rules.
async fn add_faults(State(state): State<SharedState>, body: axum::body::Bytes) -> Response {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(Fault),
        Many(Vec<Fault>),
    }
    let rules = match serde_json::from_slice::<OneOrMany>(&body) {
        Ok(OneOrMany::One(f)) => vec![f],
        Ok(OneOrMany::Many(v)) => v,
        Err(_) => {
            return bad_request(
                "expected a fault rule like {\"route\": \"BizLicenseOCR\", \"kind\": \"rate_limit\", \"count\": 1} \
                 (kinds: latency{ms}, http_status{status}, drop, rate_limit{errcode?}, malformed, truncated, token_expired) or a list of them",
            );
        }
    };
    for r in &rules {
        if let Err(e) = r.validate() {
            return bad_request(e);
        }
    }
    let n = rules.len();
    for r in rules {
        state.faults.add(r);
    }
    (
        StatusCode::CREATED,
        Json(json!({"added": n, "faults": state.faults.list()})),
    )
        .into_response()
}

#[derive(Debug, Deserialize)]
struct ClearParams {
    route: Option<String>,
}

/// `DELETE /_emulator/faults[?route=R]`.
async fn clear_faults(
    State(state): State<SharedState>,
    Query(p): Query<ClearParams>,
) -> Json<Value> {
    let removed = state.faults.clear(p.route.as_deref());
    Json(json!({"removed": removed}))
}

async fn stats(State(state): State<SharedState>) -> Json<Value> {
    Json(state.stats.to_json())
}

async fn reset_stats(State(state): State<SharedState>) -> StatusCode {
    state.stats.reset();
    StatusCode::NO_CONTENT
}

async fn clock(State(state): State<SharedState>) -> Json<Value> {
    Json(json!({"now": state.clock.now(), "offset_secs": state.clock.offset()}))
}

#[derive(Debug, Deserialize)]
struct Advance {
    advance_secs: i64,
}

/// `POST /_emulator/clock {"advance_secs": N}`: move the emulator's clock (token expiry,
/// signature window) without waiting.
async fn advance_clock(State(state): State<SharedState>, body: axum::body::Bytes) -> Response {
    match serde_json::from_slice::<Advance>(&body) {
        Ok(a) => {
            let offset = state.clock.advance(a.advance_secs);
            Json(json!({"now": state.clock.now(), "offset_secs": offset})).into_response()
        }
        Err(_) => bad_request("expected {\"advance_secs\": N}"),
    }
}

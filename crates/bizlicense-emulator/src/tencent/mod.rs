//! The Tencent Cloud side: `POST /` with `X-TC-Action`, any `Host`.
//!
//! Every answer is HTTP 200 with `Content-Type: application/json` exactly (the official Python
//! SDK only recognizes an error envelope with that exact value) and a fresh UUID v4
//! `RequestId`.

mod actions;
mod auth;

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use bizlicense_tencent::wire::{API_VERSION, ApiError, Envelope, ErrorResponse};
use bytes::Bytes;
use serde::Serialize;

use crate::server::guarded;
use crate::state::{AppState, SharedState};
use crate::stats::Route;

/// A Tencent error: code and message, answered in the common error envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TcError {
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

impl TcError {
    pub(crate) fn new(code: &'static str, message: impl Into<String>) -> Self {
        TcError {
            code,
            message: message.into(),
        }
    }
}

fn request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}`.
pub(crate) fn error_response(code: &str, message: &str) -> Response {
    let body = Envelope::new(ErrorResponse::new(
        ApiError::new(code, message),
        request_id(),
    ));
    Json(body).into_response()
}

fn ok_response<T: Serialize>(response: T) -> Response {
    Json(Envelope::new(response)).into_response()
}

/// A successful action: the response to send and whether the real service would bill it.
pub(crate) struct Answer {
    body: Response,
    billable: bool,
}

impl Answer {
    fn billable<T: Serialize>(response: T) -> Self {
        Answer {
            body: ok_response(response),
            billable: true,
        }
    }

    fn free<T: Serialize>(response: T) -> Self {
        Answer {
            body: ok_response(response),
            billable: false,
        }
    }
}

/// The single Tencent entry point.
pub(crate) async fn handle(
    State(state): State<SharedState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let action = headers
        .get("x-tc-action")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let route = action
        .as_deref()
        .map_or(Route::TencentOther, Route::from_action);
    let st = state.clone();
    guarded(&state, route, async move {
        match process(&st, route, action.as_deref(), &uri, &headers, &body) {
            Ok(answer) => {
                st.stats.success(route, answer.billable);
                answer.body
            }
            Err(e) => {
                tracing::debug!(code = e.code, "tencent error answer");
                error_response(e.code, &e.message)
            }
        }
    })
    .await
}

fn process(
    state: &AppState,
    route: Route,
    action: Option<&str>,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Answer, TcError> {
    let Some(action) = action.filter(|a| !a.is_empty()) else {
        return Err(TcError::new(
            "MissingParameter",
            "The request is missing a required parameter `X-TC-Action`.",
        ));
    };
    auth::verify(state, uri, headers, body)?;
    match headers.get("x-tc-version").and_then(|v| v.to_str().ok()) {
        None => {
            return Err(TcError::new(
                "MissingParameter",
                "The request is missing a required parameter `X-TC-Version`.",
            ));
        }
        Some(v) if v != API_VERSION => {
            return Err(TcError::new(
                "NoSuchVersion",
                format!("The API version `{v}` does not exist: use {API_VERSION}."),
            ));
        }
        Some(_) => {}
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok());
    let ctx = actions::Ctx { state, host };
    match route {
        Route::BizLicenseOcr => actions::biz_license_ocr(&ctx, parse(body)?),
        Route::VerifyBasicBizLicense => actions::verify_basic(&ctx, parse(body)?),
        Route::VerifyBizLicense => actions::verify_detailed(&ctx, parse(body)?),
        Route::Enterprise3 => actions::enterprise3(&ctx, parse(body)?),
        Route::Enterprise4 => actions::enterprise4(&ctx, parse(body)?),
        _ => Err(TcError::new(
            "InvalidAction",
            format!(
                "The action `{action}` does not exist (emulated: BizLicenseOCR, VerifyBasicBizLicense, VerifyBizLicense, VerifyBizLicenseEnterprise3, VerifyBizLicenseEnterprise4)."
            ),
        )),
    }
}

fn parse<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, TcError> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| {
        TcError::new(
            "InvalidParameter",
            format!(
                "The request body is not a valid JSON object of this action's parameters: {e}."
            ),
        )
    })
}

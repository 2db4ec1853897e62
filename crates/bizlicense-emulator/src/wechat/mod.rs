//! The WeChat side: access tokens and `cv/ocr/bizlicense`.

pub(crate) mod token;

use std::collections::HashMap;

use axum::Json;
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use bizlicense_core::ImageFormat;
use bizlicense_wechat::wire::{
    BizLicenseResponse, CertPosition, ErrCode, ImgSize, Point, Pos, StableTokenRequest,
    TokenResponse,
};
use bytes::Bytes;
use secrecy::ExposeSecret;
use serde::Deserialize;

use crate::fixtures::{Fixtures, License};
use crate::images::{self, UrlRefusal};
use crate::server::guarded;
use crate::state::{AppState, SharedState};
use crate::stats::Route;
use token::{Flavor, Lifetimes, TokenCheck};

/// WeChat's limit for an uploaded image (seed: `resp_type = 0: 2MB`).
pub(crate) const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;

/// The success answer of every fixture license, serialized once at start.
#[derive(Debug, Default)]
pub(crate) struct WechatBodies {
    by_id: HashMap<String, Bytes>,
}

impl WechatBodies {
    pub(crate) fn build(fixtures: &Fixtures) -> Self {
        let by_id = fixtures
            .licenses()
            .iter()
            .map(|lic| {
                // Serializing a struct of strings and integers cannot fail.
                let body = serde_json::to_vec(&ocr_answer(lic)).unwrap_or_default();
                (lic.id.clone(), Bytes::from(body))
            })
            .collect();
        WechatBodies { by_id }
    }

    fn get(&self, id: &str) -> Option<Bytes> {
        self.by_id.get(id).cloned()
    }
}

/// What WeChat answers for a fixture license. Fields not on the license are absent.
pub(crate) fn ocr_answer(lic: &License) -> BizLicenseResponse {
    let o = &lic.ocr;
    let (w, h) = (i64::from(lic.width), i64::from(lic.height));
    let mut r = BizLicenseResponse::ok();
    r.reg_num = Some(o.credit_code.clone());
    r.serial = o.serial_number.clone();
    r.legal_representative = o.legal_representative.clone();
    r.enterprise_name = Some(o.name.clone());
    r.type_of_organization = o.composing_form.clone();
    r.address = o.address.clone();
    r.type_of_enterprise = o.enterprise_type.clone();
    r.business_scope = o.business_scope.clone();
    r.registered_capital = o.registered_capital.clone();
    r.paid_in_capital = o.paid_in_capital.clone();
    r.valid_period = o.valid_period.clone();
    r.registered_date = o.established_date.clone();
    // The license fills the image but for the paper's margin, slightly rotated like a photo.
    r.cert_position = Some(CertPosition {
        pos: Pos {
            left_top: Point { x: 8, y: 10 },
            right_top: Point { x: w - 9, y: 7 },
            right_bottom: Point { x: w - 7, y: h - 9 },
            left_bottom: Point { x: 10, y: h - 7 },
        },
    });
    r.img_size = Some(ImgSize { w, h });
    r
}

fn json_bytes(body: Bytes) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        Body::from(body),
    )
        .into_response()
}

/// A WeChat error answer: `{"errcode": N, "errmsg": "..."}`.
pub(crate) fn error(errcode: i64, errmsg: &str) -> Response {
    Json(BizLicenseResponse::error(errcode, errmsg)).into_response()
}

/// The rate-limit answer for fault injection.
pub(crate) fn rate_limited(errcode: Option<i64>) -> Response {
    match errcode.unwrap_or(45011) {
        -1 => error(-1, "system error"),
        45009 => error(45009, "reach max api daily quota limit"),
        code => error(
            code,
            "api minute-quota reach limit  mustslower  retry next minute",
        ),
    }
}

fn token_error(errcode: i64, errmsg: &str) -> Response {
    Json(TokenResponse {
        errcode: Some(ErrCode(errcode)),
        errmsg: Some(errmsg.to_owned()),
        ..Default::default()
    })
    .into_response()
}

fn lifetimes(state: &AppState) -> Lifetimes {
    Lifetimes {
        lifetime: state.token_lifetime_secs,
        grace: state.token_grace_secs,
    }
}

/// Check app credentials; `Err` is the errcode and errmsg to answer.
fn check_app(state: &AppState, appid: &str, secret: &str) -> Result<(), (i64, &'static str)> {
    match state.wechat_apps.get(appid) {
        None => Err((40013, "invalid appid")),
        Some(s) if s != secret => Err((40125, "invalid appsecret")),
        Some(_) => Ok(()),
    }
}

fn token_ok(token: &str, expires_in: i64) -> Response {
    Json(TokenResponse {
        access_token: Some(token.to_owned()),
        expires_in: Some(expires_in),
        ..Default::default()
    })
    .into_response()
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ClassicParams {
    grant_type: Option<String>,
    appid: Option<String>,
    secret: Option<String>,
}

/// `GET /cgi-bin/token?grant_type=client_credential&appid=..&secret=..`.
pub(crate) async fn classic_token(
    State(state): State<SharedState>,
    Query(p): Query<ClassicParams>,
) -> Response {
    let st = state.clone();
    guarded(&state, Route::WechatToken, async move {
        let (Some(appid), Some(secret)) = (
            p.appid.filter(|s| !s.is_empty()),
            p.secret.filter(|s| !s.is_empty()),
        ) else {
            return token_error(41002, "appid or appsecret missing");
        };
        if p.grant_type.as_deref() != Some("client_credential") {
            return token_error(40002, "invalid grant_type");
        }
        if let Err((code, msg)) = check_app(&st, &appid, &secret) {
            return token_error(code, msg);
        }
        let (token, expires_in) = st.tokens.issue(
            Flavor::Classic,
            &appid,
            false,
            st.clock.now(),
            lifetimes(&st),
        );
        st.stats.success(Route::WechatToken, false);
        token_ok(&token, expires_in)
    })
    .await
}

/// `POST /cgi-bin/stable_token` with a JSON body.
pub(crate) async fn stable_token(State(state): State<SharedState>, body: Bytes) -> Response {
    let st = state.clone();
    guarded(&state, Route::WechatStableToken, async move {
        let Ok(req) = serde_json::from_slice::<StableTokenRequest>(&body) else {
            return token_error(
                47001,
                "data format error: expected JSON with grant_type, appid, secret",
            );
        };
        if req.grant_type != "client_credential" {
            return token_error(40002, "invalid grant_type");
        }
        if let Err((code, msg)) = check_app(&st, &req.appid, req.secret.expose_secret()) {
            return token_error(code, msg);
        }
        let (token, expires_in) = st.tokens.issue(
            Flavor::Stable,
            &req.appid,
            req.force_refresh,
            st.clock.now(),
            lifetimes(&st),
        );
        st.stats.success(Route::WechatStableToken, false);
        token_ok(&token, expires_in)
    })
    .await
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct OcrParams {
    access_token: Option<String>,
    img_url: Option<String>,
}

/// `POST /cv/ocr/bizlicense?access_token=..[&img_url=..]`, or multipart field `img`.
pub(crate) async fn ocr(
    State(state): State<SharedState>,
    Query(p): Query<OcrParams>,
    request: Request,
) -> Response {
    let st = state.clone();
    guarded(&state, Route::WechatOcr, async move {
        match ocr_inner(&st, p, request).await {
            Ok(body) => {
                st.stats.success(Route::WechatOcr, true);
                json_bytes(body)
            }
            Err(resp) => resp,
        }
    })
    .await
}

async fn ocr_inner(state: &SharedState, p: OcrParams, request: Request) -> Result<Bytes, Response> {
    let Some(token) = p.access_token.filter(|t| !t.is_empty()) else {
        return Err(error(41001, "access_token missing"));
    };
    match state.tokens.check(&token, state.clock.now()) {
        TokenCheck::Valid => {}
        TokenCheck::Invalid => {
            return Err(error(
                40001,
                "invalid credential, access_token is invalid or not latest",
            ));
        }
        TokenCheck::Expired => return Err(error(42001, "access_token expired")),
    }
    let license = match p.img_url.filter(|u| !u.is_empty()) {
        Some(url) => {
            let host = request
                .headers()
                .get(header::HOST)
                .and_then(|h| h.to_str().ok());
            images::resolve(state, &url, host).map_err(|why| match why {
                UrlRefusal::Invalid | UrlRefusal::Foreign => error(101000, "invalid image url"),
                UrlRefusal::NotFound => error(101000, "invalid image url: image download failed"),
            })?
        }
        None => {
            let bytes = uploaded_image(state, request).await?;
            if bytes.len() > MAX_IMAGE_BYTES {
                return Err(error(101002, "image size exceeds limit (2MB)"));
            }
            if ImageFormat::detect(&bytes).is_none() {
                return Err(error(101002, "decode image failed"));
            }
            state
                .fixtures
                .license_by_image(&bytes)
                .ok_or_else(|| error(101001, "certificate not found"))?
        }
    };
    state
        .wechat_bodies
        .get(&license.id)
        .ok_or_else(|| error(-1, "system error"))
}

/// The bytes of the multipart field `img`.
async fn uploaded_image(state: &SharedState, request: Request) -> Result<Bytes, Response> {
    let no_image = || {
        error(
            101000,
            "invalid image url: pass img_url or a multipart field img",
        )
    };
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !is_multipart {
        return Err(no_image());
    }
    let mut form = Multipart::from_request(request, state)
        .await
        .map_err(|_| error(47001, "data format error"))?;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("img") => {
                return field
                    .bytes()
                    .await
                    .map_err(|_| error(101002, "decode image failed"));
            }
            Ok(Some(_)) => continue,
            Ok(None) => return Err(no_image()),
            Err(_) => return Err(error(47001, "data format error")),
        }
    }
}

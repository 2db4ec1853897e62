//! The five emulated actions, answering from the fixture set.
//!
//! Error choices where the seed leaves room (documented in `docs/emulator.md`):
//! - neither an image nor the text fields: `InvalidParameterValue.InvalidParameterValueLimit`;
//! - both `ImageUrl` and `ImageBase64`: `ImageUrl` wins (the seed says so);
//! - `ImageUrl` not pointing at this emulator, or no such image: `FailedOperation.DownLoadError`;
//! - base64 over 7 MB: `LimitExceeded.TooLargeFileError`;
//! - undecodable base64, not an image, or GIF: `FailedOperation.ImageDecodeFailed`;
//! - an image that is no fixture license: `FailedOperation.NoBizLicense` (BizLicenseOCR) or
//!   `FailedOperation.OcrFailed` (the seed's verify actions, which list only that one);
//! - a code/name the registry does not hold: `FailedOperation.QueryNoRecord` (seed actions).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bizlicense_core::ImageFormat;
use bizlicense_tencent::wire::{
    BizLicenseOcrRequest, BizLicenseOcrResponse, BizLicenseVerifyResult, ImageConfig,
    VerifyBasicBizLicenseRequest, VerifyBasicBizLicenseResponse,
    VerifyBizLicenseEnterprise3Request, VerifyBizLicenseEnterprise3Response,
    VerifyBizLicenseEnterprise4Request, VerifyBizLicenseEnterprise4Response,
    VerifyBizLicenseRequest, VerifyBizLicenseResponse, VerifyType,
};

use super::{Answer, TcError};
use crate::fixtures::{Company, License};
use crate::images::{self, UrlRefusal};
use crate::state::AppState;

/// The seed's limit: the image, base64-encoded, at most 7 MB.
pub(crate) const MAX_BASE64_LEN: usize = 7 * 1024 * 1024;

pub(crate) struct Ctx<'a> {
    pub(crate) state: &'a AppState,
    pub(crate) host: Option<&'a str>,
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn s(v: &str) -> Option<String> {
    Some(v.to_owned())
}

fn missing_input() -> TcError {
    TcError::new(
        "InvalidParameterValue.InvalidParameterValueLimit",
        "参数值错误: one of ImageBase64, ImageUrl or RegNum is required.",
    )
}

/// Find the fixture license an image input designates; `Ok(None)` when no image was given.
fn image_license<'a>(
    ctx: &Ctx<'a>,
    base64: &Option<String>,
    url: &Option<String>,
    not_a_license: &'static str,
) -> Result<Option<&'a License>, TcError> {
    if let Some(url) = non_empty(url) {
        // The seed: "if both are given, only ImageUrl is used".
        return images::resolve(ctx.state, url, ctx.host)
            .map(Some)
            .map_err(|why| {
                let detail = match why {
                    UrlRefusal::Invalid => "ImageUrl is not a URL",
                    UrlRefusal::Foreign => {
                        "the emulator only downloads its own /_emulator/images/ URLs"
                    }
                    UrlRefusal::NotFound => "no such image",
                };
                TcError::new(
                    "FailedOperation.DownLoadError",
                    format!("文件下载失败。({detail})"),
                )
            });
    }
    let Some(b64) = non_empty(base64) else {
        return Ok(None);
    };
    if b64.len() > MAX_BASE64_LEN {
        return Err(TcError::new(
            "LimitExceeded.TooLargeFileError",
            "文件内容太大。The base64-encoded image must not exceed 7 MB.",
        ));
    }
    let bytes = STANDARD.decode(b64).map_err(|_| {
        TcError::new(
            "FailedOperation.ImageDecodeFailed",
            "图片解码失败。ImageBase64 is not valid base64.",
        )
    })?;
    match ImageFormat::detect(&bytes) {
        Some(ImageFormat::Gif) => {
            return Err(TcError::new(
                "FailedOperation.ImageDecodeFailed",
                "图片解码失败。GIF images are not supported: use PNG or JPEG.",
            ));
        }
        None => {
            return Err(TcError::new(
                "FailedOperation.ImageDecodeFailed",
                "图片解码失败。The data is not an image.",
            ));
        }
        Some(_) => {}
    }
    ctx.state
        .fixtures
        .license_by_image(&bytes)
        .map(Some)
        .ok_or_else(|| match not_a_license {
            "FailedOperation.NoBizLicense" => TcError::new(
                not_a_license,
                "非营业执照: the image is not a business license.",
            ),
            _ => TcError::new(
                not_a_license,
                "OCR 识别失败。No business license was recognized.",
            ),
        })
}

/// `BizLicenseOCR`.
pub(crate) fn biz_license_ocr(ctx: &Ctx<'_>, req: BizLicenseOcrRequest) -> Result<Answer, TcError> {
    let lic = image_license(
        ctx,
        &req.image_base64,
        &req.image_url,
        "FailedOperation.NoBizLicense",
    )?
    .ok_or_else(|| {
        TcError::new(
            "InvalidParameterValue.InvalidParameterValueLimit",
            "参数值错误: one of ImageBase64 or ImageUrl is required.",
        )
    })?;
    let o = &lic.ocr;
    let mut r = BizLicenseOcrResponse::default();
    r.reg_num = Some(o.credit_code.clone());
    r.name = Some(o.name.clone());
    r.capital = o.registered_capital.clone();
    r.person = o.legal_representative.clone();
    r.address = o.address.clone();
    r.business = o.business_scope.clone();
    r.type_ = o.enterprise_type.clone();
    r.period = o.valid_period.clone();
    r.composing_form = o.composing_form.clone();
    r.set_date = o.established_date.clone();
    if req.enable_copy_warn == Some(true) {
        r.recognize_warn_code = Some(o.warnings.iter().map(|w| w.code).collect());
        r.recognize_warn_msg = Some(o.warnings.iter().map(|w| w.message.clone()).collect());
    }
    r.is_duplication = Some(o.is_duplication.unwrap_or(-1));
    r.registration_date = o.registration_date.clone();
    r.angle = Some(0.0);
    r.national_emblem = Some(true);
    r.qr_code = Some(true);
    r.seal = Some(true);
    r.title = s("营业执照");
    r.serial_number = o.serial_number.clone();
    r.registration_authority = o.registration_authority.clone();
    r.electronic = Some(false);
    r.request_id = Some(super::request_id());
    Ok(Answer::billable(r))
}

/// What a seed verify action checks: the code, and optionally name and address.
struct VerifyInput {
    reg_num: String,
    name: Option<String>,
    address: Option<String>,
}

fn verify_input(
    ctx: &Ctx<'_>,
    image_base64: &Option<String>,
    image_url: &Option<String>,
    image_config: &Option<String>,
    reg_num: &Option<String>,
    name: &Option<String>,
    address: &Option<String>,
) -> Result<VerifyInput, TcError> {
    if let Some(lic) = image_license(ctx, image_base64, image_url, "FailedOperation.OcrFailed")? {
        let config = match non_empty(image_config) {
            None => ImageConfig {
                reg_num: true,
                name: None,
                address: None,
            },
            Some(raw) => serde_json::from_str::<ImageConfig>(raw).map_err(|_| {
                TcError::new(
                    "InvalidParameterValue.InvalidParameterValueLimit",
                    "参数值错误: ImageConfig must be a JSON string like {\"RegNum\":true,\"Name\":true,\"Address\":true}.",
                )
            })?,
        };
        return Ok(VerifyInput {
            reg_num: lic.ocr.credit_code.clone(),
            name: config.name.unwrap_or(false).then(|| lic.ocr.name.clone()),
            address: if config.address.unwrap_or(false) {
                lic.ocr.address.clone()
            } else {
                None
            },
        });
    }
    let reg_num = non_empty(reg_num).ok_or_else(missing_input)?;
    Ok(VerifyInput {
        reg_num: reg_num.to_owned(),
        name: non_empty(name).map(str::to_owned),
        address: non_empty(address).map(str::to_owned),
    })
}

/// The registry record for a query: by code, else by exact name; and the seed's flags.
fn lookup<'a>(
    ctx: &Ctx<'a>,
    input: &VerifyInput,
) -> Result<(&'a Company, BizLicenseVerifyResult), TcError> {
    let fixtures = &ctx.state.fixtures;
    let company = fixtures
        .company_by_code(&input.reg_num)
        .or_else(|| {
            input
                .name
                .as_deref()
                .and_then(|n| fixtures.company_by_name(n))
        })
        .ok_or_else(|| {
            TcError::new(
                "FailedOperation.QueryNoRecord",
                "查询无记录: the registry holds no company with this code.",
            )
        })?;
    let code = input.reg_num.trim().to_ascii_uppercase();
    let code_ok = [&company.credit_code, &company.reg_no, &company.ori_reg_no]
        .iter()
        .any(|c| !c.is_empty() && **c == code);
    // The seed compares verbatim: its own example flags （ vs ( as a mismatch.
    let flag = |q: &Option<String>, actual: &str| match q {
        None => String::new(),
        Some(q) if q == actual => "0".to_owned(),
        Some(_) => "-1".to_owned(),
    };
    let mut result = BizLicenseVerifyResult::default();
    result.reg_num = Some(if code_ok { "0" } else { "-1" }.to_owned());
    result.name = Some(flag(&input.name, &company.name));
    result.address = Some(flag(&input.address, &company.address));
    Ok((company, result))
}

/// `VerifyBasicBizLicense` (seed, basic).
pub(crate) fn verify_basic(
    ctx: &Ctx<'_>,
    req: VerifyBasicBizLicenseRequest,
) -> Result<Answer, TcError> {
    let input = verify_input(
        ctx,
        &req.image_base64,
        &req.image_url,
        &req.image_config,
        &req.reg_num,
        &req.name,
        &req.address,
    )?;
    let (c, result) = lookup(ctx, &input)?;
    let mut r = VerifyBasicBizLicenseResponse::default();
    r.error_code = Some(0);
    r.credit_code = s(&c.credit_code);
    r.opfrom = s(&c.open_from);
    r.opto = s(&c.open_to);
    r.frname = s(&c.legal_representative);
    r.entstatus = s(c.status_basic());
    r.zsopscope = s(&c.business_scope);
    r.reason = s("成功");
    r.oriregno = s(&c.ori_reg_no);
    r.verify_regno = Some(input.reg_num);
    r.regno = s(&c.reg_no);
    r.verify_entname = Some(input.name.unwrap_or_default());
    r.entname = s(&c.name);
    r.verify_dom = Some(input.address.unwrap_or_default());
    r.dom = s(&c.address);
    r.reg_num_result = Some(result);
    if req.reg_capital == Some(1) {
        r.reg_capital = s(&c.registered_capital);
    }
    if req.establish_time == Some(true) {
        r.establish_time = s(&c.established_date);
    }
    r.request_id = Some(super::request_id());
    Ok(Answer::billable(r))
}

/// `VerifyBizLicense` (seed, detailed).
pub(crate) fn verify_detailed(
    ctx: &Ctx<'_>,
    req: VerifyBizLicenseRequest,
) -> Result<Answer, TcError> {
    let input = verify_input(
        ctx,
        &req.image_base64,
        &req.image_url,
        &req.image_config,
        &req.reg_num,
        &req.name,
        &req.address,
    )?;
    let (c, result) = lookup(ctx, &input)?;
    let mut r = VerifyBizLicenseResponse::default();
    r.error_code = Some(0);
    r.credit_code = s(&c.credit_code);
    r.org_code = s(&c.org_code);
    r.open_from = s(&c.open_from);
    r.open_to = s(&c.open_to);
    r.fr_name = s(&c.legal_representative);
    r.enterprise_status = s(&c.status);
    r.operate_scope_and_form = s(&c.business_scope);
    r.reg_cap = s(&c.registered_capital);
    r.reg_cap_cur = s(&c.capital_currency);
    r.reg_org = s(&c.registration_authority);
    r.es_date = s(&c.established_date);
    r.enterprise_type = s(&c.enterprise_type);
    r.cancel_date = s(&c.cancel_date);
    r.revoke_date = s(&c.revoke_date);
    r.abu_item = s("");
    r.cbu_item = s("");
    r.appr_date = s(&c.approval_date);
    r.province = s(&c.province);
    r.city = s(&c.city);
    r.county = s(&c.county);
    r.area_code = s(&c.area_code);
    r.industry_phy_code = s(&c.industry_phy_code);
    r.industry_phy_name = s(&c.industry_phy_name);
    r.industry_code = s(&c.industry_code);
    r.industry_name = s(&c.industry_name);
    r.operate_scope = s(&c.business_scope);
    r.verify_reg_no = Some(input.reg_num);
    r.reg_no = s(&c.reg_no);
    r.verify_enterprise_name = Some(input.name.unwrap_or_default());
    r.enterprise_name = s(&c.name);
    r.verify_address = Some(input.address.unwrap_or_default());
    r.address = s(&c.address);
    r.reg_num_result = Some(result);
    r.request_id = Some(super::request_id());
    Ok(Answer::billable(r))
}

fn required<'a>(v: &'a Option<String>, name: &str) -> Result<&'a str, TcError> {
    non_empty(v).ok_or_else(|| {
        TcError::new(
            "MissingParameter",
            format!("The request is missing a required parameter `{name}`."),
        )
    })
}

/// The company for an enterprise check: by credit code, else by exact name.
fn enterprise_company<'a>(ctx: &Ctx<'a>, code: &str, name: &str) -> Option<&'a Company> {
    let f = &ctx.state.fixtures;
    f.company_by_code(code).or_else(|| f.company_by_name(name))
}

fn period(c: &Company) -> String {
    format!("{}/{}", c.open_from, c.open_to)
}

/// `VerifyBizLicenseEnterprise3` (2 or 3 elements; `VerifyType` defaults to `ENT_3META`).
pub(crate) fn enterprise3(
    ctx: &Ctx<'_>,
    req: VerifyBizLicenseEnterprise3Request,
) -> Result<Answer, TcError> {
    let code = required(&req.credit_code, "CreditCode")?;
    let name = required(&req.ent_name, "EntName")?;
    let three = req.verify_type != Some(VerifyType::Ent2Meta);
    let lr = if three {
        Some(required(&req.lr_name, "LrName")?)
    } else {
        None
    };
    let mut r = VerifyBizLicenseEnterprise3Response::default();
    r.request_id = Some(super::request_id());
    let Some(c) = enterprise_company(ctx, code, name) else {
        // "2: 查询无结果，不计费".
        r.status_code = Some(2);
        r.operating_status = s("/");
        return Ok(Answer::free(r));
    };
    let all = c.credit_code == code.to_ascii_uppercase()
        && c.name == name
        && lr.is_none_or(|lr| c.legal_representative == lr);
    r.status_code = Some(0);
    r.verify_result = Some(i64::from(all));
    r.operating_status = Some(if three {
        // With ENT_3META the service only tells open ("1") from not open ("2").
        if c.operating_status_code == "1" {
            "1"
        } else {
            "2"
        }
        .to_owned()
    } else {
        c.operating_status_code.clone()
    });
    Ok(Answer::billable(r))
}

/// `VerifyBizLicenseEnterprise4` (code, name, legal representative and their ID number).
pub(crate) fn enterprise4(
    ctx: &Ctx<'_>,
    req: VerifyBizLicenseEnterprise4Request,
) -> Result<Answer, TcError> {
    let code = required(&req.credit_code, "CreditCode")?;
    let name = required(&req.ent_name, "EntName")?;
    let lr = required(&req.lr_name, "LrName")?;
    let id = required(&req.id_num, "IdNum")?;
    let mut r = VerifyBizLicenseEnterprise4Response::default();
    r.request_id = Some(super::request_id());
    r.status_code = Some(0);
    match enterprise_company(ctx, code, name) {
        None => {
            r.verify_result = Some(0);
            r.is_credit_code_consistent = Some(false);
            r.is_ent_name_consistent = Some(false);
            r.is_lr_name_consistent = Some(false);
            r.is_id_num_consistent = Some(false);
            r.operating_status = s("-10002");
            r.operating_period = s("/");
        }
        Some(c) => {
            let code_ok = c.credit_code == code.to_ascii_uppercase();
            let name_ok = c.name == name;
            let lr_ok = c.legal_representative == lr;
            let id_ok = c
                .legal_representative_id_number
                .eq_ignore_ascii_case(id.trim());
            r.verify_result = Some(i64::from(code_ok && name_ok && lr_ok && id_ok));
            r.is_credit_code_consistent = Some(code_ok);
            r.is_ent_name_consistent = Some(name_ok);
            r.is_lr_name_consistent = Some(lr_ok);
            r.is_id_num_consistent = Some(id_ok);
            r.operating_status = s(&c.operating_status_code);
            r.operating_period = Some(period(c));
        }
    }
    Ok(Answer::billable(r))
}

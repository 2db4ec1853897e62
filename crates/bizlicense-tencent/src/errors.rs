//! Tencent Cloud error codes -> [`ErrorKind`], in one table.
//!
//! Sources: the seed's common error codes and the business codes of `VerifyBasicBizLicense` /
//! `VerifyBizLicense`, plus the codes of the current OCR API (`tencentcloud-sdk-python-ocr`
//! 3.1.193 `errorcodes.py`). A code is looked up exactly first, then by the longest matching
//! family prefix (`AuthFailure`, `RequestLimitExceeded`, ...); anything else is
//! [`ErrorKind::Other`].
//!
//! Retry policy (the `retry` column): only `RequestLimitExceeded*` and `InternalError*` are
//! retried (plus network failures, decided in the client). Never `AuthFailure.*`,
//! `InvalidParameter*`, `FailedOperation.QueryNoRecord` or billing errors: they fail the same
//! way again, and a retried billable call costs money.

use bizlicense_core::{ErrorKind, ProviderError};

/// How a code is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Match {
    /// This exact code.
    Exact(&'static str),
    /// Every code starting with this prefix (`AuthFailure` matches `AuthFailure.TokenFailure`,
    /// `InvalidParameter` matches `InvalidParameterValue.X`).
    Family(&'static str),
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErrorRule {
    /// Which codes.
    pub matches: Match,
    /// The kind they map to.
    pub kind: ErrorKind,
    /// Whether the client retries them.
    pub retry: bool,
    /// What the caller should do, appended to the provider's message.
    pub hint: &'static str,
}

const fn exact(code: &'static str, kind: ErrorKind, retry: bool, hint: &'static str) -> ErrorRule {
    ErrorRule {
        matches: Match::Exact(code),
        kind,
        retry,
        hint,
    }
}

const fn family(
    prefix: &'static str,
    kind: ErrorKind,
    retry: bool,
    hint: &'static str,
) -> ErrorRule {
    ErrorRule {
        matches: Match::Family(prefix),
        kind,
        retry,
        hint,
    }
}

use ErrorKind as K;

const FIX_INPUT: &str = "fix the request; retrying will not help";
const FIX_KEYS: &str = "check the SecretId/SecretKey (and token) in use";
const FIX_ACCOUNT: &str = "top up the account or buy a resource pack in the Tencent Cloud console";
const FIX_CONFIG: &str = "check the client configuration (endpoint, region, action, version)";
const BAD_IMAGE: &str =
    "send a clear PNG/JPG image of the license, or a URL Tencent can download within 3 s";

/// The table. Order does not matter: exact codes win, then the longest family prefix.
pub static ERROR_TABLE: &[ErrorRule] = &[
    // --- Authentication (common codes) ---
    exact(
        "AuthFailure.SignatureExpire",
        K::Config,
        false,
        "the request timestamp is more than 5 minutes off: sync the system clock",
    ),
    exact("AuthFailure.SignatureFailure", K::Auth, false, FIX_KEYS),
    exact(
        "AuthFailure.SecretIdNotFound",
        K::Auth,
        false,
        "the SecretId does not exist or is disabled: check it in the console, without spaces",
    ),
    exact(
        "AuthFailure.InvalidSecretId",
        K::Auth,
        false,
        "the SecretId is not an API key",
    ),
    exact(
        "AuthFailure.TokenFailure",
        K::Auth,
        false,
        "the temporary credentials' token is invalid or expired: fetch new ones",
    ),
    exact("AuthFailure.MFAFailure", K::Auth, false, FIX_KEYS),
    exact(
        "AuthFailure.UnauthorizedOperation",
        K::Auth,
        false,
        "the key lacks CAM permission for this OCR action",
    ),
    exact(
        "AuthFailure.InvalidAuthorization",
        K::Auth,
        false,
        "the Authorization header is malformed",
    ),
    family("AuthFailure", K::Auth, false, FIX_KEYS),
    exact(
        "UnauthorizedOperation",
        K::Auth,
        false,
        "the key lacks permission for this action",
    ),
    // --- Throttling and server errors: the only codes retried ---
    family(
        "RequestLimitExceeded",
        K::RateLimited,
        true,
        "too many requests: slow down (default limits: 10-20 requests/s per account)",
    ),
    family(
        "InternalError",
        K::Unavailable,
        true,
        "Tencent Cloud had an internal error",
    ),
    // --- Quotas and sizes ---
    exact(
        "LimitExceeded.TooLargeFileError",
        K::InvalidInput,
        false,
        "the image is too large: at most 7 MB after base64 encoding",
    ),
    family(
        "LimitExceeded",
        K::QuotaExceeded,
        false,
        "a quota is used up; it resets later",
    ),
    exact(
        "RequestSizeLimitExceeded",
        K::InvalidInput,
        false,
        "the request body is too large",
    ),
    // --- Billing ---
    exact(
        "ResourceUnavailable.InArrears",
        K::Billing,
        false,
        FIX_ACCOUNT,
    ),
    exact(
        "ResourceUnavailable.ResourcePackageRunOut",
        K::Billing,
        false,
        FIX_ACCOUNT,
    ),
    exact(
        "ResourceUnavailable.TaxNetworkError",
        K::Unavailable,
        false,
        "an upstream data source is unreachable",
    ),
    family(
        "ResourceUnavailable",
        K::Unavailable,
        false,
        "the service is unavailable to this account right now",
    ),
    exact(
        "ResourcesSoldOut.ChargeStatusException",
        K::Billing,
        false,
        "the account's billing status is abnormal: check billing in the console",
    ),
    family("ResourcesSoldOut", K::Billing, false, FIX_ACCOUNT),
    exact(
        "FailedOperation.ArrearsError",
        K::Billing,
        false,
        FIX_ACCOUNT,
    ),
    exact(
        "FailedOperation.CountLimitError",
        K::QuotaExceeded,
        false,
        "the call count limit is reached",
    ),
    // --- Images ---
    exact(
        "FailedOperation.DownLoadError",
        K::ImageRejected,
        false,
        BAD_IMAGE,
    ),
    exact(
        "FailedOperation.ImageDecodeFailed",
        K::ImageRejected,
        false,
        BAD_IMAGE,
    ),
    exact(
        "FailedOperation.EmptyImageError",
        K::ImageRejected,
        false,
        BAD_IMAGE,
    ),
    exact(
        "FailedOperation.FileDecodeFailed",
        K::ImageRejected,
        false,
        BAD_IMAGE,
    ),
    exact(
        "FailedOperation.UnKnowFileTypeError",
        K::ImageRejected,
        false,
        BAD_IMAGE,
    ),
    exact(
        "FailedOperation.ImageBlur",
        K::ImageRejected,
        false,
        "the image is too blurred",
    ),
    exact(
        "FailedOperation.ImageSizeTooLarge",
        K::InvalidInput,
        false,
        "the image is too large: at most 7 MB after base64 encoding",
    ),
    exact(
        "InvalidParameter.EngineImageDecodeFailed",
        K::ImageRejected,
        false,
        BAD_IMAGE,
    ),
    exact(
        "FailedOperation.OcrFailed",
        K::NotALicense,
        false,
        "no license could be read from the image",
    ),
    exact(
        "FailedOperation.NoBizLicense",
        K::NotALicense,
        false,
        "the image is not a business license",
    ),
    exact(
        "FailedOperation.ImageNoText",
        K::NotALicense,
        false,
        "no text was found on the image",
    ),
    // --- Registry lookups ---
    exact(
        "FailedOperation.QueryNoRecord",
        K::NotFound,
        false,
        "the registry has no record for the query",
    ),
    exact(
        "ResourceNotFound",
        K::NotFound,
        false,
        "the registry has no record for the query",
    ),
    family(
        "ResourceNotFound",
        K::NotFound,
        false,
        "the resource does not exist",
    ),
    exact(
        "FailedOperation.DataSourceQueryFailed",
        K::Unavailable,
        false,
        "the registry data source failed; try again later",
    ),
    exact(
        "FailedOperation.EngineRecognizeTimeout",
        K::Unavailable,
        false,
        "recognition timed out on Tencent's side",
    ),
    exact(
        "FailedOperation.UnKnowError",
        K::Unavailable,
        false,
        "Tencent reported an unknown error",
    ),
    // --- Configuration ---
    exact(
        "FailedOperation.UnOpenError",
        K::Config,
        false,
        "the OCR service is not enabled for this account: enable it in the console",
    ),
    exact(
        "InvalidAction",
        K::Config,
        false,
        "the action does not exist (taken offline?)",
    ),
    exact("NoSuchVersion", K::Config, false, FIX_CONFIG),
    exact(
        "UnsupportedRegion",
        K::Config,
        false,
        "the action is not offered in this region: use ap-guangzhou",
    ),
    exact("UnsupportedProtocol", K::Config, false, FIX_CONFIG),
    exact("UnsupportedOperation", K::Config, false, FIX_CONFIG),
    // --- Parameters ---
    exact(
        "InvalidParameterValue.InvalidParameterValueLimit",
        K::InvalidInput,
        false,
        FIX_INPUT,
    ),
    family("InvalidParameter", K::InvalidInput, false, FIX_INPUT),
    family("MissingParameter", K::InvalidInput, false, FIX_INPUT),
    family("UnknownParameter", K::InvalidInput, false, FIX_INPUT),
    // --- Everything else the seed lists ---
    exact("ResourceInUse", K::Other, false, "the resource is in use"),
    exact(
        "ResourceInsufficient",
        K::Unavailable,
        false,
        "Tencent's resources are insufficient",
    ),
    exact(
        "DryRunOperation",
        K::Other,
        false,
        "a DryRun request: it would have succeeded",
    ),
    family("FailedOperation", K::Other, false, "the operation failed"),
];

/// The rule for `code`: an exact match, else the longest family prefix.
pub fn rule_for(code: &str) -> Option<&'static ErrorRule> {
    ERROR_TABLE
        .iter()
        .find(|r| matches!(r.matches, Match::Exact(c) if c == code))
        .or_else(|| {
            ERROR_TABLE
                .iter()
                .filter_map(|r| match r.matches {
                    Match::Family(p) if code.starts_with(p) => Some((p.len(), r)),
                    _ => None,
                })
                .max_by_key(|(len, _)| *len)
                .map(|(_, r)| r)
        })
}

/// The kind of a Tencent error code ([`ErrorKind::Other`] when unknown).
pub fn kind_of(code: &str) -> ErrorKind {
    rule_for(code).map_or(ErrorKind::Other, |r| r.kind)
}

/// Whether the client retries a Tencent error code.
pub fn is_retryable_code(code: &str) -> bool {
    rule_for(code).is_some_and(|r| r.retry)
}

/// A [`ProviderError`] for an error envelope: kind and retryability from the table, the
/// provider's code, message (plus the table's hint) and request id.
pub fn provider_error(
    provider: &str,
    code: &str,
    message: &str,
    request_id: Option<&str>,
) -> ProviderError {
    let rule = rule_for(code);
    let kind = rule.map_or(ErrorKind::Other, |r| r.kind);
    let text = match rule {
        Some(r) if !r.hint.is_empty() => format!("{message} ({})", r.hint),
        _ => message.to_owned(),
    };
    let mut err = ProviderError::new(provider, kind, text)
        .with_code(code)
        .with_retryable(rule.is_some_and(|r| r.retry));
    if let Some(id) = request_id {
        err = err.with_request_id(id);
    }
    err
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code the seed lists (common + business), with its expected kind and retry.
    const SEED_CODES: &[(&str, ErrorKind, bool)] = &[
        ("UnsupportedOperation", K::Config, false),
        ("ResourceInUse", K::Other, false),
        ("InternalError", K::Unavailable, true),
        ("RequestLimitExceeded", K::RateLimited, true),
        ("AuthFailure.SecretIdNotFound", K::Auth, false),
        ("LimitExceeded", K::QuotaExceeded, false),
        ("NoSuchVersion", K::Config, false),
        ("ResourceNotFound", K::NotFound, false),
        ("AuthFailure.SignatureFailure", K::Auth, false),
        ("AuthFailure.SignatureExpire", K::Config, false),
        ("UnsupportedRegion", K::Config, false),
        ("UnauthorizedOperation", K::Auth, false),
        ("InvalidParameter", K::InvalidInput, false),
        ("ResourceUnavailable", K::Unavailable, false),
        ("AuthFailure.MFAFailure", K::Auth, false),
        ("AuthFailure.UnauthorizedOperation", K::Auth, false),
        ("AuthFailure.InvalidSecretId", K::Auth, false),
        ("AuthFailure.TokenFailure", K::Auth, false),
        ("DryRunOperation", K::Other, false),
        ("FailedOperation", K::Other, false),
        ("UnknownParameter", K::InvalidInput, false),
        ("UnsupportedProtocol", K::Config, false),
        ("InvalidParameterValue", K::InvalidInput, false),
        ("InvalidAction", K::Config, false),
        ("MissingParameter", K::InvalidInput, false),
        ("ResourceInsufficient", K::Unavailable, false),
        // business codes of both seed actions
        ("FailedOperation.DownLoadError", K::ImageRejected, false),
        ("FailedOperation.ImageDecodeFailed", K::ImageRejected, false),
        ("FailedOperation.OcrFailed", K::NotALicense, false),
        ("FailedOperation.UnKnowError", K::Unavailable, false),
        ("FailedOperation.UnOpenError", K::Config, false),
        (
            "InvalidParameterValue.InvalidParameterValueLimit",
            K::InvalidInput,
            false,
        ),
        ("LimitExceeded.TooLargeFileError", K::InvalidInput, false),
    ];

    /// The current API's extra codes and the families.
    const CURRENT_CODES: &[(&str, ErrorKind, bool)] = &[
        (
            "FailedOperation.DataSourceQueryFailed",
            K::Unavailable,
            false,
        ),
        ("FailedOperation.NoBizLicense", K::NotALicense, false),
        ("FailedOperation.QueryNoRecord", K::NotFound, false),
        ("ResourcesSoldOut.ChargeStatusException", K::Billing, false),
        ("ResourcesSoldOut.SomethingNew", K::Billing, false),
        (
            "RequestLimitExceeded.UinLimitExceeded",
            K::RateLimited,
            true,
        ),
        (
            "RequestLimitExceeded.GlobalRegionUinLimitExceeded",
            K::RateLimited,
            true,
        ),
        ("RequestLimitExceeded.IPLimitExceeded", K::RateLimited, true),
        ("ResourceUnavailable.InArrears", K::Billing, false),
        (
            "ResourceUnavailable.ResourcePackageRunOut",
            K::Billing,
            false,
        ),
        ("ResourceUnavailable.NotExist", K::Unavailable, false),
        ("LimitExceeded.SomeQuota", K::QuotaExceeded, false),
        ("AuthFailure.InvalidAuthorization", K::Auth, false),
        ("AuthFailure.SomethingNew", K::Auth, false),
        ("InvalidParameter.ConfigFormatError", K::InvalidInput, false),
        (
            "InvalidParameter.EngineImageDecodeFailed",
            K::ImageRejected,
            false,
        ),
        ("MissingParameter.ImageBase64", K::InvalidInput, false),
        ("FailedOperation.ArrearsError", K::Billing, false),
        ("FailedOperation.CountLimitError", K::QuotaExceeded, false),
        ("FailedOperation.ImageBlur", K::ImageRejected, false),
        ("FailedOperation.ImageSizeTooLarge", K::InvalidInput, false),
        (
            "FailedOperation.UnKnowFileTypeError",
            K::ImageRejected,
            false,
        ),
        ("FailedOperation.EmptyImageError", K::ImageRejected, false),
        ("FailedOperation.SomethingNew", K::Other, false),
        ("InternalError.ServerBusy", K::Unavailable, true),
        ("RequestSizeLimitExceeded", K::InvalidInput, false),
    ];

    #[test]
    fn every_seed_code_maps_as_expected() {
        for (code, kind, retry) in SEED_CODES {
            assert!(rule_for(code).is_some(), "{code} has no rule");
            assert_eq!(kind_of(code), *kind, "{code}");
            assert_eq!(is_retryable_code(code), *retry, "{code}");
        }
    }

    #[test]
    fn every_current_code_and_family_maps_as_expected() {
        for (code, kind, retry) in CURRENT_CODES {
            assert_eq!(kind_of(code), *kind, "{code}");
            assert_eq!(is_retryable_code(code), *retry, "{code}");
        }
    }

    #[test]
    fn never_retried_classes() {
        for code in [
            "AuthFailure.SignatureFailure",
            "AuthFailure.SignatureExpire",
            "InvalidParameter",
            "InvalidParameterValue.InvalidParameterValueLimit",
            "FailedOperation.QueryNoRecord",
            "ResourcesSoldOut.ChargeStatusException",
            "ResourceUnavailable.InArrears",
            "FailedOperation.ArrearsError",
        ] {
            let e = provider_error("tencent.verify_basic", code, "m", None);
            assert!(!e.is_retryable(), "{code}");
        }
    }

    #[test]
    fn unknown_codes_are_other_and_not_retried() {
        assert_eq!(kind_of("Totally.New"), ErrorKind::Other);
        assert!(!is_retryable_code("Totally.New"));
        // A family prefix must not match a different word that merely starts the same way
        // ("RequestSizeLimitExceeded" is not "RequestLimitExceeded").
        assert_eq!(kind_of("RequestSizeLimitExceeded"), ErrorKind::InvalidInput);
    }

    #[test]
    fn provider_error_carries_everything() {
        let e = provider_error(
            "tencent.bizlicense_ocr",
            "RequestLimitExceeded",
            "slow down",
            Some("rid-1"),
        );
        assert_eq!(e.kind(), ErrorKind::RateLimited);
        assert_eq!(e.code(), Some("RequestLimitExceeded"));
        assert_eq!(e.request_id(), Some("rid-1"));
        assert_eq!(e.provider(), "tencent.bizlicense_ocr");
        assert!(e.is_retryable());
        assert!(e.message().starts_with("slow down ("), "{}", e.message());
    }

    #[test]
    fn no_two_rules_share_a_pattern() {
        let mut seen = std::collections::HashSet::new();
        for r in ERROR_TABLE {
            assert!(seen.insert(r.matches), "duplicate rule {:?}", r.matches);
        }
    }
}

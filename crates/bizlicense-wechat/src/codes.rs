//! WeChat error codes -> core [`ErrorKind`]s: the one table.

use bizlicense_core::ErrorKind;

/// What the client does about a code, besides failing with its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Action {
    /// Fail.
    Fail,
    /// Retry the same call with backoff (bounded).
    Backoff,
    /// The access token was rejected: refresh it (if still cached) and retry once.
    RefreshToken,
}

/// One row: code, kind, action, what to tell the user.
pub(crate) struct Row {
    pub code: i64,
    pub kind: ErrorKind,
    pub action: Action,
    pub hint: &'static str,
}

const fn row(code: i64, kind: ErrorKind, action: Action, hint: &'static str) -> Row {
    Row {
        code,
        kind,
        action,
        hint,
    }
}

use Action::{Backoff, Fail, RefreshToken};
use ErrorKind as K;

/// Every code the OCR and token endpoints are known to return.
///
/// Token-endpoint rows (40013, 40125, 40164, 89503, ...) also apply to the OCR call when they
/// show up there. 40001 appears on both: from the token endpoint it means a wrong AppSecret (see
/// [`token_endpoint_error`](crate::token) which words it so), from an API call an invalid token.
pub(crate) const TABLE: &[Row] = &[
    row(
        -1,
        K::Unavailable,
        Backoff,
        "WeChat is busy (system error); retry later",
    ),
    row(
        40001,
        K::Auth,
        RefreshToken,
        "the access_token is invalid or not the latest, or the AppSecret is wrong; check WECHAT_APP_SECRET and that only one process fetches classic tokens for this AppID",
    ),
    row(
        40014,
        K::Auth,
        RefreshToken,
        "the access_token is not valid",
    ),
    row(42001, K::Auth, RefreshToken, "the access_token has expired"),
    row(
        41001,
        K::Auth,
        Fail,
        "the access_token is missing from the request",
    ),
    row(
        40002,
        K::Config,
        Fail,
        "invalid grant_type (expected client_credential)",
    ),
    row(
        40013,
        K::Config,
        Fail,
        "invalid AppID: check WECHAT_APP_ID (it starts with \"wx\")",
    ),
    row(
        41002,
        K::Config,
        Fail,
        "the AppID is missing: set WECHAT_APP_ID",
    ),
    row(
        41004,
        K::Config,
        Fail,
        "the AppSecret is missing: set WECHAT_APP_SECRET",
    ),
    row(
        40125,
        K::Auth,
        Fail,
        "invalid AppSecret: copy it again from the WeChat admin console (开发 > 基本配置) into WECHAT_APP_SECRET",
    ),
    row(
        40243,
        K::Config,
        Fail,
        "the AppSecret is frozen: unfreeze or reset it in the WeChat admin console",
    ),
    row(
        40164,
        K::Config,
        Fail,
        "this server's IP is not on the AppID's IP whitelist: add it in the WeChat admin console (开发 > 基本配置 > IP白名单)",
    ),
    row(
        89501,
        K::Config,
        Fail,
        "an administrator must confirm this IP in the WeChat admin console before the token can be fetched",
    ),
    row(
        89503,
        K::Config,
        Fail,
        "this IP needs administrator confirmation: add it to the IP whitelist in the WeChat admin console",
    ),
    row(
        89506,
        K::Config,
        Fail,
        "an administrator refused this IP; calls from it are blocked for 24 hours: whitelist it",
    ),
    row(
        89507,
        K::Config,
        Fail,
        "an administrator refused this IP; calls from it are blocked for 1 hour: whitelist it",
    ),
    row(
        48001,
        K::Config,
        Fail,
        "this account is not authorized for the API (OCR needs a verified 小程序/公众号 account)",
    ),
    row(
        45009,
        K::QuotaExceeded,
        Fail,
        "the daily API quota is used up; it resets at midnight (Beijing time)",
    ),
    row(
        45011,
        K::RateLimited,
        Fail,
        "API calls are too frequent; slow down",
    ),
    row(
        101000,
        K::ImageRejected,
        Fail,
        "WeChat could not use the image URL or data (invalid image url)",
    ),
    row(
        101001,
        K::NotALicense,
        Fail,
        "no business license was found on the image (certificate not found)",
    ),
    row(
        101002,
        K::ImageRejected,
        Fail,
        "WeChat could not decode the image or it is over 2 MB",
    ),
    row(
        101003,
        K::Billing,
        Fail,
        "the OCR quota bought on the WeChat service market is used up (not enough market quota)",
    ),
];

/// The row for `code`, if known.
pub(crate) fn lookup(code: i64) -> Option<&'static Row> {
    TABLE.iter().find(|r| r.code == code)
}

/// The kind for `code`; unknown codes are [`ErrorKind::Other`].
pub fn kind_for_code(code: i64) -> ErrorKind {
    lookup(code).map_or(ErrorKind::Other, |r| r.kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_maps_to_its_kind_and_action() {
        let want: &[(i64, ErrorKind, Action)] = &[
            (-1, K::Unavailable, Backoff),
            (40001, K::Auth, RefreshToken),
            (40014, K::Auth, RefreshToken),
            (42001, K::Auth, RefreshToken),
            (41001, K::Auth, Fail),
            (40002, K::Config, Fail),
            (40013, K::Config, Fail),
            (41002, K::Config, Fail),
            (41004, K::Config, Fail),
            (40125, K::Auth, Fail),
            (40243, K::Config, Fail),
            (40164, K::Config, Fail),
            (89501, K::Config, Fail),
            (89503, K::Config, Fail),
            (89506, K::Config, Fail),
            (89507, K::Config, Fail),
            (48001, K::Config, Fail),
            (45009, K::QuotaExceeded, Fail),
            (45011, K::RateLimited, Fail),
            (101000, K::ImageRejected, Fail),
            (101001, K::NotALicense, Fail),
            (101002, K::ImageRejected, Fail),
            (101003, K::Billing, Fail),
        ];
        assert_eq!(want.len(), TABLE.len(), "every row is tested");
        for &(code, kind, action) in want {
            let r = lookup(code).unwrap_or_else(|| panic!("{code} missing"));
            assert_eq!((r.kind, r.action), (kind, action), "{code}");
            assert!(!r.hint.is_empty(), "{code}");
            assert_eq!(kind_for_code(code), kind, "{code}");
        }
        assert_eq!(kind_for_code(99999), K::Other);
    }

    #[test]
    fn ocr_codes_are_never_retried() {
        for code in 101000..=101003 {
            assert_eq!(lookup(code).unwrap().action, Fail, "{code}");
            assert!(!kind_for_code(code).is_retryable(), "{code}");
        }
        assert!(kind_for_code(-1).is_retryable());
        assert!(!kind_for_code(45009).is_retryable());
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<i64> = TABLE.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), TABLE.len());
    }
}
